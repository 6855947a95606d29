"""Cleaning and disinfection records: validated, one transaction with its audit event,
append-only, listed by local day, and a reminder while the station is open."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import DatabaseError

from db.models import AuditEvent, CleaningRecord
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import InvalidInput
from station_app.records import ReminderInfo
from station_app.services import Services
from tests.conftest import TZ

OPENS = time(7, 0)
CLOSES = time(21, 0)


def count(services: Services, model: type[CleaningRecord] | type[AuditEvent]) -> int:
    with services.ctx.read() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def at(clock: FixedClock, hour: int, minute: int = 0, day: date | None = None) -> datetime:
    """Set ``clock`` to a local time on ``day`` (the fixture's day when None)."""
    when = datetime.combine(day or date(2026, 7, 1), time(hour, minute), tzinfo=TZ)
    clock.set(when)
    return when


# ----------------------------------------------------------------- record


def test_a_record_is_stored_with_who_and_when_and_audited(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    info = services.records.record(attendant, " 哺乳室 ", "消毒  紫外线", note="地面也拖了")
    assert (info.area, info.done, info.note, info.actor_name) == (
        "哺乳室",
        "消毒 紫外线",
        "地面也拖了",
        attendant.name,
    )
    assert info.at == clock()
    with services.ctx.read() as uow:
        row = uow.session.get(CleaningRecord, info.id)
        assert row is not None
        assert (row.area, row.done, row.actor_id, row.actor_name) == (
            "哺乳室",
            "消毒 紫外线",
            attendant.user_id,
            attendant.name,
        )
        event = uow.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "records.cleaning")
        )
        assert event is not None
        assert (event.entity, event.entity_id, event.actor_name) == (
            "cleaning_record",
            info.id,
            attendant.name,
        )
        assert event.detail == {"area": "哺乳室", "done": "消毒 紫外线"}


@pytest.mark.parametrize(
    ("area", "done", "note", "field"),
    [
        ("", "消毒", "", "Area"),
        ("   ", "消毒", "", "Area"),
        ("卫生间", "", "", "What was done"),
        ("区" * 41, "消毒", "", "Area"),
        ("卫生间", "消" * 201, "", "What was done"),
        ("卫生间", "消毒", "注" * 201, "Note"),
        (None, "消毒", "", "Area"),
        ("卫生间", 7, "", "What was done"),
        ("卫生间\ud800", "消毒", "", "Area"),
    ],
)
def test_a_bad_record_is_refused_naming_its_field_and_writes_nothing(
    services: Services, attendant: Actor, area: object, done: object, note: object, field: str
) -> None:
    before = count(services, AuditEvent)
    with pytest.raises(InvalidInput) as refused:
        services.records.record(attendant, area, done, note)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert refused.value.zh and refused.value.en
    assert count(services, CleaningRecord) == 0
    assert count(services, AuditEvent) == before


def test_the_longest_values_the_columns_hold_are_taken(
    services: Services, attendant: Actor
) -> None:
    info = services.records.record(attendant, "区" * 40, "消" * 200, "注" * 200)
    assert (len(info.area), len(info.done), len(info.note)) == (40, 200, 200)


def test_records_are_append_only_in_the_database(services: Services, attendant: Actor) -> None:
    info = services.records.record(attendant, "卫生间", "消毒")
    with services.ctx.uow() as uow, pytest.raises(DatabaseError, match="append-only"):
        uow.session.execute(
            update(CleaningRecord).where(CleaningRecord.id == info.id).values(done="清洁")
        )
    assert services.records.records(date(2026, 7, 1), date(2026, 7, 1))[0].done == "消毒"


def test_the_service_offers_no_way_to_change_or_delete_a_record(services: Services) -> None:
    public = {n for n in dir(services.records) if not n.startswith("_")}
    assert public == {"ctx", "record", "records", "last", "due"}


# ----------------------------------------------------------------- lists


def test_records_lists_local_days_newest_first(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    # 00:30 local on 1 July is still 30 June in UTC: the local day is what counts.
    at(clock, 0, 30)
    early = services.records.record(attendant, "休息区", "清洁")
    at(clock, 23, 50, day=date(2026, 6, 30))
    before = services.records.record(attendant, "冰箱", "清洁")
    at(clock, 15, 0)
    late = services.records.record(attendant, "微波炉", "消毒")
    at(clock, 10, 0, day=date(2026, 7, 2))
    services.records.record(attendant, "卫生间", "更换垃圾袋")

    july_first = services.records.records(date(2026, 7, 1), date(2026, 7, 1))
    assert [r.id for r in july_first] == [late.id, early.id]
    both = services.records.records(date(2026, 6, 30), date(2026, 7, 1))
    assert [r.area for r in both] == ["微波炉", "休息区", "冰箱"]
    assert [r.id for r in both][-1] == before.id
    assert services.records.records(date(2026, 7, 3), date(2026, 7, 9)) == []
    last = services.records.last()
    assert last is not None and last.area == "卫生间"


def test_records_refuse_a_reversed_range(services: Services, station: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.records.records(date(2026, 7, 2), date(2026, 7, 1))
    assert refused.value.field == "End date"
    with pytest.raises(InvalidInput) as refused:
        services.records.records(datetime(2026, 7, 1, tzinfo=TZ), date(2026, 7, 1))  # type: ignore[arg-type]
    assert refused.value.field == "Start date"


def test_last_is_none_before_any_record(services: Services, station: object) -> None:
    assert services.records.last() is None


# ----------------------------------------------------------------- the reminder


def test_no_reminder_before_the_interval_since_opening(
    services: Services, station: object, clock: FixedClock
) -> None:
    at(clock, 11, 0)  # exactly 4 hours after opening: not more than 4
    assert services.records.due(4, OPENS, CLOSES) is None


def test_a_reminder_since_opening_when_nothing_was_recorded_today(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    at(clock, 20, 0, day=date(2026, 6, 30))
    yesterday = services.records.record(attendant, "卫生间", "消毒")
    at(clock, 11, 1)
    reminder = services.records.due(4, OPENS, CLOSES)
    assert isinstance(reminder, ReminderInfo)
    assert reminder.since == datetime(2026, 7, 1, 7, 0, tzinfo=TZ)
    assert (reminder.hours, reminder.interval_hours, reminder.none_today) == (4, 4, True)
    assert reminder.last == yesterday


def test_a_reminder_counts_from_the_last_record_and_a_new_record_clears_it(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    at(clock, 9, 0)
    first = services.records.record(attendant, "哺乳室", "消毒")
    at(clock, 11, 59)
    assert services.records.due(3, OPENS, CLOSES) is None  # 2 h 59 since the record
    at(clock, 15, 30)
    reminder = services.records.due(3, OPENS, CLOSES)
    assert reminder is not None
    assert (reminder.since, reminder.hours, reminder.none_today) == (first.at, 6, False)
    services.records.record(attendant, "哺乳室", "紫外线消毒")
    assert services.records.due(3, OPENS, CLOSES) is None


def test_no_reminder_while_the_station_is_closed(
    services: Services, station: object, clock: FixedClock
) -> None:
    at(clock, 21, 0)
    assert services.records.due(1, OPENS, CLOSES) is None
    at(clock, 6, 59)
    assert services.records.due(1, OPENS, CLOSES) is None
    at(clock, 20, 59)
    reminder = services.records.due(1, "07:00", "21:00")  # text, as kept in settings
    assert reminder is not None and reminder.hours == 13


def test_the_defaults_are_every_four_hours_from_seven_to_nine(
    services: Services, station: object, clock: FixedClock
) -> None:
    at(clock, 11, 30)
    reminder = services.records.due()
    assert reminder is not None and reminder.interval_hours == 4


@pytest.mark.parametrize(
    ("interval", "opens", "closes", "field"),
    [
        (0, OPENS, CLOSES, "Interval hours"),
        (25, OPENS, CLOSES, "Interval hours"),
        (1.5, OPENS, CLOSES, "Interval hours"),
        ("四", OPENS, CLOSES, "Interval hours"),
        (4, "7点", CLOSES, "Opens"),
        (4, "24:00", CLOSES, "Opens"),
        (4, datetime(2026, 7, 1, 7, 0), CLOSES, "Opens"),
        (4, time(7, 0, tzinfo=TZ), CLOSES, "Opens"),
        (4, OPENS, None, "Closes"),
        (4, OPENS, "06:00", "Closes"),
        (4, OPENS, "07:00", "Closes"),
    ],
)
def test_bad_reminder_settings_are_refused_naming_the_setting(
    services: Services, station: object, interval: object, opens: object, closes: object, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.records.due(interval, opens, closes)  # type: ignore[arg-type]
    assert refused.value.field == field
