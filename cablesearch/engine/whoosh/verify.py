"""The Whoosh engine's side of `index --check`: every file of an index folder verified, each
damaged one named with what is wrong.

`check_folder` never raises for damage and never opens the index as a search does (it may be
too damaged to open). In order:

1. the table of contents: the latest one is there and parses (it lists the segments);
2. the seal (`seal.py`): every file of the commit is there, at the size and with the CRC-32
   recorded when it was written;
3. every segment has the files no segment is without (terms, postings, stored documents);
4. with `deep`, every segment whose files passed is read end to end as a search reads it:
   every term's postings (docnums ascending and in range, as many as the term's entry says),
   every stored document (and each cable's record unpacked), every column, every length.

With a seal of the commit, 2 finds any change to any byte; 4 finds what reads wrong in an
index written before seals (or sealed with a fault of the writer's own).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.columns import VarBytesColumn
from whoosh.reading import SegmentReader

from cablesearch.engine.base import Damage, StorageCheck
from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.guard import what
from cablesearch.engine.layout import unpack_record
from cablesearch.engine.whoosh.seal import INDEX_NAME, file_damage, latest_toc, seal_of, segment_files
from cablesearch.engine.whoosh.storage import MappedStorage

#: The files every segment with documents has (the others hold columns only some documents fill).
REQUIRED_EXTENSIONS = (".trm", ".pst", "._stored.col")


class _Found:
    """Damage found so far, one entry per file (the first problem found in it)."""

    def __init__(self) -> None:
        self.damage: dict[str, Damage] = {}

    def add(self, name: str, problem: str) -> None:
        self.damage.setdefault(name, Damage(name, problem))

    def has(self, name: str) -> bool:
        return name in self.damage


def check_folder(path: Path, *, deep: bool = True) -> StorageCheck:
    """`Engine.check` for Whoosh: see the module's docstring."""
    found = _Found()
    notes: list[str] = []
    files: list[str] = []
    toc_file = latest_toc(path)
    sealed, note = seal_of(path, toc_file)
    if note:
        notes.append(note)
    if sealed is not None:
        for name, (size, crc) in sorted(sealed.items()):
            files.append(name)
            damage = file_damage(path, name, size, crc)
            if damage is not None:
                found.add(damage.file, damage.problem)
    if toc_file is None:
        if not found.damage:
            found.add(f"_{INDEX_NAME}_N.toc", "missing: the folder has no table of contents")
        return StorageCheck(tuple(dict.fromkeys(files)), tuple(found.damage.values()), tuple(notes))
    files.append(toc_file)
    storage = MappedStorage(str(path))
    try:
        ix = storage.open_index(indexname=INDEX_NAME)
        segments = list(compat.read_toc(ix).segments)
    except Exception as exc:  # noqa: BLE001 - any failure to read it is its damage
        found.add(toc_file, f"unreadable: {what(exc)}")
        return StorageCheck(tuple(dict.fromkeys(files)), tuple(found.damage.values()), tuple(notes))
    for segment in segments:
        segid = segment.segment_id()
        names = segment_files(path, [segid])
        files.extend(names)
        if segment.doc_count_all() and not segment.is_compound():
            for ext in REQUIRED_EXTENSIONS:
                if segid + ext not in names:
                    found.add(segid + ext, "missing")
        if deep and not any(found.has(name) for name in names + [segid + ext for ext in REQUIRED_EXTENSIONS]):
            _read_segment(storage, ix.schema, segment, found)
    return StorageCheck(tuple(dict.fromkeys(files)), tuple(found.damage.values()), tuple(notes))


def _blame(exc: BaseException, default: str) -> str:
    """The file an exception is about: the one an OSError names, else `default`."""
    name = getattr(exc, "filename", None)
    return os.path.basename(name) if isinstance(name, str) and name else default


def _read_segment(storage: Any, schema: Any, segment: Any, found: _Found) -> None:
    """Read one segment's files end to end; each file's first failure goes to `found`."""
    segid = segment.segment_id()
    try:
        reader = SegmentReader(storage, schema, segment)
    except Exception as exc:  # noqa: BLE001 - opening reads the term table's header
        found.add(_blame(exc, segid + ".trm"), f"unreadable: {what(exc)}")
        return
    try:
        _read_postings(reader, segid, found)
        _read_stored(reader, segid, found)
        _read_columns(reader, schema, segid, found)
    finally:
        try:
            reader.close()
        except Exception:  # noqa: BLE001, S110 - closing a damaged reader may fail too: nothing to keep
            pass


def _guarded(found: _Found, name: str, read: Callable[[], str | None]) -> None:
    """Run `read`; what it returns (a problem) or raises is the damage of the file `name`."""
    try:
        problem = read()
    except Exception as exc:  # noqa: BLE001 - any failure to read a file is its damage
        found.add(_blame(exc, name), f"unreadable: {what(exc)}")
        return
    if problem:
        found.add(name, problem)


def _read_postings(reader: Any, segid: str, found: _Found) -> None:
    """Every term of the term file (.trm) and every posting of each (.pst)."""
    doccount = reader.doc_count_all()
    terms_file, postings_file = segid + ".trm", segid + ".pst"

    def terms() -> Iterable[tuple[str, bytes, int | None]]:
        if compat.FAST_PATHS:
            for (fieldname, tbytes), info in compat.segment_terms(reader):
                yield fieldname, tbytes, info.doc_frequency()
        else:  # Whoosh's public reader finds a term by its text: a term that does not come back
            # as the same bytes (a numeric field's lower tiers) cannot be asked for, and is left out
            for fieldname, tbytes in reader.all_terms():
                field = reader.schema[fieldname]
                if field.to_bytes(field.from_bytes(tbytes)) == tbytes:
                    yield fieldname, tbytes, None

    listed: list[tuple[str, bytes, int | None]] = []
    _guarded(found, terms_file, lambda: listed.extend(terms()))  # type: ignore[func-returns-value]

    def postings() -> str | None:
        for fieldname, tbytes, expected in listed:
            if compat.FAST_PATHS:
                matcher = compat.raw_postings(reader, fieldname, tbytes)
            else:
                matcher = reader.postings(fieldname, reader.schema[fieldname].from_bytes(tbytes))
            problem = _walk_postings(matcher, doccount, expected)
            if problem:
                return f"the postings of {fieldname}:{tbytes!r} {problem}"
        return None

    if not found.has(terms_file):
        _guarded(found, postings_file, postings)


def _walk_postings(matcher: Any, doccount: int, expected: int | None) -> str | None:
    """Read a term's postings whole (docnums, weights, values); what is wrong with them, if anything."""
    count, last = 0, -1
    blocks = compat.FAST_PATHS and type(matcher) is W3LeafMatcher
    while matcher.is_active():
        if blocks:
            ids, weights, values = compat.read_block(matcher)
            if len(weights) != len(ids) or len(values) != len(ids) or (ids and ids[-1] != compat.block_max_id(matcher)):
                return "disagree with their block's header"
            compat.next_block(matcher)
        else:
            ids = (matcher.id(),)
            matcher.weight()
            matcher.value()
            matcher.next()
        for docnum in ids:
            if not last < docnum < doccount:
                return f"hold document {docnum} after {last} (the segment has {doccount})"
            last = docnum
        count += len(ids)
    if expected is not None and count != expected:
        return f"hold {count} documents, the term's entry says {expected}"
    return None


def _read_stored(reader: Any, segid: str, found: _Found) -> None:
    """Every document's stored fields (and each cable's record unpacked)."""
    def read() -> None:
        for docnum in range(reader.doc_count_all()):
            stored = reader.stored_fields(docnum)
            if stored.get("kind") == "cable":
                unpack_record(stored["record"])

    _guarded(found, segid + "._stored.col", read)  # type: ignore[arg-type]


def _read_columns(reader: Any, schema: Any, segid: str, found: _Found) -> None:
    """Every column of the schema the segment has (facets, dates, ids), and every field's lengths."""
    doccount = reader.doc_count_all()
    for fieldname, field in schema.items():
        if field.column_type is not None and reader.has_column(fieldname):
            _guarded(found, f"{segid}.{fieldname}.col", lambda f=fieldname: _read_column(reader, f, doccount))
        if field.scorable:
            _guarded(found, f"{segid}._{fieldname}_len.col", lambda f=fieldname: _read_lengths(reader, f, doccount))


def _read_column(reader: Any, fieldname: str, doccount: int) -> str | None:
    col = reader.column_reader(fieldname, translate=False)
    if compat.FAST_PATHS and type(col) is VarBytesColumn.Reader:
        _, _, lengths = compat.var_bytes_layout(col)
        if len(lengths) != doccount:
            return f"holds {len(lengths)} values for {doccount} documents"
        for docnum in range(doccount):
            if len(col[docnum]) != lengths[docnum]:
                return f"value {docnum} is cut short ({len(col[docnum])} of {lengths[docnum]} bytes)"
        return None
    for docnum in range(doccount):
        col[docnum]
    return None


def _read_lengths(reader: Any, fieldname: str, doccount: int) -> str | None:
    if compat.FAST_PATHS:
        lengths = compat.length_column_bytes(reader, fieldname)
        if lengths is not None and len(lengths) > doccount:
            return f"holds {len(lengths)} lengths for {doccount} documents"
        return None
    for docnum in range(doccount):
        reader.doc_field_length(docnum, fieldname)
    return None
