"""SUBJECT/SUBJ line -> one-line subject without portion markings.

The subject wraps over several lines and ends at a blank line, at the REF
block, at `Classified By`, or at the first paragraph; markings such as `(C)`
sit at its start or end and are not part of the title a reader searches.
"""

from __future__ import annotations

import re

SUBJECT_RE = re.compile(r"(?:^|(?<=\s))SUBJ(?:ECT)?\b[ \t]*[:.;]?[ \t]*", re.IGNORECASE | re.MULTILINE)
# A subject stops where another header field or the body begins.
SUBJECT_STOP_RE = re.compile(
    r"(?:^|[ \t])(?:REF(?:TEL|S)?\b[ \t]*(?:[:(]|[A-Z]\.)|REF\(S\)|Ref:|CLASSIFIED[ \t]+BY\b|"
    r"¶?[ \t]*1\.[ \t]*\(|¶|E\.O\.[ \t]*\d|SUMMARY[ \t]*:)",
    re.IGNORECASE)
MARKING_IN_SUBJECT_RE = re.compile(
    r"\((?:U|C|S|TS|SBU|LOU|FOUO|U//FOUO|S/NF|S//NF|C/NF|C//NF|SBU/NF|U/SBU|C/REL[^)]*|S/REL[^)]*)\)",
    re.IGNORECASE)


def parse_subject(preamble: str) -> str | None:
    m = SUBJECT_RE.search(preamble)
    if not m:
        return None
    block = re.split(r"\n[ \t]*\n", preamble[m.end():], maxsplit=1)[0]
    lines = []
    for line in block.split("\n"):
        stop = SUBJECT_STOP_RE.search(line)
        if stop and (stop.start() > 0 or lines):
            lines.append(line[: stop.start()])
            break
        if stop and stop.start() == 0 and not lines:
            break
        lines.append(line)
    text = " ".join(" ".join(lines).split())
    text = MARKING_IN_SUBJECT_RE.sub("", text)
    text = " ".join(text.split()).strip(" -:")
    return text or None
