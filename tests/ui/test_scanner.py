"""The kiosk's QR scanner: key bursts told from typing, the big result, vouchers, visitor mode.

A keyboard-wedge scanner is played here by key events with set timestamps, sent to
the widget that has the focus, as the window system would deliver them: a few
milliseconds apart for the scanner, 200 ms apart for a person. The window does what a
scan asks on its worker thread: a test waits for the result (``settled``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.models import AuditEvent, Handout, StockMove, Visit
from resources import RESOURCES_DIR
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.services import Services
from tests.conftest import ATTENDANT_PIN, SUPERVISOR_NAME, SUPERVISOR_PIN
from tests.ui.test_dialogs import Ticks, answered
from ui.app import CJK_FONTS
from ui.main_window import MainWindow
from ui.scanner import ScanFilter
from ui.visitor_mode import SupervisorDialog, VisitorMode

WATER = "矿泉水"
SCANNER_GAP_MS = 4  # a USB scanner: one key every few milliseconds
PERSON_GAP_MS = 200  # a quick typist


# --------------------------------------------------------------------------- keys


class Keys:
    """Key events with timestamps under the test's control, sent to the focus widget."""

    def __init__(self, start_ms: int = 100_000) -> None:
        self.now = start_ms

    def _send(self, kind: QEvent.Type, key: int, mods: Qt.KeyboardModifier, text: str) -> None:
        target = QApplication.focusWidget()
        assert target is not None, "no widget has the focus"
        event = QKeyEvent(kind, key, mods, text)
        event.setTimestamp(self.now)
        QApplication.sendEvent(target, event)

    def tap(self, key: int, text: str = "", mods: Qt.KeyboardModifier | None = None) -> None:
        m = mods if mods is not None else Qt.KeyboardModifier.NoModifier
        self._send(QEvent.Type.KeyPress, key, m, text)
        self._send(QEvent.Type.KeyRelease, key, m, text)

    def char(self, ch: str) -> None:
        """One character as a US keyboard (or a scanner emulating one) sends it: capitals
        with Shift held around them."""
        key = ord(ch.upper())
        if ch.isupper():
            shift = Qt.KeyboardModifier.ShiftModifier
            self._send(QEvent.Type.KeyPress, Qt.Key.Key_Shift, shift, "")
            self.tap(key, ch, shift)
            self._send(QEvent.Type.KeyRelease, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier, "")
        else:
            self.tap(key, ch)

    def type(self, text: str, gap_ms: int, *, enter: bool = True) -> None:
        for ch in text:
            self.now += gap_ms
            self.char(ch)
        if enter:
            self.now += gap_ms
            self.tap(Qt.Key.Key_Return, "\r")

    def scan(self, text: str) -> None:
        self.type(text, SCANNER_GAP_MS)

    def pause(self, ms: int = 1000) -> None:
        self.now += ms


@pytest.fixture
def keys() -> Keys:
    return Keys()


# --------------------------------------------------------------------------- the window


def rows(services: Services) -> tuple[int, ...]:
    """How many visits, handouts, stock moves and audit events there are."""
    with services.ctx.read() as uow:
        s = uow.session
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Visit, Handout, StockMove, AuditEvent)
        )


class Beeps:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
def beeps() -> Beeps:
    return Beeps()


def settled(qtbot: QtBot, w: MainWindow) -> None:
    """Wait until the window's calls (and the ones their results started) are done."""
    qtbot.waitUntil(lambda: not w.ops.busy, timeout=10_000)


def open_window(
    qtbot: QtBot, services: Services, actor: Actor, lang: str, beeps: Beeps
) -> MainWindow:
    w = MainWindow(services, actor, lang)
    w.display.beep = beeps
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.scan_edit)
    settled(qtbot, w)
    return w


@pytest.fixture
def window(qtbot: QtBot, services: Services, attendant: Actor, zh: str, beeps: Beeps) -> MainWindow:
    return open_window(qtbot, services, attendant, zh, beeps)


@pytest.fixture
def other_field(qtbot: QtBot, window: MainWindow) -> QLineEdit:
    """A field of the window that has the focus, with a person's half-typed note in it."""
    field = QLineEdit()
    window.statusBar().addPermanentWidget(field)
    field.setText("note")
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    return field


@pytest.fixture
def campaign(services: Services, supervisor: Actor) -> int:
    services.inventory.receive(supervisor, WATER, 50, lot_code="W1", expires_on=date(2027, 6, 30))
    return services.relief.create_campaign(
        supervisor, "2026 夏季送清凉", date(2026, 7, 1), date(2026, 8, 31), [(WATER, 2)]
    ).id


def water_left(services: Services) -> int:
    return next(lv.balance for lv in services.inventory.levels() if lv.item == WATER)


# --------------------------------------------------------------------------- scans


def test_a_scanned_slip_checks_out_while_another_field_has_the_focus(
    qtbot: QtBot,
    window: MainWindow,
    other_field: QLineEdit,
    services: Services,
    attendant: Actor,
    clock: FixedClock,
    keys: Keys,
    beeps: Beeps,
) -> None:
    v = services.visits.check_in(attendant, "环卫工人")
    slip = services.scans.code_for_visit(v.id)
    clock.advance(minutes=32)

    with qtbot.waitSignal(window.checked_out) as sig:
        keys.scan(slip)

    [after] = services.visits.visits_on(services.ctx.today())
    assert sig.args == [v.id]
    assert (after.id, after.inside, after.duration_minutes) == (v.id, False, 32)
    assert other_field.text() == "note"  # not one key of the code reached it
    assert QApplication.focusWidget() is other_field
    assert window.scan_filter.holding == ""
    assert window.display.kind == "ok"
    assert window.left_stack.currentWidget() is window.display
    assert window.display.headline.text() == "签退成功，本次停留 32 分钟，慢走！"
    assert window.display.who.text() == f"访客 No. {v.id}"
    assert window.display.detail.text() == "环卫工人 · 09:00–09:32 · 停留 32 分钟"
    assert window.notice.text() == "已签退：环卫工人（停留 32 分钟）"
    assert window.model.index(0, 6).data() == "已离开"  # the register caught up
    assert beeps.count == 1


def test_a_scanned_member_card_checks_in_and_the_result_clears_itself(
    qtbot: QtBot,
    window: MainWindow,
    other_field: QLineEdit,
    services: Services,
    supervisor: Actor,
    keys: Keys,
) -> None:
    m = services.members.register(supervisor, "外卖骑手", nickname="王小明")
    card = services.scans.code_for_member(m.id)
    window.display._timer.setInterval(300)

    with qtbot.waitSignal(window.checked_in):
        keys.scan(card)

    [inside] = services.visits.inside_now()
    assert (inside.member_code, inside.source, inside.category) == (m.code, "scan", "外卖骑手")
    assert other_field.text() == "note"
    assert window.display.text() == "签到成功，欢迎！\n王**\n外卖骑手 · 签到 09:00"
    with qtbot.waitSignal(window.display.cleared, timeout=2000):
        pass
    assert window.display.kind == ""
    assert window.left_stack.currentWidget() is window.check_in_panel


def test_slow_typing_of_the_same_keys_is_typing_not_a_scan(
    qtbot: QtBot,
    window: MainWindow,
    other_field: QLineEdit,
    services: Services,
    attendant: Actor,
    keys: Keys,
) -> None:
    v = services.visits.check_in(attendant, "快递员")
    slip = services.scans.code_for_visit(v.id)
    other_field.clear()
    entered: list[str] = []
    other_field.returnPressed.connect(lambda: entered.append(other_field.text()))
    before = rows(services)

    keys.type(slip, PERSON_GAP_MS)

    assert other_field.text() == slip  # every character, in order
    assert entered == [slip]  # and the Enter, after them
    assert rows(services) == before
    assert [x.id for x in services.visits.inside_now()] == [v.id]
    assert window.display.kind == ""


def test_a_refused_code_shows_why_writes_nothing_and_the_next_scan_works(
    qtbot: QtBot,
    window: MainWindow,
    other_field: QLineEdit,
    services: Services,
    supervisor: Actor,
    keys: Keys,
    beeps: Beeps,
) -> None:
    m = services.members.register(supervisor, "快递员", nickname="小张")
    card = services.scans.code_for_member(m.id)
    pos = 24  # inside the signature, not its last character
    tampered = card[:pos] + ("A" if card[pos] != "A" else "B") + card[pos + 1 :]
    before = rows(services)

    keys.scan(tampered)
    settled(qtbot, window)

    assert rows(services) == before
    assert window.display.kind == "error"
    assert window.display.headline.text() == "无法使用此码"
    assert window.display.message.text() == "码的签名不对：可能被改动过，不能使用"
    assert window.notice.text() == "码的签名不对：可能被改动过，不能使用"
    assert window.notice.property("kind") == "error"
    assert other_field.text() == "note"
    qtbot.waitUntil(lambda: beeps.count == 2)  # two beeps for a refusal

    keys.pause()
    with qtbot.waitSignal(window.checked_in):
        keys.scan(card)
    assert [x.member_code for x in services.visits.inside_now()] == [m.code]
    assert window.display.kind == "ok"


def test_an_old_unsigned_card_typed_into_the_field_still_checks_in(
    qtbot: QtBot, window: MainWindow, services: Services, supervisor: Actor
) -> None:
    m = services.members.register(supervisor, "快递员", nickname="小张")
    window.scan_filter.enabled = False  # a person at the keyboard, no scanner
    qtbot.keyClicks(window.scan_edit, m.code.lower())
    assert window.scan_edit.text() == m.code.lower()  # typed into the field, as before
    with qtbot.waitSignal(window.checked_in):
        qtbot.keyClick(window.scan_edit, Qt.Key.Key_Return)
    [inside] = services.visits.inside_now()
    assert (inside.member_code, inside.source) == (m.code, "scan")
    assert window.display.who.text() == "小*"


# --------------------------------------------------------------------------- vouchers


def test_a_voucher_is_confirmed_handed_out_once_and_refused_when_used(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    supervisor: Actor,
    campaign: int,
    clock: FixedClock,
    keys: Keys,
) -> None:
    voucher = services.vouchers.issue(
        supervisor, campaign, name="张三丰", phone_last4="8765", category="环卫工人"
    )
    keys.scan(voucher.code)
    settled(qtbot, window)

    dialog = window.voucher_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.voucher.id == voucher.id
    assert dialog.claimant_label.text() == "张**（尾号 8765）"
    assert dialog.package_label.text() == "矿泉水 × 2 瓶"
    assert dialog.hand_out_button.text() == "发放"
    assert dialog.cancel_button.text() == "取消"
    assert window.display.kind == "info"
    assert window.display.message.text() == "有效期至 2026-08-31"
    assert (
        window.notice.text()
        == f"发放券 No. {voucher.id}，领取人 张**（尾号 8765）：请核对本人和物品"
    )
    assert rows(services)[1] == 0  # nothing handed out before the attendant confirms

    # A scan while the dialog is open is not acted on behind it.
    other = services.visits.check_in(supervisor, "快递员")
    before = rows(services)
    keys.pause()
    keys.scan(services.scans.code_for_visit(other.id))
    settled(qtbot, window)
    assert rows(services) == before
    assert window.display.headline.text() == "请先关闭对话框"
    assert dialog.isVisible()

    with qtbot.waitSignal(window.handed_out) as sig:
        qtbot.mouseClick(dialog.hand_out_button, Qt.MouseButton.LeftButton)
    settled(qtbot, window)
    [handout] = services.relief.handouts(campaign)
    assert sig.args == [handout.id]
    assert (handout.claimant, handout.phone_last4, handout.category) == (
        "张三丰",
        "8765",
        "环卫工人",
    )
    assert water_left(services) == 48
    assert window.display.kind == "ok"
    assert window.display.headline.text() == "已发放：2026 夏季送清凉"
    assert window.display.who.text() == "张**（尾号 8765）"

    clock.advance(minutes=90)
    before = rows(services)
    keys.pause()
    keys.scan(voucher.code)
    settled(qtbot, window)
    assert rows(services) == before
    assert window.display.kind == "warn"
    assert window.display.headline.text() == "已使用过"
    assert window.display.message.text() == (
        f"发放券 No. {voucher.id} 已于 2026-07-01 09:00 在解放路爱心驿家使用过，不能重复领取"
    )
    assert len(services.relief.handouts(campaign)) == 1
    assert water_left(services) == 48
    # The scanner still listens: the visit slip scanned behind the dialog works now.
    with qtbot.waitSignal(window.checked_out):
        keys.pause()
        keys.scan(services.scans.code_for_visit(other.id))


def test_a_cancelled_voucher_writes_nothing_and_can_be_scanned_again(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    supervisor: Actor,
    campaign: int,
    keys: Keys,
) -> None:
    voucher = services.vouchers.issue(supervisor, campaign, name="李四", phone_last4="1234")
    before = rows(services)
    keys.scan(voucher.code)
    settled(qtbot, window)
    first = window.voucher_dialog
    assert first is not None
    qtbot.mouseClick(first.cancel_button, Qt.MouseButton.LeftButton)
    settled(qtbot, window)
    assert rows(services) == before
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)  # the window has the keys

    keys.pause()
    keys.scan(voucher.code)
    settled(qtbot, window)
    second = window.voucher_dialog
    assert second is not None and second is not first and second.isVisible()
    with qtbot.waitSignal(window.handed_out):
        qtbot.mouseClick(second.hand_out_button, Qt.MouseButton.LeftButton)
    assert len(services.relief.handouts(campaign)) == 1


def test_a_handout_the_stock_cannot_cover_is_refused_on_the_display(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    supervisor: Actor,
    campaign: int,
    keys: Keys,
) -> None:
    voucher = services.vouchers.issue(supervisor, campaign, name="王五", phone_last4="4321")
    services.inventory.issue(supervisor, WATER, 49)  # one bottle left, the package needs two
    keys.scan(voucher.code)
    settled(qtbot, window)
    dialog = window.voucher_dialog
    assert dialog is not None
    before = rows(services)
    qtbot.mouseClick(dialog.hand_out_button, Qt.MouseButton.LeftButton)
    settled(qtbot, window)
    assert rows(services) == before
    assert water_left(services) == 1
    assert window.display.kind == "error"
    assert window.display.headline.text() == "未能办理"
    assert WATER in window.display.message.text()
    assert window.notice.text() == window.display.message.text()
    assert services.vouchers.get(voucher.id).usable  # still good once stock comes in


# --------------------------------------------------------------------------- the filter


@pytest.fixture
def bare_field(qtbot: QtBot, qapp: QApplication) -> Iterator[tuple[QLineEdit, ScanFilter]]:
    """A lone field with a scanner filter installed (no window, no database)."""
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    scan_filter = ScanFilter(gap_ms=35, min_length=6)
    qapp.installEventFilter(scan_filter)
    yield field, scan_filter
    qapp.removeEventFilter(scan_filter)


def test_a_short_fast_burst_and_a_burst_without_enter_reach_the_field(
    qtbot: QtBot, bare_field: tuple[QLineEdit, ScanFilter], keys: Keys
) -> None:
    field, scan_filter = bare_field
    heard: list[str] = []
    scan_filter.scanned.connect(heard.append)
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))

    keys.type("2580", SCANNER_GAP_MS)  # a PIN typed fast: too short for a code
    assert (field.text(), entered, heard) == ("2580", ["2580"], [])

    field.clear()
    keys.pause()
    keys.type("abcdefgh", SCANNER_GAP_MS, enter=False)  # then nothing: no Enter came
    assert field.text() == ""  # held for now
    assert scan_filter.holding == "abcdefgh"
    qtbot.waitUntil(lambda: field.text() == "abcdefgh", timeout=1000)  # after the gap
    assert heard == []


def test_ctrl_and_other_keys_are_never_part_of_a_scan(
    qtbot: QtBot, bare_field: tuple[QLineEdit, ScanFilter], keys: Keys
) -> None:
    field, scan_filter = bare_field
    heard: list[str] = []
    scan_filter.scanned.connect(heard.append)

    keys.type("SD1M", SCANNER_GAP_MS, enter=False)
    keys.now += SCANNER_GAP_MS
    keys.tap(Qt.Key.Key_A, "\x01", Qt.KeyboardModifier.ControlModifier)  # Ctrl+A: select all
    keys.type("XYZW", SCANNER_GAP_MS)
    assert heard == []  # neither half is a code with Enter after 6 characters
    assert field.text() == "XYZW"  # Ctrl+A selected "SD1M", then typing replaced it

    keys.pause()
    field.clear()
    keys.scan("ABC123")
    assert heard == ["ABC123"]
    assert field.text() == ""
    keys.pause()
    keys.type("DEF456", SCANNER_GAP_MS, enter=False)
    keys.tap(0x0A, "\n")  # a scanner set to end with LF (xdotool's "\n" too)
    assert heard == ["ABC123", "DEF456"]
    assert field.text() == ""

    scan_filter.enabled = False
    keys.pause()
    keys.scan("ABC123")
    assert heard == ["ABC123", "DEF456"]  # paused: the keys are a person's
    assert field.text() == "ABC123"


def test_an_injected_clock_decides_the_timing(
    qtbot: QtBot, qapp: QApplication, bare_field: tuple[QLineEdit, ScanFilter]
) -> None:
    field, default_filter = bare_field
    qapp.removeEventFilter(default_filter)
    now = [0.0]
    scan_filter = ScanFilter(gap_ms=35, min_length=6, clock=lambda: now[0])
    qapp.installEventFilter(scan_filter)
    heard: list[str] = []
    scan_filter.scanned.connect(heard.append)
    try:
        qtbot.keyClicks(field, "ABC123")  # QTest's keys carry no timestamp
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert (heard, field.text()) == (["ABC123"], "")  # the clock stood still: a burst

        for ch in "XYZ789":
            now[0] += 200
            qtbot.keyClick(field, ch)
        now[0] += 200
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert (heard, field.text()) == (["ABC123"], "XYZ789")  # 200 ms a key: typing
    finally:
        qapp.removeEventFilter(scan_filter)


# --------------------------------------------------------------------------- visitor mode


def leave_dialog_of(visitor: VisitorMode) -> SupervisorDialog:
    dialog = visitor.leave_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def type_pin(qtbot: QtBot, field: QLineEdit, pin: str) -> None:
    qtbot.keyClicks(field, pin)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def scanned(qtbot: QtBot, visitor: VisitorMode) -> None:
    """Wait until visitor mode's scans are checked (they run on its worker)."""
    qtbot.waitUntil(lambda: not visitor.checking_scan, timeout=10_000)


def test_visitor_mode_takes_scans_and_leaves_only_with_a_supervisor_pin(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    supervisor: Actor,
    campaign: int,
    keys: Keys,
    beeps: Beeps,
) -> None:
    # An attendant opens it with a supervisor's PIN; their own PIN is not enough.
    qtbot.mouseClick(window.visitor_button, Qt.MouseButton.LeftButton)
    opening = window.supervisor_dialog
    assert opening is not None and opening.isVisible()
    assert opening.name_combo.currentData() == SUPERVISOR_NAME
    type_pin(qtbot, opening.pin_edit, ATTENDANT_PIN)
    answered(qtbot, opening)
    assert window.visitor is None and opening.isVisible()
    # One Enter, one check: the wrong PIN counts once (4 tries left, not 3).
    assert opening.error_label.text() == "用户名或 PIN 不对（还可以再试 4 次）"
    type_pin(qtbot, opening.pin_edit, SUPERVISOR_PIN)
    qtbot.waitUntil(lambda: window.visitor is not None, timeout=10_000)
    visitor = window.visitor
    assert visitor is not None
    qtbot.waitUntil(visitor.isVisible)
    assert visitor.isFullScreen() and not window.isVisible()
    assert visitor.prompt.text() == "请扫码"
    visitor.display.beep = beeps
    visitor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is visitor)

    m = services.members.register(supervisor, "快递员", nickname="小张")
    keys.scan(services.scans.code_for_member(m.id))
    scanned(qtbot, visitor)
    assert [x.member_code for x in services.visits.inside_now()] == [m.code]
    assert visitor.stack.currentWidget() is visitor.display
    assert visitor.display.headline.text() == "签到成功，欢迎！"

    voucher = services.vouchers.issue(supervisor, campaign, name="张三", phone_last4="8765")
    before = rows(services)
    keys.pause()
    keys.scan(voucher.code)
    scanned(qtbot, visitor)
    assert rows(services) == before  # a voucher is not handed out here
    assert visitor.display.kind == "warn"
    assert visitor.display.headline.text() == "请到服务台领取"

    # Esc, closing the window, a wrong PIN: visitor mode stays.
    qtbot.keyClick(visitor, Qt.Key.Key_Escape)
    assert visitor.isVisible() and visitor.active
    dialog = leave_dialog_of(visitor)
    type_pin(qtbot, dialog.pin_edit, "9999")
    answered(qtbot, dialog)
    assert dialog.isVisible() and visitor.isVisible() and visitor.active
    assert dialog.error_label.text() == "用户名或 PIN 不对（还可以再试 4 次）"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the dialog goes, visitor mode stays
    assert not dialog.isVisible() and visitor.isVisible()

    visitor.close()  # Alt+F4 or the close button
    assert visitor.isVisible() and visitor.active
    dialog = leave_dialog_of(visitor)

    with qtbot.waitSignal(visitor.left):
        type_pin(qtbot, dialog.pin_edit, SUPERVISOR_PIN)
    assert not visitor.isVisible()
    settled(qtbot, window)
    assert window.visitor is None and window.isVisible()
    assert window.notice.text() == "访客自助模式已结束"
    assert window.model.rowCount() == 1  # the visitor's check-in is in the register

    # Back at the desk, the scanner is the window's again.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    keys.pause()
    keys.scan(voucher.code)
    settled(qtbot, window)
    assert window.voucher_dialog is not None and window.voucher_dialog.isVisible()


def test_a_supervisor_opens_visitor_mode_at_once(
    qtbot: QtBot, services: Services, supervisor: Actor, zh: str, beeps: Beeps
) -> None:
    w = open_window(qtbot, services, supervisor, zh, beeps)
    qtbot.mouseClick(w.visitor_button, Qt.MouseButton.LeftButton)
    assert w.visitor is not None
    qtbot.waitUntil(w.visitor.isVisible)
    w.visitor.leave()
    assert w.isVisible()


def test_visitor_mode_keeps_answering_while_another_program_holds_the_database(
    qtbot: QtBot,
    services: Services,
    supervisor: Actor,
    other_program: sqlite3.Connection,
    beeps: Beeps,
    zh: str,
) -> None:
    """Two cards scanned while another kiosk writes: the screen says it is checking, the
    event loop runs, and after COMMIT both are in, in the order scanned."""
    first = services.members.register(supervisor, "快递员", nickname="小张")
    second = services.members.register(supervisor, "环卫工人", nickname="老李")
    visitor = VisitorMode(services, supervisor, zh, beep=beeps)
    qtbot.addWidget(visitor)
    visitor.show()
    qtbot.waitExposed(visitor)
    qtbot.waitUntil(lambda: not visitor.ops.busy)  # the station's name is read
    ticks = Ticks()
    other_program.execute("BEGIN IMMEDIATE")
    try:
        visitor.handle_scan(services.scans.code_for_member(first.id))
        visitor.handle_scan(services.scans.code_for_member(second.id))
        assert visitor.checking_scan and visitor.checking.isVisible()
        assert visitor.checking.text() == "正在核对…"
        start = ticks.count
        qtbot.waitUntil(lambda: ticks.count >= start + 40, timeout=5000)  # the loop runs
        assert visitor.checking.text() == "请稍候：数据库正忙…"
        assert visitor.display.kind == "" and beeps.count == 0  # nothing said yet
        assert services.visits.inside_now() == []
    finally:
        other_program.execute("COMMIT")
        ticks.stop()
    scanned(qtbot, visitor)
    assert not visitor.checking.isVisible()
    assert [v.member_nickname for v in services.visits.inside_now()] == ["小张", "老李"]
    assert visitor.display.kind == "ok" and visitor.display.who.text() == "老*"
    assert beeps.count == 2  # one for each check-in
    visitor.leave()


# --------------------------------------------------------------------------- how it looks


@pytest.fixture
def kiosk_look(qapp: QApplication) -> Iterator[None]:
    """The application's real font list and style sheet, as ``ui.app`` sets them."""
    font, sheet = qapp.font(), qapp.styleSheet()
    styled = qapp.font()
    styled.setFamilies([*CJK_FONTS, font.family()])
    qapp.setFont(styled)
    qapp.setStyleSheet((RESOURCES_DIR / "kiosk.qss").read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


def colour_at(widget: QWidget, x: int, y: int) -> str:
    return QColor(widget.grab().toImage().pixel(x, y)).name()


def test_the_result_and_visitor_mode_render_at_kiosk_size(
    qtbot: QtBot,
    kiosk_look: None,
    window: MainWindow,
    services: Services,
    supervisor: Actor,
    keys: Keys,
    tmp_path: Path,
) -> None:
    window.resize(1280, 800)
    m = services.members.register(supervisor, "外卖骑手", nickname="王小明")
    with qtbot.waitSignal(window.checked_in):
        keys.scan(services.scans.code_for_member(m.id))
    qtbot.wait(50)
    shot = window.grab()
    assert (shot.width(), shot.height()) == (1280, 800)
    assert shot.save(str(tmp_path / "main_window_scan.png"))
    display = window.display
    corner = display.mapTo(window, display.rect().center())
    assert colour_at(window, corner.x(), corner.y() - 150) == "#1b5e20"  # green panel
    assert display.width() >= 500 and display.height() >= 500

    visitor = VisitorMode(services, supervisor, "zh_CN")
    qtbot.addWidget(visitor)
    visitor.resize(1280, 800)
    visitor.show()
    qtbot.waitExposed(visitor)
    qtbot.waitUntil(lambda: visitor.station.text() == "解放路爱心驿家")  # read on the worker
    assert visitor.grab().save(str(tmp_path / "visitor_mode.png"))
    assert visitor.prompt.fontMetrics().horizontalAdvance("请扫码") > 200  # really large
    visitor.leave()


def test_an_attendants_pin_does_not_open_visitor_mode(
    qtbot: QtBot, window: MainWindow, services: Services, attendant: Actor
) -> None:
    qtbot.mouseClick(window.visitor_button, Qt.MouseButton.LeftButton)
    dialog = window.supervisor_dialog
    assert dialog is not None
    assert [dialog.name_combo.itemData(i) for i in range(dialog.name_combo.count())] == [
        SUPERVISOR_NAME
    ]
    # A list read before a supervisor became an attendant again: the PIN is checked anyway.
    dialog.name_combo.addItem(attendant.name, attendant.name)
    dialog.name_combo.setCurrentIndex(1)
    type_pin(qtbot, dialog.pin_edit, ATTENDANT_PIN)
    answered(qtbot, dialog)
    assert dialog.isVisible() and window.visitor is None
    assert dialog.error_label.text() == "李师傅 不是负责人：需要负责人的 PIN"
    assert dialog.pin_edit.text() == ""
