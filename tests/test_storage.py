"""Index files through memory maps: the same bytes as plain files, no copies, empty files handled."""

from __future__ import annotations

import pytest

from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from cablesearch import CableIndex
from cablesearch.engine.whoosh.storage import MappedFile, MappedStorage


@pytest.fixture(scope="module")
def sample_index(whoosh_sample_index):
    """This module tests the Whoosh engine's own workings: its index of sample_data only."""
    return whoosh_sample_index


def test_mapped_files_read_what_plain_files_read(tmp_path: Path) -> None:
    (tmp_path / "data.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.bin").write_bytes(b"")
    mapped, plain = MappedStorage(str(tmp_path)), FileStorage(str(tmp_path))
    m, p = mapped.open_file("data.bin"), plain.open_file("data.bin")
    assert isinstance(m, MappedFile)
    for pos, length in ((0, 10), (255, 3), (10_000, 240)):
        assert m.get(pos, length) == p.get(pos, length)
    assert m.get_int(100) == p.get_int(100) and m.get_array(8, "I", 4) == p.get_array(8, "I", 4)
    assert m.read(5) == bytes(range(5))  # sequential reads go through the file
    m.close()
    m.close()  # twice is harmless
    assert m.is_closed
    e = mapped.open_file("empty.bin")  # a zero-length file cannot be mapped
    assert not isinstance(e, MappedFile) and e.read() == b""
    e.close()
    p.close()


def test_an_index_opens_through_mapped_storage(sample_index: CableIndex) -> None:
    assert isinstance(sample_index.engine.index.storage, MappedStorage)
    assert sample_index.search("negroponte").total >= 1
