"""The command line, end to end through click's CliRunner.

One index of sample_data is built through `cablesearch index` (module scope);
each `--json` output is compared as a whole with the Python API's `to_dict()`
for the same query and options, and counts are checked by brute force against
the parsed sample records. stdout and stderr are checked separately; every
exit path (0, 1, 2) has a test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cablesearch import CableIndex, NotFoundError, QueryError, UsageError, parse_path
from cablesearch.cli import cli
from cablesearch.output import CSV_COLUMNS, csv_safe, hit_csv_row, hit_text_lines
from cablesearch.results import Hit, Snippet

from conftest import COSTLY_QUERY, ENGINES, FOIA_EXAMPLE, ROOT, SAMPLE, SAMPLE_SKIPS

FIELDS_MD = ROOT.parent / "shared" / "design" / "fields.md"
#: The key names of fields.md (its "Cable" and "Paragraph" tables), for a checkout without ../shared beside it.
#: When fields.md is there, `contract_fields()` reads it and this copy must agree with it.
CONTRACT_COPY = {
    "Cable": ["id", "aliases", "date", "precedence", "origin", "station", "recipients", "info", "classification",
              "caveats", "declassification", "classified_by", "tags", "subject", "references", "summary", "people",
              "signed_by", "paragraphs", "foia", "source"],
    "Paragraph": ["number", "marking", "withheld", "text"],
}
#: Keys the record has beyond fields.md ("add fields freely"), each documented in README's field reference.
DOCUMENTED_EXTRA_KEYS = {"warnings", "country", "origin_text"}
DOCUMENTED_EXTRA_PARAGRAPH_KEYS = {"heading"}

ANSI = re.compile(r"\x1b\[")
DANGEROUS_CELL_START = ("=", "+", "-", "@", "\t", "\r")
SCOPES_HIT_KEYS = {"id", "date", "subject", "classification", "caveats", "origin", "station", "tags", "people",
                   "references", "score", "source", "snippets", "versions", "sources"}


def make_runner() -> CliRunner:
    """stdout and stderr kept apart (click < 8.2 needs mix_stderr=False; 8.2+ always separates them)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None):
    return make_runner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env=env)


def ok(*args: str):
    result = invoke(*args)
    assert result.exit_code == 0, (args, result.exit_code, result.stderr)
    return result


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def contract_fields() -> dict[str, list[str]]:
    """The JSON key column of each table in fields.md (the contract), by section."""
    if not FIELDS_MD.exists():
        return CONTRACT_COPY
    out: dict[str, list[str]] = {}
    section = None
    for line in FIELDS_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        m = re.match(r"\|\s*`([a-z_]+)`\s*\|", line)
        if m and section:
            out.setdefault(section, []).append(m.group(1))
    return out


# -- fixtures -------------------------------------------------------------------
@pytest.fixture(scope="module", params=ENGINES)
def built(request, tmp_path_factory) -> tuple[Path, object]:
    """sample_data indexed through the CLI, with each engine; returns (index dir, the CliRunner result)."""
    index_dir = tmp_path_factory.mktemp("cli") / "index"
    result = invoke("index", SAMPLE, "--index", index_dir, "--engine", request.param)
    return index_dir, result


@pytest.fixture(scope="module")
def index_dir(built) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def cli_ix(index_dir):
    with CableIndex.open(index_dir) as ix:
        yield ix


def search_json(index_dir: Path, *args: str) -> dict:
    return json.loads(ok("search", *args, "--index", index_dir, "--json").stdout)


# -- parse ----------------------------------------------------------------------
def test_fields_md_copy_is_current() -> None:
    fields = contract_fields()
    assert fields["Cable"] == CONTRACT_COPY["Cable"]
    assert fields["Paragraph"] == CONTRACT_COPY["Paragraph"]


def test_parse_json_has_exactly_the_contract_fields() -> None:
    result = ok("parse", FOIA_EXAMPLE, "--json")
    records = json.loads(result.stdout)
    assert isinstance(records, list) and len(records) == 1
    rec = records[0]
    fields = contract_fields()
    assert set(rec) == set(fields["Cable"]) | DOCUMENTED_EXTRA_KEYS
    assert rec["paragraphs"], "the FOIA example has paragraphs"
    for para in rec["paragraphs"]:
        assert set(para) == set(fields["Paragraph"]) | DOCUMENTED_EXTRA_PARAGRAPH_KEYS
    assert rec["id"] == "07MEXICO6043"
    assert rec["date"] == "2007-12-05T21:13:00Z"
    assert rec["tags"] == ["PGOV", "PREL", "ECON", "MX"]
    assert rec["source"]["format"] == "foia-ocr"
    assert "raw" not in rec
    assert "1 cable parsed, 0 skipped" in result.stderr


def test_parse_json_equals_parse_path() -> None:
    want = [c.to_dict() for c in parse_path(FOIA_EXAMPLE).cables]
    assert json.loads(ok("parse", FOIA_EXAMPLE, "--json").stdout) == want
    nl = ok("parse", FOIA_EXAMPLE, "--nl").stdout.splitlines()
    assert [json.loads(line) for line in nl] == want


def test_parse_nl_one_record_per_line_and_raw() -> None:
    folder = SAMPLE / "plaintext-latin1"
    want = [c.to_dict() for c in parse_path(folder).cables]
    lines = ok("parse", folder, "--nl").stdout.splitlines()
    assert len(lines) == len(want) > 1
    assert [json.loads(line) for line in lines] == want
    raw = json.loads(ok("parse", FOIA_EXAMPLE, "--json", "--raw").stdout)[0]
    assert "NEGROPONTE" in raw["raw"]


def test_parse_text_summary_and_skips() -> None:
    result = ok("parse", SAMPLE / "foia-ocr")
    lines = result.stdout.splitlines()
    assert lines[0] == "07MEXICO6043  2007-12-05T21:13:00Z  CONFIDENTIAL//SENSITIVE//SIPDIS  Embassy Mexico"
    assert "  tags: PGOV PREL ECON MX" in lines
    everything = ok("parse", SAMPLE, "--nl")
    assert "skipped: PROVENANCE.md: not a cable" in everything.stderr
    n = len(everything.stdout.splitlines())
    assert everything.stderr.splitlines()[-1] == f"{n} cables parsed, {SAMPLE_SKIPS} skipped"
    assert "skipped: plusd-pdf/" not in everything.stderr  # PDFs are read with no system tool


# -- index ----------------------------------------------------------------------
def test_index_prints_a_summary(built, sample_records) -> None:
    index_dir, result = built
    assert result.exit_code == 0, result.stderr
    m = re.fullmatch(rf"indexed (.+): (\d+) added, 0 updated, 0 removed, 0 unchanged, {SAMPLE_SKIPS} skipped "
                     r"in [\d.]+s\n", result.stdout)
    assert m, result.stdout
    assert Path(m.group(1)) == index_dir
    assert int(m.group(2)) == len(sample_records)
    assert "skipped: PROVENANCE.md: not a cable" in result.stderr
    assert "Traceback" not in result.stderr


def test_index_second_run_is_all_unchanged(index_dir, sample_records) -> None:
    result = ok("index", SAMPLE, "--index", index_dir)
    assert re.fullmatch(rf"indexed .+: 0 added, 0 updated, 0 removed, {len(sample_records)} unchanged, "
                        rf"{SAMPLE_SKIPS} skipped in [\d.]+s\n", result.stdout), result.stdout


@pytest.fixture()
def junk_copy(tmp_path) -> Path:
    """Part of sample_data, plus a binary file and an empty file."""
    root = tmp_path / "cables"
    shutil.copytree(SAMPLE / "foia-ocr", root / "foia-ocr")
    shutil.copytree(SAMPLE / "plaintext-latin1", root / "plaintext-latin1")
    (root / "junk").mkdir()
    (root / "junk" / "blob.bin").write_bytes(bytes(range(256)) * 16)
    (root / "junk" / "empty.txt").write_bytes(b"")
    return root


def test_index_json_with_junk_files(junk_copy, tmp_path) -> None:
    index_dir = tmp_path / "ix"
    ncables = len(parse_path(junk_copy).cables)
    result = ok("index", junk_copy, "--index", index_dir, "--json")
    report = json.loads(result.stdout)
    assert set(report) == {"added", "updated", "removed", "unchanged", "skipped", "files_read", "cables_indexed",
                           "elapsed", "index", "hidden", "retried", "ocr_cables"}
    assert (report["added"], report["updated"], report["removed"], report["unchanged"]) == (ncables, 0, 0, 0)
    assert report["cables_indexed"] == ncables and report["files_read"] == 7
    assert isinstance(report["elapsed"], (int, float)) and report["elapsed"] >= 0
    assert Path(report["index"]) == index_dir
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert set(reasons) == {"blob.bin", "empty.txt"}
    assert "binary" in reasons["blob.bin"] and "empty" in reasons["empty.txt"]
    assert result.stderr == "", "--json: the skips are in the object, not on stderr"

    again = json.loads(ok("index", junk_copy, "--index", index_dir, "--json").stdout)
    assert (again["added"], again["updated"], again["removed"], again["unchanged"]) == (0, 0, 0, ncables)
    assert again["files_read"] == 0
    assert {Path(s["path"]).name for s in again["skipped"]} == {"blob.bin", "empty.txt"}

    # a text run lists each skipped file on stderr with its reason, and still exits 0
    (junk_copy / "plaintext-latin1" / "09PARIS1007.txt").unlink()
    text = ok("index", junk_copy, "--index", index_dir)
    assert re.search(r": 0 added, 0 updated, 1 removed, \d+ unchanged, 2 skipped in", text.stdout), text.stdout
    skip_lines = stderr_lines(text)
    assert len(skip_lines) == 2 and all(line.startswith("skipped: ") for line in skip_lines)
    assert any("blob.bin: binary" in line for line in skip_lines)


def test_index_into_an_unwritable_place_is_one_line(tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = invoke("index", SAMPLE / "foia-ocr", "--index", blocker / "index")
    assert result.exit_code == 1
    assert len(stderr_lines(result)) == 1 and result.stderr.startswith("cablesearch: error: ")
    assert "Traceback" not in result.stderr


# -- search: the JSON contract ------------------------------------------------------
JSON_CASES = [
    (["negroponte", "--facet", "tags"], dict(q="negroponte", facets=["tags"])),
    (["tags:PGOV date:2007..2008", "--facet", "year", "--facet", "classification"],
     dict(q="tags:PGOV date:2007..2008", facets=["year", "classification"])),
    (["marking:S", "--paragraphs", "--facet", "marking", "--limit", "5"],
     dict(q="marking:S", paragraphs=True, facets=["marking"], limit=5)),
    (["iran", "--sort", "-date", "--limit", "3", "--offset", "2"], dict(q="iran", sort="-date", limit=3, offset=2)),
    (["", "--all", "--sort", "date", "--facet", "station", "--facet-size", "3"],
     dict(q="", limit=None, sort="date", facets=["station"], facet_size=3)),
    (["id:09STATE68250", "--all-versions"], dict(q="id:09STATE68250", all_versions=True)),
    (["tags:SNAR", "--from", "2006", "--to", "2009-06"], dict(q="tags:SNAR", from_="2006", to="2009-06")),
    (["negropontte"], dict(q="negropontte")),
]


@pytest.mark.parametrize("args,api", JSON_CASES, ids=[" ".join(x or "''" for x in a) for a, _ in JSON_CASES])
def test_search_json_is_the_api_results(index_dir, cli_ix, args, api) -> None:
    api = dict(api)
    q = api.pop("q")
    want = cli_ix.search(q, **api).to_dict()
    got = search_json(index_dir, *args)
    assert got == want


def test_search_json_shape(index_dir) -> None:
    d = search_json(index_dir, "negroponte OR mexico", "--facet", "tags", "--facet", "year")
    assert {"query", "total", "offset", "limit", "scope", "hits", "facets"} <= set(d)
    assert d["query"] == "negroponte OR mexico" and d["offset"] == 0 and d["limit"] == 10
    assert d["scope"] == "cables" and d["total"] == len(d["hits"]) > 0
    for hit in d["hits"]:
        assert set(hit) == SCOPES_HIT_KEYS
        assert isinstance(hit["tags"], list) and isinstance(hit["score"], float)
        for sn in hit["snippets"]:
            assert {"paragraph", "marking", "text"} <= set(sn)
    for name in ("tags", "year"):
        facet = d["facets"][name]
        assert set(facet) == {"values", "truncated", "sort"}
        assert all(set(v) == {"value", "count", "selected", "label"} for v in facet["values"])


def test_search_nl_is_one_hit_per_line(index_dir, cli_ix) -> None:
    want = [h.to_dict() for h in cli_ix.search("tags:PREL", limit=None).hits]
    lines = ok("search", "tags:PREL", "--all", "--nl", "--index", index_dir).stdout.splitlines()
    assert len(lines) == len(want) > 10
    assert [json.loads(line) for line in lines] == want


# -- search: text -------------------------------------------------------------------
def test_search_text_output(index_dir, cli_ix) -> None:
    res = cli_ix.search("negroponte", facets=["tags"], facet_size=3)
    out = ok("search", "negroponte", "--facet", "tags", "--facet-size", "3", "--index", index_dir).stdout
    lines = out.splitlines()
    assert lines[0].startswith("07MEXICO6043  2007-12-05  CONFIDENTIAL  Embassy Mexico")
    assert lines[1] == "  DEPUTY SECRETARY NEGROPONTE HAS CORDIAL MEETINGS SENIOR MEXICAN SECURITY AND LAW " \
                       "ENFORCEMENT OFFICIALS"
    assert any(line.startswith("    ¶") and "Negroponte" in line for line in lines)
    noun = "cable matches" if res.total == 1 else "cables match"
    assert f"{res.total} {noun}; showing 1–{len(res.hits)}" in lines
    facet = res.facets["tags"]
    assert facet.truncated
    start = lines.index("tags:  (more values not shown)")
    # a code's meaning follows it: `PGOV — Government; Internal Governmental Affairs`
    shown = lines[start + 1: start + 1 + len(facet.values)]
    assert shown == [f"  {v.count:>7}  {v.value}" + (f" — {v.label}" if v.label else "") for v in facet.values]
    assert any(" — " in line for line in shown)
    assert not ANSI.search(out), "no colour when stdout is not a terminal"


def test_counts_agree_with_their_nouns_and_limit_0_prints_the_total_alone(index_dir) -> None:
    one = ok("search", "tags:narcotics", "--index", index_dir).stdout.splitlines()
    assert "1 cable matches; showing 1–1" in one
    only = ok("search", "mexico", "--limit", "0", "--facet", "tags", "--index", index_dir).stdout.splitlines()
    assert re.fullmatch(r"\d+ cables match", only[0]), only  # no hit, and no "none shown at --offset 0"
    assert "tags:" in only[2]
    parsed = ok("parse", str(FOIA_EXAMPLE))
    assert "1 cable parsed, 0 skipped" in parsed.stderr


def test_color_always_and_never(index_dir) -> None:
    coloured = ok("search", "negroponte", "--color", "always", "--index", index_dir).stdout
    assert "\x1b[1;33mNegroponte\x1b[0m" in coloured
    assert not ANSI.search(ok("search", "negroponte", "--color", "never", "--index", index_dir).stdout)
    assert not ANSI.search(ok("search", "negroponte", "--index", index_dir).stdout)  # auto: not a terminal


def test_zero_hits_exit_0_with_did_you_mean(index_dir) -> None:
    result = ok("search", "negropontte", "--index", index_dir)
    assert "0 cables match" in result.stdout
    assert "did you mean: negroponte" in result.stdout.splitlines()
    d = search_json(index_dir, "negropontte")
    assert d["total"] == 0 and d["hits"] == [] and d["suggestion"] == "negroponte"


def test_no_ansi_anywhere_when_not_a_terminal(index_dir) -> None:
    outputs = [
        ok("search", "negroponte OR merida", "--facet", "tags", "--index", index_dir).stdout,
        ok("search", "marking:S", "--paragraphs", "--index", index_dir).stdout,
        ok("show", "07MEXICO6043", "--index", index_dir).stdout,
        ok("stats", "--index", index_dir).stdout,
    ]
    for out in outputs:
        assert out and not ANSI.search(out)


def test_colour_is_a_switch_of_the_text_renderer() -> None:
    hit = Hit("07MEXICO6043", "2007-12-05T21:13:00Z", "S", "CONFIDENTIAL", "AMEMBASSY MEXICO", "MEXICO", (), 1.0,
              {}, (Snippet("1", None, "Negroponte met", ((0, 10),)),)).to_dict()
    assert any(ANSI.search(line) for line in hit_text_lines(hit, colour=True))
    assert not any(ANSI.search(line) for line in hit_text_lines(hit, colour=False))


# -- search: options ----------------------------------------------------------------
def test_limit_offset_all(index_dir, sample_records) -> None:
    every = search_json(index_dir, "", "--all")
    distinct = len({c.id for c in sample_records})
    assert every["total"] == len(every["hits"]) == distinct and every["limit"] is None
    ids = [h["id"] for h in every["hits"]]
    assert [h["id"] for h in search_json(index_dir, "")["hits"]] == ids[:10]
    page = search_json(index_dir, "", "--limit", "4", "--offset", "6")
    assert (page["total"], page["offset"], page["limit"]) == (distinct, 6, 4)
    assert [h["id"] for h in page["hits"]] == ids[6:10]
    assert search_json(index_dir, "", "--limit", "0")["hits"] == []
    assert search_json(index_dir, "", "--offset", str(distinct))["hits"] == []


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_sort_by_date(index_dir, sort) -> None:
    hits = search_json(index_dir, "", "--all", "--sort", sort)["hits"]
    dated = [h["date"] for h in hits if h["date"]]
    assert dated == sorted(dated, reverse=(sort == "-date"))
    firsts = [bool(h["date"]) for h in hits]
    assert firsts == sorted(firsts, reverse=True), "undated cables come last"


def test_paragraph_scope_marking(index_dir, sample_records) -> None:
    d = search_json(index_dir, "marking:S", "--paragraphs", "--all", "--all-versions")
    marked = [(c.id, p) for c in sample_records for p in c.paragraphs if p.marking == "S"]
    assert d["scope"] == "paragraphs" and d["total"] == len(marked)
    for hit in d["hits"]:
        assert hit["marking"] == "S"
        assert [sn["marking"] for sn in hit["snippets"]] == ["S"]
        assert hit["snippets"][0]["paragraph"] == hit["paragraph"]
    text = ok("search", "marking:S", "--paragraphs", "--limit", "3", "--index", index_dir).stdout
    assert re.search(r"^\S+ ¶\d+ \(S\)  ", text, re.M), text
    assert "paragraphs match; showing 1–3" in text


def test_paragraph_hits_always_carry_paragraph_and_marking(index_dir) -> None:
    d = search_json(index_dir, '"raise with you a matter of proliferation"', "--paragraphs", "--all-versions")
    assert d["total"] == 2
    for hit in d["hits"]:
        assert {"paragraph", "marking"} <= set(hit), hit["source"]


def test_facet_size_and_truncated(index_dir) -> None:
    small = search_json(index_dir, "", "--facet", "tags", "--facet-size", "2")["facets"]["tags"]
    assert small["truncated"] is True and len(small["values"]) == 2
    counts = [v["count"] for v in small["values"]]
    assert counts == sorted(counts, reverse=True)
    big = search_json(index_dir, "", "--facet", "tags", "--facet-size", "100000")["facets"]["tags"]
    assert big["truncated"] is False and big["values"][:2] == small["values"]
    selected = search_json(index_dir, "tags:PGOV", "--facet", "tags")["facets"]["tags"]
    assert [v["value"] for v in selected["values"] if v["selected"]] == ["PGOV"]


def test_from_to(index_dir, sample_records) -> None:
    want = {c.id for c in sample_records if c.date and "2007-01-01" <= c.date[:10] <= "2008-12-31"}
    got = {h["id"] for h in search_json(index_dir, "", "--all", "--from", "2007", "--to", "2008")["hits"]}
    assert got == want and want
    day = {h["id"] for h in search_json(index_dir, "", "--all", "--from", "2009-07-01", "--to", "2009-07-01")["hits"]}
    assert day == {c.id for c in sample_records if c.date and c.date[:10] == "2009-07-01"} == {"09STATE68250"}
    after = search_json(index_dir, "", "--all", "--from", "2009-07-02")["hits"]
    assert all(h["date"] >= "2009-07-02" for h in after) and after


@pytest.mark.parametrize("cable_id", ["09STATE68250", "10TRIPOLI95"])
def test_copies_collapse_unless_all_versions(index_dir, sample_records, cable_id) -> None:
    copies = sorted(c.source.path for c in sample_records if c.id == cable_id)
    assert len(copies) == 2
    one = search_json(index_dir, f"id:{cable_id}")
    assert one["total"] == 1
    assert one["hits"][0]["versions"] == 2
    assert sorted(s["path"] for s in one["hits"][0]["sources"]) == copies
    both = search_json(index_dir, f"id:{cable_id}", "--all-versions")
    assert both["total"] == 2
    assert sorted(h["source"]["path"] for h in both["hits"]) == copies
    assert all(h["versions"] == 1 for h in both["hits"])
    everything = search_json(index_dir, "", "--all-versions", "--limit", "0")
    assert everything["total"] == len(sample_records)


# -- search: CSV ----------------------------------------------------------------------
def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_rows(index_dir, cli_ix) -> None:
    res = cli_ix.search("tags:PREL", limit=None)
    rows = read_csv(ok("search", "tags:PREL", "--all", "--csv", "--index", index_dir).stdout)
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == len(res.hits) > 10
    for row, hit in zip(rows[1:], res.hits):
        cell = dict(zip(CSV_COLUMNS, row))
        assert cell["id"] == hit.id
        assert cell["date"] == (hit.date or "")
        assert cell["tags"] == " ".join(hit.tags)
        row_in_file = hit.source["row"]  # a copy read from a CSV dump: the path and its row
        assert cell["source"] == hit.source["path"] + (f"#{row_in_file}" if row_in_file else "")
        assert float(cell["score"]) == pytest.approx(hit.score, abs=1e-4)
        assert int(cell["versions"]) == hit.versions
        assert cell["people"] == "; ".join(hit.people)
        assert cell["caveats"] == " ".join(hit.caveats)
        assert cell["references"] == " ".join(hit.references)
    assert any(row[CSV_COLUMNS.index("people")] for row in rows[1:])
    assert any(row[CSV_COLUMNS.index("references")] for row in rows[1:])
    assert any(row[CSV_COLUMNS.index("caveats")] for row in rows[1:])


def test_csv_real_cell_starting_with_dash_is_inert(index_dir) -> None:
    # 09STATE68250 (2010 copy) has an unnumbered paragraph of talking points starting "-- We would like…"
    rows = read_csv(ok("search", '"raise with you a matter of proliferation"', "--paragraphs", "--csv",
                       "--all-versions", "--index", index_dir).stdout)
    snippets = [dict(zip(CSV_COLUMNS, row))["snippet"] for row in rows[1:]]
    assert any(s.startswith("'-- We would like to raise") for s in snippets), snippets
    for row in rows[1:]:
        assert not any(cell.startswith(DANGEROUS_CELL_START) for cell in row), row


def test_csv_no_cell_anywhere_starts_a_formula(index_dir) -> None:
    for scope in ([], ["--paragraphs"]):
        rows = read_csv(ok("search", "", "--all", "--all-versions", "--csv", *scope, "--index", index_dir).stdout)
        assert len(rows) > 100
        for row in rows[1:]:
            assert not any(cell.startswith(DANGEROUS_CELL_START) for cell in row), row


def test_csv_injection_crafted_hit() -> None:
    hit = Hit(id="=1+1", date=None, subject='=HYPERLINK("http://evil.example","x")', classification="+SECRET",
              origin="-2+3", station="@SUM(A1)", tags=("=cmd|' /C calc'!A0", "PREL"), score=0.5,
              source={"path": "\t=x.txt"}, snippets=(Snippet("1", "S", "-- talking point"),),
              paragraph="\r=2", marking="@S", scope="paragraphs").to_dict()
    cell = dict(zip(CSV_COLUMNS, hit_csv_row(hit)))
    assert cell["id"] == "'=1+1"
    assert cell["subject"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert cell["classification"] == "'+SECRET"
    assert cell["origin"] == "'-2+3"
    assert cell["station"] == "'@SUM(A1)"
    assert cell["tags"] == "'=cmd|' /C calc'!A0 PREL"
    assert cell["source"] == "'\t=x.txt"
    assert cell["snippet"] == "'-- talking point"
    assert cell["paragraph"] == "'\r=2" and cell["marking"] == "'@S"
    assert cell["date"] == "" and cell["score"] == "0.5"
    assert csv_safe("SECRET") == "SECRET" and csv_safe(None) == "" and csv_safe(-1) == "'-1"


# -- bad input: exit 2, one line ------------------------------------------------------
BAD = [
    (["tagz:PGOV"], "tagz"),
    (["date:2007-02-30"], "2007-02-30"),
    (['"garcia luna'], "quote"),
    (["(mexico OR cartel"], "parenthes"),
    (["mexico)"], "parenthes"),
    (["mexico", "--facet", "tagz"], "tagz"),
    (["mexico", "--sort", "size"], "--sort"),
    (["mexico", "--from", "2007-13"], "2007-13"),
    (["mexico", "--from", "2009", "--to", "2007"], "--from"),
    (["mexico", "--limit", "-1"], "--limit"),
    (["mexico", "--limt", "3"], "--limt"),
]


@pytest.mark.parametrize("args,names", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_query_or_option_is_exit_2_and_one_line(index_dir, args, names) -> None:
    result = invoke("search", *args, "--index", index_dir)
    assert result.exit_code == 2, result.stderr
    lines = stderr_lines(result)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cablesearch: error: ")
    assert names in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


# -- --timeout: exit 2 and one line past it, the same output within it ------------------
COSTLY_ARGS = [COSTLY_QUERY, "--facet", "tags", "--facet", "people", "--facet", "year"]


@pytest.mark.parametrize("extra", [[], ["--all", "--nl"], ["--paragraphs", "--csv"]], ids=["page", "all", "paragraphs"])
def test_timeout_refuses_a_costly_search_with_one_line_exit_2(index_dir, extra) -> None:
    result = invoke("search", *COSTLY_ARGS, *extra, "--timeout", "0.001", "--index", index_dir)
    assert result.exit_code == 2, result.stderr
    assert stderr_lines(result) == ["cablesearch: error: the query ran past its time budget of 0.001 s: narrow it, "
                                    "or raise the timeout (--timeout SECONDS, 0: no limit)"]
    assert result.stdout == "" and "Traceback" not in result.stderr


@pytest.mark.parametrize("extra", [["--json"], ["--all", "--nl"], []], ids=["json", "all", "text"])
def test_timeout_within_budget_prints_what_no_timeout_prints(index_dir, extra) -> None:
    plain = ok("search", *COSTLY_ARGS, *extra, "--index", index_dir).stdout
    assert "ran past" not in plain and len(plain) > 1000
    for timeout in ("600", "0", "1e9"):
        assert ok("search", *COSTLY_ARGS, *extra, "--timeout", timeout, "--index", index_dir).stdout == plain


@pytest.mark.parametrize("value", ["-1", "soon", "nan"])
def test_timeout_must_be_seconds(index_dir, value) -> None:
    result = invoke("search", "police", "--timeout", value, "--index", index_dir)
    assert result.exit_code == 2 and len(stderr_lines(result)) == 1, result.stderr
    assert "timeout" in result.stderr and result.stdout == ""


def test_unknown_field_suggests_the_nearest(index_dir) -> None:
    line = invoke("search", "tagz:PGOV", "--index", index_dir).stderr
    assert "did you mean tags" in line


def test_bad_query_errors_are_usage_errors(cli_ix) -> None:
    """The API raises the classes whose exit_code the CLI uses."""
    with pytest.raises(QueryError):
        cli_ix.search("tagz:PGOV")
    with pytest.raises(UsageError):
        cli_ix.search("x", facets=["tagz"])
    assert QueryError.exit_code == UsageError.exit_code == 2


@pytest.mark.parametrize("command", [["search", "mexico"], ["show", "07MEXICO6043"], ["stats"]])
def test_missing_index_is_one_line_exit_1(tmp_path, command) -> None:
    missing = tmp_path / "no-index-here"
    for result in (invoke(*command, "--index", missing),
                   invoke(*command, env={"CABLESEARCH_INDEX": str(missing)})):
        assert result.exit_code == 1
        lines = stderr_lines(result)
        assert len(lines) == 1 and lines[0].startswith("cablesearch: error: no index at ")
        assert str(missing) in lines[0] and "cablesearch index" in lines[0]
        assert result.stdout == ""


def test_traceback_on_request(tmp_path) -> None:
    result = make_runner().invoke(cli, ["stats", "--index", str(tmp_path / "none")],
                                  env={"CABLESEARCH_TRACEBACK": "1"})
    assert result.exit_code != 0 and result.exception is not None
    assert type(result.exception).__name__ == "IndexUnavailableError"


# -- show and stats -----------------------------------------------------------------------
def test_show_json_is_the_record(index_dir, cli_ix) -> None:
    for cable_id in ("07MEXICO6043", "09STATE68250", "74ATHENS2959"):
        got = json.loads(ok("show", cable_id, "--index", index_dir, "--json").stdout)
        assert got == cli_ix.get(cable_id).to_dict()
        assert got["id"] == cable_id


def test_show_by_alias(index_dir) -> None:
    got = json.loads(ok("show", "1974ATHENS02959_b", "--index", index_dir, "--json").stdout)
    assert got["id"] == "74ATHENS2959"


def test_show_text(index_dir, cli_ix) -> None:
    cable = cli_ix.get("07MEXICO6043")
    out = ok("show", "07MEXICO6043", "--index", index_dir).stdout
    lines = out.splitlines()
    assert lines[0] == "id:             07MEXICO6043"
    assert "classification: CONFIDENTIAL" in lines
    assert f"subject:        {cable.subject}" in lines
    assert "tags:           PGOV PREL ECON MX" in lines
    assert "country:        Mexico" in lines
    paragraph_lines = [line for line in lines if line.startswith("¶")]
    assert len(paragraph_lines) == len(cable.paragraphs) == 14
    assert any(line.startswith("¶2 (C) [withheld: B1] ") for line in paragraph_lines)


def test_show_unknown_id(index_dir) -> None:
    result = invoke("show", "99NOSUCHPOST1", "--index", index_dir)
    assert result.exit_code == NotFoundError.exit_code == 1
    lines = stderr_lines(result)
    assert len(lines) == 1 and "99NOSUCHPOST1" in lines[0] and lines[0].startswith("cablesearch: error: ")
    assert result.stdout == ""


def test_stats(index_dir, cli_ix, sample_records) -> None:
    st = json.loads(ok("stats", "--index", index_dir, "--json").stdout)
    assert st == cli_ix.stats() | {"size_bytes": st["size_bytes"]}
    assert {"index", "cables", "distinct_ids", "paragraphs", "files", "date_from", "date_to", "size_bytes",
            "schema_version", "facets"} == set(st)
    assert st["cables"] == len(sample_records)
    assert st["distinct_ids"] == len({c.id for c in sample_records})
    assert st["paragraphs"] == sum(len(c.paragraphs) for c in sample_records)
    dates = sorted(c.date[:10] for c in sample_records if c.date)
    assert (st["date_from"], st["date_to"]) == (dates[0], dates[-1])
    tags = st["facets"]["tags"]
    assert tags["values"][0]["value"] == "PREL"
    # distinct cables: copies of one id count once, as `tags` and search totals count them
    assert tags["values"][0]["count"] == cli_ix.search("tags:PREL", limit=0).total
    text = ok("stats", "--index", index_dir).stdout
    assert f"cables:      {len(sample_records)} ({st['distinct_ids']} distinct ids)" in text
    assert f"dates:       {dates[0]} to {dates[-1]}" in text
    assert "\ntags:  (more values not shown)\n" in text


def test_bare_command_and_version() -> None:
    assert "search" in invoke("--help").stdout
    result = invoke("--version")
    assert result.exit_code == 0 and "0.1.0" in result.stdout
    unknown = invoke("nosuchcommand")
    assert unknown.exit_code == 2 and len(stderr_lines(unknown)) == 1


@pytest.mark.parametrize("fmt", [[], ["--nl"], ["--csv"]], ids=["text", "nl", "csv"])
def test_closed_pipe_is_a_quiet_success(index_dir, fmt) -> None:
    """`cablesearch search … | head -1`: no traceback, no "Exception ignored", exit 0 (over 600 KB of output)."""
    proc = subprocess.Popen([sys.executable, "-m", "cablesearch", "search", "", "--all", "--all-versions",
                             "--paragraphs", *fmt, "--index", str(index_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, stderr
    assert stderr == ""


# -- people -------------------------------------------------------------------------
def test_people_query_with_people_facet(index_dir) -> None:
    """The people issue's check: `search 'people:"garcia luna"' --facet people` on the sample index."""
    out = search_json(index_dir, 'people:"garcia luna"', "--facet", "people", "--facet-size", "50")
    assert [h["id"] for h in out["hits"]] == ["07MEXICO6043"]
    values = {v["value"]: v for v in out["facets"]["people"]["values"]}
    assert values["Genaro Garcia Luna"]["selected"] is True
    assert values["Genaro Garcia Luna"]["count"] == 1
    assert {"Negroponte", "Eduardo Medina Mora", "Tom Shannon"} <= set(values)
    assert not any(v["selected"] for name, v in values.items() if name != "Genaro Garcia Luna")
    text = ok("search", 'people:"garcia luna"', "--facet", "people", "--index", index_dir).stdout
    assert "07MEXICO6043" in text and "Genaro Garcia Luna" in text


def test_people_matches_any_part_of_a_name(index_dir) -> None:
    for q in ("people:negroponte", "people:NEGROPONTE", "person:genaro", 'people:"medina mora"'):
        assert "07MEXICO6043" in [h["id"] for h in search_json(index_dir, q)["hits"]], q
    assert search_json(index_dir, 'people:"luna garcia"')["hits"] == []


def test_index_aliases_merge_suppress_and_reindex_on_change(tmp_path) -> None:
    src = tmp_path / "cables"
    src.mkdir()
    shutil.copy(SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt", src)
    aliases = tmp_path / "mine.toml"
    aliases.write_text('[merge]\n"John D. Negroponte" = ["Negroponte"]\n[suppress]\nnames = ["Zhenli"]\n',
                       encoding="utf-8")
    ix_dir = tmp_path / "ix"
    ok("index", src, "--index", ix_dir, "--aliases", aliases)
    assert (ix_dir / "people.toml").read_text(encoding="utf-8") == aliases.read_text(encoding="utf-8")
    people = json.loads(ok("show", "07MEXICO6043", "--index", ix_dir, "--json").stdout)["people"]
    assert "John D. Negroponte" in people and "Negroponte" not in people and "Zhenli" not in people
    assert search_json(ix_dir, "people:john")["total"] == 1
    # unchanged files and unchanged aliases: nothing to do
    again = json.loads(ok("index", src, "--index", ix_dir, "--json").stdout)
    assert again["unchanged"] == 1 and again["updated"] == 0
    # the user edits the aliases in the index: every cable is indexed again with them
    (ix_dir / "people.toml").write_text("[suppress]\nnames = []\n", encoding="utf-8")
    third = json.loads(ok("index", src, "--index", ix_dir, "--json").stdout)
    assert third["updated"] == 1
    people = json.loads(ok("show", "07MEXICO6043", "--index", ix_dir, "--json").stdout)["people"]
    assert "Negroponte" in people and "Zhenli" in people


def test_index_bad_aliases_file_is_one_line_exit_2(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[merge\n", encoding="utf-8")
    result = invoke("index", SAMPLE / "foia-ocr", "--index", tmp_path / "ix", "--aliases", bad)
    assert result.exit_code == 2
    assert len(stderr_lines(result)) == 1 and "not valid TOML" in result.stderr
    assert "Traceback" not in result.stderr


# -- tags, refs, versions, diff ---------------------------------------------------------------------
def test_tags_json_is_the_api_and_text_shows_meanings(index_dir, cli_ix) -> None:
    rows = json.loads(ok("tags", "--index", index_dir, "--json").stdout)
    assert rows == [t.to_dict() for t in cli_ix.tags()]
    assert set(rows[0]) == {"code", "kind", "meaning", "country", "source", "count"}
    assert rows[0]["code"] == "PREL" and rows[0]["count"] == cli_ix.search("tags:PREL", limit=0).total
    assert all(r["count"] > 0 for r in rows), "without a pattern: the codes the index uses"
    by_code = {r["code"]: r for r in rows}
    assert by_code["MX"] == {"code": "MX", "kind": "geographic", "meaning": "Mexico", "country": "Mexico",
                             "source": "FIPS10-4", "count": cli_ix.search("tags:MX", limit=0).total}
    assert by_code["KCRM"] == {"code": "KCRM", "kind": "program", "meaning": "Criminal activity", "country": None,
                               "source": "NEWSROOM", "count": cli_ix.search("tags:KCRM", limit=0).total}
    assert by_code["KPAK"]["kind"] == "program" and by_code["KPAK"]["source"] == "shape"
    # a code whose meaning changed over time: the same keys, and its dated meanings under "history"
    (eind,) = json.loads(ok("tags", "EIND", "--index", index_dir, "--json").stdout)
    assert eind["meaning"] == "Commerce, Industry, and Industrial Products" and eind["source"] == "TAGS-1974"
    assert eind["history"] == [
        {"years": "1974", "meaning": "Commerce, Industry, and Industrial Products", "source": "TAGS-1974"},
        {"years": "2022", "meaning": "Industry and Manufacturing", "source": "FAH-2022"}]
    line = ok("tags", "EIND", "--index", index_dir).stdout.splitlines()[0]
    assert line.endswith("EIND         subject      Industry and Manufacturing (2022); "
                         "Commerce, Industry, and Industrial Products (1974)")
    out = ok("tags", "narc", "--index", index_dir).stdout.splitlines()
    assert out[0].split() == ["1", "SNAR", "subject", "Narcotics"]
    n = len(out) - 1
    assert out[-1] == f"{n} code" + ("s" if n != 1 else "")
    zero = json.loads(ok("tags", "K*", "--index", index_dir, "--json").stdout)
    assert all(r["code"].startswith("K") for r in zero) and any(r["count"] == 0 for r in zero)
    assert len(json.loads(ok("tags", "--all", "--index", index_dir, "--json").stdout)) > 590


def test_refs_json_is_the_api_and_text_is_a_tree(index_dir, cli_ix) -> None:
    got = json.loads(ok("refs", "06BRASILIA2532", "--depth", "2", "--index", index_dir, "--json").stdout)
    assert got == cli_ix.refs("06BRASILIA2532", depth=2).to_dict()
    assert got["cites"][0]["id"] == "06BRASILIA2475" and got["cites"][0]["cites"][0]["id"] == "06BRASILIA2425"
    lines = ok("refs", "85BEIRUT1013", "--index", index_dir).stdout.splitlines()
    assert lines == ['85BEIRUT1013  1985-02-19  FURTHER ON HIZBALLAH "MANIFESTO"',
                     "cites:",
                     "  85BEIRUT992  1985-02-18  HIZBALLAH CALLS FOR ISLAMIC REPUBLIC IN LEBANON",
                     "cited by:",
                     "  85BEIRUT1014  1985-02-19  HIZBALLAH ON THE MOVE",
                     '  85BEIRUT1351  1985-03-05  HIZBALLAH "MANIFESTO"']
    assert "06STATE186511  (not in the index)" in ok("refs", "06BRASILIA2425", "--index", index_dir).stdout


def test_versions_and_diff(index_dir, cli_ix) -> None:
    rows = json.loads(ok("versions", "10TRIPOLI95", "--index", index_dir, "--json").stdout)
    assert rows == [v.to_dict() for v in cli_ix.copies("10TRIPOLI95")]
    assert [r["source"]["path"] for r in rows] == ["cablegate-html-2010/10TRIPOLI95.html",
                                                   "cablegate-html-2011/10TRIPOLI95.html"]
    text = ok("versions", "10TRIPOLI95", "--index", index_dir).stdout.splitlines()
    assert text[0] == "1: cablegate-html-2010/10TRIPOLI95.html  (cablegate-html; cablegate)"
    assert "6 paragraphs" in text[1] and "read 20" in text[1]
    d = json.loads(ok("diff", "10TRIPOLI95", "--index", index_dir, "--json").stdout)
    assert d == cli_ix.diff("10TRIPOLI95").to_dict()
    assert d["summary"]["changed"] == 1 and d["identical"] is False
    lines = ok("diff", "10TRIPOLI95", "--from", "2", "--to", "1", "--index", index_dir).stdout.splitlines()
    assert lines[0] == "10TRIPOLI95: from 2: cablegate-html-2011/10TRIPOLI95.html"
    assert lines[2] == "¶3 changed: redacted in from; 1 edit"
    assert "[-XXXXXXXXXXXX-]{+Our contact+}" in lines[3]
    assert lines[-1].startswith("5 same, 1 changed, 0 withheld, 1 with redactions")


@pytest.mark.parametrize("args, code, start", [
    (["diff", "07MEXICO6043"], 1, "cablesearch: error: only one copy of 07MEXICO6043"),
    (["diff", "10TRIPOLI95", "--to", "foia"], 2, "cablesearch: error: --from/--to 'foia' matches no copy"),
    (["versions", "99NOWHERE1"], 1, "cablesearch: error: no cable '99NOWHERE1'"),
    (["refs", "99NOWHERE1"], 1, "cablesearch: error: no cable '99NOWHERE1'"),
    (["refs", "85BEIRUT1013", "--depth", "-1"], 2, "cablesearch: error: Invalid value for '--depth'"),
])
def test_new_commands_errors_are_one_line(index_dir, args, code, start) -> None:
    result = invoke(*args, "--index", index_dir)
    assert result.exit_code == code
    lines = stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith(start), lines
    assert result.stdout == ""


def test_file_names_cannot_drive_the_terminal_or_a_spreadsheet(tmp_path: Path) -> None:
    """A file name carrying a terminal escape, a right-to-left override or a line break is
    printed escaped in skip lines; CSV cells guard LF- and fullwidth-prefixed formulas and escape
    ESC (issue 23)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("evil\x1b]0;pwned\x07.txt", "rtl\u202etxt.exe", "two\nlines.txt"):
        (folder / name).write_text("not a cable at all", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(folder)])
    lines = result.stderr.splitlines()
    skipped = [line for line in lines if line.startswith("skipped:")]
    assert len(skipped) == 3, lines
    assert not any(c in result.stderr for c in "\x1b\x07\u202e")
    assert any("\\x1b]0;pwned\\x07" in line for line in skipped) and any("\\u202e" in line for line in skipped)
    assert any("two\\x0alines.txt" in line for line in skipped)
    assert csv_safe("\n=1+1") == "'\n=1+1" and csv_safe("\uff1d1+1") == "'\uff1d1+1"
    assert csv_safe("path\x1b[31m") == "path\\x1b[31m"


# -- help ---------------------------------------------------------------------------
def test_help_describes_every_command_in_full_and_every_option() -> None:
    top = ok("--help").stdout
    commands = top[top.index("Commands:"):]
    assert "..." not in commands  # no description cut short
    for name, command in cli.commands.items():
        assert command.get_short_help_str(limit=1000) in top, name
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"{name} {param.opts[0]} has no description"


def test_search_help_lists_fields_facets_and_examples_that_work(index_dir) -> None:
    from cablesearch.cli import SEARCH_EXAMPLES
    from cablesearch.fields import FACETS, FIELDS

    text = ok("search", "--help").stdout
    flat = " ".join(text.split())
    for f in FIELDS:
        assert f"\n    {f.name}" in text and " ".join(f.help.split()) in flat, f.name
    assert ", ".join(FACETS) in flat
    assert len(SEARCH_EXAMPLES) == 5
    for args, _ in SEARCH_EXAMPLES:
        assert f"cablesearch search {args}" in text
        result = ok("search", *shlex.split(args), "--json", "--index", index_dir)
        assert json.loads(result.stdout)["total"] > 0, args  # each example finds sample cables
