"""Every private Whoosh structure this package reads or writes, named once, behind a version check.

The fast paths of `engine.whoosh` (block-at-a-time postings, lengths and columns
read whole, the lean segment writer, memory-mapped files) read Whoosh 2.7.4's
private attributes, functions and on-disk pickles. They are written for that
version only: `FAST_PATHS` is True only when the installed Whoosh is the one
in `WRITTEN_FOR`, and each fast path returns its fallback -- Whoosh's own code
-- when it is False, so another version is slower but never misread. Importing
this module changes nothing and raises nothing on any version.

Every function below is one access; the callers decide when to use it (after
checking `FAST_PATHS` and the object's exact type). The few in `REQUIRED` are no
fast path but the only way to do something at all (a writer that leaves the lock
to its caller, writer processes that die with the build, the commit a manifest
cache belongs to, AND NOT corrected): they are used on every Whoosh.

=========================================================  =============================================  ==================
Access                                                     Whoosh class / module                          Used by
=========================================================  =============================================  ==================
``_exclude``, ``_ids``                                     matching.wrappers.FilterMatcher                postings
``_i``, ``_data``, ``_byteids``                            codec.whoosh3.W3LeafMatcher                    postings, evaluate
``_postfile``, ``_dataoffset``, ``_nextoffset``            codec.whoosh3.W3LeafMatcher                    postings, evaluate
``_compression``, ``_blocklength``                         codec.whoosh3.W3LeafMatcher                    postings, evaluate
``_read_weights()``, ``_read_values()``                    codec.whoosh3.W3LeafMatcher                    postings
``_weights``, ``_values``, ``_next_block()``, ``_maxid``   codec.whoosh3.W3LeafMatcher                    postings, evaluate
block pickle: (docnum deltas, weights, values)             codec.whoosh3.W3PostingsWriter._write_block    postings, evaluate
``_INT_SIZE``                                              whoosh.system                                  postings
positions value: a count, then a pickled list              formats.Positions.encode                       postings
``_compile_query()``                                       query.ranges.NumericRange                      evaluate
``_btexts()``                                              query.ranges.TermRange, query.terms.MultiTerm  evaluate, expand
``_btexts()`` (a hook the kept expansions override)         query.terms.MultiTerm                          expand
``terms_within()`` run with a stand-in reader as ``self``   reading.IndexReader, reading.SegmentReader     expand
``_field_B``                                               scoring.BM25F                                  postings
``_perdoc``                                                reading.SegmentReader                          scoring
``_cached_reader()``                                       codec.whoosh3.W3PerDocReader                   scoring
``_lenfield()``, ``LENGTHS_COLUMN``                        codec.whoosh3 (module)                         scoring
``_fixedlen``, ``_count``, ``_basepos``, ``_dbfile``       columns.FixedBytesColumn.Reader                scoring
``_translate``                                             columns.TranslatingColumnReader                columns
``_dbfile``, ``_basepos``, ``_offsets``, ``_lengths``      columns.VarBytesColumn.Reader                  columns
``_dbfile``, ``_basepos``, ``_typecode``, ``_fixedlen``    columns.NumericColumn.Reader                   columns
``_count``, ``_default``                                   columns.NumericColumn.Reader                   columns
``_buf``, ``_name``                                        filedb.structfile.BufferFile                   storage
``_fpath()``                                               filedb.filestore.FileStorage                   storage
``_tempstorage``, ``_check_state()``, ``_check_fields()``  writing.SegmentWriter                          writer
``_added``                                                 writing.SegmentWriter                          writer
``_flush_segment()`` (a hook LeanSegmentWriter overrides)  writing.SegmentWriter                          writer
``_postwriter``                                            codec.whoosh3.W3FieldWriter                    writer
``_blocklimit``, ``_write_block()``                        codec.whoosh3.W3PostingsWriter                 writer
``_ids``, ``_weights``, ``_values``                        codec.whoosh3.W3PostingsWriter                 writer
``_maxweight``, ``_minlength``, ``_maxlength``             codec.whoosh3.W3PostingsWriter                 writer
``_lk`` (keyword argument)                                 writing.SegmentWriter, multiproc.MpWriter      docwriter
``_new_task()`` (a hook _OrphanSafeMpWriter overrides)     multiproc.MpWriter                             docwriter
``_commit_toc()`` (a hook _OrphanSafeMpWriter overrides)   writing.SegmentWriter                          docwriter
``_commit_toc()`` (wrapped on one writer object)          writing.SegmentWriter                          docwriter
``_added``, ``_finalize_segment()``, ``_close_segment()``   writing.SegmentWriter                          docwriter
``SegmentWriter`` (set in a writer process)                multiproc (module)                             docwriter
``_text_to_bytes()``, ``_terms``                           reading.SegmentReader                          docwriter
``_read_toc()``                                            index.FileIndex                                store
``_write_run()``, ``_read_run()`` (hooks overridden)       writing.PostingPool (support.externalsort)     runs
``_open_run()``, ``_remove_run()``                         support.externalsort.SortingPool               runs
``_get_spans()`` (a hook AdjacentPhrase's matchers use)    query.spans.SpanNear2.SpanNear2Matcher         queries
``_find_first()`` (overridden), ``_find_next()``           matching.binary.AndNotMatcher                  queries
``_terms.items()``                                         reading.SegmentReader                          verify
the block, column, length and TOC accesses above           (their classes, above)                         verify
=========================================================  =============================================  ==================
"""

from __future__ import annotations

import os

from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from pickle import UnpicklingError, loads
from typing import Any, NamedTuple
from zlib import decompress, decompressobj

import whoosh
from whoosh import system as _system

#: The Whoosh release every access below was written against and tested with.
WRITTEN_FOR = "2.7.4"


def _installed_version() -> str:
    """The installed Whoosh's version as "x.y.z" ("" when it does not say)."""
    try:
        return str(whoosh.versionstring())
    except Exception:  # noqa: BLE001 -- an unknown version only turns the fast paths off
        return ".".join(str(part) for part in getattr(whoosh, "__version__", ()))


#: The installed Whoosh's version.
INSTALLED = _installed_version()
#: Set (to anything but "" or "0") to run stock Whoosh: every fast path off.
STOCK_ENV = "CABLESEARCH_STOCK_WHOOSH"
#: Whether the fast paths run: this package's readings of Whoosh's private structures, its own
#: matchers (dictionary AND/OR, set-based phrases) and writer. Off on any other Whoosh version,
#: and in stock mode ($CABLESEARCH_STOCK_WHOOSH), where Whoosh's own matchers, collector,
#: writer, files and scorer answer; the tests compare both modes.
FAST_PATHS: bool = INSTALLED == WRITTEN_FOR and os.environ.get(STOCK_ENV, "") in ("", "0")

#: Accessors with no public fallback, used whatever `FAST_PATHS` says.
REQUIRED = frozenset({"unlocked", "start_writer_task", "use_segment_writer", "read_toc", "find_next",
                      "finish_segment", "close_segment", "commit_with_segments"})

#: Bytes of the count that starts an encoded positions value (`Positions.encode`).
_INT_SIZE: int = getattr(_system, "_INT_SIZE", 4)


# -- postings matchers (codec.whoosh3.W3LeafMatcher, matching.wrappers.FilterMatcher) -------

def filtered_out(m: Any) -> frozenset[int] | None:
    """The docnums a FilterMatcher leaves out (its `_ids` when `_exclude`), None when it keeps
    only them: how deleted documents are kept out of a segment's postings."""
    return frozenset(m._ids) if m._exclude else None


def block_position(m: Any) -> int:
    """W3LeafMatcher's index (`_i`) in its current block: non-zero once it has stepped."""
    return m._i


def block_ids(m: Any, data: tuple[Any, ...] | None = None) -> Iterable[int]:
    """The docnums of the current block (from `data`, its unpickled tuple, else W3LeafMatcher's
    `_data` as it read the block), summed from the stored deltas at C speed rather than by
    Whoosh's generator (`_byteids`: stored whole, not as deltas)."""
    data = m._data if data is None else data
    return data[0] if m._byteids else accumulate(data[0])


#: Where a block's pickle starts its tuple of encoded positions. Whoosh pickles a block as
#: (docnum deltas, weights, values) with protocol 2, where each `bytes` value is a call to
#: `_codecs.encode`: a tuple of four or more opens with MARK and that global. Nothing before
#: it can hold these bytes (ints and floats each follow an opcode byte not among them).
VALUES_START = b"(c_codecs\nencode\n"


def block_head(m: Any) -> tuple[Iterable[int], Any]:
    """W3LeafMatcher's current block's docnums and weights (as its `_read_weights` makes
    them), without unpickling its values: the pickle read from `_postfile` is cut where the
    values start and closed with None in their place. Walks that score a term never use the
    values, and unpickling them (one `_codecs.encode` call per posting) is most of a block's
    `pickle.loads`. The matcher is not changed; a block read whole already (`_data`), or one
    whose pickle is not cut so (three values or fewer), is read as Whoosh reads it.

    A compressed block is inflated only as far as its head can reach (a docnum delta takes at
    most 5 pickled bytes, a weight 9, the tuples' opcodes a few more)."""
    data = m._data
    if data is None:
        raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
        b = decompressobj().decompress(raw, 14 * m._blocklength + 64) if m._compression else raw
        cut = b.find(VALUES_START)
        if cut > 0:
            try:
                data = loads(b[:cut] + b"N\x87.")  # None as the values, TUPLE3, STOP
            except (UnpicklingError, ValueError, IndexError, EOFError):
                data = None
        if data is None or type(data) is not tuple or len(data) != 3:
            data = loads(decompress(raw) if m._compression else raw)
    weights = data[1]
    if weights is None:
        weights = array("f", [1.0]) * m._blocklength
    elif isinstance(weights, float):
        weights = array("f", [weights]) * m._blocklength
    return block_ids(m, data), weights


def read_block(m: Any) -> tuple[tuple[int, ...], Any, Any]:
    """W3LeafMatcher's current block read whole (`_read_weights`, `_read_values`): its
    docnums, weights and encoded values, for a walk that needs the values (phrases)."""
    m._read_weights()
    m._read_values()
    return tuple(block_ids(m)), m._weights, m._values


def next_block(m: Any) -> None:
    """Move W3LeafMatcher to its next block (`_next_block`), or past the end."""
    m._next_block()


def block_max_id(m: Any) -> int:
    """The last docnum of W3LeafMatcher's current block (`_maxid`, read from the block's
    header), so a block before the next wanted document is skipped undecoded."""
    return m._maxid


# -- encoded positions (formats.Positions) --------------------------------------------------

def decode_positions(value: bytes) -> Iterable[int]:
    """`Positions.decode_positions`, summed at C speed: a `_INT_SIZE` count, then a pickled
    list of position deltas (a block keeps the value without the pickle's STOP)."""
    if not value.endswith(b"."):
        value += b"."
    return accumulate(loads(value[_INT_SIZE:]))


#: How `Positions.encode` starts a single position: the count 1, then protocol 2's pickle of a
#: one-item list (PROTO 2, EMPTY_LIST, BINPUT 0); the item follows as BININT1 `K` (one byte)
#: or BININT2 `M` (two, little-endian).
ONE_POSITION = b"\x00\x00\x00\x01\x80\x02]q\x00"


def one_position(value: bytes) -> int:
    """The one position of a value starting with `ONE_POSITION`, when pickled as BININT1 or
    BININT2 (below 65,536); else -1 (read by `decode_positions` then)."""
    op = value[9]
    if op == 75 and len(value) > 11 and value[11] == 97:  # K n APPEND
        return value[10]
    if op == 77 and len(value) > 12 and value[12] == 97:  # M lo hi APPEND
        return value[10] | value[11] << 8
    return -1


# -- queries and weighting ------------------------------------------------------------------

class _TickingCursor:
    """A term cursor that calls `tick()` before each `find` (the DFA walk's step)."""

    def __init__(self, cursor: Any, tick: Callable[[], None]) -> None:
        self._cursor = cursor
        self._tick = tick

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def find(self, term: Any) -> Any:
        self._tick()
        return self._cursor.find(term)


def _ticking(words: Iterable[Any], tick: Callable[[], None]) -> Iterator[Any]:
    for word in words:
        tick()
        yield word


class TickingReader:
    """An index reader whose walks of a field's words call `tick()` at each word read, so that
    Whoosh's own expansion of a prefix, wildcard or fuzzy word (`MultiTerm._btexts`, through
    `expand_prefix`, `lexicon`, or `terms_within`'s cursor) can be stopped between two words:
    they yield only the words that match, and may read a whole lexicon between two.

    `terms_within` runs the reader class's own method with this reader as `self`: the
    segment's Levenshtein automaton over its cursor (`SegmentReader`), or edit distances over
    `expand_prefix` (`IndexReader`, a MultiReader's), so the words found are Whoosh's."""

    def __init__(self, reader: Any, tick: Callable[[], None]) -> None:
        self._reader = reader
        self._tick = tick

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)

    def __contains__(self, term: Any) -> bool:
        return term in self._reader

    def expand_prefix(self, fieldname: str, prefix: Any) -> Iterator[Any]:
        return _ticking(self._reader.expand_prefix(fieldname, prefix), self._tick)

    def lexicon(self, fieldname: str) -> Iterator[Any]:
        return _ticking(self._reader.lexicon(fieldname), self._tick)

    def cursor(self, fieldname: str) -> Any:
        return _TickingCursor(self._reader.cursor(fieldname), self._tick)

    def terms_within(self, fieldname: str, text: str, maxdist: int, prefix: int = 0) -> Iterable[Any]:
        return type(self._reader).terms_within(self, fieldname, text, maxdist, prefix)


def compiled_range(q: Any, reader: Any) -> Any:
    """The query a NumericRange runs as (`_compile_query`: an Or of its tiers' terms and
    term ranges), so its documents are read term by term."""
    return q._compile_query(reader)


def expanded_texts(q: Any, reader: Any) -> Iterable[bytes]:
    """The terms (as bytes) a TermRange or MultiTerm (prefix, wildcard, regex, fuzzy) expands
    to in `reader` (`_btexts`), so each is read by blocks."""
    return q._btexts(reader)


def bm25f_field_b(weighting: Any) -> Any:
    """BM25F's per-field B overrides (`_field_B`): the default weighting has none."""
    return weighting._field_B


# -- per-document lengths (reading.SegmentReader, codec.whoosh3.W3PerDocReader) ---------------

def length_column_bytes(reader: Any, fieldname: str) -> bytes | None:
    """A segment's length column of `fieldname` as stored, one byte per document from the
    first (`_perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)`, its `_dbfile` sliced at
    `_basepos` for `_count` bytes; shorter than the segment when its last documents have
    none); None when the segment has no such column or it is not one byte per document."""
    perdoc = getattr(reader, "_perdoc", None)
    find = getattr(perdoc, "_cached_reader", None)
    if find is None:
        return None
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    col = find(_lenfield(fieldname), LENGTHS_COLUMN)
    if col is None or getattr(col, "_fixedlen", None) != 1:
        return None
    return bytes(col._dbfile.get(col._basepos, col._count))


# -- columns (columns.*Column.Reader, columns.TranslatingColumnReader) ------------------------

def column_translation(col: Any) -> Any:
    """TranslatingColumnReader's value translation (`_translate`: the field's
    `from_column_value`), to apply once per distinct value or skip when it is the identity."""
    return col._translate


def column_file(raw: Any) -> Any:
    """The file a column reader reads from (`_dbfile`), None for a reader without one."""
    return getattr(raw, "_dbfile", None)


def var_bytes_layout(raw: Any) -> tuple[int, Any, Any]:
    """VarBytesColumn.Reader's layout: where its values start in its file (`_basepos`), and
    each document's offset from there and length (`_offsets`, `_lengths`), to slice values."""
    return raw._basepos, raw._offsets, raw._lengths


class NumericLayout(NamedTuple):
    """NumericColumn.Reader's layout (`_typecode`, `_fixedlen`, `_count`, `_default`,
    `_basepos`): big-endian values of one struct type from `base`, `count` of them, then
    `default` for every later document."""

    typecode: str
    size: int
    count: int
    default: Any
    base: int


def numeric_layout(raw: Any) -> NumericLayout:
    """NumericColumn.Reader's layout, to read the whole column into an array in one slice."""
    return NumericLayout(raw._typecode, raw._fixedlen, raw._count, raw._default, raw._basepos)


# -- files (filedb.structfile.BufferFile, filedb.filestore.FileStorage) ----------------------

def init_buffer_file(f: Any, buf: Any, name: str) -> None:
    """Set up a BufferFile over `buf` without `BufferFile.__init__` (which copies `buf` into a
    BytesIO): its `_buf`, which `get` and `get_array` slice, and its `_name`."""
    f._buf = buf
    f._name = name


def file_path(storage: Any, name: str) -> str:
    """The absolute path of a FileStorage's file `name` (`_fpath`)."""
    return storage._fpath(name)


# -- segment writing (writing.SegmentWriter, codec.whoosh3.W3FieldWriter, W3PostingsWriter) ---

def writer_tempstorage(w: Any) -> Any:
    """SegmentWriter's temporary storage (`_tempstorage`), where a pool's sort runs go."""
    return w._tempstorage


def check_writer_state(w: Any) -> None:
    """SegmentWriter's `_check_state`: raises when the writer is closed."""
    w._check_state()


def check_fields(w: Any, schema: Any, names: Iterable[str]) -> None:
    """SegmentWriter's `_check_fields`: raises for a field name the schema lacks."""
    w._check_fields(schema, names)


def mark_added(w: Any) -> None:
    """Tell SegmentWriter a document was added (`_added`), so its commit writes a segment."""
    w._added = True


def flush_segment(w: Any) -> None:
    """SegmentWriter's own `_flush_segment` (writes the pool's postings and closes the
    per-document files): what LeanSegmentWriter's override falls back to."""
    from whoosh.writing import SegmentWriter

    SegmentWriter._flush_segment(w)


def postings_writer(fw: Any) -> Any:
    """W3FieldWriter's postings writer (`_postwriter`), fed a block at a time."""
    return fw._postwriter


def postings_block_limit(pw: Any) -> int:
    """Postings per block of W3PostingsWriter (`_blocklimit`)."""
    return pw._blocklimit


def write_postings_block(pw: Any) -> None:
    """W3PostingsWriter's `_write_block`: write the full block and start a new one."""
    pw._write_block()


def postings_block(pw: Any) -> tuple[Any, list[float], list[bytes]]:
    """W3PostingsWriter's current block (`_ids`, `_weights`, `_values`): the lists its
    `add_posting` appends to (new lists after each `write_postings_block`)."""
    return pw._ids, pw._weights, pw._values


def note_block_weight(pw: Any, top: float) -> None:
    """Raise W3PostingsWriter's block maximum weight (`_maxweight`) to `top`, as `add_posting`
    does per posting."""
    if top > pw._maxweight:
        pw._maxweight = top


def note_block_lengths(pw: Any, low: int, high: int) -> None:
    """Widen W3PostingsWriter's block field-length range (`_minlength`, `_maxlength`) to
    [low, high] (non-zero lengths), as `add_posting` does per posting."""
    if pw._minlength is None or low < pw._minlength:
        pw._minlength = low
    if high > pw._maxlength:
        pw._maxlength = high


# -- writing and deleting (writing.SegmentWriter, multiproc, reading.SegmentReader) -----------

def unlocked(**kwargs: Any) -> dict[str, Any]:
    """Writer keyword arguments plus `_lk=False`: the writer takes no WRITELOCK (its caller holds it)."""
    return {**kwargs, "_lk": False}


def start_writer_task(w: Any, task_class: Any, **attrs: Any) -> Any:
    """What MpWriter's `_new_task` hook does, with `task_class` for SubWriterTask and `attrs` set
    on the task before its process starts."""
    task = task_class(w.storage, w.indexname, w.jobqueue, w.resultqueue, w.subargs, w.multisegment)
    for name, value in attrs.items():
        setattr(task, name, value)
    w.tasks.append(task)
    task.start()
    return task


def use_segment_writer(cls: Any) -> None:
    """Make `cls` the SegmentWriter that `multiproc`'s writer tasks open: call it only in a writer process."""
    from whoosh import multiproc

    multiproc.SegmentWriter = cls


def finish_segment(w: Any) -> Any:
    """What a writer process of a multi-segment MpWriter does at its end: the writer's new
    segment written out and returned (`_finalize_segment()`), or None, its files closed
    (`_close_segment()`), when no document was added (`_added`). The writer stays open: its
    temporary storage may be shared with other writers of the folder."""
    if not w._added:
        w._close_segment()
        return None
    return w._finalize_segment()


def close_segment(w: Any) -> None:
    """SegmentWriter's `_close_segment`: its files closed and its pool's sort runs removed,
    the folder's shared temporary storage left alone (`cancel` would remove it)."""
    w._close_segment()


def commit_with_segments(w: Any, segments: list[Any]) -> None:
    """Have `w`'s commit list `segments` -- written into the same folder by other writers, as
    MpWriter's writer processes write theirs -- after its own in the new table of contents:
    the writer object's `_commit_toc` hook, wrapped (SegmentWriter and MpWriter both commit
    through it)."""
    commit_toc = w._commit_toc
    w._commit_toc = lambda own: commit_toc([*own, *segments])


def term_bytes(leaf: Any, fieldname: str, text: str) -> bytes:
    """A term as a segment stores it (SegmentReader's `_text_to_bytes`)."""
    return leaf._text_to_bytes(fieldname, text)


def raw_postings(leaf: Any, fieldname: str, tbytes: bytes) -> Any:
    """A segment's postings of a term it holds, read straight from its term file (`_terms.matcher`):
    deleted documents included, no deletion set copied per call."""
    return leaf._terms.matcher(fieldname, tbytes, leaf.schema[fieldname].format, scorer=None)


def segment_terms(leaf: Any) -> Iterable[tuple[tuple[str, bytes], Any]]:
    """Every term of a segment with its term info (`_terms.items()`), in its term file's order:
    what `index --check` walks, one pass and no look-up per term."""
    return leaf._terms.items()


def read_toc(ix: Any) -> Any:
    """An index's latest commit as read from its folder (`_read_toc`): `generation` and `segments`."""
    return ix._read_toc()


def open_run(pool: Any, path: str) -> Any:
    """A sort run's file, opened by the pool that wrote it (`SortingPool._open_run`)."""
    return pool._open_run(path)


def remove_run(pool: Any, path: str) -> None:
    """A read sort run's file removed (`SortingPool._remove_run`)."""
    pool._remove_run(path)


def find_next(matcher: Any) -> None:
    """An AND NOT matcher moved to its next match not excluded (`AndNotMatcher._find_next`)."""
    matcher._find_next()
