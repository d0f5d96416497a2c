"""Benchmarks of the desktop window, headless (``QT_QPA_PLATFORM=offscreen``).

open_to_map_s
    From asking the window to open the demo county to the map page loaded with every
    school marker present (target < 5 s).
map_update_after_analysis_s
    From the analysis finished (results in the window) to the new map page loaded
    (target < 1 s).
event_loop_max_block_ms
    During an analysis and the map update that follows, the longest gap between ticks of a
    10 ms QTimer on the GUI thread (target < 100 ms, moonshot 50 ms): how long the window
    stops responding.
open_warm_s
    Opening the demo county again in the same window (the web engine started), to the map
    shown; median of 3 (target < 2 s).
first_start_s
    A new process started (``python benchmarks/gui.py --first-start``) to the demo county's map
    shown, imports and the web engine's start included (target < 4 s); median of 3 processes.
event_loop_max_block_forecast_ms, event_loop_max_block_plan_ms
    The longest gap of the same timer during an enrolment forecast (the Forecast dock, its
    default years) and during a county plan (the Plan dock: three years, a 15 s limit, two
    budgets of the chart), each with the map and charts updated after it (target < 100 ms).

Run as a script (``python benchmarks/gui.py [--reference]``), the window is the one found on
``PYTHONPATH``: with a worktree of an earlier commit first on the path, the same measures are
taken of the earlier window, the reference beside which BENCHMARKS.md quotes the figures.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from app.window import MainWindow

TIMEOUT_MS = 120_000


class _GapMeter:
    """A 10 ms timer on the GUI thread that records the longest gap between its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.max_gap = 0.0
        self._last = 0.0

    def start(self) -> None:
        self.max_gap = 0.0
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        """Stop and return the longest gap in milliseconds."""
        self._tick()
        self.timer.stop()
        return self.max_gap * 1000

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self._last)
        self._last = now


def _wait_signal(signal: SignalInstance, start: Callable[[], object] | None = None) -> float:
    """Run the event loop until ``signal`` fires (after calling ``start``); returns the time it fired."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired: list[float] = []

    def _done(*_args: object) -> None:
        fired.append(time.perf_counter())
        loop.quit()

    signal.connect(_done)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(TIMEOUT_MS)
    try:
        if start is not None:
            start()
        if not fired:
            loop.exec()
    finally:
        signal.disconnect(_done)
        guard.stop()
    if not fired:
        raise TimeoutError("the window did not answer in time")
    return fired[0]


def _js(window: MainWindow, script: str) -> object:
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    result: list[object] = []

    def _got(value: object) -> None:
        result.append(value)
        loop.quit()

    window.run_js(script, _got)
    if not result:
        loop.exec()
    return result[0]


def _wait_js(window: MainWindow, script: str, expected: object) -> float:
    """Poll a script until it returns ``expected``; returns when it did."""
    deadline = time.perf_counter() + TIMEOUT_MS / 1000
    while time.perf_counter() < deadline:
        if _js(window, script) == expected:
            return time.perf_counter()
    raise TimeoutError(f"{script} never returned {expected!r}")


def _first_start(path: Path, runs: int = 3) -> list[float]:
    """Seconds from starting a new process to its map shown, ``runs`` times."""
    import subprocess
    import sys

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--first-start", str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert process.stdout is not None
        line = process.stdout.readline()  # printed the moment the map is shown
        shown = time.perf_counter()
        process.wait(timeout=TIMEOUT_MS / 1000)
        if line.strip() != "shown":
            raise RuntimeError(f"the window did not show the map: {line!r}")
        times.append(shown - started)
    return times


def _show_once(path: Path) -> None:
    """In this new process: open the window on ``path``, print "shown" once its map is, then quit."""
    from app.gui import prepare_qt_environment

    prepare_qt_environment()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.window import MainWindow

    app = QApplication(["schoolplan-bench"])
    with tempfile.TemporaryDirectory(prefix="schoolplan-bench-") as tmp:
        window = MainWindow(settings=QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        window.resize(1600, 1000)
        window.show()
        _wait_signal(window.mapUpdated, lambda: window.open_project(path))
        markers = len(window.project.schools) if window.project is not None else 0
        _wait_js(window, "window.schoolplan ? window.schoolplan.schoolIds().length : -1", markers)
        print("shown", flush=True)
        window.close()
        app.processEvents()


def _blocks_of(window: MainWindow, run: Callable[[], object], done: SignalInstance) -> float:
    """The longest event-loop block (ms) from starting ``run`` to ``done`` and the window's work all ended."""
    from PySide6.QtWidgets import QApplication

    meter = _GapMeter()
    meter.start()
    _wait_signal(done, run)
    deadline = time.perf_counter() + TIMEOUT_MS / 1000
    while window.is_running and time.perf_counter() < deadline:
        QApplication.processEvents()
        time.sleep(0.002)
    settle = time.perf_counter() + 0.5  # what the result's signal started (charts, the map's page)
    while time.perf_counter() < settle:
        QApplication.processEvents()
        time.sleep(0.002)
    return meter.stop()


def bench_gui(project: Path | None = None, *, runs: int = 3) -> dict[str, object]:
    """Open a project in the window, then analyse it ``runs`` times; the figures of the module docstring."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.gui import prepare_qt_environment

    prepare_qt_environment()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.cli import DEMO_PROJECT
    from app.window import MainWindow

    path = Path(project or DEMO_PROJECT)
    app = QApplication.instance() or QApplication(["schoolplan-bench"])
    with tempfile.TemporaryDirectory(prefix="schoolplan-bench-") as tmp:
        window = MainWindow(settings=QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        window.resize(1600, 1000)
        window.show()
        try:
            started = time.perf_counter()
            _wait_signal(window.mapUpdated, lambda: window.open_project(path))
            markers = len(window.project.schools) if window.project is not None else 0
            shown = _wait_js(window, "window.schoolplan ? window.schoolplan.schoolIds().length : -1", markers)
            open_s = shown - started

            updates, blocks, analysis_blocks = [], [], []
            meter = _GapMeter()
            for _ in range(runs):
                meter.start()
                finished = _wait_signal(window.analysisFinished, window.run_analysis)
                analysis_blocks.append(meter.stop())
                meter.start()
                loaded = _wait_signal(window.mapUpdated)
                map_block = meter.stop()
                blocks.append(max(analysis_blocks[-1], map_block))
                updates.append(loaded - finished)
                _wait_js(window, "window.schoolplan ? window.schoolplan.schoolIds().length : -1", markers)
                while window.is_running:
                    app.processEvents()

            warm = []
            for _ in range(runs):
                started = time.perf_counter()
                _wait_signal(window.mapUpdated, lambda: window.open_project(path))
                warm.append(_wait_js(window, "window.schoolplan ? window.schoolplan.schoolIds().length : -1", markers))
                warm[-1] -= started
            _wait_signal(window.analysisFinished, window.run_analysis)
            while window.is_running:
                app.processEvents()
            forecast_blocks, plan_blocks = [], []
            for _ in range(runs):
                forecast_blocks.append(
                    _blocks_of(window, window.forecast_panel.run, window.forecast_panel.forecastShown)
                )
            plan = window.plan_panel
            first = plan.first_year.value()
            plan.last_year.setValue(first + 2)
            plan.total_edit.setText("8000")
            plan.time_limit.setValue(15)
            plan.worth_check.setChecked(False)
            plan.budget_steps.setValue(2)
            for _ in range(runs):
                plan_blocks.append(_blocks_of(window, plan.run, plan.budgetsShown))
        finally:
            window.close()
            app.processEvents()
    starts = _first_start(path, runs)
    return {
        "project": path.name,
        "schools": markers,
        "open_to_map_s": open_s,
        "open_warm_s": statistics.median(warm),
        "open_warm_all_s": warm,
        "first_start_s": statistics.median(starts),
        "first_start_all_s": starts,
        "event_loop_max_block_forecast_ms": max(forecast_blocks),
        "event_loop_max_block_forecast_all_ms": forecast_blocks,
        "event_loop_max_block_plan_ms": max(plan_blocks),
        "event_loop_max_block_plan_all_ms": plan_blocks,
        "map_update_after_analysis_s": statistics.median(updates),
        "map_update_after_analysis_all_s": updates,
        "event_loop_max_block_ms": max(blocks),
        "event_loop_max_block_during_analysis_ms": max(analysis_blocks),
        "event_loop_max_block_all_ms": blocks,
        "targets": {
            "open_warm_s": 2.0,
            "first_start_s": 4.0,
            "map_update_after_analysis_s": 1.0,
            "event_loop_max_block_ms": 100.0,
            "event_loop_max_block_forecast_ms": 100.0,
            "event_loop_max_block_plan_ms": 100.0,
        },
    }


if __name__ == "__main__":
    import json
    import sys

    if sys.argv[1:2] == ["--first-start"]:
        _show_once(Path(sys.argv[2]))
    else:
        print(json.dumps(bench_gui(), indent=2))
