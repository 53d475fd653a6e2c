"""The E.O. line and the `Classified By` line: who classified a cable, why, until when.

Both are free-typed by a drafter, so the order number, the punctuation, the
date form and the reason codes all vary (`E.O. 12958: DECL: 03/29/2016`,
`EO 12958 DECL: 09/21/10`, `E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P`,
`reasons 1.4 (b) & (d)`, `REA \\nSONS: 1.4 (B,D)`).
"""

from __future__ import annotations

import re
from datetime import date

from cablesearch.model import ClassifiedBy, Declassification

# `E.O. 12958: DECL: 03/29/2016`, `EO 12958 DECL: 09/21/10`, `E.O.1295: NA`, `E.O. 12958: DECL.: 12/05/2017`.
EO_RE = re.compile(
    r"(?:^|(?<=\s))E\.?[ \t]?O\.?[ \t]*(?P<num>\d{4,5})\b[ \t]*[:;.]?[ \t]*(?P<rule>[^\n]*)",
    re.MULTILINE | re.IGNORECASE)
# Orders typed with a digit missing, by the cable id where seen.
EO_TYPOS = {"1295": "12958"}  # e.g. `E.O. 1295:` and `E.O.1295: NA`
RULE_END_RE = re.compile(r"[ \t]+(?:TAGS?|TAS|TGS|SUBJ(?:ECT)?)\b.*$", re.IGNORECASE)
DATE_NUMERIC_RE = re.compile(r"\b(?P<a>\d{1,4})[/.-](?P<b>\d{1,2})[/.-](?P<c>\d{2,4})\b")


def _numeric_date(text: str) -> str | None:
    """`03/29/2016`, `2019/12/17`, `12/20/07`, `1/20/2019`, `8/12/85` -> ISO date."""
    m = DATE_NUMERIC_RE.search(text)
    if not m:
        return None
    a, b, c = m["a"], m["b"], m["c"]
    try:
        if len(a) == 4:
            y, mo, d = int(a), int(b), int(c)
        else:
            mo, d, y = int(a), int(b), int(c)
            if len(c) == 2:
                y = 2000 + y if y <= 40 else 1900 + y
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def parse_declassification(preamble: str) -> Declassification | None:
    m = EO_RE.search(preamble)
    if not m:
        return None
    num = EO_TYPOS.get(m["num"], m["num"])
    rule = RULE_END_RE.sub("", m["rule"]).strip().rstrip(".").strip()
    return Declassification(order=f"E.O. {num}", date=_numeric_date(rule), text=rule or None)


# `Classified By: Ambassador Mark Langdale for reasons 1.4 (b) & (d)`; also `CLASSIFIED BY DCM …`
# and `(U) Classified by Ambassador W.R. Pearson; reasons: 1.5 (b,d).`
CLASSIFIED_BY_RE = re.compile(r"\bCLASSIFIED[ \t]+BY\b[ \t]*:?[ \t]*", re.IGNORECASE)
# The keyword typed again, or misspelt, inside the clause.
CLASSIFIED_BY_AGAIN_RE = re.compile(r"\bCLASSIF(?:I?E)?D[ \t]+BY\b[ \t]*:?[ \t]*", re.IGNORECASE)
#: The end of a `Classified By … Reasons` clause wrapped onto a line of its own, after a blank
#: line or not (08JEDDAH84: `… Reasons 1.4(b) an` / `d (d)`; 08BEIJING2305, in the page of
#: 05MUSCAT679: `Reasons` / blank / `1.4 (b) and (d).`): part of the clause, never a paragraph.
REASONS_TAIL_RE = re.compile(
    r"(?:[ \t]*\n)*[ \t]*(?:[a-z]{1,4}[ \t]?)?(?:(?:and|&|,|or)[ \t]?)?(?:1\.[45][ \t]?)?"
    r"(?:\([ \t]?[a-h][ \t]?\)[ \t,&and]*)+\.?[ \t]*(?:\n|$)")
# Where the who-part ends: the reason clause.
REASON_START_RE = re.compile(
    r"[,;.]?[ \t]*(?:\b(?:for|per)[ \t]+)?(?:\bREASONS?\b|\bE\.?O\.?[ \t]*12958|(?<![\d.])1\.[45](?![\d]))",
    re.IGNORECASE)
# The word "reasons" as the renders and the drafters break it: split by a line wrap at any
# letter (`REA \nSONS` 04THEHAGUE1846, `Reaso\nns` 06PARIS7579, `R \nEASONS` 06MEXICO858)
# or misspelt (`resons` 06BRASILIA546). Matched on the clause with its lines joined.
SPLIT_REASONS_RE = re.compile(
    r"(?<![A-Za-z])(?:R[ \t]+EASONS?|RE[ \t]+ASONS?|REA[ \t]+SONS?|REAS[ \t]+ONS?|REASO[ \t]+NS?|REASON[ \t]+S"
    r"|RESONS?)(?![A-Za-z])", re.IGNORECASE)
# A comma typed for an apostrophe after one letter: `d,Affaires`, `O,Grady` (FORMATS.md §7).
COMMA_APOSTROPHE_RE = re.compile(r"(?<![A-Za-z])([A-Za-z]),(?=[A-Za-z])")
#: Words that, after a comma, go on with the drafter's title or post rather than a name
#: (`RICHARD MCKEE, EMBASSY ANKARA` 96ANKARA12278; `Gene A. Cretz, Ambassador, U.S. Embassy Tripoli`).
POST_WORDS = frozenset("EMBASSY AMEMBASSY CONSULATE AMCONSUL MISSION USMISSION DEPARTMENT DEPT U.S. US USG".split())
REASON_CODE_RE = re.compile(r"\b1\.(?P<sec>[45])\b(?P<rest>[^\n.]*(?:\.(?![ \t]*[A-Z][a-z])[^\n.]*)?)", re.IGNORECASE)
REASON_LETTER_RE = re.compile(r"(?<![A-Za-z])([a-hA-H])(?![A-Za-z])")

#: Words that make up a drafter's title; the name is what follows them.
TITLE_WORDS = frozenset("""
ACTING AMBASSADOR AMB CHARGE CHARGÉ D'AFFAIRES D,AFFAIRES AFFAIRES A.I. AI DEPUTY CHIEF OF MISSION DCM CDA
POLITICAL ECONOMIC ECON POL POL/ECON POLECON POL-ECON POLITICAL/ECONOMIC POLITICO-MILITARY MILITARY
COUNSELOR COUNSELLOR MINISTER MINISTER-COUNSELOR OFFICER PRINCIPAL CONSUL CONSUL-GENERAL GENERAL
SECTION HEAD DIRECTOR SECRETARY ASSISTANT UNDER A/S DAS POLCOUNS ECONCOUNS POLOFF ECONOFF POL/MIL POLMIL
PUBLIC AFFAIRS MANAGEMENT REGIONAL SECURITY DEFENSE ATTACHE LEGAL ADVISER ADVISOR AND THE FOR CHIEF
SENIOR SPECIAL ENVOY COORDINATOR REPRESENTATIVE PERMANENT ALTERNATE U.S. US USUN USEU NATO INTERIM
CG PO DPO A/DCM ACDM A/POLCOUNS A/ECONCOUNS EXECUTIVE EXEC COUNSEL LABOR ATTACHÉ OFFICE CHARGE'D'AFFAIRES
RSO PAO ECONOMIC/POLITICAL POLITICAL-ECONOMIC POLITICAL-MILITARY INTERNATIONAL NARCOTICS LAW ENFORCEMENT
NAS INL DATT ACTING/DCM DIRECTOR, CHARGE. A/CDA ADMINISTRATOR OIC PDAS DAA PDAA U/S DIR
POLMC POLMINCOUNS ECONMINCOUNS
""".split())


def _split_title_name(who: str) -> tuple[str | None, str | None]:
    """`Ambassador Mark Langdale` -> (Ambassador, Mark Langdale); see the test table for the forms."""
    who = who.strip(" .,:;-")
    if not who:
        return None, None
    if "," in who:
        left, right = (p.strip(" .,") for p in who.split(",", 1))
        if _all_title(left.split()) and right:
            # `S/CT DAS, Susan F. Burk`; `CDA, A.I. RON MCMULLEN` (the title goes on after the comma)
            more, name = _split_title_name(right)
            return (f"{left}, {more}" if more else left), name
        first = right.split()[0] if right else ""
        if right and (_is_title(first) or first.upper().strip(",") in POST_WORDS):
            # `JOSIAH H. BEEMAN, AMBASSADOR`; `Gene A. Cretz, Ambassador, U.S. Embassy Tripoli`;
            # `POLITICAL COUNSELOR RICHARD MCKEE, EMBASSY ANKARA` (title before and after the name)
            before, name = _split_title_name(left)
            return ", ".join(t for t in (before, right) if t), name or left
        who = left if _all_title(right.split()) else who
    tokens = [t for t in who.split() if t.strip("-")]
    if _all_title(tokens):
        return " ".join(tokens), None  # a title and no name: `Charge d'Affaires, for reasons …` (09SANSALVADOR708)
    mixed = any(c.islower() for c in who)
    leading = [i for i in range(len(tokens) - 1) if _is_title(tokens[i])]
    if tokens and (_is_title(tokens[0]) or _is_office(tokens[0], mixed)
                   or (leading and not _is_title(tokens[-1]) and len(tokens) - leading[-1] - 1 >= 2)):
        # The title runs to its last title word before the name: `ISN/MTR DIRECTOR PAM DURHAM`,
        # `IO Assistant Secretary Esther Brimmer`, `Acting POLE Counselor Leslie Freriksen`, and
        # an office named in words before it (`GLOBAL ISSUES CHIEF SUSAN GARRO`, 06THEHAGUE380).
        last = max(leading, default=0)
        title, name = tokens[: last + 1], tokens[last + 1:]
    else:
        j = len(tokens)  # a title after the name: `CHARLES BARCLAY POLITICAL COUNSELOR`
        while j > 1 and _is_title(tokens[j - 1]):
            j -= 1
        title, name = tokens[j:], tokens[:j]
    title_text = re.sub(r"(?<![A-Z]\.[A-Z])\.$", "", " ".join(title).strip(" ,-"))  # keep `A.I.`
    return (title_text or None), (" ".join(name).strip(" .,-") or None)


def _is_title(token: str) -> bool:
    """A title word, or an office symbol (`ISN/MTR`, `S/CT`, `P/E`)."""
    word = token.upper().strip(",.-")
    return word in TITLE_WORDS or token.upper().strip(",-") in TITLE_WORDS or bool(re.fullmatch(r"[A-Z]{1,6}(?:/[A-Z]{1,6})+", word))


def _is_office(token: str, mixed: bool) -> bool:
    """A bureau acronym before a title in mixed-case text (`IO Assistant Secretary`, `EUR`)."""
    return mixed and token.isupper() and 2 <= len(token.strip(",.")) <= 5


def _all_title(tokens: list[str]) -> bool:
    return bool(tokens) and all(_is_title(t) for t in tokens)


def parse_reasons(text: str) -> tuple[str, ...]:
    """`1.4 (b) & (d)`, `1.5 (B) AND (D)`, `1.4 (B/D)`, `1.4(B)(D)` -> ('1.4(b)', '1.4(d)')."""
    out: list[str] = []
    for m in REASON_CODE_RE.finditer(text):
        letters = REASON_LETTER_RE.findall(m["rest"][:40])
        for letter in letters:
            code = f"1.{m['sec']}({letter.lower()})"
            if code not in out:
                out.append(code)
    return tuple(out)


def parse_classified_by(text: str) -> ClassifiedBy | None:
    """From the first `Classified By` clause of the preamble (or of paragraph 1)."""
    m = CLASSIFIED_BY_RE.search(text)
    if not m:
        return None
    # The clause runs to the first blank line (and over a block that is only the end of its
    # reasons); join its wrapped lines (and `REA \nSONS`).
    parts = re.split(r"\n[ \t]*\n", text[m.end():], maxsplit=1)
    block = parts[0]
    tail = REASONS_TAIL_RE.match(parts[1]) if len(parts) == 2 else None
    if tail:
        block += " " + tail[0]
    block = " ".join(block.replace("\u2019", "'").split())
    block = SPLIT_REASONS_RE.sub("REASONS", block)
    r = REASON_START_RE.search(block)
    who = block[: r.start()] if r else block
    # `Classified By: CLASSIFIED BY POLITICAL COUNSELOR …` (04THEHAGUE1846), `… Classifed by POL M/C …` (09PARIS1007)
    who = CLASSIFIED_BY_AGAIN_RE.sub("", who)
    who = re.sub(r"[\s,]*[^\s,]*(?:\.{3}|…)$", "", who.rstrip())  # a page cut short: `Ronald P. Spogli, A...`
    who = re.sub(r"\b(?:for|per|reasons?)\b[ \t]*$", "", who, flags=re.IGNORECASE).strip(" .,;:")
    if len(who) > 120:  # no reason clause found: the name ends at the first sentence end
        who = re.split(r"(?<=[a-z]{2})\.[ \t]", who, maxsplit=1)[0][:120]
    title, name = _split_title_name(COMMA_APOSTROPHE_RE.sub(r"\1'", who))
    return ClassifiedBy(name=name, title=title, reasons=parse_reasons(block))
