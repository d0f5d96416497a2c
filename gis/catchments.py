"""Catchment polygons dissolved from the population grid, and the grid's geometry."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from affine import Affine


def grid_transform(x: np.ndarray, y: np.ndarray, row: np.ndarray, col: np.ndarray, cell_size: float) -> Affine:
    """The affine transform of the population grid, recovered from cell centres and indices.

    Works whichever way the rows run (north-up rasters have y falling as the row grows).
    """
    from affine import Affine

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    row = np.asarray(row, dtype=float)
    col = np.asarray(col, dtype=float)
    x0 = float(np.median(x - (col + 0.5) * cell_size))
    sign = -1.0
    if row.size > 1 and np.ptp(row) > 0:
        sign = 1.0 if np.corrcoef(row, y)[0, 1] > 0 else -1.0
    y0 = float(np.median(y - sign * (row + 0.5) * cell_size))
    return Affine(cell_size, 0.0, x0, 0.0, sign * cell_size, y0)


def cell_squares(x: np.ndarray, y: np.ndarray, cell_size: float) -> np.ndarray:
    """Square polygons of side ``cell_size`` centred on the given points (vectorised)."""
    import shapely

    h = cell_size / 2.0
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    coords = np.stack(
        [
            np.stack([x - h, y - h], axis=1),
            np.stack([x + h, y - h], axis=1),
            np.stack([x + h, y + h], axis=1),
            np.stack([x - h, y + h], axis=1),
            np.stack([x - h, y - h], axis=1),
        ],
        axis=1,
    )
    return shapely.polygons(coords)


def dissolve_cells(
    row: np.ndarray,
    col: np.ndarray,
    label: np.ndarray,
    transform: Affine,
) -> dict[int, object]:
    """One (multi)polygon per label, dissolved from the grid cells carrying that label.

    Cells with a negative label (unreachable) belong to no catchment. The polygons follow the
    cell edges exactly: the label grid is polygonised with GDAL (rasterio.features.shapes).
    """
    import rasterio.features
    import shapely
    from affine import Affine

    label = np.asarray(label, dtype=np.int32)
    keep = label >= 0
    if not keep.any():
        return {}
    row = np.asarray(row, dtype=np.int64)[keep]
    col = np.asarray(col, dtype=np.int64)[keep]
    label = label[keep]
    r0, c0 = int(row.min()), int(col.min())
    grid = np.full((int(row.max()) - r0 + 1, int(col.max()) - c0 + 1), -1, dtype=np.int32)
    grid[row - r0, col - c0] = label
    window = transform @ Affine.translation(c0, r0)
    values: list[int] = []
    rings: list[list[tuple[float, float]]] = []
    ring_polygon: list[int] = []
    for number, (geom, value) in enumerate(
        rasterio.features.shapes(grid, mask=grid >= 0, transform=window, connectivity=4)
    ):
        values.append(int(value))
        rings.extend(geom["coordinates"])
        ring_polygon.extend([number] * len(geom["coordinates"]))
    # Build every ring and polygon in two vectorised calls (the first ring of each polygon is
    # its shell, the rest its holes).
    lengths = np.fromiter((len(r) for r in rings), dtype=np.int64, count=len(rings))
    coords = np.concatenate([np.asarray(r, dtype=float) for r in rings])
    ring_geoms = shapely.linearrings(coords, indices=np.repeat(np.arange(len(rings)), lengths))
    polygons = shapely.polygons(ring_geoms, indices=np.asarray(ring_polygon))
    labels = np.asarray(values, dtype=np.int64)
    # GDAL's regions of one label are disjoint (4-connected), so they form a valid
    # MultiPolygon without any union.
    order = np.argsort(labels, kind="stable")
    keys, starts, counts = np.unique(labels[order], return_index=True, return_counts=True)
    # Labels with several regions get a MultiPolygon, built in one vectorised call; the others
    # their one polygon.
    group = np.repeat(np.arange(keys.size), counts)
    many = counts > 1
    slot = np.cumsum(many) - 1
    multi = shapely.multipolygons(polygons[order][many[group]], indices=slot[group][many[group]])
    singles = polygons[order[starts]]
    return {
        key: multi[slot[number]] if several else singles[number]
        for number, (key, several) in enumerate(zip(keys.tolist(), many.tolist(), strict=True))
    }
