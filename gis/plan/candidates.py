"""The actions a county plan may take, and where they come from.

Every action has an id a planner can name to force or forbid it:

- ``close:ID`` close a school; ``teaching_point:ID`` keep a small primary school for grades 1–3
  only; ``merge:ID>INTO`` merge a small school into a small neighbour (it takes the seats, beds
  and staff); candidates are the schools with fewer pupils than the small-school size
  (``classes.small_school``) in the base year or in any year of the horizon.
- ``expand:ID:LEVEL`` add classrooms of the standard class size: every school short of seats in
  any year of the forecast, the school nearest to each closure candidate, and each merge's receiver.
- ``beds:ID`` add boarding beds (and, for a school that does not board, make it a boarding school):
  every school that teaches grade 4 or above.
- ``new:SITE`` build a new school at a candidate site: teaching points where grade 1–3 children
  walk beyond the rule, day schools where children find no seat (the county seat and the towns),
  boarding schools where older pupils are beyond their day-travel rule, and the planner's own sites.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from gis.errors import InputError, Problem
from gis.messages import text
from gis.schema import TYPE_GRADES

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.analysis import Analysis
    from gis.forecast import Forecast
    from gis.network import RoutingNetwork
    from gis.project import Project

#: The kinds of action a plan takes, in the order plan tables list them.
ACTION_KINDS = ("close", "teaching_point", "merge", "expand", "beds", "new")


@dataclass(frozen=True)
class Site:
    """A candidate site for a new school: its id (``N01`` …), name, point, type and whether it boards."""

    id: str
    name: str
    x: float
    y: float
    type: str
    boarding: bool = False
    reason: str = "planner"

    @property
    def grades(self) -> tuple[int, int]:
        """The grades a school of this type teaches."""
        return TYPE_GRADES[self.type]


@dataclass(frozen=True)
class Candidates:
    """The candidate actions of a plan, by kind, as rows of the project's schools and sites."""

    close: tuple[int, ...] = ()
    teaching_point: tuple[int, ...] = ()
    merge: tuple[tuple[int, int], ...] = ()
    expand: tuple[tuple[int, str], ...] = ()
    beds: tuple[int, ...] = ()
    sites: tuple[Site, ...] = ()
    school_ids: tuple[str, ...] = field(default=(), repr=False)

    def ids(self) -> list[str]:
        """Every candidate's id."""
        sid = self.school_ids
        return [
            *(f"close:{sid[s]}" for s in self.close),
            *(f"teaching_point:{sid[s]}" for s in self.teaching_point),
            *(f"merge:{sid[s]}>{sid[r]}" for s, r in self.merge),
            *(f"expand:{sid[s]}:{level}" for s, level in self.expand),
            *(f"beds:{sid[s]}" for s in self.beds),
            *(f"new:{site.id}" for site in self.sites),
        ]


@dataclass(frozen=True)
class PlannerChoices:
    """What the planner adds, forces or forbids: sites of their own and candidate ids."""

    sites: tuple[Site, ...] = ()
    force: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()


def find_candidates(
    baseline: Analysis,
    forecast: Forecast,
    *,
    networks: dict[str, RoutingNetwork],
    choices: PlannerChoices | None = None,
    max_sites: int | None = None,
) -> Candidates:
    """The candidate actions of a county plan (see the module's description).

    Parameters
    ----------
    baseline
        The base year's analysis (the travel times and the children without a seat).
    forecast
        The forecast of the plan's years (each school's pupils and seats year by year).
    networks
        The compiled road networks (the distance from each closure candidate to its neighbours).
    choices
        The planner's own sites (added) and forced or forbidden ids (checked in the plan).
    max_sites
        New sites of each kind found; by default the rules' ``planning.max_new_sites``.
    """
    from gis.travel import travel_matrix

    project = baseline.project
    std = baseline.standards
    schools = project.schools
    ids = tuple(schools["school_id"].astype(str))
    n = len(schools)
    n_sites = max_sites if max_sites is not None else std.planning.max_new_sites
    pupils = forecast.school_pupils.sum(axis=2)  # years × schools
    base = np.zeros(n)
    for result in baseline.levels.values():
        base += result.school_load
    lowest = np.minimum(base, pupils.min(axis=0)) if pupils.size else base
    small = lowest < std.small_school
    close = tuple(int(s) for s in np.flatnonzero(small))
    types = schools["type"].astype(str).to_numpy()
    teaching_point = tuple(int(s) for s in np.flatnonzero(small & (types == "primary")))

    sx = schools.geometry.x.to_numpy()
    sy = schools.geometry.y.to_numpy()
    merge: list[tuple[int, int]] = []
    nearest_other = np.full(n, -1)
    if close and n > 1:
        net = networks[std.level("primary").mode]
        near = travel_matrix(net, sx[list(close)], sy[list(close)], sx, sy, max_minutes=std.max_travel_min, k=4).tocoo()
        for i, s in enumerate(close):
            mine = (near.row == i) & (near.col != s) & _same_level(schools, s, near.col)
            if mine.any():
                j = near.col[mine][np.argmin(near.data[mine])]
                nearest_other[s] = j
                if small[j] and (base[j], j) > (base[s], s):
                    merge.append((s, int(j)))

    balance = forecast.seat_balance()  # years × schools × levels
    expand: set[tuple[int, str]] = set()
    for k, level in enumerate(("primary", "junior")):
        for row in np.flatnonzero((balance[:, :, k] < -0.5).any(axis=0)):
            expand.add((int(row), level))
    for s in close:
        j = int(nearest_other[s])
        if j >= 0:
            for level in _levels(schools, s):
                if level in _levels(schools, j):
                    expand.add((j, level))
    for _s, r in merge:
        for level in _levels(schools, r):
            expand.add((r, level))
    beds = tuple(int(s) for s in np.flatnonzero(schools["grade_max"].to_numpy(dtype=int) >= 4))

    sites = _find_sites(baseline, n_sites)
    if choices is not None:
        taken = {site.id for site in sites}
        for site in choices.sites:
            if site.id in taken:
                raise InputError(
                    Problem(
                        text("this site code is already a candidate"),
                        field="site",
                        value=site.id,
                        fix=text("give it another code"),
                    )
                )
            taken.add(site.id)
        sites = sites + tuple(choices.sites)
    return Candidates(
        close=close,
        teaching_point=teaching_point,
        merge=tuple(merge),
        expand=tuple(sorted(expand, key=lambda e: (e[0], e[1]))),
        beds=beds,
        sites=sites,
        school_ids=ids,
    )


def _levels(schools: gpd.GeoDataFrame, row: int) -> list[str]:
    lo = int(schools["grade_min"].iloc[row])
    hi = int(schools["grade_max"].iloc[row])
    return [level for level, (a, b) in (("primary", (1, 6)), ("junior", (7, 9))) if lo <= b and hi >= a]


def _same_level(schools: gpd.GeoDataFrame, row: int, others: np.ndarray) -> np.ndarray:
    lo = schools["grade_min"].to_numpy(dtype=int)
    hi = schools["grade_max"].to_numpy(dtype=int)
    return (lo[others] <= hi[row]) & (hi[others] >= lo[row])


def _find_sites(baseline: Analysis, n_sites: int) -> tuple[Site, ...]:
    """Candidate sites: cells with most grade 1–3 children beyond the walking rule (teaching points),
    with most children without a seat (day schools), with most older pupils beyond their rule
    (boarding schools)."""
    project = baseline.project
    pop = project.population
    cx = pop.geometry.x.to_numpy()
    cy = pop.geometry.y.to_numpy()
    sites: list[Site] = []
    primary = baseline.levels["primary"]
    junior = baseline.levels["junior"]
    g13 = primary.groups[0]
    beyond = np.zeros(len(pop))
    beyond[primary.cells] = np.where(g13.within, 0.0, g13.children)
    sites += _pick(project, cx, cy, beyond, 1500.0, 2500.0, n_sites * 2, "teaching_point", False, "beyond")
    for result, kind in ((primary, "primary"), (junior, "junior")):
        seatless = np.zeros(len(pop))
        seatless[result.cells] = result.overflow
        sites += _pick(project, cx, cy, seatless, 1000.0, 1500.0, max(2, n_sites // 2), kind, False, "unplaced")
    sites += _crowded_sites(baseline, cx, cy)
    older = np.zeros(len(pop))
    for result in (primary, junior):
        for group in result.groups:
            if group.name == "grades_1_3":
                continue
            older[result.cells] += np.where(group.within, 0.0, group.children)
    sites += _pick(project, cx, cy, older, 5000.0, 8000.0, max(2, n_sites // 2), "nine_year", True, "boarding")
    return tuple(
        Site(f"N{k + 1:02d}", site.name, site.x, site.y, site.type, site.boarding, site.reason)
        for k, site in enumerate(sites)
    )


def _crowded_sites(baseline: Analysis, cx: np.ndarray, cy: np.ndarray) -> list[Site]:
    """A new day school beside each school whose recorded pupils exceed its seats by a class or more
    (the county seat's over-full schools): at the populated cell 0.6–2 km from it with the most
    children within 1 km, away from every other school."""
    from scipy.spatial import cKDTree

    project = baseline.project
    schools = project.schools
    sx = schools.geometry.x.to_numpy()
    sy = schools.geometry.y.to_numpy()
    pop = project.population
    weight = pop["primary"].to_numpy(dtype=float) + pop["junior"].to_numpy(dtype=float)
    tree = cKDTree(np.column_stack([cx, cy]))
    school_tree = cKDTree(np.column_stack([sx, sy]))
    out: list[Site] = []
    for level, grades, kind in (("primary", range(1, 7), "primary"), ("junior", range(7, 10), "junior")):
        size = baseline.standards.level(level).class_size
        recorded = schools[[f"enrol_g{g}" for g in grades]].to_numpy(dtype=float).sum(axis=1)
        over = recorded - schools[f"capacity_{level}"].to_numpy(dtype=float)
        for s in np.argsort(-over):
            if over[s] < size:
                break
            ring = np.array(tree.query_ball_point([sx[s], sy[s]], r=2000.0), dtype=np.int64)
            if ring.size == 0:
                continue
            gap = school_tree.query(np.column_stack([cx[ring], cy[ring]]))[0]
            ring = ring[gap >= 600.0]
            if any(np.hypot(site.x - sx[s], site.y - sy[s]) < 1500.0 for site in out if site.type == kind):
                continue
            if ring.size == 0:
                continue
            score = np.array([weight[tree.query_ball_point([cx[i], cy[i]], r=1000.0)].sum() for i in ring])
            best = int(ring[int(np.argmax(score))])
            x, y = float(cx[best]), float(cy[best])
            out.append(Site("", _place_name(project.places, x, y), x, y, kind, False, "crowded"))
    return out


def _pick(
    project: Project,
    cx: np.ndarray,
    cy: np.ndarray,
    weight: np.ndarray,
    radius: float,
    spacing: float,
    count: int,
    kind: str,
    boarding: bool,
    reason: str,
) -> list[Site]:
    """Up to ``count`` cells with the most ``weight`` within ``radius`` (a square window of the grid,
    summed by a filter over the grid's rows and columns: memory of the grid, not of the pairs of
    cells), at least ``spacing`` apart."""
    from scipy.ndimage import uniform_filter

    live = np.flatnonzero(weight > 0)
    if live.size == 0 or count <= 0:
        return []
    pop = project.population
    rows = pop["row"].to_numpy(dtype=np.int64)
    cols = pop["col"].to_numpy(dtype=np.int64)
    r0, c0 = rows.min(), cols.min()
    grid = np.zeros((rows.max() - r0 + 1, cols.max() - c0 + 1))
    np.add.at(grid, (rows[live] - r0, cols[live] - c0), weight[live])
    width = 2 * max(1, round(radius / project.cell_size)) + 1
    summed = uniform_filter(grid, size=width, mode="constant") * width * width
    score = summed[rows[live] - r0, cols[live] - c0]
    chosen: list[int] = []
    for i in np.argsort(-score, kind="stable"):
        if len(chosen) >= count:
            break
        if any(np.hypot(cx[live[i]] - cx[live[j]], cy[live[i]] - cy[live[j]]) < spacing for j in chosen):
            continue
        chosen.append(int(i))
    out = []
    for i in chosen:
        x, y = float(cx[live[i]]), float(cy[live[i]])
        out.append(Site("", _place_name(project.places, x, y), x, y, kind, boarding, reason))
    return out


def _place_name(places: object, x: float, y: float) -> str:
    """The name of the nearest place (village, town), or empty."""
    if places is None or not len(places):  # type: ignore[arg-type]
        return ""
    px = places.geometry.x.to_numpy()  # type: ignore[attr-defined]
    py = places.geometry.y.to_numpy()  # type: ignore[attr-defined]
    return str(places["name"].iloc[int(np.argmin(np.hypot(px - x, py - y)))])  # type: ignore[index]
