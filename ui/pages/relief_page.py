"""The Relief page (发放): hand a campaign's package to a person, who signs for it.

Top: the running campaigns to choose from, and for the chosen one its package,
who may claim and how often, how many more packages the stock allows and how
many have been handed out so far. Left: the claimant (a member card typed or
scanned into the card field, or a person's name with their phone's last four
digits, employer and category), the pen pad the recipient signs on, and the
Hand out button. Right: the campaign's roster so far, with the signature of the
selected row shown small.

A handout is one service call (one transaction) on ``ctx.ops``: the package
leaves stock and the signature is kept with it, or nothing is written and the
field at fault turns red with the reason under the form. A claim over the
person's limit says when and where the earlier one was, large and red.

The pad may stay empty only when the attendant ticks "Cannot sign" (a person
who cannot write, an injured hand): then the handout is recorded unsigned and
the roster shows it without a tick.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QItemSelection, QRegularExpression, Qt
from PySide6.QtGui import QPixmap, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app import codes
from station_app.codes import CodeRefused
from station_app.context import Actor
from station_app.errors import InvalidInput, LimitReached, StationError
from station_app.inventory import StockLevel
from station_app.relief import CampaignInfo, HandoutInfo
from station_app.services import Services
from station_app.stations import CategoryInfo
from ui.feedback import display_name, fill
from ui.pages.base import Page, PageContext
from ui.pages.relief_models import (
    RosterModel,
    RosterView,
    packages_left,
    people_served,
)
from ui.signature_pad import SignaturePad

T = TypeVar("T")

TOUCH_HEIGHT = 48
PREVIEW_WIDTH = 240
PREVIEW_HEIGHT = 90
LOW_PACKAGES = 5  # "stock left" turns amber at or below this many packages

# The service's names for the form's fields (StationError.field).
CAMPAIGN = "Campaign"
MEMBER_CODE = "Member code"
NAME = "Claimant name"
PHONE = "Phone last 4"
EMPLOYER = "Employer"
CATEGORY = "Category"
SIGNATURE = "Signature"

PAGE_STYLE = f"""
QLineEdit, QComboBox {{ min-height: {TOUCH_HEIGHT - 6}px; }}
QPushButton {{ min-height: {TOUCH_HEIGHT - 16}px; }}
QPushButton[role="primary"] {{ min-height: {TOUCH_HEIGHT + 16}px; font-size: 22px; }}
QCheckBox {{ min-height: {TOUCH_HEIGHT}px; }}
QCheckBox::indicator {{ width: 26px; height: 26px; }}
QLabel#reliefRefusal {{
    background: #fdecea; color: #b3261e; border: 2px solid #d93025; border-radius: 6px;
    padding: 10px; font-size: 20px; font-weight: bold;
}}
QComboBox#campaignCombo {{ font-size: 20px; font-weight: bold; color: #b3261e; }}
QLabel#campaignDates {{ font-size: 16px; color: #444; }}
QLabel#stockLeft {{ font-size: 18px; font-weight: bold; color: #1b5e20; }}
QLabel#stockLeft[level="low"] {{ color: #b26a00; }}
QLabel#stockLeft[level="none"] {{ color: #d93025; }}
QLabel#servedCount {{ font-size: 18px; font-weight: bold; color: #333; }}
QFrame#campaignBox {{ background: white; border: 1px solid #dde1e6; border-radius: 6px; }}
QLabel#signaturePreview {{ background: white; border: 1px solid #dde1e6; color: #9aa0a6; }}
"""


@dataclass(frozen=True)
class Overview:
    """One load of the page: campaigns that can still hand out, stock, categories."""

    campaigns: tuple[CampaignInfo, ...]
    levels: tuple[StockLevel, ...]
    categories: tuple[CategoryInfo, ...]
    today: date


@dataclass(frozen=True)
class Claim:
    """The form as the attendant left it when they tapped Hand out."""

    campaign_id: int
    code: str
    name: str
    phone: str
    employer: str
    category: int | None
    signature: bytes | None

    @property
    def person_given(self) -> bool:
        return any(v.strip() for v in (self.name, self.phone, self.employer))


def load_overview(services: Services) -> Overview:
    """Read what the page shows (on the worker)."""
    today = services.ctx.today()
    campaigns = tuple(c for c in services.relief.campaigns() if c.active and c.ends_on >= today)
    return Overview(
        campaigns=campaigns,
        levels=tuple(services.inventory.levels()),
        categories=tuple(services.stations.categories()),
        today=today,
    )


def record_claim(services: Services, actor: Actor, claim: Claim) -> HandoutInfo:
    """Hand out (on the worker). The card field takes an old member code, a printed
    member card (a signed code) or a relief voucher, which hands out its own package."""
    text = "".join(claim.code.split())
    member_code: str | None = text or None
    if text and codes.looks_signed(text):
        code = services.scans.verify(text)
        if code.kind == codes.VOUCHER:
            if claim.person_given:
                raise InvalidInput(
                    "发放券上已写明领取人，不用再填姓名、手机尾号和单位",
                    "A voucher names its claimant: leave name, phone and employer empty",
                    field=MEMBER_CODE,
                )
            return services.vouchers.redeem(actor, code.number, signature_png=claim.signature)
        if code.kind != codes.MEMBER:
            raise InvalidInput(
                "这是签到小票，不是会员卡或发放券",
                "This is a visit slip, not a member card or a voucher",
                field=MEMBER_CODE,
            )
        member_code = services.members.get(code.number).code
    if member_code is not None:
        return services.relief.hand_out(
            actor,
            claim.campaign_id,
            member_code=member_code,
            name=claim.name or None,
            phone_last4=claim.phone or None,
            employer=claim.employer or None,
            category=claim.category,
            signature_png=claim.signature,
        )
    return services.relief.hand_out(
        actor,
        claim.campaign_id,
        name=claim.name,
        phone_last4=claim.phone,
        employer=claim.employer or None,
        category=claim.category,
        signature_png=claim.signature,
    )


def _mark(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class ReliefPage(Page):
    """Hand out relief packages against a signature; the roster so far."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setStyleSheet(PAGE_STYLE)
        self.overview: Overview | None = None
        self._roster_campaign: int | None = None
        self._select_campaign: int | None = None
        self._select_handout: int | None = None
        self._preview_for: int | None = None
        self._problem: StationError | None = None  # the refusal shown under the form
        self._fields: dict[str, QWidget] = {}
        self.model = RosterModel(self._roster_view(), self)

        outer = QVBoxLayout(self)
        outer.addWidget(self._campaign_box())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._form_panel())
        splitter.addWidget(self._roster_panel())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 460])
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        for name, widget in (
            (CAMPAIGN, self.campaign_combo),
            (MEMBER_CODE, self.card_edit),
            (NAME, self.name_edit),
            (PHONE, self.phone_edit),
            (EMPLOYER, self.employer_edit),
            (CATEGORY, self.category_combo),
            (SIGNATURE, self.pad),
        ):
            self._fields[name] = widget
        self.card_edit.textChanged.connect(lambda _t: self._edited(MEMBER_CODE))
        self.name_edit.textChanged.connect(lambda _t: self._edited(NAME))
        self.phone_edit.textChanged.connect(lambda _t: self._edited(PHONE))
        self.employer_edit.textChanged.connect(lambda _t: self._edited(EMPLOYER))
        self.category_combo.currentIndexChanged.connect(lambda _i: self._edited(CATEGORY))
        self.pad.changed.connect(lambda: self._edited(SIGNATURE))
        self.cannot_sign.toggled.connect(self._cannot_sign_toggled)
        self.campaign_combo.currentIndexChanged.connect(self._campaign_chosen)
        self.retranslate()
        self._update_enabled()

    # ------------------------------------------------------------------ building

    def _campaign_box(self) -> QWidget:
        box = QFrame()
        box.setObjectName("campaignBox")
        grid = QGridLayout(box)
        self.campaign_label = QLabel()
        self.campaign_combo = QComboBox()
        self.campaign_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.campaign_combo.setMinimumContentsLength(16)
        self.campaign_combo.setObjectName("campaignCombo")
        self.campaign_label.setBuddy(self.campaign_combo)
        self.dates_label = QLabel()
        self.dates_label.setObjectName("campaignDates")
        self.package_label = QLabel()
        self.package_label.setWordWrap(True)
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)
        self.stock_label = QLabel()
        self.stock_label.setObjectName("stockLeft")
        self.served_label = QLabel()
        self.served_label.setObjectName("servedCount")
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.reload)

        top = QHBoxLayout()
        top.addWidget(self.campaign_label)
        top.addWidget(self.campaign_combo, 1)
        top.addWidget(self.dates_label)
        top.addWidget(self.reload_button)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addWidget(self.package_label, 1, 0)
        grid.addWidget(self.stock_label, 1, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.rules_label, 2, 0)
        grid.addWidget(self.served_label, 2, 1, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(0, 1)
        return box

    def _form_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 6, 0)

        card_row = QHBoxLayout()
        self.card_title = QLabel()
        self.card_title.setObjectName("sectionTitle")
        card_row.addWidget(self.card_title)
        self.card_edit = QLineEdit()
        self.card_edit.setMaxLength(64)
        self.card_edit.returnPressed.connect(self._card_entered)
        self.card_title.setBuddy(self.card_edit)
        card_row.addWidget(self.card_edit, 1)
        layout.addLayout(card_row)

        self.person_title = QLabel()
        self.person_title.setObjectName("sectionTitle")
        layout.addWidget(self.person_title)
        grid = QGridLayout()
        self.name_label = QLabel()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(30)
        self.phone_label = QLabel()
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(4)
        self.phone_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,4}"), self.phone_edit)
        )
        self.phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.employer_label = QLabel()
        self.employer_edit = QLineEdit()
        self.employer_edit.setMaxLength(60)
        self.category_label = QLabel()
        self.category_combo = QComboBox()
        for label, widget in (
            (self.name_label, self.name_edit),
            (self.phone_label, self.phone_edit),
            (self.employer_label, self.employer_edit),
            (self.category_label, self.category_combo),
        ):
            label.setBuddy(widget)
        grid.addWidget(self.name_label, 0, 0)
        grid.addWidget(self.name_edit, 0, 1)
        grid.addWidget(self.phone_label, 0, 2)
        grid.addWidget(self.phone_edit, 0, 3)
        grid.addWidget(self.employer_label, 1, 0)
        grid.addWidget(self.employer_edit, 1, 1)
        grid.addWidget(self.category_label, 1, 2)
        grid.addWidget(self.category_combo, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)

        self.pad = SignaturePad()
        self.pad.setMinimumHeight(150)
        self.cannot_sign = QCheckBox()
        self.pad.side.addWidget(self.cannot_sign)
        self.busy_label = QLabel()
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy_label.hide()
        self.pad.side.addWidget(self.busy_label)
        self.hand_out_button = QPushButton()
        self.hand_out_button.setProperty("role", "primary")
        self.hand_out_button.setMinimumWidth(160)
        self.hand_out_button.clicked.connect(self.hand_out)
        self.pad.side.addWidget(self.hand_out_button)
        layout.addWidget(self.pad, 1)

        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.refusal_label = QLabel()
        self.refusal_label.setObjectName("reliefRefusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.hide()
        layout.addWidget(self.refusal_label)
        return panel

    def _roster_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        self.roster_title = QLabel()
        self.roster_title.setObjectName("sectionTitle")
        layout.addWidget(self.roster_title)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; the arrows go row to row
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            self.model.column_of("claimant"), QHeaderView.ResizeMode.Stretch
        )
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        layout.addWidget(self.table, 1)

        preview_row = QHBoxLayout()
        self.preview_title = QLabel()
        self.preview_title.setWordWrap(True)
        self.preview_title.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        preview_row.addWidget(self.preview_title, 1)
        self.preview = QLabel()
        self.preview.setObjectName("signaturePreview")
        self.preview.setFixedSize(PREVIEW_WIDTH, PREVIEW_HEIGHT)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        preview_row.addWidget(self.preview)
        layout.addLayout(preview_row)
        return panel

    # ------------------------------------------------------------------ Page

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ReliefPage", "Relief")

    @classmethod
    def icon_name(cls) -> str:
        return "package-x-generic"

    def activated(self) -> None:
        self.reload()

    def first_control(self) -> QWidget | None:
        return self.card_edit  # the claimant comes first; the campaign rarely changes

    def reset(self) -> None:
        for combo in (self.campaign_combo, self.category_combo):
            combo.hidePopup()
        self._clear_form()
        self.table.clearSelection()

    def retranslate(self) -> None:
        self.campaign_label.setText(self.tr("Campaign"))
        self.reload_button.setText(self.tr("Refresh"))
        self.card_title.setText(self.tr("Member card"))
        self.card_edit.setPlaceholderText(
            self.tr("Scan the card or type its code (a voucher works too)")
        )
        self.person_title.setText(self.tr("Or a person without a card"))
        self.name_label.setText(self.tr("Name"))
        self.phone_label.setText(self.tr("Phone last 4"))
        self.employer_label.setText(self.tr("Employer"))
        self.category_label.setText(self.tr("Category"))
        self.category_combo.setToolTip(self.tr("A member is counted in their registered category"))
        self.cannot_sign.setText(self.tr("Cannot sign"))
        self.cannot_sign.setToolTip(
            self.tr("Tick only when the recipient cannot write: the handout is kept unsigned")
        )
        self.hand_out_button.setText(self.tr("Hand out"))
        self.busy_label.setText(self.tr("Working…"))
        self.roster_title.setText(self.tr("Roster so far"))
        self.model.retranslate()
        self.model.set_view(self._roster_view())
        self._fill_categories()
        self._show_campaign()
        self._show_preview_text()
        if self._problem is not None:  # the reason shown, in the new language
            text = self._problem.message(self.ctx.lang())
            for label in (self.error_label, self.refusal_label):
                if label.isVisibleTo(self):
                    label.setText(text)

    # ------------------------------------------------------------------ calls

    def reload(self) -> None:
        """Campaigns, stock and categories; then the chosen campaign's roster."""
        services = self.ctx.services
        self.run_call(lambda: load_overview(services), self._show_overview)

    def _show_overview(self, overview: Overview) -> None:
        self.overview = overview
        keep = self._select_campaign or self.campaign_combo.currentData()
        self._select_campaign = None
        self.campaign_combo.blockSignals(True)
        try:
            self.campaign_combo.clear()
            for c in overview.campaigns:
                self.campaign_combo.addItem(c.name, c.id)
            at = self.campaign_combo.findData(keep) if keep is not None else -1
            self.campaign_combo.setCurrentIndex(max(at, 0) if overview.campaigns else -1)
        finally:
            self.campaign_combo.blockSignals(False)
        self._fill_categories()
        self._show_campaign()
        self._load_roster()
        self._update_enabled()

    def _campaign_chosen(self, _index: int) -> None:
        self._edited(CAMPAIGN)
        self._show_campaign()
        self._load_roster()

    def _load_roster(self) -> None:
        cid = self.current_campaign_id()
        if cid is None:
            self._roster_campaign = None
            self.model.set_rows([])
            self._show_campaign()
            return
        services = self.ctx.services
        self.run_call(
            lambda: services.relief.handouts(cid), lambda rows: self._show_roster(cid, rows)
        )

    def _show_roster(self, campaign_id: int, rows: Sequence[HandoutInfo]) -> None:
        if campaign_id != self.current_campaign_id():
            return  # another campaign was chosen meanwhile; its roster is on its way
        selected = self.selected_handout()
        keep = self._select_handout or (selected.id if selected is not None else None)
        self._select_handout = None
        self._roster_campaign = campaign_id
        self.model.set_rows(rows)
        self._show_campaign()
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.scrollToBottom()
            self._show_preview(None)

    # ------------------------------------------------------------------ what it shows

    def _roster_view(self) -> RosterView:
        lang = self.ctx.lang()
        cats = self.overview.categories if self.overview is not None else ()
        names = {c.name: display_name(c.name, c.name_en, lang) for c in cats}
        return RosterView(self.ctx.services.ctx.local, names, lang)

    def current_campaign(self) -> CampaignInfo | None:
        cid = self.current_campaign_id()
        if cid is None or self.overview is None:
            return None
        return next((c for c in self.overview.campaigns if c.id == cid), None)

    def current_campaign_id(self) -> int | None:
        data = self.campaign_combo.currentData()
        return data if isinstance(data, int) else None

    def stock_left(self) -> int | None:
        """Packages the usable stock still allows for the chosen campaign."""
        c = self.current_campaign()
        if c is None or self.overview is None:
            return None
        return packages_left(c.lines, self.overview.levels)

    def _fill_categories(self) -> None:
        current = self.category_combo.currentData()
        lang = self.ctx.lang()
        self.category_combo.blockSignals(True)
        try:
            self.category_combo.clear()
            self.category_combo.addItem(self.tr("(not given)"), None)
            cats = self.overview.categories if self.overview is not None else ()
            for cat in cats:
                self.category_combo.addItem(display_name(cat.name, cat.name_en, lang), cat.id)
            at = self.category_combo.findData(current) if current is not None else 0
            self.category_combo.setCurrentIndex(max(at, 0))
        finally:
            self.category_combo.blockSignals(False)
        self.model.set_view(self._roster_view())

    def _category_names(self, names: Sequence[str]) -> str:
        lang = self.ctx.lang()
        cats = {c.name: c for c in (self.overview.categories if self.overview else ())}
        shown = [display_name(n, cats[n].name_en, lang) if n in cats else n for n in names]
        return (", " if lang == "en" else "、").join(shown)

    def _show_campaign(self) -> None:
        c = self.current_campaign()
        if c is None:
            for label in (self.dates_label, self.rules_label, self.stock_label):
                label.clear()
            self.package_label.setText(
                self.tr("No relief campaign is running. A supervisor sets one up in Settings.")
                if self.overview is not None
                else ""
            )
            self.served_label.clear()
            return
        self.dates_label.setText(fill(self.tr("%1 to %2"), c.starts_on, c.ends_on))
        sep = ", " if self.ctx.lang() == "en" else "、"
        package = sep.join(f"{ln.item} × {ln.qty} {ln.unit}" for ln in c.lines)
        self.package_label.setText(fill(self.tr("Each package: %1"), package))
        who = (
            fill(self.tr("For: %1"), self._category_names(c.categories))
            if c.categories
            else self.tr("For: everyone")
        )
        if c.per_person_limit == 1:
            limit = self.tr("one claim per person")
        elif c.min_days_between > 0:
            limit = fill(
                self.tr("up to %1 claims per person, at least %2 days apart"),
                c.per_person_limit,
                c.min_days_between,
            )
        else:
            limit = fill(self.tr("up to %1 claims per person"), c.per_person_limit)
        rules = f"{who} · {limit}"
        if self.overview is not None and c.starts_on > self.overview.today:
            rules += " · " + fill(self.tr("starts on %1"), c.starts_on)
        self.rules_label.setText(rules)
        left = packages_left(c.lines, self.overview.levels if self.overview else ())
        self.stock_label.setText(fill(self.tr("Stock left: %1 packages"), left))
        level = "none" if left == 0 else "low" if left <= LOW_PACKAGES else "ok"
        if self.stock_label.property("level") != level:
            _mark_level(self.stock_label, level)
        if self._roster_campaign == c.id:
            rows = self.model.rows()
            self.served_label.setText(
                fill(self.tr("Handed out: %1 · People: %2"), len(rows), people_served(rows))
            )
        else:
            self.served_label.setText(fill(self.tr("Handed out: %1"), c.handed_out))

    def calls_changed(self) -> None:
        self._update_enabled()

    def _update_enabled(self) -> None:
        has_campaign = self.current_campaign_id() is not None
        self.hand_out_button.setEnabled(has_campaign and not self.busy)
        self.reload_button.setEnabled(not self.busy)
        self.campaign_combo.setEnabled(not self.busy)
        self.busy_label.setVisible(self.busy)

    # ------------------------------------------------------------------ the roster

    def selected_handout(self) -> HandoutInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.handout_at(rows[0].row()) if rows else None

    def _row_chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        h = self.selected_handout()
        if h is None:
            self._show_preview(None)
            return
        self._preview_for = h.id
        self.preview.clear()
        self._show_preview_text()
        if not h.signed:
            self.preview.setText(self.tr("Not signed"))
            return
        services = self.ctx.services
        hid = h.id
        self.run_call(
            lambda: services.relief.signature(hid), lambda png: self._show_signature(hid, png)
        )

    def _show_signature(self, handout_id: int, png: bytes | None) -> None:
        if handout_id != self._preview_for:
            return  # another row was chosen meanwhile
        pixmap = QPixmap()
        if png is None or not pixmap.loadFromData(png, "PNG"):
            self.preview.setText(self.tr("Not signed"))
            return
        self.preview.setPixmap(
            pixmap.scaled(
                PREVIEW_WIDTH - 4,
                PREVIEW_HEIGHT - 4,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _show_preview(self, handout: HandoutInfo | None) -> None:
        self._preview_for = handout.id if handout is not None else None
        self.preview.clear()
        self._show_preview_text()

    def _show_preview_text(self) -> None:
        h = self.selected_handout()
        if h is None:
            self.preview_title.setText(self.tr("Select a row to see its signature"))
            self.preview_title.setToolTip("")
            return
        when = self.ctx.services.ctx.local(h.handed_at).strftime("%Y-%m-%d %H:%M")
        self.preview_title.setText(fill(self.tr("Signature of %1"), h.claimant))
        self.preview_title.setToolTip(when)
        if not h.signed:
            self.preview.setText(self.tr("Not signed"))

    def preview_pixmap(self) -> QPixmap:
        """The signature shown for the selected row (a null pixmap when none)."""
        return self.preview.pixmap()

    # ------------------------------------------------------------------ handing out

    def take_scan(self, text: str) -> bool:
        """A scanner's code while this page is in front: a member card or a voucher goes
        into the card field (for the window's scan filter to hand over). True if taken."""
        raw = "".join(text.split())
        if not raw:
            return False
        if codes.looks_signed(raw) and raw[len(codes.FORMAT) : len(codes.FORMAT) + 1] not in (
            codes.MEMBER,
            codes.VOUCHER,
        ):
            return False
        self.card_edit.setText(raw)
        self._card_entered()
        return True

    def _card_entered(self) -> None:
        """Enter in the card field: the person signs next, then Hand out."""
        self.hand_out_button.setFocus()
        if self.pad.is_empty() and not self.cannot_sign.isChecked():
            self.ctx.say(self.tr("Card read: ask the person to sign, then tap Hand out"))

    def claim(self) -> Claim | None:
        """The form as it stands, or None (and the reason shown) when it cannot be sent."""
        cid = self.current_campaign_id()
        if cid is None:
            self.show_error(
                InvalidInput(
                    "没有可以发放的活动", "There is no campaign to hand out from", field=CAMPAIGN
                )
            )
            return None
        signature = None if self.cannot_sign.isChecked() else self.pad.to_png()
        if signature is None and not self.cannot_sign.isChecked():
            self.show_error(
                InvalidInput(
                    "请领取人在签名板上签名；本人确实签不了名时，勾选“签不了名”",
                    "Ask the recipient to sign on the pad; if they really cannot, "
                    "tick “Cannot sign”",
                    field=SIGNATURE,
                )
            )
            return None
        data = self.category_combo.currentData()
        return Claim(
            campaign_id=cid,
            code=self.card_edit.text().strip(),
            name=self.name_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            employer=self.employer_edit.text().strip(),
            category=data if isinstance(data, int) else None,
            signature=signature,
        )

    def hand_out(self) -> None:
        """Hand out the package to the person in the form, with their signature."""
        if self.busy:
            return
        self.clear_error()
        claim = self.claim()
        if claim is None:
            return
        actor = self.ctx.actor()  # whoever is on shift now
        services = self.ctx.services
        self.run_call(
            lambda: record_claim(services, actor, claim), self._handed_out, self.show_error
        )

    def _handed_out(self, handout: HandoutInfo) -> None:
        self.ctx.say(
            fill(
                self.tr("Handed out: %1 to %2 at %3"),
                handout.campaign,
                handout.claimant,
                self.ctx.services.ctx.local(handout.handed_at).strftime("%H:%M"),
            )
        )
        self._clear_form()
        self._select_campaign = handout.campaign_id
        self._select_handout = handout.id
        self.reload()

    def _clear_form(self) -> None:
        for edit in (self.card_edit, self.name_edit, self.phone_edit, self.employer_edit):
            edit.clear()
        self.category_combo.setCurrentIndex(0)
        self.cannot_sign.setChecked(False)
        self.pad.clear()
        self.clear_error()

    def _cannot_sign_toggled(self, checked: bool) -> None:
        if checked:
            self.pad.clear()
        self.pad.set_writable(not checked)
        self._edited(SIGNATURE)

    # ------------------------------------------------------------------ refusals

    def show_error(self, problem: StationError) -> None:
        """The reason under the form, the field it names red. A claim over the limit
        (when and where the earlier one was) and a refused voucher show large."""
        self.clear_error()
        self._problem = problem
        text = problem.message(self.ctx.lang())
        if isinstance(problem, LimitReached | CodeRefused):
            self.refusal_label.setText(text)
            self.refusal_label.show()
        else:
            self.error_label.setText(text)
            self.error_label.show()
        widget = self._fields.get(problem.field or "")
        if widget is not None:
            self._set_invalid(widget, True)
            if widget is not self.pad:
                widget.setFocus()

    def clear_error(self) -> None:
        self._problem = None
        for widget in self._fields.values():
            self._set_invalid(widget, False)
        for label in (self.error_label, self.refusal_label):
            label.clear()
            label.hide()

    def field_in_error(self) -> str | None:
        for name, widget in self._fields.items():
            if widget.property("invalid") is True:
                return name
        return None

    def error_text(self) -> str:
        """What the form says now (the plain or the large refusal), for tests and reading."""
        if self.refusal_label.isVisibleTo(self):
            return self.refusal_label.text()
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def _set_invalid(self, widget: QWidget, invalid: bool) -> None:
        if (widget.property("invalid") is True) == invalid:
            return
        if widget is self.pad:
            self.pad.set_invalid(invalid)
        else:
            _mark(widget, invalid)

    def _edited(self, name: str) -> None:
        """A field was changed: its red goes; the reason goes once no field is red."""
        widget = self._fields.get(name)
        if widget is None or widget.property("invalid") is not True:
            return
        self._set_invalid(widget, False)
        if self.field_in_error() is None:
            self._problem = None
            for label in (self.error_label, self.refusal_label):
                label.clear()
                label.hide()


def _mark_level(label: QLabel, level: str) -> None:
    label.setProperty("level", level)
    label.style().unpolish(label)
    label.style().polish(label)
