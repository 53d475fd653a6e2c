"""SIGKILL trials: kill `cablesearch index` at random moments and check what is left.

    python benchmarks/kill_trials.py [--kills 44] [--seed 1] [--work DIR]

Each trial copies a prepared index (built from sample_data/foia-ocr), starts a real CLI
run that adds more cables to it, sends SIGKILL to that process at a random moment of its
run, and then checks, as a user would find it:

- the index opens and answers `*` with either the old total or the new one (never an
  error, never something in between);
- no process of the killed run is left (writer processes die with it, parsing processes
  with their forkserver);
- the same run, started again, completes and gives the new total.

Modes: `one writer` (few files, --workers 1), `parsing pool` (few files, --workers 2),
`writer processes` (more than `PARALLEL_WRITER_FILES` files, --workers 2) and `rebuild`
(--rebuild of the same). The inputs are real sample cables (copies of sample_data for the
writer-process mode). This is a trial run for notes, never a test.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cablesearch import CableIndex, build_index
from cablesearch.engine.whoosh.docwriter import PARALLEL_WRITER_FILES

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


def _total(ixdir: Path) -> int:
    with CableIndex.open(ixdir) as ix:
        return ix.search("*", all_versions=True).total


def _descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for child, parent in parents.items():
            if parent == p and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cablesearch", *args]


def _inputs(work: Path) -> Path:
    """sample_data twice over: more files than the writer-process threshold."""
    root = work / "inputs"
    if not root.exists():
        for i in range(2):
            shutil.copytree(SAMPLE, root / f"copy{i}")
    assert sum(1 for p in root.rglob("*") if p.is_file()) >= PARALLEL_WRITER_FILES
    return root


MODES = {
    "one writer": (lambda work: [str(SAMPLE)], ["--workers", "1"]),
    "parsing pool": (lambda work: [str(SAMPLE)], ["--workers", "2"]),
    "writer processes": (lambda work: [str(_inputs(work))], ["--workers", "2"]),
    "rebuild": (lambda work: [str(_inputs(work))], ["--workers", "2", "--rebuild"]),
}


def trial(work: Path, base: Path, old: int, mode: str, delay: float, expected_new: int | None) -> dict:
    paths, options = MODES[mode]
    ixdir = work / "ix"
    shutil.rmtree(ixdir, ignore_errors=True)
    shutil.copytree(base, ixdir)
    run = _cli("index", *paths(work), "--index", str(ixdir), "-q", *options)
    proc = subprocess.Popen(run, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(delay)
    below = _descendants(proc.pid)
    mid_run = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(3.0)  # parsing processes check for their build every second
    orphans = sum(1 for p in below if _alive(p))
    try:
        now = _total(ixdir)
        state = "old" if now == old else "new" if now == expected_new else f"other ({now})"
    except Exception as exc:  # what the trial is looking for: record it, never stop on it
        state = f"error ({type(exc).__name__}: {exc})"
    done = subprocess.run(run, capture_output=True, text=True, timeout=600)
    rerun = done.returncode == 0 and (expected_new is None or _total(ixdir) == expected_new)
    return {"mode": mode, "delay": round(delay, 2), "mid_run": mid_run, "state": state, "orphans": orphans,
            "rerun_ok": rerun, "rerun_err": done.stderr.strip()[-200:] if not rerun else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=44)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kill-trials-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    base = work / "base"
    if not base.exists():
        build_index([SAMPLE / "foia-ocr"], base, workers=1)
    old = _total(base)

    rows = []
    for mode, (paths, options) in MODES.items():
        # How long an uninterrupted run takes, and what it ends with: the window to kill in.
        ixdir = work / "ix"
        shutil.rmtree(ixdir, ignore_errors=True)
        shutil.copytree(base, ixdir)
        t0 = time.perf_counter()
        subprocess.run(_cli("index", *paths(work), "--index", str(ixdir), "-q", *options), check=True,
                       capture_output=True)
        span = time.perf_counter() - t0
        new = _total(ixdir)
        for _ in range(args.kills // len(MODES)):
            row = trial(work, base, old, mode, rng.uniform(0.2, span), new)
            rows.append(row)
            print(row, flush=True)

    print(f"\n{len(rows)} kills; index folders in {work}")
    print(f"{'mode':18} {'kills':>5} {'mid-run':>7} {'old':>4} {'new':>4} {'other':>5} {'orphans':>7} {'re-run ok':>9}")
    for mode in MODES:
        r = [row for row in rows if row["mode"] == mode]
        print(f"{mode:18} {len(r):5} {sum(x['mid_run'] for x in r):7} {sum(x['state'] == 'old' for x in r):4} "
              f"{sum(x['state'] == 'new' for x in r):4} "
              f"{sum(x['state'] not in ('old', 'new') for x in r):5} {sum(x['orphans'] for x in r):7} "
              f"{sum(x['rerun_ok'] for x in r):9}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
