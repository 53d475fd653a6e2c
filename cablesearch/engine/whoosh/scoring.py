"""Whoosh's BM25F, with each field's lengths read once per segment.

Why: to score a match, Whoosh's BM25F scorer looks up the document's field
length through five Python calls (searcher, reader, per-document reader,
column, file) for every match. The
lengths are one byte per document in a column; here the whole column is
read as one `bytes` the first time a segment is scored on a field and kept
with that segment's reader. Scores are Whoosh's to the last bit (a test
compares them).
"""

from __future__ import annotations

from typing import Any

from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

from cablesearch.engine.whoosh import compat

#: Length byte -> the length Whoosh decodes from it.
LENGTHS = tuple(byte_to_length(b) for b in range(256))


def _length_bytes(reader: Any, fieldname: str) -> bytes | None:
    """The field's length column of one segment as bytes (docnum -> length byte), or None
    when it is not the plain one-byte column this expects, or without `compat.FAST_PATHS`
    (then the scorer keeps Whoosh's own lookup)."""
    if not compat.FAST_PATHS:
        return None
    cache = reader.__dict__.setdefault("_cablesearch_lengths", {})
    if fieldname in cache:
        return cache[fieldname]
    raw = compat.length_column_bytes(reader, fieldname)
    if raw is not None:
        raw += bytes(max(0, reader.doc_count_all() - len(raw)))  # default 0 past the end
    cache[fieldname] = raw
    return raw


class SegmentLengthBM25F(BM25F):
    """BM25F whose scorers take field lengths from `_length_bytes`."""

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if type(scorer) is BM25FScorer:
            raw = _length_bytes(searcher.reader(), fieldname)
            if raw is not None:
                lengths = LENGTHS

                def dfl(docnum: int) -> int:
                    return lengths[raw[docnum]]

                scorer.dfl = dfl
                scorer.length_bytes = raw  # for evaluate's block walks, which read them inline
        return scorer
