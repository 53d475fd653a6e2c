"""A cable's summary: the text between `Summary:` (or a `Summary` heading) and `End Summary`,
without those words, found in the first paragraphs; it may span paragraphs (joined by a
newline). No `End Summary`: the paragraph that opens the summary is the summary. An `End
Summary` with no start: the paragraph that holds it (05BRASILIA464).
"""

from __future__ import annotations

import re

# "Summary:", "SUMMARY.", "BEGIN SUMMARY:", "Summary and Action Request.", "SUMMARY AND COMMENT:".
# Also "I. Summary" (05SANJOSE2809), "Introduction and Summary:" (07PARIS4357).
_SUMMARY_WORD = r"[\W_]{0,3}(?:[IVX]{1,3}\.\s*)?(?:BEGIN\s+|INTRODUCTION\s+AND\s+)?SUMMARY"
_SUMMARY_START_RE = re.compile(
    rf"^{_SUMMARY_WORD}(?:\s*(?:AND|&|/|,)\s*(?:ACTION\s+REQUEST|COMMENTS?|INTRODUCTION|RECOMMENDATIONS?|"
    r"BACKGROUND|ACTION|REQUEST)S?)*\s*(?:[:.,\-–—]+\s*|\s+(?=\S))", re.IGNORECASE)
# "End Summary.", "END SUMMARY AND COMMENT.", "(END SUMMARY)", "END OF SUMMARY".
_SUMMARY_END_RE = re.compile(r"\(?\bEND\s+(?:OF\s+)?SUMMARY\b[^.)\n]{0,40}?(?:[.)]+|$|(?=\n))", re.IGNORECASE)
# A heading alone: "Summary", "Summary and Comment" (10KUALALUMPUR12).
_SUMMARY_HEADING_RE = re.compile(rf"{_SUMMARY_WORD}(?:\s+(?:AND|&)\s+[A-Z ]{{3,30}})?[\W_]*", re.IGNORECASE)
_SUMMARY_SEARCH = 10  # summaries sit in the first paragraphs
_SUMMARY_SPAN = 8  # an End Summary further than this is someone else's
# "Summary:" after a lead sentence: "See Paragraph 12. Summary: …" (08SAOPAULO542).
_SUMMARY_INSIDE_RE = re.compile(r"(?<=[.:)] )\s*(?:BEGIN\s+)?SUMMARY\s*:\s*", re.IGNORECASE)


def _summary_start(texts: list[str]) -> tuple[int, int] | None:
    """(paragraph index, offset) where the summary text begins."""
    for i, text in enumerate(texts[:_SUMMARY_SEARCH]):
        if _SUMMARY_HEADING_RE.fullmatch(text) and i + 1 < len(texts):
            return i + 1, 0
        start = _SUMMARY_START_RE.match(text)
        if start and text[start.end():].strip():
            return i, start.end()
    for i, text in enumerate(texts[:3]):
        inside = _SUMMARY_INSIDE_RE.search(text)
        if inside:
            return i, inside.end()
    for i, text in enumerate(texts[:_SUMMARY_SEARCH]):
        if _SUMMARY_END_RE.search(text):
            return i, 0  # "End Summary." without its start: the paragraph is the summary (05BRASILIA464)
    return None


def find_summary(texts: list[str]) -> str | None:
    """The summary of a body whose paragraph texts are `texts` (see the module's docstring)."""
    where = _summary_start(texts)
    if where is None:
        return None
    i, begin = where
    parts = [texts[i][begin:]] + texts[i + 1:i + _SUMMARY_SPAN]
    collected = []
    for part in parts:
        end = _SUMMARY_END_RE.search(part)
        if end:
            collected.append(part[:end.start()])
            break
        collected.append(part)
    else:
        collected = parts[:1]  # no End Summary: the summary is this paragraph
    return "\n".join(p.strip() for p in collected if p.strip()) or None
