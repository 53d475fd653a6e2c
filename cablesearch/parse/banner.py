"""The classification banner, its station and serial, and the caveat lines.

The banner (`C O N F I D E N T I A L SECTION 01 OF 03 SAN JOSE 000707`) is the
one line every body format keeps, so it is where the id is read from when no
published id exists, and where the body begins. Classification words may be
letter-spaced, abbreviated (`UNCLAS`), lower-cased by a later edit, or followed
by handling captions (`UNCLAS E F T O`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CLASSIFICATIONS = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "LIMITED OFFICIAL USE", "UNCLASSIFIED")
RANK = {c: i for i, c in enumerate(reversed(CLASSIFICATIONS))}  # UNCLASSIFIED=0 … TOP SECRET=4


_CLASS_ALTS = "|".join([
    r"T ?O ?P ?S ?E ?C ?R ?E ?T", r"TOP SECRET",
    # a typed first letter doubled or dropped: "SS E C R E T" (05PARIS1699), "CC O N F…", "O N F I…", "NCLAS"
    r"(?:S ?){0,2}E ?C ?R ?E ?T", r"(?:C ?){0,2}O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L",
    r"LIMITED OFFICIAL USE", r"UNCLASSIFIED", r"U? ?N ?C ?L ?A ?S",
])

#: Handling captions and controls accepted as caveats (fields.md `caveats`).
CAVEAT_WORDS = (
    "FOR OFFICIAL USE ONLY", "SENSITIVE BUT UNCLASSIFIED", "WEBGRAM EXCLUDED ONLY",
    "SIPDIS", "SENSITIVE", "NOFORN", "NOCONTRACT", "ORCON", "PROPIN", "EXDIS", "NODIS", "LIMDIS",
    "STADIS", "TERREP", "CHEROKEE", "SPECAT", "EFTO", "NOFORN//", "XMT", "ROGER",
)
_CAVEAT_ALTS = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in CAVEAT_WORDS if not w.endswith("//"))
CAVEAT_LINE_RE = re.compile(
    rf"^[ \t]*(?:(?:{_CAVEAT_ALTS}|E F T O)\b[ \t,/]*)+$", re.IGNORECASE)
CAVEAT_TOKEN_RE = re.compile(rf"\b(?:{_CAVEAT_ALTS}|E F T O|N O F O R N)\b", re.IGNORECASE)

# `C O N F I D E N T I A L SECTION 01 OF 03 SAN JOSE 000707`, `UNCLAS E F T O TRIPOLI 000704`,
# `CONFIDENTIAL MEXICO 006043`, `UNCLASSIFIED BUENOS AIRES 2481`, `S e c r e t section 01 of 02 kinshasa 000189`.
BANNER_RE = re.compile(
    rf"^[ \t]*(?:~~)?(?P<cls>{_CLASS_ALTS})(?:~~)?"
    rf"(?P<cav>(?:[ \t]+(?:E ?F ?T ?O|SENSITIVE|N ?O ?F ?O ?R ?N|SIPDIS|EXDIS|NODIS|LIMDIS))*)"
    r"[ \t]+(?:SECTION[ \t]+(?P<sec>\d{1,2})[ \t]+OF[ \t]+(?P<of>\d{1,2})[ \t]+)?"
    r"(?:(?P<yy>\d{2})[ \t]+)?"  # 1970s: "C O N F I D E N T I A L 75 LIBREVILLE 1895"
    r"(?P<station>[A-Z][A-Z .'&-]{1,40}?)[ \t]+-?(?P<serial>\d{3,7})\b(?P<tail>[^\n]*)$",
    re.MULTILINE | re.IGNORECASE)

# The old printed telegram: `PAGE 01        HARARE  06677  01 OF 03  291400Z`.
PAGE01_RE = re.compile(
    r"^[ \t]*PAGE[ \t]+0?1[ \t]+(?P<station>[A-Z][A-Z .]{1,30}?)[ \t]+(?P<serial>\d{3,6})\b",
    re.MULTILINE | re.IGNORECASE)

# A bare classification line (PlusD raw content starts with `LIMITED OFFICIAL USE`).
BARE_CLASS_RE = re.compile(rf"^[ \t]*(?:~~)?(?P<cls>{_CLASS_ALTS})(?:~~)?(?:[ \t]+\S+)?[ \t]*$",
                           re.MULTILINE | re.IGNORECASE)


def normalise_classification(word: str) -> str:
    w = re.sub(r"\s+", "", word).upper()
    if w.endswith("ONFIDENTIAL"):
        return "CONFIDENTIAL"
    if re.fullmatch(r"S{0,2}ECRET", w):
        return "SECRET"
    if w.startswith(("UNCLAS", "NCLAS")):
        return "UNCLASSIFIED"
    if w == "LIMITEDOFFICIALUSE":
        return "LIMITED OFFICIAL USE"
    if w == "TOPSECRET":
        return "TOP SECRET"
    return w


@dataclass(frozen=True, slots=True)
class Banner:
    classification: str
    station: str | None
    serial: str | None
    caveats: tuple[str, ...]
    start: int  # offset of the banner line in the text
    end: int


def _caveats_in(text: str) -> list[str]:
    out = []
    for m in CAVEAT_TOKEN_RE.finditer(text):
        word = " ".join(m.group(0).upper().split())
        out.append(word.replace(" ", "") if word.replace(" ", "") in ("EFTO", "NOFORN") else word)
    return out


def find_banner(text: str) -> Banner | None:
    """The first classification banner line (with station and serial when present)."""
    m = BANNER_RE.search(text)
    p = PAGE01_RE.search(text)
    if m and not (p and p.start() < m.start() and _bare_before(text, p.start())):
        station = " ".join(m["station"].split()).upper()
        if station.startswith(("SECTION", "PAGE")):
            station = None
        caveats = _caveats_in(m["cav"] or "") + _caveats_in(m["tail"] or "")
        return Banner(normalise_classification(m["cls"]), station, m["serial"], tuple(caveats),
                      m.start(), m.end())
    if p:
        b = _bare_before(text, p.start())
        cls = normalise_classification(b["cls"]) if b else None
        return Banner(cls or "", " ".join(p["station"].split()).upper(), p["serial"], (), p.start(), p.end())
    b = BARE_CLASS_RE.search(text)
    if b:
        return Banner(normalise_classification(b["cls"]), None, None, (), b.start(), b.end())
    return None


def _bare_before(text: str, pos: int) -> re.Match[str] | None:
    """The classification line printed just above a `PAGE 01` header, if any."""
    window = text[max(0, pos - 400):pos]
    found = None
    for found in BARE_CLASS_RE.finditer(window):
        pass
    return found


def find_caveat_lines(preamble: str) -> list[str]:
    """Caveats written on lines of their own between the banner and the body."""
    out: list[str] = []
    for line in preamble.split("\n"):
        if CAVEAT_LINE_RE.match(line):
            out.extend(_caveats_in(line))
        else:  # caveats leading a routing note: "NOFORN SIPDIS DEPT FOR NEA/FO"
            m = LEADING_CAVEATS_RE.match(line)
            if m:
                out.extend(_caveats_in(m.group(0)))
    return out


LEADING_CAVEATS_RE = re.compile(r"^[ \t]*(?:(?:SIPDIS|NOFORN|SENSITIVE|EXDIS|NODIS|LIMDIS)\b[ \t,/]*)+(?=\S)")
