"""Shared fixtures: tiny hand-built projects whose results can be computed by hand."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point, box

from gis.project import Project
from gis.schema import SCHOOL_COLUMNS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CRS = "EPSG:4545"
X0, Y0 = 500_000.0, 2_880_000.0

_SCHOOL_DEFAULTS: dict[str, Any] = {c: 0 for c in SCHOOL_COLUMNS}
_SCHOOL_DEFAULTS.update({"township": "T1", "boarding": False, "name": "school", "type": "primary"})


def school_row(**values: Any) -> dict[str, Any]:
    """A schools-layer record with every column, zero where not given."""
    row = dict(_SCHOOL_DEFAULTS)
    row.update(values)
    return row


def make_project(
    *,
    roads: list[tuple[list[tuple[float, float]], str]],
    schools: list[dict[str, Any]],
    cells: list[tuple[int, int, float, float]],
    cell_size: float = 100.0,
    dem: Any = None,
) -> Project:
    """A project from local coordinates (metres from X0, Y0).

    ``roads`` are (vertices, class); ``schools`` records made with :func:`school_row` plus
    ``x``/``y``; ``cells`` are (row, col, primary, junior) on a grid whose cell (0, 0) has
    its centre at (X0 + 50, Y0 - 50) for 100 m cells, rows running south.
    """
    road_frame = gpd.GeoDataFrame(
        {"road_class": [c for _, c in roads], "name": [f"road {i}" for i in range(len(roads))]},
        geometry=[LineString([(X0 + x, Y0 + y) for x, y in pts]) for pts, _ in roads],
        crs=CRS,
    )
    recs = [dict(r) for r in schools]
    geometry = [Point(X0 + r.pop("x"), Y0 + r.pop("y")) for r in recs]
    school_frame = gpd.GeoDataFrame(recs, geometry=geometry, crs=CRS)
    half = cell_size / 2
    pop = gpd.GeoDataFrame(
        {
            "cell_id": np.arange(len(cells)),
            "row": [c[0] for c in cells],
            "col": [c[1] for c in cells],
            "primary": [float(c[2]) for c in cells],
            "junior": [float(c[3]) for c in cells],
            "township": ["T1"] * len(cells),
        },
        geometry=[Point(X0 + c[1] * cell_size + half, Y0 - c[0] * cell_size - half) for c in cells],
        crs=CRS,
    )
    townships = gpd.GeoDataFrame(
        {"code": ["T1"], "name": ["城关镇"]}, geometry=[box(X0 - 1000, Y0 - 5000, X0 + 10000, Y0 + 5000)], crs=CRS
    )
    empty_places = gpd.GeoDataFrame({"name": [], "kind": [], "township": [], "population": []}, geometry=[], crs=CRS)
    empty_rivers = gpd.GeoDataFrame({"name": []}, geometry=[], crs=CRS)
    return Project(
        name="测试县",
        crs=CRS,
        schools=school_frame,
        population=pop,
        roads=road_frame,
        townships=townships,
        places=empty_places,
        rivers=empty_rivers,
        dem=dem,
        settings={"cell_size": str(cell_size), "x0": str(X0), "y0": str(Y0)},
    )


@pytest.fixture
def project_factory() -> Callable[..., Project]:
    """The :func:`make_project` factory."""
    return make_project


@pytest.fixture
def line_county() -> Project:
    """A 6 km east-west road on the row y = Y0 - 50 (the centre line of grid row 0).

    A primary school at 1 km, a junior school at 5 km, both on the road. Cells of row 0
    lie on the road; cells of row 1 are 100 m south of it.
    """
    schools = [
        school_row(school_id="P1", name="第一小学", type="primary", grade_min=1, grade_max=6, x=1000.0, y=-50.0,
                   enrol_g1=40, enrol_g2=40, enrol_g3=40, enrol_g4=40, enrol_g5=40, enrol_g6=40,
                   classes_primary=6, capacity_primary=270),
        school_row(school_id="J1", name="第一中学", type="junior", grade_min=7, grade_max=9, x=5000.0, y=-50.0,
                   enrol_g7=50, enrol_g8=50, enrol_g9=50, classes_junior=3, capacity_junior=150),
    ]  # fmt: skip
    cells = [(0, 10, 10.0, 5.0), (0, 30, 20.0, 10.0), (1, 50, 6.0, 3.0)]
    return make_project(roads=[([(0.0, -50.0), (6000.0, -50.0)], "county")], schools=schools, cells=cells)


@pytest.fixture
def zones_county() -> Project:
    """A township of 2.4 km by 1 km for enrolment zones: six villages in a row along an
    east-west road (places V1 … V6 at x = 200, 600, …, 2200 m, y = -500 m), every populated cell
    (100 m) with 2 primary and 1 junior child, north-south village roads at each village.

    Schools: 第一小学 (P1, 300 seats) at V1, 第二小学 (P2, 300 seats) at V6, both grades 1–6;
    教学点 (T1, grades 1–3, 60 seats) at V3; 第一中学 (J1, junior, 400 seats) at V4. The township
    polygon is the 2.4 km × 1 km box, so the villages' Voronoi areas are strips 400 m wide.
    """
    schools = [
        school_row(school_id="P1", name="第一小学", type="primary", grade_min=1, grade_max=6, x=200.0, y=-500.0,
                   capacity_primary=300),
        school_row(school_id="P2", name="第二小学", type="primary", grade_min=1, grade_max=6, x=2200.0, y=-500.0,
                   capacity_primary=300),
        school_row(school_id="T1", name="教学点", type="teaching_point", grade_min=1, grade_max=3, x=1000.0,
                   y=-500.0, capacity_primary=60),
        school_row(school_id="J1", name="第一中学", type="junior", grade_min=7, grade_max=9, x=1400.0, y=-500.0,
                   capacity_junior=400),
    ]  # fmt: skip
    cells = [(row, col, 2.0, 1.0) for row in range(10) for col in range(24)]
    stops = (200.0, 600.0, 1000.0, 1400.0, 1800.0, 2200.0)
    # The village roads meet the township road at its vertices (roads join where they share one).
    roads = [([(0.0, -500.0), *((x, -500.0) for x in stops), (2400.0, -500.0)], "township")]
    roads += [([(x, 0.0), (x, -500.0), (x, -1000.0)], "village") for x in stops]
    project = make_project(roads=roads, schools=schools, cells=cells)
    places = gpd.GeoDataFrame(
        {
            "name": [f"V{i}" for i in range(1, 7)],
            "kind": ["village"] * 6,
            "township": ["T1"] * 6,
            "population": [500] * 6,
        },
        geometry=[Point(X0 + 200.0 + 400.0 * i, Y0 - 500.0) for i in range(6)],
        crs=CRS,
    )
    townships = gpd.GeoDataFrame(
        {"code": ["T1"], "name": ["城关镇"]}, geometry=[box(X0, Y0 - 1000, X0 + 2400, Y0)], crs=CRS
    )
    return project.with_layers(places=places, townships=townships)
