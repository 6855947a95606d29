from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from db.migrate import current_revision, head_revision
from db.models import AuditEvent, Category, Item, User
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import AuthFailed, Conflict, InvalidInput, PermissionDenied
from station_app.services import Services
from station_app.stations import StationInfo
from tests.conftest import ATTENDANT_NAME, ATTENDANT_PIN, SUPERVISOR_NAME


def test_pragmas_on_every_connection(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


def test_migrated_to_head(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()


def test_initialize_seeds_catalog_and_supervisor(services: Services, station: StationInfo) -> None:
    assert station.name == "解放路爱心驿家"
    assert station.code == "JFL01"
    with services.ctx.uow() as uow:
        s = uow.session
        assert s.scalar(select(Category.name).where(Category.name == "外卖骑手")) == "外卖骑手"
        assert s.scalar(select(Item.unit).where(Item.name == "矿泉水")) == "瓶"
        user = s.scalar(select(User).where(User.name == SUPERVISOR_NAME))
        assert user is not None and user.role == "supervisor"
        assert "2580" not in user.pin_hash and user.pin_hash.startswith("$argon2id$")
        actions = list(s.scalars(select(AuditEvent.action)))
    assert actions == ["station.init"]


def test_second_initialize_refused(services: Services, station: StationInfo) -> None:
    with pytest.raises(Conflict):
        services.stations.initialize(
            name="x", kind="rest", supervisor_name="a", supervisor_pin="2468"
        )


@pytest.mark.parametrize(
    ("field", "value", "word"),
    [
        ("name", "", "站点名称"),
        ("name", "驿" * 61, "站点名称"),
        ("kind", "shop", "站点类型"),
        ("supervisor_pin", "1111", "PIN"),
        ("supervisor_pin", "12ab", "PIN"),
        ("seats", "-3", "座位数"),
        ("seats", "2.5", "座位数"),
    ],
)
def test_initialize_bad_input_names_the_field(
    services: Services, field: str, value: str, word: str
) -> None:
    args = {
        "name": "驿站",
        "kind": "rest",
        "supervisor_name": "张三",
        "supervisor_pin": "2468",
        "seats": 4,
    }
    args[field] = value
    with pytest.raises(InvalidInput) as exc:
        services.stations.initialize(**args)  # type: ignore[arg-type]
    assert word in exc.value.zh
    assert not services.stations.is_initialized()


def test_wrong_pins_lock_the_account(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    for left in (4, 3, 2, 1):
        with pytest.raises(AuthFailed, match=f"还可以再试 {left} 次"):
            services.users.login(ATTENDANT_NAME, "9999")
    with pytest.raises(AuthFailed, match="锁定"):
        services.users.login(ATTENDANT_NAME, "9999")
    with pytest.raises(AuthFailed, match="锁定到"):
        services.users.login(ATTENDANT_NAME, ATTENDANT_PIN)  # right PIN, still locked
    clock.advance(minutes=16)
    assert services.users.login(ATTENDANT_NAME, ATTENDANT_PIN).name == ATTENDANT_NAME


def test_supervisor_only_actions(services: Services, attendant: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.users.create_user(attendant, "小赵", "attendant", "2468")
    with pytest.raises(PermissionDenied):
        services.stations.update_profile(attendant, name="x", kind="rest")


def test_profile_update_is_audited(services: Services, supervisor: Actor) -> None:
    info = services.stations.update_profile(supervisor, name="解放路驿站", kind="rest", seats=8)
    assert (info.name, info.kind, info.seats) == ("解放路驿站", "rest", 8)
    entry = services.audit.recent(action="station.update")[0]
    assert entry.actor_name == SUPERVISOR_NAME
    assert entry.detail["before"]["name"] == "解放路爱心驿家"


def test_last_supervisor_cannot_be_deactivated(services: Services, supervisor: Actor) -> None:
    assert supervisor.user_id is not None
    with pytest.raises(Conflict):
        services.users.deactivate_user(supervisor, supervisor.user_id)


def test_station_created_in_the_past(station: StationInfo, clock: FixedClock) -> None:
    assert clock() - station.created_at == timedelta(days=30)
