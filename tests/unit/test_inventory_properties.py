"""Random sequences of stock operations against the ledger's invariants.

Each example gets a fresh copy of the migrated database. After every step:
levels() equals the raw sum of the moves, no lot is below zero, the ledger's
closing balance equals levels(); a refused operation changed nothing; an issue
took exactly the first-expiring usable lots (an independent FEFO oracle).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import text

from db.engine import create_station_engine
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.errors import InsufficientStock, InvalidInput, StationError
from station_app.services import build_services
from tests.conftest import TZ, fast_hasher

WATER = "矿泉水"  # tracks expiry
TOWEL = "毛巾"  # no expiry
ITEMS = (WATER, TOWEL)
START = datetime(2026, 7, 1, 9, 0, tzinfo=TZ)

Lot = tuple[int, int, date | None, str, int]  # id, item_id, expires_on, received_at, balance


class StockMachine(RuleBasedStateMachine):
    template: ClassVar[Path]

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="stockprop-"))
        path = self.dir / "station.db"
        shutil.copy(self.template, path)
        self.engine = create_station_engine(sqlite_url(path))
        self.clock = FixedClock(START)
        self.s = build_services(self.engine, fast_hasher(), clock=self.clock, tz=TZ)
        self.s.stations.initialize(
            name="性质测试驿站", kind="rest", supervisor_name="王站长", supervisor_pin="2580"
        )
        self.actor = self.s.users.login("王站长", "2580")
        self.item_ids = {i.name: i.id for i in self.s.inventory.items()}
        self.first_day = self.s.ctx.today()

    def teardown(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------------ raw reads

    def _sql(self, sql: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())

    def snapshot(self) -> tuple[list[Any], list[Any], list[Any]]:
        return (
            self._sql("SELECT id, lot_id, qty, reason FROM stock_move ORDER BY id"),
            self._sql("SELECT id, lot_code, expires_on FROM lot ORDER BY id"),
            self._sql("SELECT id FROM stocktake ORDER BY id"),
        )

    def lots(self, item: str) -> list[Lot]:
        rows = self._sql(
            "SELECT l.id, l.item_id, l.expires_on, l.received_at, SUM(m.qty) "
            "FROM stock_move m JOIN lot l ON l.id = m.lot_id "
            "WHERE l.item_id = :item GROUP BY l.id HAVING SUM(m.qty) <> 0",
            item=self.item_ids[item],
        )
        return [
            (r[0], r[1], None if r[2] is None else date.fromisoformat(str(r[2])), str(r[3]), r[4])
            for r in rows
        ]

    def usable_fefo(self, item: str) -> list[Lot]:
        """The oracle: usable lots, dated first by expiry, then undated; ties to the older lot."""
        today = self.s.ctx.today()
        usable = [x for x in self.lots(item) if x[2] is None or x[2] >= today]
        return sorted(usable, key=lambda x: (x[2] is None, x[2] or date.min, x[3], x[0]))

    @staticmethod
    def plan(lots: list[Lot], qty: int) -> list[tuple[int, int]]:
        out, left = [], qty
        for lot in lots:
            if left == 0:
                break
            take = min(left, lot[4])
            out.append((lot[0], -take))
            left -= take
        return out

    def new_moves(self, before: int) -> list[tuple[int, int, str]]:
        rows = self._sql(
            "SELECT lot_id, qty, reason FROM stock_move WHERE id > :id ORDER BY id", id=before
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def last_move_id(self) -> int:
        return int(self._sql("SELECT COALESCE(MAX(id), 0) FROM stock_move")[0][0])

    # ------------------------------------------------------------------ rules

    @rule(
        item=st.sampled_from(ITEMS),
        qty=st.integers(-2, 40),
        code=st.sampled_from([None, "A", "B"]),
        days=st.integers(-2, 8),
    )
    def receive(self, item: str, qty: int, code: str | None, days: int) -> None:
        expires = self.s.ctx.today() + timedelta(days=days) if item == WATER else None
        before, last = self.snapshot(), self.last_move_id()
        try:
            self.s.inventory.receive(self.actor, item, qty, lot_code=code, expires_on=expires)
        except StationError:
            assert self.snapshot() == before
            return
        assert qty >= 1 and (expires is None or days >= 0)
        moves = self.new_moves(last)
        assert [(q, r) for _, q, r in moves] == [(qty, "receive")]

    @rule(item=st.sampled_from(ITEMS), qty=st.integers(1, 60))
    def issue(self, item: str, qty: int) -> None:
        fefo = self.usable_fefo(item)
        before, last = self.snapshot(), self.last_move_id()
        if sum(x[4] for x in fefo) < qty:
            with pytest.raises(InsufficientStock):
                self.s.inventory.issue(self.actor, item, qty)
            assert self.snapshot() == before
            return
        infos = self.s.inventory.issue(self.actor, item, qty)
        moves = self.new_moves(last)
        assert [(lot, q) for lot, q, _ in moves] == self.plan(fefo, qty)
        assert {r for *_, r in moves} == {"issue"}
        assert sum(m.qty for m in infos) == -qty

    @rule(
        item=st.sampled_from(ITEMS),
        qty=st.integers(1, 30),
        reason=st.sampled_from(["loss", "expired"]),
    )
    def write_off(self, item: str, qty: int, reason: str) -> None:
        today = self.s.ctx.today()
        if reason == "loss":
            source = self.usable_fefo(item)
        else:
            source = sorted(
                (x for x in self.lots(item) if x[2] is not None and x[2] < today),
                key=lambda x: (x[2], x[3], x[0]),
            )
        before, last = self.snapshot(), self.last_move_id()
        if sum(x[4] for x in source) < qty:
            with pytest.raises(InsufficientStock):
                self.s.inventory.write_off(self.actor, item, qty, reason, note="性质测试")
            assert self.snapshot() == before
            return
        self.s.inventory.write_off(self.actor, item, qty, reason, note="性质测试")
        moves = self.new_moves(last)
        assert [(lot, q) for lot, q, _ in moves] == self.plan(source, qty)
        assert {r for *_, r in moves} == {reason}

    @rule(data=st.data())
    def stocktake(self, data: st.DataObject) -> None:
        sheet = [c for c in self.s.inventory.count_sheet() if c.lot_id is not None]
        if not sheet:
            return
        chosen = data.draw(st.lists(st.sampled_from(sheet), unique=True, max_size=len(sheet)))
        counts = [(c.lot_id, data.draw(st.integers(-1, 30))) for c in chosen]
        before = self.snapshot()
        if any(n < 0 for _, n in counts):
            with pytest.raises(InvalidInput, match="行"):
                self.s.inventory.apply_stocktake(self.actor, counts, note="抽盘")  # type: ignore[arg-type]
            assert self.snapshot() == before
            return
        result = self.s.inventory.apply_stocktake(self.actor, counts, note="抽盘")  # type: ignore[arg-type]
        expected = {c.lot_id: c.expected for c in chosen}
        assert len(result.corrections) == sum(1 for lid, n in counts if n != expected[lid])
        balances = {x[0]: x[4] for item in ITEMS for x in self.lots(item)}
        for lot_id, counted in counts:
            assert balances.get(lot_id, 0) == counted

    @rule(days=st.integers(0, 4))
    def advance(self, days: int) -> None:
        self.clock.advance(days=days, hours=1)

    @rule()
    def write_off_expired(self) -> None:
        today = self.s.ctx.today()
        expired = {
            x[0]: x[4]
            for item in ITEMS
            for x in self.lots(item)
            if x[2] is not None and x[2] < today
        }
        moves = self.s.inventory.write_off_expired(self.actor)
        assert sorted((m.qty, m.reason) for m in moves) == sorted(
            (-q, "expired") for q in expired.values()
        )
        assert not [
            x for item in ITEMS for x in self.lots(item) if x[2] is not None and x[2] < today
        ]

    # ------------------------------------------------------------------ invariants

    @invariant()
    def no_lot_below_zero(self) -> None:
        assert (
            self._sql("SELECT lot_id, SUM(qty) FROM stock_move GROUP BY lot_id HAVING SUM(qty) < 0")
            == []
        )

    @invariant()
    def levels_are_the_sum_of_the_moves(self) -> None:
        raw = dict(self._sql("SELECT item_id, SUM(qty) FROM stock_move GROUP BY item_id"))
        today = self.s.ctx.today()
        for lv in self.s.inventory.levels():
            assert lv.balance == raw.get(lv.item_id, 0)
            if lv.item in ITEMS:
                lots = self.lots(lv.item)
                assert lv.usable == sum(x[4] for x in lots if x[2] is None or x[2] >= today)
                assert lv.expired == lv.balance - lv.usable
                assert lv.is_low == (lv.usable <= lv.low_stock_threshold)

    @invariant()
    def ledger_closes_on_the_balance(self) -> None:
        balances = {lv.item_id: lv.balance for lv in self.s.inventory.levels()}
        for row in self.s.inventory.ledger(self.first_day, self.s.ctx.today()):
            assert row.opening == 0
            assert row.closing == balances[row.item_id]


def test_stock_ledger_invariants(migrated_template: Path) -> None:
    machine = type("Machine", (StockMachine,), {"template": migrated_template})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
