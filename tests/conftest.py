"""Shared fixtures: paths to the real sample cables."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
FOIA_EXAMPLE = SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt"

#: sample_data's files that yield no cable: PROVENANCE.md. (PDFs are read by PDFium, a wheel the
#: package installs, so no count depends on what the machine has.)
SAMPLE_SKIPS = 1


def unique_cases(cases: list[tuple]) -> list[tuple]:
    """Guard against a case table listing the same input twice (a copy-paste slip)."""
    seen = set()
    for case in cases:
        key = case[:2]
        assert key not in seen, f"duplicate case {key!r}"
        seen.add(key)
    return cases


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def foia_text() -> str:
    return FOIA_EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_records() -> list:
    """Every cable parsed from sample_data (the brute-force reference for search tests)."""
    from cablesearch import parse_path

    return parse_path(SAMPLE).cables


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    """An index of all of sample_data, built once per test session."""
    from cablesearch import CableIndex, build_index

    path = tmp_path_factory.mktemp("sample-index")
    build_index([SAMPLE], path)
    with CableIndex.open(path) as ix:
        yield ix


def whoosh_query(text: str, *, paragraphs: bool = False, references_of=None):
    """A query string as the Whoosh query a search runs (parsed, resolved, compiled): for the
    engine's own tests, which compare it with Whoosh's classes."""
    from cablesearch.engine.whoosh.compile import compile_query
    from cablesearch.query import parse_query

    parsed = parse_query(text, paragraphs=paragraphs, references_of=references_of)
    return compile_query(parsed.resolved, paragraphs=paragraphs)
