"""The ``cables.csv`` dump: 251,287 cables in one 1.7 GB file, streamed row by row.

Eight columns, no header row: ``id,date,refid,origin,classification,
references,header,content``. Quotes inside fields are escaped as ``\\"``
(not doubled), fields run over many lines, and the published file starts with
a stray ``"`` line (FORMATS.md §8). The file is never read whole: ``csv.reader``
runs over the open file, and a malformed row costs one ``Skip``, not the dump.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Any, Callable

from .decode import STREAM_ERRORS, normalise_newlines, repair_mojibake
from .markup import markup_to_text, tag_links

# A single cable can be long (85DAMASCUS1314's content is 21 KB; the longest
# in the dump are several hundred KB); csv's 128 KB default would reject them.
_FIELD_LIMIT = 16 * 1024 * 1024
# After this many leading rows with no good one, the file is not a cables.csv.
_GIVE_UP_AFTER = 20

# The dump's dates: 12/28/1966 18:48 (also seen: 04.10.2009 01:32 in leaked
# records, 09SHANGHAI160, and ISO 2006-03-09 22:28:00).
_US_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d\d)(?::\d\d)?\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::\d\d)?\s*$")


def csv_date(value: str) -> str | None:
    """``12/28/1966 18:48`` -> ``1966-12-28 18:48`` (None if it is not a date)."""
    match = _US_DATE.match(value)
    if match:
        month, day, year, hour, minute = (int(g) for g in match.groups())
    else:
        match = _ISO_DATE.match(value)
        if not match:
            return None
        year, month, day, hour, minute = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60):
        return None
    return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"


def row_metadata(row: list[str]) -> dict[str, Any]:
    """Metadata keys from a cables.csv row (also used for records appended to <pre> scrapes)."""
    cells = [c.strip() for c in row[:6]] + [""] * (6 - min(len(row), 6))
    serial, date, refid, origin, classification, references = cells
    metadata: dict[str, Any] = {}
    if refid:
        metadata["id"] = refid
    created = csv_date(date)
    if created:
        metadata["created"] = created
    if origin:
        metadata["origin"] = " ".join(origin.split())
    if classification:
        metadata["classification"] = " ".join(classification.split())
    refs = [r.strip() for r in re.split(r"[|,;\s]+", references) if r.strip()]
    if refs:
        metadata["references"] = refs
    digits = re.sub(r"\D", "", serial)
    if digits:
        metadata["csv_row_id"] = int(digits)
    return metadata


def _check_row(row: list[str]) -> str | None:
    """Why a row is not a cable record, or None if it is one."""
    if len(row) != 8:
        return f"expected 8 columns, got {len(row)}"
    if not re.sub(r"\D", "", row[0]):
        return f"no numeric id in first column ({row[0][:20]!r})"
    if not row[2].strip():
        return "empty reference id"
    if csv_date(row[1]) is None:
        return f"bad date {row[1][:30]!r}"
    if not (row[6].strip() or row[7].strip()):
        return "empty header and content"
    return None


def iter_csv_dump(path: str, make_cable: Callable[[str, dict[str, Any], int], Any],
                  make_skip: Callable[[str], Any]) -> Iterator[Any]:
    """Stream one dump: ``make_cable(text, metadata, row)`` per good row, ``make_skip(reason)`` per bad one.

    The callbacks build ``RawCable``/``Skip`` (with the caller's source path),
    keeping this module free of path handling.
    """
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    good = 0
    pending: list[str] = []  # reasons held back until a good row proves this is a dump
    with open(path, encoding="utf-8-sig", errors=STREAM_ERRORS, newline="") as handle:
        first = handle.readline()
        skipped_lines = 1
        if first.strip() != '"':
            # No stray quote line: start again so the first row is read whole.
            handle.seek(0)
            if handle.read(1) != "\ufeff":
                handle.seek(0)
            skipped_lines = 0
        reader = csv.reader(handle, escapechar="\\", doublequote=False)
        row_number = 0
        while True:
            row_number += 1
            line = reader.line_num + 1 + skipped_lines
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                problem: str | None = f"malformed CSV: {error}"
                row = None
            else:
                if not row or not any(cell.strip() for cell in row):
                    row_number -= 1
                    continue
                problem = _check_row(row)
            if problem or row is None:
                reason = f"row {row_number} (line {line}): {problem}"
                if good:
                    yield make_skip(reason)
                else:
                    pending.append(reason)
                    if row_number >= _GIVE_UP_AFTER:
                        break
                if row is None and reader.line_num + 1 + skipped_lines == line:
                    break  # No progress: the rest of the file cannot be read.
                continue
            if not good:
                for reason in pending:
                    yield make_skip(reason)
            good += 1
            yield make_cable(_row_text(row), _row_metadata_with_tags(row), row_number)
    if not good:
        first_problem = f" ({pending[0]})" if pending else ""
        yield make_skip(f"not a cables.csv dump: no valid 8-column row{first_problem}")


def _row_text(row: list[str]) -> str:
    """header + blank line + content, as the WikiLeaks page shows them."""
    header = normalise_newlines(repair_mojibake(row[6]))
    content = normalise_newlines(repair_mojibake(row[7]))
    text = markup_to_text(header).strip("\n") + "\n\n" + markup_to_text(content)
    return text.strip("\n") + "\n"


def _row_metadata_with_tags(row: list[str]) -> dict[str, Any]:
    metadata = row_metadata(row)
    tags = tag_links(row[7])
    if tags:
        metadata["tags"] = tags
    return metadata
