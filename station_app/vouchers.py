"""Relief vouchers (发放券): printed for one person and one campaign, redeemed once.

A supervisor or attendant issues a voucher to a member or to a named person
(name, phone's last four digits, employer) for a campaign that has not ended;
its QR code carries the voucher's number, signed with the station's secret
(:mod:`station_app.codes`). Scanning it at the kiosk opens the handout for that
campaign and person, and the redemption is an ordinary handout (same dates,
eligibility and limits, same stock moves) that names the voucher. The handout's
unique index on the voucher makes the database refuse a second redemption, also
when two kiosks scan the same voucher at the same moment. A lost voucher can be
revoked by a supervisor; a revoked, used or expired one is refused with when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from db.models import Campaign, Category, Handout, Member, Station, Voucher
from station_app import audit, codes
from station_app.auth import require_supervisor
from station_app.context import Actor, AppContext
from station_app.errors import Conflict, InvalidInput, NotFound
from station_app.relief import (
    CLAIMANT_NAME,
    EMPLOYER,
    WHEN_FORMAT,
    CampaignLineInfo,
    HandoutInfo,
    ReliefService,
    _check_id,
    _check_key,
    _load_campaign,
    _person_key,
    _phone_last4,
    check_signature,
)
from station_app.stations import current_station
from station_app.validate import mask_name, optional_text, text

VOUCHER = ("发放券", "Voucher")


@dataclass(frozen=True)
class VoucherInfo:
    """A voucher as printed and as the kiosk shows it when scanned.

    ``claimant`` is masked (张* 尾号 8765, or the member's masked nickname).
    ``code`` is the signed text of its QR code."""

    id: int
    campaign_id: int
    campaign: str
    valid_until: date
    package: tuple[CampaignLineInfo, ...]
    claimant: str
    member_code: str | None
    category: str | None
    issued_at: datetime
    revoked_at: datetime | None
    redeemed_at: datetime | None
    handout_id: int | None
    code: str

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and self.handout_id is None


def _claimant_label(v: Voucher, member: Member | None) -> str:
    if member is not None:
        return mask_name(member.nickname) if member.nickname else member.code
    return f"{mask_name(v.claimant_name)}（尾号 {v.phone_last4}）"


class VoucherService:
    def __init__(self, ctx: AppContext, relief: ReliefService) -> None:
        self.ctx = ctx
        self.relief = relief

    def _when(self, at: datetime) -> str:
        return self.ctx.local(at).strftime(WHEN_FORMAT)

    # ------------------------------------------------------------------ writing

    def issue(
        self,
        actor: Actor,
        campaign_id: int,
        *,
        member_code: str | None = None,
        name: str | None = None,
        phone_last4: str | None = None,
        employer: str | None = None,
        category: str | int | None = None,
    ) -> VoucherInfo:
        """A voucher for one member or one named person, for a campaign not yet ended.

        Refused when the person could not claim from the campaign today or later:
        not eligible, or over its per-person limit already; also when they already
        hold a voucher for it that is neither used nor revoked."""
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
        relief = self.relief
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            campaign = _load_campaign(s, cid, station.id)
            today = self.ctx.today()
            if not campaign.active or today > campaign.ends_on:
                relief._check_open(campaign, today)  # says closed or ended, and when
            claimant = relief._claimant(s, code, person)
            cat = relief._category(s, claimant, cat_key)
            relief._check_eligible(campaign, cat)
            earlier = relief._earlier_claims(s, campaign.id, claimant.key)
            if len(earlier) >= campaign.per_person_limit:
                relief._check_limit(campaign, claimant, earlier, today)
            self._refuse_second_voucher(s, campaign, claimant.member, claimant.key)
            now = self.ctx.now()
            voucher = Voucher(
                station_id=station.id,
                campaign_id=campaign.id,
                member_id=claimant.member.id if claimant.member else None,
                category_id=cat.id if cat else None,
                claimant_name=claimant.name,
                phone_last4=claimant.phone_last4,
                employer=claimant.employer,
                issued_at=now,
                issued_by=actor.user_id,
            )
            s.add(voucher)
            s.flush()
            detail: dict[str, object] = {"campaign_id": campaign.id, "campaign": campaign.name}
            if claimant.member is not None:
                detail["member"] = claimant.member.code
            audit.record(s, actor, "relief.voucher_issue", "voucher", voucher.id, now, detail)
            info = self._info(s, station, voucher)
            uow.commit()
            return info

    def _refuse_second_voucher(
        self, s: Session, campaign: Campaign, member: Member | None, key: str
    ) -> None:
        q = (
            select(Voucher)
            .outerjoin(Handout, Handout.voucher_id == Voucher.id)
            .where(
                Voucher.campaign_id == campaign.id,
                Voucher.revoked_at.is_(None),
                Handout.id.is_(None),
            )
        )
        if member is not None:
            q = q.where(Voucher.member_id == member.id)
        else:
            q = q.where(Voucher.member_id.is_(None))
        for v in s.scalars(q):
            if member is not None or _person_key_of(v) == key:
                raise Conflict(
                    f"此人已有一张未使用的“{campaign.name}”发放券（No. {v.id}，"
                    f"{self._when(v.issued_at)} 开出）：请用那张，或请负责人先作废它",
                    f"This person already holds an unused voucher for {campaign.name!r} "
                    f"(No. {v.id}, issued {self._when(v.issued_at)}): use it, or have a "
                    "supervisor revoke it first",
                    field="Voucher",
                )

    def revoke(self, actor: Actor, voucher_id: int) -> VoucherInfo:
        """Stop a lost or wrongly issued voucher (supervisor). A used one cannot be."""
        require_supervisor(actor, "作废发放券", "revoke a voucher")
        vid = _check_id(voucher_id)
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            voucher = self._voucher(s, station, vid)
            self._refuse_unusable(s, voucher, revoking=True)
            now = self.ctx.now()
            voucher.revoked_at = now
            voucher.revoked_by = actor.user_id
            audit.record(s, actor, "relief.voucher_revoke", "voucher", vid, now, {})
            info = self._info(s, station, voucher)
            uow.commit()
            return info

    def redeem(
        self, actor: Actor, voucher_id: int, signature_png: bytes | None = None
    ) -> HandoutInfo:
        """Hand out the voucher's package to its person: one handout, once (with their
        signature from the pen pad, if given)."""
        vid = _check_id(voucher_id)
        signature = check_signature(signature_png)
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            voucher = self._voucher(s, station, vid)
            self._refuse_unusable(s, voucher)
            campaign = s.get(Campaign, voucher.campaign_id)
            assert campaign is not None
            if self.ctx.today() > campaign.ends_on:
                raise codes.CodeRefused(
                    codes.EXPIRED,
                    f"发放券 No. {vid} 已过期：活动“{campaign.name}”已于 {campaign.ends_on} 结束",
                    f"Voucher No. {vid} has expired: {campaign.name!r} ended on {campaign.ends_on}",
                )
            if voucher.member_id is not None:
                member = s.get(Member, voucher.member_id)
                assert member is not None
                code, person = member.code, None
            else:
                assert voucher.claimant_name is not None and voucher.phone_last4 is not None
                code = ""
                person = (voucher.claimant_name, voucher.phone_last4, voucher.employer)
            # A member claims under their registered category, as at the kiosk.
            cat_key = None if voucher.member_id is not None else voucher.category_id
            info = self.relief._record_handout(
                s, actor, campaign.id, code, person, cat_key, voucher_id=vid, signature=signature
            )
            uow.commit()
            return info

    # ------------------------------------------------------------------ reading

    def get(self, voucher_id: int) -> VoucherInfo:
        vid = _check_id(voucher_id)
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            return self._info(s, station, self._voucher(s, station, vid))

    def of_campaign(self, campaign_id: int) -> list[VoucherInfo]:
        """The campaign's vouchers, oldest first."""
        cid = _check_id(campaign_id)
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            _load_campaign(s, cid, station.id)
            rows = s.scalars(
                select(Voucher).where(Voucher.campaign_id == cid).order_by(Voucher.id)
            ).all()
            return [self._info(s, station, v) for v in rows]

    def _check_usable(self, s: Session, voucher_id: int) -> Voucher:
        """The voucher, refused (``CodeRefused``) if unknown, revoked, used or expired:
        for a scan, inside the caller's transaction."""
        station = current_station(s)
        voucher = self._voucher(s, station, voucher_id, scanned=True)
        self._refuse_unusable(s, voucher)
        campaign = s.get(Campaign, voucher.campaign_id)
        assert campaign is not None
        today = self.ctx.today()
        if today > campaign.ends_on:
            raise codes.CodeRefused(
                codes.EXPIRED,
                f"发放券已过期：活动“{campaign.name}”已于 {campaign.ends_on} 结束",
                f"This voucher has expired: {campaign.name!r} ended on {campaign.ends_on}",
            )
        if today < campaign.starts_on:
            raise codes.CodeRefused(
                codes.NOT_YET,
                f"还不能领取：活动“{campaign.name}”{campaign.starts_on} 才开始",
                f"Not yet: {campaign.name!r} starts on {campaign.starts_on}",
            )
        return voucher

    def _info_of(self, s: Session, voucher: Voucher) -> VoucherInfo:
        return self._info(s, current_station(s), voucher)

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _voucher(s: Session, station: Station, vid: int, *, scanned: bool = False) -> Voucher:
        voucher = s.get(Voucher, vid)
        if voucher is None or voucher.station_id != station.id:
            if scanned:
                raise codes.CodeRefused(
                    codes.UNKNOWN,
                    f"本站没有 No. {vid} 这张发放券（数据库是否从旧备份恢复过？）",
                    f"This station has no voucher No. {vid} (was the database restored "
                    "from an older backup?)",
                )
            raise NotFound(f"找不到发放券 No. {vid}", f"No voucher No. {vid}", field="Voucher")
        return voucher

    def _refuse_unusable(self, s: Session, voucher: Voucher, *, revoking: bool = False) -> None:
        if voucher.revoked_at is not None:
            raise codes.CodeRefused(
                codes.REVOKED,
                f"发放券 No. {voucher.id} 已于 {self._when(voucher.revoked_at)} 作废，不能使用",
                f"Voucher No. {voucher.id} was revoked on {self._when(voucher.revoked_at)}",
            )
        used = s.execute(
            select(Handout.handed_at, Station.name)
            .join(Station, Station.id == Handout.station_id)
            .where(Handout.voucher_id == voucher.id)
        ).first()
        if used is not None:
            when = self._when(used[0])
            raise codes.CodeRefused(
                codes.USED,
                f"发放券 No. {voucher.id} 已于 {when} 在{used[1]}使用过"
                + ("，不能再作废" if revoking else "，不能重复领取"),
                f"Voucher No. {voucher.id} was already used on {when} at {used[1]}",
            )

    def _info(self, s: Session, station: Station, v: Voucher) -> VoucherInfo:
        campaign = _load_campaign(s, v.campaign_id, station.id)
        member = (
            s.scalar(
                select(Member).options(joinedload(Member.category)).where(Member.id == v.member_id)
            )
            if v.member_id is not None
            else None
        )
        category = s.get(Category, v.category_id) if v.category_id is not None else None
        used = s.execute(
            select(Handout.id, Handout.handed_at).where(Handout.voucher_id == v.id)
        ).first()
        return VoucherInfo(
            id=v.id,
            campaign_id=campaign.id,
            campaign=campaign.name,
            valid_until=campaign.ends_on,
            package=tuple(
                CampaignLineInfo(ln.item.id, ln.item.name, ln.item.unit, ln.qty)
                for ln in campaign.lines
            ),
            claimant=_claimant_label(v, member),
            member_code=member.code if member is not None else None,
            category=category.name if category is not None else None,
            issued_at=v.issued_at,
            revoked_at=v.revoked_at,
            redeemed_at=used[1] if used is not None else None,
            handout_id=used[0] if used is not None else None,
            code=codes.make(station.secret, codes.VOUCHER, v.id),
        )


def _person_key_of(v: Voucher) -> str:
    return _person_key(v.claimant_name or "", v.phone_last4 or "")
