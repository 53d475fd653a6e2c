"""Mentions of people in running text: after a title, from a given name, in a context
(`Name said`, `the Name administration`), and lone words that recur."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from cablesearch.parse.names import fold as _fold
from cablesearch.parse.names import without_article
from cablesearch.parse.people.words import (CONTEXT_RE, CUE_RE, EXTRA_COMMON, JARGON, KNOWN_GROUPS, MAX_NAME_WORDS,
                                            NOT_NAME_SHAPE_RE, NOT_NAMES, ORG_WORDS, PARTICLES,
                                            PERSON_NOUNS, PREFIX_RE, SPEECH_VERBS, TITLE_LOWER_RE, TITLE_RE,
                                            VERB_SHAPE_RE, WORD_RE, is_abbrev, is_title_word, known_surnames,
                                            long_noun_shape, name_words, word_lists)

#: `names.fold`, kept: the rules fold the same capitalised words again and again, cable after cable.
fold = lru_cache(maxsize=1 << 16)(_fold)

# --- mentions --------------------------------------------------------------------------------


@dataclass
class Mention:
    words: list[str]  # as written, dots of initials kept
    caps: bool  # written in ALL CAPS (case says nothing)
    weak: bool = False  # from a heading or caps line of a mixed-case cable: may only confirm a person
    bare: bool = False  # a lone capitalised word: a person only if seen BARE_MIN times
    weight: int = 1  # how many sightings a bare mention is worth (a possessive, `JUMBLATT'S`, counts twice)

    @cached_property
    def folded(self) -> list[str]:
        return [fold(w.rstrip(".")) for w in self.words]

    @cached_property
    def key_words(self) -> list[str]:
        """The folded words without lone initials or an Arabic article (`al-Qadhafi` is
        `qadhafi`): what resolution compares."""
        words = (without_article(w) for w in self.folded if w and not ONE_LETTER_RE.fullmatch(w))
        return [w for w in words if w]

    @property
    def signature(self) -> tuple[tuple[str, ...], bool, bool, bool]:
        return tuple(self.words), self.caps, self.weak, self.bare


INITIAL_RE = re.compile(r"[A-Z]\.(?:[A-Z]\.)*")
#: Short forms of titles that are also common surnames (`Sen.` a senator; Amartya, Ronen, Hun Sen).
SURNAME_ABBREVIATIONS = frozenset({"sen"})
SPACE_RE = re.compile(r"[ \t]*\n?[ \t]*")
ONE_LETTER_RE = re.compile(r"[a-z]")


def unpossess(word: str) -> str:
    """`Obama's` -> `Obama`, `Lantos'` -> `Lantos`."""
    if word.endswith(("'s", "'S", "’s", "’S")):
        return word[:-2]
    return word[:-1] if word.endswith(("s'", "S'", "s’", "S’")) else word


def is_initial(word: str) -> bool:
    return INITIAL_RE.fullmatch(word) is not None


class Scanner:
    """Reads name words at a position of one text chunk."""

    def __init__(self, text: str, caps: bool | None = None) -> None:
        self.text = text
        self.caps = is_caps(text) if caps is None else caps
        self.common, self.places, self.given = word_lists()

    def words_from(self, pos: int) -> list[tuple[str, int, int]]:
        """The next few words after `pos`, stopping at punctuation other than `.` of an initial, `-` and `'`."""
        out: list[tuple[str, int, int]] = []
        while len(out) < MAX_NAME_WORDS + 8:
            m = SPACE_RE.match(self.text, pos)
            start = m.end()
            w = WORD_RE.match(self.text, start)
            if not w or start == pos and out:
                break
            out.append((w.group(), w.start(), w.end()))
            pos = w.end()
            if w.group().endswith(".") and not is_initial(w.group()) and not is_abbrev(w.group()):
                break
        return out

    def is_stop(self, word: str) -> bool:
        f = fold(unpossess(word.rstrip(".")))  # `the Prosecutor General's office`
        return (f in ORG_WORDS or f in self.places or f in EXTRA_COMMON or f in JARGON or f in KNOWN_GROUPS
                or is_title_word(f))

    def name_word(self, word: str, first: bool) -> bool:
        """Can `word` be part of a name here? `first`: right after a title (common words allowed then)."""
        bare = unpossess(word.rstrip("."))
        f = fold(bare)
        if is_initial(word) or re.fullmatch(r"[A-Z]", bare) and word.endswith("."):
            return True
        if f in PARTICLES:
            return not first and (word.islower() or self.caps)
        if self.is_stop(word) or len(bare) < 2 or f in NOT_NAMES or compound_of_words(f, self):
            return False
        if long_noun_shape(f):
            return False  # `NO OFFICIAL ANNOUNCMENT`
        if not first and VERB_SHAPE_RE.search(bare):
            return False  # `Gemayel JEERED`, `Asad ORGINALLY`
        if self.caps:
            return bare.isupper() and (f not in self.common or f in name_words())
        if not bare[0].isupper() and not PREFIX_RE.match(bare):
            return False
        if bare.isupper() and len(bare) > 1:
            return False  # an acronym in mixed-case text (PRI, CISEN)
        # right after a title an ordinary word may be a surname (`Secretary Rice`), not `General Coordinator`
        return f not in self.common or first and f in name_words()

    def title_ends_name(self, word: str, following: str) -> bool:
        """`Hun Sen`, `Ronen Sen`: a title's short form that is also a surname, after a name word and
        before no name (a sentence's end, an ordinary word), is the surname (`Sen. Kerry`: a title)."""
        if fold(word.rstrip(".")) not in SURNAME_ABBREVIATIONS or not word[:1].isupper() or word.isupper() or self.caps:
            return False
        if not following[:1].isupper():
            return True
        return word.endswith(".") and fold(following) in self.common  # `Hun Sen. All three had`

    def known_after_initial(self, word: str) -> bool:
        """`William B. Wood`: after an initial, a known surname ends the name even if it is an ordinary word."""
        bare = unpossess(word.rstrip("."))
        return bare[:1].isupper() and (self.caps or not bare.isupper()) and fold(bare) in known_surnames()

    def particle_opens(self, particle: str, rest: list[str]) -> bool:
        """Does `particle` open a surname here? Capitalised (`Da Rocha`, `La Tella`) before a name
        word; in lower case (`de la Vega`) only before a known surname: `Procurador del Tesoro`
        is an office."""
        rest = rest[:2] if rest[:1] and fold(rest[0]) in PARTICLES else rest[:1]  # `de la`
        if not rest or not rest[-1][:1].isupper() or not self.name_word(rest[-1], first=True):
            return False
        return particle[:1].isupper() and not self.caps or fold(unpossess(rest[-1].rstrip("."))) in known_surnames()

    def name_at(self, pos: int, after_title: bool) -> Mention | None:
        words = self.words_from(pos)
        if after_title and words and fold(words[0][0]) in ("of", "for"):
            # ``Secretary of Population, Migration, and Religious Issues Florencio Salazar Adame``
            j = skip_office(self, pos)
            if j is None:
                return None
            words = self.words_from(j)
        taken: list[str] = []
        for i, (w, _start, _end) in enumerate(words):
            if len(taken) >= MAX_NAME_WORDS:
                break
            if fold(w) in PARTICLES and (after_title or taken) and self.particle_opens(w, [x[0] for x in words[i + 1:]]):
                taken.append(w)  # `Attorney Da Rocha`, `Joaquin Da Rocha`, `President de la Vega`
                continue
            if taken and self.title_ends_name(w, words[i + 1][0] if i + 1 < len(words) else ""):
                taken.append(w)
                break
            if not self.name_word(w, first=after_title and len(taken) == (fold(taken[0]) in PARTICLES if taken else 0)) \
                    and not (taken and is_initial(taken[-1]) and self.known_after_initial(w)):
                break
            taken.append(w)
            if w.endswith(".") and not is_initial(w) or unpossess(w) != w:
                break  # a sentence or a possessive (`Pasha's suppression`) ends the name
        while taken and fold(taken[-1].rstrip(".")) in PARTICLES:
            taken.pop()
        while taken and (is_initial(taken[-1]) and len(taken) > 1 and not self.caps):
            taken.pop()  # `Ambassador Garza and C.` -- an initial only counts before a surname
        if not taken or all(is_initial(w) for w in taken):
            return None
        return Mention(tidy(taken), self.caps)


def tidy(words: list[str]) -> list[str]:
    """Drop sentence dots and a possessive (``Obama's``, ``ObamaQs`` where a reader lost the apostrophe)."""
    words = [w if is_initial(w) else w.rstrip(".") for w in words]
    words[-1] = re.sub(r"(?:['’][sS]?|(?<=[a-z])Qs?)$", "", words[-1])  # (`Evo Morales'`)
    return [w for w in words if w]


_DROP_LETTERS = str.maketrans("", "", string.ascii_letters)
_DROP_UPPER = str.maketrans("", "", string.ascii_uppercase)


def is_caps(text: str) -> bool:
    """Mostly capitals (ASCII letters counted; `translate` keeps it at C speed)."""
    letters = len(text) - len(text.translate(_DROP_LETTERS))
    return letters > 0 and len(text) - len(text.translate(_DROP_UPPER)) > 0.8 * letters


def is_title_case(text: str) -> bool:
    """A heading in Title Case (``Attorney General Lauds Improved Relationship``): case says little.

    Running text has lower-case content words (``met``, ``said``) however many names it holds.
    """
    if len(text) > 300:
        return False
    words = [w for w in re.findall(r"[^\W\d_]{3,}", text) if w.lower() not in FUNCTION_WORDS]
    return len(words) >= 3 and not any(w[0].islower() for w in words)


FUNCTION_WORDS = frozenset("and the for with from into onto upon over under its his her their our".split())



def skip_office(scanner: Scanner, pos: int) -> int | None:
    """After ``Minister of ...``: the position where the name starts, past the office words."""
    rest = scanner.text[pos:pos + 160]
    m = re.match(r"\s+(?:of|for|OF|FOR)\s+(?:the\s+|THE\s+)?", rest)
    if not m:
        return None
    i = pos + m.end()
    for _ in range(12):
        w = WORD_RE.match(scanner.text, i)
        if not w:
            return None
        word = w.group().rstrip(".")
        f = fold(word)
        office_word = (f in scanner.common or f in ORG_WORDS or f in scanner.places or f in EXTRA_COMMON
                       or is_title_word(f))
        if office_word and i != pos + m.end() and word[:1].isupper() and f in known_surnames() \
                and f not in ORG_WORDS and not is_title_word(f) \
                and (w.group().endswith(".") or not re.match(r"\s*(?:[A-Z]|of\b|for\b|and\b|OF\b|FOR\b|AND\b)",
                                                              scanner.text[w.end():w.end() + 5])):
            return w.start()  # `Secretary of Defense Gates.`: an ordinary word ends the office as a surname
        if not office_word:
            if scanner.caps:
                return w.start() if i != pos + m.end() else None
            return w.start() if word[:1].isupper() and i != pos + m.end() else None
        if not scanner.caps and not word[:1].isupper() and f not in ("and", "of", "the", "for"):
            return None  # the office ended in running text: no name follows
        sep = re.match(r"(?:\s*,)?\s+(?:and\s+|AND\s+|&\s+)?", scanner.text[w.end():w.end() + 8])
        if not sep:
            return None
        i = w.end() + sep.end()
    return None


def title_mentions(scanner: Scanner) -> Iterable[Mention]:
    lowered = scanner.text.lower()
    matches = TITLE_LOWER_RE.finditer(lowered) if len(lowered) == len(scanner.text) else TITLE_RE.finditer(scanner.text)
    for m in matches:
        title = scanner.text[m.start():m.end()]
        if not scanner.caps and title[:1].islower() and fold(title) in ("general", "judge", "justice"):
            continue
        mention = scanner.name_at(m.end(), after_title=True)
        if mention and len(title) <= 3 and len(mention.words) == 1 and len(mention.words[0]) <= 2:
            continue  # `TAGS: CVIS PREL PM SW`: two codes, not `PM` and a name
        if mention:
            yield mention


#: A title in the plural before a list of names (`AYATOLLAHS NURI AND SHARI'AT-MADARI`,
#: `Presidents Lula, Morales and Chavez`).
PLURAL_TITLE_RE = re.compile(r"(?<![\w/-])(?:presidents|ministers|ambassadors|senators|ayatollahs|generals|governors|"
                             r"congressmen|sheikhs|mayors|messrs\.?)(?=\s)", re.IGNORECASE)
#: What runs between two names of such a list.
LIST_JOIN_RE = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)", re.IGNORECASE)


def plural_title_mentions(scanner: Scanner) -> Iterable[Mention]:
    """Each name of a list after a title in the plural: every one is a person, as after its singular."""
    for m in PLURAL_TITLE_RE.finditer(scanner.text):
        pos = m.end()
        first = scanner.words_from(pos)[:1]
        if not first or fold(first[0][0]) in ("of", "for"):
            continue  # `Ministers of Finance and Trade`: an office, no list of names
        for _ in range(8):
            mention = scanner.name_at(pos, after_title=True)
            if mention is None:
                break
            yield mention
            words = scanner.words_from(pos)[:len(mention.words)]
            join = LIST_JOIN_RE.match(scanner.text, words[-1][2]) if words else None
            if join is None:
                break
            pos = join.end()


#: Capitalised words only: a given name is never written in lower case.
#: (The look-behind after the first letter: the regex engine then skips to the next capital.)
GIVEN_CANDIDATE_RE = re.compile(r"[A-Z](?<![\w'’-][A-Z])[^\W\d_]+\.?(?![\w'’-])")


def given_name_mentions(scanner: Scanner) -> Iterable[Mention]:
    given = scanner.given
    for m in GIVEN_CANDIDATE_RE.finditer(scanner.text):
        word = m.group()
        if fold(word) not in given:
            continue  # (most capitalised words: tested first)
        if word.endswith(".") and not is_initial(word):
            continue  # `... JUD and Saeed. Action addressees`: the sentence ended
        if not scanner.caps and not (word[:1].isupper() and not word.isupper()):
            continue
        before = scanner.text[max(0, m.start() - 1):m.start()]
        if before and (before.isalnum() or before in "-'’"):
            continue
        if re.search(r"(?i)\b(?:san|santa|santo|sao|st|ste|saint|fort|port|el|la|los|las)\.?\s+$",
                     scanner.text[max(0, m.start() - 7):m.start()]):
            continue  # `San Pedro Sula`, `Santa Maria`: a place
        words = scanner.words_from(m.end())
        taken: list[str] = []
        for i, (w, _s, end) in enumerate(words):
            if len(taken) >= MAX_NAME_WORDS - 1:
                break
            if fold(w.rstrip(".")) in scanner.places and not scanner.caps and w[:1].isupper() and not w.isupper() \
                    and fold(w.rstrip(".")) not in scanner.common and fold(w) not in EXTRA_COMMON:
                taken.append(w)  # `Carlos Rico`, `Jorge Santos`: a surname that is also a place
                continue
            if taken and unpossess(taken[-1]) != taken[-1]:
                break
            if scanner.title_ends_name(w, words[i + 1][0] if i + 1 < len(words) else ""):
                taken.append(w)
                break
            if not scanner.name_word(w, first=False):
                # `George Bush`, `William B. Wood`: a given name may take one ordinary word that is
                # also a name as surname (not `Perry Class`)
                f = fold(unpossess(w.rstrip(".")))
                if taken and not all(is_initial(t) for t in taken) or scanner.caps and not taken:
                    break  # (not in ALL CAPS, where `BASHAR PROMOTED` would pass)
                if scanner.is_stop(w) or len(f) < 3 or not w[:1].isupper() or w.isupper() and not scanner.caps \
                        or f not in name_words() and f not in known_surnames() and scanner.text[end:end + 1] != ",":
                    break  # (`Julia Painting, Head of`: a comma closes the name)
                taken.append(w)
                break
            taken.append(w)
        while taken and (fold(taken[-1].rstrip(".")) in PARTICLES or is_initial(taken[-1])):
            taken.pop()
        if not taken:
            continue
        yield Mention(tidy([word] + taken), scanner.caps)


def context_mentions(scanner: Scanner) -> Iterable[Mention]:
    for m in CONTEXT_RE.finditer(scanner.text):
        word = m.group(1)
        f = fold(word)
        if f in scanner.common or scanner.is_stop(word) or scanner.caps != word.isupper() or len(word) < 3:
            continue  # (`the EU presidency`)
        yield Mention([word], scanner.caps)


def cue_mentions(scanner: Scanner) -> Iterable[Mention]:
    for m in CUE_RE.finditer(scanner.text):
        word, noun, verb = unpossess(m.group(1)), m.group(2), m.group(3)
        if not (verb and fold(verb) in SPEECH_VERBS or noun and fold(noun) in PERSON_NOUNS):
            continue
        if (word.isupper() and len(word) > 1) != scanner.caps or len(word) < 3:
            continue
        f = fold(word)
        if f in scanner.common or scanner.is_stop(word) or f in NOT_NAMES or NOT_NAME_SHAPE_RE.search(word):
            continue
        yield Mention([word], scanner.caps)


def compound_of_words(folded: str, scanner: Scanner) -> bool:
    """`WELL-PLANNED`, `ANTI-NUCLEAR`, `STATE-OWNED`: a hyphenated word made of ordinary words or places."""
    parts = [p for p in folded.split("-") if p]
    if len(parts) < 2 or PREFIX_RE.match(folded):
        return False
    if scanner.caps and any(len(p) <= 2 for p in parts):
        return True  # `ZANU-PF`; in mixed case `Kim Jong-il` keeps its short part
    return any(p in scanner.common or p in scanner.places or p in EXTRA_COMMON for p in parts if len(p) > 2)
