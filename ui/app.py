"""The window's start: Qt application, language, style, first start or sign-in, main window."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from resources import RESOURCES_DIR
from station_app.context import Actor
from station_app.ledger import hold_notice
from station_app.services import Services
from ui.i18n import chosen_language, install_translators
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.setup_dialog import SetupDialog

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


def make_application(qt_args: list[str], lang: str) -> QApplication:
    """The one QApplication, translated and styled before any widget is built."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(qt_args)
    app.setApplicationName("StationDesk")
    app.setOrganizationName("StationDesk")
    app.setApplicationDisplayName("驿站台账 Station Desk")
    install_translators(app, lang)
    font = QFont(app.font())
    font.setFamilies([*CJK_FONTS, app.font().family()])
    app.setFont(font)
    app.setStyleSheet((RESOURCES_DIR / "kiosk.qss").read_text(encoding="utf-8"))
    return app


def warn_about_balances(services: Services, lang: str) -> bool:
    """The start-up check: stored stock balances that disagree with the ledger stop stock
    actions on their items until a supervisor repairs them; say which, before sign-in.
    True when something was found."""
    if not services.stations.is_initialized():
        return False
    wrong = services.inventory.check_balances()
    if wrong:
        zh, en = hold_notice(wrong)
        QMessageBox.warning(None, "Station Desk", en if lang == "en" else f"{zh}\n\n{en}")
    return bool(wrong)


def first_actor(services: Services, lang: str) -> Actor | None:
    """Set the station up on an empty database, else ask who is on shift."""
    if not services.stations.is_initialized():
        setup = SetupDialog(services, lang)
        if setup.exec() != QDialog.DialogCode.Accepted:
            return None
        return setup.actor
    return sign_in(services, lang)


def sign_in(services: Services, lang: str) -> Actor | None:
    login = LoginDialog(services, lang, services.stations.profile().name)
    if login.exec() != QDialog.DialogCode.Accepted:
        return None
    return login.actor


def run_gui(services: Services, qt_args: list[str]) -> int:
    """Open the window on an opened, migrated station; returns the exit code."""
    lang = chosen_language()
    app = make_application(qt_args, lang)
    warn_about_balances(services, lang)
    actor = first_actor(services, lang)
    if actor is None:
        return 0
    window = MainWindow(services, actor, lang)

    def change_shift() -> None:
        window.hide()
        nxt = sign_in(services, lang)
        if nxt is None:
            app.quit()
            return
        window.set_actor(nxt)
        window.showMaximized()

    window.sign_out_requested.connect(change_shift)
    window.showMaximized()
    return app.exec()
