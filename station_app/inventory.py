"""Stock (出入库): receiving, issuing, write-offs, stocktakes and the in/out ledger.

Everything is built on :mod:`station_app.ledger`: a balance is the sum of the
append-only stock moves, per lot, at the current station, and the balance now is
kept beside them (``lot_stock``) so that nothing an attendant does reads the
whole history. Issues take the
first-expiring lot first (FEFO) and never touch an expired lot; a lot never goes
below zero. Expiry is judged by the station's local date: a lot expiring today
may still be issued today.

Lent-out things (umbrellas, power banks) stay in the balance while on loan: they
have not left the station's books. Issuing or losing a lendable item therefore
leaves at least the number on loan in stock: the ledger keeps them back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from db.models import (
    BalanceHold,
    Campaign,
    CampaignLine,
    Item,
    Loan,
    Lot,
    LotStock,
    StockMove,
    Stocktake,
    User,
    Visit,
)
from station_app import audit, ledger
from station_app.auth import require_supervisor
from station_app.clock import day_bounds
from station_app.context import Actor, AppContext
from station_app.errors import Conflict, InsufficientStock, InvalidInput, NotFound
from station_app.stations import current_station
from station_app.validate import (
    a_date,
    a_list,
    date_range,
    integer,
    name_or_id,
    optional_date,
    optional_id,
    optional_text,
    quantity,
    shown,
    text,
)

ITEM_NAME = ("物品名称", "Item name")
UNIT = ("单位", "Unit")
THRESHOLD = ("低库存提醒数量", "Low-stock threshold")
NEAR_DAYS = ("临期提醒天数", "Near-expiry days")
TRACKS_EXPIRY = ("管理有效期", "Tracks expiry")
LENDABLE = ("可借用", "Lendable")
ACTIVE = ("在用", "Active")
LOT_CODE = ("批次号", "Lot code")
NOTE = ("备注", "Note")
WITHIN_DAYS = ("天数", "Days")
ITEM = ("物品", "Item")
VISIT = ("来访记录", "Visit")
LOT = ("批次", "Lot")
COUNTS = ("盘点表", "Counts")
START_DAY = ("开始日期", "Start date")
END_DAY = ("结束日期", "End date")
WRITE_OFF_REASONS = ("loss", "expired")

# Ledger columns: which move reasons each one sums.
RECEIVED = ("receive", "import")
ISSUED = ("issue",)
HANDED_OUT = ("handout",)
WRITTEN_OFF = ("loss", "expired")
CORRECTED = ("stocktake",)


@dataclass(frozen=True)
class ItemInfo:
    id: int
    name: str
    unit: str
    low_stock_threshold: int
    tracks_expiry: bool
    near_expiry_days: int
    lendable: bool
    active: bool


@dataclass(frozen=True)
class StockLevel:
    """``balance`` = ``usable`` + ``expired`` (lots past their expiry date)."""

    item_id: int
    item: str
    unit: str
    balance: int
    usable: int
    expired: int
    low_stock_threshold: int
    is_low: bool


@dataclass(frozen=True)
class LotInfo:
    lot_id: int
    item_id: int
    item: str
    unit: str
    lot_code: str
    expires_on: date | None
    qty: int
    days_left: int | None


@dataclass(frozen=True)
class MoveInfo:
    """One stock move; ``qty`` is signed (+ in, − out). ``actor`` is None for the command line."""

    id: int
    at: datetime
    item: str
    unit: str
    lot_code: str
    qty: int
    reason: str
    actor: str | None
    note: str


@dataclass(frozen=True)
class CountLine:
    """One line of the stocktake sheet. ``lot_id`` is None for an item with no stock at all."""

    item_id: int
    item: str
    unit: str
    lot_id: int | None
    lot_code: str | None
    expires_on: date | None
    expected: int


@dataclass(frozen=True)
class StocktakeResult:
    stocktake_id: int
    corrections: tuple[MoveInfo, ...]


@dataclass(frozen=True)
class LedgerRow:
    """One item's line of the 出入库台账.

    Every column is a signed sum of moves: ``received`` is positive, ``issued``,
    ``handed_out`` and ``written_off`` are negative (or zero), ``corrected`` is
    the net of the stocktake corrections. ``closing`` = ``opening`` + all five.
    """

    item_id: int
    item: str
    unit: str
    opening: int
    received: int
    issued: int
    handed_out: int
    written_off: int
    corrected: int
    closing: int


@dataclass(frozen=True)
class _LotRow:
    item_id: int
    lot_id: int
    lot_code: str
    expires_on: date | None
    qty: int


def _item_info(i: Item) -> ItemInfo:
    return ItemInfo(
        i.id,
        i.name,
        i.unit,
        i.low_stock_threshold,
        i.tracks_expiry,
        i.near_expiry_days,
        i.lendable,
        i.active,
    )


def _is_expired(expires_on: date | None, today: date) -> bool:
    return expires_on is not None and expires_on < today


def _station_lots(session: Session, station_id: int) -> list[_LotRow]:
    """Every lot holding stock at the station now, per item first-expiring first."""
    rows = session.execute(
        select(LotStock.item_id, Lot.id, Lot.lot_code, Lot.expires_on, LotStock.qty)
        .join(Lot, Lot.id == LotStock.lot_id)
        .where(LotStock.station_id == station_id)
        .order_by(
            LotStock.item_id, Lot.expires_on.is_(None), Lot.expires_on, Lot.received_at, Lot.id
        )
    ).all()
    return [_LotRow(r[0], r[1], r[2], r[3], int(r[4])) for r in rows]


def _move_infos(session: Session, move_ids: Sequence[int]) -> list[MoveInfo]:
    if not move_ids:
        return []
    rows = session.execute(
        select(StockMove, Item.name, Item.unit, Lot.lot_code, User.name)
        .join(Item, Item.id == StockMove.item_id)
        .join(Lot, Lot.id == StockMove.lot_id)
        .outerjoin(User, User.id == StockMove.actor_id)
        .where(StockMove.id.in_(list(move_ids)))
        .order_by(StockMove.id)
    ).all()
    return [
        MoveInfo(m.id, m.at, name, unit, code, m.qty, m.reason, actor, m.note)
        for m, name, unit, code, actor in rows
    ]


def _any_item(session: Session, name_or_id: str | int) -> Item:
    """An item by id or name, active or not (for history)."""
    if isinstance(name_or_id, int):
        item = session.get(Item, name_or_id)
    else:
        item = session.scalar(select(Item).where(Item.name == name_or_id.strip()))
    if item is None:
        raise NotFound(f"没有“{name_or_id}”这种物品", f"Unknown item {name_or_id!r}", field="Item")
    return item


def _mismatch_detail(m: ledger.BalanceMismatch) -> dict[str, object]:
    return {
        "item": m.item,
        "lot_id": m.lot_id,
        "lot": m.lot_code,
        "stored": m.stored,
        "ledger": m.ledger,
    }


# Who records what the start-up check finds.
SYSTEM_CHECK = Actor(None, "启动检查 (start-up check)", "supervisor")


def _yes_no(value: object, field: tuple[str, str]) -> bool:
    zh, en = field
    if not isinstance(value, bool):
        raise InvalidInput(
            f"{zh}只能是“是”或“否”（收到“{shown(value)}”）",
            f"{en} must be yes or no (got {shown(value)!r})",
            field=en,
        )
    return value


def _check_note(note: object, *, required: bool = False) -> str:
    return text(note, NOTE, max_len=200, required=required)


class InventoryService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ items

    def items(self, include_inactive: bool = False) -> list[ItemInfo]:
        """Stock items in catalog order."""
        with self.ctx.read() as uow:
            q = select(Item).order_by(Item.id)
            if not include_inactive:
                q = q.where(Item.active.is_(True))
            return [_item_info(i) for i in uow.session.scalars(q)]

    def add_item(
        self,
        actor: Actor,
        name: str,
        unit: str,
        low_stock_threshold: int = 0,
        tracks_expiry: bool = False,
        near_expiry_days: int = 30,
        lendable: bool = False,
    ) -> ItemInfo:
        require_supervisor(actor, "添加物品", "add stock items")
        name = text(name, ITEM_NAME, max_len=40)
        unit = text(unit, UNIT, max_len=10)
        threshold = integer(low_stock_threshold, THRESHOLD, minimum=0, maximum=1_000_000)
        near_days = integer(near_expiry_days, NEAR_DAYS, minimum=0, maximum=3650)
        with self.ctx.uow() as uow:
            s = uow.session
            if s.scalar(select(Item.id).where(Item.name == name)) is not None:
                raise Conflict(
                    f"物品“{name}”已存在", f"Item {name!r} already exists", field="Item name"
                )
            item = Item(
                name=name,
                unit=unit,
                low_stock_threshold=threshold,
                tracks_expiry=bool(tracks_expiry),
                near_expiry_days=near_days,
                lendable=bool(lendable),
                active=True,
            )
            s.add(item)
            s.flush()
            audit.record(
                s,
                actor,
                "item.create",
                "item",
                item.id,
                self.ctx.now(),
                {
                    "name": name,
                    "unit": unit,
                    "low_stock_threshold": threshold,
                    "tracks_expiry": item.tracks_expiry,
                    "near_expiry_days": near_days,
                    "lendable": item.lendable,
                },
            )
            uow.commit()
            return _item_info(item)

    def update_item(
        self,
        actor: Actor,
        item: str | int,
        *,
        unit: str | None = None,
        low_stock_threshold: int | None = None,
        tracks_expiry: bool | None = None,
        near_expiry_days: int | None = None,
        lendable: bool | None = None,
        active: bool | None = None,
    ) -> ItemInfo:
        """Change an item's settings; what is left out (None) stays as it is.

        Refused, with nothing written: no longer lendable while some are out on loan
        (they would become issuable); lendable or retired while a running relief
        campaign hands it out; retired while any is in stock (it could no longer be
        issued, written off or counted away).
        """
        require_supervisor(actor, "修改物品设置", "change stock items")
        key = name_or_id(item, ITEM)
        changes: dict[str, object] = {}
        if unit is not None:
            changes["unit"] = text(unit, UNIT, max_len=10)
        if low_stock_threshold is not None:
            changes["low_stock_threshold"] = integer(
                low_stock_threshold, THRESHOLD, minimum=0, maximum=1_000_000
            )
        if near_expiry_days is not None:
            changes["near_expiry_days"] = integer(
                near_expiry_days, NEAR_DAYS, minimum=0, maximum=3650
            )
        for name, value, field in (
            ("tracks_expiry", tracks_expiry, TRACKS_EXPIRY),
            ("lendable", lendable, LENDABLE),
            ("active", active, ACTIVE),
        ):
            if value is not None:
                changes[name] = _yes_no(value, field)
        with self.ctx.uow() as uow:
            s = uow.session
            it = _any_item(s, key)
            ledger.lock_item(s, it.id)
            changed = {k: v for k, v in changes.items() if getattr(it, k) != v}
            if changed.get("lendable") is False:
                lent = s.scalar(
                    select(func.count(Loan.id)).where(Loan.item_id == it.id, ledger.open_loan())
                )
                if lent:
                    raise Conflict(
                        f"还有 {lent}{it.unit}{it.name}借出未还，先收回再改为不可借用",
                        f"{lent} {it.name} are out on loan: take them back before making "
                        "it not lendable",
                        field=LENDABLE[1],
                    )
            if changed.get("lendable") is True or changed.get("active") is False:
                campaign = s.scalar(
                    select(Campaign.name)
                    .join(CampaignLine, CampaignLine.campaign_id == Campaign.id)
                    .where(
                        CampaignLine.item_id == it.id,
                        Campaign.active.is_(True),
                        Campaign.ends_on >= self.ctx.today(),
                    )
                    .limit(1)
                )
                if campaign is not None:
                    field = LENDABLE if changed.get("lendable") is True else ACTIVE
                    raise Conflict(
                        f"发放活动“{campaign}”正在发放{it.name}，请等活动结束后再改",
                        f"Relief campaign {campaign!r} hands out {it.name}: change this "
                        "after the campaign ends",
                        field=field[1],
                    )
            if changed.get("active") is False:
                held = int(
                    s.scalar(
                        select(func.coalesce(func.sum(LotStock.qty), 0)).where(
                            LotStock.item_id == it.id
                        )
                    )
                    or 0
                )
                if held:
                    raise Conflict(
                        f"{it.name}还有库存 {held}{it.unit}，发完或报损后才能停用",
                        f"{held} {it.unit} of {it.name} still in stock: issue or write "
                        "them off before retiring it",
                        field=ACTIVE[1],
                    )
            if changed:
                before = {k: getattr(it, k) for k in changed}
                for k, v in changed.items():
                    setattr(it, k, v)
                audit.record(
                    s,
                    actor,
                    "item.update",
                    "item",
                    it.id,
                    self.ctx.now(),
                    {"name": it.name, "before": before, "after": changed},
                )
            info = _item_info(it)
            uow.commit()
            return info

    # ------------------------------------------------------------------ changes

    def receive(
        self,
        actor: Actor,
        item: str | int,
        qty: int,
        lot_code: str | None = None,
        expires_on: date | None = None,
        note: str = "",
    ) -> MoveInfo:
        """Put a delivery into stock. Without a lot code one is made from today's date."""
        item = name_or_id(item, ITEM)
        n = quantity(qty)
        code = optional_text(lot_code, LOT_CODE, max_len=40)
        expiry = None if expires_on is None else a_date(expires_on, ("有效期", "Expiry date"))
        note = _check_note(note)
        today = self.ctx.today()
        if expiry is not None and expiry < today:
            raise InvalidInput(
                f"这批货已过期（有效期到 {expiry}），不能入库",
                f"This lot expired on {expiry} and cannot be received",
                field="Expiry date",
            )
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            it = ledger.find_item(s, item, lock=True)
            now = self.ctx.now()
            if code is None:
                code = self._new_lot_code(s, it, today)
            _, move = ledger.receive_stock(
                s,
                station_id=station.id,
                item=it,
                qty=n,
                lot_code=code,
                expires_on=expiry,
                reason="receive",
                at=now,
                actor=actor,
                note=note,
            )
            audit.record(
                s,
                actor,
                "stock.receive",
                "stock_move",
                move.id,
                now,
                {
                    "item": it.name,
                    "qty": n,
                    "lot": code,
                    "expires_on": expiry.isoformat() if expiry else None,
                },
                note,
            )
            uow.commit()
            return MoveInfo(
                move.id,
                move.at,
                it.name,
                it.unit,
                code,
                n,
                "receive",
                actor.name if actor.user_id is not None else None,
                note,
            )

    @staticmethod
    def _new_lot_code(session: Session, item: Item, today: date) -> str:
        """``20260701-1``, ``20260701-2`` …: the first unused code of the day for the item."""
        prefix = f"{today:%Y%m%d}-"
        used = set(
            session.scalars(
                select(Lot.lot_code).where(
                    Lot.item_id == item.id, Lot.lot_code.startswith(prefix, autoescape=True)
                )
            )
        )
        n = len(used) + 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def issue(
        self,
        actor: Actor,
        item: str | int,
        qty: int,
        visit_id: int | None = None,
        note: str = "",
    ) -> list[MoveInfo]:
        """Give out stock to a visitor, first-expiring lot first. Expired lots are never used."""
        item = name_or_id(item, ITEM)
        visit_id = optional_id(visit_id, VISIT)
        n = quantity(qty)
        note = _check_note(note)
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            it = ledger.find_item(s, item, lock=True)
            if visit_id is not None:
                visit = s.get(Visit, visit_id)
                if visit is None or visit.station_id != station.id:
                    raise NotFound(
                        f"找不到来访记录 #{visit_id}", f"No visit #{visit_id}", field="Visit"
                    )
            today = self.ctx.today()
            now = self.ctx.now()
            moves = ledger.take_stock(
                s,
                station_id=station.id,
                item=it,
                qty=n,
                reason="issue",
                at=now,
                today=today,
                actor=actor,
                note=note,
                visit_id=visit_id,
            )
            audit.record(
                s,
                actor,
                "stock.issue",
                "item",
                it.id,
                now,
                {
                    "item": it.name,
                    "qty": n,
                    "visit_id": visit_id,
                    "moves": [m.id for m in moves],
                },
                note,
            )
            infos = _move_infos(s, [m.id for m in moves])
            uow.commit()
            return infos

    def write_off(
        self,
        actor: Actor,
        item: str | int,
        qty: int,
        reason: str,
        lot_id: int | None = None,
        note: str = "",
    ) -> list[MoveInfo]:
        """Take stock off the books as lost/damaged ("loss", note required) or "expired".

        Without ``lot_id`` a loss comes from the usable lots first-expiring first,
        and an expired write-off from the expired lots, oldest expiry first. An
        "expired" write-off only ever touches lots past their expiry date.
        """
        require_supervisor(actor, "报损", "write off stock")
        if reason not in WRITE_OFF_REASONS:
            raise InvalidInput(
                f"报损原因只能是 loss（丢失/损坏）或 expired（过期），收到“{shown(reason)}”",
                f"Write-off reason must be loss or expired (got {shown(reason)!r})",
                field="Reason",
            )
        item = name_or_id(item, ITEM)
        lot_id = optional_id(lot_id, LOT)
        n = quantity(qty)
        note = _check_note(note, required=reason == "loss")
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            it = ledger.find_item(s, item, lock=True)
            today = self.ctx.today()
            now = self.ctx.now()
            if lot_id is not None:
                lot = self._lot_of(s, it, lot_id, reason, today)
                moves = [
                    ledger.take_from_lot(
                        s,
                        station_id=station.id,
                        item=it,
                        lot=lot,
                        qty=n,
                        reason=reason,
                        at=now,
                        today=today,
                        actor=actor,
                        note=note,
                    )
                ]
            else:
                if reason == "expired":
                    plan = self._plan_expired(s, station.id, it, n, today)
                else:
                    plan = ledger.allocate_fefo(s, station.id, it, n, today)
                moves = [
                    ledger.post_move(
                        s,
                        station_id=station.id,
                        item_id=it.id,
                        lot_id=lid,
                        qty=-take,
                        reason=reason,
                        at=now,
                        actor=actor,
                        note=note,
                    )
                    for lid, take in plan
                ]
            audit.record(
                s,
                actor,
                "stock.write_off",
                "item",
                it.id,
                now,
                {
                    "item": it.name,
                    "qty": n,
                    "reason": reason,
                    "lot_id": lot_id,
                    "moves": [m.id for m in moves],
                },
                note,
            )
            infos = _move_infos(s, [m.id for m in moves])
            uow.commit()
            return infos

    @staticmethod
    def _lot_of(session: Session, item: Item, lot_id: int, reason: str, today: date) -> Lot:
        lot = session.get(Lot, lot_id)
        if lot is None or lot.item_id != item.id:
            raise NotFound(
                f"{item.name}没有编号为 {lot_id} 的批次",
                f"{item.name} has no lot #{lot_id}",
                field="Lot",
            )
        if reason == "expired" and not _is_expired(lot.expires_on, today):
            raise Conflict(
                f"批次“{lot.lot_code}”还没有过期，请按 loss（丢失/损坏）报损",
                f"Lot {lot.lot_code!r} has not expired: write it off as a loss",
                field="Reason",
            )
        return lot

    @staticmethod
    def _plan_expired(
        session: Session, station_id: int, item: Item, qty: int, today: date
    ) -> list[tuple[int, int]]:
        expired = [
            b
            for b in ledger.lot_balances(session, station_id, item.id)
            if b.qty > 0 and _is_expired(b.expires_on, today)
        ]
        held = sum(b.qty for b in expired)
        if held < qty:
            raise InsufficientStock(
                f"{item.name}已过期的只有 {held}{item.unit}，不能按过期报损 {qty}{item.unit}",
                f"Only {held} {item.unit} of {item.name} are expired, not {qty}",
                field="Quantity",
            )
        return ledger.take_in_order(expired, qty)

    def write_off_expired(self, actor: Actor) -> list[MoveInfo]:
        """Write off every lot past its expiry date; [] (and nothing written) when there is none."""
        require_supervisor(actor, "清理过期库存", "write off expired stock")
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            today = self.ctx.today()
            now = self.ctx.now()
            lots = [
                r
                for r in _station_lots(s, station.id)
                if r.qty > 0 and _is_expired(r.expires_on, today)
            ]
            if not lots:
                return []
            for item_id in sorted({r.item_id for r in lots}):
                ledger.lock_item(s, item_id)
            moves = [
                ledger.post_move(
                    s,
                    station_id=station.id,
                    item_id=r.item_id,
                    lot_id=r.lot_id,
                    qty=-r.qty,
                    reason="expired",
                    at=now,
                    actor=actor,
                    note=f"过期（{r.expires_on}）",
                )
                for r in lots
            ]
            audit.record(
                s,
                actor,
                "stock.write_off_expired",
                "stock_move",
                None,
                now,
                {"lots": [{"lot_id": r.lot_id, "qty": r.qty} for r in lots]},
            )
            infos = _move_infos(s, [m.id for m in moves])
            uow.commit()
            return infos

    def apply_stocktake(
        self, actor: Actor, counts: Sequence[tuple[int, int]], note: str
    ) -> StocktakeResult:
        """Record a count (盘点): one "stocktake" move per lot whose count differs.

        ``counts`` are ``(lot_id, counted)`` pairs; lots not listed are left alone.
        Nothing is written if any line is wrong.
        """
        require_supervisor(actor, "盘点", "record a stocktake")
        note = _check_note(note, required=True)
        lines: list[tuple[int, int]] = []
        seen: set[int] = set()
        for n, pair in enumerate(a_list(counts, COUNTS), start=1):
            try:
                if not isinstance(pair, list | tuple):  # text or a mapping is no pair
                    raise TypeError(pair)
                lot_id, counted = pair
            except (TypeError, ValueError):
                raise InvalidInput(
                    f"第 {n} 行：应为（批次, 实盘数量）",
                    f"Line {n}: expected (lot, counted)",
                    field="Counted",
                    row=n,
                ) from None
            try:
                lid = integer(lot_id, ("批次", "Lot"), minimum=1)
                qty = integer(counted, ("实盘数量", "Counted"), minimum=0, maximum=1_000_000)
            except InvalidInput as e:
                raise InvalidInput(
                    f"第 {n} 行：{e.zh}", f"Line {n}: {e.en}", field=e.field, row=n
                ) from None
            if lid in seen:
                raise InvalidInput(
                    f"第 {n} 行：批次 {lid} 重复填写",
                    f"Line {n}: lot {lid} is listed twice",
                    field="Lot",
                    row=n,
                )
            seen.add(lid)
            lines.append((lid, qty))
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            now = self.ctx.now()
            lots = {lot.id: lot for lot in s.scalars(select(Lot).where(Lot.id.in_(list(seen))))}
            for n, (lid, _) in enumerate(lines, start=1):
                if lid not in lots:
                    raise NotFound(
                        f"第 {n} 行：没有编号为 {lid} 的批次",
                        f"Line {n}: no lot #{lid}",
                        field="Lot",
                        row=n,
                    )
            for item_id in sorted({lot.item_id for lot in lots.values()}):
                ledger.lock_item(s, item_id)
            take = Stocktake(
                station_id=station.id, counted_at=now, actor_id=actor.user_id, note=note
            )
            s.add(take)
            s.flush()
            expected = ledger.balances_by_lot(
                s, station.id, {lid: lot.item_id for lid, lot in lots.items()}
            )
            moves: list[StockMove] = []
            detail: list[dict[str, int]] = []
            for lid, counted in lines:
                lot = lots[lid]
                held = expected[lid]
                diff = counted - held
                detail.append({"lot_id": lid, "expected": held, "counted": counted})
                if diff:
                    moves.append(
                        ledger.post_move(
                            s,
                            station_id=station.id,
                            item_id=lot.item_id,
                            lot_id=lid,
                            qty=diff,
                            reason="stocktake",
                            at=now,
                            actor=actor,
                            note=note,
                            stocktake_id=take.id,
                        )
                    )
            audit.record(
                s,
                actor,
                "stock.stocktake",
                "stocktake",
                take.id,
                now,
                {"lines": detail, "corrections": len(moves)},
                note,
            )
            infos = _move_infos(s, [m.id for m in moves])
            uow.commit()
            return StocktakeResult(take.id, tuple(infos))

    # ------------------------------------------------------------------ balances

    def check_balances(self) -> list[ledger.BalanceMismatch]:
        """The start-up check: every lot whose stored balance disagrees with its ledger.

        Each item found is put on hold (its stock actions refused, naming the item and
        lot, until :meth:`repair_balances`), on the record in the audit log the first
        time. Reads the whole ledger once; [] when everything agrees.
        """
        with self.ctx.read() as look:  # nothing wrong (the usual case): nothing written
            if not ledger.balance_mismatches(look.session, current_station(look.session).id):
                return []
        with self.ctx.uow() as uow:
            s = uow.session
            wrong = ledger.balance_mismatches(s, current_station(s).id)
            now = self.ctx.now()
            if wrong and ledger.hold_mismatches(s, wrong, now):
                audit.record(
                    s,
                    SYSTEM_CHECK,
                    "stock.balance_hold",
                    "lot_stock",
                    None,
                    now,
                    {"lots": [_mismatch_detail(m) for m in wrong]},
                )
                uow.commit()
            return wrong

    def repair_balances(self, actor: Actor) -> list[ledger.BalanceMismatch]:
        """Recompute every stored balance from the ledger and lift the holds (supervisor).

        The ledger is the truth and stays untouched; what was wrong is returned and
        recorded in the audit log. [] (and nothing written) when all agree.
        """
        require_supervisor(actor, "按台账重算库存", "recompute stock balances")
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            held = s.scalar(
                select(func.count())
                .select_from(BalanceHold)
                .where(BalanceHold.station_id == station.id)
            )
            wrong = ledger.repair_balances(s, station.id)
            if not wrong and not held:
                return []
            audit.record(
                s,
                actor,
                "stock.repair_balances",
                "lot_stock",
                None,
                self.ctx.now(),
                {"lots": [_mismatch_detail(m) for m in wrong], "holds_lifted": held},
            )
            uow.commit()
            return wrong

    # ------------------------------------------------------------------ views

    def levels(self) -> list[StockLevel]:
        """Every active item's stock, zero included, in catalog order."""
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            today = self.ctx.today()
            usable: dict[int, int] = defaultdict(int)
            expired: dict[int, int] = defaultdict(int)
            for r in _station_lots(s, station.id):
                if _is_expired(r.expires_on, today):
                    expired[r.item_id] += r.qty
                else:
                    usable[r.item_id] += r.qty
            items = s.scalars(select(Item).where(Item.active.is_(True)).order_by(Item.id))
            return [
                StockLevel(
                    item_id=i.id,
                    item=i.name,
                    unit=i.unit,
                    balance=usable[i.id] + expired[i.id],
                    usable=usable[i.id],
                    expired=expired[i.id],
                    low_stock_threshold=i.low_stock_threshold,
                    is_low=usable[i.id] <= i.low_stock_threshold,
                )
                for i in items
            ]

    def low_stock(self) -> list[StockLevel]:
        """Items whose usable stock is at or below their threshold."""
        return [lv for lv in self.levels() if lv.is_low]

    def expiring_soon(self, within_days: int | None = None) -> list[LotInfo]:
        """Lots in stock expiring within ``within_days`` (each item's own near-expiry days when
        None), already expired ones included with a negative ``days_left``; by expiry date."""
        days = None if within_days is None else integer(within_days, WITHIN_DAYS, minimum=0)
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            today = self.ctx.today()
            items = {i.id: i for i in s.scalars(select(Item))}
            out: list[LotInfo] = []
            for r in _station_lots(s, station.id):
                if r.expires_on is None or r.qty <= 0:
                    continue
                it = items[r.item_id]
                left = (r.expires_on - today).days
                if left <= (it.near_expiry_days if days is None else days):
                    out.append(
                        LotInfo(
                            r.lot_id, it.id, it.name, it.unit, r.lot_code, r.expires_on, r.qty, left
                        )
                    )
            out.sort(key=lambda x: (x.expires_on, x.item_id, x.lot_id))
            return out

    def count_sheet(self) -> list[CountLine]:
        """The stocktake sheet: one line per lot holding stock, in catalog then FEFO order.

        An active item with no stock at all appears once, with ``lot_id`` None and
        ``expected`` 0 (if some turns up, receive it). Lent-out things are in the
        expected numbers: count what is on the shelf plus what is on loan.
        """
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            by_item: dict[int, list[_LotRow]] = defaultdict(list)
            for r in _station_lots(s, station.id):
                by_item[r.item_id].append(r)
            out: list[CountLine] = []
            for it in s.scalars(select(Item).order_by(Item.id)):
                rows = by_item.get(it.id)
                if rows:
                    out.extend(
                        CountLine(
                            it.id, it.name, it.unit, r.lot_id, r.lot_code, r.expires_on, r.qty
                        )
                        for r in rows
                    )
                elif it.active:
                    out.append(CountLine(it.id, it.name, it.unit, None, None, None, 0))
            return out

    def moves(
        self, item: str | int | None = None, start: date | None = None, end: date | None = None
    ) -> list[MoveInfo]:
        """Stock moves, oldest first, optionally of one item and between local days (inclusive)."""
        item = None if item is None else name_or_id(item, ITEM)
        start = optional_date(start, START_DAY)
        end = optional_date(end, END_DAY)
        if start is not None and end is not None:
            date_range(start, end, ("查询日期", "Dates"))
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            q = (
                select(StockMove, Item.name, Item.unit, Lot.lot_code, User.name)
                .join(Item, Item.id == StockMove.item_id)
                .join(Lot, Lot.id == StockMove.lot_id)
                .outerjoin(User, User.id == StockMove.actor_id)
                .where(StockMove.station_id == station.id)
                .order_by(StockMove.at, StockMove.id)
            )
            if item is not None:
                q = q.where(StockMove.item_id == _any_item(s, item).id)
            if start is not None:
                q = q.where(StockMove.at >= day_bounds(start, self.ctx.tz)[0])
            if end is not None:
                q = q.where(StockMove.at < day_bounds(end, self.ctx.tz)[1])
            return [
                MoveInfo(m.id, m.at, name, unit, code, m.qty, m.reason, actor, m.note)
                for m, name, unit, code, actor in s.execute(q).all()
            ]

    def ledger(self, start: date, end: date) -> list[LedgerRow]:
        """The 出入库台账 for local days ``start``..``end`` (inclusive), one row per item.

        Items shown: every active item, and any other item that held stock at the start
        or moved during the period.
        """
        start = a_date(start, START_DAY)
        end = a_date(end, END_DAY)
        date_range(start, end, ("台账日期", "Ledger dates"))
        t0 = day_bounds(start, self.ctx.tz)[0]
        t1 = day_bounds(end, self.ctx.tz)[1]
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            # The opening balance is the stock now less what moved since the period began:
            # the moves of the period and after it, never the years before it.
            now_held: dict[int, int] = defaultdict(int)
            for item_id, qty in s.execute(
                select(LotStock.item_id, LotStock.qty).where(LotStock.station_id == station.id)
            ):
                now_held[item_id] += int(qty)
            within = func.sum(case((StockMove.at < t1, StockMove.qty), else_=0))
            rows = s.execute(
                select(StockMove.item_id, StockMove.reason, within, func.sum(StockMove.qty))
                .where(and_(StockMove.station_id == station.id, StockMove.at >= t0))
                .group_by(StockMove.item_id, StockMove.reason)
            ).all()
            opening: dict[int, int] = defaultdict(int, now_held)
            period: dict[tuple[int, str], int] = defaultdict(int)
            for item_id, reason, w, since in rows:
                opening[item_id] -= int(since or 0)
                period[item_id, reason] += int(w or 0)
            # A retired item still shows while it held stock or moved in the period.
            moved = {item_id for item_id, _, w, _ in rows if w} | {
                item_id for item_id, held in opening.items() if held
            }
            out: list[LedgerRow] = []
            for it in s.scalars(select(Item).order_by(Item.id)):
                if not it.active and it.id not in moved:
                    continue

                def col(reasons: tuple[str, ...], item_id: int = it.id) -> int:
                    return sum(period[item_id, r] for r in reasons)

                received, issued = col(RECEIVED), col(ISSUED)
                handed_out, written_off = col(HANDED_OUT), col(WRITTEN_OFF)
                corrected = col(CORRECTED)
                out.append(
                    LedgerRow(
                        item_id=it.id,
                        item=it.name,
                        unit=it.unit,
                        opening=opening[it.id],
                        received=received,
                        issued=issued,
                        handed_out=handed_out,
                        written_off=written_off,
                        corrected=corrected,
                        closing=opening[it.id]
                        + received
                        + issued
                        + handed_out
                        + written_off
                        + corrected,
                    )
                )
            return out
