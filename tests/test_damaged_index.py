"""A damaged index: one line naming the damage and what to run; `index --check`; `--rebuild` repairs.

Each fault is real damage to a real index of sample_data (a copy of the session's index,
never the shared one): a file truncated, cut at its end, zeroed, its bytes flipped,
deleted, garbage appended. Before these, each one either printed a traceback from inside
Whoosh, answered as if the index were whole, or let a plain `index` run go on (and, with
the meta file gone, start a new index from zero) -- benchmarks/storage_faults.py tables
them all. Nothing of the engine is mocked.
"""

from __future__ import annotations

import json
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablesearch import CableIndex, IndexCheck, IndexDamagedError, IndexUnavailableError, check_index
from cablesearch.cli import cli

from conftest import SAMPLE

QUERY = "police"


def run(*args: object, catch: bool = False):
    """`cablesearch ARGS` through click's runner: stdout and stderr apart; an exception that
    escapes the CLI (a traceback) fails the test."""
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 always separates them
        runner = CliRunner()
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=catch)


def error_line(result) -> str:
    """The one line a failed command gives (asserted to be exactly one, on stderr, exit 1)."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cablesearch: error: ")
    return lines[0]


# -- damage, done to one file ----------------------------------------------------------------

def truncate_half(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def empty(p: Path) -> None:
    p.write_bytes(b"")


def cut_tail(p: Path) -> None:
    p.write_bytes(p.read_bytes()[:-16])


def zero_middle(p: Path) -> None:
    data = bytearray(p.read_bytes())
    n = max(1, min(4096, len(data) // 4))
    start = (len(data) - n) // 2
    data[start:start + n] = bytes(n)
    p.write_bytes(bytes(data))


def flip(p: Path) -> None:
    """Eight bytes inverted, spread over the file (as benchmarks/storage_faults.py does)."""
    data = bytearray(p.read_bytes())
    for k in range(8):
        data[len(data) // 16 + (len(data) * 7 // 8) * k // 8] ^= 0xFF
    p.write_bytes(bytes(data))


def delete(p: Path) -> None:
    p.unlink()


def append(p: Path) -> None:
    with open(p, "ab") as f:
        f.write(b"\x00garbage\xff" * 8)


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory):
    """sample_data indexed with Whoosh: the faults below are that engine's files (its table of
    contents, postings, columns and seal); Tantivy's own damage is checked in test_engines."""
    from cablesearch import CableIndex, build_index

    path = tmp_path_factory.mktemp("whoosh-sample")
    build_index([SAMPLE], path, engine="whoosh")
    with CableIndex.open(path) as ix:
        yield ix


@pytest.fixture()
def copy(sample_index, tmp_path) -> Path:
    """A private copy of the session's index of sample_data, to damage."""
    folder = tmp_path / "ix"
    shutil.copytree(sample_index.path, folder)
    return folder


@pytest.fixture(scope="module")
def total(sample_index) -> int:
    """The query's total on the undamaged index."""
    return sample_index.search(QUERY).total


def damage(folder: Path, pattern: str, how: Callable[[Path], None]) -> str:
    """Damage the one file of `folder` matching `pattern`; its name."""
    (target,) = folder.glob(pattern)
    how(target)
    return target.name


# (file, damage, a command that printed a traceback -- or, last three, answered wrong -- before)
FAULTS = [
    ("*.trm", truncate_half, ["search", QUERY]),
    ("*.trm", cut_tail, ["stats"]),
    ("*.pst", empty, ["search", QUERY]),
    ("*.pst", truncate_half, ["search", "tags:PGOV"]),
    ("*.pst", delete, ["search", QUERY]),
    ("*._stored.col", truncate_half, ["show", "78TEHRAN389"]),
    ("*._stored.col", flip, ["search", QUERY]),
    ("*._stored.col", delete, ["search", QUERY, "--paragraphs"]),
    ("*._stored.col", append, ["search", QUERY, "--json"]),
    ("*.fc_tags.col", truncate_half, ["search", "election", "--facet", "tags"]),
    # (a command that reads every document's tags, cables' and paragraphs': where the flipped
    # bytes land depends on the sample's layout; `stats` reads the cables' alone)
    ("*.fc_tags.col", flip, ["search", "**", "--all-versions", "--paragraphs", "--facet", "tags"]),
    ("*.fc_tags.col", append, ["tags"]),
    ("*.fc_id.col", truncate_half, ["search", QUERY]),
    ("*.fc_people.col", truncate_half, ["search", "election", "--facet", "people"]),
    ("*.fc_classification.col", truncate_half, ["stats"]),
    ("*.year.col", truncate_half, ["stats", "--json"]),
    ("*._body_len.col", delete, ["search", QUERY, "--json"]),
    ("*.fc_tags.col", delete, ["search", "election", "--facet", "tags", "--json"]),
]


def fault_id(fault: tuple) -> str:
    return f"{fault[0].lstrip('*.')}-{fault[1].__name__}-{fault[2][0]}"


@pytest.mark.parametrize("pattern,how,command", FAULTS, ids=[fault_id(f) for f in FAULTS])
def test_a_damaged_file_is_one_line_naming_it_and_check_finds_it(copy, pattern, how, command) -> None:
    name = damage(copy, pattern, how)
    line = error_line(run(*command, "--index", copy))
    assert f"index at {copy} is damaged ({name}: " in line
    assert f"cablesearch index --check --index {copy}" in line and "--rebuild" in line
    assert "Traceback" not in line and "<" not in line  # no internal object printed

    checked = run("index", "--check", "--index", copy)
    assert f"damaged: {name}: " in checked.stdout
    assert checked.stdout.strip().splitlines()[-1].startswith(f"index at {copy}: ")
    assert name in error_line(checked) and "--rebuild" in error_line(checked)


@pytest.mark.parametrize("pattern,how", [("*.pst", truncate_half), ("*._stored.col", flip), ("_*.toc", append),
                                         ("*.year.col", zero_middle), ("*.pst", zero_middle),
                                         ("cablesearch.json", delete)])
def test_a_plain_index_run_refuses_a_damaged_index_and_keeps_it(copy, pattern, how) -> None:
    """Before: the run went on over the damage (and with the meta file gone started a new index
    from zero, re-adding every cable). Now: one line that names the rebuild to run with the
    paths given, and the folder left exactly as it was. A run compares every byte with the
    checksums (a search compares sizes only), so damage that reads back without an error --
    a zeroed stretch of a column or of postings -- is found too, and never carried into new
    segments."""
    name = damage(copy, pattern, how)
    before = {p.name: p.read_bytes() for p in copy.iterdir()}
    line = error_line(run("index", SAMPLE, "--index", copy, "--quiet"))
    assert f"is damaged ({name}: " in line
    assert f"rebuild it with `cablesearch index {SAMPLE} --rebuild --index {copy}`" in line
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


@pytest.mark.parametrize("pattern,how", [("*.trm", truncate_half), ("*.pst", zero_middle), ("*._stored.col", flip),
                                         ("*.fc_id.col", truncate_half), ("*._body_len.col", delete),
                                         ("_*.toc", flip), ("cablesearch.json", delete), ("cables_*", delete)])
def test_rebuild_repairs_a_damaged_index(copy, total, pattern, how) -> None:
    for target in copy.glob(pattern):
        how(target)
    assert run("index", "--check", "--index", copy).exit_code == 1
    result = run("index", SAMPLE, "--rebuild", "--index", copy, "--quiet")
    assert result.exit_code == 0, result.stderr
    with CableIndex.open(copy) as ix:
        assert ix.search(QUERY).total == total
        assert ix.check().ok
    assert run("search", QUERY, "--index", copy).exit_code == 0


def test_check_of_a_whole_index_is_one_line_and_json(copy) -> None:
    result = run("index", "--check", "--index", copy)
    assert result.exit_code == 0, result.stderr
    # every file but two of the folder's own and the person table (people.json), which no seal records
    checked = len([p for p in copy.iterdir() if p.name != "people.json"]) - 2
    assert result.stdout.splitlines() == [f"index at {copy}: {checked} files checked, no damage"]
    report = json.loads(run("index", "--check", "--index", copy, "--json").stdout)
    assert report["ok"] is True and report["damage"] == [] and report["index"] == str(copy)
    assert report["files_checked"] == len(report["files"]) and "cablesearch.json" in report["files"]
    assert any(f.endswith(".pst") for f in report["files"])


def test_check_json_names_the_damage_and_exits_1(copy) -> None:
    name = damage(copy, "*.pst", zero_middle)
    result = run("index", "--check", "--index", copy, "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and report["ok"] is False
    assert [d["file"] for d in report["damage"]] == [name]
    assert "changed since it was written" in report["damage"][0]["problem"]


def test_check_in_the_api_returns_a_report(copy) -> None:
    report = check_index(copy)
    assert isinstance(report, IndexCheck) and report.ok and report.error() is None
    assert report.to_dict()["files_checked"] == len(report.files)
    name = damage(copy, "*.trm", flip)
    report = check_index(copy)
    assert not report.ok and [d.file for d in report.damage] == [name]
    assert isinstance(report.error(), IndexDamagedError) and name in str(report.error())


def test_an_index_without_checksums_is_checked_by_reading(copy) -> None:
    """An index written before seals (no checksums.json): every file is read end to end, and
    a read that fails names the file; a search still gives one line."""
    (copy / "checksums.json").unlink()
    assert check_index(copy).ok
    assert any("checksums" in note for note in check_index(copy).notes)
    name = damage(copy, "*.pst", truncate_half)
    report = check_index(copy)
    assert [d.file for d in report.damage] == [name] and "unreadable" in report.damage[0].problem
    line = error_line(run("search", "tags:PGOV", "--index", copy))
    assert "is damaged (reading it failed: " in line and "--check" in line


def test_a_damaged_manifest_cache_is_no_damage(copy, total) -> None:
    (copy / "manifest.json").write_text("{not json", encoding="utf-8")
    report = check_index(copy)
    assert report.ok and any("manifest.json" in note for note in report.notes)
    result = run("index", SAMPLE, "--index", copy, "--quiet")
    assert result.exit_code == 0 and ": 0 added, 0 updated, 0 removed" in result.stdout
    assert check_index(copy).notes == ()


def test_an_index_with_its_meta_file_gone_is_not_an_empty_folder(copy) -> None:
    (copy / "cablesearch.json").unlink()
    line = error_line(run("search", QUERY, "--index", copy))
    assert "is damaged (cablesearch.json: missing)" in line
    assert [d.file for d in check_index(copy).damage] == ["cablesearch.json"]


def test_an_index_with_its_table_of_contents_gone_says_so(copy) -> None:
    (toc,) = copy.glob("_*.toc")
    toc.unlink()
    assert f"is damaged ({toc.name}: missing)" in error_line(run("stats", "--index", copy))
    assert f"damaged: {toc.name}: missing" in run("index", "--check", "--index", copy).stdout


def test_check_usage(tmp_path) -> None:
    assert run("index", "--check", SAMPLE, "--index", tmp_path).exit_code == 2
    assert run("index", "--index", tmp_path).exit_code == 2  # PATHS are needed without --check
    line = error_line(run("index", "--check", "--index", tmp_path / "none"))
    assert "no index at" in line
    with pytest.raises(IndexUnavailableError, match="no index at"):
        check_index(tmp_path / "none")


def test_the_error_crosses_process_boundaries() -> None:
    err = IndexDamagedError("/x y", "a.pst: missing", sources=("data",))
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.problem == "a.pst: missing"
    assert "`cablesearch index data --rebuild --index '/x y'`" in str(err)


def test_check_reads_the_same_through_stock_whoosh(copy, monkeypatch) -> None:
    """Without compat's fast paths (another Whoosh, or stock mode) the check reads every file
    through Whoosh's public readers only, and finds the same damage."""
    from cablesearch.engine.whoosh import compat
    from test_compat import _forbid_accessors

    (copy / "checksums.json").unlink()  # so the reading alone must find it
    monkeypatch.setattr(compat, "FAST_PATHS", False)
    _forbid_accessors(monkeypatch, allowed=tuple(compat.REQUIRED))
    assert check_index(copy).ok
    name = damage(copy, "*._stored.col", truncate_half)
    assert [d.file for d in check_index(copy).damage] == [name]
