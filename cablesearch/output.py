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


def write_results_json(head: dict[str, Any], hits: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """`Results.to_dict()` as one JSON object, with the hits streamed into it (`search --all --json`)."""
    out.write("{")
    for n, (key, value) in enumerate(head.items()):
        out.write(f"{', ' if n else ''}{dumps(key)}: ")
        if key == "hits":
            out.write("[")
            for i, hit in enumerate(hits):
                out.write((", " if i else "") + dumps(hit))
            out.write("]")
        else:
            out.write(dumps(value))
    out.write("}\n")


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


# -- search results -------------------------------------------------------------
CSV_COLUMNS = ("id", "date", "classification", "origin", "station", "subject", "tags", "paragraph", "marking",
               "score", "versions", "source", "snippet")


def csv_safe(value: Any) -> str:
    """Make a cell inert for spreadsheets: formulas start with = + - @ (or tab/CR)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def hit_csv_row(hit: dict[str, Any]) -> list[str]:
    snippet = hit["snippets"][0]["text"] if hit.get("snippets") else ""
    row = [hit.get("id"), hit.get("date"), hit.get("classification"), hit.get("origin"), hit.get("station"),
           hit.get("subject"), " ".join(hit.get("tags") or ()), hit.get("paragraph"), hit.get("marking"),
           hit.get("score"), hit.get("versions"), (hit.get("source") or {}).get("path"), snippet]
    return [csv_safe(v) for v in row]


def _styled(text: str, spans: Any, colour: bool) -> str:
    if not colour or not spans:
        return text
    out, last = [], 0
    for a, b in spans:
        out.append(text[last:a])
        out.append(f"\x1b[1;33m{text[a:b]}\x1b[0m")
        last = b
    out.append(text[last:])
    return "".join(out)


def hit_text_lines(hit: dict[str, Any], colour: bool = False) -> Iterator[str]:
    """One block per hit: id, date, classification, origin, subject, then snippets."""
    bold = (lambda s: f"\x1b[1m{s}\x1b[0m") if colour else (lambda s: s)
    date = (hit.get("date") or "")[:10] or "(no date)"
    where = f" ¶{hit['paragraph']}" if hit.get("paragraph") else ""
    mark = f" ({hit['marking']})" if hit.get("marking") else ""
    versions = f"  [{hit['versions']} copies]" if hit.get("versions", 1) > 1 else ""
    yield bold(f"{hit.get('id') or '(no id)'}{where}{mark}") + f"  {date}  {hit.get('classification') or '?'}  " \
        f"{hit.get('origin') or ''}{versions}"
    yield f"  {hit.get('subject') or '(no subject)'}"
    for sn in hit.get("snippets") or ():
        label = f"¶{sn['paragraph']}" if sn.get("paragraph") else "¶-"
        if sn.get("marking"):
            label += f" ({sn['marking']})"
        yield f"    {label} " + _styled(sn["text"], sn.get("highlights"), colour)


def facet_text_lines(name: str, facet: dict[str, Any]) -> Iterator[str]:
    yield f"{name}:" + ("  (more values not shown)" if facet.get("truncated") else "")
    for v in facet["values"]:
        mark = " *" if v.get("selected") else ""
        yield f"  {v['count']:>7}  {v['value']}{mark}"


def cable_text_lines(cable: Cable) -> Iterator[str]:
    """`show`: the whole record, header fields then each paragraph."""
    d = cable.to_dict()
    yield f"id:             {d['id']}"
    for key in ("date", "precedence", "origin", "station", "classification"):
        yield f"{key + ':':16}{d[key] or ''}"
    yield f"caveats:        {' '.join(d['caveats'])}"
    yield "to:             " + "; ".join(r["name"] for r in d["recipients"])
    if d["info"]:
        yield "info:           " + "; ".join(r["name"] for r in d["info"])
    if d["declassification"]:
        yield f"declassify:     {d['declassification']['order'] or ''} {d['declassification']['text'] or ''}"
    if d["classified_by"]:
        c = d["classified_by"]
        yield f"classified by:  {c['title'] or ''} {c['name'] or ''} {' '.join(c['reasons'])}".rstrip()
    yield f"tags:           {' '.join(d['tags'])}"
    yield f"subject:        {d['subject'] or ''}"
    if d["references"]:
        yield f"references:     {' '.join(d['references'])}"
    if d["people"]:
        yield f"people:         {'; '.join(d['people'])}"
    if d["signed_by"]:
        yield f"signed by:      {' '.join(d['signed_by'])}"
    if d["foia"]:
        f = d["foia"]
        yield f"foia:           {f['status'] or ''} {' '.join(f['exemptions'])} case {f['case_id'] or '?'}"
    if d["aliases"]:
        yield f"aliases:        {' '.join(d['aliases'])}"
    yield f"source:         {d['source']['path']} ({d['source']['format']})"
    yield ""
    for p in d["paragraphs"]:
        head = f"¶{p['number']}" if p["number"] else "¶-"
        if p["marking"]:
            head += f" ({p['marking']})"
        if p["withheld"]:
            head += f" [withheld: {', '.join(p['withheld'])}]"
        yield f"{head} {p['text']}"
        yield ""
