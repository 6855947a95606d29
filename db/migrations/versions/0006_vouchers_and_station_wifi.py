"""relief vouchers, the voucher a handout redeems, and the station's Wi-Fi

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

A voucher (发放券) is printed for one person and one campaign and redeemed once:
the handout that redeems it names it in ``handout.voucher_id``, under a unique
index, so two kiosks redeeming the same voucher at once are told apart by the
database rather than by a check before the write. The station's Wi-Fi name and
password are printed on its poster as a QR code that phones can join with.

The station's secret that signs every printed code was made at ``init`` since
the first revision, so existing stations need nothing new for it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK_HANDOUT_VOUCHER = "fk_handout_voucher_id_voucher"


def upgrade() -> None:
    op.create_table(
        "voucher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("claimant_name", sa.String(length=30), nullable=True),
        sa.Column("phone_last4", sa.String(length=4), nullable=True),
        sa.Column("employer", sa.String(length=60), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(member_id IS NOT NULL) OR (claimant_name IS NOT NULL AND phone_last4 IS NOT NULL)",
            name=op.f("ck_voucher_claimant"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_voucher_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_voucher_category_id_category")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"], ["app_user.id"], name=op.f("fk_voucher_issued_by_app_user")
        ),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_voucher_member_id_member")),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["app_user.id"], name=op.f("fk_voucher_revoked_by_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_voucher_station_id_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voucher")),
    )
    op.create_index("ix_voucher_campaign", "voucher", ["campaign_id"], unique=False)
    # Plain ADD COLUMN, no table rebuild (a rebuild of a table others refer to fails
    # with their rows in place): SQLite takes a nullable column with an inline
    # REFERENCES, and a NOT NULL one with a default.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE handout ADD COLUMN voucher_id INTEGER "
            f"CONSTRAINT {FK_HANDOUT_VOUCHER} REFERENCES voucher (id)"
        )
    else:
        op.add_column("handout", sa.Column("voucher_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FK_HANDOUT_VOUCHER, "handout", "voucher", ["voucher_id"], ["id"])
    op.create_index("uq_handout_voucher", "handout", ["voucher_id"], unique=True)
    op.add_column(
        "station", sa.Column("wifi_ssid", sa.String(length=32), server_default="", nullable=False)
    )
    op.add_column(
        "station",
        sa.Column("wifi_password", sa.String(length=63), server_default="", nullable=False),
    )

def downgrade() -> None:
    with op.batch_alter_table("station") as batch:
        batch.drop_column("wifi_password")
        batch.drop_column("wifi_ssid")
    op.drop_index("uq_handout_voucher", table_name="handout")
    with op.batch_alter_table("handout") as batch:
        batch.drop_column("voucher_id")
    op.drop_index("ix_voucher_campaign", table_name="voucher")
    op.drop_table("voucher")
