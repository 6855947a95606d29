"""How the window tells a person that something was refused, in their language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from station_app.errors import StationError


def error_text(exc: StationError, lang: str) -> str:
    """The service's own message (it names the field or row) in the window's language."""
    return exc.message(lang)


def show_error(parent: QWidget | None, exc: StationError, lang: str) -> None:
    """A modal box with the refusal; nothing was written, so there is nothing to undo."""
    title = QCoreApplication.translate("feedback", "Not done")
    QMessageBox.warning(parent, title, error_text(exc, lang))


def display_name(zh: str, en: str, lang: str) -> str:
    """A catalog name (category, service) in the window's language; Chinese if no English."""
    return en if lang == "en" and en else zh
