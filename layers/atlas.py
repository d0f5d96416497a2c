"""The township atlas: one multi-page PDF with a cover, a county overview and a page per township.

Each township page shows the township's map (catchments of the level, cells beyond the
rule, schools with their names, roads, rivers; the rest of the county greyed) beside its key
figures (children, share within the rule, mean trip, children beyond the rule, schools,
seats; from :func:`gis.indicators.coverage_indicators` for the scope ``township:<code>``)
and a table of its schools (from :func:`gis.indicators.school_table`). With suggestions,
their marks are drawn on the maps and those of the township listed. With an enrolment forecast,
a page after the overview maps the seats to spare and short at every school in one forecast year
(:func:`layers.printmap.forecast_map`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from layers import _print as P
from layers.printmap import MapSheet, catchment_map, forecast_map

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from gis.analysis import Analysis
    from gis.forecast import Forecast
    from gis.progress import CancelFn, ProgressFn
    from gis.suggest import Suggestions

# Most schools listed on a township page; the rest are counted.
MAX_SCHOOL_ROWS = 22
# Longest school name shown in the table, in characters.
MAX_NAME_CHARS = 14


def write_atlas(
    analysis: Analysis,
    path: str | os.PathLike[str],
    *,
    language: Literal["zh", "en"] = "zh",
    level: str = "primary",
    suggestions: Suggestions | None = None,
    date: dt.date | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    page_images: str | os.PathLike[str] | None = None,
    image_pages: int = 3,
    image_dpi: int = 100,
    forecast: Forecast | None = None,
    forecast_year: int | None = None,
) -> Path:
    """Write the township atlas of an analysis as one PDF (A4 landscape pages).

    Pages: a cover (county, title, date, contents), the county overview (the level's
    catchment map with the county's key figures), the forecast's map when a forecast is given,
    then one page per township of the project's townships layer, in its order. The file is
    written atomically.

    Parameters
    ----------
    analysis
        The analysis (baseline or scenario) the atlas shows.
    path
        The PDF to write.
    language
        ``zh`` or ``en``: the fixed words.
    level
        ``primary`` or ``junior``: whose catchments and figures are shown.
    suggestions
        Suggestions to mark on the maps and list on the township pages, if any.
    date
        The date printed; default today.
    progress
        Called with the fraction done and a message.
    cancel
        Returns True once the user asked to stop.
    page_images
        A folder for pictures of the first pages (``atlas-page-1.png`` …), for people to
        look at without a PDF reader.
    image_pages, image_dpi
        How many pages to picture, and at what resolution.
    forecast
        An enrolment forecast of the analysed project's schools (:func:`gis.forecast.forecast`):
        a page of the seats to spare and short at every school in ``forecast_year``.
    forecast_year
        The year of the forecast's page; default the forecast's last.

    Returns
    -------
    The path written.

    Raises
    ------
    KeyError
        If the analysis has no such level.
    InputError
        If the forecast has no such year.
    Cancelled
        If ``cancel`` returned True (no file is left behind).
    """
    from matplotlib.backends.backend_pdf import PdfPages

    from gis.fileio import write_atomic
    from gis.frames import catchments_frame
    from gis.indicators import coverage_indicators, school_table
    from gis.progress import Progress

    if level not in analysis.levels:
        raise KeyError(f"the analysis has no level {level!r} (it has {', '.join(analysis.levels) or 'none'})")
    report = Progress(progress, cancel)
    day = date or dt.date.today()
    sheet = MapSheet(language=language, date=day, dpi=150)
    lang = sheet.words
    project = analysis.project
    county = project.settings.get("county") or project.name
    towns = project.townships.reset_index(drop=True)
    report(0.0, "atlas: figures")
    indicators: dict[str, dict[tuple[str, str], float]] = {}
    for ind in coverage_indicators(analysis):
        indicators.setdefault(ind.scope, {})[(ind.level, ind.metric)] = ind.value
    table = school_table(analysis)
    catchments = catchments_frame(analysis)
    frame = catchments[catchments["level"] == level].reset_index(drop=True)
    colors = P.catchment_colors(frame)
    marks, arrows = P.suggestion_marks(analysis, suggestions) if suggestions is not None else ({}, [])
    first_town = 4 if forecast is not None else 3  # the page of the first township
    n_pages = first_town - 1 + len(towns)
    if forecast is not None:
        forecast.year_index(forecast.years[-1] if forecast_year is None else forecast_year)
    title = f"{county}{lang['atlas.title']}" if language == "zh" else f"{county}: {lang['atlas.title']}"

    pictured: list[Path] = []

    def _picture(fig: object) -> None:
        if page_images is None or len(pictured) >= image_pages:
            return
        target = Path(page_images) / f"atlas-page-{len(pictured) + 1}.png"
        pictured.append(write_atomic(target, lambda tmp: fig.savefig(tmp, dpi=image_dpi)))  # type: ignore[attr-defined]

    def _write(tmp: Path) -> None:
        metadata = {"Title": title, "Creator": "SchoolPlan", "Subject": lang[f"level.{level}"]}
        with P.print_context(), PdfPages(tmp, metadata=metadata) as pdf:
            report(0.05, "atlas: cover")
            cover = _cover(analysis, sheet, title, level, towns, forecast_page=forecast is not None)
            pdf.savefig(cover)
            _picture(cover)
            report(1 / n_pages, "atlas: county overview")
            overview = MapSheet(
                language=language,
                date=day,
                dpi=150,
                title=f"{county}{lang['atlas.overview']}"
                if language == "zh"
                else f"{county}: {lang['atlas.overview']}",
                subtitle=f"{lang[f'level.{level}']}{'' if language == 'zh' else ' '}{lang['map.catchments']} · {day}",
            )
            county_page = catchment_map(analysis, level, overview, catchments=catchments)
            pdf.savefig(county_page)
            _picture(county_page)
            if forecast is not None:
                report(2 / n_pages, "atlas: forecast")
                page = forecast_map(
                    project, forecast, year=forecast_year, sheet=MapSheet(language=language, date=day, dpi=150)
                )
                pdf.savefig(page)
                _picture(page)
            for k in range(len(towns)):
                code = str(towns["code"].iloc[k])
                name = str(towns["name"].iloc[k])
                report((first_town - 1 + k) / n_pages, f"atlas: {name}")
                fig = _township_page(
                    analysis,
                    sheet,
                    level,
                    k,
                    frame,
                    colors,
                    indicators.get(f"township:{code}", {}),
                    table,
                    marks,
                    arrows,
                    suggestions,
                    page=first_town + k,
                )
                pdf.savefig(fig)
                _picture(fig)
            report(1.0, "atlas written")

    return write_atomic(path, _write)


def _new_page(sheet: MapSheet) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=sheet.size_inches, dpi=sheet.dpi)
    FigureCanvasAgg(fig)
    return fig


def _cover(
    analysis: Analysis, sheet: MapSheet, title: str, level: str, towns: pd.DataFrame, *, forecast_page: bool = False
) -> Figure:
    """The cover: title, county, level, date, and the contents (with the forecast's page, when there is one)."""
    lang = sheet.words
    fig = _new_page(sheet)
    county = analysis.project.settings.get("county") or analysis.project.name
    band = fig.add_axes((0.0, 0.62, 1.0, 0.38))
    band.set_axis_off()
    band.add_patch(_rect("#1f4e79"))
    band.text(
        0.06,
        0.62,
        title,
        transform=band.transAxes,
        ha="left",
        va="center",
        fontsize=30,
        color="white",
        parse_math=False,
    )
    band.text(
        0.06,
        0.30,
        f"{county} · {lang[f'level.{level}']} · {sheet.date.isoformat()}",
        transform=band.transAxes,
        ha="left",
        va="center",
        fontsize=14,
        color="#dde6f0",
        parse_math=False,
    )
    body = fig.add_axes((0.06, 0.08, 0.88, 0.50))
    body.set_axis_off()
    body.text(0.0, 1.0, lang["atlas.contents"], transform=body.transAxes, ha="left", va="top", fontsize=13)
    entries = [(lang["atlas.overview"], lang["atlas.page"].format(n=2))]
    if forecast_page:
        entries.append((lang["atlas.forecast"], lang["atlas.page"].format(n=3)))
    first = 4 if forecast_page else 3
    entries += [(str(name), lang["atlas.page"].format(n=first + k)) for k, name in enumerate(towns["name"].astype(str))]
    half = math.ceil(len(entries) / 2)
    for column, chunk in enumerate((entries[:half], entries[half:])):
        if not chunk:
            continue
        sub = body.inset_axes((0.5 * column, 0.0, 0.42, 0.88))
        sub.set_axis_off()
        P.draw_table(sub, (), [list(e) for e in chunk], columns=(0.0, 0.7), fontsize=10, align=("left", "right"))
    fig.text(0.06, 0.03, "SchoolPlan", fontsize=8, color="#777777")
    return fig


def _rect(color: str) -> Rectangle:
    from matplotlib.patches import Rectangle

    return Rectangle((0.0, 0.0), 1.0, 1.0, facecolor=color, edgecolor="none")


def _township_page(
    analysis: Analysis,
    sheet: MapSheet,
    level: str,
    k: int,
    frame: object,
    colors: Mapping[str, int],
    figures: Mapping[tuple[str, str], float],
    table: pd.DataFrame,
    marks: Mapping[str, list[tuple[float, float, str]]],
    arrows: list[tuple[P.Point, P.Point, bool, str]],
    suggestions: Suggestions | None,
    *,
    page: int,
) -> Figure:
    """One township: its map on the left; key figures, schools and suggestions on the right."""
    project = analysis.project
    towns = project.townships.reset_index(drop=True)
    code = str(towns["code"].iloc[k])
    name = str(towns["name"].iloc[k])
    geom = towns.geometry.iloc[k]
    lang = sheet.words
    fig = _new_page(sheet)
    w, h = sheet.size_mm
    county = project.settings.get("county") or project.name
    fig.text(10 / w, 1 - 10 / h, name, ha="left", va="top", fontsize=17, parse_math=False)
    fig.text(
        10 / w,
        1 - 19.5 / h,
        f"{county} · {lang[f'level.{level}']} · {code} · {sheet.date.isoformat()}",
        ha="left",
        va="top",
        fontsize=9,
        color="#444444",
        parse_math=False,
    )
    fig.text(1 - 10 / w, 5 / h, lang["atlas.page"].format(n=page), ha="right", va="bottom", fontsize=7, color="#555555")
    source = lang["map.source_default"].format(county=county)
    fig.text(
        10 / w,
        5 / h,
        f"{lang['map.source']}: {source}",
        ha="left",
        va="bottom",
        fontsize=5.5,
        color="#555555",
        parse_math=False,
    )

    ax = fig.add_axes((10 / w, 14 / h, 178 / w, (h - 14 - 28) / h))
    P.frame_axes(ax)
    bounds = tuple(geom.bounds) if geom is not None and not geom.is_empty else P.project_bounds(project)
    extent = P.fit_extent(ax, bounds, pad=0.06)  # type: ignore[arg-type]
    P.catchment_panel(ax, analysis, level, frame, colors, extent, labels=True, township_labels=True)  # type: ignore[arg-type]
    _mask_outside(ax, geom, extent)
    for start, end, dashed, _ in arrows:
        P.draw_arrow(ax, start, end, dashed=dashed)
    for kind, points in marks.items():
        P.draw_marks(ax, points, kind)
    P.scale_bar(ax, extent, project.crs, lang, fontsize=6.5)
    P.north_arrow(ax, lang, fontsize=8)
    legend_ax = ax.inset_axes((0.70, 0.0, 0.30, 0.30))
    legend_ax.set_axis_off()
    legend_ax.set_zorder(20)  # over the grey mask outside the township
    handles = P.catchment_handles(analysis, level, lang)[:3]
    schools = project.schools
    handles += P.school_legend_handles(schools, P.level_schools(schools, level), lang, overcrowded=True)
    shown = tuple(kind for kind, points in marks.items() if points)
    handles += P.suggestion_handles(lang, shown, arrows=bool(arrows))
    legend = legend_ax.legend(handles=handles, loc="lower right", fontsize=5, frameon=True, framealpha=0.9)
    legend.get_frame().set_linewidth(0.3)

    side = fig.add_axes((196 / w, 14 / h, (w - 196 - 10) / w, (h - 14 - 28) / h))
    side.set_axis_off()
    y = _heading(side, lang["map.key_figures"], 1.0)
    rows = P.key_figures(analysis, level, lang, township=code, indicators=figures)
    y = P.draw_table(side, (), [list(r) for r in rows], columns=(0.0, 0.7), fontsize=7, top=y, align=("left", "right"))
    y = _heading(side, lang["atlas.schools"], y - 0.02)
    y = _school_rows(side, analysis, table, level, code, lang, y)
    if suggestions is not None:
        _suggestion_rows(side, analysis, suggestions, code, geom, sheet, y - 0.02)
    return fig


def _heading(ax: Axes, text: str, top: float) -> float:
    ax.text(0.0, top, text, transform=ax.transAxes, ha="left", va="top", fontsize=9, color="#1f4e79")
    return top - 0.045


def _school_rows(
    ax: Axes, analysis: Analysis, table: pd.DataFrame, level: str, code: str, lang: Mapping[str, str], top: float
) -> float:
    """The township's schools teaching the level, largest first."""
    mask = P.level_schools(analysis.project.schools, level) & (table["township"].astype(str).to_numpy() == code)
    part = table[mask].sort_values(f"enrol_{level}", ascending=False)
    rows = []
    for rec in part.head(MAX_SCHOOL_ROWS).itertuples(index=False):
        values = rec._asdict()
        name = str(values["name"])
        if len(name) > MAX_NAME_CHARS:
            name = name[: MAX_NAME_CHARS - 1] + "…"
        rows.append(
            [
                name,
                lang.get(f"school.{values['type']}", str(values["type"])),
                P.fmt_number(float(values[f"enrol_{level}"])),
                P.fmt_number(float(values[f"capacity_{level}"])),
                P.fmt_share(float(values[f"utilisation_{level}"])),
                P.fmt_number(float(values[f"catchment_mean_travel_min_{level}"]), 1),
            ]
        )
    keys = ("field.name", "field.type", "field.pupils", "field.seats", "atlas.utilisation", "atlas.trip")
    header = [lang[key] for key in keys]
    columns = (0.0, 0.33, 0.52, 0.64, 0.76, 0.87)
    align = ("left", "left", "right", "right", "right", "right")
    y = P.draw_table(ax, header, rows, columns=columns, fontsize=5.8, top=top, align=align)
    if len(part) > MAX_SCHOOL_ROWS:
        ax.text(
            0.0,
            y,
            lang["atlas.more"].format(n=len(part) - MAX_SCHOOL_ROWS),
            transform=ax.transAxes,
            fontsize=5.8,
            va="top",
            color="#555555",
        )
        y -= 0.03
    if not len(part):
        ax.text(0.0, y, lang["atlas.no_data"], transform=ax.transAxes, fontsize=6, va="top", color="#555555")
        y -= 0.03
    return y


def _suggestion_rows(
    ax: Axes, analysis: Analysis, suggestions: Suggestions, code: str, geom: object, sheet: MapSheet, top: float
) -> None:
    """The suggestions concerning the township: its schools' or sites inside it, with their rationale."""
    import textwrap

    from shapely.geometry import Point

    lang = sheet.words
    schools = analysis.project.schools
    township_of = dict(zip(schools["school_id"].astype(str), schools["township"].astype(str), strict=True))
    mine = []
    for s in suggestions.items:
        here = any(township_of.get(sid) == code for sid in s.school_ids)
        here = here or any(geom is not None and geom.contains(Point(site.x, site.y)) for site in s.sites)  # type: ignore[attr-defined]
        if here:
            mine.append(s)
    if not mine or top < 0.08:
        return
    y = _heading(ax, lang["map.suggestion_count"], top)
    width = 46 if sheet.language == "zh" else 80
    for s in mine:
        lines = textwrap.wrap(f"{s.id} {s.rationale(sheet.language)}", width=width)[:3]
        for line in lines:
            if y < 0.02:
                return
            ax.text(0.0, y, line, transform=ax.transAxes, fontsize=5.5, va="top", parse_math=False)
            y -= 0.022
        y -= 0.008


def _mask_outside(ax: Axes, geom: object, extent: P.Bounds) -> None:
    """Grey out the map outside the township and draw its boundary boldly."""
    from shapely.geometry import box

    if geom is None or geom.is_empty:  # type: ignore[attr-defined]
        return
    frame = box(*extent).buffer(max(extent[2] - extent[0], extent[3] - extent[1]) * 0.05)
    outside = frame.difference(geom)  # type: ignore[arg-type]
    P.fill_polygons(ax, [outside], "white", alpha=0.6, zorder=5.5)
    P.draw_lines(ax, [geom], color="#222222", width=1.6, zorder=5.6)
