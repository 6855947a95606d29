"""The Stock page (库存): balances, deliveries, handing out, write-offs, loans, stocktakes.

Left, every item's balance, with low, expiring and expired stock coloured and named in
the State column; right, what is lent out (who has what since when, overdue ones
coloured and named). Each action is a large button that opens a small form
(:mod:`ui.pages.stock_dialogs`); every service call runs through ``ctx.ops``, and the
page's buttons wait while its call runs. Writing stock off and the stocktake need a
supervisor (the person on shift is asked at the moment of the action).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.context import Actor
from station_app.errors import PermissionDenied
from station_app.inventory import (
    CountLine,
    ItemInfo,
    LotInfo,
    MoveInfo,
    StockLevel,
    StocktakeResult,
)
from station_app.loans import LoanInfo
from station_app.services import Services
from station_app.visits import VisitInfo
from ui.feedback import fill
from ui.ops import Ops
from ui.pages.base import Page, PageContext
from ui.pages.stock_dialogs import (
    TOUCH,
    IssueDialog,
    LendDialog,
    LoanWriteOffDialog,
    ReceiveDialog,
    StockForm,
    StocktakeDialog,
    WriteOffDialog,
)
from ui.pages.stock_models import LoanModel, StockLevelModel, balance_rows, borrower_text

T = TypeVar("T")

# Large enough for a finger: fields and buttons on this page and in its forms.
PAGE_QSS = """
QLineEdit, QComboBox, QDateEdit { min-height: 44px; }
QTableView QLineEdit { min-height: 0px; }
QTableView[invalid="true"], QDateEdit[invalid="true"] { border: 2px solid #d93025; }
QPushButton[role="stockAction"] { min-height: 56px; font-size: 18px; font-weight: bold; }
QLabel#pageTitle { font-size: 24px; font-weight: bold; }
QLabel#formWorking, QLabel#pageWorking { color: #1a5fb4; font-weight: bold; }
"""


@dataclass(frozen=True)
class StockView:
    """What the page shows, read in one go on the worker."""

    items: tuple[ItemInfo, ...]
    levels: tuple[StockLevel, ...]
    expiring: tuple[LotInfo, ...]
    loans: tuple[LoanInfo, ...]
    sheet: tuple[CountLine, ...]

    def lendable(self) -> list[tuple[ItemInfo, int]]:
        """Each lendable item with how many are free to lend (usable less those out)."""
        usable = {lv.item_id: lv.usable for lv in self.levels}
        out = Counter(loan.item for loan in self.loans)
        return [
            (i, max(usable.get(i.id, 0) - out.get(i.name, 0), 0))
            for i in self.items
            if i.lendable and i.active
        ]


def load_stock(services: Services) -> StockView:
    inventory = services.inventory
    return StockView(
        items=tuple(inventory.items()),
        levels=tuple(inventory.levels()),
        expiring=tuple(inventory.expiring_soon()),
        loans=tuple(services.loans.open_loans()),
        sheet=tuple(inventory.count_sheet()),
    )


def _needs_supervisor(zh: str, en: str) -> PermissionDenied:
    return PermissionDenied(
        f"{zh}需要负责人：请负责人登录（换班）后再试",
        f"{en} needs a supervisor: ask a supervisor to sign in (Change shift)",
    )


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves it; the arrows go row to row
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(TOUCH)
    view.verticalHeader().setMinimumSectionSize(TOUCH)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


class StockPage(Page):
    """库存 / Stock."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view: StockView | None = None
        self.dialog: StockForm | None = None
        self.confirm: QMessageBox | None = None
        self.balances = StockLevelModel(self)
        self.loans = LoanModel(ctx.services.ctx.local, self)
        self.setStyleSheet(PAGE_QSS)

        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.working_label = QLabel()
        self.working_label.setObjectName("pageWorking")
        self.working_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.working_label)

        self.receive_button = self._action(lambda: self.open_receive())
        self.issue_button = self._action(lambda: self.open_issue())
        self.write_off_button = self._action(lambda: self.open_write_off())
        self.lend_button = self._action(lambda: self.open_lend())
        self.stocktake_button = self._action(self.open_stocktake)
        self.refresh_button = QPushButton()
        self.refresh_button.setMinimumHeight(TOUCH)
        self.refresh_button.clicked.connect(lambda: self.refresh())
        actions = QHBoxLayout()
        for b in (
            self.receive_button,
            self.issue_button,
            self.write_off_button,
            self.lend_button,
            self.stocktake_button,
        ):
            actions.addWidget(b, 1)
        actions.addWidget(self.refresh_button)

        self.balances_title = QLabel()
        self.balances_title.setObjectName("sectionTitle")
        self.balances_view = _table(self.balances)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.balances_title)
        left_box.addWidget(self.balances_view, 1)

        self.loans_title = QLabel()
        self.loans_title.setObjectName("sectionTitle")
        self.loans_count = QLabel()
        self.loans_view = _table(self.loans)
        self.loans_view.doubleClicked.connect(lambda _i: self.take_back())
        self.loans_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.return_button = QPushButton()
        self.return_button.setProperty("role", "primary")
        self.return_button.setMinimumHeight(TOUCH)
        self.return_button.clicked.connect(self.take_back)
        self.loan_write_off_button = QPushButton()
        self.loan_write_off_button.setMinimumHeight(TOUCH)
        self.loan_write_off_button.clicked.connect(self.open_loan_write_off)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        loans_top = QHBoxLayout()
        loans_top.addWidget(self.loans_title)
        loans_top.addStretch(1)
        loans_top.addWidget(self.loans_count)
        right_box.addLayout(loans_top)
        right_box.addWidget(self.loans_view, 1)
        loan_buttons = QHBoxLayout()
        loan_buttons.addWidget(self.return_button, 1)
        loan_buttons.addWidget(self.loan_write_off_button, 1)
        right_box.addLayout(loan_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        self.retranslate()
        self._update_buttons()

    def _action(self, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton()
        button.setProperty("role", "stockAction")
        button.setMinimumHeight(TOUCH)
        button.clicked.connect(slot)
        return button

    # ----------------------------------------------------------------- the Page contract

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("StockPage", "Stock")

    @classmethod
    def icon_name(cls) -> str:
        return "package-x-generic"

    def activated(self) -> None:
        self.refresh()

    def first_control(self) -> QWidget | None:
        return self.balances_view  # the action buttons wait while the balances load

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Stock"))
        self.working_label.setText(self.tr("Working…"))
        self.receive_button.setText(self.tr("Receive a delivery"))
        self.issue_button.setText(self.tr("Issue to a visitor"))
        self.write_off_button.setText(self.tr("Write off (supervisor)"))
        self.lend_button.setText(self.tr("Lend"))
        self.stocktake_button.setText(self.tr("Stocktake (supervisor)"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.balances_title.setText(self.tr("Balances"))
        self.loans_title.setText(self.tr("Lent out"))
        self.return_button.setText(self.tr("Take back"))
        self.loan_write_off_button.setText(self.tr("Not coming back (supervisor)"))
        self.balances.retranslate()
        self.loans.retranslate()
        self._show_loan_count()

    def reset(self) -> None:
        if self.confirm is not None:
            self.confirm.reject()
        if self.dialog is not None:
            self.dialog.reject()
        self.balances_view.clearSelection()
        self.loans_view.clearSelection()

    # ----------------------------------------------------------------- state

    def calls_changed(self) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.busy
        self.working_label.setVisible(not idle)
        for b in (
            self.receive_button,
            self.issue_button,
            self.write_off_button,
            self.lend_button,
            self.stocktake_button,
            self.refresh_button,
        ):
            b.setEnabled(idle)
        loan = self.selected_loan()
        self.return_button.setEnabled(idle and loan is not None)
        self.loan_write_off_button.setEnabled(idle and loan is not None)

    def refresh(self, select_item: int | None = None) -> None:
        services = self.ctx.services
        self.run_call(lambda: load_stock(services), lambda v: self.show_view(v, select_item))

    def show_view(self, view: StockView, select_item: int | None = None) -> None:
        self.view = view
        kept = self.selected_loan()
        self.balances.set_rows(
            balance_rows(view.levels, view.expiring, view.loans, view.sheet, view.items)
        )
        self.loans.set_rows(view.loans)
        if select_item is not None:
            self._select(self.balances_view, self.balances.row_of_item(select_item))
        if kept is not None:
            self._select(self.loans_view, self.loans.row_of_loan(kept.id))
        self._show_loan_count()
        self._update_buttons()

    def _show_loan_count(self) -> None:
        loans = self.loans.rows()
        overdue = sum(1 for loan in loans if loan.overdue)
        text = fill(self.tr("%1 out"), len(loans))
        if overdue:
            text += " · " + fill(self.tr("%1 overdue"), overdue)
        self.loans_count.setText(text)

    @staticmethod
    def _select(view: QTableView, row: int | None) -> None:
        if row is None:
            return
        index = view.model().index(row, 0)
        view.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(index)

    def selected_loan(self) -> LoanInfo | None:
        rows = self.loans_view.selectionModel().selectedRows()
        return self.loans.row_at(rows[0].row()) if rows else None

    def selected_item(self) -> int | None:
        rows = self.balances_view.selectionModel().selectedRows()
        row = self.balances.row_at(rows[0].row()) if rows else None
        return row.item_id if row is not None else None

    # ----------------------------------------------------------------- forms

    def _fresh(self, then: Callable[[StockView], None]) -> None:
        """Read the stock again (another kiosk may have changed it), then open a form."""
        services = self.ctx.services

        def shown(view: StockView) -> None:
            self.show_view(view)
            then(view)

        self.run_call(lambda: load_stock(services), shown)

    def _open(self, dialog: StockForm, after: Callable[[Any], None]) -> None:
        self.dialog = dialog
        dialog.setStyleSheet(PAGE_QSS)
        dialog.accepted.connect(lambda: after(dialog.outcome))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.refused_late.connect(self.ctx.complain)
        dialog.open()

    def _closed(self, dialog: StockForm) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if not dialog.working:  # else it goes once its call has come back
            dialog.deleteLater()

    def _form_args(self) -> tuple[Services, Callable[[], Actor], Ops, str]:
        return self.ctx.services, self.ctx.actor, self.ctx.ops, self.ctx.lang()

    def open_receive(self, item_id: int | None = None) -> None:
        chosen = item_id if item_id is not None else self.selected_item()
        today = self.ctx.services.ctx.today()
        self._fresh(
            lambda view: self._open(
                ReceiveDialog(*self._form_args(), list(view.items), today, chosen, self),
                self._received,
            )
        )

    def _received(self, move: MoveInfo) -> None:
        self.ctx.say(
            fill(
                self.tr("Received: %1 %2 %3, lot %4"), move.item, move.qty, move.unit, move.lot_code
            )
        )
        items = self.view.items if self.view is not None else ()
        self.refresh(select_item=next((i.id for i in items if i.name == move.item), None))

    def open_issue(self, visit_id: int | None = None, item_id: int | None = None) -> None:
        """Issue items, to the visit ``visit_id`` when given (a visitor selected elsewhere)."""
        services = self.ctx.services
        chosen = item_id if item_id is not None else self.selected_item()

        def load() -> tuple[StockView, list[VisitInfo]]:
            return load_stock(services), services.visits.inside_now()

        def loaded(result: tuple[StockView, list[VisitInfo]]) -> None:
            view, visitors = result
            self.show_view(view)
            dialog = IssueDialog(
                *self._form_args(), list(view.levels), visitors, visit_id, chosen, self
            )
            self._open(dialog, lambda moves: self._issued(moves, dialog.visit.currentData()))

        self.run_call(load, loaded)

    def _issued(self, moves: list[MoveInfo], visit_id: int | None) -> None:
        qty = -sum(m.qty for m in moves)
        item, unit = (moves[0].item, moves[0].unit) if moves else ("", "")
        if visit_id is not None:
            text = fill(self.tr("Issued: %1 %2 %3 to visit No. %4"), item, qty, unit, visit_id)
        else:
            text = fill(self.tr("Issued: %1 %2 %3"), item, qty, unit)
        self.ctx.say(text)
        self.refresh()

    def open_write_off(self, item_id: int | None = None) -> None:
        if not self.ctx.actor().is_supervisor:
            self.ctx.complain(_needs_supervisor("报损", "Writing off stock"))
            return
        chosen = item_id if item_id is not None else self.selected_item()
        self._fresh(
            lambda view: self._open(
                WriteOffDialog(*self._form_args(), list(view.levels), chosen, self),
                self._written_off,
            )
        )

    def _written_off(self, moves: list[MoveInfo]) -> None:
        qty = -sum(m.qty for m in moves)
        item, unit = (moves[0].item, moves[0].unit) if moves else ("", "")
        self.ctx.say(fill(self.tr("Written off: %1 %2 %3"), item, qty, unit))
        self.refresh()

    def open_lend(self, item_id: int | None = None) -> None:
        """Lend a thing; ``item_id`` chosen already (the umbrella service at check-in)."""
        chosen = item_id if item_id is not None else self.selected_item()
        self._fresh(
            lambda view: self._open(
                LendDialog(*self._form_args(), view.lendable(), chosen, self), self._lent
            )
        )

    def _lent(self, loan: LoanInfo) -> None:
        due = self.loans.when(loan.due_at)
        self.ctx.say(
            fill(self.tr("Lent: %1 to %2, due back %3"), loan.item, borrower_text(loan), due)
        )
        self.refresh()

    def take_back(self) -> None:
        """The selected loan came back: asked once, then closed."""
        loan = self.selected_loan()
        if loan is None or self.busy:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Take back"))
        box.setText(fill(self.tr("Take back %1 from %2?"), loan.item, borrower_text(loan)))
        yes = box.addButton(self.tr("Taken back"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        for b in box.buttons():
            b.setMinimumHeight(TOUCH)
        box.setDefaultButton(yes)
        self.confirm = box

        def answered() -> None:
            if self.confirm is box:
                self.confirm = None
            if box.clickedButton() is yes:
                self._return(loan)
            box.deleteLater()

        box.finished.connect(lambda _r: answered())
        box.open()

    def _return(self, loan: LoanInfo) -> None:
        loans = self.ctx.services.loans
        actor = self.ctx.actor()

        def returned(info: LoanInfo) -> None:
            self.ctx.say(fill(self.tr("Taken back: %1 from %2"), info.item, borrower_text(info)))
            self.loans_view.clearSelection()
            self.refresh()

        self.run_call(lambda: loans.return_loan(actor, loan.id), returned)

    def open_loan_write_off(self) -> None:
        loan = self.selected_loan()
        if loan is None:
            return
        if not self.ctx.actor().is_supervisor:
            self.ctx.complain(_needs_supervisor("借用报损", "Writing off a loan"))
            return
        self._open(LoanWriteOffDialog(*self._form_args(), loan, self), self._loan_written_off)

    def _loan_written_off(self, info: LoanInfo) -> None:
        self.ctx.say(fill(self.tr("Written off as lost: %1 (%2)"), info.item, borrower_text(info)))
        self.loans_view.clearSelection()
        self.refresh()

    def open_stocktake(self) -> None:
        if not self.ctx.actor().is_supervisor:
            self.ctx.complain(_needs_supervisor("盘点", "A stocktake"))
            return
        inventory = self.ctx.services.inventory
        self.run_call(
            inventory.count_sheet,
            lambda lines: self._open(
                StocktakeDialog(*self._form_args(), lines, self), self._stocktaken
            ),
        )

    def _stocktaken(self, result: StocktakeResult) -> None:
        self.ctx.say(fill(self.tr("Stocktake saved: %1 correction(s)"), len(result.corrections)))
        self.refresh()

    # ----------------------------------------------------------------- for the window

    def issue_to_visit(self, visit_id: int) -> None:
        """Open the issue form for a visitor selected on another page."""
        self.open_issue(visit_id=visit_id)
