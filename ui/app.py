"""The window's start: Qt application, language, style, first start or sign-in, main window.

The pages of the side bar are listed in :data:`PAGES`, one line each, in the order the
side bar shows them after the check-in screen: ``("stock", StockPage)`` and so on. Each
is put in the side bar at start (its class says its title, icon and lock) and built from
the window's :class:`~ui.pages.base.PageContext` when it is first opened
(:meth:`ui.main_window.MainWindow.add_page_later`): the window is up without waiting
for pages nobody has asked for yet.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from station_app.config import load_config
from station_app.context import Actor
from station_app.errors import StationError
from station_app.ledger import BalanceMismatch, hold_notice
from station_app.services import Services
from ui.backup_panel import BackupNotice
from ui.backup_scheduler import BackupScheduler
from ui.i18n import chosen_language, install_translators
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.ops import Ops, setup_log
from ui.pages.base import Page, PageContext
from ui.pages.members_page import MembersPage
from ui.pages.records_page import CleaningReminder, RecordsPage
from ui.pages.relief_page import ReliefPage
from ui.pages.reports_page import ReportsPage
from ui.pages.settings_page import SettingsPage
from ui.pages.stock_page import StockPage
from ui.pages.visits_page import VisitsPage
from ui.printing import app_settings
from ui.setup_dialog import SetupDialog
from ui.shell import KioskSettings, apply_theme

log = logging.getLogger("station_desk.ui")
FIRST_BACKUP_AFTER_MS = 20_000

PAGES: list[tuple[str, type[Page]]] = [
    ("visits", VisitsPage),
    ("stock", StockPage),
    ("relief", ReliefPage),
    ("members", MembersPage),
    ("records", RecordsPage),
    ("reports", ReportsPage),
    ("settings", SettingsPage),
]
"""The side bar's pages after the check-in screen: (key, page class)."""

# Fonts with Chinese glyphs, in order of preference: Windows kiosks first, then the
# Debian/Ubuntu package the installer adds (fonts-wqy-microhei), then Noto.
CJK_FONTS = [
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "SimSun",
]


def make_application(qt_args: list[str], lang: str, theme: str | None = None) -> QApplication:
    """The one QApplication, translated and styled before any widget is built. The theme
    is this kiosk's ``kiosk/theme`` setting unless one is given."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(qt_args)
    app.setApplicationName("StationDesk")
    app.setOrganizationName("StationDesk")
    app.setApplicationDisplayName("驿站台账 Station Desk")
    install_translators(app, lang)
    font = QFont(app.font())
    font.setFamilies([*CJK_FONTS, app.font().family()])
    app.setFont(font)
    apply_theme(app, theme or KioskSettings.load(app_settings()).theme)
    return app


def check_balances_soon(services: Services, ops: Ops, lang: str) -> None:
    """The start-up check: stored stock balances that disagree with the ledger stop stock
    actions on their items until a supervisor repairs them.

    It is the first call on the window's worker, so nothing waits for it (it reads the
    whole ledger, which grows with the years) and every later call of the window (the
    sign-in, a stock action) runs after it: none goes before a hold it puts on an item.
    What it finds is said in a message box (:func:`warn_about_balances`), over the
    sign-in when that is still open."""
    if not services.stations.is_initialized():
        return

    def not_checked(problem: StationError) -> None:
        text = problem.en if lang == "en" else f"{problem.zh}\n\n{problem.en}"
        QMessageBox.warning(None, "Station Desk", text)

    ops.run(
        services.inventory.check_balances,
        lambda wrong: warn_about_balances(wrong, lang),
        not_checked,
    )


def warn_about_balances(wrong: list[BalanceMismatch], lang: str) -> None:
    """Say which items the start-up check put on hold (nothing when there are none)."""
    if wrong:
        zh, en = hold_notice(wrong)
        QMessageBox.warning(None, "Station Desk", en if lang == "en" else f"{zh}\n\n{en}")


def first_actor(services: Services, lang: str, ops: Ops | None = None) -> Actor | None:
    """Set the station up on an empty database, else ask who is on shift."""
    if not services.stations.is_initialized():
        setup = SetupDialog(services, lang)
        if setup.exec() != QDialog.DialogCode.Accepted:
            return None
        return setup.actor
    return sign_in(services, lang, ops)


def sign_in(services: Services, lang: str, ops: Ops | None = None) -> Actor | None:
    login = LoginDialog(services, lang, services.stations.profile().name, ops=ops)
    if login.exec() != QDialog.DialogCode.Accepted:
        return None
    return login.actor


def window_ops(data_dir: Path) -> Ops:
    """The window's worker, its unexpected errors logged in ``data_dir`` (or nowhere,
    when that folder cannot be written: the window still opens)."""
    try:
        log_path: Path | None = setup_log(data_dir)
    except OSError as exc:
        log.warning("no log file in %s: %s", data_dir, exc)
        log_path = None
    return Ops(log_path)


def build_window(
    services: Services,
    actor: Actor,
    lang: str,
    *,
    ops: Ops | None = None,
    kiosk: KioskSettings | None = None,
    pages: list[tuple[str, type[Page]]] | None = None,
    backups: BackupScheduler | None = None,
) -> MainWindow:
    """The main window with its side bar's pages (:data:`PAGES` unless given)."""
    window = MainWindow(services, actor, lang, ops=ops, kiosk=kiosk)
    if ops is not None:
        ops.setParent(window)
    for key, kind in PAGES if pages is None else pages:
        window.add_page_later(key, kind, page_maker(kind, window.page_context, backups))
    connect_pages(window, backups)
    return window


def page_maker(
    kind: type[Page], ctx: PageContext, backups: BackupScheduler | None
) -> Callable[[], Page]:
    """How the window builds a page of ``kind`` when it is first opened."""
    if issubclass(kind, SettingsPage):  # the Backups tab shares the window's backup timer
        return lambda: kind(ctx, backup_scheduler=backups)
    return lambda: kind(ctx)


def connect_pages(window: MainWindow, backups: BackupScheduler | None) -> None:
    """What the pages ask of the window, and the home page's lines about backups and
    cleaning. A page's own signals are connected when it is built."""
    reminder: CleaningReminder | None = None
    records = [k for k in window.page_keys() if issubclass(window.page_kind(k), RecordsPage)]
    if records:
        reminder = CleaningReminder(window.page_context, window)
        reminder.open_requested.connect(lambda: window.open_page(records[0]))
        window.add_home_notice(reminder)
        reminder.refresh()

    def built(_key: str, page: QWidget) -> None:
        if isinstance(page, SettingsPage):
            page.language_requested.connect(window.set_language)
            page.catalog_changed.connect(window.reload_catalog)
            page.profile_changed.connect(window.reload_catalog)
            page.kiosk_settings_saved.connect(
                lambda: window.apply_kiosk_settings(KioskSettings.load(app_settings()))
            )
        elif isinstance(page, RecordsPage) and reminder is not None:
            page.recorded.connect(lambda _id: reminder.refresh())

    window.page_built.connect(built)
    for key in window.page_keys():
        page = window.find_page(key)
        if page is not None:
            built(key, page)
    if backups is not None:
        notice = BackupNotice(window.page_context, window)
        notice.watch(backups)
        window.add_home_notice(notice)
        notice.refresh()


def settle_memory() -> None:
    """After start-up: what was built to start (modules, the catalog, the window) is kept
    out of the garbage collector's full passes, which otherwise walk all of it every so
    often and hold a scan's result back by tens of milliseconds."""
    gc.collect()
    gc.freeze()


def run_gui(services: Services, qt_args: list[str], data_dir: Path | None = None) -> int:
    """Open the window on an opened, migrated station; returns the exit code."""
    lang = chosen_language()
    app = make_application(qt_args, lang)
    kiosk = KioskSettings.load(app_settings())
    folder = data_dir if data_dir is not None else load_config().data_dir
    ops = window_ops(folder)
    check_balances_soon(services, ops, lang)
    actor = first_actor(services, lang, ops)
    if actor is None:
        ops.wait()
        return 0
    backups = BackupScheduler.for_services(
        services, lambda: window.lang, log_path=ops.log_path, parent=app
    )
    window = build_window(services, actor, lang, ops=ops, kiosk=kiosk, backups=backups)
    # A verified copy soon after start (not during it: the copy and its integrity check
    # would compete with the window's first second), then every few hours.
    backups.start(now=False)
    QTimer.singleShot(FIRST_BACKUP_AFTER_MS, backups.run_now)
    window.show_kiosk()
    settle_memory()
    code = app.exec()
    ops.wait()  # a call still running finishes (or fails) before the engine is closed
    return code
