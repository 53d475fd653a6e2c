"""The field registry against design/fields.md, README and the CLI: one table, every surface."""

from __future__ import annotations

import re

from click.testing import CliRunner

from cablesearch.cli import cli
from cablesearch.fields import ALIASES, BY_NAME, FACETS, FIELDS, RECORD_ONLY, is_field
from conftest import ROOT
from test_cli import FIELDS_MD, contract_fields

#: fields.md's "Derived query fields", for a checkout without ../shared beside it; when fields.md
#: is there, the test reads it.
DERIVED_COPY = ["year", "marking", "withheld", "refs", "cited_by"]


def test_every_record_key_of_fields_md_is_registered() -> None:
    contract = contract_fields()
    keys = contract["Cable"] + contract["Paragraph"]
    assert len(keys) > 20
    for key in keys:
        assert key in BY_NAME or key in RECORD_ONLY, key
    for f in FIELDS:
        if f.record:
            assert f.name in keys, f"{f.name} is marked a record key but fields.md has no such key"


def test_derived_query_fields_of_fields_md_are_registered() -> None:
    names = DERIVED_COPY
    if FIELDS_MD.exists():
        text = FIELDS_MD.read_text(encoding="utf-8")
        names = re.findall(r"`([a-z_]+)`", text[text.index("## Derived query fields"):])
        assert set(DERIVED_COPY) <= set(names)
    for name in names:
        assert is_field(name), name


def test_readme_lists_every_alias_and_field() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cheat = readme[readme.index("## Query syntax"):readme.index("## People")]
    pairs = dict(re.findall(r"`([a-z_]+):`(?:/`[a-z_]+:`)?\s*→\s*`([a-z_]+):`", cheat))
    pairs.update(re.findall(r"`[a-z_]+:`/`([a-z_]+):`\s*→\s*`([a-z_]+):`", cheat))
    assert pairs == ALIASES
    for f in FIELDS:
        assert f"`{f.name}:" in cheat, f"README's cheat-sheet never shows {f.name}:"


def test_cli_help_names_every_field_and_facet() -> None:
    out = CliRunner().invoke(cli, ["search", "--help"], terminal_width=400).output
    flat = " ".join(out.split())
    for f in FIELDS:  # each on a line of its own, with its aliases
        names = f.name + (f" [{', '.join(f.aliases)}]" if f.aliases else "")
        assert re.search(rf"^ +{re.escape(names)}( |$)", out, re.M), f.name
    for name in FACETS:
        assert name in flat
