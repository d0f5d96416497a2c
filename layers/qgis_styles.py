"""GeoPackages that open in QGIS already styled like SchoolPlan's window.

:func:`write_styled_gpkg` writes an analysis as the layers ``townships``, ``cells_<level>``,
``catchments_<level>`` (one of each per school level, ``primary`` and ``junior``: in one layer
the catchments of both levels would cover each other), ``roads``, ``schools`` and, when
given, ``suggestions``. :func:`project_styles` gives the styles of a project file's own
layers (``schools``, ``population``, ``roads``, ``townships``, ``places``, ``rivers``), which
:func:`gis.project.save_project` stores in the project file.

Each style is a QML document built from :mod:`layers.style` and stored in the file's
``layer_styles`` table by :func:`gis.gpkg_styles.write_layer_styles` (one row per layer,
``useAsDefault`` set, so QGIS applies it when the layer is added). Its ``layerGeometryType``
is the layer's (0 points, 1 lines, 2 polygons): QGIS refuses a style of another geometry type.
Categorised layers have one category per value present, in the window's order: catchments
by school with the palette of the printed maps (neighbours differ), schools by type, roads by
class, places by kind, suggestions by role; graduated layers are the analysed cells by travel
time with the window's classes and colours (unreachable cells black) and the population by
primary-age children with the window's colour ramp.

In the ``cells_<level>`` layers a trip to no reachable school is NULL (not infinity, which
neither SQL nor QGIS's classification handles); the travel time renderer classifies
``coalesce("travel_min", 1000000000)`` so that those cells fall in the "no school reachable" class.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.gpkg_styles import GPKG_DATASET_OPTIONS, STYLE_NAME, write_layer_styles
from gis.schema import enrolment_columns
from layers.fonts import CJK_FAMILY
from layers.glossary import check_language, find, term
from layers.style import (
    BOUNDARY_STYLE,
    CATCHMENT_PALETTE,
    OVERCROWDED_COLOR,
    RIVER_STYLE,
    ROAD_STYLES,
    SCHOOL_COLORS,
    TRAVEL_TIME_BOUNDS,
    TRAVEL_TIME_COLORS,
    UNREACHABLE_COLOR,
    school_flags,
    travel_time_labels,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.analysis import Analysis
    from gis.project import Project
    from gis.suggest import Suggestions

__all__ = [
    "STYLE_NAME",
    "Category",
    "Range",
    "layer_qml",
    "population_qml",
    "population_ranges",
    "project_styles",
    "role_label",
    "styled_frames",
    "travel_time_ranges",
    "write_styled_gpkg",
]

# The oldest QGIS the styles are checked against (tests/layers/test_qgis_in_qgis.py); every
# symbol layer carries both the <Option> map of QGIS 3.26+ and the <prop> entries of earlier 3.x.
QGIS_VERSION = "3.22.0-Białowieża"
# QgsWkbTypes::GeometryType of each symbol kind, the QML's <layerGeometryType>.
GEOMETRY_TYPES: dict[str, int] = {"marker": 0, "line": 1, "fill": 2}
# Travel time of an unreachable cell in the renderer's expression (a NULL trip).
UNREACHABLE_MINUTES = 1e9
CATCHMENT_OUTLINE = "#555555"
CATCHMENT_OPACITY = 0.5  # as the window draws them
OTHER_COLOR = "#999999"  # a value the window has no colour for
# Suggestion roles: layers/style.py has no colours for them, so they are chosen here
# (a closed school red as an overcrowded one, the others from the school palette).
ROLE_COLORS: dict[str, str] = {
    "closed": OVERCROWDED_COLOR,
    "merged_into": SCHOOL_COLORS["nine_year"],
    "receiving": SCHOOL_COLORS["primary"],
    "teaching_point": SCHOOL_COLORS["teaching_point"],
    "new": "#2ca02c",
}
# Places by kind: the window draws no symbol for them (only the seats' names), so a QGIS
# user gets dark markers by rank, the county seat largest; only the seats are labelled.
PLACE_COLORS: dict[str, str] = {"county_seat": "#222222", "township_seat": "#444444", "village": "#8c8c8c"}
PLACE_SIZES: dict[str, float] = {"county_seat": 3.6, "township_seat": 2.6, "village": 1.4}
PLACE_LABEL = "CASE WHEN \"kind\" IN ('county_seat', 'township_seat') THEN \"name\" END"
POPULATION_CLASSES = 5

# The symbol kind of every layer SchoolPlan styles (export and project file).
LAYER_KINDS: dict[str, str] = {
    "townships": "fill",
    "cells": "fill",
    "catchments": "fill",
    "roads": "line",
    "rivers": "line",
    "schools": "marker",
    "suggestions": "marker",
    "population": "marker",
    "places": "marker",
}
# The OGR geometry type of an empty layer, so that QGIS still knows points from lines.
_EMPTY_GEOMETRY = {"marker": "Point", "line": "LineString", "fill": "Polygon"}


@dataclass(frozen=True)
class Category:
    """One class of a categorized renderer: the attribute value, its legend label and colour."""

    value: str
    label: str
    color: str


@dataclass(frozen=True)
class Range:
    """One class of a graduated renderer: inclusive bounds, legend label and colour."""

    lower: float
    upper: float
    label: str
    color: str


def write_styled_gpkg(
    path: str | os.PathLike[str],
    analysis: Analysis,
    *,
    suggestions: Suggestions | None = None,
    language: str = "zh",
) -> Path:
    """Write the analysis as a styled GeoPackage for QGIS, atomically.

    Parameters
    ----------
    path
        The ``.gpkg`` file; replaced only once every layer and style is written. It is a
        GeoPackage of version :data:`gis.gpkg_styles.GPKG_VERSION`.
    analysis
        The analysis (:func:`gis.analysis.analyze`).
    suggestions
        Planning suggestions; adds the ``suggestions`` layer (points by role).
    language
        ``"zh"`` or ``"en"``: the words of the legends (layer and field names stay English).

    Returns
    -------
    The path written.

    Raises
    ------
    ValueError
        For a language other than ``"zh"`` or ``"en"``.
    """
    import pyogrio

    from gis.fileio import write_atomic
    from gis.project import has_arrow

    check_language(language)
    frames = styled_frames(analysis, suggestions=suggestions)
    styles = layer_qml(frames, language=language)
    arrow = has_arrow()

    def write(tmp: Path) -> None:
        for name, frame in frames.items():
            extra = {"geometry_type": _EMPTY_GEOMETRY[_kind(name)]} if not len(frame) else {}
            pyogrio.write_dataframe(
                frame,
                tmp,
                layer=name,
                driver="GPKG",
                use_arrow=arrow,
                dataset_options=dict(GPKG_DATASET_OPTIONS),
                **extra,
            )
        write_layer_styles(tmp, styles)

    return write_atomic(path, write)


def styled_frames(analysis: Analysis, *, suggestions: Suggestions | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The layers of the styled GeoPackage, by name, in drawing order (bottom first).

    The cells and catchments come as one layer per level (``cells_primary``,
    ``catchments_junior`` …), each keeping its ``level`` column; the cells as squares of the
    grid's size, filled by travel time as the window draws them.
    """
    from gis.frames import catchments_frame, cells_frame

    project = analysis.project
    cells = cells_frame(analysis, squares=True)
    for column in ("travel_min", "assigned_travel_min"):
        values = cells[column].to_numpy(dtype=float)
        cells[column] = np.where(np.isfinite(values), values, np.nan)
    catchments = catchments_frame(analysis)
    schools = project.schools.copy()
    flags = school_flags(schools, analysis)
    for flag in flags.columns:
        schools[flag if flag not in schools.columns else f"flag_{flag}"] = flags[flag].to_numpy()
    schools["pupils"] = schools[enrolment_columns()].to_numpy(dtype=float).sum(axis=1)
    frames: dict[str, gpd.GeoDataFrame] = {"townships": project.townships}
    for level in analysis.levels:
        frames[f"cells_{level}"] = cells[cells["level"] == level].reset_index(drop=True)
    for level in analysis.levels:
        frames[f"catchments_{level}"] = catchments[catchments["level"] == level].reset_index(drop=True)
    frames["roads"] = project.roads
    frames["schools"] = schools
    if suggestions is not None:
        from gis.suggest import suggestions_frame

        frames["suggestions"] = suggestions_frame(suggestions, analysis)
    return frames


def layer_qml(frames: Mapping[str, gpd.GeoDataFrame], *, language: str = "zh") -> dict[str, str]:
    """The QML style of each layer of :func:`styled_frames` or of a project file, by layer name.

    Parameters
    ----------
    frames
        Layers by name: ``townships``, ``cells_<level>``, ``catchments_<level>``, ``roads``,
        ``schools``, ``suggestions``, ``places``, ``rivers``. Other names (``population``:
        see :func:`population_qml`) are left unstyled.
    language
        ``"zh"`` or ``"en"``: the words of the legends.
    """
    check_language(language)
    out: dict[str, str] = {}
    for name, frame in frames.items():
        kind = LAYER_KINDS.get(_base(name))
        if kind is None:
            continue
        base = _base(name)
        if base == "catchments":
            out[name] = _catchments_qml(frame)
        elif base == "cells":
            out[name] = graduated_qml(
                f'coalesce("travel_min", {UNREACHABLE_MINUTES:.0f})', travel_time_ranges(language), kind
            )
        elif base == "roads":
            roads = {k: (find(f"road.{k}", language) or k, s.color) for k, s in ROAD_STYLES.items()}
            cats = _present(frame["road_class"], roads)
            widths = {k: s.width for k, s in ROAD_STYLES.items()}
            out[name] = categorized_qml("road_class", cats, kind, widths=widths)
        elif base == "schools":
            types = {k: (find(f"school.{k}", language) or k, c) for k, c in SCHOOL_COLORS.items()}
            cats = _present(frame["type"], types)
            out[name] = categorized_qml("type", cats, kind, outline="#ffffff", label_field="name")
        elif base == "townships":
            out[name] = single_qml(
                kind,
                BOUNDARY_STYLE.color,
                outline=BOUNDARY_STYLE.color,
                outline_width=BOUNDARY_STYLE.width,
                hollow=True,
                label_field="name",
            )
        elif base == "rivers":
            out[name] = single_qml(kind, RIVER_STYLE.color, outline_width=RIVER_STYLE.width)
        elif base == "suggestions":
            cats = _present(frame["role"], {k: (role_label(k, language), c) for k, c in ROLE_COLORS.items()})
            out[name] = categorized_qml("role", cats, kind, outline="#000000", label_field="suggestion")
        elif base == "places":
            known = {k: (find(f"place.{k}", language) or k, c) for k, c in PLACE_COLORS.items()}
            cats = _present(frame["kind"], known)
            sizes = {k: {"size": f"{s:g}"} for k, s in PLACE_SIZES.items()}
            out[name] = categorized_qml(
                "kind",
                cats,
                kind,
                outline="#ffffff",
                category_props=sizes,
                label_field=PLACE_LABEL,
                label_is_expression=True,
            )
    return out


def project_styles(project: Project, *, language: str = "zh") -> dict[str, str]:
    """The QML style of each layer of a project file, for :func:`gis.project.save_project`.

    Schools by type, the population graduated by primary-age children (the window's colour
    ramp, cells drawn as squares of the grid's size), roads by class, township outlines with
    names, places by kind (the seats labelled) and rivers as blue lines.

    Parameters
    ----------
    project
        The project about to be saved.
    language
        ``"zh"`` or ``"en"``: the words of the legends.

    Returns
    -------
    Layer name → QML document, for the layers ``schools``, ``population``, ``roads``,
    ``townships``, ``places`` and ``rivers``.
    """
    from gis.schema import VECTOR_LAYERS

    check_language(language)
    frames = {name: getattr(project, name) for name in VECTOR_LAYERS if name != "population"}
    styles = layer_qml(frames, language=language)
    styles["population"] = population_qml(project, language=language)
    return {name: styles[name] for name in VECTOR_LAYERS if name in styles}


def population_qml(project: Project, *, column: str = "primary", language: str = "zh") -> str:
    """The project's population points graduated by children per cell, as the window draws them.

    The window's layer ``population_<column>`` (:func:`layers.model.project_layers`) gives the
    colour map and opacity, :func:`layers.webmap.population_range` the bottom and top of its
    ramp; each point is drawn as a square the size of a grid cell, so the layer looks like
    the window's children image.
    """
    from layers.model import project_layers
    from layers.webmap import population_range

    layer = project_layers(project)[f"population_{column}"]
    values = project.population[column].to_numpy(dtype=float)
    span = population_range(project, column)
    ranges = (
        population_ranges(
            span,
            largest=float(np.nanmax(values)),
            colormap=str(layer.style.get("colormap", "YlOrRd")),
            language=language,
        )
        if span is not None
        else []
    )
    square = {"name": "square", "outline_style": "no", "size": f"{project.cell_size:g}", "size_unit": "MapUnit"}
    return graduated_qml(column, ranges, "marker", opacity=layer.opacity, symbol_props=square)


def travel_time_ranges(language: str = "zh") -> list[Range]:
    """The travel time classes of the window (:data:`layers.style.TRAVEL_TIME_BOUNDS`) as ranges.

    A bound belongs to the class below it (QGIS takes the first range that holds a value);
    the last class is the unreachable cells (NULL trips, classified as ``UNREACHABLE_MINUTES``).
    """
    lowers = (0.0, *TRAVEL_TIME_BOUNDS)
    uppers = (*TRAVEL_TIME_BOUNDS, UNREACHABLE_MINUTES / 10)
    labels = travel_time_labels(language)
    ranges = [
        Range(lo, hi, labels[i], TRAVEL_TIME_COLORS[i]) for i, (lo, hi) in enumerate(zip(lowers, uppers, strict=True))
    ]
    unreachable = term("legend.unreachable", language)
    ranges.append(Range(UNREACHABLE_MINUTES / 10, UNREACHABLE_MINUTES, unreachable, UNREACHABLE_COLOR))
    return ranges


def population_ranges(
    span: tuple[float, float], *, largest: float, colormap: str = "YlOrRd", language: str = "zh"
) -> list[Range]:
    """Classes of children per cell coloured as on the window's population ramp.

    The window stretches the colour map by the square root from the smallest non-empty cell
    to the top of the ramp (``span``, :func:`layers.webmap.population_range`), at
    :func:`layers.webmap.ramp_position`; the classes are :data:`POPULATION_CLASSES` equal steps
    of that stretch, each coloured at its middle, the last one reaching the ``largest`` cell.
    """
    import matplotlib
    import matplotlib.colors

    from layers.webmap import ramp_position

    bottom, top = span
    cmap = matplotlib.colormaps[colormap]
    n = POPULATION_CLASSES
    bounds = [bottom, *(max(bottom, top * (k / n) ** 2) for k in range(1, n)), max(top, largest)]
    unit = term("unit.children", language)
    ranges = []
    for k in range(n):
        lo, hi = bounds[k], bounds[k + 1]
        if hi <= lo:  # a ramp too short for all its classes
            continue
        color = matplotlib.colors.to_hex(cmap(float(ramp_position(((k + 0.5) / n) ** 2))))
        ranges.append(Range(lo, hi, f"{lo:.2f}–{hi:.2f} {unit}", color))
    return ranges


def _catchments_qml(frame: gpd.GeoDataFrame) -> str:
    from layers._print import catchment_colors

    ids = list(dict.fromkeys(frame["school_id"].astype(str)))
    names = dict(zip(frame["school_id"].astype(str), frame["name"].astype(str), strict=True))
    index = catchment_colors(frame)
    cats = [Category(sid, names[sid], CATCHMENT_PALETTE[index[sid] % len(CATCHMENT_PALETTE)]) for sid in ids]
    return categorized_qml("school_id", cats, "fill", outline=CATCHMENT_OUTLINE, opacity=CATCHMENT_OPACITY)


def _present(values: Iterable[object], known: Mapping[str, tuple[str, str]]) -> list[Category]:
    """One category per value present: the known ones in their order, then any other (grey)."""
    present = list(dict.fromkeys(str(v) for v in values))
    cats = [Category(k, label, color) for k, (label, color) in known.items() if k in present]
    cats += [Category(v, v, OTHER_COLOR) for v in present if v not in known]
    return cats


def _base(name: str) -> str:
    for prefix in ("cells", "catchments"):
        if name == prefix or name.startswith(f"{prefix}_"):
            return prefix
    return name


def _kind(name: str) -> str:
    return LAYER_KINDS[_base(name)]


def role_label(role: str, language: str) -> str:
    """The words of a suggestion role (a value of the ``role`` column of :func:`gis.suggest.suggestions_frame`)."""
    return find(f"suggestion.{role}", language) or find(f"school.{role}", language) or role


# --------------------------------------------------------------------------- QML


def rgba(color: str, alpha: float = 1.0) -> str:
    """A ``#rrggbb`` colour as QGIS writes one: ``r,g,b,a`` with 0–255 components."""
    text = color.lstrip("#")
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{round(255 * alpha)}"


def categorized_qml(
    attribute: str,
    categories: Sequence[Category],
    kind: str,
    *,
    outline: str = "#555555",
    opacity: float = 1.0,
    widths: Mapping[str, float] | None = None,
    category_props: Mapping[str, Mapping[str, str]] | None = None,
    label_field: str | None = None,
    label_is_expression: bool = False,
) -> str:
    """A QML document with a categorized renderer (one symbol per category).

    ``widths`` and ``category_props`` give some categories their own line or outline width
    and symbol layer properties (a marker's ``size`` …); ``label_field`` labels the features
    with a field, or an expression when ``label_is_expression``.
    """
    root = _root(label_field)
    renderer = ET.SubElement(
        root,
        "renderer-v2",
        type="categorizedSymbol",
        attr=attribute,
        symbollevels="0",
        forceraster="0",
        enableorderby="0",
    )
    cats = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    for i, cat in enumerate(categories):
        ET.SubElement(cats, "category", render="true", value=cat.value, symbol=str(i), label=cat.label, type="string")
        width = (widths or {}).get(cat.value)
        extra = (category_props or {}).get(cat.value)
        symbols.append(_symbol(str(i), kind, cat.color, outline=outline, opacity=opacity, width=width, extra=extra))
    source = ET.SubElement(renderer, "source-symbol")
    source.append(_symbol("0", kind, OTHER_COLOR, outline=outline, opacity=opacity))
    _finish(root, kind, label_field, label_is_expression)
    return _serialise(root)


def graduated_qml(
    attribute: str,
    ranges: Sequence[Range],
    kind: str,
    *,
    opacity: float = 1.0,
    symbol_props: Mapping[str, str] | None = None,
) -> str:
    """A QML document with a graduated renderer (one symbol per range, bounds inclusive).

    Fills are outlined in their own colour with a hairline (no seams between cells);
    ``symbol_props`` overrides
    properties of every symbol layer (a marker's ``name``, ``size`` …).
    """
    root = _root(None)
    renderer = ET.SubElement(
        root,
        "renderer-v2",
        type="graduatedSymbol",
        attr=attribute,
        graduatedMethod="GraduatedColor",
        symbollevels="0",
        forceraster="0",
        enableorderby="0",
    )
    rng = ET.SubElement(renderer, "ranges")
    symbols = ET.SubElement(renderer, "symbols")
    seamless = ({"outline_style": "solid", "outline_width": "0"} if kind == "fill" else {}) | dict(symbol_props or {})
    for i, r in enumerate(ranges):
        ET.SubElement(
            rng, "range", render="true", lower=f"{r.lower:.6f}", upper=f"{r.upper:.6f}", symbol=str(i), label=r.label
        )
        symbols.append(_symbol(str(i), kind, r.color, outline=r.color, opacity=opacity, width=0.0, extra=seamless))
    source = ET.SubElement(renderer, "source-symbol")
    source.append(_symbol("0", kind, OTHER_COLOR, outline=OTHER_COLOR, opacity=opacity, width=0.0, extra=symbol_props))
    ET.SubElement(renderer, "mode", name="manual")
    _finish(root, kind, None)
    return _serialise(root)


def single_qml(
    kind: str,
    color: str,
    *,
    outline: str = "#555555",
    outline_width: float | None = None,
    hollow: bool = False,
    label_field: str | None = None,
) -> str:
    """A QML document with a single symbol renderer (``outline_width`` is a line's width for lines)."""
    root = _root(label_field)
    renderer = ET.SubElement(
        root, "renderer-v2", type="singleSymbol", symbollevels="0", forceraster="0", enableorderby="0"
    )
    symbols = ET.SubElement(renderer, "symbols")
    symbols.append(_symbol("0", kind, color, outline=outline, opacity=1.0, width=outline_width, hollow=hollow))
    _finish(root, kind, label_field)
    return _serialise(root)


def _root(label_field: str | None) -> ET.Element:
    return ET.Element(
        "qgis", version=QGIS_VERSION, styleCategories="Symbology|Labeling", labelsEnabled="1" if label_field else "0"
    )


def _finish(root: ET.Element, kind: str, label_field: str | None, label_is_expression: bool = False) -> None:
    if label_field:
        labeling = ET.SubElement(root, "labeling", type="simple")
        settings = ET.SubElement(labeling, "settings", calloutType="simple")
        ET.SubElement(
            settings,
            "text-style",
            fieldName=label_field,
            isExpression="1" if label_is_expression else "0",
            fontSize="8",
            fontSizeUnit="Point",
            textColor="50,50,50,255",
            textOpacity="1",
            fontFamily=CJK_FAMILY,
        )
        ET.SubElement(
            settings,
            "text-buffer",
            bufferDraw="1",
            bufferSize="0.8",
            bufferSizeUnits="MM",
            bufferColor="255,255,255,255",
            bufferOpacity="1",
        )
        # A labelled polygon layer is by default an obstacle over its whole interior: the
        # township names would leave no room for any school's.
        ET.SubElement(
            settings, "rendering", scaleVisibility="0", drawLabels="1", obstacle="0" if kind == "fill" else "1"
        )
    ET.SubElement(root, "blendMode").text = "0"
    ET.SubElement(root, "featureBlendMode").text = "0"
    # QGIS refuses a style whose geometry type is not the layer's ("Cannot apply style with
    # symbology to layer with a different geometry type"); an empty one reads as points.
    ET.SubElement(root, "layerGeometryType").text = str(GEOMETRY_TYPES[kind])


def _symbol(
    name: str,
    kind: str,
    color: str,
    *,
    outline: str,
    opacity: float,
    width: float | None = None,
    hollow: bool = False,
    extra: Mapping[str, str] | None = None,
) -> ET.Element:
    """A ``<symbol>`` of one simple layer: fill, line or marker; ``extra`` overrides its properties."""
    symbol = ET.Element("symbol", type=kind, name=name, alpha=f"{opacity:g}", clip_to_extent="1", force_rhr="0")
    if kind == "fill":
        cls = "SimpleFill"
        props = {
            "color": rgba(color),
            "style": "no" if hollow else "solid",
            "outline_color": rgba(outline),
            "outline_style": "solid" if width is None or width > 0 else "no",
            "outline_width": f"{width if width is not None else 0.26:g}",
            "outline_width_unit": "Point" if width is not None else "MM",
            "joinstyle": "bevel",
        }
    elif kind == "line":
        cls = "SimpleLine"
        props = {
            "line_color": rgba(color),
            "line_width": f"{width if width is not None else 0.5:g}",
            "line_width_unit": "Point",
            "line_style": "solid",
            "capstyle": "round",
            "joinstyle": "round",
        }
    elif kind == "marker":
        cls = "SimpleMarker"
        props = {
            "name": "circle",
            "color": rgba(color),
            "outline_color": rgba(outline),
            "outline_style": "solid",
            "outline_width": "0.4",
            "outline_width_unit": "MM",
            "size": "3",
            "size_unit": "MM",
        }
    else:
        raise ValueError(f"unknown symbol kind {kind!r}")
    props |= dict(extra or {})
    layer = ET.SubElement(symbol, "layer", {"class": cls, "enabled": "1", "locked": "0", "pass": "0"})
    # Both forms: <Option> maps (QGIS 3.26 and later) and <prop> entries (earlier 3.x).
    option = ET.SubElement(layer, "Option", type="Map")
    for k, v in props.items():
        ET.SubElement(option, "Option", name=k, type="QString", value=v)
    for k, v in props.items():
        ET.SubElement(layer, "prop", k=k, v=v)
    return symbol


def _serialise(root: ET.Element) -> str:
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"


def parse_qml(qml: str) -> ET.Element:
    """The root ``<qgis>`` element of a QML document (its DTD is never fetched)."""
    return ET.fromstring(qml)


def qml_colors(qml: str) -> set[str]:
    """Every colour a QML document's symbols use, as ``#rrggbb`` (lower case)."""
    found: set[str] = set()
    for option in parse_qml(qml).iter("Option"):
        if option.get("name") in ("color", "line_color", "outline_color"):
            parts = [int(float(v)) for v in str(option.get("value")).split(",")[:3]]
            found.add("#" + "".join(f"{v:02x}" for v in parts))
    return found
