"""A resolved query split for cached filter sets: words to rank, exact filters to intersect.

`tags:PGOV date:2000..2008 police NOT tags:SNAR` is the word `police`, ranked
by the engine, among the documents of two cached docsets (`tags:PGOV`, the
years 2000 to 2008) and outside a third (`tags:SNAR`). A query of filters
alone needs no ranking at all: its documents are set operations on docsets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cablesearch.fields import KEYWORD_FIELDS
from cablesearch.query.tree import And, Every, Leaf, Node, Not, Or, Phrase, Range, Term

#: Index fields whose values are matched whole (resolved trees name `references` for `cited_by:`).
EXACT_FIELDS = frozenset(KEYWORD_FIELDS) | {"references"}
#: The indexed date numbers (`resolve` turns every date into one of them).
DATE_NUMBERS = frozenset({"year", "month", "day"})


@dataclass(frozen=True)
class FilterPlan:
    """`required` exact filters ANDed, `excluded` ones NOT-ed, and the rest (`words`, None when
    there is none) for the engine to match and rank."""

    words: Node | None
    required: tuple[Leaf, ...]
    excluded: tuple[Leaf, ...]


def is_exact(node: Node) -> bool:
    """A keyword value, one year, month or day, or a range of them: a filter that adds nothing
    to a score, whose documents can be kept as a set."""
    if isinstance(node, (Term, Phrase)) and node.boost == 1.0:
        if node.field in DATE_NUMBERS:
            return isinstance(node, Term)
        return node.field in EXACT_FIELDS and ";" not in node.text
    return isinstance(node, Range) and node.field in DATE_NUMBERS


def _flattened(node: Node, cls: type) -> Iterator[Node]:
    """The operands of nested unboosted `cls` (And or Or) groups, or the node itself."""
    if isinstance(node, cls) and node.boost == 1.0:
        for item in node.items:
            yield from _flattened(item, cls)
    else:
        yield node


def filter_plan(tree: Node) -> FilterPlan | None:
    """Split a resolved tree's top-level AND; None when it has no exact filter there, or
    excludes words while having nothing but filters (then the engine matches it whole).
    Every document (`*`) is no filter and no word: alone, or with filters only, the query is
    set operations on docsets, its hits in index order at score 1.0."""
    parts = list(_flattened(tree, And))
    positives = [p for p in parts if not isinstance(p, Not)]
    negatives = [p.item for p in parts if isinstance(p, Not)]
    if not positives:
        return None  # only exclusions: nothing to walk instead of every document
    required = tuple(p for p in positives if is_exact(p))
    # Every document (`*`, the empty query) ANDed with anything is that thing: no words.
    words = [p for p in positives if not is_exact(p) and not isinstance(p, Every)]
    excluded: tuple[Leaf, ...] = ()
    alternatives = [a for n in negatives for a in _flattened(n, Or)]
    if alternatives and all(is_exact(a) for a in alternatives):
        excluded, negatives = tuple(alternatives), []
    if not required and not excluded:
        # Every document alone is the kind's cached docset, as a filter query is (no walk).
        return FilterPlan(None, (), ()) if not words and not negatives else None
    if not words:
        return None if negatives else FilterPlan(None, required, excluded)
    rest = words + [Not(n) for n in negatives]
    return FilterPlan(rest[0] if len(rest) == 1 else And(tuple(rest)), required, excluded)
