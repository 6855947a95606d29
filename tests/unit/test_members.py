from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, Member, Visit
from station_app import members as members_module
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from station_app.members import CODE_ALPHABET, MemberInfo, member_by_code
from station_app.services import Services

CODE_RE = re.compile(rf"^M[{CODE_ALPHABET}]{{9}}$")
PHONE = "13812341234"
MASKED = "138****1234"


def count(services: Services, model: type[Member] | type[AuditEvent] | type[Visit]) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def row(services: Services, member_id: int) -> Member:
    """The stored row, detached with its values loaded."""
    with services.ctx.uow() as uow:
        m = uow.session.get(Member, member_id)
        assert m is not None
        uow.session.expunge(m)
        return m


def audit_text(services: Services) -> str:
    """Every audit event's detail and note, as one string to search."""
    with services.ctx.uow() as uow:
        events = uow.session.scalars(select(AuditEvent)).all()
        return "\n".join(json.dumps(e.detail, ensure_ascii=False) + e.note for e in events)


def register_full(services: Services, actor: Actor) -> MemberInfo:
    return services.members.register(
        actor,
        "外卖骑手",
        nickname="小马哥",
        employer="美团配送解放路站",
        phone="138-1234-1234",
        phone_consent=True,
    )


# ----------------------------------------------------------------- register


def test_register_minimal(services: Services, attendant: Actor, clock: FixedClock) -> None:
    m = services.members.register(attendant, "快递员")
    assert CODE_RE.match(m.code), m.code
    assert (m.nickname, m.employer, m.phone_masked) == (None, None, "")
    assert m.category == "快递员"
    assert (m.active, m.purged) == (True, False)
    assert m.created_at == clock()
    stored = row(services, m.id)
    assert (stored.phone, stored.phone_consent, stored.code) == (None, False, m.code)


def test_register_with_phone_is_masked_everywhere(
    services: Services, attendant: Actor, supervisor: Actor
) -> None:
    m = register_full(services, attendant)
    assert (m.nickname, m.employer, m.category) == ("小马哥", "美团配送解放路站", "外卖骑手")
    stored = row(services, m.id)
    assert (stored.phone, stored.phone_consent) == (PHONE, True)

    returned = [
        m,
        services.members.get(m.id),
        services.members.get_by_code(m.code),
        *services.members.list_members(),
        *services.members.list_members(search="1234"),
        services.members.deactivate(attendant, m.id),
        *services.members.list_members(include_inactive=True),
    ]
    assert len(returned) == 7
    for info in returned:
        assert info.phone_masked == MASKED
        assert PHONE not in repr(info)
    assert PHONE not in audit_text(services)


def test_phone_without_consent_refused_and_nothing_written(
    services: Services, attendant: Actor
) -> None:
    before = (count(services, Member), count(services, AuditEvent))
    with pytest.raises(InvalidInput) as exc:
        services.members.register(attendant, "快递员", phone=PHONE)
    assert exc.value.field == "Phone"
    assert "同意" in exc.value.zh and "consent" in exc.value.en
    assert (count(services, Member), count(services, AuditEvent)) == before


def test_consent_without_phone_stores_no_consent(services: Services, attendant: Actor) -> None:
    m = services.members.register(attendant, "快递员", phone="  ", phone_consent=True)
    stored = row(services, m.id)
    assert (stored.phone, stored.phone_consent, m.phone_masked) == (None, False, "")


@pytest.mark.parametrize(
    ("kwargs", "error", "word", "field"),
    [
        ({"phone": "12345", "phone_consent": True}, InvalidInput, "手机号", "Phone"),
        ({"phone": "2381234123", "phone_consent": True}, InvalidInput, "手机号", "Phone"),
        ({"nickname": "马" * 31}, InvalidInput, "昵称", "Nickname"),
        ({"employer": "公" * 61}, InvalidInput, "工作单位", "Employer"),
        ({"category": "宇航员"}, NotFound, "访客类别", "Category"),
    ],
)
def test_register_bad_input_names_the_field(
    services: Services,
    attendant: Actor,
    kwargs: dict[str, object],
    error: type[Exception],
    word: str,
    field: str,
) -> None:
    args: dict[str, object] = {"category": "快递员", **kwargs}
    before = (count(services, Member), count(services, AuditEvent))
    with pytest.raises(error) as exc:
        services.members.register(attendant, **args)  # type: ignore[arg-type]
    assert word in exc.value.zh  # type: ignore[attr-defined]
    assert exc.value.field == field  # type: ignore[attr-defined]
    assert (count(services, Member), count(services, AuditEvent)) == before


def test_limits_are_inclusive(services: Services, attendant: Actor) -> None:
    m = services.members.register(attendant, "快递员", nickname="马" * 30, employer="公" * 60)
    assert (len(m.nickname or ""), len(m.employer or "")) == (30, 60)


def test_codes_are_random_unique_and_scanner_safe(services: Services, attendant: Actor) -> None:
    codes = {services.members.register(attendant, "快递员").code for _ in range(40)}
    assert len(codes) == 40
    assert all(CODE_RE.match(c) and c.isascii() for c in codes)
    assert not any(ch in c for c in codes for ch in "01OIL")


def test_duplicate_code_is_retried(
    services: Services, attendant: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = services.members.register(attendant, "快递员")
    drawn: Iterator[str] = iter([first.code, first.code, "MAAAA22222"])
    monkeypatch.setattr(members_module, "new_member_code", lambda: next(drawn))
    second = services.members.register(attendant, "司机")
    assert second.code == "MAAAA22222"
    assert services.members.get_by_code("MAAAA22222").id == second.id


def test_register_is_audited_without_personal_data(services: Services, attendant: Actor) -> None:
    m = register_full(services, attendant)
    entry = services.audit.recent(action="member.register")[0]
    assert (entry.entity, entry.entity_id, entry.actor_name) == ("member", m.id, attendant.name)
    assert entry.detail["code"] == m.code
    assert entry.detail["phone"] is True
    text = audit_text(services)
    for personal in ("小马哥", "美团", PHONE):
        assert personal not in text


# ----------------------------------------------------------------- look-ups


def test_get_by_code_ignores_case_and_spaces(services: Services, attendant: Actor) -> None:
    m = services.members.register(attendant, "环卫工人", nickname="老张")
    typed = f"  {m.code[:4].lower()} {m.code[4:].lower()}\n"
    found = services.members.get_by_code(typed)
    assert (found.id, found.nickname, found.category) == (m.id, "老张", "环卫工人")


def test_unknown_code_is_not_found(services: Services, attendant: Actor) -> None:
    with pytest.raises(NotFound) as exc:
        services.members.get_by_code("MZZZZZZZZZ")
    assert "MZZZZZZZZZ" in exc.value.zh and exc.value.field == "Member code"
    with pytest.raises(InvalidInput):
        services.members.get_by_code("   ")


def test_deactivated_card_is_refused(services: Services, attendant: Actor) -> None:
    m = services.members.register(attendant, "司机")
    off = services.members.deactivate(attendant, m.id)
    assert off.active is False
    with pytest.raises(Conflict, match="会员卡已停用"):
        services.members.get_by_code(m.code)
    assert services.members.get(m.id).active is False  # still readable by id
    with services.ctx.uow() as uow, pytest.raises(Conflict, match="会员卡已停用"):
        member_by_code(uow.session, m.code.lower())


def test_member_by_code_returns_the_row(services: Services, attendant: Actor) -> None:
    m = services.members.register(attendant, "司机", nickname="老王")
    with services.ctx.uow() as uow:
        member = member_by_code(uow.session, f" {m.code.lower()} ")
        assert (member.id, member.nickname, member.category.name) == (m.id, "老王", "司机")
        with pytest.raises(NotFound):
            member_by_code(uow.session, "MNOPE")


def test_get_unknown_id(services: Services, station: object) -> None:
    with pytest.raises(NotFound) as exc:
        services.members.get(999)
    assert "999" in exc.value.zh


def test_list_and_search(services: Services, attendant: Actor) -> None:
    a = services.members.register(attendant, "快递员", nickname="阿强", employer="顺丰速运")
    b = services.members.register(
        attendant, "司机", nickname="老王", phone="13900005678", phone_consent=True
    )
    c = services.members.register(attendant, "环卫工人", nickname="阿珍")
    services.members.deactivate(attendant, c.id)

    def ids(**kw: object) -> list[int]:
        return [m.id for m in services.members.list_members(**kw)]  # type: ignore[arg-type]

    assert ids() == [a.id, b.id]
    assert ids(include_inactive=True) == [a.id, b.id, c.id]
    assert ids(search="阿") == [a.id]
    assert ids(search="阿", include_inactive=True) == [a.id, c.id]
    assert ids(search="顺丰") == [a.id]
    assert ids(search=b.code[2:7].lower()) == [b.id]
    assert ids(search="5678") == [b.id]
    assert ids(search="%") == []
    assert ids(search="  ") == [a.id, b.id]


# ----------------------------------------------------------------- deactivate / purge


def test_deactivate_is_audited_and_not_repeated(
    services: Services, attendant: Actor, clock: FixedClock
) -> None:
    m = services.members.register(attendant, "司机")
    clock.advance(minutes=3)
    services.members.deactivate(attendant, m.id)
    stored = row(services, m.id)
    assert (stored.active, stored.deactivated_at) == (False, clock())
    entry = services.audit.recent(action="member.deactivate")[0]
    assert (entry.entity_id, entry.actor_name) == (m.id, attendant.name)
    before = count(services, AuditEvent)
    with pytest.raises(Conflict):
        services.members.deactivate(attendant, m.id)
    with pytest.raises(NotFound):
        services.members.deactivate(attendant, 999)
    assert count(services, AuditEvent) == before


def test_only_a_supervisor_may_purge(services: Services, attendant: Actor) -> None:
    m = register_full(services, attendant)
    before = count(services, AuditEvent)
    with pytest.raises(PermissionDenied):
        services.members.purge(attendant, m.id)
    stored = row(services, m.id)
    assert (stored.nickname, stored.phone, stored.purged_at) == ("小马哥", PHONE, None)
    assert count(services, AuditEvent) == before


def test_purge_leaves_no_personal_data(
    services: Services, attendant: Actor, supervisor: Actor, clock: FixedClock
) -> None:
    m = register_full(services, attendant)
    visit = services.visits.check_in(attendant, None, member_code=m.code)
    services.visits.check_out(attendant, visit.id)
    clock.advance(days=2)
    members_before, visits_before = count(services, Member), count(services, Visit)

    purged = services.members.purge(supervisor, m.id)

    assert (purged.nickname, purged.employer, purged.phone_masked) == (None, None, "")
    assert (purged.purged, purged.active, purged.code) == (True, False, m.code)
    stored = row(services, m.id)
    assert (stored.nickname, stored.employer, stored.phone) == (None, None, None)
    assert stored.phone_consent is False
    assert stored.purged_at == clock() and stored.deactivated_at == clock()
    assert (count(services, Member), count(services, Visit)) == (members_before, visits_before)
    with services.ctx.uow() as uow:
        assert uow.session.scalar(select(Visit.member_id).where(Visit.id == visit.id)) == m.id
    entry = services.audit.recent(action="member.purge")[0]
    assert (entry.entity_id, entry.actor_name) == (m.id, supervisor.name)
    text = audit_text(services)
    for personal in ("小马哥", "美团配送", PHONE):
        assert personal not in text
    # The day's register shows the visit without the nickname.
    register = services.visits.visits_on(date(2026, 7, 1))
    assert [(v.id, v.member_code, v.member_nickname) for v in register] == [
        (visit.id, m.code, None)
    ]

    before = count(services, AuditEvent)
    with pytest.raises(Conflict):
        services.members.purge(supervisor, m.id)
    assert count(services, AuditEvent) == before


def test_code_generator_that_keeps_colliding_is_refused(
    services: Services, attendant: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = services.members.register(attendant, "快递员")
    monkeypatch.setattr(members_module, "new_member_code", lambda: first.code)
    before = (count(services, Member), count(services, AuditEvent))
    with pytest.raises(Conflict) as exc:
        services.members.register(attendant, "司机", nickname="老李")
    assert "会员卡号" in exc.value.zh
    assert (count(services, Member), count(services, AuditEvent)) == before


def test_purged_card_cannot_check_in(
    services: Services, attendant: Actor, supervisor: Actor
) -> None:
    m = register_full(services, attendant)
    services.members.purge(supervisor, m.id)
    before = (count(services, Visit), count(services, AuditEvent))
    with pytest.raises(Conflict, match="会员卡已停用"):
        services.visits.check_in(attendant, None, member_code=m.code)
    assert (count(services, Visit), count(services, AuditEvent)) == before
    assert services.members.list_members() == []
    assert [x.id for x in services.members.list_members(include_inactive=True)] == [m.id]
