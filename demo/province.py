"""The demo province: a dozen demo counties side by side, one of their files broken on purpose.

:func:`make_province` makes the counties with :func:`demo.generate_county`, each from its own
seed and at its own scale (so each has its own outline, rivers, terrain, townships and
schools), under its own invented name (:data:`demo.names.PROVINCE_COUNTIES`) and 6-digit code
(``5227`` and 40, 41 …, so township codes and school ids differ between counties), moved onto a
grid of the province 60 km apart (wider if the widest county needs it), each up to 5 km off its
grid point, so that neighbours never overlap. Each is
saved as ``OUT/<stem>.gpkg`` with an ASCII stem (``qinglan.gpkg``). The last county's file is
then cut off half-way, as a copy that went wrong leaves it: :func:`gis.project.load_project`
reports it as an :class:`~gis.errors.InputError` ("not a readable GeoPackage … database disk
image is malformed"), and a province run must report it and finish every other county.

The same seed, number of counties and scales give the same counties (on the same platform).
``schoolplan demo-province --counties 12 --out DIR`` calls :func:`make_province`.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from demo.county import generate_county
from demo.grid import CELL_SIZE
from demo.names import PROVINCE_CODE_PREFIX, PROVINCE_COUNTIES, PROVINCE_FIRST_CODE
from demo.terrain import county_outline
from gis.progress import CancelFn, Progress, ProgressFn
from gis.project import save_project

if TYPE_CHECKING:
    from collections.abc import Sequence

MIN_COUNTIES = 2
MAX_COUNTIES = len(PROVINCE_COUNTIES)
"""At most 60 counties: one for each invented name and code."""
SCALES = (0.15, 0.45)
"""The smallest and the largest county (in :func:`demo.generate_county`'s scale): about 290 to
880 km², so that twelve generate in well under a minute and each is analysed in seconds."""
_PITCH_M = 60_000.0  # the least spacing of the province's grid
_JITTER_M = 5_000.0  # how far a county may sit off its place on the grid, each way
_GAP_M = 3_000.0  # the least gap between the boxes of neighbouring counties


@dataclass(frozen=True)
class ProvinceDemo:
    """The demo province as written.

    ``files`` are the good projects, ``broken`` the file broken on purpose; ``names`` the
    counties' Chinese names, those of ``files`` in their order and the broken county's last;
    ``seconds`` the time it took.
    """

    files: tuple[Path, ...]
    broken: Path
    names: tuple[str, ...]
    seconds: float


@dataclass(frozen=True)
class DemoCounty:
    """One county of the province: what it is called and how it is generated."""

    name: str
    stem: str
    code: str
    seed: int
    scale: float
    offset: tuple[float, float]


def make_province(
    out: Path,
    *,
    counties: int = 12,
    seed: int = 2026,
    scales: tuple[float, float] = SCALES,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ProvinceDemo:
    """Generate the demo province's counties into a folder, the last one's file broken.

    Parameters
    ----------
    out
        The folder to write to; made if missing. Other files in it are left alone, a county's
        file of an earlier run is replaced.
    counties
        How many counties, the broken one included: 2 to :data:`MAX_COUNTIES`.
    seed
        Seed of the province: the counties' seeds, scales and places follow from it.
    scales
        The smallest and the largest county's scale (see :func:`demo.generate_county`); the
        counties' scales are spread evenly between them, in random order.
    progress
        Called with the fraction done (0-1) and a message naming the county.
    cancel
        Returns True once the user asked to stop; checked between counties and between the
        steps of each county.

    Returns
    -------
    The files written, the counties' names and the time taken.

    Raises
    ------
    ValueError
        If ``counties`` is not a whole number from 2 to 60, or ``scales`` are not two scales,
        the smaller first.
    gis.errors.Cancelled
        If ``cancel`` returned True; the counties already written stay.
    """
    started = time.perf_counter()
    plan = province_plan(counties, seed=seed, scales=scales)
    report = Progress(progress, cancel)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    n = len(plan)
    for k, county in enumerate(plan):
        report(k / n, f"{county.name} ({k + 1}/{n}): generating")
        project = generate_county(
            seed=county.seed,
            scale=county.scale,
            name=county.name,
            code=county.code,
            offset=county.offset,
            progress=_named(report.stage(k / n, (k + 0.9) / n), county.name),
            cancel=cancel,
        )
        report((k + 0.9) / n, f"{county.name} ({k + 1}/{n}): saving {county.stem}.gpkg")
        target = folder / f"{county.stem}.gpkg"
        # A file of an earlier run is removed, not saved over: saving over a file keeps its
        # foreign tables, and the broken one cannot be read for them.
        target.unlink(missing_ok=True)
        written.append(save_project(project, target))
    report(1.0, f"{plan[-1].name}: breaking {plan[-1].stem}.gpkg on purpose")
    broken = written.pop()
    _cut_in_half(broken)
    return ProvinceDemo(
        files=tuple(written),
        broken=broken,
        names=tuple(county.name for county in plan),
        seconds=time.perf_counter() - started,
    )


def province_plan(counties: int, *, seed: int = 2026, scales: tuple[float, float] = SCALES) -> list[DemoCounty]:
    """The counties of the demo province: names, codes, seeds, scales and places.

    The counties fill a grid of ``ceil(sqrt(counties))`` columns row by row from the north-west,
    centred on the demo county's place, 60 km apart (more if the widest county needs it); each
    sits up to 5 km off its grid point, as far as its neighbours leave room. Each county's
    extent is read off its outline, drawn first from its seed as :func:`demo.generate_county`
    draws it, so that no two counties' boxes come within 3 km of each other.

    Raises
    ------
    ValueError
        As :func:`make_province`.
    """
    if isinstance(counties, bool) or not isinstance(counties, int | np.integer):
        raise ValueError(f"the number of counties must be a whole number, not {counties!r}")
    if not MIN_COUNTIES <= counties <= MAX_COUNTIES:
        raise ValueError(
            f"a demo province has {MIN_COUNTIES} to {MAX_COUNTIES} counties (one of them broken), not {counties}"
        )
    low, high = _checked_scales(scales)
    rng = np.random.default_rng(seed)
    seeds = [int(s) for s in rng.choice(2**31 - 1, size=counties, replace=False) + 1]
    sizes = [float(s) for s in np.round(rng.permutation(np.linspace(low, high, counties)), 3)]
    jitter = rng.uniform(-_JITTER_M, _JITTER_M, size=(counties, 2))
    boxes = np.array([_box(s, scale) for s, scale in zip(seeds, sizes, strict=True)])  # west, south, east, north
    width = float(np.max(boxes[:, 2] - boxes[:, 0]))
    height = float(np.max(boxes[:, 3] - boxes[:, 1]))
    pitch = max(_PITCH_M, _whole_km(width + _GAP_M), _whole_km(height + _GAP_M))
    cols = math.ceil(math.sqrt(counties))
    rows = math.ceil(counties / cols)
    # Every county is drawn around the demo county's middle: the province's middle.
    middle_x = float(np.mean(boxes[:, 0] + boxes[:, 2]) / 2)
    middle_y = float(np.mean(boxes[:, 1] + boxes[:, 3]) / 2)
    plan = []
    for k in range(counties):
        row, col = divmod(k, cols)
        name, stem = PROVINCE_COUNTIES[k]
        west, south, east, north = boxes[k]
        # The box's middle goes to the grid point, then off it as far as the jitter and the
        # room left in its grid cell allow.
        room_x = max(0.0, (pitch - _GAP_M - (east - west)) / 2 - CELL_SIZE)
        room_y = max(0.0, (pitch - _GAP_M - (north - south)) / 2 - CELL_SIZE)
        x = (col - (cols - 1) / 2) * pitch + float(np.clip(jitter[k, 0], -room_x, room_x))
        y = ((rows - 1) / 2 - row) * pitch + float(np.clip(jitter[k, 1], -room_y, room_y))
        dx = middle_x + x - (west + east) / 2
        dy = middle_y + y - (south + north) / 2
        plan.append(
            DemoCounty(
                name=name,
                stem=stem,
                code=f"{PROVINCE_CODE_PREFIX}{PROVINCE_FIRST_CODE + k:02d}",
                seed=seeds[k],
                scale=sizes[k],
                offset=(_whole_cells(dx), _whole_cells(dy)),
            )
        )
    return plan


def _box(seed: int, scale: float) -> tuple[float, float, float, float]:
    """The box (west, south, east, north) of the county generated from this seed and scale at
    its own place: its outline is the first thing :func:`demo.generate_county` draws."""
    grid, county = county_outline(np.random.default_rng(seed), scale)
    rows = np.flatnonzero(county.any(axis=1))
    cols = np.flatnonzero(county.any(axis=0))
    return (
        grid.x0 + cols[0] * grid.cell,
        grid.y0 - (rows[-1] + 1) * grid.cell,
        grid.x0 + (cols[-1] + 1) * grid.cell,
        grid.y0 - rows[0] * grid.cell,
    )


def _checked_scales(scales: Sequence[float]) -> tuple[float, float]:
    try:
        low, high = (float(s) for s in scales)
    except (TypeError, ValueError):
        raise ValueError(f"scales must be two numbers, the smaller first, not {scales!r}") from None
    if not (math.isfinite(low) and math.isfinite(high) and 0 < low <= high):
        raise ValueError(f"scales must be two numbers, the smaller first, not {scales!r}")
    return low, high


def _whole_km(metres: float) -> float:
    return 1000.0 * math.ceil(metres / 1000.0)


def _whole_cells(metres: float) -> float:
    return float(round(metres / CELL_SIZE) * CELL_SIZE)


def _named(stage: Progress, name: str) -> ProgressFn:
    """A progress callback for one county's steps: their messages after the county's name."""

    def show(fraction: float, message: str) -> None:
        stage(fraction, f"{name}: {message}")

    return show


def _cut_in_half(path: Path) -> None:
    """Cut a file off half-way, as a copy that went wrong leaves it."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.truncate(size // 2)
        file.flush()
        os.fsync(file.fileno())
