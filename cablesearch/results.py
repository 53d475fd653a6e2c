"""Search results as plain dataclasses — never Whoosh objects.

`to_dict()` is the `--json` contract documented in README; the API returns
the same objects, so a script and the CLI see identical data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Snippet:
    """A matching paragraph: `text` is plain; `highlights` are [start, end) offsets of matched words."""

    paragraph: str | None
    marking: str | None
    text: str
    highlights: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"paragraph": self.paragraph, "marking": self.marking, "text": self.text,
                "highlights": [list(h) for h in self.highlights]}


@dataclass(frozen=True, slots=True)
class Hit:
    id: str | None
    date: str | None
    subject: str | None
    classification: str | None
    origin: str | None
    station: str | None
    tags: tuple[str, ...]
    score: float
    source: dict[str, Any]
    snippets: tuple[Snippet, ...] = ()
    paragraph: str | None = None  # paragraph scope only
    marking: str | None = None  # paragraph scope only
    versions: int = 1
    sources: tuple[dict[str, Any], ...] = ()
    scope: str = "cables"  # "paragraphs": the hit is one paragraph, and says which
    caveats: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    references: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "date": self.date, "subject": self.subject, "classification": self.classification,
             "caveats": list(self.caveats), "origin": self.origin, "station": self.station,
             "tags": list(self.tags), "people": list(self.people), "references": list(self.references),
             "score": round(self.score, 4), "source": self.source,
             "snippets": [s.to_dict() for s in self.snippets],
             "versions": self.versions, "sources": list(self.sources)}
        if self.scope == "paragraphs":  # always present at this scope, null for an unnumbered or unmarked one
            d["paragraph"] = self.paragraph
            d["marking"] = self.marking
        return d


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One facet value. ``label`` says what a code means (`SNAR` -> "Narcotics",
    `SANJOSE` -> "San Jose"); None when there is nothing to add."""

    value: str
    count: int
    selected: bool = False
    label: str | None = None
    #: A people row's spellings counted in it when it joins several (`Chavez`, `Hugo Chavez`),
    #: most cables first; () otherwise, and then left out of `to_dict`.
    variants: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {"value": self.value, "count": self.count, "selected": self.selected, "label": self.label}
        if self.variants:
            out["variants"] = list(self.variants)
        return out


@dataclass(frozen=True, slots=True)
class FacetResult:
    name: str
    values: tuple[FacetValue, ...]
    truncated: bool
    sort: str = "count"  # how `values` are listed: "count" (most first) or "value"

    def to_dict(self) -> dict[str, Any]:
        return {"values": [v.to_dict() for v in self.values], "truncated": self.truncated, "sort": self.sort}


@dataclass(frozen=True, slots=True)
class Results:
    query: str
    total: int
    offset: int
    limit: int | None
    hits: tuple[Hit, ...]
    facets: dict[str, FacetResult] = field(default_factory=dict)
    scope: str = "cables"
    suggestion: str | None = None
    #: How the query was read: the query language with canonical field names, AND as
    #: juxtaposition, groups in parentheses (`tag:snar AND Mexico` -> `tags:snar Mexico`).
    reading: str = ""
    timeline: "Timeline | None" = None  # only when asked for (`search(..., timeline=True)`)

    def to_dict(self) -> dict[str, Any]:
        d = {"query": self.query, "reading": self.reading, "total": self.total, "offset": self.offset,
             "limit": self.limit, "scope": self.scope, "hits": [h.to_dict() for h in self.hits],
             "facets": {k: v.to_dict() for k, v in self.facets.items()}}
        if self.suggestion:
            d["suggestion"] = self.suggestion
        if self.timeline is not None:
            d["timeline"] = self.timeline.to_dict()
        return d


@dataclass(frozen=True, slots=True)
class TimelineBin:
    """One year (`2007`) or month (`2007-12`) of a timeline: ``period`` is also a valid
    `--from`/`--to` value, so `from_=period, to=period` narrows a search to it."""

    period: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, "count": self.count}


@dataclass(frozen=True, slots=True)
class Timeline:
    """Matches by date: one bin per year from the first dated match's year to the last's
    (``unit`` "year"), or per month when they all fall within two calendar years (``unit``
    "month"); periods between with no match are there at count 0. ``undated``: matches with
    no date, in no bin."""

    unit: str
    bins: tuple[TimelineBin, ...]
    undated: int = 0

    @property
    def peak(self) -> int:
        """The largest bin's count (0 for an empty timeline)."""
        return max((b.count for b in self.bins), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "bins": [b.to_dict() for b in self.bins], "undated": self.undated}


@dataclass(frozen=True, slots=True)
class TagCount:
    """A TAGS code with its dictionary entry and the number of cables carrying it
    (copies of one cable counted once) — one line of `cablesearch tags`."""

    code: str
    kind: str
    meaning: str | None
    country: str | None
    source: str | None
    count: int
    #: Dated meanings of a code whose meaning changed over time (`TagEra`s, oldest first).
    history: tuple[Any, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {"code": self.code, "kind": self.kind, "meaning": self.meaning, "country": self.country,
               "source": self.source, "count": self.count}
        if self.history:
            out["history"] = [e.to_dict() for e in self.history]
        return out
