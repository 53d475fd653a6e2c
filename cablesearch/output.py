"""Rendering for the CLI: text for people, JSON / NDJSON for scripts.

Kept apart from the commands so every command formats the same record the
same way, and `--json` is always exactly the records' `to_dict()`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from cablesearch.model import Cable, Source
from cablesearch.terminal import plural, wrap


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
    yield f"  source: {printable(cable.source.label)} ({cable.source.format})"
    for w in cable.warnings:
        yield f"  warning: {w}"


# -- search results -------------------------------------------------------------
#: Appended to, never reordered: scripts read these columns by position.
CSV_COLUMNS = ("id", "date", "classification", "origin", "station", "subject", "tags", "paragraph", "marking",
               "score", "versions", "source", "snippet", "people", "caveats", "references")


#: Characters a terminal or a spreadsheet acts on: C0 and C1 controls (ESC starts terminal
#: sequences), DEL, the bidi overrides and isolates (they reorder what follows), and the lone
#: surrogates a file name that is not UTF-8 decodes to.
_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: What a spreadsheet may read as the start of a formula (the fullwidth forms too).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _escape(m: re.Match[str]) -> str:
    c = m.group(0)
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def printable(text: Any, *, keep: str = "") -> str:
    """`text` safe to print: every control, bidi and lone-surrogate character written as its
    escape (`\\x1b`, `\\u202e`), except those in `keep` (a snippet's line breaks)."""
    text = "" if text is None else str(text)
    return _UNSAFE_RE.sub(lambda m: m.group(0) if m.group(0) in keep else _escape(m), text)


def csv_safe(value: Any) -> str:
    """Make a cell inert for spreadsheets and terminals: controls and bidi characters escaped
    (line breaks, CR and tabs inside kept), and a cell that could start a formula (= + - @, a tab,
    CR or LF, or their fullwidth forms) prefixed with `'`."""
    text = printable(value, keep="\n\t\r")
    if text[:1] in _FORMULA_STARTS:
        return "'" + text
    return text


def source_label(source: dict[str, Any] | None) -> str:
    """A `source` object as listings show it: its path and place in the file (`Source.label`)."""
    return Source.from_dict(source).label


def hit_csv_row(hit: dict[str, Any]) -> list[str]:
    snippet = hit["snippets"][0]["text"] if hit.get("snippets") else ""
    row = [hit.get("id"), hit.get("date"), hit.get("classification"), hit.get("origin"), hit.get("station"),
           hit.get("subject"), " ".join(hit.get("tags") or ()), hit.get("paragraph"), hit.get("marking"),
           hit.get("score"), hit.get("versions"), source_label(hit.get("source")), snippet,
           "; ".join(hit.get("people") or ()), " ".join(hit.get("caveats") or ()),
           " ".join(hit.get("references") or ())]
    return [csv_safe(v) for v in row]


#: Around a highlighted span while text is wrapped (private-use characters, never in a cable's
#: text after `printable`): replaced by the colour codes, or dropped, once lines are cut.
_HL_ON, _HL_OFF = "\ue000", "\ue001"
#: Snippet lines per hit in a terminal, unless --full.
SNIPPET_LINES = 3


def _marked(text: str, spans: Any) -> str:
    """`text` with each highlighted span between `_HL_ON` and `_HL_OFF`."""
    out, last = [], 0
    for a, b in spans or ():
        out += [text[last:a], _HL_ON, text[a:b], _HL_OFF]
        last = b
    out.append(text[last:])
    return "".join(out)


def _unmark(line: str, colour: bool) -> str:
    if colour:
        return line.replace(_HL_ON, "\x1b[1;33m").replace(_HL_OFF, "\x1b[0m")
    return line.replace(_HL_ON, "").replace(_HL_OFF, "")


def _balanced(lines: list[str]) -> list[str]:
    """Each line closes the highlight it opens, and reopens one a wrap cut."""
    out, open_ = [], False
    for line in lines:
        if open_:
            line = line[:len(line) - len(line.lstrip())] + _HL_ON + line.lstrip()
        open_ = line.rfind(_HL_ON) > line.rfind(_HL_OFF)
        out.append(line + _HL_OFF if open_ else line)
    return out


def hit_text_lines(hit: dict[str, Any], colour: bool = False, columns: int | None = None,
                   full: bool = False) -> Iterator[str]:
    """One block per hit: id, date, classification, origin, subject, then snippets.

    With `columns` (a terminal's width) the subject and snippets are wrapped to it with a
    hanging indent, and the snippets take at most `SNIPPET_LINES` lines in all (`full`: every
    line); without, each is one line, as scripts reading the text have always had it."""
    bold = (lambda s: f"\x1b[1m{s}\x1b[0m") if colour else (lambda s: s)
    date = (hit.get("date") or "")[:10] or "(no date)"
    where = f" ¶{hit['paragraph']}" if hit.get("paragraph") else ""
    mark = f" ({hit['marking']})" if hit.get("marking") else ""
    versions = f"  [{hit['versions']} copies]" if hit.get("versions", 1) > 1 else ""
    yield bold(f"{hit.get('id') or '(no id)'}{where}{mark}") + f"  {date}  {hit.get('classification') or '?'}  " \
        f"{hit.get('origin') or ''}{versions}"
    subject = hit.get("subject") or "(no subject)"
    if columns is None:
        yield f"  {subject}"
    else:
        yield from wrap(subject, columns, "  ")
    budget = None if full or columns is None else SNIPPET_LINES
    for sn in hit.get("snippets") or ():
        label = f"¶{sn['paragraph']}" if sn.get("paragraph") else "¶-"
        if sn.get("marking"):
            label += f" ({sn['marking']})"
        text = _marked(sn["text"], sn.get("highlights"))
        if columns is None:
            yield _unmark(f"    {label} {text}", colour)
            continue
        if budget is not None and budget <= 0:
            break
        lines = _balanced(wrap(text, columns, " " * 6, first=f"    {label} ", max_lines=budget))
        if budget is not None:
            budget -= len(lines)
        for line in lines:
            yield _unmark(line, colour)


def results_text_lines(results: Any, hits: Iterable[Any], *, colour: bool = False, columns: int | None = None,
                       full: bool = False) -> Iterator[str]:
    """`search`'s text: the hits, then the total (and a did-you-mean), then the facets.

    With `columns` (a terminal) the total and the query's reading come first, where a
    person sees them before the hits scroll away, and hits are wrapped (`hit_text_lines`);
    without, the layout scripts have always read."""
    noun = "paragraph" if results.scope == "paragraphs" else "cable"
    total = plural(results.total, noun) + (" matches" if results.total == 1 else " match")
    shown = 0
    if columns is not None:
        yield total + (f"  (read as: {results.reading})" if results.reading not in ("", results.query) else "")
        if results.suggestion:
            yield f"did you mean: {results.suggestion}"
        yield ""
    for hit in hits:
        yield from hit_text_lines(hit.to_dict(), colour, columns, full)
        yield ""
        shown += 1
    line = total
    if shown:
        line += f"; showing {results.offset + 1}–{results.offset + shown}"
    elif results.total and results.limit != 0:  # --limit 0 asks for the total alone
        line += f"; none shown at --offset {results.offset}"
    if columns is None or shown:
        yield line
    if columns is None and results.suggestion:
        yield f"did you mean: {results.suggestion}"
    for name, facet in results.facets.items():
        yield ""
        yield from facet_text_lines(name, facet.to_dict())


def facet_text_lines(name: str, facet: dict[str, Any]) -> Iterator[str]:
    yield f"{name}:" + ("  (more values not shown)" if facet.get("truncated") else "")
    for v in facet["values"]:
        mark = " *" if v.get("selected") else ""
        label = f" — {v['label']}" if v.get("label") else ""
        yield f"  {v['count']:>7}  {v['value']}{label}{mark}"


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
    if d.get("country"):
        yield f"country:        {'; '.join(d['country'])}"
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
    yield f"source:         {printable(cable.source.label)} ({d['source']['format']})"
    if cable.source.abspath:
        yield f"file:           {printable(cable.source.abspath)}"
    yield ""
    for p in d["paragraphs"]:
        head = f"¶{p['number']}" if p["number"] else "¶-"
        if p["marking"]:
            head += f" ({p['marking']})"
        if p["withheld"]:
            head += f" [withheld: {', '.join(p['withheld'])}]"
        yield f"{head} {p['text']}"
        yield ""


def tag_text_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """`tags`: count, code, kind, meaning (and a geographic code's country when it differs)."""
    for r in rows:
        meaning = r.get("meaning") or "(meaning unknown)"
        if r.get("history"):  # a code whose meaning changed: each meaning with its years, newest first
            meaning = "; ".join(f"{e['meaning']} ({e['years']})" for e in reversed(r["history"]))
        if r.get("country") and r["country"] != r.get("meaning"):
            meaning += f" [{r['country']}]"
        yield f"{r['count']:>7}  {r['code']:<12} {r['kind']:<12} {meaning}"


def _ref_line(node: dict[str, Any]) -> str:
    date = (node.get("date") or "")[:10] or "(no date)"
    if not node.get("in_index"):
        return f"{node['id']}  (not in the index)"
    seen = "  (shown above)" if node.get("seen") else ""
    return f"{node['id']}  {date}  {node.get('subject') or '(no subject)'}{seen}"


def refs_text_lines(root: dict[str, Any]) -> Iterator[str]:
    """`refs`: the cable, then an indented tree of what it cites and of what cites it."""
    yield _ref_line(root)
    for direction, title in (("cites", "cites"), ("cited_by", "cited by")):
        nodes = root.get(direction) or []
        yield f"{title}:" + ("" if nodes else " nothing in the index" if direction == "cited_by" else " no REF")
        stack = [(n, 1) for n in reversed(nodes)]
        while stack:
            node, level = stack.pop()
            yield "  " * level + _ref_line(node)
            stack.extend((n, level + 1) for n in reversed(node.get(direction) or []))


def version_text_lines(versions: Iterable[dict[str, Any]]) -> Iterator[str]:
    """`versions`: one block per copy."""
    for v in versions:
        src = v["source"]
        yield f"{v['n']}: {printable(source_label(src))}  ({v.get('format') or '?'}; {v.get('collection') or '?'})"
        extra = []
        if v.get("withheld_paragraphs"):
            extra.append(f"{v['withheld_paragraphs']} withheld")
        if v.get("redactions"):
            extra.append(f"{v['redactions']} redaction marks")
        if v.get("foia_status"):
            extra.append(v["foia_status"].lower())
        yield (f"   dated {(v.get('date') or '')[:16] or '?'}  {v.get('classification') or '?'}  "
               f"{v['paragraphs']} paragraphs" + (f" ({', '.join(extra)})" if extra else "")
               + f"  read {v.get('read_at') or '?'}")


def _wdiff(edit: dict[str, Any]) -> str:
    old = f"[-{edit['from']}-]" if edit["from"] else ""
    new = f"{{+{edit['to']}+}}" if edit["to"] else ""
    before = f"…{edit['context_before']} " if edit["context_before"] else ""
    after = f" {edit['context_after']}…" if edit["context_after"] else ""
    note = f"   (redacted in {edit['redacted_in']})" if edit.get("redacted_in") else ""
    return f"{before}{old}{new}{after}{note}"


def diff_text_lines(d: dict[str, Any]) -> Iterator[str]:
    """`diff`: which copies, changed header fields, then each paragraph that differs."""
    yield f"{d['id']}: from {d['from']['n']}: {printable(source_label(d['from']['source']))}"
    yield f"{' ' * len(d['id'])}    to {d['to']['n']}: {printable(source_label(d['to']['source']))}"
    for f in d["fields"]:
        yield f"{f['field']}: {f['from']!r} -> {f['to']!r}"
    for p in d["paragraphs"]:
        if p["status"] == "same":
            continue
        position = p["from_index"] if p["from_index"] is not None else p["to_index"]
        label = f"¶{p['number']}" if p["number"] else f"¶- (#{position + 1})"  # unnumbered: its place
        mark = p["marking"]
        if p["status"] == "only_in_from":
            yield f"{label} only in from: {_clip(p['from_text'])}"
            continue
        if p["status"] == "only_in_to":
            yield f"{label} only in to: {_clip(p['to_text'])}"
            continue
        notes = []
        if p["withheld_in"]:
            w = p["withheld"]
            codes = f"{', '.join(w['from']) or '-'} -> {', '.join(w['to']) or '-'}"
            notes.append(f"withheld in {p['withheld_in']} ({codes})")
        if p["marking_changed"]:
            notes.append(f"marking {mark['from'] or '-'} -> {mark['to'] or '-'}")
        if p["redacted_in"]:
            notes.append("redacted in " + " and ".join(p["redacted_in"]))
        if p["edits"]:
            notes.append(f"{len(p['edits'])} edit{'s' if len(p['edits']) != 1 else ''}")
        yield f"{label} {p['status']}: {'; '.join(notes)}"
        for e in p["edits"]:
            yield f"    {_wdiff(e)}"
    s = d["summary"]
    yield (f"{s['same']} same, {s['changed']} changed, {s['withheld']} withheld, {s['redacted']} with redactions, "
           f"{s['only_in_from']} only in from, {s['only_in_to']} only in to"
           + ("; the copies are identical" if d["identical"] else ""))


def _clip(text: str | None, n: int = 160) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[:n - 1] + "…"
