"""The Plan dock (布局规划): the county plan within a budget, its actions by year and what money buys.

:class:`PlanPanel` takes the plan's inputs (first and last year, the total and yearly budget in
万元, the objective: the default weights or the terms in an order of priority, the solver's time
limit) and runs :func:`app.plan_run.make_plan` (:func:`gis.plan.county_plan`) through the task
runner, with its own progress bar and Cancel and the status bar's; the GUI thread never waits.
The children of the years ahead are forecast with the inputs of the forecast made in the
Enrolment forecast dock, if one was made (its births and enrolment history files, variant and
migration), else from the project's children.

The dock shows the solver's value, proven bound and gap, the actions grouped by year with each
year's totals (the reason for an action, in the window's language, below the table and as its
tooltip), and, once the plan is shown, the plan re-solved for a range of total budgets
(:func:`app.plan_run.compare_budgets`, a second task) in the chart of what each budget buys that
``schoolplan plan`` prints (:func:`layers.plan_charts.pareto_figure`: drawn in the worker, shown
scaled as the Forecast dock shows its charts, drawn again when the language changes).
A click on an action selects its school (the map outlines it, the school table and details
follow) and sends the action with its year's plan state (:attr:`PlanPanel.actionChosen`): the
window has the map highlight what it touches (:func:`layers.highlight.plan_action_highlight`, the
catchments before and after, a merger's receiving school, a new site) and fit to it. A click on a
year rings the places of its actions (:attr:`PlanPanel.placesChosen`, connected to
:meth:`app.mapview.MapView.show_places`). *Save as scenarios* adds the state after each year
(``plan-2026`` …) to the project as scenarios, as a suggestion is added: the Scenarios dock lists and
compares them, and saving the project writes them. Errors go to :func:`app.notify.notify_error`.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import notify
from app.forecast import ChartView
from app.labels import QT_TRANSLATE_NOOP, style_language
from app.layouts import side_by_side
from app.mapview import Place
from app.plan_run import PlanInputs, PlanRun, default_plan_years, parse_budget

if TYPE_CHECKING:
    from app.plan_run import BudgetsRun
    from app.session import Session
    from app.tasks import Task, TaskRunner
    from gis.plan import CountyPlan, PlanAction
    from gis.progress import CancelFn, ProgressFn

CONTEXT = "PlanPanel"
TERMS = ("beyond", "unplaced", "large", "travel", "cost")  # gis.plan.TERMS, in its order (checked by the tests)
# Texts made from data, marked here so that pyside6-lupdate finds them.
ACTION_TITLES: dict[str, str] = {
    "new_teaching_point": QT_TRANSLATE_NOOP("PlanPanel", "new teaching point"),
    "new_school": QT_TRANSLATE_NOOP("PlanPanel", "new school"),
    "new_boarding_school": QT_TRANSLATE_NOOP("PlanPanel", "new boarding school"),
    "expand": QT_TRANSLATE_NOOP("PlanPanel", "add classrooms"),
    "convert": QT_TRANSLATE_NOOP("PlanPanel", "becomes a boarding school"),
    "beds": QT_TRANSLATE_NOOP("PlanPanel", "add boarding beds"),
    "teaching_point": QT_TRANSLATE_NOOP("PlanPanel", "keep as teaching point"),
    "merge": QT_TRANSLATE_NOOP("PlanPanel", "merge into another school"),
    "close": QT_TRANSLATE_NOOP("PlanPanel", "close"),
}
NEW_KINDS = frozenset({"new_teaching_point", "new_school", "new_boarding_school"})
# The objective terms, worded as in the printed plan (layers.glossary's plan_term.*).
TERM_TITLES: dict[str, str] = {
    "beyond": QT_TRANSLATE_NOOP("PlanPanel", "Grades 1–3 beyond the walking rule (child-years)"),
    "unplaced": QT_TRANSLATE_NOOP("PlanPanel", "Pupils without a seat or a bed (pupil-years)"),
    "large": QT_TRANSLATE_NOOP("PlanPanel", "Pupils beyond the large-class lines (pupil-years)"),
    "travel": QT_TRANSLATE_NOOP("PlanPanel", "Time on the way to school (thousand pupil-minutes)"),
    "cost": QT_TRANSLATE_NOOP("PlanPanel", "Capital and change of running cost (万元)"),
    "weighted": QT_TRANSLATE_NOOP("PlanPanel", "Weighted objective"),
}
# The solver's outcomes (HiGHS's model status), in words.
STATUS_TITLES: dict[str, str] = {
    "Optimal": QT_TRANSLATE_NOOP("PlanPanel", "proven optimal"),
    "Time limit reached": QT_TRANSLATE_NOOP("PlanPanel", "time limit reached"),
    "Solution limit reached": QT_TRANSLATE_NOOP("PlanPanel", "solution limit reached"),
    "Iteration limit reached": QT_TRANSLATE_NOOP("PlanPanel", "iteration limit reached"),
    "Interrupted by user": QT_TRANSLATE_NOOP("PlanPanel", "interrupted"),
}
OTHER_STATUS = QT_TRANSLATE_NOOP("PlanPanel", "stopped early")
COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("PlanPanel", "year and action"),
    QT_TRANSLATE_NOOP("PlanPanel", "school"),
    QT_TRANSLATE_NOOP("PlanPanel", "seats"),
    QT_TRANSLATE_NOOP("PlanPanel", "beds"),
    QT_TRANSLATE_NOOP("PlanPanel", "capital (万元)"),
    QT_TRANSLATE_NOOP("PlanPanel", "loss without it"),
)
NUMBER_COLUMNS = (2, 3, 4, 5)
# The status messages of the plan and of the budgets, in English (shown through the window's translation).
PLANNING = QT_TRANSLATE_NOOP("MainWindow", "Planning the county's schools…")
DONE = QT_TRANSLATE_NOOP("MainWindow", "County plan done.")
FAILED = QT_TRANSLATE_NOOP("MainWindow", "The plan failed; the previous results are kept.")
CANCELLED = QT_TRANSLATE_NOOP("MainWindow", "Plan cancelled; the previous results are kept.")
BUDGETS = QT_TRANSLATE_NOOP("MainWindow", "Comparing budgets for the plan…")
BUDGETS_DONE = QT_TRANSLATE_NOOP("MainWindow", "Budgets compared.")
BUDGETS_FAILED = QT_TRANSLATE_NOOP("MainWindow", "The budgets could not be compared; the plan is kept.")
BUDGETS_CANCELLED = QT_TRANSLATE_NOOP("MainWindow", "Budgets not compared (cancelled); the plan is kept.")
SAVED = QT_TRANSLATE_NOOP(
    "PlanPanel", "The plan is in the project as the scenarios {first} … {last}; save the project to keep them."
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def action_title(kind: str) -> str:
    """A kind of plan action in words, in the current language."""
    return _tr(ACTION_TITLES[kind]) if kind in ACTION_TITLES else kind


def _money(value: float) -> str:
    return "–" if value != value else f"{value + 0.0:,.1f}"


def _count(value: float) -> str:
    return f"{round(value) + 0:,}"


class PlanPanel(QWidget):
    """The Plan dock: its inputs, Run and Cancel, the bound and gap, the actions by year and the budgets chart."""

    planShown = Signal()  # a new plan is shown
    budgetsShown = Signal()  # the budgets chart of the plan shown is drawn
    placesChosen = Signal(object)  # tuple[app.mapview.Place, ...]: the places of the action clicked
    # The action clicked and its plan (whose scenario of the year says what it does): shown on the map.
    actionChosen = Signal(object, object)
    scenariosSaved = Signal(str)  # the plan's scenarios were added to the project: the first one's name

    def __init__(self, session: Session, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.run_shown: PlanRun | None = None
        self.budgets: BudgetsRun | None = None
        self._chart_image: tuple[BudgetsRun, str, QImage] | None = None  # the budgets, the language, the chart
        self._task: Task | None = None
        self._budgets_wanted: PlanRun | None = None  # the plan whose budgets wait for the runner
        self._stage = ""
        self._build()
        session.projectLoaded.connect(self._project_loaded)
        session.forecastChanged.connect(self._show_source)
        runner.busyChanged.connect(self._busy_changed)
        self.retranslate()
        self._project_loaded()

    # ----------------------------------------------------------------- building
    def _build(self) -> None:
        self.first_year, self.last_year = QSpinBox(), QSpinBox()
        for box in (self.first_year, self.last_year):
            box.setRange(1950, 2150)
        self.first_year.valueChanged.connect(lambda value: self.last_year.setMinimum(value))
        self.years_dash = QLabel("–")
        self.total_edit, self.per_year_edit = QLineEdit(), QLineEdit()
        for edit in (self.total_edit, self.per_year_edit):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(140)
        self.total_unit, self.per_year_unit = QLabel("万元"), QLabel("万元")
        self.objective_combo = QComboBox()
        self.objective_combo.addItem("", "weighted")
        self.objective_combo.addItem("", "order")
        self.objective_combo.currentIndexChanged.connect(self._objective_changed)
        self.order_list = QListWidget()
        self.order_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.order_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for term in TERMS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, term)
            self.order_list.addItem(item)
        self.up_button, self.down_button = QToolButton(), QToolButton()
        self.up_button.setText("↑")
        self.down_button.setText("↓")
        self.up_button.clicked.connect(lambda: self._move_term(-1))
        self.down_button.clicked.connect(lambda: self._move_term(1))
        self.time_limit = QSpinBox()
        self.time_limit.setRange(5, 3600)
        self.time_limit.setValue(120)
        self.time_limit.setSingleStep(30)
        self.budget_steps = QSpinBox()
        self.budget_steps.setRange(0, 10)
        self.budget_steps.setValue(4)
        self.worth_check = QCheckBox()
        self.worth_check.setChecked(True)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.run_button, self.cancel_button = QPushButton(), QPushButton()
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_label = QLabel()
        self.bound_label = QLabel()
        self.bound_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_scenarios)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.years_title, self.total_title, self.per_year_title = QLabel(), QLabel(), QLabel()
        self.objective_title, self.time_title, self.steps_title = QLabel(), QLabel(), QLabel()
        form.addRow(self.years_title, side_by_side(self.first_year, self.years_dash, self.last_year, stretch=True))
        form.addRow(self.total_title, side_by_side(self.total_edit, self.total_unit, stretch=True))
        form.addRow(self.per_year_title, side_by_side(self.per_year_edit, self.per_year_unit, stretch=True))
        form.addRow(self.objective_title, self.objective_combo)
        arrows = QWidget()
        arrows_layout = QVBoxLayout(arrows)
        arrows_layout.setContentsMargins(0, 0, 0, 0)
        arrows_layout.addWidget(self.up_button)
        arrows_layout.addWidget(self.down_button)
        arrows_layout.addStretch(1)
        self.order_row = side_by_side(self.order_list, arrows)
        form.addRow("", self.order_row)
        form.addRow(self.time_title, side_by_side(self.time_limit, self.worth_check, stretch=True))
        form.addRow(self.steps_title, side_by_side(self.budget_steps, stretch=True))
        form.addRow(self.source_label)
        form.addRow(side_by_side(self.run_button, self.cancel_button, self.save_button, stretch=True))
        form.addRow(side_by_side(self.progress_bar, self.progress_label))
        inputs = QWidget()
        inputs.setLayout(form)
        left = QScrollArea()
        left.setWidgetResizable(True)
        left.setWidget(inputs)
        left.setFrameShape(QScrollArea.Shape.NoFrame)
        left.setMinimumWidth(340)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemClicked.connect(self._item_clicked)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.RichText)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        actions_page = QWidget()
        actions_layout = QVBoxLayout(actions_page)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        actions_layout.addWidget(self.summary_label)
        actions_layout.addWidget(self.bound_label)
        actions_layout.addWidget(self.tree, 1)
        actions_layout.addWidget(self.detail_label)

        self.chart = ChartView("whole")

        self.tabs = QTabWidget()
        self.tabs.addTab(actions_page, "")
        self.tabs.addTab(self.chart, "")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self._objective_changed()

    # ----------------------------------------------------------------- inputs
    def inputs(self) -> PlanInputs:
        """The inputs as chosen in the dock.

        Raises
        ------
        InputError
            If a budget is not a number.
        """
        order = None
        if self.objective_combo.currentData() == "order":
            order = tuple(
                str(self.order_list.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(self.order_list.count())
            )
        run = self._session.forecast
        forecast = run.inputs if run is not None else None
        return PlanInputs(
            first=self.first_year.value(),
            last=self.last_year.value(),
            total=parse_budget(self.total_edit.text(), field=self.tr("Total budget")),
            per_year=parse_budget(self.per_year_edit.text(), field=self.tr("Budget per year")),
            order=order,
            time_limit=float(self.time_limit.value()),
            worth=self.worth_check.isChecked(),
            budget_steps=self.budget_steps.value(),
            births=forecast.births if forecast is not None else None,
            history=forecast.history if forecast is not None else (),
            variant=forecast.variant if forecast is not None else "medium",
            migration=forecast.migration if forecast is not None else True,
        )

    def set_order(self, terms: tuple[str, ...] | list[str]) -> None:
        """Plan with the terms in this order of priority (those left out follow in the default order)."""
        wanted = [t for t in terms if t in TERMS] + [t for t in TERMS if t not in terms]
        self.order_list.clear()
        for term in wanted:
            item = QListWidgetItem(_tr(TERM_TITLES[term]))
            item.setData(Qt.ItemDataRole.UserRole, term)
            self.order_list.addItem(item)
        self.objective_combo.setCurrentIndex(1)

    def _move_term(self, step: int) -> None:
        row = self.order_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.order_list.count():
            return
        item = self.order_list.takeItem(row)
        self.order_list.insertItem(target, item)
        self.order_list.setCurrentRow(target)

    @Slot()
    def _objective_changed(self, *_args: object) -> None:
        ordered = self.objective_combo.currentData() == "order"
        self.order_row.setVisible(ordered)
        for widget in (self.order_list, self.up_button, self.down_button):
            widget.setEnabled(ordered)

    @Slot()
    def _project_loaded(self) -> None:
        """Another project: its default years, no plan shown."""
        project = self._session.project
        if project is not None:
            first, last = default_plan_years(project)
            self.last_year.setMinimum(self.first_year.minimum())
            self.first_year.setValue(first)
            self.last_year.setValue(last)
        self.run_shown, self.budgets, self._budgets_wanted = None, None, None
        self._show_plan()

    @Slot()
    def _show_source(self) -> None:
        run = self._session.forecast
        if run is None:
            self.source_label.setText(
                self.tr(
                    "Children of the years ahead: forecast from the project's children with the rules' migration. "
                    "Make a forecast in the Enrolment forecast dock to plan with its births and enrolment history."
                )
            )
            self.source_label.setToolTip("")
            return
        files = [p.name for p in (*([run.inputs.births] if run.inputs.births else []), *run.inputs.history)]
        self.source_label.setText(
            self.tr("Children of the years ahead: forecast as in the Enrolment forecast dock ({files}).").format(
                files="; ".join(files) if files else self.tr("no births or history files")
            )
        )
        self.source_label.setToolTip("\n".join(str(p) for p in (run.inputs.births, *run.inputs.history) if p))

    # ----------------------------------------------------------------- running
    @property
    def is_running(self) -> bool:
        """Whether a plan or its budgets are being made by this dock."""
        return self._task is not None

    @property
    def plan(self) -> CountyPlan | None:
        """The plan shown, or None."""
        return self.run_shown.plan if self.run_shown is not None else None

    @Slot()
    def run(self) -> bool:
        """Make the plan in a worker; returns whether it started (a budget that is not a number is reported)."""
        from gis.errors import InputError

        project, runner = self._session.project, self._runner
        if project is None or runner.is_running:
            return False
        try:
            inputs = self.inputs()
        except InputError as exc:
            notify.notify_error(self, self.tr("The plan cannot be made: {message}").format(message=exc))
            return False
        standards = self._session.current_standards()
        if standards is None:
            return False

        def work(progress: ProgressFn, cancel: CancelFn) -> CountyPlan:
            from app.plan_run import make_plan

            return make_plan(project, standards, inputs, progress=progress, cancel=cancel)

        def done(plan: object) -> None:
            if self._session.project is project:  # else another project was opened meanwhile
                self._done(PlanRun(inputs, plan, project))  # type: ignore[arg-type]

        self._budgets_wanted = None
        self._task = runner.run(
            work,
            done,
            status=PLANNING,
            error=self.tr("The plan cannot be made: {message}"),
            on_progress=self._progressed,
            on_finished=self._finished,
            owner=self,
            done_status=DONE,
            failed_status=FAILED,
            cancelled_status=CANCELLED,
        )
        if self._task is not None:
            self._started("plan")
        return self._task is not None

    def _compare_budgets(self) -> bool:
        """Re-solve the plan shown for a range of budgets in a worker (once the runner is free)."""
        run = self._budgets_wanted
        if run is None or self._runner.is_running or self._task is not None:
            return False
        if run is not self.run_shown:
            self._budgets_wanted = None
            return False
        plan, steps, time_limit = run.plan, run.inputs.budget_steps, run.inputs.time_limit
        language = style_language()

        def work(progress: ProgressFn, cancel: CancelFn) -> tuple[BudgetsRun, QImage | None]:
            from app.plan_run import compare_budgets

            budgets = compare_budgets(
                plan, steps=steps, time_limit=time_limit, language=language, progress=progress, cancel=cancel
            )
            return budgets, None if budgets.chart is None else _decode(budgets.chart)

        def done(result: object) -> None:
            if self.run_shown is run:
                made: tuple[BudgetsRun, QImage | None] = result  # type: ignore[assignment]
                budgets, image = made
                self.budgets = budgets
                if image is not None:
                    self._chart_image = (budgets, language, image)
                self._show_budgets()
                self.budgetsShown.emit()

        def cancelled() -> None:
            if self.run_shown is run:
                self.chart.set_text(self.tr("The budgets were not compared (cancelled)."))

        self._budgets_wanted = None
        self._task = self._runner.run(
            work,
            done,
            status=BUDGETS,
            error=self.tr("The budgets cannot be compared: {message}"),
            on_progress=self._progressed,
            on_cancelled=cancelled,
            on_finished=self._finished,
            owner=self,
            done_status=BUDGETS_DONE,
            failed_status=BUDGETS_FAILED,
            cancelled_status=BUDGETS_CANCELLED,
        )
        if self._task is None:
            self._budgets_wanted = run
            return False
        self.chart.set_text(self.tr("Comparing budgets…"))
        self._started("budgets")
        return True

    @Slot()
    def cancel(self) -> None:
        """Stop the plan or the comparison of budgets being made; the previous results stay."""
        if self._task is not None:
            from app.tasks import CANCELLING

            self._task.cancel()
            self._session.set_status(CANCELLING)

    def _started(self, stage: str) -> None:
        self._stage = stage  # "plan" or "budgets"
        self.progress_bar.setValue(0)
        self._show_stage()
        self._update_buttons()

    def _show_stage(self) -> None:
        stages = {"plan": self.tr("Planning…"), "budgets": self.tr("Comparing budgets…")}
        self.progress_label.setText(stages.get(self._stage, ""))

    def _progressed(self, fraction: float, _message: str) -> None:
        self.progress_bar.setValue(round(fraction * 1000))

    def _finished(self) -> None:
        self._task, self._stage = None, ""
        self._show_stage()
        self.progress_bar.setValue(0)
        self._update_buttons()
        self._compare_budgets()

    def _done(self, run: PlanRun) -> None:
        self.run_shown, self.budgets = run, None
        self._budgets_wanted = run if run.inputs.budget_steps > 0 and run.plan.actions else None
        self._show_plan()
        self.planShown.emit()

    @Slot(bool)
    def _busy_changed(self, busy: bool) -> None:
        self._update_buttons()
        if not busy:
            self._compare_budgets()

    def _update_buttons(self) -> None:
        project, busy = self._session.project, self._runner.is_running
        self.run_button.setEnabled(project is not None and not busy)
        self.cancel_button.setEnabled(self._task is not None)
        self.save_button.setEnabled(self.run_shown is not None and project is not None)
        self.progress_bar.setVisible(self._task is not None)

    # ----------------------------------------------------------------- scenarios
    @Slot()
    def save_scenarios(self) -> tuple[str, ...]:
        """Add the plan's scenarios (the state after each year, ``plan-2026`` …) to the project.

        A scenario of the same name is replaced. The project is then modified: saving it writes
        them (File → Save). Returns their names.
        """
        run, project = self.run_shown, self._session.project
        if run is None or project is None or not run.plan.scenarios:
            return ()
        for scenario in run.plan.scenarios:
            project = project.with_scenario(scenario)
        self._session.update_project(project)
        names = tuple(s.name for s in run.plan.scenarios)
        self._session.set_status(SAVED, context=CONTEXT, first=names[0], last=names[-1])
        self.scenariosSaved.emit(names[0])
        return names

    # ----------------------------------------------------------------- the results
    def _show_plan(self) -> None:
        self._fill_tree()
        self._show_bound()
        self._show_summary()
        self._show_budgets()
        self._show_detail()
        self._show_source()
        self._update_buttons()

    def _fill_tree(self) -> None:
        self.tree.clear()
        plan = self.plan
        if plan is None:
            return
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for year in plan.years:
            numbered = [(k, a) for k, a in enumerate(plan.actions) if a.year == year]
            cells = [
                str(year),
                self.tr("{count} actions").format(count=len(numbered)),
                _count(sum(a.seats for _k, a in numbered)),
                _count(sum(a.beds for _k, a in numbered)),
                _money(sum(a.capital_cost for _k, a in numbered)),
                "",
            ]
            top = QTreeWidgetItem(cells)
            top.setData(0, Qt.ItemDataRole.UserRole, ("year", year))
            top.setData(4, Qt.ItemDataRole.UserRole, sum(a.capital_cost for _k, a in numbered))
            for column in range(len(COLUMNS)):
                top.setFont(column, bold)
            self.tree.addTopLevelItem(top)
            for k, action in numbered:
                item = QTreeWidgetItem(
                    [
                        action_title(action.action),
                        action.name,
                        _count(action.seats) if action.seats else "",
                        _count(action.beds) if action.beds else "",
                        _money(action.capital_cost),
                        _money(action.worth),
                    ]
                )
                item.setData(0, Qt.ItemDataRole.UserRole, ("action", k))
                item.setData(4, Qt.ItemDataRole.UserRole, action.capital_cost)
                why = self._rationale(action)
                for column in range(len(COLUMNS)):
                    item.setToolTip(column, why)
                item.setToolTip(1, f"{action.name} ({action.school_id})\n{why}")
                item.setToolTip(5, self._worth_text(action))
                top.addChild(item)
            top.setExpanded(True)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row in self._items():
            for column in NUMBER_COLUMNS:
                row.setTextAlignment(column, right)

    def _items(self) -> list[QTreeWidgetItem]:
        """Every row of the tree: each year's, then its actions'."""
        rows = []
        for k in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(k)
            if top is not None:
                rows.append(top)
                rows.extend(child for j in range(top.childCount()) if (child := top.child(j)) is not None)
        return rows

    def _rationale(self, action: PlanAction) -> str:
        from app.i18n import current_language

        return action.rationale_zh if current_language().startswith("zh") else action.rationale_en

    def _worth_text(self, action: PlanAction) -> str:
        if action.worth != action.worth:
            return self.tr("Not found: the worth of each action was not asked for.")
        term = _tr(TERM_TITLES.get(action.worth_term, action.worth_term))
        return self.tr("What the plan loses without this action: {value} ({term}).").format(
            value=_money(action.worth), term=term
        )

    def _show_bound(self) -> None:
        plan = self.plan
        if plan is None:
            self.bound_label.clear()
            return
        lines = []
        for stage in plan.solution.stages:
            status = STATUS_TITLES.get(stage.status, OTHER_STATUS)
            text = self.tr("{term}: plan {value}, proven lower bound {bound}, gap {gap} % ({status})").format(
                term=_tr(TERM_TITLES.get(stage.term, stage.term)),
                value=f"{stage.value:,.1f}",
                bound=f"{stage.bound:,.1f}",
                gap=f"{100 * stage.gap:.2f}",
                status=_tr(status),
            )
            lines.append(html.escape(text, quote=False))
        self.bound_label.setText("<br>".join(lines))
        self.bound_label.setToolTip(
            self.tr("The proven lower bound: no plan within these rules and budgets can do better.")
        )

    def _show_summary(self) -> None:
        run = self.run_shown
        if run is None:
            self.summary_label.setText(self.tr("Run the plan to see its actions year by year."))
            return
        plan = run.plan
        capital = sum(a.capital_cost for a in plan.actions)
        budget = plan.budget.total
        self.summary_label.setText(
            self.tr("{count} actions in {first}–{last}; capital {capital} 万元 ({budget}).").format(
                count=len(plan.actions),
                first=plan.years[0],
                last=plan.years[-1],
                capital=_money(capital),
                budget=(
                    self.tr("no total budget")
                    if budget is None
                    else self.tr("total budget {budget} 万元").format(budget=_money(budget))
                ),
            )
        )

    def _show_budgets(self) -> None:
        run, budgets = self.run_shown, self.budgets
        if run is None:
            self.chart.set_text(self.tr("Run the plan to see what each budget buys."))
        elif budgets is None or budgets.plan is not run.plan:
            if run.inputs.budget_steps == 0:
                self.chart.set_text(self.tr("No budgets compared (Budgets on the chart: none)."))
            elif not run.plan.actions:
                self.chart.set_text(self.tr("The plan takes no action: there is nothing to compare."))
            elif self._budgets_wanted is not None or self._task is not None:
                self.chart.set_text(self.tr("Comparing budgets…"))
            else:
                self.chart.set_text(self.tr("The budgets were not compared."))
        else:
            self._show_chart(budgets)

    def _show_chart(self, budgets: BudgetsRun) -> None:
        """The chart of the budgets in the current language (drawn again in the background after a change)."""
        language = style_language()
        shown = self._chart_image
        if shown is not None and shown[0] is budgets and shown[1] == language:
            self.chart.set_image(shown[2])
            return
        self.chart.set_text(self.tr("Drawing the chart…"))

        def work(_progress: ProgressFn, _cancel: CancelFn) -> QImage:
            from app.plan_run import draw_budgets

            return _decode(draw_budgets(budgets.table, language))

        def done(image: object) -> None:
            self._chart_image = (budgets, language, image)  # type: ignore[assignment]
            if self.budgets is budgets:
                self._show_chart(budgets)

        self._runner.run(work, done, error=self.tr("The chart cannot be drawn: {message}"), background=True, owner=self)

    # ----------------------------------------------------------------- a click on an action
    def selected_action(self) -> PlanAction | None:
        """The action of the current row, or None (a year's row, or nothing)."""
        item, plan = self.tree.currentItem(), self.plan
        if item is None or plan is None:
            return None
        kind, value = item.data(0, Qt.ItemDataRole.UserRole)
        return plan.actions[value] if kind == "action" else None

    def select_action(self, index: int) -> bool:
        """Make the row of ``plan.actions[index]`` current (as a click does); returns whether it is listed."""
        for row in self._items():
            if row.data(0, Qt.ItemDataRole.UserRole) == ("action", index):
                self.tree.setCurrentItem(row)
                self._show_on_map(row)
                return True
        return False

    def places(self, action: PlanAction) -> tuple[Place, ...]:
        """Where an action is: its site or school, and for a merger the school that receives it."""
        project = self.run_shown.project if self.run_shown is not None else self._session.project
        new = action.action in NEW_KINDS
        places = [Place(action.x, action.y, action.name, action.school_id, new)]
        if action.action == "merge" and project is not None and self.plan is not None:
            from gis.edits import Merge

            year = self.plan.years.index(action.year)
            scenario = self.plan.scenarios[year] if year < len(self.plan.scenarios) else None
            into = next(
                (
                    e.into
                    for e in (scenario.edits if scenario is not None else ())
                    if isinstance(e, Merge) and action.school_id in e.school_ids and e.into != action.school_id
                ),
                None,
            )
            schools = project.schools
            found = schools[schools["school_id"].astype(str) == into] if into is not None else schools.iloc[0:0]
            if len(found):
                point = found.geometry.iloc[0]
                places.append(Place(float(point.x), float(point.y), str(found["name"].iloc[0]), str(into)))
        return tuple(places)

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _current_changed(self, *_args: object) -> None:
        self._show_detail()

    @Slot(QTreeWidgetItem, int)
    def _item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self._show_on_map(item)

    def _show_on_map(self, item: QTreeWidgetItem) -> None:
        plan = self.plan
        if plan is None:
            return
        kind, value = item.data(0, Qt.ItemDataRole.UserRole)
        if kind == "year":
            places = tuple(p for a in plan.actions if a.year == value for p in self.places(a)[:1])
            self.placesChosen.emit(places)
            return
        action = plan.actions[value]
        project = self._session.project
        if action.action not in NEW_KINDS and project is not None:
            known = set(project.schools["school_id"].astype(str))
            if action.school_id in known:
                self._session.select_school(action.school_id)  # the map outlines it, the tables follow
        self.actionChosen.emit(action, plan)

    def _show_detail(self) -> None:
        action = self.selected_action()
        if action is None:
            self.detail_label.setText(
                html.escape(self.tr("Click an action to see why it is taken and where it is on the map."))
                if self.plan is not None
                else ""
            )
            return
        running = self.tr("running cost {change} 万元 a year").format(change=f"{action.running_cost_change:+,.1f}")
        children = self.tr("{children} children affected").format(children=_count(action.children_affected))
        self.detail_label.setText(
            f"<b>{html.escape(action.name)}</b> · {html.escape(action_title(action.action))} · "
            f"{html.escape(running)} · {html.escape(children)}<br>{html.escape(self._rationale(action))}"
        )

    # ----------------------------------------------------------------- language
    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.years_title.setText(self.tr("Years"))
        self.total_title.setText(self.tr("Total budget"))
        self.per_year_title.setText(self.tr("Budget per year"))
        self.total_unit.setText(self.tr("万元"))
        self.per_year_unit.setText(self.tr("万元"))
        for edit in (self.total_edit, self.per_year_edit):
            edit.setPlaceholderText(self.tr("no limit"))
        self.objective_title.setText(self.tr("Objective"))
        self.objective_combo.setItemText(0, self.tr("Weighted (default weights)"))
        self.objective_combo.setItemText(1, self.tr("In order of priority"))
        self.objective_combo.setToolTip(
            self.tr("Weighted: the terms priced in 万元 and summed; in order: each term at its best, then the next")
        )
        for row in range(self.order_list.count()):
            item = self.order_list.item(row)
            item.setText(_tr(TERM_TITLES[str(item.data(Qt.ItemDataRole.UserRole))]))
        self.order_list.setToolTip(self.tr("Drag the terms, or use the arrows, to put them in order of priority"))
        rows = self.order_list.sizeHintForRow(0) * self.order_list.count()
        self.order_list.setFixedHeight(rows + 2 * self.order_list.frameWidth() + 2)
        self.time_title.setText(self.tr("Time limit"))
        self.time_limit.setSuffix(self.tr(" s"))
        self.time_limit.setToolTip(self.tr("Seconds the solver may take for the plan; the gap says how close it got"))
        self.worth_check.setText(self.tr("Worth of each action"))
        self.worth_check.setToolTip(self.tr("Also find what the plan loses without each action (takes longer)"))
        self.steps_title.setText(self.tr("Budgets on the chart"))
        self.budget_steps.setSpecialValueText(self.tr("none"))
        self.budget_steps.setToolTip(self.tr("The plan made again for this many budgets from 0 to its own"))
        self.run_button.setText(self.tr("Run plan"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.save_button.setText(self.tr("Save as scenarios"))
        self.save_button.setToolTip(
            self.tr("Add the state after each year to the project as the scenarios plan-YEAR, to compare them")
        )
        self.tabs.setTabText(0, self.tr("Actions by year"))
        self.tabs.setTabText(1, self.tr("What money buys"))
        self.tree.setHeaderLabels([_tr(title) for title in COLUMNS])
        self._show_stage()
        self._show_plan()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _decode(png: bytes) -> QImage:
    """A chart as an image, decoded from PNG (safe in a worker, unlike a pixmap)."""
    image = QImage.fromData(png)
    if image.isNull():
        raise ValueError("a chart could not be read back from its PNG image")
    return image.convertToFormat(QImage.Format.Format_RGB32)
