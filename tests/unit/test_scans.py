"""Scanning at the kiosk: member cards, visit slips and vouchers, and every refusal."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, Handout, StockMove, Visit
from station_app import codes
from station_app.clock import FixedClock
from station_app.codes import CodeRefused
from station_app.context import Actor
from station_app.scans import CHECK_IN, CHECK_OUT, OPEN_VOUCHER
from station_app.services import Services
from station_app.stations import current_station

WATER = "矿泉水"


def rows(services: Services) -> tuple[int, ...]:
    with services.ctx.read() as uow:
        s = uow.session
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Visit, Handout, StockMove, AuditEvent)
        )


def refused(services: Services, actor: Actor, text: object, reason: str) -> CodeRefused:
    before = rows(services)
    with pytest.raises(CodeRefused) as exc:
        services.scans.scan(actor, text)
    assert exc.value.reason == reason
    assert rows(services) == before  # nothing written
    return exc.value


@pytest.fixture
def campaign(services: Services, supervisor: Actor) -> int:
    services.inventory.receive(supervisor, WATER, 50, lot_code="W1", expires_on=date(2027, 6, 30))
    return services.relief.create_campaign(
        supervisor, "2026 夏季送清凉", date(2026, 7, 1), date(2026, 8, 31), [(WATER, 2)]
    ).id


def test_a_member_card_checks_in_then_out(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    m = services.members.register(attendant, "外卖骑手", nickname="王小明")
    card = services.scans.code_for_member(m.id)
    first = services.scans.scan(attendant, card)
    assert (first.kind, first.action, first.who, first.category) == (
        "member",
        CHECK_IN,
        "王**",
        "外卖骑手",
    )
    assert first.visit is not None and first.visit.source == "scan"
    clock.advance(minutes=25)
    second = services.scans.scan(attendant, card)
    assert (second.action, second.stay_minutes) == (CHECK_OUT, 25)
    assert second.visit is not None and second.visit.id == first.visit.id
    assert "25" in second.headline()[0]


def test_an_old_unsigned_card_code_still_works(services: Services, attendant: Actor) -> None:
    m = services.members.register(attendant, "快递员")
    assert not codes.looks_signed(m.code)
    out = services.scans.scan(attendant, m.code.lower())  # typed by hand, any case
    assert (out.kind, out.action, out.who) == ("member", CHECK_IN, m.code)


def test_a_visit_slip_checks_out_once_and_says_when(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    v = services.visits.check_in(attendant, "环卫工人", services=["饮水"])
    slip = services.scans.code_for_visit(v.id)
    assert services.scans.verify(slip) == codes.Code(codes.VISIT, v.id)
    clock.advance(minutes=40)
    out = services.scans.scan(attendant, slip)
    assert (out.kind, out.action, out.stay_minutes, out.who) == (
        "visit",
        CHECK_OUT,
        40,
        f"访客 No. {v.id}",
    )
    err = refused(services, attendant, slip, codes.USED)
    assert "09:40" in err.zh and "09:40" in err.en
    with pytest.raises(CodeRefused):
        services.scans.verify(slip)


def test_an_undone_check_in_slip_is_revoked(services: Services, attendant: Actor) -> None:
    v = services.visits.check_in(attendant, "快递员")
    slip = services.scans.code_for_visit(v.id)
    services.visits.undo_check_in(attendant, v.id, "按错了")
    refused(services, attendant, slip, codes.REVOKED)


def test_a_deactivated_card_cannot_check_in_but_its_holder_can_leave(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    m = services.members.register(attendant, "建筑工人", nickname="李")
    card = services.scans.code_for_member(m.id)
    services.scans.scan(attendant, card)  # inside
    services.members.deactivate(supervisor, m.id)
    assert services.scans.scan(attendant, card).action == CHECK_OUT
    refused(services, attendant, card, codes.DEACTIVATED)


def test_codes_of_another_station_tampered_or_unknown_are_refused(
    services: Services, attendant: Actor
) -> None:
    v = services.visits.check_in(attendant, "快递员")
    slip = services.scans.code_for_visit(v.id)
    refused(services, attendant, codes.make("x" * 64, codes.VISIT, v.id), codes.OTHER_STATION)
    tampered = slip[:20] + ("A" if slip[20] != "A" else "B") + slip[21:]
    refused(services, attendant, tampered, codes.BAD_SIGNATURE)
    with services.ctx.read() as uow:
        secret = current_station(uow.session).secret
    refused(services, attendant, codes.make(secret, codes.VISIT, v.id + 100), codes.UNKNOWN)
    refused(services, attendant, codes.make(secret, codes.MEMBER, 999), codes.UNKNOWN)
    refused(services, attendant, "hello world", codes.MALFORMED)
    refused(services, attendant, "M" + "Z" * 9, codes.MALFORMED)  # no such card
    refused(services, attendant, "A" * 10_000, codes.MALFORMED)
    refused(services, attendant, "SD1V\x1b[2J", codes.MALFORMED)
    assert services.scans.scan(attendant, slip).action == CHECK_OUT  # still listening


def test_a_voucher_scan_opens_its_handout_and_redeems_once(
    services: Services, attendant: Actor, campaign: int, clock: FixedClock
) -> None:
    voucher = services.vouchers.issue(
        attendant, campaign, name="张三", phone_last4="8765", employer="顺丰", category="快递员"
    )
    assert voucher.claimant == "张*（尾号 8765）"
    assert [(p.item, p.qty) for p in voucher.package] == [(WATER, 2)]
    before = rows(services)
    out = services.scans.scan(attendant, voucher.code)
    assert (out.kind, out.action, out.who, out.category) == (
        "voucher",
        OPEN_VOUCHER,
        "张*（尾号 8765）",
        "快递员",
    )
    assert rows(services) == before  # the scan only opens it
    clock.advance(minutes=3)
    handout = services.vouchers.redeem(attendant, voucher.id)
    assert (handout.claimant, handout.phone_last4, handout.category) == ("张三", "8765", "快递员")
    err = refused(services, attendant, voucher.code, codes.USED)
    assert "09:03" in err.zh and "解放路爱心驿家" in err.zh
    with pytest.raises(CodeRefused) as exc:
        services.vouchers.redeem(attendant, voucher.id)
    assert exc.value.reason == codes.USED
    assert services.vouchers.get(voucher.id).handout_id == handout.id


def test_a_voucher_expires_with_its_campaign_and_can_be_revoked(
    services: Services, supervisor: Actor, attendant: Actor, campaign: int, clock: FixedClock
) -> None:
    m = services.members.register(attendant, "外卖骑手", nickname="赵六")
    lost = services.vouchers.issue(attendant, campaign, member_code=m.code)
    with pytest.raises(Exception, match="未使用"):
        services.vouchers.issue(attendant, campaign, member_code=m.code)
    services.vouchers.revoke(supervisor, lost.id)
    refused(services, attendant, lost.code, codes.REVOKED)
    again = services.vouchers.issue(attendant, campaign, member_code=m.code)
    clock.set(clock().replace(year=2026, month=9, day=2))
    refused(services, attendant, again.code, codes.EXPIRED)
    with pytest.raises(CodeRefused) as exc:
        services.vouchers.redeem(attendant, again.id)
    assert exc.value.reason == codes.EXPIRED


def test_a_used_voucher_cannot_be_revoked_and_a_claimant_over_the_limit_gets_none(
    services: Services, supervisor: Actor, attendant: Actor, campaign: int
) -> None:
    v = services.vouchers.issue(attendant, campaign, name="钱七", phone_last4="1111")
    services.vouchers.redeem(attendant, v.id)
    with pytest.raises(CodeRefused) as exc:
        services.vouchers.revoke(supervisor, v.id)
    assert exc.value.reason == codes.USED
    with pytest.raises(Exception, match="限领"):
        services.vouchers.issue(attendant, campaign, name="钱七", phone_last4="1111")


def test_services_ticked_at_the_kiosk_go_with_a_card_check_in(
    services: Services, attendant: Actor
) -> None:
    m = services.members.register(attendant, "外卖骑手")
    card = services.scans.code_for_member(m.id)
    out = services.scans.scan(attendant, card, services=["饮水", "充电"])
    assert out.visit is not None and set(out.visit.services) == {"饮水", "充电"}
    legacy = services.members.register(attendant, "快递员")
    out = services.scans.scan(attendant, legacy.code, services=["热饭"])
    assert out.visit is not None and out.visit.services == ("热饭",)


def test_a_voucher_before_its_campaign_starts_is_refused_at_the_scan(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    camp = services.relief.create_campaign(
        supervisor, "2027 春节送温暖", date(2027, 1, 20), date(2027, 2, 20), [(WATER, 1)]
    )
    v = services.vouchers.issue(attendant, camp.id, name="孙八", phone_last4="2222")
    refused(services, attendant, v.code, codes.NOT_YET)
