"""Where the pupils of a school the plan closes go: the arrows of the plan's maps.

:func:`receivers` reads a :class:`~gis.plan.review.PlanReview`: for every school the plan closes,
merges into another or turns into a teaching point, the school that receives most of its children
in the year it happens, from the full analyses of that year without and with the plan (the
capacity-aware assignment of each, cell by cell), not from the plan model's grouped children.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from gis.analysis import serves

if TYPE_CHECKING:
    from gis.analysis import Analysis
    from gis.plan.review import PlanReview

#: Kinds of :class:`Move`: the school is gone (closed, or merged into another school), or it keeps
#: its lower grades as a teaching point and sends its older pupils on.
MOVE_KINDS = ("closed", "teaching_point")


@dataclass(frozen=True)
class Move:
    """The pupils of a school the plan closes (or cuts back to a teaching point) in a year, and the
    school that receives most of them.

    ``children`` are the children of the cells the school served in that year without the plan
    whose main school with the plan is ``to_id`` (for a teaching point: those whose main school is
    no longer the teaching point, or, where none is, its older grades); ``x0, y0`` the school,
    ``x1, y1`` the receiving school, in the project's CRS; ``kind`` one of :data:`MOVE_KINDS`.
    """

    year: int
    school_id: str
    school_name: str
    to_id: str
    to_name: str
    children: float
    x0: float
    y0: float
    x1: float
    y1: float
    kind: str = "closed"


def receivers(review: PlanReview) -> list[Move]:
    """The receiving school of every school the plan closes, merges away or turns into a teaching point.

    A school is closed in the first year of the review whose plan state no longer has it (closed,
    or merged into another school); it becomes a teaching point in the first year whose plan state
    teaches fewer of its grades (``grade_max`` fell). For each, the cells whose capacity-aware
    assignment in that year's analysis without the plan (``baseline``) has the school as their
    main school (:attr:`gis.analysis.LevelAnalysis.assigned_school`, both levels) are followed into
    the analysis with the plan (``plan``), and their children weighted by their main school there;
    the school with the most is the receiver. Schools are matched between the two analyses by
    ``school_id``, cells by their population row. The school itself never receives; for a teaching
    point only a school teaching the grades it gave up does (cells whose main school with the plan
    is the teaching point, or another school of the lower grades, are left out), and when no cell
    goes to one, the older grades' nearest such school with the plan (the groups of the level
    beyond the new ``grade_max``, weighted by those grades' children) is the receiver.

    A school none of whose cells is placed anywhere with the plan (or that served no cell that
    year) has no move.

    Parameters
    ----------
    review
        The plan's review (:func:`gis.plan.review.review_plan`).

    Returns
    -------
    The moves, by year and then school code; each school at most once (in the year it happens).
    """
    moves: list[Move] = []
    done: set[str] = set()
    for year_review in review.years:
        base, plan = year_review.baseline, year_review.plan
        before = base.project.schools
        after = plan.project.schools
        after_ids = after["school_id"].astype(str).tolist()
        after_row = {sid: k for k, sid in enumerate(after_ids)}
        before_ids = before["school_id"].astype(str).tolist()
        grade_before = before["grade_max"].to_numpy(dtype=int)
        grade_after = after["grade_max"].to_numpy(dtype=int)
        found: list[Move] = []
        for row, sid in enumerate(before_ids):
            if sid in done:
                continue
            if sid not in after_row:
                kind = "closed"
            elif grade_after[after_row[sid]] < grade_before[row]:
                kind = "teaching_point"
            else:
                continue
            done.add(sid)
            own = after_row.get(sid, -1)
            if kind == "closed":
                weights = _followed(base, plan, row, np.ones(len(after), dtype=bool))
            else:
                # Only a school teaching the grades the teaching point gave up receives its pupils.
                takes = serves(after, int(grade_after[own]) + 1)
                takes[own] = False
                weights = _followed(base, plan, row, takes) or _older_grades(
                    base, plan, row, takes, int(grade_after[own])
                )
            if not weights:
                continue
            to = max(sorted(weights), key=lambda k: weights[k])
            found.append(
                Move(
                    year=year_review.year,
                    school_id=sid,
                    school_name=str(before["name"].iloc[row]),
                    to_id=after_ids[to],
                    to_name=str(after["name"].iloc[to]),
                    children=float(weights[to]),
                    x0=float(before.geometry.iloc[row].x),
                    y0=float(before.geometry.iloc[row].y),
                    x1=float(after.geometry.iloc[to].x),
                    y1=float(after.geometry.iloc[to].y),
                    kind=kind,
                )
            )
        moves += sorted(found, key=lambda m: m.school_id)
    return moves


def _cells_of(base: Analysis, plan: Analysis, level: str, row: int) -> tuple[np.ndarray, np.ndarray]:
    """The baseline cells of a level whose main school is ``row``: their children, and their positions
    in the plan analysis's cells (-1 where it has not the cell; both lists of cells are sorted
    population rows)."""
    lb = base.levels[level]
    cells_after = plan.levels[level].cells
    mine = np.flatnonzero(lb.assigned_school == row)
    cells = lb.cells[mine]
    pos = np.searchsorted(cells_after, cells)
    ok = pos < cells_after.size
    ok[ok] = cells_after[pos[ok]] == cells[ok]
    return lb.children[mine], np.where(ok, pos, -1)


def _followed(base: Analysis, plan: Analysis, row: int, takes: np.ndarray) -> dict[int, float]:
    """Children of the school's baseline cells by their main school with the plan (rows of the plan's
    schools), the schools that may receive (``takes``) only."""
    weights: dict[int, float] = {}
    for level in base.levels:
        if level not in plan.levels:
            continue
        children, pos = _cells_of(base, plan, level, row)
        to = np.where(pos >= 0, plan.levels[level].assigned_school[np.maximum(pos, 0)], -1)
        keep = to >= 0
        keep[keep] = takes[to[keep]]
        for school, weight in zip(to[keep].tolist(), children[keep].tolist(), strict=True):
            weights[school] = weights.get(school, 0.0) + weight
    return {k: v for k, v in weights.items() if v > 0}


def _older_grades(base: Analysis, plan: Analysis, row: int, takes: np.ndarray, grade_max: int) -> dict[int, float]:
    """Children of the grades a teaching point no longer teaches, by their nearest school with the plan."""
    weights: dict[int, float] = {}
    for level in base.levels:
        if level not in plan.levels:
            continue
        _, pos = _cells_of(base, plan, level, row)
        for group in plan.levels[level].groups:
            if min(group.grades) <= grade_max:
                continue
            to = np.where(pos >= 0, group.school[np.maximum(pos, 0)], -1)
            amount = np.where(pos >= 0, group.children[np.maximum(pos, 0)], 0.0)
            keep = to >= 0
            keep[keep] = takes[to[keep]]
            for school, weight in zip(to[keep].tolist(), amount[keep].tolist(), strict=True):
                weights[school] = weights.get(school, 0.0) + weight
    return {k: v for k, v in weights.items() if v > 0}
