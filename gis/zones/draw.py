"""Enrolment zones (划片) of a county: the model built from a project, solved and explained.

:func:`draw_zones` takes the project's villages (:mod:`gis.zones.units`), the children of the
year or years asked for, the travel times over the roads, and the schools' seats, and draws
each school's zone of one level with :class:`gis.zones.model.ZoningModel`.

Which schools have zones: those that take a level's entrants (grade 1 for primary, grade 7 for
junior), teaching points included. A teaching point's zone sends it the grades it teaches; the
older primary grades of its zone go on to the full primary nearest to it (by the level's travel
mode), whose seats must hold them too, and whose trip counts for them.

Which schools a unit may be zoned to: those among the ``[assignment] nearest_schools`` nearest of
at least one of its cells (within ``max_travel_min``), as the capacity-aware assignment allows,
and the school nearest to most of each neighbouring unit's cells (so a zone can reach across it,
and a unit beside a full zone has another); a unit with no school within ``max_travel_min`` (or no children) takes
the nearest schools to a point inside it, further away if need be.
For primary zones, the grade 1–3 rule: a unit's zone school brings within 30 minutes' walk every
one of its grade 1–3 children whom some school has within 30 minutes; where seats or whole
villages do not allow that for every
village, the zones leave fewest beyond: the model keeps them within before it looks at travel
(a lexicographic order), and says how many it could not and the proven least.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from gis.errors import InputError, Problem
from gis.messages import text
from gis.progress import Progress
from gis.schema import LEVEL_GRADES, LEVELS
from gis.zones.model import OVER_WEIGHT, Infeasible, ZoningModel, ZoningResult
from gis.zones.units import Units, build_units

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from gis.analysis import Routing
    from gis.network import RoutingNetwork
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards

#: The grade whose entrants a level's zones admit.
ENTRY_GRADE = {"primary": 1, "junior": 7}
#: Trips are timed up to this many times ``[assignment] max_travel_min`` (a remote village's
#: children still have a school); a longer one counts as that long.
FAR_FACTOR = 4.0
#: Columns of the zones table (``zones.csv``), in order.
TABLE_COLUMNS = ("school_id", "school_name", "village_code", "village_name", "township", "children", "travel_min")


@dataclass(frozen=True)
class ZoneOptions:
    """How zones are drawn.

    Attributes
    ----------
    level
        ``primary`` or ``junior``.
    block_m, block_children
        A seat holding more than one of the level's schools, or more children than their seats,
        is cut into blocks: squares of ``block_m`` metres, cut in four again while a block holds
        more than ``block_children`` children or more than one school (down to one grid cell).
        ``block_m`` 0 never cuts.
    time_limit
        Seconds the solver may take.
    gap
        Relative gap at which the solver stops (0.001: within 0.1 % of the proven bound).
    """

    level: str = "primary"
    block_m: float = 1000.0
    block_children: float = 100.0
    time_limit: float = 60.0
    gap: float = 0.001


@dataclass(frozen=True)
class Zones:
    """A level's enrolment zones.

    Attributes
    ----------
    level
        ``primary`` or ``junior``.
    years
        The years whose children the zones fit (the first is the one reported).
    villages
        One row per unit: ``village_code``, ``village_name``, ``township``, ``township_name``,
        ``kind`` (village, seat, block), ``school_id``, ``school_name``, ``children`` (of the
        level, the first year), ``peak_children`` (the most in any year), ``grades_1_3``,
        ``travel_min`` (children-weighted mean trip to the zone's school), ``beyond_30``
        (grade 1–3 children beyond 30 minutes of it), ``changed`` (differs from last year's
        zone; None without one), and the unit's polygon.
    zones
        One row per school with a zone: ``school_id``, ``school_name``, ``type``, ``seats``,
        ``children`` (the zone's pupils of the first year, the older grades of its teaching
        points' zones included), ``peak_children`` (the most in any year, against the seats),
        ``villages`` (units), ``travel_min``, ``continues_to`` (a teaching point's full primary),
        and the zone's polygon.
    source
        ``"polygons"`` (the county's village boundaries) or ``"voronoi"`` (areas built from the places).
    objective, travel, bound, gap, status, rounds, cuts, seconds, start
        The solve (:class:`gis.zones.model.ZoningResult`): the objective (the total travel in
        child-minutes, the mean over the years, plus :data:`gis.zones.model.BEYOND_WEIGHT` for each
        grade 1–3 child left beyond 30 minutes whom some school would bring within), the total
        travel alone, the objective's proven bound and the gap.
    changes, changes_bound
        Units whose zone differs from last year's, and the proven least; None without last year's.
    beyond_30, beyond_30_unavoidable, beyond_30_least
        Grade 1–3 children beyond 30 minutes' walk of their zone's school; how many of them are
        beyond 30 minutes of every school (the baseline allows no better); and the proven least
        number of the others that any zones leave beyond (0: the zones keep within everyone the
        baseline allows).
    notes
        What a reader should know, in words.
    """

    level: str
    years: tuple[int, ...]
    villages: gpd.GeoDataFrame
    zones: gpd.GeoDataFrame
    source: str
    objective: float
    travel: float
    bound: float
    gap: float
    status: str
    rounds: int
    cuts: int
    seconds: float
    start: float
    changes: int | None
    changes_bound: int | None
    beyond_30: float
    beyond_30_unavoidable: float
    beyond_30_least: float
    notes: tuple[str, ...] = ()

    def table(self) -> pd.DataFrame:
        """The zones table (``zones.csv``): one row per village, by school then village code."""
        frame = self.villages.sort_values(["school_id", "village_code"], kind="stable")
        columns = [*TABLE_COLUMNS, *(["changed"] if self.changes is not None else [])]
        return frame[columns].reset_index(drop=True)


def draw_zones(
    project: Project,
    standards: Standards,
    *,
    populations: Sequence[tuple[int, gpd.GeoDataFrame]] | None = None,
    options: ZoneOptions | None = None,
    villages: gpd.GeoDataFrame | None = None,
    previous: Mapping[str, str] | None = None,
    routing: Routing | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Zones:
    """Draw a level's enrolment zones.

    Parameters
    ----------
    project
        The county project (its schools, places, townships, roads and today's children).
    standards
        The rules in force: travel modes, the grade 1–3 walk, ``[assignment]``.
    populations
        The children to fit, one population layer per year (``(year, layer)``, as
        :func:`gis.forecast.year_project` makes them); default today's, as the year
        the project's base year (:func:`gis.cohorts.base_year`).
    options
        Level, blocks and the solver's limits.
    villages
        The county's village boundaries (:func:`gis.importing.villages.read_villages`); None for
        Voronoi areas from the places.
    previous
        Last year's zones: village code → school id.
    routing
        Road networks from an earlier analysis of the same roads (built here when not given).
    progress, cancel
        Progress as one bar, and a cancel check.

    Raises
    ------
    InputError
        For a level that is not one, a project without places, last year's zones naming villages or
        schools the project does not have, and seats no arrangement of whole villages fits (with
        the villages and schools involved).
    SolverError
        If no contiguous zones were found within the time limit.
    Cancelled
        If ``cancel`` returned True.
    """
    from gis.analysis import prepare_routing

    options = options or ZoneOptions()
    if options.level not in LEVELS:
        raise InputError(
            Problem(text("unknown level"), field="level", value=options.level, fix=text("use primary or junior"))
        )
    report = Progress(progress, cancel)
    level = options.level
    if populations is None:
        from gis.cohorts import base_year

        populations = [(base_year(project).year, project.population)]
    years = tuple(int(y) for y, _ in populations)
    schools = project.schools
    lo = schools["grade_min"].to_numpy(dtype=int)
    hi = schools["grade_max"].to_numpy(dtype=int)
    entry = ENTRY_GRADE[level]
    eligible = np.flatnonzero((lo <= entry) & (entry <= hi))
    if eligible.size == 0:
        raise InputError(
            Problem(text("no school takes this level's entrants"), layer="schools", field="level", value=level)
        )
    sx = schools.geometry.x.to_numpy()
    sy = schools.geometry.y.to_numpy()
    report(0.0, text("village areas"))
    children = _grade_children(populations, level, standards)  # years × cells × grades
    seats = schools[f"capacity_{level}"].to_numpy(dtype=float)[eligible]
    units = build_units(
        project, villages=villages, school_xy=(sx[eligible], sy[eligible]), school_seats=seats,
        cell_children=children.sum(axis=2).max(axis=0), block_m=options.block_m,
        block_children=options.block_children,
    )  # fmt: skip
    mode = "walk" if level == "primary" else standards.level(level).mode
    if routing is None or mode not in routing.networks:
        report(0.05, text("building the road graph"))
        routing = prepare_routing(project, standards, modes=(mode,))
    net = routing.networks[mode]
    grades = LEVEL_GRADES[level]
    # The grades each eligible school teaches of the level, and where a teaching point's older grades go.
    teaches = np.array([[lo[s] <= g <= hi[s] for g in grades] for s in eligible], dtype=bool)
    feeder = _feeders(net, eligible, teaches, sx, sy)
    cells = np.flatnonzero(children.sum(axis=(0, 2)) > 0)
    report(0.1, text("travel times from the villages to the schools"))
    cand = _candidates(net, cells, project, eligible, sx, sy, standards, units)
    pairs = _pair_times(
        net, cells, units.cell_unit, cand, feeder, eligible, project, sx, sy, standards, report.stage(0.1, 0.4)
    )
    model, info = _model(units, cells, children, pairs, teaches, feeder, eligible, schools, level, standards, previous)
    short = _seats_short(model, units, schools, eligible, years)
    if short:
        raise InputError(short)
    report(0.4, text("drawing the zones"))
    try:
        result = model.solve(
            time_limit=options.time_limit, gap=options.gap, progress=report.stage(0.4, 0.95), cancel=cancel
        )
    except Infeasible as exc:
        raise InputError(_explain(exc, model, units, schools, eligible, years)) from None
    report(0.95, text("zone polygons"))
    return _zones(project, units, result, model, info, eligible, level, years, feeder)


# --- children and travel ---------------------------------------------------------------------------


def _grade_children(
    populations: Sequence[tuple[int, gpd.GeoDataFrame]], level: str, standards: Standards
) -> np.ndarray:
    """Children per year, cell and grade of the level (uniform within grades 1–3, 4–6, 7–9)."""
    from gis.analysis import GRADES_1_3_COLUMN

    out = []
    for _, pop in populations:
        cohort = pop[level].to_numpy(dtype=float)
        if level == "primary":
            if GRADES_1_3_COLUMN in pop.columns:
                low = np.clip(pop[GRADES_1_3_COLUMN].to_numpy(dtype=float), 0.0, cohort)
            else:
                low = cohort * standards.grade1_3_share_of_primary
            out.append(np.column_stack([low / 3] * 3 + [(cohort - low) / 3] * 3))
        else:
            out.append(np.column_stack([cohort / 3] * 3))
    return np.stack(out)


def _feeders(
    net: RoutingNetwork, eligible: np.ndarray, teaches: np.ndarray, sx: np.ndarray, sy: np.ndarray
) -> np.ndarray:
    """For each eligible school not teaching the level's last grade, the nearest (by travel) that
    does; -1 for the others."""
    from gis.travel import nearest_facility

    feeder = np.full(eligible.size, -1, dtype=np.int64)
    short = np.flatnonzero(~teaches[:, -1])
    full = np.flatnonzero(teaches[:, -1])
    if short.size and full.size:
        near = nearest_facility(net, sx[eligible[short]], sy[eligible[short]], sx[eligible[full]], sy[eligible[full]])
        reached = near.facility >= 0
        feeder[short[reached]] = full[near.facility[reached]]
    return feeder


def _candidates(
    net: RoutingNetwork,
    cells: np.ndarray,
    project: Project,
    eligible: np.ndarray,
    sx: np.ndarray,
    sy: np.ndarray,
    standards: Standards,
    units: Units,
) -> list[np.ndarray]:
    """The schools (columns of ``eligible``) each unit may be zoned to: those among the nearest
    of at least one of its cells."""
    from gis.travel import travel_matrix

    pop = project.population
    cx = pop.geometry.x.to_numpy()
    cy = pop.geometry.y.to_numpy()
    near = travel_matrix(
        net, cx[cells], cy[cells], sx[eligible], sy[eligible],
        max_minutes=standards.max_travel_min, k=standards.nearest_schools,
    ).tocoo()  # fmt: skip
    unit = units.cell_unit[cells][near.row]
    n_units = units.n
    key = np.unique(unit.astype(np.int64) * eligible.size + near.col)
    out: list[np.ndarray] = [np.zeros(0, dtype=np.int64) for _ in range(n_units)]
    by_unit = key // eligible.size
    for u in np.unique(by_unit).tolist():
        out[u] = key[by_unit == u] % eligible.size
    # A unit without children (a forest, a village whose children are all grown) still needs a
    # zone, and so does a remote one with no school within the longest allowed trip: the
    # schools nearest to a point inside it, further away if need be.
    empty = np.array([u for u in range(n_units) if out[u].size == 0], dtype=np.int64)
    if empty.size:
        import shapely

        set_empty = set(empty.tolist())
        extra: dict[int, list[np.ndarray]] = {u: [] for u in set_empty}
        inside = shapely.point_on_surface(np.asarray(units.frame.geometry.array, dtype=object)[empty])
        near = travel_matrix(
            net, shapely.get_x(inside), shapely.get_y(inside), sx[eligible], sy[eligible],
            max_minutes=standards.max_travel_min * FAR_FACTOR, k=standards.nearest_schools,
        ).tocsr()  # fmt: skip
        for i, u in enumerate(empty.tolist()):
            out[u] = np.sort(near[i].indices)
        # And the schools its neighbours may go to, so that it can join any zone around it.
        for a, b in units.edges.tolist():
            if a in set_empty:
                extra[a].append(out[b])
            if b in set_empty:
                extra[b].append(out[a])
        for u in empty.tolist():
            out[u] = np.unique(np.concatenate([out[u], *extra[u]]))
    # And every unit the schools of its neighbours: a zone can then reach across it, and a
    # unit next to a full zone has somewhere else to go.
    # The school nearest to most of each unit's cells.
    best = np.array([c[0] if c.size else -1 for c in out], dtype=np.int64)
    if near.nnz:
        csr = near.tocsr()
        rows = np.flatnonzero(np.diff(csr.indptr) > 0)
        first = np.array(
            [csr.indices[csr.indptr[r] + np.argmin(csr.data[csr.indptr[r] : csr.indptr[r + 1]])] for r in rows]
        )
        key = units.cell_unit[cells][rows].astype(np.int64) * eligible.size + first
        pairs, counts = np.unique(key, return_counts=True)
        order = np.lexsort((-counts, pairs // eligible.size))
        pairs = pairs[order]
        lead = np.ones(pairs.size, dtype=bool)
        lead[1:] = pairs[1:] // eligible.size != pairs[:-1] // eligible.size
        best[pairs[lead] // eligible.size] = pairs[lead] % eligible.size
    wider: list[list[int]] = [[] for _ in range(n_units)]
    for a, b in units.edges.tolist():
        if best[b] >= 0:
            wider[a].append(int(best[b]))
        if best[a] >= 0:
            wider[b].append(int(best[a]))
    return [np.unique(np.r_[out[u], np.array(wider[u], dtype=np.int64)]) for u in range(n_units)]


@dataclass(frozen=True)
class _Pairs:
    """Candidate pairs and the cell-level times behind them."""

    unit: np.ndarray  # unit of each pair
    school: np.ndarray  # column of eligible
    n_schools: int
    keys: np.ndarray  # sorted: cell (row of ``cells``) × n_schools + school, for the trips within the limit
    minutes: np.ndarray  # their minutes


def _pair_times(
    net: RoutingNetwork,
    cells: np.ndarray,
    cell_unit: np.ndarray,
    cand: list[np.ndarray],
    feeder: np.ndarray,
    eligible: np.ndarray,
    project: Project,
    sx: np.ndarray,
    sy: np.ndarray,
    standards: Standards,
    report: Progress,
) -> _Pairs:
    """Minutes from every cell of each candidate pair's unit to its school (and to a teaching
    point's full primary), by searches limited to ``max_travel_min``, a few schools at a time."""
    from gis.travel import ZERO_MINUTES, travel_matrix

    pop = project.population
    cx = pop.geometry.x.to_numpy()[cells]
    cy = pop.geometry.y.to_numpy()[cells]
    unit_of_cell = cell_unit[cells]
    pair_unit = (
        np.concatenate([np.full(c.size, u, dtype=np.int64) for u, c in enumerate(cand)])
        if cand
        else np.zeros(0, np.int64)
    )
    pair_school = np.concatenate(cand) if cand else np.zeros(0, np.int64)
    # The units whose cells each school must be timed from: its own pairs and those of the
    # teaching points it takes the older grades of.
    need_units: list[set[int]] = [set() for _ in range(eligible.size)]
    for u, s in zip(pair_unit.tolist(), pair_school.tolist(), strict=True):
        need_units[s].add(u)
        if feeder[s] >= 0:
            need_units[int(feeder[s])].add(u)
    order = np.lexsort((sy[eligible], np.floor(sx[eligible] / 10_000.0)))
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    chunk = 16
    batches = [order[i : i + chunk] for i in range(0, order.size, chunk)]
    for done, batch in enumerate(batches):
        report(done / max(len(batches), 1), text("travel times from the villages to the schools"))
        wanted = sorted(set().union(*(need_units[s] for s in batch.tolist())))
        if not wanted:
            continue
        mine = np.flatnonzero(np.isin(unit_of_cell, wanted))
        times = travel_matrix(
            net, cx[mine], cy[mine], sx[eligible[batch]], sy[eligible[batch]],
            max_minutes=standards.max_travel_min * FAR_FACTOR,
        ).tocoo()  # fmt: skip
        # Keep only the (cell, school) pairs some unit needs.
        ok = np.array(
            [
                unit_of_cell[mine[r]] in need_units[int(batch[c])]
                for r, c in zip(times.row.tolist(), times.col.tolist(), strict=True)
            ],
            dtype=bool,
        )
        rows.append(mine[times.row[ok]])
        cols.append(batch[times.col[ok]])
        vals.append(np.where(times.data[ok] <= ZERO_MINUTES, 0.0, times.data[ok]))
    r = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    v = np.concatenate(vals) if vals else np.zeros(0)
    keys = r.astype(np.int64) * eligible.size + c
    order = np.argsort(keys, kind="stable")
    return _Pairs(pair_unit, pair_school, int(eligible.size), keys[order], v[order])


def _lookup(pairs: _Pairs, cells: np.ndarray, schools: np.ndarray, beyond: float) -> np.ndarray:
    """Minutes of (cell, school) pairs; ``beyond`` for a trip longer than the limit."""
    key = cells.astype(np.int64) * pairs.n_schools + schools
    if pairs.keys.size == 0:
        return np.full(key.size, float(beyond))
    at = np.minimum(np.searchsorted(pairs.keys, key), pairs.keys.size - 1)
    return np.where(pairs.keys[at] == key, pairs.minutes[at], float(beyond))


# --- the model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Info:
    """What the outputs need beyond the model: per pair, the children and their minutes."""

    minutes: np.ndarray  # per pair: the first year's mean minutes
    pair_children: np.ndarray  # first year's children of the pair's unit
    pair_beyond: np.ndarray  # grade 1–3 children beyond 30 minutes' walk of the pair's school (first year)
    unit_children: np.ndarray  # years × units, level children
    unit_grades_1_3: np.ndarray  # first year
    unavoidable: np.ndarray  # per unit: grade 1-3 children beyond 30 minutes of every school
    notes: tuple[str, ...]


def _model(
    units: Units,
    cells: np.ndarray,
    children: np.ndarray,
    pairs: _Pairs,
    teaches: np.ndarray,
    feeder: np.ndarray,
    eligible: np.ndarray,
    schools: gpd.GeoDataFrame,
    level: str,
    standards: Standards,
    previous: Mapping[str, str] | None,
) -> tuple[ZoningModel, _Info]:
    """The zoning model of the candidate pairs, and what the outputs need."""
    n_years = children.shape[0]
    unit_of_cell = units.cell_unit[cells]
    n_units = units.n
    m = eligible.size
    p_unit, p_school = pairs.unit, pairs.school
    n_pairs = p_unit.size
    kids = children[:, cells, :]  # years × cells × grades
    walk_rule = level == "primary"
    threshold = standards.grade1_3_max_min
    # Every (pair, cell of its unit), in one long array: the pair's children and minutes cell by cell.
    by_unit = np.argsort(unit_of_cell, kind="stable")
    starts = np.searchsorted(unit_of_cell[by_unit], np.arange(n_units + 1))
    counts = np.diff(starts)[p_unit]
    pc_pair = np.repeat(np.arange(n_pairs), counts)
    offset = np.arange(pc_pair.size) - np.repeat(np.cumsum(counts) - counts, counts)
    pc_cell = by_unit[starts[p_unit][pc_pair] + offset]
    far_min = standards.max_travel_min * FAR_FACTOR
    t_own = _lookup(pairs, pc_cell, p_school[pc_pair], far_min)
    pc_feeder = feeder[p_school[pc_pair]]
    t_fed = np.where(pc_feeder >= 0, _lookup(pairs, pc_cell, np.maximum(pc_feeder, 0), far_min), 0.0)
    mask = teaches[p_school[pc_pair]]
    load = np.zeros((n_years, n_pairs))
    fed = np.zeros((n_years, n_pairs))
    child_minutes = np.zeros((n_years, n_pairs))
    for y in range(n_years):
        grade_kids = kids[y][pc_cell]
        own = (grade_kids * mask).sum(axis=1)
        rest = grade_kids.sum(axis=1) - own
        load[y] = np.bincount(pc_pair, weights=own, minlength=n_pairs)
        fed[y] = np.bincount(pc_pair, weights=rest, minlength=n_pairs)
        child_minutes[y] = np.bincount(pc_pair, weights=own * t_own + rest * t_fed, minlength=n_pairs)
    cost = child_minutes.mean(axis=0)
    # A unit without children costs nothing anywhere: it goes to the school nearest to it (a
    # thousandth of a child's minute per kilometre), not wherever the solver happens to put it.
    empty = np.flatnonzero((load + fed).sum(axis=0) <= 0)
    if empty.size:
        import shapely

        inside = shapely.point_on_surface(np.asarray(units.frame.geometry.array, dtype=object)[p_unit[empty]])
        row = eligible[p_school[empty]]
        km = (
            np.hypot(
                shapely.get_x(inside) - schools.geometry.x.to_numpy()[row],
                shapely.get_y(inside) - schools.geometry.y.to_numpy()[row],
            )
            / 1000.0
        )
        cost[empty] = 1e-3 * km
    first_children = load[0] + fed[0]
    first_minutes = np.divide(child_minutes[0], first_children, out=np.zeros(n_pairs), where=first_children > 0)
    best_time = np.full(cells.size, np.inf)
    np.minimum.at(best_time, pc_cell, t_own)
    beyond: np.ndarray
    if walk_rule:
        beyond = np.bincount(
            pc_pair, weights=kids[0][pc_cell][:, :3].sum(axis=1) * (t_own > threshold), minlength=n_pairs
        )
    else:
        beyond = np.zeros(n_pairs)
    grade_1_3 = kids[0][:, :3].sum(axis=1) if walk_rule else np.zeros(cells.size)
    unit_g13 = np.bincount(unit_of_cell, weights=grade_1_3, minlength=n_units)
    # The baseline: children beyond 30 minutes of every school (of their candidates: the nearest are among them).
    far = (best_time > threshold) & walk_rule
    unavoidable = np.bincount(unit_of_cell, weights=grade_1_3 * far, minlength=n_units)
    notes: list[str] = list(units.notes)
    # Children the baseline has within 30 minutes of some school whom the pair leaves beyond.
    avoidable = np.maximum(beyond - unavoidable[p_unit], 0.0) if walk_rule else None
    # Loads: years × schools rows; a pair loads its school and its teaching point's full primary.
    rows_l = []
    cols_l = []
    vals_l = []
    for y in range(n_years):
        rows_l += [y * m + p_school, y * m + np.maximum(feeder[p_school], 0)]
        cols_l += [np.arange(n_pairs), np.arange(n_pairs)]
        vals_l += [load[y], np.where(feeder[p_school] >= 0, fed[y], 0.0)]
    load_matrix = sp.csr_matrix(
        (np.concatenate(vals_l), (np.concatenate(rows_l), np.concatenate(cols_l))), shape=(n_years * m, n_pairs)
    )
    load_matrix.eliminate_zeros()
    seats = schools[f"capacity_{level}"].to_numpy(dtype=float)[eligible]
    root = _roots(units, schools, eligible, p_unit, p_school, load, seats)
    prev = None
    if previous is not None:
        prev = _previous(previous, units, schools, eligible)
    edges = units.edges
    model = ZoningModel(
        n_units=n_units,
        seats=seats,
        pair_unit=p_unit,
        pair_school=p_school,
        cost=cost,
        load=load_matrix,
        edges=edges,
        root=root,
        previous=prev,
        beyond=avoidable,
        over_weight=OVER_WEIGHT,
    )
    unit_children = np.stack(
        [np.bincount(unit_of_cell, weights=kids[y].sum(axis=1), minlength=n_units) for y in range(n_years)]
    )
    info = _Info(
        minutes=first_minutes,
        pair_children=first_children,
        pair_beyond=beyond,
        unit_children=unit_children,
        unit_grades_1_3=unit_g13,
        unavoidable=unavoidable,
        notes=tuple(notes),
    )
    return model, info


def _home_units(units: Units, schools: gpd.GeoDataFrame, eligible: np.ndarray) -> np.ndarray:
    """The unit each eligible school stands in (the nearest when outside every unit)."""
    import shapely

    geoms = np.asarray(units.frame.geometry.array, dtype=object)
    pts = np.asarray(schools.geometry.array, dtype=object)[eligible]
    tree = shapely.STRtree(geoms)
    where = np.full(eligible.size, -1, dtype=np.int64)
    a, b = tree.query(pts, predicate="intersects")
    where[a[::-1]] = b[::-1]
    lost = np.flatnonzero(where < 0)
    if lost.size:
        i, j = tree.query_nearest(pts[lost], all_matches=False)
        where[lost[i]] = j
    return where


def _roots(
    units: Units,
    schools: gpd.GeoDataFrame,
    eligible: np.ndarray,
    p_unit: np.ndarray,
    p_school: np.ndarray,
    load: np.ndarray,
    seats: np.ndarray,
) -> np.ndarray:
    """Each school's root: the unit it stands in, when no other school of the level stands there,
    the pair is a candidate and the unit's children fit its seats in every year."""
    where = _home_units(units, schools, eligible)
    counts = np.bincount(where, minlength=units.n)
    root = np.full(eligible.size, -1, dtype=np.int64)
    index = {(int(u), int(s)): p for p, (u, s) in enumerate(zip(p_unit, p_school, strict=True))}
    for s in range(eligible.size):
        u = int(where[s])
        p = index.get((u, s))
        if counts[u] == 1 and p is not None and (load[:, p] <= seats[s] + 1e-6).all():
            root[s] = u
    return root


def _previous(previous: Mapping[str, str], units: Units, schools: gpd.GeoDataFrame, eligible: np.ndarray) -> np.ndarray:
    """Last year's school of each unit (column of ``eligible``), -1 for units not in the table."""
    codes = {str(c): i for i, c in enumerate(units.frame["code"].astype(str))}
    ids = {str(schools["school_id"].iloc[s]): k for k, s in enumerate(eligible.tolist())}
    out = np.full(units.n, -1, dtype=np.int64)
    problems = []
    for code, school in previous.items():
        if str(code) not in codes:
            problems.append(
                Problem(
                    text("village code not among the project's villages"),
                    field="village_code",
                    value=str(code),
                    fix=text("use the codes of the zones table SchoolPlan writes (zones.csv)"),
                )
            )
            continue
        if str(school) not in ids:
            problems.append(
                Problem(
                    text("school not among the schools of this level"),
                    feature=str(code),
                    field="school_id",
                    value=str(school),
                    fix=text("use the school codes of the project"),
                )
            )
            continue
        out[codes[str(code)]] = ids[str(school)]
    if problems:
        raise InputError(problems)
    return out


# --- when nothing fits ---------------------------------------------------------------------------


def _explain(
    exc: Infeasible,
    model: ZoningModel,
    units: Units,
    schools: gpd.GeoDataFrame,
    eligible: np.ndarray,
    years: tuple[int, ...],
) -> list[Problem]:
    """Why no zones fit, in words: the villages and the schools involved."""
    names = units.frame["name"].astype(str).to_numpy()
    school_names = schools["name"].astype(str).to_numpy()[eligible]
    school_ids = schools["school_id"].astype(str).to_numpy()[eligible]
    uncovered = np.asarray(exc.args[0]) if exc.args else np.zeros(0, dtype=np.int64)
    if uncovered.size:
        return [
            Problem(
                text("no school of the level can take this village within the rules"),
                layer="places",
                feature=str(names[u]),
                fix=text("check the roads near it, or add a school"),
            )
            for u in uncovered.tolist()
        ]
    problems = _seats_short(model, units, schools, eligible, years)
    if problems:
        return problems
    # Whole villages in one piece do not fit, though the children would if villages could be split.
    x_need = np.asarray(model.load.sum(axis=1)).ravel()
    tight = np.argsort(-(x_need[: model.n_schools] / np.maximum(model.seats, 1.0)))[:5]
    return [
        Problem(
            text(
                "no arrangement of whole villages in contiguous zones fits the seats; "
                "the schools with least to spare: {schools}",
                schools="、".join(f"{school_names[s]} ({school_ids[s]}, {model.seats[s]:,.0f} seats)" for s in tight),
            ),
            layer="schools",
            field="capacity",
            fix=text("add seats at these schools, or cut the towns into smaller blocks (--blocks)"),
        )
    ]


def _seats_short(
    model: ZoningModel, units: Units, schools: gpd.GeoDataFrame, eligible: np.ndarray, years: tuple[int, ...]
) -> list[Problem]:
    """Seats short in every arrangement, in words: a village bigger than every school it may go
    to, or villages whose children exceed the seats of all the schools they may go to (even split
    between them); none when the children fit."""
    names = units.frame["name"].astype(str).to_numpy()
    school_names = schools["name"].astype(str).to_numpy()[eligible]
    school_ids = schools["school_id"].astype(str).to_numpy()[eligible]
    problems = []
    m = model.n_schools
    # A village bigger than every school it may go to.
    for y, year in enumerate(years):
        block = model.load[y * m : (y + 1) * m].tocoo()
        mine = model.pair_school[block.col] == block.row
        own = np.zeros(model.pair_unit.size)
        own[block.col[mine]] = block.data[mine]
        room = model.seats[model.pair_school]
        fits = np.zeros(model.n_units, dtype=bool)
        fits[model.pair_unit[own <= room + 1e-6]] = True
        for u in np.flatnonzero(~fits).tolist():
            choices = np.flatnonzero(model.pair_unit == u)
            problems.append(
                Problem(
                    text(
                        "in {year}, the village {village} has {children:,.0f} children, more than any school it may "
                        "go to can seat ({schools})",
                        year=year,
                        village=names[u],
                        children=float(own[choices].min()) if choices.size else 0.0,
                        schools="、".join(
                            f"{school_names[s]} ({school_ids[s]}, {model.seats[s]:,.0f})"
                            for s in model.pair_school[choices][:6]
                        ),
                    ),
                    layer="places",
                    feature=str(names[u]),
                    fix=text("add seats at a school near it, or give the village's boundaries in parts (--villages)"),
                )
            )
    if problems:
        return problems
    for y, year in enumerate(years):
        block = model.load[y * m : (y + 1) * m]
        deficit = _hall_deficit(model, block)
        if deficit is None:
            continue
        village_set, school_set, children, seats = deficit
        problems.append(
            Problem(
                text(
                    "in {year}, the villages {villages} ({children:,.0f} children) can only go to the schools "
                    "{schools} ({seats:,.0f} seats): no arrangement fits",
                    year=year,
                    villages="、".join(names[village_set][:12]) + ("…" if village_set.size > 12 else ""),
                    children=children,
                    schools="、".join(f"{school_names[s]} ({school_ids[s]})" for s in school_set[:12]),
                    seats=seats,
                ),
                layer="schools",
                field="capacity",
                fix=text("add seats at these schools, or open a school for these villages"),
            )
        )
    return problems


def _hall_deficit(model: ZoningModel, block: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, float, float] | None:
    """A set of units whose children exceed the seats of every school they may go to (even split
    over schools), by a maximum flow and its minimum cut; None when the flow places everyone."""
    from scipy.sparse.csgraph import breadth_first_order, maximum_flow

    n, m = model.n_units, model.n_schools
    # Each unit's children (on its own school); a pair's smallest own load is the unit's (a teaching
    # point takes fewer grades); the older grades only add to the seats needed, so leaving them
    # out keeps this a true lower bound of what any zones need.
    own = np.zeros(model.pair_unit.size)
    coo = block.tocoo()
    mine = model.pair_school[coo.col] == coo.row
    own[coo.col[mine]] = coo.data[mine]
    need = np.full(n, np.inf)
    np.minimum.at(need, model.pair_unit, own)
    need[~np.isfinite(need)] = 0.0
    scale = 100.0
    source, sink = n + m, n + m + 1
    big = int(np.floor(need.sum() * scale)) + 1
    rows = np.r_[np.full(n, source), model.pair_unit, n + np.arange(m)]
    cols = np.r_[np.arange(n), n + model.pair_school, np.full(m, sink)]
    caps = np.r_[np.floor(need * scale), np.full(model.pair_unit.size, big), np.ceil(model.seats * scale)].astype(
        np.int64
    )
    graph = sp.csr_matrix((caps, (rows, cols)), shape=(n + m + 2, n + m + 2))
    graph.sum_duplicates()
    flow = maximum_flow(graph.astype(np.int32) if big < 2**31 else graph, source, sink)
    if flow.flow_value >= int(np.floor(need * scale).sum()):
        return None
    residual = graph - flow.flow
    residual.data = np.where(residual.data > 0, residual.data, 0)
    residual.eliminate_zeros()
    reached = breadth_first_order(residual, source, directed=True, return_predecessors=False)
    side = np.zeros(n + m + 2, dtype=bool)
    side[reached] = True
    villages = np.flatnonzero(side[:n] & (need > 0))
    schools = np.flatnonzero(side[n : n + m])
    return villages, schools, float(need[villages].sum()), float(model.seats[schools].sum())


# --- the answer ------------------------------------------------------------------------------------


def _zones(
    project: Project,
    units: Units,
    result: ZoningResult,
    model: ZoningModel,
    info: _Info,
    eligible: np.ndarray,
    level: str,
    years: tuple[int, ...],
    feeder: np.ndarray,
) -> Zones:
    import geopandas as gpd
    import shapely

    schools = project.schools
    frame = units.frame
    n = units.n
    index = {(int(u), int(s)): p for p, (u, s) in enumerate(zip(model.pair_unit, model.pair_school, strict=True))}
    chosen = np.array([index[(u, int(result.assignment[u]))] for u in range(n)], dtype=np.int64)
    school = eligible[result.assignment]
    township_names = {}
    if project.townships is not None and len(project.townships):
        township_names = dict(
            zip(project.townships["code"].astype(str), project.townships["name"].astype(str), strict=False)
        )
    previous = model.previous
    villages = gpd.GeoDataFrame(
        {
            "village_code": frame["code"].astype(str).to_numpy(),
            "village_name": frame["name"].astype(str).to_numpy(),
            "township": frame["township"].astype(str).to_numpy(),
            "township_name": [township_names.get(t, "") for t in frame["township"].astype(str)],
            "kind": frame["kind"].to_numpy(),
            "school_id": schools["school_id"].astype(str).to_numpy()[school],
            "school_name": schools["name"].astype(str).to_numpy()[school],
            "children": np.round(info.unit_children[0], 1),
            "peak_children": np.round(info.unit_children.max(axis=0), 1),
            "grades_1_3": np.round(info.unit_grades_1_3, 1),
            "travel_min": np.round(info.minutes[chosen], 1),
            "beyond_30": np.round(info.pair_beyond[chosen], 1),
            "changed": (previous >= 0) & (previous != result.assignment) if previous is not None else None,
        },
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
    )
    zone_rows = []
    m = model.n_schools
    used = (
        np.asarray(model.load @ np.bincount(chosen, minlength=model.pair_unit.size).astype(float))
        .ravel()
        .reshape(len(years), m)
    )
    geoms = np.asarray(frame.geometry.array, dtype=object)
    for s in np.unique(result.assignment).tolist():
        members = np.flatnonzero(result.assignment == s)
        row = int(eligible[s])
        weight = info.pair_children[chosen[members]]
        f = int(feeder[s])
        zone_rows.append(
            {
                "school_id": str(schools["school_id"].iloc[row]),
                "school_name": str(schools["name"].iloc[row]),
                "type": str(schools["type"].iloc[row]),
                "seats": float(model.seats[s]),
                "children": round(float(used[0, s]), 1),
                "peak_children": round(float(used[:, s].max()), 1),
                "villages": int(members.size),
                "travel_min": round(
                    float(np.average(info.minutes[chosen[members]], weights=weight)) if weight.sum() > 0 else 0.0, 1
                ),
                "continues_to": str(schools["school_id"].iloc[int(eligible[f])]) if f >= 0 else "",
                "over_seats": round(float(result.over_seats[:, s].max()), 1),
                "geometry": shapely.union_all(geoms[members]),
            }
        )
    zones = gpd.GeoDataFrame(zone_rows, geometry="geometry", crs=frame.crs)
    beyond = float(info.pair_beyond[chosen].sum())
    unavoidable = float(info.unavoidable.sum())
    notes = list(info.notes)
    over = result.over_seats.max(axis=0)
    if (over > 0.5).any():
        short = np.flatnonzero(over > 0.5)
        notes.append(
            text(
                "whole villages in contiguous zones do not fit every school's seats: {schools} hold more "
                "children than seats ({children:,.0f} over in all); add seats there, or cut the villages "
                "into blocks (--villages)",
                schools="、".join(
                    f"{schools['name'].iloc[int(eligible[k])]} (+{over[k]:,.0f})" for k in short[:12].tolist()
                ),
                children=float(over[short].sum()),
            )
        )
    if units.source == "voronoi":
        notes.append(
            text(
                "the county has no village boundaries: each village's area is the part of its township "
                "nearest to it (Voronoi)"
            )
        )
    return Zones(
        level=level,
        years=tuple(years),
        villages=villages,
        zones=zones,
        source=units.source,
        objective=result.objective,
        travel=result.travel,
        bound=result.bound,
        gap=result.gap,
        status=result.status,
        rounds=result.rounds,
        cuts=result.cuts,
        seconds=result.seconds,
        start=result.start,
        changes=result.changes,
        changes_bound=result.changes_bound,
        beyond_30=beyond,
        beyond_30_unavoidable=min(unavoidable, beyond),
        beyond_30_least=float(result.beyond_bound or 0.0),
        notes=tuple(notes),
    )
