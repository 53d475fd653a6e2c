"""Station names and cable ids as written in the corpus -> canonical forms."""

import pytest

from cablesearch.parse.ids import canonical_station, make_id, repair_id

# (cable id where the name was seen, name as written, expected station)
STATION_CASES = [
    # FM lines
    ("07MEXICO6043", "AMEMBASSY MEXICO", "MEXICO"),
    ("06SANJOSE707", "AMEMBASSY SAN JOSE", "SANJOSE"),
    ("06CALCUTTA389", "AMCONSUL CALCUTTA", "CALCUTTA"),
    ("09STATE63812", "SECSTATE WASHDC", "STATE"),
    ("06USUNNEWYORK1065", "USMISSION USUN NEW YORK", "USUNNEWYORK"),
    ("06GENEVA2030", "USMISSION GENEVA", "GENEVA"),
    ("10USNATO67", "USMISSION USNATO", "USNATO"),
    ("09USEUBRUSSELS948", "USEU BRUSSELS", "USEUBRUSSELS"),
    ("09UNVIEVIENNA279", "USMISSION UNVIE VIENNA", "UNVIEVIENNA"),
    ("09AITTAIPEI275", "AIT TAIPEI", "AITTAIPEI"),
    ("08RPODUBAI49", "RPO DUBAI", "RPODUBAI"),
    ("10RPODUBAI15", "IRAN RPO DUBAI", "RPODUBAI"),
    ("09HAVANA132", "USINT HAVANA", "HAVANA"),
    ("06TRIPOLI198", "USLO TRIPOLI", "TRIPOLI"),
    ("10BASRAH1", "REO BASRAH", "BASRAH"),
    ("09PARTO41305", "USDEL SECRETARY//EUROPE//", "PARTO"),
    # banners
    ("09EFTOLONDON2618", "E F T O LONDON", "LONDON"),
    ("66BUENOSAIRES2481", "BUENOS AIRES", "BUENOSAIRES"),
    # REF lines
    ("08RIODEJANEIRO165", "RIO DE JAN", "RIODEJANEIRO"),
    ("7575LIBREVILLE1895", "USUN", "USUNNEWYORK"),
    ("06BUENOSAIRES1439", "BA", "BUENOSAIRES"),
    ("05VATICAN514", "VAT", "VATICAN"),
    ("06SAOPAULO708", "Sao Paulo", "SAOPAULO"),
    # WikiLeaks metadata origins
    ("03ABUDHABI2641", "Embassy Abu Dhabi", "ABUDHABI"),
    ("09MONTERREY100", "Consulate Monterrey", "MONTERREY"),
    ("07STATE156011", "Secretary of State", "STATE"),
    ("08USNATO208", "Mission USNATO", "USNATO"),
    ("10BASRAH1", "REO Basrah", "BASRAH"),
    ("06USUNNEWYORK1065", "USUN New York", "USUNNEWYORK"),
    ("09HAVANA132", "US Interests Section Havana", "HAVANA"),
    ("09UNVIEVIENNA220", "UNVIE", "UNVIEVIENNA"),
    ("06GENEVA2030", "US Mission Geneva", "GENEVA"),
    ("06PARTO9", "US Delegation, Secretary", "PARTO"),
    ("07PORTAUPRINCE408", "Embassy Port Au Prince", "PORTAUPRINCE"),
]


def test_station_case_keys_are_unique():
    keys = [case[:2] for case in STATION_CASES]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("cable_id,name,expected", STATION_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in STATION_CASES])
def test_canonical_station(cable_id, name, expected):
    assert canonical_station(name) == expected


@pytest.mark.parametrize("name", ["", "   ", "PAGE 02", "1.4 (b)"])
def test_canonical_station_none_when_unusable(name):
    assert canonical_station(name) is None


# (cable id, year, station as written, serial as written, expected)
MAKE_CASES = [
    ("07MEXICO6043", 7, "MEXICO", "006043", "07MEXICO6043"),
    ("66BUENOSAIRES2481", 1966, "BUENOS AIRES", 2481, "66BUENOSAIRES2481"),
    ("00HARARE6677", 2000, "HARARE", "06677", "00HARARE6677"),
    ("09USUNNEWYORK997", "09", "USMISSION USUN NEW YORK", "000997", "09USUNNEWYORK997"),
    # the Iran office in Dubai: IRANRPODUBAI in 2007 ids, RPODUBAI from 2008 on
    ("07IRANRPODUBAI18", 2007, "IRAN RPO DUBAI", "000018", "07IRANRPODUBAI18"),
    ("09RPODUBAI316", 2009, "IRAN RPO DUBAI", "000316", "09RPODUBAI316"),
]


def test_make_case_keys_are_unique():
    keys = [case[0] for case in MAKE_CASES]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("cable_id,year,station,serial,expected", MAKE_CASES, ids=[c[0] for c in MAKE_CASES])
def test_make_id(cable_id, year, station, serial, expected):
    assert make_id(year, station, serial) == expected


def test_make_id_rejects_unusable_parts():
    with pytest.raises(ValueError):
        make_id(2007, "", "6043")
    with pytest.raises(ValueError):
        make_id(2007, "MEXICO", "60A3")


# (published / PlusD / malformed id, canonical id)
REPAIR_CASES = [
    ("07MEXICO6043", "07MEXICO6043"),
    # the 4 malformed ids in wikileaks_metadata.jsonl
    ("7575LIBREVILLE1895", "75LIBREVILLE1895"),
    ("09SECTION02OF03QRIPOLI583", "09TRIPOLI583"),
    ("09SECTION01OF03SANJOSE525", "09SANJOSE525"),
    ("08SECTION01GF02BISHIEK21", "08BISHKEK1021"),
    # FORMATS.md §10
    ("08SCTION02OF02SAOPAULO335", "08SAOPAULO335"),
    ("08ECTION01OF02MANAMA492", "08MANAMA492"),
    ("09SIFIEDABUJA1673", "09ABUJA1673"),
    # EFTO banners published as part of the id
    ("09EFTOLONDON2618", "09LONDON2618"),
    ("09EFTOTRIPOLI704", "09TRIPOLI704"),
    # PlusD canonical ids
    ("1974ATHENS02959_b", "74ATHENS2959"),
    ("1973STATE097844_b", "73STATE97844"),
    ("1976WARSAW05657_b", "76WARSAW5657"),
    ("1973USUNN03413", "73USUNNEWYORK3413"),
    ("1976GABORO00307_b", "76GABORONE307"),
]


def test_repair_case_keys_are_unique():
    keys = [case[0] for case in REPAIR_CASES]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("raw,expected", REPAIR_CASES, ids=[c[0] for c in REPAIR_CASES])
def test_repair_id(raw, expected):
    assert repair_id(raw) == expected


@pytest.mark.parametrize("raw", ["", "Embassy Abu Dhabi", "2010-11-28 18:06", "12345"])
def test_repair_id_none_for_non_ids(raw):
    assert repair_id(raw) is None
