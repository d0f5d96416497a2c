"""The province's benchmark (issue 18): 12 generated counties of the demo county's size (scale 0.8 to
1.2, as the demo province makes them but larger: real counties are; analysis and balance, each
county's own outputs written) on a local Dask cluster of 1 worker and of 2 workers, beside the
same tasks on a plain process pool of 1 and of 2 processes (``concurrent.futures``, one thread of
BLAS each, as Dask's workers have): the reference, measured in the same run, of what two processes
can gain on this machine at all, so that what is Dask's and what is the machine's can be told
apart. The four are alternated, ``repeats`` times. Also the peak memory of each worker process and
each county's time on its worker, from which BENCHMARKS.md estimates a 100-county province on a
cluster of N machines.

Target (issue 18): 2 workers at least 1.7 times as fast as 1 on this 2-core machine.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

COUNTIES = 12
SEED = 2026
# The counties' sizes (the demo county is 1): the demo province's own (0.15-0.45) take under a
# second each, less than a worker takes to start.
SCALES = (0.8, 1.2)
# What Dask's nanny sets in its workers' environment: one thread of BLAS and OpenMP each.
_ONE_THREAD = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def _one_thread() -> None:
    for name in _ONE_THREAD:
        os.environ[name] = "1"


def bench_province(cache: Path, *, repeats: int = 3) -> dict[str, object]:
    """Median wall times of the province on 1 and 2 Dask workers and on a pool of 1 and 2 processes
    (``repeats`` runs each, alternated); peak memory per worker; per-county seconds."""
    from demo.province import make_province
    from gis.province import Cluster, county_tasks, read_county, run_county, run_province
    from outputs.province import write_county

    folder = cache / f"province-{COUNTIES}-{SEED}-{SCALES[0]:g}-{SCALES[1]:g}"
    if not folder.exists():
        print(f"generating the province ({folder.name}) ...", flush=True)
        made = make_province(folder, counties=COUNTIES + 1, seed=SEED, scales=SCALES)
        made.broken.unlink()  # 12 good counties
    projects = sorted(folder.glob("*.gpkg"))
    write = functools.partial(write_county, language="zh")
    times: dict[str, list[float]] = {"dask_1": [], "dask_2": [], "pool_1": [], "pool_2": []}
    county_s: dict[str, list[float]] = {"dask_1": [], "dask_2": []}
    peaks: list[float] = []
    failed: list[str] = []
    for _ in range(repeats):
        for workers in (1, 2):
            with tempfile.TemporaryDirectory() as tmp:
                tasks = county_tasks([read_county(p) for p in projects], Path(tmp))
                started = time.perf_counter()
                result = run_province(tasks, write=write, cluster=Cluster(workers=workers))
                times[f"dask_{workers}"].append(time.perf_counter() - started)
                county_s[f"dask_{workers}"].append(sum(c.seconds for c in result.counties))
                failed = list(result.missing)
                by_worker: dict[str, float] = {}
                for county in result.counties:
                    by_worker[county.worker] = max(by_worker.get(county.worker, 0.0), county.peak_memory_mb)
                peaks += by_worker.values()
            with tempfile.TemporaryDirectory() as tmp:
                tasks = county_tasks([read_county(p) for p in projects], Path(tmp))
                tasks.sort(key=lambda t: -os.path.getsize(t.path))  # the largest first, as Dask runs them
                started = time.perf_counter()
                context = multiprocessing.get_context("spawn")
                with ProcessPoolExecutor(workers, mp_context=context, initializer=_one_thread) as pool:
                    list(pool.map(run_county, tasks, [write] * len(tasks)))
                times[f"pool_{workers}"].append(time.perf_counter() - started)
        last = {k: f"{v[-1]:.1f} s" for k, v in times.items()}
        print("  " + ", ".join(f"{k} {v}" for k, v in last.items()), flush=True)
    median = {k: statistics.median(v) for k, v in times.items()}
    return {
        "counties": len(projects),
        "failed": failed,
        "repeats": repeats,
        "dask_1_worker_s": median["dask_1"],
        "dask_2_workers_s": median["dask_2"],
        "pool_1_process_s": median["pool_1"],
        "pool_2_processes_s": median["pool_2"],
        "speedup_dask_2_over_1": median["dask_1"] / median["dask_2"],
        "speedup_pool_2_over_1": median["pool_1"] / median["pool_2"],
        "speedup_per_run_dask": [a / b for a, b in zip(times["dask_1"], times["dask_2"], strict=True)],
        "speedup_per_run_pool": [a / b for a, b in zip(times["pool_1"], times["pool_2"], strict=True)],
        "dask_1_over_pool_1": median["dask_1"] / median["pool_1"],
        "runs_s": times,
        "county_s_sum_median": {k: statistics.median(v) for k, v in county_s.items()},
        "county_s_sum_runs": county_s,
        "peak_memory_per_worker_mb_max": max(peaks) if peaks else None,
        "peak_memory_per_worker_mb_median": statistics.median(peaks) if peaks else None,
    }
