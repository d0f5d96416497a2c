"""The digital elevation model: a GeoTIFF (SRTM, ASTER, a survey DEM) onto the project grid."""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING

import numpy as np

from gis.messages import text
from gis.project import Dem

if TYPE_CHECKING:
    from affine import Affine
    from rasterio.crs import CRS
    from rasterio.io import DatasetReader

    from gis.importing.grid import Grid
    from gis.importing.report import ImportReport


def read_dem(
    path: str | os.PathLike[str], grid: Grid, *, report: ImportReport, crs: str | None = None, band: int = 1
) -> Dem | None:
    """An elevation model (metres) on the project grid, bilinearly resampled.

    The result covers the grid's extent with its cells (so a 30 m DEM is averaged down to
    ~100 m by the bilinear kernel and a 1 km one interpolated up); cells the DEM does not
    cover are NaN and counted in a warning.

    Parameters
    ----------
    path
        The DEM raster.
    grid
        The project grid.
    report
        Receives every finding.
    crs
        The CRS of a raster that carries none, as stated by the user; without it it is refused.
    band
        The band holding elevations.

    Returns
    -------
    The DEM, or None after an error.
    """
    import rasterio
    from rasterio.enums import Resampling
    from rasterio.warp import reproject

    file = str(path)
    src = open_raster(file, report)
    if src is None:
        return None
    with src:
        src_crs = raster_crs(src, file, crs=crs, band=band, report=report, example="SRTM and ASTER use EPSG:4326")
        if src_crs is None:
            return None
        read = read_over_grid(src, src_crs, grid, band=band, margin=2)
        if read is None:
            report.error(
                text("the DEM does not cover the project grid"), file=file, fix=text("check the DEM's area and CRS")
            )
            return None
        data, src_transform = read
    values = np.asarray(data.filled(np.nan), dtype=np.float32)
    if not np.isfinite(values).any():
        report.error(text("raster holds no elevations (all nodata)"), file=file, where=text("band {band}", band=band))
        return None
    if src_crs != rasterio.crs.CRS.from_user_input(grid.crs):
        report.note(text("reprojected to the project CRS"), file=file, value=f"{src_crs.to_string()} -> {grid.crs}")
    out = np.full(grid.shape, np.nan, dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reproject(
            source=values,
            destination=out,
            src_transform=src_transform,
            src_crs=src_crs,
            src_nodata=np.nan,
            dst_transform=grid.transform,
            dst_crs=grid.crs,
            dst_nodata=np.nan,
            resampling=Resampling.bilinear,
        )
    empty = ~np.isfinite(out)
    if empty.all():
        report.error(
            text("the DEM does not cover the project grid"), file=file, fix=text("check the DEM's area and CRS")
        )
        return None
    if empty.any():
        report.warning(
            text("grid cells with no elevation (outside the DEM or nodata)"),
            file=file,
            where=text("band {band}", band=band),
            value=f"{int(empty.sum())} of {empty.size} cells",
            fix=text("use a DEM covering the whole county"),
        )
    return Dem(out, grid.transform, grid.crs)


def open_raster(file: str, report: ImportReport) -> DatasetReader | None:
    """The raster opened with rasterio, or None after reporting that it cannot be read."""
    import rasterio
    from rasterio.errors import RasterioIOError

    try:
        return rasterio.open(file)
    except RasterioIOError as exc:
        report.error(text("not a readable raster"), file=file, value=str(exc), fix=text("save it as GeoTIFF"))
        return None


def raster_crs(
    src: DatasetReader,
    file: str,
    *,
    crs: str | None,
    band: int,
    report: ImportReport,
    example: str,
    band_fix: str = "",
) -> CRS | None:
    """The raster's CRS (the stated ``crs`` when it has none), after checking that ``band`` exists.

    None after reporting the problem: no CRS and none stated (``example`` names the usual
    one in the fix), or a band the raster does not have.
    """
    import rasterio

    if src.crs is None:
        if crs is None:
            report.error(
                text("raster has no coordinate reference system"),
                file=file,
                fix=text(
                    "state its CRS with --coords (the wizard: coordinate system; {example}) or assign it in a GIS",
                    example=example,
                ),
            )
            return None
        report.note(text("raster has no coordinate reference system; taken as stated"), file=file, value=crs)
        src_crs = rasterio.crs.CRS.from_user_input(crs)
    else:
        src_crs = src.crs
    if band > src.count:
        report.error(
            text("raster has {count} band(s)", count=src.count),
            file=file,
            where=text("band {band}", band=band),
            fix=band_fix,
        )
        return None
    return src_crs


def read_over_grid(
    src: DatasetReader, src_crs: CRS, grid: Grid, *, band: int = 1, margin: int = 1
) -> tuple[np.ma.MaskedArray, Affine] | None:
    """The part of a raster band over the grid (plus ``margin`` pixels), masked where nodata, and its transform.

    Only that window is read, so a national raster costs no more than the county. None when
    the raster does not overlap the grid.
    """
    from affine import Affine
    from rasterio.errors import WindowError
    from rasterio.warp import transform_bounds
    from rasterio.windows import Window, from_bounds

    left, bottom, right, top = transform_bounds(grid.crs, src_crs, *grid.bounds, densify_pts=21)
    try:
        window = from_bounds(left, bottom, right, top, transform=src.transform)
        window = Window(
            window.col_off - margin, window.row_off - margin, window.width + 2 * margin, window.height + 2 * margin
        )
        window = window.round_offsets(op="floor").round_lengths(op="ceil")
        window = window.intersection(Window(0, 0, src.width, src.height))
    except WindowError:
        return None
    if window.width < 1 or window.height < 1:
        return None
    data = src.read(band, window=window, masked=True)
    # src.window_transform multiplies with `*`, which affine deprecates
    return data, src.transform @ Affine.translation(window.col_off, window.row_off)
