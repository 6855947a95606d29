"""Which language the window speaks, and the Qt translators that make it so.

Source strings are English; Simplified Chinese (the default) comes from
``resources/translations/station_desk_zh_CN.qm``, compiled from the ``.ts``
beside it with ``pyside6-lrelease`` (``make translations``). Qt's own dialogs
(OK/Cancel buttons and the like) are translated by ``qtbase_zh_CN`` from the
Qt installation.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resources import RESOURCES_DIR

TRANSLATIONS_DIR: Path = RESOURCES_DIR / "translations"
LANGUAGES = ("zh_CN", "en")


def chosen_language(env: Mapping[str, str] | None = None) -> str:
    """``STATION_LANG`` (``zh_CN`` or ``en``); Chinese when unset or unknown."""
    env = os.environ if env is None else env
    raw = (env.get("STATION_LANG") or "").strip().replace("-", "_")
    if raw.lower().startswith("en"):
        return "en"
    return "zh_CN"


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Load the app's and Qt's translations for ``lang`` (parented to ``app``)."""
    if lang == "en":
        QLocale.setDefault(QLocale("en_US"))
        return []
    QLocale.setDefault(QLocale("zh_CN"))
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if not ours.load(str(TRANSLATIONS_DIR / "station_desk_zh_CN.qm")):
        raise FileNotFoundError(TRANSLATIONS_DIR / "station_desk_zh_CN.qm")
    app.installTranslator(ours)
    installed.append(ours)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load("qtbase_zh_CN", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
