"""Measure index builds: time, cables/s, index size, peak memory, re-run time, query latency.

    python benchmarks/index_bench.py ../shared/corpus          # the real corpus (archives unpacked to a temp dir)
    python benchmarks/index_bench.py --synthetic 251287         # a Cablegate-sized SYNTHETIC corpus

What each number means:
  build        wall time of `build_index` from nothing (reading, parsing in
               worker processes, writing, the final merge and commit)
  cables/s     cables indexed / build time
  size         bytes of the finished index folder
  peak RSS     the largest resident set of this (writer) process, from
               getrusage (Linux: KiB -> MiB); parser workers hold one file at
               a time and are not counted (they are forkserver children)
  re-run       a second `build_index` over the same folder: only stat() and
               the manifest lookup, nothing re-parsed
  queries      median wall time of a few typical searches with facets, on
               a warm searcher (the speed issue has the full query benchmark)

Speed is a benchmark, never a test: numbers depend on the machine, which is
printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from cablesearch import CableIndex, build_index  # noqa: E402

QUERIES = [("police reform", ("tags", "year")), ("tags:PGOV AND date:2006..2008", ("origin", "classification")),
           ('"human rights"', ("tags",)), ("classification:SECRET", ("station", "year"))]


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _maxrss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def prepare(paths: list[Path], synthetic: int | None, work: Path) -> list[Path]:
    """The folders to index: archives unpacked, or a synthetic corpus written."""
    if synthetic:
        from synthetic import write_corpus

        out = work / "synthetic"
        t0 = time.perf_counter()
        size = write_corpus(out, synthetic)
        print(f"wrote {synthetic:,} SYNTHETIC cables ({size / 1e6:.0f} MB) in {time.perf_counter() - t0:.0f} s")
        return [out]
    from corpus_report import unpack_archives

    roots = []
    for p in paths:
        unpacked = work / "unpacked" / p.name
        unpacked.mkdir(parents=True, exist_ok=True)
        unpack_archives(p, unpacked)
        roots += [p, unpacked]
    return roots


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--synthetic", type=int, metavar="N", help="index N synthetic cables instead")
    ap.add_argument("--workers", type=int, default=None, help="parser processes (default: all cores)")
    ap.add_argument("--keep", type=Path, help="keep the index here instead of a temp dir")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)
    if not args.paths and not args.synthetic:
        ap.error("give a corpus folder or --synthetic N")

    work = Path(tempfile.mkdtemp(prefix="cablesearch-bench-"))
    try:
        roots = prepare(args.paths, args.synthetic, work)
        index_dir = args.keep or work / "index"
        if index_dir.exists():
            shutil.rmtree(index_dir)
        t0 = time.perf_counter()
        report = build_index(roots, index_dir, workers=args.workers)
        build_s = time.perf_counter() - t0
        size = _dir_size(index_dir)
        t0 = time.perf_counter()
        again = build_index(roots, index_dir, workers=args.workers)
        rerun_s = time.perf_counter() - t0
        latencies = {}
        with CableIndex.open(index_dir) as ix:
            for q, facets in QUERIES:
                ix.search(q, facets=facets)  # warm the searcher and caches
                times = []
                for _ in range(5):
                    t = time.perf_counter()
                    res = ix.search(q, facets=facets)
                    times.append(time.perf_counter() - t)
                latencies[q] = {"ms": round(statistics.median(times) * 1000, 1), "total": res.total}
            stats = ix.stats()
        figures = {
            "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
            "workers": args.workers or os.cpu_count(),
            "files_read": report.files_read, "cables": report.cables_indexed, "skipped": len(report.skipped),
            "paragraphs": stats["paragraphs"], "distinct_ids": stats["distinct_ids"],
            "build_s": round(build_s, 1), "cables_per_s": round(report.cables_indexed / build_s, 1),
            "index_mb": round(size / 1e6, 1),
            "peak_rss_writer_mib": round(_maxrss_mib(resource.RUSAGE_SELF), 0),
            "rerun_s": round(rerun_s, 2), "rerun_files_read": again.files_read,
            "queries": latencies,
        }
        if args.json:
            print(json.dumps(figures, indent=1))
        else:
            for key, value in figures.items():
                print(f"{key:22} {value}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
