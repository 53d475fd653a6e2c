"""Run files: batches of items, each pickled once and compressed, read back in order."""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path

from cablesearch.engine.whoosh.runs import read_batches, write_batches


def test_run_batches_are_bounded_by_weight(tmp_path: Path) -> None:
    """The final merge holds one batch per run in memory: a batch stops at RUN_POSTINGS
    postings, so one with a frequent term holds that term alone."""
    items = [("body", b"t%03d" % i, list(range(n))) for i, n in enumerate([3, 5, 500, 2, 2, 90, 1, 400, 7])]
    path = tmp_path / "run"
    write_batches(open(path, "wb"), items, 100, weigh=lambda item: len(item[2]))
    batches = []
    with open(path, "rb") as f:
        while head := f.read(4):
            batches.append(pickle.loads(zlib.decompress(f.read(int.from_bytes(head, "little")))))
    assert [[item[1] for item in batch] for batch in batches] == [
        [b"t000", b"t001"], [b"t002"], [b"t003", b"t004", b"t005", b"t006"], [b"t007"], [b"t008"]]
    with open(path, "rb") as f:
        assert list(read_batches(f)) == items
