"""First start on an empty database: the station profile and its first supervisor."""

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
from ui.feedback import attempt
from ui.forms import FormDialog


class SetupDialog(FormDialog):
    """Sets up the station in one transaction, then signs its supervisor in.

    After ``accept()`` the new supervisor is in :attr:`actor`.
    """

    def __init__(self, services: Services, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(lang, parent)
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

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.name_edit.setFocus()

    def submit(self) -> None:
        """Create the station and supervisor; on a refusal show why and keep the form."""
        self.clear_error()
        pin = self.pin_edit.text()

        def set_up() -> Actor:
            if pin != self.pin_again_edit.text():
                raise InvalidInput(
                    "两次输入的 PIN 不一样",
                    "The two PINs do not match",
                    field="PIN again",
                )
            self.services.stations.initialize(
                name=self.name_edit.text(),
                kind=str(self.kind_combo.currentData()),
                supervisor_name=self.supervisor_edit.text(),
                supervisor_pin=pin,
                address=self.address_edit.text(),
                hotline=self.hotline_edit.text(),
                hours=self.hours_edit.text(),
                seats=self.seats_spin.value(),
            )
            return self.services.users.login(self.supervisor_edit.text(), pin)

        self.actor = attempt(set_up, self._refused)
        if self.actor is not None:
            self.accept()

    def _refused(self, exc: StationError) -> None:
        if exc.field == "PIN again":
            # The second PIN is typed again from the start (its dots cannot be checked).
            self.pin_again_edit.clear()
        self.show_error(exc)
