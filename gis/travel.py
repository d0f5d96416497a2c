"""Travel times over the road network, from homes (grid cells) to facilities (schools).

Every point joins the network at the nearest point of the nearest road segment (not merely
the nearest node) and walks the off-road leg at the mode's off-road speed. The routing runs
on the compiled arrays of a :class:`~gis.network.RoutingNetwork` with
:func:`scipy.sparse.csgraph.dijkstra`: one multi-source search from all facilities over the
reversed graph gives every node its time to the nearest facility. Each facility enters that
graph as a node of its own joined to both ends of its segment, and trips along a segment to a
facility on it are added directly: the times are exactly those of a graph whose segments are
split at the facilities (several facilities on one segment included), without rebuilding the
network's arrays for every set of facilities. :func:`travel_matrix` can also search between the
road junctions only (``junctions=True``: the chains of two-segment nodes cut out), several times
faster, with the same times up to rounding in the last digits.

Times are FROM each origin TO a facility; with slope the two directions differ.
"""

from __future__ import annotations

import hashlib
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from gis.errors import InputError, Problem
from gis.messages import text

if TYPE_CHECKING:
    from scipy.spatial import cKDTree

    from gis.network import RoutingNetwork
    from gis.progress import ProgressFn

#: Stored in :func:`travel_matrix` for a pair whose travel time is exactly zero, so that a
#: sparse matrix does not mistake it for a missing pair.
ZERO_MINUTES = 1e-9

# Snapping: the first k-d tree query asks for this many nearest pieces of segments (widened
# four-fold for the few points it does not settle).
_FIRST_K = 8
# Snaps kept per network, so that the same origins are not snapped again for every query.
_SNAP_CACHE_SIZE = 8
# Fewer points than this are snapped in one thread.
_PARALLEL_MIN_POINTS = 20_000
# Facilities per limited search in travel_matrix (memory: chunk x nodes and chunk x origins floats).
_MATRIX_CHUNK = 16


@dataclass(frozen=True, eq=False)
class Snap:
    """Where points join the road network.

    Attributes
    ----------
    edge
        The segment of each point (index into the network's edges).
    t
        Position of the snap point along the segment from ``edge_u`` to ``edge_v``, in [0, 1].
    offroad_m
        Straight distance from the point to its snap point (metres).
    x, y
        The snap points.
    """

    edge: np.ndarray
    t: np.ndarray
    offroad_m: np.ndarray
    x: np.ndarray
    y: np.ndarray


@dataclass(frozen=True, eq=False)
class NearestResult:
    """Each origin's nearest facility by travel time.

    Attributes
    ----------
    minutes
        Travel time from the origin to its nearest facility, off-road legs included;
        ``inf`` where no facility can be reached.
    facility
        Index of that facility in the facility arrays; -1 where none can be reached. When
        several facilities are equally near, one of them.
    offroad_min
        The origin's off-road leg (point to road), part of ``minutes``.
    """

    minutes: np.ndarray
    facility: np.ndarray
    offroad_min: np.ndarray

    @property
    def unreachable(self) -> np.ndarray:
        """Whether each origin can reach no facility (its road piece has none)."""
        return self.facility < 0

    @property
    def n_unreachable(self) -> int:
        """Number of origins that can reach no facility."""
        return int(np.count_nonzero(self.facility < 0))


def snap_points(net: RoutingNetwork, x: np.ndarray, y: np.ndarray) -> Snap:
    """Join points to the network at the nearest point of the nearest segment.

    The answer is exact: segments are cut into short pieces whose midpoints are indexed in a
    k-d tree; the nearest pieces of a point are checked exactly, and the search widens until
    no piece left out could be nearer (a piece is never nearer than its midpoint's distance
    less its half-length). When two segments are equally near, either may be chosen.

    Parameters
    ----------
    net
        The compiled network.
    x, y
        Point coordinates in the network's CRS (1-D, same length).

    Returns
    -------
    Snap
        Read-only arrays, one entry per point.

    Raises
    ------
    InputError
        If a coordinate is not a finite number or the network has no segments.
    """
    px, py = _points(x, y, "points")
    if net.n_edges == 0:
        raise InputError(
            Problem(text("the road network has no segments"), layer="roads", fix=text("add roads to the project"))
        )
    key = "snap:" + hashlib.blake2b(px.tobytes() + b"|" + py.tobytes(), digest_size=16).hexdigest()
    cached = net._geometry.pop(key, None)
    if isinstance(cached, Snap):
        net._geometry[key] = cached  # the most recently used is evicted last
        return cached
    edge, t, dist = _nearest_segments(net, px, py)
    ax, ay = net.node_x[net.edge_u[edge]], net.node_y[net.edge_u[edge]]
    bx, by = net.node_x[net.edge_v[edge]], net.node_y[net.edge_v[edge]]
    snap = Snap(edge=edge, t=t, offroad_m=dist, x=ax + t * (bx - ax), y=ay + t * (by - ay))
    for array in (snap.edge, snap.t, snap.offroad_m, snap.x, snap.y):
        array.setflags(write=False)
    snaps = [k for k in net._geometry if k.startswith("snap:")]
    for old in snaps[: max(0, len(snaps) - _SNAP_CACHE_SIZE + 1)]:
        net._geometry.pop(old, None)
    net._geometry[key] = snap
    return snap


def nearest_facility(
    net: RoutingNetwork,
    origin_x: np.ndarray,
    origin_y: np.ndarray,
    facility_x: np.ndarray,
    facility_y: np.ndarray,
    *,
    progress: ProgressFn | None = None,
) -> NearestResult:
    """Travel time from each origin to its nearest facility, and which facility that is.

    The time is the origin's off-road leg, plus the trip along its segment to one of the
    segment's ends (or to a facility on the same segment), plus the network time from there
    to the facility's snap point, plus the facility's own off-road leg. Facilities at the
    same place are fine (either may be named).

    Parameters
    ----------
    net
        The compiled network of the travel mode.
    origin_x, origin_y
        Origins (cell centres), 1-D arrays in the network's CRS.
    facility_x, facility_y
        Facilities (schools), 1-D arrays in the network's CRS.
    progress
        Called a few times with the fraction done and a message; it may raise
        :class:`~gis.errors.Cancelled` to stop the work.

    Returns
    -------
    NearestResult
        Origins that cannot reach any facility (no facility on their road piece) get
        ``inf`` minutes and facility -1; they are kept, never dropped.

    Raises
    ------
    InputError
        If a coordinate is not finite or the network has no segments.
    """
    report = progress if progress is not None else _no_progress
    ox, oy = _points(origin_x, origin_y, "origins")
    fx, fy = _points(facility_x, facility_y, "facilities")
    n_orig = ox.size
    report(0.0, text("joining facilities to the road network"))
    if n_orig == 0 or fx.size == 0:
        offroad = snap_points(net, ox, oy).offroad_m / net.off_road_m_per_min if n_orig else np.zeros(0)
        report(1.0, text("travel times done"))
        return NearestResult(np.full(n_orig, np.inf), np.full(n_orig, -1, dtype=np.int64), offroad)
    facilities = _Facilities.build(net, snap_points(net, fx, fy))
    report(0.1, text("joining origins to the road network"))
    origin_snap = snap_points(net, ox, oy)
    origins = _Origins.build(net, origin_snap)
    report(0.6, text("routing to the nearest facility"))
    dist, _, source = dijkstra(
        facilities.graph, directed=True, indices=facilities.node, min_only=True, return_predecessors=True
    )
    report(0.9, text("travel times per origin"))
    via_u = origins.cost_u + dist[origins.u]
    via_v = origins.cost_v + dist[origins.v]
    use_v = via_v < via_u
    network_min = np.where(use_v, via_v, via_u)
    src = np.where(use_v, source[origins.v], source[origins.u])
    facility = np.full(n_orig, -1, dtype=np.int64)
    reached = np.isfinite(network_min)
    facility[reached] = src[reached] - net.n_nodes
    # Trips along the origin's own segment to a facility on it.
    pair_o, pair_f, pair_min = facilities.same_segment(net, origin_snap)
    if pair_o.size:
        order = np.lexsort((pair_min, pair_o))
        first = np.ones(order.size, dtype=bool)
        first[1:] = pair_o[order][1:] != pair_o[order][:-1]
        o, f, m = pair_o[order][first], pair_f[order][first], pair_min[order][first]
        better = m < network_min[o]
        network_min[o[better]] = m[better]
        facility[o[better]] = f[better]
    minutes = origins.offroad_min + network_min
    report(1.0, text("travel times done"))
    return NearestResult(minutes=minutes, facility=facility, offroad_min=origins.offroad_min)


def travel_matrix(
    net: RoutingNetwork,
    origin_x: np.ndarray,
    origin_y: np.ndarray,
    facility_x: np.ndarray,
    facility_y: np.ndarray,
    *,
    max_minutes: float,
    k: int | None = None,
    junctions: bool = False,
    progress: ProgressFn | None = None,
) -> sp.csr_matrix:
    """Travel minutes from origins to facilities, for the pairs within a time limit.

    Computed by searches limited to ``max_minutes`` from a few facilities at a time (so memory
    stays bounded), with the same legs as :func:`nearest_facility`, whose time is each row's
    minimum.

    Parameters
    ----------
    net
        The compiled network of the travel mode.
    origin_x, origin_y
        Origins, 1-D arrays.
    facility_x, facility_y
        Facilities, 1-D arrays.
    max_minutes
        Longest trip kept.
    k
        If given, keep only each origin's ``k`` nearest facilities (ties broken arbitrarily).
    junctions
        Search between the road junctions only (see :class:`_Junctions`): several times
        faster on a county's roads, the same times up to rounding in the last digits. The
        analysis keeps the plain search, so that its results stay exactly as they were.
    progress
        Called after each batch of facilities with the fraction done; may raise
        :class:`~gis.errors.Cancelled`.

    Returns
    -------
    scipy.sparse.csr_matrix
        Origins × facilities. A pair not stored is beyond ``max_minutes`` (or beyond the
        ``k`` nearest, or unreachable). A trip of exactly zero minutes is stored as
        :data:`ZERO_MINUTES` (1e-9) so that it is not taken for a missing pair.

    Raises
    ------
    InputError
        If a coordinate is not finite or the network has no segments.
    ValueError
        If ``max_minutes`` is negative or ``k`` is less than 1.
    """
    if not max_minutes >= 0:
        raise ValueError(f"max_minutes must be zero or more, not {max_minutes}")
    if k is not None and k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    report = progress if progress is not None else _no_progress
    ox, oy = _points(origin_x, origin_y, "origins")
    fx, fy = _points(facility_x, facility_y, "facilities")
    n_orig, n_fac = ox.size, fx.size
    if n_orig == 0 or n_fac == 0:
        return sp.csr_matrix((n_orig, n_fac))
    report(0.0, text("joining points to the road network"))
    facilities = _Facilities.build(net, snap_points(net, fx, fy))
    origin_snap = snap_points(net, ox, oy)
    origins = _Origins.build(net, origin_snap)
    pair_o, pair_f, pair_min = facilities.same_segment(net, origin_snap)
    graph, sources = facilities.graph, facilities.node
    # The ways from each origin onto the searched graph: (node, minutes to it) pairs.
    legs = [(origins.u, origins.cost_u), (origins.v, origins.cost_v)]
    if junctions:
        cut = _Junctions.build(net, facilities)
        graph, sources = cut.graph, cut.sources
        legs = cut.legs(legs)
    keep = min(k, n_fac) if k is not None else None
    # An origin can never find more facilities than its piece of the network holds.
    need = np.minimum(keep, _facilities_on_piece(net, facilities, origins)) if keep is not None else None
    best = _KBest(n_orig, keep, need) if keep is not None and need is not None else None
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    # Batches of nearby facilities: their limited searches cover one part of the county, so
    # only the origins there need looking at.
    batches = _spatial_batches(fx, fy, _MATRIX_CHUNK)
    for done, batch in enumerate(batches):
        report(done / len(batches), text("travel times within the limit"))
        # With k, a trip longer than every origin's k-th best so far (or its last on a piece
        # with fewer facilities) can no longer be kept.
        limit = max_minutes if best is None else min(max_minutes, best.kept_limit())
        dist = np.atleast_2d(dijkstra(graph, directed=True, indices=sources[batch], limit=limit))
        reached = np.isfinite(dist.min(axis=0))
        in_batch = np.zeros(n_fac, dtype=bool)
        in_batch[batch] = True
        here = in_batch[pair_f]
        touched = np.zeros(n_orig, dtype=bool)
        for node, _ in legs:
            touched |= reached[node]
        touched[pair_o[here]] = True
        active = np.flatnonzero(touched)
        times = dist[:, legs[0][0][active]]
        times += legs[0][1][active]
        for node, cost in legs[1:]:
            other = dist[:, node[active]]
            other += cost[active]
            np.minimum(times, other, out=times)
        del dist
        if here.any():
            slot = np.full(n_fac, -1, dtype=np.int64)
            slot[batch] = np.arange(batch.size)
            f, o = slot[pair_f[here]], np.searchsorted(active, pair_o[here])
            times[f, o] = np.minimum(times[f, o], pair_min[here])
        times += origins.offroad_min[active]
        times[times > max_minutes] = np.inf
        if best is None:
            fac_i, act_i = np.nonzero(np.isfinite(times))
            rows.append(active[act_i])
            cols.append(batch[fac_i])
            vals.append(times[fac_i, act_i])
        else:
            best.merge(active, times, batch)
    if best is not None:
        orig_i, slot = np.nonzero(np.isfinite(best.t))
        rows.append(orig_i)
        cols.append(best.f[orig_i, slot])
        vals.append(best.t[orig_i, slot])
    data = np.concatenate(vals)
    data = np.where(data > 0, data, ZERO_MINUTES)
    matrix = sp.csr_matrix((data, (np.concatenate(rows), np.concatenate(cols))), shape=(n_orig, n_fac))
    matrix.sort_indices()
    report(1.0, text("travel times done"))
    return matrix


def _facilities_on_piece(net: RoutingNetwork, facilities: _Facilities, origins: _Origins) -> np.ndarray:
    """For each origin, how many facilities lie on its connected piece of the network (an upper
    bound of how many it can reach)."""
    piece = net._cache.get("pieces of nodes")
    if not isinstance(piece, np.ndarray):
        from scipy.sparse.csgraph import connected_components

        _, piece = connected_components(_base_reverse(net), directed=True, connection="weak")
        net._cache["pieces of nodes"] = piece
    per_piece = np.bincount(piece[net.edge_u[facilities.edge]], minlength=int(piece.max()) + 1)
    return per_piece[piece[origins.u]]


class _KBest:
    """Each origin's ``k`` nearest facilities found so far (``t`` minutes, ``f`` facility; ``inf``
    and -1 where not yet found), with what the next search's limit needs kept up to date: how many
    each origin has, the longest of them, and how many origins still lack some they could reach."""

    def __init__(self, n: int, k: int, need: np.ndarray) -> None:
        self.t = np.full((n, k), np.inf)
        self.f = np.full((n, k), -1, dtype=np.int64)
        self.need = need
        self.found = np.zeros(n, dtype=np.int64)
        self.worst = np.full(n, np.inf)  # the row's largest entry, inf while a slot is empty
        self.last = np.full(n, -np.inf)  # the row's largest found time
        self.lacking = int(np.count_nonzero(need > 0))

    def kept_limit(self) -> float:
        """The longest trip any origin could still keep: infinite while some origin has fewer than
        it can reach, else the largest of the origins' last kept times."""
        if self.lacking:
            return math.inf
        return float(max(self.last.max(initial=-np.inf), 0.0))

    def merge(self, active: np.ndarray, times: np.ndarray, batch: np.ndarray) -> None:
        """Take a batch's ``times`` (batch × active origins) into the k best, only where it offers
        something better."""
        better = np.flatnonzero(times.min(axis=0) < self.worst[active])
        if not better.size:
            return
        improve = active[better]
        k = self.t.shape[1]
        cand_t = np.concatenate([self.t[improve], times[:, better].T], axis=1)
        cand_f = np.concatenate([self.f[improve], np.broadcast_to(batch, (improve.size, batch.size))], axis=1)
        part = np.argpartition(cand_t, k - 1, axis=1)[:, :k]
        kept = np.take_along_axis(cand_t, part, axis=1)
        self.t[improve] = kept
        self.f[improve] = np.take_along_axis(cand_f, part, axis=1)
        finite = np.isfinite(kept)
        found = np.count_nonzero(finite, axis=1)
        need = self.need[improve]
        self.lacking -= int(np.count_nonzero(self.found[improve] < need)) - int(np.count_nonzero(found < need))
        self.found[improve] = found
        self.worst[improve] = kept.max(axis=1)
        self.last[improve] = np.where(finite, kept, -np.inf).max(axis=1)


def _no_progress(_fraction: float, _message: str) -> None:
    return None


def _spatial_batches(x: np.ndarray, y: np.ndarray, size: int) -> list[np.ndarray]:
    """Indices of the points in batches of at most ``size`` neighbours (strips, then along each)."""
    n = x.size
    strips = max(1, round(math.sqrt(n / size)))
    by_y = np.argsort(y, kind="stable")
    strip = np.empty(n, dtype=np.int64)
    strip[by_y] = np.arange(n) * strips // n
    order = np.lexsort((np.where(strip % 2 == 0, x, -x), strip))  # back and forth, strip by strip
    return [order[i : i + size] for i in range(0, n, size)]


def _points(x: np.ndarray, y: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates as 1-D float arrays, checked to be finite and of equal length."""
    px = np.asarray(x, dtype=float)
    py = np.asarray(y, dtype=float)
    if px.ndim != 1 or px.shape != py.shape:
        raise ValueError(f"{what}: x and y must be 1-D arrays of the same length (got {px.shape} and {py.shape})")
    bad = np.flatnonzero(~(np.isfinite(px) & np.isfinite(py)))
    if bad.size:
        raise InputError(
            [
                Problem(
                    text("{what}: coordinate is not a finite number", what=what),
                    feature=str(i),
                    value=f"{px[i]}, {py[i]}",
                )
                for i in bad[:20].tolist()
            ]
        )
    return px, py


# --- snapping --------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _PieceIndex:
    """Segments cut into pieces of length at most ``2 * half``; a k-d tree of their midpoints."""

    tree: cKDTree
    edge: np.ndarray
    half: float
    bin_m: float


def _piece_index(net: RoutingNetwork) -> _PieceIndex:
    index = net._geometry.get("pieces")
    if isinstance(index, _PieceIndex):
        return index
    from scipy.spatial import cKDTree

    ax, ay = net.node_x[net.edge_u], net.node_y[net.edge_u]
    bx, by = net.node_x[net.edge_v], net.node_y[net.edge_v]
    length = np.hypot(bx - ax, by - ay)
    # Pieces about half a typical segment long: tight bounds, an index not much larger.
    step = float(np.median(length)) / 2.0
    if not step > 0:
        step = float(length.max()) if length.max() > 0 else 1.0
    total = float(length.sum())
    if total / step > 4 * length.size:  # a few very long segments: keep the index small
        step = total / (4 * length.size)
    count = np.maximum(np.ceil(length / step).astype(np.int64), 1)
    edge = np.repeat(np.arange(length.size), count)
    first = np.cumsum(count) - count
    frac = (np.arange(edge.size) - first[edge] + 0.5) / count[edge]
    mid = np.column_stack([ax[edge] + frac * (bx - ax)[edge], ay[edge] + frac * (by - ay)[edge]])
    half = float((length / count).max()) / 2.0
    extent = max(float(np.ptp(net.node_x)), float(np.ptp(net.node_y)), 1.0)
    index = _PieceIndex(cKDTree(mid, balanced_tree=False, compact_nodes=False), edge, half, bin_m=extent / 256.0)
    net._geometry["pieces"] = index
    return index


def _nearest_segments(net: RoutingNetwork, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nearest segment, position along it and distance, for each point (exact)."""
    n = x.size
    edge = np.zeros(n, dtype=np.intp)
    t = np.zeros(n)
    dist = np.zeros(n)
    if n == 0:
        return edge, t, dist
    index = _piece_index(net)
    # Query in spatial order: neighbouring queries touch the same tree nodes (much faster).
    order = np.lexsort((x, np.floor(y / index.bin_m)))
    workers = min(os.cpu_count() or 1, 8) if n >= _PARALLEL_MIN_POINTS else 1
    blocks = np.array_split(order, workers)

    def run(block: np.ndarray) -> None:
        e, tt, d = _nearest_in_block(net, index, x[block], y[block])
        edge[block] = e
        t[block] = tt
        dist[block] = d

    if workers == 1:
        run(order)
    else:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(run, blocks))
    return edge, t, dist


def _nearest_in_block(
    net: RoutingNetwork, index: _PieceIndex, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact nearest segment for a block of points (see :func:`snap_points`)."""
    n_pieces = index.edge.size
    edge = np.zeros(x.size, dtype=np.intp)
    t = np.zeros(x.size)
    dist = np.full(x.size, np.inf)
    todo = np.arange(x.size)
    k = min(_FIRST_K, n_pieces)
    while todo.size:
        piece_d, piece = index.tree.query(np.column_stack([x[todo], y[todo]]), k=k)
        piece_d = piece_d.reshape(todo.size, k)
        piece = piece.reshape(todo.size, k)
        # Check the pieces in order of midpoint distance; a point is settled once its best
        # segment is no farther than the next midpoint less half a piece (no piece further
        # down the list can then be nearer).
        rows = np.arange(todo.size)
        for col in range(k):
            at = todo[rows]
            e = index.edge[piece[rows, col]]
            d, tt = _segment_distance(net, e, x[at], y[at])
            better = d < dist[at]
            edge[at[better]] = e[better]
            t[at[better]] = tt[better]
            dist[at[better]] = d[better]
            if col + 1 < k:
                rows = rows[dist[at] > piece_d[rows, col + 1] - index.half]
                if not rows.size:
                    break
        if k >= n_pieces:
            break  # every piece was checked
        todo = todo[dist[todo] > piece_d[:, -1] - index.half]
        k = min(k * 4, n_pieces)
    return edge, t, dist


def _segment_distance(
    net: RoutingNetwork, e: np.ndarray, px: np.ndarray, py: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Distance from points to segments ``e`` and the position of the nearest point (0..1)."""
    ax = net.node_x[net.edge_u[e]]
    ay = net.node_y[net.edge_u[e]]
    dx = net.node_x[net.edge_v[e]] - ax
    dy = net.node_y[net.edge_v[e]] - ay
    l2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(l2 > 0, ((px - ax) * dx + (py - ay) * dy) / l2, 0.0)
    t = np.clip(t, 0.0, 1.0)
    return np.hypot(px - ax - t * dx, py - ay - t * dy), t


# --- routing graph with facilities ------------------------------------------------------------


def _base_reverse(net: RoutingNetwork) -> sp.csr_matrix:
    """The network's reversed directed graph as CSR (``[i, j] = w``: going j -> i takes w minutes)."""
    matrix = net._cache.get("reverse")
    if isinstance(matrix, sp.csr_matrix):
        return matrix
    keep = net.edge_u != net.edge_v  # self-loops never shorten a trip
    u, v = net.edge_u[keep], net.edge_v[keep]
    matrix = _csr_min(
        np.concatenate([v, u]),
        np.concatenate([u, v]),
        np.concatenate([net.cost_uv_min[keep], net.cost_vu_min[keep]]),
        net.n_nodes,
    )
    net._cache["reverse"] = matrix
    return matrix


@dataclass(frozen=True, eq=False)
class _Junctions:
    """The reversed routing graph between junctions only, for searches from a set of facilities.

    Most of a county's road nodes are vertices along a road with exactly two segments (123,481 of
    the large county's 132,992). Such nodes form chains between junctions (every other node, and
    both ends of each facility's segment); a chain becomes one edge each way, and a chain node's
    time to a facility is the better of its two ways out: along the chain to one end, then on from
    that junction (no facility lies inside a chain, so every trip leaves it at an end). The
    searches then visit a tenth of the nodes. The times are the plain graph's up to rounding in
    the last digits (sums taken in another order).

    ``graph`` holds the junctions (numbered by ``index``) and then the facilities; for each
    network node, ``to_a``/``cost_a`` and ``to_b``/``cost_b`` are the junction at each end of its
    chain and the minutes to reach it along the chain (a junction: itself and 0; a node on a
    ring of chain nodes without a junction, which no facility can reach: -1 and inf).
    """

    graph: sp.csr_matrix
    sources: np.ndarray
    to_a: np.ndarray
    cost_a: np.ndarray
    to_b: np.ndarray
    cost_b: np.ndarray

    @classmethod
    def build(cls, net: RoutingNetwork, facilities: _Facilities) -> _Junctions:
        n = net.n_nodes
        ends = _SegmentEnds.of(net)
        junction = (ends.degree != 2) | ends.twice  # ends, crossings, both segments to one neighbour
        junction[net.edge_u[facilities.edge]] = True
        junction[net.edge_v[facilities.edge]] = True
        chains = _Chains.walk(ends, junction)
        index = np.cumsum(junction) - 1  # each junction's node in the junctions' graph
        m = int(junction.sum())
        # The junctions' graph, reversed as the network's ([i, j] = w: going j -> i takes w): the
        # segments between two junctions, each chain both ways, and the facilities' joins.
        direct = junction[ends.u] & junction[ends.v]
        has = chains.start >= 0
        start, end = index[chains.start[has]], index[chains.end[has]]
        joins = facilities.graph[n:].tocoo()
        graph = _csr_min(
            np.concatenate([index[ends.v[direct]], index[ends.u[direct]], end, start, m + joins.row]),
            np.concatenate([index[ends.u[direct]], index[ends.v[direct]], start, end, index[joins.col]]),
            np.concatenate([ends.uv[direct], ends.vu[direct], chains.forwards[has], chains.backwards[has], joins.data]),
            m + facilities.node.size,
        )
        to_a = np.where(junction, index, -1)
        to_b = to_a.copy()
        cost_a = np.where(junction, 0.0, np.inf)
        cost_b = cost_a.copy()
        on = chains.node
        to_a[on], cost_a[on] = index[chains.start[chains.of[on]]], chains.to_start[on]
        to_b[on], cost_b[on] = index[chains.end[chains.of[on]]], chains.to_end[on]
        return cls(graph, m + np.arange(facilities.node.size), to_a, cost_a, to_b, cost_b)

    def legs(self, ends: list[tuple[np.ndarray, np.ndarray]]) -> list[tuple[np.ndarray, np.ndarray]]:
        """The ways from points onto the junctions' graph, given their ways onto network nodes
        (node, minutes): each node leaves by either end of its chain. A segment's two ends always
        lie on one chain or beside one junction, so a point has at most two junctions to reach:
        the ways to the same junction are merged (the least minutes), two searches' worth of
        lookups instead of four."""
        junction = np.column_stack([end[node] for node, _ in ends for end in (self.to_a, self.to_b)])
        minutes = np.column_stack([cost + extra[node] for node, cost in ends for extra in (self.cost_a, self.cost_b)])
        first = junction[:, 0]
        other = np.where(junction != first[:, None], junction, -1).max(axis=1)
        at_first, at_other = junction == first[:, None], junction == other[:, None]
        if not (at_first | at_other).all():  # cannot happen (see above); kept exact regardless
            return [(junction[:, i], minutes[:, i]) for i in range(junction.shape[1])]
        return [
            (first, np.where(at_first, minutes, np.inf).min(axis=1)),
            (
                np.where(other >= 0, other, first),
                np.where(at_other & (other[:, None] >= 0), minutes, np.inf).min(axis=1),
            ),
        ]


@dataclass(frozen=True, eq=False)
class _SegmentEnds:
    """The network's segments (self-loops left out: they never shorten a trip) seen from each end,
    grouped by node: ``far`` the other end, ``out`` the minutes from this end to it, ``back`` from it
    to this end; a node's entries start at ``first`` and number ``degree``. ``twice`` marks the nodes
    of two segments that both lead to one neighbour. Kept with the network."""

    u: np.ndarray
    v: np.ndarray
    uv: np.ndarray
    vu: np.ndarray
    far: np.ndarray
    out: np.ndarray
    back: np.ndarray
    first: np.ndarray
    degree: np.ndarray
    twice: np.ndarray

    @classmethod
    def of(cls, net: RoutingNetwork) -> _SegmentEnds:
        cached = net._cache.get("segment ends")
        if isinstance(cached, _SegmentEnds):
            return cached
        keep = net.edge_u != net.edge_v
        u, v = net.edge_u[keep], net.edge_v[keep]
        uv, vu = net.cost_uv_min[keep], net.cost_vu_min[keep]
        near = np.concatenate([u, v])
        order = np.argsort(near, kind="stable")
        far = np.concatenate([v, u])[order]
        degree = np.bincount(near, minlength=net.n_nodes)
        first = np.cumsum(degree) - degree
        second = np.minimum(first + 1, max(far.size - 1, 0))
        twice = (degree == 2) & (far[first] == far[second])
        ends = cls(
            u, v, uv, vu, far, np.concatenate([uv, vu])[order], np.concatenate([vu, uv])[order], first, degree, twice
        )
        net._cache["segment ends"] = ends
        return ends


@dataclass(frozen=True, eq=False)
class _Chains:
    """The chains of two-segment nodes between junctions.

    ``node`` lists the chain nodes that lie between junctions (a ring of them with no junction, which
    nothing reaches, is left out), ``of`` gives each node's chain; per chain, its ``start`` and ``end``
    junctions (-1 for the other pieces the numbering counts: single junctions, rings) and the minutes
    ``forwards`` from start to end and ``backwards``; per node, the minutes along its chain
    ``to_start`` and ``to_end``.
    """

    node: np.ndarray
    of: np.ndarray
    start: np.ndarray
    end: np.ndarray
    forwards: np.ndarray
    backwards: np.ndarray
    to_start: np.ndarray
    to_end: np.ndarray

    @classmethod
    def walk(cls, ends: _SegmentEnds, junction: np.ndarray) -> _Chains:
        """Order each chain by one breadth-first search from one end of each (its lowest-numbered
        node beside a junction), then sum the minutes along it both ways by doubling."""
        from scipy.sparse.csgraph import breadth_first_order, connected_components

        n = junction.size
        node = np.flatnonzero(~junction)
        slot0, slot1 = ends.first[node], ends.first[node] + 1
        beside0, beside1 = junction[ends.far[slot0]], junction[ends.far[slot1]]
        # The chain nodes joined to each other by their segments (a root, node n, added later).
        rows = np.concatenate([node[~beside0], node[~beside1]])
        cols = np.concatenate([ends.far[slot0][~beside0], ends.far[slot1][~beside1]])
        links = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n + 1, n + 1))
        _, of = connected_components(links[:n, :n], directed=False)
        count = int(of.max()) + 1 if n else 0
        beside = node[beside0 | beside1]
        lowest = np.full(count, n, dtype=np.int64)
        np.minimum.at(lowest, of[beside], beside)
        starts = lowest[lowest < n]
        root = sp.csr_matrix((np.ones(starts.size), (np.full(starts.size, n), starts)), shape=(n + 1, n + 1))
        visit, pred = breadth_first_order(links + root, n, directed=True, return_predecessors=True)
        is_start = np.zeros(n + 1, dtype=bool)
        is_start[starts] = True
        # Each chain node's segment back towards its chain's start (a start: the one to a junction,
        # the first when both are), and the other, forwards.
        back_slot = np.where(
            is_start[node], np.where(beside0, slot0, slot1), np.where(ends.far[slot0] == pred[node], slot0, slot1)
        )
        fwd_slot = np.where(back_slot == slot0, slot1, slot0)
        reached = np.zeros(n + 1, dtype=bool)
        reached[visit] = True
        keep = reached[node]
        node, back_slot, fwd_slot = node[keep], back_slot[keep], fwd_slot[keep]
        previous = np.full(n, -1, dtype=np.int64)
        previous[node] = np.where(is_start[node], -1, pred[node])
        following = np.full(n, -1, dtype=np.int64)
        has_previous = previous[node] >= 0
        following[previous[node][has_previous]] = node[has_previous]
        step_back, step_fwd = np.zeros(n), np.zeros(n)
        step_back[node], step_fwd[node] = ends.out[back_slot], ends.out[fwd_slot]
        to_start, to_end = _scan(step_back, previous), _scan(step_fwd, following)
        first, last = is_start[node], following[node] < 0
        start, end = np.full(count, -1, dtype=np.int64), np.full(count, -1, dtype=np.int64)
        forwards, backwards = np.full(count, np.inf), np.full(count, np.inf)
        start[of[node[first]]] = ends.far[back_slot[first]]
        end[of[node[last]]] = ends.far[fwd_slot[last]]
        forwards[of[node[first]]] = ends.back[back_slot[first]] + to_end[node[first]]
        backwards[of[node[last]]] = ends.back[fwd_slot[last]] + to_start[node[last]]
        return cls(node, of, start, end, forwards, backwards, to_start, to_end)


def _scan(values: np.ndarray, link: np.ndarray) -> np.ndarray:
    """Each node's value plus those of the nodes before it along ``link`` (-1: none), by doubling."""
    total = values.copy()
    jump = link.copy()
    live = np.flatnonzero(jump >= 0)
    while live.size:
        total[live] = total[live] + total[jump[live]]
        jump[live] = jump[jump[live]]
        live = live[jump[live] >= 0]
    return total


def _csr_min(row: np.ndarray, col: np.ndarray, weight: np.ndarray, size: int) -> sp.csr_matrix:
    """A CSR matrix keeping explicit zeros and, for repeated entries, the smallest weight."""
    matrix = sp.csr_matrix((weight, (row, col)), shape=(size, size))
    if matrix.nnz < weight.size:  # repeated (row, col): coo -> csr summed them; keep the least
        order = np.lexsort((weight, col, row))
        row, col, weight = row[order], col[order], weight[order]
        first = np.ones(row.size, dtype=bool)
        first[1:] = (row[1:] != row[:-1]) | (col[1:] != col[:-1])
        matrix = sp.csr_matrix((weight[first], (row[first], col[first])), shape=(size, size))
    return matrix


@dataclass(frozen=True, eq=False)
class _Facilities:
    """Facilities joined to the reversed routing graph.

    Each facility is a node of its own (numbered after the network's nodes) with an edge to
    each end of its segment: the facility's off-road leg plus the part of the segment between
    that end and its snap point. Together with the trips along a shared segment
    (:meth:`same_segment`) this gives exactly the times of a graph whose segments are split at
    the facilities, while the network's own CSR arrays are reused as they are.
    """

    graph: sp.csr_matrix
    node: np.ndarray
    edge: np.ndarray
    t: np.ndarray
    offroad_min: np.ndarray

    @classmethod
    def build(cls, net: RoutingNetwork, snap: Snap) -> _Facilities:
        base = _base_reverse(net)
        n, n_fac = net.n_nodes, snap.edge.size
        e, t = snap.edge, snap.t
        offroad = snap.offroad_m / net.off_road_m_per_min
        u, v = net.edge_u[e], net.edge_v[e]
        to_u = offroad + t * net.cost_uv_min[e]  # from u along the segment to the snap point
        to_v = offroad + (1.0 - t) * net.cost_vu_min[e]
        loop = u == v
        to_u = np.where(loop, np.minimum(to_u, to_v), to_u)
        count = np.where(loop, 1, 2)
        cols = np.column_stack([u, v]).ravel()
        data = np.column_stack([to_u, to_v]).ravel()
        keep = np.column_stack([np.ones(n_fac, dtype=bool), ~loop]).ravel()
        index_dtype = np.result_type(base.indices.dtype, base.indptr.dtype, np.int32)
        graph = sp.csr_matrix(
            (
                np.concatenate([base.data, data[keep]]),
                np.concatenate([base.indices, cols[keep]]).astype(index_dtype, copy=False),
                np.concatenate([base.indptr, base.nnz + np.cumsum(count)]).astype(index_dtype, copy=False),
            ),
            shape=(n + n_fac, n + n_fac),
        )
        return cls(graph=graph, node=n + np.arange(n_fac), edge=e, t=t, offroad_min=offroad)

    def same_segment(self, net: RoutingNetwork, snap: Snap) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Trips along a segment to a facility on the same segment.

        Returns
        -------
        origin, facility, minutes
            One entry per (origin, facility) pair sharing a segment; ``minutes`` excludes
            the origin's off-road leg and includes the facility's.
        """
        order = np.argsort(self.edge, kind="stable")
        sorted_edge = self.edge[order]
        has_facility = np.zeros(net.n_edges, dtype=bool)
        has_facility[self.edge] = True
        candidates = np.flatnonzero(has_facility[snap.edge])
        lo = np.searchsorted(sorted_edge, snap.edge[candidates], side="left")
        count = np.searchsorted(sorted_edge, snap.edge[candidates], side="right") - lo
        origin = np.repeat(candidates, count)
        lo = np.repeat(lo, count)
        offset = np.arange(origin.size) - np.repeat(np.cumsum(count) - count, count)
        facility = order[lo + offset]
        e = snap.edge[origin]
        dt = self.t[facility] - snap.t[origin]
        along = np.where(dt >= 0, dt * net.cost_uv_min[e], -dt * net.cost_vu_min[e])
        return origin, facility, along + self.offroad_min[facility]


@dataclass(frozen=True, eq=False)
class _Origins:
    """Origins joined to the network: their segment's ends and the minutes to reach each."""

    u: np.ndarray
    v: np.ndarray
    cost_u: np.ndarray
    cost_v: np.ndarray
    offroad_min: np.ndarray

    @classmethod
    def build(cls, net: RoutingNetwork, snap: Snap) -> _Origins:
        e, t = snap.edge, snap.t
        return cls(
            u=net.edge_u[e],
            v=net.edge_v[e],
            cost_u=t * net.cost_vu_min[e],  # from the snap point back to u
            cost_v=(1.0 - t) * net.cost_uv_min[e],
            offroad_min=snap.offroad_m / net.off_road_m_per_min,
        )
