"""Backups in the window: the Settings page's panel, and the home page's notice.

:class:`BackupPanel` lists the backups (when, size, checked, kind, where), makes one
now with a progress bar (it can be cancelled: no unfinished file is left), keeps the
second folder (a USB stick; one that does not exist or is read-only is refused and
its field turns red), and restores a chosen backup: a supervisor's action, confirmed
first, which keeps a copy of the database as it is before replacing it
(:func:`station_app.backup.restore_database`), then says that Station Desk must be
started again and emits :attr:`BackupPanel.restored` for the window.

:class:`BackupNotice` is a plain line for the home page, shown only when the newest
good backup is more than two days old, there is none, or the last backup failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.backup import (
    KIND_AUTO,
    KIND_BEFORE_RESTORE,
    KIND_BEFORE_UPGRADE,
    KIND_DAMAGED,
    BackupEntry,
    RestoreInfo,
    check_backup_folder,
    database_url,
    list_backups,
    newest_good_backup,
    restore_database,
)
from station_app.errors import PermissionDenied, StationError
from ui.backup_scheduler import (
    SECOND_FOLDER_KEY,
    BackupScheduler,
    default_backup_dir,
    kiosk_settings,
    second_folder,
)
from ui.feedback import fill
from ui.forms import FieldErrors
from ui.ops import Ops
from ui.pages.base import PageContext
from ui.rows_model import NUMBER_ALIGN, Column, RowsModel, brush

STALE_AFTER = timedelta(days=2)
CONTEXT = "BackupTableModel"


@dataclass(frozen=True)
class BackupRow:
    """A backup as listed: the file, and which of the two places it is in."""

    entry: BackupEntry
    second: bool  # in the second folder (the USB stick), not the backups folder


COLUMNS: tuple[Column, ...] = (
    Column("taken", str(QT_TRANSLATE_NOOP("BackupTableModel", "Taken"))),
    Column("size", str(QT_TRANSLATE_NOOP("BackupTableModel", "Size"))),
    Column("checked", str(QT_TRANSLATE_NOOP("BackupTableModel", "Verified"))),
    Column("kind", str(QT_TRANSLATE_NOOP("BackupTableModel", "Kind"))),
    Column("place", str(QT_TRANSLATE_NOOP("BackupTableModel", "Where"))),
    Column("file", str(QT_TRANSLATE_NOOP("BackupTableModel", "File"))),
)

KIND_NAMES: dict[str, str] = {
    KIND_AUTO: str(QT_TRANSLATE_NOOP("BackupTableModel", "Automatic")),
    KIND_BEFORE_RESTORE: str(QT_TRANSLATE_NOOP("BackupTableModel", "Before a restore")),
    KIND_BEFORE_UPGRADE: str(QT_TRANSLATE_NOOP("BackupTableModel", "Before an upgrade")),
    KIND_DAMAGED: str(QT_TRANSLATE_NOOP("BackupTableModel", "Damaged database kept")),
}
BY_HAND = str(QT_TRANSLATE_NOOP("BackupTableModel", "By hand"))


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class BackupTableModel(RowsModel[BackupRow]):
    """The backups, newest first, over frozen rows; the columns are :data:`COLUMNS`."""

    CONTEXT = "BackupTableModel"

    def __init__(
        self, to_local: Callable[[datetime], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, COLUMNS)
        self._to_local = to_local

    def text(self, row: BackupRow, column: int) -> str:
        return self._text(row, COLUMNS[column].key)

    def cell_data(self, number: int, row: BackupRow, column: int, role: int) -> Any:
        key = COLUMNS[column].key
        if role == Qt.ItemDataRole.ToolTipRole and key in ("file", "place"):
            return str(row.entry.path)
        if role == Qt.ItemDataRole.ForegroundRole and key == "checked":
            if row.entry.kind == KIND_DAMAGED:
                return brush("#d93025")
            return brush("#1b5e20" if row.entry.recorded else "#5f6368")
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "size":
            return NUMBER_ALIGN
        return None

    def row_label(self, number: int) -> str | None:
        return None  # the table shows no row numbers

    def _text(self, row: BackupRow, key: str) -> str:
        entry = row.entry
        if key == "taken":
            return self._to_local(entry.taken_at).strftime("%Y-%m-%d %H:%M")
        if key == "size":
            return size_text(entry.size_bytes)
        if key == "checked":
            if entry.kind == KIND_DAMAGED:
                return QCoreApplication.translate("BackupTableModel", "Damaged")
            return (
                QCoreApplication.translate("BackupTableModel", "Yes")
                if entry.recorded
                else QCoreApplication.translate("BackupTableModel", "Not recorded")
            )
        if key == "kind":
            return _tr(KIND_NAMES.get(entry.kind, BY_HAND))
        if key == "place":
            return (
                QCoreApplication.translate("BackupTableModel", "Second folder")
                if row.second
                else QCoreApplication.translate("BackupTableModel", "Backups folder")
            )
        return entry.path.name


class BackupPanel(QWidget):
    """The Settings page's backups section (see the module's notes)."""

    restored = Signal(object)  # RestoreInfo: the station's data was replaced; restart

    def __init__(
        self,
        ctx: PageContext,
        parent: QWidget | None = None,
        *,
        scheduler: BackupScheduler | None = None,
        backup_dir: Path | None = None,
        settings: QSettings | None = None,
    ) -> None:
        """``scheduler``: the window's, so that "Back up now" and the timer share one
        worker and one progress bar; without it the panel makes its own (no timer)."""
        super().__init__(parent)
        self.ctx = ctx
        if scheduler is None:
            app = ctx.services.ctx
            scheduler = BackupScheduler(
                database_url(app),
                backup_dir if backup_dir is not None else default_backup_dir(),
                lambda: app.local(app.now()),
                lang=ctx.lang,
                settings=settings if settings is not None else kiosk_settings(),
                ops=Ops(ctx.ops.log_path, self),
                parent=self,
            )
        self.scheduler = scheduler
        self.settings = scheduler.settings
        self._restore_source: Path | None = None
        self._restore_when: str = ""
        self._restoring = False
        self._calls = 0

        self.title_label = QLabel()
        self.title_label.setObjectName("sectionTitle")
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = BackupTableModel(ctx.services.ctx.local, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; the arrows go row to row
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(40)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.backup_button = QPushButton()
        self.backup_button.setProperty("role", "primary")
        self.backup_button.clicked.connect(self.back_up_now)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(lambda: self.scheduler.cancel())
        self.cancel_button.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup_button)
        backup_row.addWidget(self.cancel_button)
        backup_row.addWidget(self.progress, 1)
        backup_row.addStretch(0)  # the bar hidden, the buttons keep their own width

        self.second_label = QLabel()
        self.second_edit = QLineEdit()
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_second_folder)
        self.save_second_button = QPushButton()
        self.save_second_button.clicked.connect(self.save_second_folder)
        self.clear_second_button = QPushButton()
        self.clear_second_button.clicked.connect(self.clear_second_folder)
        second_row = QHBoxLayout()
        second_row.addWidget(self.second_edit, 1)
        second_row.addWidget(self.choose_button)
        second_row.addWidget(self.save_second_button)
        second_row.addWidget(self.clear_second_button)

        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.ask_restore_selected)
        self.restore_file_button = QPushButton()
        self.restore_file_button.clicked.connect(self.choose_file_to_restore)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_button)
        restore_row.addWidget(self.restore_file_button)
        restore_row.addStretch(1)

        self.confirm_box = QWidget()
        self.confirm_label = QLabel()
        self.confirm_label.setWordWrap(True)
        self.confirm_yes = QPushButton()
        self.confirm_yes.setProperty("role", "primary")
        self.confirm_yes.clicked.connect(self.restore_confirmed)
        self.confirm_no = QPushButton()
        self.confirm_no.clicked.connect(self.cancel_restore)
        confirm = QHBoxLayout(self.confirm_box)
        confirm.setContentsMargins(0, 0, 0, 0)
        confirm.addWidget(self.confirm_label, 1)
        confirm.addWidget(self.confirm_yes)
        confirm.addWidget(self.confirm_no)
        self.confirm_box.hide()

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("notice")
        self.status_label.setProperty("kind", "ok")
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.errors = FieldErrors(self.error_label, ctx.lang)
        self.errors.bind("second_folder", self.second_edit)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(backup_row)
        layout.addWidget(self.second_label)
        layout.addLayout(second_row)
        layout.addLayout(restore_row)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)

        scheduler.running_changed.connect(self._backup_running)
        scheduler.progress.connect(self._progress)
        scheduler.backed_up.connect(self._backed_up)
        scheduler.failed.connect(self._backup_failed)
        self.second_edit.setText(str(second_folder(self.settings) or ""))
        self.retranslate()
        self._backup_running(scheduler.running)
        self.refresh()

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Backups"))
        self.folder_label.setText(
            fill(
                self.tr("Backups folder: %1. A backup is made at start and every %2 hours."),
                self.scheduler.backup_dir,
                f"{self.scheduler.interval_ms() / 3_600_000:g}",
            )
        )
        self.backup_button.setText(self.tr("Back up now"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.second_label.setText(self.tr("Second folder (a USB stick), optional:"))
        self.second_edit.setPlaceholderText(self.tr("No second folder"))
        self.choose_button.setText(self.tr("Choose…"))
        self.save_second_button.setText(self.tr("Save"))
        self.clear_second_button.setText(self.tr("Remove"))
        self.restore_button.setText(self.tr("Restore the chosen backup…"))
        self.restore_file_button.setText(self.tr("Restore from another file…"))
        self.confirm_yes.setText(self.tr("Yes, restore"))
        self.confirm_no.setText(self.tr("Cancel"))
        if self._restore_source is not None:
            self.confirm_label.setText(self._confirm_text())
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _say(self, text: str) -> None:
        self.errors.clear()
        self.status_label.setText(text)
        self.status_label.show()

    def _refuse(self, problem: StationError) -> None:
        self.status_label.clear()
        self.errors.show(problem)

    # ------------------------------------------------------------------ working

    def _run(self, call: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """A call on the window's worker, with the panel's buttons off while it runs."""
        self._calls += 1
        self._update_buttons()

        def finished(result: Any) -> None:
            self._calls -= 1
            self._update_buttons()
            done(result)

        def refused(problem: StationError) -> None:
            self._calls -= 1
            self._update_buttons()
            self._refuse(problem)

        self.ctx.ops.run(call, finished, refused)

    @property
    def busy(self) -> bool:
        return self._calls > 0 or self.scheduler.running or self._restoring

    def _update_buttons(self) -> None:
        busy = self.busy
        self.backup_button.setEnabled(not busy)
        for button in (self.save_second_button, self.clear_second_button, self.choose_button):
            button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.selected() is not None)
        self.restore_file_button.setEnabled(not busy)
        self.confirm_yes.setEnabled(not busy)

    def refresh(self) -> None:
        """List the backups in both folders again (off the GUI thread)."""
        folders = self.scheduler.folders()
        tz = self.ctx.services.ctx.tz

        def listing() -> list[BackupRow]:
            rows = [BackupRow(e, i > 0) for i, f in enumerate(folders) for e in list_backups(f, tz)]
            return sorted(rows, key=lambda r: r.entry.taken_at, reverse=True)

        self._run(listing, self._listed)

    def _listed(self, rows: list[BackupRow]) -> None:
        self.model.set_rows(rows)
        self._update_buttons()

    def selected(self) -> BackupRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # ------------------------------------------------------------------ backing up

    def back_up_now(self) -> None:
        if not self.scheduler.run_now():
            self._say(self.tr("A backup is being made already."))

    def _backup_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        if running:
            self.progress.setValue(0)
            self._say(self.tr("Backing up…"))
        self._update_buttons()

    def _progress(self, fraction: float) -> None:
        self.progress.setValue(round(fraction * 100))

    def _backed_up(self, infos: list[Any]) -> None:
        when = self.scheduler.last_finished
        shown = when.strftime("%Y-%m-%d %H:%M") if when else ""
        self._say(
            fill(
                self.tr("Backed up and checked at %1: %2"),
                shown,
                "; ".join(str(info.path) for info in infos),
            )
        )
        self.refresh()

    def _backup_failed(self, problem: StationError) -> None:
        self._refuse(problem)
        self.refresh()

    # ------------------------------------------------------------------ the second folder

    def _supervisor(self, what_zh: str, what_en: str) -> bool:
        """Whether the person on shift now is a supervisor; if not, say one is needed."""
        if self.ctx.actor().is_supervisor:
            return True
        self._refuse(
            PermissionDenied(
                f"只有负责人可以{what_zh}：请负责人输入 PIN 后再试",
                f"Only a supervisor can {what_en}: ask the supervisor to sign in",
            )
        )
        return False

    def choose_second_folder(self) -> None:
        start = self.second_edit.text() or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Second backup folder"), start)
        if folder:
            self.second_edit.setText(folder)
            self.set_second_folder(folder)

    def save_second_folder(self) -> None:
        self.set_second_folder(self.second_edit.text())

    def set_second_folder(self, folder: str) -> None:
        """Check the folder (it exists, is writable, is not the backups folder), then keep it."""
        if not self._supervisor(*_CHANGE_FOLDER):
            return
        backup_dir = self.scheduler.backup_dir
        self.errors.clear()
        self._run(
            lambda: check_backup_folder(folder, field="second_folder", not_in=backup_dir),
            self._second_folder_checked,
        )

    def _second_folder_checked(self, folder: Path) -> None:
        self.settings.setValue(SECOND_FOLDER_KEY, str(folder))
        self.settings.sync()
        self.second_edit.setText(str(folder))
        self._say(fill(self.tr("Each backup is also written to %1."), folder))
        self.refresh()

    def clear_second_folder(self) -> None:
        if not self._supervisor(*_CHANGE_FOLDER):
            return
        self.settings.remove(SECOND_FOLDER_KEY)
        self.settings.sync()
        self.second_edit.clear()
        self._say(self.tr("Backups are written to the backups folder only."))
        self.refresh()

    # ------------------------------------------------------------------ restoring

    def ask_restore_selected(self) -> None:
        row = self.selected()
        if row is None:
            self._say(self.tr("Choose a backup in the list first."))
            return
        when = self.ctx.services.ctx.local(row.entry.taken_at).strftime("%Y-%m-%d %H:%M")
        self.ask_restore(row.entry.path, when)

    def choose_file_to_restore(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Backup to restore"),
            str(self.scheduler.backup_dir),
            self.tr("Station Desk backups (*.db)"),
        )
        if path:
            self.ask_restore(Path(path), Path(path).name)

    def ask_restore(self, source: Path, when: str) -> None:
        """Show the confirmation for restoring ``source`` (a supervisor's action)."""
        if not self._supervisor(*_RESTORE):
            return
        self._restore_source, self._restore_when = source, when
        self.confirm_label.setText(self._confirm_text())
        self.confirm_box.show()
        self._update_buttons()

    def _confirm_text(self) -> str:
        return fill(
            self.tr(
                "Replace the station's data with the backup of %1? Everything recorded "
                "after it is lost. A copy of the database as it is now is kept first."
            ),
            self._restore_when,
        )

    def cancel_restore(self) -> None:
        self._restore_source = None
        self.confirm_box.hide()

    def restore_confirmed(self) -> None:
        source = self._restore_source
        if source is None or not self._supervisor(*_RESTORE):
            return
        self.confirm_box.hide()
        self._restore_source = None
        app = self.ctx.services.ctx
        url, safety_dir = self.scheduler.db_url, self.scheduler.backup_dir
        now = app.local(app.now())
        self._restoring = True
        self.progress.setRange(0, 0)  # busy: a restore cannot tell how far it is
        self.progress.show()
        self._say(self.tr("Restoring… keep the kiosk on."))

        def restore() -> RestoreInfo:
            return restore_database(url, source, safety_dir, now)

        def finished(result: Any) -> None:
            self._restore_finished()
            self._restored(result)

        def refused(problem: StationError) -> None:
            self._restore_finished()
            self._refuse(problem)

        self._update_buttons()
        self.ctx.ops.run(restore, finished, refused)

    def _restore_finished(self) -> None:
        self._restoring = False
        self.progress.setRange(0, 100)
        self.progress.hide()
        self._update_buttons()

    def _restored(self, info: RestoreInfo) -> None:
        kept = str(info.safety_backup) if info.safety_backup else "-"
        text = fill(
            self.tr(
                "The backup %1 was restored. The database as it was before is kept at %2. "
                "Station Desk must now be started again: close it and open it again."
            ),
            info.source.name,
            kept,
        )
        self._say(text)
        self.ctx.say(text)
        self.restored.emit(info)
        self.refresh()


_CHANGE_FOLDER = ("更改第二个备份位置", "change the second backup folder")
_RESTORE = ("从备份恢复数据", "restore a backup")


class BackupNotice(QLabel):
    """The home page's line about backups: hidden while all is well.

    Shown when the newest good backup (in the backups folder or the second one) is
    more than two days old, when there is none, or when the last backup failed —
    with the date of the newest good one. :meth:`watch` follows a scheduler.
    """

    def __init__(
        self,
        ctx: PageContext,
        parent: QWidget | None = None,
        *,
        folders: Callable[[], list[Path]] | None = None,
        ops: Ops | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backupNotice")
        self.setWordWrap(True)
        self.hide()
        self._folders = folders if folders is not None else self._default_folders
        self._ops = ops if ops is not None else ctx.ops
        self.newest: tuple[Path, datetime] | None = None
        self.failure: StationError | None = None
        self.checked = False
        # The notice's own test needs no database, only the time: look again each hour.
        self._clock = QTimer(self)
        self._clock.setInterval(3_600_000)
        self._clock.timeout.connect(self.update_text)
        self._clock.start()

    @staticmethod
    def _default_folders() -> list[Path]:
        second = second_folder(kiosk_settings())
        backup_dir = default_backup_dir()
        return [backup_dir] if second is None else [backup_dir, second]

    def watch(self, scheduler: BackupScheduler) -> None:
        """Follow ``scheduler``: its folders, its worker, and what each run ends with."""
        self._folders = scheduler.folders
        self._ops = scheduler.ops
        scheduler.backed_up.connect(lambda _infos: self._succeeded())
        scheduler.failed.connect(self.set_failed)

    def refresh(self) -> None:
        """Look for the newest good backup (off the GUI thread), then show or hide."""
        folders = self._folders()
        tz = self.ctx.services.ctx.tz

        def newest() -> tuple[Path, datetime] | None:
            found = [n for n in (newest_good_backup(f, tz) for f in folders) if n is not None]
            return max(found, key=lambda n: n[1]) if found else None

        self._ops.run(newest, self._found, self._not_found)

    def _found(self, newest: tuple[Path, datetime] | None) -> None:
        self.newest = newest
        self.checked = True
        self.update_text()

    def _succeeded(self) -> None:
        self.failure = None
        self.refresh()

    def _not_found(self, problem: StationError) -> None:
        """The folders could not be read: said as a failure (never silent)."""
        self.checked = True
        self.failure = problem
        self.update_text()

    def set_failed(self, problem: StationError) -> None:
        """The last backup failed: say so, with the date of the newest good one."""
        self.failure = problem
        if self.checked:
            self.update_text()
        else:
            self.refresh()

    def update_text(self) -> None:
        if not self.checked:
            return
        now = self.ctx.services.ctx.now()
        newest = self.newest
        stale = newest is None or now - newest[1] > STALE_AFTER
        if self.failure is None and not stale:
            self.clear()
            self.hide()
            return
        if newest is None:
            since = self.tr("There is no good backup yet.")
        else:
            when = self.ctx.services.ctx.local(newest[1]).strftime("%Y-%m-%d %H:%M")
            since = fill(self.tr("The newest good backup is from %1."), when)
        if self.failure is not None:
            text = fill(
                self.tr("The last backup failed: %1 %2"),
                self.failure.message(self.ctx.lang()),
                since,
            )
        else:
            text = fill(
                self.tr("%1 Back up now in Settings › Backups, or ask the supervisor."), since
            )
        self.setText(text)
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.update_text()
        super().changeEvent(event)
