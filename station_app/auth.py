"""Attendants and supervisors: PINs as slow salted hashes, lock-out, roles."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import ROLES, Station, User
from station_app import audit
from station_app.context import Actor, AppContext
from station_app.errors import (
    AuthFailed,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    WrongPinKey,
)
from station_app.validate import an_id, shown, text

MAX_TRIES = 5
LOCK_MINUTES = 15
_KEY_CHECK_TEXT = b"station-desk pin key check"
NAME: tuple[str, str] = ("姓名", "Name")
USER: tuple[str, str] = ("用户", "User")


class PinHasher:
    """argon2id over HMAC(pepper, PIN). The pepper lives outside the database."""

    def __init__(
        self,
        pepper: bytes,
        *,
        time_cost: int = 3,
        memory_cost: int = 65536,
        source: str = "pepper.key",
    ) -> None:
        self._pepper = pepper
        self._ph = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=1)
        self.source = source  # where the key lives, for messages

    def key_check(self) -> str:
        """A fingerprint of the key that reveals nothing about it (stored with the station)."""
        return hmac.new(self._pepper, _KEY_CHECK_TEXT, hashlib.sha256).hexdigest()

    def _peppered(self, pin: str) -> str:
        return hmac.new(self._pepper, pin.encode(), hashlib.sha256).hexdigest()

    def hash(self, pin: str) -> str:
        return self._ph.hash(self._peppered(pin))

    def verify(self, stored: str, pin: str) -> bool:
        try:
            return self._ph.verify(stored, self._peppered(pin))
        except (VerificationError, InvalidHashError):
            return False


def _the_station(session: Session) -> Station | None:
    # stations.current_station, without its refusal (and stations imports this module)
    return session.scalar(select(Station).order_by(Station.id).limit(1))


def other_pin_key(station: Station | None, hasher: PinHasher) -> WrongPinKey | None:
    """Why no PIN can be checked when the station's PINs were made with another key than
    ``hasher``'s; None when they can, or when it cannot be told (no station, or one from
    before the key check)."""
    if (
        station is None
        or station.pin_key_check is None
        or hmac.compare_digest(station.pin_key_check, hasher.key_check())
    ):
        return None
    return WrongPinKey(
        "这台电脑的 PIN 密钥文件与本站建库时用的不是同一个，所有 PIN 都无法核对。"
        f"请把原来电脑上的 pepper.key 复制到 {hasher.source}，再重新打开程序。"
        "在此之前无法登录，输错次数也不会增加。",
        "This PC's PIN key file is not the one this station's PINs were made with, so no "
        f"PIN can be checked. Copy pepper.key from the original PC to {hasher.source} and "
        "start the program again. Until then nobody can sign in; no wrong tries are counted.",
        field="PIN",
    )


def check_pin(pin: object) -> str:
    if not isinstance(pin, str) or not re.fullmatch(r"\d{4,12}", pin):
        raise InvalidInput("PIN 应为 4 到 12 位数字", "PIN must be 4 to 12 digits", field="PIN")
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210987":
        raise InvalidInput(
            "PIN 太容易猜（如 1111、1234），请换一个",
            "PIN is too easy to guess (such as 1111 or 1234); choose another",
            field="PIN",
        )
    return pin


def _typed_pin(pin: object) -> str:
    """A PIN as typed at sign-in (not yet checked against anything); None is an empty one."""
    if pin is None:
        return ""
    if not isinstance(pin, str):
        raise InvalidInput("PIN 必须是数字", "PIN must be digits", field="PIN")
    try:
        pin.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("PIN 必须是数字", "PIN must be digits", field="PIN") from None
    return pin


def check_role(role: object) -> str:
    if role not in ROLES:
        raise InvalidInput(
            f"角色只能是 attendant（值班员）或 supervisor（负责人），收到“{shown(role)}”",
            f"Role must be attendant or supervisor (got {shown(role)!r})",
            field="Role",
        )
    return str(role)


def require_supervisor(actor: Actor, what_zh: str, what_en: str) -> None:
    if not actor.is_supervisor:
        raise PermissionDenied(
            f"只有负责人可以{what_zh}，请负责人登录", f"Only a supervisor can {what_en}"
        )


@dataclass(frozen=True)
class UserInfo:
    id: int
    name: str
    role: str
    active: bool
    locked_until: datetime | None


def _info(u: User) -> UserInfo:
    return UserInfo(u.id, u.name, u.role, u.active, u.locked_until)


def add_user(
    session: Session, hasher: PinHasher, name: str, role: str, pin: str, now: datetime
) -> User:
    """Create a user inside the caller's transaction (validated, unique name)."""
    name = text(name, NAME, max_len=30)
    role = check_role(role)
    pin = check_pin(pin)
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise Conflict(
            f"已有名为“{name}”的用户", f"A user named {name!r} already exists", field="Name"
        )
    user = User(
        name=name, role=role, pin_hash=hasher.hash(pin), created_at=now, failed_tries=0, active=True
    )
    session.add(user)
    session.flush()
    return user


class UserService:
    def __init__(self, ctx: AppContext, hasher: PinHasher) -> None:
        self.ctx = ctx
        self.hasher = hasher

    def create_user(self, actor: Actor, name: str, role: str, pin: str) -> UserInfo:
        require_supervisor(actor, "添加用户", "add users")
        with self.ctx.uow() as uow:
            now = self.ctx.now()
            user = add_user(uow.session, self.hasher, name, role, pin, now)
            audit.record(
                uow.session,
                actor,
                "user.create",
                "user",
                user.id,
                now,
                {"name": user.name, "role": user.role},
            )
            uow.commit()
            return _info(user)

    def list_users(self, include_inactive: bool = False) -> list[UserInfo]:
        with self.ctx.read() as uow:
            q = select(User).order_by(User.role.desc(), User.name)
            if not include_inactive:
                q = q.where(User.active.is_(True))
            return [_info(u) for u in uow.session.scalars(q)]

    def count_users(self) -> int:
        with self.ctx.read() as uow:
            return uow.session.scalar(select(func.count(User.id))) or 0

    def login(self, name: str, pin: str) -> Actor:
        """Check a PIN. Wrong PINs are counted; after 5 the account locks for 15 minutes.

        On a PC whose PIN key is not the station's, every PIN would look wrong:
        that is refused first, with what to do, and counts against nobody.
        """
        name = text(name, NAME, max_len=30, required=False)
        pin = _typed_pin(pin)
        now = self.ctx.now()
        with self.ctx.uow() as uow:
            station = _the_station(uow.session)
            problem = other_pin_key(station, self.hasher)
            if problem is not None:
                raise problem
            user = uow.session.scalar(select(User).where(User.name == name))
            if user is None or not user.active:
                raise AuthFailed("用户名或 PIN 不对", "Wrong name or PIN")
            if user.locked_until is not None and user.locked_until > now:
                local = self.ctx.local(user.locked_until).strftime("%H:%M")
                raise AuthFailed(
                    f"输错次数太多，账号已锁定到 {local}",
                    f"Too many wrong PINs: locked until {local}",
                )
            if not self.hasher.verify(user.pin_hash, pin):
                user.failed_tries += 1
                left = MAX_TRIES - user.failed_tries
                if left <= 0:
                    user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    user.failed_tries = 0
                    audit.record(
                        uow.session,
                        Actor(user.id, user.name, user.role),
                        "user.locked",
                        "user",
                        user.id,
                        now,
                    )
                    uow.commit()
                    raise AuthFailed(
                        f"输错次数太多，账号锁定 {LOCK_MINUTES} 分钟",
                        f"Too many wrong PINs: locked for {LOCK_MINUTES} minutes",
                    )
                audit.record(
                    uow.session,
                    Actor(user.id, user.name, user.role),
                    "user.login_failed",
                    "user",
                    user.id,
                    now,
                )
                uow.commit()
                raise AuthFailed(
                    f"用户名或 PIN 不对（还可以再试 {left} 次）",
                    f"Wrong name or PIN ({left} tries left)",
                )
            user.failed_tries = 0
            user.locked_until = None
            actor = Actor(user.id, user.name, user.role)
            audit.record(uow.session, actor, "user.login", "user", user.id, now)
            if station is not None and station.pin_key_check is None:
                # A database from before 0004: a PIN that verifies proves the key is its own.
                station.pin_key_check = self.hasher.key_check()
            uow.commit()
            return actor

    def pin_key_problem(self) -> WrongPinKey | None:
        """:func:`other_pin_key` for this PC's key: said before anyone types a PIN."""
        with self.ctx.read() as uow:
            return other_pin_key(_the_station(uow.session), self.hasher)

    def change_pin(self, actor: Actor, user_id: int, new_pin: str) -> None:
        """A user changes their own PIN; a supervisor may reset anyone's (and unlock it)."""
        user_id = an_id(user_id, USER)
        if actor.user_id != user_id:
            require_supervisor(actor, "重设别人的 PIN", "reset another user's PIN")
        pin = check_pin(new_pin)
        with self.ctx.uow() as uow:
            user = uow.session.get(User, user_id)
            if user is None:
                raise NotFound(f"找不到用户 #{user_id}", f"No user #{user_id}")
            user.pin_hash = self.hasher.hash(pin)
            user.failed_tries = 0
            user.locked_until = None
            audit.record(uow.session, actor, "user.pin_changed", "user", user.id, self.ctx.now())
            uow.commit()

    def unlock_user(self, actor: Actor, user_id: int) -> UserInfo:
        """A supervisor lifts a lock-out (too many wrong PINs) before its 15 minutes are up;
        the count of wrong tries starts again from zero."""
        require_supervisor(actor, "解锁账号", "unlock accounts")
        user_id = an_id(user_id, USER)
        with self.ctx.uow() as uow:
            now = self.ctx.now()
            user = uow.session.get(User, user_id)
            if user is None:
                raise NotFound(f"找不到用户 #{user_id}", f"No user #{user_id}", field="User")
            locked = user.locked_until is not None and user.locked_until > now
            if not locked and not user.failed_tries:
                raise Conflict(
                    f"“{user.name}”的账号没有被锁定",
                    f"{user.name}'s account is not locked",
                    field="User",
                )
            detail = {"failed_tries": user.failed_tries, "was_locked": locked}
            user.locked_until = None
            user.failed_tries = 0
            audit.record(uow.session, actor, "user.unlocked", "user", user.id, now, detail)
            uow.commit()
            return _info(user)

    def deactivate_user(self, actor: Actor, user_id: int) -> None:
        require_supervisor(actor, "停用用户", "deactivate users")
        user_id = an_id(user_id, USER)
        with self.ctx.uow() as uow:
            user = uow.session.get(User, user_id)
            if user is None:
                raise NotFound(f"找不到用户 #{user_id}", f"No user #{user_id}")
            if user.role == "supervisor":
                others = uow.session.scalar(
                    select(func.count(User.id)).where(
                        User.role == "supervisor", User.active.is_(True), User.id != user.id
                    )
                )
                if not others:
                    raise Conflict(
                        "不能停用最后一位负责人", "Cannot deactivate the last supervisor"
                    )
            user.active = False
            audit.record(uow.session, actor, "user.deactivated", "user", user.id, self.ctx.now())
            uow.commit()
