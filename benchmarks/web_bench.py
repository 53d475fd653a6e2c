"""Server time of the web page's search pages (`cablesearch serve`) on an index.

    python benchmarks/web_bench.py INDEX                  # e.g. an index of 50,000 SYNTHETIC cables
    python benchmarks/web_bench.py INDEX --runs 50 --json
    python benchmarks/web_bench.py INDEX --write-results    # the table into benchmarks/RESULTS.md

The application is called in this process as uvicorn calls it (ASGI, no network, no
browser): the time of one request is from the call until the last byte of the page is
sent -- the search, the facet links, the timeline and the template -- with the index kept
open across requests, as the server keeps it. Each page of PAGES (what a person does on the
page: the landing page, words, a phrase, a facet value clicked, a timeline bar, paragraph
scope, a later page, a sort) is requested once to warm up (`first`: cold), then in each of
`--runs` rounds twice: `new`, with the searcher's kept facet counts dropped first, as for a
query not seen before (the index's columns and filter sets warm), and `again`, the same page
once more, as when paging through a query or re-sorting it (`Searcher._counts`). p50 and p95
are printed per page and over all pages, in milliseconds, of the wall time and of this
process's CPU time (on a machine shared with other work the wall time counts their turns
too). A benchmark, never a test: nothing here asserts a time.

A 50,000-cable corpus: `python benchmarks/synthetic.py DIR --count 50000 --seed 1`, then
`cablesearch index DIR --index INDEX` (several minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import results_md  # noqa: E402

#: (name, path) of the pages timed: what a reader clicks through.
PAGES = [
    ("landing page (every cable)", "/"),
    ("word", "/search?q=police"),
    ("two words", "/search?q=police+reform"),
    ("phrase", "/search?q=%22human+rights%22"),
    ("word + facet value", "/search?q=police+tags%3APGOV"),
    ("two facet values", "/search?q=police+tags%3APGOV+classification%3ASECRET"),
    ("filters only", "/search?q=tags%3APGOV+date%3A2000..2008"),
    ("timeline bar (a year)", "/search?q=police&from=2006&to=2006"),
    ("paragraph scope", "/search?q=police&scope=paragraphs"),
    ("page 3", "/search?q=police&offset=40"),
    ("sort by date", "/search?q=election&sort=-date"),
    ("NOT", "/search?q=election+NOT+tags%3APGOV"),
    ("wildcard", "/search?q=narco%2A"),
]


async def _get(app, path: str) -> tuple[int, int]:
    """One GET through the ASGI app: (status, body bytes)."""
    parts = urlsplit(path)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": parts.path, "raw_path": parts.path.encode(),
             "query_string": parts.query.encode(), "root_path": "", "headers": [(b"host", b"127.0.0.1:8642")],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8642)}
    status, size = 0, 0
    sent = False

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.sleep(3600)

    async def send(message):
        nonlocal status, size
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            size += len(message.get("body", b""))

    await app(scope, receive, send)
    return status, size


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def _row(values: list[float]) -> tuple[float, float]:
    return round(statistics.median(values), 1), round(percentile(values, 95), 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("index", help="an index folder")
    ap.add_argument("--runs", type=int, default=30, help="rounds over every page after the warm-up (default 30)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--write-results", action="store_true", help="put the table into benchmarks/RESULTS.md")
    ap.add_argument("--note", default="", help="a line for RESULTS.md: what the index is, what else ran")
    args = ap.parse_args(argv)

    from cablesearch import CableIndex
    from cablesearch.web import create_app

    loop = asyncio.new_event_loop()
    modes = ("new", "kept")
    wall: dict[tuple[str, str], list[float]] = {(m, name): [] for m in modes for name, _ in PAGES}
    cpu: dict[tuple[str, str], list[float]] = {(m, name): [] for m in modes for name, _ in PAGES}
    first: dict[str, float] = {}
    with CableIndex.open(args.index) as ix:
        cables = ix.stats()["cables"]
        app = create_app(ix)
        for name, path in PAGES:  # warm-up: the first use of each column and docset
            t = time.perf_counter()
            status, _ = loop.run_until_complete(_get(app, path))
            first[name] = (time.perf_counter() - t) * 1000
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
        for _ in range(args.runs):
            for name, path in PAGES:
                ix._search_state()._counted.clear()  # "new": a query whose facets are counted afresh
                for mode in modes:  # "kept": the same page again (another page of it, another order)
                    t, c = time.perf_counter(), time.process_time()
                    loop.run_until_complete(_get(app, path))
                    wall[mode, name].append((time.perf_counter() - t) * 1000)
                    cpu[mode, name].append((time.process_time() - c) * 1000)
    loop.close()

    rows = []
    for name, path in PAGES:
        row: dict = {"page": name, "path": path, "first_ms": round(first[name], 1)}
        for mode in modes:
            row[f"{mode}_p50_ms"], row[f"{mode}_p95_ms"] = _row(wall[mode, name])
            row[f"{mode}_cpu_p50_ms"], row[f"{mode}_cpu_p95_ms"] = _row(cpu[mode, name])
        rows.append(row)
    summary: dict = {"index": str(args.index), "cables": cables, "runs": args.runs, "machine": results_md.machine(),
                     "command": results_md.command_line(), "checkout": results_md.checkout(ROOT), "pages": rows}
    for mode in modes:
        every = [x for (m, _), xs in wall.items() if m == mode for x in xs]
        every_cpu = [x for (m, _), xs in cpu.items() if m == mode for x in xs]
        summary[f"{mode}_p50_ms"], summary[f"{mode}_p95_ms"] = _row(every)
        summary[f"{mode}_cpu_p50_ms"], summary[f"{mode}_cpu_p95_ms"] = _row(every_cpu)
    table = _table(summary)
    if args.write_results:
        body = (f"- Machine: {summary['machine']}\n- Command: `{summary['command']}`\n"
                f"- Code: {summary['checkout']}\n- Index: {args.index} ({cables:,} cables)\n"
                + (f"- Note: {args.note}\n" if args.note else "") + f"\n{table}")
        where = results_md.write_section(f"web_bench.py {cables}", f"Web page: server time of search pages, "
                                         f"{cables:,} cables", body)
        print(f"wrote {where}", file=sys.stderr)
    print(json.dumps(summary, indent=1) if args.json else table)
    return 0


def _table(summary: dict) -> str:
    """The results as a Markdown table (ms): wall and CPU time, new queries and pages seen before."""
    lines = ["| page | first | new p50 | new p95 | new CPU p50 | new CPU p95 | again p50 | again p95 | "
             "again CPU p95 |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in summary["pages"] + [{"page": "**all search pages**", "first_ms": None,
                                  **{k: v for k, v in summary.items() if k.startswith(("new_", "kept_"))}}]:
        first = f"{r['first_ms']:.1f}" if r["first_ms"] is not None else ""
        lines.append(f"| {r['page']} | {first} | {r['new_p50_ms']:.1f} | {r['new_p95_ms']:.1f} | "
                     f"{r['new_cpu_p50_ms']:.1f} | {r['new_cpu_p95_ms']:.1f} | {r['kept_p50_ms']:.1f} | "
                     f"{r['kept_p95_ms']:.1f} | {r['kept_cpu_p95_ms']:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
