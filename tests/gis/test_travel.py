"""Tests of snapping and nearest-facility travel times (gis.travel).

Hand-computed values use the default walking mode: roads 3.6 km/h = 60 m/min, paths
3.0 km/h = 50 m/min, off-road 2.0 km/h = 33.333 m/min. The property tests compare against
an independent brute force: networkx shortest paths between segment ends, plus the partial
segments and off-road legs worked out separately for every origin-facility pair.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
import shapely
from affine import Affine
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString

from gis.errors import Cancelled, InputError
from gis.network import RoutingNetwork, build_road_graph, compile_network
from gis.project import Dem
from gis.schema import ROAD_CLASSES
from gis.standards import load_standards
from gis.travel import ZERO_MINUTES, NearestResult, nearest_facility, snap_points, travel_matrix

CRS = "EPSG:4545"
STANDARDS = load_standards()
WALK = 60.0  # m/min on roads (3.6 km/h)
PATH = 50.0  # m/min on paths (3.0 km/h)
OFF = 2000.0 / 60.0  # m/min off road (2.0 km/h)
# gis.project.Dem.sample applies an Affine with `*`, which affine 3 flags as pending deprecation
# (warnings are errors here). Remove this mark once Dem.sample uses `@`.


def roads_of(*lines: tuple[Sequence[tuple[float, float]], str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"road_class": [k for _, k in lines], "name": ""}, geometry=[LineString(c) for c, _ in lines], crs=CRS
    )


@pytest.fixture
def make_net() -> Callable[..., RoutingNetwork]:
    """Factory: a compiled network from (coordinates, class) pairs."""

    def make(*lines: tuple[Sequence[tuple[float, float]], str], mode: str = "walk", dem: Dem | None = None):
        G = build_road_graph(roads_of(*lines), dem=dem)
        return compile_network(G, STANDARDS.modes[mode], standards=STANDARDS)

    return make


def sloped_dem(grade: float) -> Dem:
    """z = grade * x over x -500..1700 (cell centres on the plane, so bilinear sampling is exact)."""
    centres_x = -500.0 + (np.arange(22) + 0.5) * 100.0
    elevation = np.tile(grade * centres_x, (10, 1)).astype(np.float32)
    return Dem(elevation, Affine(100.0, 0.0, -500.0, 0.0, -100.0, 500.0), CRS)


def nearest(net: RoutingNetwork, origins: Sequence[tuple[float, float]], facilities: Sequence[tuple[float, float]]):
    o = np.asarray(origins, dtype=float).reshape(-1, 2)
    f = np.asarray(facilities, dtype=float).reshape(-1, 2)
    return nearest_facility(net, o[:, 0], o[:, 1], f[:, 0], f[:, 1])


def matrix(net: RoutingNetwork, origins, facilities, **kwargs) -> sp.csr_matrix:
    o = np.asarray(origins, dtype=float).reshape(-1, 2)
    f = np.asarray(facilities, dtype=float).reshape(-1, 2)
    return travel_matrix(net, o[:, 0], o[:, 1], f[:, 0], f[:, 1], **kwargs)


# --- hand-computed cases ----------------------------------------------------------------------


def test_straight_one_kilometre_road(make_net):
    net = make_net(([(0, 0), (1000, 0)], "village"))
    result = nearest(net, [(0, 0)], [(1000, 0)])
    assert isinstance(result, NearestResult)
    # 1000 m at 60 m/min = 16.667 min, no off-road legs.
    assert result.minutes[0] == pytest.approx(1000 / 60)
    assert result.minutes[0] == pytest.approx(16.667, abs=1e-3)
    assert result.facility.tolist() == [0]
    assert result.offroad_min.tolist() == [0.0]
    assert result.n_unreachable == 0


def test_two_road_classes_walking_and_motor(make_net):
    lines = (([(0, 0), (1000, 0)], "county"), ([(1000, 0), (2000, 0)], "path"))
    # Walking: 1000 m / 60 + 1000 m / 50 = 16.667 + 20 = 36.667 min.
    assert nearest(make_net(*lines), [(0, 0)], [(2000, 0)]).minutes[0] == pytest.approx(1000 / 60 + 1000 / 50)
    # Motor: county 40 km/h = 1.5 min per km, path 3 km/h = 20 min per km: 21.5 min.
    assert nearest(make_net(*lines, mode="motor"), [(0, 0)], [(2000, 0)]).minutes[0] == pytest.approx(21.5)


def test_point_beside_the_middle_of_a_long_segment_joins_it_there(make_net):
    net = make_net(([(0, 0), (2000, 0)], "village"))
    snap = snap_points(net, np.array([1000.0]), np.array([100.0]))
    assert snap.t[0] == pytest.approx(0.5)
    assert snap.offroad_m[0] == pytest.approx(100.0)
    assert (snap.x[0], snap.y[0]) == pytest.approx((1000.0, 0.0))
    result = nearest(net, [(1000, 100)], [(2000, 0)])
    # Off road 100 m at 33.333 m/min = 3 min, then half the segment, 1000 m at 60 m/min = 16.667 min.
    assert result.offroad_min[0] == pytest.approx(3.0)
    assert result.minutes[0] == pytest.approx(3.0 + 1000 / 60)


def test_snapping_beyond_the_end_of_a_segment_joins_at_the_end(make_net):
    net = make_net(([(0, 0), (100, 0)], "path"), ([(100, 0), (100, 100)], "path"))
    snap = snap_points(net, np.array([-30.0, 140.0]), np.array([-40.0, 50.0]))
    # (-30, -40) is 50 m from the end (0, 0); (140, 50) is 40 m east of the segment x = 100.
    assert snap.offroad_m.tolist() == pytest.approx([50.0, 40.0])
    assert (snap.x.tolist(), snap.y.tolist()) == (pytest.approx([0.0, 100.0]), pytest.approx([0.0, 50.0]))


def test_slope_makes_the_trip_up_slower_than_the_trip_down(make_net):
    net = make_net(([(0, 0), (500, 0), (1000, 0)], "village"), dem=sloped_dem(0.05))
    up = nearest(net, [(0, 0)], [(1000, 0)]).minutes[0]
    down = nearest(net, [(1000, 0)], [(0, 0)]).minutes[0]
    # Tobler: uphill s = +0.05 gives 60 m/min * exp(-3.5 * 0.10) / exp(-3.5 * 0.05) = 60 * exp(-0.175);
    # 1000 m take 16.6667 * exp(0.175) = 19.854 min. Downhill s = -0.05: 16.6667 * exp(-0.175) = 13.991 min.
    assert up == pytest.approx(1000 / 60 * math.exp(0.175), rel=1e-6)
    assert down == pytest.approx(1000 / 60 * math.exp(-0.175), rel=1e-6)
    assert (up, down) == (pytest.approx(19.854, abs=1e-3), pytest.approx(13.991, abs=1e-3))


def test_origin_and_facility_on_the_same_segment(make_net):
    net = make_net(([(0, 0), (1000, 0)], "village"))
    result = nearest(net, [(300, 50), (900, 0)], [(800, -20)])
    # Origin 1: 50 m off road (1.5 min) + 500 m along (8.333 min) + the school's 20 m off road (0.6 min).
    # Origin 2: 100 m back along the segment (1.667 min) + 0.6 min.
    assert result.minutes.tolist() == pytest.approx([1.5 + 500 / 60 + 0.6, 100 / 60 + 0.6])
    assert result.facility.tolist() == [0, 0]


def test_same_segment_trips_follow_the_direction_of_the_slope(make_net):
    net = make_net(([(0, 0), (1000, 0)], "village"), dem=sloped_dem(0.05))
    up = nearest(net, [(200, 0)], [(700, 0)]).minutes[0]
    down = nearest(net, [(700, 0)], [(200, 0)]).minutes[0]
    # 500 m uphill: 8.3333 * exp(0.175) = 9.927 min; downhill: 8.3333 * exp(-0.175) = 6.995 min.
    assert up == pytest.approx(500 / 60 * math.exp(0.175), rel=1e-6)
    assert down == pytest.approx(500 / 60 * math.exp(-0.175), rel=1e-6)


def test_two_facilities_on_one_segment(make_net):
    net = make_net(([(0, 0), (3000, 0)], "village"), ([(3000, 0), (4000, 0)], "village"))
    schools = [(500, 0), (2500, 0)]
    result = nearest(net, [(1400, 0), (1600, 0), (3500, 0), (0, 0)], schools)
    # 900 m to A = 15 min; 900 m to B = 15 min; 1000 m to B = 16.667 min; 500 m to A = 8.333 min.
    assert result.facility.tolist() == [0, 1, 1, 0]
    assert result.minutes.tolist() == pytest.approx([15.0, 15.0, 1000 / 60, 500 / 60])


def test_a_facility_far_off_the_road_loses_to_a_farther_one_beside_it(make_net):
    net = make_net(([(0, 0), (3000, 0)], "village"))
    result = nearest(net, [(1400, 0)], [(500, 300), (2500, 0)])
    # A: 900 m along (15 min) + 300 m off road (9 min) = 24 min; B: 1100 m along = 18.333 min.
    assert result.facility.tolist() == [1]
    assert result.minutes[0] == pytest.approx(1100 / 60)


def test_facilities_at_the_same_place(make_net):
    net = make_net(([(0, 0), (1000, 0)], "village"))
    result = nearest(net, [(0, 0)], [(1000, 0), (1000, 0)])
    assert result.facility[0] in (0, 1)
    assert result.minutes[0] == pytest.approx(1000 / 60)
    both = matrix(net, [(0, 0)], [(1000, 0), (1000, 0)], max_minutes=60)
    assert both.toarray().tolist() == [pytest.approx([1000 / 60, 1000 / 60])]


def test_origins_on_a_piece_without_a_facility_are_unreachable_and_counted(make_net):
    net = make_net(([(0, 0), (1000, 0)], "village"), ([(0, 5000), (1000, 5000)], "village"))
    result = nearest(net, [(100, 10), (100, 4990), (900, 5000)], [(1000, 0)])
    assert result.facility.tolist() == [0, -1, -1]
    assert result.minutes[0] == pytest.approx(10 / OFF + 900 / 60)
    assert np.isinf(result.minutes[1:]).all()
    assert result.unreachable.tolist() == [False, True, True]
    assert result.n_unreachable == 2
    # Kept, not dropped: one entry per origin, and its off-road leg is still known.
    assert result.offroad_min.tolist() == pytest.approx([10 / OFF, 10 / OFF, 0.0])
    assert matrix(net, [(100, 4990)], [(1000, 0)], max_minutes=1e6).nnz == 0


def test_roads_crossing_without_a_shared_vertex_do_not_connect(make_net):
    over = make_net(([(0, 0), (1000, 0)], "county"), ([(500, -500), (500, 500)], "county"))
    assert nearest(over, [(0, 0)], [(500, 500)]).n_unreachable == 1
    joined = make_net(([(0, 0), (500, 0), (1000, 0)], "county"), ([(500, -500), (500, 0), (500, 500)], "county"))
    # 500 m east then 500 m north: 16.667 min.
    assert nearest(joined, [(0, 0)], [(500, 500)]).minutes[0] == pytest.approx(1000 / 60)


def test_no_facilities_and_no_origins(make_net):
    net = make_net(([(0, 0), (1000, 0)], "village"))
    empty = np.zeros(0)
    none = nearest_facility(net, np.array([10.0]), np.array([0.0]), empty, empty)
    assert none.facility.tolist() == [-1]
    assert np.isinf(none.minutes).all()
    nobody = nearest_facility(net, empty, empty, np.array([0.0]), np.array([0.0]))
    assert nobody.minutes.shape == (0,)
    assert travel_matrix(net, empty, empty, np.array([0.0]), np.array([0.0]), max_minutes=30).shape == (0, 1)


def test_bad_coordinates_are_reported(make_net):
    net = make_net(([(0, 0), (1000, 0)], "village"))
    with pytest.raises(InputError, match="finite"):
        nearest_facility(net, np.array([0.0, np.nan]), np.array([0.0, 1.0]), np.array([0.0]), np.array([0.0]))


def test_progress_is_reported_and_can_cancel(make_net):
    net = make_net(([(0, 0), (1000, 0)], "village"))
    calls: list[tuple[float, str]] = []
    nearest_facility(
        net,
        np.array([0.0]),
        np.array([0.0]),
        np.array([1.0]),
        np.array([0.0]),
        progress=lambda f, m: calls.append((f, m)),
    )
    fractions = [f for f, _ in calls]
    assert len(calls) >= 3
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0

    def cancel(fraction: float, message: str) -> None:
        if fraction > 0.5:
            raise Cancelled("stop")

    with pytest.raises(Cancelled):
        nearest_facility(net, np.array([0.0]), np.array([0.0]), np.array([1.0]), np.array([0.0]), progress=cancel)


def test_travel_matrix_limit_k_and_zero_times(make_net):
    net = make_net(([(0, 0), (3000, 0)], "village"))
    schools = [(0, 0), (1200, 0), (3000, 0)]
    m = matrix(net, [(0, 0), (1500, 0)], schools, max_minutes=30)
    # Origin (0, 0): 0 min (stored as ZERO_MINUTES), 20 min, 50 min (beyond 30: not stored).
    # Origin (1500, 0): 25 min, 5 min, 25 min.
    assert m.shape == (2, 3)
    dense = m.toarray()
    assert dense[0].tolist() == pytest.approx([ZERO_MINUTES, 20.0, 0.0])
    assert dense[0, 0] == ZERO_MINUTES
    assert dense[1].tolist() == pytest.approx([25.0, 5.0, 25.0])
    assert m.nnz == 5
    k1 = matrix(net, [(0, 0), (1500, 0)], schools, max_minutes=30, k=1)
    assert k1.nnz == 2
    assert k1[1, 1] == pytest.approx(5.0)
    k2 = matrix(net, [(1500, 0)], schools, max_minutes=30, k=2)
    assert k2.nnz == 2
    assert k2[0, 1] == pytest.approx(5.0)
    with pytest.raises(ValueError):
        matrix(net, [(0, 0)], schools, max_minutes=30, k=0)


def test_k_nearest_on_a_piece_with_fewer_facilities_than_k(make_net):
    """A cell on a piece holding one school keeps that one, and the searches of the other piece
    (two batches of schools) may stop once its cells have their k: the same as every trip kept
    and the k shortest taken."""
    net = make_net(([(0, 0), (40000, 0)], "village"), ([(0, 9000), (1000, 9000)], "village"))
    schools = [(1000.0 * i + 100.0, 0.0) for i in range(40)] + [(0.0, 9000.0)]
    origins = [(500.0, 0.0), (20550.0, 0.0), (39900.0, 0.0), (500.0, 9000.0)]
    k3 = matrix(net, origins, schools, max_minutes=120, k=3).toarray()
    every = matrix(net, origins, schools, max_minutes=120).toarray()
    for row in range(len(origins)):
        kept = np.flatnonzero(every[row])
        shortest = kept[np.argsort(every[row, kept], kind="stable")[:3]]
        assert np.flatnonzero(k3[row]).tolist() == sorted(shortest.tolist())
        assert k3[row, shortest] == pytest.approx(every[row, shortest])
    # By hand (60 m a minute on a village road): 400 m to the first school, 600 m to the second.
    assert k3[0, 0] == pytest.approx(400 / 60) and k3[0, 1] == pytest.approx(600 / 60)
    # The cell of the small piece reaches its one school only: 500 m.
    assert np.flatnonzero(k3[3]).tolist() == [40] and k3[3, 40] == pytest.approx(500 / 60)


def test_snap_results_are_read_only_and_inputs_untouched(make_net):
    net = make_net(([(0, 0), (1000, 0)], "village"))
    x = np.array([10.0, 20.0])
    y = np.array([5.0, -5.0])
    snap = snap_points(net, x, y)
    assert snap_points(net, x, y) is snap  # repeated snapping of the same points is cached
    with pytest.raises(ValueError):
        snap.t[0] = 0.5
    nearest_facility(net, x, y, np.array([500.0]), np.array([0.0]))
    assert x.tolist() == [10.0, 20.0]
    assert y.tolist() == [5.0, -5.0]


# --- property tests against an independent brute force ---------------------------------------


@dataclasses.dataclass(frozen=True)
class Case:
    roads: gpd.GeoDataFrame
    dem: Dem | None
    ox: np.ndarray
    oy: np.ndarray
    fx: np.ndarray
    fy: np.ndarray


def random_case(seed: int, cols: int, rows: int, n_fac: int, sloped: bool) -> Case:
    """A perturbed grid of roads with random gaps, classes and diagonals; random origins and schools."""
    rng = np.random.default_rng(seed)
    spacing = 200.0
    gx = np.arange(cols)[:, None] * spacing + rng.uniform(-50, 50, (cols, rows))
    gy = np.arange(rows)[None, :] * spacing + rng.uniform(-50, 50, (cols, rows))
    lines = []
    for i in range(cols):
        for j in range(rows):
            for di, dj in ((1, 0), (0, 1), (1, 1)):
                if i + di < cols and j + dj < rows and rng.random() < (0.75 if (di, dj) != (1, 1) else 0.15):
                    cls = ROAD_CLASSES[int(rng.integers(len(ROAD_CLASSES)))]
                    lines.append(([(gx[i, j], gy[i, j]), (gx[i + di, j + dj], gy[i + di, j + dj])], cls))
    if not lines:
        lines.append(([(gx[0, 0], gy[0, 0]), (gx[0, 0] + 100.0, gy[0, 0])], "path"))
    dem = None
    if sloped:
        shape = (rows * 3 + 4, cols * 3 + 4)
        x0, y0 = -300.0, rows * spacing + 300.0
        dem = Dem(rng.uniform(0, 40, shape).astype(np.float32), Affine(100.0, 0, x0, 0, -100.0, y0), CRS)
    span_x, span_y = (cols - 1) * spacing, (rows - 1) * spacing
    n_orig = 12
    ox, oy = rng.uniform(-100, span_x + 100, n_orig), rng.uniform(-100, span_y + 100, n_orig)
    fx, fy = rng.uniform(-100, span_x + 100, n_fac), rng.uniform(-100, span_y + 100, n_fac)
    if n_fac > 1 and rng.random() < 0.3:  # two schools at one place
        fx[1], fy[1] = fx[0], fy[0]
    return Case(roads_of(*lines), dem, ox, oy, fx, fy)


cases = st.builds(
    random_case,
    seed=st.integers(0, 2**32 - 1),
    cols=st.integers(1, 5),
    rows=st.integers(2, 5),
    n_fac=st.integers(1, 4),
    sloped=st.booleans(),
)


def compiled(case: Case, mode: str = "walk", drop: tuple[int, int] | None = None) -> RoutingNetwork:
    G = build_road_graph(case.roads, dem=case.dem)
    if drop is not None:
        G = G.copy()
        G.remove_edge(*drop)
    return compile_network(G, STANDARDS.modes[mode], standards=STANDARDS)


def brute_force(net: RoutingNetwork, ox, oy, fx, fy) -> np.ndarray:
    """Minutes from every origin to every facility, pair by pair, with networkx."""
    D = net.to_networkx()
    node_dist = dict(nx.all_pairs_dijkstra_path_length(D, weight="minutes"))
    so, sf = snap_points(net, ox, oy), snap_points(net, fx, fy)
    uv, vu = net.cost_uv_min, net.cost_vu_min
    times = np.full((ox.size, fx.size), np.inf)
    for i in range(ox.size):
        e, t = so.edge[i], so.t[i]
        exits = ((net.edge_u[e], t * vu[e]), (net.edge_v[e], (1 - t) * uv[e]))
        for j in range(fx.size):
            ef, tf = sf.edge[j], sf.t[j]
            entries = ((net.edge_u[ef], tf * uv[ef]), (net.edge_v[ef], (1 - tf) * vu[ef]))
            best = min(c1 + node_dist[a].get(b, np.inf) + c2 for a, c1 in exits for b, c2 in entries)
            if e == ef:  # along the shared segment
                best = min(best, (tf - t) * uv[e] if tf >= t else (t - tf) * vu[e])
            times[i, j] = (so.offroad_m[i] + sf.offroad_m[j]) / net.off_road_m_per_min + best
    return times


@settings(max_examples=40, deadline=None)
@given(case=cases, mode=st.sampled_from(["walk", "motor"]))
def test_nearest_facility_equals_brute_force(case: Case, mode: str):
    net = compiled(case, mode)
    result = nearest_facility(net, case.ox, case.oy, case.fx, case.fy)
    expected = brute_force(net, case.ox, case.oy, case.fx, case.fy)
    best = expected.min(axis=1)
    np.testing.assert_allclose(result.minutes, best, rtol=1e-9, atol=1e-9)
    assert np.array_equal(result.facility < 0, np.isinf(best))
    reached = np.flatnonzero(result.facility >= 0)
    # The named facility is one of the nearest (ties allowed).
    np.testing.assert_allclose(expected[reached, result.facility[reached]], best[reached], rtol=1e-9, atol=1e-9)
    # The whole matrix agrees pair by pair, and each row's minimum is the nearest facility.
    m = travel_matrix(net, case.ox, case.oy, case.fx, case.fy, max_minutes=1e9).toarray()
    np.testing.assert_allclose(np.where(m > 0, m, np.inf), np.where(expected > 0, expected, np.inf), rtol=1e-9)


@settings(max_examples=25, deadline=None)
@given(case=cases, limit=st.floats(1.0, 60.0), k=st.sampled_from([None, 1, 2]))
def test_travel_matrix_minimum_equals_nearest_facility(case: Case, limit: float, k: int | None):
    net = compiled(case)
    result = nearest_facility(net, case.ox, case.oy, case.fx, case.fy)
    m = travel_matrix(net, case.ox, case.oy, case.fx, case.fy, max_minutes=limit, k=k)
    assert m.shape == (case.ox.size, case.fx.size)
    if k is not None:
        assert (np.diff(m.indptr) <= k).all()
    dense = np.where(m.toarray() > 0, m.toarray(), np.inf)
    within = result.minutes <= limit
    np.testing.assert_allclose(dense.min(axis=1)[within], result.minutes[within], rtol=1e-9, atol=2 * ZERO_MINUTES)
    assert np.isinf(dense[~within]).all()
    assert (m.data <= limit).all()


many_schools = st.builds(
    random_case,
    seed=st.integers(0, 2**32 - 1),
    cols=st.integers(2, 5),
    rows=st.integers(2, 5),
    n_fac=st.integers(17, 60),  # more than one batch of searches
    sloped=st.booleans(),
)


@settings(max_examples=40, deadline=None)
@given(case=many_schools, k=st.integers(1, 5), limit=st.sampled_from([15.0, 1e9]))
def test_k_nearest_over_many_batches_equals_brute_force(case: Case, k: int, limit: float):
    """Each origin keeps the k shortest trips within the limit (a tie may name either school),
    also once every origin has found its k and the later searches are cut short."""
    net = compiled(case, "motor")
    expected = brute_force(net, case.ox, case.oy, case.fx, case.fy)
    expected = np.where(expected <= limit, expected, np.inf)
    m = travel_matrix(net, case.ox, case.oy, case.fx, case.fy, max_minutes=limit, k=k)
    dense = np.where(m.toarray() > 0, m.toarray(), np.inf)
    kept = np.sort(dense, axis=1)[:, :k]
    np.testing.assert_allclose(kept, np.sort(expected, axis=1)[:, :k], rtol=1e-9, atol=2 * ZERO_MINUTES)
    rows, cols = m.nonzero()
    np.testing.assert_allclose(dense[rows, cols], expected[rows, cols], rtol=1e-9, atol=2 * ZERO_MINUTES)


def winding_case(seed: int, n_roads: int, n_fac: int, sloped: bool) -> Case:
    """Winding roads of many vertices between a few shared crossings (long chains of two-segment
    nodes), with a ring through one crossing, a ring of its own, and two roads between the same
    two points; random origins and schools."""
    rng = np.random.default_rng(seed)
    crossings = rng.uniform(0, 1000, (5, 2)).round()
    lines: list[tuple[list[tuple[float, float]], str]] = []
    for _ in range(n_roads):
        a, b = crossings[rng.choice(5, 2, replace=False)]
        bends = int(rng.integers(0, 9))
        t = np.sort(rng.uniform(0.05, 0.95, bends))
        middle = a + t[:, None] * (b - a) + rng.uniform(-80, 80, (bends, 2))
        points = [tuple(a), *map(tuple, middle), tuple(b)]
        lines.append(([(float(x), float(y)) for x, y in points], ROAD_CLASSES[int(rng.integers(len(ROAD_CLASSES)))]))
    c = crossings[0]
    ring = [(c[0], c[1]), (c[0] + 120, c[1] + 30), (c[0] + 150, c[1] + 160), (c[0] + 10, c[1] + 140), (c[0], c[1])]
    lines.append(([(float(x), float(y)) for x, y in ring], "path"))
    lines.append(([(1500.0, 1500.0), (1600.0, 1500.0), (1600.0, 1600.0), (1500.0, 1600.0), (1500.0, 1500.0)], "path"))
    d, e = crossings[1], crossings[2]
    lines.append(([(float(d[0]), float(d[1])), (float(e[0]), float(e[1]))], "path"))
    dem = None
    if sloped:
        dem = Dem(rng.uniform(0, 40, (25, 25)).astype(np.float32), Affine(100.0, 0, -300.0, 0, -100.0, 2000.0), CRS)
    ox, oy = rng.uniform(-100, 1700, 12), rng.uniform(-100, 1700, 12)
    fx, fy = rng.uniform(-100, 1700, n_fac), rng.uniform(-100, 1700, n_fac)
    return Case(roads_of(*lines), dem, ox, oy, fx, fy)


winding = st.builds(
    winding_case,
    seed=st.integers(0, 2**32 - 1),
    n_roads=st.integers(1, 8),
    n_fac=st.integers(1, 40),
    sloped=st.booleans(),
)


@settings(max_examples=40, deadline=None)
@given(
    case=winding,
    mode=st.sampled_from(["walk", "motor"]),
    limit=st.sampled_from([10.0, 1e9]),
    k=st.sampled_from([None, 1, 3]),
)
def test_search_between_junctions_equals_brute_force(case: Case, mode: str, limit: float, k: int | None):
    """The same trips as the plain search, to the last few digits, on roads of long chains."""
    net = compiled(case, mode)
    expected = brute_force(net, case.ox, case.oy, case.fx, case.fy)
    expected = np.where(expected <= limit, expected, np.inf)
    m = travel_matrix(net, case.ox, case.oy, case.fx, case.fy, max_minutes=limit, k=k, junctions=True)
    dense = np.where(m.toarray() > 0, m.toarray(), np.inf)
    if k is None:
        np.testing.assert_allclose(dense, np.where(expected > 0, expected, np.inf), rtol=1e-9, atol=2 * ZERO_MINUTES)
    else:
        kept = np.sort(dense, axis=1)[:, :k]
        np.testing.assert_allclose(kept, np.sort(expected, axis=1)[:, :k], rtol=1e-9, atol=2 * ZERO_MINUTES)
        rows, cols = m.nonzero()
        np.testing.assert_allclose(dense[rows, cols], expected[rows, cols], rtol=1e-9, atol=2 * ZERO_MINUTES)


@settings(max_examples=25, deadline=None)
@given(case=cases, pick=st.integers(0, 10**6))
def test_triangle_inequality_through_any_road_node(case: Case, pick: int):
    """Time to the nearest school from O is at most O to a road node P plus P's own time."""
    net = compiled(case)
    p = pick % net.n_nodes
    px, py = net.node_x[p : p + 1], net.node_y[p : p + 1]
    to_school = nearest_facility(net, case.ox, case.oy, case.fx, case.fy).minutes
    from_p = nearest_facility(net, px, py, case.fx, case.fy).minutes[0]
    to_p = travel_matrix(net, case.ox, case.oy, px, py, max_minutes=1e9).toarray()[:, 0]
    to_p = np.where(to_p > 0, to_p, np.inf)  # a pair not stored cannot be travelled
    assert (to_school <= to_p + from_p + 1e-9).all()


@settings(max_examples=25, deadline=None)
@given(case=cases, pick=st.integers(0, 10**6), mode=st.sampled_from(["walk", "motor"]))
def test_removing_a_road_never_shortens_a_trip(case: Case, pick: int, mode: str):
    net = compiled(case, mode)
    # Remove a segment that no origin or school joins at, so every point keeps its way onto the roads.
    used = np.union1d(snap_points(net, case.ox, case.oy).edge, snap_points(net, case.fx, case.fy).edge)
    free = np.setdiff1d(np.arange(net.n_edges), used)
    if free.size == 0:
        return
    e = free[pick % free.size]
    smaller = compiled(case, mode, drop=(int(net.node_id[net.edge_u[e]]), int(net.node_id[net.edge_v[e]])))
    assert smaller.n_edges == net.n_edges - 1
    before = nearest_facility(net, case.ox, case.oy, case.fx, case.fy).minutes
    after = nearest_facility(smaller, case.ox, case.oy, case.fx, case.fy).minutes
    assert (after >= before - 1e-9).all()


@settings(max_examples=30, deadline=None)
@given(case=cases)
def test_snapping_finds_the_nearest_segment(case: Case):
    net = compiled(case)
    x = np.concatenate([case.ox, case.fx])
    y = np.concatenate([case.oy, case.fy])
    snap = snap_points(net, x, y)
    segments = shapely.linestrings(
        np.stack(
            [
                np.column_stack([net.node_x[net.edge_u], net.node_y[net.edge_u]]),
                np.column_stack([net.node_x[net.edge_v], net.node_y[net.edge_v]]),
            ],
            axis=1,
        )
    )
    distances = shapely.distance(shapely.points(x, y)[:, None], segments[None, :])
    np.testing.assert_allclose(snap.offroad_m, distances.min(axis=1), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(np.hypot(snap.x - x, snap.y - y), snap.offroad_m, atol=1e-9)
    assert ((snap.t >= 0) & (snap.t <= 1)).all()


def test_a_network_without_roads_is_reported():
    empty = compile_network(build_road_graph(roads_of()), STANDARDS.modes["walk"], standards=STANDARDS)
    with pytest.raises(InputError, match="no segments"):
        nearest_facility(empty, np.array([0.0]), np.array([0.0]), np.array([1.0]), np.array([1.0]))
