"""Schema upgrades with Alembic, run from code at start and by ``db upgrade``.

Alembic is imported only when it has work to do: a start on a database already at
:data:`HEAD_REVISION` (every start but the first after an update) never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect

from db.backup import copy_sqlite, file_revision, file_tables, free_backup_path
from db.engine import sqlite_path, use_wal
from db.errors import ForeignDatabaseError, SchemaTooNewError, UpgradeUndoneError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions; a test checks it against Alembic's own
# answer, so a new revision cannot be added without raising it.
HEAD_REVISION = "0007"


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return HEAD_REVISION


def alembic_head() -> str | None:
    """The head as Alembic reads it from the revision files (for the test of the constant)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_known_revision(revision: str) -> bool:
    """Whether this program's migrations include ``revision`` (if not, a newer program wrote it)."""
    if revision == HEAD_REVISION:
        return True
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds of error for an unknown id
        return False


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, backup_dir: Path | None = None) -> UpgradeResult:
    """Bring the schema to the head revision.

    An empty database is created from scratch. An existing SQLite database
    that needs an upgrade is first copied (online backup, verified) into
    ``backup_dir`` (default: a ``backups`` folder beside the file). A
    database stamped with a revision this program does not know was written
    by a newer version: :class:`SchemaTooNewError`, and nothing is touched. A
    database that holds tables but no revision belongs to another program:
    :class:`ForeignDatabaseError`, and nothing is touched either. A SQLite
    file that passes these checks is switched to WAL (once: the mode is kept
    in the file) before any migration runs. The migrations and the foreign key
    check after them are one transaction: if the check fails,
    :class:`UpgradeUndoneError` and the database is as it was.
    """
    head = head_revision()
    path = sqlite_path(str(engine.url))
    # A SQLite file is looked at read-only: a read-write connection would fold
    # its -wal into it on closing, and the file may be someone else's.
    existing = path is not None and path.exists()
    current = file_revision(path) if path and existing else current_revision(engine)
    if current is not None:
        if not is_known_revision(current):
            raise SchemaTooNewError(current)
    else:
        # An interrupted first start may leave an empty alembic_version table behind.
        tables = file_tables(path) if path and existing else table_names(engine)
        foreign = [t for t in tables if t != "alembic_version"]
        if foreign:
            raise ForeignDatabaseError(foreign)
    use_wal(engine)  # only now: a refused file is left exactly as it was
    if current == head:
        return UpgradeResult(current, head, None)

    backup: Path | None = None
    if current is not None and path is not None and existing:
        folder = backup_dir or path.parent / "backups"
        now = datetime.now().astimezone()
        backup = free_backup_path(folder, f"{path.stem}-before-{head}", now)
        copy_sqlite(path, backup)

    from alembic import command

    cfg = alembic_config()
    with engine.connect() as conn:
        is_sqlite = conn.dialect.name == "sqlite"
        if is_sqlite:
            # Batch migrations copy and drop tables; with foreign keys on, that
            # cascades. The pragma is ignored inside a transaction, so set it first.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            # One transaction for every revision and the check after them: the
            # upgrade is kept whole or not at all (Alembic joins a transaction
            # already begun instead of committing revision by revision).
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if is_sqlite:
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:  # raised inside the block: rolled back
                        raise UpgradeUndoneError(f"foreign key check: {bad[:5]}", backup)
        finally:
            if is_sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
    return UpgradeResult(current, head, backup)


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())
