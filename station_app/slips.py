"""Printouts: visit slips, member cards, relief vouchers and the station poster, as PDFs.

Each method reads what the printout shows in one read-only transaction, signs its
code (:mod:`station_app.codes`), and lays it out with :mod:`station_app.slip_layout`
after the transaction has ended (a printout never holds the database). The window
hands the PDF to Qt's print system; the command line writes it to a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from db.models import Member, ServiceType, Station
from station_app import codes
from station_app.context import AppContext
from station_app.errors import Conflict, InvalidInput, NotFound
from station_app.members import member_by_code, normalize_code
from station_app.paper import SIZES
from station_app.stations import current_station
from station_app.validate import an_id, mask_name, name_or_id
from station_app.visits import VISIT, VisitService
from station_app.vouchers import VoucherService

MEMBER = ("会员", "Member")
if TYPE_CHECKING:
    from station_app.slip_layout import Slip

KIND_LABELS = {"rest": "爱心驿家", "nursing": "妈咪暖心小屋", "both": "爱心驿家 · 妈咪暖心小屋"}


@dataclass(frozen=True)
class Printout:
    """A PDF ready to print or save. ``code``: the text of its QR code, if signed."""

    title: str
    pdf: bytes
    code: str | None


def check_size(size: object) -> str:
    if not isinstance(size, str) or size.strip().lower() not in SIZES:
        raise InvalidInput(
            f"纸张只能是 {' / '.join(SIZES)}",
            f"Paper size must be one of {', '.join(SIZES)}",
            field="Size",
        )
    return size.strip().lower()


def care_line(day: date) -> str:
    """A short line of care for the season, printed on a visit slip."""
    if day.month in (6, 7, 8, 9):
        return "天热多喝水，注意防暑降温"
    if day.month in (12, 1, 2):
        return "天冷注意保暖，路上注意安全"
    return "辛苦了，歇一歇再出发"


def _wifi_escape(value: str) -> str:
    """Backslash before the characters the Wi-Fi QR format reserves."""
    return "".join("\\" + ch if ch in '\\;,:"' else ch for ch in value)


def wifi_text(ssid: str, password: str) -> str:
    """The text phones read from a QR to join a Wi-Fi network."""
    if not password:
        return f"WIFI:T:nopass;S:{_wifi_escape(ssid)};;"
    return f"WIFI:T:WPA;S:{_wifi_escape(ssid)};P:{_wifi_escape(password)};;"


def station_text(station: Station, services: tuple[str, ...]) -> str:
    """The poster's station QR: plain text a phone shows as it is."""
    lines = [f"{station.name}（{KIND_LABELS.get(station.kind, '')}）"]
    if station.address:
        lines.append(f"地址：{station.address}")
    if station.hours:
        lines.append(f"开放时间：{station.hours}")
    if station.hotline:
        lines.append(f"服务热线：{station.hotline}")
    if services:
        lines.append("服务：" + "、".join(services))
    return "\n".join(lines)


def _services(s: Session) -> tuple[str, ...]:
    rows = s.scalars(
        select(ServiceType.name)
        .where(ServiceType.active.is_(True))
        .order_by(ServiceType.sort_order, ServiceType.id)
    )
    return tuple(rows)


class SlipService:
    def __init__(self, ctx: AppContext, visits: VisitService, vouchers: VoucherService) -> None:
        self.ctx = ctx
        self.visits = visits
        self.vouchers = vouchers

    def _print(self, title: str, slip: Slip, size: str, code: str | None) -> Printout:
        from station_app.slip_layout import render_pdf  # reportlab: only when printing

        return Printout(title, render_pdf(slip, size), code)

    def visit_slip(self, visit_id: int, size: str = "58mm") -> Printout:
        """The slip of a visitor inside now; scanned on the way out."""
        from station_app import slip_layout as layout  # reportlab: only when printing

        vid = an_id(visit_id, VISIT)
        paper = check_size(size)
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            visit = self.visits._visit(s, vid)
            if visit.voided_at is not None or visit.checked_out_at is not None:
                raise Conflict(
                    f"来访记录 #{vid} 已{'撤销' if visit.voided_at else '签退'}，不用再打签到单",
                    f"Visit #{vid} is {'voided' if visit.voided_at else 'checked out'}: "
                    "no slip is needed",
                    field="Visit",
                )
            code = codes.make(station.secret, codes.VISIT, vid)
            slip = layout.VisitSlip(
                station_name=station.name,
                visit_no=vid,
                checked_in_at=self.ctx.local(visit.checked_in_at),
                category=visit.category.name,
                services_on_offer=_services(s),
                hotline=station.hotline or None,
                care_line=care_line(self.ctx.today()),
                code=code,
            )
        return self._print(f"访客签到单 No. {vid:06d}", slip, paper, code)

    def member_card(self, member: int | str, size: str = "58mm") -> Printout:
        """A member's card, by member id or card code; a stopped card is not printed."""
        from station_app import slip_layout as layout  # reportlab: only when printing

        paper = check_size(size)
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            key = name_or_id(member, MEMBER)
            if isinstance(key, str) and not (key.strip().isdigit() and len(key.strip()) <= 18):
                m = member_by_code(s, normalize_code(key))
            else:
                mid = an_id(int(key), MEMBER)
                found = s.scalar(
                    select(Member).options(joinedload(Member.category)).where(Member.id == mid)
                )
                if found is None:
                    raise NotFound(f"找不到会员 #{mid}", f"No member #{mid}", field="Member")
                m = found
            if not m.active:
                raise Conflict(
                    f"会员卡已停用（{m.code}），不能打印",
                    f"This member card is deactivated ({m.code}) and is not printed",
                    field="Member",
                )
            code = codes.make(station.secret, codes.MEMBER, m.id)
            title = f"会员卡 {m.code}"
            card = layout.MemberCard(
                station_name=station.name,
                holder=mask_name(m.nickname) if m.nickname else "",
                category=m.category.name,
                card_no=m.code,
                hotline=station.hotline or None,
                code=code,
            )
        return self._print(title, card, paper, code)

    def voucher(self, voucher_id: int, size: str = "58mm") -> Printout:
        """A relief voucher that can still be used."""
        from station_app import slip_layout as layout  # reportlab: only when printing

        vid = an_id(voucher_id, ("发放券", "Voucher"))
        paper = check_size(size)
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            self.vouchers._voucher(s, station, vid)  # NotFound names the voucher
            info = self.vouchers._info_of(s, self.vouchers._check_usable(s, vid))
            station_name = station.name
        slip = layout.ReliefVoucher(
            station_name=station_name,
            campaign=info.campaign,
            claimant=info.claimant,
            package=tuple(f"{p.item} × {p.qty}{p.unit}" for p in info.package),
            valid_until=info.valid_until,
            voucher_no=info.id,
            code=info.code,
        )
        return self._print(f"发放券 No. {info.id:06d}", slip, paper, info.code)

    def poster(self, size: str = "a4") -> Printout:
        """The station's poster: details, services, a QR of them, and its Wi-Fi if set."""
        from station_app import slip_layout as layout  # reportlab: only when printing

        paper = check_size(size)
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            services = _services(s)
            wifi = (
                wifi_text(station.wifi_ssid, station.wifi_password) if station.wifi_ssid else None
            )
            poster = layout.StationPoster(
                station_name=station.name,
                kind_label=KIND_LABELS.get(station.kind, ""),
                address=station.address or None,
                hours=station.hours or None,
                hotline=station.hotline or None,
                services=services,
                station_qr=station_text(station, services),
                wifi_qr=wifi,
                wifi_name=station.wifi_ssid or None,
            )
        return self._print(f"{poster.station_name} 海报", poster, paper, None)
