"""The standards plan (优质均衡达标方案): the cheapest investments and teacher transfers that bring
every school and the county up to the quality-balance standards.

Decisions per school: teaching floor area, sports ground (within the spare land a school has),
equipment value and networked multimedia rooms to add; teachers to hire by kind (qualified,
key, PE and arts) within the county's staffing posts; teachers to move between schools by kind
under the exchange rules (交流轮岗).

Targets, per level: every school meets at least ``standards_met`` of the seven per-school
standards and the rest at ``rest_share`` of theirs (a choice per school and indicator: binary
variables), and every quality coefficient is at or below its threshold. With a budget, the most
targets that budget reaches instead (a school at a level is one target, a coefficient another).

The coefficient threshold ``CV ≤ t`` is a second-order cone: with ``r_i`` a school's resource
at the level (linear in the decisions), ``P_i`` its pupils and ``P = Σ P_i``, the vector
``v_i = sqrt(P_i / P) (r_i / P_i − Σ r / P)`` has norm ``S`` and the constraint is
``‖v‖ ≤ t Σ r / P``. For any unit vector ``u``, ``u·v ≤ ‖v‖``, so the linear cut
``u·v ≤ t Σ r / P`` holds at every feasible point: a relaxation. HiGHS solves the mixed-integer
programme with the cuts found so far; the cone is checked at its answer, and a violated one gets
the cut of ``u = v / ‖v‖`` there; until none is violated (Kelley's outer approximation).

Why every reported bound holds: the cuts at the threshold ``t`` only ever remove points outside
the cones, so the programme with them is a relaxation of the true problem, and HiGHS's dual bound
of it is a lower bound of the least cost (in budget mode an upper bound of the targets reached).
The answer reported comes from the same cuts at a slightly tighter threshold ``t (1 − 1e-5)``,
checked afterwards by computing every coefficient as :mod:`gis.balance` does; so it truly meets
every threshold, and its cost is an upper bound. The gap is between the two.

Pure: no Qt, no files; the command line and the window call it through :mod:`gis.usecases`.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from gis.balance import QUALITY, assess, level_pupils
from gis.edits import AddResources, Scenario
from gis.errors import InputError, Problem, SolverError
from gis.highs import SolverFactory, new_highs, pass_model
from gis.messages import Text, text, word
from gis.progress import Progress

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from gis.balance import Balance
    from gis.network import RoutingNetwork
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards

#: Investment items: the school column each adds to, and its unit.
ITEMS: dict[str, tuple[str, str]] = {
    "floor_area": ("floor_area_m2", "m²"),
    "sports_ground": ("sports_area_m2", "m²"),
    "equipment": ("equipment_value_yuan", "yuan"),
    "multimedia_rooms": ("multimedia_rooms", "rooms"),
    "hire_qualified": ("teachers_qualified", "teachers"),
    "hire_key": ("key_teachers", "teachers"),
    "hire_pe_arts": ("pe_arts_teachers", "teachers"),
    "train_qualified": ("teachers_qualified", "teachers"),
    "train_key": ("key_teachers", "teachers"),
    "train_pe_arts": ("pe_arts_teachers", "teachers"),
}
#: The quality indicators in words, for messages (the command line's and the window's).
INDICATOR_WORDS = {
    "teachers_qualified_per_100": text("teachers above the required qualification per 100 pupils"),
    "key_teachers_per_100": text("key teachers per 100 pupils"),
    "pe_arts_teachers_per_100": text("PE and arts teachers per 100 pupils"),
    "floor_area_per_pupil": text("teaching and auxiliary floor area per pupil"),
    "sports_area_per_pupil": text("sports ground per pupil"),
    "equipment_per_pupil": text("teaching equipment per pupil"),
    "multimedia_rooms_per_100": text("networked multimedia rooms per 100 pupils"),
}
#: The items that are whole numbers (rooms and teachers).
WHOLE_ITEMS = frozenset(item for item, (_c, unit) in ITEMS.items() if unit in ("rooms", "teachers"))
#: Kinds of teacher that are hired and moved, and the school column of each.
TEACHER_KINDS: dict[str, str] = {
    "qualified": "teachers_qualified",
    "key": "key_teachers",
    "pe_arts": "pe_arts_teachers",
}
#: Units of an item's column in the programme (equipment in 万元 rather than yuan: rows of like size).
_VAR_UNIT = {"equipment": 1e4}
#: The building items, continuous amounts rounded up to these steps in the plan reported.
_ROUNDING = {"floor_area": 0.01, "sports_ground": 0.01, "equipment": 1.0}
#: No school is raised above this many times a standard by investment (a bound of the model, far
#: above what any target needs; it keeps the model bounded when a unit cost is zero).
MAX_OVER_STANDARD = 3.0
#: The answer meets each coefficient threshold ``t`` as ``t (1 − TIGHTEN)`` in the cuts, so that
#: it still meets ``t`` after its amounts are rounded up; the bound is proved at ``t`` itself.
TIGHTEN = 1e-5
#: The relative gap and the least seconds of an outer-approximation round (the bound is proved after).
ROUND_GAP = 0.1
ROUND_SECONDS = 3.0
#: Outer-approximation rounds at most (each adds a cut per violated coefficient).
MAX_ROUNDS = 60
_LEVELS = ("primary", "junior")
_TOWNS = ("county_seat", "town")


@dataclass(frozen=True)
class StandardsOptions:
    """What the standards plan may do and aim for.

    Attributes
    ----------
    budget
        万元. None: reach every target at the least cost; a figure: reach the most targets within it.
    posts
        The county's staff posts (编制); None: by the norm of ``[teachers]`` for the pupils planned on.
    land_m2
        Spare land for sports ground per school code, m²; a school absent has no limit.
    pareto_steps
        Budgets of the Pareto view (targets against budget); 0 for none.
    time_limit
        Seconds the whole solve may take.
    gap
        Relative gap at which the solver stops (0.001: 0.1 %).
    transfers
        Whether teachers may move between schools.
    """

    budget: float | None = None
    posts: float | None = None
    land_m2: Mapping[str, float] | None = None
    pareto_steps: int = 0
    time_limit: float = 300.0
    gap: float = 0.001
    transfers: bool = True


@dataclass(frozen=True, eq=False)
class StandardsPlan:
    """A standards plan: what to add where, which teachers move, and the balance before and after.

    ``bound`` is proven: in the targets mode a lower bound of the least cost of reaching every
    target, in the budget mode an upper bound of the targets any plan within the budget reaches.
    """

    investments: pd.DataFrame
    transfers: pd.DataFrame
    summary: pd.DataFrame
    schools_before: gpd.GeoDataFrame
    schools_after: gpd.GeoDataFrame
    pupils: dict[str, np.ndarray]
    before: Balance
    after: Balance
    mode: str
    budget: float | None
    cost: float
    bound: float
    gap: float
    status: str
    targets_reached: int
    targets_total: int
    posts: float
    staff: float
    hired: int
    rounds: int
    cuts: int
    seconds: float
    pareto: pd.DataFrame | None = None
    notes: tuple[str, ...] = ()

    def bounds_table(self) -> pd.DataFrame:
        """``standards_bounds.csv``: measure, value, bound, gap."""
        import pandas as pd

        measure = "cost" if self.mode == "targets" else "targets_reached"
        value = self.cost if self.mode == "targets" else float(self.targets_reached)
        return pd.DataFrame(
            {"measure": [measure], "value": [value], "bound": [self.bound], "gap": [self.gap], "status": [self.status]}
        )

    def edits(self) -> tuple[AddResources, ...]:
        """One :class:`~gis.edits.AddResources` per school the plan changes (its transfers included)."""
        columns = ["floor_area_m2", "sports_area_m2", "equipment_value_yuan", "multimedia_rooms", "teachers"]
        columns += list(TEACHER_KINDS.values())
        before = self.schools_before
        after = self.schools_after
        out: list[AddResources] = []
        for k, sid in enumerate(before["school_id"].astype(str)):
            change = {c: float(after[c].iloc[k]) - float(before[c].iloc[k]) for c in columns}
            if not any(abs(v) > 0 for v in change.values()):
                continue
            whole = {c: round(change[c]) for c in columns if c not in _CONTINUOUS_COLUMNS}
            out.append(
                AddResources(
                    sid,
                    floor_area_m2=_amount(before, after, k, "floor_area_m2"),
                    sports_area_m2=_amount(before, after, k, "sports_area_m2"),
                    equipment_value_yuan=_amount(before, after, k, "equipment_value_yuan"),
                    **whole,
                )
            )
        return tuple(out)

    def scenario(self, name: str, base: Scenario | None = None) -> Scenario:
        """A scenario of ``base``'s edits (none: the baseline's) and then this plan's."""
        description = text("standards plan: {cost:,.1f} 万元", cost=self.cost)
        edits = (base.edits if base is not None else ()) + self.edits()
        return Scenario(name, edits, description)


_CONTINUOUS_COLUMNS = ("floor_area_m2", "sports_area_m2", "equipment_value_yuan")


def _amount(before: gpd.GeoDataFrame, after: gpd.GeoDataFrame, row: int, column: str) -> float:
    """The amount added at a row, such that ``before + amount`` is exactly the value after."""
    return float(after[column].iloc[row]) - float(before[column].iloc[row])


# ---------------------------------------------------------------------- the county's facts


def staff_posts(schools: gpd.GeoDataFrame, pupils: Mapping[str, np.ndarray], standards: Standards) -> float:
    """The county's staff posts by the norm of ``[teachers]``: each school's pupils over the pupils
    per post of their level, or, for a small school (fewer pupils than ``classes.small_school``),
    its classes times the posts per class when that is more; each school's posts rounded up."""
    rules = standards.teachers
    by_pupils = sum(
        (np.asarray(pupils[lv], dtype=float) / rules.pupils_per_post[lv] for lv in _LEVELS), np.zeros(len(schools))
    )
    total = sum((np.asarray(pupils[lv], dtype=float) for lv in _LEVELS), np.zeros(len(schools)))
    classes = schools["classes_primary"].to_numpy(dtype=float) + schools["classes_junior"].to_numpy(dtype=float)
    small = (total > 0) & (total < standards.small_school)
    posts = np.where(small, np.maximum(by_pupils, classes * rules.small_school_posts_per_class), by_pupils)
    return float(np.ceil(posts - 1e-9).sum())


def school_commutes(
    project: Project,
    standards: Standards,
    schools: gpd.GeoDataFrame | None = None,
    *,
    network: RoutingNetwork | None = None,
) -> sp.csr_matrix:
    """Minutes between schools by the teachers' commuting mode, for the pairs within the limit.

    Rows are the schools a teacher leaves, columns those it goes to (rows of ``schools``,
    default the project's); a pair not stored is beyond ``[teachers] commute_max_min``.
    ``network`` is the mode's compiled network when an analysis of the same roads has it
    already; otherwise it is built here.
    """
    from gis.analysis import prepare_routing
    from gis.travel import travel_matrix

    rules = standards.teachers
    chosen = project.schools if schools is None else schools
    if network is None:
        network = prepare_routing(project, standards, modes=(rules.commute_mode,)).networks[rules.commute_mode]
    x, y = chosen.geometry.x.to_numpy(), chosen.geometry.y.to_numpy()
    return travel_matrix(network, x, y, x, y, max_minutes=rules.commute_max_min)


def school_settlements(project: Project, standards: Standards, schools: gpd.GeoDataFrame | None = None) -> np.ndarray:
    """Each school's settlement class (``county_seat``, ``town``, ``village`` or ``unknown``): that of
    the place it belongs to, as the forecast links them."""
    from gis.cohorts import CLASSES, school_classes

    chosen = project.schools if schools is None else schools
    codes = school_classes(chosen, project.places, standards.forecast.built_up_density_per_km2)
    return np.array([CLASSES[c] for c in codes], dtype=object)


# ---------------------------------------------------------------------- the model


class _Program:
    """A mixed-integer programme being built: columns with bounds, costs and integrality, and rows."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.cost: list[float] = []
        self.integer: list[bool] = []
        self.rows: list[tuple[float, float, list[int], list[float]]] = []

    def var(self, lower: float, upper: float, cost: float = 0.0, *, integer: bool = False) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.cost.append(cost)
        self.integer.append(integer)
        return len(self.lower) - 1

    def row(self, lower: float, upper: float, index: list[int], value: list[float]) -> None:
        self.rows.append((lower, upper, index, value))

    def highs(self, *, time_limit: float, gap: float, solver: SolverFactory | None) -> Any:
        highs = new_highs(solver, time_limit=max(time_limit, 0.5), mip_rel_gap=gap)
        rows = np.concatenate([np.full(len(r[2]), k) for k, r in enumerate(self.rows)] or [np.zeros(0)])
        cols = np.concatenate([np.asarray(r[2]) for r in self.rows] or [np.zeros(0)])
        vals = np.concatenate([np.asarray(r[3], dtype=float) for r in self.rows] or [np.zeros(0)])
        matrix = sp.csc_matrix((vals, (rows.astype(int), cols.astype(int))), shape=(len(self.rows), len(self.lower)))
        matrix.sum_duplicates()
        pass_model(
            highs,
            cost=np.asarray(self.cost, dtype=float),
            lower=np.asarray(self.lower, dtype=float),
            upper=np.asarray(self.upper, dtype=float),
            matrix=matrix,
            row_lower=np.array([r[0] for r in self.rows], dtype=float),
            row_upper=np.array([r[1] for r in self.rows], dtype=float),
            integer=np.asarray(self.integer, dtype=bool),
        )
        return highs


@dataclass
class _Cone:
    """One coefficient ``CV ≤ t`` of a level and indicator over its schools, in the model.

    With ``r_i`` the resource at the level, ``CV ≤ t`` is ``Σ r_i² / p_i ≤ k (Σ r)²`` for
    ``k = (1 + t²) / P`` (the weighted variance is the mean square less the square of the mean),
    that is ``‖x‖ ≤ τ`` for ``x_i = r_i / √p_i`` and ``τ = √k Σ r``. In the extended formulation
    of Vielma, Dunning, Huchette and Lubin (2017) that is ``x_i² ≤ τ y_i`` for every school and
    ``Σ y_i ≤ τ``: each a three-dimensional cone ``‖(2 x_i, τ − y_i)‖ ≤ τ + y_i``, whose tangent
    cuts are sparse and few of which approximate it closely.
    """

    level: str
    indicator: str
    column: str
    threshold: float
    rows: np.ndarray  # schools in the coefficient
    alpha: np.ndarray  # resource at the level per unit of the school's column (share × per), over ``rows``
    pupils: np.ndarray  # over ``rows``
    tau: int = -1  # column of τ
    tau_row: int = -1  # row defining τ (its coefficients depend on the threshold)
    ys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # column of y_i per row
    switch: int | None = None  # budget mode: the binary column "this coefficient meets its threshold"
    cuts: int = 0
    unit: float = 1.0  # x and τ are in units of the county's resource per pupil today (of like size)

    def value(self, resource: np.ndarray) -> float:
        """The coefficient at the school column's values (all schools), as :mod:`gis.balance` computes it."""
        r = self.alpha * resource[self.rows]
        total = float(self.pupils.sum())
        mean = float(r.sum()) / total
        if mean <= 0:
            return math.nan
        x = r / self.pupils
        return math.sqrt(float(np.sum(self.pupils / total * (x - mean) ** 2))) / mean

    def scale(self, threshold: float) -> float:
        """``√k``: τ per unit of ``Σ r``."""
        return math.sqrt((1.0 + threshold**2) / float(self.pupils.sum()))


def _cone_columns(
    prog: _Program,
    cone: _Cone,
    facts: _Facts,
    delta: dict[str, list[list[tuple[int, float]]]],
    threshold: float,
    big_m: float | None,
) -> None:
    """Add a cone's τ, its y_i, the row of τ, ``Σ y ≤ τ`` (switched by big-M in the budget mode)
    and its first cuts (a few directions per school)."""
    have = facts.resource[cone.column][cone.rows]
    most = have.copy()
    for k, i in enumerate(cone.rows):
        most[k] += sum(prog.upper[c] * max(v, 0.0) for c, v in delta[cone.column][i])
    cone.tau = prog.var(0.0, np.inf)
    prog.row(0.0, 0.0, [], [])
    cone.tau_row = len(prog.rows) - 1
    _set_threshold(prog, cone, facts, delta, threshold)
    cone.ys = np.array([prog.var(0.0, np.inf) for _ in cone.rows], dtype=np.int64)
    if big_m is None:
        prog.row(-np.inf, 0.0, [*cone.ys.tolist(), cone.tau], [1.0] * cone.ys.size + [-1.0])
    else:
        cone.switch = prog.var(0.0, 1.0, integer=True)
        prog.row(-np.inf, big_m, [*cone.ys.tolist(), cone.tau, cone.switch], [1.0] * cone.ys.size + [-1.0, big_m])
    for angle in np.linspace(-0.45 * np.pi, 0.45 * np.pi, 5):
        for k in range(cone.rows.size):
            _school_cut(prog, cone, facts, delta, k, math.cos(angle), math.sin(angle))


def _boundary(cone: _Cone, after: np.ndarray, threshold: float) -> np.ndarray:
    """The school column's values where the segment from every school at the coefficient's mean
    per pupil (coefficient 0) to ``after`` meets ``CV = threshold`` (bisection)."""
    r = cone.alpha * after[cone.rows]
    inner = after.copy()
    inner[cone.rows] = cone.pupils * (float(r.sum()) / float(cone.pupils.sum())) / cone.alpha
    low, high = 0.0, 1.0
    for _ in range(50):
        mid = (low + high) / 2
        if cone.value(inner + mid * (after - inner)) > threshold:
            high = mid
        else:
            low = mid
    return inner + low * (after - inner)


def _set_threshold(
    prog: _Program, cone: _Cone, facts: _Facts, delta: dict[str, list[list[tuple[int, float]]]], threshold: float
) -> None:
    """The row ``τ = √k Σ r`` of the cone at ``threshold`` (the only row that depends on it)."""
    root = cone.scale(threshold) * cone.unit
    index, value = [cone.tau], [1.0]
    for k, i in enumerate(cone.rows):
        for c, v in delta[cone.column][i]:
            index.append(c)
            value.append(-root * cone.alpha[k] * v)
    constant = root * float(np.dot(cone.alpha, facts.resource[cone.column][cone.rows]))
    prog.rows[cone.tau_row] = (constant, constant, index, value)


def _school_cut(
    prog: _Program,
    cone: _Cone,
    facts: _Facts,
    delta: dict[str, list[list[tuple[int, float]]]],
    k: int,
    a: float,
    b: float,
) -> None:
    """The cut ``2a x_k + b (τ − y_k) ≤ τ + y_k`` of school ``k`` of the cone (``a² + b² = 1``): valid
    wherever ``‖(2 x_k, τ − y_k)‖ ≤ τ + y_k``."""
    i = cone.rows[k]
    weight = 2.0 * a * cone.alpha[k] * cone.unit / math.sqrt(float(cone.pupils[k]))
    index = [c for c, _v in delta[cone.column][i]] + [cone.tau, int(cone.ys[k])]
    value = [weight * v for _c, v in delta[cone.column][i]] + [b - 1.0, -(b + 1.0)]
    prog.row(-np.inf, -weight * float(facts.resource[cone.column][i]), index, value)
    cone.cuts += 1


def _refine(
    prog: _Program,
    cone: _Cone,
    facts: _Facts,
    delta: dict[str, list[list[tuple[int, float]]]],
    x: np.ndarray,
    after: np.ndarray,
    tolerance: float = 1e-7,
    boundary: bool = True,
) -> int:
    """Cuts at the answer for every school whose three-dimensional cone it breaks (beyond a relative
    ``tolerance``); how many."""
    tau = float(x[cone.tau])
    xs = cone.alpha * cone.unit * after[cone.rows] / np.sqrt(cone.pupils)
    ys = x[cone.ys]
    added = 0
    threshold = cone.threshold * (1 - TIGHTEN)
    if boundary and cone.value(after) > threshold:
        # Also tangent to every school's cone at the point where the segment from an interior point
        # (every school at the mean per pupil: coefficient 0) to the answer crosses the boundary
        # (the extended supporting hyperplanes of Kronqvist, Lundell and Westerlund, lifted).
        point = _boundary(cone, after, threshold)
        bx = cone.alpha * cone.unit * point[cone.rows] / np.sqrt(cone.pupils)
        btau = cone.scale(threshold) * cone.unit * float(np.dot(cone.alpha, point[cone.rows]))
        by = bx**2 / btau
        for j in range(cone.rows.size):
            a, b = 2.0 * bx[j], btau - by[j]
            norm = math.hypot(a, b)
            if norm > 0:
                _school_cut(prog, cone, facts, delta, j, a / norm, b / norm)
                added += 1
    for k in np.flatnonzero(xs**2 > tau * ys + tolerance * (tau * ys + xs**2) + 1e-12):
        a, b = 2.0 * xs[k], tau - ys[k]
        norm = math.hypot(a, b)
        if norm > 0:
            _school_cut(prog, cone, facts, delta, int(k), a / norm, b / norm)
            added += 1
    return added


@dataclass
class _Built:
    """The programme of a standards plan and where its decisions are."""

    program: _Program
    amount: dict[str, np.ndarray]  # item -> column per school (-1: none)
    out: dict[str, np.ndarray]  # kind -> column per school (-1: none)
    into: dict[str, np.ndarray]  # kind -> column per school (-1: none)
    arcs: list[tuple[int, int, str, int]]  # (from, to, kind, flow column)
    cones: list[_Cone]
    school_rows: list[tuple[int, str, int | None]]  # (school, level, pass column or None in the targets mode)
    cost: np.ndarray  # cost of each column, 万元
    budget_row: int | None
    delta: dict[str, list[list[tuple[int, float]]]] = field(default_factory=dict)  # column -> per school, its terms
    scale: float = 0.0  # the budget mode's weight of a 万元 against one target


@dataclass
class _Facts:
    """The schools planned on, as numbers."""

    ids: np.ndarray
    names: np.ndarray
    pupils: dict[str, np.ndarray]
    total: np.ndarray
    resource: dict[str, np.ndarray]  # school column -> values
    need: dict[tuple[str, str], np.ndarray]  # (level, indicator) -> the standard in column units (0 without pupils)
    need_max: dict[str, np.ndarray]  # school column -> the strictest standard of the school's levels
    teachers: np.ndarray


def _facts(schools: gpd.GeoDataFrame, pupils: dict[str, np.ndarray], standards: Standards) -> _Facts:
    rules = standards.balance
    assert rules is not None
    total = sum((pupils[lv] for lv in _LEVELS), np.zeros(len(schools)))
    resource = {column: schools[column].to_numpy(dtype=float).copy() for column, _per, _l in QUALITY.values()}
    need: dict[tuple[str, str], np.ndarray] = {}
    need_max = {column: np.zeros(len(schools)) for column in resource}
    for level in _LEVELS:
        has = pupils[level] > 0
        for name, (column, per, _label) in QUALITY.items():
            standard = rules.school_standards[name][level]
            value = np.where(has, standard * total / per, 0.0)
            need[(level, name)] = value
            need_max[column] = np.maximum(need_max[column], value)
    return _Facts(
        ids=schools["school_id"].astype(str).to_numpy(),
        names=schools["name"].astype(str).to_numpy(),
        pupils=pupils,
        total=total,
        resource=resource,
        need=need,
        need_max=need_max,
        teachers=schools["teachers"].to_numpy(dtype=float),
    )


def _unit_costs(standards: Standards) -> dict[str, float]:
    """万元 per unit of each item, and per teacher moved (``transfer``)."""
    costs = standards.costs
    hire = costs.teacher_per_year * costs.hired_teacher_years
    return {
        "floor_area": costs.building_m2,
        "sports_ground": costs.sports_ground_m2,
        "equipment": 1e-4,  # 万元 per yuan
        "multimedia_rooms": costs.multimedia_room,
        "hire_qualified": hire,
        "hire_key": hire,
        "hire_pe_arts": hire,
        "train_qualified": costs.training,
        "train_key": costs.training,
        "train_pe_arts": costs.training,
        "transfer": costs.transfer,
    }


def _build(
    facts: _Facts,
    schools: gpd.GeoDataFrame,
    standards: Standards,
    *,
    land: np.ndarray,
    free_posts: float,
    commute: sp.csr_matrix | None,
    settlement: np.ndarray | None,
    transfers: bool,
    budget: float | None,
) -> _Built:
    """The programme: the targets mode (every target, least cost) without ``budget``, else the budget mode."""
    rules = standards.balance
    assert rules is not None
    teacher_rules = standards.teachers
    unit = _unit_costs(standards)
    n = len(facts.ids)
    prog = _Program()
    budget_mode = budget is not None
    alive = facts.total > 0
    amount: dict[str, np.ndarray] = {}
    # Training places: a share of the teachers, at least one where there is a share at all.
    training = np.where(
        (facts.teachers >= 1) & (teacher_rules.train_share > 0),
        np.maximum(1.0, np.floor(teacher_rules.train_share * facts.teachers + 1e-9)),
        0.0,
    )
    delta: dict[str, list[list[tuple[int, float]]]] = {c: [[] for _ in range(n)] for c in facts.resource}
    for item, (column, _unit) in ITEMS.items():
        cols = np.full(n, -1, dtype=np.int64)
        integer = item in WHOLE_ITEMS
        top = MAX_OVER_STANDARD * facts.need_max[column]
        if integer:
            # Whole rooms and teachers: at least the whole number that meets the standard.
            top = np.maximum(np.floor(top + 1e-9), np.ceil(facts.need_max[column] - 1e-9))
        room = np.maximum(top - facts.resource[column], 0.0)
        if item == "sports_ground":
            room = np.minimum(room, land)
        if item.startswith("hire_"):
            room = np.minimum(room, free_posts)
        if item.startswith("train_"):
            # A teacher of the school not yet of the kind, within the school's training places.
            room = np.minimum(room, np.minimum(facts.teachers - facts.resource[column], training))
        for i in np.flatnonzero(alive & (room > 0)):
            scale = _VAR_UNIT.get(item, 1.0)
            cols[i] = prog.var(0.0, float(room[i]) / scale, unit[item] * scale, integer=integer)
            delta[column][i].append((int(cols[i]), scale))
        amount[item] = cols
    for school in range(n):
        trained = [int(amount[it][school]) for it in ITEMS if it.startswith("train_") and amount[it][school] >= 0]
        if len(trained) > 1:
            prog.row(-np.inf, float(training[school]), trained, [1.0] * len(trained))
    hires = [int(c) for item in ITEMS if item.startswith("hire_") for c in amount[item] if c >= 0]
    if hires:
        prog.row(-np.inf, free_posts, hires, [1.0] * len(hires))
    out: dict[str, np.ndarray] = {k: np.full(n, -1, dtype=np.int64) for k in TEACHER_KINDS}
    into: dict[str, np.ndarray] = {k: np.full(n, -1, dtype=np.int64) for k in TEACHER_KINDS}
    arcs: list[tuple[int, int, str, int]] = []
    if transfers and commute is not None and teacher_rules.exchange_share > 0:
        arcs = _transfer_columns(prog, facts, commute, settlement, teacher_rules, unit["transfer"], out, into, delta)
    # Each school at each level: the standards met, the rest at the rest share.
    school_rows: list[tuple[int, str, int | None]] = []
    for level in _LEVELS:
        for i in np.flatnonzero(facts.pupils[level] > 0):
            passed = prog.var(0.0, 1.0, integer=True) if budget_mode else None
            met: list[int] = []
            for name, (column, _per, _label) in QUALITY.items():
                need = float(facts.need[(level, name)][i])
                y = prog.var(0.0, 1.0, integer=True)
                met.append(y)
                # In shares of the standard, so that every such row is of the same size.
                per = 1.0 / need
                index = [c for c, _v in delta[column][i]] + [y]
                value = [v * per for _c, v in delta[column][i]] + [-(1 - rules.rest_share)]
                have = float(facts.resource[column][i]) * per
                if passed is None:
                    prog.row(rules.rest_share - have, np.inf, index, value)
                else:
                    prog.row(-have, np.inf, [*index, passed], [*value, -rules.rest_share])
                    prog.row(-np.inf, 0.0, [y, passed], [1.0, -1.0])
            if passed is None:
                prog.row(float(rules.standards_met), np.inf, met, [1.0] * len(met))
            else:
                prog.row(0.0, np.inf, [*met, passed], [1.0] * len(met) + [-float(rules.standards_met)])
            school_rows.append((int(i), level, passed))
    cones = _cones(facts, schools, standards, prog, delta, budget_mode=budget_mode)
    cost = np.asarray(prog.cost, dtype=float)
    budget_row = None
    scale = 0.0
    if budget_mode:
        paid = np.flatnonzero(cost)
        assert budget is not None
        prog.row(-np.inf, float(budget), paid.tolist(), cost[paid].tolist())
        budget_row = len(prog.rows) - 1
        # Targets first; of plans reaching as many, the cheapest (the cost term is under one target).
        paid_most = float(np.sum(cost[cost > 0] * np.asarray(prog.upper)[cost > 0]))
        scale = 0.5 / (min(float(budget), paid_most) + 1.0)
        switches = _switches(school_rows, cones)
        prog.cost = [(-1.0 if k in switches else 0.0) + scale * c for k, c in enumerate(cost)]
    return _Built(prog, amount, out, into, arcs, cones, school_rows, cost, budget_row, delta, scale)


def _switches(school_rows: list[tuple[int, str, int | None]], cones: list[_Cone]) -> set[int]:
    return {p for _i, _l, p in school_rows if p is not None} | {c.switch for c in cones if c.switch is not None}


def _transfer_columns(
    prog: _Program,
    facts: _Facts,
    commute: sp.csr_matrix,
    settlement: np.ndarray | None,
    rules: Any,
    cost: float,
    out: dict[str, np.ndarray],
    into: dict[str, np.ndarray],
    delta: dict[str, list[list[tuple[int, float]]]],
) -> list[tuple[int, int, str, int]]:
    """Teachers moved: how many of each kind leave and reach each school, and the flows between.

    A school sends only teachers above its own standard of that kind, at most ``exchange_share``
    of its teachers in all; a teacher goes to a school within the commuting limit that has fewer
    of that kind per pupil (strong to weak), never from a village school to a town's; at least
    ``key_share`` of the movers are key teachers. The flows are continuous: with whole numbers
    leaving and arriving they form a transportation problem, whose vertices are whole.
    """
    n = len(facts.ids)
    alive = facts.total > 0
    cap = np.floor(rules.exchange_share * facts.teachers + 1e-9)
    towns = np.array([s in _TOWNS for s in settlement]) if settlement is not None else np.zeros(n, dtype=bool)
    village = np.array([s == "village" for s in settlement]) if settlement is not None else np.zeros(n, dtype=bool)
    near = commute.tocoo()
    arcs: list[tuple[int, int, str, int]] = []
    flows_out: dict[tuple[int, str], list[int]] = {}
    flows_in: dict[tuple[int, str], list[int]] = {}
    inflow_cap: dict[tuple[int, str], float] = {}
    for kind, column in TEACHER_KINDS.items():
        have = facts.resource[column]
        with np.errstate(invalid="ignore", divide="ignore"):
            per_pupil = np.where(alive, have / np.where(alive, facts.total, 1.0), np.inf)
        surplus = np.floor(have - facts.need_max[column] + 1e-9)
        send = np.minimum(surplus, cap)
        for i in np.flatnonzero(alive & (send > 0)):
            out[kind][i] = prog.var(0.0, float(send[i]), cost, integer=True)
        for i, j, _minutes in zip(near.row, near.col, near.data, strict=True):
            if i == j or out[kind][i] < 0 or not alive[j] or not per_pupil[i] > per_pupil[j]:
                continue
            if village[i] and towns[j]:
                continue
            upper = float(prog.upper[out[kind][i]])
            f = prog.var(0.0, upper)
            arcs.append((int(i), int(j), kind, f))
            flows_out.setdefault((int(i), kind), []).append(f)
            flows_in.setdefault((int(j), kind), []).append(f)
            inflow_cap[(int(j), kind)] = inflow_cap.get((int(j), kind), 0.0) + upper
    for kind, column in TEACHER_KINDS.items():
        for school in range(n):
            if out[kind][school] >= 0:
                fs = flows_out.get((school, kind), [])
                if not fs:
                    prog.upper[out[kind][school]] = 0.0
                prog.row(0.0, 0.0, [*fs, int(out[kind][school])], [1.0] * len(fs) + [-1.0])
                delta[column][school].append((int(out[kind][school]), -1.0))
            if (school, kind) in flows_in:
                fs = flows_in[(school, kind)]
                into[kind][school] = prog.var(0.0, inflow_cap[(school, kind)], integer=True)
                prog.row(0.0, 0.0, [*fs, int(into[kind][school])], [1.0] * len(fs) + [-1.0])
                delta[column][school].append((int(into[kind][school]), 1.0))
    movers = [(int(c), kind) for kind in TEACHER_KINDS for c in out[kind] if c >= 0]
    for school in range(n):
        mine = [int(out[k][school]) for k in TEACHER_KINDS if out[k][school] >= 0]
        if len(mine) > 1:
            prog.row(-np.inf, float(cap[school]), mine, [1.0] * len(mine))
    if movers and rules.key_share > 0:
        prog.row(
            0.0,
            np.inf,
            [c for c, _k in movers],
            [(1.0 if k == "key" else 0.0) - rules.key_share for _c, k in movers],
        )
    return arcs


def _cones(
    facts: _Facts,
    schools: gpd.GeoDataFrame,
    standards: Standards,
    prog: _Program,
    delta: dict[str, list[list[tuple[int, float]]]],
    *,
    budget_mode: bool,
) -> list[_Cone]:
    """Every quality coefficient of each level as a cone in the programme (with its switch in the budget mode)."""
    rules = standards.balance
    assert rules is not None
    kind = schools["type"].astype(str).to_numpy()
    cones: list[_Cone] = []
    for level in _LEVELS:
        p = facts.pupils[level]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(facts.total > 0, p / facts.total, 0.0)
        included = p > 0
        if rules.exclude_teaching_points_under > 0:
            included &= ~((kind == "teaching_point") & (p < rules.exclude_teaching_points_under))
        rows = np.flatnonzero(included)
        if rows.size == 0:
            continue
        for name, (column, per, _label) in QUALITY.items():
            cone = _Cone(level, name, column, rules.quality[level], rows, share[rows] * per, p[rows])
            today = float(np.dot(cone.alpha, facts.resource[column][rows]))
            if today <= 0:
                continue  # no resource anywhere: no coefficient (gis.balance gives NaN)
            cone.unit = float(cone.pupils.sum()) / today
            big_m = _big_m(prog, cone, facts, delta) if budget_mode else None
            _cone_columns(prog, cone, facts, delta, cone.threshold * (1 - TIGHTEN), big_m)
            cones.append(cone)
    return cones


def _big_m(prog: _Program, cone: _Cone, facts: _Facts, delta: dict[str, list[list[tuple[int, float]]]]) -> float:
    """How far ``Σ y`` may exceed τ when the coefficient is let go: ``Σ x_max² / τ_min``."""
    have = facts.resource[cone.column][cone.rows]
    most, least = have.copy(), have.copy()
    for k, i in enumerate(cone.rows):
        most[k] += sum(prog.upper[c] * v for c, v in delta[cone.column][i] if v > 0)
        least[k] += sum(prog.upper[c] * v for c, v in delta[cone.column][i] if v < 0)
    tau_min = cone.scale(cone.threshold) * cone.unit * float(np.dot(cone.alpha, np.maximum(least, 0.0)))
    x_max = cone.alpha * cone.unit * most / np.sqrt(cone.pupils)
    if tau_min <= 0:
        raise InputError(
            Problem(
                text("the {indicator} of every school could be moved away", indicator=INDICATOR_WORDS[cone.indicator]),
                field=cone.indicator,
                fix=text("check the schools' teachers"),
            )
        )
    return float(np.sum(x_max**2)) / tau_min * 1.01 + 1.0


# ---------------------------------------------------------------------- solving


@dataclass
class _Answer:
    """A solution of the programme, its amounts rounded as the plan reports them."""

    x: np.ndarray
    amounts: dict[str, np.ndarray]  # item -> amount per school
    moved: dict[str, tuple[np.ndarray, np.ndarray]]  # kind -> (leaving, arriving) per school
    after: dict[str, np.ndarray]  # school column -> value after
    cost: float


def _answer(built: _Built, facts: _Facts, x: np.ndarray, standards: Standards) -> _Answer:
    unit = _unit_costs(standards)
    n = len(facts.ids)
    upper = np.asarray(built.program.upper, dtype=float)
    amounts: dict[str, np.ndarray] = {}
    after = {column: values.copy() for column, values in facts.resource.items()}
    cost = 0.0
    for item, cols in built.amount.items():
        values = np.zeros(n)
        has = cols >= 0
        raw = np.maximum(x[cols[has]], 0.0) * _VAR_UNIT.get(item, 1.0)
        step = _ROUNDING.get(item)
        if step is None:
            values[has] = np.round(raw)
        else:
            # Up to the step, so that nothing falls short by the solver's tolerance; within the bound.
            top = upper[cols[has]] * _VAR_UNIT.get(item, 1.0)
            values[has] = np.minimum(np.ceil(raw / step - 1e-6) * step, top)
            values[has] = np.where(raw <= 1e-9 * np.maximum(top, 1.0), 0.0, values[has])
        amounts[item] = values
        after[ITEMS[item][0]] = after[ITEMS[item][0]] + values
        cost += float(values.sum()) * unit[item]
    moved: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for kind, column in TEACHER_KINDS.items():
        leaving = np.where(built.out[kind] >= 0, np.round(x[np.maximum(built.out[kind], 0)]), 0.0)
        arriving = np.where(built.into[kind] >= 0, np.round(x[np.maximum(built.into[kind], 0)]), 0.0)
        moved[kind] = (leaving, arriving)
        after[column] = after[column] - leaving + arriving
        cost += float(leaving.sum()) * unit["transfer"]
    return _Answer(x, amounts, moved, after, cost)


def _claimed(cone: _Cone, x: np.ndarray) -> bool:
    """Whether a solution holds this coefficient to its threshold (always in the targets mode)."""
    return cone.switch is None or x[cone.switch] > 0.5


def _run(highs: Any, seconds: float) -> tuple[str, np.ndarray | None, float]:
    """Solve; the status, the solution (None when there is none) and HiGHS's dual bound."""
    import highspy

    highs.setOptionValue("time_limit", float(max(seconds, 0.5)))
    ran = highs.run()
    status = highs.modelStatusToString(highs.getModelStatus())
    if ran == highspy.HighsStatus.kError:
        raise SolverError(
            text("HiGHS stopped with an error while solving the standards plan ({status})", status=status)
        )
    info = highs.getInfo()
    found = info.primal_solution_status >= 1
    x = np.asarray(highs.getSolution().col_value, dtype=float) if found else None
    bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else -math.inf
    return status, x, bound


@dataclass
class _Solved:
    answer: _Answer
    objective: float  # the model's objective at the answer (cost; in the budget mode −targets + scale × cost)
    bound: float  # a proven lower bound of the objective
    rounds: int
    cuts: int


def _solve(
    built: _Built,
    facts: _Facts,
    standards: Standards,
    *,
    seconds: float,
    gap: float,
    solver: SolverFactory | None,
    report: Progress,
    budget: float | None,
) -> _Solved:
    """Outer approximation: solve, cut the cones the answer breaks, again; then prove the bound."""
    deadline = time.perf_counter() + seconds
    prog = built.program
    unit = _unit_costs(standards)
    budget_room = None
    if budget is not None and built.budget_row is not None:
        # Room for rounding the continuous amounts up to their steps.
        rounding = sum(_ROUNDING[item] * unit[item] * int((built.amount[item] >= 0).sum()) for item in _ROUNDING)
        budget_room = max(0.0, budget - rounding)
    _relaxed_rounds(built, facts, budget_room, deadline, report)
    answer: _Answer | None = None
    rounds = 0
    status = ""
    start: np.ndarray | None = None
    fallback: _Answer | None = None
    slice_seconds = ROUND_SECONDS
    while True:
        rounds += 1
        cuts = sum(c.cuts for c in built.cones)
        report(min(0.9, rounds / 20), text("standards plan: round {rounds}, {cuts} cuts", rounds=rounds, cuts=cuts))
        highs = _model(built, facts, tight=True, budget=budget_room, gap=max(gap, ROUND_GAP), solver=solver)
        if start is not None:
            integer = np.flatnonzero(prog.integer).astype(np.int32)
            highs.setSolution(integer.size, integer, np.round(start[integer]))
        # Rounds before the last need only a good answer to cut at: a looser gap and a share of the time.
        left = deadline - time.perf_counter()
        status, x, _bound = _run(highs, min(left, slice_seconds))
        if x is None:
            if status == "Infeasible":
                raise _Unreachable(status)
            if time.perf_counter() < deadline - 1.0:
                slice_seconds *= 2  # no answer in the slice: the same round with more time
                continue
            break
        found = _answer(built, facts, x, standards)
        added = 0
        holds = True
        for cone in built.cones:
            if not _claimed(cone, x):
                continue
            value = cone.value(found.after[cone.column])
            if value > cone.threshold:
                holds = False
            if value > cone.threshold * (1 - TIGHTEN):
                added += _refine(prog, cone, facts, built.delta, x, found.after[cone.column])
        if holds:
            answer = found
            break
        if built.budget_row is not None:
            # In the budget mode every answer counts, without the coefficients it only claims.
            mended = _mended(built, found)
            if fallback is None or _objective(built, mended) < _objective(built, fallback):
                fallback = mended
        start = x
        if added == 0 or rounds >= MAX_ROUNDS or time.perf_counter() >= deadline:
            break
    if answer is None:
        answer = fallback
    if answer is None:
        raise _Unreachable(status or "no solution", timed_out=True)
    objective = _objective(built, answer)
    # Then, in turns while time lasts: the bound, from the same cuts at the thresholds themselves
    # (a relaxation of the true problem), its answer cut where it breaks a cone; and a better
    # answer at the tightened thresholds, from the best so far.
    bound = -math.inf
    integer = np.flatnonzero(prog.integer).astype(np.int32)
    turn = 0
    while True:
        turn += 1
        report(0.92, text("standards plan: proving the bound, turn {turn}", turn=turn))
        loose = _model(built, facts, tight=False, budget=budget, gap=gap, solver=solver)
        loose.setSolution(integer.size, integer, np.round(answer.x[integer]))
        left = deadline - time.perf_counter()
        _status, x2, proved = _run(loose, max(left, min(10.0, seconds)) if turn == 1 else left)
        bound = max(bound, proved)
        if _closed(bound, objective, gap) or x2 is None or time.perf_counter() >= deadline - 1.0:
            break
        other = _answer(built, facts, x2, standards)
        if _holds(built, other, x2) and _within(other, budget) and _objective(built, other) < objective:
            answer, objective = other, _objective(built, other)
            continue
        if built.budget_row is not None and _within(other, budget):
            mended = _mended(built, other)
            if _objective(built, mended) < objective:
                answer, objective = mended, _objective(built, mended)
        cut = sum(
            _refine(prog, c, facts, built.delta, x2, other.after[c.column])
            for c in built.cones
            if _claimed(c, x2) and c.value(other.after[c.column]) > c.threshold * (1 - TIGHTEN)
        )
        if cut == 0:
            break
        better = _model(built, facts, tight=True, budget=budget_room, gap=gap, solver=solver)
        better.setSolution(integer.size, integer, np.round(answer.x[integer]))
        _status, x3, _bound = _run(better, deadline - time.perf_counter())
        if x3 is not None:
            found = _answer(built, facts, x3, standards)
            if _holds(built, found, x3) and _within(found, budget) and _objective(built, found) < objective:
                answer, objective = found, _objective(built, found)
    return _Solved(answer, objective, min(bound, objective), rounds, sum(c.cuts for c in built.cones))


def _mended(built: _Built, answer: _Answer) -> _Answer:
    """A budget-mode answer with the coefficients it claims but does not meet let go (their
    switches 0): an answer of the true problem."""
    x = answer.x.copy()
    for cone in built.cones:
        if cone.switch is not None and x[cone.switch] > 0.5 and cone.value(answer.after[cone.column]) > cone.threshold:
            x[cone.switch] = 0.0
    return dataclasses.replace(answer, x=x)


def _closed(bound: float, objective: float, gap: float) -> bool:
    """Whether the bound is within the gap asked of the answer."""
    return objective - bound <= gap * max(abs(objective), 1e-9) + 1e-9


def _relaxed_rounds(
    built: _Built, facts: _Facts, budget: float | None, deadline: float, report: Progress, *, most: int = 100
) -> None:
    """Cut the cones at the answers of the linear relaxation first: cheap rounds that leave the
    mixed-integer rounds little to cut."""
    import highspy

    prog = built.program
    for k in range(most):
        if time.perf_counter() >= deadline:
            return
        report(0.0, text("standards plan: relaxation, round {rounds}", rounds=k + 1))
        highs = _model(built, facts, tight=True, budget=budget, gap=0.0, solver=None)
        n = len(prog.lower)
        highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.array([highspy.HighsVarType.kContinuous] * n))
        _status, x, _bound = _run(highs, max(1.0, deadline - time.perf_counter()))
        if x is None:
            return
        after = _resources(built, facts, x)
        broken = [c for c in built.cones if _claimed(c, x) and c.value(after[c.column]) > c.threshold * (1 - TIGHTEN)]
        if not broken:
            return
        for cone in broken:
            _refine(prog, cone, facts, built.delta, x, after[cone.column], tolerance=1e-4, boundary=False)


def _resources(built: _Built, facts: _Facts, x: np.ndarray) -> dict[str, np.ndarray]:
    """Each school column's values at a solution, unrounded."""
    after = {column: values.copy() for column, values in facts.resource.items()}
    for column, per_school in built.delta.items():
        for i, terms in enumerate(per_school):
            after[column][i] += sum(x[c] * v for c, v in terms)
    return after


def _model(
    built: _Built, facts: _Facts, *, tight: bool, budget: float | None, gap: float, solver: SolverFactory | None
) -> Any:
    """A solver of the programme with its cuts: each coefficient at its threshold tightened (the answer)
    or at the threshold itself (the bound)."""
    prog = built.program
    for cone in built.cones:
        _set_threshold(prog, cone, facts, built.delta, cone.threshold * (1 - TIGHTEN) if tight else cone.threshold)
    highs = prog.highs(time_limit=1.0, gap=gap, solver=solver)
    if budget is not None and built.budget_row is not None:
        highs.changeRowBounds(built.budget_row, -np.inf, budget)
    return highs


def _objective(built: _Built, answer: _Answer) -> float:
    if built.budget_row is None:
        return answer.cost
    x = answer.x
    reached = sum(1 for _i, _l, p in built.school_rows if p is not None and x[p] > 0.5)
    reached += sum(1 for c in built.cones if c.switch is not None and x[c.switch] > 0.5)
    return -float(reached) + built.scale * answer.cost


def _holds(built: _Built, answer: _Answer, x: np.ndarray) -> bool:
    return all(c.value(answer.after[c.column]) <= c.threshold for c in built.cones if _claimed(c, x))


def _within(answer: _Answer, budget: float | None) -> bool:
    return budget is None or answer.cost <= budget + 1e-9


class _Unreachable(Exception):
    """The programme has no solution (or none was found in time)."""

    def __init__(self, status: str, *, timed_out: bool = False) -> None:
        super().__init__(status)
        self.status = status
        self.timed_out = timed_out


# ---------------------------------------------------------------------- the plan


def plan_standards(
    schools: gpd.GeoDataFrame,
    standards: Standards,
    *,
    pupils: Mapping[str, np.ndarray] | None = None,
    commute: sp.csr_matrix | None = None,
    settlement: np.ndarray | None = None,
    options: StandardsOptions | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    solver: SolverFactory | None = None,
) -> StandardsPlan:
    """The cheapest investments and teacher transfers that bring every school and coefficient up to
    the quality-balance standards (or, within a budget, the most targets it reaches).

    Parameters
    ----------
    schools
        The schools planned on (a project's, a scenario's, a target year's).
    standards
        The rules: ``[balance]`` (standards, thresholds), ``[costs]``, ``[teachers]``.
    pupils
        Pupils of each school per level (default the recorded enrolment), as :func:`gis.balance.assess` takes them.
    commute
        Minutes between schools within the teachers' commuting limit (:func:`school_commutes`);
        None: no transfers.
    settlement
        Each school's settlement class (:func:`school_settlements`); None: all unknown.
    options
        Budget, posts, land, Pareto view, time and gap (:class:`StandardsOptions`).
    progress, cancel
        Progress reporting and a cancel check (between the solver's rounds).
    solver
        A factory of HiGHS solvers (default: highspy).

    Raises
    ------
    InputError
        For a bad option (a negative budget or land, posts below the teachers there are, land of
        an unknown school) and when no plan reaches every target: naming the indicator and the
        schools that block it.
    Cancelled
        If ``cancel`` returned True.
    """
    started = time.perf_counter()
    chosen = options or StandardsOptions()
    report = Progress(progress, cancel)
    if standards.balance is None:
        raise InputError(Problem(text("the rules file has no [balance] section"), file=standards.path, field="balance"))
    counts = level_pupils(schools) if pupils is None else {k: np.asarray(v, dtype=float) for k, v in pupils.items()}
    facts = _facts(schools, counts, standards)
    land = _check_options(chosen, facts)
    staff = float(facts.teachers.sum())
    notes: list[str] = []
    if chosen.posts is None:
        posts = staff_posts(schools, counts, standards)
        if posts < staff:
            notes.append(
                text(
                    "the posts by the norm ({posts:,.0f}) are fewer than the teachers there are ({staff:,.0f}): "
                    "no teacher is hired",
                    posts=posts,
                    staff=staff,
                )
            )
    else:
        posts = float(chosen.posts)
        if posts < staff:
            raise InputError(
                Problem(
                    text("the staff posts are fewer than the teachers the schools have ({staff:,.0f})", staff=staff),
                    field="posts",
                    value=f"{posts:g}",
                    fix=text("give the county's posts (编制), at least the teachers there are"),
                )
            )
    free = max(0.0, math.floor(posts - staff + 1e-9))
    if chosen.land_m2 is None:
        notes.append(text("no spare land given: sports ground is added without a limit of land"))
    if commute is None or not chosen.transfers:
        notes.append(text("no teacher transfers: teachers are only hired"))
    before = assess(schools, standards, pupils=counts)
    build = {
        "land": land, "free_posts": free, "commute": commute, "settlement": settlement,
        "transfers": chosen.transfers,
    }  # fmt: skip
    report(0.02, text("standards plan: building the model"))
    built = _build(facts, schools, standards, budget=chosen.budget, **build)  # type: ignore[arg-type]
    share = 1.0 if chosen.pareto_steps <= 0 else 0.6
    try:
        solved = _solve(
            built, facts, standards, seconds=chosen.time_limit * share, gap=chosen.gap, solver=solver,
            report=report.stage(0.05, 0.95 * share), budget=chosen.budget,
        )  # fmt: skip
    except _Unreachable as exc:
        raise _blocked(facts, schools, built, standards, build, exc) from None
    pareto = None
    if chosen.pareto_steps > 0:
        pareto = _pareto(facts, schools, standards, solved, chosen, build, solver, report.stage(0.6, 0.98))
    report(0.98, text("standards plan: writing the plan"))
    return _plan(
        facts, schools, standards, built, solved, before, counts,
        chosen=chosen, posts=posts, staff=staff, commute=commute, pareto=pareto, notes=tuple(notes),
        seconds=time.perf_counter() - started,
    )  # fmt: skip


def _check_options(options: StandardsOptions, facts: _Facts) -> np.ndarray:
    """The spare land of each school (inf: no limit); every bad option a problem."""
    problems: list[Problem] = []
    if options.budget is not None and not (math.isfinite(options.budget) and options.budget >= 0):
        problems.append(
            Problem(
                text("the budget must be 0 or more"),
                field="budget",
                value=f"{options.budget:g}",
                fix=text("give the budget in 万元"),
            )
        )
    if options.posts is not None and not (math.isfinite(options.posts) and options.posts >= 0):
        problems.append(Problem(text("the staff posts must be 0 or more"), field="posts", value=f"{options.posts:g}"))
    if not (options.time_limit > 0 and options.gap >= 0 and options.pareto_steps >= 0):
        problems.append(
            Problem(
                text("the time limit must be above 0, the gap and the Pareto steps 0 or more"),
                field="time_limit, gap, pareto_steps",
                value=f"{options.time_limit:g}, {options.gap:g}, {options.pareto_steps}",
            )
        )
    land = np.full(len(facts.ids), np.inf)
    row = {sid: k for k, sid in enumerate(facts.ids)}
    for sid, value in (options.land_m2 or {}).items():
        if str(sid) not in row:
            problems.append(
                Problem(text("no such school"), field="land", value=str(sid), fix=text("check the school code"))
            )
        elif not (math.isfinite(float(value)) and float(value) >= 0):
            problems.append(
                Problem(
                    text("spare land must be 0 m² or more"),
                    feature=str(sid),
                    field="land",
                    value=f"{float(value):g}",
                    fix=text("give the land the school has for sports ground, in m²"),
                )
            )
        else:
            land[row[str(sid)]] = float(value)
    if problems:
        raise InputError(problems)
    return land


def _blocked(
    facts: _Facts,
    schools: gpd.GeoDataFrame,
    built: _Built,
    standards: Standards,
    build: dict[str, Any],
    exc: _Unreachable,
) -> InputError:
    """Why no plan reaches every target, in words: the schools and indicators that block it."""
    rules = standards.balance
    assert rules is not None
    if exc.timed_out:
        return InputError(
            Problem(
                text("no plan that meets every threshold was found within the time limit"),
                field="time_limit",
                fix=text("allow more time, or give a budget to see the most it reaches"),
            )
        )
    upper = np.asarray(built.program.upper, dtype=float)
    problems: list[Problem] = []
    for i, level, _passed in built.school_rows:
        reached: list[str] = []
        blocking: list[str] = []
        for name, (column, _per, _label) in QUALITY.items():
            need = float(facts.need[(level, name)][i])
            most = float(facts.resource[column][i]) + sum(upper[c] * v for c, v in built.delta[column][i] if v > 0)
            if most >= need - 1e-9:
                reached.append(name)
            elif most < rules.rest_share * need - 1e-9 or len(reached) < rules.standards_met:
                blocking.append(name)
        if len(reached) < rules.standards_met or any(
            float(facts.resource[QUALITY[b][0]][i])
            + sum(upper[c] * v for c, v in built.delta[QUALITY[b][0]][i] if v > 0)
            < rules.rest_share * float(facts.need[(level, b)][i]) - 1e-9
            for b in blocking
        ):
            problems.append(
                Problem(
                    text(
                        "{school} cannot meet the {level} standards, whatever is spent: {indicators} cannot be "
                        "reached (no spare land, no free staff post, no teacher to move)",
                        school=str(facts.names[i]),
                        level=word(level),
                        indicators=_listed(blocking),
                    ),
                    feature=str(facts.ids[i]),
                    field=", ".join(blocking),
                    fix=text("give the school's spare land, raise the staff posts (编制) or allow transfers"),
                )
            )
    if problems:
        return InputError(problems)
    return InputError(_apart(facts, schools, standards, build))


def _apart(facts: _Facts, schools: gpd.GeoDataFrame, standards: Standards, build: dict[str, Any]) -> list[Problem]:
    """The targets that cannot be reached together: those the most reachable at any cost leaves out."""
    loose = _build(facts, schools, standards, budget=math.inf, **build)
    try:
        solved = _solve(
            loose, facts, standards, seconds=30.0, gap=0.01, solver=None, report=Progress(), budget=math.inf
        )
    except _Unreachable:
        return [
            Problem(
                text("no plan reaches every school's standards and every coefficient together"),
                fix=text("give a budget to see the most it reaches"),
            )
        ]
    x = solved.answer.x
    problems: list[Problem] = []
    for cone in loose.cones:
        if not _claimed(cone, x):
            best = cone.value(solved.answer.after[cone.column])
            problems.append(
                Problem(
                    text(
                        "the plan reaching the most targets together leaves the {level} coefficient of {indicator} "
                        "at {best:.3f}, above {threshold:.2f}, within the staff posts, the land and the exchange rules",
                        level=word(cone.level),
                        indicator=INDICATOR_WORDS[cone.indicator],
                        threshold=cone.threshold,
                        best=best,
                    ),
                    field=cone.indicator,
                    value=", ".join(str(facts.names[i]) for i in _largest_gaps(cone, facts)),
                    fix=text(
                        "raise the staff posts (编制), give the schools' spare land, or give a budget to see the most "
                        "it reaches"
                    ),
                )
            )
    for i, level, passed in loose.school_rows:
        if passed is not None and x[passed] < 0.5:
            problems.append(
                Problem(
                    text(
                        "the plan reaching the most targets together leaves {school} short of the {level} standards",
                        school=str(facts.names[i]),
                        level=word(level),
                    ),
                    feature=str(facts.ids[i]),
                    fix=text("raise the staff posts (编制), give the school's spare land, or allow transfers"),
                )
            )
    return problems or [
        Problem(
            text("no plan reaching every target was found; a plan reaching all of them apart may exist"),
            fix=text("allow more time, or give a budget to see the most it reaches"),
        )
    ]


def _listed(indicators: list[str]) -> Text:
    """Indicators in words, as one message."""
    out = INDICATOR_WORDS[indicators[0]]
    for name in indicators[1:]:
        out = text("{first}; {second}", first=out, second=INDICATOR_WORDS[name])
    return out


def _largest_gaps(cone: _Cone, facts: _Facts, top: int = 5) -> list[int]:
    """The schools of a coefficient furthest below the county's value per pupil (rows of the schools)."""
    r = cone.alpha * facts.resource[cone.column][cone.rows]
    mean = r.sum() / cone.pupils.sum()
    below = cone.pupils * (mean - r / cone.pupils)
    order = np.argsort(-below, kind="stable")[:top]
    return [int(cone.rows[k]) for k in order if below[k] > 0]


def _targets_bound(bound: float) -> int:
    """The most targets any plan reaches, from the budget mode's dual bound (its cost term is below ½)."""
    return math.floor(-bound + 0.5 - 1e-9)


def _pareto(
    facts: _Facts,
    schools: gpd.GeoDataFrame,
    standards: Standards,
    solved: _Solved,
    options: StandardsOptions,
    build: dict[str, Any],
    solver: SolverFactory | None,
    report: Progress,
) -> pd.DataFrame:
    """Targets reached against budget: budgets from 0 to the plan's cost (or the budget given)."""
    import pandas as pd

    top = float(options.budget) if options.budget is not None else solved.answer.cost
    steps = options.pareto_steps
    rows: list[dict[str, float]] = []
    for k in range(steps + 1):
        report(k / (steps + 1), text("standards plan: Pareto view, budget {k} of {n}", k=k + 1, n=steps + 1))
        budget = top * k / steps
        if options.budget is not None and k == steps:
            answer, bound = solved.answer, solved.bound
        else:
            step_built = _build(facts, schools, standards, budget=budget, **build)
            try:
                one = _solve(
                    step_built, facts, standards, seconds=options.time_limit * 0.4 / (steps + 1), gap=options.gap,
                    solver=solver, report=Progress(), budget=budget,
                )  # fmt: skip
            except _Unreachable:
                continue
            answer, bound = one.answer, one.bound
        after = assess(_schools_after(schools, answer), standards, pupils=facts.pupils)
        rows.append(
            {
                "budget": budget,
                "cost": answer.cost,
                "schools_meeting": float(after.school_standards["passes"].astype(bool).sum()),
                "coefficients_meeting": float(_coefficients_meeting(after)),
                "targets_bound": float(_targets_bound(bound)),
            }
        )
    return pd.DataFrame(rows, columns=["budget", "cost", "schools_meeting", "coefficients_meeting", "targets_bound"])


def _coefficients_meeting(balance: Balance) -> int:
    return sum(1 for c in balance.coefficients if c.method == "quality" and c.indicator != "composite" and c.passes)


def _schools_after(schools: gpd.GeoDataFrame, answer: _Answer) -> gpd.GeoDataFrame:
    """The schools with their resources after the plan (teachers in all with the hired and moved)."""
    after = schools.copy()
    for column, values in answer.after.items():
        after[column] = values
    change = np.zeros(len(after))
    for kind in TEACHER_KINDS:
        change += answer.amounts[f"hire_{kind}"] - answer.moved[kind][0] + answer.moved[kind][1]
    after["teachers"] = schools["teachers"].to_numpy(dtype=float) + change
    return after


def _plan(
    facts: _Facts,
    schools: gpd.GeoDataFrame,
    standards: Standards,
    built: _Built,
    solved: _Solved,
    before: Balance,
    pupils: dict[str, np.ndarray],
    *,
    chosen: StandardsOptions,
    posts: float,
    staff: float,
    commute: sp.csr_matrix | None,
    pareto: pd.DataFrame | None,
    notes: tuple[str, ...],
    seconds: float,
) -> StandardsPlan:
    import pandas as pd

    from gis.locate.base import relative_gap

    answer = solved.answer
    unit = _unit_costs(standards)
    after_schools = _schools_after(schools, answer)
    after = assess(after_schools, standards, pupils=pupils)
    _check_claims(built, answer, after, facts)
    rows = [
        (facts.ids[i], facts.names[i], item, float(values[i]), ITEMS[item][1], float(values[i]) * unit[item])
        for item, values in answer.amounts.items()
        for i in np.flatnonzero(values > 0)
    ]
    investments = pd.DataFrame(rows, columns=["school_id", "name", "item", "amount", "unit", "cost"])
    investments = investments.sort_values(["school_id", "item"], kind="stable").reset_index(drop=True)
    transfers = _transfers(built, facts, answer, commute)
    summary = _summary(before, after)
    reached = int(after.school_standards["passes"].astype(bool).sum()) + _coefficients_meeting(after)
    total = len(built.school_rows) + len(built.cones)
    if built.budget_row is None:
        bound = solved.bound
        gap = relative_gap(bound, answer.cost, answer.cost)
    else:
        bound = float(min(_targets_bound(solved.bound), total))
        gap = max(0.0, (bound - reached) / bound) if bound > 0 else 0.0
    hired = int(sum(answer.amounts[f"hire_{k}"].sum() for k in TEACHER_KINDS))
    status = "optimal" if gap <= chosen.gap + 1e-12 else "time limit"
    return StandardsPlan(
        investments=investments,
        transfers=transfers,
        summary=summary,
        schools_before=schools,
        schools_after=after_schools,
        pupils=pupils,
        before=before,
        after=after,
        mode="targets" if built.budget_row is None else "budget",
        budget=chosen.budget,
        cost=answer.cost,
        bound=bound,
        gap=gap,
        status=status,
        targets_reached=reached,
        targets_total=total,
        posts=posts,
        staff=staff,
        hired=hired,
        rounds=solved.rounds,
        cuts=solved.cuts,
        seconds=seconds,
        pareto=pareto,
        notes=notes,
    )


def _check_claims(built: _Built, answer: _Answer, after: Balance, facts: _Facts) -> None:
    """Every school and coefficient the solver counts as reached is reached, by :func:`gis.balance.assess`."""
    passes = {(str(r.school_id), str(r.level)): bool(r.passes) for r in after.school_standards.itertuples(index=False)}
    for i, level, passed in built.school_rows:
        if (passed is None or answer.x[passed] > 0.5) and not passes.get((str(facts.ids[i]), level), False):
            raise SolverError(
                text("the standards plan's answer fails a school it should meet ({school})", school=str(facts.ids[i]))
            )
    for cone in built.cones:
        if _claimed(cone, answer.x):
            got = after.get(cone.level, "quality", cone.indicator)
            if not got.passes:
                raise SolverError(
                    text(
                        "the standards plan's answer fails a coefficient it should meet ({indicator})",
                        indicator=INDICATOR_WORDS[cone.indicator],
                    )
                )


def _transfers(built: _Built, facts: _Facts, answer: _Answer, commute: sp.csr_matrix | None) -> pd.DataFrame:
    """Who moves where: per kind, the shortest trips that take the teachers leaving each school to
    the schools they arrive at (a transportation problem on the allowed pairs, solved whole)."""
    import highspy
    import pandas as pd

    columns = ["from_school", "to_school", "kind", "teachers", "commute_min", "from_name", "to_name"]
    rows: list[tuple[Any, ...]] = []
    minutes = commute.tocsr() if commute is not None else None
    for kind in TEACHER_KINDS:
        leaving, arriving = answer.moved[kind]
        if leaving.sum() <= 0:
            continue
        arcs = [(i, j) for i, j, k, _f in built.arcs if k == kind and leaving[i] > 0 and arriving[j] > 0]
        assert minutes is not None
        prog = _Program()
        cols = [prog.var(0.0, float(leaving[i]), float(minutes[i, j]), integer=True) for i, j in arcs]
        for i in np.flatnonzero(leaving > 0):
            mine = [c for c, (a, _b) in zip(cols, arcs, strict=True) if a == i]
            prog.row(float(leaving[i]), float(leaving[i]), mine, [1.0] * len(mine))
        for j in np.flatnonzero(arriving > 0):
            mine = [c for c, (_a, b) in zip(cols, arcs, strict=True) if b == j]
            prog.row(float(arriving[j]), float(arriving[j]), mine, [1.0] * len(mine))
        highs = prog.highs(time_limit=60.0, gap=0.0, solver=None)
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise SolverError(text("the teachers moved could not be paired with their new schools"))
        flow = np.round(np.asarray(highs.getSolution().col_value, dtype=float))
        for (a, b), f in zip(arcs, flow, strict=True):
            if f > 0:
                rows.append(
                    (facts.ids[a], facts.ids[b], kind, int(f), float(minutes[a, b]), facts.names[a], facts.names[b])
                )
    return pd.DataFrame(rows, columns=columns)


def _summary(before: Balance, after: Balance) -> pd.DataFrame:
    """``standards_summary.csv``: per level and quality indicator, the coefficient and the schools
    meeting its standard before and after; then the schools meeting the per-school rule."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for level in _LEVELS:
        old = before.school_standards[before.school_standards["level"] == level]
        new = after.school_standards[after.school_standards["level"] == level]
        if old.empty:
            continue
        for name in QUALITY:
            b, a = before.get(level, "quality", name), after.get(level, "quality", name)
            rows.append(
                {
                    "level": level,
                    "indicator": name,
                    "coefficient_before": b.coefficient,
                    "coefficient_after": a.coefficient,
                    "threshold": b.threshold,
                    "schools_meeting_before": int((old[f"{name}_share"] >= 1 - 1e-9).sum()),
                    "schools_meeting_after": int((new[f"{name}_share"] >= 1 - 1e-9).sum()),
                }
            )
        rows.append(
            {
                "level": level,
                "indicator": "per_school_rule",
                "coefficient_before": math.nan,
                "coefficient_after": math.nan,
                "threshold": math.nan,
                "schools_meeting_before": int(old["passes"].astype(bool).sum()),
                "schools_meeting_after": int(new["passes"].astype(bool).sum()),
            }
        )
    return pd.DataFrame(rows)
