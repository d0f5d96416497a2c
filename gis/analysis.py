"""The baseline diagnosis of a county: travel times, catchments, assignment within capacity.

:func:`analyze` runs every stage on a project and returns an :class:`Analysis` from which
the indicators (:mod:`gis.indicators`) and the frames (:mod:`gis.frames`) are made, and
outside the core the output files (:mod:`outputs`).
The same function serves the window, the command line and the benchmarks.
"""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from gis.messages import text, word
from gis.progress import CancelFn, Progress, ProgressFn

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd
    import scipy.sparse as sp
    from affine import Affine

    from gis.assign import Grouping
    from gis.network import RoutingNetwork
    from gis.project import Project
    from gis.standards import Standards


# A group of grades: name, grades, travel mode, allowed trip (minutes), share of the cohort.
_GroupPlan = tuple[str, tuple[int, ...], str, float, float]

# A school further than this from any road is reported: its location or the roads may be wrong.
FAR_FROM_ROAD_M = 1000.0
#: A population column with the children of grades 1–3 of each cell; when the layer has it (the
#: forecast's years do), the analysis uses it instead of the rules' share of the primary cohort.
GRADES_1_3_COLUMN = "grades_1_3"


@dataclass(frozen=True, eq=False)
class Routing:
    """A project's roads ready for routing, shared by analyses of the same roads and schools.

    ``networks`` holds the compiled network of each travel mode, ``road_piece`` the piece of
    each road when the network is not connected (None when it is), ``warnings`` what building
    them found. Travel times from the population's cells to the schools are kept as analyses
    compute them: an analysis of other children on the same grid (a forecast year, a target
    year) routes only the cells not routed before. Pass it to :func:`analyze` as ``routing``;
    it must come from the same roads and rules (the times are kept per set of schools and cells,
    so other schools or cells are routed afresh).
    """

    networks: dict[str, RoutingNetwork]
    road_piece: np.ndarray | None = None
    warnings: tuple[str, ...] = ()
    _trips: dict[tuple[Any, ...], _Trips] = field(default_factory=dict, repr=False)
    _groupings: dict[str, Grouping] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def grouping(self, level: str, schools: tuple[np.ndarray, np.ndarray] | None = None) -> Grouping:
        """The grouping of a level's demand rows kept for the assignment (see :class:`gis.assign.Grouping`),
        one per level and set of schools (``schools``: their x and y), so that an analysis of other
        schools (a scenario's, a plan's) never reuses another set's."""
        from gis.assign import Grouping

        key = level if schools is None else f"{level}:{_digest(*schools)}"
        with self._lock:
            return self._groupings.setdefault(key, Grouping())

    def nearest(
        self,
        mode: str,
        cells: np.ndarray,
        origins: tuple[np.ndarray, np.ndarray],
        facilities: tuple[np.ndarray, np.ndarray],
        *,
        progress: ProgressFn | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Nearest facility (index into ``facilities``, -1 if none) and minutes to it, for the
        origins ``cells`` (rows of the full ``origins`` arrays)."""
        from gis.travel import nearest_facility

        net = self.networks[mode]

        def compute(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            near = nearest_facility(net, origins[0][rows], origins[1][rows], *facilities, progress=progress)
            return near.facility, near.minutes

        return self._cached(("nearest", mode), cells, origins, facilities, compute)  # type: ignore[return-value]

    def matrix(
        self,
        mode: str,
        cells: np.ndarray,
        origins: tuple[np.ndarray, np.ndarray],
        facilities: tuple[np.ndarray, np.ndarray],
        *,
        max_minutes: float,
        k: int,
        junctions: bool = False,
    ) -> sp.csr_matrix:
        """:func:`~gis.travel.travel_matrix` of the origins ``cells`` to the facilities (kept apart
        from the plain search's when searched between ``junctions``)."""
        from gis.travel import travel_matrix

        net = self.networks[mode]

        def compute(rows: np.ndarray) -> sp.csr_matrix:
            return travel_matrix(
                net, origins[0][rows], origins[1][rows], *facilities, max_minutes=max_minutes, k=k, junctions=junctions
            )

        kind = ("matrix", mode, max_minutes, k, junctions)
        return self._cached(kind, cells, origins, facilities, compute)  # type: ignore[return-value]

    def _cached(
        self,
        kind: tuple[Any, ...],
        cells: np.ndarray,
        origins: tuple[np.ndarray, np.ndarray],
        facilities: tuple[np.ndarray, np.ndarray],
        compute: Callable[[np.ndarray], Any],
    ) -> Any:
        key = (*kind, _digest(*origins), _digest(*facilities))
        with self._lock:
            trips = self._trips.get(key)
            if trips is None:
                trips = self._trips[key] = _Trips(origins[0].size, facilities[0].size, kind[0] == "matrix")
        with trips.lock:
            return trips.get(cells, compute)


class _Trips:
    """Travel results of some origins (rows of a population layer) to one set of facilities,
    filled in as they are asked for."""

    def __init__(self, n_origins: int, n_facilities: int, matrix: bool) -> None:
        import scipy.sparse as sp

        self.lock = threading.Lock()
        self.done = np.zeros(n_origins, dtype=bool)
        self.is_matrix = matrix
        self.times: sp.csr_matrix = sp.csr_matrix((n_origins, n_facilities))
        self.facility = np.full(n_origins, -1, dtype=np.int64)
        self.minutes = np.full(n_origins, np.inf)

    def get(self, cells: np.ndarray, compute: Callable[[np.ndarray], Any]) -> Any:
        import scipy.sparse as sp

        if not self.done.any():
            # The first request is answered exactly as computed (the baseline's own call).
            got = compute(cells)
            self._store(cells, got)
            return got
        missing = cells[~self.done[cells]]
        if missing.size:
            self._store(missing, compute(missing))
        if self.is_matrix:
            return sp.csr_matrix(self.times[cells])
        return self.facility[cells].copy(), self.minutes[cells].copy()

    def _store(self, rows: np.ndarray, got: Any) -> None:
        import scipy.sparse as sp

        self.done[rows] = True
        if self.is_matrix:
            block = got.tocoo()
            placed = sp.csr_matrix((block.data, (rows[block.row], block.col)), shape=self.times.shape)
            self.times = (self.times + placed).tocsr()
            self.times.sort_indices()
        else:
            self.facility[rows], self.minutes[rows] = got


def _digest(x: np.ndarray, y: np.ndarray) -> tuple[int, str]:
    """A key for a set of points: their number and a hash of their coordinates."""
    h = hashlib.blake2b(digest_size=16)
    h.update(np.ascontiguousarray(x, dtype=float).tobytes())
    h.update(np.ascontiguousarray(y, dtype=float).tobytes())
    return x.size, h.hexdigest()


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
    #: The routing this analysis used; pass it to another analysis of the same roads and schools.
    routing: Routing | None = None
    #: Each level's catchment polygons (school row → polygon, :func:`catchment_outlines`
    #: of the level's nearest schools), when the analysis was asked for them (``outlines=True``).
    outlines: dict[str, dict[int, object]] | None = None


def serves(schools: gpd.GeoDataFrame, grade: int) -> np.ndarray:
    """Which schools teach a grade."""
    lo = schools["grade_min"].to_numpy(dtype=int)
    hi = schools["grade_max"].to_numpy(dtype=int)
    return (lo <= grade) & (grade <= hi)


def level_capacity(schools: gpd.GeoDataFrame, level: str) -> np.ndarray:
    """Seats of each school at a level."""
    return schools[f"capacity_{level}"].to_numpy(dtype=float)


def population_grid(project: Project) -> tuple[np.ndarray, np.ndarray, Affine]:
    """The row and column of each population cell, and the grid's transform."""
    from gis.catchments import grid_transform

    pop = project.population
    rows = pop["row"].to_numpy()
    cols = pop["col"].to_numpy()
    x, y = pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy()
    return rows, cols, grid_transform(x, y, rows, cols, project.cell_size)


def catchment_outlines(project: Project, cells: np.ndarray, school: np.ndarray) -> dict[int, object]:
    """The catchment polygon of each school: the population's rows ``cells`` dissolved by their
    ``school`` (a row of the project's schools, -1 for none) on the project's grid
    (:func:`gis.catchments.dissolve_cells`).

    :attr:`LevelAnalysis.school` of a level gives its catchments; :func:`analyze` makes them beside
    its other work when asked (``outlines=True``).
    """
    from gis.catchments import dissolve_cells

    rows, cols, transform = population_grid(project)
    return dissolve_cells(rows[cells], cols[cells], school, transform)


def prepare_routing(project: Project, standards: Standards, *, modes: tuple[str, ...] | None = None) -> Routing:
    """Build the road graph of a project and compile it for the travel modes of the analysis.

    Parameters
    ----------
    project
        The county project (its roads and DEM are used).
    standards
        The rules in force (speeds per mode and road class).
    modes
        The travel modes to compile; by default those :func:`analyze` uses (walking for grades
        1–3 and each level's mode).

    Returns
    -------
    The routing, to pass to :func:`analyze` (and to every analysis of the same roads and schools).
    """
    return _build_routing(project, standards, modes or _analysis_modes(standards), lambda _name: None)


def _analysis_modes(standards: Standards) -> tuple[str, ...]:
    return tuple(sorted({g[2] for groups in _group_plans(standards).values() for g in groups}))


def _group_plans(standards: Standards) -> dict[str, list[_GroupPlan]]:
    share = standards.grade1_3_share_of_primary
    return {
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


def _build_routing(
    project: Project, standards: Standards, modes: tuple[str, ...], lap: Callable[[str], None]
) -> Routing:
    from gis.network import compile_networks, road_segments

    warnings: list[str] = []
    # The graph as arrays: the same nodes, segments and pieces as build_road_graph's networkx
    # graph, without making one (a second on a county of a hundred thousand segments).
    segments = road_segments(project.roads, dem=project.dem)
    piece = segments.pieces()
    n_pieces = int(piece.max()) + 1 if piece.size else 0
    road_piece = segments.road_pieces(piece, len(project.roads)) if n_pieces > 1 else None
    if n_pieces > 1:
        warnings.append(
            text(
                "the road network has {n_pieces} disconnected pieces ({small} nodes outside the largest)",
                n_pieces=n_pieces,
                small=int((piece > 0).sum()),
            )
        )
    lap("graph")
    networks = compile_networks(segments, [standards.modes[mode] for mode in sorted(modes)], standards=standards)
    lap("compile")
    return Routing(networks, road_piece, tuple(warnings))


def analyze(
    project: Project,
    standards: Standards,
    *,
    routing: Routing | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    outlines: bool = False,
) -> Analysis:
    """Run the baseline diagnosis.

    The primary children of each cell are split into grades 1–3 and 4–6 by the population's
    :data:`GRADES_1_3_COLUMN` when it has one (a forecast year's children), else by the rules'
    share of grades 1–3 (``travel.grade1_3_share_of_primary``).

    Parameters
    ----------
    project
        The county project.
    standards
        The rules in force (thresholds, speeds, class sizes).
    routing
        The compiled road networks and the travel times kept from earlier analyses of the same
        roads and schools (:func:`prepare_routing`, or :attr:`Analysis.routing` of an earlier
        analysis); built here when not given.
    progress
        Called with the fraction done and a message.
    cancel
        Returns True once the user asked to stop.
    outlines
        Also dissolve each level's catchment polygons (:attr:`Analysis.outlines`, which
        :func:`gis.frames.catchments_frame` then uses), in a process of their own
        (:class:`gis.catchments.OutlineMaker`) from the end of the level's routing, while its
        assignment runs: they are ready about when the analysis is, for whoever writes or draws
        the catchments next (the command line, the window, the exports).

    Returns
    -------
    The analysis; nothing in ``project`` is changed.

    Raises
    ------
    Cancelled
        If ``cancel`` returned True.
    """

    from gis.catchments import OutlineMaker
    from gis.travel import snap_points

    report = Progress(progress, cancel)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = seconds.get(name, 0.0) + now - clock
        clock = now

    plans = _group_plans(standards)
    modes = _analysis_modes(standards)
    if routing is None or not set(modes) <= set(routing.networks):
        report(0.0, text("building the road graph"))
        routing = _build_routing(project, standards, modes, lap)
    networks = routing.networks
    warnings = list(routing.warnings)

    schools = project.schools
    pop = project.population
    sx = schools.geometry.x.to_numpy()
    sy = schools.geometry.y.to_numpy()
    cx = pop.geometry.x.to_numpy()
    cy = pop.geometry.y.to_numpy()
    grades_1_3 = pop[GRADES_1_3_COLUMN].to_numpy(dtype=float) if GRADES_1_3_COLUMN in pop.columns else None

    if len(schools):
        offroad = snap_points(networks[modes[0]], sx, sy).offroad_m
        for row in np.flatnonzero(offroad > FAR_FROM_ROAD_M).tolist():
            warnings.append(
                text(
                    "school {school_id} ({name}) is {offroad:,.0f} m from the nearest road; "
                    "its pupils' trips include that walk",
                    school_id=schools["school_id"].iloc[row],
                    name=schools["name"].iloc[row],
                    offroad=offroad[row],
                )
            )
    report(0.15, text("travel times"))

    # Each group's travel times and each level's assignment is one step of the bar.
    n_steps = sum(len(g) + 1 for g in plans.values())
    parts = [report.stage(0.15 + 0.85 * i / n_steps, 0.15 + 0.85 * (i + 1) / n_steps) for i in range(n_steps)]
    first_part = 0
    jobs = []
    for level, group_plans in plans.items():
        jobs.append((level, group_plans, parts[first_part : first_part + len(group_plans) + 1]))
        first_part += len(group_plans) + 1
    assert routing is not None
    shared = routing

    # The catchments of each level, dissolved in a process of their own beside the assignments
    # (they need only the level's nearest schools).
    outliner = OutlineMaker(*population_grid(project)) if outlines else None

    def run_level(job: tuple[str, list[_GroupPlan], list[Progress]]) -> LevelAnalysis:
        level, group_plans, stages = job
        started = time.perf_counter()
        cohort = pop[level].to_numpy(dtype=float)
        cells = np.flatnonzero(cohort > 0)
        groups: list[Group] = []
        for (name, grades, mode, threshold, fraction), stage in zip(group_plans, stages, strict=False):
            eligible = np.flatnonzero(serves(schools, grades[0]) & serves(schools, grades[-1]))
            stage(0.0, text("travel times, {level} {group}", level=word(level), group=word(name)))
            if eligible.size:
                facility, minutes = shared.nearest(mode, cells, (cx, cy), (sx[eligible], sy[eligible]), progress=stage)
                school = np.where(facility >= 0, eligible[np.maximum(facility, 0)], -1)
            else:
                school = np.full(cells.size, -1)
                minutes = np.full(cells.size, np.inf)
            children = _group_children(cohort, cells, name, fraction, grades_1_3)
            groups.append(Group(name, grades, mode, threshold, children, eligible, school, minutes))

        def routed() -> None:
            # The level's catchments (its first group's nearest schools) are dissolved from here on,
            # while the assignment's HiGHS runs: the routing before uses both cores.
            if outliner is not None:
                outliner.submit(level, cells, groups[0].school)

        level_seconds[f"travel.{level}"] = time.perf_counter() - started
        started = time.perf_counter()
        stages[-1](0.0, text("assignment within capacity, {level}", level=word(level)))
        best, assigned_minutes, overflow, load, boarding = _assign_level(
            groups, cells, cohort, schools, level, shared, cx, cy, sx, sy, standards, routed
        )
        stages[-1](1.0, text("assignment within capacity, {level}", level=word(level)))
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
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(run_level, jobs))
        levels = {result.level: result for result in results}
        lap("levels")
        made = None
        if outliner is not None:
            found = outliner.outlines()  # in the order the levels finished their routing
            made = {level: found[level] for level in levels if level in found}
            lap("outlines")
    finally:
        if outliner is not None:
            outliner.close()
    report(1.0, text("done"))
    return Analysis(
        project,
        standards,
        levels,
        seconds,
        tuple(warnings),
        level_seconds,
        networks,
        routing.road_piece,
        routing,
        made,
    )


def _group_children(
    cohort: np.ndarray, cells: np.ndarray, name: str, fraction: float, grades_1_3: np.ndarray | None
) -> np.ndarray:
    """The children of a group of grades in each analysed cell: the population's grades 1–3
    column where it has one, else the group's share of the level's cohort."""
    if grades_1_3 is None or name not in ("grades_1_3", "grades_4_6"):
        return cohort[cells] * fraction
    lower = np.clip(grades_1_3[cells], 0.0, cohort[cells])
    return lower if name == "grades_1_3" else cohort[cells] - lower


def _assign_level(
    groups: list[Group],
    cells: np.ndarray,
    cohort: np.ndarray,
    schools: gpd.GeoDataFrame,
    level: str,
    routing: Routing,
    cx: np.ndarray,
    cy: np.ndarray,
    sx: np.ndarray,
    sy: np.ndarray,
    standards: Standards,
    routed: Callable[[], None],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The capacity-aware assignment of a level: each cell's main school, its mean trip, overflow, loads
    and boarding demand; ``routed`` is called once its travel times are all known."""
    import scipy.sparse as sp

    from gis.assign import assign_with_capacity

    capacity = level_capacity(schools, level)
    demand_parts = []
    cost_parts = []
    may_board = []
    for group in groups:
        if group.eligible.size == 0:
            continue
        may_board.append((group.name != "grades_1_3", group.threshold_min))
        costs = routing.matrix(
            group.mode,
            cells,
            (cx, cy),
            (sx[group.eligible], sy[group.eligible]),
            max_minutes=standards.max_travel_min,
            k=standards.nearest_schools,
        ).tocoo()
        full = sp.csr_matrix((costs.data, (costs.row, group.eligible[costs.col])), shape=(cells.size, len(schools)))
        demand_parts.append(group.children)
        cost_parts.append(full)
    routed()
    if not demand_parts:
        nothing = np.zeros(len(schools))
        return np.full(cells.size, -1), np.full(cells.size, np.inf), cohort[cells].copy(), nothing, nothing.copy()
    result = assign_with_capacity(
        np.concatenate(demand_parts),
        sp.vstack(cost_parts).tocsr(),
        capacity,
        grouping=routing.grouping(level, (sx, sy)),
    )
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
