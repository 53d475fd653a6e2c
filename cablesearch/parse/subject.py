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


# The e-mail a cable was forwarded in (08TRIPOLI642): `Subject: TRIPOLI 00000642 R CO 12-AUG-08
# HANNIBAL GOES TO SEA: … [7909670]` -- post, serial, precedence, classification and date
# before the subject, a message number after it; the header may wrap before a blank line.
WRAPPER_SUBJECT_RE = re.compile(
    r"^Subject:[ \t]*[A-Z][A-Z .'-]*?[ \t]+\d{5,8}[ \t]+[ZOPR][ \t]+[A-Z]{2}[ \t]+\d{1,2}-[A-Z]{3}-\d{2}[ \t]+"
    r"(?P<subject>\S.*(?:\n(?![ \t]*\n).+)*)", re.MULTILINE)
WRAPPER_NUMBER_RE = re.compile(r"[ \t]*\[\d+\][ \t]*$")


def parse_wrapper_subject(envelope: str) -> str | None:
    """The subject of an e-mail wrapper's `Subject:` header, or None when there is none.

    ``envelope`` is the text before the cable's banner, where the wrapper sits.
    """
    m = WRAPPER_SUBJECT_RE.search(envelope)
    if not m:
        return None
    text = WRAPPER_NUMBER_RE.sub("", " ".join(m["subject"].split()))
    text = MARKING_IN_SUBJECT_RE.sub("", text)
    return " ".join(text.split()).strip(" -:") or None
