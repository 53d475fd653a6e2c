"""The web's searches: request parameters in, one `CableIndex` search out.

`run_search` and `run_stream` are the only calls of `CableIndex.search` /
`CableIndex.stream` in the web package, so a per-query time budget (the
`timeout=` keyword) is given to every page and JSON search in one place.

Two sets of parameters are read here. The page's (`PageForm`): `q`, `sort`,
`scope` (`cables` or `paragraphs`), `from`, `to`, `offset`, `more` (longer
facet lists). The JSON API's (`ApiForm`): the CLI `search` options by the same
names (`q`, `facet` repeated, `facet_size`, `limit`, `offset`, `all`, `sort`,
`paragraphs`, `from`, `to`, `all_versions`) and `format` (`json`, `nl`, `csv`),
so a URL reads like the command it stands for. A bad value is a UsageError
(HTTP 400), its message one line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from cablesearch.api import DEFAULT_WEB_TIMEOUT_S, CableIndex
from cablesearch.errors import UsageError
from cablesearch.results import Hit, Results

#: Hits on one page.
PAGE_SIZE = 20
#: Values listed per facet, and with `more=1`.
FACET_SIZE = 10
MORE_FACET_SIZE = 40
#: The facets the page's sidebar shows, in order.
PAGE_FACETS = ("tags", "country", "station", "classification", "year", "people", "marking", "withheld")
SORTS = ("relevance", "date", "-date")
FORMATS = ("json", "nl", "csv")
#: The most hits one JSON API call may ask for without `all`.
MAX_LIMIT = 1000


def run_search(index: CableIndex, query: str, **options: Any) -> Results:
    """Every web search: `index.search(query, **options)`, within the web's per-query time
    budget (`DEFAULT_WEB_TIMEOUT_S` unless `timeout=` says otherwise), pages and JSON API alike."""
    options.setdefault("timeout", DEFAULT_WEB_TIMEOUT_S)
    return index.search(query, **options)


def run_stream(index: CableIndex, query: str, **options: Any) -> tuple[Results, Iterator[Hit]]:
    """Every streamed web search (`/api/search?all=1`): `index.stream(query, **options)`,
    within the same budget (the run before the first hit)."""
    options.setdefault("timeout", DEFAULT_WEB_TIMEOUT_S)
    return index.stream(query, **options)


def _one(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    return value if value not in (None, "") else None


def _int(params: Mapping[str, Any], name: str, default: int, lo: int = 0, hi: int | None = None) -> int:
    raw = _one(params, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"{name} must be a whole number, not {raw[:40]!r}") from None
    if value < lo or (hi is not None and value > hi):
        raise UsageError(f"{name} must be between {lo} and {hi}" if hi is not None else f"{name} must be {lo} or more")
    return value


def _flag(params: Mapping[str, Any], name: str) -> bool:
    raw = (_one(params, name) or "").lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise UsageError(f"{name} must be 1 or 0, not {raw[:40]!r}")


def _choice(params: Mapping[str, Any], name: str, choices: tuple[str, ...], default: str | None) -> str | None:
    raw = _one(params, name) or default
    if raw is not None and raw not in choices:
        raise UsageError(f"unknown {name} {raw[:40]!r}; use one of {', '.join(choices)}")
    return raw


@dataclass(frozen=True)
class PageForm:
    """The search page's parameters; `url()` writes them back, defaults left out."""

    q: str = ""
    sort: str | None = None  # None: relevance, or date for a query of filters only (as the API)
    paragraphs: bool = False
    from_: str | None = None
    to: str | None = None
    offset: int = 0
    more: bool = False

    @classmethod
    def read(cls, params: Mapping[str, Any]) -> "PageForm":
        scope = _choice(params, "scope", ("cables", "paragraphs"), "cables")
        return cls(q=(params.get("q") or "").strip(), sort=_choice(params, "sort", SORTS, None),
                   paragraphs=scope == "paragraphs", from_=_one(params, "from"), to=_one(params, "to"),
                   offset=_int(params, "offset", 0), more=_flag(params, "more"))

    def options(self) -> dict[str, Any]:
        """`CableIndex.search` keywords for this page: a page of hits, the sidebar's facets and
        the timeline."""
        return dict(facets=PAGE_FACETS, facet_size=MORE_FACET_SIZE if self.more else FACET_SIZE,
                    limit=PAGE_SIZE, offset=self.offset, sort=self.sort, paragraphs=self.paragraphs,
                    from_=self.from_, to=self.to, timeline=True)

    def params(self) -> dict[str, str]:
        """The URL parameters of this form, defaults left out."""
        out: dict[str, str] = {}
        if self.q:
            out["q"] = self.q
        if self.sort is not None:
            out["sort"] = self.sort
        if self.paragraphs:
            out["scope"] = "paragraphs"
        if self.from_:
            out["from"] = self.from_
        if self.to:
            out["to"] = self.to
        if self.offset:
            out["offset"] = str(self.offset)
        if self.more:
            out["more"] = "1"
        return out

    def url(self, path: str = "/search", **changes: Any) -> str:
        """This form's URL with `changes` (field names; `offset` goes back to 0 unless given)."""
        changes.setdefault("offset", 0)
        query = urlencode(replace(self, **changes).params())
        return f"{path}?{query}" if query else path

    def export_url(self, fmt: str) -> str:
        """The JSON API URL of every hit of this search, as `cablesearch search --all --FORMAT`."""
        params = {k: v for k, v in self.params().items() if k in ("q", "sort", "from", "to")}
        if self.paragraphs:
            params["paragraphs"] = "1"
        params.update({"all": "1", "format": fmt})
        return "/api/search?" + urlencode(params)


@dataclass(frozen=True)
class ApiForm:
    """`/api/search`'s parameters: the CLI `search` command's options."""

    q: str = ""
    facets: tuple[str, ...] = ()
    facet_size: int = 10
    limit: int = 10
    offset: int = 0
    all: bool = False
    sort: str | None = None
    paragraphs: bool = False
    from_: str | None = None
    to: str | None = None
    all_versions: bool = False
    format: str = "json"

    @classmethod
    def read(cls, params: Any) -> "ApiForm":
        """From a request's query parameters (a multi-dict: `facet` may repeat)."""
        facets = tuple(params.getlist("facet")) if hasattr(params, "getlist") else ()
        return cls(q=params.get("q") or "", facets=facets, facet_size=_int(params, "facet_size", 10, 0, 10_000),
                   limit=_int(params, "limit", 10, 0, MAX_LIMIT), offset=_int(params, "offset", 0),
                   all=_flag(params, "all"), sort=_choice(params, "sort", SORTS, None),
                   paragraphs=_flag(params, "paragraphs"), from_=_one(params, "from"), to=_one(params, "to"),
                   all_versions=_flag(params, "all_versions"), format=_choice(params, "format", FORMATS, "json"))

    def options(self) -> dict[str, Any]:
        """`CableIndex.search` keywords (less `limit`, which `stream` does not take)."""
        return dict(facets=self.facets, facet_size=self.facet_size, offset=self.offset, sort=self.sort,
                    paragraphs=self.paragraphs, from_=self.from_, to=self.to, all_versions=self.all_versions)
