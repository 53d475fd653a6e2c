"""A leaner Whoosh segment writer: the same segment, written with less Python per posting.

Contract: `LeanSegmentWriter` writes the segment Whoosh's `SegmentWriter`
writes -- every posting, block statistic, field length, stored value and
column the same -- with Whoosh's codec, files and reader untouched.
`tests/test_segment_writer.py` builds the sample with this writer and with
Whoosh's own and compares them.

Why: Whoosh's `add_document` makes, per posting, a Token object, three
generator layers, a pickled positions list and a 5-tuple with a size
estimate for the pool; its flush sorts every posting's tuple, pickles them to
sort runs, heap-merges them back and reads every posting's field length back
from the just-written length column. This writer changes only how postings
get to Whoosh's postings writer:

* the two analyzers of `schema.py` (words with positions, `;`-joined
  keywords) are run as one regex pass, and a term's encoded positions are
  shared between postings that have the same positions;
* postings are pooled per term in a `runs.TermPool` (docnums, weights,
  values), in docnum order because documents arrive in that order, so only
  the terms are sorted, and a sort run is a list of terms, not of postings;
* each term's postings go to Whoosh's postings writer a block at a time,
  with field lengths from an in-memory byte per document.

Anything this writer does not know (vectors, spelling, `_boost` keys, other
analyzers, merging segments) goes through Whoosh's general code. It fills
Whoosh's private postings-writer buffers through `compat`; without
`compat.FAST_PATHS` (another Whoosh) it is Whoosh's `SegmentWriter` throughout.
"""

from __future__ import annotations

from array import array
from typing import Any

from whoosh.analysis import CharsetFilter, CompositeAnalyzer, LowercaseFilter, RegexTokenizer
from whoosh.formats import Frequency, Positions
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.runs import TermPool
from cablesearch.engine.whoosh.schema import FoldFilter, FoldingTokenizer
from cablesearch.text import fold

#: Encoded positions remembered for reuse (cleared when full).
ENCODE_CACHE = 200_000
#: Frequencies whose weight objects are shared.
WEIGHT_TABLE = 64

# Analysis modes
_WORDS, _KEYWORDS = 1, 2


def _fast_mode(field: Any) -> int:
    """Which fast analysis fits this field, or 0 when only Whoosh's own does."""
    ana, fmt = field.analyzer, field.format
    if type(fmt) is Positions and type(ana) is FoldingTokenizer:
        return _WORDS
    if (type(fmt) is Frequency and type(ana) is CompositeAnalyzer
            and type(ana.items[0]) is RegexTokenizer and not ana.items[0].gaps and _folds(ana.items[1:])):
        return _KEYWORDS
    return 0


def _folds(filters: list[Any]) -> bool:
    """Do these filters fold as `text.fold` does: `FoldFilter`, or the Whoosh chain an index
    written before it keeps in its schema (Whoosh updates an index with its own schema)?"""
    if [type(f) for f in filters] == [FoldFilter]:
        return True
    return ([type(f) for f in filters] == [LowercaseFilter, CharsetFilter]
            and filters[1].charmap == accent_map)


class LeanSegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter with the fast paths described in the module docstring."""

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        #: Whether the fast paths are taken: decided once, so one writer never mixes two pools.
        self._lean = compat.FAST_PATHS
        if self._lean:
            self.pool = TermPool(compat.writer_tempstorage(self), limitmb)
        self._modes = {name: _fast_mode(field) for name, field in self.schema.items() if field.indexed}
        self._plain = not any(field.vector or field.separate_spelling() for _, field in self.schema.items())
        #: Field -> one length byte per document (as Whoosh stores it), for block statistics.
        self._length_bytes: dict[str, array] = {}
        self._positions = Positions()
        self._encoded: dict[Any, bytes] = {}
        self._weights: dict[float, list[float]] = {}
        self._freq_bytes: dict[int, bytes] = {}

    def add_document(self, **fields: Any) -> None:
        if not self._lean or not self._plain or any(name.startswith("_") for name in fields):
            super().add_document(**fields)  # boosts, stored overrides, vectors, spelling
            return
        compat.check_writer_state(self)
        schema = self.schema
        perdoc = self.perdocwriter
        docnum = self.docnum
        names = sorted(fields)
        compat.check_fields(self, schema, names)
        perdoc.start_doc(docnum)
        for fieldname in names:
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                mode = self._modes[fieldname] if isinstance(value, str) else 0
                if mode:
                    length = self._add_fast(fieldname, field, mode, value, docnum)
                else:
                    length = self._add_general(fieldname, field, value, docnum)
                if not field.scorable:
                    length = 0
                if length:
                    lengths = self._length_bytes.get(fieldname)
                    if lengths is None:
                        lengths = self._length_bytes[fieldname] = array("B")
                    if len(lengths) <= docnum:
                        lengths.frombytes(bytes(docnum + 1 - len(lengths)))
                    lengths[docnum] = length_to_byte(length)
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(fieldname, column, field.to_column_value(value))
        perdoc.finish_doc()
        compat.mark_added(self)
        self.docnum += 1

    def _add_general(self, fieldname: str, field: Any, value: Any, docnum: int) -> int:
        append = self.pool.append
        length = 0
        for tbytes, freq, weight, vbytes in field.index(value):
            length += freq
            append(fieldname, tbytes, docnum, weight * 1.0, vbytes)  # * Whoosh's default field boost
        return length

    def _add_fast(self, fieldname: str, field: Any, mode: int, value: str, docnum: int) -> int:
        """Analyse `value` as the field's analyzer would and pool its postings; returns the field length.

        Values are what Whoosh's formats write: for words (`Positions`) the
        delta-coded positions, for keywords (`Frequency`) the frequency; the
        weight is frequency x the format's field boost.
        """
        if mode == _WORDS:
            find = field.analyzer.expression.findall
            words = find(value.lower()) if value.isascii() else [
                fold(w) for w in find(value)]
            positions: dict[str, list[int]] = {}
            for pos, word in enumerate(words):
                seen = positions.get(word)
                if seen is None:
                    positions[word] = [pos]
                else:
                    seen.append(pos)
            encoded = self._encoded
            if len(encoded) > ENCODE_CACHE:
                encoded.clear()
            encode = self._positions.encode
            postings = []
            for word, poslist in positions.items():
                key = poslist[0] if len(poslist) == 1 else tuple(poslist)
                vbytes = encoded.get(key)
                if vbytes is None:
                    vbytes = encoded[key] = encode(poslist)
                postings.append((word, len(poslist), vbytes))
        else:
            find = field.analyzer.items[0].expression.findall
            counts: dict[str, int] = {}
            for word in find(value):
                word = fold(word)
                counts[word] = counts.get(word, 0) + 1
            freq_bytes = self._freq_bytes
            postings = []
            for word, freq in counts.items():
                vbytes = freq_bytes.get(freq)
                if vbytes is None:
                    vbytes = freq_bytes[freq] = pack_uint(freq)
                postings.append((word, freq, vbytes))
        pool = self.pool
        terms = pool.field_terms(fieldname)
        boost = field.format.field_boost
        table = self._weights.get(boost)
        if table is None:  # one shared float object per frequency: the pool holds millions
            table = self._weights[boost] = [float(f) * boost for f in range(WEIGHT_TABLE)]
        length = size = 0
        for word, freq, vbytes in postings:
            tbytes = word.encode("utf-8")
            entry = terms.get(tbytes)
            if entry is None:
                entry = terms[tbytes] = [array("I"), [], []]
                size += 320
            entry[0].append(docnum)
            entry[1].append(table[freq] if freq < WEIGHT_TABLE else float(freq) * boost)
            entry[2].append(vbytes)
            size += 53 + len(vbytes)
            length += freq
        pool.size += size
        if pool.size > pool.limit:
            pool.save()
        return length

    def _flush_segment(self) -> None:
        # Overrides SegmentWriter's private hook (listed in compat): the pool is a TermPool.
        if not self._lean:
            compat.flush_segment(self)
            return
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.pool.generic and self.codec.length_stats else None
        try:
            self._write_postings(lengths)
        finally:
            self.fieldwriter.close()
            if lengths is not None:
                lengths.close()

    def _write_postings(self, reader: Any) -> None:
        fw = self.fieldwriter
        schema = self.schema
        last_field = None
        for fieldname, tbytes, ids, weights, values in self.pool.records():
            if fieldname != last_field:
                if last_field is not None:
                    fw.finish_field()
                fw.start_field(fieldname, schema[fieldname])
                last_field = fieldname
                lenbytes = self._length_bytes.get(fieldname)
            fw.start_term(tbytes)
            if reader is not None:
                lengths = [reader.doc_field_length(d, fieldname) or 0 for d in ids]
            elif lenbytes is not None:
                lengths = [byte_to_length(b) if b else 0 for b in map(lenbytes.__getitem__, ids)]
            else:
                lengths = None
            _add_blocks(compat.postings_writer(fw), ids, weights, values, lengths)
            fw.finish_term()
        if last_field is not None:
            fw.finish_field()


def _add_blocks(pw: Any, ids: array, weights: list, values: list, lengths: list[int] | None) -> None:
    """What `W3PostingsWriter.add_posting` does for each posting, a block's worth at a time.

    Whoosh writes a full block just before adding the next posting; the last,
    partial block is left to `finish_postings`.
    """
    limit = compat.postings_block_limit(pw)
    n = len(ids)
    for start in range(0, n, limit):
        if start:
            compat.write_postings_block(pw)
        end = min(start + limit, n)
        block_ids, block_weights, block_values = compat.postings_block(pw)  # new lists each block
        block_ids.extend(ids[start:end])
        chunk = weights[start:end]
        block_weights.extend(chunk)
        compat.note_block_weight(pw, max(chunk))
        block_values.extend(v for v in values[start:end] if v)
        if lengths is not None:
            present = [x for x in lengths[start:end] if x]
            if present:
                compat.note_block_lengths(pw, min(present), max(present))
