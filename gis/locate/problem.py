"""Location problems built from a project: clients (grid cells), sites (schools and candidates), trips.

:func:`location_problem` is the geographic constructor the models share: it turns a project
into the cost matrix their ``from_cost_matrix`` constructors take, with the sites' kinds,
names, positions and seats, and which sites are fixed open or excluded. Each model's
``from_project`` builds one and delegates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from gis.errors import InputError, Problem

if TYPE_CHECKING:
    from gis.network import RoutingNetwork
    from gis.progress import ProgressFn
    from gis.project import Project
    from gis.standards import Standards

EXISTING = ("fixed", "closable", "excluded")
CANDIDATES = ("places", "cells")
# The groups of children of each level, their grades and the share of the level's cohort.
GROUPS = {"grades_1_3": ("primary", (1, 3)), "grades_4_6": ("primary", (4, 6)), "grades_7_9": ("junior", (7, 9))}


@dataclass(frozen=True, eq=False)
class LocationProblem:
    """Clients, sites and the trips between them, as the location models take them.

    Attributes
    ----------
    group
        ``grades_1_3``, ``grades_4_6`` or ``grades_7_9``; ``level`` is its school level.
    costs
        Minutes from each client (row) to each site (column) by the group's travel mode;
        ``inf`` beyond ``max_minutes`` or where no road leads.
    weights
        Children of the group in each client cell.
    client_cells
        Rows of the project's population layer.
    site_kind
        ``school`` (an existing school teaching the group), ``place`` (a village or
        township seat) or ``cell`` (a populated grid cell).
    site_ref
        The school code, place name or cell id of each site.
    site_x, site_y
        Site positions in the project CRS.
    capacities
        Seats of the level at existing schools; ``default_capacity`` at candidates.
    fixed_open, excluded
        Site indices the models must keep open or may not open.
    threshold_min
        The group's travel rule (minutes).
    """

    group: str
    level: str
    costs: np.ndarray
    weights: np.ndarray
    client_cells: np.ndarray
    site_kind: np.ndarray
    site_ref: np.ndarray
    site_x: np.ndarray
    site_y: np.ndarray
    capacities: np.ndarray
    fixed_open: np.ndarray
    excluded: np.ndarray
    threshold_min: float

    @property
    def schools(self) -> np.ndarray:
        """Indices of the sites that are existing schools."""
        return np.flatnonzero(self.site_kind == "school")


def location_problem(
    project: Project,
    standards: Standards,
    *,
    group: str = "grades_1_3",
    existing: str = "closable",
    candidates: Iterable[str] = ("places",),
    candidate_cells: int | None = None,
    default_capacity: float = 0.0,
    max_minutes: float | None = None,
    networks: dict[str, RoutingNetwork] | None = None,
    progress: ProgressFn | None = None,
) -> LocationProblem:
    """The location problem of one group of children of a project.

    Parameters
    ----------
    project, standards
        The county and its rules (travel mode and limit of the group).
    group
        ``grades_1_3`` (walking, 30-minute rule), ``grades_4_6`` or ``grades_7_9``.
    existing
        What the models may do with the existing schools that teach the group: keep them
        ``fixed`` open, treat them as ``closable`` (sites like any other) or leave them out
        (``excluded``).
    candidates
        New sites: ``places`` (villages and township seats) and/or ``cells`` (the populated
        cells with most children of the group; how many: ``candidate_cells``, default the
        rules' ``planning.candidate_cells``).
    default_capacity
        Seats given to candidate sites.
    max_minutes
        Longest trip kept (default the rules' ``assignment.max_travel_min``).
    networks
        Compiled networks by mode, to reuse those of an analysis.
    progress
        Called with the fraction done and a message.

    Raises
    ------
    InputError
        An unknown group, ``existing`` choice or candidate kind; a problem with no clients
        or no sites.
    """
    from gis.analysis import serves
    from gis.network import compile_network, road_segments
    from gis.travel import travel_matrix

    chosen = tuple(candidates)
    problems: list[Problem] = []
    if group not in GROUPS:
        problems.append(Problem("unknown group of children", field="group", value=group, fix=", ".join(GROUPS)))
    if existing not in EXISTING:
        problems.append(
            Problem("unknown treatment of existing schools", field="existing", value=existing, fix=", ".join(EXISTING))
        )
    for kind in chosen:
        if kind not in CANDIDATES:
            problems.append(
                Problem("unknown kind of candidate site", field="candidates", value=kind, fix=", ".join(CANDIDATES))
            )
    if problems:
        raise InputError(problems)
    level, (lo, hi) = GROUPS[group]
    if group == "grades_1_3":
        mode, threshold = "walk", standards.grade1_3_max_min
    else:
        rule = standards.level(level)
        mode, threshold = rule.mode, rule.threshold_min
    share = standards.grade1_3_share_of_primary
    fraction = 1.0 if level == "junior" else (share if group == "grades_1_3" else 1 - share)
    pop = project.population
    cohort = pop[level].to_numpy(dtype=float) * fraction
    cells = np.flatnonzero(cohort > 0)
    schools = project.schools
    teach = np.flatnonzero(serves(schools, lo) & serves(schools, hi))
    kinds: list[np.ndarray] = []
    refs: list[np.ndarray] = []
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    caps: list[np.ndarray] = []
    # Existing schools come first; excluded ones stay as columns (never opened) so that the
    # first columns are always the schools teaching the group.
    kinds.append(np.full(teach.size, "school", dtype=object))
    refs.append(schools["school_id"].astype(str).to_numpy()[teach])
    xs.append(schools.geometry.x.to_numpy()[teach])
    ys.append(schools.geometry.y.to_numpy()[teach])
    caps.append(schools[f"capacity_{level}"].to_numpy(dtype=float)[teach])
    if "places" in chosen and len(project.places):
        places = project.places
        kinds.append(np.full(len(places), "place", dtype=object))
        refs.append(places["name"].astype(str).to_numpy())
        xs.append(places.geometry.x.to_numpy())
        ys.append(places.geometry.y.to_numpy())
        caps.append(np.full(len(places), float(default_capacity)))
    if "cells" in chosen and cells.size:
        count = standards.planning.candidate_cells if candidate_cells is None else int(candidate_cells)
        top = cells[np.argsort(-cohort[cells], kind="stable")[: max(count, 0)]]
        kinds.append(np.full(top.size, "cell", dtype=object))
        refs.append(pop["cell_id"].astype(str).to_numpy()[top])
        xs.append(pop.geometry.x.to_numpy()[top])
        ys.append(pop.geometry.y.to_numpy()[top])
        caps.append(np.full(top.size, float(default_capacity)))
    site_kind = np.concatenate(kinds)
    site_x = np.concatenate(xs)
    site_y = np.concatenate(ys)
    if cells.size == 0:
        problems.append(Problem(f"the project has no {group} children", layer="population", field=level))
    if site_kind.size == 0:
        problems.append(
            Problem(
                "there is no site: no school teaches these grades and no candidate was asked for",
                field="candidates",
                fix="add candidates=('places', 'cells') or schools that teach these grades",
            )
        )
    if problems:
        raise InputError(problems)
    nets = dict(networks or {})
    if mode not in nets:
        graph = road_segments(project.roads, dem=project.dem)
        nets[mode] = compile_network(graph, standards.modes[mode], standards=standards)
    limit = standards.max_travel_min if max_minutes is None else float(max_minutes)
    matrix = travel_matrix(
        nets[mode],
        pop.geometry.x.to_numpy()[cells],
        pop.geometry.y.to_numpy()[cells],
        site_x,
        site_y,
        max_minutes=limit,
        progress=progress,
    ).tocoo()
    costs = np.full(matrix.shape, np.inf)
    costs[matrix.row, matrix.col] = matrix.data
    school_sites = np.arange(teach.size)
    return LocationProblem(
        group=group,
        level=level,
        costs=costs,
        weights=cohort[cells],
        client_cells=cells,
        site_kind=site_kind.astype(str),
        site_ref=np.concatenate(refs).astype(str),
        site_x=site_x,
        site_y=site_y,
        capacities=np.concatenate(caps),
        fixed_open=school_sites if existing == "fixed" else np.zeros(0, dtype=np.int64),
        excluded=school_sites if existing == "excluded" else np.zeros(0, dtype=np.int64),
        threshold_min=float(threshold),
    )
