"""Opening and saving project files from the window, and the list of recent projects.

:class:`ProjectFiles` loads a project into the session (:func:`gis.project.load_project`) and
writes it back atomically with its QGIS styles (:func:`gis.project.write_project`). A file
another program saved since it was opened is not overwritten: the planner reloads it, saves
under another name, or cancels. Problems go to the one notification path; the recent projects
are kept in the settings and listed in a menu of their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Slot
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QWidget

from app import notify
from app.labels import QT_TRANSLATE_NOOP, style_language

if TYPE_CHECKING:
    from app.session import Session

MAX_RECENT = 8
RECENT_KEY = "recent_projects"
# Status messages, in English (shown through the window's translation).
OPENED = QT_TRANSLATE_NOOP("MainWindow", "{name}: {schools} schools, {cells} populated cells")
SAVED = QT_TRANSLATE_NOOP("MainWindow", "Saved {path}")
# Words of Qt's own file dialog (used where the desktop offers no native one) that
# qtbase_zh_CN leaves in English: translated in the window's file, which Qt asks next.
QT_FILE_DIALOG_LABELS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "%1 File"),
)


class ProjectFiles(QObject):
    """Open, save, save as, and the recent projects, for a session.

    Attributes
    ----------
    recent_menu
        File → Open Recent: the recent projects, newest first, and a way to clear the list.
    """

    def __init__(self, session: Session, settings: QSettings, parent: QWidget) -> None:
        super().__init__(parent)
        self._session, self._settings, self._widget = session, settings, parent
        self.recent_menu = QMenu(parent)
        self.fill_recent_menu()

    # ----------------------------------------------------------------- opening and saving
    @Slot()
    def ask_open(self) -> None:
        """Ask for a project file and open it."""
        path, _ = QFileDialog.getOpenFileName(self._widget, self.tr("Open project"), "", self.tr("Projects (*.gpkg)"))
        if path:
            self.open(Path(path))

    @Slot()
    def ask_save_as(self) -> None:
        """Ask for a file and save the project to it."""
        path, _ = QFileDialog.getSaveFileName(
            self._widget, self.tr("Save project as"), "", self.tr("Projects (*.gpkg)")
        )
        if path:
            self.save_as(Path(path))

    def open(self, path: Path) -> bool:
        """Load a project file into the session; errors go to the notification. Returns success."""
        from gis.errors import InputError
        from gis.project import load_project

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            project = load_project(path)
        except InputError as exc:
            notify.notify_error(self._widget, self.tr("The project cannot be opened."), str(exc))
            return False
        except Exception as exc:
            notify.notify_error(
                self._widget, self.tr("The project cannot be opened."), "\n\n".join(notify.failure_text(exc))
            )
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._session.set_project(project, Path(path))
        self.add_recent(Path(path))
        self._session.set_status(OPENED, name=project.name, schools=len(project.schools), cells=len(project.population))
        return True

    @Slot()
    def save(self) -> bool:
        """Write the project back to its file (atomically: a failed save leaves the old file). Returns success."""
        if self._session.project_path is None:
            return False
        return self.save_as(self._session.project_path)

    def save_as(self, path: Path) -> bool:
        """Write the project to a file (atomically, with its QGIS styles). Returns success.

        A file changed on disk by another program since it was opened is not overwritten:
        the planner chooses to reload it, to save under another name, or to cancel.
        """
        from gis.errors import ProjectChangedError
        from gis.project import write_project
        from layers.qgis_styles import project_styles

        project = self._session.project
        if project is None:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            saved = write_project(project, path, styles=project_styles(project, language=style_language()))
        except ProjectChangedError:
            QApplication.restoreOverrideCursor()
            return self._changed_on_disk(Path(path))
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            message, details = notify.failure_text(exc)
            notify.notify_error(self._widget, self.tr("The project cannot be saved.") + "\n\n" + message, details)
            return False
        QApplication.restoreOverrideCursor()
        self._session.mark_saved(saved, Path(path))
        self.add_recent(Path(path))
        self._session.set_status(SAVED, path=path)
        return True

    def _changed_on_disk(self, path: Path) -> bool:
        """The file was saved by another program: reload it, save under another name, or cancel."""
        choice = self.ask_changed_on_disk(path)
        if choice == "reload":
            self.open(path)
        elif choice == "save_as":
            self.ask_save_as()
        return False

    def ask_changed_on_disk(self, path: Path) -> str:
        """Ask what to do about a project file changed on disk: ``reload``, ``save_as`` or ``cancel``."""
        box = QMessageBox(self._widget)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("SchoolPlan"))
        box.setText(self.tr("{path} was changed by another program since you opened it.").format(path=path))
        box.setInformativeText(
            self.tr(
                "Nothing was saved. Reload it to see those changes (your changes since the last save are lost), "
                "or save your version under another name."
            )
        )
        reload_button = box.addButton(self.tr("Reload"), QMessageBox.ButtonRole.DestructiveRole)
        save_as_button = box.addButton(self.tr("Save As…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return "reload" if clicked is reload_button else "save_as" if clicked is save_as_button else "cancel"

    # ----------------------------------------------------------------- recent projects
    def recent_projects(self) -> list[Path]:
        """The projects opened or saved last, newest first (at most :data:`MAX_RECENT`)."""
        value = self._settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings gives a one-element list back as a string
            value = [value]
        values = value if isinstance(value, list) else []
        return [Path(str(v)) for v in values][:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        """Put a project first in the recent list."""
        path = path.resolve()
        paths = [path, *(p for p in self.recent_projects() if p != path)][:MAX_RECENT]
        self._settings.setValue(RECENT_KEY, [str(p) for p in paths])
        self._settings.sync()
        self.fill_recent_menu()

    @Slot()
    def clear_recent(self) -> None:
        """Forget the recent projects."""
        self._settings.remove(RECENT_KEY)
        self._settings.sync()
        self.fill_recent_menu()

    def fill_recent_menu(self) -> None:
        """List the recent projects in :attr:`recent_menu` (again, also after a language change)."""
        self.recent_menu.clear()
        paths = self.recent_projects()
        for i, path in enumerate(paths):
            action = self.recent_menu.addAction(f"&{i + 1} {path.name}")
            action.setToolTip(str(path))
            action.setData(str(path))
            action.triggered.connect(lambda _checked=False, path=path: self.open(path))
        if paths:
            self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction(self.tr("&Clear the list"))
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self.clear_recent)
