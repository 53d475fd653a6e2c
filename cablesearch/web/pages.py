"""What each page shows, worked out from the API's answers: links, bars, rows.

Nothing here searches or counts: a search page is one `run_search` (hits,
facets and timeline in one run); facet links come from the API's `Refiner`,
the timeline's bins from `Results.timeline`, a cable's REF and "cited by" lists
from `CableIndex.refs`, its copies from `CableIndex.copies`, a diff from
`CableIndex.diff`. What is added is presentation: URLs, bar geometry, labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cablesearch.api import CableIndex, Refiner, describe_tag, filter_text
from cablesearch.errors import QueryError, UsageError
from cablesearch.results import Results, Timeline
from cablesearch.web.render import cable_url, search_url
from cablesearch.web.searches import PageForm, run_search

#: Sidebar titles of the page's facets.
FACET_TITLES = {"tags": "TAGS", "country": "Country", "station": "Post", "classification": "Classification",
                "year": "Year", "people": "People", "marking": "Paragraph marking", "withheld": "FOIA withheld"}
#: The timeline's drawing: its viewBox height, each period's slot width and its bar's width in
#: it (narrower when there are few bars, which the chart's full width would make slabs of).
CHART_HEIGHT = 60
BAR_SLOT = 10
BAR_WIDTH = 8
FEW_BARS, FEW_BAR_WIDTH = 12, 4


@dataclass(frozen=True)
class FacetLink:
    """One facet value: `href` adds its filter, or removes it when `selected` (None: a value
    no query can name, shown without a link)."""

    value: str
    label: str | None
    count: int
    selected: bool
    href: str | None


@dataclass(frozen=True)
class FacetBlock:
    name: str
    title: str
    values: tuple[FacetLink, ...]
    truncated: bool


@dataclass(frozen=True)
class Bar:
    """One timeline bar in viewBox units; `href` narrows the search to its period."""

    period: str
    count: int
    href: str
    x: int
    y: float
    height: float
    bar_x: float = 0.0
    width: float = BAR_WIDTH


@dataclass(frozen=True)
class Chart:
    unit: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    undated: int
    peak: int
    slot: int = BAR_SLOT


@dataclass(frozen=True)
class Chip:
    """A filter in force, with the link that takes it off."""

    label: str
    href: str


@dataclass
class SearchPage:
    form: PageForm
    results: Results | None = None
    error: str | None = None
    facets: tuple[FacetBlock, ...] = ()
    chart: Chart | None = None
    chips: tuple[Chip, ...] = ()
    prev_url: str | None = None
    next_url: str | None = None
    suggestion_url: str | None = None
    exports: dict[str, str] = field(default_factory=dict)


def search_page(index: CableIndex, form: PageForm) -> SearchPage:
    """The search page for a form: one search; a QueryError or UsageError becomes `error`
    (its one line, shown beside the box)."""
    page = SearchPage(form)
    try:
        results = run_search(index, form.q, **form.options())
        refiner = Refiner(form.q, paragraphs=form.paragraphs)
    except UsageError as exc:  # QueryError too
        page.error = str(exc)
        return page
    page.results = results
    page.facets = tuple(_facet_block(name, facet, form, refiner) for name, facet in results.facets.items())
    page.chips = tuple(_chips(page.facets, form))
    if results.timeline is not None:
        page.chart = _chart(results.timeline, form)
    shown = len(results.hits)
    if form.offset > 0:
        page.prev_url = form.url(offset=max(0, form.offset - (results.limit or shown)))
    if form.offset + shown < results.total:
        page.next_url = form.url(offset=form.offset + shown)
    if results.suggestion:
        page.suggestion_url = form.url(q=results.suggestion)
    page.exports = {fmt: form.export_url(fmt) for fmt in ("json", "nl", "csv")}
    return page


def _facet_block(name: str, facet: Any, form: PageForm, refiner: Refiner) -> FacetBlock:
    links = []
    for v in facet.values:
        try:
            href: str | None = form.url(q=refiner.toggled(name, v.value))
        except QueryError:
            href = None
        links.append(FacetLink(v.value, v.label, v.count, v.selected, href))
    return FacetBlock(name, FACET_TITLES.get(name, name), tuple(links), facet.truncated)


def _chips(blocks: tuple[FacetBlock, ...], form: PageForm) -> list[Chip]:
    chips = [Chip(f"{b.name}: {v.value}", v.href) for b in blocks for v in b.values if v.selected and v.href]
    if form.from_ or form.to:
        span = form.from_ if form.from_ == form.to else f"{form.from_ or '…'} – {form.to or '…'}"
        chips.append(Chip(f"dates: {span}", form.url(from_=None, to=None)))
    return chips


def _chart(timeline: Timeline, form: PageForm) -> Chart | None:
    if not timeline.bins:
        return None
    peak = timeline.peak or 1
    width = FEW_BAR_WIDTH if len(timeline.bins) <= FEW_BARS else BAR_WIDTH
    bars = []
    for i, b in enumerate(timeline.bins):
        height = round((CHART_HEIGHT - 4) * b.count / peak, 2) if b.count else 0.0
        bars.append(Bar(b.period, b.count, form.url(from_=b.period, to=b.period), i * BAR_SLOT,
                        CHART_HEIGHT - height, height, i * BAR_SLOT + (BAR_SLOT - width) / 2, width))
    return Chart(timeline.unit, tuple(bars), len(bars) * BAR_SLOT, CHART_HEIGHT, timeline.undated, timeline.peak)


# -- a cable ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Link:
    text: str
    href: str | None
    note: str | None = None


@dataclass
class CablePage:
    cable: dict[str, Any]
    copies: list[dict[str, Any]]
    shown: int
    tags: list[Link]
    people: list[Link]
    country: list[Link]
    caveats: list[Link]
    fields: dict[str, Link]
    cites: list[dict[str, Any]]
    cited_by: list[dict[str, Any]]
    diffs: list[Link]


def field_link(field_name: str, value: str | None, note: str | None = None) -> Link:
    """A value shown as a link to the search for it (`station:MEXICO`); no link when no
    query can name it."""
    if not value:
        return Link("", None)
    try:
        return Link(value, search_url(filter_text(field_name, value)), note)
    except QueryError:
        return Link(value, None, note)


def cable_page(index: CableIndex, cable_id: str, copy: str | None = None) -> CablePage:
    """The cable page: copy `copy` (its number, as `versions` counts; default 1) of the cable,
    its REF lines and what cites it. NotFoundError when no cable has this id or alias."""
    copies = index.copies(cable_id)
    shown = int(copy) if copy and copy.isdigit() and 1 <= int(copy) <= len(copies) else 1
    cable = copies[shown - 1].cable.to_dict()
    graph = index.refs(cable["id"] or cable_id, depth=1).to_dict()
    tags = [field_link("tags", t, describe_tag(t).label) for t in cable["tags"]]
    fields_ = {name: field_link(name, cable[name]) for name in ("station", "classification", "precedence")}
    diffs = [Link(f"compare copy {shown} with copy {v.n}", cable_url(cable_id, f"/diff?from={shown}&to={v.n}"))
             for v in copies if v.n != shown]
    return CablePage(cable=cable, copies=[v.to_dict() for v in copies], shown=shown, tags=tags,
                     people=[field_link("people", p) for p in cable["people"]],
                     country=[field_link("country", c) for c in cable.get("country") or ()],
                     caveats=[field_link("caveats", c) for c in cable["caveats"]], fields=fields_,
                     cites=graph["cites"], cited_by=graph["cited_by"], diffs=diffs)


@dataclass
class DiffPage:
    diff: dict[str, Any]
    copies: list[dict[str, Any]]
    rows: list[dict[str, Any]]


def diff_page(index: CableIndex, cable_id: str, from_: str | None, to: str | None) -> DiffPage:
    """Two copies side by side: the API's diff, with each unchanged paragraph's text (the diff
    leaves it out) taken from the first copy."""
    d = index.diff(cable_id, from_=from_, to=to).to_dict()
    copies = index.copies(cable_id)
    first = copies[d["from"]["n"] - 1].cable.paragraphs
    rows = []
    for p in d["paragraphs"]:
        row = dict(p)
        if p["status"] == "same" and p["from_index"] is not None:
            row["same_text"] = first[p["from_index"]].text
        rows.append(row)
    return DiffPage(diff=d, copies=[v.to_dict() for v in copies], rows=rows)
