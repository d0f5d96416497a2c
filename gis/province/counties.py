"""The counties of a province run: their project files, names and years, and a task for each.

The client reads only each project's ``settings`` table (its county name and year), so that
two files of the same county and year, an empty list or a missing file are refused before
any work is sent out. A file it cannot read is still given a task, named by its file: its
worker then reports what is wrong with it, and the other counties run.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gis.errors import InputError, Problem
from gis.messages import text
from gis.province.county import STEPS, CountyTask

if TYPE_CHECKING:
    from collections.abc import Sequence

#: The file suffix of a SchoolPlan project.
PROJECT_SUFFIX = ".gpkg"


@dataclass(frozen=True)
class County:
    """A project file with the county name and the year its settings give (the file's stem and
    None when they cannot be read)."""

    path: Path
    name: str
    year: int | None


def find_projects(paths: Sequence[Path]) -> list[Path]:
    """The project files of ``paths``: files as given, folders by their ``*.gpkg`` (not their
    sub-folders, where outputs live), each once, in the order given.

    Raises
    ------
    InputError
        If a path does not exist or is not a project, a folder holds no project, or nothing was given.
    """
    problems: list[Problem] = []
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.glob(f"*{PROJECT_SUFFIX}") if p.is_file() and not p.name.startswith("."))
            if not inside:
                problems.append(
                    Problem(
                        text("the folder holds no project (.gpkg)"),
                        file=str(path),
                        fix=text("give the folder of the counties' project files, or the files themselves"),
                    )
                )
            found += inside
        elif not path.exists():
            problems.append(Problem(text("no such file or folder"), file=str(path), fix=text("check the path")))
        elif path.suffix.lower() != PROJECT_SUFFIX:
            problems.append(
                Problem(
                    text("not a SchoolPlan project (.gpkg)"),
                    file=str(path),
                    fix=text("give project files made by schoolplan import, or folders of them"),
                )
            )
        else:
            found.append(path)
    if not paths:
        problems.append(
            Problem(text("no counties given"), field="COUNTIES", fix=text("give project files or folders of them"))
        )
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(p.resolve() for p in found))


def read_county(path: Path) -> County:
    """The county name and year of a project from its settings (file stem and None when unreadable)."""
    settings: dict[str, str] = {}
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as con:
            settings = {str(k): str(v) for k, v in con.execute("SELECT key, value FROM settings") if k is not None}
        con.close()
    except sqlite3.Error:
        pass
    name = (settings.get("name") or settings.get("county") or "").strip() or path.stem
    year = settings.get("year", "").strip()
    return County(path, name, int(year) if year.isdigit() else None)


def county_tasks(
    counties: Sequence[County],
    out: Path,
    *,
    steps: Sequence[str] = ("analyze", "balance"),
    years: Sequence[int] = (),
    ahead: Sequence[int] | None = None,
    standards: Path | None = None,
    budget: float | None = None,
    time_limit: float = 60.0,
    gap: float = 0.01,
) -> list[CountyTask]:
    """A task for each county and year: ``years`` when given (each county in each), else the
    year of each project.

    Each task's folder is ``out/<county>``, or ``out/<county>/<year>`` when a county is run
    in several years.

    Raises
    ------
    InputError
        If a step is unknown, or two projects are of the same county and year (which one
        the province's tables should hold cannot be told).
    """
    unknown = [s for s in steps if s not in STEPS]
    if unknown or not steps:
        raise InputError(
            Problem(
                text("unknown step"),
                field="--do",
                value=",".join(unknown) or "(none)",
                fix=text("choose among {steps}", steps=",".join(STEPS)),
            )
        )
    pairs = [(c, y) for c in counties for y in years] if years else [(c, c.year) for c in counties]
    seen: dict[tuple[str, int | None], list[County]] = defaultdict(list)
    for county, year in pairs:
        seen[county.name, year].append(county)
    clashes = [
        Problem(
            text("two projects of the same county and year"),
            file=", ".join(str(c.path) for c in same),
            value=f"{name} {'' if year is None else year}".strip(),
            fix=text("leave one of them out, or correct the county's name (settings: name) in one"),
        )
        for (name, year), same in seen.items()
        if len(same) > 1
    ]
    if clashes:
        raise InputError(clashes)
    years_of: dict[str, set[int | None]] = defaultdict(set)
    for county, year in pairs:
        years_of[county.name].add(year)
    tasks = []
    for county, year in pairs:
        folder = out / folder_name(county.name)
        if len(years_of[county.name]) > 1:
            folder = folder / str(year)
        tasks.append(
            CountyTask(
                path=str(county.path),
                county=county.name,
                folder=str(folder),
                steps=tuple(s for s in STEPS if s in steps),
                year=year if years else None,
                years=tuple(ahead) if ahead else None,
                standards=None if standards is None else str(standards),
                budget=budget,
                time_limit=time_limit,
                gap=gap,
            )
        )
    return tasks


def folder_name(county: str) -> str:
    """A county's name made safe as a folder name on every system."""
    safe = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", county).strip(" .")
    return safe or "county"
