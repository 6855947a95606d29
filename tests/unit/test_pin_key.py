"""Another PC's PIN key (pepper.key): said plainly, and no account is locked for it."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, update

from db.models import AuditEvent, Station, User
from station_app.auth import PinHasher
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import AuthFailed, WrongPinKey
from station_app.services import Services, build_services
from station_app.stations import StationInfo
from tests.conftest import ATTENDANT_NAME, ATTENDANT_PIN, SUPERVISOR_NAME, SUPERVISOR_PIN, TZ


def other_pc(engine: Engine, clock: FixedClock) -> Services:
    """The same database opened where pepper.key is another file."""
    hasher = PinHasher(
        b"another-pc", time_cost=1, memory_cost=1024, source="/home/kiosk/StationDesk/pepper.key"
    )
    return build_services(engine, hasher, clock=clock, tz=TZ)


def state(services: Services) -> tuple[list[tuple[str, int, object]], int, str | None]:
    with services.ctx.uow() as uow:
        s = uow.session
        users = [
            tuple(r) for r in s.execute(select(User.name, User.failed_tries, User.locked_until))
        ]
        audits = s.scalar(select(func.count(AuditEvent.id))) or 0
        check = s.scalar(select(Station.pin_key_check))
    return users, audits, check  # type: ignore[return-value]


def test_the_station_keeps_a_fingerprint_of_its_pin_key(
    services: Services, station: StationInfo
) -> None:
    _, _, check = state(services)
    assert check == services.users.hasher.key_check()
    assert len(check or "") == 64
    assert b"test-pepper".hex() not in (check or "")
    assert services.users.pin_key_problem() is None


def test_another_pcs_key_is_refused_without_counting_a_try(
    engine: Engine, services: Services, attendant: Actor, clock: FixedClock
) -> None:
    before = state(services)
    moved = other_pc(engine, clock)
    problem = moved.users.pin_key_problem()
    assert isinstance(problem, WrongPinKey)
    assert "/home/kiosk/StationDesk/pepper.key" in problem.zh
    assert "/home/kiosk/StationDesk/pepper.key" in problem.en
    for _ in range(8):  # more than the five tries that lock an account
        with pytest.raises(WrongPinKey, match=r"pepper\.key"):
            moved.users.login(ATTENDANT_NAME, ATTENDANT_PIN)
        with pytest.raises(WrongPinKey):
            moved.users.login(SUPERVISOR_NAME, "0000")
    assert state(services) == before  # nothing counted, nothing locked, nothing written
    # Back with the right key, everyone signs in at once.
    assert services.users.login(ATTENDANT_NAME, ATTENDANT_PIN).name == ATTENDANT_NAME


def test_a_database_from_before_the_check_learns_its_key_at_the_first_good_sign_in(
    engine: Engine, services: Services, station: StationInfo, clock: FixedClock
) -> None:
    with services.ctx.uow() as uow:
        uow.session.execute(update(Station).values(pin_key_check=None))
        uow.commit()
    assert services.users.pin_key_problem() is None  # cannot be told yet
    with pytest.raises(AuthFailed):
        services.users.login(SUPERVISOR_NAME, "9999")
    assert state(services)[2] is None  # a wrong PIN proves nothing about the key
    services.users.login(SUPERVISOR_NAME, SUPERVISOR_PIN)
    assert state(services)[2] == services.users.hasher.key_check()
    # From then on another key is told apart.
    assert isinstance(other_pc(engine, clock).users.pin_key_problem(), WrongPinKey)
