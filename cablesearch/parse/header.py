"""The transmission header: date-time group, precedence, FM, TO and INFO.

Every era writes the same telegram envelope a little differently (AMHS
``VZCZC`` headers, the old printed ``PAGE 01`` telegram, PlusD "raw content",
the cables.csv ``header`` column, OCR'd FOIA releases with stray indentation),
but the DTG line and the FM/TO/INFO lines keep their shape, so each is found by
its own line pattern rather than by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from cablesearch.model import Recipient

MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}

#: Prosign letter -> precedence name (ACP 121: Z flash, O immediate, P priority, R routine).
PROSIGNS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}

PRECEDENCE_WORDS = ("NIACT IMMEDIATE", "IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH")


def year_from_two_digits(yy: int) -> int:
    """Cables run from the 1960s to 2010: a pivot at 30 places every 2-digit year."""
    return 2000 + yy if yy <= 30 else 1900 + yy


@dataclass(frozen=True, slots=True)
class Dtg:
    """A parsed date-time group; ``when`` is timezone-aware UTC."""

    when: datetime
    precedence: str | None
    raw: str

    @property
    def iso(self) -> str:
        return self.when.strftime("%Y-%m-%dT%H:%M:%SZ")


# `P 302318Z MAR 06`, `P R 281848Z DEC 66`, `OO 221446Z FEB 08`, `291359Z Nov 00`,
# `O 172244Z FEB 78 ZFF6`; the prosigns are optional and may be doubled.
DTG_RE = re.compile(
    # OCR reads the O prosign as a zero ("0 241459Z"), and a space may precede the Z ("221828 Z")
    r"^[ \t]*(?:(?P<prec>[ZOPR0]{1,2}(?:[ \t]+[ZOPR]{1,2})?)[ \t]+)?"
    r"(?P<dd>[0-3]\d)(?P<hh>[0-2]\d)(?P<mi>[0-5]\d)[ \t]?Z[ \t]+"
    r"(?P<mon>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*[ \t]+(?P<yy>\d{2}|\d{4})\b",
    re.MULTILINE | re.IGNORECASE)


def parse_dtg(text: str) -> Dtg | None:
    """The first well-formed DTG line of the text (the header comes first)."""
    for m in DTG_RE.finditer(text):
        yy = int(m["yy"])
        year = yy if yy >= 1000 else year_from_two_digits(yy)
        try:
            when = datetime(year, MONTHS[m["mon"].upper()], int(m["dd"]), int(m["hh"]), int(m["mi"]),
                            tzinfo=timezone.utc)
        except ValueError:
            continue  # 31 FEB and friends: OCR damage, try the next candidate
        prec = m["prec"]
        return Dtg(when, PROSIGNS.get(prec.strip()[0].upper().replace("0", "O")) if prec else None, m.group(0).strip())
    return None


# The press/Guardian style gives WikiLeaks' creation time as a dateline:
# `Friday, 23 February 2001, 15:53`; the 2002 `Cable dated:2002-11-15T12:40:00` is the same thing.
DATELINE_RE = re.compile(
    r"^[ \t]*(?:Cable dated:\s*(?P<iso>\d{4}-\d\d-\d\dT\d\d:\d\d)|"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+(?P<d>\d{1,2})\s+(?P<mon>[A-Z][a-z]+)\s+"
    r"(?P<y>\d{4}),\s+(?P<h>\d\d):(?P<mi>\d\d))",
    re.MULTILINE)

FULL_MONTHS = {m: i for i, m in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"), start=1)}


def parse_dateline(text: str) -> datetime | None:
    m = DATELINE_RE.search(text)
    if not m:
        return None
    try:
        if m["iso"]:
            return datetime.strptime(m["iso"], "%Y-%m-%dT%H:%M").replace(tzinfo=timezone.utc)
        return datetime(int(m["y"]), FULL_MONTHS[m["mon"]], int(m["d"]), int(m["h"]), int(m["mi"]),
                        tzinfo=timezone.utc)
    except (KeyError, ValueError):
        return None


# `FM AMEMBASSY MEXICO`, ` FM AMEMBASSY MEXICO` (OCR indentation), `FM: SECSTATE WASHDC`.
FM_RE = re.compile(r"^[ \t]*FM:?[ \t]+(?P<name>\S.*?)[ \t]*$", re.MULTILINE | re.IGNORECASE)


def parse_origin(text: str) -> str | None:
    m = FM_RE.search(text)
    if not m:
        return None
    return " ".join(m["name"].split()).upper()


# Lines that end an address block, or are page noise inside one
# (`TO PAGE 02        STATE   015113  182333Z`).
ADDRESS_STOP_RE = re.compile(
    r"^[ \t]*(?:INFO\b|BT\b|ZEN\b|ZFR\b|E\.?\s*O\.?\s*\d|TAGS?\b|SUBJ|"
    r"(?:C O N F|S E C R|U N C L|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL)|"
    r"\S+[ \t]+\d{5,6}[ \t]*$)", re.IGNORECASE)
PAGE_NOISE_RE = re.compile(r"\bPAGE[ \t]+\d\d\b.*$", re.IGNORECASE)
ROUTED_RE = re.compile(r"^(?:(?P<route>[A-Z0-9]{4,8})/)?(?P<rest>.+)$")
MCN_RE = re.compile(r"[ \t]+\d{1,5}$")
TO_RE = re.compile(r"^[ \t]*TO:?[ \t]+(?P<first>\S.*)$", re.MULTILINE | re.IGNORECASE)
INFO_RE = re.compile(r"^[ \t]*INFO:?[ \t]+(?P<first>\S.*)$", re.MULTILINE | re.IGNORECASE)
# The legacy routing table `INFO  LOG-00   NP-00 …` is an office list, not addressees.
OFFICE_CODES_RE = re.compile(r"^(?:[A-Z]{1,5}-\d\d\s*)+(?:/\d+W)?$")


def _recipient(line: str) -> Recipient | None:
    line = PAGE_NOISE_RE.sub("", line).strip().rstrip(".,")
    if not line or OFFICE_CODES_RE.match(line):
        return None
    line = " ".join(line.split())
    m = ROUTED_RE.match(line)
    route = m["route"] if m and m["route"] else None
    name = m["rest"] if m else line
    name = MCN_RE.sub("", name)
    precedence = None
    upper = name.upper()
    for word in PRECEDENCE_WORDS:
        if upper.endswith(" " + word):
            precedence = word
            name = name[: -len(word) - 1].rstrip()
            name = MCN_RE.sub("", name)
            break
    if not name or not re.search(r"[A-Za-z]{2}", name):
        return None
    return Recipient(name.upper(), route.upper() if route else None, precedence)


def _address_block(text: str, start: int) -> list[Recipient]:
    """The first line's remainder, then continuation lines until a stop line."""
    out: list[Recipient] = []
    lines = text[start:].split("\n")
    for i, line in enumerate(lines):
        if i > 0:
            if not line.strip() or ADDRESS_STOP_RE.match(line) or TO_RE.match(line):
                break
        r = _recipient(line)
        if r:
            out.append(r)
    return out


def parse_recipients(header: str) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]]:
    """(TO addressees, INFO addressees) from the transmission header."""
    to: list[Recipient] = []
    info: list[Recipient] = []
    m = TO_RE.search(header)
    if m:
        start = m.start("first")
        if PAGE_NOISE_RE.match(m["first"]):  # `TO PAGE 02  STATE 015113 182333Z` (08STATE23763)
            start = header.find("\n", start) + 1 or len(header)
        to.extend(_address_block(header, start))
    for m in INFO_RE.finditer(header):
        first = m["first"].strip()
        if OFFICE_CODES_RE.match(" ".join(first.split())):
            continue  # legacy `INFO  LOG-00 …` routing table
        info.extend(_address_block(header, m.start("first")))
        break
    return tuple(to), tuple(info)


# `ZNY CCCCC ZZH`: the classification spelled in repeated letters.
ZNY_RE = re.compile(r"^ZN[YR][ \t]+(?P<c>([CSUTE])\2{4})[ \t]+ZZH", re.MULTILINE)
ZNY_CLASS = {"C": "CONFIDENTIAL", "S": "SECRET", "U": "UNCLASSIFIED", "E": "UNCLASSIFIED", "T": "TOP SECRET"}


def parse_zny_classification(header: str) -> str | None:
    m = ZNY_RE.search(header)
    return ZNY_CLASS[m["c"][0]] if m else None
