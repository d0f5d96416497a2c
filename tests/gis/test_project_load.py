"""Opening a broken project file: each problem one exact line, and nothing changed or written.

The corpus is generated: a good project saved by SchoolPlan, then damaged independently of
SchoolPlan's code, with SQL statements on the GeoPackage (SQLite keeps text in a number
column, NULLs, a CRS id of "undefined") or by rewriting one layer with pyogrio (in another CRS,
without one, drawn as polygons, moved 500 km). Every case is opened from Python
(``load_project``) and from the command line (``schoolplan analyze``: exit code 2, one
``error:`` line per problem, no traceback, no output folder).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import rasterio
import shapely
from affine import Affine
from pyproj import Transformer
from shapely.geometry import LineString, Polygon, box

from app.cli import main as cli_main
from gis.errors import InputError
from gis.project import Project, load_project, save_project
from tests.conftest import X0, Y0

Damage = Callable[[Path], None]

# The envelope that follows the 8-byte header of a GeoPackage geometry blob, by its flag.
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _blob_geometry(blob: bytes | None) -> shapely.Geometry | None:
    """A GeoPackage geometry blob read by hand (header, envelope, then WKB)."""
    if blob is None:
        return None
    envelope = _ENVELOPE_BYTES[(blob[3] >> 1) & 0b111]
    return shapely.from_wkb(bytes(blob[8 + envelope :]))


def _bound(i: int) -> Callable[[bytes | None], float | None]:
    def bound(blob: bytes | None) -> float | None:
        geom = _blob_geometry(blob)
        return None if geom is None else float(geom.bounds[i])

    return bound


def sql(*statements: str) -> Damage:
    """Damage by SQL. GDAL's spatial-index triggers call ST_* functions; they are given here."""

    def damage(path: Path) -> None:
        con = sqlite3.connect(path)
        try:
            con.create_function("ST_IsEmpty", 1, lambda b: None if b is None else int(_blob_geometry(b).is_empty))
            for i, name in enumerate(("ST_MinX", "ST_MinY", "ST_MaxX", "ST_MaxY")):
                con.create_function(name, 1, _bound(i))
            with con:
                for statement in statements:
                    con.execute(statement)
        finally:
            con.close()

    return damage


def rewrite(layer: str, change: Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame]) -> Damage:
    """Damage by reading one layer with pyogrio, changing it and writing it back over itself."""

    def damage(path: Path) -> None:
        frame = pyogrio.read_dataframe(path, layer=layer)
        pyogrio.write_dataframe(change(frame), path, layer=layer, driver="GPKG")

    return damage


def no_crs(layer: str) -> Damage:
    """The layer written by pyogrio without a CRS (pyogrio warns of it)."""

    def damage(path: Path) -> None:
        with pytest.warns(UserWarning, match="'crs' was not provided"):
            rewrite(layer, lambda frame: frame.set_crs(None, allow_override=True))(path)

    return damage


def srs_id(layer: str, srs: int) -> Damage:
    """The layer's CRS id changed in the GeoPackage's tables (0 and -1 mean "undefined")."""
    return sql(
        f"UPDATE gpkg_geometry_columns SET srs_id = {srs} WHERE table_name = '{layer}'",
        f"UPDATE gpkg_contents SET srs_id = {srs} WHERE table_name = '{layer}'",
    )


def drop_layer(layer: str) -> Damage:
    return sql(
        f"DROP TABLE {layer}",
        f"DROP TABLE rtree_{layer}_geom",
        *(
            f"DELETE FROM {table} WHERE table_name = '{layer}'"
            for table in ("gpkg_extensions", "gpkg_geometry_columns", "gpkg_ogr_contents", "gpkg_contents")
        ),
    )


def add_dem(crs: str | None) -> Damage:
    """A 4 x 3 km elevation model over the county, written by rasterio in ``crs``."""

    def damage(path: Path) -> None:
        with rasterio.open(
            path, "w", driver="GPKG", width=4, height=3, count=1, dtype="float32", crs=crs,
            transform=Affine(1000, 0, X0 - 1000, 0, -1000, Y0 + 1000), RASTER_TABLE="dem",
            APPEND_SUBDATASET="YES", TILE_FORMAT="TIFF",
        ) as dst:  # fmt: skip
            dst.write(np.full((3, 4), 800.0, dtype=np.float32), 1)

    return damage


def shift_school(fid: int, dx: float) -> Damage:
    def change(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        geoms = list(frame.geometry)
        geoms[fid - 1] = shapely.transform(geoms[fid - 1], lambda xy: xy + np.array([dx, 0.0]))
        return frame.set_geometry(geoms, crs=frame.crs)

    return rewrite("schools", change)


def school_geometry(fid: int, geometry: shapely.Geometry) -> Damage:
    def change(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        geoms = list(frame.geometry)
        geoms[fid - 1] = geometry
        return frame.set_geometry(geoms, crs=frame.crs)

    return rewrite("schools", change)


# What a planner is told to do, as SchoolPlan words it.
COUNT_FIX = "write a whole number of zero or more in it (0 where there are none)"
NUMBER_FIX = "write a number of zero or more in it (0 where there are none)"
SETTING_FIX = "correct it in the settings table, or import the county again"
GIS_CRS_FIX = "assign its CRS in a GIS (the schools are in EPSG:4545) and save again"

# line_county (tests/conftest.py): schools P1 (fid 1, 第一小学) and J1 (fid 2, 第一中学); cells
# 0, 1, 2 (fids 1, 2, 3); one road (fid 1); township T1 from X0 - 1000 to X0 + 10000 east.
CASES: list[tuple[str, Damage, list[str]]] = [
    (
        "text in a count",
        sql("UPDATE schools SET enrol_g1 = 'abc' WHERE fid = 1"),
        [
            "{f}, layer schools, feature P1, field enrol_g1: must be a whole number of zero or more (value: abc); "
            f"{COUNT_FIX}"
        ],
    ),
    (
        "fraction in a count",
        sql("UPDATE schools SET capacity_primary = 270.5 WHERE fid = 1"),
        [
            "{f}, layer schools, feature P1, field capacity_primary: must be a whole number (value: 270.5); "
            "round it to a whole number"
        ],
    ),
    (
        "NULL count",
        sql("UPDATE schools SET classes_junior = NULL WHERE fid = 2"),
        [
            "{f}, layer schools, feature J1, field classes_junior: must be a whole number of zero or more (value: "
            f"NULL); {COUNT_FIX}"
        ],
    ),
    (
        "negative enrolment",
        sql("UPDATE schools SET enrol_g8 = -3 WHERE fid = 2"),
        [
            "{f}, layer schools, feature J1, field enrol_g8: must be a whole number of zero or more (value: -3); "
            f"{COUNT_FIX}"
        ],
    ),
    (
        "text in children",
        sql("UPDATE population SET \"primary\" = 'many' WHERE fid = 2"),
        [
            "{f}, layer population, feature 1, field primary: must be a number of zero or more (value: many); "
            f"{NUMBER_FIX}"
        ],
    ),
    (
        "negative children aged 0-4",
        rewrite("population", lambda frame: frame.assign(under5=[4.0, -2.0, 1.0])),
        [
            "{f}, layer population, feature 1, field under5: must be a number of zero or more (value: -2.0); "
            f"{NUMBER_FIX}"
        ],
    ),
    (
        "text in a cell id",
        sql("UPDATE population SET cell_id = 'x1' WHERE fid = 2"),
        [
            "{f}, layer population, feature fid 2, field cell_id: must be a whole number of zero or more (value: "
            f"x1); {COUNT_FIX}"
        ],
    ),
    (
        "NULL cell id",
        sql("UPDATE population SET cell_id = NULL WHERE fid = 3"),
        [
            "{f}, layer population, feature fid 3, field cell_id: must be a whole number of zero or more (value: "
            f"NULL); {COUNT_FIX}"
        ],
    ),
    (
        "duplicate cell id",
        sql("UPDATE population SET cell_id = 0 WHERE fid = 2"),
        [
            "{f}, layer population, feature fid 2, field cell_id: cell id appears more than once (value: 0); "
            "give each cell its own id"
        ],
    ),
    (
        "text for boarding",
        sql("UPDATE schools SET boarding = 'maybe' WHERE fid = 2"),
        [
            "{f}, layer schools, feature J1, field boarding: must be yes or no (1 or 0) (value: maybe); "
            "write 1 for a boarding school, else 0"
        ],
    ),
    (
        "boarding 2",
        sql("UPDATE schools SET boarding = 2 WHERE fid = 1"),
        [
            "{f}, layer schools, feature P1, field boarding: must be yes or no (1 or 0) (value: 2); "
            "write 1 for a boarding school, else 0"
        ],
    ),
    (
        "NULL school id",
        sql("UPDATE schools SET school_id = NULL WHERE fid = 2"),
        [
            "{f}, layer schools, feature fid 2, field school_id: school code is empty (value: NULL); "
            "give every feature its school code"
        ],
    ),
    (
        "every school id NULL",
        sql("UPDATE schools SET school_id = NULL"),
        [
            "{f}, layer schools, feature fid 1, field school_id: school code is empty (value: NULL); "
            "give every feature its school code",
            "{f}, layer schools, feature fid 2, field school_id: school code is empty (value: NULL); "
            "give every feature its school code",
        ],
    ),
    (
        "NULL school name",
        sql("UPDATE schools SET name = NULL WHERE fid = 1"),
        [
            "{f}, layer schools, feature P1, field name: school name is empty (value: NULL); "
            "give every feature its school name"
        ],
    ),
    (
        "duplicate school id",
        sql("UPDATE schools SET school_id = 'P1' WHERE fid = 2"),
        [
            "{f}, layer schools, field school_id: school code appears more than once (fid 1, fid 2) (value: P1); "
            "give each school its own code"
        ],
    ),
    (
        "unknown school type",
        sql("UPDATE schools SET type = 'university' WHERE fid = 1"),
        [
            "{f}, layer schools, feature P1, field type: unknown school type; "
            "use one of primary, teaching_point, junior, nine_year (value: university)"
        ],
    ),
    (
        "grades the wrong way round",
        sql("UPDATE schools SET grade_min = 6, grade_max = 1 WHERE fid = 1"),
        [
            "{f}, layer schools, feature P1, field grade_max: "
            "grades run from grade_min to grade_max, at most 9 (value: 1); correct grade_min and grade_max (1 to 9)"
        ],
    ),
    (
        "a school 500 km east",
        # P1 at X0 + 1000 + 500 000 is 491 km east of the township's edge at X0 + 10 000.
        shift_school(1, 500_000.0),
        [
            "{f}, layer schools, feature P1, field geometry: school 第一小学 lies 491.0 km outside the county (value: "
            "1001000, 2879950); check its coordinates (latitude and longitude swapped, "
            "or in another coordinate system)"
        ],
    ),
    (
        "a school drawn as a line",
        school_geometry(1, LineString([(X0 + 900, Y0 - 50), (X0 + 1100, Y0 - 50)])),
        [
            "{f}, layer schools, feature P1, field geometry: "
            "school must be a Point or Polygon or MultiPolygon (value: LineString); "
            "draw it again as a Point or Polygon or MultiPolygon in a GIS"
        ],
    ),
    (
        "a school drawn as an empty polygon",
        school_geometry(2, Polygon()),
        [
            "{f}, layer schools, feature J1, field geometry: school has no location (value: POLYGON EMPTY); "
            "place the school in a GIS and save again"
        ],
    ),
    (
        "a school without geometry",
        sql("UPDATE schools SET geom = NULL WHERE fid = 2"),
        [
            "{f}, layer schools, feature J1, field geometry: school has no location (value: NULL); "
            "place the school in a GIS and save again"
        ],
    ),
    (
        "no schools",
        sql("DELETE FROM schools"),
        ["{f}, layer schools: the schools layer has no schools; import the county's schools again"],
    ),
    (
        "no population",
        sql("DELETE FROM population"),
        [
            "{f}, layer population: the population layer has no cells: no children to plan for; "
            "import the county's population again"
        ],
    ),
    (
        "no roads",
        sql("DELETE FROM roads"),
        ["{f}, layer roads: the roads layer has no roads; import the county's roads again"],
    ),
    (
        "unknown road class",
        sql("UPDATE roads SET road_class = 'highway'"),
        [
            "{f}, layer roads, feature fid 1, field road_class: unknown road class; "
            "use one of county, township, village, path (value: highway)"
        ],
    ),
    (
        "NULL township code",
        sql("UPDATE townships SET code = NULL"),
        [
            "{f}, layer townships, feature fid 1, field code: township code is empty (value: NULL); "
            "give every feature its township code"
        ],
    ),
    (
        "a field dropped",
        sql("ALTER TABLE schools DROP COLUMN capacity_primary"),
        ["{f}, layer schools, field capacity_primary: required field is missing"],
    ),
    (
        "a layer dropped",
        drop_layer("population"),
        ["{f}, layer population: required layer is missing"],
    ),
    (
        "roads written without a CRS",
        no_crs("roads"),
        [f"{{f}}, layer roads: layer has no coordinate reference system; {GIS_CRS_FIX}"],
    ),
    (
        "population in the undefined geographic CRS (srs_id 0)",
        srs_id("population", 0),
        [f"{{f}}, layer population: layer has no coordinate reference system; {GIS_CRS_FIX}"],
    ),
    (
        "roads in a CRS missing from gpkg_spatial_ref_sys",
        srs_id("roads", 99999),
        [f"{{f}}, layer roads: layer has no coordinate reference system; {GIS_CRS_FIX}"],
    ),
    (
        "schools in the undefined Cartesian CRS (srs_id -1)",
        srs_id("schools", -1),
        ["{f}, layer schools: layer has no coordinate reference system; assign its CRS in a GIS and save again"],
    ),
    (
        "schools in degrees",
        rewrite("schools", lambda frame: frame.to_crs("EPSG:4490")),
        [
            "{f}, layer schools: layer is in geographic coordinates (degrees) (value: EPSG:4490); "
            "reproject the project to a metric CRS such as CGCS2000 Gauss-Kruger"
        ],
    ),
    (
        "elevation without a CRS",
        add_dem(None),
        ["{f}, layer dem: elevation has no coordinate reference system; import the DEM again"],
    ),
    (
        "elevation in another CRS",
        add_dem("EPSG:32649"),
        [
            "{f}, layer dem: elevation is in another CRS than the schools' EPSG:4545 (value: EPSG:32649); "
            "reproject the DEM to EPSG:4545 (gdalwarp -t_srs EPSG:4545), or import the DEM again"
        ],
    ),
    (
        "cell size abc",
        sql("UPDATE settings SET value = 'abc' WHERE key = 'cell_size'"),
        [
            "{f}, layer settings, feature cell_size, field value: setting must be a positive number (value: abc); "
            f"{SETTING_FIX}"
        ],
    ),
    (
        "cell size 0",
        sql("UPDATE settings SET value = '0' WHERE key = 'cell_size'"),
        [
            "{f}, layer settings, feature cell_size, field value: setting must be a positive number (value: 0); "
            f"{SETTING_FIX}"
        ],
    ),
    (
        "grid origin NULL",
        sql("UPDATE settings SET value = NULL WHERE key = 'x0'"),
        [f"{{f}}, layer settings, feature x0, field value: setting must be a number (value: NULL); {SETTING_FIX}"],
    ),
    (
        "grid rows 2.5",
        sql("INSERT INTO settings (key, value) VALUES ('grid_rows', '2.5')"),
        [
            "{f}, layer settings, feature grid_rows, field value: "
            f"setting must be a whole number of zero or more (value: 2.5); {SETTING_FIX}"
        ],
    ),
    (
        "a setting without a key",
        sql("UPDATE settings SET key = NULL WHERE key = 'y0'"),
        [
            "{f}, layer settings, feature fid 3, field key: setting without a key (its value: 2880000.0) (value: "
            "NULL); write its key (name, cell_size, x0, y0, grid_rows, grid_cols) or delete the row"
        ],
    ),
    (
        "a scenario whose edits are not JSON",
        sql(
            "CREATE TABLE scenarios (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name TEXT, description TEXT, "
            "edits TEXT)",
            "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('scenarios', 'attributes', "
            "'scenarios')",
            "INSERT INTO scenarios (name, description, edits) VALUES ('合并', '', 'close P1')",
        ),
        ["{f}, layer scenarios, feature row 1 (合并), field edits: the edits are not valid JSON (Expecting value)"],
    ),
    (
        "every problem of a file at once",
        sql(
            "UPDATE schools SET enrol_g2 = 'forty' WHERE fid = 1",
            "UPDATE population SET junior = -1 WHERE fid = 3",
            "UPDATE roads SET road_class = NULL",
            "UPDATE settings SET value = '-5' WHERE key = 'cell_size'",
        ),
        [
            "{f}, layer schools, feature P1, field enrol_g2: must be a whole number of zero or more (value: forty); "
            f"{COUNT_FIX}",
            "{f}, layer population, feature 2, field junior: must be a number of zero or more (value: -1.0); "
            f"{NUMBER_FIX}",
            "{f}, layer roads, feature fid 1, field road_class: unknown road class; "
            "use one of county, township, village, path (value: NULL)",
            "{f}, layer settings, feature cell_size, field value: setting must be a positive number (value: -5); "
            f"{SETTING_FIX}",
        ],
    ),
]


@pytest.fixture
def saved(line_county: Project, tmp_path: Path) -> Path:
    """The good project, saved by SchoolPlan."""
    return save_project(line_county, tmp_path / "county.gpkg")


def test_the_undamaged_file_opens(saved: Path) -> None:
    project = load_project(saved)
    assert list(project.schools["school_id"]) == ["P1", "J1"]
    assert project.notes == ()


def test_children_aged_0_to_4_are_an_optional_field(line_county: Project, tmp_path: Path) -> None:
    plain = load_project(save_project(line_county, tmp_path / "plain.gpkg"))
    assert "under5" not in plain.population.columns
    young = line_county.with_layers(population=line_county.population.assign(under5=[4.0, 2.5, 0.0]))
    again = load_project(save_project(young, tmp_path / "young.gpkg"))
    assert again.population["under5"].tolist() == [4.0, 2.5, 0.0]
    assert again.notes == ()


@pytest.mark.parametrize(("damage", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_broken_file_is_refused_with_one_exact_line_per_problem(
    saved: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    damage: Damage,
    expected: list[str],
) -> None:
    damage(saved)
    before = saved.read_bytes()
    lines = [line.format(f=saved) for line in expected]

    with pytest.raises(InputError) as info:
        load_project(saved)
    assert [str(problem) for problem in info.value.problems] == lines
    assert saved.read_bytes() == before

    # A bug would leave a crash log: kept out of the user's cache.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "out"
    capsys.readouterr()
    code = cli_main(["analyze", str(saved), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert err.splitlines() == [f"error: {line}" for line in lines]
    assert code == 2
    assert saved.read_bytes() == before
    assert not out.exists()
    assert not (tmp_path / "cache").exists()


def test_a_damaged_file_is_refused_without_a_traceback(
    saved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The first page of the settings table overwritten, as a failing disk would.
    with closing(sqlite3.connect(saved)) as con:
        (page_size,) = con.execute("PRAGMA page_size").fetchone()
        (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'settings'").fetchone()
    with open(saved, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * page_size)
    before = saved.read_bytes()
    # GDAL's own words in the parentheses vary by version.
    line = re.compile(
        re.escape(f"{saved}, layer settings: layer cannot be read, the file is damaged (")
        + r".*database disk image is malformed\)"
        + re.escape("; open a backup of the project, or import the county again")
    )

    with pytest.raises(InputError) as info:
        load_project(saved)
    assert [bool(line.fullmatch(str(p))) for p in info.value.problems] == [True]

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "out"
    capsys.readouterr()
    assert cli_main(["analyze", str(saved), "--out", str(out), "--quiet"]) == 2
    (err,) = capsys.readouterr().err.splitlines()
    assert err.startswith("error: ") and line.fullmatch(err.removeprefix("error: "))
    assert saved.read_bytes() == before
    assert not out.exists()
    assert not (tmp_path / "cache").exists()


def test_a_layer_in_another_crs_is_reprojected_with_a_note(saved: Path) -> None:
    # The population written in CGCS2000 longitude and latitude, transformed by pyproj here.
    cells = pyogrio.read_dataframe(saved, layer="population")
    to_degrees = Transformer.from_crs("EPSG:4545", "EPSG:4490", always_xy=True)
    lon, lat = to_degrees.transform(cells.geometry.x.to_numpy(), cells.geometry.y.to_numpy())
    pyogrio.write_dataframe(
        cells.set_geometry(gpd.points_from_xy(lon, lat), crs="EPSG:4490"), saved, layer="population", driver="GPKG"
    )
    before = saved.read_bytes()

    project = load_project(saved)

    assert [str(note) for note in project.notes] == [
        f"{saved}, layer population: layer reprojected from EPSG:4490 to the schools' EPSG:4545; "
        "save the project to store it in one CRS"
    ]
    stored = pyogrio.read_dataframe(saved, layer="population")
    back = Transformer.from_crs("EPSG:4490", "EPSG:4545", always_xy=True)
    x, y = back.transform(stored.geometry.x.to_numpy(), stored.geometry.y.to_numpy())
    np.testing.assert_allclose(project.population.geometry.x, x, rtol=0, atol=1e-6)
    np.testing.assert_allclose(project.population.geometry.y, y, rtol=0, atol=1e-6)
    # And where the cells were: X0 + col * 100 + 50, Y0 - row * 100 - 50.
    np.testing.assert_allclose(project.population.geometry.x, [X0 + 1050, X0 + 3050, X0 + 5050], atol=1e-3)
    np.testing.assert_allclose(project.population.geometry.y, [Y0 - 50, Y0 - 50, Y0 - 150], atol=1e-3)
    assert str(project.population.crs) == "EPSG:4545"
    assert saved.read_bytes() == before


def test_a_school_drawn_as_a_polygon_is_placed_at_its_centroid_with_a_note(saved: Path) -> None:
    # An L-shaped school ground: a 60 x 20 m strip with a 20 x 40 m wing on its west end.
    # Areas 1200 and 800 m², centroids (30, 10) and (10, 40): centroid (22, 22) from (0, 0).
    x, y = X0 + 1000, Y0 - 100
    ground = Polygon([(x, y), (x + 60, y), (x + 60, y + 20), (x + 20, y + 20), (x + 20, y + 60), (x, y + 60)])
    school_geometry(1, ground)(saved)
    before = saved.read_bytes()

    project = load_project(saved)

    assert [str(note) for note in project.notes] == [
        f"{saved}, layer schools, feature P1, field geometry: school drawn as a polygon: placed at its centroid"
    ]
    p1, j1 = project.schools.geometry
    assert (p1.geom_type, p1.x, p1.y) == ("Point", pytest.approx(x + 22, abs=1e-9), pytest.approx(y + 22, abs=1e-9))
    assert (j1.x, j1.y) == (X0 + 5000, Y0 - 50)
    assert saved.read_bytes() == before


def test_a_polygon_school_far_outside_is_still_refused(saved: Path) -> None:
    school_geometry(2, box(X0 + 600_000, Y0, X0 + 600_200, Y0 + 100))(saved)
    with pytest.raises(InputError) as info:
        load_project(saved)
    # Its centroid (X0 + 600 100, Y0 + 50) is 590.1 km east of the township's edge.
    assert [str(p) for p in info.value.problems] == [
        f"{saved}, layer schools, feature J1, field geometry: school 第一中学 lies 590.1 km outside the county (value: "
        "1100100, 2880050); check its coordinates (latitude and longitude swapped, or in another coordinate system)"
    ]
