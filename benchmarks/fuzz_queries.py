"""Fuzz the search with random queries under a time budget: results, refusals, overruns, tracebacks.

    python benchmarks/fuzz_queries.py INDEX [--n 10000] [--timeout 2] [--seed 1] [--json]

Runs N random queries (the mix below) against INDEX with `CableIndex.search(...,
timeout=T)`, each with random options (paragraph scope, facets, date sort), in one
long-lived `CableIndex` as a web page would, and prints:

- results: searches that answered (and how many found nothing);
- refusals: CablesearchErrors, by class and message shape (digits, quoted and
  field-specific parts masked), the budget's own (QueryTimeoutError) counted apart;
- over budget: searches that returned later than T (refused or not), and by how much
  at most (how promptly a search stops once its budget is spent);
- tracebacks: any other exception (must be 0), the first few printed whole;
- p50 / p99 / max wall time of a search.

The mix: words read from the index's own cables (so queries find things), prefixes,
inner and leading wildcards, `?`, fuzzy words (`~`, `~1`, `~2`, `~2/1`, and refused
`~3`, `~9`), phrases exact and sloppy, field:value (tags, people, station, subject,
body, classification, marking…), dates (a year, a range, open ends, impossible
ones), AND/OR/NOT/-, groups, boosts, `*` and `**`, and garbage (random unicode,
control characters, unbalanced quotes and brackets, strings past the length limit).
Seeded: the same seed and index give the same queries.

If a search runs past 10 x T + 30 s, a watchdog prints every thread's stack (faulthandler).
Only the public API is used. This is a benchmark, never a test.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import random
import re
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from cablesearch import CableIndex, CablesearchError, QueryTimeoutError
from cablesearch.text import WORD_RE

FACETS = ("tags", "people", "year", "station")
FIELDS = ("tags", "people", "station", "subject", "body", "classification", "caveats", "marking", "origin",
          "signed_by", "id", "summary", "country", "withheld", "format", "tagz", "kind")
OPERATORS = ("AND", "OR", "NOT", "-", "AND NOT", "OR NOT")


def vocabulary(ix: CableIndex, cables: int = 300) -> dict[str, list[str]]:
    """Words of the index's first `cables` cables (their paragraphs' text), and facet values."""
    words: Counter[str] = Counter()
    ids = []
    for hit in ix.iter_hits("*"):
        ids.append(hit.id)
        if len(ids) >= cables:
            break
    for cid in ids:
        for p in ix.get(cid).paragraphs:
            words.update(m.group(0).lower() for m in WORD_RE.finditer(p.text or ""))
    facets = ix.search("*", facets=FACETS, facet_size=200, limit=0).facets
    values = {name: [v.value for v in facet.values] or ["x"] for name, facet in facets.items()}
    common = [w for w, _ in words.most_common(60)]
    rare = [w for w, n in words.items() if n <= 2][:5000] or ["x"]
    return {"common": common or ["the"], "any": list(words) or ["the"], "rare": rare, **values}


class QueryMaker:
    """Random queries from a vocabulary (see the module's docstring for the mix)."""

    def __init__(self, vocab: dict[str, list[str]], seed: int) -> None:
        self.v = vocab
        self.r = random.Random(seed)

    def word(self) -> str:
        r = self.r
        pool = r.choice(("common", "any", "any", "rare"))
        return r.choice(self.v[pool])

    def wildcard(self) -> str:
        r, w = self.r, self.word()
        n = r.randint(0, min(len(w), 5))
        return r.choice((w[:n] + "*", w[:n] + "*", "*" + w[n:], w[:n] + "*" + w[-2:], w[:n] + "?" * r.randint(1, 3),
                         "*" + w[:2] + "*", w[:1] + "?" + w[2:]))

    def fuzzy(self) -> str:
        r = self.r
        return self.word() + r.choice(("~", "~1", "~2", "~2", "~2/1", "~1/3", "~3", "~9"))

    def phrase(self) -> str:
        r = self.r
        words = " ".join(r.choice((self.word(), r.choice(self.v["common"]))) for _ in range(r.randint(2, 5)))
        return f'"{words}"' + r.choice(("", "", "~2", "~5", "~50"))

    def field(self) -> str:
        r = self.r
        name = r.choice(FIELDS)
        value = r.choice(self.v.get(name, [])) if name in self.v and r.random() < 0.7 else \
            r.choice((self.word(), self.wildcard(), self.fuzzy(), self.phrase()))
        if " " in value and not value.startswith('"'):
            value = f'"{value}"'
        return f"{name}:{value}"

    def date(self) -> str:
        r = self.r
        y = r.randint(1960, 2012)
        return r.choice((f"date:{y}", f"date:{y}-{r.randint(1, 12):02d}", f"date:{y}..{y + r.randint(0, 9)}",
                         f"date:[{y}-01-01 TO {y + 1}-06-30]", f"date:>={y}", f"date:<{y}", f"year:{y}..{y + 3}",
                         f"month:{y}-{r.randint(1, 12):02d}", f"date:{{{y} TO {y + 3}}}", f"date:{y}-13",
                         f"date:[{y} TO {y - 3}]", "date:soon", f"date:{y}-02-30"))

    def garbage(self) -> str:
        r = self.r
        kind = r.randrange(6)
        if kind == 0:
            return "".join(chr(r.randint(1, 0x2FFF)) for _ in range(r.randint(1, 20)))
        if kind == 1:
            return bytes(r.randrange(256) for _ in range(r.randint(1, 20))).decode("latin-1")
        if kind == 2:
            return r.choice(('"', "(", ")", "[", "]", "{", "}", ":", "^", "~", "\\", "\x00", "\x1b[31m", "\u202e"))
        if kind == 3:
            return "x" * r.choice((100, 1999, 2001, 5000))
        if kind == 4:
            return r.choice(("*", "**", "***", "* *", "?", "*?*", "~", "-", "NOT", "OR OR", "AND"))
        return r.choice(self.v["any"]) * r.randint(2, 30)

    def piece(self) -> str:
        r = self.r
        return r.choices((self.word, self.wildcard, self.fuzzy, self.phrase, self.field, self.date, self.garbage),
                         weights=(30, 12, 10, 10, 14, 8, 6))[0]()

    def query(self) -> str:
        r = self.r
        parts: list[str] = []
        for i in range(r.choice((1, 1, 1, 2, 2, 3, 4, 6, 10))):
            if i and r.random() < 0.4:
                parts.append(r.choice(OPERATORS))
            piece = self.piece()
            if r.random() < 0.08:
                piece = f"({piece} {r.choice(('OR', 'AND'))} {self.piece()})"
            if r.random() < 0.05:
                piece += f"^{r.choice((2, 0.5, 10))}"
            parts.append(piece)
        return " ".join(parts)


def shape(exc: CablesearchError) -> str:
    """A refusal's message with its particulars masked, so that like refusals count together."""
    text = str(exc)
    text = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "…", text)
    text = re.sub(r"[^\s(`]*[*?~][^\s)`]*", "PATTERN", text)  # a wildcard or fuzzy word named
    text = re.sub(r"\d[\d,.]*", "N", text)
    text = re.sub(r"\b\w+:(?=\s|$)", "FIELD:", text)
    return f"{type(exc).__name__}: {text[:90]}"


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def run(index: Path, n: int, timeout: float, seed: int, show: int) -> dict:
    ix = CableIndex.open(index)
    maker = QueryMaker(vocabulary(ix), seed)
    opts_rng = random.Random(seed + 1)
    times: list[float] = []
    counts: Counter[str] = Counter()
    refusals: Counter[str] = Counter()
    over: list[tuple[float, str, str]] = []
    tracebacks: list[str] = []
    slowest: list[tuple[float, str, str]] = []
    start_all = time.monotonic()
    for i in range(n):
        q = maker.query()
        opts = {"paragraphs": opts_rng.random() < 0.2,
                "facets": opts_rng.sample(FACETS, opts_rng.randint(1, 3)) if opts_rng.random() < 0.5 else (),
                "sort": "-date" if opts_rng.random() < 0.1 else "relevance"}
        faulthandler.dump_traceback_later(10 * timeout + 30, exit=False)
        t = time.perf_counter()
        outcome = "results"
        try:
            res = ix.search(q, limit=10, timeout=timeout, **opts)
            counts["results"] += 1
            if not res.total:
                counts["results with no hit"] += 1
        except QueryTimeoutError:
            counts["refused: past the budget"] += 1
            outcome = "timeout"
        except CablesearchError as exc:
            counts["refused: other"] += 1
            refusals[shape(exc)] += 1
            outcome = "refused"
            if "\n" in str(exc):
                counts["refusals of more than one line"] += 1
        except Exception:  # noqa: BLE001 -- what this script looks for
            counts["tracebacks"] += 1
            outcome = "traceback"
            tracebacks.append(f"query {q!r} {opts}:\n{traceback.format_exc()}")
        elapsed = time.perf_counter() - t
        faulthandler.cancel_dump_traceback_later()
        times.append(elapsed)
        if elapsed > timeout:
            over.append((elapsed - timeout, q, outcome))
        slowest = sorted(slowest + [(elapsed, q, outcome)], reverse=True)[:show]
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1:,} queries, {time.monotonic() - start_all:,.0f} s", file=sys.stderr)
    ix.close()
    ordered = sorted(times)
    over.sort(reverse=True)
    return {
        "index": str(index), "queries": n, "timeout_s": timeout, "seed": seed,
        "wall_s": round(time.monotonic() - start_all, 1),
        "counts": dict(counts), "refusals": dict(refusals.most_common()),
        "over_budget": len(over), "max_overrun_ms": round(over[0][0] * 1000, 1) if over else 0.0,
        "over_budget_worst": [{"overrun_ms": round(o * 1000, 1), "query": q, "outcome": how} for o, q, how in over[:show]],
        "time_ms": {"p50": round(percentile(ordered, 50) * 1000, 1), "p90": round(percentile(ordered, 90) * 1000, 1),
                    "p99": round(percentile(ordered, 99) * 1000, 1), "max": round(ordered[-1] * 1000, 1)},
        "slowest": [{"ms": round(e * 1000, 1), "query": q, "outcome": how} for e, q, how in slowest],
        "tracebacks": tracebacks[:show],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("index", type=Path, help="an index folder (`cablesearch index … --index DIR`)")
    ap.add_argument("--n", type=int, default=10_000, help="queries to run (default 10,000)")
    ap.add_argument("--timeout", type=float, default=2.0, help="each search's budget in seconds (default 2)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=5, help="slowest queries, overruns and tracebacks to list")
    ap.add_argument("--json", action="store_true", help="print the report as one JSON object")
    args = ap.parse_args()
    report = run(args.index, args.n, args.timeout, args.seed, args.show)
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    c = report["counts"]
    print(f"{report['queries']:,} queries on {report['index']}, budget {report['timeout_s']:g} s, seed "
          f"{report['seed']}, {report['wall_s']:,} s")
    print(f"results:     {c.get('results', 0):,} ({c.get('results with no hit', 0):,} with no hit)")
    print(f"refusals:    {c.get('refused: other', 0):,} (one line each: "
          f"{'yes' if not c.get('refusals of more than one line') else 'NO'})")
    for text, k in report["refusals"].items():
        print(f"  {k:6,}  {text}")
    print(f"past budget: {c.get('refused: past the budget', 0):,} refused by the budget")
    print(f"over budget: {report['over_budget']:,} returned later than {report['timeout_s']:g} s, "
          f"by at most {report['max_overrun_ms']:,} ms")
    for row in report["over_budget_worst"]:
        print(f"  +{row['overrun_ms']:8,.1f} ms  {row['outcome']:9}  {row['query'][:100]!r}")
    print(f"tracebacks:  {c.get('tracebacks', 0):,}")
    for tb in report["tracebacks"]:
        print(tb)
    t = report["time_ms"]
    print(f"time:        p50 {t['p50']:,} ms, p90 {t['p90']:,} ms, p99 {t['p99']:,} ms, max {t['max']:,} ms")
    for row in report["slowest"]:
        print(f"  {row['ms']:9,.1f} ms  {row['outcome']:9}  {row['query'][:100]!r}")


if __name__ == "__main__":
    main()
