"""The demo county's past: births by village 2012–2025 and enrolment by school and grade 2021–2025.

What a county education bureau would hold for the forecast (:mod:`gis.cohorts`), made up
deterministically from the demo project:

Births (the household register's table, 年份 / 乡镇 / 村名 / 出生人数)
    Every place (villages, township seats, the county seat) follows the national births of the
    National Bureau of Statistics (:data:`NATIONAL_BIRTHS_M`), scaled to the place's children on
    the grid. Births fall faster in the mountains: a village's births shrink by a further 1–4 %
    a year the further it lies from the county seat, a township seat's by up to 1.5 %, while the
    county seat's grow by 1 % a year (young families settle there). The register counts
    children where their parents are registered, so villages register more births than they
    have children at home (families who left keep their registration) and the county seat
    fewer (incomers are registered elsewhere).
Enrolment (the yearly school census, 年份 / 学校代码 / 学校名称 / 一年级 … 九年级 / 合计)
    2025 is the project's recorded enrolment, exactly. Earlier years are walked back cohort by
    cohort: grade g of year y is grade g + 1 of year y + 1 before a year of migration (pupils
    drift to the county seat: +3 % a year there, 0 in the township seats, −5 % in the
    villages); a school's top grade keeps its size, except grade 6 of the primary schools,
    which is as large as the county's grade 7 of the next year allows (2 % leave the county
    between primary and junior school). Each figure gets a little noise.

``python -m demo.history [PROJECT] [--births CSV] [--enrolment CSV]`` writes the two tables
(UTF-8 with a byte-order mark, for Excel; Chinese headers) beside the demo project;
``make data`` runs it after the project.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.cohorts import link_cells_to_places
from gis.schema import GRADES
from gis.standards import load_standards

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    from gis.project import Project

#: Births in China, millions (NBS statistical communiqués; 2011–2015 from the communiqués as
#: reported by the press, 2016–2024 as in DOMAIN notes; 2025 as reported of the NBS release of
#: January 2026). Only the shape matters here: each place's births are scaled to its children.
NATIONAL_BIRTHS_M: dict[int, float] = {
    2011: 16.04, 2012: 16.35, 2013: 16.40, 2014: 16.87, 2015: 16.55, 2016: 17.86, 2017: 17.23,
    2018: 15.23, 2019: 14.65, 2020: 12.02, 2021: 10.62, 2022: 9.56, 2023: 9.02, 2024: 9.54, 2025: 7.92,
}  # fmt: skip
BIRTH_YEARS = tuple(range(2012, 2026))
ENROLMENT_YEARS = tuple(range(2021, 2026))
#: Extra yearly change of births beyond the national one: the county seat, and the most remote
#: township seat and village (scaled by the distance from the county seat).
_SEAT_TREND = 0.01
_TOWN_TREND = -0.015
_VILLAGE_TREND = (-0.01, -0.03)  # at the county seat, and added at the farthest village
#: Registered births per resident child of the same age (see the module's notes).
_REGISTERED = {"county_seat": 0.75, "township_seat": 1.0, "village": 1.25}
#: Yearly migration of pupils by the kind of the school's place.
_DRIFT = {"county_seat": 0.03, "township_seat": 0.0, "village": -0.05}
#: Grade-7 pupils of a year per grade-6 pupil of the year before, county-wide.
_TO_JUNIOR = 0.98
_SEAT_RADIUS_M = 2500.0
_TOWN_RADIUS_M = 2000.0
_CN_GRADES = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级")
DEFAULT_PROJECT = Path(__file__).resolve().parent.parent / "data" / "bancang.gpkg"


@dataclass(frozen=True)
class History:
    """The demo's births (one row per place and year) and enrolment (one row per school and
    year), as the county's tables with Chinese headers."""

    births: pd.DataFrame
    enrolment: pd.DataFrame


def make_history(project: Project, *, seed: int = 2026) -> History:
    """Births by place 2012–2025 and enrolment by school and grade 2021–2025 for a project.

    Parameters
    ----------
    project
        The demo county (or any project with places, population and schools).
    seed
        Seed of the random noise; the same project and seed give the same tables.
    """
    rng = np.random.default_rng(seed)
    return History(_births(project, rng), _enrolment(project, rng))


def _place_kind_and_distance(project: Project) -> tuple[np.ndarray, np.ndarray]:
    places = project.places
    kind = places["kind"].astype(str).to_numpy()
    x, y = places.geometry.x.to_numpy(), places.geometry.y.to_numpy()
    seat = np.flatnonzero(kind == "county_seat")
    sx, sy = (x[seat[0]], y[seat[0]]) if seat.size else (x.mean(), y.mean())
    distance = np.hypot(x - sx, y - sy)
    return kind, distance / max(float(distance.max()), 1.0)


def _births(project: Project, rng: np.random.Generator) -> pd.DataFrame:
    import pandas as pd

    places = project.places
    pop = project.population
    kind, far = _place_kind_and_distance(project)
    density = load_standards().forecast.built_up_density_per_km2
    link = link_cells_to_places(pop, places, density_per_km2=density)
    children = np.bincount(link, weights=(pop["primary"] + pop["junior"]).to_numpy(), minlength=len(places))
    trend = np.where(
        kind == "county_seat",
        _SEAT_TREND,
        np.where(kind == "township_seat", _TOWN_TREND * far, _VILLAGE_TREND[0] + _VILLAGE_TREND[1] * far),
    )
    national = np.array([NATIONAL_BIRTHS_M[y] for y in range(2011, 2026)])
    offset = np.arange(2011, 2026) - 2016
    shape = national[None, :] / NATIONAL_BIRTHS_M[2016] * (1.0 + trend[:, None]) ** offset[None, :]
    # Children aged 6-14 in 2025 were born 2011-2019.
    cohorts = shape[:, : 2019 - 2011 + 1].sum(axis=1)
    registered = np.array([_REGISTERED[k] for k in kind])
    scale = children * registered / np.maximum(cohorts, 1e-9)
    expected = scale[:, None] * shape[:, 1:] * rng.lognormal(0.0, 0.05, (len(places), len(BIRTH_YEARS)))
    births = rng.poisson(expected)
    town_name = dict(zip(project.townships["code"].astype(str), project.townships["name"].astype(str), strict=True))
    towns = [town_name.get(code, code) for code in places["township"].astype(str)]
    names = places["name"].astype(str).tolist()
    rows = [
        (year, towns[p], names[p], int(births[p, k])) for k, year in enumerate(BIRTH_YEARS) for p in range(len(places))
    ]
    return pd.DataFrame(rows, columns=["年份", "乡镇", "村名", "出生人数"])


def _enrolment(project: Project, rng: np.random.Generator) -> pd.DataFrame:
    import pandas as pd

    schools = project.schools
    drift = np.array([_DRIFT[k] for k in school_settings(project)])
    lo = schools["grade_min"].to_numpy(dtype=int)
    hi = schools["grade_max"].to_numpy(dtype=int)
    n_years = len(ENROLMENT_YEARS)
    taught = (np.arange(1, 10)[None, :] >= lo[:, None]) & (np.arange(1, 10)[None, :] <= hi[:, None])
    pupils = np.zeros((n_years, len(schools), len(GRADES)))
    pupils[-1] = schools[[f"enrol_g{g}" for g in GRADES]].to_numpy(dtype=float)
    for k in range(n_years - 2, -1, -1):
        later = pupils[k + 1]
        noise = rng.lognormal(0.0, 0.03, later.shape)
        now = np.zeros_like(later)
        now[:, :-1] = later[:, 1:] / (1.0 + drift[:, None])
        top = hi - 1
        now[np.arange(len(schools)), top] = later[np.arange(len(schools)), top]
        # Each school keeps only its own grades (a teaching point's older pupils are the central school's).
        now = np.where(taught, now, 0.0)
        # The county's grade 6 of a year moves on to its grade 7 of the next (a few leave the
        # county): the primary schools' top grade is scaled to that.
        ends_primary = hi == 6
        others = now[~ends_primary, 5].sum()
        target = later[:, 6].sum() / _TO_JUNIOR
        if now[ends_primary, 5].sum() > 0:
            now[ends_primary, 5] *= max(target - others, 0.0) / now[ends_primary, 5].sum()
        pupils[k] = np.rint(now * noise)
    rows = []
    for k, year in enumerate(ENROLMENT_YEARS):
        for s in range(len(schools)):
            grades = pupils[k, s].astype(int).tolist()
            rows.append((year, str(schools["school_id"].iloc[s]), str(schools["name"].iloc[s]), *grades, sum(grades)))
    return pd.DataFrame(rows, columns=["年份", "学校代码", "学校名称", *_CN_GRADES, "合计"])


def school_settings(project: Project) -> list[str]:
    """Where each school is: in the county seat (within 2.5 km of its centre), a township seat
    (within 2 km of one) or a village."""
    places = project.places
    kind = places["kind"].astype(str).to_numpy()
    px, py = places.geometry.x.to_numpy(), places.geometry.y.to_numpy()
    sx, sy = project.schools.geometry.x.to_numpy(), project.schools.geometry.y.to_numpy()
    distance = np.hypot(sx[:, None] - px[None, :], sy[:, None] - py[None, :])
    near_seat = (distance[:, kind == "county_seat"] < _SEAT_RADIUS_M).any(axis=1)
    near_town = (distance[:, kind == "township_seat"] < _TOWN_RADIUS_M).any(axis=1)
    return [
        "county_seat" if a else "township_seat" if b else "village" for a, b in zip(near_seat, near_town, strict=True)
    ]


def write_history(history: History, births_path: str | Path, enrolment_path: str | Path) -> tuple[Path, Path]:
    """Write the two tables as CSV (UTF-8 with a byte-order mark, Chinese headers), atomically."""
    from gis.fileio import write_atomic

    out = []
    for table, path in ((history.births, births_path), (history.enrolment, enrolment_path)):
        out.append(write_atomic(path, partial(_write_csv, table)))
    return out[0], out[1]


def _write_csv(table: pd.DataFrame, path: Path) -> None:
    table.to_csv(path, index=False, encoding="utf-8-sig")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the demo county's births and enrolment history beside the project."""
    from gis.project import load_project

    parser = argparse.ArgumentParser(
        prog="python -m demo.history", description="Write the demo county's births and enrolment history."
    )
    parser.add_argument("project", nargs="?", default=str(DEFAULT_PROJECT), help="the demo project (GeoPackage)")
    parser.add_argument("--births", help="births CSV to write (default: PROJECT-births.csv)")
    parser.add_argument("--enrolment", help="enrolment CSV to write (default: PROJECT-enrolment.csv)")
    parser.add_argument("--seed", type=int, help="seed of the noise (default: the project's seed setting, else 2026)")
    args = parser.parse_args(argv)
    project = load_project(args.project)
    stem = Path(args.project).with_suffix("")
    seed = args.seed if args.seed is not None else int(project.settings.get("seed", "2026"))
    history = make_history(project, seed=seed)
    births, enrolment = write_history(
        history, args.births or f"{stem}-births.csv", args.enrolment or f"{stem}-enrolment.csv"
    )
    print(f"wrote {births} and {enrolment}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
