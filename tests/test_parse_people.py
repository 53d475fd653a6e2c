"""People: the extractor on real cables (annotated by hand), its rules, resolution and aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablesearch import parse_path
from cablesearch.errors import UsageError
from cablesearch.parse.names import PeopleAliases, person_key
from cablesearch.parse.people import display_case, find_people
from tests.conftest import SAMPLE
from tests.people_gold import Score, gold_file, load_gold, score_cable

MEXICO = SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt"


@pytest.fixture(scope="module")
def mexico_people() -> tuple[str, ...]:
    return parse_path(MEXICO).cables[0].people


# The list the people issue names for the FOIA example, surname by surname.
MEXICO_SURNAMES = ["Negroponte", "Shannon", "Calderon", "Bush", "Ramirez Acuna", "Valdes Castellanos",
                   "Salazar Adame", "Garcia Luna", "Medina Mora", "Noe Ramirez", "Rocha", "Sanchez Zarza", "Rojo",
                   "Rico", "Zhenli", "Garza", "Barclay"]


@pytest.mark.parametrize("surname", MEXICO_SURNAMES)
def test_mexico_names_each_person_once(mexico_people: tuple[str, ...], surname: str) -> None:
    want = person_key(surname).split()
    holders = [p for p in mexico_people if person_key(p).split()[-len(want):] == want]
    if surname == "Noe Ramirez":
        holders = [p for p in mexico_people if person_key(p) == "noe ramirez"]
    assert len(holders) == 1, f"{surname}: {holders} in {mexico_people}"


def test_mexico_full_names_and_nothing_else(mexico_people: tuple[str, ...]) -> None:
    for full in ("Genaro Garcia Luna", "Eduardo Medina Mora", "Guillermo Valdes Castellanos", "Tom Shannon",
                 "Charles V. Barclay", "Florencio Salazar Adame"):
        assert full in mexico_people
    # OCR's `Negro Ponte` and `Negrofonte` resolve to the one Negroponte
    assert "Negroponte" in mexico_people
    assert not any(p in mexico_people for p in ("Negro Ponte", "Negrofonte"))
    # review stamps (`REVIEW AUTHORITY: ADOLPH H EISNER`, `L. HEDGBETH`) and places are not people
    keys = " ".join(person_key(p) for p in mexico_people)
    for absent in ("eisner", "hedgbeth", "pinos", "merida", "plataforma", "mexico", "lauds"):
        assert absent not in keys
    assert len(mexico_people) == len(MEXICO_SURNAMES)


def test_precision_and_recall_on_the_annotated_cables() -> None:
    """39 real cables of every format and era, annotated by hand (tests/data/people_gold.json)."""
    total = Score()
    for entry in load_gold():
        path, csv_id = gold_file(entry)
        report = parse_path(path)
        cables = [c for c in report.cables if csv_id is None or c.id == csv_id]
        assert len(cables) == 1, entry["source"]
        s, _wrong, _missed = score_cable(list(cables[0].people), entry["people"])
        total.found += s.found
        total.gold += s.gold
        total.true_pos += s.true_pos
    assert total.gold > 250
    assert total.precision >= 0.90, f"precision {total.precision:.3f}"
    assert total.recall >= 0.85, f"recall {total.recall:.3f}"


def test_the_gold_file_covers_thirty_cables_of_every_kind() -> None:
    gold = load_gold()
    assert len(gold) >= 30
    kinds = {Path(e["source"]).parts[0] for e in gold}
    assert {"foia-ocr", "plusd-html", "cables-csv", "cablegate-pre", "cablegate-html-2011"} <= kinds


# --- rules on short texts ---------------------------------------------------------------------

def test_titles_in_mixed_case_skip_the_office() -> None:
    text = ("Ambassador Negroponte met Secretary of Government Ramirez Acuna and the Deputy Secretary of "
            "Population, Migration, and Religious Issues Florencio Salazar Adame at Los Pinos.")
    assert find_people([text]) == ("Negroponte", "Ramirez Acuna", "Florencio Salazar Adame")


def test_all_caps_names_end_at_ordinary_words() -> None:
    text = "FOREIGN MINISTER PAPAGOS SAID THAT AMBASSADOR TASCA WOULD MEET PRESIDENT GHIZIKIS IN MAY."
    assert find_people([text]) == ("Papagos", "Tasca", "Ghizikis")


def test_surname_alone_caps_and_ocr_forms_resolve_to_one_person() -> None:
    texts = ["Deputy Secretary Negro Ponte met Genaro Garcia Luna.",
             "Garcia Luna said the Ambassador Negroponte would return. Ambassador Negrofonte agreed.",
             "SUBJECT: DEPUTY SECRETARY NEGROPONTE VISITS"]
    assert find_people(texts) == ("Negroponte", "Genaro Garcia Luna")


def test_person_tags_signer_and_classified_by() -> None:
    people = find_people(["The delegation arrived on Monday."], classified_by="Charles V. Barclay",
                         signers=("GARZA",), tags=("PREL", "OVIP (STEINBERG, JAMES B.)", "CLINTON, HILLARY"))
    assert people == ("James B. Steinberg", "Hillary Clinton", "Charles V. Barclay", "Garza")


def test_a_bare_name_by_its_context() -> None:
    assert find_people(["Officials discussed the Zhenli case and the Calderon administration's plans."]) == (
        "Zhenli", "Calderon")


def test_places_months_organisations_and_acronyms_are_not_people() -> None:
    text = ("In May the Merida Initiative and Plataforma Mexico were discussed at Los Pinos by the PRI "
            "and the Ministry of Foreign Affairs in Mexico City.")
    assert find_people([text]) == ()


def test_person_key_ignores_case_accents_and_order() -> None:
    assert person_key("Genaro García Luna") == person_key("GENARO GARCIA LUNA") == person_key("GARCIA LUNA, GENARO")
    assert person_key("James B. Steinberg") == person_key("STEINBERG, JAMES B.")
    assert person_key("Tom Shannon") != person_key("Shannon")


def test_display_case_of_caps_names() -> None:
    assert [display_case(w) for w in ("GARZA", "MCDONALD", "O'BRIEN", "AL-ASAD", "Garza")] == [
        "Garza", "McDonald", "O'Brien", "al-Asad", "Garza"]


# --- aliases ----------------------------------------------------------------------------------

def test_aliases_merge_and_suppress(tmp_path: Path) -> None:
    f = tmp_path / "people.toml"
    f.write_text('[merge]\n"John Negroponte" = ["Negroponte", "Negro Ponte"]\n'
                 '[suppress]\nnames = ["Los Pinos"]\n', encoding="utf-8")
    aliases = PeopleAliases.load(f)
    assert aliases.apply(["NEGROPONTE", "Los Pinos", "Tom Shannon", "John Negroponte"]) == (
        "John Negroponte", "Tom Shannon")


@pytest.mark.parametrize("content, message", [
    ("[merge\n", "not valid TOML"),
    ('[merge]\n"A" = 3\n', "must be a list"),
    ('[suppress]\nnames = "x"\n', "must be a list"),
])
def test_bad_aliases_file_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "people.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        PeopleAliases.load(f)
