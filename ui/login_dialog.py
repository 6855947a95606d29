"""Who is on shift: an attendant or supervisor picks their name and types their PIN.

The PIN is checked off the GUI thread (:class:`~ui.working_dialog.WorkingDialog`): the
dialog says it is checking and keeps answering while another program holds the
database, and one Enter (or the number pad's OK) is one try.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.context import Actor
from station_app.errors import InvalidInput, StationError
from station_app.services import Services
from ui.feedback import fill
from ui.numpad import NumPad
from ui.ops import Ops
from ui.working_dialog import WorkingDialog


class LoginDialog(WorkingDialog):
    """After ``accept()`` the signed-in person is in :attr:`actor`."""

    def __init__(
        self,
        services: Services,
        lang: str,
        station_name: str,
        parent: QWidget | None = None,
        *,
        ops: Ops | None = None,
    ) -> None:
        super().__init__(lang, ops, parent)
        self.services = services
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Station Desk: start of shift"))
        self.setMinimumWidth(420)

        title = QLabel(station_name)
        title.setObjectName("stationName")
        prompt = QLabel(self.tr("Choose your name and type your PIN."))

        self.name_combo = QComboBox()
        role_names = {"supervisor": self.tr("supervisor"), "attendant": self.tr("attendant")}
        for user in services.users.list_users():
            if user.role in role_names:
                # Brackets are the language's own: "王站长（负责人）", "Wang (supervisor)".
                shown = fill(self.tr("%1 (%2)"), user.name, role_names[user.role])
                self.name_combo.addItem(shown, user.name)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        # Enter in the PIN field presses the default button (Sign in): connecting
        # returnPressed as well would check the PIN twice, two tries for one Enter.
        self.bind_field("PIN", self.pin_edit)
        self.bind_field("Name", self.name_combo)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_combo)
        form.addRow(self.tr("PIN"), self.pin_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.numpad = NumPad(self.pin_edit)
        self.numpad.ok_pressed.connect(self.submit)
        self.hold_while_working(self.name_combo, self.pin_edit, self.numpad, self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(prompt)
        layout.addLayout(form)
        layout.addWidget(self.numpad)
        layout.addWidget(self.working_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.pin_edit.setFocus()
        # Said before anyone types: with another PC's PIN key no PIN can be checked.
        key_problem = services.users.pin_key_problem()
        if key_problem is not None:
            self.show_error(key_problem)

    def submit(self) -> None:
        """Check the PIN once, on the worker. An empty PIN is not sent: it would count as
        a wrong try; nor is a PIN typed while the last one is being checked."""
        if self.working:
            return
        self.clear_error()
        name, pin = str(self.name_combo.currentData() or ""), self.pin_edit.text()
        if not pin:
            self.show_error(InvalidInput("请输入 PIN", "Type your PIN", field="PIN"))
            return
        users = self.services.users
        self.start(lambda: users.login(name, pin), self._signed_in, self._refused)

    def _signed_in(self, actor: Actor) -> None:
        if self.closed:
            return  # closed meanwhile (signed in another way): the window goes on without it
        self.actor = actor
        self.accept()

    def _refused(self, exc: StationError) -> None:
        self.pin_edit.clear()
        self.show_error(exc)
        if exc.field is None:
            self._mark(self.pin_edit, True)
            self.pin_edit.setFocus()
