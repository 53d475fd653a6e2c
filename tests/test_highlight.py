"""Highlights and snippets (searching/highlight.py): the spans are the index's words, folded as
the index folds them, and a phrase is highlighted only where it occurs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cablesearch import CableIndex, build_index
from cablesearch.query import parse_query
from cablesearch.searching.highlight import Highlighter
from cablesearch.text import WORD_RE, fold
from conftest import SAMPLE


def spans(index: CableIndex, q: str, text: str) -> list[tuple[int, int]]:
    """Where the query `q` is highlighted in `text`, against the words of `index`."""
    from conftest import fresh_reader

    words, phrases = fresh_reader(index).highlight_terms(parse_query(q).resolved, paragraphs=False)
    return Highlighter(words, phrases).spans(text)


def highlighted(snippet) -> list[str]:
    return [snippet.text[a:b] for a, b in snippet.highlights]


def test_a_letter_the_index_folds_is_highlighted(tmp_path: Path) -> None:
    """`lodz` finds `Łódź` (the index folds `Ł` to `l`), and its snippet shows it highlighted.
    No sample cable holds such a letter: the cable indexed is a MODIFIED COPY of the real cable
    09ABUDHABI1151 (sample_data/cablegate-pre), with `Tehran` replaced by `Łódź`."""
    real = (SAMPLE / "cablegate-pre" / "09ABUDHABI1151.txt").read_text(encoding="utf-8")
    assert real.count("Embassy Tehran") == 1
    modified = tmp_path / "cables" / "09ABUDHABI1151-modified-copy.txt"
    modified.parent.mkdir()
    modified.write_text(real.replace("Embassy Tehran", "Embassy Łódź"), encoding="utf-8")
    build_index([modified.parent], tmp_path / "index")
    with CableIndex.open(tmp_path / "index") as ix:
        for paragraphs in (False, True):
            hits = ix.search("lodz", paragraphs=paragraphs).hits
            assert [h.id for h in hits] == ["09ABUDHABI1151"]
            assert [highlighted(s) for s in hits[0].snippets] == [["Łódź"]]


def test_a_phrase_is_highlighted_where_it_occurs(sample_index) -> None:
    """09ABUDHABI1151 has `nuclear` and `program` apart in paragraph 2 ("… nuclear power … his
    program …") and the phrase `nuclear program` twice in paragraph 5: the phrase shows
    paragraph 5 alone, its two occurrences highlighted; the two words show both paragraphs."""
    def hit(q: str, paragraphs: bool = False, number: str | None = None):
        return next(h for h in sample_index.search(q, paragraphs=paragraphs, limit=None).hits
                    if h.id == "09ABUDHABI1151" and h.paragraph == number)

    phrase = hit('"nuclear program"')
    assert [s.paragraph for s in phrase.snippets] == ["5"]
    assert [w.lower() for w in highlighted(phrase.snippets[0])] == ["nuclear", "program"]
    assert [h.paragraph for h in sample_index.search('"nuclear program"', paragraphs=True, limit=None).hits
            if h.id == "09ABUDHABI1151"] == ["5"]
    whole = hit('"nuclear program"', paragraphs=True, number="5").snippets[0]
    assert highlighted(whole) == ["nuclear", "program"] * 2
    for a, b in zip(whole.highlights[::2], whole.highlights[1::2]):
        assert whole.text[a[0]:b[1]] == "nuclear program"
    words = hit("nuclear program")
    assert sorted(s.paragraph for s in words.snippets) == ["2", "5"]
    para2 = hit("nuclear program", paragraphs=True, number="2").snippets[0]
    assert {w.lower() for w in highlighted(para2)} == {"nuclear", "program"}
    # a plain word beside the phrase is highlighted wherever it is
    both = hit('"nuclear program" poneman')
    assert "Poneman" in {w for s in both.snippets for w in highlighted(s)}


def test_a_phrase_with_slop_is_highlighted_within_its_window(sample_index) -> None:
    text = "nuclear weapons program; a program for nuclear power; the nuclear program"
    assert [text[a:b] for a, b in spans(sample_index, '"nuclear program"', text)] == ["nuclear", "program"]
    assert spans(sample_index, '"nuclear program"', text)[0][0] == text.rindex("nuclear")
    sloppy = spans(sample_index, '"nuclear program"~2', text)
    assert [text[a:b] for a, b in sloppy] == ["nuclear", "program"] * 2 and sloppy[0] == (0, 7)


@pytest.mark.parametrize("ascii_text", [True, False])
def test_highlights_are_the_index_words(sample_index, sample_records, ascii_text: bool) -> None:
    """Highlight spans are exactly the words the index sees (WORD_RE, folded): in ASCII text found
    by one regex on the lower-cased text, in accented text on its in-place fold; whether the
    word itself is accented in the text (`Martí`) or not, alone or with another."""
    texts = [p.text for c in sample_records for p in c.paragraphs if p.text.isascii() is ascii_text]
    checked = accented = 0
    for text in texts[:40]:
        tokens = [m for m in WORD_RE.finditer(text) if len(m.group(0)) > 5]
        picked = tokens[:: max(1, len(tokens) // 3)]
        for m, other in zip(picked, picked[1:] + picked[:1]):
            words = {fold(m.group(0)), fold(other.group(0))}
            want = [(t.start(), t.end()) for t in WORD_RE.finditer(text) if fold(t.group(0)) in words]
            assert spans(sample_index, " OR ".join(sorted(words)), text) == want, (words, text[:60])
            one = fold(m.group(0))
            want = [(t.start(), t.end()) for t in WORD_RE.finditer(text) if fold(t.group(0)) == one]
            assert spans(sample_index, one, text) == want, (one, text[:60])
            checked += 1
            accented += not m.group(0).isascii()
    assert checked > 60 and (accented > 0) is not ascii_text


def test_highlights_start_where_index_words_start(sample_index) -> None:
    """`'police'` in quotes is the word police; `_police`, `subpolice` and `police's` are other
    words (WORD_PATTERN), as are the `neill` of `O'Neill` and the `s` of `police's`."""
    text = "Subpolice, police. _police 'police' Police's (POLICE) police'"
    want = [(t.start(), t.end()) for t in WORD_RE.finditer(text) if fold(t.group(0)) == "police"]
    assert len(want) == 4
    assert spans(sample_index, "police", text) == want
    curly = "Subpolice, pólice. ’police’ Police’s O’Neill — «Señor»"
    want = [(t.start(), t.end()) for t in WORD_RE.finditer(curly) if fold(t.group(0)) == "police"]
    assert len(want) == 2 and spans(sample_index, "police", curly) == want


def test_an_apostrophe_is_the_one_the_index_holds(sample_index) -> None:
    """The index keeps `’` and `'` apart (`jud’s`, `jud's`): a highlight does too."""
    text = "Leaders of JUD’s wing and Jud's own"
    assert spans(sample_index, "jud's", text) == [(26, 31)]
    assert spans(sample_index, "leaders", text) == [(0, 7)]


def test_text_that_folds_out_of_place_is_read_word_by_word(sample_index) -> None:
    text = "İstanbul police, ΟΔΟΣ.police Straße"
    assert [text[a:b] for a, b in spans(sample_index, "police", text)] == ["police", "police"]


def test_exact_phrases_are_found_where_their_index_words_follow_each_other(sample_records) -> None:
    """An exact phrase's spans are those of consecutive index words equal to its words, in every
    sample paragraph (ASCII or not), for two- and three-word phrases taken from the texts."""
    checked = 0
    for cable in sample_records[:60]:
        for p in cable.paragraphs:
            tokens = [(m.span(), fold(m.group(0))) for m in WORD_RE.finditer(p.text)]
            for n in (2, 3):
                for start in range(0, max(0, len(tokens) - n), 7):
                    phrase = tuple(word for _, word in tokens[start:start + n])
                    want = sorted({tokens[i + k][0] for i in range(len(tokens) - n + 1)
                                   if tuple(w for _, w in tokens[i:i + n]) == phrase for k in range(n)})
                    assert Highlighter((), [(phrase, 1)]).spans(p.text) == want, (phrase, p.text[:60])
                    checked += 1
    assert checked > 500


def test_a_sloppy_phrase_over_many_repeats_is_found_in_polynomial_time() -> None:
    """Each (word, position) of a sloppy phrase is tried once: the search for spans used to try
    every way of placing repeated words, six times longer per extra repeat (`"x x x x x x z y"~40`
    over forty x's took 10 s; seven x's, a minute; twelve, days)."""
    text = " ".join(["x"] * 40) + " y z"
    start = time.monotonic()
    assert Highlighter([], [(("x",) * 7 + ("z", "y"), 40)]).spans(text) == []
    assert Highlighter([], [(("x",) * 7 + ("y", "z"), 40)]).spans(text) == [(2 * i, 2 * i + 1) for i in range(42)]
    assert time.monotonic() - start < 10  # (generous: it takes milliseconds)
