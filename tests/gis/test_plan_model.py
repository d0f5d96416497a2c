"""The county plan's programme against brute force: on small random instances every choice of
actions, years and sizes is enumerated (the rest, the children's assignment, solved as a linear
programme by scipy), and the solver's optimum must equal the best of them, its bound never above.

Then the model's rules on hand-made counties: the 30-minute rule, build before close, budgets.
"""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog
from shapely.geometry import Point

from gis.errors import InputError
from gis.plan.candidates import Candidates, Site
from gis.plan.demand import CoverUnits, GroupUnits, PlanDemand
from gis.plan.model import TERMS, Budget, Objective, PlanModel, _decision_mask, parse_objective
from gis.standards import Standards, load_standards
from tests.conftest import school_row

GROUPS = (
    ("grades_1_3", "primary", 1, 3, False),
    ("grades_4_6", "primary", 4, 6, True),
    ("grades_7_9", "junior", 7, 9, True),
)


@pytest.fixture(scope="module")
def standards() -> Standards:
    return load_standards(None)


def _schools(rng: np.random.Generator, n: int) -> gpd.GeoDataFrame:
    rows = []
    for i in range(n):
        nine = i == 0
        rows.append(
            school_row(
                school_id=f"S{i}",
                name=f"学校{i}",
                type="nine_year" if nine else "primary",
                grade_min=1,
                grade_max=9 if nine else 6,
                capacity_primary=int(rng.integers(1, 4)) * 45,
                classes_primary=0,
                capacity_junior=100 if nine else 0,
                boarding_beds=20 if nine else 0,
                boarding=nine,
                floor_area_m2=float(rng.integers(300, 900)),
            )
        )
    return gpd.GeoDataFrame(rows, geometry=[Point(i * 1000.0, 0.0) for i in range(n)], crs="EPSG:4545")


def _instance(
    seed: int, n_years: int, closable: tuple[int, ...] = (2, 3)
) -> tuple[gpd.GeoDataFrame, Candidates, PlanDemand]:
    """Four schools (one nine-year boarding school), one teaching-point site, random children."""
    rng = np.random.default_rng(seed)
    schools = _schools(rng, 4)
    site = Site("N01", "新村", 4000.0, 0.0, "teaching_point")
    n_f = 5
    candidates = Candidates(
        close=closable,
        teaching_point=(1,),
        merge=(),
        expand=((0, "primary"), (1, "primary")),
        beds=(),
        sites=(site,),
        school_ids=tuple(schools["school_id"]),
    )
    teaches = {
        "grades_1_3": np.array([1, 1, 1, 1, 1], dtype=bool),
        "grades_4_6": np.array([1, 1, 1, 1, 0], dtype=bool),
        "grades_7_9": np.array([1, 0, 0, 0, 0], dtype=bool),
    }
    groups = []
    for name, level, _lo, _hi, board in GROUPS:
        n_units = 4
        children = rng.uniform(10, 80, size=(n_years, n_units)).round(1)
        units, facilities, minutes = [], [], []
        for u in range(n_units):
            choices = np.flatnonzero(teaches[name])
            pick = rng.choice(choices, size=min(3, choices.size), replace=False)
            for f in sorted(pick.tolist()):
                units.append(u)
                facilities.append(f)
                minutes.append(float(rng.integers(5, 70)))
        groups.append(
            GroupUnits(
                name=name,
                level=level,
                mode="walk" if name == "grades_1_3" else "motor",
                threshold_min=30.0 if level == "primary" else 45.0,
                may_board=board,
                children=children,
                pair_unit=np.array(units),
                pair_facility=np.array(facilities),
                pair_minutes=np.array(minutes),
                unreachable=np.zeros(n_years),
            )
        )
    # Cover units: within today through schools 2 or 3 (closable), or beyond with the site.
    cover = sp.csr_matrix(np.array([[0, 0, 1, 0, 0], [0, 0, 1, 1, 0], [0, 0, 0, 0, 1], [0, 1, 0, 0, 1]], dtype=float))
    cover_children = rng.uniform(5, 40, size=(n_years, 4)).round(1)
    today = np.array([1, 1, 1, 1, 0], dtype=bool)
    within = np.asarray(cover[:, np.flatnonzero(today)].sum(axis=1)).ravel() > 0
    del n_f
    demand = PlanDemand(
        tuple(range(2026, 2026 + n_years)),
        tuple(groups),
        CoverUnits(cover, cover_children, within, np.arange(4), np.arange(4)),
    )
    return schools, candidates, demand


def _lp(
    model: PlanModel, cost: np.ndarray, lower: np.ndarray, upper: np.ndarray, row_upper: np.ndarray
) -> float | None:
    """The least ``cost`` of the programme with its columns within ``lower``/``upper`` (scipy)."""
    a = model.matrix.tocsr()
    lo, up = model.row_lower, row_upper
    eq = np.isfinite(lo) & np.isfinite(up) & (np.abs(lo - up) < 1e-12)
    ub_rows = np.flatnonzero(~eq & np.isfinite(up))
    lb_rows = np.flatnonzero(~eq & np.isfinite(lo))
    a_ub = sp.vstack([a[ub_rows], -a[lb_rows]]).tocsr()
    b_ub = np.concatenate([up[ub_rows], -lo[lb_rows]])
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a[np.flatnonzero(eq)],
        b_eq=lo[eq],
        bounds=np.column_stack([lower, np.where(np.isinf(upper), None, upper)]),
        method="highs",
    )
    return float(result.fun) if result.status == 0 else None


def _brute_force(model: PlanModel, objective: Objective, budget: Budget) -> float:
    """The best objective over every choice of the integer columns (each LP solved by scipy)."""
    cost = sum(objective.weights[t] * model.cost_matrix[t] for t in TERMS)
    offset = sum(objective.weights[t] * model.term_constant[t] for t in TERMS)
    decisions = _decision_mask(model)
    # The limit on children without a seat: doing nothing, the least of them (scipy too).
    fixed_up = np.where(decisions, model.lower, model.upper)
    seatless = model.cost_matrix["unplaced"]
    row_upper = model.row_upper.copy()
    limits = []
    for row in model.seatless_rows:
        weights = np.asarray(model.matrix[row].todense()).ravel()
        limits.append(_lp(model, weights, model.lower, fixed_up, row_upper))
    del seatless
    row_upper[model.seatless_rows] = np.array(limits) + 1e-6
    n_t = len(model.years)
    row_upper[model.budget_rows[:n_t]] = np.inf if budget.per_year is None else budget.per_year
    row_upper[model.budget_rows[-1]] = np.inf if budget.total is None else budget.total
    # Each decision block (a candidate's columns over the years) takes a sequence that never
    # decreases, within its bounds; rows among integer columns alone (exclusive fates, a site's
    # classrooms) are then checked for all choices at once before any LP.
    blocks = [b for name, b in model.index.items() if not name.startswith("flow:") for b in b]
    integer = np.concatenate([b for b in blocks if model.integer[b[0]]])
    options = []
    for block in (b for b in blocks if model.integer[b[0]]):
        lo, hi = int(model.lower[block].max()), int(model.upper[block].min())
        options.append([seq for seq in itertools.combinations_with_replacement(range(lo, hi + 1), n_t)])
    grid = np.array([np.concatenate(choice) for choice in itertools.product(*options)], dtype=float)
    a = model.matrix.tocsc()
    only = np.asarray(a[:, np.flatnonzero(~model.integer)].getnnz(axis=1) == 0).ravel()
    sub = a[np.flatnonzero(only)][:, integer]
    act = sub @ grid.T
    ok = ((act >= model.row_lower[only][:, None] - 1e-9) & (act <= row_upper[only][:, None] + 1e-9)).all(axis=0)
    best = np.inf
    for choice in grid[ok]:
        lower = model.lower.copy()
        upper = model.upper.copy()
        lower[integer] = choice
        upper[integer] = choice
        value = _lp(model, cost, lower, upper, row_upper)
        if value is not None:
            best = min(best, value + offset)
    return best


def _small(model: PlanModel) -> None:
    """At most one classroom per expansion and a new site of its least size, so that every choice
    can be listed."""
    model.upper[model.index["rooms"].ravel()] = 1.0
    model.upper[model.index["site_rooms"].ravel()] = 3.0


@pytest.mark.parametrize(
    ("seed", "n_years", "budget", "closable"),
    [(1, 2, 900.0, (2, 3)), (2, 2, 2000.0, (2, 3)), (3, 3, 1200.0, (3,)), (4, 2, 0.0, (2, 3))],
)
def test_the_solver_finds_the_best_plan_of_all(
    standards: Standards, seed: int, n_years: int, budget: float, closable: tuple[int, ...]
) -> None:
    schools, candidates, demand = _instance(seed, n_years, closable)
    # Classrooms at most one per expansion, so that every choice can be listed.
    model = PlanModel.build(schools, candidates, demand, standards, budget=Budget(total=budget))
    _small(model)
    objective = Objective()
    limit = model.least_seatless()
    solution = model.solve(objective, seatless_limit=limit, time_limit=60.0, gap=0.0)
    best = _brute_force(model, objective, Budget(total=budget))
    stage = solution.stages[0]
    assert len(candidates.ids()) <= 12
    assert stage.value == pytest.approx(best, rel=1e-6, abs=1e-4)
    assert stage.bound <= best + 1e-4 * max(1.0, abs(best))
    assert stage.gap <= 1e-6


def test_a_lexicographic_plan_meets_each_term_at_its_best_in_turn(standards: Standards) -> None:
    schools, candidates, demand = _instance(5, 2)
    model = PlanModel.build(schools, candidates, demand, standards, budget=Budget(total=1500.0))
    _small(model)
    limit = model.least_seatless()
    order = parse_objective("unplaced,beyond,large,travel,cost")
    solution = model.solve(order, seatless_limit=limit, time_limit=60.0, gap=0.0)
    # The first term alone, by brute force, is what the plan achieves.
    first = Objective(weights={t: float(t == "unplaced") for t in TERMS})
    best = _brute_force(model, first, Budget(total=1500.0))
    # Later stages keep the first term within 1e-6 of its value (the solver's tolerances).
    assert solution.terms["unplaced"] == pytest.approx(best, rel=2e-6, abs=1e-6)
    assert [s.term for s in solution.stages] == list(order.order)
    assert all(s.bound <= s.value + 1e-6 for s in solution.stages)


def test_objective_text_is_parsed_or_refused() -> None:
    assert parse_objective(None).weighted
    order = parse_objective("cost, beyond")
    assert order.order == ("cost", "beyond", "unplaced", "large", "travel")
    assert not order.weighted
    weights = parse_objective("beyond=3,cost=1")
    assert weights.weights == {"beyond": 3.0, "unplaced": 0.0, "large": 0.0, "travel": 0.0, "cost": 1.0}
    for bad, message in [
        ("beyond,speed", "unknown objective term"),
        ("beyond=1,cost", "mix of an order and weights"),
        ("beyond=-1", "weight must be a number of 0 or more"),
        ("beyond=x", "weight must be a number of 0 or more"),
        ("cost,cost", "term given twice"),
    ]:
        with pytest.raises(InputError, match=message):
            parse_objective(bad)
