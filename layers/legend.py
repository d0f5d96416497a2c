"""Legends of map layers: what each colour means, independent of any toolkit.

:func:`layer_legend` describes a layer's legend as data (labels in English, colours as hex)
so that the window, printed maps and exports draw the same legend their own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from layers.style import (
    BOARDING_COLOR,
    CATCHMENT_PALETTE,
    OVERCROWDED_COLOR,
    SCHOOL_COLORS,
    TRAVEL_TIME_COLORS,
    TRAVEL_TIME_LABELS,
    TRAVEL_TIME_UNREACHABLE_LABEL,
    UNREACHABLE_COLOR,
)

if TYPE_CHECKING:
    from gis.project import Project
    from layers.model import Layer

Symbol = Literal["line", "circle", "fill", "outline", "dashed"]

# English labels of the legend entries (the window translates them).
ROAD_CLASS_LABELS: dict[str, str] = {
    "county": "County road",
    "township": "Township road",
    "village": "Village road",
    "path": "Path",
}
SCHOOL_TYPE_LABELS: dict[str, str] = {
    "primary": "Primary school",
    "teaching_point": "Teaching point",
    "junior": "Junior secondary school",
    "nine_year": "Nine-year school",
}


@dataclass(frozen=True)
class LegendEntry:
    """One line of a legend: a symbol of a colour and its label (English)."""

    label: str
    color: str
    symbol: Symbol


@dataclass(frozen=True)
class Legend:
    """A layer's legend: entries, and for a colour ramp its colours (low to high) and value range.

    Attributes
    ----------
    entries
        Symbols with labels.
    ramp
        Hex colours from the lowest to the highest value; empty for layers without a ramp.
    value_range
        The values at the two ends of the ramp, or None.
    unit
        What the ramp's values count (English), e.g. ``children per cell``.
    note
        A remark under the legend (English), or empty.
    """

    entries: tuple[LegendEntry, ...] = ()
    ramp: tuple[str, ...] = ()
    value_range: tuple[float, float] | None = None
    unit: str = ""
    note: str = ""


def layer_legend(layer: Layer, project: Project | None = None, *, ramp_steps: int = 7) -> Legend:
    """The legend of a layer of :func:`layers.model.project_layers`.

    Parameters
    ----------
    layer
        The layer.
    project
        The project drawn, needed for the value range of a population layer.
    ramp_steps
        How many colours describe a ramp.

    Returns
    -------
    The legend (empty for a layer without one).
    """
    style = layer.style
    if layer.name == "roads":
        entries = []
        for road_class, value in style.items():
            if isinstance(value, dict):
                label = ROAD_CLASS_LABELS.get(road_class, road_class)
                entries.append(LegendEntry(label, str(value["color"]), "line"))
        return Legend(tuple(entries))
    if layer.name == "schools":
        colors = style.get("colors", SCHOOL_COLORS)
        assert isinstance(colors, dict)
        entries = [LegendEntry(SCHOOL_TYPE_LABELS.get(str(k), str(k)), str(c), "circle") for k, c in colors.items()]
        entries.append(LegendEntry("Overcrowded (red outline)", OVERCROWDED_COLOR, "outline"))
        entries.append(LegendEntry("Under 100 pupils (hollow, dashed outline)", "#333333", "dashed"))
        entries.append(LegendEntry("Boarding (dark outline)", BOARDING_COLOR, "outline"))
        return Legend(tuple(entries), note="Size grows with enrolment; teaching points have their own colour")
    if layer.name in ("townships", "rivers"):
        label = "Township boundary" if layer.name == "townships" else "River"
        return Legend((LegendEntry(label, str(style.get("color", "#555555")), "line"),))
    if layer.name == "travel_time":
        entries = [
            LegendEntry(label, color, "fill")
            for label, color in zip(TRAVEL_TIME_LABELS, TRAVEL_TIME_COLORS, strict=True)
        ]
        entries.append(LegendEntry(TRAVEL_TIME_UNREACHABLE_LABEL, UNREACHABLE_COLOR, "fill"))
        return Legend(
            tuple(entries), note="Grades 1–3 walking time to the nearest school; greens are within 30 minutes"
        )
    if layer.kind == "raster":
        import matplotlib
        import numpy as np

        from layers.webmap import population_range, ramp_position

        cmap = matplotlib.colormaps[str(style.get("colormap", "YlOrRd"))]
        fractions = np.linspace(0.0, 1.0, max(ramp_steps, 2))
        ramp = tuple(matplotlib.colors.to_hex(cmap(float(t))) for t in ramp_position(fractions))
        value_range = None
        if project is not None:
            value_range = population_range(project, str(style.get("column", "primary")))
        return Legend(ramp=ramp, value_range=value_range, unit="children per cell")
    if layer.name.startswith("catchments_"):
        return Legend(
            (
                LegendEntry("Catchment of one school", CATCHMENT_PALETTE[0], "fill"),
                LegendEntry("Selected school's catchment", "#111111", "outline"),
            ),
            note="Neighbouring catchments have different colours",
        )
    return Legend()
