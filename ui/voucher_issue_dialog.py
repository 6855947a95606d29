"""Issue a relief voucher (发放券) to a member or a named person, to print at once."""

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
from station_app.services import Services
from station_app.vouchers import VoucherInfo
from ui.feedback import attempt, display_name
from ui.forms import FormDialog


class VoucherIssueDialog(FormDialog):
    """Campaign, then a member card or a name with the phone's last four digits.

    On OK the voucher is issued (one transaction); ``voucher`` holds it and the
    dialog closes. A refusal names its field, which turns red; nothing is written."""

    def __init__(
        self, services: Services, actor: Actor, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(lang, parent)
        self.services = services
        self.actor = actor
        self.voucher: VoucherInfo | None = None
        self.setWindowTitle(self.tr("Relief voucher"))
        today = services.ctx.today()
        self.campaign = QComboBox()
        for c in services.relief.campaigns():
            if c.active and c.ends_on >= today:
                self.campaign.addItem(f"{c.name} ({c.starts_on} – {c.ends_on})", c.id)
        self.member = QLineEdit()
        self.member.setPlaceholderText(self.tr("Scan or type the card code, or leave empty"))
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setMaxLength(4)
        self.phone.setInputMask("9999;_")
        self.employer = QLineEdit()
        self.category = QComboBox()
        self.category.addItem(self.tr("(the member's own / not given)"), None)
        for cat in services.stations.categories():
            self.category.addItem(display_name(cat.name, cat.name_en, lang), cat.id)

        form = QFormLayout()
        form.addRow(self.tr("Campaign"), self.campaign)
        form.addRow(self.tr("Member card"), self.member)
        form.addRow(QLabel(self.tr("Or a person without a card:")))
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Phone last 4"), self.phone)
        form.addRow(self.tr("Employer"), self.employer)
        form.addRow(self.tr("Category"), self.category)
        for field, widget in (
            ("Campaign", self.campaign),
            ("Member code", self.member),
            ("Claimant name", self.name),
            ("Phone last 4", self.phone),
            ("Employer", self.employer),
            ("Category", self.category),
        ):
            self.bind_field(field, widget)

        buttons = QDialogButtonBox()
        self.issue_button = buttons.addButton(
            self.tr("Issue and print"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.issue)
        buttons.rejected.connect(self.reject)
        self.issue_button.setEnabled(self.campaign.count() > 0)

        layout = QVBoxLayout(self)
        if self.campaign.count() == 0:
            layout.addWidget(QLabel(self.tr("No relief campaign is running or coming up.")))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def issue(self) -> None:
        self.clear_error()
        member = self.member.text().strip()
        phone = self.phone.text().replace("_", "").strip()
        voucher = attempt(
            lambda: self.services.vouchers.issue(
                self.actor,
                self.campaign.currentData(),
                member_code=member or None,
                name=None if member else self.name.text(),
                phone_last4=None if member else phone,
                employer=None if member else (self.employer.text() or None),
                category=self.category.currentData(),
            ),
            self.show_error,
        )
        if voucher is not None:
            self.voucher = voucher
            self.accept()
