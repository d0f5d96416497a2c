"""The styled GeoPackage and the project file's styles: layers open with geopandas, each has a QGIS style.

What QGIS itself makes of them is checked in test_qgis_in_qgis.py (where PyQGIS is installed).
"""

from __future__ import annotations

import itertools
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import pytest

from gis.analysis import analyze
from gis.edits import Close
from gis.frames import catchments_frame, cells_frame
from gis.gpkg_styles import read_layer_styles
from gis.project import Project, load_project, save_project
from gis.standards import load_standards
from gis.suggest import Suggestion, Suggestions
from layers.qgis_styles import project_styles, write_styled_gpkg
from layers.style import (
    BOUNDARY_STYLE,
    CATCHMENT_PALETTE,
    RIVER_STYLE,
    ROAD_STYLES,
    SCHOOL_COLORS,
    TRAVEL_TIME_BOUNDS,
    TRAVEL_TIME_COLORS,
    UNREACHABLE_COLOR,
    travel_time_class,
)

DEMO = Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"
LEVELS = ("primary", "junior")
LAYERS = {"townships", *(f"{kind}_{level}" for kind in ("cells", "catchments") for level in LEVELS), "roads", "schools",
          "suggestions"}  # fmt: skip
PROJECT_LAYERS = {"schools", "population", "roads", "townships", "places", "rivers"}
# QgsWkbTypes::GeometryType of the GeoPackage's geometry type names.
QGIS_GEOMETRY = {"POINT": 0, "MULTIPOINT": 0, "LINESTRING": 1, "MULTILINESTRING": 1, "POLYGON": 2, "MULTIPOLYGON": 2}
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
    return {"analysis": analysis, "path": path, **_read_styles(path)}


@pytest.fixture(scope="module")
def project_file(styled: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo project saved (by save_project, from its own file) with its styles."""
    project = styled["analysis"].project
    path = write_styled_project(project, tmp_path_factory.mktemp("project") / "county.gpkg")
    return {"project": project, "path": path, **_read_styles(path)}


def write_styled_project(project: Project, path: Path) -> Path:
    """A project file saved with SchoolPlan's styles, as the window and the CLI save it."""
    return save_project(project, path, styles=project_styles(project))


def _read_styles(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as db:
        rows = db.execute(f"SELECT {', '.join(QGIS_COLUMNS)} FROM layer_styles").fetchall()
        columns = [r[1] for r in db.execute("PRAGMA table_info(layer_styles)")]
        geometry = {t: (c, g) for t, c, g in db.execute(
            "SELECT table_name, column_name, geometry_type_name FROM gpkg_geometry_columns")}  # fmt: skip
        (version,) = db.execute("PRAGMA user_version").fetchone()
    db.close()
    styles = {r[3]: dict(zip(QGIS_COLUMNS, r, strict=True)) for r in rows}
    return {"rows": rows, "styles": styles, "columns": columns, "geometry": geometry, "version": version}


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


def _categories(root: ET.Element) -> dict[Any, ET.Element]:
    return {c.get("value"): c for c in root.iter("category")}


def test_layers_open_with_geopandas(styled: dict[str, Any]) -> None:
    listed = {str(name) for name, _geom in pyogrio.list_layers(styled["path"])}
    assert listed == LAYERS | {"layer_styles"}
    analysis = styled["analysis"]
    project = analysis.project
    catchments = catchments_frame(analysis)
    cells = cells_frame(analysis)
    expected = {
        **{f"catchments_{lv}": int((catchments["level"] == lv).sum()) for lv in LEVELS},
        **{f"cells_{lv}": int((cells["level"] == lv).sum()) for lv in LEVELS},
        "schools": len(project.schools),
        "roads": len(project.roads),
        "townships": len(project.townships),
        "suggestions": 2,  # the closed school and its receiving school
    }
    for layer, n in expected.items():
        frame = gpd.read_file(styled["path"], layer=layer)
        assert len(frame) == n > 0, layer
        assert frame.crs == project.schools.crs
        if layer.startswith(("cells_", "catchments_")):
            assert set(frame["level"]) == {layer.rsplit("_", 1)[1]}  # one level per layer: none drawn over another


def test_geopackage_version_1_2(styled: dict[str, Any]) -> None:
    # GDAL before 3.11 (so the QGIS 3.22 of Debian bookworm, GDAL 3.6) warns on opening 1.4 files.
    assert styled["version"] == 10200


@pytest.mark.parametrize("which", ["styled", "project_file"])
def test_layer_styles_table_has_qgis_schema_and_one_default_row_per_layer(which: str, request: Any) -> None:
    data = request.getfixturevalue(which)
    layers = LAYERS if which == "styled" else PROJECT_LAYERS
    assert data["columns"] == QGIS_COLUMNS
    assert len(data["rows"]) == len(layers)
    assert set(data["styles"]) == layers
    for layer, row in data["styles"].items():
        assert row["useAsDefault"] == 1
        assert row["styleName"] == "SchoolPlan"
        assert row["f_table_schema"] == ""  # QGIS looks styles up with f_table_schema = ''
        column, geometry_type = data["geometry"][layer]
        assert row["f_geometry_column"] == column
        root = ET.fromstring(row["styleQML"])
        assert root.tag == "qgis"
        assert root.find("renderer-v2") is not None
        # QGIS refuses a style of another geometry type; an empty one reads as points.
        assert root.findtext("layerGeometryType") == str(QGIS_GEOMETRY[geometry_type]), layer
    # Registered as an attribute table, so GDAL and QGIS see it.
    assert pyogrio.read_dataframe(data["path"], layer="layer_styles").shape[0] == len(layers)
    assert set(read_layer_styles(data["path"])) == layers


def test_roads_by_class_with_window_colours_and_widths(styled: dict[str, Any]) -> None:
    root = _qml(styled, "roads")
    renderer = root.find("renderer-v2")
    assert renderer is not None and renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "road_class"
    symbols = _symbol_colours(root)
    categories = _categories(root)
    present = set(gpd.read_file(styled["path"], layer="roads")["road_class"])
    assert set(categories) == present == set(ROAD_STYLES)  # the demo has every class
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
    schools = gpd.read_file(styled["path"], layer="schools")
    assert set(found) == set(schools["type"])
    assert found == {k: c for k, c in SCHOOL_COLORS.items() if k in found}
    assert root.find("labeling/settings/text-style").get("fieldName") == "name"  # type: ignore[union-attr]
    assert {"overcrowded", "under_100", "pupils"} <= set(schools.columns)


@pytest.mark.parametrize("level", LEVELS)
def test_catchments_by_school_from_the_palette_neighbours_apart(styled: dict[str, Any], level: str) -> None:
    root = _qml(styled, f"catchments_{level}")
    renderer = root.find("renderer-v2")
    assert renderer is not None and renderer.get("attr") == "school_id"
    symbols = _symbol_colours(root)
    colours = {c.get("value"): _colour(symbols[c.get("symbol")]["color"]) for c in renderer.iter("category")}
    catchments = gpd.read_file(styled["path"], layer=f"catchments_{level}")
    assert set(catchments["school_id"]) == set(colours)
    assert set(colours.values()) <= set(CATCHMENT_PALETTE)
    geoms = dict(zip(catchments["school_id"], catchments.geometry, strict=True))
    touching = [(a, b) for a in geoms for b in geoms if a < b and geoms[a].intersects(geoms[b])]
    assert touching, "the demo's catchments touch"
    assert all(colours[a] != colours[b] for a, b in touching)


@pytest.mark.parametrize("level", LEVELS)
def test_travel_time_graduated_like_the_window(styled: dict[str, Any], level: str) -> None:
    root = _qml(styled, f"cells_{level}")
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
    frame = cells_frame(styled["analysis"])
    for level in LEVELS:
        cells = gpd.read_file(styled["path"], layer=f"cells_{level}")
        expected = frame.loc[frame["level"] == level, "travel_min"].to_numpy(dtype=float)
        got = cells["travel_min"].to_numpy(dtype=float)
        assert np.array_equal(np.isnan(got), ~np.isfinite(expected))
        assert np.allclose(got[np.isfinite(expected)], expected[np.isfinite(expected)])


def test_townships_hollow_with_boundary_colour(styled: dict[str, Any]) -> None:
    root = _qml(styled, "townships")
    props = _symbol_colours(root)["0"]
    assert props["style"] == "no"
    assert _colour(props["outline_color"]) == BOUNDARY_STYLE.color


def test_project_population_graduated_over_every_cell(project_file: dict[str, Any]) -> None:
    root = _qml(project_file, "population")
    renderer = root.find("renderer-v2")
    assert renderer is not None and renderer.get("type") == "graduatedSymbol" and renderer.get("attr") == "primary"
    bounds = [(float(r.get("lower", "nan")), float(r.get("upper", "nan"))) for r in renderer.iter("range")]
    assert len(bounds) == 5
    assert all(lo < hi for lo, hi in bounds) and all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    children = pyogrio.read_dataframe(project_file["path"], layer="population", read_geometry=False)["primary"]
    values = children.to_numpy(dtype=float)
    # Every cell falls in a class (QGIS leaves a value outside every range undrawn).
    assert bounds[0][0] <= values[values > 0].min() and values.max() <= bounds[-1][1] + 1e-6
    colours = [_colour(p["color"]) for p in _symbol_colours(root).values()]
    assert len(set(colours)) == len(colours)
    # Darker (the YlOrRd ramp of the window) as the classes grow.
    lightness = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in colours]
    assert lightness == sorted(lightness, reverse=True)
    cell = project_file["project"].cell_size
    assert {(p["name"], float(p["size"]), p["size_unit"]) for p in _symbol_colours(root).values()} == {
        ("square", cell, "MapUnit")
    }


def test_project_places_rivers_and_roads(project_file: dict[str, Any]) -> None:
    places = _qml(project_file, "places")
    kinds = set(pyogrio.read_dataframe(project_file["path"], layer="places", read_geometry=False)["kind"])
    assert places.find("renderer-v2").get("attr") == "kind"  # type: ignore[union-attr]
    assert set(_categories(places)) == kinds
    assert _categories(places)["county_seat"].get("label") == "县城"
    rivers = _symbol_colours(_qml(project_file, "rivers"))["0"]
    assert _colour(rivers["line_color"]) == RIVER_STYLE.color
    roads = set(pyogrio.read_dataframe(project_file["path"], layer="roads", read_geometry=False)["road_class"])
    assert set(_categories(_qml(project_file, "roads"))) == roads


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
    with pytest.raises(ValueError, match="language"):
        project_styles(styled["analysis"].project, language="fr")
