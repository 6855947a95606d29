"""A realistic, reproducible demo station.

Every record goes through the same rules an attendant meets, on a clock that
walks through the demo days, so the demo exercises them (stock never negative,
handout limits, expired lots blocked). The same seed and end date give the same
records. The default end date is yesterday, the last complete day, so that a
run today gives the same station whenever it starts; an end date of today stops
at the present moment, and then two runs differ.

What it simulates, per day:
- visitors by category at believable daily rhythms (sanitation workers at
  dawn and before noon, delivery riders after the lunch and dinner rushes,
  nursing mothers in office hours), more on hot summer days and fewer on
  Sundays, two attendant shifts;
- drinking water and heat-stroke medicine handed to some visitors;
- deliveries with expiry dates every Monday (the supervisor also writes off
  the expired stock then), a month-end stocktake;
- a donated box of band-aids close to its date in the opening stock: nothing
  else takes band-aids, so it is still on the shelf when it expires, on the eve
  of the first Monday delivery, and is written off then (in every run of 8 days
  or more, whatever the seed);
- umbrellas lent on rainy days;
- the relief campaigns whose union dates overlap the period: 夏季送清凉
  (June–September) and 冬季送温暖 (December–February), with package limits.

On an empty database the demo sets up its own station and accounts
(:data:`SUPERVISOR`, :data:`ATTENDANTS`; :class:`DemoSummary` lists the ones a
run made, with their PINs). A station that already has records of its own is
refused unless ``into_existing``; then the demo adds its records and never
closes, counts or writes off what it did not make itself.

How it writes, so that years of history take minutes, not hours:
- on SQLite it runs on its own engine for the same file whose connections use
  ``synchronous=NORMAL`` instead of ``FULL``: each commit is no longer forced to
  the disk at once (a power cut during the demo may lose its last days, never
  damage the file). The records are the same. The engine is closed when the
  demo ends, and the station's own engine, which was never changed, is used
  again from then on;
- check-outs and stock issued to visitors, the actions it repeats most (tens of
  thousands a year), write what :meth:`VisitService.check_out` and
  :meth:`InventoryService.issue` write, by the same rules, without reading back
  what those return to a screen (see :class:`_Shortcuts`; a test compares the
  rows of both ways). Everything else goes through the services.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from db.engine import create_station_engine, sqlite_path
from db.models import (
    AuditEvent,
    Campaign,
    Handout,
    Loan,
    Member,
    Station,
    StockMove,
    Stocktake,
    User,
    Visit,
)
from station_app import audit, ledger
from station_app.auth import PinHasher
from station_app.clock import Clock, FixedClock, day_bounds, utc_now
from station_app.context import Actor, AppContext
from station_app.errors import Conflict, InvalidInput, StationError
from station_app.members import seeded_member_codes
from station_app.services import Services, build_services
from station_app.stations import current_station

SUPERVISOR = ("演示负责人", "2580")
ATTENDANTS = (("值班员小张", "1357"), ("志愿者小李", "3579"))
MAX_DAYS = 3660
INTO_EXISTING = "--into-existing"

# name: (visits on an ordinary spring day, [(hour, spread in hours, weight)], services)
RHYTHMS: dict[str, tuple[float, list[tuple[float, float, float]], dict[str, float]]] = {
    "外卖骑手": (
        24,
        [(10.3, 0.6, 1), (14.2, 0.9, 2), (20.3, 0.8, 1.5)],
        {"休息": 0.8, "充电": 0.6, "饮水": 0.7, "热饭": 0.3, "如厕": 0.3},
    ),
    "快递员": (
        14,
        [(9.0, 1.0, 1), (12.8, 0.8, 2), (16.5, 1.2, 1)],
        {"休息": 0.7, "饮水": 0.7, "充电": 0.4, "热饭": 0.4, "如厕": 0.3},
    ),
    "环卫工人": (
        12,
        [(6.3, 0.5, 2), (11.3, 0.6, 2), (15.5, 1.0, 1)],
        {"休息": 0.8, "饮水": 0.8, "热饭": 0.5, "如厕": 0.4},
    ),
    "建筑工人": (
        6,
        [(12.2, 0.5, 3), (17.8, 0.6, 1)],
        {"休息": 0.9, "饮水": 0.8, "热饭": 0.4, "充电": 0.3},
    ),
    "司机": (5, [(11.5, 1.5, 1), (15.0, 2.0, 1)], {"休息": 0.6, "饮水": 0.5, "如厕": 0.6}),
    "交警/协警": (3, [(8.5, 0.6, 1), (18.0, 0.7, 1)], {"饮水": 0.8, "休息": 0.5, "如厕": 0.4}),
    "哺乳妈妈": (3, [(10.0, 0.8, 1), (14.8, 0.8, 1)], {"哺乳": 0.9, "储奶": 0.3}),
    "孕期职工": (1, [(11.5, 1.5, 1)], {"休息": 0.9, "饮水": 0.5}),
    "其他": (4, [(10.0, 3.0, 1), (16.0, 3.0, 1)], {"休息": 0.6, "饮水": 0.5, "如厕": 0.5}),
}
OUTDOOR = ("外卖骑手", "快递员", "环卫工人", "建筑工人", "司机", "交警/协警")
NICKNAMES = (
    "老王",
    "小刘",
    "阿强",
    "张师傅",
    "小陈",
    "李姐",
    "大周",
    "小吴",
    "老赵",
    "阿杰",
    "孙师傅",
    "小马",
    "胡姐",
    "小郭",
    "老林",
    "阿飞",
    "小何",
    "高师傅",
    "小罗",
    "梁姐",
)
EMPLOYERS = (
    "顺丰速运",
    "美团配送",
    "饿了么",
    "中通快递",
    "市环卫所",
    "城建三公司",
    "京东物流",
    "出租车公司",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"

# Weekly restocking: item -> (reorder below this many usable, quantity, days it keeps or None)
RESTOCK: dict[str, tuple[int, int, int | None]] = {
    "矿泉水": (400, 240, 300),
    "藿香正气水": (20, 24, 400),
    "清凉油": (10, 40, 700),
    "创可贴": (50, 200, 900),
    "毛巾": (20, 40, None),
}
LOT_LETTER = {"矿泉水": "W", "藿香正气水": "H", "清凉油": "Q", "创可贴": "C", "毛巾": "T"}


@dataclass(frozen=True)
class DemoAccount:
    """An account the demo made, with the PIN to sign in with."""

    name: str
    role: str
    pin: str


@dataclass(frozen=True)
class DemoSummary:
    station: str
    days: int
    first_day: date
    last_day: date
    visits: int
    handouts: int
    receipts: int
    issues: int
    written_off: int
    accounts: tuple[DemoAccount, ...]  # made by this run; empty when they were there before


def default_end(today: date) -> date:
    """The demo's last day when none is given: yesterday, the last complete day."""
    return today - timedelta(days=1)


def _heat(day: date) -> float:
    """0 in mid-winter, 1 at the end of July."""
    return 0.5 + 0.5 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 205) / 365)


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    # Knuth's method is fine for the small means here.
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _delivery_day(day: date) -> bool:
    return day.weekday() == 0  # Mondays


def _hour(rng: random.Random, peaks: list[tuple[float, float, float]]) -> float:
    mean, spread, _ = rng.choices(peaks, weights=[w for *_, w in peaks])[0]
    return min(21.6, max(6.05, rng.gauss(mean, spread)))


# --------------------------------------------------------------------------- writing


@contextmanager
def demo_engine(engine: Engine) -> Iterator[Engine]:
    """The engine the demo writes through: on a SQLite file, a second engine on the same
    file whose connections commit with ``synchronous=NORMAL`` (closed at the end);
    otherwise ``engine`` itself. ``engine`` is never changed."""
    url = engine.url.render_as_string(hide_password=False)
    if sqlite_path(url) is None:
        yield engine
        return
    fast = create_station_engine(url, synchronous="NORMAL")
    try:
        yield fast
    finally:
        fast.dispose()


_VISIT = cast(Table, Visit.__table__)
_AUDIT = cast(Table, AuditEvent.__table__)
# Built once, so that SQLAlchemy compiles each of them once for the whole run.
_CHECK_OUT = (
    update(_VISIT)
    .where(
        _VISIT.c.id == bindparam("open_id"),
        _VISIT.c.station_id == bindparam("at_station"),
        _VISIT.c.checked_in_at == bindparam("in_at", type_=_VISIT.c.checked_in_at.type),
        _VISIT.c.checked_out_at.is_(None),
        _VISIT.c.voided_at.is_(None),
    )
    .values(checked_out_at=bindparam("out_at", type_=_VISIT.c.checked_out_at.type))
)
_AUDIT_EVENT = insert(_AUDIT)


class _Shortcuts:
    """The two actions the demo repeats tens of thousands of times, written as their
    services write them, without what the services add for a screen.

    :meth:`VisitService.check_out` reads the visit back with its category, member,
    services and attendant to return them; :meth:`InventoryService.issue` checks
    its arguments as they come from a form, looks the station and the visit up, and
    reads the moves back. The demo knows all that already and shows none of it.
    The rows written are the same, by the same rules: a check-out sets the visit's
    ``checked_out_at`` (never before its check-in) and is refused unless the visit
    is open; an issue takes the stock through :func:`ledger.take_stock` (first-
    expiring lot first, never an expired one, never below zero, open loans kept).
    Each writes, in the same transaction, the audit event :func:`audit.record`
    writes, by a statement built once. tests/unit/test_demo.py runs both ways on
    twin stations and compares the rows.
    """

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        with ctx.read() as uow:
            self.station_id = current_station(uow.session).id

    @staticmethod
    def _audit(
        session: Session,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: int,
        at: datetime,
        detail: dict[str, Any],
        note: str = "",
    ) -> None:
        session.execute(
            _AUDIT_EVENT,
            {
                "at": at,
                "actor_id": actor.user_id,
                "actor_name": actor.name,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "detail": detail,
                "note": note,
            },
        )

    def check_out(self, actor: Actor, visit_id: int, checked_in_at: datetime) -> None:
        now = self.ctx.now()
        out = max(now, checked_in_at)
        with self.ctx.uow() as uow:
            s = uow.session
            params = {
                "open_id": visit_id,
                "at_station": self.station_id,
                "in_at": checked_in_at,
                "out_at": out,
            }
            done = cast(CursorResult[Any], s.execute(_CHECK_OUT, params))
            if done.rowcount != 1:
                raise Conflict(
                    f"来访记录 #{visit_id} 不在站内，不能签退",
                    f"Visit #{visit_id} is not open; it cannot be checked out",
                    field="Visit",
                )
            minutes = int((out - checked_in_at).total_seconds() // 60)
            self._audit(s, actor, "visit.check_out", "visit", visit_id, now, {"minutes": minutes})
            uow.commit()

    def issue(self, actor: Actor, item: str, qty: int, visit_id: int, note: str = "") -> None:
        with self.ctx.uow() as uow:
            s = uow.session
            it = ledger.find_item(s, item, lock=True)
            now = self.ctx.now()
            moves = ledger.take_stock(
                s,
                station_id=self.station_id,
                item=it,
                qty=qty,
                reason="issue",
                at=now,
                today=self.ctx.today(),
                actor=actor,
                note=note,
                visit_id=visit_id,
            )
            self._audit(
                s,
                actor,
                "stock.issue",
                "item",
                it.id,
                now,
                {"item": it.name, "qty": qty, "visit_id": visit_id, "moves": [m.id for m in moves]},
                note,
            )
            uow.commit()


# --------------------------------------------------------------------------- the station


@dataclass
class _Demo:
    s: Services
    clock: FixedClock
    rng: random.Random
    tz: tzinfo
    stop_at: datetime
    quick: _Shortcuts
    visits: int = 0
    handouts: int = 0
    receipts: int = 0
    issues: int = 0
    written_off: int = 0
    members: list[tuple[str, str]] = field(default_factory=list)  # (code, category)
    inside_members: set[str] = field(default_factory=set)
    claimants: list[tuple[str, str]] = field(default_factory=list)
    # What the demo made and may close, count or write off: nothing else.
    open_visits: dict[int, datetime] = field(default_factory=dict)  # id -> checked in at
    open_loans: list[int] = field(default_factory=list)
    lots: set[tuple[str, str]] = field(default_factory=set)  # (item, lot code)

    def at(self, day: date, hour: float) -> datetime:
        t = datetime.combine(day, time(0), tzinfo=self.tz) + timedelta(hours=hour)
        return t.astimezone(UTC)

    def receive(
        self,
        actor: Actor,
        item: str,
        qty: int,
        expires: date | None,
        lot: str,
        note: str = "演示进货",
    ) -> None:
        self.s.inventory.receive(actor, item, qty, lot_code=lot, expires_on=expires, note=note)
        self.lots.add((item, lot))
        self.receipts += 1

    def check_out(self, actor: Actor, visit_id: int) -> None:
        checked_in_at = self.open_visits[visit_id]
        self.quick.check_out(actor, visit_id, checked_in_at)
        del self.open_visits[visit_id]


def _own_records(services: Services) -> list[tuple[str, str, int]]:
    """What the station holds besides its set-up (profile, catalog, first supervisor):
    ``(Chinese, English, count)`` of each kind it has any of."""
    with services.ctx.read() as uow:
        s = uow.session
        counts = [
            ("来访", "visits", s.scalar(select(func.count(Visit.id)))),
            ("出入库", "stock moves", s.scalar(select(func.count(StockMove.id)))),
            ("发放", "handouts", s.scalar(select(func.count(Handout.id)))),
            ("发放活动", "campaigns", s.scalar(select(func.count(Campaign.id)))),
            ("会员", "members", s.scalar(select(func.count(Member.id)))),
            ("借用", "loans", s.scalar(select(func.count(Loan.id)))),
            ("盘点", "stocktakes", s.scalar(select(func.count(Stocktake.id)))),
            (
                "第一位负责人以外的用户",
                "users besides the first supervisor",
                (s.scalar(select(func.count(User.id))) or 1) - 1,
            ),
        ]
    return [(zh, en, int(n)) for zh, en, n in counts if n]


def _setup_station(
    services: Services, start: date, tz: tzinfo, *, into_existing: bool
) -> tuple[bool, list[DemoAccount]]:
    """Set up the demo station, or check and backdate an existing one.

    Returns whether the station is the demo's own, and the accounts made.
    """
    opened = datetime.combine(start - timedelta(days=1), time(6), tzinfo=tz).astimezone(UTC)
    if not services.stations.is_initialized():
        services.stations.initialize(
            name="解放路爱心驿家（演示）",
            kind="both",
            supervisor_name=SUPERVISOR[0],
            supervisor_pin=SUPERVISOR[1],
            address="解放路 88 号",
            hotline="12351",
            hours="06:00-22:00",
            seats=12,
            code="DEMO01",
            created_at=opened,
        )
        return True, [DemoAccount(SUPERVISOR[0], "supervisor", SUPERVISOR[1])]
    held = _own_records(services)
    if held and not into_existing:
        zh = "、".join(f"{what} {n}" for what, _, n in held)
        en = ", ".join(f"{what}: {n}" for _, what, n in held)
        raise Conflict(
            f"这个驿站已经有自己的记录（{zh}），演示数据会和它们混在一起。"
            f"请换一个新数据库；确实要写进去，请加 {INTO_EXISTING}",
            f"This station already has records of its own ({en}); the demo's made-up ones "
            f"would be mixed in with them. Use a new database, or add {INTO_EXISTING} "
            "if that is really wanted",
            field=INTO_EXISTING,
        )
    with services.ctx.uow() as uow:
        s = uow.session
        station = current_station(s)
        if station.created_at > opened:
            # The demo fills days before `init`: move the opening date back, on the record.
            audit.record(
                s,
                Actor(None, "演示数据 (demo)", "supervisor"),
                "demo.backdate",
                "station",
                station.id,
                services.ctx.now(),
                {
                    "created_at": station.created_at.isoformat(),
                    "new_created_at": opened.isoformat(),
                },
            )
            s.get(Station, station.id).created_at = opened  # type: ignore[union-attr]
            uow.commit()
    return False, []


def _supervisor(services: Services, own_station: bool) -> Actor:
    """The demo's own supervisor, signed in; on another station, its demo supervisor or
    else its first supervisor, in whose name the demo acts without their PIN, as the
    command line does (the audit log shows every change it made)."""
    if own_station:
        return services.users.login(*SUPERVISOR)
    supervisors = sorted(
        (u for u in services.users.list_users() if u.role == "supervisor"),
        key=lambda u: (u.name != SUPERVISOR[0], u.id),
    )
    first = supervisors[0]
    return Actor(first.id, first.name, first.role)


def _attendant(
    services: Services, supervisor: Actor, name: str, pin: str, made: list[DemoAccount]
) -> Actor:
    """The attendant ``name``: made (and signed in) if new, else acted for without a PIN."""
    known = {u.name: u for u in services.users.list_users()}
    if name in known:
        u = known[name]
        return Actor(u.id, u.name, u.role)
    services.users.create_user(supervisor, name, "attendant", pin)
    made.append(DemoAccount(name, "attendant", pin))
    return services.users.login(name, pin)


def run_demo(
    engine: Engine,
    hasher: PinHasher,
    *,
    days: int,
    seed: int,
    tz: tzinfo,
    end: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    into_existing: bool = False,
    now: Clock = utc_now,
) -> DemoSummary:
    """Fill the database with ``days`` days of station life ending on ``end``.

    ``end`` defaults to yesterday (:func:`default_end`); today is allowed and stops at
    ``now()``, a later day is refused. On an empty database a demo station is set up
    (supervisor 演示负责人, PIN 2580; attendants 值班员小张 1357 and 志愿者小李 3579).
    A station set up with ``init`` and nothing else is used as it is: its opening
    date moves back to the demo's start (recorded in the audit log). A station with
    records of its own (visits, stock, handouts, campaigns, members, loans,
    stocktakes or more than one user) is refused unless ``into_existing``.
    ``now`` is the real clock, which decides what today is (a test passes its own).
    """
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidInput(
            f"天数应在 1 到 {MAX_DAYS} 之间", f"Days must be between 1 and {MAX_DAYS}", field="days"
        )
    real_now = now()
    today = real_now.astimezone(tz).date()
    end = default_end(today) if end is None else end
    if end > today:
        raise InvalidInput(
            "结束日期不能晚于今天", "The end date cannot be in the future", field="end"
        )
    start = end - timedelta(days=days - 1)
    stop_at = real_now if end == today else day_bounds(end, tz)[1]
    clock = FixedClock(datetime.combine(start - timedelta(days=1), time(6), tzinfo=tz))
    with demo_engine(engine) as writer:
        services = build_services(writer, hasher, clock=clock, tz=tz)
        own_station, made = _setup_station(services, start, tz, into_existing=into_existing)
        # Seeded card codes; on a station that has cards already (an earlier demo's, maybe
        # from the same seed), a stream of their own, so that the draws do not collide.
        with services.ctx.read() as uow:
            cards = uow.session.scalar(select(func.count(Member.id))) or 0
        services = build_services(
            writer,
            hasher,
            clock=clock,
            tz=tz,
            member_codes=seeded_member_codes(seed * 1_000_003 + cards if cards else seed),
        )
        demo = _Demo(services, clock, random.Random(seed), tz, stop_at, _Shortcuts(services.ctx))
        supervisor = _supervisor(services, own_station)
        shifts = [_attendant(services, supervisor, n, p, made) for n, p in ATTENDANTS]
        station = services.stations.profile()
        _fill(demo, start, end, days, supervisor, shifts, progress)
    return DemoSummary(
        station=station.name,
        days=days,
        first_day=start,
        last_day=end,
        visits=demo.visits,
        handouts=demo.handouts,
        receipts=demo.receipts,
        issues=demo.issues,
        written_off=demo.written_off,
        accounts=tuple(made),
    )


def _fill(
    demo: _Demo,
    start: date,
    end: date,
    days: int,
    supervisor: Actor,
    shifts: list[Actor],
    progress: Callable[[int, int], None] | None,
) -> None:
    services, rng = demo.s, demo.rng
    station = services.stations.profile()
    categories = {c.name for c in services.stations.categories()}
    services_known = {t.name for t in services.stations.service_types()}
    nursing = station.kind in ("nursing", "both")

    # Registered regulars: some of them carry a member card.
    for i in range(40):
        cat = rng.choice([c for c in OUTDOOR if c in categories] or sorted(categories))
        with_phone = rng.random() < 0.4
        m = services.members.register(
            shifts[0],
            cat,
            nickname=f"{NICKNAMES[i % len(NICKNAMES)]}{i // len(NICKNAMES) or ''}",
            employer=rng.choice(EMPLOYERS),
            phone=f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
            if with_phone
            else None,
            phone_consent=with_phone,
        )
        demo.members.append((m.code, cat))

    # Opening stock. Donated band-aids close to their date: they expire on the eve of the
    # first delivery after the first day, which writes expired stock off.
    first_delivery = next(
        start + timedelta(days=n) for n in range(1, 8) if _delivery_day(start + timedelta(n))
    )
    fading = first_delivery - timedelta(days=1)
    demo.receive(supervisor, "矿泉水", 480, start + timedelta(days=300), f"W{start:%y%m%d}")
    demo.receive(supervisor, "藿香正气水", 24, start + timedelta(days=120), f"H{start:%y%m%d}A")
    demo.receive(supervisor, "藿香正气水", 36, start + timedelta(days=400), f"H{start:%y%m%d}B")
    demo.receive(supervisor, "清凉油", 40, start + timedelta(days=700), f"Q{start:%y%m%d}")
    demo.receive(supervisor, "创可贴", 100, fading, f"C{start:%y%m%d}D", note="捐赠，临近有效期")
    demo.receive(supervisor, "创可贴", 200, start + timedelta(days=900), f"C{start:%y%m%d}")
    demo.receive(supervisor, "毛巾", 60, None, f"T{start:%y%m%d}")
    demo.receive(supervisor, "雨伞", 10, None, f"U{start:%y%m%d}")
    demo.receive(supervisor, "充电宝", 4, None, f"P{start:%y%m%d}")

    campaigns = _create_campaigns(services, supervisor, start, end, categories)
    for n in range(days):
        day = start + timedelta(days=n)
        if demo.clock() >= demo.stop_at:
            break
        _simulate_day(demo, day, shifts, supervisor, campaigns, nursing, services_known, n)
        if progress:
            progress(n + 1, days)


def _create_campaigns(
    services: Services, supervisor: Actor, start: date, end: date, categories: set[str]
) -> list[tuple[int, date, date]]:
    taken = {c.name for c in services.relief.campaigns(include_inactive=True)}
    made: list[tuple[int, date, date]] = []
    for year in range(start.year - 1, end.year + 1):
        windows = (
            (
                f"{year} 夏季送清凉",
                date(year, 6, 1),
                date(year, 9, 30),
                [("矿泉水", 2), ("藿香正气水", 1), ("清凉油", 1)],
                2,
                14,
            ),
            (
                f"{year}–{year + 1} 冬季送温暖",
                date(year, 12, 1),
                date(year + 1, 2, 28),
                [("毛巾", 1), ("矿泉水", 2)],
                1,
                0,
            ),
        )
        for name, first, last, lines, limit, gap in windows:
            lo, hi = max(first, start), min(last, end)
            if lo > hi:
                continue
            if name in taken:  # the station's own campaign of that name stays its own
                name = f"{name}（演示）"
                if name in taken:
                    continue
            info = services.relief.create_campaign(
                supervisor,
                name,
                first,
                last,
                lines,
                categories=[c for c in OUTDOOR if c in categories],
                per_person_limit=limit,
                min_days_between=gap,
            )
            made.append((info.id, lo, hi))
    return made


Event = tuple[datetime, int, str, tuple[object, ...]]


def _simulate_day(
    demo: _Demo,
    day: date,
    shifts: list[Actor],
    supervisor: Actor,
    campaigns: list[tuple[int, date, date]],
    nursing: bool,
    services_known: set[str],
    n: int,
) -> None:
    rng, s = demo.rng, demo.s
    heat = _heat(day)
    hot_day = heat > 0.7 and rng.random() < 0.5
    rainy = rng.random() < 0.12
    weekday = 0.75 if day.weekday() == 6 else 1.0
    season = 0.7 + 0.8 * heat + (0.3 if hot_day else 0.0)

    events: list[Event] = []
    seq = itertools.count()

    def add(when: datetime, kind: str, *args: object) -> None:
        heapq.heappush(events, (when, next(seq), kind, args))

    if n > 0 and _delivery_day(day):
        add(demo.at(day, 7.5), "delivery")
    if n > 0 and (day + timedelta(days=1)).day == 1:
        add(demo.at(day, 21.7), "stocktake")
    for cat, (base, peaks, wanted) in RHYTHMS.items():
        if cat in ("哺乳妈妈", "孕期职工") and not nursing:
            continue
        factor = season if cat in OUTDOOR else 1.0
        for _ in range(_poisson(rng, base * factor * weekday)):
            hour = _hour(rng, peaks)
            stay = rng.uniform(0.08, 0.9 if cat != "哺乳妈妈" else 0.6)
            picked = [
                name for name, p in wanted.items() if name in services_known and rng.random() < p
            ]
            if hot_day and cat in OUTDOOR and rng.random() < 0.05:
                picked.append("急救药品")
            if rainy and cat in OUTDOOR and rng.random() < 0.15:
                picked.append("借伞")
            member = None
            if demo.members and rng.random() < 0.3:
                code, mcat = rng.choice(demo.members)
                if mcat == cat:
                    member = code
            add(demo.at(day, hour), "visit", cat, tuple(picked), member, stay)
    for campaign_id, lo, hi in campaigns:
        if lo <= day <= hi:
            for _ in range(_poisson(rng, 5 * weekday)):
                add(demo.at(day, rng.uniform(8, 20)), "handout", campaign_id)

    while events:
        when, _, kind, args = heapq.heappop(events)
        if when >= demo.stop_at:
            break
        demo.clock.set(max(when, demo.clock()))
        actor = shifts[0] if demo.clock().astimezone(demo.tz).hour < 14 else shifts[1]
        try:
            follow_up = _run_event(demo, day, kind, args, actor, supervisor)
        except StationError:
            # The rules said no (a limit reached, stock ran out): so would they at the kiosk.
            continue
        if follow_up is not None:
            add(*follow_up)
    # Anyone the attendant forgot to check out is closed at the end of the day.
    closing = max(demo.clock(), demo.at(day, 21.9))
    if closing < demo.stop_at:
        demo.clock.set(closing)
        for visit_id in sorted(demo.open_visits):
            demo.check_out(shifts[1], visit_id)
        demo.inside_members.clear()
        still_out = []
        for loan_id in demo.open_loans:
            if rng.random() < 0.85:
                s.loans.return_loan(shifts[1], loan_id)
            else:
                still_out.append(loan_id)
        demo.open_loans = still_out


def _deliver(demo: _Demo, day: date, supervisor: Actor) -> None:
    """Monday's delivery: restock what runs low, then write off the demo's expired lots."""
    levels = {lv.item: lv.usable for lv in demo.s.inventory.levels()}
    for item, (below, qty, keeps) in RESTOCK.items():
        if item in levels and levels[item] < below:
            expires = None if keeps is None else day + timedelta(days=keeps)
            demo.receive(supervisor, item, qty, expires, f"{LOT_LETTER[item]}{day:%y%m%d}")
    _write_off_expired(demo, supervisor)


def _write_off_expired(demo: _Demo, supervisor: Actor) -> None:
    for lot in demo.s.inventory.expiring_soon(within_days=0):
        if (lot.days_left or 0) < 0 and (lot.item, lot.lot_code) in demo.lots:
            demo.s.inventory.write_off(
                supervisor,
                lot.item,
                lot.qty,
                "expired",
                lot_id=lot.lot_id,
                note=f"过期（{lot.expires_on}）",
            )
            demo.written_off += 1


def _run_event(
    demo: _Demo, day: date, kind: str, args: tuple[object, ...], actor: Actor, supervisor: Actor
) -> tuple[datetime, str, int, str | None] | None:
    """Carry out one event; a visit returns its check-out, to be run later."""
    s, rng = demo.s, demo.rng
    if kind == "visit":
        cat, picked, member, stay = args
        assert isinstance(cat, str) and isinstance(picked, tuple) and isinstance(stay, float)
        code = member if isinstance(member, str) and member not in demo.inside_members else None
        v = s.visits.check_in(
            actor, cat if code is None else None, services=picked, member_code=code
        )
        demo.visits += 1
        demo.open_visits[v.id] = v.checked_in_at
        if code is not None:
            demo.inside_members.add(code)
        try:
            if "饮水" in picked and rng.random() < 0.5:
                demo.quick.issue(actor, "矿泉水", 1, v.id)
                demo.issues += 1
            if "急救药品" in picked:
                demo.quick.issue(actor, "藿香正气水", 1, v.id, note="防暑")
                demo.issues += 1
            if "借伞" in picked and s.loans.available("雨伞") > 0:
                loan = s.loans.lend(actor, "雨伞", borrower=f"{cat}访客", due_hours=24)
                demo.open_loans.append(loan.id)
        except StationError:
            pass  # none left: the visitor goes without, and still leaves in time
        return (demo.clock() + timedelta(hours=stay), "checkout", v.id, code)
    if kind == "checkout":
        visit_id, card = args
        assert isinstance(visit_id, int)
        if isinstance(card, str):
            demo.inside_members.discard(card)
        demo.check_out(actor, visit_id)
    elif kind == "delivery":
        _deliver(demo, day, supervisor)
    elif kind == "stocktake":
        _write_off_expired(demo, supervisor)
        counts = []
        for line in s.inventory.count_sheet():
            if line.lot_id is None or (line.item, line.lot_code) not in demo.lots:
                continue
            counted = line.expected
            if line.item == "矿泉水" and line.expected > 10 and rng.random() < 0.5:
                counted -= rng.randint(1, 3)  # a few bottles gone missing
            counts.append((line.lot_id, counted))
        if counts:
            s.inventory.apply_stocktake(supervisor, counts, note="月末盘点")
    elif kind == "handout":
        (campaign_id,) = args
        assert isinstance(campaign_id, int)
        if demo.members and rng.random() < 0.6:
            code, _ = rng.choice(demo.members)
            s.relief.hand_out(actor, campaign_id, member_code=code)
        else:
            if len(demo.claimants) < 60 or rng.random() < 0.3:
                demo.claimants.append(
                    (
                        rng.choice(SURNAMES) + rng.choice(("师傅", "先生", "女士", "大姐")),
                        f"{rng.randint(0, 9999):04d}",
                    )
                )
            name, last4 = rng.choice(demo.claimants)
            s.relief.hand_out(
                actor,
                campaign_id,
                name=name,
                phone_last4=last4,
                employer=rng.choice(EMPLOYERS),
                category=rng.choice(OUTDOOR),
            )
        demo.handouts += 1
    return None
