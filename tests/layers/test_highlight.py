"""What a planning change touches on the map (layers.highlight), on the demo county.

Expected roles are worked out here from the edits, one kind at a time; the before catchments are
the analysis's own catchment polygons (gis.frames.catchments_frame); the moved children add up to
the closed school's catchment children, counted cell by cell here.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import shapely

from gis.analysis import Analysis, analyze
from gis.edits import ChangeGrades, Close, ConvertToBoarding, Merge, Open, SetCapacity
from gis.frames import catchments_frame
from gis.plan.moves import Move
from gis.plan.plan import PlanAction
from gis.project import load_project
from gis.standards import load_standards
from gis.suggest import Suggestions, suggest
from layers.highlight import (
    ROLE_COLORS,
    edit_highlight,
    highlight_data,
    plan_action_highlight,
    scenario_analysis,
    suggestion_highlight,
    with_after,
)

DEMO = "data/bancang.gpkg"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    from pathlib import Path

    return analyze(load_project(Path(__file__).resolve().parents[2] / DEMO), load_standards())


@pytest.fixture(scope="module")
def suggestions(analysis: Analysis) -> Suggestions:
    return suggest(analysis)


@pytest.fixture(scope="module")
def frame(analysis: Analysis):
    return catchments_frame(analysis)


def _point(analysis: Analysis, code: str) -> tuple[float, float]:
    schools = analysis.project.schools
    g = schools.geometry[schools["school_id"].astype(str) == code].iloc[0]
    return float(g.x), float(g.y)


def test_suggestion_roles_come_from_its_edits(analysis, suggestions, frame) -> None:
    checked = 0
    for s in suggestions.items:
        h = suggestion_highlight(s, analysis)
        closed = {e.school_id for e in s.edits if isinstance(e, Close)}
        closed |= {c for e in s.edits if isinstance(e, Merge) for c in e.school_ids if c != e.into}
        receiving = set(s.receiving_ids) | {e.into for e in s.edits if isinstance(e, Merge)}
        changed = {e.school_id for e in s.edits if isinstance(e, SetCapacity | ConvertToBoarding | ChangeGrades)}
        changed -= closed | receiving
        assert set(h.closed) == closed, s.id
        assert set(h.receiving) == receiving, s.id
        assert set(h.changed) == changed, s.id
        assert sorted(m.name for m in h.new_sites) == sorted(site.name for site in s.sites), s.id
        assert h.level == s.level
        # each school is marked where it stands, once
        codes = [m.school_id for m in h.marks if m.school_id and m.role != "new"]
        assert len(codes) == len(set(codes))
        for m in h.marks:
            if m.role != "new":
                assert (m.x, m.y) == _point(analysis, m.school_id)
        # before: the analysis's own catchment polygons of the schools involved, at the suggestion's level
        part = frame[(frame["level"] == s.level) & frame["school_id"].isin(closed | receiving | changed)]
        assert sorted(c.school_id for c in h.before) == sorted(part["school_id"])
        for c in h.before:
            expected = part.geometry[part["school_id"] == c.school_id].iloc[0]
            assert c.geometry.equals(expected)
        checked += 1
    assert checked == len(suggestions.items) > 5


def test_suggestion_arrows_go_from_each_school_it_closes_to_each_receiving_school(analysis, suggestions) -> None:
    s = next(s for s in suggestions.items if s.school_ids and len(s.receiving_ids) >= 2)
    h = suggestion_highlight(s, analysis)
    givers = set(h.closed) | set(h.changed) - set(s.receiving_ids)
    pairs = {(a.from_id, a.to_id) for a in h.arrows}
    assert pairs == {(g, r) for g in givers for r in h.receiving}
    for a in h.arrows:
        assert (a.x0, a.y0) == _point(analysis, a.from_id) and (a.x1, a.y1) == _point(analysis, a.to_id)
        assert math.isnan(a.children)  # the suggestion does not say how many go each way


def test_a_single_arrow_carries_the_suggestions_children(analysis, suggestions) -> None:
    single = [s for s in suggestions.items if len(s.school_ids) == 1 and len(s.receiving_ids) == 1]
    assert single
    for s in single:
        (arrow,) = suggestion_highlight(s, analysis).arrows
        assert (arrow.from_id, arrow.to_id) == (s.school_ids[0], s.receiving_ids[0])
        assert arrow.children == s.children_affected


def test_plan_action_takes_its_receiver_and_children_from_the_moves(analysis) -> None:
    schools = analysis.project.schools
    code, to = str(schools["school_id"].iloc[40]), str(schools["school_id"].iloc[3])
    (x0, y0), (x1, y1) = _point(analysis, code), _point(analysis, to)
    action = PlanAction(2027, "close", f"close:{code}", code, "甲校", x0, y0, 0, 0, 10.0, -1.0, 42.0, "撤并", "close")
    other = Move(2028, code, "甲校", "X", "乙校", 1.0, x0, y0, 0.0, 0.0)  # another year: not this action's
    moves = [Move(2027, code, "甲校", to, "乙校", 37.5, x0, y0, x1, y1), other]
    h = plan_action_highlight(action, analysis, moves=moves)
    assert h.closed == (code,) and h.receiving == (to,)
    assert [(a.from_id, a.to_id, a.children) for a in h.arrows] == [(code, to, 37.5)]
    # a merger: the school kept is the receiving one, read from the plan's scenario of that year
    from gis.edits import Scenario

    keep = str(schools["school_id"].iloc[5])
    merge = PlanAction(2027, "merge", f"merge:{code}", code, "甲校", x0, y0, 0, 0, 0.0, 0.0, 10.0, "合并", "merge")
    year = Scenario("plan-2027", (Close("other"), Merge((keep, code), into=keep)))
    h = plan_action_highlight(merge, analysis, scenario=year)
    assert h.closed == (code,) and h.receiving == (keep,)
    assert h.scenario == year  # the year's state is what the after catchments are analysed from
    # a new school: its site, named, where the plan builds it
    new = PlanAction(2028, "new_school", "new:N01", "PLAN-N01", "新校", 500000.0, 2870000.0, 300, 0, 0, 0, 0, "", "")
    h = plan_action_highlight(new, analysis)
    assert [(m.role, m.name, m.x, m.y) for m in h.marks] == [("new", "新校", 500000.0, 2870000.0)]


def test_a_closure_sends_its_children_to_the_schools_that_become_nearest(analysis) -> None:
    level = analysis.levels["primary"]
    schools = analysis.project.schools
    # by hand: the children of every group of grades whose nearest school is the busiest one
    sums: dict[int, float] = {}
    for group in level.groups:
        for k, c in zip(group.school.tolist(), group.children.tolist(), strict=True):
            sums[k] = sums.get(k, 0.0) + c
    row = max((k for k in sums if k >= 0), key=sums.get)
    code = str(schools["school_id"].iloc[row])
    h = edit_highlight(Close(code), analysis)
    assert h.closed == (code,) and h.receiving == () and h.needs_after
    after = scenario_analysis(analysis, h.scenario)
    assert code not in set(after.project.schools["school_id"].astype(str))
    done = with_after(h, analysis, after)
    assert done.after_known and not done.needs_after
    moved = sum(a.children for a in done.arrows)
    assert set(done.receiving) == {a.to_id for a in done.arrows} and code not in done.receiving
    # arrows under 5 % of the moved children are left out; the rest add up to (nearly) all of them
    assert 0.8 * sums[row] <= moved <= sums[row] + 1e-9
    # each receiving school's catchment after the closure takes some of the closed school's cells
    before = next(c for c in done.before if c.school_id == code).geometry
    for c in done.after:
        assert c.geometry.intersection(before).area > 0
    assert sorted(c.school_id for c in done.after) == sorted(done.receiving)


def test_a_new_site_gets_an_arrow_from_the_children_it_takes(analysis) -> None:
    seat = analysis.project.places[analysis.project.places["name"] == "半仓县城"].geometry.iloc[0]
    site = Open("NEW-T1", "试验新校", float(seat.x) + 3000.0, float(seat.y) + 3000.0, "teaching_point", 60)
    h = edit_highlight(site, analysis)
    assert [(m.role, m.school_id) for m in h.marks] == [("new", "NEW-T1")] and h.before == ()
    after = scenario_analysis(analysis, h.scenario)
    done = with_after(h, analysis, after)
    (arrow,) = done.arrows
    expected = catchments_frame(after)
    mine = expected[(expected["school_id"] == "NEW-T1") & (expected["level"] == "primary")]
    assert arrow.to_id == "NEW-T1" and arrow.children == pytest.approx(float(mine["children"].iloc[0]))
    # a weighted centre of the site's cells lies within their hull
    assert mine.geometry.iloc[0].convex_hull.contains(shapely.Point(arrow.x0, arrow.y0))
    assert [c.school_id for c in done.after] == ["NEW-T1"]


def test_page_data_is_json_in_wgs84_with_the_words_of_the_language(analysis, suggestions) -> None:
    s = next(s for s in suggestions.items if s.school_ids and s.receiving_ids)
    h = suggestion_highlight(s, analysis)
    data = highlight_data(h, analysis.project.crs, language="zh")
    json.dumps(data)  # plain JSON
    wgs = analysis.project.schools.to_crs("EPSG:4326")
    where = dict(zip(wgs["school_id"].astype(str), wgs.geometry, strict=True))
    for mark in data["marks"]:
        lat, lon = mark["at"]
        assert (lat, lon) == pytest.approx((where[mark["id"]].y, where[mark["id"]].x), abs=1e-6)
        assert mark["color"] == ROLE_COLORS[mark["role"]]
    assert data["words"]["receiving"] == "接收学校"
    assert len(data["before"]["features"]) == len(h.before)
    assert data["after"]["features"] == []
    english = highlight_data(h, analysis.project.crs, language="en")["words"]
    assert english["receiving"] == "Receiving school"
    with pytest.raises(ValueError):
        highlight_data(h, analysis.project.crs, language="fr")


def test_swipe_sides_share_colours_and_drop_the_closed_school(analysis) -> None:
    from gis.edits import Scenario
    from layers.webmap import swipe_data

    code = str(analysis.project.schools["school_id"].iloc[0])
    after = scenario_analysis(analysis, Scenario("s", (Close(code),)))
    data = swipe_data(analysis, after, name="方案一", language="zh")
    left, right = data["left"], data["right"]
    assert left["label"] == "现状" and right["label"] == "方案：方案一"
    assert len(left["schools"]) == len(right["schools"]) + 1
    assert code in {s["id"] for s in left["schools"]} and code not in {s["id"] for s in right["schools"]}
    colour_left = {f["properties"]["school_id"]: f["properties"]["color"] for f in left["catchments"]["features"]}
    colour_right = {f["properties"]["school_id"]: f["properties"]["color"] for f in right["catchments"]["features"]}
    shared = set(colour_left) & set(colour_right)
    assert shared and all(colour_left[k] == colour_right[k] for k in shared)
    frame = catchments_frame(analysis)
    assert len(left["catchments"]["features"]) == int((frame["level"] == "primary").sum())
    assert np.all([s["at"][0] > 20 and s["at"][1] > 90 for s in left["schools"]])  # lat, lon order
    kinds = {f["geometry"]["type"] for side in (left, right) for f in side["catchments"]["features"]}
    assert kinds <= {"Polygon", "MultiPolygon"}  # Leaflet would draw a stray point as a marker


def test_filled_catchments_keep_the_childrens_schools(analysis) -> None:
    """The areas drawn for the swipe: nearly every child's cell lies in its own school's area."""
    from layers.webmap import filled_catchments

    areas = filled_catchments(analysis)
    level = analysis.levels["primary"]
    pop = analysis.project.population.iloc[level.cells]
    inside = np.zeros(level.cells.size, dtype=bool)
    for row, area in areas.items():
        mine = np.flatnonzero(level.school == row)
        points = shapely.points(pop.geometry.x.to_numpy()[mine], pop.geometry.y.to_numpy()[mine])
        inside[mine] = shapely.covers(area, points)
    reached = level.school >= 0
    share = level.children[inside].sum() / level.children[reached].sum()
    assert share > 0.9
    # no two schools' areas overlap
    rows = sorted(areas)
    for i, a in enumerate(rows[:20]):
        for b in rows[i + 1 : 20]:
            assert areas[a].intersection(areas[b]).area < 1.0


# --------------------------------------------------------------------------- the standards plan


def _standards_frames(analysis: Analysis):
    """A standards plan's investments and transfers between demo schools, written out by hand."""
    import pandas as pd

    codes = analysis.project.schools["school_id"].astype(str).tolist()
    a, b, c, d = codes[3], codes[10], codes[20], codes[30]
    investments = pd.DataFrame(
        {
            "school_id": [a, a, b],
            "name": ["A", "A", "B"],
            "item": ["floor_area", "hire_key", "multimedia_rooms"],
            "amount": [120.0, 2.0, 1.0],
            "unit": ["m²", "teachers", "rooms"],
            "cost": [36.0, 100.0, 3.0],
        }
    )
    transfers = pd.DataFrame(
        {
            "from_school": [c, c, d],
            "to_school": [a, d, b],
            "kind": ["key", "pe_arts", "qualified"],
            "teachers": [2, 1, 3],
            "commute_min": [20.0, 35.0, 12.5],
            "from_name": ["C", "C", "D"],
            "to_name": ["A", "D", "B"],
        }
    )
    return (a, b, c, d), investments, transfers


def test_standards_plan_marks_invested_schools_and_draws_one_arrow_per_transfer(analysis) -> None:
    from layers.highlight import standards_highlight

    (a, b, c, d), investments, transfers = _standards_frames(analysis)
    schools = analysis.project.schools
    h = standards_highlight(schools, investments, transfers)
    # invested: A and B (changed, each once); D only receives teachers; C only sends (not marked)
    assert sorted(h.changed) == sorted([a, b])
    assert h.receiving == (d,)
    assert c not in {m.school_id for m in h.marks}
    for m in h.marks:
        assert (m.x, m.y) == _point(analysis, m.school_id)
    assert len(h.arrows) == len(transfers) == 3
    for arrow, (start, end, teachers) in zip(h.arrows, [(c, a, 2), (c, d, 1), (d, b, 3)], strict=True):
        assert (arrow.from_id, arrow.to_id, arrow.children, arrow.what) == (start, end, teachers, "teachers")
        assert (arrow.x0, arrow.y0) == _point(analysis, start)
        assert (arrow.x1, arrow.y1) == _point(analysis, end)
    assert not h.needs_after and h.before == () and h.action == "standards"


def test_standards_plan_row_chosen_shows_that_school_or_that_transfer(analysis) -> None:
    from layers.highlight import standards_highlight

    (a, b, c, d), investments, transfers = _standards_frames(analysis)
    schools = analysis.project.schools
    one = standards_highlight(schools, investments, transfers, school_id=a)
    assert one.changed == (a,) and one.receiving == ()
    assert [(x.from_id, x.to_id) for x in one.arrows] == [(c, a)]  # the transfer it takes
    sender = standards_highlight(schools, investments, transfers, school_id=c)
    assert sender.changed == (c,)  # chosen: ringed though it only sends
    assert [(x.from_id, x.to_id) for x in sender.arrows] == [(c, a), (c, d)]
    moved = standards_highlight(schools, investments, transfers, transfer=2)
    assert moved.changed == () and moved.receiving == (b,)
    assert [(x.from_id, x.to_id, x.children) for x in moved.arrows] == [(d, b, 3)]


def test_standards_plan_page_counts_teachers_in_both_languages(analysis) -> None:
    from layers.highlight import standards_highlight

    _codes, investments, transfers = _standards_frames(analysis)
    h = standards_highlight(analysis.project.schools, investments, transfers)
    zh = highlight_data(h, analysis.project.crs, language="zh")
    json.dumps(zh)
    assert [x["label"] for x in zh["arrows"]] == ["2名教师", "1名教师", "3名教师"]
    assert zh["title"] == "优质均衡达标方案"
    assert zh["words"]["changed"] == "有投入的学校" and "教师" in zh["words"]["arrow"]
    en = highlight_data(h, analysis.project.crs, language="en")
    assert [x["label"] for x in en["arrows"]] == ["2 teachers", "1 teacher", "3 teachers"]
    assert en["title"] == "Standards plan"
    # a whole plan of many transfers: bare counts, the legend says they count teachers
    import pandas as pd

    many = pd.concat([transfers] * 3, ignore_index=True)
    crowded = highlight_data(standards_highlight(analysis.project.schools, investments, many), analysis.project.crs)
    assert [x["label"] for x in crowded["arrows"]] == ["2", "1", "3"] * 3
    assert crowded["words"]["arrow"] == "Teachers transferred (number)"


def test_resources_added_to_a_school_mark_it_changed(analysis) -> None:
    from gis.edits import AddResources
    from layers.highlight import edit_roles

    code = str(analysis.project.schools["school_id"].iloc[7])
    edit = AddResources(code, floor_area_m2=120.0, key_teachers=2, teachers=2)
    assert edit_roles([edit]) == {code: "changed"}
    # a school closed in the same edits stays closed
    assert edit_roles([edit, Close(code)]) == {code: "closed"}
    h = edit_highlight(edit, analysis)
    assert h.changed == (code,) and h.action == "resources"
    assert highlight_data(h, analysis.project.crs, language="zh")["title"] == "增加办学资源"
