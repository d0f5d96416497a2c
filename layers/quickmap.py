"""A quick catchment map of an analysis, drawn with matplotlib (headless).

The catchments come from the level's cell grid (:func:`gis.frames.cell_raster`) as one image,
not from polygons: on a county of half a million cells the map takes a second, not ten.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from layers.style import (
    BEYOND_THRESHOLD_COLOR,
    BOUNDARY_STYLE,
    CATCHMENT_PALETTE,
    RIVER_STYLE,
    ROAD_STYLES,
    SCHOOL_COLORS,
)

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from gis.analysis import Analysis

# Catchments drawn at this opacity over white, their edges in this grey.
_CATCHMENT_ALPHA = 0.8
_EDGE_COLOR = "#666666"
# Share of red in the colour of a cell beyond the level's rule.
_FAR_RED = 0.45


def quick_catchment_map(
    analysis: Analysis,
    catchments: gpd.GeoDataFrame | None,
    path: str | os.PathLike[str],
    *,
    level: str = "primary",
    dpi: int = 120,
    language: str = "zh",
) -> Path:
    """Draw the catchments of one level with roads, rivers, schools and far-away cells.

    Each catchment is the cells nearest its school, coloured in turn from
    :data:`layers.style.CATCHMENT_PALETTE` by the school's order, with grey edges between
    catchments; cells whose trip exceeds the level's rule are drawn in red.

    Parameters
    ----------
    analysis
        The analysis.
    catchments
        Not used (the catchments are drawn from the cells' grid); callers may pass None.
    path
        The PNG to write.
    level
        ``primary`` or ``junior``.
    dpi
        Dots per inch of the 10 × 10 inch figure.
    language
        ``zh`` or ``en``: the words of the title and the legend.
    """
    del catchments
    target = Path(path)
    catchment_figure(analysis, level=level, dpi=dpi, language=language).savefig(target, bbox_inches="tight")
    return target


def catchment_figure(analysis: Analysis, *, level: str = "primary", dpi: int = 120, language: str = "zh") -> Figure:
    """The figure of :func:`quick_catchment_map` (same arguments), on an Agg canvas of its own
    (no pyplot: neither its import nor its global state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from layers.fonts import use_cjk_font_in_matplotlib
    from layers.glossary import check_language, term

    check_language(language)
    if language == "zh":
        use_cjk_font_in_matplotlib()
    project = analysis.project
    fig = Figure(figsize=(10, 10), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_aspect("equal")
    ax.set_axis_off()
    result = analysis.levels.get(level)
    if result is not None and len(result.cells):
        _draw_cells(ax, analysis, level)
    if len(project.townships):
        _draw_lines(ax, project.townships.boundary, BOUNDARY_STYLE.color, BOUNDARY_STYLE.width)
    if len(project.rivers):
        _draw_lines(ax, project.rivers.geometry, RIVER_STYLE.color, RIVER_STYLE.width)
    classes = project.roads["road_class"].astype(str).to_numpy()
    for road_class, style in ROAD_STYLES.items():
        roads = project.roads.geometry[classes == road_class]
        if len(roads):
            _draw_lines(ax, roads, style.color, style.width * 0.6)
    schools = project.schools
    kinds = schools["type"].astype(str).to_numpy()
    for kind, color in SCHOOL_COLORS.items():
        mask = kinds == kind
        if mask.any():
            ax.scatter(
                schools.geometry.x.to_numpy()[mask],
                schools.geometry.y.to_numpy()[mask],
                s=np.full(int(mask.sum()), 14.0),
                color=color,
                edgecolor="white",
                linewidths=0.5,
                zorder=5,
                label=term(f"school.{kind}", language),
            )
    ax.autoscale_view()
    ax.legend(loc="lower left", fontsize=8, frameon=True)
    threshold = result.groups[0].threshold_min if result is not None else float("nan")
    title = term("map.quick_title", language).format(level=term(f"level.{level}", language), threshold=threshold)
    ax.set_title(title, fontsize=11)
    return fig


def _draw_cells(ax: Axes, analysis: Analysis, level: str) -> None:
    """The level's catchments, their edges and the far-away cells as one image."""
    import matplotlib.colors

    from gis.frames import cell_raster

    raster = cell_raster(analysis, level)
    r0, r1 = int(raster.row.min()), int(raster.row.max()) + 1
    c0, c1 = int(raster.col.min()), int(raster.col.max()) + 1
    school = np.full((r1 - r0, c1 - c0), -1, dtype=np.int64)
    school[raster.row - r0, raster.col - c0] = raster.values["school"].astype(np.int64)
    far = np.zeros(school.shape, dtype=bool)
    far[raster.row - r0, raster.col - c0] = raster.values["within_threshold"] == 0
    # The colour of a school is its rank among the schools with a catchment, as in the
    # catchment layer's order; unreachable cells (-1) and empty cells stay transparent.
    present = np.unique(raster.values["school"].astype(np.int64))
    present = present[present >= 0]
    rank = np.full(int(present.max()) + 2 if present.size else 1, -1, dtype=np.int64)
    rank[present] = np.arange(present.size)
    inside = school >= 0
    palette = _rgba8([matplotlib.colors.to_rgba(c, _CATCHMENT_ALPHA) for c in CATCHMENT_PALETTE])
    image = np.zeros((*school.shape, 4), dtype=np.uint8)
    image[inside] = palette[rank[school[inside]] % len(palette)]
    # An edge where a cell's neighbour to the east or south lies in another catchment.
    edge = np.zeros(school.shape, dtype=bool)
    edge[:, :-1] |= inside[:, :-1] & inside[:, 1:] & (school[:, :-1] != school[:, 1:])
    edge[:-1, :] |= inside[:-1, :] & inside[1:, :] & (school[:-1, :] != school[1:, :])
    image[edge] = _rgba8([matplotlib.colors.to_rgba(_EDGE_COLOR, _CATCHMENT_ALPHA)])[0]
    # Far-away cells keep a trace of their catchment's colour under the red.
    red = 255 * np.array(matplotlib.colors.to_rgba(BEYOND_THRESHOLD_COLOR))
    image[far] = np.round((1 - _FAR_RED) * image[far] + _FAR_RED * red).astype(np.uint8)
    transform = raster.grid.transform
    left, top = transform @ (c0, r0)
    right, bottom = transform @ (c1, r1)
    ax.imshow(
        image,
        extent=(left, right, bottom, top),
        origin="upper",
        interpolation="nearest",
        zorder=1,
    )


def _rgba8(colors: list[tuple[float, float, float, float]]) -> np.ndarray:
    """RGBA colours (0–1) as rows of bytes."""
    return np.round(255 * np.asarray(colors)).astype(np.uint8)


def _draw_lines(ax: Axes, geometry: gpd.GeoSeries, color: str, width: float) -> None:
    """Lines (or polygon boundaries already taken) as one collection."""
    import shapely
    from matplotlib.collections import LineCollection

    parts = shapely.get_parts(np.asarray(geometry.values, dtype=object))
    parts = parts[~shapely.is_empty(parts)]
    if not parts.size:
        return
    coords, index = shapely.get_coordinates(parts, return_index=True)
    starts = np.flatnonzero(np.r_[True, index[1:] != index[:-1]])
    segments = np.split(coords, starts[1:])
    ax.add_collection(LineCollection(segments, colors=color, linewidths=width, zorder=2))
