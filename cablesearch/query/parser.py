"""The query language -> the project's query tree, in one pass that respects quotes.

Grammar (operators are upper case; a word is anything else between spaces,
parentheses and quotes)::

    query   := seq
    seq     := orx+                       implicit AND of its parts
    orx     := andx ("OR" andx)*
    andx    := unary ("AND" unary)*
    unary   := ("NOT" | "-") unary | primary
    primary := "(" seq ")" ["^" N] | FIELD ":" value | value
    value   := "(" seq ")" | '"' phrase '"' ["~" N] | range | word
    range   := "[" a "TO" b "]" (or with "{" "}" for exclusive ends) | ">" a | ">=" a | "<" a | "<=" a
               | a ".." b                 (date, year and month only)
    word    := text, with "*"/"?" a wildcard, a trailing "~" [N ["/" P]] fuzzy, "^" N a boost

As in web search engines, juxtaposition binds loosest: `a OR b c` is
`(a OR b) AND c`, and `a AND b OR c` is `(a AND b) OR c`. Anything else —
an unknown field, a field with no value, an unbalanced quote, bracket or
parenthesis, a dangling operator — is a `QueryError` with one line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from cablesearch.errors import QueryError
from cablesearch.fields import BY_NAME, is_field, query_field
from cablesearch.query.tree import And, Every, Fuzzy, Node, Not, Or, Phrase, Range, Term, Wildcard

MAX_QUERY_CHARS = 2000
#: Edits a fuzzy word may be away (as Lucene): more matches most of the vocabulary, slowly.
MAX_FUZZY_DISTANCE = 2
OPERATORS = ("AND", "OR", "NOT")
#: Fields whose values take `a..b` ranges.
DOTTED_RANGE_KINDS = ("date", "number")

_FIELD_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):")
#: A field prefix inside a word, after punctuation, with a value after it.
_GLUED_FIELD_RE = re.compile(r"[^\w\s]([A-Za-z_][A-Za-z0-9_]*):(?=[^\s)])")
_BOOST_RE = re.compile(r"\^(\d+(?:\.\d+)?)")
_SLOP_RE = re.compile(r"~(\d+)")
_FUZZY_RE = re.compile(r"^(?P<w>.+?)~(?:(?P<d>\d)(?:/(?P<p>\d+))?)?$")
_RANGE_RE = re.compile(r"^\s*(?P<a>\S*)\s+TO\s+(?P<b>\S*)\s*$", re.IGNORECASE)
_GTLT_RE = re.compile(r"^(?P<op>>=|<=|>|<)(?P<v>.*)$")
#: An exemption code or reason whose brackets are part of the value: `B7(A)`, `1.4(b)`.
_CODE_RE = re.compile(r"[A-Za-z0-9.]{1,6}\([A-Za-z]\)(?=[\s)]|$)")


@dataclass(frozen=True)
class _Tok:
    kind: str  # ( ) phrase word field neg range op
    text: str = ""
    pos: int = 0
    slop: int = 1
    boost: float = 1.0
    ends: tuple[bool, bool] = (False, False)  # a range's exclusive ends


def _boost_value(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise QueryError(f"boost ^{text[:20]} is too large")
    return value


def _boost_at(q: str, i: int) -> tuple[float, int]:
    m = _BOOST_RE.match(q, i)
    return (_boost_value(m.group(1)), m.end()) if m else (1.0, i)


def _word_end(q: str, i: int) -> int:
    while i < len(q) and not q[i].isspace() and q[i] not in '()"':
        i += 1
    return i


def tokenize(q: str, *, paragraphs: bool = False) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    after_field: str | None = None  # the kind of the field whose value comes next
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        start = i
        if c == "(":
            toks.append(_Tok("(", pos=i))
            i += 1
        elif c == ")":
            boost, i = _boost_at(q, i + 1)
            toks.append(_Tok(")", pos=start, boost=boost))
        elif c == '"':
            end = q.find('"', i + 1)
            if end < 0:
                raise QueryError('unbalanced quote: every " needs a closing "')
            text = q[i + 1:end]
            if not text.strip():
                raise QueryError('empty phrase "": put words between the quotes')
            i = end + 1
            m = _SLOP_RE.match(q, i)
            slop = int(m.group(1)) if m else 1
            i = m.end() if m else i
            boost, i = _boost_at(q, i)
            toks.append(_Tok("phrase", text, start, slop=slop, boost=boost))
        elif after_field is not None and c in "[{":
            close = min((j for j in (q.find("]", i), q.find("}", i)) if j >= 0), default=-1)
            if close < 0:
                raise QueryError(f"unclosed range at {q[i:i + 20]!r}: write [a TO b]")
            m = _RANGE_RE.match(q[i + 1:close])
            if not m:
                raise QueryError(f"bad range {q[i:close + 1]!r}: write [a TO b] (an end may be empty)")
            boost, i = _boost_at(q, close + 1)
            toks.append(_Tok("range", f"{m['a']}\0{m['b']}", start, boost=boost,
                             ends=(c == "{", q[close] == "}")))
        elif c == "-" and after_field is None and i + 1 < n and (q[i + 1].isalnum() or q[i + 1] in '_"('):
            toks.append(_Tok("neg", pos=i))
            i += 1
            continue
        else:
            m = _FIELD_RE.match(q, i) if after_field is None else None
            bare = m is not None and (m.end() >= n or q[m.end()].isspace() or q[m.end()] == ")")
            if m and not (bare and not is_field(m.group(1))):  # `Summary: text` is words, `tags:` no query
                name = m.group(1)
                field = query_field(name, paragraphs=paragraphs)
                if bare:
                    raise QueryError(f"{name}: needs a value (write {name}:VALUE)")
                i = m.end()
                toks.append(_Tok("field", field.name, start))
                after_field = field.kind
                continue
            code = _CODE_RE.match(q, i) if after_field == "keyword" else None
            i = code.end() if code else _word_end(q, i)
            if after_field is None:
                # `police,tags:PGOV`: a field glued to a word by punctuation starts a field query
                # of its own (and an unknown or internal one is refused as anywhere else).
                glued = _GLUED_FIELD_RE.search(q, start, i)
                if glued:
                    i = glued.start(1)
            text = q[start:i]
            if after_field is None and text in OPERATORS:
                toks.append(_Tok("op", text, start))
            else:
                toks.append(_Tok("word", text, start))
        after_field = None
    return toks


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def is_op(self, name: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "op" and tok.text == name

    def seq(self, field: str | None, kind: str | None) -> Node:
        parts = []
        while (tok := self.peek()) is not None and tok.kind != ")":
            if tok.kind == "op" and tok.text in ("AND", "OR"):
                raise QueryError(f"{tok.text} needs a term on each side")
            parts.append(self.orx(field, kind))
        if not parts:
            raise QueryError("empty group (): put terms between the parentheses")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def orx(self, field: str | None, kind: str | None) -> Node:
        return self._joined("OR", Or, self.andx, field, kind)

    def andx(self, field: str | None, kind: str | None) -> Node:
        return self._joined("AND", And, self.unary, field, kind)

    def _joined(self, op: str, cls: type, operand, field: str | None, kind: str | None) -> Node:
        """`operand (op operand)*`: one operand alone, or `cls` of them all."""
        items = [operand(field, kind)]
        while self.is_op(op):
            self.take()
            items.append(operand(field, kind))
        return items[0] if len(items) == 1 else cls(tuple(items))

    def unary(self, field: str | None, kind: str | None) -> Node:
        tok = self.peek()
        if tok is None or tok.kind == ")" or (tok.kind == "op" and tok.text in ("AND", "OR")):
            raise QueryError("query ends or starts with a dangling AND/OR/NOT")
        if tok.kind == "neg" or (tok.kind == "op" and tok.text == "NOT"):
            self.take()
            return Not(self.unary(field, kind))
        return self.primary(field, kind)

    def primary(self, field: str | None, kind: str | None) -> Node:
        tok = self.take()
        if tok.kind == "(":
            inner = self.seq(field, kind)
            close = self.peek()
            if close is None:
                raise QueryError("unbalanced parentheses: a '(' is never closed")
            self.take()
            return _boosted(inner, close.boost)
        if tok.kind == "field":
            return self.primary(tok.text, BY_NAME[tok.text].kind)
        if tok.kind == "phrase":
            return Phrase(field, tok.text, tok.slop, tok.boost)
        if tok.kind == "range":
            if field is None:
                raise QueryError("a range needs a field: write date:[a TO b]")
            lo, hi = tok.text.split("\0")
            return Range(field, lo or None, hi or None, tok.ends[0], tok.ends[1], tok.boost)
        if tok.kind == "neg":
            raise QueryError("a '-' must stand before a term")
        return _word(tok.text, field, kind)


def _boosted(node: Node, boost: float) -> Node:
    if boost == 1.0:
        return node
    if isinstance(node, (And, Or)):
        return type(node)(node.items, boost)
    return And((node,), boost)


def _word(text: str, field: str | None, kind: str | None) -> Node:
    m = _BOOST_RE.search(text)
    boost = 1.0
    if m and m.end() == len(text) and m.start() > 0:
        boost, text = _boost_value(m.group(1)), text[:m.start()]
    if field is not None:
        g = _GTLT_RE.match(text)
        if g:
            v, op = g["v"], g["op"]
            if not v:
                raise QueryError(f"{field}:{op} needs a value (write {field}:{op}VALUE)")
            if op.startswith(">"):
                return Range(field, v, None, op == ">", False, boost)
            return Range(field, None, v, False, op == "<", boost)
        if kind in DOTTED_RANGE_KINDS and ".." in text:
            lo, hi = text.split("..", 1)
            return Range(field, lo or None, hi or None, False, False, boost)
    f = _FUZZY_RE.match(text)
    if f and not any(ch in f["w"] for ch in "*?"):
        distance = int(f["d"] or 1)
        if distance > MAX_FUZZY_DISTANCE:
            raise QueryError(f"fuzzy distance {distance} in {text!r}: at most {MAX_FUZZY_DISTANCE} "
                             f"(write {f['w']}~{MAX_FUZZY_DISTANCE})")
        return Fuzzy(field, f["w"], distance, int(f["p"] or 0), boost)
    if field is None and text.strip("*") == "":
        return Every()  # `**` as `*`: every cable, not every word of five fields
    if "*" in text or "?" in text:
        return Wildcard(field, text, boost)
    return Term(field, text, boost)


def parse(q: str, *, paragraphs: bool = False) -> Node:
    """A query string as a tree; `QueryError` (one line) for anything that is not a query.
    The empty query and `*` are `Every()`. `paragraphs`: `body:` and `text:` name the paragraph."""
    q = (q or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(q)} characters; the limit is {MAX_QUERY_CHARS})")
    if not q or q == "*":
        return Every()
    toks = tokenize(q, paragraphs=paragraphs)
    depth = 0
    for tok in toks:
        depth += (tok.kind == "(") - (tok.kind == ")")
        if depth < 0:
            raise QueryError("unbalanced parentheses: a ')' has no matching '('")
    if depth:
        raise QueryError("unbalanced parentheses: a '(' is never closed")
    if not toks:
        raise QueryError("cannot parse query: nothing searchable in it")
    parser = _Parser(toks)
    tree = parser.seq(None, None)
    return tree
