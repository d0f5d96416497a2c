"""Shapes of grid cells for the map: the union of the cells carrying each label, without GDAL.

Used by the web map's swipe (:mod:`layers.webmap`) and the planning highlight
(:mod:`layers.highlight`), both drawn in the map's worker threads.
"""

from __future__ import annotations

import numpy as np


def cell_union(row: np.ndarray, col: np.ndarray, label: np.ndarray, transform: object) -> dict[int, object]:
    """One (multi)polygon per label, the union of the grid cells carrying it (negative labels: none).

    The same shapes as :func:`gis.catchments.dissolve_cells`, made with shapely's coverage union
    instead of GDAL: the map's workers call it beside a page being built, and GDAL's in-memory
    datasets silence a warning in a way that is not safe across threads (a warning of one thread
    then escapes as an error in the other).
    """
    import shapely

    label = np.asarray(label, dtype=np.int64)
    keep = label >= 0
    cells = np.unique(
        np.stack([np.asarray(row, dtype=np.int64)[keep], np.asarray(col, dtype=np.int64)[keep], label[keep]], 1),
        axis=0,
    )  # a cell listed twice (split between townships) is one square
    if not cells.size:
        return {}
    r, c, lab = cells[:, 0], cells[:, 1], cells[:, 2]
    x0, y0 = transform @ (c, r)  # type: ignore[operator]
    x1, y1 = transform @ (c + 1, r + 1)  # type: ignore[operator]
    boxes = shapely.box(np.minimum(x0, x1), np.minimum(y0, y1), np.maximum(x0, x1), np.maximum(y0, y1))
    order = np.argsort(lab, kind="stable")
    keys, starts = np.unique(lab[order], return_index=True)
    ends = np.r_[starts[1:], order.size]
    return {
        int(k): shapely.coverage_union_all(boxes[order[a:b]])
        for k, a, b in zip(keys.tolist(), starts.tolist(), ends.tolist(), strict=True)
    }
