"""Issue a relief voucher (发放券) to a member or a named person, to print at once.

The running campaigns and the categories are read, and the voucher is issued, off the
GUI thread (:class:`~ui.working_dialog.WorkingDialog`): the dialog says it is working
and keeps answering while another program holds the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
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
from station_app.errors import StationError
from station_app.relief import CampaignInfo
from station_app.services import Services
from station_app.stations import CategoryInfo
from station_app.vouchers import VoucherInfo
from ui.feedback import display_name
from ui.ops import Ops
from ui.working_dialog import WorkingDialog


@dataclass(frozen=True)
class VoucherChoices:
    """What the form offers: the campaigns not yet ended, the visitor categories."""

    campaigns: tuple[CampaignInfo, ...]
    categories: tuple[CategoryInfo, ...]


def read_choices(services: Services) -> VoucherChoices:
    today: date = services.ctx.today()
    campaigns = tuple(c for c in services.relief.campaigns() if c.active and c.ends_on >= today)
    return VoucherChoices(campaigns, tuple(services.stations.categories()))


class VoucherIssueDialog(WorkingDialog):
    """Campaign, then a member card or a name with the phone's last four digits.

    On OK the voucher is issued (one transaction); ``voucher`` holds it, ``issued`` is
    emitted and the dialog closes. A refusal names its field, which turns red; nothing is
    written. ``loaded`` is emitted once the campaigns are in the form."""

    loaded = Signal()
    issued = Signal(object)  # VoucherInfo

    def __init__(
        self,
        services: Services,
        actor: Actor,
        lang: str,
        parent: QWidget | None = None,
        *,
        ops: Ops | None = None,
    ) -> None:
        super().__init__(lang, ops, parent)
        self.services = services
        self.actor = actor
        self.voucher: VoucherInfo | None = None
        self.choices: VoucherChoices | None = None
        self.setWindowTitle(self.tr("Relief voucher"))
        self.setMinimumWidth(560)
        self.campaign = QComboBox()
        # Filled after the dialog is shown: as wide as its names then, not as when empty.
        self.campaign.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.member = QLineEdit()
        self.member.setPlaceholderText(self.tr("Scan or type the card code, or leave empty"))
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setMaxLength(4)
        self.phone.setInputMask("9999;_")
        self.employer = QLineEdit()
        self.category = QComboBox()
        self.category.addItem(self.tr("(the member's own / not given)"), None)

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

        self.buttons = QDialogButtonBox()
        self.issue_button = self.buttons.addButton(
            self.tr("Issue and print"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        self.issue_button.setEnabled(False)  # until the campaigns are read
        self.hold_while_working(self.buttons)

        self.no_campaign = QLabel(self.tr("No relief campaign is running or coming up."))
        self.no_campaign.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.no_campaign)
        layout.addLayout(form)
        layout.addWidget(self.working_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.start(lambda: read_choices(services), self._fill, self.show_error)

    def working_text(self) -> str:
        return self.tr("Checking…") if self.choices is not None else self.tr("Loading…")

    def _fill(self, choices: VoucherChoices) -> None:
        self.choices = choices
        for c in choices.campaigns:
            self.campaign.addItem(f"{c.name} ({c.starts_on} – {c.ends_on})", c.id)
        for cat in choices.categories:
            self.category.addItem(display_name(cat.name, cat.name_en, self.lang), cat.id)
        self.issue_button.setEnabled(bool(choices.campaigns))
        self.no_campaign.setVisible(not choices.campaigns)
        self.adjustSize()
        self.loaded.emit()

    def issue(self) -> None:
        if self.working or self.choices is None:
            return
        self.clear_error()
        member = self.member.text().strip()
        phone = self.phone.text().replace("_", "").strip()
        vouchers, actor = self.services.vouchers, self.actor
        campaign, category = self.campaign.currentData(), self.category.currentData()
        name, employer = self.name.text(), self.employer.text()
        self.start(
            lambda: vouchers.issue(
                actor,
                campaign,
                member_code=member or None,
                name=None if member else name,
                phone_last4=None if member else phone,
                employer=None if member else (employer or None),
                category=category,
            ),
            self._issued,
            self._refused,
        )

    def _issued(self, voucher: VoucherInfo) -> None:
        # Issued is issued: said even if the window closed the dialog meanwhile.
        self.voucher = voucher
        self.issued.emit(voucher)
        if not self.closed:
            self.accept()

    def _refused(self, exc: StationError) -> None:
        self.show_error(exc)
