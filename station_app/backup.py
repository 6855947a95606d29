"""Backups, restores, and the database checks run at start and by ``db check``.

Backups are online and consistent (SQLite's backup API, WAL contents included)
and verified with ``PRAGMA integrity_check`` before they count. A restore checks
the file first, keeps a safety copy of the current database, then copies the
pages into the live file through the same API, so the ``-wal`` file never goes
out of step with the database. PostgreSQL has its own tools (pg_dump,
pg_restore); these functions refuse a server URL clearly. Every copy written
here is readable by its owner only (:mod:`db.files`): it holds phone numbers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from db.backup import (
    copy_sqlite,
    file_revision,
    free_backup_path,
    integrity_problems,
    needs_recovery,
    read_only,
)
from db.engine import BUSY_TIMEOUT_MS, create_station_engine, sqlite_path
from db.errors import (
    ForeignDatabaseError,
    IntegrityCheckError,
    SchemaTooNewError,
    UpgradeUndoneError,
)
from db.files import copy_private, create_private_file, private_dir
from db.migrate import (
    UpgradeResult,
    current_revision,
    head_revision,
    is_known_revision,
    upgrade,
)
from db.uow import read_factory
from station_app.errors import DatabaseProblem
from station_app.ledger import balance_mismatches

SQLITE_MAGIC = b"SQLite format 3\x00"
WRONG_HEADER = "not a SQLite database (wrong file header)"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size_bytes: int
    revision: str | None


@dataclass(frozen=True)
class RestoreInfo:
    source: Path
    target: Path
    source_revision: str
    revision: str
    safety_backup: Path | None
    upgrade_backup: Path | None

    @property
    def upgraded(self) -> bool:
        return self.source_revision != self.revision


@dataclass(frozen=True)
class CheckReport:
    """What ``db check`` found: damage, and whether this program knows the schema."""

    target: str
    problems: tuple[str, ...]
    revision: str | None
    head: str

    @property
    def ok(self) -> bool:
        return not self.problems


def _url_of(engine_or_url: Engine | str) -> str:
    if isinstance(engine_or_url, Engine):
        return engine_or_url.url.render_as_string(hide_password=False)
    return engine_or_url


def make_display(url: str) -> str:
    """A URL fit to print: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_file(engine_or_url: Engine | str, what_zh: str, what_en: str) -> Path:
    """The SQLite file behind a URL; refused for a server database or in-memory SQLite."""
    path = sqlite_path(_url_of(engine_or_url))
    if path is None:
        raise DatabaseProblem(
            f"{what_zh}只适用于 SQLite 数据库文件；PostgreSQL 请用 pg_dump / pg_restore",
            f"{what_en} works on a SQLite database file only: "
            "use pg_dump/pg_restore for PostgreSQL",
            field="db",
        )
    return path


def too_new(revision: str) -> DatabaseProblem:
    return DatabaseProblem(
        f"数据库由更新版本的 Station Desk 创建（结构版本 {revision}），本程序无法使用，请升级程序",
        f"The database was created by a newer version of Station Desk (schema revision "
        f"{revision}); this program cannot use it: please upgrade the program",
        field="db",
    )


def foreign(target: str, tables: list[str]) -> DatabaseProblem:
    shown = "、".join(tables[:5]) + ("…" if len(tables) > 5 else "")
    shown_en = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
    return DatabaseProblem(
        f"“{target}”不是 Station Desk 的数据库（里面有别的表：{shown}），没有做任何改动；"
        "请检查 --db / STATION_DB_URL",
        f"{target!r} is not a Station Desk database (it holds other tables: {shown_en}); "
        "nothing was changed: check --db / STATION_DB_URL",
        field="db",
    )


def driver_missing(dialect: str, module: str) -> DatabaseProblem:
    return DatabaseProblem(
        f"没有安装连接 {dialect} 数据库所需的 Python 模块 {module}（例如 pip install {module}）",
        f"The Python module {module} needed for {dialect} databases is not installed "
        f"(e.g. pip install {module})",
        field="db",
    )


def damaged(path: Path, problems: list[str]) -> DatabaseProblem:
    shown = "; ".join(problems[:3])
    return DatabaseProblem(
        f"数据库文件已损坏（{path}）：{shown}。请用 restore 命令从备份恢复",
        f"The database file is damaged ({path}): {shown}. "
        "Restore it from a backup with the restore command",
        field="db",
    )


def upgrade_undone(problems: str, backup: Path | None) -> DatabaseProblem:
    kept_zh = f"升级前的备份在 {backup}" if backup else "没有升级前的备份（不需要）"
    kept_en = f"the copy taken before it is at {backup}" if backup else "no copy was needed"
    return DatabaseProblem(
        f"数据库结构升级后的检查没有通过（{problems}），升级已撤销，数据库没有改动；{kept_zh}",
        f"The check after the schema upgrade failed ({problems}), so the upgrade was undone "
        f"and the database was not changed; {kept_en}",
        field="db",
    )


def _new_station_hint(path: Path) -> tuple[str, str]:
    command = f"station-app --db {path} init …"
    return (
        f"请检查路径是否写错；要在这里新建驿站，请运行 {command}",
        f"check the path for a typo; to set up a new station there, run {command}",
    )


def require_database_file(url: str, *, may_create: bool) -> None:
    """Refuse a SQLite path that cannot be the station's database, before anything is made.

    A folder is never a database file. A missing file, or a missing folder, is
    most often a typo in ``--db``: opening it would quietly make a second, empty
    station. Only an action that sets a station up (``may_create``: ``init``,
    ``demo``, ``restore``, the window on its own data folder) may create one.
    A server URL or in-memory SQLite is not looked at.
    """
    path = sqlite_path(url)
    if path is None:
        return
    if path.is_dir():
        raise DatabaseProblem(
            f"“{path}”是一个文件夹，不是数据库文件；--db 应写数据库文件的路径，"
            f"例如 {path / 'station.db'}",
            f"{str(path)!r} is a folder, not a database file: --db takes the path of the "
            f"database file, e.g. {path / 'station.db'}",
            field="db",
        )
    if may_create or path.exists():
        return
    hint_zh, hint_en = _new_station_hint(path)
    folder = path.parent
    if not folder.exists():
        raise DatabaseProblem(
            f"数据库所在的文件夹不存在：{folder}（数据库 {path}），没有创建任何文件；{hint_zh}",
            f"The database's folder does not exist: {folder} (database {path}); nothing was "
            f"created: {hint_en}",
            field="db",
        )
    if not folder.is_dir():
        raise DatabaseProblem(
            f"“{folder}”不是文件夹，里面不能有数据库 {path.name}；{hint_zh}",
            f"{str(folder)!r} is not a folder, so it cannot hold the database {path.name}: "
            f"{hint_en}",
            field="db",
        )
    raise DatabaseProblem(
        f"数据库文件不存在：{path}，没有创建任何文件；{hint_zh}",
        f"The database file does not exist: {path}; nothing was created: {hint_en}",
        field="db",
    )


def unfinished(path: Path) -> DatabaseProblem:
    return DatabaseProblem(
        f"数据库文件上次没有写完（{path} 旁边留有未完成的日志），需要恢复后才能读取；"
        "没有做任何改动。请用写入它的程序打开一次，或用 restore 命令从备份恢复",
        f"The database file was left half-written ({path} has an unfinished journal beside "
        "it) and needs recovery before it can be read; nothing was changed. Open it once "
        "with the program that wrote it, or restore a backup with the restore command",
        field="db",
    )


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        yield conn


def has_sqlite_header(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def quick_check(path: Path) -> list[str]:
    """``PRAGMA quick_check`` on an existing file; what it found (empty when healthy).

    Read-only, so that nothing is written to a file that may not be ours (a
    read-write connection folds a ``-wal`` into the file when it closes). A
    file left half-written needs recovery, which only a read-write open can
    do: that one :class:`sqlite3.Error` is raised (see ``needs_recovery``).
    """
    try:
        if not has_sqlite_header(path):
            return [WRONG_HEADER]
        with read_only(path) as conn:
            return [r[0] for r in conn.execute("PRAGMA quick_check") if r[0] != "ok"]
    except sqlite3.Error as exc:
        if needs_recovery(exc):
            raise
        return [str(exc)]
    except OSError as exc:
        return [str(exc)]


def upgrade_database(engine: Engine, backup_dir: Path) -> UpgradeResult:
    """Run the migrations; a too-new or damaged database becomes a clear refusal."""
    try:
        return upgrade(engine, backup_dir=backup_dir)
    except SchemaTooNewError as exc:
        raise too_new(exc.revision) from exc
    except ForeignDatabaseError as exc:
        path = sqlite_path(_url_of(engine))
        raise foreign(str(path) if path else make_display(_url_of(engine)), exc.tables) from exc
    except UpgradeUndoneError as exc:
        raise upgrade_undone(exc.problems, exc.backup) from exc
    except IntegrityCheckError as exc:
        path = sqlite_path(_url_of(engine)) or Path(str(engine.url))
        raise damaged(path, [str(exc)]) from exc


def prepare_database(engine: Engine, backup_dir: Path) -> UpgradeResult:
    """What every start does: refuse a damaged SQLite file, then bring the schema to head."""
    path = sqlite_path(_url_of(engine))
    if path is not None and path.exists() and path.stat().st_size > 0:
        try:
            problems = quick_check(path)
        except sqlite3.Error as exc:  # only a file that needs recovery gets here
            raise unfinished(path) from exc
        if problems:
            raise damaged(path, problems)
    return upgrade_database(engine, backup_dir)


def check_database(engine_or_url: Engine | str) -> CheckReport:
    """Integrity and foreign keys (SQLite), and the schema revision against this program's."""
    url = _url_of(engine_or_url)
    head = head_revision()
    path = sqlite_path(url)
    problems: list[str] = []
    revision: str | None = None
    if path is not None:
        target = str(path)
        if not path.exists():
            return CheckReport(target, (f"no such file: {path}",), None, head)
        if not has_sqlite_header(path):
            return CheckReport(target, (WRONG_HEADER,), None, head)
        try:
            problems += integrity_problems(path)
            revision = file_revision(path)
        except sqlite3.Error as exc:
            problems.append(str(exc))
    else:
        target = make_display(url)
        engine = engine_or_url if isinstance(engine_or_url, Engine) else create_station_engine(url)
        try:
            revision = current_revision(engine)
        finally:
            if engine is not engine_or_url:
                engine.dispose()
    if revision is None:
        problems.append("no schema revision: not a Station Desk database, or never set up")
    elif not is_known_revision(revision):
        problems.append(f"schema revision {revision} is newer than this program ({head})")
    elif revision != head:
        problems.append(f"schema revision {revision} is behind {head}: run 'db upgrade'")
    elif not problems:
        problems += balance_problems(url)
    return CheckReport(target, tuple(problems), revision, head)


def balance_problems(url: str) -> list[str]:
    """Stored lot balances that disagree with the stock ledger, one line each (read-only)."""
    engine = create_station_engine(url)
    try:
        with read_factory(engine)() as uow:
            wrong = balance_mismatches(uow.session)
    finally:
        engine.dispose()
    return [
        "stock balance: " + " / ".join(m.describe()) + " (station-app db repair-balances)"
        for m in wrong
    ]


def backup_database(engine_or_url: Engine | str, target_dir: Path, now: datetime) -> BackupInfo:
    """Write a verified copy of the SQLite database to ``target_dir``.

    The file is named after the database and ``now`` (``station-20260701-090000.db``);
    a second backup in the same second gets ``-2``.
    """
    source = sqlite_file(engine_or_url, "备份", "Backup")
    if not source.exists():
        raise DatabaseProblem(
            f"数据库文件不存在：{source}", f"The database file does not exist: {source}", field="db"
        )
    target = free_backup_path(target_dir, source.stem, now)
    try:
        copy_sqlite(source, target)
    except IntegrityCheckError as exc:
        raise damaged(source, [str(exc)]) from exc
    except sqlite3.DatabaseError as exc:
        raise damaged(source, [str(exc)]) from exc
    except OSError as exc:
        raise DatabaseProblem(
            f"备份没有写成（{target_dir}）：{exc}",
            f"The backup could not be written to {target_dir}: {exc}",
            field="to",
        ) from exc
    return BackupInfo(target, target.stat().st_size, file_revision(target))


def _check_restore_source(source: Path) -> str:
    """Refuse anything but a healthy Station Desk database this program understands."""
    if not source.is_file():
        raise DatabaseProblem(
            f"找不到备份文件：{source}", f"No such backup file: {source}", field="file"
        )
    if not has_sqlite_header(source):
        raise DatabaseProblem(
            f"“{source.name}”不是 SQLite 数据库文件，不能用来恢复",
            f"{source.name!r} is not a SQLite database file and cannot be restored",
            field="file",
        )
    try:
        problems = integrity_problems(source)
        revision = file_revision(source)
    except sqlite3.Error as exc:
        problems, revision = [str(exc)], None
    if problems:
        shown = "; ".join(problems[:3])
        raise DatabaseProblem(
            f"备份文件已损坏（{source.name}）：{shown}；当前数据库没有改动",
            f"The backup file is damaged ({source.name}): {shown}; the current database "
            "was not changed",
            field="file",
        )
    if revision is None:
        raise DatabaseProblem(
            f"“{source.name}”不是 Station Desk 的数据库（没有结构版本），不能用来恢复",
            f"{source.name!r} is not a Station Desk database (no schema revision)",
            field="file",
        )
    if not is_known_revision(revision):
        raise too_new(revision)
    return revision


def _safety_copy(target: Path, safety_dir: Path, now: datetime) -> tuple[Path, bool]:
    """Keep the current database before it is overwritten; the copy, and whether it is damaged.

    A damaged or half-written database cannot be copied page by page: its
    bytes are kept as they are, with its ``-wal`` and ``-journal``.
    """
    name = f"{target.stem}-before-restore"
    path = free_backup_path(safety_dir, name, now)
    try:
        copy_sqlite(target, path)
        return path, False
    except (IntegrityCheckError, sqlite3.Error):
        private_dir(safety_dir)
        raw = free_backup_path(safety_dir, name, now, tag="-damaged")
        copy_private(target, raw)
        for suffix in ("-wal", "-journal"):
            companion = target.with_name(target.name + suffix)
            if companion.exists():
                copy_private(companion, raw.with_name(raw.name + suffix))
        return raw, True


def _remove_database(path: Path) -> None:
    """The file and its companions: a journal left beside a new file would be played into it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def restore_database(url: str, source: Path, safety_dir: Path, now: datetime) -> RestoreInfo:
    """Replace the database behind ``url`` with the backup ``source``.

    ``source`` must pass the integrity check and carry a schema revision this
    program knows (an older one is upgraded after the restore). The current
    database is copied to ``safety_dir`` first. Nothing is changed when a check fails.
    """
    target = sqlite_file(url, "恢复", "Restore")
    if target.exists() and source.exists() and source.resolve() == target.resolve():
        raise DatabaseProblem(
            "不能用数据库文件自己来恢复自己", "Cannot restore a database from itself", field="file"
        )
    source_revision = _check_restore_source(source)

    safety: Path | None = None
    if target.exists():
        safety, damaged_target = _safety_copy(target, safety_dir, now)
        if damaged_target:
            _remove_database(target)  # restore into a fresh file
    private_dir(target.parent)
    create_private_file(target)  # a new file (none there, or a damaged one removed)
    try:
        with read_only(source) as src, _connect(target) as dst:
            src.backup(dst)
    except sqlite3.Error as exc:
        raise DatabaseProblem(
            f"恢复没有完成：{exc}。恢复前的数据库副本在 {safety}",
            f"The restore did not complete: {exc}. The copy taken before it is at {safety}",
            field="file",
        ) from exc

    engine = create_station_engine(url)
    try:
        result = upgrade_database(engine, safety_dir)
    finally:
        engine.dispose()
    problems = quick_check(target)
    if problems:
        raise damaged(target, problems)
    return RestoreInfo(source, target, source_revision, result.to_revision, safety, result.backup)
