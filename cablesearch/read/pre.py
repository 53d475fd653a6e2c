"""Scraped ``<code><pre>`` fragments (the tathagata/reveal set, FORMATS.md §4).

Each file is the text block of one WikiLeaks page, wrapped in
``<code><pre>…</pre></code>``, in four shapes: body only (tag links and ``¶``
anchors kept), body without tag links (press redactions), the press/Guardian
layout, and header + body.

About fifty files are different: their ``<pre>`` holds only a preview cut off
with ``...``, followed by the raw **cables.csv record** of the same cable (and
sometimes the start of the next cable's record), written with standard CSV
quoting (``""`` for a quote)::

    Classified By: Am...
    <blank lines>
    "
    114457,7/5/2007 16:17,07THEHAGUE1295,"Embassy The
    Hague",SECRET//NOFORN,,"VZCZCXYZ0000 …","S E C R E T THE HAGUE 001295 …"

The record is cut off the text. When it is the same cable, its id, date,
classification and origin go into the metadata, and when the ``<pre>`` was
only a ``...`` preview, the record's header and content become the text —
they are the full cable the preview was cut from.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from ..errors import ReadError
from .csv_dump import row_metadata
from .markup import drop_stray_gt, markup_to_text, tag_links

_WRAPPER_START = re.compile(r"\A\s*(?:<code>\s*)?<pre>", re.IGNORECASE)
_WRAPPER_END = re.compile(r"</pre>\s*(?:</code>)?\s*\Z", re.IGNORECASE)
# A cables.csv record at the start of a line: id,M/D/YYYY H:MM,refid,
_CSV_RECORD = re.compile(r"^\d{1,7},\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d,[0-9A-Z]+,", re.MULTILINE)
# The preview's end: a line cut with "...", then leftovers of a record's quoting
# (04THEHAGUE1915: "SUBJECT: SURVEILLANCE OF U.S...\n\nSOBEL \n\",\n").
_PREVIEW_CUT = re.compile(r"\.\.\.[ \t]*\n", re.MULTILINE)
_QUOTE_DEBRIS = re.compile(r'\n[ \t]*",?[ \t]*\n*\Z')


def read_pre(fragment: str, name: str = "") -> tuple[str, dict[str, Any]]:
    """Return ``(text, metadata)`` for one fragment; ReadError if it is empty."""
    inner = _WRAPPER_START.sub("", fragment, count=1)
    inner = _WRAPPER_END.sub("", inner, count=1)
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
    header, body, metadata = cut_appended_record(markup_to_text(inner), stem)
    text = drop_stray_gt((header.strip("\n") + "\n\n" + body) if header else body)
    tags = tag_links(inner)
    if tags:
        metadata["tags"] = tags
    if not text.strip():
        raise ReadError("empty <pre> fragment: no cable text")
    return text, metadata


def cut_appended_record(text: str, cable_id: str = "") -> tuple[str | None, str, dict[str, Any]]:
    """Split a cables.csv record off the end of a cable text: ``(record header, body, metadata)``.

    Also used for WikiLeaks pages whose body ``<pre>`` holds the same preview
    plus record (03THEHAGUE2835). Without a record: ``(None, text, {})``.
    The header is returned only when the body was replaced by the record's
    content (the text before the record was a ``...`` preview).
    """
    record_at = _CSV_RECORD.search(text)
    if not record_at:
        return _cut_line_record(text, cable_id)
    before, preview = _trim_preview(text[:record_at.start()])
    row = _first_record(text[record_at.start():])
    if not row or not _same_cable(row, cable_id, before):
        return None, before, {}
    metadata = row_metadata(row)
    header, content = (row + [""] * 8)[6:8]
    if (preview or not before.strip()) and content.strip():
        return header, content, metadata
    return None, before, metadata


# The same record written one field a line (03THEHAGUE1865, 08KABUL3025, 10BERLIN138):
# serial, ISO date, refid, origin, classification, reference ids, then the
# content (no header), fields separated by one or two line breaks.
_LINE_RECORD = re.compile(r"^(?P<serial>\d{3,7})\n+(?P<date>\d{4}-\d\d-\d\d)\n+(?P<id>[0-9A-Z]{6,})\n+"
                          r"(?P<origin>[^\n]+)\n+(?P<cls>(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)"
                          r"[A-Z/ ]*)\n+(?P<refs>(?:\d\d[0-9A-Z]{4,}\n+)*)", re.MULTILINE)


def _cut_line_record(text: str, cable_id: str) -> tuple[str | None, str, dict[str, Any]]:
    """``cut_appended_record`` for the one-field-a-line record."""
    record = _LINE_RECORD.search(text)
    if not record:
        return None, text, {}
    before, preview = _trim_preview(text[:record.start()])
    content = text[record.end():]
    if record.group("id") != cable_id and not _same_cable(["", "", "", "", "", "", "", content], "", before):
        return None, before, {}
    row = [record.group("serial"), record.group("date") + " 00:00", record.group("id"), record.group("origin"),
           record.group("cls"), " ".join(record.group("refs").split())]
    metadata = row_metadata(row)
    metadata.pop("created", None)  # the line record has the day only
    metadata["created_date"] = record.group("date")
    if (preview or not before.strip()) and content.strip():
        return None, content, metadata
    return None, before, metadata


def _trim_preview(pre_part: str) -> tuple[str, bool]:
    """Cut record debris after a ``...`` preview; say whether the text was a preview."""
    stripped = pre_part.rstrip()
    debris = _QUOTE_DEBRIS.search(pre_part.rstrip(" \t\n") + "\n")
    if debris:
        stripped = pre_part[:debris.start()].rstrip()
    cuts = list(_PREVIEW_CUT.finditer(stripped + "\n"))
    if cuts:
        return stripped[:cuts[-1].start() + 3] + "\n", True
    return stripped + "\n", stripped.endswith("...")


def _first_record(records: str) -> list[str] | None:
    """The first CSV record (standard quoting), its line wrapping undone.

    The scraper wrapped records at about 72 columns, also between and inside
    unquoted fields (04THEHAGUE2415: ``"Embassy The Hague",\nCONFIDENTIAL,…``;
    04THEHAGUE2735: ``UNCLASSIFIED//FOR\nOFFICIAL USE ONLY``; 09THEHAGUE418:
    ``09THEHAGUE9\n2``), so short rows are joined until there are 8 fields.
    A record cut short at the end of the file is returned as far as it goes.
    """
    rows = csv.reader(io.StringIO(records))
    row: list[str] | None = None
    try:
        row = next(rows, None)
        for _ in range(8):
            if row is None or len(row) >= 8:
                break
            following = next(rows, None)
            if following is None:
                break
            row = _join_wrapped(row, following)
    except csv.Error:
        pass
    return row


def _join_wrapped(row: list[str], following: list[str]) -> list[str]:
    """Join a record row cut by a line break to the row after it."""
    if not following:
        return row
    if row[-1] == "":  # the break came right after a comma
        return row[:-1] + following
    glue = " " if len(row) - 1 == 4 else ""  # only the classification has spaces
    return row[:-1] + [row[-1] + glue + following[0]] + following[1:]


_WORDS = re.compile(r"[A-Z0-9]+")


def _same_cable(row: list[str], cable_id: str, text: str) -> bool:
    """The appended record belongs to this cable (by id or file name, or by its first words)."""
    refid = row[2] if len(row) > 2 else ""
    if refid and refid == cable_id:
        return True
    content = row[7] if len(row) > 7 else ""
    ours, theirs = _WORDS.findall(text.upper())[:8], _WORDS.findall(content.upper())[:8]
    return bool(ours) and ours == theirs
