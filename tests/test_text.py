"""`cablesearch.text.fold` is the index's fold: what Whoosh's analyzer chain gave every word
(`lower()` then `accent_map`), checked on every code point, so a word the index holds is the
word every other layer folds to."""

from __future__ import annotations

import re
import sys

from whoosh.support.charset import accent_map

from cablesearch.text import WORD_RE, fold, fold_apostrophes, fold_in_place


def whoosh_fold(s: str) -> str:
    return s.lower().translate(accent_map)


def every_character() -> list[str]:
    return [chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp < 0xE000]


def test_fold_is_the_index_fold_on_every_character() -> None:
    chars = every_character()
    assert [c for c in chars if fold(c) != whoosh_fold(c)] == []
    bmp = "".join(c for c in chars if ord(c) < 0x10000)
    assert fold(bmp) == whoosh_fold(bmp)  # one text, as the analyzer folds a keyword value


def test_fold_is_the_index_fold_on_every_sample_word(sample_records) -> None:
    words = {w for c in sample_records for p in c.paragraphs for w in WORD_RE.findall(p.text)}
    assert any(not w.isascii() for w in words)
    assert [w for w in words if fold(w) != whoosh_fold(w)] == []


def test_fold_examples() -> None:
    assert [fold(w) for w in ("Łódź", "García", "ØRSTED", "Đukanović", "Straße", "Москва", "O’Neill")] == \
        ["lodz", "garcia", "orsted", "dukanovic", "strase", "москва", "o’neill"]
    assert fold_apostrophes("O’Neill") == fold_apostrophes("O'NEILL") == "o'neill"


def test_fold_in_place_keeps_each_word_at_its_offsets(sample_records) -> None:
    """Where a text folds in place, its words are where they were, each folded as alone."""
    texts = [p.text for c in sample_records for p in c.paragraphs if not p.text.isascii()]
    texts += ["Łódź, Gdańsk — «Señor» O’Neill's ĦAL-ĦAŻ ﬁnal Москва ２０１０"]
    assert len(texts) > 20
    for text in texts:
        low = fold_in_place(text)
        assert low is not None and len(low) == len(text), text[:80]
        want = [(m.span(), fold(m.group(0))) for m in WORD_RE.finditer(text)]
        assert [(m.span(), m.group(0)) for m in WORD_RE.finditer(low)] == want, text[:80]
    for uneven in ("İstanbul", "ΟΔΟΣ.ΚΑΙ", "n\u0303o"):
        assert fold_in_place(uneven) is None


def test_every_other_character_folds_to_one_of_its_kind() -> None:
    """What `fold_in_place` relies on: apart from the characters it refuses, each character
    folds to one character, a word character (WORD_PATTERN's `\\w`) to one and only one."""
    word = re.compile(r"\w")
    uneven = [c for c in every_character()
              if len(fold(c)) != 1 or bool(word.match(c)) != bool(word.match(fold(c)))]
    assert all(fold_in_place(c) is None for c in uneven) and len(uneven) < 10
    assert fold_in_place("Σ") is None  # `σ` or `ς`, by what follows it


def test_every_fold_user_folds_a_letter_as_the_index() -> None:
    """`ł`, `ø`, `ı` do not decompose: the people facet, the tag dictionary and the copy
    comparison fold them as the index does, so all agree with a search for `lodz`."""
    from cablesearch.parse.names import person_key
    from cablesearch.parse.tag_dictionary import codes_for, describe, tag_matches
    from cablesearch.versions import word_edits

    assert person_key("Łukasz Kamiński") == person_key("KAMINSKI, LUKASZ") == "lukasz kaminski"
    assert person_key("Jens Størmer") == person_key("STORMER, JENS")
    assert codes_for("narcotıcs") == codes_for("Narcøtics") == codes_for("narcotics") == ("SNAR", "UNCND")
    assert tag_matches(describe("PL"), "POŁAND")
    assert word_edits("Embassy Łódź said", "EMBASSY LODZ said") == ()
    assert word_edits("O’Neill said", "O'NEILL said") == ()
    assert [e.new for e in word_edits("Embassy Łódź said", "Embassy Krakow said")] == ["Krakow"]
