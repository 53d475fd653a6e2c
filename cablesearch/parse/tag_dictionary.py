"""What TAGS codes mean, and which countries a cable is about.

TAGS are codes (`SNAR`, `PHUM`, `MX`, `RS` — Russia, not Serbia) that few
readers remember. `data/tags.tsv` is a dictionary compiled from the State
Department's TAGS handbook (5 FAH-3) and the codes seen in the corpus, each
row naming its source; `data/stations.tsv` gives the host country of each
sending post (`MEXICO` -> `MX`). A code the dictionary lacks is typed by its
shape alone, so every tag gets a kind. A code whose meaning changed over time
(`UV`: Upper Volta in the 1974 handbook, Burkina Faso in 2009 cables) keeps its
dated meanings in `history`; `label` says them all, and a search by meaning
finds the code by any of them.

Contract:

    describe(code) -> TagInfo                 # never raises; kind by shape when unknown
    codes_for(words) -> tuple[str, ...]       # codes whose meaning contains those words
    countries_of(tags, station) -> tuple[str, ...]
    station_post(station) -> str | None       # "SANJOSE" -> "San Jose"
"""

from __future__ import annotations

import csv
import fnmatch
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from cablesearch.text import fold_apostrophes

KINDS = ("subject", "program", "geographic", "organisation", "person", "unknown")
#: First letters of subject categories in the handbook (A administration … T technology).
SUBJECT_LETTERS = frozenset("ABCEHLMOPST")
#: Words that never make a tag meaning match on their own (`tags:of` must not list every code).
STOPWORDS = frozenset("a an and for in of on or the to with".split())


@dataclass(frozen=True, slots=True)
class TagEra:
    """One dated meaning of a code: the years a source gives it (`1974`, `2006-2010`), and that source."""

    years: str
    meaning: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"years": self.years, "meaning": self.meaning, "source": self.source}


#: One `history` entry of tags.tsv: `YEARS: meaning [SOURCE]`.
_ERA_RE = re.compile(r"^\s*(?P<years>\d{4}(?:-\d{4})?)\s*:\s*(?P<meaning>.+?)\s*\[(?P<source>[^\]\s]+)\]\s*$")


def parse_history(text: str) -> tuple[TagEra, ...]:
    """The `history` column (`1974: Upper Volta [TAGS-1974]; 2009-2010: Burkina Faso [CABLES]`),
    oldest first. ValueError for an entry not of that form."""
    eras = []
    for part in (p for p in text.split(";") if p.strip()):
        m = _ERA_RE.match(part)
        if not m:
            raise ValueError(f"bad tags.tsv history entry {part.strip()!r}: use 'YEARS: meaning [SOURCE]'")
        eras.append(TagEra(m["years"], m["meaning"], m["source"]))
    return tuple(sorted(eras, key=lambda e: e.years))


@dataclass(frozen=True, slots=True)
class TagInfo:
    """One TAGS code: its kind, meaning, country (geographic codes) and where that came from.

    ``source`` is a key of `sources()` for dictionary entries, or ``"shape"`` when
    the kind was only inferred from how the code is written. ``history`` holds the
    dated meanings of a code whose meaning changed over time (oldest first); ``meaning``
    is then the one the row's source gives today.
    """

    code: str
    kind: str
    meaning: str | None = None
    country: str | None = None
    source: str | None = None
    history: tuple[TagEra, ...] = ()

    @property
    def label(self) -> str | None:
        """What to show beside the code: the meaning, or for a code whose meaning changed,
        each meaning with its years, newest first (`Burkina Faso (2009-2010); Upper Volta (1974)`)."""
        if not self.history:
            return self.meaning
        return "; ".join(f"{e.meaning} ({e.years})" for e in reversed(self.history))

    @property
    def meanings(self) -> tuple[str, ...]:
        """Every meaning the code has had: `meaning`, then the dated ones it does not repeat."""
        out = [self.meaning] if self.meaning else []
        out += [e.meaning for e in self.history if e.meaning not in out]
        return tuple(out)


def _rows(name: str) -> tuple[list[list[str]], dict[str, str]]:
    """Data rows of a tab-separated file in `cablesearch/data`, and its `# source KEY: text` lines."""
    text = resources.files("cablesearch").joinpath("data", name).read_text(encoding="utf-8")
    sources: dict[str, str] = {}
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            m = re.match(r"#\s*source\s+([^:\s]+)\s*:\s*(.+)", line)
            if m:
                sources[m[1]] = m[2].strip()
        elif line.strip():
            lines.append(line)
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:], sources


@cache
def _dictionary() -> tuple[dict[str, TagInfo], dict[str, str]]:
    rows, sources = _rows("tags.tsv")
    out: dict[str, TagInfo] = {}
    for row in rows:
        code, kind, meaning, country, source, history = (row + [""] * 6)[:6]
        code = code.strip().upper()
        if code:
            out[code] = TagInfo(code, kind.strip() or shape_kind(code), meaning.strip() or None,
                                country.strip() or None, source.strip() or None, parse_history(history))
    return out, sources


@cache
def _stations() -> dict[str, tuple[str, str | None]]:
    rows, _ = _rows("stations.tsv")
    return {r[0].strip().upper(): (r[1].strip(), r[2].strip().upper() or None) for r in rows if r and r[0].strip()}


def sources() -> dict[str, str]:
    """Source key -> citation, for every source the dictionary names."""
    return dict(_dictionary()[1])


def all_tags() -> list[TagInfo]:
    """Every dictionary entry, sorted by code."""
    return sorted(_dictionary()[0].values(), key=lambda t: t.code)


def shape_kind(code: str) -> str:
    """The kind a code's shape suggests: `SURNAME, GIVEN` person, 2 letters geographic,
    `K` + 3 letters program, other 4 letters of a subject category subject, other runs
    of letters organisation (`MTCRE`), anything else (free text) unknown."""
    c = code.strip()
    if "," in c:
        return "person"
    if " " in c:  # free text typed into the TAGS line (`IRAQI FREEDOM`)
        return "unknown"
    if re.fullmatch(r"[A-Za-z]{2}", c):
        return "geographic"
    if re.fullmatch(r"[Kk][A-Za-z]{3}", c):
        return "program"
    if re.fullmatch(r"[A-Za-z]{4}", c) and c[0].upper() in SUBJECT_LETTERS:
        return "subject"
    if re.fullmatch(r"[A-Za-z]{3,10}", c):
        return "organisation"
    return "unknown"


def describe(code: str) -> TagInfo:
    """The dictionary entry for a code, or a shape-typed entry without meaning."""
    found = _dictionary()[0].get(code.strip().upper())
    if found:
        return found
    return TagInfo(code.strip(), shape_kind(code), source="shape")


def _word_stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> tuple[str, ...]:
    return tuple(_word_stem(w) for w in re.findall(r"\w+", fold_apostrophes(text)))


@cache
def _meaning_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((t.code, _words(m)) for t in _dictionary()[0].values() if t.kind != "person" for m in t.meanings)


def codes_for(value: str) -> tuple[str, ...]:
    """Codes whose meaning (or one of its dated meanings) contains `value`'s words in a row:
    `narcotics` -> SNAR, `human rights` -> PHUM, `russia` -> RS, `upper volta` -> UV. A value
    that is itself a code, or only stopwords, matches nothing here (`tags:IN` means India, not
    every "… in …")."""
    value = value.strip()
    if not value or value.upper() in _dictionary()[0]:
        return ()
    want = _words(value)
    if not want or all(w in STOPWORDS for w in want):
        return ()
    n = len(want)
    return tuple(sorted({code for code, words in _meaning_words()
                         if any(words[i:i + n] == want for i in range(len(words) - n + 1))}))


def tag_matches(info: TagInfo, pattern: str) -> bool:
    """Does `cablesearch tags PATTERN` list this code? A glob (`K*`, `?N`) is matched
    against the code; other text against the code, then the meaning and country."""
    pat = fold_apostrophes(pattern.strip())
    if any(ch in pat for ch in "*?["):
        return fnmatch.fnmatchcase(info.code.lower(), pat)
    return any(pat in fold_apostrophes(text) for text in (info.code, *info.meanings, info.country or "")) \
        or info.code in codes_for(pattern)


def country_of_code(code: str) -> str | None:
    """A geographic code's country name (`MX` -> Mexico); None for other codes."""
    info = _dictionary()[0].get(code.strip().upper())
    return info.country if info and info.kind == "geographic" else None


def station_post(station: str | None) -> str | None:
    """A station's post name as people write it (`SANJOSE` -> San Jose)."""
    found = _stations().get((station or "").upper())
    return found[0] if found and found[0] else None


def station_country(station: str | None) -> str | None:
    """The host country of the post that sent a cable; None for the Department and multilateral missions."""
    found = _stations().get((station or "").upper())
    return country_of_code(found[1]) if found and found[1] else None


def countries_of(tags: tuple[str, ...] | list[str], station: str | None) -> tuple[str, ...]:
    """Countries a cable concerns: those of its geographic tags, in order, then its post's host country."""
    out: dict[str, None] = {}
    for tag in tags:
        name = country_of_code(tag)
        if name:
            out[name] = None
    host = station_country(station)
    if host:
        out[host] = None
    return tuple(out)
