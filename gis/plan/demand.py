"""The children a county plan serves, year by year, grouped so that the plan model stays small.

A plan model cannot carry every populated cell of a county for every year: the cells are
grouped in two ways, each exact for what it decides.

- **Assignment units**: the children of a group of grades (1–3, 4–6, 7–9) living in one square
  block of the grid (``block_m``, 1 km by default) go to schools together. A unit's trip to a
  facility is the children-weighted mean trip of its cells that reach the facility among their
  nearest; a unit keeps its ``options`` nearest facilities. Seats, classes, beds and the travel
  total are decided on units.
- **School units**: the pupils a school has in the school census beyond the children the grid
  gives it (children of other villages, migrant children: the county seat's over-full schools),
  who go to that school or to a school within their group's day-travel rule of it; the children of
  the cells of a school with fewer pupils recorded than the grid gives it count at the census's
  figure (see :func:`census_calibration`).
- **Cover units** (grades 1–3): the cells whose day schools within the walking rule (30 minutes)
  are the same facilities. The 30-minute rule is decided on these, cell-exact: a cell within the
  rule today stays within it in every year, and a cell beyond it is brought within only by a
  facility that truly is within 30 minutes of it.

The facilities are the project's schools followed by the plan's candidate sites.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp

    from gis.network import RoutingNetwork
    from gis.standards import Standards

#: The groups of grades a plan assigns: name, level, first and last grade.
PLAN_GROUPS: tuple[tuple[str, str, int, int], ...] = (
    ("grades_1_3", "primary", 1, 3),
    ("grades_4_6", "primary", 4, 6),
    ("grades_7_9", "junior", 7, 9),
)


@dataclass(frozen=True, eq=False)
class GroupUnits:
    """The assignment units of one group of grades.

    ``children[t, u]`` are the children of unit ``u`` in year ``t``; the unit's options are the
    pairs ``pair_unit``/``pair_facility``/``pair_minutes`` (sorted by unit); ``boards`` marks the
    pairs beyond the group's day-travel rule where its pupils would board (never for grades 1–3).
    ``unreachable[t]`` counts the group's children who reach no facility at all. The units from
    ``n_cell_units`` on are school units (pupils recorded beyond the grid's children).
    """

    name: str
    level: str
    mode: str
    threshold_min: float
    may_board: bool
    children: np.ndarray
    pair_unit: np.ndarray
    pair_facility: np.ndarray
    pair_minutes: np.ndarray
    unreachable: np.ndarray
    n_cell_units: int = -1

    @property
    def boards(self) -> np.ndarray:
        """Whether each pair's pupils board (the trip is beyond the rule of a group that may board)."""
        board = self.may_board & (self.pair_minutes > self.threshold_min + 1e-9)
        if self.n_cell_units >= 0:
            board &= self.pair_unit < self.n_cell_units
        return board


@dataclass(frozen=True, eq=False)
class CoverUnits:
    """Grade 1–3 cells grouped by their day schools within the walking rule.

    ``cover`` (units × facilities) marks the facilities within the rule of each unit;
    ``children[t, v]`` are the grade 1–3 children of unit ``v`` in year ``t``; ``within_today``
    whether one of today's schools is within the rule; ``cell_unit`` the unit of each grade 1–3
    cell (row of ``cells``).
    """

    cover: sp.csr_matrix
    children: np.ndarray
    within_today: np.ndarray
    cells: np.ndarray
    cell_unit: np.ndarray


@dataclass(frozen=True, eq=False)
class PlanDemand:
    """Every year's children of a plan, in assignment and cover units.

    ``reach`` holds, per group of grades, the cells grouped by the facilities within the longest
    trip (``assignment.max_travel_min``) as cover units: a cell that reaches a school today keeps
    one within reach in every year (no child loses every school, cell by cell).
    """

    years: tuple[int, ...]
    groups: tuple[GroupUnits, ...]
    cover: CoverUnits
    reach: dict[str, CoverUnits] = field(default_factory=dict)

    def group(self, name: str) -> GroupUnits:
        """The units of a group of grades by name."""
        return next(g for g in self.groups if g.name == name)


def group_children(population: object, name: str) -> np.ndarray:
    """The children of a group of grades per cell of a year's population layer (with ``grades_1_3``)."""
    import pandas as pd

    frame = population if isinstance(population, pd.DataFrame) else pd.DataFrame(population)
    primary = frame["primary"].to_numpy(dtype=float)
    lower = np.clip(frame["grades_1_3"].to_numpy(dtype=float), 0.0, primary)
    if name == "grades_1_3":
        return lower
    if name == "grades_4_6":
        return primary - lower
    return frame["junior"].to_numpy(dtype=float)


def build_demand(
    *,
    years: tuple[int, ...],
    children: dict[str, np.ndarray],
    cover_children: np.ndarray | None = None,
    cell_x: np.ndarray,
    cell_y: np.ndarray,
    facility_x: np.ndarray,
    facility_y: np.ndarray,
    eligible: dict[str, np.ndarray],
    today: np.ndarray,
    networks: dict[str, RoutingNetwork],
    standards: Standards,
    block_m: float = 1000.0,
    options: int | None = None,
) -> PlanDemand:
    """Group the children of every year into assignment and cover units.

    Parameters
    ----------
    years
        The plan's years.
    children
        Per group name, the children of each cell and year (years × cells).
    cover_children
        The grade 1–3 children of each cell and year for the walking rule (every child counts
        there); by default ``children["grades_1_3"]``.
    cell_x, cell_y
        The cells' centres.
    facility_x, facility_y
        The facilities' points: the project's schools, then the candidate sites.
    eligible
        Per group name, whether each facility can teach the group's grades (before any action).
    today
        Whether each facility is a school today (not a candidate site).
    networks
        The compiled road network of each travel mode.
    standards
        The rules: each group's travel mode and rule, the longest trip and the nearest schools kept.
    block_m
        The side of the square blocks whose children form one assignment unit, in metres.
    options
        Facilities kept per assignment unit; by default the rules' ``assignment.nearest_schools``.
    """
    from gis.travel import travel_matrix

    keep = options or standards.nearest_schools
    block = blocks(cell_x, cell_y, block_m)
    groups = []
    cover: CoverUnits | None = None
    reach: dict[str, CoverUnits] = {}
    for name, level, _lo, _hi in PLAN_GROUPS:
        if name == "grades_1_3":
            mode, threshold, may_board = "walk", standards.grade1_3_max_min, False
        else:
            rule = standards.level(level)
            mode, threshold, may_board = rule.mode, rule.threshold_min, True
        kids = children[name]
        counted = kids if (name != "grades_1_3" or cover_children is None) else cover_children
        cells = np.flatnonzero(np.maximum(kids, counted).max(axis=0) > 0)
        columns = np.flatnonzero(eligible[name])
        if columns.size and cells.size:
            k = min(keep + (4 if name == "grades_1_3" else 0), columns.size)
            matrix = travel_matrix(
                networks[mode],
                cell_x[cells],
                cell_y[cells],
                facility_x[columns],
                facility_y[columns],
                max_minutes=standards.max_travel_min,
                k=k,
            ).tocoo()
            row, col, minutes = matrix.row, columns[matrix.col], matrix.data
        else:
            row = col = np.zeros(0, dtype=np.int64)
            minutes = np.zeros(0)
        groups.append(_units(name, level, mode, threshold, may_board, kids, cells, block, row, col, minutes, keep))
        reach[name] = _cover_units(kids, cells, row, col, minutes, standards.max_travel_min, facility_x.size, today)
        if name == "grades_1_3":
            cover = _cover_units(counted, cells, row, col, minutes, threshold, facility_x.size, today)
    assert cover is not None
    return PlanDemand(tuple(years), tuple(groups), cover, reach)


def blocks(x: np.ndarray, y: np.ndarray, size: float) -> np.ndarray:
    """The block of each cell: square blocks of ``size`` metres, numbered from 0."""
    if x.size == 0:
        return np.zeros(0, dtype=np.int64)
    bx = np.floor((x - x.min()) / size).astype(np.int64)
    by = np.floor((y - y.min()) / size).astype(np.int64)
    _, block = np.unique(bx * (by.max() + 1) + by, return_inverse=True)
    return block.ravel()


def _units(
    name: str,
    level: str,
    mode: str,
    threshold: float,
    may_board: bool,
    kids: np.ndarray,
    cells: np.ndarray,
    block: np.ndarray,
    row: np.ndarray,
    col: np.ndarray,
    minutes: np.ndarray,
    keep: int,
) -> GroupUnits:
    n_years = kids.shape[0]
    reach = np.zeros(cells.size, dtype=bool)
    reach[row] = True
    unreachable = kids[:, cells[~reach]].sum(axis=1)
    reached = cells[reach]
    # Units: the blocks of the cells that reach a facility.
    blocks, cell_unit = np.unique(block[reached], return_inverse=True)
    cell_unit = cell_unit.ravel()
    unit_of_row = np.full(cells.size, -1, dtype=np.int64)
    unit_of_row[np.flatnonzero(reach)] = cell_unit
    n_units = blocks.size
    children = np.zeros((n_years, n_units))
    for t in range(n_years):
        children[t] = np.bincount(cell_unit, weights=kids[t, reached], minlength=n_units)
    # Pair minutes: the children-weighted mean over the unit's cells that reach the facility.
    weight = kids[:, cells].mean(axis=0) + 1e-9
    unit = unit_of_row[row]
    n_fac = int(col.max()) + 1 if col.size else 1
    key = unit * n_fac + col
    uniq, inverse = np.unique(key, return_inverse=True)
    w = np.bincount(inverse, weights=weight[row])
    wm = np.bincount(inverse, weights=weight[row] * minutes)
    pair_unit = uniq // n_fac
    pair_facility = uniq % n_fac
    pair_minutes = wm / w
    unit_weight = np.bincount(unit_of_row[reach], weights=weight[reach], minlength=n_units)
    share = w / unit_weight[pair_unit]
    # Keep the pairs most of the unit's children reach (all when none does), nearest first.
    best_share = np.zeros(n_units)
    np.maximum.at(best_share, pair_unit, share)
    usable = share >= np.minimum(0.5, best_share[pair_unit]) - 1e-12
    order = np.lexsort((pair_minutes, ~usable, pair_unit))
    pair_unit, pair_facility, pair_minutes, usable = (
        pair_unit[order],
        pair_facility[order],
        pair_minutes[order],
        usable[order],
    )
    starts = np.searchsorted(pair_unit, np.arange(n_units))
    rank = np.arange(pair_unit.size) - starts[pair_unit]
    chosen = usable & (rank < keep)
    return GroupUnits(
        name=name,
        level=level,
        mode=mode,
        threshold_min=threshold,
        may_board=may_board,
        children=children,
        pair_unit=pair_unit[chosen],
        pair_facility=pair_facility[chosen],
        pair_minutes=pair_minutes[chosen],
        unreachable=unreachable,
    )


def _cover_units(
    kids: np.ndarray,
    cells: np.ndarray,
    row: np.ndarray,
    col: np.ndarray,
    minutes: np.ndarray,
    threshold: float,
    n_facilities: int,
    today: np.ndarray,
) -> CoverUnits:
    import scipy.sparse as sp

    near = minutes <= threshold + 1e-9
    within = sp.csr_matrix(
        (np.ones(int(near.sum())), (row[near], col[near])), shape=(cells.size, n_facilities), dtype=np.int8
    )
    within.sort_indices()
    keys: dict[bytes, int] = {}
    cell_unit = np.empty(cells.size, dtype=np.int64)
    first_rows: list[int] = []
    for i in range(cells.size):
        key = within.indices[within.indptr[i] : within.indptr[i + 1]].tobytes()
        unit = keys.get(key)
        if unit is None:
            unit = keys[key] = len(first_rows)
            first_rows.append(i)
        cell_unit[i] = unit
    cover = sp.csr_matrix(within[np.asarray(first_rows, dtype=np.int64)], dtype=float)
    n_units = len(first_rows)
    children = np.zeros((kids.shape[0], n_units))
    for t in range(kids.shape[0]):
        children[t] = np.bincount(cell_unit, weights=kids[t, cells], minlength=n_units)
    within_today = np.asarray(cover[:, np.flatnonzero(today)].sum(axis=1)).ravel() > 0
    return CoverUnits(cover, children, within_today, cells, cell_unit)


@dataclass(frozen=True, eq=False)
class Census:
    """The school census's pupils set against the grid's children, per group of grades.

    ``cell_factor[group]`` scales each cell's children (population rows): the cells the baseline's
    assignment sends to a school with fewer pupils recorded than it gives the school count at the
    census's share. ``extra[group]`` (years × schools) are the pupils a school has beyond the
    children the grid gives it, carried over the years as the children of its catchment change.
    """

    cell_factor: dict[str, np.ndarray]
    extra: dict[str, np.ndarray]

    def total_extra(self) -> float:
        """Pupils of the first year recorded beyond the grid's children, all schools and groups."""
        return float(sum(float(e[0].sum()) for e in self.extra.values()))


def census_calibration(
    *,
    schools_enrolment: dict[str, np.ndarray],
    level_of_group: dict[str, str],
    assigned: dict[str, tuple[np.ndarray, np.ndarray]],
    load: dict[str, np.ndarray],
    base_children: dict[str, np.ndarray],
    children: dict[str, np.ndarray],
) -> Census:
    """Set the school census against the grid (see :class:`Census`).

    Parameters
    ----------
    schools_enrolment
        Per group, each school's recorded pupils of those grades.
    level_of_group
        The level of each group.
    assigned
        Per level, the analysed cells (population rows) and the school the baseline's assignment
        sends most of each cell's children to (-1: none).
    load
        Per level, each school's pupils under the baseline's assignment.
    base_children
        Per group, each cell's children in the base year.
    children
        Per group, each cell's children in each plan year (years × cells).
    """
    factor: dict[str, np.ndarray] = {}
    extra: dict[str, np.ndarray] = {}
    for name, recorded in schools_enrolment.items():
        level = level_of_group[name]
        cells, school = assigned[level]
        n_schools = recorded.size
        n_cells = base_children[name].size
        # The grid's pupils of this group at each school: the load shared out over the level's
        # groups as the cells' children are.
        at = school >= 0
        base = base_children[name][cells]
        grid = np.bincount(school[at], weights=base[at], minlength=n_schools)
        level_total = np.zeros(n_schools)
        for other, lv in level_of_group.items():
            if lv == level:
                level_total += np.bincount(school[at], weights=base_children[other][cells][at], minlength=n_schools)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(level_total > 0, grid / level_total, 0.0)
        modelled = load[level] * share
        f = np.ones(n_schools)
        short = (recorded < modelled - 1e-9) & (modelled > 0)
        f[short] = recorded[short] / modelled[short]
        cell_factor = np.ones(n_cells)
        cell_factor[cells[at]] = f[school[at]]
        factor[name] = cell_factor
        over = np.maximum(recorded - modelled, 0.0)
        # Carried over the years as the children of the school's cells change.
        now = np.stack([np.bincount(school[at], weights=c[cells][at], minlength=n_schools) for c in children[name]])
        with np.errstate(invalid="ignore", divide="ignore"):
            trend = np.where(grid[None, :] > 0, now / np.where(grid > 0, grid, 1.0)[None, :], 1.0)
        extra[name] = over[None, :] * trend
    return Census(factor, extra)


def add_school_units(
    group: GroupUnits,
    extra: np.ndarray,
    *,
    school_x: np.ndarray,
    school_y: np.ndarray,
    facility_x: np.ndarray,
    facility_y: np.ndarray,
    eligible: np.ndarray,
    network: RoutingNetwork,
    keep: int,
) -> GroupUnits:
    """The group's units with one more per school with pupils recorded beyond the grid's: they go to
    that school or to a facility within the group's day-travel rule of it (never boarding)."""
    from gis.travel import travel_matrix

    schools = np.flatnonzero(extra.max(axis=0) > 1e-6)
    n_cell_units = group.children.shape[1]
    if schools.size == 0:
        return GroupUnits(**{**_fields(group), "n_cell_units": n_cell_units})
    columns = np.flatnonzero(eligible)
    matrix = travel_matrix(
        network,
        school_x[schools],
        school_y[schools],
        facility_x[columns],
        facility_y[columns],
        max_minutes=group.threshold_min,
        k=min(keep, columns.size),
    ).tocoo()
    unit = n_cell_units + matrix.row
    facility = columns[matrix.col]
    minutes = matrix.data
    # The school itself is always an option (it may teach the group while no road reaches it).
    own = np.arange(schools.size)
    has_own = np.zeros(schools.size, dtype=bool)
    has_own[matrix.row[facility == schools[matrix.row]]] = True
    missing = ~has_own
    unit = np.concatenate([unit, n_cell_units + own[missing]])
    facility = np.concatenate([facility, schools[missing]])
    minutes = np.concatenate([minutes, np.zeros(int(missing.sum()))])
    order = np.lexsort((minutes, unit))
    return GroupUnits(
        name=group.name,
        level=group.level,
        mode=group.mode,
        threshold_min=group.threshold_min,
        may_board=group.may_board,
        children=np.concatenate([group.children, extra[:, schools]], axis=1),
        pair_unit=np.concatenate([group.pair_unit, unit[order]]),
        pair_facility=np.concatenate([group.pair_facility, facility[order]]),
        pair_minutes=np.concatenate([group.pair_minutes, minutes[order]]),
        unreachable=group.unreachable,
        n_cell_units=n_cell_units,
    )


def _fields(group: GroupUnits) -> dict[str, object]:
    from dataclasses import fields

    return {f.name: getattr(group, f.name) for f in fields(group)}
