"""README is executable documentation: its examples run, its field lists match the real output.

The README writes its index to `/tmp/cables-index`; every test here replaces
that path (README_INDEX) with a folder under pytest's tmp_path, seeded with a
copy of the session's sample index so the README's `build_index` /
`cablesearch index` calls are incremental and quick.
"""

from __future__ import annotations

import dataclasses
import contextlib
import io
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cablesearch import IndexReport, parse_path
from cablesearch.cli import cli
from cablesearch.fields import FACETS as FACET_NAMES
from cablesearch.output import CSV_COLUMNS
from cablesearch.parse.people import with_office_holders

from conftest import FOIA_EXAMPLE, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
README_INDEX = "/tmp/cables-index"


def section(title: str, level: int = 2) -> str:
    """The text of one README section (from its heading to the next heading of the same level or above)."""
    marks = "#" * level
    m = re.search(rf"^{marks} {re.escape(title)}\s*$(?P<body>.*?)(?=^#{{1,{level}}} |\Z)", README, re.M | re.S)
    assert m, f"README has no section {marks} {title}"
    return m["body"]


def fenced(text: str, lang: str) -> list[str]:
    """The bodies of the ```lang blocks in `text`."""
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.M | re.S)


def ticked(text: str) -> list[str]:
    """Names written as `name` (lower-case identifiers only)."""
    return re.findall(r"`([a-z_]+)`", text)


def quoted_keys(text: str) -> list[str]:
    return re.findall(r'"([a-z_]+)"', text)


def make_runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


@pytest.fixture()
def readme_index(sample_index, tmp_path) -> Path:
    """A copy of the session's sample index, standing in for README's /tmp/cables-index."""
    target = tmp_path / "cables-index"
    shutil.copytree(sample_index.path, target)
    return target


# -- Quick start --------------------------------------------------------------------------
def quick_start_lines() -> list[str]:
    blocks = fenced(section("Quick start"), "sh")
    assert len(blocks) == 1, "Quick start has one shell block"
    return [line for line in blocks[0].splitlines() if line.strip()]


def test_quick_start_is_two_lines() -> None:
    lines = quick_start_lines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("pip install . && cablesearch index sample_data --index ")
    assert lines[1] == "pip install '.[test]' && python -m pytest -q"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "'.[test]'" in ci and ci.rstrip().endswith("python -m pytest -q")


def cablesearch_commands(line: str, index_dir: Path) -> list[list[str]]:
    """The `cablesearch …` commands of a shell line, split as the shell would, README's index path replaced."""
    out = []
    for part in line.split("&&"):
        argv = shlex.split(part.replace(README_INDEX, str(index_dir)), comments=True)
        if argv and argv[0] == "cablesearch":
            out.append(argv[1:])
    return out


def test_quick_start_commands_run(readme_index, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    commands = cablesearch_commands(quick_start_lines()[0], readme_index)
    assert [c[0] for c in commands] == ["index", "search"]
    runner = make_runner()
    for argv in commands:
        result = runner.invoke(cli, argv, catch_exceptions=False)
        assert result.exit_code == 0, (argv, result.stderr)
    out = result.stdout
    assert "07MEXICO6043" in out
    assert re.search(r"^\d+ (cable matches|cables match); showing 1–\d+$", out, re.M)
    assert "\ntags:" in out


# -- A tour -----------------------------------------------------------------------------------
def tour_blocks() -> list[str]:
    return fenced(section("A tour"), "console")


#: Where README's transcripts were made: the checkout and the index they name.
README_CHECKOUT = "/home/me/cablesearch"
#: What differs from run to run: a build's time and an index's size on disk.
VARIES = [(re.compile(r" in \d+(\.\d+)?s$"), " in Ts"), (re.compile(r"^size: +\S+ [KMG]?B$"), "size: S")]


def transcript(block: str) -> list[tuple[str, list[str]]]:
    """A console block as (command, the lines it printed) pairs; a `# comment` is dropped."""
    pairs: list[tuple[str, list[str]]] = []
    for line in block.rstrip("\n").splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:].split("  #")[0].rstrip(), []))
        else:
            pairs[-1][1].append(line)
    return pairs


def normalised(lines: list[str], index: Path | None) -> list[str]:
    out = []
    for line in lines:
        if index is not None:
            line = line.replace(README_INDEX, str(index))
        line = line.replace(README_CHECKOUT, str(ROOT))
        for pattern, fixed in VARIES:
            line = pattern.sub(fixed, line)
        out.append(line)
    return out


def check_transcript(block: str, index: Path | None, runner_env: dict | None = None) -> list[str]:
    """Run each command of a README transcript; what it prints must be the lines shown: its
    stdout in order, with its stderr lines (which a terminal shows among them) in order too."""
    commands = []
    for command, expected in transcript(block):
        argv = shlex.split(command.replace(README_INDEX, str(index)) if index else command)
        assert argv[0] == "cablesearch", command
        result = make_runner().invoke(cli, argv[1:], env=runner_env, catch_exceptions=False)
        assert result.exit_code == 0, (command, result.stderr)
        expected = normalised(expected, index)
        errors = normalised(result.stderr.splitlines(), index)
        assert [line for line in expected if line in errors] == errors, command
        assert [line for line in expected if line not in errors] == \
            normalised(result.stdout.splitlines(), index), command
        commands.append(argv[1])
    return commands


def test_quick_start_output_is_real(tmp_path, monkeypatch) -> None:
    """The output shown under the quick start is what its two commands print on a fresh index."""
    (block,) = fenced(section("Quick start"), "console")
    assert [c for c, _ in transcript(block)] == quick_start_lines()[0].split(" && ")[1:]
    monkeypatch.chdir(ROOT)
    assert check_transcript(block, tmp_path / "fresh-index") == ["index", "search"]


def test_tour_parse_output_is_real() -> None:
    block = tour_blocks()[0]
    (command, _), = transcript(block)
    assert command == "cablesearch parse sample_data/foia-ocr/MEXICO006043-2007.txt"
    check_transcript(block.replace("sample_data/", f"{ROOT}/sample_data/"), None)


def test_tour_commands_run_and_print_what_it_shows(readme_index, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    block = tour_blocks()[1]
    assert len(transcript(block)) == 5
    commands = check_transcript(block, readme_index, {"CABLESEARCH_INDEX": str(readme_index)})
    assert commands == ["index", "search", "search", "show", "stats"]
    assert "--index" not in block  # the tour's commands use the default index


def test_tour_check_runs_and_prints_what_it_shows(readme_index) -> None:
    text = section("Checking and repairing an index", level=3)
    (block,) = fenced(text, "console")
    command, expected = block.rstrip("\n").splitlines()
    (argv,) = cablesearch_commands(command[2:], readme_index)
    assert argv[:2] == ["index", "--check"]
    result = make_runner().invoke(cli, argv, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    shown = re.sub(r"\d+ files", "N files", expected.replace(README_INDEX, str(readme_index)))
    assert re.sub(r"\d+ files", "N files", result.stdout.strip()) == shown


# -- TAGS, citations and copies ---------------------------------------------------------------------
READ_AT = re.compile(r"read \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def test_tags_refs_versions_diff_output_is_real(readme_index) -> None:
    blocks = fenced(section("TAGS, citations and copies"), "console")
    assert len(blocks) == 7
    shown = set()
    for block in blocks:
        command, *expected = block.rstrip("\n").splitlines()
        assert command.startswith("$ cablesearch ")
        (argv,) = cablesearch_commands(command[2:], readme_index)
        shown.add(argv[0])
        result = make_runner().invoke(cli, argv, env={"CABLESEARCH_INDEX": str(readme_index)},
                                      catch_exceptions=False)
        assert result.exit_code == 0, (command, result.stderr)
        # the read time is when the index was built: the only part that is not the same each run
        assert [READ_AT.sub("read T", line) for line in result.stdout.splitlines()] == \
            [READ_AT.sub("read T", line) for line in expected], command
    assert shown == {"tags", "search", "refs", "versions", "diff"}


# -- Query syntax --------------------------------------------------------------------------------
def cheat_sheet_queries() -> list[str]:
    queries = []
    for line in section("Query syntax (cheat-sheet)").splitlines():
        if line.startswith("| `"):
            # every `…` in the table is a query, except placeholders (`body:…`), options and lone wildcards
            queries += [q for q in re.findall(r"`([^`]+)`", line)
                        if "…" not in q and not q.startswith("--") and re.search(r"\w", q)]
    return queries


def test_every_cheat_sheet_query_is_accepted(sample_index) -> None:
    queries = cheat_sheet_queries()
    assert len(queries) > 30
    found = {q: sample_index.search(q, limit=0).total for q in queries}
    for q in ('"garcia luna"', "id:07MEXICO6043", "date:2007-12-05", "marking:S", "withheld:B1", "year:2007"):
        assert found[q] >= 1, q


def test_aliases_are_their_fields(sample_index) -> None:
    text = section("Query syntax (cheat-sheet)")
    pairs = re.findall(r"`([a-z_]+):` → `([a-z_]+):`", text)
    assert len(pairs) >= 10
    for value in ("PGOV", "07MEXICO6043", "secret"):
        for alias, field in pairs:
            a = sample_index.search(f"{alias}:{value}", limit=None, facets=["id"]).to_dict()
            b = sample_index.search(f"{field}:{value}", limit=None, facets=["id"]).to_dict()
            assert (a["total"], a["hits"]) == (b["total"], b["hits"]), (alias, field, value)


def test_options_paragraph() -> None:
    text = section("Query syntax (cheat-sheet)")
    options = text[text.index("Options:"):]
    facets = re.search(r"`--facet NAME` \(repeatable:(.*?)\)", options, re.S)[1]
    assert ticked(facets) == list(FACET_NAMES)
    search = next(c for name, c in cli.commands.items() if name == "search")
    known = {opt for p in search.params if isinstance(p, click.Option) for opt in (*p.opts, *p.secondary_opts)}
    for opt in re.findall(r"`(--[a-z-]+)", options):
        assert opt in known, opt


def test_timeout_example_is_real(readme_index) -> None:
    """The --timeout example: its command refuses with exactly the line shown, exit 2."""
    (block,) = fenced(section("Query syntax (cheat-sheet)"), "console")
    command, *expected = block.rstrip("\n").splitlines()
    argv = shlex.split(command[2:])
    assert argv[0] == "cablesearch" and "--timeout" in argv
    result = make_runner().invoke(cli, argv[1:], env={"CABLESEARCH_INDEX": str(readme_index)},
                                  catch_exceptions=False)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == expected


# -- Python API ------------------------------------------------------------------------------------
def test_python_api_example_runs(readme_index, monkeypatch) -> None:
    (code,) = fenced(section("Python API"), "python")
    assert code.count(README_INDEX) == 2
    monkeypatch.chdir(ROOT)  # the example indexes "sample_data", relative to the checkout
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.replace(README_INDEX, str(readme_index)), "README.md#python-api", "exec"), namespace)
    m = re.fullmatch(r"(\d+) \[(.*)\] (\d{4})\n", out.getvalue())
    assert m, out.getvalue()
    assert int(m[1]) >= 1
    assert "'07MEXICO6043'" in m[2]
    assert m[3] == "2007"
    assert isinstance(namespace["report"], IndexReport)
    assert namespace["cable"].id == "07MEXICO6043"
    cable = parse_path(FOIA_EXAMPLE).cables[0]
    # as indexed: lone surnames read as office holders (README "People")
    got, parsed = namespace["cable"].to_dict(), dataclasses.replace(cable, people=with_office_holders(cable)).to_dict()
    assert got["source"]["path"] == "foia-ocr/MEXICO006043-2007.txt"  # relative to the indexed root
    assert {k: v for k, v in got.items() if k != "source"} == {k: v for k, v in parsed.items() if k != "source"}


# -- JSON field reference ---------------------------------------------------------------------------
def test_cable_record_table_lists_every_key() -> None:
    text = section("Cable record (`parse --json`, `show --json`)", level=3)
    documented: dict[str, set[str]] = {}
    for line in text.splitlines():
        if not line.startswith("| `"):
            continue
        keys, kind = line.split(" | ")[:2]
        for key in ticked(keys):
            documented[key] = set(ticked(kind))
    record = parse_path(FOIA_EXAMPLE).cables[0].to_dict(raw=True)
    assert set(documented) == set(record)
    for key, value in record.items():
        sample = value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else value
        if isinstance(sample, dict):
            assert documented[key] == set(sample), key


def test_search_result_fields_match_to_dict(sample_index) -> None:
    text = section("Search results (`search --json`)", level=3)
    (shape,) = re.findall(r"^```\n(.*?)^```", text, re.M | re.S)
    top = re.findall(r'"([a-z_]+)"(\??)', shape)
    each_hit = text[text.index("Each hit:"): text.index("Facets:")]
    cable_part, para_part = each_hit.split("at `--paragraphs` scope")
    snippet_keys = set(quoted_keys(re.search(r"`\[\{(.*?)\}\]`", cable_part, re.S)[1]))
    hit_keys = set(ticked(re.sub(r"`\[\{.*?\}\]`", "", cable_part, flags=re.S)))
    para_keys = set(ticked(para_part))
    facets_text = text[text.index("Facets:"):]
    facet_shape = re.search(r"`\{name: (.*?)\}`", facets_text, re.S)[1]
    value_keys = set(quoted_keys(re.search(r"\[\{(.*?)\}\]", facet_shape, re.S)[1]))
    facet_keys = set(quoted_keys(re.sub(r"\[\{.*?\}\]", "", facet_shape, flags=re.S)))

    res = sample_index.search("negroponte OR merida", facets=["tags"]).to_dict()
    assert {k for k, optional in top if not optional} == set(res)
    assert {k for k, optional in top if optional} == {"suggestion", "timeline"}
    assert "suggestion" in sample_index.search("negropontte").to_dict()
    timeline = sample_index.search("negroponte", timeline=True).to_dict()["timeline"]
    assert set(timeline) == set(quoted_keys(text[text.index('`{"unit"'):text.index("`--nl`")])) - {"period", "count", "year", "month"}
    assert all(set(b) == {"period", "count"} for b in timeline["bins"])
    assert res["hits"]
    for hit in res["hits"]:
        assert set(hit) == hit_keys
        assert hit["snippets"] and all(set(sn) == snippet_keys for sn in hit["snippets"])
    assert set(res["facets"]["tags"]) == facet_keys
    assert all(set(v) == value_keys for v in res["facets"]["tags"]["values"])
    paragraphs = sample_index.search("marking:S", paragraphs=True).to_dict()
    assert paragraphs["hits"]
    for hit in paragraphs["hits"]:
        assert set(hit) == hit_keys | para_keys

    columns = re.search(r"prints the columns `([a-z_,]+)`", text)[1]
    assert tuple(columns.split(",")) == CSV_COLUMNS


def test_index_summary_fields() -> None:
    text = section("Index summary (`index --json`)", level=3)
    report = IndexReport().to_dict()
    assert set(ticked(text)) == set(report)
    assert set(quoted_keys(text)) == {"path", "reason"}


def test_index_check_fields(sample_index) -> None:
    text = section("Index check (`index --check --json`)", level=3)
    assert set(ticked(text)) == set(sample_index.check(deep=False).to_dict())
    assert set(quoted_keys(text)) == {"file", "problem"}


def test_stats_fields(sample_index) -> None:
    text = section("Statistics (`stats --json`)", level=3)
    assert set(ticked(text)) == set(sample_index.stats())


def test_exit_codes_table() -> None:
    from cablesearch import errors

    rows = dict(re.findall(r"^\| (\d+) \| (.*?) \|$", section("Exit codes"), re.M))
    assert set(rows) == {"0", "1", "2", "130"}
    assert errors.CablesearchError.exit_code == errors.NotFoundError.exit_code == errors.IndexUnavailableError.exit_code == 1
    assert errors.UsageError.exit_code == errors.QueryError.exit_code == 2
    assert "not found" in rows["1"] and "bad query" in rows["2"]


def test_every_command_is_in_the_readme_and_takes_index_but_parse() -> None:
    tour = section("A tour")
    assert "Every command but `parse` takes `--index DIR`" in tour
    for name, command in cli.commands.items():
        assert f"cablesearch {name}" in README, name
        opts = {opt for p in command.params for opt in getattr(p, "opts", ())}
        assert ("--index" in opts) == (name != "parse"), name
