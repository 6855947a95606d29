"""Stock ledger primitives shared by inventory, relief handouts and imports.

Every function here works inside the caller's transaction. The ledger
(``stock_move``) is the truth: a lot's balance is the sum of its moves. The
balance now is also kept in ``lot_stock``, written by :func:`post_move` in the
same transaction as each move, so that a take or a list reads only the stock
there is now, never the whole history; :func:`balance_mismatches` compares the
two, :func:`hold_mismatches` stops stock actions on an item whose stored balance
disagrees, and :func:`repair_balances` recomputes them from the ledger.
A move may be backdated (an imported paper ledger): taking stock is refused if
the lot would go below zero at the move's own time or after any later move.
Lent-out things stay in the balance while on loan, so every take leaves at
least the number on loan in usable stock (:func:`allocate_fefo`,
:func:`keep_loans_covered`). Writers serialise per item:
SQLite transactions start with BEGIN IMMEDIATE (db.engine), and on a server
database :func:`lock_item` takes a row lock on the item first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo

from sqlalchemy import ColumnElement, and_, delete, false, func, select
from sqlalchemy.orm import Session

from db.models import BalanceHold, Item, Loan, Lot, LotStock, StockMove
from station_app.context import Actor
from station_app.errors import Conflict, InsufficientStock, InvalidInput, NotFound

# session.info keys, for one transaction (a unit of work has its own session):
_LOADED = "station_loaded_stock"  # the stored balances read, kept alive
_LATEST = "station_latest_move"  # station id -> the time of its latest move


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
    """Row-lock an item so two writers cannot both spend the same stock. SQLite has no
    row locks and needs none: its write transactions begin IMMEDIATE, one at a time."""
    if session.get_bind().dialect.name != "sqlite":
        session.execute(select(Item.id).where(Item.id == item_id).with_for_update())


def lot_balances(
    session: Session, station_id: int, item_id: int, *, as_of: datetime | None = None
) -> list[LotBalance]:
    """Every lot of the item with stock at the station, first-expiring first.

    Lots without an expiry date come after dated lots; ties go to the older lot.
    With ``as_of``, ``qty`` is what could be taken out of the lot at that time
    without its balance going below zero then or after any later move (the lowest
    of its running balances from ``as_of`` on); lots with nothing to take are left out.
    """
    if as_of is None:
        return [b for b in _lots(session, station_id, item_id) if b.qty != 0]
    lots, history = _lots_since(session, station_id, item_id, as_of)
    return history.spare(lots)


def _lots(session: Session, station_id: int, item_id: int) -> list[LotBalance]:
    """The item's lots holding stock at the station, with their balance now, FEFO order.

    The stored balances are loaded as entities, so the moves that follow in the same
    transaction find them in the session instead of reading them again."""
    rows = session.execute(
        select(Lot.lot_code, Lot.expires_on, LotStock)
        .join(LotStock, LotStock.lot_id == Lot.id)
        .where(LotStock.station_id == station_id, LotStock.item_id == item_id)
        .order_by(Lot.expires_on.is_(None), Lot.expires_on, Lot.received_at, Lot.id)
    ).all()
    # The session's identity map holds objects only weakly: keep these for the rest
    # of the transaction, or a move would read its balance again.
    session.info.setdefault(_LOADED, []).extend(r[2] for r in rows)
    return [LotBalance(r[2].lot_id, r[0], r[1], r[2].qty) for r in rows]


def _moves_after(session: Session, station_id: int, at: datetime) -> bool:
    """Whether the station has any move dated after ``at``.

    Almost never true for a move dated now, so a take now need not read the lot's
    history. On SQLite the station's latest move time is read once per transaction
    (its write lock is held from BEGIN, so no other writer adds one meanwhile) and
    :func:`post_move` keeps it up to date; elsewhere it is read each time.
    """
    latest: dict[int, datetime | None] = session.info.setdefault(_LATEST, {})
    if station_id not in latest or session.get_bind().dialect.name != "sqlite":
        latest[station_id] = session.scalar(
            select(func.max(StockMove.at)).where(StockMove.station_id == station_id)
        )
    last = latest[station_id]
    return last is not None and last > at


def _lots_since(
    session: Session, station_id: int, item_id: int, as_of: datetime
) -> tuple[list[LotBalance], _History]:
    """The item's lots that hold stock now or moved after ``as_of`` (a lot used up since
    then still names the day it would have gone short), FEFO order, and the history."""
    live = _lots(session, station_id, item_id)
    held_now = {b.lot_id: b.qty for b in live}
    history = _History.load(session, station_id, item_id, as_of, held_now)
    gone = {lid for lid, _, _ in history.later} - held_now.keys()
    if not gone:
        return live, history
    rows = session.execute(
        select(Lot.id, Lot.lot_code, Lot.expires_on)
        .where(Lot.id.in_(held_now.keys() | gone))
        .order_by(Lot.expires_on.is_(None), Lot.expires_on, Lot.received_at, Lot.id)
    ).all()
    return [LotBalance(r[0], r[1], r[2], held_now.get(r[0], 0)) for r in rows], history


@dataclass(frozen=True)
class _History:
    """One item's lot balances at ``as_of`` and its moves after that, oldest first."""

    as_of: datetime
    held: dict[int, int]  # lot id -> balance at as_of (moves at as_of included)
    later: list[tuple[int, datetime, int]]  # (lot id, at, qty), by (at, id)

    @classmethod
    def load(
        cls,
        session: Session,
        station_id: int,
        item_id: int,
        as_of: datetime,
        held_now: dict[int, int],
        lot_id: int | None = None,
    ) -> _History:
        q = select(StockMove.lot_id, StockMove.at, StockMove.qty).where(
            StockMove.station_id == station_id,
            StockMove.item_id == item_id,
            StockMove.at > as_of,
        )
        if lot_id is not None:
            q = q.where(StockMove.lot_id == lot_id)
        later = [
            (r[0], r[1], int(r[2])) for r in session.execute(q.order_by(StockMove.at, StockMove.id))
        ]
        held = dict(held_now)
        for lid, _, qty in later:
            held[lid] = held.get(lid, 0) - qty
        return cls(as_of, held, later)

    def lowest(self) -> dict[int, int]:
        """Each lot's lowest running balance from ``as_of`` on."""
        running = dict(self.held)
        low = dict(self.held)
        for lid, _, qty in self.later:
            running[lid] += qty
            low[lid] = min(low[lid], running[lid])
        return low

    def spare(self, lots: list[LotBalance]) -> list[LotBalance]:
        """``lots`` with what each can spare from ``as_of`` on; the ones with none left out."""
        low = self.lowest()
        return [replace(b, qty=low[b.lot_id]) for b in lots if low.get(b.lot_id, 0) > 0]

    def short_at(self, lot_ids: list[int], need: int) -> datetime | None:
        """The first time from ``as_of`` on by which ``lot_ids`` together can no longer
        spare ``need``, each lot kept at or above zero ever after; None if they can."""
        running = {lid: self.held.get(lid, 0) for lid in lot_ids}
        low = dict(running)
        if sum(low.values()) < need:
            return self.as_of
        for lid, at, qty in self.later:
            if lid not in running:
                continue
            running[lid] += qty
            if running[lid] < low[lid]:
                low[lid] = running[lid]
                if sum(low.values()) < need:
                    return at
        return None


def lowest_lot_balance(
    session: Session, station_id: int, item_id: int, lot_id: int, as_of: datetime
) -> tuple[int, _History]:
    """A lot's lowest running balance from ``as_of`` on: the most a move dated
    ``as_of`` may take out of it. Returns the history too, to name a date."""
    stock = session.get(LotStock, (station_id, item_id, lot_id))
    held_now = stock.qty if stock is not None else 0
    if not _moves_after(session, station_id, as_of):
        return held_now, _History(as_of, {lot_id: held_now}, [])
    history = _History.load(session, station_id, item_id, as_of, {lot_id: held_now}, lot_id)
    return history.lowest()[lot_id], history


def item_balance(session: Session, station_id: int, item_id: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(LotStock.qty), 0)).where(
                LotStock.station_id == station_id, LotStock.item_id == item_id
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


def on_loan(session: Session, station_id: int, item_id: int) -> int:
    """How many of the item are lent out and neither returned nor written off."""
    return int(
        session.scalar(
            select(func.count(Loan.id)).where(
                Loan.station_id == station_id, Loan.item_id == item_id, open_loan()
            )
        )
        or 0
    )


def _reserved(session: Session, station_id: int, item: Item) -> int:
    """What usable stock must keep back: the open loans of a lendable item."""
    return on_loan(session, station_id, item.id) if item.lendable else 0


def free_balance(session: Session, station_id: int, item: Item, today: date) -> int:
    """What may still leave the shelf: usable stock minus what is out on loan."""
    usable = usable_balance(session, station_id, item.id, today)
    return max(usable - _reserved(session, station_id, item), 0)


def keep_loans_covered(
    session: Session, station_id: int, item: Item, qty: int, today: date
) -> None:
    """Refuse taking ``qty`` of usable stock if that would leave less than is on loan."""
    lent = _reserved(session, station_id, item)
    if lent:
        usable = usable_balance(session, station_id, item.id, today)
        if qty > usable - lent:
            raise _loans_uncovered(item, usable, lent)


def _loans_uncovered(item: Item, usable: int, lent: int) -> InsufficientStock:
    free = max(usable - lent, 0)
    return InsufficientStock(
        f"{item.name}库存不足：可用 {usable}{item.unit}，其中 {lent}{item.unit} 借出未还，"
        f"只能再出 {free}{item.unit}",
        f"Not enough {item.name}: {usable} {item.unit} usable, {lent} of them on loan, "
        f"so at most {free} can go",
        field="Quantity",
    )


def allocate_fefo(
    session: Session,
    station_id: int,
    item: Item,
    qty: int,
    today: date,
    *,
    as_of: datetime | None = None,
    tz: tzinfo = UTC,
    expired_too: bool = False,
) -> list[tuple[int, int]]:
    """Split ``qty`` over lots, first-expiring first; expired lots are used only
    with ``expired_too`` (a loss recorded from a paper ledger).

    With ``as_of`` (a backdated take), a lot gives only what it can spare from
    then on, so that no later move takes it below zero; ``tz`` names the dates.
    Open loans of a lendable item are kept back. Returns ``[(lot_id, qty), ...]``;
    raises :class:`InsufficientStock` naming the item, what is usable, what is on
    loan and what is expired, if there is not enough.
    """
    if qty <= 0:
        raise InvalidInput("数量必须大于 0", "Quantity must be more than 0", field="Quantity")
    if as_of is None:
        balances = lot_balances(session, station_id, item.id)
        history = None
    else:
        lots, history = _lots_since(session, station_id, item.id, as_of)
        balances = history.spare(lots)

    def expired(b: LotBalance) -> bool:
        return b.expires_on is not None and b.expires_on < today

    takeable = [b for b in balances if b.qty > 0 and (expired_too or not expired(b))]
    available = sum(b.qty for b in takeable)
    lent = _reserved(session, station_id, item)
    if available - lent >= qty:
        return take_in_order(takeable, qty)
    if lent and available >= qty:
        raise _loans_uncovered(item, available, lent)
    out_zh, out_en = ("出", "taken out") if expired_too else ("发放", "issued")
    gone = 0 if expired_too else sum(b.qty for b in balances if expired(b))
    extra_zh = f"，另有 {gone}{item.unit} 已过期不能{out_zh}" if gone else ""
    extra_en = f"; {gone} more are expired and cannot be {out_en}" if gone else ""
    if history is None:
        raise InsufficientStock(
            f"{item.name}库存不足：可用 {available}{item.unit}，需要 {qty}{item.unit}{extra_zh}",
            f"Not enough {item.name}: {available} {item.unit} usable, {qty} needed{extra_en}",
            field="Quantity",
        )
    candidates = [b.lot_id for b in lots if expired_too or not expired(b)]
    short = history.short_at(candidates, qty) or history.as_of
    day, short_day = history.as_of.astimezone(tz).date(), short.astimezone(tz).date()
    raise InsufficientStock(
        f"{item.name}库存不足：{day} 出 {qty}{item.unit} 会让库存在 {short_day} 变成负数"
        f"（最多可出 {available}{item.unit}{extra_zh}）",
        f"Not enough {item.name}: taking {qty} {item.unit} on {day} would take the stock "
        f"below zero on {short_day} (at most {available} can go{extra_en})",
        field="Quantity",
    )


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


def lot_balance(session: Session, station_id: int, item_id: int, lot_id: int) -> int:
    """A lot's balance now (``item_id`` is the lot's item): one stored row, or 0."""
    return int(
        session.scalar(
            select(LotStock.qty).where(
                LotStock.station_id == station_id,
                LotStock.item_id == item_id,
                LotStock.lot_id == lot_id,
            )
        )
        or 0
    )


def balances_by_lot(session: Session, station_id: int, lots: dict[int, int]) -> dict[int, int]:
    """The balance now of each lot in ``lots`` (lot id -> its item id), in one query."""
    if not lots:
        return {}
    rows = session.execute(
        select(LotStock.lot_id, LotStock.qty).where(
            LotStock.station_id == station_id,
            LotStock.item_id.in_(set(lots.values())),
            LotStock.lot_id.in_(list(lots)),
        )
    ).all()
    held = dict.fromkeys(lots, 0)
    held.update({lot_id: int(qty) for lot_id, qty in rows})
    return held


def open_loan() -> ColumnElement[bool]:
    """Loans out now: not returned, not written off (the partial index ix_loan_open)."""
    return and_(Loan.returned_at.is_(None), Loan.written_off == false())


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
    """Append one move and update the lot's stored balance with it.

    A move that would take a lot below zero, at its own time or after any later
    move, is refused; so is any move of an item on hold (:func:`hold_mismatches`).
    """
    if qty == 0:
        raise InvalidInput("数量不能为 0", "Quantity cannot be 0", field="Quantity")
    refuse_if_held(session, station_id, item_id)
    if qty < 0 and lowest_lot_balance(session, station_id, item_id, lot_id, at)[0] + qty < 0:
        raise InsufficientStock(
            "这一批次的库存不够扣减", "That lot does not hold enough stock", field="Quantity"
        )
    stock = session.get(LotStock, (station_id, item_id, lot_id))
    if stock is None:
        session.add(LotStock(station_id=station_id, item_id=item_id, lot_id=lot_id, qty=qty))
    elif stock.qty + qty == 0:
        session.delete(stock)  # used up: the lot leaves the stock there is now
    else:
        stock.qty += qty
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
    latest: dict[int, datetime | None] = session.info.setdefault(_LATEST, {})
    if station_id in latest:
        last = latest[station_id]
        latest[station_id] = at if last is None or at > last else last
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
    backdated: bool = False,
    tz: tzinfo = UTC,
) -> list[StockMove]:
    """Take ``qty`` of ``item`` out of stock at ``at``, first-expiring lot first.

    ``backdated``: ``at`` is in the past (an imported ledger), and no later move
    may be left without the stock it took; ``tz`` names the dates in a refusal.
    """
    lock_item(session, item.id)
    as_of = at if backdated else None
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
        for lot_id, take in allocate_fefo(session, station_id, item, qty, today, as_of=as_of, tz=tz)
    ]


TAKE_WORDS = {"issue": ("出库", "issued"), "handout": ("发放", "handed out")}


def take_from_lot(
    session: Session,
    *,
    station_id: int,
    item: Item,
    lot: Lot,
    qty: int,
    reason: str,
    at: datetime,
    today: date,
    actor: Actor,
    note: str = "",
    backdated: bool = False,
    tz: tzinfo = UTC,
) -> StockMove:
    """Take ``qty`` out of one named lot at ``at``.

    The lot must hold it at ``at`` and after every later move, and taking from a
    lot that is still usable on ``today`` must leave the open loans covered.
    ``backdated`` (an imported ledger) names in a refusal the date the lot would
    go below zero, in ``tz``.
    """
    held, history = lowest_lot_balance(session, station_id, item.id, lot.id, at)
    if held < qty:
        word_zh, word_en = TAKE_WORDS.get(reason, ("报损", "written off"))
        can = max(held, 0)
        if not backdated:
            raise InsufficientStock(
                f"批次“{lot.lot_code}”只有 {can}{item.unit}，不能{word_zh} {qty}{item.unit}",
                f"Lot {lot.lot_code!r} holds {can} {item.unit}, not {qty}",
                field="Quantity",
            )
        day = at.astimezone(tz).date()
        short_day = (history.short_at([lot.id], qty) or at).astimezone(tz).date()
        raise InsufficientStock(
            f"{item.name}批号 {lot.lot_code} 库存不足：{day} {word_zh} {qty}{item.unit} "
            f"会让库存在 {short_day} 变成负数（最多可出 {can}{item.unit}）",
            f"Not enough {item.name} in lot {lot.lot_code}: {qty} {item.unit} {word_en} on "
            f"{day} would take it below zero on {short_day} (at most {can})",
            field="Quantity",
        )
    if lot.expires_on is None or lot.expires_on >= today:
        keep_loans_covered(session, station_id, item, qty, today)
    return post_move(
        session,
        station_id=station_id,
        item_id=item.id,
        lot_id=lot.id,
        qty=-qty,
        reason=reason,
        at=at,
        actor=actor,
        note=note,
    )


def receive_stock(
    session: Session,
    *,
    station_id: int,
    item: Item,
    qty: int,
    lot_code: str,
    expires_on: date | None,
    reason: str,
    at: datetime,
    actor: Actor,
    note: str = "",
) -> tuple[Lot, StockMove]:
    """Put ``qty`` of ``item`` into the lot ``lot_code`` (created if new).

    An item that tracks expiry needs ``expires_on``; a known lot keeps its expiry.
    Both refusals are :class:`InvalidInput` on the expiry date.
    """
    if item.tracks_expiry and expires_on is None:
        raise InvalidInput(
            f"{item.name}需要填写有效期", f"{item.name} needs an expiry date", field="Expiry date"
        )
    lot = get_or_create_lot(session, item, lot_code, expires_on, at)
    move = post_move(
        session,
        station_id=station_id,
        item_id=item.id,
        lot_id=lot.id,
        qty=qty,
        reason=reason,
        at=at,
        actor=actor,
        note=note,
    )
    return lot, move


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


# ---------------------------------------------------------------- stored balances vs ledger


@dataclass(frozen=True)
class BalanceMismatch:
    """A lot whose stored balance (``lot_stock``) is not the sum of its moves."""

    station_id: int
    item_id: int
    item: str
    lot_id: int
    lot_code: str
    stored: int
    ledger: int

    def describe(self) -> tuple[str, str]:
        """The problem in Chinese and English, naming the item and the lot."""
        return (
            f"{self.item}（批次 {self.lot_code}）库存记录为 {self.stored}，"
            f"台账合计为 {self.ledger}",
            f"{self.item} (lot {self.lot_code}): stored balance {self.stored}, "
            f"ledger total {self.ledger}",
        )


def balance_mismatches(session: Session, station_id: int | None = None) -> list[BalanceMismatch]:
    """Every lot (of ``station_id``, or of every station) whose stored balance differs from
    the sum of its moves; [] when they all agree. Reads the whole ledger once: a check,
    not something an attendant's action runs."""
    sums = select(
        StockMove.station_id, StockMove.item_id, StockMove.lot_id, func.sum(StockMove.qty)
    ).group_by(StockMove.station_id, StockMove.item_id, StockMove.lot_id)
    stored_q = select(LotStock.station_id, LotStock.item_id, LotStock.lot_id, LotStock.qty)
    if station_id is not None:
        sums = sums.where(StockMove.station_id == station_id)
        stored_q = stored_q.where(LotStock.station_id == station_id)
    ledger_now = {(r[0], r[1], r[2]): int(r[3] or 0) for r in session.execute(sums)}
    stored = {(r[0], r[1], r[2]): int(r[3]) for r in session.execute(stored_q)}
    wrong = sorted(
        key
        for key in ledger_now.keys() | stored.keys()
        if ledger_now.get(key, 0) != stored.get(key, 0)
    )
    if not wrong:
        return []
    names = dict(
        session.execute(select(Item.id, Item.name).where(Item.id.in_({k[1] for k in wrong}))).all()
    )
    codes = dict(
        session.execute(select(Lot.id, Lot.lot_code).where(Lot.id.in_({k[2] for k in wrong}))).all()
    )
    return [
        BalanceMismatch(
            station_id=sid,
            item_id=iid,
            item=names.get(iid, f"#{iid}"),
            lot_id=lid,
            lot_code=codes.get(lid, f"#{lid}"),
            stored=stored.get((sid, iid, lid), 0),
            ledger=ledger_now.get((sid, iid, lid), 0),
        )
        for sid, iid, lid in wrong
    ]


def hold_mismatches(session: Session, mismatches: list[BalanceMismatch], at: datetime) -> int:
    """Put every item in ``mismatches`` on hold (the first lot found names it); items
    already on hold stay as they are. Returns how many holds are new."""
    session.info.pop(_HELD, None)
    new = 0
    for m in mismatches:
        if session.get(BalanceHold, (m.station_id, m.item_id)) is None:
            session.add(
                BalanceHold(
                    station_id=m.station_id,
                    item_id=m.item_id,
                    lot_id=m.lot_id,
                    stored=m.stored,
                    ledger=m.ledger,
                    found_at=at,
                )
            )
            session.flush()
            new += 1
    return new


_HELD = "station_held_items"  # session.info key: the items on hold, read once


class BalanceOnHold(Conflict):
    """A stock action on an item whose stored balance disagrees with its ledger."""


def refuse_if_held(session: Session, station_id: int, item_id: int) -> None:
    """Refuse any move of an item on hold, naming the item and lot and the way out.

    The holds (almost always none) are read once per transaction."""
    held = session.info.get(_HELD)
    if held is None:
        held = session.info[_HELD] = {
            (h.station_id, h.item_id) for h in session.scalars(select(BalanceHold))
        }
    if (station_id, item_id) not in held:
        return
    hold = session.get(BalanceHold, (station_id, item_id))
    assert hold is not None
    item = session.get(Item, item_id)
    lot = session.get(Lot, hold.lot_id)
    name = item.name if item else f"#{item_id}"
    code = lot.lot_code if lot else f"#{hold.lot_id}"
    raise BalanceOnHold(
        f"{name}（批次 {code}）的库存记录与台账不符（记录 {hold.stored}，台账 {hold.ledger}），"
        "暂停出入库：请负责人运行 station-app db repair-balances 按台账重算",
        f"{name} (lot {code}): the stored balance disagrees with the ledger "
        f"({hold.stored} stored, {hold.ledger} in the ledger); stock actions on it are "
        "stopped until a supervisor runs 'station-app db repair-balances'",
        field="Item",
    )


def repair_balances(session: Session, station_id: int | None = None) -> list[BalanceMismatch]:
    """Recompute the stored balances from the ledger (of ``station_id``, or of every
    station) and lift the holds; returns what was wrong. A lot whose ledger itself
    totals below zero cannot be repaired this way and is refused, naming it."""
    wrong = balance_mismatches(session, station_id)
    for m in wrong:
        if m.ledger < 0:
            zh, en = m.describe()
            raise Conflict(
                f"{zh}：台账合计为负数，无法按台账重算，请检查数据库文件",
                f"{en}: the ledger itself totals below zero and cannot be used; "
                "check the database file",
                field="Item",
            )
    for m in wrong:
        key = (m.station_id, m.item_id, m.lot_id)
        stock = session.get(LotStock, key)
        if m.ledger == 0:
            if stock is not None:
                session.delete(stock)
        elif stock is None:
            session.add(LotStock(station_id=key[0], item_id=key[1], lot_id=key[2], qty=m.ledger))
        else:
            stock.qty = m.ledger
    holds = delete(BalanceHold)
    if station_id is not None:
        holds = holds.where(BalanceHold.station_id == station_id)
    session.execute(holds)
    session.info.pop(_HELD, None)
    session.flush()
    return wrong


def hold_notice(wrong: list[BalanceMismatch]) -> tuple[str, str]:
    """What the start-up check tells a person when it found stored balances that
    disagree with the ledger: each item and lot, and the way out (Chinese, English)."""
    zh = [
        "以下物品的库存记录与台账不符，已暂停出入库，请负责人运行 station-app db repair-balances："
    ]
    en = [
        "These stored stock balances disagree with the ledger; stock actions on the items "
        "are stopped until a supervisor runs 'station-app db repair-balances':"
    ]
    for m in wrong:
        line_zh, line_en = m.describe()
        zh.append(f"  {line_zh}")
        en.append(f"  {line_en}")
    return "\n".join(zh), "\n".join(en)
