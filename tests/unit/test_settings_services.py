"""What Settings changes: the catalog's names, order and retirement, a lock-out lifted
early, and a stock item's settings. Each change is one transaction with its audit event;
each refusal names its field and writes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, func, select, text

from db.models import AuditEvent
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import AuthFailed, Conflict, InvalidInput, NotFound, PermissionDenied
from station_app.inventory import ItemInfo
from station_app.services import Services
from tests.conftest import ATTENDANT_NAME, ATTENDANT_PIN, SUPERVISOR_NAME

COURIER = "快递员"
RIDER = "外卖骑手"
WATER = "矿泉水"
UMBRELLA = "雨伞"
TOWEL = "毛巾"


def audit_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count(AuditEvent.id))) or 0)


def category_id(services: Services, name: str) -> int:
    [cat] = [c for c in services.stations.categories(include_inactive=True) if c.name == name]
    return cat.id


def service_id(services: Services, name: str) -> int:
    [st] = [s for s in services.stations.service_types(include_inactive=True) if s.name == name]
    return st.id


def category_names(services: Services, include_inactive: bool = False) -> list[str]:
    return [c.name for c in services.stations.categories(include_inactive)]


# --------------------------------------------------------------------------- catalog


def test_rename_a_category_in_both_languages(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    cid = category_id(services, COURIER)
    visit = services.visits.check_in(attendant, cid)
    info = services.stations.rename_category(supervisor, cid, " 快递 小哥 ", "Parcel courier")
    assert (info.name, info.name_en, info.active) == ("快递 小哥", "Parcel courier", True)
    # The visit recorded before shows the new name; the English name finds it too.
    [row] = services.visits.visits_on(date(2026, 7, 1))
    assert (row.id, row.category, row.category_en) == (visit.id, "快递 小哥", "Parcel courier")
    services.visits.forget_catalog()
    assert services.visits.check_in(attendant, "parcel courier").category == "快递 小哥"
    [event] = services.audit.recent(action="category.rename")
    assert event.detail == {
        "before": {"name": COURIER, "name_en": "Courier"},
        "after": {"name": "快递 小哥", "name_en": "Parcel courier"},
    }


def test_a_rename_refused_writes_nothing(
    services: Services, supervisor: Actor, attendant: Actor, engine: Engine
) -> None:
    cid = category_id(services, COURIER)
    before = audit_count(engine)
    with pytest.raises(Conflict) as taken:
        services.stations.rename_category(supervisor, cid, RIDER, "")
    assert taken.value.field == "Category name" and RIDER in taken.value.zh
    with pytest.raises(Conflict) as taken_en:
        services.stations.rename_category(supervisor, cid, "快递", "delivery RIDER")
    assert taken_en.value.field == "English name" and RIDER in taken_en.value.zh
    with pytest.raises(InvalidInput) as empty:
        services.stations.rename_category(supervisor, cid, "  ", "")
    assert empty.value.field == "Category name"
    with pytest.raises(InvalidInput) as long:
        services.stations.rename_category(supervisor, cid, "快" * 31, "")
    assert long.value.field == "Category name"
    with pytest.raises(PermissionDenied):
        services.stations.rename_category(attendant, cid, "快递", "")
    with pytest.raises(NotFound) as unknown:
        services.stations.rename_category(supervisor, 999, "快递", "")
    assert unknown.value.field == "Category"
    # Its own English name again (another letter case) is not "taken".
    assert services.stations.rename_category(supervisor, cid, COURIER, "COURIER").name_en == (
        "COURIER"
    )
    assert audit_count(engine) == before + 1
    assert category_names(services)[0] == COURIER


def test_move_categories_up_and_down(services: Services, supervisor: Actor) -> None:
    start = category_names(services, include_inactive=True)
    rider = category_id(services, RIDER)
    moved = services.stations.move_category(supervisor, rider, -1)
    assert [c.name for c in moved][:3] == [RIDER, COURIER, start[2]]
    assert category_names(services)[:3] == [RIDER, COURIER, start[2]]
    services.stations.move_category(supervisor, rider, 1)
    services.stations.move_category(supervisor, rider, 1)
    assert category_names(services)[:3] == [COURIER, start[2], RIDER]
    [last, *_] = services.audit.recent(action="category.move")
    assert last.detail == {"name": RIDER, "from": 2, "to": 3}


def test_a_move_past_either_end_or_by_two_is_refused(
    services: Services, supervisor: Actor, engine: Engine
) -> None:
    before = audit_count(engine)
    order = category_names(services, include_inactive=True)
    with pytest.raises(Conflict) as first:
        services.stations.move_category(supervisor, category_id(services, order[0]), -1)
    assert "first" in first.value.en and first.value.field == "Category"
    with pytest.raises(Conflict):
        services.stations.move_category(supervisor, category_id(services, order[-1]), 1)
    with pytest.raises(InvalidInput) as step:
        services.stations.move_category(supervisor, category_id(services, COURIER), 2)
    assert step.value.field == "Step"
    assert category_names(services, include_inactive=True) == order
    assert audit_count(engine) == before


def test_retire_and_restore_a_category(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    cid = category_id(services, "司机")
    info = services.stations.retire_category(supervisor, cid)
    assert info.active is False
    assert "司机" not in category_names(services)
    assert "司机" in category_names(services, include_inactive=True)
    with pytest.raises(NotFound):
        services.visits.check_in(attendant, "司机")
    with pytest.raises(Conflict):
        services.stations.retire_category(supervisor, cid)
    assert services.stations.restore_category(supervisor, cid).active is True
    assert services.visits.check_in(attendant, "司机").category == "司机"
    with pytest.raises(Conflict):
        services.stations.restore_category(supervisor, cid)
    actions = [e.action for e in services.audit.recent(entity="category")]
    assert actions[:2] == ["category.restore", "category.retire"]


def test_a_category_in_use_cannot_be_retired(
    services: Services, supervisor: Actor, attendant: Actor, clock: FixedClock, engine: Engine
) -> None:
    member = services.members.register(attendant, RIDER, nickname="小王")
    rider = category_id(services, RIDER)
    with pytest.raises(Conflict) as members:
        services.stations.retire_category(supervisor, rider)
    assert "1" in members.value.zh and members.value.field == "Category"
    services.members.deactivate(supervisor, member.id)
    services.stations.retire_category(supervisor, rider)  # no active member left

    nursing = category_id(services, "哺乳妈妈")
    services.inventory.receive(supervisor, TOWEL, 10)
    services.relief.create_campaign(
        supervisor,
        "母婴关爱",
        date(2026, 7, 1),
        date(2026, 7, 31),
        [(TOWEL, 1)],
        categories=["哺乳妈妈"],
    )
    with pytest.raises(Conflict) as campaign:
        services.stations.retire_category(supervisor, nursing)
    assert "母婴关爱" in campaign.value.zh
    clock.advance(days=31)  # the campaign has ended
    services.stations.retire_category(supervisor, nursing)


def test_the_last_category_cannot_be_retired(services: Services, supervisor: Actor) -> None:
    names = category_names(services)
    for name in names[1:]:
        services.stations.retire_category(supervisor, category_id(services, name))
    with pytest.raises(Conflict) as last:
        services.stations.retire_category(supervisor, category_id(services, names[0]))
    assert "last" in last.value.en
    assert category_names(services) == names[:1]


def test_services_added_renamed_moved_retired(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    added = services.stations.add_service_type(supervisor, "理发", "Haircut")
    assert [s.name for s in services.stations.service_types()][-1] == "理发"
    with pytest.raises(Conflict) as taken:
        services.stations.add_service_type(supervisor, "理发", "")
    assert taken.value.field == "Service name"
    with pytest.raises(Conflict) as taken_en:
        services.stations.add_service_type(supervisor, "剪发", "haircut")
    assert taken_en.value.field == "English name"
    with pytest.raises(PermissionDenied):
        services.stations.add_service_type(attendant, "剪发", "")
    renamed = services.stations.rename_service_type(supervisor, added.id, "义剪", "Free haircut")
    assert (renamed.name, renamed.name_en) == ("义剪", "Free haircut")
    services.stations.move_service_type(supervisor, added.id, -1)
    names = [s.name for s in services.stations.service_types()]
    assert names[-2:] == ["义剪", "工具"]
    water = service_id(services, "饮水")
    services.stations.retire_service_type(supervisor, water)
    assert "饮水" not in [s.name for s in services.stations.service_types()]
    [retired] = [s for s in services.stations.service_types(True) if s.id == water]
    assert retired.active is False
    with pytest.raises(NotFound):
        services.visits.check_in(attendant, COURIER, ["饮水"])
    services.stations.restore_service_type(supervisor, water)
    assert services.visits.check_in(attendant, COURIER, ["饮水", "义剪"]).services == (
        "饮水",
        "义剪",
    )
    actions = {e.action for e in services.audit.recent(entity="service")}
    assert actions == {
        "service.create",
        "service.rename",
        "service.move",
        "service.retire",
        "service.restore",
    }


def test_check_in_shows_a_new_name_once_the_catalog_is_forgotten(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    cid = category_id(services, COURIER)
    assert services.visits.check_in(attendant, cid).category == COURIER  # fills the cache
    services.stations.rename_category(supervisor, cid, "快递小哥", "Courier")
    services.visits.forget_catalog()
    assert services.visits.check_in(attendant, cid).category == "快递小哥"
    [event, *_] = services.audit.recent(action="visit.check_in")
    assert event.detail["category"] == "快递小哥"


# --------------------------------------------------------------------------- users


def test_unlock_a_locked_account(
    services: Services, supervisor: Actor, attendant: Actor, clock: FixedClock
) -> None:
    for _ in range(5):
        with pytest.raises(AuthFailed):
            services.users.login(ATTENDANT_NAME, "9024")
    with pytest.raises(AuthFailed, match="锁定"):
        services.users.login(ATTENDANT_NAME, ATTENDANT_PIN)
    uid = attendant.user_id
    assert uid is not None
    with pytest.raises(PermissionDenied):
        services.users.unlock_user(attendant, uid)
    info = services.users.unlock_user(supervisor, uid)
    assert info.locked_until is None
    assert services.users.login(ATTENDANT_NAME, ATTENDANT_PIN).user_id == uid
    [event] = services.audit.recent(action="user.unlocked")
    assert event.entity_id == uid and event.detail == {"failed_tries": 0, "was_locked": True}
    with pytest.raises(Conflict) as not_locked:
        services.users.unlock_user(supervisor, uid)
    assert not_locked.value.field == "User"
    with pytest.raises(NotFound):
        services.users.unlock_user(supervisor, 999)


def test_unlock_clears_wrong_tries_short_of_a_lock(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    for _ in range(4):
        with pytest.raises(AuthFailed):
            services.users.login(ATTENDANT_NAME, "9024")
    assert attendant.user_id is not None
    services.users.unlock_user(supervisor, attendant.user_id)
    for _ in range(4):  # four more wrong ones still do not lock: the count started again
        with pytest.raises(AuthFailed, match="还可以"):
            services.users.login(ATTENDANT_NAME, "9024")
    assert services.users.login(ATTENDANT_NAME, ATTENDANT_PIN).name == ATTENDANT_NAME


def test_a_lock_that_ran_out_is_not_locked(
    services: Services, supervisor: Actor, attendant: Actor, clock: FixedClock, engine: Engine
) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE app_user SET locked_until = :t WHERE name = :n"),
            {"t": (clock() - timedelta(minutes=1)).isoformat(), "n": ATTENDANT_NAME},
        )
    assert attendant.user_id is not None
    with pytest.raises(Conflict):
        services.users.unlock_user(supervisor, attendant.user_id)
    assert SUPERVISOR_NAME in [u.name for u in services.users.list_users()]


# --------------------------------------------------------------------------- stock items


def item(services: Services, name: str) -> ItemInfo:
    [found] = [i for i in services.inventory.items(include_inactive=True) if i.name == name]
    return found


def test_update_an_item(services: Services, supervisor: Actor, engine: Engine) -> None:
    towel = item(services, TOWEL)
    info = services.inventory.update_item(
        supervisor,
        towel.id,
        unit="块",
        low_stock_threshold=25,
        tracks_expiry=True,
        near_expiry_days=90,
    )
    assert (info.unit, info.low_stock_threshold, info.tracks_expiry, info.near_expiry_days) == (
        "块",
        25,
        True,
        90,
    )
    assert item(services, TOWEL) == info
    [level] = [lv for lv in services.inventory.levels() if lv.item == TOWEL]
    assert (level.unit, level.low_stock_threshold, level.is_low) == ("块", 25, True)
    # Tracking expiry now: a delivery without a date is refused.
    with pytest.raises(InvalidInput):
        services.inventory.receive(supervisor, TOWEL, 5)
    [event] = services.audit.recent(action="item.update")
    assert event.detail == {
        "name": TOWEL,
        "before": {"unit": "条", "low_stock_threshold": 10, "tracks_expiry": False,
                   "near_expiry_days": 30},
        "after": {"unit": "块", "low_stock_threshold": 25, "tracks_expiry": True,
                  "near_expiry_days": 90},
    }  # fmt: skip
    # Nothing changed: nothing written.
    before = audit_count(engine)
    services.inventory.update_item(supervisor, TOWEL, unit="块", low_stock_threshold=25)
    assert audit_count(engine) == before


def test_update_item_refusals_write_nothing(
    services: Services, supervisor: Actor, attendant: Actor, engine: Engine
) -> None:
    before = audit_count(engine)
    cases = [
        (dict(unit=""), InvalidInput, "Unit"),
        (dict(unit="个" * 11), InvalidInput, "Unit"),
        (dict(low_stock_threshold=-1), InvalidInput, "Low-stock threshold"),
        (dict(near_expiry_days=3651), InvalidInput, "Near-expiry days"),
        (dict(lendable="yes"), InvalidInput, "Lendable"),
        (dict(active=1), InvalidInput, "Active"),
    ]
    for kwargs, error, field in cases:
        with pytest.raises(error) as refused:
            services.inventory.update_item(supervisor, TOWEL, **kwargs)  # type: ignore[arg-type]
        assert refused.value.field == field, kwargs
    with pytest.raises(PermissionDenied):
        services.inventory.update_item(attendant, TOWEL, unit="块")
    with pytest.raises(NotFound):
        services.inventory.update_item(supervisor, "没有这个", unit="块")
    assert audit_count(engine) == before
    assert item(services, TOWEL).unit == "条"


def test_lendable_off_refused_while_on_loan(services: Services, supervisor: Actor) -> None:
    services.inventory.receive(supervisor, UMBRELLA, 3)
    loan = services.loans.lend(supervisor, UMBRELLA, borrower="老张")
    with pytest.raises(Conflict) as lent:
        services.inventory.update_item(supervisor, UMBRELLA, lendable=False)
    assert lent.value.field == "Lendable" and "1" in lent.value.zh
    assert item(services, UMBRELLA).lendable is True
    services.loans.return_loan(supervisor, loan.id)
    assert services.inventory.update_item(supervisor, UMBRELLA, lendable=False).lendable is False


def test_lendable_on_or_retire_refused_while_a_campaign_hands_it_out(
    services: Services, supervisor: Actor, clock: FixedClock
) -> None:
    services.relief.create_campaign(
        supervisor, "夏季送清凉", date(2026, 7, 1), date(2026, 7, 10), [(TOWEL, 1)]
    )
    with pytest.raises(Conflict) as lend:
        services.inventory.update_item(supervisor, TOWEL, lendable=True)
    assert lend.value.field == "Lendable" and "夏季送清凉" in lend.value.zh
    with pytest.raises(Conflict) as retire:
        services.inventory.update_item(supervisor, TOWEL, active=False)
    assert retire.value.field == "Active"
    clock.advance(days=10)  # the campaign ended yesterday
    assert services.inventory.update_item(supervisor, TOWEL, active=False).active is False
    assert TOWEL not in [i.name for i in services.inventory.items()]
    assert services.inventory.update_item(supervisor, TOWEL, active=True).active is True


def test_retire_refused_while_in_stock(services: Services, supervisor: Actor) -> None:
    services.inventory.receive(supervisor, WATER, 2, expires_on=date(2026, 12, 31))
    with pytest.raises(Conflict) as held:
        services.inventory.update_item(supervisor, WATER, active=False)
    assert held.value.field == "Active" and "2" in held.value.zh
    services.inventory.issue(supervisor, WATER, 2)
    assert services.inventory.update_item(supervisor, WATER, active=False).active is False
    assert WATER not in [lv.item for lv in services.inventory.levels()]
