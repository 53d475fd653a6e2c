"""Rendering for the CLI: text for people, JSON / NDJSON for scripts.

Kept apart from the commands so every command formats the same record the
same way, and `--json` is always exactly the records' `to_dict()`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from cablesearch.model import Cable


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def write_json_array(items: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """Stream a JSON array without holding every record in memory."""
    out.write("[")
    first = True
    for item in items:
        out.write("\n" if first else ",\n")
        out.write(json.dumps(item, ensure_ascii=False, indent=None))
        first = False
    out.write("\n]\n" if not first else "]\n")


def write_ndjson(items: Iterable[dict[str, Any]], out: IO[str]) -> None:
    for item in items:
        out.write(dumps(item) + "\n")


def cable_summary_lines(cable: Cable) -> Iterator[str]:
    """A few lines per cable for a person checking what the parser saw."""
    caveats = ("//" + "//".join(cable.caveats)) if cable.caveats else ""
    yield f"{cable.id or '(no id)'}  {cable.date or '(no date)'}  {cable.classification or '?'}{caveats}  " \
          f"{cable.origin or ''}"
    yield f"  subject: {cable.subject or '(none)'}"
    if cable.tags:
        yield f"  tags: {' '.join(cable.tags)}"
    if cable.references:
        yield f"  references: {' '.join(cable.references)}"
    marks = sorted({p.marking for p in cable.paragraphs if p.marking})
    yield f"  paragraphs: {len(cable.paragraphs)}" + (f"  markings: {' '.join(marks)}" if marks else "") \
        + (f"  signed: {' '.join(cable.signed_by)}" if cable.signed_by else "")
    yield f"  source: {cable.source.path} ({cable.source.format})"
    for w in cable.warnings:
        yield f"  warning: {w}"
