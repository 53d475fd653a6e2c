"""The WikiLeaks Cablegate page (2010, 2011 and September-2011 templates).

Each page is ~50-190 KB of sidebar around one ``<table class='cable'>``
(WikiLeaks' own metadata: id, created, released, classification, origin) and
two ``<code><pre>`` blocks: the transmission header, then the body. Only those
are read; the sidebar lists every tag and origin and would make every page
match every query.

The page is invalid HTML (FORMATS.md §1), so it is cut with regexes anchored
on the template, and the text is cleaned by ``markup.markup_to_text``.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ReadError
from .markup import decode_entities, drop_stray_gt, markup_to_text, strip_tags, tag_links
from .pre import cut_appended_record

# <table class='cable'> … </table>; its five <td> cells in template order.
_CABLE_TABLE = re.compile(r"<table\s+class=['\"]cable['\"]\s*>(.*?)</table>", re.IGNORECASE | re.DOTALL)
_TD = re.compile(r"<td[^>]*>(.*?)</td>", re.IGNORECASE | re.DOTALL)
_TABLE_KEYS = ("id", "created", "released", "classification", "origin")


def parse_cable_table(page: str) -> tuple[dict[str, Any], int]:
    """WikiLeaks' metadata from the cable table, and where the table ends (0 if none)."""
    match = _CABLE_TABLE.search(page)
    if not match:
        return {}, 0
    cells = [" ".join(decode_entities(strip_tags(cell)).split()) for cell in _TD.findall(match.group(1))]
    metadata = {key: value for key, value in zip(_TABLE_KEYS, cells) if value}
    return metadata, match.end()


# <pre> blocks after the table; the last may be cut off by a truncated download.
_PRE_BLOCK = re.compile(r"<pre>(.*?)(?:</pre>|\Z)", re.IGNORECASE | re.DOTALL)
# What follows the body <pre> in a page that was cut before its </pre>.
_PAGE_TAIL = re.compile(r"</code>|</div>|<script|</body>", re.IGNORECASE)
# A whole page ends with </html> (all 6,712 in the corpus do).
_PAGE_END = re.compile(r"</html>\s*\Z", re.IGNORECASE)

# Notes for a page cut short (a truncated download, FORMATS.md §1). Every real page has
# two <pre> blocks, the header and the body, and ends with </html>; a page without its
# end that stops in or before the body <pre> lost text, and its record says where.
CUT_IN_HEADER = "page ends inside the transmission header: no subject or body"
CUT_AFTER_HEADER = "page ends after the transmission header: no subject or body"
CUT_IN_TEXT = "page ends inside the cable text: the rest is missing"


def read_cablegate_html(page: str) -> tuple[str, dict[str, Any]]:
    """Return ``(text, metadata)`` for one page; ReadError if it holds no cable.

    A page cut short keeps what it holds and says so: ``metadata["notes"]``
    gets one of the ``CUT_*`` lines, and a page cut before its body <pre>
    (the transmission header alone) also sets ``metadata["header_only"]``.
    """
    metadata, table_end = parse_cable_table(page)
    if not table_end and re.search(r"<table\s+class=['\"]cable['\"]", page, re.IGNORECASE):
        raise ReadError("truncated page: cut inside the metadata table, no cable text")
    if not table_end:
        raise ReadError("not a cable page: no <table class='cable'> (WikiLeaks metadata table)")
    blocks = []
    last_open = False
    for match in _PRE_BLOCK.finditer(page, table_end):
        block = match.group(1)
        last_open = not match.group(0).lower().endswith("</pre>")
        if last_open:
            # A truncated download: keep what is there, up to any page shell.
            tail = _PAGE_TAIL.search(block)
            block = block[:tail.start()] if tail else block
        blocks.append(block)
    texts = [markup_to_text(block) for block in blocks]
    if not any(t.strip() for t in texts):
        raise ReadError("truncated page: no cable text after the metadata table")
    truncated = not _PAGE_END.search(page)
    if truncated and len(blocks) == 1:
        # The transmission header alone: the body <pre> never came.
        metadata["notes"] = [CUT_IN_HEADER if last_open else CUT_AFTER_HEADER]
        metadata["header_only"] = True
        return texts[0], metadata
    if truncated and last_open:
        metadata["notes"] = [CUT_IN_TEXT]
    tags = tag_links(blocks[-1])
    if tags:
        metadata["tags"] = tags
    body = _drop_sql_leak(texts[-1], metadata.get("id"))
    _, body, _record = cut_appended_record(body, metadata.get("id", ""))
    text = (texts[0] + "\n\n" + body) if len(texts) >= 2 else body
    return text, metadata


# SQL-dump leakage (FORMATS.md §1), the official torrent's bug:
# * the body starts with this cable's own database record, one field a line
#   (06MEXICO1311: "55988\n2006-03-09 22:28:00\n06MEXICO1311\nEmbassy Mexico\n…",
#   09KHARTOUM881: "<<218634>>\n7/29/2009 14:42\n09KHARTOUM881\n…");
# * or with its own record as a tab-separated row whose lines end in "\"
#   (06BERN1553: "75837\t2006-08-23 08:46:00\t06BERN1553\tEmbassy Bern\t…\tVZCZC…\\");
#   the header field is followed by a tab, then the content; the serial can be
#   missing (06BERN1280: "2006-07-10 14:51:00\t06BERN1280\tEmbassy Bern\t…") or be
#   the date again (09BERN260);
# * the next cables follow as tab-separated rows, every line ending in "\"
#   (07BERN881, 04BOGOTA11339).
_LEADING_RECORD = re.compile(r"\A\s*(?:<<)?\d{3,7}(?:>>)?\n[0-9/.: -]{8,20}\n(?P<id>[0-9A-Z]+)\n"
                             r"(?P<origin>[^\n]*)\n(?P<cls>[A-Z/ ]+)\n(?P<refs>[0-9A-Z|]*)\n")
_LEADING_ROW = re.compile(r"\A\s*(?:[0-9: -]{3,20}\t)?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t(?P<id>[0-9A-Z]+)\t"
                          r"[^\t\n]*\t[^\t\n]*\t[^\t\n]*\t[^\t]*\t")
_TRAILING_ROWS = re.compile(r"(?:\\?\n+\\?\n?|\A)\d{3,7}\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t[0-9A-Z]+\t")
_LINE_CONTINUATION = re.compile(r"[ \t]*\\$", re.MULTILINE)


def _drop_sql_leak(body: str, cable_id: str | None) -> str:
    """Cut database rows that leaked into the body (own record at the top, other cables after)."""
    lead = _LEADING_RECORD.match(body)
    if lead and (cable_id is None or lead.group("id") == cable_id):
        body = body[lead.end():]
    leaked = False
    row = _LEADING_ROW.match(body)
    if row and (cable_id is None or row.group("id") == cable_id):
        body, leaked = body[row.end():], True
    trail = _TRAILING_ROWS.search(body)
    if trail:
        body, leaked = body[:trail.start()], True
    if leaked:
        body = _LINE_CONTINUATION.sub("", body).rstrip() + "\n"
    return drop_stray_gt(body)
