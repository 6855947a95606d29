"""First start on an empty database: the station profile and its first supervisor.

The station is set up off the GUI thread (:class:`~ui.working_dialog.WorkingDialog`):
the form says it is working and keeps answering while the database is busy.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.context import Actor
from station_app.errors import InvalidInput, StationError
from station_app.services import Services
from ui.ops import Ops
from ui.working_dialog import WorkingDialog


class SetupDialog(WorkingDialog):
    """Sets up the station in one transaction, then signs its supervisor in.

    After ``accept()`` the new supervisor is in :attr:`actor`.
    """

    def __init__(
        self,
        services: Services,
        lang: str,
        parent: QWidget | None = None,
        *,
        ops: Ops | None = None,
    ) -> None:
        super().__init__(lang, ops, parent)
        self.services = services
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Station Desk: first start"))
        self.setMinimumWidth(560)

        intro = QLabel(
            self.tr(
                "Welcome. Set up this station once: its name and kind, and the supervisor "
                "who signs the monthly ledgers. Everything can be changed later."
            )
        )
        intro.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("e.g. Jiefang Road Care Station"))
        self.kind_combo = QComboBox()
        for code, label in (
            ("both", self.tr("Rest station and mommy room")),
            ("rest", self.tr("Outdoor workers' rest station")),
            ("nursing", self.tr("Mommy room (nursing room)")),
        ):
            self.kind_combo.addItem(label, code)
        self.address_edit = QLineEdit()
        self.hotline_edit = QLineEdit()
        self.hours_edit = QLineEdit()
        self.hours_edit.setPlaceholderText("07:00-21:00")
        self.seats_spin = QSpinBox()
        self.seats_spin.setRange(0, 500)
        self.seats_spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.supervisor_edit = QLineEdit()
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setPlaceholderText(self.tr("4 to 12 digits"))
        self.pin_again_edit = QLineEdit()
        self.pin_again_edit.setEchoMode(QLineEdit.EchoMode.Password)

        form = QFormLayout()
        form.addRow(self.tr("Station name"), self.name_edit)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Address (optional)"), self.address_edit)
        form.addRow(self.tr("Hotline (optional)"), self.hotline_edit)
        form.addRow(self.tr("Opening hours (optional)"), self.hours_edit)
        form.addRow(self.tr("Seats"), self.seats_spin)
        form.addRow(self.tr("Supervisor's name"), self.supervisor_edit)
        form.addRow(self.tr("Supervisor's PIN"), self.pin_edit)
        form.addRow(self.tr("PIN again"), self.pin_again_edit)

        for field, widget in (
            ("Station name", self.name_edit),
            ("Kind", self.kind_combo),
            ("Address", self.address_edit),
            ("Hotline", self.hotline_edit),
            ("Opening hours", self.hours_edit),
            ("Seats", self.seats_spin),
            ("Name", self.supervisor_edit),
            ("PIN", self.pin_edit),
            ("PIN again", self.pin_again_edit),
        ):
            self.bind_field(field, widget)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Set up"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.hold_while_working(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.working_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.name_edit.setFocus()

    def working_text(self) -> str:
        return self.tr("Setting up the station…")

    def submit(self) -> None:
        """Create the station and supervisor (on the worker, with what the form holds
        now); on a refusal show why and keep the form."""
        if self.working:
            return
        self.clear_error()
        pin = self.pin_edit.text()
        if pin != self.pin_again_edit.text():
            self._refused(
                InvalidInput(
                    "两次输入的 PIN 不一样", "The two PINs do not match", field="PIN again"
                )
            )
            return
        stations, users = self.services.stations, self.services.users
        name, kind = self.name_edit.text(), str(self.kind_combo.currentData())
        supervisor = self.supervisor_edit.text()
        address, hotline = self.address_edit.text(), self.hotline_edit.text()
        hours, seats = self.hours_edit.text(), self.seats_spin.value()

        def set_up() -> Actor:
            stations.initialize(
                name=name,
                kind=kind,
                supervisor_name=supervisor,
                supervisor_pin=pin,
                address=address,
                hotline=hotline,
                hours=hours,
                seats=seats,
            )
            return users.login(supervisor, pin)

        self.start(set_up, self._set_up, self._refused)

    def _set_up(self, actor: Actor) -> None:
        self.actor = actor
        if not self.closed:
            self.accept()

    def _refused(self, exc: StationError) -> None:
        if exc.field == "PIN again":
            # The second PIN is typed again from the start (its dots cannot be checked).
            self.pin_again_edit.clear()
        self.show_error(exc)
