"""The "Rules in force" dialog: every rule of the active standards file, with its source.

:func:`rule_rows` lists the rules of a standards file (section, key, value and the source
text of :attr:`gis.standards.Standards.sources`); :class:`RulesDialog` shows them read-only
with the file's path, and loads another rules file through
:meth:`app.session.Session.set_standards` (which checks it and reports any problem through
the window's one error path, keeping the rules in force).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import notify
from app.balance import Cell, CellModel, table_view
from app.labels import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.session import Session
    from gis.standards import Standards

RULE_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("RulesDialog", "section"),
    QT_TRANSLATE_NOOP("RulesDialog", "key"),
    QT_TRANSLATE_NOOP("RulesDialog", "value"),
    QT_TRANSLATE_NOOP("RulesDialog", "source"),
)


@dataclass(frozen=True)
class RuleRow:
    """One rule of a standards file: its table (dotted), key, value as written, and source text."""

    section: str
    key: str
    value: str
    source: str

    @property
    def name(self) -> str:
        """The rule's dotted key, as in :attr:`gis.standards.Standards.sources` (``balance.quality_primary``)."""
        return f"{self.section}.{self.key}" if self.section else self.key


def rule_rows(standards: Standards) -> list[RuleRow]:
    """Every rule of the standards' file, in the file's order, with its source.

    The ``*_source`` and ``source`` entries are not rules: they give the source of the rule
    (or of every rule of their table) and fill the ``source`` column. A rule without a source
    of its own takes its table's (``[balance.standards.…] source``), else an empty text.

    Raises
    ------
    InputError
        When the file cannot be read any more.
    """
    import tomllib

    from gis.errors import InputError, Problem

    try:
        raw = tomllib.loads(Path(standards.path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(Problem(f"the rules file cannot be read ({exc})", file=standards.path)) from exc
    rows: list[RuleRow] = []

    def walk(table: dict[str, object], section: str) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                walk(value, f"{section}.{key}" if section else key)
            elif not (key.endswith("_source") or (key == "source" and section)):
                name = f"{section}.{key}" if section else key
                source = standards.sources.get(name, "")
                parent = section
                while not source and parent:
                    source = standards.sources.get(parent, "")
                    parent = parent.rpartition(".")[0]
                rows.append(RuleRow(section, key, _value_text(value), source))

    walk(raw, "")
    return rows


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value)
    return str(value)


def ask_rules_file(parent: QWidget) -> Path | None:
    """Ask for a rules file to load; None when cancelled (patched in tests)."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("RulesDialog", "Load a rules file"),
        "",
        QCoreApplication.translate("RulesDialog", "Rules files (*.toml)"),
    )
    return Path(path) if path else None


class RulesDialog(QDialog):
    """Read-only list of the rules in force, the file they come from, and a way to load another."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.rows: list[RuleRow] = []
        self.resize(980, 620)
        self.path_label = QLabel(self)
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = CellModel(RULE_COLUMNS, "RulesDialog", self)
        self.table = table_view(self.model, self)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.load_button = QPushButton(self)
        self.load_button.clicked.connect(self.ask_load)
        self.defaults_button = QPushButton(self)
        self.defaults_button.clicked.connect(self.load_defaults)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.defaults_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.path_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        session.standardsChanged.connect(self.fill)
        self.retranslate()

    @Slot()
    def fill(self) -> None:
        """List the rules in force (again)."""
        from gis.errors import InputError

        standards = self._session.current_standards()
        self.rows = []
        if standards is not None:
            try:
                self.rows = rule_rows(standards)
            except InputError as exc:
                notify.notify_error(self, self.tr("The rules file cannot be read."), str(exc))
        self._show_path(standards)
        self.model.set_rows(
            [[Cell(row.section), Cell(row.key), Cell(row.value, number=True), Cell(row.source)] for row in self.rows]
        )
        for column in range(3):
            self.table.resizeColumnToContents(column)

    def _show_path(self, standards: Standards | None) -> None:
        if standards is None:
            self.path_label.setText(self.tr("No rules are in force: the rules file cannot be read."))
        else:
            self.path_label.setText(self.tr("Rules file: {path}").format(path=standards.path))

    def row(self, name: str) -> RuleRow | None:
        """The listed rule of a dotted key (``balance.quality_primary``), or None."""
        return next((row for row in self.rows if row.name == name), None)

    @Slot()
    def ask_load(self) -> bool:
        """Ask for a rules file and make it the one in force; returns success."""
        path = ask_rules_file(self)
        return path is not None and self._session.set_standards(path)

    @Slot()
    def load_defaults(self) -> bool:
        """Go back to the bundled default rules; returns success."""
        return self._session.set_standards(None)

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Rules in force"))
        self.load_button.setText(self.tr("Load another rules file…"))
        self.defaults_button.setText(self.tr("Use the default rules"))
        self.close_button.setText(self.tr("Close"))
        self.model.retranslate()
        self.fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
