"""Registered visitors: a member card with a random code, and as little personal data as possible.

A member is optional: most visits are anonymous taps. A registration keeps a
category, and only if the person wants: a nickname, an employer and, with
their consent, a phone number. The phone number never leaves this module
unmasked (138****1234). On request a supervisor purges the personal fields;
the row and its visits stay, so the counts in the ledgers do not change.
The audit log never holds a nickname, an employer or a phone number.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from db.models import Member
from station_app import audit, validate
from station_app.auth import require_supervisor
from station_app.context import Actor, AppContext
from station_app.errors import Conflict, InvalidInput, NotFound
from station_app.stations import find_category
from station_app.validate import an_id, mask_phone, name_or_id, optional_text

# Upper-case letters and digits without the look-alikes 0/O, 1/I/L: a member can
# read the code aloud, and a keyboard-wedge scanner types it as plain ASCII.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PREFIX = "M"
CODE_LENGTH = 9  # 31**9 ≈ 2.6e13 codes
CODE_TRIES = 8

NICKNAME = ("昵称", "Nickname")
EMPLOYER = ("工作单位", "Employer")
PHONE = ("手机号", "Phone")
MEMBER = ("会员", "Member")
MEMBER_CODE = ("会员卡号", "Member code")
CATEGORY = ("访客类别", "Category")
SEARCH = ("查找", "Search")


@dataclass(frozen=True)
class MemberInfo:
    id: int
    code: str
    nickname: str | None
    category_id: int
    category: str
    employer: str | None
    phone_masked: str
    active: bool
    created_at: datetime
    purged: bool


def _info(m: Member) -> MemberInfo:
    """``m.category`` must have been loaded with the member."""
    return MemberInfo(
        id=m.id,
        code=m.code,
        nickname=m.nickname,
        category_id=m.category_id,
        category=m.category.name,
        employer=m.employer,
        phone_masked=mask_phone(m.phone),
        active=m.active,
        created_at=m.created_at,
        purged=m.purged_at is not None,
    )


def new_member_code() -> str:
    """A fresh random card code such as ``MK7Q2XH9PA`` (not checked for uniqueness)."""
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def seeded_member_codes(seed: int) -> Callable[[], str]:
    """Card codes drawn from a seeded generator, for reproducible demo data only: a
    real station's codes come from :func:`new_member_code` and cannot be guessed."""
    rng = random.Random(f"member-codes:{seed}")

    def draw() -> str:
        return CODE_PREFIX + "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

    return draw


def unused_member_code(
    session: Session, draw: Callable[[], str] = new_member_code, taken: Container[str] = ()
) -> str:
    """A card code from ``draw`` that no member has and that is not in ``taken``.

    Raises Conflict after :data:`CODE_TRIES` collisions in a row: among 2.6e13
    codes that means the generator is broken, and trying on would never end.
    """
    for _ in range(CODE_TRIES):
        code = draw()
        if (
            code not in taken
            and session.scalar(select(Member.id).where(Member.code == code)) is None
        ):
            return code
    raise Conflict("无法生成新的会员卡号，请重试", "Could not make a new member code; try again")


def normalize_code(code: object) -> str:
    """Upper case, spaces removed: what a scanner or a person typed, as stored."""
    if not isinstance(code, str):
        raise InvalidInput("会员卡号必须是文字", "Member code must be text", field="Member code")
    cleaned = "".join(validate.text(code, MEMBER_CODE, max_len=64, required=False).split())
    cleaned = cleaned.upper()
    if not cleaned:
        raise InvalidInput(
            "请扫描或输入会员卡号", "Scan or type a member code", field="Member code"
        )
    return cleaned


def unknown_member(key: str) -> NotFound:
    return NotFound(
        f"没有卡号为“{key}”的会员，请核对卡号或重新登记",
        f"No member with code {key!r}: check the code or register again",
        field="Member code",
    )


def member_by_code(session: Session, code: str) -> Member:
    """The active member with ``code`` (case-insensitive, spaces ignored), category loaded.

    For other services inside their own transaction. Raises NotFound for an
    unknown code and Conflict for a card that was deactivated or purged.
    """
    key = normalize_code(code)
    member = session.scalar(
        select(Member).options(joinedload(Member.category)).where(Member.code == key)
    )
    if member is None:
        raise unknown_member(key)
    return require_active(member)


def require_active(member: Member) -> Member:
    """``member``, unless their card was deactivated or purged (Conflict)."""
    if not member.active:
        raise Conflict(
            f"会员卡已停用（{member.code}）",
            f"This member card is deactivated ({member.code})",
            field="Member code",
        )
    return member


def _member_by_id(session: Session, member_id: int) -> Member:
    member = session.scalar(
        select(Member).options(joinedload(Member.category)).where(Member.id == member_id)
    )
    if member is None:
        raise NotFound(f"找不到会员 #{member_id}", f"No member #{member_id}", field="Member")
    return member


class MemberService:
    def __init__(self, ctx: AppContext, code_source: Callable[[], str] | None = None) -> None:
        """``code_source`` draws new card codes (default :func:`new_member_code`); the demo
        passes a seeded one so that the same seed gives the same cards."""
        self.ctx = ctx
        self._code_source = code_source

    def register(
        self,
        actor: Actor,
        category: str | int,
        nickname: str | None = None,
        employer: str | None = None,
        phone: str | None = None,
        phone_consent: bool = False,
    ) -> MemberInfo:
        """Register a visitor and give them a card code. Personal fields are all optional."""
        category = name_or_id(category, CATEGORY)
        nick = optional_text(nickname, NICKNAME, max_len=30)
        emp = optional_text(employer, EMPLOYER, max_len=60)
        number: str | None = None
        if phone is not None and (not isinstance(phone, str) or phone.strip()):
            if not phone_consent:
                raise InvalidInput(
                    "登记手机号需要本人同意：请先询问并勾选“同意登记手机号”，或不填手机号",
                    "A phone number needs the person's consent: ask and tick the consent box, "
                    "or leave the phone empty",
                    field="Phone",
                )
            number = validate.phone(phone, PHONE)
        with self.ctx.uow() as uow:
            s = uow.session
            cat = find_category(s, category)
            code = unused_member_code(s, self.code_source)
            now = self.ctx.now()
            member = Member(
                code=code,
                nickname=nick,
                category_id=cat.id,
                employer=emp,
                phone=number,
                phone_consent=number is not None,
                active=True,
                created_at=now,
            )
            member.category = cat
            s.add(member)
            s.flush()
            audit.record(
                s,
                actor,
                "member.register",
                "member",
                member.id,
                now,
                # Which fields were given, never what they say.
                {
                    "code": code,
                    "category": cat.name,
                    "nickname": nick is not None,
                    "employer": emp is not None,
                    "phone": number is not None,
                },
            )
            uow.commit()
            return _info(member)

    @property
    def code_source(self) -> Callable[[], str]:
        """What draws this service's new card codes (for an import of members)."""
        return self._code_source or new_member_code

    def get_by_code(self, code: str) -> MemberInfo:
        with self.ctx.read() as uow:
            return _info(member_by_code(uow.session, code))

    def get(self, member_id: int) -> MemberInfo:
        member_id = an_id(member_id, MEMBER)
        with self.ctx.read() as uow:
            return _info(_member_by_id(uow.session, member_id))

    def list_members(
        self, include_inactive: bool = False, search: str | None = None
    ) -> list[MemberInfo]:
        """Members in order of registration; ``search`` matches code, nickname or employer,
        and the phone number when it is given as digits (4 or more)."""
        key = optional_text(search, SEARCH, max_len=100) or ""
        q = select(Member).options(joinedload(Member.category)).order_by(Member.id)
        if not include_inactive:
            q = q.where(Member.active.is_(True))
        if key:
            conds = [
                Member.code.contains(key.upper(), autoescape=True),
                Member.nickname.contains(key, autoescape=True),
                Member.employer.contains(key, autoescape=True),
            ]
            if key.isdigit() and len(key) >= 4:
                conds.append(Member.phone.contains(key, autoescape=True))
            q = q.where(or_(*conds))
        with self.ctx.read() as uow:
            return [_info(m) for m in uow.session.scalars(q)]

    def deactivate(self, actor: Actor, member_id: int) -> MemberInfo:
        """Stop a card (lost, or the person asked): it can no longer be scanned."""
        member_id = an_id(member_id, MEMBER)
        with self.ctx.uow() as uow:
            s = uow.session
            member = _member_by_id(s, member_id)
            if not member.active:
                raise Conflict(
                    f"会员卡 {member.code} 已经停用了",
                    f"Member card {member.code} is already deactivated",
                    field="Member",
                )
            now = self.ctx.now()
            member.active = False
            member.deactivated_at = now
            audit.record(
                s, actor, "member.deactivate", "member", member.id, now, {"code": member.code}
            )
            uow.commit()
            return _info(member)

    def purge(self, actor: Actor, member_id: int) -> MemberInfo:
        """Erase a member's personal fields for good. The row and its visits stay."""
        require_supervisor(actor, "清除会员个人信息", "purge a member's personal data")
        member_id = an_id(member_id, MEMBER)
        with self.ctx.uow() as uow:
            s = uow.session
            member = _member_by_id(s, member_id)
            if member.purged_at is not None:
                raise Conflict(
                    f"会员 {member.code} 的个人信息已经清除过了",
                    f"Member {member.code}'s personal data was already purged",
                    field="Member",
                )
            now = self.ctx.now()
            member.nickname = None
            member.employer = None
            member.phone = None
            member.phone_consent = False
            member.purged_at = now
            if member.active:
                member.active = False
                member.deactivated_at = now
            audit.record(
                s,
                actor,
                "member.purge",
                "member",
                member.id,
                now,
                {"code": member.code, "fields": ["nickname", "employer", "phone"]},
            )
            uow.commit()
            return _info(member)
