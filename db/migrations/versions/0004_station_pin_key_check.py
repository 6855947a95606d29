"""station.pin_key_check: which PIN key (pepper) the station's PINs were made with

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

PINs are hashed with a secret kept outside the database (``pepper.key``). A
database restored on another PC, or a data folder that lost that file, makes
every PIN look wrong, and five tries lock each account in turn. The station now
keeps an HMAC of a fixed text under the key it was set up with: it tells the
keys apart without telling anything about the key. Empty on older databases
until the first successful sign-in fills it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on every database: a batch ("move and copy") rebuild of station
# would drop a table the rest of the schema refers to. SQLite drops a column in place
# from 3.35 on.


def upgrade() -> None:
    op.add_column("station", sa.Column("pin_key_check", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("station", "pin_key_check")
