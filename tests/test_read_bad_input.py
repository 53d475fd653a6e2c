"""Bad input never raises: each file that yields no cable yields exactly one readable Skip."""

from __future__ import annotations

import builtins
import errno
import os
import shutil
from pathlib import Path

import pytest

import cablesearch.read.walk as walk
from cablesearch.model import RawCable, Skip
from cablesearch.read import read_file, read_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
# A small real cable (plain text) copied around by the walking tests.
CABLE = "07KUALALUMPUR1376.txt"


def data_file(folder: str, name: str) -> Path:
    """A real file in sample_data/ by collection folder and name; a missing file fails the test."""
    path = SAMPLE / folder / name
    assert path.is_file(), f"sample_data/{folder}/{name} is missing"
    return path


def one_skip(path: Path, root: Path | None = None) -> Skip:
    results = list(read_path(path, root))
    assert len(results) == 1, results
    assert isinstance(results[0], Skip), results[0]
    assert "\n" not in results[0].reason and "Traceback" not in results[0].reason
    return results[0]


# (case, file content, expected reason)
CONTENT_CASES = [
    ("empty", b"", "empty file"),
    ("only whitespace", b" \r\n \n", "empty file (only whitespace)"),
    ("NUL bytes", b"C O N F I D E N T I A L \x00\x00\x00", "binary file (NUL bytes)"),
    ("PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image)"),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "archive: unpack it first (ZIP archive)"),
    ("xz", b"\xfd7zXZ\x00\x00\x04\xe6\xd6\xb4F", "archive: unpack it first (XZ compressed data)"),
    ("prose", b"Notes on the Harare cables, to read later.\n",
     "not a cable: no banner, date-time group, FM, TAGS or SUBJECT line found"),
]


@pytest.mark.parametrize("case, content, reason", CONTENT_CASES, ids=[c[0] for c in CONTENT_CASES])
def test_bad_content(tmp_path: Path, case: str, content: bytes, reason: str) -> None:
    path = tmp_path / "cable.txt"
    path.write_bytes(content)
    assert one_skip(path) == Skip("cable.txt", reason)


def test_readme_is_not_a_cable(tmp_path: Path) -> None:
    # A README quoting a cable has all the marks of one; its name decides.
    readme = tmp_path / "README.md"
    readme.write_text("# Sample cables\n\n```\nC O N F I D E N T I A L SAN JOSE 000707\nTAGS: PGOV ETRD CS\n"
                      "SUBJECT: FUTURE PUSC DEPUTIES STRESS IMPORTANCE OF \"SOCIAL\n```\n", encoding="utf-8")
    assert one_skip(readme) == Skip("README.md", "not a cable: Markdown document (README.md)")


def test_archive_by_name_even_if_damaged(tmp_path: Path) -> None:
    path = tmp_path / "cablegate-pre.tar.xz"
    path.write_bytes(b"not really xz")
    assert one_skip(path).reason.startswith("archive: unpack it first")


def test_huge_file_is_skipped_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461 \n")
        handle.truncate(60 * 1024 * 1024)  # sparse: no 60 MB written
    assert one_skip(path) == Skip("huge.txt", "file too large (63 MB) for a single cable")


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "gone.html").symlink_to(tmp_path / "missing.html")
    skip = one_skip(tmp_path)
    assert skip.path == "gone.html"
    assert skip.reason.startswith("broken symlink")


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert list(read_path(tmp_path)) == [Skip("a.txt", "symlink loop"), Skip("b.txt", "symlink loop")]


def test_directory_cycle(tmp_path: Path) -> None:
    sub = tmp_path / "cables"
    sub.mkdir()
    shutil.copy(data_file("plaintext-latin1", CABLE), sub)
    (sub / "up").symlink_to(tmp_path)
    results = list(read_path(tmp_path))
    assert [type(r) for r in results] == [RawCable, Skip]
    assert results[0].source.path == f"cables/{CABLE}"
    assert results[1].path == "cables/up"
    assert results[1].reason.startswith("directory cycle")


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would block forever
    assert one_skip(fifo) == Skip("pipe.txt", "not a regular file (FIFO)")


def test_folder_named_like_a_file_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / CABLE
    folder.mkdir()
    shutil.copy(data_file("plaintext-latin1", CABLE), folder)
    results = list(read_path(tmp_path))
    assert [r.source.path for r in results] == [f"{CABLE}/{CABLE}"]
    assert list(read_file(folder)) == [Skip(CABLE, "a folder, not a file: read it with read_path")]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root (CI runs as root), so the reader's own open() is made to
    # fail the way it does for a user without read permission.
    path = tmp_path / CABLE
    shutil.copy(data_file("plaintext-latin1", CABLE), path)
    denied = []

    def open_without_permission(file, *args, **kwargs):
        if os.fspath(file) == os.fspath(path):
            denied.append(file)
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(walk, "open", open_without_permission, raising=False)
    assert one_skip(path) == Skip(CABLE, "cannot read: permission denied")
    assert denied, "the reader did not open the file through walk.open"


def test_dot_files_and_pycache_ignored_when_walking(tmp_path: Path) -> None:
    real = data_file("plaintext-latin1", CABLE)
    for hidden in (".git", "__pycache__", ".cache"):
        (tmp_path / hidden).mkdir()
        shutil.copy(real, tmp_path / hidden)
    shutil.copy(real, tmp_path / f".{CABLE}")
    assert list(read_path(tmp_path)) == []
    # Named explicitly, a hidden file is read.
    cable = list(read_path(tmp_path / f".{CABLE}"))
    assert [type(r) for r in cable] == [RawCable]


def test_truncated_cablegate_page_keeps_what_is_there(tmp_path: Path) -> None:
    page = data_file("cablegate-html-2011-09", "73TEHRAN2077.html").read_bytes()
    body_start = page.index(b"<code><pre>S E C R E T TEHRAN 2077")
    cut = tmp_path / "73TEHRAN2077.html"
    cut.write_bytes(page[:body_start + 600])  # no </pre>, no </html>
    results = list(read_path(cut))
    assert len(results) == 1 and isinstance(results[0], RawCable)
    assert results[0].metadata["id"] == "73TEHRAN2077"
    assert "S E C R E T TEHRAN 2077" in results[0].text
    assert "SUBJECT: AUDIENCE WITH SHAH APRIL 5" in results[0].text
    assert "<script" not in results[0].text
    assert results[0].metadata["notes"] == ["page ends inside the cable text: the rest is missing"]


def test_page_cut_before_the_cable(tmp_path: Path) -> None:
    page = data_file("cablegate-html-2011-09", "73TEHRAN2077.html").read_bytes()
    cut = tmp_path / "73TEHRAN2077.html"
    cut.write_bytes(page[:page.index(b"<table class='cable'>") + 200])
    assert one_skip(cut).reason.startswith("truncated page")


def test_csv_that_is_not_a_dump(tmp_path: Path) -> None:
    path = tmp_path / "tags.csv"
    path.write_text("tag,count\nPGOV,2951\nPREL,1056\n", encoding="utf-8")
    skip = one_skip(path)
    assert skip.reason.startswith("not a cables.csv dump: no valid 8-column row")


def test_walk_of_mixed_folder_never_raises(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.dat").write_bytes(bytes(range(256)))
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    shutil.copy(data_file("foia-ocr", "MEXICO006043-2007.txt"), tmp_path)
    results = list(read_path(tmp_path))
    assert [(type(r).__name__, getattr(r, "path", None) or r.source.path) for r in results] == [
        ("RawCable", "MEXICO006043-2007.txt"), ("Skip", "bin.dat"), ("Skip", "dangling"), ("Skip", "empty.txt")]


def test_a_tree_thousands_of_folders_deep_is_walked(tmp_path) -> None:
    """The walk is a loop, not recursion: a real cable at the bottom of 1,500 nested folders is
    read (Python's recursion limit is 1,000 frames)."""
    import os

    from cablesearch.read import read_path
    from conftest import FOIA_EXAMPLE

    folders = [tmp_path / "d"]
    for _ in range(1499):
        folders.append(folders[-1] / "d")
    for folder in folders:
        os.mkdir(folder)
    cable = folders[-1] / "cable.txt"
    cable.write_bytes(FOIA_EXAMPLE.read_bytes())
    try:
        items = list(read_path(tmp_path))
        assert [(type(i).__name__, i.source.path.count("/")) for i in items] == [("RawCable", 1500)]
    finally:  # removed here, deepest first: pytest's (recursive) clean-up of old runs could not
        cable.unlink()
        for folder in reversed(folders):
            os.rmdir(folder)
