"""SYNTHETIC scans: real cable texts rendered as image-only PDFs, the way a FOIA release looks.

There are no real scanned FOIA PDFs in the corpus, so the OCR tests and
``benchmarks/ocr_bench.py`` make them at run time from REAL cable texts in sample_data/:
each page is the printed telegram in a monospace font (Liberation Mono, Courier's metrics,
else DejaVu Sans Mono, else Pillow's own font) at 200-300 dpi, slightly skewed, with
speckle noise and a little blur, and the FOIA stamps drawn on it: the one-line case
header and footer of newer releases (``U.S. Department of State Case No. F-… Doc No. C…
Date: …``) and, on the first page, ``RELEASED IN PART`` with exemption codes in the
margin. The files are written where the caller says (a pytest tmp_path), never into
sample_data/, and every name made here says ``synthetic``.

    render_scan(pages_text, path, stamp=Stamp(...), dpi=200, seed=0) -> Path
    text_pdf(pages_text, path) -> Path     a PDF with a real text layer (Courier), no images
    paginate(text, lines_per_page=54, width=72) -> list[str]
"""

from __future__ import annotations

import random
import textwrap
import zlib
from dataclasses import dataclass
from pathlib import Path

FONTS = ("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
PAGE_INCHES = (8.5, 11.0)


@dataclass(frozen=True)
class Stamp:
    """The FOIA furniture drawn on each page (SYNTHETIC values, chosen per test)."""

    case: str = "F-2017-01234"
    doc: str = "C06500001"
    date: str = "07/31/2017"
    status: str = "RELEASED IN PART"
    codes: str = "B1, 1.4(B), 1.4(D)"
    classification: str = "UNCLASSIFIED"

    def line(self) -> str:
        return (f"{self.classification} U.S. Department of State Case No. {self.case} "
                f"Doc No. {self.doc} Date: {self.date}")


def paginate(text: str, lines_per_page: int = 54, width: int = 72) -> list[str]:
    """The text as printed pages: long lines wrapped at ``width``, ``lines_per_page`` a page.
    WikiLeaks' ``¶`` before paragraph numbers is a web page's mark, never printed on a
    telegram: it is left out, as are the ``~~`` strike marks of an OCR'd text."""
    lines: list[str] = []
    text = text.replace("¶", "").replace("~~", "")
    for line in text.replace("\t", "    ").splitlines():
        lines.extend(textwrap.wrap(line, width, drop_whitespace=True, replace_whitespace=False) or [""])
    while lines and not lines[-1].strip():
        lines.pop()
    return ["\n".join(lines[i:i + lines_per_page]) for i in range(0, len(lines), lines_per_page)] or [""]


def _font(size: int):
    from PIL import ImageFont

    for path in FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def render_page(text: str, stamp: Stamp | None, *, first: bool, dpi: int, rng: random.Random):
    """One page image (mode "L") of ``text`` with ``stamp`` drawn on it."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = int(PAGE_INCHES[0] * dpi), int(PAGE_INCHES[1] * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    body = _font(int(dpi * 11 / 72))  # 11 pt, a typewriter's pica
    small = _font(int(dpi * 8 / 72))
    pitch = int(dpi * 12 / 72)
    x0, y0 = int(dpi * 0.9), int(dpi * 1.0)
    for i, line in enumerate(text.split("\n")):
        ink = rng.randint(0, 60)
        draw.text((x0 + rng.randint(-1, 1), y0 + i * pitch), line, fill=ink, font=body)
    if stamp is not None:
        draw.text((int(dpi * 0.5), int(dpi * 0.35)), stamp.line(), fill=30, font=small)
        draw.text((int(dpi * 0.5), height - int(dpi * 0.5)), stamp.line(), fill=30, font=small)
        if first:
            draw.text((width - int(dpi * 2.6), int(dpi * 0.6)), stamp.status, fill=20, font=small)
            draw.text((width - int(dpi * 2.6), int(dpi * 0.75)), stamp.codes, fill=20, font=small)
    page = page.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=255)
    noise = bytearray(page.tobytes())
    for _ in range(width * height // 3000):  # speckle: toner dust and paper grain
        noise[rng.randrange(len(noise))] = rng.choice((60, 140, 200))
    page = Image.frombytes("L", page.size, bytes(noise))
    return page.filter(ImageFilter.GaussianBlur(radius=dpi / 300 * 0.6))


def render_scan(pages_text: list[str], path: Path, stamp: Stamp | None = Stamp(), *, dpi: int = 200,
                seed: int = 0, stamps: list[Stamp | None] | None = None) -> Path:
    """Write ``pages_text`` as an image-only PDF (no text layer) at ``dpi``; ``stamps`` gives each
    page its own stamp (a multi-document release), else every page gets ``stamp``."""
    rng = random.Random(seed)
    images = []
    for n, text in enumerate(pages_text):
        page_stamp = stamps[n] if stamps is not None else stamp
        first = n == 0 or (stamps is not None and stamps[n - 1] != page_stamp)
        images.append(render_page(text, page_stamp, first=first, dpi=dpi, rng=rng))
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def text_pdf(pages_text: list[str], path: Path) -> Path:
    """Write ``pages_text`` as a PDF with a text layer in Courier (one text line per line)."""
    objects: list[bytes] = []
    page_ids = []
    font_id = 3
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # the page tree, filled in below
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>")
    for text in pages_text:
        ops = ["BT", "/F1 10 Tf", "12 TL", "54 740 Td"]
        for line in text.split("\n"):
            safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({safe}) Tj T*")
        ops.append("ET")
        stream = zlib.compress("\n".join(ops).encode("cp1252", "replace"))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_id, font_id))
        page_ids.append(len(objects))
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
