"""Server time of the web page's search pages (`cablesearch serve`) on an index.

    python benchmarks/web_bench.py INDEX                  # e.g. an index of 50,000 SYNTHETIC cables
    python benchmarks/web_bench.py INDEX --runs 50 --json

The application is called in this process as uvicorn calls it (ASGI, no network, no
browser): the time of one request is from the call until the last byte of the page is
sent -- the search, the facet links, the timeline and the template -- with the index kept
open across requests, as the server keeps it. Each page of PAGES (what a person does on the
page: the landing page, words, a phrase, a facet value clicked, a timeline bar, paragraph
scope, a later page, a sort) is requested once to warm up, then `--runs` times, interleaved;
p50 and p95 per page and over all of them are printed (milliseconds), of the wall time and of
this process's CPU time (the wall time on a machine shared with other work counts their turns
too). The server keeps each query's facet counts for its next page or sort (`Searcher._counts`):
by default they are dropped before every timed request, so each counts as a new query would
(with the index's columns and filter sets warm); `--kept` times the pages seen before instead.
`first` is each page's first request, cold. A benchmark, never a
test: nothing here asserts a time.

A 50,000-cable corpus: `python benchmarks/synthetic.py DIR --count 50000 --seed 1`, then
`cablesearch index DIR --index INDEX` (several minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("index", help="an index folder")
    ap.add_argument("--runs", type=int, default=30, help="requests per page after the warm-up one (default 30)")
    ap.add_argument("--json", action="store_true", help="print the table as JSON")
    ap.add_argument("--kept", action="store_true",
                    help="time pages seen before (the facet counts kept: paging, re-sorting); default: "
                         "every request counts its facets and timeline again, as a new query does")
    args = ap.parse_args(argv)

    from cablesearch import CableIndex
    from cablesearch.web import create_app

    loop = asyncio.new_event_loop()
    with CableIndex.open(args.index) as ix:
        stats = ix.stats()
        app = create_app(ix)
        times: dict[str, list[float]] = {name: [] for name, _ in PAGES}
        cpu: dict[str, list[float]] = {name: [] for name, _ in PAGES}
        first: dict[str, float] = {}
        for name, path in PAGES:  # warm-up: the first use of each column and docset
            t = time.perf_counter()
            status, size = loop.run_until_complete(_get(app, path))
            first[name] = (time.perf_counter() - t) * 1000
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
        for _ in range(args.runs):
            for name, path in PAGES:
                if not args.kept:
                    ix._search_state()._counted.clear()  # each request a query not seen before
                t, c = time.perf_counter(), time.process_time()
                loop.run_until_complete(_get(app, path))
                times[name].append((time.perf_counter() - t) * 1000)
                cpu[name].append((time.process_time() - c) * 1000)
    loop.close()

    every = [x for xs in times.values() for x in xs]
    every_cpu = [x for xs in cpu.values() for x in xs]
    rows = [{"page": name, "path": path, "first_ms": round(first[name], 1),
             "p50_ms": round(statistics.median(times[name]), 1), "p95_ms": round(percentile(times[name], 95), 1),
             "cpu_p50_ms": round(statistics.median(cpu[name]), 1), "cpu_p95_ms": round(percentile(cpu[name], 95), 1)}
            for name, path in PAGES]
    summary = {"index": str(args.index), "cables": stats["cables"], "runs": args.runs, "kept": args.kept,
               "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
               "all_p50_ms": round(statistics.median(every), 1), "all_p95_ms": round(percentile(every, 95), 1),
               "all_cpu_p50_ms": round(statistics.median(every_cpu), 1),
               "all_cpu_p95_ms": round(percentile(every_cpu, 95), 1), "pages": rows}
    if args.json:
        print(json.dumps(summary, indent=1))
        return 0
    print(f"{summary['cables']:,} cables in {args.index}; {args.runs} requests per page "
          f"({'pages seen before' if args.kept else 'each a new query'}); {summary['machine']}")
    print(f"{'page':32} {'first':>8} {'p50':>8} {'p95':>8} {'cpu p50':>8} {'cpu p95':>8}   (ms; server time, "
          "and this process's CPU time, which other processes on the machine do not inflate)")
    for r in rows:
        print(f"{r['page']:32} {r['first_ms']:8.1f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['cpu_p50_ms']:8.1f} "
              f"{r['cpu_p95_ms']:8.1f}")
    print(f"{'all search pages':32} {'':8} {summary['all_p50_ms']:8.1f} {summary['all_p95_ms']:8.1f} "
          f"{summary['all_cpu_p50_ms']:8.1f} {summary['all_cpu_p95_ms']:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
