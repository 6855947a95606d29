"""The schema comes only from the migrations: empty → head, older → head with a backup first."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

import pytest
from alembic import command, op
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from db import migrate as migrate_module
from db.backup import file_tables, integrity_problems
from db.engine import create_station_engine
from db.errors import ForeignDatabaseError, SchemaTooNewError
from db.migrate import alembic_config, current_revision, head_revision, upgrade
from db.models import AuditEvent, Base, Station, StockMove
from station_app.backup import FileCheck, file_revision, prepare_database
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import Actor
from station_app.errors import DatabaseProblem
from station_app.services import Services, build_services
from tests.conftest import SUPERVISOR_NAME, SUPERVISOR_PIN, TZ, fast_hasher

FIRST = "0001"
APPEND_ONLY_TRIGGERS = [
    "audit_event_no_delete",
    "audit_event_no_update",
    "cleaning_record_no_delete",
    "cleaning_record_no_update",
    "stock_move_no_delete",
    "stock_move_no_update",
]


def migrate_to(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Run the migrations up to ``revision`` only (an older program's database), or with
    ``down`` undo those after it (each downgrade keeps the rows)."""
    cfg = alembic_config()
    with engine.connect() as conn:
        # As db.migrate does: a batch migration rebuilds tables others refer to, which
        # the foreign keys refuse; the pragma is ignored inside a transaction.
        conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)
        conn.commit()
        conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def make_old_station(path: Path, clock: FixedClock) -> tuple[Engine, Services]:
    """A database at the first revision holding a station, a receipt and two check-ins
    (three visit_service rows).

    Today's models cannot write into an older schema, so the rows are made at head
    and the schema is taken back down to the first revision with the migrations'
    own downgrades. The services returned are for reading tables no revision changed.
    """
    engine = create_station_engine(sqlite_url(path))
    upgrade(engine)
    services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
    services.stations.initialize(
        name="老版本驿站",
        kind="rest",
        supervisor_name=SUPERVISOR_NAME,
        supervisor_pin=SUPERVISOR_PIN,
        code="OLD01",
    )
    sup = services.users.login(SUPERVISOR_NAME, SUPERVISOR_PIN)
    services.inventory.receive(sup, "毛巾", 12)
    services.visits.check_in(sup, "快递员", ["休息"])
    services.visits.check_in(sup, "环卫工人", ["饮水", "充电"])
    migrate_to(engine, FIRST, down=True)
    return engine, services


def triggers(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        return [r[0] for r in rows]
    finally:
        conn.close()


def test_empty_to_head_gives_exactly_the_models_schema(tmp_path: Path) -> None:
    engine = create_station_engine(sqlite_url(tmp_path / "new.db"))
    try:
        result = upgrade(engine)
        assert (result.from_revision, result.to_revision) == (None, head_revision())
        assert result.backup is None  # nothing to keep on a new database
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, Base.metadata) == []
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    assert triggers(tmp_path / "new.db") == APPEND_ONLY_TRIGGERS
    assert not (tmp_path / "backups").exists()


@pytest.mark.usefixtures("station")
def test_ledger_and_audit_log_refuse_update_and_delete(
    services: Services, supervisor: Actor
) -> None:
    services.inventory.receive(supervisor, "毛巾", 5)
    with services.ctx.uow() as uow:
        uow.session.connection().exec_driver_sql(
            "INSERT INTO cleaning_record (station_id, area, done, at, actor_name, note) "
            "VALUES (1, '哺乳室', '紫外线消毒', '2026-07-01 01:00:00.000000', '王站长', '')"
        )
        uow.commit()
    statements = [
        "UPDATE stock_move SET qty = 500",
        "DELETE FROM stock_move",
        "UPDATE audit_event SET actor_name = 'nobody'",
        "DELETE FROM audit_event",
        "UPDATE cleaning_record SET area = 'x'",
        "DELETE FROM cleaning_record",
    ]
    for sql in statements:
        with services.ctx.uow() as uow, pytest.raises(IntegrityError, match="append-only"):
            uow.session.connection().exec_driver_sql(sql)
    with services.ctx.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.sum(StockMove.qty))) == 5
        assert s.scalar(select(func.count(AuditEvent.id))) > 0
        names = set(s.scalars(select(AuditEvent.actor_name)))
    assert "nobody" not in names


def test_upgrading_an_older_database_keeps_a_verified_copy_first(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "station.db"
    engine, old = make_old_station(path, clock)
    with old.ctx.uow() as uow:
        audit_before = uow.session.scalar(select(func.count(AuditEvent.id)))
    assert triggers(path) == []  # the first revision had none

    result = upgrade(engine, backup_dir=tmp_path / "bk")
    engine.dispose()

    assert (result.from_revision, result.to_revision) == (FIRST, head_revision())
    assert result.changed
    backup = result.backup
    assert backup is not None and backup.parent == tmp_path / "bk"
    assert f"before-{head_revision()}" in backup.name
    # named like every other copy: local time, as the backup command names them
    assert re.fullmatch(rf"station-before-{head_revision()}-\d{{8}}-\d{{6}}\.db", backup.name)
    # The copy is the database as it was: old revision, same rows, healthy.
    assert file_revision(backup) == FIRST
    assert integrity_problems(backup) == []
    assert triggers(backup) == []
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT count(*) FROM audit_event").fetchone() == (audit_before,)
        assert conn.execute("SELECT name FROM station").fetchall() == [("老版本驿站",)]
    finally:
        conn.close()
    # The live database is at head with the same data and the new rules.
    assert file_revision(path) == head_revision()
    assert triggers(path) == APPEND_ONLY_TRIGGERS
    engine = create_station_engine(sqlite_url(path))
    try:
        services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
        assert services.stations.profile().name == "老版本驿站"
        assert [lv.usable for lv in services.inventory.levels() if lv.item == "毛巾"] == [12]
        # 0004: the PIN key fingerprint is learnt at the first good sign-in.
        with services.ctx.uow() as uow:
            assert uow.session.scalar(select(Station.pin_key_check)) is None
        services.users.login(SUPERVISOR_NAME, SUPERVISOR_PIN)
        with services.ctx.uow() as uow:
            stored = uow.session.scalar(select(Station.pin_key_check))
        assert stored == services.users.hasher.key_check()
    finally:
        engine.dispose()


def test_a_second_start_at_head_takes_no_backup(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "station.db"
    engine, _ = make_old_station(path, clock)
    try:
        first = prepare_database(engine, tmp_path / "bk")
        second = prepare_database(engine, tmp_path / "bk")
    finally:
        engine.dispose()
    assert first.backup is not None
    assert (second.from_revision, second.backup, second.changed) == (head_revision(), None, False)
    assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == [first.backup.name]


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO note (body) VALUES ('buy milk')")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    engine = create_station_engine(sqlite_url(path))
    try:
        with pytest.raises(DatabaseProblem) as exc:
            prepare_database(engine, tmp_path / "bk")
        assert "不是 Station Desk 的数据库" in exc.value.zh
        assert "note" in exc.value.en and exc.value.field == "db"
        assert path.read_bytes() == before  # not even switched to WAL
        # upgrade itself is where it is refused (the same for a server database).
        with pytest.raises(ForeignDatabaseError) as raw:
            upgrade(engine)
        assert raw.value.tables == ["note"]
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)
    try:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        conn.close()
    assert tables == [("note",)]
    assert not (tmp_path / "bk").exists()


def test_a_database_from_a_newer_version_is_refused_byte_for_byte_untouched(
    tmp_path: Path, migrated_template: Path
) -> None:
    """Not even switched to WAL: that would rewrite the header and leave -wal/-shm behind."""
    path = tmp_path / "station.db"
    shutil.copy(migrated_template, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    engine = create_station_engine(sqlite_url(path))
    try:
        with pytest.raises(SchemaTooNewError):
            upgrade(engine)
        with pytest.raises(DatabaseProblem, match="请升级程序"):
            prepare_database(engine, tmp_path / "bk")
    finally:
        engine.dispose()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["station.db"]


def test_a_new_database_is_set_up_in_wal_mode_once(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    engine = create_station_engine(sqlite_url(path))
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    assert path.read_bytes()[18:20] == b"\x02\x02"  # WAL, written into the file header
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()


def snapshot_of_a_live_database(tmp_path: Path, name: str, journal_mode: str) -> Path:
    """Another program's database as its files were while it was writing (as after a crash)."""
    live = tmp_path / "live" / name
    live.parent.mkdir()
    w = sqlite3.connect(live, isolation_level=None)
    w.execute(f"PRAGMA journal_mode = {journal_mode}")
    w.execute("CREATE TABLE note (body TEXT)")
    w.execute("INSERT INTO note VALUES ('buy milk')")
    if journal_mode == "DELETE":  # stop half-way through a big write: a hot journal
        w.execute("PRAGMA cache_size = 1")
        w.execute("BEGIN")
        w.execute("INSERT INTO note SELECT hex(randomblob(500)) FROM note, note, note, note")
        w.execute("INSERT INTO note SELECT hex(randomblob(500)) FROM note, note, note")
    path = tmp_path / name
    for suffix in ("", "-wal", "-journal"):
        if live.with_name(name + suffix).exists():
            shutil.copy(live.with_name(name + suffix), path.with_name(name + suffix))
    w.close()
    return path


def test_another_programs_wal_database_is_not_checkpointed_by_the_checks(
    tmp_path: Path,
) -> None:
    path = snapshot_of_a_live_database(tmp_path, "other.db", "WAL")
    wal = path.with_name("other.db-wal")
    before, wal_before = path.read_bytes(), wal.read_bytes()
    assert len(wal_before) > 0  # the rows are still in the -wal only
    engine = create_station_engine(sqlite_url(path))
    try:
        with pytest.raises(DatabaseProblem) as exc:
            prepare_database(engine, tmp_path / "bk")
    finally:
        engine.dispose()
    assert "nothing was changed" in exc.value.en
    assert path.read_bytes() == before
    assert wal.read_bytes() == wal_before


def test_a_file_left_half_written_is_reported_as_needing_recovery(tmp_path: Path) -> None:
    path = snapshot_of_a_live_database(tmp_path, "other.db", "DELETE")
    journal = path.with_name("other.db-journal")
    before, journal_before = path.read_bytes(), journal.read_bytes()
    engine = create_station_engine(sqlite_url(path))
    try:
        with pytest.raises(DatabaseProblem) as exc:
            prepare_database(engine, tmp_path / "bk")
    finally:
        engine.dispose()
    assert "needs recovery" in exc.value.en and "damaged" not in exc.value.en
    assert "需要恢复" in exc.value.zh
    assert path.read_bytes() == before
    assert journal.read_bytes() == journal_before


def test_the_file_check_started_early_gives_its_verdict_when_awaited(
    tmp_path: Path, migrated_template: Path
) -> None:
    """The window starts the check first and loads its modules meanwhile; ``wait`` says
    what ``prepare_database`` would have said, and a server database has no file to check."""
    healthy = tmp_path / "healthy.db"
    shutil.copy(migrated_template, healthy)
    FileCheck.start(sqlite_url(healthy)).wait()

    damaged = tmp_path / "damaged.db"
    data = bytearray(migrated_template.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[2 * page_size : 2 * page_size + 64] = b"\xff" * 64  # the third page's header
    damaged.write_bytes(bytes(data))
    check = FileCheck.start(sqlite_url(damaged))
    with pytest.raises(DatabaseProblem) as exc:
        check.wait()
    assert "damaged" in exc.value.en and exc.value.field == "db"
    assert damaged.read_bytes() == bytes(data)

    half = snapshot_of_a_live_database(tmp_path, "other.db", "DELETE")
    with pytest.raises(DatabaseProblem) as exc:
        FileCheck.start(sqlite_url(half)).wait()
    assert "needs recovery" in exc.value.en

    FileCheck.start("postgresql+psycopg://station@localhost/station").wait()


def test_an_interrupted_first_start_is_set_up_again(tmp_path: Path) -> None:
    """An empty alembic_version table alone is what a first start killed early leaves."""
    path = tmp_path / "station.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.commit()
    conn.close()
    engine = create_station_engine(sqlite_url(path))
    try:
        result = prepare_database(engine, tmp_path / "bk")
    finally:
        engine.dispose()
    assert (result.from_revision, result.to_revision) == (None, head_revision())
    assert file_revision(path) == head_revision()


def fail_in_0002(monkeypatch: pytest.MonkeyPatch, *, after: int, dangling: bool) -> None:
    """Make migration 0002 fail, or leave a dangling row, after its first ``after`` statements."""
    real = op.execute
    calls: list[object] = []

    def execute(sql: object, *args: object, **kwargs: object) -> None:
        calls.append(sql)
        if len(calls) == after + 1:
            if not dangling:
                raise RuntimeError("power cut half-way through 0002")
            real("INSERT INTO visit_service (visit_id, service_type_id) VALUES (999999, 999999)")
        real(sql, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(op, "execute", execute)


def test_an_upgrade_failing_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0001 and half of 0002 have run when it fails: all revisions are one transaction."""
    path = tmp_path / "new.db"
    fail_in_0002(monkeypatch, after=1, dangling=False)
    engine = create_station_engine(sqlite_url(path))
    try:
        with pytest.raises(RuntimeError, match="power cut"):
            upgrade(engine)
        assert current_revision(engine) is None
    finally:
        engine.dispose()
    assert file_tables(path) == []
    assert triggers(path) == []


def test_alembic_run_directly_is_one_transaction_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """env.py's transactional_ddl: the same without db.migrate's outer transaction."""
    path = tmp_path / "new.db"
    fail_in_0002(monkeypatch, after=1, dangling=False)
    engine = create_station_engine(sqlite_url(path))
    try:
        with pytest.raises(RuntimeError, match="power cut"):
            migrate_to(engine, "head")
    finally:
        engine.dispose()
    assert file_tables(path) == []


def test_a_foreign_key_check_failing_after_the_migrations_undoes_them(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "station.db"
    engine, _ = make_old_station(path, clock)
    fail_in_0002(monkeypatch, after=0, dangling=True)
    try:
        with pytest.raises(DatabaseProblem) as exc:
            prepare_database(engine, tmp_path / "bk")
    finally:
        engine.dispose()
    (backup,) = (tmp_path / "bk").iterdir()
    assert str(backup) in exc.value.en and str(backup) in exc.value.zh
    assert "undone" in exc.value.en and "damaged" not in exc.value.en
    assert "visit_service" in exc.value.en
    # Nothing of the upgrade was kept: old revision, no triggers, no dangling row.
    assert file_revision(path) == FIRST
    assert triggers(path) == []
    assert integrity_problems(path) == []
    assert file_revision(backup) == FIRST


def test_two_upgrades_in_one_second_keep_both_copies(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FrozenNow(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> FrozenNow:
            return cls(2026, 7, 1, 1, 0, 0, tzinfo=tz)

    monkeypatch.setattr(migrate_module, "datetime", FrozenNow)
    copies = []
    for name in ("a", "b"):
        path = tmp_path / name / "station.db"
        engine, _ = make_old_station(path, clock)
        try:
            result = upgrade(engine, backup_dir=tmp_path / "bk")
        finally:
            engine.dispose()
        assert result.backup is not None
        copies.append(result.backup)
    assert copies[0] != copies[1]
    assert copies[1].name.endswith("-2.db")
    assert all(file_revision(p) == FIRST and integrity_problems(p) == [] for p in copies)


def table_sql(path: Path, name: str) -> str:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else ""
    finally:
        conn.close()


def visit_service_btrees(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        sql = "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'visit_service'"
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def visit_service_rows(path: Path) -> list[tuple[int, int]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT visit_id, service_type_id FROM visit_service").fetchall()
    finally:
        conn.close()


def test_visit_services_are_kept_by_their_key_alone_from_0003(
    tmp_path: Path, clock: FixedClock
) -> None:
    """0003 rebuilds visit_service WITHOUT ROWID with the same rows, keys and foreign keys;
    its downgrade gives the old table back with the rows too."""
    path = tmp_path / "station.db"
    engine, _ = make_old_station(path, clock)
    before = sorted(visit_service_rows(path))
    assert len(before) == 3
    assert "WITHOUT ROWID" not in table_sql(path, "visit_service")
    assert visit_service_btrees(path) == 2  # the rows and the key's index
    try:
        upgrade(engine, backup_dir=tmp_path / "bk")
        assert table_sql(path, "visit_service").rstrip().endswith("WITHOUT ROWID")
        assert visit_service_btrees(path) == 1
        assert sorted(visit_service_rows(path)) == before
        conn = sqlite3.connect(path)
        try:
            fks = {
                (r[2], r[3], r[6]) for r in conn.execute("PRAGMA foreign_key_list(visit_service)")
            }
            assert fks == {
                ("visit", "visit_id", "CASCADE"),
                ("service_type", "service_type_id", "NO ACTION"),
            }
            with pytest.raises(sqlite3.IntegrityError):  # the key still refuses a pair twice
                conn.execute("INSERT INTO visit_service VALUES (?, ?)", before[0])
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            assert "visit_service_new" not in names
        finally:
            conn.close()
        # The check-in path writes into the rebuilt table.
        services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
        sup = services.users.login(SUPERVISOR_NAME, SUPERVISOR_PIN)
        services.visits.check_in(sup, "快递员", ["热饭"])
        assert len(visit_service_rows(path)) == 4

        migrate_to(engine, "0002", down=True)
        assert "WITHOUT ROWID" not in table_sql(path, "visit_service")
        assert len(visit_service_rows(path)) == 4
    finally:
        engine.dispose()
    assert integrity_problems(path) == []


def test_the_models_make_visit_service_without_rowid_too(tmp_path: Path) -> None:
    """A database made from the models (tests, tools) has the same table as one migrated."""
    engine = create_station_engine(sqlite_url(tmp_path / "models.db"))
    try:
        Base.metadata.create_all(engine)
    finally:
        engine.dispose()
    assert table_sql(tmp_path / "models.db", "visit_service").rstrip().endswith("WITHOUT ROWID")


def test_0005_fills_the_stored_balances_from_the_moves_already_there(
    tmp_path: Path, clock: FixedClock
) -> None:
    """A database at 0004 with receipts, issues (one lot used up), a stocktake and a
    write-off: the upgrade stores each lot's sum of moves, keeps no row for a used-up
    lot, and the stock actions go on from there; the downgrade drops the table again."""
    path = tmp_path / "station.db"
    engine = create_station_engine(sqlite_url(path))
    try:
        upgrade(engine)
        services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
        services.stations.initialize(
            name="老版本驿站",
            kind="rest",
            supervisor_name=SUPERVISOR_NAME,
            supervisor_pin=SUPERVISOR_PIN,
            code="OLD05",
        )
        sup = services.users.login(SUPERVISOR_NAME, SUPERVISOR_PIN)
        inv = services.inventory
        inv.receive(sup, "毛巾", 12, lot_code="T1")
        inv.receive(sup, "毛巾", 5, lot_code="T2")
        inv.receive(
            sup, "矿泉水", 24, lot_code="W1", expires_on=clock().date() + timedelta(days=90)
        )
        inv.issue(sup, "毛巾", 12)  # T1 used up
        inv.issue(sup, "矿泉水", 4)
        water = next(c for c in inv.count_sheet() if c.item == "矿泉水")
        assert water.lot_id is not None
        inv.apply_stocktake(sup, [(water.lot_id, 18)], note="月末盘点")
        inv.write_off(sup, "毛巾", 1, "loss", note="破损")
        migrate_to(engine, "0004", down=True)
        assert "lot_stock" not in file_tables(path)
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("SELECT COUNT(*) FROM stock_move").fetchone() == (7,)
        finally:
            conn.close()

        upgrade(engine, backup_dir=tmp_path / "bk")
        conn = sqlite3.connect(path)
        try:
            kept = conn.execute(
                "SELECT l.lot_code, s.qty FROM lot_stock s JOIN lot l ON l.id = s.lot_id "
                "ORDER BY l.lot_code"
            ).fetchall()
            sums = conn.execute(
                "SELECT l.lot_code, SUM(m.qty) FROM stock_move m JOIN lot l ON l.id = m.lot_id "
                "GROUP BY l.lot_code HAVING SUM(m.qty) <> 0 ORDER BY l.lot_code"
            ).fetchall()
        finally:
            conn.close()
        assert kept == sums == [("T2", 4), ("W1", 18)]

        services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
        assert services.inventory.check_balances() == []
        levels = {lv.item: lv.balance for lv in services.inventory.levels()}
        assert (levels["毛巾"], levels["矿泉水"]) == (4, 18)
        services.inventory.issue(sup, "毛巾", 4)  # T2 used up too: its row goes
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("SELECT COUNT(*) FROM lot_stock").fetchone() == (1,)
        finally:
            conn.close()

        migrate_to(engine, "0004", down=True)
        assert {"lot_stock", "balance_hold"}.isdisjoint(file_tables(path))
    finally:
        engine.dispose()
    assert integrity_problems(path) == []


def test_the_head_revision_constant_is_alembics_head() -> None:
    from db.migrate import HEAD_REVISION, alembic_head

    assert alembic_head() == HEAD_REVISION


def test_a_start_at_head_never_loads_alembic_or_reportlab(tmp_path: Path) -> None:
    """The window's start on a station already at head: neither Alembic (only needed to
    migrate) nor reportlab (only needed to print) is imported."""
    import subprocess
    import sys

    path = tmp_path / "station.db"
    engine = create_station_engine(sqlite_url(path))
    upgrade(engine)
    engine.dispose()
    code = (
        "import sys; from pathlib import Path; from main import open_station; "
        "from station_app.config import load_config; "
        f"rt = open_station(load_config({str(path)!r})); "
        "rt.services.stations.is_initialized(); rt.close(); "
        "print(sorted(m for m in ('alembic', 'reportlab') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**__import__("os").environ, "STATION_DATA_DIR": str(tmp_path / "data")},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
