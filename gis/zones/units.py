"""The units an enrolment zone is made of: whole villages, and blocks of a town.

A county publishes its zones (划片) as lists of villages and residential areas. Where the
county has its village boundaries (polygons matched to the project's places), those are the
units; otherwise each township is divided among its places as Voronoi areas (every point of
the township belongs to its nearest place), which tile the township without gaps. A seat (the
county seat or a township seat) whose area holds more than one school of the level is cut
into square blocks of the grid, so that its schools can share it; so is a seat with more children
than the one school in it can seat, and any area (a village swallowed by the county seat's
streets) with more children than any school can seat. Other villages are never cut.

Two units are neighbours when they share a stretch of boundary; with village polygons, which
may leave gaps between them, also when a road runs from one straight into the other.
Every populated grid cell belongs to exactly one unit (the one its centre lies in, else the
nearest), so no child is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from gis.errors import InputError, Problem
from gis.messages import text

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.project import Project

#: Kinds of unit: a village's area, a seat's area, a block of a seat.
UNIT_KINDS = ("village", "seat", "block")
# Boundaries shared over less than this (metres) do not make neighbours (a corner, a sliver).
_MIN_SHARED_M = 1.0
# Roads are followed in steps of this share of a grid cell.
_ROAD_STEP_SHARE = 0.5


@dataclass(frozen=True)
class Units:
    """The zoning units of a county.

    Attributes
    ----------
    frame
        One row per unit: ``code``, ``name``, ``township``, ``kind`` (:data:`UNIT_KINDS`),
        ``place`` (row of the project's places, -1 for none) and the unit's polygon.
    cell_unit
        The unit of each row of the project's population layer.
    edges
        Pairs of neighbouring units (i < j), one row each.
    source
        ``"polygons"`` (the county's village boundaries) or ``"voronoi"`` (areas built from
        the places).
    notes
        What building them found, in words (cells joined to the nearest unit, places left out).
    """

    frame: gpd.GeoDataFrame
    cell_unit: np.ndarray
    edges: np.ndarray
    source: str
    notes: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        return len(self.frame)


def place_codes(places: gpd.GeoDataFrame) -> tuple[np.ndarray, bool]:
    """Each place's code: its ``code`` field when the layer has one, else its township's code
    followed by a three-digit number in the layer's order (001 the first place of the township):
    the twelve digits of a village's statistical code when the township code has nine.
    Returns the codes and whether they were made here."""
    if "code" in places.columns:
        codes = places["code"].astype(str).str.strip().to_numpy()
        if (codes != "").all() and len(set(codes)) == len(codes):
            return codes, False
    township = places["township"].astype(str).to_numpy()
    codes = np.empty(len(places), dtype=object)
    seen: dict[str, int] = {}
    for i, t in enumerate(township):
        seen[t] = seen.get(t, 0) + 1
        codes[i] = f"{t}{seen[t]:03d}"
    return codes.astype(str), True


def build_units(
    project: Project,
    *,
    villages: gpd.GeoDataFrame | None = None,
    school_xy: tuple[np.ndarray, np.ndarray] | None = None,
    school_seats: np.ndarray | None = None,
    cell_children: np.ndarray | None = None,
    block_m: float = 1000.0,
    block_children: float = 100.0,
) -> Units:
    """The zoning units of a project.

    Parameters
    ----------
    project
        The county project: its places (villages and seats), townships and population grid.
    villages
        The county's village boundaries (:func:`gis.importing.villages.read_villages`), one
        polygon per place (column ``place``: the row of the project's places); None to build
        Voronoi areas from the places.
    school_xy, school_seats, cell_children
        The schools of the level and their seats, and the children of each population row: a
        seat's area is cut into blocks when it holds more than one of the schools, or more
        children than the seats of those in it.
    block_m, block_children
        The side of the largest block, metres (rounded to whole grid cells), and the most
        children a block may hold unless it is one grid cell; ``block_m`` 0: never cut a seat.

    Raises
    ------
    InputError
        If the project has no places, or its places lie outside every township.
    """
    import geopandas as gpd

    places = project.places
    if places is None or len(places) == 0:
        raise InputError(
            Problem(
                text("the project has no places; enrolment zones are made of villages"),
                layer="places",
                fix=text("import the places (villages, township seats, the county seat) first"),
            )
        )
    notes: list[str] = []
    codes, made = place_codes(places)
    if made:
        notes.append(
            text("the places have no codes: each village's code is its township's code and its number in the township")
        )
    if villages is not None:
        areas = np.asarray(villages.geometry.array, dtype=object)
        owner = villages["place"].to_numpy(dtype=np.int64)
        source = "polygons"
    else:
        owner, areas = _voronoi_areas(project)
        source = "voronoi"
    names = places["name"].astype(str).to_numpy()
    townships = places["township"].astype(str).to_numpy()
    kinds = np.where(places["kind"].astype(str).to_numpy() == "village", "village", "seat")
    rows = [
        {"code": codes[p], "name": names[p], "township": townships[p], "kind": kinds[p], "place": int(p), "geometry": g}
        for p, g in zip(owner.tolist(), areas, strict=True)
    ]
    crs = project.schools.crs
    frame = gpd.GeoDataFrame(rows, columns=["code", "name", "township", "kind", "place", "geometry"], crs=crs)
    if school_xy is not None and block_m > 0 and len(frame):
        frame = _blocks(frame, project, school_xy, school_seats, cell_children, block_m, block_children)
    frame = frame.reset_index(drop=True)
    geoms = np.asarray(frame.geometry.array, dtype=object)
    cell_unit, joined = _cells_to_units(project, geoms)
    if joined:
        notes.append(
            text(
                "{cells} populated cells lie outside every village area and were given to the nearest village",
                cells=joined,
            )
        )
    edges = _shared_boundaries(geoms)
    if source == "polygons":
        edges = np.unique(np.vstack([edges, _road_links(project, geoms)]), axis=0)
    return Units(frame, cell_unit, edges, source, tuple(notes))


def _voronoi_areas(project: Project) -> tuple[np.ndarray, np.ndarray]:
    """Each township divided among the places inside it (nearest place), the places' rows and
    areas; a township without a place is one area of its own (place -1)."""
    import shapely

    places = project.places
    pts = np.asarray(places.geometry.array, dtype=object)
    townships = project.townships
    if townships is None or len(townships) == 0:
        pop = project.population
        hull = shapely.convex_hull(shapely.multipoints(np.column_stack([pop.geometry.x, pop.geometry.y])))
        regions = [shapely.buffer(hull, project.cell_size, join_style="mitre")]
    else:
        regions = list(np.asarray(townships.geometry.array, dtype=object))
    owner: list[int] = []
    areas: list[object] = []
    placed = np.zeros(len(places), dtype=bool)
    for region in regions:
        inside = np.flatnonzero(shapely.contains(region, pts) & ~placed)
        placed[inside] = True
        if inside.size == 0:
            owner.append(-1)
            areas.append(region)
            continue
        if inside.size == 1:
            owner.append(int(inside[0]))
            areas.append(region)
            continue
        cells = shapely.get_parts(
            shapely.voronoi_polygons(shapely.multipoints(pts[inside]), extend_to=region, ordered=True)
        )
        for p, cell in zip(inside.tolist(), cells, strict=True):
            area = shapely.intersection(cell, region)
            owner.append(p)
            areas.append(area)
    outside = np.flatnonzero(~placed)
    if outside.size and regions:
        # A place outside every township polygon: its area is taken from the township nearest.
        raise InputError(
            [
                Problem(
                    text("place outside every township boundary"),
                    layer="places",
                    feature=str(places["name"].iloc[i]),
                    fix=text("check its coordinates or the township boundaries"),
                )
                for i in outside.tolist()
            ]
        )
    return np.asarray(owner, dtype=np.int64), _single_pieces(np.asarray(areas, dtype=object), pts, np.asarray(owner))


def _single_pieces(areas: np.ndarray, pts: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Each area in one piece: a Voronoi area cut by a township's bend keeps the piece with its
    place (or the largest), and each other piece goes to the area it shares most boundary with."""
    import shapely

    areas = areas.copy()
    strays: list[object] = []
    for i, area in enumerate(areas):
        parts = shapely.get_parts(area)
        if parts.size <= 1:
            continue
        if owner[i] >= 0:
            keep = int(np.argmax(shapely.intersects(parts, pts[owner[i]]) * 1e30 + shapely.area(parts)))
        else:
            keep = int(np.argmax(shapely.area(parts)))
        areas[i] = parts[keep]
        strays.extend(p for j, p in enumerate(parts) if j != keep)
    for piece in strays:
        shared = shapely.length(shapely.intersection(shapely.boundary(areas), shapely.boundary(piece)))
        target = int(np.argmax(shared))
        if shared[target] > 0:
            areas[target] = shapely.union(areas[target], piece)
    return areas


def _blocks(
    frame: gpd.GeoDataFrame,
    project: Project,
    school_xy: tuple[np.ndarray, np.ndarray],
    school_seats: np.ndarray | None,
    cell_children: np.ndarray | None,
    block_m: float,
    block_children: float,
) -> gpd.GeoDataFrame:
    """Seats holding more than one of the schools or more children than the one school in them
    can seat, and any unit with more children than any school can seat, cut into blocks on the
    grid: squares of ``block_m``, each cut in four again (down to one grid cell)
    while it holds more than ``block_children`` children or more than one school."""
    import geopandas as gpd
    import shapely

    schools = shapely.points(*school_xy)
    geoms = np.asarray(frame.geometry.array, dtype=object)
    seats = np.zeros(len(schools)) if school_seats is None else np.asarray(school_seats, dtype=float)
    pop = project.population
    px = pop.geometry.x.to_numpy()
    py = pop.geometry.y.to_numpy()
    weights = np.zeros(len(pop)) if cell_children is None else np.asarray(cell_children, dtype=float)
    cell_unit, _ = _cells_to_units(project, geoms)
    children = np.bincount(cell_unit, weights=weights, minlength=len(frame))
    cs = project.cell_size
    side = max(1, round(block_m / cs))
    x0 = float(px.min()) - cs / 2
    y0 = float(py.min()) - cs / 2
    sx, sy = shapely.get_x(schools), shapely.get_y(schools)
    out = []
    for i, row in enumerate(frame.itertuples(index=False)):
        inside = shapely.intersects(geoms[i], schools)
        # Cut when its schools share it, when it has more children than the school in it can
        # seat, or when no school of the county could take it whole.
        too_big = cell_children is not None and children[i] > (seats.max() if seats.size else 0.0) + 1e-6
        crowded = cell_children is not None and inside.sum() == 1 and children[i] > seats[inside].sum() + 1e-6
        if not (too_big or (row.kind == "seat" and (inside.sum() >= 2 or crowded))):
            out.append(row._asdict())
            continue
        mine = cell_unit == i
        cx, cy, cw = px[mine], py[mine], weights[mine]
        ix, iy = sx[inside], sy[inside]
        minx, miny, maxx, maxy = shapely.bounds(geoms[i])
        c0, c1 = int(np.floor((minx - x0) / cs)), int(np.ceil((maxx - x0) / cs))
        r0, r1 = int(np.floor((miny - y0) / cs)), int(np.ceil((maxy - y0) / cs))
        todo = [(c, r, min(side, c1 - c), min(side, r1 - r)) for c in range(c0, c1, side) for r in range(r0, r1, side)]
        boxes = []
        while todo:
            c, r, w, h = todo.pop()
            bx0, by0, bx1, by1 = x0 + c * cs, y0 + r * cs, x0 + (c + w) * cs, y0 + (r + h) * cs
            here = (cx >= bx0) & (cx < bx1) & (cy >= by0) & (cy < by1)
            n_schools = int(((ix >= bx0) & (ix < bx1) & (iy >= by0) & (iy < by1)).sum())
            if (w > 1 or h > 1) and (cw[here].sum() > block_children or n_schools > 1):
                w0, h0 = max(w // 2, 1), max(h // 2, 1)
                for dc, ww in ((0, w0), (w0, w - w0)):
                    for dr, hh in ((0, h0), (h0, h - h0)):
                        if ww > 0 and hh > 0:
                            todo.append((c + dc, r + dr, ww, hh))
                continue
            boxes.append(shapely.box(bx0, by0, bx1, by1))
        pieces = shapely.intersection(np.asarray(boxes, dtype=object), geoms[i])
        pieces = pieces[shapely.area(pieces) > 1.0]
        # North to south, west to east: the order a reader scans the map.
        c = shapely.centroid(pieces)
        order = np.lexsort((shapely.get_x(c), -np.round(shapely.get_y(c), -1)))
        n = 0
        for k in order.tolist():
            for part in shapely.get_parts(pieces[k]):
                n += 1
                block = row._asdict()
                block.update(
                    code=f"{row.code}-{n:03d}",
                    name=text("{place} block {n}", place=row.name, n=n),
                    kind="block",
                    geometry=part,
                )
                out.append(block)
    return gpd.GeoDataFrame(out, columns=list(frame.columns), crs=frame.crs)


def _cells_to_units(project: Project, geoms: np.ndarray) -> tuple[np.ndarray, int]:
    """The unit each populated cell's centre lies in (the first if on a border), else the nearest."""
    import shapely

    pop = project.population
    points = shapely.points(pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy())
    tree = shapely.STRtree(geoms)
    cell, unit = tree.query(points, predicate="intersects")
    cell_unit = np.full(len(points), -1, dtype=np.int64)
    # The first unit of each cell (the lowest index) when a centre lies on a shared border.
    order = np.lexsort((unit, cell))
    cell, unit = cell[order], unit[order]
    first = np.ones(cell.size, dtype=bool)
    first[1:] = cell[1:] != cell[:-1]
    cell_unit[cell[first]] = unit[first]
    lost = np.flatnonzero(cell_unit < 0)
    if lost.size:
        near_cell, near_unit = tree.query_nearest(points[lost], all_matches=False)
        cell_unit[lost[near_cell]] = near_unit
    return cell_unit, int(lost.size)


def _shared_boundaries(geoms: np.ndarray) -> np.ndarray:
    """Pairs of units sharing more than :data:`_MIN_SHARED_M` of boundary."""
    import shapely

    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    if a.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    shared = shapely.length(shapely.intersection(shapely.boundary(geoms[a]), shapely.boundary(geoms[b])))
    keep = shared > _MIN_SHARED_M
    return np.column_stack([a[keep], b[keep]]).astype(np.int64)


def _road_links(project: Project, geoms: np.ndarray) -> np.ndarray:
    """Pairs of units a road runs between: the units met one after the other along each road
    (points every half cell), gaps between them skipped."""
    import shapely

    lines = np.asarray(project.roads.geometry.array, dtype=object)
    if lines.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    lines = shapely.get_parts(lines)
    step = project.cell_size * _ROAD_STEP_SHARE
    lengths = shapely.length(lines)
    counts = np.maximum(np.ceil(lengths / step).astype(np.int64), 1) + 1
    line_of = np.repeat(np.arange(lines.size), counts)
    start = np.repeat(np.cumsum(counts) - counts, counts)
    frac = (np.arange(line_of.size) - start) / np.maximum(counts[line_of] - 1, 1)
    points = shapely.line_interpolate_point(lines[line_of], frac, normalized=True)
    tree = shapely.STRtree(geoms)
    p, u = tree.query(points, predicate="intersects")
    unit = np.full(points.size, -1, dtype=np.int64)
    unit[p[::-1]] = u[::-1]
    keep = unit >= 0
    line_of, unit = line_of[keep], unit[keep]
    step_pairs = (line_of[1:] == line_of[:-1]) & (unit[1:] != unit[:-1])
    a, b = unit[:-1][step_pairs], unit[1:][step_pairs]
    pairs = np.column_stack([np.minimum(a, b), np.maximum(a, b)])
    return np.unique(pairs, axis=0) if pairs.size else np.zeros((0, 2), dtype=np.int64)
