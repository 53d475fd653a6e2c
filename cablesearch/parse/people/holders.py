"""Office holders: a lone surname read as the person who held an office when and where
the cable was written.

Cables often name a person by surname alone: `CLINTON` signs a Department cable,
`Chavez` runs through a Caracas cable. Nothing in the cable says which Clinton, and
across the index two people share the surname, so the person table keeps the lone
surname apart (`parse/person_table.py`). The cable's date and countries are the
evidence. `cablesearch/data/office_holders.tsv` lists people by office: the dates they
held it (each row cites its source) and where the office is known (`*`, everywhere: a
US national office such as Secretary of State; else a country).

A lone surname (one word, no fuller name of it in the cable) becomes the full name of
the one holder whose office covers the cable: in office on the cable's date (an undated
cable: at some time in its id's year), and known everywhere or held in one of the
cable's countries (`Cable.country`: its geographic TAGS and its post's host country).
When two holders cover the cable (Moscow, 2006: Ambassador William Burns and Under
Secretary Nicholas Burns) the surname stays as it is. A surname that signed a post's cable
is read only as the US ambassador to the post's country: a post's cables are signed by its
chief of mission or charge, never by an official at home (Charge Peter Brennan signing in
San Jose is not John Brennan of the White House).

This is a reading, like the person table's, made when a cable is indexed
(`indexing/files.py`), after the user's aliases: a surname the aliases name is theirs to
read (`"Calderon" = []` keeps it apart). `parse` shows the names the cable writes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from cablesearch.model import Cable
from cablesearch.parse.header import year_from_two_digits
from cablesearch.parse.names import ARABIC_ARTICLES, fold, person_key, without_article
from cablesearch.parse.person_table import untitled
from cablesearch.parse.tag_dictionary import station_country

#: `where` of an office known in every cable.
EVERYWHERE = "*"


@dataclass(frozen=True)
class Holder:
    """One person in one office: `surname` (folded) is the word cables write alone,
    `start`/`end` ISO dates (`end` empty: still in office when the corpus ends)."""

    surname: str
    name: str
    office: str
    where: str
    start: str
    end: str
    source: str

    def covers(self, first: str, last: str, countries: Sequence[str]) -> bool:
        """In office at some time from `first` to `last` (ISO dates) and known in a cable
        about `countries`."""
        in_office = self.start <= last and (not self.end or first <= self.end)
        return in_office and (self.where == EVERYWHERE or self.where in countries)

    @property
    def is_ambassador(self) -> bool:
        return self.office.startswith("US Ambassador to ")


def surname_key(name: str) -> str | None:
    """The word a lone surname compares by (`al-Qadhafi` -> `qadhafi`, `Dpnsa Brennan` ->
    `brennan`: titles glued before it dropped); None for a name of more than one word."""
    words = untitled(name)
    if len(words) == 2 and words[0] in ARABIC_ARTICLES:
        words = words[1:]  # `al Qadhafi`
    if len(words) != 1:
        return None
    return without_article(words[0]) or None


def _full_name_surname(name: str) -> str | None:
    """The last word of a name of two words or more, as `surname_key` compares it
    (`Saif al-Islam al-Qadhafi` -> `qadhafi`); None for a name of one word."""
    words = untitled(name)
    return without_article(words[-1]) if len(words) > 1 else None


@cache
def holders() -> dict[str, tuple[Holder, ...]]:
    """Every office holder of `data/office_holders.tsv`, by surname key."""
    text = resources.files("cablesearch").joinpath("data", "office_holders.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out: dict[str, list[Holder]] = {}
    for row in list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]:
        surname, name, office, where, start, end, source = (cell.strip() for cell in (row + [""] * 7)[:7])
        key = without_article(fold(surname))
        out.setdefault(key, []).append(Holder(key, name, office, where, start, end, source))
    return {k: tuple(v) for k, v in out.items()}


def holder_of(name: str, date: str | None, countries: Sequence[str] = (), *,
              signed: bool = False, host: str | None = None) -> Holder | None:
    """The office holder a lone surname denotes in a cable of this `date` about these
    `countries`; None when no one, or more than one, fits. `date`: ISO, or only the year
    of an undated cable (`2009`: everyone in office that year fits). `signed`: the surname
    signed the cable; `host`: the country it was sent from."""
    key = surname_key(name)
    if key is None or not date or not re.fullmatch(r"\d{4}(?:-\d\d-\d\d.*)?", date):
        return None
    first, last = (date[:10], date[:10]) if len(date) >= 10 else (f"{date[:4]}-01-01", f"{date[:4]}-12-31")
    fits = [h for h in holders().get(key, ()) if h.covers(first, last, countries)]
    if signed and host:
        # a post's cables are signed by its chief of mission or charge: never by an official at home
        fits = [h for h in fits if h.is_ambassador and h.where == host]
    people = {h.name for h in fits}
    return fits[0] if len(people) == 1 else None


def with_office_holders(cable: Cable, people: Sequence[str] | None = None, *,
                        keep: Collection[str] = ()) -> tuple[str, ...]:
    """The cable's `people` (by default `cable.people`; in an index, after the user's aliases)
    with each lone surname `holder_of` reads replaced by the holder's full name, a name met
    twice kept once. A surname some full name of the cable ends with is left as it is (the
    cable may name another of that family: `Qadhafi` beside `Saif al-Islam al-Qadhafi`), and so
    is one `keep` names (`person_key`s: the names the user's aliases mention)."""
    names = tuple(cable.people if people is None else people)
    lone = {n: key for n in names if (key := surname_key(n)) in holders()}
    if not lone:
        return names
    written = {s for n in names if n not in lone and (s := _full_name_surname(n))}
    kept = set(keep) | {k for k in map(surname_key, keep) if k}
    date = cable.date or _id_year(cable.id)
    host = station_country(cable.station)
    signed = {surname_key(s) for s in cable.signed_by} - {None}
    out: dict[str, str] = {}
    for name in names:
        holder = None
        key = lone.get(name)
        if key is not None and key not in written and key not in kept and person_key(name) not in kept:
            holder = holder_of(name, date, cable.country, signed=key in signed, host=host)
        shown = holder.name if holder is not None else name
        out.setdefault(person_key(shown), shown)
    return tuple(out.values())


def _id_year(cable_id: str | None) -> str | None:
    """`09STATE30049` -> `2009`: the year an undated cable is read in."""
    if not cable_id or not cable_id[:2].isdecimal():
        return None
    return str(year_from_two_digits(int(cable_id[:2])))
