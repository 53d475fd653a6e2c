"""What fits a terminal: a progress line redrawn in place, text wrapped to the width with a
hanging indent, counted nouns, and a pager for long output.

Pure functions and small objects over plain strings and streams: the CLI decides when
output is a terminal and calls these; nothing here imports click or reads a cable.
"""

from __future__ import annotations

import collections
import os
import shlex
import shutil
import subprocess
import textwrap
import time
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from cablesearch.indexing import Progress

#: Redraws per second, at most: a fast build must not spend its time drawing.
REDRAWS_PER_S = 10
#: The ETA is the bytes left over the rate of the last this-many seconds.
RATE_WINDOW_S = 10.0
#: A bar never shrinks below this many cells; below it, the bar is left out.
MIN_BAR = 10


def width() -> int:
    """The terminal's width in columns ($COLUMNS first; 80 when it cannot be told)."""
    return shutil.get_terminal_size((80, 24)).columns


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """`1 cable`, `2 cables`, `1,034 codes`: the count with the noun it agrees with."""
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds // 60 % 60:02d}m"


class ProgressLine:
    """A build's progress as one line on `out` (a terminal), redrawn in place and never wider
    than the terminal: `[#####.....] 100/1,133 files  12,345 cables  ETA 18s` (the cables
    `(3 by OCR)` once scanned pages have been OCR'd).

    The ETA is the bytes still to read over the rate of the last `RATE_WINDOW_S` seconds, so
    it follows a build whose speed changes (big files, a cold disk) instead of its average.
    """

    def __init__(self, out: IO[str], columns: int | None = None, clock=time.monotonic) -> None:
        self.out = out
        self.columns = columns
        self.clock = clock
        self.samples: collections.deque[tuple[float, int]] = collections.deque()
        self.last_draw = 0.0

    def __call__(self, p: Progress) -> None:
        now = self.clock()
        self.samples.append((now, p.bytes_done))
        while len(self.samples) > 2 and now - self.samples[0][0] > RATE_WINDOW_S:
            self.samples.popleft()
        finished = p.files_done >= p.files_total
        if not finished and now - self.last_draw < 1 / REDRAWS_PER_S:
            return
        self.last_draw = now
        columns = self.columns or width()
        # One column short of the width: writing the last column makes some terminals wrap.
        self.out.write("\r" + self.line(p, columns - 1) + "\x1b[K")
        if finished:
            self.out.write("\n")
        self.out.flush()

    def eta(self, p: Progress) -> float | None:
        """Seconds left at the recent rate; None until there is a rate to go by."""
        (t0, b0), (t1, b1) = self.samples[0], self.samples[-1]
        if t1 - t0 < 0.5 or b1 <= b0:
            return None
        return (p.bytes_total - p.bytes_done) / ((b1 - b0) / (t1 - t0))

    def line(self, p: Progress, columns: int) -> str:
        """The line for `p`, at most `columns` wide: parts are dropped, least useful first."""
        eta = self.eta(p)
        files = f"{p.files_done:,}/{p.files_total:,} files"
        cables = plural(p.cables, "cable") + (f" ({p.ocr_cables:,} by OCR)" if p.ocr_cables else "")
        parts = [files, cables, "ETA " + (_duration(eta) if eta is not None else "…")]
        if p.files_done >= p.files_total:
            parts[-1] = "done"
        for keep in (parts, [parts[0], parts[2]], [parts[0]]):
            text = "  ".join(keep)
            room = columns - len(text) - 3  # "[", "] "
            if room >= MIN_BAR:
                cells = min(room, 30)
                filled = cells * p.bytes_done // p.bytes_total if p.bytes_total else cells
                return f"[{'#' * filled}{'.' * (cells - filled)}] {text}"
            if len(text) <= columns:
                return text
        return files[:columns]


def wrap(text: str, columns: int, indent: str, *, first: str | None = None, max_lines: int | None = None
         ) -> list[str]:
    """`text` wrapped to `columns` at word boundaries with a hanging indent: the first line
    starts with `first` (default `indent`), the others with `indent`; cut to `max_lines`, the
    last ending in `…` when text was left out."""
    first = indent if first is None else first
    lines = textwrap.wrap(" ".join(text.split()), width=max(columns, len(indent) + 20),
                          initial_indent=first, subsequent_indent=indent, break_on_hyphens=False) or [first]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if len(last) + 1 > columns:
            last = last[:columns - 1].rstrip()
        lines[-1] = last + "…"
    return lines


def pager_command() -> list[str]:
    """`$PAGER`, or `less -FRX`: exits at once on one screen, keeps colour, leaves the text."""
    return shlex.split(os.environ.get("PAGER") or "less -FRX")


def page(lines: Iterable[str], out: IO[str]) -> None:
    """Write `lines` to `out`, through the pager when they fill more than the terminal's
    height; a pager that cannot start means plain output."""
    height = shutil.get_terminal_size((80, 24)).lines
    it = iter(lines)
    head: list[str] = []
    for line in it:
        head.append(line)
        if len(head) >= height:
            break
    else:  # one screen: no pager
        out.writelines(line + "\n" for line in head)
        return
    try:
        proc = subprocess.Popen(pager_command(), stdin=subprocess.PIPE, text=True, encoding="utf-8")
    except OSError:
        out.writelines(line + "\n" for line in head)
        out.writelines(line + "\n" for line in it)
        return
    assert proc.stdin is not None
    try:
        proc.stdin.writelines(line + "\n" for line in head)
        proc.stdin.writelines(line + "\n" for line in it)
        proc.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end
        pass
    proc.wait()


def is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


