"""Errors raised by the database layer itself."""

from __future__ import annotations


class SchemaTooNewError(Exception):
    """The database was written by a newer Station Desk than this one."""

    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


class IntegrityCheckError(Exception):
    """SQLite's integrity or foreign-key check found damage."""
