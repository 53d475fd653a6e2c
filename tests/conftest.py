"""Shared fixtures: paths to the real sample cables."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
FOIA_EXAMPLE = SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt"


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
