"""Mentions of people in a cable's header fields: routing lines, the e-mails REF lines cite,
person TAGS, the `Classified By:` line and the signer."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cablesearch.parse.names import fold
from cablesearch.parse.people.mentions import Mention, is_initial
from cablesearch.parse.people.words import (EXTRA_COMMON, MAX_NAME_WORDS, ORG_WORDS, TAG_PERSON_RE, acronym_words,
                                            is_title_word, known_surnames, name_words, word_lists)


#: A routing line of the header: ``NSC FOR BRAUN``, ``USDA FOR OSTA/LIZ JONES, OCRA/JOE KOWALSKI``,
#: ``PLEASE PASS TO NSC (SCOTT BUSBY)``.
ROUTING_RE = re.compile(r"^[ \t]*(?:[A-Z][\w/&.-]*[ \t]+){0,3}(?:ALSO[ \t]+)?(?P<verb>FOR|for|PASS(?:[ \t]+TO)?|pass(?:[ \t]+to)?)"
                        r"[ \t]+(.+)$", re.MULTILINE)
#: A routing line that runs on to the next line (``NSC FOR`` / ``SCHEINMAN, CONNERY``).
RUNS_ON_RE = re.compile(r"(?:\bFOR|\bAND|,)[ \t]*$")
#: Office codes of five letters or more that routing lines name (shorter all-caps words are all codes).
OFFICE_CODES = frozenset("""
oasia usaid eucom pacom centcom southcom africom northcom usnato usosce usmission unvie ustr usdoc usdoe
usda dhs opic exim ofac fincen osta ocra ofso polmil econ attn attention please pass only info action usfcs
eximbank
""".split())


def routing_lines(header: str) -> list[str]:
    """The header's routing lines, each with what it runs on to, split at `;` (each part names
    its own office: ``DOE FOR NA-24; NSC FOR SCHEINMAN``)."""
    lines = header.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        while ROUTING_RE.match(line) or line.rstrip().endswith("FOR"):
            if not (RUNS_ON_RE.search(line) and i + 1 < len(lines) and lines[i + 1].strip()):
                break
            i += 1
            line = line.rstrip() + " " + lines[i].strip()
        out.extend(line.split(";"))
        i += 1
    return out


def _routing_word(word: str, run: list[str]) -> bool:
    """Can this ALL CAPS word of a routing line be (part of) a name, `run` being the name so far?"""
    common, places, given = word_lists()
    bare = word.rstrip(".")
    f = fold(bare)
    if not (bare and bare.isalpha() and bare.isupper()):
        return False
    if is_initial(word):
        return True
    if len(bare) > 2 and f in given or len(bare) > 1 and run and fold(run[-1]) in given:
        return True  # `LIZ`, `CAROLYN GAY`
    if f in OFFICE_CODES or f in ORG_WORDS or f in places or f in EXTRA_COMMON or is_title_word(f) \
            or f in acronym_words() and f not in known_surnames() or f.endswith("s") and is_title_word(f[:-1]):
        return False  # (`BOARD OF GOVERNORS`)
    if len(bare) == 4:
        return f in known_surnames()  # `NSC FOR WOOD`; most four-letter words here are office codes
    return len(bare) > 4 and (f not in common or f in name_words())


def _unglue(word: str) -> list[str]:
    """An initial run into the surname: `D.MENNUTI` -> `D.`, `MENNUTI`; `WLINDQUIST` -> `W.`,
    `LINDQUIST` when only the surname is known."""
    m = re.fullmatch(r"([A-Z]\.)([A-Z]{3,})", word)
    if m:
        return [m.group(1), m.group(2)]
    known = known_surnames()
    if len(word) > 5 and word.isalpha() and word.isupper() and fold(word) not in known and fold(word[1:]) in known:
        return [word[0] + ".", word[1:]]
    return [word]


def routing_mentions(header: str) -> Iterable[Mention]:
    common, places, given = word_lists()
    for logical in routing_lines(header):
        line = ROUTING_RE.match(logical)
        if not line:
            continue
        body = line.group(2)
        if not line.group("verb").upper().startswith("FOR"):
            # `STATE PASS TO FED BOARD OF GOVERNORS FOR ROBITAILLE`: an office, then its people
            body = re.split(r"\b(?:FOR|for)\b", body, maxsplit=1)[-1]
        for paren in re.finditer(r"\(([A-Z][A-Z'-]{2,})\)", body):
            f = fold(paren.group(1))  # `STATE FOR EEB (EGAN)`, `FOR IO/EDA (KOTOK)`
            if f not in OFFICE_CODES and f not in EXTRA_COMMON and f not in places and \
                    (f not in common or f in name_words()) and re.search(r"[AEIOUY]", paren.group(1)):
                yield Mention([paren.group(1)], True)
        for part in re.split(r"\b(?:FOR|for)\b", body):
            for seg in re.split(r"[,;()]|\s+(?:AND|and|-)\s+", part):
                run: list[str] = []
                pieces = [(w, k > 0) for token in seg.split() for k, w in enumerate(re.split(r"[/:]", token))]
                for piece, after_slash in [*pieces, ("", True)]:
                    words = _unglue(piece) if piece else [""]
                    for word in words:
                        if after_slash and run and word is words[0]:
                            yield from _run_mention(run, given)  # `ABRAMS/DORAN`; `OES/EGC` starts an office
                            run = []
                        if word and _routing_word(word, run):
                            run.append(word)
                            continue
                        yield from _run_mention(run, given)
                        run = []


def _run_mention(run: list[str], given: frozenset[str]) -> Iterable[Mention]:
    run = [w if is_initial(w) else w.rstrip(".") for w in run]  # `COMMERCE FOR NATE MASON.`
    while run and is_initial(run[-1]):
        run = run[:-1]
    if run:
        starts = [i for i, w in enumerate(run) if fold(w) in given]
        yield Mention(run[starts[0]:] if starts and len(run) - starts[0] >= 2 else run, True)


#: A REF block: `REF: A) ... B) ...` and the lines it runs on to.
REF_BLOCK_RE = re.compile(r"^[ \t]*REF(?:S|TEL|TELS)?\b.*(?:\n(?![ \t]*\n|[ \t]*(?:E\.O\.|TAGS|SUBJECT|Classified))"
                          r".*){0,8}", re.MULTILINE | re.IGNORECASE)
#: A note between people that a REF item cites: `JOHNSON-STEVENS/GODFREY E-MAIL`, `Hodgson emails to Duguid`.
REF_NOTE_RE = re.compile(r"\b(?:E-?MAILS?|TELCONS?|MEMCONS?)\b", re.IGNORECASE)
#: Where a REF item starts: `A)`, `B.`, `;`, `:`, a line break.
REF_ITEM_START_RE = re.compile(r"(?:^|[;:\n]|\b[A-Z][.)][ \t])[^;:\n]*$")


def ref_mentions(header: str) -> Iterable[Mention]:
    """The people whose e-mails, telcons or memcons a REF item cites (07REYKJAVIK85, 08TRIPOLI396,
    07THEHAGUE246): the words before the note, split at `/` and `-`, and after `to` following it."""
    for block in REF_BLOCK_RE.finditer(header):
        text = block.group()
        for note in REF_NOTE_RE.finditer(text):
            start = REF_ITEM_START_RE.search(text, 0, note.start())
            chunks = [text[start.start():note.start()] if start else ""]
            after = re.match(r"\s+(?:to|TO)\s+([\w'’/-]+)", text[note.end():note.end() + 80])
            if after:
                chunks.append(after.group(1))
            for chunk in chunks:
                for word in re.split(r"[\s/&-]+", chunk):
                    word = word.strip(".,()'’")
                    if _ref_name_word(word):
                        yield Mention([word], caps=word.isupper())


MONTHS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
                   "august september october november december".split())


def _ref_name_word(word: str) -> bool:
    common, places, given = word_lists()
    f = fold(word)
    if not re.fullmatch(r"[A-Z][A-Za-z'’]+", word) or f in OFFICE_CODES or f in places or f in ORG_WORDS:
        return False
    if f in acronym_words() or f in EXTRA_COMMON or is_title_word(f) or f in MONTHS or REF_NOTE_RE.fullmatch(word):
        return False
    return f in known_surnames() or f in given or len(word) > 3 and f not in common


def tag_person(tag: str) -> Mention | None:
    m = TAG_PERSON_RE.match(tag.strip())
    if not m:
        return None
    surname, given = m.group(1).strip(), m.group(2).strip()
    words = given.replace(".", ". ").split() + surname.split()
    if not words:
        return None
    return Mention(words, caps=True)


def plain_name(name: str) -> Mention | None:
    """A name from a header field (``Charles V. Barclay``, ``TOM MCDONALD``, signer ``GARZA``)."""
    name = re.sub(r"\s+", " ", name).strip(" .,;:")
    name = re.split(r"(?i)\breaso", name)[0].strip(" .,;:")  # `Andrew J. Schofer Reaso N S 1.4`
    words = [w for w in name.replace(".", ". ").split() if w]
    words = [w if is_initial(w) else w.rstrip(".") for w in words]
    if not words or any(not re.fullmatch(r"[^\W\d_][\w'’-]*\.?", w) for w in words):
        return None
    if len(words) > MAX_NAME_WORDS:
        return None
    common, places, _given = word_lists()
    folded = [fold(w.rstrip(".")) for w in words if not is_initial(w)]
    if not folded or any(f in ORG_WORDS or f in places or f in EXTRA_COMMON for f in folded):
        return None
    if len(folded) > 1 and all(f in common for f in folded):
        return None
    return Mention(words, caps=all(w.isupper() for w in words))


