"""A query tree printed in the query language: `parse(to_text(tree)) == tree` for every tree
`parse` makes. A leaf is printed in its plainest form that reads back as the same leaf."""

from __future__ import annotations

from decimal import Decimal

from cablesearch.errors import QueryError
from cablesearch.query.parser import parse
from cablesearch.query.tree import And, Every, Fuzzy, Node, Not, Or, Phrase, Range, Term, Wildcard


def _boost(b: float) -> str:
    if b == 1.0:
        return ""
    return "^" + (str(int(b)) if b.is_integer() and abs(b) < 1e15 else format(Decimal(repr(b)), "f"))


def _prefix(f: str | None) -> str:
    return f"{f}:" if f else ""


def _reads_back(text: str, node: Node) -> bool:
    for paragraphs in (False, True):  # `body:`/`text:` read by scope
        try:
            if parse(text, paragraphs=paragraphs) == node:
                return True
        except QueryError:
            pass
    return False


def _first_that_reads_back(node: Node, candidates: list[str]) -> str:
    for text in candidates:
        if _reads_back(text, node):
            return text
    return candidates[0]


def _leaf(node: Node) -> str:
    boost = _boost(node.boost)
    if isinstance(node, Term):
        pre = _prefix(node.field)
        # (In a group, a lone bracket is a word: `tags:([)` is the tag `[`, where `tags:[` opens a range.)
        return _first_that_reads_back(node, [pre + node.text + boost, pre + '"' + node.text + '"' + boost,
                                             pre + "(" + node.text + ")" + boost])
    if isinstance(node, Phrase):
        slop = f"~{node.slop}" if node.slop != 1 else ""
        return _prefix(node.field) + '"' + node.text + '"' + slop + boost
    if isinstance(node, Wildcard):
        return _prefix(node.field) + node.pattern + boost
    if isinstance(node, Fuzzy):
        suffix = "~" + (str(node.maxdist) if node.maxdist != 1 or node.prefix else "")
        suffix += f"/{node.prefix}" if node.prefix else ""
        return _prefix(node.field) + node.text + suffix + boost
    assert isinstance(node, Range)
    lo = node.lo or ""
    hi = node.hi or ""
    candidates = []
    if node.hi is None and not node.hi_excl:
        candidates.append(f"{node.field}:{'>' if node.lo_excl else '>='}{lo}{boost}")
    if node.lo is None and not node.lo_excl:
        candidates.append(f"{node.field}:{'<' if node.hi_excl else '<='}{hi}{boost}")
    if not (node.lo_excl or node.hi_excl):
        candidates.append(f"{node.field}:{lo}..{hi}{boost}")
    candidates.append(f"{node.field}:{'{' if node.lo_excl else '['}{lo} TO {hi}{'}' if node.hi_excl else ']'}{boost}")
    return _first_that_reads_back(node, candidates)


def to_text(node: Node) -> str:
    """The query language for a tree: canonical field names, AND as juxtaposition, OR and NOT
    explicit, groups in parentheses."""
    if isinstance(node, Every):
        return "*"
    if isinstance(node, Not):
        return "NOT " + _operand(node.item)
    if isinstance(node, (And, Or)):
        inner = (" " if isinstance(node, And) else " OR ").join(_operand(i) for i in node.items)
        return inner if node.boost == 1.0 else "(" + inner + ")" + _boost(node.boost)
    return _leaf(node)


def _operand(node: Node) -> str:
    if isinstance(node, (And, Or)) and node.boost == 1.0:
        return "(" + to_text(node) + ")"
    return to_text(node)
