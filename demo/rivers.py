"""The rivers: the streams draining more than ``_RIVER_KM2``, named, as lines and as a mask.

Each river is followed upstream by its larger branch, so it keeps its name at confluences. Its
pixels, filled to 4-connected lines, block roads (an 8-connected road can not slip between
them); a road that crosses one is a bridge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely

from demo.grid import smooth_path
from demo.names import name_pool

if TYPE_CHECKING:
    from demo.grid import Grid
    from demo.terrain import Terrain

_RIVER_KM2 = 12.0  # upstream area from which a stream is mapped as a river


@dataclass(frozen=True)
class Rivers:
    """The named rivers, as pixel runs, lines and a 4-connected mask."""

    names: tuple[str, ...]
    pixels: tuple[np.ndarray, ...]  # each stream from its source to its mouth, flat indices
    lines: tuple[shapely.LineString, ...]
    mask: np.ndarray  # 4-connected river pixels, (rows, cols)


def trace_rivers(rng: np.random.Generator, grid: Grid, terrain: Terrain) -> Rivers:
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
    pool = name_pool(rng, ("清水", "白水", "响水", "龙洞", "岩门", "桃花", "麻线", "猫跳", "冷水", "落龙"))
    names = ["半仓河"] + [pool[i] + ("河" if i < 8 else "溪") for i in range(len(streams) - 1)]

    # Lines: pixel centres, lightly smoothed; a tributary ends exactly on its main stream.
    placed: dict[int, tuple[float, float]] = {}
    lines = []
    for stream in streams:
        x, y = grid.xy(stream)
        coords = smooth_path(np.column_stack([x, y]))
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
    return Rivers(tuple(names), tuple(streams), tuple(lines), mask.reshape(grid.shape))
