"""compat: the one door to Whoosh's private structures, shut on any Whoosh but the one it was written for.

With `FAST_PATHS` off, every fast path of `engine.whoosh` takes its fallback (Whoosh's
own code) and no accessor of `compat` is called: searches then answer exactly as with
the fast paths on -- the same total, hits in the same order, the same scores (to 1e-9:
Whoosh's trees may add a document's scores in another order) and the same facets.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
import types

import pytest
import whoosh

from cablesearch import CableIndex
from cablesearch.engine.whoosh import compat


@pytest.fixture(scope="module")
def sample_index(whoosh_sample_index):
    """This module tests the Whoosh engine's own workings: its index of sample_data only."""
    return whoosh_sample_index

#: (query, paragraph scope): a word, two words, a phrase, a wildcard, a tag, an exclusion, paragraphs.
SEARCHES = [("police", False), ("police reform", False), ('"human rights"', False), ("narco*", False),
            ("tags:PGOV", False), ("police NOT tags:PGOV", False), ("police marking:C", True),
            ("government", True)]
FACETS = ("tags", "classification", "marking", "year")


def _accessors() -> dict[str, types.FunctionType]:
    """compat's functions: each reads or writes a private Whoosh structure."""
    return {name: value for name, value in vars(compat).items()
            if inspect.isfunction(value) and value.__module__ == compat.__name__ and not name.startswith("_")}


def _forbid_accessors(monkeypatch, allowed: tuple[str, ...] = ()) -> None:
    """Every accessor but `allowed` raises when called: a fallback must not reach them."""
    for name in _accessors():
        if name in allowed:
            continue

        def forbidden(*args, _name=name, **kwargs):
            raise AssertionError(f"compat.{_name} called without FAST_PATHS")

        monkeypatch.setattr(compat, name, forbidden)


def _load_fresh_compat() -> types.ModuleType:
    """compat's source run as a new module object (the imported one is left as it is)."""
    spec = importlib.util.spec_from_file_location("compat_fresh", compat.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _whoosh_state() -> dict[tuple[str, ...], int]:
    """The identity of every attribute of every loaded Whoosh module and of their classes."""
    state = {}
    for modname, module in list(sys.modules.items()):
        if not modname.startswith("whoosh") or module is None:
            continue
        for name, value in list(vars(module).items()):
            state[(modname, name)] = id(value)
            if inspect.isclass(value) and value.__module__ == modname:
                for attr, member in list(vars(value).items()):
                    state[(modname, name, attr)] = id(member)
    return state


def test_fast_paths_are_on_for_the_whoosh_they_were_written_for() -> None:
    assert whoosh.versionstring() == compat.WRITTEN_FOR == compat.INSTALLED
    assert compat.FAST_PATHS is True


@pytest.mark.parametrize("version", ["2.7.5", "2.7.3", "3.0.0"])
def test_another_whoosh_turns_them_off_at_import(monkeypatch, version: str) -> None:
    monkeypatch.setattr(whoosh, "versionstring", lambda *a, **k: version)
    fresh = _load_fresh_compat()
    assert fresh.INSTALLED == version and fresh.FAST_PATHS is False


def test_an_unreadable_version_turns_them_off_without_raising(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("no version")

    monkeypatch.setattr(whoosh, "versionstring", broken)
    monkeypatch.setattr(whoosh, "__version__", (9,))
    fresh = _load_fresh_compat()
    assert fresh.INSTALLED == "9" and fresh.FAST_PATHS is False


def test_importing_changes_nothing_in_whoosh() -> None:
    before = _whoosh_state()
    _load_fresh_compat()
    assert _whoosh_state() == before


def test_every_accessor_says_what_it_reads() -> None:
    """Each accessor has its one-line docstring, and the module's inventory names it."""
    doc = compat.__doc__ or ""
    for name, func in _accessors().items():
        assert func.__doc__ and func.__doc__.strip(), name
    for private in ("_data", "_postfile", "_perdoc", "_cached_reader", "_lenfield", "_translate", "_buf",
                    "_fpath", "_postwriter", "_blocklimit", "_write_block", "_flush_segment", "_btexts",
                    "_compile_query", "_field_B", "_INT_SIZE"):
        assert f"``{private}" in doc, private


@pytest.mark.parametrize("text,paragraphs", SEARCHES)
def test_without_fast_paths_searches_answer_the_same(sample_index, monkeypatch, text: str,
                                                     paragraphs: bool) -> None:
    want = sample_index.search(text, paragraphs=paragraphs, limit=None, facets=FACETS)
    monkeypatch.setattr(compat, "FAST_PATHS", False)
    _forbid_accessors(monkeypatch)
    with CableIndex.open(sample_index.path) as plain:  # files, columns and scorers opened afresh
        got = plain.search(text, paragraphs=paragraphs, limit=None, facets=FACETS)
    assert want.total > 0, text
    assert got.total == want.total
    assert [(h.id, h.paragraph) for h in got.hits] == [(h.id, h.paragraph) for h in want.hits]
    for a, b in zip(got.hits, want.hits):
        assert a.score == pytest.approx(b.score, rel=1e-9, abs=1e-12), (text, a.id)
    assert {k: v.to_dict() for k, v in got.facets.items()} == {k: v.to_dict() for k, v in want.facets.items()}


def test_with_fast_paths_searches_go_through_compat(sample_index, monkeypatch) -> None:
    """The comparison above is not between two fallbacks: with FAST_PATHS on, a search reads
    postings by blocks, lengths and columns whole, and files through maps, all via compat."""
    called: set[str] = set()
    for name, func in _accessors().items():

        def spy(*args, _name=name, _func=func, **kwargs):
            called.add(_name)
            return _func(*args, **kwargs)

        monkeypatch.setattr(compat, name, spy)
    with CableIndex.open(sample_index.path) as ix:
        ix.search("police reform", limit=None, facets=FACETS)
        ix.search('"human rights"', limit=None)
    assert {"init_buffer_file", "length_column_bytes", "block_head", "next_block", "read_block",
            "var_bytes_layout", "numeric_layout"} <= called


def test_without_fast_paths_an_exclusion_of_words_answers_the_same(sample_index, monkeypatch) -> None:
    """`police NOT reform` runs the corrected AND NOT (a REQUIRED access) in both modes."""
    want = sample_index.search("police NOT reform", limit=None)
    monkeypatch.setattr(compat, "FAST_PATHS", False)
    _forbid_accessors(monkeypatch, allowed=tuple(compat.REQUIRED))
    with CableIndex.open(sample_index.path) as plain:
        got = plain.search("police NOT reform", limit=None)
    assert got.total == want.total > 0
    assert [h.id for h in got.hits] == [h.id for h in want.hits]
