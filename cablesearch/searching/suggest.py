"""Did you mean: the query again with each unknown word replaced by the nearest indexed word."""

from __future__ import annotations

import difflib
from dataclasses import replace

from cablesearch.engine.base import Reader
from cablesearch.fields import CABLE_DEFAULT_FIELDS, PARAGRAPH_DEFAULT_FIELDS
from cablesearch.query import Fuzzy, Node, ParsedQuery, Phrase, Term, leaves, to_text, transform
from cablesearch.text import WORD_RE, fold

#: The text fields a near word is looked for in.
SUGGEST_FIELDS = ("subject", "body", "text")
#: How alike a word and its replacement must be (difflib's ratio).
CUTOFF = 0.75


def suggest(reader: Reader, parsed: ParsedQuery) -> str | None:
    """The query, printed from its tree, with each word of a text field that the index lacks
    replaced by the nearest indexed word of that field (same first letter, at least four
    letters), in words, phrases and fuzzy words alike; None when no word changes."""
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
                if word in near_of or not word.isalpha() or len(word) < 4 or reader.doc_frequency(field, word):
                    continue
                near = difflib.get_close_matches(word, reader.terms(field, word[:1]), n=1, cutoff=CUTOFF)
                if near and near[0] != word:
                    near_of[word] = near[0]
    if not near_of:
        return None

    def fix(text: str) -> str:
        return WORD_RE.sub(lambda m: near_of.get(fold(m.group(0)), m.group(0)), text)

    def replace_words(leaf: Node) -> Node:
        if isinstance(leaf, (Term, Phrase, Fuzzy)):
            return replace(leaf, text=fix(leaf.text))
        return leaf

    return to_text(transform(parsed.tree, replace_words))
