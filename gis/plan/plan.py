"""The county plan (布局规划方案): one multi-year plan within a budget, with its proven gap.

:func:`county_plan` forecasts the children of the plan's years, finds the candidate actions
(:mod:`gis.plan.candidates`), groups the children (:mod:`gis.plan.demand`), builds and solves the
programme (:mod:`gis.plan.model`) from a greedy plan, reads the actions back year by year, and
writes each year's state as a scenario (``plan-2026`` …) that :func:`gis.usecases.run_scenario`,
``compare`` and the window analyse like any other.
"""

from __future__ import annotations

import gc
import itertools
import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from gis.edits import ChangeGrades, Close, ConvertToBoarding, Edit, Merge, Open, Scenario, SetCapacity
from gis.errors import InputError, Problem
from gis.messages import text
from gis.plan.candidates import Candidates, PlannerChoices, find_candidates
from gis.plan.demand import (
    PLAN_GROUPS,
    Census,
    PlanDemand,
    add_school_units,
    build_demand,
    census_calibration,
    group_children,
)
from gis.plan.model import TERMS, Budget, Objective, PlanModel, Solution
from gis.progress import Progress

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from gis.analysis import Analysis
    from gis.cohorts import Births, EnrolmentHistory
    from gis.forecast import Forecast
    from gis.network import RoutingNetwork
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards

#: The columns of ``plan.csv``.
PLAN_COLUMNS = (
    "year",
    "action",
    "school_id",
    "name",
    "x",
    "y",
    "seats",
    "beds",
    "capital_cost",
    "running_cost_change",
    "children_affected",
    "worth",
    "worth_term",
    "rationale_zh",
    "rationale_en",
)
#: Blocks with children a plan's assignment may have at most (see :func:`block_size`).
MAX_UNITS = 1800
#: The sides of the blocks tried, smallest first (metres).
BLOCK_SIZES = (1000.0, 1500.0, 2000.0, 3000.0, 4000.0, 5000.0)
#: Scenario names of a saved plan: the state after each year's actions.
SCENARIO_PREFIX = "plan-"
_TYPE_ZH = {"teaching_point": "教学点", "primary": "小学", "junior": "初级中学", "nine_year": "九年一贯制学校"}
_LEVEL_ZH = {"primary": "小学", "junior": "初中"}


@dataclass(frozen=True)
class PlanAction:
    """One line of the plan: an action in a year, where, how big, what it costs and does."""

    year: int
    action: str
    candidate: str
    school_id: str
    name: str
    x: float
    y: float
    seats: int
    beds: int
    capital_cost: float
    running_cost_change: float
    children_affected: float
    rationale_zh: str
    rationale_en: str
    worth: float = math.nan
    worth_term: str = ""


@dataclass(frozen=True, eq=False)
class CountyPlan:
    """A solved county plan.

    ``actions`` are the plan's lines by year; ``solution`` the programme's values, term values,
    bounds and gaps; ``greedy`` the terms of the greedy plan the solver started from (the same
    model); ``scenarios`` the state after each year's actions; ``capital_by_year`` the money spent
    each year (万元).
    """

    years: tuple[int, ...]
    actions: tuple[PlanAction, ...]
    solution: Solution
    greedy: dict[str, float] | None
    nothing: dict[str, float]
    scenarios: tuple[Scenario, ...]
    capital_by_year: tuple[float, ...]
    running_by_year: tuple[float, ...]
    budget: Budget
    candidates: Candidates
    model: PlanModel = field(repr=False)
    forecast: Forecast = field(repr=False)
    choices: dict[str, str] = field(default_factory=dict)
    fixed: dict[int, tuple[float, float]] = field(default_factory=dict, repr=False)
    nothing_values: np.ndarray | None = field(default=None, repr=False)
    notes: tuple[str, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def capital(self) -> float:
        """Capital of all years, 万元."""
        return float(sum(self.capital_by_year))

    def table(self) -> pd.DataFrame:
        """The plan's lines (the columns of ``plan.csv``)."""
        import pandas as pd

        rows = [
            {
                "year": a.year,
                "action": a.action,
                "school_id": a.school_id,
                "name": a.name,
                "x": round(a.x, 1),
                "y": round(a.y, 1),
                "seats": a.seats,
                "beds": a.beds,
                "capital_cost": round(a.capital_cost, 1),
                "running_cost_change": round(a.running_cost_change, 1),
                "children_affected": round(a.children_affected, 1),
                "worth": a.worth if math.isnan(a.worth) else round(a.worth, 2),
                "worth_term": a.worth_term,
                "rationale_zh": a.rationale_zh,
                "rationale_en": a.rationale_en,
            }
            for a in self.actions
        ]
        return pd.DataFrame(rows, columns=list(PLAN_COLUMNS))

    def bounds_table(self) -> pd.DataFrame:
        """Each solve's term, value, proven bound, gap and status; then the greedy plan's and doing nothing's terms."""
        import pandas as pd

        rows = [
            {
                "stage": s.term,
                "value": s.value,
                "bound": s.bound,
                "gap": s.gap,
                "status": s.status,
                "seconds": s.seconds,
            }
            for s in self.solution.stages
        ]
        return pd.DataFrame(rows, columns=["stage", "value", "bound", "gap", "status", "seconds"])

    def terms_table(self) -> pd.DataFrame:
        """The objective terms of the plan, the greedy plan and doing nothing (the model's units)."""
        import pandas as pd

        return pd.DataFrame(
            {
                "term": list(TERMS),
                "nothing": [self.nothing[t] for t in TERMS],
                "greedy": [math.nan if self.greedy is None else self.greedy[t] for t in TERMS],
                "plan": [self.solution.terms[t] for t in TERMS],
            }
        )


@dataclass(frozen=True)
class SchoolState:
    """Each school's pupils (as the plan model places them, calibrated to the census), seats and
    classes per level and year: ``pupils[f, k, t]`` for facility ``f`` (the project's schools, then
    the candidate sites), level ``k`` (primary, junior), year ``t``."""

    pupils: np.ndarray
    seats: np.ndarray
    classes: np.ndarray

    def large_classes(self, line: int) -> np.ndarray:
        """Classes of ``line`` or more pupils (pupils spread evenly over the classes)."""
        from gis.compare import large_class_counts

        return large_class_counts(self.pupils, self.classes, line)


def school_state(model: PlanModel, values: np.ndarray) -> SchoolState:
    """The schools' pupils, seats and classes under a solution of the plan model."""
    pupils, _boarders = _facility_pupils(model, values)
    n_f, _, n_t = pupils.shape
    seats = np.repeat(model.base_seats[:, :, None], n_t, axis=2).astype(float)
    classes = np.repeat(model.base_classes[:, :, None], n_t, axis=2).astype(float)
    c = model.candidates
    idx = model.index
    for i, (s, level) in enumerate(c.expand):
        k = 0 if level == "primary" else 1
        rooms = np.round(values[idx["rooms"][i]])
        seats[s, k] += rooms * model.class_size[level]
        classes[s, k] += rooms
    n_s = len(c.school_ids)
    blocks = iter(idx["site_rooms"])
    for n in range(len(c.sites)):
        for level in model.site_levels[n]:
            k = 0 if level == "primary" else 1
            rooms = np.round(values[next(blocks)])
            seats[n_s + n, k] += rooms * model.class_size[level]
            classes[n_s + n, k] += rooms
    for j, (s, r) in enumerate(c.merge):
        on = values[idx["merge"][j]] > 0.5
        seats[r] += np.outer(model.base_seats[s], on)
        classes[r] += np.outer(model.base_classes[s], on)
    del n_f
    return SchoolState(pupils, seats, classes)


def county_plan(
    project: Project,
    standards: Standards,
    *,
    years: list[int],
    budget: Budget | None = None,
    objective: Objective | None = None,
    choices: PlannerChoices | None = None,
    max_closures: int | None = None,
    births: Births | None = None,
    history: EnrolmentHistory | None = None,
    variant: str = "medium",
    migration: bool = True,
    block_m: float | None = None,
    time_limit: float = 120.0,
    gap: float = 0.005,
    worth: bool = True,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> CountyPlan:
    """Plan the county's schools over ``years`` within a budget.

    Parameters
    ----------
    project
        The county project (today's schools and children).
    standards
        The rules, the costs (``[costs]``) among them.
    years
        The plan's years, consecutive, after the base year.
    budget
        Capital limits in 万元 (total and per year).
    objective
        The order or the weights of the objective terms.
    choices
        The planner's own sites, and candidate ids forced or forbidden.
    max_closures
        Closures a year at most (None: no limit).
    births, history, variant, migration
        The forecast's inputs (:func:`gis.forecast.forecast`).
    block_m
        The side of the blocks of grid cells whose children are assigned together; by default the
        smallest of 1, 1.5, 2, 3, 4 and 5 km that makes at most :data:`MAX_UNITS` blocks with children
        (a larger county gets coarser blocks, so that the programme stays of a size HiGHS proves).
    time_limit
        Seconds the solver may take (all stages together).
    gap
        Relative gap at which the solver stops.
    worth
        Also find each action's worth (what the plan loses without it).
    progress, cancel
        Progress and a cancel check.

    Raises
    ------
    InputError
        Bad years, budgets, forced or forbidden ids, a forced action beyond the budget, or no plan
        within the time limit; every input problem is reported before any solve.
    Cancelled
        If ``cancel`` returned True.
    """
    from gis.analysis import analyze
    from gis.forecast import check_target_year
    from gis.forecast import forecast as forecast_years

    budget = budget or Budget()
    objective = objective or Objective()
    choices = choices or PlannerChoices()
    report = Progress(progress, cancel)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    years = _check_years(project, years, history)
    _check_budget(budget)
    check_target_year(project, years[-1], history=history)  # a horizon within the forecast's reach
    report(0.0, text("forecast of the plan's years"))
    fc = forecast_years(
        project,
        standards,
        years=years,
        births=births,
        history=history,
        variant=variant,
        migration=migration,
        base_row=False,
        progress=report.stage(0.0, 0.3),
        cancel=cancel,
    )
    seconds["forecast"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report(0.3, text("candidates"))
    baseline = analyze(project, standards, routing=fc.routing, cancel=cancel)
    networks = dict(fc.routing.networks)
    candidates = find_candidates(baseline, fc, networks=networks, choices=choices)
    fixed_bounds = _choices(candidates, choices)
    seconds["candidates"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report(0.35, text("children of each year"))
    if block_m is None:
        block_m = block_size(project.population)
    demand, census = _demand(project, standards, fc, baseline, candidates, networks, years, block_m)
    # The base year's analysis has given the candidates and the census: its memory goes before the solve.
    del baseline
    gc.collect()
    model = PlanModel.build(project.schools, candidates, demand, standards, budget=budget, max_closures=max_closures)
    fixed = _fixed_columns(model, fixed_bounds)
    _check_forced_cost(model, fixed_bounds, budget)
    seconds["model"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report(0.45, text("the least children without a seat, doing nothing"))
    limit = model.least_seatless()
    nothing = _fixed_solve(model, objective, limit, _decisions_at(model, {}), time_limit)
    greedy = greedy_solution(
        model, candidates, budget, fixed_bounds, seats_short(model, nothing.values), objective, limit
    )
    seconds["greedy"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report(0.5, text("solving the plan"))
    solution = model.solve(
        objective,
        seatless_limit=limit,
        start=None if greedy is None else greedy.values,
        time_limit=time_limit,
        gap=gap,
        fixed=fixed,
        report=report.stage(0.5, 0.85),
    )
    seconds["solve"] = time.perf_counter() - clock
    clock = time.perf_counter()
    actions = _actions(model, solution, project, years)
    if worth and actions:
        actions = _worth(model, solution, objective, actions, report.stage(0.85, 1.0))
    seconds["worth"] = time.perf_counter() - clock
    scenarios = tuple(_scenario(model, solution, project, t, years[t]) for t in range(len(years)))
    capital = tuple(float(model.capital[t] @ solution.values) for t in range(len(years)))
    running = tuple(float(model.running[t] @ (solution.values - nothing.values)) for t in range(len(years)))
    report(1.0, text("plan done"))
    notes = (
        text(
            "children grouped in blocks of {block_m:,.0f} m for the assignment; the 30-minute rule checked "
            "cell by cell",
            block_m=block_m,
        ),
        text(
            "school census: {total_extra:,.0f} pupils recorded beyond the children the grid gives their "
            "schools are planned for at those schools (or a school within their day-travel rule of it)",
            total_extra=census.total_extra(),
        ),
        text(
            "{n_ids} candidate actions, {size:,} columns, {shape:,} rows",
            n_ids=len(candidates.ids()),
            size=model.lower.size,
            shape=model.matrix.shape[0],
        ),
    )
    return CountyPlan(
        years=tuple(years),
        actions=tuple(actions),
        solution=solution,
        greedy=None if greedy is None else greedy.terms,
        choices=fixed_bounds,
        fixed=fixed,
        nothing=nothing.terms,
        nothing_values=nothing.values,
        scenarios=scenarios,
        capital_by_year=capital,
        running_by_year=running,
        budget=budget,
        candidates=candidates,
        model=model,
        forecast=fc,
        notes=notes,
        seconds=seconds,
    )


def block_size(population: gpd.GeoDataFrame) -> float:
    """The smallest side of :data:`BLOCK_SIZES` whose blocks with children number at most
    :data:`MAX_UNITS` (the largest side when none does)."""
    from gis.plan.demand import blocks

    x = population.geometry.x.to_numpy()
    y = population.geometry.y.to_numpy()
    for side in BLOCK_SIZES:
        if np.unique(blocks(x, y, side)).size <= MAX_UNITS:
            return side
    return BLOCK_SIZES[-1]


# ------------------------------------------------------------------------- checks


def _check_years(project: Project, years: list[int], history: EnrolmentHistory | None) -> list[int]:
    from gis.cohorts import base_year

    if not years:
        raise InputError(Problem(text("no years to plan"), field="--years", fix=text("give the years, e.g. 2026-2030")))
    years = sorted(set(int(y) for y in years))
    base = base_year(project, history).year
    problems = []
    if years[0] <= base:
        problems.append(
            Problem(
                text("the plan's years must come after the base year"),
                field="--years",
                value=str(years[0]),
                fix=text("start after {base}, the year of the project's children", base=base),
            )
        )
    if any(b - a != 1 for a, b in itertools.pairwise(years)):
        problems.append(
            Problem(
                text("the plan's years must follow one another"),
                field="--years",
                value=",".join(map(str, years)),
                fix=text("give a span such as 2026-2030"),
            )
        )
    if problems:
        raise InputError(problems)
    return years


def _check_budget(budget: Budget) -> None:
    problems = []
    for name, value in (("--budget", budget.total), ("--budget-per-year", budget.per_year)):
        if value is not None and (not math.isfinite(value) or value < 0):
            problems.append(
                Problem(
                    text("a budget must be a number of 0 or more (万元)"),
                    field=name,
                    value=str(value),
                    fix=text("give the budget in 万元, e.g. 8000"),
                )
            )
    if problems:
        raise InputError(problems)


def _choices(candidates: Candidates, choices: PlannerChoices) -> dict[str, str]:
    """Forced and forbidden ids checked against the candidates: id → ``force`` or ``forbid``."""
    known = set(candidates.ids())
    problems = []
    for kind, items in (("--force", choices.force), ("--forbid", choices.forbid)):
        for item in items:
            if item not in known:
                problems.append(
                    Problem(
                        text("no such candidate action"),
                        field=kind,
                        value=item,
                        fix=text(
                            "use an id of the candidates list (close:ID, teaching_point:ID, "
                            "merge:ID>INTO, expand:ID:LEVEL, beds:ID, new:SITE)"
                        ),
                    )
                )
    both = sorted(set(choices.force) & set(choices.forbid))
    for item in both:
        problems.append(
            Problem(
                text("an action is both forced and forbidden"),
                field="--force, --forbid",
                value=item,
                fix=text("keep it in one of the two"),
            )
        )
    forced_fates: dict[str, list[str]] = {}
    for item in choices.force:
        kind, _, rest = item.partition(":")
        if kind in ("close", "teaching_point"):
            forced_fates.setdefault(rest, []).append(item)
        elif kind == "merge":
            a, _, b = rest.partition(">")
            forced_fates.setdefault(a, []).append(item)
            forced_fates.setdefault(b, []).append(item)
    for fates in forced_fates.values():
        if len(fates) > 1:
            problems.append(
                Problem(
                    text(
                        "forced actions contradict each other (a school closes, merges or becomes a "
                        "teaching point once)"
                    ),
                    field="--force",
                    value=", ".join(fates),
                    fix=text("force one of them"),
                )
            )
    if problems:
        raise InputError(problems)
    out = dict.fromkeys(choices.force, "force")
    out.update(dict.fromkeys(choices.forbid, "forbid"))
    return out


def _candidate_blocks(model: PlanModel) -> dict[str, list[np.ndarray]]:
    """Each candidate id → its decision columns (years-wide blocks)."""
    c = model.candidates
    sid = c.school_ids
    idx = model.index
    out: dict[str, list[np.ndarray]] = {}
    for i, s in enumerate(c.close):
        out[f"close:{sid[s]}"] = [idx["close"][i]]
    for i, s in enumerate(c.teaching_point):
        out[f"teaching_point:{sid[s]}"] = [idx["teaching_point"][i]]
    for j, (s, r) in enumerate(c.merge):
        out[f"merge:{sid[s]}>{sid[r]}"] = [idx["merge"][j]]
    for i, (s, level) in enumerate(c.expand):
        out[f"expand:{sid[s]}:{level}"] = [idx["rooms"][i]]
    beds0 = model.base_beds
    converts = [s for s in c.beds if beds0[s] <= 0]
    for i, s in enumerate(c.beds):
        blocks = [idx["beds"][i]]
        if s in converts:
            blocks.append(idx["convert"][converts.index(s)])
        out[f"beds:{sid[s]}"] = blocks
    board = [n for n, site in enumerate(c.sites) if site.boarding]
    room_blocks = iter(idx["site_rooms"])
    for n, site in enumerate(c.sites):
        blocks = [idx["new"][n]]
        blocks += [next(room_blocks) for _ in model.site_levels[n]]
        if site.boarding:
            blocks.append(idx["site_beds"][board.index(n)])
        out[f"new:{site.id}"] = blocks
    return out


def _fixed_columns(model: PlanModel, choices: dict[str, str]) -> dict[int, tuple[float, float]]:
    """Column bounds of forced (done by the last year) and forbidden (never) actions."""
    blocks = _candidate_blocks(model)
    fixed: dict[int, tuple[float, float]] = {}
    for item, how in choices.items():
        parts = blocks[item]
        if how == "forbid":
            for block in parts:
                for column in block:
                    fixed[int(column)] = (0.0, 0.0)
        else:
            last = int(parts[0][-1])
            fixed[last] = (1.0, float(model.upper[last]))
    return fixed


def _check_forced_cost(model: PlanModel, choices: dict[str, str], budget: Budget) -> None:
    """Forced actions whose least capital is beyond the budget: an exact message before any solve."""
    if budget.total is None and budget.per_year is None:
        return
    blocks = _candidate_blocks(model)
    capital = model.capital.sum(axis=0)
    least = 0.0
    for item, how in choices.items():
        if how != "force":
            continue
        parts = blocks[item]
        first = int(parts[0][-1])
        least += float(capital[first])
        if item.startswith("new:"):
            for block in parts[1:]:
                least += float(capital[block[-1]]) * model.least_rooms.get(int(block[-1]), 0.0)
    limits = [
        v
        for v in (budget.total, None if budget.per_year is None else budget.per_year * len(model.years))
        if v is not None
    ]
    if least > min(limits) + 1e-6:
        raise InputError(
            Problem(
                text("the forced actions cost more than the budget"),
                field="--budget",
                value=f"{min(limits):,.0f} 万元",
                fix=text("raise the budget to at least {ceil:,} 万元 or force fewer actions", ceil=math.ceil(least)),
            )
        )


# ------------------------------------------------------------------------- demand


def _demand(
    project: Project,
    standards: Standards,
    fc: Forecast,
    baseline: Analysis,
    candidates: Candidates,
    networks: dict[str, RoutingNetwork],
    years: list[int],
    block_m: float,
) -> tuple[PlanDemand, Census]:
    """The children of the plan's years, calibrated to the school census (:class:`Census`)."""
    from gis.analysis import serves

    schools = project.schools
    pop = project.population
    frames = [fc.projection.population(pop, year) for year in years]
    children = {name: np.stack([group_children(f, name) for f in frames]) for name, *_ in PLAN_GROUPS}
    base_frame = fc.projection.population(pop, fc.base_year)
    census = census_calibration(
        schools_enrolment={
            name: schools[[f"enrol_g{g}" for g in range(lo, hi + 1)]].to_numpy(dtype=float).sum(axis=1)
            for name, _level, lo, hi in PLAN_GROUPS
        },
        level_of_group={name: level for name, level, *_ in PLAN_GROUPS},
        assigned={lv: (r.cells, r.assigned_school) for lv, r in baseline.levels.items()},
        load={lv: r.school_load for lv, r in baseline.levels.items()},
        base_children={name: group_children(base_frame, name) for name, *_ in PLAN_GROUPS},
        children=children,
    )
    cover_children = children["grades_1_3"]
    children = {name: kids * census.cell_factor[name][None, :] for name, kids in children.items()}
    sites = candidates.sites
    fx = np.concatenate([schools.geometry.x.to_numpy(), [s.x for s in sites]])
    fy = np.concatenate([schools.geometry.y.to_numpy(), [s.y for s in sites]])
    eligible = {}
    for name, _level, lo, hi in PLAN_GROUPS:
        existing = serves(schools, lo) & serves(schools, hi)
        new = np.array([s.grades[0] <= lo and hi <= s.grades[1] for s in sites], dtype=bool)
        eligible[name] = np.concatenate([existing, new])
    today = np.concatenate([np.ones(len(schools), dtype=bool), np.zeros(len(sites), dtype=bool)])
    demand = build_demand(
        years=tuple(years),
        children=children,
        cover_children=cover_children,
        cell_x=pop.geometry.x.to_numpy(),
        cell_y=pop.geometry.y.to_numpy(),
        facility_x=fx,
        facility_y=fy,
        eligible=eligible,
        today=today,
        networks=networks,
        standards=standards,
        block_m=block_m,
    )
    sx = schools.geometry.x.to_numpy()
    sy = schools.geometry.y.to_numpy()
    groups = tuple(
        add_school_units(
            group,
            census.extra[group.name],
            school_x=sx,
            school_y=sy,
            facility_x=fx,
            facility_y=fy,
            eligible=eligible[group.name],
            network=networks[group.mode],
            keep=standards.nearest_schools,
        )
        for group in demand.groups
    )
    return PlanDemand(demand.years, groups, demand.cover, demand.reach), census


# ------------------------------------------------------------------------- heuristic


def seats_short(model: PlanModel, values: np.ndarray) -> np.ndarray:
    """Each school's pupils beyond its seats at its worst year, per level (schools × levels), under a
    solution of the plan model (doing nothing: the shortage the greedy plan builds for)."""
    state = school_state(model, values)
    return np.maximum(state.pupils - state.seats, 0.0).max(axis=2)


def greedy_solution(
    model: PlanModel,
    candidates: Candidates,
    budget: Budget,
    choices: dict[str, str],
    shortage: np.ndarray,
    objective: Objective,
    limit: np.ndarray,
) -> Solution | None:
    """The greedy plan (:func:`_greedy`) with the children assigned; None when it breaks a rule (a
    forced closure the greedy plan builds nothing for)."""
    columns = _greedy(model, candidates, budget, choices, shortage)
    try:
        return _fixed_solve(model, objective, limit, columns, 60.0)
    except InputError:
        return None


def _decisions_at(model: PlanModel, values: dict[int, float]) -> dict[int, tuple[float, float]]:
    """Every decision column fixed: at ``values`` where given, else 0."""
    from gis.plan.model import _decision_mask

    mask = _decision_mask(model)
    return {int(c): (values.get(int(c), 0.0),) * 2 for c in np.flatnonzero(mask)}


def _fixed_solve(
    model: PlanModel, objective: Objective, limit: np.ndarray, fixed: dict[int, tuple[float, float]], time_limit: float
) -> Solution:
    return model.solve(objective, seatless_limit=limit, fixed=fixed, time_limit=time_limit, gap=0.0)


def _greedy(
    model: PlanModel,
    candidates: Candidates,
    budget: Budget,
    choices: dict[str, str],
    shortage: np.ndarray,
) -> dict[int, tuple[float, float]]:
    """A greedy plan, as a tool ranking actions by gain per cost would make it: the forced actions
    first, then new teaching points by grade 1–3 children brought within the rule per 万元, then
    classrooms where seats are short (``shortage``: pupils beyond the seats per school and level) by
    children seated per 万元, each in the first year the budget allows; every other action left out
    (the forbidden ones never).
    """
    n_t = len(model.years)
    spent = np.zeros(n_t)
    total_left = budget.total if budget.total is not None else math.inf
    per_year = budget.per_year if budget.per_year is not None else math.inf
    values: dict[int, float] = {}
    blocks = _candidate_blocks(model)
    capital = model.capital.sum(axis=0)

    def afford(cost: float) -> int | None:
        nonlocal total_left
        if cost > total_left + 1e-9:
            return None
        for t in range(n_t):
            if spent[t] + cost <= per_year + 1e-9:
                spent[t] += cost
                total_left -= cost
                return t
        return None

    def set_from(block: np.ndarray, t: int, value: float) -> None:
        for tt in range(t, n_t):
            values[int(block[tt])] = value

    forbidden = {int(c) for item, how in choices.items() if how == "forbid" for b in blocks[item] for c in b}
    for item, how in choices.items():
        if how != "force":
            continue
        parts = blocks[item]
        first = int(parts[0][-1])
        least = [(b, model.least_rooms[int(b[-1])]) for b in parts[1:] if int(b[-1]) in model.least_rooms]
        cost = capital[first] + sum(capital[b[-1]] * k for b, k in least)
        t = afford(cost)
        at = n_t - 1 if t is None else t
        set_from(parts[0], at, 1.0)
        for block, k in least:
            set_from(block, at, k)
    # New teaching points and schools: children beyond the rule they cover (each unit once).
    cover = model.demand.cover
    n_s = len(candidates.school_ids)
    beyond_units = ~cover.within_today
    taken = np.zeros(cover.cover.shape[0], dtype=bool)
    csc = cover.cover.tocsc()
    gains = []
    for n, site in enumerate(candidates.sites):
        members = csc.indices[csc.indptr[n_s + n] : csc.indptr[n_s + n + 1]]
        members = members[beyond_units[members]]
        parts = blocks[f"new:{site.id}"]
        rooms = [(b, model.least_rooms[int(b[-1])]) for b in parts[1:] if int(b[-1]) in model.least_rooms]
        cost = capital[parts[0][-1]] + sum(capital[b[-1]] * k for b, k in rooms)
        gains.append((n, members, rooms, cost))
    while True:
        best = None
        for n, members, rooms, cost in gains:
            if int(model.index["new"][n][-1]) in values or int(model.index["new"][n][-1]) in forbidden:
                continue
            gain = float(cover.children[:, members[~taken[members]]].sum())
            if gain <= 0 or (best is not None and gain / max(cost, 1e-9) <= best[0]):
                continue
            best = (gain / max(cost, 1e-9), n, members, rooms, cost)
        if best is None:
            break
        _, n, members, rooms, cost = best
        t = afford(cost)
        if t is None:
            gains = [g for g in gains if g[0] != n]
            continue
        set_from(model.index["new"][n], t, 1.0)
        for block, k in rooms:
            set_from(block, t, k)
        taken[members] = True
    # Classrooms where seats are short, most children seated per 万元 first.
    ranked = []
    for i, (s, level) in enumerate(candidates.expand):
        k = 0 if level == "primary" else 1
        short = float(shortage[s, k])
        last = int(model.index["rooms"][i][-1])
        if short <= 0.5 or last in forbidden or last in values:
            continue
        count = min(math.ceil(short / model.class_size[level]), float(model.max_rooms["expand"][i]))
        if count <= 0:
            continue
        ranked.append((short / (count * capital[last] or 1.0), i, count))
    for _, i, count in sorted(ranked, reverse=True):
        block = model.index["rooms"][i]
        t = afford(count * capital[block[-1]])
        if t is not None:
            set_from(block, t, count)
    return _decisions_at(model, {c: v for c, v in values.items() if c not in forbidden})


# ------------------------------------------------------------------------- reading the plan


def _facility_pupils(model: PlanModel, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pupils per facility, level and year; boarders per facility and year."""
    n_f = model.base_seats.shape[0]
    n_t = len(model.years)
    pupils = np.zeros((n_f, 2, n_t))
    boarders = np.zeros((n_f, n_t))
    for g in model.demand.groups:
        k = 0 if g.level == "primary" else 1
        x = model.index[f"flow:{g.name}"]
        for t in range(n_t):
            flow = values[x[:, t]] if x.size else np.zeros(0)
            pupils[:, k, t] += np.bincount(g.pair_facility, weights=flow, minlength=n_f)
            if g.may_board:
                boarders[:, t] += np.bincount(g.pair_facility[g.boards], weights=flow[g.boards], minlength=n_f)
    return pupils, boarders


def _actions(model: PlanModel, solution: Solution, project: Project, years: list[int]) -> list[PlanAction]:
    c = model.candidates
    v = solution.values
    idx = model.index
    schools = project.schools
    sid = c.school_ids
    names = schools["name"].astype(str).tolist()
    sx = schools.geometry.x.to_numpy()
    sy = schools.geometry.y.to_numpy()
    pupils, boarders = _facility_pupils(model, v)
    n_s = len(sid)
    running = model.running
    capital = model.capital
    out: list[PlanAction] = []

    def first_year(block: np.ndarray) -> int | None:
        on = np.flatnonzero(v[block] > 0.5)
        return int(on[0]) if on.size else None

    blocks_of = _candidate_blocks(model)

    def money(item: str, t: int) -> tuple[float, float]:
        """A candidate's capital in year ``t`` and the change of running cost it makes from then on:
        each of its columns' step that year times the column's unit cost (the model's own figures)."""
        cap = run = 0.0
        for block in blocks_of[item]:
            step = float(v[block[t]]) - (float(v[block[t - 1]]) if t else 0.0)
            cap += float(capital[t, block[t]]) * step
            run += float(running[t, block[t]]) * step
        return cap, run

    def step(block: np.ndarray, t: int) -> float:
        return round(float(v[block[t]])) - (round(float(v[block[t - 1]])) if t else 0)

    def before(f: int, t: int) -> float:
        return float(pupils[f, :, t - 1].sum()) if t > 0 else float(pupils[f, :, 0].sum())

    for kind, key in (("close", "close"), ("teaching_point", "teaching_point")):
        for i, s in enumerate(getattr(c, kind)):
            t = first_year(idx[key][i])
            if t is None:
                continue
            cap, run = money(f"{kind}:{sid[s]}", t)
            children = _school_children_nothing(model, s, t)
            zh, en = _why(kind, names[s], children)
            out.append(
                PlanAction(
                    years[t], kind, f"{kind}:{sid[s]}", sid[s], names[s], sx[s], sy[s], 0, 0, cap, run, children, zh, en
                )
            )
    for j, (s, r) in enumerate(c.merge):
        t = first_year(idx["merge"][j])
        if t is None:
            continue
        cap, run = money(f"merge:{sid[s]}>{sid[r]}", t)
        children = _school_children_nothing(model, s, t)
        zh = f"{names[s]}并入{names[r]}，{children:.0f}名学生随校合并；两校均不足规模。"
        en = f"Merge {names[s]} into {names[r]}: its {children:.0f} pupils move with it; both schools are small."
        out.append(
            PlanAction(
                years[t],
                "merge",
                f"merge:{sid[s]}>{sid[r]}",
                sid[s],
                names[s],
                sx[s],
                sy[s],
                0,
                0,
                cap,
                run,
                children,
                zh,
                en,
            )
        )
    for i, (s, level) in enumerate(c.expand):
        block = idx["rooms"][i]
        prev = 0.0
        for t in range(len(years)):
            now = round(float(v[block[t]]))
            if now > prev + 0.5:
                delta = now - prev
                cap, run = money(f"expand:{sid[s]}:{level}", t)
                seats = int(delta * model.class_size[level])
                k = 0 if level == "primary" else 1
                children = max(0.0, float(pupils[s, k, t]) - float(model.base_seats[s, k]))
                zh = (
                    f"{names[s]}扩建{delta:.0f}间{_LEVEL_ZH[level]}教室（{seats}个学位），"
                    f"容纳超出原学位的{children:.0f}名学生。"
                )
                en = (
                    f"Add {delta:.0f} {level} classrooms ({seats} seats) at {names[s]} "
                    f"for {children:.0f} pupils beyond its seats."
                )
                out.append(
                    PlanAction(
                        years[t],
                        "expand",
                        f"expand:{sid[s]}:{level}",
                        sid[s],
                        names[s],
                        sx[s],
                        sy[s],
                        seats,
                        0,
                        cap,
                        run,
                        children,
                        zh,
                        en,
                    )
                )
                prev = now
    beds0 = model.base_beds
    converts = [s for s in c.beds if beds0[s] <= 0]
    for i, s in enumerate(c.beds):
        block = idx["beds"][i]
        conv_block = idx["convert"][converts.index(s)] if s in converts else None
        for t in range(len(years)):
            delta = step(block, t)
            converted = conv_block is not None and step(conv_block, t) > 0
            if delta <= 0 and not converted:
                continue
            cap, run = money(f"beds:{sid[s]}", t)
            children = float(boarders[s, t])
            kind = "convert" if converted else "beds"
            if converted:
                zh = f"{names[s]}改为寄宿制学校，新增{delta:.0f}张床位，供{children:.0f}名超出走读时限的学生寄宿。"
                en = (
                    f"Make {names[s]} a boarding school with {delta:.0f} beds "
                    f"for {children:.0f} pupils beyond their day-travel rule."
                )
            else:
                zh = f"{names[s]}新增{delta:.0f}张床位，寄宿生共{children:.0f}名。"
                en = f"Add {delta:.0f} beds at {names[s]} for its {children:.0f} boarders."
            out.append(
                PlanAction(
                    years[t],
                    kind,
                    f"beds:{sid[s]}",
                    sid[s],
                    names[s],
                    sx[s],
                    sy[s],
                    0,
                    int(delta),
                    cap,
                    run,
                    children,
                    zh,
                    en,
                )
            )
    board = [n for n, site in enumerate(c.sites) if site.boarding]
    room_iter = iter(idx["site_rooms"])
    for n, site in enumerate(c.sites):
        room_blocks = [next(room_iter) for _ in model.site_levels[n]]
        t = first_year(idx["new"][n])
        if t is None:
            continue
        f = n_s + n
        seats = sum(
            round(float(v[b[t]])) * model.class_size[lv]
            for b, lv in zip(room_blocks, model.site_levels[n], strict=True)
        )
        bed_block = idx["site_beds"][board.index(n)] if site.boarding else None
        beds = round(float(v[bed_block[t]])) if bed_block is not None else 0
        cap, run = money(f"new:{site.id}", t)
        children = float(pupils[f, :, t].sum())
        name = f"{site.name}新建{_TYPE_ZH[site.type]}" if site.name else f"新建{_TYPE_ZH[site.type]}{site.id}"
        kind = (
            "new_boarding_school"
            if site.boarding
            else ("new_teaching_point" if site.type == "teaching_point" else "new_school")
        )
        where = site.name or site.id
        beds_zh = f"、{beds}张床位" if beds else ""
        beds_en = f", {beds} beds" if beds else ""
        zh = f"在{where}新建{_TYPE_ZH[site.type]}（{seats}个学位{beds_zh}），就近接收{children:.0f}名学生。"
        kind_en = site.type.replace("_", " ")
        en = f"Build a new {kind_en} at {where} ({seats} seats{beds_en}) for {children:.0f} pupils nearby."
        code = _site_school_id(site.id, sid)
        out.append(
            PlanAction(
                years[t], kind, f"new:{site.id}", code, name, site.x, site.y, seats, beds, cap, run, children, zh, en
            )
        )
        # Classrooms or beds the new school gains in a later year.
        for later in range(t + 1, len(years)):
            rooms = [(b, lv) for b, lv in zip(room_blocks, model.site_levels[n], strict=True) if step(b, later) > 0]
            more_beds = step(bed_block, later) if bed_block is not None else 0
            if not rooms and more_beds <= 0:
                continue
            cap, run = money(f"new:{site.id}", later)
            added = sum(step(b, later) * model.class_size[lv] for b, lv in rooms)
            zh = f"{name}扩建（新增{added}个学位{f'、{more_beds}张床位' if more_beds else ''}）。"
            en = f"Enlarge the new school at {where} ({added} seats{f', {more_beds} beds' if more_beds else ''} more)."
            out.append(
                PlanAction(
                    years[later],
                    "expand",
                    f"new:{site.id}",
                    code,
                    name,
                    site.x,
                    site.y,
                    int(added),
                    int(max(0, more_beds)),
                    cap,
                    run,
                    float(pupils[f, :, later].sum()),
                    zh,
                    en,
                )
            )
    order = {
        k: i
        for i, k in enumerate(
            (
                "new_teaching_point",
                "new_school",
                "new_boarding_school",
                "expand",
                "convert",
                "beds",
                "teaching_point",
                "merge",
                "close",
            )
        )
    }
    out.sort(key=lambda a: (a.year, order.get(a.action, 99), a.school_id))
    return out


def _school_children_nothing(model: PlanModel, s: int, t: int) -> float:
    """Pupils a school would have in a year without the plan: the children of the units whose nearest
    facility it is (model)."""
    total = 0.0
    for g in model.demand.groups:
        n_units = g.children.shape[1]
        starts = np.searchsorted(g.pair_unit, np.arange(n_units))
        inside = np.minimum(starts, max(g.pair_unit.size - 1, 0))
        # A unit's first pair is its nearest facility; a unit without pairs has none.
        has = (
            (starts < g.pair_unit.size) & (g.pair_unit[inside] == np.arange(n_units))
            if g.pair_unit.size
            else starts < 0
        )
        nearest = np.where(has, g.pair_facility[inside] if g.pair_unit.size else -1, -1)
        total += float(g.children[t, nearest == s].sum())
    return total


def _why(kind: str, name: str, children: float) -> tuple[str, str]:
    if kind == "close":
        return (
            f"{name}规模过小（约{children:.0f}名学生），撤并后学生就近进入其他学校，1–3年级仍在30分钟步行范围内。",
            f"Close {name} (about {children:.0f} pupils): its pupils go to schools nearby; "
            "grades 1–3 stay within 30 minutes' walk.",
        )
    return (
        f"{name}保留为1–3年级教学点，4–6年级学生（约{children / 2:.0f}名）到中心学校就读或寄宿。",
        f"Keep {name} as a teaching point for grades 1–3; its grade 4–6 pupils (about {children / 2:.0f}) "
        "go to a central school.",
    )


def _site_school_id(site_id: str, existing: tuple[str, ...]) -> str:
    """The school code a new site gets in a scenario: ``PLAN-N01`` (never one of the project's codes)."""
    code = f"PLAN-{site_id}"
    while code in existing:
        code += "A"
    return code


def _scenario(model: PlanModel, solution: Solution, project: Project, t: int, year: int) -> Scenario:
    """The state after year ``t``'s actions, as the edits of a scenario."""
    c = model.candidates
    v = solution.values
    idx = model.index
    sid = c.school_ids
    schools = project.schools
    names = schools["name"].astype(str).tolist()
    edits: list[Edit] = []
    for i, s in enumerate(c.close):
        if v[idx["close"][i][t]] > 0.5:
            edits.append(Close(sid[s]))
    for i, s in enumerate(c.teaching_point):
        if v[idx["teaching_point"][i][t]] > 0.5:
            edits.append(ChangeGrades(sid[s], 1, 3))
    merged_into: dict[int, list[int]] = {}
    for j, (s, r) in enumerate(c.merge):
        if v[idx["merge"][j][t]] > 0.5:
            edits.append(Merge((sid[r], sid[s]), into=sid[r], name=names[r]))
            merged_into.setdefault(r, []).append(s)
    board = [n for n, site in enumerate(c.sites) if site.boarding]
    room_iter = iter(idx["site_rooms"])
    for n, site in enumerate(c.sites):
        room_blocks = [next(room_iter) for _ in model.site_levels[n]]
        if v[idx["new"][n][t]] <= 0.5:
            continue
        seats = {
            lv: round(float(v[b[t]])) * model.class_size[lv]
            for b, lv in zip(room_blocks, model.site_levels[n], strict=True)
        }
        beds = round(float(v[idx["site_beds"][board.index(n)][t]])) if site.boarding else 0
        name = f"{site.name}新建{_TYPE_ZH[site.type]}" if site.name else f"新建{_TYPE_ZH[site.type]}{site.id}"
        edits.append(
            Open(
                _site_school_id(site.id, sid),
                name,
                site.x,
                site.y,
                site.type,
                capacity_primary=seats.get("primary", 0),
                capacity_junior=seats.get("junior", 0),
                boarding_beds=beds,
            )
        )
    seats_after: dict[int, dict[str, int]] = {}
    for i, (s, level) in enumerate(c.expand):
        rooms = round(float(v[idx["rooms"][i][t]]))
        if rooms <= 0:
            continue
        k = 0 if level == "primary" else 1
        total = model.base_seats[s, k] + sum(model.base_seats[m, k] for m in merged_into.get(s, []))
        seats_after.setdefault(s, {})[level] = int(total + rooms * model.class_size[level])
    for s, levels in sorted(seats_after.items()):
        edits.append(SetCapacity(sid[s], capacity_primary=levels.get("primary"), capacity_junior=levels.get("junior")))
    for i, s in enumerate(c.beds):
        added = round(float(v[idx["beds"][i][t]]))
        if added <= 0:
            continue
        total = model.base_beds[s] + sum(model.base_beds[m] for m in merged_into.get(s, [])) + added
        edits.append(ConvertToBoarding(sid[s], int(total)))
    description = f"县域学校布局规划：{year}年末的状态（{len(edits)}项调整）"
    return Scenario(f"{SCENARIO_PREFIX}{year}", tuple(edits), description)


# ------------------------------------------------------------------------- worth


def _worth(
    model: PlanModel, solution: Solution, objective: Objective, actions: list[PlanAction], report: Progress
) -> list[PlanAction]:
    """What the plan loses without each action: the plan re-assigned with that action's columns at 0
    and every other decision as planned. ``worth`` is the loss in the first term that changes (the
    weighted sum for a weighted objective)."""
    from dataclasses import replace

    blocks = _candidate_blocks(model)
    ids = list(dict.fromkeys(a.candidate for a in actions))
    removed = [np.concatenate([np.asarray(b).ravel() for b in blocks[i]]) for i in ids]
    base, without = model.reassigned(objective, solution.values, removed, report=report)
    found = {i: _first_change(objective, base, terms) for i, terms in zip(ids, without, strict=True)}
    return [replace(a, worth=found[a.candidate][0], worth_term=found[a.candidate][1]) for a in actions]


def _first_change(objective: Objective, plan: dict[str, float], without: dict[str, float]) -> tuple[float, str]:
    if objective.weights is not None:
        loss = sum(objective.weights[t] * (without[t] - plan[t]) for t in TERMS)
        return loss, "weighted"
    for term in objective.order:
        change = without[term] - plan[term]
        if abs(change) > 1e-6 * max(1.0, abs(plan[term])):
            return change, term
    return 0.0, objective.order[-1]
