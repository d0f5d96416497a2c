"""Where people live and who governs them: the county seat, township seats, villages, townships.

The county seat sits on the main river near the middle of the county, township seats on the
larger streams. Villages come in clusters along the valleys (a main village, where a school
may be, and smaller villages within about a kilometre), plus a few remote villages up in the
hills. A 14 km stretch of the main river gets no bridge, and the villages on its far bank no
school.

Each pixel belongs to the township seat it can reach most easily on foot, so township
boundaries follow ridges and big rivers, as real ones do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely
from scipy import ndimage

from demo.grid import grid_edges, nearest_source, pixel_graph, spaced_pick, weighted_order
from demo.names import COUNTY_CODE, MINORITIES, TOWNSHIP_BASES, name_pool

if TYPE_CHECKING:
    from demo.grid import Grid
    from demo.rivers import Rivers
    from demo.terrain import Terrain

STREAM_KM2 = 0.5  # upstream area from which a stream has a valley floor worth settling
_NO_BRIDGE_KM = 14.0  # length of the main river with no bridge


@dataclass(frozen=True)
class Places:
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
class Townships:
    """The townships: a label per pixel, and the codes, names and polygons."""

    label: np.ndarray  # township index of each pixel, -1 outside the county, (rows, cols)
    codes: tuple[str, ...]
    names: tuple[str, ...]
    polygons: tuple[shapely.Geometry, ...]


def place_settlements(
    rng: np.random.Generator, grid: Grid, county: np.ndarray, terrain: Terrain, rivers: Rivers, scale: float
) -> Places:
    """County seat, township seats and villages, and the unbridged stretch of the main river."""
    shape, cell = grid.shape, grid.cell
    flat = ndimage.uniform_filter(terrain.slope, 9)  # mean slope within ~450 m
    river = rivers.mask
    inside = ndimage.distance_transform_edt(county) * cell  # metres from the county boundary
    area = terrain.area_km2.reshape(shape)
    d_stream = ndimage.distance_transform_edt(area < STREAM_KM2) * cell
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
        seats = spaced_pick(cand, grid, spacing, n_townships - 1, np.asarray([seat]), spacing)
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
    cand = cand[weighted_order(rng, weight)]
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
            far_bank = spaced_pick(far_cand, grid, 700.0, 4, np.concatenate([seats, anchors]), 1000.0)
    taken = np.concatenate([seats, anchors, far_bank])
    hubs = np.concatenate([anchors, spaced_pick(cand, grid, 2600.0, n_hubs - anchors.size, taken, 2600.0)])
    centres = np.zeros(grid.size, dtype=bool)
    centres[np.concatenate([seats, hubs])] = True
    d_centre = ndimage.distance_transform_edt(~centres.reshape(shape)).ravel()[cand] * cell
    taken = np.concatenate([seats, hubs, far_bank])
    near = cand[(d_centre > 350) & (d_centre < 1200)]
    n_satellites = n_villages - n_remote - hubs.size - far_bank.size
    satellites = np.concatenate([far_bank, spaced_pick(near, grid, 500.0, n_satellites, taken, 600.0)])
    taken = np.concatenate([taken, satellites])
    remote = spaced_pick(cand[d_centre > 3000], grid, 1000.0, n_villages - hubs.size - satellites.size, taken, 1000.0)
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
        suffix[i] = MINORITIES[k % len(MINORITIES)] + "乡"
    bases = name_pool(rng, TOWNSHIP_BASES)
    township_names = ["城关镇"] + [bases[i] + suffix[i] for i in range(n_townships - 1)]
    village_bases = name_pool(rng)
    names = ["半仓县城", *township_names[1:], *(village_bases[i] + "村" for i in range(villages.size))]

    # Villages on the far bank of the unbridged stretch (away from its ends) get no school.
    far = np.zeros(n_townships + villages.size, dtype=bool)
    if far_sign:
        side, middle, _ = _bank_side(grid, stretch, villages)
        far[n_townships:] = middle & (side == far_sign)
    anchor = np.zeros(n_townships + villages.size, dtype=bool)
    anchor[n_townships : n_townships + anchors.size] = True

    kinds = ("county_seat",) + ("township_seat",) * (n_townships - 1) + ("village",) * villages.size
    return Places(
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


def _bank_side(grid: Grid, stretch: np.ndarray, pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def draw_townships(grid: Grid, county: np.ndarray, terrain: Terrain, rivers: Rivers, places: Places) -> Townships:
    """Township areas: each pixel goes to the seat easiest to reach on foot (ridges and big rivers
    become boundaries); polygons simplified together so they still tile the county."""
    from rasterio import features

    cell = grid.cell
    z = terrain.elevation.ravel()
    a, b, length = grid_edges(county)
    run = length * cell
    rise = np.abs(z[b] - z[a]) / run
    big_river = (rivers.mask.ravel() & (terrain.area_km2 >= 50.0)).astype(np.float64)
    weight = run * (1 + (rise / 0.15) ** 2) + 1500.0 * (big_river[a] + big_river[b])
    seats = places.pixel[: places.n_seats]
    dist, seat = nearest_source(pixel_graph(grid.size, a, b, weight), seats, np.arange(seats.size))
    label = np.where(np.isfinite(dist) & county.ravel(), seat, -1).reshape(grid.shape)
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
    return Townships(label, codes, names, tuple(polygons.tolist()))
