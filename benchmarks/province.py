"""The province's benchmark (issue 18): the demo province's 12 generated counties (analysis and
balance, each county's own outputs written) on a local Dask cluster of 1 worker and of 2 workers,
alternated, in the same run, beside the same counties run one after another in this process
without Dask (the reference: what Dask costs on one worker); the peak memory of each worker
process and each county's time on its worker, from which BENCHMARKS.md estimates a 100-county
province on a cluster of N machines.

Target (issue 18): 2 workers at least 1.7 times as fast as 1 on this 2-core machine.
"""

from __future__ import annotations

import functools
import shutil
import statistics
import tempfile
import time
from pathlib import Path

COUNTIES = 12
SEED = 2026


def bench_province(cache: Path, *, repeats: int = 3) -> dict[str, object]:
    """Median wall times of the province on 1 and 2 workers (``repeats`` runs each, alternated) and
    of the serial reference; peak memory per worker; per-county seconds and memory."""
    from demo.province import make_province
    from gis.province import Cluster, county_tasks, read_county, run_county, run_province
    from outputs.province import write_county

    folder = cache / f"province-{COUNTIES}-{SEED}"
    if not folder.exists():
        print(f"generating the demo province ({folder.name}) ...", flush=True)
        make_province(folder, counties=COUNTIES, seed=SEED)
    projects = sorted(folder.glob("*.gpkg"))
    write = functools.partial(write_county, language="zh")
    times: dict[str, list[float]] = {"serial": [], "1": [], "2": []}
    per_county: dict[str, float] = {}
    peak_by_worker: dict[str, float] = {}
    failed: list[str] = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            tasks = county_tasks([read_county(p) for p in projects], Path(tmp) / "serial")
            started = time.perf_counter()
            for task in tasks:
                run_county(task, write)
            times["serial"].append(time.perf_counter() - started)
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as tmp:
                tasks = county_tasks([read_county(p) for p in projects], Path(tmp) / "province")
                started = time.perf_counter()
                result = run_province(tasks, write=write, cluster=Cluster(workers=workers))
                times[str(workers)].append(time.perf_counter() - started)
                failed = list(result.missing)
                if workers == 2:
                    for county in result.counties:
                        per_county[county.county] = county.seconds
                        peak = max(peak_by_worker.get(county.worker, 0.0), county.peak_memory_mb)
                        peak_by_worker[county.worker] = peak
                shutil.rmtree(Path(tmp) / "province", ignore_errors=True)
        last = {k: f"{v[-1]:.1f} s" for k, v in times.items()}
        print(f"  serial {last['serial']}, 1 worker {last['1']}, 2 workers {last['2']}", flush=True)
    median = {k: statistics.median(v) for k, v in times.items()}
    seconds = sorted(per_county.values())
    return {
        "counties": len(projects),
        "failed_on_purpose": failed,
        "repeats": repeats,
        "serial_s": median["serial"],
        "one_worker_s": median["1"],
        "two_workers_s": median["2"],
        "speedup_2_over_1": median["1"] / median["2"],
        "dask_overhead_1_worker": median["1"] / median["serial"],
        "runs_s": times,
        "county_s_median": statistics.median(seconds) if seconds else None,
        "county_s_max": seconds[-1] if seconds else None,
        "county_s_sum": sum(seconds),
        "peak_memory_per_worker_mb": sorted(peak_by_worker.values()),
    }
