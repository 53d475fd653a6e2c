"""Golden records: every file in sample_data/ parses to its reviewed JSON in tests/golden/.

A golden file holds what `parse_path(file)` gives: each cable's `to_dict()` and
each skip with its reason. A parser change that alters any field of any
sample cable fails here and shows the difference; when the change is right,
regenerate and review the diff before committing:

    CABLESEARCH_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py
    git diff tests/golden
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import SAMPLE

from cablesearch import parse_path

GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("CABLESEARCH_REGEN_GOLDEN") == "1"
SAMPLE_FILES = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*")
                      if p.is_file() and p.name != "PROVENANCE.md")


def parsed(rel: str) -> dict:
    """What the golden file holds: `source.abspath` is checked here and left out, since it
    names where this checkout is."""
    report = parse_path(SAMPLE / rel, SAMPLE)
    cables = [c.to_dict() for c in report.cables]
    for cable in cables:
        assert cable["source"].pop("abspath") == str(SAMPLE / rel)
    return {"file": rel,
            "cables": cables,
            "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped]}


def golden_path(rel: str) -> Path:
    return GOLDEN / (rel + ".json")


@pytest.mark.parametrize("rel", SAMPLE_FILES)
def test_sample_file_matches_its_golden_record(rel: str) -> None:
    got = parsed(rel)
    path = golden_path(rel)
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert path.is_file(), f"no golden record for {rel}: run with CABLESEARCH_REGEN_GOLDEN=1 and review it"
    want = json.loads(path.read_text(encoding="utf-8"))
    assert got["skipped"] == want["skipped"]
    assert len(got["cables"]) == len(want["cables"])
    for g, w in zip(got["cables"], want["cables"]):
        for key in w:  # field by field, so a failure names the field
            assert g.get(key) == w[key], f"{rel} {w.get('id')}: field {key!r} changed"
        assert set(g) == set(w)


def test_every_golden_record_has_its_sample_file() -> None:
    stale = sorted(p.relative_to(GOLDEN).as_posix()[:-5] for p in GOLDEN.rglob("*.json"))
    assert stale == SAMPLE_FILES


def test_every_sample_file_yields_a_cable() -> None:
    """sample_data holds real cables only: each file gives at least one (pre fragments included)."""
    empty = [rel for rel in SAMPLE_FILES if not json.loads(golden_path(rel).read_text(encoding="utf-8"))["cables"]]
    assert empty == []
