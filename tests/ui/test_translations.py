"""The Chinese translation is complete, compiled and current."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from ui.i18n import TRANSLATIONS_DIR, chosen_language

ROOT = Path(__file__).resolve().parents[2]
TS = TRANSLATIONS_DIR / "station_desk_zh_CN.ts"
QM = TRANSLATIONS_DIR / "station_desk_zh_CN.qm"


def _messages(ts: Path) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            assert tr is not None
            out[(name, msg.findtext("source") or "")] = (tr.text, tr.get("type"))
    return out


def test_every_string_has_a_finished_chinese_translation() -> None:
    messages = _messages(TS)
    assert len(messages) > 40
    unfinished = [k for k, (text, kind) in messages.items() if not text or kind]
    assert unfinished == []


def test_ts_covers_every_string_in_the_code(tmp_path: Path) -> None:
    """lupdate over ui/ and its pages finds nothing that the shipped .ts lacks."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    assert lupdate is not None
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "ui").glob("**/*.py"))
    assert any("pages" in s for s in sources)
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True)
    assert set(_messages(fresh)) == set(_messages(TS))


def test_compiled_qm_translates(qapp: QCoreApplication) -> None:
    t = QTranslator()
    assert t.load(str(QM))
    assert t.translate("MainWindow", "Check out") == "签退"
    assert t.translate("VisitTableModel", "Inside") == "在站"
    assert QM.stat().st_mtime >= 0 and QM.stat().st_size > 1000


def test_language_choice() -> None:
    assert chosen_language({}) == "zh_CN"
    assert chosen_language({"STATION_LANG": "en"}) == "en"
    assert chosen_language({"STATION_LANG": "en_US"}) == "en"
    assert chosen_language({"STATION_LANG": "zh-CN"}) == "zh_CN"
    assert chosen_language({"STATION_LANG": "fr"}) == "zh_CN"
