"""Alembic environment. Migrations run from code (db.migrate), on a connection it hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        # SQLite's DDL is transactional; without this Alembic commits after each
        # revision, and a failure half-way leaves the schema between two revisions.
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the alembic command line, for writing new revisions
    url = config.get_main_option("sqlalchemy.url") or "sqlite:///alembic-dev.db"
    with create_engine(url).connect() as conn:
        _run(conn)
