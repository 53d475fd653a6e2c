"""Who a name stands for: the form names compare in, a person's cross-cable identity, and a
user's aliases.

Apart from the people extractor (`parse/people/`) because a search needs these and not the
extractor: the people facet groups by `person_key`, `tags:` looks codes up by `fold`, and
the extractor's module compiles its rules on import, a cost a CLI search need not pay.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cablesearch.errors import UsageError
from cablesearch.text import fold_apostrophes as fold  # the form names are compared in


#: Arabic articles, written apart or joined to a name by a hyphen (`al Qadhafi`, `al-Qadhafi`).
ARABIC_ARTICLES = frozenset("al el ad as ash at az ar an".split())
_ARTICLE_PREFIX_RE = re.compile(r"^(?:al|el|ad|as|ash|at|az|ar|an)-")


def without_article(word: str) -> str:
    """A folded name word less an Arabic article joined to it: `al-qadhafi` -> `qadhafi`
    (names are compared with and without it)."""
    return _ARTICLE_PREFIX_RE.sub("", word)


def person_key(name: str) -> str:
    """Cross-cable identity of a display name: case, accents, ``SURNAME, GIVEN`` and dots ignored."""
    if "," in name:
        surname, _, given = name.partition(",")
        name = f"{given} {surname}"
    words = [w for w in re.split(r"[\s.]+", fold(name)) if w]
    return " ".join(words)



def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance between `a` and `b`, or `limit + 1` as soon as it is more (a
    misspelt name: `Barak` / `Barack`)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]

@dataclass(frozen=True)
class PeopleAliases:
    """A user's corrections to the people of every cable, applied at index time.

    The file is TOML::

        # people.toml (in the index folder, or passed with --aliases)
        [merge]
        "John Negroponte" = ["Negroponte", "Negro Ponte", "NEGROPONTE, JOHN"]
        [suppress]
        names = ["Los Pinos", "Plataforma Mexico"]

    Names compare by :func:`person_key` (case, accents and order ignored).
    """

    merge: dict[str, str] = field(default_factory=dict)  # person_key(alias) -> display name
    suppress: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: str | Path) -> "PeopleAliases":
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise UsageError(f"cannot read the aliases file {path}: {exc.strerror or exc}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"aliases file {path} is not valid TOML: {exc}") from None
        merge: dict[str, str] = {}
        for display, aliases in (data.get("merge") or {}).items():
            if isinstance(aliases, str):
                aliases = [aliases]
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise UsageError(f"aliases file {path}: [merge] {display!r} must be a list of names")
            for alias in [display, *aliases]:
                merge[person_key(alias)] = display
        names = (data.get("suppress") or {}).get("names") or []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise UsageError(f"aliases file {path}: [suppress] names must be a list of names")
        return cls(merge, frozenset(person_key(n) for n in names))

    def apply(self, people: Iterable[str]) -> tuple[str, ...]:
        out: list[str] = []
        seen: set[str] = set()
        for name in people:
            key = person_key(name)
            if key in self.suppress:
                continue
            name = self.merge.get(key, name)
            if person_key(name) not in seen:
                seen.add(person_key(name))
                out.append(name)
        return tuple(out)

    @property
    def names(self) -> frozenset[str]:
        """`person_key` of every name the file mentions: the user reads these names."""
        return frozenset(self.merge) | self.suppress

    def __bool__(self) -> bool:
        return bool(self.merge or self.suppress)
