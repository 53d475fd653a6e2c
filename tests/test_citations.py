"""The citation graph (`refs`): real REF chains of sample_data, walked both ways.

85BEIRUT992 <- 85BEIRUT1013 <- {85BEIRUT1014, 85BEIRUT1351} (cables.csv references)
06BRASILIA2425 <- 06BRASILIA2475 <- 06BRASILIA2532 (REF lines; 2425 also cites 06STATE186511,
which is not in the sample)
"""

from __future__ import annotations

import pytest

from cablesearch import NotFoundError, UsageError
from cablesearch.citations import CableRef, walk


def ids(nodes) -> list[str]:
    return [n.id for n in nodes]


def test_one_step_each_way(sample_index) -> None:
    root = sample_index.refs("85BEIRUT1013")
    assert (root.id, root.in_index, root.depth) == ("85BEIRUT1013", True, 0)
    assert root.date == "1985-02-19T12:37:00Z" and root.subject == 'FURTHER ON HIZBALLAH "MANIFESTO"'
    assert ids(root.cites) == ["85BEIRUT992"]
    assert ids(root.cited_by) == ["85BEIRUT1014", "85BEIRUT1351"]  # oldest first
    assert root.cites[0].in_index and root.cites[0].subject.startswith("HIZBALLAH CALLS")
    assert all(n.depth == 1 and not n.cites and not n.cited_by for n in root.cites + root.cited_by)


def test_chain_to_depth(sample_index) -> None:
    root = sample_index.refs("06BRASILIA2532", depth=3)
    (b2475,) = root.cites
    assert b2475.id == "06BRASILIA2475" and b2475.depth == 1
    assert ids(b2475.cites) == ["06BRASILIA2425", "06STATE186511"]
    b2425, state = b2475.cites
    assert b2425.in_index and not state.in_index and state.date is None
    # 06STATE186511 is cited by both 2475 and 2425: listed again under 2425, not expanded twice
    assert ids(b2425.cites) == ["06STATE186511"] and b2425.cites[0].seen and b2425.cites[0].depth == 3
    assert root.cited_by == ()
    walked = [(d, n.id, n.depth) for d, n in root.walk()]
    assert walked == [("cites", "06BRASILIA2475", 1), ("cites", "06BRASILIA2425", 2),
                      ("cites", "06STATE186511", 3), ("cites", "06STATE186511", 2)]
    shallow = sample_index.refs("06BRASILIA2532", depth=1)
    assert ids(shallow.cites) == ["06BRASILIA2475"] and shallow.cites[0].cites == ()


def test_cited_by_to_depth(sample_index) -> None:
    root = sample_index.refs("06BRASILIA2425", depth=2)
    assert ids(root.cited_by) == ["06BRASILIA2475"]
    assert ids(root.cited_by[0].cited_by) == ["06BRASILIA2532"]


def test_a_cable_not_in_the_index_but_cited(sample_index) -> None:
    root = sample_index.refs("06STATE186511")
    assert not root.in_index and root.cites == ()
    assert ids(root.cited_by) == ["06BRASILIA2425", "06BRASILIA2475"]  # dated first, the undated <pre> copy last
    with pytest.raises(NotFoundError):
        sample_index.refs("99NOWHERE1")
    with pytest.raises(UsageError):
        sample_index.refs("85BEIRUT1013", depth=-1)


def test_depth_zero_is_the_cable_alone(sample_index) -> None:
    root = sample_index.refs("85BEIRUT1013", depth=0)
    assert root.cites == () and root.cited_by == ()


def test_cycles_end() -> None:
    graph = {"A": ("B",), "B": ("C",), "C": ("A",)}
    lookup = lambda cid: CableRef(cid, in_index=True, cites=graph.get(cid, ()))  # noqa: E731
    cited_by = lambda cid: sorted(k for k, v in graph.items() if cid in v)  # noqa: E731
    root = walk("A", lookup, cited_by, depth=10)
    assert [(n.id, n.seen) for _, n in root.walk()] == [("B", False), ("C", False), ("A", True),
                                                        ("C", False), ("B", False), ("A", True)]
    assert root.to_dict()["cites"][0]["cites"][0]["cites"][0] == {
        "id": "A", "date": None, "subject": None, "in_index": True, "depth": 3, "seen": True,
        "cites": [], "cited_by": []}
