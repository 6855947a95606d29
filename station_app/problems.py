"""What to tell a person when an action fails: a refusal, or the environment failing.

The CLI prints it, the window shows it in its notice line. A bug (anything
else) is not dressed up as a message: it surfaces as a bug.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from db.errors import DriverMissingError
from station_app.backup import driver_missing
from station_app.errors import DatabaseProblem, StationError

NOT_SAVED = ("这次的操作没有记下。", "Nothing of this action was saved.")


def _driver_message(exc: BaseException) -> str:
    """The database's own words, without the SQL statement and parameters around them."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig)
    if isinstance(exc, SQLAlchemyError):
        return str(exc).split("\n", 1)[0]
    return str(exc)


def database_problem(exc: BaseException) -> DatabaseProblem:
    """A database error in words for the attendant, each saying nothing was kept."""
    said = _driver_message(exc)
    lowered = said.lower()
    zh_tail, en_tail = NOT_SAVED
    if "locked" in lowered or "busy" in lowered:
        return DatabaseProblem(
            f"数据库正被另一个程序占用（备份、导入或另一台终端），请稍等片刻再试一次。{zh_tail}",
            "The database is busy in another program (a backup, an import or another kiosk): "
            f"wait a moment and try again. {en_tail}",
        )
    if "disk is full" in lowered or "disk full" in lowered:
        return DatabaseProblem(
            f"磁盘已满，数据库写不进去：请清理磁盘空间后再试。{zh_tail}",
            f"The disk is full and the database cannot be written: free some space and try "
            f"again. {en_tail}",
        )
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseProblem(
            f"数据库文件是只读的，无法写入：请检查文件和文件夹的权限。{zh_tail}",
            f"The database file is read-only: check the file's and folder's permissions. {en_tail}",
        )
    return DatabaseProblem(f"数据库出错：{said}。{zh_tail}", f"Database error: {said}. {en_tail}")


def problem_of(exc: BaseException) -> StationError | None:
    """What to tell a person about ``exc``, when it is a refusal or the environment
    failing (database, driver, files); None for a bug, which should surface as such."""
    if isinstance(exc, StationError):
        return exc
    if isinstance(exc, DriverMissingError):
        return driver_missing(exc.dialect, exc.module)
    if isinstance(exc, SQLAlchemyError | sqlite3.Error):
        return database_problem(exc)
    if isinstance(exc, OSError):
        return DatabaseProblem(
            f"文件或目录无法访问：{exc}", f"File or folder not accessible: {exc}"
        )
    return None
