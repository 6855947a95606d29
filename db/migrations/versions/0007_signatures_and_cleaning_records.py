"""handout signatures, and the append-only cleaning and disinfection record

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

A relief handout may carry the recipient's signature from the kiosk's pen pad, a
small PNG kept beside it for the sign-off roster (发放签收表). Cleaning and
disinfection (消毒记录) are recorded where, what and who; like the stock ledger
and the audit log the record is append-only, enforced by triggers.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "cleaning_record"


def upgrade() -> None:
    op.create_table(
        "handout_signature",
        sa.Column("handout_id", sa.Integer(), nullable=False),
        sa.Column("png", sa.LargeBinary(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(png) <= 262144", name=op.f("ck_handout_signature_png_size")
        ),
        sa.ForeignKeyConstraint(
            ["handout_id"], ["handout.id"], name=op.f("fk_handout_signature_handout_id_handout")
        ),
        sa.PrimaryKeyConstraint("handout_id", name=op.f("pk_handout_signature")),
    )
    op.create_table(
        "cleaning_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=40), nullable=False),
        sa.Column("done", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=60), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["app_user.id"], name=op.f("fk_cleaning_record_actor_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_cleaning_record_station_id_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cleaning_record")),
    )
    op.create_index(
        "ix_cleaning_record_station_at", "cleaning_record", ["station_id", "at"], unique=False
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {APPEND_ONLY}_no_{event.lower()} BEFORE {event} ON "
                f"{APPEND_ONLY} BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY} is append-only'); END"
            )
    elif dialect == "postgresql":  # station_refuse_change() comes from 0002
        op.execute(
            f"CREATE TRIGGER {APPEND_ONLY}_append_only BEFORE UPDATE OR DELETE ON "
            f"{APPEND_ONLY} FOR EACH ROW EXECUTE FUNCTION station_refuse_change()"
        )
        op.execute(
            f"CREATE TRIGGER {APPEND_ONLY}_no_truncate BEFORE TRUNCATE ON {APPEND_ONLY} "
            "FOR EACH STATEMENT EXECUTE FUNCTION station_refuse_change()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {APPEND_ONLY}_no_{event}")
    elif dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {APPEND_ONLY}_append_only ON {APPEND_ONLY}")
        op.execute(f"DROP TRIGGER IF EXISTS {APPEND_ONLY}_no_truncate ON {APPEND_ONLY}")
    op.drop_index("ix_cleaning_record_station_at", table_name="cleaning_record")
    op.drop_table("cleaning_record")
    op.drop_table("handout_signature")
