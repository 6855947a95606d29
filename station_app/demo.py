"""A realistic, reproducible demo station.

Every record goes through the same services an attendant uses, on a clock
that walks through the demo days, so the demo exercises the real rules
(stock never negative, handout limits, expired lots blocked). The same seed
and end date give the same station.

What it simulates, per day:
- visitors by category at believable daily rhythms (sanitation workers at
  dawn and before noon, delivery riders after the lunch and dinner rushes,
  nursing mothers in office hours), more on hot summer days and fewer on
  Sundays, two attendant shifts;
- drinking water and heat-stroke medicine handed to some visitors;
- weekly deliveries with expiry dates, one lot of medicine that runs out of
  date inside the period and is written off, a month-end stocktake;
- umbrellas lent on rainy days;
- the relief campaigns whose union dates overlap the period: 夏季送清凉
  (June–September) and 冬季送温暖 (December–February), with package limits.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import Engine, func, select

from db.models import Station, Visit
from station_app import audit
from station_app.auth import PinHasher
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import StationError
from station_app.members import seeded_member_codes
from station_app.services import Services, build_services
from station_app.stations import current_station

SUPERVISOR = ("演示负责人", "2580")
ATTENDANTS = (("值班员小张", "1357"), ("志愿者小李", "3579"))

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


@dataclass(frozen=True)
class DemoSummary:
    station: str
    days: int
    visits: int
    handouts: int
    receipts: int
    issues: int


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


def _hour(rng: random.Random, peaks: list[tuple[float, float, float]]) -> float:
    mean, spread, _ = rng.choices(peaks, weights=[w for *_, w in peaks])[0]
    return min(21.6, max(6.05, rng.gauss(mean, spread)))


class _Demo:
    def __init__(
        self,
        services: Services,
        clock: FixedClock,
        rng: random.Random,
        tz: tzinfo,
        stop_at: datetime,
    ) -> None:
        self.s = services
        self.clock = clock
        self.rng = rng
        self.tz = tz
        self.stop_at = stop_at
        self.visits = self.handouts = self.receipts = self.issues = 0
        self.members: list[tuple[str, str]] = []  # (code, category)
        self.inside_members: set[str] = set()
        self.claimants: list[tuple[str, str]] = []

    def at(self, day: date, hour: float) -> datetime:
        t = datetime.combine(day, time(0), tzinfo=self.tz) + timedelta(hours=hour)
        return t.astimezone(UTC)

    def receive(self, actor: Actor, item: str, qty: int, expires: date | None, lot: str) -> None:
        self.s.inventory.receive(
            actor, item, qty, lot_code=lot, expires_on=expires, note="演示进货"
        )
        self.receipts += 1


def _setup_station(services: Services, start: date, tz: tzinfo) -> None:
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
        return
    with services.ctx.uow() as uow:
        s = uow.session
        station = current_station(s)
        if s.scalar(select(func.count(Visit.id))):
            raise StationError(
                "演示数据只能写入还没有来访记录的驿站，请换一个新数据库",
                "The demo needs a station without visits: use a new database",
            )
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


def _supervisor(services: Services) -> Actor:
    """The demo's own supervisor, or (on a station set up with ``init``) its first supervisor.

    The demo does not know that person's PIN; it acts in their name, as the
    command line does, and the audit log shows every change it made.
    """
    users = services.users.list_users()
    if any(u.name == SUPERVISOR[0] for u in users):
        return services.users.login(*SUPERVISOR)
    first = next(u for u in users if u.role == "supervisor")
    return Actor(first.id, first.name, "supervisor")


def _ensure_user(services: Services, supervisor: Actor, name: str, pin: str) -> Actor:
    if name not in {u.name for u in services.users.list_users()}:
        services.users.create_user(supervisor, name, "attendant", pin)
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
) -> DemoSummary:
    """Fill the database with ``days`` days of station life ending on ``end`` (default today).

    On an empty database a demo station is set up (supervisor 演示负责人, PIN 2580;
    attendants 值班员小张 1357 and 志愿者小李 3579). On a station that was just
    set up with ``init`` and has no visits yet, the demo uses it and moves its
    opening date back to the start of the demo period (recorded in the audit log).
    """
    if not 1 <= days <= 3660:
        raise StationError(
            "天数应在 1 到 3660 之间", "Days must be between 1 and 3660", field="days"
        )
    real_now = datetime.now(UTC)
    today = real_now.astimezone(tz).date()
    end = end or today
    if end > today:
        raise StationError(
            "结束日期不能晚于今天", "The end date cannot be in the future", field="end"
        )
    start = end - timedelta(days=days - 1)
    stop_at = (
        real_now
        if end == today
        else datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    )
    clock = FixedClock(datetime.combine(start - timedelta(days=1), time(6), tzinfo=tz))
    services = build_services(
        engine, hasher, clock=clock, tz=tz, member_codes=seeded_member_codes(seed)
    )
    _setup_station(services, start, tz)

    rng = random.Random(seed)
    demo = _Demo(services, clock, rng, tz, stop_at)
    supervisor = _supervisor(services)
    shifts = [_ensure_user(services, supervisor, n, p) for n, p in ATTENDANTS]
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

    # Opening stock; one lot of medicine that runs out of date during the period.
    mid = start + timedelta(days=max(1, days // 2))
    demo.receive(supervisor, "矿泉水", 480, start + timedelta(days=300), f"W{start:%y%m%d}")
    demo.receive(supervisor, "藿香正气水", 24, mid, f"H{start:%y%m%d}A")
    demo.receive(supervisor, "藿香正气水", 36, start + timedelta(days=400), f"H{start:%y%m%d}B")
    demo.receive(supervisor, "清凉油", 40, start + timedelta(days=700), f"Q{start:%y%m%d}")
    demo.receive(supervisor, "创可贴", 200, start + timedelta(days=900), f"C{start:%y%m%d}")
    demo.receive(supervisor, "毛巾", 60, None, f"T{start:%y%m%d}")
    demo.receive(supervisor, "雨伞", 10, None, f"U{start:%y%m%d}")
    demo.receive(supervisor, "充电宝", 4, None, f"P{start:%y%m%d}")

    campaigns = _create_campaigns(services, supervisor, start, end, categories)
    for n in range(days):
        day = start + timedelta(days=n)
        if clock() >= stop_at:
            break
        _simulate_day(demo, day, shifts, supervisor, campaigns, nursing, services_known, n)
        if progress:
            progress(n + 1, days)
    return DemoSummary(station.name, days, demo.visits, demo.handouts, demo.receipts, demo.issues)


def _create_campaigns(
    services: Services, supervisor: Actor, start: date, end: date, categories: set[str]
) -> list[tuple[int, date, date]]:
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

    if n > 0 and n % 7 == 0:
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
    end_of_day = demo.at(day, 21.9)
    if demo.clock() < end_of_day < demo.stop_at:
        demo.clock.set(end_of_day)
        for v in s.visits.inside_now():
            s.visits.check_out(shifts[1], v.id)
        demo.inside_members.clear()
        for loan in s.loans.open_loans():
            if rng.random() < 0.85:
                s.loans.return_loan(shifts[1], loan.id)


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
        if code is not None:
            demo.inside_members.add(code)
        if "饮水" in picked and rng.random() < 0.5:
            s.inventory.issue(actor, "矿泉水", 1, visit_id=v.id)
            demo.issues += 1
        if "急救药品" in picked:
            s.inventory.issue(actor, "藿香正气水", 1, visit_id=v.id, note="防暑")
            demo.issues += 1
        if "借伞" in picked and s.loans.available("雨伞") > 0:
            s.loans.lend(actor, "雨伞", borrower=f"{cat}访客", due_hours=24)
        return (demo.clock() + timedelta(hours=stay), "checkout", v.id, code)
    if kind == "checkout":
        visit_id, card = args
        assert isinstance(visit_id, int)
        if isinstance(card, str):
            demo.inside_members.discard(card)
        s.visits.check_out(actor, visit_id)
    elif kind == "delivery":
        levels = {lv.item: lv.usable for lv in s.inventory.levels()}
        if levels.get("矿泉水", 0) < 400:
            demo.receive(supervisor, "矿泉水", 240, day + timedelta(days=300), f"W{day:%y%m%d}")
        if levels.get("藿香正气水", 0) < 20:
            demo.receive(supervisor, "藿香正气水", 24, day + timedelta(days=400), f"H{day:%y%m%d}")
        if levels.get("毛巾", 0) < 20:
            demo.receive(supervisor, "毛巾", 40, None, f"T{day:%y%m%d}")
        s.inventory.write_off_expired(supervisor)
    elif kind == "stocktake":
        s.inventory.write_off_expired(supervisor)
        counts = []
        for line in s.inventory.count_sheet():
            if line.lot_id is None:
                continue
            counted = line.expected
            if line.item == "矿泉水" and line.expected > 10 and rng.random() < 0.5:
                counted -= rng.randint(1, 3)  # a few bottles gone missing
            counts.append((line.lot_id, counted))
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
