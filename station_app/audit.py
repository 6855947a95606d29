"""The append-only audit log: every change, with who and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.models import AuditEvent
from station_app.context import Actor, AppContext
from station_app.validate import integer, optional_text

MAX_RECENT = 100_000


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    at: datetime,
    detail: dict[str, Any] | None = None,
    note: str = "",
) -> None:
    """Add an audit event to the caller's transaction (it commits with the change).

    A Core insert rather than ``session.add``: no identity-map bookkeeping for a
    row nobody reads back in the same transaction.
    """
    session.execute(
        insert(AuditEvent).values(
            at=at,
            actor_id=actor.user_id,
            actor_name=actor.name,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=detail or {},
            note=note,
        )
    )


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_name: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict[str, Any]
    note: str


class AuditService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def recent(
        self, limit: int = 200, action: str | None = None, entity: str | None = None
    ) -> list[AuditEntry]:
        """The newest ``limit`` events, of one ``action`` and/or ``entity`` if given."""
        limit = integer(limit, ("条数", "Limit"), minimum=0, maximum=MAX_RECENT)
        action = optional_text(action, ("操作", "Action"), max_len=60)
        entity = optional_text(entity, ("对象", "Entity"), max_len=60)
        with self.ctx.read() as uow:
            q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
            if action:
                q = q.where(AuditEvent.action == action)
            if entity:
                q = q.where(AuditEvent.entity == entity)
            return [
                AuditEntry(
                    e.id,
                    e.at,
                    e.actor_name,
                    e.action,
                    e.entity,
                    e.entity_id,
                    dict(e.detail or {}),
                    e.note,
                )
                for e in uow.session.scalars(q)
            ]
