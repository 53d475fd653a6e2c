"""Words a wildcard, fuzzy word or term range stands for, read from a field's term dictionary.

Tantivy's own regex and fuzzy queries differ from the Whoosh index's in ways a user would
see: its fuzzy distance counts a transposition as one edit and cannot keep a prefix of
several letters, and neither says which words it matched (snippets highlight them). So
these leaves are expanded here, by the Whoosh index's rules, into the indexed words they
stand for, and searched as those words:

* a wildcard: `*` any run of characters, `?` one character, the rest literal; the whole
  word must match (`narco*` is a prefix);
* a fuzzy word: words within `maxdist` Levenshtein edits (insert, delete, substitute)
  sharing its first `prefix` characters;
* a term range: words between two ends in code-point order, each end inclusive or not.

A pattern standing for more than MAX_EXPANSION words is refused (QueryError).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cablesearch.errors import QueryError

#: Words a wildcard, prefix or fuzzy word may stand for in one field (as in the Whoosh index).
MAX_EXPANSION = 4096

#: field, prefix -> every indexed word of the field starting with prefix
Lexicon = Callable[[str, str], list[str]]
#: Called once per word looked at: the query's budget (`Budget.every`), or nothing.
Tick = Callable[[], None]


def _no_tick() -> None:
    pass


def _checked(label: str, field: str, found: list[str]) -> list[str]:
    if len(found) > MAX_EXPANSION:
        raise QueryError(f"{field}:{label} stands for more than {MAX_EXPANSION:,} words of {field}: "
                         f"make it more specific")
    return found


def wildcard_words(lexicon: Lexicon, field: str, pattern: str, tick: Tick = _no_tick) -> list[str]:
    """The indexed words of `field` the (folded) glob `pattern` matches, sorted; `tick()` once
    per word looked at."""
    literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
    regex = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern),
                       re.DOTALL)
    candidates = lexicon(field, literal)
    if pattern == literal + "*":
        return _checked(pattern, field, candidates)
    return _checked(pattern, field, [w for w in candidates if tick() or regex.fullmatch(w)])


def fuzzy_words(lexicon: Lexicon, field: str, text: str, maxdist: int, prefix: int,
                tick: Tick = _no_tick) -> list[str]:
    """The indexed words of `field` within `maxdist` edits of `text` that share its first
    `prefix` characters (`text` itself included when indexed), sorted; `tick()` once per word
    looked at."""
    n = len(text)
    found = [w for w in lexicon(field, text[:prefix])
             if not tick() and abs(len(w) - n) <= maxdist and within(text, w, maxdist)]
    return _checked(f"{text}~{maxdist}", field, found)


def within(a: str, b: str, limit: int) -> bool:
    """Whether the Levenshtein distance of `a` and `b` is at most `limit` (no transpositions),
    computed in a band of width 2 * limit + 1 with an early stop."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > limit:
        return False
    big = limit + 1
    previous = [j if j <= limit else big for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        lo, hi = max(1, i - limit), min(len(b), i + limit)
        current = [big] * (len(b) + 1)
        current[0] = i if i <= limit else big
        ca = a[i - 1]
        best = current[0]
        for j in range(lo, hi + 1):
            cost = previous[j - 1] + (ca != b[j - 1])
            cost = min(cost, previous[j] + 1, current[j - 1] + 1)
            current[j] = cost if cost <= limit else big
            best = min(best, current[j])
        if best > limit:
            return False
        previous = current
    return previous[len(b)] <= limit


def range_words(lexicon: Lexicon, field: str, lo: str | None, hi: str | None, lo_excl: bool,
                hi_excl: bool, tick: Tick = _no_tick) -> list[str]:
    """The indexed words of `field` between `lo` and `hi` (None: open), sorted."""
    found = []
    for w in lexicon(field, ""):
        tick()
        if lo is not None and (w < lo or (lo_excl and w == lo)):
            continue
        if hi is not None and (w > hi or (hi_excl and w == hi)):
            continue
        found.append(w)
    return found
