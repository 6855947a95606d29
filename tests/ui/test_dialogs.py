"""First-start set-up, sign-in and the supervisor's PIN, driven as a person would: typing
and clicking. Each check runs on the dialog's worker: the tests wait for its result."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from resources import RESOURCES_DIR
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.services import Services
from station_app.stations import StationInfo
from tests.conftest import ATTENDANT_NAME, ATTENDANT_PIN, SUPERVISOR_NAME, SUPERVISOR_PIN
from tests.ui.conftest import type_text
from tests.unit.test_pin_key import other_pc
from ui.login_dialog import LoginDialog
from ui.numpad import BACKSPACE, NumPad
from ui.setup_dialog import SetupDialog
from ui.visitor_mode import SupervisorDialog
from ui.working_dialog import WorkingDialog


def _ok(dialog: SetupDialog | LoginDialog | SupervisorDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def answered(qtbot: QtBot, dialog: WorkingDialog) -> None:
    """Wait until the dialog's call is back from its worker (at once if none runs)."""
    qtbot.waitUntil(lambda: not dialog.working, timeout=10_000)


def submit(qtbot: QtBot, dialog: SetupDialog | LoginDialog | SupervisorDialog) -> None:
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    answered(qtbot, dialog)


def enter(qtbot: QtBot, dialog: WorkingDialog, field: QWidget, key: Qt.Key = Qt.Key.Key_Return):
    qtbot.keyClick(field, key)
    answered(qtbot, dialog)


class Ticks(QObject):
    """A timer of the GUI thread: it keeps counting only while the event loop runs.
    (A QObject, so that its timer goes with it; stopped at the end of each test.)"""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.timer = QTimer(self)
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        self.count += 1

    def stop(self) -> None:
        self.timer.stop()


def fill_setup(qtbot: QtBot, d: SetupDialog, name: str, pin: str, pin_again: str) -> None:
    type_text(qtbot, d.name_edit, name)
    d.kind_combo.setCurrentIndex(d.kind_combo.findData("nursing"))
    type_text(qtbot, d.address_edit, "解放路 88 号")
    type_text(qtbot, d.supervisor_edit, "王站长")
    qtbot.keyClicks(d.pin_edit, pin)
    qtbot.keyClicks(d.pin_again_edit, pin_again)


def test_setup_creates_station_and_signs_supervisor_in(
    qtbot: QtBot, services: Services, zh: str
) -> None:
    d = SetupDialog(services, zh)
    qtbot.addWidget(d)
    assert d.windowTitle() == "驿站台账：首次设置"
    fill_setup(qtbot, d, "解放路妈咪暖心小屋", "2580", "2580")
    submit(qtbot, d)

    assert d.result() == QDialog.DialogCode.Accepted
    assert d.actor is not None and d.actor.name == "王站长" and d.actor.is_supervisor
    profile = services.stations.profile()
    assert (profile.name, profile.kind, profile.address) == (
        "解放路妈咪暖心小屋",
        "nursing",
        "解放路 88 号",
    )
    assert [u.name for u in services.users.list_users()] == ["王站长"]
    assert len(services.stations.categories()) == 9  # the default catalog came with it


def test_setup_empty_name_marks_the_field_and_writes_nothing(
    qtbot: QtBot, services: Services, zh: str
) -> None:
    d = SetupDialog(services, zh)
    qtbot.addWidget(d)
    fill_setup(qtbot, d, "   ", "2580", "2580")
    submit(qtbot, d)

    assert d.result() != QDialog.DialogCode.Accepted
    assert d.error_label.text() == "站点名称不能为空"
    assert d.field_in_error() == "Station name"
    assert not services.stations.is_initialized()


def test_setup_mismatched_pins_refused(qtbot: QtBot, services: Services, zh: str) -> None:
    d = SetupDialog(services, zh)
    qtbot.addWidget(d)
    fill_setup(qtbot, d, "解放路爱心驿家", "2580", "2581")
    submit(qtbot, d)

    assert d.field_in_error() == "PIN again"
    assert "两次输入的 PIN 不一样" in d.error_label.text()
    assert not services.stations.is_initialized()


def test_setup_weak_pin_refused_in_english(qtbot: QtBot, services: Services) -> None:
    d = SetupDialog(services, "en")
    qtbot.addWidget(d)
    fill_setup(qtbot, d, "Jiefang Road", "1234", "1234")
    submit(qtbot, d)

    assert d.field_in_error() == "PIN"
    assert "too easy to guess" in d.error_label.text()
    assert not services.stations.is_initialized()


def test_login_wrong_pin_counts_then_right_pin_signs_in(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str
) -> None:
    d = LoginDialog(services, zh, services.stations.profile().name)
    qtbot.addWidget(d)
    d.show()  # as exec() does: Enter goes to the dialog's default button
    qtbot.waitExposed(d)
    names = [d.name_combo.itemData(i) for i in range(d.name_combo.count())]
    assert sorted(names) == sorted([SUPERVISOR_NAME, ATTENDANT_NAME])
    d.name_combo.setCurrentIndex(names.index(ATTENDANT_NAME))
    assert d.name_combo.currentText() == f"{ATTENDANT_NAME}（值班员）"

    qtbot.keyClicks(d.pin_edit, "9999")
    enter(qtbot, d, d.pin_edit)
    assert d.result() != QDialog.DialogCode.Accepted
    assert d.error_label.text() == "用户名或 PIN 不对（还可以再试 4 次）"
    assert d.pin_edit.text() == ""

    qtbot.keyClicks(d.pin_edit, ATTENDANT_PIN)
    enter(qtbot, d, d.pin_edit)
    assert d.result() == QDialog.DialogCode.Accepted
    assert d.actor is not None and d.actor.name == ATTENDANT_NAME and not d.actor.is_supervisor


def test_login_supervisor(qtbot: QtBot, services: Services, station: StationInfo) -> None:
    d = LoginDialog(services, "en", station.name)
    qtbot.addWidget(d)
    qtbot.keyClicks(d.pin_edit, SUPERVISOR_PIN)
    submit(qtbot, d)
    assert d.actor is not None and d.actor.is_supervisor


def test_login_on_a_pc_with_another_pin_key_says_so_before_anyone_types(
    qtbot: QtBot, engine: Engine, clock: FixedClock, attendant: Actor, zh: str
) -> None:
    moved = other_pc(engine, clock)
    d = LoginDialog(moved, zh, moved.stations.profile().name)
    qtbot.addWidget(d)
    d.show()
    assert d.error_label.isVisible()
    assert "pepper.key" in d.error_label.text() and "/home/kiosk" in d.error_label.text()
    assert d.field_in_error() == "PIN"
    # Trying anyway is refused with the same reason, and locks nobody.
    for _ in range(6):
        qtbot.keyClicks(d.pin_edit, ATTENDANT_PIN)
        enter(qtbot, d, d.pin_edit)
        assert d.result() != QDialog.DialogCode.Accepted
        assert "pepper.key" in d.error_label.text()
    users = {u.name: u for u in moved.users.list_users()}
    assert users[ATTENDANT_NAME].locked_until is None


# ---------------------------------------------------------------- defects found by a new user


@pytest.fixture
def kiosk_style(qapp: QApplication) -> Iterator[None]:
    """The kiosk's stylesheet, as the app applies it (ui.app.make_application)."""
    qapp.setStyleSheet((RESOURCES_DIR / "kiosk.qss").read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet("")


def _failed_tries(services: Services) -> int:
    return len(services.audit.recent(action="user.login_failed"))


def _shown(qtbot: QtBot, dialog: QWidget) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def test_one_enter_after_a_wrong_pin_is_one_try(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str
) -> None:
    d = LoginDialog(services, zh, services.stations.profile().name)
    qtbot.addWidget(d)
    _shown(qtbot, d)  # shown, the dialog's default button hears Enter too
    d.name_combo.setCurrentIndex(d.name_combo.findData(ATTENDANT_NAME))

    qtbot.keyClicks(d.pin_edit, "9999")
    enter(qtbot, d, d.pin_edit)

    assert _failed_tries(services) == 1
    assert d.error_label.text() == "用户名或 PIN 不对（还可以再试 4 次）"
    qtbot.keyClicks(d.pin_edit, "8888")
    enter(qtbot, d, d.pin_edit, Qt.Key.Key_Enter)  # the keypad's Enter
    assert _failed_tries(services) == 2
    assert d.error_label.text() == "用户名或 PIN 不对（还可以再试 3 次）"
    assert d.isVisible() and d.actor is None


def test_an_empty_pin_is_not_a_try(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str
) -> None:
    d = LoginDialog(services, zh, services.stations.profile().name)
    qtbot.addWidget(d)
    _shown(qtbot, d)
    d.name_combo.setCurrentIndex(d.name_combo.findData(ATTENDANT_NAME))
    enter(qtbot, d, d.pin_edit)
    submit(qtbot, d)
    assert _failed_tries(services) == 0
    assert d.error_label.text() == "请输入 PIN" and d.field_in_error() == "PIN"


def test_names_in_english_have_ascii_brackets(
    qtbot: QtBot, services: Services, attendant: Actor
) -> None:
    d = LoginDialog(services, "en", services.stations.profile().name)
    qtbot.addWidget(d)
    shown = sorted(d.name_combo.itemText(i) for i in range(d.name_combo.count()))
    assert shown == sorted([f"{SUPERVISOR_NAME} (supervisor)", f"{ATTENDANT_NAME} (attendant)"])


def test_the_number_pad_types_the_pin_and_signs_in(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str, kiosk_style: None
) -> None:
    d = LoginDialog(services, zh, services.stations.profile().name)
    qtbot.addWidget(d)
    _shown(qtbot, d)
    d.name_combo.setCurrentIndex(d.name_combo.findData(ATTENDANT_NAME))
    pad = d.numpad
    assert all(b.height() >= 48 for b in pad.buttons.values())
    assert pad.buttons["OK"].text() == "确定"

    for key in ("1", "3", "9", BACKSPACE, "5", "7"):  # a wrong 9, taken back
        qtbot.mouseClick(pad.buttons[key], Qt.MouseButton.LeftButton)
    assert d.pin_edit.text() == ATTENDANT_PIN == "1357"
    assert d.pin_edit.hasFocus()  # the pad never takes the cursor from the PIN field
    qtbot.mouseClick(pad.buttons["OK"], Qt.MouseButton.LeftButton)
    answered(qtbot, d)

    assert d.result() == QDialog.DialogCode.Accepted
    assert d.actor is not None and d.actor.name == ATTENDANT_NAME
    assert _failed_tries(services) == 0
    assert services.audit.recent(action="user.login")[0].actor_name == ATTENDANT_NAME


def test_after_a_pad_key_enter_still_signs_in_once(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str
) -> None:
    """A tapped pad button must not become the dialog's default button (Enter would press
    it again and type another digit)."""
    d = LoginDialog(services, zh, services.stations.profile().name)
    qtbot.addWidget(d)
    _shown(qtbot, d)
    d.name_combo.setCurrentIndex(d.name_combo.findData(ATTENDANT_NAME))
    for key in "2468":
        qtbot.mouseClick(d.numpad.buttons[key], Qt.MouseButton.LeftButton)
    enter(qtbot, d, d.pin_edit)
    assert d.pin_edit.text() == "" and _failed_tries(services) == 1
    assert d.error_label.text() == "用户名或 PIN 不对（还可以再试 4 次）"


def test_the_pad_alone_can_be_aimed_at_any_pin_field(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit

    field = QLineEdit()
    field.setMaxLength(4)
    qtbot.addWidget(field)
    pad = NumPad()
    qtbot.addWidget(pad)
    oks: list[bool] = []
    pad.ok_pressed.connect(lambda: oks.append(True))
    pad.press("1")  # no field yet: nothing happens
    pad.set_target(field)
    for key in "123456":
        pad.press(key)
    assert field.text() == "1234"  # the field's own limit holds
    pad.press(BACKSPACE)
    pad.press("OK")
    assert field.text() == "123" and oks == [True]


def test_setup_seats_field_shows_its_value(
    qtbot: QtBot, services: Services, kiosk_style: None
) -> None:
    d = SetupDialog(services, "en")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    qtbot.keyClick(d.seats_spin.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(d.seats_spin.lineEdit(), "12")
    assert d.seats_spin.value() == 12
    edit = d.seats_spin.lineEdit()
    # The value is drawn in the spin box's line edit: it must be wide enough for "500".
    assert edit.width() >= edit.fontMetrics().horizontalAdvance("500") + 8
    assert edit.isVisible() and d.seats_spin.height() >= 48


def _dark_pixels(image: QImage, top: int, height: int) -> int:
    dark = 0
    for y in range(top, top + height):
        for x in range(0, image.width(), 2):
            if QColor(image.pixel(x, y)).lightness() < 110:
                dark += 1
    return dark


def test_drop_down_list_draws_its_current_item(qtbot: QtBot, kiosk_style: None) -> None:
    combo = QComboBox()
    combo.addItems(["Rest station and mommy room", "Outdoor workers", "Mommy room"])
    combo.setCurrentIndex(1)
    qtbot.addWidget(combo)
    combo.resize(400, 48)
    combo.show()
    qtbot.waitExposed(combo)
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    image = view.grab().toImage()
    rows = [view.visualRect(combo.model().index(i, 0)) for i in range(3)]
    current = _dark_pixels(image, rows[1].top(), rows[1].height())
    other = _dark_pixels(image, rows[2].top(), rows[2].height())
    assert other > 20  # an ordinary row shows its text …
    assert current > other / 2  # … and so does the current one (it was a blank row)
    assert all(r.height() >= 48 for r in rows)  # a finger's height
    combo.hidePopup()


def test_a_field_mark_goes_when_it_is_corrected(qtbot: QtBot, services: Services, zh: str) -> None:
    d = SetupDialog(services, zh)
    qtbot.addWidget(d)
    fill_setup(qtbot, d, "   ", "2580", "2580")
    submit(qtbot, d)
    assert d.field_in_error() == "Station name" and not d.error_label.isHidden()

    qtbot.keyClicks(d.hotline_edit, "12351")  # another field: the mark stays
    assert d.field_in_error() == "Station name"
    type_text(qtbot, d.name_edit, "解放路爱心驿家")
    assert d.field_in_error() is None
    assert d.error_label.isHidden() and d.name_edit.property("invalid") is False
    assert not services.stations.is_initialized()

    submit(qtbot, d)
    assert d.result() == QDialog.DialogCode.Accepted
    assert services.stations.profile().name == "解放路爱心驿家"


def test_a_wrong_pin_mark_goes_when_the_next_pin_is_typed(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str
) -> None:
    d = LoginDialog(services, zh, services.stations.profile().name)
    qtbot.addWidget(d)
    d.name_combo.setCurrentIndex(d.name_combo.findData(ATTENDANT_NAME))
    qtbot.keyClicks(d.pin_edit, "9999")
    submit(qtbot, d)
    assert d.field_in_error() == "PIN" and d.pin_edit.text() == ""  # cleared, still red
    qtbot.keyClicks(d.pin_edit, "1")
    assert d.field_in_error() is None and d.error_label.isHidden()


def test_setup_pin_mismatch_clears_the_second_pin_and_puts_the_cursor_there(
    qtbot: QtBot, services: Services, zh: str
) -> None:
    d = SetupDialog(services, zh)
    qtbot.addWidget(d)
    _shown(qtbot, d)
    fill_setup(qtbot, d, "解放路爱心驿家", "2580", "2581")
    submit(qtbot, d)

    assert d.field_in_error() == "PIN again"
    assert d.pin_again_edit.text() == "" and d.pin_edit.text() == "2580"
    assert d.pin_again_edit.hasFocus()
    qtbot.keyClicks(d.pin_again_edit, "2580")
    assert d.field_in_error() is None
    enter(qtbot, d, d.pin_again_edit)
    assert d.result() == QDialog.DialogCode.Accepted
    assert services.stations.is_initialized()


# ---------------------------------------------------------------- checked off the GUI thread


def _logins(services: Services, name: str) -> int:
    return sum(1 for e in services.audit.recent(action="user.login") if e.actor_name == name)


def test_sign_in_keeps_answering_while_another_program_holds_the_database(
    qtbot: QtBot,
    services: Services,
    attendant: Actor,
    other_program: sqlite3.Connection,
    zh: str,
) -> None:
    d = LoginDialog(services, zh, services.stations.profile().name)
    qtbot.addWidget(d)
    _shown(qtbot, d)
    d.name_combo.setCurrentIndex(d.name_combo.findData(ATTENDANT_NAME))
    logins = _logins(services, ATTENDANT_NAME)
    ticks = Ticks()
    other_program.execute("BEGIN IMMEDIATE")  # an import or another kiosk is writing
    try:
        qtbot.keyClicks(d.pin_edit, ATTENDANT_PIN)
        qtbot.keyClick(d.pin_edit, Qt.Key.Key_Return)
        assert d.working and d.working_label.isVisible()
        assert d.working_label.text() == "正在核对…"
        assert not _ok(d).isEnabled() and not d.pin_edit.isEnabled()
        assert not d.numpad.isEnabled() and not d.name_combo.isEnabled()
        # Enter again, the pad's OK, Esc: no second try, and the dialog stays.
        qtbot.keyClick(d, Qt.Key.Key_Return)
        d.numpad.ok_pressed.emit()
        qtbot.keyClick(d, Qt.Key.Key_Escape)
        start = ticks.count
        qtbot.waitUntil(lambda: ticks.count >= start + 40, timeout=5000)  # the loop runs
        assert d.working and d.isVisible() and d.actor is None
        assert d.working_label.text() == "正在等待数据库：另一个程序正在使用它……"
    finally:
        other_program.execute("COMMIT")
        ticks.stop()
    qtbot.waitUntil(lambda: d.result() == QDialog.DialogCode.Accepted, timeout=15_000)
    assert d.actor is not None and d.actor.name == ATTENDANT_NAME
    assert _logins(services, ATTENDANT_NAME) == logins + 1 and _failed_tries(services) == 0
    assert not d.working_label.isVisible()


def test_setup_waits_for_a_held_database_then_sets_up(
    qtbot: QtBot, services: Services, other_program: sqlite3.Connection, zh: str
) -> None:
    d = SetupDialog(services, zh)
    qtbot.addWidget(d)
    _shown(qtbot, d)
    fill_setup(qtbot, d, "解放路爱心驿家", "2580", "2580")
    ticks = Ticks()
    other_program.execute("BEGIN IMMEDIATE")
    try:
        qtbot.keyClick(d.pin_again_edit, Qt.Key.Key_Return)
        assert d.working and d.working_label.text() == "正在设置站点…"
        assert not _ok(d).isEnabled()
        assert not d.buttons.button(QDialogButtonBox.StandardButton.Cancel).isEnabled()
        d.close()  # the window's close button: not while the station is being set up
        start = ticks.count
        qtbot.waitUntil(lambda: ticks.count >= start + 25, timeout=5000)
        assert d.isVisible() and not services.stations.is_initialized()
    finally:
        other_program.execute("COMMIT")
        ticks.stop()
    qtbot.waitUntil(lambda: d.result() == QDialog.DialogCode.Accepted, timeout=15_000)
    assert services.stations.profile().name == "解放路爱心驿家"
    assert d.actor is not None and d.actor.name == SUPERVISOR_NAME and d.actor.is_supervisor


def test_a_setup_the_database_refuses_says_so_and_can_be_tried_again(
    qtbot: QtBot,
    services: Services,
    impatient: Services,
    other_program: sqlite3.Connection,
    zh: str,
) -> None:
    d = SetupDialog(impatient, zh)  # gives up on a held database after 150 ms
    qtbot.addWidget(d)
    fill_setup(qtbot, d, "解放路爱心驿家", "2580", "2580")
    other_program.execute("BEGIN IMMEDIATE")
    submit(qtbot, d)
    other_program.execute("ROLLBACK")
    assert "数据库正被另一个程序占用" in d.error_label.text()
    assert d.result() != QDialog.DialogCode.Accepted and _ok(d).isEnabled()
    assert not services.stations.is_initialized()
    submit(qtbot, d)
    assert d.result() == QDialog.DialogCode.Accepted
    assert services.stations.profile().name == "解放路爱心驿家"


# ---------------------------------------------------------------- the supervisor's PIN


def test_the_supervisor_dialog_has_a_number_pad_under_its_pin_field(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str, kiosk_style: None
) -> None:
    d = SupervisorDialog(services, zh, "打开设置需要负责人的姓名和 PIN。")
    qtbot.addWidget(d)
    _shown(qtbot, d)
    pad = d.numpad
    assert pad.target is d.pin_edit
    assert (
        pad.mapTo(d, pad.rect().topLeft()).y()
        > d.pin_edit.mapTo(d, d.pin_edit.rect().bottomLeft()).y()
    )
    assert all(b.height() >= 48 for b in pad.buttons.values())
    assert pad.buttons["OK"].text() == "确定"

    qtbot.mouseClick(pad.buttons["OK"], Qt.MouseButton.LeftButton)  # nothing typed yet
    answered(qtbot, d)
    assert d.error_label.text() == "请输入 PIN" and _failed_tries(services) == 0

    for key in ATTENDANT_PIN:  # the attendant's PIN is not the supervisor's
        qtbot.mouseClick(pad.buttons[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.buttons["OK"], Qt.MouseButton.LeftButton)
    answered(qtbot, d)
    assert d.error_label.text() == "用户名或 PIN 不对（还可以再试 4 次）"
    assert d.pin_edit.text() == "" and d.isVisible() and _failed_tries(services) == 1

    logins = _logins(services, SUPERVISOR_NAME)
    for key in ("2", "5", "8", "8", BACKSPACE, "0"):
        qtbot.mouseClick(pad.buttons[key], Qt.MouseButton.LeftButton)
    assert d.pin_edit.text() == SUPERVISOR_PIN and d.pin_edit.hasFocus()
    with qtbot.waitSignal(d.accepted, timeout=10_000):
        qtbot.mouseClick(pad.buttons["OK"], Qt.MouseButton.LeftButton)
    assert d.actor is not None and d.actor.name == SUPERVISOR_NAME and d.actor.is_supervisor
    assert _logins(services, SUPERVISOR_NAME) == logins + 1


def test_a_supervisor_check_the_window_cancelled_meanwhile_gives_no_rights(
    qtbot: QtBot,
    services: Services,
    supervisor: Actor,
    other_program: sqlite3.Connection,
    zh: str,
) -> None:
    """The idle timeout closes dialogs; a PIN check already on its way must not open the
    supervisor's page after all."""
    d = SupervisorDialog(services, zh, "离开访客模式需要负责人的姓名和 PIN。")
    qtbot.addWidget(d)
    _shown(qtbot, d)
    accepted: list[bool] = []
    d.accepted.connect(lambda: accepted.append(True))
    other_program.execute("BEGIN IMMEDIATE")
    try:
        qtbot.keyClicks(d.pin_edit, SUPERVISOR_PIN)
        qtbot.keyClick(d.pin_edit, Qt.Key.Key_Return)
        assert d.working and d.working_label.text() == "正在核对…"
        qtbot.wait(100)
        d.reject()  # as the window's idle timeout does
    finally:
        other_program.execute("COMMIT")
    answered(qtbot, d)
    assert accepted == [] and d.actor is None
    assert d.result() == QDialog.DialogCode.Rejected and not d.isVisible()
