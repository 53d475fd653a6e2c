"""What a search's hits and facets take from its query: which fields name people, the values
a query selects in a facet, and a hit made from a stored record."""

from __future__ import annotations

from typing import Any

from cablesearch.query import ParsedQuery, Phrase, Term, field_values, leaves
from cablesearch.results import Hit, Snippet


#: Fields of names (the people of a cable, its signers, who classified it): a query on them
#: alone ranks nothing worth ranking (how long a cable's list of names is), so its cables
#: come as a filter's do, in date order, each with the paragraph that names the person (else
#: its first) as its passage.
NAME_FIELDS = frozenset({"people", "signed_by", "classified_by"})


def names_only(parsed: ParsedQuery) -> bool:
    """Is every word the query asks for (not under a NOT) in a field of names?"""
    asked = [leaf for leaf, negated in leaves(parsed.resolved) if not negated]
    return bool(asked) and all(getattr(leaf, "field", None) in NAME_FIELDS for leaf in asked)


def selected_values(parsed: ParsedQuery, facet_names: list[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Values the query filters on (`tags:SNAR` selects SNAR in the tags facet), and those it
    implies: `tags:narcotics` implies SNAR and UNCND, `country:MX` Mexico — marked when cables
    carry them, but not listed at count 0 like an explicit value. Read from the query's tree:
    words and phrases on a facet's field, not under a NOT."""
    out: dict[str, set[str]] = {}
    implied: dict[str, set[str]] = {}
    for leaf, negated in leaves(parsed.tree):
        if negated or not isinstance(leaf, (Term, Phrase)) or leaf.field not in facet_names:
            continue
        extra = field_values(leaf.field, leaf.text)
        if extra:
            implied.setdefault(leaf.field, set()).update(extra)
        else:
            out.setdefault(leaf.field, set()).add(leaf.text)
    return out, implied


def hit_from_record(rec: dict[str, Any], score: float, snippets: tuple[Snippet, ...], versions: int,
                     sources: tuple[dict[str, Any], ...], paragraph: str | None = None,
                     marking: str | None = None, scope: str = "cables") -> Hit:
    return Hit(id=rec.get("id"), date=rec.get("date"), subject=rec.get("subject"),
               classification=rec.get("classification"), origin=rec.get("origin"), station=rec.get("station"),
               tags=tuple(rec.get("tags") or ()), score=float(score), source=rec.get("source") or {},
               snippets=snippets, paragraph=paragraph, marking=marking, versions=versions, sources=sources,
               scope=scope, caveats=tuple(rec.get("caveats") or ()), people=tuple(rec.get("people") or ()),
               references=tuple(rec.get("references") or ()))
