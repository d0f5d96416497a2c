"""What the window shows of a project and its analysis, computed without widgets.

:func:`analysis_views` gives the county indicators, the school table and the township
summary of an analysis (the analysis worker computes them off the event loop);
:func:`township_rows` the township summary alone (names and school counts before an
analysis); :func:`merged_layers` the map layers of a project, keeping the choices made in the
layer panel. Every number comes from ``gis``; nothing here knows Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from gis.analysis import Analysis
    from gis.indicators import Indicator
    from gis.project import Project
    from layers.model import LayerStack


@dataclass(frozen=True)
class TownshipRow:
    """One township's summary line. Figures are NaN before an analysis.

    Attributes
    ----------
    code, name
        The township's code and name (from the project's townships layer).
    children
        School-age children (primary and junior levels).
    share_within
        Share of grades 1–3 children within the walking rule of their nearest school.
    mean_travel_min
        Children-weighted mean trip of grades 1–3 to the nearest school (minutes).
    schools
        Schools in the township.
    over_full
        Schools whose pupils exceed their places at either level.
    """

    code: str
    name: str
    children: float
    share_within: float
    mean_travel_min: float
    schools: int
    over_full: float


def township_rows(
    project: Project,
    analysis: Analysis | None = None,
    *,
    indicators: list[Indicator] | None = None,
    table: pd.DataFrame | None = None,
) -> list[TownshipRow]:
    """The township summary of a project and, if given, of its analysis, ordered by code.

    Parameters
    ----------
    project
        The project (its townships layer names the townships).
    analysis
        Its analysis, or None for the names and school counts only.
    indicators, table
        :func:`gis.indicators.coverage_indicators` and :func:`gis.indicators.school_table` of
        the analysis, if already computed.
    """
    import numpy as np

    names = dict(zip(project.townships["code"].astype(str), project.townships["name"].astype(str), strict=True))
    school_townships = project.schools["township"].astype(str)
    codes = sorted(set(names) | set(project.population["township"].astype(str)) | set(school_townships))
    figures: dict[tuple[str, str, str], float] = {}
    over_full: dict[str, float] = {}
    if analysis is not None:
        from gis.indicators import coverage_indicators, school_table

        if indicators is None:
            indicators = coverage_indicators(analysis)
        if table is None:
            table = school_table(analysis)
        figures = {(i.scope, i.level, i.metric): i.value for i in indicators}
        full = np.zeros(len(table), dtype=bool)
        for level in ("primary", "junior"):
            column = f"utilisation_{level}"
            if column in table.columns:
                full |= np.nan_to_num(table[column].to_numpy(dtype=float)) > 1.0
        for code in codes:
            over_full[code] = float((full & (table["township"].astype(str).to_numpy() == code)).sum())
    nan = float("nan")
    rows = []
    for code in codes:
        scope = f"township:{code}"
        children = nan
        if analysis is not None:
            children = sum(figures.get((scope, level, "children"), 0.0) for level in ("primary", "junior"))
        rows.append(
            TownshipRow(
                code=code,
                name=names.get(code, code),
                children=children,
                share_within=figures.get((scope, "grades_1_3", "share_within_threshold"), nan),
                mean_travel_min=figures.get((scope, "grades_1_3", "mean_travel_min"), nan),
                schools=int((school_townships == code).sum()),
                over_full=over_full.get(code, nan),
            )
        )
    return rows


@dataclass(frozen=True)
class AnalysisViews:
    """What the window shows of an analysis: county and township indicators, the school table, townships."""

    indicators: list[Indicator]
    school_table: pd.DataFrame
    township_rows: list[TownshipRow]


def analysis_views(analysis: Analysis) -> AnalysisViews:
    """The indicators, school table and township rows of an analysis."""
    from gis.indicators import coverage_indicators, school_table

    indicators, table = coverage_indicators(analysis), school_table(analysis)
    rows = township_rows(analysis.project, analysis, indicators=indicators, table=table)
    return AnalysisViews(indicators, table, rows)


def merged_layers(project: Project, analysis: Analysis | None, previous: LayerStack | None) -> LayerStack:
    """The layers of a project (and analysis), keeping the visibility, opacity and order chosen before."""
    from layers.model import project_layers

    fresh = project_layers(project, analysis)
    if previous is not None:
        for layer in previous:
            if layer.name in fresh:
                fresh = fresh.replace(layer.name, visible=layer.visible, opacity=layer.opacity, z=layer.z)
    return fresh
