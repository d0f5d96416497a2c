"""Tests of the road graph and its compilation to arrays (gis.network).

Expected values are worked out by hand in the comments: speeds in km/h become metres per
minute by x 1000 / 60, so 3.6 km/h = 60 m/min, 3.0 km/h = 50 m/min, 40 km/h = 666.67 m/min.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
from affine import Affine
from shapely.geometry import LineString, MultiLineString, Point

from gis.errors import DataWarning, InputError
from gis.network import RoutingNetwork, build_road_graph, compile_network, network_pieces, tobler_factor
from gis.project import Dem
from gis.standards import Standards, load_standards

CRS = "EPSG:4545"
Line = Sequence[tuple[float, float]]
# gis.project.Dem.sample applies an Affine with `*`, which affine 3 flags as pending deprecation
# (warnings are errors here). Remove this mark once Dem.sample uses `@`.


@pytest.fixture(scope="module")
def standards() -> Standards:
    return load_standards()


@pytest.fixture
def make_roads() -> Callable[..., gpd.GeoDataFrame]:
    """Factory: road lines from (coordinates, class) pairs, in a metric CRS."""

    def make(*lines: tuple[Line | object, str]) -> gpd.GeoDataFrame:
        geoms = [LineString(c) if isinstance(c, list) else c for c, _ in lines]
        return gpd.GeoDataFrame(
            {"road_class": [k for _, k in lines], "name": [f"road {i}" for i in range(len(lines))]},
            geometry=geoms,
            crs=CRS,
        )

    return make


def sloped_dem(grade: float) -> Dem:
    """A DEM rising by ``grade`` metres per metre eastwards (z = grade * x), covering x -500..1700.

    Cell centres are at x = -450, -350, ... so that bilinear sampling of this plane is exact.
    """
    cell = 100.0
    x0, y0 = -500.0, 500.0
    cols, rows = 22, 10
    centres_x = x0 + (np.arange(cols) + 0.5) * cell
    elevation = np.tile(grade * centres_x, (rows, 1)).astype(np.float32)
    return Dem(elevation, Affine(cell, 0.0, x0, 0.0, -cell, y0), CRS)


def edge_between(G: nx.Graph, a: tuple[float, float], b: tuple[float, float]) -> dict:
    """Attributes of the edge joining the nodes at two places."""
    where = {(d["x"], d["y"]): n for n, d in G.nodes(data=True)}
    return G.edges[where[a], where[b]]


def test_polyline_gives_one_node_per_vertex_and_one_edge_per_segment(make_roads):
    G = build_road_graph(make_roads(([(0, 0), (300, 0), (300, 400)], "village")))
    assert sorted(G.nodes) == [0, 1, 2]
    assert G.number_of_edges() == 2
    assert edge_between(G, (0.0, 0.0), (300.0, 0.0))["length"] == pytest.approx(300.0)
    # 3-4-5 triangle: the second segment is 400 m long.
    assert edge_between(G, (300.0, 0.0), (300.0, 400.0))["length"] == pytest.approx(400.0)
    assert {d["road_class"] for _, _, d in G.edges(data=True)} == {"village"}
    assert all(d["z"] == 0.0 for _, d in G.nodes(data=True))
    assert G.graph["crs"] == CRS


def test_lines_sharing_a_vertex_are_joined_even_a_few_millimetres_apart(make_roads):
    G = build_road_graph(
        make_roads(
            ([(0, 0), (1000, 0)], "county"),
            ([(1000.002, 0.001), (1000, 500)], "village"),  # 2 mm off: the same vertex to 1 cm
        )
    )
    assert G.number_of_nodes() == 3
    assert len(network_pieces(G)) == 1


def test_lines_that_cross_without_a_shared_vertex_are_not_connected(make_roads):
    # An overpass: the lines cross at (500, 0) but neither has a vertex there.
    G = build_road_graph(make_roads(([(0, 0), (1000, 0)], "county"), ([(500, -500), (500, 500)], "township")))
    assert G.number_of_nodes() == 4
    assert G.number_of_edges() == 2
    assert [len(p) for p in network_pieces(G)] == [2, 2]


def test_lines_with_a_shared_vertex_at_the_crossing_are_connected(make_roads):
    G = build_road_graph(
        make_roads(([(0, 0), (500, 0), (1000, 0)], "county"), ([(500, -500), (500, 0), (500, 500)], "township"))
    )
    assert G.number_of_nodes() == 5
    assert G.number_of_edges() == 4
    assert len(network_pieces(G)) == 1


def test_zero_length_segments_are_skipped(make_roads):
    G = build_road_graph(make_roads(([(0, 0), (0, 0), (100, 0), (100.001, 0)], "path")))
    assert G.number_of_nodes() == 2
    assert G.number_of_edges() == 1
    assert not any(u == v for u, v in G.edges)


def test_same_node_pair_from_two_lines_keeps_the_faster_class(make_roads):
    G = build_road_graph(
        make_roads(
            ([(0, 0), (100, 0)], "path"),
            ([(100, 0), (0, 0)], "township"),  # same segment, drawn the other way
            ([(0, 0), (100, 0)], "village"),
        )
    )
    assert G.number_of_edges() == 1
    assert next(iter(G.edges(data=True)))[2]["road_class"] == "township"


def test_multilinestrings_are_read_part_by_part(make_roads):
    multi = MultiLineString([[(0, 0), (100, 0)], [(100, 0), (100, 100)], [(500, 500), (600, 500)]])
    G = build_road_graph(make_roads((multi, "village")))
    assert G.number_of_edges() == 3
    assert [len(p) for p in network_pieces(G)] == [3, 2]
    assert {d["road"] for _, _, d in G.edges(data=True)} == {0}


def test_node_elevation_is_sampled_from_the_dem(make_roads):
    G = build_road_graph(make_roads(([(0, 0), (1000, 0)], "county")), dem=sloped_dem(0.05))
    z = {d["x"]: d["z"] for _, d in G.nodes(data=True)}
    # z = 0.05 * x: 0 m at x = 0 and 50 m at x = 1000.
    assert z[0.0] == pytest.approx(0.0, abs=1e-4)
    assert z[1000.0] == pytest.approx(50.0, abs=1e-4)


def test_unknown_classes_and_non_lines_are_all_reported_together(make_roads):
    roads = make_roads(([(0, 0), (1, 0)], "motorway"), ([(0, 0), (0, 1)], "track"), (Point(5, 5), "county"))
    with pytest.raises(InputError) as info:
        build_road_graph(roads)
    problems = info.value.problems
    assert len(problems) == 3
    assert {p.value for p in problems} == {"motorway", "track", "Point"}
    assert {p.feature for p in problems} == {"0", "1", "2"}


def test_roads_without_geometry_or_length_are_left_out_with_a_warning(make_roads):
    roads = make_roads(([(0, 0), (100, 0)], "county"), (None, "county"), ([(7, 7), (7, 7)], "path"))
    with pytest.warns(DataWarning) as record:
        G = build_road_graph(roads)
    messages = " ".join(str(w.message) for w in record)
    assert "no geometry" in messages
    assert "no length" in messages
    assert G.number_of_edges() == 1


def test_pieces_are_listed_largest_first(make_roads):
    G = build_road_graph(
        make_roads(
            ([(0, 0), (10, 0)], "path"),
            ([(100, 0), (110, 0), (120, 0), (130, 0)], "path"),
            ([(200, 0), (210, 0), (220, 0)], "path"),
        )
    )
    assert [len(p) for p in network_pieces(G)] == [4, 3, 2]


def test_build_does_not_change_the_roads(make_roads):
    roads = make_roads(([(0, 0), (100, 0), (100, 0)], "county"), ([(100, 0), (200, 0)], "path"))
    before = roads.copy()
    build_road_graph(roads)
    assert roads.equals(before)
    assert list(roads.columns) == list(before.columns)


def test_walking_costs_per_class_on_level_ground(make_roads, standards):
    G = build_road_graph(make_roads(([(0, 0), (1000, 0)], "county"), ([(1000, 0), (2000, 0)], "path")))
    net = compile_network(G, standards.modes["walk"], standards=standards)
    assert isinstance(net, RoutingNetwork)
    by_class = dict(zip(net.edge_class_name.tolist(), net.cost_uv_min.tolist(), strict=True))
    # County road at 3.6 km/h = 60 m/min: 1000 m take 16.667 min; path at 3.0 km/h = 50 m/min: 20 min.
    assert by_class["county"] == pytest.approx(1000 / 60)
    assert by_class["path"] == pytest.approx(1000 / 50)
    np.testing.assert_allclose(net.cost_uv_min, net.cost_vu_min)
    assert net.off_road_m_per_min == pytest.approx(2000 / 60)


def test_motor_costs_per_class(make_roads, standards):
    G = build_road_graph(
        make_roads(
            ([(0, 0), (1000, 0)], "county"),
            ([(1000, 0), (2000, 0)], "township"),
            ([(2000, 0), (3000, 0)], "village"),
            ([(3000, 0), (4000, 0)], "path"),
        )
    )
    net = compile_network(G, standards.modes["motor"], standards=standards)
    by_class = dict(zip(net.edge_class_name.tolist(), net.cost_uv_min.tolist(), strict=True))
    # 1 km at 40, 30, 20 and 3 km/h: 60/40 = 1.5, 2, 3 and 20 minutes.
    assert by_class == pytest.approx({"county": 1.5, "township": 2.0, "village": 3.0, "path": 20.0})


def test_tobler_factor_by_hand():
    # f(s) = exp(-3.5 |s + 0.05|) / exp(-3.5 * 0.05)
    assert tobler_factor(0.0) == pytest.approx(1.0)
    assert tobler_factor(-0.05) == pytest.approx(math.exp(0.175))  # the quickest slope, about 1.19
    assert tobler_factor(0.05) == pytest.approx(math.exp(-0.175))  # exp(-0.35) / exp(-0.175)
    assert tobler_factor(0.10) == pytest.approx(math.exp(-3.5 * 0.15 + 0.175))


def test_walking_uphill_is_slower_than_downhill_by_tobler(make_roads, standards):
    G = build_road_graph(make_roads(([(0, 0), (1000, 0)], "village")), dem=sloped_dem(0.05))
    net = compile_network(G, standards.modes["walk"], standards=standards)
    east = int(np.argmax(net.node_x))
    up = net.cost_uv_min[0] if net.edge_v[0] == east else net.cost_vu_min[0]
    down = net.cost_vu_min[0] if net.edge_v[0] == east else net.cost_uv_min[0]
    # Uphill s = +0.05: speed 60 m/min * exp(-3.5 * 0.10) / exp(-3.5 * 0.05) = 60 * exp(-0.175) = 50.368 m/min,
    # so 1000 m take 16.6667 * exp(0.175) = 19.854 min.
    assert up == pytest.approx(1000 / 60 * math.exp(0.175), rel=1e-6)
    assert up == pytest.approx(19.854, abs=1e-3)
    # Downhill s = -0.05: factor exp(0) / exp(-0.175) = 1.1912, so 16.6667 * exp(-0.175) = 13.991 min.
    assert down == pytest.approx(1000 / 60 * math.exp(-0.175), rel=1e-6)
    assert down == pytest.approx(13.991, abs=1e-3)


def test_slope_is_ignored_where_the_mode_or_the_model_says_so(make_roads, standards):
    roads = make_roads(([(0, 0), (1000, 0)], "county"), ([(1000, 0), (1600, 0)], "path"))
    G = build_road_graph(roads, dem=sloped_dem(0.05))
    motor = compile_network(G, standards.modes["motor"], standards=standards)
    county = motor.edge_class_name == "county"
    # Motor: no slope on county roads (1.5 min both ways), Tobler on paths.
    assert motor.cost_uv_min[county][0] == pytest.approx(1.5)
    assert motor.cost_vu_min[county][0] == pytest.approx(1.5)
    assert motor.cost_uv_min[~county][0] != pytest.approx(motor.cost_vu_min[~county][0])
    flat = compile_network(G, standards.modes["walk"], standards=dataclasses.replace(standards, slope_model="none"))
    np.testing.assert_allclose(flat.cost_uv_min, flat.cost_vu_min)
    assert sorted(flat.cost_uv_min.tolist()) == pytest.approx([600 / 50, 1000 / 60])


def test_compile_reads_an_edited_graph_and_leaves_it_unchanged(standards):
    G = nx.Graph()
    G.add_node("a", x=0.0, y=0.0)
    G.add_node("b", x=300.0, y=400.0, z=0.0)
    G.add_edge("a", "b", road_class="village")  # no length: the straight 500 m
    before = nx.to_dict_of_dicts(G)
    net = compile_network(G, standards.modes["walk"], standards=standards)
    assert net.edge_length_m.tolist() == [500.0]
    assert net.cost_uv_min[0] == pytest.approx(500 / 60)
    assert net.node_id.tolist() == ["a", "b"]
    assert nx.to_dict_of_dicts(G) == before
    assert dict(G.nodes["a"]) == {"x": 0.0, "y": 0.0}


def test_compile_reports_classes_without_a_speed_and_rejects_directed_graphs(standards):
    G = nx.Graph()
    G.add_node(0, x=0.0, y=0.0)
    G.add_node(1, x=1.0, y=0.0)
    G.add_edge(0, 1, road_class="ferry", length=1.0)
    with pytest.raises(InputError, match="ferry"):
        compile_network(G, standards.modes["walk"], standards=standards)
    with pytest.raises(TypeError):
        compile_network(nx.DiGraph(G), standards.modes["walk"], standards=standards)


def test_compiled_arrays_are_read_only(make_roads, standards):
    net = compile_network(
        build_road_graph(make_roads(([(0, 0), (10, 0)], "path"))), standards.modes["walk"], standards=standards
    )
    with pytest.raises(ValueError):
        net.cost_uv_min[0] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        net.mode = "motor"  # type: ignore[misc]


def test_to_networkx_has_both_directions_weighted_in_minutes(make_roads, standards):
    G = build_road_graph(make_roads(([(0, 0), (1000, 0)], "village")), dem=sloped_dem(0.05))
    net = compile_network(G, standards.modes["walk"], standards=standards)
    D = net.to_networkx()
    assert D.number_of_nodes() == 2
    assert D.number_of_edges() == 2
    u, v = int(net.edge_u[0]), int(net.edge_v[0])
    assert D.edges[u, v]["minutes"] == net.cost_uv_min[0]
    assert D.edges[v, u]["minutes"] == net.cost_vu_min[0]
    assert D.nodes[u]["x"] == net.node_x[u]


def test_nodes_without_elevation_are_reported_and_treated_as_level(make_roads, standards):
    dem = sloped_dem(0.05)
    dem = Dem(np.full_like(dem.elevation, np.nan), dem.transform, dem.crs)
    with pytest.warns(DataWarning, match="no value"):
        G = build_road_graph(make_roads(([(0, 0), (1000, 0)], "village")), dem=dem)
    net = compile_network(G, standards.modes["walk"], standards=standards)
    # Level ground: 1000 m at 60 m/min both ways.
    assert net.cost_uv_min.tolist() == pytest.approx([1000 / 60])
    assert net.cost_vu_min.tolist() == pytest.approx([1000 / 60])


def test_no_roads_give_an_empty_graph(make_roads, standards):
    G = build_road_graph(make_roads())
    assert G.number_of_nodes() == 0
    assert network_pieces(G) == []
    assert compile_network(G, standards.modes["walk"], standards=standards).n_edges == 0


def _random_roads(seed: int) -> gpd.GeoDataFrame:
    """Random short polylines on a 30 m lattice (shared vertices, repeated node pairs of
    different classes, zero-length steps), some of them two-part lines lying in two pieces."""
    rng = np.random.default_rng(seed)
    classes = ["county", "township", "village", "path"]
    geoms, kinds = [], []
    for _ in range(60):
        parts = []
        for _ in range(int(rng.integers(1, 3))):
            start = rng.integers(0, 12, size=2)
            steps = rng.integers(-1, 2, size=(int(rng.integers(1, 5)), 2))
            parts.append([tuple(30.0 * p) for p in np.vstack([start, start + np.cumsum(steps, axis=0)])])
        geoms.append(LineString(parts[0]) if len(parts) == 1 else MultiLineString(parts))
        kinds.append(classes[int(rng.integers(0, 4))])
    return gpd.GeoDataFrame({"road_class": kinds}, geometry=geoms, crs=CRS)


@pytest.mark.filterwarnings("ignore::gis.errors.DataWarning")  # a random line may have no length
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_road_segments_are_the_graph_as_arrays(seed, standards):
    """The analysis's networkx-free path: the same edges in the same order, the same pieces
    and the same compiled networks as from the graph itself."""
    from gis.network import compile_networks, pieces_of_roads, road_segments

    roads = _random_roads(seed)
    G = build_road_graph(roads)
    segments = road_segments(roads)
    assert [(a, b) for a, b in G.edges()] == list(zip(segments.u.tolist(), segments.v.tolist(), strict=True))
    assert [d["road"] for _, _, d in G.edges(data=True)] == segments.road.tolist()
    pieces = network_pieces(G)
    assert len(pieces) > 1  # the test means something only with several pieces
    piece = segments.pieces()
    assert [sorted(p) for p in pieces] == [sorted(np.flatnonzero(piece == k).tolist()) for k in range(len(pieces))]
    assert segments.road_pieces(piece, len(roads)).tolist() == pieces_of_roads(G, pieces, len(roads)).tolist()
    modes = [standards.modes[m] for m in sorted(standards.modes)]
    from_graph = compile_networks(G, modes, standards=standards)
    from_arrays = compile_networks(segments, modes, standards=standards)
    for name, net in from_graph.items():
        other = from_arrays[name]
        for f in dataclasses.fields(net):
            if f.name.startswith("_"):
                continue
            a, b = getattr(net, f.name), getattr(other, f.name)
            if isinstance(a, np.ndarray):
                assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True), f.name
            else:
                assert a == b, f.name
