from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import IntegrityError

from db.models import AuditEvent, Handout, Lot, StockMove
from station_app.clock import FixedClock
from station_app.context import CLI_ACTOR, Actor
from station_app.errors import (
    Conflict,
    InsufficientStock,
    InvalidInput,
    LimitReached,
    NotFound,
    PermissionDenied,
)
from station_app.inventory import MoveInfo
from station_app.relief import CampaignInfo, CampaignLineInfo
from station_app.services import Services
from station_app.stations import StationInfo
from tests.conftest import ATTENDANT_NAME, TZ

WATER = "矿泉水"  # 瓶, tracks expiry
HUOXIANG = "藿香正气水"  # 盒, tracks expiry
TOWEL = "毛巾"  # 条, no expiry
UMBRELLA = "雨伞"  # lendable
STATION_NAME = "解放路爱心驿家"
D = date
SUMMER_START = D(2026, 7, 1)
SUMMER_END = D(2026, 8, 31)


# --------------------------------------------------------------------------- helpers


def summer(
    services: Services,
    actor: Actor,
    *,
    name: str = "2026 夏季送清凉",
    starts_on: date = SUMMER_START,
    ends_on: date = SUMMER_END,
    lines: list[tuple[str | int, int]] | None = None,
    categories: tuple[str | int, ...] = (),
    per_person_limit: int = 1,
    min_days_between: int = 0,
) -> CampaignInfo:
    return services.relief.create_campaign(
        actor,
        name,
        starts_on,
        ends_on,
        lines if lines is not None else [(WATER, 2), (HUOXIANG, 1)],
        categories=categories,
        per_person_limit=per_person_limit,
        min_days_between=min_days_between,
    )


def stock(
    services: Services, actor: Actor, item: str, qty: int, lot: str, expires: date | None
) -> MoveInfo:
    return services.inventory.receive(actor, item, qty, lot_code=lot, expires_on=expires)


def stock_package(services: Services, actor: Actor) -> None:
    stock(services, actor, WATER, 20, "W1", D(2026, 12, 31))
    stock(services, actor, HUOXIANG, 10, "H1", D(2027, 6, 30))


def balance(services: Services, item: str) -> int:
    return next(x.balance for x in services.inventory.levels() if x.item == item)


def move_count(services: Services) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(func.count(StockMove.id))) or 0


def handout_rows(services: Services) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(func.count(Handout.id))) or 0


def moves_of(services: Services, handout_id: int) -> list[tuple[str, int, str]]:
    """(lot code, qty, reason) of a handout's stock moves, in order."""
    with services.ctx.uow() as uow:
        rows = uow.session.execute(
            select(Lot.lot_code, StockMove.qty, StockMove.reason)
            .join(Lot, Lot.id == StockMove.lot_id)
            .where(StockMove.handout_id == handout_id)
            .order_by(StockMove.id)
        ).all()
        return [(r[0], r[1], r[2]) for r in rows]


def audit_details(services: Services, action: str) -> list[dict[str, Any]]:
    with services.ctx.uow() as uow:
        return [
            dict(d)
            for d in uow.session.scalars(
                select(AuditEvent.detail).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        ]


@pytest.fixture
def member(services: Services, attendant: Actor) -> str:
    return services.members.register(
        attendant,
        "外卖骑手",
        nickname="小马哥",
        employer="美团配送",
        phone="13812345678",
        phone_consent=True,
    ).code


# --------------------------------------------------------------------------- campaigns


def test_create_campaign(services: Services, supervisor: Actor) -> None:
    info = summer(
        services,
        supervisor,
        name="  2026   夏季送清凉 ",
        categories=("外卖骑手", "Courier", "外卖骑手"),
        per_person_limit=2,
        min_days_between=7,
    )
    assert info.name == "2026 夏季送清凉"
    assert (info.starts_on, info.ends_on) == (D(2026, 7, 1), D(2026, 8, 31))
    assert (info.per_person_limit, info.min_days_between, info.active) == (2, 7, True)
    assert info.categories == ("快递员", "外卖骑手")  # catalog order, duplicates dropped
    assert [(x.item, x.unit, x.qty) for x in info.lines] == [(WATER, "瓶", 2), (HUOXIANG, "盒", 1)]
    assert isinstance(info.lines[0], CampaignLineInfo)
    assert info.handed_out == 0
    assert services.relief.campaigns() == [info]
    assert services.relief.campaign(info.id) == info
    detail = audit_details(services, "campaign.create")
    assert detail == [
        {
            "name": "2026 夏季送清凉",
            "starts_on": "2026-07-01",
            "ends_on": "2026-08-31",
            "per_person_limit": 2,
            "min_days_between": 7,
            "categories": ["快递员", "外卖骑手"],
            "lines": [[WATER, 2], [HUOXIANG, 1]],
        }
    ]


def test_items_by_id_and_everyone_eligible(services: Services, supervisor: Actor) -> None:
    towel = next(i for i in services.inventory.items() if i.name == TOWEL)
    info = summer(services, supervisor, lines=[(towel.id, 1)])
    assert info.lines == (CampaignLineInfo(towel.id, TOWEL, "条", 1),)
    assert info.categories == ()


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"name": ""}, InvalidInput, ["活动名称"]),
        ({"name": "清" * 61}, InvalidInput, ["活动名称", "60"]),
        ({"ends_on": D(2026, 6, 30)}, InvalidInput, ["活动日期", "结束日期早于开始日期"]),
        ({"starts_on": datetime(2026, 7, 1, tzinfo=TZ)}, InvalidInput, ["开始日期"]),
        ({"ends_on": "2026-08-31"}, InvalidInput, ["结束日期"]),
        ({"lines": []}, InvalidInput, ["至少要有一种物品"]),
        ({"lines": [(WATER, 0)]}, InvalidInput, ["第 1 行的数量", "不能小于 1"]),
        ({"lines": [(WATER, 2), (HUOXIANG, -1)]}, InvalidInput, ["第 2 行的数量"]),
        ({"lines": [(WATER, 1.5)]}, InvalidInput, ["第 1 行的数量", "整数"]),
        ({"lines": [(WATER,)]}, InvalidInput, ["第 1 行"]),
        ({"lines": [(WATER, 2), ("冰棍", 1)]}, NotFound, ["第 2 行", "物品", "冰棍"]),
        ({"lines": [(WATER, 2), (9999, 1)]}, NotFound, ["第 2 行", "物品", "9999"]),
        ({"lines": [(WATER, 2), (TOWEL, 1), (WATER, 1)]}, InvalidInput, ["第 3 行", "第 1 行"]),
        ({"lines": [(UMBRELLA, 1)]}, InvalidInput, ["第 1 行", "雨伞", "借用"]),
        ({"categories": ("外卖骑手", "宇航员")}, NotFound, ["宇航员", "访客类别"]),
        ({"per_person_limit": 0}, InvalidInput, ["每人限领次数"]),
        ({"min_days_between": -1}, InvalidInput, ["两次领取间隔天数"]),
    ],
)
def test_create_campaign_refusals(
    services: Services,
    supervisor: Actor,
    kwargs: dict[str, Any],
    error: type[Exception],
    words: list[str],
) -> None:
    with pytest.raises(error) as exc:
        summer(services, supervisor, **kwargs)
    for word in words:
        assert word in str(exc.value)
    assert services.relief.campaigns(include_inactive=True) == []
    assert audit_details(services, "campaign.create") == []


def test_unknown_item_error_names_the_row(services: Services, supervisor: Actor) -> None:
    with pytest.raises(NotFound) as exc:
        summer(services, supervisor, lines=[(WATER, 2), ("冰棍", 1)])
    assert (exc.value.field, exc.value.row) == ("Item", 2)
    assert exc.value.en == "Line 2: unknown item '冰棍'"


def test_campaign_name_unique_and_supervisor_only(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    with pytest.raises(PermissionDenied):
        summer(services, attendant)
    first = summer(services, supervisor)
    with pytest.raises(Conflict, match="已有名为“2026 夏季送清凉”的发放活动"):
        summer(services, supervisor, lines=[(TOWEL, 1)])
    assert services.relief.campaigns() == [first]


def test_close_campaign(services: Services, supervisor: Actor, attendant: Actor) -> None:
    old = summer(services, supervisor, name="端午", starts_on=D(2026, 6, 1), ends_on=D(2026, 6, 30))
    new = summer(services, supervisor)
    assert [c.name for c in services.relief.campaigns()] == [new.name, old.name]
    with pytest.raises(PermissionDenied):
        services.relief.close_campaign(attendant, new.id)
    closed = services.relief.close_campaign(supervisor, new.id)
    assert closed.active is False and closed.name == new.name
    with pytest.raises(Conflict, match="已经结束"):
        services.relief.close_campaign(supervisor, new.id)
    assert [c.name for c in services.relief.campaigns()] == ["端午"]
    assert [c.id for c in services.relief.campaigns(include_inactive=True)] == [new.id, old.id]
    assert audit_details(services, "campaign.close") == [{"name": new.name, "handed_out": 0}]
    with pytest.raises(NotFound, match="#9999"):
        services.relief.close_campaign(supervisor, 9999)
    with pytest.raises(NotFound, match="#9999"):
        services.relief.campaign(9999)


# --------------------------------------------------------------------------- handouts


def test_hand_out_to_a_person(
    services: Services, supervisor: Actor, attendant: Actor, clock: FixedClock
) -> None:
    camp = summer(services, supervisor, categories=("外卖骑手", "快递员"))
    stock_package(services, supervisor)
    clock.advance(hours=5, minutes=7)  # 14:07 local
    h = services.relief.hand_out(
        attendant,
        camp.id,
        name=" 张  三 ",
        phone_last4="8765",
        employer="顺丰速运",
        category="Courier",
    )
    assert (h.campaign_id, h.campaign, h.claimant) == (camp.id, camp.name, "张 三")
    assert (h.phone_last4, h.employer, h.category, h.member_code) == (
        "8765",
        "顺丰速运",
        "快递员",
        None,
    )
    assert (h.claim_no, h.handed_at, h.attendant, h.station) == (
        1,
        clock(),
        ATTENDANT_NAME,
        STATION_NAME,
    )
    assert moves_of(services, h.id) == [("W1", -2, "handout"), ("H1", -1, "handout")]
    assert (balance(services, WATER), balance(services, HUOXIANG)) == (18, 9)
    assert services.relief.handouts(camp.id) == [h]
    assert services.relief.handout_count(camp.id) == 1
    assert services.relief.campaign(camp.id).handed_out == 1
    (detail,) = audit_details(services, "relief.handout")
    assert detail["campaign_id"] == camp.id
    assert (detail["claim_no"], detail["claimant"], detail["category"]) == (1, "person", "快递员")
    assert detail["lines"] == [[WATER, 2], [HUOXIANG, 1]]
    assert len(detail["moves"]) == 2
    text = json.dumps(detail, ensure_ascii=False)
    assert "张" not in text and "8765" not in text and "顺丰" not in text


def test_hand_out_to_a_member(
    services: Services, supervisor: Actor, attendant: Actor, member: str
) -> None:
    camp = summer(services, supervisor, categories=("外卖骑手",))
    stock_package(services, supervisor)
    h = services.relief.hand_out(attendant, camp.id, member_code=f" {member.lower()} ")
    assert (h.claimant, h.phone_last4, h.employer) == ("小马哥", "5678", "美团配送")
    assert (h.category, h.member_code, h.claim_no) == ("外卖骑手", member, 1)
    with services.ctx.uow() as uow:
        row = uow.session.get(Handout, h.id)
        assert row is not None
        # Only the member id is stored: a purge erases the personal fields everywhere.
        assert (row.claimant_name, row.phone_last4, row.employer) == (None, None, None)
        assert row.claimant_key.startswith("m:")
    (detail,) = audit_details(services, "relief.handout")
    assert (detail["claimant"], detail["member"]) == ("member", member)
    services.members.purge(supervisor, services.members.get_by_code(member).id)
    (after,) = services.relief.handouts(camp.id)
    assert (after.claimant, after.phone_last4, after.employer) == (member, None, None)


def test_member_without_nickname_shown_by_code(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    code = services.members.register(attendant, "快递员").code
    camp = summer(services, supervisor, lines=[(TOWEL, 1)])
    stock(services, supervisor, TOWEL, 3, "T1", None)
    h = services.relief.hand_out(CLI_ACTOR, camp.id, member_code=code)
    assert (h.claimant, h.phone_last4, h.employer, h.attendant) == (code, None, None, None)


def test_limit_refusal_says_when_and_where(
    services: Services, supervisor: Actor, attendant: Actor, clock: FixedClock
) -> None:
    camp = summer(services, supervisor)
    stock_package(services, supervisor)
    clock.set(datetime(2026, 7, 3, 14, 5, tzinfo=TZ))
    services.relief.hand_out(attendant, camp.id, name="张三", phone_last4="8765")
    clock.advance(days=2)
    moves, audits = move_count(services), len(audit_details(services, "relief.handout"))
    # The same person however the name is typed: spaces, full-width letters, case.
    for typed in ("张三", "张 三", " 张三 "):
        with pytest.raises(LimitReached) as exc:
            services.relief.hand_out(attendant, camp.id, name=typed, phone_last4="8765")
        assert "2026-07-03 14:05" in exc.value.zh and STATION_NAME in exc.value.zh
        assert "限领 1 次" in exc.value.zh
        assert "2026-07-03 14:05" in exc.value.en and STATION_NAME in exc.value.en
        assert exc.value.field == "Claimant name"
    assert (move_count(services), handout_rows(services)) == (moves, 1)
    assert len(audit_details(services, "relief.handout")) == audits
    assert (balance(services, WATER), balance(services, HUOXIANG)) == (18, 9)
    # Another phone tail is another person.
    other = services.relief.hand_out(attendant, camp.id, name="张三", phone_last4="1111")
    assert other.claim_no == 1


def test_latin_names_ignore_case_and_width(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    camp = summer(services, supervisor, lines=[(TOWEL, 1)])
    stock(services, supervisor, TOWEL, 5, "T1", None)
    services.relief.hand_out(attendant, camp.id, name="Li Wei", phone_last4="2222")
    with pytest.raises(LimitReached):
        services.relief.hand_out(attendant, camp.id, name="ＬＩＷＥＩ", phone_last4="2222")


def test_member_limit(
    services: Services, supervisor: Actor, attendant: Actor, member: str, clock: FixedClock
) -> None:
    camp = summer(services, supervisor)
    stock_package(services, supervisor)
    services.relief.hand_out(attendant, camp.id, member_code=member)
    clock.advance(hours=30)
    with pytest.raises(LimitReached) as exc:
        services.relief.hand_out(supervisor, camp.id, member_code=member)
    assert exc.value.zh == (
        f"小马哥已于 2026-07-01 09:00 在{STATION_NAME}领过，本活动每人限领 1 次"
    )
    assert exc.value.field == "Member code"


def test_minimum_days_between_claims(
    services: Services, supervisor: Actor, attendant: Actor, clock: FixedClock
) -> None:
    camp = summer(services, supervisor, lines=[(TOWEL, 1)], per_person_limit=3, min_days_between=7)
    stock(services, supervisor, TOWEL, 10, "T1", None)

    def claim() -> int:
        return services.relief.hand_out(
            attendant, camp.id, name="王五", phone_last4="3333"
        ).claim_no

    assert claim() == 1  # 2026-07-01 09:00
    clock.advance(days=6, hours=14)  # 07-07 23:00: still day 6
    with pytest.raises(LimitReached) as exc:
        claim()
    assert "2026-07-01 09:00" in exc.value.zh and STATION_NAME in exc.value.zh
    assert "间隔 7 天" in exc.value.zh and "2026-07-08 起" in exc.value.zh
    assert handout_rows(services) == 1
    clock.advance(hours=1, minutes=30)  # 07-08 00:30: a new local day
    assert claim() == 2
    clock.set(datetime(2026, 7, 15, 0, 5, tzinfo=TZ))
    assert claim() == 3
    clock.advance(days=30)
    with pytest.raises(LimitReached) as exc:
        claim()
    assert "已领过 3 次" in exc.value.zh and "限领 3 次" in exc.value.zh
    assert "2026-07-15 00:05" in exc.value.zh and STATION_NAME in exc.value.zh
    assert [h.claim_no for h in services.relief.handouts(camp.id)] == [1, 2, 3]
    assert balance(services, TOWEL) == 7


def test_no_interval_allows_same_day_claims_up_to_the_limit(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    camp = summer(services, supervisor, lines=[(TOWEL, 1)], per_person_limit=2)
    stock(services, supervisor, TOWEL, 10, "T1", None)
    for n in (1, 2):
        h = services.relief.hand_out(attendant, camp.id, name="赵六", phone_last4="4444")
        assert h.claim_no == n
    with pytest.raises(LimitReached, match="已领过 2 次"):
        services.relief.hand_out(attendant, camp.id, name="赵六", phone_last4="4444")


def test_short_line_moves_nothing(services: Services, supervisor: Actor, attendant: Actor) -> None:
    camp = summer(services, supervisor, lines=[(WATER, 2), (HUOXIANG, 1), (TOWEL, 3)])
    stock_package(services, supervisor)
    stock(services, supervisor, TOWEL, 2, "T1", None)
    before = move_count(services)
    with pytest.raises(InsufficientStock) as exc:
        services.relief.hand_out(attendant, camp.id, name="张三", phone_last4="8765")
    assert "毛巾" in exc.value.zh and "需要 3条" in exc.value.zh
    assert (move_count(services), handout_rows(services)) == (before, 0)
    assert (balance(services, WATER), balance(services, HUOXIANG), balance(services, TOWEL)) == (
        20,
        10,
        2,
    )
    assert audit_details(services, "relief.handout") == []
    stock(services, supervisor, TOWEL, 1, "T2", None)
    h = services.relief.hand_out(attendant, camp.id, name="张三", phone_last4="8765")
    assert h.claim_no == 1  # the refused attempt did not use up the claim
    assert moves_of(services, h.id) == [
        ("W1", -2, "handout"),
        ("H1", -1, "handout"),
        ("T1", -2, "handout"),
        ("T2", -1, "handout"),
    ]


def test_stock_received_later_than_now_is_not_handed_out_now(
    services: Services, supervisor: Actor, attendant: Actor, clock: FixedClock
) -> None:
    """The PC's clock ran ahead when a delivery came and was then put right: at the
    time now the towels were not there yet, so the package's last line is short.
    The earlier lines read the station's latest move first, and the check on the
    last line must still see the later delivery."""
    camp = summer(services, supervisor, lines=[(WATER, 2), (HUOXIANG, 1), (TOWEL, 1)])
    stock_package(services, supervisor)
    clock.advance(hours=3)
    stock(services, supervisor, TOWEL, 5, "T-LATER", None)
    clock.advance(hours=-3)
    before = move_count(services)
    with pytest.raises(InsufficientStock):
        services.relief.hand_out(attendant, camp.id, name="张三", phone_last4="8765")
    assert (move_count(services), handout_rows(services)) == (before, 0)
    assert (balance(services, WATER), balance(services, TOWEL)) == (20, 5)
    clock.advance(hours=3)
    h = services.relief.hand_out(attendant, camp.id, name="张三", phone_last4="8765")
    assert moves_of(services, h.id)[-1] == ("T-LATER", -1, "handout")


def test_first_expiring_lot_first_and_expired_lots_never(
    services: Services, supervisor: Actor, attendant: Actor, clock: FixedClock
) -> None:
    camp = summer(services, supervisor, lines=[(WATER, 2)], per_person_limit=5)
    stock(services, supervisor, WATER, 5, "LATE", D(2026, 9, 30))
    stock(services, supervisor, WATER, 3, "SOON", D(2026, 7, 5))
    stock(services, supervisor, WATER, 1, "SOONEST", D(2026, 7, 3))

    def claim() -> int:
        return services.relief.hand_out(attendant, camp.id, name="钱七", phone_last4="5555").id

    assert moves_of(services, claim()) == [("SOONEST", -1, "handout"), ("SOON", -1, "handout")]
    clock.set(datetime(2026, 7, 5, 20, 0, tzinfo=TZ))  # SOON expires today: still usable
    assert moves_of(services, claim()) == [("SOON", -2, "handout")]
    stock(services, supervisor, WATER, 4, "MID", D(2026, 7, 10))
    clock.set(datetime(2026, 7, 6, 8, 0, tzinfo=TZ))
    # Partly spent MID expires first among usable lots.
    assert moves_of(services, claim()) == [("MID", -2, "handout")]
    clock.set(datetime(2026, 7, 11, 8, 0, tzinfo=TZ))  # MID (2 left) expired yesterday
    assert moves_of(services, claim()) == [("LATE", -2, "handout")]
    assert moves_of(services, claim()) == [("LATE", -2, "handout")]
    with pytest.raises(LimitReached):  # five claims used
        claim()
    other = summer(services, supervisor, name="加发", lines=[(WATER, 2)])
    before = move_count(services)
    with pytest.raises(InsufficientStock) as exc:  # LATE 1 left, MID 2 expired
        services.relief.hand_out(attendant, other.id, name="钱七", phone_last4="5555")
    assert "可用 1瓶" in exc.value.zh and "2瓶 已过期" in exc.value.zh
    assert move_count(services) == before


def test_category_eligibility(
    services: Services, supervisor: Actor, attendant: Actor, member: str
) -> None:
    camp = summer(services, supervisor, lines=[(TOWEL, 1)], categories=("环卫工人", "快递员"))
    stock(services, supervisor, TOWEL, 10, "T1", None)
    with pytest.raises(Conflict) as exc:
        services.relief.hand_out(
            attendant, camp.id, name="张三", phone_last4="8765", category="外卖骑手"
        )
    assert exc.value.zh == "外卖骑手不在本次活动的发放范围内（只发给快递员、环卫工人）"
    assert exc.value.field == "Category"
    with pytest.raises(InvalidInput, match="请选择领取人的类别"):
        services.relief.hand_out(attendant, camp.id, name="张三", phone_last4="8765")
    with pytest.raises(NotFound, match="宇航员"):
        services.relief.hand_out(
            attendant, camp.id, name="张三", phone_last4="8765", category="宇航员"
        )
    with pytest.raises(Conflict, match="外卖骑手不在本次活动的发放范围内"):
        services.relief.hand_out(attendant, camp.id, member_code=member)  # a rider
    with pytest.raises(InvalidInput, match="会员登记的类别是“外卖骑手”，不是“快递员”"):
        services.relief.hand_out(attendant, camp.id, member_code=member, category="快递员")
    assert handout_rows(services) == 0
    ok = services.relief.hand_out(
        attendant, camp.id, name="张三", phone_last4="8765", category="Sanitation worker"
    )
    assert ok.category == "环卫工人"


def test_campaign_must_be_open_and_in_its_dates(
    services: Services, supervisor: Actor, attendant: Actor, clock: FixedClock
) -> None:
    camp = summer(
        services, supervisor, lines=[(TOWEL, 1)], starts_on=D(2026, 7, 2), ends_on=D(2026, 7, 5)
    )
    stock(services, supervisor, TOWEL, 10, "T1", None)

    def claim(n: int) -> int:
        return services.relief.hand_out(
            attendant, camp.id, name=f"人{n}", phone_last4="6666"
        ).claim_no

    with pytest.raises(Conflict, match="2026-07-02 才开始"):
        claim(1)
    clock.set(datetime(2026, 7, 2, 0, 0, tzinfo=TZ))  # local midnight: the first day
    assert claim(2) == 1
    clock.set(datetime(2026, 7, 5, 23, 59, tzinfo=TZ))  # the last day, 23:59 local
    assert claim(3) == 1
    clock.advance(minutes=1)
    with pytest.raises(Conflict, match="已于 2026-07-05 结束"):
        claim(4)
    clock.set(datetime(2026, 7, 4, 12, 0, tzinfo=TZ))
    services.relief.close_campaign(supervisor, camp.id)
    with pytest.raises(Conflict, match="已经结束，不能再发放"):
        claim(5)
    assert services.relief.handout_count(camp.id) == 2
    assert services.relief.campaign(camp.id).handed_out == 2


def test_claimant_input_refusals(
    services: Services, supervisor: Actor, attendant: Actor, member: str
) -> None:
    camp = summer(services, supervisor, lines=[(TOWEL, 1)])
    stock(services, supervisor, TOWEL, 10, "T1", None)
    cases: list[tuple[dict[str, Any], type[Exception], str, str | None]] = [
        ({}, InvalidInput, "领取人姓名", "Claimant name"),
        ({"name": "张三"}, InvalidInput, "手机尾号", "Phone last 4"),
        ({"name": "张三", "phone_last4": "12a4"}, InvalidInput, "4 位数字", "Phone last 4"),
        ({"name": "张三", "phone_last4": "13812345678"}, InvalidInput, "手机尾号", "Phone last 4"),
        ({"phone_last4": "1234"}, InvalidInput, "领取人姓名", "Claimant name"),
        ({"name": "张" * 31, "phone_last4": "1234"}, InvalidInput, "太长", "Claimant name"),
        (
            {"member_code": member, "name": "张三"},
            InvalidInput,
            "会员凭卡领取",
            "Member code",
        ),
        ({"member_code": "MNOSUCHCARD"}, NotFound, "MNOSUCHCARD", "Member code"),
        ({"name": "张三", "phone_last4": "1234", "category": True}, InvalidInput, "类别", None),
    ]
    for kwargs, error, word, field in cases:
        with pytest.raises(error) as exc:
            services.relief.hand_out(attendant, camp.id, **kwargs)
        assert word in str(exc.value), kwargs
        if field is not None:
            assert getattr(exc.value, "field", None) == field, kwargs
    with pytest.raises(NotFound, match="#4242"):
        services.relief.hand_out(attendant, 4242, name="张三", phone_last4="1234")
    with pytest.raises(InvalidInput, match="发放活动"):
        services.relief.hand_out(attendant, 0, name="张三", phone_last4="1234")
    assert handout_rows(services) == 0


def test_deactivated_card_refused(
    services: Services, supervisor: Actor, attendant: Actor, member: str
) -> None:
    camp = summer(services, supervisor, lines=[(TOWEL, 1)])
    stock(services, supervisor, TOWEL, 10, "T1", None)
    services.members.deactivate(attendant, services.members.get_by_code(member).id)
    with pytest.raises(Conflict, match="已停用"):
        services.relief.hand_out(attendant, camp.id, member_code=member)
    assert handout_rows(services) == 0


def test_roster_in_time_order(
    services: Services,
    supervisor: Actor,
    attendant: Actor,
    member: str,
    clock: FixedClock,
    station: StationInfo,
) -> None:
    camp = summer(services, supervisor)
    other = summer(services, supervisor, name="另一活动", lines=[(TOWEL, 1)])
    stock_package(services, supervisor)
    stock(services, supervisor, TOWEL, 5, "T1", None)
    a = services.relief.hand_out(attendant, camp.id, name="甲", phone_last4="0001")
    clock.advance(minutes=3)
    services.relief.hand_out(attendant, other.id, name="甲", phone_last4="0001")
    clock.advance(minutes=3)
    b = services.relief.hand_out(supervisor, camp.id, member_code=member)
    clock.advance(hours=2)
    c = services.relief.hand_out(attendant, camp.id, name="乙", phone_last4="0002", employer="")
    roster = services.relief.handouts(camp.id)
    assert roster == [a, b, c]
    assert [(h.claimant, h.attendant, h.employer) for h in roster] == [
        ("甲", ATTENDANT_NAME, None),
        ("小马哥", "王站长", "美团配送"),
        ("乙", ATTENDANT_NAME, None),
    ]
    assert [h.handed_at for h in roster] == sorted(h.handed_at for h in roster)
    assert {h.station for h in roster} == {station.name}
    assert services.relief.handout_count(camp.id) == 3
    assert services.relief.handout_count(other.id) == 1
    counts = {x.name: x.handed_out for x in services.relief.campaigns()}
    assert counts == {camp.name: 3, other.name: 1}
    with pytest.raises(NotFound):
        services.relief.handouts(9999)


# --------------------------------------------------------------------------- races


def test_duplicate_claim_row_hits_the_unique_constraint(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    camp = summer(services, supervisor, lines=[(TOWEL, 1)], per_person_limit=3)
    stock(services, supervisor, TOWEL, 5, "T1", None)
    services.relief.hand_out(attendant, camp.id, name="张三", phone_last4="8765")
    with services.ctx.uow() as uow:
        first = uow.session.scalars(select(Handout)).one()
        uow.session.add(
            Handout(
                campaign_id=first.campaign_id,
                station_id=first.station_id,
                claimant_key=first.claimant_key,
                claim_no=first.claim_no,
                handed_at=first.handed_at,
            )
        )
        with pytest.raises(IntegrityError, match=r"UNIQUE constraint failed: handout\.campaign_id"):
            uow.session.flush()
    assert handout_rows(services) == 1


@pytest.fixture
def racing_kiosk(engine: Engine) -> Iterator[list[int]]:
    """Another kiosk's claim slips in just before our handout row is inserted.

    SQLite serialises writers (BEGIN IMMEDIATE), so a second connection cannot
    write between our check and our insert; a server database can. The racer's
    row is written on our own connection, right before the insert, with the same
    values: exactly what the unique constraint must catch.
    """
    fired: list[int] = []

    def before(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        if not fired and statement.lstrip().upper().startswith("INSERT INTO HANDOUT"):
            fired.append(1)
            cursor.connection.execute(statement, params).fetchall()

    event.listen(engine, "before_cursor_execute", before)
    yield fired
    event.remove(engine, "before_cursor_execute", before)


def test_racing_duplicate_claim_is_refused_by_the_database(
    services: Services, supervisor: Actor, attendant: Actor, racing_kiosk: list[int]
) -> None:
    camp = summer(services, supervisor)
    stock_package(services, supervisor)
    before = move_count(services)
    with pytest.raises(LimitReached) as exc:
        services.relief.hand_out(attendant, camp.id, name="张三", phone_last4="8765")
    assert racing_kiosk == [1]
    assert "另一台电脑" in exc.value.zh and "张三" in exc.value.zh
    assert exc.value.field == "Claimant name"
    assert (handout_rows(services), move_count(services)) == (0, before)
    assert (balance(services, WATER), balance(services, HUOXIANG)) == (20, 10)
    assert audit_details(services, "relief.handout") == []
    # The session is usable again: the next claim goes through.
    h = services.relief.hand_out(attendant, camp.id, name="张三", phone_last4="8765")
    assert h.claim_no == 1
    assert moves_of(services, h.id) == [("W1", -2, "handout"), ("H1", -1, "handout")]


def tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"\x00\xff"  # one white grey pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_a_signature_is_kept_with_its_handout_and_bad_ones_write_nothing(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    camp = summer(services, supervisor)
    stock_package(services, supervisor)
    png = tiny_png()
    h = services.relief.hand_out(
        attendant, camp.id, name="张三", phone_last4="8765", signature_png=png
    )
    assert h.signed and services.relief.signature(h.id) == png
    roster = services.relief.handouts(camp.id)
    assert [r.signed for r in roster] == [True]
    before = move_count(services)
    for bad, word in ((b"GIF89a....", "PNG"), (png + b"\0" * 300_000, "too large"), ("x", "image")):
        with pytest.raises(InvalidInput, match=word) as exc:
            services.relief.hand_out(
                attendant, camp.id, name="李四", phone_last4="1234", signature_png=bad
            )
        assert exc.value.field == "Signature"
    assert move_count(services) == before and handout_rows(services) == 1
    unsigned = services.relief.hand_out(attendant, camp.id, name="王五", phone_last4="5555")
    assert not unsigned.signed and services.relief.signature(unsigned.id) is None
