"""The land: the county's outline and its DEM.

The outline is a lobed, rotated ellipse with a ragged (fractal) edge. For the DEM, a drainage
tree is grown over a random "rock resistance" field (a shortest-path tree to the outlets: water
takes the easiest way out), upstream areas are accumulated along it and the land is raised
channel by channel with slopes that fall with upstream area (Flint's law, the steady state of
stream-power erosion). The larger streams get flat valley floors. The result is a drained
landscape of valleys and ridges, scaled to 420-1,800 m. Once the settlements are placed, the
towns get small flattened basins (坝子).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import ndimage
from scipy.sparse.csgraph import dijkstra

from demo.grid import CELL_SIZE, Grid, grid_edges, path_to, pixel_graph

AREA_KM2 = 1_950.0  # county area at scale 1
_CENTRE = (500_000.0, 2_880_000.0)  # x, y of the county's middle in EPSG:4545
_ELEV_MIN, _ELEV_MAX = 420.0, 1_800.0
_MARGIN = 30  # pixels of land drawn around the county


@dataclass(frozen=True)
class Terrain:
    """The DEM, its slopes and the drainage tree it was raised along."""

    elevation: np.ndarray  # metres, (rows, cols)
    slope: np.ndarray  # rise over run, (rows, cols)
    receiver: np.ndarray  # flat index of the pixel each pixel drains to, -1 where water leaves
    area_km2: np.ndarray  # upstream area of each pixel, flat


def county_outline(rng: np.random.Generator, scale: float) -> tuple[Grid, np.ndarray]:
    """An irregular county: a lobed, rotated ellipse with a ragged (fractal) edge.

    Returns the grid (the county's bounding box plus a margin) and the county mask.
    """
    area_px = AREA_KM2 * scale * 1e6 / CELL_SIZE**2
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
    return Grid(n_rows, n_cols, float(x0), float(y0)), mask


def raise_terrain(rng: np.random.Generator, grid: Grid, scale: float) -> Terrain:
    """Mountains and valleys: a drained landscape raised along a drainage tree (see module notes)."""
    shape = grid.shape
    n = grid.size
    # How hard the rock is: water finds its way along the weak zones.
    resistance = np.exp(1.1 * _fractal_noise(rng, shape, 3.0) + 0.6 * _fractal_noise(rng, shape, 2.2)).ravel()
    roughness = np.exp(0.25 * _fractal_noise(rng, shape, 2.8)).ravel()
    texture = _fractal_noise(rng, shape, 1.8)
    a, b, length = grid_edges(np.ones(shape, dtype=bool))

    # The main river crosses the domain: it enters on one side and leaves on the other.
    border = np.flatnonzero(np.pad(np.zeros((grid.rows - 2, grid.cols - 2), dtype=bool), 1, constant_values=True))
    br, bc = np.divmod(border, grid.cols)
    angle = np.arctan2(-(br - grid.rows / 2), bc - grid.cols / 2)
    theta = rng.uniform(0, 2 * math.pi)
    inlet = int(border[np.argmin(np.abs(np.angle(np.exp(1j * (angle - theta)))))])
    out_dir = theta + math.pi + rng.uniform(-0.35, 0.35)
    outlet = int(border[np.argmin(np.abs(np.angle(np.exp(1j * (angle - out_dir)))))])
    weight = (resistance[a] + resistance[b]) / 2 * length
    _, pred = dijkstra(pixel_graph(n, a, b, weight), indices=outlet, return_predecessors=True)
    main = np.asarray(path_to(pred, inlet))
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
    dist, pred = dijkstra(pixel_graph(n + 1, ea, eb, ew), indices=sink, return_predecessors=True)
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
    return Terrain(elevation, _slope(elevation, grid.cell), receiver, area)


def flatten_basins(grid: Grid, terrain: Terrain, seats: np.ndarray, scale: float) -> Terrain:
    """Towns sit in small flat basins (坝子): the ground flattened around each seat, the county
    seat (the first) most widely."""
    cell = grid.cell
    z = terrain.elevation.copy()
    for i, p in enumerate(seats.tolist()):
        reach = (2500.0 * scale**0.25 if i == 0 else 1000.0) / cell
        pr, pc, box, yy, xx = grid.window(p, reach)
        d = np.hypot(yy - pr, xx - pc)
        w = _smoothstep(1.0 - d / reach)
        win = z[box]
        floor = np.minimum(win, z[pr, pc] + 0.015 * d * cell)
        z[box] = win * (1 - w) + floor * w
    return Terrain(z, _slope(z, cell), terrain.receiver, terrain.area_km2)


def _slope(elevation: np.ndarray, cell: float) -> np.ndarray:
    """The steepest slope of each pixel, rise over run."""
    gy, gx = np.gradient(elevation, cell)
    return np.hypot(gx, gy)


def _fractal_noise(rng: np.random.Generator, shape: tuple[int, int], beta: float) -> np.ndarray:
    """Gaussian noise with a power spectrum falling as k^-beta, scaled to mean 0 and std 1."""
    spectrum = np.fft.rfft2(rng.standard_normal(shape))
    ky = np.fft.fftfreq(shape[0])[:, None]
    kx = np.fft.rfftfreq(shape[1])[None, :]
    k = np.hypot(ky, kx)
    k[0, 0] = np.inf
    field = np.fft.irfft2(spectrum * k ** (-beta / 2), s=shape)
    return (field - field.mean()) / field.std()


def _smoothstep(t: np.ndarray) -> np.ndarray:
    """0 up to 0, 1 from 1, and a smooth S-curve between."""
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3 - 2 * t)
