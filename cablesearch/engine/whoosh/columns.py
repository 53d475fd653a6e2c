"""Per-document column values, read from each segment's own column.

Why: a value read through Whoosh's index-wide column reader passes three
Python layers (value translation, the multi-segment wrapper with its
bisect, then the segment's column), and collapsing copies and counting
facets read one value per match. `Column` goes to the segment's column directly, and `bulk()`
reads a list of documents in one pass (one `map` when there is one
segment).
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from whoosh import fields
from whoosh.columns import NumericColumn, TranslatingColumnReader, VarBytesColumn

from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.guard import PASSED, Guard, guarded
from cablesearch.engine.whoosh.schema import numeric_value
from cablesearch.engine.whoosh.storage import MappedFile


class Column:
    """One column of the whole index, by document number (as `reader.column_reader(name)`).

    Built from each segment's own column reader. Whoosh 2.7.4's multi-segment
    `column_reader` leaves out the segments that have no file for the column
    and so maps their documents onto the previous segment's column, whose
    variable-length reader then raises IndexError: `search '*' --facet
    marking` failed so on an index built in three runs. A segment's own
    reader gives the column's default for every document instead.

    With a `guard`, a read that fails on a damaged file raises IndexDamagedError. Text
    values (bytes written as UTF-8: facets, ids) are checked to decode as they are read, so
    a damaged value fails here, where the failure is told as damage, not in the caller that
    decodes it.
    """

    #: Whether the values are UTF-8 bytes (DateColumn's are numbers).
    text = True

    def __init__(self, reader: Any, name: str, guard: Guard | None = None) -> None:
        self._guard = guard
        # An index with no document yet (a first build that never committed one) is Whoosh's
        # EmptyReader, which has no columns: then no segment, and no document to read.
        leaves = [(segment, offset) for segment, offset in reader.leaf_readers() if segment.doc_count_all()]
        self._starts = [offset for _, offset in leaves] or [0]
        cols = [segment.column_reader(name) for segment, _ in leaves]
        self._gets = [_leaf_getter(col) for col in cols] or [_no_document]
        self._bulks = [_leaf_bulk(col, doccount=segment.doc_count_all())
                       for col, (segment, _) in zip(cols, leaves)] or [_no_documents]
        self._reads = 0  # values() calls
        self._doccount = reader.doc_count_all()
        self._memo: list[Any] | None = None  # docnum -> value, kept by values()
        self._canon: dict[Any, Any] = {}  # each distinct value once

    def __getitem__(self, docnum: int) -> Any:
        i = max(0, bisect_right(self._starts, docnum) - 1)
        try:  # inline, not `guarded`: a date sort reads one value per match
            value = self._gets[i](docnum - self._starts[i])
            if self.text and isinstance(value, bytes) and not value.isascii():
                value.decode("utf-8")
            return value
        except PASSED:
            raise
        except Exception as exc:
            error = None if self._guard is None else self._guard.damaged(exc)
            if error is None:
                raise
            raise error from exc

    @guarded
    def bulk(self, docnums: Sequence[int]) -> list[Any]:
        """The values of `docnums`, in their order."""
        if len(self._bulks) == 1:
            return self._checked(self._bulks[0](docnums))
        # Read in docnum order, one pass per segment (matches come in score order, which
        # would hop between segments at every document).
        ordered = sorted(set(docnums))
        values = self._checked(self._in_order(ordered))
        if ordered == list(docnums):
            return values
        found = dict(zip(ordered, values))
        return [found[d] for d in docnums]

    @guarded
    def counts(self, ordered: Sequence[int]) -> Counter[Any]:
        """How many of `ordered` (docnums, ascending) hold each value: what a facet
        needs, so no value is put back in the caller's order."""
        return Counter(self.values(ordered, ascending=True))

    @guarded
    def values(self, docnums: Sequence[int], *, ascending: bool = False) -> list[Any]:
        """`bulk(docnums)` for a caller that reads the column search after search (facets,
        collapsing copies): from the column's second read on, the values read are kept, by
        docnum (8 bytes a document of the index, each distinct value held once), and the next
        searches' matches, mostly documents read before, are looked up at C speed where a read
        slices the column's map per document. A column read once -- the CLI's one search --
        keeps nothing. `ascending`: the docnums are in ascending order (read without sorting)."""
        read = self._read if ascending else self.bulk
        self._reads += 1
        if self._reads < 2:
            return read(docnums)
        if self._memo is None:
            self._memo = [None] * self._doccount  # None: not read yet (a value is never None)
        memo = self._memo
        values = list(map(memo.__getitem__, docnums))
        if None in values:
            missing = [d for d, v in zip(docnums, values) if v is None]
            canon = self._canon
            for d, v in zip(missing, read(missing)):
                memo[d] = canon.setdefault(v, v)
            values = list(map(memo.__getitem__, docnums))
        return values

    def _read(self, ordered: Sequence[int]) -> list[Any]:
        return self._checked(self._bulks[0](ordered) if len(self._bulks) == 1 else self._in_order(ordered))

    def _checked(self, values: list[Any]) -> list[Any]:
        """`values`, once their text values are seen to decode as UTF-8 (UnicodeDecodeError when one
        does not: a damaged column). Joined by `;`, which cannot complete a sequence a value
        leaves unfinished, they are checked in one call (most are ASCII: no decoding at all)."""
        if self.text and values and isinstance(values[0], bytes):
            joined = b";".join(values)
            if not joined.isascii():
                joined.decode("utf-8")
        return values

    def _in_order(self, ordered: Sequence[int]) -> list[Any]:
        """The values of ascending docnums, read one segment after the other."""
        starts = self._starts
        values: list[Any] = []
        i = 0
        for k, lo in enumerate(starts):
            hi = starts[k + 1] if k + 1 < len(starts) else 1 << 62
            j = bisect_left(ordered, hi, i)
            if j > i:
                values.extend(self._bulks[k]([d - lo for d in ordered[i:j]]))
            i = j
        return values


def _leaf_bulk(col: Any, doccount: int) -> Callable[[Sequence[int]], list[Any]]:
    """A segment column's `docnums -> values`, as fast as the column's kind allows:

    * plain bytes in a memory-mapped file (storage.MappedFile), the facet columns: sliced
      from the map in one comprehension, no Python call per value;
    * fixed-size numbers (year, month, ts): the whole column read into an array the first
      time, then indexed; a translation (NUMERIC's sortable form) applied once per distinct
      value;
    * anything else, and everything without `compat.FAST_PATHS`: Whoosh's reader, value by
      value.
    """
    translate = None
    raw = col
    mapped = False
    if compat.FAST_PATHS:
        if isinstance(col, TranslatingColumnReader):
            raw = col.raw_column()
            translate = compat.column_translation(col)
            translate = None if _identity(translate) else translate
        mapped = isinstance(compat.column_file(raw), MappedFile)
    if mapped and translate is None and type(raw) is VarBytesColumn.Reader:
        mm = compat.column_file(raw).memory_map
        base, offsets, lengths = compat.var_bytes_layout(raw)

        def sliced(docnums: Sequence[int]) -> list[Any]:
            return [mm[base + offsets[d]:base + offsets[d] + lengths[d]] for d in docnums]

        return sliced
    if mapped and type(raw) is NumericColumn.Reader and compat.numeric_layout(raw).typecode in "bBhHiIlLqQfd":
        table: list[array] = []

        def numbers(docnums: Sequence[int]) -> list[Any]:
            if not table:
                table.append(_number_array(raw, doccount))
            arr = table[0]
            values = [arr[d] for d in docnums]
            if translate is None:
                return values
            decoded = {v: translate(v) for v in set(values)}
            return [decoded[v] for v in values]

        return numbers
    get = _leaf_getter(col)

    def one_by_one(docnums: Sequence[int]) -> list[Any]:
        return list(map(get, docnums))

    return one_by_one


def _number_array(raw: Any, doccount: int) -> array:
    """A NumericColumn's values for every document of its segment (big-endian on disk; the
    default past the last value written)."""
    layout = compat.numeric_layout(raw)
    arr = array(layout.typecode)
    size = arr.itemsize
    if size != layout.size:  # a platform whose C types differ from struct's sizes
        return array("q", (raw[d] for d in range(doccount)))
    count = min(layout.count, doccount)
    arr.frombytes(compat.column_file(raw).memory_map[layout.base:layout.base + count * size])
    if sys.byteorder == "little":
        arr.byteswap()
    if count < doccount:
        arr.extend([layout.default] * (doccount - count))
    return arr


def _leaf_getter(col: Any) -> Callable[[int], Any]:
    """A segment column's `docnum -> value`, its value translation applied (Whoosh's own
    reader's `__getitem__` without `compat.FAST_PATHS`)."""
    if not compat.FAST_PATHS or not isinstance(col, TranslatingColumnReader):
        return col.__getitem__
    translate = compat.column_translation(col)
    if _identity(translate):
        return col.raw_column().__getitem__
    raw = col.raw_column().__getitem__

    def get(docnum: int) -> Any:
        return translate(raw(docnum))

    return get


def _identity(translate: Callable[[Any], Any]) -> bool:
    """Is this the translation of a plain COLUMN field (bytes in, the same bytes out, through
    two method calls per value)?"""
    field = getattr(translate, "__self__", None)
    kind = type(field)
    return (isinstance(field, fields.COLUMN) and kind.from_column_value is fields.FieldType.from_column_value
            and kind.from_bytes is fields.COLUMN.from_bytes)


class DateColumn(Column):
    """A date-number column (`ts`, `day`, `year`, `month`) whose values are ints, None where a
    document has none (Whoosh fills a missing number with its type's largest value, and an
    undated cable's `ts` is 0)."""

    text = False

    def __getitem__(self, docnum: int) -> int | None:
        return numeric_value(super().__getitem__(docnum))

    def bulk(self, docnums: Sequence[int]) -> list[int | None]:
        return list(map(numeric_value, super().bulk(docnums)))

    def counts(self, ordered: Sequence[int]) -> Counter[Any]:
        # Raw values counted first, then each distinct one translated (not every document's).
        out: Counter[Any] = Counter()
        for raw, n in Counter(Column.values(self, ordered, ascending=True)).items():
            out[numeric_value(raw)] += n
        return out

    def values(self, docnums: Sequence[int], *, ascending: bool = False) -> list[Any]:
        return list(map(numeric_value, super().values(docnums, ascending=ascending)))


def _no_document(docnum: int) -> Any:
    raise IndexError(f"no document {docnum}: the index holds none")


def _no_documents(docnums: Sequence[int]) -> list[Any]:
    if docnums:
        raise IndexError("no documents: the index holds none")
    return []
