"""First-start set-up and sign-in, driven as a person would: typing and clicking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.services import Services
from station_app.stations import StationInfo
from tests.conftest import ATTENDANT_NAME, ATTENDANT_PIN, SUPERVISOR_NAME, SUPERVISOR_PIN
from tests.ui.conftest import type_text
from tests.unit.test_pin_key import other_pc
from ui.login_dialog import LoginDialog
from ui.setup_dialog import SetupDialog


def _ok(dialog: SetupDialog | LoginDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


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
    qtbot.mouseClick(_ok(d), Qt.MouseButton.LeftButton)

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
    qtbot.mouseClick(_ok(d), Qt.MouseButton.LeftButton)

    assert d.result() != QDialog.DialogCode.Accepted
    assert d.error_label.text() == "站点名称不能为空"
    assert d.field_in_error() == "Station name"
    assert not services.stations.is_initialized()


def test_setup_mismatched_pins_refused(qtbot: QtBot, services: Services, zh: str) -> None:
    d = SetupDialog(services, zh)
    qtbot.addWidget(d)
    fill_setup(qtbot, d, "解放路爱心驿家", "2580", "2581")
    qtbot.mouseClick(_ok(d), Qt.MouseButton.LeftButton)

    assert d.field_in_error() == "PIN again"
    assert "两次输入的 PIN 不一样" in d.error_label.text()
    assert not services.stations.is_initialized()


def test_setup_weak_pin_refused_in_english(qtbot: QtBot, services: Services) -> None:
    d = SetupDialog(services, "en")
    qtbot.addWidget(d)
    fill_setup(qtbot, d, "Jiefang Road", "1234", "1234")
    qtbot.mouseClick(_ok(d), Qt.MouseButton.LeftButton)

    assert d.field_in_error() == "PIN"
    assert "too easy to guess" in d.error_label.text()
    assert not services.stations.is_initialized()


def test_login_wrong_pin_counts_then_right_pin_signs_in(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str
) -> None:
    d = LoginDialog(services, zh, services.stations.profile().name)
    qtbot.addWidget(d)
    names = [d.name_combo.itemData(i) for i in range(d.name_combo.count())]
    assert sorted(names) == sorted([SUPERVISOR_NAME, ATTENDANT_NAME])
    d.name_combo.setCurrentIndex(names.index(ATTENDANT_NAME))
    assert d.name_combo.currentText() == f"{ATTENDANT_NAME}（值班员）"

    qtbot.keyClicks(d.pin_edit, "9999")
    qtbot.keyClick(d.pin_edit, Qt.Key.Key_Return)
    assert d.result() != QDialog.DialogCode.Accepted
    assert d.error_label.text() == "用户名或 PIN 不对（还可以再试 4 次）"
    assert d.pin_edit.text() == ""

    qtbot.keyClicks(d.pin_edit, ATTENDANT_PIN)
    qtbot.keyClick(d.pin_edit, Qt.Key.Key_Return)
    assert d.result() == QDialog.DialogCode.Accepted
    assert d.actor is not None and d.actor.name == ATTENDANT_NAME and not d.actor.is_supervisor


def test_login_supervisor(qtbot: QtBot, services: Services, station: StationInfo) -> None:
    d = LoginDialog(services, "en", station.name)
    qtbot.addWidget(d)
    qtbot.keyClicks(d.pin_edit, SUPERVISOR_PIN)
    qtbot.mouseClick(_ok(d), Qt.MouseButton.LeftButton)
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
        qtbot.keyClick(d.pin_edit, Qt.Key.Key_Return)
        assert d.result() != QDialog.DialogCode.Accepted
        assert "pepper.key" in d.error_label.text()
    users = {u.name: u for u in moved.users.list_users()}
    assert users[ATTENDANT_NAME].locked_until is None
