"""Making the enrolment forecast for the window, without widgets (run in a worker thread).

:func:`make_forecast` reads the forecast's files with the readers of ``gis.importing`` into one
report and, if they have no error, runs :func:`gis.forecast.forecast_variants` and draws the
charts of :mod:`layers.forecast_charts` as PNG images (:func:`draw_charts`): the Forecast dock
(:mod:`app.forecast`) shows them, and the session keeps the :class:`ForecastRun`
(:attr:`app.session.Session.forecast`). Nothing here knows Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

    from gis.forecast import Forecast, ForecastVariants
    from gis.importing.report import ImportReport
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards

# The charts in the dock: the figures are laid out for paper 11–12 inches wide, about 1,100
# pixels at 100 dpi; they are drawn at twice that, to stay sharp when scaled down.
CHART_DPI, CHART_OVERSAMPLE = 200, 2


@dataclass(frozen=True)
class ForecastInputs:
    """What a forecast is asked for: its files, years, births variant and migration."""

    births: Path | None
    history: tuple[Path, ...]
    first: int
    last: int
    variant: str = "medium"
    migration: bool = True

    @property
    def years(self) -> range:
        """The years forecast (the base year comes first in the results as well)."""
        return range(self.first, self.last + 1)


@dataclass(frozen=True)
class Charts:
    """The dock's two charts as PNG images, in one language (``zh`` or ``en``)."""

    language: str
    county: bytes
    schools: bytes


@dataclass(frozen=True, eq=False)
class ForecastRun:
    """A forecast made in the window.

    Attributes
    ----------
    inputs
        What it was asked for.
    standards
        The rules it was made with (a year is analysed again with them).
    variants
        The forecast of the chosen variant and the county's children under all three.
    report
        What reading its files found (notes and warnings; never an error).
    county, schools, band
        Its tables (:meth:`gis.forecast.Forecast.county_table`, ``schools_table``,
        :meth:`gis.forecast.ForecastVariants.band_table`).
    rows
        The schools table as the dock shows it: with the township's name.
    """

    inputs: ForecastInputs
    standards: Standards
    variants: ForecastVariants
    report: ImportReport
    county: pd.DataFrame
    schools: pd.DataFrame
    band: pd.DataFrame
    rows: pd.DataFrame

    @property
    def forecast(self) -> Forecast:
        """The forecast of the chosen variant."""
        return self.variants.forecast

    @property
    def years(self) -> tuple[int, ...]:
        """The years of the tables: the base year, then the years forecast."""
        return self.variants.forecast.years


@dataclass(frozen=True, eq=False)
class ForecastOutcome:
    """What the worker made: the forecast and its charts, or (``run`` None) the report of the files' errors."""

    run: ForecastRun | None
    report: ImportReport
    charts: Charts | None = None


def default_history(project_path: Path | None) -> tuple[Path | None, tuple[Path, ...]]:
    """The births file and enrolment history files that go with a project, if there are any:
    ``NAME-births.csv`` and ``NAME-enrolment.csv`` beside ``NAME.gpkg``, as
    ``python -m demo.history`` writes them (the demo county's bundled history)."""
    if project_path is None:
        return None, ()
    stem = Path(project_path).with_suffix("")
    births, enrolment = Path(f"{stem}-births.csv"), Path(f"{stem}-enrolment.csv")
    return (births if births.exists() else None), ((enrolment,) if enrolment.exists() else ())


def default_years(project: Project) -> tuple[int, int]:
    """Ten years ahead: from the year after the project's ``year`` setting, else from the current year."""
    import datetime

    text = project.settings.get("year", "").strip()
    first = int(text) + 1 if text.isascii() and text.isdigit() else datetime.date.today().year
    return first, first + 9


def make_forecast(
    project: Project,
    standards: Standards,
    inputs: ForecastInputs,
    *,
    language: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ForecastOutcome:
    """Read the forecast's files, forecast, and draw the charts (in a worker; no widgets).

    Parameters
    ----------
    project, standards
        The project and the rules in force.
    inputs
        The files, years, variant and migration.
    language
        ``zh`` or ``en``: the charts' words; None: no charts (nor when they cannot be drawn:
        the forecast stands, and the dock draws them again, reporting why not).
    progress, cancel
        See :mod:`gis.progress`. The core's messages are not passed on (they are English):
        the status bar keeps its own, translated.

    Returns
    -------
    The forecast, or the report of the files' errors (the years' problems are lines of the
    report too) with no forecast.

    Raises
    ------
    Cancelled
        If ``cancel`` returned True.
    """
    from gis.errors import Cancelled, InputError
    from gis.forecast import forecast_variants
    from gis.importing.report import ImportReport
    from gis.progress import Progress

    bar = Progress(lambda fraction, _message: progress(fraction, "") if progress else None, cancel)
    report = ImportReport()
    births = history = None
    if inputs.births is not None:
        from gis.importing.births import read_births

        births = read_births(inputs.births, project, report=report)
    bar(0.04)
    if inputs.history:
        from gis.importing.enrolment import read_enrolment

        history = read_enrolment(list(inputs.history), project, report=report)
    bar(0.08)
    if report.errors:
        return ForecastOutcome(None, report)
    try:
        variants = forecast_variants(
            project,
            standards,
            years=inputs.years,
            births=births,
            history=history,
            variant=inputs.variant,
            migration=inputs.migration,
            progress=bar.stage(0.08, 0.92),
            cancel=cancel,
        )
    except InputError as exc:
        for problem in exc.problems:
            report.error(
                problem.message,
                file=problem.file,
                where=problem.feature or problem.layer,
                field=problem.field,
                value=problem.value,
                fix=problem.fix,
            )
        return ForecastOutcome(None, report)
    chosen = variants.forecast
    schools = chosen.schools_table()
    run = ForecastRun(
        inputs=inputs,
        standards=standards,
        variants=variants,
        report=report,
        county=chosen.county_table(),
        schools=schools,
        band=variants.band_table(),
        rows=school_rows(project, schools),
    )
    charts = None
    if language is not None:
        try:
            charts = draw_charts(run, language, cancel=cancel)
        except Cancelled:
            raise
        except Exception:  # the forecast stands; the dock draws the charts again and reports why not
            charts = None
    bar(1.0)
    return ForecastOutcome(run, report, charts)


def school_rows(project: Project, schools: pd.DataFrame) -> pd.DataFrame:
    """The forecast's schools table with each school's township by name (its code where it has no name)."""
    names = dict(zip(project.townships["code"].astype(str), project.townships["name"].astype(str), strict=True))
    town = dict(zip(project.schools["school_id"].astype(str), project.schools["township"].astype(str), strict=True))
    rows = schools.copy()
    codes = rows["school_id"].astype(str).map(town).fillna("")
    rows.insert(2, "township", [names.get(code, code) for code in codes])
    return rows


def draw_charts(run: ForecastRun, language: str, *, cancel: CancelFn | None = None) -> Charts:
    """The county chart and the chart of the schools that change most, as PNG images (safe in a worker)."""
    from layers.forecast_charts import county_figure, schools_figure

    lang: Literal["zh", "en"] = "zh" if language == "zh" else "en"
    county = _png(county_figure(run.band, run.county, language=lang))
    if cancel is not None and cancel():
        from gis.errors import Cancelled

        raise Cancelled("cancelled by the user")
    return Charts(lang, county, _png(schools_figure(run.schools, language=lang)))


def _png(figure: object) -> bytes:
    """A figure of :mod:`layers.forecast_charts` as PNG bytes at :data:`CHART_DPI`.

    Written through :func:`layers.printmap.save_figure` (the bundled font, as on paper) to a
    temporary file. The figure keeps its size: its layout is made for it.
    """
    import tempfile

    from layers.printmap import save_figure

    with tempfile.TemporaryDirectory(prefix="schoolplan-chart-") as folder:
        path = save_figure(figure, Path(folder) / "chart.png", dpi=CHART_DPI)  # type: ignore[arg-type]
        return path.read_bytes()
