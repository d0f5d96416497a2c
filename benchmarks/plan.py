"""The county plan's benchmark: the demo county and the large county, each planned in a child process
(wall time, peak memory), beside one baseline analysis of the same county in the same process (a
ratio, as the machine is shared) and beside the greedy plan's objective in the same run.

Targets (issue 14): the demo plan (2026-2030, 8,000 万元) proven within 0.5 % in 60 s or less; the
large county (five years) within 2 % in five minutes or less and 2 GB or less.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

_CHILD = r"""
import json, resource, sys, time
from gis.analysis import analyze
from gis.plan import Budget, county_plan
from gis.plan.model import TERMS
from gis.project import load_project
from gis.standards import load_standards

path, years = sys.argv[1], sys.argv[2]
budget, time_limit, gap = float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
files = sys.argv[6:]
first, last = (int(y) for y in years.split("-"))
standards = load_standards()
project = load_project(path)
births = history = None
if files:
    from gis.importing.births import read_births
    from gis.importing.enrolment import read_enrolment
    from gis.importing.report import ImportReport
    report = ImportReport()
    births = read_births(files[0], project, report=report)
    history = read_enrolment(files[1], project, report=report)
started = time.perf_counter()
plan = county_plan(project, standards, years=list(range(first, last + 1)), budget=Budget(total=budget),
                   births=births, history=history, time_limit=time_limit, gap=gap)
plan_s = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
weights = plan.solution.objective.weights
def weighted(terms):
    return None if terms is None else sum(weights[t] * terms[t] for t in TERMS)
stage = plan.solution.stages[-1]
from gis import network
network._GEOMETRY_CACHES.clear()  # the reference starts cold, as the plan did
started = time.perf_counter()
analyze(project, standards)
analysis_s = time.perf_counter() - started
print(json.dumps({
    "plan_s": plan_s, "plan_stages_s": plan.seconds, "peak_rss_mb": peak_mb,
    "objective": stage.value, "bound": stage.bound, "gap": stage.gap, "status": stage.status, "solve_s": stage.seconds,
    "greedy_objective": weighted(plan.greedy), "nothing_objective": weighted(plan.nothing),
    "terms": plan.solution.terms, "greedy_terms": plan.greedy, "nothing_terms": plan.nothing,
    "actions": len(plan.actions), "capital": plan.capital, "candidates": len(plan.candidates.ids()),
    "columns": int(plan.model.lower.size), "rows": int(plan.model.matrix.shape[0]), "notes": list(plan.notes),
    "reference_analysis_s": analysis_s,
}))
"""


def _run(args: list[str]) -> dict[str, object]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, *args], check=False, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"the plan's benchmark failed:\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = time.perf_counter() - started
    result["plan_per_analysis"] = float(result["plan_s"]) / float(result["reference_analysis_s"])  # type: ignore[arg-type]
    return result


def bench_plan(demo: Path, large: Path | None, large_history: tuple[Path, Path] | None) -> dict[str, object]:
    """The demo plan (2026-2030, 8,000 万元, 60 s, 0.5 %) and, when given, the large county's (2026-2030,
    80,000 万元, 240 s, 2 %), each in a child process."""
    results: dict[str, object] = {"demo": _run([str(demo), "2026-2030", "8000", "60", "0.005"])}
    print(json.dumps({"plan.demo": results["demo"]}, indent=2), flush=True)
    if large is not None and large_history is not None:
        births, enrolment = large_history
        results["large"] = _run([str(large), "2026-2030", "80000", "240", "0.02", str(births), str(enrolment)])
        print(json.dumps({"plan.large": results["large"]}, indent=2), flush=True)
    return results
