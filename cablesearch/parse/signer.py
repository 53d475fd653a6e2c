"""The end of a cable body: the signer(s), and the trailer noise around them.

``take_signers(text) -> (text without them, signers in text order)``. The
signer is the surname the drafter put last ("OLSON", "Murphy"); a relayed
cable has two ("CIANCHETTE / UNQUOTE / RICE"). Telegram trailers (NNNN, BT,
the repeated banner, post web-site footers, leaked database rows) sit around
the signer and are removed with it, so the last paragraph keeps only its
own text. Each pattern names the real cable it was taken from.
"""

from __future__ import annotations

import re

# Lines after the signer that are not text (read from the end):
#   "NNNN", "BT", ">", '"', "...", "=======CABLE ENDS=======" (02BOGOTA3281),
#   "2001VATICA05693 - Classification: CONFIDENTIAL \"" (01VATICAN5693),
#   the banner repeated after the signer ("LAINGEN\n\nCONFIDENTIAL", 79TEHRAN8980),
#   NARA's systematic-review stamp, FOIA "DECONTROLLED/UNCLASSIFIED", PlusD's
#   "NMAFVVZCZ" and "***  Current Classification ***   LIMITED OFFICIAL USE" (73STATE97844),
#   '"\tClassification: UNCLASSIFIED' (06ROME439), a leaked SQL query (06LAPAZ3400).
_TRAILER_LINE_RE = re.compile(
    r"N{3,4}|BT|#\d+|[>\"'.*/,\s]*|SELECT \* FROM .*|\**\s*Missing Section \d+\s*\**|\.\.\.|=+\s*CABLE ENDS\s*=+|"
    r"\"?\s*(?:\d{4}[A-Z]+\d+\s*-\s*)?Classification:.*|\*{3}\s*Current [^*]*\*{3}.*|NMAFV\w*|VZCZC\w*|"
    r"(?:C O N F I D E N T I A L|S E C R E T|U N C L A S S I F I E D|UNCLAS(?:SIFIED)?|CONFIDENTIAL|"
    r"(?:TOP )?SECRET|LIMITED OFFICIAL USE)(?:\s*(?://|/)?\s*(?:NOFORN|SENSITIVE|SIPDIS|EXDIS|NODIS|"
    r"FOR OFFICIAL USE ONLY))*\s*\"?|(?:~~)?DECONTROLLED/UNCLASSIFIED(?:~~)?|.*Systematic Review.*|NNN\s*",
    re.IGNORECASE)
# A post's footer: "Visit Mexico City's Classified Web Site at", "****** Visit Embassy
# Tel Aviv's Classified Website: http://…" (05TELAVIV1580), "visit us at http://…".
_FOOTER_RE = re.compile(
    r"(?:\*{5,}[ *]*)?(?:\bPlease\s+)?\bVisit\b[^\n]{0,80}?(?:Classified\s+Web\s*site|Web\s*Site|"
    r"Classified\s+Website|\bus at\s+http)", re.IGNORECASE)
_FOOTER_WINDOW = 1500
# A paragraph number right before the footer: "¶4.  (U) Visit New Delhi's …" (05NEWDELHI6735),
# "… not farfetched. 8. (U) Visit Embassy Kiev's …" (06KIEV1531).
# Not a date: "… before March 11. ****** Visit Embassy Manama's …" (08MANAMA130).
_NUMBER_BEFORE_RE = re.compile(r"(?:^|[.!?:\"')\]][ \t]+)[ \t]*¶?\d{1,2}\.[ \t]*(?:\([^()\n]{1,20}\)[ \t]*)?$",
                               re.MULTILINE)
# A signer alone on its line: "OLSON", "Murphy", "van Voorst" (06REYKJAVIK107), "McCALLUM",
# "MULFORD \"" (05NEWDELHI2550), "TUTTLE." (08LONDON2976), "tuttle" (07LONDON3175).
_NAME = r"(?:Mc|Mac|O'|D')?[A-Z][A-Za-z'’-]*[A-Za-z]"
_PARTICLE = r"(?:van|von|de|del|della|da|di|du|la|le|der|den|ter|al)[ \t]+"
_SIGNER_LINE_RE = re.compile(
    rf"(?:{_PARTICLE})?{_NAME}(?:[ \t]+(?:{_PARTICLE})?{_NAME}){{0,2}}|[A-Z]{{2,}}\.|[a-z]{{4,}}")
# A signer after the last sentence on an unwrapped line: "… assistance. CLINTON" (09STATE112644),
# "… End Comment. Scobey" (09CAIRO1743).
# Also after a redaction: "3.(C) XXXXXXXXXXXX SCOBEY" (09CAIRO1226).
# Or after "END COMMENT": "END COMMENT MULFORD" (08NEWDELHI882).
_SIGNER_INLINE_RE = re.compile(
    r"(?:(?<=[.!?\"')\]”])|(?<=X{6})|(?<=END COMMENT))[ \t]+((?!X{4})[A-Z][A-Z'-]{2,}(?:[ \t]+(?!X{4})[A-Z][A-Z'-]{2,})?"
    r"|[A-Z][a-z]+(?:[A-Z][a-z]+)?)[ \t]*$")
# Glued to the last sentence: "… in Nativ Ha’asara.KURTZER" (05TELAVIV4403), "… by February
# 12.SCOBEY" (09CAIRO200); written twice:
# "… ARSO PENNINGTON PENNINGTON" (07YEREVAN1420).
_SIGNER_GLUED_RE = re.compile(r"(?:(?<=[a-z0-9][.!?])|(?<=[ \t])(?=([A-Z][A-Z'-]{2,})[ \t]+\1[ \t]*$))"
                              r"([A-Z][A-Z'-]{3,})(?:[ \t]+\1)?[ \t]*$")
# A leaked database row after the signer: "STEVENS 0 12/18/2007" (07TRIPOLI1053),
# "BURNS\t2006-03-31" (06MOSCOW3335).
_ROW_TAIL_RE = re.compile(r"(?:[ \t]+0[ \t]+\d{1,2}/\d{1,2}/\d{4}|\t\d{4}-\d\d-\d\d.*)[ \t]*$")
# The end of a quoted cable before the relaying signer: "CIANCHETTE \nUNQUOTE", "CLINTON UNQUOTE".
_UNQUOTE_END_RE = re.compile(r"[ \t]*\b(?:END[ \t]+QUOTE|UNQUOTE)\b[ .]*$", re.IGNORECASE)
_UNQUOTE_INLINE_RE = re.compile(rf"[ \t]+(?=UNQUOTE[ \t]+{_NAME}[ \t]*$)|(?<=UNQUOTE)[ \t]+(?={_NAME}[ \t]*$)")
_NOT_NAMES = frozenset("""UNQUOTE QUOTE END BT NNNN NNN SIPDIS NOFORN EXDIS NODIS LIMDIS SENSITIVE CONFIDENTIAL
SECRET UNCLASSIFIED UNCLAS COMMENT SUMMARY TEXT NOTE NOTES ENDS DECONTROLLED LIMITED OFFICIAL USE ONLY
TOP BEGIN CABLE MESSAGE CLEARED APPROVED DRAFTED THANKS REGARDS AND THE FOR OF TO IN ON AT KINGDOM WEBSITE SITE
CFM AMEMBASSY AMCONSUL SECSTATE WASHDC USMISSION COLLECTIVE IMMEDIATE PRIORITY ROUTINE INFO FM""".split())


def _is_name(candidate: str) -> bool:
    words = re.sub(r"[^A-Z' -]", "", candidate.upper()).split()
    return bool(words) and not any(w in _NOT_NAMES for w in words) and len(candidate) <= 30


def _strip_trailer_lines(lines: list[str]) -> None:
    while lines and _TRAILER_LINE_RE.fullmatch(lines[-1].strip()):
        lines.pop()


def _take_footer(text: str) -> tuple[str, str]:
    """Split off a post's web-site footer near the end: (text before, footer)."""
    start = max(0, len(text) - _FOOTER_WINDOW)
    found = None
    for m in _FOOTER_RE.finditer(text, start):
        found = m
    if found is None:
        return text, ""
    if _NUMBER_BEFORE_RE.search(text, max(0, found.start() - 40), found.start()):
        return text, ""  # the footer is a numbered paragraph of its own ("8. (U) Visit Embassy Kiev's …")
    return text[:found.start()], text[found.start():]


def _footer_signer(footer: str) -> str | None:
    """The signer glued after a footer: "…Website: XXXXXXXXXXXX TUTTLE", "…Kingdom LeBaron"."""
    tail = re.sub(r"X{6,}", " ", footer).strip().split("\n")
    _strip_trailer_lines(tail)
    if not tail:
        return None
    last = tail[-1].split()
    if not last:
        return None
    word = last[-1].rstrip(".")
    alone = len(last) == 1 and len(tail) > 1
    if re.fullmatch(r"[A-Z][A-Z'-]{2,}|[A-Z][a-z]+(?:[A-Z][a-z]+)?", word) or (
            alone and re.fullmatch(rf"{_NAME}|[a-z]{{4,}}", word)):
        return word if _is_name(word) and "." not in word else None
    return None


# Words before the signer that are not names: "MINIMIZE CONSIDERED SHANNON" (10BRASILIA43),
# "XXXXXXXXXXXX TUTTLE" (08LONDON2814).
_SIGNER_NOISE_RE = re.compile(r"\bMINIMIZE CONSIDERED\b|X{6,}")
_SENTENCE_END_RE = re.compile(r"[.!?:\"')\]”]$")
_URL_END_RE = re.compile(r"(?:https?:|www\.|\.gov)\S*$|X{6,}$")


def _line_signer(lines: list[str], mixed_case: bool) -> list[str] | None:
    """The signer(s) on the last line, removing them from ``lines``; None when there is none."""
    last = _SIGNER_NOISE_RE.sub(" ", lines[-1]).strip().rstrip(' "')
    if _SIGNER_LINE_RE.fullmatch(last.rstrip(" .")) and _is_name(last) and len(lines) > 1:
        prev = lines[-2].strip()
        if (last.endswith(".") or not last.isupper()) and len(prev) >= 40 \
                and not _SENTENCE_END_RE.search(prev) and not _URL_END_RE.search(prev):
            return None  # the end of a wrapped sentence: "TRINIDAD'S\nASSISTANCE." (06BRIDGETOWN2164)
        lines.pop()
        last = last.rstrip(" .")
        words = last.split()
        if last.isupper() and len(words) > 1 and not re.search(_PARTICLE, last, re.IGNORECASE):
            # "POLASCHIK CRETZ" (09TRIPOLI772), "BRUSH BRUSH" (09BELGRADE765): several surnames
            return [w for w in words if len(w) > 2] or None
        return [last]
    line = lines[-1].rstrip(' "')
    m = _SIGNER_INLINE_RE.search(line)
    # In an all-caps telegram the signer follows the text after a wide gap: "AFFAIRS.    PORTER" (73STATE97844).
    if m and _is_name(m[1]) and (mixed_case or len(line) > 100 or "  " in m.group(0)
                                 or line[:m.start()].endswith("XXXXXX")):
        lines[-1] = line[:m.start()]
        return [m[1]]
    m = _SIGNER_GLUED_RE.search(line)
    if m and _is_name(m[2]) and mixed_case:
        lines[-1] = line[:m.start()]
        return [m[2]]
    return None


def take_signers(text: str) -> tuple[str, list[str]]:
    """Remove the signer(s) and trailer from the end of the body: (text, signers in text order).

    Read from the end: the sending signer, then, while the text before it ends
    with UNQUOTE, the signer of the quoted cable.
    """
    text, footer = _take_footer(text)
    found: list[str] = []  # from the end backwards
    lines = text.rstrip().split("\n")
    _strip_trailer_lines(lines)
    mixed_case = bool(re.search(r"[a-z]{3}", text[-3000:]))
    if lines:  # "CLINTON UNQUOTE CLINTON" (09STATE127892): one signer per line
        lines[-1:] = _UNQUOTE_INLINE_RE.sub("\n", _ROW_TAIL_RE.sub("", lines[-1])).split("\n")
    name = _footer_signer(footer) if footer else None
    if name:
        found.append(name)
    elif lines:
        found += reversed(_line_signer(lines, mixed_case) or [])
    while found and lines and len(found) < 6:
        _strip_trailer_lines(lines)
        if lines and lines[-1].strip().upper() == found[-1].upper():
            lines.pop()  # the signer twice: "VAN VOORST \nvan Voorst" (06REYKJAVIK107)
            continue
        if not lines or not _UNQUOTE_END_RE.search(lines[-1]):
            break
        lines[-1] = _UNQUOTE_END_RE.sub("", lines[-1])
        if not lines[-1].strip():
            lines.pop()
        _strip_trailer_lines(lines)
        names = _line_signer(lines, mixed_case) if lines else None
        if not names:
            break
        found += reversed(names)
    ordered: dict[str, str] = {}
    for name in reversed(found):
        ordered.setdefault(name.upper(), name)
    return "\n".join(lines), list(ordered.values())
