"""Random claim sequences against the relief rules and an independent model.

Each example makes its own items, lots, member and campaign (random limit,
interval, end date and package) on one shared station database, then plays a
random sequence of claims by a small pool of claimants with random clock
advances. Every outcome must match the model (success with the right claim
number, or the right refusal), and afterwards the database must show: no
claimant over the limit, consecutive claims at least ``min_days_between`` local
days apart, and every handout holding exactly its package's stock moves.
"""

from __future__ import annotations

import itertools
import shutil
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.engine import create_station_engine
from db.models import Handout, Lot, StockMove
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import Actor
from station_app.errors import Conflict, InsufficientStock, LimitReached, StationError
from station_app.services import Services, build_services
from tests.conftest import SUPERVISOR_NAME, SUPERVISOR_PIN, TZ, fast_hasher

START = datetime(2026, 7, 1, 9, 0, tzinfo=TZ)
PERSONS = (("张三", "1111"), ("张三", "2222"), ("李四", "1111"))  # three different people
POOL = len(PERSONS) + 1  # ... and one member


@dataclass
class World:
    services: Services
    clock: FixedClock
    supervisor: Actor
    serial: Iterator[int]


@pytest.fixture(scope="module")
def world(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = tmp_path_factory.mktemp("relief_props") / "station.db"
    shutil.copy(migrated_template, path)
    engine = create_station_engine(sqlite_url(path))
    clock = FixedClock(START)
    services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
    services.stations.initialize(
        name="解放路爱心驿家",
        kind="both",
        supervisor_name=SUPERVISOR_NAME,
        supervisor_pin=SUPERVISOR_PIN,
    )
    supervisor = services.users.login(SUPERVISOR_NAME, SUPERVISOR_PIN)
    yield World(services, clock, supervisor, itertools.count(1))
    engine.dispose()


@dataclass
class ModelLot:
    code: str
    expires_on: date | None
    qty: int


@dataclass
class Model:
    """What the rules say should happen, kept without the database."""

    ends_on: date
    limit: int
    interval: int
    lines: list[tuple[str, int]]
    lots: dict[str, list[ModelLot]]
    claims: dict[int, list[date]] = field(default_factory=lambda: defaultdict(list))

    def usable(self, item: str, today: date) -> list[ModelLot]:
        live = [
            lot
            for lot in self.lots[item]
            if lot.qty > 0 and (lot.expires_on is None or lot.expires_on >= today)
        ]
        return sorted(live, key=lambda lot: (lot.expires_on is None, lot.expires_on or today))

    def expect(self, who: int, today: date) -> type[StationError] | int:
        """The refusal expected, or the claim number of a successful claim."""
        if today > self.ends_on:
            return Conflict
        earlier = self.claims[who]
        if len(earlier) >= self.limit:
            return LimitReached
        if earlier and (today - earlier[-1]).days < self.interval:
            return LimitReached
        for item, qty in self.lines:
            if sum(lot.qty for lot in self.usable(item, today)) < qty:
                return InsufficientStock
        return len(earlier) + 1

    def take(self, who: int, today: date) -> None:
        self.claims[who].append(today)
        for item, qty in self.lines:
            left = qty
            for lot in self.usable(item, today):
                used = min(left, lot.qty)
                lot.qty -= used
                left -= used


stock_lot = st.tuples(st.integers(0, 12), st.one_of(st.none(), st.integers(0, 25)))


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    limit=st.integers(1, 3),
    interval=st.integers(0, 5),
    days=st.integers(2, 20),
    qty_a=st.integers(1, 3),
    qty_b=st.one_of(st.none(), st.integers(1, 2)),
    lots_a=st.lists(stock_lot, min_size=1, max_size=3),
    lots_b=st.lists(st.integers(0, 10), min_size=1, max_size=2),
    steps=st.lists(
        st.tuples(st.integers(0, POOL - 1), st.integers(0, 80)), min_size=1, max_size=14
    ),
)
def test_claims_follow_the_rules(
    world: World,
    limit: int,
    interval: int,
    days: int,
    qty_a: int,
    qty_b: int | None,
    lots_a: list[tuple[int, int | None]],
    lots_b: list[int],
    steps: list[tuple[int, int]],
) -> None:
    svc, clock, sup = world.services, world.clock, world.supervisor
    n = next(world.serial)
    clock.set(START + timedelta(days=40 * n))  # every example in its own stretch of time
    today = svc.ctx.today()

    # Two fresh items: A with dated lots (some expire during the campaign), B without.
    info_a = svc.inventory.add_item(sup, f"物品甲{n}", "份", tracks_expiry=True)
    info_b = svc.inventory.add_item(sup, f"物品乙{n}", "个")
    item_a, item_b = info_a.name, info_b.name
    model_lots: dict[str, list[ModelLot]] = {item_a: [], item_b: []}
    for i, (qty, expiry_days) in enumerate(lots_a):
        # A lot without an expiry day here means "far away": item A tracks expiry.
        expires = today + timedelta(days=365 if expiry_days is None else expiry_days)
        if qty:
            svc.inventory.receive(sup, item_a, qty, lot_code=f"A{i}", expires_on=expires)
            model_lots[item_a].append(ModelLot(f"A{i}", expires, qty))
    for i, qty in enumerate(lots_b):
        if qty:
            svc.inventory.receive(sup, item_b, qty, lot_code=f"B{i}")
            model_lots[item_b].append(ModelLot(f"B{i}", None, qty))
    lines = [(item_a, qty_a)] + ([(item_b, qty_b)] if qty_b else [])
    code = svc.members.register(sup, "外卖骑手", nickname=f"会员{n}").code
    camp = svc.relief.create_campaign(
        sup,
        f"活动{n}",
        today,
        today + timedelta(days=days),
        list(lines),
        per_person_limit=limit,
        min_days_between=interval,
    )
    assert [(x.item, x.qty) for x in camp.lines] == lines
    package = {x.item_id: x.qty for x in camp.lines}
    model = Model(today + timedelta(days=days), limit, interval, lines, model_lots)

    for who, hours in steps:
        clock.advance(hours=hours)
        now_day = svc.ctx.today()
        expected = model.expect(who, now_day)
        claimant = (
            {"member_code": code}
            if who == len(PERSONS)
            else {"name": PERSONS[who][0], "phone_last4": PERSONS[who][1]}
        )
        try:
            got: type[StationError] | int = svc.relief.hand_out(sup, camp.id, **claimant).claim_no
        except StationError as exc:
            got = type(exc)
        assert got == expected, (who, now_day, dict(model.claims))
        event(f"claim: {'handed out' if isinstance(got, int) else got.__name__}")
        if isinstance(expected, int):
            model.take(who, now_day)

    # What the database holds, checked without the model.
    with svc.ctx.uow() as uow:
        s = uow.session
        handouts = s.scalars(
            select(Handout).where(Handout.campaign_id == camp.id).order_by(Handout.id)
        ).all()
        by_person: dict[str, list[Handout]] = defaultdict(list)
        for h in handouts:
            by_person[h.claimant_key].append(h)
        for claims in by_person.values():
            assert len(claims) <= limit
            assert [h.claim_no for h in claims] == list(range(1, len(claims) + 1))
            local_days = [svc.ctx.local(h.handed_at).date() for h in claims]
            for before, after in itertools.pairwise(local_days):
                assert (after - before).days >= interval
        for h in handouts:
            moved: dict[int, int] = defaultdict(int)
            for item_id, qty, reason in s.execute(
                select(StockMove.item_id, StockMove.qty, StockMove.reason).where(
                    StockMove.handout_id == h.id
                )
            ):
                assert reason == "handout" and qty < 0
                moved[item_id] -= qty
            assert moved == package
        stray = s.scalar(
            select(func.count(StockMove.id)).where(
                StockMove.reason == "handout", StockMove.handout_id.is_(None)
            )
        )
        assert stray == 0
        lot_sums = s.execute(
            select(StockMove.lot_id, func.sum(StockMove.qty)).group_by(StockMove.lot_id)
        ).all()
        assert all(total >= 0 for _, total in lot_sums)
        # Each lot holds what the model's first-expiring-first taking left in it.
        held = dict(
            s.execute(
                select(Lot.lot_code, func.sum(StockMove.qty))
                .join(StockMove, StockMove.lot_id == Lot.id)
                .where(Lot.item_id.in_([info_a.id, info_b.id]))
                .group_by(Lot.id)
            ).all()
        )
        assert held == {lot.code: lot.qty for lots in model_lots.values() for lot in lots}
    assert len(handouts) == sum(len(v) for v in model.claims.values())
    assert svc.relief.handout_count(camp.id) == len(handouts)
