"""Mentions of people in a cable's header fields: routing lines, person TAGS, the
`Classified By:` line and the signer."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cablesearch.parse.names import fold
from cablesearch.parse.people.mentions import Mention, is_initial
from cablesearch.parse.people.words import (EXTRA_COMMON, MAX_NAME_WORDS, ORG_WORDS, TAG_PERSON_RE, is_title_word,
                                            name_words, word_lists)


#: A routing line of the header: ``NSC FOR BRAUN``, ``USDA FOR OSTA/LIZ JONES, OCRA/JOE KOWALSKI``.
ROUTING_RE = re.compile(r"^[ \t]*(?:[A-Z][\w/&.-]*[ \t]+){0,3}(?:ALSO[ \t]+)?(?:FOR|for)[ \t]+(.+)$", re.MULTILINE)
#: Office codes of five letters or more that routing lines name (shorter all-caps words are all codes).
OFFICE_CODES = frozenset("""
oasia usaid eucom pacom centcom southcom africom northcom usnato usosce usmission unvie ustr usdoc usdoe
usda dhs opic exim ofac fincen osta ocra ofso polmil econ attn attention please pass only info action
""".split())


def routing_mentions(header: str) -> Iterable[Mention]:
    common, places, given = word_lists()
    for line in ROUTING_RE.finditer(header):
        for paren in re.finditer(r"\(([A-Z][A-Z'-]{2,})\)", line.group(1)):
            f = fold(paren.group(1))  # `STATE FOR EEB (EGAN)`, `FOR IO/EDA (KOTOK)`
            if f not in OFFICE_CODES and f not in EXTRA_COMMON and f not in places and \
                    (f not in common or f in name_words()) and re.search(r"[AEIOUY]", paren.group(1)):
                yield Mention([paren.group(1)], True)
        for part in re.split(r"\b(?:FOR|for)\b", line.group(1)):
            for seg in re.split(r"[,;()]|\s+(?:AND|and|-)\s+", part):
                run: list[str] = []
                for token in seg.split() + [""]:
                    word = re.split(r"[/:]", token)[-1] if token else ""
                    bare = word.rstrip(".")
                    f = fold(bare)
                    keep = bool(bare) and bare.isalpha() and bare.isupper() and (
                        is_initial(word) or len(bare) > 4 and f not in OFFICE_CODES and f not in ORG_WORDS
                        and (f not in common or f in name_words())
                        and f not in places and f not in EXTRA_COMMON and not is_title_word(f)
                        or len(bare) > 2 and f in given
                        or len(bare) > 1 and bool(run) and fold(run[-1]) in given)  # `CAROLYN GAY`
                    if keep and "/" in token and run:
                        keep = False  # `OES/EGC` starts a new office
                    if keep:
                        run.append(word)
                        continue
                    while run and is_initial(run[-1]):
                        run.pop()
                    if run:
                        starts = [i for i, w in enumerate(run) if fold(w) in given]
                        yield Mention(run[starts[0]:] if starts and len(run) - starts[0] >= 2 else run, True)
                    run = []



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


