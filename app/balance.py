"""The Balance dock: the county's balance assessment (督导评估) with pass/fail colouring.

:class:`BalancePanel` shows :func:`gis.balance.assess` for one level: the difference
coefficients of both methods against their thresholds, with the schools contributing most;
each school against the seven per-school standards (optionally only the failing ones); and a
line on classes and boarding. The baseline is assessed on the recorded enrolment, at once,
in the GUI thread (it takes milliseconds). A scenario needs the children moved by the
analysis (:func:`gis.balance.scenario_pupils`): the baseline (unless analysed already with
the same rules) and the scenario are analysed in a worker through
the task runner (:mod:`app.tasks`), and the result is kept until the scenario, the project or
the rules of the session (:mod:`app.session`) change. The panel is thin: every number comes
from ``gis``.

Its "Standards plan…" button asks the options of a standards plan (优质均衡达标方案) for the
baseline or scenario chosen (:class:`app.standards.StandardsPlanDialog`), makes it in a worker
with a progress bar and Cancel, and shows it in :class:`app.standards.StandardsPlanView`; what
the view chooses to show on the map leaves through :attr:`BalancePanel.standardsChosen`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import notify
from app.balance_words import (
    CONTEXT,
    FAIL,
    LEVEL_TITLES,
    METHOD_TITLES,
    PASS,
    Cell,
    CellModel,
    indicator_title,
    indicator_words,
    number_text,
    sentences,
    table_view,
    translate,
    verdict,
)
from app.core_text import error_text
from app.labels import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.session import Session
    from app.standards import StandardsPlanDialog, StandardsPlanView, StandardsRequest
    from app.tasks import Task, TaskRunner
    from gis.balance import Balance, Coefficient
    from gis.edits import Scenario
    from gis.progress import CancelFn, ProgressFn
    from gis.standards import Standards
    from gis.usecases import StandardsPlanRun


COEFFICIENT_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Balance", "method"),
    QT_TRANSLATE_NOOP("Balance", "indicator"),
    QT_TRANSLATE_NOOP("Balance", "coefficient"),
    QT_TRANSLATE_NOOP("Balance", "threshold"),
    QT_TRANSLATE_NOOP("Balance", "result"),
    QT_TRANSLATE_NOOP("Balance", "schools contributing most"),
)
SCHOOL_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Balance", "code"),
    QT_TRANSLATE_NOOP("Balance", "school"),
    QT_TRANSLATE_NOOP("Balance", "pupils"),
    QT_TRANSLATE_NOOP("Balance", "standards met"),
    QT_TRANSLATE_NOOP("Balance", "lowest share of a standard"),
    QT_TRANSLATE_NOOP("Balance", "result"),
)
RESULT_COLUMN = 4
# The raw value behind a result cell (a string: never None, see CellModel).
RESULT_KEYS: dict[bool | None, str] = {True: "pass", False: "fail", None: ""}
SCHOOL_RESULT_COLUMN = 5
# The status message of the long work started here (the window shows it translated, context MainWindow).
ASSESSING = QT_TRANSLATE_NOOP("MainWindow", "Assessing the balance of the scenario…")
EVALUATING = QT_TRANSLATE_NOOP("Balance", "Evaluating scenario {name}…")
BUSY = QT_TRANSLATE_NOOP("Balance", "Other work is running; press Assess when it is done.")
STOPPED = QT_TRANSLATE_NOOP("Balance", "Scenario {name} is not assessed: the work stopped. Press Assess to try again.")
PLANNING = QT_TRANSLATE_NOOP("MainWindow", "Making the standards plan…")
PLAN_CANCELLED = QT_TRANSLATE_NOOP("MainWindow", "The standards plan was cancelled; nothing changed.")
PLAN_FAILED = QT_TRANSLATE_NOOP("MainWindow", "The standards plan could not be made.")


class BalancePanel(QWidget):
    """The Balance dock: coefficients, per-school standards, classes and boarding for one level."""

    balanceShown = Signal()
    standardsShown = Signal()  # a standards plan is shown in its view
    standardsChosen = Signal(object)  # app.standards.StandardsChoice: what of the plan to show on the map
    standardsSaved = Signal(str)  # the plan was added to the project as this scenario

    def __init__(self, session: Session, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.balance: Balance | None = None
        self.shown_scenario: str | None = None  # the scenario of the balance shown (None: the baseline)
        self._baseline: tuple[object, Standards, Balance] | None = None  # (schools, rules, result)
        self._scenarios: dict[str, tuple[object, Scenario, Standards, Balance]] = {}
        self._message: tuple[str, dict[str, object]] = ("", {})  # in English, translated when shown
        self.standards_run: StandardsPlanRun | None = None  # the standards plan made last
        self.standards_dialog: StandardsPlanDialog | None = None
        self.standards_view: StandardsPlanView | None = None
        self._standards_task: Task | None = None
        self.level_label = QLabel(self)
        self.level_box = QComboBox(self)
        for level in LEVEL_TITLES:
            self.level_box.addItem(level, level)
        self.level_box.currentIndexChanged.connect(self._show)
        self.scenario_label = QLabel(self)
        self.scenario_box = QComboBox(self)
        self.scenario_box.addItem("", "")  # the baseline
        self.scenario_box.currentIndexChanged.connect(self._scenario_chosen)
        self.assess_button = QPushButton(self)
        self.assess_button.clicked.connect(self.assess)
        self.standards_button = QPushButton(self)
        self.standards_button.clicked.connect(self.ask_standards_plan)
        self.standards_progress = QProgressBar(self)
        self.standards_progress.setRange(0, 1000)
        self.standards_progress.setMaximumWidth(160)
        self.standards_progress.hide()
        self.standards_cancel = QPushButton(self)
        self.standards_cancel.clicked.connect(self.cancel_standards_plan)
        self.standards_cancel.hide()
        self.info_label = QLabel(self)
        self.info_label.setWordWrap(True)
        self.coefficient_model = CellModel(COEFFICIENT_COLUMNS, CONTEXT, self)
        self.coefficient_table = table_view(self.coefficient_model, self)
        self.coefficient_table.horizontalHeader().setStretchLastSection(True)
        self.only_failing = QCheckBox(self)
        self.only_failing.toggled.connect(self._show_schools)
        self.school_model = CellModel(SCHOOL_COLUMNS, CONTEXT, self)
        self.school_table = table_view(self.school_model, self)
        self.school_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.classes_label = QLabel(self)
        self.classes_label.setWordWrap(True)

        choices = QHBoxLayout()
        choices.addWidget(self.level_label)
        choices.addWidget(self.level_box)
        choices.addWidget(self.scenario_label)
        choices.addWidget(self.scenario_box, 1)
        choices.addWidget(self.assess_button)
        choices.addWidget(self.standards_button)
        choices.addWidget(self.standards_progress)
        choices.addWidget(self.standards_cancel)
        schools = QWidget(self)
        school_layout = QVBoxLayout(schools)
        school_layout.setContentsMargins(0, 0, 0, 0)
        school_layout.addWidget(self.only_failing)
        school_layout.addWidget(self.school_table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.coefficient_table)
        splitter.addWidget(schools)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(choices)
        layout.addWidget(self.info_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.classes_label)
        session.projectLoaded.connect(self._project_loaded)
        session.projectChanged.connect(self._project_changed)
        session.standardsChanged.connect(self.assess)
        runner.busyChanged.connect(self.update_actions)
        self.retranslate()

    # -- state
    def level(self) -> str:
        """The level shown, ``primary`` or ``junior``."""
        return str(self.level_box.currentData())

    def set_level(self, level: str) -> None:
        """Show another level."""
        self.level_box.setCurrentIndex(self.level_box.findData(level))

    def scenario_name(self) -> str | None:
        """The scenario chosen, or None for the baseline."""
        data = self.scenario_box.currentData()
        return str(data) if data else None

    def choose_scenario(self, name: str | None) -> bool:
        """Choose a scenario (None: the baseline) and assess it; returns whether it is listed."""
        row = self.scenario_box.findData(name) if name is not None else 0
        if row < 0:
            return False
        if row == self.scenario_box.currentIndex():
            self.assess()
        else:
            self.scenario_box.setCurrentIndex(row)  # assesses through _scenario_chosen
        return True

    @Slot()
    def update_actions(self, *_args: object) -> None:
        """Enable what can be done now."""
        idle = self._session.project is not None and not self._runner.is_running
        self.assess_button.setEnabled(idle)
        self.standards_button.setEnabled(idle)
        if self._message[0] == EVALUATING and not self._runner.is_running:  # the work failed or was cancelled
            self._message = (STOPPED, self._message[1])
            self._show_info()

    # -- assessing
    @Slot()
    def assess(self) -> bool:
        """Assess the chosen baseline or scenario and show it; returns whether it is shown or on its way.

        The baseline is assessed at once; a scenario already assessed with the same project
        and rules is shown at once, otherwise it is analysed in a worker.
        """
        project = self._session.project
        if project is None:
            self._set(None, None)
            return False
        standards = self._session.current_standards()
        if standards is None:  # unreadable rules, already reported
            self._set(None, None)
            return False
        name = self.scenario_name()
        if name is None:
            return self._assess_baseline(standards)
        scenario = next((s for s in project.scenarios if s.name == name), None)
        if scenario is None:
            return self.choose_scenario(None)
        kept = self._scenarios.get(name)
        if kept is not None and kept[0] is project.schools and kept[1] is scenario and kept[2] is standards:
            self._set(kept[3], name)
            return True
        return self._assess_scenario(scenario, standards)

    def _assess_baseline(self, standards: Standards) -> bool:
        from gis.balance import assess

        project = self._session.project
        assert project is not None
        kept = self._baseline
        if kept is None or kept[0] is not project.schools or kept[1] is not standards:
            try:
                kept = (project.schools, standards, assess(project.schools, standards))
            except Exception as exc:  # InputError (no [balance] section) or a bug: reported either way
                self._set(None, None)
                self._notify(self.tr("The balance cannot be assessed."), exc)
                return False
            self._baseline = kept
        self._set(kept[2], None)
        return True

    def _assess_scenario(self, scenario: Scenario, standards: Standards) -> bool:
        project = self._session.project
        assert project is not None
        analysis = self._session.analysis
        reuse = analysis is not None and analysis.project.schools is project.schools
        baseline = analysis if reuse and analysis is not None and analysis.standards is standards else None

        def work(progress: ProgressFn, cancel: CancelFn) -> Balance:
            from gis.usecases import run_scenario

            run = run_scenario(project, scenario, standards, baseline=baseline, progress=progress, cancel=cancel)
            return run.balance()

        def done(result: object) -> None:
            now = self._session.project
            if now is None or now.schools is not project.schools:
                return  # another project was opened meanwhile
            self._scenarios[scenario.name] = (project.schools, scenario, standards, result)  # type: ignore[assignment]
            if self.scenario_name() == scenario.name:
                self.assess()  # shows it if the scenario and rules are still the ones chosen

        started = (
            self._runner.run(
                work,
                done,
                status=ASSESSING,
                error=self.tr("The balance of the scenario cannot be assessed: {message}"),
                owner=self,
            )
            is not None
        )
        self._set(None, scenario.name, message=(EVALUATING if started else BUSY, {"name": scenario.name}))
        return started

    def _notify(self, message: str, exc: Exception) -> None:
        from gis.errors import SchoolPlanError

        details = error_text(exc) if isinstance(exc, SchoolPlanError) else f"{type(exc).__name__}: {exc}"
        notify.notify_error(self, message, details)  # looked up on each call, so that tests can patch it

    # -- views
    def _set(
        self, balance: Balance | None, scenario: str | None, *, message: tuple[str, dict[str, object]] = ("", {})
    ) -> None:
        self.balance, self.shown_scenario, self._message = balance, scenario, message
        self._show()
        if balance is not None:
            self.balanceShown.emit()

    @Slot()
    def _project_loaded(self) -> None:
        self._baseline, self._scenarios = None, {}
        self.standards_run = None
        if self.standards_view is not None:  # a plan of another project
            self.standards_view.set_run(None)
            self.standards_view.close()
        self._fill_scenarios()
        self.scenario_box.setCurrentIndex(0)  # a new project starts with its baseline
        self.assess()

    @Slot()
    def _project_changed(self) -> None:
        self._fill_scenarios()
        self.assess()

    @Slot()
    def _scenario_chosen(self, *_args: object) -> None:
        self.assess()

    def _fill_scenarios(self) -> None:
        current = self.scenario_name()
        project = self._session.project
        self.scenario_box.blockSignals(True)
        while self.scenario_box.count() > 1:
            self.scenario_box.removeItem(1)
        for scenario in project.scenarios if project is not None else ():
            self.scenario_box.addItem(scenario.name, scenario.name)
        row = self.scenario_box.findData(current) if current is not None else 0
        self.scenario_box.setCurrentIndex(max(row, 0))
        self.scenario_box.blockSignals(False)

    @Slot()
    def _show(self, *_args: object) -> None:
        self._show_info()
        self._show_coefficients()
        self._show_schools()
        self._show_classes()
        self.update_actions()

    def coefficients(self) -> list[Coefficient]:
        """The coefficients shown: the level's basic, then quality, each method's mean last."""
        if self.balance is None:
            return []
        level = self.level()
        return [c for c in self.balance.coefficients if c.level == level]

    def _show_info(self) -> None:
        if self._message[0]:
            self.info_label.setText(translate(self._message[0]).format(**self._message[1]))
            return
        if self.balance is None:
            self.info_label.setText(self.tr("Open a project to assess the balance of its schools."))
            return
        if self.shown_scenario is None:
            text = self.tr("Baseline, on the recorded enrolment.")
        else:
            text = self.tr("Scenario {name}, with the pupils moved as the analysis moves the children.").format(
                name=self.shown_scenario
            )
        parts = []
        for c in self.coefficients():
            if c.indicator == "composite":
                method = translate(METHOD_TITLES.get(c.method, c.method))
                parts.append(self.tr("{method}: {result}").format(method=method, result=verdict(c.passes)))
        self.info_label.setText(sentences([text, *parts]))

    def _names(self) -> dict[str, str]:
        if self.balance is None:
            return {}
        classes = self.balance.classes
        return dict(zip(classes["school_id"].astype(str), classes["name"].astype(str), strict=True))

    def _show_coefficients(self) -> None:
        names = self._names()
        rows: list[list[Cell]] = []
        for c in self.coefficients():
            top = "; ".join(f"{names.get(code, code)} {share:.0%}" for code, share in c.top_schools)
            colour = None if c.passes is None else (PASS if c.passes else FAIL)
            bold = c.indicator == "composite"
            detail = "\n".join(f"{names.get(code, code)} ({code}) {share:.1%}" for code, share in c.top_schools)
            rows.append(
                [
                    Cell(translate(METHOD_TITLES.get(c.method, c.method)), c.method, bold=bold),
                    Cell(indicator_title(c), c.indicator, bold=bold),
                    Cell(number_text(c.coefficient), c.coefficient, colour=colour, bold=bold, number=True),
                    Cell(number_text(c.threshold, 2), c.threshold, bold=bold, number=True),
                    Cell(verdict(c.passes), RESULT_KEYS[c.passes], colour=colour, bold=bold),
                    Cell(top, ";".join(code for code, _share in c.top_schools), bold=bold, tooltip=detail),
                ]
            )
        self.coefficient_model.set_rows(rows)
        self.coefficient_table.resizeColumnsToContents()

    @Slot()
    def _show_schools(self, *_args: object) -> None:
        rows: list[list[Cell]] = []
        if self.balance is not None:
            frame = self.balance.school_standards
            frame = frame[frame["level"] == self.level()]
            if self.only_failing.isChecked():
                frame = frame[~frame["passes"].astype(bool)]
            from gis.balance import QUALITY

            total = len(QUALITY)  # the seven quality standards of a school
            for school in frame.itertuples(index=False):
                passes = bool(school.passes)
                rows.append(
                    [
                        Cell(str(school.school_id), str(school.school_id)),
                        Cell(str(school.name), str(school.name)),
                        Cell(number_text(float(school.pupils), 0), float(school.pupils), number=True),
                        Cell(f"{int(school.standards_met)} / {total}", int(school.standards_met), number=True),
                        Cell(_percent(float(school.lowest_share)), float(school.lowest_share), number=True),
                        Cell(verdict(passes), RESULT_KEYS[passes], colour=PASS if passes else FAIL),
                    ]
                )
        self.school_model.set_rows(rows)
        self.school_table.resizeColumnToContents(0)

    def shown_schools(self) -> list[str]:
        """The codes of the schools listed, in order."""
        return [str(row[0].value) for row in self.school_model.rows]

    def _show_classes(self) -> None:
        if self.balance is None:
            self.classes_label.clear()
            return
        level, classes = self.level(), self.balance.classes
        standards = self._session.current_standards()
        large = standards.large_class if standards is not None else 56
        very_large = standards.very_large_class if standards is not None else 66
        self.classes_label.setText(
            self.tr(
                "Classes over the standard size: {over}; large classes ({large} or more): {large_count}; "
                "very large classes ({very_large} or more): {very_large_count}; schools over the size cap: "
                "{cap}; boarding beds short: {beds}."
            ).format(
                over=f"{classes[f'classes_over_standard_{level}'].sum():,.0f}",
                large=large,
                large_count=f"{classes[f'large_classes_{level}'].sum():,.0f}",
                very_large=very_large,
                very_large_count=f"{classes[f'very_large_classes_{level}'].sum():,.0f}",
                cap=f"{int(classes['over_size_cap'].astype(bool).sum()):,}",
                beds=f"{classes['beds_short'].sum():,.0f}",
            )
        )

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.level_label.setText(self.tr("Level:"))
        for row in range(self.level_box.count()):
            self.level_box.setItemText(row, translate(LEVEL_TITLES[str(self.level_box.itemData(row))]))
        self.scenario_label.setText(self.tr("Assess:"))
        self.scenario_box.setItemText(0, self.tr("Baseline"))
        self.assess_button.setText(self.tr("Assess"))
        self.assess_button.setToolTip(self.tr("Assess the balance of the baseline or of the scenario chosen"))
        self.standards_button.setText(self.tr("Standards plan…"))
        self.standards_button.setToolTip(
            self.tr(
                "The cheapest investments and teacher transfers that bring the baseline or the scenario chosen "
                "up to the quality-balance standards (优质均衡达标方案)"
            )
        )
        self.standards_cancel.setText(self.tr("Cancel"))
        self.only_failing.setText(self.tr("Only failing schools"))
        self.coefficient_model.retranslate()
        self.school_model.retranslate()
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the standards plan
    @Slot()
    def ask_standards_plan(self) -> StandardsPlanDialog | None:
        """Ask the options of a standards plan for the baseline or scenario chosen; OK makes it.

        The dialog is window-modal and returned at once (:attr:`standards_dialog`).
        """
        if self._session.project is None or self._runner.is_running:
            return None
        from app.standards import StandardsPlanDialog

        if self.standards_dialog is not None:
            self.standards_dialog.deleteLater()
        dialog = StandardsPlanDialog(self._session, scenario=self.scenario_name(), parent=self)
        dialog.accepted.connect(lambda: self.plan_standards(dialog.request()))
        self.standards_dialog = dialog
        dialog.open()
        return dialog

    def plan_standards(self, request: StandardsRequest) -> bool:
        """Make a standards plan of the baseline or scenario chosen in a worker; returns whether it started.

        The spare land file is read in the worker; its problems, and a target no budget
        reaches, are reported in words. The plan is shown in :attr:`standards_view`.
        """
        from dataclasses import replace

        project = self._session.project
        standards = self._session.current_standards()
        if project is None or standards is None or self._runner.is_running:
            return False
        name = self.scenario_name()
        scenario = next((s for s in project.scenarios if s.name == name), None) if name is not None else None

        def work(progress: ProgressFn, cancel: CancelFn) -> StandardsPlanRun:
            from gis.usecases import run_standards_plan

            options = request.options
            if request.land is not None:  # the schools of the scenario: new schools may have land too
                from gis.importing.land import read_land
                from gis.scenario import apply_scenario

                schools = apply_scenario(project, scenario).schools if scenario is not None else project.schools
                options = replace(options, land_m2=read_land(request.land, schools))
            return run_standards_plan(
                project, standards, scenario=scenario, options=options, progress=progress, cancel=cancel
            )

        def done(result: object) -> None:
            if self._session.project is not project and (
                self._session.project is None or self._session.project.schools is not project.schools
            ):
                return  # another project was opened meanwhile
            self.show_standards_plan(result)  # type: ignore[arg-type]

        def progressed(fraction: float, _message: str) -> None:
            self.standards_progress.setValue(round(fraction * 1000))

        def finished() -> None:
            self._standards_task = None
            self.standards_progress.hide()
            self.standards_cancel.hide()

        def failed(message: str, details: str) -> None:
            notify.notify_error(
                self,
                self.tr("The standards plan cannot be made: {message}").format(message=indicator_words(message)),
                indicator_words(details),
            )

        self._standards_task = self._runner.run(
            work,
            done,
            status=PLANNING,
            error=None,
            on_failed=failed,
            on_progress=progressed,
            on_finished=finished,
            owner=self,
            failed_status=PLAN_FAILED,
            cancelled_status=PLAN_CANCELLED,
        )
        if self._standards_task is None:
            return False
        self.standards_progress.setValue(0)
        self.standards_progress.show()
        self.standards_cancel.show()
        return True

    @Slot()
    def cancel_standards_plan(self) -> None:
        """Stop the standards plan being made; nothing changes."""
        if self._standards_task is not None:
            self._standards_task.cancel()

    @property
    def standards_running(self) -> bool:
        """Whether a standards plan is being made."""
        return self._standards_task is not None

    def show_standards_plan(self, run: StandardsPlanRun) -> StandardsPlanView:
        """Show a standards plan in its view (made once, kept beside the map) and on the map."""
        from app.standards import StandardsPlanView

        self.standards_run = run
        view = self.standards_view
        if view is None:
            view = StandardsPlanView(self._session, self)
            view.choiceMade.connect(self.standardsChosen)
            view.scenarioSaved.connect(self.standardsSaved)
            self.standards_view = view
        view.show()
        view.set_run(run)
        view.raise_()
        self.standardsShown.emit()
        return view


def _percent(value: float) -> str:
    return "–" if value != value or math.isinf(value) else f"{value:.0%}"
