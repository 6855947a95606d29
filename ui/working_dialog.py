"""A form dialog whose action runs off the GUI thread, on the window's :class:`~ui.ops.Ops`.

The dialog reads what was typed on the GUI thread, hands the service call to ``ops`` and
returns at once; the result comes back on the GUI thread. Meanwhile the dialog shows
that it is working: the widgets that would start the action again (its OK button, the
PIN field, the number pad) and Cancel are disabled, a short line says "Checking…" (or,
when the call has waited a while, that another program holds the database), and Esc or
the window's close button do nothing. So one Enter is one try, and the action is either
done or refused before the person can leave the dialog. A dialog the window closed
meanwhile (a change of shift, the idle timeout) does not act on a late result.

A dialog opened without the window's ``Ops`` (the first start and the sign-in before
the window exists, a dialog tested alone) uses :func:`dialog_ops`: one worker for such
dialogs that lives as long as the application, so that a dialog closed and deleted while
its call runs never takes the worker (and the call's way back) with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from station_app.errors import StationError
from ui.forms import FormDialog
from ui.ops import Ops

T = TypeVar("T")

_dialog_ops: Ops | None = None


def dialog_ops() -> Ops:
    """The worker of dialogs opened without the window's (see the module)."""
    global _dialog_ops
    if _dialog_ops is None or not shiboken6.isValid(_dialog_ops):
        _dialog_ops = Ops(parent=QCoreApplication.instance())
    return _dialog_ops


class WorkingDialog(FormDialog):
    """Base of the sign-in, supervisor, set-up and voucher dialogs (see the module)."""

    def __init__(self, lang: str, ops: Ops | None = None, parent: QWidget | None = None) -> None:
        super().__init__(lang, parent)
        self.ops = ops if ops is not None else dialog_ops()
        self.working = False
        self.closed = False  # closed (accepted, cancelled, or by the window) since shown
        self.working_label = QLabel()
        self.working_label.setObjectName("formWorking")
        self.working_label.setWordWrap(True)
        self.working_label.hide()
        self._held: list[QWidget] = []
        self.ops.waiting.connect(self._database_waiting)

    def hold_while_working(self, *widgets: QWidget) -> None:
        """``widgets`` are disabled while the action's call runs."""
        self._held.extend(widgets)

    def working_text(self) -> str:
        """The line shown while the call runs."""
        return self.tr("Checking…")

    def start(
        self,
        call: Callable[[], T],
        done: Callable[[T], None],
        refused: Callable[[StationError], None],
    ) -> bool:
        """Run ``call`` on the worker, then ``done(result)`` or ``refused(problem)`` here.
        False (and nothing run) while the previous call is still running."""
        if self.working:
            return False
        self._set_working(True)
        self.ops.run(
            call,
            lambda result: self._back(done, result),
            lambda problem: self._back(refused, problem),
        )
        return True

    def _back(self, handler: Callable[[Any], None], value: Any) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog is gone (deleted after closing): nothing to show
        self._set_working(False)
        handler(value)

    def _set_working(self, on: bool) -> None:
        self.working = on
        for widget in self._held:
            widget.setEnabled(not on)
        self.working_label.setText(self.working_text())
        self.working_label.setVisible(on)

    def _database_waiting(self, waiting: bool) -> None:
        if self.working:
            text = (
                self.tr("Waiting for the database: another program is using it…")
                if waiting
                else self.working_text()
            )
            self.working_label.setText(text)

    # -- the person cannot leave while the call runs; the window still can (done())

    def showEvent(self, event: QShowEvent) -> None:
        self.closed = False
        super().showEvent(event)

    def done(self, result: int) -> None:
        self.closed = True
        super().done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.working and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.working:
            event.ignore()
            return
        super().closeEvent(event)
