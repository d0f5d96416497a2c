"""A county as it arrives: township names only, no township column, a population raster wider than the roads.

Expected values come from elsewhere: children summed from the raster with rasterio and numpy,
townships of the schools by shapely point-in-polygon on the polygons as written.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import shapely
from affine import Affine
from pyproj import Transformer
from shapely.geometry import LineString, Point, box

from app.cli import main as cli_main
from gis.importing.assemble import ImportSources, import_project, import_to_file
from gis.importing.report import ChildrenReconciliation
from gis.project import load_project

CRS = "EPSG:4545"
TO_LONLAT = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
# Two townships side by side, 5 km x 6 km each (metres in EPSG:4545, near 108°E, 26°N).
WEST = box(500_000, 2_870_000, 505_000, 2_876_000)
EAST = box(505_000, 2_870_000, 510_000, 2_876_000)
TOWNS = {"河口镇": WEST, "龙潭乡": EAST}
SCHOOLS = [
    ("5201230001", "河口中心小学", "小学", 500_800, 2_871_500),
    ("5201230002", "河口中学", "初中", 503_200, 2_874_900),
    ("5201230003", "龙潭小学", "小学", 506_100, 2_872_200),
    ("5201230004", "龙潭九年制学校", "九年一贯制", 509_300, 2_875_100),
]
OUTSIDE_150 = ("5201230005", "坝口教学点", "教学点", 510_150, 2_873_000)  # 150 m east of 龙潭乡
OUTSIDE_2KM = ("5201230006", "远山小学", "小学", 512_000, 2_873_000)
RES = 3 / 3600


def _write_county(folder: Path, schools: list[tuple[str, str, str, float, float]]) -> ImportSources:
    gpd.GeoDataFrame({"乡镇名称": list(TOWNS)}, geometry=list(TOWNS.values()), crs=CRS).to_file(
        folder / "towns.gpkg", layer="towns"
    )
    with open(folder / "schools.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["学校代码", "学校名称", "学段", "在校生数", "经度", "纬度"])
        for code, name, kind, x, y in schools:
            lon, lat = TO_LONLAT.transform(x, y)
            writer.writerow([code, name, kind, 300, f"{lon:.8f}", f"{lat:.8f}"])
    # Roads inside the county only, well short of its edges.
    roads = [LineString([(500_500, 2_873_000), (509_500, 2_873_000)])]
    roads += [
        LineString([(x, 2_871_000), (x, 2_875_500)]) for x, *_ in [(500_800,), (503_200,), (506_100,), (509_300,)]
    ]
    roads += [LineString([(509_300, 2_873_000), (510_150, 2_873_000)])]
    gpd.GeoDataFrame({"road_class": ["township"] * len(roads)}, geometry=roads, crs=CRS).to_file(
        folder / "roads.gpkg", layer="roads"
    )
    # Rasters of children, in longitude/latitude, 3 km wider than the county on every side.
    west, south = TO_LONLAT.transform(497_000, 2_867_000)
    east, north = TO_LONLAT.transform(513_000, 2_879_000)
    width, height = int((east - west) / RES) + 1, int((north - south) / RES) + 1
    rng = np.random.default_rng(11)
    paths = []
    for cohort, scale in (("primary", 0.8), ("junior", 0.4)):
        values = (rng.gamma(2.0, scale, size=(height, width))).astype(np.float32)
        path = folder / f"{cohort}.tif"
        with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1, dtype="float32",
                           crs="EPSG:4326", transform=Affine(RES, 0, west, 0, -RES, north)) as dst:  # fmt: skip
            dst.write(values, 1)
        paths.append(path)
    return ImportSources(
        schools=folder / "schools.csv",
        population=tuple(paths),
        roads=folder / "roads.gpkg",
        boundaries=folder / "towns.gpkg",
        crs=CRS,
        name="半仓县",
    )


def _raster_sum(path: Path) -> float:
    with rasterio.open(path) as src:
        return float(src.read(1).astype(np.float64).sum())


def _raster_sum_inside(path: Path, outline: object) -> float:
    """The children of the pixels whose centres lie inside ``outline`` (EPSG:4545)."""
    with rasterio.open(path) as src:
        values = src.read(1).astype(np.float64)
        rows, cols = np.indices(values.shape)
        t = src.transform
        lon, lat = t.c + t.a * (cols.ravel() + 0.5), t.f + t.e * (rows.ravel() + 0.5)
    x, y = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(lon, lat)
    inside = shapely.contains_xy(outline, x, y)
    return float(values.ravel()[inside].sum())


def test_county_with_names_only_no_township_column_and_a_wide_raster(tmp_path: Path) -> None:
    sources = _write_county(tmp_path, [*SCHOOLS, OUTSIDE_150])
    project, report = import_project(sources)
    assert report.ok, [str(f) for f in report.errors]
    assert project is not None
    # Townships: codes derived from the names, with a note.
    towns = dict(zip(project.townships["name"], project.townships["code"], strict=True))
    assert set(towns) == set(TOWNS) and len(set(towns.values())) == 2
    assert any(f.problem.startswith("no township code field; codes T01") for f in report.findings)
    # Every school lands in its township: point-in-polygon on the polygons as written.
    for code, _, _, x, y in SCHOOLS:
        (name,) = [n for n, poly in TOWNS.items() if poly.contains(Point(x, y))]
        assert project.schools.set_index("school_id").loc[code, "township"] == towns[name], code
    # The school 150 m outside: a warning, and the nearest township.
    code, _, _, x, y = OUTSIDE_150
    nearest = min(TOWNS, key=lambda n: TOWNS[n].distance(Point(x, y)))
    assert project.schools.set_index("school_id").loc[code, "township"] == towns[nearest] == towns["龙潭乡"]
    (far,) = [f for f in report.warnings if f.where == "row 6"]
    assert (far.field, far.problem) == (
        "lon (经度)",
        "school is 150 m outside the township boundaries (at most 200 m allowed); taken into the nearest township",
    )
    assert any(f.problem.startswith("5 schools without a township in the file") for f in report.findings)
    # Children: in the files = in the project + outside, to 0.1 %.
    rec = report.reconciliation
    assert isinstance(rec, ChildrenReconciliation)
    for cohort in ("primary", "junior"):
        in_files = _raster_sum(tmp_path / f"{cohort}.tif")
        assert getattr(rec.in_files, cohort) == pytest.approx(in_files, rel=1e-6)
        in_project = float(project.population[cohort].sum())
        assert in_project + getattr(rec.outside, cohort) == pytest.approx(in_files, rel=1e-3)
        # The county holds 60 of the raster's 16 x 12 = 192 km²: the rest is outside, and said so.
        inside = _raster_sum_inside(tmp_path / f"{cohort}.tif", WEST.union(EAST))
        assert in_project == pytest.approx(inside, rel=0.01)
    outside = [f for f in report.warnings if "lie outside the county and are not in the project" in f.problem]
    assert len(outside) == 1 and outside[0].problem.startswith(f"{rec.outside.total:,.0f} children")
    # The report ends with the reconciliation.
    assert [f.problem.split(":")[0] for f in report.findings[-4:]] == [
        "children in the files",
        "children on the grid",
        "children inside the county (in the project)",
        "children outside the county",
    ]


def test_without_boundaries_the_grid_covers_the_whole_raster(tmp_path: Path) -> None:
    sources = _write_county(tmp_path, SCHOOLS)
    sources = ImportSources(schools=sources.schools, population=sources.population, roads=sources.roads, crs=CRS)
    project, report = import_project(sources)
    assert report.ok and project is not None
    for cohort in ("primary", "junior"):
        in_files = _raster_sum(tmp_path / f"{cohort}.tif")
        assert float(project.population[cohort].sum()) == pytest.approx(in_files, rel=1e-3)
    assert report.reconciliation is not None and report.reconciliation.outside.total < 1e-3 * in_files
    assert not [f for f in report.warnings if "outside the county" in f.problem]


def test_a_school_2_km_outside_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    sources = _write_county(tmp_path, [*SCHOOLS, OUTSIDE_2KM])
    out = tmp_path / "county.gpkg"
    project, report, report_path = import_to_file(sources, out)
    assert project is None and not out.exists() and report_path.exists()
    assert [str(f) for f in report.errors] == [
        f"error: {sources.schools}, row 6, field lon (经度): school is outside the county (2.0 km from its boundary) "
        "(value: 512000, 2873000); check the coordinates and their system (WGS84, GCJ-02 from Amap, BD-09 from Baidu)"
    ]


def test_the_tolerance_comes_from_the_rules_file(tmp_path: Path) -> None:
    from gis.standards import DEFAULT_STANDARDS, load_standards

    rules = tmp_path / "rules.toml"
    rules.write_text(
        DEFAULT_STANDARDS.read_text(encoding="utf-8").replace("outside_tolerance_m = 200", "outside_tolerance_m = 100"),
        encoding="utf-8",
    )
    sources = _write_county(tmp_path, [*SCHOOLS, OUTSIDE_150])
    project, report = import_project(sources, standards=load_standards(rules))
    assert project is None
    assert [(f.where, f.problem) for f in report.errors] == [
        ("row 6", "school is outside the county (150 m from its boundary)")
    ]


# ---------------------------------------------------------------------------------------------
# The command line


def _args(sources: ImportSources, out: Path, *more: str) -> list[str]:
    return ["import", "--schools", str(sources.schools), "--population", *map(str, sources.population),
            "--roads", str(sources.roads), "--boundaries", str(sources.boundaries), "--crs", CRS,
            "-o", str(out), "--quiet", *more]  # fmt: skip


def test_cli_names_the_boundary_fields_and_maps_columns(tmp_path: Path) -> None:
    sources = _write_county(tmp_path, SCHOOLS)
    # A township file whose fields no header list knows, and a schools table with odd headers.
    gpd.GeoDataFrame(
        {"编号": ["522699101", "522699102"], "地名": list(TOWNS)}, geometry=list(TOWNS.values()), crs=CRS
    ).to_file(sources.boundaries, layer="towns")
    text = sources.schools.read_text(encoding="utf-8").replace("学校名称", "校名全称").replace("经度", "X坐标")
    sources.schools.write_text(text, encoding="utf-8")
    out = tmp_path / "county.gpkg"
    fields = ["--boundary-code-field", "编号", "--boundary-name-field", "地名"]
    columns = ["--column", "校名全称=name", "--column", "X坐标=lon"]
    assert cli_main(_args(sources, out, *fields, *columns)) == 0
    project = load_project(out)
    assert sorted(project.townships["code"]) == ["522699101", "522699102"]
    assert sorted(project.townships["name"]) == sorted(TOWNS)
    assert sorted(project.schools["name"]) == sorted(s[1] for s in SCHOOLS)
    by_code = project.schools.set_index("school_id")["township"]
    assert by_code["5201230001"] == "522699101" and by_code["5201230003"] == "522699102"


@pytest.mark.parametrize(
    ("more", "line"),
    [
        (
            ["--column", "学校名称"],
            "error: field --column: expected HEADER=FIELD (value: 学校名称); e.g. --column 学校名称=name",
        ),
        (
            ["--column", "学校名称=学校"],
            "error: field --column: unknown field (value: 学校名称=学校); fields: school_id, name",
        ),
        (
            ["--boundary-code-field", "CODE99"],
            "field CODE99: the township code field given is not in the file; "
            "name one of its fields with --boundary-code-field: 乡镇名称",
        ),
    ],
    ids=["no-equals", "unknown-field", "missing-boundary-field"],
)
def test_cli_bad_values_exit_2_with_a_readable_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], more: list[str], line: str
) -> None:
    sources = _write_county(tmp_path, SCHOOLS)
    out = tmp_path / "county.gpkg"
    assert cli_main(_args(sources, out)) == 0
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert cli_main(_args(sources, out, *more)) == 2
    err = capsys.readouterr().err
    assert line in err
    assert "Traceback" not in err
    assert hashlib.sha256(out.read_bytes()).hexdigest() == digest
