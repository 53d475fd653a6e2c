"""The index schema's analyzer: FoldingTokenizer must give exactly the tokens of the Whoosh chain it
replaces (`RegexTokenizer | LowercaseFilter | CharsetFilter(accent_map)`), or queries and indexes
written before it would disagree."""

from __future__ import annotations

import pytest
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.support.charset import accent_map

from cablesearch.engine.whoosh.schema import LIST_ANALYZER, TEXT_ANALYZER, WORD_PATTERN

CHAIN = RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
#: The keyword analyzer before `FoldFilter`: indexes written then keep it in their schema.
LIST_CHAIN = RegexTokenizer(LIST_ANALYZER.items[0].expression.pattern) | LowercaseFilter() | CharsetFilter(accent_map)


def tokens(analyzer, text: str, **kw) -> list[tuple]:
    return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None))
            for t in analyzer(text, **kw)]


@pytest.mark.parametrize("kw", [{}, {"positions": True}, {"positions": True, "chars": True}, {"mode": "query"},
                                {"tokenize": False}])
def test_same_tokens_as_the_whoosh_chain_on_every_sample_text(sample_records, kw) -> None:
    texts = ["Calderón's ÉLAN naïve İstanbul Straße ﬁnance O’Neil 1.4(b) Ça va", "SECRET ¶3 (S/NF) X-ray"]
    for c in sample_records:
        texts += [c.subject or "", c.raw or "", *(p.text for p in c.paragraphs), *c.people]
    for text in texts:
        assert tokens(TEXT_ANALYZER, text, **kw) == tokens(CHAIN, text, **kw), text[:80]


def test_folds_case_and_accents() -> None:
    assert [t.text for t in TEXT_ANALYZER("García LUNA’s Peña")] == ["garcia", "luna’s", "pena"]


def test_keyword_values_fold_as_the_whoosh_chain(sample_records) -> None:
    values = ["Łódź;GARCÍA, Alan;Straße", "PGOV;PREL;MX"]
    for c in sample_records:
        values += [";".join(c.tags), ";".join(c.people), ";".join(c.country), c.origin or "", ";".join(c.signed_by)]
    for value in values:
        assert tokens(LIST_ANALYZER, value) == tokens(LIST_CHAIN, value), value[:80]
