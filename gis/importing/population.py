"""Children of school age on the project grid, from population rasters or village counts.

Two sources, both ending as per-cell counts of ``primary`` (ages 6–11) and ``junior`` (ages
12–14) children on the project :class:`~gis.importing.grid.Grid`:

rasters
    WorldPop age–sex rasters in 5-year bands (``chn_f_5_2020.tif``, ``chn_m_10_2020.tif``),
    combined with the band fractions of the domain notes (primary = 4/5 of ages 5–9 + 2/5 of
    ages 10–14, junior = 3/5 of ages 10–14, both sexes), or rasters that already hold the two
    cohorts. WorldPop's youngest bands, 0 (under one) and 1 (ages 1–4), when given, are summed
    into ``under5`` (children aged 0–4): the forecast's births of the five years before the
    base year when there is no births table. Each raster is resampled onto the grid with GDAL's
    ``sum`` resampling and its total checked against the source pixels whose centres fall in the
    grid; a difference of more than 0.1% is reported, and the result is always rescaled so that
    totals are kept.
villages
    Points or polygons with counts from household registers: a point's children go to its
    cell, a polygon's are spread over the cells by area share (or by area times a weight
    raster), keeping every village's total exactly.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.importing.grid import Grid, read_vector_layer, to_crs
from gis.importing.rasters import open_raster, raster_crs, read_over_grid
from gis.messages import text, word
from gis.schema import LEVELS, POPULATION_COLUMNS

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.importing.report import ImportReport

PathLike = str | os.PathLike[str]

DEFAULT_FRACTIONS: Mapping[str, Mapping[int, float]] = {"primary": {5: 0.8, 10: 0.4}, "junior": {10: 0.6}}
"""Share of each 5-year age band (keyed by its first age) in each cohort: school entry at 6,
primary 6–11, junior 12–14, children spread evenly within a band (DOMAIN.md, Population)."""

UNDER5_BANDS = (0, 1)
"""WorldPop's bands of children under five, by first age: 0 (under one) and 1 (ages 1–4)."""

TOTAL_TOLERANCE = 0.001
"""Relative change of a raster's total by resampling above which the report warns."""

_WORLDPOP_NAME = re.compile(r"(?:^|_)(?P<sex>[fm])_(?P<age>\d{1,2})(?:_|$)", re.IGNORECASE)
_MAX_LISTED = 20
_COHORT_WORDS: Mapping[str, tuple[str, ...]] = {"primary": ("primary", "小学"), "junior": ("junior", "初中")}


@dataclass(frozen=True)
class CohortGrids:
    """Children per grid cell: arrays of shape (rows, cols), row 0 the northern edge."""

    primary: np.ndarray
    junior: np.ndarray
    in_files: tuple[float, float] | None = None
    """Children (primary, junior) in the source files, on the grid or not; None when unknown."""
    under5: np.ndarray | None = None
    """Children aged 0–4 per cell (WorldPop's bands 0 and 1); None when not given."""

    def totals(self) -> dict[str, float]:
        """The number of children of each cohort on the whole grid."""
        return {"primary": float(self.primary.sum()), "junior": float(self.junior.sum())}


# --------------------------------------------------------------------------------------------
# Rasters


def read_population_rasters(
    paths: Sequence[PathLike] | Mapping[str, PathLike],
    grid: Grid,
    *,
    report: ImportReport,
    kind: str = "worldpop",
    fractions: Mapping[str, Mapping[int, float]] = DEFAULT_FRACTIONS,
    ages: Mapping[str, int] | None = None,
    crs: str | None = None,
) -> CohortGrids | None:
    """Primary and junior children per grid cell from population rasters (GeoTIFF).

    Parameters
    ----------
    paths
        ``kind="worldpop"``: the age–sex rasters, one band each. ``kind="cohorts"``: either
        ``{"primary": path, "junior": path}`` or files whose names contain ``primary`` /
        ``junior`` (or 小学 / 初中).
    grid
        The project grid the counts are resampled onto.
    report
        Receives every finding.
    kind
        ``"worldpop"`` (5-year age bands combined with ``fractions``) or ``"cohorts"``.
    fractions
        Share of each band (by its first age) in each cohort; the default is
        :data:`DEFAULT_FRACTIONS`. Counties may edit them.
    ages
        The first age of the band of files whose names do not follow WorldPop's
        ``iso_sex_age_year`` pattern, keyed by path or file name.
    crs
        The CRS of rasters that carry none (stated by the user); without it they are refused.

    Returns
    -------
    The counts, or None when an error was reported.
    """
    if kind == "worldpop":
        return _read_worldpop(paths, grid, report=report, fractions=fractions, ages=ages or {}, crs=crs)
    if kind == "cohorts":
        return _read_cohort_rasters(paths, grid, report=report, crs=crs)
    raise ValueError(f"kind must be 'worldpop' or 'cohorts', not {kind!r}")


def _read_worldpop(
    paths: Sequence[PathLike] | Mapping[str, PathLike],
    grid: Grid,
    *,
    report: ImportReport,
    fractions: Mapping[str, Mapping[int, float]],
    ages: Mapping[str, int],
    crs: str | None,
) -> CohortGrids | None:
    files = [str(p) for p in (paths.values() if isinstance(paths, Mapping) else paths)]
    for cohort in fractions:
        if cohort not in LEVELS:
            raise ValueError(f"fractions are for {', '.join(LEVELS)}, not {cohort!r}")
        for age, share in fractions[cohort].items():
            if not 0 <= share <= 1:
                raise ValueError(f"the share of band {age} in {cohort} must be between 0 and 1, not {share}")
    wanted = sorted({age for cohort in fractions.values() for age in cohort})
    by_age: dict[int, list[tuple[str, str]]] = {age: [] for age in wanted}
    young: dict[int, list[tuple[str, str]]] = {age: [] for age in UNDER5_BANDS if age not in by_age}
    for file in files:
        name = Path(file).name
        stated = ages.get(file, ages.get(name))
        match = _WORLDPOP_NAME.search(Path(file).stem)
        if stated is not None:
            age, sex = int(stated), match.group("sex").lower() if match else "?"
        elif match:
            age, sex = int(match.group("age")), match.group("sex").lower()
        else:
            report.error(
                text("cannot tell the age band of this raster from its name"),
                file=file,
                fix=text("name it like WorldPop: country, sex, first age of the band, year (chn_f_5_2020.tif)"),
            )
            continue
        if age in young:
            young[age].append((file, sex))
            continue
        if age not in by_age:
            report.note(text("age band not used for school cohorts"), file=file, value=f"{age}-{age + 4}")
            continue
        by_age[age].append((file, sex))
    for age, found in by_age.items():
        if not found:
            report.error(
                text("no raster for ages {age}-{last_age}", age=age, last_age=age + 4),
                fix=text(
                    "add the female and male rasters of this band (WorldPop chn_f_{age}_YYYY.tif, chn_m_…)", age=age
                ),
            )
        elif {sex for _, sex in found} in ({"f"}, {"m"}):
            only = "female" if found[0][1] == "f" else "male"
            report.warning(
                text(
                    "only {only} rasters for ages {age}-{last_age}; the other sex is missing",
                    only=only,
                    age=age,
                    last_age=age + 4,
                ),
                file=found[0][0],
                fix=text("add the other sex's raster of this band"),
            )
    if any(young.values()):
        for age, found in young.items():
            band = "0-1" if age == 0 else "1-4"
            if not found:
                report.warning(
                    text("no raster for ages {band}: the children aged 0-4 are not kept", band=band),
                    fix=text(
                        "add the female and male rasters of this band (WorldPop chn_f_{age}_YYYY.tif, chn_m_…)", age=age
                    ),
                )
            elif {sex for _, sex in found} in ({"f"}, {"m"}):
                only = "female" if found[0][1] == "f" else "male"
                report.warning(
                    text("only {only} rasters for ages {band}; the other sex is missing", only=only, band=band),
                    file=found[0][0],
                    fix=text("add the other sex's raster of this band"),
                )
    if not report.ok:
        return None
    under5: np.ndarray | None = None
    if young and all(young.values()):
        under5 = np.zeros(grid.shape)
        for found in young.values():
            for file, _ in found:
                counts = resample_counts(file, grid, report=report, crs=crs)
                if counts is not None:
                    under5 += counts
    band_total: dict[int, np.ndarray] = {}
    band_in_files: dict[int, float] = {}
    for age, found in by_age.items():
        total = np.zeros(grid.shape)
        in_files = 0.0
        for file, _ in found:
            counts = resample_counts(file, grid, report=report, crs=crs)
            if counts is not None:
                total += counts
                in_files += raster_total(file, grid, crs=crs)
        band_total[age] = total
        band_in_files[age] = in_files
    if not report.ok:
        return None
    cohorts = {
        cohort: sum((share * band_total[age] for age, share in fractions.get(cohort, {}).items()), np.zeros(grid.shape))
        for cohort in LEVELS
    }
    people = {
        cohort: float(sum(share * band_in_files[age] for age, share in fractions.get(cohort, {}).items()))
        for cohort in LEVELS
    }
    return CohortGrids(cohorts["primary"], cohorts["junior"], (people["primary"], people["junior"]), under5)


def _read_cohort_rasters(
    paths: Sequence[PathLike] | Mapping[str, PathLike], grid: Grid, *, report: ImportReport, crs: str | None
) -> CohortGrids | None:
    chosen: dict[str, str] = {}
    if isinstance(paths, Mapping):
        chosen = {str(k): str(v) for k, v in paths.items()}
    else:
        for path in paths:
            stem = Path(path).stem.lower()
            cohorts = [c for c, words in _COHORT_WORDS.items() if any(w in stem for w in words)]
            if len(cohorts) != 1:
                report.error(
                    text("cannot tell whether this raster holds primary or junior children"),
                    file=str(path),
                    fix=text("put primary or junior (小学 or 初中) in its file name"),
                )
                continue
            chosen[cohorts[0]] = str(path)
    for cohort in chosen:
        if cohort not in LEVELS:
            report.error(text("unknown cohort"), value=cohort, fix=text("use {levels}", levels=" or ".join(LEVELS)))
    if not report.ok:
        return None
    out: dict[str, np.ndarray] = {}
    in_files: dict[str, float] = {}
    for cohort in LEVELS:
        in_files[cohort] = 0.0
        if cohort not in chosen:
            report.warning(
                text("no {cohort} raster; {cohort} children are taken as 0", cohort=word(cohort)),
                fix=text("add the {cohort} raster", cohort=word(cohort)),
            )
            out[cohort] = np.zeros(grid.shape)
            continue
        counts = resample_counts(chosen[cohort], grid, report=report, crs=crs)
        out[cohort] = np.zeros(grid.shape) if counts is None else counts
        if counts is not None:
            in_files[cohort] = raster_total(chosen[cohort], grid, crs=crs)
    if not report.ok:
        return None
    return CohortGrids(out["primary"], out["junior"], (in_files["primary"], in_files["junior"]))


def resample_counts(
    path: PathLike, grid: Grid, *, report: ImportReport, band: int = 1, crs: str | None = None
) -> np.ndarray | None:
    """A raster of counts (people per pixel) summed onto the grid, keeping its total.

    The reference total is the sum of the source pixels whose centres fall inside the grid.
    The raster is resampled with GDAL's ``sum`` method; when the result differs from the
    reference by more than :data:`TOTAL_TOLERANCE` the report warns with both numbers, and the
    result is rescaled to the reference in any case. Nodata and negative pixels count as 0
    (with a warning each); a raster with no CRS is refused unless ``crs`` states one.

    Returns
    -------
    Counts of shape ``grid.shape``, or None after an error.
    """
    import rasterio
    from rasterio.enums import Resampling
    from rasterio.warp import reproject

    file = str(path)
    where = text("band {band}", band=band)
    src = open_raster(file, report)
    if src is None:
        return None
    with src:
        src_crs = raster_crs(
            src,
            file,
            crs=crs,
            band=band,
            report=report,
            example="WorldPop uses EPSG:4326",
            band_fix=text("save the counts as a single-band GeoTIFF"),
        )
        if src_crs is None:
            return None
        read = read_over_grid(src, src_crs, grid, band=band, margin=1)
        if read is None:
            report.error(
                text("raster does not overlap the project grid"), file=file, fix=text("check the raster's area and CRS")
            )
            return None
        data, src_transform = read
    values = np.asarray(data.filled(np.nan), dtype=np.float64)
    missing = ~np.isfinite(values)
    negative = ~missing & (values < 0)
    if missing.all():
        report.error(text("raster holds no values over the project grid (all nodata)"), file=file, where=where)
        return None
    if missing.any():
        report.warning(
            text("pixels with nodata taken as 0 people"),
            file=file,
            where=where,
            value=f"{int(missing.sum())} of {missing.size} pixels",
        )
    if negative.any():
        report.warning(
            text("negative population values taken as 0"),
            file=file,
            where=where,
            value=f"{int(negative.sum())} pixels, lowest {float(values[negative].min()):g}",
            fix=text("check how the raster was made"),
        )
    values[missing | negative] = 0.0
    if src_crs != rasterio.crs.CRS.from_user_input(grid.crs):
        report.note(
            text("reprojected to the project CRS"), file=file, where=where, value=f"{src_crs.to_string()} -> {grid.crs}"
        )
    reference, binned = _bin_centres(values, src_transform, str(src_crs), grid)
    out = np.zeros(grid.shape, dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GDAL warns of no-ops on edge pixels
        reproject(
            source=values,
            destination=out,
            src_transform=src_transform,
            src_crs=src_crs,
            src_nodata=None,
            dst_transform=grid.transform,
            dst_crs=grid.crs,
            dst_nodata=None,
            resampling=Resampling.sum,
        )
    out[~np.isfinite(out) | (out < 0)] = 0.0
    resampled = float(out.sum())
    if reference == 0:
        return np.zeros(grid.shape)
    if resampled <= 0:
        report.note(
            text("resampling gave no people; each pixel's people put in the cell under its centre"),
            file=file,
            where=where,
        )
        binned_total = float(binned.sum())
        return binned * (reference / binned_total) if binned_total > 0 else binned
    change = resampled / reference - 1
    if abs(change) > TOTAL_TOLERANCE:
        report.warning(
            text(
                "resampling onto the grid changed the total by {value:+.2f}%; rescaled to keep the total",
                value=100 * change,
            ),
            file=file,
            where=where,
            value=f"{reference:.1f} -> {resampled:.1f}",
        )
    out *= reference / resampled
    return out


#: A raster with more pixels than this (a national one) is summed only near the grid: over the
#: grid's extent widened by :data:`NEAR_M` on every side.
WHOLE_RASTER_PIXELS = 25_000_000
NEAR_M = 10_000.0


def raster_total(path: PathLike, grid: Grid, *, band: int = 1, crs: str | None = None) -> float:
    """The people of a raster band, on the grid or not: nodata and negative pixels count as 0.

    The whole band is summed (block by block) unless it has more than
    :data:`WHOLE_RASTER_PIXELS` pixels; then only the pixels within :data:`NEAR_M` of the grid.
    Problems opening the raster are left to :func:`resample_counts`; here they give 0.
    """
    import rasterio
    from rasterio.warp import transform_bounds
    from rasterio.windows import Window, from_bounds

    try:
        src = rasterio.open(str(path))
    except (rasterio.errors.RasterioError, OSError):
        return 0.0
    with src:
        windows: list[Window]
        if src.width * src.height <= WHOLE_RASTER_PIXELS:
            windows = [w for _, w in src.block_windows(band)]
        else:
            src_crs = src.crs or (rasterio.crs.CRS.from_user_input(crs) if crs else None)
            if src_crs is None:
                return 0.0
            minx, miny, maxx, maxy = grid.bounds
            near = (minx - NEAR_M, miny - NEAR_M, maxx + NEAR_M, maxy + NEAR_M)
            window = from_bounds(*transform_bounds(grid.crs, src_crs, *near, densify_pts=21), transform=src.transform)
            window = window.round_offsets(op="floor").round_lengths(op="ceil")
            windows = [window.intersection(Window(0, 0, src.width, src.height))]
        total = 0.0
        for window in windows:
            values = np.asarray(src.read(band, window=window, masked=True).filled(np.nan), dtype=np.float64)
            total += float(values[np.isfinite(values) & (values > 0)].sum())
    return total


def _bin_centres(values: np.ndarray, transform: object, crs: str, grid: Grid) -> tuple[float, np.ndarray]:
    """People of the source pixels inside the grid, and each pixel's people in the cell under its centre.

    The total counts each pixel by the share of its area inside the grid's outline (pixels
    cut by the outline are intersected as quadrilaterals in the grid's CRS).
    """
    import shapely
    from pyproj import Transformer

    out = np.zeros(grid.shape)
    rows, cols = np.nonzero(values)
    if rows.size == 0:
        return 0.0, out
    a, b, c, d, e, f = (transform.a, transform.b, transform.c, transform.d, transform.e, transform.f)  # type: ignore[attr-defined]
    to_grid = Transformer.from_crs(crs, grid.crs, always_xy=True)
    x, y = to_grid.transform(a * (cols + 0.5) + b * (rows + 0.5) + c, d * (cols + 0.5) + e * (rows + 0.5) + f)
    r, k, inside = grid.cell_of(np.asarray(x), np.asarray(y))
    weights = values[rows, cols]
    flat = np.bincount(r[inside] * grid.cols + k[inside], weights=weights[inside], minlength=grid.rows * grid.cols)
    # Corners of every pixel in the grid's CRS: (h + 1) x (w + 1) lattice.
    h, w = values.shape
    lr, lc = np.mgrid[0 : h + 1, 0 : w + 1]
    cx, cy = to_grid.transform(a * lc + b * lr + c, d * lc + e * lr + f)
    cx, cy = np.asarray(cx), np.asarray(cy)
    minx, miny, maxx, maxy = grid.bounds
    corner_in = (cx >= minx) & (cx <= maxx) & (cy >= miny) & (cy <= maxy)
    quad_x = np.stack([cx[rows, cols], cx[rows, cols + 1], cx[rows + 1, cols + 1], cx[rows + 1, cols]], axis=1)
    quad_y = np.stack([cy[rows, cols], cy[rows, cols + 1], cy[rows + 1, cols + 1], cy[rows + 1, cols]], axis=1)
    n_in = (
        corner_in[rows, cols].astype(int)
        + corner_in[rows, cols + 1]
        + corner_in[rows + 1, cols + 1]
        + corner_in[rows + 1, cols]
    )
    share = (n_in == 4).astype(float)
    cut = np.flatnonzero(
        (n_in > 0) & (n_in < 4)
        | (
            (n_in == 0)
            & (quad_x.max(axis=1) >= minx)
            & (quad_x.min(axis=1) <= maxx)
            & (quad_y.max(axis=1) >= miny)
            & (quad_y.min(axis=1) <= maxy)
        )
    )
    if cut.size:
        quads = shapely.polygons(np.stack([quad_x[cut], quad_y[cut]], axis=2))
        outline = shapely.box(minx, miny, maxx, maxy)
        share[cut] = shapely.area(shapely.intersection(quads, outline)) / shapely.area(quads)
    return float((weights * share).sum()), flat.reshape(grid.shape)


# --------------------------------------------------------------------------------------------
# Villages


def read_villages(
    path: PathLike,
    grid: Grid,
    *,
    report: ImportReport,
    count_fields: Mapping[str, str] | None = None,
    weight: np.ndarray | None = None,
    crs: str | None = None,
    layer: str | None = None,
) -> CohortGrids | None:
    """Village counts of children spread onto the grid, every village's total kept exactly.

    A point's children go to the cell it lies in (a multipoint's are split evenly over its
    points); a polygon's are spread over the cells it covers by area share, or by area times
    ``weight`` when given (falling back to area, with a warning, where the weight is zero over
    the whole village). Villages outside the grid are counted and reported; polygons partly
    outside keep their total on the part inside (with a note).

    Parameters
    ----------
    path
        A vector layer of villages (points or polygons).
    grid
        The project grid.
    report
        Receives every finding.
    count_fields
        The field holding each cohort's count, ``{"primary": …, "junior": …}``; by default
        the fields ``primary`` and ``junior``. A cohort left out is taken as 0.
    weight
        Optional non-negative weights on the grid (shape ``grid.shape``), e.g. built-up area.
    crs
        The CRS of a layer that carries none (stated by the user).
    layer
        The layer of a multi-layer file.

    Returns
    -------
    The counts, or None when an error was reported.
    """
    import pandas as pd
    import shapely

    file = str(path)
    fields = dict(count_fields) if count_fields is not None else {c: c for c in LEVELS}
    for cohort in fields:
        if cohort not in LEVELS:
            raise ValueError(f"count_fields are for {', '.join(LEVELS)}, not {cohort!r}")
    if weight is not None:
        weight = np.asarray(weight, dtype=float)
        if weight.shape != grid.shape:
            raise ValueError(f"weight must have the grid's shape {grid.shape}, not {weight.shape}")
    frame = read_vector_layer(file, target_crs=grid.crs, report=report, crs=crs, layer=layer)
    if frame is None:
        return None
    have = [c for c in frame.columns if c != frame.geometry.name]
    for cohort, name in fields.items():
        if name not in frame.columns:
            report.error(
                text("count field is missing"),
                file=file,
                field=name,
                fix=text(
                    "name the {cohort} count field {name} in a GIS; fields: {value}",
                    cohort=word(cohort),
                    name=name,
                    value=", ".join(map(str, have)) or text("none"),
                ),
            )
    if not report.ok:
        return None
    counts = np.zeros((len(frame), len(LEVELS)))
    bad = False
    for j, cohort in enumerate(LEVELS):
        if cohort not in fields:
            continue
        raw = frame[fields[cohort]]
        content = raw.astype(str).str.strip()
        blank = raw.isna().to_numpy() | (content == "").to_numpy()
        numbers = pd.to_numeric(raw.where(~blank), errors="coerce").to_numpy(dtype=float)
        not_number = ~blank & ~np.isfinite(numbers)
        negative = np.isfinite(numbers) & (numbers < 0)
        for message, which in ((text("count is not a number"), not_number), (text("count is negative"), negative)):
            rows = np.flatnonzero(which)
            for i in rows[:_MAX_LISTED].tolist():
                report.error(
                    message,
                    file=file,
                    where=text("feature {n}", n=i),
                    field=fields[cohort],
                    value=raw.iloc[i],
                    fix=text("enter the number of children (0 or more)"),
                )
            if rows.size > _MAX_LISTED:
                report.error(
                    text("{size} more features: {message}", size=rows.size - _MAX_LISTED, message=message),
                    file=file,
                    field=fields[cohort],
                )
            bad |= bool(rows.size)
        if blank.any():
            listed = ", ".join(str(i) for i in np.flatnonzero(blank)[:_MAX_LISTED].tolist())
            report.warning(
                text(
                    "{count} {value} no count; taken as 0",
                    count=int(blank.sum()),
                    value=text("village has") if blank.sum() == 1 else text("villages have"),
                ),
                file=file,
                field=fields[cohort],
                value=f"features {listed}",
            )
        counts[:, j] = np.where(np.isfinite(numbers) & (numbers > 0), numbers, 0.0)
    if bad:
        return None

    geoms = np.asarray(frame.geometry.array, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    type_id = np.where(missing, -1, shapely.get_type_id(geoms))
    is_point = np.isin(type_id, (shapely.GeometryType.POINT, shapely.GeometryType.MULTIPOINT))
    is_poly = np.isin(type_id, (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON))
    for i in np.flatnonzero(~missing & ~is_point & ~is_poly)[:_MAX_LISTED].tolist():
        report.error(
            text("village geometry must be a point or a polygon"),
            file=file,
            where=text("feature {n}", n=i),
            field="geometry",
            value=geoms[i].geom_type,
        )
    if not report.ok:
        return None
    for i in np.flatnonzero(missing).tolist():
        report.warning(
            text("village has no geometry; its children are not placed"),
            file=file,
            where=text("feature {n}", n=i),
            field="geometry",
            value=_children_text(counts[i]),
            fix=text("give the village a location"),
        )
    polys = geoms.copy()
    invalid = is_poly.copy()
    invalid[is_poly] = ~shapely.is_valid(geoms[is_poly])
    for i in np.flatnonzero(invalid).tolist():
        report.note(
            text("invalid polygon repaired"),
            file=file,
            where=text("feature {n}", n=i),
            field="geometry",
            value=shapely.is_valid_reason(geoms[i]),
        )
        polys[i] = _polygonal(shapely.make_valid(geoms[i]))

    flat = np.zeros((grid.rows * grid.cols, len(LEVELS)))
    placed = np.zeros(len(frame), dtype=bool)
    # Points: each point's share to the cell under it.
    pt_idx = np.flatnonzero(is_point)
    if pt_idx.size:
        parts, owner = shapely.get_parts(geoms[pt_idx], return_index=True)
        owner = pt_idx[owner]
        n_parts = np.bincount(owner, minlength=len(frame))
        xy = shapely.get_coordinates(parts)
        r, k, inside = grid.cell_of(xy[:, 0], xy[:, 1])
        share = counts[owner] / n_parts[owner][:, None]
        for j in range(len(LEVELS)):
            flat[:, j] += np.bincount((r * grid.cols + k)[inside], weights=share[inside, j], minlength=flat.shape[0])
        all_inside = np.bincount(owner, weights=(~inside).astype(float), minlength=len(frame)) == 0
        partly = is_point & ~all_inside & (np.bincount(owner[inside], minlength=len(frame)) > 0)
        for i in np.flatnonzero(partly).tolist():
            report.warning(
                text("some points of this village lie outside the project grid; their share is not placed"),
                file=file,
                where=text("feature {n}", n=i),
            )
        placed[owner[inside]] = True
    poly_idx = np.flatnonzero(is_poly)
    if poly_idx.size:
        cells, owner, share = _area_shares(polys[poly_idx], grid, weight, file=file, report=report, index=poly_idx)
        for j in range(len(LEVELS)):
            flat[:, j] += np.bincount(cells, weights=share * counts[poly_idx[owner], j], minlength=flat.shape[0])
        placed[poly_idx[np.unique(owner)]] = True
    outside = ~missing & ~placed
    if outside.any():
        listed = ", ".join(str(i) for i in np.flatnonzero(outside)[:_MAX_LISTED].tolist())
        lie = text("village lies") if outside.sum() == 1 else text("villages lie")
        report.warning(
            text(
                "{count} {lie} outside the project grid; their children are not counted ({children_text})",
                count=int(outside.sum()),
                lie=lie,
                children_text=_children_text(counts[outside].sum(axis=0)),
            ),
            file=file,
            value=f"features {listed}",
            fix=text("check the villages' coordinates and the county boundary"),
        )
    in_files = counts.sum(axis=0)
    return CohortGrids(
        flat[:, 0].reshape(grid.shape), flat[:, 1].reshape(grid.shape), (float(in_files[0]), float(in_files[1]))
    )


def _area_shares(
    polys: np.ndarray, grid: Grid, weight: np.ndarray | None, *, file: str, report: ImportReport, index: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every (polygon, cell) overlap: flat cell id, polygon position and its share (summing to 1)."""
    import shapely

    cs = grid.cell_size
    b = shapely.bounds(polys)
    c0 = np.clip(np.floor((b[:, 0] - grid.x0) / cs), 0, grid.cols - 1).astype(np.int64)
    c1 = np.clip(np.floor((b[:, 2] - grid.x0) / cs), 0, grid.cols - 1).astype(np.int64)
    r0 = np.clip(np.floor((grid.y0 - b[:, 3]) / cs), 0, grid.rows - 1).astype(np.int64)
    r1 = np.clip(np.floor((grid.y0 - b[:, 1]) / cs), 0, grid.rows - 1).astype(np.int64)
    overlaps = (b[:, 2] > grid.bounds[0]) & (b[:, 0] < grid.bounds[2]) & (b[:, 3] > grid.bounds[1])
    overlaps &= b[:, 1] < grid.bounds[3]
    nc = np.where(overlaps, c1 - c0 + 1, 0)
    nr = np.where(overlaps, r1 - r0 + 1, 0)
    sizes = nr * nc
    owner = np.repeat(np.arange(polys.size), sizes)
    k = np.arange(owner.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    rr = r0[owner] + k // nc[owner]
    cc = c0[owner] + k % nc[owner]
    boxes = shapely.box(grid.x0 + cc * cs, grid.y0 - (rr + 1) * cs, grid.x0 + (cc + 1) * cs, grid.y0 - rr * cs)
    shapely.prepare(polys)
    # Only cells on a polygon's edge need an intersection; those inside get a whole cell.
    pairs = polys[owner]
    whole = shapely.contains_properly(pairs, boxes)
    edge = np.flatnonzero(~whole & shapely.intersects(pairs, boxes))
    area = np.where(whole, cs * cs, 0.0)
    area[edge] = shapely.area(shapely.intersection(pairs[edge], boxes[edge]))
    keep = area > 0
    owner, area, cells = owner[keep], area[keep], (rr * grid.cols + cc)[keep]
    inside_area = np.bincount(owner, weights=area, minlength=polys.size)
    total_area = shapely.area(polys)
    part = (inside_area > 0) & (inside_area < total_area * (1 - 1e-9))
    for i in np.flatnonzero(part).tolist():
        report.note(
            text("village polygon lies partly outside the project grid; its children are spread over the part inside"),
            file=file,
            where=text("feature {n}", n=int(index[i])),
            value=f"{100 * inside_area[i] / total_area[i]:.1f}% inside",
        )
    w = area
    if weight is not None:
        w = area * np.clip(np.nan_to_num(weight.ravel()[cells]), 0, None)
        weighted = np.bincount(owner, weights=w, minlength=polys.size)
        zero = (weighted <= 0) & (inside_area > 0)
        for i in np.flatnonzero(zero).tolist():
            report.warning(
                text("the weight raster is zero over this village; its children are spread by area"),
                file=file,
                where=text("feature {n}", n=int(index[i])),
            )
        w = np.where(zero[owner], area, w)
    norm = np.bincount(owner, weights=w, minlength=polys.size)
    return cells, owner, w / norm[owner]


def _polygonal(geom: object) -> object:
    """The polygonal part of a repaired geometry (make_valid may add lines or points)."""
    import shapely

    parts = shapely.get_parts(geom)
    polys = [p for p in parts if shapely.get_type_id(p) in (3, 6)]
    if not polys:
        return shapely.Polygon()
    return shapely.union_all(polys)


def _children_text(counts: np.ndarray) -> str:
    return f"{float(counts[0]):g} primary, {float(counts[1]):g} junior"


# --------------------------------------------------------------------------------------------
# The population layer


def population_frame(
    grid: Grid,
    primary: np.ndarray,
    junior: np.ndarray,
    townships: gpd.GeoDataFrame | None = None,
    *,
    report: ImportReport,
    near_m: float = 0.0,
    drop_outside: bool = False,
    under5: np.ndarray | None = None,
) -> gpd.GeoDataFrame:
    """The project's population layer: one point per cell with children, at the cell centre.

    Parameters
    ----------
    grid
        The project grid.
    primary, junior
        Children per cell, shape ``grid.shape``.
    townships
        Township polygons with a ``code`` column; each cell gets the code of the township its
        centre lies in (``""`` outside all of them, counted in a warning).
    report
        Receives the findings.
    near_m
        A cell whose centre lies outside every township but at most this far from one gets
        the code of the nearest (counted in a note): slivers between township polygons.
    drop_outside
        Leave the cells outside every township (beyond ``near_m``) out of the layer, their
        children counted in the warning, instead of keeping them with an empty township.
    under5
        Children aged 0–4 per cell, shape ``grid.shape``, or None: with them the layer has the
        optional ``under5`` field (and a cell with children under five only is kept).

    Returns
    -------
    A GeoDataFrame with :data:`gis.schema.POPULATION_COLUMNS` (and ``under5`` when given), in
    ``grid.crs``.
    """
    import geopandas as gpd
    import shapely

    primary = np.asarray(primary, dtype=float)
    junior = np.asarray(junior, dtype=float)
    if primary.shape != grid.shape or junior.shape != grid.shape:
        raise ValueError(f"primary and junior must have the grid's shape {grid.shape}")
    p, j = primary.ravel(), junior.ravel()
    u = None
    if under5 is not None:
        u = np.asarray(under5, dtype=float)
        if u.shape != grid.shape:
            raise ValueError(f"under5 must have the grid's shape {grid.shape}")
        u = u.ravel()
    cell = np.flatnonzero((p > 0) | (j > 0) | (u > 0 if u is not None else False))
    row, col = np.divmod(cell, grid.cols)
    x = grid.x0 + (col + 0.5) * grid.cell_size
    y = grid.y0 - (row + 0.5) * grid.cell_size
    points = shapely.points(x, y)
    township = np.full(cell.size, "", dtype=object)
    if townships is not None and len(townships) and cell.size:
        polys = to_crs(townships, grid.crs, file="townships", report=report)
        pt, poly = polys.sindex.query(points, predicate="intersects")
        first_pt, first = np.unique(pt, return_index=True)
        township[first_pt] = polys["code"].astype(str).to_numpy()[poly[first]]
        outside = township == ""
        if near_m > 0 and outside.any():
            far = np.flatnonzero(outside)
            pt, poly = polys.sindex.nearest(points[far], max_distance=near_m, return_all=False)
            township[far[pt]] = polys["code"].astype(str).to_numpy()[poly]
            if pt.size:
                near = far[pt]
                report.note(
                    text(
                        "{size} populated cells lie just outside the township boundaries (at most "
                        "{near_m:g} m); each taken into the nearest township",
                        size=pt.size,
                        near_m=near_m,
                    ),
                    file="population",
                    value=f"{p[cell][near].sum():g} primary, {j[cell][near].sum():g} junior",
                )
            outside = township == ""
        if outside.any():
            report.warning(
                text(
                    "{count} populated cells lie outside every township; {fate}",
                    count=int(outside.sum()),
                    fate=text("their children are not in the project")
                    if drop_outside
                    else text("their township is left empty"),
                ),
                file="population",
                value=f"{p[cell][outside].sum():g} primary, {j[cell][outside].sum():g} junior",
                fix=text("check the township boundaries cover the county"),
            )
        if drop_outside:
            keep = ~outside
            cell, row, col, points, township = cell[keep], row[keep], col[keep], points[keep], township[keep]
    frame = gpd.GeoDataFrame(
        {
            "cell_id": cell.astype(np.int64),
            "row": row.astype(np.int64),
            "col": col.astype(np.int64),
            "primary": p[cell],
            "junior": j[cell],
            "township": township.astype(str) if cell.size else np.array([], dtype=object),
        },
        geometry=points,
        crs=grid.crs,
    )
    if u is None:
        return frame[[*POPULATION_COLUMNS, "geometry"]]
    frame["under5"] = u[cell]
    return frame[[*POPULATION_COLUMNS, "under5", "geometry"]]
