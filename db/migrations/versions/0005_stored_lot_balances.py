"""stored lot balances, balance holds, and indexes on what is live

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

Every balance used to be a sum over the whole stock ledger, so each take and
each list slowed down as the years of records grew. ``lot_stock`` is the stock
there is now: one row per station and lot that holds any, with its balance
(never below zero), written in the same transaction as each move; a used-up
lot loses its row. The ledger stays append-only and remains the truth, and
``db check`` compares the two. The upgrade fills ``lot_stock`` from the moves
already there. ``balance_hold`` marks an item whose stored
balance was found to disagree with its ledger until a supervisor repairs it.

Partial indexes keep only what is live: open visits (who is inside) and open
loans. The old ``ix_loan_open`` (item, returned
at) indexed every loan ever made; it is replaced by one over open loans only.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_VISIT = "checked_out_at IS NULL AND voided_at IS NULL"
OPEN_LOAN = "returned_at IS NULL AND written_off = 0"
OPEN_LOAN_PG = "returned_at IS NULL AND NOT written_off"


def upgrade() -> None:
    op.create_table(
        "lot_stock",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.CheckConstraint("qty >= 0", name=op.f("ck_lot_stock_qty_not_negative")),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_lot_stock_item_id_item")),
        sa.ForeignKeyConstraint(["lot_id"], ["lot.id"], name=op.f("fk_lot_stock_lot_id_lot")),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_lot_stock_station_id_station")
        ),
        sa.PrimaryKeyConstraint("station_id", "item_id", "lot_id", name=op.f("pk_lot_stock")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "balance_hold",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("ledger", sa.Integer(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_balance_hold_item_id_item")
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lot.id"], name=op.f("fk_balance_hold_lot_id_lot")),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_balance_hold_station_id_station")
        ),
        sa.PrimaryKeyConstraint("station_id", "item_id", name=op.f("pk_balance_hold")),
    )
    # The balances of the moves already there, for the lots that hold stock. A lot whose
    # ledger is below zero (only a hand-edited file can have one) gets no row: `db check`
    # reports it as a balance that disagrees with its ledger.
    op.execute(
        "INSERT INTO lot_stock (station_id, item_id, lot_id, qty) "
        "SELECT station_id, item_id, lot_id, SUM(qty) FROM stock_move "
        "GROUP BY station_id, item_id, lot_id HAVING SUM(qty) > 0"
    )

    op.drop_index("ix_loan_open", table_name="loan")
    op.create_index(
        "ix_loan_open",
        "loan",
        ["station_id", "item_id"],
        unique=False,
        sqlite_where=sa.text(OPEN_LOAN),
        postgresql_where=sa.text(OPEN_LOAN_PG),
    )
    op.create_index(
        "ix_visit_open",
        "visit",
        ["station_id", "checked_in_at"],
        unique=False,
        sqlite_where=sa.text(OPEN_VISIT),
        postgresql_where=sa.text(OPEN_VISIT),
    )


def downgrade() -> None:
    op.drop_index("ix_visit_open", table_name="visit")
    op.drop_index("ix_loan_open", table_name="loan")
    op.create_index("ix_loan_open", "loan", ["item_id", "returned_at"], unique=False)
    op.drop_table("balance_hold")
    op.drop_table("lot_stock")
