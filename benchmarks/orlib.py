"""OR-Library p-median: the exact solver and the heuristic on all 40 instances, spopt alongside.

``python -m benchmarks.run orlib`` (or ``make bench``); alone, ``python -m benchmarks.orlib
[--no-spopt] [pmedN ...]``. For every instance: the published optimum, our exact objective,
its proven gap and time (the heuristic warm start included, as
:meth:`~gis.locate.PMedian.solve` runs it), and the heuristic's objective, error and time
(with the restarts the exact solver's warm start makes, ``solve_restarts(p)``).
The reference is PySAL's spopt (its ``PMedian`` model solved by CBC through PuLP) in the
same run: each instance gets ``cap`` seconds of CBC, and once spopt fails to finish one,
the instances of that size and larger are skipped, which keeps the benchmark short. The
exact solver gets what is left of ``EXACT_BUDGET_S`` seconds for all instances, at most
``EXACT_LIMIT_S`` per instance (at least 1 s); one not proved by then shows its gap.
spopt and PuLP come from ``requirements-bench.lock``; runtime code never imports them.

The instances are read from ``SCHOOLPLAN_ORLIB`` or ``../shared/benchmarks/orlib-pmed``
next to the repository.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import time
from pathlib import Path

import numpy as np

from gis.locate import PMedian, read_orlib_pmed
from gis.locate.pmedian import solve_restarts

ORLIB = Path(os.environ.get("SCHOOLPLAN_ORLIB", Path(__file__).resolve().parents[2] / "shared/benchmarks/orlib-pmed"))
SPOPT_CAP_S = 60.0
EXACT_BUDGET_S = 600.0  # all 40 instances together; an instance not proved in its share shows its gap
EXACT_LIMIT_S = 300.0  # per instance at most, and never more than what is left of the budget


def published_optima(folder: Path = ORLIB) -> dict[str, int]:
    """The published optimum of each instance, from ``optimal.csv``."""
    with (folder / "optimal.csv").open() as handle:
        return {row["instance"]: int(row["optimal"]) for row in csv.DictReader(handle)}


def spopt_pmedian(costs: np.ndarray, p: int, cap: float) -> dict[str, object]:
    """spopt's p-median solved by CBC within ``cap`` seconds: time, objective, finished."""
    import pulp
    from spopt.locate import PMedian as SpoptPMedian

    started = time.perf_counter()
    model = SpoptPMedian.from_cost_matrix(costs, np.ones(costs.shape[0]), p_facilities=p)
    try:
        model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=cap), results=False)
    except RuntimeError:  # spopt raises when CBC ends without a solution
        return {"seconds": time.perf_counter() - started, "objective": math.nan, "finished": False}
    seconds = time.perf_counter() - started
    sites = [j for j, var in enumerate(model.fac_vars) if (var.value() or 0) > 0.5]
    objective = float(costs[:, sites].min(axis=1).sum()) if len(sites) == p else math.nan
    finished = model.problem.sol_status == pulp.LpSolutionOptimal and seconds < cap
    return {"seconds": seconds, "objective": objective, "finished": bool(finished)}


def bench_orlib(
    instances: list[str] | None = None, *, cap: float = SPOPT_CAP_S, spopt: bool = True
) -> dict[str, object]:
    """Run every instance; print one table row each; return the rows and the totals."""
    optima = published_optima()
    names = instances or [f"pmed{k}" for k in range(1, 41)]
    header = (
        f"{'instance':9} {'n':>4} {'p':>4} {'optimum':>8} {'exact':>8} {'gap %':>6} {'exact s':>8} "
        f"{'heur':>8} {'err %':>6} {'heur s':>7} {'spopt s':>8} {'ratio':>7} same"
    )
    print(header, flush=True)
    rows: list[dict[str, object]] = []
    spopt_fails_at = math.inf if spopt else -math.inf  # instance size at which spopt first ran out of time
    spent = 0.0  # seconds of the exact solver so far
    for name in names:
        costs, p = read_orlib_pmed(ORLIB / f"{name}.txt")
        model = PMedian.from_cost_matrix(costs, None, p)
        heuristic = model.heuristic(restarts=solve_restarts(p))
        exact = model.solve(time_limit=max(1.0, min(EXACT_LIMIT_S, EXACT_BUDGET_S - spent)))
        spent += exact.seconds
        optimum = optima[name]
        row: dict[str, object] = {
            "instance": name,
            "n": int(costs.shape[0]),
            "p": int(p),
            "optimum": optimum,
            "exact_objective": exact.objective,
            "exact_gap": exact.gap,
            "exact_lower_bound": exact.lower_bound,
            "exact_status": exact.status,
            "exact_s": exact.seconds,
            "reproduces_optimum": bool(exact.objective == optimum and exact.gap == 0.0 and exact.is_optimal),
            "heuristic_objective": heuristic.objective,
            "heuristic_error_pct": 100.0 * (heuristic.objective - optimum) / optimum,
            "heuristic_s": heuristic.seconds,
        }
        if costs.shape[0] < spopt_fails_at:
            reference = spopt_pmedian(costs, p, cap)
            row["spopt_s"] = reference["seconds"]
            row["spopt_objective"] = reference["objective"]
            row["spopt_finished"] = reference["finished"]
            if reference["finished"]:
                row["spopt_ratio"] = float(reference["seconds"]) / exact.seconds  # type: ignore[arg-type]
                row["spopt_same_objective"] = bool(reference["objective"] == exact.objective)
            else:
                spopt_fails_at = costs.shape[0]  # instances as large or larger would not finish either
        rows.append(row)
        spopt_cells = (
            f"{row['spopt_s']:8.2f} {row['spopt_ratio']:6.0f}× {'yes' if row['spopt_same_objective'] else 'NO'}"
            if "spopt_ratio" in row
            else (f"{row['spopt_s']:8.2f}   (cap)" if "spopt_s" in row else f"{'—':>8} {'—':>7}")
        )
        print(
            f"{name:9} {row['n']:4d} {p:4d} {optimum:8d} {exact.objective:8.0f} {100 * exact.gap:6.2f} "
            f"{exact.seconds:8.2f} "
            f"{heuristic.objective:8.0f} {row['heuristic_error_pct']:6.2f} {heuristic.seconds:7.2f} {spopt_cells}",
            flush=True,
        )
    compared = [row for row in rows if "spopt_ratio" in row]
    ratios = [float(row["spopt_ratio"]) for row in compared]  # type: ignore[arg-type]
    exact_s = [float(row["exact_s"]) for row in rows]  # type: ignore[arg-type]
    heuristic_s = [float(row["heuristic_s"]) for row in rows]  # type: ignore[arg-type]
    errors = [float(row["heuristic_error_pct"]) for row in rows]  # type: ignore[arg-type]
    worst = int(np.argmax(exact_s))
    totals: dict[str, object] = {
        "instances": len(rows),
        "optima_reproduced_with_zero_gap": sum(bool(row["reproduces_optimum"]) for row in rows),
        "exact_total_s": sum(exact_s),
        "exact_worst_s": exact_s[worst],
        "exact_worst_instance": rows[worst]["instance"],
        "heuristic_worst_error_pct": max(errors),
        "heuristic_worst_s": max(heuristic_s),
        "heuristic_total_s": sum(heuristic_s),
        "heuristic_optimal": sum(error == 0.0 for error in errors),
        "heuristic_within_1pct": sum(error <= 1.0 for error in errors),
        "exact_budget_s": EXACT_BUDGET_S,
        "exact_limit_s": EXACT_LIMIT_S,
        "spopt_cap_s": cap,
        "spopt_compared": len(compared),
        "spopt_same_objective": sum(bool(row["spopt_same_objective"]) for row in compared),
        "spopt_ratio_min": min(ratios) if ratios else math.nan,
        "spopt_ratio_median": float(np.median(ratios)) if ratios else math.nan,
        "spopt_ratio_max": max(ratios) if ratios else math.nan,
        "spopt_first_unfinished": next((row["instance"] for row in rows if row.get("spopt_finished") is False), None),
    }
    print(
        f"{totals['optima_reproduced_with_zero_gap']}/{len(rows)} optima reproduced with gap 0; "
        f"exact {totals['exact_total_s']:.1f} s in total (worst {totals['exact_worst_instance']}, "
        f"{totals['exact_worst_s']:.1f} s); heuristic optimal on {totals['heuristic_optimal']}, worst error "
        f"{totals['heuristic_worst_error_pct']:.2f} %, worst time {totals['heuristic_worst_s']:.2f} s; "
        f"spopt on {len(compared)} instances, "
        f"ratio {totals['spopt_ratio_min']:.0f}–{totals['spopt_ratio_max']:.0f}× "
        f"(median {totals['spopt_ratio_median']:.0f}×), same objective on {totals['spopt_same_objective']}",
        flush=True,
    )
    return {"rows": rows, "totals": totals}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="The p-median solvers on the OR-Library instances.")
    parser.add_argument("instances", nargs="*", help="instance names (default pmed1 to pmed40)")
    parser.add_argument("--no-spopt", action="store_true", help="skip the spopt reference")
    arguments = parser.parse_args()
    bench_orlib(arguments.instances or None, spopt=not arguments.no_spopt)
