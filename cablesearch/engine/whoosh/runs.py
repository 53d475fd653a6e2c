"""Postings pooled in memory and spilled to sorted run files, a batch per pickle.

Contract: `TermPool` holds the postings of a segment being written, grouped
by field and term; when it passes its memory limit it writes its terms,
sorted, as one run to the writer's temporary storage, and `records()` then
gives every term once, in (field, term) order, with its postings in docnum
order, merged from the runs and memory. `BatchedPostingPool` is Whoosh's
own external-sort pool (merges still go through it) with the same run
format. A run file -- batches of items, each batch pickled once and
zlib-compressed behind a 4-byte length (`write_batches`, `read_batches`) --
is temporary: only the class that wrote it reads it, and none is part of
the index.

Why: Whoosh pools one tuple per posting, sorts them all, and pickles and
loads each posting alone. Documents arrive in docnum order, so pooling per
term leaves only the terms to sort, and a run is a list of terms; pickling
a batch at a time makes one call per batch, not per posting, and
compressing keeps runs a fraction of their raw size.
"""

from __future__ import annotations

import heapq
import pickle
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whoosh.util import random_name
from whoosh.writing import PostingPool

from cablesearch.engine.whoosh import compat

#: Postings per pickle in a sort run (a term with more gets a pickle of its own). The final
#: merge holds one unpickled batch of every run at once: at 512 terms a batch, a writer merging
#: about 70 runs of the 251,287-cable build peaked at 1.2 GB; bounding postings bounds that.
RUN_POSTINGS = 4096

#: One term's pooled postings: (field, term bytes, docnums, weights, encoded values).
Record = tuple[str, bytes, array, list, list]


def write_batches(f: Any, items: Iterable[Any], size: int, weigh: Callable[[Any], int] | None = None) -> None:
    """Write `items` to the run file `f` (and close it) as batches of at most `size` items
    (with `weigh`: weighing at most `size` in all, a heavier item alone), each pickled once and
    zlib-compressed (level 1) behind a 4-byte length: one pickle call per batch, not per item,
    and runs a fraction of their raw size (README's sizing note)."""

    def flush(batch: list[Any]) -> None:
        blob = zlib.compress(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL), 1)
        f.write(len(blob).to_bytes(4, "little"))
        f.write(blob)

    batch: list[Any] = []
    weight = 0
    for item in items:
        w = weigh(item) if weigh else 1
        if batch and weight + w > size:
            flush(batch)
            batch = []
            weight = 0
        batch.append(item)
        weight += w
    if batch:
        flush(batch)
    f.close()


def read_batches(f: Any) -> Iterator[Any]:
    """The items `write_batches` wrote to `f`, in order."""
    while True:
        head = f.read(4)
        if len(head) < 4:
            return
        yield from pickle.loads(zlib.decompress(f.read(int.from_bytes(head, "little"))))


#: Postings per pickle in `BatchedPostingPool`'s sort runs.
RUN_BATCH = 2048


class BatchedPostingPool(PostingPool):
    """Whoosh's external sort pool, whose runs are sequences of RUN_BATCH postings pickled
    together and zlib-compressed (`write_batches`), where Whoosh pickles each posting alone
    and loads it back with its own call. Built from the pool a writer made, to keep its
    settings; a run is only ever read by the class that wrote it."""

    def __init__(self, pool: PostingPool) -> None:  # noqa: D107 - takes over `pool`'s state
        self.__dict__.update(pool.__dict__)

    def _write_run(self, f: Any, items: Iterable[Any]) -> None:
        write_batches(f, items, RUN_BATCH)

    def _read_run(self, path: str) -> Iterator[Any]:
        f = compat.open_run(self, path)
        try:
            yield from read_batches(f)
        finally:
            f.close()
            compat.remove_run(self, path)


class TermPool:
    """Postings grouped by field and term, spilled to sorted runs of terms when large."""

    def __init__(self, tempstore: Any, limitmb: int) -> None:
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024
        self.size = 0
        self.terms: dict[str, dict[bytes, list[Any]]] = {}
        self.runs: list[str] = []
        self.fieldnames: set[str] = set()
        #: Postings came through `add()` (merged segments): check their order when writing.
        self.generic = False

    def field_terms(self, fieldname: str) -> dict[bytes, list[Any]]:
        """One field's term bytes -> [docnums, weights, values], for a writer to append to."""
        terms = self.terms.get(fieldname)
        if terms is None:
            terms = self.terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Whoosh's pool interface: one (fieldname, tbytes, docnum, weight, vbytes) posting,
        from Whoosh's general code (merging segments), in an order not known here."""
        self.generic = True
        self.append(*item)

    def append(self, fieldname: str, tbytes: bytes, docnum: int, weight: float, vbytes: bytes | None) -> None:
        """One posting of the document being added (so in docnum order)."""
        terms = self.field_terms(fieldname)
        entry = terms.get(tbytes)
        if entry is None:
            entry = terms[tbytes] = [array("I"), [], []]
            self.size += 320
        entry[0].append(docnum)
        entry[1].append(weight)
        entry[2].append(vbytes or b"")
        self.size += 53 + len(vbytes or b"")
        if self.size > self.limit:
            self.save()

    def save(self) -> None:
        """Write the pooled terms, sorted, as one run and start afresh."""
        if not self.terms:
            return
        name = "%s.termrun" % random_name()
        f = self.tempstore.create_file(name).raw_file()
        records = ((field, tbytes, ids.tobytes(), weights, values)
                   for field, tbytes, ids, weights, values in self._memory_records())
        write_batches(f, records, RUN_POSTINGS, weigh=lambda rec: len(rec[3]))
        self.runs.append(name)
        self.terms = {}
        self.size = 0

    def _memory_records(self) -> Iterator[Record]:
        for fieldname in sorted(self.terms):
            terms = self.terms[fieldname]
            for tbytes in sorted(terms):
                ids, weights, values = terms[tbytes]
                yield fieldname, tbytes, ids, weights, values

    def _run_records(self, name: str) -> Iterator[Record]:
        f = self.tempstore.open_file(name).raw_file()
        try:
            for fieldname, tbytes, idbytes, weights, values in read_batches(f):
                ids = array("I")
                ids.frombytes(idbytes)
                yield fieldname, tbytes, ids, weights, values
        finally:
            f.close()

    def records(self) -> Iterator[Record]:
        """Every term once, in (field, term) order, its postings in docnum order."""
        streams = [self._run_records(name) for name in self.runs] + [self._memory_records()]
        # heapq.merge yields equal keys in stream order: the runs are in docnum order.
        merged = heapq.merge(*streams, key=lambda r: (r[0], r[1])) if len(streams) > 1 else streams[0]
        current: Record | None = None
        for rec in merged:
            if current is not None and rec[0] == current[0] and rec[1] == current[1]:
                current[2].extend(rec[2])
                current[3].extend(rec[3])
                current[4].extend(rec[4])
                continue
            if current is not None:
                yield self._ordered(current)
            current = rec
        if current is not None:
            yield self._ordered(current)

    def _ordered(self, rec: Record) -> Record:
        ids = rec[2]
        if self.generic and any(a > b for a, b in zip(ids, ids[1:])):
            order = sorted(range(len(ids)), key=ids.__getitem__)
            return (rec[0], rec[1], array("I", (ids[i] for i in order)), [rec[3][i] for i in order],
                    [rec[4][i] for i in order])
        return rec

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Whoosh's pool interface, one posting at a time (only merges that bypass `write` use it)."""
        for fieldname, tbytes, ids, weights, values in self.records():
            for docnum, weight, vbytes in zip(ids, weights, values):
                yield fieldname, tbytes, docnum, weight, vbytes

    def cleanup(self) -> None:
        """Whoosh's pool interface: remove the run files."""
        for name in self.runs:
            try:
                self.tempstore.delete_file(name)
            except OSError:
                pass
        self.runs = []
