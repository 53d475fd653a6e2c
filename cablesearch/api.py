"""The Python API: the same operations as the CLI, without click.

Scripts call these; the CLI is a thin face over them, so nothing a command can
do is out of reach from Python.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cablesearch.errors import ParseError
from cablesearch.index import CableIndex, IndexReport, build_index, default_index_dir
from cablesearch.model import Cable, Skip, Source

__all__ = ["CableIndex", "IndexReport", "ParseReport", "build_index", "default_index_dir", "iter_parse",
           "open_index", "parse_cable", "parse_path", "search"]


def parse_cable(text: str, *, source: Source | None = None, metadata: dict[str, Any] | None = None) -> Cable:
    """Parse one cable's text. Raises ParseError only when the text is not a cable at all.
    (The parser's modules load on first use, so a search does not load them.)"""
    from cablesearch.parse import parse_cable as parse

    return parse(text, source=source, metadata=metadata)


def open_index(path: str | os.PathLike[str] | None = None) -> CableIndex:
    """Open an existing index (default: $CABLESEARCH_INDEX or the per-user folder)."""
    return CableIndex.open(path)


def search(index_path: str | os.PathLike[str] | None, query: str, **kwargs):
    """One call: open the index, search, close. Keyword arguments as `CableIndex.search`."""
    with CableIndex.open(index_path) as ix:
        return ix.search(query, **kwargs)


@dataclass
class ParseReport:
    """Cables parsed from a path, and every file or record that yielded none."""

    cables: list[Cable] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


def iter_parse(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> Iterator[Cable | Skip]:
    """Stream parsed cables (and Skips) from a file or folder; never raises for bad input."""
    from cablesearch.parse import parse_raw
    from cablesearch.read import read_path

    for item in read_path(path, root):
        if isinstance(item, Skip):
            yield item
            continue
        try:
            yield parse_raw(item)
        except ParseError as exc:
            yield Skip(item.source.path or str(path), str(exc))


def parse_path(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> ParseReport:
    """Parse every cable under a path (file or folder) into a ParseReport."""
    report = ParseReport()
    for item in iter_parse(path, root):
        (report.skipped if isinstance(item, Skip) else report.cables).append(item)
    return report
