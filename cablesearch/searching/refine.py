"""Narrowing a query by a facet value, and widening it back: what a facet link does.

`Refiner(query)` parses a query once and answers, for any facet value, the
query with that value's filter added (`mexico` -> `mexico tags:PGOV`) or, when
the query already selects the value, removed again (`mexico tags:PGOV` ->
`mexico`). A value is selected as `count_facets` marks it selected: a filter
on its field, not under a NOT, at the top of the query (one of the parts the
query ANDs together) whose value is the facet value (case and accents aside),
for `people` any part of the name, for `tags` and `country` also a meaning that
stands for it (`tags:narcotics` selects SNAR). Removing gives back the very
text the query had before the value was added, so following a facet link and
then its "remove" link returns the first results.
"""

from __future__ import annotations

from functools import lru_cache

from cablesearch.errors import QueryError
from cablesearch.query import And, Every, Node, Phrase, Term, field_values, parse, to_text
from cablesearch.searching.facets import is_selected_one
from cablesearch.text import fold


@lru_cache(maxsize=1 << 14)
def filter_text(field: str, value: str) -> str:
    """`field:value` in the query language, quoted when the value needs it
    (`people:"Genaro Garcia Luna"`). QueryError for a value no query can name (one
    holding a double quote). Kept: a page writes one per facet value, the same ones page
    after page."""
    if '"' in value or not value.strip():
        raise QueryError(f"{field} value {value!r} cannot be written in a query")
    for node in (Term(field, value), Phrase(field, value)):
        text = to_text(node)
        try:
            if parse(text) == node:
                return text
        except QueryError:
            continue
    raise QueryError(f"{field} value {value!r} cannot be written in a query")


class Refiner:
    """One query, parsed once, and the queries its facet links lead to.

    `query` must parse (QueryError otherwise, the one-line message a search gives).
    `paragraphs`: read the query at paragraph scope (`text:` and `body:` differ there)."""

    def __init__(self, query: str, *, paragraphs: bool = False) -> None:
        self.query = (query or "").strip()
        self.paragraphs = paragraphs
        tree = parse(self.query, paragraphs=paragraphs)
        self._tree = tree
        if isinstance(tree, Every):
            self._parts: tuple[Node, ...] = ()
        elif isinstance(tree, And) and tree.boost == 1.0:
            self._parts = tree.items
        else:
            self._parts = (tree,)

    def selects(self, field: str, value: str) -> bool:
        """Does one of the query's top-level parts select this facet value?"""
        return any(_selects(part, field, value) for part in self._parts)

    def with_filter(self, field: str, value: str) -> str:
        """The query narrowed to cables with this value (the query itself when it already
        selects it)."""
        if self.selects(field, value):
            return self.query
        term = filter_text(field, value)
        return f"{self.query} {term}" if self._parts else term

    def without_filter(self, field: str, value: str) -> str:
        """The query with every top-level part that selects this value taken out; the text
        `with_filter` started from when it added the last part. `""` (every cable) when
        nothing is left."""
        kept = tuple(p for p in self._parts if not _selects(p, field, value))
        if len(kept) == len(self._parts):
            return self.query
        try:
            suffix = " " + filter_text(field, value)
        except QueryError:
            suffix = None
        if suffix and self.query.endswith(suffix):
            before = self.query[: -len(suffix)].strip()
            if _parts_of(before, self.paragraphs) == kept:
                return before
        if not kept:
            return ""
        return to_text(kept[0] if len(kept) == 1 else And(kept))

    def toggled(self, field: str, value: str) -> str:
        """`without_filter` for a value the query selects, else `with_filter`: a facet link."""
        if self.selects(field, value):
            return self.without_filter(field, value)
        return self.with_filter(field, value)


def _parts_of(query: str, paragraphs: bool) -> tuple[Node, ...]:
    try:
        tree = parse(query, paragraphs=paragraphs)
    except QueryError:
        return (Every(),)  # matches no parts tuple of a parsed query
    if isinstance(tree, Every):
        return ()
    if isinstance(tree, And) and tree.boost == 1.0:
        return tree.items
    return (tree,)


def _selects(part: Node, field: str, value: str) -> bool:
    """Is this top-level part a filter selecting the facet value?"""
    if not isinstance(part, (Term, Phrase)) or part.field != field:
        return False
    if is_selected_one(field, part.text, value):
        return True
    return fold(value) in {fold(v) for v in field_values(field, part.text)}
