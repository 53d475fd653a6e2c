"""Parsing-process kills: kill one of a build's parsing processes the moment it appears.

    python benchmarks/worker_kills.py [--trials 30] [--workers 4]

Each trial runs `cablesearch index sample_data` into a fresh folder, watches /proc without
pausing, and sends SIGKILL to the first parsing process (a child of the build's
forkserver) it sees: usually while the pool is still starting the others, the moment a
pool is most fragile. A good trial ends within `LIMIT_S` with exit 1 and one line saying a
parsing process died; anything else (a traceback, a hang, another message) is printed.
This is a trial run for notes, never a test.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
LIMIT_S = 40


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            pass
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def trial(workers: int) -> str | None:
    """None when the run ended as it should, else what went wrong."""
    with tempfile.TemporaryDirectory() as tmp:
        run = [sys.executable, "-m", "cablesearch", "index", str(SAMPLE), "--index", str(Path(tmp) / "ix"),
               "-q", "--workers", str(workers)]
        proc = subprocess.Popen(run, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        started = time.monotonic()
        while proc.poll() is None and time.monotonic() - started < LIMIT_S:
            servers = [c for c in _children(proc.pid) if b"forkserver" in _cmdline(c)]
            parsing = [g for c in servers for g in _children(c)]
            if parsing:
                os.kill(parsing[0], signal.SIGKILL)
                break
        else:
            return "no parsing process was seen"
        try:
            err = proc.communicate(timeout=LIMIT_S)[1]
        except subprocess.TimeoutExpired:
            for pid in [g for c in _children(proc.pid) for g in [c, *_children(c)]]:
                os.kill(pid, signal.SIGKILL)
            proc.kill()
            return f"still running after {LIMIT_S} s"
        lines = [line for line in err.splitlines() if line.strip()]
        if proc.returncode == 1 and len(lines) == 1 and "a parsing process died" in lines[0]:
            return None
        return f"exit {proc.returncode}: {err[-800:]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    bad = 0
    for i in range(args.trials):
        problem = trial(args.workers)
        if problem:
            bad += 1
            print(f"trial {i + 1}: {problem}")
    print(f"{bad} of {args.trials} trials went wrong")


if __name__ == "__main__":
    main()
