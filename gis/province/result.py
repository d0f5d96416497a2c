"""What a province run gives back: each county's figures, the counties that failed, the tables.

A county's worker sends back only these small tables (:class:`CountyResult`), never the
project or the analysis; a county that could not be run is a :class:`CountyFailure` naming the
step and the message. :class:`ProvinceResult` puts them together into the province's tables:
``province_counties.csv`` (:meth:`ProvinceResult.counties_table`), ``province_balance.csv``
(:meth:`ProvinceResult.balance_table`), the failures, the year-over-year table (纵向对比) and the
counties' outlines for the province map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import geopandas as gpd

#: Columns of ``province_counties.csv``: one figure of one county, year and level a row.
METRIC_COLUMNS = ("county", "year", "level", "metric", "value")
#: Columns of ``province_balance.csv``: one difference coefficient a row, as ``balance.csv`` has them.
BALANCE_COLUMNS = ("county", "year", "level", "method", "indicator", "coefficient", "threshold", "passes")
#: Columns of the failures' table: which county, which step, what went wrong.
FAILURE_COLUMNS = ("county", "year", "path", "step", "message")
#: The CRS of the counties' outlines: CGCS2000 longitude and latitude, common to every county
#: whatever the projected CRS of its project.
OUTLINE_CRS = "EPSG:4490"


@dataclass(frozen=True)
class CountyResult:
    """One county's figures, as its worker sends them back.

    ``metrics`` has :data:`METRIC_COLUMNS`, ``balance`` :data:`BALANCE_COLUMNS` (empty without
    the balance step). ``outline`` is the county's outline (the union of its township
    polygons, simplified) as WKB in :data:`OUTLINE_CRS`, or empty bytes when the project has no
    townships. ``folder`` is where the county's own outputs were written, ``written`` their
    names in it.
    """

    county: str
    year: int
    path: str
    code: str
    metrics: pd.DataFrame
    balance: pd.DataFrame
    outline: bytes = b""
    folder: str = ""
    written: tuple[str, ...] = ()
    seconds: float = 0.0
    peak_memory_mb: float = 0.0
    worker: str = ""


@dataclass(frozen=True)
class CountyFailure:
    """A county that could not be run: where (``step``: read, analyze, balance, forecast, plan,
    write or worker) and why, in words a planner can act on; ``detail`` is the technical trace
    of an unexpected error (for the failures file, never printed)."""

    county: str
    year: int | None
    path: str
    step: str
    message: str
    detail: str = ""


@dataclass(frozen=True)
class ProvinceResult:
    """Every county's result of one province run, in the order the counties were given."""

    counties: tuple[CountyResult, ...]
    failures: tuple[CountyFailure, ...]
    steps: tuple[str, ...]
    seconds: float = 0.0
    workers: int = 0
    dashboard: str = ""

    @property
    def years(self) -> tuple[int, ...]:
        """The years analysed, in order."""
        return tuple(sorted({c.year for c in self.counties}))

    def counties_table(self) -> pd.DataFrame:
        """``province_counties.csv``: every county's figures (:data:`METRIC_COLUMNS`)."""
        return _stacked([c.metrics for c in self.counties], METRIC_COLUMNS)

    def balance_table(self) -> pd.DataFrame:
        """``province_balance.csv``: every county's difference coefficients (:data:`BALANCE_COLUMNS`)."""
        table = _stacked([c.balance for c in self.counties], BALANCE_COLUMNS)
        table["passes"] = table["passes"].astype(object)
        return table

    def failures_table(self) -> pd.DataFrame:
        """The counties that failed (:data:`FAILURE_COLUMNS`), in the order given."""
        rows = [(f.county, f.year, f.path, f.step, f.message) for f in self.failures]
        return pd.DataFrame(rows, columns=list(FAILURE_COLUMNS))

    @property
    def missing(self) -> tuple[str, ...]:
        """The names of the counties missing from the tables (each failed)."""
        return tuple(dict.fromkeys(f.county for f in self.failures))

    def passes_table(self) -> pd.DataFrame:
        """Whether each county passes each balance method at each level: every coefficient of the
        method with a threshold within it (county, year, level, method, passes)."""
        table = self.balance_table()
        judged = table[table["passes"].notna()]
        if judged.empty:
            return pd.DataFrame(columns=["county", "year", "level", "method", "passes"])
        grouped = judged.groupby(["county", "year", "level", "method"], sort=False)["passes"]
        return grouped.agg(lambda p: bool(all(p))).reset_index()

    def years_table(self) -> pd.DataFrame:
        """The year-over-year table (纵向对比): a row per county, level and metric, a column per
        year and ``change`` (the last year's value less the first's). Empty with one year."""
        table = self.counties_table()
        if len(self.years) < 2:
            return pd.DataFrame(columns=["county", "level", "metric"])
        wide = table.pivot_table(index=["county", "level", "metric"], columns="year", values="value", aggfunc="first")
        wide = wide.reindex(columns=list(self.years))
        first, last = self.years[0], self.years[-1]
        wide["change"] = wide[last] - wide[first]
        wide.columns = [str(c) for c in wide.columns]
        return wide.reset_index()

    def outlines(self) -> gpd.GeoDataFrame:
        """The counties' outlines in :data:`OUTLINE_CRS`, one row per county (its latest year that
        has one): county, code, year, geometry."""
        import geopandas as gpd
        import shapely

        latest: dict[str, CountyResult] = {}
        for result in self.counties:
            if result.outline and (result.county not in latest or result.year >= latest[result.county].year):
                latest[result.county] = result
        rows = list(latest.values())
        return gpd.GeoDataFrame(
            {"county": [r.county for r in rows], "code": [r.code for r in rows], "year": [r.year for r in rows]},
            geometry=[shapely.from_wkb(r.outline) for r in rows],
            crs=OUTLINE_CRS,
        )


def _stacked(frames: list[pd.DataFrame], columns: tuple[str, ...]) -> pd.DataFrame:
    kept = [f for f in frames if not f.empty]
    if not kept:
        return pd.DataFrame(columns=list(columns))
    return pd.concat(kept, ignore_index=True)[list(columns)]
