"""The Settings page driven as a supervisor would: each section changes the database
through its service, a refusal turns its field red and writes nothing, and the kiosk's
own settings land in its settings file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt, QTime, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select, text

from db.models import AuditEvent, Campaign
from resources import RESOURCES_DIR
from station_app.context import Actor
from station_app.errors import AuthFailed, StationError
from station_app.services import Services
from tests.conftest import ATTENDANT_NAME, ATTENDANT_PIN
from tests.ui.conftest import type_text
from ui.ops import Ops
from ui.pages.base import PageContext
from ui.pages.settings_dialogs import (
    AddUserDialog,
    CatalogNameDialog,
    NewCampaignDialog,
    ResetPinDialog,
    StockItemDialog,
)
from ui.pages.settings_page import CatalogList, SettingsPage

TOWEL = "毛巾"
WATER = "矿泉水"
LEFT = Qt.MouseButton.LeftButton


@dataclass
class Kiosk:
    """The page on its own, as the window builds it, with what it said."""

    page: SettingsPage
    qtbot: QtBot
    actor: Actor
    said: list[str] = field(default_factory=list)
    complaints: list[StationError] = field(default_factory=list)
    lang: str = "zh_CN"

    def go(self, section: QWidget) -> None:
        """Tap the section's tab, as a person would before using it."""
        self.page.show_section(section)

    def settle(self) -> None:
        """Wait for the page's calls (and the reload after each) to come back."""
        self.qtbot.waitUntil(
            lambda: not self.page.busy and not self.page.backups.busy, timeout=10_000
        )

    def open(self, button: QAbstractButton) -> object:
        self.qtbot.mouseClick(button, LEFT)
        assert self.page.dialog is not None
        return self.page.dialog

    def ok(self, dialog: object) -> None:
        """Press OK and wait until the call came back (closed, or refused and still open)."""
        assert hasattr(dialog, "ok_button")
        self.qtbot.mouseClick(dialog.ok_button, LEFT)
        self.qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
        self.settle()

    def confirm(self) -> None:
        box = self.page.dialog
        assert isinstance(box, QMessageBox)
        [yes] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
        yes.click()
        self.settle()


@pytest.fixture
def kiosk(qtbot: QtBot, services: Services, supervisor: Actor, tmp_path: Path) -> Iterator[Kiosk]:
    k = Kiosk(page=None, qtbot=qtbot, actor=supervisor)  # type: ignore[arg-type]
    ops = Ops()
    ctx = PageContext(
        services,
        ops,
        actor=lambda: k.actor,
        lang=lambda: k.lang,
        say=k.said.append,
        complain=k.complaints.append,
    )
    k.page = SettingsPage(ctx, backup_dir=tmp_path / "backups")
    qtbot.addWidget(k.page)
    k.page.resize(1080, 700)
    k.page.show()
    k.page.activated()
    k.settle()
    yield k
    ops.wait()


def count(engine: Engine, table: str, where: str = "1=1") -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text(f"SELECT count(*) FROM {table} WHERE {where}")) or 0)


def audit_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count(AuditEvent.id))) or 0)


def select_row(view_owner: object, name: str) -> None:
    """Select the row whose first column says ``name``."""
    model = view_owner.model  # type: ignore[attr-defined]
    for r in range(model.rowCount()):
        if model.index(r, 0).data() == name:
            view_owner.table.selectRow(r)  # type: ignore[attr-defined]
            return
    raise AssertionError(f"no row {name!r}")


# --------------------------------------------------------------------------- station


def test_the_station_profile_is_saved(
    kiosk: Kiosk, services: Services, engine: Engine, qtbot: QtBot
) -> None:
    p = kiosk.page.profile
    kiosk.go(p)
    assert p.name_edit.text() == "解放路爱心驿家" and p.seats_spin.value() == 12
    p.name_edit.clear()
    type_text(qtbot, p.name_edit, "解放路爱心驿家（北）")
    p.hours_edit.clear()
    qtbot.keyClicks(p.hours_edit, "06:30-22:00")
    p.kind_combo.setCurrentIndex(p.kind_combo.findData("rest"))
    p.seats_spin.setValue(20)
    with qtbot.waitSignal(kiosk.page.profile_changed):
        qtbot.mouseClick(p.save_button, LEFT)
        kiosk.settle()
    with engine.connect() as conn:
        row = conn.execute(text("SELECT name, kind, hours, seats FROM station")).one()
    assert tuple(row) == ("解放路爱心驿家（北）", "rest", "06:30-22:00", 20)
    assert kiosk.said[-1] == "Station profile saved"


def test_a_refused_profile_marks_the_field_and_writes_nothing(
    kiosk: Kiosk, engine: Engine, qtbot: QtBot
) -> None:
    p = kiosk.page.profile
    kiosk.go(p)
    before = audit_count(engine)
    p.name_edit.clear()
    qtbot.mouseClick(p.save_button, LEFT)
    kiosk.settle()
    assert p.marks.marked() == ["Station name"]
    assert p.name_edit.property("invalid") is True
    assert p.marks.label.isVisible() and "站点名称不能为空" in p.marks.label.text()
    assert audit_count(engine) == before
    assert count(engine, "station", "name = '解放路爱心驿家'") == 1
    type_text(qtbot, p.name_edit, "新")  # corrected: the red goes
    assert p.name_edit.property("invalid") is False and not p.marks.label.isVisible()


def test_the_wifi_is_saved_and_a_short_password_refused(
    kiosk: Kiosk, services: Services, qtbot: QtBot
) -> None:
    p = kiosk.page.profile
    kiosk.go(p)
    qtbot.keyClicks(p.ssid_edit, "Station-Guest")
    qtbot.keyClicks(p.password_edit, "short")
    qtbot.mouseClick(p.wifi_button, LEFT)
    kiosk.settle()
    assert p.wifi_marks.marked() == ["Wi-Fi password"]
    assert services.stations.profile().wifi_ssid == ""
    p.password_edit.clear()
    qtbot.keyClicks(p.password_edit, "long enough 1")
    assert p.wifi_marks.marked() == []
    qtbot.mouseClick(p.wifi_button, LEFT)
    kiosk.settle()
    assert services.stations.profile().wifi_ssid == "Station-Guest"
    assert p.password_edit.text() == ""  # never shown again


# --------------------------------------------------------------------------- catalog


def category_names(engine: Engine, only_active: bool = True) -> list[str]:
    where = "WHERE active" if only_active else ""
    with engine.connect() as conn:
        return list(
            conn.scalars(text(f"SELECT name FROM category {where} ORDER BY sort_order, id"))
        )


def test_categories_added_renamed_moved_and_retired(
    kiosk: Kiosk, services: Services, attendant: Actor, engine: Engine, qtbot: QtBot
) -> None:
    cats: CatalogList = kiosk.page.catalog.categories
    kiosk.go(cats)
    changed: list[bool] = []
    kiosk.page.catalog_changed.connect(lambda: changed.append(True))

    dialog = kiosk.open(cats.add_button)
    assert isinstance(dialog, CatalogNameDialog)
    type_text(qtbot, dialog.name_edit, "保安")
    qtbot.keyClicks(dialog.name_en_edit, "Security guard")
    kiosk.ok(dialog)
    assert category_names(engine)[-1] == "保安"
    assert cats.selected() is not None and cats.selected().name == "保安"

    cats.up_button.click()
    kiosk.settle()
    assert category_names(engine)[-2:] == ["保安", "其他"]
    assert cats.selected().name == "保安"  # still selected, one place up

    courier_id = next(c.id for c in services.stations.categories() if c.name == "快递员")
    assert services.visits.check_in(attendant, courier_id).category == "快递员"
    select_row(cats, "快递员")
    dialog = kiosk.open(cats.rename_button)
    assert isinstance(dialog, CatalogNameDialog) and dialog.name_edit.text() == "快递员"
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "快递小哥")
    kiosk.ok(dialog)
    assert category_names(engine)[0] == "快递小哥"
    # The check-in tap uses the new name at once (its cached names were dropped).
    assert services.visits.check_in(attendant, courier_id).category == "快递小哥"

    select_row(cats, "司机")
    assert cats.retire_button.text() == "Retire"
    cats.retire_button.click()
    kiosk.settle()
    assert "司机" not in category_names(engine)
    assert "司机" in category_names(engine, only_active=False)
    assert cats.retire_button.text() == "Restore"
    cats.retire_button.click()
    kiosk.settle()
    assert "司机" in category_names(engine)
    assert len(changed) == 5


def test_a_taken_category_name_is_refused_in_the_dialog(
    kiosk: Kiosk, engine: Engine, qtbot: QtBot
) -> None:
    cats = kiosk.page.catalog.categories
    kiosk.go(cats)
    select_row(cats, "快递员")
    dialog = kiosk.open(cats.rename_button)
    assert isinstance(dialog, CatalogNameDialog)
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "外卖骑手")
    kiosk.ok(dialog)
    assert dialog.isVisible() and dialog.marks.marked() == ["Category name"]
    assert "外卖骑手" in dialog.marks.label.text()
    assert category_names(engine)[:2] == ["快递员", "外卖骑手"]
    dialog.reject()
    assert kiosk.page.dialog is None


def test_a_refused_retirement_is_said_under_the_list(
    kiosk: Kiosk, services: Services, attendant: Actor, engine: Engine
) -> None:
    services.members.register(attendant, "外卖骑手", nickname="小王")
    cats = kiosk.page.catalog.categories
    kiosk.go(cats)
    select_row(cats, "外卖骑手")
    cats.retire_button.click()
    kiosk.settle()
    assert cats.marks.label.isVisible() and "1 位会员" in cats.marks.label.text()
    assert "外卖骑手" in category_names(engine)


def test_services_added_and_retired(kiosk: Kiosk, engine: Engine, qtbot: QtBot) -> None:
    st = kiosk.page.catalog.service_types
    kiosk.go(st)
    dialog = kiosk.open(st.add_button)
    assert isinstance(dialog, CatalogNameDialog)
    type_text(qtbot, dialog.name_edit, "理发")
    kiosk.ok(dialog)
    select_row(st, "饮水")
    st.retire_button.click()
    kiosk.settle()
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT name, active FROM service_type")).all())
    assert rows["理发"] == 1 and rows["饮水"] == 0


# --------------------------------------------------------------------------- stock items


def item_row(engine: Engine, name: str) -> tuple[object, ...]:
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                text(
                    "SELECT unit, low_stock_threshold, tracks_expiry, near_expiry_days, "
                    "lendable, active FROM item WHERE name = :n"
                ),
                {"n": name},
            ).one()
        )


def test_a_stock_item_changed_and_one_added(kiosk: Kiosk, engine: Engine, qtbot: QtBot) -> None:
    items = kiosk.page.stock_items
    kiosk.go(items)
    select_row(items, TOWEL)
    dialog = kiosk.open(items.edit_button)
    assert isinstance(dialog, StockItemDialog)
    assert dialog.unit_edit.text() == "条" and dialog.threshold_spin.value() == 10
    dialog.threshold_spin.setValue(30)
    dialog.expiry_check.click()
    assert dialog.near_spin.isEnabled()
    dialog.near_spin.setValue(90)
    kiosk.ok(dialog)
    assert item_row(engine, TOWEL) == ("条", 30, 1, 90, 0, 1)
    assert kiosk.said[-1] == f"Stock item saved: {TOWEL}"

    dialog = kiosk.open(items.add_button)
    assert isinstance(dialog, StockItemDialog)
    type_text(qtbot, dialog.name_edit, "花露水")
    type_text(qtbot, dialog.unit_edit, "瓶")
    dialog.threshold_spin.setValue(5)
    kiosk.ok(dialog)
    assert item_row(engine, "花露水") == ("瓶", 5, 0, 30, 0, 1)
    assert items.selected() is not None and items.selected().name == "花露水"


def test_an_item_in_stock_cannot_be_retired(
    kiosk: Kiosk, services: Services, supervisor: Actor, engine: Engine
) -> None:
    services.inventory.receive(supervisor, WATER, 12, expires_on=date(2026, 12, 31))
    items = kiosk.page.stock_items
    kiosk.go(items)
    select_row(items, WATER)
    dialog = kiosk.open(items.edit_button)
    assert isinstance(dialog, StockItemDialog)
    dialog.threshold_spin.setValue(60)
    dialog.active_check.click()
    before = audit_count(engine)
    kiosk.ok(dialog)
    assert dialog.isVisible() and dialog.marks.marked() == ["Active"]
    assert dialog.active_check.property("invalid") is True
    assert "12" in dialog.marks.label.text()
    assert item_row(engine, WATER)[1:] == (48, 1, 30, 0, 1)  # the threshold too: all or nothing
    assert audit_count(engine) == before
    dialog.active_check.click()  # ticked again: the red goes
    assert dialog.active_check.property("invalid") is False


# --------------------------------------------------------------------------- campaigns


def fill_campaign(dialog: NewCampaignDialog, qtbot: QtBot, name: str = "2026 夏季送清凉") -> None:
    type_text(qtbot, dialog.name_edit, name)
    dialog.start_edit.setDate(QDate(2026, 7, 1))
    dialog.end_edit.setDate(QDate(2026, 8, 31))
    for _, check in dialog.category_checks:
        if check.text() in ("快递员", "外卖骑手"):
            check.click()
    qtbot.mouseClick(dialog.add_line_button, LEFT)
    qtbot.mouseClick(dialog.add_line_button, LEFT)
    first, second = (dialog.lines_table.cellWidget(r, 0) for r in (0, 1))
    assert isinstance(first, QComboBox) and isinstance(second, QComboBox)
    first.setCurrentIndex(first.findText(f"{WATER} (瓶)"))
    second.setCurrentIndex(second.findText(f"{TOWEL} (条)"))
    qty = dialog.lines_table.cellWidget(0, 1)
    assert isinstance(qty, QSpinBox)
    qty.setValue(2)
    dialog.limit_spin.setValue(2)
    dialog.interval_spin.setValue(7)


def test_a_campaign_is_created(kiosk: Kiosk, services: Services, qtbot: QtBot) -> None:
    section = kiosk.page.campaigns
    kiosk.go(section)
    dialog = kiosk.open(section.new_button)
    assert isinstance(dialog, NewCampaignDialog)
    # Lent things are never in a package: the umbrella is not offered.
    combo_items = {i.name for i in dialog.items}
    assert WATER in combo_items and "雨伞" not in combo_items
    fill_campaign(dialog, qtbot)
    kiosk.ok(dialog)
    assert kiosk.page.dialog is None  # closed: done
    [c] = services.relief.campaigns()
    assert (c.name, c.starts_on, c.ends_on) == (
        "2026 夏季送清凉",
        date(2026, 7, 1),
        date(2026, 8, 31),
    )
    assert c.categories == ("快递员", "外卖骑手")
    assert [(line.item, line.qty) for line in c.lines] == [(WATER, 2), (TOWEL, 1)]
    assert (c.per_person_limit, c.min_days_between) == (2, 7)
    assert section.model.rowCount() == 1 and section.selected() == c


def test_reversed_campaign_dates_are_refused(kiosk: Kiosk, engine: Engine, qtbot: QtBot) -> None:
    kiosk.go(kiosk.page.campaigns)
    dialog = kiosk.open(kiosk.page.campaigns.new_button)
    assert isinstance(dialog, NewCampaignDialog)
    fill_campaign(dialog, qtbot)
    dialog.start_edit.setDate(QDate(2026, 9, 1))  # after the end
    kiosk.ok(dialog)
    assert dialog.isVisible()
    assert dialog.marks.marked() == ["Campaign dates"]
    assert dialog.start_edit.property("invalid") is True
    assert dialog.end_edit.property("invalid") is True
    assert "结束日期早于开始日期" in dialog.marks.label.text()
    assert count(engine, "campaign") == 0
    dialog.end_edit.setDate(QDate(2026, 9, 30))  # corrected: both dates lose their red
    assert dialog.start_edit.property("invalid") is False
    assert dialog.end_edit.property("invalid") is False
    kiosk.ok(dialog)
    assert kiosk.page.dialog is None and count(engine, "campaign") == 1


def test_an_empty_package_is_refused(kiosk: Kiosk, engine: Engine, qtbot: QtBot) -> None:
    kiosk.go(kiosk.page.campaigns)
    dialog = kiosk.open(kiosk.page.campaigns.new_button)
    assert isinstance(dialog, NewCampaignDialog)
    fill_campaign(dialog, qtbot)
    dialog.remove_line()
    dialog.remove_line()
    assert dialog.lines_table.rowCount() == 0
    before = audit_count(engine)
    kiosk.ok(dialog)
    assert dialog.marks.marked() == ["Lines"]
    assert dialog.lines_table.property("invalid") is True
    assert "至少要有一种物品" in dialog.marks.label.text()
    assert count(engine, "campaign") == 0 and audit_count(engine) == before
    qtbot.mouseClick(dialog.add_line_button, LEFT)  # corrected
    assert dialog.lines_table.property("invalid") is False


def test_the_same_item_twice_names_the_line(kiosk: Kiosk, engine: Engine, qtbot: QtBot) -> None:
    kiosk.go(kiosk.page.campaigns)
    dialog = kiosk.open(kiosk.page.campaigns.new_button)
    assert isinstance(dialog, NewCampaignDialog)
    fill_campaign(dialog, qtbot)
    second = dialog.lines_table.cellWidget(1, 0)
    assert isinstance(second, QComboBox)
    second.setCurrentIndex(second.findText(f"{WATER} (瓶)"))
    kiosk.ok(dialog)
    assert dialog.marks.marked() == ["Item"] and "第 2 行" in dialog.marks.label.text()
    assert count(engine, "campaign") == 0


def test_a_campaign_is_closed_after_confirming(
    kiosk: Kiosk, services: Services, supervisor: Actor, engine: Engine
) -> None:
    services.relief.create_campaign(
        supervisor, "冬季送温暖", date(2026, 7, 1), date(2026, 7, 31), [(TOWEL, 1)]
    )
    kiosk.page.reload()
    kiosk.settle()
    section = kiosk.page.campaigns
    kiosk.go(section)
    select_row(section, "冬季送温暖")
    assert section.close_button.isEnabled()
    section.close_button.click()
    box = kiosk.page.dialog
    assert isinstance(box, QMessageBox) and "冬季送温暖" in box.text()
    [cancel] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole]
    cancel.click()  # changed their mind: nothing
    assert kiosk.page.dialog is None
    assert count(engine, "campaign", "active") == 1
    section.close_button.click()
    kiosk.confirm()
    with engine.connect() as conn:
        assert conn.scalar(select(Campaign.active)) is False
    assert not section.close_button.isEnabled()


# --------------------------------------------------------------------------- users


def test_a_user_is_added_and_a_short_pin_refused(
    kiosk: Kiosk, services: Services, engine: Engine, qtbot: QtBot
) -> None:
    users = kiosk.page.users
    kiosk.go(users)
    dialog = kiosk.open(users.add_button)
    assert isinstance(dialog, AddUserDialog)
    type_text(qtbot, dialog.name_edit, "赵阿姨")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("supervisor"))
    qtbot.keyClicks(dialog.pins.pin_edit, "258")
    qtbot.keyClicks(dialog.pins.again_edit, "258")
    kiosk.ok(dialog)
    assert dialog.isVisible() and dialog.marks.marked() == ["PIN"]
    assert "4 到 12 位数字" in dialog.marks.label.text()
    assert count(engine, "app_user", "name = '赵阿姨'") == 0
    qtbot.keyClicks(dialog.pins.pin_edit, "6")  # 2586
    assert dialog.marks.marked() == []
    qtbot.keyClicks(dialog.pins.again_edit, "9")  # 2589: not the same
    kiosk.ok(dialog)
    assert dialog.marks.marked() == ["PIN again"]
    assert dialog.pins.again_edit.text() == ""  # typed again from empty
    qtbot.keyClicks(dialog.pins.again_edit, "2586")
    kiosk.ok(dialog)
    assert kiosk.page.dialog is None  # closed: done
    assert services.users.login("赵阿姨", "2586").is_supervisor
    assert users.selected() is not None and users.selected().name == "赵阿姨"


def test_a_locked_attendant_is_unlocked_and_given_a_new_pin(
    kiosk: Kiosk, services: Services, attendant: Actor, engine: Engine, qtbot: QtBot
) -> None:
    for _ in range(5):
        with pytest.raises(AuthFailed):
            services.users.login(ATTENDANT_NAME, "9024")
    kiosk.page.reload()
    kiosk.settle()
    users = kiosk.page.users
    kiosk.go(users)
    select_row(users, ATTENDANT_NAME)
    assert users.model.index(users.model.row_of(attendant.user_id) or 0, 2).data() == (
        "Locked until 09:15"
    )
    assert users.unlock_button.isEnabled()
    users.unlock_button.click()
    kiosk.settle()
    assert count(engine, "app_user", f"name = '{ATTENDANT_NAME}' AND locked_until IS NULL") == 1
    assert not users.unlock_button.isEnabled()
    assert services.users.login(ATTENDANT_NAME, ATTENDANT_PIN).name == ATTENDANT_NAME

    dialog = kiosk.open(users.pin_button)
    assert isinstance(dialog, ResetPinDialog) and ATTENDANT_NAME in dialog.intro.text()
    qtbot.keyClicks(dialog.pins.pin_edit, "8642")
    qtbot.keyClicks(dialog.pins.again_edit, "8642")
    kiosk.ok(dialog)
    assert kiosk.page.dialog is None  # closed: done
    assert services.users.login(ATTENDANT_NAME, "8642").name == ATTENDANT_NAME
    with pytest.raises(AuthFailed):
        services.users.login(ATTENDANT_NAME, ATTENDANT_PIN)


def test_a_user_is_deactivated(
    kiosk: Kiosk, services: Services, attendant: Actor, engine: Engine
) -> None:
    kiosk.page.reload()
    kiosk.settle()
    users = kiosk.page.users
    kiosk.go(users)
    select_row(users, ATTENDANT_NAME)
    users.deactivate_button.click()
    kiosk.confirm()
    assert count(engine, "app_user", f"name = '{ATTENDANT_NAME}' AND active") == 0
    with pytest.raises(AuthFailed):
        services.users.login(ATTENDANT_NAME, ATTENDANT_PIN)
    assert not users.deactivate_button.isEnabled()


# --------------------------------------------------------------------------- this kiosk


def test_the_language_buttons_ask_the_window(kiosk: Kiosk, qtbot: QtBot) -> None:
    asked: list[str] = []
    kiosk.page.language_requested.connect(asked.append)
    k = kiosk.page.kiosk
    kiosk.go(k)
    assert k.chinese_button.isChecked() and not k.english_button.isChecked()
    qtbot.mouseClick(k.chinese_button, LEFT)  # already Chinese: nothing to ask
    qtbot.mouseClick(k.english_button, LEFT)
    assert asked == ["en"]
    assert k.chinese_button.isChecked()  # until the window has switched
    kiosk.lang = "en"
    kiosk.page.retranslate()
    assert k.english_button.isChecked() and not k.chinese_button.isChecked()
    qtbot.mouseClick(k.chinese_button, LEFT)
    assert asked == ["en", "zh_CN"]


def kiosk_file() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "StationDesk", "StationDesk"
    )


def test_the_kiosk_settings_are_written(kiosk: Kiosk, qtbot: QtBot) -> None:
    k = kiosk.page.kiosk
    kiosk.go(k)
    assert (k.idle_spin.value(), k.interval_spin.value()) == (5, 4)  # the defaults
    k.idle_spin.setValue(10)
    k.full_screen_check.click()
    k.theme_combo.setCurrentIndex(k.theme_combo.findData("high_contrast"))
    k.interval_spin.setValue(3)
    k.opens_edit.setTime(QTime(6, 30))
    k.closes_edit.setTime(QTime(22, 0))
    with qtbot.waitSignal(kiosk.page.kiosk_settings_saved):
        qtbot.mouseClick(k.save_button, LEFT)
    s = kiosk_file()
    assert s.value("kiosk/idle_minutes", type=int) == 10
    assert s.value("kiosk/full_screen", type=bool) is True
    assert s.value("kiosk/theme") == "high_contrast"
    assert s.value("records/interval_hours", type=int) == 3
    assert (s.value("records/opens"), s.value("records/closes")) == ("06:30", "22:00")
    k.idle_spin.setValue(1)
    k.reset()  # back to what the file says
    assert k.idle_spin.value() == 10 and k.full_screen_check.isChecked()


def test_closing_before_opening_is_refused(kiosk: Kiosk, qtbot: QtBot) -> None:
    k = kiosk.page.kiosk
    kiosk.go(k)
    k.idle_spin.setValue(15)
    k.opens_edit.setTime(QTime(21, 0))
    k.closes_edit.setTime(QTime(7, 0))
    saved: list[bool] = []
    kiosk.page.kiosk_settings_saved.connect(lambda: saved.append(True))
    qtbot.mouseClick(k.save_button, LEFT)
    assert k.marks.marked() == ["Closes"] and k.closes_edit.property("invalid") is True
    assert not saved and not kiosk_file().contains("kiosk/idle_minutes")
    k.closes_edit.setTime(QTime(22, 0))
    assert k.marks.marked() == []


# --------------------------------------------------------------------------- the page


def test_an_attendant_is_told_a_supervisor_is_needed(
    kiosk: Kiosk, attendant: Actor, engine: Engine, qtbot: QtBot
) -> None:
    kiosk.actor = attendant  # the shift changed while the page stayed open
    p = kiosk.page.profile
    kiosk.go(p)
    p.name_edit.clear()
    type_text(qtbot, p.name_edit, "改名")
    qtbot.mouseClick(p.save_button, LEFT)
    kiosk.settle()
    assert "负责人" in p.marks.label.text() and p.marks.label.isVisible()
    assert kiosk.complaints and "supervisor" in kiosk.complaints[-1].en
    assert count(engine, "station", "name = '改名'") == 0
    qtbot.mouseClick(kiosk.page.users.add_button, LEFT)
    assert kiosk.page.dialog is None  # no form to fill in for nothing
    qtbot.mouseClick(kiosk.page.kiosk.save_button, LEFT)
    assert not kiosk_file().contains("kiosk/idle_minutes")


def test_buttons_wait_while_the_database_is_held(
    kiosk: Kiosk, other_program: sqlite3.Connection, engine: Engine, qtbot: QtBot
) -> None:
    p = kiosk.page.profile
    kiosk.go(p)
    p.seats_spin.setValue(30)
    other_program.execute("BEGIN IMMEDIATE")  # another kiosk writing
    qtbot.mouseClick(p.save_button, LEFT)
    qtbot.wait(300)
    assert kiosk.page.busy and not p.save_button.isEnabled()
    assert not kiosk.page.users.add_button.isEnabled()
    other_program.execute("COMMIT")
    kiosk.settle()
    assert p.save_button.isEnabled()
    assert count(engine, "station", "seats = 30") == 1


def test_the_idle_reset_closes_the_dialog_and_drops_half_typed_input(
    kiosk: Kiosk, engine: Engine, qtbot: QtBot
) -> None:
    p = kiosk.page.profile
    kiosk.go(p)
    type_text(qtbot, p.name_edit, "半截")
    dialog = kiosk.open(kiosk.page.users.add_button)
    assert isinstance(dialog, QWidget) and dialog.isVisible()
    kiosk.page.reset()
    assert not dialog.isVisible() and kiosk.page.dialog is None
    assert p.name_edit.text() == "解放路爱心驿家"
    assert count(engine, "app_user") == 1


def test_a_form_closed_while_its_call_waits_is_still_told(
    kiosk: Kiosk,
    services: Services,
    other_program: sqlite3.Connection,
    qtbot: QtBot,
) -> None:
    kiosk.go(kiosk.page.users)
    dialog = kiosk.open(kiosk.page.users.add_button)
    assert isinstance(dialog, AddUserDialog)
    type_text(qtbot, dialog.name_edit, "周师傅")
    qtbot.keyClicks(dialog.pins.pin_edit, "4826")
    qtbot.keyClicks(dialog.pins.again_edit, "4826")
    other_program.execute("BEGIN IMMEDIATE")  # another kiosk writing
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.wait(200)
    kiosk.page.reset()  # the idle timeout while the call waits
    assert kiosk.page.dialog is None and not dialog.isVisible()
    other_program.execute("COMMIT")
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    kiosk.settle()
    assert kiosk.said[-1] == "User added: 周师傅 (Attendant)"  # done, and said so
    assert services.users.login("周师傅", "4826").name == "周师傅"


def test_every_table_passes_the_model_tester(
    qtmodeltester,
    kiosk: Kiosk,
    services: Services,
    supervisor: Actor,
) -> None:
    services.relief.create_campaign(
        supervisor, "夏季送清凉", date(2026, 7, 1), date(2026, 8, 31), [(TOWEL, 1)]
    )
    kiosk.page.reload()
    kiosk.settle()
    page = kiosk.page
    models = [
        page.catalog.categories.model,
        page.catalog.service_types.model,
        page.stock_items.model,
        page.campaigns.model,
        page.users.model,
    ]
    assert [m.rowCount() for m in models] == [9, 10, 9, 1, 1]
    for model in models:
        qtmodeltester.check(model)


def test_touch_targets_are_at_least_48_px(kiosk: Kiosk, qapp: QApplication) -> None:
    qapp.setStyleSheet((RESOURCES_DIR / "kiosk.qss").read_text(encoding="utf-8"))
    try:
        page = kiosk.page
        page.resize(1280, 800)
        small: list[str] = []
        for i in range(page.tabs.count()):
            page.tabs.setCurrentIndex(i)
            kiosk.qtbot.wait(20)
            assert page.tabs.tabBar().tabRect(i).height() >= 48
            for w in page.findChildren(QWidget):
                touchable = isinstance(w, QPushButton | QLineEdit | QComboBox | QSpinBox)
                touchable = touchable or isinstance(w, QCheckBox | QAbstractSpinBox)
                if isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox):
                    touchable = False  # the field inside a spin box: the box is the target
                if touchable and w.isVisible() and w.height() < 48:
                    small.append(f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}")
        assert small == []
    finally:
        qapp.setStyleSheet("")


class Marked(QTranslator):
    """Every string of the page's contexts, marked: a language no .qm is needed for."""

    def translate(
        self,
        context: str,
        source: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        return f"«{source}»" if context.endswith(("Page", "Section", "List")) else ""

    def isEmpty(self) -> bool:  # Qt asks only translators that hold something
        return False


def test_a_language_switch_retranslates_the_page(
    kiosk: Kiosk, qapp: QApplication, qtbot: QtBot
) -> None:
    page = kiosk.page
    assert page.tabs.tabText(0) == "Station"
    marked = Marked()
    qapp.installTranslator(marked)  # Qt sends LanguageChange: the page retranslates
    try:
        qtbot.waitUntil(lambda: page.tabs.tabText(0) == "«Station»")
        assert page.title() == "«Settings»"
        assert page.stock_items.model.headerData(0, Qt.Orientation.Horizontal) == "«Item»"
        assert page.users.model.index(0, 2).data() == "«Active»"
        assert page.profile.save_button.text() == "«Save the profile»"
    finally:
        qapp.removeTranslator(marked)
    qtbot.waitUntil(lambda: page.tabs.tabText(0) == "Station")


def test_the_page_is_for_supervisors(kiosk: Kiosk) -> None:
    assert SettingsPage.supervisor_only is True
    assert kiosk.page.title() == "Settings"
