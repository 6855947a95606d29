"""The kiosk with the keyboard alone: every page by its keys, and the day's work done with
Tab, Shift+Tab, Space, Enter and the arrows, as a person without a mouse would.

Keys go to the widget that has the focus (``QApplication.focusWidget()``), never to a
widget picked by the test; the database is read afterwards through the services. The
scanner filter is paused: it holds back fast key bursts, and the test types fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView, QWidget
from pytestqt.qtbot import QtBot

from station_app.context import Actor
from station_app.relief import CampaignInfo
from station_app.services import Services
from tests.conftest import SUPERVISOR_PIN
from ui.app import build_window
from ui.main_window import HOME, MainWindow
from ui.pages.base import Page
from ui.pages.members_page import MembersPage
from ui.pages.records_page import RecordsPage
from ui.pages.relief_page import ReliefPage
from ui.pages.stock_dialogs import ReceiveDialog, StocktakeDialog
from ui.pages.stock_models import CountSheetModel, DifferenceModel
from ui.pages.stock_page import StockPage
from ui.pages.visits_page import VisitsPage
from ui.visitor_mode import SupervisorDialog

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
P = TypeVar("P", bound=Page)
MAX_STEPS = 60  # more Tabs than any page has stops


# --------------------------------------------------------------------------- helpers


def settled(qtbot: QtBot, w: MainWindow) -> None:
    """The window's calls, and those their results started, are done."""
    qtbot.waitUntil(lambda: not w.ops.busy, timeout=15_000)
    QApplication.processEvents()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keys"
    return widget


def press(
    qtbot: QtBot,
    w: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """One key, to whatever has the focus; then the calls it started are waited for."""
    QTest.keyClick(focused(), key, modifier)
    settled(qtbot, w)


def type_keys(qtbot: QtBot, w: MainWindow, text: str) -> None:
    QTest.keyClicks(focused(), text)
    settled(qtbot, w)


def tab_to(
    qtbot: QtBot, w: MainWindow, wanted: Callable[[QWidget], bool], *, back: bool = False
) -> QWidget:
    """Tab (or Shift+Tab) until the focus is on a widget ``wanted`` says yes to."""
    for _ in range(MAX_STEPS):
        if wanted(focused()):
            return focused()
        press(qtbot, w, Key.Key_Tab, SHIFT if back else Qt.KeyboardModifier.NoModifier)
    raise AssertionError(f"Tab never reached it; the focus is on {focused()!r}")


def is_(widget: QWidget) -> Callable[[QWidget], bool]:
    return lambda focus: focus is widget


def page_of(w: MainWindow, key: str, kind: type[P]) -> P:
    """The side bar's page ``key`` (built now if it was not yet), as the class it is."""
    page = w.page(key)
    assert isinstance(page, kind)
    return page


def open_window(qtbot: QtBot, services: Services, actor: Actor, lang: str) -> MainWindow:
    w = build_window(services, actor, lang)
    qtbot.addWidget(w)
    w.scan_filter.enabled = False
    w.resize(1280, 800)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    settled(qtbot, w)
    return w


@pytest.fixture
def window(qtbot: QtBot, services: Services, attendant: Actor, zh: str) -> MainWindow:
    return open_window(qtbot, services, attendant, zh)


def showing(w: MainWindow, key: str) -> Callable[[], bool]:
    return lambda: w.current_page == key


def has_the_keys(page: QWidget) -> Callable[[], bool]:
    def inside() -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and page.isAncestorOf(focus)

    return inside


def pin_dialog_has_the_keys(qtbot: QtBot, w: MainWindow) -> SupervisorDialog:
    """The supervisor's PIN dialog is open, the keys in its PIN field."""
    qtbot.waitUntil(lambda: w.supervisor_dialog is not None and w.supervisor_dialog.isVisible())
    dialog = w.supervisor_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.pin_edit)
    return dialog


# --------------------------------------------------------------------------- the side bar


def test_every_side_bar_page_opens_by_its_keys_with_the_keys_in_the_page(
    qtbot: QtBot, window: MainWindow, supervisor: Actor, attendant: Actor
) -> None:
    w = window
    order = [HOME, *w.page_keys()]
    assert order == [HOME, "visits", "stock", "relief", "members", "records", "reports", "settings"]
    tips = {key: w.side_bar.buttons[key].toolTip() for key in order}
    assert tips[HOME].startswith("签到") and "Ctrl+1" in tips[HOME]
    assert tips["stock"].startswith("库存") and "Ctrl+3" in tips["stock"]
    assert "Ctrl+8" in tips["settings"] and "负责人" in tips["settings"]  # locked: says so

    digits = [Key.Key_2, Key.Key_3, Key.Key_4, Key.Key_5, Key.Key_6, Key.Key_7, Key.Key_8]
    asked: list[str] = []
    for key, digit in zip(order[1:], digits, strict=True):
        locked = w.side_bar.is_locked(key)
        press(qtbot, w, digit, CTRL)
        if locked:
            asked.append(key)
            assert w.current_page != key  # not without a supervisor's PIN
            pin_dialog_has_the_keys(qtbot, w)
            type_keys(qtbot, w, SUPERVISOR_PIN)
            press(qtbot, w, Key.Key_Return)
            qtbot.waitUntil(showing(w, key))
            assert w.current_actor() == supervisor
        assert w.current_page == key and w.side_bar.current() == key
        page = w.page(key)
        assert w.pages.currentWidget() is page
        qtbot.waitUntil(has_the_keys(page))  # the keys went into the page
        assert QApplication.activeWindow() is w  # no stray window took them
    # Reports asked; Settings, the next supervisor's page, opened on the same rights.
    assert asked == ["reports"]

    press(qtbot, w, Key.Key_1, CTRL)
    assert w.current_page == HOME and w.pages.currentWidget() is w.home
    assert focused() is w.scan_edit
    assert w.current_actor() == attendant  # the supervisor's rights stayed on their pages


def test_each_page_gives_the_keys_to_its_first_control(qtbot: QtBot, window: MainWindow) -> None:
    w = window
    firsts: list[tuple[Qt.Key, Callable[[], QWidget]]] = [
        (Key.Key_2, lambda: page_of(w, "visits", VisitsPage).start_edit),  # the first field
        (Key.Key_3, lambda: page_of(w, "stock", StockPage).balances_view),  # the main table
        (Key.Key_4, lambda: page_of(w, "relief", ReliefPage).card_edit),  # the claimant's card
        (Key.Key_5, lambda: page_of(w, "members", MembersPage).category_combo),
        (Key.Key_6, lambda: page_of(w, "records", RecordsPage).area_combo),
        (Key.Key_1, lambda: w.scan_edit),
    ]
    for digit, first in firsts:
        # From a button that stays on screen whatever page is in front.
        tab_to(qtbot, w, is_(w.visitor_button))
        press(qtbot, w, digit, CTRL)
        assert focused() is first()
        press(qtbot, w, Key.Key_Tab, SHIFT)  # Tab goes on from there, within the page
        press(qtbot, w, Key.Key_Tab)
        assert focused() is first()


def test_the_arrows_move_along_the_side_bar_and_enter_opens(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    bar = w.side_bar.buttons
    tab_to(qtbot, w, is_(bar[HOME]))  # Tab reaches the button of the page in front
    press(qtbot, w, Key.Key_Down)
    press(qtbot, w, Key.Key_Down)
    assert focused() is bar["stock"]
    assert w.current_page == HOME and w.supervisor_dialog is None  # moving opens nothing
    press(qtbot, w, Key.Key_Up)
    assert focused() is bar["visits"] and w.current_page == HOME
    press(qtbot, w, Key.Key_Up)
    press(qtbot, w, Key.Key_Up)  # the first stays the first
    assert focused() is bar[HOME]
    for _ in range(3):
        press(qtbot, w, Key.Key_Down)
    assert focused() is bar["relief"]
    press(qtbot, w, Key.Key_Return)
    assert w.current_page == "relief"
    assert focused() is page_of(w, "relief", ReliefPage).card_edit

    # Space opens too; a supervisor's page asks for the PIN.
    press(qtbot, w, Key.Key_1, CTRL)
    tab_to(qtbot, w, is_(bar[HOME]))
    for _ in range(7):
        press(qtbot, w, Key.Key_Down)
    press(qtbot, w, Key.Key_Down)  # the last stays the last
    assert focused() is bar["settings"] and w.current_page == HOME
    press(qtbot, w, Key.Key_Space)
    pin_dialog_has_the_keys(qtbot, w)
    assert w.current_page == HOME
    press(qtbot, w, Key.Key_Escape)
    qtbot.waitUntil(lambda: w.supervisor_dialog is None or not w.supervisor_dialog.isVisible())
    assert w.current_page == HOME


def test_page_keys_wait_behind_a_dialog_and_leave_typing_alone(
    qtbot: QtBot, window: MainWindow
) -> None:
    w = window
    press(qtbot, w, Key.Key_8, CTRL)
    dialog = pin_dialog_has_the_keys(qtbot, w)
    press(qtbot, w, Key.Key_3, CTRL)  # behind the PIN dialog: nothing opens
    assert w.current_page == HOME and w.find_page("stock") is None
    assert focused() is dialog.pin_edit
    press(qtbot, w, Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)

    # Digits typed into a field stay there; Ctrl and a digit types nothing.
    press(qtbot, w, Key.Key_1, CTRL)
    assert focused() is w.scan_edit
    type_keys(qtbot, w, "12")
    press(qtbot, w, Key.Key_1, CTRL)
    type_keys(qtbot, w, "3")
    assert w.scan_edit.text() == "123" and w.current_page == HOME
    press(qtbot, w, Key.Key_5, CTRL)  # typed with a field's text in it: the page opens
    assert focused() is page_of(w, "members", MembersPage).category_combo
    assert w.scan_edit.text() == "123"

    # Change shift: nobody is signed in, and the keys open nothing, in the sign-in
    # dialog or, once it is cancelled, on the locked window.
    tab_to(qtbot, w, is_(w.sign_out_button))
    press(qtbot, w, Key.Key_Space)
    qtbot.waitUntil(lambda: w.login_dialog is not None and w.login_dialog.isVisible())
    press(qtbot, w, Key.Key_3, CTRL)
    assert w.find_page("stock") is None
    press(qtbot, w, Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert w.body.currentWidget() is w.locked_page
    press(qtbot, w, Key.Key_3, CTRL)
    assert w.current_page == HOME and w.find_page("stock") is None


# --------------------------------------------------------------------------- check-in


def test_check_in_by_category_and_check_out_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    w = window
    assert focused() is w.scan_edit
    courier = next(c for c in services.stations.categories() if c.name == "快递员")
    water = next(s for s in services.stations.service_types() if s.name == "饮水")
    tab_to(qtbot, w, is_(w.service_buttons[water.id]))
    press(qtbot, w, Key.Key_Space)
    assert w.service_buttons[water.id].isChecked()
    tab_to(qtbot, w, is_(w.category_buttons[courier.id]), back=True)
    press(qtbot, w, Key.Key_Space)

    inside = services.visits.inside_now()
    assert [(v.category, v.services) for v in inside] == [("快递员", ("饮水",))]
    assert focused() is w.scan_edit  # ready for the next card

    # The register holds the visit, selected; Tab goes in, and on out of it to Check out.
    tab_to(qtbot, w, is_(w.table))
    selected = w.selected_visit()
    assert selected is not None and selected.id == inside[0].id
    tab_to(qtbot, w, is_(w.check_out_button))
    press(qtbot, w, Key.Key_Space)
    assert services.visits.inside_now() == []
    (visit,) = services.visits.visits_on(services.ctx.today())
    assert visit.id == inside[0].id and visit.checked_out_at is not None


# --------------------------------------------------------------------------- visits


def test_search_the_visits_with_dates_typed_as_written(
    qtbot: QtBot, window: MainWindow, services: Services, attendant: Actor
) -> None:
    w = window
    services.visits.check_in(attendant, "快递员")  # today, 2026-07-01
    press(qtbot, w, Key.Key_2, CTRL)
    visits = page_of(w, "visits", VisitsPage)
    assert focused() is visits.start_edit
    type_keys(qtbot, w, "2026-06-25")
    tab_to(qtbot, w, is_(visits.end_edit))
    type_keys(qtbot, w, "2026-06-30")
    assert (visits.start_edit.date().toPython(), visits.end_edit.date().toPython()) == (
        date(2026, 6, 25),
        date(2026, 6, 30),
    )
    tab_to(qtbot, w, is_(visits.member_edit))
    press(qtbot, w, Key.Key_Return)  # searches
    assert visits.model.rowCount() == 0

    tab_to(qtbot, w, is_(visits.end_edit), back=True)
    type_keys(qtbot, w, "20260701")  # without the dashes too
    tab_to(qtbot, w, is_(visits.member_edit))
    press(qtbot, w, Key.Key_Return)
    assert visits.model.rowCount() == 1
    # Tab goes into the results and on out of them.
    tab_to(qtbot, w, is_(visits.table))
    press(qtbot, w, Key.Key_Tab)
    assert not visits.isAncestorOf(focused())


# --------------------------------------------------------------------------- stock


def test_receive_a_delivery_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    w = window
    press(qtbot, w, Key.Key_3, CTRL)
    stock = page_of(w, "stock", StockPage)
    assert focused() is stock.balances_view and stock.balances.rowCount() > 1
    press(qtbot, w, Key.Key_Tab)  # out of the balances (not round their cells)
    assert focused() is stock.loans_view
    tab_to(qtbot, w, is_(stock.receive_button), back=True)
    press(qtbot, w, Key.Key_Space)
    qtbot.waitUntil(lambda: stock.dialog is not None and stock.dialog.isVisible())
    form = stock.dialog
    assert isinstance(form, ReceiveDialog)
    assert focused() is form.quantity
    type_keys(qtbot, w, "24")

    # The item: Shift+Tab to its list, Home, then Down to water (which needs a date).
    tab_to(qtbot, w, is_(form.item), back=True)
    press(qtbot, w, Key.Key_Home)
    names = [i.name for i in services.inventory.items()]
    for _ in range(names.index("矿泉水")):
        press(qtbot, w, Key.Key_Down)
    assert form.item.currentText().startswith("矿泉水")
    tab_to(qtbot, w, is_(form.expiry))
    type_keys(qtbot, w, "2027-06-30")
    assert form.expiry.value() == date(2027, 6, 30)
    tab_to(qtbot, w, is_(form.note))
    type_keys(qtbot, w, "Red Cross")
    press(qtbot, w, Key.Key_Return)  # the form's default button: Receive

    qtbot.waitUntil(lambda: stock.dialog is None)  # closed: the delivery is in
    settled(qtbot, w)
    level = next(lv for lv in services.inventory.levels() if lv.item == "矿泉水")
    assert (level.balance, level.usable) == (24, 24)
    (lot,) = [lot for lot in services.inventory.expiring_soon(3650) if lot.item == "矿泉水"]
    assert (lot.qty, lot.expires_on) == (24, date(2027, 6, 30))
    (move,) = services.inventory.moves("矿泉水")
    assert (move.qty, move.note) == (24, "Red Cross")
    # The balance on the page shows it, and the keys are back on the page.
    row = next(r for r in stock.balances.rows() if r.item == "矿泉水")
    assert (row.balance, row.next_expiry) == (24, date(2027, 6, 30))
    assert stock.isAncestorOf(focused())


def current_column(view: QTableView) -> int:
    return view.currentIndex().column()


def test_a_stocktake_from_the_keyboard_gets_out_of_its_sheet(
    qtbot: QtBot, services: Services, supervisor: Actor, zh: str
) -> None:
    services.inventory.receive(supervisor, "毛巾", 10)
    w = open_window(qtbot, services, supervisor, zh)
    press(qtbot, w, Key.Key_3, CTRL)
    stock = page_of(w, "stock", StockPage)
    tab_to(qtbot, w, is_(stock.stocktake_button), back=True)
    press(qtbot, w, Key.Key_Space)
    qtbot.waitUntil(lambda: stock.dialog is not None and stock.dialog.isVisible())
    form = stock.dialog
    assert isinstance(form, StocktakeDialog) and focused() is form.sheet_view

    # Down to the towels, Right to the Counted cell (it opens for typing), Enter ends it.
    press(qtbot, w, Key.Key_Down)
    for _ in range(form.sheet.rowCount()):
        if form.sheet_view.currentIndex().siblingAtColumn(0).data() == "毛巾":
            break
        press(qtbot, w, Key.Key_Down)
    for _ in range(CountSheetModel.COUNTED):
        if current_column(form.sheet_view) == CountSheetModel.COUNTED:
            break
        press(qtbot, w, Key.Key_Right)
    type_keys(qtbot, w, "8")
    press(qtbot, w, Key.Key_Return)
    assert [(d.item, d.diff) for d in form.differences.rows()] == [("毛巾", -2)]

    # Tab leaves the sheet for the differences, then the note and the buttons.
    press(qtbot, w, Key.Key_Tab)
    assert focused() is form.differences_view
    press(qtbot, w, Key.Key_Down)
    for _ in range(DifferenceModel.REASON):
        if current_column(form.differences_view) == DifferenceModel.REASON:
            break
        press(qtbot, w, Key.Key_Right)
    type_keys(qtbot, w, "two torn")
    press(qtbot, w, Key.Key_Return)
    tab_to(qtbot, w, is_(form.note))
    type_keys(qtbot, w, "month end")
    tab_to(qtbot, w, is_(form.ok_button))
    press(qtbot, w, Key.Key_Space)

    qtbot.waitUntil(lambda: stock.dialog is None)
    correction = services.inventory.moves("毛巾")[-1]
    assert (correction.qty, correction.reason) == (-2, "stocktake")
    level = next(lv for lv in services.inventory.levels() if lv.item == "毛巾")
    assert level.balance == 8


# --------------------------------------------------------------------------- relief


@pytest.fixture
def campaign(services: Services, supervisor: Actor) -> CampaignInfo:
    services.inventory.receive(
        supervisor, "矿泉水", 20, lot_code="W1", expires_on=date(2026, 12, 31)
    )
    return services.relief.create_campaign(
        supervisor, "2026 夏季送清凉", date(2026, 7, 1), date(2026, 8, 31), [("矿泉水", 2)]
    )


def test_a_handout_to_a_named_person_who_cannot_sign(
    qtbot: QtBot, window: MainWindow, services: Services, campaign: CampaignInfo
) -> None:
    w = window
    press(qtbot, w, Key.Key_4, CTRL)
    relief = page_of(w, "relief", ReliefPage)
    assert relief.current_campaign_id() == campaign.id
    assert focused() is relief.card_edit
    press(qtbot, w, Key.Key_Tab)
    assert focused() is relief.name_edit
    type_keys(qtbot, w, "Lao Wang")
    press(qtbot, w, Key.Key_Tab)
    type_keys(qtbot, w, "8765")
    press(qtbot, w, Key.Key_Tab)
    type_keys(qtbot, w, "SF Express")
    press(qtbot, w, Key.Key_Tab)
    assert focused() is relief.category_combo
    press(qtbot, w, Key.Key_Down)
    assert relief.category_combo.currentText() == "快递员"
    tab_to(qtbot, w, is_(relief.cannot_sign))
    press(qtbot, w, Key.Key_Space)
    assert relief.cannot_sign.isChecked()
    tab_to(qtbot, w, is_(relief.hand_out_button))
    press(qtbot, w, Key.Key_Space)

    (handout,) = services.relief.handouts(campaign.id)
    assert (handout.claimant, handout.phone_last4, handout.employer) == (
        "Lao Wang",
        "8765",
        "SF Express",
    )
    assert handout.category == "快递员" and not handout.signed
    assert services.relief.signature(handout.id) is None
    level = next(lv for lv in services.inventory.levels() if lv.item == "矿泉水")
    assert level.usable == 18


# --------------------------------------------------------------------------- members


def test_register_a_member_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    w = window
    press(qtbot, w, Key.Key_5, CTRL)
    members = page_of(w, "members", MembersPage)
    assert focused() is members.category_combo
    press(qtbot, w, Key.Key_Home)
    press(qtbot, w, Key.Key_Down)  # the second category
    second = services.stations.categories()[1]
    assert members.category_combo.currentData() == second.id
    press(qtbot, w, Key.Key_Tab)
    type_keys(qtbot, w, "Xiao Li")
    press(qtbot, w, Key.Key_Tab)
    type_keys(qtbot, w, "Meituan")
    press(qtbot, w, Key.Key_Tab)
    assert focused() is members.consent_box
    press(qtbot, w, Key.Key_Space)
    press(qtbot, w, Key.Key_Tab)
    assert focused() is members.phone_edit
    type_keys(qtbot, w, "13912345678")
    tab_to(qtbot, w, is_(members.register_button))
    press(qtbot, w, Key.Key_Space)

    (member,) = services.members.list_members(search="Xiao Li")
    assert (member.nickname, member.employer, member.category_id) == (
        "Xiao Li",
        "Meituan",
        second.id,
    )
    assert member.phone_masked.endswith("5678") and member.active
    # The list shows the new member; Tab goes into it and on out of it.
    tab_to(qtbot, w, is_(members.table))
    assert members.model.rowCount() == 1
    press(qtbot, w, Key.Key_Tab)
    assert focused() is not members.table
