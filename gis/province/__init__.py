"""The province at once: every county's analysis, balance, forecast and plan on Dask.

:mod:`gis.province.counties` finds the counties' project files and makes a task for each
county and year; :mod:`gis.province.county` is the task a worker runs; :mod:`gis.province.run`
sends the tasks to a ``dask.distributed`` cluster (a local one by default) and gathers the
figures; :mod:`gis.province.result` holds what comes back and the province's tables.
"""

from gis.province.counties import County, county_tasks, find_projects, read_county
from gis.province.county import STEPS, CountyOutcome, CountyTask, Writer, run_county
from gis.province.result import CountyFailure, CountyResult, ProvinceResult
from gis.province.run import Cluster, Status, run_province

__all__ = [
    "STEPS",
    "Cluster",
    "County",
    "CountyFailure",
    "CountyOutcome",
    "CountyResult",
    "CountyTask",
    "ProvinceResult",
    "Status",
    "Writer",
    "county_tasks",
    "find_projects",
    "read_county",
    "run_county",
    "run_province",
]
