"""Cluster builds (`index --cluster`): cables/s locally and on a Dask cluster, and what would limit
a bigger one.

    python benchmarks/cluster_bench.py WORK --count 50000              # both engines, local and local:2
    python benchmarks/cluster_bench.py WORK --count 10000 --write-results
    python benchmarks/cluster_bench.py WORK --cluster tcp://host:8786  # a real cluster (shared WORK)

WORK gets a SYNTHETIC corpus of `--count` cables (`synthetic.py`, made once) and the indexes.
For each engine: a build from nothing in this machine's processes, then one with `--cluster`
(its time includes starting a `local:N` cluster), each in a process of its own: wall time and
cables/s. Then the per-cable costs a scaling estimate rests on, measured in one process on
`--sample` of the files: reading + parsing, decoding a batch's compact record, writing with each
engine's writer (one process; Tantivy's writer threads counted by CPU time), and a Whoosh
manifest document. On a cluster, Whoosh's workers read, parse and write their parts of the
index (`indexing/parts.py`) and the coordinator writes one manifest document a file;
Tantivy's workers read and parse, and the coordinator decodes and writes every cable.
The estimate for `--machines` x `--cores` is the least of: the workers (every core but the
coordinator's), the coordinator, and the shared storage's bandwidth (`--storage-mbps`) over the
bytes each cable moves through it (its source; with Whoosh also its share of the index the
workers write). With Whoosh, the commit then reads the whole index once to seal it: a tail
of seconds given per million cables. A benchmark, never a test.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

ENGINES = ("whoosh", "tantivy")
#: What can bound a cluster build, in words.
LIMITS = {"workers": "the workers", "coordinator": "the coordinator", "storage": "shared storage"}


def build(corpus: Path, index: Path, engine: str, cluster: str | None) -> dict:
    """One build from nothing, in a process of its own: seconds and cables/s."""
    shutil.rmtree(index, ignore_errors=True)
    code = ("import json, sys, time; from cablesearch import build_index; t = time.perf_counter(); "
            "r = build_index([sys.argv[1]], sys.argv[2], engine=sys.argv[3], cluster=sys.argv[4] or None); "
            "s = time.perf_counter() - t; "
            "print(json.dumps({'s': round(s, 1), 'cables': r.cables_indexed, "
            "'cables_per_s': round(r.cables_indexed / s, 1)}))")
    out = subprocess.run([sys.executable, "-c", code, str(corpus), str(index), engine, cluster or ""],
                         capture_output=True, text=True, check=True, cwd=HERE.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def costs(corpus: Path, work: Path, n: int) -> dict:
    """Per-cable costs on `n` files, in this process: parse CPU, decode CPU, write CPU per engine,
    source bytes and compact-record bytes per cable."""
    from cablesearch.engine import create_engine
    from cablesearch.indexing.cluster import COMPRESSION
    from cablesearch.indexing.files import read_batch

    files = sorted(str(p) for p in corpus.rglob("*.txt"))[:n]
    jobs = [(f, str(corpus), os.path.getsize(f), os.path.getmtime(f)) for f in files]
    read_batch(jobs[:20])  # the parser's modules and tables loaded
    t = time.process_time()
    results = read_batch(jobs)
    parse = time.process_time() - t
    cables = sum(len(r.cables) for r in results)
    blob = zlib.compress(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL), COMPRESSION)
    t = time.process_time()
    pickle.loads(zlib.decompress(blob))
    decode = time.process_time() - t
    # What the coordinator does per file when Whoosh's workers write the cables: a file's summary
    # decoded, its manifest document written.
    from cablesearch.indexing.files import FileResult

    summaries = zlib.compress(pickle.dumps([FileResult(r.src, r.size, r.mtime, r.sha1, [], r.skips, len(r.cables),
                                                       0, written=True) for r in results]), COMPRESSION)
    t = time.process_time()
    pickle.loads(zlib.decompress(summaries))
    summary = time.process_time() - t
    folder = work / "write-manifest"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    eng = create_engine(folder, "whoosh")
    with eng.lock(10):
        writer, _ = eng.writer(files=1, workers=1)
        t = time.process_time()
        for r in results:
            writer.add_file({"src": r.src, "size": r.size, "mtime": r.mtime, "sha1": r.sha1,
                             "ncables": len(r.cables), "read_at": "2026-12-08T00:00:00Z"})
        writer.commit()
        manifest = time.process_time() - t
    eng.close()
    shutil.rmtree(folder, ignore_errors=True)
    out = {"sample_cables": cables, "parse_ms": 1000 * parse / cables, "decode_ms": 1000 * decode / cables,
           "summary_ms": 1000 * summary / cables, "manifest_whoosh_ms": 1000 * manifest / cables,
           "source_kb": sum(j[2] for j in jobs) / cables / 1000, "record_kb": len(blob) / cables / 1000}
    for engine in ENGINES:
        folder = work / f"write-{engine}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        eng = create_engine(folder, engine)
        with eng.lock(10):
            writer, _ = eng.writer(files=1, workers=1)  # one writer in this process
            t, w, th = time.process_time(), time.perf_counter(), time.thread_time()
            for r in results:
                for i, cable in enumerate(r.cables):
                    writer.add_cable(cable, f"{r.src}#{i}", r.src)
            add, add_cpu = time.perf_counter() - w, time.thread_time() - th
            writer.commit()
            cpu, wall = time.process_time() - t, time.perf_counter() - w
        eng.close()
        out[f"write_{engine}_ms"] = 1000 * cpu / cables  # CPU, every thread, commit included
        out[f"write_{engine}_wall_ms"] = 1000 * wall / cables  # wall, commit included
        out[f"add_{engine}_ms"] = 1000 * add_cpu / cables  # CPU of this thread adding (Python, and what
        # the library does in the caller's thread): a machine shared with other work inflates wall times
        out[f"commit_{engine}_s"] = wall - add
        out[f"index_{engine}_kb"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / cables / 1000
        shutil.rmtree(folder, ignore_errors=True)
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def estimate(c: dict, machines: int, cores: int, storage_mbps: float) -> dict:
    """Cables/s on `machines` x `cores`, by engine: the least of the workers, the coordinator and
    the shared storage (see the module's docstring); with Whoosh also the commit's sealing tail."""
    worker_cores = machines * cores - cores  # the coordinator's machine writes
    out = {}
    for engine in ENGINES:
        if engine == "whoosh":
            # Workers: read, parse and write (one segment writer each). Coordinator: a summary
            # decoded and a manifest document written a file (one cable a file here).
            workers = worker_cores * 1000 / (c["parse_ms"] + c["write_whoosh_ms"])
            coordinator = 1000 / (c["summary_ms"] + c["manifest_whoosh_ms"])
            moved_kb = c["source_kb"] + c["index_whoosh_kb"]
        else:
            # Workers: read and parse. Coordinator: one IndexWriter whose threads share its cores,
            # fed by one Python thread decoding records and making documents.
            workers = worker_cores * 1000 / c["parse_ms"]
            coordinator = 1000 / max(c["add_tantivy_ms"] + c["decode_ms"], c["write_tantivy_ms"] / cores)
            moved_kb = c["source_kb"]
        limits = {"workers": workers, "coordinator": coordinator, "storage": storage_mbps * 1000 / moved_kb}
        bound = min(limits, key=limits.get)
        out[engine] = {"cables_per_s": round(limits[bound]), "limited_by": LIMITS[bound],
                       **{k: round(v) for k, v in limits.items()},
                       "seal_s_per_million": round(c["index_whoosh_kb"] * 1000 / storage_mbps)
                       if engine == "whoosh" else 0}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("work", type=Path)
    ap.add_argument("--count", type=int, default=50_000)
    ap.add_argument("--cluster", default="local:2")
    ap.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    ap.add_argument("--sample", type=int, default=2000, help="files the per-cable costs are measured on")
    ap.add_argument("--machines", type=int, default=8)
    ap.add_argument("--cores", type=int, default=16)
    ap.add_argument("--storage-mbps", type=float, default=110.0,
                    help="shared storage's read bandwidth, MB/s (110: NFS over 1 Gb Ethernet)")
    ap.add_argument("--skip-builds", action="store_true", help="only the per-cable costs and the estimate")
    ap.add_argument("--write-results", action="store_true")
    args = ap.parse_args(argv)
    from results_md import machine
    from synthetic import write_corpus

    at_start = machine()  # its load average is the one before the builds
    corpus = args.work / f"synthetic-{args.count}"
    if not corpus.exists():
        write_corpus(corpus, args.count)
    builds = {}
    if not args.skip_builds:
        for engine in args.engines:
            for where in ("local", args.cluster):
                builds[f"{engine} {where}"] = row = build(corpus, args.work / f"ix-{engine}", engine,
                                                          None if where == "local" else where)
                print(f"{engine:8} {where:22} {row['s']:8.1f} s {row['cables_per_s']:8.1f} cables/s", flush=True)
    c = costs(corpus, args.work, args.sample)
    print(json.dumps(c))
    est = estimate(c, args.machines, args.cores, args.storage_mbps)
    print(json.dumps(est))
    if args.write_results:
        _write(args, builds, c, est, at_start)
    return 0


def _write(args: argparse.Namespace, builds: dict, c: dict, est: dict, at_start: str) -> None:
    from results_md import command_line, write_section

    lines = [f"Machine: {at_start}. Command: `{command_line()}`.", "",
             f"Builds from nothing of {args.count:,} SYNTHETIC cables, each in a process of its own "
             f"(the `{args.cluster}` build's time includes starting its cluster):", "",
             "| engine | where | s | cables/s |", "|---|---|--:|--:|"]
    for key, row in builds.items():
        engine, where = key.split(" ", 1)
        lines.append(f"| {engine} | {where} | {row['s']:.1f} | {row['cables_per_s']:.1f} |")
    lines += ["", f"Per-cable costs, one process, {c['sample_cables']:,} cables: reading + parsing "
              f"{c['parse_ms']:.2f} ms CPU; decoding the compact record {c['decode_ms']:.3f} ms (a file's summary "
              f"alone: {c['summary_ms']:.3f} ms); writing with Whoosh (one segment writer) "
              f"{c['write_whoosh_ms']:.2f} ms CPU, a manifest document {c['manifest_whoosh_ms']:.3f} ms; with Tantivy "
              f"{c['add_tantivy_ms']:.2f} ms CPU of adding in the Python thread and "
              f"{c['write_tantivy_ms']:.2f} ms CPU in all (its threads and commit counted); source "
              f"{c['source_kb']:.1f} KB, compact record {c['record_kb']:.1f} KB, Whoosh index "
              f"{c['index_whoosh_kb']:.1f} KB a cable.", "",
              f"Estimate for {args.machines} machines x {args.cores} cores (one of them the coordinator's), "
              f"shared storage at {args.storage_mbps:g} MB/s. Workers: Whoosh's read, parse and write their parts; "
              f"Tantivy's read and parse. Coordinator: with Whoosh a manifest document a file, with Tantivy "
              f"every cable written. Storage: the sources read (and Whoosh's index written) over it:", "",
              "| engine | cables/s | limited by | workers | coordinator | shared storage | seal tail, s per million |",
              "|---|--:|---|--:|--:|--:|--:|"]
    for engine, e in est.items():
        lines.append(f"| {engine} | {e['cables_per_s']:,} | {e['limited_by']} | {e['workers']:,} | "
                     f"{e['coordinator']:,} | {e['storage']:,} | {e['seal_s_per_million']:,} |")
    write_section(f"cluster_bench.py {args.count}", f"Cluster builds, {args.count:,} SYNTHETIC cables",
                  "\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
