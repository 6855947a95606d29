"""Shared fixtures. Qt must see the offscreen platform before it is imported."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import Engine

from db import engine as engine_module
from db.engine import create_station_engine
from db.migrate import upgrade
from station_app.auth import PinHasher
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import Actor
from station_app.services import Services, build_services
from station_app.stations import StationInfo

TZ = ZoneInfo("Asia/Shanghai")
SUPERVISOR_NAME = "王站长"
SUPERVISOR_PIN = "2580"
ATTENDANT_NAME = "李师傅"
ATTENDANT_PIN = "1357"


def fast_hasher() -> PinHasher:
    """Argon2 with small costs: the same code path, fast enough for hundreds of tests."""
    return PinHasher(b"test-pepper", time_cost=1, memory_cost=1024)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = create_station_engine(sqlite_url(path))
    upgrade(engine)
    engine.dispose()  # the last connection to close folds the WAL into the file
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Path:
    path = tmp_path / "station.db"
    shutil.copy(migrated_template, path)
    return path


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    eng = create_station_engine(sqlite_url(db_path))
    yield eng
    eng.dispose()


@pytest.fixture
def impatient(
    db_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Services]:
    """Services on ``db_path`` that give up on a locked database after 150 ms, not 10 s."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 150)
    eng = create_station_engine(sqlite_url(db_path))
    yield build_services(eng, fast_hasher(), clock=clock, tz=TZ)
    eng.dispose()


@pytest.fixture
def other_program(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A second, plain sqlite3 connection to ``db_path`` (a backup tool, another kiosk)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    yield conn
    conn.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 7, 1, 9, 0, tzinfo=TZ))


@pytest.fixture
def services(engine: Engine, clock: FixedClock) -> Services:
    return build_services(engine, fast_hasher(), clock=clock, tz=TZ)


@pytest.fixture
def station(services: Services, clock: FixedClock) -> StationInfo:
    """An initialised station, opened 30 days before the clock's start."""
    from datetime import timedelta

    return services.stations.initialize(
        name="解放路爱心驿家",
        kind="both",
        supervisor_name=SUPERVISOR_NAME,
        supervisor_pin=SUPERVISOR_PIN,
        address="解放路 88 号",
        hotline="12351",
        hours="07:00-21:00",
        seats=12,
        code="JFL01",
        created_at=clock() - timedelta(days=30),
    )


@pytest.fixture
def supervisor(services: Services, station: StationInfo) -> Actor:
    return services.users.login(SUPERVISOR_NAME, SUPERVISOR_PIN)


@pytest.fixture
def attendant(services: Services, supervisor: Actor) -> Actor:
    services.users.create_user(supervisor, ATTENDANT_NAME, "attendant", ATTENDANT_PIN)
    return services.users.login(ATTENDANT_NAME, ATTENDANT_PIN)
