"""Lone words taken for people: a capitalised word alone that recurs (`Berlusconi`,
`JUMBLATT'S`), and a run of capitalised words no rule explains (`Barcin Yinanc`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cablesearch.parse.people.mentions import Mention, Scanner, compound_of_words, fold, tidy, unpossess
from cablesearch.parse.people.words import (BARE_BLOCKERS, LIST_RE, NOT_NAME_SHAPE_RE, NOT_NAMES, PARTICLES,
                                            acronym_words, is_title_word, known_surnames, long_noun_shape)


def pair_mentions(scanner: Scanner) -> Iterable[Mention]:
    """Mixed case: two to four capitalised words in a row, none an ordinary word, place, organisation,
    title or acronym (``Akif Beki``, ``Barcin Yinanc``): a name whose given name we do not know."""
    if scanner.caps:
        return
    acronyms = acronym_words()
    word = r"[A-Z][a-z][\w'’-]*[a-z]"
    for m in re.finditer(rf"(?<![\w'’-])({word}(?:[ \t]+(?:(?:de|del|da|dos|van|von|bin|al|el|la)[ \t]+)?{word}){{1,3}})"
                         r"(?:['’]s)?(?![\w'’-])", scanner.text):
        words = m.group(1).split()
        cut = next((i for i, w in enumerate(words) if unpossess(w) != w), None)
        if cut is not None and cut < len(words) - 1:
            continue  # `Balkenende's Weblog`
        lead = 0
        while lead < len(words) - 2 and is_title_word(fold(words[lead])):
            lead += 1  # `Vice Chair Kirsti Kauppi`: the title opens the run, the name follows
        words = words[lead:]
        names = [w for w in words if fold(w) not in PARTICLES]
        if any(fold(w) in scanner.common or scanner.is_stop(w) or fold(w) in acronyms or fold(w) in NOT_NAMES
               or NOT_NAME_SHAPE_RE.search(w) or compound_of_words(fold(w), scanner) for w in names):
            continue
        prev = PREV_WORD_RE.search(scanner.text, max(0, m.start() - 40), m.start())
        if prev and fold(prev.group(1)) in BARE_BLOCKERS and not lead:
            continue
        yield Mention(tidy(words), False)


#: An ALL CAPS word of five letters or more (the look-behind after the first letter, as above).
BARE_CAPS_RE = re.compile(r"([A-Z](?<![\w'’/-][A-Z])[A-Z'’-]{3,}[A-Z])(?![\w'’/-])")


def not_a_surname_shape(folded: str, scanner: Scanner) -> bool:
    """`LANDSLIDES`: the plural of an ordinary word (not `Burns`, a surname others write in full);
    or a long word of a shape no surname has (`GLOBALISATION`)."""
    if long_noun_shape(folded):
        return True
    return folded.endswith("s") and folded[:-1] in scanner.common and folded not in known_surnames()


def bare_caps_mentions(scanner: Scanner) -> Iterable[Mention]:
    """ALL CAPS: a word that is no ordinary word, place, organisation or acronym (``BAZARGAN``)."""
    acronyms = acronym_words()
    for m in BARE_CAPS_RE.finditer(scanner.text):
        word = unpossess(m.group(1))
        possessive = word != m.group(1)
        f = fold(word)
        if len(word) < 4:
            continue  # `NZF'S`
        if (f in scanner.common or scanner.is_stop(word) or f in NOT_NAMES or f in scanner.given or f in acronyms
                or NOT_NAME_SHAPE_RE.search(word.lower()) or compound_of_words(f, scanner)
                or not_a_surname_shape(f, scanner)):
            continue
        prev = PREV_WORD_RE.search(scanner.text, max(0, m.start() - 40), m.start())
        if prev and fold(prev.group(1)) in BARE_BLOCKERS:
            continue
        yield Mention([word], True, bare=True, weight=2 if possessive else 1)


def bare_mentions(scanner: Scanner) -> Iterable[Mention]:
    """Mixed case only: a capitalised word alone mid-sentence that is no ordinary word, place or
    organisation (``Berlusconi``, ``Erdogan``). Words in a capitalised run are left to the other rules."""
    if scanner.caps:
        yield from bare_caps_mentions(scanner)
        return
    text = scanner.text
    listed: set[str] | None = None
    acronyms = acronym_words()
    for m in BARE_RE.finditer(text):
        word = m.group(1)
        f = fold(word)
        # the cheap tests on the word first: most capitalised words are ordinary or known
        if (len(word) < 4 or f in scanner.common or f in scanner.given or f in NOT_NAMES or f in acronyms
                or scanner.is_stop(word) or NOT_NAME_SHAPE_RE.search(word) or not_a_surname_shape(f, scanner)):
            continue  # (a given name alone belongs to a full name said elsewhere)
        start = m.start()
        before = text[max(0, start - 3):start]
        if not before.strip() or SENTENCE_START_RE.search(before):
            continue  # sentence-initial: capitals say nothing
        prev = PREV_WORD_RE.search(text, max(0, start - 40), start)
        if prev and (prev.group(1)[:1].isupper() and not is_title_word(fold(prev.group(1).rstrip(".")))
                     or fold(prev.group(1)) in (PLACE_BLOCKERS if f in known_surnames() else BARE_BLOCKERS)):
            continue  # in a capitalised run, or `the Holocaust`, `in Bodrum` (but `from Carter to Bush`)
        nxt = NEXT_WORD_RE.match(text, m.end())
        if nxt and nxt.group(1)[:1].isupper():
            continue
        if listed is None:
            # single capitalised words listed three or more in a row are places or things
            # (`the cantons of Siquirres, Pococi, Matina and Cahuita`), not surnames
            listed = {w for lm in LIST_RE.finditer(text) for w in re.findall(r"[A-Z][a-z]+", lm.group())}
        if word in listed:
            continue
        yield Mention([word], False, bare=True)


#: Words before a known surname that still make it a place or a thing (`the Hariri`, `in Jordan`).
PLACE_BLOCKERS = frozenset("the in at near via into inside outside across toward towards".split())
BARE_RE = re.compile(r"([A-Z](?<![\w'’-][A-Z])[a-z]+)(?:['’]s|Qs)?(?![\w'’-])")
SENTENCE_START_RE = re.compile(r"[.!?:;\"(\[]\s*$")
PREV_WORD_RE = re.compile(r"([\w'’.-]+)\s+$")
NEXT_WORD_RE = re.compile(r"\s+([\w'’-]+)")
