"""REF lines -> canonical ids of the cited cables.

The REF block is how cables cite each other, and the citation graph
(``refs:``/``cited_by:``) is one of the most useful things to search.  Posts
wrote it in many styles -- lettered items on one line or many, ``(A)``/``A)``/
``¶B.`` labels, 2- or 4-digit year prefixes, mixed case, station names
abbreviated (``RIO DE JAN``) or glued (``09BERLIN1167``) -- and mixed cables
with e-mails, telcons and intelligence reports.  This module finds the block
and pulls out only the cable citations, as Cablegate-style ids.

Contract:

    parse_references(preamble: str, year: int | None, station: str | None = None) -> tuple[str, ...]
        ``preamble`` is the cleaned cable text from the classification banner up
        to the first body paragraph (it holds E.O., TAGS, SUBJECT, REF, Classified By).
        Finds the REF/REFS/REFTEL/Ref(s) block and returns canonical ids in order,
        deduplicated; ``year`` (4-digit, from the cable's date) is used when a ref
        has no 2-digit year prefix. Non-cable refs (e-mails, telcons, IIRs) are skipped.

``station`` is the citing cable's own station; a citation of that station
with the citing cable's own serial is the page header of the cable itself
(``KABUL 00000062 001.4 OF 002``) and is never returned.
"""

from __future__ import annotations

import re

from cablesearch.parse.ids import canonical_station, is_known_station, make_id

# Start of the block: REF, REFS, REFTEL(S), Ref(s), REFERENCE(S), the doubled
# typo REFREF (10MANAMA55), optionally after ``¶`` or a ``(U)`` marking.
_REF_HEADER = re.compile(
    r"^[ \t]*(?:¶[ \t]*)?(?:\([A-Z/]+\)[ \t]*)?"
    r"(?:REF(?:REF)?|REFS|REFTELS?|REF\(S\)|REFERENCES?)(?![A-Z])(?P<rest>[^\n]*)",
    re.IGNORECASE | re.MULTILINE)

# Lines that end the block.
_BLOCK_END = re.compile(
    r"^\s*(?:\([A-Z/]+\)\s*)?(?:CLASSIFIED\s+BY|SUBJECT|SUBJ\b|TAGS\b|E\.?\s?O\.?\s*1\d{4}"
    r"|SUMMARY|BEGIN\s+SUMMARY|SENSITIVE\s+BUT|SBU\b|DO\s+NOT\s+POST|THIS\s+(?:CABLE|MESSAGE)"
    r"|-{3,}|¶?\s*\d{1,2}\s*\.\s*(?:\(|SUMMARY|BEGIN|[A-Z][a-z]))",
    re.IGNORECASE)

# A line that continues the block after a blank line: a labelled item
# (``B.``, ``(B)``, ``B)``, ``¶B.``), another REF line, or a bare citation.
_ITEM_START = re.compile(
    r"^\s*(?:¶\s*)?(?:\(?[A-Z]\)|[A-Z]\.|\d{1,2}\)|REF)"
    r"|^\s*(?:\d{2}\s+)?[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,3}\s+-?\d{1,6}\b")

# Page headers inside the block: ``KABUL 00000062  001.4 OF 002`` (section
# breaks) and old ``PAGE 02  ROME 03067 211833Z`` lines.  Skipped, not ends.
_PAGE_HEADER = re.compile(
    r"^\s*(?:[A-Z][A-Z .]+\s+\d{5,}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}|PAGE\s+\d+\s.*)\s*$")


# Where an unwrapped line runs on past the block (press-style and flattened
# texts): "…CAIRO 1725Classified By: …", "…REASON: 1.4 (b), (d) 1. (C)  Summary".
_INLINE_END = re.compile(r"CLASSIFIED\s+BY\b|\s1\.\s+\([A-Z]|SENSITIVE BUT UNCLASSIFIED", re.IGNORECASE)


# A REF header in the middle of a flattened line, colon required:
# "SUBJECT: … IN RIO Ref(s): A) 08 RIO DE JAN 138; …" (08RIODEJANEIRO165).
_MIDLINE_REF = re.compile(r"(?<=[\s.;)])(?:REFS?|REFTELS?|REF\(S\))\s*:", re.IGNORECASE)


def _starts_block(line: str) -> bool:
    """True for a REF header line ("REF: …", "REFS A) …", "REFTEL HARARE 6584")."""
    header = _REF_HEADER.match(line)
    if not header:
        return False
    rest = header.group("rest")
    if re.match(r"\s*[:.;,(]|\s*$", rest):
        return True
    # No colon: accept a label ("REF A 09 CAIRO 074") or a number on the line,
    # not prose such as "REFERENCE IS MADE TO".
    return bool(re.match(r"\s+[A-Z]\b", rest) or re.search(r"\d", rest))


def _ref_block(preamble: str) -> str:
    """Text of the REF block(s): header remainder plus continuation lines."""
    lines = preamble.split("\n")
    parts: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not _starts_block(line):
            midline = _MIDLINE_REF.search(line)
            if not midline:
                i += 1
                continue
            line = line[midline.start():]
        block = [_INLINE_END.split(_REF_HEADER.match(line).group("rest"))[0]]
        i += 1
        blank = False
        while i < len(lines) and len(block) < 40:
            line = lines[i]
            if not line.strip():
                blank = True
            elif _PAGE_HEADER.match(line):
                pass
            elif _BLOCK_END.match(line) or (blank and not _ITEM_START.match(line)):
                break
            else:
                blank = False
                head, *tail = _INLINE_END.split(line)
                block.append(head)
                if tail:
                    break
            i += 1
        parts.append("\n".join(block))
    return "\n".join(parts)


# Tokens of a block: words (``Sao``, ``TEHRAN'S``, ``BEYRLE-BURNS``), numbers, or one
# other character.  Spaces are kept as a token so "glued" and "spaced" can be told apart.
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|\d+|\s+|.", re.DOTALL)

# Words before a number that make it something other than a cable serial.
_NOT_A_STATION = frozenset("""
JAN JANUARY FEB FEBRUARY MAR MARCH APR APRIL MAY JUN JUNE JUL JULY AUG AUGUST SEP SEPT
SEPTEMBER OCT OCTOBER NOV NOVEMBER DEC DECEMBER PARA PARAS PARAGRAPH PARAGRAPHS SECTION
PAGE OF AND OR NO NUMBER NR NUM ITEM PART CHAPTER ARTICLE TABLE ANNEX APPENDIX DTG IIR
TELCON TELECON MEMCON MEMO FAX EMAIL E-MAIL MAIL PHONE CALL NOTE DIPNOTE SEPTEL LETTER
REPORT REPORTS AIRGRAM CIRCULAR ON DATED VERSION UNSCR RESOLUTION LAW DECREE THE TO IN
FROM FOR WITH AT BY DATE TIME ZULU CERP FY YEAR YEARS REF REFS REFTEL REFTELS NOTAL
PREVIOUS TDX TD OSC EUP FBIS INTSUM SIPRNET DVC SVTC VTC AMB DCM USG GOP OIG GAO
SPRING SUMMER FALL AUTUMN WINTER FAM FAH USC CFR ATTACHMENT ENCLOSURE TAB
""".split())

# A cable serial: at most 6 significant digits (zero padding allowed, ``00000074``),
# not a date (``10/23``), time (``14:30``), decimal, DTG (``291359Z``), the serial
# of a page header (``ROME 00000649 001.6 OF 004``) or glued to a code (``cpp2008…``).
_SERIAL_FOLLOWER = re.compile(r"[/:.]\d|-\d|[A-Za-z](?![a-z])|\s+\d{3}(?:\.\d+)?\s+(?i:OF)\s+\d{3}")


def _serial_ok(tokens: list[str], i: int) -> bool:
    token = tokens[i]
    if len(token.lstrip("0")) > 6 or len(token) > 8 or int(token) == 0:
        return False
    return not _SERIAL_FOLLOWER.match("".join(tokens[i + 1:i + 12]))


def _plausible_unknown(tokens: list[str], k: int) -> bool:
    """Accept a station missing from the known list only in a clear citation slot.

    The word must be upper case, 4+ letters, not a common non-station word,
    and stand at the start of an item: after a label (``B.``, ``(C)``), a
    separator, a year, or a line break.  This keeps real but rare posts
    (``SECTO 123``) and drops prose (``COLD START``, ``WHITE HOUSE 0813``).
    """
    word = tokens[k]
    if not (word.isupper() and word.isalpha() and len(word) >= 4):
        return False
    if word in _NOT_A_STATION or set(word) == {"X"} or word.startswith("VZCZC"):
        return False
    j = k - 1
    if j >= 0 and tokens[j].isspace():
        if "\n" in tokens[j]:
            return True
        j -= 1
    elif j >= 0 and tokens[j].isdecimal():
        return False                         # glued to a DTG: "261447ZNOV08"
    return j < 0 or tokens[j] in ".):;,¶" or (tokens[j].isdecimal() and len(tokens[j]) in (2, 4))


def _station_before(tokens: list[str], i: int) -> tuple[str | None, int]:
    """The station written just before the number at ``tokens[i]``.

    Returns (canonical station, index of its first word) or (None, i).  Looks
    at up to four words separated only by spaces (``USUN NEW YORK``,
    ``RIO DE JAN``) and prefers the longest run that is a known station, so
    ``AND BEIJING 456`` still finds BEIJING.
    """
    j = i - 1
    if j >= 0 and tokens[j] == "-":          # PlusD style "STATE -097844"
        j -= 1
    if j >= 0 and tokens[j].isspace():
        j -= 1
    words: list[int] = []
    while j >= 0 and len(words) < 4 and tokens[j][:1].isalpha():
        words.insert(0, j)
        j -= 1
        if j >= 0 and tokens[j].isspace() and "\n" not in tokens[j] and j - 1 >= 0 and tokens[j - 1][:1].isalpha():
            j -= 1
        else:
            break
    for start in range(len(words)):
        name = " ".join(tokens[k] for k in words[start:])
        canonical = canonical_station(name)
        if is_known_station(canonical):
            return canonical, words[start]
    if words and _plausible_unknown(tokens, words[-1]):
        canonical = canonical_station(tokens[words[-1]])
        if canonical:
            return canonical, words[-1]
    return None, i


def _year_before(tokens: list[str], first_word: int) -> str | None:
    """A 2- or 4-digit year written before the station (``05 Islamabad``, ``2006 MADRID``)."""
    j = first_word - 1
    if j >= 0 and tokens[j].isspace() and "\n" not in tokens[j]:
        j -= 1
    if j < 0 or not tokens[j].isdecimal():
        return None
    if j >= 1 and tokens[j - 1] in (".", ",", ":") and j >= 2 and tokens[j - 2].isdecimal():
        return None                          # "1.4 (b)" and similar decimals
    token = tokens[j]
    if len(token) == 2:
        return token
    if len(token) == 4 and token[:2] in ("19", "20"):
        return token[2:]
    return None


# A year in brackets after the serial: ``LIMA 4516 (06)`` (07LIMA1862).
_YEAR_AFTER = re.compile(r"[ \t]*\((\d{2})\)")


def _year_after(tokens: list[str], i: int) -> str | None:
    """A 2-digit year written after the serial, in brackets."""
    after = _YEAR_AFTER.match("".join(tokens[i + 1:i + 6]))
    return after.group(1) if after else None


# The banner line: ``C O N F I D E N T I A L SECTION 01 OF 03 SAN JOSE 000707``.
_BANNER_SERIAL = re.compile(r"([A-Za-z][A-Za-z .'-]*?)\s+0*(\d{1,7})\s*$")


def _own_serial(preamble: str, station: str | None) -> tuple[str, int] | None:
    """(station, serial) of the citing cable, read from its banner line."""
    if not station:
        return None
    own_station = canonical_station(station)
    for line in preamble.strip().split("\n")[:3]:
        banner = _BANNER_SERIAL.search(line.strip())
        if not banner:
            continue
        words = banner.group(1).split()
        for start in range(max(0, len(words) - 4), len(words)):
            if canonical_station(" ".join(words[start:])) == own_station:
                return own_station, int(banner.group(2))
    return None


def ref_continuation(preamble: str, body: str) -> str:
    """The lines at the start of ``body`` that carry on a REF list the preamble ends in.

    An unwrapped page runs the last REF items into the first paragraph on one long line
    (09CAIRO1044: ``REF: A. CAIRO 598 \\n ¶B. CAIRO 484 C. CAIRO 219 Classified By: … (C) On
    June 7, …``), so the body is taken to start there; those item lines still belong to the
    list. Empty when the preamble does not end inside a REF list.
    """
    if re.search(r"\n[ \t]*\n\s*\Z", preamble):
        return ""  # a blank line closed the list
    tail = preamble.rstrip().rsplit("\n", 1)[-1]
    if not tail.strip() or not (_starts_block(tail) or _ITEM_START.match(tail)):
        return ""
    lines = []
    for line in body.split("\n")[:40]:
        if not _ITEM_START.match(line) or _BLOCK_END.match(line):
            break
        lines.append(line)
    return "\n".join(lines)


def parse_references(preamble: str, year: int | None, station: str | None = None) -> tuple[str, ...]:
    """Canonical ids cited in the REF block, in order, deduplicated."""
    block = _ref_block(preamble or "")
    if not block:
        return ()
    own = _own_serial(preamble, station)
    tokens = _TOKEN.findall(block)
    found: list[str] = []
    for i, token in enumerate(tokens):
        if not token.isdecimal() or not _serial_ok(tokens, i):
            continue
        cited_station, first_word = _station_before(tokens, i)
        if cited_station is None:
            continue
        cited_year = _year_before(tokens, first_word) or _year_after(tokens, i)
        if cited_year is None:
            if year is None:
                continue
            cited_year = str(year)
        if (cited_station, int(token)) == own:
            continue                         # the cable's own banner or page header
        try:
            ref_id = make_id(cited_year, cited_station, token)
        except ValueError:
            continue
        if ref_id not in found:
            found.append(ref_id)
    return tuple(found)
