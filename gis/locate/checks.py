"""Checks the location models share: the cost matrix, weights, site lists, p and cost limit.

Each check adds :class:`~gis.errors.Problem` entries to a list instead of raising, so that a
model reports every problem of its input together, in words, before any solver runs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from gis.errors import InputError, Problem

# Clients named one by one in an infeasibility message; the rest are counted.
MAX_NAMED = 10


def site_indices(values: Iterable[int], m: int, what: str, problems: list[Problem]) -> np.ndarray:
    """The distinct site indices of a list, dropping (and reporting) those out of range."""
    index = np.unique(np.asarray(list(values), dtype=np.int64))
    bad = index[(index < 0) | (index >= m)]
    if bad.size:
        problems.append(
            Problem(f"{what} sites must be columns of the cost matrix (0 to {m - 1})", value=", ".join(map(str, bad)))
        )
        index = index[(index >= 0) & (index < m)]
    return index


def check_common(
    costs: np.ndarray,
    weights: np.ndarray | Sequence[float] | None,
    fixed_open: Iterable[int],
    excluded: Iterable[int],
    *,
    allow_inf: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[Problem]]:
    """Check the cost matrix, weights and site lists; return them with the problems found.

    Costs may be ``+inf`` (an unusable pair) when ``allow_inf``, but never NaN or ``−inf``.
    Returns the costs, weights, fixed, excluded and allowed sites, and the problems.
    """
    costs = np.asarray(costs, dtype=float)
    problems: list[Problem] = []
    if costs.ndim != 2 or costs.shape[0] == 0 or costs.shape[1] == 0:
        raise InputError(
            Problem("the cost matrix must be two-dimensional with clients and sites", value=str(costs.shape))
        )
    n, m = costs.shape
    bad_cost = np.isnan(costs) | (costs == -np.inf)
    if not allow_inf and not np.isfinite(costs).all():
        bad = np.argwhere(~np.isfinite(costs))[0]
        problems.append(
            Problem(
                "costs must be finite",
                feature=f"client {bad[0]}, site {bad[1]}",
                value=str(costs[bad[0], bad[1]]),
                fix="give unreachable sites a large finite cost or exclude them",
            )
        )
    elif bad_cost.any():
        bad = np.argwhere(bad_cost)[0]
        problems.append(
            Problem(
                "costs must be numbers; only +inf (unreachable) may be infinite",
                feature=f"client {bad[0]}, site {bad[1]}",
                value=str(costs[bad[0], bad[1]]),
                fix="give unreachable pairs the cost +inf or exclude the site",
            )
        )
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (n,):
        problems.append(Problem(f"there must be one weight per client ({n})", value=str(w.shape)))
        w = np.ones(n)
    elif not (np.isfinite(w).all() and (w >= 0).all()):
        bad_i = int(np.flatnonzero(~(np.isfinite(w) & (w >= 0)))[0])
        problems.append(
            Problem("weights must be finite and non-negative", feature=f"client {bad_i}", value=str(w[bad_i]))
        )
        w = np.where(np.isfinite(w) & (w >= 0), w, 0.0)
    fixed = site_indices(fixed_open, m, "fixed open", problems)
    banned = site_indices(excluded, m, "excluded", problems)
    both = np.intersect1d(fixed, banned)
    if both.size:
        problems.append(
            Problem(
                "sites cannot be both fixed open and excluded",
                value=", ".join(map(str, both.tolist())),
                fix="keep each site in at most one of the two lists",
            )
        )
    allowed = np.setdiff1d(np.arange(m), banned)
    return costs, w, fixed, banned, allowed, problems


def check_p(p: int, fixed: np.ndarray, banned: np.ndarray, allowed: np.ndarray, m: int, problems: list[Problem]) -> int:
    """Check the number of sites to open against the fixed and excluded ones."""
    if int(p) != p:
        problems.append(Problem("the number of sites to open must be a whole number", value=str(p)))
    p = int(p)
    if p <= 0:
        problems.append(Problem("at least one site must be opened", field="p", value=str(p), fix="set p to 1 or more"))
    if p < fixed.size:
        problems.append(
            Problem(
                f"{fixed.size} sites are fixed open, more than the {p} sites to open",
                field="p",
                value=str(p),
                fix=f"set p to at least {fixed.size} or fix fewer sites",
            )
        )
    if p > allowed.size:
        problems.append(
            Problem(
                f"only {allowed.size} of the {m} sites may be opened ({banned.size} excluded), "
                f"fewer than the {p} asked",
                field="p",
                value=str(p),
                fix=f"set p to at most {allowed.size} or exclude fewer sites",
            )
        )
    return p


def check_max_cost(max_cost: float | None, problems: list[Problem], *, required: bool) -> float:
    """The cost limit as a float (``inf`` when there is none)."""
    if max_cost is None:
        if required:
            problems.append(Problem("a cost limit is required", field="max_cost", fix="give max_cost, e.g. 30"))
        return math.inf
    limit = float(max_cost)
    if not math.isfinite(limit):
        problems.append(
            Problem(
                "the cost limit must be a finite number",
                field="max_cost",
                value=str(max_cost),
                fix="give a number, e.g. 30 (minutes)",
            )
        )
        return math.inf
    return limit
