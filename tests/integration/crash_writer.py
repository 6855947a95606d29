"""A kiosk that never stops: check-ins, relief handouts and stock issues in a loop, until
it is killed.

Run by tests/integration/test_crash.py from the repository root::

    python -m tests.integration.crash_writer DB_PATH CAMPAIGN_ID

The database must already be set up (station, supervisor ``SUPERVISOR`` with
``PIN``, stock, an open campaign). The writer reports what it does on stdout in
marker lines, each written with a single ``os.write`` on the file descriptor
(no buffer a kill could lose), so that the last whole line tells the test where
the kill landed:

    ready                           set up and logged in; the write loop starts
    call N KIND ARGS...             call N is about to run (KIND and ARGS below)
    begin N                         call N's write transaction has begun (BEGIN IMMEDIATE)
    commit N                        call N's COMMIT is about to be sent
    committed N                     call N's COMMIT has returned
    done N KIND IDS                 call N returned: it committed
    refused N KIND                  call N was refused (stock ran short): nothing written

    KIND     ARGS                              IDS
    visit    CATEGORY SERVICE_COUNT            the visit id
    handout  CLAIMANT_NAME                     the handout id
    issue    ITEM_ID QTY VISIT_ID              the move ids, comma-separated
    receive  ITEM_ID QTY LOT_CODE              the move id

A refused handout or issue is followed by one ``receive`` call per item it needed
(a small lot each, so that takes often span several lots), then the loop goes on.

It uses the same services as the app, built with ``build_services`` on the
real engine (WAL, synchronous=FULL, BEGIN IMMEDIATE).
"""

from __future__ import annotations

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from db.engine import create_station_engine
from db.uow import READ_ONLY
from station_app.auth import PinHasher
from station_app.config import sqlite_url
from station_app.errors import InsufficientStock
from station_app.services import build_services

TZ_NAME = "Asia/Shanghai"
PEPPER = b"crash-test-pepper"
SUPERVISOR = "王站长"
PIN = "2580"
CATEGORIES = ("外卖骑手", "快递员", "环卫工人", "司机")
SERVICE_SETS: tuple[tuple[str, ...], ...] = (("休息", "饮水"), ("充电",), (), ("热饭", "如厕"))
WATER = "矿泉水"
# What one stock issue hands over, in turn: (item, quantity).
ISSUES: tuple[tuple[str, int], ...] = ((WATER, 3), ("创可贴", 2), (WATER, 1), ("创可贴", 5))
# A refill delivery per item: small, so that lots run out and takes span several lots.
REFILL = {WATER: 9, "藿香正气水": 4, "创可贴": 7}
REFILL_EXPIRY_DAYS = 150  # later than every lot the test starts with


def hasher() -> PinHasher:
    """Small argon2 costs: the writer logs in at every start."""
    return PinHasher(PEPPER, time_cost=1, memory_cost=1024)


class Markers:
    """Marker lines on a file descriptor; the engine's write transactions report
    their begin and commit under the number of the call in progress."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.call: int | None = None

    def line(self, *words: object) -> None:
        os.write(self.fd, (" ".join(str(w) for w in words) + "\n").encode("utf-8"))

    def watch(self, engine: Engine) -> None:
        @event.listens_for(engine, "begin")
        def _begun(conn: Any) -> None:
            # Registered after db.engine's own "begin" listener: BEGIN IMMEDIATE has run.
            if self.call is not None and not conn.get_execution_options().get(READ_ONLY):
                self.line("begin", self.call)

        @event.listens_for(engine, "commit")
        def _committing(conn: Any) -> None:
            if self.call is not None and not conn.get_execution_options().get(READ_ONLY):
                self.line("commit", self.call)

        # Sessions have the event for after the database's COMMIT; the writer is a
        # process of its own, so every session in it may be watched.
        @event.listens_for(Session, "after_commit")
        def _committed(session: Session) -> None:
            if self.call is not None:
                self.line("committed", self.call)


def run(db: Path, campaign_id: int, fd: int) -> None:
    engine = create_station_engine(sqlite_url(db))
    services = build_services(engine, hasher(), tz=ZoneInfo(TZ_NAME))
    actor = services.users.login(SUPERVISOR, PIN)
    package = [(line.item_id, line.item) for line in services.relief.campaign(campaign_id).lines]
    item_ids = {i.name: i.id for i in services.inventory.items()}
    markers = Markers(fd)
    markers.watch(engine)
    tag = secrets.token_hex(4)  # names and lot codes no other writer uses
    last_visit: int | None = None
    n = 0

    def start(kind: str, *args: object) -> None:
        nonlocal n
        n += 1
        markers.call = n
        markers.line("call", n, kind, *args)

    def refill(item_id: int, item: str) -> None:
        code = f"R{tag}-{n + 1}"
        start("receive", item_id, REFILL[item], code)
        move = services.inventory.receive(
            actor,
            item_id,
            REFILL[item],
            lot_code=code,
            expires_on=services.ctx.today() + timedelta(days=REFILL_EXPIRY_DAYS + n % 60),
        )
        markers.line("done", n, "receive", move.id)

    markers.line("ready")
    turn = 0
    while True:
        turn += 1
        if turn % 2:
            category = CATEGORIES[turn % len(CATEGORIES)]
            services_used = SERVICE_SETS[turn % len(SERVICE_SETS)]
            start("visit", category, len(services_used))
            visit = services.visits.check_in(actor, category, services=services_used)
            last_visit = visit.id
            markers.line("done", n, "visit", visit.id)
        elif turn % 4 == 2:
            name = f"骑手{tag}-{n + 1}"  # a new person every time
            start("handout", name)
            try:
                handout = services.relief.hand_out(
                    actor,
                    campaign_id,
                    name=name,
                    phone_last4=f"{n % 10_000:04d}",
                    employer="美团配送",
                )
            except InsufficientStock:
                markers.line("refused", n, "handout")
                for item_id, item in package:
                    refill(item_id, item)
                continue
            markers.line("done", n, "handout", handout.id)
        else:
            item, qty = ISSUES[(turn // 4) % len(ISSUES)]
            start("issue", item_ids[item], qty, last_visit)
            try:
                moves = services.inventory.issue(actor, item, qty, visit_id=last_visit)
            except InsufficientStock:
                markers.line("refused", n, "issue")
                refill(item_ids[item], item)
                continue
            markers.line("done", n, "issue", ",".join(str(m.id) for m in moves))


if __name__ == "__main__":
    run(Path(sys.argv[1]), int(sys.argv[2]), sys.stdout.fileno())
