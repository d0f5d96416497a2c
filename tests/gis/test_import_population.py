"""Tests of the project grid, population rasters and village counts, the DEM and township boundaries.

Expected values are independent of the code under test: areas of WorldPop pixels from
pyproj's geodesic, the cohort formula of DOMAIN.md worked out by hand, area shares of village
polygons counted by hand, and a linear DEM whose bilinear resampling is exact.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from affine import Affine
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod, Transformer
from shapely.geometry import Point, Polygon, box

from gis.importing.boundaries import read_boundaries
from gis.importing.grid import Grid, choose_project_crs, grid_for
from gis.importing.population import (
    population_frame,
    read_population_rasters,
    read_villages,
    resample_counts,
)
from gis.importing.rasters import read_dem
from gis.importing.report import ImportReport
from gis.schema import POPULATION_COLUMNS

BAD = Path(__file__).resolve().parents[1] / "data" / "bad" / "layers"
RES = 3 / 3600  # WorldPop's 3 arc-seconds
LON, LAT = 108.0, 26.0
TO_GK = Transformer.from_crs("EPSG:4326", "EPSG:4545", always_xy=True)


def _grid_around(lon: float, lat: float, half: float) -> Grid:
    x, y = TO_GK.transform(lon, lat)
    return grid_for((x - half, y - half, x + half, y + half), "EPSG:4545")


def _write_raster(
    path: Path, values: np.ndarray, *, west: float, north: float, res: float = RES, crs: str | None = "EPSG:4326"
) -> Path:
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=values.shape[1],
        height=values.shape[0],
        count=1,
        dtype="float32",
        crs=crs,
        transform=Affine(res, 0.0, west, 0.0, -res, north),
        nodata=-99999.0,
    ) as dst:
        dst.write(values.astype("float32"), 1)
    return path


# ------------------------------------------------------------------------------------------
# The grid


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (108.0, 26.0, "EPSG:4545"),  # CM 108E
        (109.4, 26.0, "EPSG:4545"),  # nearer 108 than 111
        (109.6, 26.0, "EPSG:4546"),  # nearer 111
        (73.5, 39.0, "EPSG:4534"),  # westmost zone, CM 75E
        (134.9, 48.0, "EPSG:4554"),  # CM 135E
        (116.4, 39.9, "EPSG:4548"),  # Beijing, CM 117E
        (24.94, 60.17, "EPSG:32635"),  # Helsinki, UTM 35N
        (-47.9, -15.8, "EPSG:32723"),  # Brasilia, UTM 23S
        (100.5, 13.7, "EPSG:32647"),  # Bangkok: south of China's latitude range
    ],
)
def test_choose_project_crs(lon: float, lat: float, expected: str) -> None:
    assert choose_project_crs(lon, lat) == expected


def test_grid_for_snaps_to_whole_cells() -> None:
    grid = grid_for((500_030.0, 2_879_020.0, 500_310.0, 2_879_270.0), "EPSG:4545", cell_size=100)
    assert (grid.x0, grid.y0, grid.cols, grid.rows) == (500_000.0, 2_879_300.0, 4, 3)
    assert grid.transform.c == 500_000.0 and grid.transform.f == 2_879_300.0 and grid.transform.e == -100.0
    x, y = grid.cell_centres()
    assert (x[0], y[0]) == (500_050.0, 2_879_250.0)
    assert (x[5], y[5]) == (500_150.0, 2_879_150.0)  # cell_id 5 = row 1, col 1
    assert grid.settings() == {
        "cell_size": "100",
        "x0": "500000",
        "y0": "2879300",
        "grid_rows": "3",
        "grid_cols": "4",
        "grid_origin": grid.settings()["grid_origin"],
    }
    assert "cell_id = row * grid_cols + col" in grid.settings()["grid_origin"]


# ------------------------------------------------------------------------------------------
# Population rasters


@pytest.fixture(scope="module")
def worldpop(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Uniform WorldPop-style rasters around (108E, 26N): f5 = 1, m5 = 2, f10 = 3, m10 = 4, f15 = 9 per pixel."""
    folder = tmp_path_factory.mktemp("worldpop")
    n = 150  # 0.125 degrees, about 12 km: more than the grid
    files = []
    for name, value in (("f_5", 1), ("m_5", 2), ("f_10", 3), ("m_10", 4), ("f_15", 9)):
        files.append(
            _write_raster(
                folder / f"chn_{name}_2020.tif", np.full((n, n), float(value)), west=LON - 0.0625, north=LAT + 0.0625
            )
        )
    return files


def test_worldpop_cohorts_keep_totals(worldpop: list[Path]) -> None:
    grid = _grid_around(LON, LAT, 3_000)
    report = ImportReport()
    cohorts = read_population_rasters(worldpop, grid, report=report)
    assert cohorts is not None and report.ok and report.warnings == []
    # People per pixel area: the number of pixels in the grid is its area over a pixel's
    # (geodesic) area at the grid's centre; Gauss-Krüger's scale is 1 on the central meridian.
    lons = [LON, LON + RES, LON + RES, LON]
    lats = [LAT, LAT, LAT + RES, LAT + RES]
    pixel_m2 = abs(Geod(ellps="GRS80").polygon_area_perimeter(lons, lats)[0])
    pixels = grid.rows * grid.cols * grid.cell_size**2 / pixel_m2
    # primary = 4/5 (1 + 2) + 2/5 (3 + 4) = 5.2 per pixel; junior = 3/5 (3 + 4) = 4.2 per pixel
    assert cohorts.primary.sum() == pytest.approx(5.2 * pixels, rel=1e-3)
    assert cohorts.junior.sum() == pytest.approx(4.2 * pixels, rel=1e-3)
    inner = cohorts.junior[2:-2, 2:-2]
    np.testing.assert_allclose(cohorts.primary[2:-2, 2:-2] / inner, 5.2 / 4.2, rtol=1e-9)
    assert cohorts.primary.min() > 0
    notes = [f for f in report.findings if f.severity == "note"]
    assert any(f.problem == "age band not used for school cohorts" and f.value == "15-19" for f in notes)


def test_worldpop_bands_under_five_give_the_children_aged_0_to_4(tmp_path: Path, worldpop: list[Path]) -> None:
    grid = _grid_around(LON, LAT, 3_000)
    rng = np.random.default_rng(5)
    # Bands 0 (under one) and 1 (ages 1-4) of both sexes, well inside the grid (about 3 km square).
    young = {name: rng.uniform(0, 3, (36, 30)) for name in ("f_0", "m_0", "f_1", "m_1")}
    files = [
        _write_raster(tmp_path / f"chn_{name}_2020.tif", values, west=LON - 0.0125, north=LAT + 0.015)
        for name, values in young.items()
    ]
    expected = sum(float(v.astype("float32").sum()) for v in young.values())
    report = ImportReport()
    cohorts = read_population_rasters([*worldpop, *files], grid, report=report)
    assert cohorts is not None and cohorts.under5 is not None and report.ok
    # Random pixels may lose a little to GDAL's resampling at the edges; the import rescales them.
    assert all(f.problem.startswith("resampling onto the grid changed the total") for f in report.warnings)
    assert cohorts.under5.sum() == pytest.approx(expected, rel=1e-3)
    frame = population_frame(grid, cohorts.primary, cohorts.junior, report=report, under5=cohorts.under5)
    assert tuple(frame.columns) == (*POPULATION_COLUMNS, "under5", "geometry")
    assert frame["under5"].sum() == pytest.approx(expected, rel=1e-3)
    # The school cohorts are those of the other bands alone.
    plain = read_population_rasters(worldpop, grid, report=ImportReport())
    assert plain is not None and plain.under5 is None
    np.testing.assert_allclose(cohorts.primary, plain.primary)
    # One of the two bands alone is not all the children under five: warned, not kept.
    report = ImportReport()
    half = read_population_rasters([*worldpop, *files[:2]], grid, report=report)
    assert half is not None and half.under5 is None
    assert [f.problem for f in report.warnings] == ["no raster for ages 1-4: the children aged 0-4 are not kept"]


def test_worldpop_fractions_are_editable(worldpop: list[Path]) -> None:
    grid = _grid_around(LON, LAT, 1_000)
    report = ImportReport()
    default = read_population_rasters(worldpop, grid, report=report)
    edited = read_population_rasters(
        worldpop, grid, report=report, fractions={"primary": {5: 1.0}, "junior": {10: 0.5, 15: 0.1}}
    )
    assert default is not None and edited is not None and report.ok
    # per pixel: primary 1 (1 + 2) = 3 against 5.2; junior 0.5 (3 + 4) + 0.1 * 9 = 4.4 against 4.2
    assert edited.primary.sum() == pytest.approx(default.primary.sum() * 3 / 5.2, rel=1e-9)
    assert edited.junior.sum() == pytest.approx(default.junior.sum() * 4.4 / 4.2, rel=1e-9)


def test_worldpop_names_or_stated_ages(tmp_path: Path, worldpop: list[Path]) -> None:
    grid = _grid_around(LON, LAT, 1_000)
    odd = tmp_path / "children_5_to_9.tif"
    odd.write_bytes(worldpop[0].read_bytes())
    report = ImportReport()
    assert read_population_rasters([odd, *worldpop[2:4]], grid, report=report) is None
    assert report.errors[0].problem == "cannot tell the age band of this raster from its name"
    report = ImportReport()
    cohorts = read_population_rasters([odd, *worldpop[2:4]], grid, report=report, ages={odd.name: 5})
    assert cohorts is not None and report.warnings == []
    # primary = 4/5 x 1 + 2/5 x (3 + 4) = 3.6 per pixel, junior = 3/5 x (3 + 4) = 4.2
    np.testing.assert_allclose(cohorts.primary, cohorts.junior * 3.6 / 4.2, rtol=1e-9)
    report = ImportReport()
    assert read_population_rasters([worldpop[0], *worldpop[2:4]], grid, report=report) is not None
    assert [str(f) for f in report.warnings] == [
        f"warning: {worldpop[0]}: only female rasters for ages 5-9; the other sex is missing; "
        "add the other sex's raster of this band"
    ]


def test_missing_band_is_an_error(worldpop: list[Path]) -> None:
    report = ImportReport()
    assert read_population_rasters(worldpop[:2], _grid_around(LON, LAT, 500), report=report) is None
    assert [str(f) for f in report.errors] == [
        "error: no raster for ages 10-14; add the female and male rasters of this band "
        "(WorldPop chn_f_10_YYYY.tif, chn_m_…)"
    ]


def test_cohort_rasters(tmp_path: Path) -> None:
    grid = _grid_around(LON, LAT, 1_000)
    primary = _write_raster(tmp_path / "county_primary.tif", np.full((80, 80), 2.0), west=LON - 0.03, north=LAT + 0.03)
    junior = _write_raster(tmp_path / "county_junior.tif", np.full((80, 80), 1.0), west=LON - 0.03, north=LAT + 0.03)
    report = ImportReport()
    cohorts = read_population_rasters([primary, junior], grid, report=report, kind="cohorts")
    assert cohorts is not None and report.ok
    np.testing.assert_allclose(cohorts.primary, 2 * cohorts.junior)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.tuples(st.integers(1, 12), st.integers(1, 12)),
    offset=st.tuples(st.floats(0.0, 0.004), st.floats(0.0, 0.004)),
)
def test_resampling_keeps_totals_of_a_raster_inside_the_grid(
    tmp_path_factory: pytest.TempPathFactory, seed: int, shape: tuple[int, int], offset: tuple[float, float]
) -> None:
    """Every person of a raster lying wholly inside the grid ends up on the grid."""
    rng = np.random.default_rng(seed)
    values = rng.gamma(0.5, 10.0, size=shape) * (rng.random(shape) < 0.7)
    path = _write_raster(
        tmp_path_factory.mktemp("prop") / "pop.tif", values, west=LON - 0.005 + offset[0], north=LAT + offset[1]
    )
    grid = _grid_around(LON, LAT, 2_000)
    report = ImportReport()
    out = resample_counts(path, grid, report=report)
    assert out is not None
    assert out.sum() == pytest.approx(values.astype("float32").astype(float).sum(), rel=1e-9, abs=1e-9)
    assert (out >= 0).all()


# ------------------------------------------------------------------------------------------
# Villages


def _tiny_grid() -> Grid:
    return Grid(crs="EPSG:4545", x0=500_000.0, y0=2_880_000.0, cell_size=100.0, rows=3, cols=3)


def _write_villages(path: Path, rows: list[tuple[object, object]], geoms: list[object]) -> Path:
    frame = gpd.GeoDataFrame(
        {"小学": [r[0] for r in rows], "初中": [r[1] for r in rows]}, geometry=geoms, crs="EPSG:4545"
    )
    frame.to_file(path, driver="GPKG")
    return path


def test_villages_points_and_polygons_by_area(tmp_path: Path) -> None:
    x0, y0 = 500_000.0, 2_880_000.0
    path = _write_villages(
        tmp_path / "villages.gpkg",
        [(7, 3), (40, 8), (5, 5)],
        [
            Point(x0 + 150, y0 - 150),  # cell (1, 1)
            box(x0 + 50, y0 - 300, x0 + 250, y0 - 200),  # row 2: 50 m, 100 m, 50 m of cells 6, 7, 8
            Point(x0 + 250, y0 - 20),  # cell (0, 2)
        ],
    )
    report = ImportReport()
    out = read_villages(path, _tiny_grid(), count_fields={"primary": "小学", "junior": "初中"}, report=report)
    assert out is not None and report.ok
    expected_primary = np.array([[0, 0, 5], [0, 7, 0], [10, 20, 10]], dtype=float)
    expected_junior = np.array([[0, 0, 5], [0, 3, 0], [2, 4, 2]], dtype=float)
    np.testing.assert_allclose(out.primary, expected_primary)
    np.testing.assert_allclose(out.junior, expected_junior)
    assert out.totals() == {"primary": 52.0, "junior": 16.0}


def test_villages_by_weight_raster(tmp_path: Path) -> None:
    x0, y0 = 500_000.0, 2_880_000.0
    path = _write_villages(
        tmp_path / "villages.gpkg",
        [(40, 8), (9, 0)],
        [box(x0 + 50, y0 - 300, x0 + 250, y0 - 200), box(x0, y0 - 100, x0 + 300, y0)],
    )
    weight = np.zeros((3, 3))
    weight[2] = [1.0, 0.0, 3.0]  # row 0 all zero: the second village falls back to area
    report = ImportReport()
    out = read_villages(
        path, _tiny_grid(), count_fields={"primary": "小学", "junior": "初中"}, weight=weight, report=report
    )
    assert out is not None
    # weights: 50 x 1, 100 x 0, 50 x 3 -> shares 1/4, 0, 3/4 of 40 and 8
    np.testing.assert_allclose(out.primary, [[3, 3, 3], [0, 0, 0], [10, 0, 30]])
    np.testing.assert_allclose(out.junior[2], [2, 0, 6])
    assert [(f.where, f.problem) for f in report.warnings] == [
        ("feature 1", "the weight raster is zero over this village; its children are spread by area")
    ]


def test_village_polygon_partly_outside_keeps_its_total(tmp_path: Path) -> None:
    x0, y0 = 500_000.0, 2_880_000.0
    poly = Polygon([(x0 + 200, y0 - 50), (x0 + 500, y0 - 50), (x0 + 500, y0 - 150), (x0 + 200, y0 - 150)])
    path = _write_villages(tmp_path / "v.gpkg", [(30, 0)], [poly])
    report = ImportReport()
    out = read_villages(path, _tiny_grid(), count_fields={"primary": "小学", "junior": "初中"}, report=report)
    assert out is not None
    # inside: 100 x 50 in cell 2 and 100 x 50 in cell 5 -> 15 each
    np.testing.assert_allclose(out.primary[:, 2], [15, 15, 0])
    assert [(f.severity, f.value) for f in report.findings] == [("note", "33.3% inside")]


def test_population_frame(tmp_path: Path) -> None:
    grid = _tiny_grid()
    primary = np.array([[0, 0, 5], [0, 7, 0], [10, 20, 10]], dtype=float)
    junior = np.zeros((3, 3))
    junior[0, 0] = 1.0
    townships = gpd.GeoDataFrame(
        {"code": ["T1", "T2"], "name": ["甲", "乙"]},
        geometry=[box(500_000, 2_879_800, 500_200, 2_880_000), box(500_000, 2_879_700, 500_300, 2_879_800)],
        crs="EPSG:4545",
    )
    report = ImportReport()
    frame = population_frame(grid, primary, junior, townships, report=report)
    assert tuple(frame.columns) == (*POPULATION_COLUMNS, "geometry")
    assert frame["cell_id"].tolist() == [0, 2, 4, 6, 7, 8]
    assert frame["township"].tolist() == ["T1", "", "T1", "T2", "T2", "T2"]
    assert frame.geometry.iloc[1].equals(Point(500_250, 2_879_950))
    assert frame["primary"].sum() == 52 and frame["junior"].sum() == 1
    assert [(f.severity, f.value) for f in report.findings] == [("warning", "5 primary, 0 junior")]


# ------------------------------------------------------------------------------------------
# DEM


def test_dem_reprojected_with_known_values(tmp_path: Path) -> None:
    # z = 500 + 2000 (lon - 108) + 3000 (lat - 26): bilinear resampling of a plane is exact.
    n = 120
    west, north, res = LON - 0.05, LAT + 0.05, 0.001
    lon = west + (np.arange(n) + 0.5) * res
    lat = north - (np.arange(n) + 0.5) * res
    z = 500 + 2000 * (lon[None, :] - 108) + 3000 * (lat[:, None] - 26)
    path = _write_raster(tmp_path / "dem.tif", z, west=west, north=north, res=res)
    grid = _grid_around(LON, LAT, 2_000)
    report = ImportReport()
    dem = read_dem(path, grid, report=report)
    assert dem is not None and report.ok
    assert dem.elevation.shape == grid.shape and dem.crs == "EPSG:4545"
    x, y = grid.cell_centres()
    plon, plat = Transformer.from_crs("EPSG:4545", "EPSG:4326", always_xy=True).transform(x, y)
    expected = 500 + 2000 * (plon - 108) + 3000 * (plat - 26)
    np.testing.assert_allclose(dem.elevation.ravel(), expected, atol=0.05)
    np.testing.assert_allclose(dem.sample(x[:5], y[:5]), expected[:5], atol=0.05)


def test_dem_partly_covered_is_counted(tmp_path: Path) -> None:
    path = _write_raster(tmp_path / "dem.tif", np.full((40, 40), 900.0), west=LON, north=LAT + 0.02, res=0.001)
    grid = _grid_around(LON, LAT, 1_000)
    report = ImportReport()
    dem = read_dem(path, grid, report=report)
    assert dem is not None
    covered = np.isfinite(dem.elevation)
    assert 0 < covered.sum() < covered.size
    np.testing.assert_allclose(dem.elevation[covered], 900.0)
    assert [f.value for f in report.warnings] == [f"{int((~covered).sum())} of {covered.size} cells"]


# ------------------------------------------------------------------------------------------
# Township boundaries


def test_boundaries_bowtie_repaired() -> None:
    report = ImportReport()
    towns = read_boundaries(BAD / "boundary_bowtie.geojson", project_crs="EPSG:4545", report=report)
    assert towns is not None and report.ok
    assert towns.crs == "EPSG:4545"
    assert towns["code"].tolist() == ["522699101", "522699102"]
    assert towns["name"].tolist() == ["河口镇", "龙潭乡"]
    assert towns.geometry.is_valid.all()
    # The bow-tie's two triangles each cover a quarter of its bounding square.
    bow, square = towns.geometry.iloc[0], towns.geometry.iloc[1]
    assert bow.geom_type == "MultiPolygon"
    assert bow.area == pytest.approx(square.area / 2, rel=1e-3)
    repaired = [f for f in report.findings if f.problem == "invalid polygon repaired"]
    assert [(f.severity, f.where, f.field) for f in repaired] == [("note", "feature 0", "geometry")]
    assert repaired[0].value.startswith("Self-intersection[")


@pytest.mark.parametrize(
    ("properties", "code", "name"),
    [
        ({"XZQDM": 522699101, "XZQMC": "河口镇"}, "522699101", "河口镇"),  # Tianditu / survey Shapefiles
        ({"乡镇代码": "522699101", "乡镇名称": "河口镇"}, "522699101", "河口镇"),
        ({"adcode": 522699101.0, "NAME": "河口镇"}, "522699101", "河口镇"),  # a number read as a float
        ({"Town_Code": "522699101", "乡镇": "河口镇", "area": 3.5}, "522699101", "河口镇"),
    ],
    ids=["XZQDM-XZQMC", "chinese", "adcode-NAME", "Town_Code-乡镇"],
)
def test_boundaries_fields_under_common_headers(
    tmp_path: Path, properties: dict[str, object], code: str, name: str
) -> None:
    path = tmp_path / "towns.geojson"
    gpd.GeoDataFrame([properties], geometry=[box(LON, LAT, LON + 0.01, LAT + 0.01)], crs="EPSG:4326").to_file(path)
    report = ImportReport()
    towns = read_boundaries(path, project_crs="EPSG:4545", report=report)
    assert towns is not None and report.ok, [str(f) for f in report.findings]
    assert (towns["code"].tolist(), towns["name"].tolist()) == ([code], [name])
    assert not [f for f in report.findings if f.severity != "note" or "code" in f.problem]


def test_boundaries_fields_named_by_the_user(tmp_path: Path) -> None:
    path = tmp_path / "towns.geojson"
    frame = gpd.GeoDataFrame(
        {"编号": ["01", "02"], "地名": ["河口镇", "龙潭乡"], "name": ["x", "y"]},
        geometry=[box(LON, LAT, LON + 0.01, LAT + 0.01), box(LON + 0.01, LAT, LON + 0.02, LAT + 0.01)],
        crs="EPSG:4326",
    )
    frame.to_file(path)
    report = ImportReport()
    towns = read_boundaries(path, project_crs="EPSG:4545", report=report, code_field="编号", name_field="地名")
    assert towns is not None and report.ok
    assert towns["code"].tolist() == ["01", "02"] and towns["name"].tolist() == ["河口镇", "龙潭乡"]
    report = ImportReport()
    assert read_boundaries(path, project_crs="EPSG:4545", report=report, code_field="乡镇代码") is None
    assert [str(f) for f in report.errors] == [
        f"error: {path}, field 乡镇代码: the township code field given is not in the file; "
        "name one of its fields with --boundary-code-field: 编号, 地名, name"
    ]


def test_derived_codes_follow_the_names_not_the_order_of_the_features(tmp_path: Path) -> None:
    names = ["龙潭乡", "河口镇", "城关镇", "坝子乡"]
    squares = [box(LON + 0.01 * k, LAT, LON + 0.01 * (k + 1), LAT + 0.01) for k in range(4)]
    got = []
    for order in (names, names[::-1]):
        path = tmp_path / "towns.geojson"
        frame = gpd.GeoDataFrame({"乡镇名称": order}, geometry=squares, crs="EPSG:4326")
        frame.to_file(path)
        report = ImportReport()
        towns = read_boundaries(path, project_crs="EPSG:4545", report=report)
        assert towns is not None and report.ok
        got.append(dict(zip(towns["name"], towns["code"], strict=True)))
    # Numbered in code-point order of the names: 坝 U+575D < 城 U+57CE < 河 U+6CB3 < 龙 U+9F99.
    assert got[0] == got[1] == {"坝子乡": "T01", "城关镇": "T02", "河口镇": "T03", "龙潭乡": "T04"}


# ------------------------------------------------------------------------------------------
# Bad files: each gives this exact report line


def _small_grid() -> Grid:
    return _grid_around(LON, LAT, 1_500)


Reader = Callable[[Path, ImportReport], object]
BAD_LAYERS: list[tuple[str, Reader, tuple[str, str, str, str | None, str, str]]] = [
    (
        "raster_no_crs.tif",
        lambda p, r: resample_counts(p, _small_grid(), report=r),
        (
            "error",
            "",
            "",
            "",
            "raster has no coordinate reference system",
            "state its CRS with --coords (the wizard: coordinate system; WorldPop uses EPSG:4326) "
            "or assign it in a GIS",
        ),
    ),
    (
        "raster_all_nodata.tif",
        lambda p, r: resample_counts(p, _small_grid(), report=r),
        ("error", "band 1", "", "", "raster holds no values over the project grid (all nodata)", ""),
    ),
    (
        "raster_negative.tif",
        lambda p, r: resample_counts(p, _small_grid(), report=r),
        (
            "warning",
            "band 1",
            "",
            "2 pixels, lowest -5",
            "negative population values taken as 0",
            "check how the raster was made",
        ),
    ),
    (
        "raster_not_a_raster.tif",
        lambda p, r: resample_counts(p, _small_grid(), report=r),
        ("error", "", "", None, "not a readable raster", "save it as GeoTIFF"),
    ),
    (
        "dem_no_crs.tif",
        lambda p, r: read_dem(p, _small_grid(), report=r),
        (
            "error",
            "",
            "",
            "",
            "raster has no coordinate reference system",
            "state its CRS with --coords (the wizard: coordinate system; SRTM and ASTER use EPSG:4326) "
            "or assign it in a GIS",
        ),
    ),
    (
        "empty.geojson",
        lambda p, r: read_boundaries(p, project_crs="EPSG:4545", report=r),
        ("error", "", "", "", "layer has no features", "check that the right file or layer was chosen"),
    ),
    (
        "boundary_points.geojson",
        lambda p, r: read_boundaries(p, project_crs="EPSG:4545", report=r),
        (
            "error",
            "feature 0",
            "geometry",
            "Point",
            "township boundary must be a polygon",
            "use the township polygons (乡镇界), not points or lines",
        ),
    ),
    (
        "boundary_no_code.geojson",
        lambda p, r: read_boundaries(p, project_crs="EPSG:4545", report=r),
        (
            "note",
            "",
            "名称",
            "",
            "no township code field; codes T01… numbered by township name",
            "to keep the official codes, name their field with --boundary-code-field; fields: 名称, area",
        ),
    ),
    (
        "boundary_no_fields.geojson",
        lambda p, r: read_boundaries(p, project_crs="EPSG:4545", report=r),
        (
            "error",
            "",
            "",
            "",
            "no township code or name field",
            "name them with --boundary-code-field and --boundary-name-field (the wizard: code and name fields); "
            "fields: area, perimeter",
        ),
    ),
    (
        "boundary_blank_name.geojson",
        lambda p, r: read_boundaries(p, project_crs="EPSG:4545", report=r),
        ("error", "feature 1", "乡镇名称", "", "township has neither code nor name", "fill it in"),
    ),
    (
        "boundary_blank_code.geojson",
        lambda p, r: read_boundaries(p, project_crs="EPSG:4545", report=r),
        ("error", "feature 1", "XZQDM", "", "township has no code", "fill it in"),
    ),
    (
        "boundary_same_name.geojson",
        lambda p, r: read_boundaries(p, project_crs="EPSG:4545", report=r),
        ("note", "", "NAME", "龙潭乡", "township name appears more than once; its polygons share the code T01", ""),
    ),
    (
        "villages_non_numeric.geojson",
        lambda p, r: read_villages(p, _small_grid(), report=r),
        ("error", "feature 1", "primary", "十二", "count is not a number", "enter the number of children (0 or more)"),
    ),
    (
        "villages_missing_field.geojson",
        lambda p, r: read_villages(p, _small_grid(), report=r),
        (
            "error",
            "",
            "junior",
            "",
            "count field is missing",
            "name the junior count field junior in a GIS; fields: primary, 初中",
        ),
    ),
    (
        "villages_negative.geojson",
        lambda p, r: read_villages(p, _small_grid(), report=r),
        ("error", "feature 0", "junior", "-4", "count is negative", "enter the number of children (0 or more)"),
    ),
    (
        "villages_outside.geojson",
        lambda p, r: read_villages(p, _small_grid(), report=r),
        (
            "warning",
            "",
            "",
            "features 1",
            "1 village lies outside the project grid; their children are not counted (7 primary, 2 junior)",
            "check the villages' coordinates and the county boundary",
        ),
    ),
    (
        "villages_lines.geojson",
        lambda p, r: read_villages(p, _small_grid(), report=r),
        ("error", "feature 0", "geometry", "LineString", "village geometry must be a point or a polygon", ""),
    ),
]


@pytest.mark.parametrize(("name", "reader", "line"), BAD_LAYERS, ids=[b[0] for b in BAD_LAYERS])
def test_bad_layer_gives_its_report_line(
    name: str, reader: Reader, line: tuple[str, str, str, str | None, str, str]
) -> None:
    report = ImportReport()
    result = reader(BAD / name, report)
    severity, where, field, value, problem, fix = line
    found = [f for f in report.findings if f.problem == problem]
    assert len(found) == 1, [str(f) for f in report.findings]
    finding = found[0]
    assert (finding.severity, finding.file, finding.where, finding.field, finding.fix) == (
        severity,
        str(BAD / name),
        where,
        field,
        fix,
    )
    if value is not None:
        assert finding.value == value
    assert (result is None) == (severity == "error")


def test_total_change_by_resampling_is_warned_and_rescaled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where GDAL's resampling loses people (here: half of them), the report says so and the total is kept."""
    import rasterio.warp

    values = np.full((6, 6), 2.0)
    path = _write_raster(tmp_path / "pop.tif", values, west=LON - 0.002, north=LAT + 0.002)
    grid = _grid_around(LON, LAT, 1_000)
    real = rasterio.warp.reproject

    def halving(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)
        kwargs["destination"] *= 0.5  # type: ignore[operator]
        return result

    monkeypatch.setattr(rasterio.warp, "reproject", halving)
    report = ImportReport()
    out = resample_counts(path, grid, report=report)
    assert out is not None and out.sum() == pytest.approx(72.0, rel=1e-6)
    assert [(f.problem, f.value) for f in report.warnings] == [
        ("resampling onto the grid changed the total by -50.00%; rescaled to keep the total", "72.0 -> 36.0")
    ]

    def nothing(*args: object, **kwargs: object) -> object:
        kwargs["destination"][...] = 0.0  # type: ignore[index]
        return None

    monkeypatch.setattr(rasterio.warp, "reproject", nothing)
    report = ImportReport()
    out = resample_counts(path, grid, report=report)
    assert out is not None and out.sum() == pytest.approx(72.0, rel=1e-6)
    assert "each pixel's people put in the cell under its centre" in [f.problem for f in report.findings][-1]


def test_stated_crs_for_a_raster_without_one() -> None:
    report = ImportReport()
    dem = read_dem(BAD / "dem_no_crs.tif", _grid_around(LON, LAT, 800), report=report, crs="EPSG:4326")
    assert dem is not None and report.ok
    np.testing.assert_allclose(dem.elevation, 800.0)
    first = report.findings[0]
    assert (first.severity, first.problem, first.value) == (
        "note",
        "raster has no coordinate reference system; taken as stated",
        "EPSG:4326",
    )
