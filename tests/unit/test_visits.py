from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from db.models import AuditEvent, Category, ServiceType, User, Visit, visit_service
from station_app.audit import AuditEntry
from station_app.clock import FixedClock
from station_app.context import CLI_ACTOR, Actor
from station_app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from station_app.services import Services
from station_app.stations import StationInfo
from station_app.visits import UNDO_MINUTES, VisitInfo
from tests.conftest import ATTENDANT_NAME, SUPERVISOR_NAME, TZ


def counts(services: Services) -> dict[str, int]:
    """Rows in every table a check-in, check-out or undo can touch."""
    with services.ctx.uow() as uow:
        s = uow.session
        return {
            "visit": s.scalar(select(func.count(Visit.id))) or 0,
            "visit_service": s.scalar(select(func.count()).select_from(visit_service)) or 0,
            "audit": s.scalar(select(func.count(AuditEvent.id))) or 0,
            "open": s.scalar(select(func.count(Visit.id)).where(Visit.checked_out_at.is_(None)))
            or 0,
            "voided": s.scalar(select(func.count(Visit.id)).where(Visit.voided_at.is_not(None)))
            or 0,
        }


def audit_of(services: Services, action: str) -> list[AuditEntry]:
    """The audit events of one kind, oldest first."""
    return list(reversed(services.audit.recent(limit=1000, action=action)))


def local(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


@pytest.fixture
def other_attendant(services: Services, supervisor: Actor) -> Actor:
    services.users.create_user(supervisor, "赵阿姨", "attendant", "4826")
    return services.users.login("赵阿姨", "4826")


# ---------------------------------------------------------------- check-in


def test_check_in_returns_what_was_recorded(
    services: Services, clock: FixedClock, station: StationInfo, attendant: Actor
) -> None:
    v = services.visits.check_in(attendant, "外卖骑手", services=["充电", "饮水", " 充电 "])
    assert v.category == "外卖骑手"
    assert v.category_en == "Delivery rider"
    assert v.services == ("饮水", "充电")  # catalog order, the repeat collapsed
    assert v.member_code is None and v.member_nickname is None
    assert v.checked_in_at == clock() == datetime(2026, 7, 1, 1, 0, tzinfo=UTC)
    assert v.checked_out_at is None and v.duration_minutes is None
    assert v.source == "tap"
    assert v.attendant == ATTENDANT_NAME
    assert v.voided is False
    with services.ctx.uow() as uow:
        row = uow.session.get(Visit, v.id)
        assert row is not None
        assert row.station_id == station.id
        assert row.attendant_id == attendant.user_id
        assert row.category_id == v.category_id
        assert row.checked_in_at == clock()
        linked = uow.session.scalars(
            select(ServiceType.name)
            .join(visit_service, visit_service.c.service_type_id == ServiceType.id)
            .where(visit_service.c.visit_id == v.id)
            .order_by(ServiceType.name)
        )
        assert sorted(linked) == sorted(["饮水", "充电"])
    # What a later query reads back is what check_in returned.
    assert services.visits.visits_on(date(2026, 7, 1)) == [v]


def test_check_in_is_audited(services: Services, attendant: Actor) -> None:
    v = services.visits.check_in(attendant, "快递员", services=["休息"], source="tap")
    events = audit_of(services, "visit.check_in")
    assert len(events) == 1
    e = events[0]
    assert (e.entity, e.entity_id, e.actor_name) == ("visit", v.id, ATTENDANT_NAME)
    assert e.detail == {"category": "快递员", "services": ["休息"], "source": "tap"}
    assert e.at == v.checked_in_at
    with services.ctx.uow() as uow:
        actor_id = uow.session.scalar(
            select(AuditEvent.actor_id).where(AuditEvent.action == "visit.check_in")
        )
    assert actor_id == attendant.user_id


def test_check_in_by_id_english_name_and_service_ids(services: Services, supervisor: Actor) -> None:
    cats = {c.name: c.id for c in services.stations.categories()}
    types = {t.name: t.id for t in services.stations.service_types()}
    a = services.visits.check_in(supervisor, cats["司机"], services=[types["热饭"], "热饭"])
    assert (a.category, a.services) == ("司机", ("热饭",))
    b = services.visits.check_in(supervisor, "  delivery RIDER ", services=["charging", "Rest"])
    assert (b.category, b.services) == ("外卖骑手", ("休息", "充电"))
    assert b.category_id == cats["外卖骑手"]
    c = services.visits.check_in(supervisor, "其他")
    assert c.services == ()


def test_check_in_by_the_command_line_has_no_attendant(
    services: Services, station: StationInfo
) -> None:
    v = services.visits.check_in(CLI_ACTOR, "司机", source="import")
    assert v.attendant is None and v.source == "import"
    assert services.visits.visits_on(date(2026, 7, 1))[0].attendant is None
    assert audit_of(services, "visit.check_in")[0].actor_name == CLI_ACTOR.name


@pytest.mark.parametrize(
    ("kwargs", "error", "field", "word"),
    [
        ({"category": "宇航员"}, NotFound, "Category", "宇航员"),
        ({"category": 9999}, NotFound, "Category", "9999"),
        ({"category": "快递员", "services": ["按摩"]}, NotFound, "Services", "按摩"),
        ({"category": "快递员", "services": ["休息", 9999]}, NotFound, "Services", "9999"),
        ({"category": None}, InvalidInput, "Category", "类别"),
        ({"category": "  "}, InvalidInput, "Category", "类别"),
        ({"category": True}, InvalidInput, "Category", "类别"),
        ({"category": "快递员", "services": [1.5]}, InvalidInput, "Services", "服务"),
        ({"category": "快递员", "source": "fax"}, InvalidInput, "Source", "fax"),
        ({"category": None, "member_code": "MNOSUCHONE"}, NotFound, "Member code", "MNOSUCHONE"),
    ],
)
def test_refused_check_in_writes_nothing(
    services: Services,
    attendant: Actor,
    kwargs: dict[str, object],
    error: type[Exception],
    field: str,
    word: str,
) -> None:
    services.visits.check_in(attendant, "快递员", services=["休息"])  # fills the caches
    before = counts(services)
    with pytest.raises(error) as caught:
        services.visits.check_in(attendant, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert word in caught.value.zh  # type: ignore[attr-defined]
    assert counts(services) == before


def test_retired_category_and_service_refused_even_when_cached(
    services: Services, attendant: Actor
) -> None:
    services.visits.check_in(attendant, "建筑工人", services=["工具"])
    with services.ctx.uow() as uow:
        uow.session.execute(
            update(Category).where(Category.name == "建筑工人").values(active=False)
        )
        uow.session.execute(
            update(ServiceType).where(ServiceType.name == "工具").values(active=False)
        )
        uow.commit()
    before = counts(services)
    with pytest.raises(NotFound) as caught:
        services.visits.check_in(attendant, "建筑工人")
    assert caught.value.field == "Category" and "建筑工人" in caught.value.zh
    with pytest.raises(NotFound) as caught:
        services.visits.check_in(attendant, "司机", services=["休息", "工具"])
    assert caught.value.field == "Services" and "工具" in caught.value.zh
    assert counts(services) == before
    # A category added after the cache was filled is found (the cache reloads on a miss).
    services.stations.add_category(
        services.users.login(SUPERVISOR_NAME, "2580"), "保安", "Security guard"
    )
    assert services.visits.check_in(attendant, "security guard").category == "保安"


# ---------------------------------------------------------------- check-out


def test_check_out_sets_time_and_duration(
    services: Services, clock: FixedClock, attendant: Actor
) -> None:
    v = services.visits.check_in(attendant, "环卫工人", services=["饮水"])
    clock.advance(minutes=42, seconds=59)
    out = services.visits.check_out(attendant, v.id)
    assert out.id == v.id
    assert out.checked_out_at == clock()
    assert out.duration_minutes == 42
    assert out.services == ("饮水",)
    assert out.attendant == ATTENDANT_NAME
    event = audit_of(services, "visit.check_out")[0]
    assert (event.entity_id, event.detail) == (v.id, {"minutes": 42})
    assert services.visits.visits_on(date(2026, 7, 1))[0].duration_minutes == 42


def test_check_out_twice_voided_or_unknown_refused(
    services: Services, clock: FixedClock, attendant: Actor
) -> None:
    v = services.visits.check_in(attendant, "司机")
    clock.advance(minutes=10)
    services.visits.check_out(attendant, v.id)
    w = services.visits.check_in(attendant, "司机")
    services.visits.undo_check_in(attendant, w.id, "点错了")
    before = counts(services)
    with pytest.raises(Conflict) as caught:
        services.visits.check_out(attendant, v.id)
    assert "09:10" in caught.value.zh
    with pytest.raises(Conflict) as caught:
        services.visits.check_out(attendant, w.id)
    assert "撤销" in caught.value.zh
    with pytest.raises(NotFound) as caught:
        services.visits.check_out(attendant, 987654)
    assert caught.value.field == "Visit"
    assert counts(services) == before


def test_inside_now_lists_open_visits_oldest_first(
    services: Services, clock: FixedClock, attendant: Actor
) -> None:
    a = services.visits.check_in(attendant, "快递员")
    clock.advance(minutes=3)
    b = services.visits.check_in(attendant, "外卖骑手")
    clock.advance(minutes=3)
    c = services.visits.check_in(attendant, "环卫工人")
    d = services.visits.check_in(attendant, "司机")
    services.visits.undo_check_in(attendant, d.id)
    clock.advance(minutes=3)
    services.visits.check_out(attendant, b.id)
    assert [v.id for v in services.visits.inside_now()] == [a.id, c.id]
    assert [v.category for v in services.visits.inside_now()] == ["快递员", "环卫工人"]
    assert all(v.checked_out_at is None and not v.voided for v in services.visits.inside_now())


# ---------------------------------------------------------------- the day's register


def test_visits_on_uses_local_day_bounds(
    services: Services, clock: FixedClock, supervisor: Actor
) -> None:
    clock.set(local(2026, 6, 30, 23, 59))
    june = services.visits.check_in(supervisor, "快递员")
    clock.set(local(2026, 7, 1, 0, 0))
    first = services.visits.check_in(supervisor, "司机")
    clock.set(local(2026, 7, 1, 23, 30))  # 15:30 UTC: still 1 July in Shanghai
    late = services.visits.check_in(supervisor, "环卫工人")
    clock.set(local(2026, 7, 2, 0, 1))
    july2 = services.visits.check_in(supervisor, "外卖骑手")

    assert late.checked_in_at == datetime(2026, 7, 1, 15, 30, tzinfo=UTC)
    assert [v.id for v in services.visits.visits_on(date(2026, 7, 1))] == [late.id, first.id]
    assert [v.id for v in services.visits.visits_on(date(2026, 6, 30))] == [june.id]
    assert [v.id for v in services.visits.visits_on(date(2026, 7, 2))] == [july2.id]
    assert services.visits.visits_on(date(2026, 7, 3)) == []


def test_visits_on_includes_voided_marked(
    services: Services, clock: FixedClock, attendant: Actor
) -> None:
    a = services.visits.check_in(attendant, "快递员")
    clock.advance(minutes=1)
    b = services.visits.check_in(attendant, "司机")
    services.visits.undo_check_in(attendant, b.id, "重复点了")
    day = services.visits.visits_on(date(2026, 7, 1))
    assert [(v.id, v.voided) for v in day] == [(b.id, True), (a.id, False)]


def test_counts_by_category(services: Services, clock: FixedClock, supervisor: Actor) -> None:
    clock.set(local(2026, 6, 30, 23, 50))
    services.visits.check_in(supervisor, "快递员")  # the day before the range
    clock.set(local(2026, 7, 1, 8, 0))
    services.visits.check_in(supervisor, "快递员")
    services.visits.check_in(supervisor, "环卫工人")
    wrong = services.visits.check_in(supervisor, "环卫工人")
    services.visits.undo_check_in(supervisor, wrong.id)
    clock.set(local(2026, 7, 2, 23, 59))
    services.visits.check_in(supervisor, "快递员")
    clock.set(local(2026, 7, 3, 0, 0))
    services.visits.check_in(supervisor, "司机")  # the day after the range

    result = services.visits.counts_by_category(date(2026, 7, 1), date(2026, 7, 2))
    assert result == [
        ("快递员", 2),
        ("外卖骑手", 0),
        ("环卫工人", 1),
        ("建筑工人", 0),
        ("司机", 0),
        ("交警/协警", 0),
        ("哺乳妈妈", 0),
        ("孕期职工", 0),
        ("其他", 0),
    ]
    one_day = dict(services.visits.counts_by_category(date(2026, 7, 3), date(2026, 7, 3)))
    assert one_day["司机"] == 1 and sum(one_day.values()) == 1
    with pytest.raises(InvalidInput):
        services.visits.counts_by_category(date(2026, 7, 2), date(2026, 7, 1))


# ---------------------------------------------------------------- undo


def test_undo_within_five_minutes_voids_without_deleting(
    services: Services, clock: FixedClock, attendant: Actor
) -> None:
    v = services.visits.check_in(attendant, "外卖骑手", services=["饮水"])
    clock.advance(minutes=UNDO_MINUTES)
    before = counts(services)
    undone = services.visits.undo_check_in(attendant, v.id, "  选错类别 ")
    assert undone.voided is True and undone.id == v.id
    after = counts(services)
    assert after["visit"] == before["visit"] and after["visit_service"] == before["visit_service"]
    assert after["voided"] == before["voided"] + 1
    assert after["audit"] == before["audit"] + 1
    with services.ctx.uow() as uow:
        row = uow.session.get(Visit, v.id)
        assert row is not None
        assert row.voided_at == clock()
        assert row.voided_by_id == attendant.user_id
        assert row.void_reason == "选错类别"
    event = audit_of(services, "visit.undo")[0]
    assert (event.entity_id, event.note, event.actor_name) == (v.id, "选错类别", ATTENDANT_NAME)
    assert services.visits.inside_now() == []
    assert (
        dict(services.visits.counts_by_category(date(2026, 7, 1), date(2026, 7, 1)))["外卖骑手"]
        == 0
    )
    with pytest.raises(Conflict):
        services.visits.undo_check_in(attendant, v.id)


def test_undo_after_five_minutes_refused(
    services: Services, clock: FixedClock, attendant: Actor
) -> None:
    v = services.visits.check_in(attendant, "快递员")
    clock.advance(minutes=UNDO_MINUTES, seconds=1)
    before = counts(services)
    with pytest.raises(Conflict) as caught:
        services.visits.undo_check_in(attendant, v.id)
    assert "5 分钟" in caught.value.zh
    assert counts(services) == before
    assert services.visits.visits_on(date(2026, 7, 1))[0].voided is False


def test_undo_by_another_attendant_refused_supervisor_allowed_same_day(
    services: Services,
    clock: FixedClock,
    attendant: Actor,
    other_attendant: Actor,
    supervisor: Actor,
) -> None:
    v = services.visits.check_in(attendant, "快递员")
    clock.advance(minutes=1)
    before = counts(services)
    with pytest.raises(PermissionDenied) as caught:
        services.visits.undo_check_in(other_attendant, v.id)
    assert caught.value.field == "Visit"
    assert counts(services) == before
    clock.set(local(2026, 7, 1, 22, 0))  # hours later, same local day
    undone = services.visits.undo_check_in(supervisor, v.id, "负责人核对")
    assert undone.voided is True
    with services.ctx.uow() as uow:
        row = uow.session.get(Visit, v.id)
        assert row is not None and row.voided_by_id == supervisor.user_id
        assert uow.session.scalar(select(User.name).where(User.id == row.attendant_id)) == (
            ATTENDANT_NAME
        )


def test_supervisor_cannot_undo_yesterdays_check_in(
    services: Services, clock: FixedClock, attendant: Actor, supervisor: Actor
) -> None:
    clock.set(local(2026, 7, 1, 23, 58))
    v = services.visits.check_in(attendant, "司机")
    clock.set(local(2026, 7, 2, 0, 1))  # 3 minutes later, the next local day
    before = counts(services)
    with pytest.raises(Conflict) as caught:
        services.visits.undo_check_in(supervisor, v.id)
    assert "当天" in caught.value.zh
    assert counts(services) == before
    # The attendant who made it is still within their five minutes.
    assert services.visits.undo_check_in(attendant, v.id).voided is True


def test_undo_unknown_visit_and_long_reason_refused(services: Services, attendant: Actor) -> None:
    v = services.visits.check_in(attendant, "快递员")
    before = counts(services)
    with pytest.raises(NotFound):
        services.visits.undo_check_in(attendant, v.id + 100)
    with pytest.raises(InvalidInput) as caught:
        services.visits.undo_check_in(attendant, v.id, "因" * 201)
    assert caught.value.field == "Reason"
    assert counts(services) == before


# ---------------------------------------------------------------- members at the door


def test_member_check_in_and_out_by_card(
    services: Services, clock: FixedClock, attendant: Actor
) -> None:
    m = services.members.register(attendant, "环卫工人", nickname="老周", phone=None)
    v = services.visits.check_in(attendant, None, member_code=f" {m.code.lower()} ", source="scan")
    assert (v.category, v.member_code, v.member_nickname, v.source) == (
        "环卫工人",
        m.code,
        "老周",
        "scan",
    )
    assert audit_of(services, "visit.check_in")[-1].detail["member"] == m.code

    clock.advance(minutes=7)
    before = counts(services)
    with pytest.raises(Conflict) as caught:
        services.visits.check_in(attendant, "环卫工人", member_code=m.code)
    assert "09:00" in caught.value.zh and "老周" in caught.value.zh
    assert caught.value.field == "Member code"
    assert counts(services) == before

    clock.advance(minutes=20)
    out = services.visits.check_out_member(attendant, m.code.lower())
    assert (out.id, out.duration_minutes) == (v.id, 27)
    with pytest.raises(NotFound) as caught:
        services.visits.check_out_member(attendant, m.code)
    assert m.code in caught.value.zh

    # Out again: a new visit is allowed, and an explicit category overrides the member's.
    again = services.visits.check_in(attendant, "其他", member_code=m.code)
    assert again.category == "其他" and again.member_code == m.code
    assert [x.id for x in services.visits.inside_now()] == [again.id]


def test_member_whose_visit_was_undone_can_check_in_again(
    services: Services, attendant: Actor
) -> None:
    m = services.members.register(attendant, "快递员")
    v = services.visits.check_in(attendant, None, member_code=m.code)
    services.visits.undo_check_in(attendant, v.id)
    assert services.visits.check_in(attendant, None, member_code=m.code).id != v.id


def test_deactivated_card_refused_at_check_in(services: Services, attendant: Actor) -> None:
    m = services.members.register(attendant, "快递员")
    services.members.deactivate(attendant, m.id)
    before = counts(services)
    with pytest.raises(Conflict) as caught:
        services.visits.check_in(attendant, None, member_code=m.code)
    assert "会员卡已停用" in caught.value.zh
    with pytest.raises(NotFound):
        services.visits.check_out_member(attendant, "MZZZZZZZZZ")
    assert counts(services) == before


def test_visit_info_is_frozen(services: Services, attendant: Actor) -> None:
    v: VisitInfo = services.visits.check_in(attendant, "快递员")
    with pytest.raises(AttributeError):
        v.category = "司机"  # type: ignore[misc]


def test_visit_times_are_never_local_wall_clock(
    services: Services, clock: FixedClock, attendant: Actor
) -> None:
    services.visits.check_in(attendant, "快递员")
    with services.ctx.uow() as uow:
        raw = uow.session.connection().exec_driver_sql("SELECT checked_in_at FROM visit").scalar()
        at = (
            uow.session.connection()
            .exec_driver_sql("SELECT at FROM audit_event WHERE action = 'visit.check_in'")
            .scalar()
        )
    # Stored naive UTC, like every ORM write: 09:00 in Shanghai is 01:00 UTC.
    assert str(raw).startswith("2026-07-01 01:00:00")
    assert str(at).startswith("2026-07-01 01:00:00")
    assert services.visits.inside_now()[0].checked_in_at.astimezone(TZ).hour == 9
    assert timedelta(0) == services.visits.inside_now()[0].checked_in_at - clock()


def test_scan_member_toggles_in_and_out(
    services: Services, clock: FixedClock, attendant: Actor, supervisor: Actor
) -> None:
    m = services.members.register(attendant, "快递员", nickname="小张")
    first = services.visits.scan_member(attendant, m.code.lower(), ["饮水"])
    assert (first.inside, first.source, first.services) == (True, "scan", ("饮水",))

    clock.advance(minutes=12)
    out = services.visits.scan_member(attendant, f" {m.code} ")
    assert (out.id, out.inside, out.duration_minutes) == (first.id, False, 12)

    second = services.visits.scan_member(attendant, m.code)
    assert second.id != first.id and second.inside

    # A card stopped while its holder is inside still lets them leave, but not come back.
    services.members.deactivate(supervisor, m.id)
    assert services.visits.scan_member(attendant, m.code).id == second.id
    before = counts(services)
    with pytest.raises(Conflict):
        services.visits.scan_member(attendant, m.code)
    assert counts(services) == before


def test_scan_member_unknown_or_empty_code_writes_nothing(
    services: Services, attendant: Actor
) -> None:
    before = counts(services)
    with pytest.raises(NotFound) as caught:
        services.visits.scan_member(attendant, "zzzz-0000")
    assert caught.value.field == "Member code" and "ZZZZ-0000" in caught.value.zh
    with pytest.raises(InvalidInput) as caught_empty:
        services.visits.scan_member(attendant, "   ")
    assert caught_empty.value.field == "Member code"
    assert counts(services) == before
