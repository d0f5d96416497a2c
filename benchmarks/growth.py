"""How the analysis grows with the county (issue 19): generator scales 1, 2, 5, 10 (and 20).

Each scale's county (:func:`demo.generate_county`, seed 2026) is generated once and cached in
``_data`` as ``large-<scale>-2026.gpkg`` (scale 10 is :func:`benchmarks.run.large_county`'s).
For each, a fresh child process loads the project and runs :func:`gis.analysis.analyze`
(``repeats`` times, alternating the scales; the median is kept) and reports the analysis's wall
time and the process's peak resident memory. The exponent of time against populated cells is
the slope of a least-squares line through (log cells, log seconds); the same for memory. The
curve is drawn to ``_data/growth.png``.

Target (issue 19): time exponent <= 1.1, memory linear.

Alone: ``python -m benchmarks.growth [--scales 1 2 5 10 20] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CACHE = HERE / "_data"
SEED = 2026
SCALES = (1.0, 2.0, 5.0, 10.0, 20.0)

# The child: load, analyse, and print one JSON line (seconds, peak memory, size).
_CHILD = """
import app  # the application's process settings
import json, resource, sys, time
from gis.analysis import analyze
from gis.project import load_project
from gis.standards import load_standards

started = time.perf_counter()
project = load_project(sys.argv[1])
standards = load_standards()
loaded = time.perf_counter()
loaded_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
analysis = analyze(project, standards)
done = time.perf_counter()
print(json.dumps({
    "load_s": loaded - started,
    "analysis_s": done - loaded,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "peak_rss_after_load_mb": loaded_mb,
    "populated_cells": len(project.population),
    "schools": len(project.schools),
    "road_lines": len(project.roads),
}))
"""


# Generates a county in a process of its own: Linux carries a process's resident-memory high-water
# mark into the children it starts (fork, then exec), so a benchmark process that had generated a
# large county itself would report gigabytes of peak memory for every child it measured afterwards.
_GENERATE = """
import sys
from demo import generate_county
from gis.project import save_project

save_project(generate_county(seed=int(sys.argv[2]), scale=float(sys.argv[1])), sys.argv[3])
"""


def county(scale: float, seed: int = SEED) -> Path:
    """The generated county of a scale, made once (in a child process) and cached (its
    generation time printed)."""
    path = CACHE / f"large-{scale:g}-{seed}.gpkg"
    if not path.exists():
        print(f"generating {path.name} ...", flush=True)
        started = time.perf_counter()
        CACHE.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.stem}.part.gpkg")
        part.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, "-c", _GENERATE, f"{scale:g}", str(seed), str(part)], check=True, cwd=HERE.parent
        )
        part.replace(path)
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def _measure(path: Path) -> dict[str, float]:
    """One analysis of a county in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], check=True, capture_output=True, text=True, cwd=HERE.parent
    )
    measured: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def exponent(x: list[float], y: list[float]) -> float:
    """The slope of the least-squares line through (log x, log y)."""
    slope, _ = np.polyfit(np.log(np.asarray(x, dtype=float)), np.log(np.asarray(y, dtype=float)), 1)
    return float(slope)


def bench_growth(
    scales: tuple[float, ...] = SCALES, *, repeats: int = 3, png: Path | None = CACHE / "growth.png"
) -> dict[str, object]:
    """The analysis at each scale: median time, peak memory, and the fitted exponents.

    Parameters
    ----------
    scales
        Generator scales (1 is the demo county's size).
    repeats
        Runs per scale, alternated between scales; the median time and the largest peak are kept.
    png
        Where to draw the curve (None: no picture).

    Returns
    -------
    ``rows`` (one per scale: scale, populated_cells, schools, road_lines, analysis_s (median),
    analysis_runs_s, load_s, peak_rss_mb, peak_rss_after_load_mb), ``time_exponent`` and
    ``memory_exponent`` (of the peak against the cells), and ``png``.
    """
    paths = {scale: county(scale) for scale in scales}
    runs: dict[float, list[dict[str, float]]] = {scale: [] for scale in scales}
    for _ in range(repeats):
        for scale in scales:
            runs[scale].append(_measure(paths[scale]))
            last = runs[scale][-1]
            print(f"  scale {scale:g}: {last['analysis_s']:.2f} s, {last['peak_rss_mb']:.0f} MB", flush=True)
    rows = []
    for scale in scales:
        measured = runs[scale]
        rows.append(
            {
                "scale": scale,
                "populated_cells": int(measured[0]["populated_cells"]),
                "schools": int(measured[0]["schools"]),
                "road_lines": int(measured[0]["road_lines"]),
                "analysis_s": statistics.median(m["analysis_s"] for m in measured),
                "analysis_runs_s": [m["analysis_s"] for m in measured],
                "load_s": statistics.median(m["load_s"] for m in measured),
                "peak_rss_mb": max(m["peak_rss_mb"] for m in measured),
                "peak_rss_after_load_mb": max(m["peak_rss_after_load_mb"] for m in measured),
            }
        )
    cells = [float(r["populated_cells"]) for r in rows]  # type: ignore[arg-type]
    results: dict[str, object] = {
        "rows": rows,
        "time_exponent": exponent(cells, [float(r["analysis_s"]) for r in rows]),  # type: ignore[arg-type]
        "memory_exponent": exponent(cells, [float(r["peak_rss_mb"]) for r in rows]),  # type: ignore[arg-type]
        # The analysis's own memory, the imports and the loaded project left out.
        "analysis_memory_exponent": exponent(
            cells,
            [float(r["peak_rss_mb"]) - float(r["peak_rss_after_load_mb"]) for r in rows],  # type: ignore[arg-type]
        ),
        # The slope between consecutive scales: where the growth departs from linear.
        "local_time_exponents": [
            exponent(cells[i : i + 2], [float(r["analysis_s"]) for r in rows[i : i + 2]])  # type: ignore[arg-type]
            for i in range(len(rows) - 1)
        ],
    }
    if png is not None:
        results["png"] = str(_draw(rows, results, png))
    return results


def _draw(rows: list[dict[str, object]], results: dict[str, object], path: Path) -> Path:
    """Time and peak memory against populated cells, log-log, with the fitted time line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    cells = np.array([float(r["populated_cells"]) for r in rows])  # type: ignore[arg-type]
    seconds = np.array([float(r["analysis_s"]) for r in rows])  # type: ignore[arg-type]
    memory = np.array([float(r["peak_rss_mb"]) for r in rows])  # type: ignore[arg-type]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=120)
    slope = float(results["time_exponent"])  # type: ignore[arg-type]
    coef = np.polyfit(np.log(cells), np.log(seconds), 1)
    line = np.geomspace(cells.min(), cells.max(), 50)
    left.loglog(cells, seconds, "o", color="#1f77b4", label="analysis (median)")
    left.loglog(
        line, np.exp(np.polyval(coef, np.log(line))), "-", color="#1f77b4", alpha=0.6, label=f"fit: cells^{slope:.2f}"
    )
    ref = seconds[0] * line / cells[0]
    left.loglog(line, ref, ":", color="#888888", label="linear from the smallest")
    for r, x, y in zip(rows, cells, seconds, strict=True):
        left.annotate(f"×{float(r['scale']):g}", (x, y), textcoords="offset points", xytext=(4, -10), fontsize=8)  # type: ignore[arg-type]
    left.set_xlabel("populated cells")
    left.set_ylabel("analysis wall time (s)")
    left.set_title("time")
    left.legend(fontsize=8)
    mem_slope = float(results["memory_exponent"])  # type: ignore[arg-type]
    right.loglog(cells, memory, "s", color="#d62728", label=f"peak RSS (fit: cells^{mem_slope:.2f})")
    right.loglog(line, memory[0] * line / cells[0], ":", color="#888888", label="linear from the smallest")
    right.set_xlabel("populated cells")
    right.set_ylabel("peak memory of the process (MB)")
    right.set_title("memory (load + analysis)")
    right.legend(fontsize=8)
    for ax, values, unit in ((left, seconds, "{:.1f}"), (right, memory, "{:.0f}")):
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xticks(cells, [f"{c / 1000:.0f}k" for c in cells])
        ax.set_yticks(values, [unit.format(v) for v in values])
    fig.suptitle("schoolplan analysis against county size (generator scales)", fontsize=11)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=float, nargs="+", default=list(SCALES))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    results = bench_growth(tuple(args.scales), repeats=args.repeats)
    (CACHE / "results_growth.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
