"""Time: stored in UTC, shown and grouped by the station's local time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_zone(name: str | None = None) -> tzinfo:
    """The named IANA zone, or the computer's own zone."""
    if name:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The UTC instants where the local ``day`` starts and the next one starts."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


class FixedClock:
    """A clock for tests and demos that moves only when told to."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when.astimezone(UTC)
