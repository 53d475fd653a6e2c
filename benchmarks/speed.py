"""Speed side by side: cablesearch against SQLite FTS5 and grep on the same SYNTHETIC corpus.

    python benchmarks/speed.py --n 10000                 # corpus from sample_data's real cables
    python benchmarks/speed.py --n 50000 --from /tmp/corpus --runs 200 --json
    python benchmarks/speed.py --work W --queries-only   # the queries again on run W's index
    python benchmarks/speed.py --work W --queries-only --profile 8   # ... and where each row's time goes
    python benchmarks/speed.py --n 50000 --engine both   # Whoosh and Tantivy side by side (needs [tantivy])

One run does, on a 2-core machine as on any other (the machine is printed):

1. writes N SYNTHETIC cables recombined from real ones (`synthetic.py`:
   new ids and dates, shuffled paragraphs; deterministic with --seed);
2. builds the index from nothing: wall time, cables/s, index size, peak RSS
   (this process and, separately, its largest child: Whoosh's writer
   processes); then re-runs it with 1 % of the files changed;
3. loads the same parsed records -- read back from the index, so both engines
   hold exactly the same cables -- into SQLite FTS5 (standard library
   `sqlite3`; facets by GROUP BY);
4. runs the committed query set (QUERIES below) warm, `--runs` times per kind,
   plain and with 4 facets (tags, station, classification, year), on both
   engines: a search means total + top 10 (+ facets), as the CLI shows it;
5. times `grep -ril` (or `rg -il`) over the raw files for the plain-word
   queries.

It prints p50/p95 per row and the ratio cablesearch / baseline. With `--engine both` steps 2
and 4 run for each engine (each build in a process of its own, so each peak RSS is its own),
the rows side by side with each engine's ratio to SQLite and Tantivy / Whoosh. This is a
benchmark, never a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

# cablesearch is imported inside the functions that use it, so `compare.py` can import QUERIES and the
# timing code here into a worker that has put another checkout's cablesearch first on sys.path.

FACETS = ("tags", "station", "classification", "year")
#: The order builds run in with `--engine both`: the quicker first, so a run stopped during
#: the long one has already measured the other.
BUILD_ORDER = ("tantivy", "whoosh")
#: A `--work` folder's record of its build figures, which `--queries-only` prints with its rows.
BUILDS_JSON = "builds.json"

#: The committed query set: kind, cablesearch query, scope, the same in SQLite, the grep words (or None).
#: SQLite: `fts` is MATCHed on cables(subject, body, tags); `where` filters the cables table `c`;
#: paragraph kinds MATCH `pfts` and filter paragraphs `p`.
QUERIES = [
    ("term", "police", "cables", {"match": "police"}, ["police"]),
    ("two-term AND", "police reform", "cables", {"match": "police AND reform"}, ["police", "reform"]),
    ("phrase", '"human rights"', "cables", {"match": '"human rights"'}, ["human rights"]),
    ("field + date range", "tags:PGOV date:2000..2008", "cables",
     {"match": "tags:pgov", "where": "c.year BETWEEN 2000 AND 2008"}, None),
    ("NOT", "election NOT tags:PGOV", "cables", {"match": "election NOT tags:pgov"}, None),
    ("wildcard", "narco*", "cables", {"match": "narco*"}, None),
    # `+p.marking`: without the unary plus SQLite walks every C paragraph and MATCHes each one
    ("paragraphs, marking:", "marking:C police", "paragraphs", {"match": "police", "where": "+p.marking = 'C'"},
     None),
]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _times(fn, runs: int, cpu: list[float] | None = None) -> list[float]:
    """Seconds per call of `fn`, `runs` times, after one untimed (warm-up) call; and, into
    `cpu` if given, this process's CPU seconds per call (less moved by other work on the machine)."""
    fn()  # warm
    times = []
    for _ in range(runs):
        c = time.process_time()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        if cpu is not None:
            cpu.append(time.process_time() - c)
    return times


def _timed(fn, runs: int) -> dict[str, float]:
    times = _times(fn, runs)
    return {"p50_ms": round(_pct(times, 0.5) * 1000, 2), "p95_ms": round(_pct(times, 0.95) * 1000, 2)}


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- SQLite FTS5 -------------------------------------------------------------------
def load_sqlite(index_dir: Path, db_path: Path) -> tuple[sqlite3.Connection, float, int]:
    """The index's stored records into SQLite FTS5: (connection, load seconds, cables)."""
    from cablesearch import CableIndex

    db_path.unlink(missing_ok=True)  # a fresh load each run (--queries-only reuses the folder)
    con = sqlite3.connect(db_path)
    con.executescript("""
        CREATE TABLE c(id TEXT, year INT, station TEXT, classification TEXT, subject TEXT, body TEXT, tags TEXT);
        CREATE TABLE ct(cable INT, tag TEXT);
        CREATE TABLE p(cable INT, number TEXT, marking TEXT, text TEXT);
        CREATE VIRTUAL TABLE fts USING fts5(subject, body, tags, content='c', tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE pfts USING fts5(text, content='p', tokenize='unicode61 remove_diacritics 2');
    """)
    t0 = time.perf_counter()
    n = 0
    with CableIndex.open(index_dir) as ix:
        reader = ix.engine.reader()
        for docnum in sorted(reader.kind_docs("cable")):
            rec = reader.record(docnum)
            n += 1
            year = int(rec["date"][:4]) if rec.get("date") else None
            body = "\n".join(p["text"] for p in rec.get("paragraphs") or ())
            con.execute("INSERT INTO c(rowid, id, year, station, classification, subject, body, tags) "
                        "VALUES (?,?,?,?,?,?,?,?)", (n, rec.get("id"), year, rec.get("station"),
                                                     rec.get("classification"), rec.get("subject") or "", body,
                                                     " ".join(rec.get("tags") or ())))
            con.executemany("INSERT INTO ct VALUES (?,?)", [(n, t) for t in rec.get("tags") or ()])
            con.executemany("INSERT INTO p(cable, number, marking, text) VALUES (?,?,?,?)",
                            [(n, p.get("number"), p.get("marking"), p["text"]) for p in rec.get("paragraphs") or ()])
    con.executescript("""
        INSERT INTO fts(fts) VALUES('rebuild');
        INSERT INTO pfts(pfts) VALUES('rebuild');
        CREATE INDEX ct_cable ON ct(cable);
    """)
    con.commit()
    return con, time.perf_counter() - t0, n


def sqlite_search(con: sqlite3.Connection, spec: dict[str, str], scope: str, facets: bool) -> None:
    """Total, top 10 by bm25 with snippets and (optionally) 4 facet counts: what one cablesearch search returns."""
    if scope == "paragraphs":
        base = "FROM pfts JOIN p ON p.rowid = pfts.rowid WHERE pfts MATCH ?"
        ids = "SELECT p.cable " + base
    else:
        base = "FROM fts JOIN c ON c.rowid = fts.rowid WHERE fts MATCH ?"
        ids = "SELECT c.rowid " + base
    if spec.get("where"):
        base += " AND " + spec["where"]
        ids += " AND " + spec["where"]
    args = (spec["match"],)
    con.execute("SELECT count(*) " + base, args).fetchone()
    table = "pfts" if scope == "paragraphs" else "fts"
    # the top 10 with a snippet each, as cablesearch returns them
    col = 0 if scope == "paragraphs" else 1
    con.execute(f"SELECT {table}.rowid, snippet({table}, {col}, '[', ']', '…', 24) " + base +
                " ORDER BY rank LIMIT 10", args).fetchall()
    if facets:
        con.execute(f"SELECT tag, count(*) FROM ct WHERE cable IN ({ids}) GROUP BY tag ORDER BY 2 DESC LIMIT 10",
                    args).fetchall()
        for col in ("station", "classification", "year"):
            con.execute(f"SELECT {col}, count(*) FROM c WHERE rowid IN ({ids}) GROUP BY {col} "
                        f"ORDER BY 2 DESC LIMIT 10", args).fetchall()


# -- grep ---------------------------------------------------------------------------
def grep_time(words: list[str], corpus: Path, runs: int) -> dict[str, float] | None:
    """Files containing every word, case-insensitive: `grep -ril w1 | xargs grep -il w2 ...`."""
    tool = shutil.which("rg")
    first = [tool, "-il", "--fixed-strings", words[0], str(corpus)] if tool else \
        ["grep", "-rilF", words[0], str(corpus)]
    rest = " | ".join(f"xargs -r grep -ilF {json.dumps(w)}" for w in words[1:])

    def run() -> None:
        cmd = " ".join(json.dumps(c) for c in first) + (f" | {rest}" if rest else "")
        subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, check=False)

    return _timed(run, runs)


def change_one_percent(corpus: Path, seed: int) -> int:
    files = sorted(corpus.rglob("*.txt"))
    picked = random.Random(seed).sample(files, max(1, len(files) // 100))
    for f in picked:
        f.write_text(f.read_text(encoding="utf-8") + "\nCHANGED FOR THE RE-RUN BENCHMARK\n", encoding="utf-8")
    return len(picked)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=251_287, help="synthetic cables (default: Cablegate's 251,287)")
    ap.add_argument("--from", dest="source", type=Path, default=None,
                    help="real cables to recombine (archives unpacked); default sample_data/")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=200, help="timed runs per query kind (after one warm-up)")
    ap.add_argument("--grep-runs", type=int, default=3)
    ap.add_argument("--baseline-runs", type=int, default=None,
                    help="timed runs per query kind for SQLite FTS5 (default: --runs)")
    ap.add_argument("--work", type=Path, help="work folder to keep (default: a temp dir, removed)")
    ap.add_argument("--json", action="store_true", help="print every figure as one JSON object")
    ap.add_argument("--build-only", action="store_true",
                    help="stop after the build and the 1%% re-run (no SQLite, no queries)")
    ap.add_argument("--queries-only", action="store_true",
                    help="reuse the corpus and index of an earlier run's --work folder: only SQLite and queries")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="also profile each query row (cProfile, 5 searches) and print its N costliest functions")
    ap.add_argument("--engine", choices=["whoosh", "tantivy", "both"], default="whoosh",
                    help="the engine to measure, or both side by side (tantivy needs the [tantivy] extra)")
    ap.add_argument("--write-results", action="store_true",
                    help="also put the table into benchmarks/RESULTS.md (a section per corpus size)")
    args = ap.parse_args(argv)
    engines = ["whoosh", "tantivy"] if args.engine == "both" else [args.engine]
    if args.queries_only and not (args.work and all(_index_dir(args.work, e).is_dir() for e in engines)):
        ap.error("--queries-only needs --work with an earlier run's index (of each engine asked for)")

    from cablesearch import build_index
    from synthetic import write_corpus

    work = args.work or Path(tempfile.mkdtemp(prefix="cablesearch-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "synthetic"
    out: dict = {"machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
                            f"SQLite {sqlite3.sqlite_version}", "n": args.n, "seed": args.seed,
                 "templates": str(args.source or "sample_data"), "engines": engines}
    try:
        if args.queries_only:
            saved = work / BUILDS_JSON
            if saved.is_file():  # the build figures of the run that made the folder, shown with the queries
                earlier = json.loads(saved.read_text())
                if earlier.get("engines") == engines:
                    out.update({k: earlier[k] for k in ("n", "seed", "templates", "corpus", "builds",
                                                        "reruns_1pct", "build", "rerun_1pct") if k in earlier})
            _queries(args, out, corpus, work)
            return 0
        shutil.rmtree(corpus, ignore_errors=True)
        for engine in engines:
            shutil.rmtree(_index_dir(work, engine), ignore_errors=True)
        t0 = time.perf_counter()
        size = write_corpus(corpus, args.n, args.seed, args.source)
        out["corpus"] = {"mb": round(size / 1e6), "write_s": round(time.perf_counter() - t0, 1)}
        print(f"wrote {args.n:,} SYNTHETIC cables ({size / 1e6:.0f} MB)", file=sys.stderr)

        out["builds"] = {}
        for engine in sorted(engines, key=BUILD_ORDER.index):
            out["builds"][engine] = _build_in_child(corpus, _index_dir(work, engine), engine)
            print(f"{engine}: built in {out['builds'][engine]['s']:.0f} s", file=sys.stderr)
        out["builds"] = {e: out["builds"][e] for e in engines}
        changed = change_one_percent(corpus, args.seed)
        out["reruns_1pct"] = {}
        for engine in engines:
            t0 = time.perf_counter()
            again = build_index([corpus], _index_dir(work, engine))
            out["reruns_1pct"][engine] = {"files_changed": changed, "s": round(time.perf_counter() - t0, 1),
                                          "updated": again.updated}
        out["build"], out["rerun_1pct"] = out["builds"][engines[0]], out["reruns_1pct"][engines[0]]
        (work / BUILDS_JSON).write_text(json.dumps(out, indent=1))
        if args.build_only:
            print(json.dumps(out, indent=1))
            return 0
        _queries(args, out, corpus, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _index_dir(work: Path, engine: str) -> Path:
    """Where a run keeps `engine`'s index (Whoosh's where runs before `--engine` kept it)."""
    return work / ("index" if engine == "whoosh" else f"index-{engine}")


def _build_in_child(corpus: Path, index_dir: Path, engine: str) -> dict:
    """Step 2's build from nothing with `engine`, in a process of its own: its figures."""
    done = subprocess.run([sys.executable, __file__, "--build-child", engine, str(corpus), str(index_dir)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the {engine} build failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)


def _build_child(engine: str, corpus: Path, index_dir: Path) -> None:
    """`--build-child`: build, then print the build's figures as JSON (peak RSS: this process's,
    and its largest child's, such as Whoosh's writer processes)."""
    from cablesearch import build_index

    t0 = time.perf_counter()
    report = build_index([corpus], index_dir, engine=engine)
    build_s = time.perf_counter() - t0
    print(json.dumps({"s": round(build_s, 1), "cables": report.cables_indexed,
                      "cables_per_s": round(report.cables_indexed / build_s, 1),
                      "index_mb": round(_dir_size(index_dir) / 1e6, 1),
                      "peak_rss_main_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                      "peak_rss_largest_child_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                                                          / 1024)}))


def _queries(args: argparse.Namespace, out: dict, corpus: Path, work: Path) -> None:
    """Steps 3 to 5: SQLite loaded from the (first engine's) index, the query set on each engine
    and on SQLite, grep. A row keeps the first engine's figures as `cablesearch` and every
    engine's under `engines`."""
    from contextlib import ExitStack

    from cablesearch import CableIndex

    engines = out["engines"]
    con, load_s, loaded = load_sqlite(_index_dir(work, engines[0]), work / "fts5.db")
    out["sqlite_load"] = {"s": round(load_s, 1), "cables": loaded,
                          "db_mb": round((work / "fts5.db").stat().st_size / 1e6, 1)}

    rows = []
    with ExitStack() as stack:
        opened = {e: stack.enter_context(CableIndex.open(_index_dir(work, e))) for e in engines}
        for kind, q, scope, spec, words in QUERIES:
            for facets in (False, True):
                label = kind + (" + 4 facets" if facets else "")
                fs = FACETS if facets else ()
                para = scope == "paragraphs"
                per_engine, totals = {}, {}
                for engine, ix in opened.items():
                    totals[engine] = ix.search(q, facets=fs, paragraphs=para).total
                    per_engine[engine] = _timed(lambda: _search_counting(ix, q, fs, para), args.runs)
                ours = per_engine[engines[0]]
                theirs = _timed(lambda: sqlite_search(con, spec, scope, facets), args.baseline_runs or args.runs)
                row = {"kind": label, "query": q, "total": totals[engines[0]], "cablesearch": ours, "fts5": theirs,
                       "ratio_p50": round(ours["p50_ms"] / max(theirs["p50_ms"], 1e-3), 2)}
                if len(engines) > 1:
                    row["engines"] = {e: {**t, "total": totals[e],
                                          "ratio_p50": round(t["p50_ms"] / max(theirs["p50_ms"], 1e-3), 2)}
                                      for e, t in per_engine.items()}
                if args.profile:
                    ix = opened[engines[0]]
                    row["profile"] = _profile(lambda: ix.search(q, facets=fs, paragraphs=para), args.profile)
                if words and not facets:
                    g = grep_time(words, corpus, args.grep_runs)
                    row["grep"] = g
                    row["grep_over_cablesearch_p50"] = round(g["p50_ms"] / max(ours["p50_ms"], 1e-3), 1)
                rows.append(row)
                print(f"{label}: done", file=sys.stderr)
    out["queries"] = rows
    out["runs"] = {"cablesearch": args.runs, "fts5": args.baseline_runs or args.runs, "grep": args.grep_runs}
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        _print_table(out)
    if args.write_results:
        _write_results(out)


def _search_counting(ix, q: str, facets: tuple[str, ...], paragraphs: bool):
    """One search that counts its facets, as SQLite's GROUP BY does on every run: the searcher
    keeps the counts of its last searches (for a reader paging through one query's results),
    which a query timed again and again would otherwise find."""
    ix._search_state()._counted.clear()
    return ix.search(q, facets=facets, paragraphs=paragraphs)


def _write_results(out: dict) -> None:
    """The table as `_print_table` prints it, with the command line, into RESULTS.md."""
    import contextlib
    import io

    import results_md

    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        _print_table({**out, "queries": [{k: v for k, v in r.items() if k != "profile"} for r in out["queries"]]})
    body = (f"- Machine: {results_md.machine()}\n- Command: `{results_md.command_line()}`\n"
            f"- Code: {results_md.checkout(HERE.parent)}\n\n```\n{text.getvalue().rstrip()}\n```\n")
    n = out["sqlite_load"]["cables"]  # with --queries-only, --n need not be the index's
    where = results_md.write_section(f"speed.py {n}", f"cablesearch vs SQLite FTS5 vs grep, {n:,} SYNTHETIC cables",
                                     body)
    print(f"wrote {where}", file=sys.stderr)


def _profile(fn, top: int) -> list[str]:
    """Where one search's time goes: cProfile over 5 searches, the `top` functions by own time,
    as `own ms per search  cumulative ms per search  calls per search  function`."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(5):
        fn()
    prof.disable()
    stats = pstats.Stats(prof).stats  # (file, line, name) -> (calls, primitive, own s, cumulative s, callers)
    rows = sorted(stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    return [f"{own * 200:9.1f} {cum * 200:9.1f} {calls / 5:9.0f}  {Path(f).name}:{line}({name})"
            for (f, line, name), (calls, _, own, cum, _) in rows]


def _print_table(out: dict) -> None:
    print(out["machine"])
    engines = out.get("engines") or ["whoosh"]
    for engine in engines if "builds" in out else ():
        b, r = out["builds"][engine], out["reruns_1pct"][engine]
        print(f"{engine}: {out['n']:,} SYNTHETIC cables ({out['corpus']['mb']} MB): build {b['s']} s "
              f"({b['cables_per_s']} cables/s), index {b['index_mb']} MB, peak RSS {b['peak_rss_main_mib']} MiB "
              f"main + {b['peak_rss_largest_child_mib']} MiB largest child; re-run with "
              f"{r['files_changed']} files changed: {r['s']} s")
    print(f"SQLite FTS5 load {out['sqlite_load']['s']} s ({out['sqlite_load']['db_mb']} MB); timed runs per row: "
          + ", ".join(f"{k} {v}" for k, v in out["runs"].items()))
    if len(engines) > 1:
        _print_engines_table(out, engines)
    else:
        print(f"{'query':32} {'hits':>7} {'ours p50':>9} {'p95':>8} {'fts5 p50':>9} {'p95':>8} {'ratio':>6} "
              f"{'grep p50':>9}")
        for r in out["queries"]:
            g = f"{r['grep']['p50_ms']:.0f}" if "grep" in r else ""
            print(f"{r['kind']:32} {r['total']:>7} {r['cablesearch']['p50_ms']:>9} {r['cablesearch']['p95_ms']:>8} "
                  f"{r['fts5']['p50_ms']:>9} {r['fts5']['p95_ms']:>8} {r['ratio_p50']:>6} {g:>9}")
    for r in out["queries"]:
        if r.get("profile"):
            print(f"\nprofile of {r['kind']!r} (cProfile; ms per search, own / cumulative; calls per search):")
            print("\n".join(r["profile"]))


def _print_engines_table(out: dict, engines: list[str]) -> None:
    """Each row: every engine's p50/p95 and ratio to SQLite FTS5, then the second engine's p50
    over the first's (a total that differs between engines is flagged with `!`)."""
    head = f"{'query':32} {'hits':>7}"
    for e in engines:
        head += f" {e + ' p50':>12} {'p95':>8} {'/fts5':>6}"
    head += f" {'fts5 p50':>9} {'p95':>8} {engines[1][:2] + '/' + engines[0][:2]:>6} {'grep p50':>9}"
    print(head)
    for r in out["queries"]:
        per = r["engines"]
        same = len({per[e]["total"] for e in engines}) == 1
        line = f"{r['kind']:32} {str(r['total']) + ('' if same else '!'):>7}"
        for e in engines:
            line += f" {per[e]['p50_ms']:>12} {per[e]['p95_ms']:>8} {per[e]['ratio_p50']:>6}"
        vs = per[engines[1]]["p50_ms"] / max(per[engines[0]]["p50_ms"], 1e-3)
        g = f"{r['grep']['p50_ms']:.0f}" if "grep" in r else ""
        print(line + f" {r['fts5']['p50_ms']:>9} {r['fts5']['p95_ms']:>8} {vs:>6.2f} {g:>9}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build-child"]:
        _build_child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        raise SystemExit(0)
    raise SystemExit(main())
