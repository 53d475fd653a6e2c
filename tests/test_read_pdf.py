"""PDFs: text layers with no system tool, FOIA page furniture, several documents in one file,
image-only pages OCR'd or skipped with what to install, and skips that heal.

The PDFs made here are SYNTHETIC (tests/scans.py): REAL cable texts from sample_data/ written
as a text-layer PDF or rendered as scanned pages, in pytest's tmp_path, never in sample_data/.
"""

from __future__ import annotations

import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE
from scans import Stamp, paginate, render_scan, text_pdf

from cablesearch import build_index, parse_path
from cablesearch.model import RawCable, Skip
from cablesearch.parse import parse_raw
from cablesearch.read import read_file, skip_heals
from cablesearch.read.ocr import NO_ENGINE, Word, engine_names, place_lines
from cablesearch.read.pdf import text_quality

#: The ten REAL cables the OCR test renders (the same as benchmarks/pdf_bench.py OCR_CABLES).
OCR_CABLES = ("foia-ocr/MEXICO006043-2007.txt", "cablegate-pre/05PARAMARIBO725.txt",
              "cablegate-pre/90BAGHDAD4397.txt", "plusd-html/1973STATE097844_b.html",
              "cablegate-html-2011/06BRASILIA2425.html", "plaintext-latin1/07KUALALUMPUR1376.txt",
              "cablegate-html-2011/08MEXICO2371.html", "cablegate-pre/10LONDON131.txt",
              "plaintext-latin1/09PARIS1007.txt", "plusd-html/1974ATHENS03099_b.html")
TESSERACT = shutil.which("tesseract") is not None
needs_ocr = pytest.mark.skipif(not TESSERACT and not os.environ.get("CI"),
                               reason="no OCR engine here (.ci/run installs tesseract-ocr)")


def raw(rel: str) -> RawCable:
    return next(r for r in read_file(SAMPLE / rel, SAMPLE) if isinstance(r, RawCable))


@pytest.fixture
def no_ocr_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with only Python: nothing on PATH, and the `ocr` extra not importable."""
    monkeypatch.setenv("PATH", "")
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)


# --- text layers -------------------------------------------------------------------

def test_sample_pdfs_are_indexed_with_nothing_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    report = build_index([SAMPLE / "plusd-pdf"], tmp_path / "ix", workers=1)
    assert (report.added, report.skipped) == (2, [])


def test_foia_stamps_become_fields_and_leave_the_text(tmp_path: Path) -> None:
    """A text-layer release of the REAL 08MEXICO2371 text with SYNTHETIC page stamps."""
    source = raw("cablegate-html-2011/08MEXICO2371.html")
    stamp = Stamp(case="F-2017-01234", doc="C06500007", date="07/31/2017")
    pages = [f"{stamp.line()}\n{stamp.status}\n{stamp.codes}\n\n{text}\n\n{stamp.line()}"
             for text in paginate(source.text)]
    pdf = text_pdf(pages, tmp_path / "synthetic-release.pdf")
    (cable,) = parse_path(pdf).cables
    assert (cable.source.format, cable.source.pages, cable.source.extraction) == ("foia-pdf", "1-2", "text layer")
    assert cable.foia.status == "RELEASED IN PART"
    assert (cable.foia.case_id, cable.foia.doc_id, cable.foia.released) == ("F-2017-01234", "C06500007", "2017-07-31")
    assert set(cable.foia.exemptions) >= {"B1", "1.4(B)", "1.4(D)"}
    body = "\n".join(p.text for p in cable.paragraphs)
    assert "Case No" not in body and "Doc No" not in body and "RELEASED IN" not in body
    assert not any("Department" in name or "Case" in name for name in cable.people)
    want = parse_raw(source)
    assert (cable.id, cable.date, cable.subject, cable.tags) == (want.id, want.date, want.subject, want.tags)
    assert len(cable.paragraphs) == len(want.paragraphs)


def test_a_release_of_several_documents_gives_several_cables(tmp_path: Path) -> None:
    rels = ("cablegate-pre/05PARAMARIBO725.txt", "cablegate-html-2011/08MEXICO2371.html",
            "plaintext-latin1/07KUALALUMPUR1376.txt")
    pages, spans = [], []
    for n, rel in enumerate(rels):
        stamp = Stamp(doc=f"C0650010{n}")
        own = [f"{stamp.line()}\n\n{text}" for text in paginate(raw(rel).text)]
        spans.append(f"{len(pages) + 1}" if len(own) == 1 else f"{len(pages) + 1}-{len(pages) + len(own)}")
        pages += own
    cables = parse_path(text_pdf(pages, tmp_path / "synthetic-three.pdf")).cables
    assert [c.id for c in cables] == [parse_raw(raw(rel)).id for rel in rels]
    assert [c.source.pages for c in cables] == spans
    assert [c.foia.doc_id for c in cables] == ["C06500100", "C06500101", "C06500102"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_any_bytes_after_the_pdf_header_give_a_skip_not_an_exception(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n" + junk)
    results = list(read_file(path))
    assert results and all(isinstance(r, (Skip, RawCable)) for r in results)


# --- pages without text ------------------------------------------------------------

@pytest.fixture(scope="module")
def scan_of_the_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The REAL FOIA seed's text rendered as a SYNTHETIC image-only release."""
    folder = tmp_path_factory.mktemp("scans")
    render_scan(paginate(raw("foia-ocr/MEXICO006043-2007.txt").text)[:1], folder / "synthetic-scan.pdf")
    return folder / "synthetic-scan.pdf"


def test_an_image_only_pdf_without_an_ocr_engine_says_what_to_install(scan_of_the_seed: Path, no_ocr_engine) -> None:
    assert list(read_file(scan_of_the_seed)) == [
        Skip("synthetic-scan.pdf", f"PDF page without a text layer: {NO_ENGINE}")]


def test_ocr_never_skips_the_page_and_says_so(scan_of_the_seed: Path) -> None:
    (skip,) = read_file(scan_of_the_seed, ocr="never")
    assert skip == Skip("synthetic-scan.pdf", "PDF page without a text layer: OCR is off (--ocr never)")


def test_a_skip_for_a_missing_engine_heals_once_one_is_there(monkeypatch: pytest.MonkeyPatch) -> None:
    reason = f"PDF page without a text layer: {NO_ENGINE}"
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    monkeypatch.setenv("PATH", "")
    assert not skip_heals(reason)
    fake = Path(__file__).parent  # any folder: a `tesseract` found on PATH is what counts
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: str(fake / name) if name == "tesseract" else None)
    assert skip_heals(reason)
    assert skip_heals("PDF file: install poppler-utils (pdftotext) to read PDFs")  # no longer needed at all
    assert not skip_heals("not a cable: only a SUBJECT found")


@needs_ocr
def test_a_pdf_skipped_for_want_of_ocr_is_read_when_tesseract_appears(
        tmp_path: Path, scan_of_the_seed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    shutil.copy(scan_of_the_seed, folder)
    path = os.environ["PATH"]
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    monkeypatch.setenv("PATH", "")
    first = build_index([folder], tmp_path / "ix", workers=1)
    assert (first.added, [s.reason for s in first.skipped]) == (0, [f"PDF page without a text layer: {NO_ENGINE}"])
    monkeypatch.setenv("PATH", path)
    second = build_index([folder], tmp_path / "ix", workers=1)
    assert (second.retried, second.cables_indexed, second.skipped) == (1, 1, [])
    third = build_index([folder], tmp_path / "ix", workers=1)
    assert (third.retried, third.unchanged) == (0, 1)


@needs_ocr
def test_ocr_of_rendered_scans_parses_like_the_source_text(tmp_path: Path) -> None:
    """Ten REAL cables as SYNTHETIC scans: at least nine parse to the same id, date,
    classification, TAGS, subject and paragraph count as their source text."""
    jobs = []
    folder = tmp_path / "synthetic-scans"  # each named as its source (the id's year may come from it)
    folder.mkdir()
    for n, rel in enumerate(OCR_CABLES):
        source = raw(rel)
        pdf = render_scan(paginate(source.text), folder / (Path(rel).stem + ".pdf"),
                          Stamp(doc=f"C065{n:05d}"), dpi=200, seed=n)
        jobs.append((source, pdf))

    def compare(job: tuple[RawCable, Path]) -> tuple[str, list[str]]:
        source, pdf = job
        (got,) = [parse_raw(r) for r in read_file(pdf) if isinstance(r, RawCable)]
        want = parse_raw(source)
        assert got.source.format == "foia-pdf-ocr" and got.source.extraction.startswith("ocr:")
        fields = ("id", "date", "classification", "tags", "subject")
        wrong = [f for f in fields if getattr(got, f) != getattr(want, f)]
        if len(got.paragraphs) != len(want.paragraphs):
            wrong.append(f"paragraphs {len(got.paragraphs)} != {len(want.paragraphs)}")
        return source.source.path, wrong

    with ThreadPoolExecutor(2) as pool:  # Tesseract runs as a subprocess: two at once on two cores
        results = list(pool.map(compare, jobs))
    failed = [(path, wrong) for path, wrong in results if wrong]
    assert len(failed) <= 1, failed


# --- layout --------------------------------------------------------------------------

def test_place_lines_orders_words_keeps_indent_and_blank_lines() -> None:
    words = [Word("TAGS:", 100, 100, 120), Word("PGOV", 160, 101, 121), Word("SUBJECT:", 100, 124, 144),
             Word("WRAPPED", 148, 148, 168), Word("1.", 100, 196, 216), Word("(C)", 124, 196, 216)]
    assert place_lines(words) == "TAGS: PGOV\nSUBJECT:\n    WRAPPED\n\n1. (C)\n"


def test_text_quality_tells_words_from_garbage() -> None:
    assert text_quality("THE GOVERNMENT IS STICKING AS CLOSE AS POSSIBLE TO CONSTITUTIONAL PRACTICE") > 0.9
    assert text_quality("~ ' .. ;: §§ |/ \\ ^^ ~~ ¦¦ ]] [[ ` ' .. ;: §§ |/ \\ ^^ ~~ ¦¦ ]] [[") == 0.0
    assert text_quality("") == 0.0


def test_engine_names_follow_what_is_installed(no_ocr_engine) -> None:
    assert engine_names() == []


def test_index_ocr_never_skips_image_pages_and_leaves_the_setting_as_it_was(
        tmp_path: Path, scan_of_the_seed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_cli import invoke

    monkeypatch.delenv("CABLESEARCH_OCR", raising=False)
    folder = tmp_path / "release"
    folder.mkdir()
    shutil.copy(scan_of_the_seed, folder)
    result = invoke("index", folder, "--index", tmp_path / "ix", "--ocr", "never")
    assert result.exit_code == 0, result.stderr
    assert ("skipped: synthetic-scan.pdf: PDF page without a text layer: OCR is off (--ocr never)"
            in result.stderr)
    assert "CABLESEARCH_OCR" not in os.environ
    assert invoke("index", folder, "--ocr", "sometimes").exit_code == 2


@needs_ocr
def test_cables_read_by_ocr_are_counted_in_progress_the_report_and_the_summary(
        tmp_path: Path, scan_of_the_seed: Path) -> None:
    from test_cli import invoke

    folder = tmp_path / "release"
    folder.mkdir()
    shutil.copy(scan_of_the_seed, folder)
    shutil.copy(SAMPLE / "plusd-pdf" / "00DAMASCUS2985.pdf", folder)  # a text layer: no OCR
    seen: list = []
    report = build_index([folder], tmp_path / "ix", workers=1, on_progress=seen.append)
    assert (report.cables_indexed, report.ocr_cables) == (2, 1)
    assert report.to_dict()["ocr_cables"] == 1
    assert seen[-1].ocr_cables == 1 and seen[-1].cables == 2
    result = invoke("index", folder, "--index", tmp_path / "ix2")
    assert result.exit_code == 0, result.stderr
    assert ", 1 cable read by OCR in " in result.stdout
