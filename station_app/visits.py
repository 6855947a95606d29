"""The visit register (来访登记): check-in, check-out, undo, and what the day looked like.

A check-in is the busiest action at the kiosk (one tap per visitor). An anonymous
tap runs no query at all: the station id and the catalogs are cached per service
instance, and the visit, its services and its audit event are three SQLAlchemy
Core inserts, built once so that their compiled form is cached (their WHERE
clauses re-check that the category and services are still active). Measured
against a bare sqlite3 insert+commit in benchmarks/checkin_bench.py.
Visits are never deleted: a mistaken check-in is voided (who, when, why) and
still shows in the day's register, marked as voided, but no longer counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Insert,
    Integer,
    Table,
    bindparam,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload, selectinload
from sqlalchemy.sql.dml import ReturningInsert

from db.models import VISIT_SOURCES, AuditEvent, Category, Member, ServiceType, User, Visit
from db.models import visit_service as visit_service_table
from station_app import audit
from station_app.clock import day_bounds
from station_app.context import Actor, AppContext
from station_app.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from station_app.members import member_by_code, normalize_code, require_active, unknown_member
from station_app.stations import current_station, unknown_category, unknown_service
from station_app.validate import (
    a_date,
    an_id,
    date_range,
    integer,
    name_or_id,
    names_or_ids,
    optional_text,
    shown,
)

UNDO_MINUTES = 5
VISIT = ("来访记录", "Visit")
CATEGORY = ("访客类别", "Category")
SERVICES = ("服务项目", "Services")
MEMBER_CODE = ("会员卡号", "Member code")
START_DATE = ("开始日期", "Start date")
END_DATE = ("结束日期", "End date")
MEMBER = ("会员", "Member")
LIMIT = ("条数上限", "Limit")
SEARCH_DAYS = 366  # the longest range a search covers: a whole (leap) year
SEARCH_LIMIT = 100_000


@dataclass(frozen=True)
class VisitInfo:
    id: int
    category_id: int
    category: str
    category_en: str
    services: tuple[str, ...]
    member_code: str | None
    member_nickname: str | None
    checked_in_at: datetime
    checked_out_at: datetime | None
    duration_minutes: int | None
    source: str
    attendant: str | None
    voided: bool

    @property
    def inside(self) -> bool:
        """Checked in, not out, and not voided: the visitor is in the station now."""
        return self.checked_out_at is None and not self.voided


def _minutes(start: datetime, end: datetime | None) -> int | None:
    if end is None:
        return None
    return int((end - start).total_seconds() // 60)


def _info(
    v: Visit,
    category: Category,
    services: Sequence[ServiceType],
    member: Member | None,
    attendant: str | None,
) -> VisitInfo:
    ordered = sorted(services, key=lambda t: (t.sort_order, t.id))
    return VisitInfo(
        id=v.id,
        category_id=category.id,
        category=category.name,
        category_en=category.name_en,
        services=tuple(t.name for t in ordered),
        member_code=member.code if member else None,
        member_nickname=member.nickname if member else None,
        checked_in_at=v.checked_in_at,
        checked_out_at=v.checked_out_at,
        duration_minutes=_minutes(v.checked_in_at, v.checked_out_at),
        source=v.source,
        attendant=attendant,
        voided=v.voided_at is not None,
    )


def _infos(
    session: Session,
    *where: ColumnElement[bool],
    order_by: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]],
    limit: int | None = None,
) -> list[VisitInfo]:
    """Visits matching ``where``, with everything a VisitInfo shows and the attendant's name
    (at most ``limit`` of them, in the order given)."""
    q = (
        select(Visit, User.name)
        .outerjoin(User, User.id == Visit.attendant_id)
        .options(
            joinedload(Visit.category),
            joinedload(Visit.member),
            selectinload(Visit.services),
        )
        .where(*where)
        .order_by(*order_by)
        .limit(limit)
    )
    return [
        _info(row[0], row[0].category, row[0].services, row[0].member, row[1])
        for row in session.execute(q)
    ]


def _service_keys(services: Sequence[str | int]) -> list[str | int]:
    """The requested services as ids or stripped names, blanks dropped, repeats collapsed."""
    if isinstance(services, str | int):
        services = [services]
    keys: list[str | int] = []
    for s in services:
        if isinstance(s, bool) or not isinstance(s, str | int):
            raise InvalidInput(
                f"服务项目必须是名称或编号（收到“{s}”）",
                f"A service must be a name or an id (got {s!r})",
                field="Services",
            )
        key: str | int = s.strip() if isinstance(s, str) else s
        if key != "" and key not in keys:
            keys.append(key)
    return keys


@dataclass(frozen=True)
class _Kind:
    """A category or service type as the check-in cache keeps it."""

    id: int
    name: str
    name_en: str
    sort_order: int


class _Catalog:
    """Categories or service types by id, Chinese name and English name (any case).

    Catalog rows are never deleted, only retired (``active`` False), so a cached
    row stays true apart from its name; whether it is still active is checked by
    the insert that uses it. An unknown key reloads the table once.
    """

    def __init__(self, model: type[Category] | type[ServiceType]) -> None:
        self._model = model
        self._by_id: dict[int, _Kind] = {}
        self._by_name: dict[str, _Kind] = {}

    def _get(self, key: str | int) -> _Kind | None:
        if isinstance(key, int):
            return self._by_id.get(key)
        key = key.strip()
        return self._by_name.get(key) or self._by_name.get(key.lower())

    def find(self, session: Session, key: str | int) -> _Kind | None:
        hit = self._get(key)
        if hit is None:
            self._load(session)
            hit = self._get(key)
        return hit

    def _load(self, session: Session) -> None:
        m = self._model
        rows = session.execute(select(m.id, m.name, m.name_en, m.sort_order))
        kinds = [_Kind(*row) for row in rows]
        self._by_id = {k.id: k for k in kinds}
        by_name = {k.name_en.lower(): k for k in kinds if k.name_en}
        by_name.update({k.name: k for k in kinds})  # a Chinese name wins over an English one
        self._by_name = by_name


def _visit_insert() -> ReturningInsert[Any]:
    """The visit row, inserted only while its category is still active (a category
    retired since the cache was filled inserts nothing and returns no id)."""
    visit = cast(Table, Visit.__table__)
    c = visit.c
    return (
        insert(visit)
        .from_select(
            ["station_id", "member_id", "checked_in_at", "source", "attendant_id", "category_id"],
            select(
                bindparam("station_id", type_=c.station_id.type),
                bindparam("member_id", type_=c.member_id.type),
                bindparam("at", type_=c.checked_in_at.type),
                bindparam("source", type_=c.source.type),
                bindparam("attendant_id", type_=c.attendant_id.type),
                Category.id,
            ).where(Category.id == bindparam("category_id"), Category.active.is_(True)),
        )
        .returning(c.id)
    )


def _services_insert() -> Insert:
    """A visit's services, only those still active (the row count tells if one was not)."""
    return insert(visit_service_table).from_select(
        ["visit_id", "service_type_id"],
        select(bindparam("visit_id", type_=Integer), ServiceType.id).where(
            ServiceType.id.in_(bindparam("service_ids", expanding=True)),
            ServiceType.active.is_(True),
        ),
    )


# Built once: SQLAlchemy compiles each of them once per dialect and caches it.
_INSERT_VISIT = _visit_insert()
_INSERT_SERVICES = _services_insert()
_INSERT_AUDIT = insert(cast(Table, AuditEvent.__table__))


class VisitService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._station_id: int | None = None
        self._categories = _Catalog(Category)
        self._service_types = _Catalog(ServiceType)

    def forget_catalog(self) -> None:
        """Drop the cached category and service names (after a rename or reorder in
        Settings): the next check-in reads them again."""
        self._categories = _Catalog(Category)
        self._service_types = _Catalog(ServiceType)

    # ------------------------------------------------------------------ helpers

    def _station(self, session: Session) -> int:
        """This kiosk's station id, looked up once (stations are never deleted)."""
        if self._station_id is None:
            self._station_id = current_station(session).id
        return self._station_id

    def _service_type(self, session: Session, key: str | int) -> _Kind:
        st = self._service_types.find(session, key)
        if st is None:
            raise unknown_service(key)
        return st

    def _refuse_if_inside(self, session: Session, station_id: int, member: Member) -> None:
        since = session.scalar(
            select(func.min(Visit.checked_in_at)).where(
                Visit.member_id == member.id,
                Visit.station_id == station_id,
                Visit.checked_out_at.is_(None),
                Visit.voided_at.is_(None),
            )
        )
        if since is not None:
            who = member.nickname or member.code
            raise Conflict(
                f"{who} 已在站内（{self._when(since)} 签到），请先签退",
                f"{who} is already inside (checked in at {self._when(since)}); "
                "check them out first",
                field="Member code",
            )

    def _when(self, at: datetime) -> str:
        """A time for a message: "09:12" today, "2026-06-30 21:40" on another day."""
        local = self.ctx.local(at)
        if local.date() == self.ctx.today():
            return local.strftime("%H:%M")
        return local.strftime("%Y-%m-%d %H:%M")

    def _visit(self, session: Session, visit_id: int) -> Visit:
        """A visit of this station, with category, member and services loaded."""
        visit = session.scalar(
            select(Visit)
            .options(
                joinedload(Visit.category),
                joinedload(Visit.member),
                selectinload(Visit.services),
            )
            .where(Visit.id == visit_id, Visit.station_id == self._station(session))
        )
        if visit is None:
            raise NotFound(f"找不到来访记录 #{visit_id}", f"No visit #{visit_id}", field="Visit")
        return visit

    def _attendant_name(self, session: Session, visit: Visit) -> str | None:
        if visit.attendant_id is None:
            return None
        return session.scalar(select(User.name).where(User.id == visit.attendant_id))

    def _close(self, session: Session, actor: Actor, visit: Visit) -> VisitInfo:
        if visit.voided_at is not None:
            raise Conflict(
                f"来访记录 #{visit.id} 已撤销，不能签退",
                f"Visit #{visit.id} was voided; it cannot be checked out",
                field="Visit",
            )
        if visit.checked_out_at is not None:
            raise Conflict(
                f"来访记录 #{visit.id} 已在 {self._when(visit.checked_out_at)} 签退",
                f"Visit #{visit.id} was already checked out at {self._when(visit.checked_out_at)}",
                field="Visit",
            )
        now = self.ctx.now()
        # A clock set back between check-in and check-out must not make a negative stay.
        visit.checked_out_at = max(now, visit.checked_in_at)
        audit.record(
            session,
            actor,
            "visit.check_out",
            "visit",
            visit.id,
            now,
            {"minutes": _minutes(visit.checked_in_at, visit.checked_out_at)},
        )
        info = _info(
            visit,
            visit.category,
            visit.services,
            visit.member,
            self._attendant_name(session, visit),
        )
        return info

    # ------------------------------------------------------------------ changes

    def check_in(
        self,
        actor: Actor,
        category: str | int | None,
        services: Sequence[str | int] = (),
        member_code: str | None = None,
        source: str = "tap",
    ) -> VisitInfo:
        """Record a visitor arriving now.

        ``category`` may be left out (None or "") when a member card is given:
        the member's category is used. A member already inside is refused.

        The anonymous tap is the hot path: names are resolved from the per-instance
        catalog cache, and the visit, its services and the audit event are three
        Core inserts whose ``WHERE active`` re-checks the catalog inside the insert.
        """
        if source not in VISIT_SOURCES:
            raise InvalidInput(
                f"来源只能是 tap（点选）、scan（扫码）或 import（导入），收到“{shown(source)}”",
                f"Source must be tap, scan or import (got {shown(source)!r})",
                field="Source",
            )
        keys = _service_keys(names_or_ids(services, SERVICES))
        no_category = category is None or (isinstance(category, str) and not category.strip())
        code = optional_text(member_code, MEMBER_CODE, max_len=64) or ""
        if no_category and not code:
            raise InvalidInput("请选择访客类别", "Choose the visitor's category", field="Category")
        if not no_category:
            category = name_or_id(category, CATEGORY)
        with self.ctx.uow() as uow:
            s = uow.session
            member = member_by_code(s, code) if code else None
            info = self._insert_visit(
                s, actor, None if no_category else category, keys, member, source
            )
            uow.commit()
            return info

    def _insert_visit(
        self,
        s: Session,
        actor: Actor,
        category: str | int | None,
        keys: list[str | int],
        member: Member | None,
        source: str,
    ) -> VisitInfo:
        """The check-in's writes inside the caller's transaction (``category`` None: the
        member's own). The caller commits."""
        station_id = self._station(s)
        if category is None:
            assert member is not None
            cat_key: str | int = member.category_id
        else:
            cat_key = category
        cat = self._categories.find(s, cat_key)
        if cat is None:
            raise unknown_category(cat_key)
        types = [self._service_type(s, k) for k in keys]
        types = list(dict.fromkeys(types))  # an id and a name of the same service
        now = self.ctx.now()
        if member is not None:
            self._refuse_if_inside(s, station_id, member)
        visit_id: int | None = s.scalar(
            _INSERT_VISIT,
            {
                "station_id": station_id,
                "member_id": member.id if member else None,
                "at": now,
                "source": source,
                "attendant_id": actor.user_id,
                "category_id": cat.id,
            },
        )
        if visit_id is None:  # retired since the cache was filled
            raise unknown_category(cat_key)
        if types:
            added = s.execute(
                _INSERT_SERVICES, {"visit_id": visit_id, "service_ids": [t.id for t in types]}
            )
            if cast(CursorResult[Any], added).rowcount != len(types):
                # One was retired since the cache was filled.
                active = set(
                    s.scalars(
                        select(ServiceType.id).where(
                            ServiceType.id.in_([t.id for t in types]),
                            ServiceType.active.is_(True),
                        )
                    )
                )
                raise unknown_service(next(t.name for t in types if t.id not in active))
        detail: dict[str, object] = {
            "category": cat.name,
            "services": [t.name for t in types],
            "source": source,
        }
        if member is not None:
            detail["member"] = member.code
        # The row audit.record() would add, as one Core insert (no ORM object to track):
        # this is the busiest action at the kiosk. Same table, same transaction.
        s.execute(
            _INSERT_AUDIT,
            {
                "at": now,
                "actor_id": actor.user_id,
                "actor_name": actor.name,
                "action": "visit.check_in",
                "entity": "visit",
                "entity_id": visit_id,
                "detail": detail,
                "note": "",
            },
        )
        ordered = sorted(types, key=lambda t: (t.sort_order, t.id))
        return VisitInfo(
            id=visit_id,
            category_id=cat.id,
            category=cat.name,
            category_en=cat.name_en,
            services=tuple(t.name for t in ordered),
            member_code=member.code if member else None,
            member_nickname=member.nickname if member else None,
            checked_in_at=now,
            checked_out_at=None,
            duration_minutes=None,
            source=source,
            attendant=actor.name if actor.user_id is not None else None,
            voided=False,
        )

    def check_out(self, actor: Actor, visit_id: int) -> VisitInfo:
        visit_id = an_id(visit_id, VISIT)
        with self.ctx.uow() as uow:
            info = self._close(uow.session, actor, self._visit(uow.session, visit_id))
            uow.commit()
            return info

    def _open_visit_of(self, session: Session, member_id: int) -> int | None:
        """The open visit of this member at this station, if any."""
        return session.scalar(
            select(Visit.id)
            .where(
                Visit.member_id == member_id,
                Visit.station_id == self._station(session),
                Visit.checked_out_at.is_(None),
                Visit.voided_at.is_(None),
            )
            .order_by(Visit.checked_in_at, Visit.id)
            .limit(1)
        )

    @staticmethod
    def _card_holder(session: Session, key: str) -> Member:
        """The member with card ``key``, a stopped card too (its holder must be able to leave)."""
        member = session.scalar(select(Member).where(Member.code == key))
        if member is None:
            raise unknown_member(key)
        return member

    def check_out_member(self, actor: Actor, member_code: str) -> VisitInfo:
        """Close the open visit of the member with this card (a stopped card works too)."""
        key = normalize_code(member_code)
        with self.ctx.uow() as uow:
            s = uow.session
            visit_id = self._open_visit_of(s, self._card_holder(s, key).id)
            if visit_id is None:
                raise NotFound(
                    f"会员 {key} 现在不在站内，无需签退",
                    f"Member {key} is not checked in",
                    field="Member code",
                )
            info = self._close(s, actor, self._visit(s, visit_id))
            uow.commit()
            return info

    def scan_member(
        self, actor: Actor, member_code: str, services: Sequence[str | int] = ()
    ) -> VisitInfo:
        """A member card at the kiosk's scanner, in one transaction: checks the member
        out if inside, otherwise in (with ``services``, under the member's category)."""
        key = normalize_code(member_code)
        keys = _service_keys(names_or_ids(services, SERVICES))
        with self.ctx.uow() as uow:
            s = uow.session
            member = self._card_holder(s, key)
            visit_id = self._open_visit_of(s, member.id)
            if visit_id is not None:
                info = self._close(s, actor, self._visit(s, visit_id))
            else:
                info = self._insert_visit(s, actor, None, keys, require_active(member), "scan")
            uow.commit()
            return info

    def undo_check_in(self, actor: Actor, visit_id: int, reason: str = "") -> VisitInfo:
        """Void a mistaken check-in. The attendant who made it may, within 5 minutes;
        a supervisor may, any time on the same local day. Nothing is deleted."""
        visit_id = an_id(visit_id, VISIT)
        why = optional_text(reason, ("撤销原因", "Reason"), max_len=200)
        with self.ctx.uow() as uow:
            s = uow.session
            visit = self._visit(s, visit_id)
            if visit.voided_at is not None:
                raise Conflict(
                    f"来访记录 #{visit.id} 已经撤销过了",
                    f"Visit #{visit.id} was already voided",
                    field="Visit",
                )
            now = self.ctx.now()
            own = actor.user_id is not None and actor.user_id == visit.attendant_id
            fresh = now - visit.checked_in_at <= timedelta(minutes=UNDO_MINUTES)
            same_day = self.ctx.local(visit.checked_in_at).date() == self.ctx.today()
            allowed = (own and fresh) or (actor.is_supervisor and same_day)
            if not allowed:
                if actor.is_supervisor:
                    raise Conflict(
                        "只能撤销当天的签到", "Only today's check-ins can be undone", field="Visit"
                    )
                if not own:
                    raise PermissionDenied(
                        "只能撤销自己登记的签到，请负责人处理",
                        "You can only undo your own check-ins; ask a supervisor",
                        field="Visit",
                    )
                raise Conflict(
                    f"签到已超过 {UNDO_MINUTES} 分钟，不能撤销，请负责人处理",
                    f"More than {UNDO_MINUTES} minutes have passed since the check-in; "
                    "ask a supervisor to undo it",
                    field="Visit",
                )
            visit.voided_at = now
            visit.voided_by_id = actor.user_id
            visit.void_reason = why
            audit.record(
                s,
                actor,
                "visit.undo",
                "visit",
                visit.id,
                now,
                {"category": visit.category.name, "checked_in_at": visit.checked_in_at.isoformat()},
                note=why or "",
            )
            info = _info(
                visit, visit.category, visit.services, visit.member, self._attendant_name(s, visit)
            )
            uow.commit()
            return info

    # ------------------------------------------------------------------ queries

    def inside_now(self) -> list[VisitInfo]:
        """Visitors checked in and not out yet at this station, oldest first."""
        with self.ctx.read() as uow:
            s = uow.session
            return _infos(
                s,
                Visit.station_id == self._station(s),
                Visit.checked_out_at.is_(None),
                Visit.voided_at.is_(None),
                order_by=(Visit.checked_in_at, Visit.id),
            )

    def visits_on(self, day: date) -> list[VisitInfo]:
        """The register of one local day, newest first; voided visits included (voided=True)."""
        day = a_date(day, ("日期", "Day"))
        start, end = day_bounds(day, self.ctx.tz)
        with self.ctx.read() as uow:
            s = uow.session
            return _infos(
                s,
                Visit.station_id == self._station(s),
                Visit.checked_in_at >= start,
                Visit.checked_in_at < end,
                order_by=(Visit.checked_in_at.desc(), Visit.id.desc()),
            )

    def counts_by_category(self, start: date, end: date) -> list[tuple[str, int]]:
        """Visits (voided ones left out) per category over local days ``start``..``end``
        inclusive, in the catalog's order; categories without visits show 0."""
        start = a_date(start, ("开始日期", "Start date"))
        end = a_date(end, ("结束日期", "End date"))
        date_range(start, end, ("统计日期", "Dates"))
        since = day_bounds(start, self.ctx.tz)[0]
        until = day_bounds(end, self.ctx.tz)[1]
        with self.ctx.read() as uow:
            s = uow.session
            counts: dict[int, int] = {
                cat_id: n
                for cat_id, n in s.execute(
                    select(Visit.category_id, func.count(Visit.id))
                    .where(
                        Visit.station_id == self._station(s),
                        Visit.voided_at.is_(None),
                        Visit.checked_in_at >= since,
                        Visit.checked_in_at < until,
                    )
                    .group_by(Visit.category_id)
                )
            }
            cats = s.scalars(select(Category).order_by(Category.sort_order, Category.id))
            return [(c.name, counts.get(c.id, 0)) for c in cats if c.active or c.id in counts]

    def search(
        self,
        start: date,
        end: date,
        category: str | int | None = None,
        member: str | None = None,
        limit: int = 5000,
    ) -> list[VisitInfo]:
        """Visits of this station checked in on local days ``start``..``end`` inclusive,
        newest first, voided ones included (``voided`` True); at most ``limit`` of them.

        ``category`` (name, English name or id; None or blank: all) narrows to one visitor
        category, a retired one too. ``member`` narrows to the visits of members whose card
        code is the one given (case and spaces ignored) or whose nickname contains it.
        The range is at most 366 days; the rows come off the (station, check-in) index.
        """
        start = a_date(start, START_DATE)
        end = a_date(end, END_DATE)
        if end < start:
            raise InvalidInput(
                f"结束日期（{end}）早于开始日期（{start}）",
                f"The end date ({end}) is before the start date ({start})",
                field=END_DATE[1],
            )
        days = (end - start).days + 1
        if days > SEARCH_DAYS:
            raise InvalidInput(
                f"查询范围最长 {SEARCH_DAYS} 天（{start} 到 {end} 共 {days} 天），请缩短日期范围",
                f"A search covers at most {SEARCH_DAYS} days ({start} to {end} is {days} days): "
                "shorten the range",
                field=END_DATE[1],
            )
        cat_key: str | int | None = None
        if category is not None:
            cat_key = name_or_id(category, CATEGORY)
            if isinstance(cat_key, str):
                cat_key = cat_key.strip() or None
        key = optional_text(member, MEMBER, max_len=64)
        limit = integer(limit, LIMIT, minimum=1, maximum=SEARCH_LIMIT)
        since = day_bounds(start, self.ctx.tz)[0]
        until = day_bounds(end, self.ctx.tz)[1]
        with self.ctx.read() as uow:
            s = uow.session
            where: list[ColumnElement[bool]] = [
                Visit.station_id == self._station(s),
                Visit.checked_in_at >= since,
                Visit.checked_in_at < until,
            ]
            if cat_key is not None:
                cat = self._categories.find(s, cat_key)
                if cat is None:
                    raise unknown_category(cat_key)
                where.append(Visit.category_id == cat.id)
            if key is not None:
                code = "".join(key.split()).upper()
                where.append(
                    Visit.member_id.in_(
                        select(Member.id).where(
                            or_(
                                Member.code == code,
                                Member.nickname.icontains(key, autoescape=True),
                            )
                        )
                    )
                )
            return _infos(
                s,
                *where,
                order_by=(Visit.checked_in_at.desc(), Visit.id.desc()),
                limit=limit,
            )
