"""The baseline diagnosis of a county: travel times, catchments, assignment within capacity.

:func:`analyze` runs every stage on a project and returns an :class:`Analysis` from which
the indicators (:mod:`gis.indicators`) and the output files (:mod:`gis.outputs`) are made.
The same function serves the window, the command line and the benchmarks.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from gis.progress import CancelFn, Progress, ProgressFn

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.network import RoutingNetwork
    from gis.project import Project
    from gis.standards import Standards


# A group of grades: name, grades, travel mode, allowed trip (minutes), share of the cohort.
_GroupPlan = tuple[str, tuple[int, ...], str, float, float]

# A school further than this from any road is reported: its location or the roads may be wrong.
FAR_FROM_ROAD_M = 1000.0


@dataclass(frozen=True)
class Group:
    """Children of some grades of a level who share the eligible schools and travel rule.

    ``children`` is per analysed cell; ``school`` the nearest eligible school (row of the
    project's schools, -1 if none can be reached); ``minutes`` the trip to it (inf if none);
    ``threshold_min`` the trip the rule allows.
    """

    name: str
    grades: tuple[int, ...]
    mode: str
    threshold_min: float
    children: np.ndarray
    eligible: np.ndarray
    school: np.ndarray
    minutes: np.ndarray

    @property
    def within(self) -> np.ndarray:
        """Whether each cell's trip is within the rule."""
        return self.minutes <= self.threshold_min


@dataclass(frozen=True)
class LevelAnalysis:
    """Results for one level (primary or junior) over the cells with children of that level.

    ``cells`` indexes the project's population rows analysed; ``school``/``minutes`` are the
    nearest-school catchment (the first group's: grades 1–3 for primary); ``assigned_school``,
    ``assigned_minutes`` and ``overflow`` come from the capacity-aware assignment (the school
    receiving most of the cell's children, its children-weighted mean trip, unplaced children);
    ``school_load`` the children each project school receives under that assignment;
    ``boarding_demand`` the pupils of each school who would have to board: those of the
    groups that may board (grades 4–9) placed there beyond their day-travel rule.
    """

    level: str
    threshold_min: float
    cells: np.ndarray
    children: np.ndarray
    groups: tuple[Group, ...]
    assigned_school: np.ndarray
    assigned_minutes: np.ndarray
    overflow: np.ndarray
    school_load: np.ndarray
    boarding_demand: np.ndarray

    @property
    def school(self) -> np.ndarray:
        """Nearest-school catchment of each cell (the first group's nearest school)."""
        return self.groups[0].school

    @property
    def minutes(self) -> np.ndarray:
        """Trip to the catchment school of each cell."""
        return self.groups[0].minutes


@dataclass(frozen=True)
class Analysis:
    """Everything the baseline diagnosis computed, plus the time each stage took."""

    project: Project
    standards: Standards
    levels: dict[str, LevelAnalysis]
    stage_seconds: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    level_seconds: dict[str, float] = field(default_factory=dict)
    networks: dict[str, RoutingNetwork] = field(default_factory=dict)
    road_piece: np.ndarray | None = None


def serves(schools: gpd.GeoDataFrame, grade: int) -> np.ndarray:
    """Which schools teach a grade."""
    lo = schools["grade_min"].to_numpy(dtype=int)
    hi = schools["grade_max"].to_numpy(dtype=int)
    return (lo <= grade) & (grade <= hi)


def level_capacity(schools: gpd.GeoDataFrame, level: str) -> np.ndarray:
    """Seats of each school at a level."""
    return schools[f"capacity_{level}"].to_numpy(dtype=float)


def analyze(
    project: Project,
    standards: Standards,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Analysis:
    """Run the baseline diagnosis.

    Parameters
    ----------
    project
        The county project.
    standards
        The rules in force (thresholds, speeds, class sizes).
    progress
        Called with the fraction done and a message.
    cancel
        Returns True once the user asked to stop.

    Returns
    -------
    The analysis; nothing in ``project`` is changed.

    Raises
    ------
    Cancelled
        If ``cancel`` returned True.
    """

    from gis.network import build_road_graph, compile_network, network_pieces, pieces_of_roads
    from gis.travel import nearest_facility, snap_points

    report = Progress(progress, cancel)
    seconds: dict[str, float] = {}
    warnings: list[str] = []
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = seconds.get(name, 0.0) + now - clock
        clock = now

    report(0.0, "building the road graph")
    graph = build_road_graph(project.roads, dem=project.dem)
    pieces = network_pieces(graph)
    road_piece = pieces_of_roads(graph, pieces, len(project.roads)) if len(pieces) > 1 else None
    if len(pieces) > 1:
        small = sum(len(p) for p in pieces[1:])
        warnings.append(f"the road network has {len(pieces)} disconnected pieces ({small} nodes outside the largest)")
    lap("graph")

    schools = project.schools
    pop = project.population
    sx = schools.geometry.x.to_numpy()
    sy = schools.geometry.y.to_numpy()
    cx = pop.geometry.x.to_numpy()
    cy = pop.geometry.y.to_numpy()

    share = standards.grade1_3_share_of_primary
    plans = {
        "primary": [
            ("grades_1_3", (1, 2, 3), "walk", standards.grade1_3_max_min, share),
            (
                "grades_4_6",
                (4, 5, 6),
                standards.level("primary").mode,
                standards.level("primary").threshold_min,
                1 - share,
            ),
        ],
        "junior": [
            ("grades_7_9", (7, 8, 9), standards.level("junior").mode, standards.level("junior").threshold_min, 1.0),
        ],
    }
    networks = {}
    for mode in sorted({g[2] for groups in plans.values() for g in groups}):
        networks[mode] = compile_network(graph, standards.modes[mode], standards=standards)
    lap("compile")
    if len(schools):
        offroad = snap_points(next(iter(networks.values())), sx, sy).offroad_m
        for row in np.flatnonzero(offroad > FAR_FROM_ROAD_M).tolist():
            warnings.append(
                f"school {schools['school_id'].iloc[row]} ({schools['name'].iloc[row]}) is "
                f"{offroad[row]:,.0f} m from the nearest road; its pupils' trips include that walk"
            )
    report(0.15, "travel times")

    # Each group's travel times and each level's assignment is one step of the bar.
    n_steps = sum(len(g) + 1 for g in plans.values())
    parts = [report.stage(0.15 + 0.85 * i / n_steps, 0.15 + 0.85 * (i + 1) / n_steps) for i in range(n_steps)]
    first_part = 0
    jobs = []
    for level, group_plans in plans.items():
        jobs.append((level, group_plans, parts[first_part : first_part + len(group_plans) + 1]))
        first_part += len(group_plans) + 1

    def run_level(
        job: tuple[str, list[tuple[str, tuple[int, ...], str, float, float]], list[Progress]],
    ) -> LevelAnalysis:
        level, group_plans, stages = job
        started = time.perf_counter()
        cohort = pop[level].to_numpy(dtype=float)
        cells = np.flatnonzero(cohort > 0)
        groups: list[Group] = []
        for (name, grades, mode, threshold, fraction), stage in zip(group_plans, stages, strict=False):
            eligible = np.flatnonzero(serves(schools, grades[0]) & serves(schools, grades[-1]))
            stage(0.0, f"travel times, {level} {name}")
            if eligible.size:
                near = nearest_facility(
                    networks[mode], cx[cells], cy[cells], sx[eligible], sy[eligible], progress=stage
                )
                school = np.where(near.facility >= 0, eligible[np.maximum(near.facility, 0)], -1)
                minutes = near.minutes
            else:
                school = np.full(cells.size, -1)
                minutes = np.full(cells.size, np.inf)
            groups.append(Group(name, grades, mode, threshold, cohort[cells] * fraction, eligible, school, minutes))
        level_seconds[f"travel.{level}"] = time.perf_counter() - started
        started = time.perf_counter()
        stages[-1](0.0, f"assignment within capacity, {level}")
        best, assigned_minutes, overflow, load, boarding = _assign_level(
            groups, cells, cohort, schools, level, networks, cx, cy, sx, sy, standards
        )
        stages[-1](1.0, f"assignment within capacity, {level}")
        level_seconds[f"assignment.{level}"] = time.perf_counter() - started
        return LevelAnalysis(
            level=level,
            threshold_min=groups[0].threshold_min if level == "junior" else standards.level(level).threshold_min,
            cells=cells,
            children=cohort[cells],
            groups=tuple(groups),
            assigned_school=best,
            assigned_minutes=assigned_minutes,
            overflow=overflow,
            school_load=load,
            boarding_demand=boarding,
        )

    # The levels are independent: on two cores they run side by side (the routing, numpy and
    # HiGHS release the interpreter lock for their heavy work).
    level_seconds: dict[str, float] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run_level, jobs))
    levels = {result.level: result for result in results}
    lap("levels")
    report(1.0, "done")
    return Analysis(project, standards, levels, seconds, tuple(warnings), level_seconds, networks, road_piece)


def _assign_level(
    groups: list[Group],
    cells: np.ndarray,
    cohort: np.ndarray,
    schools: gpd.GeoDataFrame,
    level: str,
    networks: dict[str, RoutingNetwork],
    cx: np.ndarray,
    cy: np.ndarray,
    sx: np.ndarray,
    sy: np.ndarray,
    standards: Standards,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The capacity-aware assignment of a level: each cell's main school, its mean trip, overflow, loads
    and boarding demand."""
    import scipy.sparse as sp

    from gis.assign import assign_with_capacity
    from gis.travel import travel_matrix

    capacity = level_capacity(schools, level)
    demand_parts = []
    cost_parts = []
    may_board = []
    for group in groups:
        if group.eligible.size == 0:
            continue
        may_board.append((group.name != "grades_1_3", group.threshold_min))
        costs = travel_matrix(
            networks[group.mode],
            cx[cells],
            cy[cells],
            sx[group.eligible],
            sy[group.eligible],
            max_minutes=standards.max_travel_min,
            k=standards.nearest_schools,
        ).tocoo()
        full = sp.csr_matrix((costs.data, (costs.row, group.eligible[costs.col])), shape=(cells.size, len(schools)))
        demand_parts.append(group.children)
        cost_parts.append(full)
    if not demand_parts:
        nothing = np.zeros(len(schools))
        return np.full(cells.size, -1), np.full(cells.size, np.inf), cohort[cells].copy(), nothing, nothing.copy()
    result = assign_with_capacity(np.concatenate(demand_parts), sp.vstack(cost_parts).tocsr(), capacity)
    n = cells.size
    k = len(demand_parts)
    per_row_minutes = np.bincount(result.demand_index, weights=result.children * result.minutes, minlength=n * k)
    per_row_children = np.bincount(result.demand_index, weights=result.children, minlength=n * k)
    placed = per_row_children.reshape(k, n).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        assigned_minutes = np.where(placed > 0, per_row_minutes.reshape(k, n).sum(axis=0) / placed, np.inf)
    # The school taking most of the cell's children over all groups.
    n_schools = len(schools)
    pair_key = (result.demand_index % n).astype(np.int64) * n_schools + result.school_index
    uniq, inverse = np.unique(pair_key, return_inverse=True)
    totals = np.bincount(inverse, weights=result.children)
    pair_cell = uniq // n_schools
    order = np.lexsort((-totals, pair_cell))
    first = np.ones(order.size, dtype=bool)
    first[1:] = pair_cell[order][1:] != pair_cell[order][:-1]
    best = np.full(n, -1, dtype=np.int64)
    best[pair_cell[order][first]] = uniq[order][first] % n_schools
    overflow = result.overflow.reshape(k, n).sum(axis=0)
    # Grades 1-3 never board; older pupils placed beyond their day-travel rule must.
    part = result.demand_index // n
    boards = np.array([b for b, _ in may_board])[part] & (result.minutes > np.array([t for _, t in may_board])[part])
    boarding = np.bincount(result.school_index[boards], weights=result.children[boards], minlength=n_schools)
    return best, assigned_minutes, overflow, result.school_load, boarding.astype(float)
