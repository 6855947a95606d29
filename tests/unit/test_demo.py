"""The demo generator: reproducible, never in the future, safe on a real station, its
expired lot, its engine and its check-outs."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Engine, QueuePool, text

from db.engine import create_station_engine
from station_app import demo as demo_module
from station_app.clock import FixedClock, day_bounds
from station_app.config import sqlite_url
from station_app.context import Actor
from station_app.demo import (
    ATTENDANTS,
    INTO_EXISTING,
    SUPERVISOR,
    DemoAccount,
    DemoSummary,
    _Shortcuts,
    demo_engine,
    run_demo,
)
from station_app.errors import Conflict, InsufficientStock, InvalidInput
from station_app.services import Services, build_services
from tests.conftest import (
    ATTENDANT_NAME,
    ATTENDANT_PIN,
    SUPERVISOR_NAME,
    SUPERVISOR_PIN,
    TZ,
    fast_hasher,
)

END = date(2026, 1, 31)  # winter: 冬季送温暖 runs, a month-end stocktake, quiet days
# Secret by design, so never the same twice: the station's QR secret and the argon2 PIN
# hashes (random salts). Every other column of every table must be equal.
SECRET_COLUMNS = {("station", "secret"), ("app_user", "pin_hash")}


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows (secret columns left out), in a fixed order."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        out = {}
        for table in tables:
            cols = [
                r[1]
                for r in conn.execute(f'PRAGMA table_info("{table}")')
                if (table, r[1]) not in SECRET_COLUMNS
            ]
            listed = ", ".join(f'"{c}"' for c in cols)
            out[table] = conn.execute(
                f'SELECT {listed} FROM "{table}" ORDER BY {listed}'
            ).fetchall()
        return out
    finally:
        conn.close()


def latest(path: Path) -> str:
    """The latest moment recorded anywhere (naive UTC text, as SQLite holds it)."""
    conn = sqlite3.connect(path)
    try:
        return max(
            conn.execute(f"SELECT COALESCE(MAX({col}), '') FROM {table}").fetchone()[0]
            for table, col in (
                ("visit", "checked_in_at"),
                ("visit", "checked_out_at"),
                ("stock_move", "at"),
                ("audit_event", "at"),
                ("loan", "lent_at"),
                ("loan", "returned_at"),
                ("handout", "handed_at"),
                ("stocktake", "counted_at"),
                ("member", "created_at"),
            )
        )
    finally:
        conn.close()


def utc_text(when: datetime) -> str:
    return when.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


@pytest.fixture
def fresh(tmp_path: Path, migrated_template: Path) -> Callable[[str], Path]:
    """A new migrated database file per name."""

    def make(name: str) -> Path:
        path = tmp_path / f"{name}.db"
        shutil.copy(migrated_template, path)
        return path

    return make


@pytest.fixture
def engines() -> Iterator[Callable[[Path], Engine]]:
    made: list[Engine] = []

    def open_engine(path: Path) -> Engine:
        made.append(create_station_engine(sqlite_url(path)))
        return made[-1]

    yield open_engine
    for e in made:
        e.dispose()


def demo_on(
    engine: Engine, *, days: int = 3, seed: int = 1, end: date | None = END, **kw: Any
) -> DemoSummary:
    """The demo with the tests' cheap PIN hasher: by default 3 days to END, seed 1."""
    return run_demo(engine, fast_hasher(), days=days, seed=seed, tz=TZ, end=end, **kw)


# --------------------------------------------------------------------------- reproducible


def test_same_seed_and_end_date_give_the_same_rows_in_every_table(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    a, b, c = fresh("a"), fresh("b"), fresh("c")
    first = demo_on(engines(a), seed=1)
    second = demo_on(engines(b), seed=1)
    assert first == second
    rows_a, rows_b = dump(a), dump(b)
    # This run writes all of these (rain on one of its days: umbrellas lent).
    for table in (
        "visit",
        "visit_service",
        "stock_move",
        "lot_stock",
        "member",
        "handout",
        "loan",
        "campaign",
        "audit_event",
        "app_user",
        "station",
        "stocktake",
    ):
        assert rows_a[table], table
    assert rows_a.keys() == rows_b.keys()
    for table in rows_a:
        assert rows_a[table] == rows_b[table], table
    # Another seed: another station (visits, member cards).
    demo_on(engines(c), seed=2)
    rows_c = dump(c)
    assert rows_c["visit"] != rows_a["visit"]
    assert rows_c["member"] != rows_a["member"]


def test_default_end_is_yesterday_and_gives_the_same_rows_all_day(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    today = date(2026, 2, 1)
    morning, night = fresh("morning"), fresh("night")
    early = demo_on(engines(morning), end=None, now=lambda: local(today, 0, 5))
    late = demo_on(engines(night), end=None, now=lambda: local(today, 23, 55))
    assert (early.first_day, early.last_day) == (date(2026, 1, 29), date(2026, 1, 31))
    assert early == late
    assert dump(morning) == dump(night)
    # Nothing after the end of yesterday, though the first run started at 00:05 today.
    assert latest(morning) < utc_text(day_bounds(today, TZ)[0])
    assert latest(morning) > utc_text(local(date(2026, 1, 31), 20))


def test_an_end_date_of_today_stops_at_the_present_moment(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    today = date(2026, 2, 1)
    noon = local(today, 12)
    path = fresh("today")
    summary = demo_on(engines(path), days=2, end=today, now=lambda: noon)
    assert summary.last_day == today
    assert utc_text(local(today, 9)) < latest(path) <= utc_text(noon)


def test_an_end_date_in_the_future_is_refused(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    path = fresh("future")
    with pytest.raises(InvalidInput) as refused:
        demo_on(engines(path), end=date(2026, 2, 2), now=lambda: local(date(2026, 2, 1), 12))
    assert refused.value.field == "end"
    assert dump(path)["station"] == []


# --------------------------------------------------------------------------- expired lot


class WrittenOff(Exception):
    """Raised from the progress callback to end a run once its expired lot is written off:
    the ledger is append-only, so the days after it cannot undo that."""


@pytest.mark.parametrize("seed", range(32))
def test_a_lot_expires_and_is_written_off_whatever_the_seed(
    seed: int, fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    # Short runs of 14 to 21 days (so every weekday starts one), in the quiet season.
    days = 14 + seed % 8
    end = date(2026, 1, 20) + timedelta(seed)
    first_day = end - timedelta(days - 1)
    path = fresh("expiry")
    conn = sqlite3.connect(path)

    def written_off() -> list[tuple[str, str, int, str]]:
        return conn.execute(
            "SELECT l.lot_code, l.expires_on, m.qty, m.at FROM stock_move m "
            "JOIN lot l ON l.id = m.lot_id WHERE m.reason = 'expired'"
        ).fetchall()

    def stop_once_written_off(done: int, total: int) -> None:
        if written_off():
            raise WrittenOff(done)

    try:
        with pytest.raises(WrittenOff) as stopped:
            demo_on(engines(path), days=days, seed=seed, end=end, progress=stop_once_written_off)
        rows = written_off()
    finally:
        conn.close()
    assert stopped.value.args[0] < days  # well inside the period
    for _code, expires_on, qty, at in rows:
        assert qty < 0
        # After its expiry date, inside the period.
        assert utc_text(day_bounds(date.fromisoformat(expires_on), TZ)[1]) <= at
        assert utc_text(day_bounds(first_day, TZ)[0]) <= at


# --------------------------------------------------------------------------- safety


def station_with_records(services: Services, clock: FixedClock) -> tuple[Actor, Actor]:
    services.stations.initialize(
        name="解放路爱心驿家",
        kind="both",
        supervisor_name=SUPERVISOR_NAME,
        supervisor_pin=SUPERVISOR_PIN,
        code="JFL01",
    )
    boss = services.users.login(SUPERVISOR_NAME, SUPERVISOR_PIN)
    services.users.create_user(boss, ATTENDANT_NAME, "attendant", ATTENDANT_PIN)
    return boss, services.users.login(ATTENDANT_NAME, ATTENDANT_PIN)


def test_a_station_with_records_of_its_own_is_refused_and_left_as_it_was(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    path = fresh("real")
    engine = engines(path)
    clock = FixedClock(local(date(2026, 7, 16), 9))
    services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
    station_with_records(services, clock)
    before = dump(path)
    with pytest.raises(Conflict) as refused:
        demo_on(engine)
    assert refused.value.field == INTO_EXISTING
    assert INTO_EXISTING in refused.value.zh and INTO_EXISTING in refused.value.en
    assert "（第一位负责人以外的用户 1）" in refused.value.zh
    assert "(users besides the first supervisor: 1)" in refused.value.en
    assert dump(path) == before


def test_into_existing_adds_records_and_leaves_the_stations_own_alone(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    path = fresh("into")
    engine = engines(path)
    clock = FixedClock(local(date(2025, 12, 20), 9))
    services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
    boss, attendant = station_with_records(services, clock)
    # The station's own: a visitor inside, an umbrella out, an expired lot on the shelf,
    # and a campaign named as the demo would name its own.
    services.inventory.receive(boss, "雨伞", 3, lot_code="OWN-U")
    services.inventory.receive(boss, "创可贴", 5, lot_code="OWN-C", expires_on=date(2025, 12, 21))
    inside = services.visits.check_in(attendant, "快递员")
    loan = services.loans.lend(attendant, "雨伞", borrower="张师傅")
    services.relief.create_campaign(
        boss, "2025–2026 冬季送温暖", date(2025, 12, 1), date(2026, 2, 28), [("矿泉水", 1)]
    )
    summary = demo_on(engine, days=8, end=date(2026, 1, 10), into_existing=True)
    assert summary.visits > 0 and summary.written_off >= 1
    # The station's own supervisor acts for the demo; its attendants are new accounts.
    assert summary.accounts == tuple(DemoAccount(n, "attendant", p) for n, p in ATTENDANTS)
    assert SUPERVISOR[0] not in {u.name for u in services.users.list_users()}
    assert [v.id for v in services.visits.inside_now()] == [inside.id]
    assert [x.id for x in services.loans.open_loans()][:1] == [loan.id]
    own_lot = [x for x in services.inventory.count_sheet() if x.lot_code == "OWN-C"]
    assert [x.expected for x in own_lot] == [5]
    names = sorted(c.name for c in services.relief.campaigns(include_inactive=True))
    assert names == ["2025–2026 冬季送温暖", "2025–2026 冬季送温暖（演示）"]


def test_a_second_demo_into_the_same_station_with_the_same_seed(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    path = fresh("twice")
    engine = engines(path)
    first = demo_on(engine)
    with pytest.raises(Conflict):
        demo_on(engine)
    again = demo_on(engine, into_existing=True)
    assert again.visits > 0 and again.accounts == ()
    services = build_services(engine, fast_hasher(), tz=TZ)
    codes = [m.code for m in services.members.list_members()]
    assert len(codes) == len(set(codes)) == 80  # new cards, none drawn twice
    names = sorted(c.name for c in services.relief.campaigns(include_inactive=True))
    assert names == ["2025–2026 冬季送温暖", "2025–2026 冬季送温暖（演示）"]
    assert first.accounts and dump(path)["visit"]


def test_a_station_just_set_up_is_used_and_the_new_accounts_are_listed(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    path = fresh("init")
    engine = engines(path)
    clock = FixedClock(local(date(2026, 7, 16), 9))
    services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
    services.stations.initialize(
        name="解放路爱心驿家",
        kind="rest",
        supervisor_name=SUPERVISOR_NAME,
        supervisor_pin=SUPERVISOR_PIN,
    )
    summary = demo_on(engine)
    assert summary.station == "解放路爱心驿家"
    assert summary.accounts == (
        DemoAccount("值班员小张", "attendant", "1357"),
        DemoAccount("志愿者小李", "attendant", "3579"),
    )
    for account in summary.accounts:
        assert services.users.login(account.name, account.pin).name == account.name
    # The station opens with the demo's first day now, on the record.
    assert services.stations.profile().created_at < day_bounds(summary.first_day, TZ)[0]
    assert [e.action for e in services.audit.recent(action="demo.backdate")] == ["demo.backdate"]


def test_an_empty_database_gets_the_demo_station_and_all_three_accounts(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    engine = engines(fresh("empty"))
    summary = demo_on(engine)
    assert summary.accounts == (
        DemoAccount("演示负责人", "supervisor", "2580"),
        DemoAccount("值班员小张", "attendant", "1357"),
        DemoAccount("志愿者小李", "attendant", "3579"),
    )
    services = build_services(engine, fast_hasher(), tz=TZ)
    for account in summary.accounts:
        actor = services.users.login(account.name, account.pin)
        assert (actor.name, actor.role) == (account.name, account.role)


# --------------------------------------------------------------------------- engine


def synchronous(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("PRAGMA synchronous")).scalar_one())


def test_the_demo_writes_with_normal_sync_and_leaves_the_stations_engine_at_full(
    fresh: Callable[[str], Path],
    engines: Callable[[Path], Engine],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = engines(fresh("sync"))
    assert synchronous(engine) == 2  # FULL
    with demo_engine(engine) as writer:
        assert writer is not engine
        assert writer.url == engine.url
        assert synchronous(writer) == 1  # NORMAL
        assert synchronous(engine) == 2
    made: list[Engine] = []

    def recording(url: str, **kwargs: Any) -> Engine:
        made.append(create_station_engine(url, **kwargs))
        return made[-1]

    monkeypatch.setattr(demo_module, "create_station_engine", recording)
    seen: list[int] = []
    demo_on(engine, progress=lambda done, total: seen.append(synchronous(engine)))
    # The station's engine stayed at FULL all along; the demo's own was closed at the end
    # (no connection left in its pool), and what it wrote is there.
    assert seen == [2, 2, 2] and synchronous(engine) == 2
    (writer,) = made
    assert cast(QueuePool, writer.pool).checkedin() == 0
    assert synchronous(writer) == 1
    writer.dispose()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM visit")).scalar_one() > 0


def test_an_in_memory_database_is_written_through_its_own_engine() -> None:
    engine = create_station_engine("sqlite://")
    try:
        with demo_engine(engine) as writer:
            assert writer is engine
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- shortcuts


Twin = tuple[Path, Services, FixedClock, Actor, list[int]]


def twin_stations(fresh: Callable[[str], Path], engines: Callable[[Path], Engine]) -> list[Twin]:
    """The same station twice: water in three lots (one expired by now), three visitors
    checked in (the third one's check-in undone)."""
    out = []
    for name in ("service", "demo"):
        path = fresh(name)
        clock = FixedClock(local(date(2026, 7, 14), 9))
        services = build_services(engines(path), fast_hasher(), clock=clock, tz=TZ)
        boss, attendant = station_with_records(services, clock)
        for code, qty, expires in (("OLD", 5, 15), ("A", 2, 20), ("B", 10, 30)):
            services.inventory.receive(boss, "矿泉水", qty, code, date(2026, 7, expires))
        clock.set(local(date(2026, 7, 16), 9))
        ids = []
        for cat in ("快递员", "外卖骑手", "环卫工人"):
            clock.advance(minutes=7, seconds=13, microseconds=250)
            ids.append(services.visits.check_in(attendant, cat, services=("饮水",)).id)
        services.visits.undo_check_in(attendant, ids[2])
        out.append((path, services, clock, attendant, ids))
    assert out[0][4] == out[1][4]
    return out


def test_a_demo_check_out_writes_the_rows_the_service_writes(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    (path_a, svc_a, clock_a, att_a, ids), (path_b, svc_b, clock_b, att_b, _) = twin_stations(
        fresh, engines
    )
    quick = _Shortcuts(svc_b.ctx)
    checked_in = {v.id: v.checked_in_at for v in svc_b.visits.visits_on(date(2026, 7, 16))}
    # Some time later; then one with the clock set back to before its check-in.
    for clock in (clock_a, clock_b):
        clock.advance(minutes=47, seconds=31)
    svc_a.visits.check_out(att_a, ids[0])
    quick.check_out(att_b, ids[0], checked_in[ids[0]])
    for clock in (clock_a, clock_b):
        clock.set(checked_in[ids[1]] - timedelta(minutes=5))
    svc_a.visits.check_out(att_a, ids[1])
    quick.check_out(att_b, ids[1], checked_in[ids[1]])
    rows_a, rows_b = dump(path_a), dump(path_b)
    for table in ("visit", "visit_service", "audit_event"):
        assert rows_a[table] == rows_b[table], table
    minutes = [e.detail["minutes"] for e in svc_b.audit.recent(action="visit.check_out")]
    assert minutes == [0, 61]  # 09:07:13 to 10:09:10; and none before the check-in
    # Refused like the service: already out, voided (the third was undone), unknown.
    for visit_id, at in (
        (ids[0], checked_in[ids[0]]),
        (ids[2], checked_in[ids[2]]),
        (999, clock_b()),
    ):
        with pytest.raises(Conflict):
            quick.check_out(att_b, visit_id, at)
    assert dump(path_b) == rows_b


def test_a_demo_issue_writes_the_rows_the_service_writes(
    fresh: Callable[[str], Path], engines: Callable[[Path], Engine]
) -> None:
    (path_a, svc_a, clock_a, att_a, ids), (path_b, svc_b, clock_b, att_b, _) = twin_stations(
        fresh, engines
    )
    quick = _Shortcuts(svc_b.ctx)
    for clock in (clock_a, clock_b):
        clock.advance(minutes=3)
    # Three bottles: the 2 of lot A, then 1 of lot B; the expired lot is never touched.
    svc_a.inventory.issue(att_a, "矿泉水", 3, visit_id=ids[0], note="防暑")
    quick.issue(att_b, "矿泉水", 3, ids[0], note="防暑")
    svc_a.inventory.issue(att_a, "矿泉水", 1, visit_id=ids[1])
    quick.issue(att_b, "矿泉水", 1, ids[1])
    rows_a, rows_b = dump(path_a), dump(path_b)
    for table in ("stock_move", "lot_stock", "lot", "audit_event"):
        assert rows_a[table] == rows_b[table], table
    assert {(x.lot_code, x.expected) for x in svc_b.inventory.count_sheet() if x.lot_id} >= {
        ("OLD", 5),
        ("B", 8),
    }
    # More than the usable stock: refused by the same rule, nothing written.
    with pytest.raises(InsufficientStock) as service_said:
        svc_a.inventory.issue(att_a, "矿泉水", 9, visit_id=ids[1])
    with pytest.raises(InsufficientStock) as demo_said:
        quick.issue(att_b, "矿泉水", 9, ids[1])
    assert (demo_said.value.zh, demo_said.value.en) == (
        service_said.value.zh,
        service_said.value.en,
    )
    assert dump(path_b) == rows_b
