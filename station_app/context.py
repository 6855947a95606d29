"""What every service needs: units of work, a clock, the local zone, the PIN hasher."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from db.uow import UowFactory
from station_app.clock import Clock


@dataclass(frozen=True)
class Actor:
    """Who is doing something. ``user_id`` is None for the command line."""

    user_id: int | None
    name: str
    role: str

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


# The command line is run by whoever can open the database file: it acts as a
# supervisor and is named as such in the audit log.
CLI_ACTOR = Actor(None, "命令行 (command line)", "supervisor")


@dataclass(frozen=True)
class AppContext:
    """``uow`` for an action that may write (one transaction, committed by the service);
    ``read`` for one that only looks (a snapshot that never waits for a writer)."""

    uow: UowFactory
    read: UowFactory
    clock: Clock
    tz: tzinfo

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(self.tz).date()

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.tz)
