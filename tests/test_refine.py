"""`Refiner`: the query a facet link leads to, and back (searching/refine.py)."""

from __future__ import annotations

import pytest

from cablesearch import CableIndex, QueryError, Refiner, filter_text
from conftest import unique_cases

ADD_CASES = unique_cases([
    ("mexico", "tags", "PGOV", "mexico tags:PGOV"),
    ("", "tags", "PGOV", "tags:PGOV"),
    ("*", "year", "2007", "year:2007"),
    ("a OR b", "year", "2007", "a OR b year:2007"),
    ("police", "people", "Genaro Garcia Luna", 'police people:"Genaro Garcia Luna"'),
    ("police", "classification", "LIMITED OFFICIAL USE", 'police classification:"LIMITED OFFICIAL USE"'),
    ("police", "marking", "S/NF", "police marking:S/NF"),
    ("police", "withheld", "B7(A)", "police withheld:B7(A)"),
    ("police", "month", "2007-12", "police month:2007-12"),
    ("police", "tags", "OVIP (STEINBERG, JAMES B.)", 'police tags:"OVIP (STEINBERG, JAMES B.)"'),
    ("NOT tags:PGOV", "tags", "PGOV", "NOT tags:PGOV tags:PGOV"),  # an exclusion is not a selection
])

REMOVE_CASES = unique_cases([
    ("mexico tags:PGOV", "tags", "PGOV", "mexico"),
    ("tag:pgov mexico", "tags", "PGOV", "mexico"),  # an alias, another case, another place
    ("tags:PGOV", "tags", "pgov", ""),
    ('people:"garcia luna" police', "people", "Genaro Garcia Luna", "police"),  # any part of the name
    ("tags:narcotics police", "tags", "SNAR", "police"),  # a meaning that stands for the code
    ("country:MX police", "country", "Mexico", "police"),
    ("a OR b year:2007", "year", "2007", "a OR b"),
])


@pytest.mark.parametrize("query,field,value,expected", ADD_CASES)
def test_a_value_not_selected_is_added(query, field, value, expected) -> None:
    r = Refiner(query)
    assert not r.selects(field, value)
    assert r.toggled(field, value) == r.with_filter(field, value) == expected
    assert Refiner(expected).selects(field, value)


@pytest.mark.parametrize("query,field,value,expected", REMOVE_CASES)
def test_a_selected_value_is_removed(query, field, value, expected) -> None:
    r = Refiner(query)
    assert r.selects(field, value)
    assert r.toggled(field, value) == r.without_filter(field, value) == expected
    assert r.with_filter(field, value) == r.query, "already there: nothing added"


@pytest.mark.parametrize("query,field,value,_", ADD_CASES)
def test_adding_then_removing_gives_the_query_back_verbatim(query, field, value, _) -> None:
    added = Refiner(query).toggled(field, value)
    back = Refiner(added).toggled(field, value)
    assert back == query.strip() or (query.strip() == "*" and back == "")


def test_a_removal_not_at_the_end_reprints_the_rest() -> None:
    assert Refiner("tags:PGOV (a OR b) c").without_filter("tags", "PGOV") == "(a OR b) c"
    assert Refiner('station:MEXICO "garcia luna"~3').without_filter("station", "mexico") == '"garcia luna"~3'


def test_a_filter_inside_a_group_is_not_a_top_level_selection() -> None:
    r = Refiner("(tags:PGOV OR tags:PREL) mexico")
    assert not r.selects("tags", "PGOV")
    assert r.toggled("tags", "PGOV") == "(tags:PGOV OR tags:PREL) mexico tags:PGOV"


def test_paragraph_scope_reads_text_fields_as_that_scope() -> None:
    assert Refiner("text:police marking:C", paragraphs=True).toggled("marking", "C") == "text:police"


def test_a_bad_query_is_the_search_error() -> None:
    with pytest.raises(QueryError, match="unbalanced"):
        Refiner('"police')


@pytest.mark.parametrize("value", ['say "no"', "", "   "])
def test_a_value_no_query_can_name_is_refused(value) -> None:
    with pytest.raises(QueryError):
        filter_text("people", value)
    with pytest.raises(QueryError):
        Refiner("police").with_filter("people", value)


@pytest.mark.parametrize("facet", ["tags", "country", "station", "classification", "year", "people", "marking",
                                   "withheld", "month", "caveats", "origin"])
def test_facet_links_round_trip_on_the_index(sample_index: CableIndex, facet: str) -> None:
    """Each facet value of a search: its link finds the value's count (for people at least it:
    `people:Clinton` also finds Hillary Clinton, counted apart) and marks it selected; the
    selected value's link gives back the first search's results. Every copy counted
    (`all_versions`): collapsed, a cable counts where its best copy does, and the copy that
    matches a filter may not be the one the whole collection shows."""
    first = sample_index.search("", facets=[facet], facet_size=5, limit=None, all_versions=True)
    assert first.facets[facet].values, facet
    for v in first.facets[facet].values:
        narrowed_q = Refiner("").toggled(facet, v.value)
        narrowed = sample_index.search(narrowed_q, facets=[facet], facet_size=50, limit=0, all_versions=True)
        if facet == "people":
            assert narrowed.total >= v.count, (facet, v.value, narrowed_q)
        else:
            assert narrowed.total == v.count, (facet, v.value, narrowed_q)
        assert any(x.selected and x.value == v.value for x in narrowed.facets[facet].values)
        back = sample_index.search(Refiner(narrowed_q).toggled(facet, v.value), facets=[facet], facet_size=5,
                                   limit=None, all_versions=True)
        assert [h.id for h in back.hits] == [h.id for h in first.hits]
        assert back.facets == first.facets
