"""The enrolment zones' benchmark (issue 17): the demo county's primary and junior zones and the large
county's primary zones, each drawn in a child process (wall time, peak memory, the proven bound and
gap), beside one baseline analysis of the same county in the same process (a ratio, as the machine is
shared), and the zones checked from what was drawn: every village in one zone, each zone's polygon
in one piece, every school within its seats.

Targets (issue 17): the demo county's primary zones proven within 1 % in 60 s or less; the large
county's within 5 minutes.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.standards import run_child

_CHILD = r"""
import json, resource, sys, time
from gis.analysis import analyze
from gis.project import load_project
from gis.standards import load_standards
from gis.usecases import run_zones
from gis.zones import ZoneOptions

path, level = sys.argv[1], sys.argv[2]
time_limit, gap = float(sys.argv[3]), float(sys.argv[4])
standards = load_standards()
project = load_project(path)
started = time.perf_counter()
zones = run_zones(project, standards, options=ZoneOptions(level=level, time_limit=time_limit, gap=gap)).zones
zones_s = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# The zones checked from what was drawn.
seats = dict(zip(project.schools["school_id"].astype(str), project.schools[f"capacity_{level}"], strict=True))
within_seats = all(row.peak_children <= seats[row.school_id] + 1e-6 for row in zones.zones.itertuples())
one_piece = all(g.geom_type == "Polygon" for g in zones.zones.geometry)
every_village_once = zones.villages["village_code"].is_unique and zones.villages["school_id"].notna().all()
from gis import network
network._GEOMETRY_CACHES.clear()  # the reference starts cold, as the zones did
started = time.perf_counter()
analyze(project, standards)
analysis_s = time.perf_counter() - started
print(json.dumps({
    "zones_s": zones_s, "solve_s": zones.seconds, "peak_rss_mb": peak_mb, "objective": zones.objective,
    "travel": zones.travel, "bound": zones.bound, "gap": zones.gap, "status": zones.status,
    "rounds": zones.rounds, "cuts": zones.cuts, "start": zones.start, "zones": len(zones.zones),
    "villages": len(zones.villages), "beyond_30": zones.beyond_30, "beyond_30_least": zones.beyond_30_least,
    "within_seats": within_seats, "one_piece": one_piece, "every_village_once": bool(every_village_once),
    "reference_analysis_s": analysis_s,
}))
"""


def _run(args: list[str]) -> dict[str, object]:
    return run_child(_CHILD, args, "zones_s", "zones_per_analysis")


def bench_zones(demo: Path, large: Path | None, *, repeats: int = 1) -> dict[str, object]:
    """The demo county's primary zones (60 s, 1 %) and junior zones, and, when given, the large
    county's primary zones (300 s, within 1 % asked); each in a child process, ``repeats`` times."""
    results: dict[str, object] = {}
    runs = {
        "demo_primary": [str(demo), "primary", "60", "0.01"],
        "demo_junior": [str(demo), "junior", "60", "0.001"],
    }
    if large is not None:
        runs["large_primary"] = [str(large), "primary", "300", "0.01"]
    for name, args in runs.items():
        results[name] = [_run(args) for _ in range(repeats)]
        print(json.dumps({f"zones.{name}": results[name]}, indent=2), flush=True)
    return results
