"""The ``schoolplan`` command line: every analysis the window offers, headless.

Commands
--------
analyze   baseline diagnosis of a project: catchments, travel times, indicators
demo      run SchoolPlan on the bundled demo county (Bancang County)
gui       open the desktop window
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gis.indicators import Indicator

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEMO_PROJECT = DATA_DIR / "bancang.gpkg"

EXIT_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="schoolplan",
        description="SchoolPlan: plan the layout of a county's schools (travel times, catchments, indicators).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = sub.add_parser(
        "analyze",
        help="baseline diagnosis of a project",
        description=(
            "Compute travel times over the road network, nearest-school catchments, the "
            "capacity-aware assignment and the coverage indicators of a project. Writes "
            "DIR/catchments.gpkg (layers catchments and cells), DIR/indicators.csv "
            "(scope, level, metric, value), DIR/schools.csv and DIR/catchments.png."
        ),
    )
    analyze.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    analyze.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the outputs")
    analyze.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    analyze.add_argument("--no-map", action="store_true", help="skip the quick map (catchments.png)")
    analyze.add_argument("--quiet", action="store_true", help="print no progress")

    demo = sub.add_parser(
        "demo",
        help="run SchoolPlan on the bundled demo county",
        description="Analyse the bundled demo county (Bancang County) and print a summary.",
    )
    demo.add_argument("--out", type=Path, default=Path("out/demo"), metavar="DIR", help="folder for the outputs")
    demo.add_argument("--quiet", action="store_true", help="print no progress")
    demo.add_argument(
        "--gui", action="store_true", help="open the window on the demo county when a display is available"
    )

    gui = sub.add_parser("gui", help="open the desktop window", description="Open the SchoolPlan window.")
    gui.add_argument("project", type=Path, nargs="?", help="project GeoPackage (.gpkg) to open")
    return parser


def _progress_printer(quiet: bool):  # type: ignore[no-untyped-def]
    last = {"message": ""}

    def show(fraction: float, message: str) -> None:
        if quiet or message == last["message"]:
            return
        last["message"] = message
        print(f"  [{fraction * 100:5.1f}%] {message}", file=sys.stderr, flush=True)

    return show


def run_analysis(project_path: Path, out: Path, *, standards_path: Path | None, quick_map: bool, quiet: bool) -> int:
    """Analyse a project and write its outputs; returns the exit code."""
    from gis.analysis import analyze
    from gis.indicators import coverage_indicators
    from gis.outputs import catchments_frame, write_analysis
    from gis.project import load_project
    from gis.standards import load_standards

    started = time.perf_counter()
    standards = load_standards(standards_path)
    project = load_project(project_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analysis = analyze(project, standards, progress=_progress_printer(quiet))
    written = write_analysis(analysis, out)
    if quick_map:
        from layers.quickmap import quick_catchment_map

        written["map"] = quick_catchment_map(analysis, catchments_frame(analysis), out / "catchments.png")
    for message in [*analysis.warnings, *(str(w.message) for w in caught)]:
        print(f"warning: {message}", file=sys.stderr)
    _print_summary(project.name, coverage_indicators(analysis))
    print()
    for kind, path in written.items():
        print(f"{kind:>12}: {path}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def _print_summary(name: str, indicators: list[Indicator]) -> None:
    county = {(i.level, i.metric): i.value for i in indicators if i.scope == "county"}
    print(f"\n{name}: baseline")
    header = (
        f"{'level':<12}{'children':>10}{'within':>9}{'mean min':>10}{'median':>8}{'p95':>8}"
        f"{'unreach.':>10}{'overflow':>10}"
    )
    print(header)
    print("-" * len(header))
    for level in ("grades_1_3", "primary", "junior"):
        if (level, "children") not in county:
            continue
        overflow = county.get((level, "children_overflow"), float("nan"))
        print(
            f"{level:<12}{county[(level, 'children')]:>10.0f}{county[(level, 'share_within_threshold')]:>9.1%}"
            f"{county[(level, 'mean_travel_min')]:>10.1f}{county[(level, 'median_travel_min')]:>8.1f}"
            f"{county[(level, 'p95_travel_min')]:>8.1f}{county[(level, 'children_unreachable')]:>10.0f}"
            f"{'' if overflow != overflow else f'{overflow:.0f}':>10}"
        )


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``schoolplan`` command."""
    from gis.errors import Cancelled, InputError, SchoolPlanError

    args = _parser().parse_args(argv)
    try:
        if args.command == "analyze":
            return run_analysis(
                args.project, args.out, standards_path=args.standards, quick_map=not args.no_map, quiet=args.quiet
            )
        if args.command == "gui":
            from app.gui import main as gui_main

            return gui_main([str(args.project)] if args.project else [])
        if args.command == "demo":
            if args.gui:
                from app.gui import has_display, missing_libraries_message, missing_system_libraries

                missing = missing_system_libraries() if has_display() else []
                if has_display() and not missing:
                    from app.gui import main as gui_main

                    return gui_main([str(DEMO_PROJECT)])
                if missing:
                    print(f"{missing_libraries_message(missing)}. Running the headless demo instead.")
                else:
                    print("No display found (DISPLAY / WAYLAND_DISPLAY unset): running the headless demo instead.")
            print(f"SchoolPlan demo: {DEMO_PROJECT.name} (Bancang County, 半仓县)")
            return run_analysis(DEMO_PROJECT, args.out, standards_path=None, quick_map=True, quiet=args.quiet)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except Cancelled:
        print("cancelled", file=sys.stderr)
        return 1
    except SchoolPlanError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
