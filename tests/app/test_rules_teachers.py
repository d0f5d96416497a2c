"""The Rules in force dialog on the standards plan's rules: [costs] of grounds, rooms and teachers, and [teachers].

The dialog shows each new rule by name and unit in Chinese with its value as the file writes it
and its source in Chinese; a county's own rules file with another exchange share is loaded
through the dialog, the value in force is the one the file holds, and a share above 1 is turned
down with the rule named, the rules in force staying.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

import app.rules as rules_module
from app.i18n import install_language
from app.rules import RULE_TITLES, RulesDialog
from app.session import Session
from gis.standards import DEFAULT_STANDARDS
from tests.app import test_window as base
from tests.app.test_chinese_window import latin_words
from tests.app.test_window import TIMEOUT_MS

errors = base.errors

# The new rules in Chinese: dotted key -> (name, unit), as a Chinese reader expects them.
CHINESE: dict[str, tuple[str, str]] = {
    "costs.sports_ground_m2": ("铺设运动场地", "万元/平方米"),
    "costs.multimedia_room": ("配备一间网络多媒体教室", "万元/间"),
    "costs.hired_teacher_years": ("达标方案新聘教师：计入的教师年费用年数", "年"),
    "costs.transfer": ("调动一名教师到其他学校（交流轮岗）", "万元/人"),
    "costs.training": ("培训一名学校紧缺类别的教师", "万元/人"),
    "teachers.pupils_per_post_primary": ("小学：每个教职工编制对应的学生数", "人"),
    "teachers.pupils_per_post_junior": ("初中：每个教职工编制对应的学生数", "人"),
    "teachers.small_school_posts_per_class": ("小规模学校或教学点：每班教职工编制数", "个编制/班"),
    "teachers.exchange_share": ("交流轮岗：每校每年交流教师比例上限", "每年比例"),
    "teachers.key_share": ("交流轮岗：交流教师中骨干教师比例下限", "比例（1 = 100%）"),
    "teachers.commute_max_min": ("交流轮岗：原学校到新学校的路程时间上限", "分钟"),
    "teachers.commute_mode": ("交流轮岗：教师出行方式", ""),
    "teachers.train_share": ("转岗培训：每校每年培训教师比例上限（每校至少一人）", "每年比例"),
}
# The document each source cites, kept in the Chinese text.
CITED = {
    "teachers.pupils_per_post_primary": "中央编办发〔2014〕72号",
    "teachers.pupils_per_post_junior": "中央编办发〔2014〕72号",
    "teachers.exchange_share": "教师〔2014〕4号",
    "teachers.key_share": "教师〔2014〕4号",
}


def _file_rules(path: Path) -> dict[str, object]:
    """The [costs] and [teachers] rules of a rules file, read back with tomllib: dotted key -> value."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        f"{table}.{key}": value
        for table in ("costs", "teachers")
        for key, value in raw[table].items()
        if not key.endswith("_source")
    }


def _row(dialog: RulesDialog, name: str) -> int:
    """The table row of a rule."""
    rule = dialog.row(name)
    assert rule is not None, name
    return dialog.rows.index(rule)


def _shown(dialog: RulesDialog, name: str) -> list[str]:
    """A rule's row as shown: name, value, unit, source."""
    return [dialog.model.index(_row(dialog, name), column).data() for column in range(4)]


@pytest.fixture
def dialog(qtbot) -> RulesDialog:
    """The dialog on the default rules, without a window."""
    widget = RulesDialog(Session())
    qtbot.addWidget(widget)
    return widget


def test_every_rule_of_costs_and_teachers_has_a_title() -> None:
    # Read from the file itself: a rule added to [costs] or [teachers] without a title fails here.
    assert set(CHINESE) <= set(_file_rules(DEFAULT_STANDARDS))
    assert set(_file_rules(DEFAULT_STANDARDS)) <= set(RULE_TITLES)


def test_the_new_rules_in_chinese(qtbot, dialog: RulesDialog, errors) -> None:
    written = _file_rules(DEFAULT_STANDARDS)
    try:
        assert install_language("zh_CN")
        qtbot.waitUntil(lambda: dialog.windowTitle() == "现行规则", timeout=TIMEOUT_MS)  # the language change event
        for name, (title, unit) in CHINESE.items():
            shown_title, value, shown_unit, source = _shown(dialog, name)
            assert (shown_title, shown_unit) == (title, unit), name
            if name == "teachers.commute_mode":
                assert written[name] == "motor" and value == "乘车"
            else:
                assert float(value) == written[name], name
            assert source and not latin_words(source), (name, source)
            assert CITED.get(name, "") in source
            assert (
                dialog.model.index(_row(dialog, name), 0).data(Qt.ItemDataRole.ToolTipRole) == name
            )  # the key, for the expert
    finally:
        assert install_language("en")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Rules in force", timeout=TIMEOUT_MS)
    assert _shown(dialog, "teachers.exchange_share")[:3] == [
        "Teacher exchange: a school's teachers moved in a year, at most",
        "0.1",
        "share a year",
    ]
    assert errors == []


def test_a_county_file_with_another_exchange_share(
    dialog: RulesDialog, errors, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = DEFAULT_STANDARDS.read_text(encoding="utf-8")
    assert text.count("exchange_share = 0.10\n") == 1
    county = tmp_path / "county-rules.toml"
    county.write_text(text.replace("exchange_share = 0.10\n", "exchange_share = 0.15\n"), encoding="utf-8")
    monkeypatch.setattr(rules_module, "ask_rules_file", lambda _parent: county)
    session = dialog._session
    assert dialog.ask_load()
    standards = session.current_standards()
    assert standards is not None and Path(standards.path) == county and str(county) in dialog.path_label.text()
    # What is in force is what the file holds, read back apart from the program.
    assert _file_rules(Path(standards.path))["teachers.exchange_share"] == 0.15
    assert standards.teachers.exchange_share == 0.15
    assert _shown(dialog, "teachers.exchange_share")[1] == "0.15"
    # The other rules of the table are the file's too.
    assert standards.teachers.key_share == _file_rules(county)["teachers.key_share"] == 0.2
    assert errors == []
    # A share above 1: turned down with the rule named; the county's file stays in force.
    bad = tmp_path / "bad-rules.toml"
    bad.write_text(text.replace("exchange_share = 0.10\n", "exchange_share = 1.5\n"), encoding="utf-8")
    monkeypatch.setattr(rules_module, "ask_rules_file", lambda _parent: bad)
    assert not dialog.ask_load()
    assert len(errors) == 1 and "teachers.exchange_share" in errors[0][1] and "1.5" in errors[0][1]
    assert session.current_standards() is standards and _shown(dialog, "teachers.exchange_share")[1] == "0.15"


def test_wrapped_sources_are_never_cut_off(qtbot) -> None:
    # Opened in the Chinese window (made in Chinese, as the window makes it on first use), where
    # the long sources wrap: every row as tall as its text needs.
    try:
        assert install_language("zh_CN")
        dialog = RulesDialog(Session())
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        table = dialog.table

        def short_rows() -> list[str]:
            return [
                dialog.rows[r].name for r in range(len(dialog.rows)) if table.rowHeight(r) < table.sizeHintForRow(r)
            ]

        qtbot.waitUntil(lambda: short_rows() == [], timeout=5_000)
        assert any(table.rowHeight(r) > table.rowHeight(0) for r in range(len(dialog.rows)))  # some did wrap
    finally:
        assert install_language("en")
