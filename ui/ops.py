"""Service calls off the GUI thread: the window never freezes on the database.

:class:`Ops` runs one service call at a time on its own worker thread (calls keep
their order: a check-in, then the register that shows it) and hands the result
back on the GUI thread: ``done(result)``, or ``refused(problem)`` for a
:class:`~station_app.errors.StationError` or a failing environment (a busy or
full database). While a call runs, ``busy_changed(True)`` lets the window show
that it is working; a call still running after a moment (another kiosk or an
import holds the database) makes it say it is waiting. Anything else is a bug:
its traceback goes to the rotating log file in the data folder, and the person
is told that something went wrong, nothing was saved, and where the log is.
Never a traceback on screen, never a silent failure.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal

from station_app.errors import StationError
from station_app.problems import problem_of

T = TypeVar("T")
log = logging.getLogger("station_desk.ui")

WAITING_AFTER_MS = 600  # a call still running then is waiting for the database
LOG_NAME = "station-desk.log"
LOG_BYTES = 1_000_000
LOG_KEEP = 5


def setup_log(folder: Path) -> Path:
    """Unexpected errors of the window go to ``folder/station-desk.log`` (rotating)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger("station_desk")
    if not any(
        isinstance(h, logging.handlers.RotatingFileHandler) and Path(h.baseFilename) == path
        for h in root.handlers
    ):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_KEEP, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


class Unexpected(StationError):
    """A bug: shown as "something went wrong, nothing was saved", with the log's place."""

    def __init__(self, log_path: Path | None) -> None:
        where_zh = f"详细情况已记入日志：{log_path}" if log_path else "详细情况已记入日志"
        where_en = f"The details are in the log: {log_path}" if log_path else "See the log"
        super().__init__(
            f"出了点问题，这次的操作没有保存。{where_zh}",
            f"Something went wrong and nothing was saved. {where_en}",
        )
        self.log_path = log_path


class _Signals(QObject):
    finished = Signal(object, object)  # (result, exception or None)


class _Call(QRunnable):
    def __init__(self, call: Callable[[], Any]) -> None:
        super().__init__()
        self.call = call
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.call()
        except BaseException as exc:  # handed back to the GUI thread, judged there
            self.signals.finished.emit(None, exc)
        else:
            self.signals.finished.emit(result, None)


class Ops(QObject):
    """The window's one way to call a service. ``run`` returns at once."""

    busy_changed = Signal(bool)
    waiting = Signal(bool)  # True: a call has been waiting a while (the database is held)
    failed = Signal(object)  # StationError: a refusal or a bug, after its own handler

    def __init__(self, log_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one call at a time, in the order asked
        self._running = 0
        self._calls: set[_Call] = set()
        self._wait_timer = QTimer(self)
        self._wait_timer.setSingleShot(True)
        self._wait_timer.setInterval(WAITING_AFTER_MS)
        self._wait_timer.timeout.connect(lambda: self.waiting.emit(True))

    @property
    def busy(self) -> bool:
        return self._running > 0

    def run(
        self,
        call: Callable[[], T],
        done: Callable[[T], None] | None = None,
        refused: Callable[[StationError], None] | None = None,
    ) -> None:
        """Run ``call`` on the worker; then ``done(result)`` or ``refused(problem)`` (or
        the ``failed`` signal when no ``refused`` is given) on the GUI thread."""
        job = _Call(call)
        self._calls.add(job)
        job.setAutoDelete(False)
        job.signals.finished.connect(
            lambda result, exc: self._finished(job, result, exc, done, refused),
            Qt.ConnectionType.QueuedConnection,  # back on the GUI thread
        )
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
            self._wait_timer.start()
        self.pool.start(job)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until every call is done (closing the window, tests)."""
        return self.pool.waitForDone(timeout_ms)

    def _finished(
        self,
        job: _Call,
        result: Any,
        exc: BaseException | None,
        done: Callable[[Any], None] | None,
        refused: Callable[[StationError], None] | None,
    ) -> None:
        self._calls.discard(job)
        self._running -= 1
        if self._running == 0:
            self._wait_timer.stop()
            self.waiting.emit(False)
            self.busy_changed.emit(False)
        if exc is None:
            if done is not None:
                done(result)
            return
        problem = problem_of(exc)
        if problem is None:
            log.error("unexpected error in a service call", exc_info=exc)
            problem = Unexpected(self.log_path)
        if refused is not None:
            refused(problem)
        else:
            self.failed.emit(problem)
