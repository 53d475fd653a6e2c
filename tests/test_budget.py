"""A query's time budget (`timeout=`, `--timeout`): refused in one line past it, the same answer within it.

No test here depends on how fast the machine is: a budget is either far too small for a
query that does real work (1 ms for a search of tens of milliseconds, which a loaded
machine only makes slower), or generous (minutes), or cut by a stand-in budget after its
n-th look at the clock, so that every place a search looks is reached deterministically.
"""

from __future__ import annotations

import math
import time

import pytest

import cablesearch
from cablesearch import CableIndex, QueryError, QueryTimeoutError, UsageError
from cablesearch.api import DEFAULT_WEB_TIMEOUT_S
from cablesearch.budget import Budget
from cablesearch.engine.whoosh import compat
from cablesearch.engine.whoosh.expand import BASE, keep_expansions
from cablesearch.engine.whoosh.reader import MAX_EXPANSION
from conftest import COSTLY_QUERY as COSTLY
from conftest import SAMPLE, whoosh_query

COSTLY_FACETS = ("tags", "people", "year")
#: Queries whose searches look at the clock in different places: expansions and unions,
#: intersections among candidates, sloppy phrases, filters only, paragraphs and their
#: copies, sorting by date, no hits and a suggestion, every document with a field, patterns
#: and a sloppy phrase under a NOT (matched whole by Whoosh).
SHAPES = [
    (COSTLY, {}),
    ("(govern* OR embass*) AND (polic* OR \"human rights\"~2) OR narco~2", {"sort": "-date"}),
    ("minister~2 police", {}),
    ('"the government"~4 tags:PGOV', {}),
    ("tags:PGOV date:2000..2008 NOT tags:SNAR", {}),
    ("police marking:C", {"paragraphs": True}),
    ("governmnt polise", {}),
    ("subject:* OR police people:*", {}),
    ('police OR NOT (gov* OR "the embassy"~3)', {}),
]


@pytest.fixture()
def fresh(sample_index):
    """The sample index opened anew: no query compiled, no expansion kept yet."""
    with CableIndex.open(sample_index.path) as ix:
        yield ix


def answers(ix: CableIndex, q: str, **opts) -> dict:
    return ix.search(q, limit=None, facets=COSTLY_FACETS, **opts).to_dict()


# -- the budget itself ------------------------------------------------------------------
@pytest.mark.parametrize("timeout", [None, 0, 0.0, math.inf])
def test_none_zero_and_infinity_are_no_budget(timeout) -> None:
    assert Budget.start(timeout) is None


@pytest.mark.parametrize("timeout", [-1, -0.001, math.nan, "2", True])
def test_a_bad_timeout_is_a_usage_error(sample_index, timeout) -> None:
    with pytest.raises(UsageError, match="timeout must be a number of seconds") as err:
        Budget.start(timeout)
    assert not isinstance(err.value, QueryError)
    with pytest.raises(UsageError, match="timeout"):
        sample_index.search("police", timeout=timeout)


def test_a_budget_past_its_deadline_refuses_in_one_line() -> None:
    budget = Budget(2.0, now=time.monotonic() - 5)
    assert budget.expired()
    with pytest.raises(QueryTimeoutError) as err:
        budget.check()
    message = str(err.value)
    assert message == ("the query ran past its time budget of 2 s: narrow it, or raise the timeout "
                       "(--timeout SECONDS, 0: no limit)")
    assert err.value.seconds == 2.0 and err.value.exit_code == 2
    assert isinstance(err.value, QueryError) and isinstance(err.value, cablesearch.CablesearchError)
    Budget(600).check()  # a budget with time left says nothing


def test_every_reads_the_clock_on_every_nth_call() -> None:
    class Counting(Budget):
        calls = 0

        def check(self) -> None:
            type(self).calls += 1

    tick = Counting(600).every(4)
    for _ in range(10):
        tick()
    assert Counting.calls == 2


def test_the_web_default_is_exposed_and_ordinary_searches_fit_it(sample_index) -> None:
    assert 0 < DEFAULT_WEB_TIMEOUT_S <= 10
    assert sample_index.search("police", timeout=DEFAULT_WEB_TIMEOUT_S).total > 0


# -- searches under a budget -----------------------------------------------------------
def test_a_tiny_budget_refuses_a_costly_query(fresh) -> None:
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="time budget of 0.001 s") as err:
        fresh.search(COSTLY, facets=COSTLY_FACETS, timeout=0.001)
    assert "\n" not in str(err.value)
    refused = time.monotonic() - start
    start = time.monotonic()
    res = fresh.search(COSTLY, facets=COSTLY_FACETS)  # no budget: the whole answer
    assert res.total > 50 and time.monotonic() - start > 0.001
    assert refused < 30  # (generous: it stops at its next look at the clock)


def test_a_generous_budget_gives_the_same_answer_as_none(fresh, sample_index) -> None:
    for q, opts in SHAPES:
        want = answers(sample_index, q, **opts)
        assert answers(fresh, q, timeout=600, **opts) == want, q


def test_every_way_to_run_a_query_takes_a_timeout(fresh, sample_index) -> None:
    with pytest.raises(QueryTimeoutError):
        fresh.stream(COSTLY, facets=COSTLY_FACETS, timeout=0.001)
    with pytest.raises(QueryTimeoutError):
        next(fresh.iter_hits(COSTLY, timeout=0.001))
    with pytest.raises(QueryTimeoutError):
        cablesearch.search(sample_index.path, COSTLY, facets=COSTLY_FACETS, timeout=0.001)
    head, hits = fresh.stream(COSTLY, facets=COSTLY_FACETS, timeout=600)
    assert [h.to_dict() for h in hits] == [h.to_dict() for h in sample_index.iter_hits(COSTLY)]
    assert head.total == sample_index.search(COSTLY).total
    assert cablesearch.search(sample_index.path, COSTLY, timeout=600).total == head.total


class _Countdown(Budget):
    """A budget that runs out at its `n`-th look at the clock (or never, counting them)."""

    def __init__(self, n: float) -> None:
        super().__init__(600)
        self.n = n
        self.looks = 0

    def check(self) -> None:
        self.looks += 1
        if self.looks >= self.n:
            raise QueryTimeoutError("cut", self.seconds)


@pytest.mark.parametrize("q, opts", SHAPES, ids=[q for q, _ in SHAPES])
def test_a_search_cut_anywhere_refuses_and_keeps_nothing(sample_index, monkeypatch, q: str, opts: dict) -> None:
    """Cut at the first look at the clock, the last, and a spread between: each refuses, and the
    same index then answers exactly as an untouched one (no half-expanded word, no
    half-counted docset kept)."""
    want = answers(sample_index, q, **opts)
    with CableIndex.open(sample_index.path) as ix:
        counting = _Countdown(math.inf)
        monkeypatch.setattr(Budget, "start", classmethod(lambda cls, t: counting))
        answers(ix, q, timeout=1, **opts)
    looks = counting.looks
    assert looks >= 5, q
    for n in sorted({1, 2, looks} | {round(looks ** (i / 6)) for i in range(1, 6)}):
        with CableIndex.open(sample_index.path) as ix:  # (what a whole search keeps makes fewer looks)
            monkeypatch.setattr(Budget, "start", classmethod(lambda cls, t, n=n: _Countdown(n)))
            with pytest.raises(QueryTimeoutError):
                answers(ix, q, timeout=1, **opts)
            monkeypatch.undo()
            assert answers(ix, q, **opts) == want, (q, n, looks)


def test_stock_whoosh_honours_the_budget_too(sample_index, monkeypatch) -> None:
    want = answers(sample_index, COSTLY)
    monkeypatch.setattr(compat, "FAST_PATHS", False)
    with CableIndex.open(sample_index.path) as stock:
        with pytest.raises(QueryTimeoutError):
            stock.search(COSTLY, facets=COSTLY_FACETS, timeout=0.001)
        got = answers(stock, COSTLY, timeout=600)
    assert got["total"] == want["total"] and got["facets"] == want["facets"]
    assert [h["id"] for h in got["hits"]] == [h["id"] for h in want["hits"]]


# -- expansions kept: Whoosh's words, in an index of several segments ---------------------
@pytest.fixture(scope="module")
def two_segments(tmp_path_factory):
    """Part of sample_data indexed, then more added: two segments behind a MultiReader (whose
    fuzzy words Whoosh finds by edit distance, where a segment's uses an automaton)."""
    from cablesearch import build_index

    path = tmp_path_factory.mktemp("two-segments")
    build_index([SAMPLE / "cablegate-pre"], path)
    with CableIndex.open(path) as ix:
        ix.update([SAMPLE / "cablegate-pre", SAMPLE / "cablegate-html-2011", SAMPLE / "foia-ocr"], prune=False)
    with CableIndex.open(path) as ix:
        assert len(ix._search_state().reader.searcher.leaf_searchers()) == 2
        yield ix


PATTERNS = ["narco*", "gov*rn*", "*ment", "emb?ssy", "negroponte~2", "the~1", "jimenez~2/1", "zzzq*", "body:polic*"]


@pytest.mark.parametrize("with_budget", [False, True], ids=["no-budget", "budget"])
def test_kept_expansions_are_whooshs_own_words(two_segments, with_budget: bool) -> None:
    searcher = two_segments._search_state().reader.searcher
    readers = [searcher.reader()] + [sub.reader() for sub, _ in searcher.leaf_searchers()]
    for pattern in PATTERNS:
        q = whoosh_query(pattern)
        kept = keep_expansions(q, searcher, Budget(600) if with_budget else None, MAX_EXPANSION)
        plain = [leaf for leaf in q.leaves() if leaf.__class__ in BASE.values()]
        held = [leaf for leaf in kept.leaves() if leaf.__class__ in BASE]
        assert len(plain) == len(held) > 0, pattern
        for a, b in zip(plain, held):
            assert str(a) == str(b)
            for reader in readers:
                assert list(compat.expanded_texts(b, reader)) == list(compat.expanded_texts(a, reader)), (pattern, b)


def test_patterns_answer_the_same_on_two_segments_with_and_without_fast_paths(two_segments, monkeypatch) -> None:
    queries = ["narco* OR police", "gov*rn* embassy", "negroponte~2 OR jimenez~1", '"human rights"~3 OR emb*']
    fast = {q: two_segments.search(q, limit=None, facets=["tags"], timeout=600).to_dict() for q in queries}
    monkeypatch.setattr(compat, "FAST_PATHS", False)
    with CableIndex.open(two_segments.path) as stock:
        for q in queries:
            got = stock.search(q, limit=None, facets=["tags"]).to_dict()
            assert got["total"] == fast[q]["total"] and got["facets"] == fast[q]["facets"], q
            assert [h["id"] for h in got["hits"]] == [h["id"] for h in fast[q]["hits"]], q
            for a, b in zip(got["hits"], fast[q]["hits"]):
                assert a["score"] == pytest.approx(b["score"], rel=1e-9, abs=1e-12), q


def test_a_pattern_over_the_limit_is_still_refused_with_its_count(sample_index) -> None:
    with pytest.raises(QueryError, match=r"stands for more than 4,096 words of body") as err:
        sample_index.search("*a*", timeout=600)
    assert not isinstance(err.value, QueryTimeoutError)
