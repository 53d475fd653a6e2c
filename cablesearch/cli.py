"""The command line: thin click commands over `cablesearch.api`.

This is the one place where errors become exit codes (see `errors.py`):
0 success (also zero hits), 1 runtime error, 2 bad option or bad query,
130 interrupted. Set CABLESEARCH_TRACEBACK=1 to see the stack instead.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

import click

from cablesearch import api
from cablesearch.errors import CablesearchError
from cablesearch.fields import FACETS, FIELDS
from cablesearch.model import Skip
from cablesearch.output import (CSV_COLUMNS, cable_summary_lines, cable_text_lines, diff_text_lines, dumps,
                                facet_text_lines, hit_csv_row, hit_text_lines, refs_text_lines, tag_text_lines,
                                printable, version_text_lines, write_json_array, write_ndjson, write_results_json)


#: click >= 8.2 raises this (a UsageError) for a bare `cablesearch`; it shows the whole help.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _one_line(text: str) -> str:
    """One line of text safe to print (controls and bidi characters escaped)."""
    return printable(" ".join(str(text).split()))


def _silence_stdout() -> None:
    """After a closed pipe (`| head`): point stdout at /dev/null so the exit-time flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests) or already closed
        pass


class CablesearchGroup(click.Group):
    """A click group that turns every error into one line and an exit code."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        # Caught here, inside click's own main, which would otherwise turn EPIPE into exit 1.
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_stdout()
            raise click.exceptions.Exit(0) from None

    def main(self, *args, **kwargs):  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo("interrupted", err=True)
            sys.exit(130)
        except _NO_ARGS_IS_HELP as exc:  # bare `cablesearch`: the help text, as click prints it
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            # One line, like every other error (click's default is a three-line usage block).
            where = exc.ctx.command_path if exc.ctx is not None else "cablesearch"
            click.echo(f"cablesearch: error: {_one_line(exc.format_message())} (see `{where} --help`)", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"cablesearch: error: {_one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except CablesearchError as exc:
            if os.environ.get("CABLESEARCH_TRACEBACK"):
                raise
            click.echo(f"cablesearch: error: {_one_line(exc)}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(0)
        except OSError as exc:  # an index folder that cannot be created or written, a full disk, …
            if os.environ.get("CABLESEARCH_TRACEBACK"):
                raise
            what = f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc)
            click.echo(f"cablesearch: error: {_one_line(what)}", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=CablesearchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cablesearch")
def cli() -> None:
    """Full-text search over collections of US diplomatic cables."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "fmt", flag_value="json", help="Print a JSON array of records.")
@click.option("--nl", "fmt", flag_value="nl", help="Print one JSON record per line.")
@click.option("--raw", is_flag=True, help="Include the raw text as read in each record.")
def parse(paths: tuple[str, ...], fmt: str | None, raw: bool) -> None:
    """Parse cables in PATHS (files or folders) and print the records.

    Shows what the index will see. Files that hold no cable are reported on
    stderr, one line each, and counted.
    """
    counts = {"cables": 0, "skipped": 0}

    def records():
        for path in paths:
            for item in api.iter_parse(path):
                if isinstance(item, Skip):
                    counts["skipped"] += 1
                    click.echo(f"skipped: {printable(item.path)}: {_one_line(item.reason)}", err=True)
                    continue
                counts["cables"] += 1
                yield item

    out = sys.stdout  # click.get_text_stream is deprecated in click 8.5
    if fmt == "json":
        write_json_array((c.to_dict(raw=raw) for c in records()), out)
    elif fmt == "nl":
        write_ndjson((c.to_dict(raw=raw) for c in records()), out)
    else:
        for cable in records():
            for line in cable_summary_lines(cable):
                click.echo(line)
    click.echo(f"{counts['cables']} cables parsed, {counts['skipped']} skipped", err=True)


def index_option(f):
    """`--index DIR` on every command: default $CABLESEARCH_INDEX, else the per-user data folder."""
    return click.option("--index", "index_dir", type=click.Path(file_okay=False), default=None,
                        help="Index folder (default: $CABLESEARCH_INDEX, else ~/.local/share/cablesearch/index).")(f)


def _progress_printer():
    """A one-line progress bar on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    start = time.monotonic()

    def show(done: int, total: int, cables: int) -> None:
        elapsed = max(time.monotonic() - start, 1e-6)
        rate = cables / elapsed
        eta = (total - done) * elapsed / done if done else 0
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files  "
                         f"{cables} cables  {rate:,.0f} cables/s  ETA {eta:,.0f}s ")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return show


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@index_option
@click.option("--rebuild", is_flag=True, help="Start over: build a fresh index and swap it in when done.")
@click.option("--check", is_flag=True,
              help="Verify every file of the index (no PATHS): say which is damaged and how; exit 1 if one is.")
@click.option("--prune/--no-prune", default=True, show_default=True,
              help="Remove cables whose files are gone from the given folders.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Parser processes (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as a JSON object.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-file skip lines.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False), default=None,
              help="People aliases (TOML) to merge or suppress names; kept in the index as people.toml.")
@click.option("--hidden", is_flag=True,
              help="Also read hidden files and folders (names starting with '.'), left out by default.")
def index(paths, index_dir, rebuild, check, prune, workers, as_json, quiet, aliases, hidden):
    """Index the cables in PATHS (files or folders, walked recursively).

    With --check, index nothing: verify every file of the index instead.
    """
    if check:
        if paths or rebuild or aliases:
            raise click.UsageError("--check verifies the index only: give it no PATHS, --rebuild or --aliases")
        _check(index_dir, as_json)
        return
    if not paths:
        raise click.UsageError("Missing argument 'PATHS...'.")
    report = api.build_index(paths, index_dir, rebuild=rebuild, prune=prune, workers=workers,
                             progress=None if quiet else _progress_printer(), aliases=aliases, hidden=hidden)
    if as_json:
        click.echo(dumps(report.to_dict()))
        return
    if not quiet:
        for skip in report.skipped:
            click.echo(f"skipped: {printable(skip.path)}: {_one_line(skip.reason)}", err=True)
    click.echo(f"indexed {report.index}: {report.added} added, {report.updated} updated, {report.removed} removed, "
               f"{report.unchanged} unchanged, {len(report.skipped)} skipped"
               + (f", {report.hidden} hidden (--hidden reads them)" if report.hidden else "")
               + f" in {report.elapsed:.1f}s")


def _check(index_dir: str | None, as_json: bool) -> None:
    """`index --check`: the report (every damaged file on stdout, or --json), then exit 1 with
    the one-line error when a file is damaged."""
    report = api.check_index(index_dir)
    if as_json:
        click.echo(dumps(report.to_dict()))
    else:
        for damage in report.damage:
            click.echo(f"damaged: {printable(damage.file)}: {_one_line(damage.problem)}")
        for note in report.notes:
            click.echo(f"note: {_one_line(note)}", err=True)
        click.echo(_one_line(report.summary()))
    error = report.error()
    if error is not None:
        raise error


@cli.command(epilog="Fields: " + "; ".join(
    f"{f.name}:" + (f" ({', '.join(a + ':' for a in f.aliases)})" if f.aliases else "") for f in FIELDS))
@click.argument("query", required=False, default="")
@index_option
@click.option("--facet", "facets", multiple=True,
              help=f"Count values of this field over all hits (repeatable): {', '.join(FACETS)}.")
@click.option("--facet-size", type=click.IntRange(0, None), default=10, show_default=True)
@click.option("--limit", type=click.IntRange(0, None), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0, None), default=0, show_default=True)
@click.option("--all", "all_hits", is_flag=True, help="Every hit (streamed; no cap).")
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default="relevance", show_default=True)
@click.option("--paragraphs", is_flag=True, help="Search and return paragraphs instead of cables.")
@click.option("--from", "from_", metavar="DATE", help="Only cables dated on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--to", metavar="DATE", help="Only cables dated on or before DATE.")
@click.option("--all-versions", is_flag=True, help="List each copy of a cable instead of collapsing them.")
@click.option("--json", "fmt", flag_value="json", help="One JSON object with hits and facets.")
@click.option("--nl", "fmt", flag_value="nl", help="One JSON hit per line.")
@click.option("--csv", "fmt", flag_value="csv", help="One CSV row per hit.")
def search(query, index_dir, facets, facet_size, limit, offset, all_hits, sort, paragraphs, from_, to,
           all_versions, fmt):
    """Search the index. QUERY uses the syntax in README (words, "phrases", AND/OR/NOT, field:value, date:…)."""
    opts = dict(sort=sort, paragraphs=paragraphs, from_=from_, to=to, all_versions=all_versions)
    with api.CableIndex.open(index_dir) as ix:
        if all_hits:  # one run of the query, each hit built as it is written
            results, hits = ix.stream(query, facets=facets, facet_size=facet_size, offset=offset, **opts)
        else:
            results = ix.search(query, facets=facets, facet_size=facet_size, limit=limit, offset=offset, **opts)
            hits = iter(results.hits)
        out = sys.stdout  # click.get_text_stream is deprecated in click 8.5
        shown = 0
        if fmt == "json":
            write_results_json(results.to_dict(), (h.to_dict() for h in hits), out)
        elif fmt == "nl":
            write_ndjson((h.to_dict() for h in hits), out)
        elif fmt == "csv":
            w = csv.writer(out)
            w.writerow(CSV_COLUMNS)
            for h in hits:
                w.writerow(hit_csv_row(h.to_dict()))
        else:
            colour = out.isatty() and not os.environ.get("NO_COLOR")
            for h in hits:
                for line in hit_text_lines(h.to_dict(), colour):
                    click.echo(line)
                click.echo("")
                shown += 1
            line = f"{results.total} {'paragraphs' if paragraphs else 'cables'} match"
            if shown:
                line += f"; showing {results.offset + 1}–{results.offset + shown}"
            elif results.total:
                line += f"; none shown at --offset {results.offset}"
            click.echo(line)
            if results.suggestion:
                click.echo(f"did you mean: {results.suggestion}")
            for name, facet in results.facets.items():
                click.echo("")
                for line in facet_text_lines(name, facet.to_dict()):
                    click.echo(line)


@cli.command()
@click.argument("cable_id")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
def show(cable_id, index_dir, as_json):
    """Show one cable's whole record, from the index alone."""
    with api.CableIndex.open(index_dir) as ix:
        cable = ix.get(cable_id)
    if as_json:
        click.echo(dumps(cable.to_dict()))
    else:
        for line in cable_text_lines(cable):
            click.echo(line)


@cli.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats(index_dir, as_json):
    """Counts, date range, top facet values and size of the index."""
    with api.CableIndex.open(index_dir) as ix:
        st = ix.stats()
    if as_json:
        click.echo(dumps(st))
        return
    click.echo(f"index:       {st['index']}")
    click.echo(f"cables:      {st['cables']} ({st['distinct_ids']} distinct ids)")
    click.echo(f"paragraphs:  {st['paragraphs']}")
    click.echo(f"files:       {st['files']}")
    click.echo(f"dates:       {st['date_from']} to {st['date_to']}")
    click.echo(f"size:        {st['size_bytes'] / 1e6:.1f} MB")
    for name, facet in st["facets"].items():
        click.echo("")
        for line in facet_text_lines(name, facet):
            click.echo(line)


def _emit(data: Any, as_json: bool, text_lines: Callable[[Any], Iterable[str]]) -> None:
    """`--json`: the data as one JSON document; otherwise its text rendering."""
    if as_json:
        click.echo(dumps(data))
        return
    for line in text_lines(data):
        click.echo(line)


@cli.command()
@click.argument("pattern", required=False)
@index_option
@click.option("--all", "everything", is_flag=True, help="Also list dictionary codes no indexed cable carries.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def tags(pattern, index_dir, everything, as_json):
    """List TAGS codes with kind, meaning and how many cables carry them.

    PATTERN keeps codes whose code, meaning or country contains it (`narc`,
    `"human rights"`, `russia`) or that match it as a glob (`K*`).
    """
    with api.CableIndex.open(index_dir) as ix:
        rows = [t.to_dict() for t in ix.tags(pattern, everything=everything)]
    if as_json:
        click.echo(dumps(rows))
        return
    for line in tag_text_lines(rows):
        click.echo(line)
    click.echo(f"{len(rows)} codes")


@cli.command()
@click.argument("cable_id")
@index_option
@click.option("--depth", type=click.IntRange(0, 50), default=1, show_default=True,
              help="Steps to follow in each direction.")
@click.option("--json", "as_json", is_flag=True, help="Print the graph as a JSON tree.")
def refs(cable_id, index_dir, depth, as_json):
    """What a cable cites (its REF lines) and what cites it, to --depth steps."""
    with api.CableIndex.open(index_dir) as ix:
        root = ix.refs(cable_id, depth=depth).to_dict()
    _emit(root, as_json, refs_text_lines)


@cli.command()
@click.argument("cable_id")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per copy.")
def versions(cable_id, index_dir, as_json):
    """Every indexed copy of a cable: source, format, date read, completeness."""
    with api.CableIndex.open(index_dir) as ix:
        rows = [v.to_dict() for v in ix.copies(cable_id)]
    _emit(rows, as_json, version_text_lines)


@cli.command()
@click.argument("cable_id")
@index_option
@click.option("--from", "from_", metavar="SOURCE", help="The first copy: its number in `versions`, or its path "
              "(or a unique part of it, its format or collection). Default: copy 1.")
@click.option("--to", metavar="SOURCE", help="The second copy (default: the first other copy).")
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
def diff(cable_id, index_dir, from_, to, as_json):
    """Compare two copies of a cable paragraph by paragraph: withheld, redacted, changed text and markings."""
    with api.CableIndex.open(index_dir) as ix:
        d = ix.diff(cable_id, from_=from_, to=to).to_dict()
    _emit(d, as_json, diff_text_lines)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="cablesearch")
