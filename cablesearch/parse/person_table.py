"""The person table: the people of a whole index, each one canonical name with its spellings.

One cable names a person once, in the fullest form it writes (`find_people`), but
cables differ: one writes `Hugo Chavez`, another only `Chavez`, a third `CHAVEZ, HUGO`.
The table groups the spellings the index holds into people, so that the people facet
shows one row per person and `people:chavez` and `people:"hugo chavez"` find the same
cables. It is built at the end of every index build from the index's own `people`
values (each spelling and how many cables hold it) and kept in the index folder
(`people.json`, `indexing/folder.py`). The rules, most certain first:

* spellings with one `person_key` are one form (case, accents, `SURNAME, GIVEN`, dots);
* forms whose words are equal once initials and Arabic articles are dropped are one
  person (`Gene A. Cretz`, `Gene Cretz`; `Muammar al-Qadhafi`, `Muammar Qadhafi`);
* a shorter form joins a longer one that it ends (`Scobey` -> `Margaret Scobey`, `Garcia
  Luna` -> `Genaro Garcia Luna`) or whose first and last words it has (`Hillary Clinton`
  -> `Hillary Rodham Clinton`) only when exactly one person of the index has such a form;
  otherwise it stays apart and is marked ambiguous (`Qadhafi`: Muammar and Saif al-Islam);
* the user's aliases win (README "People aliases"): they are applied to every cable
  before the table is built, and a name they merge others into is a person of its own
  (never joined to another) and that person's canonical name.

A person's canonical name is the alias's name, else its most frequent form of two words
or more, else its most frequent spelling.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cablesearch.parse.names import ARABIC_ARTICLES, PeopleAliases, edit_distance, person_key, without_article

#: The version of `to_json`'s shape (a table of another version is rebuilt, never read).
TABLE_VERSION = 1


def core_words(name: str) -> tuple[str, ...]:
    """The words a person's forms compare by: `person_key` less initials and Arabic articles."""
    words = person_key(name).split()
    core = tuple(without_article(w) for w in words if len(w) > 1)
    return tuple(w for w in core if w) or tuple(words)


@dataclass(frozen=True)
class Person:
    """One person of the index: the canonical `name`, each spelling (`variants`) with the
    number of cable documents that hold it, and the documents that hold any (`cables`).
    `ambiguous`: for a form kept apart, the people it could be."""

    name: str
    variants: dict[str, int]
    cables: int
    ambiguous: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "cables": self.cables, "variants": self.variants}
        if self.ambiguous:
            out["ambiguous"] = list(self.ambiguous)
        return out


@dataclass(eq=False)
class PersonTable:
    """The people of an index, found by any of their spellings (`person_key`). Compared and
    hashed by identity: searches keep what they computed with one table."""

    people: tuple[Person, ...] = ()
    _by_key: dict[str, Person] = field(default_factory=dict, repr=False, compare=False)
    #: Each spelling asked about -> its person: a facet asks about every spelling of the
    #: matching cables, search after search (`person_key` per name was most of its time).
    _of: dict[str, Person | None] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key = {person_key(v): p for p in self.people for v in p.variants}

    def __bool__(self) -> bool:
        return bool(self.people)

    def person(self, name: str) -> Person | None:
        """The person a spelling belongs to; None for a name the index does not hold."""
        try:
            return self._of[name]
        except KeyError:
            found = self._of[name] = self._by_key.get(person_key(name))
            return found

    def canonical(self, name: str) -> str:
        """The name a spelling is shown under: its person's canonical name (itself if unknown)."""
        p = self.person(name)
        return p.name if p is not None else name

    def variants(self, name: str) -> tuple[str, ...]:
        """Every spelling of the person `name` denotes (its canonical name or any spelling),
        most cables first; () for a name the index does not hold."""
        p = self.person(name)
        if p is None:
            return ()
        return tuple(sorted(p.variants, key=lambda v: (-p.variants[v], v)))

    # -- storage -------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"version": TABLE_VERSION, "people": [p.to_json() for p in self.people]}

    @classmethod
    def from_json(cls, data: Any) -> "PersonTable":
        """The table `to_json` wrote; an empty one for anything else (another version, damage)."""
        if not isinstance(data, dict) or data.get("version") != TABLE_VERSION:
            return cls()
        people = []
        for p in data.get("people") or ():
            try:
                variants = {str(k): int(v) for k, v in p["variants"].items()}
                people.append(Person(str(p["name"]), variants, int(p["cables"]),
                                     tuple(map(str, p.get("ambiguous") or ()))))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
        return cls(tuple(people))

    # -- building ------------------------------------------------------------------------
    @classmethod
    def build(cls, cables: Iterable[tuple[Sequence[str], int]], aliases: PeopleAliases | None = None
              ) -> "PersonTable":
        """The table of an index whose cables hold these people: each item is one cable's
        names and how many documents hold exactly that list. `aliases`: the index's own
        (already applied to the names; here their merge names are kept apart)."""
        spellings: Counter[str] = Counter()
        lists: Counter[tuple[str, ...]] = Counter()
        for names, n in cables:
            names = tuple(dict.fromkeys(x for x in names if x))
            if names:
                lists[names] += n
                spellings.update({x: n for x in names})
        pinned = {person_key(d) for d in (aliases.merge.values() if aliases else ())}
        groups = _group(spellings, pinned)
        # each document counted once per person, however many of its spellings it holds
        owner = {s: i for i, g in enumerate(groups) for s in g.spellings}
        cables_of: Counter[int] = Counter()
        for names, n in lists.items():
            cables_of.update({i: n for i in {owner[x] for x in names}})
        names_of = [g.canonical(aliases) for g in groups]
        people = [Person(names_of[i], dict(sorted(g.spellings.items(), key=lambda kv: (-kv[1], kv[0]))),
                         cables_of[i], tuple(names_of[j] for j in g.ambiguous))
                  for i, g in enumerate(groups)]
        people.sort(key=lambda p: (-p.cables, p.name))
        return cls(tuple(people))


@dataclass
class _Group:
    spellings: Counter[str] = field(default_factory=Counter)
    cores: list[tuple[str, ...]] = field(default_factory=list)
    ambiguous: tuple[int, ...] = ()

    def canonical(self, aliases: PeopleAliases | None) -> str:
        if aliases:
            for s in self.spellings:
                display = aliases.merge.get(person_key(s))
                if display is not None and person_key(display) == person_key(s):
                    return s
        # the most frequent full name, one written without a title (`Pres Sarkozy`) if any
        plain = [s for s in self.spellings if core_words(s) in self.cores] or list(self.spellings)
        full = [s for s in plain if len(core_words(s)) > 1]
        return max(full or plain, key=lambda s: (self.spellings[s], len(s), s))


def _group(spellings: Counter[str], pinned: set[str]) -> list[_Group]:
    """Spellings grouped into people (the rules of the module's docstring)."""
    # Imported here: the extractor's word lists, which a search that only reads a table never needs.
    from cablesearch.parse.people.words import is_title_word, word_lists

    given = word_lists()[2]
    surnames = {core[-1] for s in spellings for core in [core_words(s)] if len(core) >= 2 and core[0] in given}
    by_core: dict[tuple[str, ...], Counter[str]] = {}
    for s, n in spellings.items():
        core = _untitled(core_words(s), is_title_word)
        by_core.setdefault(_first_initial(s, core) + core, Counter())[s] += n
    by_core = _split_by_initials(by_core)
    # longest first, so a surname alone finds the full names it may belong to; then most cables
    order = sorted(by_core, key=lambda c: (-_words(c), -len(c), -sum(by_core[c].values()), c))
    groups: list[_Group] = []
    ends: dict[tuple[str, ...], dict[int, int]] = {}  # a proper suffix of a full name -> group -> cables
    # (first, last) word of a full name -> group -> (words, middle, fathers) of each full name
    outer: dict[tuple[str, str], dict[int, set[tuple[int, tuple[str, ...], tuple[str, ...]]]]] = {}
    by_last: dict[str, list[tuple[tuple[str, ...], int]]] = {}  # last word -> (full name, group)
    initialled: dict[tuple[str, ...], set[int]] = {}  # a core split by initials -> its groups
    for core in order:
        forms = by_core[core]
        count = sum(forms.values())
        candidates: set[int] = set()
        longer = ends.get(core, {})
        if core[0].startswith(_INITIALS_MARK):
            # `M. Sullivan`: the one full name of that surname whose given name has that initial
            candidates |= {i for other, i in by_last.get(core[-1], ()) if other[0].startswith(core[0][1:])}
        elif len(core) == 1 or core[0] not in given:
            # a surname alone (`Sarkozy`) or a run of surnames (`Garcia Luna`, `Van Voorst`)
            candidates |= set(longer)
        else:
            # a form opening with a given name is a full name itself (`Muammar al-Qadhafi`, not a
            # part of the rarer `Aisha Muammar al-Qadhafi`), unless the longer name is more common
            # (`Solrun Gisladottir` of `Ingibjorg Solrun Gisladottir`)
            candidates |= {i for i, n in longer.items() if n > count}
        if _words(core) >= 2:
            # `Hillary Clinton` of `Hillary Rodham Clinton`
            # ... when the middle initials it writes are the longer name's (`George W. Bush` is
            # not `George Herbert Walker Bush`) and a father it names is the same (`Hamad bin
            # Khalifa` is not `Hamad bin Isa Al Khalifa`)
            fathers = _fathers(core)
            candidates |= {i for i, held in outer.get((core[0], core[-1]), {}).items()
                           if any(n > _words(core) and _middle_fits(core, forms, mid) and _same_fathers(fathers, fa)
                                  for n, mid, fa in held)}
            candidates |= {i for other, i in by_last.get(core[-1], ()) if _misspelt(core, other)}
            candidates |= initialled.get(core, set())  # `George Bush`: George W. or George H. W.
        if any(person_key(s) in pinned for s in forms):
            candidates = set()  # the user's own name for a person: never joined to another
        if len(candidates) == 1:
            i = candidates.pop()
        else:
            i = len(groups)
            groups.append(_Group(ambiguous=tuple(sorted(candidates))))
        g = groups[i]
        g.spellings.update(forms)
        g.cores.append(core)
        if _words(core) < len(core) and not core[0].startswith(_INITIALS_MARK):
            initialled.setdefault(tuple(w for w in core if not w.startswith(_INITIALS_MARK)), set()).add(i)
        # Only a full name makes a surname ambiguous or takes it: two words or more, opening
        # with a given name, or held by two cables and not opening with another's surname
        # (`Polaschik Cretz`: two names run together).
        if _words(core) >= 2 and (core[0] in given or count >= 2 and core[0] not in surnames):
            for k in range(1, len(core)):
                held = ends.setdefault(core[k:], {})
                held[i] = max(held.get(i, 0), count)
            if len(core) >= 3:
                outer.setdefault((core[0], core[-1]), {}).setdefault(i, set()).add(
                    (_words(core), _middle(core), _fathers(core)))
            by_last.setdefault(core[-1], []).append((core, i))
    return groups


#: Words that open a father's name in an Arabic name (`Hamad bin Isa Al Khalifa`).
_PATRONYMIC = frozenset(("bin", "bint", "ibn"))
#: A core's word standing for the middle initials its spellings write (`George H. W. Bush`):
#: only where spellings of one core write different numbers of them (`_split_by_initials`).
_INITIALS_MARK = "."


def _initials(spelling: str) -> str:
    """The middle initials a spelling writes, between its first full word and its last:
    `George H. W. Bush` -> `hw`; `A. I. Carol Urban` -> `` (initials before a name are no middle)."""
    words = person_key(spelling).split()
    first = next((i for i, w in enumerate(words) if len(w) > 1), len(words))
    return "".join(w for w in words[first + 1:-1] if len(w) == 1)


def _split_by_initials(by_core: dict[tuple[str, ...], Counter[str]]) -> dict[tuple[str, ...], Counter[str]]:
    """A core whose spellings write different numbers of middle initials (`George W. Bush`,
    `George H. W. Bush`: two people) is one core per initials, the initials a word of it (`.hw`);
    spellings with none stay under the bare core, to join one of them only as any shorter form
    does. Initials of one length that differ (`Thomas A.`, `Thomas P. Shannon`) are taken for a
    slip of one letter, as before: one person."""
    out: dict[tuple[str, ...], Counter[str]] = {}
    for core, forms in by_core.items():
        lengths = {len(_initials(s)) for s in forms} - {0}
        for s, n in forms.items():
            ini = _initials(s)
            split = len(lengths) > 1 and ini and len(core) > 1
            key = core[:-1] + (_INITIALS_MARK + ini,) + core[-1:] if split else core
            out.setdefault(key, Counter())[s] += n
    return out


def _first_initial(spelling: str, core: tuple[str, ...]) -> tuple[str, ...]:
    """`M. Sullivan` -> `(".m",)`: a first initial before a surname alone, a word of its core (an
    initials mark) so that it is not the surname alone, which may be any Sullivan."""
    words = person_key(spelling).split()
    if len(core) == 1 and len(words) == 2 and len(words[0]) == 1:
        return (_INITIALS_MARK + words[0],)
    return ()


def _words(core: tuple[str, ...]) -> int:
    """How many words a core has: an initials mark is none."""
    return sum(not w.startswith(_INITIALS_MARK) for w in core)


#: Words a middle is read without: articles and particles (`Khalid bin Ahmad al Khalifa`).
_MIDDLE_SKIP = _PATRONYMIC | ARABIC_ARTICLES | frozenset("de da do dos das del della di du la le van von der den y e"
                                                         .split())


def _middle(core: tuple[str, ...]) -> tuple[str, ...]:
    """A core's middle words, articles and particles aside (an initials mark kept)."""
    return tuple(w for w in core[1:-1] if w not in _MIDDLE_SKIP)


def _initials_of(middle: tuple[str, ...]) -> str:
    return "".join(w[1:] if w.startswith(_INITIALS_MARK) else w[0] for w in middle)


def _middle_fits(core: tuple[str, ...], forms: Counter[str], longer: tuple[str, ...]) -> bool:
    """Can a shorter name be a longer one by their middles? Middle initials it writes must be the
    longer one's (`George W. Bush` is not `George Herbert Walker Bush`); middle names it writes
    must open the longer one's (`Jose Luis Zapatero` of `Jose Luis Rodriguez Zapatero`, not `George
    Walker Bush` of `George Herbert Walker Bush`), allowing for transliteration (`Ahmed`/`Ahmad`)."""
    middle = _middle(core)
    if any(w.startswith(_INITIALS_MARK) for w in middle):
        return _initials_of(middle) == _initials_of(longer)
    written = {_initials(s) for s in forms} - {""}
    initials = written.pop() if len(written) == 1 else ""
    if initials:
        return _initials_of(middle) + initials == _initials_of(longer)
    return len(middle) <= len(longer) and all(_same_word(a, b) for a, b in zip(middle, longer))


def _fathers(core: tuple[str, ...]) -> tuple[str, ...]:
    """The names after `bin` in an Arabic name: its father's, grandfather's or family's
    (`hamad bin isa al khalifa` -> (`isa`,), `osama bin mohammed bin laden` -> (`mohammed`, `laden`))."""
    return tuple(nxt for w, nxt in zip(core, core[1:]) if w in _PATRONYMIC)


def _same_fathers(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """Can a shorter name be a longer one by the fathers they name? Each the shorter names is one
    the longer names, allowing for transliteration (`Zayid`/`Zayed`, `Mohammed`/`Muhammad`)."""
    return all(any(_same_word(a, b) for b in long_) for a in short)


def _same_word(a: str, b: str) -> bool:
    """One name word, allowing for transliteration: at most two letters off in words of four or more."""
    return a == b or min(len(a), len(b)) >= 4 and edit_distance(a, b, 2) <= 2


#: Abbreviated titles cables glue to a name (`Pres Sarkozy`, `FonMin Stagno`), besides the
#: extractor's title words.
_TITLES = frozenset("pres fonmin formin minster polmc dpnsa lord whip d'affairs d'affaires econmin polmin".split())


def _untitled(core: tuple[str, ...], is_title_word: Any) -> tuple[str, ...]:
    """`pres sarkozy` -> `sarkozy`: titles before a name dropped (the last word always kept)."""
    i = 0
    while i < len(core) - 1 and (core[i] in _TITLES or is_title_word(core[i]) or "-" in core[i]
                                 and all(is_title_word(w) for w in core[i].split("-"))):
        i += 1
    return core[i:]


def untitled(name: str) -> tuple[str, ...]:
    """A name's folded words (`person_key`) less the titles glued before it: `Dpnsa Brennan`
    -> (`brennan`,), `FonMin Celso Amorim` -> (`celso`, `amorim`)."""
    from cablesearch.parse.people.words import is_title_word  # the extractor's lists, as in `_group`

    return _untitled(tuple(person_key(name).split()), is_title_word)


def _misspelt(core: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Two full names of one length and one last word whose other words differ by a
    shortening or a slip (`Phil`/`Phillip`, `Barak`/`Barack`, `Condaleeza`/`Condoleezza`)."""
    if len(core) != len(other) or core == other:
        return False
    return all(a == b or _near(a, b) for a, b in zip(core[:-1], other[:-1]))


def _near(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True  # `chris` / `christopher`
    if len(short) < 5:
        return False
    limit = 2 if len(short) >= 8 else 1
    return edit_distance(a, b, limit) <= limit
