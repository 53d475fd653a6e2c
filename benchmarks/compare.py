"""Query speed of two checkouts, before and after, interleaved in one run.

    python benchmarks/compare.py build CHECKOUT CORPUS INDEX [--write-results]
    python benchmarks/compare.py queries A_CHECKOUT:A_INDEX B_CHECKOUT:B_INDEX [--runs 20] [--rounds 20]
                                 [--json] [--json-out FILE] [--write-results]

For example, at 50,000 synthetic cables (seed 1) against the code as it was at b4a1f19:

    python benchmarks/synthetic.py /tmp/bench/corpus50k --count 50000 --seed 1
    git worktree add /tmp/bench/before b4a1f19
    python benchmarks/compare.py build /tmp/bench/before /tmp/bench/corpus50k /tmp/bench/idx-before
    python benchmarks/compare.py build . /tmp/bench/corpus50k /tmp/bench/idx-after
    python benchmarks/compare.py queries /tmp/bench/before:/tmp/bench/idx-before .:/tmp/bench/idx-after

`build` indexes CORPUS from nothing with CHECKOUT's code, in a process of its own (that
checkout first on sys.path and PYTHONPATH, so Whoosh's writer processes run it too), and
records wall time, cables/s, index size and peak RSS as `speed.py` does, in INDEX.build.json
beside the index. The index format may differ between two checkouts (a schema version bump),
so each checkout gets its own index of the SAME corpus.

`queries` starts one long-lived worker per checkout: it puts that checkout first on sys.path,
opens its index once (`CableIndex.open`) and times `speed.py`'s query set (QUERIES, each plain
and + 4 facets) the way `speed.py` does: warm, a search = total + top 10 (+ facets). The parent
alternates the two: in each round every row is timed --runs times in A and then in B (B first
on every other row and round), so machine noise lands on both alike; p50/p95 are over all
rounds. Short rounds interleave finer: on a shared 2-core machine, 200 runs x 4 rounds moved
a row's B/A p50 by up to 50 % from one run to the next, 20 x 20 by about 10 %.

First each row is run once in both, and a different total or different scores in the top 10
are flagged: the two indexes must hold the same cables for the times to compare (cables of
equal score may differ: ties go by docnum, which each build assigns in its own order). It
prints p50/p95 per row for A and B and the ratios B/A, and marks rows where B is slower than
A by more than --tolerance. B/A CPU p50 is the same over the worker's CPU time per search
(`time.process_time`), which other work on the machine moves less than wall time.

Only the public API is used (`cablesearch.CableIndex`, `cablesearch.build_index`), so any two
checkouts that have it can be compared. This is a benchmark, never a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import results_md  # noqa: E402
import speed  # noqa: E402  (QUERIES, FACETS, the timing code; it imports no cablesearch at import time)

ROWS = [(i, facets) for i in range(len(speed.QUERIES)) for facets in (False, True)]


def _label(i: int, facets: bool) -> str:
    return speed.QUERIES[i][0] + (" + 4 facets" if facets else "")


def _env(checkout: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(checkout), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _import_checkout(checkout: Path):
    """`cablesearch` from `checkout`, never another copy (e.g. one installed in editable mode)."""
    sys.path.insert(0, str(checkout))
    for name in [m for m in sys.modules if m == "cablesearch" or m.startswith("cablesearch.")]:
        del sys.modules[name]
    import cablesearch

    where = Path(cablesearch.__file__).resolve()
    if checkout.resolve() not in where.parents:
        raise SystemExit(f"imported cablesearch from {where}, not from {checkout}")
    return cablesearch


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- build ---------------------------------------------------------------------------
def _build_worker(checkout: Path, corpus: Path, index: Path) -> None:
    cablesearch = _import_checkout(checkout)
    t0 = time.perf_counter()
    report = cablesearch.build_index([corpus], index)
    s = time.perf_counter() - t0
    print(json.dumps({
        "module": cablesearch.__file__, "s": round(s, 1), "cables": report.cables_indexed,
        "files_read": report.files_read, "skipped": len(report.skipped),
        "cables_per_s": round(report.cables_indexed / s, 1), "index_mb": round(_dir_size(index) / 1e6, 1),
        "peak_rss_main_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_largest_child_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}))


def build(args: argparse.Namespace) -> int:
    checkout, corpus, index = args.checkout.resolve(), args.corpus.resolve(), args.index.resolve()
    if index.exists() and any(index.iterdir()):
        raise SystemExit(f"{index} is not empty: `build` times an index built from nothing")
    out = {"checkout": results_md.checkout(checkout), "corpus": str(corpus), "index": str(index),
           "corpus_files": sum(1 for _ in corpus.rglob("*.txt")),
           "corpus_mb": round(_dir_size(corpus) / 1e6), "machine": results_md.machine(),
           "command": results_md.command_line(), "date": time.strftime("%Y-%m-%d %H:%M")}
    print(f"building {index} from {corpus} with {checkout} ...", file=sys.stderr)
    proc = subprocess.run([sys.executable, __file__, "_build", str(checkout), str(corpus), str(index)],
                          env=_env(checkout), stdout=subprocess.PIPE, text=True)
    if proc.returncode:
        return proc.returncode
    out.update(json.loads(proc.stdout.strip().splitlines()[-1]))
    Path(f"{index}.build.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))
    if args.write_results:
        print(f"wrote {write_build_section(out)}", file=sys.stderr)
    return 0


def write_build_section(b: dict) -> Path:
    body = (f"- Machine: {b['machine']}\n- Command: `{b['command']}`\n- Code: {b['checkout']}\n"
            f"- Corpus: {b['corpus']} ({b['corpus_files']:,} files, {b['corpus_mb']} MB)\n\n"
            "| cables | build s | cables/s | index MB | peak RSS main MiB | peak RSS largest child MiB |\n"
            "|---:|---:|---:|---:|---:|---:|\n"
            f"| {b['cables']:,} | {b['s']} | {b['cables_per_s']} | {b['index_mb']} | {b['peak_rss_main_mib']} "
            f"| {b['peak_rss_largest_child_mib']} |\n")
    name = Path(b["index"]).name
    return results_md.write_section(f"compare.py build {name} {b['cables']}",
                                    f"Index build, {b['cables']:,} SYNTHETIC cables: {name}", body)


# -- queries -------------------------------------------------------------------------
def _query_worker(checkout: Path, index: Path) -> None:
    """Answer the parent's requests, one JSON line in, one out, on the stdout we were started with."""
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever the code under test prints goes to stderr, not into the protocol
    sys.stdout = sys.stderr
    cablesearch = _import_checkout(checkout)

    with cablesearch.CableIndex.open(index) as info_ix:  # a count for the labels; then a fresh open
        try:
            st = info_ix.stats()
            info = {"cables": st.get("cables"), "schema_version": st.get("schema_version")}
        except Exception as exc:  # noqa: BLE001 -- an older or newer API: the labels go without
            info = {"stats_error": repr(exc)}
    info["module"] = cablesearch.__file__
    ix = cablesearch.CableIndex.open(index)
    proto.write(json.dumps(info) + "\n")

    def search(row: int, facets: bool):
        _kind, q, scope, _spec, _words = speed.QUERIES[row]
        return ix.search(q, facets=speed.FACETS if facets else (), paragraphs=scope == "paragraphs")

    for line in sys.stdin:
        req = json.loads(line)
        if req["op"] == "check":
            res = search(req["row"], req["facets"])
            top = [[getattr(h, "id", None), getattr(h, "paragraph", None), round(getattr(h, "score", 0.0), 4)]
                   for h in res.hits]
            reply = {"total": res.total, "top": top}
        elif req["op"] == "time":
            cpu: list[float] = []
            reply = {"times": speed._times(lambda: search(req["row"], req["facets"]), req["runs"], cpu), "cpu": cpu}
        else:
            break
        proto.write(json.dumps(reply) + "\n")
    ix.close()


class Worker:
    def __init__(self, name: str, spec: str):
        checkout, sep, index = spec.rpartition(":")
        if not sep:
            raise SystemExit(f"{spec!r}: give CHECKOUT:INDEX")
        self.name, self.checkout, self.index = name, Path(checkout).resolve(), Path(index).resolve()
        self.proc = subprocess.Popen([sys.executable, __file__, "_query", str(self.checkout), str(self.index)],
                                     env=_env(self.checkout), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"worker {self.name} ({self.checkout}, {self.index}) stopped: see its stderr above")
        return json.loads(line)

    def ask(self, **req) -> dict:
        self.proc.stdin.write(json.dumps(req) + "\n")
        return self.read()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.proc.stdin.close()
            except OSError:
                pass
            self.proc.wait(timeout=60)


def queries(args: argparse.Namespace) -> int:
    workers = [Worker("A", args.a), Worker("B", args.b)]
    out: dict = {"machine": results_md.machine(), "command": results_md.command_line(),
                 "date": time.strftime("%Y-%m-%d %H:%M"), "runs_per_round": args.runs, "rounds": args.rounds}
    try:
        for w in workers:
            info = w.read()
            out[w.name] = {"checkout": results_md.checkout(w.checkout), "index": str(w.index), **info}
            print(f"{w.name}: {w.checkout} -> cablesearch from {info['module']}; index {w.index} "
                  f"({info.get('cables')} cables, schema {info.get('schema_version')})", file=sys.stderr)
        rows = []
        for i, facets in ROWS:
            a, b = (w.ask(op="check", row=i, facets=facets) for w in workers)
            # Equal scores are ordered by docnum, and two builds of one corpus may number it differently
            same_ids = sorted(map(tuple, a["top"])) == sorted(map(tuple, b["top"]))
            same_scores = [t[2] for t in a["top"]] == [t[2] for t in b["top"]]
            rows.append({"kind": _label(i, facets), "query": speed.QUERIES[i][1], "total_a": a["total"],
                         "total_b": b["total"], "same_top10": same_ids, "same_top10_scores": same_scores,
                         "times_a": [], "times_b": [], "cpu_a": [], "cpu_b": []})
        t0 = time.perf_counter()
        for r in range(args.rounds):
            for n, (i, facets) in enumerate(ROWS):
                order = workers if (r + n) % 2 == 0 else workers[::-1]
                for w in order:
                    reply = w.ask(op="time", row=i, facets=facets, runs=args.runs)
                    rows[n]["times_" + w.name.lower()] += reply["times"]
                    rows[n]["cpu_" + w.name.lower()] += reply["cpu"]
            print(f"round {r + 1}/{args.rounds} done ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
        out["timing_s"] = round(time.perf_counter() - t0)
        out["load_at_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    finally:
        for w in workers:
            w.close()

    for row in rows:
        pct = {}
        for side in ("a", "b"):
            times, cpu = row.pop("times_" + side), row.pop("cpu_" + side)
            pct[side] = {"p50": speed._pct(times, 0.5), "p95": speed._pct(times, 0.95), "cpu_p50": speed._pct(cpu, 0.5)}
            row[side] = {k + "_ms": round(v * 1000, 2) for k, v in pct[side].items()} | {"n": len(times)}
        for p in ("p50", "p95", "cpu_p50"):
            row[f"ratio_{p}"] = round(pct["b"][p] / max(pct["a"][p], 1e-9), 3)
        row["slower"] = [p for p in ("p50", "p95", "cpu_p50") if row[f"ratio_{p}"] > 1 + args.tolerance]
    out["tolerance"] = args.tolerance
    out["queries"] = rows
    table = _table(out)
    if args.json_out:
        args.json_out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1) if args.json else table)
    if args.write_results:
        cables = out["A"].get("cables")
        key = args.results_key or f"compare.py queries {cables}"
        title = args.results_title or (f"Query speed, interleaved A/B, {cables:,} SYNTHETIC cables" if cables
                                       else "Query speed, interleaved A/B")
        print(f"wrote {results_md.write_section(key, title, table)}", file=sys.stderr)
    return 0


def _table(out: dict) -> str:
    tol = out["tolerance"]
    lines = [f"- Machine: {out['machine']}", f"- Command: `{out['command']}`"]
    for side in ("A", "B"):
        s = out[side]
        lines.append(f"- {side}: {s['checkout']}; index {s['index']} ({s.get('cables', '?'):,} cables, "
                     f"schema version {s.get('schema_version', '?')})" if isinstance(s.get("cables"), int) else
                     f"- {side}: {s['checkout']}; index {s['index']}")
    lines += [f"- Timed searches per row and side: {out['runs_per_round']} x {out['rounds']} interleaved rounds "
              f"(after a warm-up search each round); a search = total + top 10 (+ 4 facets); "
              f"{out.get('timing_s', '?')} s of timing, load average {out.get('load_at_end', '?')} at the end", "",
              "| query | hits | A p50 ms | A p95 ms | B p50 ms | B p95 ms | B/A p50 | B/A p95 | B/A CPU p50 |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in out["queries"]:
        hits = str(r["total_a"]) if r["total_a"] == r["total_b"] else f"{r['total_a']} / {r['total_b']} (differ!)"
        if not r["same_top10_scores"]:
            hits += " (top 10 differ)"
        elif not r["same_top10"]:
            hits += " \u2020"
        mark = {p: " **!**" if p in r["slower"] else "" for p in ("p50", "p95", "cpu_p50")}
        lines.append(f"| {r['kind']} | {hits} | {r['a']['p50_ms']} | {r['a']['p95_ms']} | {r['b']['p50_ms']} | "
                     f"{r['b']['p95_ms']} | {r['ratio_p50']:.2f}{mark['p50']} | {r['ratio_p95']:.2f}{mark['p95']} | "
                     f"{r['ratio_cpu_p50']:.2f}{mark['cpu_p50']} |")
    slow = [f"{r['kind']} ({', '.join(r['slower']).replace('cpu_p50', 'CPU p50')})"
            for r in out["queries"] if r["slower"]]
    lines += ["", f"Rows where B is more than {tol:.0%} slower than A: " + ("; ".join(slow) if slow else "none") + "."]
    if any(r["same_top10_scores"] and not r["same_top10"] for r in out["queries"]):
        lines.append("\u2020 The same scores in the top 10, other cables among equal scores: ties go by docnum, "
                     "and each index numbers the corpus in its own order.")
    if any(r["total_a"] != r["total_b"] or not r["same_top10_scores"] for r in out["queries"]):
        lines.append("WARNING: the two indexes answer some rows differently; are they built from the same corpus?")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_build"]:
        _build_worker(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        return 0
    if argv[:1] == ["_query"]:
        _query_worker(Path(argv[1]), Path(argv[2]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="index CORPUS from nothing with CHECKOUT's code; build figures")
    b.add_argument("checkout", type=Path)
    b.add_argument("corpus", type=Path)
    b.add_argument("index", type=Path)
    b.add_argument("--write-results", action="store_true", help="put the figures into benchmarks/RESULTS.md")
    q = sub.add_parser("queries", help="time speed.py's query set in two checkouts, interleaved")
    q.add_argument("a", metavar="A_CHECKOUT:A_INDEX")
    q.add_argument("b", metavar="B_CHECKOUT:B_INDEX")
    q.add_argument("--runs", type=int, default=20, help="timed searches per row, side and round (default 20)")
    q.add_argument("--rounds", type=int, default=20, help="interleaved rounds (default 20)")
    q.add_argument("--tolerance", type=float, default=0.05, help="mark rows where B/A exceeds 1 + this (0.05)")
    q.add_argument("--json", action="store_true", help="print every figure as one JSON object")
    q.add_argument("--json-out", type=Path, help="also write the JSON to this file")
    q.add_argument("--write-results", action="store_true", help="put the table into benchmarks/RESULTS.md")
    q.add_argument("--results-key", help="RESULTS.md section to replace (default: one per corpus size)")
    q.add_argument("--results-title", help="that section's title (default: says the corpus size)")
    args = ap.parse_args(argv)
    return build(args) if args.cmd == "build" else queries(args)


if __name__ == "__main__":
    raise SystemExit(main())
