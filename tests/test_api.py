"""The public API: explicit names that hold on every call, none shadowed by a submodule."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import cablesearch
from conftest import FOIA_EXAMPLE, ROOT, SAMPLE

HELPERS = ("build_index", "default_index_dir", "iter_parse", "open_index", "parse_cable", "parse_path", "search")


def test_every_public_name_is_exported_eagerly() -> None:
    assert set(cablesearch.__all__) <= set(dir(cablesearch))
    assert set(HELPERS) <= set(cablesearch.__all__)
    for name in cablesearch.__all__:
        assert getattr(cablesearch, name) is not None


def test_no_public_name_is_a_submodule() -> None:
    submodules = {m.name for m in pkgutil.iter_modules(cablesearch.__path__)}
    assert "api" in submodules and "searching" in submodules
    assert not submodules & set(cablesearch.__all__)


def test_every_public_helper_works_twice(tmp_path) -> None:
    """`cablesearch.search` used to become the `search` submodule after its first call."""
    index = tmp_path / "index"
    text = FOIA_EXAMPLE.read_text(encoding="utf-8")
    for _ in range(2):
        report = cablesearch.build_index([SAMPLE / "foia-ocr"], index)
        assert report.cables_indexed + report.unchanged >= 1
        assert cablesearch.search(index, "negroponte").total >= 1
        assert cablesearch.search(index, "tags:MX", facets=["year"]).facets["year"].values
        with cablesearch.open_index(index) as ix:
            assert ix.get("07MEXICO6043").id == "07MEXICO6043"
        assert cablesearch.parse_cable(text).id == "07MEXICO6043"
        assert [c.id for c in cablesearch.parse_path(FOIA_EXAMPLE).cables] == ["07MEXICO6043"]
        assert any(isinstance(c, cablesearch.Cable) for c in cablesearch.iter_parse(FOIA_EXAMPLE))
        assert cablesearch.default_index_dir().name == "index"
        assert callable(cablesearch.search)


def test_importing_changes_no_global_state() -> None:
    """Importing the package, the engine and the build patches no Whoosh class and registers no codec
    error handler."""
    code = ("import codecs, whoosh.writing as w\n"
            "before = dict(vars(w.PostingPool))\n"
            "import cablesearch, cablesearch.api, cablesearch.searching.run, cablesearch.indexing\n"
            "assert dict(vars(w.PostingPool)) == before, 'PostingPool patched at import'\n"
            "try:\n    codecs.lookup_error('cablesearch-stand-in')\nexcept LookupError:\n    pass\n"
            "else:\n    raise AssertionError('a codec error handler registered at import')\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
