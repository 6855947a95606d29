"""One kiosk redeeming a voucher, for the race test: ``python -m ... DB VOUCHER_ID START``.

Waits until the wall clock reaches START (a shared moment), redeems, and prints
``OK <handout id>`` or ``REFUSED <reason>``.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from db.engine import create_station_engine
from station_app.clock import FixedClock
from station_app.codes import CodeRefused
from station_app.config import sqlite_url
from station_app.context import CLI_ACTOR
from station_app.services import build_services
from tests.conftest import fast_hasher

TZ = ZoneInfo("Asia/Shanghai")


def main() -> int:
    db, voucher_id, start = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    engine = create_station_engine(sqlite_url(Path(db)))
    clock = FixedClock(datetime(2026, 7, 1, 9, 30, tzinfo=TZ))
    services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
    services.vouchers.get(voucher_id)  # connected and warm before the start
    time.sleep(max(0.0, start - time.time()))
    try:
        handout = services.vouchers.redeem(CLI_ACTOR, voucher_id)
    except CodeRefused as exc:
        print("REFUSED", exc.reason, flush=True)
        return 0
    print("OK", handout.id, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
