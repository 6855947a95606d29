"""Engine creation. SQLite gets the pragmas that keep a kiosk's ledger safe."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from db.errors import DriverMissingError
from db.files import create_private_file, private_dir
from db.uow import READ_ONLY

BUSY_TIMEOUT_MS = 10_000


def json_text(value: Any) -> str:
    """JSON columns (the audit log's ``detail``) as readable UTF-8: 王站长, not \\u738b..."""
    return json.dumps(value, ensure_ascii=False)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def create_station_engine(url: str, *, synchronous: str = "FULL", **kwargs: Any) -> Engine:
    """Create an engine for ``url``.

    On SQLite every connection gets ``synchronous=FULL`` (WAL with NORMAL may
    lose the last commits on power loss), ``foreign_keys=ON`` and a busy
    timeout, and transactions start with ``BEGIN IMMEDIATE`` so that two
    writers queue up instead of failing half-way with "database is locked";
    read-only ones (:func:`db.uow.read_factory`) with a plain ``BEGIN``, so that
    in WAL mode a screen's reads never wait for a writer.
    WAL is not set here: the journal mode is stored in the file, and switching
    rewrites its header, so :func:`db.migrate.upgrade` sets it once, after it
    has made sure the file is ours (see :func:`use_wal`).
    A server URL whose driver is not installed: :class:`DriverMissingError`.
    """
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        try:
            return create_engine(url, pool_pre_ping=True, json_serializer=json_text, **kwargs)
        except ImportError as exc:  # e.g. postgresql:// without psycopg installed
            raise DriverMissingError(u.drivername, exc.name or str(exc)) from exc

    if synchronous not in ("FULL", "NORMAL"):
        raise ValueError(f"synchronous must be FULL or NORMAL, not {synchronous!r}")
    sync = synchronous  # NORMAL only for a generator whose records can be made again (demo)
    path = sqlite_path(url)
    if path is not None:
        private_dir(path.parent)
    engine = create_engine(url, json_serializer=json_text, **kwargs)

    if path is not None:

        @event.listens_for(engine, "do_connect")
        def _create_owner_only(*_args: Any) -> None:
            # SQLite would create a new file readable by every user; it holds phone numbers.
            create_private_file(path)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own
        # transaction handling would start them too late).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA synchronous = {sync}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Straight on the driver connection: this runs once per transaction, on
        # the check-in hot path, and needs none of SQLAlchemy's statement handling.
        # A read-only unit of work (db.uow.read_factory) takes no write lock.
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.connection.driver_connection.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def use_wal(engine: Engine) -> None:
    """Switch a SQLite file to WAL (a no-op when it already is; other databases: nothing).

    The mode is kept in the file, so once is enough; it cannot change inside a
    transaction, so it goes straight to the driver connection.
    """
    if sqlite_path(str(engine.url)) is None:
        return
    with engine.connect() as conn:
        driver = conn.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.execute("PRAGMA journal_mode = WAL")
