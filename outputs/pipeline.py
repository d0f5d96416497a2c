"""The one export pipeline of ``schoolplan export`` and File → Export…: a request, its inputs, its file.

:class:`ExportRequest` says what to write (the options of ``schoolplan export``, the fields of
the export dialog); :func:`gather_inputs` computes the analyses and suggestions the request
needs, only those not already at hand (the window passes its own); :func:`write_export`
writes the file with the writer of its kind, atomically; :func:`export_figure` draws a
printed map (the dialog's preview draws it smaller). The command line and the window call
these same functions, so the two cannot write different files for the same request.

=============================================  ======================================
kind                                           writer
=============================================  ======================================
``catchments``, ``travel``, ``comparison``,    :mod:`layers.printmap` (PNG, PDF, SVG)
``suggestions``
``atlas``                                      :func:`layers.atlas.write_atlas`
``html``                                       :func:`layers.html_export.write_html_map`
``xlsx``                                       :func:`outputs.xlsx.write_report_xlsx`
``gpkg``                                       :func:`layers.qgis_styles.write_styled_gpkg`
=============================================  ======================================

With a target year (:attr:`ExportRequest.year`), everything is made from that year's children
and its schools' pupils (:func:`gis.usecases.run_year`), and the Excel report and the atlas also
get the enrolment forecast up to that year (its sheets and its page).

No Qt, and no heavy import at module level (the window imports this module to open its dialog).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from gis.analysis import Analysis
    from gis.cohorts import Births, EnrolmentHistory
    from gis.forecast import Forecast
    from gis.progress import CancelFn, Progress, ProgressFn
    from gis.project import Project
    from gis.standards import Standards
    from gis.suggest import Suggestions

Kind = Literal["catchments", "travel", "comparison", "suggestions", "atlas", "html", "xlsx", "gpkg"]
KINDS: tuple[Kind, ...] = ("catchments", "travel", "comparison", "suggestions", "atlas", "html", "xlsx", "gpkg")
MAP_KINDS: tuple[Kind, ...] = ("catchments", "travel", "comparison", "suggestions")
# What each kind is written as; the first suffix is the default.
SUFFIXES: dict[str, tuple[str, ...]] = {
    **{kind: (".png", ".pdf", ".svg") for kind in MAP_KINDS},
    "atlas": (".pdf",),
    "html": (".html", ".htm"),
    "xlsx": (".xlsx",),
    "gpkg": (".gpkg",),
}
# The kinds that show the planning suggestions (computed for the exported analysis when not given).
SUGGESTION_KINDS: tuple[Kind, ...] = ("suggestions", "atlas", "html", "xlsx", "gpkg")
# The kinds that show the enrolment forecast when the request has a target year.
FORECAST_KINDS: tuple[Kind, ...] = ("atlas", "xlsx")
# Parts of the progress bar: the analyses, then the suggestions, then the writing; a target
# year's forecast comes first.
_ANALYSED, _SUGGESTED = 0.7, 0.9
_FORECAST = 0.4


def needs_suggestions(what: str) -> bool:
    """Whether an export of this kind shows the planning suggestions."""
    return what in SUGGESTION_KINDS


def suffix_problem(what: str, path: str | os.PathLike[str]) -> str:
    """Why ``path`` cannot hold an export of this kind (its suffix), in words; empty when it can."""
    allowed = SUFFIXES[what]
    if Path(path).suffix.lower() in allowed:
        return ""
    return f"the {what} export is written as {' or '.join(allowed)}"


@dataclass(frozen=True)
class ExportRequest:
    """What to export and how (the options of ``schoolplan export``).

    Attributes
    ----------
    what
        One of :data:`KINDS`.
    scenario
        The name of a scenario saved in the project; empty for the baseline.
    language
        ``zh`` or ``en``: the words of the output.
    level
        ``primary`` or ``junior``: whose catchments and travel times the maps show.
    paper, orientation, dpi, title
        The sheet of printed maps (:class:`layers.printmap.MapSheet`); ``dpi`` is the PNG's.
    year
        A target year: the export shows that year's children (None: the project's own).
    variant, migration
        The births variant and whether children migrate, for the target year's children
        (:func:`gis.forecast.forecast`).
    """

    what: Kind = "catchments"
    scenario: str = ""
    language: Literal["zh", "en"] = "zh"
    level: str = "primary"
    paper: Literal["A4", "A3"] = "A4"
    orientation: Literal["landscape", "portrait"] = "landscape"
    dpi: int = 300
    title: str = ""
    year: int | None = None
    variant: str = "medium"
    migration: bool = True


@dataclass(frozen=True)
class ExportInputs:
    """The analyses and suggestions an export is made from.

    Attributes
    ----------
    baseline
        The baseline's analysis.
    analysis
        The analysis exported: the baseline's, or the scenario's.
    suggestions
        The suggestions for ``analysis``, when the kind shows them.
    scenario_name
        The scenario's name; empty for the baseline.
    forecast
        The enrolment forecast up to the request's target year, for the kinds that show it.
    year
        The target year whose children the analyses are of (None: the project's own).
    """

    baseline: Analysis
    analysis: Analysis
    suggestions: Suggestions | None
    scenario_name: str = ""
    forecast: Forecast | None = None
    year: int | None = None


def gather_inputs(
    request: ExportRequest,
    project: Project,
    standards: Standards,
    *,
    baseline: Analysis | None = None,
    scenario_analysis: Analysis | None = None,
    suggestions: Suggestions | None = None,
    forecast: Forecast | None = None,
    births: Births | None = None,
    history: EnrolmentHistory | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ExportInputs:
    """The analyses and suggestions a request needs, computing only those not given.

    The baseline and the scenario are analysed by :func:`gis.usecases.run_scenario` (or the
    baseline alone by :func:`gis.analysis.analyze`), the suggestions by
    :func:`gis.suggest.suggest` for the exported analysis. With a target year, the project is
    first given that year's children, and the Excel report and the atlas get the forecast from
    the base year to the target year (:func:`gis.forecast.forecast`).

    Parameters
    ----------
    request
        The export.
    project, standards
        The project and the rules in force.
    baseline, scenario_analysis, suggestions
        Results already at hand (the baseline analysis, the request's scenario analysed, the
        suggestions for the exported analysis); each one missing is computed. With a target
        year, they must be of that year's children.
    forecast
        A forecast at hand that reaches the target year; computed when a kind needs it.
    births, history
        The births by village and the enrolment history for a target year's children (optional).
    progress, cancel
        The callbacks of :mod:`gis.progress`.

    Raises
    ------
    InputError
        If the scenario is not in the project, or one of its edits cannot apply; if the target
        year is before the base year or beyond the forecast's reach.
    Cancelled
        If ``cancel`` returned True.
    """
    from gis.progress import Progress

    report = Progress(progress, cancel)
    if request.year is not None:
        project, forecast, year_analysis = _year_inputs(
            request, project, standards, forecast, births, history, report.stage(0.0, _FORECAST), cancel
        )
        baseline = baseline if baseline is not None else year_analysis
        report = report.stage(_FORECAST, 1.0)
    analysed = report.stage(0.0, _ANALYSED)
    scenario_name = ""
    if request.scenario:
        scenario = project.scenario(request.scenario)
        scenario_name = scenario.name
        if scenario_analysis is None:
            from gis.usecases import run_scenario

            run = run_scenario(project, scenario, standards, baseline=baseline, progress=analysed, cancel=cancel)
            baseline, scenario_analysis = run.baseline, run.scenario
    if baseline is None:
        from gis.analysis import analyze

        baseline = analyze(project, standards, progress=_labelled(analysed, "baseline"), cancel=cancel, outlines=True)
    analysis = scenario_analysis if scenario_name else baseline
    assert analysis is not None
    if suggestions is None and needs_suggestions(request.what):
        from gis.suggest import suggest

        suggestions = suggest(analysis, progress=report.stage(_ANALYSED, _SUGGESTED), cancel=cancel)
    shown = forecast if request.year is not None and request.what in FORECAST_KINDS else None
    return ExportInputs(baseline, analysis, suggestions, scenario_name, forecast=shown, year=request.year)


def _year_inputs(
    request: ExportRequest,
    project: Project,
    standards: Standards,
    forecast: Forecast | None,
    births: Births | None,
    history: EnrolmentHistory | None,
    progress: Progress,
    cancel: CancelFn | None,
) -> tuple[Project, Forecast | None, Analysis]:
    """The project in the target year (:func:`gis.usecases.run_year`: its children and its
    schools' pupils), the forecast a kind needs (from the base year to the target year), and
    the year's analysis."""
    from gis.forecast import check_target_year
    from gis.usecases import run_year

    assert request.year is not None
    year = request.year
    base = check_target_year(project, year, history=history)
    if forecast is None and request.what in FORECAST_KINDS:
        from gis.forecast import forecast as run_forecast

        forecast = run_forecast(
            project,
            standards,
            years=range(base.year + 1, max(year, base.year + 1) + 1),
            births=births,
            history=history,
            variant=request.variant,
            migration=request.migration,
            progress=_labelled(progress.stage(0.0, 0.8), "forecast"),
            cancel=cancel,
        )
    run = run_year(
        project,
        standards,
        year=year,
        births=births,
        history=history,
        variant=request.variant,
        migration=request.migration,
        forecast=forecast,
        progress=progress.stage(0.8, 1.0),
        cancel=cancel,
    )
    return run.project, forecast, run.analysis


def export_figure(request: ExportRequest, inputs: ExportInputs, *, dpi: int | None = None) -> Figure:
    """The printed map of a map request, or the atlas's county overview page; ``dpi`` overrides the request's.

    Raises
    ------
    ValueError
        For a kind that is not a printed map or the atlas, a comparison without a scenario,
        or a suggestions map without the suggestions.
    """
    from layers.printmap import MapSheet, catchment_map, comparison_map, suggestion_map, travel_time_map

    if request.what == "atlas":  # the overview page of layers.atlas.write_atlas (its first map)
        sheet = MapSheet(language=request.language, dpi=dpi or 150)
        return catchment_map(inputs.analysis, request.level, sheet)
    if request.what not in MAP_KINDS:
        raise ValueError(f"a {request.what} export is not a printed map")
    sheet = MapSheet(
        paper=request.paper,
        orientation=request.orientation,
        dpi=dpi or request.dpi,
        title=request.title,
        subtitle=_subtitle(request, inputs),
        language=request.language,
    )
    if request.what == "catchments":
        return catchment_map(inputs.analysis, request.level, sheet)
    if request.what == "travel":
        return travel_time_map(inputs.analysis, request.level, 0, sheet)
    if request.what == "comparison":
        if not inputs.scenario_name:
            raise ValueError("a comparison map needs a scenario")
        return comparison_map(
            inputs.baseline, inputs.analysis, request.level, sheet, scenario_name=inputs.scenario_name
        )
    if inputs.suggestions is None:
        raise ValueError("a suggestions map needs the suggestions")
    return suggestion_map(inputs.analysis, inputs.suggestions, sheet)


def write_export(
    request: ExportRequest,
    inputs: ExportInputs,
    path: str | os.PathLike[str],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Path:
    """Write one export atomically with the writer of its kind; returns the path written.

    Raises
    ------
    ValueError
        If the file's suffix does not suit the kind (:func:`suffix_problem`).
    Cancelled
        If ``cancel`` returned True (no file is left).
    """
    from gis.progress import Progress

    path = Path(path)
    problem = suffix_problem(request.what, path)
    if problem:
        raise ValueError(f"{problem}, not {path.name}")
    report = Progress(progress, cancel).stage(_SUGGESTED, 1.0)
    report(0.0, f"writing {path.name}")
    if request.what in MAP_KINDS:
        from layers.printmap import save_figure

        return save_figure(export_figure(request, inputs), path)
    if request.what == "atlas":
        from layers.atlas import write_atlas

        return write_atlas(
            inputs.analysis,
            path,
            language=request.language,
            level=request.level,
            suggestions=inputs.suggestions,
            progress=report,
            cancel=cancel,
            forecast=inputs.forecast,
            forecast_year=inputs.year if inputs.forecast is not None else None,
        )
    if request.what == "html":
        from layers.html_export import write_html_map

        return write_html_map(
            path,
            inputs.analysis,
            suggestions=inputs.suggestions,
            language=request.language,
            title=request.title or None,
        )
    if request.what == "xlsx":
        from outputs.xlsx import write_report_xlsx

        comparison = None
        if inputs.scenario_name:
            from gis.compare import compare

            comparison = compare(inputs.baseline, inputs.analysis, name=inputs.scenario_name)
        return write_report_xlsx(
            path,
            inputs.analysis,
            language=request.language,
            suggestions=inputs.suggestions,
            comparison=comparison,
            forecast=inputs.forecast,
        )
    from layers.qgis_styles import write_styled_gpkg

    return write_styled_gpkg(path, inputs.analysis, suggestions=inputs.suggestions, language=request.language)


def _subtitle(request: ExportRequest, inputs: ExportInputs) -> str:
    """A printed map's subtitle: the scenario's name, and the target year (empty: the map's own)."""
    from layers.glossary import term

    year = term("forecast.children_of", request.language).format(year=inputs.year) if inputs.year else ""
    return " · ".join(part for part in (inputs.scenario_name, year) if part)


def _labelled(progress: ProgressFn, label: str) -> ProgressFn:
    def report(fraction: float, message: str) -> None:
        progress(fraction, f"{label}: {message}")

    return report
