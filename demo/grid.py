"""The 100 m grid the county is drawn on, and the tools on it that the steps share.

Pixels are numbered row by row (flat indices); row 0 is the northern edge. The tools: the
8-neighbour edges of a mask and sparse graphs over them, the path back through a shortest-path
tree, the window of pixels around a pixel, pixels picked in weighted random order or spaced
apart, and a pixel path smoothed into a line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

if TYPE_CHECKING:
    from affine import Affine

CRS = "EPSG:4545"  # CGCS2000 / 3-degree Gauss-Kruger CM 108E
CELL_SIZE = 100.0
_STEPS = ((0, 1), (1, 0), (1, 1), (1, -1))  # the four forward 8-neighbour steps (drow, dcol)


class Window(NamedTuple):
    """The pixels within a reach of a pixel, as a box clipped to the grid."""

    row: int  # the pixel's row and column
    col: int
    box: tuple[slice, slice]  # the box, to index (rows, cols) arrays
    yy: np.ndarray  # the row and the column of each pixel of the box (as np.mgrid gives them)
    xx: np.ndarray


@dataclass(frozen=True)
class Grid:
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

    def window(self, pixel: int, reach: float) -> Window:
        """The box of pixels within ``reach`` rows and columns of a pixel, clipped to the grid."""
        pr, pc = divmod(pixel, self.cols)
        r0, r1 = max(0, int(pr - reach)), min(self.rows, int(pr + reach) + 1)
        c0, c1 = max(0, int(pc - reach)), min(self.cols, int(pc + reach) + 1)
        yy, xx = np.mgrid[r0:r1, c0:c1]
        return Window(pr, pc, (slice(r0, r1), slice(c0, c1)), yy, xx)


def grid_edges(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def pixel_graph(
    n: int, a: np.ndarray, b: np.ndarray, w_ab: np.ndarray, w_ba: np.ndarray | None = None
) -> sp.csr_matrix:
    """A sparse directed graph with edges a->b (weight w_ab) and b->a (w_ba, default w_ab)."""
    w_ba = w_ab if w_ba is None else w_ba
    rows = np.concatenate([a, b])
    cols = np.concatenate([b, a])
    data = np.concatenate([w_ab, w_ba]).astype(np.float64)
    return sp.csr_matrix((data, (rows, cols)), shape=(n, n))


def path_to(predecessors: np.ndarray, target: int) -> list[int]:
    """The pixels of the shortest path to target, from the source to target."""
    path = [int(target)]
    while predecessors[path[-1]] >= 0:
        path.append(int(predecessors[path[-1]]))
    return path[::-1]


def nearest_source(graph: sp.csr_matrix, sources: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shortest distances from the nearest of several source pixels, and the label of that
    source for each pixel (-1 where no source can be reached)."""
    dist, _, source = dijkstra(graph, indices=sources, min_only=True, return_predecessors=True)
    lookup = np.full(graph.shape[0], -1, dtype=np.int64)
    lookup[sources] = labels
    return dist, np.where(source >= 0, lookup[np.maximum(source, 0)], -1)


def weighted_order(rng: np.random.Generator, weight: np.ndarray) -> np.ndarray:
    """A random order in which items come early in proportion to their weight (Efraimidis-Spirakis)."""
    keys = np.log(rng.random(weight.size)) / np.maximum(weight, 1e-12)
    return np.argsort(-keys, kind="stable")


def spaced_pick(
    candidates: np.ndarray,
    grid: Grid,
    spacing: float,
    count: int,
    taken: np.ndarray | None = None,
    taken_spacing: float = 0.0,
) -> np.ndarray:
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


def smooth_path(coords: np.ndarray) -> np.ndarray:
    """One pass of Laplacian smoothing that keeps the end vertices (a vertex moves 35 m on a right-angle
    bend of a pixel path, 56 m at most)."""
    out = coords.copy()
    if len(coords) > 2:
        out[1:-1] = 0.5 * coords[1:-1] + 0.25 * (coords[:-2] + coords[2:])
    return out
