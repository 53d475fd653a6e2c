"""Plain cable text (``plaintext-latin1/``, copies saved as .txt) and OCR'd FOIA releases.

The text is already the cable; the only question is whether it *is* one. A
folder of cables also holds notes, lists and READMEs, and indexing those as
cables would pollute every search. A text counts as a cable when at least two
of the marks every telegram carries are present: a classification banner, a
date-time group, an FM line, TAGS, SUBJECT, an E.O. line, a VZCZC transmission
id.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ReadError

# Each mark at the start of a line, upper case as telegrams write it (so prose
# that says "subject:" or "tags" does not count).
CABLE_MARKS: dict[str, re.Pattern[str]] = {
    "banner": re.compile(r"^[ \t]*(?:~~)?(?:UNCLAS\b|UNCLASSIFIED\b|C O N F I D E N T I A L|S E C R E T"
                         r"|CONFIDENTIAL\b|SECRET\b|LIMITED OFFICIAL USE\b|TOP SECRET\b)", re.MULTILINE),
    "date-time group": re.compile(r"\b\d{6}Z ?(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]* ?\d{2}\b",
                                  re.IGNORECASE),
    "FM line": re.compile(r"^[ \t]*FM [A-Z]", re.MULTILINE),
    "TAGS": re.compile(r"^[ \t]*(?:TAGS?|TAS|TABS|TGS|TAGES)\b[:;,]?", re.MULTILINE),
    "SUBJECT": re.compile(r"^[ \t]*(?:SUBJECT|SUBJ)\s*:", re.MULTILINE),
    "E.O. line": re.compile(r"^[ \t]*E\.? ?O\.? ?1\d{3,4}", re.MULTILINE),
    "VZCZC": re.compile(r"^[ \t]*VZCZC", re.MULTILINE),
}


def cable_marks(text: str) -> list[str]:
    """The names of the cable marks found in ``text``."""
    return [name for name, pattern in CABLE_MARKS.items() if pattern.search(text)]


def read_text(text: str) -> tuple[str, dict[str, Any]]:
    """Return ``(text, {})`` if the text looks like a cable, else ReadError "not a cable: …"."""
    if not text.strip():
        raise ReadError("empty file (only whitespace)")
    marks = cable_marks(text)
    if len(marks) < 2:
        found = f"only a {marks[0]}" if marks else "no banner, date-time group, FM, TAGS or SUBJECT line"
        raise ReadError(f"not a cable: {found} found")
    return text, {}
