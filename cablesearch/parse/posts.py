"""The sending post in one canonical form: `AMEMBASSY LA PAZ` -> `Embassy La Paz`.

The FM line names the post in telegram style (`AMEMBASSY LA PAZ`, `AMCONSUL RIO DE
JANEIRO`, `SECSTATE WASHDC`, `USMISSION USUN NEW YORK`); container metadata names it as
WikiLeaks does (`Embassy Madrid`, `Consulate Rio De Janeiro`). One post written several
ways splits the origin facet, so `Cable.origin` holds one form per post -- the one
WikiLeaks' pages show a reader (`wikileaks_metadata.jsonl`: `Embassy X`, `Consulate X`,
`Secretary of State`, `USUN New York` …), the post named in the cable's own words -- and
`Cable.origin_text` keeps those words as written.

Contract:

    canonical_origin(text, station) -> str | None
        ``text`` is the FM line's post (or the metadata's origin), ``station`` the cable's
        station (`LAPAZ`). Never raises; None only for no text. A post neither table nor
        kind word explains keeps its own text, spacing normalised.
"""

from __future__ import annotations

import re


#: Posts that are not an embassy or a consulate, by station, as WikiLeaks names them.
NAMED_POSTS = {
    "STATE": "Secretary of State",
    "USUNNEWYORK": "USUN New York",
    "USEUBRUSSELS": "USEU Brussels",
    "USNATO": "Mission USNATO",
    "UNVIEVIENNA": "UNVIE",
    "USOSCE": "Mission USOSCE",
    "GENEVA": "US Mission Geneva",
    "RPODUBAI": "Iran RPO Dubai",
    "IRANRPODUBAI": "Iran RPO Dubai",
    "BASRAH": "REO Basrah",
    "TAIPEI": "American Institute Taiwan, Taipei",
}
#: The same posts by how the FM line or the metadata writes them, when the station does not
#: tell (USEU cables carry the station BRUSSELS: `USEU BRUSSELS`, 09BRUSSELS1000).
NAMED_TEXTS = (
    (re.compile(r"^(?:USMISSION[ \t]+)?USEU\b", re.IGNORECASE), "USEU Brussels"),
    (re.compile(r"^(?:USMISSION[ \t]+)?USUN\b", re.IGNORECASE), "USUN New York"),
    (re.compile(r"^(?:USMISSION[ \t]+|MISSION[ \t]+)?USNATO\b", re.IGNORECASE), "Mission USNATO"),
    (re.compile(r"^(?:USMISSION[ \t]+)?UNVIE\b", re.IGNORECASE), "UNVIE"),
    (re.compile(r"^(?:USMISSION[ \t]+)?USOSCE\b", re.IGNORECASE), "Mission USOSCE"),
    (re.compile(r"^USDEL[ \t]+SECRETARY\b", re.IGNORECASE), "US Delegation, Secretary"),
    (re.compile(r"^(?:SECSTATE\b|SECRETARY[ \t]+OF[ \t]+STATE\b)", re.IGNORECASE), "Secretary of State"),
)
#: The kind of post a telegram address or a WikiLeaks origin starts with.
KIND_RE = re.compile(
    r"^(?:(?P<embassy>AM(?:ERICAN[ \t]+)?EMB(?:ASSY)?|US[ \t]?EMBASSY|EMBASSY)|"
    r"(?P<consulate>AM(?:ERICAN[ \t]+)?CONSUL(?:ATE)?(?:[ \t]+GENERAL)?|AMCONGEN|US[ \t]?CONSUL(?:ATE)?|CONSULATE)|"
    r"(?P<interests>USINT|US[ \t]+INTERESTS[ \t]+SECTION))\b[ \t]*",
    re.IGNORECASE)


def _post_name(rest: str) -> str:
    """The post's name in the words the cable uses, each capitalised as WikiLeaks shows them
    (`LA PAZ` -> `La Paz`, `RIO DE JANEIRO` -> `Rio De Janeiro`, `PORT-AU-PRINCE` -> `Port-Au-Prince`)."""
    return " ".join("-".join(p.capitalize() if p.isupper() else p for p in w.split("-")) for w in rest.split())


def canonical_origin(text: str | None, station: str | None) -> str | None:
    """The post in its canonical form (see the module docstring)."""
    if not text or not text.strip():
        return None
    spaced = " ".join(text.split())
    for pattern, name in NAMED_TEXTS:
        if pattern.match(spaced):
            return name
    if station in NAMED_POSTS:
        return NAMED_POSTS[station]
    m = KIND_RE.match(spaced)
    if not m:
        return spaced
    rest = spaced[m.end():]
    if not rest:
        return spaced
    if m["interests"]:
        return f"US Interests Section {_post_name(rest)}"
    kind = "Embassy" if m["embassy"] else "Consulate"
    return f"{kind} {_post_name(rest)}"
