"""The planning panels: suggestions from the analysis, and scenarios edited on the map and compared.

:class:`SuggestionPanel` runs :func:`gis.suggest.suggest` on the window's analysis and lists
the suggestions; one can be added to the project as a scenario. :class:`ScenarioPanel` lists
the project's scenarios and their edits, adds edits (close the selected school, place a new
school with a click on the map) and compares a scenario with the baseline
(:func:`gis.usecases.evaluate_scenario` and :func:`gis.compare.compare`). Both are thin: the
work is done by ``gis``, long work runs through the task runner (:mod:`app.tasks`: worker
thread, progress bar, Cancel), and errors go to :func:`app.notify.notify_error`. The panels
read and change the session (:mod:`app.session`): the suggestions and the comparison are kept
there, and the project's scenarios are edited through it.

The map's clicks (WGS84 latitude and longitude, :meth:`app.bridge.MapBridge.mapClicked`) reach
:meth:`ScenarioPanel.map_clicked`, which projects them to the project's CRS.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import notify
from app.core_text import error_text
from app.labels import QT_TRANSLATE_NOOP, SCHOOL_TYPES, school_type_title

if TYPE_CHECKING:
    from app.session import Session
    from app.tasks import TaskRunner
    from gis.compare import Comparison
    from gis.edits import AddResources, Edit, Scenario
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.suggest import Suggestion, Suggestions

CONTEXT = "Planning"

# Texts made from data, marked here so that pyside6-lupdate finds them.
ACTION_TITLES: dict[str, str] = {
    "close": QT_TRANSLATE_NOOP("Planning", "close"),
    "merge": QT_TRANSLATE_NOOP("Planning", "merge"),
    "to_teaching_point": QT_TRANSLATE_NOOP("Planning", "keep as teaching point"),
    "new_day_school": QT_TRANSLATE_NOOP("Planning", "new day school"),
    "new_boarding_school": QT_TRANSLATE_NOOP("Planning", "new boarding school"),
}
LEVEL_TITLES: dict[str, str] = {
    "grades_1_3": QT_TRANSLATE_NOOP("Planning", "grades 1–3"),
    "primary": QT_TRANSLATE_NOOP("Planning", "primary"),
    "junior": QT_TRANSLATE_NOOP("Planning", "junior"),
    "schools": QT_TRANSLATE_NOOP("Planning", "schools"),
    "boarding": QT_TRANSLATE_NOOP("Planning", "boarding"),
}
# The figures of gis.compare.county_figures: label, and +1 when more is better, -1 when less is.
METRICS: dict[str, tuple[str, int]] = {
    "children": (QT_TRANSLATE_NOOP("Planning", "children"), 0),
    "share_within_threshold": (QT_TRANSLATE_NOOP("Planning", "share within the rule"), 1),
    "children_beyond_threshold": (QT_TRANSLATE_NOOP("Planning", "children beyond the rule"), -1),
    "mean_travel_min": (QT_TRANSLATE_NOOP("Planning", "mean trip (min)"), -1),
    "p95_travel_min": (QT_TRANSLATE_NOOP("Planning", "95th percentile trip (min)"), -1),
    "max_travel_min": (QT_TRANSLATE_NOOP("Planning", "longest trip (min)"), -1),
    "children_overflow": (QT_TRANSLATE_NOOP("Planning", "children not placed"), -1),
    "assigned_mean_travel_min": (QT_TRANSLATE_NOOP("Planning", "mean assigned trip (min)"), -1),
    "schools": (QT_TRANSLATE_NOOP("Planning", "schools"), 0),
    "seats": (QT_TRANSLATE_NOOP("Planning", "seats"), 0),
    "boarding_demand": (QT_TRANSLATE_NOOP("Planning", "pupils who must board"), 0),
    "schools_over_capacity": (QT_TRANSLATE_NOOP("Planning", "schools over capacity"), -1),
    "children_without_seat": (QT_TRANSLATE_NOOP("Planning", "children without a seat"), -1),
    "large_classes": (QT_TRANSLATE_NOOP("Planning", "large classes"), -1),
    "very_large_classes": (QT_TRANSLATE_NOOP("Planning", "very large classes"), -1),
    "total": (QT_TRANSLATE_NOOP("Planning", "total"), 0),
    "small": (QT_TRANSLATE_NOOP("Planning", "small schools"), -1),
    "beds": (QT_TRANSLATE_NOOP("Planning", "beds"), 0),
    "demand": (QT_TRANSLATE_NOOP("Planning", "beds needed"), 0),
    "beds_short": (QT_TRANSLATE_NOOP("Planning", "beds short"), -1),
    # The balance assessment's figures (gis.balance.county_balance_figures), on the recorded enrolment.
    "schools_failing_standards": (QT_TRANSLATE_NOOP("Planning", "schools below the quality standards"), -1),
    "recorded_classes_over_standard": (QT_TRANSLATE_NOOP("Planning", "classes over the standard size"), -1),
    "recorded_large_classes": (QT_TRANSLATE_NOOP("Planning", "large classes (recorded classes)"), -1),
    "recorded_very_large_classes": (QT_TRANSLATE_NOOP("Planning", "very large classes (recorded classes)"), -1),
    "recorded_beds_short": (QT_TRANSLATE_NOOP("Planning", "beds short of the recorded boarders"), -1),
    "over_size_cap": (QT_TRANSLATE_NOOP("Planning", "schools over the size cap"), -1),
}
SUGGESTION_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Planning", "id"),
    QT_TRANSLATE_NOOP("Planning", "action"),
    QT_TRANSLATE_NOOP("Planning", "level"),
    QT_TRANSLATE_NOOP("Planning", "schools"),
    QT_TRANSLATE_NOOP("Planning", "children affected"),
    QT_TRANSLATE_NOOP("Planning", "mean trip before → after (min)"),
    QT_TRANSLATE_NOOP("Planning", "worst trip after (min)"),
    QT_TRANSLATE_NOOP("Planning", "new boarders"),
    QT_TRANSLATE_NOOP("Planning", "seats"),
    QT_TRANSLATE_NOOP("Planning", "beds"),
)
COMPARISON_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Planning", "metric"),
    QT_TRANSLATE_NOOP("Planning", "baseline"),
    QT_TRANSLATE_NOOP("Planning", "scenario"),
    QT_TRANSLATE_NOOP("Planning", "change"),
)
# What an AddResources edit adds, field by field ({n}: the amount), and the edit in words.
RESOURCE_TITLES: dict[str, str] = {
    "floor_area_m2": QT_TRANSLATE_NOOP("Planning", "teaching and auxiliary floor area {n} m²"),
    "sports_area_m2": QT_TRANSLATE_NOOP("Planning", "sports ground {n} m²"),
    "equipment_value_yuan": QT_TRANSLATE_NOOP("Planning", "teaching equipment worth {n} yuan"),
    "multimedia_rooms": QT_TRANSLATE_NOOP("Planning", "networked multimedia classrooms: {n}"),
    "teachers": QT_TRANSLATE_NOOP("Planning", "teachers: {n}"),
    "teachers_qualified": QT_TRANSLATE_NOOP("Planning", "teachers above the required qualification: {n}"),
    "key_teachers": QT_TRANSLATE_NOOP("Planning", "key teachers: {n}"),
    "pe_arts_teachers": QT_TRANSLATE_NOOP("Planning", "PE and arts teachers: {n}"),
}
# The status messages of the long work started here and while a new school is placed (in English:
# the window shows them translated).
SUGGESTING = QT_TRANSLATE_NOOP("MainWindow", "Looking for suggestions…")
COMPARING = QT_TRANSLATE_NOOP("MainWindow", "Evaluating the scenario…")
PLACING = QT_TRANSLATE_NOOP("ScenarioPanel", "Click the map where the new school should be.")
BETTER, WORSE = QColor("#1a7f37"), QColor("#c62828")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _notify(parent: QWidget, message: str, details: str = "") -> None:
    """The window's one error path (looked up on each call, so that tests can patch it)."""
    notify.notify_error(parent, message, details)


# ----------------------------------------------------------------- words
def _number(value: float, digits: int = 1) -> str:
    if value != value:
        return "–"
    if math.isinf(value):
        return "∞"
    return f"{value:,.{digits}f}"


def metric_label(name: str) -> str:
    """A figure of :func:`gis.compare.county_figures` (``level.metric``) in words, in the current language.

    Balance coefficients (``balance.<level>.<method>.<indicator>``) are named as in the
    Balance panel.
    """
    parts = name.split(".")
    if parts[0] == "balance" and len(parts) == 4:
        from app.balance_words import COMPOSITE_TITLES, INDICATOR_TITLES, METHOD_TITLES
        from app.balance_words import LEVEL_TITLES as BALANCE_LEVELS

        _, lv, method, indicator = parts
        title = INDICATOR_TITLES.get(indicator) or COMPOSITE_TITLES.get(method)
        if lv in BALANCE_LEVELS and method in METHOD_TITLES and title:
            words = [
                QCoreApplication.translate("Balance", t) for t in (BALANCE_LEVELS[lv], METHOD_TITLES[method], title)
            ]
            return QCoreApplication.translate("Planning", "{level}, {method}: {indicator}").format(
                level=words[0], method=words[1], indicator=words[2]
            )
    level, metric = _level_metric(name)
    if metric not in METRICS or level not in LEVEL_TITLES:
        return name
    return QCoreApplication.translate("Planning", "{level}: {metric}").format(
        level=_tr(LEVEL_TITLES[level]), metric=_tr(METRICS[metric][0])
    )


def _level_metric(name: str) -> tuple[str, str]:
    """The level and the key of :data:`METRICS` of a figure's name (``classes.primary.large_classes``
    → ``primary``, ``recorded_large_classes``; ``balance.junior.schools_failing_standards`` →
    ``junior``, ``schools_failing_standards``)."""
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "classes":
        return parts[1], f"recorded_{parts[2]}"
    if len(parts) == 3 and parts[0] == "balance":
        return parts[1], parts[2]
    level, _, metric = name.partition(".")
    return level, metric


def metric_direction(name: str) -> int:
    """+1 when more of a figure is better, -1 when less is, 0 when it depends.

    Balance coefficients (``balance.<level>.<method>.<indicator>``) are better lower.
    """
    if name.startswith("balance.") and name.count(".") == 3:
        return -1
    return METRICS.get(_level_metric(name)[1], ("", 0))[1]


def _school_names(project: Project | None, scenario: Scenario | None = None) -> dict[str, str]:
    names: dict[str, str] = {}
    if project is not None:
        names = dict(zip(project.schools["school_id"].astype(str), project.schools["name"].astype(str), strict=True))
    if scenario is not None:
        from gis.edits import Open

        names.update({e.school_id: e.name for e in scenario.edits if isinstance(e, Open)})
    return names


def describe_edit(edit: Edit, names: dict[str, str]) -> str:
    """One edit of a scenario in words, in the current language."""
    from gis.edits import AddResources, ChangeGrades, Close, ConvertToBoarding, Merge, Open, SetCapacity

    def school(code: str) -> str:
        return f"{names[code]} ({code})" if code in names else code

    if isinstance(edit, Close):
        return QCoreApplication.translate("Planning", "Close {school}").format(school=school(edit.school_id))
    if isinstance(edit, Merge):
        text = QCoreApplication.translate("Planning", "Merge {schools} into {school}").format(
            schools=", ".join(school(s) for s in edit.school_ids if s != edit.into), school=school(edit.into)
        )
        return text + (
            QCoreApplication.translate("Planning", ", named {name}").format(name=edit.name) if edit.name else ""
        )
    if isinstance(edit, Open):
        kind = school_type_title(edit.type)
        return QCoreApplication.translate(
            "Planning",
            "Open {kind} {name} ({code}) at x {x}, y {y}: {primary} primary seats, {junior} junior seats, {beds} beds",
        ).format(
            kind=kind,
            name=edit.name,
            code=edit.school_id,
            x=f"{edit.x:.0f}",
            y=f"{edit.y:.0f}",
            primary=edit.capacity_primary,
            junior=edit.capacity_junior,
            beds=edit.boarding_beds,
        )
    if isinstance(edit, SetCapacity):
        unchanged = QCoreApplication.translate("Planning", "unchanged")
        return QCoreApplication.translate(
            "Planning", "Set the seats of {school}: primary {primary}, junior {junior}"
        ).format(
            school=school(edit.school_id),
            primary=unchanged if edit.capacity_primary is None else edit.capacity_primary,
            junior=unchanged if edit.capacity_junior is None else edit.capacity_junior,
        )
    if isinstance(edit, ConvertToBoarding):
        return QCoreApplication.translate("Planning", "Make {school} a boarding school with {beds} beds").format(
            school=school(edit.school_id), beds=edit.beds
        )
    if isinstance(edit, ChangeGrades):
        return QCoreApplication.translate("Planning", "{school} teaches grades {first}–{last}").format(
            school=school(edit.school_id), first=edit.grade_min, last=edit.grade_max
        )
    if isinstance(edit, AddResources):
        return _describe_resources(edit, school(edit.school_id))
    return str(edit)


def _describe_resources(edit: AddResources, school: str) -> str:
    """An :class:`~gis.edits.AddResources` edit in words: what it adds and what it takes away."""
    more: list[str] = []
    fewer: list[str] = []
    for field, amount in edit.amounts().items():
        title = RESOURCE_TITLES.get(field)
        if title is None:
            continue
        digits = 1 if field in ("floor_area_m2", "sports_area_m2") else 0
        part = QCoreApplication.translate("Planning", title).format(n=f"{abs(amount):,.{digits}f}")
        (more if amount > 0 else fewer).append(part)
    comma = QCoreApplication.translate("Planning", ", ")
    parts = []
    if more:
        parts.append(QCoreApplication.translate("Planning", "add {what}").format(what=comma.join(more)))
    if fewer:
        parts.append(QCoreApplication.translate("Planning", "take away {what}").format(what=comma.join(fewer)))
    return QCoreApplication.translate("Planning", "{school}: {changes}").format(
        school=school, changes=QCoreApplication.translate("Planning", "; ").join(parts)
    )


def unique_name(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted (2)``, ``wanted (3)``… whichever is not taken."""
    name, k = wanted, 2
    while name in taken:
        name, k = f"{wanted} ({k})", k + 1
    return name


def new_school_code(project: Project, scenario: Scenario) -> str:
    """A code for a new school that neither the project nor the scenario uses (``NEW-01``, ``NEW-02``…)."""
    from gis.edits import Open

    taken = set(project.schools["school_id"].astype(str)) | {e.school_id for e in scenario.edits if isinstance(e, Open)}
    k = 1
    while f"NEW-{k:02d}" in taken:
        k += 1
    return f"NEW-{k:02d}"


# ----------------------------------------------------------------- dialogs (patched in tests)
@dataclass(frozen=True)
class NewSchool:
    """What the planner gives for a new school."""

    name: str
    type: str
    capacity_primary: int
    capacity_junior: int
    boarding_beds: int


class NewSchoolDialog(QDialog):
    """Asks the name, type, seats and beds of a new school; OK only when they make sense."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New school"))
        self.name_edit = QLineEdit(name, self)
        self.type_box = QComboBox(self)
        for key, title in SCHOOL_TYPES.items():
            self.type_box.addItem(QCoreApplication.translate("SchoolDetails", title), key)
        self.primary_box = QSpinBox(self)
        self.junior_box = QSpinBox(self)
        self.beds_box = QSpinBox(self)
        for box in (self.primary_box, self.junior_box, self.beds_box):
            box.setRange(0, 10_000)
            box.setSingleStep(10)
        self.primary_box.setValue(60)
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet("color: #c62828")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Type"), self.type_box)
        form.addRow(self.tr("Primary seats"), self.primary_box)
        form.addRow(self.tr("Junior seats"), self.junior_box)
        form.addRow(self.tr("Boarding beds"), self.beds_box)
        form.addRow(self.problem_label)
        form.addRow(self.buttons)
        for signal in (self.name_edit.textChanged, self.type_box.currentIndexChanged):
            signal.connect(self._check)
        for box in (self.primary_box, self.junior_box):
            box.valueChanged.connect(self._check)
        self._check()

    def school(self) -> NewSchool:
        """The school as entered (seats of the levels the type does not teach are zero)."""
        from gis.schema import TYPE_GRADES

        kind = str(self.type_box.currentData())
        lo, hi = TYPE_GRADES[kind]
        return NewSchool(
            self.name_edit.text().strip(),
            kind,
            self.primary_box.value() if lo <= 6 else 0,
            self.junior_box.value() if hi >= 7 else 0,
            self.beds_box.value(),
        )

    def problem(self) -> str:
        """What is wrong with the entry, in words, or ``""``."""
        from gis.schema import TYPE_GRADES

        lo, hi = TYPE_GRADES[str(self.type_box.currentData())]
        self.primary_box.setEnabled(lo <= 6)
        self.junior_box.setEnabled(hi >= 7)
        school = self.school()
        if not school.name:
            return self.tr("Give the school a name.")
        if school.capacity_primary + school.capacity_junior <= 0:
            return self.tr("Give the school some seats.")
        return ""

    @Slot()
    def _check(self, *_args: object) -> None:
        problem = self.problem()
        self.problem_label.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


def ask_new_school(parent: QWidget, *, name: str = "") -> NewSchool | None:
    """Ask for a new school's name, type, seats and beds; None when cancelled."""
    dialog = NewSchoolDialog(parent, name=name)
    return dialog.school() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """Ask for a line of text; None when cancelled or empty."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value.strip() if ok and value.strip() else None


def table_item(text: str, value: object = None, *, number: bool = False) -> QTableWidgetItem:
    """A read-only table cell: its text, the raw value behind it (user role), numbers right-aligned."""
    item = QTableWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, value)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


# ----------------------------------------------------------------- suggestions
class SuggestionPanel(QWidget):
    """The Planning dock: suggestions from the current analysis, each addable as a scenario."""

    suggestionsShown = Signal()
    scenarioAdded = Signal(str)
    suggestionSelected = Signal(object)  # the selected Suggestion, or None: shown on the map

    def __init__(self, session: Session, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.suggest_button = QPushButton(self)
        self.suggest_button.clicked.connect(self.suggest)
        self.apply_button = QPushButton(self)
        self.apply_button.clicked.connect(self.apply_selected)
        self.info_label = QLabel(self)
        self.info_label.setWordWrap(True)
        self.table = QTableWidget(0, len(SUGGESTION_COLUMNS), self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._show_rationale)
        # Only a change of the selection reaches the map (not a language change, which shows it again).
        self.table.itemSelectionChanged.connect(lambda: self.suggestionSelected.emit(self.selected()))
        self.rationale_label = QLabel(self)
        self.rationale_label.setTextFormat(Qt.TextFormat.RichText)
        self.rationale_label.setWordWrap(True)
        self.rationale_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rationale_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        buttons = QHBoxLayout()
        buttons.addWidget(self.suggest_button)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.info_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rationale_label)
        session.projectLoaded.connect(self._fill)
        session.suggestionsChanged.connect(self._fill)
        session.analysisChanged.connect(self.update_actions)
        session.analysisChanged.connect(self._show_info)  # the hint to run the analysis goes
        runner.busyChanged.connect(self.update_actions)
        self.retranslate()

    @property
    def suggestions(self) -> Suggestions | None:
        """The suggestions listed (the session's), or None before any is made."""
        return self._session.suggestions

    # -- state
    def selected(self) -> Suggestion | None:
        """The suggestion of the selected row, or None."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if self.suggestions is None or not rows:
            return None
        item = self.table.item(min(rows), 0)
        return None if item is None else self.suggestions.get(str(item.data(Qt.ItemDataRole.UserRole)))

    def select(self, suggestion_id: str) -> bool:
        """Select the row of a suggestion; returns whether it is listed."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == suggestion_id:
                self.table.selectRow(row)
                return True
        return False

    @Slot()
    def update_actions(self, *_args: object) -> None:
        """Enable what can be done now."""
        session = self._session
        self.suggest_button.setEnabled(session.analysis is not None and not self._runner.is_running)
        self.apply_button.setEnabled(self.selected() is not None and session.project is not None)

    # -- actions
    @Slot()
    def suggest(self) -> bool:
        """Run :func:`gis.suggest.suggest` on the window's analysis in a worker; returns whether it started."""
        analysis = self._session.analysis
        if analysis is None:
            return False

        def work(progress: ProgressFn, cancel: CancelFn) -> Suggestions:
            from gis.suggest import suggest

            return suggest(analysis, progress=progress, cancel=cancel)

        def done(result: object) -> None:
            if self._session.analysis is not analysis:
                return  # another project was opened meanwhile
            self._session.set_suggestions(result)  # type: ignore[arg-type]
            self.suggestionsShown.emit()

        task = self._runner.run(
            work, done, status=SUGGESTING, error=self.tr("The suggestions failed: {message}"), owner=self
        )
        return task is not None

    @Slot()
    def apply_selected(self) -> str | None:
        """Add the selected suggestion to the project as a scenario; returns the scenario's name."""
        suggestion, project = self.selected(), self._session.project
        if suggestion is None or project is None:
            return None
        wanted = f"{suggestion.id} {_tr(ACTION_TITLES.get(suggestion.action, suggestion.action))}"
        name = unique_name(wanted, {s.name for s in project.scenarios})
        self._session.update_project(project.with_scenario(suggestion.scenario(name)))
        self.scenarioAdded.emit(name)
        return name

    # -- views
    @Slot()
    def _fill(self) -> None:
        selected = self.selected()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        items = self.suggestions.items if self.suggestions is not None else ()
        self.table.setRowCount(len(items))
        for row, s in enumerate(items):
            schools = "; ".join(s.school_names) or "; ".join(site.name for site in s.sites)
            cells = [
                table_item(s.id, s.id),
                table_item(_tr(ACTION_TITLES.get(s.action, s.action)), s.action),
                table_item(_tr(LEVEL_TITLES.get(s.level, s.level)), s.level),
                table_item(schools, s.school_ids),
                table_item(_number(s.children_affected, 0), s.children_affected, number=True),
                table_item(
                    f"{_number(s.mean_before_min)} → {_number(s.mean_after_min)}", s.mean_after_min, number=True
                ),
                table_item(_number(s.worst_after_min), s.worst_after_min, number=True),
                table_item(_number(s.new_boarders, 0), s.new_boarders, number=True),
                table_item(f"{s.seats_needed:,}", s.seats_needed, number=True),
                table_item(f"{s.beds_needed:,}", s.beds_needed, number=True),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        if selected is not None:
            self.select(selected.id)
        self.table.blockSignals(False)
        self._show_info()
        self._show_rationale()

    @Slot()
    def _show_info(self) -> None:
        if self.suggestions is None:
            text = self.tr("Run the analysis, then ask for suggestions.") if self._session.analysis is None else ""
        else:
            text = self.tr("{count} suggestions").format(count=len(self.suggestions.items))
            if self.suggestions.notes:
                from app.core_text import translate_core

                self.info_label.setToolTip("\n".join(translate_core(note) for note in self.suggestions.notes))
        self.info_label.setText(text)

    @Slot()
    def _show_rationale(self) -> None:
        from app.i18n import current_language

        suggestion = self.selected()
        if suggestion is None:
            self.rationale_label.setText(self.tr("Select a suggestion to see why it is made."))
        else:
            why = html.escape(suggestion.rationale(current_language()), quote=False)
            self.rationale_label.setText(f"<b>{html.escape(suggestion.id)}</b> {why}")
        self.update_actions()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.suggest_button.setText(self.tr("Suggest"))
        self.suggest_button.setToolTip(self.tr("Suggest closures, mergers and new schools from the analysis"))
        self.apply_button.setText(self.tr("Apply as scenario"))
        self.table.setHorizontalHeaderLabels([_tr(title) for title in SUGGESTION_COLUMNS])
        if self.suggestions is not None:
            self._fill()
        else:
            self._show_info()
            self._show_rationale()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# ----------------------------------------------------------------- scenarios
class ScenarioPanel(QWidget):
    """The Scenarios dock: the project's scenarios and their edits, edited on the map; Compare fills the comparison."""

    comparisonShown = Signal()
    placingChanged = Signal(bool)
    editSelected = Signal(object, object)  # (the scenario, its selected Edit) or (scenario, None): shown on the map

    def __init__(
        self, session: Session, runner: TaskRunner, *, map_clicks: bool = False, parent: QWidget | None = None
    ) -> None:
        """A panel on ``session``; ``map_clicks``: whether clicks on the map reach :meth:`map_clicked`."""
        super().__init__(parent)
        self._session, self._runner, self._map_clicks = session, runner, map_clicks
        self.placing = False
        self._to_project: tuple[str, object] | None = None  # (crs, pyproj Transformer from WGS84)
        self.scenario_list = QListWidget(self)
        self.scenario_list.currentItemChanged.connect(self._scenario_selected)
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self.ask_new_scenario)
        self.rename_button = QPushButton(self)
        self.rename_button.clicked.connect(self.ask_rename)
        self.delete_button = QPushButton(self)
        self.delete_button.clicked.connect(self.delete_scenario)
        self.edit_list = QListWidget(self)
        self.edit_list.setWordWrap(True)
        self.edit_list.currentRowChanged.connect(self.update_actions)
        self.edit_list.currentRowChanged.connect(self._edit_selected)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close_selected_school)
        self.place_button = QPushButton(self)
        self.place_button.setCheckable(True)
        self.place_button.toggled.connect(self.set_placing)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_selected_edit)
        self.compare_button = QPushButton(self)
        self.compare_button.clicked.connect(self.compare)

        scenario_buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.delete_button):
            scenario_buttons.addWidget(button)
        edit_buttons = QHBoxLayout()
        for button in (self.close_button, self.place_button, self.remove_button):
            edit_buttons.addWidget(button)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.scenario_list, 1)
        top_layout.addLayout(scenario_buttons)
        top_layout.addWidget(self.edit_list, 2)
        top_layout.addLayout(edit_buttons)
        top_layout.addWidget(self.compare_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top)
        session.projectLoaded.connect(self._project_loaded)
        session.projectChanged.connect(self._fill_scenarios)
        session.schoolSelected.connect(self.update_actions)
        runner.busyChanged.connect(self.update_actions)
        self.retranslate()

    @property
    def comparison(self) -> Comparison | None:
        """The comparison shown (the session's), or None before any is made."""
        return self._session.comparison

    # -- state
    def current_name(self) -> str | None:
        """The name of the selected scenario, or None."""
        item = self.scenario_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def current(self) -> Scenario | None:
        """The selected scenario, or None."""
        name, project = self.current_name(), self._session.project
        if name is None or project is None:
            return None
        return next((s for s in project.scenarios if s.name == name), None)

    def select_scenario(self, name: str) -> bool:
        """Make a scenario the selected one; returns whether it is listed."""
        for row in range(self.scenario_list.count()):
            if self.scenario_list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.scenario_list.setCurrentRow(row)
                return True
        return False

    @Slot()
    def update_actions(self, *_args: object) -> None:
        """Enable what can be done now."""
        session = self._session
        scenario = self.current()
        busy = self._runner.is_running
        self.new_button.setEnabled(session.project is not None)
        self.rename_button.setEnabled(scenario is not None)
        self.delete_button.setEnabled(scenario is not None)
        self.close_button.setEnabled(scenario is not None and session.selected_school is not None)
        self.place_button.setEnabled(scenario is not None and self._map_clicks)
        self.remove_button.setEnabled(scenario is not None and self.edit_list.currentRow() >= 0)
        self.compare_button.setEnabled(scenario is not None and not busy)
        if scenario is None and self.placing:
            self.set_placing(False)

    # -- scenarios
    def _change(self, project: Project, select: str | None = None) -> None:
        self._session.update_project(project)  # refills the list through projectChanged
        if select is not None:
            self.select_scenario(select)

    @Slot()
    def ask_new_scenario(self) -> str | None:
        """Ask a name and add an empty scenario; returns its name."""
        project = self._session.project
        if project is None:
            return None
        taken = {s.name for s in project.scenarios}
        name = ask_text(self, self.tr("New scenario"), self.tr("Name:"), unique_name(self.tr("Scenario"), taken))
        if name is None:
            return None
        return self.new_scenario(name)

    def new_scenario(self, name: str) -> str | None:
        """Add an empty scenario (a name in use gets a number); returns its name."""
        from gis.edits import Scenario

        project = self._session.project
        if project is None:
            return None
        name = unique_name(name, {s.name for s in project.scenarios})
        self._change(project.with_scenario(Scenario(name)), name)
        return name

    @Slot()
    def ask_rename(self) -> str | None:
        """Ask a new name for the selected scenario."""
        scenario = self.current()
        if scenario is None:
            return None
        name = ask_text(self, self.tr("Rename scenario"), self.tr("Name:"), scenario.name)
        return None if name is None else self.rename_scenario(name)

    def rename_scenario(self, name: str) -> str | None:
        """Rename the selected scenario, keeping its place in the list (a name in use gets a number)."""
        from gis.edits import Scenario

        scenario, project = self.current(), self._session.project
        if scenario is None or project is None or name == scenario.name:
            return None if scenario is None else scenario.name
        name = unique_name(name, {s.name for s in project.scenarios})
        renamed = Scenario(name, scenario.edits, scenario.description)
        scenarios = tuple(renamed if s.name == scenario.name else s for s in project.scenarios)
        self._change(project.with_layers(scenarios=scenarios), name)
        return name

    @Slot()
    def delete_scenario(self) -> bool:
        """Delete the selected scenario."""
        scenario, project = self.current(), self._session.project
        if scenario is None or project is None:
            return False
        row = self.scenario_list.currentRow()
        self._change(project.without_scenario(scenario.name))
        self.scenario_list.setCurrentRow(min(row, self.scenario_list.count() - 1))
        return True

    # -- edits
    def add_edit(self, edit: Edit) -> bool:
        """Add an edit to the selected scenario if the scenario still applies; problems go to the notification."""
        from gis.errors import InputError
        from gis.scenario import apply_scenario

        scenario, project = self.current(), self._session.project
        if scenario is None or project is None:
            return False
        edited = scenario.with_edits(edit)
        try:
            apply_scenario(project, edited)
        except InputError as exc:
            _notify(self, self.tr("The edit cannot be made."), error_text(exc))
            return False
        self._change(project.with_scenario(edited), edited.name)
        self.edit_list.setCurrentRow(self.edit_list.count() - 1)
        return True

    @Slot()
    def close_selected_school(self) -> bool:
        """Add the closure of the school selected on the map or in the school table."""
        from gis.edits import Close

        code = self._session.selected_school
        return code is not None and self.add_edit(Close(code))

    @Slot()
    def remove_selected_edit(self) -> bool:
        """Remove the selected edit from the scenario."""
        from gis.edits import Scenario

        scenario, project, row = self.current(), self._session.project, self.edit_list.currentRow()
        if scenario is None or project is None or not 0 <= row < len(scenario.edits):
            return False
        edits = scenario.edits[:row] + scenario.edits[row + 1 :]
        self._change(project.with_scenario(Scenario(scenario.name, edits, scenario.description)), scenario.name)
        self.edit_list.setCurrentRow(min(row, self.edit_list.count() - 1))
        return True

    @Slot(bool)
    def set_placing(self, on: bool) -> None:
        """Start or stop "place new school": the next click on the map is the new school's site."""
        on = bool(on) and self.current() is not None
        self.placing = on
        if self.place_button.isChecked() != on:
            self.place_button.blockSignals(True)
            self.place_button.setChecked(on)
            self.place_button.blockSignals(False)
        if on:
            self._session.set_status(PLACING, context="ScenarioPanel")
        self.placingChanged.emit(on)  # the map shows a crosshair meanwhile

    def to_project(self, lat: float, lon: float) -> tuple[float, float]:
        """A WGS84 point (the map's) in the project's CRS."""
        from pyproj import Transformer

        project = self._session.project
        assert project is not None
        if self._to_project is None or self._to_project[0] != project.crs:
            self._to_project = (project.crs, Transformer.from_crs("EPSG:4326", project.crs, always_xy=True))
        x, y = self._to_project[1].transform(lon, lat)  # type: ignore[attr-defined]
        return float(x), float(y)

    @Slot(float, float)
    def map_clicked(self, lat: float, lon: float) -> bool:
        """A click on the map: while placing, ask for the new school there and add it; returns whether added."""
        from gis.edits import Open

        if not self.placing:
            return False
        self.set_placing(False)
        scenario, project = self.current(), self._session.project
        if scenario is None or project is None:
            return False
        x, y = self.to_project(lat, lon)
        school = ask_new_school(self, name=self.tr("New school"))
        if school is None:
            return False
        code = new_school_code(project, scenario)
        edit = Open(
            code,
            school.name,
            x,
            y,
            school.type,
            capacity_primary=school.capacity_primary,
            capacity_junior=school.capacity_junior,
            boarding_beds=school.boarding_beds,
        )
        return self.add_edit(edit)

    # -- comparison
    @Slot()
    def compare(self) -> bool:
        """Evaluate the baseline (unless analysed already) and the scenario in a worker and show the comparison."""
        scenario, project = self.current(), self._session.project
        if scenario is None or project is None:
            return False
        analysis = self._session.analysis
        baseline = analysis if analysis is not None and analysis.project.schools is project.schools else None
        standards = self._session.current_standards()

        def work(progress: ProgressFn, cancel: CancelFn) -> Comparison:
            from gis.standards import load_standards
            from gis.usecases import run_scenario

            rules = baseline.standards if baseline is not None else standards or load_standards()
            run = run_scenario(project, scenario, rules, baseline=baseline, progress=progress, cancel=cancel)
            return run.comparison()

        def done(result: object) -> None:
            now = self._session.project
            if now is None or now.schools is not project.schools:
                return  # another project was opened meanwhile
            self._session.set_comparison(result)  # type: ignore[arg-type]
            self.comparisonShown.emit()

        task = self._runner.run(
            work, done, status=COMPARING, error=self.tr("The scenario cannot be evaluated: {message}"), owner=self
        )
        return task is not None

    # -- views
    @Slot()
    def _project_loaded(self) -> None:
        self.set_placing(False)
        self._fill_scenarios()

    @Slot()
    def _fill_scenarios(self) -> None:
        current = self.current_name()
        project = self._session.project
        self.scenario_list.blockSignals(True)
        self.scenario_list.clear()
        for scenario in project.scenarios if project is not None else ():
            item = QListWidgetItem(scenario.name)
            item.setData(Qt.ItemDataRole.UserRole, scenario.name)
            item.setToolTip(scenario.description)
            self.scenario_list.addItem(item)
            if scenario.name == current:
                self.scenario_list.setCurrentItem(item)
        self.scenario_list.blockSignals(False)
        self._fill_edits()

    @Slot()
    def _scenario_selected(self, *_args: object) -> None:
        self._fill_edits()

    def selected_edit(self) -> Edit | None:
        """The edit selected in the list, or None."""
        scenario, row = self.current(), self.edit_list.currentRow()
        return scenario.edits[row] if scenario is not None and 0 <= row < len(scenario.edits) else None

    @Slot()
    def _edit_selected(self, *_args: object) -> None:
        self.editSelected.emit(self.current(), self.selected_edit())

    def edit_texts(self) -> list[str]:
        """The edits of the selected scenario in words, as listed."""
        return [self.edit_list.item(row).text() for row in range(self.edit_list.count())]

    def _fill_edits(self) -> None:
        scenario = self.current()
        row = self.edit_list.currentRow()
        self.edit_list.blockSignals(True)
        self.edit_list.clear()
        if scenario is not None:
            names = _school_names(self._session.project, scenario)
            for edit in scenario.edits:
                self.edit_list.addItem(describe_edit(edit, names))
            if 0 <= row < self.edit_list.count():
                self.edit_list.setCurrentRow(row)
        self.edit_list.blockSignals(False)
        self.update_actions()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.new_button.setText(self.tr("New"))
        self.rename_button.setText(self.tr("Rename"))
        self.delete_button.setText(self.tr("Delete"))
        self.close_button.setText(self.tr("Close selected school"))
        self.close_button.setToolTip(self.tr("Close the school selected on the map or in the school table"))
        self.place_button.setText(self.tr("Place new school"))
        self.place_button.setToolTip(self.tr("Click the map where the new school should be"))
        self.remove_button.setText(self.tr("Remove edit"))
        self.compare_button.setText(self.tr("Compare with the baseline"))
        self._fill_edits()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
