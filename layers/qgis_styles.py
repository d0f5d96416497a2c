"""A GeoPackage of an analysis that opens in QGIS already styled like SchoolPlan's window.

:func:`write_styled_gpkg` writes the layers ``catchments``, ``cells``, ``schools``, ``roads``,
``townships`` (and ``suggestions`` when given) and stores a QGIS style for each in the
file's ``layer_styles`` table, the table QGIS itself reads and writes (one row per layer,
``useAsDefault`` set, so QGIS applies it when the layer is added). The styles are QML built
from :mod:`layers.style`: catchments categorized by school with the catchment palette,
analysed cells graduated by travel time with the window's classes and colours (unreachable
cells black), roads by class with their colours and widths, schools by type.

In the ``cells`` layer a trip to no reachable school is NULL (not infinity, which neither
SQL nor QGIS's classification handles); the travel time renderer classifies
``coalesce("travel_min", 1000000000)`` so that those cells fall in the "no school reachable" class.
"""

from __future__ import annotations

import os
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from layers.style import (
    BOUNDARY_STYLE,
    CATCHMENT_PALETTE,
    OVERCROWDED_COLOR,
    ROAD_STYLES,
    SCHOOL_COLORS,
    TRAVEL_TIME_BOUNDS,
    TRAVEL_TIME_COLORS,
    TRAVEL_TIME_LABELS,
    TRAVEL_TIME_UNREACHABLE_LABEL,
    UNREACHABLE_COLOR,
    school_flags,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.analysis import Analysis
    from gis.suggest import Suggestions

QGIS_VERSION = "3.28.0-Firenze"
STYLE_NAME = "SchoolPlan"
# Travel time of an unreachable cell in the renderer's expression (a NULL trip).
UNREACHABLE_MINUTES = 1e9
CATCHMENT_OUTLINE = "#555555"
CATCHMENT_OPACITY = 0.5  # as the window draws them
# Suggestion roles: layers/style.py has no colours for them, so they are chosen here
# (a closed school red as an overcrowded one, the others from the school palette).
ROLE_COLORS: dict[str, str] = {
    "closed": OVERCROWDED_COLOR,
    "merged_into": SCHOOL_COLORS["nine_year"],
    "receiving": SCHOOL_COLORS["primary"],
    "teaching_point": SCHOOL_COLORS["teaching_point"],
    "new": "#2ca02c",
}

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "primary": "小学",
        "junior": "初中",
        "nine_year": "九年一贯制学校",
        "teaching_point": "教学点",
        "county": "县道",
        "township": "乡道",
        "village": "村道",
        "path": "小路",
        "closed": "撤并",
        "merged_into": "合并至此",
        "receiving": "接收学校",
        "new": "新建",
        "unreachable": "无法到达学校",
        "min": "分钟",
        "over": "以上",
    },
    "en": {
        "primary": "Primary",
        "junior": "Junior secondary",
        "nine_year": "Nine-year school",
        "teaching_point": "Teaching point",
        "county": "County road",
        "township": "Township road",
        "village": "Village road",
        "path": "Path",
        "closed": "Closed",
        "merged_into": "Merged into",
        "receiving": "Receiving school",
        "new": "New school",
        "unreachable": TRAVEL_TIME_UNREACHABLE_LABEL,
    },
}

LAYER_STYLES_DDL = (
    "CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), "
    "f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), "
    "styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), "
    "update_time DATETIME DEFAULT CURRENT_TIMESTAMP)"
)


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
        The ``.gpkg`` file; replaced only once every layer and style is written.
    analysis
        The analysis (:func:`gis.analysis.analyze`).
    suggestions
        Planning suggestions; adds the ``suggestions`` layer (points by role).
    language
        ``"zh"`` or ``"en"``: the words of the legends (layer and field names stay English).

    Returns
    -------
    The path written.
    """
    import pyogrio

    from gis.outputs import write_atomic
    from gis.project import has_arrow

    if language not in WORDS:
        raise ValueError(f"language must be one of {', '.join(WORDS)}, not {language!r}")
    frames = styled_frames(analysis, suggestions=suggestions)
    styles = layer_qml(frames, language=language)
    arrow = has_arrow()

    def write(tmp: Path) -> None:
        for name, frame in frames.items():
            pyogrio.write_dataframe(frame, tmp, layer=name, driver="GPKG", use_arrow=arrow)
        geometry_columns = {name: _geometry_column(tmp, name) for name in frames}
        write_layer_styles(tmp, styles, geometry_columns=geometry_columns)

    return write_atomic(path, write)


def styled_frames(analysis: Analysis, *, suggestions: Suggestions | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The layers of the styled GeoPackage, by name, in drawing order (bottom first)."""
    from gis.outputs import catchments_frame, cells_frame

    project = analysis.project
    cells = cells_frame(analysis)
    for column in ("travel_min", "assigned_travel_min"):
        values = cells[column].to_numpy(dtype=float)
        cells[column] = np.where(np.isfinite(values), values, np.nan)
    schools = project.schools.copy()
    flags = school_flags(schools, analysis)
    for flag in flags.columns:
        schools[flag if flag not in schools.columns else f"flag_{flag}"] = flags[flag].to_numpy()
    schools["pupils"] = sum(schools[f"enrol_g{g}"].to_numpy(dtype=float) for g in range(1, 10))
    frames: dict[str, gpd.GeoDataFrame] = {
        "townships": project.townships,
        "cells": cells,
        "catchments": catchments_frame(analysis),
        "roads": project.roads,
        "schools": schools,
    }
    if suggestions is not None:
        from gis.suggest import suggestions_frame

        frames["suggestions"] = suggestions_frame(suggestions, analysis)
    return frames


def layer_qml(frames: Mapping[str, gpd.GeoDataFrame], *, language: str = "zh") -> dict[str, str]:
    """The QML style of each layer of :func:`styled_frames`."""
    words = WORDS[language]
    out: dict[str, str] = {}
    for name, frame in frames.items():
        if name == "catchments":
            ids = list(dict.fromkeys(frame["school_id"].astype(str)))
            names = dict(zip(frame["school_id"].astype(str), frame["name"].astype(str), strict=True))
            cats = [Category(sid, names[sid], CATCHMENT_PALETTE[i % len(CATCHMENT_PALETTE)]) for i, sid in
                    enumerate(ids)]  # fmt: skip
            out[name] = categorized_qml("school_id", cats, "fill", outline=CATCHMENT_OUTLINE, opacity=CATCHMENT_OPACITY)
        elif name == "cells":
            out[name] = graduated_qml(
                f'coalesce("travel_min", {UNREACHABLE_MINUTES:.0f})', travel_time_ranges(language), "fill"
            )
        elif name == "roads":
            cats = [Category(k, words.get(k, k), s.color) for k, s in ROAD_STYLES.items()]
            widths = {k: s.width for k, s in ROAD_STYLES.items()}
            out[name] = categorized_qml("road_class", cats, "line", widths=widths)
        elif name == "schools":
            cats = [Category(k, words.get(k, k), c) for k, c in SCHOOL_COLORS.items()]
            out[name] = categorized_qml("type", cats, "marker", outline="#ffffff", label_field="name")
        elif name == "townships":
            out[name] = single_qml("fill", BOUNDARY_STYLE.color, outline=BOUNDARY_STYLE.color,
                                   outline_width=BOUNDARY_STYLE.width, hollow=True, label_field="name")  # fmt: skip
        elif name == "suggestions":
            cats = [Category(k, words.get(k, k), c) for k, c in ROLE_COLORS.items()]
            out[name] = categorized_qml("role", cats, "marker", outline="#000000", label_field="suggestion")
    return out


def travel_time_ranges(language: str = "zh") -> list[Range]:
    """The travel time classes of the window (:data:`layers.style.TRAVEL_TIME_BOUNDS`) as ranges.

    A bound belongs to the class below it (QGIS takes the first range that holds a value);
    the last class is the unreachable cells (NULL trips, classified as ``UNREACHABLE_MINUTES``).
    """
    words = WORDS[language]
    lowers = (0.0, *TRAVEL_TIME_BOUNDS)
    uppers = (*TRAVEL_TIME_BOUNDS, UNREACHABLE_MINUTES / 10)
    ranges = []
    for i, (lo, hi) in enumerate(zip(lowers, uppers, strict=True)):
        if language == "zh":
            text = (
                f"{lo:g}–{hi:g} {words['min']}"
                if i < len(TRAVEL_TIME_BOUNDS)
                else f"{lo:g} {words['min']}{words['over']}"
            )
        else:
            text = TRAVEL_TIME_LABELS[i]
        ranges.append(Range(lo, hi, text, TRAVEL_TIME_COLORS[i]))
    ranges.append(Range(UNREACHABLE_MINUTES / 10, UNREACHABLE_MINUTES, words["unreachable"], UNREACHABLE_COLOR))
    return ranges


def write_layer_styles(
    path: str | os.PathLike[str], styles: Mapping[str, str], *, geometry_columns: Mapping[str, str] | None = None
) -> None:
    """Store QML styles in a GeoPackage's ``layer_styles`` table (made and registered if missing).

    One row per layer, the default style of the layer (``useAsDefault`` 1); an older default
    SchoolPlan style of the same layer is replaced.
    """
    columns = geometry_columns or {}
    with sqlite3.connect(os.fspath(path)) as db:
        exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'layer_styles'").fetchone()
        if not exists:
            db.execute(LAYER_STYLES_DDL)
            db.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                "VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles', "
                "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
            )
        for layer, qml in styles.items():
            db.execute("DELETE FROM layer_styles WHERE f_table_name = ? AND styleName = ?", (layer, STYLE_NAME))
            db.execute("UPDATE layer_styles SET useAsDefault = 0 WHERE f_table_name = ?", (layer,))
            db.execute(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
                "VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                (layer, columns.get(layer, "geom"), STYLE_NAME, qml, f"SchoolPlan style of {layer}"),
            )
    # The connection's context manager commits but does not close.
    db.close()


def _geometry_column(path: Path, layer: str) -> str:
    with sqlite3.connect(os.fspath(path)) as db:
        row = db.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)).fetchone()
    db.close()
    return str(row[0]) if row else "geom"


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
    label_field: str | None = None,
) -> str:
    """A QML document with a categorized renderer (one symbol per category)."""
    root = _root(label_field)
    renderer = ET.SubElement(root, "renderer-v2", type="categorizedSymbol", attr=attribute, symbollevels="0",
                             forceraster="0", enableorderby="0")  # fmt: skip
    cats = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    for i, cat in enumerate(categories):
        ET.SubElement(cats, "category", render="true", value=cat.value, symbol=str(i), label=cat.label, type="string")
        width = (widths or {}).get(cat.value)
        symbols.append(_symbol(str(i), kind, cat.color, outline=outline, opacity=opacity, width=width))
    source = ET.SubElement(renderer, "source-symbol")
    source.append(_symbol("0", kind, "#999999", outline=outline, opacity=opacity))
    _finish(root, label_field)
    return _serialise(root)


def graduated_qml(attribute: str, ranges: Sequence[Range], kind: str) -> str:
    """A QML document with a graduated renderer (one symbol per range, bounds inclusive)."""
    root = _root(None)
    renderer = ET.SubElement(root, "renderer-v2", type="graduatedSymbol", attr=attribute,
                             graduatedMethod="GraduatedColor", symbollevels="0", forceraster="0",
                             enableorderby="0")  # fmt: skip
    rng = ET.SubElement(renderer, "ranges")
    symbols = ET.SubElement(renderer, "symbols")
    for i, r in enumerate(ranges):
        ET.SubElement(rng, "range", render="true", lower=f"{r.lower:.6f}", upper=f"{r.upper:.6f}", symbol=str(i),
                      label=r.label)  # fmt: skip
        symbols.append(_symbol(str(i), kind, r.color, outline=r.color, opacity=1.0, width=0.0))
    source = ET.SubElement(renderer, "source-symbol")
    source.append(_symbol("0", kind, "#999999", outline="#999999", opacity=1.0, width=0.0))
    ET.SubElement(renderer, "mode", name="manual")
    _finish(root, None)
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
    """A QML document with a single symbol renderer."""
    root = _root(label_field)
    renderer = ET.SubElement(root, "renderer-v2", type="singleSymbol", symbollevels="0", forceraster="0",
                             enableorderby="0")  # fmt: skip
    symbols = ET.SubElement(renderer, "symbols")
    symbols.append(_symbol("0", kind, color, outline=outline, opacity=1.0, width=outline_width, hollow=hollow))
    _finish(root, label_field)
    return _serialise(root)


def _root(label_field: str | None) -> ET.Element:
    return ET.Element("qgis", version=QGIS_VERSION, styleCategories="Symbology|Labeling",
                      labelsEnabled="1" if label_field else "0")  # fmt: skip


def _finish(root: ET.Element, label_field: str | None) -> None:
    if label_field:
        labeling = ET.SubElement(root, "labeling", type="simple")
        settings = ET.SubElement(labeling, "settings", calloutType="simple")
        ET.SubElement(settings, "text-style", fieldName=label_field, isExpression="0", fontSize="8",
                      fontSizeUnit="Point", textColor="50,50,50,255", textOpacity="1",
                      fontFamily="Noto Sans SC")  # fmt: skip
        ET.SubElement(settings, "text-buffer", bufferDraw="1", bufferSize="0.8", bufferSizeUnits="MM",
                      bufferColor="255,255,255,255", bufferOpacity="1")  # fmt: skip
        ET.SubElement(settings, "rendering", scaleVisibility="0", drawLabels="1")
    ET.SubElement(root, "blendMode").text = "0"
    ET.SubElement(root, "featureBlendMode").text = "0"
    ET.SubElement(root, "layerGeometryType").text = ""


def _symbol(
    name: str,
    kind: str,
    color: str,
    *,
    outline: str,
    opacity: float,
    width: float | None = None,
    hollow: bool = False,
) -> ET.Element:
    """A ``<symbol>`` of one simple layer: fill, line or marker."""
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
