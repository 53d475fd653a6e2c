"""What makes a web page's facets cheap: a searcher keeps the facet counts and timeline of its
last searches (`Searcher._counts`) -- the same query at another offset or in another order gives
the very counts a fresh search gives, and anything that changes the matches counts again -- and
the people facet counts names before persons (`facets._count_people`)."""

from __future__ import annotations

from collections import Counter

import pytest

from cablesearch import CableIndex
from cablesearch.parse.names import person_key
from cablesearch.searching.facets import _count_people
from cablesearch.searching.run import COUNTS_KEPT, Searcher

FACETS = ("tags", "people", "year", "classification")


def fresh(ix: CableIndex, q: str, **kw):
    """The same search on a new searcher: nothing kept."""
    return Searcher(ix.engine.reader()).search(q, facets=FACETS, timeline=True, **kw)


@pytest.mark.parametrize("q", ["", "police", "tags:PGOV", "police tags:PGOV", "* -tags:PGOV"])
def test_paging_and_sorting_keep_the_counts_of_a_fresh_search(sample_index: CableIndex, q: str) -> None:
    s = Searcher(sample_index.engine.reader())
    first = s.search(q, facets=FACETS, timeline=True, limit=5)
    for kw in ({"offset": 5}, {"sort": "-date"}, {"sort": "date", "offset": 2}, {}):
        again = s.search(q, facets=FACETS, timeline=True, limit=5, **kw)
        expected = fresh(sample_index, q, limit=5, **kw)
        assert again.facets == expected.facets == first.facets
        assert again.timeline == expected.timeline == first.timeline
        assert [h.id for h in again.hits] == [h.id for h in expected.hits]


@pytest.mark.parametrize("change", [
    {"q": "police tags:PREL"}, {"paragraphs": True}, {"all_versions": True}, {"from_": "2000"},
    {"facet_size": 2}, {"q": "police tags:prel"},
])
def test_what_changes_the_matches_counts_again(sample_index, change) -> None:
    s = Searcher(sample_index.engine.reader())
    base = {"q": "police", "facet_size": 10}
    s.search(base["q"], facets=FACETS, timeline=True, facet_size=10)
    args = {**base, **change}
    q = args.pop("q")
    got = s.search(q, facets=FACETS, timeline=True, **args)
    expected = Searcher(sample_index.engine.reader()).search(q, facets=FACETS, timeline=True, **args)
    assert got.facets == expected.facets and got.timeline == expected.timeline and got.total == expected.total


def test_only_the_last_searches_are_kept_and_results_do_not_share_them(sample_index) -> None:
    s = Searcher(sample_index.engine.reader())
    for year in range(1960, 1960 + COUNTS_KEPT + 5):
        s.search("", facets=("tags",), from_=str(year), to=str(year))
    assert s.counts_kept == COUNTS_KEPT
    a = s.search("police", facets=FACETS)
    a.facets.clear()
    assert s.search("police", facets=FACETS).facets.keys() == set(FACETS)


def reference_people(raw_counts: Counter) -> Counter:
    """The people facet counted the plain way: per raw value, each person once by key."""
    by_key: Counter = Counter()
    spellings: dict = {}
    for raw, n in raw_counts.items():
        if not raw:
            continue
        keys: dict = {}
        for v in raw.decode("utf-8").split(";"):
            keys.setdefault(person_key(v), v)
        for key, v in keys.items():
            by_key[key] += n
            spellings.setdefault(key, Counter())[v] += n
    return Counter({spellings[k].most_common(1)[0][0]: n for k, n in by_key.items()})


def test_people_counts_are_the_plain_count(sample_index) -> None:
    """`_count_people` (names counted at C speed, then summed by person) against the plain
    count, on the sample's people column and on raw values naming one person twice."""
    reader = sample_index.engine.reader()
    cables = sorted(reader.kind_docs("cable"))
    raw = reader.column("people").counts(cables)
    assert _count_people(raw) == reference_people(raw)
    made_up = Counter({"Genaro Garcia Luna;GARCIA LUNA, GENARO;Tom Shannon".encode(): 1,
                       "GENARO GARCIA LUNA;Tom Shannon".encode(): 3, b"Tom Shannon": 1, b"": 4,
                       "Genaro García Luna".encode(): 2})
    assert _count_people(made_up) == reference_people(made_up) == Counter({"GENARO GARCIA LUNA": 6,
                                                                           "Tom Shannon": 5})
