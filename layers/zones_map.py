"""The printed map of a level's enrolment zones (划片), in the style of the other printed maps.

:func:`zones_map` draws each school's zone in a fill colour (neighbouring zones in different
colours: :func:`layers.zones_layer.zone_colours`, the window's and the QGIS style's colours), the
zones' outlines, the villages' boundaries thin, the roads faint, the schools with zones as symbols
of their type labelled with their names (where a name would cover another, its number in the side
column instead), the villages changed from last year's zones outlined in red, and the township
names. The side column lists the zones (school, villages, children and seats; the rest as "and N
more") and the solve's figures (:func:`zones_figures`). Title, legend, scale bar, north arrow and
source note as the other printed maps have, every word in the sheet's language
(:mod:`layers.glossary`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from layers import _print as P
from layers.glossary import term
from layers.printmap import MapSheet, _default_title, _furniture, _halo, _layout
from layers.style import SCHOOL_COLORS

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from gis.project import Project
    from gis.zones import Zones

#: Zones are filled this opaque.
ZONE_ALPHA = 0.55
ZONE_OUTLINE = "#333333"
VILLAGE_OUTLINE = "#8c8c8c"
CHANGED_COLOR = "#d7191c"
#: Roads are drawn this opaque under the zones.
ROAD_ALPHA = 0.3
#: Longest school name in the side column, in characters.
NAME_CHARS = 11


def zones_map(project: Project, zones: Zones, sheet: MapSheet | None = None) -> Figure:
    """A level's zones on the county's map, with the zones listed and the solve's figures beside it.

    Parameters
    ----------
    project
        The county project (its base map and schools).
    zones
        The zones (:func:`gis.zones.draw_zones`).
    sheet
        Paper, titles and language.

    Returns
    -------
    The figure.
    """
    from layers.zones_layer import zone_colours

    sheet = sheet or MapSheet()
    s = sheet.scale
    language = sheet.language
    frame = zones.zones.reset_index(drop=True)
    colours = zone_colours(frame)
    order = _list_order(frame)
    with P.print_context():
        lang = sheet.words
        layout = _layout(sheet, panels=1, column_mm=80.0, legend_share=0.22)
        ax = layout.maps[0]
        extent = P.fit_extent(ax, P.project_bounds(project))
        P.draw_base(ax, project, extent=extent, scale=s)
        _fade_roads(ax)
        ids = frame["school_id"].astype(str).tolist()
        P.fill_polygons(
            ax, _clip(frame.geometry, extent), [colours[i] for i in ids], alpha=ZONE_ALPHA, zorder=1.0
        )  # fmt: skip
        villages = zones.villages
        P.draw_lines(
            ax, _clip(villages.geometry.boundary, extent), color=VILLAGE_OUTLINE, width=0.25 * s, zorder=1.6
        )  # fmt: skip
        P.draw_lines(ax, _clip(frame.geometry.boundary, extent), color=ZONE_OUTLINE, width=0.9 * s, zorder=4.5)
        changed = zones.changes is not None and bool(villages["changed"].fillna(False).astype(bool).any())
        if changed:
            mask = villages["changed"].fillna(False).astype(bool).to_numpy()
            P.draw_lines(
                ax, _clip(villages.geometry[mask].boundary, extent), color=CHANGED_COLOR, width=1.2 * s, zorder=4.6
            )  # fmt: skip
        P.draw_township_labels(ax, project, extent=extent, fontsize=6.5 * s)
        shown = _schools(ax, project, ids, order, extent, s)
        level = term(f"level.{zones.level}", language)
        title = _default_title(project, sheet, term("zones.map_title", language).format(level=level))
        subtitle = term("zones.subtitle", language).format(
            zones=len(frame), villages=len(villages), year=zones.years[0]
        )
        _furniture(layout, project, sheet, title, default_subtitle=subtitle)
        handles = _handles(project, shown, colours, changed, lang, sheet)
        handles += P.base_legend_handles(project, lang, scale=s)
        P.two_column_legend(layout.legend, handles, lang, fontsize=6.0 * s, handlelength=2.2, labelspacing=0.9)
        _side_column(layout.figures, frame, order, zones, sheet)
    return layout.figure


def zones_figures(zones: Zones, language: str) -> list[tuple[str, str]]:
    """The solve's figures as (words, value) rows: level, years, village areas, zones, villages, total
    travel (and the objective, where grade 1–3 children left beyond their walk add to it) with the
    objective's proven bound and gap, the mean trip, the grade 1–3 children beyond 30 minutes
    (primary: with those beyond every school and the proven least of the others), the villages
    changed from last year (with its proven least), the solver's status and time."""
    from layers.plan_charts import status_word

    villages = zones.villages
    children = villages["children"].to_numpy(dtype=float)
    minutes = villages["travel_min"].to_numpy(dtype=float)
    mean = float(np.average(minutes, weights=children)) if children.sum() > 0 else math.nan
    gap = f"{100 * zones.gap:.2f}%" if math.isfinite(zones.gap) else "–"
    years = f"{zones.years[0]}" if len(zones.years) == 1 else f"{zones.years[0]}–{zones.years[-1]}"
    rows = [
        (term("zones.level", language), term(f"level.{zones.level}", language)),
        (term("zones.years", language), years),
        (term("zones.source", language), term(f"zones.source_{zones.source}", language)),
        (term("zones.n_zones", language), f"{len(zones.zones):,}"),
        (term("zones.n_villages", language), f"{len(villages):,}"),
        (term("zones.total_travel", language), P.fmt_number(zones.travel)),
        *(
            [(term("zones.objective", language), P.fmt_number(zones.objective))]
            if abs(zones.objective - zones.travel) > 1e-6 * max(1.0, zones.travel)
            else []
        ),
        (term("zones.bound", language), P.fmt_number(zones.bound)),
        (term("zones.gap", language), gap),
        (term("zones.mean_travel", language), P.fmt_number(mean, 1)),
    ]
    if zones.level == "primary":
        rows += [
            (term("zones.beyond_30", language), P.fmt_number(zones.beyond_30)),
            (term("zones.beyond_unavoidable", language), P.fmt_number(zones.beyond_30_unavoidable)),
            (term("zones.beyond_least", language), P.fmt_number(zones.beyond_30_least)),
        ]
    if zones.changes is not None:
        rows.append((term("zones.changed", language), f"{zones.changes:,}"))
        if zones.changes_bound is not None:
            rows.append((term("zones.changed_least", language), f"{zones.changes_bound:,}"))
    rows += [
        (
            term("zones.status", language),
            # HiGHS says "Optimal" once within the gap asked; proven optimal only at no gap.
            status_word("within gap" if zones.status == "Optimal" and zones.gap > 1e-6 else zones.status, language),
        ),
        (term("zones.seconds", language), P.fmt_number(zones.seconds, 1)),
    ]
    return rows


def _list_order(frame) -> list[int]:  # type: ignore[no-untyped-def]
    """Rows of the zones in the side column's order: the most children first."""
    children = frame["children"].to_numpy(dtype=float)
    ids = frame["school_id"].astype(str).to_numpy()
    return sorted(range(len(frame)), key=lambda k: (-children[k], ids[k]))


def _clip(geoms, extent: P.Bounds) -> list[object]:  # type: ignore[no-untyped-def]
    return P._clip(list(geoms), extent)


def _fade_roads(ax: Axes) -> None:
    """Roads (drawn by :func:`layers._print.draw_base` at zorder 3 to 4) made faint under the zones."""
    for collection in ax.collections:
        if 3.0 <= collection.get_zorder() < 4.0:
            collection.set_alpha(ROAD_ALPHA)


def _schools(ax: Axes, project: Project, ids: list[str], order: list[int], extent: P.Bounds, s: float) -> np.ndarray:
    """The schools with zones, by type, each labelled with its name where the name covers no other
    label (else with its number in the side column); the mask of the project's schools drawn."""
    schools = project.schools
    sid = schools["school_id"].astype(str).to_numpy()
    mask = np.isin(sid, ids)
    x = schools.geometry.x.to_numpy()
    y = schools.geometry.y.to_numpy()
    kinds = schools["type"].astype(str).to_numpy()
    for kind, color in SCHOOL_COLORS.items():
        sel = mask & (kinds == kind)
        if sel.any():
            ax.scatter(x[sel], y[sel], s=18 * s**2, c=color, edgecolors="white", linewidths=0.5 * s, zorder=6.0)
    number = {ids[k]: n for n, k in enumerate(order, start=1)}
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    taken = [t.get_window_extent(renderer).expanded(1.02, 1.05) for t in ax.texts]
    points = ax.transData.transform(np.column_stack([x, y]))
    for k in sorted(np.flatnonzero(mask).tolist(), key=lambda k: number.get(sid[k], 0)):
        if not (extent[0] <= x[k] <= extent[2] and extent[1] <= y[k] <= extent[3]):
            continue
        for label in (str(schools["name"].iloc[k]), str(number.get(sid[k], ""))):
            placed = _place_label(ax, renderer, (x[k], y[k]), label, taken, s)
            if placed:
                break
        taken.append(_point_box(points[k], 3.0 * s))
    return mask


def _place_label(ax: Axes, renderer, xy: tuple[float, float], label: str, taken: list, s: float) -> bool:  # type: ignore[no-untyped-def,type-arg]
    """Put a label beside a point where it covers no other label; whether it was placed."""
    for dx, dy, ha, va in ((4, 2, "left", "bottom"), (-4, 2, "right", "bottom"), (4, -2, "left", "top"),
                           (-4, -2, "right", "top")):  # fmt: skip
        text = ax.annotate(
            label,
            xy,
            xytext=(dx * s, dy * s),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=5.2 * s,
            color="#111111",
            zorder=9.5,
            annotation_clip=True,
            parse_math=False,
            path_effects=[_halo()],
        )
        box = text.get_window_extent(renderer)
        if not any(box.overlaps(other) for other in taken):
            taken.append(box)
            return True
        text.remove()
    return False


def _point_box(point: np.ndarray, radius: float):  # type: ignore[no-untyped-def]
    from matplotlib.transforms import Bbox

    return Bbox.from_bounds(point[0] - radius, point[1] - radius, 2 * radius, 2 * radius)


def _handles(
    project: Project, shown: np.ndarray, colours: dict[str, str], changed: bool, lang: dict[str, str], sheet: MapSheet
) -> list[Artist]:
    """Legend: a zone's fill, the zone and village boundaries, the changed villages, the school types."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    language = sheet.language
    s = sheet.scale
    first = next(iter(colours.values()), "#cccccc")
    handles: list[Artist] = [
        Patch(facecolor=first, edgecolor=ZONE_OUTLINE, alpha=ZONE_ALPHA, label=term("zones.zone", language)),
        Line2D([], [], color=ZONE_OUTLINE, linewidth=0.9 * s, label=term("zones.zone_outline", language)),
        Line2D([], [], color=VILLAGE_OUTLINE, linewidth=0.5 * s, label=term("zones.village_outline", language)),
    ]
    if changed:
        handles.append(Line2D([], [], color=CHANGED_COLOR, linewidth=1.2 * s, label=term("zones.changed", language)))
    handles += P.school_legend_handles(project.schools, shown, lang, overcrowded=False)
    return handles


def _side_column(ax: Axes, frame, order: list[int], zones: Zones, sheet: MapSheet) -> None:  # type: ignore[no-untyped-def]
    """The list of the zones (number, school, villages, children/seats), then the solve's figures."""
    language = sheet.language
    ax.set_axis_off()
    fs = 6.0 * sheet.scale
    height_in = ax.get_position().height * P.figure_size(ax)[1]
    step = fs * 1.55 / 72.0 / max(height_in, 1e-6)
    ax.text(0.0, 1.0, term("zones.list", language), transform=ax.transAxes, ha="left", va="top", fontsize=fs * 1.25)
    figures = zones_figures(zones, language)
    room = int((1.0 - 2.4 * step) / step) - len(figures) - 3
    rows = []
    for n, k in enumerate(order, start=1):
        name = str(frame["school_name"].iloc[k])
        if len(name) > NAME_CHARS:
            name = name[: NAME_CHARS - 1] + "…"
        children = float(frame["children"].iloc[k])
        seats = float(frame["seats"].iloc[k])
        rows.append([str(n), name, f"{int(frame['villages'].iloc[k]):,}", f"{children:,.0f}/{seats:,.0f}"])
    keys = ("zones.no", "zones.school", "zones.villages", "zones.children_seats")
    y = P.draw_list(
        ax, [term(k, language) for k in keys], rows, room=room, columns=(0.0, 0.08, 0.58, 0.72),
        align=("left", "left", "right", "right"), fontsize=fs, step=step,
        more=term("zones.more", language), none=term("zones.none", language),
    )  # fmt: skip
    y -= step * 0.6
    ax.text(0.0, y, term("zones.figures", language), transform=ax.transAxes, ha="left", va="top", fontsize=fs * 1.25)
    table = [list(r) for r in figures]
    P.draw_table(ax, (), table, columns=(0.0, 0.66), fontsize=fs, top=y - step * 1.4, align=("left", "right"))
