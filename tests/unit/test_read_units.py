"""Looking never waits for writing: read-only units of work on SQLite in WAL mode."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import engine as engine_module
from db.engine import create_station_engine
from db.models import Visit
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import Actor
from station_app.services import build_services
from station_app.stations import StationInfo
from tests.conftest import TZ, fast_hasher


def test_reads_go_on_while_another_program_writes(
    db_path: Path,
    station: StationInfo,
    attendant: Actor,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)
    engine = create_station_engine(sqlite_url(db_path))
    kiosk = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
    kiosk.visits.check_in(attendant, "快递员", ["饮水"])
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # e.g. a long import in its one transaction
        other.execute("DELETE FROM visit_service")  # not yet committed
        today = kiosk.ctx.today()
        # Every screen's reads still answer, from the last committed state.
        [v] = kiosk.visits.visits_on(today)
        assert v.services == ("饮水",)
        assert len(kiosk.visits.inside_now()) == 1
        assert kiosk.stations.profile().name == station.name
        assert kiosk.inventory.levels()
        assert [u.name for u in kiosk.users.list_users()]
        # A write still queues behind the writer (and is refused when it waits too long).
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            kiosk.visits.check_in(attendant, "快递员")
        other.execute("ROLLBACK")
    finally:
        other.close()
        engine.dispose()


def test_a_read_unit_cannot_commit_and_keeps_nothing(
    db_path: Path, station: StationInfo, clock: FixedClock
) -> None:
    engine = create_station_engine(sqlite_url(db_path))
    services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
    try:
        with services.ctx.read() as unit:
            unit.session.connection().exec_driver_sql(
                "UPDATE station SET name = 'changed by a read'"
            )
            with pytest.raises(RuntimeError, match="read-only"):
                unit.commit()
        assert services.stations.profile().name == station.name
        with services.ctx.read() as unit:
            assert unit.session.scalar(select(func.count(Visit.id))) == 0
    finally:
        engine.dispose()
