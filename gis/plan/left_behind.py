"""Boarding places for left-behind children (留守儿童) first: how many of them get a bed, without the
plan and with it, year by year (issue 14, point 7).

Boarding schools are to give left-behind children priority (DOMAIN notes). :func:`left_behind_boarding`
counts, in each year of a reviewed plan (:func:`gis.plan.review.review_plan`), the left-behind
children who must board and how many of them a school's beds take, doing nothing and with the plan;
:func:`beds_first` is its core on plain arrays.

Assumptions (each follows from what the county's tables and the analysis hold):

- The village table counts the left-behind children of school age (6–14) of the base year. A
  village's share of left-behind children (its table count over its children of grades 1–9 in the
  forecast's base year, at most 1) stays the same in later years, and is the same in every grade:
  a year's left-behind children of a cell are that share of the cell's children of the year.
  Cells belong to villages as in the forecast (:attr:`gis.cohorts.CohortProjection.place`).
- Only grades 4–9 may board (grades 1–3 do not, 国办发〔2018〕27号); a group of older grades
  boards in a cell when its trip is beyond the group's day-travel rule (as
  :attr:`gis.analysis.LevelAnalysis.boarding_demand` counts boarders). The school and trip of a
  cell's group are the assignment's (:attr:`~gis.analysis.LevelAnalysis.assigned_school`, its
  children-weighted mean trip :attr:`~gis.analysis.LevelAnalysis.assigned_minutes`) when that
  school teaches the group's grades; else (the cell's main school a teaching point of grades 1–3)
  the group's nearest school teaching them and the trip to it. Children the assignment left
  without a seat (the cell's overflow, in proportion) board nowhere.
- At each school the beds go to left-behind boarders first: those with a bed are
  ``min(beds, left-behind boarders at the school)``; beds are not moved between schools.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from gis.errors import InputError, Problem
from gis.messages import text

if TYPE_CHECKING:
    import pandas as pd

    from gis.analysis import Analysis
    from gis.cohorts import CohortProjection
    from gis.plan.review import PlanReview

#: The columns of ``left_behind.csv``.
LEFT_BEHIND_COLUMNS = ("year", "situation", "left_behind_boarders", "with_bed", "without_bed", "beds")
#: The two states of each year: doing nothing and the plan.
SITUATIONS = ("baseline", "plan")
#: The group of grades that never boards.
_DAY_ONLY = "grades_1_3"


class PlaceCounts(Protocol):
    """Left-behind children per place of a project (:class:`gis.importing.left_behind.LeftBehind`)."""

    @property
    def places(self) -> tuple[str, ...]: ...

    @property
    def children(self) -> np.ndarray: ...


@dataclass(frozen=True, eq=False)
class BedShare:
    """Per school: the left-behind children who board there and how many of them have a bed."""

    boarders: np.ndarray
    got: np.ndarray

    @property
    def without(self) -> np.ndarray:
        """Left-behind boarders of each school without a bed."""
        return self.boarders - self.got


def beds_first(
    children: np.ndarray,
    boarding: np.ndarray,
    school: np.ndarray,
    beds: np.ndarray,
    left_behind: np.ndarray,
) -> BedShare:
    """Each school's beds given to its left-behind boarders first.

    Rows are cells (or a cell's group of grades): ``children`` who may board, the ``boarding`` share
    of them who must (0–1), the ``school`` they would board at (row of ``beds``; -1 none) and the
    ``left_behind`` children among them (at most ``children``: more are cut to it). The left-behind
    children board in the same share as the others.

    Parameters
    ----------
    children, boarding, school, left_behind
        One value per row.
    beds
        Boarding beds of each school.

    Returns
    -------
    Per school, the left-behind boarders and those with a bed: ``min(beds, boarders)``.

    Raises
    ------
    ValueError
        If the row arrays differ in length or a school is out of range.
    """
    children = np.asarray(children, dtype=float)
    rows = children.shape
    if any(np.shape(a) != rows for a in (boarding, school, left_behind)):
        raise ValueError("children, boarding, school and left_behind need one value per row")
    beds = np.asarray(beds, dtype=float)
    school = np.asarray(school, dtype=np.int64)
    if school.size and school.max() >= beds.size:
        raise ValueError("a school beyond the beds' schools")
    left = np.minimum(np.clip(np.asarray(left_behind, dtype=float), 0.0, None), np.clip(children, 0.0, None))
    boards = left * np.clip(np.asarray(boarding, dtype=float), 0.0, 1.0)
    at = school >= 0
    boarders = np.bincount(school[at], weights=boards[at], minlength=beds.size).astype(float)
    return BedShare(boarders, np.minimum(np.clip(beds, 0.0, None), boarders))


@dataclass(frozen=True, eq=False)
class LeftBehindBoarding:
    """One year, doing nothing (``baseline``) or with the plan: per school (``school_ids``) its
    ``beds``, left-behind ``boarders`` and those of them with a bed (``got``)."""

    year: int
    situation: str
    school_ids: tuple[str, ...]
    beds: np.ndarray
    boarders: np.ndarray
    got: np.ndarray

    @property
    def left_behind_boarders(self) -> float:
        """The county's left-behind children who must board."""
        return float(self.boarders.sum())

    @property
    def with_bed(self) -> float:
        """Of them, those a school's beds take."""
        return float(self.got.sum())

    @property
    def without_bed(self) -> float:
        """Of them, those without a bed."""
        return self.left_behind_boarders - self.with_bed


@dataclass(frozen=True, eq=False)
class LeftBehindResult:
    """Left-behind boarders and their beds for each year of a plan, doing nothing and with the plan."""

    rows: tuple[LeftBehindBoarding, ...]
    notes: tuple[str, ...] = ()

    def get(self, year: int, situation: str) -> LeftBehindBoarding:
        """The row of a year and situation.

        Raises
        ------
        KeyError
            If there is no such row.
        """
        for row in self.rows:
            if row.year == year and row.situation == situation:
                return row
        raise KeyError((year, situation))

    def table(self) -> pd.DataFrame:
        """``left_behind.csv``: one row per year and situation (the columns of :data:`LEFT_BEHIND_COLUMNS`)."""
        import pandas as pd

        return pd.DataFrame(
            [
                (r.year, r.situation, r.left_behind_boarders, r.with_bed, r.without_bed, float(r.beds.sum()))
                for r in self.rows
            ],
            columns=list(LEFT_BEHIND_COLUMNS),
        )


def left_behind_boarding(review: PlanReview, left: PlaceCounts) -> LeftBehindResult:
    """The left-behind children who must board and how many get a bed, per year of a reviewed plan,
    doing nothing and with the plan (assumptions: see the module's notes).

    Parameters
    ----------
    review
        The plan's years analysed without and with it (:func:`gis.plan.review.review_plan`).
    left
        Left-behind children per place of the plan's project
        (:func:`gis.importing.left_behind.read_left_behind`).

    Returns
    -------
    Per year and situation, per school and in all; notes on villages whose table counts more
    left-behind children than they have children (taken as all of them) and on villages with
    left-behind children but no children on the grid (not counted).

    Raises
    ------
    InputError
        If the table was matched to other places than the project's.
    """
    if not review.years:
        return LeftBehindResult(())
    project = review.years[0].baseline.project
    names = tuple(project.places["name"].astype(str))
    if tuple(left.places) != names:
        raise InputError(
            Problem(
                text("the left-behind children were matched to other places than the project's"),
                layer="places",
                fix=text("read the left-behind table again with this project"),
            )
        )
    rate, notes = _shares(review.plan.forecast.projection, np.asarray(left.children, dtype=float), names)
    rows = []
    for year in review.years:
        for situation, analysis in zip(SITUATIONS, (year.baseline, year.plan), strict=True):
            rows.append(_year(analysis, rate, year.year, situation))
    return LeftBehindResult(tuple(rows), notes)


def _shares(
    projection: CohortProjection, left: np.ndarray, names: tuple[str, ...]
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Each cell's share of left-behind children: its village's table count over the village's
    children of the base year (at most 1)."""
    place = projection.place
    base = projection.grades[0].sum(axis=1)
    known = place >= 0
    children = np.bincount(place[known], weights=base[known], minlength=left.size)[: left.size]
    share = np.divide(left, children, out=np.zeros(left.size), where=children > 0)
    notes = []
    over = np.flatnonzero(share > 1.0)
    if over.size:
        listed = ", ".join(f"{names[p]} ({left[p]:,.0f} of {children[p]:,.0f})" for p in over[:8].tolist())
        more = text(" and {size} more", size=over.size - 8) if over.size > 8 else ""
        notes.append(
            text(
                "{size} place(s) with more left-behind children than children of 6-14 on the grid in "
                "{base_year}: all their children taken as left behind ({listed}{more})",
                size=over.size,
                base_year=projection.base_year,
                listed=listed,
                more=more,
            )
        )
    orphan = np.flatnonzero((children <= 0) & (left > 0))
    if orphan.size:
        listed = ", ".join(names[p] for p in orphan[:8].tolist())
        more = text(" and {size} more", size=orphan.size - 8) if orphan.size > 8 else ""
        notes.append(
            text(
                "{count:,.0f} left-behind children of {size} place(s) without children on the grid "
                "not counted ({listed}{more})",
                count=left[orphan].sum(),
                size=orphan.size,
                listed=listed,
                more=more,
            )
        )
    cell = np.where(known, np.minimum(share, 1.0)[np.maximum(place, 0)], 0.0)
    return cell, tuple(notes)


def _year(analysis: Analysis, rate: np.ndarray, year: int, situation: str) -> LeftBehindBoarding:
    """One analysed year: the rows of every cell and group of grades 4–9, then :func:`beds_first`."""
    schools = analysis.project.schools
    beds = schools["boarding_beds"].to_numpy(dtype=float)
    nothing = np.zeros(0)
    children, boarding, school, left = [nothing], [nothing], [nothing.astype(np.int64)], [nothing]
    for level in analysis.levels.values():
        cells = level.cells
        with np.errstate(invalid="ignore", divide="ignore"):
            placed = np.clip(np.where(level.children > 0, 1.0 - level.overflow / level.children, 0.0), 0.0, 1.0)
        assigned = level.assigned_school
        for group in level.groups:
            if group.name == _DAY_ONLY:
                continue
            own = (assigned >= 0) & np.isin(assigned, group.eligible)
            where = np.where(own, assigned, group.school)
            trip = np.where(own, level.assigned_minutes, group.minutes)
            kids = group.children * placed
            children.append(kids)
            boarding.append(((where >= 0) & np.isfinite(trip) & (trip > group.threshold_min)).astype(float))
            school.append(where)
            left.append(rate[cells] * kids)
    join = np.concatenate
    share = beds_first(join(children), join(boarding), join(school), beds, join(left))
    return LeftBehindBoarding(year, situation, tuple(schools["school_id"].astype(str)), beds, share.boarders, share.got)
