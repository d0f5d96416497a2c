"""Drawing pieces shared by the printed maps and the atlas (matplotlib, headless, no pyplot).

Everything here draws onto a given :class:`matplotlib.axes.Axes` in the project's CRS:
the base map (townships, rivers, roads, township names), catchments, grid images, schools,
the scale bar, the north arrow, legends and small tables. Fixed words come in Chinese and
English from :mod:`layers.glossary` (``lang`` is :func:`layers.glossary.words` of the sheet's
language, by full key). Text taken from data (school and township names, scenario names) is
drawn with ``parse_math=False`` so that a ``$`` in a name never reaches mathtext.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from layers.style import (
    BEYOND_THRESHOLD_COLOR,
    BOUNDARY_STYLE,
    CATCHMENT_PALETTE,
    OVERCROWDED_COLOR,
    RIVER_STYLE,
    ROAD_STYLES,
    SCHOOL_COLORS,
    UNREACHABLE_COLOR,
)

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.path import Path as MplPath

    from gis.analysis import Analysis
    from gis.project import Project

Bounds = tuple[float, float, float, float]

# Symbols of the suggestion map.
CLOSED_COLOR = "#b2182b"
MERGED_COLOR = "#7b3294"
TEACHING_POINT_COLOR = "#e08214"
NEW_DAY_COLOR = "#1b7837"
NEW_BOARDING_COLOR = "#2166ac"
ARROW_COLOR = "#444444"
LAND_COLOR = "#f7f5ef"
HALO = "white"

_RC_LOCK = threading.RLock()
# Lines of a table: matplotlib spaces lines by ``linespacing`` times about 1.17 font sizes.
_LINESPACING = 1.3
_LINE_PT = 1.17 * _LINESPACING


@contextmanager
def print_context() -> Iterator[None]:
    """Matplotlib settings of printed maps, held while a map is built or saved.

    The bundled Chinese font, with its outlines converted to TrueType
    (:func:`layers.fonts.use_cjk_print_font_in_matplotlib`), is a fallback after the default
    font; PDF and PostScript embed it as a CID TrueType font, declared as what it is
    (``fonttype`` 42, so Chinese text stays searchable text); SVG text is drawn as paths so
    that it looks the same on a machine without the font. The settings are restored on
    exit; a lock serialises printing threads, because matplotlib's settings are process-wide.
    """
    import matplotlib

    from layers.fonts import use_cjk_print_font_in_matplotlib

    with (
        _RC_LOCK,
        matplotlib.rc_context(
            {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "path", "axes.unicode_minus": False}
        ),
    ):
        use_cjk_print_font_in_matplotlib()
        yield


# --------------------------------------------------------------------------- geometry


def _polygon_path(geom: object) -> MplPath | None:
    """The matplotlib path of a (multi)polygon (exteriors anticlockwise, holes clockwise), or None."""
    import shapely
    from matplotlib.path import Path
    from shapely.geometry.polygon import orient

    if geom is None or geom.is_empty:  # type: ignore[attr-defined]
        return None
    rings: list[Path] = []
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        part = orient(part, 1.0)
        for ring in (part.exterior, *part.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) >= 3:
                rings.append(Path(xy, closed=True))
    return Path.make_compound_path(*rings) if rings else None


def _line_segments(geoms: Sequence[Any]) -> list[np.ndarray]:
    import shapely

    out: list[np.ndarray] = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        for part in shapely.get_parts(geom):
            if part.geom_type == "LineString" and not part.is_empty:
                out.append(np.asarray(part.coords)[:, :2])
            elif part.geom_type == "Polygon":
                out.append(np.asarray(part.exterior.coords)[:, :2])
    return out


def _clip(geoms: Sequence[object], bounds: Bounds | None) -> list[object]:
    if bounds is None:
        return list(geoms)
    import shapely

    array = np.asarray(list(geoms), dtype=object)
    if not array.size:
        return []
    b = shapely.bounds(array)
    near = (b[:, 0] <= bounds[2]) & (b[:, 2] >= bounds[0]) & (b[:, 1] <= bounds[3]) & (b[:, 3] >= bounds[1])
    clipped = shapely.clip_by_rect(array[near], *bounds)
    return [g for g in clipped if g is not None and not g.is_empty]


def fill_polygons(
    ax: Axes,
    geoms: Sequence[object],
    colors: Sequence[str] | str,
    *,
    edgecolor: str = "none",
    linewidth: float = 0.0,
    alpha: float = 1.0,
    zorder: float = 1.0,
) -> None:
    """Fill polygons, one colour each (or one for all)."""
    from matplotlib.collections import PathCollection

    palette = [colors] * len(geoms) if isinstance(colors, str) else list(colors)
    paths = []
    facecolors = []
    for geom, color in zip(geoms, palette, strict=True):
        path = _polygon_path(geom)
        if path is not None:
            paths.append(path)
            facecolors.append(color)
    if not paths:
        return
    ax.add_collection(
        PathCollection(
            paths, facecolors=facecolors, edgecolors=edgecolor, linewidths=linewidth, alpha=alpha, zorder=zorder
        ),
        autolim=False,
    )


def draw_lines(ax: Axes, geoms: Sequence[object], *, color: str, width: float, zorder: float, **kw: object) -> None:
    """Draw lines (or polygon outlines) as one collection."""
    from matplotlib.collections import LineCollection

    segments = _line_segments(geoms)
    if segments:
        ax.add_collection(
            LineCollection(segments, colors=color, linewidths=width, zorder=zorder, capstyle="round", **kw),
            autolim=False,
        )


def project_bounds(project: Project) -> Bounds:
    """The extent of the county: townships, else the populated cells and schools."""
    frames = [f for f in (project.townships,) if len(f)] or [f for f in (project.population, project.schools) if len(f)]
    if not frames:
        raise ValueError("the project has no townships, population or schools to map")
    b = np.array([f.total_bounds for f in frames])
    return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())


def fit_extent(ax: Axes, bounds: Bounds, *, pad: float = 0.03) -> Bounds:
    """Show ``bounds`` (plus a margin) at equal scale, filling the axes box; the limits shown.

    The shorter side of the bounds is widened to the shape of the axes, so one map unit is
    as long across as up and down.
    """
    x0, y0, x1, y1 = bounds
    w = max(x1 - x0, 1.0) * (1 + 2 * pad)
    h = max(y1 - y0, 1.0) * (1 + 2 * pad)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    box = _axes_aspect(ax)
    if w / h < box:
        w = h * box
    else:
        h = w / box
    extent = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("auto")
    ax.set_autoscale_on(False)
    ax.set_xticks([])
    ax.set_yticks([])
    return extent


# --------------------------------------------------------------------------- layers


def draw_base(ax: Axes, project: Project, *, extent: Bounds, scale: float = 1.0, land: bool = True) -> None:
    """Townships (land and boundaries), rivers and roads by class, clipped to ``extent``.

    Township names are drawn by :func:`draw_township_labels` (on top of everything else).
    """
    towns = project.townships
    if len(towns) and land:
        fill_polygons(ax, _clip(list(towns.geometry), extent), LAND_COLOR, zorder=0.5)
    if len(project.rivers):
        draw_lines(
            ax,
            _clip(list(project.rivers.geometry), extent),
            color=RIVER_STYLE.color,
            width=RIVER_STYLE.width * 0.8 * scale,
            zorder=2.0,
        )
    roads = project.roads
    if len(roads):
        classes = roads["road_class"].astype(str).to_numpy()
        # Minor roads first, so that county roads are drawn over them.
        for z, (road_class, style) in enumerate(reversed(list(ROAD_STYLES.items()))):
            mask = classes == road_class
            if mask.any():
                draw_lines(
                    ax,
                    _clip(list(roads.geometry[mask]), extent),
                    color=style.color,
                    width=style.width * 0.55 * scale,
                    zorder=3.0 + 0.1 * z,
                )
    if len(towns):
        draw_lines(
            ax,
            _clip(list(towns.geometry.boundary), extent),
            color=BOUNDARY_STYLE.color,
            width=BOUNDARY_STYLE.width * scale,
            zorder=4.0,
            linestyles=(0, (4, 2)),
        )


def draw_township_labels(ax: Axes, project: Project, *, extent: Bounds, fontsize: float) -> None:
    """Township names at a point inside each township within ``extent``."""
    from matplotlib import patheffects

    towns = project.townships
    if not len(towns):
        return
    x0, y0, x1, y1 = extent
    for name, geom in zip(towns["name"].astype(str), towns.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        p = geom.representative_point()
        if not (x0 <= p.x <= x1 and y0 <= p.y <= y1):
            continue
        ax.text(
            p.x,
            p.y,
            name,
            fontsize=fontsize,
            ha="center",
            va="center",
            color="#333333",
            zorder=9,
            parse_math=False,
            clip_on=True,
            path_effects=[patheffects.withStroke(linewidth=2.2, foreground=HALO)],
        )


def catchment_colors(frame: gpd.GeoDataFrame, *, fixed: Mapping[str, int] | None = None) -> dict[str, int]:
    """A palette index per school id such that neighbouring catchments differ.

    Greedy colouring over the catchments that touch; ``fixed`` colours are kept (so that the
    same school has the same colour on two maps) and new ones avoid their neighbours'.
    """
    from shapely import STRtree

    ids = frame["school_id"].astype(str).to_numpy()
    geoms = np.asarray(frame.geometry, dtype=object)
    colors: dict[str, int] = dict(fixed or {})
    if not len(ids):
        return colors
    tree = STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    neighbours: dict[str, set[str]] = {}
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if ids[i] != ids[j]:
            neighbours.setdefault(ids[i], set()).add(ids[j])
    order = sorted(set(ids.tolist()), key=lambda s: (-len(neighbours.get(s, ())), s))
    for sid in order:
        if sid in colors:
            continue
        used = {colors[n] for n in neighbours.get(sid, ()) if n in colors}
        free = [k for k in range(len(CATCHMENT_PALETTE)) if k not in used]
        colors[sid] = free[0] if free else len(colors) % len(CATCHMENT_PALETTE)
    return colors


def draw_catchments(
    ax: Axes, frame: gpd.GeoDataFrame, colors: Mapping[str, int], *, extent: Bounds, scale: float = 1.0
) -> None:
    """Fill each catchment with its palette colour, thin grey outlines."""
    if not len(frame):
        return
    ids = frame["school_id"].astype(str).tolist()
    palette = [CATCHMENT_PALETTE[colors.get(s, 0) % len(CATCHMENT_PALETTE)] for s in ids]
    import shapely

    geoms = np.asarray(frame.geometry, dtype=object)
    b = shapely.bounds(geoms)
    near = (b[:, 0] <= extent[2]) & (b[:, 2] >= extent[0]) & (b[:, 1] <= extent[3]) & (b[:, 3] >= extent[1])
    clipped = shapely.clip_by_rect(geoms[near], *extent)
    palette = [c for c, keep in zip(palette, near.tolist(), strict=True) if keep]
    fill_polygons(ax, list(clipped), palette, edgecolor="#777777", linewidth=0.25 * scale, alpha=0.85, zorder=1.0)


def draw_image(ax: Axes, rgba: np.ndarray, transform: object, *, zorder: float = 1.5, alpha: float = 1.0) -> None:
    """An RGBA grid image (rows running south) placed by its affine transform."""
    h, w = rgba.shape[:2]
    a, c, e, f = transform.a, transform.c, transform.e, transform.f  # type: ignore[attr-defined]
    left, right = c, c + a * w
    top, bottom = f, f + e * h
    ax.imshow(
        rgba,
        extent=(left, right, min(top, bottom), max(top, bottom)),
        origin="upper" if e < 0 else "lower",
        interpolation="nearest",
        zorder=zorder,
        alpha=alpha,
        aspect="auto",
    )


def beyond_rule_image(analysis: Analysis, level: str) -> tuple[np.ndarray, object] | None:
    """Cells whose nearest-school trip (first group) is beyond the rule (red) or impossible (black)."""
    import matplotlib.colors

    from gis.catchments import grid_transform

    result = analysis.levels.get(level)
    if result is None or not len(result.cells):
        return None
    pop = analysis.project.population.iloc[result.cells]
    rows = pop["row"].to_numpy(dtype=int)
    cols = pop["col"].to_numpy(dtype=int)
    transform = grid_transform(
        pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy(), rows, cols, analysis.project.cell_size
    )
    group = result.groups[0]
    r0, c0 = rows.min(), cols.min()
    rgba = np.zeros((rows.max() - r0 + 1, cols.max() - c0 + 1, 4), dtype=np.uint8)
    far = ~group.within & (group.children > 0)
    unreachable = ~np.isfinite(group.minutes) & (group.children > 0)
    for mask, color in ((far, BEYOND_THRESHOLD_COLOR), (unreachable, UNREACHABLE_COLOR)):
        rgb = [round(255 * v) for v in matplotlib.colors.to_rgb(color)]
        rgba[rows[mask] - r0, cols[mask] - c0, :3] = rgb
        rgba[rows[mask] - r0, cols[mask] - c0, 3] = 255
    from affine import Affine

    return rgba, transform @ Affine.translation(c0, r0)  # type: ignore[operator]


def level_schools(schools: gpd.GeoDataFrame, level: str) -> np.ndarray:
    """Which schools teach a level."""
    from gis.analysis import serves

    return serves(schools, 7 if level == "junior" else 1)


def draw_schools(
    ax: Axes,
    analysis: Analysis,
    mask: np.ndarray,
    *,
    scale: float = 1.0,
    size: float = 16.0,
    flags: bool = True,
    labels: bool = False,
    extent: Bounds | None = None,
    fontsize: float = 5.0,
    zorder: float = 6.0,
) -> None:
    """The schools selected by ``mask``, coloured by type; overcrowded ones outlined in red."""
    from matplotlib import patheffects

    from layers.style import school_flags

    schools = analysis.project.schools
    if not len(schools) or not mask.any():
        return
    x = schools.geometry.x.to_numpy()
    y = schools.geometry.y.to_numpy()
    kinds = schools["type"].astype(str).to_numpy()
    over = school_flags(schools, analysis)["overcrowded"].to_numpy() if flags else np.zeros(len(schools), bool)
    for kind, color in SCHOOL_COLORS.items():
        sel = mask & (kinds == kind)
        if not sel.any():
            continue
        edges = np.where(over[sel], OVERCROWDED_COLOR, "white")
        ax.scatter(
            x[sel],
            y[sel],
            s=size * scale**2,
            c=color,
            edgecolors=list(edges),
            linewidths=(np.where(over[sel], 1.1, 0.5) * scale).tolist(),
            zorder=zorder,
        )
    if labels:
        names = schools["name"].astype(str).to_numpy()
        for k in np.flatnonzero(mask).tolist():
            if extent is not None and not (extent[0] <= x[k] <= extent[2] and extent[1] <= y[k] <= extent[3]):
                continue
            ax.annotate(
                names[k],
                (x[k], y[k]),
                xytext=(3, 2),
                textcoords="offset points",
                fontsize=fontsize,
                color="#222222",
                zorder=zorder + 1,
                parse_math=False,
                annotation_clip=True,
                path_effects=[patheffects.withStroke(linewidth=1.6, foreground=HALO)],
            )


# --------------------------------------------------------------------------- furniture


def nice_length(target: float) -> float:
    """The largest of 1, 2 or 5 times a power of ten not above ``target`` (> 0)."""
    if not target > 0:
        raise ValueError(f"target must be positive, not {target}")
    power = 10.0 ** math.floor(math.log10(target))
    for mantissa in (5.0, 2.0, 1.0):
        if mantissa * power <= target * (1 + 1e-9):
            return mantissa * power
    return power


def metres_per_unit(crs: object) -> float:
    """Metres per map unit of a projected CRS (1 for metres, 0.3048 for feet …)."""
    import pyproj

    info = pyproj.CRS.from_user_input(crs)
    if info.is_geographic:
        raise ValueError(f"printed maps need a projected CRS, not {info.name}")
    return float(info.axis_info[0].unit_conversion_factor)


def scale_bar(ax: Axes, extent: Bounds, crs: object, lang: Mapping[str, str], *, fontsize: float) -> float:
    """A two-part scale bar of a round length (km) in the lower left corner; its length in km."""
    from matplotlib.patches import Rectangle

    x0, y0, x1, y1 = extent
    unit = metres_per_unit(crs)
    width_km = (x1 - x0) * unit / 1000.0
    km = nice_length(width_km * 0.2)
    length = km * 1000.0 / unit
    height = (y1 - y0) * 0.008
    bx = x0 + (x1 - x0) * 0.04
    by = y0 + (y1 - y0) * 0.05
    ax.add_patch(
        Rectangle(
            (bx - (x1 - x0) * 0.012, by - (y1 - y0) * 0.03),
            length + (x1 - x0) * 0.05,
            (y1 - y0) * 0.075,
            facecolor="white",
            edgecolor="none",
            alpha=0.8,
            zorder=10,
        )
    )
    half = length / 2
    for k, color in enumerate(("black", "white")):
        ax.add_patch(
            Rectangle((bx + k * half, by), half, height, facecolor=color, edgecolor="black", linewidth=0.6, zorder=11)
        )
    label = f"{km:g}" if km >= 1 else f"{km * 1000:g} m"
    for pos, text in ((0.0, "0"), (half, f"{km / 2:g}" if km >= 1 else ""), (length, label)):
        if text:
            ax.text(bx + pos, by + height * 1.6, text, ha="center", va="bottom", fontsize=fontsize, zorder=12)
    if km >= 1:
        ax.text(
            bx + length + (x1 - x0) * 0.006, by, lang["unit.km"], ha="left", va="bottom", fontsize=fontsize, zorder=12
        )
    return km


def north_arrow(ax: Axes, lang: Mapping[str, str], *, fontsize: float) -> None:
    """An arrow pointing up (grid north) with its letter, in the upper right corner."""
    from matplotlib.patches import Polygon

    cx, top, size = 0.95, 0.95, 0.05
    half = size * 0.35
    aspect = _axes_aspect(ax)
    w = half / aspect
    left = Polygon(
        [(cx, top), (cx - w, top - size), (cx, top - size * 0.75)],
        closed=True,
        transform=ax.transAxes,
        facecolor="black",
        edgecolor="black",
        linewidth=0.6,
        zorder=12,
    )
    right = Polygon(
        [(cx, top), (cx + w, top - size), (cx, top - size * 0.75)],
        closed=True,
        transform=ax.transAxes,
        facecolor="white",
        edgecolor="black",
        linewidth=0.6,
        zorder=12,
    )
    ax.add_patch(left)
    ax.add_patch(right)
    ax.text(
        cx,
        top - size - 0.005,
        lang["map.north"],
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=fontsize,
        zorder=12,
    )


def figure_size(ax: Axes) -> tuple[float, float]:
    """Width and height in inches of the figure holding an axes."""
    fig = ax.get_figure(root=True)
    assert fig is not None
    w, h = fig.get_size_inches()  # type: ignore[union-attr]
    return float(w), float(h)


def _axes_aspect(ax: Axes) -> float:
    """Width over height of the axes box."""
    bbox = ax.get_position()
    w, h = figure_size(ax)
    return float(bbox.width * w / (bbox.height * h)) if bbox.height > 0 else 1.0


def frame_axes(ax: Axes) -> None:
    """A thin neat line around the map."""
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
        spine.set_color("#333333")


def base_legend_handles(project: Project, lang: Mapping[str, str], *, scale: float = 1.0) -> list[Artist]:
    """Legend handles of the base map: roads by class present, rivers, township boundaries."""
    from matplotlib.lines import Line2D

    handles: list[Artist] = []
    classes = set(project.roads["road_class"].astype(str)) if len(project.roads) else set()
    for road_class, style in ROAD_STYLES.items():
        if road_class in classes:
            handles.append(
                Line2D([], [], color=style.color, linewidth=style.width * 0.8 * scale, label=lang[f"road.{road_class}"])
            )
    if len(project.rivers):
        handles.append(
            Line2D([], [], color=RIVER_STYLE.color, linewidth=RIVER_STYLE.width * scale, label=lang["legend.river"])
        )
    if len(project.townships):
        handles.append(
            Line2D(
                [],
                [],
                color=BOUNDARY_STYLE.color,
                linewidth=BOUNDARY_STYLE.width * scale,
                linestyle=(0, (4, 2)),
                label=lang["legend.boundary"],
            )
        )
    return handles


def school_legend_handles(
    schools: gpd.GeoDataFrame, mask: np.ndarray, lang: Mapping[str, str], *, overcrowded: bool = True
) -> list[Artist]:
    """Legend handles of the school types shown (and the overcrowded outline)."""
    from matplotlib.lines import Line2D

    kinds = set(schools["type"].astype(str).to_numpy()[mask]) if len(schools) else set()
    handles: list[Artist] = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=6,
            markerfacecolor=color,
            markeredgecolor="white",
            label=lang[f"school.{kind}"],
        )
        for kind, color in SCHOOL_COLORS.items()
        if kind in kinds
    ]
    if overcrowded and kinds:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=6,
                markerfacecolor="#cccccc",
                markeredgecolor=OVERCROWDED_COLOR,
                markeredgewidth=1.2,
                label=lang["legend.overcrowded"],
            )
        )
    return handles


def draw_legend(ax: Axes, handles: Sequence[Artist], lang: Mapping[str, str], *, fontsize: float) -> None:
    """The legend in its own axes (no frame), top left."""
    ax.set_axis_off()
    if not handles:
        return
    legend = ax.legend(
        handles=list(handles),
        loc="upper left",
        frameon=False,
        fontsize=fontsize,
        title=lang["legend.title"],
        title_fontsize=fontsize * 1.25,
        alignment="left",
        borderaxespad=0.0,
        handlelength=2.2,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)


def two_column_legend(
    ax: Axes,
    handles: Sequence[Artist],
    lang: Mapping[str, str],
    *,
    fontsize: float,
    handlelength: float = 2.0,
    labelspacing: float | None = None,
) -> None:
    """A legend in its own axes, in two columns, under the sheet's legend title."""
    ax.set_axis_off()
    if not handles:
        return
    legend = ax.legend(
        handles=list(handles),
        loc="upper left",
        ncol=2,
        frameon=False,
        fontsize=fontsize,
        title=lang["legend.title"],
        title_fontsize=fontsize * 1.25,
        alignment="left",
        borderaxespad=0.0,
        handlelength=handlelength,
        columnspacing=1.0,
        labelspacing=labelspacing,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)


def text_bottom(ax: Axes) -> float:
    """The lowest point of the texts drawn on an axes so far, in axes coordinates (1 when none)."""
    if not ax.texts:
        return 1.0
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    lowest = min(text.get_window_extent(renderer).y0 for text in ax.texts)
    return float(ax.transAxes.inverted().transform((0.0, lowest))[1])


def draw_list(
    ax: Axes,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    room: int,
    columns: Sequence[float],
    align: Sequence[str],
    fontsize: float,
    step: float,
    more: str,
    none: str,
) -> float:
    """A side list of at most ``room`` lines under ``header`` (one of them, when rows are left out,
    the line ``more`` with their number ``{n}``; ``none`` when there are no rows); the height below
    it, in axes coordinates."""
    shown = len(rows) if len(rows) <= room else max(room - 1, 0)
    draw_table(ax, header, rows[:shown], columns=columns, fontsize=fontsize, top=1.0 - step * 1.4, align=align)
    # Below the list as drawn (the table's own estimate of a line is a little taller than the font's).
    y = text_bottom(ax) - step * 0.4
    notes = [more.format(n=len(rows) - shown)] if shown < len(rows) else []
    if not rows:
        notes.append(none)
    for note in notes:
        ax.text(0.0, y, note, transform=ax.transAxes, fontsize=fontsize, va="top", color="#555555")
        y -= step
    return y


def draw_table(
    ax: Axes,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    columns: Sequence[float],
    fontsize: float,
    top: float = 1.0,
    align: Sequence[str] | None = None,
    line_height: float | None = None,
) -> float:
    """A plain table of text in axes coordinates, from ``top`` down; the y below its last row.

    ``columns`` are the x positions (axes fraction) of the columns; ``align`` per column
    (``left`` or ``right``; right-aligned text ends at the next column's x).
    """
    height_in = ax.get_position().height * figure_size(ax)[1]
    step = line_height if line_height is not None else fontsize * _LINE_PT / 72.0 / max(height_in, 1e-6)
    align = list(align) if align is not None else ["left"] * len(columns)
    edges = [*list(columns[1:]), 1.0]
    y = top
    if header:
        for k, value in enumerate(header):
            x = columns[k] if align[k] == "left" else edges[k] - 0.01
            ax.text(
                x,
                y,
                value,
                transform=ax.transAxes,
                ha=align[k],
                va="top",
                fontsize=fontsize,
                color="#000000",
                parse_math=False,
                clip_on=False,
            )
        y -= step
        ax.plot([columns[0], 1.0], [y + step * 0.15] * 2, transform=ax.transAxes, color="#555555", linewidth=0.5)
    if rows:
        # One text per column (far fewer artists to lay out than one per cell).
        for k in range(len(columns)):
            x = columns[k] if align[k] == "left" else edges[k] - 0.01
            ax.text(
                x,
                y,
                "\n".join(str(row[k]) for row in rows),
                transform=ax.transAxes,
                ha=align[k],
                va="top",
                multialignment=align[k],
                fontsize=fontsize,
                color="#222222",
                linespacing=_LINESPACING,
                parse_math=False,
                clip_on=False,
            )
        y -= step * len(rows)
    return y


def fmt_number(value: float, digits: int = 0) -> str:
    """A figure for a table: thousands separated, ``–`` when not a number."""
    if value is None or not np.isfinite(value):
        return "–"
    return f"{value:,.{digits}f}"


def fmt_share(value: float) -> str:
    """A share as a percentage, ``–`` when not a number."""
    if value is None or not np.isfinite(value):
        return "–"
    return f"{100 * value:.1f}%"


def scope_figures(analysis: Analysis, scope: str = "county") -> dict[tuple[str, str], float]:
    """The coverage indicators of one scope as ``(level, metric)`` → value."""
    from gis.indicators import coverage_indicators

    return {(i.level, i.metric): i.value for i in coverage_indicators(analysis) if i.scope == scope}


def key_figures(
    analysis: Analysis,
    level: str,
    lang: Mapping[str, str],
    *,
    scope: str = "county",
    township: str | None = None,
    indicators: Mapping[tuple[str, str], float] | None = None,
) -> list[tuple[str, str]]:
    """Label and value of the key figures of a level in a scope (the county or one township).

    Children, share within the rule (and, for primary, grades 1–3 within the 30-minute walk),
    mean trip to the nearest school, children beyond the rule, schools teaching the level and
    their seats (in the township when ``township`` is its code).
    """
    figures = indicators if indicators is not None else scope_figures(analysis, scope)
    schools = analysis.project.schools
    mask = level_schools(schools, level)
    if township is not None:
        mask = mask & (schools["township"].astype(str).to_numpy() == township)
    seats = float(schools[f"capacity_{level}"].to_numpy(dtype=float)[mask].sum()) if len(schools) else 0.0
    out = [
        (lang["metric.children"], fmt_number(figures.get((level, "children"), math.nan))),
        (lang["metric.share_within_threshold"], fmt_share(figures.get((level, "share_within_threshold"), math.nan))),
    ]
    if level == "primary":
        out.append(
            (lang["map.share_grades_1_3"], fmt_share(figures.get(("grades_1_3", "share_within_threshold"), math.nan)))
        )
    out += [
        (lang["metric.mean_travel_min"], fmt_number(figures.get((level, "mean_travel_min"), math.nan), 1)),
        (
            lang["metric.children_beyond_threshold"],
            fmt_number(figures.get((level, "children_beyond_threshold"), math.nan)),
        ),
        (lang["metric.school_count"], fmt_number(float(mask.sum()))),
        (lang["field.seats"], fmt_number(seats)),
    ]
    return out


# --------------------------------------------------------------------------- panels


def catchment_panel(
    ax: Axes,
    analysis: Analysis,
    level: str,
    frame: gpd.GeoDataFrame,
    colors: Mapping[str, int],
    extent: Bounds,
    *,
    scale: float = 1.0,
    labels: bool = False,
    township_labels: bool = True,
) -> None:
    """Base map, catchments, cells beyond the rule and the level's schools on one axes."""
    project = analysis.project
    draw_base(ax, project, extent=extent, scale=scale)
    draw_catchments(ax, frame, colors, extent=extent, scale=scale)
    image = beyond_rule_image(analysis, level)
    if image is not None:
        draw_image(ax, image[0], image[1], zorder=1.5, alpha=0.75)
    mask = level_schools(project.schools, level)
    draw_schools(ax, analysis, mask, scale=scale, labels=labels, extent=extent, fontsize=5.5 * scale)
    if township_labels:
        draw_township_labels(ax, project, extent=extent, fontsize=7.0 * scale)


def catchment_handles(analysis: Analysis, level: str, lang: Mapping[str, str], *, scale: float = 1.0) -> list[Artist]:
    """Legend handles of a catchment map: catchments, cells beyond the rule, schools, base map."""
    from matplotlib.patches import Patch

    rule = analysis.levels[level].groups[0]
    beyond = f"{lang['legend.beyond']} (> {rule.threshold_min:g} {lang['unit.minutes']})"
    handles: list[Artist] = [
        Patch(facecolor=CATCHMENT_PALETTE[0], edgecolor="#777777", linewidth=0.4, label=lang["legend.catchment"]),
        Patch(facecolor=BEYOND_THRESHOLD_COLOR, edgecolor="none", alpha=0.75, label=beyond),
        Patch(facecolor=UNREACHABLE_COLOR, edgecolor="none", alpha=0.75, label=lang["legend.unreachable"]),
    ]
    schools = analysis.project.schools
    handles += school_legend_handles(schools, level_schools(schools, level), lang)
    handles += base_legend_handles(analysis.project, lang, scale=scale)
    return handles


# --------------------------------------------------------------------------- suggestions

MARKS: dict[str, dict[str, object]] = {
    "closed": {"marker": "X", "color": CLOSED_COLOR, "size": 70.0},
    "merged_into": {"marker": "o", "color": "none", "edge": MERGED_COLOR, "size": 110.0},
    "to_teaching_point": {"marker": "v", "color": TEACHING_POINT_COLOR, "size": 60.0},
    "new_day_school": {"marker": "*", "color": NEW_DAY_COLOR, "size": 140.0},
    "new_boarding_school": {"marker": "*", "color": NEW_BOARDING_COLOR, "size": 170.0},
}

Point = tuple[float, float]


def suggestion_marks(
    analysis: Analysis, suggestions: object
) -> tuple[dict[str, list[tuple[float, float, str]]], list[tuple[Point, Point, bool, str]]]:
    """Where each suggestion puts its marks and arrows.

    Returns
    -------
    The marks by kind (keys of :data:`MARKS`) as ``(x, y, suggestion id)``, and the arrows
    ``(from, to, dashed, suggestion id)`` from each school that closes to each school that
    receives its pupils (dashed: only the older grades move, the school stays a teaching point).
    """
    from gis.edits import Close, Merge, Open

    schools = analysis.project.schools
    position = {
        str(sid): (float(g.x), float(g.y)) for sid, g in zip(schools["school_id"], schools.geometry, strict=True)
    }
    marks: dict[str, list[tuple[float, float, str]]] = {k: [] for k in MARKS}
    arrows: list[tuple[Point, Point, bool, str]] = []
    for s in suggestions.items:  # type: ignore[attr-defined]
        for edit in s.edits:
            if isinstance(edit, Close) and edit.school_id in position:
                marks["closed"].append((*position[edit.school_id], s.id))
            elif isinstance(edit, Merge) and edit.into in position:
                marks["merged_into"].append((*position[edit.into], s.id))
                for sid in edit.school_ids:
                    if sid != edit.into and sid in position:
                        marks["closed"].append((*position[sid], s.id))
                        arrows.append((position[sid], position[edit.into], False, s.id))
            elif isinstance(edit, Open) and s.action not in ("new_day_school", "new_boarding_school"):
                marks["new_day_school"].append((edit.x, edit.y, s.id))
        if s.action == "close":
            for sid in s.school_ids:
                for rid in s.receiving_ids:
                    if sid in position and rid in position:
                        arrows.append((position[sid], position[rid], False, s.id))
        elif s.action == "to_teaching_point":
            for sid in s.school_ids:
                if sid in position:
                    marks["to_teaching_point"].append((*position[sid], s.id))
                for rid in s.receiving_ids:
                    if sid in position and rid in position:
                        arrows.append((position[sid], position[rid], True, s.id))
        elif s.action in ("new_day_school", "new_boarding_school"):
            for site in s.sites:
                marks[s.action].append((site.x, site.y, s.id))
    return marks, arrows


def draw_marks(ax: Axes, points: Sequence[tuple[float, float, str]], kind: str, *, scale: float = 1.0) -> None:
    """Suggestion marks of one kind, each labelled with its suggestion's id."""
    from matplotlib import patheffects

    if not points:
        return
    style = MARKS[kind]
    xy = np.array([(x, y) for x, y, _ in points], dtype=float)
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=float(style["size"]) * scale**2,  # type: ignore[arg-type]
        marker=str(style["marker"]),
        c=str(style["color"]),
        edgecolors=str(style.get("edge", "white")),
        linewidths=(1.4 if kind == "merged_into" else 0.6) * scale,
        zorder=8,
    )
    seen: set[tuple[int, int]] = set()
    for x, y, label in points:
        key = (round(x), round(y))
        if not label or key in seen:
            continue
        seen.add(key)
        ax.annotate(
            label,
            (x, y),
            xytext=(4, -6),
            textcoords="offset points",
            fontsize=5.0 * scale,
            color="#222222",
            zorder=9,
            parse_math=False,
            annotation_clip=True,
            path_effects=[patheffects.withStroke(linewidth=1.5, foreground=HALO)],
        )


def draw_arrow(ax: Axes, start: Point, end: Point, *, scale: float = 1.0, dashed: bool = False) -> None:
    """An arrow from a school that closes to a school that receives its pupils."""
    from matplotlib.patches import FancyArrowPatch

    if start == end:
        return
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=7 * scale,
            color=ARROW_COLOR,
            linewidth=0.8 * scale,
            linestyle="--" if dashed else "-",
            shrinkA=3,
            shrinkB=4,
            connectionstyle="arc3,rad=0.15",
            zorder=7,
        )
    )


def suggestion_handles(lang: Mapping[str, str], kinds: Sequence[str], *, arrows: bool) -> list[Artist]:
    """Legend handles of suggestion marks (and of the arrows)."""
    from matplotlib.lines import Line2D

    handles: list[Artist] = []
    for kind in kinds:
        style = MARKS[kind]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=str(style["marker"]),
                markersize=8 if "new" in kind else 7,
                markerfacecolor=str(style["color"]),
                markeredgecolor=str(style.get("edge", "white")),
                markeredgewidth=1.2 if kind == "merged_into" else 0.5,
                label=lang[f"suggestion.{kind}"],
            )
        )
    if arrows:
        handles.append(
            Line2D(
                [],
                [],
                color=ARROW_COLOR,
                marker=">",
                markevery=[-1],
                markersize=4,
                linewidth=0.9,
                label=lang["suggestion.moves"],
            )
        )
    return handles
