"""Online, consistent copies of a SQLite database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db.errors import IntegrityCheckError


def integrity_problems(path: Path) -> list[str]:
    """Run ``PRAGMA integrity_check`` and ``foreign_key_check``; return what they found."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [r for r in rows if r != "ok"]
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        return problems
    finally:
        conn.close()


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` with SQLite's online backup API, then verify the copy.

    Safe while other connections are writing: the copy is one consistent
    snapshot (WAL contents included). Raises :class:`IntegrityCheckError` if the
    copy does not pass the integrity check; the damaged copy is removed.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(tmp)
    try:
        src.execute("PRAGMA busy_timeout = 10000")
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        src.close()
    problems = integrity_problems(tmp)
    if problems:
        tmp.unlink(missing_ok=True)
        raise IntegrityCheckError("; ".join(problems[:5]))
    tmp.replace(target)
