"""The errors a service raises. Each carries a message fit to show an attendant.

Messages come in Simplified Chinese (first) and English. ``field`` names the
form field or CSV column at fault, ``row`` the line of an imported file.
"""

from __future__ import annotations


class StationError(Exception):
    """Base of every refusal. Nothing was written when one is raised."""

    def __init__(
        self, zh: str, en: str, *, field: str | None = None, row: int | None = None
    ) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en
        self.field = field
        self.row = row

    def message(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh

    def __str__(self) -> str:
        return f"{self.zh} ({self.en})"


class InvalidInput(StationError):
    """A field's value is empty, too long, out of range or of the wrong kind."""


class NotFound(StationError):
    """An id, name or code that does not exist."""


class Conflict(StationError):
    """The action clashes with what is recorded: duplicate, already done, too late."""


class InsufficientStock(Conflict):
    """More was asked for than is in stock (expired lots do not count)."""


class LimitReached(Conflict):
    """A relief claim over the campaign's per-person limit."""


class PermissionDenied(StationError):
    """The action needs a supervisor, or another attendant's record."""


class AuthFailed(StationError):
    """Wrong name or PIN, or the account is locked."""


class DatabaseProblem(StationError):
    """The environment failed: disk full, file locked, database damaged or too new."""


class WrongPinKey(StationError):
    """This PC's PIN key (pepper.key) is not the one the station's PINs were made with."""


class PrinterProblem(StationError):
    """The printer is missing or failed. The record the printout belongs to is saved."""
