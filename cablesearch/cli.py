"""The command line: thin click commands over `cablesearch.api`.

This is the one place where errors become exit codes (see `errors.py`):
0 success (also zero hits), 1 runtime error, 2 bad option or bad query,
130 interrupted. Set CABLESEARCH_TRACEBACK=1 to see the stack instead.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click

from cablesearch import api, web
from cablesearch.errors import CablesearchError
from cablesearch.fields import FACETS, FIELDS
from cablesearch.model import Skip
from cablesearch.terminal import ProgressLine, is_tty, page, plural, width, wrap
from cablesearch.output import (CSV_COLUMNS, cable_summary_lines, cable_text_lines, diff_text_lines, dumps,
                                facet_text_lines, hit_csv_row, printable, refs_text_lines, results_text_lines,
                                tag_text_lines, version_text_lines, write_json_array, write_ndjson,
                                write_results_json)


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
    click.echo(f"{plural(counts['cables'], 'cable')} parsed, {counts['skipped']} skipped", err=True)


def index_option(f):
    """`--index DIR` on every command: default $CABLESEARCH_INDEX, else the per-user data folder."""
    return click.option("--index", "index_dir", type=click.Path(file_okay=False), default=None,
                        help="Index folder (default: $CABLESEARCH_INDEX, else ~/.local/share/cablesearch/index).")(f)


def _progress_line() -> ProgressLine | None:
    """The build's progress as one line on stderr, only when stderr is a terminal."""
    return ProgressLine(sys.stderr) if is_tty(sys.stderr) else None


@cli.command(short_help="Index the cables in files and folders (only what changed).")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@index_option
@click.option("--rebuild", is_flag=True, help="Start over: build a fresh index and swap it in when done.")
@click.option("--check", is_flag=True,
              help="Verify every file of the index (no PATHS): say which is damaged and how; exit 1 if one is.")
@click.option("--prune/--no-prune", default=True, show_default=True,
              help="Remove cables whose files are gone from the given folders.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Parser processes (default: all cores); with --cluster, the writer processes Whoosh uses "
                   "here for big files.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as a JSON object.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-file skip lines.")
@click.option("--aliases", type=click.Path(exists=True, dir_okay=False), default=None,
              help="People aliases (TOML) to merge or suppress names; kept in the index as people.toml.")
@click.option("--hidden", is_flag=True,
              help="Also read hidden files and folders (names starting with '.'), left out by default.")
@click.option("--engine", type=click.Choice(api.ENGINES), default=None,
              help="Search engine of a new index (default: whoosh; tantivy needs the [tantivy] extra). "
                   "Chosen once, at creation; --rebuild changes it.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default=None,
              help="OCR PDF pages: auto (those without a usable text layer; the default, else "
                   "$CABLESEARCH_OCR), always, never.")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Read and parse the files on a Dask cluster: a scheduler (tcp://host:8786) or local:N "
                   "(N worker processes here); needs the [cluster] extra. This process plans and commits; "
                   "with Whoosh the workers write the index too (--index on storage they share).")
def index(paths, index_dir, rebuild, check, prune, workers, as_json, quiet, aliases, hidden, engine, ocr, cluster):
    """Index the cables in PATHS (files or folders, walked recursively).

    With --check, index nothing: verify every file of the index instead.
    """
    if check:
        if paths or rebuild or aliases or cluster:
            raise click.UsageError("--check verifies the index only: give it no PATHS, --rebuild, --aliases "
                                   "or --cluster")
        _check(index_dir, as_json)
        return
    if not paths:
        raise click.UsageError("Missing argument 'PATHS...'.")
    before = os.environ.get("CABLESEARCH_OCR")
    if ocr:
        os.environ["CABLESEARCH_OCR"] = ocr  # the readers and their worker processes take it from there
    try:
        report = api.build_index(paths, index_dir, rebuild=rebuild, prune=prune, workers=workers,
                                 on_progress=None if quiet else _progress_line(), aliases=aliases, hidden=hidden,
                                 engine=engine, cluster=cluster)
    finally:
        if ocr and before is None:
            os.environ.pop("CABLESEARCH_OCR", None)
        elif ocr:
            os.environ["CABLESEARCH_OCR"] = before
    if as_json:
        click.echo(dumps(report.to_dict()))
        return
    if not quiet:
        for skip in report.skipped:
            click.echo(f"skipped: {printable(skip.path)}: {_one_line(skip.reason)}", err=True)
    click.echo(f"indexed {report.index}: {report.added} added, {report.updated} updated, {report.removed} removed, "
               f"{report.unchanged} unchanged, {len(report.skipped)} skipped"
               + (f", {report.hidden} hidden (--hidden reads them)" if report.hidden else "")
               + (f", {report.retried} skipped before read again" if report.retried else "")
               + (f", {plural(report.ocr_cables, 'cable')} read by OCR" if report.ocr_cables else "")
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


#: Shown by `search --help` (tested on the sample cables): shell-quoted arguments, and what they do.
SEARCH_EXAMPLES = (
    ("'negroponte OR \"merida initiative\"'", "either a word or a phrase"),
    ("'tags:SNAR date:2007..2009'", "a TAGS code within a date range"),
    ("'people:calderon AND NOT station:STATE'", "a person, leaving out one post"),
    ("'\"nuclear program\"' --paragraphs", "paragraphs, each with its marking"),
    ("'kidnap*' --facet year --sort date", "a prefix, counted by year, oldest first"),
)
#: Help is laid out for 80 columns (it is built once, before a terminal is known), less the
#: two columns click indents an epilog by.
HELP_WIDTH = 76


def _search_epilog() -> str:
    """The fields (from the registry), the facet names and examples, each block's lines kept
    as laid out here (click's `\\b`)."""
    lines = ["\b", "Fields, [aliases]:"]
    for f in FIELDS:
        name = f.name + (f" [{', '.join(f.aliases)}]" if f.aliases else "")
        if len(name) > 21:  # the name on a line of its own
            lines.append(f"  {name}")
        lines += wrap(f.help, HELP_WIDTH, " " * 24, first=f"  {name:<22}" if len(name) <= 21 else None)
    lines += ["", "\b", "Facets (--facet NAME):", *wrap(", ".join(FACETS), HELP_WIDTH, "  "), "", "\b", "Examples:"]
    for query, what in SEARCH_EXAMPLES:
        lines += [f"  cablesearch search {query}", f"      {what}"]
    lines += ["", "The query language in full: README, \"Query syntax (cheat-sheet)\"."]
    return "\n".join(lines)


@cli.command(epilog=_search_epilog(), short_help="Search the index: words, phrases, fields, dates, facets.")
@click.argument("query", required=False, default="")
@index_option
@click.option("--facet", "facets", multiple=True,
              help=f"Count values of this field over all hits (repeatable): {', '.join(FACETS)}.")
@click.option("--facet-size", type=click.IntRange(0, None), default=10, show_default=True,
              help="Values listed per facet (the selected ones are always listed too).")
@click.option("--facet-sort", type=click.Choice(["count", "value"]), default=None,
              help="List facet values by count (most first) or by value. Default: by value for year and "
                   "month (time order), by count for the others.")
@click.option("--limit", type=click.IntRange(0, None), default=10, show_default=True,
              help="Hits to show; 0 shows the total and the facets alone.")
@click.option("--offset", type=click.IntRange(0, None), default=0, show_default=True,
              help="Hits to skip first: the next page is --offset 10.")
@click.option("--all", "all_hits", is_flag=True, help="Every hit (streamed; no cap).")
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default=None,
              help="relevance: best match first; date: oldest first; -date: newest first. "
                   "Default: relevance, or date for a query of filters only (tags:PGOV year:2008).")
@click.option("--paragraphs", is_flag=True, help="Search and return paragraphs instead of cables.")
@click.option("--from", "from_", metavar="DATE", help="Only cables dated on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--to", metavar="DATE", help="Only cables dated on or before DATE.")
@click.option("--all-versions", is_flag=True, help="List each copy of a cable instead of collapsing them.")
@click.option("--json", "fmt", flag_value="json", help="One JSON object with hits and facets.")
@click.option("--nl", "fmt", flag_value="nl", help="One JSON hit per line.")
@click.option("--csv", "fmt", flag_value="csv", help="One CSV row per hit.")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Highlight matched words: auto = when writing to a terminal and $NO_COLOR is unset.")
@click.option("--timeout", type=click.FloatRange(0, None), default=0, metavar="SECONDS",
              help="Stop a search that runs longer (exit 2); with --all, the time before the first hit. "
                   "Default 0: no limit.")
@click.option("--full", is_flag=True, help="In a terminal, whole snippets (else three lines a hit at most).")
@click.option("--pager/--no-pager", default=True, show_default=True,
              help="In a terminal, show output longer than the screen in $PAGER (default: less -FRX).")
def search(query, index_dir, facets, facet_size, facet_sort, limit, offset, all_hits, sort, paragraphs, from_, to,
           all_versions, fmt, color, timeout, full, pager):
    """Search the index for QUERY: words, "phrases", AND/OR/NOT, field:value, date:2007..2009,
    wildcards (kidnap*) and fuzzy words (negroponte~1). An empty QUERY matches every cable."""
    opts = dict(sort=sort, paragraphs=paragraphs, from_=from_, to=to, all_versions=all_versions, timeout=timeout,
                facet_sort=facet_sort)
    with api.CableIndex.open(index_dir) as ix:
        if all_hits:  # one run of the query, each hit built as it is written
            results, hits = ix.stream(query, facets=facets, facet_size=facet_size, offset=offset, **opts)
        else:
            results = ix.search(query, facets=facets, facet_size=facet_size, limit=limit, offset=offset, **opts)
            hits = iter(results.hits)
        out = sys.stdout  # click.get_text_stream is deprecated in click 8.5
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
            tty = is_tty(out)
            colour = color == "always" or (color == "auto" and tty and not os.environ.get("NO_COLOR"))
            lines = results_text_lines(results, hits, colour=colour, columns=width() if tty else None, full=full)
            if tty and pager:
                page(lines, out)
            else:
                for line in lines:
                    click.echo(line, color=colour)  # click would strip the colour off a pipe


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


@cli.command(short_help="List TAGS codes with their meaning and how many cables carry them.")
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
    click.echo(plural(len(rows), "code"))


@cli.command(short_help="What a cable cites (its REF lines) and what cites it.")
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


@cli.command(short_help="List every indexed copy of a cable.")
@click.argument("cable_id")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per copy.")
def versions(cable_id, index_dir, as_json):
    """Every indexed copy of a cable: source, format, date read, completeness."""
    with api.CableIndex.open(index_dir) as ix:
        rows = [v.to_dict() for v in ix.copies(cable_id)]
    _emit(rows, as_json, version_text_lines)


@cli.command(short_help="Compare two copies of a cable, paragraph by paragraph.")
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


@cli.command()
@index_option
@click.option("--host", default=web.DEFAULT_HOST, show_default=True,
              help="Address to listen on; anything but 127.0.0.1/localhost shows the collection to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=web.DEFAULT_PORT, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
def serve(index_dir, host, port, open_browser):
    """Serve a local, read-only web page over the index.

    Search with facets and a timeline, read cables, follow their references, compare copies;
    a JSON API answers with the --json shapes. Needs the web extra: pip install 'cablesearch[web]'.
    """
    web.serve(index_dir, host=host, port=port, open_browser=open_browser, echo=lambda line: click.echo(line, err=True))


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="cablesearch")
