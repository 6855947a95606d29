"""The kiosk window: taps and scans end up in the database, refusals write nothing.

Every service call of the window runs on its worker (ui.ops.Ops): a test clicks as a
person would, then waits for the result to come back (a signal, or the worker idle).
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.models import AuditEvent, Visit
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.services import Services
from ui.main_window import MainWindow


def visit_count(services: Services) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(func.count(Visit.id))) or 0


def settled(qtbot: QtBot, w: MainWindow) -> None:
    """Wait until the window's calls (and the ones their results started) are done."""
    qtbot.waitUntil(lambda: not w.ops.busy, timeout=10_000)


def tap(qtbot: QtBot, w: MainWindow, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settled(qtbot, w)


@pytest.fixture
def window(qtbot: QtBot, services: Services, attendant: Actor, zh: str) -> MainWindow:
    w = MainWindow(services, attendant, zh)
    qtbot.addWidget(w)
    w.show()
    settled(qtbot, w)
    return w


def category_id(services: Services, name: str) -> int:
    return next(c.id for c in services.stations.categories() if c.name == name)


def service_id(services: Services, name: str) -> int:
    return next(s.id for s in services.stations.service_types() if s.name == name)


def test_one_tap_checks_in_with_toggled_services(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    water = window.service_buttons[service_id(services, "饮水")]
    charge = window.service_buttons[service_id(services, "充电")]
    qtbot.mouseClick(water, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(charge, Qt.MouseButton.LeftButton)
    assert water.isChecked() and charge.isChecked()

    with qtbot.waitSignal(window.checked_in) as sig:
        qtbot.mouseClick(
            window.category_buttons[category_id(services, "外卖骑手")], Qt.MouseButton.LeftButton
        )

    [v] = services.visits.visits_on(services.ctx.today())
    assert sig.args == [v.id]
    assert (v.category, v.services, v.source, v.attendant) == (
        "外卖骑手",
        ("饮水", "充电"),
        "tap",
        "李师傅",
    )
    assert not water.isChecked() and not charge.isChecked()  # reset for the next visitor
    assert window.model.rowCount() == 1
    assert window.model.index(0, 1).data() == "外卖骑手"
    assert window.model.index(0, 2).data() == "饮水、充电"
    assert window.model.index(0, 6).data() == "在站"
    assert window.inside_label.text() == "在站 1 人 · 今日 1 人次"
    assert window.notice.text().startswith("已签到：外卖骑手，09:00")
    assert window.selected_visit() is not None and window.selected_visit().id == v.id


def test_check_out_selected_records_duration(
    qtbot: QtBot, window: MainWindow, services: Services, clock: FixedClock
) -> None:
    tap(qtbot, window, window.category_buttons[category_id(services, "环卫工人")])
    clock.advance(minutes=25)
    assert window.check_out_button.isEnabled()
    with qtbot.waitSignal(window.checked_out):
        qtbot.mouseClick(window.check_out_button, Qt.MouseButton.LeftButton)
    settled(qtbot, window)

    [v] = services.visits.visits_on(services.ctx.today())
    assert v.duration_minutes == 25
    assert window.model.index(0, 4).data() == "09:25"
    assert window.model.index(0, 5).data() == "25"
    assert window.model.index(0, 6).data() == "已离开"
    assert window.notice.text() == "已签退：环卫工人（停留 25 分钟）"
    assert not window.check_out_button.isEnabled()
    assert window.inside_label.text() == "在站 0 人 · 今日 1 人次"


def test_undo_voids_but_keeps_the_row(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tap(qtbot, window, window.category_buttons[category_id(services, "快递员")])
    monkeypatch.setattr(window, "ask_undo_reason", lambda visit: "点错了")
    tap(qtbot, window, window.undo_button)

    [v] = services.visits.visits_on(services.ctx.today())
    assert v.voided
    assert visit_count(services) == 1  # voided, not erased
    with services.ctx.uow() as uow:
        notes = uow.session.scalars(
            select(AuditEvent.note).where(AuditEvent.action == "visit.undo")
        ).all()
    assert notes == ["点错了"]
    assert window.model.index(0, 6).data() == "已撤销"
    assert window.inside_label.text() == "在站 0 人 · 今日 0 人次"
    assert not window.undo_button.isEnabled()


def test_cancelled_undo_changes_nothing(
    qtbot: QtBot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    tap(qtbot, window, window.category_buttons[category_id(services, "司机")])
    monkeypatch.setattr(window, "ask_undo_reason", lambda visit: None)
    assert window.undo_button.isEnabled()
    tap(qtbot, window, window.undo_button)
    [v] = services.visits.visits_on(services.ctx.today())
    assert not v.voided
    assert window.model.index(0, 6).data() == "在站"


def test_member_card_scan_checks_in_then_out(
    qtbot: QtBot, window: MainWindow, services: Services, supervisor: Actor, clock: FixedClock
) -> None:
    m = services.members.register(supervisor, "快递员", nickname="小张")
    qtbot.keyClicks(window.scan_edit, m.code.lower())
    with qtbot.waitSignal(window.checked_in):
        qtbot.keyClick(window.scan_edit, Qt.Key.Key_Return)

    [inside] = services.visits.inside_now()
    assert (inside.member_code, inside.source, inside.category) == (m.code, "scan", "快递员")
    assert window.scan_edit.text() == ""
    assert window.model.index(0, 3).data() == "小张"

    clock.advance(minutes=40)
    qtbot.keyClicks(window.scan_edit, m.code)
    with qtbot.waitSignal(window.checked_out):
        qtbot.keyClick(window.scan_edit, Qt.Key.Key_Return)
    assert services.visits.inside_now() == []
    [v] = services.visits.visits_on(services.ctx.today())
    assert v.duration_minutes == 40
    assert window.notice.text() == "已签退：小张（停留 40 分钟）"


def test_unknown_card_is_refused_with_a_message_and_nothing_written(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    qtbot.keyClicks(window.scan_edit, "ZZZZZZZZ")
    qtbot.keyClick(window.scan_edit, Qt.Key.Key_Return)
    settled(qtbot, window)
    assert visit_count(services) == 0
    assert "ZZZZZZZZ" in window.notice.text()
    assert window.notice.property("kind") == "error"


def test_check_out_from_another_kiosk_is_refused_cleanly(
    qtbot: QtBot, window: MainWindow, services: Services, supervisor: Actor, clock: FixedClock
) -> None:
    tap(qtbot, window, window.category_buttons[category_id(services, "司机")])
    [v] = services.visits.inside_now()
    clock.advance(minutes=3)
    done = services.visits.check_out(supervisor, v.id)  # the other kiosk was quicker
    clock.advance(minutes=2)
    tap(qtbot, window, window.check_out_button)

    assert window.notice.property("kind") == "error"
    assert window.notice.text() == f"来访记录 #{v.id} 已在 09:03 签退"
    assert window.model.index(0, 6).data() == "已离开"  # the register caught up
    [after] = services.visits.visits_on(services.ctx.today())
    assert after.checked_out_at == done.checked_out_at  # the refusal wrote nothing
    assert after.duration_minutes == 3


def test_english_window(qtbot: QtBot, services: Services, attendant: Actor) -> None:
    w = MainWindow(services, attendant, "en")
    qtbot.addWidget(w)
    settled(qtbot, w)
    labels = {b.text() for b in w.category_buttons.values()}
    assert {"Courier", "Delivery rider", "Nursing mother"} <= labels
    qtbot.mouseClick(w.service_buttons[service_id(services, "热饭")], Qt.MouseButton.LeftButton)
    tap(qtbot, w, w.category_buttons[category_id(services, "司机")])
    assert w.model.index(0, 1).data() == "Driver"
    assert w.model.index(0, 2).data() == "Heat a meal"
    assert w.model.index(0, 6).data() == "Inside"
    assert w.inside_label.text() == "Inside now: 1 · Today: 1"


def test_change_shift(qtbot: QtBot, window: MainWindow, supervisor: Actor) -> None:
    with qtbot.waitSignal(window.sign_out_requested):
        qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
    assert window.login_dialog is not None and window.login_dialog.isVisible()
    window.set_actor(supervisor)
    assert window.shift_label.text() == "当班：王站长（负责人）"
    assert not window.login_dialog.isVisible()
    assert window.current_actor() == supervisor


def test_visit_model_passes_the_model_tester(
    qtmodeltester, qtbot: QtBot, window: MainWindow, services: Services, attendant: Actor
) -> None:
    services.visits.check_in(attendant, "快递员", ["休息", "饮水"])
    v = services.visits.check_in(attendant, "司机")
    services.visits.check_out(attendant, v.id)
    with qtbot.waitSignal(window.register_shown):
        window.refresh()
    assert window.model.rowCount() == 2
    qtmodeltester.check(window.model)


def test_the_window_fits_the_screen_it_opens_on(window: MainWindow) -> None:
    """A kiosk at 1366×768 with no window manager sees the check-out buttons too."""
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    bottom = window.check_out_button.mapTo(window, window.check_out_button.rect().bottomLeft())
    assert bottom.y() <= window.height()
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728  # 768 less a taskbar


def test_a_busy_database_is_told_in_the_notice_and_the_tap_can_be_repeated(
    qtbot: QtBot,
    impatient: Services,
    other_program: sqlite3.Connection,
    attendant: Actor,
    zh: str,
) -> None:
    kiosk = impatient
    w = MainWindow(kiosk, attendant, zh)
    qtbot.addWidget(w)
    w.show()
    settled(qtbot, w)
    water = w.service_buttons[service_id(kiosk, "饮水")]
    courier = w.category_buttons[category_id(kiosk, "快递员")]
    other_program.execute("BEGIN IMMEDIATE")  # another program holds the database
    qtbot.mouseClick(water, Qt.MouseButton.LeftButton)
    tap(qtbot, w, courier)
    assert "数据库正被另一个程序占用" in w.notice.text()
    assert "没有记下" in w.notice.text()
    assert w.notice.property("kind") == "error"
    assert water.isChecked()  # the attendant's choice is kept for the retry
    assert courier.isEnabled()  # and the button can be tapped again
    # Reading does not wait for the writer: the minute refresh still works (WAL),
    # and the message stays until the next action.
    with qtbot.waitSignal(w.register_shown):
        w._timer.timeout.emit()
    assert "没有记下" in w.notice.text()
    assert w.inside_label.text() == "在站 0 人 · 今日 0 人次"
    other_program.execute("ROLLBACK")
    assert visit_count(kiosk) == 0

    with qtbot.waitSignal(w.checked_in):
        qtbot.mouseClick(courier, Qt.MouseButton.LeftButton)
    [v] = kiosk.visits.visits_on(kiosk.ctx.today())
    assert (v.category, v.services) == ("快递员", ("饮水",))
    assert w.notice.property("kind") == "ok"
