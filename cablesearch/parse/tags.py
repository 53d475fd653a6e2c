"""TAGS line -> canonical tag list.

TAGS are the State Department's subject codes (``PREL``, ``PGOV``), country
codes (``IR``), organisations (``NATO``) and, for visits, people
(``OVIP (STEINBERG, JAMES B.)``).  They are the best facet for browsing a
collection, but the line is hand-typed: the keyword is misspelt or missing,
separators vary (spaces, commas, semicolons: 10ZAGREB97 ``TAGS PREL;PGOV;KCOR;HU;HR``),
the list wraps, page headers leak into it and codes get
glued together (``KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG``).  This module reads
the line the way a person would and returns one clean list.

Contract:

    parse_tags(preamble: str) -> tuple[str, ...]
        ``preamble`` as in refs.py. Canonical upper case, in order, deduplicated;
        person tags kept as 'SURNAME, GIVEN' (e.g. 'STEINBERG, JAMES B.').
        No tag holds a ``;``: it separates tags, in the line as in the index.
"""

from __future__ import annotations

import re

# Subject codes seen in the corpus (WikiLeaks tag links, two or more cables each).
# Used to split glued codes and to tell codes from free text and names.
_SUBJECT_CODES = frozenset("""
ABLD ADCO AEMR AFIN AMED AMGT AODE AORC APER ASEC ASIG ASUP BBSR BEXP BTIO CASC CJAN
CMGT CPAS CVIS DEAX EAGR EAID EAIR ECIN ECIP ECON ECPS EFIN EFIS EFTA EIND EINT EINV
ELAB ELTN EMIN ENGR ENRG ENVI ENVR EPET ETRD ETTC EWWT GTIP HSTC HURI INRA INRB INRO
IRAJ KACT KAWC KAWK KBCT KBIO KBTR KBTS KCFE KCIP KCOR KCRM KDEM KDRG KFIN KFLO KFLU
KFRD KGHG KGIC KGIT KHDP KHLS KICC KIDE KIFR KIPR KIRC KIRF KISL KJUS KMCA KMDR KMPI
KNEI KNNP KNUP KOCI KOLY KOMC KPAL KPAO KPKO KPRP KPRV KRAD KSCA KSEC KSEP KSPR KSTC
KSTH KSUM KTDB KTER KTFN KTIA KTIP KUNR KVIR KVPR KWAC KWBG KWMN MAPP MARR MASS MCAP
MEPP MNUC MOPS MPOS MTCR NSSP ODIP OEXC OFDA OFDP OIIP OPDC OPIC OPRC OREP OSCI OTRA
OVIP PARM PBIO PBTS PEPR PFOR PGOV PHSA PHUM PINL PINR PINS PINT PNAT PREF PREL PROP
PSOE PTER SCUL SENV SMIG SNAR SOCI TBIO TFIN TINT TNGD TPHY TRGY TSPA TSPL WTRO WTRQ
""".split())

# Organisation and programme tags written as words (not split, not free text).
_ORGANISATION_TAGS = frozenset("""
EU EUN NATO OSCE IAEA UN UNO UNSC UNGA UNDP UNHCR UNHRC UNESCO UNMIK UNVIE OAS OECD
OPCW ICAO ICRC ICTY INTERPOL WTO WHO FAO IMF IBRD ASEAN APEC APECO MERCOSUR GCC AU
USEU USUN USTR USAID NASA FARC FMLN LTTE ELN FTAA CODEL TIP GTMO MTCRE UNAUS NPT CDG
""".split())

# Free-text phrases written in TAGS lines, kept as one tag.
_PHRASES = {
    ("IRAQI", "FREEDOM"): "05ROME3585",
    ("HUMAN", "RIGHTS"): "02ROME1196",
    ("COUNTER", "TERRORISM"): "05SANAA923",
    ("NATIONAL", "ELECTIONS"): "05ROME3585",
    ("ITALIAN", "POLITICS"): "05ROME3585",
    ("MEDIA", "REACTION"): "06BUENOSAIRES579",
    ("COUNTRY", "CLEARANCE"): "06KUWAIT3201",
    ("FOREIGN", "POLICY"): "04PANAMA823",
    ("DOMESTIC", "POLITICS"): "05SANAA2766",
    ("ORGANIZED", "CRIME"): "05SOFIA1207",
    ("ISRAELI", "PALESTINIAN", "AFFAIRS"): "05TELAVIV4403",
    ("GOI", "EXTERNAL"): "05TELAVIV1580",
    ("GOI", "INTERNAL"): "05TELAVIV1580",
    ("MEETINGS", "WITH", "AMBASSADOR"): "05BUENOSAIRES496",
}

# The keyword and its misspellings at the start of a line.  ``AGS`` needs its
# colon; the others need a colon-like mark or a following code so that prose
# is not taken for tags.
_TAGS_KEYWORD = re.compile(
    r"^[ \t]*(?:(?:TAGS?|TAS|TABS|TGS|TAGES)(?:[ \t]*[:;,.][ \t]*|[ \t]+(?=(?-i:[A-Z]{2,5})(?:[ ,;]|[ \t]*$)|\())|"
    r"AGS[ \t]*:[ \t]*)"
    r"(?P<rest>.*)$",
    re.IGNORECASE | re.MULTILINE)
# Flattened pages run the E.O. line or routing notes into the keyword:
# "E.O. 12958: N/A TAGS: ASEC SNAR KCRM CASC BR" (05RIODEJANEIRO1238), or with
# the line break lost entirely: "DECL: 02/15/2016TAGS: ECON KWBG …" (06TELAVIV687).
_TAGS_MIDLINE = re.compile(r"(?<![A-Za-z])TAGS[ \t]*:[ \t]*(?P<rest>.*)$", re.MULTILINE)


# The E.O. line, after which 08BEIJING3662 has its keyword-less tag line.
_EO_LINE = re.compile(r"^[ \t]*E\.?\s?O\.?\s*\d{4,5}.*$", re.MULTILINE)

# Lines that end the TAGS block.
_NEXT_FIELD = re.compile(r"^\s*(?:SUBJECT|SUBJ|REF|REFS|REFTEL|CLASSIFIED|E\.?\s?O\.?\s*\d|\d+\.\s)",
                         re.IGNORECASE)

# Where a flattened line runs on into the next field: "… LY SUBJECT: …".
_INLINE_NEXT_FIELD = re.compile(r"\b(?:SUBJECT|SUBJ|REF|CLASSIFIED\s+BY)\s*:", re.IGNORECASE)

# An old page header pasted into the list:
# "IT                          SECRET       PAGE 02        ROME  03067  211833Z".
_PAGE_NOISE = re.compile(
    r"\s(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED\s+OFFICIAL\s+USE)?\s*PAGE\s+\d+\s+"
    r"[A-Z][A-Z ]*?\s+\d{3,6}(?:\s+\d\d\s+OF\s+\d\d)?\s+\d{6}Z", re.IGNORECASE)


def _is_code(word: str) -> bool:
    """A subject, country (2 letters) or organisation code."""
    return (word in _SUBJECT_CODES or word in _ORGANISATION_TAGS
            or (len(word) == 2 and word.isalpha()))


def _split_glued(word: str) -> list[str] | None:
    """Split run-together codes (``PHUMPREL``, ``ETRDEINVECINPGOVCS``) or None.

    A split is accepted only when every piece is a known subject code, a
    2-letter country code or ``EUN``, and most pieces are 4-letter subject
    codes -- so English words (``POLICY`` = PO+LI+CY) stay whole.
    """
    if len(word) < 6 or not word.isalpha():
        return None
    best: dict[int, list[str]] = {0: []}
    for end in range(1, len(word) + 1):
        for size in (4, 3, 2):
            start = end - size
            if start < 0 or start not in best:
                continue
            piece = word[start:end]
            if (size == 4 and piece in _SUBJECT_CODES) or (size == 3 and piece == "EUN") or size == 2:
                candidate = best[start] + [piece]
                if end not in best or _split_score(candidate) > _split_score(best[end]):
                    best[end] = candidate
    pieces = best.get(len(word))
    if not pieces or len(pieces) < 2:
        return None
    if sum(len(p) == 4 for p in pieces) * 2 < len(pieces):
        return None
    return pieces


def _split_score(pieces: list[str]) -> tuple[int, int]:
    """Prefer splits with more 4-letter codes, then fewer pieces."""
    return (sum(len(p) == 4 for p in pieces), -len(pieces))


def _tag_text(preamble: str) -> str | None:
    """The raw text of the TAGS list: keyword line plus continuation lines."""
    keyword = _TAGS_KEYWORD.search(preamble) or _TAGS_MIDLINE.search(preamble)
    if keyword:
        first = keyword.group("rest")
        following = preamble[keyword.end():].split("\n")[1:]
    else:
        eo_line = _EO_LINE.search(preamble)
        if not eo_line:
            return None
        following = preamble[eo_line.end():].split("\n")[1:]
        while following and not following[0].strip():
            following.pop(0)
        if not following or not _looks_like_tags(following[0], strict=True):
            return None
        first, following = following[0], following[1:]
    inline = _INLINE_NEXT_FIELD.search(first)
    if inline:
        return first[:inline.start()]
    lines = [first]
    for line in following[:4]:
        if not line.strip() or _NEXT_FIELD.match(line):
            break
        open_paren = "".join(lines).count("(") > "".join(lines).count(")")
        # A trailing comma says the list goes on (06NEWDELHI3997: "…, SENV, \nKHIV, IN").
        continued = lines[-1].rstrip().endswith(",") and line.strip() == line.strip().upper()
        if not (open_paren or continued) and not _looks_like_tags(line, strict=False):
            break
        lines.append(line)
    return "\n".join(lines)


def _looks_like_tags(line: str, *, strict: bool) -> bool:
    """A continuation line (or a keyword-less line) made of tag codes.

    Strict: every word is a code (for 08BEIJING3662's bare line).  Otherwise
    upper case with most words codes, so a lost subject line (06LIMA1452:
    ``RUN-OFF,``) is not read as tags.
    """
    words = re.findall(r"[^\s,;]+", line)
    if not words or line.strip() != line.strip().upper():
        return False
    codes = [w for w in words if _is_code(w) or _split_glued(w)]
    if strict:
        return len(words) >= 2 and len(codes) == len(words)
    return len(codes) * 2 > len(words)


def _person(words: list[str]) -> str:
    """'STEINBERG JAMES' / 'STEINBERG, JAMES B.' -> 'STEINBERG, JAMES B.'."""
    text = " ".join(words).strip(" ,")
    if "," in text:
        surname, given = text.split(",", 1)
        return f"{surname.strip()}, {' '.join(given.split())}"
    first, *rest = text.split()
    return f"{first}, {' '.join(rest)}" if rest else first


def _words_to_tags(words: list[str], comma_list: bool) -> list[str]:
    """Turn one comma piece (or a whole space-separated line) into tags."""
    tags: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        for phrase in sorted(_PHRASES, key=len, reverse=True):
            if tuple(words[i:i + len(phrase)]) == phrase:
                tags.append(" ".join(phrase))
                i += len(phrase)
                break
        else:
            if _is_code(word):
                tags.append(word)
                i += 1
                if word == "OVIP":          # "OVIP STEINBERG JAMES": the visitor's name
                    name = []
                    while i < len(words) and not _is_code(words[i]) and len(name) < 3:
                        name.append(words[i])
                        i += 1
                    if name:
                        tags.append(_person(name))
                continue
            glued = _split_glued(word)
            if glued:
                tags.extend(glued)
                i += 1
                continue
            if comma_list:                  # a free-text piece: "…, HUMAN RIGHTS"
                run = [word]
                i += 1
                while i < len(words) and not _is_code(words[i]):
                    run.append(words[i])
                    i += 1
                tags.append(" ".join(run))
                continue
            tags.append(word)
            i += 1
    return tags


def parse_tags(preamble: str) -> tuple[str, ...]:
    """Canonical tags from the TAGS line of ``preamble``, in order, deduplicated."""
    text = _tag_text(preamble or "")
    if text is None:
        return ()
    # A semicolon separates tags like a comma (10ZAGREB97: "TAGS PREL;PGOV;KCOR;HU;HR").
    text = _PAGE_NOISE.sub(" ", " " + text.upper()).replace(";", ",")
    tags: list[str] = []
    # Bracketed names first: "OVIP (STEINBERG, JAMES B.)".
    pieces = re.split(r"(\([^()]*\))", text)
    comma_list = "," in re.sub(r"\([^()]*\)", "", text)
    for piece in pieces:
        if piece.startswith("("):
            inner = piece.strip("() ")
            if inner:
                tags.append(_person(inner.split()) if "," not in inner else _person([inner]))
            continue
        for part in re.split(r"[,;]", piece) if comma_list else [piece]:
            words = [w.strip(".:") for w in part.split()]
            tags.extend(_words_to_tags([w for w in words if w], comma_list))
    seen: list[str] = []
    for tag in tags:
        if re.search(r"[A-Z]", tag) and tag not in seen:
            seen.append(tag)
    return tuple(seen)
