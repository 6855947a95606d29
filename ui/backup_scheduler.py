"""Automatic backups while the window runs: at start, then every few hours.

:class:`BackupScheduler` runs :func:`station_app.backup.auto_backup` into the backups
folder and, when one is set, a second folder (a USB stick), each copy verified and
each folder rotated. The settings are read at every run, so a change in Settings
takes effect at the next one: QSettings ``backup/every_hours`` (default 6) and
``backup/second_folder`` (empty: none).

It has its own :class:`ui.ops.Ops`, not the window's. The window's worker does one
call at a time, in order: a backup of a large station there would make a check-in
tapped meanwhile wait for it. A backup only reads (a snapshot through SQLite's
backup API, which in WAL mode neither waits for the window's writes nor holds them
up), so it runs beside them on a worker of its own, and the window never looks busy
because of it. Two backups never overlap: a run asked for while one is going is
skipped (and ``auto_backup`` itself takes a lock).

Every outcome is said: ``status(str)`` after each run, ``backed_up(list[BackupInfo])``
or ``failed(StationError)``; a failure is never silent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from station_app.backup import BackupInfo, auto_backup, database_url
from station_app.config import load_config
from station_app.errors import StationError
from station_app.services import Services
from ui.feedback import fill
from ui.ops import Ops

EVERY_HOURS_KEY = "backup/every_hours"
SECOND_FOLDER_KEY = "backup/second_folder"
DEFAULT_EVERY_HOURS = 6.0
MAX_TIMER_MS = 2**31 - 1  # QTimer's limit (about 24.8 days)


def kiosk_settings() -> QSettings:
    """The kiosk's own settings (per user, INI), where the Settings page writes them."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "StationDesk", "StationDesk"
    )


def every_hours(settings: QSettings) -> float:
    """``backup/every_hours``: a positive number of hours, else the default 6."""
    raw = settings.value(EVERY_HOURS_KEY, DEFAULT_EVERY_HOURS)
    try:
        hours = float(str(raw))
    except ValueError:
        return DEFAULT_EVERY_HOURS
    return hours if hours > 0 else DEFAULT_EVERY_HOURS


def second_folder(settings: QSettings) -> Path | None:
    raw = str(settings.value(SECOND_FOLDER_KEY, "") or "").strip()
    return Path(raw) if raw else None


def default_backup_dir() -> Path:
    """The backups folder main.py uses: ``STATION_BACKUP_DIR`` or the data folder's."""
    return load_config().backup_dir


class BackupScheduler(QObject):
    """Backs up at :meth:`start` and then every ``backup/every_hours`` hours."""

    status = Signal(str)  # a plain sentence after each run, in the window's language
    backed_up = Signal(object)  # list[BackupInfo]
    failed = Signal(object)  # StationError
    progress = Signal(float)  # 0.0 … 1.0 while copying
    running_changed = Signal(bool)

    def __init__(
        self,
        db_url: str,
        backup_dir: Path,
        now: Callable[[], datetime],
        *,
        lang: Callable[[], str] = lambda: "zh_CN",
        settings: QSettings | None = None,
        ops: Ops | None = None,
        log_path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``now`` gives the local time (it names the files); ``ops`` defaults to a worker
        of the scheduler's own (see the module's notes)."""
        super().__init__(parent)
        self.db_url = db_url
        self.backup_dir = backup_dir
        self.now = now
        self.lang = lang
        self.settings = settings if settings is not None else kiosk_settings()
        self.ops = ops if ops is not None else Ops(log_path, self)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.run_now)
        self.running = False
        self.last_result: list[BackupInfo] | None = None
        self.last_error: StationError | None = None
        self.last_finished: datetime | None = None
        self._stop = threading.Event()

    @classmethod
    def for_services(
        cls,
        services: Services,
        lang: Callable[[], str],
        *,
        backup_dir: Path | None = None,
        log_path: Path | None = None,
        parent: QObject | None = None,
    ) -> BackupScheduler:
        """The window's scheduler: its database, the backups folder, the local clock."""
        ctx = services.ctx
        return cls(
            database_url(services.ctx),
            backup_dir if backup_dir is not None else default_backup_dir(),
            lambda: ctx.local(ctx.now()),
            lang=lang,
            log_path=log_path,
            parent=parent,
        )

    # -- what the settings say, now

    def interval_ms(self) -> int:
        return min(MAX_TIMER_MS, max(1, round(every_hours(self.settings) * 3_600_000)))

    def folders(self) -> list[Path]:
        second = second_folder(self.settings)
        return [self.backup_dir] if second is None else [self.backup_dir, second]

    # -- running

    def start(self, *, now: bool = True) -> None:
        """Back up now (unless ``now`` is False) and then every N hours."""
        self.timer.start(self.interval_ms())
        if now:
            self.run_now()

    def stop(self) -> None:
        self.timer.stop()

    def cancel(self) -> None:
        """Stop the copy running now; no unfinished file is left (the run reports it)."""
        if self.running:
            self._stop.set()

    def run_now(self) -> bool:
        """Start a backup; False if one is running already."""
        if self.running:
            return False
        self.running = True
        self._stop.clear()
        self.running_changed.emit(True)
        self.progress.emit(0.0)
        url, folders, when = self.db_url, self.folders(), self.now()
        stop = self._stop
        report = self.progress.emit  # a signal: safe from the worker, delivered here

        def back_up() -> list[BackupInfo]:
            return auto_backup(url, folders, when, progress=report, should_stop=stop.is_set)

        self.ops.run(back_up, self._done, self._failed)
        return True

    def _finish(self) -> None:
        self.running = False
        self.last_finished = self.now()
        self.timer.setInterval(self.interval_ms())  # a changed setting counts from now
        self.running_changed.emit(False)

    def _done(self, infos: list[BackupInfo]) -> None:
        self.last_result, self.last_error = infos, None
        self._finish()
        self.progress.emit(1.0)
        when = self.last_finished.strftime("%Y-%m-%d %H:%M") if self.last_finished else ""
        places = "; ".join(str(info.path.parent) for info in infos)
        self.status.emit(fill(self.tr("Backed up and checked at %1: %2"), when, places))
        self.backed_up.emit(infos)

    def _failed(self, problem: StationError) -> None:
        self.last_error = problem
        self._finish()
        self.status.emit(fill(self.tr("The backup failed: %1"), problem.message(self.lang())))
        self.failed.emit(problem)
