"""PDF text extraction and OCR: text fidelity and pages per second, per library or engine.

    python benchmarks/pdf_bench.py text [PDF_DIR]        # text layers (default ../shared/corpus/plusd-pdf)
    python benchmarks/pdf_bench.py ocr [--cables N] [--dpi D]   # OCR engines on SYNTHETIC scans

``text``: every installed extractor (cablesearch's PDFium reader, PDFium's plain text,
pypdf plain and layout, pdfminer.six, poppler's ``pdftotext -layout``) reads each PDF.
Fidelity is measured against ``pdftotext -layout`` (the reference: the golden records were
made with it): CER, the character edit distance over the reference's length with runs of
whitespace made one space; ``blank`` the share of the reference's blank lines (paragraph
breaks, which the parser needs) found at the same place; ``fields`` the parsed fields
(id, date, classification, TAGS, subject, paragraph count, signer) equal to the reference
parse's. Speed: pages per second, best of 3 passes, one process.

``ocr``: REAL cable texts from sample_data/ rendered as SYNTHETIC image-only scans
(tests/scans.py), read back through cablesearch with ``--ocr always`` by each installed
engine. CER: per page, the OCR text (less the FOIA stamp lines, which the parser lifts out)
against the text drawn; ``fields``: cables whose id, date, classification, TAGS, subject and
paragraph count parse the same as from the source text. Speed: pages per second (wall, one
process, rendering included) and CPU seconds per page (this process and its children).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from cablesearch.model import RawCable, Source  # noqa: E402
from cablesearch.parse import parse_raw  # noqa: E402

#: The OCR benchmark's cables (the same ten tests/test_read_ocr.py checks): the FOIA seed and
#: nine of one or two pages from every reader.
OCR_CABLES = ("foia-ocr/MEXICO006043-2007.txt", "cablegate-pre/05PARAMARIBO725.txt",
              "cablegate-pre/90BAGHDAD4397.txt", "plusd-html/1973STATE097844_b.html",
              "cablegate-html-2011/06BRASILIA2425.html", "plaintext-latin1/07KUALALUMPUR1376.txt",
              "cablegate-html-2011/08MEXICO2371.html", "cablegate-pre/10LONDON131.txt",
              "plaintext-latin1/09PARIS1007.txt", "plusd-html/1974ATHENS03099_b.html")


def levenshtein(a: str, b: str) -> int:
    """Edit distance (Hyyro's bit-parallel algorithm: one big-integer step per character)."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if not m:
        return len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(b):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    full, top = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = full, 0, m
    for ch in a:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & full
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = (mh | ~(xv | ph)) & full
        mv = ph & xv
    return score


def squash(text: str) -> str:
    return " ".join(text.split())


def cer(got: str, want: str) -> float:
    want = squash(want)
    return levenshtein(squash(got), want) / max(len(want), 1)


# --- text layers -------------------------------------------------------------------

def _pdfium_ours(path: str) -> list[str]:
    from cablesearch.read.pdf import read_pdf_pages

    return [p.text for p in read_pdf_pages(path, "never").pages]


def _pdfium_plain(path: str) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    out = [doc[i].get_textpage().get_text_range().replace("\r\n", "\n").replace("\ufffe", "-\n")
           for i in range(len(doc))]
    doc.close()
    return out


def _pypdf(path: str, layout: bool = False) -> list[str]:
    import pypdf

    reader = pypdf.PdfReader(path)
    return [p.extract_text(extraction_mode="layout") if layout else p.extract_text() for p in reader.pages]


def _pdfminer(path: str) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(path).split("\f")


def _pdftotext(path: str) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-q", path, "-"], capture_output=True,
                         check=True).stdout.decode("utf-8", "replace")
    return out.rstrip("\f").split("\f")


def _installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def text_extractors() -> dict[str, object]:
    found: dict[str, object] = {"cablesearch (pypdfium2 + layout)": _pdfium_ours,
                                "pypdfium2 get_text_range": _pdfium_plain}
    if _installed("pypdf"):
        found["pypdf"] = _pypdf
        found["pypdf layout"] = lambda p: _pypdf(p, layout=True)
    if _installed("pdfminer"):
        found["pdfminer.six"] = _pdfminer
    if shutil.which("pdftotext"):
        found["pdftotext -layout (poppler)"] = _pdftotext
    return found


FIELDS = ("id", "date", "classification", "tags", "subject", "paragraphs", "signed_by")


def _fields(text: str, fmt: str = "plusd-pdf") -> dict[str, object]:
    cable = parse_raw(RawCable(text, Source("x.pdf", fmt, None, "utf-8"), {}))
    return {f: (len(cable.paragraphs) if f == "paragraphs" else getattr(cable, f)) for f in FIELDS}


def _blank_share(got: str, want: str) -> float:
    """Share of the reference's blank lines whose neighbouring lines are also apart in ``got``."""
    lines = [re.sub(r"[ \t]+", " ", line.strip()) for line in want.splitlines()]
    pairs = [(a, b) for a, blank, b in zip(lines, lines[1:], lines[2:]) if a and not blank and b]
    if not pairs:
        return 1.0
    squashed = re.sub(r"[ \t]+", " ", got)
    found = sum(1 for a, b in pairs if re.search(re.escape(a) + r" ?\n[ \t]*\n+ ?" + re.escape(b), squashed))
    return found / len(pairs)


def bench_text(folder: Path) -> None:
    pdfs = sorted(str(p) for p in folder.glob("*.pdf"))
    extractors = text_extractors()
    reference = {p: _pdftotext(p) for p in pdfs} if shutil.which("pdftotext") else None
    print(f"{len(pdfs)} PDFs in {folder}; reference: {'pdftotext -layout' if reference else 'none (no pdftotext)'}")
    clipped: set[str] = set()
    if reference:  # pdftotext drops text that runs past the page's edge; PDFium keeps it
        ours = {p: "\n".join(_pdfium_ours(p)) for p in pdfs}
        clipped = {p for p in pdfs if len(squash("\n".join(reference[p]))) < 0.8 * len(squash(ours[p]))}
        for p in sorted(clipped):
            print(f"  {Path(p).name}: pdftotext has {len(squash(chr(10).join(reference[p])))} characters, "
                  f"PDFium {len(squash(ours[p]))} (lines run past the page edge): left out of CER")
    print(f"| library | CER vs pdftotext | blank lines kept | parsed fields equal | pages/s |")
    print("|---|---:|---:|---:|---:|")
    for name, extract in extractors.items():
        best = float("inf")
        texts: dict[str, list[str]] = {}
        for _ in range(3):
            start = time.perf_counter()
            texts = {p: extract(p) for p in pdfs}  # type: ignore[operator]
            best = min(best, time.perf_counter() - start)
        pages = sum(len(t) for t in texts.values())
        if reference:
            fits = [p for p in pdfs if p not in clipped]
            errors = sum(levenshtein(squash("\n".join(texts[p])), squash("\n".join(reference[p]))) for p in fits)
            total = sum(len(squash("\n".join(reference[p]))) for p in fits)
            blank = sum(_blank_share("\n".join(texts[p]), "\n".join(reference[p])) for p in pdfs) / len(pdfs)
            same = sum(_fields("\n".join(texts[p]))[f] == _fields("\n".join(reference[p]))[f]
                       for p in pdfs for f in FIELDS)
            print(f"| {name} | {errors / total:.4f} | {blank:.2f} | {same}/{len(pdfs) * len(FIELDS)} "
                  f"| {pages / best:.0f} |")
        else:
            print(f"| {name} | – | – | – | {pages / best:.0f} |")


# --- OCR ---------------------------------------------------------------------------

def _cpu() -> float:
    """CPU seconds of this process (all its threads) and its finished children (tesseract):
    on a shared machine a truer measure of an engine's cost than wall time."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


_STAMP_LINE = re.compile(r"Department of State|Case No|Doc No|RELEASED? IN|^[\s,;.]*(?:B\d|1\.4)", re.IGNORECASE)


def bench_ocr(n: int, dpi: int) -> None:
    from scans import Stamp, paginate, render_scan

    from cablesearch.read import read_file
    from cablesearch.read.ocr import engine_names
    from cablesearch.read.pdf import read_pdf_pages
    from cablesearch.read.pdf_documents import document_cable

    sample = ROOT / "sample_data"
    names = engine_names()
    print(f"{min(n, len(OCR_CABLES))} SYNTHETIC scans of real cables at {dpi} dpi; engines: {', '.join(names) or 'none'}")
    print("| engine | CER | cables with id, date, class., TAGS, subject, ¶ count equal | pages/s | CPU s/page |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="synthetic-scans-") as tmp:
        jobs = []
        for i, rel in enumerate(OCR_CABLES[:n]):
            raw = next(r for r in read_file(sample / rel, sample) if isinstance(r, RawCable))
            pages = paginate(raw.text)
            pdf = render_scan(pages, Path(tmp) / (Path(rel).stem + ".pdf"),  # tmp: synthetic-scans
                              Stamp(doc=f"C065{i:05d}"), dpi=dpi, seed=i)
            jobs.append((raw, pages, pdf))
        for name in names:
            os.environ["CABLESEARCH_OCR_ENGINE"] = name
            errors = total = same = pages_done = 0
            elapsed = cpu = 0.0
            for raw, pages, pdf in jobs:
                start, start_cpu = time.perf_counter(), _cpu()
                read = read_pdf_pages(str(pdf), "always")
                elapsed += time.perf_counter() - start
                cpu += _cpu() - start_cpu
                pages_done += len(read.pages)
                for page, want in zip(read.pages, pages):
                    got = "\n".join(line for line in page.text.splitlines() if not _STAMP_LINE.search(line))
                    errors += levenshtein(squash(got), squash(want))
                    total += len(squash(want))
                cable = document_cable(read.pages, pdf.name)
                cable.metadata["name_id"] = pdf.stem  # as the reader does for a one-cable file
                want_fields, got_fields = _fields(raw.text, raw.source.format), _fields(cable.text, cable.source.format)
                same += all(want_fields[f] == got_fields[f] for f in FIELDS if f != "signed_by")
            print(f"| {name} | {errors / max(total, 1):.4f} | {same}/{len(jobs)} | {pages_done / elapsed:.2f} "
                  f"| {cpu / pages_done:.2f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    text = sub.add_parser("text")
    text.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "plusd-pdf"))
    ocr = sub.add_parser("ocr")
    ocr.add_argument("--cables", type=int, default=len(OCR_CABLES))
    ocr.add_argument("--dpi", type=int, default=200)
    args = ap.parse_args()
    if args.what == "text":
        bench_text(Path(args.folder))
    else:
        bench_ocr(args.cables, args.dpi)


if __name__ == "__main__":
    main()
