"""Search over an index of sample_data: syntax, fields, dates, facets, paragraphs, copies.

Expected counts are computed independently by brute force over the parsed
records (`parse_path(sample_data)`), so each test checks the index and the
query layer against a plain Python reading of the same cables.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date

import pytest

from cablesearch import Cable, CableIndex, QueryError, UsageError
from cablesearch.parse.people import with_office_holders
from cablesearch.parse.tag_dictionary import describe
from conftest import SAMPLE


def distinct(records: list[Cable]) -> dict[object, list[Cable]]:
    """Copies grouped by id, as search collapses them; a cable without an id is its own group."""
    out: dict[object, list[Cable]] = {}
    for n, c in enumerate(records):
        out.setdefault(c.id or ("no id", n), []).append(c)
    return out


def ids_matching(records: list[Cable], pred) -> set[str | None]:
    """Ids of the matching cables (None stands for any matching cable without an id)."""
    return {c.id for c in records if pred(c)}


def hit_ids(ix: CableIndex, q: str, **kw) -> set[str]:
    return {h.id for h in ix.search(q, limit=None, **kw).hits}


def _day(c: Cable) -> date | None:
    return date.fromisoformat(c.date[:10]) if c.date else None


def test_every_cable_is_found_by_its_id(sample_index: CableIndex, sample_records: list[Cable]) -> None:
    for cid in {c.id for c in sample_records if c.id}:
        assert cid in hit_ids(sample_index, f"id:{cid}"), cid
        assert cid in hit_ids(sample_index, f"id:{cid.lower()}"), cid


def test_match_all_counts_distinct_cables(sample_index, sample_records) -> None:
    res = sample_index.search("*", limit=0)
    assert res.total == len({c.id for c in sample_records if c.id}) + sum(1 for c in sample_records if not c.id)
    assert sample_index.search("*", limit=0, all_versions=True).total == len(sample_records)


def values_of(c: Cable, field: str) -> list[str]:
    """A field's values as a list, whether the field holds one string, none or a tuple."""
    v = getattr(c, field)
    return [v] if isinstance(v, str) else list(v or ())


@pytest.mark.parametrize("field", ["tags", "country", "station", "classification", "caveats", "signed_by"])
def test_keyword_fields_case_insensitive(sample_index, sample_records, field: str) -> None:
    value = Counter(v for c in sample_records for v in values_of(c, field)).most_common(1)[0][0]
    want = ids_matching(sample_records, lambda c: value in values_of(c, field))
    quoted = f'"{value}"' if " " in value else value
    assert hit_ids(sample_index, f"{field}:{quoted}") == want
    assert hit_ids(sample_index, f"{field}:{quoted.lower()}") == want


def test_boolean_operators(sample_index, sample_records) -> None:
    def has(word: str, c: Cable) -> bool:
        import re
        text = " ".join([c.subject or ""] + [p.text for p in c.paragraphs])
        return re.search(rf"\b{word}\b", text, re.IGNORECASE) is not None

    both = hit_ids(sample_index, "mexico police")
    assert both == hit_ids(sample_index, "mexico AND police")
    either = hit_ids(sample_index, "mexico OR police")
    without = hit_ids(sample_index, "mexico NOT police")
    assert without == hit_ids(sample_index, "mexico -police")
    assert both <= either and not (both & without)
    assert both | without == hit_ids(sample_index, "mexico")
    assert "07MEXICO6043" in both


@pytest.mark.parametrize("spec,lo,hi", [
    ("2007", date(2007, 1, 1), date(2007, 12, 31)),
    ("2007-12", date(2007, 12, 1), date(2007, 12, 31)),
    ("2007-12-05", date(2007, 12, 5), date(2007, 12, 5)),
    ("[2006-01-01 TO 2007-06-30]", date(2006, 1, 1), date(2007, 6, 30)),
    ("2006..2008", date(2006, 1, 1), date(2008, 12, 31)),
    ("[2006-02-01 TO 2007-03-31]", date(2006, 2, 1), date(2007, 3, 31)),
    ("[2006-02-03 TO 2007-03-31]", date(2006, 2, 3), date(2007, 3, 31)),
    (">=2009-03-01", date(2009, 3, 1), date(9999, 1, 1)),
    ("<1980", date(1, 1, 1), date(1979, 12, 31)),
])
def test_date_forms_give_exact_ranges(sample_index, sample_records, spec, lo, hi) -> None:
    want = ids_matching(sample_records, lambda c: _day(c) is not None and lo <= _day(c) <= hi)
    assert hit_ids(sample_index, f"date:{spec}") == want


def test_iso_range_is_not_widened_to_years(sample_index, sample_records) -> None:
    # Whoosh's DateParserPlugin would turn this into all of 2007 (whoosh-notes.md)
    narrow = hit_ids(sample_index, "date:[2007-12-01 TO 2007-12-31]")
    year = hit_ids(sample_index, "date:2007")
    assert narrow == ids_matching(sample_records, lambda c: (c.date or "").startswith("2007-12"))
    assert "07MEXICO6043" in narrow
    assert narrow < year, "a month range must not widen to the whole year"


def test_from_to_options(sample_index, sample_records) -> None:
    want = ids_matching(sample_records, lambda c: _day(c) and date(2006, 1, 1) <= _day(c) <= date(2007, 12, 31))
    assert hit_ids(sample_index, "*", from_="2006", to="2007") == want


def test_phrase_proximity_wildcard_fuzzy(sample_index) -> None:
    assert "07MEXICO6043" in hit_ids(sample_index, '"garcia luna"')
    # proximity: "Genaro Garcia Luna" has one word between genaro and luna
    assert "07MEXICO6043" in hit_ids(sample_index, '"genaro luna"~2')
    assert "07MEXICO6043" not in hit_ids(sample_index, '"genaro luna"')
    assert "07MEXICO6043" in hit_ids(sample_index, "negro*")
    assert "07MEXICO6043" in hit_ids(sample_index, "negrofonte~")


def test_citation_graph(sample_index, sample_records) -> None:
    cited = Counter(r for c in sample_records for r in c.references)
    target, _ = cited.most_common(1)[0]
    assert hit_ids(sample_index, f"cited_by:{target}") == ids_matching(sample_records,
                                                                       lambda c: target in c.references)
    citing = next(c for c in sample_records if c.references)
    in_index = {c.id for c in sample_records} & set(citing.references)
    assert hit_ids(sample_index, f"references:{citing.id}") == in_index


@pytest.mark.parametrize("facet", ["tags", "country", "station", "classification", "year"])
def test_facets_match_brute_force(sample_index, sample_records, facet: str) -> None:
    """Each value counts each distinct cable once; copies may differ, so the count lies between
    the cables whose every copy has the value and those where any copy has it."""
    def values(c: Cable) -> set[str]:
        if facet == "year":
            return {c.date[:4]} if c.date else set()
        return set(values_of(c, facet))

    res = sample_index.search("*", facets=[facet], facet_size=1000, limit=0)
    got = {v.value: v.count for v in res.facets[facet].values}
    groups = distinct(sample_records)
    every: Counter[str] = Counter(v for copies in groups.values() for v in set.intersection(*map(values, copies)))
    anyc: Counter[str] = Counter(v for copies in groups.values() for v in set.union(*map(values, copies)))
    assert set(got) <= set(anyc) and set(every) <= set(got)
    for value, count in got.items():
        assert every[value] <= count <= anyc[value], value
    assert res.facets[facet].truncated is False


def meaning_has(words: str):
    """Brute force for search by meaning: a cable has a tag whose dictionary meaning holds `words`."""
    def pred(c: Cable) -> bool:
        return any(words in (describe(t).meaning or "").lower() for t in c.tags)
    return pred


@pytest.mark.parametrize("q, words", [("tags:narcotics", "narcotic"), ('tags:"human rights"', "human rights"),
                                      ("tag:terrorism", "terroris"), ("tags:iran", "iran")])
def test_tags_by_meaning(sample_index, sample_records, q, words) -> None:
    want = ids_matching(sample_records, meaning_has(words))
    assert want and hit_ids(sample_index, q) == want


def test_tags_by_meaning_and_by_code_agree(sample_index) -> None:
    assert hit_ids(sample_index, "tags:narcotics") == hit_ids(sample_index, "tags:SNAR") == {"08MEXICO2371"}
    assert hit_ids(sample_index, 'tags:"human rights"') >= hit_ids(sample_index, "tags:PHUM")
    assert hit_ids(sample_index, "tags:russia") == hit_ids(sample_index, "tags:RS")
    # the meaning joins the query like any term: NOT, OR and grouping still apply
    assert hit_ids(sample_index, "mexico NOT tags:narcotics") == \
        hit_ids(sample_index, "mexico") - {"08MEXICO2371"}
    facet = sample_index.search("tags:narcotics", facets=["tags"]).facets["tags"]
    assert [(v.value, v.label) for v in facet.values if v.selected] == [("SNAR", "Narcotics")]
    assert all(v.count > 0 for v in facet.values), "what a meaning implies is never listed at 0"


def test_tags_by_meaning_finds_the_knnp_cables(sample_index, sample_records) -> None:
    """Issue 20: `tags:"nuclear nonproliferation"` finds the KNNP cables, as `tags:KNNP` does."""
    want = ids_matching(sample_records, lambda c: "KNNP" in c.tags)
    assert want == {"04RANGOON1100", "06NEWDELHI5237", "06ROME439", "08RANGOON749"}
    assert hit_ids(sample_index, 'tags:"nuclear nonproliferation"') == hit_ids(sample_index, "tags:KNNP") == want
    facet = sample_index.search('tags:"nuclear nonproliferation"', facets=["tags"]).facets["tags"]
    assert [(v.value, v.label) for v in facet.values if v.selected] == [("KNNP", "Nuclear nonproliferation")]


def test_tags_by_any_of_a_codes_dated_meanings(sample_index, sample_records) -> None:
    """A code whose meaning changed is found by either meaning, and its facet label gives both with years."""
    eind = ids_matching(sample_records, lambda c: "EIND" in c.tags)
    assert eind == {"10SHENYANG5"}
    assert hit_ids(sample_index, 'tags:"industry and manufacturing"') == eind          # 2022 handbook
    assert hit_ids(sample_index, 'tags:"industrial products"') == eind                  # 1974 handbook
    assert hit_ids(sample_index, 'tags:"south-west africa"') == hit_ids(sample_index, "tags:WA") == {"85GABORONE98"}
    facet = sample_index.search("tags:EIND", facets=["tags"]).facets["tags"]
    (label,) = [v.label for v in facet.values if v.value == "EIND"]
    assert label == "Industry and Manufacturing (2022); Commerce, Industry, and Industrial Products (1974)"


def test_country_field_and_facet(sample_index, sample_records) -> None:
    want = ids_matching(sample_records, lambda c: "Mexico" in c.country)
    assert {"07MEXICO6043", "08MEXICO2371", "06MEXICO1311"} <= want
    assert hit_ids(sample_index, "country:mexico") == hit_ids(sample_index, "country:MX") == want
    assert hit_ids(sample_index, 'country:"south africa"') == ids_matching(
        sample_records, lambda c: "South Africa" in c.country)
    assert hit_ids(sample_index, "countries:iran") == hit_ids(sample_index, "country:iran")
    res = sample_index.search("country:MX", facets=["country", "station"])
    assert [(v.value, v.count, v.selected) for v in res.facets["country"].values] == [("Mexico", len(want), True)]
    assert ("MEXICO", "Mexico City") in {(v.value, v.label) for v in res.facets["station"].values}


def test_station_and_origin_by_the_posts_name(sample_index, sample_records) -> None:
    # issue 20: a post's name with spaces finds its station; one origin form per post
    rio = ids_matching(sample_records, lambda c: c.station == "RIODEJANEIRO")
    assert rio and hit_ids(sample_index, 'station:"rio de janeiro"') == hit_ids(sample_index, "station:riodejaneiro") == rio
    for station in {c.station for c in sample_records if c.station}:
        forms = {c.origin for c in sample_records if c.station == station and c.origin}
        assert len(forms) <= 1 or station == "BRUSSELS", (station, forms)  # BRUSSELS: the embassy and USEU


def test_facet_truncation_and_selected(sample_index) -> None:
    res = sample_index.search("tags:PGOV", facets=["tags"], facet_size=2)
    facet = res.facets["tags"]
    assert facet.truncated is True
    assert any(v.value == "PGOV" and v.selected for v in facet.values)
    assert res.facets["tags"].values[0].count <= res.total


def test_paragraph_scope_with_markings(sample_index, sample_records) -> None:
    want = sum(1 for c in distinct([c for c in sample_records if c.id]).values()
               for p in c[0].paragraphs if p.marking == "S")
    res = sample_index.search("marking:S", paragraphs=True, facets=["marking"], limit=5)
    assert res.total >= want > 0
    assert all(h.marking == "S" for h in res.hits)
    assert res.facets["marking"].values[0].value == "S"
    foia = sample_index.search("police reform", paragraphs=True)
    assert foia.hits[0].id == "07MEXICO6043" and foia.hits[0].paragraph is not None


def test_cable_hits_carry_paragraph_snippets(sample_index) -> None:
    hit = sample_index.search("narcotics cartels").hits[0]
    assert hit.snippets and all(s.highlights for s in hit.snippets)
    for s in hit.snippets:
        for a, b in s.highlights:
            assert s.text[a:b].lower() in ("narcotics", "cartels")


def test_sorting_by_date(sample_index) -> None:
    dates = [h.date for h in sample_index.search("*", sort="date", limit=None).hits if h.date]
    assert dates == sorted(dates)
    dates = [h.date for h in sample_index.search("*", sort="-date", limit=None).hits if h.date]
    assert dates == sorted(dates, reverse=True)


def test_paging(sample_index) -> None:
    everything = [h.id for h in sample_index.search("*", limit=None).hits]
    page = [h.id for h in sample_index.search("*", limit=5, offset=5).hits]
    assert page == everything[5:10]


def test_zero_hits_suggests_a_correction(sample_index) -> None:
    res = sample_index.search("negropontte")
    assert res.total == 0 and res.suggestion and "negroponte" in res.suggestion.lower()


@pytest.mark.parametrize("q,message", [
    ("tagz:PGOV", "did you mean tags"),
    ("foo:bar", "unknown field foo"),
    ("date:2007-02-30", "impossible date"),
    ("date:2009..2001", "start is after the end"),
    ('"unclosed phrase', "unbalanced quote"),
    ("(mexico OR police", "unbalanced parentheses"),
    ("mexico AND", "dangling"),
])
def test_bad_queries_raise_query_error(sample_index, q: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        sample_index.search(q)


def test_bad_facet_and_sort(sample_index) -> None:
    with pytest.raises(UsageError, match="unknown facet"):
        sample_index.search("*", facets=["tagz"])
    with pytest.raises(UsageError, match="unknown sort"):
        sample_index.search("*", sort="oldest")


def test_get_rebuilds_the_record_from_the_index(sample_index, sample_records) -> None:
    original = next(c for c in sample_records if c.id == "07MEXICO6043")
    # as indexed: its lone surnames read as office holders (`Bush` -> `George W. Bush`)
    indexed = dataclasses.replace(original, people=with_office_holders(original))
    assert indexed.people != original.people
    assert sample_index.get("07mexico6043").to_dict() == indexed.to_dict()


def test_stats(sample_index, sample_records) -> None:
    st = sample_index.stats()
    assert st["cables"] == len(sample_records)
    assert st["paragraphs"] == sum(len(c.paragraphs) for c in sample_records)
    dated = sorted(c.date[:10] for c in sample_records if c.date)
    assert (st["date_from"], st["date_to"]) == (dated[0], dated[-1])


def test_stats_tags_and_facets_count_copies_once(sample_index, sample_records) -> None:
    # issue 20: one counting rule -- distinct cables, copies of one id collapsed, as search totals
    copied = {c.id for c in sample_records if c.id and sum(1 for d in sample_records if d.id == c.id) > 1}
    assert copied, "the sample has cables read twice"
    stats = {v["value"]: v["count"] for v in sample_index.stats()["facets"]["tags"]["values"]}
    tags = {t.code: t.count for t in sample_index.tags()}
    search = {v.value: v.count for v in sample_index.search("*", facets=["tags"], facet_size=10).facets["tags"].values}
    assert stats == search
    for code, n in stats.items():
        assert tags[code] == n == sample_index.search(f'tags:"{code}"', limit=0).total, code


# Every fields.md field as a query prefix (and the derived ones), each finding the FOIA
# example 07MEXICO6043 by a value read from its parsed record; `people` is the people issue's.
MEXICO_FIELD_QUERIES = [
    ("id", "id:07mexico6043"), ("date", "date:2007-12-05"), ("year", "year:2007"), ("month", "month:2007-12"),
    ("precedence", "precedence:routine"), ("origin", 'origin:"embassy mexico" origin:"AMEMBASSY MEXICO"'),
    ("station", "station:MEXICO"),
    ("recipients", '"secstate washdc"'.join(["recipients:", ""])), ("info", "info:havana"),
    ("classification", "classification:confidential"), ("caveats", "caveats:SENSITIVE"),
    ("declassification", "declassification:2017"), ("classified_by", "classified_by:barclay"),
    ("tags", "tags:mx"), ("subject", "subject:negroponte"), ("summary", "summary:calderon"),
    ("signed_by", "signed_by:garza"), ("marking", "marking:SBU"), ("withheld", "withheld:b7(a)"),
    ("foia_status", 'foia_status:"released in part"'), ("foia alias", 'foia:"RELEASED IN PART"'),
    ("format", "format:foia-ocr"), ("collection", "collection:foia"), ("body", "body:cartels"),
]


@pytest.mark.parametrize("name,q", MEXICO_FIELD_QUERIES, ids=[n for n, _ in MEXICO_FIELD_QUERIES])
def test_every_field_finds_the_foia_example(sample_index, sample_records, name: str, q: str) -> None:
    assert "07MEXICO6043" in hit_ids(sample_index, q), q


def test_aliases_field_finds_a_plusd_page_by_its_plusd_id(sample_index, sample_records) -> None:
    with_alias = next(c for c in sample_records if c.aliases)
    assert with_alias.id in hit_ids(sample_index, f"aliases:{with_alias.aliases[0]}")


def test_stream_runs_once_and_builds_hits_lazily(sample_index) -> None:
    head, hits = sample_index.stream("*", sort="date", offset=3)
    assert head.hits == () and head.limit is None and head.offset == 3
    everything = sample_index.search("*", sort="date", limit=None)
    assert head.total == everything.total
    first = next(hits)
    assert first == everything.hits[3]
    assert [first, *hits] == list(everything.hits[3:])
    assert list(sample_index.iter_hits("negroponte")) == list(sample_index.search("negroponte", limit=None).hits)


def test_parentheses_group(sample_index) -> None:
    grouped = hit_ids(sample_index, "(mexico OR brazil) AND police")
    assert grouped == (hit_ids(sample_index, "mexico police") | hit_ids(sample_index, "brazil police"))
    assert grouped != hit_ids(sample_index, "mexico OR (brazil AND police)")
    assert hit_ids(sample_index, "police NOT (mexico OR brazil)") == \
        hit_ids(sample_index, "police") - hit_ids(sample_index, "mexico OR brazil")


def test_people_facet_groups_spellings_of_one_person() -> None:
    """Across cables, case, accents and `SURNAME, GIVEN` do not split a person in the facet."""
    from cablesearch.searching.facets import count_facets, is_selected_one

    column = {0: "Genaro García Luna;Tom Shannon".encode(), 1: b"GENARO GARCIA LUNA",
              2: "Genaro Garcia Luna;SHANNON, TOM".encode(), 3: b"Genaro Garcia Luna", 4: None,
              5: b"GENARO GARCIA LUNA", 6: b"GENARO GARCIA LUNA"}

    class Reader:  # the one Reader method facets use: a column's counts
        def column(self, name):
            assert name == "people"
            return type("Column", (), {"counts": lambda _self, ordered: Counter(column[d] for d in ordered)})()

    def people(docnums):
        return {v.value: v.count for v in count_facets(Reader(), docnums, ["people"], 10)["people"].values}

    assert people([0, 1, 2, 3, 4]) == {"Genaro Garcia Luna": 4, "Tom Shannon": 2}
    # counted with multiplicity: the same raw value on several cables, shown in its most frequent spelling
    assert people([0, 1, 2, 3, 4, 5, 6]) == {"GENARO GARCIA LUNA": 6, "Tom Shannon": 2}
    assert is_selected_one("people", "garcia luna", "Genaro García Luna")
    assert not is_selected_one("people", "luna garcia", "Genaro Garcia Luna")


def test_date_ranges_use_the_coarsest_field_and_score_nothing() -> None:
    """Whole years query the year field, whole months the month field, as a lazy union that adds
    no score (Whoosh's constant-score range lists every matching document first)."""
    from conftest import whoosh_query

    def ranges(q: str) -> list:
        parsed = whoosh_query(q)
        nodes = [parsed, *getattr(parsed, "subqueries", ())]
        return [n for n in nodes if type(n).__name__ == "NumericRange"]

    (r,) = ranges("police date:2000..2008")
    assert (r.fieldname, r.start, r.end, r.constantscore) == ("year", 2000, 2008, False)
    assert r.boost < 1e-3
    (r,) = ranges("date:[2006-02-01 TO 2007-03-31]")
    assert (r.fieldname, r.start, r.end) == ("month", 200602, 200703)
    (r,) = ranges("date:[2006-02-03 TO 2007-03-31]")
    assert (r.fieldname, r.start, r.end) == ("day", 20060203, 20070331)


@pytest.mark.parametrize("q, pred", [
    ("tags:PGOV", lambda c: "PGOV" in c.tags),
    ("tags:PREL date:2006..2009", lambda c: "PREL" in c.tags and _day(c) is not None
     and date(2006, 1, 1) <= _day(c) <= date(2009, 12, 31)),
    ("classification:secret station:TEHRAN", lambda c: c.classification == "SECRET" and c.station == "TEHRAN"),
])
def test_exact_filter_queries_match_the_records(sample_index, sample_records, q, pred) -> None:
    """Queries made only of exact filters take the cached-docset path: same cables, and the
    total counts each cable once whatever its copies."""
    from cablesearch.query import parse_query
    from cablesearch.searching.plan import filter_plan

    plan = filter_plan(parse_query(q).resolved)
    assert plan is not None and plan.words is None
    assert hit_ids(sample_index, q) == ids_matching(sample_records, pred)
    again = sample_index.search(q, limit=None)  # from the cache
    assert {h.id for h in again.hits} == ids_matching(sample_records, pred)


def test_filter_plans() -> None:
    """Exact filters (keyword terms, date ranges) at the top of a query become cached docsets;
    the words, ORs and wildcards stay with Whoosh."""
    from cablesearch.query import parse_query
    from cablesearch.searching.plan import filter_plan

    def plan(q: str):
        p = filter_plan(parse_query(q).resolved)
        return p and (p.words is not None, len(p.required), len(p.excluded))

    assert plan("tags:PGOV date:2000..2008") == (False, 2, 0)
    assert plan("tags:PGOV NOT tags:PREL NOT station:mexico") == (False, 1, 2)
    assert plan("police tags:PGOV") == (True, 1, 0)
    assert plan("election NOT tags:PGOV") == (True, 0, 1)
    assert plan("police NOT reform") is None           # only words: Whoosh's own AndNot
    assert plan("tags:PGOV NOT police") is None         # excluded words, filters only: Whoosh
    assert plan("police tags:PGOV NOT reform") == (True, 1, 0)
    for q in ("police", "tags:PGOV OR tags:PREL", "narco*", "NOT tags:PGOV"):
        assert plan(q) is None, q


@pytest.mark.parametrize("q, pred", [
    ("election NOT tags:PGOV", lambda c: "PGOV" not in c.tags),
    ("security -tags:PGOV -tags:PREL", lambda c: not {"PGOV", "PREL"} & set(c.tags)),
    ("police tags:PGOV", lambda c: "PGOV" in c.tags),
    ("tags:PGOV NOT tags:PREL", lambda c: "PGOV" in c.tags and "PREL" not in c.tags),
    ("iran NOT classification:secret date:1970..1979", lambda c: c.classification != "SECRET"
     and c.date is not None and "1970" <= c.date[:4] <= "1979"),
])
def test_words_with_filters_and_exclusions_match_brute_force(sample_index, sample_records, q, pred) -> None:
    """The filters of these queries become cached docsets (allowed / masked); the cables found must be
    those whose copies all satisfy the filter among the cables the words alone find."""
    words = q.split()[0]
    word_hits = hit_ids(sample_index, words) if not words.startswith("tags:") else hit_ids(sample_index, "*")
    groups = distinct(sample_records)
    want = {cid for cid in word_hits if all(pred(c) for c in groups[cid])}
    anyc = {cid for cid in word_hits if any(pred(c) for c in groups[cid])}
    got = hit_ids(sample_index, q)
    assert want <= got <= anyc and got, q


def test_excluding_query_fixes_whoosh_and_not() -> None:
    """Whoosh 2.7.4's AndNot keeps its first match when the excluded postings start earlier
    (found as `election NOT tags:PGOV` returning a PGOV cable); ExcludingQuery does not."""
    from whoosh import fields, query as wq
    from whoosh.filedb.filestore import RamStorage

    from conftest import whoosh_query
    from cablesearch.engine.whoosh.queries import ExcludingQuery

    ix = RamStorage().create_index(fields.Schema(n=fields.ID(stored=True), w=fields.KEYWORD))
    with ix.writer() as w:
        w.add_document(n="0", w="no")       # the excluded term starts here, before any "yes"
        w.add_document(n="1", w="yes no")   # first "yes" -- also "no": must be excluded
        w.add_document(n="2", w="yes")
    with ix.searcher() as s:
        def found(q):
            return sorted(s.stored_fields(d)["n"] for d in s.docs_for_query(q))

        assert found(wq.AndNot(wq.Term("w", "yes"), wq.Term("w", "no"))) == ["1", "2"]  # the bug
        assert found(ExcludingQuery(wq.Term("w", "yes"), wq.Term("w", "no"))) == ["2"]
    assert isinstance(whoosh_query("police NOT reform"), ExcludingQuery)


def test_paragraph_scope_collapses_copies_not_paragraphs(sample_index, sample_records) -> None:
    """At paragraph scope one hit stands for one paragraph and its copies in other copies of
    the cable. 10TRIPOLI95 is indexed twice (2010 and 2011 releases): six hits, each of two
    copies. 06BOGOTA2291, indexed once, numbers two paragraphs 6: both are hits."""
    tripoli = sample_index.search("id:10TRIPOLI95", paragraphs=True, limit=None)
    assert tripoli.total == 6 and {h.versions for h in tripoli.hits} == {2}
    assert sorted(h.paragraph for h in tripoli.hits) == ["1", "2", "3", "4", "5", "6"]
    bogota = [c for c in sample_records if c.id == "06BOGOTA2291"]
    assert len(bogota) == 1 and [p.number for p in bogota[0].paragraphs].count("6") == 2
    hits = sample_index.search("id:06BOGOTA2291", paragraphs=True, limit=None)
    assert hits.total == len(bogota[0].paragraphs) and {h.versions for h in hits.hits} == {1}
    assert [h.paragraph for h in hits.hits].count("6") == 2


def test_matches_are_grouped_only_where_copies_collapse(sample_index) -> None:
    """Matches stay docnums: `Copies.collapse` says None (each match its own hit) unless two
    matches are copies of one cable, and then groups each cable's copies, best first, in rank
    order."""
    from cablesearch.query import parse_query

    state = _searcher(sample_index)
    for _ in range(2):  # a searcher's first cable search, then the copies path
        order, _ = state.reader.match(parse_query("id:06BOGOTA2291").resolved, paragraphs=False)
        assert len(order) == 1 and state.copies.collapse(order, paragraphs=False) is None
        order, scores = state.reader.match(parse_query("tripoli").resolved, paragraphs=False)
        groups = state.copies.collapse(order, paragraphs=False)
        assert groups is not None and sorted(d for g in groups for d in g) == sorted(order)
        assert [g[0] for g in groups] == [d for d in order if any(g[0] == d for g in groups)]
        assert any(len(g) == 2 for g in groups)
        assert all(scores[g[0]] >= scores[d] for g in groups for d in g)
    assert state.copies.collapses == 4


def test_words_of_one_kind_need_no_set_of_that_kind(sample_index, sample_records) -> None:
    """A word on a paragraph's own field matches only paragraphs, so a cold paragraph search
    builds no set of every paragraph (2.2 million at Cablegate scale), and its filters are
    their documents less the cables. The hits are still exactly the marked paragraphs."""
    from cablesearch.text import WORD_RE, fold

    state = _searcher(sample_index)
    res = state.search("marking:C police", paragraphs=True, limit=None)
    marked = state.search("marking:S", paragraphs=True, limit=None)
    assert "para" not in state.reader._kind_docs
    want = {(c.id, p.number) for c in sample_records if c.id for p in c.paragraphs
            if p.marking == "C" and "police" in {fold(w) for w in WORD_RE.findall(f"{p.heading or ''} {p.text}")}}
    assert {(h.id, h.paragraph) for h in res.hits if h.id} == want and want
    secret = {(c.id, p.number) for c in sample_records if c.id for p in c.paragraphs if p.marking == "S"}
    assert {(h.id, h.paragraph) for h in marked.hits if h.id} == secret
    assert {h.marking for h in res.hits} == {"C"} and {h.marking for h in marked.hits} == {"S"}


def test_a_word_or_a_shared_filter_keeps_to_the_kind(sample_index) -> None:
    """`police OR tags:PGOV` can match paragraphs through the tags they share with their cable:
    not confined to one kind, so the kind's set still limits it."""
    from conftest import whoosh_query
    from cablesearch.engine.whoosh.reader import confined as _confined
    from cablesearch.fields import CABLE_ONLY_FIELDS, PARAGRAPH_ONLY_FIELDS as PARA_ONLY_FIELDS

    def confined(q: str, paragraphs: bool = True) -> bool:
        return _confined(whoosh_query(q, paragraphs=paragraphs).normalize(),
                         PARA_ONLY_FIELDS if paragraphs else CABLE_ONLY_FIELDS)

    if sample_index.engine.name == "whoosh":  # the Whoosh reader's own shortcut
        assert confined("police") and confined("police tags:PGOV") and confined("police NOT reform")
        assert confined('"human rights" OR narco*') and confined("(police OR reform) tags:PGOV")
        assert not confined("police OR tags:PGOV") and not confined("tags:PGOV NOT police")
        assert confined("subject:police", paragraphs=False)
        assert not confined("police", paragraphs=False)  # a cable's word also looks in tags, id and people
    for paragraphs in (False, True):  # documents, not cables: a leak of the other kind adds to the total
        def total(q: str) -> int:
            return sample_index.search(q, paragraphs=paragraphs, all_versions=True, limit=0).total

        both = total("police tags:PGOV")
        assert total("police OR tags:PGOV") == total("police") + total("tags:PGOV") - both and both


def test_only_copies_are_read_for_collapsing(sample_index, sample_records) -> None:
    """At cable scope only the documents of cables indexed more than once can collapse, so only
    their ids are read; every other match is a hit of its own."""
    state = _searcher(sample_index)
    counts = Counter(c.id for c in sample_records if c.id)
    assert len(state.copied_cables()) == sum(n for n in counts.values() if n > 1) > 0
    assert len(state.copied_ids()) == sum(1 for n in counts.values() if n > 1)
    res = state.search("*", limit=None)
    assert res.total == len(counts) + sum(1 for c in sample_records if not c.id)
    assert sum(h.versions for h in res.hits) == len(sample_records)
    # a fresh searcher reads a small result's own ids instead: the same hits and copies
    for q in ("id:10TRIPOLI95", "tripoli", "negroponte OR tripoli", "police"):
        fresh = _searcher(sample_index)
        small = fresh.search(q, limit=None)
        assert not fresh.copies.known, q  # a first search
        again = fresh.search(q, limit=None)
        # its own ids again, until the ids read would add up to the cables
        matches = sum(h.versions for h in small.hits)
        assert (not fresh.copies.known) is (matches * 2 <= len(sample_records)), q
        known = state.search(q, limit=None)
        assert [(h.id, h.versions, h.score) for h in again.hits] == [(h.id, h.versions, h.score) for h in known.hits]
        assert [(h.id, h.versions, h.score) for h in small.hits] == [(h.id, h.versions, h.score) for h in known.hits]
    assert state.search("id:10TRIPOLI95").hits[0].versions == 2


def test_the_collector_is_paused_during_a_search_and_restored(sample_index, monkeypatch) -> None:
    """Gathering the matches runs with `gc` disabled (its collections walked every cached object
    once per few hundred matches); the caller's setting comes back either way, and after an error."""
    import gc

    reader_class = type(sample_index.engine.reader())
    seen = []

    def spy(real):
        def spied(*args, **kwargs):
            found = real(*args, **kwargs)
            if found is not None:  # (`top` gives None where the engine has no page of its own)
                seen.append(gc.isenabled())
            return found
        return spied

    for gathering in ("match", "top"):  # every match gathered, or a page computed by the engine
        monkeypatch.setattr(reader_class, gathering, spy(getattr(reader_class, gathering)))
    assert gc.isenabled()
    assert sample_index.search("police").total > 0
    assert seen and not any(seen) and gc.isenabled()
    gc.disable()
    try:
        sample_index.search("tripoli")
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(QueryError):
        sample_index.search("police AND (")
    assert gc.isenabled()


def test_a_year_month_or_day_is_an_exact_filter(sample_index) -> None:
    """`year:2009` selects as `tags:PGOV` does: from a cached docset, adding nothing to the
    score (before, Whoosh walked the numeric term's postings and added a constant); the
    hits and their order are those of the date range it equals."""
    from cablesearch.query import parse_query
    from cablesearch.searching.plan import filter_plan

    assert filter_plan(parse_query("year:2009").resolved).words is None
    for term, same in (("year:2009", "date:2009"), ("month:200906", "date:2009-06")):
        got, want = sample_index.search(term, limit=None), sample_index.search(same, limit=None)
        assert got.total == want.total > 0
        assert [h.id for h in got.hits] == [h.id for h in want.hits] and {h.score for h in got.hits} == {1.0}
    words = sample_index.search("police", limit=None)
    both = sample_index.search("police year:2009", limit=None)
    scores = {h.id: h.score for h in words.hits}
    assert both.total > 0 and all(h.score == scores[h.id] and h.date.startswith("2009") for h in both.hits)



def _searcher(index):
    """A searcher of its own (fresh caches) over the index's current commit."""
    from cablesearch.searching.run import Searcher
    from conftest import fresh_reader

    return Searcher(fresh_reader(index))


@pytest.mark.parametrize("q, want", [('"negropontte"', '"negroponte"'),
                                     ('subject:"cordal meetings"', 'subject:"cordial meetings"'),
                                     ("negrapontte~1", "negroponte~")])
def test_did_you_mean_fixes_words_in_phrases_and_fuzzy_words(sample_index, q: str, want: str) -> None:
    res = sample_index.search(q)
    assert res.total == 0 and res.suggestion == want
    assert sample_index.search(res.suggestion).total > 0


def test_a_selected_facet_value_is_compared_as_the_index_folds(sample_index) -> None:
    """`tags:PGÓV` finds the PGOV cables (the index folds `Ó`), so PGOV is the selected value:
    no second, empty `PGÓV` entry."""
    res = sample_index.search("tags:PGÓV", facets=["tags"])
    assert res.total == sample_index.search("tags:PGOV").total > 0
    assert [(v.value, v.selected) for v in res.facets["tags"].values if v.selected] == [("PGOV", True)]


def test_identical_copies_change_no_total_at_either_scope(sample_index, tmp_path) -> None:
    """Every sample file indexed a second time (another folder): copies collapse, and distinct
    paragraphs that share a number (two sections numbered alike) stay distinct."""
    import shutil

    from cablesearch import build_index

    shutil.copytree(SAMPLE, tmp_path / "corpus" / "a")
    shutil.copytree(SAMPLE, tmp_path / "corpus" / "b")
    build_index([tmp_path / "corpus"], tmp_path / "ix", workers=1)
    with CableIndex.open(tmp_path / "ix") as twice:
        assert twice.stats()["cables"] == 2 * sample_index.stats()["cables"]
        for q in ("*", "the", "police", "marking:C", "tags:PGOV", "mexico OR iran", '"human rights"'):
            for paragraphs in (False, True):
                once = sample_index.search(q, paragraphs=paragraphs, limit=0).total
                assert twice.search(q, paragraphs=paragraphs, limit=0).total == once, (q, paragraphs)


def test_a_query_of_filters_only_comes_in_date_order_with_a_passage(sample_index, sample_records) -> None:
    res = sample_index.search("tags:PGOV date:2007..2008", limit=None)
    want = {c.id for c in sample_records if "PGOV" in c.tags and c.date and "2007" <= c.date[:4] <= "2008"}
    assert {h.id for h in res.hits} == want and len(want) > 2
    dates = [h.date for h in res.hits]
    assert dates == sorted(dates)  # oldest first: filters rank nothing
    for h in res.hits:  # each hit shows its cable's first paragraph with text
        record = next(c for c in sample_records if c.id == h.id)
        first = next(p for p in record.paragraphs if p.text.strip())
        assert h.snippets and h.snippets[0].paragraph == first.number
        assert h.snippets[0].text.rstrip(" …") in first.text and not h.snippets[0].highlights
    newest = sample_index.search("tags:PGOV date:2007..2008", limit=None, sort="-date")
    assert [h.date for h in newest.hits] == sorted(dates, reverse=True)
    ranked = sample_index.search("mexico", limit=None)  # words: relevance stays the default
    assert [h.score for h in ranked.hits] == sorted((h.score for h in ranked.hits), reverse=True)


def test_a_query_of_names_only_comes_in_date_order_with_the_paragraph_naming_them(sample_index,
                                                                                   sample_records) -> None:
    """`people:calderon` ranks nothing worth ranking (how long a cable's list of names is): its
    cables come as a filter's do, oldest first, each with a paragraph that names him."""
    res = sample_index.search("people:calderon", limit=None)
    assert len(res.hits) >= 3
    dates = [h.date for h in res.hits]
    assert dates == sorted(dates)
    for h in res.hits:
        assert h.snippets, h.id
        named = [sn for sn in h.snippets if "calderon" in sn.text.lower()]
        record = next(c for c in sample_records if c.id == h.id)
        if any("calderon" in p.text.lower() for p in record.paragraphs):
            assert named and named[0].highlights, (h.id, h.snippets)
    mixed = sample_index.search("people:calderon police", limit=None)  # with words: relevance
    assert [h.score for h in mixed.hits] == sorted((h.score for h in mixed.hits), reverse=True)


def test_facet_sort_year_in_time_order_others_by_count(sample_index, sample_records) -> None:
    years = Counter(int(c.date[:4]) for c in {c.id: c for c in sample_records if c.date}.values())
    res = sample_index.search("", facets=["year", "tags"], facet_size=5)
    year, tags = res.facets["year"], res.facets["tags"]
    assert year.sort == "value" and tags.sort == "count"
    shown = [int(v.value) for v in year.values]
    assert shown == sorted(shown)  # time order ...
    assert sorted(shown) == sorted(sorted(years, key=lambda y: (-years[y], y))[:5])  # ... of the 5 biggest years
    assert [v.count for v in tags.values] == sorted((v.count for v in tags.values), reverse=True)
    by_count = sample_index.search("", facets=["year"], facet_size=5, facet_sort="count").facets["year"]
    assert by_count.sort == "count" and [v.count for v in by_count.values] == sorted(years.values(), reverse=True)[:5]
    by_value = sample_index.search("", facets=["tags"], facet_size=5, facet_sort="value").facets["tags"]
    assert [v.value for v in by_value.values] == sorted(v.value for v in tags.values)
    with pytest.raises(UsageError, match="facet sort"):
        sample_index.search("", facets=["year"], facet_sort="sideways")
