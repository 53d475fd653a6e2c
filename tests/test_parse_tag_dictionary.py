"""The TAGS dictionary (data/tags.tsv), the station table (data/stations.tsv) and
the `country` field they give every parsed cable."""

from __future__ import annotations

import csv
import re
from collections import Counter
from importlib import resources

import pytest

from cablesearch.parse.tag_dictionary import (KINDS, TagEra, all_tags, codes_for, countries_of, country_of_code,
                                              describe, parse_history, shape_kind, sources, station_country,
                                              station_post, tag_matches)


def data_rows(name: str) -> list[list[str]]:
    text = resources.files("cablesearch").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.reader((line for line in text.splitlines() if line and not line.startswith("#")),
                           delimiter="\t", quoting=csv.QUOTE_NONE))


# -- the files themselves ------------------------------------------------------------------------
def test_tags_file_is_well_formed_and_every_row_names_a_defined_source() -> None:
    header, *rows = data_rows("tags.tsv")
    assert header == ["code", "kind", "meaning", "country", "source", "history"]
    assert len(rows) > 500
    assert all(len(r) in (5, 6) for r in rows)  # the history column is optional
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes)), "one row per code"
    assert codes == sorted(codes)
    defined = sources()
    assert {"FIPS10-4", "TAGS-1974", "PLUSD", "NEWSROOM"} <= set(defined)
    for code, kind, meaning, country, source, *history in rows:
        assert code == code.upper().strip() and code, code
        assert kind in KINDS and kind not in ("person", "unknown"), (code, kind)
        assert meaning, code
        assert source in defined, (code, source)
        # every dated meaning names a defined source, and a code with a history has two meanings at least
        eras = parse_history(history[0]) if history else ()
        assert all(e.source in defined for e in eras), code
        assert not history or len({e.meaning for e in eras}) >= 2, code
        if kind == "geographic":
            assert len(code) == 2, code
            # countries for country codes; regions (XA-XZ of the 1974 handbook) name none
            assert bool(country) != (code.startswith("X") and source == "TAGS-1974"), code
        else:
            assert not country, code


def test_station_file_is_well_formed_and_every_code_is_a_country_in_the_dictionary() -> None:
    header, *rows = data_rows("stations.tsv")
    assert header == ["station", "post", "tag", "note"]
    assert len(rows) > 250
    stations = [r[0] for r in rows]
    assert len(stations) == len(set(stations)) and stations == sorted(stations)
    for station, post, tag, note in rows:
        assert re.fullmatch(r"[A-Z]+", station), station
        assert post, station
        assert note in ("", "corpus"), station
        if tag:
            assert country_of_code(tag), (station, tag)


# -- what the sample cables' codes mean ------------------------------------------------------------
@pytest.mark.parametrize("code, kind, meaning, country", [
    ("SNAR", "subject", "Narcotics", None),
    ("PHUM", "subject", "Human Rights", None),
    ("PREL", "subject", "External Political Relations", None),
    ("PTER", "subject", "Terrorists and Terrorism", None),
    ("KDEM", "program", "Democratization", None),
    ("KNNP", "program", "Nuclear nonproliferation", None),  # 09NAIROBI1171, 10TRIPOLI95 ... (NEWSROOM)
    ("KCRM", "program", "Criminal activity", None),
    ("ETTC", "subject", "Trade and technology controls", None),
    ("EUN", "organisation", "European Union", None),
    ("MX", "geographic", "Mexico", "Mexico"),
    ("RS", "geographic", "Russia", "Russia"),          # Russia, not Serbia (ISO RS)
    ("SR", "geographic", "Serbia", "Serbia"),           # as cables write it (FIPS says RI)
    ("SF", "geographic", "South Africa", "South Africa"),
    ("CS", "geographic", "Costa Rica", "Costa Rica"),  # not ISO's Serbia and Montenegro
    ("KN", "geographic", "Korea, North", "North Korea"),
    ("UR", "geographic", "Soviet Union", "Soviet Union"),  # 1970s code
    ("XF", "geographic", "Middle East", None),        # a region, not a country
    ("NATO", "organisation", "North Atlantic Treaty Organization", None),
    ("UNSC", "organisation", "UN Security Council", None),
])
def test_known_codes(code, kind, meaning, country) -> None:
    info = describe(code)
    assert (info.code, info.kind, info.meaning, info.country) == (code, kind, meaning, country)
    assert info.source in sources()
    assert describe(code.lower()) == info


def test_most_tags_on_the_sample_cables_have_a_meaning(sample_records) -> None:
    uses = Counter(t for c in sample_records for t in c.tags)
    explained = sum(n for t, n in uses.items() if describe(t).meaning)
    assert explained / sum(uses.values()) >= 0.85
    for code in ("PREL", "PGOV", "IR", "PTER", "PINR", "ECON", "PINT", "PFOR", "MARR", "LE"):
        assert describe(code).meaning, code


@pytest.mark.parametrize("code, kind", [
    ("KGIC", "program"),               # K + 3 letters: a program tag the dictionary lacks a source for
    ("KPAK", "program"),
    ("QQ", "geographic"),              # two letters
    ("CLINTON, HILLARY", "person"),    # SURNAME, GIVEN (09STATE15113... person tags)
    ("ZANU", "organisation"),          # a run of letters outside the subject categories
    ("IRAQI FREEDOM", "unknown"),      # free text typed into the TAGS line
    ("IWC-2", "unknown"),
])
def test_unknown_codes_are_typed_by_shape(code, kind) -> None:
    info = describe(code)
    assert info.source == "shape" and info.meaning is None
    assert info.kind == shape_kind(code) == kind


def test_every_sample_tag_gets_a_kind(sample_records) -> None:
    for cable in sample_records:
        for tag in cable.tags:
            info = describe(tag)
            assert info.kind in KINDS
            if "," in tag:
                assert info.kind == "person", tag


# -- search by meaning -------------------------------------------------------------------------------
def test_codes_for_meanings() -> None:
    assert "SNAR" in codes_for("narcotics") and "SNAR" in codes_for("Narcotic")
    assert "PHUM" in codes_for("human rights") and "PHUM" in codes_for("Human  Rights")
    assert codes_for("russia") == ("RS",)
    assert "PTER" in codes_for("terrorism")
    # a value that is itself a code means that code only; stopwords match nothing
    assert codes_for("IN") == () and codes_for("snar") == ()
    assert codes_for("of") == codes_for("and the") == codes_for("") == ()
    assert codes_for("no such meaning anywhere") == ()


def test_codes_for_program_tag_meanings() -> None:
    # issue 20: `tags:"nuclear nonproliferation"` finds the KNNP cables
    assert codes_for("nuclear nonproliferation") == codes_for("Nuclear Nonproliferation") == ("KNNP",)
    assert codes_for("criminal activity") == ("KCRM",) and codes_for("terrorist financing") == ("KTFN",)
    assert "KWMN" in codes_for("women's issues") and "KWMN" in codes_for("women")


# -- codes whose meaning changed over time ---------------------------------------------------------------
def test_a_code_with_two_meanings_over_time_carries_both_with_years() -> None:
    uv = describe("UV")
    assert (uv.meaning, uv.country) == ("Burkina Faso", "Burkina Faso")  # what the country field shows
    assert uv.history == (TagEra("1974", "Upper Volta", "TAGS-1974"), TagEra("2009-2010", "Burkina Faso", "CABLES"))
    assert uv.meanings == ("Burkina Faso", "Upper Volta")
    assert uv.label == "Burkina Faso (2009-2010); Upper Volta (1974)"
    # a search by either meaning finds the code
    assert codes_for("upper volta") == codes_for("burkina faso") == ("UV",)
    assert codes_for("zaire") == ("CG",) and "CG" in codes_for("democratic republic of the congo")
    assert tag_matches(uv, "upper volta") and tag_matches(describe("ABLD"), "grounds")
    # a subject code renamed between the 1970s lists and the 2022 handbook
    abld = describe("ABLD")
    assert [(e.years, e.meaning) for e in abld.history] == [("1973-1979", "Buildings"), ("2022", "Building and Grounds")]
    # codes without a history label as before
    assert describe("PHUM").history == () and describe("PHUM").label == "Human Rights"
    assert describe("KGIC").label is None


def test_history_entries_must_name_years_and_source() -> None:
    assert parse_history("") == ()
    assert parse_history("2022: B [FAH-2022]; 1974: A [TAGS-1974]") == (
        TagEra("1974", "A", "TAGS-1974"), TagEra("2022", "B", "FAH-2022"))  # oldest first
    for bad in ("Upper Volta [TAGS-1974]", "1974: Upper Volta", "seventies: Upper Volta [TAGS-1974]"):
        with pytest.raises(ValueError):
            parse_history(bad)


def test_tag_patterns() -> None:
    snar = describe("SNAR")
    assert tag_matches(snar, "narc") and tag_matches(snar, "SNAR") and tag_matches(snar, "S*")
    assert not tag_matches(snar, "K*") and not tag_matches(snar, "human")
    assert tag_matches(describe("RS"), "russia") and tag_matches(describe("KN"), "north korea")


# -- the country field ---------------------------------------------------------------------------------
def test_station_posts_and_countries() -> None:
    assert station_post("SANJOSE") == "San Jose" and station_country("SANJOSE") == "Costa Rica"
    assert station_country("MEXICO") == "Mexico" and station_country("PRETORIA") == "South Africa"
    assert station_country("MOSCOW") == "Russia" and station_country("tehran") == "Iran"
    # the Department and multilateral missions have no host country
    assert station_country("STATE") is None and station_country("USUNNEWYORK") is None
    assert station_country("USNATO") is None and station_country(None) is None
    assert station_post("NOSUCHPOST") is None


def test_countries_of_tags_then_the_post() -> None:
    assert countries_of(("PGOV", "PREL", "ECON", "MX"), "MEXICO") == ("Mexico",)
    assert countries_of(("PREL", "IR", "GM", "CH"), "STATE") == ("Iran", "Germany", "China")
    assert countries_of(("PREL",), "TEHRAN") == ("Iran",)  # no geographic tag: the post's country
    assert countries_of(("PREL", "XF"), "STATE") == ()       # a region is no country
    assert countries_of((), None) == ()


@pytest.mark.parametrize("cable_id, country", [
    ("07MEXICO6043", ("Mexico",)),
    ("09STATE68250", ("Iran", "Germany", "China")),
    ("06BRASILIA2425", ("Brazil",)),
    ("08MEXICO2371", ("Mexico",)),
    ("85BEIRUT1013", ("Lebanon", "Iran")),  # TAGS: PGOV PINT PTER LE IR
])
def test_parsed_cables_carry_their_countries(sample_records, cable_id, country) -> None:
    (cable,) = {c.id: c for c in sample_records if c.id == cable_id}.values()
    assert cable.country == country


def test_all_tags_is_the_whole_dictionary() -> None:
    every = all_tags()
    assert [t.code for t in every] == sorted(t.code for t in every)
    assert len(every) == len(data_rows("tags.tsv")) - 1
    assert {t.kind for t in every} == {"subject", "program", "geographic", "organisation"}
