"""The terminal as people use it: a build's progress is one line that fits and is redrawn in
place, Ctrl-C ends a build with one line, and counted nouns agree with their counts."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from cablesearch import CableIndex, build_index
from cablesearch.indexing import Progress
from cablesearch.terminal import ProgressLine, plural, wrap
from conftest import ROOT, SAMPLE

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _frames(text: str) -> list[str]:
    return [ANSI.sub("", f) for f in text.split("\r") if ANSI.sub("", f).strip()]


def test_the_progress_line_never_exceeds_the_width_whatever_the_counts() -> None:
    for columns in (30, 40, 60, 80, 120):
        out, clock = io.StringIO(), Clock()
        line = ProgressLine(out, columns=columns, clock=clock)
        for done in range(1, 101):
            clock.now += 1
            line(Progress(done * 1_000, 100_000, done * 12_345, done * 10**7, 10**9, ocr_cables=done * 7))
        frames = _frames(out.getvalue())
        assert frames and all(len(f.rstrip("\n")) <= columns - 1 for f in frames), (columns, frames[-1])
        assert out.getvalue().count("\n") == 1  # one line, redrawn; a newline only when done


def test_the_progress_line_says_how_many_cables_were_read_by_ocr() -> None:
    out = io.StringIO()
    ProgressLine(out, columns=120, clock=Clock())(Progress(3, 3, 1_250, 10, 10, ocr_cables=1_024))
    assert "1,250 cables (1,024 by OCR)  done" in _frames(out.getvalue())[-1]
    out = io.StringIO()
    ProgressLine(out, columns=120, clock=Clock())(Progress(3, 3, 1_250, 10, 10))
    assert "OCR" not in out.getvalue()


def test_the_eta_follows_the_recent_rate_not_the_average() -> None:
    out, clock = io.StringIO(), Clock()
    line = ProgressLine(out, columns=80, clock=clock)
    done = 0
    for _ in range(60):  # a minute at 1 MB/s ...
        clock.now += 1
        done += 1 << 20
        line(Progress(1, 10, 1, done, 200 << 20))
    for _ in range(20):  # ... then 4 MB/s: 60 MB left is 15 s, not the average's 34 s
        clock.now += 1
        done += 4 << 20
        line(Progress(2, 10, 2, done, 200 << 20))
    assert _frames(out.getvalue())[-1].endswith("ETA 15s")


def test_counted_nouns_agree_and_text_wraps_with_a_hanging_indent() -> None:
    assert [plural(n, "cable") for n in (0, 1, 2, 1034)] == ["0 cables", "1 cable", "2 cables", "1,034 cables"]
    assert plural(1, "match", "matches") == "1 match"
    lines = wrap("word " * 60, 40, "    ", first="  ¶3 ")
    assert lines[0].startswith("  ¶3 word") and all(line.startswith("    word") for line in lines[1:])
    assert all(len(line) <= 40 for line in lines)
    cut = wrap("word " * 60, 40, "    ", max_lines=3)
    assert len(cut) == 3 and cut[-1].endswith("…") and len(cut[-1]) <= 40


def _run_in_terminal(args: list[str], columns: int) -> tuple[int, str]:
    """Run the CLI on a pseudo-terminal `columns` wide; its exit status and all it wrote."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = dict(os.environ, COLUMNS=str(columns), LINES="24")
    proc = subprocess.Popen([sys.executable, "-m", "cablesearch", *args], stdin=follower, stdout=follower,
                            stderr=follower, cwd=ROOT, env=env, close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(), b"".join(chunks).decode("utf-8", "replace")


def test_a_build_at_80_columns_draws_one_line_in_place(tmp_path: Path) -> None:
    status, text = _run_in_terminal(["index", str(SAMPLE), "--index", str(tmp_path / "ix"), "--workers", "1"], 80)
    assert status == 0, text
    bar, _, rest = text.partition("\n")
    frames = _frames(bar)
    assert len(frames) >= 2, text  # drawn more than once ...
    assert all(len(f) <= 79 for f in frames), frames  # ... each fitting the width ...
    assert "files" in frames[-1] and frames[-1].rstrip().endswith("done")  # ... in place, on one line
    assert "indexed" in rest


def test_ctrl_c_ends_a_build_with_one_line_and_the_last_commit(tmp_path: Path) -> None:
    ixdir = tmp_path / "ix"
    build_index([SAMPLE / "foia-ocr"], ixdir, workers=1)
    with CableIndex.open(ixdir) as ix:
        before = ix.search("*").total
    proc = subprocess.Popen([sys.executable, "-m", "cablesearch", "index", str(SAMPLE), "--index", str(ixdir),
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            start_new_session=True)
    time.sleep(2.0)  # parsing under way
    assert proc.poll() is None, "the build ended before Ctrl-C"
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends: to every process of the job
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip() == "interrupted", err  # no traceback from any worker
    with CableIndex.open(ixdir) as ix:
        assert ix.search("*").total == before


def test_search_in_a_terminal_puts_the_total_first_and_fits_the_width(sample_index) -> None:
    ix = str(sample_index.path)
    status, text = _run_in_terminal(["search", "tag:snar AND mexico OR kidnap*", "--index", ix, "--no-pager",
                                     "--color", "never"], 80)
    assert status == 0, text
    lines = text.replace("\r\n", "\n").splitlines()
    assert re.fullmatch(r"\d+ cables match  \(read as: \(tags:snar mexico\) OR kidnap\*\)", lines[0]), lines[0]
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    blocks = "\n".join(lines[2:]).split("\n\n")
    hits = [b for b in blocks if re.match(r"\d\d[A-Z]", b)]
    assert hits and all(sum(1 for line in b.splitlines() if line.startswith(("    ", "      "))) <= 3
                        for b in hits)
    status, full = _run_in_terminal(["search", "kidnap*", "--index", ix, "--no-pager", "--full"], 80)
    assert status == 0 and len(full.splitlines()) > len(lines)  # --full: whole snippets


def test_long_output_in_a_terminal_goes_through_the_pager(sample_index, monkeypatch) -> None:
    monkeypatch.setenv("PAGER", "sed s/^/paged:/")  # a pager that marks what it shows
    status, text = _run_in_terminal(["search", "", "--limit", "30", "--index", str(sample_index.path)], 80)
    assert status == 0, text
    lines = [line for line in text.replace("\r\n", "\n").splitlines() if line]
    assert lines and all(line.startswith("paged:") for line in lines)
    status, short = _run_in_terminal(["search", "tags:narcotics", "--index", str(sample_index.path)], 80)
    assert status == 0 and "paged:" not in short  # one screen: no pager
