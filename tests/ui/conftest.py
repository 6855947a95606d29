"""UI fixtures: the app speaks Chinese (the default) unless a test asks for English."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, QTranslator
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui.i18n import install_translators


@pytest.fixture(autouse=True)
def kiosk_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test's own settings folder: the window's print settings (QSettings, INI)
    never come from, or go to, the settings of the person running the tests."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[str]:
    """The Chinese translators installed for one test, removed after it."""
    translators: list[QTranslator] = install_translators(qapp, "zh_CN")
    yield "zh_CN"
    for t in translators:
        qapp.removeTranslator(t)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as a person would: keys for ASCII, an input-method commit for Chinese.

    (QTest's key clicks are ASCII only; a Chinese IME hands the widget whole
    committed strings, which is what ``QInputMethodEvent`` carries.)
    """
    for chunk in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)
