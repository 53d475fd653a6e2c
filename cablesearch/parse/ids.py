"""Canonical cable ids and station names.

Cables cite each other and are published under ids such as ``09BERLIN1167``:
a 2-digit year, the sending post's short name (the *station*) and the serial
without zero padding.  The same post is written a dozen ways across the
sources -- ``AMEMBASSY RIO DE JANEIRO`` on the FM line, ``RIO DE JAN`` in a
REF line, ``Consulate Rio De Janeiro`` in WikiLeaks' metadata -- and the
published ids themselves are sometimes damaged (``08ECTION01OF02MANAMA492``)
or in PlusD's long form (``1974ATHENS02959_b``).  This module turns all of
them into the one Cablegate-style form so that ids, citations and the
``station`` facet line up across formats.

Contract (the orchestrator calls exactly these):

    canonical_station(name: str) -> str | None
        'AMEMBASSY MEXICO' -> 'MEXICO', 'SECSTATE WASHDC' -> 'STATE',
        'USMISSION USUN NEW YORK' / 'USUN NEW YORK' -> 'USUNNEWYORK',
        'RIO DE JAN' -> 'RIODEJANEIRO', 'Embassy Abu Dhabi' -> 'ABUDHABI',
        'Mission USNATO' -> 'USNATO'; None when nothing usable.
    make_id(year: int | str, station: str, serial: int | str) -> str
        (7, 'MEXICO', '006043') -> '07MEXICO6043'; (1966, 'BUENOS AIRES', 2481) -> '66BUENOSAIRES2481'
    repair_id(raw: str) -> str | None
        canonical id from a published / PlusD / malformed id:
        '08ECTION01OF02MANAMA492' -> '08MANAMA492', '7575LIBREVILLE1895' -> '75LIBREVILLE1895',
        '1974ATHENS02959_b' -> '74ATHENS2959', '07MEXICO6043' -> '07MEXICO6043'; None if not an id.

A station name is a property of the *name*, not of one cable: the same post
can appear under two stations in real ids (``06TAIPEI2921`` and
``09AITTAIPEI275`` both come from ``FM AIT TAIPEI``; ``06KIEV1261`` and
``08KYIV2173``; ``06CALCUTTA389`` and ``07KOLKATA331``), because the id is
taken from the classification banner, not the FM line.  Callers that have
the banner should build the id from it; ``canonical_station`` of the FM line
is the fallback and the grouping facet.
"""

from __future__ import annotations

import re

# Stations known to occur in cable ids.  Used to expand truncated names (PlusD
# ``USUNN``, REF ``RIO DE JAN``) and to fix one-letter typos in published ids
# (``07SOIA828``).  Only names that really occur in ids belong here.
_KNOWN_STATIONS = frozenset("""
ABIDJAN ABUDHABI ABUJA ACCRA ADANA ADDISABABA AITTAIPEI ALEXANDRIA ALGIERS ALMATY
AMMAN AMSTERDAM ANKARA ANTANANARIVO APIA ASHGABAT ASMARA ASTANA ASUNCION ATHENS
AUCKLAND BAGHDAD BAKU BAMAKO BANDARSERIBEGAWAN BANGKOK BANGUI BANJUL BARCELONA
BASRAH BEIJING BEIRUT BELFAST BELGRADE BELIZE BELMOPAN BERLIN BERN BISHKEK BOGOTA
BONN BRASILIA BRATISLAVA BRAZZAVILLE BRIDGETOWN BRUSSELS BUCHAREST BUDAPEST
BUENOSAIRES BUJUMBURA CAIRO CALCUTTA CALGARY CANBERRA CAPETOWN CARACAS CASABLANCA
CDGENEVA CHENGDU CHENNAI CHIANGMAI CHISINAU CIUDADJUAREZ COLOMBO CONAKRY COPENHAGEN
COTONOU CURACAO DAKAR DAMASCUS DARESSALAAM DHAHRAN DHAKA DILI DJIBOUTI DOHA DUBAI
DUBLIN DURBAN DUSHANBE DUSSELDORF FLORENCE FRANKFURT FREETOWN FUKUOKA GABORONE
GENEVA GEORGETOWN GUADALAJARA GUANGZHOU GUATEMALA GUAYAQUIL HALIFAX HAMBURG HAMILTON
HANOI HARARE HAVANA HELSINKI HERMOSILLO HILLAH HOCHIMINHCITY HONGKONG HYDERABAD
IRANRPODUBAI ISLAMABAD ISTANBUL IZMIR JAKARTA JEDDAH JERUSALEM JOHANNESBURG KABUL
KADUNA KAMPALA KARACHI KATHMANDU KHARTOUM KIEV KIGALI KINGSTON KINSHASA KIRKUK
KOLKATA KOLONIA KOROR KRAKOW KUALALUMPUR KUWAIT KYIV LAGOS LAHORE LAPAZ LEIPZIG
LENINGRAD LIBREVILLE LILONGWE LIMA LISBON LJUBLJANA LOME LONDON LUANDA LUSAKA
LUXEMBOURG MADRAS MADRID MAJURO MALABO MANAGUA MANAMA MANILA MAPUTO MARSEILLE MASERU
MATAMOROS MBABANE MELBOURNE MERIDA MEXICO MILAN MINSK MOGADISHU MONROVIA MONTERREY
MONTEVIDEO MONTREAL MOSCOW MOSUL MUMBAI MUNICH MUSCAT NAGOYA NAHA NAIROBI NAPLES
NASSAU NDJAMENA NEWDELHI NIAMEY NICOSIA NOGALES NOUAKCHOTT NUEVOLAREDO OSAKAKOBE
OSLO OTTAWA OUAGADOUGOU PANAMA PARAMARIBO PARIS PARTO PERTH PESHAWAR PHNOMPENH
PODGORICA PONTADELGADA PORTAUPRINCE PORTLOUIS PORTMORESBY PORTOFSPAIN PRAGUE PRAIA
PRETORIA PRISTINA QUEBEC QUITO RABAT RANGOON RECIFE REYKJAVIK RIGA RIODEJANEIRO
RIYADH ROME RPODUBAI SANAA SANJOSE SANSALVADOR SANTIAGO SANTODOMINGO SAOPAULO
SAPPORO SARAJEVO SECDEF SEOUL SHANGHAI SHENYANG SINGAPORE SKOPJE SOFIA STATE
STOCKHOLM STPETERSBURG STRASBOURG SURABAYA SUVA SYDNEY TAIPEI TALLINN TASHKENT
TBILISI TEGUCIGALPA TEHRAN TELAVIV THEHAGUE THESSALONIKI TIJUANA TIRANA TOKYO
TORONTO TRIPOLI TUNIS ULAANBAATAR UNESCOPARISFR UNROME UNVIEVIENNA USEUBRUSSELS
USNATO USOSCE USTRGENEVA USUNNEWYORK VALLETTA VANCOUVER VATICAN VIENNA VIENTIANE
VILNIUS VLADIVOSTOK WARSAW WELLINGTON WINDHOEK YAOUNDE YEKATERINBURG YEREVAN ZAGREB
""".split())

# Whole names (spaced, upper case, punctuation removed) that no rule derives.
_NAME_ALIASES = {
    "SECSTATE WASHDC": "STATE",
    "SECRETARY OF STATE": "STATE",              # WikiLeaks origin of every 'STATE' id
    "USINT HAVANA": "HAVANA",                   # FM line of 09HAVANA… ids
    "US INTERESTS SECTION HAVANA": "HAVANA",    # WikiLeaks origin name
    "AMERICAN INSTITUTE TAIWAN TAIPEI": "AITTAIPEI",  # ids: 09AITTAIPEI275 but also 06TAIPEI2921
    "USDEL SECRETARY": "PARTO",                 # 06PARTO9: the Secretary's travelling party
    "US DELEGATION SECRETARY": "PARTO",
    "IRAN RPO DUBAI": "RPODUBAI",               # 10RPODUBAI15 (but 07IRANRPODUBAI18)
}

# Leading words that name the kind of post, not the post.
_POST_KIND = re.compile(
    r"^(?:AMEMBASSY|AMERICAN\s+EMBASSY|EMBASSY|AMCONSUL|AMCONGEN|CONSULATE(?:\s+GENERAL)?"
    r"|USMISSION|US\s+MISSION|MISSION|US\s+OFFICE|USOFFICE|USLO|REO|USINT)\s+")

# Compacted names (no spaces) written in REF lines, PlusD ids and typos.
_COMPACT_ALIASES = {
    "SECSTATE": "STATE",
    "STAT": "STATE",
    "SECSTATEWASHDC": "STATE",
    "USUN": "USUNNEWYORK",
    "USUNNY": "USUNNEWYORK",
    "USUNN": "USUNNEWYORK",          # PlusD 1973USUNN03413
    "USUNNEWYOR": "USUNNEWYORK",
    "UNVIE": "UNVIEVIENNA",
    "USEU": "USEUBRUSSELS",
    "RIO": "RIODEJANEIRO",
    "HAGUE": "THEHAGUE",
    "DELHI": "NEWDELHI",
    "MEXICOCITY": "MEXICO",
    "HCMC": "HOCHIMINHCITY",
    "UNESCOPARIS": "UNESCOPARISFR",
    "USUNESCOPARISFR": "UNESCOPARISFR",
    "PARISFR": "UNESCOPARISFR",
    "PORTOFPAIN": "PORTOFSPAIN",     # 06PORTOFPAIN568
    "AITTAIPIE": "AITTAIPEI",        # 08AITTAIPIE1698
    "BASRA": "BASRAH",
    "BA": "BUENOSAIRES",             # 06BUENOSAIRES1439: "REF: A. BA 1485"
    "KL": "KUALALUMPUR",             # 10KUALALUMPUR12: "A. 09 KL 1016"
    "CASA": "CASABLANCA",
    "VAT": "VATICAN",                # 05VATICAN514: "03 VAT 4859"
    "PAULO": "SAOPAULO",
    "SATTE": "STATE",
    "AQNA": "ASTANA",                # 10AQNA272
    "BISHIEK": "BISHKEK",            # 08SECTION01GF02BISHIEK21
    "QRIPOLI": "TRIPOLI",            # 09SECTION02OF03QRIPOLI583
    "QXICO": "MEXICO",               # 07QXICO3307
}

# Handling words glued in front of the station in published ids and banners:
# ``09EFTOLONDON2618`` (banner ``UNCLAS E F T O LONDON``), ``09AMEMBASSYHANOI1284``,
# ``85NOFORNMOGADISHU1643``.
_GLUED_PREFIX = re.compile(r"^(?:EFTO|AMEMBASSY|NOFORN|FSC)(?=[A-Z]{4,})")


def _clean_name(name: str) -> str:
    """Upper case, punctuation to spaces, ``//…//`` routing suffixes dropped."""
    text = name.upper().split("//")[0]
    text = re.sub(r"[^A-Z0-9 ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` by one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            rest = a[i + 1:] if len(a) == len(b) else a[i:]
            return rest == b[i + 1:]
    return True


def _known_or_guess(compact: str) -> str:
    """Map an unknown compact station to a known one when the match is unique.

    Handles truncation (``RIODEJAN``, PlusD ``GABORO``) and one-letter typos in
    published ids (``SOIA``, ``BRUSSLS``).  Short or ambiguous names are kept
    as written: an unknown real post is better than a wrong guess.
    """
    if compact in _KNOWN_STATIONS:
        return compact
    if len(compact) >= 5:
        longer = [s for s in _KNOWN_STATIONS if s.startswith(compact)]
        if len(longer) == 1:
            return longer[0]
    if len(compact) >= 4:
        close = [s for s in _KNOWN_STATIONS if len(s) >= 5 and _one_edit_apart(compact, s)]
        if len(close) == 1:
            return close[0]
    return compact


def is_known_station(station: str | None) -> bool:
    """True for a canonical station that occurs in real cable ids.

    refs.py uses it to tell a cited post (``MOSCOW 357``) from other words
    followed by a number (``FEBRUARY 18``).
    """
    return station in _KNOWN_STATIONS


def canonical_station(name: str) -> str | None:
    """The station short name used in ids for a post name from any source."""
    if not name:
        return None
    spaced = _clean_name(name)
    if spaced in _NAME_ALIASES:
        return _NAME_ALIASES[spaced]
    while True:
        stripped = _POST_KIND.sub("", spaced)
        if stripped == spaced:
            break
        spaced = stripped
    if spaced in _NAME_ALIASES:
        return _NAME_ALIASES[spaced]
    compact = spaced.replace(" ", "")
    compact = _GLUED_PREFIX.sub("", compact)
    if not re.fullmatch(r"[A-Z]{2,}", compact):
        return None
    if compact in _COMPACT_ALIASES:
        return _COMPACT_ALIASES[compact]
    return _known_or_guess(compact)


def make_id(year: int | str, station: str, serial: int | str) -> str:
    """Cablegate-style id: 2-digit year + canonical station + unpadded serial.

    Raises ValueError when the station or serial is unusable, because a
    made-up id would silently collide with a real one.
    """
    year_digits = str(year).strip()
    if not year_digits.isdecimal():
        raise ValueError(f"year is not a number: {year!r}")
    yy = int(year_digits) % 100
    canonical = canonical_station(station)
    if canonical is None:
        raise ValueError(f"no usable station in {station!r}")
    serial_digits = str(serial).strip()
    if not serial_digits.isdecimal():
        raise ValueError(f"serial is not a number: {serial!r}")
    canonical = _NAMED_BY_YEAR.get((canonical, yy), canonical)
    return f"{yy:02d}{canonical}{int(serial_digits)}"


# Stations whose id name changed over the years: the Iran Regional Presence Office in
# Dubai is `07IRANRPODUBAI18` in 2007 but `08RPODUBAI…`, `09RPODUBAI316` later
# (wikileaks_metadata.jsonl).
_NAMED_BY_YEAR = {("RPODUBAI", 6): "IRANRPODUBAI", ("RPODUBAI", 7): "IRANRPODUBAI"}


# A section header glued into the id: ``08SCTION02OF02SAOPAULO335``,
# ``09SECTIOQ1OF06HARARE876``, ``08SECTION01GF02BISHIEK21``, ``0901OF02RPODUBAI288``.
# The letters are a damaged "SECTION", the digits are "NN OF NN" with typos.
_SECTION_FRAGMENT = re.compile(r"^(\d\d)(?:[SECTIONQK]{3,8})?[0-9Q]{1,2}O?[GF]?F?[0-9Q]{1,2}(?=[A-Z]{3})")
# ``09SIFIEDABUJA1673``: the tail of "UNCLASSIFIED"/"CLASSIFIED" before the station.
_CLASSIFIED_FRAGMENT = re.compile(r"^(\d\d)(?:UNCLAS)?S?SIFIED(?=[A-Z]{4})")
# Trailing rubbish after the serial: ``06MADRID002583ZFR2585``, ``90STATE255577TOSEC140323``,
# ``08ACCRA001382SUSPECTEDDUPLICATE1392``.
_TRAILING_RUBBISH = re.compile(r"^(\d\d[A-Z]+\d+)(?:ZFR|ZDK|TOSEC|SUSPECTEDDUPLICATE)\d+$")
# PlusD: 4-digit year, station (often truncated), 5-digit padded serial, optional ``_b``.
_PLUSD_ID = re.compile(r"^(19[4-9]\d|20[01]\d)([A-Z]+)(\d+)(?:_[A-Z])?$")
# ``7575LIBREVILLE1895``: the year written twice.
_DOUBLED_YEAR = re.compile(r"^(\d\d)\1([A-Z]{3,}\d+)$")
# The canonical shape.
_CABLE_ID = re.compile(r"^(\d\d)([A-Z]+)(\d+)$")

# Published ids whose damage no rule can undo (the serial itself is wrong).
_ID_REPAIRS = {
    "08SECTION01GF02BISHIEK21": "08BISHKEK1021",   # heuer/cablemap's verified mapping
    "092OF5": "09STATE126780",
    "06ASTANA": "06ASTANA204",
}


def repair_id(raw: str) -> str | None:
    """Canonical id for a published, PlusD or damaged id; None if ``raw`` is no id."""
    if not raw:
        return None
    text = re.sub(r"\s+", "", raw).upper()
    if text in _ID_REPAIRS:
        return _ID_REPAIRS[text]
    plusd = _PLUSD_ID.match(text)
    if plusd:
        year, station, serial = plusd.groups()
        try:
            return make_id(year, station, serial)
        except ValueError:
            return None
    doubled = _DOUBLED_YEAR.match(text)
    if doubled:
        text = doubled.group(1) + doubled.group(2)
    rubbish = _TRAILING_RUBBISH.match(text)
    if rubbish:
        text = rubbish.group(1)
    text = _SECTION_FRAGMENT.sub(r"\1", text)
    text = _CLASSIFIED_FRAGMENT.sub(r"\1", text)
    match = _CABLE_ID.match(text)
    if not match:
        return None
    year, station, serial = match.groups()
    try:
        return make_id(year, station, serial)
    except ValueError:
        return None
