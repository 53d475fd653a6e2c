"""The query language, owned by the project: text -> tree -> the tree an engine runs.

`parse_query` is the one entry point: it parses (`parser.parse`), keeps the
user's tree (for facets' selected values and "did you mean"), and resolves
dates, the citation graph and TAGS meanings (`resolve.resolve`). No engine
type appears here; `cablesearch.engine` compiles the resolved tree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cablesearch.query.parser import MAX_QUERY_CHARS, parse
from cablesearch.query.printer import to_text
from cablesearch.query.resolve import date_filter, field_values, resolve
from cablesearch.query.tree import (And, Every, Fuzzy, Leaf, Node, Not, Or, Phrase, Range, Term, Wildcard, leaves,
                                    transform)

__all__ = ["MAX_QUERY_CHARS", "And", "Every", "Fuzzy", "Leaf", "Node", "Not", "Or", "ParsedQuery", "Phrase", "Range",
           "Term", "Wildcard", "date_filter", "field_values", "leaves", "parse", "parse_query", "resolve",
           "to_text", "transform"]


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query: its text, its tree as written (fields canonical) and the tree to run."""

    text: str
    tree: Node
    resolved: Node
    paragraphs: bool = False


def parse_query(q: str, *, paragraphs: bool = False,
                references_of: Callable[[str], list[str]] | None = None,
                people_of: Callable[[str], tuple[str, ...]] | None = None) -> ParsedQuery:
    """Parse and resolve a user query. `references_of(id)` gives the ids a cable cites
    (for `references:ID`), `people_of(name)` a person's spellings (for `people:NAME`).
    Raises QueryError, one line, for anything that is not a query."""
    text = (q or "").strip()
    tree = parse(text, paragraphs=paragraphs)
    return ParsedQuery(text, tree, resolve(tree, references_of, people_of), paragraphs)
