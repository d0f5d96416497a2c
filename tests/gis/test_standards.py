"""The rules file: defaults with sources, and readable errors for a broken file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gis.errors import InputError
from gis.standards import DEFAULT_STANDARDS, QUALITY_STANDARDS, CostRules, load_standards


def test_defaults_follow_domain_rules() -> None:
    std = load_standards()
    assert std.grade1_3_max_min == 30
    assert std.level("primary").class_size == 45
    assert std.level("junior").class_size == 50
    assert (std.large_class, std.very_large_class, std.small_school) == (56, 66, 100)
    assert {"walk", "motor"} <= set(std.modes)
    assert std.modes["walk"].speed_kmh["county"] == pytest.approx(std.child_level_kmh)


def test_every_default_number_names_its_source() -> None:
    std = load_standards()
    for key in ("travel.grade1_3_max_min", "levels.primary.threshold_min", "levels.junior.threshold_min",
                "levels.primary.class_size", "classes.large", "classes.very_large", "classes.small_school",
                "walking.child_level_kmh"):  # fmt: skip
        assert std.sources.get(key), key


def test_forecast_defaults_name_their_sources() -> None:
    std = load_standards()
    rules = std.forecast
    assert rules.entry_age == 6
    assert rules.migration == {"county_seat": 0.03, "town": 0.0, "village": -0.04}
    assert rules.births_change["low"] <= rules.births_change["medium"] <= rules.births_change["high"]
    for kind in ("county_seat", "town", "village"):
        assert "county to set" in std.sources[f"forecast.migration_{kind}"]
    for variant in ("low", "medium", "high"):
        assert "NBS" in std.sources[f"forecast.births_change_{variant}"]


def test_a_rules_file_without_a_forecast_table_takes_the_defaults(tmp_path: Path) -> None:
    text = DEFAULT_STANDARDS.read_text(encoding="utf-8")
    older = tmp_path / "province-2024.toml"
    older.write_text(text[: text.index("# The enrolment forecast")], encoding="utf-8")
    assert load_standards(older).forecast == load_standards().forecast


def test_broken_file_lists_every_problem(tmp_path: Path) -> None:
    text = DEFAULT_STANDARDS.read_text(encoding="utf-8")
    text = text.replace("grade1_3_max_min = 30", 'grade1_3_max_min = "thirty"')
    text = text.replace('mode = "motor"', 'mode = "helicopter"', 1)  # the junior level's
    broken = tmp_path / "province.toml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_standards(broken)
    fields = {p.field for p in info.value.problems}
    assert fields == {"travel.grade1_3_max_min", "levels.junior.mode"}
    assert all(p.file == str(broken) for p in info.value.problems)


def test_not_toml(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[travel\nx = 1", encoding="utf-8")
    with pytest.raises(InputError, match="not a valid TOML file"):
        load_standards(bad)


def _edited(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The bundled rules with whole lines replaced (each ``old`` must be exactly one line of it)."""
    text = DEFAULT_STANDARDS.read_text(encoding="utf-8")
    for old, new in edits:
        pattern = re.compile(rf"^{re.escape(old)}$", re.MULTILINE)
        assert len(pattern.findall(text)) == 1, old
        text = pattern.sub(new, text)
    edited = tmp_path / "county.toml"
    edited.write_text(text, encoding="utf-8")
    return edited


def _problem_lines(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_standards(path)
    return [str(p) for p in info.value.problems]


POSITIVE = "must be a number greater than 0"
SHARE = "must be a share greater than 0 and at most 1"
COUNT = "must be a whole number, 1 or more"
NOT_FINITE = ", not nan or infinite"
YEARLY = "must be a yearly change greater than -1 and at most 1"
NOT_NEGATIVE = "must be a number, 0 or more"
CLOSED_SHARE = "must be a share from 0 to 1"

OUT_OF_RANGE = [
    # (line of the bundled file, its replacement, field, message, value as shown)
    ("grade1_3_max_min = 30", "grade1_3_max_min = nan", "travel.grade1_3_max_min", POSITIVE + NOT_FINITE, "nan"),
    ("threshold_min = 30", "threshold_min = inf", "levels.primary.threshold_min", POSITIVE + NOT_FINITE, "inf"),
    ("max_travel_min = 120", "max_travel_min = -inf", "assignment.max_travel_min", POSITIVE + NOT_FINITE, "-inf"),
    ("threshold_min = 45", "threshold_min = 0", "levels.junior.threshold_min", POSITIVE, "0"),
    ("quality_junior = 0.45", "quality_junior = -0.45", "balance.quality_junior", POSITIVE, "-0.45"),
    ("primary = 4.2", "primary = +inf", "balance.standards.teachers_qualified_per_100.primary", POSITIVE + NOT_FINITE,
     "inf"),
    ("county = 40.0", "county = inf", "modes.motor.speed_kmh.county", POSITIVE + NOT_FINITE, "inf"),
    ("village = 3.6", "village = 0.0", "modes.walk.speed_kmh.village", POSITIVE, "0"),
    ("min_new_school_pupils = 100", "min_new_school_pupils = -100", "planning.min_new_school_pupils", POSITIVE,
     "-100"),
    ("rest_share = 0.85", "rest_share = 1.5", "balance.rest_share", SHARE, "1.5"),
    ("rest_share = 0.85", "rest_share = 85", "balance.rest_share", SHARE, "85"),
    ("grade1_3_share_of_primary = 0.5", "grade1_3_share_of_primary = -0.1", "travel.grade1_3_share_of_primary", SHARE,
     "-0.1"),
    ("5 = 0.8", "5 = 0", "population.primary.5", SHARE, "0"),
    ("10 = 0.6", "10 = nan", "population.junior.10", SHARE + NOT_FINITE, "nan"),
    ("class_size = 45", "class_size = 0", "levels.primary.class_size", COUNT, "0"),
    ("class_size = 50", "class_size = 45.5", "levels.junior.class_size", COUNT, "45.5"),
    ("nine_year_size_cap = 2500", "nine_year_size_cap = -2500", "classes.nine_year_size_cap", COUNT, "-2500"),
    ("large = 56", "large = nan", "classes.large", COUNT + NOT_FINITE, "nan"),
    ("nearest_schools = 6", "nearest_schools = 2.5", "assignment.nearest_schools", COUNT, "2.5"),
    ("candidate_cells = 300", "candidate_cells = 0", "planning.candidate_cells", COUNT, "0"),
    ("max_new_sites = 10", "max_new_sites = true", "planning.max_new_sites", COUNT, "true"),
    ("very_large = 66", "very_large = 50", "classes.very_large", "must be at least 56, the value of classes.large",
     "50"),
    ("standards_met = 6", "standards_met = 8", "balance.standards_met", "must be a whole number from 1 to 7", "8"),
    ("standards_met = 6", "standards_met = 0", "balance.standards_met", "must be a whole number from 1 to 7", "0"),
    ("exclude_teaching_points_under = 0", "exclude_teaching_points_under = -1", "balance.exclude_teaching_points_under",
     "must be a number, 0 or more", "-1"),
    ("outside_tolerance_m = 200", "outside_tolerance_m = inf", "import.outside_tolerance_m",
     "must be a number, 0 or more" + NOT_FINITE, "inf"),
    ("entry_age = 6", "entry_age = 6.5", "forecast.entry_age", "must be a whole number from 3 to 10", "6.5"),
    ("entry_age = 6", "entry_age = 0", "forecast.entry_age", "must be a whole number from 3 to 10", "0"),
    ("migration_village = -0.04", "migration_village = -1", "forecast.migration_village", YEARLY, "-1"),
    ("migration_county_seat = 0.03", "migration_county_seat = 3", "forecast.migration_county_seat", YEARLY, "3"),
    ("migration_town = 0.0", "migration_town = nan", "forecast.migration_town", YEARLY + NOT_FINITE, "nan"),
    ("births_change_high = 0.0", 'births_change_high = "flat"', "forecast.births_change_high", YEARLY, "flat"),
    ("births_change_medium = -0.035", "births_change_medium = -0.06", "forecast.births_change_medium",
     "must be at least -0.056, the value of forecast.births_change_low", "-0.06"),
    ("births_change_high = 0.0", "births_change_high = -0.04", "forecast.births_change_high",
     "must be at least -0.035, the value of forecast.births_change_medium", "-0.04"),
    ("new_site = 500", "new_site = -500", "costs.new_site", NOT_NEGATIVE, "-500"),
    ("teacher_per_year = 10", "teacher_per_year = inf", "costs.teacher_per_year", NOT_NEGATIVE + NOT_FINITE, "inf"),
    ("bus_pupil_per_year = 0.15", 'bus_pupil_per_year = "0.15"', "costs.bus_pupil_per_year", NOT_NEGATIVE, "0.15"),
    ("teachers_per_class = 2", "teachers_per_class = true", "costs.teachers_per_class", NOT_NEGATIVE, "true"),
    ("building_m2 = 0.30", "building_m2 = 0", "costs.building_m2", POSITIVE, "0"),
    ("classroom_m2 = 270", "classroom_m2 = -270", "costs.classroom_m2", POSITIVE, "-270"),
    ("boarding_subsidy_share = 1.0", "boarding_subsidy_share = 1.5", "costs.boarding_subsidy_share", CLOSED_SHARE,
     "1.5"),
    ("boarding_subsidy_share = 1.0", "boarding_subsidy_share = -0.1", "costs.boarding_subsidy_share", CLOSED_SHARE,
     "-0.1"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "key", "message", "value"), OUT_OF_RANGE, ids=[case[1] for case in OUT_OF_RANGE]
)
def test_value_out_of_range_is_named(tmp_path: Path, old: str, new: str, key: str, message: str, value: str) -> None:
    rules = _edited(tmp_path, (old, new))
    assert _problem_lines(rules) == [f"{rules}, field {key}: {message} (value: {value})"]


def test_values_at_the_edges_are_taken(tmp_path: Path) -> None:
    rules = _edited(
        tmp_path,
        ("class_size = 45", "class_size = 45.0"),  # a whole number written as a float
        ("very_large = 66", "very_large = 56"),  # as large as a large class
        ("standards_met = 6", "standards_met = 7"),
        ("rest_share = 0.85", "rest_share = 1"),
        ("exclude_teaching_points_under = 0", "exclude_teaching_points_under = 0.0"),
        ("outside_tolerance_m = 200", "outside_tolerance_m = 0"),
        ("candidate_cells = 300", "candidate_cells = 1"),
    )
    std = load_standards(rules)
    assert std.level("primary").class_size == 45
    assert isinstance(std.level("primary").class_size, int)
    assert std.very_large_class == std.large_class == 56
    assert std.balance is not None
    assert (std.balance.standards_met, std.balance.rest_share) == (7, 1.0)
    assert std.outside_tolerance_m == 0
    assert std.planning.candidate_cells == 1


def test_every_bad_value_is_reported_together(tmp_path: Path) -> None:
    rules = _edited(
        tmp_path,
        ("grade1_3_max_min = 30", "grade1_3_max_min = nan"),
        ("class_size = 45", "class_size = 0"),
        ("very_large = 66", "very_large = 40"),
        ("county = 40.0", "county = 0"),
        ("rest_share = 0.85", "rest_share = 1.5"),
        ("10 = 0.6", "10 = -0.6"),
    )
    with pytest.raises(InputError) as info:
        load_standards(rules)
    found = [(p.field, p.value) for p in info.value.problems]
    assert sorted(found) == sorted(
        [
            ("travel.grade1_3_max_min", "nan"),
            ("levels.primary.class_size", "0"),
            ("classes.very_large", "40"),
            ("modes.motor.speed_kmh.county", "0"),
            ("balance.rest_share", "1.5"),
            ("population.junior.10", "-0.6"),
        ]
    )
    assert all(p.file == str(rules) for p in info.value.problems)


def test_a_key_that_is_not_a_band_does_not_break_the_file(tmp_path: Path) -> None:
    rules = _edited(tmp_path, ("5 = 0.8", '5 = 0.8\n"²" = 0.1'))  # a digit, but not an age
    assert load_standards(rules).population_fractions["primary"] == {5: 0.8, 10: 0.4}


def test_command_line_lists_each_bad_value_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    rules = _edited(
        tmp_path,
        ("class_size = 50", "class_size = 45.5"),
        ("county = 40.0", "county = inf"),
        ("standards_met = 6", "standards_met = 8"),
    )
    out = tmp_path / "out"
    project = DEFAULT_STANDARDS.parent / "bancang.gpkg"
    code = main(["analyze", str(project), "--standards", str(rules), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.splitlines() == [
        f"error: {rules}, field levels.junior.class_size: must be a whole number, 1 or more (value: 45.5)",
        f"error: {rules}, field modes.motor.speed_kmh.county: must be a number greater than 0, not nan or infinite "
        "(value: inf)",
        f"error: {rules}, field balance.standards_met: must be a whole number from 1 to 7 (value: 8)",
    ]
    assert "Traceback" not in captured.out + captured.err
    assert not out.exists()


def test_the_seven_standards_are_named_exactly(tmp_path: Path) -> None:
    """A misspelt standard would be one no school can meet: refused, with the names to use."""
    rules = _edited(tmp_path, ("[balance.standards.key_teachers_per_100]", "[balance.standards.key_teacher_per_100]"))
    names = ", ".join(QUALITY_STANDARDS)
    assert _problem_lines(rules) == [
        f"{rules}, field balance.standards.key_teachers_per_100: standard is missing; add its "
        "[balance.standards.NAME] table",
        f"{rules}, field balance.standards.key_teacher_per_100: unknown standard; use one of {names}",
    ]


def test_a_slope_flag_must_be_true_or_false(tmp_path: Path) -> None:
    rules = _edited(tmp_path, ("village = true", 'village = "false"'))
    assert _problem_lines(rules) == [f"{rules}, field modes.walk.slope.village: must be true or false (value: false)"]


def test_cost_defaults_are_the_bundled_ones_and_name_their_sources() -> None:
    std = load_standards()
    assert std.costs == CostRules()
    assert (std.costs.building_m2, std.costs.classroom_m2, std.costs.bed_m2) == (0.30, 270, 8)
    assert (std.costs.new_site, std.costs.boarding_conversion) == (500, 100)
    assert (std.costs.school_per_year, std.costs.teacher_per_year, std.costs.teachers_per_class) == (10, 10, 2)
    assert (std.costs.bus_pupil_per_year, std.costs.freed_building_m2) == (0.15, 0.05)
    assert (std.costs.boarding_subsidy_primary, std.costs.boarding_subsidy_junior) == (0.10, 0.125)
    assert std.costs.boarding_subsidy_share == 1
    assert "county" in std.sources["costs.new_site"]
    for name in CostRules.__dataclass_fields__:
        assert "county to set" in std.sources[f"costs.{name}"], name
    assert "2019" in std.sources["costs.boarding_subsidy_primary"]


def test_a_classroom_and_a_bed_cost_their_building() -> None:
    costs = CostRules()
    assert costs.classroom == pytest.approx(81.0)  # 0.30 万元/m² × 270 m²
    assert costs.bed == pytest.approx(2.4)  # 0.30 万元/m² × 8 m²
    assert CostRules(building_m2=0.4, classroom_m2=300, bed_m2=10).classroom == pytest.approx(120.0)
    assert CostRules(building_m2=0.4, classroom_m2=300, bed_m2=10).bed == pytest.approx(4.0)


def test_the_boarding_subsidy_is_the_national_one_times_its_share() -> None:
    assert CostRules().boarding_subsidy("primary") == pytest.approx(0.10)  # 1,000 yuan
    assert CostRules().boarding_subsidy("junior") == pytest.approx(0.125)  # 1,250 yuan
    quarter = CostRules(boarding_subsidy_share=0.25)
    assert quarter.boarding_subsidy("primary") == pytest.approx(0.025)
    assert quarter.boarding_subsidy("junior") == pytest.approx(0.03125)
    with pytest.raises(KeyError):
        quarter.boarding_subsidy("senior")


def test_a_rules_file_without_a_costs_table_takes_the_defaults(tmp_path: Path) -> None:
    text = DEFAULT_STANDARDS.read_text(encoding="utf-8")
    older = tmp_path / "province-2025.toml"
    older.write_text(text[: text.index("# Costs of a layout plan")], encoding="utf-8")
    std = load_standards(older)
    assert std.costs == CostRules()
    assert std.forecast == load_standards().forecast
    assert not any(key.startswith("costs.") for key in std.sources)


def test_a_county_sets_its_own_costs(tmp_path: Path) -> None:
    rules = _edited(
        tmp_path,
        ("building_m2 = 0.30", "building_m2 = 0.25"),
        ("new_site = 500", "new_site = 0"),  # a site the county already owns
        ("boarding_subsidy_share = 1.0", "boarding_subsidy_share = 0"),  # at the edges
        ("teachers_per_class = 2", "teachers_per_class = 2.2"),
    )
    costs = load_standards(rules).costs
    assert costs == CostRules(building_m2=0.25, new_site=0, boarding_subsidy_share=0, teachers_per_class=2.2)
    assert costs.classroom == pytest.approx(67.5)  # 0.25 × 270
    assert costs.boarding_subsidy("junior") == 0


def test_a_missing_cost_is_named(tmp_path: Path) -> None:
    rules = _edited(tmp_path, ("new_site = 500", ""))
    assert _problem_lines(rules) == [f"{rules}, field costs.new_site: setting is missing"]


def test_a_misspelt_cost_is_refused_with_the_names_to_use(tmp_path: Path) -> None:
    """A typo would otherwise leave the default in force without a word."""
    rules = _edited(tmp_path, ("classroom_m2 = 270", "clasroom_m2 = 270"))
    with pytest.raises(InputError) as info:
        load_standards(rules)
    problems = {p.field: p for p in info.value.problems}
    assert set(problems) == {"costs.classroom_m2", "costs.clasroom_m2"}
    assert problems["costs.classroom_m2"].message == "setting is missing"
    unknown = problems["costs.clasroom_m2"]
    assert unknown.message == "unknown cost"
    for name in CostRules.__dataclass_fields__:
        assert name in unknown.fix
    assert unknown.file == str(rules)


def test_a_costs_entry_that_is_not_a_table_is_one_problem(tmp_path: Path) -> None:
    text = DEFAULT_STANDARDS.read_text(encoding="utf-8")
    broken = tmp_path / "county.toml"
    # At the top: below the last table it would be a key of that table.
    broken.write_text("costs = 500\n" + text[: text.index("# Costs of a layout plan")], encoding="utf-8")
    assert _problem_lines(broken) == [f"{broken}, field costs: must be a table"]
