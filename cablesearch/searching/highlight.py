"""Highlights and snippets: where a query matched in a cable's paragraphs.

A paragraph's words are the index's words (`text.WORD_PATTERN`, each folded by
`text.fold`), so a word a search found is a word highlighted, whatever its
accents (`lodz` finds and highlights `Łódź`). A plain word is highlighted
wherever it occurs; a phrase's words only where the phrase occurs, and the
paragraphs holding it are the ones shown.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from cablesearch.budget import Budget
from cablesearch.results import Snippet
from cablesearch.text import WORD_RE, fold, fold_in_place

SNIPPET_CHARS = 240
#: The fields whose words a snippet can show (paragraph text, and a cable's body and subject).
TEXT_FIELDS = ("body", "text", "subject")

Span = tuple[int, int]


def _starts_word(low: str, i: int) -> bool:
    """Does an index word (WORD_PATTERN) start at `i` of folded text? Not after a word
    character, nor after an apostrophe that follows one (`o'neill` is one word)."""
    if not i:
        return True
    before = low[i - 1]
    if before == "'" or before == "’":
        return i < 2 or not (low[i - 2].isalnum() or low[i - 2] == "_")
    return not (before.isalnum() or before == "_")


class Highlighter:
    """Where a query's words are in a text, as `(start, end)` spans of index words.

    `words` are highlighted wherever they occur; each phrase `(words, slop)` only where its
    words follow each other in order, each at most `slop` index words after the one before
    (slop 1: adjacent), as Whoosh matches a phrase.
    """

    def __init__(self, words: Iterable[str], phrases: Iterable[tuple[tuple[str, ...], int]] = ()) -> None:
        self.words = frozenset(words)
        # A phrase whose every word is highlighted anyway adds no span.
        self.phrases = tuple(dict.fromkeys((p, slop) for p, slop in phrases
                                           if len(p) > 1 and not self.words.issuperset(p)))
        ordered = sorted(self.words, key=len, reverse=True)
        self._plain = [w for w in ordered if w.isascii()]
        self._pattern = re.compile(r"(?:%s)(?!\w|['’]\w)" % "|".join(map(re.escape, ordered))) \
            if ordered else None
        #: An exact phrase (slop 1) as one regex over folded text: its words with only non-word
        #: characters between them (any word character would start another index word), found
        #: at every start (a look-ahead, so overlapping occurrences count).
        self._adjacent = {p: re.compile("(?=%s(?!\\w|['’]\\w))" % r"[^\w]+".join(f"({re.escape(w)})" for w in p))
                          for p, slop in self.phrases if slop == 1}

    def spans(self, text: str) -> list[Span]:
        """The spans of the query's words in `text`, in order."""
        # ASCII text (nearly all) is lower-cased and read by one C-speed regex pass.
        low = text.lower() if text.isascii() else fold_in_place(text)
        pattern = self._pattern
        if pattern is None:
            found = []
        elif low is None:  # a character that folds out of place: word by word
            found = [m.span() for m in WORD_RE.finditer(text) if fold(m.group(0)) in self.words]
        elif low.isascii() and not any(w in low for w in self._plain):
            found = []
        else:
            # A word must start an index word, not continue one ("neill" of "o'neill"): checked
            # here, as a look-behind in the regex would cost the regex engine's fast scan.
            found = [m.span() for m in pattern.finditer(low) if _starts_word(low, m.start())]
        if not self.phrases:
            return found
        for phrase in self.phrases:
            found += self._phrase_spans(text, low, *phrase)
        return sorted(set(found))

    def _phrase_spans(self, text: str, low: str | None, words: tuple[str, ...], slop: int) -> list[Span]:
        if low is not None:
            if not all(w in low for w in words):
                return []
            adjacent = self._adjacent.get(words)
            if adjacent is not None:
                return sorted({m.span(g) for m in adjacent.finditer(low) if _starts_word(low, m.start())
                               for g in range(1, len(words) + 1)})
            tokens = [(m.span(), m.group(0)) for m in WORD_RE.finditer(low)]
        else:
            tokens = [(m.span(), fold(m.group(0))) for m in WORD_RE.finditer(text)]
        at: dict[str, list[int]] = {w: [] for w in words}
        for i, (_span, word) in enumerate(tokens):
            if word in at:
                at[word].append(i)
        if not all(at.values()):
            return []
        found: set[int] = set()
        # Whether word k can follow at `prev` depends on (k, prev) alone: once a state is seen to
        # lead nowhere it is not walked again (without this, `"x x x x x x z y"~40` over a
        # paragraph of forty x's took seconds per extra x). Each word's positions in reach are
        # found by bisection, in the same order as before, so the same spans are found.
        dead: set[tuple[int, int]] = set()

        def follow(k: int, prev: int, taken: list[int]) -> bool:
            if k == len(words):
                found.update(taken)
                return True
            if (k, prev) in dead:
                return False
            places = at[words[k]]
            reach = places[bisect_right(places, prev):bisect_right(places, prev + slop)]
            if any(follow(k + 1, i, taken + [i]) for i in reach):
                return True
            dead.add((k, prev))
            return False

        for first in at[words[0]]:
            follow(1, first, [first])
        return [tokens[i][0] for i in sorted(found)]


def snippets(paragraphs: Iterable[dict[str, Any]], highlighter: Highlighter, n: int = 2, *,
             lead: bool = False, budget: Budget | None = None) -> tuple[Snippet, ...]:
    """The `n` paragraphs with the most highlights (first first on a tie), as snippets; with
    `lead` (a query of filters only, nothing to highlight), the first paragraph with text, so
    every hit shows a passage. The budget is checked before each paragraph is read."""
    paragraphs = list(paragraphs)
    scored = []
    for i, p in enumerate(paragraphs):
        if budget is not None:
            budget.check()
        hits = len(highlighter.spans(p.get("text") or ""))
        if hits:
            scored.append((-hits, i, p))
    if not scored and lead:
        first = next((p for p in paragraphs if (p.get("text") or "").strip()), None)
        return (snippet(first, highlighter),) if first is not None else ()
    scored.sort(key=lambda s: s[:2])
    return tuple(snippet(p, highlighter) for _, _, p in scored[:n])


def snippet(para: dict[str, Any], highlighter: Highlighter, *, whole: bool = False) -> Snippet:
    """A paragraph (a stored record's) with its highlights; cut to about SNIPPET_CHARS around
    the first one, at spaces, unless `whole`."""
    text = para.get("text") or ""
    spans = highlighter.spans(text)
    if not whole and len(text) > SNIPPET_CHARS:
        start = max(0, (spans[0][0] if spans else 0) - SNIPPET_CHARS // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < start + 20 else start
        end = min(len(text), start + SNIPPET_CHARS)
        space = text.rfind(" ", start, end)
        end = space if end < len(text) and space > start + SNIPPET_CHARS // 2 else end
        prefix = "… " if start else ""
        suffix = " …" if end < len(text) else ""
        shift = len(prefix) - start
        spans = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
        text = prefix + text[start:end] + suffix
    return Snippet(para.get("number"), para.get("marking"), text, tuple(spans))
