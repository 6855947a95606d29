"""Pull the plug: a writer killed at random moments must leave a consistent ledger.

One database, many rounds. Each round starts a fresh writer process
(crash_writer.py: check-ins and relief handouts in a loop, one stdout line per
committed call), waits a random 0.2–1.5 s and kills it with SIGKILL
(TerminateProcess on Windows). Afterwards SQLite must be intact, every id a
writer reported as committed must be there, every handout must hold exactly its
package's stock moves and its audit event, and no lot may be below zero.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from db.engine import create_station_engine
from db.migrate import upgrade
from station_app.config import sqlite_url
from station_app.services import build_services
from tests.integration import crash_writer

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 24
WRITING_ROUNDS = 10
MAX_ROUNDS = 60
SEED = 20260701
WATER = "矿泉水"
HUOXIANG = "藿香正气水"
PACKAGE = {WATER: 2, HUOXIANG: 1}
KINDS = ("visit", "handout", "receive")


def prepare(db: Path) -> int:
    """A station with stock and an open campaign; returns the campaign id."""
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
        # A small lot expiring first goes first (FEFO), then the big ones.
        services.inventory.receive(
            sup, WATER, 7, lot_code="W0", expires_on=today + timedelta(days=100)
        )
        services.inventory.receive(
            sup, WATER, 20_000, lot_code="W1", expires_on=today + timedelta(days=200)
        )
        services.inventory.receive(
            sup, HUOXIANG, 10_000, lot_code="H1", expires_on=today + timedelta(days=300)
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


def run_round(n: int, db: Path, campaign_id: int, work: Path, wait: float) -> list[str]:
    """Start a writer, kill it after ``wait`` seconds; the lines it reported."""
    out_path, err_path = work / f"round{n}.out", work / f"round{n}.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.crash_writer", str(db), str(campaign_id)],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        time.sleep(wait)
        early_exit = proc.poll()
        proc.kill()
        proc.wait(timeout=30)
    assert early_exit is None, (
        f"round {n}: the writer stopped by itself ({early_exit}):\n"
        + err_path.read_text(encoding="utf-8", errors="replace")
    )
    # Only whole lines: a line cut by the kill was never fully reported.
    return out_path.read_bytes().decode("utf-8").split("\n")[:-1]


def run_rounds(db: Path, campaign_id: int, work: Path) -> tuple[dict[str, set[int]], int, int]:
    """Kill writers at random moments: at least ROUNDS times, and until WRITING_ROUNDS of
    them got past start-up and wrote something (a slow machine needs more rounds).

    Returns the ids reported per kind, the number of rounds, and how many wrote.
    """
    rng = random.Random(SEED)
    reported: dict[str, set[int]] = {k: set() for k in KINDS}
    rounds = writing = 0
    while rounds < ROUNDS or (writing < WRITING_ROUNDS and rounds < MAX_ROUNDS):
        lines = run_round(rounds, db, campaign_id, work, rng.uniform(0.2, 1.5))
        for line in lines:
            kind, _, ident = line.partition(" ")
            assert kind in reported, line
            reported[kind].add(int(ident))
        rounds += 1
        writing += bool(lines)
    return reported, rounds, writing


@pytest.mark.slow
def test_killed_writers_leave_a_consistent_ledger(tmp_path: Path) -> None:
    db = tmp_path / "station.db"
    campaign_id = prepare(db)
    reported, rounds, writing = run_rounds(db, campaign_id, tmp_path)
    assert writing >= WRITING_ROUNDS, f"only {writing} of {rounds} writers got past start-up"
    assert reported["visit"] and reported["handout"]

    conn = sqlite3.connect(db)  # recovers the WAL the last writer left behind
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

        visits = {r[0] for r in conn.execute("SELECT id FROM visit")}
        handouts = {r[0] for r in conn.execute("SELECT id FROM handout")}
        receives = {
            r[0]
            for r in conn.execute(
                "SELECT id FROM stock_move WHERE reason = 'receive' AND note = ''"
            )
        }
        assert reported["visit"] <= visits
        assert reported["handout"] <= handouts
        assert reported["receive"] <= receives
        # A writer is killed at most once between a commit and its report line.
        prepared_receives = 3
        unreported = (
            len(visits - reported["visit"])
            + len(handouts - reported["handout"])
            + len(receives - reported["receive"])
            - prepared_receives
        )
        assert 0 <= unreported <= rounds

        # Every handout has exactly its package's moves; no package move lacks a handout.
        item_ids = dict(conn.execute("SELECT name, id FROM item"))
        package = {item_ids[name]: qty for name, qty in PACKAGE.items()}
        moved: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for handout_id, item_id, qty, reason in conn.execute(
            "SELECT handout_id, item_id, qty, reason FROM stock_move WHERE handout_id IS NOT NULL"
        ):
            assert reason == "handout" and qty < 0
            moved[handout_id][item_id] -= qty
        assert set(moved) == handouts
        assert all(dict(m) == package for m in moved.values())
        stray = conn.execute(
            "SELECT count(*) FROM stock_move WHERE reason = 'handout' AND handout_id IS NULL"
        ).fetchone()
        assert stray == (0,)

        # Each change committed with its audit event, never without.
        for action, entity, ids in (
            ("relief.handout", "handout", handouts),
            ("visit.check_in", "visit", visits),
        ):
            audited = [
                r[0]
                for r in conn.execute(
                    "SELECT entity_id FROM audit_event WHERE action = ? AND entity = ?",
                    (action, entity),
                )
            ]
            assert sorted(audited) == sorted(ids), action

        # No lot below zero; the one-claim-per-person rule held across the crashes.
        negative = conn.execute(
            "SELECT lot_id, sum(qty) FROM stock_move GROUP BY lot_id HAVING sum(qty) < 0"
        ).fetchall()
        assert negative == []
        repeats = conn.execute(
            "SELECT claimant_key FROM handout GROUP BY campaign_id, claimant_key "
            "HAVING count(*) > 1"
        ).fetchall()
        assert repeats == []
        w0 = conn.execute(
            "SELECT sum(m.qty) FROM stock_move m JOIN lot l ON l.id = m.lot_id "
            "WHERE l.lot_code = 'W0'"
        ).fetchone()[0]
        if len(handouts) >= 4:  # 7 bottles, 2 per package: the first-expiring lot went first
            assert w0 == 0
    finally:
        conn.close()

    # The app opens the crashed database and carries on.
    engine = create_station_engine(sqlite_url(db))
    try:
        services = build_services(engine, crash_writer.hasher(), tz=ZoneInfo(crash_writer.TZ_NAME))
        actor = services.users.login(crash_writer.SUPERVISOR, crash_writer.PIN)
        before = services.relief.handout_count(campaign_id)
        after_crash = services.relief.hand_out(
            actor, campaign_id, name="收尾检查", phone_last4="0000"
        )
        assert after_crash.claim_no == 1
        assert services.relief.handout_count(campaign_id) == before + 1 == len(handouts) + 1
    finally:
        engine.dispose()
