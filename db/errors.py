"""Errors raised by the database layer itself."""

from __future__ import annotations

from pathlib import Path


class SchemaTooNewError(Exception):
    """The database was written by a newer Station Desk than this one."""

    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


class IntegrityCheckError(Exception):
    """SQLite's integrity or foreign-key check found damage."""


class UpgradeUndoneError(IntegrityCheckError):
    """The foreign key check after the migrations failed, so the upgrade was rolled back.

    The database is as it was; ``backup`` is the copy taken before, if one was.
    """

    def __init__(self, problems: str, backup: Path | None) -> None:
        super().__init__(problems)
        self.problems = problems
        self.backup = backup


class ForeignDatabaseError(Exception):
    """The database holds tables but no schema revision: another program's database."""

    def __init__(self, tables: list[str]) -> None:
        super().__init__(", ".join(tables))
        self.tables = tables


class DriverMissingError(Exception):
    """The database URL names a driver (DBAPI module) that is not installed."""

    def __init__(self, dialect: str, module: str) -> None:
        super().__init__(f"{dialect}: {module}")
        self.dialect = dialect
        self.module = module
