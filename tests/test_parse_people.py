"""People: the extractor on real cables (annotated by hand), its rules, resolution and aliases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cablesearch import parse_path
from cablesearch.errors import UsageError
from cablesearch.parse.names import PeopleAliases, person_key
from cablesearch.model import Cable
from cablesearch.parse.people import display_case, find_people, with_office_holders
from cablesearch.parse.people.holders import holders, surname_key
from cablesearch.parse.tag_dictionary import all_tags, countries_of
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


def test_a_title_in_the_plural_names_each_of_a_list() -> None:
    assert find_people(["Presidents Lula, Morales, Chavez and Kirchner remain committed to integration."]) == (
        "Lula", "Morales", "Chavez", "Kirchner")
    assert find_people(["The Ministers of Finance and Trade met the delegation."]) == ()
    # 79TEHRAN11319: `CLERICS SUCH AS AYATOLLAHS NURI AND SHARI'AT-MADARI WHO SHARE THE VIEW`
    tehran = next(c for c in parse_path(SAMPLE / "cables-csv/cables_first37rows.csv").cables if c.id == "79TEHRAN11319")
    assert {"nuri", "shari'at-madari"} <= {person_key(p) for p in tehran.people}


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


def test_routing_lines_name_each_addressee() -> None:
    # 09ISTANBUL399: one office a `;` part, a line that runs on (`BAKU FOR` / `MCCRENSKY;`)
    istanbul = parse_path(SAMPLE / "cablegate-pre/09ISTANBUL399.txt").cables[0].people
    assert {"McCrensky", "Popal", "Tangborn", "Murray"} <= set(istanbul)
    assert "Vangjel" in parse_path(SAMPLE / "cablegate-pre/05ROME1506.txt").cables[0].people  # `PLEASE PASS TO BG`
    # 09BERN279: `DEPT FOR ISN/MTR (M.KENNEDY) AND EUR/CE (C.HODGES)`: an initial run into the surname
    assert {"M. Kennedy", "C. Hodges"} <= set(parse_path(SAMPLE / "cablegate-html-2011/09BERN279.html").cables[0].people)
    # the header lines of 07PARIS170, 09TRIPOLI694, 08KABUL3025 and 09LONDON1069
    header = ("NSC FOR ABRAMS/DORAN\nPLEASE PASS TO NSC (SCOTT BUSBY) AND OVP (HERRO MUSTAFA).\n"
              "NSC FOR WOOD\nDEPARTMENT FOR EUR/NB; SCA/PPD, EUR/PPD\nTREASURY FOR MEYER AND NOTE\n"
              "USDOC FOR 3134/USFCS/OIO; COMMERCE FOR NATE MASON.\n"
              "STATE PASS TO FED BOARD OF GOVERNORS FOR ROBITAILLE\nSTATE PASS EXIMBANK\n")  # 05BRASILIA1682
    assert find_people([], header=header) == ("Abrams", "Doran", "Scott Busby", "Herro Mustafa", "Wood", "Meyer",
                                              "Nate Mason", "Robitaille")


def test_ref_lines_name_the_writers_of_the_notes_they_cite() -> None:
    # 07REYKJAVIK85 and 08TRIPOLI396; in the sample, 09REYKJAVIK15's `B) Evans - Reykjavik Morning Update email`
    header = ("REFS:  Hodgson emails to Duguid/Pulaski/USNATO and USNATO 00184\n"
              "REF: A) STATE 135205; B) JOHNSON-STEVENS E-MAIL 10/15/07; C) IO/PSC & AF/W-USUN E-MAILS\n")
    assert find_people([], header=header) == ("Hodgson", "Duguid", "Pulaski", "Johnson", "Stevens")
    assert "Evans" in parse_path(SAMPLE / "cablegate-pre/09REYKJAVIK15.txt").cables[0].people


def test_names_end_where_names_end() -> None:
    assert find_people(["Congressman Tom Lantos' recent statement"]) == ("Tom Lantos",)  # 07THEHAGUE246
    assert find_people(["He was accompanied by Ambassador William B. Wood and others."]) == ("William B. Wood",)
    # a family name written first (08RANGOON44)
    assert find_people(["Chinese Ambassador Guan Mu met them. Ambassador Guan said little."]) == ("Guan Mu",)
    # 08SANJOSE947, 07BOGOTA1232: a given name takes an ordinary word as surname only when it names
    assert find_people(["An Oliver Hazard Perry Class frigate is in port."]) == ()
    assert find_people(["(Note: Julia Painting, Head of the office, agreed.)"]) == ("Julia Painting",)
    # 00DAMASCUS2976, 07PARIS170: a misspelt noun after a title, a newspaper after its article
    assert find_people(["THERE HAS BEEN NO OFFICIAL ANNOUNCMENT THAT THE MEETING HAS TAKEN PLACE."]) == ()
    assert find_people(["LE MONDE'S JAN. 17 EDITION RAN A STORY. LE MONDE HINTED THAT IT WAS SO."]) == ()
    # 09SANJOSE10, 08STOCKHOLM704: the plural of an ordinary word; TAGS codes after `PM`
    assert find_people(["RAINS CAUSED LANDSLIDES IN THE NORTH. MORE LANDSLIDES ARE LIKELY."]) == ()
    assert find_people(["SIPDIS E.O. 12958: N/A TAGS: CVIS PREL PM SW"]) == ()
    assert find_people(["THE EFFECTS OF GLOBALISATION WERE DEBATED. GLOBALISATION HELPS, HE SAID."]) == ()
    # 10BANGKOK192: a title's short form ends a name before no other name
    assert find_people(["He met Cambodian leader Hun Sen. All three had come. Sen. Kerry and Gen Petraeus came."]) == (
        "Hun Sen", "Kerry", "Petraeus")
    assert find_people(["Vice President Cheney met George Bush Sr. on Monday."]) == ("Cheney", "George Bush")


def test_a_lone_word_needs_two_sightings_and_known_surnames_pass_place_words() -> None:
    # said once, a capitalised word no rule explains is not a person, even a surname other cables
    # write in full (`Yasser Arafat`): one sighting would pull stray namesakes into a facet row
    assert find_people(["The talks stalled after Arafat left the room."]) == ()
    assert find_people(["The talks stalled after Arafat left and resumed when Arafat returned."]) == ("Arafat",)
    # 09ABUDHABI347, 08LONDON930: `of`, `from`, `to` before a known surname do not make it a place
    assert find_people(["Children of Thatcher, they said; the heirs of Thatcher won."]) == ("Thatcher",)
    assert find_people(["The king met them in Jordan and then in Jordan again."]) == ()
    # a word of a full name read alone joins it (09STATE74787)
    assert find_people(["TEAM (I.E. GENARO GARCIA LUNA, EDUARDO MEDINA MORA, FERNANDO GOMEZ MONT)"]) == (
        "Genaro Garcia Luna", "Eduardo Medina Mora", "Fernando Gomez Mont")


def test_titles_before_particles_and_after_offices() -> None:
    # 10BUENOSAIRES111, 07MADRID911, 07BOGOTA1232, 09UNVIEVIENNA279, 09PARIS997
    assert find_people(["Treasury Attorney Da Rocha would meet Italian Ambassador La Tella."]) == ("Da Rocha", "La Tella")
    assert find_people(["He met President de la Vega on April 30."]) == ("de la Vega",)
    assert find_people(["The Procurador del Tesoro will decide."]) == ()
    assert find_people(["He met with Secretary of Defense Gates. The Minister of Trade left."]) == ("Gates",)
    assert find_people(["Vice Chair Kirsti Kauppi (Finland) asked members to wait. SRSG Choi was pessimistic."]) == (
        "Kirsti Kauppi", "Choi")


# --- office holders: a lone surname read by the cable's date and countries ------------------

def _read(sample: str) -> tuple[str, ...]:
    return with_office_holders(parse_path(SAMPLE / sample).cables[0])


@pytest.mark.parametrize("sample, lone, holder", [
    ("cablegate-pre/10STATE7810.txt", "Clinton", "Hillary Clinton"),  # the Department, 2010, signed CLINTON
    ("cablegate-html-2011/03ANKARA2521.html", "Erdogan", "Recep Tayyip Erdogan"),  # Ankara, 2003
    ("cablegate-pre/05ROME1506.txt", "Bush", "George W. Bush"),  # Rome, 2005: a US president is known everywhere
    ("cablegate-pre/05ROME1506.txt", "Berlusconi", "Silvio Berlusconi"),  # Rome: Italy's prime minister
    ("cablegate-pre/08BRASILIA129.txt", "Lula", "Luiz Inacio Lula da Silva"),  # undated: read in its id's year
])
def test_a_lone_surname_becomes_the_office_holder_of_its_time_and_place(sample: str, lone: str, holder: str) -> None:
    assert lone in parse_path(SAMPLE / sample).cables[0].people  # what the cable writes
    people = _read(sample)
    assert holder in people and lone not in people, people


@pytest.mark.parametrize("sample, lone", [
    ("cablegate-pre/05PARAMARIBO725.txt", "Chavez"),  # Paramaribo: not a cable about Venezuela
    ("cablegate-pre/09MADRID482.txt", "Sarkozy"),  # Madrid: France is none of its countries
])
def test_a_lone_surname_outside_the_office_s_country_stays(sample: str, lone: str) -> None:
    assert lone in _read(sample)


def test_a_surname_joins_its_full_name_with_or_without_the_article() -> None:
    # Tripoli 2009 writes `Muammar al-Qadhafi` and `Qadhafi`, `Nuri al-Mismari` and `Mismari`
    people = parse_path(SAMPLE / "cablegate-pre/09EFTOTRIPOLI704.txt").cables[0].people
    assert "Muammar al-Qadhafi" in people and "Nuri al-Mismari" in people
    assert "Qadhafi" not in people and "Mismari" not in people


def test_the_fullest_name_of_a_person_is_shown_whatever_its_case() -> None:
    # `OVIP (CLINTON, HILLARY)` in TAGS, `Secretary Clinton’s` in the subject
    assert "Hillary Clinton" in parse_path(SAMPLE / "cablegate-pre/09STATE30049.txt").cables[0].people
    # a caps subject line of a mixed-case cable gives the full name, not a run-on into its verb (09KABUL376)
    text = "President Karzai met the Ambassador on Monday. Karzai said he would go."
    assert find_people(["PRESIDENT HAMID KARZAI MEETS AMBASSADOR", text]) == ("Hamid Karzai",)
    assert find_people(["PRESIDENT KARZAI PREVIEWS STRATEGIC REVIEW", text]) == ("Karzai",)


def _cable(people: tuple[str, ...], date: str | None, station: str | None, tags: tuple[str, ...] = (),
           signed_by: tuple[str, ...] = ()) -> Cable:
    return Cable(id=f"06{station or 'STATE'}1", date=date, station=station, tags=tags, people=people,
                 country=countries_of(tags, station), signed_by=signed_by)


def test_two_office_holders_leave_a_surname_alone_unless_one_signed_as_ambassador() -> None:
    moscow = _cable(("Burns",), "2006-05-02T10:00:00Z", "MOSCOW")
    # Ambassador William J. Burns (Russia) and Under Secretary Nicholas Burns (everywhere) both fit
    assert with_office_holders(moscow) == ("Burns",)
    signed = _cable(("Burns",), "2006-05-02T10:00:00Z", "MOSCOW", signed_by=("BURNS",))
    assert with_office_holders(signed) == ("William J. Burns",)
    assert with_office_holders(_cable(("Burns",), "2006-05-02T10:00:00Z", "BERLIN")) == ("Nicholas Burns",)
    assert with_office_holders(_cable(("Burns",), "1990-05-02T10:00:00Z", "MOSCOW")) == ("Burns",)  # nobody then


def test_a_post_s_signer_is_never_read_as_an_official_at_home() -> None:
    # San Jose, 2009: Charge Peter M. Brennan signs; John Brennan of the White House is named in the text
    named = _cable(("Brennan",), "2009-06-01T10:00:00Z", "SANJOSE")
    assert with_office_holders(named) == ("John Brennan",)
    signed = _cable(("Brennan",), "2009-06-01T10:00:00Z", "SANJOSE", signed_by=("BRENNAN",))
    assert with_office_holders(signed) == ("Brennan",)
    # a title glued to the surname (`DPNSA Brennan`, Riyadh 2009) still leaves it alone
    titled = _cable(("Dpnsa Brennan",), "2009-06-01T10:00:00Z", "RIYADH")
    assert with_office_holders(titled) == ("John Brennan",)
    # the Department's cables are signed by the Secretary
    assert with_office_holders(_cable(("Clinton",), "2010-02-01T10:00:00Z", None, signed_by=("CLINTON",))) == (
        "Hillary Clinton",)


def test_an_undated_cable_reads_by_its_year_and_a_change_of_holder_keeps_the_surname() -> None:
    def rice(year: str, date: str | None = None) -> tuple[str, ...]:
        return with_office_holders(Cable(id=f"{year}STATE1", date=date, people=("Rice", "Rice")))
    assert rice("07") == ("Condoleezza Rice",)
    # 2009: Secretary Condoleezza Rice until January 20, Ambassador Susan E. Rice from January 22
    assert rice("09") == ("Rice",)
    assert rice("09", "2009-06-01T00:00:00Z") == ("Susan E. Rice",)


def test_names_the_aliases_read_are_left_to_them() -> None:
    cable = _cable(("Chavez", "Pres Chavez", "Hugo Rafael Chavez"), "2008-01-02T10:00:00Z", "CARACAS")
    assert with_office_holders(cable, ["Chavez", "Pres Chavez"]) == ("Hugo Chavez",)  # one person, once
    # `"Chavez" = []` in the aliases: every form of the surname is theirs, titled or not
    assert with_office_holders(cable, ["Chavez", "Pres Chavez"], keep={"chavez"}) == ("Chavez", "Pres Chavez")


def test_a_surname_the_cable_also_writes_in_full_is_not_read() -> None:
    # Tripoli, 2010 (10TRIPOLI74): `Qadhafi` kept apart from Saif al-Islam al-Qadhafi, in the name of
    # his foundation, is not the Leader for sure
    cable = _cable(("Qadhafi", "Saif al-Islam al-Qadhafi"), "2010-02-01T10:00:00Z", "TRIPOLI")
    assert with_office_holders(cable) == ("Qadhafi", "Saif al-Islam al-Qadhafi")
    assert with_office_holders(_cable(("Qadhafi",), "2010-02-01T10:00:00Z", "TRIPOLI")) == ("Muammar al-Qadhafi",)


def test_every_office_holder_row_is_dated_placed_and_sourced() -> None:
    known = {t.country for t in all_tags() if t.country}
    rows = [h for hs in holders().values() for h in hs]
    assert len(rows) >= 100
    for h in rows:
        assert h.where == "*" or h.where in known, h
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in (h.start, h.end) if d), h
        assert not h.end or h.start <= h.end, h
        assert h.source.startswith(("http://", "https://")), h
        assert surname_key(h.name.split()[-1]) == h.surname or h.surname in {surname_key(w) for w in h.name.split()}, h


def test_the_known_surnames_are_no_places_acronyms_or_titles() -> None:
    from cablesearch.parse.people.words import ORG_WORDS, acronym_words, is_title_word, known_surnames, word_lists
    common, places, given = word_lists()
    known = known_surnames()
    assert {"arafat", "zapatero", "netanyahu", "gates"} <= known  # `gates`: an ordinary word kept as a name word
    assert not known & (places | acronym_words() | ORG_WORDS | given)
    assert not [w for w in known if is_title_word(w)]


def test_companies_written_like_people_are_not_people() -> None:
    # 10BUENOSAIRES111, 09TRIPOLI867, 09MAPUTO1291-style texts: a bank said twice, an oil company, a bank run
    text = ("Officials of Morgan Stanley and Merrill Lynch met the minister. Barclays said it would stay; "
            "later Barclays left. Amerada Hess and Wintershall signed. Minister Boudou agreed.")
    assert find_people([text]) == ("Boudou",)
    from cablesearch.parse.people.words import company_key, company_names, known_surnames, word_lists
    given, known = word_lists()[2], known_surnames()
    single = {k for k in company_names() if " " not in k}
    assert company_key("Moody's") in company_names() and not single & (given | known)

