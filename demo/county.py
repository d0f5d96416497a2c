"""Generate the demo county, Bancang County (半仓县): a deterministic, believable test bed.

Bancang is an invented mountain county in the south-west (Guizhou-like uplands): about
2,000 km² of ridges and valleys drained by one main river, the Bancang He (半仓河), with a
county seat on the main river, a dozen townships, some two hundred villages, a road network
that follows the valleys, 100 m gridded school-age children and some ninety schools with their
pupils, classes, teachers and resources.

What is modelled, step by step (one private function each):

terrain
    A drainage tree is grown over a random "rock resistance" field (a shortest-path tree to the
    outlets: water takes the easiest way out), upstream areas are accumulated along it and the
    land is raised channel by channel with slopes that fall with upstream area (Flint's law, the
    steady state of stream-power erosion). The larger streams get flat valley floors. The result
    is a drained landscape of valleys and ridges, scaled to 420-1,800 m.
rivers
    Streams draining more than ``_RIVER_KM2`` are the rivers layer. Their pixels, filled to
    4-connected lines, block roads (an 8-connected road can not slip between them); a road that
    crosses one is a bridge.
settlements
    The county seat sits on the main river near the middle of the county, township seats on the
    larger streams. Villages come in clusters along the valleys (a main village, where a school
    may be, and smaller villages within about a kilometre), plus a few remote villages up in the
    hills. A 14 km stretch of the main river gets no bridge, and the villages on its far bank no
    school. Towns sit in small flattened basins (坝子).
townships
    Each pixel belongs to the township seat it can reach most easily on foot, so township
    boundaries follow ridges and big rivers, as real ones do.
roads
    Least-cost routes on the DEM (a slope-penalised pixel graph, Dijkstra): county roads from the
    county seat to every township seat and out of the county, township roads between neighbouring
    seats and to the main villages, village roads from the smaller villages to their main village
    and between neighbours, spurs to hamlets, footpaths to a few remote villages (which have no
    road) and over the ridges. Streets fill the county seat and the township seats. Routes are
    joined into one graph and cut into lines at junctions, class changes and places, so lines
    meet at shared end vertices; vertices are 100-141 m apart (one per pixel), lightly smoothed.
population
    Children of school age on the 100 m grid: dense in the county seat and the township seats,
    clusters of cells at villages and hamlets, and scattered single cells.
schools
    Crowded county-seat schools with classes of 57-64, township central schools and junior
    secondary schools (mostly boarding), village primary schools (built for larger cohorts, now
    half empty), teaching points (grades 1-3) and nine-year schools. Enrolment follows the
    children living nearest to each school (walking time on roads and across country, rivers
    crossed on bridges only), less those who leave for the towns or the county seat or go to
    school outside the county. Teachers and resources straddle the balance standards.

The same seed and scale give the same county (on the same platform). ``scale`` multiplies the
area and the numbers of townships, villages, roads and schools; :data:`LARGE_SCALE` gives the
benchmark county.

Command line::

    python -m demo data/bancang.gpkg [--scale S] [--seed N] [--quiet]
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import shapely
from scipy import ndimage
from scipy.sparse.csgraph import connected_components, dijkstra

from gis.progress import CancelFn, Progress, ProgressFn
from gis.project import Dem, Project, save_project

if TYPE_CHECKING:
    from affine import Affine

CRS = "EPSG:4545"  # CGCS2000 / 3-degree Gauss-Kruger CM 108E
CELL_SIZE = 100.0
COUNTY_NAME = "半仓县"
COUNTY_CODE = "522699"  # an invented code in Guizhou's range (52)
LARGE_SCALE = 10.0
"""The scale of the benchmark county: about 19,500 km², >= 200,000 populated cells,
>= 100,000 road vertices and >= 300 schools, generated in well under two minutes."""

_CENTRE = (500_000.0, 2_880_000.0)  # x, y of the county's middle in EPSG:4545
_AREA_KM2 = 1_950.0  # county area at scale 1
_CHILDREN = 20_000.0  # children aged 6-14 at scale 1
_RIVER_KM2 = 12.0  # upstream area from which a stream is mapped as a river
_STREAM_KM2 = 0.5  # upstream area from which a stream has a valley floor worth settling
_ELEV_MIN, _ELEV_MAX = 420.0, 1_800.0
_MARGIN = 30  # pixels of land drawn around the county
_NO_BRIDGE_KM = 14.0  # length of the main river with no bridge
_RANKS = ("county", "township", "village", "path")  # road classes, most important first
_STEPS = ((0, 1), (1, 0), (1, 1), (1, -1))  # the four forward 8-neighbour steps (drow, dcol)

# Names: curated township names first, then combinations of common place-name characters.
_TOWNSHIP_BASES = (
    "河口", "龙潭", "石门", "大坝", "新场", "平寨", "白岩", "青山", "高坡", "羊场", "黄泥", "江口", "沙坝",
    "清水", "茅坪", "桃园", "猫场", "马场", "牛场", "兴隆", "太平", "长坝", "坪上", "落洞", "杉木", "岩脚",
    "水口", "三合", "龙井", "木瓜", "黑石", "红岩", "观音", "金竹", "凉水", "盘山", "洛河", "双河", "鸡场",
)  # fmt: skip
_FIRST_CHARS = (
    "大小上下新老高白黑红青黄石龙马牛羊猫鸡鱼花金银铜铁水沙岩木竹杉松柏桃李梨茶麻凉冷清干三四五双半长平"
    "杨柳樟枫桂兰朝阳虎凤鹿狮鹰"
)
_SECOND_CHARS = "寨坝坪湾沟冲岩山坡田井场堡关洞溪林营屯庄塘桥垭槽院园脚头口坳箐"
_MINORITIES = ("苗族", "布依族", "仡佬族", "彝族")
_CN_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class _Grid:
    """The 100 m raster that carries the DEM and the population: row 0 is the northern edge."""

    rows: int
    cols: int
    x0: float  # western edge
    y0: float  # northern edge
    cell: float = CELL_SIZE

    @property
    def shape(self) -> tuple[int, int]:
        return self.rows, self.cols

    @property
    def size(self) -> int:
        return self.rows * self.cols

    def xy(self, index: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates of the centres of flat pixel indices."""
        row, col = np.divmod(np.asarray(index, dtype=np.int64), self.cols)
        return self.x0 + (col + 0.5) * self.cell, self.y0 - (row + 0.5) * self.cell

    def transform(self) -> Affine:
        """The affine transform from (col, row) to (x, y), as rasterio uses it."""
        from affine import Affine

        return Affine(self.cell, 0.0, self.x0, 0.0, -self.cell, self.y0)


@dataclass(frozen=True)
class _Terrain:
    elevation: np.ndarray  # metres, (rows, cols)
    slope: np.ndarray  # rise over run, (rows, cols)
    receiver: np.ndarray  # flat index of the pixel each pixel drains to, -1 where water leaves
    area_km2: np.ndarray  # upstream area of each pixel, flat


@dataclass(frozen=True)
class _Rivers:
    names: tuple[str, ...]
    pixels: tuple[np.ndarray, ...]  # each stream from its source to its mouth, flat indices
    lines: tuple[shapely.LineString, ...]
    mask: np.ndarray  # 4-connected river pixels, (rows, cols)


@dataclass(frozen=True)
class _Places:
    """County seat (index 0), township seats (1..n_seats-1), then villages."""

    pixel: np.ndarray
    kind: tuple[str, ...]
    name: tuple[str, ...]
    size: np.ndarray  # relative number of children
    far_side: np.ndarray  # villages beyond the unbridged stretch of the main river
    no_bridge: np.ndarray  # pixels of the unbridged stretch, (rows, cols)
    n_seats: int
    role: np.ndarray  # villages: 0 main village of a cluster, 1 smaller village nearby, 2 remote; seats -1
    anchor: np.ndarray  # the main village facing the far bank of the unbridged stretch: keeps its school


@dataclass(frozen=True)
class _Townships:
    label: np.ndarray  # township index of each pixel, -1 outside the county, (rows, cols)
    codes: tuple[str, ...]
    names: tuple[str, ...]
    polygons: tuple[shapely.Geometry, ...]


@dataclass(frozen=True)
class _Roads:
    a: np.ndarray  # road edges between pixels a and b (flat indices)
    b: np.ndarray
    rank: np.ndarray  # index into _RANKS
    path_only: np.ndarray  # villages reached only by a footpath (place indices)
    hamlets: np.ndarray  # pixels at the ends of the roads to hamlets
    lines: tuple[shapely.LineString, ...]
    line_rank: np.ndarray
    line_names: tuple[str, ...]


@dataclass(frozen=True)
class _Children:
    cell: np.ndarray  # flat pixel index of each populated cell
    primary: np.ndarray
    junior: np.ndarray
    place_total: np.ndarray  # children of each place (for the places layer)


# --------------------------------------------------------------------------------------------
# Public API


def generate_county(
    *, seed: int = 2026, scale: float = 1.0, progress: ProgressFn | None = None, cancel: CancelFn | None = None
) -> Project:
    """Generate the demo county.

    Parameters
    ----------
    seed
        Seed of the random generator; the same seed and scale give the same county.
    scale
        Multiplies the area and the numbers of townships, villages, roads and schools: 1 is the
        demo county of about 2,000 km², :data:`LARGE_SCALE` the benchmark county.
    progress
        Called with the fraction done (0-1) and a message at each step.
    cancel
        Returns True once the user asked to stop; checked between steps.

    Returns
    -------
    The county project, in :data:`CRS`.

    Raises
    ------
    ValueError
        If scale is not a number between 0.05 and 40.
    gis.errors.Cancelled
        If ``cancel`` returned True.
    """
    if not (isinstance(scale, int | float) and math.isfinite(scale) and 0.05 <= scale <= 40):
        raise ValueError(f"scale must be a number between 0.05 and 40, not {scale!r}")

    report = Progress(progress, cancel)
    rng = np.random.default_rng(seed)
    report(0.0, "drawing the county outline")
    grid, county = _county_outline(rng, scale)
    report(0.05, "raising mountains and carving valleys")
    terrain = _terrain(rng, grid, scale)
    report(0.25, "tracing rivers")
    rivers = _rivers(rng, grid, terrain)
    report(0.3, "placing the county seat, township seats and villages")
    places, terrain = _settlements(rng, grid, county, terrain, rivers, scale)
    report(0.4, "drawing township boundaries")
    townships = _townships(grid, county, terrain, rivers, places)
    report(0.5, "building the road network")
    roads = _roads(rng, grid, county, terrain, rivers, places)
    report(0.75, "spreading children on the 100 m grid")
    children = _population(rng, grid, county, terrain, rivers, places, roads, scale)
    report(0.85, "opening schools")
    schools = _schools(rng, grid, county, terrain, rivers, places, townships, roads, children, scale)
    report(0.95, "assembling the project")
    project = _assemble(grid, terrain, rivers, places, townships, roads, children, schools, seed=seed, scale=scale)
    report(1.0, "done")
    return project


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the demo county to a GeoPackage."""
    parser = argparse.ArgumentParser(prog="python -m demo", description="Generate the demo county 半仓县.")
    parser.add_argument("out", help="GeoPackage to write, e.g. data/bancang.gpkg")
    parser.add_argument(
        "--scale", type=float, default=1.0, help=f"size of the county (1: demo, {LARGE_SCALE:g}: large)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--quiet", action="store_true", help="do not report progress")
    args = parser.parse_args(argv)

    def show(fraction: float, message: str) -> None:
        print(f"{fraction:4.0%} {message}", file=sys.stderr, flush=True)

    try:
        project = generate_county(seed=args.seed, scale=args.scale, progress=None if args.quiet else show)
    except ValueError as exc:
        parser.error(str(exc))
    save_project(project, args.out)
    return 0


# --------------------------------------------------------------------------------------------
# Small tools


def _fractal_noise(rng: np.random.Generator, shape: tuple[int, int], beta: float) -> np.ndarray:
    """Gaussian noise with a power spectrum falling as k^-beta, scaled to mean 0 and std 1."""
    spectrum = np.fft.rfft2(rng.standard_normal(shape))
    ky = np.fft.fftfreq(shape[0])[:, None]
    kx = np.fft.rfftfreq(shape[1])[None, :]
    k = np.hypot(ky, kx)
    k[0, 0] = np.inf
    field = np.fft.irfft2(spectrum * k ** (-beta / 2), s=shape)
    return (field - field.mean()) / field.std()


def _grid_edges(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Undirected 8-neighbour edges between pixels of a mask: flat indices a < b and length in cells."""
    rows, cols = mask.shape
    index = np.arange(rows * cols, dtype=np.int64).reshape(rows, cols)
    parts_a, parts_b, parts_l = [], [], []
    for dr, dc in _STEPS:
        src = (slice(0, rows - dr), slice(max(0, -dc), cols - max(0, dc)))
        dst = (slice(dr, rows), slice(max(0, dc), cols + min(0, dc)))
        ok = mask[src] & mask[dst]
        parts_a.append(index[src][ok])
        parts_b.append(index[dst][ok])
        parts_l.append(np.full(int(ok.sum()), math.hypot(dr, dc)))
    return np.concatenate(parts_a), np.concatenate(parts_b), np.concatenate(parts_l)


def _graph(n: int, a: np.ndarray, b: np.ndarray, w_ab: np.ndarray, w_ba: np.ndarray | None = None) -> sp.csr_matrix:
    """A sparse directed graph with edges a->b (weight w_ab) and b->a (w_ba, default w_ab)."""
    w_ba = w_ab if w_ba is None else w_ba
    rows = np.concatenate([a, b])
    cols = np.concatenate([b, a])
    data = np.concatenate([w_ab, w_ba]).astype(np.float64)
    return sp.csr_matrix((data, (rows, cols)), shape=(n, n))


def _trace(predecessors: np.ndarray, target: int) -> list[int]:
    """The pixels of the shortest path to target, from the source to target."""
    path = [int(target)]
    while predecessors[path[-1]] >= 0:
        path.append(int(predecessors[path[-1]]))
    return path[::-1]


def _name_pool(rng: np.random.Generator, curated: Sequence[str] = ()) -> list[str]:
    """Place-name stems: curated ones first, then shuffled two- and three-character combinations."""
    pairs = [f + s for f in _FIRST_CHARS for s in _SECOND_CHARS if f != s]
    triples = [f + g + s for f in _FIRST_CHARS[:20] for g in _FIRST_CHARS[20:50] for s in _SECOND_CHARS[:12]]
    rest = [pairs[i] for i in rng.permutation(len(pairs))] + [triples[i] for i in rng.permutation(len(triples))]
    seen = set(curated)
    return list(curated) + [name for name in rest if name not in seen]


def _cn_ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (for n below 100)."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[units] if units or not head else "")


def _smooth(coords: np.ndarray) -> np.ndarray:
    """One pass of Laplacian smoothing that keeps the end vertices (a vertex moves 35 m on a right-angle
    bend of a pixel path, 56 m at most)."""
    out = coords.copy()
    if len(coords) > 2:
        out[1:-1] = 0.5 * coords[1:-1] + 0.25 * (coords[:-2] + coords[2:])
    return out


def _smoothstep(t: np.ndarray) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _weighted_order(rng: np.random.Generator, weight: np.ndarray) -> np.ndarray:
    """A random order in which items come early in proportion to their weight (Efraimidis-Spirakis)."""
    keys = np.log(rng.random(weight.size)) / np.maximum(weight, 1e-12)
    return np.argsort(-keys, kind="stable")


def _spaced_pick(
    candidates: np.ndarray, grid: _Grid, spacing: float, count: int, taken: np.ndarray | None = None,
    taken_spacing: float = 0.0,
) -> np.ndarray:  # fmt: skip
    """Greedily take candidates (in order) at least spacing metres apart and from the taken pixels."""
    bucket = max(spacing, taken_spacing)
    buckets: dict[tuple[int, int], list[tuple[float, float, float]]] = {}

    def add(x: float, y: float, min_d: float) -> None:
        buckets.setdefault((int(x // bucket), int(y // bucket)), []).append((x, y, min_d))

    if taken is not None and taken.size:
        tx, ty = grid.xy(taken)
        for x, y in zip(tx.tolist(), ty.tolist(), strict=True):
            add(x, y, taken_spacing)
    xs, ys = grid.xy(candidates)
    picked: list[int] = []
    for i, (x, y) in enumerate(zip(xs.tolist(), ys.tolist(), strict=True)):
        bx, by = int(x // bucket), int(y // bucket)
        ok = True
        for kx in (bx - 1, bx, bx + 1):
            for ky in (by - 1, by, by + 1):
                for px, py, min_d in buckets.get((kx, ky), ()):
                    if (px - x) ** 2 + (py - y) ** 2 < min_d**2:
                        ok = False
                        break
                if not ok:
                    break
            if not ok:
                break
        if ok:
            picked.append(i)
            add(x, y, spacing)
            if len(picked) >= count:
                break
    return candidates[np.asarray(picked, dtype=np.int64)]


# --------------------------------------------------------------------------------------------
# Steps


def _county_outline(rng: np.random.Generator, scale: float) -> tuple[_Grid, np.ndarray]:
    """An irregular county: a lobed, rotated ellipse with a ragged (fractal) edge.

    Returns the grid (the county's bounding box plus a margin) and the county mask.
    """
    area_px = _AREA_KM2 * scale * 1e6 / CELL_SIZE**2
    aspect = rng.uniform(1.2, 1.45)
    semi = math.sqrt(area_px * aspect / math.pi)  # semi-major axis, pixels
    half = int(semi * 1.7) + _MARGIN
    size = 2 * half + 1
    yy, xx = np.mgrid[-half : half + 1, -half : half + 1].astype(np.float64)
    turn = rng.uniform(0, math.pi)
    u = (xx * math.cos(turn) + yy * math.sin(turn)) / semi
    v = (-xx * math.sin(turn) + yy * math.cos(turn)) * aspect / semi
    theta = np.arctan2(v, u)
    lobes = np.ones_like(theta)
    for k in range(2, 8):  # a few big lobes and bays
        lobes += rng.uniform(0.3, 1.0) * 0.2 / k * np.cos(k * theta + rng.uniform(0, 2 * math.pi))
    ragged = _fractal_noise(rng, (size, size), 2.6)
    q = np.hypot(u, v) / lobes + 0.06 * ragged
    level = np.partition(q.ravel(), int(area_px))[int(area_px)]
    mask = q < level
    labels, n = ndimage.label(mask)  # keep the main piece (4-connected), without holes
    if n > 1:
        mask = labels == 1 + int(np.argmax(ndimage.sum(mask, labels, index=np.arange(1, n + 1))))
    mask = ndimage.binary_fill_holes(mask)
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    r0, r1 = rows[0] - _MARGIN, rows[-1] + _MARGIN + 1
    c0, c1 = cols[0] - _MARGIN, cols[-1] + _MARGIN + 1
    mask = np.pad(mask, _MARGIN)[r0 + _MARGIN : r1 + _MARGIN, c0 + _MARGIN : c1 + _MARGIN]
    n_rows, n_cols = mask.shape
    x0 = round((_CENTRE[0] - n_cols * CELL_SIZE / 2) / CELL_SIZE) * CELL_SIZE
    y0 = round((_CENTRE[1] + n_rows * CELL_SIZE / 2) / CELL_SIZE) * CELL_SIZE
    return _Grid(n_rows, n_cols, float(x0), float(y0)), mask


def _terrain(rng: np.random.Generator, grid: _Grid, scale: float) -> _Terrain:
    """Mountains and valleys: a drained landscape raised along a drainage tree (see module notes)."""
    shape = grid.shape
    n = grid.size
    # How hard the rock is: water finds its way along the weak zones.
    resistance = np.exp(1.1 * _fractal_noise(rng, shape, 3.0) + 0.6 * _fractal_noise(rng, shape, 2.2)).ravel()
    roughness = np.exp(0.25 * _fractal_noise(rng, shape, 2.8)).ravel()
    texture = _fractal_noise(rng, shape, 1.8)
    a, b, length = _grid_edges(np.ones(shape, dtype=bool))

    # The main river crosses the domain: it enters on one side and leaves on the other.
    border = np.flatnonzero(np.pad(np.zeros((grid.rows - 2, grid.cols - 2), dtype=bool), 1, constant_values=True))
    br, bc = np.divmod(border, grid.cols)
    angle = np.arctan2(-(br - grid.rows / 2), bc - grid.cols / 2)
    theta = rng.uniform(0, 2 * math.pi)
    inlet = int(border[np.argmin(np.abs(np.angle(np.exp(1j * (angle - theta)))))])
    out_dir = theta + math.pi + rng.uniform(-0.35, 0.35)
    outlet = int(border[np.argmin(np.abs(np.angle(np.exp(1j * (angle - out_dir)))))])
    weight = (resistance[a] + resistance[b]) / 2 * length
    _, pred = dijkstra(_graph(n, a, b, weight), indices=outlet, return_predecessors=True)
    main = np.asarray(_trace(pred, inlet))
    resistance[main] *= 0.02
    weight = (resistance[a] + resistance[b]) / 2 * length

    # The drainage tree: shortest paths to a virtual sink behind the outlets. Water leaves
    # mainly by the main outlet; a thin band along the edges drains outwards.
    sink = n
    rim = 0.4 * float(np.median(resistance)) * max(grid.shape)
    far_from_inlet = np.hypot(br - inlet // grid.cols, bc - inlet % grid.cols) > 0.1 * max(grid.shape)
    exits = border[far_from_inlet & (border != outlet)]
    ea = np.concatenate([a, np.full(exits.size + 1, sink)])
    eb = np.concatenate([b, exits, [outlet]])
    ew = np.concatenate([weight, np.full(exits.size, rim), [1e-9]])
    dist, pred = dijkstra(_graph(n + 1, ea, eb, ew), indices=sink, return_predecessors=True)
    receiver = pred[:n].astype(np.int64)
    receiver[receiver == sink] = -1
    order = np.argsort(dist[:n], kind="stable")  # downstream before upstream
    order_list = order.tolist()
    rec = receiver.tolist()

    # Upstream area, with the water the main river brings from beyond the county.
    acc = [1.0] * n
    for i in reversed(order_list):
        r = rec[i]
        if r >= 0:
            acc[r] += acc[i]
    area = np.asarray(acc) * grid.cell**2 / 1e6
    inflow = 900.0 * scale
    v = inlet
    while v >= 0:
        area[v] += inflow
        v = rec[v]

    # Raise the land from the outlets upstream: slope falls with upstream area (Flint's law),
    # capped on the hillslopes.
    row, col = np.divmod(np.arange(n), grid.cols)
    rrow, rcol = np.divmod(np.maximum(receiver, 0), grid.cols)
    step = np.where(receiver >= 0, np.hypot(row - rrow, col - rcol) * grid.cell, 0.0)
    rise = (step * np.minimum(0.55 * roughness, 0.05 * area**-0.5)).tolist()
    z = [0.0] * n
    for i in order_list:
        r = rec[i]
        z[i] = (z[r] if r >= 0 else 0.0) + rise[i]
    raw = np.asarray(z).reshape(shape)
    elevation = _ELEV_MIN + (_ELEV_MAX - _ELEV_MIN) * (raw / raw.max()) ** 0.9 + 6.0 * texture

    # Valley floors: the larger streams have filled flat bottoms, wider downstream.
    area_2d = area.reshape(shape)
    d, (ir, ic) = ndimage.distance_transform_edt(area_2d < 1.5, return_indices=True)
    d = d * grid.cell
    width = np.clip(70.0 * area_2d[ir, ic] ** 0.3, 60.0, 700.0)
    floor = elevation[ir, ic] + 0.03 * d
    w = _smoothstep((2 * width - d) / width)
    elevation = elevation * (1 - w) + np.minimum(elevation, floor) * w
    elevation = ndimage.gaussian_filter(elevation, 0.7)
    return _Terrain(elevation, _slope(elevation, grid.cell), receiver, area)


def _bank_side(grid: _Grid, stretch: np.ndarray, pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which bank of a stretch of river each pixel is on (+1 left, -1 right, looking downstream),
    whether it faces the middle part of the stretch (within 3 km, not near its ends), and the
    index of the nearest stretch pixel."""
    from scipy.spatial import cKDTree

    tx, ty = grid.xy(stretch)
    px, py = grid.xy(pixels)
    dist, nearest = cKDTree(np.column_stack([tx, ty])).query(np.column_stack([px, py]))
    lo = np.maximum(nearest - 3, 0)
    hi = np.minimum(nearest + 3, stretch.size - 1)
    cross = (tx[hi] - tx[lo]) * (py - ty[nearest]) - (ty[hi] - ty[lo]) * (px - tx[nearest])
    middle = (nearest >= 10) & (nearest <= stretch.size - 11) & (dist < 3000)
    return np.sign(cross).astype(np.int64), middle, nearest


def _slope(elevation: np.ndarray, cell: float) -> np.ndarray:
    gy, gx = np.gradient(elevation, cell)
    return np.hypot(gx, gy)


def _rivers(rng: np.random.Generator, grid: _Grid, terrain: _Terrain) -> _Rivers:
    """The rivers layer: streams draining more than _RIVER_KM2, each followed upstream by its
    larger branch (so a river keeps its name at confluences), named by size."""
    area = terrain.area_km2
    receiver = terrain.receiver
    channel = area >= _RIVER_KM2
    pixels = np.flatnonzero(channel)
    # The main branch upstream of each channel pixel: its channel neighbour draining most.
    by_size = pixels[np.argsort(-area[pixels], kind="stable")]
    down = receiver[by_size]
    joins = down >= 0
    joins[joins] = channel[down[joins]]
    main_child = np.full(grid.size, -1, dtype=np.int64)
    parents, first = np.unique(down[joins], return_index=True)
    main_child[parents] = by_size[joins][first]
    # A stream starts (at its downstream end) where water leaves the grid or joins as a side branch.
    down_all = receiver[pixels]
    starts = pixels[
        (down_all < 0) | ~channel[np.maximum(down_all, 0)] | (main_child[np.maximum(down_all, 0)] != pixels)
    ]
    starts = starts[np.argsort(-area[starts], kind="stable")]
    child = main_child.tolist()
    streams: list[np.ndarray] = []
    for s in starts.tolist():
        run = [s]
        while child[run[-1]] >= 0:
            run.append(child[run[-1]])
        if len(run) < 8:  # too short to map
            continue
        run.reverse()
        mouth = int(receiver[s])
        if mouth >= 0 and channel[mouth]:
            run.append(mouth)
        streams.append(np.asarray(run, dtype=np.int64))

    # Names: the main river, then "…河" for the larger streams and "…溪" for the rest.
    pool = _name_pool(rng, ("清水", "白水", "响水", "龙洞", "岩门", "桃花", "麻线", "猫跳", "冷水", "落龙"))
    names = ["半仓河"] + [pool[i] + ("河" if i < 8 else "溪") for i in range(len(streams) - 1)]

    # Lines: pixel centres, lightly smoothed; a tributary ends exactly on its main stream.
    placed: dict[int, tuple[float, float]] = {}
    lines = []
    for stream in streams:
        x, y = grid.xy(stream)
        coords = _smooth(np.column_stack([x, y]))
        if int(stream[-1]) in placed:
            coords[-1] = placed[int(stream[-1])]
        for p, xy in zip(stream[:-1].tolist(), coords[:-1].tolist(), strict=True):
            placed.setdefault(p, (xy[0], xy[1]))
        lines.append(shapely.LineString(coords))

    # Mask: river pixels with diagonal steps filled (the lower corner), so that it is 4-connected.
    mask = np.zeros(grid.size, dtype=bool)
    z = terrain.elevation.ravel()
    for stream in streams:
        mask[stream] = True
        r, c = np.divmod(stream, grid.cols)
        diag = (r[1:] != r[:-1]) & (c[1:] != c[:-1])
        corner1 = r[:-1][diag] * grid.cols + c[1:][diag]
        corner2 = r[1:][diag] * grid.cols + c[:-1][diag]
        mask[np.where(z[corner1] <= z[corner2], corner1, corner2)] = True
    return _Rivers(tuple(names), tuple(streams), tuple(lines), mask.reshape(grid.shape))


def _settlements(
    rng: np.random.Generator, grid: _Grid, county: np.ndarray, terrain: _Terrain, rivers: _Rivers, scale: float
) -> tuple[_Places, _Terrain]:
    """County seat, township seats and villages, the unbridged stretch, and the towns' basins."""
    shape, cell = grid.shape, grid.cell
    flat = ndimage.uniform_filter(terrain.slope, 9)  # mean slope within ~450 m
    river = rivers.mask
    inside = ndimage.distance_transform_edt(county) * cell  # metres from the county boundary
    area = terrain.area_km2.reshape(shape)
    d_stream = ndimage.distance_transform_edt(area < _STREAM_KM2) * cell
    d_big = ndimage.distance_transform_edt(area < 5.0) * cell
    county_px = int(county.sum())
    cy, cx = ndimage.center_of_mass(county)
    radius = math.sqrt(county_px / math.pi)

    # County seat: the flattest bank of the main river near the middle of the county.
    main = rivers.pixels[0]
    on_main = np.zeros(grid.size, dtype=bool)
    on_main[main] = True
    bank = ndimage.binary_dilation(on_main.reshape(shape), np.ones((3, 3), dtype=bool)) & ~river
    seat_ok = bank & (inside > 3000)
    if not seat_ok.any():  # the main river only grazes the county: take any larger stream
        seat_ok = (d_big <= 150) & ~river & (inside > 1500)
    cand = np.flatnonzero(seat_ok)
    r, c = np.divmod(cand, grid.cols)
    seat = int(cand[np.argmin(flat.ravel()[cand] + 0.3 * np.hypot(r - cy, c - cx) / radius)])

    # The unbridged stretch of the main river, some way up- or downstream of the county seat.
    sx, sy = grid.xy(main)
    along = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(sx), np.diff(sy)))])
    k0 = int(np.argmin((sx - grid.xy(seat)[0]) ** 2 + (sy - grid.xy(seat)[1]) ** 2))
    main_inside = inside.ravel()[main] > 1000
    stretch = np.zeros(0, dtype=np.int64)
    for length in (_NO_BRIDGE_KM * 1000, 12_000, 10_000, 8_000, 6_000):
        options = []
        for gap in (7_000, 5_000, 3_500):
            for start in (along[k0] + gap, along[k0] - gap - length):
                sel = (along >= start) & (along <= start + length)
                if start >= 0 and start + length <= along[-1] and sel.any() and main_inside[sel].all():
                    options.append(np.flatnonzero(sel))
        if options:
            stretch = main[options[int(rng.integers(len(options)))]]
            break
    near_stretch = np.zeros(grid.size, dtype=bool)
    near_stretch[stretch] = True
    no_bridge = ndimage.binary_dilation(near_stretch.reshape(shape), np.ones((3, 3), dtype=bool)) & river
    d_stretch = ndimage.distance_transform_edt(~near_stretch.reshape(shape)) * cell

    # Township seats: flat ground by the larger streams, spread over the county.
    n_townships = max(2, round(13 * scale))
    seat_ok = county & ~river & (inside > 1500) & (d_big <= 150) & (flat < 0.4) & (d_stretch > 2500)
    cand = np.flatnonzero(seat_ok)
    cand = cand[np.argsort(flat.ravel()[cand] * rng.uniform(0.5, 1.5, cand.size), kind="stable")]
    spacing = 0.8 * math.sqrt(county_px * cell**2 / n_townships)
    for _ in range(12):
        seats = _spaced_pick(cand, grid, spacing, n_townships - 1, np.asarray([seat]), spacing)
        if seats.size >= n_townships - 1:
            break
        spacing *= 0.85
    seats = np.concatenate([[seat], seats]).astype(np.int64)
    n_townships = seats.size

    # Villages come in clusters along the valleys: a main village (where a school may be) with
    # smaller villages about a kilometre away, and a few remote villages up in the hills.
    n_villages = max(8, round(205 * scale))
    n_hubs = max(3, round(0.3 * n_villages))
    n_remote = max(1, round(0.12 * n_villages))
    village_ok = county & ~river & (inside > 400) & (terrain.slope < 0.5) & (d_stretch > 150)
    cand = np.flatnonzero(village_ok)
    weight = np.exp(-flat.ravel()[cand] / 0.12) * (np.exp(-d_stream.ravel()[cand] / 350) + 0.08)
    cand = cand[_weighted_order(rng, weight)]
    # Across the unbridged stretch: a main village with a school on the near bank, and a few
    # villages on the far bank whose children can see that school across the water.
    anchors = far_bank = np.zeros(0, dtype=np.int64)
    far_sign = 0
    if stretch.size > 20:
        side, middle, along_stretch = _bank_side(grid, stretch, cand)
        close = middle & (d_stretch.ravel()[cand] > 250) & (d_stretch.ravel()[cand] < 1500)
        far_sign = 1 if (close & (side > 0)).sum() >= (close & (side < 0)).sum() else -1
        near_bank = close & (side == -far_sign)
        if near_bank.any() and (close & (side == far_sign)).any():
            mid = np.abs(along_stretch - stretch.size // 2)
            anchors = cand[near_bank][np.argsort(mid[near_bank], kind="stable")[:1]]
            far_cand = cand[close & (side == far_sign)]
            far_bank = _spaced_pick(far_cand, grid, 700.0, 4, np.concatenate([seats, anchors]), 1000.0)
    taken = np.concatenate([seats, anchors, far_bank])
    hubs = np.concatenate([anchors, _spaced_pick(cand, grid, 2600.0, n_hubs - anchors.size, taken, 2600.0)])
    centres = np.zeros(grid.size, dtype=bool)
    centres[np.concatenate([seats, hubs])] = True
    d_centre = ndimage.distance_transform_edt(~centres.reshape(shape)).ravel()[cand] * cell
    taken = np.concatenate([seats, hubs, far_bank])
    near = cand[(d_centre > 350) & (d_centre < 1200)]
    n_satellites = n_villages - n_remote - hubs.size - far_bank.size
    satellites = np.concatenate([far_bank, _spaced_pick(near, grid, 500.0, n_satellites, taken, 600.0)])
    taken = np.concatenate([taken, satellites])
    remote = _spaced_pick(cand[d_centre > 3000], grid, 1000.0, n_villages - hubs.size - satellites.size, taken, 1000.0)
    villages = np.concatenate([hubs, satellites, remote])
    role = np.repeat([0, 1, 2], [hubs.size, satellites.size, remote.size])  # hub, satellite, remote

    # Sizes (relative numbers of children) and names.
    seat_size = rng.lognormal(0.0, 0.35, n_townships)
    seat_size[0] = 1.0
    village_size = rng.lognormal(0.0, 0.45, villages.size) * np.array([1.6, 0.8, 0.6])[role]
    order = np.argsort(-seat_size[1:], kind="stable")
    suffix = ["乡"] * (n_townships - 1)
    for i in order[: (n_townships - 1) // 2]:
        suffix[int(i)] = "镇"
    xiang = [i for i in range(n_townships - 1) if suffix[i] == "乡"]
    for k, i in enumerate(rng.permutation(xiang)[: max(1, round(2 * scale))].tolist()):
        suffix[i] = _MINORITIES[k % len(_MINORITIES)] + "乡"
    bases = _name_pool(rng, _TOWNSHIP_BASES)
    township_names = ["城关镇"] + [bases[i] + suffix[i] for i in range(n_townships - 1)]
    village_bases = _name_pool(rng)
    names = ["半仓县城", *township_names[1:], *(village_bases[i] + "村" for i in range(villages.size))]

    # Villages on the far bank of the unbridged stretch (away from its ends) get no school.
    far = np.zeros(n_townships + villages.size, dtype=bool)
    if far_sign:
        side, middle, _ = _bank_side(grid, stretch, villages)
        far[n_townships:] = middle & (side == far_sign)
    anchor = np.zeros(n_townships + villages.size, dtype=bool)
    anchor[n_townships : n_townships + anchors.size] = True

    # Towns sit in small flat basins (坝子): flatten the ground around each seat.
    z = terrain.elevation.copy()
    for i, p in enumerate(seats.tolist()):
        reach = (2500.0 * scale**0.25 if i == 0 else 1000.0) / cell
        pr, pc = divmod(p, grid.cols)
        r0, r1 = max(0, int(pr - reach)), min(grid.rows, int(pr + reach) + 1)
        c0, c1 = max(0, int(pc - reach)), min(grid.cols, int(pc + reach) + 1)
        yy, xx = np.mgrid[r0:r1, c0:c1]
        d = np.hypot(yy - pr, xx - pc)
        w = _smoothstep(1.0 - d / reach)
        win = z[r0:r1, c0:c1]
        floor = np.minimum(win, z[pr, pc] + 0.015 * d * cell)
        z[r0:r1, c0:c1] = win * (1 - w) + floor * w
    terrain = _Terrain(z, _slope(z, cell), terrain.receiver, terrain.area_km2)

    kinds = ("county_seat",) + ("township_seat",) * (n_townships - 1) + ("village",) * villages.size
    places = _Places(
        pixel=np.concatenate([seats, villages]).astype(np.int64),
        kind=kinds,
        name=tuple(names),
        size=np.concatenate([seat_size, village_size]),
        far_side=far,
        no_bridge=no_bridge,
        n_seats=n_townships,
        role=np.concatenate([np.full(n_townships, -1), role]),
        anchor=anchor,
    )
    return places, terrain


def _townships(grid: _Grid, county: np.ndarray, terrain: _Terrain, rivers: _Rivers, places: _Places) -> _Townships:
    """Township areas: each pixel goes to the seat easiest to reach on foot (ridges and big rivers
    become boundaries); polygons simplified together so they still tile the county."""
    from rasterio import features

    cell = grid.cell
    z = terrain.elevation.ravel()
    a, b, length = _grid_edges(county)
    run = length * cell
    rise = np.abs(z[b] - z[a]) / run
    big_river = (rivers.mask.ravel() & (terrain.area_km2 >= 50.0)).astype(np.float64)
    weight = run * (1 + (rise / 0.15) ** 2) + 1500.0 * (big_river[a] + big_river[b])
    seats = places.pixel[: places.n_seats]
    dist, _, source = dijkstra(_graph(grid.size, a, b, weight), indices=seats, min_only=True, return_predecessors=True)
    lookup = np.full(grid.size, -1, dtype=np.int64)
    lookup[seats] = np.arange(seats.size)
    label = np.where(np.isfinite(dist) & county.ravel(), lookup[np.maximum(source, 0)], -1).reshape(grid.shape)
    # Tidy: each township one 4-connected piece; stray pieces go to the nearest other township.
    for _ in range(3):
        stray = np.zeros(grid.shape, dtype=bool)
        for t, box in enumerate(ndimage.find_objects(label + 1)):
            if box is None:
                continue
            parts, count = ndimage.label(label[box] == t)
            if count > 1:
                sizes = ndimage.sum(np.ones_like(parts), parts, index=np.arange(1, count + 1))
                stray[box] |= (parts > 0) & (parts != 1 + int(np.argmax(sizes)))
        unassigned = county & ((label < 0) | stray)
        if not unassigned.any():
            break
        label[unassigned] = -1
        _, (nr, nc) = ndimage.distance_transform_edt(label < 0, return_indices=True)
        label[unassigned] = label[nr[unassigned], nc[unassigned]]
    pieces: list[list[shapely.Geometry]] = [[] for _ in range(seats.size)]
    for geom, value in features.shapes(label.astype(np.int32), mask=county, connectivity=4, transform=grid.transform()):
        pieces[int(value)].append(shapely.geometry.shape(geom))
    # A vertex at every pixel corner along the boundaries, so neighbours share their vertices
    # (a valid coverage), then simplified together.
    raw = shapely.segmentize(np.array([shapely.union_all(p) for p in pieces], dtype=object), cell)
    polygons = shapely.coverage_simplify(raw, 90.0)
    codes = tuple(f"{COUNTY_CODE}{100 + i:03d}" for i in range(seats.size))
    names = ("城关镇", *places.name[1 : places.n_seats])
    return _Townships(label, codes, names, tuple(polygons.tolist()))


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


def _roads(
    rng: np.random.Generator,
    grid: _Grid,
    county: np.ndarray,
    terrain: _Terrain,
    rivers: _Rivers,
    places: _Places,
) -> _Roads:
    """The road network: least-cost routes on the DEM, class by class (see module notes)."""
    n, cell, cols = grid.size, grid.cell, grid.cols
    z = terrain.elevation.ravel()
    # A bridge costs as much as 1.5 km of level road, 4 km on the big rivers; nothing crosses
    # the unbridged stretch. Footbridges are cheaper.
    river_area = ndimage.maximum_filter(np.where(rivers.mask, terrain.area_km2.reshape(grid.shape), 0.0), size=3)
    river = (rivers.mask * np.where(river_area >= 300.0, 2000.0, 750.0)).ravel()
    a, b, length = _grid_edges(county & ~places.no_bridge)
    run = length * cell
    rise = np.abs(z[b] - z[a]) / run
    road_w = run * (1 + (rise / 0.10) ** 2) + river[a] + river[b]
    path_w = run * (1 + (rise / 0.35) ** 2) + 0.2 * (river[a] + river[b])
    road_g = _graph(n, a, b, road_w)
    path_g = _graph(n, a, b, path_w)
    net = _RoadNet(n)
    growth = county.sum() * cell**2 / 1e6 / _AREA_KM2  # the scale, from the county's area
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
        path = _trace(pred, int(places.pixel[p]))
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
    cand = cand[_weighted_order(rng, np.exp(-terrain.slope.ravel()[cand] / 0.15))]
    hamlets = _spaced_pick(cand, grid, 800.0, round(200 * growth), places.pixel, 600.0)
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
        pr, pc = divmod(p, cols)
        r0, r1 = max(0, int(pr - reach)), min(grid.rows, int(pr + reach) + 1)
        c0, c1 = max(0, int(pc - reach)), min(cols, int(pc + reach) + 1)
        yy, xx = np.mgrid[r0:r1, c0:c1]
        ok = (np.hypot(yy - pr, xx - pc) <= reach) & county[r0:r1, c0:c1] & ~river_b[r0:r1, c0:c1]
        ok &= terrain.slope[r0:r1, c0:c1] < 0.4
        index = yy * cols + xx
        east = ok[:, :-1] & ok[:, 1:] & ((yy[:, :-1] - pr) % block == 0)
        south = ok[:-1, :] & ok[1:, :] & ((xx[:-1, :] - pc) % block == 0)
        for u, v in zip(index[:, :-1][east].tolist(), index[:, 1:][east].tolist(), strict=True):
            net.add_edge(u, v, 2, route)
        for u, v in zip(index[:-1, :][south].tolist(), index[1:, :][south].tolist(), strict=True):
            net.add_edge(u, v, 2, route)

    ea, eb, er, eroute = _tidy_edges(net.edges, cols, int(seats[0]), n)
    lines, line_rank, line_route = _road_lines(grid, rivers, ea, eb, er, eroute, places.pixel)
    return _Roads(
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
    grid: _Grid,
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
    grid: _Grid,
    rivers: _Rivers,
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
    current = np.array([shapely.LineString(_smooth(c)) for c in coords], dtype=object)
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


def _population(
    rng: np.random.Generator,
    grid: _Grid,
    county: np.ndarray,
    terrain: _Terrain,
    rivers: _Rivers,
    places: _Places,
    roads: _Roads,
    scale: float,
) -> _Children:
    """Children aged 6-14 on the 100 m grid: towns, village clusters and scattered hamlets."""
    cell = grid.cell
    livable = (county & ~rivers.mask).astype(np.float64)
    steep = np.exp(-terrain.slope / 0.3)  # people live on the gentler ground
    total = _CHILDREN * scale * rng.uniform(0.95, 1.05)
    n_seats = places.n_seats
    village = np.arange(n_seats, places.pixel.size)
    place_total = np.zeros(places.pixel.size)
    place_total[0] = 0.24 * _CHILDREN * math.sqrt(scale)  # the county seat
    place_total[1:n_seats] = 0.20 * total * places.size[1:n_seats] / places.size[1:n_seats].sum()
    place_total[village] = 0.48 * total * places.size[village] / places.size[village].sum()
    hamlets = max(0.0, total - place_total.sum())
    spread = np.empty(places.pixel.size)
    spread[0] = 900.0 * scale**0.25
    spread[1:n_seats] = 300.0 * np.sqrt(places.size[1:n_seats])
    spread[village] = 170.0 * np.sqrt(places.size[village])

    children = np.zeros(grid.shape)
    for i, p in enumerate(places.pixel.tolist()):
        reach = 2.2 * spread[i] / cell
        pr, pc = divmod(p, grid.cols)
        r0, r1 = max(0, int(pr - reach)), min(grid.rows, int(pr + reach) + 1)
        c0, c1 = max(0, int(pc - reach)), min(grid.cols, int(pc + reach) + 1)
        yy, xx = np.mgrid[r0:r1, c0:c1]
        d = np.hypot(yy - pr, xx - pc) * cell
        w = np.exp(-0.5 * (d / spread[i]) ** 2) * (d <= 2.2 * spread[i])
        w = w * rng.lognormal(0.0, 0.6, w.shape) * steep[r0:r1, c0:c1] * livable[r0:r1, c0:c1]
        if w.sum() <= 0:
            children[pr, pc] += place_total[i]
        else:
            children[r0:r1, c0:c1] += place_total[i] * w / w.sum()

    # Hamlets: small clusters at the ends of the hamlet roads, and single cells scattered over
    # the gentler slopes, mostly near streams and roads.
    cluster = rng.lognormal(0.0, 0.5, roads.hamlets.size)
    cluster_total = 0.4 * hamlets * cluster / max(cluster.sum(), 1e-9)
    for p, amount in zip(roads.hamlets.tolist(), cluster_total.tolist(), strict=True):
        pr, pc = divmod(p, grid.cols)
        r0, r1 = max(0, pr - 2), min(grid.rows, pr + 3)
        c0, c1 = max(0, pc - 2), min(grid.cols, pc + 3)
        yy, xx = np.mgrid[r0:r1, c0:c1]
        w = np.exp(-0.5 * (np.hypot(yy - pr, xx - pc) / 1.2) ** 2) * rng.lognormal(0.0, 0.6, yy.shape)
        w = w * livable[r0:r1, c0:c1]
        if w.sum() > 0:
            children[r0:r1, c0:c1] += amount * w / w.sum()
    area = terrain.area_km2.reshape(grid.shape)
    d_stream = ndimage.distance_transform_edt(area < _STREAM_KM2) * cell
    on_road = np.zeros(grid.size, dtype=bool)
    on_road[roads.a] = on_road[roads.b] = True
    d_road = ndimage.distance_transform_edt(~on_road.reshape(grid.shape)) * cell
    weight = (livable * steep * (np.exp(-d_stream / 500.0) + np.exp(-d_road / 400.0) + 0.1)).ravel()
    cand = np.flatnonzero(weight > 0)
    chosen = cand[_weighted_order(rng, weight[cand])][: round(12_000 * scale)]
    share = rng.gamma(1.5, 1.0, chosen.size)
    np.add.at(children.reshape(-1), chosen, (hamlets - cluster_total.sum()) * share / share.sum())

    flat_children = children.ravel()
    cell_index = np.flatnonzero(flat_children >= 0.005)
    kids = flat_children[cell_index]
    primary_share = np.clip(0.665 + 0.03 * rng.standard_normal(kids.size), 0.55, 0.78)
    return _Children(
        cell=cell_index,
        primary=np.round(kids * primary_share, 3),
        junior=np.round(kids * (1 - primary_share), 3),
        place_total=place_total,
    )


@dataclass(frozen=True)
class _Site:
    """A school to be: where, what, for whom."""

    pixel: int
    type: str  # primary, teaching_point, junior, nine_year
    setting: str  # county_seat, township, village (sets crowding and resources)
    name: str
    place: int  # the place it serves


def _strip_suffix(township: str) -> str:
    for minority in _MINORITIES:
        if township.endswith(minority + "乡"):
            return township[: -len(minority) - 1]
    return township[:-1]


def _school_sites(
    rng: np.random.Generator, grid: _Grid, places: _Places, on_road: np.ndarray, scale: float
) -> list[_Site]:
    """Where the schools are: county-seat schools on its streets, a central school and a junior
    school (or a nine-year school) in township seats, primary schools and teaching points in
    the villages (never on the far bank of the unbridged stretch)."""
    n_seats = places.n_seats
    seat = int(places.pixel[0])
    sx, sy = grid.xy(np.asarray([seat]))
    road_px = np.flatnonzero(on_road)
    rx, ry = grid.xy(road_px)
    sites: list[_Site] = []

    # County seat: crowded primary schools, junior secondary schools and one nine-year school.
    n_primary = max(2, round(4 * math.sqrt(scale)))
    n_junior = max(1, round(2 * math.sqrt(scale)))
    near = road_px[np.hypot(rx - sx[0], ry - sy[0]) < 1500.0 * scale**0.25]
    near = near[rng.permutation(near.size)]
    spacing = 600.0
    for _ in range(10):
        spots = _spaced_pick(near, grid, spacing, n_primary + n_junior + 1)
        if spots.size == n_primary + n_junior + 1:
            break
        spacing *= 0.8
    spots = spots.tolist()
    for k in range(n_primary):
        sites.append(_Site(spots[k], "primary", "county_seat", f"半仓县城关第{_cn_ordinal(k + 1)}小学", 0))
    for k in range(n_junior):
        sites.append(_Site(spots[n_primary + k], "junior", "county_seat", f"半仓县第{_cn_ordinal(k + 1)}中学", 0))
    sites.append(_Site(spots[-1], "nine_year", "county_seat", "半仓县实验学校", 0))

    # Township seats: the smaller ones have a nine-year school, or send their juniors elsewhere.
    small_half = np.argsort(places.size[1:n_seats], kind="stable")[: n_seats // 2] + 1
    small_half = small_half[rng.permutation(small_half.size)].tolist()
    n_nine = max(1, round(2 * scale))
    nine = set(small_half[:n_nine])
    no_junior = set(small_half[n_nine : n_nine + round(2 * scale)])
    for t in range(1, n_seats):
        township = places.name[t]
        p = int(places.pixel[t])
        if t in nine:
            sites.append(_Site(p, "nine_year", "township", f"{township}九年制学校", t))
            continue
        sites.append(_Site(p, "primary", "township", f"{township}中心小学", t))
        if t in no_junior:
            continue
        px, py = grid.xy(np.asarray([p]))
        d = np.hypot(rx - px[0], ry - py[0])
        spot = road_px[(d > 250) & (d < 900)]
        spot = spot[~np.isin(spot, [s.pixel for s in sites])]
        if spot.size:
            sites.append(
                _Site(
                    int(spot[rng.integers(spot.size)]), "junior", "township", f"半仓县{_strip_suffix(township)}中学", t
                )
            )

    # Villages: the larger main villages get a primary school, the smaller ones and some remote
    # villages a teaching point.
    village = np.arange(n_seats, places.pixel.size)
    village = village[~places.far_side[village]]
    village = village[np.argsort(-places.size[village] * rng.uniform(0.7, 1.3, village.size), kind="stable")]
    hubs = village[places.role[village] == 0]
    hubs = np.concatenate([hubs[places.anchor[hubs]], hubs[~places.anchor[hubs]]])  # the anchor keeps its school
    remote = village[places.role[village] == 2]
    n_village_primary = round(42 * scale)
    n_teaching = round(22 * scale)
    n_remote_tp = round(0.4 * n_teaching)
    taken = np.asarray([s.pixel for s in sites], dtype=np.int64)
    primary_px = _spaced_pick(places.pixel[hubs], grid, 1800.0, n_village_primary, taken, 2200.0)
    taken = np.concatenate([taken, primary_px])
    remote_px = _spaced_pick(places.pixel[remote], grid, 1800.0, n_remote_tp, taken, 2200.0)
    taken = np.concatenate([taken, remote_px])
    tp_px = _spaced_pick(places.pixel[hubs], grid, 1800.0, n_teaching - remote_px.size, taken, 2200.0)
    lookup = {int(places.pixel[v]): int(v) for v in village}
    for p in primary_px.tolist():
        sites.append(_Site(p, "primary", "village", f"{places.name[lookup[p]]}小学", lookup[p]))
    for p in np.concatenate([tp_px, remote_px]).tolist():
        sites.append(_Site(p, "teaching_point", "village", f"{places.name[lookup[p]]}教学点", lookup[p]))
    return sites


def _walk_graph(grid: _Grid, county: np.ndarray, terrain: _Terrain, rivers: _Rivers, roads: _Roads) -> sp.csr_matrix:
    """Walking times of children in minutes: 3.6 km/h on roads, 3 on paths and 2 across country,
    slowed on slopes by Tobler's hiking function; rivers are crossed only on road bridges."""
    n = grid.size
    z = terrain.elevation.ravel()
    a, b, length = _grid_edges(county & ~rivers.mask)
    on_road = np.isin(a * np.int64(n) + b, roads.a * np.int64(n) + roads.b)
    a, b, length = a[~on_road], b[~on_road], length[~on_road]
    speed = np.full(a.size, 2.0)
    ra, ca = np.divmod(roads.a, grid.cols)
    rb, cb = np.divmod(roads.b, grid.cols)
    road_len = np.hypot(rb - ra, cb - ca)
    road_speed = np.where(roads.rank == _RANKS.index("path"), 3.0, 3.6)
    all_a = np.concatenate([a, roads.a])
    all_b = np.concatenate([b, roads.b])
    run = np.concatenate([length, road_len]) * grid.cell
    v = np.concatenate([speed, road_speed])
    slope = (z[all_b] - z[all_a]) / run

    def minutes(s: np.ndarray) -> np.ndarray:
        factor = np.exp(-3.5 * (np.abs(s + 0.05) - 0.05))  # Tobler, 1 on level ground
        return run / 1000.0 / (v * factor) * 60.0

    return _graph(n, all_a, all_b, minutes(slope), minutes(-slope))


def _schools(
    rng: np.random.Generator,
    grid: _Grid,
    county: np.ndarray,
    terrain: _Terrain,
    rivers: _Rivers,
    places: _Places,
    townships: _Townships,
    roads: _Roads,
    children: _Children,
    scale: float,
) -> dict[str, np.ndarray | list]:
    """The schools layer's columns (points as x, y): sites, pupils by grade, classes, seats,
    boarding, teachers and resources."""
    on_road = np.zeros(grid.size, dtype=bool)
    on_road[roads.a] = on_road[roads.b] = True
    sites = _school_sites(rng, grid, places, on_road, scale)
    m = len(sites)
    types = np.array([s.type for s in sites])
    setting = np.array([s.setting for s in sites])
    pixel = np.array([s.pixel for s in sites], dtype=np.int64)
    serves_primary = types != "junior"
    serves_junior = (types == "junior") | (types == "nine_year")
    full_primary = serves_primary & (types != "teaching_point")

    # Catchments: each child goes to the nearest school (walking time) that teaches the grade.
    walk = _walk_graph(grid, county, terrain, rivers, roads)
    cells = children.cell

    def nearest(which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ids = np.flatnonzero(which)
        time, _, source = dijkstra(walk, indices=pixel[ids], min_only=True, return_predecessors=True)
        lookup = np.full(grid.size, -1, dtype=np.int64)
        lookup[pixel[ids]] = ids
        src = source[cells]
        return time[cells], np.where(src >= 0, lookup[np.maximum(src, 0)], -1)

    t_any, s_any = nearest(serves_primary)
    t_full, s_full = nearest(full_primary)
    t_jun, s_jun = nearest(serves_junior)
    lower_school = s_any
    upper_to_full = (s_any >= 0) & (types[np.maximum(s_any, 0)] == "teaching_point")
    upper_school = np.where(upper_to_full, s_full, s_any)
    upper_time = np.where(upper_to_full, t_full, t_any)

    # Children by grade: cohorts shrink a little towards grade 1 (falling births).
    trend = rng.uniform(0.02, 0.05)
    g_primary = 1 - trend * (6 - np.arange(1, 7))
    g_primary /= g_primary.sum()
    g_junior = 1 - trend * (9 - np.arange(7, 10))
    g_junior /= g_junior.sum()
    enrol = np.zeros((m, 9))
    far_upper = np.zeros(m)  # pupils of grades 4-6 living over 40 minutes away
    far_junior = np.zeros(m)
    for g in range(6):
        school = lower_school if g < 3 else upper_school
        ok = school >= 0
        enrol[:, g] = np.bincount(school[ok], children.primary[ok] * g_primary[g], minlength=m)
        if g >= 3:
            far = ok & (upper_time > 40)
            far_upper += np.bincount(school[far], children.primary[far] * g_primary[g], minlength=m)
    for g in range(3):
        ok = s_jun >= 0
        enrol[:, 6 + g] = np.bincount(s_jun[ok], children.junior[ok] * g_junior[g], minlength=m)
    far = (s_jun >= 0) & (t_jun > 30)
    far_junior += np.bincount(s_jun[far], children.junior[far], minlength=m)
    far_upper /= np.maximum(enrol[:, 3:6].sum(axis=1), 1e-9)  # shares of the pupils
    far_junior /= np.maximum(enrol[:, 6:].sum(axis=1), 1e-9)

    # Pupils leave village schools for the township's central school and the county seat, and
    # township juniors for the county seat; a few leave the county with their parents.
    label = townships.label.ravel()
    site_township = label[pixel]
    central = {int(site_township[i]): i for i in range(m) if setting[i] == "township" and full_primary[i]}
    seat_primary = np.flatnonzero((setting == "county_seat") & serves_primary)
    seat_junior = np.flatnonzero((setting == "county_seat") & serves_junior)
    pull_primary = rng.uniform(0.5, 1.5, seat_primary.size)
    pull_primary /= pull_primary.sum()
    pull_junior = rng.uniform(0.5, 1.5, seat_junior.size)
    pull_junior /= pull_junior.sum()
    moved_in = np.zeros((m, 9))
    for i in range(m):
        if setting[i] == "county_seat":
            continue
        if serves_primary[i]:
            leave = rng.uniform(0.10, 0.30) if setting[i] == "village" else rng.uniform(0.04, 0.12)
            out = enrol[i, :6] * (leave + np.r_[0, 0, 0, 0.08, 0.1, 0.12])
            enrol[i, :6] -= out
            to_town = 0.45 if setting[i] == "village" and int(site_township[i]) in central else 0.0
            if to_town:
                moved_in[central[int(site_township[i])], :6] += to_town * out
            moved_in[seat_primary, :6] += (1 - to_town) * np.outer(pull_primary, out)
        if serves_junior[i]:
            out = enrol[i, 6:] * rng.uniform(0.10, 0.30)
            enrol[i, 6:] -= out
            moved_in[seat_junior, 6:] += np.outer(pull_junior, out)
    enrol += moved_in
    enrol *= (1 - rng.uniform(0.03, 0.09, m))[:, None]
    enrol[:, :6] *= serves_primary[:, None]
    enrol[:, 6:] *= serves_junior[:, None]
    enrol[types == "teaching_point", 3:6] = 0
    # County-seat schools fill every room: 57-64 pupils a class, the same number of classes in
    # each grade (streams).
    streams = np.zeros((m, 2), dtype=np.int64)
    for i in np.flatnonzero(setting == "county_seat").tolist():
        for level, grades_of in ((0, slice(0, 6)), (1, slice(6, 9))):
            n = enrol[i, grades_of].sum()
            if n > 0:
                n_grades = grades_of.stop - grades_of.start
                streams[i, level] = max(2, round(n / n_grades / 60))
                enrol[i, grades_of] *= n_grades * streams[i, level] * rng.uniform(57, 64) / n
    pupils = np.rint(enrol).astype(np.int64)
    # Every school has somebody in each grade it teaches, however few.
    teaches = np.zeros((m, 9), dtype=bool)
    teaches[:, :3] = serves_primary[:, None]
    teaches[:, 3:6] = full_primary[:, None]
    teaches[:, 6:] = serves_junior[:, None]
    pupils = np.where(teaches, np.maximum(pupils, 1), 0)

    columns = _school_records(rng, sites, pupils, moved_in, far_upper, far_junior, streams)
    grades = {"primary": (1, 6), "teaching_point": (1, 3), "junior": (7, 9), "nine_year": (1, 9)}
    columns["school_id"] = np.array([f"{COUNTY_CODE}{k + 1:04d}" for k in range(m)])
    columns["name"] = np.array([s.name for s in sites])
    columns["type"] = types
    columns["grade_min"] = np.array([grades[t][0] for t in types], dtype=np.int64)
    columns["grade_max"] = np.array([grades[t][1] for t in types], dtype=np.int64)
    for g in range(9):
        columns[f"enrol_g{g + 1}"] = pupils[:, g]
    # Locations: a few dozen metres off the road pixel, towards a dry neighbour.
    x, y = grid.xy(pixel)
    river = rivers.mask.ravel()
    for i, p in enumerate(pixel.tolist()):
        pr, pc = divmod(p, grid.cols)
        options = [
            (dr, dc)
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            if (dr or dc)
            and 0 <= pr + dr < grid.rows
            and 0 <= pc + dc < grid.cols
            and not river[(pr + dr) * grid.cols + pc + dc]
        ]
        dr, dc = options[int(rng.integers(len(options)))] if options else (0, 0)
        reach = rng.uniform(25.0, 50.0) / math.hypot(dr, dc) if (dr or dc) else 0.0
        x[i] += dc * reach
        y[i] -= dr * reach
    columns["x"] = x
    columns["y"] = y
    columns["pixel"] = pixel
    return columns


def _school_records(
    rng: np.random.Generator,
    sites: list[_Site],
    pupils: np.ndarray,
    moved_in: np.ndarray,
    far_upper: np.ndarray,
    far_junior: np.ndarray,
    streams: np.ndarray,
) -> dict[str, np.ndarray | list]:
    """Classes, seats, boarding, teachers and resources of each school.

    County-seat schools are crowded: classes of 57-64, every room in use, little floor and
    sports ground per pupil. Village schools were built for larger cohorts: rooms to spare and
    ample space per pupil, but fewer specialist and senior teachers. Resources vary school by
    school so that the balance indicators straddle the standards.
    """
    records: dict[str, list] = {}

    def put(**values: object) -> None:
        for key, value in values.items():
            records.setdefault(key, []).append(value)

    u = rng.uniform
    for k, site in enumerate(sites):
        g = pupils[k]
        n_p, n_j = int(g[:6].sum()), int(g[6:].sum())
        where, kind = site.setting, site.type
        # Classes per grade, and the rooms (standard seats) the school has.
        if kind == "teaching_point":
            classes_p = 1 if n_p <= 12 else (2 if n_p <= 40 else 3)
            rooms_p = max(classes_p, int(rng.integers(2, 5)))
        elif where == "county_seat":
            classes_p = rooms_p = 6 * int(streams[k, 0])
        elif where == "township":
            classes_p = int(np.ceil(g[:6] / u(42, 50)).sum())
            rooms_p = classes_p + int(rng.integers(0, 4))
        else:  # village schools: small ones teach two grades together in a class (复式班)
            classes_p = int(np.ceil(g[:6] / 45).sum()) if n_p >= 60 else int(rng.integers(3, 5))
            rooms_p = classes_p + int(rng.integers(0, 3))
        if n_j == 0:
            classes_j = rooms_j = 0
        elif where == "county_seat":
            classes_j = rooms_j = 3 * int(streams[k, 1])
        else:
            classes_j = int(np.ceil(g[6:] / u(44, 52)).sum())
            rooms_j = classes_j + int(rng.integers(0, 4))
        if n_p == 0:
            classes_p = rooms_p = 0
        cap_p, cap_j = 45 * rooms_p, 50 * rooms_j

        # Boarders: pupils of grades 4-9 living far away and those come from other catchments.
        boarders = 0.0
        if kind in ("junior", "nine_year"):
            far_share = max(far_junior[k], u(0.3, 0.5) if where == "township" else 0.0)
            boarders += min(n_j, n_j * far_share + 0.8 * moved_in[k, 6:].sum())
        if kind in ("primary", "nine_year") and where != "county_seat" and (where == "township" or u() < 0.15):
            upper = g[3:6].sum()
            boarders += min(upper, upper * far_upper[k] + 0.7 * moved_in[k, 3:6].sum())
        boarders_n = round(boarders)
        if boarders_n < 5:
            boarders_n = 0
        beds = int(math.ceil(boarders_n * u(0.8, 1.35) / 10) * 10) if boarders_n else 0

        # Teachers: by pupils in town, by classes in small village schools.
        level = {"county_seat": 0, "township": 1, "village": 2}[where] + (kind == "teaching_point")
        teachers_p = 0.0
        if n_p:
            teachers_p = (
                n_p / u(19.5, 23)
                if level == 0
                else n_p / u(15, 19)
                if level == 1
                else max(classes_p * u(1.4, 1.9), n_p / 13)
                if level == 2
                else max(1.0, classes_p * u(1.0, 1.6))
            )
        teachers_j = n_j / u(12, 14.5) if n_j else 0.0
        teachers = max(1, round(teachers_p + teachers_j))
        low, high = ((0.85, 0.98), (0.7, 0.92), (0.45, 0.9), (0.3, 0.85))[level]
        qualified = int(rng.binomial(teachers, u(low, high)))
        low, high = ((0.35, 0.6), (0.3, 0.55), (0.15, 0.5), (0.0, 0.4))[level]
        senior = int(rng.binomial(teachers, u(low, high)))
        low, high = ((0.18, 0.28), (0.12, 0.2), (0.04, 0.15), (0.0, 0.1))[level]
        key = int(rng.binomial(teachers, u(low, high)))
        if level <= 1:
            pe_arts = int(rng.binomial(teachers, u(0.15, 0.22) if level == 0 else u(0.1, 0.18)))
        else:
            pe_arts = int(rng.integers(0, 2)) if level == 2 else 0

        # Buildings (teaching and auxiliary floor area per standard classroom), grounds, equipment.
        total = max(1, n_p + n_j)
        rooms = rooms_p + rooms_j
        if where == "county_seat":
            floor = rooms * u(170, 215)
            sports = n_p * u(2.5, 5.5) + n_j * u(3.5, 8.0)
            equipment = n_p * u(1700, 3000) + n_j * u(2000, 3500)
            computers = total * u(5, 10) / 100
            multimedia = (classes_p + classes_j) * u(0.8, 1.0)
        elif kind == "teaching_point":
            floor = rooms * u(70, 120)
            sports = u(150, 600)
            equipment = u(15_000, 80_000)
            computers = float(rng.integers(0, 6))
            multimedia = float(rng.integers(0, 2))
        elif where == "township":
            floor = rooms * u(170, 230)
            sports = rooms_p * u(250, 420) + rooms_j * u(350, 560)
            equipment = n_p * u(1500, 3200) + n_j * u(2000, 3500)
            computers = u(20, 60) + n_j * u(8, 15) / 100
            multimedia = (classes_p + classes_j) + float(rng.integers(-2, 3))
        else:
            floor = rooms * u(90, 150)
            sports = rooms * u(80, 260)
            equipment = n_p * rng.lognormal(math.log(1900), 0.45)
            computers = float(rng.integers(0, 25))
            multimedia = float(rng.integers(0, 4))
        books = n_p * u(12, 35) + n_j * u(20, 45)
        put(
            boarding=bool(boarders_n),
            classes_primary=classes_p,
            classes_junior=classes_j,
            capacity_primary=cap_p,
            capacity_junior=cap_j,
            boarding_beds=beds,
            boarders=boarders_n,
            teachers=teachers,
            teachers_qualified=qualified,
            teachers_senior=senior,
            key_teachers=key,
            pe_arts_teachers=pe_arts,
            floor_area_m2=float(round(floor, -1)),
            sports_area_m2=float(round(sports, -1)),
            equipment_value_yuan=float(round(equipment, -2)),
            books=round(books),
            computers=round(computers),
            multimedia_rooms=max(0, round(multimedia)),
        )
    return {key: np.asarray(values) for key, values in records.items()}


def _assemble(
    grid: _Grid,
    terrain: _Terrain,
    rivers: _Rivers,
    places: _Places,
    townships: _Townships,
    roads: _Roads,
    children: _Children,
    schools: dict[str, np.ndarray | list],
    *,
    seed: int,
    scale: float,
) -> Project:
    """The layers as GeoDataFrames, in the column order of gis.project."""
    import geopandas as gpd
    import pandas as pd

    from gis.project import PLACE_COLUMNS, POPULATION_COLUMNS, SCHOOL_COLUMNS

    polygons = np.array(townships.polygons, dtype=object)
    codes = np.array(townships.codes)
    tree = shapely.STRtree(polygons)
    label = townships.label.ravel()

    def township_of(x: np.ndarray, y: np.ndarray, pixel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The code of the township polygon holding each point (the raster's township for a
        point just outside the simplified county edge) and whether a polygon holds it."""
        which = label[pixel].copy()
        pts, polys = tree.query(shapely.points(x, y), predicate="intersects")
        which[pts[::-1]] = polys[::-1]  # the first polygon found wins
        inside = np.zeros(x.size, dtype=bool)
        inside[pts] = True
        return codes[np.maximum(which, 0)], inside

    township_frame = gpd.GeoDataFrame(
        {"code": list(townships.codes), "name": list(townships.names)}, geometry=list(polygons), crs=CRS
    )
    # Population cells whose centre falls outside the (simplified) county edge are left out.
    cx, cy = grid.xy(children.cell)
    township, inside = township_of(cx, cy, children.cell)
    cell = children.cell[inside]
    row, col = np.divmod(cell, grid.cols)
    population = gpd.GeoDataFrame(
        {
            "cell_id": cell.astype(np.int64),
            "row": row.astype(np.int64),
            "col": col.astype(np.int64),
            "primary": children.primary[inside],
            "junior": children.junior[inside],
            "township": township[inside],
        },
        geometry=shapely.points(cx[inside], cy[inside]),
        crs=CRS,
    )[[*POPULATION_COLUMNS, "geometry"]]
    px, py = grid.xy(places.pixel)
    place_frame = gpd.GeoDataFrame(
        {
            "name": list(places.name),
            "kind": list(places.kind),
            "township": township_of(px, py, places.pixel)[0],
            "population": np.rint(children.place_total / 0.135).astype(np.int64),  # children are ~13.5%
        },
        geometry=shapely.points(px, py),
        crs=CRS,
    )[[*PLACE_COLUMNS, "geometry"]]
    school_columns = {key: schools[key] for key in SCHOOL_COLUMNS if key != "township"}
    school_columns["township"] = township_of(
        np.asarray(schools["x"]), np.asarray(schools["y"]), np.asarray(schools["pixel"])
    )[0]
    school_frame = gpd.GeoDataFrame(
        pd.DataFrame(school_columns)[list(SCHOOL_COLUMNS)],
        geometry=shapely.points(np.asarray(schools["x"]), np.asarray(schools["y"])),
        crs=CRS,
    )
    road_frame = gpd.GeoDataFrame(
        {"road_class": [_RANKS[r] for r in roads.line_rank.tolist()], "name": list(roads.line_names)},
        geometry=list(roads.lines),
        crs=CRS,
    )
    river_frame = gpd.GeoDataFrame({"name": list(rivers.names)}, geometry=list(rivers.lines), crs=CRS)
    dem = Dem(terrain.elevation.astype(np.float32), grid.transform(), CRS)
    settings = {
        "name": COUNTY_NAME,
        "county": COUNTY_NAME,
        "county_code": COUNTY_CODE,
        "crs": CRS,
        "cell_size": f"{grid.cell:g}",
        "x0": f"{grid.x0:.0f}",
        "y0": f"{grid.y0:.0f}",
        "grid_rows": str(grid.rows),
        "grid_cols": str(grid.cols),
        "grid_origin": "x0, y0: north-west corner of cell (row 0, col 0); centre of a cell: "
        "x = x0 + (col + 0.5) * cell_size, y = y0 - (row + 0.5) * cell_size; cell_id = row * grid_cols + col",
        "generator": "gis.demo",
        "seed": str(seed),
        "scale": f"{scale:g}",
    }
    return Project(
        name=COUNTY_NAME,
        crs=CRS,
        schools=school_frame,
        population=population,
        roads=road_frame,
        townships=township_frame,
        places=place_frame,
        rivers=river_frame,
        dem=dem,
        settings=settings,
    )
