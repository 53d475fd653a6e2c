"""Where each copy was read: its place in its file (a CSV dump's row, a PDF's pages), and the
file's absolute path (`source.abspath`), everywhere a source is shown.

sample_data's cables.csv holds 85MOGADISHU1643 twice, rows 29 and 30 (the second published
as 85NOFORNMOGADISHU1643): two copies read from one file, which only their rows tell apart.
Each test runs on both engines (`sample_index`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablesearch import CableIndex, build_index, parse_path
from cablesearch.cli import cli
from cablesearch.model import Source

from conftest import FOIA_EXAMPLE, SAMPLE

CSV_FILE = SAMPLE / "cables-csv" / "cables_first37rows.csv"
CSV_REL = "cables-csv/cables_first37rows.csv"
TWICE = "85MOGADISHU1643"  # rows 29 and 30 of the CSV dump


def run(index: CableIndex | Path, *args: str, code: int = 0):
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    path = index.path if isinstance(index, CableIndex) else index
    result = runner.invoke(cli, [*args, "--index", str(path)], catch_exceptions=False)
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    return result


# -- what the reader records ------------------------------------------------------------------
def test_each_row_of_a_csv_dump_carries_its_row() -> None:
    cables = parse_path(CSV_FILE, SAMPLE).cables
    assert [c.source.row for c in cables] == list(range(1, 38))
    by_row = {c.source.row: c for c in cables}
    assert by_row[29].id == by_row[30].id == TWICE and by_row[28].id == "85STATE38496"
    assert by_row[29].source.label == f"{CSV_REL}#29" and by_row[29].source.place == "#29"
    assert all(c.source.abspath == str(CSV_FILE) for c in cables)


def test_a_pdf_carries_its_pages_and_a_file_read_whole_its_path() -> None:
    (pdf,) = parse_path(SAMPLE / "plusd-pdf" / "00DAMASCUS2985.pdf", SAMPLE).cables
    assert pdf.source.pages and pdf.source.row is None
    assert pdf.source.label == f"plusd-pdf/00DAMASCUS2985.pdf#p{pdf.source.pages}"
    (text,) = parse_path(FOIA_EXAMPLE, SAMPLE).cables
    assert (text.source.place, text.source.label) == ("", "foia-ocr/MEXICO006043-2007.txt")
    assert text.source.abspath == str(FOIA_EXAMPLE)


def test_parse_shows_the_row_and_its_json_the_absolute_path(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # a relative path given from elsewhere still gives an absolute one
    rel = os.path.relpath(CSV_FILE, tmp_path)
    runner = CliRunner()
    lines = runner.invoke(cli, ["parse", rel], catch_exceptions=False).stdout.splitlines()
    assert "  source: cables_first37rows.csv#29 (cablegate-csv)" in lines
    records = json.loads(runner.invoke(cli, ["parse", rel, "--json"], catch_exceptions=False).stdout)
    assert {r["source"]["abspath"] for r in records} == {str(CSV_FILE)}
    assert [r["source"]["row"] for r in records][28:30] == [29, 30]


def test_source_round_trips_and_old_records_read() -> None:
    src = Source("a/cables.csv", "cablegate-csv", "cablegate", "utf-8", None, None, 7, "/x/a/cables.csv")
    assert Source.from_dict(src.to_dict()) == src
    old = Source.from_dict({"path": "a.txt", "format": "text"})  # a record from before row/abspath
    assert (old.row, old.abspath, old.label) == (None, None, "a.txt")


# -- versions, diff, show, search through the CLI -----------------------------------------------
def test_versions_tell_copies_from_one_file_apart(sample_index) -> None:
    lines = run(sample_index, "versions", TWICE).stdout.splitlines()
    assert lines[0] == f"1: {CSV_REL}#29  (cablegate-csv; cablegate)"
    assert lines[2] == f"2: {CSV_REL}#30  (cablegate-csv; cablegate)"
    rows = json.loads(run(sample_index, "versions", TWICE, "--json").stdout)
    assert [(r["source"]["path"], r["source"]["row"]) for r in rows] == [(CSV_REL, 29), (CSV_REL, 30)]
    assert {r["source"]["abspath"] for r in rows} == {str(CSV_FILE)}
    # a copy read whole keeps its path alone
    html = json.loads(run(sample_index, "versions", "10TRIPOLI95", "--json").stdout)
    assert [r["source"]["row"] for r in html] == [None, None]
    assert run(sample_index, "versions", "10TRIPOLI95").stdout.splitlines()[0] == \
        "1: cablegate-html-2010/10TRIPOLI95.html  (cablegate-html; cablegate)"


@pytest.mark.parametrize("selector", ["cables_first37rows.csv#30", f"{CSV_REL}#30", f"{CSV_FILE}#30", "2"])
def test_diff_from_takes_a_copy_s_place_in_its_file(sample_index, selector: str) -> None:
    d = json.loads(run(sample_index, "diff", TWICE, "--from", selector, "--json").stdout)
    assert (d["from"]["n"], d["from"]["source"]["row"]) == (2, 30)
    assert (d["to"]["n"], d["to"]["source"]["row"]) == (1, 29)
    assert d["identical"] is True
    lines = run(sample_index, "diff", TWICE, "--from", selector).stdout.splitlines()
    assert lines[:2] == [f"{TWICE}: from 2: {CSV_REL}#30", f"{' ' * len(TWICE)}    to 1: {CSV_REL}#29"]


def test_diff_from_a_path_holding_both_copies_names_them(sample_index) -> None:
    result = run(sample_index, "diff", TWICE, "--from", "cables_first37rows.csv", code=2)
    assert result.stderr.strip() == (
        f"cablesearch: error: --from/--to 'cables_first37rows.csv' matches 2 copies of {TWICE} "
        f"(1: {CSV_REL}#29; 2: {CSV_REL}#30)")
    run(sample_index, "diff", TWICE, "--from", "cables_first37rows.csv#31", code=2)


def test_show_gives_the_row_and_a_path_that_opens_from_anywhere(sample_index, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = run(sample_index, "show", TWICE).stdout.splitlines()
    assert f"source:         {CSV_REL}#29 (cablegate-csv)" in lines
    assert f"file:           {CSV_FILE}" in lines
    record = json.loads(run(sample_index, "show", "07MEXICO6043", "--json").stdout)
    assert record["source"]["path"] == "foia-ocr/MEXICO006043-2007.txt"
    opened = Path(record["source"]["abspath"])
    assert opened.is_absolute() and opened.read_bytes() == FOIA_EXAMPLE.read_bytes()


def test_search_hits_carry_the_row(sample_index) -> None:
    d = json.loads(run(sample_index, "search", f"id:{TWICE}", "--json").stdout)
    (hit,) = d["hits"]
    assert hit["versions"] == 2 and hit["source"]["row"] == 29 and hit["source"]["abspath"] == str(CSV_FILE)
    assert [s["row"] for s in hit["sources"]] == [29, 30]
    rows = list(csv.DictReader(io.StringIO(run(sample_index, "search", f"id:{TWICE}", "--all-versions",
                                               "--csv").stdout, newline="")))
    assert [r["source"] for r in rows] == [f"{CSV_REL}#29", f"{CSV_REL}#30"]
    paras = json.loads(run(sample_index, "search", f"id:{TWICE}", "--paragraphs", "--all-versions",
                           "--json").stdout)
    assert {h["source"]["row"] for h in paras["hits"]} == {29, 30}


# -- an index whose records predate row and abspath ------------------------------------------------
@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_an_older_index_still_gives_the_absolute_path(tmp_path, monkeypatch, engine: str) -> None:
    if engine == "tantivy":
        pytest.importorskip("tantivy")
    folder = tmp_path / "cables"
    folder.mkdir()
    (folder / FOIA_EXAMPLE.name).write_bytes(FOIA_EXAMPLE.read_bytes())
    real = Source.to_dict
    # records as an index written before `row` and `abspath` existed holds them
    monkeypatch.setattr(Source, "to_dict", lambda self: {k: v for k, v in real(self).items()
                                                        if k not in ("row", "abspath")})
    build_index([folder], tmp_path / "ix", engine=engine, workers=1)
    monkeypatch.setattr(Source, "to_dict", real)
    with CableIndex.open(tmp_path / "ix") as ix:
        assert ix.engine.name == engine
        record = ix.get("07MEXICO6043").to_dict()
        assert record["source"]["abspath"] == str((folder / FOIA_EXAMPLE.name).resolve())
        assert ix.search("negroponte").hits[0].source["abspath"] == record["source"]["abspath"]
    shown = run(tmp_path / "ix", "show", "07MEXICO6043").stdout.splitlines()
    assert f"file:           {(folder / FOIA_EXAMPLE.name).resolve()}" in shown


# -- the web page --------------------------------------------------------------------------------------
def test_web_page_shows_each_copy_s_row(sample_index) -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("jinja2")
    from starlette.testclient import TestClient

    from cablesearch import web

    client = TestClient(web.create_app(sample_index))
    page = client.get(f"/cable/{TWICE}").text
    assert page.count(f"{CSV_REL}#29") == 2 and page.count(f"{CSV_REL}#30") == 1  # shown copy + list
    assert str(CSV_FILE) in page
    diff = client.get(f"/cable/{TWICE}/diff?from=2&to=1").text
    assert f"from 2: {CSV_REL}#30" in diff and f"to 1: {CSV_REL}#29" in diff
    api = client.get(f"/api/cable/{TWICE}/diff", params={"from": "cables_first37rows.csv#30"}).json()
    assert api["from"]["source"]["row"] == 30
