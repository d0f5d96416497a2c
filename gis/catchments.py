"""Catchment polygons dissolved from the population grid, and the grid's geometry."""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from affine import Affine


def grid_transform(x: np.ndarray, y: np.ndarray, row: np.ndarray, col: np.ndarray, cell_size: float) -> Affine:
    """The affine transform of the population grid, recovered from cell centres and indices.

    Works whichever way the rows run (north-up rasters have y falling as the row grows).
    """
    from affine import Affine

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    row = np.asarray(row, dtype=float)
    col = np.asarray(col, dtype=float)
    x0 = float(np.median(x - (col + 0.5) * cell_size))
    sign = -1.0
    if row.size > 1 and np.ptp(row) > 0:
        sign = 1.0 if np.corrcoef(row, y)[0, 1] > 0 else -1.0
    y0 = float(np.median(y - sign * (row + 0.5) * cell_size))
    return Affine(cell_size, 0.0, x0, 0.0, sign * cell_size, y0)


def cell_squares(x: np.ndarray, y: np.ndarray, cell_size: float) -> np.ndarray:
    """Square polygons of side ``cell_size`` centred on the given points (vectorised)."""
    import shapely

    h = cell_size / 2.0
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    coords = np.stack(
        [
            np.stack([x - h, y - h], axis=1),
            np.stack([x + h, y - h], axis=1),
            np.stack([x + h, y + h], axis=1),
            np.stack([x - h, y + h], axis=1),
            np.stack([x - h, y - h], axis=1),
        ],
        axis=1,
    )
    return shapely.polygons(coords)


def dissolve_cells(
    row: np.ndarray,
    col: np.ndarray,
    label: np.ndarray,
    transform: Affine,
) -> dict[int, object]:
    """One (multi)polygon per label, dissolved from the grid cells carrying that label.

    Cells with a negative label (unreachable) belong to no catchment. The polygons follow the
    cell edges exactly: the label grid is polygonised with GDAL (rasterio.features.shapes).
    """
    import rasterio.features
    import shapely
    from affine import Affine

    label = np.asarray(label, dtype=np.int32)
    keep = label >= 0
    if not keep.any():
        return {}
    row = np.asarray(row, dtype=np.int64)[keep]
    col = np.asarray(col, dtype=np.int64)[keep]
    label = label[keep]
    r0, c0 = int(row.min()), int(col.min())
    grid = np.full((int(row.max()) - r0 + 1, int(col.max()) - c0 + 1), -1, dtype=np.int32)
    grid[row - r0, col - c0] = label
    window = transform @ Affine.translation(c0, r0)
    values: list[int] = []
    rings: list[list[tuple[float, float]]] = []
    ring_polygon: list[int] = []
    for number, (geom, value) in enumerate(
        rasterio.features.shapes(grid, mask=grid >= 0, transform=window, connectivity=4)
    ):
        values.append(int(value))
        rings.extend(geom["coordinates"])
        ring_polygon.extend([number] * len(geom["coordinates"]))
    # Build every ring and polygon in two vectorised calls (the first ring of each polygon is
    # its shell, the rest its holes).
    lengths = np.fromiter((len(r) for r in rings), dtype=np.int64, count=len(rings))
    coords = np.concatenate([np.asarray(r, dtype=float) for r in rings])
    ring_geoms = shapely.linearrings(coords, indices=np.repeat(np.arange(len(rings)), lengths))
    polygons = shapely.polygons(ring_geoms, indices=np.asarray(ring_polygon))
    labels = np.asarray(values, dtype=np.int64)
    # GDAL's regions of one label are disjoint (4-connected), so they form a valid
    # MultiPolygon without any union.
    order = np.argsort(labels, kind="stable")
    keys, starts, counts = np.unique(labels[order], return_index=True, return_counts=True)
    # Labels with several regions get a MultiPolygon, built in one vectorised call; the others
    # their one polygon.
    group = np.repeat(np.arange(keys.size), counts)
    many = counts > 1
    slot = np.cumsum(many) - 1
    multi = shapely.multipolygons(polygons[order][many[group]], indices=slot[group][many[group]])
    singles = polygons[order[starts]]
    return {
        key: multi[slot[number]] if several else singles[number]
        for number, (key, several) in enumerate(zip(keys.tolist(), many.tolist(), strict=True))
    }


class OutlineMaker:
    """Dissolves the catchments of an analysis's levels in a process of its own, beside the analysis.

    The routing that comes before the catchments can be dissolved holds the interpreter lock, and so
    does most of the dissolving: threads would take turns (and GDAL's in-memory datasets are not
    safe beside other threads' GDAL work), a process runs on the other core. The process is this
    Python running :func:`serve_outlines` (not :mod:`multiprocessing`, which would import the
    caller's main script again); the polygons come back as WKB and are the same as
    :func:`dissolve_cells` makes here. Where no process can be started, or it fails, the polygons
    are made in this process when asked for.

    ``row`` and ``col`` are those of every population cell, ``transform`` the grid's
    (:func:`gis.analysis.population_grid`).
    """

    def __init__(self, row: np.ndarray, col: np.ndarray, transform: Affine) -> None:
        import subprocess
        import sys

        self._rows, self._cols, self._affine = np.asarray(row), np.asarray(col), transform
        self._transform = tuple(transform)[:6]
        self._jobs: dict[str, tuple[np.ndarray, np.ndarray, Future[tuple[np.ndarray, np.ndarray]] | None]] = {}
        self._waiting: list[Future[tuple[np.ndarray, np.ndarray]]] = []
        self._lock = threading.Lock()
        self._writing = threading.Lock()
        self._ended = False  # the process ended: nothing more will be answered
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-c", "from gis.catchments import serve_outlines; serve_outlines()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console window on Windows
            )
        except OSError:
            self._process = None
            return
        self._reader = threading.Thread(target=self._read, name="outlines", daemon=True)
        self._reader.start()

    def submit(self, level: str, cells: np.ndarray, school: np.ndarray) -> None:
        """Start dissolving a level's catchments: its analysed cells (population rows) and their school.

        Returns at once: the request is written to the process by a thread of its own (the pipe
        takes it only as fast as the process, perhaps still starting, reads it).
        """
        job: Future[tuple[np.ndarray, np.ndarray]] | None = None
        if self._process is not None:
            job = Future()
            request = (self._rows[cells], self._cols[cells], np.asarray(school, dtype=np.int64), self._transform)
            threading.Thread(target=self._write, args=(request, job), name="outlines-request", daemon=True).start()
        self._jobs[level] = (cells, school, job)

    def _write(self, request: tuple[object, ...], job: Future[tuple[np.ndarray, np.ndarray]]) -> None:
        assert self._process is not None and self._process.stdin is not None
        try:
            with self._writing:  # one request after another, answered in that order
                with self._lock:
                    if self._ended:
                        raise OSError("no answer will come")
                    self._waiting.append(job)
                pickle.dump(request, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self._process.stdin.flush()
        except (OSError, ValueError) as error:  # the process ended (or was closed)
            with self._lock:
                if job in self._waiting:
                    self._waiting.remove(job)
                if not job.done():
                    job.set_exception(OSError(f"the outline process ended: {error}"))

    def outlines(self) -> dict[str, dict[int, object]]:
        """Each submitted level's polygons (school row → polygon), waiting for the process."""
        import shapely

        made: dict[str, dict[int, object]] = {}
        for level, (cells, school, job) in self._jobs.items():
            try:
                if job is None:
                    raise OSError("no outline process")
                keys, wkb = job.result()
                made[level] = dict(zip(keys.tolist(), shapely.from_wkb(wkb), strict=True))
            except (OSError, EOFError, pickle.UnpicklingError):
                made[level] = dissolve_cells(self._rows[cells], self._cols[cells], school, self._affine)
        return made

    def close(self) -> None:
        """End the process (at once: its work may be one nobody will ask for now)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            if self._process.stdin is not None:
                with contextlib.suppress(OSError):  # what was still buffered for it
                    self._process.stdin.close()

    def _read(self) -> None:
        """The answers, in the order asked; every job still waiting fails once the process ends."""
        assert self._process is not None and self._process.stdout is not None
        try:
            while True:
                answer = pickle.load(self._process.stdout)
                with self._lock:
                    job = self._waiting.pop(0)
                job.set_result(answer)
        except Exception as error:  # an ended or broken process (EOF, a broken pickle): the jobs fall back
            with self._lock:
                self._ended = True
                for job in self._waiting:
                    job.set_exception(OSError(f"the outline process ended: {error}"))
                self._waiting.clear()
            self._process.stdout.close()


def serve_outlines() -> None:
    """The outline process of :class:`OutlineMaker`: :func:`dissolve_cells` of each request read
    from standard input (row, col, label, transform), the labels and their polygons as WKB written
    to standard output, until standard input ends."""
    import sys

    import rasterio.features  # noqa: F401 - imported while the analysis routes, not on the first request
    import shapely
    from affine import Affine

    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            row, col, label, transform = pickle.load(requests)
        except EOFError:
            return
        polygons = dissolve_cells(row, col, label, Affine(*transform))
        keys = np.fromiter(polygons, dtype=np.int64, count=len(polygons))
        wkb = shapely.to_wkb(np.array(list(polygons.values()), dtype=object))
        pickle.dump((keys, wkb), answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()
