"""Stock Whoosh and the fast paths give the same answers.

With `compat.FAST_PATHS` off (as under $CABLESEARCH_STOCK_WHOOSH=1, or on another Whoosh
version), a search runs on Whoosh's own matchers, collector, files and scorer. The search
contract (hits in order, totals, scores, facet counts, snippets and their spans) must not
depend on which answered: every query of README's cheat-sheet and of the search tests, at
both scopes, is compared here.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from cablesearch import CableIndex
from cablesearch.engine.whoosh import compat
from conftest import ROOT


@pytest.fixture(scope="module")
def sample_index(whoosh_sample_index):
    """This module tests the Whoosh engine's own workings: its index of sample_data only."""
    return whoosh_sample_index

FACETS = ["tags", "classification", "year", "marking", "people"]
QUERIES = [
    "police", "police reform", '"human rights"', '"garcia luna"~3', "cartel OR narco*", "negroponte~",
    "mexico NOT tags:PGOV", "mexico -tags:PGOV", "(iran OR iraq) AND nuclear", "tags:snar", "tags:narcotics",
    'tags:"human rights"', "country:mexico", "country:MX", "classification:secret", "caveats:noforn",
    "station:mexico", "origin:mexico", "subject:merida", 'people:"garcia luna"', "id:07MEXICO6043",
    "signed_by:garza", "marking:S", 'marking:"S/NF"', "withheld:B1", "withheld:B7(A)",
    'foia_status:"released in part"', "declassification:2017", "cited_by:07MEXICO6043",
    "references:09STATE15113", "date:2007", "date:2007-12", "date:[2007-01-01 TO 2008-06-30]",
    "date:2007..2008", "date:>=2009-03-01", "date:<2000", "year:2007..2009", "month:2007-12",
    "election NOT tags:PGOV", "tags:PGOV date:2000..2008", "police tags:PGOV NOT reform", "NOT tags:PGOV",
    "iran NOT classification:secret date:1970..1979", "*", "lodz", "o'neill", '"nuclear program"',
    "embassy^2", '"embassy"^2', "emb?ssy^2", "iran*^3", "khomeyni~1^3", "(police OR reform)^2",
]


def _answers(index: CableIndex, q: str, paragraphs: bool, sort: str) -> dict:
    return index.search(q, paragraphs=paragraphs, sort=sort, limit=None, facets=FACETS).to_dict()


def _same(fast: dict, stock: dict, q: str) -> None:
    assert stock["total"] == fast["total"], q
    strip = [{k: v for k, v in h.items() if k != "score"} for h in fast["hits"]]
    assert [{k: v for k, v in h.items() if k != "score"} for h in stock["hits"]] == strip, q
    for a, b in zip(stock["hits"], fast["hits"]):
        assert a["score"] == pytest.approx(b["score"], rel=1e-9, abs=1e-12), (q, a["id"])
    assert stock["facets"] == fast["facets"], q


@pytest.mark.parametrize("paragraphs", [False, True], ids=["cables", "paragraphs"])
def test_stock_whoosh_answers_every_query_the_same(sample_index, monkeypatch, paragraphs: bool) -> None:
    fast = {(q, s): _answers(sample_index, q, paragraphs, s) for q in QUERIES for s in ("relevance", "-date")}
    assert sum(1 for a in fast.values() if a["total"]) > len(fast) * 0.8  # the queries find things
    monkeypatch.setattr(compat, "FAST_PATHS", False)
    with CableIndex.open(sample_index.path) as stock:  # files, columns and scorers opened afresh
        for (q, s), want in fast.items():
            _same(want, _answers(stock, q, paragraphs, s), q)


def test_the_environment_switch_turns_every_fast_path_off() -> None:
    code = "from cablesearch.engine.whoosh import compat; print(compat.FAST_PATHS)"
    for value, want in (("1", "False"), ("0", "True"), ("", "True")):
        env = {"PATH": "", "CABLESEARCH_STOCK_WHOOSH": value}
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        assert out.stdout.strip() == want, (value, out.stderr)
