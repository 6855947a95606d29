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

import hashlib
import json
import os
import re
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
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
from station_app.context import AppContext
from station_app.errors import DatabaseProblem, InvalidInput, StationError
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


def database_url(ctx: AppContext) -> str:
    """The URL of the database a station's services work on (opens no connection)."""
    with ctx.read() as uow:
        engine = uow.session.get_bind().engine
    return engine.url.render_as_string(hide_password=False)


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


class FileCheck:
    """:func:`quick_check` of a station's SQLite file, started at once on a thread of its
    own; :meth:`wait` gives its verdict.

    The check reads the whole file, which grows with the years of records (a tenth of a
    second for five years when the file is in the disk cache, a second when it is not).
    SQLite reads and checks without holding Python's interpreter lock, so a start that
    begins the check first loads its modules meanwhile. Nothing is written before
    :meth:`wait` has returned.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._problems: list[str] = []
        self._error: sqlite3.Error | None = None
        self._thread: threading.Thread | None = None
        if path is not None and path.exists() and path.stat().st_size > 0:
            self._thread = threading.Thread(target=self._run, name="file-check", daemon=True)
            self._thread.start()

    @classmethod
    def start(cls, db_url: str) -> FileCheck:
        """The check of the file behind ``db_url`` (none for a server database)."""
        return cls(sqlite_path(db_url))

    def _run(self) -> None:
        assert self.path is not None
        try:
            self._problems = quick_check(self.path)
        except sqlite3.Error as exc:  # only a file that needs recovery gets here
            self._error = exc

    def wait(self) -> None:
        """Return once the file is found healthy; raise the refusal when it is not."""
        if self._thread is None or self.path is None:
            return
        self._thread.join()
        if self._error is not None:
            raise unfinished(self.path) from self._error
        if self._problems:
            raise damaged(self.path, self._problems)


def prepare_database(
    engine: Engine, backup_dir: Path, check: FileCheck | None = None
) -> UpgradeResult:
    """What every start does: refuse a damaged SQLite file, then bring the schema to head.
    ``check`` is the file's check when the caller started it earlier (see
    :class:`FileCheck`); it is made here otherwise."""
    (check or FileCheck(sqlite_path(_url_of(engine)))).wait()
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
    return _write_backup(source, target_dir, now)


def _existing_source(source: Path) -> Path:
    if not source.exists():
        raise DatabaseProblem(
            f"数据库文件不存在：{source}", f"The database file does not exist: {source}", field="db"
        )
    return source


def _write_backup(
    source: Path,
    target_dir: Path,
    now: datetime,
    *,
    tag: str = "",
    field: str = "to",
    progress: Callable[[int, int], None] | None = None,
) -> BackupInfo:
    """One verified copy of ``source`` in ``target_dir``, named after it and ``now``."""
    _existing_source(source)
    target = free_backup_path(target_dir, source.stem, now, tag)
    try:
        copy_sqlite(source, target, progress)
    except IntegrityCheckError as exc:
        raise damaged(source, [str(exc)]) from exc
    except sqlite3.DatabaseError as exc:
        raise damaged(source, [str(exc)]) from exc
    except OSError as exc:
        raise DatabaseProblem(
            f"备份没有写成（{target_dir}）：{exc}",
            f"The backup could not be written to {target_dir}: {exc}",
            field=field,
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


# ---------------------------------------------------------------------------- automatic backups
#
# The window backs the database up on its own, at start and every few hours, into the
# backups folder and, when one is set, a second folder (a USB stick). Its files carry
# the tag "-auto" (station-20260701-090000-auto.db), and beside each one a record
# (…-auto.db.verified.json) is written once the copy has passed the integrity check:
# when it was taken, its size and its SHA-256. Rotation removes only files with that
# tag: copies made by hand, before an upgrade or before a restore are never touched.

AUTO_TAG = "-auto"
RECORD_SUFFIX = ".verified.json"
KEEP_DAILY = 14
KEEP_MONTHLY = 12

KIND_AUTO = "auto"
KIND_MANUAL = "manual"
KIND_BEFORE_RESTORE = "before-restore"
KIND_BEFORE_UPGRADE = "before-upgrade"
KIND_DAMAGED = "damaged"

_BACKUP_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<day>\d{8})-(?P<time>\d{6})(?:-(?P<n>\d+))?(?P<tag>-[a-z]+)?\.db$"
)
_UPGRADE_STEM = re.compile(r"-before-(?!restore$)[0-9A-Za-z_]+$")
_AUTO_LOCK = threading.Lock()  # one automatic backup at a time (the timer, "Back up now")


@dataclass(frozen=True)
class BackupEntry:
    """A backup file in a folder, as the Settings page lists it."""

    path: Path
    taken_at: datetime  # timezone-aware
    size_bytes: int
    kind: str  # KIND_AUTO, KIND_MANUAL, KIND_BEFORE_RESTORE, KIND_BEFORE_UPGRADE, KIND_DAMAGED
    recorded: bool  # checked when it was made (a record that still fits the file)


@dataclass(frozen=True)
class _Named:
    path: Path
    wall: datetime  # the wall-clock time in the name (naive)
    n: int  # 1, or the -2, -3 … of a second copy in the same second
    kind: str


class _Stopped(Exception):
    """Raised inside a copy's progress callback to stop it (``should_stop``)."""


def _named(path: Path) -> _Named | None:
    m = _BACKUP_NAME.match(path.name)
    if m is None:
        return None
    try:
        wall = datetime.strptime(m["day"] + m["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    tag, stem = m["tag"] or "", m["stem"]
    if tag == AUTO_TAG:
        kind = KIND_AUTO
    elif tag == "-damaged":
        kind = KIND_DAMAGED
    elif stem.endswith("-before-restore"):
        kind = KIND_BEFORE_RESTORE
    elif _UPGRADE_STEM.search(stem):
        kind = KIND_BEFORE_UPGRADE
    else:
        kind = KIND_MANUAL
    return _Named(path, wall, int(m["n"] or 1), kind)


def _named_in(folder: Path) -> list[_Named]:
    """The backup files in ``folder`` (none if it is missing or cannot be read)."""
    try:
        paths = list(folder.iterdir())
    except OSError:
        return []
    found = []
    for path in paths:
        named = _named(path)
        if named is not None and path.is_file():
            found.append(named)
    return found


def _record_path(path: Path) -> Path:
    return path.with_name(path.name + RECORD_SUFFIX)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_record(info: BackupInfo, taken_at: datetime) -> None:
    """Beside a verified copy: when it was taken, what it is, and how to tell it is unchanged."""
    record = {
        "file": info.path.name,
        "taken_at": taken_at.isoformat(),
        "size_bytes": info.size_bytes,
        "sha256": _sha256(info.path),
        "integrity_check": "ok",
        "revision": info.revision,
    }
    path = _record_path(info.path)
    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)
    create_private_file(tmp)
    try:
        tmp.write_text(json.dumps(record, indent=1), encoding="utf-8")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _read_record(path: Path) -> dict[str, object] | None:
    """The record of ``path`` if it has one that fits it (its name and size); else None."""
    try:
        record = json.loads(_record_path(path).read_text(encoding="utf-8"))
        size = path.stat().st_size
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict):
        return None
    if record.get("file") != path.name or record.get("size_bytes") != size:
        return None
    return record


def _recorded_time(record: dict[str, object] | None) -> datetime | None:
    raw = record.get("taken_at") if record else None
    if not isinstance(raw, str):
        return None
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def _aware(wall: datetime, tz: tzinfo | None) -> datetime:
    """A time from a file name (the wall clock of the PC that wrote it) made timezone-aware."""
    return wall.replace(tzinfo=tz) if tz is not None else wall.astimezone()


def _is_good(path: Path) -> bool:
    """Its record's SHA-256 still matches, or (no record) it passes the integrity check."""
    record = _read_record(path)
    if record is not None and isinstance(record.get("sha256"), str):
        try:
            return _sha256(path) == record["sha256"]
        except OSError:
            return False
    try:
        if not has_sqlite_header(path):
            return False
        return not integrity_problems(path) and file_revision(path) is not None
    except (sqlite3.Error, OSError):
        return False


def list_backups(folder: Path, tz: tzinfo | None = None) -> list[BackupEntry]:
    """The backups in ``folder``, newest first; times from the file names are read in ``tz``
    (default: this computer's zone). Quick: a record is trusted here if it fits the file's
    size; :func:`newest_good_backup` checks the bytes."""
    entries = []
    for named in _named_in(folder):
        record = _read_record(named.path)
        try:
            size = named.path.stat().st_size
        except OSError:
            continue
        when = _recorded_time(record) or _aware(named.wall, tz)
        entries.append(BackupEntry(named.path, when, size, named.kind, record is not None))
    entries.sort(key=lambda e: (e.taken_at, e.path.name), reverse=True)
    return entries


def newest_good_backup(folder: Path, tz: tzinfo | None = None) -> tuple[Path, datetime] | None:
    """The newest backup in ``folder`` that is known good, and when it was taken.

    Good: the record written when it was made still matches its bytes (SHA-256), or,
    for a copy without one (``backup``, before an upgrade or a restore), it passes
    ``PRAGMA integrity_check`` and carries a schema revision. Damaged safety copies
    never count. None when there is no good backup.
    """
    for entry in list_backups(folder, tz):
        if entry.kind != KIND_DAMAGED and _is_good(entry.path):
            return entry.path, entry.taken_at
    return None


def _months_back(day: date, today: date) -> int:
    return (today.year - day.year) * 12 + today.month - day.month


def rotate_backups(
    folder: Path, now: datetime, keep_daily: int = KEEP_DAILY, keep_monthly: int = KEEP_MONTHLY
) -> list[Path]:
    """Remove the automatic backups that rotation no longer keeps; the paths removed.

    Kept: for each of the last ``keep_daily`` days (today included) its newest backup,
    for each of the last ``keep_monthly`` months (this one included) its newest, any
    dated after ``now`` (a clock set back), and always the newest good one. A backup
    with a record of its check is preferred to a newer one without. Only files this
    program made automatically (the ``-auto`` tag) are ever removed, with their
    records; a file that cannot be removed now is left for the next rotation.
    ``now`` is on the same clock as the names (local time).
    """
    if keep_daily < 0 or keep_monthly < 0:
        raise InvalidInput(
            "保留的天数和月数不能是负数",
            "The days and months to keep cannot be negative",
            field="keep",
        )
    wall_now = now.replace(tzinfo=None)
    today = wall_now.date()
    own = [n for n in _named_in(folder) if n.kind == KIND_AUTO]
    recorded = {n.path: _read_record(n.path) is not None for n in own}

    def preference(n: _Named) -> tuple[bool, datetime, int]:
        return (recorded[n.path], n.wall, n.n)

    keep: set[Path] = {n.path for n in own if n.wall > wall_now}
    by_day: dict[date, list[_Named]] = {}
    by_month: dict[tuple[int, int], list[_Named]] = {}
    for n in own:
        day = n.wall.date()
        if 0 <= (today - day).days < keep_daily:
            by_day.setdefault(day, []).append(n)
        if 0 <= _months_back(day, today) < keep_monthly:
            by_month.setdefault((day.year, day.month), []).append(n)
    for bucket in [*by_day.values(), *by_month.values()]:
        keep.add(max(bucket, key=preference).path)
    for n in sorted(own, key=lambda n: (n.wall, n.n), reverse=True):
        if _is_good(n.path):
            keep.add(n.path)  # the newest good one, whatever its age
            break

    removed = []
    for n in own:
        if n.path in keep:
            continue
        try:
            n.path.unlink()
        except OSError:
            continue
        _record_path(n.path).unlink(missing_ok=True)
        removed.append(n.path)
    return sorted(removed)


def check_backup_folder(
    folder: Path | str, *, field: str = "second_folder", not_in: Path | None = None
) -> Path:
    """A folder a backup can be written to, or a refusal saying why (naming ``field``).

    It must exist (a USB stick that is not plugged in is not quietly made a folder on
    the disk), be a folder, and be writable: not marked read-only, and a file can
    really be made in it (a write-protected stick). ``not_in``: the backups folder,
    which a second folder must not be.
    """
    raw = str(folder).strip()
    if not raw:
        raise InvalidInput("请选择一个文件夹", "Choose a folder", field=field)
    path = Path(raw).expanduser()
    if not path.exists():
        raise InvalidInput(
            f"文件夹不存在：{path}（U 盘插好了吗？）",
            f"The folder does not exist: {path} (is the USB stick plugged in?)",
            field=field,
        )
    if not path.is_dir():
        raise InvalidInput(f"“{path}”不是文件夹", f"{str(path)!r} is not a folder", field=field)
    if not _writable(path):
        raise InvalidInput(
            f"文件夹是只读的，不能往里面写备份：{path}",
            f"The folder is read-only: backups cannot be written to {path}",
            field=field,
        )
    if not_in is not None and not_in.exists() and path.resolve() == not_in.resolve():
        raise InvalidInput(
            f"第二个备份位置不能就是备份文件夹本身（{path}），请选 U 盘或别的磁盘",
            f"The second place cannot be the backups folder itself ({path}): choose a USB "
            "stick or another disk",
            field=field,
        )
    return path


def _writable(folder: Path) -> bool:
    try:
        if os.name == "posix" and not folder.stat().st_mode & 0o222:
            return False  # marked read-only for everyone (the superuser would write anyway)
        if not os.access(folder, os.W_OK):
            return False
        probe = folder / f".station-desk-write-test-{os.getpid()}-{threading.get_ident()}"
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)
        probe.unlink()
    except OSError:
        return False
    return True


def auto_backup(
    db_url: str,
    folders: list[Path],
    now: datetime,
    *,
    progress: Callable[[float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[BackupInfo]:
    """Back the database up into each of ``folders``, verify each copy, rotate each folder.

    The first folder is the backups folder (made if missing); any further one (a USB
    stick) must exist and be writable. Each copy passes ``PRAGMA integrity_check``
    before it counts, and a record of that is written beside it; then the folder is
    rotated (:func:`rotate_backups`). ``now`` names the files (local time).
    ``progress(fraction)`` follows the copying; ``should_stop()`` True stops it,
    leaving no unfinished file. A folder that failed does not stop the others; then a
    :class:`DatabaseProblem` names every failure, and the copies that were made.
    """
    source = _existing_source(sqlite_file(db_url, "自动备份", "Automatic backup"))
    if not folders:
        raise InvalidInput("没有要备份到的文件夹", "No folder to back up to", field="backup_dir")
    done: list[BackupInfo] = []
    failures: list[tuple[Path, StationError]] = []
    count = len(folders)

    def step(i: int) -> Callable[[int, int], None]:
        def report(copied: int, total: int) -> None:
            if should_stop is not None and should_stop():
                raise _Stopped
            if progress is not None:
                progress((i + copied / max(total, 1)) / count)

        return report

    with _AUTO_LOCK:
        for i, folder in enumerate(folders):
            field = "backup_dir" if i == 0 else "second_folder"
            try:
                if i > 0:
                    check_backup_folder(folder, field=field)
                info = _write_backup(
                    source, folder, now, tag=AUTO_TAG, field=field, progress=step(i)
                )
                _write_record(info, now)
            except _Stopped:
                raise _stopped(done) from None
            except StationError as exc:
                failures.append((folder, exc))
                continue
            except OSError as exc:
                failures.append((folder, _unwritable(folder, exc, field)))
                continue
            done.append(info)
            rotate_backups(folder, now)
            if progress is not None:
                progress((i + 1) / count)
    if failures:
        raise _not_all_backed_up(done, failures)
    return done


def _unwritable(folder: Path, exc: OSError, field: str) -> DatabaseProblem:
    return DatabaseProblem(
        f"备份没有写成（{folder}）：{exc}",
        f"The backup could not be written to {folder}: {exc}",
        field=field,
    )


def _stopped(done: list[BackupInfo]) -> DatabaseProblem:
    zh = "备份已取消，没有留下没写完的文件"
    en = "The backup was cancelled and no unfinished file was left"
    if done:
        zh += "；已经做好的备份保留：" + "、".join(str(d.path) for d in done)
        en += "; the backups already made are kept: " + ", ".join(str(d.path) for d in done)
    return DatabaseProblem(zh, en)


def _not_all_backed_up(
    done: list[BackupInfo], failures: list[tuple[Path, StationError]]
) -> DatabaseProblem:
    zh = "；".join(f"{folder}：{exc.zh}" for folder, exc in failures)
    en = "; ".join(f"{folder}: {exc.en}" for folder, exc in failures)
    if done:
        zh += "。已备份到：" + "、".join(str(d.path) for d in done)
        en += ". Backed up to: " + ", ".join(str(d.path) for d in done)
    return DatabaseProblem(
        f"备份没有全部做成：{zh}",
        f"Not every backup was made: {en}",
        field=failures[0][1].field,
    )
