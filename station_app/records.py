"""Cleaning and disinfection records (消毒记录): where, what was done, who, when.

A station keeps a paper sheet on the wall of its mommy room and rest area; this is
that sheet. A record is append-only (the database's triggers refuse any change): a
mistake is put right by a new record with a note. While the station is open, a
reminder is due when more than the set number of hours have passed since the last
record, or since opening when nothing was recorded today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from db.models import CleaningRecord
from station_app import audit
from station_app.clock import day_bounds
from station_app.context import Actor, AppContext
from station_app.errors import InvalidInput
from station_app.stations import current_station
from station_app.validate import Field, a_date, integer, shown, text

AREA = ("区域", "Area")
DONE = ("所做工作", "What was done")
NOTE = ("备注", "Note")
START = ("开始日期", "Start date")
END = ("结束日期", "End date")
INTERVAL = ("提醒间隔（小时）", "Interval hours")
OPENS = ("开门时间", "Opens")
CLOSES = ("关门时间", "Closes")

# As the columns of cleaning_record (migration 0007).
AREA_LEN = 40
DONE_LEN = 200
NOTE_LEN = 200

DEFAULT_INTERVAL_HOURS = 4
DEFAULT_OPENS = time(7, 0)
DEFAULT_CLOSES = time(21, 0)
MAX_INTERVAL_HOURS = 24

_CLOCK_TIME = re.compile(r"(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class CleaningInfo:
    """One record; ``at`` is UTC (show it with ``ctx.local``)."""

    id: int
    area: str
    done: str
    at: datetime
    actor_name: str
    note: str


@dataclass(frozen=True)
class ReminderInfo:
    """A cleaning is due: ``hours`` whole hours have passed since ``since`` (UTC), more
    than ``interval_hours``. ``since`` is the last record's time, or today's opening
    when ``none_today`` (``last`` is then an older record, or None)."""

    since: datetime
    hours: int
    interval_hours: int
    none_today: bool
    last: CleaningInfo | None


def _info(r: CleaningRecord) -> CleaningInfo:
    return CleaningInfo(
        id=r.id, area=r.area, done=r.done, at=r.at, actor_name=r.actor_name, note=r.note
    )


def time_of_day(value: object, field: Field) -> time:
    """A local clock time: a ``time`` without a zone, or text such as "07:00"."""
    zh, en = field
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise InvalidInput(
                f"{zh}应为当地时间，不带时区",
                f"{en} must be a local time, without a zone",
                field=en,
            )
        return value
    if isinstance(value, str):
        match = _CLOCK_TIME.fullmatch(value.strip())
        if match is not None:
            hour, minute = int(match.group(1)), int(match.group(2))
            if hour < 24 and minute < 60:
                return time(hour, minute)
    raise InvalidInput(
        f"{zh}应为“时:分”，例如 07:00（收到“{shown(value)}”）",
        f"{en} must be hours:minutes such as 07:00 (got {shown(value)!r})",
        field=en,
    )


def _newest_first(station_id: int) -> Select[CleaningRecord]:
    return (
        select(CleaningRecord)
        .where(CleaningRecord.station_id == station_id)
        .order_by(CleaningRecord.at.desc(), CleaningRecord.id.desc())
    )


def _last(session: Session, station_id: int) -> CleaningRecord | None:
    return session.scalar(_newest_first(station_id).limit(1))


class CleaningService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def record(self, actor: Actor, area: str, done: str, note: str = "") -> CleaningInfo:
        """Record a cleaning or disinfection now: where (``area``) and what was done."""
        where = text(area, AREA, max_len=AREA_LEN)
        what = text(done, DONE, max_len=DONE_LEN)
        remark = text(note, NOTE, max_len=NOTE_LEN, required=False)
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            now = self.ctx.now()
            rec = CleaningRecord(
                station_id=station.id,
                area=where,
                done=what,
                at=now,
                actor_id=actor.user_id,
                actor_name=actor.name,
                note=remark,
            )
            s.add(rec)
            s.flush()
            audit.record(
                s,
                actor,
                "records.cleaning",
                "cleaning_record",
                rec.id,
                now,
                {"area": where, "done": what},
            )
            uow.commit()
            return _info(rec)

    def records(self, start: date, end: date) -> list[CleaningInfo]:
        """The records made from local day ``start`` to ``end`` (both included), newest first."""
        first = a_date(start, START)
        last = a_date(end, END)
        if last < first:
            raise InvalidInput(
                f"结束日期（{last}）早于开始日期（{first}）",
                f"The end date ({last}) is before the start date ({first})",
                field=END[1],
            )
        t0 = day_bounds(first, self.ctx.tz)[0]
        t1 = day_bounds(last, self.ctx.tz)[1]
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            q = _newest_first(station.id).where(CleaningRecord.at >= t0, CleaningRecord.at < t1)
            return [_info(r) for r in s.scalars(q)]

    def last(self) -> CleaningInfo | None:
        """The newest record, whatever its day; None when there is none."""
        with self.ctx.read() as uow:
            s = uow.session
            found = _last(s, current_station(s).id)
            return None if found is None else _info(found)

    def due(
        self,
        interval_hours: int = DEFAULT_INTERVAL_HOURS,
        opens: time | str = DEFAULT_OPENS,
        closes: time | str = DEFAULT_CLOSES,
    ) -> ReminderInfo | None:
        """A reminder when, while the station is open today (from ``opens`` until
        ``closes``, local time), more than ``interval_hours`` have passed since the last
        record, or since opening when nothing was recorded today; otherwise None."""
        hours = integer(interval_hours, INTERVAL, minimum=1, maximum=MAX_INTERVAL_HOURS)
        open_at = time_of_day(opens, OPENS)
        close_at = time_of_day(closes, CLOSES)
        if close_at <= open_at:
            raise InvalidInput(
                f"关门时间（{close_at:%H:%M}）应晚于开门时间（{open_at:%H:%M}）",
                f"Closing time ({close_at:%H:%M}) must be after opening time ({open_at:%H:%M})",
                field=CLOSES[1],
            )
        now = self.ctx.now()
        local_now = self.ctx.local(now)
        if not open_at <= local_now.time() < close_at:
            return None
        today = local_now.date()
        with self.ctx.read() as uow:
            s = uow.session
            found = _last(s, current_station(s).id)
            last = None if found is None else _info(found)
        recorded_today = last is not None and self.ctx.local(last.at).date() == today
        if last is not None and recorded_today:
            since = last.at
        else:
            since = datetime.combine(today, open_at, tzinfo=self.ctx.tz).astimezone(UTC)
        elapsed = now - since
        if elapsed <= timedelta(hours=hours):
            return None
        return ReminderInfo(
            since=since,
            hours=int(elapsed.total_seconds() // 3600),
            interval_hours=hours,
            none_today=not recorded_today,
            last=last,
        )
