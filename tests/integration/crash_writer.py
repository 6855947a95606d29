"""A kiosk that never stops: check-ins and relief handouts in a loop, until it is killed.

Run by tests/integration/test_crash.py from the repository root::

    python -m tests.integration.crash_writer DB_PATH CAMPAIGN_ID

The database must already be set up (station, supervisor ``SUPERVISOR`` with
``PIN``, stock, an open campaign). After each committed call one line goes to
stdout and is flushed at once, so what the test reads back was committed:

    visit 123          a check-in
    handout 45         a relief package handed to a fresh claimant
    receive 678        a stock delivery (only if the package ran short)

It uses the same services as the app, built with ``build_services`` on the
real engine (WAL, synchronous=FULL, BEGIN IMMEDIATE).
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from db.engine import create_station_engine
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


def hasher() -> PinHasher:
    """Small argon2 costs: the writer logs in at every start."""
    return PinHasher(PEPPER, time_cost=1, memory_cost=1024)


def run(db: Path, campaign_id: int) -> None:
    services = build_services(create_station_engine(sqlite_url(db)), hasher(), tz=ZoneInfo(TZ_NAME))
    actor = services.users.login(SUPERVISOR, PIN)
    package = services.relief.campaign(campaign_id).lines
    tag = os.getpid()
    out = sys.stdout
    n = 0
    while True:
        n += 1
        if n % 2:
            visit = services.visits.check_in(
                actor, CATEGORIES[n % len(CATEGORIES)], services=SERVICE_SETS[n % 4]
            )
            line = f"visit {visit.id}"
        else:
            try:
                handout = services.relief.hand_out(
                    actor,
                    campaign_id,
                    name=f"骑手{tag}-{n}",  # a new person every time
                    phone_last4=f"{n % 10_000:04d}",
                    employer="美团配送",
                )
                line = f"handout {handout.id}"
            except InsufficientStock:
                today = services.ctx.today()
                for item in package:
                    move = services.inventory.receive(
                        actor,
                        item.item_id,
                        100_000,
                        lot_code=f"R{tag}-{n}",
                        expires_on=today + timedelta(days=365),
                    )
                    out.write(f"receive {move.id}\n")
                    out.flush()
                continue
        out.write(line + "\n")
        out.flush()


if __name__ == "__main__":
    run(Path(sys.argv[1]), int(sys.argv[2]))
