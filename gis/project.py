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
    6–11), ``junior`` (children aged 12–14) as floats, ``township`` (str code).
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

import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.errors import InputError, Problem

if TYPE_CHECKING:
    import geopandas as gpd
    from affine import Affine

    from gis.scenario import Scenario

SCHOOL_TYPES = ("primary", "teaching_point", "junior", "nine_year")
ROAD_CLASSES = ("county", "township", "village", "path")
LEVELS = ("primary", "junior")
GRADES = tuple(range(1, 10))
PRIMARY_GRADES = (1, 2, 3, 4, 5, 6)
JUNIOR_GRADES = (7, 8, 9)

SCHOOL_COLUMNS = (
    "school_id", "name", "type", "grade_min", "grade_max", "township", "boarding",
    *(f"enrol_g{g}" for g in GRADES),
    "classes_primary", "classes_junior", "capacity_primary", "capacity_junior",
    "boarding_beds", "boarders", "teachers", "teachers_qualified", "teachers_senior",
    "key_teachers", "pe_arts_teachers", "floor_area_m2", "sports_area_m2",
    "equipment_value_yuan", "books", "computers", "multimedia_rooms",
)  # fmt: skip
POPULATION_COLUMNS = ("cell_id", "row", "col", "primary", "junior", "township")
ROAD_COLUMNS = ("road_class", "name")
TOWNSHIP_COLUMNS = ("code", "name")
PLACE_COLUMNS = ("name", "kind", "township", "population")
RIVER_COLUMNS = ("name",)

VECTOR_LAYERS: dict[str, tuple[str, ...]] = {
    "schools": SCHOOL_COLUMNS,
    "population": POPULATION_COLUMNS,
    "roads": ROAD_COLUMNS,
    "townships": TOWNSHIP_COLUMNS,
    "places": PLACE_COLUMNS,
    "rivers": RIVER_COLUMNS,
}
REQUIRED_LAYERS = ("schools", "population", "roads")


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
            Problem("no scenario of this name in the project", field="scenario", value=name, fix=f"scenarios: {have}")
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


def save_project(project: Project, path: str | os.PathLike[str]) -> Path:
    """Write a project to a GeoPackage atomically.

    Parameters
    ----------
    project
        The project to write.
    path
        Target file; replaced in one step once the new file is complete.

    Returns
    -------
    The path written.
    """
    import pandas as pd
    import pyogrio

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp.gpkg", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        for layer in VECTOR_LAYERS:
            gdf = getattr(project, layer)
            pyogrio.write_dataframe(gdf, tmp, layer=layer, driver="GPKG", promote_to_multi=False, use_arrow=has_arrow())
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
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


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
    """Read a project GeoPackage, checking that its layers and fields are usable.

    Raises
    ------
    InputError
        Listing every missing layer or field and every unusable value found.
    """
    import geopandas as gpd
    import pyogrio

    src = Path(path)
    if not src.is_file():
        raise InputError(Problem("project file not found", file=str(src), fix="check the path"))
    try:
        listed = {str(name): str(kind) for name, kind in pyogrio.list_layers(src)}
    except Exception as exc:  # GDAL's messages vary by version; report them as they are
        raise InputError(
            Problem(f"not a readable GeoPackage ({exc})", file=str(src), fix="open a SchoolPlan project (.gpkg)")
        ) from exc
    problems: list[Problem] = []
    for layer in REQUIRED_LAYERS:
        if layer not in listed:
            problems.append(Problem("required layer is missing", file=str(src), layer=layer))
    if problems:
        raise InputError(problems)
    frames: dict[str, gpd.GeoDataFrame] = {}
    crs: str | None = None
    for layer, columns in VECTOR_LAYERS.items():
        if layer in listed:
            gdf = pyogrio.read_dataframe(src, layer=layer, use_arrow=has_arrow())
        else:
            gdf = gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=crs)
        if layer in REQUIRED_LAYERS and gdf.crs is None:
            problems.append(
                Problem(
                    "layer has no coordinate reference system",
                    file=str(src),
                    layer=layer,
                    fix="assign its CRS in a GIS and save again",
                )
            )
        elif gdf.crs is not None:
            if gdf.crs.is_geographic:
                problems.append(
                    Problem(
                        "layer is in geographic coordinates (degrees)",
                        file=str(src),
                        layer=layer,
                        value=str(gdf.crs.to_string()),
                        fix="reproject the project to a metric CRS such as CGCS2000 Gauss-Kruger",
                    )
                )
            crs = crs or gdf.crs.to_string()
        for column in columns:
            if column not in gdf.columns:
                problems.append(Problem("required field is missing", file=str(src), layer=layer, field=column))
        frames[layer] = gdf
    settings: dict[str, str] = {}
    if "settings" in listed:
        table = pyogrio.read_dataframe(src, layer="settings", read_geometry=False)
        settings = {str(k): str(v) for k, v in zip(table["key"], table["value"], strict=True)}
    if not problems:
        problems.extend(_check_values(frames, str(src)))
    scenarios = _read_scenarios(src, problems) if "scenarios" in listed else ()
    if problems:
        raise InputError(problems)
    assert crs is not None
    dem = _read_dem(src)
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
    )


def _read_scenarios(src: Path, problems: list[Problem]) -> tuple[Scenario, ...]:
    import pyogrio

    from gis.scenario import scenario_from_json

    table = pyogrio.read_dataframe(src, layer="scenarios", read_geometry=False)
    missing = [c for c in ("name", "edits") if c not in table.columns]
    if missing:
        problems.extend(
            Problem("required field is missing", file=str(src), layer="scenarios", field=c) for c in missing
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


def _read_dem(path: Path) -> Dem | None:
    import rasterio
    from rasterio.errors import RasterioIOError

    try:
        with rasterio.open(f"GPKG:{path}:dem") as src:
            return Dem(src.read(1).astype(np.float32), src.transform, src.crs.to_string())
    except RasterioIOError:
        return None


def _negative_counts(
    frame: gpd.GeoDataFrame, column: str, layer: str, id_column: str, file: str, message: str
) -> list[Problem]:
    """A problem for each non-numeric or negative value of a count field (at most 20)."""
    import pandas as pd

    values = pd.to_numeric(frame[column], errors="coerce")
    bad = np.flatnonzero((values.isna() | (values < 0)).to_numpy())[:20].tolist()
    return [
        Problem(
            message,
            file=file,
            layer=layer,
            feature=str(frame[id_column].iloc[idx]),
            field=column,
            value=str(frame[column].iloc[idx]),
        )
        for idx in bad
    ]


def _check_values(frames: dict[str, gpd.GeoDataFrame], file: str) -> list[Problem]:
    """Every unusable value in the layers, one problem each (capped per field)."""
    problems: list[Problem] = []
    schools = frames["schools"]
    numeric = [c for c in SCHOOL_COLUMNS if c.startswith(("enrol_", "classes_", "capacity_"))]
    numeric += ["boarding_beds", "boarders", "teachers"]
    for column in numeric:
        message = "must be a number of zero or more"
        problems.extend(_negative_counts(schools, column, "schools", "school_id", file, message))
    for row, kind in enumerate(schools["type"]):
        if kind not in SCHOOL_TYPES:
            problems.append(
                Problem(
                    f"unknown school type; use one of {', '.join(SCHOOL_TYPES)}",
                    file=file,
                    layer="schools",
                    feature=str(schools["school_id"].iloc[row]),
                    field="type",
                    value=str(kind),
                )
            )
    duplicated = schools["school_id"][schools["school_id"].duplicated()]
    for code in duplicated.unique():
        problems.append(
            Problem(
                "school code appears more than once",
                file=file,
                layer="schools",
                field="school_id",
                value=str(code),
                fix="give each school its own code",
            )
        )
    for row, geom in enumerate(schools.geometry):
        if geom is None or geom.is_empty:
            problems.append(
                Problem(
                    "school has no location",
                    file=file,
                    layer="schools",
                    feature=str(schools["school_id"].iloc[row]),
                    field="geometry",
                )
            )
    pop = frames["population"]
    for column in ("primary", "junior"):
        problems.extend(
            _negative_counts(pop, column, "population", "cell_id", file, "child count must be a number of zero or more")
        )
    roads = frames["roads"]
    for row, kind in enumerate(roads["road_class"]):
        if kind not in ROAD_CLASSES:
            problems.append(
                Problem(
                    f"unknown road class; use one of {', '.join(ROAD_CLASSES)}",
                    file=file,
                    layer="roads",
                    feature=str(row + 1),
                    field="road_class",
                    value=str(kind),
                )
            )
            if len(problems) > 200:
                break
    return problems
