"""Every public service method, called with arbitrary arguments.

The methods are found by introspection of the ``Services`` object, so a new public
method is driven as soon as it exists. Each parameter is drawn, by its name, from
values that look right for the seeded station (its item names, ids, member code,
dates) mixed with values that do not: None, huge and negative ints, bools, floats,
bytes, text that is not valid Unicode, empty and very long text, dates far off,
datetimes where a date is meant, lists, tuples, dicts and generators of those.

A call may succeed or be refused with a ``StationError``; anything else (a driver's
OverflowError or UnicodeEncodeError, an AttributeError, a TypeError …) is a bug the
window would show as one. A refusal must leave every table's row count as it was.
The actor is always one of the station's real actors: it is never typed by a person.
"""

from __future__ import annotations

import inspect
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, get_type_hints

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from db.engine import create_station_engine
from db.models import ROLES, STATION_KINDS, VISIT_SOURCES
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import CLI_ACTOR, Actor
from station_app.errors import AuthFailed, InvalidInput, StationError
from station_app.services import Services, build_services
from tests.conftest import (
    ATTENDANT_NAME,
    ATTENDANT_PIN,
    SUPERVISOR_NAME,
    SUPERVISOR_PIN,
    TZ,
    fast_hasher,
)

START = datetime(2026, 7, 1, 9, 0, tzinfo=TZ)
TODAY = START.date()

# Methods the property cannot drive, each with the reason. Keep it short.
SKIP: dict[str, str] = {}

# Refusals that write on purpose: a wrong PIN is counted and audited (lock-out).
WRITING_REFUSALS: dict[str, tuple[type[StationError], frozenset[str]]] = {
    "users.login": (AuthFailed, frozenset({"audit_event"})),
}


def public_methods() -> list[str]:
    """``service.method`` for every public method of every service on ``Services``."""
    hints = get_type_hints(Services)
    found = []
    for f in fields(Services):
        if f.name == "ctx":
            continue
        for name, _ in inspect.getmembers(hints[f.name], inspect.isfunction):
            if not name.startswith("_"):
                found.append(f"{f.name}.{name}")
    return sorted(found)


ALL_METHODS = public_methods()


# ----------------------------------------------------------------- the station


@dataclass
class World:
    services: Services
    engine: Engine
    actors: tuple[Actor, ...]
    member_code: str
    tables: tuple[str, ...]

    def row_counts(self) -> dict[str, int]:
        sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in self.tables)
        with self.engine.connect() as conn:
            return {name: n for name, n in conn.execute(text(sql))}


@pytest.fixture(scope="module")
def world(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = tmp_path_factory.mktemp("boundary") / "station.db"
    shutil.copy(migrated_template, path)
    engine = create_station_engine(sqlite_url(path))
    services = build_services(engine, fast_hasher(), clock=FixedClock(START), tz=TZ)
    services.stations.initialize(
        name="解放路爱心驿家",
        kind="both",
        supervisor_name=SUPERVISOR_NAME,
        supervisor_pin=SUPERVISOR_PIN,
        code="JFL01",
    )
    boss = services.users.login(SUPERVISOR_NAME, SUPERVISOR_PIN)
    services.users.create_user(boss, ATTENDANT_NAME, "attendant", ATTENDANT_PIN)
    attendant = services.users.login(ATTENDANT_NAME, ATTENDANT_PIN)
    inv = services.inventory
    inv.receive(boss, "矿泉水", 40, lot_code="W1", expires_on=TODAY + timedelta(days=60))
    inv.receive(boss, "绿豆汤", 10, lot_code="G1", expires_on=TODAY + timedelta(days=2))
    inv.receive(boss, "毛巾", 10)
    inv.receive(boss, "雨伞", 5)
    member = services.members.register(attendant, "快递员", nickname="小马")
    services.visits.check_in(attendant, "外卖骑手", ["饮水", "充电"])
    services.loans.lend(attendant, "雨伞", borrower="张三")
    services.relief.create_campaign(
        boss,
        "夏季送清凉",
        TODAY - timedelta(days=1),
        TODAY + timedelta(days=30),
        [("矿泉水", 1)],
        per_person_limit=3,
    )
    with engine.connect() as conn:
        tables = tuple(
            conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        )
    yield World(services, engine, (boss, attendant, CLI_ACTOR), member.code, tables)
    engine.dispose()


# ----------------------------------------------------------------- what to draw

INT64 = 2**63


def _bad_unicode(prefix: str) -> str:
    return prefix + "\ud800"


small_text = st.text(max_size=12)
bad_text = st.one_of(
    st.builds(_bad_unicode, small_text),
    st.builds(lambda a, b: a + b, small_text, st.characters(categories=["Cs"])),
)
long_text = st.integers(min_value=61, max_value=5000).map(lambda n: "长" * n)
any_text = st.one_of(st.just(""), st.just("   "), small_text, bad_text, long_text)
huge_int = st.one_of(
    st.integers(min_value=INT64 - 2, max_value=2**80),
    st.integers(min_value=-(2**80), max_value=-INT64 - 1),
    st.just(2**70),
    st.just("9" * 4400),
)
any_date = st.one_of(st.dates(), st.just(date.max), st.just(date.min))
any_datetime = st.one_of(
    st.datetimes(),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(timezones=st.just(TZ), min_value=datetime(1900, 1, 1)),
)
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=40),
    huge_int,
    st.floats(),
    st.binary(max_size=6),
    any_text,
    any_date,
    any_datetime,
)
containers = st.one_of(
    st.lists(scalar, max_size=4),
    st.tuples(scalar, scalar),
    st.dictionaries(small_text, scalar, max_size=2),
    st.lists(scalar, max_size=3).map(lambda xs: (x for x in xs)),
)
# The kinds that broke the services are drawn more often than "anything" would draw them.
junk = st.one_of(bad_text, huge_int, st.none(), any_datetime, scalar, containers)

OMIT = object()  # leave the parameter out: its default is used

ids = st.integers(min_value=1, max_value=12)
near_dates = st.dates(min_value=TODAY - timedelta(days=40), max_value=TODAY + timedelta(days=40))
items = st.one_of(st.sampled_from(["矿泉水", "绿豆汤", "毛巾", "雨伞", "充电宝", " 矿泉水 "]), ids)
categories = st.one_of(st.sampled_from(["快递员", "外卖骑手", "Courier", "哺乳妈妈"]), ids)
services_ = st.one_of(st.sampled_from(["饮水", "充电", "Rest", "哺乳"]), ids)
names = st.sampled_from(["解放路爱心驿家", SUPERVISOR_NAME, ATTENDANT_NAME, "张三", "新物品甲"])
pins = st.sampled_from([SUPERVISOR_PIN, ATTENDANT_PIN, "4826", "1111"])


def _generator(values: list[Any]) -> Iterator[Any]:
    yield from values


def listed(
    element: st.SearchStrategy[Any], *, min_size: int = 0, max_size: int
) -> st.SearchStrategy[Any]:
    """Lists of ``element``, also given as a tuple or a generator."""
    values = st.lists(element, min_size=min_size, max_size=max_size)
    return st.one_of(values, values.map(tuple), values.map(_generator))


def valid(name: str, world: World) -> st.SearchStrategy[Any] | None:
    """Values that look right for a parameter called ``name``; None: nothing special."""
    code = st.sampled_from([world.member_code, world.member_code.lower(), "MNOSUCH22"])
    by_name: dict[str, st.SearchStrategy[Any]] = {
        "name": names,
        "supervisor_name": names,
        "borrower": names,
        "nickname": names,
        "employer": st.sampled_from(["美团配送", "环卫所"]),
        "kind": st.sampled_from(STATION_KINDS),
        "role": st.sampled_from(ROLES),
        "source": st.sampled_from(VISIT_SOURCES),
        "pin": pins,
        "new_pin": pins,
        "supervisor_pin": pins,
        "item": items,
        "category": categories,
        "services": st.one_of(listed(services_, max_size=3), services_),
        "categories": listed(categories, max_size=2),
        "lines": listed(st.tuples(items, st.integers(1, 3)), min_size=1, max_size=3),
        "counts": listed(st.tuples(ids, st.integers(0, 50)), max_size=3),
        "member_code": code,
        "code": st.sampled_from(["JFL02", "AB"]),
        "phone": st.sampled_from(["13812341234", "138-1234-1234", "12345"]),
        "phone_last4": st.sampled_from(["1234", "0000", "12a4"]),
        "qty": st.integers(1, 5),
        "reason": st.sampled_from(["loss", "expired", "录错了"]),
        "note": st.sampled_from(["盘点", "破损", ""]),
        "lot_code": st.sampled_from(["W1", "L-9"]),
        "search": st.sampled_from(["小马", "M", "1234", ""]),
        "action": st.sampled_from(["visit.check_in", "user.login"]),
        "entity": st.sampled_from(["visit", "user"]),
        "limit": st.integers(1, 50),
        "due_hours": st.integers(1, 72),
        "within_days": st.integers(0, 90),
        "seats": st.integers(0, 20),
        "low_stock_threshold": st.integers(0, 50),
        "near_expiry_days": st.integers(0, 90),
        "per_person_limit": st.integers(1, 5),
        "min_days_between": st.integers(0, 10),
        "created_at": st.just(START),
    }
    if name in by_name:
        return by_name[name]
    if name.endswith("_id"):
        return ids
    if name in ("day", "start", "end", "starts_on", "ends_on", "expires_on"):
        return near_dates
    if name in ("include_inactive", "phone_consent", "tracks_expiry", "lendable"):
        return st.booleans()
    return None


def parameter(param: inspect.Parameter, world: World, *, bad: bool) -> st.SearchStrategy[Any]:
    """A value for ``param``: a wrong one when ``bad``, otherwise a good one or its default
    (a parameter nothing good is known for always gets anything)."""
    if param.name == "actor":
        return st.sampled_from(world.actors)
    good = valid(param.name, world)
    options = []
    if not bad and good is not None:
        options.append(good)
    if not bad and param.default is not inspect.Parameter.empty:
        options.append(st.just(OMIT))
    if bad or not options:
        options.append(junk)
    return st.one_of(*options)


def arguments(method: Callable[..., Any], world: World) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for ``method``: one or two parameters (or none) get a wrong value,
    the others a good one, so that each wrong value reaches the code that must refuse it."""
    params = [
        p
        for p in inspect.signature(method).parameters.values()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]

    def drawn(bad: frozenset[str]) -> st.SearchStrategy[dict[str, Any]]:
        return st.fixed_dictionaries(
            {p.name: parameter(p, world, bad=p.name in bad) for p in params}
        ).map(lambda values: {k: v for k, v in values.items() if v is not OMIT})

    names = [p.name for p in params if p.name != "actor"]
    if not names:
        return drawn(frozenset())
    return st.frozensets(st.sampled_from(names), max_size=2).flatmap(drawn)


# ----------------------------------------------------------------- the property


def test_every_service_is_covered(world: World) -> None:
    """The enumeration sees every service and its methods (and the lists name real ones)."""
    services = {m.split(".")[0] for m in ALL_METHODS}
    assert services >= {
        "stations",
        "users",
        "visits",
        "members",
        "inventory",
        "loans",
        "relief",
        "audit",
    }
    for qualname in ALL_METHODS:
        service, name = qualname.split(".")
        assert callable(getattr(getattr(world.services, service), name))
    for expected in ("visits.check_in", "relief.hand_out", "inventory.apply_stocktake"):
        assert expected in ALL_METHODS
    assert set(SKIP) <= set(ALL_METHODS)
    assert set(WRITING_REFUSALS) <= set(ALL_METHODS)


@pytest.mark.parametrize("qualname", [m for m in ALL_METHODS if m not in SKIP])
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_bad_arguments_are_refused_not_crashed(
    world: World, qualname: str, data: st.DataObject
) -> None:
    service, name = qualname.split(".")
    method = getattr(getattr(world.services, service), name)
    kwargs = data.draw(arguments(method, world), label="arguments")
    before = world.row_counts()
    try:
        method(**kwargs)
    except StationError as refusal:
        note(f"refused: {refusal}")
        assert refusal.zh and refusal.en
        refusal.zh.encode("utf-8")  # the window and the command line can show it
        refusal.en.encode("utf-8")
        if isinstance(refusal, InvalidInput):
            assert refusal.field
        after = world.row_counts()
        changed = {t for t in before if before[t] != after[t]}
        allowed = WRITING_REFUSALS.get(qualname)
        if allowed is not None and isinstance(refusal, allowed[0]):
            assert changed <= allowed[1]
        else:
            assert changed == set(), f"{qualname} refused but wrote rows: {changed}"


# ----------------------------------------------------------------- known cases

ACTOR = object()  # the supervisor, filled in by the test

REFUSED: list[tuple[str, dict[str, Any], str]] = [
    ("members.get", {"member_id": 2**70}, "Member"),
    ("relief.campaign", {"campaign_id": 2**70}, "Campaign"),
    ("visits.check_out", {"actor": ACTOR, "visit_id": -(2**70)}, "Visit"),
    ("users.deactivate_user", {"actor": ACTOR, "user_id": "9" * 4400}, "User"),
    ("inventory.expiring_soon", {"within_days": 2**64}, "Days"),
    ("members.get_by_code", {"code": "M\ud800"}, "Member code"),
    ("stations.add_category", {"actor": ACTOR, "name": "骑手\ud800"}, "Category name"),
    ("members.list_members", {"search": "\udfff"}, "Search"),
    ("audit.recent", {"action": "\ud800"}, "Action"),
    ("audit.recent", {"limit": 2**70}, "Limit"),
    ("users.login", {"name": [SUPERVISOR_NAME], "pin": SUPERVISOR_PIN}, "Name"),
    ("users.login", {"name": SUPERVISOR_NAME, "pin": 2580}, "PIN"),
    ("users.login", {"name": SUPERVISOR_NAME, "pin": "25\ud800"}, "PIN"),
    ("visits.visits_on", {"day": START}, "Day"),
    ("visits.visits_on", {"day": date.max}, "Day"),
    ("visits.counts_by_category", {"start": None, "end": None}, "Start date"),
    ("inventory.ledger", {"start": "2026-07-01", "end": TODAY}, "Start date"),
    ("inventory.moves", {"item": 2**70}, "Item"),
    ("loans.available", {"item": []}, "Item"),
    ("inventory.apply_stocktake", {"actor": ACTOR, "counts": None, "note": "盘点"}, "Counts"),
    ("inventory.apply_stocktake", {"actor": ACTOR, "counts": ["15"], "note": "盘点"}, "Counted"),
    ("visits.check_in", {"actor": ACTOR, "category": "外卖骑手", "services": b"\x01"}, "Services"),
    ("visits.check_in", {"actor": ACTOR, "category": "快递员", "member_code": [1]}, "Member code"),
    (
        "relief.create_campaign",
        {
            "actor": ACTOR,
            "name": "冬季送温暖",
            "starts_on": TODAY,
            "ends_on": TODAY,
            "lines": [(2**70, 1)],
        },
        "Item",
    ),
    (
        "stations.initialize",
        {
            "name": "另一站",
            "kind": "rest",
            "supervisor_name": "赵站长",
            "supervisor_pin": "4826",
            "created_at": TODAY,
        },
        "Opened at",
    ),
]


@pytest.mark.parametrize(
    ("qualname", "kwargs", "field"), REFUSED, ids=[f"{q}-{f}" for q, _, f in REFUSED]
)
def test_known_bad_arguments_name_their_field(
    services: Services, supervisor: Actor, qualname: str, kwargs: dict[str, Any], field: str
) -> None:
    service, name = qualname.split(".")
    method = getattr(getattr(services, service), name)
    given = {k: supervisor if v is ACTOR else v for k, v in kwargs.items()}
    with pytest.raises(InvalidInput) as refused:
        method(**given)
    assert refused.value.field == field
    assert refused.value.zh.encode("utf-8") and refused.value.en.encode("utf-8")
    assert len(refused.value.zh) < 200


def test_lists_may_come_as_generators_or_tuples(services: Services, supervisor: Actor) -> None:
    services.inventory.receive(supervisor, "矿泉水", 10, expires_on=date(2026, 9, 1))
    visit = services.visits.check_in(supervisor, "快递员", (s for s in ["充电", "饮水"]))  # type: ignore[arg-type]
    assert visit.services == ("饮水", "充电")
    campaign = services.relief.create_campaign(
        supervisor,
        "夏季送清凉",
        date(2026, 7, 1),
        date(2026, 7, 31),
        (line for line in [("矿泉水", 2)]),  # type: ignore[arg-type]
        categories=("快递员",),
    )
    assert [(line.item, line.qty) for line in campaign.lines] == [("矿泉水", 2)]
    assert campaign.categories == ("快递员",)
    lot = services.inventory.count_sheet()[0].lot_id
    taken = services.inventory.apply_stocktake(supervisor, (p for p in [(lot, 9)]), "盘点")  # type: ignore[arg-type]
    assert [m.qty for m in taken.corrections] == [-1]
