"""Online, consistent copies of a SQLite database, and read-only looks into one."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from db.engine import BUSY_TIMEOUT_MS
from db.errors import IntegrityCheckError
from db.files import create_private_file, private_dir


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to an existing SQLite file; closed on leaving the block.

    The path goes into a ``file:`` URI through :meth:`Path.as_uri`, which
    escapes ``#``, ``?`` and ``%``: written into the URI raw, a folder named
    ``a#b`` would open (and create) the file ``a`` instead. A missing file is
    an error, never created.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    with closing(conn):
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        yield conn


# SQLITE_READONLY_RECOVERY, SQLITE_READONLY_ROLLBACK: a writer stopped half-way (a
# hot journal, a WAL that needs recovery) and only a read-write open can finish that.
_NEEDS_RECOVERY = {264, 776}


def needs_recovery(exc: sqlite3.Error) -> bool:
    """Whether a read-only connection failed because the file must be recovered first."""
    return getattr(exc, "sqlite_errorcode", None) in _NEEDS_RECOVERY


def file_revision(path: Path) -> str | None:
    """The Alembic revision stamped in a SQLite file, None if it has none."""
    with read_only(path) as conn:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])


def file_tables(path: Path) -> list[str]:
    """The tables in a SQLite file, SQLite's own left out."""
    with read_only(path) as conn:
        return [
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]


def integrity_problems(path: Path) -> list[str]:
    """Run ``PRAGMA integrity_check`` and ``foreign_key_check``; return what they found."""
    with read_only(path) as conn:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [r for r in rows if r != "ok"]
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        return problems


def free_backup_path(folder: Path, name: str, at: datetime, tag: str = "") -> Path:
    """Where a new copy goes: ``folder/{name}-{at:%Y%m%d-%H%M%S}{tag}.db`` (``at`` in local time).

    A copy already taken in the same second is never overwritten: the new one
    gets ``-2``, ``-3``… (before the tag).
    """
    stem = f"{name}-{at:%Y%m%d-%H%M%S}"
    path = folder / f"{stem}{tag}.db"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{tag}.db"
        n += 1
    return path


COPY_STEP_PAGES = 1024  # pages per step of a copy that reports its progress


def copy_sqlite(
    source: Path, target: Path, progress: Callable[[int, int], None] | None = None
) -> None:
    """Copy ``source`` to ``target`` with SQLite's online backup API, then verify the copy.

    Safe while other connections are writing: the copy is one consistent
    snapshot (WAL contents included), owner-only like the database (see
    :mod:`db.files`). Raises :class:`IntegrityCheckError` if the copy does not
    pass the integrity check; a failed or damaged copy is removed. With
    ``progress``, the pages are copied in steps and ``progress(copied, total)``
    is called after each; an exception it raises stops the copy (removed too).
    """
    private_dir(target.parent)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        create_private_file(tmp)
        with read_only(source) as src, closing(sqlite3.connect(tmp)) as dst:
            if progress is None:
                src.backup(dst)
            else:
                src.backup(
                    dst,
                    pages=COPY_STEP_PAGES,
                    progress=lambda _status, left, total: progress(total - left, total),
                )
            dst.execute("PRAGMA journal_mode = DELETE")
        problems = integrity_problems(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if problems:
        tmp.unlink(missing_ok=True)
        raise IntegrityCheckError("; ".join(problems[:5]))
    tmp.replace(target)
