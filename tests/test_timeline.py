"""`search(..., timeline=True)`: matches counted by year or month, checked by brute force
over the parsed sample cables (copies of one cable counted once, as search collapses them)."""

from __future__ import annotations

from collections import Counter

import pytest

from cablesearch import Cable, CableIndex
from cablesearch.results import Timeline, TimelineBin
from cablesearch.searching.timeline import count_timeline


def by_period(records: list[Cable], width: int) -> Counter[str]:
    """Distinct cables by the first `width` characters of their date (4: year, 7: month)."""
    seen: dict[str, str | None] = {}
    for c in records:
        seen.setdefault(c.id, c.date)
    return Counter(d[:width] for d in seen.values() if d)


def test_every_cable_by_year(sample_index: CableIndex, sample_records: list[Cable]) -> None:
    res = sample_index.search("", limit=0, timeline=True)
    tl = res.timeline
    assert tl is not None and tl.unit == "year"
    expected = by_period(sample_records, 4)
    assert {b.period: b.count for b in tl.bins if b.count} == dict(expected)
    years = [int(b.period) for b in tl.bins]
    assert years == list(range(min(years), max(years) + 1)), "every year between, empty ones at 0"
    assert sum(b.count for b in tl.bins) + tl.undated == res.total
    assert tl.undated == len({c.id for c in sample_records if not c.date})


def test_a_narrow_range_is_counted_by_month(sample_index, sample_records) -> None:
    res = sample_index.search("", limit=0, timeline=True, from_="2009", to="2010")
    tl = res.timeline
    assert tl.unit == "month"
    inside = [c for c in sample_records if c.date and c.date[:4] in ("2009", "2010")]
    assert {b.period: b.count for b in tl.bins if b.count} == dict(by_period(inside, 7))
    assert tl.bins[0].period == min(by_period(inside, 7)) and tl.bins[-1].period == max(by_period(inside, 7))
    assert len(tl.bins) == len({b.period for b in tl.bins}), "each month once"


def test_each_period_narrows_the_search_to_it(sample_index) -> None:
    """A bin's period is a --from/--to value: searching it finds exactly the bin's count."""
    tl = sample_index.search("tags:PGOV", limit=0, timeline=True).timeline
    for b in [b for b in tl.bins if b.count][:4]:
        assert sample_index.search("tags:PGOV", limit=0, from_=b.period, to=b.period).total == b.count, b


def test_paragraph_scope_counts_paragraphs(sample_index) -> None:
    res = sample_index.search("police", paragraphs=True, limit=0, timeline=True)
    assert sum(b.count for b in res.timeline.bins) + res.timeline.undated == res.total


def test_only_when_asked_and_in_the_json_then(sample_index) -> None:
    plain = sample_index.search("police", limit=1)
    assert plain.timeline is None and "timeline" not in plain.to_dict()
    d = sample_index.search("police", limit=1, timeline=True).to_dict()
    assert set(d["timeline"]) == {"unit", "bins", "undated"}
    assert all(set(b) == {"period", "count"} for b in d["timeline"]["bins"])


def test_no_match_is_an_empty_timeline(sample_index) -> None:
    tl = sample_index.search("zzzxqqy", limit=0, timeline=True).timeline
    assert tl == Timeline("year", (), 0) and tl.peak == 0


class _Column:
    def __init__(self, values: dict[int, int]) -> None:
        self.values = values

    def counts(self, ordered):
        assert list(ordered) == sorted(ordered)
        return Counter(self.values.get(d, 0) for d in ordered)


class _Reader:
    """Only the two numeric columns a timeline reads."""

    def __init__(self, months: dict[int, int]) -> None:
        self.cols = {"month": _Column(months), "year": _Column({d: m // 100 for d, m in months.items()})}

    def column(self, name: str) -> _Column:
        return self.cols[name]


@pytest.mark.parametrize("months,unit,periods", [
    ({1: 200911, 2: 201002}, "month", ["2009-11", "2009-12", "2010-01", "2010-02"]),
    ({1: 200712, 2: 200712}, "month", ["2007-12"]),
    ({1: 200501, 2: 200712}, "year", ["2005", "2006", "2007"]),
    ({1: 200501, 2: 0}, "month", ["2005-01"]),
])
def test_bins_run_from_first_to_last(months, unit, periods) -> None:
    tl = count_timeline(_Reader(months), reversed(list(months)))
    assert tl.unit == unit and [b.period for b in tl.bins] == periods
    assert tl.undated == sum(1 for m in months.values() if not m)
    assert sum(b.count for b in tl.bins) == sum(1 for m in months.values() if m)
    assert TimelineBin(periods[-1], tl.bins[-1].count) == tl.bins[-1]
