"""Searching the visit register: a range of local days, a category, a member.

The clock starts at 2026-07-01 09:00 in Shanghai (UTC+8) and is moved over several days,
so that some visits fall on a local day other than their UTC day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event, update

from db.models import Category
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import InvalidInput, NotFound
from station_app.services import Services
from tests.conftest import TZ


@dataclass(frozen=True)
class Register:
    """The ids of the visits made, by the letter the tests use for them."""

    a: int  # 07-01 09:00 快递员, anonymous
    b: int  # 07-01 09:10 快递员, member 小马
    c: int  # 07-01 09:20 外卖骑手, voided at 09:22
    d: int  # 07-02 23:30 环卫工人, member 老王
    e: int  # 07-03 00:10 快递员, member 小马 (still 07-02 in UTC)
    f: int  # 07-05 12:00 外卖骑手, member 100%达人
    ma_code: str


def at(clock: FixedClock, day: int, hour: int, minute: int) -> None:
    clock.set(datetime(2026, 7, day, hour, minute, tzinfo=TZ))


@pytest.fixture
def register(services: Services, clock: FixedClock, attendant: Actor) -> Register:
    v = services.visits
    ma = services.members.register(attendant, "快递员", nickname="小马")
    wang = services.members.register(attendant, "环卫工人", nickname="老王")
    pct = services.members.register(attendant, "外卖骑手", nickname="100%达人")
    a = v.check_in(attendant, "快递员").id
    at(clock, 1, 9, 10)
    b = v.check_in(attendant, None, ["饮水"], member_code=ma.code).id
    at(clock, 1, 9, 20)
    c = v.check_in(attendant, "外卖骑手").id
    at(clock, 1, 9, 22)
    v.undo_check_in(attendant, c, "点错了")
    at(clock, 1, 10, 0)
    v.check_out(attendant, b)
    at(clock, 2, 23, 30)
    d = v.check_in(attendant, None, member_code=wang.code).id
    at(clock, 3, 0, 10)
    e = v.check_in(attendant, "快递员", member_code=ma.code).id
    at(clock, 5, 12, 0)
    f = v.check_in(attendant, None, member_code=pct.code).id
    return Register(a, b, c, d, e, f, ma.code)


def ids(services: Services, *args: Any, **kwargs: Any) -> list[int]:
    return [v.id for v in services.visits.search(*args, **kwargs)]


JULY_1 = date(2026, 7, 1)
JULY_5 = date(2026, 7, 5)


def test_a_range_of_local_days_newest_first_with_voided_marked(
    services: Services, register: Register
) -> None:
    r = register
    day = services.visits.search(JULY_1, JULY_1)
    assert [v.id for v in day] == [r.c, r.b, r.a]
    assert [v.voided for v in day] == [True, False, False]
    assert day[1].member_nickname == "小马" and day[1].services == ("饮水",)
    assert day[1].duration_minutes == 50 and day[1].attendant == "李师傅"
    assert ids(services, JULY_1, JULY_5) == [r.f, r.e, r.d, r.c, r.b, r.a]
    # 00:10 on 07-03 in Shanghai is 07-02 in UTC: the local day decides.
    assert ids(services, date(2026, 7, 2), date(2026, 7, 2)) == [r.d]
    assert ids(services, date(2026, 7, 3), date(2026, 7, 4)) == [r.e]
    assert ids(services, date(2026, 7, 6), date(2026, 7, 30)) == []


def test_by_category_name_english_name_or_id(services: Services, register: Register) -> None:
    r = register
    couriers = [r.e, r.b, r.a]
    assert ids(services, JULY_1, JULY_5, category="快递员") == couriers
    assert ids(services, JULY_1, JULY_5, category="courier") == couriers
    courier_id = next(c.id for c in services.stations.categories() if c.name == "快递员")
    assert ids(services, JULY_1, JULY_5, category=courier_id) == couriers
    assert ids(services, JULY_1, JULY_5, category="外卖骑手") == [r.f, r.c]
    assert ids(services, JULY_1, JULY_5, category="  ") == ids(services, JULY_1, JULY_5)


def test_a_retired_category_is_still_found(
    services: Services, engine: Engine, register: Register
) -> None:
    with engine.begin() as conn:
        conn.execute(update(Category).where(Category.name == "环卫工人").values(active=False))
    assert ids(services, JULY_1, JULY_5, category="环卫工人") == [register.d]


def test_by_member_card_code_or_nickname(services: Services, register: Register) -> None:
    r = register
    spaced = " ".join([r.ma_code[:4].lower(), r.ma_code[4:]])
    assert ids(services, JULY_1, JULY_5, member=spaced) == [r.e, r.b]
    assert ids(services, JULY_1, JULY_5, member="马") == [r.e, r.b]
    assert ids(services, JULY_1, JULY_5, member="老王") == [r.d]
    assert ids(services, JULY_1, JULY_5, member="%") == [r.f]  # a literal %, not "anything"
    assert ids(services, JULY_1, JULY_5, member="_") == []
    assert ids(services, JULY_1, JULY_5, member="张") == []
    assert ids(services, JULY_1, JULY_5, member="") == ids(services, JULY_1, JULY_5)


def test_filters_combine_and_the_limit_keeps_the_newest(
    services: Services, register: Register
) -> None:
    r = register
    july_2 = date(2026, 7, 2)
    assert ids(services, JULY_1, july_2, category="快递员", member="小马") == [r.b]
    assert ids(services, JULY_1, JULY_5, category="环卫工人", member="小马") == []
    assert ids(services, JULY_1, JULY_5, limit=2) == [r.f, r.e]
    assert ids(services, JULY_1, JULY_5, category="快递员", limit=1) == [r.e]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": JULY_5, "end": JULY_1}, "End date"),
        ({"start": date(2026, 1, 1), "end": date(2027, 1, 2)}, "End date"),  # 367 days
        ({"start": datetime(2026, 7, 1, 9, 0), "end": JULY_1}, "Start date"),
        ({"start": JULY_1, "end": "2026-07-05"}, "End date"),
        ({"category": "没有这类"}, "Category"),
        ({"category": 9999}, "Category"),
        ({"category": 1.5}, "Category"),
        ({"member": "长" * 65}, "Member"),
        ({"member": 12}, "Member"),
        ({"limit": 0}, "Limit"),
        ({"limit": True}, "Limit"),
    ],
)
def test_bad_arguments_are_refused_naming_the_field(
    services: Services, register: Register, kwargs: dict[str, Any], field: str
) -> None:
    args: dict[str, Any] = {"start": JULY_1, "end": JULY_5, **kwargs}
    with pytest.raises((InvalidInput, NotFound)) as refused:
        services.visits.search(**args)
    assert refused.value.field == field


def test_a_whole_leap_year_is_allowed(services: Services, register: Register) -> None:
    # 2028-01-01 .. 2028-12-31 is 366 days.
    assert ids(services, date(2028, 1, 1), date(2028, 12, 31)) == []
    assert len(ids(services, date(2025, 7, 6), JULY_5)) == 6  # 366 days back from 07-05


def test_the_search_reads_the_station_and_check_in_index(
    services: Services, engine: Engine, register: Register
) -> None:
    """Each way of searching walks ix_visit_station_in, never the whole visit table."""
    statements: list[tuple[str, Any]] = []

    def seen(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        if "FROM visit" in sql:
            statements.append((sql, params))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        services.visits.search(JULY_1, JULY_5)
        services.visits.search(JULY_1, JULY_5, category="快递员")
        services.visits.search(JULY_1, JULY_5, category="快递员", member="小马")
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    queries = [(sql, p) for sql, p in statements if "checked_in_at >=" in sql]
    assert len(queries) == 3
    with engine.connect() as conn:
        for sql, params in queries:
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
            visit_steps = [row[3] for row in plan if " visit " in f" {row[3]} "]
            assert visit_steps, plan
            assert all("ix_visit_station_in" in step for step in visit_steps), plan
