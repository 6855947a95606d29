"""The Members page (会员): register a visitor's card, find one, stop a card, erase a
person's data on request, and print a card.

Registration asks only for the visitor category; a nickname and an employer are
optional, and a phone number can be typed only once the consent box is ticked. The
list shows phones masked (138****1234), never in full. Stopping a card is asked
once; erasing personal data (a supervisor's action) is asked twice and says that it
cannot be undone. Every call goes through ``ctx.ops``; a refusal in the form turns
its field red, with the reason under the form, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.auth import require_supervisor
from station_app.errors import PermissionDenied, StationError
from station_app.members import MemberInfo
from station_app.slips import Printout
from station_app.stations import CategoryInfo
from ui.feedback import display_name, fill
from ui.forms import FieldErrors
from ui.pages.base import Page, PageContext
from ui.rows_model import Column, RowsModel, brush

TOUCH = 48  # px: the least height of anything a finger taps
FORM_WIDTH = 440  # px: the form keeps to this; the list takes the rest
CARD_PAPERS = ("58mm", "80mm", "card", "a6", "a4")
STOPPED_COLOUR = "#80868b"  # a stopped card's row


COLUMNS: tuple[Column, ...] = (
    Column("code", str(QT_TRANSLATE_NOOP("MemberTableModel", "Card code"))),
    Column("nickname", str(QT_TRANSLATE_NOOP("MemberTableModel", "Nickname"))),
    Column("category", str(QT_TRANSLATE_NOOP("MemberTableModel", "Category"))),
    Column("employer", str(QT_TRANSLATE_NOOP("MemberTableModel", "Employer"))),
    Column("phone", str(QT_TRANSLATE_NOOP("MemberTableModel", "Phone"))),
    Column("since", str(QT_TRANSLATE_NOOP("MemberTableModel", "Registered"))),
    Column("state", str(QT_TRANSLATE_NOOP("MemberTableModel", "State"))),
)


class MemberTableModel(RowsModel[MemberInfo]):
    """The members found, one frozen :class:`MemberInfo` per row; the columns are
    :data:`COLUMNS`, their headers translated in the ``MemberTableModel`` context."""

    CONTEXT = "MemberTableModel"

    def __init__(
        self,
        to_local: Callable[[datetime], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, COLUMNS)
        self._to_local = to_local
        self._category_names: dict[str, str] = {}

    def set_members(self, members: Sequence[MemberInfo]) -> None:
        self.set_rows(members)

    def set_category_names(self, names: dict[str, str]) -> None:
        """How a category's (Chinese) name is shown in the window's language."""
        self._category_names = dict(names)
        self.retranslate()

    def category_shown(self, name: str) -> str:
        return self._category_names.get(name, name)

    def member_at(self, row: int) -> MemberInfo | None:
        return self.row_at(row)

    def row_id(self, row: MemberInfo) -> int | None:
        return row.id

    # -- the cells

    def text(self, row: MemberInfo, column: int) -> str:
        return self._text(row, COLUMNS[column].key)

    def cell_data(self, number: int, row: MemberInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return brush(STOPPED_COLOUR)
        return None

    def _text(self, m: MemberInfo, key: str) -> str:
        if key == "code":
            return m.code
        if key == "nickname":
            return m.nickname or ""
        if key == "category":
            return self.category_shown(m.category)
        if key == "employer":
            return m.employer or ""
        if key == "phone":
            return m.phone_masked
        if key == "since":
            return self._to_local(m.created_at).strftime("%Y-%m-%d")
        if m.purged:
            return QCoreApplication.translate("MemberTableModel", "Data erased")
        if not m.active:
            return QCoreApplication.translate("MemberTableModel", "Card stopped")
        return QCoreApplication.translate("MemberTableModel", "Active")


class MembersPage(Page):
    """Register, find, stop, erase and print member cards."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._categories: list[CategoryInfo] = []
        self._select_after_load: int | None = None
        self.confirm_box: QMessageBox | None = None  # the question open now, if any

        self.model = MemberTableModel(ctx.services.ctx.local, self)

        # ---- register
        self.register_box = QGroupBox()
        self.register_title = QLabel()
        self.register_title.setObjectName("sectionTitle")
        self.category_combo = QComboBox()
        self.nickname_edit = QLineEdit()
        self.nickname_edit.setMaxLength(30)
        self.employer_edit = QLineEdit()
        self.employer_edit.setMaxLength(60)
        self.consent_box = QCheckBox()
        self.consent_box.setStyleSheet("QCheckBox::indicator { width: 28px; height: 28px; }")
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(20)
        self.phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.phone_edit.setEnabled(False)
        self.consent_box.toggled.connect(self._consent_changed)
        self.register_button = QPushButton()
        self.register_button.setProperty("role", "primary")
        self.register_button.clicked.connect(self.register)
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)

        self.category_label = QLabel()
        self.nickname_label = QLabel()
        self.employer_label = QLabel()
        self.phone_label = QLabel()
        form = QFormLayout()
        form.addRow(self.category_label, self.category_combo)
        form.addRow(self.nickname_label, self.nickname_edit)
        form.addRow(self.employer_label, self.employer_edit)
        form.addRow(self.consent_box)
        form.addRow(self.phone_label, self.phone_edit)
        for label in (
            self.category_label,
            self.nickname_label,
            self.employer_label,
            self.phone_label,
        ):
            label.setMinimumHeight(TOUCH)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        box_layout = QVBoxLayout(self.register_box)
        box_layout.addWidget(self.register_title)
        box_layout.addWidget(self.hint_label)
        box_layout.addLayout(form)
        box_layout.addWidget(self.error_label)
        box_layout.addWidget(self.register_button)
        box_layout.addStretch(1)

        for edit in (self.nickname_edit, self.employer_edit, self.phone_edit):
            edit.returnPressed.connect(self.register)

        # ---- find and act on members
        self.find_title = QLabel()
        self.find_title.setObjectName("sectionTitle")
        self.search_edit = QLineEdit()
        self.search_edit.setMaxLength(100)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(self.search)
        self.search_button = QPushButton()
        self.search_button.clicked.connect(self.search)
        self.show_stopped_box = QCheckBox()
        self.show_stopped_box.setStyleSheet("QCheckBox::indicator { width: 28px; height: 28px; }")
        self.show_stopped_box.toggled.connect(lambda _on: self.search())
        self.search_error = QLabel()
        self.search_error.setObjectName("formError")
        self.search_error.setWordWrap(True)
        self.search_error.hide()

        # Fields the services name in a refusal (StationError.field): red until edited.
        self.errors = FieldErrors(self.error_label, ctx.lang)
        self.errors.bind("Category", self.category_combo)
        self.errors.bind("Nickname", self.nickname_edit)
        self.errors.bind("Employer", self.employer_edit)
        self.errors.bind("Phone", self.phone_edit)
        self.search_errors = FieldErrors(self.search_error, ctx.lang)
        self.search_errors.bind("Search", self.search_edit)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; the arrows go row to row
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(TOUCH)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The employer (the longest text) takes what is left, shortened with "…" if need be.
        header.setSectionResizeMode(
            [c.key for c in COLUMNS].index("employer"), QHeaderView.ResizeMode.Stretch
        )
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_card)
        # Hidden only without a printer: setVisible(True) on a button with no parent yet
        # would open it as a window of its own, which takes the keys from the kiosk.
        if ctx.printing is None:
            self.print_button.hide()
        self.deactivate_button = QPushButton()
        self.deactivate_button.clicked.connect(self.deactivate)
        self.erase_button = QPushButton()
        self.erase_button.clicked.connect(self.erase)
        self.count_label = QLabel()

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.search_button)
        actions = QHBoxLayout()
        actions.addWidget(self.print_button)
        actions.addWidget(self.deactivate_button)
        actions.addWidget(self.erase_button)
        actions.addStretch(1)
        options = QHBoxLayout()
        options.addWidget(self.show_stopped_box)
        options.addStretch(1)
        options.addWidget(self.count_label)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.find_title)
        right_layout.addLayout(search_row)
        right_layout.addWidget(self.search_error)
        right_layout.addLayout(options)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(actions)

        layout = QHBoxLayout(self)
        self.register_box.setMaximumWidth(FORM_WIDTH)
        layout.addWidget(self.register_box, 2)
        layout.addWidget(right, 3)

        for widget in (
            self.category_combo,
            self.nickname_edit,
            self.employer_edit,
            self.consent_box,
            self.phone_edit,
            self.register_button,
            self.search_edit,
            self.search_button,
            self.show_stopped_box,
            self.print_button,
            self.deactivate_button,
            self.erase_button,
        ):
            widget.setMinimumHeight(TOUCH)

        self.retranslate()
        self._update_buttons()

    # ----------------------------------------------------------------- the page

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("MembersPage", "Members")

    @classmethod
    def icon_name(cls) -> str:
        return "contact-new"

    def activated(self) -> None:
        self.run_call(self.ctx.services.stations.categories, self._categories_loaded)
        self.search()

    def retranslate(self) -> None:
        self.register_title.setText(self.tr("Register a member"))
        self.hint_label.setText(
            self.tr(
                "Only the visitor category is needed. Nickname and employer are optional; "
                "write a phone number only if the person agrees."
            )
        )
        self.category_label.setText(self.tr("Category"))
        self.nickname_label.setText(self.tr("Nickname (optional)"))
        self.employer_label.setText(self.tr("Employer (optional)"))
        self.consent_box.setText(self.tr("The person agrees to give a phone number"))
        self.phone_label.setText(self.tr("Phone"))
        self._phone_placeholder()
        self.register_button.setText(self.tr("Register and give a card"))
        self.find_title.setText(self.tr("Find a member"))
        self.search_edit.setPlaceholderText(
            self.tr("Card code, nickname, employer or 4+ phone digits")
        )
        self.search_button.setText(self.tr("Search"))
        self.show_stopped_box.setText(self.tr("Show stopped cards and erased members"))
        self.print_button.setText(self.tr("Print card"))
        self.deactivate_button.setText(self.tr("Stop card"))
        self.erase_button.setText(self.tr("Erase personal data (supervisor)"))
        self.erase_button.setToolTip(
            self.tr("On the person's request: nickname, employer and phone are erased for good")
        )
        self._fill_categories()
        self._show_count()
        self.model.retranslate()

    def reset(self) -> None:
        if self.confirm_box is not None:
            self.confirm_box.reject()
        self._clear_form()
        self.search_edit.clear()
        self.show_stopped_box.setChecked(False)
        self.search_errors.clear()

    # ----------------------------------------------------------------- actions

    def register(self) -> None:
        if not self.register_button.isEnabled():
            return
        actor = self.ctx.actor()
        category = self.category_combo.currentData()
        nickname = self.nickname_edit.text()
        employer = self.employer_edit.text()
        consent = self.consent_box.isChecked()
        phone = self.phone_edit.text() if consent else None
        self.errors.clear()
        members = self.ctx.services.members
        self.run_call(
            lambda: members.register(
                actor,
                category,
                nickname=nickname,
                employer=employer,
                phone=phone,
                phone_consent=consent,
            ),
            self._registered,
            self.errors.show,
        )

    def search(self) -> None:
        text = self.search_edit.text()
        everyone = self.show_stopped_box.isChecked()
        self.search_errors.clear()
        self.run_call(
            lambda: self.ctx.services.members.list_members(include_inactive=everyone, search=text),
            self._loaded,
            self.search_errors.show,
        )

    def deactivate(self) -> None:
        member = self.selected_member()
        if member is None or not member.active:
            return
        self._ask(
            self.tr("Stop card"),
            fill(
                self.tr(
                    "Stop card %1? It can no longer be scanned to check in. "
                    "The member's visits stay counted."
                ),
                member.code,
            ),
            self.tr("Stop the card"),
            lambda: self._stop(member),
        )

    def erase(self) -> None:
        member = self.selected_member()
        if member is None or member.purged:
            return
        actor = self.ctx.actor()
        try:
            require_supervisor(actor, "清除会员个人信息", "erase a member's personal data")
        except PermissionDenied as refusal:
            self.ctx.complain(refusal)
            return
        self._ask(
            self.tr("Erase personal data"),
            fill(
                self.tr(
                    "Erase the personal data of member %1 on their request? Nickname, "
                    "employer and phone number are deleted and the card stops working. "
                    "This cannot be undone. The visits stay counted, without a name."
                ),
                member.code,
            ),
            self.tr("Continue"),
            lambda: self._ask(
                self.tr("Erase personal data"),
                fill(
                    self.tr(
                        "Last check: erase member %1's data for good? Nobody can bring "
                        "it back afterwards."
                    ),
                    member.code,
                ),
                self.tr("Erase for good"),
                lambda: self._purge(member),
            ),
        )

    def print_card(self) -> None:
        member = self.selected_member()
        printing = self.ctx.printing
        if member is None or not member.active or printing is None:
            return
        paper = printing.settings.choice().paper
        if paper not in CARD_PAPERS:
            paper = CARD_PAPERS[0]
        slips = self.ctx.services.slips

        def printed(printout: Printout) -> None:
            printing.print_document(printout.pdf, printout.title)

        self.run_call(lambda: slips.member_card(member.id, paper), printed, self.ctx.complain)

    def selected_member(self) -> MemberInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.member_at(rows[0].row()) if rows else None

    # ----------------------------------------------------------------- results

    def _registered(self, member: MemberInfo) -> None:
        self._clear_form()
        shown = member.nickname or self.model.category_shown(member.category)
        self.ctx.say(fill(self.tr("Registered %1: card code %2"), shown, member.code))
        # Show the new member in the list (selected, ready for "Print card").
        self.search_edit.clear()
        self._select_after_load = member.id
        self.search()

    def _stop(self, member: MemberInfo) -> None:
        actor = self.ctx.actor()
        members = self.ctx.services.members

        def stopped(info: MemberInfo) -> None:
            self.ctx.say(fill(self.tr("Card %1 stopped"), info.code))
            self.search()

        self.run_call(lambda: members.deactivate(actor, member.id), stopped, self._refused)

    def _purge(self, member: MemberInfo) -> None:
        actor = self.ctx.actor()
        members = self.ctx.services.members

        def purged(info: MemberInfo) -> None:
            self.ctx.say(fill(self.tr("The personal data of member %1 was erased"), info.code))
            self.search()

        self.run_call(lambda: members.purge(actor, member.id), purged, self._refused)

    def _refused(self, problem: StationError) -> None:
        self.ctx.complain(problem)
        self.search()  # another kiosk may have changed the member meanwhile

    def _categories_loaded(self, categories: list[CategoryInfo]) -> None:
        self._categories = categories
        self._fill_categories()

    def _fill_categories(self) -> None:
        lang = self.ctx.lang()
        chosen = self.category_combo.currentData()
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        for cat in self._categories:
            self.category_combo.addItem(display_name(cat.name, cat.name_en, lang), cat.id)
        at = self.category_combo.findData(chosen) if chosen is not None else -1
        self.category_combo.setCurrentIndex(max(at, 0) if self._categories else -1)
        self.category_combo.blockSignals(False)
        self.model.set_category_names(
            {cat.name: display_name(cat.name, cat.name_en, lang) for cat in self._categories}
        )

    def _loaded(self, members: list[MemberInfo]) -> None:
        keep = self._select_after_load
        if keep is None:
            previous = self.selected_member()
            keep = previous.id if previous else None
        self._select_after_load = None
        self.model.set_members(members)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.model.index(row, 0))
        self._show_count()
        self._update_buttons()

    def _show_count(self) -> None:
        self.count_label.setText(fill(self.tr("%1 found"), self.model.rowCount()))

    # ----------------------------------------------------------------- helpers

    def calls_changed(self) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.busy
        member = self.selected_member()
        self.register_button.setEnabled(idle)
        self.search_button.setEnabled(idle)
        self.print_button.setEnabled(idle and member is not None and member.active)
        self.deactivate_button.setEnabled(idle and member is not None and member.active)
        self.erase_button.setEnabled(idle and member is not None and not member.purged)

    def _ask(self, title: str, question: str, yes_text: str, then: Callable[[], None]) -> None:
        """A question with a Yes (``yes_text``) and a Cancel; ``then()`` after Yes.
        Not modal to the event loop: the idle timeout's :meth:`reset` can close it."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, question, parent=self)
        yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        for button in (yes, no):
            button.setMinimumHeight(TOUCH)
        self.confirm_box = box

        def answered(_result: int) -> None:
            clicked: QAbstractButton | None = box.clickedButton()
            if self.confirm_box is box:
                self.confirm_box = None
            box.deleteLater()
            if clicked is yes:
                then()

        box.finished.connect(answered)
        box.open()

    def _consent_changed(self, agreed: bool) -> None:
        self.phone_edit.setEnabled(agreed)
        if not agreed:
            self.phone_edit.clear()
            self.errors.edited("Phone")
        self._phone_placeholder()

    def _phone_placeholder(self) -> None:
        if self.consent_box.isChecked():
            self.phone_edit.setPlaceholderText(self.tr("11-digit mobile number"))
        else:
            self.phone_edit.setPlaceholderText(self.tr("Tick the consent box first"))

    def _clear_form(self) -> None:
        self.nickname_edit.clear()
        self.employer_edit.clear()
        self.consent_box.setChecked(False)
        self.phone_edit.clear()
        self.errors.clear()
