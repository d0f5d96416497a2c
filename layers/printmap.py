"""Printed maps of an analysis: PNG at print resolution, PDF and SVG as vectors (matplotlib, headless).

Every map is a :class:`matplotlib.figure.Figure` on an A4 or A3 sheet (:class:`MapSheet`)
with a title and subtitle, the map, a legend, key figures, a scale bar of a round length,
a north arrow, township boundaries and names, roads by class and rivers (the project's own
base map, in the same styles as the window's map) and a source note with the date.

- :func:`catchment_map`: each school's catchment of a level; cells beyond the rule in red.
- :func:`travel_time_map`: the travel time surface of a level's group of grades.
- :func:`comparison_map`: baseline and scenario catchments side by side (same extent and
  colours; closed schools crossed out, new ones as stars).
- :func:`suggestion_map`: closures, mergers, teaching points and new sites, with arrows from
  the schools that close to the schools that receive their pupils.
- :func:`forecast_map`: seats to spare and seats short at every school in a forecast year.
- :func:`plan_map`: one phase (year) of the county plan: schools closed (crossed) or cut back
  to teaching points, classrooms added (rings sized by the seats), beds added, new sites (stars
  by kind), arrows from each school closed to the school receiving its pupils; the side column
  lists the phase's actions and money.

No pyplot: figures use their own Agg canvas, so maps can be drawn in a worker thread of the
window. :func:`save_figure` writes ``.png``, ``.pdf`` or ``.svg`` (by suffix) atomically.
Chinese text uses the bundled Noto Sans SC font (:mod:`layers.fonts`) and stays text in the
PDF (TrueType/CID embedding).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from gis.schema import LEVEL_GRADES, LEVELS
from layers import _print as P
from layers.glossary import LANGUAGES, words
from layers.style import TRAVEL_TIME_COLORS, UNREACHABLE_COLOR, travel_time_labels

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd
    import pandas as pd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from gis.analysis import Analysis
    from gis.forecast import Forecast
    from gis.plan import PlanAction
    from gis.plan.moves import Move
    from gis.project import Project
    from gis.suggest import Suggestions

# Paper sizes in millimetres (portrait: width, height).
PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
MM_PER_INCH = 25.4
FORMATS = (".png", ".pdf", ".svg")
# The forecast map: the area (pt² on A4) of the largest seat balance's circle, the colours of
# seats short, to spare and about filled (within FORECAST_EVEN seats), and how many short schools are named.
FORECAST_MAX_AREA = 420.0
FORECAST_SHORT_COLOR = "#d6604d"
FORECAST_SPARE_COLOR = "#4393c3"
FORECAST_EVEN = 0.5
# Circles of fewer seats are drawn at this area (pt² on A4), so that no short or full school is lost.
FORECAST_LEAST_AREA = 30.0
# A school with less than this share of its seats to spare is full (a red ring).
FORECAST_FULL_SHARE = 0.05
FORECAST_NAMED = 12


@dataclass(frozen=True)
class MapSheet:
    """How a map is printed.

    Attributes
    ----------
    paper
        ``A4`` or ``A3``.
    orientation
        ``landscape`` or ``portrait``.
    dpi
        Resolution of PNG output (PDF and SVG are vectors; their grid images keep the
        grid's own resolution).
    title
        The map's title; empty for a title made from the county and the map type.
    subtitle
        Under the title (scenario, date …); empty for one made from the map and the date.
    source
        The source note; empty for one naming the project's data and SchoolPlan.
    language
        ``zh`` or ``en``: the fixed words (legend, north, units, default titles).
    date
        The date printed in the subtitle and the source note; default today.
    """

    paper: Literal["A4", "A3"] = "A4"
    orientation: Literal["landscape", "portrait"] = "landscape"
    dpi: int = 300
    title: str = ""
    subtitle: str = ""
    source: str = ""
    language: Literal["zh", "en"] = "zh"
    date: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        problems = []
        if self.paper not in PAPER_MM:
            problems.append(f"paper must be one of {sorted(PAPER_MM)}, not {self.paper!r}")
        if self.orientation not in ("landscape", "portrait"):
            problems.append(f"orientation must be 'landscape' or 'portrait', not {self.orientation!r}")
        if not 10 <= self.dpi <= 1200:
            problems.append(f"dpi must be between 10 and 1200, not {self.dpi}")
        if self.language not in LANGUAGES:
            problems.append(f"language must be 'zh' or 'en', not {self.language!r}")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height of the sheet in millimetres."""
        w, h = PAPER_MM[self.paper]
        return (h, w) if self.orientation == "landscape" else (w, h)

    @property
    def size_inches(self) -> tuple[float, float]:
        """Width and height of the sheet in inches."""
        w, h = self.size_mm
        return w / MM_PER_INCH, h / MM_PER_INCH

    @property
    def scale(self) -> float:
        """Type and line size relative to an A4 sheet."""
        return min(self.size_mm) / 210.0

    @property
    def words(self) -> dict[str, str]:
        """The fixed words of the sheet's language, by glossary key (:func:`layers.glossary.words`)."""
        return words(self.language)


@dataclass(frozen=True)
class _Layout:
    """The parts of a sheet: the map area(s) and the side column, as figure fractions."""

    figure: Figure
    maps: tuple[Axes, ...]
    legend: Axes
    figures: Axes


# --------------------------------------------------------------------------- public maps


def catchment_map(
    analysis: Analysis,
    level: str = "primary",
    sheet: MapSheet | None = None,
    *,
    catchments: gpd.GeoDataFrame | None = None,
) -> Figure:
    """Each school's catchment of a level, with the cells beyond the level's rule in red.

    Parameters
    ----------
    analysis
        The analysis drawn (baseline or scenario).
    level
        ``primary`` or ``junior``.
    sheet
        Paper, titles and language; default an A4 landscape sheet in Chinese.
    catchments
        The analysis's :func:`gis.frames.catchments_frame`, if already made.

    Returns
    -------
    The figure (save it with :func:`save_figure`).

    Raises
    ------
    KeyError
        If the analysis has no such level.
    """
    from gis.frames import catchments_frame

    sheet = sheet or MapSheet()
    _check_level(analysis, level)
    frame = _level_frame(catchments if catchments is not None else catchments_frame(analysis), level)
    with P.print_context():
        lang = sheet.words
        layout = _layout(sheet, panels=1)
        ax = layout.maps[0]
        extent = P.fit_extent(ax, P.project_bounds(analysis.project))
        P.catchment_panel(ax, analysis, level, frame, P.catchment_colors(frame), extent, scale=sheet.scale)
        what = lang[f"level.{level}"] + lang["map.catchments"]
        _furniture(layout, analysis.project, sheet, _default_title(analysis.project, sheet, what))
        handles = P.catchment_handles(analysis, level, lang, scale=sheet.scale)
        P.draw_legend(layout.legend, handles, lang, fontsize=6.5 * sheet.scale)
        _figures_box(layout.figures, P.key_figures(analysis, level, lang), lang, sheet)
    return layout.figure


def travel_time_map(
    analysis: Analysis, level: str = "primary", group: int = 0, sheet: MapSheet | None = None
) -> Figure:
    """The travel time of one group of grades to its nearest school, cell by cell.

    Parameters
    ----------
    analysis
        The analysis drawn.
    level
        ``primary`` or ``junior``.
    group
        Index of the level's group of grades (``0``: grades 1–3 walking for primary).
    sheet
        Paper, titles and language.

    Returns
    -------
    The figure.

    Raises
    ------
    KeyError
        If the analysis has no such level.
    IndexError
        If the level has no such group.
    """
    from matplotlib.patches import Patch

    from layers.webmap import travel_time_image

    sheet = sheet or MapSheet()
    _check_level(analysis, level)
    result = analysis.levels[level]
    chosen = result.groups[group]
    with P.print_context():
        lang = sheet.words
        layout = _layout(sheet, panels=1)
        ax = layout.maps[0]
        extent = P.fit_extent(ax, P.project_bounds(analysis.project))
        P.draw_base(ax, analysis.project, extent=extent, scale=sheet.scale)
        image = travel_time_image(analysis, level, group)
        if image is not None:
            P.draw_image(ax, image[0], image[1], zorder=1.0, alpha=0.9)
        P.draw_schools(ax, analysis, P.level_schools(analysis.project.schools, level), scale=sheet.scale, flags=False)
        P.draw_township_labels(ax, analysis.project, extent=extent, fontsize=7.0 * sheet.scale)
        what = (
            f"{lang[f'level.{level}']}{lang['map.travel_time']}"
            if sheet.language == "zh"
            else (f"{lang[f'level.{level}']} {lang['map.travel_time']}")
        )
        group_words = lang.get(f"group.{chosen.name}", chosen.name)
        mode = lang.get(f"mode.{chosen.mode}", chosen.mode)
        subtitle = f"{group_words} · {mode} · ≤ {chosen.threshold_min:g} {lang['unit.minutes']}"
        _furniture(
            layout, analysis.project, sheet, _default_title(analysis.project, sheet, what), default_subtitle=subtitle
        )
        handles: list[Artist] = [
            Patch(facecolor=c, edgecolor="none", label=label)
            for c, label in zip(TRAVEL_TIME_COLORS, travel_time_labels(sheet.language), strict=True)
        ]
        handles.append(Patch(facecolor=UNREACHABLE_COLOR, edgecolor="none", label=lang["legend.unreachable"]))
        handles += P.school_legend_handles(
            analysis.project.schools, P.level_schools(analysis.project.schools, level), lang, overcrowded=False
        )
        handles += P.base_legend_handles(analysis.project, lang, scale=sheet.scale)
        P.draw_legend(layout.legend, handles, lang, fontsize=6.5 * sheet.scale)
        _figures_box(layout.figures, P.key_figures(analysis, level, lang), lang, sheet)
    return layout.figure


def comparison_map(
    baseline: Analysis,
    scenario_analysis: Analysis,
    level: str = "primary",
    sheet: MapSheet | None = None,
    *,
    scenario_name: str = "",
) -> Figure:
    """Baseline and scenario catchments of a level side by side, at the same extent and colours.

    A school keeps its catchment colour on both panels; schools of the baseline that the
    scenario no longer has are crossed out on the scenario panel, schools it adds are stars.
    Each panel has its key figures underneath.

    Parameters
    ----------
    baseline
        The baseline analysis.
    scenario_analysis
        The analysis of the scenario's project.
    level
        ``primary`` or ``junior``.
    sheet
        Paper, titles and language.
    scenario_name
        Name of the scenario, for the right panel's title and the default subtitle.

    Returns
    -------
    The figure.
    """
    from gis.frames import catchments_frame

    sheet = sheet or MapSheet()
    _check_level(baseline, level)
    _check_level(scenario_analysis, level)
    base_frame = _level_frame(catchments_frame(baseline), level)
    scen_frame = _level_frame(catchments_frame(scenario_analysis), level)
    colors = P.catchment_colors(base_frame)
    colors = P.catchment_colors(scen_frame, fixed=colors)
    base_ids = set(baseline.project.schools["school_id"].astype(str))
    scen_ids = set(scenario_analysis.project.schools["school_id"].astype(str))
    with P.print_context():
        lang = sheet.words
        layout = _layout(sheet, panels=2)
        bounds = P.project_bounds(baseline.project)
        extents = [P.fit_extent(ax, bounds) for ax in layout.maps]
        # Both panels show exactly the same ground.
        extent = (
            min(e[0] for e in extents),
            min(e[1] for e in extents),
            max(e[2] for e in extents),
            max(e[3] for e in extents),
        )
        for ax in layout.maps:
            P.fit_extent(ax, extent, pad=0.0)
        panels = (
            (layout.maps[0], baseline, base_frame, lang["compare.baseline"]),
            (layout.maps[1], scenario_analysis, scen_frame, scenario_name or lang["compare.scenario"]),
        )
        for ax, analysis, frame, name in panels:
            P.catchment_panel(ax, analysis, level, frame, colors, extent, scale=sheet.scale)
            ax.set_title(name, fontsize=10 * sheet.scale, parse_math=False, pad=3)
            figures = [f"{label} {value}" for label, value in P.key_figures(analysis, level, lang)[:4]]
            text = "\n".join("    ".join(figures[k : k + 2]) for k in range(0, len(figures), 2))
            ax.text(
                0.0,
                -0.015,
                text,
                transform=ax.transAxes,
                ha="left",
                va="top",
                fontsize=6.0 * sheet.scale,
                parse_math=False,
            )
        gone = sorted(base_ids - scen_ids)
        new = sorted(scen_ids - base_ids)
        _mark_schools(layout.maps[1], baseline.project.schools, gone, "closed", sheet)
        _mark_schools(layout.maps[1], scenario_analysis.project.schools, new, "new_day_school", sheet)
        what = (
            f"{lang[f'level.{level}']}{lang['map.catchments']}：{lang['map.comparison']}"
            if sheet.language == "zh"
            else (f"{lang[f'level.{level}']} {lang['map.catchments']}: {lang['map.comparison']}")
        )
        subtitle = f"{lang['compare.baseline']} / {scenario_name or lang['compare.scenario']}"
        _furniture(
            layout, baseline.project, sheet, _default_title(baseline.project, sheet, what), default_subtitle=subtitle
        )
        handles = P.catchment_handles(baseline, level, lang, scale=sheet.scale)
        kinds = (("closed",) if gone else ()) + (("new_day_school",) if new else ())
        handles += P.suggestion_handles(lang, kinds, arrows=False)
        P.draw_legend(layout.legend, handles, lang, fontsize=6.5 * sheet.scale)
        layout.figures.set_axis_off()
    return layout.figure


def suggestion_map(analysis: Analysis, suggestions: Suggestions, sheet: MapSheet | None = None) -> Figure:
    """The suggestions on the baseline map: closures, mergers, teaching points and new sites.

    Closed schools are crossed out, the school a merger keeps is ringed, schools that become
    teaching points are triangles, new sites are stars (day schools green, boarding schools
    blue); arrows run from each school that closes (or sends on its older pupils) to the
    schools that receive its pupils. Each mark carries its suggestion's id (``S01`` …).

    Parameters
    ----------
    analysis
        The baseline the suggestions were made for.
    suggestions
        The suggestions (:func:`gis.suggest.suggest`).
    sheet
        Paper, titles and language.

    Returns
    -------
    The figure.
    """
    sheet = sheet or MapSheet()
    project = analysis.project
    schools = project.schools
    marks, arrows = P.suggestion_marks(analysis, suggestions)
    with P.print_context():
        lang = sheet.words
        layout = _layout(sheet, panels=1)
        ax = layout.maps[0]
        extent = P.fit_extent(ax, P.project_bounds(project))
        P.draw_base(ax, project, extent=extent, scale=sheet.scale)
        P.draw_schools(
            ax, analysis, np.ones(len(schools), dtype=bool), scale=sheet.scale, size=10, flags=False, zorder=5.0
        )
        for start, end, dashed, _ in arrows:
            P.draw_arrow(ax, start, end, scale=sheet.scale, dashed=dashed)
        for kind, points in marks.items():
            P.draw_marks(ax, points, kind, scale=sheet.scale)
        P.draw_township_labels(ax, project, extent=extent, fontsize=7.0 * sheet.scale)
        _furniture(layout, project, sheet, _default_title(project, sheet, lang["map.suggestions"]))
        shown = tuple(k for k, v in marks.items() if v)
        handles = P.suggestion_handles(lang, shown, arrows=bool(arrows))
        handles += P.school_legend_handles(schools, np.ones(len(schools), dtype=bool), lang, overcrowded=False)
        handles += P.base_legend_handles(project, lang, scale=sheet.scale)
        P.draw_legend(layout.legend, handles, lang, fontsize=6.5 * sheet.scale)
        counts = [(lang[f"suggestion.{k}"], str(len({p[2] for p in v}))) for k, v in marks.items() if v]
        _figures_box(
            layout.figures, [(lang["map.suggestion_count"], str(len(suggestions.items))), *counts], lang, sheet
        )
    return layout.figure


def forecast_map(
    project: Project, forecast: Forecast, *, year: int | None = None, sheet: MapSheet | None = None
) -> Figure:
    """Seats to spare and seats short at every school in a forecast year, primary beside junior.

    Each school teaching the level is a circle whose area grows with its seat balance
    (:meth:`gis.forecast.Forecast.seat_balance`: its seats less its pupils and less the children
    nearest to it who found no seat), red where seats are short, blue where seats are to spare;
    the schools short of seats are named. The side column has the year's county figures.

    Parameters
    ----------
    project
        The project the forecast was made for (its base map and schools, in the forecast's order).
    forecast
        The forecast (:func:`gis.forecast.forecast`).
    year
        The year shown; default the forecast's last.
    sheet
        Paper, titles and language.

    Returns
    -------
    The figure.

    Raises
    ------
    InputError
        If the forecast has no such year.
    ValueError
        If the forecast was made for other schools than the project's.
    """
    sheet = sheet or MapSheet()
    schools = project.schools
    if tuple(schools["school_id"].astype(str)) != forecast.school_ids:
        raise ValueError("the forecast was made for other schools than the project's")
    shown = forecast.years[-1] if year is None else int(year)
    t = forecast.year_index(shown)
    balance = forecast.seat_balance()[t]
    teaches = (forecast.school_seats > 0) | (forecast.school_pupils.max(axis=0) > 0)
    x = schools.geometry.x.to_numpy()
    y = schools.geometry.y.to_numpy()
    names = schools["name"].astype(str).to_numpy()
    largest = float(np.abs(balance[teaches]).max()) if teaches.any() else 0.0
    area = FORECAST_MAX_AREA * sheet.scale**2
    with P.print_context():
        lang = sheet.words
        layout = _layout(sheet, panels=2)
        bounds = P.project_bounds(project)
        extents = [P.fit_extent(ax, bounds) for ax in layout.maps]
        extent = (
            min(e[0] for e in extents),
            min(e[1] for e in extents),
            max(e[2] for e in extents),
            max(e[3] for e in extents),
        )
        for ax in layout.maps:
            P.fit_extent(ax, extent, pad=0.0)
        for k, (ax, level) in enumerate(zip(layout.maps, LEVELS, strict=True)):
            P.draw_base(ax, project, extent=extent, scale=sheet.scale)
            P.draw_township_labels(ax, project, extent=extent, fontsize=6.0 * sheet.scale)
            rows = np.flatnonzero(teaches[:, k])
            order = rows[np.argsort(-np.abs(balance[rows, k]), kind="stable")]
            value = balance[order, k]
            kind = _balance_kinds(value, forecast.school_seats[order, k])
            sizes = area * np.abs(value) / max(largest, 1.0)
            least = FORECAST_LEAST_AREA * sheet.scale**2
            for name, color in (("spare", FORECAST_SPARE_COLOR), ("short", FORECAST_SHORT_COLOR)):
                sel = kind == name
                if sel.any():
                    ax.scatter(
                        x[order][sel],
                        y[order][sel],
                        s=np.maximum(sizes[sel], least),
                        c=color,
                        alpha=0.72,
                        edgecolors="white",
                        linewidths=0.5 * sheet.scale,
                        zorder=6,
                    )
            full = kind == "full"
            if full.any():
                ax.scatter(
                    x[order][full],
                    y[order][full],
                    s=least,
                    facecolors="none",
                    edgecolors=FORECAST_SHORT_COLOR,
                    linewidths=1.2 * sheet.scale,
                    zorder=6.5,
                )
            short = order[kind == "short"]
            for j in short[:FORECAST_NAMED].tolist():
                ax.annotate(
                    f"{names[j]} {balance[j, k]:,.0f}",
                    (x[j], y[j]),
                    xytext=(4, 3),
                    textcoords="offset points",
                    fontsize=5.0 * sheet.scale,
                    color="#222222",
                    zorder=9,
                    parse_math=False,
                    annotation_clip=True,
                    path_effects=[_halo()],
                )
            ax.set_title(lang[f"level.{level}"], fontsize=10 * sheet.scale, parse_math=False, pad=3)
        in_year = lang["forecast.in_year"].format(year=shown)
        what = (
            f"{in_year}{lang['forecast.map_title']}"
            if sheet.language == "zh"
            else (f"{lang['forecast.map_title'].lower()} {in_year}")
        )
        subtitle = " · ".join(
            (lang["forecast.base_year"].format(year=forecast.base_year), lang[f"variant.{forecast.variant}"])
        )
        _furniture(layout, project, sheet, _default_title(project, sheet, what), default_subtitle=subtitle)
        handles = _forecast_handles(lang, largest, sheet)
        handles += P.base_legend_handles(project, lang, scale=sheet.scale)
        P.draw_legend(layout.legend, handles, lang, fontsize=6.5 * sheet.scale)
        layout.legend.text(
            0.0,
            0.0,
            lang["forecast.balance_note"],
            transform=layout.legend.transAxes,
            ha="left",
            va="bottom",
            fontsize=5.5 * sheet.scale,
            color="#444444",
            wrap=True,
        )
        _figures_box(layout.figures, _forecast_figures(forecast, t, balance, teaches, lang, sheet), lang, sheet)
    return layout.figure


def _forecast_handles(lang: dict[str, str], largest: float, sheet: MapSheet) -> list[Artist]:
    """Legend of the forecast map: seats short, to spare, filled, and circles of round sizes."""
    from matplotlib.lines import Line2D

    def circle(color: str, area: float, label: str) -> Line2D:
        return Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=float(np.sqrt(area)),
            markerfacecolor=color,
            markeredgecolor="white",
            alpha=0.72,
            label=label,
        )

    middle = 60.0 * sheet.scale**2
    least = FORECAST_LEAST_AREA * sheet.scale**2
    handles: list[Artist] = [
        circle(FORECAST_SHORT_COLOR, middle, lang["forecast.deficit"]),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=float(np.sqrt(least)),
            markerfacecolor="none",
            markeredgecolor=FORECAST_SHORT_COLOR,
            markeredgewidth=1.2 * sheet.scale,
            label=lang["forecast.full"].format(share=f"{FORECAST_FULL_SHARE:.0%}"),
        ),
        circle(FORECAST_SPARE_COLOR, middle, lang["forecast.surplus"]),
    ]
    if largest >= 1:
        area = FORECAST_MAX_AREA * sheet.scale**2
        top = P.nice_length(largest)
        for n in sorted({top, P.nice_length(top / 4)}):
            handles.append(circle("#bbbbbb", area * n / largest, lang["forecast.seats_count"].format(n=f"{n:,.0f}")))
    return handles


def _forecast_figures(
    forecast: Forecast, t: int, balance: np.ndarray, teaches: np.ndarray, lang: dict[str, str], sheet: MapSheet
) -> list[tuple[str, str]]:
    """The county figures of a forecast year, per level, beside its base year's."""
    rows: list[tuple[str, str]] = [(lang["field.year"], str(forecast.years[t]))]
    base = forecast.years.index(forecast.base_year) if forecast.base_year in forecast.years else None
    for k, level in enumerate(LEVELS):
        grades = [g - 1 for g in LEVEL_GRADES[level]]
        children = float(forecast.children[t, grades].sum())
        change = ""
        if base is not None and base != t:
            before = float(forecast.children[base, grades].sum())
            change = f" ({100 * (children - before) / before:+.0f}%)" if before > 0 else ""
        short = (_balance_kinds(balance[:, k], forecast.school_seats[:, k]) == "short") & teaches[:, k]

        def named(key: str, level: str = level) -> str:
            word = lang[f"level.{level}"]
            return f"{word}{lang[key]}" if sheet.language == "zh" else f"{word}: {lang[key][:1].lower()}{lang[key][1:]}"

        rows += [
            (named("metric.children"), P.fmt_number(children) + change),
            (named("field.seats"), P.fmt_number(float(forecast.seats[k]))),
            (named("field.not_placed"), P.fmt_number(float(forecast.not_placed[t, k]))),
            (named("forecast.deficit_schools"), str(int(short.sum()))),
            (named("forecast.seats_short"), P.fmt_number(float(-balance[short, k].sum()) + 0.0)),
        ]
    return rows


def _balance_kinds(balance: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """``short`` (seats short), ``full`` (less than :data:`FORECAST_FULL_SHARE` of the seats to
    spare) or ``spare``, per school."""
    short = balance < -FORECAST_EVEN
    full = ~short & (balance < np.maximum(FORECAST_FULL_SHARE * seats, FORECAST_EVEN))
    return np.where(short, "short", np.where(full, "full", "spare"))


def _halo() -> object:
    from matplotlib import patheffects

    return patheffects.withStroke(linewidth=1.5, foreground=P.HALO)


# --------------------------------------------------------------------------- the county plan

#: Marks of the plan map by kind of action (the expansions are rings sized by their seats).
PLAN_MARKS: dict[str, dict[str, object]] = {
    "new_teaching_point": {"marker": "*", "color": "#5aae61", "size": 120.0},
    "new_school": {"marker": "*", "color": P.NEW_DAY_COLOR, "size": 160.0},
    "new_boarding_school": {"marker": "*", "color": "#08306b", "size": 190.0},
    "convert": {"marker": "s", "color": "#8c510a", "size": 38.0},
    "beds": {"marker": "s", "color": "none", "edge": "#8c510a", "size": 38.0},
    "teaching_point": {"marker": "v", "color": P.TEACHING_POINT_COLOR, "size": 60.0},
    "merge": {"marker": "X", "color": P.MERGED_COLOR, "size": 70.0},
    "close": {"marker": "X", "color": P.CLOSED_COLOR, "size": 70.0},
}
#: The expansion rings: their colour, the area (pt² on A4) of the most seats any action adds, and the least.
PLAN_EXPAND_COLOR = "#e7298a"
PLAN_EXPAND_AREA = 420.0
PLAN_EXPAND_LEAST = 40.0
#: Marks and arrows of the years before the map's year are drawn this opaque.
PLAN_EARLIER_ALPHA = 0.3
#: Longest school name in the plan map's list of actions, in characters.
PLAN_NAME_CHARS = 12


def plan_map(
    project: Project,
    plan: pd.DataFrame | Sequence[PlanAction],
    moves: Sequence[Move] = (),
    *,
    year: int | None = None,
    sheet: MapSheet | None = None,
    budget: float | None = None,
) -> Figure:
    """One phase of the county plan on the county's map, with the phase's actions and money beside it.

    Every school of the project is a small dot of its type's colour; the actions of the year are
    drawn over them and numbered as the side column lists them: schools closed (a red cross) or
    merged into another (a purple cross), schools cut back to teaching points (triangles),
    classrooms added (a ring whose area grows with the seats added), beds added (squares, filled
    where a day school becomes a boarding school), new sites (stars: teaching point, school,
    boarding school); arrows run from each school closed, merged or cut back to the school that
    receives most of its pupils (dashed where only the older grades move). The actions of earlier
    years are drawn pale, without numbers. The side column lists the phase's actions (kind, school,
    seats or beds, capital) and its money: the phase's capital, the capital so far, the budget
    and the change of the yearly running cost.

    Parameters
    ----------
    project
        The county project (its base map and today's schools).
    plan
        The plan's lines: ``plan.csv`` (:meth:`gis.plan.CountyPlan.table`) or the plan's
        :class:`~gis.plan.PlanAction` objects.
    moves
        Where the pupils of the schools closed go (:func:`gis.plan.moves.receivers`).
    year
        The phase shown (its actions numbered, earlier years' pale); None shows every year of the
        plan alike.
    sheet
        Paper, titles and language.
    budget
        The plan's total budget (万元), for the side column.

    Returns
    -------
    The figure.

    Raises
    ------
    ValueError
        If the plan's table lacks a column of ``plan.csv``.
    """
    from gis.plan import PLAN_COLUMNS

    sheet = sheet or MapSheet()
    table = _plan_frame(plan)
    missing = [c for c in PLAN_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"the plan's table has no column {', '.join(missing)}")
    years = sorted(int(y) for y in set(table["year"]))
    upto = table if year is None else table[table["year"] <= year]
    now = upto if year is None else upto[upto["year"] == year]
    earlier = upto.iloc[0:0] if year is None else upto[upto["year"] < year]
    shown_moves = [m for m in moves if year is None or m.year <= year]
    largest = (
        float(table.loc[table["action"] == "expand", "seats"].max()) if (table["action"] == "expand").any() else 0.0
    )
    schools = project.schools
    s = sheet.scale
    with P.print_context():
        lang = sheet.words
        layout = _layout(sheet, panels=1, column_mm=92.0, legend_share=0.42)
        ax = layout.maps[0]
        extent = P.fit_extent(ax, P.project_bounds(project))
        P.draw_base(ax, project, extent=extent, scale=s)
        _plan_schools(ax, schools, s)
        for part, pale in ((earlier, True), (now, False)):
            _plan_marks(ax, part, largest, s, pale=pale)
        for move in shown_moves:
            _plan_arrow(ax, move, s, pale=year is not None and move.year < year)
        numbers = _plan_numbers(ax, now, s)
        P.draw_township_labels(ax, project, extent=extent, fontsize=6.5 * s)
        if year is None:
            span = lang["forecast.years"].format(first=years[0], last=years[-1]) if years else ""
            what = (
                f"{lang['plan.map_title']}（{span}）" if sheet.language == "zh" else f"{lang['plan.map_title']}, {span}"
            )
        else:
            in_year = lang["forecast.in_year"].format(year=year)
            what = (
                f"{in_year}{lang['plan.map_title']}"
                if sheet.language == "zh"
                else f"{lang['plan.map_title']} {in_year}"
            )
        capital = float(now["capital_cost"].sum())
        count = lang["plan.count"].format(n=len(now))
        subtitle = " · ".join(
            (
                lang["plan.phase"].format(year=year) if year is not None else lang["plan.all_years"],
                count,
                f"{lang['plan.money']} {lang['plan.wan'].format(n=P.fmt_number(capital))}",
            )
        )
        _furniture(layout, project, sheet, _default_title(project, sheet, what), default_subtitle=subtitle)
        kinds = [k for k in PLAN_MARKS if (upto["action"] == k).any()]
        handles = _plan_handles(
            schools, kinds, largest, lang, sheet, arrows=bool(shown_moves), earlier=len(earlier) > 0
        )
        handles += P.base_legend_handles(project, lang, scale=s)
        P.two_column_legend(layout.legend, handles, lang, fontsize=6.0 * s)
        _plan_list(layout.figures, now, numbers, upto, budget, lang, sheet)
    return layout.figure


def _plan_frame(plan: pd.DataFrame | Sequence[PlanAction]) -> pd.DataFrame:
    """The plan's lines as ``plan.csv``'s table."""
    import pandas as pd

    from gis.plan import PLAN_COLUMNS

    if isinstance(plan, pd.DataFrame):
        return plan.reset_index(drop=True)
    rows = [{c: getattr(a, c) for c in PLAN_COLUMNS} for a in plan]
    return pd.DataFrame(rows, columns=list(PLAN_COLUMNS))


def _plan_schools(ax: Axes, schools: gpd.GeoDataFrame, scale: float) -> None:
    """Today's schools, small dots by type."""
    from layers.style import SCHOOL_COLORS

    if not len(schools):
        return
    x = schools.geometry.x.to_numpy()
    y = schools.geometry.y.to_numpy()
    kinds = schools["type"].astype(str).to_numpy()
    for kind, color in SCHOOL_COLORS.items():
        sel = kinds == kind
        if sel.any():
            ax.scatter(x[sel], y[sel], s=12 * scale**2, c=color, edgecolors="white", linewidths=0.4 * scale, zorder=5)


def _plan_marks(ax: Axes, part: pd.DataFrame, largest: float, scale: float, *, pale: bool) -> None:
    """The marks of some of the plan's lines."""
    if not len(part):
        return
    alpha = PLAN_EARLIER_ALPHA if pale else 1.0
    action = part["action"].astype(str).to_numpy()
    x = part["x"].to_numpy(dtype=float)
    y = part["y"].to_numpy(dtype=float)
    grow = action == "expand"
    if grow.any():
        seats = part["seats"].to_numpy(dtype=float)[grow]
        area = np.maximum(PLAN_EXPAND_AREA * seats / max(largest, 1.0), PLAN_EXPAND_LEAST) * scale**2
        ax.scatter(
            x[grow],
            y[grow],
            s=area,
            facecolors="none",
            edgecolors=PLAN_EXPAND_COLOR,
            linewidths=1.3 * scale,
            alpha=alpha,
            zorder=6.5,
        )
    for kind, style in PLAN_MARKS.items():
        sel = action == kind
        if not sel.any():
            continue
        ax.scatter(
            x[sel],
            y[sel],
            s=float(style["size"]) * scale**2,  # type: ignore[arg-type]
            marker=str(style["marker"]),
            c=str(style["color"]),
            edgecolors=str(style.get("edge", "white")),
            linewidths=(1.1 if "edge" in style else 0.5) * scale,
            alpha=alpha,
            zorder=8 if kind.startswith("new") else 7.5,
        )


def _plan_arrow(ax: Axes, move: Move, scale: float, *, pale: bool) -> None:
    from matplotlib.patches import FancyArrowPatch

    if (move.x0, move.y0) == (move.x1, move.y1):
        return
    ax.add_patch(
        FancyArrowPatch(
            (move.x0, move.y0),
            (move.x1, move.y1),
            arrowstyle="-|>",
            mutation_scale=9 * scale,
            color=P.ARROW_COLOR,
            linewidth=1.1 * scale,
            linestyle="--" if move.kind == "teaching_point" else "-",
            shrinkA=3,
            shrinkB=4,
            connectionstyle="arc3,rad=0.15",
            alpha=PLAN_EARLIER_ALPHA if pale else 1.0,
            zorder=7,
        )
    )


def _plan_numbers(ax: Axes, now: pd.DataFrame, scale: float) -> list[int]:
    """Number the phase's lines on the map (one label per place, its numbers joined); the numbers."""
    numbers = list(range(1, len(now) + 1))
    places: dict[tuple[int, int], list[int]] = {}
    for n, (x, y) in zip(numbers, zip(now["x"].tolist(), now["y"].tolist(), strict=True), strict=True):
        places.setdefault((round(x), round(y)), []).append(n)
    for (x, y), found in places.items():
        ax.annotate(
            ",".join(map(str, found)),
            (x, y),
            xytext=(5, 3),
            textcoords="offset points",
            fontsize=6.0 * scale,
            color="#111111",
            zorder=9.5,
            annotation_clip=True,
            path_effects=[_halo()],
        )
    return numbers


def _plan_handles(
    schools: gpd.GeoDataFrame,
    kinds: list[str],
    largest: float,
    lang: dict[str, str],
    sheet: MapSheet,
    *,
    arrows: bool,
    earlier: bool,
) -> list[Artist]:
    """Legend of the plan map: schools kept, each kind of action shown, ring sizes, arrows, pale marks."""
    from matplotlib.lines import Line2D

    handles: list[Artist] = P.school_legend_handles(schools, np.ones(len(schools), dtype=bool), lang, overcrowded=False)
    for kind in kinds:
        style = PLAN_MARKS[kind]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=str(style["marker"]),
                markersize=float(np.sqrt(float(style["size"]))) * 0.9,  # type: ignore[arg-type]
                markerfacecolor=str(style["color"]),
                markeredgecolor=str(style.get("edge", "white")),
                markeredgewidth=1.1 if "edge" in style else 0.5,
                label=_short(lang[f"plan_action.{kind}"]),
            )
        )
    if largest >= 1:
        area = PLAN_EXPAND_AREA * sheet.scale**2
        top = P.nice_length(largest)
        for n in sorted({top, P.nice_length(top / 4)}):
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markersize=float(np.sqrt(max(area * n / largest, PLAN_EXPAND_LEAST * sheet.scale**2))),
                    markerfacecolor="none",
                    markeredgecolor=PLAN_EXPAND_COLOR,
                    markeredgewidth=1.3,
                    label=lang["plan.seats_added"].format(n=f"{n:,.0f}"),
                )
            )
    if arrows:
        handles.append(
            Line2D(
                [],
                [],
                color=P.ARROW_COLOR,
                marker=">",
                markevery=[-1],
                markersize=4,
                linewidth=0.9,
                label=lang["plan.moves"],
            )
        )
    if earlier:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="X",
                markersize=7,
                markerfacecolor=P.CLOSED_COLOR,
                markeredgecolor="white",
                alpha=PLAN_EARLIER_ALPHA,
                label=lang["plan.earlier"],
            )
        )
    return handles


def _plan_list(
    ax: Axes,
    now: pd.DataFrame,
    numbers: list[int],
    upto: pd.DataFrame,
    budget: float | None,
    lang: dict[str, str],
    sheet: MapSheet,
) -> None:
    """The side column's list of the phase's actions, then its money."""
    ax.set_axis_off()
    fs = 6.0 * sheet.scale
    height_in = ax.get_position().height * P.figure_size(ax)[1]
    step = fs * 1.55 / 72.0 / max(height_in, 1e-6)
    ax.text(0.0, 1.0, lang["plan.actions"], transform=ax.transAxes, ha="left", va="top", fontsize=fs * 1.25)
    money = [
        (lang["plan.capital_year"], P.fmt_number(float(now["capital_cost"].sum()))),
        (lang["plan.capital_total"], P.fmt_number(float(upto["capital_cost"].sum()))),
    ]
    if budget is not None:
        money.append((lang["plan.budget_total"], P.fmt_number(float(budget))))
    money.append((lang["plan.running_year"], f"{float(now['running_cost_change'].sum()):+,.0f}"))
    room = int((1.0 - 2.4 * step) / step) - len(money) - 2
    rows = []
    for n, rec in zip(numbers, now.itertuples(index=False), strict=True):
        name = str(rec.name)
        if len(name) > PLAN_NAME_CHARS:
            name = name[: PLAN_NAME_CHARS - 1] + "…"
        size = ""
        if rec.seats:
            size = lang["plan.seats_short"].format(n=f"{int(rec.seats):,}")
        elif rec.beds:
            size = lang["plan.beds_short"].format(n=f"{int(rec.beds):,}")
        action = _short(lang.get(f"plan_action.{rec.action}", str(rec.action)))
        rows.append([str(n), action, name, size, P.fmt_number(float(rec.capital_cost))])
    keys = ("plan.no", "plan_field.action", "plan_field.name", "plan.size", "plan.money")
    # English words of the actions are longer than Chinese ones.
    columns = (0.0, 0.07, 0.28, 0.64, 0.83) if sheet.language == "zh" else (0.0, 0.055, 0.42, 0.70, 0.86)
    align = ("left", "left", "left", "right", "right")
    y = P.draw_list(
        ax, [lang[k] for k in keys], rows, room=room, columns=columns, align=align, fontsize=fs, step=step,
        more=lang["plan.more"], none=lang["plan.none"],
    )  # fmt: skip
    P.draw_table(
        ax, (), [list(r) for r in money], columns=(0.0, 0.83), fontsize=fs, top=y - step * 0.6, align=("left", "right")
    )


def _short(text: str) -> str:
    """A word without its bracketed note (改为教学点（保留一至三年级） → 改为教学点)."""
    return text.split("（")[0].split(" (")[0]


def save_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: int | None = None) -> Path:
    """Write a map to ``.png`` (at ``dpi``, default the figure's), ``.pdf`` or ``.svg``, atomically.

    The file is written to a temporary name beside ``path`` and moved into place, so a
    failure never leaves a half-written map.

    Returns
    -------
    The path written.

    Raises
    ------
    ValueError
        For another suffix.
    """
    from gis.fileio import write_atomic

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{target}: a map is saved as {', '.join(FORMATS)}, not {target.suffix or 'no suffix'!r}")
    title = str(getattr(fig, "_schoolplan_title", ""))
    metadata = {"Title": title, "Creator" if suffix == ".pdf" else "Software": "SchoolPlan"}
    if suffix == ".svg":
        metadata = {"Title": title}

    def _write(tmp: Path) -> None:
        with P.print_context():
            fig.savefig(tmp, format=suffix[1:], dpi=dpi or fig.dpi, metadata=metadata)

    return write_atomic(target, _write)


# --------------------------------------------------------------------------- the sheet


def _layout(sheet: MapSheet, *, panels: int, column_mm: float | None = None, legend_share: float = 0.58) -> _Layout:
    """A figure with the map panel(s) on the left and the legend column on the right.

    ``column_mm`` is the column's width on an A4 sheet (default 58 mm landscape, 52 mm portrait);
    ``legend_share`` the part of its height the legend takes (the figures the rest)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=sheet.size_inches, dpi=sheet.dpi)
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    w, h = sheet.size_mm
    s = sheet.scale
    margin = 10.0 * s
    title_band = 20.0 * s
    footer = 9.0 * s
    column = (column_mm or (58.0 if sheet.orientation == "landscape" else 52.0)) * s
    gap = 5.0 * s
    map_w = w - 2 * margin - column - gap
    map_h = h - margin - title_band - footer
    bottom = footer
    maps = []
    below = 8.0 * s if panels > 1 else 0.0  # room for each panel's figures
    top_room = 6.0 * s if panels > 1 else 0.0  # room for each panel's title
    panel_w = (map_w - gap * (panels - 1)) / panels
    for k in range(panels):
        left = margin + k * (panel_w + gap)
        ax = fig.add_axes((left / w, (bottom + below) / h, panel_w / w, (map_h - below - top_room) / h))
        P.frame_axes(ax)
        maps.append(ax)
    col_left = (w - margin - column) / w
    legend = fig.add_axes((col_left, (bottom + map_h * (1 - legend_share)) / h, column / w, map_h * legend_share / h))
    figures = fig.add_axes((col_left, bottom / h, column / w, map_h * (0.98 - legend_share) / h))
    figures.set_axis_off()
    return _Layout(fig, tuple(maps), legend, figures)


def _furniture(layout: _Layout, project: Project, sheet: MapSheet, title: str, *, default_subtitle: str = "") -> None:
    """Title, subtitle, source note, and on the first map the scale bar and north arrow."""
    fig = layout.figure
    lang = sheet.words
    w, h = sheet.size_mm
    s = sheet.scale
    margin = 10.0 * s
    date = sheet.date.isoformat()
    subtitle = sheet.subtitle or " · ".join(p for p in (default_subtitle, date) if p)
    fig.text(margin / w, 1 - margin / h, title, ha="left", va="top", fontsize=17 * s, parse_math=False)
    fig.text(
        margin / w,
        1 - (margin + 9.5 * s) / h,
        subtitle,
        ha="left",
        va="top",
        fontsize=10 * s,
        color="#444444",
        parse_math=False,
    )
    county = project.settings.get("county") or project.name
    source = sheet.source or lang["map.source_default"].format(county=county)
    note = f"{lang['map.source']}: {source}    {lang['map.date']}: {date}    {lang['map.crs']}: {project.crs}"
    fig.text(margin / w, 3.5 * s / h, note, ha="left", va="bottom", fontsize=6 * s, color="#555555", parse_math=False)
    fig._schoolplan_title = title  # type: ignore[attr-defined]
    ax = layout.maps[0]
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    P.scale_bar(ax, (x0, y0, x1, y1), project.crs, lang, fontsize=6.5 * s)
    for other in layout.maps:
        P.north_arrow(other, lang, fontsize=8 * s)


def _default_title(project: Project, sheet: MapSheet, what: str) -> str:
    if sheet.title:
        return sheet.title
    county = project.settings.get("county") or project.name
    if sheet.language == "zh":
        return f"{county}{what}"
    return f"{county}: {what[:1].upper()}{what[1:]}"


def _figures_box(ax: Axes, figures: list[tuple[str, str]], lang: dict[str, str], sheet: MapSheet) -> None:
    ax.set_axis_off()
    fs = 6.5 * sheet.scale
    ax.text(0.0, 1.0, lang["map.key_figures"], transform=ax.transAxes, ha="left", va="top", fontsize=fs * 1.25)
    step = fs * 1.9 / 72.0 / (ax.get_position().height * P.figure_size(ax)[1])
    P.draw_table(
        ax,
        (),
        [list(row) for row in figures],
        columns=(0.0, 0.62),
        fontsize=fs,
        top=1.0 - step * 1.3,
        align=("left", "right"),
    )


# --------------------------------------------------------------------------- panels


def _check_level(analysis: Analysis, level: str) -> None:
    if level not in analysis.levels:
        raise KeyError(f"the analysis has no level {level!r} (it has {', '.join(analysis.levels) or 'none'})")


def _level_frame(frame: gpd.GeoDataFrame, level: str) -> gpd.GeoDataFrame:
    return frame[frame["level"] == level].reset_index(drop=True)


def _mark_schools(ax: Axes, schools: gpd.GeoDataFrame, ids: list[str], kind: str, sheet: MapSheet) -> None:
    if not ids:
        return
    sel = schools["school_id"].astype(str).isin(ids).to_numpy()
    points = [(float(g.x), float(g.y), "") for g in schools.geometry[sel]]
    P.draw_marks(ax, points, kind, scale=sheet.scale)
