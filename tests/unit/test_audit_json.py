"""The audit log's JSON ``detail`` is stored as readable UTF-8 text, not ``\\uXXXX`` escapes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from db import engine as engine_module
from station_app.context import Actor
from station_app.services import Services
from station_app.stations import StationInfo
from tests.conftest import ATTENDANT_NAME


def raw_details(db_path: Path, action: str) -> list[str]:
    """The ``detail`` column's text as the file holds it, read without SQLAlchemy."""
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT detail FROM audit_event WHERE action = ? ORDER BY id", (action,)
        ).fetchall()
    finally:
        conn.close()
    return [row[0] for row in rows]


def test_station_init_detail_keeps_chinese(db_path: Path, station: StationInfo) -> None:
    [raw] = raw_details(db_path, "station.init")
    assert "解放路爱心驿家" in raw
    assert "\\u" not in raw
    assert json.loads(raw) == {"name": "解放路爱心驿家", "kind": "both"}


def test_user_create_detail_keeps_chinese(
    db_path: Path, services: Services, attendant: Actor
) -> None:
    [raw] = raw_details(db_path, "user.create")
    assert ATTENDANT_NAME in raw
    assert "\\u" not in raw
    assert json.loads(raw) == {"name": ATTENDANT_NAME, "role": "attendant"}
    # and it reads back through the service as the same dict
    [entry] = services.audit.recent(action="user.create")
    assert entry.detail == {"name": ATTENDANT_NAME, "role": "attendant"}


def test_check_in_detail_keeps_chinese(db_path: Path, services: Services, attendant: Actor) -> None:
    """The check-in writes its audit row with a prepared insert: the same serializer."""
    services.visits.check_in(attendant, "外卖骑手", services=["充电", "饮水"])
    [raw] = raw_details(db_path, "visit.check_in")
    assert "外卖骑手" in raw
    assert "充电" in raw
    assert "\\u" not in raw
    detail = json.loads(raw)
    assert detail["category"] == "外卖骑手"
    assert sorted(detail["services"]) == sorted(["充电", "饮水"])


def test_server_engine_gets_the_same_serializer(monkeypatch: pytest.MonkeyPatch) -> None:
    """No server driver is installed here: record what a server engine would be built with."""
    seen: dict[str, Any] = {}

    def fake_create_engine(url: str, **kwargs: Any) -> object:
        seen.update(kwargs, url=url)
        return object()

    monkeypatch.setattr(engine_module, "create_engine", fake_create_engine)
    engine_module.create_station_engine("postgresql+psycopg://kiosk@db.example/station")
    assert seen["url"] == "postgresql+psycopg://kiosk@db.example/station"
    assert seen["json_serializer"]({"name": "王站长"}) == '{"name": "王站长"}'
