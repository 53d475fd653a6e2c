"""Whoosh and Tantivy side by side on one corpus: build time, index size, and the speed.py query set.

    python benchmarks/engines.py CORPUS WORK                      # build both engines' indexes in WORK, then query
    python benchmarks/engines.py CORPUS WORK --whoosh-index DIR   # reuse a Whoosh index of CORPUS
    python benchmarks/engines.py CORPUS WORK --queries-only       # the indexes WORK already holds

For each engine: a build from nothing (wall time, cables/s, index size, peak RSS of this
process and of its largest child), then each query of `speed.QUERIES` warm, `--runs` times,
plain and with speed.py's 4 facets: p50/p95 per engine and the ratio Tantivy / Whoosh. A
search is what the CLI shows: total + top 10 (+ facets). A benchmark, never a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from speed import FACETS, QUERIES, _dir_size, _timed  # noqa: E402

ENGINES = ("whoosh", "tantivy")


def build(corpus: Path, index: Path, engine: str) -> dict:
    """Build in a process of its own, so each engine's peak RSS is its own."""
    code = ("import json, resource, sys, time; from cablesearch import build_index; t = time.perf_counter(); "
            "r = build_index([sys.argv[1]], sys.argv[2], engine=sys.argv[3], rebuild=True); "
            "s = time.perf_counter() - t; "
            "print(json.dumps({'s': round(s, 1), 'cables': r.cables_indexed, 'cables_per_s': round(r.cables_indexed / s, 1), "
            "'peak_rss_main_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "
            "'peak_rss_largest_child_mib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}))")
    out = subprocess.run([sys.executable, "-c", code, str(corpus), str(index), engine], capture_output=True,
                         text=True, check=True, cwd=HERE.parent)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["index_mb"] = round(_dir_size(index) / 1e6, 1)
    return result


def queries(index: Path, runs: int) -> list[dict]:
    from cablesearch import CableIndex

    rows = []
    with CableIndex.open(index) as ix:
        for kind, q, scope, _spec, _words in QUERIES:
            for facets in (False, True):
                fs = FACETS if facets else ()
                para = scope == "paragraphs"
                total = ix.search(q, facets=fs, paragraphs=para).total
                rows.append({"kind": kind + (" + 4 facets" if facets else ""), "query": q, "total": total,
                             **_timed(lambda: ix.search(q, facets=fs, paragraphs=para), runs)})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("work", type=Path)
    ap.add_argument("--whoosh-index", type=Path, help="an existing Whoosh index of CORPUS (not rebuilt)")
    ap.add_argument("--queries-only", action="store_true")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    out: dict = {"machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
                            f"load average {load[0]:.1f} at start", "corpus": str(args.corpus), "engines": {}}
    for engine in ENGINES:
        index = args.whoosh_index if engine == "whoosh" and args.whoosh_index else args.work / f"index-{engine}"
        entry: dict = {"index": str(index)}
        if not args.queries_only and not (engine == "whoosh" and args.whoosh_index):
            entry["build"] = build(args.corpus, index, engine)
            print(f"{engine}: built {entry['build']}", file=sys.stderr)
        else:
            entry["index_mb"] = round(_dir_size(index) / 1e6, 1)
        entry["queries"] = queries(index, args.runs)
        out["engines"][engine] = entry
        print(f"{engine}: queried", file=sys.stderr)
    if args.json:
        print(json.dumps(out, indent=1))
    _print(out)
    return 0


def _print(out: dict) -> None:
    print(out["machine"])
    for engine, entry in out["engines"].items():
        b = entry.get("build")
        if b:
            print(f"{engine}: build {b['s']} s ({b['cables_per_s']} cables/s), index {b['index_mb']} MB, peak RSS "
                  f"{b['peak_rss_main_mib']} MiB main + {b['peak_rss_largest_child_mib']} MiB largest child")
        else:
            print(f"{engine}: index {entry['index_mb']} MB (not rebuilt here)")
    w, t = (out["engines"][e]["queries"] for e in ENGINES)
    print(f"{'query':32} {'hits':>7} {'whoosh p50':>10} {'p95':>8} {'tantivy p50':>11} {'p95':>8} {'t/w p50':>8}")
    for a, b in zip(w, t):
        mark = "" if a["total"] == b["total"] else f"  (tantivy: {b['total']} hits)"
        print(f"{a['kind']:32} {a['total']:>7} {a['p50_ms']:>10} {a['p95_ms']:>8} {b['p50_ms']:>11} {b['p95_ms']:>8} "
              f"{b['p50_ms'] / max(a['p50_ms'], 1e-3):>8.2f}{mark}")


if __name__ == "__main__":
    raise SystemExit(main())
