"""append-only stock ledger and audit log, enforced by the database

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

The services only ever insert into ``stock_move`` and ``audit_event``; these
triggers make the database refuse an UPDATE or DELETE on them from anywhere
(a bug, a script, a hand-edit with a SQLite browser), so the ledger and the
audit trail an audit relies on cannot be changed after the fact.

Note for later migrations: a batch ("move and copy") alteration of either
table on SQLite recreates the table and drops its triggers. Recreate them in
the same migration (see ``_create_sqlite``); tests/unit/test_migrations.py
checks that they exist at head.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op


revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("stock_move", "audit_event")


def _create_sqlite() -> None:
    for table in TABLES:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def _create_postgresql() -> None:
    op.execute(
        "CREATE FUNCTION station_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION station_refuse_change()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION station_refuse_change()"
        )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _create_sqlite()
    elif dialect == "postgresql":
        _create_postgresql()
    # Other databases: the rule stays with the services (they never update or delete).


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in TABLES:
            for event in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
    elif dialect == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS station_refuse_change()")
