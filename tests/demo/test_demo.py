"""The demo county (the demo package) and the committed data/bancang.gpkg: believable, complete, reproducible.

Expected ranges come from the issue and the standards in shared/DOMAIN.md, not from the generator.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from demo import CRS, LARGE_SCALE, generate_county, main
from gis.errors import Cancelled
from gis.project import Project, load_project

DEMO = Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"
HAN = re.compile(r"[\u4e00-\u9fff]")
PRIMARY_GRADES = [f"enrol_g{g}" for g in range(1, 7)]
JUNIOR_GRADES = [f"enrol_g{g}" for g in range(7, 10)]


@pytest.fixture(scope="module")
def demo() -> Project:
    return load_project(DEMO)


@pytest.fixture(scope="module")
def schools(demo: Project) -> pd.DataFrame:
    s = pd.DataFrame(demo.schools.drop(columns="geometry"))
    s["P"] = s[PRIMARY_GRADES].sum(axis=1)
    s["J"] = s[JUNIOR_GRADES].sum(axis=1)
    return s


def _road_graph(project: Project) -> tuple[np.ndarray, coo_matrix, list[set[str]]]:
    """Road vertices, the graph joining consecutive vertices, and the classes at each vertex."""
    coords = [np.asarray(g.coords) for g in project.roads.geometry]
    every = np.concatenate(coords)
    nodes, inverse = np.unique(every, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    starts = np.cumsum([0] + [len(c) for c in coords[:-1]])
    a = np.concatenate([inverse[s : s + len(c) - 1] for s, c in zip(starts, coords, strict=True)])
    b = np.concatenate([inverse[s + 1 : s + len(c)] for s, c in zip(starts, coords, strict=True)])
    length = np.hypot(*(nodes[a] - nodes[b]).T)
    graph = coo_matrix((length, (a, b)), shape=(len(nodes), len(nodes)))
    classes: list[set[str]] = [set() for _ in range(len(nodes))]
    for s, c, kind in zip(starts, coords, project.roads["road_class"], strict=True):
        for i in inverse[s : s + len(c)]:
            classes[i].add(kind)
    return nodes, graph, classes


# ---------------------------------------------------------------------------------------------
# The committed demo county


def test_county_area_crs_and_place(demo: Project) -> None:
    assert demo.crs.upper().endswith("4545") or "4545" in demo.crs
    for layer in ("schools", "population", "roads", "townships", "places", "rivers"):
        assert getattr(demo, layer).crs.to_epsg() == 4545
    county = shapely.union_all(demo.townships.geometry.values)
    assert 1_500e6 <= county.area <= 2_500e6
    centre = county.centroid
    assert abs(centre.x - 500_000) < 30_000 and abs(centre.y - 2_880_000) < 30_000
    # An irregular outline, not an ellipse or a box: far more boundary than a circle of that area.
    assert county.length > 1.5 * 2 * np.sqrt(np.pi * county.area)


def test_townships_partition_the_county_with_chinese_names(demo: Project) -> None:
    t = demo.townships
    assert 11 <= len(t) <= 15  # the county seat's 城关镇 and 10-14 other townships
    assert t["code"].is_unique and t["name"].is_unique
    assert all(HAN.search(n) and n[-1] in "镇乡" for n in t["name"])
    assert "城关镇" in set(t["name"])
    assert shapely.coverage_is_valid(t.geometry.values)
    seat = demo.places[demo.places["kind"] == "county_seat"]
    assert len(seat) == 1
    chengguan = t[t["name"] == "城关镇"].geometry.iloc[0]
    assert chengguan.contains(seat.geometry.iloc[0])


def test_places(demo: Project) -> None:
    kinds = demo.places["kind"].value_counts()
    assert kinds["county_seat"] == 1
    assert 10 <= kinds["township_seat"] <= 14
    assert 150 <= kinds["village"] <= 250
    assert demo.places["name"].is_unique
    assert all(HAN.search(n) for n in demo.places["name"])
    assert set(demo.places["township"]) <= set(demo.townships["code"])
    assert (demo.places["population"] > 0).all()


def test_children_on_the_100_m_grid(demo: Project) -> None:
    pop = demo.population
    total = pop["primary"].sum() + pop["junior"].sum()
    assert 15_000 <= total <= 25_000
    assert 0.6 <= pop["primary"].sum() / total <= 0.72
    assert (pop["primary"] >= 0).all() and (pop["junior"] >= 0).all()
    assert pop["cell_id"].is_unique
    assert set(pop["township"]) <= set(demo.townships["code"])
    # row/col and the grid origin in the settings give the point coordinates.
    size = float(demo.settings["cell_size"])
    x0, y0 = float(demo.settings["x0"]), float(demo.settings["y0"])
    assert size == 100
    np.testing.assert_allclose(pop.geometry.x, x0 + (pop["col"] + 0.5) * size)
    np.testing.assert_allclose(pop.geometry.y, y0 - (pop["row"] + 0.5) * size)
    # Dense in the county seat, sparse in the mountains, with scattered hamlet cells.
    per_cell = pop["primary"] + pop["junior"]
    seat = demo.places.loc[demo.places["kind"] == "county_seat"].geometry.iloc[0]
    near_seat = pop.geometry.distance(seat) < 2_000
    seat_density = per_cell[near_seat].sum() / (np.pi * 2_000**2)
    county_density = total / demo.townships.area.sum()
    assert seat_density > 10 * county_density
    assert per_cell.max() > 20
    assert (per_cell < 0.5).mean() > 0.3


def test_school_types_grades_and_names(schools: pd.DataFrame) -> None:
    kinds = schools["type"].value_counts()
    assert 60 <= kinds["primary"] + kinds["teaching_point"] <= 90
    assert kinds["teaching_point"] >= 5
    assert 8 <= kinds["junior"] <= 12
    assert 2 <= kinds["nine_year"] <= 4
    grades = {"primary": (1, 6), "teaching_point": (1, 3), "junior": (7, 9), "nine_year": (1, 9)}
    for kind, (lo, hi) in grades.items():
        sub = schools[schools["type"] == kind]
        assert (sub["grade_min"] == lo).all() and (sub["grade_max"] == hi).all()
        for g in range(1, 10):
            served = lo <= g <= hi
            assert ((sub[f"enrol_g{g}"] > 0) == served).all(), (kind, g)
    assert schools["school_id"].is_unique
    assert schools["school_id"].str.fullmatch(r"5226\d{6}").all()
    assert schools["name"].is_unique and all(HAN.search(n) for n in schools["name"])
    assert schools["name"].str.contains("教学点").sum() == kinds["teaching_point"]
    assert schools["name"].str.contains("中心小学").sum() >= 5


def test_small_crowded_and_half_empty_schools(schools: pd.DataFrame) -> None:
    total = schools["P"] + schools["J"]
    assert (total < 100).sum() >= 5
    seat = schools[schools["name"].str.contains("城关") & (schools["type"] == "primary")]
    assert len(seat) >= 3
    assert (seat["P"] / seat["classes_primary"] >= 56).all()
    assert (seat["P"] > seat["capacity_primary"]).all()
    village = schools[schools["name"].str.endswith("村小学")]
    assert (village["P"] < 0.5 * village["capacity_primary"]).sum() >= 5
    # Standard seats: 45 a primary class, 50 a junior class.
    assert (schools["capacity_primary"] % 45 == 0).all()
    assert (schools["capacity_junior"] % 50 == 0).all()


def test_boarding(schools: pd.DataFrame) -> None:
    boarding = schools[schools["boarding"]]
    assert len(boarding) >= 5
    assert (boarding["boarders"] > 0).all() and (boarding["boarding_beds"] > 0).all()
    day = schools[~schools["boarding"]]
    assert (day["boarders"] == 0).all() and (day["boarding_beds"] == 0).all()
    assert (schools["boarders"] <= schools["P"] + schools["J"]).all()
    assert not schools.loc[schools["type"] == "teaching_point", "boarding"].any()


def test_enrolment_follows_the_children(demo: Project, schools: pd.DataFrame) -> None:
    assert 0.9 <= schools["P"].sum() / demo.population["primary"].sum() <= 1.0
    assert 0.85 <= schools["J"].sum() / demo.population["junior"].sum() <= 1.0


def test_resources_straddle_the_quality_standards(schools: pd.DataFrame) -> None:
    # Per-school standards of the 2017 quality-balance assessment, primary level (DOMAIN.md).
    primary = schools[schools["type"].isin(["primary", "teaching_point"])]
    pupils = primary["P"]
    standards = {
        "teachers_qualified": (4.2, 100),
        "key_teachers": (1.0, 100),
        "pe_arts_teachers": (0.9, 100),
        "floor_area_m2": (4.5, 1),
        "sports_area_m2": (7.5, 1),
        "equipment_value_yuan": (2000.0, 1),
        "multimedia_rooms": (2.3, 100),
    }
    for column, (standard, per) in standards.items():
        value = primary[column] / pupils * per
        assert (value < standard).sum() >= 3, column
        assert (value >= standard).sum() >= 3, column
    assert (schools["teachers_qualified"] <= schools["teachers"]).all()
    assert (schools["teachers_senior"] <= schools["teachers"]).all()
    assert (schools["teachers"] >= 1).all()
    # Crowded county-seat schools are short of floor area per pupil.
    seat = schools[schools["name"].str.contains("城关")]
    assert (seat["floor_area_m2"] / seat["P"] < 4.5).mean() > 0.5


def test_roads(demo: Project) -> None:
    roads = demo.roads
    assert set(roads["road_class"]) == {"county", "township", "village", "path"}
    assert roads.geometry.is_valid.all() and roads.geom_type.eq("LineString").all()
    nodes, graph, _ = _road_graph(demo)
    spacing = graph.data
    assert np.mean((spacing >= 45) & (spacing <= 150)) > 0.98
    assert spacing.max() <= 150
    n_parts, _ = connected_components(graph, directed=False)
    assert n_parts == 1  # the lines join at shared vertices into one network
    assert len(nodes) >= 8_000


def test_roads_meet_only_at_shared_vertices(demo: Project) -> None:
    lines = demo.roads.geometry.values
    i, j = shapely.STRtree(lines).query(lines, predicate="intersects")
    keep = i < j
    for a, b in zip(i[keep], j[keep], strict=True):
        ends_a = {lines[a].coords[0], lines[a].coords[-1]}
        ends_b = {lines[b].coords[0], lines[b].coords[-1]}
        shared = shapely.MultiPoint(sorted(ends_a & ends_b)) if ends_a & ends_b else shapely.Point()
        assert shapely.intersection(lines[a], lines[b]).difference(shared).is_empty, (a, b)


def test_schools_near_roads(demo: Project) -> None:
    lines = demo.roads.geometry.values
    tree = shapely.STRtree(lines)
    _, distance = tree.query_nearest(demo.schools.geometry.values, return_distance=True, all_matches=False)
    assert distance.max() <= 100


def test_main_river_has_a_long_stretch_without_bridges(demo: Project) -> None:
    rivers = demo.rivers
    assert len(rivers) >= 10 and all(HAN.search(n) for n in rivers["name"])
    main_river = rivers.loc[rivers["name"] == "半仓河"].geometry.iloc[0]
    county = shapely.union_all(demo.townships.geometry.values)
    crossings = shapely.intersection(main_river, shapely.union_all(demo.roads.geometry.values))
    at = np.sort([main_river.project(p) for p in shapely.get_parts(crossings)])
    assert len(at) >= 3
    # The longest gap between bridges on the stretch of the river inside the county.
    inside = np.array([county.contains(main_river.interpolate(d)) for d in np.arange(0, main_river.length, 250)])
    along = np.arange(0, main_river.length, 250)[inside]
    stops = np.unique(np.concatenate([[along.min(), along.max()], at[(at > along.min()) & (at < along.max())]]))
    gaps = [(lo, hi) for lo, hi in itertools.pairwise(stops) if lo in at and hi in at]
    assert max(hi - lo for lo, hi in gaps) >= 10_000


def test_some_villages_are_far_from_a_primary_school(demo: Project) -> None:
    nodes, graph, classes = _road_graph(demo)
    tree = cKDTree(nodes)
    schools = demo.schools[demo.schools["type"] != "junior"]
    _, school_node = tree.query(np.column_stack([schools.geometry.x, schools.geometry.y]))
    villages = demo.places[demo.places["kind"] == "village"]
    gap, village_node = tree.query(np.column_stack([villages.geometry.x, villages.geometry.y]))
    assert gap.max() < 1  # villages are on the network
    distance = dijkstra(graph, directed=False, indices=np.unique(school_node), min_only=True)[village_node]
    assert np.isfinite(distance).all()
    assert np.median(distance) <= 2_000  # most villages have a school within half an hour
    assert (distance > 3_000).sum() >= 5  # some children walk an hour or more
    assert ((distance > 3_000) & (distance < 6_000)).sum() >= 3
    path_only = [i for i in village_node if classes[i] == {"path"}]
    assert len(path_only) >= 2  # a few villages are reached by a footpath only


def test_dem(demo: Project) -> None:
    dem = demo.dem
    assert dem is not None
    assert dem.elevation.dtype == np.float32
    assert dem.transform.a in (100.0, 200.0) and dem.transform.e == -dem.transform.a
    assert dem.elevation.min() >= 350 and dem.elevation.max() <= 1_900
    assert dem.elevation.max() - dem.elevation.min() >= 1_000
    # Valleys: rivers run low, villages lie below the county's mean height.
    county = shapely.union_all(demo.townships.geometry.values)
    minx, miny, maxx, maxy = county.bounds
    left, top = dem.transform.c, dem.transform.f
    right = left + dem.transform.a * dem.elevation.shape[1]
    bottom = top + dem.transform.e * dem.elevation.shape[0]
    assert left <= minx and right >= maxx and bottom <= miny and top >= maxy
    xs, ys = np.meshgrid(np.linspace(minx, maxx, 80), np.linspace(miny, maxy, 80))
    land = shapely.contains_xy(county, xs, ys)
    mean = dem.sample(xs[land], ys[land]).mean()
    river_points = shapely.get_coordinates(demo.rivers.geometry.values)
    assert dem.sample(river_points[:, 0], river_points[:, 1]).mean() < mean - 100
    villages = demo.places[demo.places["kind"] == "village"]
    assert np.median(dem.sample(villages.geometry.x, villages.geometry.y)) < mean


def test_settings(demo: Project) -> None:
    for key in ("cell_size", "x0", "y0", "grid_rows", "grid_cols", "seed", "scale"):
        assert key in demo.settings
    assert demo.name == "半仓县"


# ---------------------------------------------------------------------------------------------
# The generator


def test_committed_file_is_current(demo: Project, schools: pd.DataFrame) -> None:
    """Regenerating gives the committed county. Compared by its figures rather than bit for bit:
    floating-point maths may differ in the last bit on another processor, and shift a tie."""
    fresh = generate_county()
    assert fresh.crs == CRS
    assert fresh.settings == demo.settings
    assert fresh.townships["name"].tolist() == demo.townships["name"].tolist()
    assert fresh.places["kind"].value_counts().to_dict() == demo.places["kind"].value_counts().to_dict()
    assert fresh.schools["type"].value_counts().to_dict() == schools["type"].value_counts().to_dict()
    assert fresh.townships.area.sum() == pytest.approx(demo.townships.area.sum(), rel=0.01)
    for column in ("primary", "junior"):
        assert fresh.population[column].sum() == pytest.approx(demo.population[column].sum(), rel=0.02)
    assert len(fresh.population) == pytest.approx(len(demo.population), rel=0.02)
    assert len(fresh.roads) == pytest.approx(len(demo.roads), rel=0.05)
    enrolled = fresh.schools[PRIMARY_GRADES + JUNIOR_GRADES].to_numpy().sum()
    assert enrolled == pytest.approx(schools[PRIMARY_GRADES + JUNIOR_GRADES].to_numpy().sum(), rel=0.02)
    np.testing.assert_allclose(fresh.dem.elevation, demo.dem.elevation, atol=1.0)


def test_same_seed_same_county_and_other_seed_other_county() -> None:
    a = generate_county(seed=11, scale=0.3)
    b = generate_county(seed=11, scale=0.3)
    for layer in ("schools", "population", "roads", "townships", "places", "rivers"):
        assert getattr(a, layer).equals(getattr(b, layer)), layer
    assert np.array_equal(a.dem.elevation, b.dem.elevation)
    assert a.settings == b.settings
    c = generate_county(seed=12, scale=0.3)
    assert not c.population.equals(a.population)


def test_scale_grows_the_county() -> None:
    small = generate_county(scale=0.3)
    area = small.townships.area.sum() / 1e6
    assert 0.2 * 1_950 <= area <= 0.4 * 1_950
    assert len(small.schools) < 60 and len(small.places) < 100


def test_progress_and_command_line(tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    generate_county(scale=0.1, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    out = tmp_path / "tiny.gpkg"
    assert main([str(out), "--scale", "0.1", "--seed", "3", "--quiet"]) == 0
    assert len(load_project(out).schools) > 0


def test_cancel() -> None:
    with pytest.raises(Cancelled):
        generate_county(scale=0.1, cancel=lambda: True)


@pytest.mark.parametrize("scale", [0, -1, float("nan"), 1_000])
def test_bad_scale(scale: float) -> None:
    with pytest.raises(ValueError, match="scale"):
        generate_county(scale=scale)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("SCHOOLPLAN_SLOW"), reason="about a minute; set SCHOOLPLAN_SLOW=1")
def test_large_county_for_benchmarks() -> None:
    large = generate_county(scale=LARGE_SCALE)
    assert len(large.population) >= 200_000
    nodes, _, _ = _road_graph(large)
    assert len(nodes) >= 100_000
    assert len(large.schools) >= 300
