"""Suggestions on tiny counties worked out by hand, and the rules checked by re-analysis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from app.cli import main as cli_main
from gis.analysis import Group, analyze
from gis.edits import ChangeGrades, Close, ConvertToBoarding, Merge, Open, Scenario
from gis.project import Project, load_project, save_project
from gis.scenario import apply_scenario
from gis.standards import load_standards
from gis.suggest import suggest
from tests.conftest import CRS, X0, Y0, make_project, school_row

WALK_M_PER_MIN = 3600 / 60  # 3.6 km/h on level ground
MOTOR_VILLAGE_M_PER_MIN = 20000 / 60  # motor mode on a village road
DEMO = Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"


@pytest.fixture(scope="module")
def standards():  # type: ignore[no-untyped-def]
    return load_standards()


def primary(school_id: str, x: float, pupils_per_grade: int, capacity: int, **extra: Any) -> dict[str, Any]:
    grades = {f"enrol_g{g}": pupils_per_grade for g in range(1, 7)}
    return school_row(
        school_id=school_id, name=f"{school_id}小学", type="primary", grade_min=1, grade_max=6, x=x, y=-50.0,
        capacity_primary=capacity, classes_primary=6, **grades, **extra,
    )  # fmt: skip


def county(schools: list[dict[str, Any]], cells: list[tuple[int, int, float, float]]) -> Project:
    """A village road along grid row 0 from x = -100 to 6000 m."""
    return make_project(roads=[([(-100.0, -50.0), (6000.0, -50.0)], "village")], schools=schools, cells=cells)


def test_a_small_school_near_a_central_one_is_closed(standards) -> None:  # type: ignore[no-untyped-def]
    # Central school C at 0 m (204 pupils, 500 seats), small school A at 1000 m (18 pupils).
    # A's only children live in the cell centred at 1050 m (12 primary children, 6 of grades
    # 1-3): 50 m from A, 1050 m (17.5 minutes) from C, within the 30-minute rule.
    project = county(
        [primary("C", 0.0, 34, 500), primary("A", 1000.0, 3, 60)],
        [(0, 1, 30.0, 0.0), (0, 10, 12.0, 0.0)],
    )
    found = suggest(analyze(project, standards))
    assert len(found.items) == 1
    s = found.items[0]
    assert (s.id, s.action, s.level, s.school_ids, s.receiving_ids) == ("S01", "close", "primary", ("A",), ("C",))
    assert s.edits == (Close("A"),)
    assert s.children_affected == pytest.approx(12.0)
    assert s.mean_before_min == pytest.approx(50 / WALK_M_PER_MIN)
    assert s.mean_after_min == pytest.approx(1050 / WALK_M_PER_MIN)
    assert s.worst_after_min == pytest.approx(1050 / WALK_M_PER_MIN)
    assert (s.new_boarders, s.beds_needed, s.seats_needed) == (0.0, 0, 0)
    assert "A小学" in s.rationale_zh and "C小学" in s.rationale_zh
    assert "A小学 has only 18 pupils" in s.rationale_en
    assert s.scenario().edits == (Close("A"),)


def test_no_closure_without_free_seats(standards) -> None:  # type: ignore[no-untyped-def]
    # As above, but C has 112 seats and 102 recorded pupils (more than the 30 children the
    # grid gives it): 10 free for A's 12.
    project = county(
        [primary("C", 0.0, 17, 112), primary("A", 1000.0, 3, 60)],
        [(0, 1, 30.0, 0.0), (0, 10, 12.0, 0.0)],
    )
    found = suggest(analyze(project, standards))
    assert found.items == ()
    assert any("A小学 (A) kept: the receiving schools lack 2 seats" in note for note in found.notes)
    # 500 seats, but 510 pupils in the census: C takes nobody although the grid fills only 30.
    crowded = county(
        [primary("C", 0.0, 85, 500), primary("A", 1000.0, 3, 60)],
        [(0, 1, 30.0, 0.0), (0, 10, 12.0, 0.0)],
    )
    found = suggest(analyze(crowded, standards))
    assert found.items == ()
    assert any("A小学 (A) kept: the receiving schools lack 12 seats" in note for note in found.notes)


def test_grades_1_3_keep_a_teaching_point_when_the_walk_is_too_long(standards) -> None:  # type: ignore[no-untyped-def]
    # A at 2500 m; its children (cell at 2550 m) would walk 2550 m = 42.5 minutes to C, over
    # the 30-minute rule, so A is not closed. Grades 4-6 may board: they go to C (7.65
    # minutes by the motor mode on the village road) and need 6 beds there, which C lacks,
    # so the suggestion converts C to boarding first and keeps A for grades 1-3.
    project = county(
        [primary("C", 0.0, 34, 500), primary("A", 2500.0, 3, 60)],
        [(0, 1, 30.0, 0.0), (0, 25, 12.0, 0.0)],
    )
    found = suggest(analyze(project, standards))
    assert [s.action for s in found.items] == ["to_teaching_point"]
    s = found.items[0]
    assert s.edits == (ConvertToBoarding("C", 6), ChangeGrades("A", 1, 3))
    assert s.children_affected == pytest.approx(6.0)
    assert s.new_boarders == pytest.approx(6.0)
    assert s.beds_needed == 6
    assert s.mean_after_min == pytest.approx(2550 / MOTOR_VILLAGE_M_PER_MIN)
    assert any("A小学 (A) kept" in n for n in found.notes) is False
    changed = apply_scenario(project, s.scenario()).schools.set_index("school_id")
    assert (changed.loc["A", "type"], changed.loc["A", "grade_max"], changed.loc["A", "enrol_g4"]) == (
        "teaching_point",
        3,
        0,
    )


def test_two_small_schools_merge_at_the_better_site(standards) -> None:  # type: ignore[no-untyped-def]
    # A at 0 m (18 pupils) and B at 1000 m (30 pupils), both small, no other school. A's 10
    # children (cell at 50 m) to B: 950 m each, 9,500 child-metres; B's 16 children (cell at
    # 1050 m) to A: 1050 m each, 16,800. The merger keeps B's site.
    project = county(
        [primary("A", 0.0, 3, 40), primary("B", 1000.0, 5, 60)],
        [(0, 0, 10.0, 0.0), (0, 10, 16.0, 0.0)],
    )
    found = suggest(analyze(project, standards))
    assert [s.action for s in found.items] == ["merge"]
    s = found.items[0]
    assert s.edits == (Merge(("B", "A"), "B"),)
    assert s.children_affected == pytest.approx(10.0)
    assert s.mean_after_min == pytest.approx(950 / WALK_M_PER_MIN)
    merged = apply_scenario(project, s.scenario()).schools
    assert merged["school_id"].tolist() == ["B"]
    assert merged["capacity_primary"].iloc[0] == 100


def test_new_teaching_point_for_remote_children(standards) -> None:  # type: ignore[no-untyped-def]
    # The only school is at 0 m; 30 primary children (15 of grades 1-3) live in the cell at
    # 4050 m, 67.5 minutes' walk. A village at 4000 m. One teaching point covers them all.
    project = county([primary("C", 0.0, 34, 500)], [(0, 1, 30.0, 0.0), (0, 40, 30.0, 0.0)])
    places = gpd.GeoDataFrame(
        {"name": ["远村"], "kind": ["village"], "township": ["T1"], "population": [200]},
        geometry=[Point(X0 + 4000, Y0 - 50)],
        crs=CRS,
    )
    project = project.with_layers(places=places)
    found = suggest(analyze(project, standards))
    new = found.by_action("new_day_school")
    assert len(new) == 1
    s = new[0]
    assert s.children_affected == pytest.approx(15.0)
    assert s.mean_before_min == pytest.approx(4050 / WALK_M_PER_MIN)
    assert s.mean_after_min <= 50 / WALK_M_PER_MIN + 1e-9  # the village (50 m) or the cell itself
    assert s.seats_needed == 20  # 15 rounded up to whole tens
    (edit,) = s.edits
    assert isinstance(edit, Open) and edit.type == "teaching_point" and edit.capacity_primary == 20
    # 15 grade 4-6 pupils beyond 30 minutes are too few for a new boarding school (100).
    assert found.by_action("new_boarding_school") == ()
    assert any("no new site would serve 100" in note for note in found.notes)
    after = analyze(apply_scenario(project, s.scenario()), standards)
    assert after.levels["primary"].groups[0].minutes.max() <= 30


@pytest.fixture(scope="module")
def demo_suggestions(standards):  # type: ignore[no-untyped-def]
    project = load_project(DEMO)
    baseline = analyze(project, standards)
    return project, baseline, suggest(baseline)


def test_demo_consolidation_never_breaks_the_30_minute_rule(demo_suggestions, standards) -> None:  # type: ignore[no-untyped-def]
    project, baseline, found = demo_suggestions
    consolidation = [s for s in found.items if s.action in ("close", "merge", "to_teaching_point")]
    assert consolidation, "the demo county should have some consolidation to suggest"
    # The suggestions are made to be taken together: apply them all and analyse afresh.
    edits = tuple(e for s in consolidation for e in s.edits)
    after = analyze(apply_scenario(project, Scenario("all", edits)), standards)
    before_g13 = baseline.levels["primary"].groups[0]
    after_g13 = after.levels["primary"].groups[0]
    assert np.array_equal(baseline.levels["primary"].cells, after.levels["primary"].cells)
    was_within = before_g13.minutes <= standards.grade1_3_max_min
    assert (after_g13.minutes[was_within] <= standards.grade1_3_max_min + 1e-9).all()
    # Beds: every pupil who must board after the change has a bed (the suggestions add them).
    schools = after.project.schools
    demand = sum(r.boarding_demand for r in after.levels.values())
    short = np.maximum(demand - schools["boarding_beds"].to_numpy(dtype=float), 0).sum()
    short_before = np.maximum(
        sum(r.boarding_demand for r in baseline.levels.values()) - project.schools["boarding_beds"].to_numpy(), 0
    ).sum()
    assert short <= short_before + 1.0


def test_demo_new_schools_serve_enough_children(demo_suggestions, standards) -> None:  # type: ignore[no-untyped-def]
    _, _, found = demo_suggestions
    for s in found.by_action("new_day_school"):
        assert s.children_affected >= standards.planning.min_teaching_point_children
        assert s.worst_after_min <= standards.grade1_3_max_min + 1e-9
        assert s.mean_after_min < s.mean_before_min
    for s in found.by_action("new_boarding_school"):
        assert s.children_affected >= standards.planning.min_new_school_pupils
        assert s.beds_needed >= 0 and s.seats_needed >= s.children_affected
    ids = [s.id for s in found.items]
    assert ids == [f"S{k:02d}" for k in range(1, len(ids) + 1)]


def test_suggest_command_writes_files_and_scenarios(tmp_path: Path) -> None:
    path = save_project(
        county(
            [primary("C", 0.0, 34, 500), primary("A", 1000.0, 3, 60)],
            [(0, 1, 30.0, 0.0), (0, 10, 12.0, 0.0)],
        ),
        tmp_path / "p.gpkg",
    )
    assert cli_main(["suggest", str(path), "--out", str(tmp_path / "out"), "--quiet", "--save"]) == 0
    table = pd.read_csv(tmp_path / "out" / "suggestions.csv", encoding="utf-8-sig")
    assert table[["id", "action", "schools", "receiving_schools"]].values.tolist() == [["S01", "close", "A", "C"]]
    assert table["children_affected"].iloc[0] == pytest.approx(12.0)
    points = pyogrio.read_dataframe(tmp_path / "out" / "suggestions.gpkg", layer="suggestions")
    assert sorted(points["role"]) == ["closed", "receiving"]
    assert [s.name for s in load_project(path).scenarios] == ["S01 close"]


def test_cover_classes_from_sparse_pairs_equal_those_of_the_dense_matrix() -> None:
    """The remote cells' covering sets, grouped from sparse pairs, as a dense matrix groups them."""
    import scipy.sparse as sp

    from gis.suggest import _cover_classes, _Pairs

    rng = np.random.default_rng(7)
    n, m, threshold = 400, 37, 30.0
    dense = np.where(rng.random((n, m)) < 0.08, rng.uniform(0, 60, (n, m)), np.inf)
    dense[rng.random((n, m)) < 0.01] = 0.0  # a trip of 0 minutes is a trip
    now = rng.uniform(10, 90, n)
    weight = rng.uniform(0, 5, n)
    finite = np.isfinite(dense)
    matrix = sp.csr_matrix((dense[finite], np.nonzero(finite)), shape=(n, m))
    pairs = _Pairs.nearer(matrix, now)
    near = np.where(dense < now[:, None], dense, np.inf)
    assert np.array_equal(pairs.columns(np.arange(m)), near)
    covers = near <= threshold
    some = covers.any(axis=1)
    patterns, inverse = np.unique(covers[some], axis=0, return_inverse=True)
    costs, weights = _cover_classes(pairs, threshold, weight)
    got = {tuple(row): w for row, w in zip(np.isfinite(costs), weights, strict=True)}
    expected: dict[tuple[bool, ...], float] = {}
    for row, w in zip(patterns[inverse.ravel()], weight[some], strict=True):
        expected[tuple(row)] = expected.get(tuple(row), 0.0) + w
    assert got.keys() == expected.keys()
    assert all(got[k] == pytest.approx(expected[k]) for k in got)


# --------------------------------------------------------------------------- the fast paths, checked plainly


def test_open_schools_kept_incrementally_equal_a_fresh_scan() -> None:
    """After each closure, every cell's open school is the first of its options not closed (a loop)."""
    from gis.suggest import _Open, _Options

    rng = np.random.default_rng(3)
    n, k, n_schools = 300, 4, 25
    school = np.stack([rng.choice(n_schools, size=k, replace=False) for _ in range(n)])
    school[rng.random((n, k)) < 0.15] = -1  # some cells have fewer options
    school = np.where(np.cumsum(school < 0, axis=1) > 0, -1, school)  # -1 only past the last
    minutes = np.sort(rng.uniform(1, 120, (n, k)), axis=1)
    group = Group("g", (1,), "walk", 30.0, np.ones(n), np.arange(n_schools), school[:, 0], minutes[:, 0])
    state = _Open.start(_Options(group, school, minutes), n_schools)
    closed: set[int] = set()
    for s in rng.permutation(n_schools)[:18].tolist():
        state.close(s)
        closed.add(s)
        for i in range(n):
            expected = next(
                (
                    (int(school[i, j]), minutes[i, j])
                    for j in range(k)
                    if school[i, j] >= 0 and school[i, j] not in closed
                ),
                (-1, np.inf),
            )
            assert (int(state.school[i]), float(state.minutes[i])) == expected


def test_sorted_rows_equal_each_row_sorted_by_a_loop() -> None:
    import scipy.sparse as sp

    from gis.suggest import _sorted_rows

    rng = np.random.default_rng(5)
    n, m, width = 200, 30, 4
    dense = np.where(rng.random((n, m)) < 0.12, rng.integers(1, 6, (n, m)).astype(float), 0.0)  # many ties
    matrix = sp.csr_matrix(dense)
    columns = rng.permutation(100)[:m]
    school, minutes = _sorted_rows(matrix, columns, width)
    for i in range(n):
        pairs = sorted((dense[i, j], j) for j in range(m) if dense[i, j] > 0)[:width]  # ties: column order
        pairs += [(np.inf, -1)] * (width - len(pairs))
        assert minutes[i].tolist() == [t for t, _ in pairs]
        assert school[i].tolist() == [int(columns[j]) if j >= 0 else -1 for _, j in pairs]


@pytest.mark.skipif(not DEMO.exists(), reason="the demo county data/bancang.gpkg is absent")
def test_demo_suggestions_the_same_when_every_trip_is_routed_afresh(demo_suggestions) -> None:  # type: ignore[no-untyped-def]
    """Trips taken from the analysis's routing, or routed for some cells only, change nothing."""
    from dataclasses import replace

    _, baseline, found = demo_suggestions
    afresh = suggest(replace(baseline, routing=None))
    assert afresh.table().equals(found.table())
    assert afresh.notes == found.notes


@pytest.mark.skipif(not DEMO.exists(), reason="the demo county data/bancang.gpkg is absent")
def test_demo_boarders_trips_of_some_cells_and_remote_trips_equal_a_plain_matrix(demo_suggestions) -> None:  # type: ignore[no-untyped-def]
    """The shortcuts of suggest() against travel_matrix of every cell and every candidate."""
    from gis.suggest import _options, _Origins, _RemoteTrips, _route_together
    from gis.travel import travel_matrix

    project, baseline, _ = demo_suggestions
    std = baseline.standards
    pop = project.population
    px, py = pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy()
    sx, sy = project.schools.geometry.x.to_numpy(), project.schools.geometry.y.to_numpy()
    primary = baseline.levels["primary"]
    group = primary.groups[1]
    net = baseline.networks[std.planning.boarding_mode]
    # Boarders' nearest schools, for every other cell: the rows equal those routed for all cells.
    rows = np.arange(0, primary.cells.size, 2)
    some = _options(baseline, net, std.planning.boarding_mode, group, primary.cells, px, py, sx, sy, rows=rows)
    full = travel_matrix(
        net, px[primary.cells], py[primary.cells], sx[group.eligible], sy[group.eligible],
        max_minutes=std.max_travel_min, k=std.nearest_schools,
    ).toarray()  # fmt: skip
    full[full == 0] = np.inf
    for r in rows[:400].tolist():
        kept = some.school[r][some.school[r] >= 0]
        assert kept.size == np.isfinite(full[r]).sum()
        expected = np.sort(full[r][np.isfinite(full[r])])[: kept.size]
        # Searched between junctions: the same trips to rounding in the last digits.
        np.testing.assert_allclose(some.minutes[r][: kept.size], expected, rtol=1e-12)
        at = {int(s): j for j, s in enumerate(group.eligible.tolist())}
        np.testing.assert_allclose(full[r][[at[int(s)] for s in kept]], some.minutes[r][: kept.size], rtol=1e-12)
    with pytest.raises(ValueError, match="not routed"):
        some.first_open(np.zeros(len(project.schools), dtype=bool), np.array([1]))
    # The remote cells' trips: routed together for two groups, and beyond the rule site by site.
    from gis.suggest import _Remote

    jobs = [
        _Remote.of(baseline, level, g, "new_boarding_school", px, py)
        for level, result in baseline.levels.items()
        for g in result.groups
    ]
    jobs = [job for job in jobs if job.cells.size]
    assert len(jobs) >= 2
    assert jobs[0].level == jobs[1].level == "primary"
    assert 2 * np.union1d(jobs[0].cells, jobs[1].cells).size >= primary.cells.size  # so all the cells are used
    for level_cells in (None, primary.cells):  # from the remote cells only, or from all the level's cells
        together = _route_together(baseline.networks["walk"], jobs[:2], 30.0, level_cells, px, py)
        for job, (got, _) in zip(jobs[:2], together, strict=True):
            alone = travel_matrix(baseline.networks["walk"], job.cx, job.cy, job.site_x, job.site_y, max_minutes=30.0)
            assert got.shape == alone.shape
            np.testing.assert_array_equal(got.toarray() > 0, alone.toarray() > 0)
            np.testing.assert_allclose(got.toarray(), alone.toarray(), rtol=1e-12)
    job = jobs[-1]
    net = baseline.networks[job.group.mode]
    within = travel_matrix(net, job.cx, job.cy, job.site_x, job.site_y, max_minutes=job.group.threshold_min)
    trips = _RemoteTrips.route(
        net, job, within, _Origins(job.cx, job.cy), threshold=job.group.threshold_min, reach=std.max_travel_min
    )
    whole = travel_matrix(net, job.cx, job.cy, job.site_x, job.site_y, max_minutes=std.max_travel_min).toarray()
    whole[whole == 0] = np.inf
    nearer = np.where(whole < job.now[:, None], whole, np.inf)
    sites = np.random.default_rng(1).permutation(job.site_x.size)[:7]
    np.testing.assert_allclose(trips.columns(sites), nearer[:, sites], rtol=1e-12)
