"""Did you mean: the query again with each unknown word replaced by the nearest indexed word."""

from __future__ import annotations

import difflib
from dataclasses import replace

from cablesearch.budget import Budget, check
from cablesearch.engine.base import Reader
from cablesearch.fields import CABLE_DEFAULT_FIELDS, PARAGRAPH_DEFAULT_FIELDS
from cablesearch.query import Fuzzy, Node, ParsedQuery, Phrase, Term, leaves, to_text, transform
from cablesearch.text import WORD_RE, fold

#: The text fields a near word is looked for in.
SUGGEST_FIELDS = ("subject", "body", "text")
#: How alike a word and its replacement must be (difflib's ratio).
CUTOFF = 0.75
#: Indexed words compared with a word between two looks at the budget's clock.
CHUNK = 1024


def suggest(reader: Reader, parsed: ParsedQuery, budget: Budget | None = None) -> str | None:
    """The query, printed from its tree, with each word of a text field that the index lacks
    replaced by the nearest indexed word of that field (same first letter, at least four
    letters), in words, phrases and fuzzy words alike; None when no word changes.
    QueryTimeoutError past the budget (checked every CHUNK words compared)."""
    defaults = PARAGRAPH_DEFAULT_FIELDS if parsed.paragraphs else CABLE_DEFAULT_FIELDS
    near_of: dict[str, str] = {}
    for leaf, _negated in leaves(parsed.tree):
        if not isinstance(leaf, (Term, Phrase, Fuzzy)):
            continue
        for field in (leaf.field,) if leaf.field else defaults:
            if field not in SUGGEST_FIELDS:
                continue
            for m in WORD_RE.finditer(leaf.text):
                word = fold(m.group(0))
                check(budget)
                if word in near_of or not word.isalpha() or len(word) < 4 or reader.doc_frequency(field, word):
                    continue
                near = _closest(word, reader.terms(field, word[:1]), budget)
                if near is not None and near != word:
                    near_of[word] = near
    if not near_of:
        return None

    def fix(text: str) -> str:
        return WORD_RE.sub(lambda m: near_of.get(fold(m.group(0)), m.group(0)), text)

    def replace_words(leaf: Node) -> Node:
        if isinstance(leaf, (Term, Phrase, Fuzzy)):
            return replace(leaf, text=fix(leaf.text))
        return leaf

    return to_text(transform(parsed.tree, replace_words))


def _closest(word: str, candidates: list[str], budget: Budget | None) -> str | None:
    """`difflib.get_close_matches(word, candidates, n=1, cutoff=CUTOFF)`'s one word, asked of
    CHUNK candidates at a time with the budget checked between: the best of each chunk's best
    (by ratio, then the word, as get_close_matches ranks them) is the best of all."""
    if budget is None:
        near = difflib.get_close_matches(word, candidates, n=1, cutoff=CUTOFF)
        return near[0] if near else None
    best: tuple[float, str] | None = None
    for i in range(0, len(candidates), CHUNK):
        budget.check()
        near = difflib.get_close_matches(word, candidates[i:i + CHUNK], n=1, cutoff=CUTOFF)
        if near:
            scored = (difflib.SequenceMatcher(None, near[0], word).ratio(), near[0])
            best = scored if best is None else max(best, scored)
    return best[1] if best else None
