"""Two copies of one cable, compared paragraph by paragraph.

The same cable often exists several times: a leaked text and a FOIA release
with paragraphs withheld, the 2010 and 2011 Cablegate snapshots with names
redacted in one (`XXXXXXXXXXXX`) and present in the other. The differences
are the story, so `diff_cables` lines the paragraphs up and says, for each
pair, whether it is the same, withheld in one copy, redacted, reworded or
re-marked — from parsed records alone (no index, no Whoosh).

Paragraphs are paired by number when both copies are numbered: an unnumbered
paragraph travels with the numbered one above it, because copies split the
same paragraph differently (`-- talking point` lines on their own in one
copy, run together in the other). Otherwise paragraphs are paired by text.
Words are compared without case, accents or surrounding punctuation, so an
ALL CAPS telegram and its mixed-case transcription are the same text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from cablesearch.errors import UsageError
from cablesearch.model import Cable, Paragraph
from cablesearch.text import fold_apostrophes

#: Cablegate's redaction mark: a run of X standing for a withheld name or phrase.
REDACTION_RE = re.compile(r"^[\[(]?[Xx]{4,}[\])]?[.,;:'’s]*$")
#: Fields compared above the paragraphs, in this order.
HEADER_FIELDS = ("date", "precedence", "origin", "classification", "caveats", "tags", "subject", "references",
                 "signed_by")
CONTEXT_WORDS = 6
#: Two unnumbered paragraphs are the same paragraph when this share of their words agree.
PAIR_SIMILARITY = 0.5


@dataclass(frozen=True, slots=True)
class Edit:
    """Words of the `from` copy replaced by words of the `to` copy (either may be empty).

    ``redacted_in`` names the copy ("from" or "to") whose words are only
    redaction marks: the other copy shows what was redacted.
    """

    op: str  # "replace", "delete" (only in from), "insert" (only in to)
    old: str
    new: str
    redacted_in: str | None = None
    before: str = ""  # a few words of context, from the from copy
    after: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "from": self.old, "to": self.new, "redacted_in": self.redacted_in,
                "context_before": self.before, "context_after": self.after}


@dataclass(frozen=True, slots=True)
class ParagraphDiff:
    """One paragraph as the two copies have it.

    ``status``: ``same``; ``withheld`` (FOIA withholding codes in one copy but
    not the other, or different codes); ``changed`` (text or marking differ);
    ``only_in_from`` / ``only_in_to`` (the other copy lacks it).
    """

    number: str | None
    status: str
    from_index: int | None
    to_index: int | None
    marking: tuple[str | None, str | None]
    withheld: tuple[tuple[str, ...], tuple[str, ...]]
    edits: tuple[Edit, ...] = ()
    from_text: str | None = None
    to_text: str | None = None

    @property
    def marking_changed(self) -> bool:
        return self.from_index is not None and self.to_index is not None and self.marking[0] != self.marking[1]

    @property
    def withheld_in(self) -> str | None:
        a, b = self.withheld
        if set(a) == set(b):
            return None
        if a and not b:
            return "from"
        if b and not a:
            return "to"
        return "both"

    @property
    def redacted_in(self) -> tuple[str, ...]:
        return tuple(sorted({e.redacted_in for e in self.edits if e.redacted_in}))

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "status": self.status, "from_index": self.from_index,
                "to_index": self.to_index,
                "marking": {"from": self.marking[0], "to": self.marking[1]}, "marking_changed": self.marking_changed,
                "withheld": {"from": list(self.withheld[0]), "to": list(self.withheld[1])},
                "withheld_in": self.withheld_in, "redacted_in": list(self.redacted_in),
                "edits": [e.to_dict() for e in self.edits],
                "from_text": self.from_text, "to_text": self.to_text}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "from": self.old, "to": self.new}


@dataclass(frozen=True, slots=True)
class CableDiff:
    """What differs between two copies. ``source_from``/``source_to`` describe the copies
    (the `versions` entries when the index made the diff)."""

    id: str | None
    source_from: dict[str, Any]
    source_to: dict[str, Any]
    fields: tuple[FieldChange, ...]
    paragraphs: tuple[ParagraphDiff, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> dict[str, int]:
        counts = {"same": 0, "changed": 0, "withheld": 0, "only_in_from": 0, "only_in_to": 0,
                  "redacted": 0, "marking_changed": 0}
        for p in self.paragraphs:
            counts[p.status] += 1
            counts["redacted"] += bool(p.redacted_in)
            counts["marking_changed"] += p.marking_changed
        return counts

    @property
    def identical(self) -> bool:
        return not self.fields and all(p.status == "same" for p in self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "from": self.source_from, "to": self.source_to, "identical": self.identical,
                "summary": self.summary, "fields": [f.to_dict() for f in self.fields],
                "paragraphs": [p.to_dict() for p in self.paragraphs]}


@dataclass(frozen=True, slots=True)
class Version:
    """One indexed copy of a cable: where it was read, when, and how complete it is.

    ``n`` numbers the copies from 1 in index order (`diff --from 2`); ``read_at``
    is when the indexer read the file (UTC), ``mtime`` the file's own time.
    """

    n: int
    key: str
    cable: Cable
    read_at: str | None = None
    mtime: float | None = None
    size: int | None = None
    sha1: str | None = None

    @property
    def source(self) -> dict[str, Any]:
        return self.cable.source.to_dict()

    @property
    def label(self) -> str:
        """Its path and place in the file (`cables-csv/cables.csv#29`): `Source.label`."""
        return self.cable.source.label

    @property
    def abspath_label(self) -> str | None:
        """Its absolute path and place in the file, when the index knows the path."""
        src = self.cable.source
        return src.abspath + src.place if src.abspath else None

    def to_dict(self) -> dict[str, Any]:
        """What `versions --json` prints for this copy (also the `from`/`to` of a diff)."""
        paras = self.cable.paragraphs
        return {"n": self.n, "key": self.key, "id": self.cable.id, "source": self.source,
                "format": self.cable.source.format, "collection": self.cable.source.collection,
                "read_at": self.read_at, "mtime": self.mtime, "size": self.size, "sha1": self.sha1,
                "date": self.cable.date, "classification": self.cable.classification,
                "subject": self.cable.subject, "paragraphs": len(paras),
                "withheld_paragraphs": sum(1 for p in paras if p.withheld),
                "redactions": sum(1 for p in paras for w in p.text.split() if REDACTION_RE.match(w)),
                "foia_status": self.cable.foia.status if self.cable.foia else None}


def pick_version(versions: list[Version], selector: str) -> Version:
    """The copy a `--from`/`--to` value names: its number, key, source path or label (the path
    with the copy's place in its file, `cables.csv#29`; the absolute path too), a label's tail
    from a `/` (`cables.csv#29`), or a unique part of a label, format or collection (`2`,
    `cablegate-html-2011`, `foia`)."""
    sel = selector.strip()
    if sel.isdigit() and 1 <= int(sel) <= len(versions):
        return versions[int(sel) - 1]
    for exact in (lambda v: v.key == sel, lambda v: sel in (v.source.get("path"), v.label, v.abspath_label),
                  lambda v: v.label.endswith("/" + sel)):
        found = [v for v in versions if exact(v)]
        if len(found) == 1:
            return found[0]
    low = sel.lower()
    found = [v for v in versions if any(low in str(x or "").lower()
                                        for x in (v.label, v.source.get("format"), v.source.get("collection")))]
    if len(found) == 1:
        return found[0]
    listing = "; ".join(f"{v.n}: {v.label}" for v in versions)
    what = "matches no copy" if not found else f"matches {len(found)} copies"
    raise UsageError(f"--from/--to {selector!r} {what} of {versions[0].cable.id} ({listing})")


# -- comparing words -----------------------------------------------------------
def _key(word: str) -> str:
    """How two words are compared: folded, quotes unified, outer punctuation dropped."""
    w = fold_apostrophes(word)
    return w.strip(".,;:!?\"'“”„«»()[]{}-–—") or w


def _is_redaction(words: list[str]) -> bool:
    return bool(words) and all(REDACTION_RE.match(w) for w in words)


def word_edits(old: str, new: str) -> tuple[Edit, ...]:
    """The word-level edits that turn `old` into `new`, each with a little context."""
    a, b = old.split(), new.split()
    ka, kb = [_key(w) for w in a], [_key(w) for w in b]
    edits = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        gone, came = a[i1:i2], b[j1:j2]
        redacted = "from" if _is_redaction(gone) and came else "to" if _is_redaction(came) and gone else None
        edits.append(Edit(op, " ".join(gone), " ".join(came), redacted,
                          " ".join(a[max(0, i1 - CONTEXT_WORDS):i1]), " ".join(a[i2:i2 + CONTEXT_WORDS])))
    return tuple(edits)


# -- pairing paragraphs ---------------------------------------------------------
@dataclass
class _Unit:
    """A numbered paragraph with the unnumbered ones that follow it (or one paragraph)."""

    index: int
    number: str | None
    marking: str | None
    withheld: tuple[str, ...]
    text: str

    @property
    def key(self) -> str:
        return " ".join(_key(w) for w in self.text.split())


def _para_text(p: Paragraph) -> str:
    return f"{p.heading}\n{p.text}" if p.heading else p.text


def _units(paragraphs: tuple[Paragraph, ...], by_number: bool) -> list[_Unit]:
    units: list[_Unit] = []
    for i, p in enumerate(paragraphs):
        if by_number and p.number is None and units:
            u = units[-1]
            u.text = f"{u.text}\n{_para_text(p)}"
            u.withheld = tuple(dict.fromkeys(u.withheld + p.withheld))
            continue
        units.append(_Unit(i, p.number, p.marking, tuple(p.withheld), _para_text(p)))
    return units


def _numbered(paragraphs: tuple[Paragraph, ...]) -> bool:
    numbers = [p.number for p in paragraphs if p.number]
    return bool(numbers) and len(numbers) == len(set(numbers))


def _similarity(a: _Unit, b: _Unit) -> float:
    wa, wb = set(a.key.split()), set(b.key.split())
    return len(wa & wb) / max(len(wa | wb), 1)


def _pair(units_a: list[_Unit], units_b: list[_Unit], by_number: bool) -> list[tuple[_Unit | None, _Unit | None]]:
    keys_a = [u.number if by_number else u.key for u in units_a]
    keys_b = [u.number if by_number else u.key for u in units_b]
    pairs: list[tuple[_Unit | None, _Unit | None]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if op == "equal":
            pairs.extend(zip(units_a[i1:i2], units_b[j1:j2]))
            continue
        # Unpaired runs: pair in order what is similar enough, keep the rest on one side.
        rest_b = list(units_b[j1:j2])
        for ua in units_a[i1:i2]:
            best = max(range(len(rest_b)), key=lambda k: _similarity(ua, rest_b[k]), default=None)
            if best is not None and _similarity(ua, rest_b[best]) >= PAIR_SIMILARITY:
                pairs.extend((None, ub) for ub in rest_b[:best])
                pairs.append((ua, rest_b[best]))
                rest_b = rest_b[best + 1:]
            else:
                pairs.append((ua, None))
        pairs.extend((None, ub) for ub in rest_b)
    return pairs


def _paragraph_diff(a: _Unit | None, b: _Unit | None) -> ParagraphDiff:
    number = (a.number if a else None) or (b.number if b else None)
    marking = (a.marking if a else None, b.marking if b else None)
    withheld = (a.withheld if a else (), b.withheld if b else ())
    if a is None or b is None:
        return ParagraphDiff(number, "only_in_to" if a is None else "only_in_from",
                             a.index if a else None, b.index if b else None, marking, withheld,
                             from_text=a.text if a else None, to_text=b.text if b else None)
    edits = word_edits(a.text, b.text) if a.key != b.key else ()
    if set(withheld[0]) != set(withheld[1]):
        status = "withheld"
    elif edits or marking[0] != marking[1]:
        status = "changed"
    else:
        status = "same"
    same = status == "same"
    return ParagraphDiff(number, status, a.index, b.index, marking, withheld, edits,
                         None if same else a.text, None if same else b.text)


def diff_cables(a: Cable, b: Cable, source_from: dict[str, Any] | None = None,
                source_to: dict[str, Any] | None = None) -> CableDiff:
    """Compare two copies of a cable: header fields, then paragraph by paragraph."""
    da, db = a.to_dict(), b.to_dict()
    # A field one copy does not record (the date of a `<pre>` page, the origin of a CSV
    # row) is a gap in that format, not a change: only values both copies have are compared.
    changes = tuple(FieldChange(f, da[f], db[f]) for f in HEADER_FIELDS if da[f] and db[f] and da[f] != db[f])
    by_number = _numbered(a.paragraphs) and _numbered(b.paragraphs)
    pairs = _pair(_units(a.paragraphs, by_number), _units(b.paragraphs, by_number), by_number)
    return CableDiff(a.id or b.id, source_from or a.source.to_dict(), source_to or b.source.to_dict(), changes,
                     tuple(_paragraph_diff(x, y) for x, y in pairs))
