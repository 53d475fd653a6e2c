"""benchmarks/RESULTS.md: the sections that the benchmark scripts write (`--write-results`).

Each regenerated section sits between two markers,

    <!-- regenerated: KEY -->
    ...
    <!-- /regenerated: KEY -->

and a script that writes KEY again replaces that section and nothing else. A new key goes in
above the hand-kept "Measurements from earlier sessions", or at the end.
"""

from __future__ import annotations

import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HAND_KEPT = "## Measurements from earlier sessions"
HEADER = """# Benchmark results

Figures measured by the scripts in `benchmarks/`. The sections between `<!-- regenerated: ... -->`
markers are rewritten by the script and command they name (run it again with `--write-results`);
say which machine, corpus and checkouts a figure is from when you quote it. Synthetic corpora
(`synthetic.py`) are made-up cables for timing only.

"""


def machine() -> str:
    """CPU model, cores, memory, OS, Python and the load average when the run began."""
    model = platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:", 1)[1].split()[0])
        mem = f", {kb / 1024 ** 2:.0f} GiB RAM"
    except (OSError, IndexError, ValueError):
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average {:.2f} {:.2f} {:.2f} at start".format(*os.getloadavg())
    return (f"{model}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}{load}")


def checkout(path: str | os.PathLike[str]) -> str:
    """`path @ commit`, and whether its cablesearch/ has changes not committed."""
    try:
        head = subprocess.run(["git", "-C", str(path), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(path), "status", "--porcelain", "--", "cablesearch"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(path)
    return f"{path} @ {head}" + (" + uncommitted changes in cablesearch/" if dirty else "")


def command_line() -> str:
    """The command as typed, more or less: the script's path relative to here when it lies below."""
    script = sys.argv[0] if sys.argv else "?"
    rel = os.path.relpath(script)
    return "python " + shlex.join([script if rel.startswith("..") else rel, *sys.argv[1:]])


def write_section(key: str, title: str, body: str, path: Path = RESULTS) -> Path:
    """Put `## title` + `body` under KEY into RESULTS.md, replacing that key's earlier section."""
    begin, end = f"<!-- regenerated: {key} -->", f"<!-- /regenerated: {key} -->"
    block = f"{begin}\n## {title}\n\n{body.strip()}\n\n_Written {time.strftime('%Y-%m-%d %H:%M %Z')}._\n{end}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block.rstrip("\n") + rest.split(end, 1)[1]
    elif HAND_KEPT in text:
        head, rest = text.split(HAND_KEPT, 1)
        text = head + block + "\n" + HAND_KEPT + rest
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")
    return path
