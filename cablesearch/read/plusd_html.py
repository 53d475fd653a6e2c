"""The WikiLeaks PlusD page (search.wikileaks.org/plusd, the "Kissinger cables").

A synopsis table (Date, Canonical ID, Original/Current Classification,
Handling Restrictions, TAGS with person tags, From/To, Executive Order, Type,
Office, Locator, …) followed by the text twice: "Content" with the header
hidden, and "Raw content", the whole telegram as printed. The raw content is
the cable; the synopsis is WikiLeaks' metadata. Unlike Cablegate pages, PlusD
escapes its text properly (``&quot;``), so entities are decoded.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ..errors import ReadError
from .markup import markup_to_text, decode_entities

# <div class="pane-header">Raw content</div><div class="pane-content"><div class="text-content"> … </div>
_RAW_CONTENT = re.compile(r"<div class=\"pane-header\">Raw content</div>\s*<div class=\"pane-content\">"
                          r"\s*<div class=\"text-content\">(.*?)</div>", re.IGNORECASE | re.DOTALL)
# The "Content" pane: hidden header, then the tagged text (used when there is no raw pane).
_CONTENT_PANE = re.compile(r"<div class=\"pane-header\">Content</div>(.*?)<div class=\"pane-tab\">",
                           re.IGNORECASE | re.DOTALL)
_HEADER_BUTTON = re.compile(r"<div class=\"text-button\"[^>]*>.*?</div>", re.IGNORECASE | re.DOTALL)


def read_plusd_html(page: str) -> tuple[str, dict[str, Any]]:
    """Return ``(text, metadata)`` for one PlusD page; ReadError if it has no text pane."""
    raw = _RAW_CONTENT.search(page)
    if raw:
        block = raw.group(1)
    else:
        pane = _CONTENT_PANE.search(page)
        if not pane:
            raise ReadError("not a cable page: PlusD page without a content pane (truncated page?)")
        block = _HEADER_BUTTON.sub("\n", pane.group(1))
    text = markup_to_text(block).strip("\n")
    if not text.strip():
        raise ReadError("PlusD page with an empty content pane")
    return text + "\n", parse_synopsis(page)


# One synopsis cell: <div class="s_key"><a …>Canonical ID:</a></div><div class="s_val" title="…">VALUE</div>
# (the Handling Restrictions key has a broken title attribute, so the key is the link text).
_SYNOPSIS_CELL = re.compile(r"<div class=\"s_key\">\s*<a[^>]*>([^<]+)</a>\s*</div>\s*"
                            r"<div class=\"s_val\"[^>]*>(.*?)</div>", re.IGNORECASE | re.DOTALL)
# A linked value (TAGS, From, To): <a …>GR<span> - Greece; Crete</span></a>; the code is the
# text before the inner span.
_LINK_TEXT = re.compile(r"<a\b[^>]*>([^<]*)", re.IGNORECASE)
_BLANK = "-- N/A or Blank --"
_LIST_FIELDS = {"tags", "concepts", "to", "from"}


def parse_synopsis(page: str) -> dict[str, Any]:
    """The synopsis table as metadata: every field in snake_case, plus the common keys."""
    fields: dict[str, Any] = {}
    for key_html, value_html in _SYNOPSIS_CELL.findall(page):
        key = re.sub(r"[^a-z0-9]+", "_", decode_entities(key_html).strip().rstrip(":").lower()).strip("_")
        if key in _LIST_FIELDS:
            items = [" ".join(decode_entities(t).split()) for t in _LINK_TEXT.findall(value_html)]
            value: Any = [item for item in items if item]
        else:
            value = " ".join(markup_to_text(value_html).split())
        if value and value != _BLANK and key not in fields:
            fields[key] = value
    metadata: dict[str, Any] = {f"plusd_{k}": v for k, v in fields.items()}
    canonical = fields.get("canonical_id")
    if canonical:
        metadata["plusd_id"] = canonical
        metadata["aliases"] = [canonical]
    created = plusd_date(fields.get("date", ""))
    if created:
        metadata["created"] = created
    if fields.get("original_classification"):
        metadata["classification"] = fields["original_classification"]
    if fields.get("from"):
        metadata["origin"] = fields["from"][0]
    if fields.get("tags"):
        metadata["tags"] = fields["tags"]
    return metadata


# "1974 May 17, 16:00 (Friday)"
_PLUSD_DATE = re.compile(r"(\d{4}) ([A-Za-z]{3})[a-z]* (\d{1,2}),? (\d{1,2}):(\d\d)")


def plusd_date(value: str) -> str | None:
    """``1974 May 17, 16:00 (Friday)`` -> ``1974-05-17 16:00``."""
    match = _PLUSD_DATE.search(value)
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        parsed = datetime.strptime(f"{year} {month.title()} {day} {hour}:{minute}", "%Y %b %d %H:%M")
    except ValueError:
        return None
    return parsed.strftime("%Y-%m-%d %H:%M")
