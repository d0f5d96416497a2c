"""Capacitated p-median: the exact solver and the heuristic on the published CPMP sets, spopt alongside.

``python -m benchmarks.cpmp`` (add set names to run only those: ``osman``, ``sjc``,
``stefanello``, ``p3038``). Every set is single-sourced with an unweighted objective (the sum
of the distances from each client to its median); a client's demand only fills the median's
capacity. The model weighs costs by demand, so it is given ``d_ij / q_i`` as costs and
``q_i`` as weights, which makes its objective ``Σ d_ij``. Distances: the floor of the
Euclidean distance for Osman–Christofides (the rule their optima use), the real Euclidean
distance for Lorena–Senne and Stefanello (see each set's README).

For every instance: the published value, our exact objective, its proven gap (HiGHS's dual
bound; a gap of 0 means proved) and time, the heuristic's objective, error and time, and
spopt 0.7.0's capacitated ``PMedian`` (CBC through PuLP, within ``SPOPT_CAP_S``) as the
same-run reference where it finishes. Each instance has its set's time limit; SJC's six share
the issue's 5 minutes besides (each gets at most what the ones before it left). The instances
are read from ``SCHOOLPLAN_CPMP`` or ``../shared/benchmarks`` next to the repository; when
that folder is absent the benchmark says so and skips.
"""

from __future__ import annotations

import csv
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gis.locate import CapacitatedPMedian

ROOT = Path(os.environ.get("SCHOOLPLAN_CPMP", Path(__file__).resolve().parents[2] / "shared/benchmarks"))
SPOPT_CAP_S = 20.0


@dataclass(frozen=True)
class CpmpSet:
    """One benchmark set: where it lives, which instances, its distance rule and time limits."""

    key: str
    folder: str
    instances: tuple[str, ...]
    suffix: str
    floor: bool  # distances rounded down (Osman–Christofides)
    exact_limit_s: float  # per instance (the large sets: the neighbourhood search's time)
    spopt: bool
    large: bool = False  # too large for the exact model: the neighbourhood search alone
    budget_s: float = math.inf  # the whole set, heuristics included: each instance gets what is left


SETS = (
    CpmpSet("osman", "cpmp-orlib-osman", tuple(f"cpmp{k:02d}" for k in range(1, 21)), ".txt", True, 30.0, True),
    # The target for SJC is all six proved within 5 minutes in total: the set's budget.
    CpmpSet(
        "sjc",
        "cpmp-lorena-senne",
        ("SJC1", "SJC2", "SJC3a", "SJC3b", "SJC4a", "SJC4b"),
        ".dat",
        False,
        240.0,
        True,
        budget_s=300.0,
    ),
    CpmpSet(
        "stefanello",
        "cpmp-stefanello",
        (*(f"lin318_{p:03d}" for p in (5, 15, 40, 70, 100)), *(f"ali535_{p:03d}" for p in (5, 25, 50, 100, 150))),
        ".txt",
        False,
        60.0,
        False,
    ),
    CpmpSet(
        "p3038",
        "cpmp-lorena-senne",
        ("p3038_600", "p3038_700", "p3038_800", "p3038_900", "p3038_1000"),
        ".dat",
        False,
        600.0,
        False,
        large=True,
    ),
)


def read_cpmp(path: Path, *, floor: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Distances, demands, capacities and ``p`` of one instance file (``n p`` then ``x y Q q``)."""
    lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
    n, p = int(lines[0][0]), int(lines[0][1])
    rows = np.array([[float(v) for v in line[:4]] for line in lines[1 : n + 1]])
    xy = rows[:, :2]
    dist = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    if floor:
        dist = np.floor(dist)
    return dist, rows[:, 3], rows[:, 2], p


def published_values(folder: Path) -> dict[str, float]:
    """The published value of each instance (``optimal`` or ``value`` column of ``optimal.csv``)."""
    with (folder / "optimal.csv").open() as handle:
        return {row["instance"]: float(row.get("optimal") or row["value"]) for row in csv.DictReader(handle)}


def model_of(dist: np.ndarray, demand: np.ndarray, capacity: np.ndarray, p: int) -> CapacitatedPMedian:
    """The single-source model whose objective is the unweighted sum of distances."""
    return CapacitatedPMedian.from_cost_matrix(
        dist / demand[:, None], demand, p, capacities=capacity, single_source=True
    )


def spopt_cpmp(dist: np.ndarray, demand: np.ndarray, capacity: np.ndarray, p: int, cap: float) -> dict[str, object]:
    """spopt's capacitated p-median solved by CBC within ``cap`` seconds: time, objective, finished."""
    import pulp
    from spopt.locate import PMedian as SpoptPMedian

    started = time.perf_counter()
    model = SpoptPMedian.from_cost_matrix(dist / demand[:, None], demand, p_facilities=p, facility_capacities=capacity)
    try:
        model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=cap), results=False)
    except RuntimeError:  # spopt raises when CBC ends without a solution
        return {"seconds": time.perf_counter() - started, "objective": math.nan, "finished": False}
    seconds = time.perf_counter() - started
    objective = float(pulp.value(model.problem.objective) or math.nan)
    finished = model.problem.sol_status == pulp.LpSolutionOptimal and seconds < cap
    return {"seconds": seconds, "objective": objective, "finished": bool(finished)}


def bench_set(spec: CpmpSet, *, spopt: bool = True, cap: float = SPOPT_CAP_S) -> dict[str, object]:
    """Run one set; print one table row per instance; return the rows and the totals."""
    folder = ROOT / spec.folder
    values = published_values(folder)
    print(
        f"\n{spec.key}: {'instance':11} {'n':>5} {'p':>4} {'value':>10} {'ours':>10} {'gap %':>6} {'s':>7} "
        f"{'heur':>10} {'err %':>6} {'heur s':>7} {'spopt s':>8} {'ratio':>7}",
        flush=True,
    )
    rows: list[dict[str, object]] = []
    spent = 0.0
    for name in spec.instances:
        dist, demand, capacity, p = read_cpmp(folder / f"{name}{spec.suffix}", floor=spec.floor)
        model = model_of(dist, demand, capacity, p)
        heuristic = model.heuristic()
        limit = max(1.0, min(spec.exact_limit_s, spec.budget_s - spent - heuristic.seconds))
        exact = model.solve(warm_start=heuristic, time_limit=limit)
        spent += heuristic.seconds + exact.seconds
        value = values[name]
        row: dict[str, object] = {
            "instance": name,
            "n": int(dist.shape[0]),
            "p": p,
            "value": value,
            "objective": exact.objective,
            "gap": exact.gap,
            "lower_bound": exact.lower_bound,
            "seconds": exact.seconds + heuristic.seconds,
            "proved": bool(exact.gap == 0.0 and abs(exact.objective - value) <= 0.01),
            "heuristic": heuristic.objective,
            "heuristic_error_pct": 100.0 * (heuristic.objective - value) / value,
            "heuristic_s": heuristic.seconds,
        }
        cells = f"{'—':>8} {'—':>7}"
        if spopt and spec.spopt:
            ref = spopt_cpmp(dist, demand, capacity, p, cap)
            row["spopt_s"], row["spopt_finished"] = ref["seconds"], ref["finished"]
            if ref["finished"]:
                row["spopt_ratio"] = float(ref["seconds"]) / float(row["seconds"])  # type: ignore[arg-type]
                cells = f"{ref['seconds']:8.2f} {row['spopt_ratio']:6.1f}×"
            else:
                cells = f"{ref['seconds']:8.2f}   (cap)"
        rows.append(row)
        print(
            f"{'':{len(spec.key) + 1}} {name:11} {row['n']:5d} {p:4d} {value:10.2f} {exact.objective:10.2f} "
            f"{100 * exact.gap:6.2f} {row['seconds']:7.2f} {heuristic.objective:10.2f} "
            f"{row['heuristic_error_pct']:6.2f} {heuristic.seconds:7.2f} {cells}",
            flush=True,
        )
    seconds = [float(row["seconds"]) for row in rows]  # type: ignore[arg-type]
    ratios = [float(row["spopt_ratio"]) for row in rows if "spopt_ratio" in row]  # type: ignore[arg-type]
    totals: dict[str, object] = {
        "instances": len(rows),
        "proved": sum(bool(row["proved"]) for row in rows),
        "total_s": sum(seconds),
        "worst_s": max(seconds, default=math.nan),
        "heuristic_worst_error_pct": max((float(row["heuristic_error_pct"]) for row in rows), default=math.nan),  # type: ignore[arg-type]
        "heuristic_worst_s": max((float(row["heuristic_s"]) for row in rows), default=math.nan),  # type: ignore[arg-type]
        "exact_limit_s": spec.exact_limit_s,
        "budget_s": spec.budget_s,
        "spopt_cap_s": cap,
        "spopt_finished": len(ratios),
        "spopt_ratio_median": float(np.median(ratios)) if ratios else math.nan,
    }
    print(
        f"{spec.key}: {totals['proved']}/{totals['instances']} proved, {totals['total_s']:.1f} s in total "
        f"(worst {totals['worst_s']:.1f} s); heuristic worst {totals['heuristic_worst_error_pct']:.2f} % "
        f"in at most {totals['heuristic_worst_s']:.2f} s; spopt finished {len(ratios)} "
        f"(median ratio {totals['spopt_ratio_median']:.1f}×)",
        flush=True,
    )
    return {"rows": rows, "totals": totals}


def bench_large(spec: CpmpSet) -> dict[str, object]:
    """A set too large for the exact model (p3038: 9.2 million pairs): the neighbourhood search
    (:func:`gis.locate.neighbourhoods.neighbourhood_search`) for ``exact_limit_s`` seconds per
    instance against the best known value; print one row per instance."""
    from gis.locate.neighbourhoods import neighbourhood_search

    folder = ROOT / spec.folder
    values = published_values(folder)
    print(f"\n{spec.key}: {'instance':11} {'n':>5} {'p':>5} {'best known':>11} {'ours':>11} {'err %':>6} {'s':>7}")
    rows: list[dict[str, object]] = []
    for name in spec.instances:
        dist, demand, capacity, p = read_cpmp(folder / f"{name}{spec.suffix}", floor=spec.floor)
        found = neighbourhood_search(dist, demand, capacity, p, time_limit=spec.exact_limit_s)
        load = np.bincount(found.assignment, weights=demand, minlength=demand.size)
        value = values[name]
        row: dict[str, object] = {
            "instance": name,
            "n": int(dist.shape[0]),
            "p": p,
            "value": value,
            "objective": found.objective,
            "error_pct": 100.0 * (found.objective - value) / value,
            "seconds": found.seconds,
            "neighbourhoods": found.neighbourhoods,
            "improvements": found.improvements,
            "transfers": found.transfers,
            "feasible": bool(found.medians.size == p and np.all(load <= capacity + 1e-9)),
        }
        rows.append(row)
        print(
            f"{'':{len(spec.key) + 1}} {name:11} {row['n']:5d} {p:5d} {value:11.2f} {found.objective:11.2f} "
            f"{row['error_pct']:6.2f} {found.seconds:7.1f}",
            flush=True,
        )
    return {"rows": rows}


def bench_cpmp(sets: list[str] | None = None, *, spopt: bool = True) -> dict[str, object]:
    """Every set named (default: Osman–Christofides, Lorena–Senne SJC and Stefanello lin318 and ali535).

    Returns
    -------
    dict
        One entry per set with its rows and totals; ``{"skipped": reason}`` when the
        benchmark folder is absent.
    """
    chosen = sets or ["osman", "sjc", "stefanello"]
    results: dict[str, object] = {}
    for spec in SETS:
        if spec.key not in chosen:
            continue
        if not (ROOT / spec.folder).is_dir():
            reason = f"{ROOT / spec.folder} is absent: the {spec.key} CPMP benchmark is skipped"
            print(reason, flush=True)
            results[spec.key] = {"skipped": reason}
            continue
        results[spec.key] = bench_large(spec) if spec.large else bench_set(spec, spopt=spopt)
    return results


if __name__ == "__main__":
    bench_cpmp(sys.argv[1:] or None)
