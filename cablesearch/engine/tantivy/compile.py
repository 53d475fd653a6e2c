"""The project's query tree -> a Tantivy query, with what a snippet highlights for it.

Contract: the compiled query matches the documents the Whoosh index's compiled query
matches (`engine/whoosh/compile.py`), leaf by leaf and operator by operator:

* a word is analysed as the field indexes it (`schema.analyse`): several words of a text
  field (`foo-bar`) must all be there, none (punctuation alone) leaves nothing -- a tree
  with nothing left is a QueryError;
* a phrase with slop 1 is its words adjacent; with slop n each next word 1 to n positions
  after the one before, in order (Whoosh's reading; Tantivy's own slop also allows
  reordering), as the union of exact phrases with those gaps (`_sloppy`);
* wildcards, fuzzy words and term ranges are the words they stand for (`expand.py`);
* date numbers are integer terms and ranges that add nothing to a score;
* AND, OR and NOT are boolean clauses; NOT alone is every document but those;
* a leaf with no field is the same leaf in each default field of the scope, ORed.

Scores are Tantivy's BM25 (the subject weighs double): ranks are not Whoosh's.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field as dc_field, replace
from typing import Any

from cablesearch.budget import Budget
from cablesearch.engine.tantivy import expand
from cablesearch.engine.tantivy.schema import DATE_FIELDS, FIELD_BOOSTS, KEYWORD_FIELDS, TEXT_FIELDS, analyse
from cablesearch.errors import QueryError
from cablesearch.fields import CABLE_DEFAULT_FIELDS, PARAGRAPH_DEFAULT_FIELDS
from cablesearch.query import tree as t
from cablesearch.text import fold

#: The fields a snippet can show words of.
HIGHLIGHT_FIELDS = ("body", "text", "subject")
#: Exact phrases a sloppy phrase may unfold into; past it Tantivy's own (looser) slop is used.
MAX_SLOPPY_PHRASES = 256

NOTHING_LEFT = "cannot parse query: nothing searchable left after parsing"


@dataclass
class Compiled:
    """A tree compiled for one scope: the Tantivy query, and what snippets highlight for it --
    the indexed words its text leaves stand for, and its phrases as (words, slop)."""

    query: Any
    words: set[str] = dc_field(default_factory=set)
    phrases: list[tuple[tuple[str, ...], int]] = dc_field(default_factory=list)


def _no_tick() -> None:
    pass


class Compiler:
    """Compiles trees against one searcher's term dictionary (`lexicon`: field, prefix -> words;
    `has_word`: field, word -> whether it is indexed)."""

    def __init__(self, tantivy: Any, schema: Any, lexicon: expand.Lexicon, has_word: Any) -> None:
        self.tv = tantivy
        self.schema = schema
        self.lexicon = lexicon
        self.has_word = has_word
        self._tick: expand.Tick = _no_tick

    def compile(self, node: t.Node, *, paragraphs: bool, budget: Budget | None = None) -> Compiled:
        """`node` for the scope (paragraphs or cables); QueryError when nothing searchable is left,
        QueryTimeoutError when expanding its patterns runs past `budget`."""
        self._tick = budget.every(256) if budget is not None else _no_tick
        out = Compiled(None)
        defaults = PARAGRAPH_DEFAULT_FIELDS if paragraphs else CABLE_DEFAULT_FIELDS
        q = self._node(node, defaults, out)
        if q is None:
            raise QueryError(NOTHING_LEFT)
        out.query = q
        return out

    # -- operators ---------------------------------------------------------------------
    def _node(self, node: t.Node, defaults: tuple[str, ...], out: Compiled) -> Any | None:
        Q, Occur = self.tv.Query, self.tv.Occur
        if isinstance(node, t.Every):
            return Q.all_query()
        if isinstance(node, (t.And, t.Or)):
            if isinstance(node, t.Or) and any(isinstance(i, t.Every) for i in node.items):
                return Q.all_query()
            items = [i for i in node.items if not isinstance(i, t.Every)] or [t.Every()]
            if isinstance(node, t.And):
                clauses = []
                for item in items:
                    if isinstance(item, t.Not):
                        inner = self._node(item.item, defaults, out)
                        if inner is not None:
                            clauses.append((Occur.MustNot, inner))
                    else:
                        q = self._node(item, defaults, out)
                        if q is not None:
                            clauses.append((Occur.Must, q))
                if not clauses:
                    return None
                if all(occur == Occur.MustNot for occur, _ in clauses):
                    clauses.insert(0, (Occur.Must, Q.all_query()))
                q = clauses[0][1] if len(clauses) == 1 else Q.boolean_query(clauses)
            else:
                parts = [q for q in (self._node(i, defaults, out) for i in items) if q is not None]
                if not parts:
                    return None
                q = parts[0] if len(parts) == 1 else Q.boolean_query([(Occur.Should, p) for p in parts])
            return _boosted(Q, q, node.boost)
        if isinstance(node, t.Not):
            inner = self._node(node.item, defaults, out)
            if inner is None:
                return None
            return Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, inner)])
        if node.field:
            return self._leaf(node, node.field, out)
        parts = [q for q in (self._leaf(replace(node, boost=1.0), f, out) for f in defaults) if q is not None]
        if not parts:
            return None
        q = parts[0] if len(parts) == 1 else Q.boolean_query([(Occur.Should, p) for p in parts])
        return _boosted(Q, q, node.boost)

    # -- leaves ------------------------------------------------------------------------
    def _leaf(self, node: t.Leaf, field: str, out: Compiled) -> Any | None:
        boost = node.boost * FIELD_BOOSTS.get(field, 1.0)
        if isinstance(node, t.Range):
            return self._range(node, field, boost)
        if field in DATE_FIELDS:
            if not isinstance(node, (t.Term, t.Phrase)):
                raise QueryError(f"{field}: takes a number or a range ({field}:2007..2009)")
            return self._number(field, node.text, boost)
        if isinstance(node, t.Term):
            return self._words(field, analyse(field, node.text), boost, out)
        if isinstance(node, t.Phrase):
            words = analyse(field, node.text)
            if len(words) < 2:
                return self._words(field, words, boost, out)
            if field in HIGHLIGHT_FIELDS:
                out.phrases.append((tuple(words), node.slop))
            q = self._phrase(field, words, node.slop)
            return _boosted(self.tv.Query, q, boost)
        if isinstance(node, t.Wildcard):
            found = expand.wildcard_words(self.lexicon, field, fold(node.pattern), self._tick)
            return self._any_of(field, found, boost, out)
        if isinstance(node, t.Fuzzy):
            found = expand.fuzzy_words(self.lexicon, field, fold(node.text), node.maxdist, node.prefix, self._tick)
            return self._any_of(field, found, boost, out)
        raise TypeError(f"not a query leaf: {node!r}")

    def _term(self, field: str, word: str) -> Any:
        return self.tv.Query.term_query(self.schema, field, word, index_option=_index_option(field))

    def _words(self, field: str, words: list[str], boost: float, out: Compiled) -> Any | None:
        """All of `words` in `field` (one word: its term); None for no word."""
        if not words:
            return None
        if field in HIGHLIGHT_FIELDS:
            out.words.update(w for w in words if self.has_word(field, w))
        Q = self.tv.Query
        terms = [_boosted(Q, self._term(field, w), boost) for w in words]
        if len(terms) == 1:
            return terms[0]
        return Q.boolean_query([(self.tv.Occur.Must, q) for q in terms])

    def _any_of(self, field: str, words: list[str], boost: float, out: Compiled) -> Any:
        """Any of the expanded `words` (each scored as a word of its own); nothing for none."""
        Q = self.tv.Query
        if not words:
            return Q.empty_query()
        if field in HIGHLIGHT_FIELDS:
            out.words.update(words)
        terms = [self._term(field, w) for w in words]
        q = terms[0] if len(terms) == 1 else Q.boolean_query([(self.tv.Occur.Should, q) for q in terms])
        return _boosted(Q, q, boost)

    def _phrase(self, field: str, words: list[str], slop: int) -> Any:
        Q = self.tv.Query
        if field not in TEXT_FIELDS:  # no positions: every word, as Whoosh does without them
            return Q.boolean_query([(self.tv.Occur.Must, self._term(field, w)) for w in words])
        if slop <= 1:
            return Q.phrase_query(self.schema, field, words, slop=0)
        return self._sloppy(field, words, slop)

    def _sloppy(self, field: str, words: list[str], slop: int) -> Any:
        """Each next word 1 to `slop` positions after the one before: the exact phrases with
        every such gap, ORed (Tantivy's slop also matches the words reordered)."""
        Q = self.tv.Query
        combos = slop ** (len(words) - 1)
        if combos > MAX_SLOPPY_PHRASES:
            return Q.phrase_query(self.schema, field, words, slop=(slop - 1) * (len(words) - 1))
        phrases = []
        for gaps in itertools.product(range(1, slop + 1), repeat=len(words) - 1):
            offsets = [0, *itertools.accumulate(gaps)]
            phrases.append(Q.phrase_query(self.schema, field, list(zip(offsets, words)), slop=0))
        return phrases[0] if len(phrases) == 1 else \
            Q.boolean_query([(self.tv.Occur.Should, p) for p in phrases])

    def _number(self, field: str, text: str, boost: float) -> Any:
        try:
            value = int(text)
        except ValueError:
            raise QueryError(f"bad {field} {text!r}: use a number") from None
        q = self.tv.Query.term_query(self.schema, field, value)
        return self.tv.Query.const_score_query(q, 0.0) if boost == 1.0 else _boosted(self.tv.Query, q, boost)

    def _range(self, node: t.Range, field: str, boost: float) -> Any:
        Q = self.tv.Query
        if field in DATE_FIELDS:
            try:
                lo = int(node.lo) if node.lo is not None else None
                hi = int(node.hi) if node.hi is not None else None
            except ValueError:
                raise QueryError(f"bad range on {field}: {node.lo}..{node.hi}") from None
            if lo is None and hi is None:
                return Q.const_score_query(Q.exists_query(field), 0.0)
            q = Q.range_query(self.schema, field, self.tv.FieldType.Unsigned, lo, hi,
                              include_lower=lo is None or not node.lo_excl,
                              include_upper=hi is None or not node.hi_excl)
            return Q.const_score_query(q, 0.0)  # a date range adds nothing to a score
        ends = [None if v is None else (analyse(field, v) or [""])[0] for v in (node.lo, node.hi)]
        found = expand.range_words(self.lexicon, field, ends[0], ends[1], node.lo_excl, node.hi_excl, self._tick)
        if len(found) > expand.MAX_EXPANSION:
            raise QueryError(f"{field}:[{node.lo} TO {node.hi}] stands for more than "
                             f"{expand.MAX_EXPANSION:,} words of {field}: make it more specific")
        return self._any_of(field, found, boost, Compiled(None))


def _index_option(field: str) -> str:
    return "position" if field in TEXT_FIELDS else "freq" if field in KEYWORD_FIELDS else "basic"


def _boosted(Q: Any, q: Any, boost: float) -> Any:
    return q if boost == 1.0 else Q.boost_query(q, boost)
