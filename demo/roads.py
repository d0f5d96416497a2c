"""The road network: least-cost routes on the DEM, joined into lines that meet at their ends.

Least-cost routes on the DEM (a slope-penalised pixel graph, Dijkstra): county roads from the
county seat to every township seat and out of the county, township roads between neighbouring
seats and to the main villages, village roads from the smaller villages to their main village
and between neighbours, spurs to hamlets, footpaths to a few remote villages (which have no
road) and over the ridges. Streets fill the county seat and the township seats. Routes are
joined into one graph and cut into lines at junctions, class changes and places, so lines
meet at shared end vertices; vertices are 100-141 m apart (one per pixel), lightly smoothed.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
import shapely
from scipy import ndimage
from scipy.sparse.csgraph import connected_components, dijkstra

from demo.grid import grid_edges, path_to, pixel_graph, smooth_path, spaced_pick, weighted_order
from demo.terrain import AREA_KM2
from gis.schema import ROAD_CLASSES

if TYPE_CHECKING:
    from demo.grid import Grid
    from demo.rivers import Rivers
    from demo.settlements import Places
    from demo.terrain import Terrain

RANKS = ROAD_CLASSES  # road classes, most important first


@dataclass(frozen=True)
class Roads:
    """The road network: its pixel edges and the lines drawn from them."""

    a: np.ndarray  # road edges between pixels a and b (flat indices)
    b: np.ndarray
    rank: np.ndarray  # index into RANKS
    path_only: np.ndarray  # villages reached only by a footpath (place indices)
    hamlets: np.ndarray  # pixels at the ends of the roads to hamlets
    lines: tuple[shapely.LineString, ...]
    line_rank: np.ndarray
    line_names: tuple[str, ...]

    def on_road(self, size: int) -> np.ndarray:
        """Whether each pixel of a grid of ``size`` pixels is on a road (flat)."""
        mask = np.zeros(size, dtype=bool)
        mask[self.a] = mask[self.b] = True
        return mask


class _RoadNet:
    """Routed pixel paths gathered into one graph; a shared edge keeps its most important class."""

    def __init__(self, n: int) -> None:
        self.on_road = np.zeros(n, dtype=bool)
        self.edges: dict[tuple[int, int], tuple[int, int]] = {}
        self.names: list[str] = []

    def route(self, name: str) -> int:
        self.names.append(name)
        return len(self.names) - 1

    def add_edge(self, u: int, v: int, rank: int, route: int) -> None:
        key = (u, v) if u < v else (v, u)
        old = self.edges.get(key)
        if old is None or rank < old[0]:
            self.edges[key] = (rank, route)
        self.on_road[u] = self.on_road[v] = True

    def trace(self, predecessors: np.ndarray, target: int, rank: int, route: int) -> bool:
        """Add the shortest path from target back to the network; False if it can not be reached."""
        path = [int(target)]
        while not self.on_road[path[-1]]:
            u = int(predecessors[path[-1]])
            if u < 0:
                return False
            path.append(u)
        for u, v in itertools.pairwise(path):
            self.add_edge(u, v, rank, route)
        return True

    def link(self, predecessors: np.ndarray, u: int, v: int, rank: int, route: int) -> None:
        """Join the network's paths to two neighbouring pixels u and v, and the pixels."""
        self.trace(predecessors, u, rank, route)
        self.trace(predecessors, v, rank, route)
        if self.on_road[u] and self.on_road[v]:
            self.add_edge(u, v, rank, route)


def build_roads(
    rng: np.random.Generator,
    grid: Grid,
    county: np.ndarray,
    terrain: Terrain,
    rivers: Rivers,
    places: Places,
) -> Roads:
    """The road network: least-cost routes on the DEM, class by class (see module notes)."""
    n, cell, cols = grid.size, grid.cell, grid.cols
    z = terrain.elevation.ravel()
    # A bridge costs as much as 1.5 km of level road, 4 km on the big rivers; nothing crosses
    # the unbridged stretch. Footbridges are cheaper.
    river_area = ndimage.maximum_filter(np.where(rivers.mask, terrain.area_km2.reshape(grid.shape), 0.0), size=3)
    river = (rivers.mask * np.where(river_area >= 300.0, 2000.0, 750.0)).ravel()
    a, b, length = grid_edges(county & ~places.no_bridge)
    run = length * cell
    rise = np.abs(z[b] - z[a]) / run
    road_w = run * (1 + (rise / 0.10) ** 2) + river[a] + river[b]
    path_w = run * (1 + (rise / 0.35) ** 2) + 0.2 * (river[a] + river[b])
    road_g = pixel_graph(n, a, b, road_w)
    path_g = pixel_graph(n, a, b, path_w)
    net = _RoadNet(n)
    growth = county.sum() * cell**2 / 1e6 / AREA_KM2  # the scale, from the county's area
    seats = places.pixel[: places.n_seats]
    villages = np.arange(places.n_seats, places.pixel.size)
    numbers = {"county": 0, "township": 0, "village": 0}

    def new_route(kind: str) -> int:
        numbers[kind] += 1
        k = numbers[kind]
        return net.route({"county": f"县道X{k:03d}", "township": f"乡道Y{k:03d}", "village": f"村道C{k:04d}"}[kind])

    # County roads: from the county seat to every township seat and out of the county.
    dist, pred = dijkstra(road_g, indices=int(seats[0]), return_predecessors=True)
    net.on_road[seats[0]] = True
    for t in seats[1:].tolist():
        net.trace(pred, t, 0, new_route("county"))
    rim = np.flatnonzero((county & ~ndimage.binary_erosion(county)).ravel() & np.isfinite(dist))
    rr, rc = np.divmod(rim, cols)
    sr, sc = divmod(int(seats[0]), cols)
    bearing = np.arctan2(-(rr - sr), rc - sc)
    turn = rng.uniform(0, 2 * math.pi)
    for k in range(4):
        sector = np.abs(np.angle(np.exp(1j * (bearing - turn - k * math.pi / 2)))) < math.pi / 5
        if sector.any():
            net.trace(pred, int(rim[sector][np.argmin(dist[rim[sector]])]), 0, new_route("county"))

    # Township roads between neighbouring seats: the cheapest link across the boundary of their
    # least-cost regions (one Dijkstra run for all pairs).
    pred, pairs = _neighbour_links(rng, grid, road_g, a, b, road_w, seats, share=0.55, detour=2.5)
    for u, v in pairs:
        net.link(pred, u, v, 1, new_route("township"))

    # Township roads to the main villages; village roads from each smaller village to the main
    # village or seat it is easiest to reach, and from the remote villages to the nearest road.
    # The remotest few villages keep only a footpath. Some neighbouring villages are linked too.
    role = places.role
    _, pred, _ = dijkstra(road_g, indices=np.flatnonzero(net.on_road), min_only=True, return_predecessors=True)
    for p in villages[role[villages] == 0].tolist():
        net.trace(pred, int(places.pixel[p]), 1, new_route("township"))
    centres = places.pixel[(role == -1) | (role == 0)]
    _, pred, _ = dijkstra(road_g, indices=centres, min_only=True, return_predecessors=True)
    for p in villages[role[villages] == 1].tolist():
        path = path_to(pred, int(places.pixel[p]))
        if len(path) > 1 and pred[path[0]] < 0 and net.on_road[path[0]]:
            route = new_route("village")
            for p0, p1 in itertools.pairwise(path):
                net.add_edge(p0, p1, 2, route)
    rest = villages[role[villages] == 2]
    dist, pred, _ = dijkstra(road_g, indices=np.flatnonzero(net.on_road), min_only=True, return_predecessors=True)
    remote = rest[~places.far_side[rest]]
    remote = remote[np.argsort(-dist[places.pixel[remote]], kind="stable")][: max(2, round(0.025 * villages.size))]
    path_only = np.sort(remote)
    for p in np.setdiff1d(np.concatenate([rest, villages]), path_only).tolist():
        if not net.on_road[places.pixel[p]]:
            net.trace(pred, int(places.pixel[p]), 2, new_route("village"))
    linked = places.pixel[np.setdiff1d(np.arange(places.pixel.size), path_only)]
    pred, pairs = _neighbour_links(rng, grid, road_g, a, b, road_w, linked, share=0.45, detour=1.8)
    for u, v in pairs:
        net.link(pred, u, v, 2, new_route("village"))

    # Roads to hamlets (组组通): spurs up the side valleys that no road serves yet.
    d_net = ndimage.distance_transform_edt(~net.on_road.reshape(grid.shape)) * cell
    spot_ok = county & ~rivers.mask & ~places.no_bridge & (d_net > 500) & (terrain.slope < 0.35)
    spot_ok &= terrain.area_km2.reshape(grid.shape) >= 0.2
    cand = np.flatnonzero(spot_ok)
    cand = cand[weighted_order(rng, np.exp(-terrain.slope.ravel()[cand] / 0.15))]
    hamlets = spaced_pick(cand, grid, 800.0, round(200 * growth), places.pixel, 600.0)
    _, pred, _ = dijkstra(road_g, indices=np.flatnonzero(net.on_road), min_only=True, return_predecessors=True)
    served = [p for p in hamlets.tolist() if net.trace(pred, p, 2, new_route("village"))]
    hamlets = np.asarray(served, dtype=np.int64)

    # Footpaths: to the path-only villages, and over the ridges between some neighbouring villages.
    _, pred, _ = dijkstra(path_g, indices=np.flatnonzero(net.on_road), min_only=True, return_predecessors=True)
    trail = net.route("步道")
    for p in path_only.tolist():
        net.trace(pred, int(places.pixel[p]), 3, trail)
    village_px = places.pixel[villages]
    pred, pairs = _neighbour_links(rng, grid, path_g, a, b, path_w, village_px, share=0.2, detour=1.6)
    for u, v in pairs:
        net.link(pred, u, v, 3, trail)

    # Streets: a grid of 300 m blocks in the county seat and 200 m blocks in the township seats.
    river_b = rivers.mask
    for i, p in enumerate(seats.tolist()):
        reach = (1300.0 * growth**0.25 if i == 0 else 400.0) / cell  # the county seat grows with the county
        block = 3 if i == 0 else 2
        route = net.route("城区道路" if i == 0 else "集镇道路")
        pr, pc, box, yy, xx = grid.window(p, reach)
        ok = (np.hypot(yy - pr, xx - pc) <= reach) & county[box] & ~river_b[box]
        ok &= terrain.slope[box] < 0.4
        index = yy * cols + xx
        east = ok[:, :-1] & ok[:, 1:] & ((yy[:, :-1] - pr) % block == 0)
        south = ok[:-1, :] & ok[1:, :] & ((xx[:-1, :] - pc) % block == 0)
        for u, v in zip(index[:, :-1][east].tolist(), index[:, 1:][east].tolist(), strict=True):
            net.add_edge(u, v, 2, route)
        for u, v in zip(index[:-1, :][south].tolist(), index[1:, :][south].tolist(), strict=True):
            net.add_edge(u, v, 2, route)

    ea, eb, er, eroute = _tidy_edges(net.edges, cols, int(seats[0]), n)
    lines, line_rank, line_route = _road_lines(grid, rivers, ea, eb, er, eroute, places.pixel)
    return Roads(
        a=ea,
        b=eb,
        rank=er,
        path_only=path_only,
        hamlets=hamlets,
        lines=lines,
        line_rank=line_rank,
        line_names=tuple(net.names[r] for r in line_route.tolist()),
    )


def _neighbour_links(
    rng: np.random.Generator,
    grid: Grid,
    graph: sp.csr_matrix,
    a: np.ndarray,
    b: np.ndarray,
    weight: np.ndarray,
    hubs: np.ndarray,
    *,
    share: float,
    detour: float,
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Least-cost links between neighbouring hubs: the predecessors of the shortest paths from
    the hubs and the pairs of adjacent pixels (u, v) where the links cross between regions.

    One multi-source Dijkstra run splits the land into the hubs' least-cost regions; the
    cheapest edge across the boundary of two regions joins the two hubs' shortest paths. A share
    of the neighbouring pairs is kept, when the link is not too roundabout.
    """
    dist, pred, source = dijkstra(graph, indices=hubs, min_only=True, return_predecessors=True)
    sa, sb = source[a], source[b]
    across = np.flatnonzero((sa >= 0) & (sb >= 0) & (sa != sb))
    if across.size == 0:
        return pred, []
    cost = dist[a[across]] + weight[across] + dist[b[across]]
    key = np.minimum(sa[across], sb[across]) * np.int64(grid.size) + np.maximum(sa[across], sb[across])
    order = np.lexsort((cost, key))
    first = np.concatenate([[True], key[order][1:] != key[order][:-1]])
    links = []
    for e, c in zip(across[order][first].tolist(), cost[order][first].tolist(), strict=True):
        u, v = int(a[e]), int(b[e])
        hx, hy = grid.xy(np.asarray([source[u], source[v]]))
        straight = math.hypot(hx[1] - hx[0], hy[1] - hy[0])
        if rng.random() < share and c < detour * straight:
            links.append((u, v))
    return pred, links


def _tidy_edges(
    edges: dict[tuple[int, int], tuple[int, int]], cols: int, seat: int, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Road edges ready for drawing: no two diagonals crossing without a junction (one is bent
    through a pixel of the other), and only the part connected to the county seat."""
    edges = dict(edges)
    for u, v in list(edges):
        if v - u == cols + 1 and (u + 1, u + cols) in edges:
            rank, route = edges.pop((u + 1, u + cols))
            for key in ((u, u + 1), (u, u + cols)):
                old = edges.get(key)
                if old is None or rank < old[0]:
                    edges[key] = (rank, route)
    keys = np.asarray(list(edges), dtype=np.int64).reshape(-1, 2)
    vals = np.asarray(list(edges.values()), dtype=np.int64).reshape(-1, 2)
    order = np.lexsort((keys[:, 1], keys[:, 0]))
    keys, vals = keys[order], vals[order]
    graph = sp.csr_matrix((np.ones(len(keys)), (keys[:, 0], keys[:, 1])), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    keep = comp[keys[:, 0]] == comp[seat]
    return keys[keep, 0], keys[keep, 1], vals[keep, 0], vals[keep, 1]


def _road_lines(
    grid: Grid,
    rivers: Rivers,
    a: np.ndarray,
    b: np.ndarray,
    rank: np.ndarray,
    route: np.ndarray,
    stops: np.ndarray,
) -> tuple[tuple[shapely.LineString, ...], np.ndarray, np.ndarray]:
    """Cut the road graph into lines at junctions, class changes and stops (the places: they stay
    exactly where they are), smooth the lines lightly where that crosses nothing, and return
    (lines, rank, route)."""
    attr = list(zip(rank.tolist(), route.tolist(), strict=True))
    adj: dict[int, list[tuple[int, int]]] = {}
    for e, (u, v) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        adj.setdefault(u, []).append((v, e))
        adj.setdefault(v, []).append((u, e))
    breaks = {p for p, nb in adj.items() if len(nb) != 2 or attr[nb[0][1]] != attr[nb[1][1]]}
    breaks |= set(stops.tolist()) & adj.keys()
    used = bytearray(a.size)

    def walk(start: int, first: int, edge: int) -> list[int]:
        seq = [start, first]
        used[edge] = 1
        cur, came = first, edge
        while cur not in breaks:
            (n1, e1), (n2, e2) = adj[cur]
            nxt, ne = (n2, e2) if e1 == came else (n1, e1)
            if used[ne]:
                break
            used[ne] = 1
            seq.append(nxt)
            cur, came = nxt, ne
        return seq

    chains: list[tuple[list[int], int]] = []
    for p in sorted(breaks):
        for q, e in adj[p]:
            if not used[e]:
                chains.append((walk(p, q, e), e))
    for e in range(a.size):  # closed loops without a junction
        if not used[e]:
            chains.append((walk(int(a[e]), int(b[e]), e), e))

    coords = [np.column_stack(grid.xy(np.asarray(seq))) for seq, _ in chains]
    raw = np.array([shapely.LineString(c) for c in coords], dtype=object)
    current = np.array([shapely.LineString(smooth_path(c)) for c in coords], dtype=object)
    # A smoothed road that touches a river goes back to its pixel path (which crosses rivers
    # only at bridges); so do smoothed roads that cross each other away from a junction.
    hits = shapely.STRtree(list(rivers.lines)).query(current, predicate="intersects")[0]
    current[hits] = raw[hits]
    ends = [(seq[0], seq[-1]) for seq, _ in chains]
    for _ in range(10):
        i, j = shapely.STRtree(current).query(current, predicate="intersects")
        keep = i < j
        i, j = i[keep], j[keep]
        allowed = []
        for p, q in zip(i.tolist(), j.tolist(), strict=True):
            shared = sorted(set(ends[p]) & set(ends[q]))
            allowed.append(shapely.MultiPoint(np.column_stack(grid.xy(np.asarray(shared, dtype=np.int64)))))
        rest = shapely.difference(shapely.intersection(current[i], current[j]), np.array(allowed, dtype=object))
        bad = ~shapely.is_empty(rest)
        if not bad.any():
            break
        fix = np.unique(np.concatenate([i[bad], j[bad]]))
        current[fix] = raw[fix]
    edge_of = np.asarray([e for _, e in chains], dtype=np.int64)
    return tuple(current.tolist()), rank[edge_of], route[edge_of]
