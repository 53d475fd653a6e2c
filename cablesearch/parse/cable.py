"""Raw cable text -> `Cable`: locate the parts, then hand each to its field parser.

A cable is an envelope (transmission header: DTG, FM, TO, INFO), a banner
(classification, station, serial), a preamble of header fields (caveats, E.O.,
TAGS, SUBJECT, REF, Classified By) and a body of paragraphs ending with the
signer. Formats differ in which parts survive, so each part is located by its
own pattern and every field parser gets only the part it belongs to. Container
metadata (a WikiLeaks table, a cables.csv row) only fills what the text lacks,
and the text alone must give a usable record.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from cablesearch.errors import ParseError
from cablesearch.model import Cable, RawCable, Source
from cablesearch.parse import banner as banner_mod
from cablesearch.parse import header as header_mod
from cablesearch.parse.body import parse_body
from cablesearch.parse.clean import repair_text, strip_noise
from cablesearch.parse.declass import REASONS_TAIL_RE, parse_classified_by, parse_declassification
from cablesearch.parse.foia import parse_foia
from cablesearch.parse.ids import canonical_station, make_id, repair_id
from cablesearch.parse.people import find_people
from cablesearch.parse.posts import canonical_origin
from cablesearch.parse.refs import parse_references, ref_continuation
from cablesearch.parse.subject import parse_subject, parse_wrapper_subject
from cablesearch.parse.tag_dictionary import countries_of
from cablesearch.parse.tags import parse_tags

#: Longest text accepted as one cable; the longest real cables are ~200 KB.
MAX_CABLE_CHARS = 5_000_000

# Header-field keywords that open a preamble block (see FORMATS.md §3 for the misspellings).
FIELD_RE = re.compile(
    r"^[ \t]*(?:E\.?[ \t]?O\.?[ \t]*\d{4,5}|(?:TAGS?|TAS|TABS|TGS|TAGES|AGS)\b[ \t]*[:;,]?|SUBJ(?:ECT)?\b|"
    r"REF(?:TEL|S|\(S\))?\b|(?:\(U\)[ \t]*)?CLASSIFIED[ \t]+BY\b)",
    re.MULTILINE | re.IGNORECASE)
PARA1_RE = re.compile(r"^[ \t]*¶?[ \t]*1[ \t]*\.(?!\d)", re.MULTILINE)
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# Paragraph 1 glued after a header field on an unwrapped line: "… REASON: 1.4 (b) 1. (C) Summary:".
INLINE_PARA1_RE = re.compile(r"(?<=[ \t])¶?1\.[ \t]*\((?:U|SBU|C|S|TS|LOU|[SCU][ \t]*/[ \t]*[A-Z /]{2,12})\)")
#: Header-field blocks (a wrapped SUBJECT, a REF list) are short; a "block" longer
#: than this runs into the body of an unwrapped page.
MAX_FIELD_BLOCK_CHARS = 1500
CLASSIFICATION_LINE_RE = re.compile(
    r"^CLASSIFICATION:[ \t]*(?P<cls>TOP SECRET|SECRET|CONFIDENTIAL|LIMITED OFFICIAL USE|UNCLASSIFIED)\b", re.MULTILINE)
# `DE RUEHSJ #0707/01 0892318`: a serial when the banner has none.
DE_RE = re.compile(r"^DE[ \t]+[A-Z]{5,7}[ \t]+#(?P<serial>\d{4})", re.MULTILINE)
# The leaked database record some pages start with (`id: 2745\ndate: …\nheader:`).
RECORD_PREFIX_RE = re.compile(r"\A\s*id:[ \t]*\d+\n(?:[a-z]+:[^\n]*\n)+?header:\n", re.IGNORECASE)


def parse_raw(raw: RawCable) -> Cable:
    return parse_cable(raw.text, source=raw.source, metadata=raw.metadata)


def parse_cable(text: str, *, source: Source | None = None, metadata: dict[str, Any] | None = None) -> Cable:
    """Parse one cable's text. Raises ParseError only when the text is not a cable at all.

    What the reader noted about the container (``metadata["notes"]``: a page
    cut short) opens the record's ``warnings``, and ends a ParseError's
    message; ``metadata["header_only"]`` (the transmission header alone)
    means there is no body to read paragraphs from.
    """
    if not isinstance(text, str):
        raise ParseError("expected text (str), got %s" % type(text).__name__)
    if len(text) > MAX_CABLE_CHARS:
        raise ParseError(f"text too long for one cable ({len(text):,} characters)")
    if not text.strip():
        raise ParseError("empty text")
    meta = metadata or {}
    notes = [str(note) for note in meta.get("notes") or ()]
    warnings: list[str] = list(notes)

    foia = parse_foia(text)
    clean = strip_noise(RECORD_PREFIX_RE.sub("", text))

    dtg = header_mod.parse_dtg(clean)
    banner = banner_mod.find_banner(clean)
    banner_end = banner.end if banner else 0
    if banner and banner.start > 0:
        head = clean[: banner.start]
    elif banner:
        head = clean[:banner_end]
    else:  # no banner (10BEIJING207): the transmission header runs to the first header field
        first_field = FIELD_RE.search(clean, 0, 20000)
        head = clean[: first_field.start() if first_field else min(len(clean), 3000)]
    body_start = len(clean) if meta.get("header_only") else _body_start(clean, banner_end)
    preamble = clean[banner.start if banner else 0: body_start]
    body_text = clean[body_start:]

    if not (dtg or banner or FIELD_RE.search(clean[:20000])):
        raise ParseError("not a cable: no date-time group, classification banner or header fields found"
                         + "".join(f" ({note})" for note in notes))

    # Date: the DTG, else a dateline, else the container's metadata.
    when = dtg.when if dtg else header_mod.parse_dateline(clean)
    if when is None and meta.get("created"):
        when = _parse_created(meta["created"])
    if when is None:
        warnings.append("no date-time group: date unknown")

    origin = header_mod.parse_origin(head or clean[:3000]) or _meta_str(meta, "origin")
    recipients, info = header_mod.parse_recipients(head) if head else ((), ())

    # Classification: banner, else the ZNY line, else metadata.
    meta_class, meta_caveats = _split_meta_classification(meta.get("classification"))
    classification = (banner.classification if banner and banner.classification else None) \
        or header_mod.parse_zny_classification(head) or meta_class
    if classification is None:  # a leaked record's own header line (10BEIJING207: "CLASSIFICATION: SECRET")
        m_cls = CLASSIFICATION_LINE_RE.search(clean, 0, 3000)
        classification = banner_mod.normalise_classification(m_cls["cls"]) if m_cls else None
    if classification is None:
        warnings.append("no classification banner")
    caveats = list(banner.caveats if banner else ())
    caveats += banner_mod.find_caveat_lines(preamble)
    caveats += meta_caveats
    caveats = list(dict.fromkeys(caveats))

    declassification = parse_declassification(preamble)
    classified_by = parse_classified_by(preamble) or parse_classified_by(body_text[:3000])
    tags = parse_tags(preamble) or tuple(meta.get("tags") or ())
    subject = parse_subject(preamble) or parse_wrapper_subject(clean[: banner.start] if banner else head)
    if subject:
        subject = repair_text(subject)
    else:
        warnings.append("no SUBJECT line")

    # Id: the published one (repaired) when given, else banner station + serial + DTG year.
    year = when.year if when else _year_from_declassification(declassification)
    station_name = banner.station if banner and banner.station else None
    if station_name and re.fullmatch(r"X+", station_name.replace(" ", "")):
        station_name = None  # a redacted banner (10SHENYANG4: "XXXXXXXXXXXX 000004"): use the FM line
    station = canonical_station(station_name) if station_name else None
    if not station and origin:
        station = canonical_station(origin)
    serial = banner.serial if banner and banner.serial else None
    if serial is None and station != "STATE":
        # The DE line keeps only the last four digits: right for most posts, never for
        # the Department's six-digit serials.
        m = DE_RE.search(head or "")
        serial = m["serial"] if m else None
    text_id = _make_id(year, station, serial)
    id_note = None
    name_id = repair_id(str(meta["name_id"])) if meta.get("name_id") else None
    if name_id and (text_id is None or not when):
        # The file's name (`04MADRID4887.txt`) fills in what the text lacks -- the
        # year when there is no DTG, the serial when the banner is lost -- but
        # only when it names the same cable as the text.
        banner_part = _make_id(2000, station, serial)
        same_cable = banner_part is None or _station_serial(banner_part) == _station_serial(name_id)
        same_year = when is None or name_id[:2] == f"{when.year % 100:02d}"
        if same_cable and same_year:
            text_id = name_id
            id_note = "id year taken from the file name" if not when else "id taken from the file name"
    aliases: list[str] = []
    published = _meta_str(meta, "id")
    cable_id = text_id
    if published:
        repaired = repair_id(published)
        cable_id = repaired or text_id
        if published != cable_id:
            aliases.append(published)
        if text_id and text_id != cable_id:
            aliases.append(text_id)
    for alias in meta.get("aliases") or ():
        if alias != cable_id and alias not in aliases:
            aliases.append(alias)
    if cable_id is None:
        warnings.append("no id: banner station/serial or year missing")
    if cable_id and id_note and cable_id == text_id:
        warnings.append(id_note)
    elif cable_id and not when and year and cable_id == text_id:
        warnings.append("year guessed from the declassification date")
    station = _station_of(cable_id) or station

    # REF lines without a year mean the cable's own year: the id's, once known.
    references = parse_references(preamble + ref_continuation(preamble, body_text), _id_year(cable_id) or year, station)
    if not references and meta.get("references"):
        references = tuple(r for r in (repair_id(x) for x in meta["references"]) if r)
    body = parse_body(body_text)
    if not body.paragraphs:
        warnings.append("no body paragraphs")

    return Cable(
        id=cable_id,
        aliases=tuple(aliases),
        date=when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else None,
        precedence=dtg.precedence if dtg else None,
        origin=canonical_origin(origin, station),
        origin_text=origin,
        station=station,
        recipients=recipients,
        info=info,
        classification=classification,
        caveats=tuple(caveats),
        declassification=declassification,
        classified_by=classified_by,
        tags=tuple(tags),
        country=countries_of(tags, station),
        subject=subject,
        references=tuple(references),
        summary=body.summary,
        people=find_people(
            [subject or "", *(t for p in body.paragraphs for t in (p.heading, p.text) if t)],
            classified_by=classified_by.name if classified_by else None,
            signers=body.signed_by, tags=tags, header=preamble,
            declassification=declassification.text or "" if declassification else ""),
        signed_by=body.signed_by,
        paragraphs=body.paragraphs,
        foia=foia,
        source=source or Source(),
        warnings=tuple(warnings),
        raw=text,
    )


def _body_start(text: str, banner_end: int) -> int:
    """Offset where the body begins: after the last header-field block before paragraph 1.

    A field block runs to the next blank line -- unless the page was unwrapped
    and the body follows on the same line or the next ones without a blank
    line (08TRIPOLI411: `REF: TRIPOLI 401  CLASSIFIED BY: … 1. (C) Summary: …`);
    then the body starts at that inline paragraph 1, or the block is the
    field's own line.
    """
    para1 = PARA1_RE.search(text, banner_end)
    limit = para1.start() if para1 else len(text)
    end = None
    last = None
    for m in FIELD_RE.finditer(text, banner_end, limit):
        blank = BLANK_LINE_RE.search(text, m.end())
        if blank and blank.start() - m.end() <= MAX_FIELD_BLOCK_CHARS:
            block_end = blank.end()
        else:
            eol = text.find("\n", m.end())
            block_end = len(text) if eol < 0 else eol + 1
        if end is None or block_end >= end:
            end, last = block_end, m
    if last is not None and "CLASSIFIED" in last[0].upper():
        tail = REASONS_TAIL_RE.match(text, end - 1 if text[end - 1:end] == "\n" else end)
        if tail and tail.end() <= limit:
            end = tail.end()
    if end is None:
        end = para1.start() if para1 else banner_end
    inline = INLINE_PARA1_RE.search(text, banner_end, min(end, limit))
    if inline:
        return inline.start()
    return min(end, limit)


def _make_id(year: int | None, station: str | None, serial: str | None) -> str | None:
    """`make_id`, or None when a part is missing or unusable (a garbled banner)."""
    if not (year and station and serial):
        return None
    try:
        return make_id(year, station, serial)
    except ValueError:
        return None


def _id_year(cable_id: str | None) -> int | None:
    """`07MEXICO6043` -> 2007."""
    if not cable_id or not cable_id[:2].isdecimal():
        return None
    return header_mod.year_from_two_digits(int(cable_id[:2]))


def _station_serial(cable_id: str) -> str:
    """`04MADRID4887` -> `MADRID4887`: an id without its year."""
    return cable_id[2:]


def _station_of(cable_id: str | None) -> str | None:
    m = re.fullmatch(r"\d{2}(?P<st>[A-Z][A-Z0-9]*?)\d+", cable_id or "")
    return m["st"] if m else None


def _meta_str(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    return str(value).strip() or None if value else None


def _parse_created(value: str) -> datetime | None:
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def _split_meta_classification(value: Any) -> tuple[str | None, list[str]]:
    """WikiLeaks' `SECRET//NOFORN` = classification SECRET + caveat NOFORN."""
    if not value:
        return None, []
    parts = [p.strip().upper() for p in str(value).split("//") if p.strip()]
    if not parts:
        return None, []
    return banner_mod.normalise_classification(parts[0]), parts[1:]


def _year_from_declassification(decl: Any) -> int | None:
    """E.O. 12958 cables are declassified ten years on by default: a last resort for the id year."""
    if decl and decl.order == "E.O. 12958" and decl.date:
        # Ten years is the default, twenty and twenty-five are common. E.O. 12958 governed from
        # 1995 until E.O. 13526 replaced it in 2010: a year outside that is not the cable's.
        for span in (10, 20, 25):
            year = int(decl.date[:4]) - span
            if 1995 <= year <= 2010:
                return year
    return None
