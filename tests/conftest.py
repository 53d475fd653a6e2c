"""Shared fixtures: paths to the real sample cables, and their index with each engine."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
FOIA_EXAMPLE = SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt"

#: sample_data's files that yield no cable: PROVENANCE.md. (PDFs are read by PDFium, a wheel the
#: package installs, so no count depends on what the machine has.)
SAMPLE_SKIPS = 1
#: A search that does real work on the sample index: wildcards, fuzzy words and a phrase ORed
#: (0.1-0.4 s on a 2-core machine with three facets, most of it expanding the patterns): far
#: past a 1 ms budget however fast the machine, within minutes however slow.
COSTLY_QUERY = 'gov* OR emb* OR pol* OR "human rights" OR minister~2 OR secretary~2'


def unique_cases(cases: list[tuple]) -> list[tuple]:
    """Guard against a case table listing the same input twice (a copy-paste slip)."""
    seen = set()
    for case in cases:
        key = case[:2]
        assert key not in seen, f"duplicate case {key!r}"
        seen.add(key)
    return cases


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def foia_text() -> str:
    return FOIA_EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_records() -> list:
    """Every cable parsed from sample_data (the brute-force reference for search tests)."""
    from cablesearch import parse_path

    return parse_path(SAMPLE).cables


#: The engines the contract tests run on: every one installed (the test extra installs both).
ENGINES = ("whoosh", "tantivy") if importlib.util.find_spec("tantivy") else ("whoosh",)

_SAMPLE_INDEXES: dict[str, Path] = {}


def sample_index_path(tmp_path_factory, engine: str) -> Path:
    """sample_data indexed with `engine`, built once per test session."""
    from cablesearch import build_index

    if engine not in _SAMPLE_INDEXES:
        path = tmp_path_factory.mktemp(f"sample-index-{engine}")
        build_index([SAMPLE], path, engine=engine)
        _SAMPLE_INDEXES[engine] = path
    return _SAMPLE_INDEXES[engine]


@pytest.fixture(scope="session", params=ENGINES)
def sample_index(request, tmp_path_factory):
    """An index of all of sample_data, once per engine: the contract tests run on each."""
    from cablesearch import CableIndex

    with CableIndex.open(sample_index_path(tmp_path_factory, request.param)) as ix:
        yield ix


@pytest.fixture(scope="session")
def whoosh_sample_index(tmp_path_factory):
    """The Whoosh index of sample_data, for the tests of the Whoosh engine's own workings."""
    from cablesearch import CableIndex

    with CableIndex.open(sample_index_path(tmp_path_factory, "whoosh")) as ix:
        yield ix


@pytest.fixture(params=ENGINES)
def engine(request, monkeypatch) -> str:
    """Each engine in turn, also as the engine of every index a test creates without naming one
    (`CABLESEARCH_ENGINE`, which subprocesses inherit)."""
    monkeypatch.setenv("CABLESEARCH_ENGINE", request.param)
    return request.param


def fresh_reader(ix):
    """A reader of the index's current commit with caches of its own (not the one `ix` keeps)."""
    engine = ix.engine
    if engine.name == "whoosh":
        from cablesearch.engine.whoosh.reader import WhooshReader

        return WhooshReader(engine.searcher())
    from cablesearch.engine.tantivy.reader import TantivyReader

    engine.index.reload()
    return TantivyReader(engine.tv, engine.schema, engine.index.searcher(), engine.commit_label(),
                         engine.commit_label)


def whoosh_query(text: str, *, paragraphs: bool = False, references_of=None):
    """A query string as the Whoosh query a search runs (parsed, resolved, compiled): for the
    engine's own tests, which compare it with Whoosh's classes."""
    from cablesearch.engine.whoosh.compile import compile_query
    from cablesearch.query import parse_query

    parsed = parse_query(text, paragraphs=paragraphs, references_of=references_of)
    return compile_query(parsed.resolved, paragraphs=paragraphs)
