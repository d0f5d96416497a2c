"""The enrolment forecast (学位预测): each year's children through the baseline's assignment.

:func:`forecast` projects the children of every cell and grade (:func:`gis.cohorts.project_cohorts`)
and sends each year's children through the same capacity-aware assignment as the baseline
(:func:`gis.analysis.analyze`, with the year's grades 1–3 as the population's ``grades_1_3``),
so that the forecast shows where seats run short, not only how many children there are. The
road graph, the compiled networks and the travel times are built once and reused for every year
(:class:`gis.analysis.Routing`). :func:`forecast_variants` adds the county's children under
every births variant (the projection alone, no assignment) for the band of a chart.

The results are a frozen :class:`Forecast` with three tables (:meth:`Forecast.county_table`,
:meth:`Forecast.schools_table`, :meth:`Forecast.townships_table`), which the command line, the
report and the window write or show as they are.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from gis.analysis import analyze, level_capacity, prepare_routing
from gis.cohorts import MAX_YEARS_AHEAD, base_year, project_cohorts
from gis.errors import InputError, Problem
from gis.messages import text
from gis.progress import CancelFn, Progress, ProgressFn
from gis.schema import GRADES, LEVEL_GRADES, LEVELS
from gis.standards import BIRTH_VARIANTS

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from gis.analysis import Analysis, Routing
    from gis.cohorts import BaseYear, Births, CohortProjection, EnrolmentHistory
    from gis.project import Project
    from gis.standards import Standards

#: The columns of the three tables, in order.
COUNTY_COLUMNS = ("year", "level", "grade", "children", "placed", "not_placed", "seats")
SCHOOL_COLUMNS = (
    "school_id", "name", "year", "level", "pupils", "seats", "surplus", "classes_needed", "large_classes_56",
)  # fmt: skip
TOWNSHIP_COLUMNS = ("year", "township", "level", "children", "placed", "not_placed", "seats")


@dataclass(frozen=True, eq=False)
class Forecast:
    """Children, seats and pupils per year, for the county, each school and each township.

    Arrays are indexed by year (:attr:`years`), then school or township, then level (the
    order of :data:`gis.schema.LEVELS`: primary, junior). ``children`` is the county's
    children per year and grade; ``placed``/``not_placed`` the children the assignment placed
    within capacity or could not, per level; ``school_pupils`` each school's pupils (the
    assignment's load); ``township_*`` the children living in each township (placed or not) and
    the seats of its schools. ``school_unplaced`` counts, per school, the children the assignment
    could not place who live nearest to it (their cell's nearest school of the level's last group
    of grades: grades 4–6 for primary; children who can reach no school are in no school's count):
    where the seats run short, since a school's pupils never exceed its seats.
    ``projection`` holds the children of every cell, grade and year, ``routing`` the road
    networks and travel times, to analyse a year again (:func:`year_project`).
    """

    projection: CohortProjection
    years: tuple[int, ...]
    children: np.ndarray
    placed: np.ndarray
    not_placed: np.ndarray
    seats: np.ndarray
    school_ids: tuple[str, ...]
    school_names: tuple[str, ...]
    school_pupils: np.ndarray
    school_seats: np.ndarray
    school_classes: np.ndarray
    class_size: tuple[int, ...]
    large_class: int
    townships: tuple[str, ...]
    township_children: np.ndarray
    township_placed: np.ndarray
    township_not_placed: np.ndarray
    township_seats: np.ndarray
    routing: Routing
    school_unplaced: np.ndarray | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def variant(self) -> str:
        """The births variant beyond the last known year: ``low``, ``medium`` or ``high``."""
        return self.projection.variant

    @property
    def base_year(self) -> int:
        """The year of the population layer's children (see :attr:`base_year_source`)."""
        return self.projection.base_year

    @property
    def base_year_source(self) -> str:
        """Why the base year is what it is, in words."""
        return self.projection.base.source

    @property
    def births_source(self) -> str:
        """Where the births came from (a births file, or extrapolated), in words."""
        return self.projection.births_source

    @property
    def migration(self) -> bool:
        """False when every ratio was 1 (``--no-migration``)."""
        return self.projection.migration

    @property
    def notes(self) -> tuple[str, ...]:
        """What the forecast assumed or changed, for the user to see."""
        projection = self.projection
        return (
            text(
                "base year {base_year}: {base_year_source}",
                base_year=self.base_year,
                base_year_source=self.base_year_source,
            ),
            text("births: {births_source}", births_source=self.births_source),
            text(
                "grades of {base_year}: {split_summary}",
                base_year=self.base_year,
                split_summary=projection.split_summary(),
            ),
            text("ratios: {ratio_summary}", ratio_summary=projection.ratio_summary()),
            *projection.notes,
        )

    def year_index(self, year: int) -> int:
        """Where a year is in :attr:`years` (InputError when the forecast has no such year)."""
        if year not in self.years:
            raise InputError(
                Problem(
                    text("the forecast has no such year"),
                    field="year",
                    value=str(year),
                    fix=text("choose a year from {first} to {last}", first=self.years[0], last=self.years[-1]),
                )
            )
        return self.years.index(year)

    def school_surplus(self) -> np.ndarray:
        """Seats left (negative: pupils beyond the seats) per year, school and level."""
        return self.school_seats[None, :, :] - self.school_pupils

    def seat_balance(self) -> np.ndarray:
        """Seats left once every child is counted, per year, school and level: the seats less the
        pupils and less the children nearest to the school who found no seat (negative: seats short).

        Summed over the schools, the pupils and the unplaced children are every child of the county
        but those who can reach no school at all.
        """
        unplaced = self.school_unplaced if self.school_unplaced is not None else 0.0
        return self.school_surplus() - unplaced

    def classes_needed(self) -> np.ndarray:
        """Classes of the standard size each school needs per year and level."""
        size = np.asarray(self.class_size, dtype=float)
        return np.ceil(np.round(self.school_pupils, 6) / size[None, None, :]).astype(np.int64)

    def large_classes(self) -> np.ndarray:
        """The school's classes where their mean size reaches the large class, else 0."""
        classes = self.school_classes[None, :, :].astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(classes > 0, self.school_pupils / classes, 0.0)
        large = (classes > 0) & (np.round(mean, 6) >= self.large_class)
        return np.where(large, np.broadcast_to(classes, large.shape), 0.0).astype(np.int64)

    def county_table(self) -> pd.DataFrame:
        """``forecast_county``: per year and level, the level's total row (``grade`` empty) with
        its children, placed, not placed and seats, then one row per grade with its children."""
        import pandas as pd

        rows: list[tuple[object, ...]] = []
        for t, year in enumerate(self.years):
            for k, level in enumerate(LEVELS):
                grades = LEVEL_GRADES[level]
                total = float(self.children[t, [g - 1 for g in grades]].sum())
                rows.append((year, level, pd.NA, total, self.placed[t, k], self.not_placed[t, k], self.seats[k]))
                for g in grades:
                    rows.append((year, level, g, float(self.children[t, g - 1]), np.nan, np.nan, np.nan))
        table = pd.DataFrame(rows, columns=list(COUNTY_COLUMNS))
        table["grade"] = table["grade"].astype("Int64")
        return table

    def schools_table(self) -> pd.DataFrame:
        """``forecast_schools``: per school, year and level the school teaches, its pupils, seats,
        surplus, classes needed and large classes."""
        import pandas as pd

        surplus = self.school_surplus()
        needed = self.classes_needed()
        large = self.large_classes()
        teaches = (self.school_seats > 0) | (self.school_pupils.max(axis=0) > 0)
        frames = []
        for k, level in enumerate(LEVELS):
            schools = np.flatnonzero(teaches[:, k])
            n_years = len(self.years)
            frames.append(
                pd.DataFrame(
                    {
                        "school_id": np.tile(np.asarray(self.school_ids, dtype=object)[schools], n_years),
                        "name": np.tile(np.asarray(self.school_names, dtype=object)[schools], n_years),
                        "year": np.repeat(np.asarray(self.years), schools.size),
                        "level": level,
                        "pupils": self.school_pupils[:, schools, k].ravel(),
                        "seats": np.tile(self.school_seats[schools, k], n_years),
                        "surplus": surplus[:, schools, k].ravel(),
                        "classes_needed": needed[:, schools, k].ravel(),
                        "large_classes_56": large[:, schools, k].ravel(),
                    }
                )
            )
        table = pd.concat(frames, ignore_index=True)
        order = {sid: i for i, sid in enumerate(self.school_ids)}
        table["_school"] = table["school_id"].map(order)
        table["_level"] = table["level"].map({lv: i for i, lv in enumerate(LEVELS)})
        table = table.sort_values(["_school", "_level", "year"], kind="stable").drop(columns=["_school", "_level"])
        return table.reset_index(drop=True)[list(SCHOOL_COLUMNS)]

    def townships_table(self) -> pd.DataFrame:
        """``forecast_townships``: per year, township (code) and level, the children living there,
        placed or not, and the seats of the township's schools."""
        import pandas as pd

        n_years, n_towns = len(self.years), len(self.townships)
        frames = [
            pd.DataFrame(
                {
                    "year": np.repeat(np.asarray(self.years), n_towns),
                    "township": np.tile(np.asarray(self.townships, dtype=object), n_years),
                    "level": level,
                    "children": self.township_children[:, :, k].ravel(),
                    "placed": self.township_placed[:, :, k].ravel(),
                    "not_placed": self.township_not_placed[:, :, k].ravel(),
                    "seats": np.tile(self.township_seats[:, k], n_years),
                }
            )
            for k, level in enumerate(LEVELS)
        ]
        table = pd.concat(frames, ignore_index=True)
        return table.sort_values(["year", "township"], kind="stable").reset_index(drop=True)[list(TOWNSHIP_COLUMNS)]


@dataclass(frozen=True, eq=False)
class ForecastVariants:
    """A forecast under one births variant, and the county's children under every variant.

    ``children[variant]`` is an array of years × levels (the years of ``forecast``).
    """

    forecast: Forecast
    children: dict[str, np.ndarray]

    def band_table(self) -> pd.DataFrame:
        """County children per year, level and variant: ``year``, ``level``, ``variant``, ``children``."""
        import pandas as pd

        rows = [
            (year, level, variant, float(self.children[variant][t, k]))
            for variant in BIRTH_VARIANTS
            if variant in self.children
            for t, year in enumerate(self.forecast.years)
            for k, level in enumerate(LEVELS)
        ]
        return pd.DataFrame(rows, columns=["year", "level", "variant", "children"])


def forecast(
    project: Project,
    standards: Standards,
    *,
    years: Iterable[int],
    births: Births | None = None,
    history: EnrolmentHistory | None = None,
    variant: str = "medium",
    migration: bool = True,
    base_row: bool = True,
    routing: Routing | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Forecast:
    """Forecast the children, and each school's pupils against its seats, year by year.

    Parameters
    ----------
    project
        The county project; its population holds the children of the base year.
    standards
        The rules in force: the assignment's, the class sizes and ``[forecast]``.
    years
        The years to forecast, each after the base year (``range(2026, 2036)``).
    births
        Births per place and year (:func:`gis.importing.births.read_births`); optional.
    history
        Pupils per school, grade and year (:func:`gis.importing.enrolment.read_enrolment`);
        optional; its latest year is the base year.
    variant
        The births variant beyond the last known year: ``low``, ``medium`` or ``high``.
    migration
        False: every ratio is 1 (no migration, no ratios from the history).
    base_row
        Also assign the base year's children (split into grades as the projection splits them),
        as the first year of the tables: the picture the years ahead are compared with.
    routing
        Road networks and travel times from an earlier analysis of the same roads and schools
        (:attr:`gis.analysis.Analysis.routing`); built here when not given.
    progress
        Called with the fraction done and a message.
    cancel
        Returns True once the user asked to stop.

    Returns
    -------
    The forecast; nothing in ``project`` is changed.

    Raises
    ------
    InputError
        If no year is asked for, a year is not after the base year, or the inputs do not fit
        the project (see :func:`gis.cohorts.project_cohorts`).
    Cancelled
        If ``cancel`` returned True.
    """
    report = Progress(progress, cancel)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    asked = sorted(set(int(y) for y in years))
    projection = _project(project, standards, asked, births, history, variant, migration)
    seconds["projection"] = time.perf_counter() - started
    chosen = ([projection.base_year] if base_row else []) + asked
    report(0.02, text("children projected"))
    if routing is None:
        report(0.02, text("building the road graph"))
        clock = time.perf_counter()
        routing = prepare_routing(project, standards)
        seconds["routing"] = time.perf_counter() - clock
    schools = project.schools
    n_schools = len(schools)
    seats = np.column_stack([level_capacity(schools, level) for level in LEVELS])
    classes = np.column_stack([schools[f"classes_{level}"].to_numpy(dtype=float) for level in LEVELS])
    pop = project.population
    cell_town = pop["township"].astype(str).to_numpy()
    school_town = schools["township"].astype(str).to_numpy()
    towns = tuple(sorted(set(cell_town.tolist()) | set(school_town.tolist())))
    town_of_cell = np.searchsorted(np.asarray(towns), cell_town)
    town_of_school = np.searchsorted(np.asarray(towns), school_town)
    n_years = len(chosen)
    children = np.zeros((n_years, len(GRADES)))
    placed = np.zeros((n_years, len(LEVELS)))
    not_placed = np.zeros((n_years, len(LEVELS)))
    pupils = np.zeros((n_years, n_schools, len(LEVELS)))
    unplaced = np.zeros((n_years, n_schools, len(LEVELS)))
    t_children = np.zeros((n_years, len(towns), len(LEVELS)))
    t_placed = np.zeros((n_years, len(towns), len(LEVELS)))
    t_not = np.zeros((n_years, len(towns), len(LEVELS)))
    clock = time.perf_counter()
    for t, year in enumerate(chosen):
        stage = report.stage(0.05 + 0.95 * t / n_years, 0.05 + 0.95 * (t + 1) / n_years)
        stage(0.0, text("{year}: children through the assignment", year=year))
        children[t] = projection.children(year).sum(axis=0)
        analysis = analyze(
            project.with_layers(population=projection.population(pop, year)),
            standards,
            routing=routing,
            progress=partial(_labelled, stage, year),
            cancel=cancel,
        )
        _collect(
            analysis, t, town_of_cell, len(towns), placed, not_placed, pupils, unplaced, t_children, t_placed, t_not
        )
        del analysis  # before the next year's: two years' analyses need not be held at once
    seconds["assignment"] = time.perf_counter() - clock
    report(1.0, text("forecast done"))
    return Forecast(
        projection=projection,
        years=tuple(chosen),
        children=children,
        placed=placed,
        not_placed=not_placed,
        seats=seats.sum(axis=0),
        school_ids=tuple(schools["school_id"].astype(str)),
        school_names=tuple(schools["name"].astype(str)),
        school_pupils=pupils,
        school_seats=seats,
        school_classes=classes,
        class_size=tuple(standards.level(level).class_size for level in LEVELS),
        large_class=standards.large_class,
        townships=towns,
        township_children=t_children,
        township_placed=t_placed,
        township_not_placed=t_not,
        township_seats=np.stack(
            [np.bincount(town_of_school, weights=seats[:, k], minlength=len(towns)) for k in range(len(LEVELS))],
            axis=1,
        ),
        routing=routing,
        school_unplaced=unplaced,
        seconds=seconds,
    )


def forecast_variants(
    project: Project,
    standards: Standards,
    *,
    years: Iterable[int],
    births: Births | None = None,
    history: EnrolmentHistory | None = None,
    variant: str = "medium",
    migration: bool = True,
    base_row: bool = True,
    routing: Routing | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ForecastVariants:
    """The forecast of one variant (:func:`forecast`) and the county's children under all three.

    Only the chosen variant goes through the assignment; the others differ only in the births
    beyond the last known year and are projected county-wide, at a fraction of the cost. The
    parameters are those of :func:`forecast`.
    """
    asked = sorted(set(int(y) for y in years))
    chosen = forecast(
        project,
        standards,
        years=asked,
        births=births,
        history=history,
        variant=variant,
        migration=migration,
        base_row=base_row,
        routing=routing,
        progress=progress,
        cancel=cancel,
    )
    projection = chosen.projection
    index = [projection.years.index(y) for y in chosen.years]
    children: dict[str, np.ndarray] = {}
    for other in BIRTH_VARIANTS:
        county = projection.county_under(other)[index]
        children[other] = np.column_stack(
            [county[:, [g - 1 for g in LEVEL_GRADES[level]]].sum(axis=1) for level in LEVELS]
        )
    return ForecastVariants(chosen, children)


def year_project(project: Project, projection: CohortProjection, year: int) -> Project:
    """The project with the children of a forecast year (``grades_1_3`` included): analyse it,
    compare it or plan on it as on the baseline (``analyze(year_project(...), routing=...)``)."""
    return project.with_layers(population=projection.population(project.population, year))


def forecast_year_project(project: Project, forecast: Forecast, year: int) -> Project:
    """The project as a year of a forecast sees it: that year's children (:func:`year_project`)
    and, as each school's pupils (``enrol_g1`` … ``enrol_g9``), the pupils the forecast's
    assignment gives it that year.

    Analysed with the forecast's routing, its school table, flags (over capacity, large
    classes, under 100 pupils) and map are those of the year, not of the recorded enrolment.
    A level's pupils are spread over its grades as the school's recorded pupils are (evenly
    when it has none); only the level totals come from the forecast.

    Raises
    ------
    InputError
        If the forecast has no such year, or was made for other schools.
    """
    t = forecast.year_index(year)
    schools = project.schools
    if tuple(schools["school_id"].astype(str)) != forecast.school_ids:
        raise InputError(
            Problem(
                text("the forecast was made for other schools than the project's"),
                layer="schools",
                fix=text("run the forecast again on this project"),
            )
        )
    schools = schools.copy()
    for k, level in enumerate(LEVELS):
        columns = [f"enrol_g{g}" for g in LEVEL_GRADES[level]]
        recorded = schools[columns].to_numpy(dtype=float)
        total = recorded.sum(axis=1, keepdims=True)
        share = np.where(total > 0, recorded / np.where(total > 0, total, 1.0), 1.0 / len(columns))
        pupils = share * forecast.school_pupils[t, :, k][:, None]
        for j, column in enumerate(columns):
            schools[column] = pupils[:, j]
    return year_project(project.with_layers(schools=schools), forecast.projection, year)


def project_in_year(
    project: Project,
    standards: Standards,
    *,
    year: int,
    births: Births | None = None,
    history: EnrolmentHistory | None = None,
    variant: str = "medium",
    migration: bool = True,
) -> Project:
    """The project with the children of a target year, projected as :func:`forecast` does but
    without the assignment: what ``analyze``, ``compare``, ``suggest`` and ``balance`` take for
    a target year. The base year itself gives its children split into grades as the forecast
    splits them.

    Raises
    ------
    InputError
        If the year is before the base year, or the inputs do not fit the project.
    """
    base = check_target_year(project, year, history=history)
    if year == base.year:
        projection = project_cohorts(
            project, standards.forecast, until=year + 1, births=births, history=history, variant=variant,
            migration=migration,
        )  # fmt: skip
    else:
        projection = _project(project, standards, [year], births, history, variant, migration)
    return year_project(project, projection, year)


def projects_in_years(
    project: Project,
    standards: Standards,
    *,
    years: Iterable[int],
    births: Births | None = None,
    history: EnrolmentHistory | None = None,
    variant: str = "medium",
    migration: bool = True,
) -> list[Project]:
    """:func:`project_in_year` for several years, projected once (the base year may be the first).

    Raises
    ------
    InputError
        If a year is before the base year, or the inputs do not fit the project.
    """
    wanted = sorted({int(y) for y in years})
    if not wanted:
        raise InputError(
            Problem(text("no years to forecast"), field="years", fix=text("ask for years, e.g. 2026-2035"))
        )
    base = check_target_year(project, wanted[0], history=history)
    for year in wanted[1:]:
        check_target_year(project, year, history=history)
    projection = project_cohorts(
        project, standards.forecast, until=max(wanted[-1], base.year + 1), births=births, history=history,
        variant=variant, migration=migration,
    )  # fmt: skip
    return [year_project(project, projection, year) for year in wanted]


def check_target_year(project: Project, year: int, *, history: EnrolmentHistory | None = None) -> BaseYear:
    """The base year, once a target year is checked to be no earlier and within the projection's
    reach (see :func:`project_in_year`).

    Raises
    ------
    InputError
        If the year is before the base year (:func:`gis.cohorts.base_year`) or more than
        :data:`gis.cohorts.MAX_YEARS_AHEAD` years beyond it.
    """
    base = base_year(project, history)
    if year < base.year:
        raise InputError(
            Problem(
                text("the target year is before the base year {year} ({source})", year=base.year, source=base.source),
                field="year",
                value=str(year),
                fix=text("choose {year} or later", year=base.year),
            )
        )
    if year > base.year + MAX_YEARS_AHEAD:
        raise InputError(
            Problem(
                text(
                    "the forecast reaches at most {max_years_ahead} years beyond its base year {year} ({source})",
                    max_years_ahead=MAX_YEARS_AHEAD,
                    year=base.year,
                    source=base.source,
                ),
                field="year",
                value=str(year),
                fix=text("choose a year up to {year}", year=base.year + MAX_YEARS_AHEAD),
            )
        )
    return base


def _project(
    project: Project,
    standards: Standards,
    years: list[int],
    births: Births | None,
    history: EnrolmentHistory | None,
    variant: str,
    migration: bool,
) -> CohortProjection:
    if not years:
        raise InputError(
            Problem(text("no years to forecast"), field="years", fix=text("ask for years, e.g. 2026-2035"))
        )
    base = base_year(project, history)
    early = [y for y in years if y <= base.year]
    if early:  # before projecting: a horizon wholly before the data is named as such
        shown = f"{early[0]}" if len(early) == 1 else f"{early[0]}–{early[-1]}"
        raise InputError(
            Problem(
                text(
                    "the forecast years must come after the base year {year} ({source})",
                    year=base.year,
                    source=base.source,
                ),
                field="years",
                value=shown,
                fix=text("ask for years from {year} on", year=base.year + 1),
            )
        )
    return project_cohorts(
        project,
        standards.forecast,
        until=years[-1],
        births=births,
        history=history,
        variant=variant,
        migration=migration,
    )


def _labelled(stage: Progress, year: int, fraction: float, message: str) -> None:
    stage(fraction, text("{year}: {message}", year=year, message=message))


def _collect(
    analysis: Analysis,
    t: int,
    town_of_cell: np.ndarray,
    n_towns: int,
    placed: np.ndarray,
    not_placed: np.ndarray,
    pupils: np.ndarray,
    unplaced: np.ndarray,
    t_children: np.ndarray,
    t_placed: np.ndarray,
    t_not: np.ndarray,
) -> None:
    """One year's figures out of its analysis."""
    for k, level in enumerate(LEVELS):
        result = analysis.levels[level]
        overflow = result.overflow
        got = result.children - overflow
        not_placed[t, k] = float(overflow.sum())
        placed[t, k] = float(got.sum())
        pupils[t, :, k] = result.school_load
        nearest = result.groups[-1].school if result.groups else np.full(result.cells.size, -1)
        reach = nearest >= 0
        unplaced[t, :, k] = np.bincount(nearest[reach], weights=overflow[reach], minlength=pupils.shape[1])
        town = town_of_cell[result.cells]
        t_children[t, :, k] = np.bincount(town, weights=result.children, minlength=n_towns)
        t_placed[t, :, k] = np.bincount(town, weights=got, minlength=n_towns)
        t_not[t, :, k] = np.bincount(town, weights=overflow, minlength=n_towns)
