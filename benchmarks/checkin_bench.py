"""Check-in speed: the service layer against a bare sqlite3 insert-and-commit.

    python benchmarks/checkin_bench.py [--n 10000]

Both sides run in this process on the same disk with the same pragmas (WAL,
synchronous=FULL), one transaction per check-in, as at the kiosk, in
alternating blocks of 500 so that neither gets a quieter disk than the other. The target
is a service-layer median within 3x of the bare insert. Peak memory is the
process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db.engine import create_station_engine
from db.migrate import upgrade
from station_app.auth import PinHasher
from station_app.config import sqlite_url
from station_app.services import build_services

TARGET_RATIO = 3.0


def peak_rss_mib() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class ServiceSide:
    """Check-ins through VisitService, as the kiosk's tap makes them."""

    def __init__(self, folder: Path) -> None:
        self.engine = create_station_engine(sqlite_url(folder / "services.db"))
        upgrade(self.engine)  # also what switches the new file to WAL
        with self.engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        if mode != "wal":
            raise SystemExit(f"services.db is in journal mode {mode!r}, not WAL: not comparable")
        self.svc = build_services(
            self.engine,
            PinHasher(b"bench", time_cost=1, memory_cost=1024),
            tz=ZoneInfo("Asia/Shanghai"),
        )
        self.svc.stations.initialize(
            name="基准测试驿站", kind="both", supervisor_name="负责人", supervisor_pin="2580"
        )
        self.actor = self.svc.users.login("负责人", "2580")
        self.cats = [c.id for c in self.svc.stations.categories()]
        self.served = [("饮水", "休息"), ("充电",), ()]

    def one(self, i: int) -> None:
        self.svc.visits.check_in(
            self.actor, self.cats[i % len(self.cats)], services=self.served[i % 3]
        )

    def close(self) -> None:
        self.engine.dispose()


class BareSide:
    """One INSERT and COMMIT straight through sqlite3, same pragmas."""

    def __init__(self, folder: Path) -> None:
        self.conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute(
            "CREATE TABLE visit (id INTEGER PRIMARY KEY, station_id INTEGER, category_id INTEGER,"
            " checked_in_at TEXT, source TEXT, attendant_id INTEGER)"
        )

    def one(self, i: int) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            "INSERT INTO visit VALUES (NULL, 1, ?, ?, 'tap', 1)",
            (i % 9, datetime.now(UTC).isoformat()),
        )
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


def run_both(folder: Path, n: int, block: int = 500) -> tuple[list[float], list[float]]:
    """Times per check-in for each side, taken in alternating blocks so that both
    meet the same disk and the same background load."""
    bare, svc = BareSide(folder), ServiceSide(folder)
    times: dict[int, list[float]] = {0: [], 1: []}
    sides = (bare, svc)
    try:
        for side in sides:  # warm-up: caches, statement compilation
            for i in range(200):
                side.one(i)
        for start in range(0, n, block):
            for k, side in enumerate(sides):
                for i in range(start, min(n, start + block)):
                    t0 = time.perf_counter()
                    side.one(i)
                    times[k].append(time.perf_counter() - t0)
    finally:
        for side in sides:
            side.close()
    return times[0], times[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="check-ins per side")
    parser.add_argument("--dir", type=Path, default=None, help="where the databases go")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        bare, svc = run_both(folder, args.n)
    rows = [("bare sqlite3 insert+commit", bare), ("VisitService.check_in", svc)]
    print(f"{args.n} check-ins each, one transaction per check-in, WAL + synchronous=FULL")
    print(f"{'':28} {'median ms':>10} {'p99 ms':>10} {'mean ms':>10} {'total s':>9}")
    for name, t in rows:
        print(
            f"{name:28} {statistics.median(t) * 1e3:10.3f} {percentile(t, 99) * 1e3:10.3f}"
            f" {statistics.fmean(t) * 1e3:10.3f} {sum(t):9.2f}"
        )
    ratio = statistics.median(svc) / statistics.median(bare)
    p99_ratio = percentile(svc, 99) / percentile(bare, 99)
    print(
        f"median ratio {ratio:.2f}x, p99 ratio {p99_ratio:.2f}x "
        f"(target: median within {TARGET_RATIO:.0f}x) -> "
        f"{'met' if ratio <= TARGET_RATIO else 'NOT met'}"
    )
    print(f"peak memory (max RSS): {peak_rss_mib():.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
