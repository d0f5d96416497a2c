"""Read J.E. Beasley's OR-Library p-median instances (pmed1 to pmed40).

The file gives ``n m p`` on its first line, then ``m`` undirected edges ``i j cost`` with
1-based vertices. When a vertex pair appears more than once, the last occurrence counts
(the convention under which the published optima hold). The cost between two vertices is
the shortest-path length over the graph; every vertex is both a client and a site.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path

from gis.errors import InputError, Problem


def read_orlib_pmed(path: str | Path) -> tuple[np.ndarray, int]:
    """Read an OR-Library p-median instance as an all-pairs cost matrix.

    Parameters
    ----------
    path
        The ``pmedN.txt`` file.

    Returns
    -------
    costs, p
        The ``n × n`` matrix of shortest-path lengths (clients × sites) and the number of
        medians to open.

    Raises
    ------
    InputError
        If the header or an edge line is malformed, a vertex is out of range, a cost is
        negative, or the graph is disconnected.
    """
    path = Path(path)
    tokens = path.read_text().split()
    if len(tokens) < 3:
        raise InputError(Problem("the header 'n m p' is missing", file=str(path)))
    try:
        n, m, p = (int(t) for t in tokens[:3])
        values = np.array(tokens[3 : 3 + 3 * m], dtype=float)
    except ValueError as exc:
        raise InputError(Problem(f"not a p-median instance: {exc}", file=str(path))) from None
    problems: list[Problem] = []
    if values.size != 3 * m:
        problems.append(Problem(f"the header announces {m} edges but the file has {values.size // 3}", file=str(path)))
        m = values.size // 3
        values = values[: 3 * m]
    edges = values.reshape(m, 3)
    i = edges[:, 0].astype(np.int64) - 1
    j = edges[:, 1].astype(np.int64) - 1
    cost = edges[:, 2]
    bad = (i < 0) | (i >= n) | (j < 0) | (j >= n)
    for row in np.flatnonzero(bad)[:10]:
        problems.append(
            Problem(
                "vertex out of range", file=str(path), feature=f"edge {row + 1}", value=f"{i[row] + 1} {j[row] + 1}"
            )
        )
    for row in np.flatnonzero(cost < 0)[:10]:
        problems.append(Problem("negative edge cost", file=str(path), feature=f"edge {row + 1}", value=str(cost[row])))
    if problems:
        raise InputError(problems)
    # Last occurrence of an undirected pair wins: key on (min, max) and keep the last index.
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    key = lo * n + hi
    _, last_from_end = np.unique(key[::-1], return_index=True)
    keep = m - 1 - last_from_end
    keep = keep[lo[keep] != hi[keep]]  # a loop never shortens a path
    graph = sp.coo_matrix((cost[keep], (lo[keep], hi[keep])), shape=(n, n)).tocsr()
    costs = shortest_path(graph, method="D", directed=False)
    if not np.isfinite(costs).all():
        raise InputError(Problem("the graph is disconnected: some vertices cannot reach others", file=str(path)))
    return costs, p
