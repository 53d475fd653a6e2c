"""Copies of one cable in an index, and matches collapsed onto them.

A cable indexed more than once (two releases of 10TRIPOLI95, a CSV row and its HTML page)
is one hit: at cable scope the matches sharing an id collapse, best first; at paragraph
scope, those sharing an id and a paragraph (its number, and how many paragraphs before it
carry the same number). A `Copies` belongs to one `Searcher` and keeps what its searches
learn: which cables have copies (read once, from the second search on, or when the matches'
own ids read would add up to the cables), so a search reads no id for any other match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from cablesearch.budget import Budget
from cablesearch.engine.base import Reader


class Copies:
    """The copies of one cable among a reader's documents; `parent` gives a paragraph's cable
    document, `record` a cable's record (the searcher's own, with their caches)."""

    def __init__(self, reader: Reader, parent: Callable[[int], int | None],
                 record: Callable[[int], dict[str, Any]]) -> None:
        self.reader = reader
        self._parent = parent
        self._record = record
        self._found: tuple[frozenset[bytes], frozenset[int]] | None = None
        #: Cable-scope collapses so far: the copies are worth finding from the second.
        self.collapses = 0
        self._ids_read = 0  # matches whose ids were read to collapse them, before the copies were found

    @property
    def known(self) -> bool:
        """Whether every cable's id has been read to find the copies (`ids`, `cables`)."""
        return self._found is not None

    def ids(self) -> frozenset[bytes]:
        """The ids (as the id column holds them) of cables indexed more than once, computed once:
        only their paragraphs need collapsing by number."""
        return self._find()[0]

    def cables(self) -> frozenset[int]:
        """The cable documents of those ids: only they can collapse at cable scope."""
        return self._find()[1]

    def _find(self) -> tuple[frozenset[bytes], frozenset[int]]:
        if self._found is None:
            cables = sorted(self.reader.kind_docs("cable"))
            ids = self.reader.column("id").bulk(cables)
            copied = frozenset(c for c, n in Counter(ids).items() if n > 1 and c)
            self._found = copied, frozenset(d for d, c in zip(cables, ids) if c in copied)
        return self._found

    def collapse(self, order: list[int], paragraphs: bool, budget: Budget | None = None) -> list[list[int]] | None:
        """The matches `order` (best first) grouped into copies of one cable (same id; at
        paragraph scope, same id and paragraph), each group best first, groups in the order of
        their best; None when no two matches are copies of one cable."""
        ids = self.reader.column("id")
        if not paragraphs:
            self.collapses += 1
            if self._found is None:
                self._ids_read += len(order)
            if self._found is None and (self.collapses == 1 or
                                        self._ids_read <= len(self.reader.kind_docs("cable"))):
                # A searcher's first search (the CLI's only one), then until the matches' own ids
                # read add up to the cables: then one pass over every cable's id finds the copies
                # once, where a filter matching many cables would read their ids on every search.
                cid_of = {d: c for d, c in zip(order, ids.bulk(order)) if c}
            else:
                several = sorted(self.cables().intersection(order))
                cid_of = dict(zip(several, ids.bulk(several)))
            if len(set(cid_of.values())) == len(cid_of):
                return None  # no two copies of one cable among the matches
            by_cable: dict[Any, list[int]] = {}
            for d in order:  # ids (bytes) for copies, the docnum (int) for every other match
                by_cable.setdefault(cid_of.get(d, d), []).append(d)
            return list(by_cable.values())
        cids = ids.values(order)  # kept by the column from its second read on
        # At paragraph scope copies are told apart by paragraph number, a stored field (slow to
        # read): read only for cables with more than one matching paragraph and more than one copy.
        several_ids = {c for c, n in Counter(cids).items() if n > 1}
        if several_ids:
            several_ids &= self.ids()
        if not several_ids:
            return None  # no two matching paragraphs of one cable indexed twice
        groups: dict[Any, list[int]] = {}
        tick = budget.every(256) if budget is not None else None
        for d, cid in zip(order, cids):
            if tick is not None:
                tick()
            key = self._paragraph_key(d, cid) if cid in several_ids else d
            groups.setdefault(key, []).append(d)
        return list(groups.values())

    def _paragraph_key(self, para_docnum: int, cid: bytes) -> tuple[Any, ...]:
        """What one paragraph is in every copy of its cable: its number and how many paragraphs
        before it in the cable carry the same number (a cable may number two sections' paragraphs
        alike), or its place when it has no number."""
        stored = self.reader.stored(para_docnum)
        number, pidx = stored.get("number"), stored.get("pidx", 0)
        if not number:
            return cid, None, pidx
        parent = self._parent(para_docnum)
        earlier = (self._record(parent).get("paragraphs") or [])[:pidx] if parent is not None else []
        return cid, number, sum(1 for p in earlier if p.get("number") == number)
