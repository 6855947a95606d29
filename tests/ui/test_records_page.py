"""The Records page driven as an attendant would: a cleaning record added and listed,
append-only; and the home page's reminder on a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import AuditEvent, CleaningRecord
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.services import Services
from tests.conftest import TZ
from tests.ui.conftest import type_text
from tests.ui.test_members_page import Kiosk
from ui.ops import Ops
from ui.pages.records_page import CleaningReminder, CleaningTableModel, RecordsPage


@pytest.fixture
def kiosk(services: Services, attendant: Actor) -> Iterator[Kiosk]:
    ops = Ops()
    yield Kiosk(services, ops, [attendant])
    ops.wait()


def open_page(qtbot: QtBot, kiosk: Kiosk) -> RecordsPage:
    page = RecordsPage(kiosk.context())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activated()
    settle(qtbot, page)
    return page


def settle(qtbot: QtBot, page: RecordsPage) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)


def stored(services: Services) -> list[tuple[str, str, str, str]]:
    with services.ctx.read() as uow:
        return [
            (r.area, r.done, r.actor_name, r.note)
            for r in uow.session.scalars(select(CleaningRecord).order_by(CleaningRecord.id))
        ]


def local(hour: int, minute: int = 0, days: int = 0) -> datetime:
    return datetime.combine(
        datetime(2026, 7, 1).date() + timedelta(days=days), time(hour, minute), tzinfo=TZ
    )


# ----------------------------------------------------------------- the page


def test_a_record_is_added_from_the_common_choices_and_listed(
    qtbot: QtBot, kiosk: Kiosk, services: Services
) -> None:
    page = open_page(qtbot, kiosk)
    assert page.model.rowCount() == 0 and page.empty_label.isVisible()
    page.area_combo.setCurrentIndex(0)  # the first common area
    area = page.area_combo.currentText()
    assert area  # a real choice, in the window's language
    page.done_combo.setCurrentIndex(1)
    done = page.done_combo.currentText()
    type_text(qtbot, page.note_edit, "地面也拖了")
    recorded: list[int] = []
    page.recorded.connect(recorded.append)
    page.add_button.click()
    assert page.busy and not page.add_button.isEnabled()  # working
    settle(qtbot, page)

    assert stored(services) == [(area, done, kiosk.who[0].name, "地面也拖了")]
    assert len(recorded) == 1
    assert page.model.rowCount() == 1 and not page.empty_label.isVisible()
    row = [page.model.data(page.model.index(0, c)) for c in range(page.model.columnCount())]
    assert row == ["07-01 09:00", area, done, kiosk.who[0].name, "地面也拖了"]
    assert page.area_combo.currentText() == "" and page.note_edit.text() == ""
    assert any(area in line for line in kiosk.said)
    with services.ctx.read() as uow:
        assert (
            uow.session.scalar(
                select(AuditEvent.entity_id).where(AuditEvent.action == "records.cleaning")
            )
            == recorded[0]
        )


def test_free_text_is_taken_and_records_are_only_appended(
    qtbot: QtBot, kiosk: Kiosk, services: Services, clock: FixedClock
) -> None:
    page = open_page(qtbot, kiosk)
    type_text(qtbot, page.area_combo.lineEdit(), "门口地垫")
    type_text(qtbot, page.done_combo.lineEdit(), "清洁")
    page.add_button.click()
    settle(qtbot, page)
    clock.advance(minutes=30)
    type_text(qtbot, page.area_combo.lineEdit(), "门口地垫")
    type_text(qtbot, page.done_combo.lineEdit(), "消毒")
    type_text(qtbot, page.note_edit, "上一条应为消毒后再清洁")
    page.add_button.click()
    settle(qtbot, page)

    assert [r[:2] for r in stored(services)] == [("门口地垫", "清洁"), ("门口地垫", "消毒")]
    assert [page.model.record_at(r).done for r in range(2)] == ["消毒", "清洁"]  # type: ignore[union-attr]
    # Nothing on the page changes or deletes a record, and it says so.
    buttons = {b.text() for b in page.findChildren(QPushButton)}
    assert buttons == {"Add record", "Refresh"}
    assert "cannot be changed or deleted" in page.append_only_label.text()
    assert page.table.editTriggers() == page.table.EditTrigger.NoEditTriggers


def test_a_missing_area_turns_red_writes_nothing_and_the_red_goes_when_typed(
    qtbot: QtBot, kiosk: Kiosk, services: Services
) -> None:
    page = open_page(qtbot, kiosk)
    page.done_combo.setCurrentIndex(0)
    page.add_button.click()
    settle(qtbot, page)
    assert stored(services) == []
    assert page.area_combo.property("invalid") is True
    assert page.done_combo.property("invalid") is not True
    assert page.error_label.isVisible() and "区域" in page.error_label.text()

    type_text(qtbot, page.area_combo.lineEdit(), "卫生间")
    assert page.area_combo.property("invalid") is False and not page.error_label.isVisible()
    page.add_button.click()
    settle(qtbot, page)
    assert [r[0] for r in stored(services)] == ["卫生间"]


def test_the_list_shows_the_last_seven_days(
    qtbot: QtBot, kiosk: Kiosk, services: Services, clock: FixedClock
) -> None:
    actor = kiosk.who[0]
    clock.set(local(10, days=-7))  # 24 June: eight days ago counting today
    services.records.record(actor, "冰箱", "清洁")
    clock.set(local(8, days=-6))  # 25 June
    services.records.record(actor, "微波炉", "消毒")
    clock.set(local(9))
    services.records.record(actor, "卫生间", "消毒")
    page = open_page(qtbot, kiosk)
    assert [page.model.record_at(r).area for r in range(page.model.rowCount())] == [  # type: ignore[union-attr]
        "卫生间",
        "微波炉",
    ]
    assert "卫生间" in page.last_label.text()


def test_the_cleaning_table_model_is_sound(
    qtmodeltester, services: Services, attendant: Actor
) -> None:
    services.records.record(attendant, "哺乳室", "消毒", "紫外线灯 30 分钟")
    services.records.record(attendant, "休息区", "清洁")
    model = CleaningTableModel(services.ctx.local)
    qtmodeltester.check(model)
    day = services.ctx.today()
    model.set_records(services.records.records(day, day))
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.data(model.index(1, 4)) == "紫外线灯 30 分钟"


# ----------------------------------------------------------------- the reminder


@pytest.fixture
def home(qtbot: QtBot) -> QWidget:
    """A shown page to hold the reminder, as the home page does."""
    page = QWidget()
    qtbot.addWidget(page)
    QVBoxLayout(page)
    page.show()
    return page


def on_home_page(home: QWidget, kiosk: Kiosk, settings: QSettings, **kw: int) -> CleaningReminder:
    """The reminder on ``home``: hidden until a cleaning is due."""
    reminder = CleaningReminder(kiosk.context(), home, settings=settings, **kw)
    layout = home.layout()
    assert layout is not None
    layout.addWidget(reminder)
    return reminder


@pytest.fixture
def kiosk_settings_file(tmp_path: Path) -> QSettings:
    settings = QSettings(str(tmp_path / "kiosk.ini"), QSettings.Format.IniFormat)
    settings.setValue("records/interval_hours", 3)
    settings.setValue("records/opens", "07:30")
    settings.setValue("records/closes", "21:00")
    return settings


def test_the_reminder_shows_past_the_interval_and_a_new_record_clears_it(
    qtbot: QtBot,
    home: QWidget,
    kiosk: Kiosk,
    services: Services,
    clock: FixedClock,
    kiosk_settings_file: QSettings,
) -> None:
    clock.set(local(10, 0))  # 2 h 30 after opening at 07:30: not yet
    reminder = on_home_page(home, kiosk, kiosk_settings_file, interval_ms=50)
    qtbot.wait(150)
    assert reminder.due is None and not reminder.isVisible()

    clock.set(local(10, 45))  # 3 h 15 since opening: the minute timer notices
    qtbot.waitUntil(reminder.isVisible, timeout=5000)
    assert reminder.due is not None and reminder.due.none_today
    assert "3 hours" in reminder.text() and "no cleaning recorded today" in reminder.text()

    page = open_page(qtbot, kiosk)
    page.recorded.connect(reminder.refresh)  # as the window connects them
    reminder.timer.stop()  # from here only the record itself may clear it
    page.area_combo.setCurrentIndex(0)
    page.done_combo.setCurrentIndex(1)
    page.add_button.click()
    qtbot.waitUntil(lambda: not reminder.isVisible(), timeout=5000)
    assert reminder.due is None

    clock.advance(hours=4, minutes=10)  # 14:55, 4 h 10 after the record
    reminder.refresh()
    qtbot.waitUntil(reminder.isVisible, timeout=5000)
    assert reminder.text() == "More than 4 hours since the last cleaning"

    opened: list[bool] = []
    reminder.open_requested.connect(lambda: opened.append(True))
    qtbot.mouseClick(reminder, Qt.MouseButton.LeftButton)
    assert opened == [True]

    clock.set(local(21, 30))  # closed: no reminder at night
    reminder.refresh()
    qtbot.waitUntil(lambda: not reminder.isVisible(), timeout=5000)


def test_the_reminder_uses_the_default_settings(
    qtbot: QtBot, home: QWidget, kiosk: Kiosk, clock: FixedClock, tmp_path: Path
) -> None:
    empty = QSettings(str(tmp_path / "empty.ini"), QSettings.Format.IniFormat)
    clock.set(local(11, 1))  # defaults: open 07:00, every 4 hours
    reminder = on_home_page(home, kiosk, empty)
    qtbot.waitUntil(reminder.isVisible, timeout=5000)
    assert reminder.due is not None and reminder.due.interval_hours == 4


def test_a_wrong_reminder_setting_is_shown_not_hidden(
    qtbot: QtBot, home: QWidget, kiosk: Kiosk, clock: FixedClock, kiosk_settings_file: QSettings
) -> None:
    kiosk_settings_file.setValue("records/closes", "06:00")
    reminder = on_home_page(home, kiosk, kiosk_settings_file)
    qtbot.waitUntil(reminder.isVisible, timeout=5000)
    assert "关门时间" in reminder.text() and reminder.due is None
