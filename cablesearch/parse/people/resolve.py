"""Mentions of one person in a cable resolved to one entry, shown in its fullest form."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cablesearch.parse.names import edit_distance, person_key
from cablesearch.parse.people.header import plain_name, ref_mentions, routing_mentions, tag_person
from cablesearch.parse.people.lone import bare_mentions, pair_mentions
from cablesearch.parse.people.mentions import (Mention, ONE_LETTER_RE, Scanner, context_mentions, cue_mentions, fold,
                                               given_name_mentions, is_caps, is_initial, is_title_case,
                                               plural_title_mentions, title_mentions)
from cablesearch.parse.people.words import (BARE_MIN, BARE_MIN_CAPS, company_key, company_names, display_case,
                                            is_office, word_lists)

# --- resolution ------------------------------------------------------------------------------


@dataclass
class Person:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def best(self) -> Mention:
        """The fullest mention (most words besides initials), a mixed-case one among equals:
        `CLINTON, HILLARY` of a TAGS line over `Clinton` of the text. A caps heading of a
        mixed-case cable (`weak`) whose name does not end as the text's does comes last: its
        words ran on into a verb (`KARZAI PREVIEWS`; `HAMID KARZAI` is fine)."""
        ends = {m.key_words[-1] for m in self.mentions if not (m.caps and m.weak) and m.key_words}
        return max(self.mentions, key=lambda m: (not (m.caps and m.weak and ends and m.key_words[-1:] and
                                                      m.key_words[-1] not in ends),
                                                 len([w for w in m.words if not is_initial(w)]),
                                                 not m.caps, len(m.words), -self.mentions.index(m)))

    def written(self, word: str) -> str:
        """`word` as a mixed-case mention writes it (`McCarthy` for `MCCARTHY`), else display case."""
        f = fold(word.rstrip("."))
        for m in self.mentions:
            if not m.caps:
                for w, mf in zip(m.words, m.folded):
                    if mf == f and w.rstrip(".") != w.rstrip(".").upper():
                        return w
        return display_case(word)

    def surnames(self) -> set[str]:
        out = set()
        for m in self.mentions:
            words = [w for w in m.folded if w and not ONE_LETTER_RE.fullmatch(w)]
            for k in range(len(words)):
                out.add(" ".join(words[k:]))
        return out


def matches(mention: Mention, person: Person) -> bool:
    words = mention.key_words
    if not words:
        return False
    joined = "".join(words)
    for other in person.mentions:
        ow = other.key_words
        if not ow:
            continue
        if len(words) == 1 and len(ow) > 1 and words[0] == ow[0] and (mention.bare or words[0] in word_lists()[2]):
            return True  # `Guilherme` of `Guilherme de Oliveira Estrella`: a first name alone
        if len(words) == 1 and len(ow) == 2 and words[0] == ow[0] and not {*ow} & word_lists()[2]:
            return True  # `Ambassador Guan` of `Guan Mu`: a family name written first
        if mention.bare and len(words) == 1 and words[0] in ow[:-1]:
            return True  # `GARCIA` of `GENARO GARCIA LUNA`: a word of a name read alone
        if len(words) <= len(ow) and ow[len(ow) - len(words):] == words:
            return True  # a suffix: `Garcia Luna` of `Genaro Garcia Luna`, `Negroponte` of `John Negroponte`
        if len(ow) < len(words) and words[len(words) - len(ow):] == ow:
            return True
        if joined == "".join(ow[-len(words):]) or joined == ow[-1] or "".join(ow[-2:]) == joined:
            return True  # OCR split: `Negro Ponte` / `Negroponte`
        if len(words) >= 2 and len(ow) > len(words) and ow[:len(words)] == words:
            return True  # `Manoel Gomes` of `Manoel Gomes Pereira`: the last surname dropped
        if len(words) == 2 and len(ow) > 2 and words[0] == ow[0] and words[-1] == ow[-1]:
            return True  # `Hafiz Saeed` of `Hafiz Muhammad Saeed`
        if len(words) >= 2 and len(ow) >= 2 and words[-1] == ow[-1] and len(words) == len(ow):
            if edit_distance(" ".join(words), " ".join(ow), 2) <= 2:
                return True  # `Hafiz Muhammed Saeed` / `Hafiz Muhammad Saeed`
        last, olast = joined, "".join(ow[-1:])
        if len(words) == 1 and len(last) >= 6 and len(olast) >= 6 and last[0] == olast[0]:
            if edit_distance(last, olast, 2 if len(olast) >= 9 else 1) <= (2 if len(olast) >= 9 else 1):
                return True  # OCR misread: `Negrofonte`
    return False


def resolve(mentions: Sequence[Mention]) -> list[Person]:
    # The same words seen again add weight, not another mention to compare with.
    unique: dict[tuple[tuple[str, ...], bool, bool, bool], Mention] = {}
    for m in mentions:
        if m.signature in unique:
            unique[m.signature].weight += m.weight
        else:
            unique[m.signature] = m
    mentions = list(unique.values())
    people: list[Person] = []
    # fullest first, so a surname alone finds the full name it belongs to
    order = sorted(range(len(mentions)), key=lambda i: (-len(mentions[i].words), i))
    for i in order:
        mention = mentions[i]
        hit = next((p for p in people if matches(mention, p)), None)  # the first person it fits
        if hit is not None:
            hit.mentions.append(mention)
        else:
            people.append(Person([mention]))
    people = [p for p in people if not all(m.weak for m in p.mentions)
              and (not all(m.bare for m in p.mentions)
                   or sum(m.weight for m in p.mentions) >= (BARE_MIN_CAPS if p.mentions[0].caps else BARE_MIN))]
    # keep the order people first appear in the cable
    first_seen = {id(p): min(mentions.index(m) for m in p.mentions) for p in people}
    return sorted(people, key=lambda p: first_seen[id(p)])


def display(person: Person) -> str:
    best = person.best
    # An OCR split (`Negro Ponte`) loses to the joined form seen elsewhere (`Negroponte`).
    joined_forms = {"".join(m.folded): m for m in person.mentions if len(m.words) == 1}
    if len(best.words) == 2 and "".join(best.folded) in joined_forms:
        best = joined_forms["".join(best.folded)]
    if best.caps:
        return " ".join(person.written(w) for w in best.words)
    return " ".join(display_case(w) for w in best.words)


def find_people(texts: Iterable[str], *, classified_by: str | None = None, signers: Sequence[str] = (),
                tags: Sequence[str] = (), header: str = "", declassification: str = "") -> tuple[str, ...]:
    """Each person named in the cable once, in display form, in order of first mention.

    `texts` are the cleaned subject, headings and paragraph texts; the header
    fields give names directly.
    """
    mentions: list[Mention] = []
    for tag in tags:
        if "," in tag or "(" in tag:
            m = tag_person(tag)
            if m:
                mentions.append(m)
    if classified_by:
        m = plain_name(classified_by)
        if m:
            mentions.append(m)
    # 1970s E.O. lines name the classifier: `E.O. 12065: GDS 11/12/85 (TOMSETH, VICTOR L.) OR-P`
    for m in re.finditer(r"\(([A-Z][A-Za-z'-]+, [A-Z][A-Za-z.' ]*)\)", declassification):
        mention = tag_person(m.group(1))
        if mention:
            mentions.append(mention)
    mentions.extend(routing_mentions(header))
    mentions.extend(ref_mentions(header))
    texts = [t for t in texts if t]
    caps = [is_caps(t) for t in texts]
    mixed_letters = sum(len(t) for t, c in zip(texts, caps) if not c)
    mixed_cable = mixed_letters > 0.5 * sum(len(t) for t in texts)
    for text, text_caps in zip(texts, caps):
        scanner = Scanner(text, text_caps)
        weak = mixed_cable and (scanner.caps or is_title_case(text))
        for m in (*title_mentions(scanner), *plural_title_mentions(scanner), *given_name_mentions(scanner),
                  *context_mentions(scanner),
                  *cue_mentions(scanner), *bare_mentions(scanner),
                  *pair_mentions(scanner)):
            m.weak = weak
            mentions.append(m)
    for signer in signers:
        m = plain_name(signer)
        if m:
            mentions.append(m)
    people = resolve(mentions)
    out: list[str] = []
    seen: set[str] = set()
    for p in people:
        name = display(p)
        if is_office(name.split()):
            continue  # `CG CJTF-101 POLAD`, `the Prosecutor General's`: an office, not a person
        if company_key(name) in company_names():
            continue  # `Morgan Stanley`, `Barclays`: a company
        key = person_key(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)

