"""Sign-in rules pinned to their numbers: the lock-out's length, the PIN hash's cost, and
that a deactivated user stays out."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import Type, extract_parameters

from main import open_station
from station_app.auth import PinHasher, UserInfo
from station_app.clock import FixedClock
from station_app.config import load_config
from station_app.context import Actor
from station_app.errors import AuthFailed
from station_app.services import Services
from tests.conftest import ATTENDANT_NAME, ATTENDANT_PIN, SUPERVISOR_NAME, SUPERVISOR_PIN

WRONG_PIN = "9024"


def lock_out(services: Services, clock: FixedClock) -> timedelta:
    """Five wrong PINs, ten seconds apart; returns how far the clock moved (the 5th's time)."""
    start = clock()
    for n in range(5):
        if n:
            clock.advance(seconds=10)
        with pytest.raises(AuthFailed):
            services.users.login(ATTENDANT_NAME, WRONG_PIN)
    return clock() - start


def attendant_info(services: Services) -> UserInfo:
    users = services.users.list_users(include_inactive=True)
    [info] = [u for u in users if u.name == ATTENDANT_NAME]
    return info


def test_four_wrong_pins_do_not_lock(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    for _ in range(4):
        with pytest.raises(AuthFailed):
            services.users.login(ATTENDANT_NAME, WRONG_PIN)
    assert attendant_info(services).locked_until is None
    assert services.users.login(ATTENDANT_NAME, ATTENDANT_PIN).name == ATTENDANT_NAME


def test_fifth_wrong_pin_locks_for_fifteen_minutes_from_then(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    start = clock()
    lock_out(services, clock)
    fifth = clock()
    assert fifth - start == timedelta(seconds=40)
    assert attendant_info(services).locked_until == fifth + timedelta(minutes=15)


def test_sign_in_at_14_59_after_the_lock_is_refused(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    lock_out(services, clock)
    locked_at = clock()
    clock.advance(minutes=10)
    with pytest.raises(AuthFailed):  # a wrong PIN while locked: refused, lock not moved
        services.users.login(ATTENDANT_NAME, WRONG_PIN)
    clock.set(locked_at + timedelta(minutes=14, seconds=59))
    with pytest.raises(AuthFailed) as exc:
        services.users.login(ATTENDANT_NAME, ATTENDANT_PIN)  # the right PIN
    # 09:00:40 Shanghai + 15 min: the refusal says until when
    assert exc.value.zh == "输错次数太多，账号已锁定到 09:15"
    assert exc.value.en == "Too many wrong PINs: locked until 09:15"
    assert attendant_info(services).locked_until == locked_at + timedelta(minutes=15)


@pytest.mark.parametrize("after", [timedelta(minutes=15), timedelta(minutes=15, seconds=1)])
def test_sign_in_from_15_00_after_the_lock_is_accepted(
    services: Services, attendant: Actor, clock: FixedClock, after: timedelta
) -> None:
    lock_out(services, clock)
    clock.set(clock() + after)
    actor = services.users.login(ATTENDANT_NAME, ATTENDANT_PIN)
    assert (actor.user_id, actor.name) == (attendant.user_id, ATTENDANT_NAME)
    info = attendant_info(services)
    assert info.locked_until is None
    # the count started again: four wrong PINs now leave one try, not a lock
    for _ in range(4):
        with pytest.raises(AuthFailed):
            services.users.login(ATTENDANT_NAME, WRONG_PIN)
    assert attendant_info(services).locked_until is None


def test_pin_hash_cost_parameters(tmp_path: Path) -> None:
    """The hasher main.py builds stores argon2id with t=3, m=64 MiB, p=1 in every PIN hash."""
    config = load_config(db=str(tmp_path / "station.db"), env={"STATION_DATA_DIR": str(tmp_path)})
    runtime = open_station(config)
    try:
        runtime.services.stations.initialize(
            name="解放路爱心驿家",
            kind="rest",
            supervisor_name=SUPERVISOR_NAME,
            supervisor_pin=SUPERVISOR_PIN,
        )
    finally:
        runtime.close()
    conn = sqlite3.connect(tmp_path / "station.db")
    try:
        [(stored,)] = conn.execute(
            "SELECT pin_hash FROM app_user WHERE name = ?", (SUPERVISOR_NAME,)
        ).fetchall()
    finally:
        conn.close()
    params = extract_parameters(stored)
    assert params.type is Type.ID
    assert params.version == 19
    assert (params.time_cost, params.memory_cost, params.parallelism) == (3, 65536, 1)
    assert params.salt_len >= 16
    assert params.hash_len >= 32
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=1$")
    assert extract_parameters(PinHasher(b"another-pepper").hash("4826")) == params


def test_deactivated_user_cannot_sign_in(
    services: Services, supervisor: Actor, attendant: Actor
) -> None:
    assert attendant.user_id is not None
    services.users.deactivate_user(supervisor, attendant.user_id)
    with pytest.raises(AuthFailed) as exc:
        services.users.login(ATTENDANT_NAME, ATTENDANT_PIN)  # the right PIN
    # the same words as an unknown name: nothing tells that the account exists
    assert (exc.value.zh, exc.value.en) == ("用户名或 PIN 不对", "Wrong name or PIN")
    info = attendant_info(services)
    assert not info.active
    assert info.locked_until is None
    assert ATTENDANT_NAME not in [u.name for u in services.users.list_users()]
