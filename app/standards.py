"""The standards plan (优质均衡达标方案) in the window: its options and its result.

:class:`StandardsPlanDialog` asks what the plan may do: a budget (none: every target at the least
cost), the county's staff posts (by the norm of the rules, or a figure), a file of the spare land
of schools for sports grounds, whether teachers may be transferred, and a time limit. The Balance
dock (:mod:`app.balance`) runs :func:`gis.usecases.run_standards_plan` with them through the task
runner and shows the result in :class:`StandardsPlanView`, a window of its own that stays open
beside the map during a meeting: the headline (cost, proven bound and gap, schools meeting the
rule and coefficients before → after), the investments per school, the teacher transfers and the
notes. Choosing the plan or one of its rows shows it on the map
(:func:`layers.highlight.standards_highlight`); the plan can be saved into the project as a
scenario. Every number comes from ``gis``.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.balance_words import FAIL, INDICATOR_TITLES, LEVEL_TITLES, PASS, Cell, CellModel, table_view
from app.labels import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.session import Session
    from gis.standards_plan import StandardsOptions, StandardsPlan
    from gis.usecases import StandardsPlanRun

CONTEXT = "StandardsPlan"

# Texts made from data, marked here so that pyside6-lupdate finds them.
ITEM_TITLES: dict[str, str] = {
    "floor_area": QT_TRANSLATE_NOOP("StandardsPlan", "teaching and auxiliary floor area"),
    "sports_ground": QT_TRANSLATE_NOOP("StandardsPlan", "sports ground"),
    "equipment": QT_TRANSLATE_NOOP("StandardsPlan", "teaching equipment"),
    "multimedia_rooms": QT_TRANSLATE_NOOP("StandardsPlan", "networked multimedia classrooms"),
    "hire_qualified": QT_TRANSLATE_NOOP("StandardsPlan", "hire teachers above the required qualification"),
    "hire_key": QT_TRANSLATE_NOOP("StandardsPlan", "hire key teachers"),
    "hire_pe_arts": QT_TRANSLATE_NOOP("StandardsPlan", "hire PE and arts teachers"),
    "train_qualified": QT_TRANSLATE_NOOP("StandardsPlan", "train teachers to above the required qualification"),
    "train_key": QT_TRANSLATE_NOOP("StandardsPlan", "train teachers into key teachers"),
    "train_pe_arts": QT_TRANSLATE_NOOP("StandardsPlan", "retrain teachers for PE and arts"),
}
UNIT_AMOUNTS: dict[str, str] = {
    "m²": QT_TRANSLATE_NOOP("StandardsPlan", "{n} m²"),
    "yuan": QT_TRANSLATE_NOOP("StandardsPlan", "{n} yuan"),
    "rooms": QT_TRANSLATE_NOOP("StandardsPlan", "{n} rooms"),
    "teachers": QT_TRANSLATE_NOOP("StandardsPlan", "{n} teachers"),
}
KIND_TITLES: dict[str, str] = {
    "qualified": QT_TRANSLATE_NOOP("StandardsPlan", "teachers above the required qualification"),
    "key": QT_TRANSLATE_NOOP("StandardsPlan", "key teachers"),
    "pe_arts": QT_TRANSLATE_NOOP("StandardsPlan", "PE and arts teachers"),
}
STATUS_TITLES: dict[str, str] = {
    "optimal": QT_TRANSLATE_NOOP("StandardsPlan", "proven optimal"),
    "time limit": QT_TRANSLATE_NOOP("StandardsPlan", "time limit reached"),
    "gap": QT_TRANSLATE_NOOP("StandardsPlan", "within the gap asked"),
}
OTHER_STATUS = QT_TRANSLATE_NOOP("StandardsPlan", "stopped early")
INVESTMENT_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("StandardsPlan", "school"),
    QT_TRANSLATE_NOOP("StandardsPlan", "investment"),
    QT_TRANSLATE_NOOP("StandardsPlan", "amount"),
    QT_TRANSLATE_NOOP("StandardsPlan", "cost (万元)"),
)
TRANSFER_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("StandardsPlan", "from"),
    QT_TRANSLATE_NOOP("StandardsPlan", "to"),
    QT_TRANSLATE_NOOP("StandardsPlan", "teachers of the kind"),
    QT_TRANSLATE_NOOP("StandardsPlan", "teachers"),
    QT_TRANSLATE_NOOP("StandardsPlan", "trip (min)"),
)
SUMMARY_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("StandardsPlan", "level"),
    QT_TRANSLATE_NOOP("StandardsPlan", "indicator"),
    QT_TRANSLATE_NOOP("StandardsPlan", "coefficient before"),
    QT_TRANSLATE_NOOP("StandardsPlan", "coefficient after"),
    QT_TRANSLATE_NOOP("StandardsPlan", "threshold"),
    QT_TRANSLATE_NOOP("StandardsPlan", "schools meeting, before → after"),
)
# The columns of the tables whose raw values tests and tools read (Qt.UserRole of the cells).
AMOUNT_COLUMN, COST_COLUMN = 2, 3
TEACHERS_COLUMN = 3
RULE = "per_school_rule"
# The status message of a plan saved (the window shows it translated, context MainWindow).
SAVED = QT_TRANSLATE_NOOP("MainWindow", "The standards plan is saved as scenario {name}; File → Save writes it.")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _figure(value: float, digits: int = 1) -> str:
    return "–" if value != value or math.isinf(value) else f"{value:,.{digits}f}"


def _chinese() -> bool:
    from app.i18n import current_language

    return current_language().startswith("zh")


def amount_text(amount: float, unit: str) -> str:
    """An investment's amount with its unit, in the current language (rooms and teachers whole)."""
    digits = 0 if unit in ("rooms", "teachers", "yuan") else 1
    template = UNIT_AMOUNTS.get(unit)
    figure = _figure(amount, digits)
    return _tr(template).format(n=figure) if template is not None else f"{figure} {unit}"


def status_text(status: str) -> str:
    """The solver's outcome in words, in the current language."""
    return _tr(STATUS_TITLES.get(status.strip().lower(), OTHER_STATUS))


@dataclass(frozen=True)
class StandardsRequest:
    """What the dialog asks for: the plan's options, and the file of the schools' spare land (None: no limit)."""

    options: StandardsOptions
    land: Path | None = None


@dataclass(frozen=True, eq=False)
class StandardsChoice:
    """What to show of a plan on the map: all of it, one school's part (``school_id``), or one transfer
    (its position in the plan's transfers)."""

    plan: StandardsPlan
    school_id: str | None = None
    transfer: int | None = None


# ----------------------------------------------------------------- the options
class StandardsPlanDialog(QDialog):
    """The options of a standards plan; OK only when they make sense (a refused value is said in words)."""

    def __init__(self, session: Session, *, scenario: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._scenario = scenario
        self.norm_posts, self.staff = self._county_figures()
        self.scenario_label = QLabel(self)
        self.scenario_label.setWordWrap(True)
        self.budget_edit = QLineEdit(self)
        self.budget_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.budget_unit = QLabel(self)
        self.posts_combo = QComboBox(self)
        self.posts_combo.addItem("", "norm")
        self.posts_combo.addItem("", "figure")
        self.posts_spin = QDoubleSpinBox(self)
        self.posts_spin.setRange(0, 1_000_000)
        self.posts_spin.setDecimals(0)
        self.posts_spin.setGroupSeparatorShown(True)
        if self.norm_posts == self.norm_posts:
            self.posts_spin.setValue(self.norm_posts)
        self.posts_combo.currentIndexChanged.connect(self._posts_chosen)
        self.posts_note = QLabel(self)
        self.posts_note.setWordWrap(True)
        self.land_edit = QLineEdit(self)
        self.land_button = QPushButton(self)
        self.land_button.clicked.connect(self.ask_land)
        self.transfers_check = QCheckBox(self)
        self.transfers_check.setChecked(True)
        self.time_spin = QSpinBox(self)
        self.time_spin.setRange(5, 3600)
        self.time_spin.setSingleStep(30)
        self.time_spin.setValue(300)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {FAIL.name()};")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.budget_title, self.posts_title, self.land_title = QLabel(self), QLabel(self), QLabel(self)
        self.transfers_title, self.time_title = QLabel(self), QLabel(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.budget_title, _row(self.budget_edit, self.budget_unit))
        form.addRow(self.posts_title, _row(self.posts_combo, self.posts_spin))
        form.addRow("", self.posts_note)
        form.addRow(self.land_title, _row(self.land_edit, self.land_button))
        form.addRow(self.transfers_title, self.transfers_check)
        form.addRow(self.time_title, _row(self.time_spin, stretch=True))
        layout = QVBoxLayout(self)
        layout.addWidget(self.scenario_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate()
        self._posts_chosen()

    def _county_figures(self) -> tuple[float, float]:
        """The staff posts by the norm for the recorded pupils, and the teachers now (NaN when unknown)."""
        project, standards = self._session.project, self._session.current_standards()
        if project is None or standards is None:
            return math.nan, math.nan
        try:
            from gis.balance import level_pupils
            from gis.standards_plan import staff_posts

            schools = project.schools
            return staff_posts(schools, level_pupils(schools), standards), float(schools["teachers"].sum())
        except Exception:  # a column missing: the plan itself reports it when run
            return math.nan, math.nan

    @Slot()
    def _posts_chosen(self, *_args: object) -> None:
        self.posts_spin.setEnabled(self.posts_combo.currentData() == "figure")

    @Slot()
    def ask_land(self) -> None:
        """Choose the file of the schools' spare land."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Spare land of schools"), "", self.tr("Tables (*.csv *.xlsx);;All files (*)")
        )
        if path:
            self.land_edit.setText(path)

    def request(self) -> StandardsRequest:
        """The options as given.

        Raises
        ------
        ValueError
            With the words to show, if a value is refused.
        """
        from gis.standards_plan import StandardsOptions

        typed = self.budget_edit.text()
        cleaned = typed.strip().replace(",", "").replace("，", "").replace(" ", "")
        budget: float | None = None
        if cleaned:
            try:
                budget = float(cleaned)
            except ValueError:
                budget = math.nan
            if not math.isfinite(budget):
                raise ValueError(
                    self.tr(
                        "Budget: {value} is not a number. Give the budget in 万元, e.g. 5000, or leave it empty."
                    ).format(value=typed.strip())
                )
            if budget < 0:
                raise ValueError(
                    self.tr(
                        "Budget: {value} is below zero. Give 0 or more 万元, or leave it empty to reach "
                        "every target at the least cost."
                    ).format(value=typed.strip())
                )
        posts = self.posts_spin.value() if self.posts_combo.currentData() == "figure" else None
        land_text = self.land_edit.text().strip()
        land = Path(land_text) if land_text else None
        if land is not None and not land.is_file():
            raise ValueError(
                self.tr("Spare land: the file {path} does not exist. Choose the file again, or leave it empty.").format(
                    path=land_text
                )
            )
        options = StandardsOptions(
            budget=budget,
            posts=posts,
            time_limit=float(self.time_spin.value()),
            transfers=self.transfers_check.isChecked(),
        )
        return StandardsRequest(options, land)

    def accept(self) -> None:
        """Close with OK, unless a value is refused (then said under the form)."""
        try:
            self.request()
        except ValueError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.error_label.hide()
        super().accept()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Standards plan"))
        name = self._scenario
        self.scenario_label.setText(
            self.tr(
                "The cheapest investments and teacher transfers that bring every school and the county up to "
                "the quality-balance standards, planned on {what}."
            ).format(what=self.tr("the baseline") if name is None else self.tr("scenario {name}").format(name=name))
        )
        self.budget_title.setText(self.tr("Budget"))
        self.budget_unit.setText(self.tr("万元"))
        self.budget_edit.setPlaceholderText(self.tr("none: every target at the least cost"))
        self.budget_edit.setToolTip(
            self.tr("Empty: the least cost that reaches every target; a figure: the most targets within it")
        )
        self.posts_title.setText(self.tr("Staff posts"))
        self.posts_combo.setItemText(0, self.tr("By the norm ({posts})").format(posts=_figure(self.norm_posts, 0)))
        self.posts_combo.setItemText(1, self.tr("A figure"))
        self.posts_note.setText(
            self.tr(
                "The norm: one post per {primary} primary or {junior} junior pupils (small schools by class); "
                "teachers now: {staff}."
            ).format(
                primary=self._norm("primary"),
                junior=self._norm("junior"),
                staff=_figure(self.staff, 0),
            )
        )
        self.land_title.setText(self.tr("Spare land"))
        self.land_edit.setPlaceholderText(self.tr("no file: no limit to the sports ground added"))
        self.land_button.setText(self.tr("Choose…"))
        self.transfers_check.setText(self.tr("Allow teacher transfers between schools (交流轮岗)"))
        self.transfers_title.setText(self.tr("Transfers"))
        self.time_title.setText(self.tr("Time limit"))
        self.time_spin.setSuffix(self.tr(" s"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText(self.tr("Make the plan"))

    def _norm(self, level: str) -> str:
        standards = self._session.current_standards()
        value = standards.teachers.pupils_per_post.get(level, math.nan) if standards is not None else math.nan
        return "–" if value != value else f"{value:g}"

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# ----------------------------------------------------------------- the result
class StandardsPlanView(QDialog):
    """A standards plan: its headline, investments, transfers, coefficients and notes (a window of its own)."""

    choiceMade = Signal(object)  # a StandardsChoice: what to show on the map
    scenarioSaved = Signal(str)  # the plan was added to the project as this scenario

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setModal(False)
        self._session = session
        self.run: StandardsPlanRun | None = None
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_model = CellModel(SUMMARY_COLUMNS, CONTEXT, self)
        self.summary_table = table_view(self.summary_model, self)
        self.summary_table.setWordWrap(False)
        self.investment_model = CellModel(INVESTMENT_COLUMNS, CONTEXT, self)
        self.investment_table = table_view(self.investment_model, self)
        self.investment_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.investment_table.selectionModel().selectionChanged.connect(self._investment_chosen)
        self.transfer_model = CellModel(TRANSFER_COLUMNS, CONTEXT, self)
        self.transfer_table = table_view(self.transfer_model, self)
        self.transfer_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.transfer_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.transfer_table.selectionModel().selectionChanged.connect(self._transfer_chosen)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.investment_table, "")
        self.tabs.addTab(self.transfer_table, "")
        self.tabs.addTab(self.notes, "")
        self.map_button = QPushButton(self)
        self.map_button.clicked.connect(self.show_all)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(lambda: self.save_scenario())
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.summary_table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.map_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(1100, 760)
        self.retranslate()

    @property
    def plan(self) -> StandardsPlan | None:
        """The plan shown, or None."""
        return self.run.plan if self.run is not None else None

    def set_run(self, run: StandardsPlanRun | None) -> None:
        """Show another plan (None: none) and put all of it on the map."""
        self.run = run
        self._fill()
        if run is not None:
            self.show_all()

    # ----------------------------------------------------------------- the map
    @Slot()
    def show_all(self) -> None:
        """Show the whole plan on the map (its schools and every transfer)."""
        self.investment_table.clearSelection()
        self.transfer_table.clearSelection()
        if self.plan is not None:
            self.choiceMade.emit(StandardsChoice(self.plan))

    @Slot(QItemSelection, QItemSelection)
    def _investment_chosen(self, *_args: object) -> None:
        rows = self.investment_table.selectionModel().selectedRows()
        if self.plan is None or not rows:
            return
        self.transfer_table.selectionModel().clearSelection()
        code = str(self.investment_model.rows[rows[0].row()][0].value)
        self._session.select_school(code)
        self.choiceMade.emit(StandardsChoice(self.plan, school_id=code))

    @Slot(QItemSelection, QItemSelection)
    def _transfer_chosen(self, *_args: object) -> None:
        rows = self.transfer_table.selectionModel().selectedRows()
        if self.plan is None or not rows:
            return
        self.investment_table.selectionModel().clearSelection()
        self.choiceMade.emit(StandardsChoice(self.plan, transfer=rows[0].row()))

    # ----------------------------------------------------------------- saving
    def save_scenario(self, name: str | None = None) -> str | None:
        """Add the plan to the project as a scenario (the scenario it was made on, then the plan's edits).

        ``name`` None: asked. The project is then modified; File → Save writes it (never half a
        file). Returns the name given, made unique, or None.
        """
        from app.planning import unique_name

        run, project = self.run, self._session.project
        if run is None or project is None:
            return None
        if name is None:
            name, ok = QInputDialog.getText(
                self, self.tr("Save as scenario"), self.tr("Name of the scenario:"), text=self.tr("standards plan")
            )
            if not ok or not name.strip():
                return None
        name = unique_name(name.strip(), {s.name for s in project.scenarios})
        self._session.update_project(project.with_scenario(run.scenario(name)))
        self._session.set_status(SAVED, name=name)
        self.scenarioSaved.emit(name)
        return name

    # ----------------------------------------------------------------- filling
    def _fill(self) -> None:
        self._show_headline()
        self._show_summary()
        self._show_investments()
        self._show_transfers()
        self._show_notes()
        self.map_button.setEnabled(self.plan is not None)
        self.save_button.setEnabled(self.plan is not None and self._session.project is not None)

    def _show_headline(self) -> None:
        run, plan = self.run, self.plan
        if run is None or plan is None:
            self.headline.setText(html.escape(self.tr("No standards plan made yet.")))
            return
        where = self.tr("the baseline") if run.base is None else self.tr("scenario {name}").format(name=run.base.name)
        if run.year is not None:
            where = self.tr("{where}, pupils of {year}").format(where=where, year=run.year)
        title = html.escape(self.tr("Standards plan on {where}").format(where=where))
        lines = [f"<span style='font-size: large; font-weight: bold;'>{title}</span>"]
        if plan.mode == "budget":
            head = self.tr(
                "Cost {cost} 万元 within the budget of {budget} 万元: {reached} of {total} targets reached; "
                "no plan within the budget reaches more than {bound} (proven), gap {gap} % ({status})."
            ).format(
                cost=_figure(plan.cost),
                budget=_figure(plan.budget if plan.budget is not None else math.nan),
                reached=plan.targets_reached,
                total=plan.targets_total,
                bound=_figure(plan.bound, 0),
                gap=_figure(100 * plan.gap, 2),
                status=status_text(plan.status),
            )
        else:
            head = self.tr(
                "Cost {cost} 万元; no plan reaching every target costs less than {bound} 万元 (proven), "
                "gap {gap} % ({status}). Targets reached: {reached} of {total}."
            ).format(
                cost=_figure(plan.cost),
                bound=_figure(plan.bound),
                gap=_figure(100 * plan.gap, 2),
                status=status_text(plan.status),
                reached=plan.targets_reached,
                total=plan.targets_total,
            )
        lines.append(html.escape(head))
        rules = []
        for level, before, after in self.schools_meeting():
            rules.append(
                self.tr("{level}: {before} → {after} schools meet the rule").format(
                    level=_balance(LEVEL_TITLES[level]) if level in LEVEL_TITLES else level, before=before, after=after
                )
            )
        if rules:
            lines.append(html.escape(("；" if _chinese() else "; ").join(rules)))
        lines.append(
            html.escape(
                self.tr(
                    "Teachers hired: {hired} (staff {staff} for {posts} posts); {moved} transferred; "
                    "{investments} investments at {schools} schools."
                ).format(
                    hired=plan.hired,
                    staff=_figure(plan.staff, 0),
                    posts=_figure(plan.posts, 0),
                    moved=_figure(float(plan.transfers["teachers"].sum()) if len(plan.transfers) else 0.0, 0),
                    investments=len(plan.investments),
                    schools=plan.investments["school_id"].nunique() if len(plan.investments) else 0,
                )
            )
        )
        self.headline.setText("<br>".join(lines))

    def schools_meeting(self) -> list[tuple[str, int, int]]:
        """The schools meeting the per-school rule before and after, per level (as shown)."""
        plan = self.plan
        if plan is None:
            return []
        rows = plan.summary[plan.summary["indicator"] == RULE]
        return [
            (str(r.level), int(r.schools_meeting_before), int(r.schools_meeting_after))
            for r in rows.itertuples(index=False)
        ]

    def _show_summary(self) -> None:
        plan = self.plan
        out: list[list[Cell]] = []
        if plan is not None:
            for r in plan.summary.itertuples(index=False):
                level = str(r.level)
                level_text = _balance(LEVEL_TITLES[level]) if level in LEVEL_TITLES else level
                rule = str(r.indicator) == RULE
                indicator = (
                    self.tr("Schools meeting the rule (six of seven, the rest at 85 %)")
                    if rule
                    else _balance(INDICATOR_TITLES.get(str(r.indicator), str(r.indicator)))
                )
                before, after, threshold = float(r.coefficient_before), float(r.coefficient_after), float(r.threshold)
                passes = None if rule or threshold != threshold else after <= threshold + 1e-12
                colour = None if passes is None else (PASS if passes else FAIL)
                meeting = f"{int(r.schools_meeting_before)} → {int(r.schools_meeting_after)}"
                out.append(
                    [
                        Cell(level_text, level, bold=rule),
                        Cell(indicator, str(r.indicator), bold=rule),
                        Cell(_figure(before, 3), before, number=True, bold=rule),
                        Cell(_figure(after, 3), after, colour=colour, number=True, bold=rule),
                        Cell(_figure(threshold, 2), threshold, number=True, bold=rule),
                        Cell(
                            meeting,
                            f"{int(r.schools_meeting_before)}:{int(r.schools_meeting_after)}",
                            number=True,
                            bold=rule,
                        ),
                    ]
                )
        self.summary_model.set_rows(out)
        self.summary_table.resizeColumnsToContents()
        self.summary_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _show_investments(self) -> None:
        plan = self.plan
        out: list[list[Cell]] = []
        if plan is not None:
            for r in plan.investments.itertuples(index=False):
                item, unit = str(r.item), str(r.unit)
                out.append(
                    [
                        Cell(str(r.name), str(r.school_id), tooltip=f"{r.name} ({r.school_id})"),
                        Cell(_tr(ITEM_TITLES[item]) if item in ITEM_TITLES else item, item),
                        Cell(amount_text(float(r.amount), unit), float(r.amount), number=True),
                        Cell(_figure(float(r.cost), 2), float(r.cost), number=True),
                    ]
                )
        self.investment_model.set_rows(out)
        self.investment_table.resizeColumnsToContents()

    def _show_transfers(self) -> None:
        plan = self.plan
        out: list[list[Cell]] = []
        if plan is not None:
            for r in plan.transfers.itertuples(index=False):
                kind = str(r.kind)
                out.append(
                    [
                        Cell(str(r.from_name), str(r.from_school), tooltip=f"{r.from_name} ({r.from_school})"),
                        Cell(str(r.to_name), str(r.to_school), tooltip=f"{r.to_name} ({r.to_school})"),
                        Cell(_tr(KIND_TITLES[kind]) if kind in KIND_TITLES else kind, kind),
                        Cell(_figure(float(r.teachers), 0), float(r.teachers), number=True),
                        Cell(_figure(float(r.commute_min), 0), float(r.commute_min), number=True),
                    ]
                )
        self.transfer_model.set_rows(out)
        self.transfer_table.resizeColumnsToContents()

    def _show_notes(self) -> None:
        from app.core_text import translate_core

        plan = self.plan
        if plan is None:
            self.notes.clear()
            return
        notes = [translate_core(n) for n in plan.notes]
        items = "".join(f"<li>{html.escape(n[:1].upper() + n[1:])}</li>" for n in notes)
        self.notes.setText(f"<ul>{items}</ul>" if items else html.escape(self.tr("No notes.")))

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Standards plan"))
        self.tabs.setTabText(0, self.tr("Investments"))
        self.tabs.setTabText(1, self.tr("Teacher transfers"))
        self.tabs.setTabText(2, self.tr("Notes"))
        self.map_button.setText(self.tr("Whole plan on the map"))
        self.save_button.setText(self.tr("Save as scenario…"))
        self.save_button.setToolTip(
            self.tr("Add the plan to the project as a scenario (the resources it adds, school by school)")
        )
        self.close_button.setText(self.tr("Close"))
        for model in (self.summary_model, self.investment_model, self.transfer_model):
            model.retranslate()
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _balance(text: str) -> str:
    """A text of the Balance dock (its indicators), translated in its context."""
    return QCoreApplication.translate("Balance", text)


def _row(*widgets: QWidget, stretch: bool = False) -> QWidget:
    """Widgets side by side, without margins (``stretch``: kept to the left)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return row
