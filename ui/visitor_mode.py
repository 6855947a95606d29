"""Visitor mode (访客自助模式): the kiosk's screen for visitors to scan on their own.

Full screen, it shows only "please scan" and the big result of each scan: a member
card checks in or out, a visit slip checks out. A relief voucher is not handed out
here: the visitor is sent to the desk. Leaving needs a supervisor's name and PIN;
Esc, Alt+F4 or closing the window only ask for them.

Scans and the supervisor's PIN are checked off the GUI thread, on the window's
:class:`~ui.ops.Ops` (scans in the order they came): the screen says it is checking
and keeps answering while another program holds the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.context import Actor
from station_app.errors import InvalidInput, StationError
from station_app.scans import OPEN_VOUCHER, ScanOutcome
from station_app.services import Services
from ui.feedback import fill
from ui.numpad import NumPad
from ui.ops import Ops
from ui.scan_display import CLEAR_AFTER_MS, ScanDisplay
from ui.working_dialog import WorkingDialog, dialog_ops

STYLE = """
QWidget#visitorMode, QWidget#visitorPage { background: #f6f7f9; }
QLabel#visitorStation { font-size: 28px; font-weight: bold; color: #b3261e; }
QLabel#visitorPrompt { font-size: 96px; font-weight: bold; color: #0d47a1; }
QLabel#visitorPromptOther { font-size: 44px; color: #37474f; }
QLabel#visitorHint { font-size: 24px; color: #455a64; }
QLabel#visitorChecking { font-size: 24px; font-weight: bold; color: #0d47a1; }
QPushButton#leaveButton { font-size: 14px; color: #78909c; background: transparent;
    border: 1px solid #cfd8dc; }
"""


class SupervisorDialog(WorkingDialog):
    """A supervisor's name and PIN (typed, or tapped on the number pad), checked with the
    sign-in service off the GUI thread. After ``accept()`` the supervisor is in
    :attr:`actor`. A wrong PIN, or a PIN that is not a supervisor's, is said under the
    form and the dialog stays."""

    def __init__(
        self,
        services: Services,
        lang: str,
        purpose: str,
        parent: QWidget | None = None,
        *,
        ops: Ops | None = None,
    ) -> None:
        super().__init__(lang, ops, parent)
        self.services = services
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Supervisor's PIN"))
        self.setMinimumWidth(420)
        prompt = QLabel(purpose)
        prompt.setWordWrap(True)

        self.name_combo = QComboBox()
        for user in services.users.list_users():
            if user.role == "supervisor":
                self.name_combo.addItem(user.name, user.name)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        self.bind_field("Name", self.name_combo)
        self.bind_field("PIN", self.pin_edit)
        form = QFormLayout()
        form.addRow(self.tr("Supervisor"), self.name_combo)
        form.addRow(self.tr("PIN"), self.pin_edit)
        # For a touch kiosk with no keyboard; its OK is the dialog's Confirm.
        self.numpad = NumPad(self.pin_edit)
        self.numpad.ok_pressed.connect(self.submit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Confirm"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        # Enter in the PIN field presses the default button: one check per Enter.
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.hold_while_working(self.name_combo, self.pin_edit, self.numpad, self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addLayout(form)
        layout.addWidget(self.numpad)
        layout.addWidget(self.working_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.pin_edit.setFocus()

    def submit(self) -> None:
        """Check the PIN once, on the worker. An empty PIN is not sent (it would count as
        a wrong try), nor one typed while the last is being checked."""
        if self.working:
            return
        self.clear_error()
        name, pin = str(self.name_combo.currentData() or ""), self.pin_edit.text()
        if not pin:
            self.show_error(InvalidInput("请输入 PIN", "Type your PIN", field="PIN"))
            return
        users = self.services.users
        self.start(lambda: users.login(name, pin), self._checked, self._refused)

    def _checked(self, actor: Actor) -> None:
        if self.closed:
            return  # cancelled meanwhile (the idle timeout): no supervisor's rights
        if not actor.is_supervisor:
            self.pin_edit.clear()
            self.error_label.setText(
                fill(self.tr("%1 is not a supervisor: a supervisor's PIN is needed"), actor.name)
            )
            self.error_label.show()
            self.pin_edit.setFocus()
            return
        self.actor = actor
        self.accept()

    def _refused(self, exc: StationError) -> None:
        self.pin_edit.clear()
        self.show_error(exc)
        if exc.field is None:
            self._mark(self.pin_edit, True)
        self.pin_edit.setFocus()


class VisitorMode(QWidget):
    """The visitors' screen. Scans are handed to :meth:`handle_scan` (by the main
    window, which owns the scanner filter); ``left`` is emitted once a supervisor
    has confirmed leaving, and the window closes."""

    left = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        lang: str,
        parent: QWidget | None = None,
        *,
        clear_after_ms: int = CLEAR_AFTER_MS,
        beep: Callable[[], None] | None = None,
        ops: Ops | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.lang = lang
        # The window's worker (its calls and these keep one order), or the dialogs' one.
        self.ops = ops if ops is not None else dialog_ops()
        self.leave_dialog: SupervisorDialog | None = None
        self._may_close = False
        self._scans_running = 0
        self._database_held = False  # the worker's call has waited a while
        self.setObjectName("visitorMode")
        self.setWindowTitle(self.tr("Visitor mode"))
        self.setWindowFlag(Qt.WindowType.Window, True)
        # Closing this window must never end the program (the main window is hidden).
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(STYLE)

        self.station = QLabel()
        self.station.setObjectName("visitorStation")
        self.station.setAlignment(Qt.AlignmentFlag.AlignCenter)

        prompt_page = QWidget()
        prompt_page.setObjectName("visitorPage")
        prompt_layout = QVBoxLayout(prompt_page)
        prompt_layout.addStretch(1)
        self.prompt = QLabel(self.tr("Please scan"))
        self.prompt.setObjectName("visitorPrompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        prompt_layout.addWidget(self.prompt)
        if lang != "en":  # visitors who read English see it too
            other = QLabel("Please scan")
            other.setObjectName("visitorPromptOther")
            other.setAlignment(Qt.AlignmentFlag.AlignCenter)
            prompt_layout.addWidget(other)
        hint = QLabel(self.tr("Hold your member card or visit slip under the scanner"))
        hint.setObjectName("visitorHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        prompt_layout.addSpacing(24)
        prompt_layout.addWidget(hint)
        prompt_layout.addStretch(1)

        self.display = ScanDisplay(
            lang, services.ctx.local, clear_after_ms=clear_after_ms, beep=beep
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(prompt_page)
        self.stack.addWidget(self.display)
        self.display.shown.connect(lambda: self.stack.setCurrentWidget(self.display))
        self.display.cleared.connect(lambda: self.stack.setCurrentWidget(prompt_page))

        self.leave_button = QPushButton(self.tr("Leave visitor mode"))
        self.leave_button.setObjectName("leaveButton")
        self.leave_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.leave_button.clicked.connect(self.ask_to_leave)
        # A scan being checked: said at once, so that nobody scans again.
        self.checking = QLabel()
        self.checking.setObjectName("visitorChecking")
        self.checking.setAlignment(Qt.AlignmentFlag.AlignCenter)
        policy = self.checking.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the screen does not jump when it comes
        self.checking.setSizePolicy(policy)
        self.checking.hide()
        self.ops.waiting.connect(self._database_waiting)
        bottom = QHBoxLayout()
        bottom.addSpacing(self.leave_button.sizeHint().width())  # the line stays centred
        bottom.addWidget(self.checking, 1)
        bottom.addWidget(self.leave_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 24)
        layout.addWidget(self.station)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)

        stations = services.stations
        self.ops.run(
            lambda: stations.profile().name,
            self._show_station,
            lambda _problem: None,  # the station's name is a nicety; scans still work
        )

    # ------------------------------------------------------------------ scanning

    def handle_scan(self, text: str) -> None:
        """A member card or a visit slip, as at the desk; a voucher goes to the desk.
        Checked on the worker; scans that come meanwhile wait their turn."""
        scans, actor = self.services.scans, self.actor
        self._scans_running += 1
        self._show_checking()
        self.ops.run(
            lambda: scans.scan(actor, text),
            lambda outcome: self._scan_back(self._scanned, outcome),
            lambda problem: self._scan_back(self.display.show_refusal, problem),
        )

    @property
    def checking_scan(self) -> bool:
        """A scan is being checked (or waits for the database)."""
        return self._scans_running > 0

    def _alive(self) -> bool:
        return shiboken6.isValid(self)

    def _scan_back(self, show: Callable[[Any], None], value: Any) -> None:
        if not self._alive():
            return  # visitor mode ended and is gone: the result is in the register
        self._scans_running -= 1
        self._show_checking()
        show(value)

    def _show_station(self, name: str) -> None:
        if self._alive():
            self.station.setText(name)

    def _database_waiting(self, waiting: bool) -> None:
        self._database_held = waiting
        self._show_checking()

    def _show_checking(self) -> None:
        if not self._alive():
            return
        if self._scans_running and self._database_held:
            self.checking.setText(self.tr("Please wait a moment: the database is busy…"))
        elif self._scans_running:
            self.checking.setText(self.tr("Checking…"))
        self.checking.setVisible(self._scans_running > 0)

    def _scanned(self, outcome: ScanOutcome) -> None:
        if outcome.action == OPEN_VOUCHER:
            # Nothing was written: a voucher is redeemed by the attendant, who hands it out.
            self.display.show_notice(
                self.tr("Please collect at the desk"),
                self.tr("Vouchers are handed out by the attendant at the desk."),
            )
            return
        self.display.show_outcome(outcome)

    # ------------------------------------------------------------------ leaving

    def ask_to_leave(self) -> None:
        """Ask for a supervisor's name and PIN; only they end visitor mode."""
        if self.leave_dialog is not None and self.leave_dialog.isVisible():
            self.leave_dialog.raise_()
            self.leave_dialog.activateWindow()
            return
        dialog = SupervisorDialog(
            self.services,
            self.lang,
            self.tr("A supervisor's name and PIN are needed to leave visitor mode."),
            self,
            ops=self.ops,
        )
        dialog.accepted.connect(self.leave)
        self.leave_dialog = dialog
        dialog.open()

    def leave(self) -> None:
        """Close visitor mode (after the supervisor's PIN)."""
        self._may_close = True
        self.left.emit()  # the main window shows itself before this one closes
        self.close()

    @property
    def active(self) -> bool:
        return not self._may_close

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.ask_to_leave()  # Esc does not leave: it asks for a supervisor
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
            return
        event.ignore()  # Alt+F4, the window's close button: a supervisor must confirm
        self.ask_to_leave()
