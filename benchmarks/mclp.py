"""Maximal covering (MCLP) on the São José dos Campos set SJC324 … SJC818, spopt alongside.

``python -m benchmarks.run mclp`` (or ``make bench``). Every point of an instance is a
client (of its demand) and a candidate site; a client is covered by a site at Euclidean
distance ≤ S. For each instance, S ∈ {800, 1200} m and p ∈ {1, …, 10, 15, 20}: our exact
:meth:`~gis.locate.MaxCover.solve` (the model built once per instance and radius, then
:meth:`~gis.locate.MaxCover.with_p` for each p, all of it timed), its proven gap, and the
value of ``computed_optima.csv`` where it has one (p ∈ {5, 10, 15, 20}). The reference is
PySAL's spopt (``MCLP.from_cost_matrix`` solved by CBC through PuLP) in the same run, each
case capped at ``cap`` seconds and the cases of one instance at ``SPOPT_BUDGET_S``; the
cases past that budget are skipped (so every instance gets some). spopt and PuLP come
from ``requirements-bench.lock``; runtime code never imports them.

The instances are read from ``SCHOOLPLAN_MCLP`` or ``../shared/benchmarks/mclp-sjc`` next
to the repository (licence CC BY-NC-SA: they are never copied into the repository).
"""

from __future__ import annotations

import csv
import math
import os
import time
from pathlib import Path

import numpy as np

from gis.locate import MaxCover

MCLP = Path(os.environ.get("SCHOOLPLAN_MCLP", Path(__file__).resolve().parents[2] / "shared/benchmarks/mclp-sjc"))
INSTANCES = ("SJC324", "SJC402", "SJC500", "SJC708", "SJC818")
RADII = (800.0, 1200.0)
PS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20)
SPOPT_CAP_S = 20.0  # one case
SPOPT_BUDGET_S = 25.0  # all cases of one instance together (the last one started may overrun it)


def read_sjc(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Points (x, y in metres) and demands of an SJC file: ``n 9999 p S``, then ``x y demand`` lines."""
    lines = path.read_text().split("\n")
    n = int(lines[0].split()[0])
    values = np.array([[float(token) for token in line.split()[:3]] for line in lines[1 : n + 1]])
    if values.shape != (n, 3):
        raise ValueError(f"{path}: expected {n} lines of x y demand, found {values.shape}")
    return values[:, :2], values[:, 2]


def sjc_costs(points: np.ndarray) -> np.ndarray:
    """Euclidean distances between every pair of points (clients × sites)."""
    return np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=-1))


def computed_optima(folder: Path = MCLP) -> dict[tuple[str, int, int], float]:
    """``computed_optima.csv``: (instance, S, p) → covered demand."""
    with (folder / "computed_optima.csv").open() as handle:
        return {
            (row["instance"], int(row["S"]), int(row["p"])): float(row["covered_demand"])
            for row in csv.DictReader(handle)
        }


def spopt_mclp(costs: np.ndarray, demand: np.ndarray, radius: float, p: int, cap: float) -> dict[str, object]:
    """spopt's MCLP solved by CBC within ``cap`` seconds: time, covered demand, finished."""
    import pulp
    from spopt.locate import MCLP as SpoptMCLP

    started = time.perf_counter()
    model = SpoptMCLP.from_cost_matrix(costs, demand, service_radius=radius, p_facilities=p)
    try:
        model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=cap), results=False)
    except RuntimeError:  # spopt raises when CBC ends without a solution
        return {"seconds": time.perf_counter() - started, "objective": math.nan, "finished": False}
    seconds = time.perf_counter() - started
    sites = [j for j, var in enumerate(model.fac_vars) if (var.value() or 0) > 0.5]
    objective = float(demand[(costs[:, sites] <= radius).any(axis=1)].sum()) if sites else math.nan
    finished = model.problem.sol_status == pulp.LpSolutionOptimal and seconds < cap
    return {"seconds": seconds, "objective": objective, "finished": bool(finished)}


def bench_mclp(
    instances: tuple[str, ...] = INSTANCES,
    *,
    cap: float = SPOPT_CAP_S,
    budget: float = SPOPT_BUDGET_S,
    spopt: bool = True,
) -> dict[str, object]:
    """Run every case; print one table row each; return the rows and the totals."""
    if not (MCLP / "computed_optima.csv").exists():
        message = f"mclp: skipped, no benchmark set at {MCLP}"
        print(message, flush=True)
        return {"skipped": message}
    optima = computed_optima()
    print(
        f"{'instance':8} {'n':>4} {'S':>5} {'p':>3} {'optimum':>8} {'ours':>8} {'gap %':>6} {'seconds':>8} "
        f"{'spopt s':>8} {'ratio':>7} same",
        flush=True,
    )
    rows: list[dict[str, object]] = []
    for name in instances:
        spopt_spent = 0.0 if spopt else math.inf
        points, demand = read_sjc(MCLP / f"{name}.txt")
        costs = sjc_costs(points)
        for radius in RADII:
            model: MaxCover | None = None
            for p in PS:
                started = time.perf_counter()
                model = (
                    MaxCover.from_cost_matrix(costs, demand, p, max_cost=radius) if model is None else model.with_p(p)
                )
                result = model.solve()
                seconds = time.perf_counter() - started
                optimum = optima.get((name, int(radius), p))
                row: dict[str, object] = {
                    "instance": name,
                    "n": int(costs.shape[0]),
                    "S": int(radius),
                    "p": p,
                    "optimum": optimum,
                    "objective": result.objective,
                    "upper_bound": result.upper_bound,
                    "gap": result.gap,
                    "status": result.status,
                    "seconds": seconds,
                    "proved": bool(result.gap == 0.0 and result.is_optimal),
                    "matches_optimum": None if optimum is None else bool(result.objective == optimum),
                }
                if spopt_spent < budget:
                    reference = spopt_mclp(costs, demand, radius, p, cap)
                    spopt_spent += float(reference["seconds"])  # type: ignore[arg-type]
                    row["spopt_s"] = reference["seconds"]
                    row["spopt_objective"] = reference["objective"]
                    row["spopt_finished"] = reference["finished"]
                    if reference["finished"]:
                        row["spopt_ratio"] = float(reference["seconds"]) / seconds  # type: ignore[arg-type]
                        row["spopt_same_objective"] = bool(reference["objective"] == result.objective)
                rows.append(row)
                spopt_cells = (
                    f"{row['spopt_s']:8.2f} {row['spopt_ratio']:6.0f}× {'yes' if row['spopt_same_objective'] else 'NO'}"
                    if "spopt_ratio" in row
                    else (f"{row['spopt_s']:8.2f}   (cap)" if "spopt_s" in row else f"{'—':>8} {'—':>7}")
                )
                shown = f"{optimum:8.0f}" if optimum is not None else f"{'—':>8}"
                print(
                    f"{name:8} {row['n']:4d} {int(radius):5d} {p:3d} {shown} {result.objective:8.0f} "
                    f"{100 * result.gap:6.2f} {seconds:8.3f} {spopt_cells}",
                    flush=True,
                )
    compared = [row for row in rows if "spopt_ratio" in row]
    ratios = [float(row["spopt_ratio"]) for row in compared]  # type: ignore[arg-type]
    ours = [float(row["seconds"]) for row in rows]  # type: ignore[arg-type]
    listed = [row for row in rows if row["matches_optimum"] is not None]
    ours_compared = float(np.sum([float(row["seconds"]) for row in compared]))  # type: ignore[arg-type]
    spopt_compared = float(np.sum([float(row["spopt_s"]) for row in compared]))  # type: ignore[arg-type]
    worst = int(np.argmax(ours))
    totals: dict[str, object] = {
        "cases": len(rows),
        "proved_with_zero_gap": sum(bool(row["proved"]) for row in rows),
        "listed_optima": len(listed),
        "listed_optima_matched": sum(bool(row["matches_optimum"]) for row in listed),
        "total_s": sum(ours),
        "median_s": float(np.median(ours)),
        "worst_s": ours[worst],
        "worst_case": f"{rows[worst]['instance']} S={rows[worst]['S']} p={rows[worst]['p']}",
        "spopt_cap_s": cap,
        "spopt_budget_s": budget,
        "spopt_compared": len(compared),
        "spopt_same_objective": sum(bool(row["spopt_same_objective"]) for row in compared),
        "spopt_total_s_compared": spopt_compared,
        "ours_total_s_compared": ours_compared,
        "spopt_ratio_total": spopt_compared / ours_compared if ours_compared else math.nan,
        "spopt_ratio_median": float(np.median(ratios)) if ratios else math.nan,
    }
    print(
        f"{totals['proved_with_zero_gap']}/{len(rows)} proved with gap 0; "
        f"{totals['listed_optima_matched']}/{len(listed)} equal to computed_optima.csv; "
        f"ours {totals['total_s']:.2f} s in total (median {totals['median_s']:.3f} s, worst {totals['worst_case']} "
        f"{totals['worst_s']:.2f} s); spopt finished {len(compared)} cases in {spopt_compared:.1f} s against our "
        f"{ours_compared:.2f} s on them ({totals['spopt_ratio_total']:.0f}×, median ratio "
        f"{totals['spopt_ratio_median']:.0f}×), same objective on {totals['spopt_same_objective']}",
        flush=True,
    )
    return {"rows": rows, "totals": totals}


if __name__ == "__main__":
    bench_mclp()
