"""FOIA release stamps -> model.Foia.

Cables released under the Freedom of Information Act carry the release
decision stamped on them: ``RELEASED IN PART`` with the exemption codes that
justify each withheld passage, the State Department review stamp with its case
id and date, and a page stamp with the FOIA case number on every page
(FORMATS.md §9, foia-ocr/MEXICO006043-2007.txt). A researcher filters on these
("what was withheld under B1?", "everything from case F-2016-07743"), so they
become one structured field. clean.strip_noise removes the stamps from the
text, so this parser reads the RAW text.

Contract:

    parse_foia(text: str) -> model.Foia | None
        From the raw text: RELEASED IN PART / RELEASED IN FULL, exemption codes
        (B1, 1.4(B), 1.4(D), B7(A)) in order and deduplicated, case id
        (``200804526``, ``F-2016-07743``), review dates as ISO dates, and from the
        first page stamp its document number (``doc_id``) and date (``released``).
        None when the text carries no FOIA stamp.

Decisions:

* The systematic-review stamp (``Declassified/Released US Department of State
  EO Systematic Review 30 JUN 2005``, on Kissinger-era and PlusD cables) is a
  declassification review, not a FOIA release: alone it gives None. It is on
  nearly every PlusD cable, so as a FOIA facet it would say nothing.
* Exemption codes are read only from stamps (the line under the release status,
  ``REASON(S):`` and ``CLASSIFICATION: … REASON:`` lines of the review stamp),
  never from the cable's own ``Classified By: … Reason: 1.4 (b), (d)`` line.
  Codes standing alone in the body (withheld paragraphs) belong to
  ``Paragraph.withheld``.
* ``reviewed`` holds the review stamps' dates and the page stamp's ``Date:``,
  in order of appearance, deduplicated.
"""

from __future__ import annotations

import re
from datetime import date

from cablesearch.model import Foia

# One exemption code: "B1", "B7(A)", "1.4(B)", OCR'd with spaces ("1.4 (b)").
_CODE = r"(?:B[ \t]?\d(?:[ \t]?\([A-Za-z]\))?|\d\.\d[ \t]?\([A-Za-z]\))"
_CODE_RE = re.compile(rf"\b{_CODE}", re.IGNORECASE)
# A line holding only codes: "B1, 1.4(B), 1.4(D), B7(A)", maybe struck through.
_CODES_ONLY_RE = re.compile(rf"[ \t]*(?:~~)?[ \t]*{_CODE}(?:[ \t]*[,;]?[ \t]*{_CODE}){{0,20}}[ \t]*(?:~~)?[ \t]*",
                            re.IGNORECASE)
# Release status on a line of its own, possibly struck through by the OCR's
# markdown ("~~RELEASED IN PART~~") or after the page stamp's date; the codes may
# follow on the same line.
_STATUS_RE = re.compile(
    r"(?:^|Date:?[ \t]*\d{1,2}/\d{1,2}/\d{4}[ \t]+)[ \t]*(?:~~)?[ \t]*RELEASED?[ \t]+IN[ \t]+(?P<kind>PART|FULL)\b"
    r"[ \t]*(?:~~)?(?P<rest>[^\n]*)(?:\n(?P<next>[^\n]*))?", re.MULTILINE | re.IGNORECASE)
# Review-stamp lines: "REASON(S): B1, 1.4(B), 1.4(D)",
# "CLASSIFICATION: CONFIDENTIAL REASON: 1.4(B), 1.4(D)".
_REASON_LINE_RE = re.compile(r"^[ \t]*(?:REASON\(S\)|CLASSIFICATION:[^\n]*?REASON)[ \t]*:(?P<codes>[^\n]*)",
                             re.MULTILINE | re.IGNORECASE)
# "DATE/CASE ID: 29 JUN 2011 200804526"
_CASE_LINE_RE = re.compile(
    r"DATE/CASE[ \t]+ID:?[ \t]*(?P<day>\d{1,2})[ \t]+(?P<mon>[A-Za-z]{3})[A-Za-z]*[ \t]+(?P<year>\d{4})"
    r"(?:[ \t]+(?P<case>[A-Z0-9][A-Z0-9-]{4,20}))?", re.IGNORECASE)
# Page stamp: "U.S. Department of State Case No. F-2016-07743 Doc No. C17980027 Date: 07/31/2017",
# also without punctuation ("U S Department of State Case No F-2016-07743").
_PAGE_STAMP_RE = re.compile(
    r"U\.?[ \t]?S\.?[ \t]+Department[ \t]+of[ \t]+State[ \t]+Case[ \t]+No\.?[ \t]*(?P<case>[A-Z]-?\d{4}-\d{4,6})"
    r"(?:[ \t]+Doc[ \t]+No\.?[ \t]*(?P<doc>[A-Z]?\d{5,10}))?"
    r"(?:[ \t]+Date:?[ \t]*(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}))?", re.IGNORECASE)

_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}


def _iso(year: str, month: int | None, day: str) -> str | None:
    try:
        return date(int(year), month or 0, int(day)).isoformat()
    except (TypeError, ValueError):
        return None


def _normal_code(code: str) -> str:
    return re.sub(r"[ \t]+", "", code).upper()


def _codes(text: str, offset: int) -> list[tuple[int, str]]:
    return [(offset + m.start(), _normal_code(m.group(0))) for m in _CODE_RE.finditer(text)]


def parse_foia(text: str) -> Foia | None:
    """The FOIA release stamps of a raw cable text, or None when it has none."""
    upper = text.upper() if isinstance(text, str) else ""
    if not any(hint in upper for hint in ("RELEASE", "CASE ID", "CASE NO", "REVIEW AUTHORITY")):
        return None
    status: str | None = None
    codes: list[tuple[int, str]] = []
    cases: list[tuple[int, str]] = []
    dates: list[tuple[int, str]] = []
    doc_id: str | None = None
    released: str | None = None

    for m in _STATUS_RE.finditer(text):
        rest, nxt = m.group("rest") or "", m.group("next") or ""
        if rest.strip() and not _CODES_ONLY_RE.fullmatch(rest):
            continue  # "RELEASED IN FULL TO THE PRESS …": a sentence, not a stamp
        status = status or "RELEASED IN " + m.group("kind").upper()
        codes += _codes(rest, m.start("rest"))
        if nxt.strip() and _CODES_ONLY_RE.fullmatch(nxt):
            codes += _codes(nxt, m.start("next"))
    for m in _REASON_LINE_RE.finditer(text):
        codes += _codes(m.group("codes"), m.start("codes"))
    for m in _CASE_LINE_RE.finditer(text):
        iso = _iso(m.group("year"), _MONTHS.get(m.group("mon").upper()), m.group("day"))
        if iso:
            dates.append((m.start(), iso))
        if m.group("case"):
            cases.append((m.start(), m.group("case").upper()))
    for m in _PAGE_STAMP_RE.finditer(text):
        cases.append((m.start(), m.group("case").upper()))
        doc_id = doc_id or (m.group("doc").upper() if m.group("doc") else None)
        if m.group("y"):
            iso = _iso(m.group("y"), int(m.group("m")), m.group("d"))
            if iso:
                dates.append((m.start(), iso))
                released = released or iso

    if not (status or codes or cases or dates):
        return None
    return Foia(
        status=status,
        exemptions=tuple(dict.fromkeys(code for _, code in sorted(codes))),
        case_id=min(cases)[1] if cases else None,
        reviewed=tuple(dict.fromkeys(iso for _, iso in sorted(dates))),
        doc_id=doc_id,
        released=released,
    )
