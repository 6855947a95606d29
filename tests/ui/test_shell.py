"""The window's shell: side bar and pages, supervisor's pages, idle timeout, kiosk mode,
language switch, a window that never freezes, the register that fits, and the window
defects found when it was tried as a new user would.

Every service call of the window runs on its worker (ui.ops.Ops): a test acts as a
person would, waits for the result (``settled``, a signal), then reads the database.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer, QTranslator
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.models import Loan, Visit
from station_app.backup import backup_database, restore_database
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import Actor
from station_app.services import Services
from tests.conftest import ATTENDANT_PIN, SUPERVISOR_NAME, SUPERVISOR_PIN
from tests.ui.conftest import type_text
from ui.app import CJK_FONTS, build_window
from ui.idle import IdleWatcher
from ui.main_window import HOME, LendDialog, MainWindow
from ui.pages.base import Page, PageContext
from ui.pages.relief_page import ReliefPage
from ui.pages.settings_page import SettingsPage
from ui.pages.stock_page import StockPage
from ui.shell import TOUCH_MIN, KioskSettings, ReadableDelegate, WrapButton, apply_theme

# --------------------------------------------------------------------------- helpers


class NotePage(Page):
    """A tiny real page: a label it translates, a field ``reset`` clears, a dialog it
    may leave open, and one service call through the window's worker."""

    def __init__(self, ctx: PageContext) -> None:
        super().__init__(ctx)
        self.label = QLabel()
        self.field = QLineEdit()
        self.dialog: QDialog | None = None
        self.activations = 0
        self.resets = 0
        self.retranslations = 0
        self.loaded: list[int] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        self.retranslate()

    @classmethod
    def title(cls) -> str:
        return "Settings" if cls.supervisor_only else "Notes"

    def retranslate(self) -> None:
        self.retranslations += 1
        # A string the shipped translation has, so the language shows.
        self.label.setText(QCoreApplication.translate("MainWindow", "Check out"))

    def activated(self) -> None:
        self.activations += 1
        services = self.ctx.services
        self.ctx.ops.run(lambda: len(services.visits.inside_now()), self.loaded.append)

    def reset(self) -> None:
        self.resets += 1
        self.field.clear()

    def open_dialog(self) -> QDialog:
        self.dialog = QDialog(self)
        self.dialog.open()
        return self.dialog


class SupervisorNotePage(NotePage):
    """The same page, for a supervisor only."""

    supervisor_only = True


class FakeClock:
    """Monotonic seconds under the test's control, for the idle timeout."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


def settled(qtbot: QtBot, w: MainWindow) -> None:
    """Wait until the window's calls (and the ones their results started) are done."""
    qtbot.waitUntil(lambda: not w.ops.busy, timeout=15_000)


def tap(qtbot: QtBot, w: MainWindow, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settled(qtbot, w)


def type_pin(qtbot: QtBot, field: QLineEdit, pin: str) -> None:
    qtbot.keyClicks(field, pin)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def category_id(services: Services, name: str) -> int:
    return next(c.id for c in services.stations.categories() if c.name == name)


def service_id(services: Services, name: str) -> int:
    return next(s.id for s in services.stations.service_types() if s.name == name)


def count(services: Services, model: type) -> int:
    with services.ctx.read() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def open_window(
    qtbot: QtBot,
    services: Services,
    actor: Actor,
    lang: str,
    *,
    kiosk: KioskSettings | None = None,
    idle_clock: FakeClock | None = None,
    pages: bool = True,
) -> MainWindow:
    w = MainWindow(services, actor, lang, kiosk=kiosk, idle_clock=idle_clock)
    qtbot.addWidget(w)
    if pages:
        w.add_page("notes", NotePage(w.page_context))
        w.add_page("settings", SupervisorNotePage(w.page_context))
    w.show()
    settled(qtbot, w)
    return w


@pytest.fixture
def idle_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str, idle_clock: FakeClock
) -> MainWindow:
    return open_window(qtbot, services, attendant, zh, idle_clock=idle_clock)


@pytest.fixture
def kiosk_look(qapp: QApplication) -> Iterator[None]:
    """The application's font list and style sheet, as ``ui.app`` sets them."""
    font, sheet = qapp.font(), qapp.styleSheet()
    styled = qapp.font()
    styled.setFamilies([*CJK_FONTS, font.family()])
    qapp.setFont(styled)
    apply_theme(qapp, "normal")
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


@pytest.fixture
def own_translators(qapp: QApplication) -> Iterator[None]:
    """Whatever translators a language switch installed go when the test ends."""
    yield
    for t in qapp.findChildren(QTranslator):
        qapp.removeTranslator(t)


# --------------------------------------------------------------------------- pages


def test_pages_open_from_the_side_bar_with_the_windows_context(
    qtbot: QtBot, window: MainWindow, services: Services, attendant: Actor
) -> None:
    notes = window.page("notes")
    assert isinstance(notes, NotePage)
    assert list(window.side_bar.buttons) == [HOME, "notes", "settings"]
    assert window.side_bar.buttons["notes"].text() == "Notes"
    assert not window.side_bar.is_locked("notes")

    services.visits.check_in(attendant, "快递员")
    tap(qtbot, window, window.side_bar.buttons["notes"])
    assert window.pages.currentWidget() is notes
    assert window.current_page == "notes" and notes.activations == 1
    assert notes.loaded == [1]  # its call went through the window's worker
    assert notes.ctx.actor() == attendant and notes.ctx.lang() == "zh_CN"
    notes.ctx.say("页面的消息")
    assert window.notice.text() == "页面的消息"

    tap(qtbot, window, window.side_bar.buttons[HOME])
    assert window.pages.currentWidget() is window.home
    assert QApplication.focusWidget() is window.scan_edit
    assert window.model.rowCount() == 1
    with pytest.raises(ValueError):
        window.add_page("notes", NotePage(window.page_context))


def test_a_supervisors_page_asks_an_attendant_for_a_supervisors_pin(
    qtbot: QtBot, window: MainWindow, supervisor: Actor, attendant: Actor
) -> None:
    settings = window.page("settings")
    button = window.side_bar.buttons["settings"]
    assert window.side_bar.is_locked("settings") and button.isEnabled()  # greyed, tappable

    tap(qtbot, window, button)
    dialog = window.supervisor_dialog
    assert dialog is not None and dialog.isVisible()
    assert window.pages.currentWidget() is window.home  # not open yet
    assert window.side_bar.current() == HOME
    type_pin(qtbot, dialog.pin_edit, ATTENDANT_PIN)  # the attendant's own PIN: no
    qtbot.waitUntil(lambda: not dialog.working)  # the PIN is checked on the worker
    assert dialog.isVisible() and window.current_page == HOME
    type_pin(qtbot, dialog.pin_edit, SUPERVISOR_PIN)
    settled(qtbot, window)
    assert window.current_page == "settings" and window.pages.currentWidget() is settings
    assert settings.ctx.actor() == supervisor
    assert not window.side_bar.is_locked("settings")
    assert "王站长" in window.shift_label.text() and "李师傅" in window.shift_label.text()

    # Another page: the supervisor's rights stay behind.
    tap(qtbot, window, window.side_bar.buttons["notes"])
    assert window.current_actor() == attendant
    assert window.side_bar.is_locked("settings")
    tap(qtbot, window, button)
    assert window.supervisor_dialog is not None and window.supervisor_dialog.isVisible()
    window.supervisor_dialog.reject()


def test_a_supervisor_on_shift_opens_a_supervisors_page_at_once(
    qtbot: QtBot, services: Services, supervisor: Actor, zh: str
) -> None:
    w = open_window(qtbot, services, supervisor, zh)
    assert not w.side_bar.is_locked("settings")
    tap(qtbot, w, w.side_bar.buttons["settings"])
    assert w.current_page == "settings" and w.supervisor_dialog is None


# --------------------------------------------------------------------------- idle


def test_the_idle_timeout_goes_home_closes_dialogs_resets_and_drops_the_supervisor(
    qtbot: QtBot,
    window: MainWindow,
    attendant: Actor,
    idle_clock: FakeClock,
) -> None:
    assert window.idle.minutes == 5
    tap(qtbot, window, window.side_bar.buttons["settings"])
    assert window.supervisor_dialog is not None
    type_pin(qtbot, window.supervisor_dialog.pin_edit, SUPERVISOR_PIN)
    settled(qtbot, window)
    settings = window.page("settings")
    assert isinstance(settings, NotePage)
    assert window.current_page == "settings" and window.current_actor().name == SUPERVISOR_NAME
    qtbot.keyClicks(settings.field, "half typed")
    dialog = settings.open_dialog()
    assert dialog.isVisible()

    # Any input starts the quiet again.
    idle_clock.advance(4)
    QApplication.sendEvent(
        settings.field,
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"),
    )
    idle_clock.advance(4)
    assert not window.idle.check()
    assert window.current_page == "settings"

    idle_clock.advance(1.01)
    with qtbot.waitSignal(window.went_idle):
        assert window.idle.check()
    assert window.current_page == HOME and window.pages.currentWidget() is window.home
    assert window.side_bar.current() == HOME
    assert not dialog.isVisible()
    assert settings.field.text() == "" and settings.resets == 1
    assert window.page("notes").resets == 1
    assert window.elevated is None and window.current_actor() == attendant
    assert window.side_bar.is_locked("settings")
    assert window.signed_in  # the attendant on shift is still signed in
    assert not window.idle.check()  # once per quiet spell
    settled(qtbot, window)


def test_the_idle_timeout_keeps_a_supervisor_on_shift_signed_in(
    qtbot: QtBot, services: Services, supervisor: Actor, zh: str, idle_clock: FakeClock
) -> None:
    w = open_window(
        qtbot, services, supervisor, zh, idle_clock=idle_clock, kiosk=KioskSettings(idle_minutes=2)
    )
    tap(qtbot, w, w.side_bar.buttons["settings"])
    assert w.current_page == "settings"
    qtbot.mouseClick(w.service_buttons[service_id(services, "饮水")], Qt.MouseButton.LeftButton)
    idle_clock.advance(2)
    assert w.idle.check()
    assert w.current_page == HOME
    assert w.current_actor() == supervisor and w.signed_in
    assert not w.side_bar.is_locked("settings")
    assert w.selected_services() == []  # half-made choices are gone too
    settled(qtbot, w)


def test_the_idle_timer_fires_by_itself_and_input_puts_it_off(
    qtbot: QtBot, qapp: QApplication
) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    watcher = IdleWatcher(0.005)  # 300 ms of quiet, on the real clock
    watcher.start(qapp)
    fired: list[float] = []
    watcher.idle.connect(lambda: fired.append(watcher.quiet_seconds()))
    try:
        for _ in range(4):  # typing every 100 ms: never idle
            qtbot.wait(100)
            qtbot.keyClick(field, Qt.Key.Key_A)
        assert fired == []
        with qtbot.waitSignal(watcher.idle, timeout=2000):
            pass
        assert len(fired) == 1 and fired[0] >= 0.3
        qtbot.wait(400)
        assert len(fired) == 1  # once per quiet spell
        qtbot.keyClick(field, Qt.Key.Key_B)
        with qtbot.waitSignal(watcher.idle, timeout=2000):
            pass
        assert len(fired) == 2
        watcher.set_minutes(0)  # off
        qtbot.keyClick(field, Qt.Key.Key_C)
        qtbot.wait(400)
        assert len(fired) == 2
    finally:
        watcher.stop()


# --------------------------------------------------------------------------- kiosk mode


def test_kiosk_mode_is_full_screen_and_only_a_supervisor_closes_it(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str
) -> None:
    w = MainWindow(services, attendant, zh, kiosk=KioskSettings(full_screen=True))
    qtbot.addWidget(w)
    w.show_kiosk()
    qtbot.waitUntil(w.isFullScreen)
    assert w.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert w.leave_button.isVisible()

    w.close()  # Alt+F4, a window manager's close
    assert w.isVisible()
    dialog = w.supervisor_dialog
    assert dialog is not None and dialog.isVisible()
    type_pin(qtbot, dialog.pin_edit, ATTENDANT_PIN)
    assert w.isVisible() and dialog.isVisible()
    dialog.reject()
    assert w.isVisible() and w.isFullScreen()

    # Leaving full screen needs a supervisor too; then the window closes as any other.
    qtbot.mouseClick(w.leave_button, Qt.MouseButton.LeftButton)
    dialog = w.supervisor_dialog
    assert dialog is not None and dialog.isVisible()
    type_pin(qtbot, dialog.pin_edit, SUPERVISOR_PIN)
    qtbot.waitUntil(lambda: not w.isFullScreen())
    assert not w.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert not w.leave_button.isVisible()
    w.close()
    assert not w.isVisible()


def test_closing_the_kiosk_with_a_supervisors_pin(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str
) -> None:
    w = MainWindow(services, attendant, zh, kiosk=KioskSettings(full_screen=True))
    qtbot.addWidget(w)
    w.show_kiosk()
    qtbot.waitUntil(w.isFullScreen)
    w.close()
    dialog = w.supervisor_dialog
    assert dialog is not None
    type_pin(qtbot, dialog.pin_edit, SUPERVISOR_PIN)
    qtbot.waitUntil(lambda: not w.isVisible())


def test_kiosk_settings_are_read_from_the_settings_file(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "kiosk.ini"), QSettings.Format.IniFormat)
    assert KioskSettings.load(settings) == KioskSettings(False, 5, "normal")
    KioskSettings(True, 12, "high_contrast").save(settings)
    again = QSettings(str(tmp_path / "kiosk.ini"), QSettings.Format.IniFormat)
    assert KioskSettings.load(again) == KioskSettings(True, 12, "high_contrast")
    again.setValue("kiosk/idle_minutes", "soon")
    again.setValue("kiosk/theme", "purple")
    again.setValue("kiosk/full_screen", "false")
    assert KioskSettings.load(again) == KioskSettings(False, 5, "normal")


def test_the_high_contrast_theme_is_larger_type_and_readable(
    qtbot: QtBot, qapp: QApplication, services: Services, attendant: Actor, zh: str
) -> None:
    services.visits.check_in(attendant, "快递员")
    sheet = qapp.styleSheet()
    sizes = {}
    try:
        apply_theme(qapp, "normal")
        w = open_window(qtbot, services, attendant, zh)
        w.resize(1280, 800)
        for theme in ("normal", "high_contrast"):
            if theme != "normal":
                w.set_theme(theme)  # the Settings page's switch, while the window is open
            settled(qtbot, w)
            qtbot.wait(20)
            button = next(iter(w.category_buttons.values()))
            sizes[theme] = (
                button.font().pixelSize(),
                w.table.font().pixelSize(),
                w.palette().color(w.backgroundRole()).name(),
            )
            assert w.width() == 1280 and not w.table.horizontalScrollBar().isVisible()
            assert all(b.text_fits() for b in w.category_buttons.values())
            assert all(visible_at(w, b) for b in w.service_buttons.values())
        # "Inside" is dark green in the model; on black it is drawn light.
        option = QStyleOptionViewItem()
        delegate = w.table.itemDelegate()
        assert isinstance(delegate, ReadableDelegate)
        delegate.initStyleOption(option, w.model.index(0, 6))
        assert option.palette.color(QPalette.ColorRole.Text).lightnessF() >= 0.6
        w.set_idle_minutes(2)
        assert w.idle.minutes == 2 and w.kiosk == KioskSettings(False, 2, "high_contrast")
    finally:
        qapp.setStyleSheet(sheet)
    assert sizes["normal"][:2] == (20, 15)
    assert sizes["high_contrast"][:2] == (24, 18)
    assert sizes["high_contrast"][2] == "#000000"


# --------------------------------------------------------------------------- language


def test_the_language_switches_while_the_window_is_open(
    qtbot: QtBot, window: MainWindow, services: Services, own_translators: None
) -> None:
    notes = window.page("notes")
    assert isinstance(notes, NotePage)
    courier = window.category_buttons[category_id(services, "快递员")]
    water = window.service_buttons[service_id(services, "饮水")]

    def shown() -> tuple[str, ...]:
        return (
            window.category_title.text(),
            courier.text(),
            water.text(),
            window.check_out_button.text(),
            window.scan_edit.placeholderText(),
            window.inside_label.text(),
            window.shift_label.text(),
            str(window.model.headerData(0, Qt.Orientation.Horizontal)),
            window.print_button.text(),
        )

    chinese = (
        "点选访客类别即可签到",
        "快递员",
        "饮水",
        "签退",
        "卡号",
        "在站 0 人 · 今日 0 人次",
        "当班：李师傅（值班员）",
        "签到",
        "打印",
    )
    assert shown() == chinese
    before = notes.retranslations

    window.set_language("en")
    assert shown() == (
        "Tap the visitor's kind to check in",
        "Courier",
        "Drinking water",
        "Check out",
        "Card code",
        "Inside now: 0 · Today: 0",
        "On shift: 李师傅 (attendant)",
        "In",
        "Print",
    )
    qtbot.waitUntil(lambda: notes.label.text() == "Check out")  # the page was told
    assert notes.retranslations > before
    assert notes.ctx.lang() == "en"

    window.set_language("zh_CN")
    assert shown() == chinese
    qtbot.waitUntil(lambda: notes.label.text() == "签退")
    tap(qtbot, window, courier)
    assert window.model.index(0, 1).data() == "快递员"
    assert window.model.index(0, 6).data() == "在站"


# --------------------------------------------------------------------------- never frozen


def test_the_window_keeps_answering_while_another_program_holds_the_database(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    other_program: sqlite3.Connection,
) -> None:
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    courier = window.category_buttons[category_id(services, "快递员")]
    other_program.execute("BEGIN IMMEDIATE")  # a backup, an import or another kiosk
    qtbot.mouseClick(courier, Qt.MouseButton.LeftButton)
    assert not courier.isEnabled()  # the running action's buttons wait for it
    qtbot.waitUntil(window.busy.isVisible)  # the header shows that it is working
    qtbot.waitUntil(lambda: len(ticks) >= 40, timeout=5000)  # ~0.8 s of a live event loop
    assert window.ops.busy
    assert window.notice.text() == window.tr(
        "Waiting for the database: another program is using it…"
    )
    assert window.notice.property("kind") == "waiting"
    assert count(services, Visit) == 0
    other_program.execute("COMMIT")
    qtbot.waitUntil(lambda: count(services, Visit) == 1, timeout=15_000)
    settled(qtbot, window)
    assert window.model.rowCount() == 1
    assert window.notice.text().startswith("已签到：快递员")
    assert courier.isEnabled() and not window.busy.isVisible()


def test_scans_while_a_call_runs_are_done_in_order(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    supervisor: Actor,
    other_program: sqlite3.Connection,
) -> None:
    first = services.members.register(supervisor, "快递员", nickname="甲")
    second = services.members.register(supervisor, "司机", nickname="乙")
    other_program.execute("BEGIN IMMEDIATE")
    window.handle_scan(services.scans.code_for_member(first.id))
    window.handle_scan(services.scans.code_for_member(second.id))
    window.handle_scan("NOT-A-CARD-CODE")
    qtbot.wait(200)
    assert count(services, Visit) == 0
    other_program.execute("COMMIT")
    settled(qtbot, window)
    visits = sorted(services.visits.visits_on(services.ctx.today()), key=lambda v: v.id)
    assert [v.member_nickname for v in visits] == ["甲", "乙"]
    assert window.model.rowCount() == 2
    assert window.display.kind == "error"  # the last scan's result is the one showing
    assert "NOT-A-CARD-CODE" in window.notice.text()


# --------------------------------------------------------------------------- fitting


def visible_at(window: MainWindow, widget: QWidget) -> bool:
    """Wholly inside the window and not covered by the window's edge."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    return (
        widget.isVisible()
        and top_left.x() >= 0
        and top_left.y() >= 0
        and bottom_right.x() < window.width()
        and bottom_right.y() < window.height()
    )


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_the_home_page_fits_the_kiosk_screen(
    qtbot: QtBot,
    kiosk_look: None,
    services: Services,
    attendant: Actor,
    zh: str,
    size: tuple[int, int],
    tmp_path: Path,
) -> None:
    for i in range(30):  # a busy day: the register has more rows than fit
        services.visits.check_in(attendant, services.stations.categories()[i % 9].id, ["饮水"])
    w = open_window(qtbot, services, attendant, zh)
    w.resize(*size)
    settled(qtbot, w)
    qtbot.wait(20)
    assert (w.width(), w.height()) == size
    buttons = [*w.category_buttons.values(), *w.service_buttons.values()]
    for button in buttons:
        assert visible_at(w, button), button.text()
        assert button.text_fits(), button.text()
    for widget in (w.scan_edit, w.check_out_button, w.undo_button, w.slip_button):
        assert visible_at(w, widget)
    assert not w.table.horizontalScrollBar().isVisible()
    clickable = [*buttons, w.scan_button, w.check_out_button, w.print_button, w.sign_out_button]
    clickable += list(w.side_bar.buttons.values())
    assert min(b.height() for b in clickable) >= TOUCH_MIN
    assert w.grab().save(str(tmp_path / f"home_{size[0]}.png"))


def test_the_register_fits_at_1024_by_768_in_english(
    qtbot: QtBot, kiosk_look: None, services: Services, attendant: Actor, supervisor: Actor
) -> None:
    member = services.members.register(supervisor, "建筑工人", nickname="Construction Joe")
    services.visits.check_in(attendant, "建筑工人", ["饮水", "热饭", "充电", "休息"])
    services.visits.check_in(attendant, "交警/协警", ["急救药品", "储奶"], member_code=member.code)
    w = open_window(qtbot, services, attendant, "en")
    assert w.minimumSizeHint().width() <= 1024
    w.resize(1024, 768)
    settled(qtbot, w)
    qtbot.wait(20)
    assert w.width() <= 1024 and w.height() <= 768
    assert not w.table.horizontalScrollBar().isVisible()
    header = w.table.horizontalHeader()
    assert header.length() <= w.table.viewport().width()  # every column in view
    for column in (0, 4, 5, 6):  # in, out, minutes, state: never cut
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width()
        assert header.sectionSize(column) >= w.table.sizeHintForColumn(column)
    assert header.sectionSize(2) >= 60  # the services column keeps some room, elided
    assert all(b.text_fits() for b in w.category_buttons.values())
    assert visible_at(w, w.check_out_button)


# --------------------------------------------------------------------------- defects


def test_after_a_tap_the_card_field_has_the_keys_again(
    qtbot: QtBot, window: MainWindow, services: Services, supervisor: Actor
) -> None:
    window.scan_filter.enabled = False  # a person typing, not the scanner
    member = services.members.register(supervisor, "快递员", nickname="小张")
    courier = window.category_buttons[category_id(services, "司机")]
    tap(qtbot, window, courier)
    assert QApplication.focusWidget() is window.scan_edit
    qtbot.keyClicks(QApplication.focusWidget(), member.code)
    with qtbot.waitSignal(window.checked_in):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert [v.member_nickname for v in services.visits.inside_now()] == [None, "小张"]


def test_cancel_at_change_shift_leaves_the_window_locked_not_closed(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    supervisor: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quits: list[str] = []
    monkeypatch.setattr(QCoreApplication, "quit", lambda *a: quits.append("quit"))
    monkeypatch.setattr(QCoreApplication, "exit", lambda *a: quits.append("exit"))
    tap(qtbot, window, window.sign_out_button)
    login = window.login_dialog
    assert login is not None and login.isVisible()
    assert window.isVisible() and window.body.currentWidget() is window.locked_page
    cancel = login.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    assert not login.isVisible()
    assert quits == []
    assert window.isVisible()  # the kiosk does not show the desktop
    assert window.body.currentWidget() is window.locked_page and not window.signed_in
    assert window.shift_label.text() == window.tr("Signed out")
    member = services.members.register(supervisor, "快递员", nickname="小张")
    window.handle_scan(services.scans.code_for_member(member.id))  # nobody to act as
    settled(qtbot, window)
    assert count(services, Visit) == 0

    qtbot.mouseClick(window.locked_page.sign_in_button, Qt.MouseButton.LeftButton)
    login = window.login_dialog
    assert login is not None and login.isVisible()
    login.name_combo.setCurrentIndex(login.name_combo.findData(SUPERVISOR_NAME))
    type_pin(qtbot, login.pin_edit, SUPERVISOR_PIN)
    settled(qtbot, window)
    assert window.signed_in and window.current_actor() == supervisor
    assert window.body.currentWidget() is window.work
    assert window.shift_label.text() == "当班：王站长（负责人）"


def test_the_umbrella_service_lends_an_umbrella(
    qtbot: QtBot, window: MainWindow, services: Services, supervisor: Actor
) -> None:
    services.inventory.receive(supervisor, "雨伞", 5)
    qtbot.mouseClick(
        window.service_buttons[service_id(services, "借伞")], Qt.MouseButton.LeftButton
    )
    tap(qtbot, window, window.category_buttons[category_id(services, "外卖骑手")])
    [visit] = services.visits.inside_now()
    assert visit.services == ("借伞",)
    dialog = window.lend_dialog
    assert isinstance(dialog, LendDialog) and dialog.isVisible()
    assert dialog.hours.value() == 24

    qtbot.mouseClick(dialog.lend_button, Qt.MouseButton.LeftButton)  # nobody named
    settled(qtbot, window)
    assert dialog.isVisible() and dialog.field_in_error() == "Borrower"
    assert not dialog.error_label.isHidden()
    assert count(services, Loan) == 0
    type_text(qtbot, dialog.borrower, "王师傅")
    assert dialog.field_in_error() is None  # corrected: no longer red
    qtbot.keyClicks(dialog.phone, "12a4")
    qtbot.mouseClick(dialog.lend_button, Qt.MouseButton.LeftButton)
    settled(qtbot, window)
    assert dialog.field_in_error() == "Phone last 4" and count(services, Loan) == 0
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "1234")
    with qtbot.waitSignal(window.lent) as sig:
        qtbot.mouseClick(dialog.lend_button, Qt.MouseButton.LeftButton)
    [loan] = services.loans.open_loans()
    assert sig.args == [loan.id]
    assert (loan.item, loan.borrower, loan.phone_last4) == ("雨伞", "王师傅", "1234")
    assert loan.due_at == loan.lent_at + timedelta(hours=24)
    assert not dialog.isVisible()
    assert "王师傅" in window.notice.text()
    assert not window.service_buttons[service_id(services, "借伞")].isChecked()


def test_a_member_scanned_in_with_the_umbrella_borrows_it_on_their_card(
    qtbot: QtBot, window: MainWindow, services: Services, supervisor: Actor
) -> None:
    services.inventory.receive(supervisor, "雨伞", 1)
    member = services.members.register(supervisor, "环卫工人", nickname="老李")
    qtbot.mouseClick(
        window.service_buttons[service_id(services, "借伞")], Qt.MouseButton.LeftButton
    )
    with qtbot.waitSignal(window.checked_in):
        window.handle_scan(services.scans.code_for_member(member.id))
    dialog = window.lend_dialog
    assert dialog is not None and dialog.borrower.text() == "老李"
    with qtbot.waitSignal(window.lent):
        qtbot.mouseClick(dialog.lend_button, Qt.MouseButton.LeftButton)
    [loan] = services.loans.open_loans()
    assert loan.member_code == member.code


def test_not_lending_says_that_no_loan_was_recorded(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    qtbot.mouseClick(
        window.service_buttons[service_id(services, "借伞")], Qt.MouseButton.LeftButton
    )
    tap(qtbot, window, window.category_buttons[category_id(services, "司机")])
    dialog = window.lend_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert count(services, Loan) == 0
    assert window.notice.property("kind") == "error"
    assert window.notice.text() == window.tr("No umbrella loan was recorded for this visitor.")


def test_a_restore_from_the_command_line_is_noticed_and_shown(
    qtbot: QtBot,
    window: MainWindow,
    services: Services,
    db_path: Path,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    tap(qtbot, window, window.category_buttons[category_id(services, "快递员")])
    backup = backup_database(sqlite_url(db_path), tmp_path / "backups", clock())
    tap(qtbot, window, window.category_buttons[category_id(services, "司机")])
    assert window.model.rowCount() == 2
    replaced: list[bool] = []
    window.database_replaced.connect(lambda: replaced.append(True))

    # `station-app restore FILE --yes`, while the window stays open.
    restore_database(sqlite_url(db_path), backup.path, tmp_path / "safety", clock())
    with qtbot.waitSignal(window.register_shown):
        window._timer.timeout.emit()  # the minute's refresh
    settled(qtbot, window)
    assert replaced == [True]
    assert window.notice.property("kind") == "error"
    assert window.notice.text() == window.tr(
        "The database was replaced while this window was open (restored from a "
        "backup?). The window now shows what it holds: check today's register."
    )
    assert window.model.rowCount() == 1
    assert window.model.index(0, 1).data() == "快递员"

    # Said once: the next refresh is quiet, and the window works on the restored file.
    window.say("")
    with qtbot.waitSignal(window.register_shown):
        window.refresh()
    assert replaced == [True] and window.notice.text() == ""
    tap(qtbot, window, window.category_buttons[category_id(services, "环卫工人")])
    assert window.model.rowCount() == 2 and replaced == [True]


def test_the_running_app_lists_its_pages_and_shows_as_set(
    qtbot: QtBot, services: Services, attendant: Actor, zh: str
) -> None:
    w = build_window(
        services,
        attendant,
        zh,
        kiosk=KioskSettings(idle_minutes=7),
        pages=[("notes", NotePage)],
    )
    qtbot.addWidget(w)
    w.show_kiosk()
    settled(qtbot, w)
    assert list(w.side_bar.buttons) == [HOME, "notes"]
    assert isinstance(w.page("notes"), NotePage)
    assert w.idle.minutes == 7
    assert w.isMaximized() or w.isVisible()


def test_pages_are_built_when_first_opened_and_speak_the_language_of_that_moment(
    qtbot: QtBot, services: Services, supervisor: Actor, zh: str
) -> None:
    w = build_window(services, supervisor, zh)
    qtbot.addWidget(w)
    w.show()
    settled(qtbot, w)
    # The side bar is whole (titles from the pages' classes), and no page is built yet.
    assert list(w.side_bar.buttons) == [HOME, *w.page_keys()]
    assert w.side_bar.buttons["stock"].text() == "库存"
    assert [w.find_page(key) for key in w.page_keys()] == [None] * len(w.page_keys())

    qtbot.mouseClick(w.side_bar.buttons["stock"], Qt.MouseButton.LeftButton)
    stock = w.find_page("stock")
    assert isinstance(stock, StockPage) and w.pages.currentWidget() is stock
    assert w.find_page("relief") is None

    # A page built later is connected as one built at start: Settings switches the language.
    settings = w.page("settings")
    assert isinstance(settings, SettingsPage)
    settings.language_requested.emit("en")
    assert w.lang == "en"
    assert w.side_bar.buttons["relief"].text() == "Relief"
    relief = w.page("relief")
    assert isinstance(relief, ReliefPage) and relief.title() == "Relief"
    assert w.side_bar.buttons["stock"].text() == "Stock"
    settled(qtbot, w)


def test_the_window_starts_without_loading_what_only_printing_and_reports_need(
    supervisor: Actor, db_path: Path, tmp_path: Path
) -> None:
    """A new process opens the station and shows the window (as ``python main.py`` does
    after sign-in): reportlab, PDFium and Alembic are not loaded; opening the Reports page
    does not load them either, the first report does."""
    code = f"""
import sys
from main import open_station
from station_app.config import load_config
from station_app.context import Actor
from ui.app import build_window, make_application

rt = open_station(load_config({str(db_path)!r}))
app = make_application(["station-desk"], "zh_CN", theme="normal")
user = next(u for u in rt.services.users.list_users() if u.role == "supervisor")
w = build_window(rt.services, Actor(user.id, user.name, user.role), "zh_CN")
w.show()
app.processEvents()
w.open_page("reports")
app.processEvents()
print(sorted(m for m in ("alembic", "pypdfium2", "reportlab") if m in sys.modules))
w.allow_close()
w.close()
w.ops.wait()
rt.close()
"""
    env = {**os.environ, "STATION_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_wrap_buttons_break_long_names_instead_of_cutting_them(
    qtbot: QtBot, kiosk_look: None
) -> None:
    button = WrapButton("Construction worker")
    button.setProperty("role", "category")
    qtbot.addWidget(button)
    button.show()
    narrow = button.minimumSizeHint().width()
    one_line = button.sizeHint().width()
    assert narrow < one_line
    button.resize(narrow, button.sizeHint().height())
    assert button.text_fits()
    button.resize(narrow - 20, button.sizeHint().height())
    assert not button.text_fits()
