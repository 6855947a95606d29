"""The monthly log (月度台账) and the year summary: the figures, gathered in one read.

:meth:`ReportService.monthly` reads everything a supervisor signs for one station
and one local calendar month in one read-only transaction (one consistent
snapshot, never waiting for a writer) and hands back plain frozen data: the
summary with its comparisons, the visit register, the stock ledger per item with
its reconciliation, the relief rosters with their signatures, and the cleaning
record. Laying it out (PDF, XLSX, CSV, the district file) is
:mod:`station_app.report_files`' job.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from types import TracebackType

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Campaign,
    CampaignLine,
    Category,
    CleaningRecord,
    Handout,
    HandoutSignature,
    Item,
    Loan,
    Lot,
    Member,
    ServiceType,
    Station,
    StockMove,
    Visit,
    visit_service,
)
from db.uow import UnitOfWork
from station_app.clock import day_bounds
from station_app.context import AppContext
from station_app.errors import InvalidInput
from station_app.inventory import InventoryService, LedgerRow
from station_app.stations import current_station
from station_app.validate import mask_name, shown, text

MONTH = ("月份", "Month")
PREPARED_BY = ("制表人", "Prepared by")
EXPIRING_WITHIN_DAYS = 30
KIND_NAMES = {"rest": "爱心驿家", "nursing": "妈咪暖心小屋", "both": "爱心驿家 · 妈咪暖心小屋"}
WRITE_OFF_NAMES = {"loss": "丢失/损坏", "expired": "过期"}


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.next().first - timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def a_year_before(self) -> Month:
        return Month(self.year - 1, self.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


EARLIEST = Month(2000, 1)


def parse_month(text: object, today: date) -> Month:
    """``YYYY-MM`` (or YYYY/MM, YYYY年M月, or a date in it), not after the current month."""
    if isinstance(text, Month):
        month = text
    elif isinstance(text, date):
        month = Month(text.year, text.month)
    else:
        raw = text.strip() if isinstance(text, str) else ""
        m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", raw)
        if m is None or not 1 <= int(m[2]) <= 12 or int(m[1]) < 2000:
            raise InvalidInput(
                f"月份应写成 年-月，如 2026-07（收到“{shown(text)}”）",
                f"Give the month as YYYY-MM, e.g. 2026-07 (got {shown(text)!r})",
                field="Month",
            )
        month = Month(int(m[1]), int(m[2]))
    if not 1 <= month.month <= 12 or month < EARLIEST:
        raise InvalidInput(
            f"月份应在 {EARLIEST} 以后（收到 {month}）",
            f"The month must be {EARLIEST} or later (got {month})",
            field="Month",
        )
    if month > Month(today.year, today.month):
        raise InvalidInput(
            f"{month} 还没到，不能出台账", f"{month} is in the future: no log yet", field="Month"
        )
    return month


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class Comparison:
    month: Month
    visits: int | None  # None: no records at all that month (the station not yet open)


@dataclass(frozen=True)
class Summary:
    visits: int
    by_category: tuple[tuple[str, int], ...]
    by_day: tuple[tuple[date, int], ...]  # every day of the month, zeros too
    by_hour: tuple[tuple[int, int], ...]  # 0..23
    average_stay_minutes: float | None
    services: tuple[tuple[str, int], ...]
    members_registered: int
    handouts: int
    voided: int
    previous: Comparison
    last_year: Comparison


@dataclass(frozen=True)
class RegisterRow:
    visit_id: int
    day: date
    time_in: str
    time_out: str | None
    minutes: int | None
    category: str
    services: str
    member_code: str | None
    voided: bool
    checked_in: datetime  # local
    checked_out: datetime | None  # local


@dataclass(frozen=True)
class ExpiringLot:
    lot_code: str
    expires_on: date
    qty: int


@dataclass(frozen=True)
class StockBlock:
    """One item's block of the 物资出入库台账. ``issued``, ``handed_out``, the write-offs
    are shown as positive quantities going out; ``corrected`` is signed."""

    item: str
    unit: str
    opening: int
    received: int
    issued: int
    handed_out: int
    lent: int
    returned: int
    written_off: tuple[tuple[str, int], ...]  # (reason, quantity out)
    corrected: int
    closing: int
    ledger_closing: int  # the sum of every move before the month's end, read apart
    expiring: tuple[ExpiringLot, ...]

    @property
    def written_off_total(self) -> int:
        return sum(n for _, n in self.written_off)

    @property
    def computed_closing(self) -> int:
        """Opening + in − out, from the block's own columns."""
        return (
            self.opening
            + self.received
            - self.issued
            - self.handed_out
            - self.written_off_total
            + self.corrected
        )

    @property
    def reconciles(self) -> bool:
        """账物相符: the columns add up to the closing balance, and the closing balance
        (from the stored lot balances) equals the ledger's sum of every move."""
        return self.computed_closing == self.closing == self.ledger_closing


@dataclass(frozen=True)
class RosterRow:
    handout_id: int
    handed_at: datetime  # local
    recipient: str  # masked
    employer: str
    category: str
    package: str
    signature_png: bytes | None


@dataclass(frozen=True)
class Roster:
    campaign: str
    rows: tuple[RosterRow, ...]


@dataclass(frozen=True)
class CleaningRow:
    at: datetime  # local
    area: str
    done: str
    who: str
    note: str


@dataclass(frozen=True)
class MonthlyLog:
    station_name: str
    station_code: str
    station_kind: str
    address: str
    month: Month
    prepared_by: str
    generated_at: datetime  # local
    summary: Summary
    register: tuple[RegisterRow, ...]
    stock: tuple[StockBlock, ...]
    rosters: tuple[Roster, ...]
    cleaning: tuple[CleaningRow, ...]

    @property
    def unreconciled(self) -> tuple[str, ...]:
        return tuple(b.item for b in self.stock if not b.reconciles)


@dataclass(frozen=True)
class YearRow:
    month: Month
    visits: int
    members_registered: int
    handouts: int
    received: int
    given: int  # issued + handed out, all items


@dataclass(frozen=True)
class YearSummary:
    station_name: str
    station_code: str
    year: int
    generated_at: datetime
    months: tuple[YearRow, ...]
    by_category: tuple[tuple[str, int], ...]

    @property
    def visits(self) -> int:
        return sum(r.visits for r in self.months)


# --------------------------------------------------------------------------- the service


class _SameSnapshot(UnitOfWork):
    """The unit of work already open, handed to a service that opens its own: its
    reads then see the same snapshot, and leaving it closes nothing."""

    def __init__(self, outer: UnitOfWork) -> None:
        self._outer = outer

    @property
    def session(self) -> Session:
        return self._outer.session

    def __enter__(self) -> UnitOfWork:
        return self._outer

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        raise RuntimeError("a report only reads")


class ReportService:
    def __init__(self, ctx: AppContext, inventory: InventoryService) -> None:
        self.ctx = ctx
        self.inventory = inventory

    def _bounds(self, month: Month) -> tuple[datetime, datetime]:
        return (
            day_bounds(month.first, self.ctx.tz)[0],
            day_bounds(month.last, self.ctx.tz)[1],
        )

    def monthly(self, month: object, prepared_by: object = "") -> MonthlyLog:
        """Everything the month's log shows, from one consistent read. ``prepared_by``
        is the name on the cover (empty: written by hand)."""
        m = parse_month(month, self.ctx.today())
        preparer = text(prepared_by, PREPARED_BY, max_len=30, required=False)
        t0, t1 = self._bounds(m)
        with self.ctx.read() as uow:
            s = uow.session
            # The ledger in this same read: its closing balances and the moves summed
            # below must come from one snapshot, or a kiosk's stock issue between two
            # reads would show as an item that does not reconcile.
            joined = replace(self.ctx, read=lambda: _SameSnapshot(uow))
            ledger = InventoryService(joined).ledger(m.first, m.last)
            station = current_station(s)
            register = self._register(s, station, t0, t1)
            summary = self._summary(s, station, m, t0, t1, register)
            stock = self._stock(s, station, m, t1, ledger)
            rosters = self._rosters(s, station, t0, t1)
            cleaning = tuple(
                CleaningRow(self.ctx.local(r.at), r.area, r.done, r.actor_name, r.note)
                for r in s.scalars(
                    select(CleaningRecord)
                    .where(
                        CleaningRecord.station_id == station.id,
                        CleaningRecord.at >= t0,
                        CleaningRecord.at < t1,
                    )
                    .order_by(CleaningRecord.at, CleaningRecord.id)
                )
            )
            return MonthlyLog(
                station_name=station.name,
                station_code=station.code,
                station_kind=KIND_NAMES.get(station.kind, station.kind),
                address=station.address,
                month=m,
                prepared_by=preparer,
                generated_at=self.ctx.local(self.ctx.now()),
                summary=summary,
                register=register,
                stock=stock,
                rosters=rosters,
                cleaning=cleaning,
            )

    def year(self, year: object) -> YearSummary:
        """The annual summary: totals and month by month, up to the current month."""
        if isinstance(year, bool) or not isinstance(year, int | str):
            raise InvalidInput("年份应为 4 位数字", "Give the year as 4 digits", field="Year")
        raw = str(year).strip()
        today = self.ctx.today()
        if not re.fullmatch(r"\d{4}", raw) or not 2000 <= int(raw) <= today.year:
            raise InvalidInput(
                f"年份应为 2000–{today.year} 的 4 位数字（收到“{shown(raw)}”）",
                f"Give the year as 4 digits, 2000-{today.year} (got {shown(raw)!r})",
                field="Year",
            )
        y = int(raw)
        months = [
            Month(y, n) for n in range(1, 13) if Month(y, n) <= Month(today.year, today.month)
        ]
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            rows: list[YearRow] = []
            categories: Counter[str] = Counter()
            for m in months:
                t0, t1 = self._bounds(m)
                cats = self._category_counts(s, station, t0, t1)
                categories.update(dict(cats))
                moved = dict(
                    s.execute(
                        select(StockMove.reason, func.sum(StockMove.qty))
                        .where(
                            StockMove.station_id == station.id,
                            StockMove.at >= t0,
                            StockMove.at < t1,
                        )
                        .group_by(StockMove.reason)
                    ).all()
                )
                rows.append(
                    YearRow(
                        month=m,
                        visits=sum(n for _, n in cats),
                        members_registered=self._members_registered(s, t0, t1),
                        handouts=self._handout_count(s, station, t0, t1),
                        received=int(moved.get("receive", 0) or 0)
                        + int(moved.get("import", 0) or 0),
                        given=-int(moved.get("issue", 0) or 0) - int(moved.get("handout", 0) or 0),
                    )
                )
            return YearSummary(
                station_name=station.name,
                station_code=station.code,
                year=y,
                generated_at=self.ctx.local(self.ctx.now()),
                months=tuple(rows),
                by_category=tuple(categories.most_common()),
            )

    # ------------------------------------------------------------------ parts

    def _register(
        self, s: Session, station: Station, t0: datetime, t1: datetime
    ) -> tuple[RegisterRow, ...]:
        services: dict[int, list[str]] = defaultdict(list)
        for visit_id, name in s.execute(
            select(visit_service.c.visit_id, ServiceType.name)
            .join(ServiceType, ServiceType.id == visit_service.c.service_type_id)
            .join(Visit, Visit.id == visit_service.c.visit_id)
            .where(
                Visit.station_id == station.id,
                Visit.checked_in_at >= t0,
                Visit.checked_in_at < t1,
            )
            .order_by(visit_service.c.visit_id, ServiceType.sort_order, ServiceType.id)
        ):
            services[visit_id].append(name)
        rows = s.execute(
            select(Visit.id, Visit.checked_in_at, Visit.checked_out_at, Visit.voided_at)
            .add_columns(Category.name, Member.code)
            .join(Category, Category.id == Visit.category_id)
            .outerjoin(Member, Member.id == Visit.member_id)
            .where(
                Visit.station_id == station.id,
                Visit.checked_in_at >= t0,
                Visit.checked_in_at < t1,
            )
            .order_by(Visit.checked_in_at, Visit.id)
        ).all()
        out = []
        for vid, came, left, voided, category, code in rows:
            local_in = self.ctx.local(came)
            local_out = self.ctx.local(left) if left is not None else None
            minutes = int((left - came).total_seconds() // 60) if left is not None else None
            out.append(
                RegisterRow(
                    visit_id=vid,
                    day=local_in.date(),
                    time_in=local_in.strftime("%H:%M"),
                    time_out=(
                        local_out.strftime("%H:%M")
                        if local_out is not None and local_out.date() == local_in.date()
                        else local_out.strftime("%m-%d %H:%M")
                        if local_out is not None
                        else None
                    ),
                    minutes=minutes,
                    category=category,
                    services="、".join(services.get(vid, [])),
                    member_code=code,
                    voided=voided is not None,
                    checked_in=local_in,
                    checked_out=local_out,
                )
            )
        return tuple(out)

    def _category_counts(
        self, s: Session, station: Station, t0: datetime, t1: datetime
    ) -> list[tuple[str, int]]:
        rows = s.execute(
            select(Category.name, func.count(Visit.id))
            .join(Visit, Visit.category_id == Category.id)
            .where(
                Visit.station_id == station.id,
                Visit.checked_in_at >= t0,
                Visit.checked_in_at < t1,
                Visit.voided_at.is_(None),
            )
            .group_by(Category.id)
            .order_by(Category.sort_order, Category.id)
        ).all()
        return [(name, int(n)) for name, n in rows]

    @staticmethod
    def _members_registered(s: Session, t0: datetime, t1: datetime) -> int:
        return int(
            s.scalar(
                select(func.count(Member.id)).where(Member.created_at >= t0, Member.created_at < t1)
            )
            or 0
        )

    @staticmethod
    def _handout_count(s: Session, station: Station, t0: datetime, t1: datetime) -> int:
        return int(
            s.scalar(
                select(func.count(Handout.id)).where(
                    Handout.station_id == station.id,
                    Handout.handed_at >= t0,
                    Handout.handed_at < t1,
                )
            )
            or 0
        )

    def _comparison(self, s: Session, station: Station, m: Month) -> Comparison:
        t0, t1 = self._bounds(m)
        if day_bounds(m.last, self.ctx.tz)[1] <= station.created_at:
            return Comparison(m, None)  # the station did not exist yet
        n = s.scalar(
            select(func.count(Visit.id)).where(
                Visit.station_id == station.id,
                Visit.checked_in_at >= t0,
                Visit.checked_in_at < t1,
                Visit.voided_at.is_(None),
            )
        )
        any_record = n or s.scalar(
            select(func.count(Visit.id)).where(
                Visit.station_id == station.id, Visit.checked_in_at < t1
            )
        )
        return Comparison(m, int(n or 0) if any_record else None)

    def _summary(
        self,
        s: Session,
        station: Station,
        m: Month,
        t0: datetime,
        t1: datetime,
        register: tuple[RegisterRow, ...],
    ) -> Summary:
        counted = [r for r in register if not r.voided]
        days = Counter(r.day for r in counted)
        hours = Counter(int(r.time_in[:2]) for r in counted)
        stays = [r.minutes for r in counted if r.minutes is not None]
        # Counted apart from the register's joined text: a service's name may hold "、".
        services = s.execute(
            select(ServiceType.name, func.count())
            .join(visit_service, visit_service.c.service_type_id == ServiceType.id)
            .join(Visit, Visit.id == visit_service.c.visit_id)
            .where(
                Visit.station_id == station.id,
                Visit.checked_in_at >= t0,
                Visit.checked_in_at < t1,
                Visit.voided_at.is_(None),
            )
            .group_by(ServiceType.id, ServiceType.name, ServiceType.sort_order)
            .order_by(ServiceType.sort_order, ServiceType.id)
        ).all()
        day = m.first
        by_day = []
        while day <= m.last:
            by_day.append((day, days.get(day, 0)))
            day += timedelta(days=1)
        return Summary(
            visits=len(counted),
            by_category=tuple(self._category_counts(s, station, t0, t1)),
            by_day=tuple(by_day),
            by_hour=tuple((h, hours.get(h, 0)) for h in range(24)),
            average_stay_minutes=(sum(stays) / len(stays)) if stays else None,
            services=tuple((name, int(n)) for name, n in services),
            members_registered=self._members_registered(s, t0, t1),
            handouts=self._handout_count(s, station, t0, t1),
            voided=len(register) - len(counted),
            previous=self._comparison(s, station, m.previous()),
            last_year=self._comparison(s, station, m.a_year_before()),
        )

    def _stock(
        self, s: Session, station: Station, m: Month, t1: datetime, ledger: list[LedgerRow]
    ) -> tuple[StockBlock, ...]:
        t0 = day_bounds(m.first, self.ctx.tz)[0]
        # Read apart from the ledger rows: every move before the month's end, summed.
        ledger_closing = dict(
            s.execute(
                select(StockMove.item_id, func.sum(StockMove.qty))
                .where(StockMove.station_id == station.id, StockMove.at < t1)
                .group_by(StockMove.item_id)
            ).all()
        )
        write_offs: dict[int, Counter[str]] = defaultdict(Counter)
        for item_id, reason, qty in s.execute(
            select(StockMove.item_id, StockMove.reason, func.sum(StockMove.qty))
            .where(
                StockMove.station_id == station.id,
                StockMove.at >= t0,
                StockMove.at < t1,
                StockMove.reason.in_(("loss", "expired")),
            )
            .group_by(StockMove.item_id, StockMove.reason)
        ):
            write_offs[item_id][WRITE_OFF_NAMES.get(reason, reason)] -= int(qty or 0)
        lent = dict(
            s.execute(
                select(Loan.item_id, func.count(Loan.id))
                .where(Loan.station_id == station.id, Loan.lent_at >= t0, Loan.lent_at < t1)
                .group_by(Loan.item_id)
            ).all()
        )
        returned = dict(
            s.execute(
                select(Loan.item_id, func.count(Loan.id))
                .where(
                    Loan.station_id == station.id,
                    Loan.returned_at >= t0,
                    Loan.returned_at < t1,
                )
                .group_by(Loan.item_id)
            ).all()
        )
        # Lots held at the month's end (not today: a log of a past month shows what was on
        # the shelf then) that expire within 30 days of it, or had expired already.
        horizon = m.last + timedelta(days=EXPIRING_WITHIN_DAYS)
        held = func.sum(StockMove.qty)
        expiring: dict[int, list[ExpiringLot]] = defaultdict(list)
        for item_id, code, expires, qty in s.execute(
            select(StockMove.item_id, Lot.lot_code, Lot.expires_on, held)
            .join(Lot, Lot.id == StockMove.lot_id)
            .where(
                StockMove.station_id == station.id,
                StockMove.at < t1,
                Lot.expires_on.is_not(None),
                Lot.expires_on <= horizon,
            )
            .group_by(StockMove.item_id, Lot.id, Lot.lot_code, Lot.expires_on)
            .having(held > 0)
            .order_by(Lot.expires_on, Lot.id)
        ):
            if expires is not None:
                expiring[item_id].append(ExpiringLot(code, expires, int(qty)))
        return tuple(
            StockBlock(
                item=row.item,
                unit=row.unit,
                opening=row.opening,
                received=row.received,
                issued=-row.issued,
                handed_out=-row.handed_out,
                lent=int(lent.get(row.item_id, 0)),
                returned=int(returned.get(row.item_id, 0)),
                written_off=tuple(sorted(write_offs[row.item_id].items())),
                corrected=row.corrected,
                closing=row.closing,
                ledger_closing=int(ledger_closing.get(row.item_id, 0) or 0),
                expiring=tuple(expiring.get(row.item_id, ())),
            )
            for row in ledger
        )

    def _rosters(
        self, s: Session, station: Station, t0: datetime, t1: datetime
    ) -> tuple[Roster, ...]:
        packages: dict[int, str] = {}
        for campaign_id, item, unit, qty in s.execute(
            select(CampaignLine.campaign_id, Item.name, Item.unit, CampaignLine.qty)
            .join(Item, Item.id == CampaignLine.item_id)
            .order_by(CampaignLine.campaign_id, CampaignLine.id)
        ):
            line = f"{item}×{qty}{unit}"
            packages[campaign_id] = (
                f"{packages[campaign_id]}、{line}" if campaign_id in packages else line
            )
        rows = s.execute(
            select(Handout, Campaign.name, Member, Category.name, HandoutSignature.png)
            .join(Campaign, Campaign.id == Handout.campaign_id)
            .outerjoin(Member, Member.id == Handout.member_id)
            .outerjoin(Category, Category.id == Handout.category_id)
            .outerjoin(HandoutSignature, HandoutSignature.handout_id == Handout.id)
            .where(
                Handout.station_id == station.id, Handout.handed_at >= t0, Handout.handed_at < t1
            )
            .order_by(Campaign.id, Handout.handed_at, Handout.id)
        ).all()
        by_campaign: dict[str, list[RosterRow]] = {}
        for h, campaign, member, category, png in rows:
            if member is not None:
                who = mask_name(member.nickname) if member.nickname else member.code
                employer = member.employer or ""
            else:
                who = f"{mask_name(h.claimant_name)}（尾号 {h.phone_last4}）"
                employer = h.employer or ""
            by_campaign.setdefault(campaign, []).append(
                RosterRow(
                    handout_id=h.id,
                    handed_at=self.ctx.local(h.handed_at),
                    recipient=who,
                    employer=employer,
                    category=category or "",
                    package=packages.get(h.campaign_id, ""),
                    signature_png=bytes(png) if png is not None else None,
                )
            )
        return tuple(Roster(name, tuple(rows)) for name, rows in by_campaign.items())
