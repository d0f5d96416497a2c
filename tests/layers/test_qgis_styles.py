"""The styled GeoPackage: its layers open with geopandas and each has a QGIS style whose QML parses."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import pytest

from gis.analysis import analyze
from gis.outputs import catchments_frame, cells_frame
from gis.project import load_project
from gis.scenario import Close
from gis.standards import load_standards
from gis.suggest import Suggestion, Suggestions
from layers.qgis_styles import write_styled_gpkg
from layers.style import (
    BOUNDARY_STYLE,
    CATCHMENT_PALETTE,
    ROAD_STYLES,
    SCHOOL_COLORS,
    TRAVEL_TIME_BOUNDS,
    TRAVEL_TIME_COLORS,
    UNREACHABLE_COLOR,
    travel_time_class,
)

DEMO = Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"
LAYERS = {"catchments", "cells", "schools", "roads", "townships", "suggestions"}
QGIS_COLUMNS = [
    "id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
    "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time",
]  # fmt: skip


@pytest.fixture(scope="module")
def styled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo county analysed once and written as a styled GeoPackage, with one suggestion."""
    project = load_project(DEMO)
    analysis = analyze(project, load_standards())
    a, b = (str(v) for v in project.schools["school_id"].iloc[:2])
    close = Suggestion(
        "S01", "primary", "close", (a,), ("x",), (b,), (), 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0, 0, "撤并", "close",
        (Close(a),),
    )  # fmt: skip
    path = write_styled_gpkg(
        tmp_path_factory.mktemp("gpkg") / "styled.gpkg", analysis, suggestions=Suggestions((close,))
    )
    with sqlite3.connect(path) as db:
        rows = db.execute(f"SELECT {', '.join(QGIS_COLUMNS)} FROM layer_styles").fetchall()
        columns = [r[1] for r in db.execute("PRAGMA table_info(layer_styles)")]
        geometry = dict(db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall())
    db.close()
    styles = {r[3]: dict(zip(QGIS_COLUMNS, r, strict=True)) for r in rows}
    return {"analysis": analysis, "path": path, "rows": rows, "styles": styles, "columns": columns,
            "geometry": geometry}  # fmt: skip


def _qml(styled: dict[str, Any], layer: str) -> ET.Element:
    return ET.fromstring(styled["styles"][layer]["styleQML"])


def _colour(rgba: str) -> str:
    r, g, b = (int(v) for v in rgba.split(",")[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def _symbol_colours(root: ET.Element) -> dict[Any, dict[Any, Any]]:
    """Each renderer symbol's properties (from the <Option> map), by symbol name."""
    out = {}
    for symbol in root.find("renderer-v2/symbols").iter("symbol"):  # type: ignore[union-attr]
        props = {o.get("name"): o.get("value") for o in symbol.iter("Option") if o.get("name")}
        out[symbol.get("name")] = props
    return out


def test_layers_open_with_geopandas(styled: dict[str, Any]) -> None:
    listed = {str(name) for name, _geom in pyogrio.list_layers(styled["path"])}
    assert listed == LAYERS | {"layer_styles"}
    analysis = styled["analysis"]
    project = analysis.project
    expected = {
        "catchments": len(catchments_frame(analysis)),
        "cells": len(cells_frame(analysis)),
        "schools": len(project.schools),
        "roads": len(project.roads),
        "townships": len(project.townships),
        "suggestions": 2,  # the closed school and its receiving school
    }
    for layer, n in expected.items():
        frame = gpd.read_file(styled["path"], layer=layer)
        assert len(frame) == n, layer
        assert frame.crs == project.schools.crs


def test_layer_styles_table_has_qgis_schema_and_one_default_row_per_layer(styled: dict[str, Any]) -> None:
    assert styled["columns"] == QGIS_COLUMNS
    assert len(styled["rows"]) == len(LAYERS)
    assert set(styled["styles"]) == LAYERS
    for layer, row in styled["styles"].items():
        assert row["useAsDefault"] == 1
        assert row["styleName"] == "SchoolPlan"
        assert row["f_geometry_column"] == styled["geometry"][layer]
        root = ET.fromstring(row["styleQML"])
        assert root.tag == "qgis"
        assert root.find("renderer-v2") is not None
    # Registered as an attribute table, so GDAL and QGIS see it.
    assert pyogrio.read_dataframe(styled["path"], layer="layer_styles").shape[0] == len(LAYERS)


def test_roads_by_class_with_window_colours_and_widths(styled: dict[str, Any]) -> None:
    root = _qml(styled, "roads")
    renderer = root.find("renderer-v2")
    assert renderer is not None and renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "road_class"
    symbols = _symbol_colours(root)
    categories = {c.get("value"): c for c in renderer.iter("category")}
    assert set(categories) == set(ROAD_STYLES)
    for road_class, style in ROAD_STYLES.items():
        props = symbols[categories[road_class].get("symbol")]
        assert _colour(props["line_color"]) == style.color
        assert float(props["line_width"]) == style.width
    assert categories["county"].get("label") == "县道"


def test_schools_by_type_with_window_colours(styled: dict[str, Any]) -> None:
    root = _qml(styled, "schools")
    renderer = root.find("renderer-v2")
    assert renderer is not None and renderer.get("attr") == "type"
    symbols = _symbol_colours(root)
    found = {c.get("value"): _colour(symbols[c.get("symbol")]["color"]) for c in renderer.iter("category")}
    assert found == SCHOOL_COLORS
    assert root.find("labeling/settings/text-style").get("fieldName") == "name"  # type: ignore[union-attr]
    schools = gpd.read_file(styled["path"], layer="schools")
    assert {"overcrowded", "under_100", "pupils"} <= set(schools.columns)


def test_catchments_by_school_from_the_palette(styled: dict[str, Any]) -> None:
    root = _qml(styled, "catchments")
    renderer = root.find("renderer-v2")
    assert renderer is not None and renderer.get("attr") == "school_id"
    symbols = _symbol_colours(root)
    colours = {c.get("value"): _colour(symbols[c.get("symbol")]["color"]) for c in renderer.iter("category")}
    catchments = gpd.read_file(styled["path"], layer="catchments")
    assert set(catchments["school_id"]) == set(colours)
    assert set(colours.values()) == set(CATCHMENT_PALETTE[: len(colours)])


def test_travel_time_graduated_like_the_window(styled: dict[str, Any]) -> None:
    root = _qml(styled, "cells")
    renderer = root.find("renderer-v2")
    assert renderer is not None and renderer.get("type") == "graduatedSymbol"
    assert '"travel_min"' in str(renderer.get("attr"))
    symbols = _symbol_colours(root)
    ranges = [(float(r.get("lower", "nan")), float(r.get("upper", "nan")), _colour(symbols[r.get("symbol")]["color"]))
              for r in renderer.iter("range")]  # fmt: skip
    assert [c for *_b, c in ranges] == [*TRAVEL_TIME_COLORS, UNREACHABLE_COLOR]
    assert [hi for _lo, hi, _c in ranges[: len(TRAVEL_TIME_BOUNDS)]] == list(TRAVEL_TIME_BOUNDS)
    # QGIS gives a value the first range holding it (bounds inclusive); a NULL trip is
    # classified as coalesce(travel_min, 1e9). That must match the window's classes.
    big = float(str(renderer.get("attr")).rsplit(",", 1)[1].strip(" )"))

    def qgis_class(minutes: float) -> int:
        value = big if not np.isfinite(minutes) else minutes
        return next(i for i, (lo, hi, _c) in enumerate(ranges) if lo <= value <= hi)

    samples = [0.0, 7.5, 15.0, 15.01, 30.0, 44.9, 45.0, 60.0, 89.0, 90.0, 90.5, 600.0, np.inf]
    assert [qgis_class(m) for m in samples] == travel_time_class(np.array(samples)).tolist()


def test_unreachable_trips_are_null_and_the_others_kept(styled: dict[str, Any]) -> None:
    cells = gpd.read_file(styled["path"], layer="cells")
    expected = cells_frame(styled["analysis"])["travel_min"].to_numpy(dtype=float)
    got = cells["travel_min"].to_numpy(dtype=float)
    assert np.array_equal(np.isnan(got), ~np.isfinite(expected))
    assert np.allclose(got[np.isfinite(expected)], expected[np.isfinite(expected)])


def test_townships_hollow_with_boundary_colour(styled: dict[str, Any]) -> None:
    root = _qml(styled, "townships")
    props = _symbol_colours(root)["0"]
    assert props["style"] == "no"
    assert _colour(props["outline_color"]) == BOUNDARY_STYLE.color


def test_english_labels_and_atomic_rewrite(styled: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "en.gpkg"
    target.write_bytes(b"old")
    with pytest.raises(ValueError, match="language"):
        write_styled_gpkg(target, styled["analysis"], language="fr")
    assert target.read_bytes() == b"old"
    write_styled_gpkg(target, styled["analysis"], language="en")
    with sqlite3.connect(target) as db:
        (qml,) = db.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = 'roads'").fetchone()
        count = db.execute("SELECT count(*) FROM layer_styles").fetchone()[0]
    db.close()
    assert count == len(LAYERS) - 1  # no suggestions layer
    labels = {c.get("value"): c.get("label") for c in ET.fromstring(qml).iter("category")}
    assert labels["county"] == "County road"
    assert [p.name for p in tmp_path.iterdir()] == ["en.gpkg"]
