"""The Stock page driven as an attendant would: forms filled in, buttons clicked, and the
database checked afterwards. Refusals mark their field red and write nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QDate, Qt, QTranslator
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db.models import Loan, Lot, StockMove, Stocktake
from resources import RESOURCES_DIR
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import PermissionDenied, StationError
from station_app.inventory import CountLine, LotInfo, StockLevel
from station_app.loans import LoanInfo
from station_app.services import Services
from tests.conftest import TZ
from tests.ui.conftest import type_text
from ui.ops import Ops
from ui.pages.base import PageContext
from ui.pages.stock_dialogs import (
    IssueDialog,
    LendDialog,
    ReceiveDialog,
    StockForm,
    StocktakeDialog,
    stocktake_note,
)
from ui.pages.stock_models import (
    EXPIRED,
    EXPIRING,
    LOW,
    OVERDUE,
    CountSheetModel,
    Difference,
    DifferenceModel,
    LoanModel,
    StockLevelModel,
    balance_rows,
)
from ui.pages.stock_page import StockPage

LEFT = Qt.MouseButton.LeftButton


class Shift:
    """Who is on shift now, and what the page told them."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.said: list[str] = []
        self.complaints: list[StationError] = []


@pytest.fixture
def shift(attendant: Actor) -> Shift:
    return Shift(attendant)


@pytest.fixture
def page(qtbot: QtBot, services: Services, shift: Shift, zh: str) -> Iterator[StockPage]:
    ops = Ops()
    ctx = PageContext(
        services,
        ops,
        actor=lambda: shift.actor,
        lang=lambda: zh,
        say=shift.said.append,
        complain=shift.complaints.append,
    )
    p = StockPage(ctx)
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    p.activated()
    qtbot.waitUntil(lambda: not p.busy and p.view is not None)
    yield p
    ops.wait()


def closed(form: StockForm) -> bool:
    """The form closed (and, its call done, went away)."""
    return not isValid(form) or not form.isVisible()


def idle(qtbot: QtBot, page: StockPage) -> None:
    qtbot.waitUntil(lambda: not page.busy)


def open_form(qtbot: QtBot, page: StockPage, button: QPushButton) -> Any:
    """Click ``button``; the form it opens (any of the page's forms)."""
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    assert page.dialog is not None
    return page.dialog


def submit(qtbot: QtBot, page: StockPage, form: StockForm) -> None:
    qtbot.mouseClick(form.ok_button, LEFT)
    qtbot.waitUntil(lambda: not form.working)
    idle(qtbot, page)


def choose(combo: QComboBox, data: object) -> None:
    i = combo.findData(data)
    assert i >= 0, data
    combo.setCurrentIndex(i)


def item_id(services: Services, name: str) -> int:
    return next(i.id for i in services.inventory.items() if i.name == name)


def moves(engine: Engine, reason: str | None = None) -> list[StockMove]:
    with Session(engine) as s:
        q = select(StockMove).order_by(StockMove.id)
        if reason is not None:
            q = q.where(StockMove.reason == reason)
        return list(s.scalars(q))


def count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def cell(page: StockPage, item: str, column: int) -> str:
    model = page.balances
    row = next(i for i, r in enumerate(model.rows()) if r.item == item)
    return model.data(model.index(row, column))


def words(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)


def background(model: QAbstractItemModel, row: int, column: int = 0) -> QColor | None:
    brush = model.data(model.index(row, column), Qt.ItemDataRole.BackgroundRole)
    return brush.color() if isinstance(brush, QBrush) else None


# ---------------------------------------------------------------------- receive


def test_a_delivery_received_shows_in_the_balance(
    qtbot: QtBot, page: StockPage, services: Services, engine: Engine, shift: Shift
) -> None:
    water = item_id(services, "矿泉水")
    form = open_form(qtbot, page, page.receive_button)
    assert isinstance(form, ReceiveDialog)
    choose(form.item, water)
    type_text(qtbot, form.quantity, "60")
    type_text(qtbot, form.lot, "A-0701")
    form.expiry.setDate(QDate(2027, 6, 30))
    type_text(qtbot, form.note, "爱心企业捐赠")
    submit(qtbot, page, form)

    assert closed(form)
    [move] = moves(engine)
    assert (move.item_id, move.qty, move.reason, move.note) == (
        water,
        60,
        "receive",
        "爱心企业捐赠",
    )
    with Session(engine) as s:
        lot = s.get(Lot, move.lot_id)
        assert lot is not None and (lot.lot_code, lot.expires_on) == ("A-0701", date(2027, 6, 30))
    # the balance on screen, the item's row selected; 60 is above its low level of 48
    assert cell(page, "矿泉水", 1) == "60"
    assert cell(page, "矿泉水", 5) == "2027-06-30"
    assert cell(page, "矿泉水", StockLevelModel.STATE_COLUMN) == ""
    [selected] = page.balances_view.selectionModel().selectedRows()
    row = page.balances.row_at(selected.row())
    assert row is not None and row.item == "矿泉水"
    assert "矿泉水" in shift.said[-1] and "A-0701" in shift.said[-1]


@pytest.mark.parametrize("typed", ["0", "-3", "1.5", "", "二十"])
def test_a_quantity_that_is_not_a_positive_whole_number_is_refused(
    qtbot: QtBot, page: StockPage, services: Services, engine: Engine, typed: str
) -> None:
    form = open_form(qtbot, page, page.receive_button)
    choose(form.item, item_id(services, "毛巾"))
    type_text(qtbot, form.quantity, typed)
    submit(qtbot, page, form)

    assert form.isVisible()
    assert form.field_in_error() == "Quantity"
    assert form.quantity.property("invalid") is True
    assert "数量" in form.error_label.text() and form.error_label.isVisible()
    assert moves(engine) == []
    # corrected: the red and the message go at once; then it saves
    form.quantity.selectAll()
    type_text(qtbot, form.quantity, "12")
    assert form.quantity.property("invalid") is False and not form.error_label.isVisible()
    submit(qtbot, page, form)
    assert [(m.qty, m.reason) for m in moves(engine)] == [(12, "receive")]


def test_an_expiry_date_in_the_past_or_missing_is_refused(
    qtbot: QtBot, page: StockPage, services: Services, engine: Engine
) -> None:
    form = open_form(qtbot, page, page.receive_button)
    assert isinstance(form, ReceiveDialog)
    choose(form.item, item_id(services, "绿豆汤"))  # tracks expiry
    type_text(qtbot, form.quantity, "30")
    assert form.expiry_hint.text() == words("ReceiveDialog", "required")
    submit(qtbot, page, form)  # no date given
    assert form.field_in_error() == "Expiry date" and "有效期" in form.error_label.text()

    form.expiry.setDate(QDate(2026, 6, 30))  # yesterday
    assert form.field_in_error() is None  # changed: no longer red
    submit(qtbot, page, form)
    assert form.field_in_error() == "Expiry date"
    assert "已过期" in form.error_label.text() and "2026-06-30" in form.error_label.text()
    assert moves(engine) == [] and count(engine, Lot) == 0

    form.expiry.setDate(QDate(2026, 7, 1))  # today is still good
    submit(qtbot, page, form)
    assert closed(form) and [m.qty for m in moves(engine)] == [30]


# ---------------------------------------------------------------------- issue


def test_issue_to_the_visit_selected(
    qtbot: QtBot,
    page: StockPage,
    services: Services,
    engine: Engine,
    attendant: Actor,
    shift: Shift,
) -> None:
    services.inventory.receive(attendant, "矿泉水", 50, expires_on=date(2027, 1, 1))
    first = services.visits.check_in(attendant, "快递员")
    second = services.visits.check_in(attendant, "环卫工人")
    form = open_form(qtbot, page, page.issue_button)
    # today's visitors inside, oldest first, after "no visit"
    assert [form.visit.itemData(i) for i in range(form.visit.count())] == [
        None,
        first.id,
        second.id,
    ]
    choose(form.item, item_id(services, "矿泉水"))
    choose(form.visit, second.id)
    type_text(qtbot, form.quantity, "2")
    submit(qtbot, page, form)

    [issue] = moves(engine, "issue")
    assert (issue.qty, issue.visit_id) == (-2, second.id)
    assert cell(page, "矿泉水", 1) == "48"
    assert str(second.id) in shift.said[-1]


def test_a_visitor_selected_elsewhere_comes_chosen(
    qtbot: QtBot, page: StockPage, services: Services, engine: Engine, attendant: Actor
) -> None:
    services.inventory.receive(attendant, "毛巾", 10)
    visit = services.visits.check_in(attendant, "外卖骑手")
    services.visits.check_in(attendant, "快递员")
    page.issue_to_visit(visit.id)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    form = page.dialog
    assert isinstance(form, IssueDialog) and form.visit.currentData() == visit.id
    choose(form.item, item_id(services, "毛巾"))
    type_text(qtbot, form.quantity, "1")
    submit(qtbot, page, form)
    assert [(m.qty, m.visit_id) for m in moves(engine, "issue")] == [(-1, visit.id)]


def test_issuing_more_than_in_stock_is_refused(
    qtbot: QtBot, page: StockPage, services: Services, engine: Engine, attendant: Actor
) -> None:
    services.inventory.receive(attendant, "毛巾", 3)
    form = open_form(qtbot, page, page.issue_button)
    choose(form.item, item_id(services, "毛巾"))
    type_text(qtbot, form.quantity, "5")
    submit(qtbot, page, form)
    assert form.isVisible() and form.field_in_error() == "Quantity"
    assert "毛巾" in form.error_label.text()
    assert moves(engine, "issue") == []


# ---------------------------------------------------------------------- write off


def test_a_write_off_needs_a_supervisor(
    qtbot: QtBot, page: StockPage, shift: Shift, engine: Engine
) -> None:
    qtbot.mouseClick(page.write_off_button, LEFT)
    qtbot.mouseClick(page.stocktake_button, LEFT)
    assert page.dialog is None
    assert [type(c) for c in shift.complaints] == [PermissionDenied, PermissionDenied]
    assert "负责人" in shift.complaints[0].zh and "supervisor" in shift.complaints[1].en
    assert moves(engine) == [] and count(engine, Stocktake) == 0


def test_a_supervisor_writes_off_damaged_stock_with_what_happened(
    qtbot: QtBot,
    page: StockPage,
    services: Services,
    engine: Engine,
    supervisor: Actor,
    shift: Shift,
) -> None:
    services.inventory.receive(supervisor, "毛巾", 10)
    shift.actor = supervisor  # a new shift; the page asks at the moment of the action
    form = open_form(qtbot, page, page.write_off_button)
    choose(form.item, item_id(services, "毛巾"))
    type_text(qtbot, form.quantity, "2")
    submit(qtbot, page, form)  # lost or damaged needs what happened
    assert form.field_in_error() == "Note" and moves(engine, "loss") == []

    type_text(qtbot, form.note, "被雨水泡坏")
    submit(qtbot, page, form)
    [loss] = moves(engine, "loss")
    assert (loss.qty, loss.note, loss.actor_id) == (-2, "被雨水泡坏", supervisor.user_id)
    assert cell(page, "毛巾", 1) == "8"


# ---------------------------------------------------------------------- loans


def test_lend_and_take_back_an_umbrella(
    qtbot: QtBot,
    page: StockPage,
    services: Services,
    engine: Engine,
    attendant: Actor,
    clock: FixedClock,
    shift: Shift,
) -> None:
    services.inventory.receive(attendant, "雨伞", 4)
    umbrella = item_id(services, "雨伞")
    form = open_form(qtbot, page, page.lend_button)
    assert isinstance(form, LendDialog)
    # only lendable things, with how many are free
    assert {form.item.itemData(i) for i in range(form.item.count())} == {
        item_id(services, n) for n in ("雨伞", "充电宝", "打气筒")
    }
    choose(form.item, umbrella)
    assert "4" in form.item.currentText()
    type_text(qtbot, form.borrower, "张师傅")
    type_text(qtbot, form.phone, "1234")
    submit(qtbot, page, form)

    with Session(engine) as s:
        [loan] = s.scalars(select(Loan))
        assert (loan.item_id, loan.borrower, loan.phone_last4) == (umbrella, "张师傅", "1234")
        assert loan.returned_at is None and loan.due_at == loan.lent_at + timedelta(hours=24)
    assert page.loans.rowCount() == 1
    assert page.loans.data(page.loans.index(0, 1)) == "张师傅 · ****1234"
    assert cell(page, "雨伞", 3) == "1"  # on loan, still in the balance
    assert cell(page, "雨伞", 1) == "4"

    clock.advance(hours=3)
    view = page.loans_view
    assert not page.return_button.isEnabled()
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(page.loans.index(0, 0)).center())
    assert page.selected_loan() is not None and page.return_button.isEnabled()
    qtbot.mouseClick(page.return_button, LEFT)
    box = page.confirm
    assert isinstance(box, QMessageBox) and "张师傅" in box.text()
    [yes] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
    qtbot.mouseClick(yes, LEFT)
    idle(qtbot, page)

    with Session(engine) as s:
        [loan] = s.scalars(select(Loan))
        assert loan.returned_at is not None and loan.returned_to_id == attendant.user_id
        assert loan.returned_at.replace(tzinfo=None) == clock().replace(tzinfo=None)
    assert page.loans.rowCount() == 0 and cell(page, "雨伞", 3) == ""
    assert "张师傅" in shift.said[-1]


def test_taking_back_can_be_cancelled(
    qtbot: QtBot, page: StockPage, services: Services, engine: Engine, attendant: Actor
) -> None:
    services.inventory.receive(attendant, "充电宝", 2)
    services.loans.lend(attendant, "充电宝", "小王")
    page.refresh()
    idle(qtbot, page)
    page.loans_view.selectRow(0)
    qtbot.mouseClick(page.return_button, LEFT)
    box = page.confirm
    assert box is not None
    [no] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole]
    qtbot.mouseClick(no, LEFT)
    idle(qtbot, page)
    with Session(engine) as s:
        assert s.scalar(select(Loan.returned_at)) is None
    assert page.loans.rowCount() == 1


def test_an_overdue_loan_is_coloured_and_named(
    qtbot: QtBot, page: StockPage, services: Services, attendant: Actor, clock: FixedClock
) -> None:
    services.inventory.receive(attendant, "雨伞", 3)
    services.loans.lend(attendant, "雨伞", "老李")
    clock.advance(hours=2)
    services.loans.lend(attendant, "雨伞", "小赵")
    clock.advance(hours=23)  # the first is a day and an hour out, the second not yet a day
    qtbot.mouseClick(page.refresh_button, LEFT)
    idle(qtbot, page)
    model = page.loans
    states = [model.data(model.index(r, LoanModel.STATE_COLUMN)) for r in range(2)]
    assert states == [words("LoanModel", "Overdue"), words("LoanModel", "On loan")]
    assert background(model, 0) == OVERDUE[0] and background(model, 1) is None
    assert "1" in page.loans_count.text() and "2" in page.loans_count.text()


def test_a_loan_without_a_borrower_is_refused(
    qtbot: QtBot, page: StockPage, services: Services, engine: Engine, attendant: Actor
) -> None:
    services.inventory.receive(attendant, "雨伞", 1)
    form = open_form(qtbot, page, page.lend_button)
    choose(form.item, item_id(services, "雨伞"))
    submit(qtbot, page, form)
    assert form.field_in_error() == "Borrower" and count(engine, Loan) == 0
    type_text(qtbot, form.phone, "12")
    submit(qtbot, page, form)
    assert form.field_in_error() == "Phone last 4" and count(engine, Loan) == 0


def test_a_loan_that_will_not_come_back_is_written_off_by_a_supervisor(
    qtbot: QtBot,
    page: StockPage,
    services: Services,
    engine: Engine,
    attendant: Actor,
    supervisor: Actor,
    shift: Shift,
) -> None:
    services.inventory.receive(attendant, "打气筒", 1)
    services.loans.lend(attendant, "打气筒", "修车摊")
    page.refresh()
    idle(qtbot, page)
    page.loans_view.selectRow(0)
    qtbot.mouseClick(page.loan_write_off_button, LEFT)
    assert page.dialog is None and isinstance(shift.complaints[-1], PermissionDenied)

    shift.actor = supervisor
    form = open_form(qtbot, page, page.loan_write_off_button)
    type_text(qtbot, form.note, "联系不上借用人")
    submit(qtbot, page, form)
    with Session(engine) as s:
        [loan] = s.scalars(select(Loan))
        assert loan.written_off and loan.returned_to_id == supervisor.user_id
    [loss] = moves(engine, "loss")
    assert loss.qty == -1 and "联系不上借用人" in loss.note
    assert page.loans.rowCount() == 0 and cell(page, "打气筒", 1) == "0"


# ---------------------------------------------------------------------- stocktake


def sheet_row(form: StocktakeDialog, item: str) -> int:
    return next(i for i, line in enumerate(form.sheet.rows()) if line.item == item)


def type_in_cell(qtbot: QtBot, view: QTableView, row: int, column: int, text: str) -> None:
    """Tap the cell (it opens for editing, unless it is open already), type, press Enter."""
    index = view.model().index(row, column)

    def editor() -> QLineEdit | None:
        if view.state() != QAbstractItemView.State.EditingState or view.currentIndex() != index:
            return None
        shown = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
        return shown[0] if len(shown) == 1 else None

    if editor() is None:
        view.scrollTo(index)
        qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(index).center())
        qtbot.waitUntil(lambda: editor() is not None)
    edit = editor()
    assert edit is not None
    edit.selectAll()
    type_text(qtbot, edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


@pytest.fixture
def counting(
    qtbot: QtBot, page: StockPage, services: Services, supervisor: Actor, shift: Shift
) -> StocktakeDialog:
    services.inventory.receive(supervisor, "矿泉水", 10, "L1", date(2027, 1, 1))
    services.inventory.receive(supervisor, "毛巾", 4)
    shift.actor = supervisor
    form = open_form(qtbot, page, page.stocktake_button)
    assert isinstance(form, StocktakeDialog)
    return form


def test_a_stocktake_difference_becomes_a_correction_with_its_reason(
    qtbot: QtBot,
    page: StockPage,
    counting: StocktakeDialog,
    engine: Engine,
    supervisor: Actor,
    shift: Shift,
) -> None:
    form = counting
    water, towels = sheet_row(form, "矿泉水"), sheet_row(form, "毛巾")
    assert form.sheet.data(form.sheet.index(water, 3)) == "10 瓶"  # expected
    type_in_cell(qtbot, form.sheet_view, water, CountSheetModel.COUNTED, "8")
    type_in_cell(qtbot, form.sheet_view, towels, CountSheetModel.COUNTED, "4")
    assert form.sheet.data(form.sheet.index(water, 5)) == "−2"
    assert not form.error_label.isVisible()  # Enter ended the cell, it did not apply the count
    # only the line that differs is listed, and it needs a reason
    assert [(d.item, d.diff) for d in form.differences.rows()] == [("矿泉水", -2)]
    submit(qtbot, page, form)
    assert form.field_in_error() == "Reason" and count(engine, Stocktake) == 0
    assert background(form.differences, 0, DifferenceModel.REASON) is not None

    type_in_cell(qtbot, form.differences_view, 0, DifferenceModel.REASON, "两瓶破损")
    assert form.field_in_error() is None
    type_text(qtbot, form.note, "月末盘点")
    submit(qtbot, page, form)

    assert closed(form)
    with Session(engine) as s:
        [take] = s.scalars(select(Stocktake))
        assert take.note == "月末盘点: 矿泉水 -2瓶 两瓶破损"
        assert take.actor_id == supervisor.user_id
    [correction] = moves(engine, "stocktake")
    assert (correction.qty, correction.stocktake_id) == (-2, take.id)
    assert correction.item_id == next(r.item_id for r in page.balances.rows() if r.item == "矿泉水")
    assert [m.reason for m in moves(engine)] == ["receive", "receive", "stocktake"]
    assert cell(page, "矿泉水", 1) == "8" and cell(page, "毛巾", 1) == "4"
    assert "1" in shift.said[-1]


@pytest.mark.parametrize("typed", ["2.5", "abc", "-1", "1e3"])
def test_a_count_that_is_not_a_whole_number_is_refused_naming_its_row(
    qtbot: QtBot, page: StockPage, counting: StocktakeDialog, engine: Engine, typed: str
) -> None:
    form = counting
    towels = sheet_row(form, "毛巾")
    type_in_cell(qtbot, form.sheet_view, towels, CountSheetModel.COUNTED, typed)
    submit(qtbot, page, form)

    assert form.isVisible() and form.field_in_error() == "Counted"
    assert f"第 {towels + 1} 行" in form.error_label.text()
    assert "毛巾" in form.error_label.text()
    assert form.sheet.error_row == towels
    assert background(form.sheet, towels, CountSheetModel.COUNTED) is not None
    assert count(engine, Stocktake) == 0 and moves(engine, "stocktake") == []

    type_in_cell(qtbot, form.sheet_view, towels, CountSheetModel.COUNTED, "3")
    assert form.field_in_error() is None and form.sheet.error_row is None


def test_a_stocktake_with_nothing_counted_is_refused(
    qtbot: QtBot, page: StockPage, counting: StocktakeDialog, engine: Engine
) -> None:
    submit(qtbot, page, counting)
    assert counting.field_in_error() == "Counted" and count(engine, Stocktake) == 0


def test_a_count_with_no_difference_is_recorded_without_corrections(
    qtbot: QtBot, page: StockPage, counting: StocktakeDialog, engine: Engine
) -> None:
    type_in_cell(
        qtbot,
        counting.sheet_view,
        sheet_row(counting, "矿泉水"),
        CountSheetModel.COUNTED,
        "10",
    )
    submit(qtbot, page, counting)
    assert closed(counting)
    assert count(engine, Stocktake) == 1 and moves(engine, "stocktake") == []


def test_lines_without_stock_cannot_be_counted() -> None:
    model = CountSheetModel()
    model.set_rows(
        [
            CountLine(1, "矿泉水", "瓶", 7, "L1", date(2027, 1, 1), 10),
            CountLine(2, "清凉油", "盒", None, None, None, 0),
        ]
    )
    assert model.setData(model.index(0, CountSheetModel.COUNTED), "9")
    assert not model.setData(model.index(1, CountSheetModel.COUNTED), "3")
    assert model.counts() == [(0, 7, 9)]


def test_the_stocktake_note_names_the_lot_only_when_an_item_has_several() -> None:
    a = Difference(1, 7, "矿泉水", "瓶", "L1", 10, 8)
    b = Difference(2, 8, "矿泉水", "瓶", "L2", 5, 6)
    c = Difference(3, 9, "毛巾", "条", "20260701-1", 4, 3)
    assert stocktake_note("", [(a, "破损"), (b, "漏记"), (c, "丢失")]) == (
        "矿泉水 L1 -2瓶 破损; 矿泉水 L2 +1瓶 漏记; 毛巾 -1条 丢失"
    )
    assert stocktake_note(" 月末  盘点 ", []) == "月末 盘点"


# ---------------------------------------------------------------------- highlighting


def test_low_expiring_and_expired_rows_are_coloured_and_named(
    qtbot: QtBot,
    page: StockPage,
    services: Services,
    attendant: Actor,
    clock: FixedClock,
) -> None:
    inv = services.inventory
    inv.receive(attendant, "绿豆汤", 25, expires_on=date(2026, 7, 1))  # expires today
    inv.receive(attendant, "绿豆汤", 30, expires_on=date(2026, 7, 30))
    inv.receive(attendant, "矿泉水", 100, expires_on=date(2026, 7, 10))  # near: 30 days
    inv.receive(attendant, "矿泉水", 20, expires_on=date(2027, 7, 10))
    inv.receive(attendant, "毛巾", 5)  # low: at most 10
    inv.receive(attendant, "雨伞", 9)
    clock.set(datetime(2026, 7, 2, 9, 0, tzinfo=TZ))  # the 25 bowls expired last night
    qtbot.mouseClick(page.refresh_button, LEFT)
    idle(qtbot, page)

    def state(item: str) -> str:
        return cell(page, item, StockLevelModel.STATE_COLUMN)

    def colour(item: str) -> QColor | None:
        row = next(i for i, r in enumerate(page.balances.rows()) if r.item == item)
        return background(page.balances, row)

    assert state("绿豆汤") == words("StockLevelModel", "Expired: %1 %2").replace(
        "%1", "25"
    ).replace("%2", "份")
    assert colour("绿豆汤") == EXPIRED[0]
    assert state("矿泉水") == words("StockLevelModel", "Expiring soon: %1 %2 by %3").replace(
        "%1", "100"
    ).replace("%2", "瓶").replace("%3", "2026-07-10")
    assert colour("矿泉水") == EXPIRING[0]
    assert cell(page, "矿泉水", 5) == "2026-07-10"
    assert state("毛巾") == words("StockLevelModel", "Low stock") and colour("毛巾") == LOW[0]
    assert state("清凉油") == words("StockLevelModel", "Out of stock")
    assert state("雨伞") == "" and colour("雨伞") is None


# ---------------------------------------------------------------------- working, sizes


def test_the_page_waits_while_its_call_runs(
    qtbot: QtBot,
    page: StockPage,
    services: Services,
    engine: Engine,
    other_program: sqlite3.Connection,
) -> None:
    form = open_form(qtbot, page, page.receive_button)
    choose(form.item, item_id(services, "毛巾"))
    type_text(qtbot, form.quantity, "5")
    other_program.execute("BEGIN IMMEDIATE")  # another kiosk is writing
    try:
        qtbot.mouseClick(form.ok_button, LEFT)
        qtbot.wait(300)
        assert form.working and not form.ok_button.isEnabled()
        assert form.working_label.isVisible() and form.isVisible()
    finally:
        other_program.execute("COMMIT")
    qtbot.waitUntil(lambda: closed(form), timeout=15_000)
    idle(qtbot, page)
    assert [m.qty for m in moves(engine)] == [5]
    assert page.receive_button.isEnabled()


def test_a_form_closed_while_its_call_waits_still_reports_the_outcome(
    qtbot: QtBot,
    page: StockPage,
    services: Services,
    engine: Engine,
    shift: Shift,
    other_program: sqlite3.Connection,
) -> None:
    """The idle timeout closes forms; a call already on its way is done or refused, and
    the page says which."""
    form = open_form(qtbot, page, page.receive_button)
    choose(form.item, item_id(services, "毛巾"))
    type_text(qtbot, form.quantity, "7")
    other_program.execute("BEGIN IMMEDIATE")
    try:
        qtbot.mouseClick(form.ok_button, LEFT)
        qtbot.wait(200)
        page.reset()
        assert page.dialog is None and form.working
    finally:
        other_program.execute("COMMIT")
    qtbot.waitUntil(lambda: bool(shift.said), timeout=15_000)
    idle(qtbot, page)
    assert "毛巾" in shift.said[-1] and cell(page, "毛巾", 1) == "7"
    assert [m.qty for m in moves(engine)] == [7]

    form = open_form(qtbot, page, page.issue_button)
    choose(form.item, item_id(services, "毛巾"))
    type_text(qtbot, form.quantity, "9")  # more than there is
    other_program.execute("BEGIN IMMEDIATE")
    try:
        qtbot.mouseClick(form.ok_button, LEFT)
        qtbot.wait(200)
        page.reset()
    finally:
        other_program.execute("COMMIT")
    qtbot.waitUntil(lambda: bool(shift.complaints), timeout=15_000)
    assert shift.complaints[-1].field == "Quantity" and moves(engine, "issue") == []
    qtbot.waitUntil(lambda: not isValid(form))


def test_the_buttons_are_disabled_while_the_page_loads(qtbot: QtBot, page: StockPage) -> None:
    page.refresh()
    assert page.busy and not page.receive_button.isEnabled()
    assert not page.stocktake_button.isEnabled() and page.working_label.isVisible()
    idle(qtbot, page)
    assert page.receive_button.isEnabled() and not page.working_label.isVisible()


def test_touch_targets_are_at_least_48_px_high(
    qtbot: QtBot, qapp: QApplication, page: StockPage
) -> None:
    qapp.setStyleSheet((RESOURCES_DIR / "kiosk.qss").read_text(encoding="utf-8"))
    try:
        form = open_form(qtbot, page, page.receive_button)
        qtbot.wait(50)
        targets = [
            page.receive_button,
            page.issue_button,
            page.write_off_button,
            page.lend_button,
            page.stocktake_button,
            page.refresh_button,
            page.return_button,
            page.loan_write_off_button,
            form.item,
            form.quantity,
            form.expiry,
            form.ok_button,
            form.cancel_button,
        ]
        assert min(w.height() for w in targets) >= 48
        assert page.balances_view.verticalHeader().defaultSectionSize() >= 48
    finally:
        qapp.setStyleSheet("")


def test_reset_closes_the_open_form(qtbot: QtBot, page: StockPage, engine: Engine) -> None:
    form = open_form(qtbot, page, page.receive_button)
    type_text(qtbot, form.quantity, "3")
    page.reset()
    assert closed(form) and page.dialog is None
    assert moves(engine) == []


# ---------------------------------------------------------------------- models


def test_every_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    now = datetime(2026, 7, 1, 1, 0, tzinfo=TZ)
    levels = [
        StockLevel(1, "矿泉水", "瓶", 30, 20, 10, 48, True),
        StockLevel(2, "毛巾", "条", 40, 40, 0, 10, False),
    ]
    expiring = [LotInfo(5, 1, "矿泉水", "瓶", "L5", date(2026, 7, 3), 20, 2)]
    sheet = [
        CountLine(1, "矿泉水", "瓶", 5, "L5", date(2026, 7, 3), 20),
        CountLine(2, "毛巾", "条", 6, "L6", None, 40),
        CountLine(3, "清凉油", "盒", None, None, None, 0),
    ]
    loans = [
        LoanInfo(1, "雨伞", "把", "张师傅", "1234", None, now, now, None, "李师傅", True),
        LoanInfo(2, "雨伞", "把", "", None, "M12345678", now, None, None, None, False),
    ]
    balances = StockLevelModel()
    balances.set_rows(balance_rows(levels, expiring, loans, sheet, []))
    qtmodeltester.check(balances)

    loan_model = LoanModel(lambda t: t.astimezone(TZ))
    loan_model.set_rows(loans)
    qtmodeltester.check(loan_model)

    counts = CountSheetModel()
    counts.set_rows(sheet)
    counts.setData(counts.index(0, CountSheetModel.COUNTED), "18")
    counts.setData(counts.index(1, CountSheetModel.COUNTED), "x")
    counts.mark_error(1)
    qtmodeltester.check(counts)

    differences = DifferenceModel()
    differences.set_rows(counts.differences())
    differences.setData(differences.index(0, DifferenceModel.REASON), "破损")
    qtmodeltester.check(differences)
    assert differences.reason(5) == "破损" and differences.rowCount() == 1

    for model in (StockLevelModel(), LoanModel(lambda t: t), CountSheetModel(), DifferenceModel()):
        qtmodeltester.check(model)  # empty


def test_the_umbrella_can_be_lent_from_another_page(
    qtbot: QtBot, page: StockPage, services: Services, attendant: Actor
) -> None:
    services.inventory.receive(attendant, "雨伞", 2)
    umbrella = item_id(services, "雨伞")
    page.open_lend(umbrella)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    assert isinstance(page.dialog, LendDialog) and page.dialog.item.currentData() == umbrella


class Shouting(QTranslator):
    """A stand-in language: the Stock page's strings in capitals."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return source.upper() if context in ("StockPage", "StockLevelModel", "LoanModel") else ""

    def isEmpty(self) -> bool:
        return False


def test_a_language_switch_retranslates_the_page(
    qtbot: QtBot, qapp: QApplication, page: StockPage, services: Services, attendant: Actor
) -> None:
    services.inventory.receive(attendant, "毛巾", 3)
    page.refresh()
    idle(qtbot, page)
    header = page.balances.headerData(0, Qt.Orientation.Horizontal)
    switched = Shouting()
    qapp.installTranslator(switched)
    try:
        qtbot.waitUntil(lambda: page.title_label.text() == "STOCK")
        assert page.title() == "STOCK" and page.receive_button.text() == "RECEIVE A DELIVERY"
        assert page.balances.headerData(0, Qt.Orientation.Horizontal) == "ITEM" != header
        assert cell(page, "毛巾", StockLevelModel.STATE_COLUMN) == "LOW STOCK"
        assert page.loans.headerData(1, Qt.Orientation.Horizontal) == "BORROWER"
    finally:
        qapp.removeTranslator(switched)
    qtbot.waitUntil(lambda: page.title_label.text() != "STOCK")
