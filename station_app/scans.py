"""What the kiosk does with a scanned code, and the codes it prints.

A scan is one text typed by the kiosk's scanner. A signed code
(:mod:`station_app.codes`) is dispatched by its kind: a member card checks the
member in, or out if inside; a visit slip checks that visit out; a relief voucher
is checked and handed back for the kiosk to open its handout (the redemption is
:meth:`station_app.vouchers.VoucherService.redeem`, once the package is in the
person's hands). A member card code from before signed codes (``M`` and nine
characters, random) keeps working. Each scan is one transaction: refused with a
:class:`~station_app.codes.CodeRefused` that says why, or done whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Member, Visit
from station_app import codes
from station_app.context import Actor, AppContext
from station_app.errors import NotFound
from station_app.members import normalize_code
from station_app.stations import current_station
from station_app.validate import an_id, mask_name, names_or_ids
from station_app.visits import SERVICES, VISIT, VisitInfo, VisitService, _service_keys
from station_app.vouchers import VoucherInfo, VoucherService

CHECK_IN = "check_in"
CHECK_OUT = "check_out"
OPEN_VOUCHER = "voucher"


@dataclass(frozen=True)
class ScanOutcome:
    """What a scan did, for the kiosk's big result display and the command line.

    ``who`` is masked (张*, or 访客 No. 123 for a visitor without a card)."""

    kind: str  # "member", "visit" or "voucher"
    action: str  # CHECK_IN, CHECK_OUT or OPEN_VOUCHER
    who: str
    category: str
    visit: VisitInfo | None
    voucher: VoucherInfo | None

    @property
    def stay_minutes(self) -> int | None:
        return self.visit.duration_minutes if self.visit is not None else None

    def headline(self) -> tuple[str, str]:
        """The big line: (Chinese, English)."""
        if self.action == CHECK_IN:
            return "签到成功，欢迎！", "Checked in: welcome!"
        if self.action == CHECK_OUT:
            minutes = self.stay_minutes or 0
            return (
                f"签退成功，本次停留 {minutes} 分钟，慢走！",
                f"Checked out after {minutes} min: take care!",
            )
        assert self.voucher is not None
        return (
            f"发放券：{self.voucher.campaign}，请核对后发放",
            f"Voucher for {self.voucher.campaign}: check and hand out",
        )


def _who(visit: VisitInfo) -> str:
    if visit.member_nickname:
        return mask_name(visit.member_nickname)
    if visit.member_code:
        return visit.member_code
    return f"访客 No. {visit.id}"


def _visit_outcome(kind: str, action: str, visit: VisitInfo) -> ScanOutcome:
    return ScanOutcome(kind, action, _who(visit), visit.category, visit, None)


class ScanService:
    def __init__(self, ctx: AppContext, visits: VisitService, vouchers: VoucherService) -> None:
        self.ctx = ctx
        self.visits = visits
        self.vouchers = vouchers

    # ------------------------------------------------------------------ codes to print

    def code_for_visit(self, visit_id: int) -> str:
        """The signed text of a visit slip's QR code."""
        vid = an_id(visit_id, VISIT)
        with self.ctx.read() as uow:
            s = uow.session
            visit = self.visits._visit(s, vid)
            return codes.make(current_station(s).secret, codes.VISIT, visit.id)

    def code_for_member(self, member_id: int) -> str:
        """The signed text of a member card's QR code."""
        mid = an_id(member_id, ("会员", "Member"))
        with self.ctx.read() as uow:
            s = uow.session
            if s.get(Member, mid) is None:
                raise NotFound(f"找不到会员 #{mid}", f"No member #{mid}", field="Member")
            return codes.make(current_station(s).secret, codes.MEMBER, mid)

    # ------------------------------------------------------------------ scanning

    def verify(self, text: object) -> codes.Code:
        """What a code refers to, if it could be used now; :class:`CodeRefused` if not.
        Reads only: nothing is written."""
        with self.ctx.read() as uow:
            s = uow.session
            code = self._read(s, text)
            if code.kind == codes.VISIT:
                self._open_visit(s, code.number)
            elif code.kind == codes.MEMBER:
                self._member(s, code.number, inside_ok=True)
            else:
                self.vouchers._check_usable(s, code.number)
            return code

    def scan(self, actor: Actor, text: object, services: Sequence[str | int] = ()) -> ScanOutcome:
        """Do what the kiosk does with this scan, in one transaction. ``services``: the
        ones ticked at the kiosk, recorded with a member's check-in."""
        raw = codes.check_text(text)
        keys = _service_keys(names_or_ids(services, SERVICES))
        if not codes.looks_signed(raw):
            return self._legacy_card(actor, raw, keys)
        with self.ctx.uow() as uow:
            s = uow.session
            code = self._read(s, raw)
            if code.kind == codes.VISIT:
                visit = self._open_visit(s, code.number)
                outcome = _visit_outcome("visit", CHECK_OUT, self.visits._close(s, actor, visit))
            elif code.kind == codes.MEMBER:
                member = self._member(s, code.number, inside_ok=True)
                outcome = self._member_scan(s, actor, member, keys)
            else:
                voucher = self.vouchers._check_usable(s, code.number)
                info = self.vouchers._info_of(s, voucher)
                return ScanOutcome(
                    "voucher", OPEN_VOUCHER, info.claimant, info.category or "", None, info
                )
            uow.commit()
            return outcome

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _read(s: Session, text: object) -> codes.Code:
        return codes.read(current_station(s).secret, text)

    def _open_visit(self, s: Session, visit_id: int) -> Visit:
        try:
            visit = self.visits._visit(s, visit_id)
        except NotFound:
            raise codes.CodeRefused(
                codes.UNKNOWN,
                f"本站没有 No. {visit_id} 这条来访记录（数据库是否从旧备份恢复过？）",
                f"This station has no visit No. {visit_id} (was the database restored from "
                "an older backup?)",
            ) from None
        if visit.voided_at is not None:
            raise codes.CodeRefused(
                codes.REVOKED,
                f"这张签到单对应的签到已于 {self.visits._when(visit.voided_at)} 撤销",
                f"The check-in on this slip was undone at {self.visits._when(visit.voided_at)}",
            )
        if visit.checked_out_at is not None:
            when = self.visits._when(visit.checked_out_at)
            raise codes.CodeRefused(
                codes.USED,
                f"这张签到单已于 {when} 签退使用过，不能再用",
                f"This slip was already used to check out at {when}",
            )
        return visit

    def _member(self, s: Session, member_id: int, *, inside_ok: bool = False) -> Member:
        member = s.get(Member, member_id)
        if member is None:
            raise codes.CodeRefused(
                codes.UNKNOWN,
                "本站没有这张会员卡的记录（数据库是否从旧备份恢复过？）",
                "This station has no record of this member card (was the database restored "
                "from an older backup?)",
            )
        if not member.active and not (inside_ok and self.visits._open_visit_of(s, member.id)):
            raise codes.CodeRefused(
                codes.DEACTIVATED,
                "这张会员卡已停用，请到服务台咨询",
                "This member card is deactivated: please ask at the desk",
            )
        return member

    def _member_scan(
        self, s: Session, actor: Actor, member: Member, keys: list[str | int]
    ) -> ScanOutcome:
        visit_id = self.visits._open_visit_of(s, member.id)
        if visit_id is not None:
            info = self.visits._close(s, actor, self.visits._visit(s, visit_id))
            return _visit_outcome("member", CHECK_OUT, info)
        info = self.visits._insert_visit(s, actor, None, keys, member, "scan")
        return _visit_outcome("member", CHECK_IN, info)

    def _legacy_card(self, actor: Actor, raw: str, keys: list[str | int]) -> ScanOutcome:
        """An unsigned member card code (the random kind), as the kiosk always took it."""
        key = normalize_code(raw)
        with self.ctx.uow() as uow:
            s = uow.session
            member = s.scalar(select(Member).where(Member.code == key))
            if member is None:
                raise codes.CodeRefused(
                    codes.MALFORMED,
                    f"无法识别的码“{raw[:40]}”：不是本站的签到单、会员卡或发放券",
                    f"Not a code this station knows ({raw[:40]!r}): not a slip, member card "
                    "or voucher of this station",
                )
            member = self._member(s, member.id, inside_ok=True)
            outcome = self._member_scan(s, actor, member, keys)
            uow.commit()
            return outcome
