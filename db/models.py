"""SQLAlchemy 2.x typed models: the station's ledgers.

Rules live in ``station_app``; this module only says what is stored. Relationships
are ``lazy="raise"`` so that a service has to say what it loads.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


# Station kinds, roles, visit sources and move reasons are short ASCII codes;
# the UI maps them to words.
STATION_KINDS = ("rest", "nursing", "both")
ROLES = ("attendant", "supervisor")
VISIT_SOURCES = ("tap", "scan", "import")
MOVE_REASONS = ("receive", "issue", "handout", "loss", "expired", "stocktake", "import")


class Station(Base):
    __tablename__ = "station"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(200), default="")
    hotline: Mapped[str] = mapped_column(String(40), default="")
    hours: Mapped[str] = mapped_column(String(60), default="")
    seats: Mapped[int] = mapped_column(Integer, default=0)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    # HMAC of a fixed text under the PIN key (pepper.key) the PINs were made with: a PC
    # with another key is told so instead of every sign-in failing (migration 0004).
    pin_key_check: Mapped[str | None] = mapped_column(String(64))
    # The station's Wi-Fi, printed on its poster as a QR that phones join with (0006).
    wifi_ssid: Mapped[str] = mapped_column(String(32), default="", server_default="")
    wifi_password: Mapped[str] = mapped_column(String(63), default="", server_default="")

    __table_args__ = (
        CheckConstraint("kind IN ('rest', 'nursing', 'both')", name="kind"),
        CheckConstraint("seats >= 0", name="seats"),
    )


class Category(Base):
    """A kind of visitor: 快递员, 外卖骑手, 环卫工人, 哺乳妈妈 …"""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    name_en: Mapped[str] = mapped_column(String(40), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ServiceType(Base):
    """Something a visitor uses: 休息, 饮水, 热饭, 充电, 哺乳 …"""

    __tablename__ = "service_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    name_en: Mapped[str] = mapped_column(String(40), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)
    role: Mapped[str] = mapped_column(String(12))
    pin_hash: Mapped[str] = mapped_column(String(200))
    failed_tries: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]

    __table_args__ = (CheckConstraint("role IN ('attendant', 'supervisor')", name="role"),)


class Member(Base):
    """Optional registration. Personal fields can be purged; the row stays."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    nickname: Mapped[str | None] = mapped_column(String(30))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    employer: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(20))
    phone_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    deactivated_at: Mapped[datetime | None]
    purged_at: Mapped[datetime | None]

    category: Mapped[Category] = relationship(lazy="raise")

    __table_args__ = (
        CheckConstraint("phone IS NULL OR phone_consent", name="phone_needs_consent"),
    )


# The rows a partial index keeps (migration 0005): what is live now, not the history.
OPEN_VISIT = "checked_out_at IS NULL AND voided_at IS NULL"
OPEN_LOAN = "returned_at IS NULL AND written_off = 0"  # SQLite keeps booleans as 0/1
OPEN_LOAN_PG = "returned_at IS NULL AND NOT written_off"


visit_service = Table(
    "visit_service",
    Base.metadata,
    Column("visit_id", ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True),
    Column("service_type_id", ForeignKey("service_type.id"), primary_key=True),
    sqlite_with_rowid=False,  # the key is the table: one B-tree, not two (migration 0003)
)


class Visit(Base):
    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    checked_in_at: Mapped[datetime]
    checked_out_at: Mapped[datetime | None]
    source: Mapped[str] = mapped_column(String(10), default="tap")
    attendant_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    voided_at: Mapped[datetime | None]
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    void_reason: Mapped[str | None] = mapped_column(String(200))

    category: Mapped[Category] = relationship(lazy="raise")
    member: Mapped[Member | None] = relationship(lazy="raise")
    services: Mapped[list[ServiceType]] = relationship(secondary=visit_service, lazy="raise")

    __table_args__ = (
        CheckConstraint("source IN ('tap', 'scan', 'import')", name="source"),
        CheckConstraint(
            "checked_out_at IS NULL OR checked_out_at >= checked_in_at", name="out_after_in"
        ),
        Index("ix_visit_station_in", "station_id", "checked_in_at"),
        # Who is inside now: only open visits are in it, however long the register grows.
        Index(
            "ix_visit_open",
            "station_id",
            "checked_in_at",
            sqlite_where=text(OPEN_VISIT),
            postgresql_where=text(OPEN_VISIT),
        ),
    )


class Item(Base):
    """A stock item: 矿泉水 (瓶), 藿香正气水 (盒), 雨伞 (把) …"""

    __tablename__ = "item"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    unit: Mapped[str] = mapped_column(String(10))
    low_stock_threshold: Mapped[int] = mapped_column(Integer, default=0)
    tracks_expiry: Mapped[bool] = mapped_column(Boolean, default=False)
    near_expiry_days: Mapped[int] = mapped_column(Integer, default=30)
    lendable: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        CheckConstraint("low_stock_threshold >= 0", name="threshold"),
        CheckConstraint("near_expiry_days >= 0", name="near_expiry_days"),
    )


class Lot(Base):
    """A delivery of one item with one expiry date (or none)."""

    __tablename__ = "lot"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    lot_code: Mapped[str] = mapped_column(String(40))
    expires_on: Mapped[date | None] = mapped_column(Date)
    received_at: Mapped[datetime]

    item: Mapped[Item] = relationship(lazy="raise")

    __table_args__ = (UniqueConstraint("item_id", "lot_code", name="uq_lot_item_code"),)


class Stocktake(Base):
    __tablename__ = "stocktake"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    counted_at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    note: Mapped[str] = mapped_column(String(200), default="")


class Campaign(Base):
    """A relief campaign such as 2026 夏季送清凉."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    name: Mapped[str] = mapped_column(String(60))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    per_person_limit: Mapped[int] = mapped_column(Integer, default=1)
    min_days_between: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]

    lines: Mapped[list[CampaignLine]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="CampaignLine.id"
    )
    categories: Mapped[list[Category]] = relationship(secondary="campaign_category", lazy="raise")

    __table_args__ = (
        UniqueConstraint("station_id", "name", name="uq_campaign_station_name"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
        CheckConstraint("per_person_limit >= 1", name="limit"),
        CheckConstraint("min_days_between >= 0", name="interval"),
    )


campaign_category = Table(
    "campaign_category",
    Base.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id"), primary_key=True),
)


class CampaignLine(Base):
    __tablename__ = "campaign_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    qty: Mapped[int] = mapped_column(Integer)

    item: Mapped[Item] = relationship(lazy="raise")

    __table_args__ = (
        UniqueConstraint("campaign_id", "item_id", name="uq_campaign_line_item"),
        CheckConstraint("qty > 0", name="qty"),
    )


class Handout(Base):
    """One package handed to one person.

    ``claimant_key`` names the person for the limit ("m:<member id>" or
    "p:<name>|<phone last 4>"); ``claim_no`` counts their claims in the
    campaign. The unique constraint on the pair makes a second, racing claim
    fail in the database, not in a check before the write.
    """

    __tablename__ = "handout"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"))
    claimant_name: Mapped[str | None] = mapped_column(String(30))
    phone_last4: Mapped[str | None] = mapped_column(String(4))
    employer: Mapped[str | None] = mapped_column(String(60))
    claimant_key: Mapped[str] = mapped_column(String(80))
    claim_no: Mapped[int] = mapped_column(Integer)
    handed_at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # The voucher redeemed by this handout, if any. Unique: a voucher redeems once,
    # and two kiosks redeeming it at the same moment are told apart by the database.
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("voucher.id"))

    __table_args__ = (
        UniqueConstraint("campaign_id", "claimant_key", "claim_no", name="uq_handout_claim"),
        CheckConstraint("claim_no >= 1", name="claim_no"),
        Index("uq_handout_voucher", "voucher_id", unique=True),
    )


class HandoutSignature(Base):
    """The recipient's signature on the kiosk's pen pad, kept with the handout for the
    sign-off roster (发放签收表): a small PNG image (0007)."""

    __tablename__ = "handout_signature"

    handout_id: Mapped[int] = mapped_column(ForeignKey("handout.id"), primary_key=True)
    png: Mapped[bytes] = mapped_column(LargeBinary)
    signed_at: Mapped[datetime]

    __table_args__ = (CheckConstraint("length(png) <= 262144", name="png_size"),)


class CleaningRecord(Base):
    """A cleaning or disinfection record (消毒记录): where, what was done, who, when.

    Append-only, like the stock ledger (0007): a mistake is corrected by a new record."""

    __tablename__ = "cleaning_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    area: Mapped[str] = mapped_column(String(40))
    done: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    actor_name: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ix_cleaning_record_station_at", "station_id", "at"),)


class Voucher(Base):
    """A relief voucher (发放券) printed for one person and one campaign.

    The claimant is a member or a name with the phone's last four digits, as for a
    handout. It is redeemed by the handout that names it (``Handout.voucher_id``);
    a supervisor may revoke one that was lost. Its QR code carries only its id.
    """

    __tablename__ = "voucher"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"))
    claimant_name: Mapped[str | None] = mapped_column(String(30))
    phone_last4: Mapped[str | None] = mapped_column(String(4))
    employer: Mapped[str | None] = mapped_column(String(60))
    issued_at: Mapped[datetime]
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    __table_args__ = (
        CheckConstraint(
            "(member_id IS NOT NULL) OR (claimant_name IS NOT NULL AND phone_last4 IS NOT NULL)",
            name="claimant",
        ),
        Index("ix_voucher_campaign", "campaign_id"),
    )


class StockMove(Base):
    """Append-only stock ledger: the truth. Nothing is updated; each lot's balance now is
    also kept in :class:`LotStock`, written in the same transaction as every move."""

    __tablename__ = "stock_move"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"))
    qty: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    handout_id: Mapped[int | None] = mapped_column(ForeignKey("handout.id"))
    stocktake_id: Mapped[int | None] = mapped_column(ForeignKey("stocktake.id"))

    __table_args__ = (
        CheckConstraint("qty <> 0", name="qty_nonzero"),
        CheckConstraint(
            "reason IN ('receive', 'issue', 'handout', 'loss', 'expired', 'stocktake', 'import')",
            name="reason",
        ),
        Index("ix_stock_move_item_lot", "item_id", "lot_id"),
        Index("ix_stock_move_station_at", "station_id", "at"),
    )


class LotStock(Base):
    """The stock there is now: one row per station and lot holding any, its balance.

    The balance is the sum of the lot's moves in ``stock_move``, written in the same
    transaction as every move (station_app.ledger.post_move), so a take reads one
    row instead of summing the history. A lot that is used up loses its row, so the
    table holds only live stock however long the ledger grows. The ledger stays the
    truth: ``db check`` and the start-up check compare the two.
    """

    __tablename__ = "lot_stock"

    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), primary_key=True)
    qty: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("qty >= 0", name="qty_not_negative"),
        {"sqlite_with_rowid": False},
    )


class BalanceHold(Base):
    """An item whose stored balance was found to disagree with its ledger.

    Stock actions on it are refused until a supervisor recomputes the balances
    from the ledger (``db repair-balances``); the repair removes the hold.
    """

    __tablename__ = "balance_hold"

    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"))
    stored: Mapped[int] = mapped_column(Integer)
    ledger: Mapped[int] = mapped_column(Integer)
    found_at: Mapped[datetime]


class Loan(Base):
    """An umbrella, charger or tool lent out; returned or written off."""

    __tablename__ = "loan"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    borrower: Mapped[str] = mapped_column(String(40), default="")
    phone_last4: Mapped[str | None] = mapped_column(String(4))
    lent_at: Mapped[datetime]
    due_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]
    lent_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    returned_to_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    written_off: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        # Open loans only (migration 0005): what is out now, not every loan ever made.
        Index(
            "ix_loan_open",
            "station_id",
            "item_id",
            sqlite_where=text(OPEN_LOAN),
            postgresql_where=text(OPEN_LOAN_PG),
        ),
    )


class AuditEvent(Base):
    """Append-only: who did what, when. Never updated, never deleted."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    actor_name: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_audit_event_at", "at"),)
