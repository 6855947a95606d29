"""What test_crash.py checks after each kill, read with a plain sqlite3 connection.

Two kinds of check. :func:`check_database` holds on any database, whatever was
killed when: SQLite intact, every stored lot balance (``lot_stock``) equal to the
sum of the lot's ledger moves, every handout with its package and its audit
event. :func:`check_round` holds one writer to its marker lines (see
crash_writer.py): every call it reported done is in the database, complete, and
the only other rows the round added are those of the call in flight when it was
killed: all of them or none, and none if its COMMIT had not been sent.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

TABLES = ("visit", "handout", "stock_move", "lot", "audit_event")
# A call's progress, in the order the writer reports it.
STAGES = {"call": 0, "begin": 1, "commit": 2, "committed": 3, "done": 4, "refused": 4}


@dataclass
class Call:
    """One service call the writer started, and the last thing it said about it."""

    n: int
    kind: str
    args: list[str]
    stage: str = "call"
    ids: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return f"call {self.n} ({self.kind} {' '.join(self.args)}, {self.stage})"


def parse_markers(text: str) -> list[Call]:
    """The calls in a writer's marker lines. A line cut short by the kill is left out:
    it was never fully reported, and every marker is written before what it announces."""
    lines = text.split("\n")[:-1]
    assert lines[:1] == ["ready"], lines[:3]
    calls: list[Call] = []
    for line in lines[1:]:
        word, number, *rest = line.split(" ")
        n = int(number)
        if word == "call":
            assert n == len(calls) + 1, line
            calls.append(Call(n, rest[0], rest[1:]))
            continue
        call = calls[n - 1]
        assert STAGES[word] > STAGES[call.stage], f"{line} after {call}"
        if word == "done":
            # A call that returned has committed, and said so before and after its COMMIT.
            assert call.stage == "committed" and rest[0] == call.kind, f"{line} after {call}"
            call.ids = [int(i) for i in rest[1].split(",")]
        elif word == "refused":
            assert rest == [call.kind], line
        call.stage = word
    return calls


def max_ids(conn: sqlite3.Connection) -> dict[str, int]:
    """The highest id in each table a call writes to: what is there before a round."""
    return {t: conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in TABLES}


@dataclass(frozen=True)
class Move:
    item_id: int
    lot_id: int
    qty: int
    reason: str
    visit_id: int | None
    handout_id: int | None


AuditKey = tuple[object, ...]


def audit_key(action: str, entity: str, entity_id: int | None, detail: dict) -> AuditKey:
    """What names an audit event's change: a stock issue by its moves (its entity is the
    item, the same for many issues), everything else by its entity."""
    if action == "stock.issue":
        return (action, tuple(sorted(detail["moves"])), detail["visit_id"])
    return (action, entity, entity_id)


@dataclass
class Written:
    """The rows a round added (ids above those before it) not yet matched to a call."""

    visits: dict[int, tuple[str, int]]  # id -> (category, number of services)
    handouts: dict[int, str]  # id -> claimant name
    moves: dict[int, Move]
    lots: dict[int, tuple[int, str]]  # id -> (item id, lot code)
    audits: dict[AuditKey, list[int]]

    @classmethod
    def since(cls, conn: sqlite3.Connection, before: dict[str, int]) -> Written:
        visits = {
            r[0]: (r[1], r[2])
            for r in conn.execute(
                "SELECT v.id, c.name, (SELECT count(*) FROM visit_service s "
                "WHERE s.visit_id = v.id) FROM visit v JOIN category c ON c.id = v.category_id "
                "WHERE v.id > ?",
                (before["visit"],),
            )
        }
        handouts = dict(
            conn.execute(
                "SELECT id, claimant_name FROM handout WHERE id > ?", (before["handout"],)
            ).fetchall()
        )
        moves = {
            r[0]: Move(*r[1:])
            for r in conn.execute(
                "SELECT id, item_id, lot_id, qty, reason, visit_id, handout_id FROM stock_move "
                "WHERE id > ?",
                (before["stock_move"],),
            )
        }
        lots = {
            r[0]: (r[1], r[2])
            for r in conn.execute(
                "SELECT id, item_id, lot_code FROM lot WHERE id > ?", (before["lot"],)
            )
        }
        audits: dict[AuditKey, list[int]] = defaultdict(list)
        for aid, action, entity, entity_id, detail in conn.execute(
            "SELECT id, action, entity, entity_id, detail FROM audit_event WHERE id > ?",
            (before["audit_event"],),
        ):
            audits[audit_key(action, entity, entity_id, json.loads(detail))].append(aid)
        return cls(visits, handouts, moves, lots, dict(audits))

    def empty(self) -> bool:
        return not (self.visits or self.handouts or self.moves or self.lots or self.audits)

    def take_audit(self, key: AuditKey, what: str) -> None:
        ids = self.audits.get(key, [])
        assert len(ids) == 1, f"{what}: {len(ids)} audit events {key}"
        del self.audits[key]

    def take_moves(self, ids: list[int], what: str) -> list[Move]:
        missing = [i for i in ids if i not in self.moves]
        assert not missing, f"{what}: moves {missing} missing"
        return [self.moves.pop(i) for i in ids]

    def __str__(self) -> str:
        return (
            f"visits {self.visits}, handouts {self.handouts}, moves {self.moves}, "
            f"lots {self.lots}, audit events {self.audits}"
        )


@dataclass(frozen=True)
class Catalog:
    """What the checks need to know about the station: ids and the relief package."""

    supervisor_id: int
    item_ids: dict[str, int]
    package: dict[int, int]  # item id -> qty per handout

    @classmethod
    def read(cls, conn: sqlite3.Connection, supervisor: str, campaign_id: int) -> Catalog:
        (sup,) = conn.execute("SELECT id FROM app_user WHERE name = ?", (supervisor,)).fetchone()
        items = dict(conn.execute("SELECT name, id FROM item").fetchall())
        package = dict(
            conn.execute(
                "SELECT item_id, qty FROM campaign_line WHERE campaign_id = ?", (campaign_id,)
            ).fetchall()
        )
        return cls(sup, items, package)


def take_call(call: Call, ids: list[int], rows: Written, catalog: Catalog) -> None:
    """Take ``call``'s rows out of ``rows``, asserting that all of them are there and
    right: ``ids`` are the visit, the handout, or the moves it made."""
    what = str(call)
    if call.kind == "visit":
        category, services = call.args[0], int(call.args[1])
        (vid,) = ids
        assert rows.visits.pop(vid, None) == (category, services), f"{what}: visit {vid}"
        rows.take_audit(("visit.check_in", "visit", vid), what)
    elif call.kind == "handout":
        (hid,) = ids
        assert rows.handouts.pop(hid, None) == call.args[0], f"{what}: handout {hid}"
        mine = [mid for mid, m in rows.moves.items() if m.handout_id == hid]
        taken: dict[int, int] = defaultdict(int)
        for m in rows.take_moves(mine, what):
            assert m.reason == "handout" and m.qty < 0 and m.visit_id is None, (what, m)
            taken[m.item_id] -= m.qty
        assert dict(taken) == catalog.package, f"{what}: moved {dict(taken)}"
        rows.take_audit(("relief.handout", "handout", hid), what)
    elif call.kind == "issue":
        item_id, qty, visit = int(call.args[0]), int(call.args[1]), call.args[2]
        visit_id = None if visit == "None" else int(visit)
        moves = rows.take_moves(ids, what)
        assert all(
            m.reason == "issue" and m.item_id == item_id and m.visit_id == visit_id and m.qty < 0
            for m in moves
        ), (what, moves)
        assert len({m.lot_id for m in moves}) == len(moves), (what, moves)
        assert -sum(m.qty for m in moves) == qty, (what, moves)
        rows.take_audit(("stock.issue", tuple(sorted(ids)), visit_id), what)
    elif call.kind == "receive":
        item_id, qty, code = int(call.args[0]), int(call.args[1]), call.args[2]
        (move,) = rows.take_moves(ids, what)
        assert (move.reason, move.item_id, move.qty) == ("receive", item_id, qty), (what, move)
        # Every refill has a lot code of its own: the lot is new, made in the same call.
        assert rows.lots.pop(move.lot_id, None) == (item_id, code), f"{what}: lot {move.lot_id}"
        rows.take_audit(("stock.receive", "stock_move", ids[0]), what)
    else:
        raise AssertionError(f"unknown call kind: {what}")


def check_round(
    conn: sqlite3.Connection, before: dict[str, int], calls: list[Call], catalog: Catalog
) -> str | None:
    """Match a killed writer's rows to its markers. Returns what became of the call
    whose COMMIT had been sent when it was killed: "kept" or "lost"; None for any other
    kill."""
    rows = Written.since(conn, before)
    rows.take_audit(("user.login", "user", catalog.supervisor_id), "the writer's sign-in")
    for call in calls:
        if call.stage == "done":
            take_call(call, call.ids, rows, catalog)
    last = calls[-1] if calls else None
    if last is None or last.stage not in ("commit", "committed"):
        # Killed between calls, before a transaction began, or before its COMMIT went out:
        # nothing of the call may be there.
        assert rows.empty(), f"killed at {last}, yet found {rows}"
        return None
    if rows.empty():
        # Killed during its COMMIT, which did not complete; once COMMIT returned, it stays.
        assert last.stage == "commit", f"{last}: committed, yet nothing of it is there"
        return "lost"
    # Killed during or after its COMMIT, and it did commit: then all of it is there.
    if last.kind == "visit":
        ids = list(rows.visits)
    elif last.kind == "handout":
        ids = list(rows.handouts)
    else:
        ids = sorted(rows.moves)
    take_call(last, ids, rows, catalog)
    assert rows.empty(), f"{last} left more behind: {rows}"
    return "kept"


def ledger_vs_stored(conn: sqlite3.Connection) -> list[tuple[int, int, int, int]]:
    """(station, lot, stored, ledger) for every lot whose stored balance (``lot_stock``; no
    row counts as 0) differs from the sum of its moves, computed here independently of
    the app's own check."""
    ledger = {
        (s, lot): int(q)
        for s, lot, q in conn.execute(
            "SELECT station_id, lot_id, sum(qty) FROM stock_move GROUP BY 1, 2"
        )
    }
    stored: dict[tuple[int, int], int] = defaultdict(int)
    for s, lot, q in conn.execute("SELECT station_id, lot_id, qty FROM lot_stock"):
        stored[(s, lot)] += q
    return sorted(
        (s, lot, stored.get((s, lot), 0), ledger.get((s, lot), 0))
        for s, lot in ledger.keys() | stored.keys()
        if stored.get((s, lot), 0) != ledger.get((s, lot), 0)
    )


def check_database(conn: sqlite3.Connection, catalog: Catalog) -> None:
    """What must hold after any kill, for the whole database."""
    integrity = conn.execute("PRAGMA integrity_check").fetchall()
    assert integrity == [("ok",)], integrity
    dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
    assert dangling == [], dangling
    wrong = ledger_vs_stored(conn)
    assert wrong == [], f"(station, lot, stored, ledger) that disagree: {wrong}"
    holds = conn.execute("SELECT * FROM balance_hold").fetchall()
    assert holds == [], holds
    negative = conn.execute(
        "SELECT lot_id, sum(qty) FROM stock_move GROUP BY lot_id HAVING sum(qty) < 0"
    ).fetchall()
    assert negative == [], f"lots below zero: {negative}"
    # Every lot's moves are of its own item, and so is its stored balance.
    assert conn.execute(
        "SELECT count(*) FROM stock_move m JOIN lot l ON l.id = m.lot_id "
        "WHERE l.item_id <> m.item_id"
    ).fetchone() == (0,)
    assert conn.execute(
        "SELECT count(*) FROM lot_stock s JOIN lot l ON l.id = s.lot_id "
        "WHERE l.item_id <> s.item_id"
    ).fetchone() == (0,)

    # Every handout holds exactly its package's moves; no handout move lacks a handout.
    handouts = {r[0] for r in conn.execute("SELECT id FROM handout")}
    moved: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for handout_id, item_id, qty, reason in conn.execute(
        "SELECT handout_id, item_id, qty, reason FROM stock_move WHERE handout_id IS NOT NULL"
    ):
        assert reason == "handout" and qty < 0, (handout_id, reason, qty)
        moved[handout_id][item_id] -= qty
    assert set(moved) == handouts, f"handouts without moves: {sorted(handouts - set(moved))}"
    short = {h: dict(m) for h, m in moved.items() if dict(m) != catalog.package}
    assert short == {}, f"handouts whose moves are not their package {catalog.package}: {short}"
    stray = conn.execute(
        "SELECT id FROM stock_move WHERE reason = 'handout' AND handout_id IS NULL"
    ).fetchall()
    assert stray == [], f"handout moves without a handout: {stray}"

    # Each change committed with its audit event, never without.
    for action, entity, table in (
        ("relief.handout", "handout", "handout"),
        ("visit.check_in", "visit", "visit"),
    ):
        audited = sorted(
            r[0]
            for r in conn.execute(
                "SELECT entity_id FROM audit_event WHERE action = ? AND entity = ?",
                (action, entity),
            )
        )
        rows = sorted(r[0] for r in conn.execute(f"SELECT id FROM {table}"))
        assert audited == rows, f"{action}: audited {audited}, {table} rows {rows}"
    issued = sorted(r[0] for r in conn.execute("SELECT id FROM stock_move WHERE reason = 'issue'"))
    audited_issues = sorted(
        m
        for (detail,) in conn.execute("SELECT detail FROM audit_event WHERE action = 'stock.issue'")
        for m in json.loads(detail)["moves"]
    )
    assert audited_issues == issued, f"issue moves audited {audited_issues}, stored {issued}"

    # The one-claim-per-person rule held across the crashes.
    repeats = conn.execute(
        "SELECT claimant_key FROM handout GROUP BY campaign_id, claimant_key HAVING count(*) > 1"
    ).fetchall()
    assert repeats == [], f"claimed twice: {repeats}"
