"""People named in a cable, found by rules that know how cables write names.

Generic NER does badly on cables: hard-wrapped ALL CAPS text, titles stacked
three deep (``Deputy Secretary of Population, Migration, and Religious Issues
Florencio Salazar Adame``), two-part Hispanic surnames, and OCR that splits
or garbles a name (``Negro Ponte``, ``Negrofonte``). The evidence, strongest
first:

* a title, honorific or role before the name (``Ambassador Garza``, ``A/S
  Shannon``, ``P.M. Erdogan``, ``columnist Murat Yetkin``, ``FOREIGN
  MINISTER PAPAGOS``), skipping an ``of ...`` office after the title;
* a known given name followed by surname words (``Genaro Garcia Luna``);
* the ``Classified By:`` line, the 1970s E.O. line's ``(SURNAME, GIVEN)``,
  the signer, person TAGS (``OVIP (STEINBERG, JAMES B.)``) and addressees in
  routing lines (``NSC FOR BRAUN``, ``USDA FOR OSTA/LIZ JONES``);
* context: ``the <Name> administration/case``, ``<Name> said``, ``<Name>'s
  wife``;
* weakest, and only when they recur: a lone capitalised word that is no
  ordinary word, place, organisation or acronym (``Berlusconi``), two to four
  such words in a row (``Barcin Yinanc``), and in ALL CAPS text a lone word
  seen twice or with a possessive (``JUMBLATT'S``).

Mentions from Title Case headings and ALL CAPS lines of a mixed-case cable
only confirm people found elsewhere. Mentions of one person then resolve to
one entry: a surname alone or a suffix of a fuller name, a first name alone,
a name without its last surname (``Manoel Gomes`` of ``Manoel Gomes
Pereira``), the ALL CAPS form, an OCR split whose letters join to a known
surname, and a near-miss spelling (one or two letters off a surname of six
letters or more). The display form is the fullest mixed-case name seen.

Which words are ordinary, places, acronyms or surname-like comes from word
lists in ``cablesearch/data``: ``common_words``, ``acronyms``,
``not_people`` and ``name_words`` are derived from the real corpus by
``tools/build_common_words.py``; ``given_names`` and ``places`` were compiled
by hand. Measured on hand-annotated cables: ``benchmarks/people_score.py``.

When a cable is indexed, a lone surname the cable never writes in full may be
read as the office holder of its date and countries (``CLINTON`` signing a 2010
Department cable is Hillary Clinton): :func:`with_office_holders`, from
``office_holders.tsv``.

The parser calls :func:`find_people` on the cleaned subject, paragraphs and
header fields, so FOIA review stamps (already stripped from the body) never
reach it. The cross-cable identity that groups the ``people`` facet
(``person_key``) and a user's alias file (``PeopleAliases``) are in ``names.py``.
"""

from __future__ import annotations

from cablesearch.parse.people.holders import with_office_holders
from cablesearch.parse.people.resolve import find_people
from cablesearch.parse.people.words import display_case

__all__ = ["display_case", "find_people", "with_office_holders"]
