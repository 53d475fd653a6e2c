"""Text clean-up: page/section breaks, FOIA and review stamps, SQL leaks, repairs.

Every format in the corpus carries noise that is not part of the cable: page
headers of the printed telegram inserted mid-sentence (even mid-field), section
breaks of multi-part cables, FOIA and State Department review stamps landing in
the middle of a paragraph, the ``NNNN`` end-of-message trailer, and rows of
other cables leaked from the database dump (FORMATS.md §1, §3, §5, §6, §9).
Field parsers work line by line, so the noise is removed here, once, before any
of them runs, and the text on both sides of a removed break is rejoined the way
it was written. Separately, the telegram system's character damage (``&…8``
quotes, comma apostrophes) is repaired for the human-readable fields, and
hard-wrapped lines are joined into one line per paragraph.

Contract:

    strip_noise(text: str) -> str
        Removes page/section break lines (``BEIRUT 00000895  002 OF 002``,
        ``PAGE 02 HARARE 06677 01 OF 03 291400Z`` with its repeated banner, also
        when inserted mid-line/mid-field), FOIA page stamps, State Dept review
        stamp blocks, systematic-review stamps, trailing ``NNNN``/``NNN``, cuts
        leaked SQL / cables.csv rows of OTHER cables; normalises newlines to \\n and
        strips trailing spaces. Keeps line structure otherwise (no reflow).
    repair_text(text: str) -> str
        ``&political reality,8`` -> ``"political reality,"``; ``PM,s`` -> ``PM's``;
        ``d,Affaires`` -> ``d'Affaires``; ``PresidentQs`` -> ``President's``. Used on
        paragraph text, subject, summary.
    reflow(text: str) -> str
        joins hard-wrapped lines of one paragraph into one line (hyphenated
        ``JURIS- \\nDICTION`` -> ``JURISDICTION``), keeps list items / blank-line breaks.

Decisions (see the tests for the real snippets behind each):

* ``PAGE 01`` headers are kept: they are part of the transmission header and
  banner.py reads the station and serial from them. Only later pages' headers
  (and the classification banner repeated just above them) are removed.
* The real banner at the top and the banner after the signer are kept.
* A removed break joins the text around it with a space when both sides sit on
  the same line, else with one newline (same paragraph) unless the next line
  starts a paragraph or the previous one visibly ended one (``_joiner``).
* Posts' own footers (``Visit Mexico City's Classified Web Site at …``) are the
  cable's text and are kept.
* Everything after the end-of-message ``NNNN`` (and after ``End Cable Text``) is
  dropped: in the corpus it is always a trailer (a repeated header, a database
  summary, ``2004ROME02926 - Classification: CONFIDENTIAL``).
* Stamps read by parse_foia (``RELEASED IN PART`` and its exemption line) are
  removed; parse_foia reads the raw text. Withheld-paragraph codes (``B1``,
  ``~~B1, B7(A)~~``) stay as lines of their own for the body parser.
* ``reflow`` keeps the hyphen of a word broken at a line end
  (``anti- \\ntrafficking`` -> ``anti-trafficking``): in this corpus most such
  breaks are real compounds. The hyphen is dropped only before a bare suffix
  (``REMIND-\\nING``) or for the split words in ``_SPLIT_WORDS``.
"""

from __future__ import annotations

import re

# ----------------------------------------------------------------- strip_noise

# Control characters other than \t and \n (NUL, C1 controls from bad decodes),
# and the other line separators (form feeds between pdftotext pages).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAK_RE = re.compile(r"[\x0b\x0c\x85\u2028\u2029]")


# Named-entity tags a text-mining copy wrapped around names (cablegate-pre/00HARARE6677.txt:
# "[LOC HARARE  ] 005461", "[ORG MDC  ] ADVISOR", "[PER MORGAN TSVANGIRAI  ]").
_NER_TAG_RE = re.compile(r"\[(?:LOC|ORG|PER|MISC) +([^\[\]\n]{1,80}?) *\]")


# A spaced banner glued to the station when line breaks were lost
# ("C O N F I D E N T I A LCAIRO 000079 SIPDIS", 09CAIRO79).
_GLUED_BANNER_RE = re.compile(r"(C O N F I D E N T I A L|S E C R E T|U N C L A S S I F I E D)(?=[A-Z]{2})")


# A partial extract whose header lines were run together: the date line, the banner and the
# fields on one line ("Cable dated:2005-11-16T09:53:00 C O N F I D E N T I A L SECTION 01 OF 02
# PARIS 007777 SIPDIS E.O. 12958: …", 05PARIS7777; "ID:…Cable dated:…]…SANAA 001352SIPDISE.O. 12958").
_CABLE_DATED_RE = re.compile(r"(?:ID:\d+[ \t]*)?(Cable dated:[ \t]*\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)\]?[ \t]*")
_GLUED_FIELD_RE = re.compile(r"(?<=\S)(?=SIPDIS|NOFORN|E\.O\.[ \t]?1\d{3,4}|TAGS[ \t]*:|SUBJECT[ \t]*:)|"
                             r"(?<=\d{6})(?=[A-Z])|(?<=SIPDIS)(?=\S)|(?<=NOFORN)(?=\S)")
_PARA_START_RE = re.compile(r"\n[ \t]*(?:¶|\d{1,2}\.[ \t]*\()")


def _unflatten(text: str) -> str:
    """One header field a line again, up to paragraph 1, after a `Cable dated:` line."""
    m = _CABLE_DATED_RE.search(text, 0, 4000)
    if not m:
        return text
    p = _PARA_START_RE.search(text, m.end())
    end = p.start() if p and p.start() - m.end() < 3000 else min(len(text), m.end() + 1500)
    return text[:m.start()] + m.group(1) + "\n" + _GLUED_FIELD_RE.sub("\n", text[m.end():end]) + text[end:]


def _normalise(text: str) -> str:
    """LF newlines, no control characters, no trailing spaces, no entity tags."""
    text = _LINE_BREAK_RE.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _NER_TAG_RE.sub(r"\1", text)
    text = _GLUED_BANNER_RE.sub(r"\1 ", text)
    if "Cable dated:" in text[:4000]:
        text = _unflatten(text)
    text = _CONTROL_RE.sub(" ", text)
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


# SQL-dump leakage (FORMATS.md §1). The reader cuts most of it; this is the
# safety net for texts that reach the parser another way.
# * own record, one field a line, before the header (06MEXICO1311:
#   "55988\n2006-03-09 22:28:00\n06MEXICO1311\nEmbassy Mexico\nUNCLASSIFIED//FOR OFFICIAL USE ONLY\n06MEXICO536\nVZCZCXRO4180"),
#   also with blank lines between the fields, after a first copy of the header
#   (07MONTERREY130: "6766\n\n97717\n2007-02-22 17:23:00\n\n07MONTERREY130\n\nConsulate Monterrey\n\n…");
_LEADING_RECORD_RE = re.compile(
    r"^(?:<<)?\d{3,7}(?:>>)?\n+[0-9/.: -]{8,20}\n+[0-9A-Z]{6,30}\n+[^\n]{0,80}\n+"
    r"[A-Z/ ]{4,60}\n+[0-9A-Z|]{0,400}\n(?=VZCZC)", re.MULTILINE)
# * own record as a tab-separated row (06BERN1553: "75837\t2006-08-23 08:46:00\t06BERN1553\tEmbassy Bern\tCONFIDENTIAL\t\tVZCZCXRO8379\\");
_LEADING_ROW_RE = re.compile(
    r"\A\s*(?:\d{1,7}\t)?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t[0-9A-Z]{6,30}\t[^\t\n]*\t[^\t\n]*\t[^\t\n]*\t")
# * the next cables as tab-separated rows (07BERN881: "CARTER \\\n\n121752\t2007-09-11 12:50:00\t07TBILISI2290\t").
_TRAILING_ROW_RE = re.compile(r"\n\d{1,7}\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t[0-9A-Z]{6,30}\t")
# * a raw cables.csv record after a <pre> fragment (07THEHAGUE1295: '114457,7/5/2007 16:17,07THEHAGUE1295,"Embassy The').
_CSV_RECORD_RE = re.compile(r"\n\d{1,7},\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d,[0-9A-Z]{6,30},")
# * another cable after a body the Sept-2011 template cut off with "..." (FORMATS.md §1):
#   "I ASKED TO ST...\n\n\n\n08STATE15228\nS E C R E T THE HAGUE 000174" (73TEHRAN8233),
#   " ...\n\n\n50133  2006-01-19  06THEHAGUE131  Embassy The Hague" (73TEHRAN2077).
_AFTER_CUT_RE = re.compile(r"(?P<cut>\.\.\.)[ \t]*\n(?:[ \t]*\n)+(?:\d{1,7}[ \t]+\d{4}-\d\d-\d\d[ \t]+)?"
                           r"\d\d[A-Z]{2,}\d+\b")
# What the record's CSV quoting leaves before it (07THEHAGUE1295: "Classified By: Am...\n\n\n\n\"").
_QUOTE_DEBRIS_RE = re.compile(r'\n[ \t]*",?[ \t]*\n*\Z')
_CONTINUATION_RE = re.compile(r"[ \t]*\\$", re.MULTILINE)
_LEADING_TAB_RE = re.compile(r"^\t+(?=\S)", re.MULTILINE)


def _cut_sql_leaks(text: str) -> str:
    """Drop this cable's own database record and cut rows of other cables."""
    leaked = False
    m = _LEADING_RECORD_RE.search(text)
    if m:
        text = text[:m.start()] + text[m.end():]
    m = _LEADING_ROW_RE.match(text)
    if m:
        text, leaked = text[m.end():], True
    m = _TRAILING_ROW_RE.search(text)
    if m:
        text, leaked = text[:m.start()], True
    m = _CSV_RECORD_RE.search(text)
    if m:
        text = _QUOTE_DEBRIS_RE.sub("\n", text[:m.start()])
    m = _AFTER_CUT_RE.search(text)
    if m:
        text = text[:m.end("cut")]
    if leaked:
        text = _LEADING_TAB_RE.sub("", _CONTINUATION_RE.sub("", text))
    return text


# End of message: "NNNN" (or "NNN" on PlusD pages) alone on a line or after the
# signer ("HALL NNNN 2004ROME02926 - Classification: CONFIDENTIAL", 04ROME2926;
# "HOAGLAND NNNN\t2005-10-20\tTAJIKISTAN: …", 05DUSHANBE1702), and the
# "End Cable Text" line of some scrapes (10BRUSSELS183).
_END_OF_MESSAGE_RE = re.compile(r"(?:^|(?<=[A-Za-z.] ))N{3,4}(?=[ \t]*$|[ \t]*\t|[ \t]+\S)|^End Cable Text$",
                                re.MULTILINE)
# Longest trailer seen after the marker (05DUSHANBE1870: 1,112 characters).
_MAX_TRAILER = 5000


def _cut_trailer(text: str) -> str:
    """Cut the end-of-message marker and anything after it (always a trailer)."""
    if "NNN" not in text and "End Cable Text" not in text:
        return text
    for m in _END_OF_MESSAGE_RE.finditer(text, max(0, len(text) - _MAX_TRAILER - 8)):
        if len(text) - m.end() <= _MAX_TRAILER:
            return text[:m.start()].rstrip() + "\n"
    return text


# Markdown left by the OCR of FOIA releases (foia-ocr/MEXICO006043-2007.txt):
# "~~CONFIDENTIAL~~ MEXICO 006043", "~~B1, B7(A)~~", "#### Attorney General …".
_STRIKE_RE = re.compile(r"~~([^~\n]{1,200})~~")
_HEADING_RE = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)


def _unmark(text: str) -> str:
    if "~~" in text:
        text = _STRIKE_RE.sub(r"\1", text)
    return _HEADING_RE.sub("", text) if "#" in text else text


# Section break of a multi-section 2000s cable: station (at most 10 letters),
# 8-digit serial, "002 OF 004" (BEIRUT 00000895  002 OF 002). Usually a line of
# its own; inline in unwrapped press texts
# ("Long-Term Planning BRASILIA 00000129 002 OF 002 Minister", 08BRASILIA129).
# The page may carry a sub-page: "TRIPOLI 00000095  002.2 OF 002" (10TRIPOLI95, 08JEDDAH84).
_SECTION_BREAK_RE = re.compile(
    r"\b(?P<station>[A-Z][A-Z .'/-]{0,9}?)[ \t]+\d{8}[ \t]+\d{3}(?:\.\d{1,2})?[ \t]+OF[ \t]+\d{3}\b")
# The cable's own banner names the station: "SECTION 01 OF 02 HARARE 005461".
_BANNER_STATION_RE = re.compile(r"SECTION[ \t]+\d{1,2}[ \t]+OF[ \t]+\d{1,2}[ \t]+([A-Z][A-Z .'/-]{1,30}?)[ \t]+\d{4,7}\b")


def _section_break_spans(text: str) -> list[tuple[int, int]]:
    if " OF 0" not in text:
        return []
    known = {" ".join(m.group(1).split())[:10] for m in _BANNER_STATION_RE.finditer(text[:5000])}
    spans = []
    for m in _SECTION_BREAK_RE.finditer(text):
        start, station = m.start(), m.group("station")
        for name in known:
            # Keep words before a known station ("AN LA PAZ" -> only "LA PAZ").
            cut = len(station) - len(name)
            if cut > 0 and station.endswith(name) and station[cut - 1] == " ":
                start += cut
                break
        spans.append((start, m.end()))
    return spans


# Later page headers of the printed telegram (FORMATS.md §5, §6):
#   PAGE 02 HARARE 06677 01 OF 03 291400Z          (00HARARE6677)
#   PAGE 02        ROME  03067  211833Z            (02ROME1725)
#   PAGE 02\nRIYADH 00905 01 OF 03 060018Z          (PlusD web, 1979RIYADH00905)
#   PAGE 02 [LOC HARARE  ] 05461 01 OF 02 271458Z  (annotated 00HARARE5461)
#   PAGE 02 RUEHFRA0170 S E C R E T                (07PARIS170)
#   PAGE 03 RUEHFRA2440 C O N F I D E N T I A L PARIS 002440  (07PARIS2440)
_SPACED_BANNER = r"C O N F I D E N T I A L|S E C R E T|U N C L A S S I F I E D"
_PAGE_HEADER_RE = re.compile(
    r"\bPAGE[ \t]+(?P<page>\d{2,3})[ \t]*(?:\n[ \t]*)?(?:"
    r"(?:\[LOC[ \t]+)?[A-Z][A-Z.'-]*(?:[ ][A-Z][A-Z.'-]*){0,2}(?:[ \t]*\])?[ \t]+\d{3,6}"
    r"(?:[ \t]+\d{2}[ \t]+OF[ \t]+\d{2})?[ \t]+\d{6}Z"
    rf"|RUEH[A-Z]{{2,4}}\d{{4}}[ \t]+(?:{_SPACED_BANNER}|UNCLASSIFIED|CONFIDENTIAL|SECRET)"
    r"(?:[ \t]+[A-Z][A-Z ]{0,20}?[ \t]+\d{5,7})?)")
# The classification banner printed above each page header, possibly twice
# ("LIMITED OFFICIAL USE\n\nLIMITED OFFICIAL USE\n\nPAGE 02  ATHENS 02959", 1974ATHENS02959_b).
_BANNER_WORDS = ("LIMITED OFFICIAL USE", "UNCLASSIFIED", "CONFIDENTIAL", "TOP SECRET", "SECRET",
                 "UNCLAS", "C O N F I D E N T I A L", "S E C R E T")


def _page_header_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if "PAGE" not in text:
        return spans
    for m in _PAGE_HEADER_RE.finditer(text):
        if int(m.group("page")) <= 1:
            continue  # PAGE 01 is the transmission header: banner.py reads it.
        start, repeated = m.start(), None
        while True:  # walk back over the same banner, repeated
            i = start
            while i > 0 and text[i - 1] in " \t\n":
                i -= 1
            word = next((w for w in _BANNER_WORDS if text.endswith(w, 0, i)
                         and (i == len(w) or text[i - len(w) - 1] in " \t\n")), None)
            if word is None or (repeated is not None and word != repeated):
                break
            start, repeated = i - len(word), word
        spans.append((start, m.end()))
    return spans


# State Department systematic-review stamp (FORMATS.md §6), sometimes split
# after "EO" (75TEHRAN2069) or "Systematic" (78TEHRAN389), with the reviewer's
# name on PlusD pages.
_SYSTEMATIC_REVIEW_RE = re.compile(
    r"(?:Sheryl[ \t]+P\.[ \t]+Walter[ \t]+)?Declassified/Released[ \t]+US[ \t]+Department[ \t]+of[ \t]+State"
    r"[ \t]+EO[ \t]*(?:\n[ \t]*)?Systematic[ \t]*(?:\n[ \t]*)?Review[ \t]+\d{1,2}[ \t]+[A-Za-z]{3}[ \t]+\d{4}",
    re.IGNORECASE)
# FOIA review stamp block (MEXICO006043-2007.txt), one field a line:
#   UNITED STATES DEPARTMENT OF STATE / CLASSIFIED BY DEPT. OF STATE, … /
#   REVIEW AUTHORITY: … / CLASSIFICATION: … REASON: … / DECLASSIFY AFTER: … / DATE/CASE ID: …
_REVIEW_KEYS = (r"CLASSIFIED BY DEPT|REVIEW AUTHORITY|APPEAL ACTION|REASON\(S\)|CLASSIFICATION:|"
                r"DECLASSIFY|DATE/CASE ID|RELEASE DECISION|EXEMPTION")
_REVIEW_BLOCK_RE = re.compile(
    r"^[ \t]*(?:UNITED STATES DEPARTMENT OF STATE[ \t]*\n(?:[ \t]*\n)?)?"
    rf"(?:[ \t]*(?:{_REVIEW_KEYS})[^\n]*(?:\n|\Z)){{1,10}}", re.MULTILINE | re.IGNORECASE)
# FOIA page stamp, with or without punctuation (FORMATS.md §9):
#   UNCLASSIFIED U.S. Department of State Case No. F-2016-07743 Doc No. C17980027 Date: 07/31/2017
_PAGE_STAMP_RE = re.compile(
    r"(?:UNCLASSIFIED[ \t]+)?U\.?[ \t]?S\.?[ \t]+Department[ \t]+of[ \t]+State[ \t]+Case[ \t]+No\.?[ \t]*"
    r"[A-Z]-?\d{4}-\d{4,6}(?:[ \t]+Doc[ \t]+No\.?[ \t]*[A-Z]?\d{5,10})?"
    r"(?:[ \t]+Date:?[ \t]*\d{1,2}/\d{1,2}/\d{4})?", re.IGNORECASE)
# Release status and the exemption line under it; "DECONTROLLED/UNCLASSIFIED".
_CODE = r"(?:B[ \t]?\d(?:[ \t]?\([A-Za-z]\))?|\d\.\d[ \t]?\([A-Za-z]\))"
_RELEASE_RE = re.compile(
    r"^[ \t]*RELEASED?[ \t]+IN[ \t]+(?:PART|FULL)[ \t]*"
    rf"(?:\n[ \t]*{_CODE}(?:[ \t]*[,;]?[ \t]*{_CODE}){{0,20}}[ \t]*$)?", re.MULTILINE | re.IGNORECASE)
_DECONTROLLED_RE = re.compile(r"\bDECONTROLLED/UNCLASSIFIED\b")


# Cheap substring tests that skip each stamp regex on the (many) texts without it.
_STAMP_HINTS = ((_SYSTEMATIC_REVIEW_RE, ("eclassified/", "ECLASSIFIED/")),
                (_PAGE_STAMP_RE, ("Case No", "CASE NO", "Case no", "case No")),
                (_RELEASE_RE, ("N PART", "N FULL", "n Part", "n Full", "n part", "n full")),
                (_DECONTROLLED_RE, ("DECONTROLLED/",)))


def _stamp_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for regex, hints in _STAMP_HINTS:
        if any(h in text for h in hints):
            spans += [m.span() for m in regex.finditer(text)]
    if "UTHORITY" in text or "CASE ID" in text or "uthority" in text or "ase ID" in text:
        spans += [m.span() for m in _REVIEW_BLOCK_RE.finditer(text)
                  if re.search(r"REVIEW AUTHORITY|DATE/CASE ID", m.group(0), re.IGNORECASE)]
    return spans


# What starts a new paragraph after a removed break: "¶3.", "3. (SBU)", "(C)",
# or a dashed rule. List items ("B. ROME 1098" in a REF block, 02ROME1196;
# "-- DJIBOUTI") stay in their block: reflow keeps them on lines of their own.
_PARA_START_RE = re.compile(r"[ \t]*(?:¶|\d{1,2}\.(?:[ \t(]|$)|\([A-Z/ ]{1,12}\)|-{4,})")
_CODES_LINE_RE = re.compile(rf"[ \t]*{_CODE}(?:[ \t]*[,;]?[ \t]*{_CODE}){{0,20}}[ \t]*")
_SENTENCE_END = ".:?!\"'\u201d)]"


def _joiner(prev_line: str, next_line: str, newlines: int, blank_both_sides: bool = False) -> str:
    """How to rejoin text around a removed break that spanned ``newlines`` line ends.

    ``blank_both_sides``: a stamp with blank lines above and below it (FOIA OCR)
    separates blocks unless the next line visibly continues a sentence.
    """
    if newlines == 0:
        return " "
    if blank_both_sides and not next_line.lstrip()[:1].islower():
        return "\n\n"
    prev = prev_line.strip()
    if prev in ("TO", "INFO"):  # "INFO PAGE 02  STATE 050524 131535Z\nAMEMBASSY BAGHDAD" (08STATE50524)
        return " "
    nxt = next_line.lstrip()
    if nxt.startswith("----") and prev and not prev.startswith("----") and not prev.endswith(tuple(_SENTENCE_END)):
        return "\n"  # a heading's underline ("Media Silence, Internet Cacophony", 09AMMAN1689)
    if _PARA_START_RE.match(next_line) or _CODES_LINE_RE.fullmatch(prev) or prev.startswith("----"):
        return "\n\n"
    if prev.endswith(tuple(_SENTENCE_END)) and nxt[:1] and not nxt[0].islower():
        # A short last line, or an unwrapped one-line paragraph, ended its paragraph.
        if len(prev_line) < 45 or len(prev_line) > 100 or newlines >= 6:
            return "\n\n"
    return "\n"


_CONTEXT = 300


def _excise(text: str, spans: list[tuple[int, int]], stamps: list[tuple[int, int]]) -> str:
    """Remove the spans with the whitespace around them, rejoining the two sides.

    ``spans`` are breaks that may fall mid-paragraph (page headers, section
    breaks); ``stamps`` are FOIA/review stamps, which usually sit between blocks.
    """
    marked = sorted([(s, e, False) for s, e in spans] + [(s, e, True) for s, e in stamps])
    if not marked:
        return text
    widened: list[list] = []
    for start, end, stamp in marked:
        while start > 0 and text[start - 1] in " \t\n":
            start -= 1
        while end < len(text) and text[end] in " \t\n":
            end += 1
        if widened and start <= widened[-1][1]:
            widened[-1][1] = max(end, widened[-1][1])
            widened[-1][2] = widened[-1][2] and stamp
        else:
            widened.append([start, end, stamp])
    out, pos = [], 0
    for start, end, stamp in widened:
        out.append(text[pos:start])
        if start == 0:
            pos = end
            continue
        if end == len(text):
            out.append("\n")
            pos = end
            continue
        region = text[start:end]
        lead = len(region) - len(region.lstrip(" \t\n"))
        trail = len(region) - len(region.rstrip(" \t\n"))
        newlines = region[:lead].count("\n") + region[len(region) - trail:].count("\n")
        # Lines around the break, looked at no further than _CONTEXT (linear time on huge lines).
        line_start = text.rfind("\n", max(0, start - _CONTEXT), start)
        prev_line = text[line_start + 1 if line_start >= 0 else max(0, start - _CONTEXT):start]
        next_end = text.find("\n", end, end + _CONTEXT)
        next_line = text[end:next_end if next_end >= 0 else end + _CONTEXT]
        blank_both = stamp and region[:lead].count("\n") >= 2 and region[len(region) - trail:].count("\n") >= 2
        out.append(_joiner(prev_line, next_line, newlines, blank_both))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def strip_noise(text: str) -> str:
    """The cable text without page/section breaks, stamps, trailers and leaked rows."""
    text = _normalise(text)
    text = _cut_sql_leaks(text)
    text = _cut_trailer(text)
    text = _unmark(text)
    breaks = _page_header_spans(text) + _section_break_spans(text)
    return _excise(text, breaks, _stamp_spans(text))


# ----------------------------------------------------------------- repair_text

# `&…8` quotes (FORMATS.md §7): the telegram system turned curly quotes into
# `&` and `8`. An opener is an `&` that starts a word (not AT&T, R&D); the
# closer is the first later `8` that ends a word, within one paragraph and a
# short span, with no other `&` in between. A closer's digit run must not be a
# year ("&THE 1988 ELECTIONS8": the 8 of 1988 does not close). Some copies
# close with a real curly quote ("Sarkozy was &stunned”)", 08BEIRUT523).
_QUOTE_OPEN_RE = re.compile(r"(?<![A-Za-z0-9&)])&(?=[^\s&8])")
_QUOTE_CLOSE_RE = re.compile(r"(?<=\S)[8\u201d](?![A-Za-z0-9])|&|\n[ \t]*\n")
_YEAR_END_RE = re.compile(r"(?<!\d)(?:19|20)\d8$")
_MAX_QUOTE = 400


def _repair_quotes(text: str) -> str:
    if "&" not in text:
        return text
    out, pos = [], 0
    for m in _QUOTE_OPEN_RE.finditer(text):
        if m.start() < pos:
            continue
        limit = min(len(text), m.end() + _MAX_QUOTE)
        close = None
        for c in _QUOTE_CLOSE_RE.finditer(text, m.end(), limit):
            if c.group(0) not in ("8", "\u201d"):
                break  # another `&` or a paragraph break: not a quote
            if not _YEAR_END_RE.search(text, max(m.end(), c.start() - 4), c.end()):
                close = c
                break
        if close is None:
            continue
        out += [text[pos:m.start()], '"', text[m.end():close.start()], '"']
        pos = close.end()
    out.append(text[pos:])
    return "".join(out)


# Comma used as an apostrophe (FORMATS.md §7): "PM,s", "GOC,S", "user,s fees",
# "don,t", "we,re"; "Charge d,Affaires", "Cote d,Ivoire", "O,Grady", "D,Alema".
# Conservative: a word of two letters or more before the comma, a contraction
# ending right after it. Not "(b,d)" (reasons 1.4 (b,d)) nor "1,000".
# (Each pattern starts at its comma, the look-behind after it: the regex engine then skips to
# the next comma instead of trying every position of the text.)
_COMMA_S_RE = re.compile(r",(?<=[A-Za-z][A-Za-z],)(?=(?:s|S|re|RE|ve|VE|ll|LL)\b)")
_COMMA_T_RE = re.compile(r",(?<=[A-Za-z][nN],)(?=[tT]\b)")
_COMMA_NAME_RE = re.compile(r",(?<=\b[dDO],)(?=[A-Z][a-z])")
# OCR'd FOIA text puts a space after the comma: "Mexico, s Secretariats",
# "USG, s commitment", "Negro Ponte, s first meeting" (MEXICO006043-2007.txt).
_COMMA_SPACE_S_RE = re.compile(r"(?<=\b[A-Z][A-Za-z])([A-Za-z]*), s(?= [A-Za-z]{2})")


def _repair_commas(text: str) -> str:
    if "," not in text:
        return text
    text = _COMMA_S_RE.sub("'", text)
    text = _COMMA_T_RE.sub("'", text)
    text = _COMMA_NAME_RE.sub("'", text)
    return _COMMA_SPACE_S_RE.sub(r"\1's", text) if ", s " in text else text


# `Q` as apostrophe or dash (about 20 pages): "PresidentQs" (08TBILISI…),
# "ZimbabweQs"; "governors Q unelected officials".
_Q_APOSTROPHE_RE = re.compile(r"(?<=[a-z])Qs\b")
_Q_DASH_RE = re.compile(r"(?<=[a-z,]) Q (?=[a-z])(?!and A\b)")  # not "televised Q and A session" (09MOSCOW3033)
# `)` as a dash ("purity is down ) testimony", MEXICO006043-2007.txt; "out in
# front ) and far more", 04MADRID527) when no "(" is open before it.
_PAREN_DASH_RE = re.compile(r"(?<=[A-Za-z0-9,.]) \)(?= [a-z])")


def _repair_paren_dashes(text: str) -> str:
    if " ) " not in text:
        return text
    out, pos = [], 0
    for m in _PAREN_DASH_RE.finditer(text):
        before = text[max(0, m.start() - 300):m.start()]
        if before.rfind("(") > before.rfind(")"):
            continue  # a real closing parenthesis: "(JV ) Petroboscan"
        out += [text[pos:m.start()], " -"]
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def repair_text(text: str) -> str:
    """Undo the telegram system's character damage in human-readable text."""
    text = _repair_quotes(text)
    text = _repair_commas(text)
    if "Q" in text:
        text = _Q_DASH_RE.sub(" - ", _Q_APOSTROPHE_RE.sub("'s", text))
    return _repair_paren_dashes(text)


# ---------------------------------------------------------------------- reflow

# Lines that stay on their own: list items and rules.
#   "-- FIRST", "- --SECOND", "A.", "(A)", "B)", "1.", "¶2.", "* ", "•", "------".
_LIST_ITEM_RE = re.compile(r"(?:-{1,2}|- --|[•*·]|¶|[A-Z]\.|\(?[A-Za-z0-9]{1,3}\)|\d{1,2}\.)(?:[ \t]|$)|-{3,}|={3,}")
_RULE_RE = re.compile(r"[-=_* ]{3,}")
# A hyphen at a line end before a bare suffix joins one word ("REMIND-\nING",
# 90BAGHDAD4397; "TOWN- \nSHIPS", 85GABORONE97); other breaks keep the hyphen.
_SUFFIXES = frozenset("""ing ings ment ments tion tions sion sions ness ful ship ships ized ary
able ible ers ists ance ence ity ities ated ation ations tive tives ative ency ancy ously ical ically
hood ure ures""".split())
# Words split at a line end that are not compounds (known anomalies).
_SPLIT_WORDS = {
    "JURISDICTION": "66BUENOSAIRES2481",  # "SEAS JURIS- \nDICTION NOW UNDER ADVANCED REVIEW"
}
_HYPHEN_END_RE = re.compile(r"(?<![A-Za-z])([A-Za-z]+)-$")
_WORD_START_RE = re.compile(r"[A-Za-z]+")
_BLOCK_SPLIT_RE = re.compile(r"\n[ \t]*\n")


def _reflow_block(lines: list[str]) -> str:
    out = lines[0]
    prev = lines[0]
    for line in lines[1:]:
        if _LIST_ITEM_RE.match(line) or _RULE_RE.fullmatch(prev):
            out += "\n" + line
        else:
            hyphen = _HYPHEN_END_RE.search(prev)  # `out` ends with `prev`
            word = _WORD_START_RE.match(line)
            if hyphen and word:
                whole = (hyphen.group(1) + word.group(0)).upper()
                drop = word.group(0).lower() in _SUFFIXES or whole in _SPLIT_WORDS
                out = (out[:-1] if drop else out) + line
            else:
                out += " " + line
        prev = line
    return out


def reflow(text: str) -> str:
    """One line per paragraph: join hard-wrapped lines, keep list items and blank-line breaks."""
    blocks = []
    for block in _BLOCK_SPLIT_RE.split(text):
        lines = [line.strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            blocks.append(_reflow_block(lines))
    return "\n\n".join(blocks)
