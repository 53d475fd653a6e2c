"""Body -> paragraphs (number, marking, withheld, text), summary, signer.

People search cables paragraph by paragraph ("which paragraph marked S/NF
talks about X"), so the body is cut where the drafter cut it: at the numbered
paragraphs, with each paragraph's portion marking and FOIA exemption codes
taken out of the text and kept as fields. The summary is read here too
because it is found from the same paragraph structure; the signer and the
trailer are cut off first (signer.py).

Contract:

    parse_body(body: str) -> Body
        ``body`` is the cleaned text after the header fields (after SUBJECT/
        REF/Classified By), page noise already removed by clean.py, NOT yet
        reflowed. Body is a frozen dataclass defined here:
            paragraphs: tuple[model.Paragraph, ...]
            summary: str | None
            signed_by: tuple[str, ...]
    normalise_marking(mark: str) -> str | None
        the portion mark in canonical form (`parse/markings.py`, used here).
    The summary is found by `parse/summary.py`.

Decisions (the tests hold the real snippet behind each):

* Paragraph numbers must make a sequence: the next number, a skip of a few
  (a wholly withheld paragraph is missing in FOIA releases: MEXICO 006043
  goes 2, 4), or, with a marking, a restart (a quoted cable). In a cable
  whose paragraphs carry markings an unmarked number counts only where it
  fits before the next marked one, so a "1. 2. 3." list inside paragraph 7
  stays in its text. A 4-digit number is a wrapped year (WikiLeaks'
  ``¶2004.`` bug), never a paragraph.
* Lettered items (``A.``) are paragraphs when they carry a marking like
  paragraphs do, or in a body without numbered paragraphs; otherwise they
  are sub-items kept in the text.
* Everything from one number to the next belongs to that paragraph, blank
  lines included, except headings, withheld-code lines and a block opening
  with a portion mark of its own ("(S/REL NATO) Begin Talking Points:").
  Sub-items keep their own lines; wrapped lines are joined.
* Headings (``Summary`` underlined with dashes, a boxed ``PARSON'S
  DAUGHTER``, a short title line before a numbered paragraph as in the FOIA
  OCR) become the ``heading`` of the numbered paragraph they introduce, so
  paragraph counts match the cable's numbering (fields.md: MEXICO 006043
  has 14) and nothing searchable is lost; a heading with no numbered
  paragraph after it stays an unnumbered paragraph. Dashed rules are dropped.
* Text before the first number, after a heading, or in a body without
  numbers becomes unnumbered paragraphs, one per blank-line block (one per
  line in unwrapped press texts).
* Withheld-code lines (``B1``, ``B1, B7(A)``) go to the paragraph they follow
  (to the next one when nothing precedes them). A wholly withheld paragraph
  is not invented.
* ``signed_by`` lists the signers in text order, each once: a relayed cable
  ``CIANCHETTE / UNQUOTE / RICE`` gives ``("CIANCHETTE", "RICE")`` (the last
  one signed this cable); ``CLINTON UNQUOTE CLINTON`` gives ``("CLINTON",)``.
  Names are kept as written (``Murphy``). Signer lines, ``UNQUOTE``, the
  repeated banner and the post's "Visit … Classified Website" footer are
  removed from the last paragraph (a footer that is a numbered paragraph of
  its own is kept: the numbering is the cable's).
* ``summary`` is the text between ``Summary:`` (or a ``Summary`` heading) and
  ``End Summary``, without those words; it may span paragraphs (joined by a
  newline). Paragraph texts keep their own ``Summary:`` words.
* Paragraph and summary texts go through ``clean.repair_text`` (``&…8``
  quotes, ``PM,s``); WikiLeaks' ``¶`` anchors are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cablesearch import model
from cablesearch.parse.clean import reflow, repair_text
from cablesearch.parse.markings import normalise_marking
from cablesearch.parse.signer import take_signers
from cablesearch.parse.summary import find_summary


@dataclass(frozen=True, slots=True)
class Body:
    paragraphs: tuple[model.Paragraph, ...] = ()
    summary: str | None = None
    signed_by: tuple[str, ...] = ()


# ------------------------------------------------------------------- trailer

# ---------------------------------------------------------------- structure

# A numbered paragraph at a line start: "1. (C)", "¶2. (SBU)", "1.(S/NF)", "2.On September 14"
# (09CAIRO1778), "1 (C) On June 16" without the dot (05BRASILIA1621), "1) (U) Summary." (05BRASILIA1922)
# (these two taken only with a marking),
# "¶2004." (a wrapped year); not "1.4 (b)" nor "1.5 million".
_NUMBER_RE = re.compile(
    r"[ \t]*¶?[ \t]*(?P<num>\d{1,4})"
    r"(?:[ \t]*(?P<dot>\.)(?!\d)(?:[ \t]+|(?=\()|(?=[A-Z][A-Za-z])|$)|\)?[ \t]+(?=\([A-Za-z/ ]{1,12}\)))")
# The line before a number that only wrapped there: "please see para\n¶4." (09CAIRO1778).
_WRAPPED_BEFORE_RE = re.compile(r"(?:[a-z,]|\b(?:PARAS?|PARAGRAPHS?|REFTEL|AND|OF|TO|IN|SEE|THE))[ \t]*$",
                                re.IGNORECASE)
# A lettered item at a line start: "¶B. GUHA-CARTER E-MAIL"; not "U.S.".
_LETTER_RE = re.compile(r"[ \t]*¶?[ \t]*(?P<num>[A-Z])\.(?:[ \t]+|$)")
# A portion mark right after the number or at the start of an unnumbered block.
_MARK_RE = re.compile(r"[ \t]*\((?P<mark>[^()\n]{1,60})\)[ \t]*[.:]?[ \t]*")
# The 1979 SMART form without brackets: "1. C - ENTIRE TEXT." (FORMATS.md §9).
# An entire-text mark written out, with or without brackets: "CONFIDENTIAL - ENTIRE TEXT." (85GABORONE98),
# "SECRET ENTIRE TEXT." (85STATE38496), "SECRET/NOFORN - ENTIRE TEXT." (85MOGADISHU1242),
# "(SECRET/NOFORN/WNINTEL/NO CONTRACT/ORCON-ENTIRE TEXT)" (85MOGADISHU1643).
_BARE_ENTIRE_RE = re.compile(
    r"[ \t]*\(?(?P<mark>(?:TS|S|C|U|LOU|SBU|UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP[ \t]+SECRET|LIMITED[ \t]+OFFICIAL[ \t]+USE)"
    r"(?:[ \t]*/[ \t]*[A-Z][A-Z ]{1,20}?)*[ \t]*-?[ \t]*ENTIRE[ \t]+TEXT)[ \t]*\.?\)?[ \t]*\.?[ \t]*")
# What is left after a bracketed mark: "1. (C) - ENTIRE TEXT." (79ANKARA6618).
_AFTER_MARK_ENTIRE_RE = re.compile(r"[ \t]*-?[ \t]*ENTIRE[ \t]+TEXT[ \t]*\.?[ \t]*")
# A dashed (or boxed) heading rule, also split across "------ ----".
_RULE_RE = re.compile(r"[ \t]*(?:[-=_*][ \t]*){3,}")
# A rule inside an unwrapped line: "SUMMARY ------- 1. (SBU) Land" (06SAOPAULO332).
# Not a dash run inside a sentence: "partners. ---------- told us recently" (08MOSCOW2759).
_INLINE_RULE_RE = re.compile(
    r"[ \t]*(?<![-=])(?:-{4,}|={4,})(?:[ \t]+(?:-{3,}|={3,}|(?:--|==)(?![ \t]*\w)))*[ \t]*(?![ \t]*[a-z])")
# A paragraph number inside an unwrapped line: "… questions. 5. (U) The Department" (09STATE112644).
# Also after an inline heading: "Governor and VP candidate Cobos 2.  (U) On August 16" (07BUENOSAIRES1673).
_INLINE_NUMBER_RE = re.compile(r"(?<=[^\d\s,/-])[ \t]+(?=¶?\d{1,2}\.[ \t]*\((?P<mark>[^()\n]{1,40})\))")
_PARA_WORD_RE = re.compile(r"\b(?:paras?|paragraphs?|and)\.?$", re.IGNORECASE)
# FOIA exemption codes standing in for withheld text: "B1", "B1, B7(A)", "B1, 1.4(B)".
_CODE = r"(?:B[ \t]?\d(?:[ \t]?\([A-Za-z]\))?|1\.\d[ \t]?\([A-Za-z]\))"
_CODES_LINE_RE = re.compile(rf"[ \t]*{_CODE}(?:[ \t]*[,;]?[ \t]*{_CODE})*[ \t]*")
_CODE_RE = re.compile(_CODE)
_UNWRAPPED = 100  # a line longer than this was never hard-wrapped


# Noise clean.py normally removes, dropped here too when a bit remains (MEXICO006043-2007.txt):
# a State Department review stamp block, "DECONTROLLED/UNCLASSIFIED", OCR markdown
# ("~~B1, B7(A)~~", "#### Attorney General Lauds …").
_NOISE_LINE_RE = re.compile(
    r"[ \t]*(?:DECONTROLLED/UNCLASSIFIED|UNITED STATES DEPARTMENT OF STATE|CLASSIFIED BY DEPT\..*|"
    r"REVIEW AUTHORITY:.*|APPEAL ACTION:.*|REASON\(S\):.*|CLASSIFICATION: .*REASON.*|DECLASSIFY AFTER:.*|"
    r"DATE/CASE ID:.*|"
    r"-)[ \t]*")  # a lone dash between paragraphs (cables.csv 1985 rows: "ENTIRE TEXT) \n \n- \n2.")
_MARKDOWN_RE = re.compile(r"~~|^#{1,6}[ \t]+")


def _split_lines(text: str) -> tuple[list[str], set[int]]:
    """Lines without trailing space, inline rules and inline paragraph numbers on lines of their own.

    Also returns the indexes of the lines cut out of an unwrapped line at a
    paragraph number: those are taken only where they continue the sequence.
    """
    out: list[str] = []
    inline: set[int] = set()

    def cut(m: re.Match) -> str:
        if normalise_marking(m["mark"]) and not _PARA_WORD_RE.search(m.string[max(0, m.start() - 20):m.start()]):
            return "\n\x00"
        return m.group(0)

    # (Each pattern is tried only on a line holding the text it cannot match without: a
    # search from every position of every line is most of a cable's parse otherwise.)
    for line in text.split("\n"):
        line = line.rstrip()
        if "~~" in line or line.startswith("#"):
            line = _MARKDOWN_RE.sub("", line)
        if _NOISE_LINE_RE.fullmatch(line):
            continue
        if len(line) > 8 and ("----" in line or "====" in line) and _INLINE_RULE_RE.search(line) \
                and not _RULE_RE.fullmatch(line):
            line = _INLINE_RULE_RE.sub("\n-----\n", line)
        if len(line) > _UNWRAPPED and "(" in line:
            line = _INLINE_NUMBER_RE.sub(cut, line)
        for part in line.split("\n"):
            if part.startswith("\x00"):
                inline.add(len(out))
                part = part[1:]
            out.append(part.rstrip())
    return out, inline


def _candidate(line: str) -> tuple[int, str | None, int] | None:
    """(number, marking, offset of the text) when the line starts with a paragraph number.

    The marking may also come first: "(C) 1. In a visit to The Hague" (03THEHAGUE1865).
    """
    premark, start = _marking_at(line, 0)
    m = _NUMBER_RE.match(line, start)
    if not m:
        return None
    mark, end = _marking_at(line, m.end())
    if not m["dot"] and not mark:
        return None
    return int(m["num"]), mark or premark, end


def _marking_at(line: str, pos: int) -> tuple[str | None, int]:
    for regex in (_BARE_ENTIRE_RE, _MARK_RE):
        m = regex.match(line, pos)
        if m:
            mark = normalise_marking(m["mark"])
            if mark:
                rest = _AFTER_MARK_ENTIRE_RE.match(line, m.end())
                return mark, rest.end() if rest else m.end()
    return None, pos


def _choose_numbers(cands: list[tuple[int, int, str | None, bool]], inline: set[int]) -> set[int]:
    """Which candidate lines (index, number, marking, wrapped) start paragraphs; see the module docstring."""
    marked_style = sum(1 for c in cands if c[2]) >= 2
    chosen: set[int] = set()
    last = 0
    for i, (idx, n, mark, wrapped) in enumerate(cands):
        if n >= 1000 or n == 0:
            continue  # "¶2004." is a wrapped year (WikiLeaks par2004 bug)
        if idx in inline:
            ok = last < n <= last + 2
        elif mark or i == 0:  # a body may start later: a partial extract, a snippet
            ok = 1 <= n <= last + 10 or (not chosen and (mark or n <= 20))
        else:
            ok = last < n <= last + 4 and not (wrapped and n != last + 1)
            if ok and marked_style:
                nxt = next((c[1] for c in cands[i + 1:] if c[2]), None)
                ok = nxt is None or nxt > n
        if ok:
            chosen.add(idx)
            last = n
    return chosen


def _choose_letters(lines: list[str], numbered: set[int]) -> dict[int, str]:
    """Lettered paragraphs A., B., C. … in order.

    In a body without numbered paragraphs, any lettered sequence opening a
    block; otherwise only lettered items that carry a marking like
    paragraphs do ("¶A. (C) TIM -- The New Leader", 05SOFIA1207); unmarked
    ones are sub-items of their paragraph.
    """
    chosen: dict[int, str] = {}
    expected = "A"
    for idx, line in enumerate(lines):
        if idx in numbered:
            expected = "A"
            continue
        m = _LETTER_RE.match(line)
        if not m or m["num"] != expected:
            continue
        if numbered:
            ok = _marking_at(line, m.end())[0] is not None
        else:
            ok = idx == 0 or not lines[idx - 1].strip() or "¶" in line
        if ok:
            chosen[idx] = expected
            expected = chr(ord(expected) + 1)
    return chosen if numbered or len(chosen) >= 2 else {}


@dataclass
class _Draft:
    number: str | None
    marking: str | None
    lines: list[str]
    withheld: list[str]


def _is_heading(block: list[str]) -> bool:
    """A short title line: "Interior Secretary, Staff Discuss New Intel Center" (MEXICO 006043)."""
    text = " ".join(line.strip() for line in block)
    if not text or len(block) > 2 or len(text) > 90 or text.endswith((".", ",", ";", "--")):
        return False
    if text.endswith(":") and len(text.split()) > 6:
        return False  # "ARTICLE 98:" is a heading (05BRASILIA1130), a lead-in sentence is not
    if re.match(r"\(?END\b|X{6,}|--|[-•*]|\(?[a-zA-Z0-9]\)", text, re.IGNORECASE):
        return False
    return text[0].isupper() and len(re.findall(r"[A-Za-z]", text)) >= 3


def _trailing_block(lines: list[str]) -> list[str]:
    """The lines after the last blank line."""
    block: list[str] = []
    for line in reversed(lines):
        if not line.strip():
            break
        block.insert(0, line)
    return block


def _split_heading(draft: _Draft) -> _Draft | None:
    """Take a trailing heading block (after a blank line) off a paragraph."""
    lines = draft.lines
    while lines and not lines[-1].strip():
        lines.pop()
    if "" not in lines:
        return None
    cut = len(lines) - 1 - lines[::-1].index("")
    block = lines[cut + 1:]
    if not any(line.strip() for line in lines[:cut]) or not _is_heading(block):
        return None
    del lines[cut:]
    return _Draft(None, None, block, [])


# A sub-numbered item opening an unnumbered block: "27.A. (SBU) Colombia is …" (07BOGOTA1457, TIP reports).
_SUBNUMBER_RE = re.compile(r"[ \t]*¶?[ \t]*(?P<num>\d{1,2}\.[A-Z])\.?(?:[ \t]+|(?=\())")


def _free_draft(line: str) -> _Draft:
    """An unnumbered paragraph opened by ``line`` (which may carry a marking or a "27.A." number)."""
    m = _SUBNUMBER_RE.match(line)
    number = m["num"] if m else None
    mark, end = _marking_at(line, m.end() if m else 0)
    return _Draft(number, mark, [line[end:]], [])


def _continues(draft: _Draft, line: str) -> bool:
    """Whether text after a blank line still belongs to an unnumbered paragraph.

    It does in a marked portion ("(S/REL NATO) Begin Talking Points:" and the
    points after it, 09STATE127892), for sub-items ("-- The United States …"),
    and across an OCR page break inside a sentence.
    """
    text_lines = [x for x in draft.lines if x.strip()]
    if not text_lines:
        return False
    if draft.marking or line.lstrip()[:1].islower() or _LIST_START_RE.match(line.lstrip()):
        return True
    prev = text_lines[-1].rstrip()
    return 40 <= len(prev) <= _UNWRAPPED and not prev.endswith(_SENTENCE_END) \
        and not _is_heading(_trailing_block(draft.lines))


def _wrapped_before(lines: list[str], idx: int, rest: str) -> bool:
    """Whether the number on line ``idx`` only continues a wrapped sentence ("see para\n\n¶4.")."""
    prev = idx - 1
    while prev >= 0 and not lines[prev].strip() and not rest:
        prev -= 1
    return prev >= 0 and bool(_WRAPPED_BEFORE_RE.search(lines[prev]))


def _new_portion(draft: _Draft, line: str) -> bool:
    """Whether a block opening with a portion mark starts a portion of its own.

    "(S/REL NATO) Begin Talking Points:" after paragraph 4 (09STATE127892) does.
    Inside a numbered paragraph a one-letter mark may be a list letter ("(C)
    Carrying firearms" answering "(A) … (B) …", 06BUENOSAIRES109): only
    marks that cannot be letters start a portion there.
    """
    mark, _ = _marking_at(line, 0)
    return mark is not None and (draft.number is None or len(mark) > 1)


def _segment(lines: list[str], inline: set[int]) -> list[_Draft]:
    """Cut the lines into paragraph drafts: numbered, headings, unnumbered blocks."""
    cands = []
    for idx, line in enumerate(lines):
        c = _candidate(line)
        if c:
            cands.append((idx, c[0], c[1], _wrapped_before(lines, idx, line[c[2]:].strip())))
    numbered = _choose_numbers(cands, inline)
    letters = _choose_letters(lines, numbered)
    drafts: list[_Draft] = []
    pending_codes: list[str] = []
    cur: _Draft | None = None

    def split_heading() -> None:
        heading = _split_heading(cur) if cur is not None and cur.number else None
        if heading:
            drafts.append(heading)

    def open_(draft: _Draft) -> _Draft:
        draft.withheld += pending_codes
        pending_codes.clear()
        drafts.append(draft)
        return draft

    for idx, line in enumerate(lines):
        blank_before = idx == 0 or not lines[idx - 1].strip()
        if idx in numbered or idx in letters:
            split_heading()
            if idx in numbered:
                n, mark, end = _candidate(line)
                number = str(n)
            else:
                m = _LETTER_RE.match(line)
                mark, end = _marking_at(line, m.end())
                number = m["num"]
            cur = open_(_Draft(number, mark, [line[end:].lstrip(" .:")], []))
        elif _RULE_RE.fullmatch(line):
            # "Title\n-----": an underlined title; "-----\nTitle\n-----": a boxed one.
            underline = not blank_before and not _RULE_RE.fullmatch(lines[idx - 1])
            if cur is not None and underline and cur.lines and cur.lines[-1] == lines[idx - 1]:
                block = _trailing_block(cur.lines)  # the rule makes it a heading: up to two lines
                if len(block) > 2 or sum(len(x) for x in block) > 160:
                    block = block[-1:]
                if any(x.strip() for x in cur.lines[:len(cur.lines) - len(block)]):
                    del cur.lines[len(cur.lines) - len(block):]
                    drafts.append(_Draft(None, None, block, []))
            else:
                split_heading()
            cur = None  # what follows a heading is not the previous paragraph's text
        elif _CODES_LINE_RE.fullmatch(line) and _CODE_RE.search(line):
            codes = [re.sub(r"[ \t]", "", c).upper() for c in _CODE_RE.findall(line)]
            target = cur.withheld if cur is not None else pending_codes
            target += [c for c in codes if c not in target]
        elif not line.strip():
            if cur is not None:
                cur.lines.append("")
        elif cur is None or (blank_before and _new_portion(cur, line)):
            cur = open_(_free_draft(line))
        elif cur.number is None and blank_before and not _continues(cur, line):
            cur = open_(_free_draft(line))
        elif cur.number is None and len(lines[idx - 1]) > _UNWRAPPED and not line.lstrip()[:1].islower():
            cur = open_(_free_draft(line))  # unwrapped press text: one line per paragraph
        else:
            cur.lines.append(line)
    if pending_codes and drafts:
        drafts[-1].withheld += [c for c in pending_codes if c not in drafts[-1].withheld]
    return [d for d in drafts if d.number or any(re.search(r"\w", x) for x in d.lines)]


_SENTENCE_END = (".", "!", "?", ":", '"', "'", "”", ")", "]")


def _text_of(lines: list[str]) -> str:
    """One line per paragraph; sub-items and unwrapped sub-paragraphs on lines of their own."""
    spaced = []
    for line in lines:
        spaced.append(line)
        if len(line) > _UNWRAPPED:
            spaced.append("")  # an unwrapped line is a whole sub-paragraph
    blocks = reflow("\n".join(spaced)).split("\n\n")
    out: list[str] = []
    for block in blocks:
        # A blank line inside a sentence (OCR page break: "his secretariat\n\nto improve") joins.
        if out and (block[:1].islower() or (not out[-1].endswith(_SENTENCE_END) and block[:1] != "-"
                                            and not _LIST_START_RE.match(block))):
            out[-1] += " " + block
        else:
            out.append(block)
    text = "\n".join(out).replace("¶", "")  # WikiLeaks' paragraph anchors are not the cable's
    return re.sub(r"[ \t]{2,}", " ", text).strip()


_LIST_START_RE = re.compile(r"(?:-{1,2}|[•*·]|[A-Za-z]\.|\(?[A-Za-z0-9]{1,3}\)|\d{1,2}\.)(?:[ \t]|$)")


# --------------------------------------------------------------------- body

# SIPDIS is a distribution caveat, never text, yet the Cablegate conversion injected it
# where a line broke (FORMATS.md §3): on a line of its own ("requesting assistance \n \nSIPDIS
# \nto return", 06BRASILIA2425) or mid-sentence ("several key technical SIPDIS positions").
_SIPDIS_LINE_RE = re.compile(r"(?:[ \t]*\n){1,3}[ \t]*SIPDIS[ \t]*(?=\n|$)")
_SIPDIS_WORD_RE = re.compile(r"(?<=\S)[ \t]+SIPDIS(?=[ \t]+\S)")


def _drop_sipdis(text: str) -> str:
    if "SIPDIS" not in text:
        return text
    return _SIPDIS_WORD_RE.sub("", _SIPDIS_LINE_RE.sub("", text))


def parse_body(body: str) -> Body:
    """Paragraphs, summary and signers of a cable body (see the module docstring)."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    text = _drop_sipdis(text)
    text, signers = take_signers(text)
    drafts = _segment(*_split_lines(text))
    paragraphs = []
    for d in drafts:
        paragraphs.append(model.Paragraph(d.number, d.marking, tuple(d.withheld), repair_text(_text_of(d.lines))))
    summary = find_summary([p.text for p in paragraphs])
    return Body(paragraphs=_attach_headings(paragraphs), summary=summary, signed_by=tuple(signers))


def _attach_headings(paragraphs: list[model.Paragraph]) -> tuple[model.Paragraph, ...]:
    """Fold a bare title line into the numbered paragraph after it, as its ``heading``.

    Paragraph numbers are what readers cite ("para 4"), so a section title
    must not count as a paragraph (fields.md: MEXICO 006043 has 14).
    """
    out: list[model.Paragraph] = []
    pending: model.Paragraph | None = None
    for p in paragraphs:
        if pending is not None:
            if p.number is not None and p.heading is None:
                p = replace(p, heading=pending.text)
            else:
                out.append(pending)
            pending = None
        if (p.number is None and p.marking is None and not p.withheld and "\n" not in p.text
                and _is_heading([p.text])):
            pending = p
            continue
        out.append(p)
    if pending is not None:
        out.append(pending)
    return tuple(out)
