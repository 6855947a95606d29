"""Stock ledger primitives shared by inventory, relief handouts and imports.

Every function here works inside the caller's transaction. Balances are never
stored: a lot's balance is the sum of its moves. Writers serialise per item:
SQLite transactions start with BEGIN IMMEDIATE (db.engine), and on a server
database :func:`lock_item` takes a row lock on the item first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Item, Lot, StockMove
from station_app.context import Actor
from station_app.errors import InsufficientStock, InvalidInput, NotFound


@dataclass(frozen=True)
class LotBalance:
    lot_id: int
    lot_code: str
    expires_on: date | None
    qty: int


def find_item(session: Session, name_or_id: str | int, *, lock: bool = False) -> Item:
    """An active item by id or exact name; with ``lock``, row-locked for a stock change."""
    if isinstance(name_or_id, int):
        q = select(Item).where(Item.id == name_or_id)
    else:
        q = select(Item).where(Item.name == name_or_id.strip())
    if lock:
        q = q.with_for_update()
    item = session.scalar(q)
    if item is None or not item.active:
        raise NotFound(f"没有“{name_or_id}”这种物品", f"Unknown item {name_or_id!r}", field="Item")
    return item


def lock_item(session: Session, item_id: int) -> None:
    """Row-lock an item so two writers cannot both spend the same stock (no-op on SQLite)."""
    session.execute(select(Item.id).where(Item.id == item_id).with_for_update())


def lot_balances(session: Session, station_id: int, item_id: int) -> list[LotBalance]:
    """Every lot of the item with stock at the station, first-expiring first.

    Lots without an expiry date come after dated lots; ties go to the older lot.
    """
    total = func.coalesce(func.sum(StockMove.qty), 0)
    rows = session.execute(
        select(Lot.id, Lot.lot_code, Lot.expires_on, total)
        .join(StockMove, StockMove.lot_id == Lot.id)
        .where(StockMove.station_id == station_id, StockMove.item_id == item_id)
        .group_by(Lot.id, Lot.lot_code, Lot.expires_on, Lot.received_at)
        .having(total != 0)
        .order_by(Lot.expires_on.is_(None), Lot.expires_on, Lot.received_at, Lot.id)
    ).all()
    return [LotBalance(r[0], r[1], r[2], int(r[3])) for r in rows]


def item_balance(session: Session, station_id: int, item_id: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(StockMove.qty), 0)).where(
                StockMove.station_id == station_id, StockMove.item_id == item_id
            )
        )
        or 0
    )


def usable_balance(session: Session, station_id: int, item_id: int, today: date) -> int:
    """Stock that may be issued: lots not past their expiry date."""
    return sum(
        b.qty
        for b in lot_balances(session, station_id, item_id)
        if b.expires_on is None or b.expires_on >= today
    )


def allocate_fefo(
    session: Session, station_id: int, item: Item, qty: int, today: date
) -> list[tuple[int, int]]:
    """Split ``qty`` over lots, first-expiring first; expired lots are never used.

    Returns ``[(lot_id, qty), ...]``; raises :class:`InsufficientStock` naming
    the item, what is usable, and what is expired, if there is not enough.
    """
    if qty <= 0:
        raise InvalidInput("数量必须大于 0", "Quantity must be more than 0", field="Quantity")
    balances = lot_balances(session, station_id, item.id)
    usable = [b for b in balances if b.qty > 0 and (b.expires_on is None or b.expires_on >= today)]
    available = sum(b.qty for b in usable)
    if available < qty:
        expired = sum(b.qty for b in balances if b.expires_on is not None and b.expires_on < today)
        extra_zh = f"，另有 {expired}{item.unit} 已过期不能发放" if expired else ""
        extra_en = f"; {expired} more are expired and cannot be issued" if expired else ""
        raise InsufficientStock(
            f"{item.name}库存不足：可用 {available}{item.unit}，需要 {qty}{item.unit}{extra_zh}",
            f"Not enough {item.name}: {available} {item.unit} usable, {qty} needed{extra_en}",
            field="Quantity",
        )
    return take_in_order(usable, qty)


def take_in_order(lots: list[LotBalance], qty: int) -> list[tuple[int, int]]:
    """(lot id, quantity) taken from ``lots`` in their order until ``qty`` is covered;
    the caller has checked that they hold enough."""
    plan: list[tuple[int, int]] = []
    left = qty
    for b in lots:
        take = min(left, b.qty)
        plan.append((b.lot_id, take))
        left -= take
        if left == 0:
            break
    return plan


def lot_balance(session: Session, station_id: int, lot_id: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(StockMove.qty), 0)).where(
                StockMove.station_id == station_id, StockMove.lot_id == lot_id
            )
        )
        or 0
    )


def post_move(
    session: Session,
    *,
    station_id: int,
    item_id: int,
    lot_id: int,
    qty: int,
    reason: str,
    at: datetime,
    actor: Actor,
    note: str = "",
    visit_id: int | None = None,
    handout_id: int | None = None,
    stocktake_id: int | None = None,
) -> StockMove:
    """Append one move. A move that would take a lot below zero is refused."""
    if qty == 0:
        raise InvalidInput("数量不能为 0", "Quantity cannot be 0", field="Quantity")
    if qty < 0 and lot_balance(session, station_id, lot_id) + qty < 0:
        raise InsufficientStock(
            "这一批次的库存不够扣减", "That lot does not hold enough stock", field="Quantity"
        )
    move = StockMove(
        station_id=station_id,
        item_id=item_id,
        lot_id=lot_id,
        qty=qty,
        reason=reason,
        at=at,
        actor_id=actor.user_id,
        note=note,
        visit_id=visit_id,
        handout_id=handout_id,
        stocktake_id=stocktake_id,
    )
    session.add(move)
    session.flush()
    return move


def take_stock(
    session: Session,
    *,
    station_id: int,
    item: Item,
    qty: int,
    reason: str,
    at: datetime,
    today: date,
    actor: Actor,
    note: str = "",
    visit_id: int | None = None,
    handout_id: int | None = None,
) -> list[StockMove]:
    """Take ``qty`` of ``item`` out of stock, first-expiring lot first."""
    lock_item(session, item.id)
    return [
        post_move(
            session,
            station_id=station_id,
            item_id=item.id,
            lot_id=lot_id,
            qty=-take,
            reason=reason,
            at=at,
            actor=actor,
            note=note,
            visit_id=visit_id,
            handout_id=handout_id,
        )
        for lot_id, take in allocate_fefo(session, station_id, item, qty, today)
    ]


def get_or_create_lot(
    session: Session, item: Item, lot_code: str, expires_on: date | None, at: datetime
) -> Lot:
    """The item's lot with that code, created if new. A known code must keep its expiry date."""
    lot = session.scalar(select(Lot).where(Lot.item_id == item.id, Lot.lot_code == lot_code))
    if lot is None:
        lot = Lot(item_id=item.id, lot_code=lot_code, expires_on=expires_on, received_at=at)
        session.add(lot)
        session.flush()
    elif lot.expires_on != expires_on:
        raise InvalidInput(
            f"批次“{lot_code}”已登记的有效期是 {lot.expires_on}，与这次填写的 {expires_on} 不同",
            f"Lot {lot_code!r} is recorded as expiring {lot.expires_on}, not {expires_on}",
            field="Expiry date",
        )
    return lot
