"""Legends of map layers: what each colour means, independent of any toolkit.

:func:`layer_legend` describes a layer's legend as data (labels in English or Chinese from
:mod:`layers.glossary`, colours as hex) so that the window, printed maps and exports draw the
same legend their own way. The window takes the English and translates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from layers.glossary import check_language, find, term
from layers.style import (
    BOARDING_COLOR,
    CATCHMENT_PALETTE,
    OVERCROWDED_COLOR,
    SCHOOL_COLORS,
    TRAVEL_TIME_COLORS,
    UNREACHABLE_COLOR,
    travel_time_labels,
)

if TYPE_CHECKING:
    from gis.project import Project
    from layers.model import Layer

Symbol = Literal["line", "circle", "fill", "outline", "dashed"]


@dataclass(frozen=True)
class LegendEntry:
    """One line of a legend: a symbol of a colour and its label.

    ``window_only`` marks an entry that describes the window alone (a school picked with the
    mouse), which a file's legend leaves out.
    """

    label: str
    color: str
    symbol: Symbol
    window_only: bool = False


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
        What the ramp's values count, e.g. ``children per cell``.
    note
        A remark under the legend, or empty.
    """

    entries: tuple[LegendEntry, ...] = ()
    ramp: tuple[str, ...] = ()
    value_range: tuple[float, float] | None = None
    unit: str = ""
    note: str = ""


def layer_legend(layer: Layer, project: Project | None = None, *, ramp_steps: int = 7, language: str = "en") -> Legend:
    """The legend of a layer of :func:`layers.model.project_layers`.

    Parameters
    ----------
    layer
        The layer.
    project
        The project drawn, needed for the value range of a population layer.
    ramp_steps
        How many colours describe a ramp.
    language
        ``en`` (the window's, which it translates) or ``zh``: the words of the labels.

    Returns
    -------
    The legend (empty for a layer without one).

    Raises
    ------
    ValueError
        For a language other than ``zh`` or ``en``.
    """
    check_language(language)

    def word(key: str) -> str:
        return term(key, language)

    style = layer.style
    if layer.name == "roads":
        entries = []
        for road_class, value in style.items():
            if isinstance(value, dict):
                label = find(f"road.{road_class}", language) or road_class
                entries.append(LegendEntry(label, str(value["color"]), "line"))
        return Legend(tuple(entries))
    if layer.name == "schools":
        colors = style.get("colors", SCHOOL_COLORS)
        assert isinstance(colors, dict)
        entries = [LegendEntry(find(f"school.{k}", language) or str(k), str(c), "circle") for k, c in colors.items()]
        entries.append(LegendEntry(word("legend.overcrowded"), OVERCROWDED_COLOR, "outline"))
        entries.append(LegendEntry(word("legend.under_100"), "#333333", "dashed"))
        entries.append(LegendEntry(word("legend.boarding"), BOARDING_COLOR, "outline"))
        return Legend(tuple(entries), note=word("legend.school_size"))
    if layer.name in ("townships", "rivers"):
        label = word("legend.boundary" if layer.name == "townships" else "legend.river")
        return Legend((LegendEntry(label, str(style.get("color", "#555555")), "line"),))
    if layer.name == "travel_time":
        entries = [
            LegendEntry(label, color, "fill")
            for label, color in zip(travel_time_labels(language), TRAVEL_TIME_COLORS, strict=True)
        ]
        entries.append(LegendEntry(word("legend.unreachable"), UNREACHABLE_COLOR, "fill"))
        return Legend(tuple(entries), note=word("legend.travel_time"))
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
        return Legend(ramp=ramp, value_range=value_range, unit=word("legend.children_per_cell"))
    if layer.name.startswith("catchments_"):
        return Legend(
            (
                LegendEntry(word("legend.catchment"), CATCHMENT_PALETTE[0], "fill"),
                LegendEntry(word("legend.selected_catchment"), "#111111", "outline", window_only=True),
            ),
            note=word("legend.neighbours"),
        )
    return Legend()


def zones_legend() -> Legend:
    """The layer's legend, in English (the window translates it): a zone, the zone shown, a village."""
    from layers.style import CATCHMENT_PALETTE
    from layers.zones_layer import VILLAGE_OUTLINE

    return Legend(
        (
            LegendEntry("Enrolment zone of one school", CATCHMENT_PALETTE[0], "fill"),
            LegendEntry("Zone chosen in the table", "#111111", "outline", window_only=True),
            LegendEntry("Village boundary", VILLAGE_OUTLINE, "line"),
        ),
        note="Neighbouring zones have different colours",
    )
