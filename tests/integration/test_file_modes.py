"""The database and every copy of it hold phone numbers: owner-only files (0600) and folders (0700).

Run under the usual umask 022, with which SQLite and Python make files every user can read.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from db.engine import create_station_engine
from db.migrate import upgrade
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from tests.conftest import TZ
from tests.integration.test_backup import backup_path, import_visits
from tests.integration.test_cli import Cli, query
from tests.unit.test_migrations import make_old_station

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """Files made by this process and its children would be 0644 unless made owner-only."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "station" / "station.db", tmp_path / "data")


def test_a_new_database_its_wal_and_shm_and_its_folder_are_owner_only(tmp_path: Path) -> None:
    existing = tmp_path / "shared"
    existing.mkdir(mode=0o755)
    path = existing / "new" / "station.db"
    engine = create_station_engine(sqlite_url(path))
    try:
        upgrade(engine)
        with engine.connect() as conn:  # WAL mode: SQLite makes -wal and -shm beside the file
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            conn.exec_driver_sql("SELECT count(*) FROM station").scalar()
            shown = {p.name: mode(p) for p in path.parent.iterdir()}
    finally:
        engine.dispose()
    assert shown == {"station.db": "0o600", "station.db-wal": "0o600", "station.db-shm": "0o600"}
    assert mode(path.parent) == "0o700"
    assert mode(existing) == "0o755"  # a folder that was there already is left as it was


def test_init_makes_the_database_and_data_folder_owner_only(cli: Cli) -> None:
    cli.init()
    assert mode(cli.db) == "0o600"
    assert mode(cli.db.parent) == "0o700"
    assert mode(cli.home) == "0o700"
    assert mode(cli.home / "pepper.key") == "0o600"


def test_backups_and_their_folders_are_owner_only(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    default = backup_path(cli("backup").stdout)
    assert default.parent == cli.home / "backups"
    assert (mode(default), mode(default.parent)) == ("0o600", "0o700")
    elsewhere = backup_path(cli("backup", "--to", str(tmp_path / "stick" / "bk")).stdout)
    assert (mode(elsewhere), mode(elsewhere.parent)) == ("0o600", "0o700")
    assert query(elsewhere, "SELECT code FROM station") == [("JFL01",)]


def test_restore_safety_copies_and_a_new_target_are_owner_only(cli: Cli, tmp_path: Path) -> None:
    cli.init("--opened", "2026-06-01")
    import_visits(cli, tmp_path, "2026-06-10", 2)
    backup = backup_path(cli("backup", "--to", str(tmp_path / "bk")).stdout)

    result = cli("restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    m = re.search(r"safety copy of the previous database: (.+)", result.stdout)
    assert m is not None, result.stdout
    assert mode(Path(m[1].strip())) == "0o600"

    # A damaged database is kept byte for byte, with its journal: owner-only too.
    cli.db.unlink()
    cli.db.write_bytes(b"\0" * 5000)  # made anew: 0644
    cli.db.with_name("station.db-journal").write_bytes(b"\1" * 600)
    assert mode(cli.db) == "0o644"
    result = cli("restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    [damaged] = (cli.home / "backups").glob("*-damaged.db")
    assert damaged.read_bytes() == b"\0" * 5000
    assert mode(damaged) == "0o600"
    assert mode(damaged.with_name(damaged.name + "-journal")) == "0o600"
    assert mode(cli.db) == "0o600"  # restored into a new file
    assert query(cli.db, "SELECT count(*) FROM visit") == [(2,)]

    # A replacement PC: the restore makes the folder and the database.
    new_pc = Cli(tmp_path / "new-pc" / "station.db", tmp_path / "new-pc-data")
    result = new_pc("restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert (mode(new_pc.db), mode(new_pc.db.parent)) == ("0o600", "0o700")


def test_the_copy_taken_before_an_upgrade_is_owner_only(cli: Cli, tmp_path: Path) -> None:
    cli.db.parent.mkdir()
    engine, _ = make_old_station(cli.db, FixedClock(datetime(2026, 7, 1, 9, 0, tzinfo=TZ)))
    engine.dispose()
    os.chmod(cli.db, 0o644)  # a database from before this rule
    result = cli("db", "upgrade")
    assert result.returncode == 0, result.stderr
    m = re.search(r"backup taken before the upgrade: (.+)", result.stdout)
    assert m is not None, result.stdout
    copy = Path(m[1].strip())
    assert copy.parent == cli.home / "backups"
    assert (mode(copy), mode(copy.parent)) == ("0o600", "0o700")
    assert mode(cli.db) == "0o644"  # an existing database keeps the mode its owner gave it
