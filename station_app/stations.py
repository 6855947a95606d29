"""The station's profile, first-start set-up, and the visitor/service catalogs."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    STATION_KINDS,
    Campaign,
    Category,
    Item,
    Member,
    ServiceType,
    Station,
    campaign_category,
)
from resources import RESOURCES_DIR
from station_app import audit
from station_app.auth import PinHasher, add_user, require_supervisor
from station_app.context import Actor, AppContext
from station_app.errors import Conflict, InvalidInput, NotFound
from station_app.validate import a_moment, an_id, integer, optional_text, shown, text

KIND_LABELS = {
    "rest": ("户外劳动者服务站", "Rest station"),
    "nursing": ("妈咪暖心小屋", "Mommy room"),
    "both": ("驿站 + 妈咪小屋", "Rest station + mommy room"),
}


@dataclass(frozen=True)
class StationInfo:
    id: int
    code: str
    name: str
    kind: str
    address: str
    hotline: str
    hours: str
    seats: int
    created_at: datetime
    wifi_ssid: str = ""  # the Wi-Fi printed on the poster; its password is not shown


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    name: str
    name_en: str
    active: bool = True  # False: retired (kept for history, not offered at check-in)


@dataclass(frozen=True)
class ServiceTypeInfo:
    id: int
    name: str
    name_en: str
    active: bool = True


CATEGORY_NAME = ("类别名称", "Category name")
SERVICE_NAME = ("服务名称", "Service name")
ENGLISH_NAME = ("英文名称", "English name")
CATEGORY = ("访客类别", "Category")
SERVICE = ("服务", "Service")
STEP = ("移动方向", "Step")


def _station_info(s: Station) -> StationInfo:
    return StationInfo(
        s.id,
        s.code,
        s.name,
        s.kind,
        s.address,
        s.hotline,
        s.hours,
        s.seats,
        s.created_at,
        s.wifi_ssid or "",
    )


def current_station(session: Session) -> Station:
    """This kiosk's station (the first one recorded)."""
    station = session.scalar(select(Station).order_by(Station.id).limit(1))
    if station is None:
        raise NotFound(
            "驿站尚未设置，请先完成初始设置（init）",
            "The station is not set up yet: run the first-start set-up (init)",
        )
    return station


def _check_kind(kind: object) -> str:
    if kind not in STATION_KINDS:
        raise InvalidInput(
            f"站点类型只能是 rest（驿站）、nursing（妈咪小屋）或 both，收到“{shown(kind)}”",
            f"Station kind must be rest, nursing or both (got {shown(kind)!r})",
            field="Kind",
        )
    return str(kind)


def _profile_fields(
    name: str, kind: str, address: str, hotline: str, hours: str, seats: int | str
) -> dict[str, object]:
    return {
        "name": text(name, ("站点名称", "Station name"), max_len=60),
        "kind": _check_kind(kind),
        "address": text(address, ("地址", "Address"), max_len=200, required=False),
        "hotline": text(hotline, ("服务电话", "Hotline"), max_len=40, required=False),
        "hours": text(hours, ("开放时间", "Opening hours"), max_len=60, required=False),
        "seats": integer(seats, ("座位数", "Seats"), minimum=0, maximum=500),
    }


def load_default_catalog(session: Session) -> None:
    """Seed categories, services and stock items from resources/catalog.json."""
    data = json.loads((RESOURCES_DIR / "catalog.json").read_text(encoding="utf-8"))
    for i, (zh, en) in enumerate(data["categories"]):
        session.add(Category(name=zh, name_en=en, sort_order=i, active=True))
    for i, (zh, en) in enumerate(data["services"]):
        session.add(ServiceType(name=zh, name_en=en, sort_order=i, active=True))
    for it in data["items"]:
        session.add(
            Item(
                name=it["name"],
                unit=it["unit"],
                low_stock_threshold=it["low"],
                tracks_expiry=it["expiry"],
                near_expiry_days=it.get("near_days", 30),
                lendable=it.get("lendable", False),
                active=True,
            )
        )
    session.flush()


class StationService:
    def __init__(self, ctx: AppContext, hasher: PinHasher) -> None:
        self.ctx = ctx
        self.hasher = hasher

    def is_initialized(self) -> bool:
        with self.ctx.read() as uow:
            return (uow.session.scalar(select(func.count(Station.id))) or 0) > 0

    def initialize(
        self,
        *,
        name: str,
        kind: str,
        supervisor_name: str,
        supervisor_pin: str,
        address: str = "",
        hotline: str = "",
        hours: str = "",
        seats: int | str = 0,
        code: str | None = None,
        created_at: datetime | None = None,
    ) -> StationInfo:
        """First start: the station, its first supervisor and the default catalog, at once."""
        fields = _profile_fields(name, kind, address, hotline, hours, seats)
        station_code = optional_text(code, ("站点编号", "Station code"), max_len=16)
        opened = None if created_at is None else a_moment(created_at, ("建站时间", "Opened at"))
        with self.ctx.uow() as uow:
            s = uow.session
            if s.scalar(select(func.count(Station.id))):
                raise Conflict("驿站已经设置过了", "The station is already set up")
            now = self.ctx.now()
            station = Station(
                code=station_code or secrets.token_hex(3).upper(),
                secret=secrets.token_hex(32),
                created_at=opened or now,
                pin_key_check=self.hasher.key_check(),
                **fields,
            )
            s.add(station)
            user = add_user(s, self.hasher, supervisor_name, "supervisor", supervisor_pin, now)
            load_default_catalog(s)
            actor = Actor(user.id, user.name, user.role)
            s.flush()
            audit.record(
                s,
                actor,
                "station.init",
                "station",
                station.id,
                now,
                {"name": station.name, "kind": station.kind},
            )
            uow.commit()
            return _station_info(station)

    def profile(self) -> StationInfo:
        with self.ctx.read() as uow:
            return _station_info(current_station(uow.session))

    def update_profile(
        self,
        actor: Actor,
        *,
        name: str,
        kind: str,
        address: str = "",
        hotline: str = "",
        hours: str = "",
        seats: int | str = 0,
    ) -> StationInfo:
        require_supervisor(actor, "修改站点资料", "change the station profile")
        fields = _profile_fields(name, kind, address, hotline, hours, seats)
        with self.ctx.uow() as uow:
            station = current_station(uow.session)
            before = {k: getattr(station, k) for k in fields}
            for k, v in fields.items():
                setattr(station, k, v)
            audit.record(
                uow.session,
                actor,
                "station.update",
                "station",
                station.id,
                self.ctx.now(),
                {"before": before, "after": fields},
            )
            uow.commit()
            return _station_info(station)

    def set_wifi(self, actor: Actor, ssid: str | None, password: str | None) -> StationInfo:
        """The station's Wi-Fi for its poster's join code (supervisor); empty name: none."""
        require_supervisor(actor, "设置 Wi-Fi", "set the Wi-Fi")
        name, secret = check_wifi(ssid, password)
        with self.ctx.uow() as uow:
            station = current_station(uow.session)
            station.wifi_ssid, station.wifi_password = name, secret
            audit.record(
                uow.session,
                actor,
                "station.wifi",
                "station",
                station.id,
                self.ctx.now(),
                {"ssid": name, "password_set": bool(secret)},
            )
            uow.commit()
            return _station_info(station)

    def categories(self, include_inactive: bool = False) -> list[CategoryInfo]:
        with self.ctx.read() as uow:
            q = select(Category).order_by(Category.sort_order, Category.id)
            if not include_inactive:
                q = q.where(Category.active.is_(True))
            return [CategoryInfo(c.id, c.name, c.name_en, c.active) for c in uow.session.scalars(q)]

    def service_types(self, include_inactive: bool = False) -> list[ServiceTypeInfo]:
        with self.ctx.read() as uow:
            q = select(ServiceType).order_by(ServiceType.sort_order, ServiceType.id)
            if not include_inactive:
                q = q.where(ServiceType.active.is_(True))
            return [
                ServiceTypeInfo(c.id, c.name, c.name_en, c.active) for c in uow.session.scalars(q)
            ]

    def add_category(self, actor: Actor, name: str, name_en: str = "") -> CategoryInfo:
        require_supervisor(actor, "添加访客类别", "add visitor categories")
        name = text(name, ("类别名称", "Category name"), max_len=30)
        name_en = text(name_en, ("英文名称", "English name"), max_len=40, required=False)
        with self.ctx.uow() as uow:
            s = uow.session
            if s.scalar(select(Category.id).where(Category.name == name)) is not None:
                raise Conflict(
                    f"类别“{name}”已存在",
                    f"Category {name!r} already exists",
                    field="Category name",
                )
            order = (s.scalar(select(func.max(Category.sort_order))) or 0) + 1
            cat = Category(name=name, name_en=name_en, sort_order=order, active=True)
            s.add(cat)
            s.flush()
            audit.record(
                s, actor, "category.create", "category", cat.id, self.ctx.now(), {"name": name}
            )
            uow.commit()
            return CategoryInfo(cat.id, cat.name, cat.name_en)

    # ------------------------------------------------------------------ catalog upkeep
    #
    # Categories and services are never deleted: a visit names its category for
    # ever. They are renamed, put in another order, retired (no longer offered at
    # check-in) and restored. Each change is one transaction with its audit event.

    def add_service_type(self, actor: Actor, name: str, name_en: str = "") -> ServiceTypeInfo:
        """A new service offered at check-in, after the existing ones."""
        require_supervisor(actor, "添加服务项目", "add services")
        name = text(name, SERVICE_NAME, max_len=30)
        name_en = text(name_en, ENGLISH_NAME, max_len=40, required=False)
        with self.ctx.uow() as uow:
            s = uow.session
            _refuse_taken_names(s, ServiceType, None, name, name_en)
            order = (s.scalar(select(func.max(ServiceType.sort_order))) or 0) + 1
            st = ServiceType(name=name, name_en=name_en, sort_order=order, active=True)
            s.add(st)
            s.flush()
            audit.record(
                s,
                actor,
                "service.create",
                "service",
                st.id,
                self.ctx.now(),
                {"name": name, "name_en": name_en},
            )
            uow.commit()
            return ServiceTypeInfo(st.id, st.name, st.name_en, st.active)

    def rename_category(
        self, actor: Actor, category_id: int, name: str, name_en: str = ""
    ) -> CategoryInfo:
        """New Chinese and English names; visits already recorded show the new name."""
        require_supervisor(actor, "修改访客类别", "rename visitor categories")
        cid = an_id(category_id, CATEGORY)
        name = text(name, CATEGORY_NAME, max_len=30)
        name_en = text(name_en, ENGLISH_NAME, max_len=40, required=False)
        with self.ctx.uow() as uow:
            s = uow.session
            cat = _catalog_row(s, Category, cid)
            _refuse_taken_names(s, Category, cid, name, name_en)
            self._renamed(s, actor, "category", cat, name, name_en)
            uow.commit()
            return CategoryInfo(cat.id, cat.name, cat.name_en, cat.active)

    def rename_service_type(
        self, actor: Actor, service_id: int, name: str, name_en: str = ""
    ) -> ServiceTypeInfo:
        require_supervisor(actor, "修改服务项目", "rename services")
        sid = an_id(service_id, SERVICE)
        name = text(name, SERVICE_NAME, max_len=30)
        name_en = text(name_en, ENGLISH_NAME, max_len=40, required=False)
        with self.ctx.uow() as uow:
            s = uow.session
            st = _catalog_row(s, ServiceType, sid)
            _refuse_taken_names(s, ServiceType, sid, name, name_en)
            self._renamed(s, actor, "service", st, name, name_en)
            uow.commit()
            return ServiceTypeInfo(st.id, st.name, st.name_en, st.active)

    def _renamed(
        self,
        s: Session,
        actor: Actor,
        entity: str,
        row: Category | ServiceType,
        name: str,
        name_en: str,
    ) -> None:
        before = {"name": row.name, "name_en": row.name_en}
        row.name, row.name_en = name, name_en
        audit.record(
            s,
            actor,
            f"{entity}.rename",
            entity,
            row.id,
            self.ctx.now(),
            {"before": before, "after": {"name": name, "name_en": name_en}},
        )

    def move_category(self, actor: Actor, category_id: int, step: int) -> list[CategoryInfo]:
        """One place up (``step`` −1) or down (+1) in the catalog order, retired ones
        included; returns the whole list in its new order."""
        require_supervisor(actor, "调整访客类别顺序", "reorder visitor categories")
        cid = an_id(category_id, CATEGORY)
        step = _check_step(step)
        with self.ctx.uow() as uow:
            rows = self._moved(uow.session, actor, Category, "category", cid, step)
            uow.commit()
            return [CategoryInfo(c.id, c.name, c.name_en, c.active) for c in rows]

    def move_service_type(self, actor: Actor, service_id: int, step: int) -> list[ServiceTypeInfo]:
        require_supervisor(actor, "调整服务项目顺序", "reorder services")
        sid = an_id(service_id, SERVICE)
        step = _check_step(step)
        with self.ctx.uow() as uow:
            rows = self._moved(uow.session, actor, ServiceType, "service", sid, step)
            uow.commit()
            return [ServiceTypeInfo(c.id, c.name, c.name_en, c.active) for c in rows]

    def _moved(
        self,
        s: Session,
        actor: Actor,
        model: type[Category] | type[ServiceType],
        entity: str,
        row_id: int,
        step: int,
    ) -> list[Category | ServiceType]:
        rows: list[Category | ServiceType] = list(
            s.scalars(select(model).order_by(model.sort_order, model.id))
        )
        at = next((i for i, r in enumerate(rows) if r.id == row_id), None)
        if at is None:
            raise _unknown_row(model, row_id)
        to = at + step
        if not 0 <= to < len(rows):
            name = rows[at].name
            raise Conflict(
                f"“{name}”已经在最{'前' if step < 0 else '后'}面了",
                f"{name!r} is already {'first' if step < 0 else 'last'}",
                field=_label(model)[1],
            )
        rows[at], rows[to] = rows[to], rows[at]
        for position, r in enumerate(rows):  # close any gaps and ties as well
            if r.sort_order != position:
                r.sort_order = position
        audit.record(
            s,
            actor,
            f"{entity}.move",
            entity,
            row_id,
            self.ctx.now(),
            {"name": rows[to].name, "from": at + 1, "to": to + 1},
        )
        return rows

    def retire_category(self, actor: Actor, category_id: int) -> CategoryInfo:
        """No longer offered at check-in; its visits keep it. Refused for the last
        category, one that members belong to (their cards could not check in) and one
        that a running relief campaign is limited to."""
        require_supervisor(actor, "停用访客类别", "retire visitor categories")
        cid = an_id(category_id, CATEGORY)
        with self.ctx.uow() as uow:
            s = uow.session
            cat = _catalog_row(s, Category, cid)
            if not cat.active:
                raise Conflict(
                    f"类别“{cat.name}”已经停用了",
                    f"Category {cat.name!r} is already retired",
                    field="Category",
                )
            others = s.scalar(
                select(func.count(Category.id)).where(
                    Category.active.is_(True), Category.id != cat.id
                )
            )
            if not others:
                raise Conflict(
                    "不能停用最后一个访客类别：签到至少要有一个类别",
                    "Cannot retire the last visitor category: check-in needs at least one",
                    field="Category",
                )
            members = s.scalar(
                select(func.count(Member.id)).where(
                    Member.category_id == cat.id, Member.active.is_(True)
                )
            )
            if members:
                raise Conflict(
                    f"还有 {members} 位会员属于“{cat.name}”，停用后他们刷卡无法签到",
                    f"{members} member(s) belong to {cat.name!r}: "
                    "their cards could not check in if it were retired",
                    field="Category",
                )
            campaign = s.scalar(
                select(Campaign.name)
                .join(campaign_category, campaign_category.c.campaign_id == Campaign.id)
                .where(
                    campaign_category.c.category_id == cat.id,
                    Campaign.active.is_(True),
                    Campaign.ends_on >= self.ctx.today(),
                )
                .limit(1)
            )
            if campaign is not None:
                raise Conflict(
                    f"发放活动“{campaign}”发给“{cat.name}”，请等活动结束后再停用",
                    f"Relief campaign {campaign!r} is for {cat.name!r}: "
                    "retire it after the campaign ends",
                    field="Category",
                )
            self._set_active(s, actor, "category", cat, False)
            uow.commit()
            return CategoryInfo(cat.id, cat.name, cat.name_en, cat.active)

    def restore_category(self, actor: Actor, category_id: int) -> CategoryInfo:
        require_supervisor(actor, "恢复访客类别", "restore visitor categories")
        cid = an_id(category_id, CATEGORY)
        with self.ctx.uow() as uow:
            s = uow.session
            cat = _catalog_row(s, Category, cid)
            if cat.active:
                raise Conflict(
                    f"类别“{cat.name}”没有停用",
                    f"Category {cat.name!r} is not retired",
                    field="Category",
                )
            self._set_active(s, actor, "category", cat, True)
            uow.commit()
            return CategoryInfo(cat.id, cat.name, cat.name_en, cat.active)

    def retire_service_type(self, actor: Actor, service_id: int) -> ServiceTypeInfo:
        """No longer offered at check-in; visits that used it keep it."""
        require_supervisor(actor, "停用服务项目", "retire services")
        sid = an_id(service_id, SERVICE)
        with self.ctx.uow() as uow:
            s = uow.session
            st = _catalog_row(s, ServiceType, sid)
            if not st.active:
                raise Conflict(
                    f"服务“{st.name}”已经停用了",
                    f"Service {st.name!r} is already retired",
                    field="Service",
                )
            self._set_active(s, actor, "service", st, False)
            uow.commit()
            return ServiceTypeInfo(st.id, st.name, st.name_en, st.active)

    def restore_service_type(self, actor: Actor, service_id: int) -> ServiceTypeInfo:
        require_supervisor(actor, "恢复服务项目", "restore services")
        sid = an_id(service_id, SERVICE)
        with self.ctx.uow() as uow:
            s = uow.session
            st = _catalog_row(s, ServiceType, sid)
            if st.active:
                raise Conflict(
                    f"服务“{st.name}”没有停用",
                    f"Service {st.name!r} is not retired",
                    field="Service",
                )
            self._set_active(s, actor, "service", st, True)
            uow.commit()
            return ServiceTypeInfo(st.id, st.name, st.name_en, st.active)

    def _set_active(
        self, s: Session, actor: Actor, entity: str, row: Category | ServiceType, active: bool
    ) -> None:
        row.active = active
        audit.record(
            s,
            actor,
            f"{entity}.{'restore' if active else 'retire'}",
            entity,
            row.id,
            self.ctx.now(),
            {"name": row.name},
        )


def _label(model: type[Category] | type[ServiceType]) -> tuple[str, str]:
    return CATEGORY if model is Category else SERVICE


def _unknown_row(model: type[Category] | type[ServiceType], row_id: int) -> NotFound:
    zh, en = _label(model)
    return NotFound(f"找不到{zh} #{row_id}", f"No {en.lower()} #{row_id}", field=en)


def _catalog_row(
    s: Session, model: type[Category] | type[ServiceType], row_id: int
) -> Category | ServiceType:
    row = cast(Category | ServiceType | None, s.get(model, row_id))
    if row is None:
        raise _unknown_row(model, row_id)
    return row


def _check_step(step: object) -> int:
    value = integer(step, STEP)
    if value not in (-1, 1):
        raise InvalidInput(
            "只能上移一位（-1）或下移一位（1）",
            f"Step must be -1 (up) or 1 (down), not {value}",
            field="Step",
        )
    return value


def _refuse_taken_names(
    s: Session,
    model: type[Category] | type[ServiceType],
    own_id: int | None,
    name: str,
    name_en: str,
) -> None:
    """Names are looked up by Chinese name and English name (any case) at check-in and
    import: neither may be another row's, retired or not."""
    zh, en = _label(model)
    name_field = CATEGORY_NAME[1] if model is Category else SERVICE_NAME[1]
    others = select(model).where(model.id != own_id) if own_id is not None else select(model)
    taken = cast(Category | ServiceType | None, s.scalar(others.where(model.name == name).limit(1)))
    if taken is not None:
        raise Conflict(
            f"已有名为“{name}”的{zh}",
            f"A {en.lower()} named {name!r} already exists",
            field=name_field,
        )
    if name_en:
        taken = cast(
            Category | ServiceType | None,
            s.scalar(others.where(func.lower(model.name_en) == name_en.lower()).limit(1)),
        )
        if taken is not None:
            raise Conflict(
                f"英文名称“{name_en}”已被“{taken.name}”使用",
                f"The English name {name_en!r} is already used by {taken.name!r}",
                field="English name",
            )


def unknown_category(key: object) -> NotFound:
    return NotFound(
        f"没有“{shown(key)}”这个访客类别",
        f"Unknown visitor category {shown(key)!r}",
        field="Category",
    )


def unknown_service(key: object) -> NotFound:
    return NotFound(
        f"没有“{shown(key)}”这项服务", f"Unknown service {shown(key)!r}", field="Services"
    )


def find_category(session: Session, name_or_id: str | int) -> Category:
    """A visitor category by id, Chinese name or English name (case-insensitive)."""
    if isinstance(name_or_id, int):
        cat = session.get(Category, name_or_id)
    else:
        key = name_or_id.strip()
        cat = session.scalar(select(Category).where(Category.name == key))
        if cat is None and key:
            cat = session.scalar(
                select(Category).where(func.lower(Category.name_en) == key.lower())
            )
    if cat is None or not cat.active:
        raise unknown_category(name_or_id)
    return cat


def find_service_type(session: Session, name_or_id: str | int) -> ServiceType:
    if isinstance(name_or_id, int):
        st = session.get(ServiceType, name_or_id)
    else:
        key = name_or_id.strip()
        st = session.scalar(select(ServiceType).where(ServiceType.name == key))
        if st is None and key:
            st = session.scalar(
                select(ServiceType).where(func.lower(ServiceType.name_en) == key.lower())
            )
    if st is None or not st.active:
        raise unknown_service(name_or_id)
    return st


WIFI_SSID = ("Wi-Fi 名称", "Wi-Fi name")
WIFI_PASSWORD = ("Wi-Fi 密码", "Wi-Fi password")


def check_wifi(ssid: object, password: object) -> tuple[str, str]:
    """A Wi-Fi name (1–32 bytes) and a WPA password (8–63 printable ASCII) or none."""
    name = optional_text(ssid, WIFI_SSID, max_len=32) or ""
    if name and len(name.encode("utf-8")) > 32:
        raise InvalidInput(
            "Wi-Fi 名称最长 32 字节（约 10 个汉字）",
            "A Wi-Fi name is at most 32 bytes",
            field="Wi-Fi name",
        )
    secret = "" if password is None else password
    if not isinstance(secret, str):
        raise InvalidInput(
            "Wi-Fi 密码必须是文字", "Wi-Fi password must be text", field="Wi-Fi password"
        )
    if secret and not name:
        raise InvalidInput(
            "有密码就要填 Wi-Fi 名称", "Give the Wi-Fi name with its password", field="Wi-Fi name"
        )
    if secret and not (8 <= len(secret) <= 63 and all(" " <= c <= "~" for c in secret)):
        raise InvalidInput(
            "Wi-Fi 密码应为 8–63 位字母、数字或符号（开放网络则留空）",
            "A Wi-Fi password is 8-63 letters, digits or symbols (empty for an open network)",
            field="Wi-Fi password",
        )
    return name, secret
