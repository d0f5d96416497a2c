"""The rules file: defaults with sources, and readable errors for a broken file."""

from __future__ import annotations

from pathlib import Path

import pytest

from gis.errors import InputError
from gis.standards import DEFAULT_STANDARDS, load_standards


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
