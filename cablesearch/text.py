"""The one text fold (case, accents, apostrophes) every layer uses.

The index stores each word as `fold(word)`; the highlighter, the people facet,
the tag dictionary and the copy comparison fold with the same function, so a
word found by a search is also a word highlighted, grouped or compared as equal.
Nothing here knows the search engine.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: A word of the index: letters, digits and `_` runs, joined by inner apostrophes (`O'Neill`,
#: `Luna’s`); dots and hyphens split words, so `1.4(b)` is `1`, `4`, `b`.
WORD_PATTERN = r"\w+(?:['’]\w+)*"
WORD_RE = re.compile(WORD_PATTERN)

#: Each ASCII letter or digit, and the lower-case characters folded to it. This is the
#: accent-folding table the index has always used (Whoosh's `accent_map`, from Carlos Bueno's
#: "Accent Folding for Auto-Complete"), restricted to what `str.lower` can produce: letters that
#: do not decompose are here too (`ł`, `ø`, `đ`, `ı`, `ß`, `þ`), while Greek, Cyrillic,
#: ligatures (`æ`, `ﬁ`) and compatibility forms other than full-width ones are left as they are.
#: The escaped combining marks are that table's own slips (U+0303 -> `p`); they never occur
#: inside a word (WORD_PATTERN), and are kept so that `fold` is the index's fold on any text.
_FOLDED_TO = {
    "0": "０", "1": "１", "2": "２", "3": "３", "4": "４", "5": "５", "6": "６", "7": "７", "8": "８", "9": "９",
    "a": "àáâãäåāăąǎǟǡǣǻǽȁȃȧḁẚạảấầẩẫậắằẳẵặⱥａ",
    "b": "ƀƃɓᵬḃḅḇｂ",
    "c": "çćĉċčƈȼɕḉｃ",
    "d": "ðďđƌȡɖɗᵭḋḍḏḑḓｄ",
    "e": "èéêëēĕėęěǝȅȇȩɇɚɝḕḗḙḛḝẹẻẽếềểễệｅ",
    "f": "ƒᵮḟｆ",
    "g": "ĝğġģǥǧǵɠḡｇ",
    "h": "ĥħȟ\u0331ḣḥḧḩḫẖⱨｈ",
    "i": "ìíîïĩīĭįıǐȉȋɨḭḯỉịｉ",
    "j": "ĵǰȷɉɟʄʝ\u030cｊ",
    "k": "ķƙǩḱḳḵⱪｋ",
    "l": "ĺļľŀłƚȴɫɬɭ\u0323ḷḹḻḽⱡｌ",
    "m": "ɱḿṁṃｍ",
    "n": "ñńņňƞǹȵɲɳṅṇṉṋｎ",
    "o": "òóôõöøōŏőơǒǫǭǿȍȏȫȭȯȱɵṍṏṑṓọỏốồổỗộớờởỡợｏ",
    "p": "ƥ\u0303ṕṗｐ",
    "q": "ɋʠｑ",
    "r": "ŕŗřȑȓɍɼɽɾᵲᵳṙṛṝṟｒ",
    "s": "ßśŝşšșʂ\u0329ṡṣṥṧṩẛｓ",
    "t": "þţťŧƫƭțȶʈ\u0308ᵵṫṭṯṱẗⱦｔ",
    "u": "ùúûüũūŭůűųưǔǖǘǚǜȕȗʉṳṵṷṹṻụủứừửữựｕ",
    "v": "ʋṽṿｖ",
    "w": "ŵẁẃẅẇẉẘｗ",
    "x": "ẋẍｘ",
    "y": "ýÿŷƴȳɏʏ\u030aẏẙỳỵỷỹｙ",
    "z": "źżžƶƺǯȥʐʑẑẓẕⱬｚ",
}
_TABLE = {ord(c): base for base, chars in _FOLDED_TO.items() for c in chars}


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """`s` lower-cased, each accented Latin letter as its ASCII letter: the form the index
    stores a word in (`Łódź` -> `lodz`, `García` -> `garcia`, `Москва` -> `москва`).

    Apostrophes are kept as they are: the index holds `luna’s` and `luna's` as two words.
    Cached, for words; `fold_in_place` folds a whole text."""
    if s.isascii():
        return s.lower()
    return s.lower().translate(_TABLE)


def fold_apostrophes(s: str) -> str:
    """`fold(s)` with `’` and `‘` written `'`: for comparing names and words (`O’Neill` is
    `O'Neill`), not for index words, which keep the apostrophe they have."""
    folded = fold(s)
    return folded.replace("’", "'").replace("‘", "'") if not folded.isascii() else folded


#: Characters whose fold is not one character of the same kind (word or not): `İ` lower-cases
#: to two characters, `Σ` to `σ` or `ς` by what follows it, and the combining marks of the table
#: are not word characters while their folds are. A text holding none folds character by
#: character, each word in place.
_UNEVEN_RE = re.compile("[\u0130\u03a3%s]" % "".join(c for chars in _FOLDED_TO.values() for c in chars
                                                      if not (c.isalnum() or c == "_")))


#: Runs of the characters the table folds.
_FOLDABLE_RE = re.compile("[%s]+" % "".join(_FOLDED_TO.values()))


def _fold_run(m: re.Match[str]) -> str:
    return m.group(0).translate(_TABLE)


def fold_in_place(text: str) -> str | None:
    """`text` folded character by character, keeping its length: each word (WORD_PATTERN) at
    the same offsets as in `text`, and written as `fold` writes it alone, so one regex pass
    finds folded words in a whole text. None when `text` holds a character without such a fold
    (then fold it word by word)."""
    low = text.lower()
    if low.isascii():
        return low
    if _UNEVEN_RE.search(text):
        return None
    # Only the runs the table folds: `translate` reads a whole text at Python speed.
    return _FOLDABLE_RE.sub(_fold_run, low)
