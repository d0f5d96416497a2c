"""Messages of the core: a Text reads as the English f-string it replaced and keeps its template."""

from __future__ import annotations

import ast
import copy
import pickle
import string
from pathlib import Path

import pytest

from gis.errors import InputError, storage_error
from gis.importing.report import Children, ChildrenReconciliation, ImportReport
from gis.messages import Text, text, word


def test_text_is_the_formatted_english() -> None:
    message = text("new schools, {level} {group}: {sites} sites", level=word("primary"), group="grades_4_6", sites=3)
    assert message == "new schools, primary grades_4_6: 3 sites"
    assert isinstance(message, str) and isinstance(message, Text)
    assert message.template == "new schools, {level} {group}: {sites} sites"
    assert message.values["sites"] == 3
    assert isinstance(message.values["level"], Text) and message.values["level"].template == "primary"


def test_format_specs_are_kept() -> None:
    message = text("budget {amount:,.0f} 万元", amount=12345.6)
    assert message == "budget 12,346 万元"
    assert f"{message}!" == "budget 12,346 万元!"  # composed into an f-string: plain English


def test_text_survives_pickle_and_copy() -> None:
    message = text("{year}: {message}", year=2030, message=text("children projected"))
    for again in (pickle.loads(pickle.dumps(message)), copy.deepcopy(message), copy.copy(message)):
        assert again == "2030: children projected"
        assert isinstance(again, Text) and again.template == "{year}: {message}"
        assert again.values["message"].template == "children projected"


def test_text_is_a_str_everywhere() -> None:
    message = text("schools")
    assert message == "schools" and hash(message) == hash("schools")
    assert {"schools": 1}[message] == 1
    assert message.upper() == "SCHOOLS" and type(message.upper()) is str


def test_every_template_of_the_core_is_a_literal() -> None:
    # The translators' catalogue is read from the calls: a template built at run time would be missed.
    calls = 0
    for path in sorted((Path(__file__).parents[2] / "gis").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "text":
                calls += 1
                assert node.args and isinstance(node.args[0], ast.Constant), f"{path}:{node.lineno}"
                assert isinstance(node.args[0].value, str), f"{path}:{node.lineno}"
    assert calls > 400


def test_reconciliation_lines_read_as_before() -> None:
    lines = ChildrenReconciliation(
        in_files=Children(1234.4, 600.0), on_grid=Children(1200.0, 590.0), inside=Children(1100.0, 580.0)
    ).lines()
    assert lines == [
        "children in the files: 1,834 (1,234 primary, 600 junior)",
        "children on the grid: 1,790 (1,200 primary, 590 junior)",
        "children inside the county (in the project): 1,680 (1,100 primary, 580 junior)",
        "children outside the county: 154 (134 primary, 20 junior); off the grid 44, "
        "on the grid outside the township boundaries 110",
    ]
    assert lines[0].template == "children in the files: {children}"
    assert lines[0].values["children"].template == "{total:,.0f} ({primary:,.0f} primary, {junior:,.0f} junior)"


def test_findings_and_problems_keep_their_texts() -> None:
    report = ImportReport()
    report.error(text("raster has {count} band(s)", count=3), file="a.tif", where="band 4", fix=text("check the path"))
    finding = report.findings[0]
    assert isinstance(finding.problem, Text) and finding.problem.values == {"count": 3}
    assert str(finding) == "error: a.tif, band 4: raster has 3 band(s); check the path"
    with pytest.raises(InputError) as raised:
        report.raise_if_errors()
    problem = raised.value.problems[0]
    assert isinstance(problem.message, Text) and isinstance(problem.fix, Text)
    assert str(raised.value) == "a.tif, feature band 4: raster has 3 band(s); check the path"


def test_storage_error_reads_as_before(tmp_path: Path) -> None:
    error = storage_error(PermissionError(13, "Permission denied"), tmp_path / "out.csv")
    assert str(error) == (
        f"cannot write {tmp_path / 'out.csv'}: the folder is read-only or you may not write there; "
        "choose another folder or ask for write access. Nothing was changed"
    )
    assert isinstance(error.args[0], Text)


def test_every_template_gets_exactly_its_fields() -> None:
    # A field without a value fails only when the message is made, often on a rare error path.
    formatter = string.Formatter()
    for path in sorted((Path(__file__).parents[2] / "gis").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "text":
                template = node.args[0].value  # a literal: see the test above
                fields = {name for _, name, _, _ in formatter.parse(template) if name is not None}
                given = {keyword.arg for keyword in node.keywords}
                assert fields == given, f"{path}:{node.lineno}: {template!r} given {sorted(given)}"
