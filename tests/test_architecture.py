"""Imports flow one way, from the CLI down to the model (README "Development", design/style.md).

Each module's imports are read with `ast` (including imports inside
functions) and checked against a layer table: a layer may import its own
modules, the layers listed for it, and `model`/`errors`, which every layer may
use. Third-party packages with a place in the design (whoosh, click) are
allowed only in the layers named for them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "cablesearch"

#: Layers anyone may import.
EVERYWHERE = {"model", "errors"}

#: layer -> the other layers it may import (besides itself and EVERYWHERE), lowest layers first.
#: A layer is a module of the package (`schema`) or a sub-package (`read`, `parse`); the package's
#: own `__init__` is the layer `cablesearch`.
LAYERS: dict[str, set[str]] = {
    "errors": set(),
    "model": set(),
    "text": set(),                       # the one fold of words, every layer's
    "budget": set(),                     # a query's time budget, checked from searching down to the engine
    "read": set(),                       # files -> raw texts
    "parse": {"text"},                   # raw text -> Cable
    "results": set(),                    # plain result dataclasses
    "fields": set(),                     # the one field registry
    "query": {"fields", "parse"},        # the query language -> the project's tree; parse.tag_dictionary for meanings
    "engine": {"fields", "query", "parse", "text", "budget"},  # the only package that imports a search library
    "manifest": set(),                   # each source file's size, mtime and hash, cached per commit
    "citations": set(),                  # the REF graph, walked through look-ups the index gives
    "versions": {"text"},                # copies of a cable compared paragraph by paragraph
    "searching": {"engine", "query", "fields", "results", "parse", "text", "citations", "versions", "budget"},
    "indexing": {"engine", "parse", "read", "fields", "manifest", "results"},  # plan, read, write, commit
    "api": {"indexing", "searching", "query", "results", "engine", "parse", "read", "citations", "versions",
            "manifest", "budget"},
    "output": {"results", "terminal"},
    "terminal": {"indexing"},            # what fits a terminal: progress (a build's Progress), wrapping, paging
    "cli": {"api", "output", "results", "fields", "terminal", "web"},
    "web": {"api", "output", "results", "fields"},  # `serve`: the web page, a face of the API like the CLI
    "cablesearch": {"api", "web"},       # the package __init__: re-exports the API (and `serve`)
    "__main__": {"cli"},
}

#: Third-party packages confined to some layers.
THIRD_PARTY: dict[str, set[str]] = {
    "whoosh": {"engine"},
    "tantivy": {"engine"},
    "click": {"cli"},
    "dask": {"indexing"},                # builds on a cluster: indexing/cluster.py, loaded only for one
    "distributed": {"indexing"},
    "starlette": {"web"},
    "jinja2": {"web"},
    "markupsafe": {"web"},
    "uvicorn": {"web"},
}

#: Known violations, each with its reason. The test below fails if one of these is fixed
#: (so the entry is removed) and the main test fails on any violation not listed here.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {
}


@dataclass(frozen=True)
class Import:
    path: str           # file, relative to the checkout
    line: int
    module: str         # the importing module
    target: str         # the imported module (or top-level package for third-party)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str:
    """`cablesearch.parse.body` -> `parse`; `cablesearch.engine.whoosh.schema` -> `schema`; `cablesearch` -> `cablesearch`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def is_module(name: str) -> bool:
    rel = Path(*name.split("."))
    return (ROOT / rel).with_suffix(".py").is_file() or (ROOT / rel / "__init__.py").is_file()


def imports_of(source: str, module: str, path: str, is_package: bool = False) -> list[Import]:
    """Every import in a module's source, resolved to absolute module names."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [Import(path, node.lineno, module, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                sub = f"{origin}.{alias.name}"
                out.append(Import(path, node.lineno, module, sub if is_module(sub) else origin))
    return out


def package_imports() -> list[Import]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += imports_of(path.read_text(encoding="utf-8"), module_name(path), str(path.relative_to(ROOT)),
                            is_package=path.name == "__init__.py")
    return found


def violation(imp: Import) -> str | None:
    """Why this import breaks the layer table, or None when it is allowed."""
    src = layer_of(imp.module)
    top = imp.target.split(".")[0]
    if top == "cablesearch":
        dst = layer_of(imp.target)
        allowed = LAYERS[src] | EVERYWHERE | {src}
        if dst in allowed:
            return None
        return (f"{imp.path}:{imp.line}: {imp.module} imports {imp.target} — layer '{src}' may import only "
                f"{', '.join(sorted(allowed))}")
    if top in THIRD_PARTY and src not in THIRD_PARTY[top]:
        return (f"{imp.path}:{imp.line}: {imp.module} imports {imp.target} — {top} is allowed only in "
                f"{', '.join(sorted(THIRD_PARTY[top]))}")
    return None


# -- the rules ------------------------------------------------------------------------------
def test_every_module_has_a_layer() -> None:
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    assert len(modules) > 20
    missing = sorted(m for m in modules if layer_of(m) not in LAYERS)
    assert not missing, f"put these modules in LAYERS: {missing}"


def test_layers_form_a_one_way_order() -> None:
    """The table itself has no cycle (a layer never reaches itself), and model/errors import nothing above."""
    def reach(layer: str, seen: set[str]) -> set[str]:
        for dep in LAYERS[layer] - seen:
            seen.add(dep)
            reach(dep, seen)
        return seen

    for layer in LAYERS:
        assert layer not in reach(layer, set()), layer
    assert LAYERS["model"] == LAYERS["errors"] == set()


def test_imports_flow_one_way() -> None:
    imports = package_imports()
    assert any(i.target == "whoosh.qparser" for i in imports), "the import reader finds real imports"
    problems = [why for imp in imports if (imp.module, imp.target) not in KNOWN_VIOLATIONS
                if (why := violation(imp))]
    assert not problems, "imports against the layer table:\n" + "\n".join(problems)


def test_known_violations_are_still_real() -> None:
    actual = {(i.module, i.target) for i in package_imports() if violation(i)}
    fixed = set(KNOWN_VIOLATIONS) - actual
    assert not fixed, f"fixed, so remove from KNOWN_VIOLATIONS: {sorted(fixed)}"


def test_the_rules_in_words() -> None:
    """The table says what README/style.md say, checked against every real import."""
    imports = package_imports()
    by_layer: dict[str, set[str]] = {}
    for imp in imports:
        by_layer.setdefault(layer_of(imp.module), set()).add(imp.target)

    def internal(layer: str) -> set[str]:
        return {layer_of(t) for t in by_layer.get(layer, ()) if t.split(".")[0] == "cablesearch"}

    def third(layer: str) -> set[str]:
        return {t.split(".")[0] for t in by_layer.get(layer, ()) if t.split(".")[0] != "cablesearch"}

    upper = {"parse", "indexing", "engine", "query", "searching", "results", "output", "cli", "api",
             "cablesearch"}
    assert not internal("read") & upper, "read/ knows nothing of parsing, indexing or searching"
    assert not internal("parse") & {"indexing", "engine", "query", "searching", "cli", "read", "api", "output",
                                    "cablesearch"}
    assert "whoosh" not in third("parse") and "whoosh" not in third("model") and "whoosh" not in third("read")
    assert not internal("engine") & {"searching", "indexing", "cli", "output", "api"}
    assert not internal("indexing") & {"searching", "cli", "output", "api", "query"}
    assert "whoosh" not in third("query") and not internal("query") & {"engine", "searching", "indexing"}
    assert [layer for layer, deps in by_layer.items() if any(t.split(".")[0] == "click" for t in deps)] == ["cli"]
    web_stack = {"starlette", "jinja2", "markupsafe", "uvicorn"}
    assert [layer for layer, deps in by_layer.items() if any(t.split(".")[0] in web_stack for t in deps)] == ["web"]
    assert not internal("web") & {"engine", "searching", "indexing", "query", "parse", "read", "cli"}, \
        "the web page is a face of the API: it holds no search of its own"
    assert internal("model") <= {"model", "errors"} and internal("errors") <= {"errors"}
    assert internal("text") <= {"text"} and not third("text") - {"re", "functools", "__future__"}


def test_only_the_engine_imports_whoosh() -> None:
    """Issue 16's check, with no exception: outside `cablesearch/engine/` no module imports
    Whoosh, and none imports an engine's own package: building, searching and the API reach
    an index through `engine/base.py` and `engine/__init__.py` alone."""
    outside = [imp for imp in package_imports() if not imp.module.startswith("cablesearch.engine")]
    assert len({imp.module for imp in outside}) > 30
    whoosh = [f"{imp.path}:{imp.line}: {imp.target}" for imp in outside if imp.target.split(".")[0] == "whoosh"]
    assert not whoosh, whoosh
    own = [f"{imp.path}:{imp.line}: {imp.target}" for imp in outside
           if imp.target.startswith("cablesearch.engine.") and imp.target != "cablesearch.engine.base"]
    assert not own, own


# -- the checker itself ---------------------------------------------------------------------
@pytest.mark.parametrize("module,source,expected", [
    ("cablesearch.parse.body", "from cablesearch.api import CableIndex\n",
     "cablesearch.parse.body imports cablesearch.api"),
    ("cablesearch.parse.body", "import whoosh.query\n", "cablesearch.parse.body imports whoosh.query"),
    ("cablesearch.read.walk", "from ..parse import parse_raw\n", "cablesearch.read.walk imports cablesearch.parse"),
    ("cablesearch.read.walk", "def f():\n    from cablesearch import searching\n",
     "cablesearch.read.walk imports cablesearch.searching"),
    ("cablesearch.engine.whoosh.schema", "from cablesearch.searching.run import Searcher\n",
     "cablesearch.engine.whoosh.schema imports cablesearch.searching"),
    ("cablesearch.output", "import click\n", "click is allowed only in cli"),
    ("cablesearch.model", "from cablesearch import api\n", "cablesearch.model imports cablesearch.api"),
])
def test_checker_names_module_and_import(module, source, expected) -> None:
    path = module.replace(".", "/") + ".py"
    found = [why for imp in imports_of(source, module, path) if (why := violation(imp))]
    assert len(found) == 1 and expected in found[0], found
    assert found[0].startswith(f"{path}:")


@pytest.mark.parametrize("module,source", [
    ("cablesearch.parse.body", "from cablesearch import model\nfrom .clean import reflow\nimport re\n"),
    ("cablesearch.read.walk", "from ..errors import ReadError\nfrom .decode import decode_bytes\n"),
    ("cablesearch.cli", "import click\nfrom cablesearch import api\n"),
    ("cablesearch.searching.run", "from cablesearch.engine.base import Reader\nfrom cablesearch.query import parse_query\n"),
])
def test_checker_allows_what_the_table_allows(module, source) -> None:
    assert [violation(i) for i in imports_of(source, module, "x.py") if violation(i)] == []



def test_a_search_loads_neither_the_parser_nor_the_readers(sample_index) -> None:
    """The CLI's `search` starts a fresh interpreter per call: the cable parser's and the
    file readers' modules (about 0.1 s of imports) are loaded only to index or parse."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from cablesearch import api\n"
        f"res = api.search({str(sample_index.path)!r}, 'police', facets=['people', 'tags'])\n"
        "assert res.total > 0 and res.facets['people'].values\n"
        "print(sorted(m for m in sys.modules if m.startswith(('cablesearch.parse.', 'cablesearch.read'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=str(ROOT), check=True)
    loaded = eval(out.stdout)
    # names (the people facet's identity key), the person table it reads (not the extractor's
    # rules, which only building a table needs) and the TAGS dictionary (tags:narcotics) only
    assert loaded == ["cablesearch.parse.names", "cablesearch.parse.person_table",
                      "cablesearch.parse.tag_dictionary"], loaded
