"""The query language: one parser that respects quotes, into the project's own tree.

Case tables name real queries users write (README's cheat-sheet) and the regressions of
the regex front end it replaced; hypothesis checks that any string gives a tree or a
QueryError, and that printing a tree reads back as the same tree.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cablesearch import CablesearchError, QueryError
from cablesearch.query import (And, Every, Fuzzy, Not, Or, Phrase, Range, Term, Wildcard, parse, parse_query,
                               to_text)

CASES = [
    ("merida initiative", And((Term(None, "merida"), Term(None, "initiative")))),
    ('"garcia luna"~3', Phrase(None, "garcia luna", 3)),
    ("cartel OR narco*", Or((Term(None, "cartel"), Wildcard(None, "narco*")))),
    ("negroponte~", Fuzzy(None, "negroponte")),
    ("negro~2/3", Fuzzy(None, "negro", 2, 3)),
    ("mexico -tags:PGOV", And((Term(None, "mexico"), Not(Term("tags", "PGOV"))))),
    ("mexico NOT tags:PGOV", And((Term(None, "mexico"), Not(Term("tags", "PGOV"))))),
    ("(a OR b) AND c", And((Or((Term(None, "a"), Term(None, "b"))), Term(None, "c")))),
    # juxtaposition binds loosest, as in web search: (a OR b) c
    ("a OR b c", And((Or((Term(None, "a"), Term(None, "b"))), Term(None, "c")))),
    ("a AND b OR c", Or((And((Term(None, "a"), Term(None, "b"))), Term(None, "c")))),
    ("tag:SNAR", Term("tags", "SNAR")),
    ("class:secret", Term("classification", "secret")),
    ("withheld:B7(A)", Term("withheld", "B7(A)")),
    ('marking:"S/NF"', Phrase("marking", "S/NF")),
    ("date:2007..2008", Range("date", "2007", "2008")),
    ("date:[2007-01-01 TO 2008-06-30]", Range("date", "2007-01-01", "2008-06-30")),
    ("date:>=2009-03-01", Range("date", "2009-03-01", None)),
    ("date:<2000", Range("date", None, "2000", False, True)),
    ("year:2007..2009", Range("year", "2007", "2009")),
    ("subject:(a OR b)", Or((Term("subject", "a"), Term("subject", "b")))),
    ("*", Every()),
    ("", Every()),
    # the regex front end rewrote text inside quotes: these phrases could never match
    ('"pro -government rally"', Phrase(None, "pro -government rally")),
    ('subject:"year:2007..2009 review"', Phrase("subject", "year:2007..2009 review")),
]


@pytest.mark.parametrize("text,tree", CASES, ids=[c[0] or "empty" for c in CASES])
def test_cheat_sheet_queries_parse_to_their_trees(text: str, tree) -> None:
    assert parse(text) == tree


def test_body_and_text_follow_the_scope() -> None:
    assert parse("body:police") == Term("body", "police")
    assert parse("body:police", paragraphs=True) == Term("text", "police")
    assert parse("paragraph:police") == Term("body", "police")


BAD = [
    ("tags:", "tags: needs a value"),
    ("tags: PGOV", "tags: needs a value"),
    ("(tags:)", "tags: needs a value"),
    ("title:x", "unknown field title:"),
    ("tagz:PGOV", "did you mean tags:"),
    ('"unbalanced', "unbalanced quote"),
    ("(a OR b", "never closed"),
    ("a OR b)", "no matching"),
    ("a AND", "dangling"),
    ("OR a", "needs a term on each side"),
    ("()", "empty group"),
    ('""', "empty phrase"),
    ("date:[2007 TO", "unclosed range"),
    ("x" * 2001, "too long"),
]


@pytest.mark.parametrize("text,message", BAD, ids=[b[0][:20] for b in BAD])
def test_malformed_queries_are_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as err:
        parse(text)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text", ["date:2007-13", "date:soon", "year:recent", "date:2009..2001"])
def test_bad_dates_are_refused_when_resolved(text: str) -> None:
    with pytest.raises(QueryError):
        parse_query(text)


def test_resolved_dates_use_the_coarsest_number() -> None:
    assert parse_query("date:2000..2008").resolved == Range("year", "2000", "2008")
    assert parse_query("date:2007-12").resolved == Range("month", "200712", "200712")
    assert parse_query("date:2007-12-05").resolved == Range("day", "20071205", "20071205")
    assert parse_query("date:>2007").resolved == Range("year", "2008", None)
    assert parse_query("month:2007-12").resolved == Term("month", "200712")


def test_tags_by_meaning_and_the_citation_graph_resolve() -> None:
    narcotics = parse_query("tags:narcotics").resolved
    assert isinstance(narcotics, Or) and Term("tags", "SNAR") in narcotics.items
    assert parse_query("cited_by:07MEXICO6043").resolved == Term("references", "07MEXICO6043")
    cites = parse_query("references:X", references_of=lambda c: ["08A1", "09B2"]).resolved
    assert cites == Or((Term("id", "08A1"), Term("id", "09B2")))


def test_a_station_written_with_spaces_is_the_short_name_ids_use() -> None:
    # issue 20: `origin:"rio de janeiro"` found 7 cables and `station:"rio de janeiro"` none
    rio = parse_query('station:"rio de janeiro"').resolved
    assert isinstance(rio, Or) and Term("station", "RIODEJANEIRO") in rio.items
    assert parse_query("station:mexico").resolved == Term("station", "mexico")


@pytest.mark.parametrize("text", [c[0] for c in CASES] + [
    "(a b)^2", "a^1.5", "tags:>a]b", "NOT NOT a", 'people:"garcia luna" -station:mexico', "o'neill",
    "12:30", "Note: text", "a~b"])
def test_printing_reads_back_as_the_same_tree(text: str) -> None:
    tree = parse(text)
    assert parse(to_text(tree)) == tree, to_text(tree)


QUERY_ALPHABET = st.sampled_from(list('ab x"()-:*?~^[]{}.<>=/') + ["AND", "OR", "NOT", " AND ", " OR ", " NOT ",
                                                                   "tags:", "date:", "body:", "text:", "year:",
                                                                   "2007", "..", " TO ", "B7(A)", "é"])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=40), st.lists(QUERY_ALPHABET, max_size=12).map("".join)))
@example("TAG:([)]")  # a lone bracket in a group is a word: printed `tags:[ ]`, it read back as a range
@example("body:([)^2")
def test_any_string_is_a_tree_or_a_query_error(text: str) -> None:
    try:
        tree = parse(text)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert parse(to_text(tree)) == tree, to_text(tree)
    for paragraphs in (False, True):
        assert parse(to_text(parse(text, paragraphs=paragraphs)), paragraphs=paragraphs) == \
            parse(text, paragraphs=paragraphs)


def test_a_phrase_keeps_its_words_through_to_the_search(sample_index) -> None:
    """The regex front end turned `"pro -government PMDB"` into the phrase `pro not government pmdb`."""
    from conftest import whoosh_query

    res = sample_index.search('"centrist, pro -government PMDB"')
    assert [h.id for h in res.hits] == ["07SAOPAULO601"]
    assert whoosh_query('subject:"year:2007..2009 review"').words == ["year", "2007", "2009", "review"]
    with pytest.raises(QueryError, match="tags: needs a value"):
        sample_index.search("tags:")


def test_facets_select_what_the_tree_filters_on(sample_index) -> None:
    """Selected values come from the tree: a phrase's text whole, nothing under a NOT."""
    res = sample_index.search('tags:PGOV -tags:PREL station:"mexico"', facets=["tags", "station"])
    assert [v.value for v in res.facets["tags"].values if v.selected] == ["PGOV"]
    assert [v.value.upper() for v in res.facets["station"].values if v.selected] == ["MEXICO"]


@pytest.mark.parametrize("plain, factor", [("embassy", 2), ('"embassy"', 2), ("emb?ssy", 2), ("iran*", 3),
                                           ("khomeyni~1", 3), ('"human rights"', 2), ("subject:embassy", 2)])
def test_a_boost_weighs_every_kind_of_leaf(sample_index, plain: str, factor: int) -> None:
    """`x^N` multiplies x's part of the score by N, for words, one-word phrases, wildcards,
    prefixes and fuzzy words alike (each matched document is found the same)."""
    base = sample_index.search(plain, limit=None)
    boosted = sample_index.search(f"{plain}^{factor}", limit=None)
    assert base.total == boosted.total > 0
    assert [h.id for h in boosted.hits] == [h.id for h in base.hits]
    rel = 1e-9 if sample_index.engine.name == "whoosh" else 1e-6  # Tantivy scores are 32-bit floats
    for a, b in zip(base.hits, boosted.hits):
        assert b.score == pytest.approx(a.score * factor, rel=rel), (plain, a.id)


def test_exclusive_date_ends_leave_out_their_periods(sample_index) -> None:
    """`{a TO b}` leaves out a's and b's periods, like `>a` and `<b`; nothing between them is
    no match, not an error; a start after the end is an error."""
    def ids(q: str) -> set[str]:
        return {h.id for h in sample_index.search(q, limit=None).hits}

    assert ids("date:{1978 TO 1981}") == ids("date:[1979 TO 1980]") == ids("date:>1978 date:<1981")
    assert ids("date:{1978 TO 1981}") and ids("date:[1978 TO 1981]") > ids("date:{1978 TO 1981}")
    assert sample_index.search("date:{1979 TO 1980}").total == 0
    with pytest.raises(QueryError, match="start is after the end"):
        sample_index.search("date:[1981 TO 1978]")
    with pytest.raises(QueryError, match="needs a value"):
        parse("date:>=")


def test_queries_the_old_parser_refused_are_answered(sample_index) -> None:
    """An open-ended date inside a group, and a double NOT (issue 23's reproducers)."""
    grouped = sample_index.search("police (date:>=2009)", limit=None)
    assert grouped.total == sample_index.search("police date:>=2009", limit=None).total > 0
    assert sample_index.search("NOT NOT police").total == sample_index.search("police").total > 0


def test_runaway_patterns_are_bounded(sample_index) -> None:
    """Fuzzy words at most 2 edits away; `**` is every cable, as `*`; a pattern standing for more
    words than the engine's limit is refused with one line naming it."""
    for q in ("the~9", "jimenez~7", "negro~3/1"):
        with pytest.raises(QueryError, match="at most 2"):
            sample_index.search(q)
    assert sample_index.search("**").total == sample_index.search("*").total > 0
    assert sample_index.search("police **").total == sample_index.search("police").total > 0
    assert sample_index.search("police OR *").total == sample_index.search("*").total
    with pytest.raises(QueryError, match=r"\*a\* stands for more than .* make it more specific") as err:
        sample_index.search("*a*")
    assert "\n" not in str(err.value)


def test_a_fuzzy_prefix_longer_than_its_word_is_the_whole_word(sample_index) -> None:
    """`u~1/3` printed a traceback (Whoosh's automaton read past the word): the prefix is the word."""
    for q, same in (("u~1/3", "u~1/1"), ("body:police~2/9", "body:police~2/6"), ("iran~1/4", "iran~1/4")):
        got = sample_index.search(q, paragraphs=True, limit=None)
        assert [h.to_dict() for h in got.hits] == [h.to_dict() for h in sample_index.search(
            same, paragraphs=True, limit=None).hits], q
    assert sample_index.search("iran~1/9", limit=None).total == sample_index.search("iran~1/4", limit=None).total > 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=30), st.lists(QUERY_ALPHABET, max_size=8).map("".join)))
def test_any_query_on_the_sample_index_answers_or_refuses_in_one_line(sample_index, text: str) -> None:
    """Whatever is typed, the search gives results or one QueryError line, never another error."""
    for paragraphs in (False, True):
        try:
            res = sample_index.search(text, paragraphs=paragraphs, limit=3, facets=["tags"])
        except QueryError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert res.total >= len(res.hits)


#: Words of the sample cables, for queries that find things and expand to many words.
SAMPLE_WORDS = ["police", "embassy", "government", "mexico", "human", "rights", "minister", "iran", "the", "of",
                "secret", "cartel", "garcia", "luna", "nuclear", "a", "on"]
_word = st.sampled_from(SAMPLE_WORDS)
#: One piece of a query as users (and attackers) write them: words, wildcards, fuzzy words,
#: phrases near or far, fields, dates, operators and anything at all.
QUERY_PIECE = st.one_of(
    _word,
    st.builds(lambda w, n, tail: w[:n] + tail, _word, st.integers(0, 4), st.sampled_from(["*", "?", "*e*", "?*", "*a"])),
    st.builds(lambda w, d: f"{w}~{d}", _word, st.sampled_from(["", "1", "2", "2/1", "1/9", "3", "9"])),
    st.builds(lambda ws, slop: '"' + " ".join(ws) + '"' + slop, st.lists(_word, min_size=1, max_size=4),
              st.sampled_from(["", "~2", "~10"])),
    st.builds(lambda f, v: f"{f}:{v}", st.sampled_from(["tags", "subject", "body", "people", "station", "year",
                                                        "date", "classification", "marking"]),
              st.one_of(_word, st.sampled_from(["PGOV", "SNAR", "2007", "2000..2008", ">=2009", "[2007 TO 2008]",
                                                "gov*", "S", "mexico~1"]))),
    st.sampled_from(["AND", "OR", "NOT", "-", "(", ")", "*", "**", "^2"]),
    st.text(max_size=6),
)
#: A search's budget in the property below, and how long past it a call may return at most
#: (generous: a search looks at the clock every few milliseconds of work).
BUDGET_S, MARGIN_S = 2.0, 8.0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=30), st.lists(QUERY_PIECE, max_size=8).map(" ".join)))
def test_any_query_on_the_sample_index_answers_or_refuses_within_its_budget(sample_index, text: str) -> None:
    """Whatever is typed, a search with a time budget gives results, or one refusal line (a
    QueryError: unparsable, too many words, or past its budget), and returns within its budget
    and a margin."""
    for paragraphs in (False, True):
        start = time.monotonic()
        try:
            res = sample_index.search(text, paragraphs=paragraphs, limit=3, facets=["tags", "people"],
                                      timeout=BUDGET_S)
        except CablesearchError as exc:
            assert isinstance(exc, QueryError) and exc.exit_code == 2, repr(exc)
            assert str(exc) and "\n" not in str(exc)
        else:
            assert res.total >= len(res.hits)
        assert time.monotonic() - start < BUDGET_S + MARGIN_S, text


@pytest.mark.parametrize("q, message", [("police,tagz:PGOV", "unknown field tagz:"),
                                        ("x!kind:cable", "unknown field kind:"), ("sha1:x", "unknown field sha1:")])
def test_unknown_and_internal_fields_are_refused_wherever_they_stand(q: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as err:
        parse(q)
    assert "object at" not in str(err.value) and "\n" not in str(err.value)


def test_a_field_glued_to_a_word_is_a_field_query() -> None:
    assert parse("police,tags:PGOV") == And((Term(None, "police,"), Term("tags", "PGOV")))
