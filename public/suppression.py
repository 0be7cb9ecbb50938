"""Minimum-group suppression for everything the public site publishes, differencing included.

A published figure describes a *group* of facilities (a cell: an industry, a size class, a
commune, …). A cell of 1–2 facilities would let a reader read off one enterprise's figures, so
it is hidden (*primary* suppression). Hiding it is not enough when the cell is one part of a
total that is also shown: total − the visible parts gives the hidden part back. So the engine
also hides further cells (*secondary* suppression) until, for every additive relation
``total = part₁ + part₂ + …`` the publication contains,

1. no hidden cell of 1–2 facilities is determined by the published cells through the relations
   (exactly: its unit vector lies in the row space of the constraint matrix restricted to the
   hidden cells — tested with the null space, so chains of relations and two-dimensional tables
   with both margins are covered, not only one subtraction), and
2. no relation leaves a *group* of hidden parts whose sum is determined and whose facilities,
   together, number 1–2 (two hidden cells of one facility each, next to a visible total, would
   give that pair away).

Parts that are never published ("size class not recorded", "no industry code") are hidden
cells from the start, so a reader cannot recover them as "total − all visible parts".

Each cell carries the *set* of facilities behind it, not just a count: a facility with options
in two categories counts once in a group made of both. Relations are modelled as linear for
every measure (sums and option counts are; distinct-facility counts over overlapping parts are
not, which only makes the test stricter). A cell of 0 facilities is published as 0: it describes
no one. The whole publication is suppressed at once, with every filter combination a reader can
ask for in the same system, so that no pair of pages differs by a small group.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

EPS = 1e-9


def min_group() -> int:
    """The smallest group of facilities a published figure may describe (settings, default 3)."""
    return int(getattr(settings, "PUBLIC_MIN_GROUP", 3))


@dataclass
class Publication:
    """Cells (key → the facilities behind it) and the additive relations between them."""

    cells: dict[Hashable, frozenset] = field(default_factory=dict)
    relations: list[tuple[Hashable, tuple[Hashable, ...]]] = field(default_factory=list)
    unpublished: set = field(default_factory=set)
    #: cells shown elsewhere whatever this engine decides (the home's province totals): never
    #: chosen for secondary suppression, so the protection does not rely on hiding them
    fixed: set = field(default_factory=set)

    def cell(self, key: Hashable, members: Iterable = ()) -> Hashable:
        self.cells[key] = self.cells.get(key, frozenset()) | frozenset(members)
        return key

    def relate(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        parts = tuple(parts)
        for key in (total, *parts):
            self.cells.setdefault(key, frozenset())
        self.relations.append((total, parts))

    def publish_always(self, key: Hashable) -> None:
        self.cells.setdefault(key, frozenset())
        self.fixed.add(key)

    def hide_always(self, key: Hashable) -> None:
        self.cells.setdefault(key, frozenset())
        self.unpublished.add(key)


def _row_space(matrix: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the row space of ``matrix`` (rank × n_columns)."""
    if matrix.shape[1] == 0 or matrix.shape[0] == 0 or not matrix.any():
        return np.zeros((0, matrix.shape[1]))
    _u, s, vh = np.linalg.svd(matrix, full_matrices=False)
    rank = int((s > 1e-9 * s.max()).sum())
    return vh[:rank]


class _Solver:
    def __init__(self, pub: Publication, minimum: int):
        self.pub = pub
        self.minimum = minimum
        self.keys = list(pub.cells)
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.matrix = np.zeros((len(pub.relations), len(self.keys)))
        for r, (total, parts) in enumerate(pub.relations):
            self.matrix[r, self.index[total]] += 1
            for p in parts:
                self.matrix[r, self.index[p]] -= 1
        self.member_of: dict[Hashable, list[int]] = {}
        for r, (total, parts) in enumerate(pub.relations):
            for key in (total, *parts):
                self.member_of.setdefault(key, []).append(r)

    def small(self, members: frozenset) -> bool:
        return 0 < len(members) < self.minimum

    def violations(self, hidden: set) -> list[list[Hashable]]:
        """For each leak, the visible cells one of which must be hidden too (empty: safe).

        A hidden cell ``i`` is determined by the visible ones iff its unit vector lies in the row
        space of the relations restricted to the hidden cells; a sum over hidden cells likewise.
        """
        order = [k for k in self.keys if k in hidden]
        if not order:
            return []
        position = {k: i for i, k in enumerate(order)}
        basis = self._basis(order)

        def determined(vector: np.ndarray) -> bool:
            norm = float(vector @ vector)
            return norm - float(((basis @ vector) ** 2).sum()) < 1e-7 * max(norm, 1.0)

        leaks = []
        for k in order:
            if not self.small(self.pub.cells[k]):
                continue
            vector = np.zeros(len(order))
            vector[position[k]] = 1
            if determined(vector):
                candidates = []
                for r in self.member_of.get(k, []):
                    total, parts = self.pub.relations[r]
                    candidates += [p for p in (*parts, total) if p not in hidden]
                leaks.append(candidates or self.visible(hidden))
        for total, parts in self.pub.relations:
            hidden_parts = [p for p in parts if p in hidden]
            if len(hidden_parts) < 2:
                continue  # one hidden part is the single-cell test above
            group = frozenset().union(*(self.pub.cells[p] for p in hidden_parts))
            if not self.small(group):
                continue
            vector = np.zeros(len(order))
            for p in hidden_parts:
                vector[position[p]] = 1
            if determined(vector):
                leaks.append(
                    [p for p in (*parts, total) if p not in hidden] or self.visible(hidden)
                )
        return leaks

    def _basis(self, order: list) -> np.ndarray:
        columns = [self.index[k] for k in order]
        sub = self.matrix[:, columns]
        return _row_space(sub[np.any(sub != 0, axis=1)])

    def visible(self, hidden: set) -> list[Hashable]:
        """Fallback: every visible cell that takes part in a relation."""
        return [k for k in self.keys if k not in hidden and k in self.member_of]


def suppress(pub: Publication, minimum: int | None = None) -> set:
    """The keys to hide (primary and secondary; the never-published parts included).

    Secondary choice: the visible cell with the fewest facilities among the relation's parts
    (its total only when no part is left), so the least information is withdrawn.
    """
    minimum = min_group() if minimum is None else minimum
    solver = _Solver(pub, minimum)
    hidden = set(pub.unpublished) | {k for k, m in pub.cells.items() if solver.small(m)}
    parts_of = {p for _t, parts in pub.relations for p in parts}

    def cost(c):
        return (c not in parts_of, not pub.cells[c], len(pub.cells[c]), str(c))

    while True:
        # every leak found in one pass gets its cheapest extra cell; then look again
        choices = {
            min(candidates, key=cost) for candidates in solver.violations(hidden) if candidates
        }
        if not choices:
            return hidden
        hidden |= choices
