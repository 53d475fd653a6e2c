"""People resolved across the index: the person table kept with it (`parse/person_table.py`).

On the index of sample_data (each engine): the Brazilian cables name `Clifford Sobel` once
(08BRASILIA129) and only `Sobel` twice (06BRASILIA2532, 08RIODEJANEIRO165), and no other
Sobel is in the index: one person. The Mexican cables name `Felipe Calderon` once and only
`Calderon` twice, read as Mexico's president when indexed (`with_office_holders`).
`Qadhafi` alone stays apart where no office reads it (Mogadishu 1985, Harare 2000): the
index holds Muammar, Mutassim and Ayesha al-Qadhafi.
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from cablesearch import CableIndex, build_index
from cablesearch.cli import cli
from cablesearch.parse.names import PeopleAliases
from cablesearch.parse.people import find_people
from cablesearch.parse.person_table import PersonTable
from conftest import SAMPLE


def _ids(ix: CableIndex, q: str) -> set[str]:
    return {h.id for h in ix.search(q, limit=None).hits}


def _sources(tmp_path, *samples: str):
    """A folder of copies of these sample files, to index."""
    src = tmp_path / "cables"
    src.mkdir()
    for name in samples:
        shutil.copy(SAMPLE / name, src)
    return src


def _rows(ix: CableIndex, q: str = "*") -> dict:
    return {v.value: v for v in ix.search(q, facets=["people"], facet_size=10_000, limit=0).facets["people"].values}


# -- the table's rules ------------------------------------------------------------------------------
def _table(*cables: tuple[list[str], int], aliases: PeopleAliases | None = None) -> dict[str, dict[str, int]]:
    return {p.name: p.variants for p in PersonTable.build(cables, aliases).people}


def test_a_lone_surname_joins_the_one_full_name_that_has_it() -> None:
    people = _table((["Scobey"], 30), (["Margaret Scobey"], 11), (["Magaret Scobey"], 1), (["Hosni Mubarak"], 4))
    assert people["Margaret Scobey"] == {"Scobey": 30, "Margaret Scobey": 11, "Magaret Scobey": 1}
    assert "Scobey" not in people


def test_a_surname_two_full_names_share_stays_apart() -> None:
    table = PersonTable.build([(["Qadhafi"], 14), (["Muammar al-Qadhafi"], 24), (["Saif al-Islam al-Qadhafi"], 14)])
    lone = table.person("QADHAFI")
    assert lone is not None and lone.name == "Qadhafi" and lone.variants == {"Qadhafi": 14}
    assert set(lone.ambiguous) == {"Muammar al-Qadhafi", "Saif al-Islam al-Qadhafi"}
    assert table.variants("MUAMMAR AL-QADHAFI") == ("Muammar al-Qadhafi",)


def test_an_initial_and_a_surname_join_only_the_full_name_with_that_initial() -> None:
    # USTR's `MSULLIVAN` in Sao Paulo's routing lines is not any Sullivan the corpus names alone
    people = _table((["M. Sullivan"], 20), (["Sullivan"], 27), (["Mark Sullivan"], 3), (["Jake Sullivan"], 2))
    assert people["Mark Sullivan"] == {"Mark Sullivan": 3, "M. Sullivan": 20}
    assert people["Sullivan"] == {"Sullivan": 27}
    # no full name to join: the initialled form is a row of its own, and the surname alone is not it
    assert _table((["M. Sullivan"], 20), (["Sullivan"], 27)) == {"M. Sullivan": {"M. Sullivan": 20},
                                                                 "Sullivan": {"Sullivan": 27}}
    # two full names with that initial: apart
    assert "M. Sullivan" in _table((["M. Sullivan"], 20), (["Mark Sullivan"], 3), (["Mary Sullivan"], 2))


def test_the_alias_file_wins() -> None:
    aliases = PeopleAliases(merge={"scobey": "Scobey"})  # `"Scobey" = []`: the user keeps it apart
    people = _table((["Scobey"], 30), (["Margaret Scobey"], 11), aliases=aliases)
    assert people == {"Scobey": {"Scobey": 30}, "Margaret Scobey": {"Margaret Scobey": 11}}
    # and a merge name is the person's canonical name, however rare
    aliases = PeopleAliases(merge={"peggy scobey": "Peggy Scobey"})
    assert _table((["Margaret Scobey"], 11), (["Peggy Scobey"], 1), (["Scobey"], 3), aliases=aliases) == {
        "Margaret Scobey": {"Margaret Scobey": 11}, "Peggy Scobey": {"Peggy Scobey": 1},
        "Scobey": {"Scobey": 3}}


def test_middle_initials_and_a_father_s_name_tell_two_people_apart() -> None:
    # spellings of the whole corpus (documents holding each)
    bushes = _table((["George W. Bush"], 382), (["George Bush"], 8), (["George Herbert Walker Bush"], 3),
                    (["George H. W. Bush"], 2))
    assert bushes["George W. Bush"] == {"George W. Bush": 382}
    assert bushes["George Herbert Walker Bush"] == {"George Herbert Walker Bush": 3, "George H. W. Bush": 2}
    assert bushes["George Bush"] == {"George Bush": 8}  # either of them: apart
    # with one initialled form only, the bare form is that person, and neither is his father
    assert _table((["George W. Bush"], 3), (["George Bush"], 2), (["George Herbert Walker Bush"], 1)) == {
        "George W. Bush": {"George W. Bush": 3, "George Bush": 2},
        "George Herbert Walker Bush": {"George Herbert Walker Bush": 1}}
    # the King of Bahrain and the Emir of Qatar
    hamads = _table((["Hamad bin Isa Al Khalifa"], 45), (["Hamad bin Khalifa"], 3))
    assert set(hamads) == {"Hamad bin Isa Al Khalifa", "Hamad bin Khalifa"}
    # ... but fathers spelt two ways are one (`Ahmed`/`Ahmad`), and a family name after `bin` is no father
    assert len(_table((["Khalid bin Ahmed Al-Khalifa"], 5), (["Khalid bin Ahmad al Khalifa"], 3))) == 1
    assert len(_table((["Osama bin Laden"], 20), (["Osama bin Mohammed bin Laden"], 3))) == 1
    # one middle initial against another is a slip of one letter: one person
    assert _table((["Thomas Shannon"], 108), (["Thomas A. Shannon"], 19), (["Thomas P. Shannon"], 2)) == {
        "Thomas Shannon": {"Thomas Shannon": 108, "Thomas A. Shannon": 19, "Thomas P. Shannon": 2}}
    # a middle name written must open the longer name's middle (George W. Bush is George Walker Bush)
    assert set(_table((["George Walker Bush"], 2), (["George Herbert Walker Bush"], 3))) == {
        "George Walker Bush", "George Herbert Walker Bush"}
    assert len(_table((["Jose Luis Zapatero"], 2), (["Jose Luis Rodriguez Zapatero"], 100))) == 1
    # initials never written twice differently still join (`Gene A. Cretz`, `Gene Cretz`)
    assert _table((["Gene A. Cretz"], 100), (["Gene Cretz"], 20)) == {"Gene A. Cretz": {"Gene A. Cretz": 100,
                                                                                      "Gene Cretz": 20}}


def test_cables_are_counted_once_per_person_and_the_table_round_trips() -> None:
    table = PersonTable.build([(["Hugo Chavez", "Chavez"], 2), (["Chavez"], 1), (["Pres Chavez"], 1)])
    (person,) = table.people
    assert (person.name, person.cables) == ("Hugo Chavez", 4)
    again = PersonTable.from_json(json.loads(json.dumps(table.to_json())))
    assert again.people == table.people
    assert PersonTable.from_json({"version": 999, "people": []}).people == ()


def test_offices_are_never_people() -> None:
    # the routing lines of 08KABUL3025 and 09CAIRO2111 (corpus), and a possessive title
    header = "NSC FOR WOOD\nOSD FOR WILKES\nCENTCOM FOR CG CSTC-A, CG CJTF-101 POLAD\nFOR NEA/ELA AND DRL/NESCA\n"
    text = "The Prosecutor General's office and the DCM met Ambassador Wood. Wood said the Party would wait."
    people = find_people([text], header=header)
    assert "Wood" in people and "Wilkes" in people
    assert not {"Polad", "Nesca", "General", "Party", "DCM"} & set(people)


# -- on the sample index, each engine ---------------------------------------------------------------
def test_the_facet_shows_one_row_per_person(sample_index) -> None:
    rows = _rows(sample_index)
    assert rows["Felipe Calderon"].count == 3 and "Calderon" not in rows
    assert rows["Clifford Sobel"].count == 3 and "Sobel" not in rows
    assert rows["Clifford Sobel"].variants == ("Sobel", "Clifford Sobel")
    # a row of one spelling lists none
    assert rows["Genaro Garcia Luna"].variants == ()
    assert (sample_index.path / "people.json").exists()


@pytest.mark.parametrize("surname, full", [("calderon", "Felipe Calderon"), ("sobel", "Clifford Sobel")])
def test_a_surname_and_the_full_name_find_the_same_cables(sample_index, surname: str, full: str) -> None:
    by_surname = _ids(sample_index, f"people:{surname}")
    assert len(by_surname) == 3
    assert _ids(sample_index, f'people:"{full}"') == by_surname
    # and the facet row says so, selected
    row = _rows(sample_index, f'people:"{full}"')[full]
    assert row.count == 3 and row.selected


def test_an_ambiguous_surname_stays_apart(sample_index) -> None:
    rows = _rows(sample_index)
    assert rows["Qadhafi"].count == 2 and rows["Muammar al-Qadhafi"].count == 1
    assert _ids(sample_index, 'people:"muammar al-qadhafi"') == {"09TRIPOLI704"}
    assert _ids(sample_index, "people:qadhafi") == {"10TRIPOLI95", "09TRIPOLI704", "85MOGADISHU1292",
                                                    "00HARARE5461"}


def test_the_json_facet_value_lists_its_variants(tmp_path) -> None:
    src = _sources(tmp_path, "cablegate-pre/08BRASILIA129.txt", "cablegate-pre/06BRASILIA2532.txt")
    ix_dir = tmp_path / "ix"
    runner = CliRunner()
    assert runner.invoke(cli, ["index", str(src), "--index", str(ix_dir), "-q"]).exit_code == 0
    out = runner.invoke(cli, ["search", "people:sobel", "--facet", "people", "--json", "--index", str(ix_dir)])
    assert out.exit_code == 0, out.output
    values = {v["value"]: v for v in json.loads(out.stdout)["facets"]["people"]["values"]}
    assert values["Clifford Sobel"] == {"value": "Clifford Sobel", "count": 2, "selected": True, "label": None,
                                        "variants": ["Clifford Sobel", "Sobel"]}
    assert all("variants" not in v for name, v in values.items() if name != "Clifford Sobel")


def test_the_alias_file_wins_on_an_index(tmp_path, engine: str) -> None:
    src = _sources(tmp_path, "cablegate-html-2011/06MEXICO1311.html", "cablegate-html-2011/08MEXICO2371.html",
                   "foia-ocr/MEXICO006043-2007.txt")
    ix_dir = tmp_path / "ix"
    build_index([src], ix_dir)
    with CableIndex.open(ix_dir) as ix:
        assert _rows(ix)["Felipe Calderon"].count == 3
    # the user keeps `Calderon` apart (another Calderon, say): the next build's table does too
    aliases = tmp_path / "people.toml"
    aliases.write_text('[merge]\n"Calderon" = []\n', encoding="utf-8")
    build_index([src], ix_dir, aliases=aliases)
    with CableIndex.open(ix_dir) as ix:
        rows = _rows(ix)
        assert (rows["Felipe Calderon"].count, rows["Calderon"].count) == (1, 2)
        assert _ids(ix, 'people:"felipe calderon"') == {"06MEXICO1311"}


def test_a_name_an_office_reading_gives_still_goes_through_the_aliases(tmp_path, engine: str) -> None:
    # 10STATE7810 is signed CLINTON (the Department, 2010): read as Hillary Clinton when indexed
    src = _sources(tmp_path, "cablegate-pre/10STATE7810.txt")
    ix_dir = tmp_path / "ix"
    build_index([src], ix_dir)
    with CableIndex.open(ix_dir) as ix:
        assert _ids(ix, 'people:"hillary clinton"') == {"10STATE7810"}
    aliases = tmp_path / "people.toml"
    aliases.write_text('[merge]\n"Hillary Rodham Clinton" = ["Hillary Clinton"]\n', encoding="utf-8")
    build_index([src], ix_dir, aliases=aliases)
    with CableIndex.open(ix_dir) as ix:
        assert "Hillary Rodham Clinton" in ix.get("10STATE7810").people
        assert "Hillary Clinton" not in ix.get("10STATE7810").people
    aliases.write_text('[suppress]\nnames = ["Hillary Clinton"]\n', encoding="utf-8")
    build_index([src], ix_dir, aliases=aliases)
    with CableIndex.open(ix_dir) as ix:
        assert not {"Hillary Clinton", "Clinton"} & set(ix.get("10STATE7810").people)


def test_an_incremental_build_recomputes_the_table(tmp_path, engine: str) -> None:
    src = _sources(tmp_path, "cablegate-pre/06BRASILIA2532.txt")
    ix_dir = tmp_path / "ix"
    build_index([src], ix_dir)
    with CableIndex.open(ix_dir) as ix:
        assert "Sobel" in _rows(ix)
    shutil.copy(SAMPLE / "cablegate-pre/08BRASILIA129.txt", src)
    build_index([src], ix_dir)
    with CableIndex.open(ix_dir) as ix:
        rows = _rows(ix)
        assert rows["Clifford Sobel"].count == 2 and "Sobel" not in rows
        assert _ids(ix, "people:sobel") == _ids(ix, 'people:"clifford sobel"') == {"06BRASILIA2532",
                                                                                   "08BRASILIA129"}
