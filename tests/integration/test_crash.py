"""Pull the plug: a writer killed at random moments must leave a consistent ledger.

One database, many rounds. Each round starts a fresh writer process
(crash_writer.py: check-ins, relief handouts, stock issues and refills in a loop,
reporting each call's progress in marker lines), waits until it says it is set up,
then waits a random moment and kills it with SIGKILL (TerminateProcess on Windows).
The last marker says where the kill landed. After every kill SQLite must be intact,
every stored lot balance must equal the sum of the lot's ledger moves, every call
the writer reported done must be there whole, and the call in flight must be there
whole or not at all (not at all if its COMMIT had not gone out). Rounds go on until
enough kills have hit a write transaction in flight.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from db.engine import create_station_engine
from db.migrate import upgrade
from station_app import ledger
from station_app.config import sqlite_url
from station_app.services import build_services
from tests.integration import crash_writer
from tests.integration.crash_checks import (
    Call,
    Catalog,
    check_database,
    check_round,
    max_ids,
    parse_markers,
)

REPO = Path(__file__).resolve().parents[2]
IN_FLIGHT_KILLS = 20  # kills that must land inside a write transaction
MAX_ROUNDS = 40
KILL_AFTER = (0.01, 0.5)  # seconds after the writer is ready
READY_TIMEOUT = 60.0
SEED = 20260701
WATER = crash_writer.WATER
HUOXIANG = "藿香正气水"
BANDAID = "创可贴"
PACKAGE = {WATER: 2, HUOXIANG: 1}
KINDS = ("visit", "handout", "issue", "receive")
# Where a kill landed: the stage of the writer's last call ("done" if it had none).
IN_FLIGHT = ("begin", "commit")  # its write transaction begun, its COMMIT not returned


def prepare(db: Path) -> int:
    """A station with a little stock and an open campaign; returns the campaign id."""
    engine = create_station_engine(sqlite_url(db))
    try:
        upgrade(engine)
        services = build_services(engine, crash_writer.hasher(), tz=ZoneInfo(crash_writer.TZ_NAME))
        services.stations.initialize(
            name="解放路爱心驿家",
            kind="both",
            supervisor_name=crash_writer.SUPERVISOR,
            supervisor_pin=crash_writer.PIN,
        )
        sup = services.users.login(crash_writer.SUPERVISOR, crash_writer.PIN)
        today = services.ctx.today()
        # A small lot expiring first goes first (FEFO), then the others; all small, so
        # that the writer's takes soon span lots and its refills begin.
        for item, qty, code, days in (
            (WATER, 7, "W0", 100),
            (WATER, 30, "W1", 120),
            (HUOXIANG, 12, "H1", 130),
            (BANDAID, 20, "B1", 130),
        ):
            services.inventory.receive(
                sup, item, qty, lot_code=code, expires_on=today + timedelta(days=days)
            )
        camp = services.relief.create_campaign(
            sup,
            "2026 夏季送清凉",
            today - timedelta(days=1),
            today + timedelta(days=30),
            list(PACKAGE.items()),
        )
        return camp.id
    finally:
        engine.dispose()


def run_round(n: int, db: Path, campaign_id: int, work: Path, rng: random.Random) -> list[Call]:
    """Start a writer, wait until it is ready, kill it a random moment later; the calls
    it reported."""
    out_path, err_path = work / f"round{n}.out", work / f"round{n}.err"

    def why() -> str:
        return f"round {n}:\n" + err_path.read_text(encoding="utf-8", errors="replace")

    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.crash_writer", str(db), str(campaign_id)],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        try:
            deadline = time.monotonic() + READY_TIMEOUT
            while not out_path.read_bytes().startswith(b"ready\n"):
                assert proc.poll() is None, "the writer stopped while setting up, " + why()
                assert time.monotonic() < deadline, "the writer was never ready, " + why()
                time.sleep(0.005)
            time.sleep(rng.uniform(*KILL_AFTER))  # drawn only now: every kill lands in the loop
            early_exit = proc.poll()
        finally:
            proc.kill()
            proc.wait(timeout=30)
    assert early_exit is None, f"the writer stopped by itself ({early_exit}), " + why()
    return parse_markers(out_path.read_bytes().decode("utf-8"))


@pytest.mark.slow
def test_killed_writers_leave_a_consistent_ledger(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    campaign_id = prepare(db)
    conn = sqlite3.connect(db)
    try:
        catalog = Catalog.read(conn, crash_writer.SUPERVISOR, campaign_id)
    finally:
        conn.close()
    assert sorted(catalog.package) == sorted(catalog.item_ids[i] for i in PACKAGE)

    rng = random.Random(SEED)
    kills: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    done: Counter[str] = Counter()
    rounds = 0
    while sum(kills[s] for s in IN_FLIGHT) < IN_FLIGHT_KILLS:
        assert rounds < MAX_ROUNDS, f"{rounds} kills, landing after: {dict(kills)}"
        conn = sqlite3.connect(db)  # the first connection after a kill recovers the WAL
        try:
            before = max_ids(conn)
        finally:
            conn.close()
        calls = run_round(rounds, db, campaign_id, tmp_path, rng)
        rounds += 1
        kills[calls[-1].stage if calls else "done"] += 1
        done.update(c.kind for c in calls if c.stage == "done")
        conn = sqlite3.connect(db)
        try:
            check_database(conn, catalog)
            outcome = check_round(conn, before, calls, catalog)
        finally:
            conn.close()
        if outcome:
            outcomes[outcome] += 1
    in_flight = sum(kills[s] for s in IN_FLIGHT)
    print(
        f"\n{rounds} kills: {in_flight} with a write transaction in flight "
        f"({kills['begin']} before its COMMIT, {kills['commit']} during it), "
        f"{kills['committed']} after COMMIT before the call returned, "
        f"{kills['call']} in a call before its transaction, "
        f"{kills['done'] + kills['refused']} between calls; of the calls whose COMMIT "
        f"had gone out {outcomes['kept']} were kept whole, {outcomes['lost']} rolled back "
        f"whole; calls done: {dict(done)}"
    )
    assert in_flight >= IN_FLIGHT_KILLS
    assert outcomes["kept"] + outcomes["lost"] == kills["commit"] + kills["committed"]
    assert all(done[k] for k in KINDS), done  # the writers did every kind of write

    conn = sqlite3.connect(db)
    try:
        # 7 bottles, 2 per package and 1 or 3 per issue: the first-expiring lot went first.
        w0 = conn.execute(
            "SELECT sum(m.qty) FROM stock_move m JOIN lot l ON l.id = m.lot_id "
            "WHERE l.lot_code = 'W0'"
        ).fetchone()[0]
        assert w0 == 0
        # Handouts that took from two lots, and lots used up: the stored balances went
        # through more than the simple case.
        spanning = conn.execute(
            "SELECT count(*) FROM (SELECT handout_id FROM stock_move WHERE handout_id IS NOT "
            "NULL GROUP BY handout_id, item_id HAVING count(*) > 1)"
        ).fetchone()[0]
        used_up = conn.execute(
            "SELECT count(*) FROM (SELECT lot_id FROM stock_move GROUP BY lot_id "
            "HAVING sum(qty) = 0)"
        ).fetchone()[0]
        assert spanning > 0 and used_up > 0
        (handouts,) = conn.execute("SELECT count(*) FROM handout").fetchone()
    finally:
        conn.close()

    # The app's own check agrees, and the app opens the crashed database and carries on.
    engine = create_station_engine(sqlite_url(db))
    try:
        with Session(engine) as session:
            assert ledger.balance_mismatches(session) == []
        services = build_services(engine, crash_writer.hasher(), tz=ZoneInfo(crash_writer.TZ_NAME))
        assert services.inventory.check_balances() == []
        actor = services.users.login(crash_writer.SUPERVISOR, crash_writer.PIN)
        # A writer may have been killed after a refusal, before its refill.
        for item in (*PACKAGE, BANDAID):
            services.inventory.receive(
                actor, item, 10, expires_on=services.ctx.today() + timedelta(days=400)
            )
        count_before = services.relief.handout_count(campaign_id)
        after_crash = services.relief.hand_out(
            actor, campaign_id, name="收尾检查", phone_last4="0000"
        )
        assert after_crash.claim_no == 1
        assert services.relief.handout_count(campaign_id) == count_before + 1 == handouts + 1
        issued = services.inventory.issue(actor, BANDAID, 1)
        assert [(m.item, m.qty, m.reason) for m in issued] == [(BANDAID, -1, "issue")]
    finally:
        engine.dispose()
    conn = sqlite3.connect(db)
    try:
        check_database(conn, catalog)
    finally:
        conn.close()
