"""visit_service stored by its primary key (SQLite WITHOUT ROWID)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

``visit_service`` is a pair of ids and nothing else. As an ordinary SQLite
table it was kept twice: once as rows under a hidden rowid and once as the
primary key's index. Without the rowid the key is the table, so each check-in
writes one B-tree page fewer (the busiest write at the kiosk) and the table
takes about half the space. The rows are copied as they are; other databases
have no rowid to drop and are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild(with_rowid: bool) -> None:
    # No table refers to visit_service, so dropping it under foreign_keys=ON is safe;
    # the new table's own foreign keys are checked by the upgrade's foreign_key_check.
    op.execute(
        "CREATE TABLE visit_service_new ("
        "visit_id INTEGER NOT NULL, "
        "service_type_id INTEGER NOT NULL, "
        "CONSTRAINT pk_visit_service PRIMARY KEY (visit_id, service_type_id), "
        "CONSTRAINT fk_visit_service_service_type_id_service_type "
        "FOREIGN KEY(service_type_id) REFERENCES service_type (id), "
        "CONSTRAINT fk_visit_service_visit_id_visit "
        "FOREIGN KEY(visit_id) REFERENCES visit (id) ON DELETE CASCADE"
        ")" + ("" if with_rowid else " WITHOUT ROWID")
    )
    op.execute(
        "INSERT INTO visit_service_new (visit_id, service_type_id) "
        "SELECT visit_id, service_type_id FROM visit_service"
    )
    op.execute("DROP TABLE visit_service")
    op.execute("ALTER TABLE visit_service_new RENAME TO visit_service")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(with_rowid=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(with_rowid=True)
