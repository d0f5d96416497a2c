"""QGIS styles in a GeoPackage's layer_styles table, written with sqlite3 only."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import LineString, Point

from gis.gpkg_styles import GPKG_DATASET_OPTIONS, GPKG_VERSION, read_layer_styles, write_layer_styles

# The columns QGIS 3.22 gives the table (read from a file QGIS itself saved a style into).
QGIS_COLUMNS = [
    "id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
    "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time",
]  # fmt: skip


@pytest.fixture
def gpkg(tmp_path: Path) -> Path:
    """Two layers, the second with its own geometry column name."""
    path = tmp_path / "two.gpkg"
    points = gpd.GeoDataFrame({"a": [1, 2]}, geometry=[Point(0, 0), Point(1, 1)], crs="EPSG:4545")
    lines = gpd.GeoDataFrame({"b": ["x"]}, geometry=[LineString([(0, 0), (1, 1)])], crs="EPSG:4545")
    pyogrio.write_dataframe(points, path, layer="points", driver="GPKG", dataset_options=dict(GPKG_DATASET_OPTIONS))
    pyogrio.write_dataframe(lines, path, layer="lines", driver="GPKG", layer_options={"GEOMETRY_NAME": "shape"})
    return path


def _rows(path: Path) -> list[dict[str, object]]:
    with closing(sqlite3.connect(path)) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM layer_styles ORDER BY id")]


def test_version_is_one_every_gdal_of_current_qgis_releases_opens_silently(gpkg: Path) -> None:
    with closing(sqlite3.connect(gpkg)) as db:
        (application_id,) = db.execute("PRAGMA application_id").fetchone()
        (user_version,) = db.execute("PRAGMA user_version").fetchone()
    assert application_id.to_bytes(4, "big") == b"GPKG"
    major, minor = (int(v) for v in GPKG_VERSION.split("."))
    assert user_version == 10000 * major + 100 * minor == 10200  # later layers keep the first write's version


def test_rows_as_qgis_writes_them(gpkg: Path) -> None:
    write_layer_styles(gpkg, {"points": "<qgis>p</qgis>", "lines": "<qgis>l</qgis>"})
    with closing(sqlite3.connect(gpkg)) as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(layer_styles)")]
        contents = db.execute("SELECT data_type, identifier FROM gpkg_contents WHERE table_name = 'layer_styles'")
        registered = contents.fetchall()
    assert columns == QGIS_COLUMNS
    assert registered == [("attributes", "layer_styles")]
    rows = {r["f_table_name"]: r for r in _rows(gpkg)}
    assert set(rows) == {"points", "lines"}
    # QGIS finds a style by f_table_schema = '' (not NULL), the table and its geometry column.
    assert {r["f_table_schema"] for r in rows.values()} == {""}
    assert rows["points"]["f_geometry_column"] == "geom" and rows["lines"]["f_geometry_column"] == "shape"
    assert rows["lines"]["styleQML"] == "<qgis>l</qgis>" and rows["lines"]["useAsDefault"] == 1
    assert str(rows["lines"]["update_time"]).endswith("Z")
    assert pyogrio.read_dataframe(gpkg, layer="layer_styles").shape[0] == 2  # GDAL sees the table
    assert read_layer_styles(gpkg) == {"points": "<qgis>p</qgis>", "lines": "<qgis>l</qgis>"}


def test_rewrite_replaces_its_own_rows_and_keeps_a_planners_default(gpkg: Path) -> None:
    write_layer_styles(gpkg, {"points": "<qgis>old</qgis>", "lines": "<qgis>l</qgis>"})
    with closing(sqlite3.connect(gpkg)) as db, db:
        db.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
            "styleQML, useAsDefault) VALUES ('', '', 'lines', 'shape', 'mine', '<qgis>mine</qgis>', 1)"
        )
        db.execute("UPDATE layer_styles SET useAsDefault = 0 WHERE styleName = 'SchoolPlan' AND f_table_name = 'lines'")
    write_layer_styles(gpkg, {"points": "<qgis>new</qgis>", "lines": "<qgis>l2</qgis>"})
    rows = [(r["f_table_name"], r["styleName"], r["styleQML"], r["useAsDefault"]) for r in _rows(gpkg)]
    assert sorted(rows) == [
        ("lines", "SchoolPlan", "<qgis>l2</qgis>", 0),
        ("lines", "mine", "<qgis>mine</qgis>", 1),
        ("points", "SchoolPlan", "<qgis>new</qgis>", 1),
    ]
    assert read_layer_styles(gpkg) == {"points": "<qgis>new</qgis>", "lines": "<qgis>mine</qgis>"}
    write_layer_styles(gpkg, {"lines": "<qgis>l3</qgis>"}, keep_other_defaults=False)
    assert read_layer_styles(gpkg)["lines"] == "<qgis>l3</qgis>"
    assert len(_rows(gpkg)) == 3


def test_a_layer_that_is_not_there_is_refused_and_nothing_written(gpkg: Path) -> None:
    with pytest.raises(ValueError, match="'roads'"):
        write_layer_styles(gpkg, {"points": "<qgis/>", "roads": "<qgis/>"})
    assert read_layer_styles(gpkg) == {}
