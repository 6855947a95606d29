"""Visitor mode (访客自助模式): the kiosk's screen for visitors to scan on their own.

Full screen, it shows only "please scan" and the big result of each scan: a member
card checks in or out, a visit slip checks out. A relief voucher is not handed out
here: the visitor is sent to the desk. Leaving needs a supervisor's name and PIN;
Esc, Alt+F4 or closing the window only ask for them.
"""

from __future__ import annotations

from collections.abc import Callable

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
from station_app.errors import StationError
from station_app.scans import OPEN_VOUCHER
from station_app.services import Services
from ui.feedback import attempt, fill
from ui.forms import FormDialog
from ui.scan_display import CLEAR_AFTER_MS, ScanDisplay

STYLE = """
QWidget#visitorMode, QWidget#visitorPage { background: #f6f7f9; }
QLabel#visitorStation { font-size: 28px; font-weight: bold; color: #b3261e; }
QLabel#visitorPrompt { font-size: 96px; font-weight: bold; color: #0d47a1; }
QLabel#visitorPromptOther { font-size: 44px; color: #37474f; }
QLabel#visitorHint { font-size: 24px; color: #455a64; }
QPushButton#leaveButton { font-size: 14px; color: #78909c; background: transparent;
    border: 1px solid #cfd8dc; }
"""


class SupervisorDialog(FormDialog):
    """A supervisor's name and PIN, checked with the sign-in service. After ``accept()``
    the supervisor is in :attr:`actor`. A wrong PIN, or a PIN that is not a
    supervisor's, is said under the form and the dialog stays."""

    def __init__(
        self, services: Services, lang: str, purpose: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(lang, parent)
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
        self.bind_field("Name", self.name_combo)
        self.bind_field("PIN", self.pin_edit)
        form = QFormLayout()
        form.addRow(self.tr("Supervisor"), self.name_combo)
        form.addRow(self.tr("PIN"), self.pin_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Confirm"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        # Enter in the PIN field presses the default button: one check per Enter.
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.pin_edit.setFocus()

    def submit(self) -> None:
        self.clear_error()
        name, pin = str(self.name_combo.currentData() or ""), self.pin_edit.text()
        actor = attempt(lambda: self.services.users.login(name, pin), self._refused)
        if actor is None:
            return
        if not actor.is_supervisor:
            self.pin_edit.clear()
            self.error_label.setText(
                fill(self.tr("%1 is not a supervisor: a supervisor's PIN is needed"), actor.name)
            )
            self.error_label.show()
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
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.lang = lang
        self.leave_dialog: SupervisorDialog | None = None
        self._may_close = False
        self.setObjectName("visitorMode")
        self.setWindowTitle(self.tr("Visitor mode"))
        self.setWindowFlag(Qt.WindowType.Window, True)
        # Closing this window must never end the program (the main window is hidden).
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(STYLE)

        station = QLabel(services.stations.profile().name)
        station.setObjectName("visitorStation")
        station.setAlignment(Qt.AlignmentFlag.AlignCenter)

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
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.leave_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 24)
        layout.addWidget(station)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)

    # ------------------------------------------------------------------ scanning

    def handle_scan(self, text: str) -> None:
        """A member card or a visit slip, as at the desk; a voucher goes to the desk."""
        outcome = attempt(lambda: self.services.scans.scan(self.actor, text), self._refused)
        if outcome is None:
            return
        if outcome.action == OPEN_VOUCHER:
            # Nothing was written: a voucher is redeemed by the attendant, who hands it out.
            self.display.show_notice(
                self.tr("Please collect at the desk"),
                self.tr("Vouchers are handed out by the attendant at the desk."),
            )
            return
        self.display.show_outcome(outcome)

    def _refused(self, exc: StationError) -> None:
        self.display.show_refusal(exc)

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
