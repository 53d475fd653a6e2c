"""Per-document columns of a Tantivy reader, read from fast fields in one call per batch.

Contract (`engine.base.Column`): a value per docnum; `bulk`/`values` keep the caller's
order, `counts` counts values. Values are those of the Whoosh index's columns: dates as
ints (None where a document has none), facet columns as the document's `;`-joined
display values in bytes (b"" where none).

A facet column is read as its hash fast field (`fh_<name>`), one Tantivy call for a whole
batch of documents; the hashes are turned back into values through the column's terms
(`fc_<name>`: each distinct joined value once), read when the column is first used --
so a count walks distinct values, not documents, for everything but the hash itself.

From a column's second read on (a process searching again and again), the raw values read
are kept by docnum (`_Memo`, bounded), so the next searches' matches -- mostly documents
read before -- cost a dictionary look-up each instead of a Tantivy call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from cablesearch.engine.tantivy.schema import EMPTY_HASH, column_hash, column_term, value_hash

#: docnums -> the fast field's raw values, in their order (the reader's batch read)
FastRead = Callable[[str, Sequence[int]], list[Any]]
#: Raw values a column keeps by docnum, at most (about 100 bytes each).
MEMO_LIMIT = 2_000_000


class _Memo:
    """A fast field's raw values by docnum, read through `read`; kept from the second read on."""

    def __init__(self, read: FastRead, field: str) -> None:
        self._read = read
        self._field = field
        self._reads = 0
        self._kept: dict[int, Any] = {}

    def __call__(self, docnums: Sequence[int]) -> list[Any]:
        self._reads += 1
        if self._reads < 2:
            return self._read(self._field, docnums)
        kept = self._kept
        missing = [d for d in docnums if d not in kept]
        if missing:
            if len(kept) + len(missing) > MEMO_LIMIT:
                kept.clear()
            kept.update(zip(missing, self._read(self._field, missing)))
        return [kept[d] for d in docnums]


class NumberColumn:
    """A date number (`ts`, `day`, `year`, `month`): ints, None where a document has none."""

    def __init__(self, read: FastRead, field: str) -> None:
        self._read = _Memo(read, field)

    def __getitem__(self, docnum: int) -> int | None:
        return self.bulk([docnum])[0]

    def bulk(self, docnums: Sequence[int]) -> list[int | None]:
        return [v or None for v in self._read(docnums)]

    def counts(self, ordered: Sequence[int]) -> Counter[Any]:
        return Counter(self.bulk(ordered))

    def values(self, docnums: Sequence[int], *, ascending: bool = False) -> list[int | None]:
        return self.bulk(docnums)


class ValueColumn:
    """A facet column (or `id`): each document's `;`-joined display values, as bytes."""

    def __init__(self, read: FastRead, terms: Callable[[str], list[str]], name: str) -> None:
        self._read = _Memo(read, column_hash(name))
        self._terms = terms
        self._name = name
        self._values: dict[int, bytes] | None = None  # hash -> value, read on first use

    def _lookup(self) -> dict[int, bytes]:
        if self._values is None:
            values = {EMPTY_HASH: b""}
            for term in self._terms(column_term(self._name)):
                raw = term.encode("utf-8")
                values[value_hash(raw)] = raw
            self._values = values
        return self._values

    def by_hash(self) -> dict[int, bytes]:
        """Every value of the column by its hash (`fh_<name>`), b"" for a document without one."""
        return self._lookup()

    def _hashes(self, docnums: Sequence[int]) -> list[Any]:
        return self._read(docnums)

    def __getitem__(self, docnum: int) -> bytes:
        return self.bulk([docnum])[0]

    def bulk(self, docnums: Sequence[int]) -> list[bytes]:
        get = self._lookup().get
        return [get(h, b"") if h is not None else b"" for h in self._hashes(docnums)]

    def counts(self, ordered: Sequence[int]) -> Counter[bytes]:
        """Counted by hash first: each distinct value is looked up once."""
        get = self._lookup().get
        out: Counter[bytes] = Counter()
        for h, n in Counter(self._hashes(ordered)).items():
            out[get(h, b"") if h is not None else b""] += n
        return out

    def values(self, docnums: Sequence[int], *, ascending: bool = False) -> list[bytes]:
        return self.bulk(docnums)
