"""Looking never waits for writing: read-only units of work on SQLite in WAL mode."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from db.models import Visit
from station_app.context import Actor
from station_app.services import Services
from station_app.stations import StationInfo


def test_reads_go_on_while_another_program_writes(
    impatient: Services,
    other_program: sqlite3.Connection,
    station: StationInfo,
    attendant: Actor,
) -> None:
    kiosk = impatient
    kiosk.visits.check_in(attendant, "快递员", ["饮水"])
    other_program.execute("BEGIN IMMEDIATE")  # e.g. a long import in its one transaction
    other_program.execute("DELETE FROM visit_service")  # not yet committed
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
    other_program.execute("ROLLBACK")


def test_a_read_unit_cannot_commit_and_keeps_nothing(
    services: Services, station: StationInfo
) -> None:
    with services.ctx.read() as unit:
        unit.session.connection().exec_driver_sql("UPDATE station SET name = 'changed by a read'")
        with pytest.raises(RuntimeError, match="read-only"):
            unit.commit()
    assert services.stations.profile().name == station.name
    with services.ctx.read() as unit:
        assert unit.session.scalar(select(func.count(Visit.id))) == 0
