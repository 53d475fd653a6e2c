"""OCR engines for PDF pages without a usable text layer: Tesseract, or RapidOCR as an extra.

Tesseract is a system program (Debian: ``apt-get install tesseract-ocr``) run as a
subprocess, so it needs no Python package; RapidOCR (``pip install 'cablesearch[ocr]'``)
runs PP-OCR models shipped inside its wheel on ONNX Runtime. Which one is used when both
are there was decided by ``benchmarks/ocr_bench.py`` on rendered scans of real cables
(character error rate and pages per second: ``benchmarks/RESULTS.md``): Tesseract first.
``$CABLESEARCH_OCR_ENGINE`` (``tesseract`` or ``rapidocr``) names one instead.

Contract:

    best_engine() -> Engine | None      the engine to use, None when none is installed
    engine_names() -> list[str]         every installed engine's name, preferred first
    engine(name) -> Engine              one engine by name (ReadError when not installed)
    render_page(page, dpi) -> Gray      a pypdfium2 page rendered as 8-bit grey pixels
    place_lines(words) -> str           positioned words -> lines, blank lines at gaps
    Engine.recognise(image: Gray) -> str   the page's text as lines; ReadError on failure
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from typing import Protocol

from ..errors import ReadError

NO_ENGINE = "install Tesseract (apt-get install tesseract-ocr) or pip install 'cablesearch[ocr]' to OCR it"
TESSERACT_TIMEOUT_S = 120
#: A gap between two lines wider than this many line pitches is a blank line.
BLANK_GAP = 1.5


@dataclass(frozen=True, slots=True)
class Gray:
    """An 8-bit greyscale image: ``width`` x ``height`` pixels, rows packed in ``pixels``."""

    width: int
    height: int
    pixels: bytes

    def pgm(self) -> bytes:
        """The image as a binary PGM file (Tesseract reads it without any Python imaging)."""
        return b"P5\n%d %d\n255\n" % (self.width, self.height) + self.pixels


@dataclass(frozen=True, slots=True)
class Word:
    """A recognised word or text run, in image coordinates (y grows downwards)."""

    text: str
    left: float
    top: float
    bottom: float
    line: tuple[int, ...] = ()  # the engine's own line key, when it has one


class Engine(Protocol):
    name: str

    def recognise(self, image: Gray) -> str: ...


def render_page(page, dpi: int) -> Gray:  # noqa: ANN001 - a pypdfium2 PdfPage
    """Render a page at ``dpi`` as greyscale pixels."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        raw = bytes(bitmap.buffer)
    finally:
        bitmap.close()
    if stride != width:
        raw = b"".join(raw[row * stride:row * stride + width] for row in range(height))
    return Gray(width, height, raw)


# One thread per Tesseract: the build already runs one reading process per core.
_ONE_THREAD = dict(os.environ, OMP_THREAD_LIMIT="1")


class Tesseract:
    """The ``tesseract`` program: page segmentation and recognition, words with boxes (TSV)."""

    name = "tesseract"

    def __init__(self, exe: str) -> None:
        self.exe = exe

    def recognise(self, image: Gray) -> str:
        try:
            done = subprocess.run([self.exe, "stdin", "stdout", "-l", "eng", "--psm", "6", "tsv"],
                                  input=image.pgm(), capture_output=True, timeout=TESSERACT_TIMEOUT_S,
                                  check=False, env=_ONE_THREAD)
        except subprocess.TimeoutExpired:
            raise ReadError(f"tesseract took longer than {TESSERACT_TIMEOUT_S} s on a page") from None
        except OSError as error:
            raise ReadError(f"cannot run tesseract ({error.strerror})") from None
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ReadError(f"tesseract failed ({lines[-1] if lines else done.returncode})")
        return repair_marks(place_lines(tesseract_words(done.stdout.decode("utf-8", "replace"))))


def tesseract_words(tsv: str) -> list[Word]:
    """The words of Tesseract's TSV output (level 5 rows), keyed by block, paragraph and line."""
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, height = int(cells[6]), int(cells[7]), int(cells[9])
        words.append(Word(cells[11].strip(), left, top, top + height,
                          (int(cells[2]), int(cells[3]), int(cells[4]))))
    return words


class RapidOcr:
    """RapidOCR on ONNX Runtime (the ``ocr`` extra): text runs with boxes."""

    name = "rapidocr"

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self._ocr = RapidOCR()

    def recognise(self, image: Gray) -> str:
        import numpy

        array = numpy.frombuffer(image.pixels, dtype=numpy.uint8).reshape(image.height, image.width)
        result, _ = self._ocr(numpy.stack([array] * 3, axis=-1))
        words = []
        for box, text, _score in result or ():
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            words.append(Word(text.strip(), min(xs), min(ys), max(ys)))
        return repair_marks(place_lines(words))


# A classification banner printed letter-spaced ("C O N F I D E N T I A L"), which OCR
# splits unevenly ("CONFIDENT I A _L"): each letter, then any spaces, underscores or dots.
_SPACED_BANNERS = [(re.compile(r"^([ \t]*)" + "[ \t_.]*".join(word) + r"(?=[ \t])", re.MULTILINE), " ".join(word))
                   for word in ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET")]


def repair_marks(text: str) -> str:
    """Undo what OCR does to a letter-spaced classification banner at the start of a line:
    any split of its letters becomes the spaced form the telegram prints."""
    for pattern, spaced in _SPACED_BANNERS:
        text = pattern.sub(lambda m: m.group(1) + spaced if " " in m.group(0).strip() else m.group(0), text)
    return text


def place_lines(words: list[Word]) -> str:
    """Positioned words as lines of text: words whose vertical middles fall within half a
    line height are one line (or share the engine's line key), lines are ordered top to
    bottom, a gap wider than ``BLANK_GAP`` line pitches becomes a blank line, and a line's
    indentation becomes leading spaces."""
    words = [w for w in words if w.text]
    if not words:
        return ""
    heights = [w.bottom - w.top for w in words if w.bottom > w.top] or [10.0]
    height = statistics.median(heights)
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.left)):
        middle = (word.top + word.bottom) / 2
        for line in lines[-3:]:
            if (word.line and word.line == line[0].line) or (
                    not word.line and abs(middle - (line[0].top + line[0].bottom) / 2) < height / 2):
                line.append(word)
                break
        else:
            lines.append([word])
    placed = sorted(((sorted(line, key=lambda w: w.left)) for line in lines),
                    key=lambda line: statistics.median((w.top + w.bottom) / 2 for w in line))
    middles = [statistics.median((w.top + w.bottom) / 2 for w in line) for line in placed]
    steps = [b - a for a, b in zip(middles, middles[1:]) if b - a > height / 2]
    pitch = statistics.median(steps) if steps else height * 1.2
    char_width = height * 0.6
    margin = min(line[0].left for line in placed)
    out: list[str] = []
    for i, line in enumerate(placed):
        if i and middles[i] - middles[i - 1] > BLANK_GAP * pitch:
            out.append("")
        indent = min(max(int(round((line[0].left - margin) / char_width)), 0), 40)
        out.append(" " * indent + " ".join(w.text for w in line))
    return "\n".join(out) + "\n"


def _rapidocr_installed() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


_RAPIDOCR: list[RapidOcr] = []  # loaded once per process: its models take a second to load


def engine_names() -> list[str]:
    """The installed engines' names, preferred first (``$CABLESEARCH_OCR_ENGINE`` puts one first)."""
    found = [name for name, there in (("tesseract", shutil.which("tesseract") is not None),
                                      ("rapidocr", _rapidocr_installed())) if there]
    wanted = os.environ.get("CABLESEARCH_OCR_ENGINE", "").strip().lower()
    return sorted(found, key=lambda name: name != wanted)


def engine(name: str) -> Engine:
    """The engine called ``name``; ReadError when it is not installed."""
    if name == "tesseract":
        exe = shutil.which("tesseract")
        if exe:
            return Tesseract(exe)
    elif name == "rapidocr" and _rapidocr_installed():
        if not _RAPIDOCR:
            _RAPIDOCR.append(RapidOcr())
        return _RAPIDOCR[0]
    raise ReadError(f"OCR engine {name!r} is not installed")


def best_engine() -> Engine | None:
    """The engine to OCR with, or None when no engine is installed."""
    names = engine_names()
    return engine(names[0]) if names else None
