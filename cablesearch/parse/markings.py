"""Portion markings: a paragraph's own classification mark, in one canonical form.

    normalise_marking(mark: str) -> str | None
        '(S//NF)' / 'S//NF' -> 'S/NF', '(C/REL NATO)' -> 'C/REL NATO',
        '(C - ENTIRE TEXT)' -> 'C', '(SBU)' -> 'SBU', '(U)' -> 'U'; None when it
        is not a portion marking.
"""

from __future__ import annotations

import re

_CLASS_WORDS = {"U": "U", "UNCLAS": "U", "UNCLASSIFIED": "U", "SBU": "SBU", "LOU": "LOU",
                "C": "C", "CONFIDENTIAL": "C", "S": "S", "SECRET": "S", "TS": "TS", "TOP SECRET": "TS",
                "LIMITED OFFICIAL USE": "LOU"}
_CONTROL_WORDS = {"NF": "NF", "NOFORN": "NF", "FOUO": "FOUO", "FGI": "FGI", "ORCON": "ORCON",
                  "PROPIN": "PROPIN", "SI": "SI", "TK": "TK", "LES": "LES",
                  # 1980s intelligence controls (85MOGADISHU1643: "SECRET/NOFORN/WNINTEL/NO CONTRACT/ORCON")
                  "WNINTEL": "WNINTEL", "NO CONTRACT": "NOCONTRACT", "NOCONTRACT": "NOCONTRACT"}
# "C - ENTIRE TEXT" (79TEHRAN8980), "S-ENTIRE TEXT"; "C NF", "S-NF" (spaced / dashed controls).
_ENTIRE_TEXT_RE = re.compile(r"\s*-?\s*ENTIRE\s+TEXT\.?$")
_SPACED_CONTROL_RE = re.compile(r"^(U|SBU|C|S|TS)[ -]+(NF|NOFORN|FOUO)$")


def normalise_marking(mark: str) -> str | None:
    """The portion mark in canonical form, or None when the text is not one.

    Upper case, ``//`` written ``/``, NOFORN written NF, the REL list kept
    (``S/REL TO PAKISTAN``). ``(A)``, ``(IIR)``, ``(Interior)`` are not marks.
    """
    s = mark.strip()
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1]
    s = re.sub(r"\s+", " ", s.strip().upper())
    s = _ENTIRE_TEXT_RE.sub("", s)
    s = re.sub(r"\s*/+\s*", "/", s).strip("/ ")
    m = _SPACED_CONTROL_RE.match(s)
    if m:
        s = f"{m[1]}/{m[2]}"
    parts = s.split("/") if s else []
    if not parts or parts[0] not in _CLASS_WORDS:
        return None
    out = [_CLASS_WORDS[parts[0]]]
    for i, part in enumerate(parts[1:], 1):
        if part.startswith("REL ") or part.startswith("RELEASABLE "):
            rel = "/".join(parts[i:]).replace("RELEASABLE", "REL", 1)
            out.append(rel)
            break
        if part not in _CONTROL_WORDS:
            return None
        out.append(_CONTROL_WORDS[part])
    return "/".join(out)
