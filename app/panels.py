"""Small pieces of the window's panels: the layer legend and the township summary.

Both read models and results and know no analysis: the legend is drawn from
:func:`layers.legend.layer_legend`, the township figures come from
:func:`gis.indicators.coverage_indicators` and :func:`gis.indicators.school_table`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

if TYPE_CHECKING:
    import pandas as pd

    from gis.analysis import Analysis
    from gis.indicators import Indicator
    from gis.project import Project
    from layers.legend import Legend

# The English texts of layers.legend, marked here so that pyside6-lupdate finds them.
LEGEND_TEXTS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Legend", "County road"),
    QT_TRANSLATE_NOOP("Legend", "Township road"),
    QT_TRANSLATE_NOOP("Legend", "Village road"),
    QT_TRANSLATE_NOOP("Legend", "Path"),
    QT_TRANSLATE_NOOP("Legend", "Primary school"),
    QT_TRANSLATE_NOOP("Legend", "Teaching point"),
    QT_TRANSLATE_NOOP("Legend", "Junior secondary school"),
    QT_TRANSLATE_NOOP("Legend", "Nine-year school"),
    QT_TRANSLATE_NOOP("Legend", "Overcrowded (red outline)"),
    QT_TRANSLATE_NOOP("Legend", "Under 100 pupils (hollow, dashed outline)"),
    QT_TRANSLATE_NOOP("Legend", "Boarding (dark outline)"),
    QT_TRANSLATE_NOOP("Legend", "Size grows with enrolment; teaching points have their own colour"),
    QT_TRANSLATE_NOOP("Legend", "0–15 min"),
    QT_TRANSLATE_NOOP("Legend", "15–30 min"),
    QT_TRANSLATE_NOOP("Legend", "30–45 min"),
    QT_TRANSLATE_NOOP("Legend", "45–60 min"),
    QT_TRANSLATE_NOOP("Legend", "60–90 min"),
    QT_TRANSLATE_NOOP("Legend", "over 90 min"),
    QT_TRANSLATE_NOOP("Legend", "No school reachable"),
    QT_TRANSLATE_NOOP("Legend", "Grades 1–3 walking time to the nearest school; greens are within 30 minutes"),
    QT_TRANSLATE_NOOP("Legend", "Township boundary"),
    QT_TRANSLATE_NOOP("Legend", "River"),
    QT_TRANSLATE_NOOP("Legend", "children per cell"),
    QT_TRANSLATE_NOOP("Legend", "Catchment of one school"),
    QT_TRANSLATE_NOOP("Legend", "Selected school's catchment"),
    QT_TRANSLATE_NOOP("Legend", "Neighbouring catchments have different colours"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Legend", text)


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value < 10 else f"{value:,.0f}"


def legend_html(legend: Legend) -> str:
    """Rich text (for a QLabel) of a legend, in the current language."""
    rows = []
    for entry in legend.entries:
        color = html.escape(entry.color)
        if entry.symbol == "line":
            swatch = f"<span style='color:{color}; font-weight:bold'>━━</span>"
        elif entry.symbol == "circle":
            swatch = f"<span style='color:{color}; font-size:large'>●</span>"
        elif entry.symbol == "outline":
            swatch = f"<span style='color:{color}; font-size:large'>○</span>"
        elif entry.symbol == "dashed":
            swatch = f"<span style='color:{color}; font-size:large'>◌</span>"
        else:
            swatch = f"<span style='background-color:{color}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
        rows.append(f"<tr><td align='center'>{swatch}</td><td>{html.escape(_tr(entry.label))}</td></tr>")
    parts = [f"<table cellspacing='2'>{''.join(rows)}</table>"] if rows else []
    if legend.ramp:
        cells = "".join(f"<td style='background-color:{html.escape(c)}'>&nbsp;&nbsp;&nbsp;</td>" for c in legend.ramp)
        parts.append(f"<table cellspacing='0'><tr>{cells}</tr></table>")
        if legend.value_range is not None:
            low, high = legend.value_range
            unit = html.escape(_tr(legend.unit)) if legend.unit else ""
            parts.append(f"<p>{_number(low)} – ≥ {_number(high)} {unit}</p>")
    if legend.note:
        parts.append(f"<p><i>{html.escape(_tr(legend.note))}</i></p>")
    return "".join(parts)


# The township summary: (key, header) in column order.
TOWNSHIP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("TownshipSummary", "Township")),
    ("children", QT_TRANSLATE_NOOP("TownshipSummary", "Children")),
    ("share_within", QT_TRANSLATE_NOOP("TownshipSummary", "Grades 1–3 within the rule")),
    ("mean_travel_min", QT_TRANSLATE_NOOP("TownshipSummary", "Grades 1–3 mean trip (min)")),
    ("schools", QT_TRANSLATE_NOOP("TownshipSummary", "Schools")),
    ("over_full", QT_TRANSLATE_NOOP("TownshipSummary", "Over-full schools")),
)


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
