"""The School details dock: the figures and flags of the selected school.

Figures come from :func:`gis.indicators.school_table` once the project is analysed, and from
the project's school layer before, readable (the township's name, whole numbers, percentages,
yes/no); the flags are the map's (:func:`layers.style.school_flags`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from app.labels import QT_TRANSLATE_NOOP, SCHOOL_FLAGS, school_type_title, township_names, township_title, yes_no
from gis.schema import enrolment_columns

if TYPE_CHECKING:
    from app.session import Session

# (column of gis.indicators.school_table, label, format): the figures of the details panel.
DETAIL_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("enrol_total", QT_TRANSLATE_NOOP("SchoolDetails", "Pupils"), "int"),
    ("enrol_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary pupils"), "int"),
    ("enrol_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior pupils"), "int"),
    ("capacity_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary places"), "int"),
    ("capacity_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior places"), "int"),
    ("utilisation_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary utilisation"), "share"),
    ("utilisation_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior utilisation"), "share"),
    ("catchment_children_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary children in catchment"), "int"),
    ("catchment_children_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior children in catchment"), "int"),
    ("catchment_mean_travel_min_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary mean trip (min)"), "float"),
    ("catchment_mean_travel_min_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior mean trip (min)"), "float"),
    ("mean_class_size_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary mean class size"), "float"),
    ("mean_class_size_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior mean class size"), "float"),
    ("teachers", QT_TRANSLATE_NOOP("SchoolDetails", "Teachers"), "int"),
    ("boarders", QT_TRANSLATE_NOOP("SchoolDetails", "Boarders"), "int"),
    ("boarding_beds", QT_TRANSLATE_NOOP("SchoolDetails", "Boarding beds"), "int"),
)


class SchoolDetails(QScrollArea):
    """The selected school's name, figures (label and value) and flags."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.details_label = QLabel(self)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details_label.setWordWrap(True)
        self.details_label.setMargin(6)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWidgetResizable(True)
        self.setWidget(self.details_label)
        for signal in (session.projectLoaded, session.analysisChanged, session.schoolSelected):
            signal.connect(self.show_details)
        self.show_details()

    def school_details(self, school_id: str) -> tuple[list[tuple[str, str]], list[str]]:
        """The figures (label, value) and the flags of a school, in the current language.

        Figures come from :func:`gis.indicators.school_table` once the project is analysed,
        and from the project's school layer before.
        """
        project = self._session.project
        schools = project.schools if project is not None else None
        if schools is None:
            return [], []
        match = schools[schools["school_id"].astype(str) == school_id]
        if not len(match):
            return [], []
        school = match.iloc[0]
        kind = str(school["type"])
        figures = [
            (self.tr("Code"), school_id),
            (self.tr("Type"), school_type_title(kind)),
            (self.tr("Township"), township_title(township_names(project), school["township"])),
            (self.tr("Boarding school"), yes_no(school["boarding"])),
        ]
        views = self._session.views()
        if views is not None:
            rows = views.school_table[views.school_table["school_id"].astype(str) == school_id]
            values = rows.iloc[0].to_dict() if len(rows) else {}
        else:
            values = {c: school[c] for c in school.index if c != "geometry"}
            values["enrol_primary"] = sum(float(school[c]) for c in enrolment_columns("primary"))
            values["enrol_junior"] = sum(float(school[c]) for c in enrolment_columns("junior"))
            values["enrol_total"] = values["enrol_primary"] + values["enrol_junior"]
            values["teaching_point"] = kind == "teaching_point"
        for column, label, style in DETAIL_FIGURES:
            value = values.get(column)
            if value is None or not isinstance(value, int | float) or value != value:
                continue
            value = float(value)
            if style == "share":
                text = f"{value:.0%}"
            elif style == "int":
                text = f"{value:,.0f}"
            else:
                text = f"{value:,.1f}"
            figures.append((self.tr(label), text))
        # The map's flags (overcrowded, under 100, teaching point, boarding), by the same rule.
        from layers.style import school_flags

        position = list(schools["school_id"].astype(str)).index(school_id)
        values.update(school_flags(schools, self._session.analysis).iloc[position].to_dict())
        flags = [self.tr(label) for column, label in SCHOOL_FLAGS if bool(values.get(column, False))]
        return figures, flags

    @Slot()
    def show_details(self, *_args: object) -> None:
        """Show the selected school's figures and flags (or how to select one)."""
        import html

        code, project = self._session.selected_school, self._session.project
        if code is None:
            self.details_label.setText(self.tr("Click a school on the map or in the table."))
            return
        figures, flags = self.school_details(code)
        name = ""
        if project is not None:
            match = project.schools[project.schools["school_id"].astype(str) == code]
            name = str(match["name"].iloc[0]) if len(match) else code
        rows = "".join(
            f"<tr><td>{html.escape(label)}</td><td align='right'>&nbsp;{html.escape(value)}</td></tr>"
            for label, value in figures
        )
        flag_text = self.tr(", ").join(html.escape(f) for f in flags) if flags else html.escape(self.tr("none"))
        flags_title = html.escape(self.tr("Flags:"))
        self.details_label.setText(
            f"<h3>{html.escape(name)}</h3><table>{rows}</table><p><b>{flags_title}</b> {flag_text}</p>"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.show_details()
        super().changeEvent(event)
