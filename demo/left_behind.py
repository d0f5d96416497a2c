"""The demo county's left-behind children (留守儿童) by village, for the boarding places of the plan.

What a county would hold from its civil-affairs or women's federation survey (乡镇 / 村名 /
留守儿童数), made up deterministically from the demo project: in each village 15–30 % of its
children of ages 6–14 on the grid (the share drawn uniformly per village) are left behind by
parents working away. Township seats and the county seat have no row (the table is the villages').

``python -m demo.left_behind [PROJECT] [--out CSV]`` writes the table (UTF-8 with a byte-order mark,
for Excel; Chinese headers) beside the demo project (``PROJECT-left-behind.csv``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.cohorts import link_cells_to_places
from gis.standards import load_standards

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    from gis.project import Project

#: The share of a village's children of ages 6–14 who are left behind: drawn from this range.
SHARE = (0.15, 0.30)
DEFAULT_PROJECT = Path(__file__).resolve().parent.parent / "data" / "bancang.gpkg"


def make_left_behind(project: Project, *, seed: int = 2026) -> pd.DataFrame:
    """The left-behind children of each village of a project (columns 乡镇, 村名, 留守儿童数).

    Parameters
    ----------
    project
        The demo county (or any project with places and population).
    seed
        Seed of the villages' shares; the same project and seed give the same table.
    """
    import pandas as pd

    places = project.places
    pop = project.population
    density = load_standards().forecast.built_up_density_per_km2
    link = link_cells_to_places(pop, places, density_per_km2=density)
    children = np.bincount(link, weights=(pop["primary"] + pop["junior"]).to_numpy(), minlength=len(places))
    share = np.random.default_rng(seed).uniform(*SHARE, len(places))
    villages = np.flatnonzero(places["kind"].astype(str).to_numpy() == "village")
    town_name = dict(zip(project.townships["code"].astype(str), project.townships["name"].astype(str), strict=True))
    towns = [town_name.get(code, code) for code in places["township"].astype(str)]
    names = places["name"].astype(str).tolist()
    rows = [(towns[p], names[p], int(np.rint(share[p] * children[p]))) for p in villages.tolist()]
    return pd.DataFrame(rows, columns=["乡镇", "村名", "留守儿童数"])


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the demo county's left-behind children beside the project."""
    from gis.fileio import write_csv
    from gis.project import load_project

    parser = argparse.ArgumentParser(
        prog="python -m demo.left_behind", description="Write the demo county's left-behind children by village."
    )
    parser.add_argument("project", nargs="?", default=str(DEFAULT_PROJECT), help="the demo project (GeoPackage)")
    parser.add_argument("--out", help="CSV to write (default: PROJECT-left-behind.csv)")
    parser.add_argument("--seed", type=int, help="seed of the shares (default: the project's seed setting, else 2026)")
    args = parser.parse_args(argv)
    project = load_project(args.project)
    seed = args.seed if args.seed is not None else int(project.settings.get("seed", "2026"))
    written = write_csv(
        make_left_behind(project, seed=seed), args.out or f"{Path(args.project).with_suffix('')}-left-behind.csv"
    )
    print(f"wrote {written}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
