"""The window cannot open: the reason is shown in a message box, and nothing is changed."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

import main
from db.engine import create_station_engine
from db.migrate import upgrade
from station_app.config import load_config, sqlite_url
from station_app.context import Actor
from station_app.errors import StationError
from station_app.services import Services
from ui.app import check_balances_soon
from ui.ops import Ops


def test_a_database_from_a_newer_version_is_explained_in_a_message_box(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zh: str
) -> None:
    path = tmp_path / "station.db"
    engine = create_station_engine(sqlite_url(path))
    upgrade(engine)
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    shown: list[tuple[str, str]] = []

    def critical(parent: QWidget | None, title: str, text: str) -> None:
        shown.append((title, text))  # a modal box would wait for a click

    monkeypatch.setattr(QMessageBox, "critical", critical)
    config = load_config(str(path), env={"STATION_DATA_DIR": str(tmp_path / "data")})
    assert main.start_gui(config, ["station-desk"]) == 1

    [(title, text)] = shown
    assert title == "Station Desk"
    assert "更新版本" in text and "9999" in text and "newer version" in text
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # refused untouched


def test_a_stored_balance_that_disagrees_with_the_ledger_is_shown_before_sign_in(
    qtbot: QtBot,
    services: Services,
    supervisor: Actor,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[tuple[str, str]] = []

    def warning(parent: QWidget | None, title: str, text: str) -> None:
        shown.append((title, text))

    monkeypatch.setattr(QMessageBox, "warning", warning)
    services.inventory.receive(supervisor, "毛巾", 10, lot_code="T1")
    ops = Ops()
    check_balances_soon(services, ops, "zh_CN")
    qtbot.waitUntil(lambda: not ops.busy)
    assert shown == []

    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE lot_stock SET qty = 4")
    conn.commit()
    conn.close()
    # The check runs on the window's worker, the window does not wait for it; an issue
    # asked for at once goes after it and is refused by the hold it puts on the item.
    issued: list[object] = []
    refused: list[StationError] = []
    check_balances_soon(services, ops, "zh_CN")
    ops.run(lambda: services.inventory.issue(supervisor, "毛巾", 1), issued.append, refused.append)
    qtbot.waitUntil(lambda: not ops.busy)
    [(title, text)] = shown
    assert title == "Station Desk"
    assert "毛巾（批次 T1）库存记录为 4，台账合计为 10" in text
    assert "repair-balances" in text
    assert issued == [] and len(refused) == 1 and "T1" in str(refused[0])
    with pytest.raises(StationError, match="T1"):
        services.inventory.issue(supervisor, "毛巾", 1)
