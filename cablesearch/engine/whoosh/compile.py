"""The project's query tree -> a Whoosh query.

Analysis is Whoosh's, field by field, through its parser's own public
`term_query` (words, wildcards, fuzzy terms) and the field's analyzer
(phrases), so a leaf finds exactly the terms the index holds: `foo-bar` is
`foo AND bar` in a text field and one value in a keyword field. A leaf with
no field is the same leaf in each of the scope's default fields, ORed.
Date ranges add nothing to a score and AND NOT excludes correctly in both
modes (`queries.py`: they define the answers); exact phrases use this
package's set-based matcher unless Whoosh runs stock (`compat.FAST_PATHS`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from whoosh import query as wq
from whoosh.qparser import AndGroup, QueryParser
from whoosh.qparser.syntax import get_single_text

from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.queries import AdjacentPhrase, and_not, lazy_date_range, reject_errors
from cablesearch.engine.whoosh.schema import build_schema
from cablesearch.errors import QueryError
from cablesearch.fields import CABLE_DEFAULT_FIELDS, PARAGRAPH_DEFAULT_FIELDS
from cablesearch.query import tree as t

_PARSER: QueryParser | None = None


def _parser() -> QueryParser:
    """A Whoosh parser used only for its per-field analysis (`term_query`), never to parse text."""
    global _PARSER
    if _PARSER is None:
        _PARSER = QueryParser(None, build_schema(), group=AndGroup, phraseclass=AdjacentPhrase)
    return _PARSER


def compile_query(node: t.Node, *, paragraphs: bool = False) -> wq.Query:
    """A resolved query tree as a normalised Whoosh query. QueryError when nothing searchable is
    left (every word analysed away)."""
    defaults = PARAGRAPH_DEFAULT_FIELDS if paragraphs else CABLE_DEFAULT_FIELDS
    q = _compile(node, defaults)
    if q is None:
        raise QueryError("cannot parse query: nothing searchable left after parsing")
    reject_errors(q)
    q = q.normalize()
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        raise QueryError("cannot parse query: nothing searchable left after parsing")
    return q.accept(lazy_date_range).accept(and_not)


def _compile(node: t.Node, defaults: tuple[str, ...]) -> wq.Query | None:
    if isinstance(node, t.Every):
        return wq.Every()
    if isinstance(node, (t.And, t.Or)):
        # Every document ANDed changes nothing, ORed is every document (Whoosh's normalize would
        # turn `x AND *` into every document).
        if isinstance(node, t.Or) and any(isinstance(i, t.Every) for i in node.items):
            return wq.Every()
        items = [i for i in node.items if not isinstance(i, t.Every)] or [t.Every()]
        parts = [q for q in (_compile(i, defaults) for i in items) if q is not None]
        if not parts:
            return None
        return (wq.And if isinstance(node, t.And) else wq.Or)(parts, boost=node.boost)
    if isinstance(node, t.Not):
        inner = _compile(node.item, defaults)
        return None if inner is None else wq.Not(inner)
    if node.field:
        return _leaf(node, node.field)
    # A leaf with no field is an OR of it in each default field; a boost weighs the whole OR
    # (Whoosh scores a wildcard's or fuzzy word's expansions at its own constant, not the leaf's).
    parts = [q for q in (_leaf(replace(node, boost=1.0), f) for f in defaults) if q is not None]
    return wq.Or(parts, boost=node.boost) if parts else None


def _leaf(node: t.Leaf, fieldname: str) -> wq.Query | None:
    parser = _parser()
    field = parser.schema[fieldname]
    if isinstance(node, t.Term):
        return parser.term_query(fieldname, node.text, wq.Term, boost=node.boost)
    if isinstance(node, t.Wildcard):
        cls = wq.Prefix if _is_prefix(node.pattern) else wq.Wildcard
        text = node.pattern[:-1] if cls is wq.Prefix else node.pattern
        return parser.term_query(fieldname, text, cls, boost=node.boost, tokenize=False, removestops=False)
    if isinstance(node, t.Fuzzy):
        q = parser.term_query(fieldname, node.text, wq.FuzzyTerm, boost=node.boost, tokenize=False,
                              removestops=False)
        if isinstance(q, wq.FuzzyTerm):
            # A prefix longer than the word is the whole word (as Lucene reads it): Whoosh's
            # automaton would index past the word's end.
            q.maxdist, q.prefixlength = node.maxdist, min(node.prefix, len(q.text))
        return q
    if isinstance(node, t.Phrase):
        words = [tok.text for tok in field.tokenize(node.text, mode="query")]
        if len(words) < 2:  # one word (a keyword value, or `"embassy"`): a term, keeping its boost
            return wq.Term(fieldname, words[0], boost=node.boost) if words else None
        phrase = AdjacentPhrase if compat.FAST_PATHS else wq.Phrase
        return phrase(fieldname, words, slop=node.slop, boost=node.boost)
    if isinstance(node, t.Range):
        return _range(field, fieldname, node)
    raise TypeError(f"not a query leaf: {node!r}")


def _is_prefix(pattern: str) -> bool:
    """`narco*`: one trailing star and no other wildcard is a prefix query (Whoosh's own reading)."""
    return len(pattern) > 1 and "?" not in pattern and pattern.find("*") == len(pattern) - 1


def _range(field: Any, fieldname: str, node: t.Range) -> wq.Query:
    if field.self_parsing():
        try:
            q = field.parse_range(fieldname, node.lo, node.hi, node.lo_excl, node.hi_excl, boost=node.boost)
        except Exception as exc:  # Whoosh raises its parser's errors for values it cannot read
            raise QueryError(f"bad range on {fieldname}: {exc}") from None
        if q is not None:
            return q
    lo = get_single_text(field, node.lo, tokenize=False, removestops=False) if node.lo else None
    hi = get_single_text(field, node.hi, tokenize=False, removestops=False) if node.hi else None
    return wq.TermRange(fieldname, lo, hi, node.lo_excl, node.hi_excl, boost=node.boost)
