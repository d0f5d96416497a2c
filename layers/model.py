"""Map layer models: what a layer shows and how, independent of any renderer or toolkit.

A :class:`Layer` is an immutable description (name, title, kind, visibility, opacity,
z-order, style, data). A :class:`LayerStack` is an ordered, immutable collection of layers
with small helpers that return changed copies, so that the window, the web map and printed
maps all read the same models and nothing is mutated behind a renderer's back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from layers.glossary import term
from layers.style import BOUNDARY_STYLE, DISCONNECTED_STYLE, RIVER_STYLE, ROAD_STYLES, SCHOOL_COLORS

if TYPE_CHECKING:
    from gis.analysis import Analysis
    from gis.project import Project

LayerKind = Literal["points", "lines", "polygons", "raster"]


@dataclass(frozen=True)
class Layer:
    """One map layer.

    Attributes
    ----------
    name
        Stable identifier (``schools``, ``roads``, ``catchments_primary`` …), used by renderers.
    title
        Human-readable title (English, from :mod:`layers.glossary`; the window translates it).
    kind
        Geometry kind: points, lines, polygons or raster.
    visible
        Whether the layer is drawn.
    opacity
        0 (transparent) to 1 (opaque).
    z
        Drawing order; higher is drawn on top.
    style
        Renderer-independent style values (colours, widths, column to colour by).
    data
        What the layer draws (a GeoDataFrame, a LevelAnalysis…); not compared or shown.
    """

    name: str
    title: str
    kind: LayerKind
    visible: bool = True
    opacity: float = 1.0
    z: int = 0
    style: Mapping[str, object] = field(default_factory=dict)
    data: object = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.opacity <= 1.0:
            raise ValueError(f"layer {self.name!r}: opacity must be between 0 and 1, not {self.opacity}")

    def with_(self, **changes: object) -> Layer:
        """A copy with some fields replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]


class LayerStack:
    """An ordered, immutable collection of layers, kept sorted by ``z`` (bottom first)."""

    def __init__(self, layers: tuple[Layer, ...] | list[Layer] = ()) -> None:
        names = [layer.name for layer in layers]
        if len(set(names)) != len(names):
            raise ValueError(f"layer names must be unique: {names}")
        self._layers = tuple(sorted(layers, key=lambda layer: layer.z))

    def __iter__(self) -> Iterator[Layer]:
        return iter(self._layers)

    def __len__(self) -> int:
        return len(self._layers)

    def __contains__(self, name: object) -> bool:
        return any(layer.name == name for layer in self._layers)

    def __getitem__(self, name: str) -> Layer:
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Layer names, bottom first."""
        return tuple(layer.name for layer in self._layers)

    def replace(self, name: str, **changes: object) -> LayerStack:
        """A copy in which one layer has some fields replaced."""
        target = self[name]
        return LayerStack([target.with_(**changes) if layer is target else layer for layer in self._layers])

    def with_layer(self, layer: Layer, *, keep: bool = True) -> LayerStack:
        """A copy with ``layer`` added, or put in place of the layer of its name.

        ``keep``: a layer replaced keeps its visibility, opacity and place (the choices made for it).
        """
        if layer.name in self:
            old = self[layer.name]
            if keep:
                layer = layer.with_(visible=old.visible, opacity=old.opacity, z=old.z)
            return LayerStack([layer if x is old else x for x in self._layers])
        return LayerStack([*self._layers, layer])

    def without(self, name: str) -> LayerStack:
        """A copy without the layer of that name (the same stack if there is none)."""
        return self if name not in self else LayerStack([x for x in self._layers if x.name != name])

    def move(self, name: str, steps: int) -> LayerStack:
        """A copy in which one layer moves ``steps`` places up (positive, drawn later) or down.

        The layers keep the set of ``z`` values they had; only who holds which changes. A move
        past the top or the bottom stops there.

        Raises
        ------
        KeyError
            If there is no layer of that name.
        """
        names = list(self.names)
        if name not in names:
            raise KeyError(name)
        old = names.index(name)
        new = min(max(old + steps, 0), len(names) - 1)
        if new == old:
            return self
        names.insert(new, names.pop(old))
        zs = [layer.z for layer in self._layers]  # sorted, bottom first
        if len(set(zs)) < len(zs):  # ties would keep the old order
            zs = [10 * i for i in range(len(zs))]
        return LayerStack([self[n].with_(z=z) for n, z in zip(names, zs, strict=True)])


def project_layers(project: Project, analysis: Analysis | None = None) -> LayerStack:
    """The default layers of a project and, if given, of its analysis.

    Base map (townships, rivers, roads, places) from the project's own layers, the
    population of school-age children per level, the grades 1–3 walking time to the nearest
    school (hidden at first) and catchments per level when an analysis is given, and the
    schools on top.
    """
    layers = [
        Layer(
            "townships",
            _title("townships"),
            "polygons",
            z=10,
            style={"color": BOUNDARY_STYLE.color, "weight": BOUNDARY_STYLE.width},
            data=project.townships,
        ),
        Layer(
            "rivers",
            _title("rivers"),
            "lines",
            z=20,
            style={"color": RIVER_STYLE.color, "weight": RIVER_STYLE.width},
            data=project.rivers,
        ),
        Layer(
            "roads",
            _title("roads"),
            "lines",
            z=30,
            style={road_class: {"color": s.color, "weight": s.width} for road_class, s in ROAD_STYLES.items()},
            data=project.roads,
        ),
        Layer(
            "population_primary",
            _title("population_primary"),
            "raster",
            z=5,
            opacity=0.7,
            style={"column": "primary", "colormap": "YlOrRd"},
            data=project.population,
        ),
        Layer(
            "population_junior",
            _title("population_junior"),
            "raster",
            z=4,
            opacity=0.7,
            visible=False,
            style={"column": "junior", "colormap": "YlGnBu"},
            data=project.population,
        ),
        Layer("places", _title("places"), "points", z=80, data=project.places),
        Layer(
            "schools", _title("schools"), "points", z=90, style={"colors": dict(SCHOOL_COLORS)}, data=project.schools
        ),
    ]
    if analysis is not None:
        if analysis.road_piece is not None and (analysis.road_piece > 0).any():
            outside = analysis.project.roads[analysis.road_piece > 0]
            layers.append(
                Layer(
                    "road_pieces",
                    _title("road_pieces"),
                    "lines",
                    z=35,
                    style={"color": DISCONNECTED_STYLE.color, "weight": DISCONNECTED_STYLE.width},
                    data=outside,
                )
            )
        if "primary" in analysis.levels:
            layers.append(
                Layer(
                    "travel_time",
                    _title("travel_time"),
                    "raster",
                    z=6,
                    opacity=0.75,
                    visible=False,
                    style={"level": "primary", "group": 0},
                    data=analysis,
                )
            )
        for i, level in enumerate(analysis.levels):
            layers.append(
                Layer(
                    f"catchments_{level}",
                    _title(f"catchments_{level}"),
                    "polygons",
                    z=50 + i,
                    opacity=0.5,
                    visible=i == 0,
                    style={"level": level},
                    data=analysis,
                )
            )
    return LayerStack(layers)


def _title(name: str) -> str:
    """The English title of a layer (the window translates it)."""
    return term(f"layer.{name}", "en")
