from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, event, func, select, text

from db.models import StockMove, Stocktake
from station_app import ledger
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import (
    Conflict,
    InsufficientStock,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from station_app.services import Services
from station_app.stations import current_station
from tests.conftest import SUPERVISOR_NAME

WATER = "矿泉水"  # 瓶, low 48, tracks expiry, near-expiry 30 days
TOWEL = "毛巾"  # 条, low 10, no expiry
SOUP = "绿豆汤"  # 份, low 20, near-expiry 3 days
D = date  # short for the many dates below


def move_count(services: Services) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(func.count(StockMove.id))) or 0


def level(services: Services, item: str) -> tuple[int, int, int]:
    lv = next(x for x in services.inventory.levels() if x.item == item)
    return lv.balance, lv.usable, lv.expired


# --------------------------------------------------------------------------- items


def test_items_in_catalog_order(services: Services, supervisor: Actor) -> None:
    names = [i.name for i in services.inventory.items()]
    assert names[:3] == [WATER, SOUP, "藿香正气水"]
    umbrella = next(i for i in services.inventory.items() if i.name == "雨伞")
    assert (umbrella.unit, umbrella.lendable, umbrella.tracks_expiry) == ("把", True, False)


def test_add_item(services: Services, supervisor: Actor) -> None:
    info = services.inventory.add_item(
        supervisor, " 冰袋 ", "个", low_stock_threshold=5, tracks_expiry=True, near_expiry_days=7
    )
    assert (info.name, info.unit, info.low_stock_threshold) == ("冰袋", "个", 5)
    assert (info.tracks_expiry, info.near_expiry_days, info.lendable, info.active) == (
        True,
        7,
        False,
        True,
    )
    assert services.inventory.items()[-1] == info
    entry = services.audit.recent(action="item.create")[0]
    assert (entry.entity_id, entry.detail["name"]) == (info.id, "冰袋")


def test_add_item_rules(services: Services, supervisor: Actor, attendant: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.inventory.add_item(attendant, "冰袋", "个")
    with pytest.raises(Conflict, match="已存在"):
        services.inventory.add_item(supervisor, WATER, "瓶")
    with pytest.raises(InvalidInput, match="物品名称"):
        services.inventory.add_item(supervisor, "", "个")
    with pytest.raises(InvalidInput, match="单位"):
        services.inventory.add_item(supervisor, "冰袋", "")
    with pytest.raises(InvalidInput, match="低库存提醒数量"):
        services.inventory.add_item(supervisor, "冰袋", "个", low_stock_threshold=-1)
    with pytest.raises(InvalidInput, match="临期提醒天数"):
        services.inventory.add_item(supervisor, "冰袋", "个", near_expiry_days=-2)
    assert "冰袋" not in [i.name for i in services.inventory.items()]


# --------------------------------------------------------------------------- receive


def test_receive_by_attendant_with_generated_lot_codes(
    services: Services, attendant: Actor
) -> None:
    inv = services.inventory
    first = inv.receive(attendant, WATER, 24, expires_on=D(2027, 1, 1), note="工会配送")
    second = inv.receive(attendant, WATER, 12, expires_on=D(2027, 2, 1))
    assert (first.item, first.unit, first.qty, first.reason) == (WATER, "瓶", 24, "receive")
    assert (first.lot_code, second.lot_code) == ("20260701-1", "20260701-2")
    assert (first.actor, first.note) == ("李师傅", "工会配送")
    assert level(services, WATER) == (36, 36, 0)
    entry = services.audit.recent(action="stock.receive")[1]
    assert entry.detail == {
        "item": WATER,
        "qty": 24,
        "lot": "20260701-1",
        "expires_on": "2027-01-01",
    }


def test_receive_by_item_id_and_without_expiry(services: Services, supervisor: Actor) -> None:
    towel = next(i for i in services.inventory.items() if i.name == TOWEL)
    move = services.inventory.receive(supervisor, towel.id, 40, lot_code="T-1")
    assert (move.item, move.lot_code, move.qty) == (TOWEL, "T-1", 40)
    assert level(services, TOWEL) == (40, 40, 0)


@pytest.mark.parametrize("qty", [0, -3, 2.5, "abc", True, None])
def test_receive_bad_quantity_names_the_field(
    services: Services, supervisor: Actor, qty: object
) -> None:
    with pytest.raises(InvalidInput) as exc:
        services.inventory.receive(supervisor, TOWEL, qty)  # type: ignore[arg-type]
    assert "数量" in exc.value.zh
    assert exc.value.field == "Quantity"
    assert move_count(services) == 0


def test_receive_expiry_rules(services: Services, supervisor: Actor) -> None:
    inv = services.inventory
    with pytest.raises(InvalidInput, match="需要填写有效期") as exc:
        inv.receive(supervisor, WATER, 10)
    assert exc.value.field == "Expiry date"
    with pytest.raises(InvalidInput, match="已过期"):
        inv.receive(supervisor, WATER, 10, expires_on=D(2026, 6, 30))
    with pytest.raises(InvalidInput, match="有效期必须是日期"):
        inv.receive(supervisor, WATER, 10, expires_on="2027-01-01")  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        inv.receive(supervisor, "榴莲", 10)
    assert move_count(services) == 0
    # Expiring today is still good today.
    assert inv.receive(supervisor, WATER, 10, expires_on=D(2026, 7, 1)).qty == 10


def test_same_lot_code_must_keep_its_expiry(services: Services, supervisor: Actor) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 10, lot_code="W1", expires_on=D(2027, 1, 1))
    with pytest.raises(InvalidInput, match="W1"):
        inv.receive(supervisor, WATER, 5, lot_code="W1", expires_on=D(2027, 3, 1))
    inv.receive(supervisor, WATER, 5, lot_code="W1", expires_on=D(2027, 1, 1))
    lines = [c for c in inv.count_sheet() if c.item == WATER]
    assert [(c.lot_code, c.expected) for c in lines] == [("W1", 15)]


def test_generated_lot_code_skips_codes_in_use(
    services: Services, supervisor: Actor, clock: FixedClock
) -> None:
    inv = services.inventory
    inv.receive(supervisor, TOWEL, 1, lot_code="20260701-1")
    assert inv.receive(supervisor, TOWEL, 1).lot_code == "20260701-2"
    clock.advance(days=1)
    assert inv.receive(supervisor, TOWEL, 1).lot_code == "20260702-1"


# --------------------------------------------------------------------------- issue


def test_issue_takes_first_expiring_lot_first(services: Services, attendant: Actor) -> None:
    inv = services.inventory
    inv.receive(attendant, WATER, 10, lot_code="LATE", expires_on=D(2026, 12, 1))
    inv.receive(attendant, WATER, 4, lot_code="SOON", expires_on=D(2026, 8, 1))
    inv.receive(attendant, WATER, 3, lot_code="MID", expires_on=D(2026, 9, 1))
    moves = inv.issue(attendant, WATER, 9, note="高温")
    assert [(m.lot_code, m.qty, m.reason) for m in moves] == [
        ("SOON", -4, "issue"),
        ("MID", -3, "issue"),
        ("LATE", -2, "issue"),
    ]
    assert {m.note for m in moves} == {"高温"}
    assert level(services, WATER) == (8, 8, 0)
    entry = services.audit.recent(action="stock.issue")[0]
    assert (entry.detail["qty"], entry.detail["moves"]) == (9, [m.id for m in moves])


def test_issue_more_than_usable_says_usable_and_expired(
    services: Services, supervisor: Actor, clock: FixedClock
) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 5, lot_code="OLD", expires_on=D(2026, 7, 3))
    inv.receive(supervisor, WATER, 7, lot_code="NEW", expires_on=D(2026, 9, 1))
    clock.advance(days=3)  # 2026-07-04: OLD is past its date
    before = move_count(services)
    with pytest.raises(InsufficientStock) as exc:
        inv.issue(supervisor, WATER, 8)
    assert "可用 7瓶" in exc.value.zh and "5瓶 已过期" in exc.value.zh
    assert move_count(services) == before
    # Expired lots are never issued, even when they come first.
    moves = inv.issue(supervisor, WATER, 7)
    assert [(m.lot_code, m.qty) for m in moves] == [("NEW", -7)]
    assert level(services, WATER) == (5, 0, 5)
    with pytest.raises(InsufficientStock):
        inv.issue(supervisor, WATER, 1)


def test_issue_linked_to_a_visit(services: Services, attendant: Actor) -> None:
    services.inventory.receive(attendant, TOWEL, 3)
    visit = services.visits.check_in(attendant, "外卖骑手")
    moves = services.inventory.issue(attendant, TOWEL, 1, visit_id=visit.id)
    with services.ctx.uow() as uow:
        assert uow.session.get(StockMove, moves[0].id).visit_id == visit.id  # type: ignore[union-attr]
    with pytest.raises(NotFound, match="来访记录"):
        services.inventory.issue(attendant, TOWEL, 1, visit_id=visit.id + 100)
    assert level(services, TOWEL) == (2, 2, 0)


def test_issue_bad_quantity(services: Services, attendant: Actor) -> None:
    services.inventory.receive(attendant, TOWEL, 3)
    for bad in (0, -1, 1.5):
        with pytest.raises(InvalidInput, match="数量"):
            services.inventory.issue(attendant, TOWEL, bad)  # type: ignore[arg-type]
    assert level(services, TOWEL) == (3, 3, 0)


# --------------------------------------------------------------------------- write-offs


def test_write_off_loss(services: Services, supervisor: Actor, attendant: Actor) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 6, lot_code="A", expires_on=D(2026, 8, 1))
    inv.receive(supervisor, WATER, 6, lot_code="B", expires_on=D(2026, 10, 1))
    with pytest.raises(PermissionDenied):
        inv.write_off(attendant, WATER, 1, "loss", note="摔坏")
    with pytest.raises(InvalidInput, match="备注"):
        inv.write_off(supervisor, WATER, 1, "loss")
    with pytest.raises(InvalidInput, match="报损原因"):
        inv.write_off(supervisor, WATER, 1, "stolen", note="x")
    moves = inv.write_off(supervisor, WATER, 8, "loss", note="搬运摔坏")
    assert [(m.lot_code, m.qty, m.reason) for m in moves] == [("A", -6, "loss"), ("B", -2, "loss")]
    assert level(services, WATER) == (4, 4, 0)
    entry = services.audit.recent(action="stock.write_off")[0]
    assert (entry.detail["reason"], entry.note) == ("loss", "搬运摔坏")


def test_write_off_from_a_named_lot(services: Services, supervisor: Actor) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 6, lot_code="A", expires_on=D(2026, 8, 1))
    inv.receive(supervisor, WATER, 6, lot_code="B", expires_on=D(2026, 10, 1))
    lot_b = next(c.lot_id for c in inv.count_sheet() if c.lot_code == "B")
    assert lot_b is not None
    moves = inv.write_off(supervisor, WATER, 2, "loss", lot_id=lot_b, note="漏水")
    assert [(m.lot_code, m.qty) for m in moves] == [("B", -2)]
    with pytest.raises(InsufficientStock, match="只有 4瓶"):
        inv.write_off(supervisor, WATER, 5, "loss", lot_id=lot_b, note="漏水")
    with pytest.raises(NotFound):
        inv.write_off(supervisor, TOWEL, 1, "loss", lot_id=lot_b, note="x")
    with pytest.raises(Conflict, match="还没有过期"):
        inv.write_off(supervisor, WATER, 1, "expired", lot_id=lot_b)
    assert level(services, WATER) == (10, 10, 0)


def test_write_off_expired_stock(services: Services, supervisor: Actor, clock: FixedClock) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 5, lot_code="OLD1", expires_on=D(2026, 7, 2))
    inv.receive(supervisor, WATER, 4, lot_code="OLD2", expires_on=D(2026, 7, 3))
    inv.receive(supervisor, WATER, 9, lot_code="GOOD", expires_on=D(2026, 12, 1))
    with pytest.raises(InsufficientStock, match="已过期的只有 0瓶"):
        inv.write_off(supervisor, WATER, 1, "expired")
    clock.advance(days=3)
    moves = inv.write_off(supervisor, WATER, 7, "expired")
    assert [(m.lot_code, m.qty, m.reason) for m in moves] == [
        ("OLD1", -5, "expired"),
        ("OLD2", -2, "expired"),
    ]
    with pytest.raises(InsufficientStock):
        inv.write_off(supervisor, WATER, 3, "expired")
    assert level(services, WATER) == (11, 9, 2)


def test_write_off_expired_sweeps_every_expired_lot(
    services: Services, supervisor: Actor, attendant: Actor, clock: FixedClock
) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 5, lot_code="W-OLD", expires_on=D(2026, 7, 2))
    inv.receive(supervisor, WATER, 9, lot_code="W-NEW", expires_on=D(2026, 12, 1))
    inv.receive(supervisor, SOUP, 3, lot_code="S-OLD", expires_on=D(2026, 7, 1))
    inv.receive(supervisor, TOWEL, 8)
    assert inv.write_off_expired(supervisor) == []  # nothing expired yet
    assert services.audit.recent(action="stock.write_off_expired") == []
    with pytest.raises(PermissionDenied):
        inv.write_off_expired(attendant)
    clock.advance(days=2)
    moves = inv.write_off_expired(supervisor)
    assert sorted((m.item, m.lot_code, m.qty, m.reason) for m in moves) == [
        (WATER, "W-OLD", -5, "expired"),
        (SOUP, "S-OLD", -3, "expired"),
    ]
    assert inv.write_off_expired(supervisor) == []
    assert level(services, WATER) == (9, 9, 0)
    assert level(services, SOUP) == (0, 0, 0)
    assert level(services, TOWEL) == (8, 8, 0)
    assert len(services.audit.recent(action="stock.write_off_expired")) == 1


# --------------------------------------------------------------------------- views


def test_levels_and_low_stock(services: Services, supervisor: Actor, clock: FixedClock) -> None:
    inv = services.inventory
    inv.receive(supervisor, TOWEL, 11)  # threshold 10
    inv.receive(supervisor, WATER, 40, lot_code="A", expires_on=D(2026, 7, 2))
    inv.receive(supervisor, WATER, 30, lot_code="B", expires_on=D(2027, 1, 1))  # threshold 48
    levels = {lv.item: lv for lv in inv.levels()}
    assert len(levels) == len(inv.items())  # every active item, zero included
    assert (levels[TOWEL].balance, levels[TOWEL].is_low) == (11, False)
    assert (levels[WATER].usable, levels[WATER].is_low) == (70, False)
    assert (levels["雨伞"].balance, levels["雨伞"].is_low) == (0, True)
    clock.advance(days=2)  # lot A expires: 30 usable <= 48
    water = next(lv for lv in inv.low_stock() if lv.item == WATER)
    assert (water.balance, water.usable, water.expired, water.low_stock_threshold) == (
        70,
        30,
        40,
        48,
    )
    inv.issue(supervisor, TOWEL, 1)  # 10 <= 10
    assert TOWEL in [lv.item for lv in inv.low_stock()]


def test_expiring_soon(services: Services, supervisor: Actor, clock: FixedClock) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 5, lot_code="W20", expires_on=D(2026, 7, 21))  # near: 30 days
    inv.receive(supervisor, WATER, 5, lot_code="W40", expires_on=D(2026, 8, 10))
    inv.receive(supervisor, SOUP, 2, lot_code="S2", expires_on=D(2026, 7, 3))  # near: 3 days
    inv.receive(supervisor, SOUP, 2, lot_code="S5", expires_on=D(2026, 7, 6))
    inv.receive(supervisor, TOWEL, 5)
    soon = inv.expiring_soon()
    assert [(x.lot_code, x.days_left, x.qty) for x in soon] == [("S2", 2, 2), ("W20", 20, 5)]
    assert [x.lot_code for x in inv.expiring_soon(within_days=5)] == ["S2", "S5"]
    assert [x.lot_code for x in inv.expiring_soon(within_days=60)] == ["S2", "S5", "W20", "W40"]
    clock.advance(days=3)  # S2 expired yesterday
    assert [(x.lot_code, x.days_left) for x in inv.expiring_soon()] == [
        ("S2", -1),
        ("S5", 2),
        ("W20", 17),
    ]
    inv.issue(supervisor, WATER, 5)  # W20 used up: it leaves the list
    assert "W20" not in [x.lot_code for x in inv.expiring_soon()]
    with pytest.raises(InvalidInput, match="天数"):
        inv.expiring_soon(within_days=-1)


def test_count_sheet(services: Services, supervisor: Actor) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 10, lot_code="L2", expires_on=D(2026, 9, 1))
    inv.receive(supervisor, WATER, 6, lot_code="L1", expires_on=D(2026, 8, 1))
    inv.receive(supervisor, TOWEL, 3, lot_code="T1")
    inv.issue(supervisor, TOWEL, 3)  # an emptied lot is not on the sheet
    sheet = inv.count_sheet()
    water = [(c.lot_code, c.expires_on, c.expected) for c in sheet if c.item == WATER]
    assert water == [("L1", D(2026, 8, 1), 6), ("L2", D(2026, 9, 1), 10)]
    towel = [c for c in sheet if c.item == TOWEL]
    assert [(c.lot_id, c.lot_code, c.expected) for c in towel] == [(None, None, 0)]
    assert {c.item for c in sheet} == {i.name for i in inv.items()}


# --------------------------------------------------------------------------- stocktake


def _lot_ids(services: Services) -> dict[str, int]:
    return {
        c.lot_code: c.lot_id
        for c in services.inventory.count_sheet()
        if c.lot_id is not None and c.lot_code is not None
    }


def test_stocktake_posts_the_differences(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 10, lot_code="A", expires_on=D(2026, 9, 1))
    inv.receive(supervisor, WATER, 6, lot_code="B", expires_on=D(2026, 10, 1))
    inv.receive(supervisor, TOWEL, 5, lot_code="T")
    ids = _lot_ids(services)
    with pytest.raises(PermissionDenied):
        inv.apply_stocktake(attendant, [(ids["A"], 10)], note="月末盘点")
    result = inv.apply_stocktake(
        supervisor, [(ids["A"], 8), (ids["B"], 6), (ids["T"], 7)], note="月末盘点"
    )
    assert [(m.lot_code, m.qty, m.reason) for m in result.corrections] == [
        ("A", -2, "stocktake"),
        ("T", 2, "stocktake"),
    ]
    assert level(services, WATER) == (14, 14, 0)
    assert level(services, TOWEL) == (7, 7, 0)
    with services.ctx.uow() as uow:
        take = uow.session.get(Stocktake, result.stocktake_id)
        assert take is not None and (take.note, take.actor_id) == ("月末盘点", supervisor.user_id)
        linked = uow.session.scalars(
            select(StockMove.id).where(StockMove.stocktake_id == result.stocktake_id)
        ).all()
    assert sorted(linked) == [m.id for m in result.corrections]
    entry = services.audit.recent(action="stock.stocktake")[0]
    assert entry.entity_id == result.stocktake_id
    assert entry.detail["lines"][0] == {"lot_id": ids["A"], "expected": 10, "counted": 8}


def test_stocktake_that_matches_posts_nothing(services: Services, supervisor: Actor) -> None:
    services.inventory.receive(supervisor, TOWEL, 5, lot_code="T")
    result = services.inventory.apply_stocktake(supervisor, [(_lot_ids(services)["T"], 5)], "核对")
    assert result.corrections == ()
    assert result.stocktake_id > 0


def test_stocktake_reads_the_stored_lot_balances_once(
    services: Services, supervisor: Actor, engine: Engine
) -> None:
    """One read of the stored balances for the whole count sheet, and no sum over the
    ledger's history."""
    inv = services.inventory
    for code in ("T1", "T2", "T3", "T4"):
        inv.receive(supervisor, TOWEL, 5, lot_code=code)
    inv.receive(supervisor, WATER, 5, lot_code="W1", expires_on=D(2027, 1, 1))
    ids = _lot_ids(services)
    sums: list[str] = []
    reads: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        low = statement.lower()
        if "sum(stock_move.qty)" in low:
            sums.append(statement)
        if low.lstrip().startswith("select") and "from lot_stock" in low:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        counts = [(ids[c], 5) for c in ("T1", "T2", "T3", "T4", "W1")]
        result = inv.apply_stocktake(supervisor, counts, "核对")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert result.corrections == ()
    assert sums == []
    assert len(reads) == 1
    entry = services.audit.recent(action="stock.stocktake")[0]
    assert [line["expected"] for line in entry.detail["lines"]] == [5] * 5


def test_lot_balance_reads_one_stored_row_by_its_key(
    services: Services, supervisor: Actor, engine: Engine
) -> None:
    services.inventory.receive(supervisor, TOWEL, 5, lot_code="T")
    lot = _lot_ids(services)["T"]
    seen: list[tuple[str, object]] = []

    def keep(conn: object, cursor: object, statement: str, params: object, *args: object) -> None:
        seen.append((statement, params))

    with services.ctx.uow() as uow:
        s = uow.session
        station = current_station(s)
        item = ledger.find_item(s, TOWEL)
        event.listen(engine, "before_cursor_execute", keep)
        try:
            assert ledger.lot_balance(s, station.id, item.id, lot) == 5
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        ((statement, params),) = seen
        raw = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)  # type: ignore[arg-type]
        plan = " ".join(str(r) for r in raw)
    assert "lot_stock" in statement and "stock_move" not in statement
    assert "USING PRIMARY KEY (station_id=? AND item_id=? AND lot_id=?)" in plan


@pytest.mark.parametrize(
    ("bad_line", "word"),
    [
        ((None, -1), "实盘数量不能小于 0"),
        ((None, 2.5), "实盘数量必须是整数"),
        ((None, "七"), "实盘数量必须是整数"),
        ((999, 3), "没有编号为 999 的批次"),
    ],
)
def test_stocktake_bad_line_writes_nothing(
    services: Services, supervisor: Actor, bad_line: tuple[int | None, object], word: str
) -> None:
    inv = services.inventory
    inv.receive(supervisor, TOWEL, 5, lot_code="T")
    inv.receive(supervisor, TOWEL, 5, lot_code="U")
    ids = _lot_ids(services)
    lot, counted = bad_line
    before = move_count(services)
    with pytest.raises((InvalidInput, NotFound)) as exc:
        inv.apply_stocktake(
            supervisor,
            [(ids["T"], 1), (lot or ids["U"], counted)],
            note="盘点",  # type: ignore[list-item]
        )
    assert exc.value.zh.startswith("第 2 行")
    assert word in exc.value.zh
    assert exc.value.row == 2
    assert move_count(services) == before
    with services.ctx.uow() as uow:
        assert uow.session.scalar(select(func.count(Stocktake.id))) == 0


def test_stocktake_needs_a_note_and_distinct_lots(services: Services, supervisor: Actor) -> None:
    services.inventory.receive(supervisor, TOWEL, 5, lot_code="T")
    lot = _lot_ids(services)["T"]
    with pytest.raises(InvalidInput, match="备注"):
        services.inventory.apply_stocktake(supervisor, [(lot, 4)], note=" ")
    with pytest.raises(InvalidInput, match=r"第 2 行.*重复"):
        services.inventory.apply_stocktake(supervisor, [(lot, 4), (lot, 3)], note="盘点")
    assert level(services, TOWEL) == (5, 5, 0)


def test_stocktake_finds_an_emptied_lot_again(services: Services, supervisor: Actor) -> None:
    inv = services.inventory
    inv.receive(supervisor, TOWEL, 5, lot_code="T")
    lot = _lot_ids(services)["T"]
    inv.issue(supervisor, TOWEL, 5)
    result = inv.apply_stocktake(supervisor, [(lot, 2)], note="柜子里找到 2 条")
    assert [(m.lot_code, m.qty) for m in result.corrections] == [("T", 2)]
    assert level(services, TOWEL) == (2, 2, 0)


# --------------------------------------------------------------------------- history


def test_moves_by_item_and_local_day(
    services: Services, supervisor: Actor, clock: FixedClock
) -> None:
    inv = services.inventory
    inv.receive(supervisor, TOWEL, 10)  # 2026-07-01 09:00
    clock.advance(hours=14, minutes=30)  # 2026-07-01 23:30 local, 15:30 UTC
    inv.issue(supervisor, TOWEL, 1)
    inv.receive(supervisor, WATER, 5, expires_on=D(2027, 1, 1))
    clock.advance(hours=1)  # 2026-07-02 00:30 local
    inv.issue(supervisor, TOWEL, 2)
    assert [m.qty for m in inv.moves()] == [10, -1, 5, -2]
    assert [m.qty for m in inv.moves(item=TOWEL)] == [10, -1, -2]
    assert [m.qty for m in inv.moves(start=D(2026, 7, 1), end=D(2026, 7, 1))] == [10, -1, 5]
    assert [m.qty for m in inv.moves(TOWEL, start=D(2026, 7, 2))] == [-2]
    assert [m.qty for m in inv.moves(end=D(2026, 6, 30))] == []
    assert {m.actor for m in inv.moves()} == {SUPERVISOR_NAME}
    with pytest.raises(NotFound):
        inv.moves(item="榴莲")
    with pytest.raises(InvalidInput):
        inv.moves(start=D(2026, 7, 2), end=D(2026, 7, 1))


def test_ledger_columns_and_closing(
    services: Services, supervisor: Actor, clock: FixedClock
) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 50, lot_code="A", expires_on=D(2026, 7, 5))  # July 1
    inv.issue(supervisor, WATER, 5)
    clock.advance(days=2)  # July 3
    inv.receive(supervisor, WATER, 30, lot_code="B", expires_on=D(2027, 1, 1))
    inv.issue(supervisor, WATER, 12)
    with services.ctx.uow() as uow:  # a relief handout and an imported opening balance
        s = uow.session
        station = current_station(s)
        item = ledger.find_item(s, WATER)
        ledger.take_stock(
            s,
            station_id=station.id,
            item=item,
            qty=4,
            reason="handout",
            at=services.ctx.now(),
            today=services.ctx.today(),
            actor=supervisor,
        )
        lot = ledger.get_or_create_lot(s, item, "IMP", None, services.ctx.now())
        ledger.post_move(
            s,
            station_id=station.id,
            item_id=item.id,
            lot_id=lot.id,
            qty=3,
            reason="import",
            at=services.ctx.now(),
            actor=supervisor,
        )
        uow.commit()
    inv.write_off(supervisor, WATER, 1, "loss", note="破损")  # from A: 28 left
    ids = _lot_ids(services)
    inv.apply_stocktake(supervisor, [(ids["B"], 30)], note="盘点")  # B matches: no move
    inv.apply_stocktake(supervisor, [(ids["IMP"], 5)], note="盘点")  # +2
    clock.advance(days=3)  # July 6: what is left of A (28) expired
    inv.write_off_expired(supervisor)
    clock.advance(days=1)  # July 7: outside the ledger period below
    inv.issue(supervisor, WATER, 1)

    rows = {r.item: r for r in inv.ledger(D(2026, 7, 2), D(2026, 7, 6))}
    water = rows[WATER]
    assert (water.opening, water.received, water.issued) == (45, 33, -12)
    assert (water.handed_out, water.written_off, water.corrected) == (-4, -29, 2)
    assert water.closing == 45 + 33 - 12 - 4 - 29 + 2
    assert water.closing == sum(m.qty for m in inv.moves(WATER, end=D(2026, 7, 6)))
    assert rows[TOWEL].closing == 0
    assert len(rows) == len(inv.items())
    whole = {r.item: r for r in inv.ledger(D(2026, 7, 1), D(2026, 7, 7))}[WATER]
    assert (whole.opening, whole.closing) == (0, level(services, WATER)[0])
    with pytest.raises(InvalidInput):
        inv.ledger(D(2026, 7, 5), D(2026, 7, 1))


def test_balances_match_raw_sums(services: Services, supervisor: Actor) -> None:
    inv = services.inventory
    inv.receive(supervisor, WATER, 9, expires_on=D(2027, 1, 1))
    inv.receive(supervisor, TOWEL, 4)
    inv.issue(supervisor, WATER, 2)
    with services.ctx.uow() as uow:
        raw = dict(
            uow.session.execute(
                text("SELECT item_id, SUM(qty) FROM stock_move GROUP BY item_id")
            ).all()
        )
    assert {lv.item_id: lv.balance for lv in inv.levels() if lv.balance} == raw


def test_a_take_now_cannot_spend_a_delivery_dated_later(
    services: Services, supervisor: Actor, clock: FixedClock
) -> None:
    """A delivery recorded while the PC's clock ran ahead: the stored balance has it,
    but at the corrected time now the lot was still empty, so nothing leaves it."""
    clock.advance(hours=2)
    services.inventory.receive(supervisor, TOWEL, 10, lot_code="AHEAD")
    clock.advance(hours=-2)
    before = move_count(services)
    with pytest.raises(InsufficientStock):
        services.inventory.issue(supervisor, TOWEL, 1)
    assert move_count(services) == before
    assert level(services, TOWEL)[0] == 10
    clock.advance(hours=2)
    assert [m.qty for m in services.inventory.issue(supervisor, TOWEL, 1)] == [-1]


def test_a_move_dated_later_in_the_same_transaction_guards_earlier_takes(
    services: Services, supervisor: Actor
) -> None:
    """Within one transaction (an imported ledger), a take at 10:00 reads the latest
    move time; a receipt at 12:00 follows; a take at 11:00 from that lot must see it."""
    now = services.ctx.now()
    with services.ctx.uow() as uow:
        s = uow.session
        station = current_station(s)
        item = ledger.find_item(s, TOWEL)
        ledger.receive_stock(
            s,
            station_id=station.id,
            item=item,
            qty=5,
            lot_code="EARLY",
            expires_on=None,
            reason="receive",
            at=now,
            actor=supervisor,
        )
        ledger.take_stock(
            s,
            station_id=station.id,
            item=item,
            qty=1,
            reason="issue",
            at=now,
            today=services.ctx.today(),
            actor=supervisor,
        )
        lot, _ = ledger.receive_stock(
            s,
            station_id=station.id,
            item=item,
            qty=5,
            lot_code="NOON",
            expires_on=None,
            reason="receive",
            at=now + timedelta(hours=2),
            actor=supervisor,
        )
        with pytest.raises(InsufficientStock):
            ledger.post_move(
                s,
                station_id=station.id,
                item_id=item.id,
                lot_id=lot.id,
                qty=-1,
                reason="issue",
                at=now + timedelta(hours=1),
                actor=supervisor,
            )
