"""Enrolment zones: the model against enumeration, the tiny county by hand, stability, blocks and
bad inputs."""

from __future__ import annotations

import itertools

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely

from gis.errors import InputError
from gis.standards import load_standards
from gis.zones import ZoneOptions, ZoningModel, build_units, draw_zones
from gis.zones.model import Infeasible


def _brute_force(
    cost: np.ndarray,
    children: np.ndarray,
    seats: np.ndarray,
    edges: np.ndarray,
    root: np.ndarray,
    previous: np.ndarray | None = None,
) -> tuple[float, float]:
    """The fewest changes from ``previous`` (0 without), then the least cost, over every assignment
    of units to schools whose zones are connected, fit the seats in every year and hold their roots."""
    n, m = cost.shape
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges.tolist())
    best = (np.inf, np.inf)
    for pick in itertools.product(range(m), repeat=n):
        a = np.array(pick)
        if not np.isfinite(cost[np.arange(n), a]).all():
            continue
        if any(root[s] >= 0 and a[root[s]] != s for s in range(m)):
            continue
        if any((children[:, a == s].sum(axis=1) > seats[s] + 1e-9).any() for s in range(m)):
            continue
        if any(
            (a == s).sum() > 1 and not nx.is_connected(graph.subgraph(np.flatnonzero(a == s).tolist()))
            for s in range(m)
        ):
            continue
        changes = float(((previous >= 0) & (previous != a)).sum()) if previous is not None else 0.0
        key = (changes, float(cost[np.arange(n), a].sum()))
        best = min(best, key)
    return best


def _instance(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Up to 9 villages on a random planar graph, 3 schools, 2 years of children, seats that bind."""
    from scipy.spatial import Delaunay

    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 10))
    points = rng.random((n, 2))
    edges = set()
    for tri in Delaunay(points).simplices:
        for i in range(3):
            a, b = sorted((int(tri[i]), int(tri[(i + 1) % 3])))
            edges.add((a, b))
    edge_array = np.array(sorted(edges))
    edge_array = edge_array[rng.random(len(edge_array)) < 0.7]
    sites = rng.random((3, 2))
    minutes = np.linalg.norm(points[:, None] - sites[None], axis=2) * 60 * rng.uniform(0.8, 1.2, (n, 3))
    minutes[rng.random((n, 3)) < 0.15] = np.inf
    children = rng.integers(5, 20, (2, n)).astype(float)
    seats = np.full(3, children.sum(axis=1).max() / 3 * rng.uniform(1.15, 1.6))
    root = np.full(3, -1)
    if seed % 2:
        for s in range(3):
            u = int(np.argmin(minutes[:, s]))
            if np.isfinite(minutes[u, s]) and u not in root:
                root[s] = u
    return minutes * children[0][:, None], children, seats, edge_array, root


@pytest.mark.parametrize("seed", range(14))
def test_the_model_equals_enumeration(seed: int) -> None:
    cost, children, seats, edges, root = _instance(seed)
    best = _brute_force(cost, children, seats, edges, root)
    model = ZoningModel.from_cost_matrix(cost, children, seats, edges, root=root)
    if not np.isfinite(best[1]):
        with pytest.raises(Infeasible):
            model.solve(time_limit=20, gap=0.0)
        return
    result = model.solve(time_limit=20, gap=0.0)
    assert result.objective == pytest.approx(best[1], rel=1e-7)
    assert result.bound <= result.objective + 1e-6
    assert result.bound == pytest.approx(best[1], rel=1e-6)
    # The answer itself is one of the enumerated ones: contiguous, within the seats, roots held.
    graph = nx.Graph(edges.tolist())
    graph.add_nodes_from(range(cost.shape[0]))
    for s in range(3):
        zone = np.flatnonzero(result.assignment == s)
        assert (children[:, zone].sum(axis=1) <= seats[s] + 1e-9).all()
        assert zone.size <= 1 or nx.is_connected(graph.subgraph(zone.tolist()))
        assert root[s] < 0 or result.assignment[root[s]] == s


@pytest.mark.parametrize("seed", [0, 4, 7, 13])
def test_last_years_zones_fewest_changes_then_least_travel(seed: int) -> None:
    cost, children, seats, edges, root = _instance(seed)
    rng = np.random.default_rng(100 + seed)
    previous = rng.integers(0, 3, cost.shape[0])
    previous[rng.random(cost.shape[0]) < 0.2] = -1  # villages new this year
    best = _brute_force(cost, children, seats, edges, root, previous)
    if not np.isfinite(best[1]):
        pytest.skip("no zones fit this instance")
    model = ZoningModel.from_cost_matrix(cost, children, seats, edges, root=root, previous=previous)
    result = model.solve(time_limit=20, gap=0.0)
    assert result.changes == best[0]
    assert result.changes_bound == best[0]
    assert result.objective == pytest.approx(best[1], rel=1e-7)


def test_the_tiny_county_by_hand(zones_county) -> None:
    standards = load_standards()
    primary = draw_zones(zones_county, standards, options=ZoneOptions(level="primary"))
    school_of = dict(zip(primary.villages["village_name"], primary.villages["school_id"], strict=True))
    # V1, V2 nearest the first primary; V3 around the teaching point; V4-V6 nearest the second.
    assert school_of == {"V1": "P1", "V2": "P1", "V3": "T1", "V4": "P2", "V5": "P2", "V6": "P2"}
    zones = primary.zones.set_index("school_id")
    # Each village: 40 cells of 2 primary children, half of them in grades 1-3.
    assert zones.loc["T1", "children"] == pytest.approx(40.0)
    # P1 seats V1 and V2 whole and the older grades of the teaching point's V3.
    assert zones.loc["P1", "children"] == pytest.approx(80 + 80 + 40)
    assert zones.loc["T1", "continues_to"] == "P1"
    assert primary.gap <= 0.001 + 1e-12
    assert primary.beyond_30 == 0.0
    # The zone polygons are the villages' strips, each in one piece.
    for geometry in primary.zones.geometry:
        assert geometry.geom_type == "Polygon"
    assert primary.zones.loc[primary.zones["school_id"] == "P2", "geometry"].iloc[0].area == pytest.approx(
        3 * 400 * 1000
    )
    junior = draw_zones(zones_county, standards, options=ZoneOptions(level="junior"))
    assert set(junior.villages["school_id"]) == {"J1"}
    assert junior.zones["children"].iloc[0] == pytest.approx(6 * 40)


def test_seats_that_bind_move_villages_and_keep_zones_whole(zones_county) -> None:
    schools = zones_county.schools.copy()
    # The second primary seats two villages, not three; the teaching point two villages' grades 1-3.
    schools.loc[schools["school_id"] == "P2", "capacity_primary"] = 170
    schools.loc[schools["school_id"] == "T1", "capacity_primary"] = 90
    project = zones_county.with_layers(schools=schools)
    zones = draw_zones(project, load_standards(), options=ZoneOptions(level="primary"))
    school_of = dict(zip(zones.villages["village_name"], zones.villages["school_id"], strict=True))
    # By hand: the teaching point's zone (V3, where it stands) cannot hold V4's 80 children whole
    # with V3's, but it can hold both villages' grades 1-3 (80 of 90 seats), whose older grades go
    # on to P1 (V1 + V2 + 40 + 40 = 240 of 300); P2 keeps V5 and V6 (160 of 170).
    assert school_of == {"V1": "P1", "V2": "P1", "V3": "T1", "V4": "T1", "V5": "P2", "V6": "P2"}
    load = zones.zones.set_index("school_id")["children"]
    assert load.to_dict() == pytest.approx({"P1": 240.0, "T1": 80.0, "P2": 160.0})
    for geometry in zones.zones.geometry:
        assert geometry.geom_type == "Polygon"


def test_last_years_zones_unchanged_when_nothing_changed(zones_county) -> None:
    standards = load_standards()
    first = draw_zones(zones_county, standards, options=ZoneOptions(level="primary"))
    previous = dict(zip(first.villages["village_code"], first.villages["school_id"], strict=True))
    again = draw_zones(zones_county, standards, options=ZoneOptions(level="primary"), previous=previous)
    assert again.changes == 0
    assert again.changes_bound == 0
    assert not again.villages["changed"].any()
    assert list(again.villages["school_id"]) == list(first.villages["school_id"])


def test_a_crowded_seat_is_cut_into_blocks(zones_county) -> None:
    places = zones_county.places.copy()
    places.loc[places["name"] == "V6", "kind"] = "township_seat"
    schools = zones_county.schools.copy()
    # A second primary in V6's strip: the seat is shared, so it is cut into blocks.
    extra = schools[schools["school_id"] == "P2"].copy()
    extra["school_id"] = "P3"
    extra["name"] = "第三小学"
    extra["geometry"] = [shapely.Point(p.x, p.y - 300) for p in extra.geometry]
    schools = gpd.GeoDataFrame(pd.concat([schools, extra], ignore_index=True), crs=schools.crs)
    project = zones_county.with_layers(places=places, schools=schools)
    level = np.asarray(project.schools["grade_min"], dtype=int) <= 1
    xy = (project.schools.geometry.x.to_numpy()[level], project.schools.geometry.y.to_numpy()[level])
    units = build_units(
        project, school_xy=xy, school_seats=project.schools["capacity_primary"].to_numpy(dtype=float)[level],
        cell_children=project.population["primary"].to_numpy(dtype=float), block_m=400, block_children=40,
    )  # fmt: skip
    blocks = units.frame[units.frame["kind"] == "block"]
    assert len(blocks) >= 2
    # The blocks tile the seat's strip (400 m by 1 km), with codes of their own.
    assert blocks.geometry.area.sum() == pytest.approx(400 * 1000)
    assert blocks["code"].is_unique
    assert (blocks.geometry.area <= 400 * 400 + 1e-6).all()
    # No block holds both schools.
    points = project.schools.geometry[project.schools["school_id"].isin(["P2", "P3"])]
    for block in blocks.geometry:
        assert shapely.intersects(block, np.asarray(points.array)).sum() <= 1
    # Every populated cell is in exactly one unit; no child is left out.
    assert (units.cell_unit >= 0).all()


def test_seats_below_the_children_are_named(zones_county) -> None:
    schools = zones_county.schools.copy()
    schools["capacity_primary"] = 50.0
    project = zones_county.with_layers(schools=schools)
    with pytest.raises(InputError) as caught:
        draw_zones(project, load_standards(), options=ZoneOptions(level="primary"))
    message = str(caught.value)
    assert "第一小学" in message or "第二小学" in message
    assert "V1" in message or "V6" in message


def test_last_years_zones_with_an_unknown_village_are_refused(zones_county) -> None:
    with pytest.raises(InputError) as caught:
        draw_zones(zones_county, load_standards(), previous={"T1999": "P1", "T1001": "P9"})
    message = str(caught.value)
    assert "T1999" in message
    assert "P9" in message


def test_a_project_without_places_is_refused(line_county) -> None:
    with pytest.raises(InputError) as caught:
        draw_zones(line_county, load_standards())
    assert "places" in str(caught.value)


def test_whole_villages_that_cannot_fit_give_zones_over_their_seats_said_so(zones_county) -> None:
    schools = zones_county.schools.copy()
    # 530 seats for 480 children, but whole villages in one piece do not fit: the teaching point's
    # zone holds V3 (40 of its 60 seats), so P2's zone must take V4-V6 (240) for its 170 seats, or
    # P1's zone reach V4 through V3, which is the teaching point's.
    schools.loc[schools["school_id"] == "P2", "capacity_primary"] = 170
    project = zones_county.with_layers(schools=schools)
    zones = draw_zones(project, load_standards(), options=ZoneOptions(level="primary", time_limit=20))
    frame = zones.zones.set_index("school_id")
    over = frame["over_seats"]
    assert over.sum() > 0
    # The children over the seats are those of the zone beyond its seats, from the table itself.
    for school, row in frame.iterrows():
        seats = float(schools.loc[schools["school_id"] == school, "capacity_primary"].iloc[0])
        assert row["over_seats"] == pytest.approx(max(row["children"] - seats, 0.0), abs=0.1)
    assert any("第二小学" in note or "教学点" in note or "第一小学" in note for note in zones.notes)
    # Every village still in one zone, each zone in one piece.
    assert zones.villages["school_id"].notna().all()
    for geometry in zones.zones.geometry:
        assert geometry.geom_type == "Polygon"


def test_zones_for_a_range_of_years_hold_every_years_children() -> None:
    from gis.forecast import projects_in_years
    from gis.project import load_project
    from gis.usecases import run_zones

    project = load_project("data/bancang.gpkg")
    standards = load_standards()
    options = ZoneOptions(level="junior", gap=0.01, time_limit=30)
    zones = run_zones(project, standards, options=options, years=(2026, 2028)).zones
    assert zones.years == (2026, 2027, 2028)
    # Each year's children, placed in the zones by where they live (a spatial join of the grid's
    # cells with the zones' polygons, not the model's own cells), within each school's seats.
    seats = zones.zones.set_index("school_id")["seats"]
    peak = zones.zones.set_index("school_id")["peak_children"]
    most = pd.Series(0.0, index=seats.index)
    for year_project in projects_in_years(project, standards, years=[2026, 2027, 2028]):
        cells = year_project.population[["junior", "geometry"]]
        joined = gpd.sjoin(cells, zones.zones[["school_id", "geometry"]], predicate="within", how="inner")
        per_zone = joined.groupby("school_id")["junior"].sum()
        assert (per_zone <= seats.reindex(per_zone.index) + 1.0).all()
        most = np.maximum(most, per_zone.reindex(most.index).fillna(0.0))
    # The peak the zones report is the most of any year (cells on a zone's edge aside).
    assert (peak - most).abs().max() <= 0.02 * peak.max()
