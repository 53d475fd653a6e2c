"""The command line: thin click commands over `cablesearch.api`.

This is the one place where errors become exit codes (see `errors.py`):
0 success (also zero hits), 1 runtime error, 2 bad option or bad query,
130 interrupted. Set CABLESEARCH_TRACEBACK=1 to see the stack instead.
"""

from __future__ import annotations

import os
import sys

import click

from cablesearch import api
from cablesearch.errors import CablesearchError
from cablesearch.model import Cable, Skip
from cablesearch.output import cable_summary_lines, write_json_array, write_ndjson


class CablesearchGroup(click.Group):
    """A click group that turns every error into one line and an exit code."""

    def main(self, *args, **kwargs):  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo("interrupted", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except CablesearchError as exc:
            if os.environ.get("CABLESEARCH_TRACEBACK"):
                raise
            click.echo(f"cablesearch: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)
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
                    click.echo(f"skipped: {item.path}: {item.reason}", err=True)
                    continue
                counts["cables"] += 1
                yield item

    out = click.get_text_stream("stdout")
    if fmt == "json":
        write_json_array((c.to_dict(raw=raw) for c in records()), out)
    elif fmt == "nl":
        write_ndjson((c.to_dict(raw=raw) for c in records()), out)
    else:
        for cable in records():
            for line in cable_summary_lines(cable):
                click.echo(line)
    click.echo(f"{counts['cables']} cables parsed, {counts['skipped']} skipped", err=True)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="cablesearch")
