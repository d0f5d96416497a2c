"""The county project: one GeoPackage that holds every layer a plan needs.

Layers of a project file (all in one projected, metric CRS):

``schools`` (points)
    ``school_id`` (str, national 10-digit code), ``name`` (str), ``type`` (one of
    :data:`SCHOOL_TYPES`), ``grade_min``/``grade_max`` (int), ``township`` (str code),
    ``boarding`` (bool), ``enrol_g1`` … ``enrol_g9`` (int pupils per grade),
    ``classes_primary``/``classes_junior`` (int), ``capacity_primary``/``capacity_junior``
    (int seats), ``boarding_beds``/``boarders`` (int), ``teachers``,
    ``teachers_qualified`` (above the required qualification), ``teachers_senior``
    (intermediate or higher title), ``key_teachers`` (county-level or higher),
    ``pe_arts_teachers`` (int), ``floor_area_m2``, ``sports_area_m2``,
    ``equipment_value_yuan`` (float), ``books``, ``computers``, ``multimedia_rooms`` (int).
``population`` (points at the centres of the populated grid cells)
    ``cell_id`` (int), ``row``/``col`` (int grid indices), ``primary`` (children aged
    6–11), ``junior`` (children aged 12–14) as floats, ``township`` (str code); optionally
    ``under5`` (float, children aged 0–4, from WorldPop's bands 0 and 1: the forecast's births
    of the five years before the base year when there is no births table).
``roads`` (lines)
    ``road_class`` (one of :data:`ROAD_CLASSES`), ``name`` (str).
``townships`` (polygons)
    ``code`` (str), ``name`` (str, Chinese).
``places`` (points)
    ``name`` (str), ``kind`` (``county_seat``, ``township_seat`` or ``village``),
    ``township`` (str), ``population`` (int).
``rivers`` (lines)
    ``name`` (str).
``settings`` (table, no geometry)
    ``key``/``value`` strings; at least ``name``, ``cell_size`` and the grid origin.
``scenarios`` (table, no geometry; optional)
    ``name``, ``description`` and ``edits`` (a JSON list, see :mod:`gis.scenario`), one
    row per scenario in the order the planner made them.
``dem`` (raster, float32 metres)
    The digital elevation model, stored with GDAL's GeoPackage raster driver.

Saving is atomic: everything is written to a temporary file beside the target, which then
replaces it in one step, so a crash or a full disk never leaves a half-written project.
"""

from __future__ import annotations

import errno
import math
import os
import tempfile
import warnings
from collections.abc import Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, overload

import numpy as np

from gis.errors import (
    InputError,
    Problem,
    ProjectChangedError,
    ProjectLockedError,
    SchoolPlanError,
    storage_error,
)
from gis.fileio import write_atomic
from gis.gpkg import FileStamp, copy_foreign_tables, file_stamp
from gis.gpkg_styles import GPKG_DATASET_OPTIONS, write_layer_styles
from gis.messages import text
from gis.schema import (
    GRADES,
    POPULATION_OPTIONAL_COLUMNS,
    REQUIRED_LAYERS,
    ROAD_CLASSES,
    SCHOOL_COLUMNS,
    SCHOOL_TYPES,
    VECTOR_LAYERS,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    import geopandas as gpd
    import pandas as pd
    from affine import Affine

    from gis.edits import Scenario


@dataclass(frozen=True)
class Dem:
    """A digital elevation model: metres above sea level on a regular grid."""

    elevation: np.ndarray
    transform: Affine
    crs: str

    def sample(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Elevation at points, bilinearly interpolated and clamped to the grid."""
        inv = ~self.transform
        col, row = inv @ (np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        col = np.clip(col - 0.5, 0, self.elevation.shape[1] - 1)
        row = np.clip(row - 0.5, 0, self.elevation.shape[0] - 1)
        c0 = np.minimum(np.floor(col).astype(np.intp), self.elevation.shape[1] - 2)
        r0 = np.minimum(np.floor(row).astype(np.intp), self.elevation.shape[0] - 2)
        c0 = np.maximum(c0, 0)
        r0 = np.maximum(r0, 0)
        fc = col - c0
        fr = row - r0
        z = self.elevation
        top = z[r0, c0] * (1 - fc) + z[r0, c0 + 1] * fc
        bottom = z[r0 + 1, c0] * (1 - fc) + z[r0 + 1, c0 + 1] * fc
        return np.asarray(top * (1 - fr) + bottom * fr)


@dataclass(frozen=True)
class Project:
    """A county project in memory. Functions never mutate it; use :meth:`with_layers`."""

    name: str
    crs: str
    schools: gpd.GeoDataFrame
    population: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    townships: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    rivers: gpd.GeoDataFrame
    dem: Dem | None = None
    settings: dict[str, str] = field(default_factory=dict)
    scenarios: tuple[Scenario, ...] = ()
    # The file it was read from or last saved to (None for a project made in memory).
    source: ProjectSource | None = None
    # What reading it changed, for the user to see (a layer reprojected, a polygon school
    # placed at its centroid).
    notes: tuple[Problem, ...] = ()

    @property
    def cell_size(self) -> float:
        """Side of a population grid cell in metres."""
        return float(self.settings.get("cell_size", "100"))

    def with_layers(self, **changes: object) -> Project:
        """A copy with some layers or fields replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def scenario(self, name: str) -> Scenario:
        """The saved scenario of this name.

        Raises
        ------
        InputError
            If there is none, listing the names there are.
        """
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        have = ", ".join(s.name for s in self.scenarios) or "none yet"
        raise InputError(
            Problem(
                text("no scenario of this name in the project"),
                field="scenario",
                value=name,
                fix=text("scenarios: {have}", have=have),
            )
        )

    def with_scenario(self, scenario: Scenario) -> Project:
        """A copy with this scenario added, or replacing the one of the same name."""
        kept = [s for s in self.scenarios if s.name != scenario.name]
        if len(kept) == len(self.scenarios):
            return replace(self, scenarios=(*self.scenarios, scenario))
        return replace(self, scenarios=tuple(scenario if s.name == scenario.name else s for s in self.scenarios))

    def without_scenario(self, name: str) -> Project:
        """A copy without the scenario of this name (which must exist)."""
        self.scenario(name)
        return replace(self, scenarios=tuple(s for s in self.scenarios if s.name != name))


# SchoolPlan's own tables in a project file: rewritten by every save. Everything else in the
# file (a planner's layers, QGIS's styles and projects) is carried over as it is.
OWN_TABLES = (*VECTOR_LAYERS, "settings", "scenarios", "dem")
# How long a save waits for another program's save of the same file to finish.
LOCK_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class ProjectSource:
    """The file a project was read from or last saved to, as it was then."""

    path: Path
    stamp: FileStamp


def save_project(project: Project, path: str | os.PathLike[str], *, styles: Mapping[str, str] | None = None) -> Path:
    """Write a project to a GeoPackage atomically; see :func:`write_project`.

    Returns
    -------
    The path written.
    """
    written = write_project(project, path, styles=styles)
    assert written.source is not None
    return written.source.path


def write_project(
    project: Project,
    path: str | os.PathLike[str],
    *,
    styles: Mapping[str, str] | None = None,
    overwrite_changed: bool = False,
) -> Project:
    """Write a project to a GeoPackage atomically, locked against other writers.

    The new file is written beside the target and then replaces it in one step (with the
    file and its folder flushed to disk), so a crash or a full disk never leaves a
    half-written project. While it is written the project is locked (a lock file beside
    it), so two programs never save over each other at once. Every table of the old file
    that SchoolPlan does not write itself (a planner's own layers, QGIS's ``layer_styles``)
    is carried into the new one, and the file keeps its permissions. Temporary files left
    by a save that crashed are removed.

    Parameters
    ----------
    project
        The project to write.
    path
        Target file.
    styles
        QGIS styles (QML) of the project's layers, by layer (``layers.qgis_styles.project_styles``),
        stored as their defaults in ``layer_styles``; without them the styles the file had
        are kept.
    overwrite_changed
        Write even when the target changed on disk since the project was read from it.

    Returns
    -------
    The project, now bound to the file written (:attr:`Project.source`).

    Raises
    ------
    ProjectChangedError
        When the target is the file the project was read from and it changed on disk since
        (another program saved it): reload it, or save under another name.
    ProjectLockedError
        When another program holds the file's lock for longer than :data:`LOCK_TIMEOUT_S`.
    StorageError
        When the disk is full or the folder cannot be written; the old file is unchanged.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, target) from exc
    with project_lock(target):
        current = file_stamp(target)
        source = project.source
        if (
            not overwrite_changed
            and current is not None
            and source is not None
            and _same_file(source.path, target)
            and source.stamp != current
        ):
            raise ProjectChangedError(target)
        carry = source.path if source is not None and source.path.is_file() else None
        if carry is None and current is not None:
            carry = target

        def write(tmp: Path) -> None:
            _write_layers(project, tmp)
            if carry is not None:
                copy_foreign_tables(carry, tmp, OWN_TABLES)
            if styles:
                write_layer_styles(tmp, styles)

        try:
            write_atomic(target, write, remove_stale=True)
        except SchoolPlanError:
            raise
        except Exception as exc:
            needed = _size_needed(project, carry)
            if not _is_storage_failure(exc):
                # GDAL words a full disk in many ways; a file that no longer fits tells.
                if _has_room(target.parent, needed):
                    raise
                exc = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
            raise storage_error(exc, target, needed=needed) from exc
        stamp = file_stamp(target)
    assert stamp is not None
    return replace(project, source=ProjectSource(target.resolve(), stamp))


def edit_project(
    path: str | os.PathLike[str],
    change: Callable[[Project], Project],
    *,
    styles: Callable[[Project], Mapping[str, str]] | None = None,
) -> Project:
    """Read a project, change it and save it back, all under the file's lock.

    Two programs editing one file this way (adding scenarios, say) never lose each other's
    work: the second waits for the first and then reads its result. ``styles`` gives the
    QGIS styles of the changed project (see :func:`write_project`).

    Returns
    -------
    The project as saved.
    """
    target = Path(path)
    with project_lock(target):
        changed = change(load_project(target))
        return write_project(changed, target, styles=styles(changed) if styles else None)


@contextmanager
def project_lock(path: Path, *, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the lock of a project file (reentrant within one program)."""
    from filelock import FileLock, Timeout

    lock_path = path.with_name(f".{path.name}.lock")
    try:
        lock = FileLock(lock_path, timeout=timeout, is_singleton=True)
        lock.acquire()
    except Timeout as exc:
        raise ProjectLockedError(path) from exc
    except OSError as exc:
        raise storage_error(exc, path) from exc
    try:
        yield
    finally:
        lock.release()


def _write_layers(project: Project, tmp: Path) -> None:
    import pandas as pd
    import pyogrio

    arrow = has_arrow()
    for k, layer in enumerate(VECTOR_LAYERS):
        gdf = getattr(project, layer)
        pyogrio.write_dataframe(
            gdf,
            tmp,
            layer=layer,
            driver="GPKG",
            promote_to_multi=False,
            use_arrow=arrow,
            dataset_options=GPKG_DATASET_OPTIONS if k == 0 else None,
        )
    settings = {**project.settings, "name": project.name}
    table = pd.DataFrame({"key": list(settings), "value": [str(v) for v in settings.values()]})
    pyogrio.write_dataframe(table, tmp, layer="settings", driver="GPKG")
    if project.scenarios:
        saved = pd.DataFrame(
            {
                "name": [sc.name for sc in project.scenarios],
                "description": [sc.description for sc in project.scenarios],
                "edits": [sc.edits_json() for sc in project.scenarios],
            }
        )
        pyogrio.write_dataframe(saved, tmp, layer="scenarios", driver="GPKG")
    if project.dem is not None:
        _write_dem(project.dem, tmp)


def _same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _is_storage_failure(exc: BaseException) -> bool:
    """Whether a failed write was the disk's or the folder's fault (GDAL words it its own way)."""
    if isinstance(exc, OSError):
        return True
    text = str(exc).lower()
    return any(word in text for word in ("disk is full", "no space left", "disk i/o error", "permission denied"))


def _has_room(folder: Path, nbytes: int) -> bool:
    """Whether the disk has room for a file of ``nbytes`` (space reserved, then given back).

    A full disk reaches GDAL's SQLite driver as a failed write, which SQLite rolls back
    itself, so it often comes out as another error ("cannot rollback - no transaction is
    active") with the space already free again; reserving the space the file needs tells.
    """
    try:
        with tempfile.TemporaryFile(dir=folder) as probe:
            os.posix_fallocate(probe.fileno(), 0, max(nbytes, 1))
    except OSError as exc:
        return exc.errno not in (errno.ENOSPC, errno.EDQUOT)
    return True


def _size_needed(project: Project, carry: Path | None) -> int:
    """About how many bytes the new file takes: the old one, or an estimate from the layers."""
    rows = sum(len(getattr(project, layer)) for layer in VECTOR_LAYERS)
    dem = project.dem.elevation.nbytes if project.dem is not None else 0
    estimate = rows * 200 + dem + 1_000_000
    return max(estimate, carry.stat().st_size) if carry is not None else estimate


def _write_dem(dem: Dem, path: Path) -> None:
    import rasterio

    height, width = dem.elevation.shape
    with rasterio.open(
        path,
        "w",
        driver="GPKG",
        width=width,
        height=height,
        count=1,
        dtype="float32",
        crs=dem.crs,
        transform=dem.transform,
        RASTER_TABLE="dem",
        APPEND_SUBDATASET="YES",
        TILE_FORMAT="TIFF",
    ) as dst:
        dst.write(dem.elevation.astype("float32"), 1)


def load_project(path: str | os.PathLike[str]) -> Project:
    """Read a project GeoPackage, checking every layer, field and value before anything uses it.

    A layer in another CRS than the schools' is reprojected and a polygon school placed at
    its centroid; each such change is one of :attr:`Project.notes`. The elevation model must
    already be in the schools' CRS. Values are checked as SQLite stores them, so text in a
    number field is reported rather than read as 0.

    Raises
    ------
    InputError
        Listing every missing layer or field and every unusable value found (file, layer,
        feature, field, value and what to do); or naming the layer of a damaged file.
    """
    src = Path(path)
    if not src.is_file():
        raise InputError(Problem(text("project file not found"), file=str(src), fix=text("check the path")))
    for _ in range(3):
        before = file_stamp(src)
        project = _read_project(src)
        after = file_stamp(src)
        if before is not None and before == after:
            return replace(project, source=ProjectSource(src.resolve(), before))
    # Another program saved it three times while it was read.
    raise ProjectLockedError(src)


def _read_project(src: Path) -> Project:
    import geopandas as gpd
    import pyogrio

    file = str(src)
    try:
        with _srs_warnings_ignored():
            listed = {str(name): str(kind) for name, kind in pyogrio.list_layers(src)}
    except Exception as exc:  # GDAL's messages vary by version; report them as they are
        raise InputError(
            Problem(
                text("not a readable GeoPackage ({exc})", exc=exc),
                file=file,
                fix=text("open a SchoolPlan project (.gpkg)"),
            )
        ) from exc
    problems = [
        Problem(text("required layer is missing"), file=file, layer=layer)
        for layer in REQUIRED_LAYERS
        if layer not in listed
    ]
    if problems:
        raise InputError(problems)
    notes: list[Problem] = []
    frames: dict[str, gpd.GeoDataFrame] = {}
    for layer in VECTOR_LAYERS:
        if layer in listed:
            with _srs_warnings_ignored(), _damaged(file, layer):
                gdf = pyogrio.read_dataframe(src, layer=layer, use_arrow=has_arrow(), fid_as_index=True)
                gdf = _stored_values(src, layer, gdf)
            if gdf.crs is not None and gdf.crs.name in UNDEFINED_CRS_NAMES:
                gdf = gdf.set_crs(None, allow_override=True)
            frames[layer] = gdf
    crs = _project_crs(frames["schools"], file, problems)
    for layer, columns in VECTOR_LAYERS.items():
        gdf = frames.get(layer)
        if gdf is None:
            gdf = gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=crs)
        elif crs is not None:
            gdf = _in_project_crs(gdf, crs, file, layer, problems, notes)
        problems.extend(
            Problem(text("required field is missing"), file=file, layer=layer, field=column)
            for column in columns
            if column not in gdf.columns
        )
        frames[layer] = gdf
    if not problems:
        frames = _check_values(frames, file, problems, notes)
    with _damaged(file, "settings"):
        settings = _read_settings(src, problems) if "settings" in listed else {}
    with _damaged(file, "scenarios"):
        scenarios = _read_scenarios(src, problems) if "scenarios" in listed else ()
    dem = _read_dem(src, crs, problems)
    if problems:
        raise InputError(problems)
    assert crs is not None
    return Project(
        name=settings.get("name", src.stem),
        crs=crs,
        schools=frames["schools"],
        population=frames["population"],
        roads=frames["roads"],
        townships=frames["townships"],
        places=frames["places"],
        rivers=frames["rivers"],
        dem=dem,
        settings=settings,
        scenarios=scenarios,
        notes=tuple(notes),
    )


@contextmanager
def _damaged(file: str, layer: str) -> Iterator[None]:
    """A layer that GDAL or SQLite cannot read (the file is damaged) is an :class:`InputError`."""
    import sqlite3

    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        yield
    except (DataLayerError, DataSourceError, OSError, sqlite3.DatabaseError) as exc:
        raise InputError(
            Problem(
                text("layer cannot be read, the file is damaged ({exc})", exc=exc),
                file=file,
                layer=layer,
                fix=text("open a backup of the project, or import the county again"),
            )
        ) from exc


@contextmanager
def _srs_warnings_ignored() -> Iterator[None]:
    """GDAL warns of an srs_id missing from gpkg_spatial_ref_sys and reads the layer without a
    CRS, which :func:`_in_project_crs` reports."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "unable to read srs_id", RuntimeWarning)
        yield


# GDAL's names of the GeoPackage's "undefined" CRSs (srs_id -1 and 0): a layer saved in them has no CRS.
UNDEFINED_CRS_NAMES = ("Undefined Cartesian SRS", "Undefined geographic SRS")
# Declared types of GeoPackage columns that GDAL reads as numbers. SQLite keeps a value of any
# type in any column, and GDAL reads text there as 0, cuts a fraction off a whole number and
# takes any number but 0 for true: such values are read as stored, to be reported.
_INTEGER_TYPES = ("INTEGER", "INT", "MEDIUMINT", "SMALLINT", "TINYINT")
_REAL_TYPES = ("REAL", "FLOAT", "DOUBLE")


def _stored_values(src: Path, layer: str, gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The layer with the values of its number fields as stored where GDAL cannot read them as numbers.

    ``gdf`` is indexed by fid. Text in a number field, a fraction in a whole-number field and a
    boolean other than 0 or 1 replace what GDAL made of them (0, the whole part, true), so
    that the checks of the values report them.
    """
    import sqlite3

    conditions: dict[str, str] = {}
    with closing(sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True)) as con:
        info = con.execute(f"PRAGMA table_info({_ident(layer)})").fetchall()
        fid = next((str(row[1]) for row in info if row[5]), None)
        if fid is None or not len(gdf):
            return gdf
        for _, name, declared, *_ in info:
            column, kind = _ident(str(name)), str(declared).upper()
            known = (*VECTOR_LAYERS[layer], *(POPULATION_OPTIONAL_COLUMNS if layer == "population" else ()))
            if name not in known or name not in gdf.columns:
                continue
            if kind == "BOOLEAN":
                conditions[name] = f"{column} IS NOT NULL AND {column} NOT IN (0, 1)"
            elif kind in _INTEGER_TYPES:
                conditions[name] = (
                    f"typeof({column}) IN ('text', 'blob') OR "
                    f"(typeof({column}) = 'real' AND {column} IS NOT CAST({column} AS INTEGER))"
                )
            elif kind in _REAL_TYPES:
                conditions[name] = f"typeof({column}) IN ('text', 'blob')"
        stored = {
            name: con.execute(f"SELECT {_ident(fid)}, {_ident(name)} FROM {_ident(layer)} WHERE {where}").fetchall()
            for name, where in conditions.items()
        }
    changes = {name: rows for name, rows in stored.items() if rows}
    if not changes:
        return gdf
    out = gdf.copy()
    for name, rows in changes.items():
        out[name] = out[name].astype(object)
        for key, value in rows:
            out.loc[key, name] = "binary data" if isinstance(value, bytes) else value
    return out


def _ident(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def _project_crs(schools: gpd.GeoDataFrame, file: str, problems: list[Problem]) -> str | None:
    """The project's CRS: the schools' (which must be projected, in metres)."""
    if schools.crs is None:
        problems.append(
            Problem(
                text("layer has no coordinate reference system"),
                file=file,
                layer="schools",
                fix=text("assign its CRS in a GIS and save again"),
            )
        )
        return None
    if schools.crs.is_geographic:
        problems.append(
            Problem(
                text("layer is in geographic coordinates (degrees)"),
                file=file,
                layer="schools",
                value=str(schools.crs.to_string()),
                fix=text("reproject the project to a metric CRS such as CGCS2000 Gauss-Kruger"),
            )
        )
        return None
    return str(schools.crs.to_string())


def _in_project_crs(
    gdf: gpd.GeoDataFrame, crs: str, file: str, layer: str, problems: list[Problem], notes: list[Problem]
) -> gpd.GeoDataFrame:
    """A layer in the project's CRS: reprojected with a note, or a problem when it has no CRS."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError, ProjError

    if gdf.crs is None:
        if len(gdf):
            problems.append(
                Problem(
                    text("layer has no coordinate reference system"),
                    file=file,
                    layer=layer,
                    fix=text("assign its CRS in a GIS (the schools are in {crs}) and save again", crs=crs),
                )
            )
            return gdf
        return gdf.set_crs(crs)
    if CRS.from_user_input(gdf.crs).equals(CRS.from_user_input(crs)):
        return gdf
    try:
        moved = gdf.to_crs(crs)
    except (CRSError, ProjError) as exc:
        problems.append(
            Problem(
                text("layer cannot be reprojected to the schools' {crs} ({exc})", crs=crs, exc=exc),
                file=file,
                layer=layer,
                value=gdf.crs.to_string(),
                fix=text("reproject it to {crs} in a GIS and save again", crs=crs),
            )
        )
        return gdf
    notes.append(
        Problem(
            text("layer reprojected from {source} to the schools' {crs}", source=gdf.crs.to_string(), crs=crs),
            file=file,
            layer=layer,
            fix=text("save the project to store it in one CRS"),
        )
    )
    return moved


# Settings that later steps read as numbers, and the least value each may take.
NUMBER_SETTINGS: dict[str, float] = {
    "cell_size": 1e-9,
    "x0": -math.inf,
    "y0": -math.inf,
    "grid_rows": 0,
    "grid_cols": 0,
}


def _read_settings(src: Path, problems: list[Problem]) -> dict[str, str]:
    import pyogrio

    table = pyogrio.read_dataframe(src, layer="settings", read_geometry=False, fid_as_index=True)
    missing = [c for c in ("key", "value") if c not in table.columns]
    if missing:
        problems.extend(
            Problem(text("required field is missing"), file=str(src), layer="settings", field=c) for c in missing
        )
        return {}
    settings: dict[str, str] = {}
    shown: dict[str, str] = {}
    for fid, key, value in zip(table.index, table["key"], table["value"], strict=True):
        if _is_null(key):
            problems.append(
                Problem(
                    text("setting without a key (its value: {shown})", shown=_shown(value)),
                    file=str(src),
                    layer="settings",
                    feature=f"fid {fid}",
                    field="key",
                    value="NULL",
                    fix=text("write its key ({items}) or delete the row", items=", ".join(["name", *NUMBER_SETTINGS])),
                )
            )
            continue
        settings[str(key)] = "" if _is_null(value) else str(value)
        shown[str(key)] = _shown(value) if str(value) else "empty"
    for key, least in NUMBER_SETTINGS.items():
        if key not in settings:
            continue
        try:
            number = float(settings[key])
        except ValueError:
            number = math.nan
        whole = key.startswith("grid_")
        if not math.isfinite(number) or number < least or (whole and not number.is_integer()):
            kind = (
                text("a whole number of zero or more")
                if whole
                else text("a positive number")
                if least > 0
                else text("a number")
            )
            problems.append(
                Problem(
                    text("setting must be {kind}", kind=kind),
                    file=str(src),
                    layer="settings",
                    feature=key,
                    field="value",
                    value=shown[key],
                    fix=text("correct it in the settings table, or import the county again"),
                )
            )
    return settings


def _read_scenarios(src: Path, problems: list[Problem]) -> tuple[Scenario, ...]:
    import pyogrio

    from gis.edits import scenario_from_json

    table = pyogrio.read_dataframe(src, layer="scenarios", read_geometry=False)
    missing = [c for c in ("name", "edits") if c not in table.columns]
    if missing:
        problems.extend(
            Problem(text("required field is missing"), file=str(src), layer="scenarios", field=c) for c in missing
        )
        return ()
    out = []
    for row, (name, edits) in enumerate(zip(table["name"], table["edits"], strict=True), start=1):
        description = str(table["description"].iloc[row - 1]) if "description" in table.columns else ""
        try:
            out.append(scenario_from_json(str(name), str(edits), description, where=f"row {row} ({name})"))
        except InputError as exc:
            problems.extend(replace(p, file=str(src), layer="scenarios") for p in exc.problems)
    return tuple(out)


def has_arrow() -> bool:
    """Whether pyarrow is installed, so that GeoPackages are read and written through Arrow (faster)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _read_dem(path: Path, crs: str | None, problems: list[Problem]) -> Dem | None:
    """The elevation model, which must be in the project's CRS (``crs``, None when unknown)."""
    import rasterio
    from pyproj import CRS
    from rasterio.errors import RasterioIOError

    try:
        with rasterio.open(f"GPKG:{path}:dem") as src:
            if src.crs is None or CRS.from_user_input(src.crs.to_wkt()).name in UNDEFINED_CRS_NAMES:
                problems.append(
                    Problem(
                        text("elevation has no coordinate reference system"),
                        file=str(path),
                        layer="dem",
                        fix=text("import the DEM again"),
                    )
                )
                return None
            if crs is not None and not CRS.from_user_input(src.crs.to_wkt()).equals(CRS.from_user_input(crs)):
                # Its elevations are looked up at the roads' coordinates: resampling it is for a GIS.
                problems.append(
                    Problem(
                        text("elevation is in another CRS than the schools' {crs}", crs=crs),
                        file=str(path),
                        layer="dem",
                        value=src.crs.to_string(),
                        fix=text(
                            "reproject the DEM to {crs} (gdalwarp -t_srs {crs}), or import the DEM again", crs=crs
                        ),
                    )
                )
                return None
            return Dem(src.read(1).astype(np.float32), src.transform, src.crs.to_string())
    except RasterioIOError as exc:
        if "dem" in _raster_tables(path):
            problems.append(
                Problem(
                    text("elevation cannot be read ({exc})", exc=exc),
                    file=str(path),
                    layer="dem",
                    fix=text("import the DEM again"),
                )
            )
        return None


def _raster_tables(path: Path) -> set[str]:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT table_name FROM gpkg_contents WHERE data_type = '2d-gridded-coverage'")
            return {str(name) for (name,) in rows}
        finally:
            con.close()
    except sqlite3.Error:
        return set()


# At most this many problems are listed per layer and field (a broken file has thousands).
MAX_LISTED = 20
# A school further than this outside the county (its townships) is an error: its
# coordinates are wrong (swapped, or in another system).
FAR_OUTSIDE_M = 5000.0
# Fields of the schools layer that hold text; every other field of SCHOOL_COLUMNS is a number.
SCHOOL_TEXT_COLUMNS = ("school_id", "name", "type", "township", "boarding")
PLACE_KINDS = ("county_seat", "township_seat", "village")


class _Checker:
    """Collects the problems of one layer's values, at most :data:`MAX_LISTED` per field."""

    def __init__(self, file: str, layer: str, frame: gpd.GeoDataFrame, labels: Sequence[str]) -> None:
        self.file = file
        self.layer = layer
        self.frame = frame
        self.labels = labels  # how a planner finds each feature: its code, else its fid
        self.problems: list[Problem] = []

    def flag(self, mask: np.ndarray, column: str, message: str, fix: str = "") -> None:
        values = self.frame[column] if column in self.frame.columns else None
        rows = np.flatnonzero(mask)
        for idx in rows[:MAX_LISTED].tolist():
            value = "" if values is None else _shown(values.iloc[idx])
            self.problems.append(Problem(message, self.file, self.layer, self.labels[idx], column, value, fix))
        if rows.size > MAX_LISTED:
            self.problems.append(
                Problem(
                    text("{size} more features: {message}", size=rows.size - MAX_LISTED, message=message),
                    self.file,
                    self.layer,
                    field=column,
                )
            )

    def numbers(self, column: str, *, whole: bool = False, least: float = 0.0) -> np.ndarray:
        """The field as numbers; text, NULL, infinite or negative values (and fractions of whole
        numbers) are problems."""
        import pandas as pd

        raw = self.frame[column]
        if pd.api.types.is_bool_dtype(raw.dtype):
            raw = pd.Series(np.nan, index=raw.index)  # yes/no is not a number
        elif not pd.api.types.is_numeric_dtype(raw.dtype):
            raw = raw.where(raw.map(lambda v: not isinstance(v, bool)), np.nan)
        values = pd.to_numeric(raw, errors="coerce")
        number = values.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(number) | (number < least)
        if least:
            message = (
                text("must be a whole number of {least:g} or more", least=least)
                if whole
                else text("must be a number of {least:g} or more", least=least)
            )
            fix = (
                text("write a whole number of {least:g} or more in it", least=least)
                if whole
                else text("write a number of {least:g} or more in it", least=least)
            )
        else:
            message = (
                text("must be a whole number of zero or more") if whole else text("must be a number of zero or more")
            )
            fix = (
                text("write a whole number of zero or more in it (0 where there are none)")
                if whole
                else text("write a number of zero or more in it (0 where there are none)")
            )
        self.flag(bad, column, message, fix=fix)
        if whole:
            self.flag(
                ~bad & (number != np.round(number)),
                column,
                text("must be a whole number"),
                fix=text("round it to a whole number"),
            )
        return number

    def texts(self, column: str, *, required: bool, what: str) -> np.ndarray:
        """The field as text; NULL or blank values are problems when ``required``."""
        raw = self.frame[column]
        null = raw.isna().to_numpy(dtype=bool)  # None, NaN, NA and NaT
        content = np.where(null, "", raw.astype(str).str.strip().to_numpy())
        if required:
            self.flag(
                null | (content == ""),
                column,
                text("{what} is empty", what=what),
                fix=text("give every feature its {what}", what=what),
            )
        return content

    def geometry(self, kinds: tuple[str, ...], what: str) -> np.ndarray:
        """The geometry type of each feature; missing or wrong types are problems."""
        import shapely

        geoms = np.asarray(self.frame.geometry.array, dtype=object)
        missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        names = np.array([t.name for t in shapely.GeometryType if t.value >= 0], dtype=object)
        type_ids = np.asarray(shapely.get_type_id(geoms))
        known = (type_ids >= 0) & (type_ids < names.size)
        types = np.where(missing | ~known, "", names[np.clip(type_ids, 0, names.size - 1)])
        wanted = [kind.upper() for kind in kinds]
        self.flag(
            missing,
            "geometry",
            text("{what} has no location", what=what),
            fix=text("place the {what} in a GIS and save again", what=what),
        )
        wrong = ~missing & ~np.isin(types, wanted)
        for idx in np.flatnonzero(wrong)[:MAX_LISTED].tolist():
            self.problems.append(
                Problem(
                    text("{what} must be a {kinds}", what=what, kinds=" or ".join(kinds)),
                    self.file,
                    self.layer,
                    self.labels[idx],
                    "geometry",
                    str(geoms[idx].geom_type),
                    text("draw it again as a {kinds} in a GIS", kinds=" or ".join(kinds)),
                )
            )
        return types


def _check_values(
    frames: dict[str, gpd.GeoDataFrame], file: str, problems: list[Problem], notes: list[Problem]
) -> dict[str, gpd.GeoDataFrame]:
    """Every unusable value in the layers, one problem each; the layers with numbers as numbers.

    Returns the frames with numeric fields converted from text where a GIS stored them so,
    polygon schools placed at their centroids, and a plain 0-based index.
    """
    out = dict(frames)
    out["schools"] = _check_schools(frames, file, problems, notes)
    out["population"] = _check_population(frames["population"], file, problems)
    roads = frames["roads"]
    if not len(roads):
        problems.append(
            Problem(text("the roads layer has no roads"), file, "roads", fix=text("import the county's roads again"))
        )
    check = _Checker(file, "roads", roads, _fids(roads))
    check.flag(
        ~roads["road_class"].isin(ROAD_CLASSES).to_numpy(),
        "road_class",
        text("unknown road class; use one of {classes}", classes=", ".join(ROAD_CLASSES)),
    )
    check.geometry(("LineString", "MultiLineString"), text("road"))
    problems.extend(check.problems)
    towns = frames["townships"]
    check = _Checker(file, "townships", towns, _fids(towns))
    check.texts("code", required=True, what=text("township code"))
    check.geometry(("Polygon", "MultiPolygon"), text("township"))
    problems.extend(check.problems)
    places = frames["places"]
    check = _Checker(file, "places", places, _fids(places))
    places = places.assign(population=check.numbers("population"))
    check.flag(
        ~places["kind"].isin(PLACE_KINDS).to_numpy(),
        "kind",
        text("unknown kind of place; use one of {kinds}", kinds=", ".join(PLACE_KINDS)),
    )
    check.geometry(("Point",), text("place"))
    problems.extend(check.problems)
    out["places"] = places
    return {name: frame.reset_index(drop=True) for name, frame in out.items()}


def _check_schools(
    frames: dict[str, gpd.GeoDataFrame], file: str, problems: list[Problem], notes: list[Problem]
) -> gpd.GeoDataFrame:
    import shapely

    schools = frames["schools"]
    if not len(schools):
        problems.append(
            Problem(
                text("the schools layer has no schools"), file, "schools", fix=text("import the county's schools again")
            )
        )
        return schools
    fids = _fids(schools)
    ids = schools["school_id"]
    labels = [
        fid if _is_null(code) or not str(code).strip() else str(code) for fid, code in zip(fids, ids, strict=True)
    ]
    check = _Checker(file, "schools", schools, labels)
    codes = check.texts("school_id", required=True, what=text("school code"))
    check.texts("name", required=True, what=text("school name"))
    for code in sorted(set(codes[(codes != "") & _duplicated(codes)])):
        same = ", ".join(fid for fid, other in zip(fids, codes, strict=True) if other == code)
        check.problems.append(
            Problem(
                text("school code appears more than once ({same})", same=same),
                file,
                "schools",
                field="school_id",
                value=code,
                fix=text("give each school its own code"),
            )
        )
    check.flag(
        ~schools["type"].isin(SCHOOL_TYPES).to_numpy(),
        "type",
        text("unknown school type; use one of {types}", types=", ".join(SCHOOL_TYPES)),
    )
    numbers = {
        column: check.numbers(
            column,
            whole=column.startswith(("grade_", "enrol_", "classes_", "capacity_")) or column in WHOLE_SCHOOL_COLUMNS,
            least=1 if column.startswith("grade_") else 0,
        )
        for column in SCHOOL_COLUMNS
        if column not in SCHOOL_TEXT_COLUMNS
    }
    lo, hi = numbers["grade_min"], numbers["grade_max"]
    ok = np.isfinite(lo) & np.isfinite(hi)
    check.flag(
        ok & ((hi > GRADES[-1]) | (lo > hi)),
        "grade_max",
        text("grades run from grade_min to grade_max, at most {grade}", grade=GRADES[-1]),
        fix=text("correct grade_min and grade_max (1 to 9)"),
    )
    boarding = schools["boarding"].map(_as_bool)
    check.flag(
        boarding.isna().to_numpy(),
        "boarding",
        text("must be yes or no (1 or 0)"),
        fix=text("write 1 for a boarding school, else 0"),
    )
    types = check.geometry(("Point", "Polygon", "MultiPolygon"), text("school"))
    problems.extend(check.problems)
    if check.problems:
        return schools
    out = schools.assign(**{c: v for c, v in numbers.items()}, boarding=boarding.astype(bool), school_id=codes)
    for column in numbers:
        if column.startswith(("grade_", "enrol_", "classes_", "capacity_")) or column in WHOLE_SCHOOL_COLUMNS:
            out[column] = out[column].astype(np.int64)
    polygons = np.flatnonzero(np.isin(types, ("POLYGON", "MULTIPOLYGON")))
    if polygons.size:
        geoms = out.geometry.copy()
        geoms.iloc[polygons] = shapely.centroid(np.asarray(geoms.array, dtype=object)[polygons])
        out = out.set_geometry(geoms)
        notes.extend(
            Problem(text("school drawn as a polygon: placed at its centroid"), file, "schools", labels[i], "geometry")
            for i in polygons.tolist()
        )
    problems.extend(_far_outside(out, frames, file, labels))
    return out


# Counts of the schools layer: whole numbers (the rest, areas and money, may have fractions).
WHOLE_SCHOOL_COLUMNS = (
    "boarding_beds", "boarders", "teachers", "teachers_qualified", "teachers_senior", "key_teachers",
    "pe_arts_teachers", "books", "computers", "multimedia_rooms",
)  # fmt: skip


def _far_outside(
    schools: gpd.GeoDataFrame, frames: dict[str, gpd.GeoDataFrame], file: str, labels: list[str]
) -> list[Problem]:
    """Schools more than :data:`FAR_OUTSIDE_M` outside the county (its townships, else its cells)."""
    import shapely

    towns = frames["townships"]
    pop = frames["population"]
    points = np.asarray(schools.geometry.array, dtype=object)
    if len(towns):
        # The distance to the county is the distance to its nearest township (no union needed).
        parts = np.asarray(towns.geometry.array, dtype=object)
        parts = parts[~(shapely.is_missing(parts) | shapely.is_empty(parts))]
        if not parts.size or not points.size:
            return []
        found, nearest = shapely.STRtree(parts).query_nearest(points, return_distance=True, all_matches=False)
        distance = np.full(points.size, np.nan)  # an empty point has no nearest township
        distance[found[0]] = nearest
    elif len(pop):
        distance = shapely.distance(points, shapely.box(*pop.total_bounds))
    else:
        return []
    x, y = shapely.get_x(points), shapely.get_y(points)
    return [
        Problem(
            text(
                "school {name} lies {distance:,.1f} km outside the county",
                name=schools["name"].iloc[i],
                distance=distance[i] / 1000,
            ),
            file,
            "schools",
            labels[i],
            "geometry",
            f"{x[i]:.0f}, {y[i]:.0f}",
            text("check its coordinates (latitude and longitude swapped, or in another coordinate system)"),
        )
        for i in np.flatnonzero(distance > FAR_OUTSIDE_M)[:MAX_LISTED].tolist()
    ]


def _check_population(pop: gpd.GeoDataFrame, file: str, problems: list[Problem]) -> gpd.GeoDataFrame:
    import pandas as pd

    if not len(pop):
        problems.append(
            Problem(
                text("the population layer has no cells: no children to plan for"),
                file,
                "population",
                fix=text("import the county's population again"),
            )
        )
        return pop
    # A cell is named by its id; one without a usable or unique id by its fid.
    ids = pd.to_numeric(pop["cell_id"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    named = np.isfinite(ids) & (ids == np.round(ids)) & ~pd.Series(ids).duplicated(keep=False).to_numpy()
    check = _Checker(file, "population", pop, _CellLabels(ids, named, pop.index))
    numbers = {c: check.numbers(c, whole=c in ("cell_id", "row", "col")) for c in ("cell_id", "row", "col")}
    for column in ("primary", "junior", *(c for c in POPULATION_OPTIONAL_COLUMNS if c in pop.columns)):
        numbers[column] = check.numbers(column)
    check.flag(
        _duplicated(numbers["cell_id"]) & np.isfinite(numbers["cell_id"]),
        "cell_id",
        text("cell id appears more than once"),
        fix=text("give each cell its own id"),
    )
    check.texts("township", required=False, what=text("township code"))
    check.geometry(("Point",), text("population cell"))
    problems.extend(check.problems)
    if check.problems:
        return pop
    out = pop.assign(**numbers)
    for column in ("cell_id", "row", "col"):
        out[column] = out[column].astype(np.int64)
    return out


class _CellLabels(Sequence[str]):
    """How a planner finds each population cell: its id when usable and unique, else its fid;
    made only for the cells named in a problem (a county has hundreds of thousands)."""

    def __init__(self, ids: np.ndarray, named: np.ndarray, index: pd.Index) -> None:
        self._ids = ids
        self._named = named
        self._index = index

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return f"{self._ids[i]:.0f}" if self._named[i] else f"fid {self._index[i]}"


def _fids(frame: gpd.GeoDataFrame) -> list[str]:
    return [f"fid {fid}" for fid in frame.index]


def _duplicated(values: np.ndarray) -> np.ndarray:
    import pandas as pd

    return np.asarray(pd.Series(values).duplicated(keep="first").to_numpy(), dtype=bool)


def _is_null(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pandas' NA
    except (TypeError, ValueError):
        return False


def _as_bool(value: object) -> bool | None:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "是"):
        return True
    if text in ("0", "false", "no", "否"):
        return False
    return None


def _shown(value: object) -> str:
    return "NULL" if _is_null(value) else str(value)
