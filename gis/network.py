"""The road network: a networkx graph the user edits, compiled to arrays for routing.

:func:`build_road_graph` turns the project's road lines into an undirected
:class:`networkx.Graph` whose nodes are road vertices and whose edges are the straight
segments between consecutive vertices. :func:`compile_network` turns that graph, for one
travel mode, into a :class:`RoutingNetwork` of plain arrays with a travel time in minutes for
each direction of each segment (walking uphill is slower than downhill), which
:mod:`gis.travel` routes on with scipy's compiled shortest-path code.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from gis.errors import DataWarning, InputError, Problem
from gis.messages import text
from gis.schema import ROAD_CLASSES

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd

    from gis.project import Dem
    from gis.standards import Mode, Standards

# Vertices of different lines closer than this (after rounding to it) are the same node.
_SNAP_GRID_M = 0.01
# Tobler's hiking function is exp(-3.5 |s + 0.05|) times a constant; divided by its value on
# level ground it gives a factor of 1 at s = 0.
_TOBLER_A = 3.5
_TOBLER_S0 = 0.05
# Problems listed per kind before the rest are summarised.
_MAX_LISTED = 20


def build_road_graph(roads: gpd.GeoDataFrame, *, dem: Dem | None = None) -> nx.Graph:
    """The road graph: one node per road vertex, one edge per straight segment.

    Vertices at the same place (to 1 cm) are one node, so lines that share a vertex are
    connected; lines that merely cross without a shared vertex (a bridge or an overpass) are
    not. Zero-length segments are skipped. When two lines give the same pair of nodes the
    faster class wins (county, then township, village, path).

    Parameters
    ----------
    roads
        Road lines (LineString or MultiLineString) in a metric CRS with a ``road_class``
        column holding one of :data:`gis.project.ROAD_CLASSES`.
    dem
        Elevation model sampled at every node (bilinear); without one every node is at 0 m.

    Returns
    -------
    networkx.Graph
        Nodes ``0..n-1`` with attributes ``x``, ``y`` and ``z`` (metres); edges with
        ``length`` (metres), ``road_class`` and ``road`` (the row position of the road line
        in ``roads``). ``graph.graph["crs"]`` is the CRS of ``roads``.

    Raises
    ------
    InputError
        Listing every road with an unknown class or a geometry that is not a line.

    Warns
    -----
    DataWarning
        When roads without geometry or without any length are left out.
    """
    return road_segments(roads, dem=dem).graph()


@dataclass(frozen=True)
class RoadSegments:
    """The road graph of :func:`build_road_graph` as arrays, before any networkx object is made.

    Nodes ``0..n-1`` at ``x``, ``y``, ``z``; segment ``k`` joins ``u[k] < v[k]`` with
    ``length[k]`` metres, class ``code[k]`` (into :data:`gis.project.ROAD_CLASSES`), from road
    line ``road[k]``. Segments are in the order in which ``graph().edges`` lists them, so that
    what is compiled or counted from these arrays is what the graph would give.
    """

    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    u: np.ndarray
    v: np.ndarray
    length: np.ndarray
    code: np.ndarray
    road: np.ndarray
    crs: str | None

    def graph(self) -> nx.Graph:
        """The networkx graph (see :func:`build_road_graph`)."""
        graph = nx.Graph(crs=self.crs)
        graph.add_nodes_from(
            (i, {"x": xi, "y": yi, "z": zi})
            for i, (xi, yi, zi) in enumerate(zip(self.x.tolist(), self.y.tolist(), self.z.tolist(), strict=True))
        )
        names = np.asarray(ROAD_CLASSES, dtype=object)[self.code].tolist()
        graph.add_edges_from(
            (a, b, {"length": d, "road_class": c, "road": r})
            for a, b, d, c, r in zip(
                self.u.tolist(), self.v.tolist(), self.length.tolist(), names, self.road.tolist(), strict=True
            )
        )
        return graph

    def pieces(self) -> np.ndarray:
        """The connected piece of each node, numbered as :func:`network_pieces` orders them
        (largest first, ties by smallest node)."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        n = self.x.size
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        _, label = connected_components(coo_matrix((np.ones(self.u.size), (self.u, self.v)), shape=(n, n)), False)
        size = np.bincount(label)
        first = np.full(size.size, n)
        np.minimum.at(first, label, np.arange(n))
        rank = np.empty(size.size, dtype=np.int64)
        rank[np.lexsort((first, -size))] = np.arange(size.size)
        return rank[label]

    def road_pieces(self, piece: np.ndarray, n_roads: int) -> np.ndarray:
        """The piece of each of ``n_roads`` road lines, as :func:`pieces_of_roads` gives it (the
        piece of its last segment's first node; 0 for a road without segments)."""
        out = np.zeros(n_roads, dtype=np.int64)
        last = self.road.size - 1 - np.unique(self.road[::-1], return_index=True)[1]
        out[self.road[last]] = piece[self.u[last]]
        return out

    def arrays(self) -> _GraphArrays:
        """What :func:`compile_network` reads from the graph."""
        return _GraphArrays(
            list(range(self.x.size)),
            self.x,
            self.y,
            self.z,
            self.u.astype(np.intp),
            self.v.astype(np.intp),
            self.length,
            self.code.astype(np.int16),
            list(ROAD_CLASSES),
            [],
        )


def road_segments(roads: gpd.GeoDataFrame, *, dem: Dem | None = None) -> RoadSegments:
    """The road graph of :func:`build_road_graph` as arrays (same parameters, warnings and errors)."""
    import shapely

    geoms, codes, missing = _road_lines(roads)
    parts, part_row = shapely.get_parts(geoms, return_index=True)
    coords, coord_part = shapely.get_coordinates(parts, return_index=True)
    node_of_coord, first_coord = _merge_vertices(coords)

    seg_a = np.flatnonzero(coord_part[1:] == coord_part[:-1])
    seg_b = seg_a + 1
    u = node_of_coord[seg_a]
    v = node_of_coord[seg_b]
    seg_row = part_row[coord_part[seg_a]]
    keep = u != v
    u, v, seg_a, seg_b, seg_row = u[keep], v[keep], seg_a[keep], seg_b[keep], seg_row[keep]
    seg_code = codes[seg_row]
    length = np.hypot(coords[seg_b, 0] - coords[seg_a, 0], coords[seg_b, 1] - coords[seg_a, 1])

    without_length = np.setdiff1d(np.flatnonzero(~missing), seg_row)

    # One edge per node pair: sort by pair, then class (faster first), keep the first.
    lo = np.minimum(u, v)
    hi = np.maximum(u, v)
    order = np.lexsort((seg_code, hi, lo))
    first = np.ones(order.size, dtype=bool)
    first[1:] = (lo[order][1:] != lo[order][:-1]) | (hi[order][1:] != hi[order][:-1])
    chosen = np.sort(order[first])
    u, v, length, seg_code, seg_row = u[chosen], v[chosen], length[chosen], seg_code[chosen], seg_row[chosen]

    if without_length.size:
        warnings.warn(
            text(
                "{count} road line(s) have no length and were left out of the network (rows {rows}{more})",
                count=without_length.size,
                rows=", ".join(str(r) for r in without_length[:_MAX_LISTED].tolist()),
                more=", …" if without_length.size > _MAX_LISTED else "",
            ),
            DataWarning,
            stacklevel=2,
        )

    # Keep only the vertices that some segment uses, numbered 0..n-1 (ordered by x, then y).
    used = np.zeros(first_coord.size, dtype=bool)
    used[u] = True
    used[v] = True
    renumber = np.cumsum(used) - 1
    u = renumber[u]
    v = renumber[v]
    node_coords = coords[first_coord[used]]
    x = node_coords[:, 0]
    y = node_coords[:, 1]
    z = np.asarray(dem.sample(x, y), dtype=float) if dem is not None and x.size else np.zeros(x.size)
    no_elevation = ~np.isfinite(z)
    if no_elevation.any():
        warnings.warn(
            text(
                "{count} road node(s) lie where the elevation model has no value; their segments are treated as level",
                count=int(no_elevation.sum()),
            ),
            DataWarning,
            stacklevel=2,
        )

    # Edges in the order networkx lists them: by their first node (the smaller), then as added.
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    order = np.argsort(lo, kind="stable")
    return RoadSegments(
        x,
        y,
        z,
        lo[order],
        hi[order],
        length[order],
        seg_code[order],
        seg_row[order],
        None if roads.crs is None else roads.crs.to_string(),
    )


def _road_lines(roads: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The line geometries of ``roads``, their class codes (into ROAD_CLASSES) and which are missing.

    Rows without geometry become None (so that row positions stay valid) and are reported in
    a warning; unknown classes and non-line geometries raise one InputError listing them all.
    """
    import shapely

    if "road_class" not in roads.columns:
        raise InputError(Problem(text("required field is missing"), layer="roads", field="road_class"))
    geoms = np.asarray(roads.geometry.array, dtype=object)
    classes = roads["road_class"].to_numpy(dtype=object)
    lookup = {name: i for i, name in enumerate(ROAD_CLASSES)}
    codes = np.fromiter((lookup.get(c, -1) for c in classes), dtype=np.int64, count=len(classes))
    type_id = shapely.get_type_id(geoms)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    is_line = np.isin(type_id, (shapely.GeometryType.LINESTRING, shapely.GeometryType.MULTILINESTRING))
    problems: list[Problem] = []
    labels = [str(i) for i in roads.index]
    for i in np.flatnonzero(codes < 0)[:_MAX_LISTED].tolist():
        problems.append(
            Problem(
                text("unknown road class; use one of {road_classes}", road_classes=", ".join(ROAD_CLASSES)),
                layer="roads",
                feature=labels[i],
                field="road_class",
                value=str(classes[i]),
            )
        )
    for i in np.flatnonzero(~missing & ~is_line)[:_MAX_LISTED].tolist():
        problems.append(
            Problem(
                text("road geometry is not a line"),
                layer="roads",
                feature=labels[i],
                field="geometry",
                value=str(geoms[i].geom_type),
                fix=text("keep only LineString or MultiLineString roads"),
            )
        )
    if problems:
        raise InputError(problems)
    if missing.any():
        warnings.warn(
            text("{count} road line(s) have no geometry and were left out of the network", count=int(missing.sum())),
            DataWarning,
            stacklevel=3,
        )
    geoms = geoms.copy()
    geoms[missing] = None
    return geoms, codes, missing


def _merge_vertices(coords: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group coordinates equal after rounding to 1 cm.

    Returns
    -------
    node_of_coord
        The group of each coordinate, numbered in sorted order.
    first_coord
        For each group, the position of one of its coordinates.
    """
    if coords.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    q = np.round(coords / _SNAP_GRID_M)
    order = np.lexsort((q[:, 1], q[:, 0]))
    qs = q[order]
    start = np.ones(order.size, dtype=bool)
    start[1:] = (qs[1:, 0] != qs[:-1, 0]) | (qs[1:, 1] != qs[:-1, 1])
    group = np.cumsum(start) - 1
    node_of_coord = np.empty(order.size, dtype=np.int64)
    node_of_coord[order] = group
    return node_of_coord, order[start]


def network_pieces(G: nx.Graph) -> list[set[int]]:
    """The connected pieces of a road graph, largest first (ties by smallest node).

    More than one piece usually means a road that should join another does not share a
    vertex with it; the caller shows the user a warning.
    """
    pieces = [set(c) for c in nx.connected_components(G)]
    pieces.sort(key=lambda p: (-len(p), min(p, key=_sort_key)))
    return pieces


def _sort_key(node: Any) -> tuple[str, Any]:
    # Node labels of an edited graph may mix types; order within a type, then by type name.
    return (type(node).__name__, node)


@dataclass(frozen=True, eq=False)
class RoutingNetwork:
    """A road graph compiled for one travel mode: plain arrays, read-only.

    Nodes are numbered ``0..n-1`` in the order of the source graph; ``node_id`` holds the
    source graph's label of each. Each segment ``i`` joins ``edge_u[i]`` and ``edge_v[i]``
    and takes ``cost_uv_min[i]`` minutes from u to v and ``cost_vu_min[i]`` from v to u.

    Attributes
    ----------
    node_x, node_y, node_z
        Node coordinates and elevation (metres).
    node_id
        The label of each node in the source graph.
    edge_u, edge_v
        End nodes of each segment.
    edge_length_m
        Segment length (metres).
    edge_class
        Index of each segment's road class into ``class_names``.
    class_names
        The road classes, :data:`gis.project.ROAD_CLASSES` first, then any others found.
    cost_uv_min, cost_vu_min
        Minutes to traverse each segment from u to v and from v to u.
    mode
        Name of the travel mode.
    off_road_kmh
        Speed of the off-road leg from a point to the road (km/h).
    """

    node_x: np.ndarray
    node_y: np.ndarray
    node_z: np.ndarray
    node_id: np.ndarray
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length_m: np.ndarray
    edge_class: np.ndarray
    class_names: tuple[str, ...]
    cost_uv_min: np.ndarray
    cost_vu_min: np.ndarray
    mode: str
    off_road_kmh: float
    # Derived structures that gis.travel computes once per network (the reversed graph).
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Structures that depend only on the geometry (spatial index, recent snaps), shared by the
    # networks of every travel mode compiled from the same roads.
    _geometry: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in (
            "node_x",
            "node_y",
            "node_z",
            "edge_u",
            "edge_v",
            "edge_length_m",
            "edge_class",
            "cost_uv_min",
            "cost_vu_min",
        ):
            getattr(self, name).setflags(write=False)

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.node_x.size)

    @property
    def n_edges(self) -> int:
        """Number of segments."""
        return int(self.edge_u.size)

    @property
    def off_road_m_per_min(self) -> float:
        """Off-road speed in metres per minute."""
        return self.off_road_kmh * 1000.0 / 60.0

    @property
    def edge_class_name(self) -> np.ndarray:
        """Road class of each segment as strings."""
        return np.asarray(self.class_names, dtype=object)[self.edge_class]

    def to_networkx(self) -> nx.DiGraph:
        """The network as a directed graph with ``minutes`` on each edge, for reference.

        Nodes are ``0..n-1`` (with ``x``, ``y``, ``z``); each segment gives an edge in each
        direction. Where several segments join the same nodes the quickest is kept.
        """
        graph = nx.DiGraph(mode=self.mode)
        graph.add_nodes_from(
            (i, {"x": x, "y": y, "z": z})
            for i, (x, y, z) in enumerate(
                zip(self.node_x.tolist(), self.node_y.tolist(), self.node_z.tolist(), strict=True)
            )
        )
        src = np.concatenate([self.edge_u, self.edge_v])
        dst = np.concatenate([self.edge_v, self.edge_u])
        cost = np.concatenate([self.cost_uv_min, self.cost_vu_min])
        order = np.argsort(-cost, kind="stable")  # the quickest is added last and wins
        graph.add_weighted_edges_from(
            zip(src[order].tolist(), dst[order].tolist(), cost[order].tolist(), strict=True), weight="minutes"
        )
        return graph


def compile_network(G: nx.Graph | RoadSegments, mode: Mode, *, standards: Standards) -> RoutingNetwork:
    """Compile a road graph for one travel mode: travel minutes per segment and direction.

    The speed of a segment is the mode's speed for its road class. When the mode is slowed
    by slope on that class and the standards use Tobler's model, the speed is multiplied by

    ``f(s) = exp(-3.5 |s + 0.05|) / exp(-3.5 · 0.05)``

    with ``s = (z_to - z_from) / length`` in the direction of travel, so level ground gives the
    class speed (a child's level walking speed for walking), a gentle descent (s = -0.05) is
    the quickest, and climbs are slower than the same descents.

    Parameters
    ----------
    G
        An undirected road graph as built by :func:`build_road_graph` (possibly edited):
        nodes need ``x`` and ``y`` (``z`` defaults to 0); edges need ``road_class``, and
        ``length`` defaults to the straight distance between the nodes.
    mode
        The travel mode (speeds per road class, slope flags, off-road speed).
    standards
        The rules in force; ``standards.slope_model`` chooses ``"tobler"`` or ``"none"``.

    Returns
    -------
    RoutingNetwork

    Raises
    ------
    TypeError
        If ``G`` is directed or a multigraph.
    InputError
        Listing nodes without coordinates, negative lengths and road classes the mode has no
        speed for.
    """
    return _compile(_GraphArrays.of(G), mode, standards)


def compile_networks(
    G: nx.Graph | RoadSegments, modes: Iterable[Mode], *, standards: Standards
) -> dict[str, RoutingNetwork]:
    """:func:`compile_network` of one road graph (or its :class:`RoadSegments`) for several travel
    modes, by mode name; the graph's nodes and segments are read once for all of them."""
    arrays = _GraphArrays.of(G)
    return {mode.name: _compile(arrays, mode, standards) for mode in modes}


@dataclass(frozen=True)
class _GraphArrays:
    """A road graph's nodes and segments as arrays, and the problems found reading them."""

    nodes: list[Any]
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    u: np.ndarray
    v: np.ndarray
    length: np.ndarray
    code: np.ndarray
    class_names: list[str]
    problems: list[Problem]

    @classmethod
    def of(cls, G: nx.Graph | RoadSegments) -> _GraphArrays:
        if isinstance(G, RoadSegments):
            return G.arrays()
        if G.is_directed() or G.is_multigraph():
            raise TypeError("the road graph must be an undirected networkx.Graph, as built by build_road_graph")
        nodes = list(G.nodes)
        index = {node: i for i, node in enumerate(nodes)}
        problems: list[Problem] = []
        n = len(nodes)
        x = np.empty(n)
        y = np.empty(n)
        z = np.empty(n)
        for i, (node, data) in enumerate(G.nodes(data=True)):
            try:
                x[i] = float(data["x"])
                y[i] = float(data["y"])
                z[i] = float(data.get("z", 0.0))  # NaN (no elevation) is kept: its segments count as level
            except (KeyError, TypeError, ValueError):
                if len(problems) < _MAX_LISTED:
                    problems.append(
                        Problem(
                            text("road node has no usable coordinates"), layer="roads", feature=str(node), field="x, y"
                        )
                    )
                x[i] = y[i] = z[i] = 0.0

        m = G.number_of_edges()
        u = np.empty(m, dtype=np.intp)
        v = np.empty(m, dtype=np.intp)
        length = np.empty(m)
        class_names = list(ROAD_CLASSES)
        class_code = {name: i for i, name in enumerate(class_names)}
        code = np.empty(m, dtype=np.int16)
        for j, (a, b, data) in enumerate(G.edges(data=True)):
            u[j] = index[a]
            v[j] = index[b]
            length[j] = data.get("length", math.nan)
            name = str(data.get("road_class"))
            if name not in class_code:
                class_code[name] = len(class_names)
                class_names.append(name)
            code[j] = class_code[name]
        no_length = np.isnan(length)
        length[no_length] = np.hypot(x[v[no_length]] - x[u[no_length]], y[v[no_length]] - y[u[no_length]])
        for j in np.flatnonzero(~(length >= 0))[:_MAX_LISTED].tolist():
            problems.append(
                Problem(
                    text("road segment length must be zero or more"),
                    layer="roads",
                    feature=f"{nodes[u[j]]}-{nodes[v[j]]}",
                    field="length",
                    value=str(length[j]),
                )
            )

        return cls(nodes, x, y, z, u, v, length, code, class_names, problems)


def _compile(arrays: _GraphArrays, mode: Mode, standards: Standards) -> RoutingNetwork:
    nodes, x, y, z, u, v = arrays.nodes, arrays.x, arrays.y, arrays.z, arrays.u, arrays.v
    length, code = arrays.length, arrays.code
    class_names = list(arrays.class_names)
    problems = list(arrays.problems)
    speed = np.full(len(class_names), np.nan)
    sloped = np.zeros(len(class_names), dtype=bool)
    for i, name in enumerate(class_names):
        if name in mode.speed_kmh:
            speed[i] = mode.speed_kmh[name]
            sloped[i] = bool(mode.slope.get(name, False)) and standards.slope_model == "tobler"
        elif np.any(code == i):
            problems.append(
                Problem(
                    text(
                        "the travel mode has no speed for this road class; add it to [modes.{name}.speed_kmh]",
                        name=mode.name,
                    ),
                    file=standards.path,
                    field=f"modes.{mode.name}.speed_kmh.{name}",
                    value=name,
                )
            )
    if problems:
        raise InputError(problems)

    metres_per_min = speed[code] * 1000.0 / 60.0
    rise = z[v] - z[u]
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where((length > 0) & np.isfinite(rise), rise / length, 0.0)  # no elevation: level
    factor_uv = np.where(sloped[code], tobler_factor(slope), 1.0)
    factor_vu = np.where(sloped[code], tobler_factor(-slope), 1.0)
    cost_uv = length / (metres_per_min * factor_uv)
    cost_vu = length / (metres_per_min * factor_vu)

    return RoutingNetwork(
        node_x=x,
        node_y=y,
        node_z=z,
        node_id=_label_array(nodes),
        edge_u=u,
        edge_v=v,
        edge_length_m=length,
        edge_class=code,
        class_names=tuple(class_names),
        cost_uv_min=cost_uv,
        cost_vu_min=cost_vu,
        mode=mode.name,
        off_road_kmh=float(mode.off_road_kmh),
        _geometry=_geometry_cache(x, y, u, v),
    )


_GEOMETRY_CACHES: dict[str, dict[str, Any]] = {}


def _geometry_cache(x: np.ndarray, y: np.ndarray, u: np.ndarray, v: np.ndarray) -> dict[str, Any]:
    """The shared cache of a network geometry (the two most recent geometries are kept)."""
    digest = hashlib.blake2b(digest_size=16)
    for array in (x, y, u, v):
        digest.update(np.ascontiguousarray(array).tobytes())
    key = digest.hexdigest()
    cache = _GEOMETRY_CACHES.pop(key, None)
    if cache is None:
        cache = {}
    _GEOMETRY_CACHES[key] = cache
    while len(_GEOMETRY_CACHES) > 2:
        _GEOMETRY_CACHES.pop(next(iter(_GEOMETRY_CACHES)))
    return cache


def tobler_factor(slope: np.ndarray | float) -> np.ndarray:
    """Tobler's hiking speed relative to level ground, for slope ``dh/dx`` in the direction of travel.

    ``exp(-3.5 |s + 0.05|) / exp(-3.5 · 0.05)``: 1 on level ground, about 1.19 at its
    quickest (s = -0.05), about 0.84 at s = +0.05.
    """
    s = np.asarray(slope, dtype=float)
    return np.exp(-_TOBLER_A * (np.abs(s + _TOBLER_S0) - _TOBLER_S0))


def _label_array(nodes: list[Any]) -> np.ndarray:
    if all(type(node) is int for node in nodes):
        return np.asarray(nodes, dtype=np.int64)
    labels = np.empty(len(nodes), dtype=object)
    labels[:] = nodes
    return labels


def road_pieces(roads: gpd.GeoDataFrame, *, dem: Dem | None = None) -> np.ndarray:
    """For each road line, the connected piece of the network it belongs to: 0 for the largest.

    Roads in a piece other than 0 cannot be reached from the main network; the map shows
    them so that a planner can join them (they must share a vertex with the road they meet).
    """
    graph = build_road_graph(roads, dem=dem)
    return pieces_of_roads(graph, network_pieces(graph), len(roads))


def pieces_of_roads(G: nx.Graph, pieces: list[set[int]], n_roads: int) -> np.ndarray:
    """The piece (index into ``pieces``, largest first) of each of ``n_roads`` road lines of ``G``."""
    piece_of_node: dict[Any, int] = {}
    for k, piece in enumerate(pieces):
        for node in piece:
            piece_of_node[node] = k
    out = np.zeros(n_roads, dtype=np.int64)
    for u, _v, road in G.edges(data="road"):
        out[int(road)] = piece_of_node[u]
    return out
