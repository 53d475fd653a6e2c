"""Turning WikiLeaks markup back into the cable's own characters.

WikiLeaks pages are not valid HTML: ``&`` and ``"`` are left raw inside the
cable text (``AT&T``, ``&political reality,8``) and ``<<Israel>>`` appears
as written. A real HTML parser would eat ``&political`` or the ``<<…>>`` text,
so the readers remove only the tags WikiLeaks itself inserts and decode only
well-formed entities, each exactly once.
"""

from __future__ import annotations

import re

# Tags WikiLeaks (or the HTML original of a cable) wrapped around the text:
# links (TAGS, ¶ anchors), line breaks, table debris (09BAGHDAD11), emphasis
# (07TELAVIV3586). Anything else in angle brackets is the cable's own text
# (``<<218634>>`` in 09KHARTOUM881, ``<_protect>`` in 09MANAMA424).
_TAG = re.compile(r"</?(?:a|br|b|i|u|em|strong|span|font|p|div|td|tr|th|table|tbody|thead"
                  r"|code|pre|sup|sub|tt)\b(?:\s[^<>]*)?/?>", re.IGNORECASE)


def strip_tags(markup: str) -> str:
    """Remove the known markup tags, keeping their text (the ``¶`` anchor text stays)."""
    return _TAG.sub("", markup)


# The named entities WikiLeaks and PlusD write, and numeric ones. A bare ``&``
# not followed by one of these is cable text and is left alone.
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\u00a0"}
_ENTITY = re.compile(r"&(?:#[xX]([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos|nbsp));")


def decode_entities(text: str) -> str:
    """Decode well-formed entities in one pass (``&amp;quot;`` becomes ``&quot;``, not ``"``)."""
    if "&" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        hex_code, dec_code, name = match.groups()
        if name:
            return _NAMED[name]
        code = int(hex_code, 16) if hex_code else int(dec_code)
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return match.group(0)
        return chr(code)

    return _ENTITY.sub(one, text)


def markup_to_text(markup: str) -> str:
    """Tags out, then entities decoded (so ``&lt;a&gt;`` in the text survives as ``<a>``)."""
    return decode_entities(strip_tags(markup))


# The TAGS links WikiLeaks adds: <a href='/tag/PGOV_0.html'>PGOV</a>.
_TAG_LINK = re.compile(r"<a\s+href=['\"]/tag/[^'\"]*['\"]\s*>([^<]*)</a>", re.IGNORECASE)


def tag_links(markup: str) -> list[str]:
    """The texts of the TAGS links, in order, duplicates kept out."""
    seen: list[str] = []
    for match in _TAG_LINK.finditer(markup):
        tag = decode_entities(match.group(1)).strip()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


# A lone ">" closing the body, debris of a broken tag in 59 WikiLeaks pages and
# their scrapes (00HARARE6677, 00HARARE5461, …: "MCDONALD\n CONFIDENTIAL\n>").
_STRAY_GT = re.compile(r"\n>[ \t]*\n*\Z")


def drop_stray_gt(text: str) -> str:
    """Remove a final line holding only ``>``."""
    return _STRAY_GT.sub("\n", text)
