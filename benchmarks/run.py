"""SchoolPlan benchmarks: ``make bench`` (or ``python -m benchmarks.run``).

Every speed figure is reported beside a reference measured in the same run, because
absolute times drift on shared machines. Results are printed and written to
``benchmarks/_data/results.json``; BENCHMARKS.md quotes them.

Benchmarks
----------
analyze
    The whole ``schoolplan analyze`` run on the large county (a separate process: wall time
    and peak memory), and each stage in-process.
nearest
    Nearest-school travel times on the large county's walking network: scipy's compiled
    multi-source Dijkstra against networkx's multi-source Dijkstra on the same graph
    (identical results required), and the whole nearest-school step.
gui
    The desktop window, headless: demo county open to map shown, map update after the
    analysis, and the longest block of the GUI event loop during an analysis
    (:mod:`benchmarks.gui`), run first and alone with ``python -m benchmarks.run gui``.
suggest
    The whole ``schoolplan suggest`` on the large county in a separate process (wall time) beside
    ``schoolplan analyze --no-map`` of the same county just before it (the ratio), and the same
    steps in a child of their own: load, analysis, suggestions by stage, peak memory.
forecast
    A ten-year enrolment forecast of the large county from its generated history (births by
    place 2012-2025, enrolment 2021-2025): 2026-2035 and the base year through the assignment,
    the three births variants for the band, in a separate process (wall time, peak memory),
    against one baseline analysis of the same county in the same process (a ratio).
orlib
    The p-median solvers on the 40 OR-Library instances against their published optima,
    with spopt (PuLP + CBC) as the same-run reference (:mod:`benchmarks.orlib`); needs
    ``requirements-bench.lock``. Alone: ``python -m benchmarks.run orlib``.
plan
    The county plan (:mod:`benchmarks.plan`): the demo county (2026-2030, 8,000 万元) and the large
    county (2026-2030, 80,000 万元, with its history), each in a separate process (wall time, peak
    memory, the proven bound and gap), beside one baseline analysis of the same county and the
    greedy plan's objective in the same run.
standards
    The standards plan (:mod:`benchmarks.standards`): the demo county's least-cost plan and its
    3,000 万元 plan, and the large county's, each in a separate process (wall time, peak memory, the
    proven bound and gap), beside one baseline analysis of the same county. Alone:
    ``python -m benchmarks.run standards``.
zones
    The enrolment zones (:mod:`benchmarks.zones`): the demo county's primary and junior zones and the
    large county's primary zones, each in a separate process (wall time, peak memory, the proven
    bound and gap, the zones checked), beside one baseline analysis of the same county. Alone:
    ``python -m benchmarks.run zones``.
province
    The province on Dask (:mod:`benchmarks.province`): the demo province's 12 generated counties
    (analysis, balance, outputs) on a local cluster of 1 and of 2 workers, alternated, beside the same
    counties one after another in this process; speed-up, Dask's cost on one worker, peak memory per
    worker. Alone: ``python -m benchmarks.run province``.
mclp
    Maximal covering on the SJC sets (SJC324-818, S 800 and 1200 m, p 1-10, 15, 20) against the
    optima of ``../shared/benchmarks/mclp-sjc`` with spopt's MCLP beside it (:mod:`benchmarks.mclp`).
cpmp
    The capacitated p-median on the Osman-Christofides, Lorena-Senne SJC and Stefanello lin318 and ali535 sets
    against their published optima, with spopt beside it (:mod:`benchmarks.cpmp`); alone:
    ``python -m benchmarks.cpmp [osman|sjc|stefanello]``.
p3038
    Lorena-Senne's five p3038 instances (3,038 clients, 600-1,000 medians), ten minutes of the
    neighbourhood search each against the best known values (about 50 minutes); alone:
    ``python -m benchmarks.run p3038`` or ``python -m benchmarks.cpmp p3038``.
growth
    The analysis at generator scales 1, 2, 5, 10 and 20: time, peak memory, the fitted exponent and the
    curve (:mod:`benchmarks.growth`).
backtest
    The enrolment forecast's ratio method against later known years: on the demo county's
    history (origins 2022 and 2023, compared with 2024-2025) and on China's published births
    and primary entrants (``benchmarks/data/national_births_entrants.csv``, with sources)
    (:mod:`benchmarks.backtest`); a second or two, written to ``_data/backtest.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# isort: off
import app  # noqa: F401  (the application's process settings, numpy's huge pages off, before numpy loads)

# isort: on
import numpy as np

HERE = Path(__file__).resolve().parent
CACHE = HERE / "_data"


def large_county(seed: int = 2026) -> Path:
    """The large benchmark county, generated once and cached (:func:`benchmarks.growth.county`)."""
    from benchmarks.growth import county
    from demo import LARGE_SCALE

    return county(LARGE_SCALE, seed)


def large_history(path: Path) -> tuple[Path, Path]:
    """The large county's births and enrolment history (:mod:`demo.history`), generated once."""
    births = path.with_name(f"{path.stem}-births.csv")
    enrolment = path.with_name(f"{path.stem}-enrolment.csv")
    if not (births.exists() and enrolment.exists()):
        from demo.history import main as write_history

        write_history([str(path), "--births", str(births), "--enrolment", str(enrolment)])
    return births, enrolment


_FORECAST_CHILD = """
import app  # the application's process settings
import json, resource, sys, time
from gis import network
from gis.analysis import analyze
from gis.forecast import forecast_variants
from gis.importing.births import read_births
from gis.importing.enrolment import read_enrolment
from gis.importing.report import ImportReport
from gis.project import load_project
from gis.standards import load_standards

path, births_path, enrolment_path = sys.argv[1:4]
started = time.perf_counter()
standards = load_standards()
project = load_project(path)
report = ImportReport()
births = read_births(births_path, project, report=report)
history = read_enrolment(enrolment_path, project, report=report)
report.raise_if_errors()
read_s = time.perf_counter() - started
started = time.perf_counter()
result = forecast_variants(project, standards, years=range(2026, 2036), births=births, history=history)
forecast_s = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
stages = dict(result.forecast.seconds)
del result
network._GEOMETRY_CACHES.clear()
started = time.perf_counter()
analyze(project, standards)
analysis_s = time.perf_counter() - started
print(json.dumps({"read_s": read_s, "forecast_s": forecast_s, "forecast_stages_s": stages,
                  "forecast_peak_rss_mb": peak_mb, "reference_analysis_s": analysis_s}))
"""


_SUGGEST_CHILD = """
import app  # the application's process settings
import json, resource, sys, time
from gis.analysis import analyze
from gis.project import load_project
from gis.standards import load_standards
from gis.suggest import suggest

started = time.perf_counter()
standards = load_standards()
project = load_project(sys.argv[1])
load_s = time.perf_counter() - started
started = time.perf_counter()
analysis = analyze(project, standards)
analysis_s = time.perf_counter() - started
started = time.perf_counter()
found = suggest(analysis)
print(json.dumps({"load_s": load_s, "analysis_s": analysis_s, "suggest_s": time.perf_counter() - started,
                  "suggest_stages_s": found.seconds, "suggestions": len(found.items),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_suggest(path: Path) -> dict[str, object]:
    """``schoolplan suggest`` on the large county: the whole command in a child process (wall
    time, the median of three), beside ``schoolplan analyze --no-map`` run just before each (the
    reference), then the same steps in a child of their own for the stages and the peak memory."""
    results: dict[str, object] = {}
    runs: dict[str, list[float]] = {"analyze_cli_wall_s": [], "cli_wall_s": []}
    for _ in range(3):  # alternated, medians: the machine is shared
        with tempfile.TemporaryDirectory() as tmp:
            for name, command in (
                ("analyze_cli_wall_s", ["analyze", str(path), "--out", f"{tmp}/a", "--quiet", "--no-map"]),
                ("cli_wall_s", ["suggest", str(path), "--out", f"{tmp}/s", "--quiet"]),
            ):
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "app.cli", *command], check=True, capture_output=True)
                runs[name].append(time.perf_counter() - started)
    for name, seconds in runs.items():
        results[name] = float(np.median(seconds))
        results[f"{name}_runs"] = seconds
    done = subprocess.run(
        [sys.executable, "-c", _SUGGEST_CHILD, str(path)], check=True, capture_output=True, text=True, cwd=HERE.parent
    )
    results.update(json.loads(done.stdout.strip().splitlines()[-1]))
    results["suggest_per_analyze"] = float(results["cli_wall_s"]) / float(results["analyze_cli_wall_s"])  # type: ignore[arg-type]
    return results


def bench_forecast(path: Path) -> dict[str, object]:
    """The ten-year forecast of the large county in a child process, and one baseline analysis."""
    births, enrolment = large_history(path)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _FORECAST_CHILD, str(path), str(births), str(enrolment)],
        check=True,
        capture_output=True,
        text=True,
    )
    results: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    results["process_wall_s"] = time.perf_counter() - started
    results["forecast_per_analysis"] = float(results["forecast_s"]) / float(results["reference_analysis_s"])  # type: ignore[arg-type]
    return results


def bench_analyze(path: Path) -> dict[str, object]:
    """The whole command in a child process (wall time, peak memory) and each stage in-process."""
    from gis.analysis import analyze
    from gis.project import load_project
    from gis.standards import load_standards
    from layers.quickmap import quick_catchment_map
    from outputs.tables import write_analysis

    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "app.cli", "analyze", str(path), "--out", tmp, "--quiet"]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        results["cli_wall_s"] = time.perf_counter() - started
        results["cli_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        command_no_map = [*command, "--no-map"]
        started = time.perf_counter()
        subprocess.run(command_no_map, check=True, capture_output=True)
        results["cli_no_map_wall_s"] = time.perf_counter() - started

    # Start cold: earlier benchmarks in this process may have left snaps of the same roads.
    from gis import network

    network._GEOMETRY_CACHES.clear()
    stages: dict[str, float] = {}
    started = time.perf_counter()
    standards = load_standards()
    project = load_project(path)
    stages["load"] = time.perf_counter() - started
    analysis = analyze(project, standards)
    stages.update({f"analyze.{k}": v for k, v in analysis.stage_seconds.items()})
    results["analysis_s"] = sum(stages.values())
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        write_analysis(analysis, tmp)
        stages["write"] = time.perf_counter() - started
        started = time.perf_counter()
        quick_catchment_map(analysis, None, Path(tmp) / "map.png")
        stages["quick_map"] = time.perf_counter() - started
    results["stages_s"] = stages
    pop = project.population
    results["size"] = {
        "populated_cells": len(pop),
        "children": float(pop["primary"].sum() + pop["junior"].sum()),
        "schools": len(project.schools),
        "road_lines": len(project.roads),
    }
    return results


def bench_nearest(path: Path, repeat: int = 3) -> dict[str, object]:
    """scipy's compiled Dijkstra against networkx's on the same graph, same answers."""
    import networkx as nx
    from scipy.sparse.csgraph import dijkstra

    from gis.analysis import serves
    from gis.network import build_road_graph, compile_network
    from gis.project import load_project
    from gis.standards import load_standards
    from gis.travel import _Facilities, _Origins, nearest_facility, snap_points

    standards = load_standards()
    project = load_project(path)
    graph = build_road_graph(project.roads, dem=project.dem)
    net = compile_network(graph, standards.modes["walk"], standards=standards)
    schools = project.schools[serves(project.schools, 1)]
    sx, sy = schools.geometry.x.to_numpy(), schools.geometry.y.to_numpy()
    pop = project.population
    cx, cy = pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy()

    # The whole nearest-school step, first call (snapping included).
    started = time.perf_counter()
    ours = nearest_facility(net, cx, cy, sx, sy)
    whole_s = time.perf_counter() - started

    # The routing itself on the same graph: the reversed network plus one node per school.
    facilities = _Facilities.build(net, snap_points(net, sx, sy))
    origins = _Origins.build(net, snap_points(net, cx, cy))
    scipy_times = []
    for _ in range(repeat):
        started = time.perf_counter()
        dist = dijkstra(facilities.graph, directed=True, indices=facilities.node, min_only=True)
        scipy_times.append(time.perf_counter() - started)
    reference = nx.from_scipy_sparse_array(facilities.graph, create_using=nx.DiGraph)
    nx_times = []
    for _ in range(repeat):
        started = time.perf_counter()
        lengths = nx.multi_source_dijkstra_path_length(reference, set(facilities.node.tolist()), weight="weight")
        nx_times.append(time.perf_counter() - started)
    nx_dist = np.full(facilities.graph.shape[0], np.inf)
    nx_dist[list(lengths)] = list(lengths.values())
    node_diff = float(np.max(np.abs(np.where(np.isfinite(dist), dist - nx_dist, 0.0))))
    same_reach = bool(np.array_equal(np.isfinite(dist), np.isfinite(nx_dist)))
    # Cell times from the networkx node times, as nearest_facility combines them.
    via = np.minimum(origins.cost_u + nx_dist[origins.u], origins.cost_v + nx_dist[origins.v]) + origins.offroad_min
    finite = np.isfinite(ours.minutes)
    cell_diff = float(np.max(np.abs(np.minimum(via[finite], ours.minutes[finite]) - ours.minutes[finite])))
    return {
        "nodes": int(net.n_nodes),
        "segments": int(net.n_edges),
        "schools": len(sx),
        "cells": len(cx),
        "scipy_dijkstra_s": min(scipy_times),
        "networkx_dijkstra_s": min(nx_times),
        "speedup_routing": min(nx_times) / min(scipy_times),
        "nearest_step_first_call_s": whole_s,
        "max_node_time_difference_min": node_diff,
        "same_reachable_nodes": same_reach,
        "max_cell_time_difference_min": cell_diff,
        "unreachable_cells": int((~finite).sum()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    every = [
        *("gui", "nearest", "analyze", "suggest", "growth", "forecast", "plan", "standards", "zones"),
        "province",
        *("orlib", "mclp", "cpmp", "p3038", "backtest"),
    ]
    parser.add_argument("which", nargs="*", default=every, help=f"benchmarks to run (default: all): {', '.join(every)}")
    args = parser.parse_args(argv)
    # Checked here, not by argparse's choices: Python 3.11 checks a list default against them too.
    unknown = [name for name in args.which if name not in every]
    if unknown:
        parser.error(f"no benchmark named {', '.join(unknown)}; choose from {', '.join(every)}")
    CACHE.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {}
    if "gui" in args.which:
        from benchmarks.gui import bench_gui

        results["gui"] = bench_gui()
        print(json.dumps({"gui": results["gui"]}, indent=2), flush=True)
    if "backtest" in args.which:
        from benchmarks.backtest import bench_backtest

        bench_backtest()  # prints its tables, writes _data/backtest.json
    if "province" in args.which:
        from benchmarks.province import bench_province

        results["province"] = bench_province(CACHE)
        print(json.dumps({"province": results["province"]}, indent=2), flush=True)
    if "growth" in args.which:
        from benchmarks.growth import bench_growth

        results["growth"] = bench_growth()
        print(json.dumps({"growth": results["growth"]}, indent=2), flush=True)
    heavy = {"nearest", "analyze", "suggest", "forecast", "plan", "standards", "zones", "province", "growth"}
    heavy |= {"orlib", "mclp", "cpmp", "p3038"}
    if not heavy & set(args.which):
        if results:
            name = f"results_{'_'.join(k for k in ('gui', 'province', 'growth') if k in results)}.json"
            (CACHE / name).write_text(json.dumps(results, indent=2), encoding="utf-8")
        return 0
    if {"nearest", "analyze", "suggest", "forecast", "plan", "standards", "zones"} & set(args.which):
        path = large_county()
        if "nearest" in args.which:
            results["nearest"] = bench_nearest(path)
            print(json.dumps({"nearest": results["nearest"]}, indent=2), flush=True)
        if "analyze" in args.which:
            results["analyze"] = bench_analyze(path)
            print(json.dumps({"analyze": results["analyze"]}, indent=2), flush=True)
        if "suggest" in args.which:
            results["suggest"] = bench_suggest(path)
            print(json.dumps({"suggest": results["suggest"]}, indent=2), flush=True)
        if "forecast" in args.which:
            results["forecast"] = bench_forecast(path)
            print(json.dumps({"forecast": results["forecast"]}, indent=2), flush=True)
        if "plan" in args.which:
            from app.cli import DEMO_PROJECT
            from benchmarks.plan import bench_plan

            results["plan"] = bench_plan(DEMO_PROJECT, path, large_history(path))
        if "standards" in args.which:
            from app.cli import DEMO_PROJECT
            from benchmarks.standards import bench_standards

            results["standards"] = bench_standards(DEMO_PROJECT, path)
        if "zones" in args.which:
            from app.cli import DEMO_PROJECT
            from benchmarks.zones import bench_zones

            results["zones"] = bench_zones(DEMO_PROJECT, path)
    if "orlib" in args.which:
        from benchmarks.orlib import bench_orlib

        results["orlib"] = bench_orlib()  # prints its table as it goes
    if "mclp" in args.which:
        from benchmarks.mclp import bench_mclp

        results["mclp"] = bench_mclp()  # prints its table as it goes
    if "cpmp" in args.which:
        from benchmarks.cpmp import bench_cpmp

        results["cpmp"] = bench_cpmp()  # prints its tables as it goes
    if "p3038" in args.which:
        from benchmarks.cpmp import bench_cpmp

        results["p3038"] = bench_cpmp(["p3038"])
    # A benchmark run alone keeps its own file, so that the full run's figures stay.
    name = "results.json" if len(args.which) > 2 else f"results_{'_'.join(args.which)}.json"
    (CACHE / name).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
