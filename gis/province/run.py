"""The province on Dask: each county a task on a ``dask.distributed`` cluster.

By default the cluster is a ``LocalCluster`` of worker processes on this computer, one thread
each (a county's work is NumPy, SciPy and HiGHS, which hold the GIL in places). Given the
address of a running scheduler (started with Dask's own ``dask scheduler`` and ``dask worker``
commands), the same tasks go to its workers, which read each county from its path: a folder
shared by the machines.

A county whose worker dies (out of memory, a machine gone) is run again by the scheduler on
another worker; SchoolPlan's local cluster allows it once (Dask's ``allowed-failures``), a
scheduler of one's own as its configuration says. After that, and for every failure inside a
county, the county is reported and the others finish.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gis.errors import Cancelled, InputError, Problem
from gis.messages import text
from gis.province.county import partial_folder, run_county
from gis.province.result import CountyFailure, CountyResult, ProvinceResult

if TYPE_CHECKING:
    from collections.abc import Sequence

    from gis.progress import CancelFn
    from gis.province.county import CountyTask, Writer

#: How often a county may lose its worker and still be run again on SchoolPlan's local cluster.
ALLOWED_FAILURES = 1
# Seconds between two looks at the counties running (progress and cancel).
_POLL_S = 0.5


@dataclass(frozen=True)
class Cluster:
    """Where the counties run.

    ``scheduler``: the address of a running Dask scheduler (``tcp://host:8786``), or None for a
    local cluster of ``workers`` processes (None: one per core, no more than the counties),
    each allowed ``memory_per_worker`` (Dask's memory limit: a worker past it is restarted).
    """

    scheduler: str | None = None
    workers: int | None = None
    memory_per_worker: str = "4GB"
    connect_timeout_s: float = 5.0
    wait_for_workers_s: float = 60.0
    dashboard_address: str = "127.0.0.1:0"


@dataclass(frozen=True)
class Status:
    """Where a province run stands: counties done (with a result), failed, running, of ``total``."""

    total: int
    done: int
    failed: int
    running: int
    last: str = ""
    dashboard: str = ""
    workers: int = 0


def run_province(
    tasks: Sequence[CountyTask],
    *,
    write: Writer | None = None,
    cluster: Cluster | None = None,
    on_status: Callable[[Status], None] | None = None,
    cancel: CancelFn | None = None,
) -> ProvinceResult:
    """Run every county's task on a Dask cluster and gather their figures.

    Parameters
    ----------
    tasks
        A task per county and year (:func:`gis.province.counties.county_tasks`).
    write
        Writes each county's own outputs on its worker (None: figures only).
    cluster
        Where to run (default: a local cluster).
    on_status
        Called as counties start and finish, and every half second.
    cancel
        Returns True once the user asked to stop.

    Returns
    -------
    The counties' figures and failures, in the order of ``tasks``.

    Raises
    ------
    InputError
        If the scheduler cannot be reached, has no workers, or the cluster's options are wrong.
    Cancelled
        If ``cancel`` returned True: the running counties are stopped and their partial
        folders removed.
    """
    cluster = cluster or Cluster()
    started = time.perf_counter()
    local, client = _connect(cluster, len(tasks))
    try:
        dashboard = _dashboard(client)
        futures = _submit(client, tasks, write)
        with client.as_current():
            outcomes = _gather(client, futures, tasks, dashboard, on_status, cancel)
        workers = len(client.scheduler_info().get("workers", {}))
    except BaseException:
        _stop(client, local)
        for task in tasks:
            shutil.rmtree(partial_folder(Path(task.folder)), ignore_errors=True)
        raise
    _stop(client, local)
    return ProvinceResult(
        counties=tuple(o for o in outcomes if isinstance(o, CountyResult)),
        failures=tuple(o for o in outcomes if isinstance(o, CountyFailure)),
        steps=tasks[0].steps if tasks else (),
        seconds=time.perf_counter() - started,
        workers=workers,
        dashboard=dashboard,
    )


def _connect(cluster: Cluster, counties: int) -> tuple[Any, Any]:
    """The local cluster (None with a scheduler of one's own) and a client of it."""
    import dask
    from distributed import Client, LocalCluster

    if cluster.scheduler is not None:
        address = cluster.scheduler
        try:
            client = Client(address, timeout=f"{cluster.connect_timeout_s}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(
                Problem(
                    text("cannot reach the Dask scheduler ({error})", error=str(exc) or type(exc).__name__),
                    field="--scheduler",
                    value=address,
                    fix=text(
                        "start it with `dask scheduler` and its workers with `dask worker {address}`, "
                        "check the address and the firewall, or leave --scheduler out to run on this computer",
                        address=address,
                    ),
                )
            ) from None
        try:
            client.wait_for_workers(1, timeout=cluster.wait_for_workers_s)
        except (TimeoutError, OSError):
            client.close()
            raise InputError(
                Problem(
                    text("the Dask scheduler has no workers"),
                    field="--scheduler",
                    value=address,
                    fix=text("start workers with `dask worker {address}` on the machines", address=address),
                )
            ) from None
        return None, client
    workers = cluster.workers or max(1, min(counties, os.cpu_count() or 1))
    if workers < 1:
        raise InputError(Problem(text("workers must be 1 or more"), field="--workers", value=str(workers)))
    try:
        memory = dask.utils.parse_bytes(cluster.memory_per_worker)
    except (ValueError, TypeError):
        memory = -1
    if memory <= 0:
        raise InputError(
            Problem(
                text("not an amount of memory"),
                field="--memory-per-worker",
                value=cluster.memory_per_worker,
                fix=text("e.g. 4GB or 500MB"),
            )
        )
    # Dask's statistical profiler samples each worker's stack every 10 ms: a cost on every county
    # for a view of the dashboard SchoolPlan's users do not need.
    settings = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES, "distributed.worker.profile.enabled": False}
    with dask.config.set(settings):
        local = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory,
            dashboard_address=cluster.dashboard_address,
            silence_logs=50,  # logging.CRITICAL: a worker's death is reported as the county's failure
        )
    return local, Client(local, set_as_default=False)


def _dashboard(client: Any) -> str:
    try:
        return str(client.dashboard_link or "")
    except (KeyError, AttributeError):
        return ""


def _submit(client: Any, tasks: Sequence[CountyTask], write: Writer | None) -> list[Any]:
    """A future per task; the largest projects first, so no worker is left alone with a big one at the end."""
    run = uuid.uuid4().hex[:8]
    futures = []
    for i, task in enumerate(tasks):
        try:
            size = os.path.getsize(task.path)
        except OSError:
            size = 0
        futures.append(
            client.submit(run_county, task, write, key=f"county-{run}-{i:04d}", pure=False, priority=size // 2**16)
        )
    return futures


def _gather(
    client: Any,
    futures: list[Any],
    tasks: Sequence[CountyTask],
    dashboard: str,
    on_status: Callable[[Status], None] | None,
    cancel: CancelFn | None,
) -> list[CountyResult | CountyFailure]:
    from distributed import wait

    outcomes: dict[int, CountyResult | CountyFailure] = {}
    index = {f.key: i for i, f in enumerate(futures)}
    pending = set(futures)
    last = ""
    while pending:
        if cancel is not None and cancel():
            client.cancel(list(pending))
            raise Cancelled("cancelled by the user")
        try:
            finished, still = wait(list(pending), timeout=_POLL_S, return_when="FIRST_COMPLETED")
        except TimeoutError:  # none finished in the while: only the status to show
            finished, still = set(), pending
        pending = set(still)
        for future in finished:
            i = index[future.key]
            outcomes[i] = _outcome(future, tasks[i])
            last = tasks[i].county
        if on_status is not None:
            on_status(_status(client, outcomes, pending, len(tasks), last, dashboard))
    return [outcomes[i] for i in range(len(tasks))]


def _outcome(future: Any, task: CountyTask) -> CountyResult | CountyFailure:
    from distributed import KilledWorker

    if future.status == "finished":
        result = future.result()
        if isinstance(result, CountyResult | CountyFailure):
            return result
    error = future.exception() if future.status == "error" else None
    if isinstance(error, KilledWorker):
        message = text(
            "the worker running this county died and so did the one that ran it again "
            "(out of memory? give the workers more with --memory-per-worker)"
        )
    elif error is not None:
        message = text(
            "the worker could not run this county ({kind}: {error}); do the workers run the same SchoolPlan?",
            kind=type(error).__name__,
            error=str(error),
        )
    else:
        message = text("the scheduler lost this county ({status})", status=str(future.status))
    return CountyFailure(task.county, task.year, task.path, "worker", message)


def _status(
    client: Any,
    outcomes: dict[int, CountyResult | CountyFailure],
    pending: set[Any],
    total: int,
    last: str,
    dashboard: str,
) -> Status:
    keys = {f.key for f in pending}
    try:
        processing = client.processing()
        threads = client.nthreads()
        # A worker holds the tasks queued for it too: no more run at once than its threads.
        running = sum(min(sum(key in keys for key in held), threads.get(w, 1)) for w, held in processing.items())
        workers = len(processing)
    except (OSError, TimeoutError):
        running, workers = 0, 0
    failed = sum(isinstance(o, CountyFailure) for o in outcomes.values())
    return Status(total, len(outcomes) - failed, failed, running, last, dashboard, workers)


def _stop(client: Any, local: Any) -> None:
    try:
        client.close()
    finally:
        if local is not None:
            local.close()
