"""evaluate() returns what Whoosh's own collector returns: the same documents, in the same
order, with the same scores (to 1e-9: sums may be added in another order)."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from cablesearch.engine.whoosh.evaluate import evaluate, ranked
from conftest import whoosh_query


@pytest.fixture(scope="module")
def sample_index(whoosh_sample_index):
    """This module tests the Whoosh engine's own workings: its index of sample_data only."""
    return whoosh_sample_index

QUERIES = [
    "police", "police reform", "mexico OR brazil", "police AND (mexico OR brazil)", "election NOT tags:PGOV",
    '"human rights"', '"human rights" police', "narco*", "calderon~1", "subject:president", "tags:PGOV",
    "tags:PGOV date:2000..2008", "police -mexico -brazil", "(iran OR iraq) NOT (nuclear OR oil)",
    "people:negroponte", "classification:secret", "president^3 minister", "year:2009 police", "the",
    "NOT police", "zzzznotaword", "police OR zzzznotaword", "(a OR b) c",
    "gov*", "pres*dent", "*tion", "minist?r", "narco* police", "negroponte~2",
]
PARA_QUERIES = ["marking:S", "police marking:C", '"human rights" marking:SBU', "withheld:B1", "the NOT marking:U"]


def _whoosh(searcher, q: wq.Query, allowed=None) -> list[tuple[float, int]]:
    return [(hit.score, hit.docnum) for hit in searcher.search(q, limit=None, filter=allowed)]


def _same(got: list[tuple[float, int]], want: list[tuple[float, int]]) -> None:
    assert [d for _, d in got] == [d for _, d in want]
    for (a, _), (b, _) in zip(got, want):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("text", QUERIES)
def test_cable_scope_equals_whoosh(sample_index, text: str) -> None:
    s = sample_index.engine.searcher()
    q = whoosh_query(text)
    cables = {d for d in s.document_numbers(kind="cable")}
    want = _whoosh(s, q, cables)
    _same(evaluate(s, q, frozenset(cables)), want)
    if text not in ("zzzznotaword", "NOT police"):
        assert want, text  # a query the sample answers


@pytest.mark.parametrize("text", PARA_QUERIES)
def test_paragraph_scope_equals_whoosh(sample_index, text: str) -> None:
    s = sample_index.engine.searcher()
    q = whoosh_query(text, paragraphs=True)
    paras = {d for d in s.document_numbers(kind="para")}
    want = _whoosh(s, q, paras)
    assert want, text
    _same(evaluate(s, q, frozenset(paras)), want)


def test_mask_and_unfiltered(sample_index) -> None:
    s = sample_index.engine.searcher()
    q = whoosh_query("police OR mexico")
    everything = _whoosh(s, q)
    assert len(everything) > 10
    _same(evaluate(s, q), everything)
    masked = {d for _, d in everything[::3]}
    _same(evaluate(s, q, masked=masked), [(sc, d) for sc, d in everything if d not in masked])


@pytest.mark.parametrize("field,word", [("body", "police"), ("subject", "president"), ("tags", "pgov"),
                                        ("text", "the"), ("people", "negroponte")])
def test_a_term_scores_exactly_as_whoosh(sample_index, field: str, word: str) -> None:
    """A single term is read a block at a time with BM25 written out: bit-identical scores."""
    s = sample_index.engine.searcher()
    q = wq.Term(field, word)
    want = _whoosh(s, q)
    assert want
    assert evaluate(s, q) == want


@pytest.mark.parametrize("field,words", [("body", ["human", "rights"]), ("text", ["human", "rights"]),
                                         ("body", ["the", "ambassador", "said"]),
                                         ("body", ["of", "the", "united", "states"]),
                                         ("body", ["human", "zzzznotaword"]),
                                         # the word with more positions first, then second
                                         ("body", ["the", "government"]), ("text", ["government", "of"])])
def test_an_exact_phrase_scores_exactly_as_whoosh(sample_index, field: str, words: list[str]) -> None:
    """Exact phrases are read from their words' blocks (`postings.walk_phrase`), their scores added in
    the order of Whoosh's intersection tree: bit-identical to Whoosh's span matcher."""
    from cablesearch.engine.whoosh.queries import AdjacentPhrase

    s = sample_index.engine.searcher()
    q = AdjacentPhrase(field, words)
    want = _whoosh(s, q)
    assert bool(want) == ("zzzznotaword" not in words)
    assert evaluate(s, q) == want
    assert evaluate(s, wq.Phrase(field, words)) == want  # Whoosh's own phrase: the same answer


@pytest.fixture(scope="module")
def three_segments(tmp_path_factory):
    from cablesearch import CableIndex, build_index
    from tests.conftest import SAMPLE

    path = tmp_path_factory.mktemp("three-segments")
    for sub in ("cablegate-html-2011", "plusd-html", "foia-ocr"):
        build_index([SAMPLE / sub], path, workers=1, prune=False)
    with CableIndex.open(path) as ix:
        yield ix.engine.searcher()


@pytest.mark.parametrize("text", ["police", "police reform", "police mexico", '"human rights" police',
                                  "government NOT mexico", '"the ambassador" said', "narco* police", "gov*"])
def test_several_segments_equal_whoosh(three_segments, text: str) -> None:
    """Offsets between segments: every leaf (a whole walk, a walk among candidates, a phrase)
    maps each segment's documents to the right index-wide numbers."""
    s = three_segments
    assert len(s.reader().leaf_readers()) == 3
    q = whoosh_query(text)
    cables = {d for d in s.document_numbers(kind="cable")}
    want = _whoosh(s, q, cables)
    assert want, text
    _same(evaluate(s, q, frozenset(cables)), want)


@pytest.fixture(scope="module")
def with_deletions(tmp_path_factory):
    """Segments with deleted documents (files edited and removed since the first run): Whoosh
    then wraps every term's postings in a FilterMatcher."""
    import shutil

    from cablesearch import CableIndex, build_index
    from tests.conftest import SAMPLE

    root = tmp_path_factory.mktemp("deletions")
    for sub in ("cablegate-html-2011", "plusd-html", "plaintext-latin1"):
        shutil.copytree(SAMPLE / sub, root / "cables" / sub)
    build_index([root / "cables"], root / "ix", workers=1)
    files = sorted((root / "cables" / "cablegate-html-2011").iterdir())
    for f in files[:4]:
        f.write_bytes(f.read_bytes() + b"\n")
    files[4].unlink()
    build_index([root / "cables"], root / "ix", workers=1)
    with CableIndex.open(root / "ix") as ix:
        yield ix.engine.searcher()


@pytest.mark.parametrize("text", ["police", "government minister", "government NOT mexico", '"human rights"',
                                  '"human rights" government', "the", "embassy OR consulate", "gov*"])
def test_segments_with_deletions_equal_whoosh(with_deletions, text: str) -> None:
    s = with_deletions
    assert s.reader().has_deletions()
    q = whoosh_query(text)
    cables = {d for d in s.document_numbers(kind="cable")}
    want = _whoosh(s, q, cables)
    assert want, text
    got = evaluate(s, q, frozenset(cables))
    _same(got, want)
    assert not any(s.reader().is_deleted(d) for _, d in got)


def test_postings_under_deletions_are_still_read_by_blocks(with_deletions) -> None:
    """A FilterMatcher over a term's postings is no reason to fall back to posting-by-posting."""
    from cablesearch.engine.whoosh.postings import leaf_postings

    s = with_deletions
    context = s.context()
    found = [leaf_postings(wq.Term("body", "the").matcher(sub, context), scored=True)
             for sub, _ in s.leaf_searchers() if sub.reader().has_deletions()]
    assert found and all(p is not None and p[1] for p in found)


@pytest.mark.parametrize("index", ["sample", "three", "deletions"])
def test_doc_ids_are_whooshs_documents(sample_index, three_segments, with_deletions, index: str,
                                       monkeypatch) -> None:
    """Terms and numeric ranges (as their tiers' terms) are read by blocks, never by Whoosh's
    `docs_for_query`, and give its documents."""
    from cablesearch.engine.whoosh.evaluate import doc_ids

    def stepped(q):
        raise AssertionError(f"{q} stepped through by Whoosh's docs_for_query")

    s = {"sample": sample_index.engine.searcher(), "three": three_segments, "deletions": with_deletions}[index]
    for q in (wq.Term("kind", "cable"), wq.Term("kind", "para"), wq.Term("tags", "pgov"), wq.Term("body", "the"),
              wq.Term("marking", "c"), wq.NumericRange("year", 2000, 2008), wq.Term("body", "zzzznotaword"),
              # numeric ranges are read as their tiers' terms: days (tiers of 8 bits), months, open ends
              wq.NumericRange("day", 20060115, 20091231), wq.NumericRange("day", 19700101, None),
              wq.NumericRange("month", 200601, 200912, startexcl=True, endexcl=True),
              wq.NumericRange("year", None, 1979), wq.NumericRange("year", 2030, 2040)):
        want = frozenset(s.docs_for_query(q))
        with monkeypatch.context() as patched:
            patched.setattr(s, "docs_for_query", stepped)  # no step-by-step walk left for these
            assert doc_ids(s, q) == want, q
    assert doc_ids(s, wq.Term("kind", "cable")) and doc_ids(s, wq.NumericRange("day", 20060115, 20091231))


def test_a_wildcard_is_read_term_by_term_by_blocks(sample_index) -> None:
    from cablesearch.engine.whoosh.evaluate import expanded_postings, expands_to_terms

    assert all(expands_to_terms(leaf) for leaf in whoosh_query("narco*").leaves())
    assert all(expands_to_terms(leaf) for leaf in whoosh_query("calderon~1").leaves())
    assert not expands_to_terms(wq.Wildcard("body", "*"))
    from whoosh.query.compound import DefaultOr

    from cablesearch.engine.whoosh.evaluate import union
    from cablesearch.engine.whoosh.postings import walk, walk_blocks

    s = sample_index.engine.searcher()
    sub = s.leaf_searchers()[0][0]
    context = s.context(needs_current=True)  # (else, in a segment this small, Whoosh scores nothing)
    q = wq.Prefix("body", "gov")
    found = expanded_postings(q, sub, context)
    assert found is not None and len(found) > 5  # government, governor, governance…
    assert expanded_postings(wq.Prefix("body", "zzzz"), sub, context) is None
    # Whoosh's own answer for a big segment: an Or of the terms, scored, as a tree of unions
    terms = [wq.Term("body", t) for t in q._btexts(sub.reader())]
    want: dict = {}
    walk(DefaultOr(terms).matcher(sub, context), 0, want)
    parts = []
    for postings in found:
        part: dict = {}
        walk_blocks(*postings, 0, part)
        parts.append(part)
    got = union(parts)
    assert got.keys() == want.keys() and len(got) > 20
    assert all(got[d] == pytest.approx(want[d], rel=1e-9) for d in got)


def test_union_adds_in_query_order_whichever_part_is_largest() -> None:
    """A union copies its largest part and re-sums only the others' documents; each sum is
    still taken in query order, so it is bit-identical to adding part after part."""
    import random

    from cablesearch.engine.whoosh.evaluate import union

    parts = [{1: 0.1}, {1: 0.2, 2: 1.0, 3: 1.5}, {1: 0.3, 3: 0.25}]
    got = union(parts)
    assert got == {1: (0.1 + 0.2) + 0.3, 2: 1.0, 3: 1.5 + 0.25} and got[1] != 0.1 + (0.2 + 0.3)
    rng = random.Random(7)
    for _ in range(50):
        parts = [{d: rng.random() for d in rng.sample(range(60), rng.randint(0, 40))} for _ in range(rng.randint(1, 5))]
        want: dict[int, float] = {}
        for part in parts:
            for d, s in part.items():
                want[d] = want[d] + s if d in want else s
        assert union(parts) == want
    assert union([{}, {}]) == {}


@pytest.mark.parametrize("index", ["sample", "three"])
def test_a_block_head_is_whooshs_docnums_and_weights(sample_index, three_segments, index: str) -> None:
    """`compat.block_head` unpickles a block only up to its positions: the same docnums and
    weights as Whoosh's full read, for every block of common and rare words in text, keyword and
    id fields, and the cut is taken for the blocks that hold four postings or more."""
    from cablesearch.engine.whoosh import compat

    s = {"sample": sample_index.engine.searcher(), "three": three_segments}[index]
    cut = whole = 0
    real_loads = compat.loads

    def counting_loads(b: bytes):
        nonlocal cut, whole
        if b.endswith(b"N\x87."):
            cut += 1
        else:
            whole += 1
        return real_loads(b)

    compat.loads = counting_loads
    try:
        for field, word in [("body", "the"), ("body", "police"), ("text", "government"), ("subject", "mexico"),
                            ("tags", "pgov"), ("kind", "para"), ("body", "negroponte"), ("text", "the"),
                            ("body", "and"), ("text", "said"), ("body", "embassy")]:
            for sub, _ in s.leaf_searchers():
                m = wq.Term(field, word).matcher(sub, s.context())
                if not m.is_active():
                    continue
                leaf = m.child if not hasattr(m, "_read_data") else m
                while leaf.is_active():
                    ids, weights = compat.block_head(leaf)
                    ids, weights = list(ids), list(weights)
                    leaf._read_ids()
                    leaf._read_weights()
                    assert ids == list(leaf._ids) and weights == list(leaf._weights), (field, word)
                    leaf._next_block()
    finally:
        compat.loads = real_loads
    assert cut > 5 and whole > 0


def test_ranked_is_evaluate_as_docnums_and_scores(sample_index) -> None:
    """`ranked` (what searches use: no tuple per match) answers as `evaluate` does."""
    s = sample_index.engine.searcher()
    for text in ("police", "police OR mexico", '"human rights"', "election NOT tags:PGOV"):
        q = whoosh_query(text)
        order, scores = ranked(s, q)
        assert order and set(order) == set(scores) and len(order) == len(scores)
        assert [(scores[d], d) for d in order] == evaluate(s, q)


def test_a_single_position_is_read_from_its_bytes() -> None:
    """A phrase reads a value holding one position straight from Whoosh's encoding (BININT1 or
    BININT2 in the pickle), and leaves any other value to the unpickling path."""
    from whoosh.formats import Positions

    from cablesearch.engine.whoosh.compat import ONE_POSITION, decode_positions, one_position

    encode = Positions().encode
    for pos in (0, 1, 97, 255, 256, 1000, 65535):
        value = encode([pos])
        assert value.startswith(ONE_POSITION) and one_position(value) == pos == list(decode_positions(value))[0]
        assert one_position(value.rstrip(b".")) == pos  # as blocks keep it, without the STOP
    assert one_position(encode([65536])) == -1 and list(decode_positions(encode([65536]))) == [65536]
    for many in ([3, 4], [0, 300, 70000]):
        assert not encode(many).startswith(ONE_POSITION)


@pytest.mark.parametrize("index", ["sample", "three", "deletions"])
def test_a_word_filtered_while_read_equals_the_filter_after(sample_index, three_segments, with_deletions,
                                                             index: str, monkeypatch) -> None:
    """A word's postings filtered by a selective allow-set as they are read (`ranked(..., selective=True)`)
    give exactly the documents, order and scores of the word read whole and filtered after;
    for a single field and a word in five, for sets that keep a few, most, or all of the
    matches (the walk switches to whole blocks once most postings prove to be inside), in
    segments with deleted documents too."""
    import random

    from cablesearch.engine.whoosh import postings

    class Counted(frozenset):
        """An allow-set that counts the look-ups of the filter after (the filter while reading
        intersects whole blocks with it instead)."""

        lookups = 0

        def __contains__(self, d) -> bool:
            type(self).lookups += 1
            return super().__contains__(d)

    def filtered_after(q, allowed) -> bool:
        Counted.lookups = 0
        ranked(s, q, Counted(allowed), selective=True)
        return Counted.lookups > 0

    s = {"sample": lambda: sample_index.engine.searcher(), "three": lambda: three_segments,
         "deletions": lambda: with_deletions}[index]()
    everything = list(range(s.doc_count_all()))
    monkeypatch.setattr(postings, "WITHIN_PROBE", 128)  # the sample's postings are short
    rng = random.Random(7)
    switched = []
    real = postings.walk_blocks

    def spy(*args):
        switched.append(1)
        return real(*args)

    for text, scope in (("police", False), ("the", True), ("the", False), ("mexico", True)):
        q = whoosh_query(text, paragraphs=scope)
        for share in (0.05, 0.5, 0.9, 1.0):
            allowed = frozenset(d for d in everything if rng.random() < share)
            want = ranked(s, q, allowed)
            with monkeypatch.context() as patched:
                patched.setattr(postings, "walk_blocks", spy)
                got = ranked(s, q, allowed, selective=True)
            assert got[0] == want[0] and (got[0] or share < 0.5), (text, share)
            assert [got[1][d].hex() for d in got[0]] == [want[1][d].hex() for d in want[0]]
    assert switched  # `the`, mostly inside: whole blocks once enough postings were read
    # When every posting was filtered while read, `ranked` does not filter again; when some
    # blocks were scored whole, or the query is not a word, it does
    few = frozenset(d for d in everything if d % 20 == 0)
    assert not filtered_after(whoosh_query("police"), few)
    if index == "sample":
        switched.clear()
        with monkeypatch.context() as patched:
            patched.setattr(postings, "walk_blocks", spy)
            assert filtered_after(whoosh_query("the", paragraphs=True), frozenset(everything))
        assert switched
    assert filtered_after(whoosh_query('"human rights"'), frozenset())
