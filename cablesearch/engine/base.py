"""The engine interface: what building and searching need from a search library.

Everything above `cablesearch.engine` talks to an index through these three
protocols and nothing else; no engine type crosses them (queries go in as the
project's tree, documents come out as docnums, dicts and plain values).

An index holds three kinds of documents (`kind`): ``cable`` (one per indexed
copy of a cable), ``para`` (one per paragraph) and ``file`` (one per source
file: the manifest that makes re-indexing incremental). Docnums are the
engine's document numbers, valid for one `Reader`.

The calls that evaluate a user's query (`match`, `docset`, `highlight_terms`) take a
`budget` (`cablesearch.budget.Budget`, None for no limit): the engine calls its `check()`
every so many terms or postings in its costly loops, or reads its `deadline` (a
`time.monotonic()` value), so a query past its budget ends promptly with QueryTimeoutError.
What is cached is cached only once computed whole: a query cut short leaves no partial
answer behind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cablesearch.budget import Budget
from cablesearch.model import Cable
from cablesearch.query.tree import Leaf, Node

#: docnum -> score
Scores = dict[int, float]


@dataclass(frozen=True, slots=True)
class Damage:
    """One damaged file of an index: its name in the index folder and what is wrong with it,
    in a few words (`truncated: 1,024 of 4,096 bytes`, `missing`, `unreadable: ...`)."""

    file: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}"

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "problem": self.problem}


def describe(damage: Sequence[Damage], shown: int = 3) -> str:
    """Damaged files in a few words, for a one-line error: the first `shown`, and how many more."""
    text = "; ".join(str(d) for d in damage[:shown])
    return text + (f"; and {len(damage) - shown} more" if len(damage) > shown else "")


@dataclass(frozen=True, slots=True)
class StorageCheck:
    """What an engine found verifying its own files: every file it checked (names in the
    index folder), those damaged, and notes on what it could not verify (no problem in
    themselves: an index written before checksums were recorded, say)."""

    files: tuple[str, ...] = ()
    damage: tuple[Damage, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Top:
    """What a page of results needs of a query, answered by the engine (`Reader.top`): the
    first matches in the asked order, how many match in all, columns counted over every
    match, and the matches that share an id (copies of one cable, for the caller to collapse)."""

    #: every match, `excluded` ones aside
    total: int
    #: the first `limit` matches, in the asked order
    docnums: list[int]
    #: their scores (empty when not asked for)
    scores: Scores
    #: column name -> Counter of raw values over every match, as `Column.counts` gives them
    #: (numeric columns count documents without a value under None)
    counts: dict[str, Counter[Any]]
    #: at cable scope, with `copies`: groups of matches sharing an `id`, each ascending
    repeated: list[list[int]]


class Column(Protocol):
    """One value per document (a facet's `;`-joined values as bytes, a date number, an id)."""

    def __getitem__(self, docnum: int) -> Any: ...

    def bulk(self, docnums: Sequence[int]) -> list[Any]:
        """The values of `docnums`, in their order."""

    def counts(self, ordered: Sequence[int]) -> Any:
        """A Counter of the values of `ordered` (ascending docnums)."""

    def values(self, docnums: Sequence[int], *, ascending: bool = False) -> list[Any]:
        """`bulk`, kept by the column from its second use (for repeated searches)."""


class Reader(Protocol):
    """A point-in-time view of a committed index; `is_current` says whether a later commit exists."""

    def is_current(self) -> bool: ...

    def close(self) -> None: ...

    def doc_count(self) -> int:
        """Documents of every kind, deleted ones included (the docnum range)."""

    def kind_docs(self, kind: str) -> frozenset[int]:
        """The live documents of one kind (`cable`, `para`, `file`)."""

    def match(self, tree: Node, *, paragraphs: bool, allowed: frozenset[int] | None = None,
              masked: frozenset[int] | None = None, budget: Budget | None = None) -> tuple[list[int], Scores]:
        """The documents of the scope's kind (paragraphs or cables) that a resolved query tree
        matches, only those in `allowed` (when given) and none in `masked`: docnums best
        first (ties by docnum), and each one's score. QueryTimeoutError past the `budget`."""

    def top(self, words: Node | None, *, paragraphs: bool, limit: int, sort: str,
            required: Sequence[Leaf] = (), excluded: Sequence[Leaf] = (), columns: Sequence[str] = (),
            without: frozenset[int] = frozenset(), copies: bool = True, scored: bool = True,
            budget: Budget | None = None) -> Top | None:
        """A page of a resolved query's matches computed by the engine itself, so that nothing
        is done in Python per match. The matches: the documents of the scope that `words`
        matches (None: every one), that pass every `required` exact filter and none of the
        `excluded` (filters add nothing to a score, as with `match`'s sets), none of `without`.
        The page: the first `limit` of them in `sort` order ("relevance": best first; "date" /
        "-date": by the `ts` column, undated last either way), with their scores when `scored`,
        the total, the `columns` counted over every match and, when `copies` will be
        collapsed, the matches sharing an id (`Top`). None when the engine has no such
        shortcut or cannot answer this query exactly with it (at paragraph scope with copies
        to collapse, say): the caller then uses `match`. Ties come in an order the engine
        chooses."""

    def docset(self, leaf: Leaf, kind: str, budget: Budget | None = None) -> frozenset[int]:
        """The documents of `kind` an exact filter (a keyword value, a date number or range)
        matches; cached by the reader. QueryTimeoutError past the `budget`."""

    def docs_with(self, field: str, value: str, kind: str | None = None) -> list[int]:
        """Documents whose keyword `field` holds `value` (case-insensitive), ascending."""

    def column(self, name: str) -> Column:
        """A per-document column: `id`, `ts`, `day`, `year`, `month`, or a facet's name."""

    def stored(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields (`kind`, `key`, `cable_key`, `src`, `number`, `pidx`,
        and for files `size`, `mtime`, `sha1`, `ncables`, `reason`, `read_at`)."""

    def record(self, docnum: int) -> dict[str, Any]:
        """A cable document's whole record (`Cable.to_dict()`), as indexed."""

    def doc_frequency(self, field: str, word: str) -> int:
        """How many documents hold an (analysed) word in a text field."""

    def terms(self, field: str, prefix: str) -> list[str]:
        """The indexed words of a field that start with `prefix`."""

    def highlight_terms(self, tree: Node, *, paragraphs: bool, budget: Budget | None = None
                        ) -> tuple[set[str], list[tuple[tuple[str, ...], int]]]:
        """What a snippet shows for a resolved tree: the indexed words its text-field leaves
        match (wildcards and fuzzy words expanded), and its phrases as (words, slop).
        QueryTimeoutError past the `budget`."""


class Writer(Protocol):
    """Adds and deletes documents; nothing is visible to readers until `commit`."""

    def add_cable(self, cable: Cable, key: str, src: str) -> None:
        """A cable's document and its paragraphs' documents; `key` is unique per copy."""

    def add_file(self, manifest: dict[str, Any]) -> None:
        """A source file's manifest document."""

    def delete_source(self, src: str) -> None:
        """Every document read from `src` (its cables, paragraphs and manifest)."""

    def add_part(self, part: Any) -> None:
        """A part a `PartWriter` wrote into this index's folder since this writer was opened,
        made visible by this writer's commit (engines whose `writes_parts` is True)."""

    def commit(self) -> None: ...

    def cancel(self) -> None: ...


class PartWriter(Protocol):
    """Writes cables into a part of an index (a Whoosh segment) in a process other than the
    run's, which holds the lock: a worker of a cluster build, on storage the run shares.
    Nothing it writes is seen until the run's `Writer` is given the part and commits."""

    def add_cable(self, cable: Cable, key: str, src: str) -> None:
        """As `Writer.add_cable`."""

    def finish(self) -> Any:
        """The part, written out: a picklable handle for `Writer.add_part` (None when no cable
        was added)."""

    def cancel(self) -> None:
        """Stop writing, and remove what it wrote (a process killed meanwhile leaves files that
        the run's commit or cancel removes)."""


class Engine(Protocol):
    """An index folder opened with one engine."""

    #: The engine's name, recorded in the index folder's meta file (`engine.ENGINES`).
    name: str
    path: Path
    #: The version of the documents this engine writes and reads: an index written with
    #: another is refused (the meta file beside the index records it).
    schema_version: int
    #: Whether `part_writer` exists: other processes can write parts of a run's commit.
    writes_parts: bool

    def reader(self) -> Reader:
        """A reader of the last commit (the same one until a later commit is made)."""

    def writer(self, *, files: int, workers: int) -> tuple[Writer, int]:
        """A writer for `files` source files, and how many parsing processes to use with it
        (`workers` is what the machine offers). Call under `lock()`."""

    @staticmethod
    def part_writer(path: Path) -> PartWriter:
        """A `PartWriter` on the index in the folder `path`, for a process that holds no lock
        (only engines whose `writes_parts` is True)."""

    def lock(self, timeout: float) -> Any:
        """The index's write lock as a context manager; raises IndexUnavailableError when
        another process holds it past `timeout` seconds."""

    def manifest_documents(self) -> Iterable[dict[str, Any]]:
        """The stored fields of every `file` document."""

    def commit_label(self) -> Any:
        """Something that changes with every commit (for caches kept beside the index)."""

    def seal(self) -> None:
        """Record what each file of the last commit holds (its size and a checksum), so that
        `check` can tell a damaged file from the one written. Called after every commit,
        under `lock()`; a record that cannot be written is no error (`check` then verifies
        by reading alone)."""

    @classmethod
    def check(cls, path: Path, *, deep: bool = True) -> StorageCheck:
        """Verify the engine's files in the folder `path` without opening the index (it may be
        too damaged to open): its table of contents parses; every file of the last commit is
        there, at the size and with the checksum `seal` recorded; and, when `deep`, every
        file reads end to end as a search would read it (every term's postings, every stored
        document, every column). Never raises for damage: each damaged file is reported."""

    def close(self) -> None: ...
