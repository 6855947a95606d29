"""Backup and restore through the command line, on real files."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from db.backup import copy_sqlite, integrity_problems
from db.migrate import head_revision
from station_app.backup import restore_database
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from tests.conftest import TZ
from tests.integration.test_cli import Cli, query, stamp
from tests.unit.test_migrations import FIRST, make_old_station, snapshot_of_a_live_database


def table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_visits(cli: Cli, tmp_path: Path, day: str, n: int) -> None:
    path = tmp_path / f"visits-{day}.csv"
    lines = ["日期,时间,离开时间,类别,服务"]
    lines += [f"{day},{8 + i // 60:02d}:{i % 60:02d},,外卖骑手,休息、充电" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("import", "visits", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    cli = Cli(tmp_path / "station.db", tmp_path / "data")
    cli.init("--opened", "2026-06-01")
    import_visits(cli, tmp_path, "2026-06-10", 5)
    return cli


def backup_path(stdout: str) -> Path:
    m = re.search(r"backup written: (.+)", stdout)
    assert m is not None, stdout
    return Path(m[1].strip())


def test_backup_is_verified_and_holds_the_same_rows(cli: Cli, tmp_path: Path) -> None:
    result = cli("backup", "--to", str(tmp_path / "bk"))
    assert result.returncode == 0, result.stderr
    assert "integrity ok" in result.stdout
    path = backup_path(result.stdout)
    assert path.parent == tmp_path / "bk"
    assert re.fullmatch(r"station-\d{8}-\d{6}\.db", path.name)
    assert f"{path.stat().st_size:,} bytes" in result.stdout
    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    counts = table_counts(path)
    assert counts == table_counts(cli.db)
    assert counts["visit"] == 5 and counts["station"] == 1
    assert not path.with_name(path.name + "-wal").exists()  # a self-contained file


def test_backup_goes_to_the_data_folder_by_default(cli: Cli) -> None:
    first = backup_path(cli("backup").stdout)
    second = backup_path(cli("backup").stdout)
    assert first.parent == second.parent == cli.home / "backups"
    assert first != second and first.exists() and second.exists()


def test_restore_brings_old_counts_back_and_keeps_a_safety_copy(cli: Cli, tmp_path: Path) -> None:
    backup = backup_path(cli("backup", "--to", str(tmp_path / "bk")).stdout)
    saved = table_counts(backup)
    import_visits(cli, tmp_path, "2026-06-11", 7)
    later = table_counts(cli.db)
    assert later["visit"] == 12

    result = cli("restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert "integrity ok" in result.stdout
    assert table_counts(cli.db) == saved
    m = re.search(r"safety copy of the previous database: (.+)", result.stdout)
    assert m is not None
    safety = Path(m[1].strip())
    assert safety.parent == cli.home / "backups"
    assert table_counts(safety) == later
    # the restored database is usable: the app opens it and works on
    import_visits(cli, tmp_path, "2026-06-12", 2)
    assert table_counts(cli.db)["visit"] == saved["visit"] + 2
    status = cli("status")
    assert status.returncode == 0, status.stderr


def test_restore_of_a_backup_from_an_older_version_upgrades_it(cli: Cli, tmp_path: Path) -> None:
    old = tmp_path / "old-version.db"
    engine, _ = make_old_station(old, FixedClock(datetime(2026, 7, 1, 9, 0, tzinfo=TZ)))
    engine.dispose()
    old_digest, old_counts = digest(old), table_counts(old)
    assert query(old, "SELECT version_num FROM alembic_version") == [(FIRST,)]

    result = cli("restore", str(old), "--yes")
    assert result.returncode == 0, result.stderr
    assert f"schema upgraded: {FIRST} → {head_revision()}" in result.stdout
    assert query(cli.db, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert query(cli.db, "SELECT name, code FROM station") == [("老版本驿站", "OLD01")]
    restored = table_counts(cli.db)
    # Every table keeps its rows; the tables added since then hold what the upgrade
    # derived: the one lot's stored balance, no hold (0005), no voucher (0006), no
    # signature or cleaning record (0007).
    added = {
        "lot_stock": 1,
        "balance_hold": 0,
        "voucher": 0,
        "handout_signature": 0,
        "cleaning_record": 0,
    }
    assert {k: v for k, v in restored.items() if k != "alembic_version"} == {
        **{k: v for k, v in old_counts.items() if k != "alembic_version"},
        **added,
    }
    assert query(cli.db, "SELECT qty FROM lot_stock") == [(12,)]
    # The file restored from is left as it was; the upgrade kept its own copy first.
    assert digest(old) == old_digest
    m = re.search(r"\(backup: (.+)\)", result.stdout)
    assert m is not None, result.stdout
    upgrade_copy = Path(m[1].strip())
    assert query(upgrade_copy, "SELECT version_num FROM alembic_version") == [(FIRST,)]
    # The restored, upgraded database is in use at once, with the new rules.
    status = cli("status")
    assert status.returncode == 0, status.stderr
    assert "老版本驿站" in status.stdout
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        query(cli.db, "DELETE FROM audit_event")


def test_restore_of_a_garbage_file_refused_database_unchanged(cli: Cli, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(bytes(range(256)) * 40)
    fake = tmp_path / "fake.db"
    fake.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    before, counts = digest(cli.db), table_counts(cli.db)
    for path, word in (
        (garbage, "不是 SQLite 数据库文件"),
        (fake, "备份文件已损坏"),
        (tmp_path / "missing.db", "找不到备份文件"),
    ):
        result = cli("restore", str(path), "--yes")
        assert result.returncode == 1
        assert word in result.stderr
        assert "Error: " in result.stderr
        assert digest(cli.db) == before
    assert table_counts(cli.db) == counts
    assert not (cli.home / "backups").exists()  # refused before any safety copy


def test_restore_needs_yes_without_a_terminal(cli: Cli, tmp_path: Path) -> None:
    backup = backup_path(cli("backup", "--to", str(tmp_path / "bk")).stdout)
    before = digest(cli.db)
    result = cli("restore", str(backup))
    assert result.returncode == 2
    assert "--yes" in result.stderr
    assert digest(cli.db) == before


def test_restore_of_a_backup_from_a_newer_version_refused(cli: Cli, tmp_path: Path) -> None:
    backup = backup_path(cli("backup", "--to", str(tmp_path / "bk")).stdout)
    stamp(backup, "ffff9999")
    before = digest(cli.db)
    result = cli("restore", str(backup), "--yes")
    assert result.returncode == 1
    assert "请升级程序" in result.stderr
    assert digest(cli.db) == before


def test_restore_over_a_damaged_database(cli: Cli, tmp_path: Path) -> None:
    backup = backup_path(cli("backup", "--to", str(tmp_path / "bk")).stdout)
    saved = table_counts(backup)
    cli.db.write_bytes(b"\0" * 5000)
    assert cli("status").returncode == 1  # refused at start
    result = cli("restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert table_counts(cli.db) == saved
    kept = list((cli.home / "backups").glob("*-damaged.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"\0" * 5000
    assert cli("status").returncode == 0


def test_two_restores_over_damaged_databases_in_one_second_keep_both(
    cli: Cli, tmp_path: Path
) -> None:
    backup = backup_path(cli("backup", "--to", str(tmp_path / "bk")).stdout)
    now = datetime(2026, 7, 1, 9, 0, tzinfo=TZ)
    for fill in (b"\0", b"\1"):
        cli.db.write_bytes(fill * 5000)
        info = restore_database(sqlite_url(cli.db), backup, tmp_path / "safety", now)
        assert info.safety_backup is not None
    kept = (tmp_path / "safety").glob("*-damaged.db")
    assert sorted(p.read_bytes()[:1] for p in kept) == [b"\0", b"\1"]


def test_restore_over_a_half_written_database(cli: Cli, tmp_path: Path) -> None:
    """A hot journal beside the target: kept with the safety copy, never left beside the restore."""
    backup = backup_path(cli("backup", "--to", str(tmp_path / "bk")).stdout)
    saved = table_counts(backup)
    (tmp_path / "hot").mkdir()
    hot = snapshot_of_a_live_database(tmp_path / "hot", "station.db", "DELETE")
    for suffix in ("", "-wal", "-shm"):
        cli.db.with_name(cli.db.name + suffix).unlink(missing_ok=True)
    shutil.copy(hot, cli.db)
    shutil.copy(hot.with_name("station.db-journal"), cli.db.with_name("station.db-journal"))
    journal = cli.db.with_name("station.db-journal").read_bytes()

    status = cli("status")
    assert status.returncode == 1
    assert "needs recovery" in status.stderr
    result = cli("restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert table_counts(cli.db) == saved
    assert not cli.db.with_name("station.db-journal").exists()
    kept = list((cli.home / "backups").glob("*-damaged.db"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == hot.read_bytes()
    assert kept[0].with_name(kept[0].name + "-journal").read_bytes() == journal
    assert cli("status").returncode == 0


def test_corrupted_pages_refused_at_start_and_by_db_check(cli: Cli) -> None:
    size = cli.db.stat().st_size
    page = query(cli.db, "PRAGMA page_size")[0][0]
    assert isinstance(page, int) and size > 4 * page
    data = bytearray(cli.db.read_bytes())
    data[page : 3 * page] = b"\xa5" * (2 * page)  # pages 2 and 3 overwritten
    cli.db.write_bytes(bytes(data))
    result = cli("status")
    assert result.returncode == 1
    assert "数据库文件已损坏" in result.stderr
    check = cli("db", "check")
    assert check.returncode == 1
    assert "problem:" in check.stdout


def test_backup_of_a_missing_database_refused(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "none.db", tmp_path / "data")
    result = cli("backup")
    assert result.returncode == 1
    assert "数据库文件不存在" in result.stderr


def test_backup_of_a_database_in_a_folder_with_uri_characters(tmp_path: Path) -> None:
    """``#``, ``?`` and ``%`` in a path must not be read as parts of a ``file:`` URI."""
    folder = tmp_path / "a#b%zz"  # no %XX here: sqlite_url() does not escape those (yet)
    cli = Cli(folder / "station.db", tmp_path / "data")
    cli.init("--opened", "2026-06-01")
    import_visits(cli, tmp_path, "2026-06-10", 3)
    result = cli("backup", "--to", str(tmp_path / "bk"))
    assert result.returncode == 0, result.stderr
    path = backup_path(result.stdout)
    assert table_counts(path) == table_counts(cli.db)
    assert table_counts(path)["visit"] == 3
    assert not (tmp_path / "a").exists()  # once created (empty) and backed up instead
    assert cli("db", "check").returncode == 0


def test_copy_and_checks_read_the_file_named_even_with_uri_characters(tmp_path: Path) -> None:
    source = tmp_path / "x?y#z%41" / "notes.db"
    source.parent.mkdir()
    conn = sqlite3.connect(source)
    conn.execute("CREATE TABLE note (body TEXT)")
    conn.execute("INSERT INTO note VALUES ('kept')")
    conn.commit()
    conn.close()
    target = tmp_path / "bk" / "copy.db"
    copy_sqlite(source, target)
    assert query(target, "SELECT body FROM note") == [("kept",)]
    assert integrity_problems(source) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bk", "x?y#z%41"]


def test_a_failed_copy_leaves_no_part_file(tmp_path: Path) -> None:
    fake = tmp_path / "fake.db"
    fake.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    target = tmp_path / "bk" / "copy.db"
    with pytest.raises(sqlite3.DatabaseError):
        copy_sqlite(fake, target)
    assert list((tmp_path / "bk").iterdir()) == []


def test_a_restore_on_a_pc_without_the_pin_key_says_what_to_copy(cli: Cli, tmp_path: Path) -> None:
    """A replacement kiosk: the backup restores, and the missing pepper.key is named at once."""
    backup = backup_path(cli("backup", "--to", str(tmp_path / "bk")).stdout)
    new_pc = Cli(tmp_path / "new-pc" / "station.db", tmp_path / "new-pc-data")
    result = new_pc("restore", "--yes", str(backup))
    assert result.returncode == 0, result.stderr
    assert "已恢复 / restored" in result.stdout
    assert "pepper.key" in result.stdout
    assert str(new_pc.home / "pepper.key") in result.stdout  # where to put it
    status = new_pc("status")
    assert status.returncode == 0 and "注意 / warning" in status.stdout

    # With the original key copied over, the warning is gone and the PINs work again.
    shutil.copy2(cli.home / "pepper.key", new_pc.home / "pepper.key")
    status = new_pc("status")
    assert status.returncode == 0 and "warning" not in status.stdout
    assert "warning" not in cli("status").stdout  # the old PC was never affected
