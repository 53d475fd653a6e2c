"""The citation graph: what a cable cites (its REF lines) and what cites it.

Reconstructing a story means walking REF chains by hand: 85BEIRUT1351 cites
85BEIRUT1013, which cites 85BEIRUT992. `walk` does it to any depth, in both
directions, from two look-ups the index provides — so this module knows the
shape of the graph and nothing of Whoosh.

Each direction is its own tree: under `cites` every node lists what it cites,
under `cited_by` what cites it. A cable met a second time (a cycle, or two
paths to it) is listed again with ``seen`` set and not expanded, so the trees
stay finite and every edge is still shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CableRef:
    """A cable as the graph shows it; ``in_index`` False for one known only from a REF line."""

    id: str
    date: str | None = None
    subject: str | None = None
    in_index: bool = False
    cites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RefNode:
    id: str
    date: str | None
    subject: str | None
    in_index: bool
    depth: int
    seen: bool = False
    cites: tuple["RefNode", ...] = field(default_factory=tuple)
    cited_by: tuple["RefNode", ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.date, "subject": self.subject, "in_index": self.in_index,
                "depth": self.depth, "seen": self.seen, "cites": [n.to_dict() for n in self.cites],
                "cited_by": [n.to_dict() for n in self.cited_by]}

    def walk(self) -> Iterator[tuple[str, "RefNode"]]:
        """Every node below this one, depth first, with its direction ("cites"/"cited_by")."""
        for direction in ("cites", "cited_by"):
            stack = [(direction, n) for n in reversed(getattr(self, direction))]
            while stack:
                d, node = stack.pop()
                yield d, node
                stack.extend((d, n) for n in reversed(getattr(node, d)))


def walk(cable_id: str, lookup: Callable[[str], CableRef], cited_by: Callable[[str], list[str]],
         depth: int = 1) -> RefNode:
    """The graph around `cable_id` to `depth` steps each way.

    `lookup(id)` describes a cable (with what it cites); `cited_by(id)` lists
    the ids of cables that cite it. A cable reached twice is expanded where it
    is nearest the root (breadth first) and marked ``seen`` elsewhere.
    """
    refs: dict[str, CableRef] = {}

    def ref(cid: str) -> CableRef:
        if cid not in refs:
            refs[cid] = lookup(cid)
        return refs[cid]

    def tree(direction: str) -> tuple[RefNode, ...]:
        step = (lambda cid: ref(cid).cites) if direction == "cites" else (lambda cid: tuple(cited_by(cid)))
        children: dict[str, tuple[str, ...]] = {}
        first: dict[str, tuple[str, int]] = {root.id: ("", 0)}  # id -> (parent, level) where it is expanded
        frontier = [root.id]
        for level in range(1, depth + 1):
            nxt = []
            for parent in frontier:
                children[parent] = tuple(step(parent))
                for child in children[parent]:
                    if child not in first:
                        first[child] = (parent, level)
                        nxt.append(child)
            frontier = nxt

        def build(cid: str, parent: str, level: int) -> RefNode:
            r = ref(cid)
            expanded = first.get(cid) == (parent, level)
            kids = tuple(build(c, cid, level + 1) for c in children.get(cid, ())) if expanded else ()
            return RefNode(r.id, r.date, r.subject, r.in_index, level, not expanded, **{direction: kids})

        return tuple(build(c, root.id, 1) for c in children.get(root.id, ()))

    root = ref(cable_id)
    return RefNode(root.id, root.date, root.subject, root.in_index, 0, False, tree("cites"), tree("cited_by"))
