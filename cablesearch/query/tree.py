"""The project's query tree: what a query means, before any engine sees it.

Leaves name a field (None: the default fields of the scope) and keep the
user's text as written; analysis (lower-casing, folding, splitting into
words) is the engine's, at compile time. `printer.to_text` prints a tree in
the query language, so that `parse(to_text(t)) == t` (a property test checks it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field as dc_field
from typing import Union


@dataclass(frozen=True)
class Term:
    """A word (or a keyword value) in one field, or in the default fields when `field` is None."""

    field: str | None
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Words in order; `slop` 1 is adjacent, n lets them be up to n positions apart."""

    field: str | None
    text: str
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Wildcard:
    """A pattern with `*` (any run of characters) and `?` (one character)."""

    field: str | None
    pattern: str
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    """A word and its spellings up to `maxdist` edits away, sharing the first `prefix` characters."""

    field: str | None
    text: str
    maxdist: int = 1
    prefix: int = 0
    boost: float = 1.0


@dataclass(frozen=True)
class Range:
    """Values between `lo` and `hi` (None: open); each end inclusive unless marked exclusive."""

    field: str
    lo: str | None
    hi: str | None
    lo_excl: bool = False
    hi_excl: bool = False
    boost: float = 1.0


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    item: "Node"


@dataclass(frozen=True)
class Every:
    """Every cable (the empty query, or `*`)."""

    boost: float = dc_field(default=1.0, compare=False)


Leaf = Union[Term, Phrase, Wildcard, Fuzzy, Range]
Node = Union[Leaf, And, Or, Not, Every]
LEAVES = (Term, Phrase, Wildcard, Fuzzy, Range)


def leaves(node: Node, *, negated: bool = False) -> Iterator[tuple[Leaf, bool]]:
    """Every leaf with whether it sits under an odd number of NOTs."""
    if isinstance(node, (And, Or)):
        for item in node.items:
            yield from leaves(item, negated=negated)
    elif isinstance(node, Not):
        yield from leaves(node.item, negated=not negated)
    elif isinstance(node, LEAVES):
        yield node, negated


def transform(node: Node, fn) -> Node:
    """`node` with every leaf replaced by `fn(leaf)` (a leaf or any node), bottom-up."""
    if isinstance(node, (And, Or)):
        return type(node)(tuple(transform(i, fn) for i in node.items), node.boost)
    if isinstance(node, Not):
        return Not(transform(node.item, fn))
    if isinstance(node, LEAVES):
        return fn(node)
    return node
