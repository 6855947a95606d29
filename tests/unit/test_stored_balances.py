"""Stored lot balances (``lot_stock``) against the ledger they summarise.

A random sequence of receipts, issues, relief handouts, write-offs, stocktakes,
backdated moves from an imported paper ledger and loans (lend, return, write off)
runs through the services; after every step each stored balance equals the sum
of its lot's moves (computed here with plain SQL, independently of the code under
test), none is below zero, a used-up lot keeps no row, and ``balance_mismatches``
agrees that nothing is wrong. Then the file is edited behind the program's back:
``db check`` and the start-up check find it, stock actions on the item stop, and
the repair puts the balances back from the ledger and says so in the audit log.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import Engine, text

from db.engine import create_station_engine
from station_app import ledger
from station_app.backup import check_database
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import CLI_ACTOR, Actor
from station_app.errors import PermissionDenied, StationError
from station_app.importer import import_file
from station_app.services import Services, build_services
from tests.conftest import TZ, fast_hasher

WATER = "矿泉水"  # tracks expiry
TOWEL = "毛巾"  # no expiry
UMBRELLA = "雨伞"  # lendable
ITEMS = (WATER, TOWEL, UMBRELLA)
START = datetime(2026, 7, 1, 9, 0, tzinfo=TZ)


def ledger_sums(engine: Engine) -> dict[tuple[int, int], int]:
    """(station, lot) -> the sum of its moves, straight from the ledger table."""
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT station_id, lot_id, SUM(qty) FROM stock_move GROUP BY station_id, lot_id")
        ).all()
    return {(r[0], r[1]): int(r[2]) for r in rows}


def stored(engine: Engine) -> dict[tuple[int, int], int]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT station_id, lot_id, qty FROM lot_stock")).all()
    return {(r[0], r[1]): int(r[2]) for r in rows}


class BalanceMachine(RuleBasedStateMachine):
    template: ClassVar[Path]

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="balanceprop-"))
        path = self.dir / "station.db"
        shutil.copy(self.template, path)
        self.engine = create_station_engine(sqlite_url(path))
        self.clock = FixedClock(START)
        self.s = build_services(self.engine, fast_hasher(), clock=self.clock, tz=TZ)
        self.s.stations.initialize(
            name="库存性质驿站",
            kind="rest",
            supervisor_name="王站长",
            supervisor_pin="2580",
            created_at=START - timedelta(days=60),
        )
        self.actor = self.s.users.login("王站长", "2580")
        self.campaign = self.s.relief.create_campaign(
            self.actor,
            "性质测试送清凉",
            START.date() - timedelta(days=30),
            START.date() + timedelta(days=60),
            [(WATER, 2), (TOWEL, 1)],
            per_person_limit=3,
        ).id
        self.files = 0
        self.people = 0

    def teardown(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.dir, ignore_errors=True)

    def attempt(self, action: Any, *args: Any, **kwargs: Any) -> None:
        """Run a service call; the rules may refuse it (not enough stock, a limit)."""
        with contextlib.suppress(StationError):
            action(*args, **kwargs)

    # ------------------------------------------------------------------ rules

    @rule(
        item=st.sampled_from(ITEMS),
        qty=st.integers(1, 30),
        code=st.sampled_from([None, "A", "B"]),
        days=st.integers(-1, 8),
    )
    def receive(self, item: str, qty: int, code: str | None, days: int) -> None:
        expires = self.s.ctx.today() + timedelta(days=days) if item == WATER else None
        self.attempt(
            self.s.inventory.receive, self.actor, item, qty, lot_code=code, expires_on=expires
        )

    @rule(item=st.sampled_from(ITEMS), qty=st.integers(1, 40))
    def issue(self, item: str, qty: int) -> None:
        self.attempt(self.s.inventory.issue, self.actor, item, qty)

    @rule()
    def hand_out(self) -> None:
        self.people += 1
        self.attempt(
            self.s.relief.hand_out,
            self.actor,
            self.campaign,
            name=f"领取人{self.people}",
            phone_last4=f"{self.people % 10_000:04d}",
        )

    @rule(
        item=st.sampled_from(ITEMS),
        qty=st.integers(1, 20),
        reason=st.sampled_from(["loss", "expired"]),
    )
    def write_off(self, item: str, qty: int, reason: str) -> None:
        self.attempt(self.s.inventory.write_off, self.actor, item, qty, reason, note="性质测试")

    @rule()
    def write_off_expired(self) -> None:
        self.attempt(self.s.inventory.write_off_expired, self.actor)

    @rule(data=st.data())
    def stocktake(self, data: st.DataObject) -> None:
        sheet = [c for c in self.s.inventory.count_sheet() if c.lot_id is not None]
        if not sheet:
            return
        chosen = data.draw(st.lists(st.sampled_from(sheet), unique=True, max_size=len(sheet)))
        counts = [(c.lot_id, data.draw(st.integers(0, 30))) for c in chosen]
        self.attempt(self.s.inventory.apply_stocktake, self.actor, counts, note="抽盘")

    @rule(
        days_back=st.integers(1, 20),
        kind=st.sampled_from(["入库", "出库", "报损", "期初"]),
        item=st.sampled_from([WATER, TOWEL]),
        qty=st.integers(1, 25),
        lot=st.sampled_from(["", "A", "P1"]),
    )
    def backdated(self, days_back: int, kind: str, item: str, qty: int, lot: str) -> None:
        """A row of a paper ledger dated in the past, through the importer."""
        day = self.s.ctx.today() - timedelta(days=days_back)
        expiry = (day + timedelta(days=30)).isoformat() if item == WATER else ""
        if kind in ("入库", "期初") and not lot:
            lot = "P1"
        self.files += 1
        path = self.dir / f"ledger-{self.files}.csv"
        path.write_text(
            "日期,类型,物品,数量,批号,有效期\n"
            f"{day.isoformat()},{kind},{item},{qty},{lot},{expiry}\n",
            encoding="utf-8",
        )
        with contextlib.suppress(StationError):
            import_file(self.s.ctx, CLI_ACTOR, "stock", path)

    @rule()
    def lend(self) -> None:
        self.attempt(self.s.loans.lend, self.actor, UMBRELLA, borrower="外卖骑手", due_hours=24)

    @rule(data=st.data(), write_off=st.booleans())
    def close_loan(self, data: st.DataObject, write_off: bool) -> None:
        loans = self.s.loans.open_loans()
        if not loans:
            return
        loan = data.draw(st.sampled_from(loans))
        if write_off:
            self.attempt(self.s.loans.write_off_loan, self.actor, loan.id, "没有归还")
        else:
            self.attempt(self.s.loans.return_loan, self.actor, loan.id)

    @rule(days=st.integers(0, 3))
    def advance(self, days: int) -> None:
        self.clock.advance(days=days, hours=2)

    # ------------------------------------------------------------------ invariants

    @invariant()
    def stored_balances_are_the_ledger(self) -> None:
        sums = ledger_sums(self.engine)
        kept = stored(self.engine)
        assert kept == {key: qty for key, qty in sums.items() if qty != 0}
        assert all(qty > 0 for qty in kept.values())
        with self.s.ctx.read() as uow:
            assert ledger.balance_mismatches(uow.session) == []

    @invariant()
    def levels_read_the_stored_balances(self) -> None:
        per_item: dict[int, int] = {}
        with self.engine.connect() as conn:
            for item_id, qty in conn.execute(
                text("SELECT item_id, SUM(qty) FROM stock_move GROUP BY item_id")
            ):
                per_item[item_id] = int(qty)
        for lv in self.s.inventory.levels():
            assert lv.balance == per_item.get(lv.item_id, 0)


def test_stored_balances_always_equal_the_ledger(migrated_template: Path) -> None:
    machine = type("Machine", (BalanceMachine,), {"template": migrated_template})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=20,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


# --------------------------------------------------------------------------- a hand-edited file


def tamper(path: Path, sql: str, *params: object) -> None:
    """Change the file as another program would (a SQLite browser, a script)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def stocked(services: Services, supervisor: Actor) -> Services:
    services.inventory.receive(supervisor, TOWEL, 10, lot_code="T1")
    services.inventory.receive(supervisor, WATER, 24, lot_code="W1", expires_on=date(2027, 1, 1))
    services.inventory.issue(supervisor, TOWEL, 3)
    return services


def test_a_balance_edited_behind_the_ledger_is_found_held_and_repaired(
    stocked: Services, supervisor: Actor, attendant: Actor, db_path: Path, clock: FixedClock
) -> None:
    services = stocked
    assert services.inventory.check_balances() == []
    assert check_database(sqlite_url(db_path)).ok

    tamper(db_path, "UPDATE lot_stock SET qty = 70 WHERE qty = 7")

    # db check names the item and the lot.
    report = check_database(sqlite_url(db_path))
    assert not report.ok
    (problem,) = report.problems
    assert "毛巾" in problem and "T1" in problem and "70" in problem and "7" in problem

    # The start-up check finds it, holds the item and puts it on the record once.
    (found,) = services.inventory.check_balances()
    assert (found.item, found.lot_code, found.stored, found.ledger) == (TOWEL, "T1", 70, 7)
    services.inventory.check_balances()  # a second start: still held, not recorded twice
    assert len(services.audit.recent(action="stock.balance_hold")) == 1

    # Stock actions on that item stop, naming item and lot; other items go on.
    with pytest.raises(ledger.BalanceOnHold) as refused:
        services.inventory.issue(attendant, TOWEL, 1)
    assert "毛巾" in refused.value.zh and "T1" in refused.value.zh
    assert "repair-balances" in refused.value.en
    with pytest.raises(ledger.BalanceOnHold):
        services.inventory.receive(attendant, TOWEL, 5, lot_code="T2")
    services.inventory.issue(attendant, WATER, 2)

    # Only a supervisor repairs; the repair follows the ledger and is on the record.
    with pytest.raises(PermissionDenied):
        services.inventory.repair_balances(attendant)
    (fixed,) = services.inventory.repair_balances(supervisor)
    assert (fixed.stored, fixed.ledger) == (70, 7)
    (entry,) = services.audit.recent(action="stock.repair_balances")
    assert entry.detail["lots"][0]["stored"] == 70
    assert entry.detail["lots"][0]["ledger"] == 7
    assert check_database(sqlite_url(db_path)).ok
    assert services.inventory.check_balances() == []
    services.inventory.issue(attendant, TOWEL, 7)
    assert services.inventory.repair_balances(supervisor) == []  # nothing to do, nothing written
    assert len(services.audit.recent(action="stock.repair_balances")) == 1


def test_a_lost_balance_row_and_a_forged_one_are_both_found(
    stocked: Services, supervisor: Actor, db_path: Path
) -> None:
    services = stocked
    water_lot = services.inventory.count_sheet()
    water = next(c for c in water_lot if c.item == WATER)
    tamper(db_path, "DELETE FROM lot_stock WHERE lot_id = ?", water.lot_id)
    found = {(m.item, m.stored, m.ledger) for m in services.inventory.check_balances()}
    assert found == {(WATER, 0, 24)}
    services.inventory.repair_balances(supervisor)
    levels = {lv.item: lv.balance for lv in services.inventory.levels()}
    assert (levels[WATER], levels[TOWEL]) == (24, 7)
