"""Children by grade in the years ahead: cohort progression over the population grid.

The population layer holds each cell's children of the base year B (primary and junior). The
projection splits them into grades 1–9 and carries them forward one year at a time:

- grade 1 of year Y: the births of the cell's place in Y − entry age, spread onto the place's
  cells in proportion to their children of B, times the entry ratio;
- grade g of year Y (g = 2 … 9): grade g − 1 of the year before times the progression ratio
  into grade g (grade 7 is the move from primary to junior school).

Ratios come from the county's enrolment history where there is one (:func:`progression_ratios`),
pooled over the consecutive years of the history. The progression ratios are per township and
settlement class, Σ E(g, y + 1) / Σ E(g − 1, y) for the pupils E of the schools of that class
in the township: children drift from the villages to the township seats and the county seat,
so a village's cells and its township seat's do not keep their pupils alike. A school's
settlement class is the class of the place it belongs to, linked as the cells are
(:func:`link_cells_to_places`: a school within a town's built-up area, or nearer its edge than
to any village of the township, is of the town). A class with no pupils of the grades in
question takes its township's pooled ratio, and so does every class of a township for a grade
its schools hand on to one another (a teaching point's grade 3 going on to grade 4 at another
school): those pupils change school, not home, and a class ratio would move them between cells.
The entry ratio is per township, Σ E(1, y) / Σ births(y − entry age) over all its schools and
places, never per class: children born in the villages enrol at the seat's school, so a seat
school's grade 1 is not the seat's births' (on the demo one to four grade-1 pupils per birth of
a seat, a quarter to three quarters per birth of a village), and a class's entry ratio would
tie the seat's entrants to the seat's births alone and overestimate them when the villages'
births fall faster; the township's entrants are measured against the township's births. A
township with no pupils of the grades takes the county's pooled ratio, and so does every
township for the move into grade 7: junior zones cross township lines (a township without a
junior school sends its pupils to another's), so a township's own ratio there would move
children between townships' cells. Without a history, a ratio is 1 + the yearly migration of
the cell's settlement class (``[forecast]`` of the rules; compounded over the years from birth
to entry for the entry ratio). ``migration=False`` sets every ratio to 1.

Births beyond the last known year change by the variant's yearly rate. Without a births table,
the births of the cohort that entered school in B are taken to be its grade-1 children, and
later births follow the variant from there, with an entry ratio of 1 (the stand-ins are
entrants already); the projection says so (:attr:`CohortProjection.births_source`). A project
without places (an imported county, until its villages are added) can only do this, each cell
standing for itself. When the population layer has WorldPop's children aged 0–4 (``under5``),
they give the births of the five years before the base year instead, cell by cell: ages 0 … 4
in B were born in B … B − 4, spread evenly over the band (``under5 / 5`` a year per cell),
times the entry ratio a births table would have without one (the migration's, compounded over
the years from birth to entry); later births follow the variant from B. Birth years before
B − 4 that entrants still need (those of B + 1 were born in B − 5 at entry age six) keep the
grade-1 stand-ins above, and the label says both (:data:`UNDER5_SOURCE`).

Each cell belongs to one place: the nearest place of its township (the nearest of all when its
township has none), measured to the edge of the place's built-up area (its population at the
rules' ``built_up_density_per_km2``; see :func:`link_cells_to_places`); the place's kind gives
the cell's settlement class (county seat, town, village). A place with births but no children
on the grid puts them on the populated cell nearest to it, so that no birth is dropped.

Everything here is numpy over the grid: no routing and no assignment (see :mod:`gis.forecast`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from gis.errors import InputError, Problem
from gis.messages import text, word
from gis.schema import GRADES, JUNIOR_GRADES, LEVEL_GRADES, POPULATION_OPTIONAL_COLUMNS, PRIMARY_GRADES
from gis.standards import BIRTH_VARIANTS, SETTLEMENT_CLASSES

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import geopandas as gpd
    import pandas as pd

    from gis.project import Project
    from gis.standards import ForecastRules

#: The settlement classes of migration, in the order of their codes in :attr:`CohortProjection.settlement`.
CLASSES = (*dict.fromkeys(SETTLEMENT_CLASSES.values()), "unknown")
#: The furthest year a projection reaches, in years after its base year. A layout plan is judged
#: over five to ten years; twenty years ahead the oldest pupils (grade 9, aged 14 at entry age 6)
#: were born six years after the base year, so even with births known up to the base year every
#: child of such a year stands on births the variant made up; and the projection holds cells × 9
#: grades for every year.
MAX_YEARS_AHEAD = 20
#: Where a cell's split of its base-year children into grades came from (codes of ``split``).
SPLIT_SOURCES = (
    text("enrolment history of the township"),
    text("enrolment history of the county"),
    text("births of the place"),
    text("uniform"),
)
#: The births source of a projection whose births come from the population's ``under5`` field.
UNDER5_SOURCE = text("WorldPop ages 0–4 of the population grid")
#: The ages in the ``under5`` field: its children were born in the base year and the four before.
UNDER5_YEARS = 5
#: Where a ratio came from (codes of :attr:`CohortProjection.ratio_source`).
RATIO_SOURCES = (
    text("enrolment history of the township"),
    text("enrolment history of the county"),
    text("migration of the settlement class"),
    text("none (migration left out)"),
    text("births extrapolated from grade 1"),
    text("enrolment history of the township's settlement class"),
)


@dataclass(frozen=True)
class Births:
    """Births per place of a project and year (the household register's table, matched).

    ``counts[p, k]`` are the births of the project's place ``p`` (row of ``project.places``,
    named ``places[p]``) in year ``years[k]``; the years are consecutive.
    """

    places: tuple[str, ...]
    years: tuple[int, ...]
    counts: np.ndarray
    source: str = ""

    def __post_init__(self) -> None:
        if self.counts.shape != (len(self.places), len(self.years)):
            raise ValueError(f"counts must be places × years, not {self.counts.shape}")
        if self.years and list(self.years) != list(range(self.years[0], self.years[-1] + 1)):
            raise ValueError("the years of births must be consecutive")

    @property
    def first(self) -> int:
        """The first year with births."""
        return self.years[0]

    @property
    def last(self) -> int:
        """The last year with births."""
        return self.years[-1]


@dataclass(frozen=True)
class EnrolmentHistory:
    """Pupils by school, grade and year (the yearly school census, matched to the project).

    ``pupils[k, s, g - 1]`` are the pupils of grade ``g`` of the project's school ``s`` (row of
    ``project.schools``, code ``school_ids[s]``) in year ``years[k]``; the years are consecutive.
    """

    school_ids: tuple[str, ...]
    years: tuple[int, ...]
    pupils: np.ndarray
    source: str = ""

    def __post_init__(self) -> None:
        if self.pupils.shape != (len(self.years), len(self.school_ids), len(GRADES)):
            raise ValueError(f"pupils must be years × schools × 9 grades, not {self.pupils.shape}")
        if self.years and list(self.years) != list(range(self.years[0], self.years[-1] + 1)):
            raise ValueError("the years of the enrolment history must be consecutive")

    @property
    def last(self) -> int:
        """The latest year of the history."""
        return self.years[-1]


@dataclass(frozen=True)
class BaseYear:
    """The year the population layer's children are of, and why."""

    year: int
    source: str


@dataclass(frozen=True, eq=False)
class CohortRatios:
    """The entry and progression ratios of every township and settlement class.

    ``ratios[t, k, 0]`` is the entry ratio (grade-1 pupils per birth ``entry_age`` years
    before) of the cells of settlement class ``CLASSES[k]`` in township ``townships[t]`` (from
    the history, the township's for all its classes), and ``ratios[t, k, g - 1]`` their
    progression ratio into grade ``g`` (pupils of grade ``g`` per pupil of grade ``g - 1`` a
    year before); ``source`` says where each came from (index into :data:`RATIO_SOURCES`).
    ``school_settlement`` is the settlement class of each school (row of ``project.schools``;
    index into :data:`CLASSES`), whose pupils count for that class of its township, and
    ``place_settlement`` that of each place, whose births do.
    """

    townships: tuple[str, ...]
    ratios: np.ndarray
    source: np.ndarray
    school_settlement: np.ndarray
    place_settlement: np.ndarray

    def township_index(self, townships: Iterable[object]) -> np.ndarray:
        """The row of each township code in :attr:`townships` (-1 for a township not there)."""
        index = {t: k for k, t in enumerate(self.townships)}
        return np.array([index.get(str(t), -1) for t in townships], dtype=np.int64)


@dataclass(frozen=True, eq=False)
class CohortProjection:
    """Children of each grade per populated cell and year, from the base year on.

    ``grades[t, c, g - 1]`` are the children of grade ``g`` in cell ``c`` (row of the project's
    population) in year ``years[t]``; ``years[0]`` is the base year. ``place`` is each cell's
    place (row of ``project.places``), ``settlement`` its settlement class (index into
    :data:`CLASSES`), ``split`` where its base-year grades came from (index into
    :data:`SPLIT_SOURCES`). ``ratios[c, 0]`` is each cell's entry ratio, ``ratios[c, g - 1]``
    its progression ratio into grade ``g``; ``ratio_source`` says where each came from (index
    into :data:`RATIO_SOURCES`). ``births[p, t]`` are the births used for the entrants of
    ``years[t]`` (born ``entry_age`` years before), per place.
    """

    base: BaseYear
    years: tuple[int, ...]
    grades: np.ndarray
    variant: str
    migration: bool
    entry_age: int
    births_source: str
    place: np.ndarray
    settlement: np.ndarray
    split: np.ndarray
    ratios: np.ndarray
    ratio_source: np.ndarray
    births: np.ndarray
    township: np.ndarray
    notes: tuple[str, ...] = field(default=())
    cohorts: _Cohorts | None = field(default=None, repr=False)

    @property
    def base_year(self) -> int:
        """The year of the population layer's children."""
        return self.base.year

    def year_index(self, year: int) -> int:
        """Where a year is in :attr:`years`.

        Raises
        ------
        InputError
            If the projection does not reach that year.
        """
        if year not in self.years:
            raise InputError(
                Problem(
                    text("the forecast does not cover this year"),
                    field="year",
                    value=str(year),
                    fix=text("choose a year from {first} to {last}", first=self.years[0], last=self.years[-1]),
                )
            )
        return self.years.index(year)

    def children(self, year: int) -> np.ndarray:
        """Children per cell and grade (cells × 9) in a year."""
        return self.grades[self.year_index(year)]

    def county(self) -> np.ndarray:
        """County children per year and grade (years × 9)."""
        return self.grades.sum(axis=1)

    def county_under(self, variant: str) -> np.ndarray:
        """County children per year and grade (years × 9) under another births variant, all
        else equal (a fraction of the cost of another projection)."""
        if variant == self.variant or self.cohorts is None:
            if variant != self.variant:
                raise ValueError("this projection cannot be run again under another variant")
            return self.county()
        return self.cohorts.county(variant)

    def level_totals(self) -> dict[str, np.ndarray]:
        """County children per year of each level."""
        county = self.county()
        return {level: county[:, [g - 1 for g in grades]].sum(axis=1) for level, grades in LEVEL_GRADES.items()}

    def population(self, population: gpd.GeoDataFrame, year: int) -> gpd.GeoDataFrame:
        """The population layer of a year: ``primary``, ``junior`` and ``grades_1_3`` of that year
        (without the base year's ``under5``).

        ``population`` is the project's layer the projection was made from (same rows).
        """
        if len(population) != self.grades.shape[1]:
            raise ValueError("the population layer is not the one the projection was made from")
        grades = self.children(year)
        out = population.copy(deep=False)  # the geometry shared; the three columns replaced
        out["primary"] = grades[:, : len(PRIMARY_GRADES)].sum(axis=1)
        out["junior"] = grades[:, len(PRIMARY_GRADES) :].sum(axis=1)
        out["grades_1_3"] = grades[:, :3].sum(axis=1)
        # The children aged 0–4 are the base year's: another year's layer does not carry them.
        return out.drop(columns=[c for c in POPULATION_OPTIONAL_COLUMNS if c in out.columns])

    def split_summary(self) -> str:
        """Where the base year's grades came from, in words, weighted by children."""
        weight = self.grades[0].sum(axis=1)
        return _shares(SPLIT_SOURCES, self.split, weight)

    def ratio_summary(self) -> str:
        """Where the ratios came from, in words, weighted by the base year's children."""
        weight = np.repeat(self.grades[0].sum(axis=1), len(GRADES))
        return _shares(RATIO_SOURCES, self.ratio_source.ravel(), weight)

    def ratio_table(self) -> pd.DataFrame:
        """The ratios in force: one row per township, settlement class and grade.

        Columns: ``township``, ``settlement`` (county_seat, town, village), ``grade`` (1: the
        entry from births), ``ratio``, ``source``, ``cells`` (how many cells it applies to).
        The progression ratios are measured per township and settlement class, the entry ratio
        per township (:func:`progression_ratios`), so every cell of a group has its group's
        ratios; ``source`` says whether a group's ratio is its own or its township's, the
        county's or the migration's.
        """
        import pandas as pd

        frame = pd.DataFrame({"township": self.township, "settlement": self.settlement})
        groups = frame.groupby(["township", "settlement"], sort=True)
        rows = []
        for (town, kind), members in groups.indices.items():
            cell = int(members[0])
            for g in GRADES:
                rows.append(
                    (
                        str(town),
                        CLASSES[int(kind)],
                        g,
                        float(self.ratios[cell, g - 1]),
                        RATIO_SOURCES[self.ratio_source[cell, g - 1]],
                        len(members),
                    )
                )
        return pd.DataFrame(rows, columns=["township", "settlement", "grade", "ratio", "source", "cells"])


def _shares(names: tuple[str, ...], codes: np.ndarray, weight: np.ndarray) -> str:
    total = np.bincount(codes, weights=weight, minlength=len(names))
    if total.sum() <= 0:
        total = np.bincount(codes, minlength=len(names)).astype(float)
    share = total / max(total.sum(), 1e-12)
    parts = [
        text("{source} {share:.0%}", source=names[k], share=share[k])
        for k in np.argsort(-share, kind="stable")
        if share[k] > 0
    ]
    if not parts:
        return ""
    shown = parts[0]
    for part in parts[1:]:
        shown = text("{first}; {then}", first=shown, then=part)
    return shown


def base_year(project: Project, history: EnrolmentHistory | None = None) -> BaseYear:
    """The year of the population layer's children.

    The latest year of the enrolment history; else the project's ``year`` setting; else the
    current year.

    Raises
    ------
    InputError
        If the project's ``year`` setting is not a year.
    """
    if history is not None and history.years:
        return BaseYear(
            history.last,
            text("the latest year of the enrolment history ({source})", source=history.source or text("history")),
        )
    given = project.settings.get("year", "").strip()
    if given:
        if not (given.isascii() and given.isdigit() and 1900 <= int(given) <= 2200):
            raise InputError(
                Problem(
                    text("setting is not a year"),
                    layer="settings",
                    field="year",
                    value=given,
                    fix=text("write the year of the population's children, e.g. 2025"),
                )
            )
        return BaseYear(int(given), text("the project's year setting"))
    year = datetime.date.today().year
    return BaseYear(year, text("the current year (no enrolment history and no year setting in the project)"))


def link_cells_to_places(
    population: gpd.GeoDataFrame, places: gpd.GeoDataFrame, *, density_per_km2: float | None = None
) -> np.ndarray:
    """Each cell's place: the nearest place of its township (of all places when its township
    has none).

    A place is a point, but a town covers ground: with ``density_per_km2``, a place counts as
    a disc of ``population / density`` km² and distances are measured to its edge (zero
    inside), so that the cells of a county seat's streets belong to the county seat rather than
    to the village at its edge. Without it, distances are to the points.

    Returns
    -------
    The row of ``places`` of each row of ``population``.

    Raises
    ------
    InputError
        If the project has no places.
    """
    if len(places) == 0:
        raise InputError(
            Problem(
                text("the project has no places; the forecast needs the villages and seats"),
                layer="places",
                fix=text("import the places (villages, township seats, the county seat) first"),
            )
        )
    cx, cy = population.geometry.x.to_numpy(), population.geometry.y.to_numpy()
    px, py = places.geometry.x.to_numpy(), places.geometry.y.to_numpy()
    radius = np.zeros(len(places))
    if density_per_km2 is not None and "population" in places.columns:
        people = np.nan_to_num(places["population"].to_numpy(dtype=float)).clip(0.0)
        radius = 1000.0 * np.sqrt(people / (np.pi * density_per_km2))
    cell_town = population["township"].astype(str).to_numpy()
    place_town = places["township"].astype(str).to_numpy()
    link = np.full(len(population), -1, dtype=np.int64)
    for town in np.unique(cell_town).tolist():
        cells = np.flatnonzero(cell_town == town)
        mine = np.flatnonzero(place_town == town)
        if mine.size:
            link[cells] = mine[_nearest_edge(cx[cells], cy[cells], px[mine], py[mine], radius[mine])]
    rest = np.flatnonzero(link < 0)
    if rest.size:
        link[rest] = _nearest_edge(cx[rest], cy[rest], px, py, radius)
    return link


def _nearest_edge(x: np.ndarray, y: np.ndarray, px: np.ndarray, py: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """For each point, the disc whose edge is nearest (distance 0 inside; ties to the nearest centre)."""
    out = np.empty(x.size, dtype=np.int64)
    step = max(1, 4_000_000 // max(px.size, 1))
    for start in range(0, x.size, step):
        block = slice(start, start + step)
        d = np.hypot(x[block, None] - px[None, :], y[block, None] - py[None, :])
        out[block] = np.argmin(np.maximum(d - radius[None, :], 0.0) + 1e-6 * d, axis=1)
    return out


def progression_ratios(
    project: Project,
    rules: ForecastRules,
    *,
    births: Births | None = None,
    history: EnrolmentHistory | None = None,
    migration: bool = True,
    by_settlement: bool = True,
) -> CohortRatios:
    """The entry and progression ratios :func:`project_cohorts` gives the cells of each
    township and settlement class.

    Pooled over the consecutive years of the history: the progression ratios for the schools
    of each township and settlement class (the class of the place a school belongs to), the
    entry ratio for all the township's schools and places, falling back to the township's, the
    county's and the migration's as the module's notes say.

    Parameters
    ----------
    project
        The county project: the townships of its population, its places (their settlement
        classes and births) and its schools (rows of the history, with their grades).
    rules
        The forecast's rules (entry age, migration per settlement class, built-up density).
    births
        Births per place and year; without them the entry ratio is 1 (the base year's
        grade-1 children stand in for the births, see :func:`project_cohorts`).
    history
        Pupils per school, grade and year; without it every ratio is the migration's.
    migration
        False: every ratio is 1.
    by_settlement
        False: every settlement class of a township takes the township's ratio (the method
        before the classes were told apart, kept for comparison such as the backtest's).

    Returns
    -------
    The ratios per township (of the population layer) and settlement class.

    Raises
    ------
    InputError
        If the births or the history were matched to another project, or a place's kind is
        not a settlement class.
    """
    problems = _matching_problems(project, births, history)
    if problems:
        raise InputError(problems)
    places = project.places
    place_class = _place_classes(places) if len(places) else np.zeros(0, dtype=np.int64)
    towns = np.unique(project.population["township"].astype(str).to_numpy())
    return _cohort_ratios(
        project,
        places,
        place_class,
        towns,
        rules,
        births=births,
        history=history,
        migration=migration,
        by_settlement=by_settlement,
    )


def _matching_problems(project: Project, births: Births | None, history: EnrolmentHistory | None) -> list[Problem]:
    """Births or a history matched to another project's places or schools."""
    problems = []
    if births is not None and births.places != tuple(project.places["name"].astype(str)):
        problems.append(
            Problem(
                text("the births were matched to another project's places"),
                file=births.source,
                fix=text("read them again"),
            )
        )
    if history is not None and history.school_ids != tuple(project.schools["school_id"].astype(str)):
        problems.append(
            Problem(text("the enrolment history was matched to another project's schools"), file=history.source)
        )
    return problems


def project_cohorts(
    project: Project,
    rules: ForecastRules,
    *,
    until: int,
    births: Births | None = None,
    history: EnrolmentHistory | None = None,
    variant: str = "medium",
    migration: bool = True,
) -> CohortProjection:
    """Project the children of every cell and grade from the base year to ``until``.

    Parameters
    ----------
    project
        The county project: its population (the base year's children per cell), places
        (villages and seats, with their townships) and schools (matched by the history).
    rules
        The forecast's rules (entry age, migration per settlement class, births variants).
    until
        The last year to project; after the base year.
    births
        Births per place and year (:func:`gis.importing.births.read_births`); without them the
        births are the population's children aged 0–4 when it has them (``under5``), and
        extrapolated from the base year's grade-1 children before and without those.
    history
        Pupils per school, grade and year (:func:`gis.importing.enrolment.read_enrolment`);
        its latest year is the base year.
    variant
        ``low``, ``medium`` or ``high``: the yearly change of births beyond the last known year.
    migration
        False: every ratio is 1 (no migration, no ratios from the history).

    Returns
    -------
    The projection, base year first.

    Raises
    ------
    InputError
        If the horizon is not after the base year or more than :data:`MAX_YEARS_AHEAD` years
        beyond it, the births start too late for the first
        entrants, the inputs were matched to another project, or the variant is unknown.
    """
    if variant not in BIRTH_VARIANTS:
        raise InputError(
            Problem(
                text("unknown births variant"),
                field="variant",
                value=variant,
                fix=text("use one of {birth_variants}", birth_variants=", ".join(BIRTH_VARIANTS)),
            )
        )
    base = base_year(project, history)
    b, a = base.year, rules.entry_age
    problems: list[Problem] = []
    if until <= b:
        problems.append(
            Problem(
                text("the forecast must end after its base year {year} ({source})", year=b, source=base.source),
                field="years",
                value=str(until),
                fix=text("ask for years from {year} on", year=b + 1),
            )
        )
    if until > b + MAX_YEARS_AHEAD:
        problems.append(
            Problem(
                text(
                    "the forecast reaches at most {max_years_ahead} years beyond its base year {year} ({source})",
                    max_years_ahead=MAX_YEARS_AHEAD,
                    year=b,
                    source=base.source,
                ),
                field="years",
                value=str(until),
                fix=text("ask for years up to {year}", year=b + MAX_YEARS_AHEAD),
            )
        )
    matched = births is not None and births.places == tuple(project.places["name"].astype(str))
    if births is not None and matched and births.first > b + 1 - a:
        problems.append(
            Problem(
                text(
                    "the births begin in {first}, but the entrants of {year} were born in {born}",
                    first=births.first,
                    year=b + 1,
                    born=b + 1 - a,
                ),
                file=births.source,
                field="year",
                value=str(births.first),
                fix=text("add the births from {born} on, or leave the births file out", born=b + 1 - a),
            )
        )
    problems += _matching_problems(project, births, history)
    if problems:
        raise InputError(problems)

    pop = project.population
    places = project.places
    n = len(pop)
    notes: list[str] = []
    if len(places) == 0 and births is None:
        # No villages or seats to tell: each cell stands for itself, of no known settlement class.
        places = _cells_as_places(pop)
        place = np.arange(n, dtype=np.int64)
        place_class = np.full(n, CLASSES.index("unknown"), dtype=np.int64)
        notes.append(
            text(
                "the project has no places: each cell's births are its own grade-1 children, and with no "
                "settlement class a ratio the history does not give is 1 (add the villages and seats as places "
                "for more)"
            )
        )
    else:
        place = (
            link_cells_to_places(pop, places, density_per_km2=rules.built_up_density_per_km2)
            if n
            else np.zeros(0, dtype=np.int64)
        )
        place_class = _place_classes(places)
    settlement = place_class[place]
    township = pop["township"].astype(str).to_numpy()
    primary = pop["primary"].to_numpy(dtype=float)
    junior = pop["junior"].to_numpy(dtype=float)

    # Pupils per township of the history (townships × years × grades), of the schools there.
    towns, town_of_cell = np.unique(township, return_inverse=True)
    enrol = _township_pupils(project, history, towns)

    # The base year's grades.
    split_shares, split = _split(enrol, town_of_cell, place, births, b, a)
    base_grades = np.empty((n, len(GRADES)))
    base_grades[:, : len(PRIMARY_GRADES)] = primary[:, None] * split_shares[:, : len(PRIMARY_GRADES)]
    base_grades[:, len(PRIMARY_GRADES) :] = junior[:, None] * split_shares[:, len(PRIMARY_GRADES) :]

    # Births per place: known, or the base year's entrants standing in for them.
    n_places = len(places)
    if births is not None:
        known = births.counts
        first, last = births.first, births.last
        label = (
            text("births file {source} ({first}–{last})", source=births.source, first=first, last=last)
            if births.source
            else text("births ({first}–{last})", first=first, last=last)
        )
    else:
        known = np.bincount(place, weights=base_grades[:, 0], minlength=n_places)[:, None]
        first = last = b - a
        label = text(
            "no births file: the grade-1 children of {year} per place stand in for the births of {born}",
            year=b,
            born=b - a,
        )
    young = None
    if births is None and "under5" in pop.columns:
        # Ages 0 … 4 in B were born in B … B - 4: a fifth of the band each year, cell by cell.
        young = pop["under5"].to_numpy(dtype=float) / UNDER5_YEARS
        label = text(
            "{source}: a fifth of each cell's children aged 0–4 for the births of each year {first}–{last}",
            source=UNDER5_SOURCE,
            first=b - UNDER5_YEARS + 1,
            last=b,
        )
        if b - a < b - UNDER5_YEARS:
            years = f"{b - a + 1}" if b - a + 1 == b - UNDER5_YEARS else f"{b - a + 1}–{b - UNDER5_YEARS}"
            label = text(
                "{label}; the births of {years} extrapolated from the grade-1 children of {year} per place",
                label=label,
                years=years,
                year=b,
            )

    # Spreading a place's births onto its cells: in proportion to the cells' children.
    weight = primary + junior
    place_weight = np.bincount(place, weights=weight, minlength=n_places)
    share = np.divide(weight, place_weight[place], out=np.zeros(n), where=place_weight[place] > 0)
    orphan_place, orphan_cell = _orphans(pop, places, place_weight, weight)
    if orphan_place.size:
        named = ", ".join(str(places["name"].iloc[p]) for p in orphan_place[:5].tolist())
        more = text(" and {size} more", size=orphan_place.size - 5) if orphan_place.size > 5 else ""
        notes.append(
            text(
                "{size} place(s) without children on the grid ({named}{more}): their births go to the nearest "
                "populated cell",
                size=orphan_place.size,
                named=named,
                more=more,
            )
        )

    # The ratios of each township and settlement class, given to its cells.
    groups = _cohort_ratios(
        project,
        places,
        place_class,
        towns,
        rules,
        births=births,
        history=history,
        migration=migration,
        by_settlement=True,
    )
    ratios = groups.ratios[town_of_cell, settlement]
    ratio_source = groups.source[town_of_cell, settlement]
    if young is not None:
        # The entry ratio of children counted before school: the one a births table would give
        # without a history of them (grade 1 stand-ins keep 1: they are entrants already).
        ratios = ratios.copy()
        ratio_source = ratio_source.copy()
        if migration:
            rate = np.array([rules.migration.get(c, 0.0) for c in CLASSES])[settlement]
            ratios[:, 0] = (1.0 + rate) ** a
            ratio_source[:, 0] = RATIO_SOURCES.index("migration of the settlement class")
        else:
            ratios[:, 0] = 1.0
            ratio_source[:, 0] = RATIO_SOURCES.index("none (migration left out)")
    cohorts = _Cohorts(
        base=base,
        years=tuple(range(b, until + 1)),
        rules=rules,
        migration=migration,
        known=known,
        first=first,
        last=last,
        births_label=label,
        place=place,
        settlement=settlement,
        split=split,
        ratios=ratios,
        ratio_source=ratio_source,
        township=township,
        share=share,
        orphan_place=orphan_place,
        orphan_cell=orphan_cell,
        base_grades=base_grades,
        notes=tuple(notes),
        young=young,
    )
    return cohorts.projection(variant)


@dataclass(frozen=True, eq=False)
class _Cohorts:
    """Everything of a projection but the births variant: the base year's grades, the ratios,
    how births spread onto the cells, and the known births."""

    base: BaseYear
    years: tuple[int, ...]
    rules: ForecastRules
    migration: bool
    known: np.ndarray
    first: int
    last: int
    births_label: str
    place: np.ndarray
    settlement: np.ndarray
    split: np.ndarray
    ratios: np.ndarray
    ratio_source: np.ndarray
    township: np.ndarray
    share: np.ndarray
    orphan_place: np.ndarray
    orphan_cell: np.ndarray
    base_grades: np.ndarray
    notes: tuple[str, ...]
    young: np.ndarray | None = None
    """Births per cell of each year from B - 4 to B (a fifth of its children aged 0–4), or None."""

    def _young_born(self, x: int, change: float) -> np.ndarray | None:
        """Births per cell in year ``x`` from the children aged 0–4 (the variant's change after
        the base year), or None where they do not reach (no ``under5``, or before B - 4)."""
        b = self.base.year
        if self.young is None or x <= b - UNDER5_YEARS:
            return None
        return np.asarray(self.young * (1.0 + change) ** max(0, x - b))

    def born(self, variant: str) -> np.ndarray:
        """Births per place for the entrants of each year: known, else the variant's change
        carried on from the last known year (NaN where neither: before the births begin)."""
        change = self.rules.births_change[variant]
        a = self.rules.entry_age
        born = np.empty((self.known.shape[0], len(self.years)))
        for t, year in enumerate(self.years):
            x = year - a
            young = self._young_born(x, change)
            if young is not None:
                born[:, t] = np.bincount(self.place, weights=young, minlength=born.shape[0])
            elif x <= self.last:
                born[:, t] = self.known[:, x - self.first] if x >= self.first else np.nan
            else:
                born[:, t] = self.known[:, -1] * (1.0 + change) ** (x - self.last)
        return born

    def steps(self, variant: str) -> Iterator[np.ndarray]:
        """The children of every cell and grade (cells × 9), year after year from the base year."""
        born = self.born(variant)
        change = self.rules.births_change[variant]
        n = self.place.size
        grades = self.base_grades
        yield grades
        for t in range(1, len(self.years)):
            young = self._young_born(self.years[t] - self.rules.entry_age, change)
            if young is not None:
                entrants = young * self.ratios[:, 0]
            else:
                entrants = self.share * born[self.place, t]
                if self.orphan_place.size:
                    entrants = entrants + np.bincount(self.orphan_cell, weights=born[self.orphan_place, t], minlength=n)
                # Grade-1 stand-ins are entrants already; with births (a table) the entry ratio applies.
                entrants = entrants * (1.0 if self.young is not None else self.ratios[:, 0])
            following = np.empty_like(grades)
            following[:, 0] = entrants
            following[:, 1:] = grades[:, :-1] * self.ratios[:, 1:]
            grades = following
            yield grades

    def county(self, variant: str) -> np.ndarray:
        """County children per year and grade (years × 9) under a variant, cells not kept."""
        return np.stack([grades.sum(axis=0) for grades in self.steps(variant)])

    def projection(self, variant: str) -> CohortProjection:
        change = self.rules.births_change[variant]
        label = self.births_label
        last = self.base.year if self.young is not None else self.last
        if last < self.years[-1] - self.rules.entry_age:
            label = text(
                "{label}; after {last} the {variant} variant ({change:+.1%} a year)",
                label=label,
                last=last,
                variant=word(variant),
                change=change,
            )
        grades = np.empty((len(self.years), self.place.size, len(GRADES)))
        for t, step in enumerate(self.steps(variant)):
            grades[t] = step
        return CohortProjection(
            base=self.base,
            years=self.years,
            grades=grades,
            variant=variant,
            migration=self.migration,
            entry_age=self.rules.entry_age,
            births_source=label,
            place=self.place,
            settlement=self.settlement,
            split=self.split,
            ratios=self.ratios,
            ratio_source=self.ratio_source,
            births=self.born(variant),
            township=self.township,
            notes=self.notes,
            cohorts=self,
        )


def _township_pupils(project: Project, history: EnrolmentHistory | None, towns: np.ndarray) -> np.ndarray:
    """Pupils of each township's schools per year and grade (townships × years × 9)."""
    if history is None:
        return np.zeros((towns.size, 0, len(GRADES)))
    school_town = project.schools["township"].astype(str).to_numpy()
    index = {t: k for k, t in enumerate(towns.tolist())}
    out = np.zeros((towns.size, len(history.years), len(GRADES)))
    for s, town in enumerate(school_town.tolist()):
        if town in index:
            out[index[town]] += history.pupils[:, s, :]
    return out


def _place_classes(places: gpd.GeoDataFrame) -> np.ndarray:
    """Each place's settlement class (index into :data:`CLASSES`) from its kind."""
    kinds = places["kind"].astype(str).tolist()
    unknown = sorted(set(kinds) - set(SETTLEMENT_CLASSES))
    if unknown:
        raise InputError(
            Problem(
                text("unknown kind of place"),
                layer="places",
                field="kind",
                value=", ".join(unknown),
                fix=text("use one of {settlement_classes}", settlement_classes=", ".join(SETTLEMENT_CLASSES)),
            )
        )
    return np.array([CLASSES.index(SETTLEMENT_CLASSES[k]) for k in kinds], dtype=np.int64)


def _cells_as_places(pop: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A places layer with one place at each cell (for a project without places)."""
    import geopandas as gpd

    return gpd.GeoDataFrame(
        {
            "name": [f"cell {c}" for c in pop["cell_id"].tolist()],
            "kind": "unknown",
            "township": pop["township"].astype(str).to_numpy(),
            "population": 0,
        },
        geometry=pop.geometry.to_numpy(),
        crs=pop.crs,
    )


def _place_towns(places: gpd.GeoDataFrame, towns: np.ndarray) -> np.ndarray:
    """Each place's (or school's) township as an index into ``towns`` (-1 when no cell is in
    its township)."""
    index = {t: k for k, t in enumerate(towns.tolist())}
    return np.array([index.get(str(t), -1) for t in places["township"]], dtype=np.int64)


def _split(
    enrol: np.ndarray,
    town_of_cell: np.ndarray,
    place: np.ndarray,
    births: Births | None,
    base: int,
    entry_age: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's shares of its level's children per grade, and where they came from.

    By the township's pupils per grade in the base year when it has pupils of the level, else
    the county's; else by the births of the cell's place in the birth years of grades 1–9;
    else uniformly.
    """
    n = town_of_cell.size
    shares = np.empty((n, len(GRADES)))
    source = np.full(n, SPLIT_SOURCES.index("uniform"), dtype=np.int64)
    # The split is set per level; a cell's source is that of its primary grades.
    for level, grades in LEVEL_GRADES.items():
        cols = np.array([g - 1 for g in grades])
        done = np.zeros(n, dtype=bool)
        if enrol.shape[1]:
            at_base = enrol[:, -1, :][:, cols]
            totals = at_base.sum(axis=1)
            has = totals[town_of_cell] > 0
            shares[np.ix_(has, cols)] = (at_base / np.maximum(totals, 1e-12)[:, None])[town_of_cell[has]]
            done |= has
            if level == "primary":
                source[has] = SPLIT_SOURCES.index("enrolment history of the township")
            county = at_base.sum(axis=0)
            if county.sum() > 0:
                rest = ~done
                shares[np.ix_(rest, cols)] = county / county.sum()
                if level == "primary":
                    source[rest] = SPLIT_SOURCES.index("enrolment history of the county")
                done[:] = True
        if births is not None and not done.all():
            # Grade g in the base year was born in base - g + 1 - entry_age.
            born = [base - g + 1 - entry_age for g in grades]
            if births.first <= min(born) and max(born) <= births.last:
                by_place = births.counts[:, [y - births.first for y in born]]
                totals = by_place.sum(axis=1)
                has = ~done & (totals[place] > 0)
                shares[np.ix_(has, cols)] = (by_place / np.maximum(totals, 1e-12)[:, None])[place[has]]
                done |= has
                if level == "primary":
                    source[has] = SPLIT_SOURCES.index("births of the place")
        shares[np.ix_(~done, cols)] = 1.0 / len(grades)
    return shares, source


def _orphans(
    pop: gpd.GeoDataFrame, places: gpd.GeoDataFrame, place_weight: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Places with no children on the grid, and the populated cell nearest to each."""
    from scipy.spatial import cKDTree

    orphan = np.flatnonzero(place_weight <= 0)
    populated = np.flatnonzero(weight > 0)
    if orphan.size == 0 or populated.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    cx, cy = pop.geometry.x.to_numpy()[populated], pop.geometry.y.to_numpy()[populated]
    px, py = places.geometry.x.to_numpy()[orphan], places.geometry.y.to_numpy()[orphan]
    _, k = cKDTree(np.column_stack([cx, cy])).query(np.column_stack([px, py]))
    return orphan, populated[np.asarray(k, dtype=np.int64)]


def _cohort_ratios(
    project: Project,
    places: gpd.GeoDataFrame,
    place_class: np.ndarray,
    towns: np.ndarray,
    rules: ForecastRules,
    *,
    births: Births | None,
    history: EnrolmentHistory | None,
    migration: bool,
    by_settlement: bool,
) -> CohortRatios:
    """The ratios of each township of ``towns`` and settlement class (``places`` and
    ``place_class`` as the cells were linked to them)."""
    schools = project.schools
    school_class = _school_classes(schools, places, place_class, rules.built_up_density_per_km2)
    school_town = _place_towns(schools, towns)
    shape = (towns.size, len(CLASSES))
    enrol = np.zeros((*shape, len(history.years) if history is not None else 0, len(GRADES)))
    if history is not None:
        inside = school_town >= 0
        np.add.at(enrol, (school_town[inside], school_class[inside]), history.pupils[:, inside, :].transpose(1, 0, 2))
    born = None
    if births is not None:
        place_town = _place_towns(places, towns)
        inside = place_town >= 0
        born = np.zeros((*shape, len(births.years)))
        np.add.at(born, (place_town[inside], place_class[inside]), births.counts[inside])
    # Where a class's own progression ratio is measured: none without classes; else the grades
    # whose pupils go on at the same school (never the entry: see _ratios).
    closed = np.zeros((towns.size, len(GRADES)), dtype=bool)
    if by_settlement:
        closed = _kept_at_school(schools, school_town, towns.size)
    ratios, source = _ratios(
        enrol,
        history.years if history is not None else (),
        closed,
        rules,
        migration=migration,
        births=births,
        born=born,
    )
    return CohortRatios(tuple(towns.tolist()), ratios, source, school_class, place_class)


def school_classes(schools: gpd.GeoDataFrame, places: gpd.GeoDataFrame, density_per_km2: float) -> np.ndarray:
    """Each school's settlement class (index into :data:`CLASSES`): that of the place it belongs
    to, linked as the cells are; ``unknown`` for every school of a project without places."""
    place_class = _place_classes(places) if len(places) else np.zeros(0, dtype=np.int64)
    return _school_classes(schools, places, place_class, density_per_km2)


def _school_classes(
    schools: gpd.GeoDataFrame, places: gpd.GeoDataFrame, place_class: np.ndarray, density_per_km2: float
) -> np.ndarray:
    """Each school's settlement class: that of the place it belongs to, linked as the cells are."""
    unknown = CLASSES.index("unknown")
    if len(schools) == 0 or len(places) == 0 or (place_class == unknown).all():
        return np.full(len(schools), unknown, dtype=np.int64)
    return place_class[link_cells_to_places(schools, places, density_per_km2=density_per_km2)]


def _kept_at_school(schools: gpd.GeoDataFrame, school_town: np.ndarray, towns: int) -> np.ndarray:
    """Per township and grade g (column g - 1), whether every school of the township that teaches
    grade g - 1 also teaches g and the other way round: its pupils of grade g - 1 go on to grade
    g at the same school, and nobody arrives from another school of the township."""
    grade = np.array(GRADES)
    lo = schools["grade_min"].to_numpy(dtype=int)[:, None]
    hi = schools["grade_max"].to_numpy(dtype=int)[:, None]
    teaches = (grade[None, :] >= lo) & (grade[None, :] <= hi)
    handed_on = np.zeros((len(schools), len(GRADES)), dtype=bool)  # column 0, the entry: not read
    handed_on[:, 1:] = teaches[:, 1:] != teaches[:, :-1]
    inside = school_town >= 0
    broken = np.zeros((towns, len(GRADES)), dtype=bool)
    np.logical_or.at(broken, school_town[inside], handed_on[inside])
    return ~broken


def _ratios(
    enrol: np.ndarray,
    years: tuple[int, ...],
    closed: np.ndarray,
    rules: ForecastRules,
    *,
    migration: bool,
    births: Births | None,
    born: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """The entry ratio (column 0) and progression ratios into grades 2–9 of each township and
    settlement class, and their sources.

    ``enrol`` are the pupils of each township's schools of each class (townships × classes ×
    years × 9), ``born`` the births of its places of each class (townships × classes × the
    years of ``births``); ``closed`` (townships × 9) says where the classes' own progression
    ratios are measured: the grades whose pupils stay at their schools (column 0 is not read:
    the entry ratio is the township's).
    """
    towns, classes = enrol.shape[:2]
    ratios = np.ones((towns, classes, len(GRADES)))
    source = np.full(ratios.shape, RATIO_SOURCES.index("none (migration left out)"), dtype=np.int64)
    if not migration:
        return ratios, source
    rate = np.array([rules.migration.get(c, 0.0) for c in CLASSES])[None, :]
    ratios[:, :, 1:] = (1.0 + rate)[:, :, None]
    source[:, :, 1:] = RATIO_SOURCES.index("migration of the settlement class")
    if births is None:
        # The stand-in births are grade-1 children already: they enter as they are.
        source[:, :, 0] = RATIO_SOURCES.index("births extrapolated from grade 1")
    else:
        ratios[:, :, 0] = (1.0 + rate) ** rules.entry_age
        source[:, :, 0] = RATIO_SOURCES.index("migration of the settlement class")

    if len(years) >= 2:
        for g in GRADES[1:]:
            num = enrol[:, :, 1:, g - 1].sum(axis=2)
            den = enrol[:, :, :-1, g - 2].sum(axis=2)
            township = g != JUNIOR_GRADES[0]
            _apply(ratios, source, g - 1, num, den, township=township, by_class=closed[:, g - 1])
    if births is not None and born is not None and len(years) >= 1:
        # Entrants of year y against the births of y - entry age, where both are known.
        num = np.zeros((towns, classes))
        den = np.zeros((towns, classes))
        for k, year in enumerate(years):
            x = year - rules.entry_age
            if births.first <= x <= births.last:
                num += enrol[:, :, k, 0]
                den += born[:, :, x - births.first]
        # Per township, never per class: children born in the villages enrol at the seat's
        # school, so a seat school's entrants are measured against the township's births, not
        # the seat's (whose school would otherwise count several entrants per birth, and follow
        # the seat's births when the villages' fall faster).
        _apply(ratios, source, 0, num, den, township=True, by_class=np.zeros(towns, dtype=bool))
    return ratios, source


# Pupils or births below this are none: a ratio of two such crumbs means nothing (and can
# overflow).
_TINY = 1e-9


def _apply(
    ratios: np.ndarray,
    source: np.ndarray,
    column: int,
    num: np.ndarray,
    den: np.ndarray,
    *,
    township: bool,
    by_class: np.ndarray,
) -> None:
    """Set one column of the ratios (townships × classes × 9) from the history's pooled pupils
    ``num`` over ``den`` (townships × classes): a class's own ratio where it has pupils on both
    sides and ``by_class`` allows it for its township, else the township's where it has, else
    the county's; migration stays where the county has none. ``township`` False: the county's
    for all."""
    county_num, county_den = num.sum(), den.sum()
    if county_den <= _TINY or county_num <= _TINY:
        return
    ratios[:, :, column] = county_num / county_den
    source[:, :, column] = RATIO_SOURCES.index("enrolment history of the county")
    if not township:
        return
    town_num, town_den = num.sum(axis=1), den.sum(axis=1)
    ok = (town_num > _TINY) & (town_den > _TINY)
    ratios[ok, :, column] = (town_num[ok] / town_den[ok])[:, None]
    source[ok, :, column] = RATIO_SOURCES.index("enrolment history of the township")
    mine = (num > _TINY) & (den > _TINY) & by_class[:, None]
    ratios[mine, column] = num[mine] / den[mine]
    source[mine, column] = RATIO_SOURCES.index("enrolment history of the township's settlement class")
