"""The Jinja2 environment: every template autoescaped, and the filters the HTML uses.

No cable string reaches a page unescaped: templates are autoescaped, and the one
filter that writes markup (`highlighted`, for a snippet's matched words) escapes
each piece of text itself before wrapping the matched words in `<mark>`. URLs
are built with `urllib.parse` quoting; a cable id in a path is quoted whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from cablesearch.output import source_label

#: Portion marks and classifications -> the badge colour class (`badge-s`…): the colours of
#: US classification banners (green U, blue C, red S, orange TS; purple for the controlled
#: but unclassified marks).
_LEVELS = {"U": "u", "UNCLASSIFIED": "u", "SBU": "cui", "LOU": "cui", "LIMITED OFFICIAL USE": "cui",
           "FOUO": "cui", "CUI": "cui", "C": "c", "CONFIDENTIAL": "c", "S": "s", "SECRET": "s",
           "TS": "ts", "TOP SECRET": "ts"}


def level(marking: str | None) -> str:
    """The colour class of a classification (`SECRET`) or portion mark (`S/NF`, `C/REL NATO`):
    `u`, `cui`, `c`, `s`, `ts`, or `x` for one not recognised."""
    if not marking:
        return "x"
    text = marking.strip().upper()
    if text in _LEVELS:
        return _LEVELS[text]
    head = text.replace("//", "/").split("/")[0].strip()
    return _LEVELS.get(head, _LEVELS.get(head.split()[0], "x") if head else "x")


def highlighted(text: str, spans: Sequence[Sequence[int]]) -> Markup:
    """`text` escaped, with the [start, end) `spans` (a snippet's highlights) in `<mark>`."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:  # overlapping spans: keep the first
            continue
        out.append(escape(text[last:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def cable_url(cable_id: str, suffix: str = "") -> str:
    """`/cable/<id>` with the id quoted whole (a `/` or `?` in an id stays in the path)."""
    return "/cable/" + quote(cable_id or "", safe="") + suffix


def api_cable_url(cable_id: str, suffix: str = "") -> str:
    """`/api/cable/<id>` (+ `/refs`, `/versions`, `/diff`), the id quoted whole."""
    return "/api" + cable_url(cable_id, suffix)


def search_url(query: str, **params: Any) -> str:
    """`/search?q=…` for a query (other page parameters given by name, `from_` as `from`)."""
    items = {"q": query, **{k.rstrip("_"): v for k, v in params.items() if v not in (None, "", False)}}
    return "/search?" + urlencode(items)


def day(date: str | None) -> str:
    """An ISO date-time as its day (`2007-12-05`), or an empty string."""
    return (date or "")[:10]


@cache
def environment() -> Environment:
    """The one Jinja2 environment (built on first use, kept)."""
    env = Environment(loader=PackageLoader("cablesearch.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(level=level, highlighted=highlighted, cable_url=cable_url, api_cable_url=api_cable_url,
                       day=day, source_label=source_label)
    env.globals.update(search_url=search_url, cable_url=cable_url)
    return env


def render(template: str, **context: Any) -> str:
    """A template rendered with `context`."""
    return environment().get_template(template).render(**context)
