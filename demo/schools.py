"""The schools: where they are, their pupils by grade, classes, seats, boarding, teachers, resources.

Crowded county-seat schools with classes of 57-64, township central schools and junior
secondary schools (mostly boarding), village primary schools (built for larger cohorts, now
half empty), teaching points (grades 1-3) and nine-year schools. Enrolment follows the
children living nearest to each school (walking time on roads and across country, rivers
crossed on bridges only), less those who leave for the towns or the county seat or go to
school outside the county. Teachers and resources straddle the balance standards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from demo.grid import grid_edges, nearest_source, pixel_graph, spaced_pick
from demo.names import COUNTY_CODE, cn_ordinal, township_stem
from demo.roads import RANKS

if TYPE_CHECKING:
    import scipy.sparse as sp

    from demo.grid import Grid
    from demo.population import Children
    from demo.rivers import Rivers
    from demo.roads import Roads
    from demo.settlements import Places, Townships
    from demo.terrain import Terrain


def open_schools(
    rng: np.random.Generator,
    grid: Grid,
    county: np.ndarray,
    terrain: Terrain,
    rivers: Rivers,
    places: Places,
    townships: Townships,
    roads: Roads,
    children: Children,
    scale: float,
) -> dict[str, np.ndarray | list]:
    """The schools layer's columns (points as x, y): sites, pupils by grade, classes, seats,
    boarding, teachers and resources."""
    sites = _school_sites(rng, grid, places, roads.on_road(grid.size), scale)
    m = len(sites)
    types = np.array([s.type for s in sites])
    setting = np.array([s.setting for s in sites])
    pixel = np.array([s.pixel for s in sites], dtype=np.int64)
    serves_primary = types != "junior"
    serves_junior = (types == "junior") | (types == "nine_year")
    full_primary = serves_primary & (types != "teaching_point")

    # Catchments: each child goes to the nearest school (walking time) that teaches the grade.
    walk = _walk_graph(grid, county, terrain, rivers, roads)
    cells = children.cell

    def nearest(which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ids = np.flatnonzero(which)
        time, school = nearest_source(walk, pixel[ids], ids)
        return time[cells], school[cells]

    t_any, s_any = nearest(serves_primary)
    t_full, s_full = nearest(full_primary)
    t_jun, s_jun = nearest(serves_junior)
    lower_school = s_any
    upper_to_full = (s_any >= 0) & (types[np.maximum(s_any, 0)] == "teaching_point")
    upper_school = np.where(upper_to_full, s_full, s_any)
    upper_time = np.where(upper_to_full, t_full, t_any)

    # Children by grade: cohorts shrink a little towards grade 1 (falling births).
    trend = rng.uniform(0.02, 0.05)
    g_primary = 1 - trend * (6 - np.arange(1, 7))
    g_primary /= g_primary.sum()
    g_junior = 1 - trend * (9 - np.arange(7, 10))
    g_junior /= g_junior.sum()
    enrol = np.zeros((m, 9))
    far_upper = np.zeros(m)  # pupils of grades 4-6 living over 40 minutes away
    far_junior = np.zeros(m)
    for g in range(6):
        school = lower_school if g < 3 else upper_school
        ok = school >= 0
        enrol[:, g] = np.bincount(school[ok], children.primary[ok] * g_primary[g], minlength=m)
        if g >= 3:
            far = ok & (upper_time > 40)
            far_upper += np.bincount(school[far], children.primary[far] * g_primary[g], minlength=m)
    for g in range(3):
        ok = s_jun >= 0
        enrol[:, 6 + g] = np.bincount(s_jun[ok], children.junior[ok] * g_junior[g], minlength=m)
    far = (s_jun >= 0) & (t_jun > 30)
    far_junior += np.bincount(s_jun[far], children.junior[far], minlength=m)
    far_upper /= np.maximum(enrol[:, 3:6].sum(axis=1), 1e-9)  # shares of the pupils
    far_junior /= np.maximum(enrol[:, 6:].sum(axis=1), 1e-9)

    # Pupils leave village schools for the township's central school and the county seat, and
    # township juniors for the county seat; a few leave the county with their parents.
    label = townships.label.ravel()
    site_township = label[pixel]
    central = {int(site_township[i]): i for i in range(m) if setting[i] == "township" and full_primary[i]}
    seat_primary = np.flatnonzero((setting == "county_seat") & serves_primary)
    seat_junior = np.flatnonzero((setting == "county_seat") & serves_junior)
    pull_primary = rng.uniform(0.5, 1.5, seat_primary.size)
    pull_primary /= pull_primary.sum()
    pull_junior = rng.uniform(0.5, 1.5, seat_junior.size)
    pull_junior /= pull_junior.sum()
    moved_in = np.zeros((m, 9))
    for i in range(m):
        if setting[i] == "county_seat":
            continue
        if serves_primary[i]:
            leave = rng.uniform(0.10, 0.30) if setting[i] == "village" else rng.uniform(0.04, 0.12)
            out = enrol[i, :6] * (leave + np.r_[0, 0, 0, 0.08, 0.1, 0.12])
            enrol[i, :6] -= out
            to_town = 0.45 if setting[i] == "village" and int(site_township[i]) in central else 0.0
            if to_town:
                moved_in[central[int(site_township[i])], :6] += to_town * out
            moved_in[seat_primary, :6] += (1 - to_town) * np.outer(pull_primary, out)
        if serves_junior[i]:
            out = enrol[i, 6:] * rng.uniform(0.10, 0.30)
            enrol[i, 6:] -= out
            moved_in[seat_junior, 6:] += np.outer(pull_junior, out)
    enrol += moved_in
    enrol *= (1 - rng.uniform(0.03, 0.09, m))[:, None]
    enrol[:, :6] *= serves_primary[:, None]
    enrol[:, 6:] *= serves_junior[:, None]
    enrol[types == "teaching_point", 3:6] = 0
    # County-seat schools fill every room: 57-64 pupils a class, the same number of classes in
    # each grade (streams).
    streams = np.zeros((m, 2), dtype=np.int64)
    for i in np.flatnonzero(setting == "county_seat").tolist():
        for level, grades_of in ((0, slice(0, 6)), (1, slice(6, 9))):
            n = enrol[i, grades_of].sum()
            if n > 0:
                n_grades = grades_of.stop - grades_of.start
                streams[i, level] = max(2, round(n / n_grades / 60))
                enrol[i, grades_of] *= n_grades * streams[i, level] * rng.uniform(57, 64) / n
    pupils = np.rint(enrol).astype(np.int64)
    # Every school has somebody in each grade it teaches, however few.
    teaches = np.zeros((m, 9), dtype=bool)
    teaches[:, :3] = serves_primary[:, None]
    teaches[:, 3:6] = full_primary[:, None]
    teaches[:, 6:] = serves_junior[:, None]
    pupils = np.where(teaches, np.maximum(pupils, 1), 0)

    columns = _school_records(rng, sites, pupils, moved_in, far_upper, far_junior, streams)
    grades = {"primary": (1, 6), "teaching_point": (1, 3), "junior": (7, 9), "nine_year": (1, 9)}
    columns["school_id"] = np.array([f"{COUNTY_CODE}{k + 1:04d}" for k in range(m)])
    columns["name"] = np.array([s.name for s in sites])
    columns["type"] = types
    columns["grade_min"] = np.array([grades[t][0] for t in types], dtype=np.int64)
    columns["grade_max"] = np.array([grades[t][1] for t in types], dtype=np.int64)
    for g in range(9):
        columns[f"enrol_g{g + 1}"] = pupils[:, g]
    # Locations: a few dozen metres off the road pixel, towards a dry neighbour.
    x, y = grid.xy(pixel)
    river = rivers.mask.ravel()
    for i, p in enumerate(pixel.tolist()):
        pr, pc = divmod(p, grid.cols)
        options = [
            (dr, dc)
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            if (dr or dc)
            and 0 <= pr + dr < grid.rows
            and 0 <= pc + dc < grid.cols
            and not river[(pr + dr) * grid.cols + pc + dc]
        ]
        dr, dc = options[int(rng.integers(len(options)))] if options else (0, 0)
        reach = rng.uniform(25.0, 50.0) / math.hypot(dr, dc) if (dr or dc) else 0.0
        x[i] += dc * reach
        y[i] -= dr * reach
    columns["x"] = x
    columns["y"] = y
    columns["pixel"] = pixel
    return columns


@dataclass(frozen=True)
class _Site:
    """A school to be: where, what, for whom."""

    pixel: int
    type: str  # primary, teaching_point, junior, nine_year
    setting: str  # county_seat, township, village (sets crowding and resources)
    name: str
    place: int  # the place it serves


def _school_sites(
    rng: np.random.Generator, grid: Grid, places: Places, on_road: np.ndarray, scale: float
) -> list[_Site]:
    """Where the schools are: county-seat schools on its streets, a central school and a junior
    school (or a nine-year school) in township seats, primary schools and teaching points in
    the villages (never on the far bank of the unbridged stretch)."""
    n_seats = places.n_seats
    seat = int(places.pixel[0])
    sx, sy = grid.xy(np.asarray([seat]))
    road_px = np.flatnonzero(on_road)
    rx, ry = grid.xy(road_px)
    sites: list[_Site] = []

    # County seat: crowded primary schools, junior secondary schools and one nine-year school.
    n_primary = max(2, round(4 * math.sqrt(scale)))
    n_junior = max(1, round(2 * math.sqrt(scale)))
    near = road_px[np.hypot(rx - sx[0], ry - sy[0]) < 1500.0 * scale**0.25]
    near = near[rng.permutation(near.size)]
    spacing = 600.0
    for _ in range(10):
        spots = spaced_pick(near, grid, spacing, n_primary + n_junior + 1)
        if spots.size == n_primary + n_junior + 1:
            break
        spacing *= 0.8
    spots = spots.tolist()
    for k in range(n_primary):
        sites.append(_Site(spots[k], "primary", "county_seat", f"半仓县城关第{cn_ordinal(k + 1)}小学", 0))
    for k in range(n_junior):
        sites.append(_Site(spots[n_primary + k], "junior", "county_seat", f"半仓县第{cn_ordinal(k + 1)}中学", 0))
    sites.append(_Site(spots[-1], "nine_year", "county_seat", "半仓县实验学校", 0))

    # Township seats: the smaller ones have a nine-year school, or send their juniors elsewhere.
    small_half = np.argsort(places.size[1:n_seats], kind="stable")[: n_seats // 2] + 1
    small_half = small_half[rng.permutation(small_half.size)].tolist()
    n_nine = max(1, round(2 * scale))
    nine = set(small_half[:n_nine])
    no_junior = set(small_half[n_nine : n_nine + round(2 * scale)])
    for t in range(1, n_seats):
        township = places.name[t]
        p = int(places.pixel[t])
        if t in nine:
            sites.append(_Site(p, "nine_year", "township", f"{township}九年制学校", t))
            continue
        sites.append(_Site(p, "primary", "township", f"{township}中心小学", t))
        if t in no_junior:
            continue
        px, py = grid.xy(np.asarray([p]))
        d = np.hypot(rx - px[0], ry - py[0])
        spot = road_px[(d > 250) & (d < 900)]
        spot = spot[~np.isin(spot, [s.pixel for s in sites])]
        if spot.size:
            sites.append(
                _Site(
                    int(spot[rng.integers(spot.size)]), "junior", "township", f"半仓县{township_stem(township)}中学", t
                )
            )

    # Villages: the larger main villages get a primary school, the smaller ones and some remote
    # villages a teaching point.
    village = np.arange(n_seats, places.pixel.size)
    village = village[~places.far_side[village]]
    village = village[np.argsort(-places.size[village] * rng.uniform(0.7, 1.3, village.size), kind="stable")]
    hubs = village[places.role[village] == 0]
    hubs = np.concatenate([hubs[places.anchor[hubs]], hubs[~places.anchor[hubs]]])  # the anchor keeps its school
    remote = village[places.role[village] == 2]
    n_village_primary = round(42 * scale)
    n_teaching = round(22 * scale)
    n_remote_tp = round(0.4 * n_teaching)
    taken = np.asarray([s.pixel for s in sites], dtype=np.int64)
    primary_px = spaced_pick(places.pixel[hubs], grid, 1800.0, n_village_primary, taken, 2200.0)
    taken = np.concatenate([taken, primary_px])
    remote_px = spaced_pick(places.pixel[remote], grid, 1800.0, n_remote_tp, taken, 2200.0)
    taken = np.concatenate([taken, remote_px])
    tp_px = spaced_pick(places.pixel[hubs], grid, 1800.0, n_teaching - remote_px.size, taken, 2200.0)
    lookup = {int(places.pixel[v]): int(v) for v in village}
    for p in primary_px.tolist():
        sites.append(_Site(p, "primary", "village", f"{places.name[lookup[p]]}小学", lookup[p]))
    for p in np.concatenate([tp_px, remote_px]).tolist():
        sites.append(_Site(p, "teaching_point", "village", f"{places.name[lookup[p]]}教学点", lookup[p]))
    return sites


def _walk_graph(grid: Grid, county: np.ndarray, terrain: Terrain, rivers: Rivers, roads: Roads) -> sp.csr_matrix:
    """Walking times of children in minutes: 3.6 km/h on roads, 3 on paths and 2 across country,
    slowed on slopes by Tobler's hiking function; rivers are crossed only on road bridges."""
    n = grid.size
    z = terrain.elevation.ravel()
    a, b, length = grid_edges(county & ~rivers.mask)
    on_road = np.isin(a * np.int64(n) + b, roads.a * np.int64(n) + roads.b)
    a, b, length = a[~on_road], b[~on_road], length[~on_road]
    speed = np.full(a.size, 2.0)
    ra, ca = np.divmod(roads.a, grid.cols)
    rb, cb = np.divmod(roads.b, grid.cols)
    road_len = np.hypot(rb - ra, cb - ca)
    road_speed = np.where(roads.rank == RANKS.index("path"), 3.0, 3.6)
    all_a = np.concatenate([a, roads.a])
    all_b = np.concatenate([b, roads.b])
    run = np.concatenate([length, road_len]) * grid.cell
    v = np.concatenate([speed, road_speed])
    slope = (z[all_b] - z[all_a]) / run

    def minutes(s: np.ndarray) -> np.ndarray:
        factor = np.exp(-3.5 * (np.abs(s + 0.05) - 0.05))  # Tobler, 1 on level ground
        return run / 1000.0 / (v * factor) * 60.0

    return pixel_graph(n, all_a, all_b, minutes(slope), minutes(-slope))


def _school_records(
    rng: np.random.Generator,
    sites: list[_Site],
    pupils: np.ndarray,
    moved_in: np.ndarray,
    far_upper: np.ndarray,
    far_junior: np.ndarray,
    streams: np.ndarray,
) -> dict[str, np.ndarray | list]:
    """Classes, seats, boarding, teachers and resources of each school.

    County-seat schools are crowded: classes of 57-64, every room in use, little floor and
    sports ground per pupil. Village schools were built for larger cohorts: rooms to spare and
    ample space per pupil, but fewer specialist and senior teachers. Resources vary school by
    school so that the balance indicators straddle the standards.
    """
    records: dict[str, list] = {}

    def put(**values: object) -> None:
        for key, value in values.items():
            records.setdefault(key, []).append(value)

    u = rng.uniform
    for k, site in enumerate(sites):
        g = pupils[k]
        n_p, n_j = int(g[:6].sum()), int(g[6:].sum())
        where, kind = site.setting, site.type
        # Classes per grade, and the rooms (standard seats) the school has.
        if kind == "teaching_point":
            classes_p = 1 if n_p <= 12 else (2 if n_p <= 40 else 3)
            rooms_p = max(classes_p, int(rng.integers(2, 5)))
        elif where == "county_seat":
            classes_p = rooms_p = 6 * int(streams[k, 0])
        elif where == "township":
            classes_p = int(np.ceil(g[:6] / u(42, 50)).sum())
            rooms_p = classes_p + int(rng.integers(0, 4))
        else:  # village schools: small ones teach two grades together in a class (复式班)
            classes_p = int(np.ceil(g[:6] / 45).sum()) if n_p >= 60 else int(rng.integers(3, 5))
            rooms_p = classes_p + int(rng.integers(0, 3))
        if n_j == 0:
            classes_j = rooms_j = 0
        elif where == "county_seat":
            classes_j = rooms_j = 3 * int(streams[k, 1])
        else:
            classes_j = int(np.ceil(g[6:] / u(44, 52)).sum())
            rooms_j = classes_j + int(rng.integers(0, 4))
        if n_p == 0:
            classes_p = rooms_p = 0
        cap_p, cap_j = 45 * rooms_p, 50 * rooms_j

        # Boarders: pupils of grades 4-9 living far away and those come from other catchments.
        boarders = 0.0
        if kind in ("junior", "nine_year"):
            far_share = max(far_junior[k], u(0.3, 0.5) if where == "township" else 0.0)
            boarders += min(n_j, n_j * far_share + 0.8 * moved_in[k, 6:].sum())
        if kind in ("primary", "nine_year") and where != "county_seat" and (where == "township" or u() < 0.15):
            upper = g[3:6].sum()
            boarders += min(upper, upper * far_upper[k] + 0.7 * moved_in[k, 3:6].sum())
        boarders_n = round(boarders)
        if boarders_n < 5:
            boarders_n = 0
        beds = int(math.ceil(boarders_n * u(0.8, 1.35) / 10) * 10) if boarders_n else 0

        # Teachers: by pupils in town, by classes in small village schools.
        level = {"county_seat": 0, "township": 1, "village": 2}[where] + (kind == "teaching_point")
        teachers_p = 0.0
        if n_p:
            teachers_p = (
                n_p / u(19.5, 23)
                if level == 0
                else n_p / u(15, 19)
                if level == 1
                else max(classes_p * u(1.4, 1.9), n_p / 13)
                if level == 2
                else max(1.0, classes_p * u(1.0, 1.6))
            )
        teachers_j = n_j / u(12, 14.5) if n_j else 0.0
        teachers = max(1, round(teachers_p + teachers_j))
        low, high = ((0.85, 0.98), (0.7, 0.92), (0.45, 0.9), (0.3, 0.85))[level]
        qualified = int(rng.binomial(teachers, u(low, high)))
        low, high = ((0.35, 0.6), (0.3, 0.55), (0.15, 0.5), (0.0, 0.4))[level]
        senior = int(rng.binomial(teachers, u(low, high)))
        low, high = ((0.18, 0.28), (0.12, 0.2), (0.04, 0.15), (0.0, 0.1))[level]
        key = int(rng.binomial(teachers, u(low, high)))
        if level <= 1:
            pe_arts = int(rng.binomial(teachers, u(0.15, 0.22) if level == 0 else u(0.1, 0.18)))
        else:
            pe_arts = int(rng.integers(0, 2)) if level == 2 else 0

        # Buildings (teaching and auxiliary floor area per standard classroom), grounds, equipment.
        total = max(1, n_p + n_j)
        rooms = rooms_p + rooms_j
        if where == "county_seat":
            floor = rooms * u(170, 215)
            sports = n_p * u(2.5, 5.5) + n_j * u(3.5, 8.0)
            equipment = n_p * u(1700, 3000) + n_j * u(2000, 3500)
            computers = total * u(5, 10) / 100
            multimedia = (classes_p + classes_j) * u(0.8, 1.0)
        elif kind == "teaching_point":
            floor = rooms * u(70, 120)
            sports = u(150, 600)
            equipment = u(15_000, 80_000)
            computers = float(rng.integers(0, 6))
            multimedia = float(rng.integers(0, 2))
        elif where == "township":
            floor = rooms * u(170, 230)
            sports = rooms_p * u(250, 420) + rooms_j * u(350, 560)
            equipment = n_p * u(1500, 3200) + n_j * u(2000, 3500)
            computers = u(20, 60) + n_j * u(8, 15) / 100
            multimedia = (classes_p + classes_j) + float(rng.integers(-2, 3))
        else:
            floor = rooms * u(90, 150)
            sports = rooms * u(80, 260)
            equipment = n_p * rng.lognormal(math.log(1900), 0.45)
            computers = float(rng.integers(0, 25))
            multimedia = float(rng.integers(0, 4))
        books = n_p * u(12, 35) + n_j * u(20, 45)
        put(
            boarding=bool(boarders_n),
            classes_primary=classes_p,
            classes_junior=classes_j,
            capacity_primary=cap_p,
            capacity_junior=cap_j,
            boarding_beds=beds,
            boarders=boarders_n,
            teachers=teachers,
            teachers_qualified=qualified,
            teachers_senior=senior,
            key_teachers=key,
            pe_arts_teachers=pe_arts,
            floor_area_m2=float(round(floor, -1)),
            sports_area_m2=float(round(sports, -1)),
            equipment_value_yuan=float(round(equipment, -2)),
            books=round(books),
            computers=round(computers),
            multimedia_rooms=max(0, round(multimedia)),
        )
    return {key: np.asarray(values) for key, values in records.items()}
