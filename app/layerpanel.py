"""The Layers dock: the map's layers top first, each shown or hidden, its opacity, order and legend.

:class:`LayerPanel` lists the session's layer stack (:mod:`layers.model`) and changes it
through the session (visibility, opacity, order); the map follows the session's signals. The
legend of the current layer is drawn from :func:`layers.legend.layer_legend`.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.labels import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.session import Session
    from layers.legend import Legend

# Texts made from data, marked here so that pyside6-lupdate finds them.
LAYER_TITLES: dict[str, str] = {
    "townships": QT_TRANSLATE_NOOP("LayerPanel", "Township boundaries"),
    "rivers": QT_TRANSLATE_NOOP("LayerPanel", "Rivers"),
    "roads": QT_TRANSLATE_NOOP("LayerPanel", "Roads"),
    "road_pieces": QT_TRANSLATE_NOOP("LayerPanel", "Roads not joined to the main network"),
    "population_primary": QT_TRANSLATE_NOOP("LayerPanel", "Primary-age children"),
    "population_junior": QT_TRANSLATE_NOOP("LayerPanel", "Junior-age children"),
    "places": QT_TRANSLATE_NOOP("LayerPanel", "Place names"),
    "schools": QT_TRANSLATE_NOOP("LayerPanel", "Schools"),
    "travel_time": QT_TRANSLATE_NOOP("LayerPanel", "Walking time, grades 1–3"),
    "catchments_grades_1_3": QT_TRANSLATE_NOOP("LayerPanel", "Catchments (grades 1–3)"),
    "catchments_primary": QT_TRANSLATE_NOOP("LayerPanel", "Catchments (primary)"),
    "catchments_junior": QT_TRANSLATE_NOOP("LayerPanel", "Catchments (junior)"),
    "zones": QT_TRANSLATE_NOOP("LayerPanel", "Enrolment zones"),
}

# The English texts of layers.legend, marked here so that pyside6-lupdate finds them.
LEGEND_TEXTS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Legend", "County road"),
    QT_TRANSLATE_NOOP("Legend", "Township road"),
    QT_TRANSLATE_NOOP("Legend", "Village road"),
    QT_TRANSLATE_NOOP("Legend", "Path"),
    QT_TRANSLATE_NOOP("Legend", "Primary school"),
    QT_TRANSLATE_NOOP("Legend", "Teaching point"),
    QT_TRANSLATE_NOOP("Legend", "Junior secondary school"),
    QT_TRANSLATE_NOOP("Legend", "Nine-year school"),
    QT_TRANSLATE_NOOP("Legend", "Overcrowded (red outline)"),
    QT_TRANSLATE_NOOP("Legend", "Under 100 pupils (hollow, dashed outline)"),
    QT_TRANSLATE_NOOP("Legend", "Boarding (dark outline)"),
    QT_TRANSLATE_NOOP("Legend", "Size grows with enrolment; teaching points have their own colour"),
    QT_TRANSLATE_NOOP("Legend", "0–15 min"),
    QT_TRANSLATE_NOOP("Legend", "15–30 min"),
    QT_TRANSLATE_NOOP("Legend", "30–45 min"),
    QT_TRANSLATE_NOOP("Legend", "45–60 min"),
    QT_TRANSLATE_NOOP("Legend", "60–90 min"),
    QT_TRANSLATE_NOOP("Legend", "over 90 min"),
    QT_TRANSLATE_NOOP("Legend", "No school reachable"),
    QT_TRANSLATE_NOOP("Legend", "Grades 1–3 walking time to the nearest school; greens are within 30 minutes"),
    QT_TRANSLATE_NOOP("Legend", "Township boundary"),
    QT_TRANSLATE_NOOP("Legend", "River"),
    QT_TRANSLATE_NOOP("Legend", "children per cell"),
    QT_TRANSLATE_NOOP("Legend", "Catchment of one school"),
    QT_TRANSLATE_NOOP("Legend", "Selected school's catchment"),
    QT_TRANSLATE_NOOP("Legend", "Neighbouring catchments have different colours"),
    # layers.legend.zones_legend
    QT_TRANSLATE_NOOP("Legend", "Enrolment zone of one school"),
    QT_TRANSLATE_NOOP("Legend", "Zone chosen in the table"),
    QT_TRANSLATE_NOOP("Legend", "Village boundary"),
    QT_TRANSLATE_NOOP("Legend", "Neighbouring zones have different colours"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Legend", text)


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value < 10 else f"{value:,.0f}"


def legend_html(legend: Legend) -> str:
    """Rich text (for a QLabel) of a legend, in the current language."""
    rows = []
    for entry in legend.entries:
        color = html.escape(entry.color)
        if entry.symbol == "line":
            swatch = f"<span style='color:{color}; font-weight:bold'>━━</span>"
        elif entry.symbol == "circle":
            swatch = f"<span style='color:{color}; font-size:large'>●</span>"
        elif entry.symbol == "outline":
            swatch = f"<span style='color:{color}; font-size:large'>○</span>"
        elif entry.symbol == "dashed":
            swatch = f"<span style='color:{color}; font-size:large'>◌</span>"
        else:
            swatch = f"<span style='background-color:{color}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
        rows.append(f"<tr><td align='center'>{swatch}</td><td>{html.escape(_tr(entry.label))}</td></tr>")
    parts = [f"<table cellspacing='2'>{''.join(rows)}</table>"] if rows else []
    if legend.ramp:
        cells = "".join(f"<td style='background-color:{html.escape(c)}'>&nbsp;&nbsp;&nbsp;</td>" for c in legend.ramp)
        parts.append(f"<table cellspacing='0'><tr>{cells}</tr></table>")
        if legend.value_range is not None:
            low, high = legend.value_range
            unit = html.escape(_tr(legend.unit)) if legend.unit else ""
            parts.append(f"<p>{_number(low)} – ≥ {_number(high)} {unit}</p>")
    if legend.note:
        parts.append(f"<p><i>{html.escape(_tr(legend.note))}</i></p>")
    return "".join(parts)


class LayerPanel(QWidget):
    """The layer list with a check box per layer, the opacity slider, up and down, and the legend."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.layer_list = QListWidget(self)
        self.layer_list.itemChanged.connect(self._layer_toggled)
        self.layer_list.currentItemChanged.connect(self._layer_selected)
        self.opacity_label = QLabel(self)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.valueChanged.connect(self._opacity_changed)
        self.layer_up_button = QToolButton(self)
        self.layer_up_button.setArrowType(Qt.ArrowType.UpArrow)
        self.layer_up_button.clicked.connect(lambda: self.move_layer(1))
        self.layer_down_button = QToolButton(self)
        self.layer_down_button.setArrowType(Qt.ArrowType.DownArrow)
        self.layer_down_button.clicked.connect(lambda: self.move_layer(-1))
        self.legend_label = QLabel(self)
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)
        self.legend_label.setWordWrap(True)
        self.legend_label.setMargin(4)
        self.legend_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        controls = QHBoxLayout()
        controls.addWidget(self.opacity_label)
        controls.addWidget(self.opacity_slider, 1)
        controls.addWidget(self.layer_up_button)
        controls.addWidget(self.layer_down_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.layer_list, 1)
        layout.addLayout(controls)
        layout.addWidget(self.legend_label)
        session.layersChanged.connect(self._fill)
        session.layerOrderChanged.connect(self._fill)
        self._controls_enabled()
        self.retranslate()

    def current_layer(self) -> str | None:
        """The name of the layer selected in the panel, or None."""
        item = self.layer_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select_layer(self, name: str) -> bool:
        """Make a layer the current one (its opacity, order and legend); returns success."""
        for row in range(self.layer_list.count()):
            item = self.layer_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.layer_list.setCurrentItem(item)
                return True
        return False

    def move_layer(self, steps: int) -> None:
        """Move the current layer up (positive) or down the drawing order."""
        name = self.current_layer()
        if name is not None:
            self._session.move_layer(name, steps)

    def _title(self, name: str) -> str:
        layers = self._session.layers
        if name in LAYER_TITLES:
            return self.tr(LAYER_TITLES[name])
        if layers is not None and name in layers:
            return self.tr(layers[name].title)
        return name

    @Slot()
    def _fill(self) -> None:
        """List the layers top first (as in a GIS), keeping the current one."""
        current = self.current_layer()
        self.layer_list.blockSignals(True)
        self.layer_list.clear()
        for layer in reversed(list(self._session.layers or ())):
            item = QListWidgetItem(self._title(layer.name))
            item.setData(Qt.ItemDataRole.UserRole, layer.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
            self.layer_list.addItem(item)
            if layer.name == current:
                self.layer_list.setCurrentItem(item)
        self.layer_list.blockSignals(False)
        self._layer_selected()

    @Slot(QListWidgetItem)
    def _layer_toggled(self, item: QListWidgetItem) -> None:
        name = str(item.data(Qt.ItemDataRole.UserRole))
        self._session.set_layer(name, visible=item.checkState() == Qt.CheckState.Checked)

    @Slot()
    def _layer_selected(self, *_args: object) -> None:
        name, layers = self.current_layer(), self._session.layers
        if layers is not None and name is not None and name in layers:
            self.opacity_slider.blockSignals(True)
            self.opacity_slider.setValue(round(layers[name].opacity * 100))
            self.opacity_slider.blockSignals(False)
        self._controls_enabled()
        self._show_legend()

    def _controls_enabled(self) -> None:
        name, layers = self.current_layer(), self._session.layers
        names = list(layers.names) if layers is not None else []
        row = names.index(name) if name in names else -1  # from the bottom of the drawing order
        self.opacity_slider.setEnabled(row >= 0)
        self.layer_up_button.setEnabled(0 <= row < len(names) - 1)
        self.layer_down_button.setEnabled(row > 0)

    @Slot(int)
    def _opacity_changed(self, value: int) -> None:
        name = self.current_layer()
        if name is not None:
            self._session.set_layer(name, opacity=value / 100)

    def _show_legend(self) -> None:
        from layers.legend import layer_legend

        name, layers = self.current_layer(), self._session.layers
        if layers is None or name is None or name not in layers:
            self.legend_label.setText(self.tr("Select a layer to see its legend."))
            return
        if name == "zones":
            from layers.legend import zones_legend

            self.legend_label.setText(legend_html(zones_legend()))
            return
        self.legend_label.setText(legend_html(layer_legend(layers[name], self._session.project)))

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.opacity_label.setText(self.tr("Opacity"))
        self.layer_up_button.setToolTip(self.tr("Move the layer up"))
        self.layer_down_button.setToolTip(self.tr("Move the layer down"))
        self.layer_list.blockSignals(True)
        for row in range(self.layer_list.count()):
            item = self.layer_list.item(row)
            item.setText(self._title(str(item.data(Qt.ItemDataRole.UserRole))))
        self.layer_list.blockSignals(False)
        self._show_legend()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
