"""Relief campaigns (夏季送清凉, 春节送温暖): packages handed out against a per-person limit.

A campaign belongs to the station, runs between two local dates (both
included) and hands each eligible person a package: item × quantity lines.
A person is a member card ("m:<member id>") or a name with the last four digits
of a phone number ("p:<name>|<last 4>", the name without spaces and case-folded).
Each claim takes the person's next ``claim_no``; the database's unique constraint
on (campaign, person, claim_no) stops a second, racing claim even when both
passed the check before the write. A refused claim says when and where the
earlier one happened.

The package leaves stock in the same transaction as the handout row, first-
expiring lot first and never from an expired lot. If any line is short, nothing
is handed out. Minimum intervals count local calendar days: a claim on 07-01
with a 7-day interval allows the next one from 07-08, whatever the hour.

For a member the handout row stores only the member id: the roster shows the
member's current nickname, employer and phone tail, so a purge erases them here
too. The audit log records codes, items and counts, never a name or a phone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from db.models import (
    Campaign,
    CampaignLine,
    Category,
    Handout,
    HandoutSignature,
    Item,
    Member,
    Station,
    StockMove,
    User,
)
from station_app import audit, ledger
from station_app.auth import require_supervisor
from station_app.codes import USED, CodeRefused
from station_app.context import Actor, AppContext
from station_app.errors import Conflict, InvalidInput, LimitReached, NotFound
from station_app.members import member_by_code
from station_app.stations import current_station, find_category
from station_app.validate import (
    a_date,
    a_list,
    an_id,
    date_range,
    integer,
    name_or_id,
    optional_text,
    phone_last4,
    quantity,
    text,
)

CAMPAIGN = ("发放活动", "Campaign")
CAMPAIGN_NAME = ("活动名称", "Campaign name")
STARTS_ON = ("开始日期", "Start date")
ENDS_ON = ("结束日期", "End date")
DATES = ("活动日期", "Campaign dates")
LIMIT = ("每人限领次数", "Per-person limit")
INTERVAL = ("两次领取间隔天数", "Days between claims")
CLAIMANT_NAME = ("领取人姓名", "Claimant name")
PHONE_LAST4 = ("手机尾号", "Phone last 4")
EMPLOYER = ("工作单位", "Employer")

MAX_LIMIT = 100
MAX_INTERVAL_DAYS = 366
MAX_LINES = 50
WHEN_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class CampaignLineInfo:
    item_id: int
    item: str
    unit: str
    qty: int


@dataclass(frozen=True)
class CampaignInfo:
    """``categories`` empty: everyone is eligible. ``handed_out``: handouts so far."""

    id: int
    name: str
    starts_on: date
    ends_on: date
    per_person_limit: int
    min_days_between: int
    categories: tuple[str, ...]
    lines: tuple[CampaignLineInfo, ...]
    active: bool
    handed_out: int


@dataclass(frozen=True)
class HandoutInfo:
    """One line of the sign-off roster (发放签收表).

    ``claimant`` is the name given, or a member's nickname (their card code when
    they gave none); a phone number appears only as its last four digits.
    ``attendant`` is None for the command line.
    """

    id: int
    campaign_id: int
    campaign: str
    claimant: str
    phone_last4: str | None
    employer: str | None
    category: str | None
    member_code: str | None
    claim_no: int
    handed_at: datetime
    attendant: str | None
    station: str
    signed: bool = False  # the recipient signed on the pen pad (see ``signature``)


# --------------------------------------------------------------------------- checks


def _check_id(value: object) -> int:
    return an_id(value, CAMPAIGN)


def _check_key(value: object, field: tuple[str, str], row: int | None = None) -> str | int:
    """An item or category given by name or id."""
    what_zh, en = field
    where_zh = f"第 {row} 行：" if row is not None else ""
    where_en = f"Line {row}: " if row is not None else ""
    try:
        key = name_or_id(value, field)
    except InvalidInput as e:
        raise InvalidInput(
            f"{where_zh}{e.zh}", f"{where_en}{e.en}", field=e.field, row=row
        ) from None
    if isinstance(key, str) and not key.strip():
        raise InvalidInput(
            f"{where_zh}请填写{what_zh}", f"{where_en}{en} must not be empty", field=en, row=row
        )
    return key


def _check_lines(lines: object) -> list[tuple[str | int, int]]:
    """Shape and quantities of the package lines; items are looked up later."""
    given = a_list(lines, ("发放内容", "Lines"), max_items=MAX_LINES)
    if not given:
        raise InvalidInput(
            "发放内容至少要有一种物品", "The package needs at least one item", field="Lines"
        )
    checked: list[tuple[str | int, int]] = []
    for row, line in enumerate(given, start=1):
        if isinstance(line, str | bytes) or not isinstance(line, Sequence) or len(line) != 2:
            raise InvalidInput(
                f"第 {row} 行：应为“物品, 数量”",
                f"Line {row}: expected (item, quantity)",
                field="Lines",
                row=row,
            )
        key = _check_key(line[0], ("物品", "Item"), row)
        qty = quantity(line[1], (f"第 {row} 行的数量", f"Quantity on line {row}"))
        checked.append((key, qty))
    return checked


def _person_key(name: str, last4: str) -> str:
    """The claimant key of a non-member; width, spaces and letter case do not matter."""
    norm = "".join(unicodedata.normalize("NFKC", name).split()).casefold()
    return f"p:{norm[:60]}|{last4}"


def _is_claim_clash(err: IntegrityError) -> bool:
    msg = str(err.orig)
    return "uq_handout_claim" in msg or "handout.claim_no" in msg


def _is_voucher_clash(err: IntegrityError) -> bool:
    msg = str(err.orig)
    return "uq_handout_voucher" in msg or "handout.voucher_id" in msg


class VoucherUsedMeanwhile(CodeRefused):
    """Another kiosk redeemed the same voucher between our check and our write."""

    def __init__(self, voucher_id: int) -> None:
        super().__init__(
            USED,
            f"发放券 No. {voucher_id} 刚刚已在另一台电脑上使用，这次不能重复发放",
            f"Voucher No. {voucher_id} was redeemed on another kiosk a moment ago; "
            "this redemption is refused",
        )
        self.voucher_id = voucher_id


# --------------------------------------------------------------------------- reading


def _load_campaign(session: Session, campaign_id: int, station_id: int) -> Campaign:
    # One query: a campaign has a handful of lines and categories, so joining both
    # collections at once repeats a few rows instead of making three round trips.
    campaign = (
        session.scalars(
            select(Campaign)
            .options(
                joinedload(Campaign.lines).joinedload(CampaignLine.item),
                joinedload(Campaign.categories),
            )
            .where(Campaign.id == campaign_id, Campaign.station_id == station_id)
        )
        .unique()
        .one_or_none()
    )
    if campaign is None:
        raise NotFound(
            f"找不到发放活动 #{campaign_id}", f"No relief campaign #{campaign_id}", field="Campaign"
        )
    return campaign


def _count(session: Session, campaign_id: int) -> int:
    return int(
        session.scalar(select(func.count(Handout.id)).where(Handout.campaign_id == campaign_id))
        or 0
    )


def _campaign_info(
    c: Campaign,
    lines: Sequence[tuple[CampaignLine, Item]],
    categories: Sequence[Category],
    handed_out: int,
) -> CampaignInfo:
    cats = sorted(categories, key=lambda x: (x.sort_order, x.id))
    return CampaignInfo(
        id=c.id,
        name=c.name,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        per_person_limit=c.per_person_limit,
        min_days_between=c.min_days_between,
        categories=tuple(x.name for x in cats),
        lines=tuple(CampaignLineInfo(it.id, it.name, it.unit, ln.qty) for ln, it in lines),
        active=c.active,
        handed_out=handed_out,
    )


def _loaded_info(c: Campaign, handed_out: int) -> CampaignInfo:
    return _campaign_info(c, [(ln, ln.item) for ln in c.lines], c.categories, handed_out)


def _handout_rows(session: Session, campaign_id: int) -> list[HandoutInfo]:
    attendant = aliased(User)
    rows = session.execute(
        select(
            Handout,
            Campaign.name,
            Member,
            Category.name,
            Station.name,
            attendant.name,
            HandoutSignature.handout_id.is_not(None),
        )
        .outerjoin(HandoutSignature, HandoutSignature.handout_id == Handout.id)
        .join(Campaign, Campaign.id == Handout.campaign_id)
        .join(Station, Station.id == Handout.station_id)
        .outerjoin(Member, Member.id == Handout.member_id)
        .outerjoin(Category, Category.id == Handout.category_id)
        .outerjoin(attendant, attendant.id == Handout.actor_id)
        .where(Handout.campaign_id == campaign_id)
        .order_by(Handout.handed_at, Handout.id)
    ).all()
    return [_handout_info(*row) for row in rows]


def _handout_info(
    h: Handout,
    campaign: str,
    member: Member | None,
    category: str | None,
    station: str,
    attendant: str | None,
    signed: bool = False,
) -> HandoutInfo:
    if member is not None:
        claimant = member.nickname or member.code
        last4 = member.phone[-4:] if member.phone else None
        employer = member.employer
        code: str | None = member.code
    else:
        claimant = h.claimant_name or ""
        last4 = h.phone_last4
        employer = h.employer
        code = None
    return HandoutInfo(
        id=h.id,
        campaign_id=h.campaign_id,
        campaign=campaign,
        claimant=claimant,
        phone_last4=last4,
        employer=employer,
        category=category,
        member_code=code,
        claim_no=h.claim_no,
        handed_at=h.handed_at,
        attendant=attendant,
        station=station,
        signed=bool(signed),
    )


# --------------------------------------------------------------------------- service


@dataclass(frozen=True)
class _Claimant:
    key: str
    who_zh: str
    who_en: str
    field: str
    member: Member | None
    name: str | None
    phone_last4: str | None
    employer: str | None


class ReliefService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _when(self, at: datetime) -> str:
        return self.ctx.local(at).strftime(WHEN_FORMAT)

    # ------------------------------------------------------------------ campaigns

    def create_campaign(
        self,
        actor: Actor,
        name: str,
        starts_on: date,
        ends_on: date,
        lines: Sequence[tuple[str | int, int]],
        categories: Sequence[str | int] = (),
        per_person_limit: int = 1,
        min_days_between: int = 0,
    ) -> CampaignInfo:
        """A new campaign with its package. Empty ``categories``: everyone is eligible."""
        require_supervisor(actor, "创建发放活动", "create relief campaigns")
        name = text(name, CAMPAIGN_NAME, max_len=60)
        start = a_date(starts_on, STARTS_ON)
        end = a_date(ends_on, ENDS_ON)
        date_range(start, end, DATES)
        limit = integer(per_person_limit, LIMIT, minimum=1, maximum=MAX_LIMIT)
        interval = integer(min_days_between, INTERVAL, minimum=0, maximum=MAX_INTERVAL_DAYS)
        raw_lines = _check_lines(lines)
        cat_keys = [
            _check_key(c, ("访客类别", "Category"))
            for c in a_list(categories, ("可领取类别", "Category"))
        ]
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            taken = s.scalar(
                select(Campaign.id).where(Campaign.station_id == station.id, Campaign.name == name)
            )
            if taken is not None:
                raise Conflict(
                    f"已有名为“{name}”的发放活动",
                    f"A relief campaign named {name!r} already exists",
                    field="Campaign name",
                )
            items: list[tuple[Item, int]] = []
            seen: dict[int, int] = {}
            for row, (key, qty) in enumerate(raw_lines, start=1):
                try:
                    item = ledger.find_item(s, key)
                except NotFound:
                    raise NotFound(
                        f"第 {row} 行：没有“{key}”这种物品",
                        f"Line {row}: unknown item {key!r}",
                        field="Item",
                        row=row,
                    ) from None
                if item.lendable:
                    raise InvalidInput(
                        f"第 {row} 行：{item.name}是借用物品，借出要归还，不能作为发放物品",
                        f"Line {row}: {item.name} is lent and returned; it cannot be handed out",
                        field="Item",
                        row=row,
                    )
                if item.id in seen:
                    raise InvalidInput(
                        f"第 {row} 行：物品“{item.name}”与第 {seen[item.id]} 行重复，请合并成一行",
                        f"Line {row}: {item.name} is already on line {seen[item.id]}; "
                        "merge them into one line",
                        field="Item",
                        row=row,
                    )
                seen[item.id] = row
                items.append((item, qty))
            cats: list[Category] = []
            for key in cat_keys:
                cat = find_category(s, key)
                if cat not in cats:
                    cats.append(cat)
            cats.sort(key=lambda c: (c.sort_order, c.id))
            now = self.ctx.now()
            campaign = Campaign(
                station_id=station.id,
                name=name,
                starts_on=start,
                ends_on=end,
                per_person_limit=limit,
                min_days_between=interval,
                active=True,
                created_at=now,
            )
            campaign.lines = [CampaignLine(item_id=it.id, qty=qty) for it, qty in items]
            campaign.categories = cats
            s.add(campaign)
            try:
                s.flush()
            except IntegrityError as exc:  # a campaign of that name added at the same moment
                if "name" not in str(exc.orig):
                    raise
                raise Conflict(
                    f"已有名为“{name}”的发放活动",
                    f"A relief campaign named {name!r} already exists",
                    field="Campaign name",
                ) from None
            audit.record(
                s,
                actor,
                "campaign.create",
                "campaign",
                campaign.id,
                now,
                {
                    "name": name,
                    "starts_on": start.isoformat(),
                    "ends_on": end.isoformat(),
                    "per_person_limit": limit,
                    "min_days_between": interval,
                    "categories": [c.name for c in cats],
                    "lines": [[it.name, qty] for it, qty in items],
                },
            )
            info = _campaign_info(
                campaign, list(zip(campaign.lines, [it for it, _ in items], strict=True)), cats, 0
            )
            uow.commit()
            return info

    def campaigns(self, include_inactive: bool = False) -> list[CampaignInfo]:
        """The station's campaigns, newest start first."""
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            q = (
                select(Campaign)
                .options(
                    selectinload(Campaign.lines).joinedload(CampaignLine.item),
                    selectinload(Campaign.categories),
                )
                .where(Campaign.station_id == station.id)
                .order_by(Campaign.starts_on.desc(), Campaign.id.desc())
            )
            if not include_inactive:
                q = q.where(Campaign.active.is_(True))
            found = list(s.scalars(q))
            counts: dict[int, int] = {
                cid: int(n)
                for cid, n in s.execute(
                    select(Handout.campaign_id, func.count(Handout.id))
                    .where(Handout.campaign_id.in_([c.id for c in found]))
                    .group_by(Handout.campaign_id)
                ).all()
            }
            return [_loaded_info(c, counts.get(c.id, 0)) for c in found]

    def campaign(self, campaign_id: int) -> CampaignInfo:
        cid = _check_id(campaign_id)
        with self.ctx.read() as uow:
            s = uow.session
            c = _load_campaign(s, cid, current_station(s).id)
            return _loaded_info(c, _count(s, c.id))

    def close_campaign(self, actor: Actor, campaign_id: int) -> CampaignInfo:
        """Stop handing out. The roster and the stock moves stay."""
        require_supervisor(actor, "结束发放活动", "close relief campaigns")
        cid = _check_id(campaign_id)
        with self.ctx.uow() as uow:
            s = uow.session
            c = _load_campaign(s, cid, current_station(s).id)
            if not c.active:
                raise Conflict(
                    f"发放活动“{c.name}”已经结束了",
                    f"Relief campaign {c.name!r} is already closed",
                    field="Campaign",
                )
            c.active = False
            n = _count(s, c.id)
            audit.record(
                s,
                actor,
                "campaign.close",
                "campaign",
                c.id,
                self.ctx.now(),
                {"name": c.name, "handed_out": n},
            )
            info = _loaded_info(c, n)
            uow.commit()
            return info

    # ------------------------------------------------------------------ handouts

    def hand_out(
        self,
        actor: Actor,
        campaign_id: int,
        *,
        member_code: str | None = None,
        name: str | None = None,
        phone_last4: str | None = None,
        employer: str | None = None,
        category: str | int | None = None,
        signature_png: bytes | None = None,
    ) -> HandoutInfo:
        """Hand one package to one person, within the campaign's dates and limits.

        The claimant is a member card, or a name with the phone's last four digits
        (and optionally an employer). A member's category is the registered one.
        ``signature_png``: the recipient's signature from the pen pad, kept with it.
        """
        signature = check_signature(signature_png)
        cid = _check_id(campaign_id)
        code = optional_text(member_code, ("会员卡号", "Member code"), max_len=64) or ""
        person: tuple[str, str, str | None] | None = None
        if code:
            if any(v is not None and str(v).strip() for v in (name, phone_last4, employer)):
                raise InvalidInput(
                    "会员凭卡领取，不用再填姓名、手机尾号和单位",
                    "A member claims with their card: leave name, phone and employer empty",
                    field="Member code",
                )
        else:
            person = (
                text(name, CLAIMANT_NAME, max_len=30),
                _phone_last4(phone_last4),
                optional_text(employer, EMPLOYER, max_len=60),
            )
        cat_key: str | int | None = None
        if category is not None and not (isinstance(category, str) and not category.strip()):
            cat_key = _check_key(category, ("访客类别", "Category"))
        with self.ctx.uow() as uow:
            info = self._record_handout(
                uow.session, actor, cid, code, person, cat_key, signature=signature
            )
            uow.commit()
            return info

    def _record_handout(
        self,
        s: Session,
        actor: Actor,
        cid: int,
        code: str,
        person: tuple[str, str, str | None] | None,
        cat_key: str | int | None,
        voucher_id: int | None = None,
        signature: bytes | None = None,
    ) -> HandoutInfo:
        """The handout inside the caller's transaction (``hand_out``, a voucher's
        redemption): every rule checked, the row and its stock moves written, not
        committed. ``code`` a member card, or ``person`` (name, phone tail, employer)."""
        station = current_station(s)
        campaign = _load_campaign(s, cid, station.id)
        today = self.ctx.today()
        self._check_open(campaign, today)
        claimant = self._claimant(s, code, person)
        cat = self._category(s, claimant, cat_key)
        self._check_eligible(campaign, cat)
        earlier = self._earlier_claims(s, campaign.id, claimant.key)
        self._check_limit(campaign, claimant, earlier, today)
        now = self.ctx.now()
        handout = Handout(
            campaign_id=campaign.id,
            station_id=station.id,
            member_id=claimant.member.id if claimant.member else None,
            category_id=cat.id if cat else None,
            claimant_name=claimant.name,
            phone_last4=claimant.phone_last4,
            employer=claimant.employer,
            claimant_key=claimant.key,
            claim_no=len(earlier) + 1,
            handed_at=now,
            actor_id=actor.user_id,
            voucher_id=voucher_id,
        )
        s.add(handout)
        campaign_name = campaign.name
        try:
            s.flush()
        except IntegrityError as exc:
            if voucher_id is not None and _is_voucher_clash(exc):
                s.rollback()
                raise VoucherUsedMeanwhile(voucher_id) from None
            if not _is_claim_clash(exc):
                raise
            # Another kiosk recorded this person's claim between our check and our
            # insert: start over in a fresh transaction to say when and where.
            s.rollback()
            raise self._raced(s, cid, campaign_name, claimant) from None
        moves: list[StockMove] = []
        for line in campaign.lines:
            moves += ledger.take_stock(
                s,
                station_id=station.id,
                item=line.item,
                qty=line.qty,
                reason="handout",
                at=now,
                today=today,
                actor=actor,
                note=campaign.name,
                handout_id=handout.id,
            )
        detail: dict[str, object] = {
            "campaign": campaign.name,
            "campaign_id": campaign.id,
            "claim_no": handout.claim_no,
            "claimant": "member" if claimant.member else "person",
            "category": cat.name if cat else None,
            "lines": [[line.item.name, line.qty] for line in campaign.lines],
            "moves": [m.id for m in moves],
        }
        if claimant.member is not None:
            detail["member"] = claimant.member.code
        if voucher_id is not None:
            detail["voucher"] = voucher_id
        if signature is not None:
            s.add(HandoutSignature(handout_id=handout.id, png=signature, signed_at=now))
            detail["signed"] = True
        audit.record(s, actor, "relief.handout", "handout", handout.id, now, detail)
        return _handout_info(
            handout,
            campaign.name,
            claimant.member,
            cat.name if cat else None,
            station.name,
            actor.name if actor.user_id is not None else None,
            signature is not None,
        )

    def handouts(self, campaign_id: int) -> list[HandoutInfo]:
        """The sign-off roster (发放签收表) of a campaign, in time order."""
        cid = _check_id(campaign_id)
        with self.ctx.read() as uow:
            s = uow.session
            _load_campaign(s, cid, current_station(s).id)
            return _handout_rows(s, cid)

    def signature(self, handout_id: int) -> bytes | None:
        """The recipient's signature (PNG) kept with a handout, if they signed."""
        hid = _check_id(handout_id)
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            row = s.execute(
                select(HandoutSignature.png)
                .join(Handout, Handout.id == HandoutSignature.handout_id)
                .where(Handout.id == hid, Handout.station_id == station.id)
            ).first()
            return bytes(row[0]) if row is not None else None

    def handout_count(self, campaign_id: int) -> int:
        cid = _check_id(campaign_id)
        with self.ctx.read() as uow:
            s = uow.session
            _load_campaign(s, cid, current_station(s).id)
            return _count(s, cid)

    # ------------------------------------------------------------------ rules

    @staticmethod
    def _check_open(campaign: Campaign, today: date) -> None:
        if not campaign.active:
            raise Conflict(
                f"发放活动“{campaign.name}”已经结束，不能再发放",
                f"Relief campaign {campaign.name!r} is closed",
                field="Campaign",
            )
        if today < campaign.starts_on:
            raise Conflict(
                f"发放活动“{campaign.name}”{campaign.starts_on} 才开始",
                f"Relief campaign {campaign.name!r} starts on {campaign.starts_on}",
                field="Campaign",
            )
        if today > campaign.ends_on:
            raise Conflict(
                f"发放活动“{campaign.name}”已于 {campaign.ends_on} 结束",
                f"Relief campaign {campaign.name!r} ended on {campaign.ends_on}",
                field="Campaign",
            )

    @staticmethod
    def _claimant(
        session: Session, code: str, person: tuple[str, str, str | None] | None
    ) -> _Claimant:
        if person is None:
            member = member_by_code(session, code)
            who = member.nickname or member.code
            return _Claimant(
                key=f"m:{member.id}",
                who_zh=who,
                who_en=who,
                field="Member code",
                member=member,
                name=None,
                phone_last4=None,
                employer=None,
            )
        name, last4, employer = person
        return _Claimant(
            key=_person_key(name, last4),
            who_zh=f"{name}（手机尾号 {last4}）",
            who_en=f"{name} (phone ending {last4})",
            field="Claimant name",
            member=None,
            name=name,
            phone_last4=last4,
            employer=employer,
        )

    @staticmethod
    def _category(session: Session, claimant: _Claimant, key: str | int | None) -> Category | None:
        member = claimant.member
        if member is None:
            return find_category(session, key) if key is not None else None
        if key is not None:
            given = find_category(session, key)
            if given.id != member.category_id:
                raise InvalidInput(
                    f"会员登记的类别是“{member.category.name}”，不是“{given.name}”",
                    f"The member is registered as {member.category.name}, not {given.name}",
                    field="Category",
                )
        return member.category

    @staticmethod
    def _check_eligible(campaign: Campaign, cat: Category | None) -> None:
        if not campaign.categories:
            return
        cats = sorted(campaign.categories, key=lambda x: (x.sort_order, x.id))
        names_zh = "、".join(c.name for c in cats)
        names_en = ", ".join(c.name_en or c.name for c in cats)
        if cat is None:
            raise InvalidInput(
                f"本次活动只发给{names_zh}，请选择领取人的类别",
                f"This campaign is only for {names_en}: choose the claimant's category",
                field="Category",
            )
        if all(c.id != cat.id for c in cats):
            raise Conflict(
                f"{cat.name}不在本次活动的发放范围内（只发给{names_zh}）",
                f"{cat.name_en or cat.name} is not eligible (this campaign is for {names_en})",
                field="Category",
            )

    @staticmethod
    def _earlier_claims(
        session: Session, campaign_id: int, key: str
    ) -> list[tuple[int, datetime, str]]:
        rows = session.execute(
            select(Handout.claim_no, Handout.handed_at, Station.name)
            .join(Station, Station.id == Handout.station_id)
            .where(Handout.campaign_id == campaign_id, Handout.claimant_key == key)
            .order_by(Handout.claim_no)
        ).all()
        return [(r[0], r[1], r[2]) for r in rows]

    def _check_limit(
        self,
        campaign: Campaign,
        claimant: _Claimant,
        earlier: Sequence[tuple[int, datetime, str]],
        today: date,
    ) -> None:
        if not earlier:
            return
        _, last_at, last_station = earlier[-1]
        when = self._when(last_at)
        limit = campaign.per_person_limit
        if len(earlier) >= limit:
            if limit == 1:
                zh = f"{claimant.who_zh}已于 {when} 在{last_station}领过，本活动每人限领 1 次"
                en = (
                    f"{claimant.who_en} already claimed on {when} at {last_station}; "
                    "this campaign allows one claim per person"
                )
            else:
                zh = (
                    f"{claimant.who_zh}已领过 {len(earlier)} 次（每人限领 {limit} 次），"
                    f"最近一次是 {when} 在{last_station}"
                )
                en = (
                    f"{claimant.who_en} has claimed {len(earlier)} times (limit {limit}); "
                    f"the last was on {when} at {last_station}"
                )
            raise LimitReached(zh, en, field=claimant.field)
        interval = campaign.min_days_between
        next_day = self.ctx.local(last_at).date() + timedelta(days=interval)
        if today < next_day:
            raise LimitReached(
                f"{claimant.who_zh}上次是 {when} 在{last_station}领的，"
                f"两次领取至少间隔 {interval} 天，{next_day} 起可以再领",
                f"{claimant.who_en} last claimed on {when} at {last_station}; claims must be "
                f"{interval} days apart: the next one is possible from {next_day}",
                field=claimant.field,
            )

    def _raced(
        self, session: Session, campaign_id: int, campaign_name: str, claimant: _Claimant
    ) -> LimitReached:
        earlier = self._earlier_claims(session, campaign_id, claimant.key)
        if earlier:
            _, last_at, last_station = earlier[-1]
            when = self._when(last_at)
            return LimitReached(
                f"{claimant.who_zh}刚刚已于 {when} 在{last_station}领过“{campaign_name}”，"
                "这次不能重复发放",
                f"{claimant.who_en} has just claimed from {campaign_name!r} on {when} at "
                f"{last_station}; this claim is refused",
                field=claimant.field,
            )
        return LimitReached(
            f"刚刚已有另一台电脑为{claimant.who_zh}登记了这次领取，这次不能重复发放",
            f"Another kiosk has just recorded this claim for {claimant.who_en}; "
            "this one is refused",
            field=claimant.field,
        )


def _phone_last4(value: object) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(
            "请填写领取人手机尾号（4 位数字）",
            "Enter the claimant's phone last 4 digits",
            field="Phone last 4",
        )
    return phone_last4(value, PHONE_LAST4)


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 256 * 1024


def check_signature(png: object) -> bytes | None:
    """A signature from the pen pad: a PNG image of at most 256 KiB, or none."""
    if png is None:
        return None
    if not isinstance(png, bytes | bytearray | memoryview):
        raise InvalidInput("签名必须是图片", "The signature must be an image", field="Signature")
    data = bytes(png)
    if not data.startswith(PNG_MAGIC):
        raise InvalidInput(
            "签名不是 PNG 图片", "The signature is not a PNG image", field="Signature"
        )
    if len(data) > MAX_SIGNATURE_BYTES:
        raise InvalidInput(
            f"签名图片太大（{len(data) // 1024} KB，最多 256 KB）",
            f"The signature image is too large ({len(data) // 1024} KB, at most 256 KB)",
            field="Signature",
        )
    return data
