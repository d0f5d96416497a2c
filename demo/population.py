"""The children: school-age children (6-14) on the 100 m grid.

Dense in the county seat and the township seats, clusters of cells at villages and hamlets,
and scattered single cells on the gentler slopes, mostly near streams and roads; each cell's
children split into primary and junior.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import ndimage

from demo.grid import weighted_order
from demo.settlements import STREAM_KM2

if TYPE_CHECKING:
    from demo.grid import Grid
    from demo.rivers import Rivers
    from demo.roads import Roads
    from demo.settlements import Places
    from demo.terrain import Terrain

_CHILDREN = 20_000.0  # children aged 6-14 at scale 1


@dataclass(frozen=True)
class Children:
    """The populated cells with their primary and junior children."""

    cell: np.ndarray  # flat pixel index of each populated cell
    primary: np.ndarray
    junior: np.ndarray
    place_total: np.ndarray  # children of each place (for the places layer)


def spread_children(
    rng: np.random.Generator,
    grid: Grid,
    county: np.ndarray,
    terrain: Terrain,
    rivers: Rivers,
    places: Places,
    roads: Roads,
    scale: float,
) -> Children:
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
        pr, pc, box, yy, xx = grid.window(p, reach)
        d = np.hypot(yy - pr, xx - pc) * cell
        w = np.exp(-0.5 * (d / spread[i]) ** 2) * (d <= 2.2 * spread[i])
        w = w * rng.lognormal(0.0, 0.6, w.shape) * steep[box] * livable[box]
        if w.sum() <= 0:
            children[pr, pc] += place_total[i]
        else:
            children[box] += place_total[i] * w / w.sum()

    # Hamlets: small clusters at the ends of the hamlet roads, and single cells scattered over
    # the gentler slopes, mostly near streams and roads.
    cluster = rng.lognormal(0.0, 0.5, roads.hamlets.size)
    cluster_total = 0.4 * hamlets * cluster / max(cluster.sum(), 1e-9)
    for p, amount in zip(roads.hamlets.tolist(), cluster_total.tolist(), strict=True):
        pr, pc, box, yy, xx = grid.window(p, 2)
        w = np.exp(-0.5 * (np.hypot(yy - pr, xx - pc) / 1.2) ** 2) * rng.lognormal(0.0, 0.6, yy.shape)
        w = w * livable[box]
        if w.sum() > 0:
            children[box] += amount * w / w.sum()
    area = terrain.area_km2.reshape(grid.shape)
    d_stream = ndimage.distance_transform_edt(area < STREAM_KM2) * cell
    d_road = ndimage.distance_transform_edt(~roads.on_road(grid.size).reshape(grid.shape)) * cell
    weight = (livable * steep * (np.exp(-d_stream / 500.0) + np.exp(-d_road / 400.0) + 0.1)).ravel()
    cand = np.flatnonzero(weight > 0)
    chosen = cand[weighted_order(rng, weight[cand])][: round(12_000 * scale)]
    share = rng.gamma(1.5, 1.0, chosen.size)
    np.add.at(children.reshape(-1), chosen, (hamlets - cluster_total.sum()) * share / share.sum())

    flat_children = children.ravel()
    cell_index = np.flatnonzero(flat_children >= 0.005)
    kids = flat_children[cell_index]
    primary_share = np.clip(0.665 + 0.03 * rng.standard_normal(kids.size), 0.55, 0.78)
    return Children(
        cell=cell_index,
        primary=np.round(kids * primary_share, 3),
        junior=np.round(kids * (1 - primary_share), 3),
        place_total=place_total,
    )
