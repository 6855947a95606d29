"""Speed at scale: the kiosk's everyday actions on a young station and on an old one.

    python benchmarks/scale_bench.py [--ages 30,365,1825] [--repeat N] [--cache DIR] [--rebuild]

A station should be as quick after five years of records as in its first month.
For each age (in days) a demo station is built with the project's demo generator
(fixed seed, ending on 2026-07-31, so the summer relief campaign is running on the
timed day) and kept in a cache folder: a file per age, seed, end date and schema
head revision, so that a schema change builds it anew. Building runs in a child
process, so its memory does not count towards the peak reported here.

Every run copies the cached databases to a temporary folder (the cache is never
changed), opens them at 10:00 on the day after the demo's last day, adds a busy
morning (visits, a delivery), then times each operation through the services, with
the clock moved on a few seconds between calls. The ages take turns in blocks, so
that all of them meet the same disk. One untimed warm-up call per operation and age.

Targets: every operation's median on the oldest station within 1.5x of the youngest
(``db check`` on its time per MiB, since an integrity check reads the whole file);
stock issue and relief handout medians under 5 ms; the lists under 20 ms.
Exit code 0 when every target is met, 1 when one is not.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db.backup import file_revision
from db.engine import create_station_engine
from db.migrate import head_revision, upgrade
from station_app.auth import PinHasher
from station_app.backup import check_database
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.demo import ATTENDANTS, SUPERVISOR, run_demo
from station_app.services import build_services

SEED = 1
END = date(2026, 7, 31)  # summer: 夏季送清凉 runs from June to September
TZ_NAME = "Asia/Shanghai"
DEFAULT_AGES = (30, 365, 1825)
DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"
PEPPER = b"scale-bench"  # the demo's PINs are hashed with it; a cheap hasher, as in tests

OPENS = clock_time(6, 30)  # the timed day's first visitor
TIMED_FROM = clock_time(10, 0)
TIMED_UNTIL = clock_time(21, 0)
MORNING_VISITS = 60  # a busy summer morning in the register before the timing starts
SERVED = (("饮水", "休息"), ("充电",), (), ("热饭", "如厕"))  # ticked at check-in, in turn
MAX_STEP_S = 3.0  # the clock moves on this much between calls (less on long runs)
ROUNDS = 5  # each operation's calls are split into this many blocks, ages taking turns

SCALE_TARGET = 1.5
WRITE_TARGET_MS = 5.0
LIST_TARGET_MS = 20.0

MIB = 1024 * 1024


@dataclass(frozen=True)
class Operation:
    key: str
    label: str
    repeat: int  # default calls per age
    target_ms: float | None  # the median must stay under this at every age


OPERATIONS = (
    Operation("check_in", "check-in (tap)", 200, None),
    Operation("check_out", "check-out", 200, None),
    Operation("scan", "scan member card", 200, None),
    Operation("issue", "stock issue", 200, WRITE_TARGET_MS),
    Operation("handout", "relief handout", 200, WRITE_TARGET_MS),
    Operation("levels", "levels", 50, LIST_TARGET_MS),
    Operation("low_stock", "low stock", 50, LIST_TARGET_MS),
    Operation("expiring", "expiring soon", 50, LIST_TARGET_MS),
    Operation("register", "today's register", 50, LIST_TARGET_MS),
    Operation("db_check", "db check", 20, None),
)
# Reads first, on the register of a busy morning, then the writes (which add to the day).
TIMING_ORDER = (
    "levels",
    "low_stock",
    "expiring",
    "register",
    "db_check",
    "check_in",
    "check_out",
    "scan",
    "issue",
    "handout",
)
PER_MIB_LABEL = "db check per MiB"


def bench_tz() -> ZoneInfo:
    return ZoneInfo(TZ_NAME)


def bench_hasher() -> PinHasher:
    return PinHasher(PEPPER, time_cost=1, memory_cost=1024)


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


# ---------------------------------------------------------------------- the cache


def cache_path(cache: Path, days: int, head: str) -> Path:
    """One file per age, seed, end date and schema head revision."""
    return cache / f"demo-{days}d-seed{SEED}-end{END.isoformat()}-rev{head}.db"


def _files(db: Path) -> list[Path]:
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm")]


def _build(days: int, building_name: str, target: str) -> None:
    """Child process: build the demo into ``building_name``, then move it to ``target``,
    so that an interrupted build never leaves a half-built demo under the cache's name."""
    path, building = Path(target), Path(building_name)
    files = _files(building)
    started = time.perf_counter()
    last_tenth = -1

    def progress(done: int, total: int) -> None:
        nonlocal last_tenth
        tenth = 10 * done // total
        if tenth != last_tenth:
            last_tenth = tenth
            took = time.perf_counter() - started
            print(f"  {days}-day demo: {done}/{total} days, {took:.0f} s", file=sys.stderr)

    try:
        engine = create_station_engine(sqlite_url(building))
        try:
            upgrade(engine)
            run_demo(
                engine,
                bench_hasher(),
                days=days,
                seed=SEED,
                tz=bench_tz(),
                end=END,
                progress=progress,
            )
        finally:
            engine.dispose()
        # Everything into the main file: the last connection to close checkpoints the
        # -wal and removes it, so that a plain file copy is the whole database.
        conn = sqlite3.connect(building)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        left = [f.name for f in files[1:] if f.exists()]
        if left:
            raise RuntimeError(f"the demo database was not closed cleanly: {left}")
        os.replace(building, path)
    except BaseException:
        for f in files:
            f.unlink(missing_ok=True)
        raise


def ensure_cached(cache: Path, days: int, head: str, rebuild: bool) -> Path:
    path = cache_path(cache, days, head)
    if path.exists() and not rebuild:
        print(f"{days}-day demo: cached in {path}", file=sys.stderr)
        return path
    cache.mkdir(parents=True, exist_ok=True)
    print(f"{days}-day demo: building (seed {SEED}, ending {END})...", file=sys.stderr)
    started = time.perf_counter()
    building = path.with_name(f"{path.stem}.building-{os.getpid()}.db")
    child = multiprocessing.get_context("spawn").Process(
        target=_build, args=(days, str(building), str(path))
    )
    child.start()
    try:
        child.join()
    except BaseException:  # interrupted: stop the build and take its files away
        child.terminate()
        child.join()
        for f in _files(building):
            f.unlink(missing_ok=True)
        raise
    if child.exitcode != 0 or not path.exists():
        raise SystemExit(f"building the {days}-day demo failed (exit code {child.exitcode})")
    took = time.perf_counter() - started
    print(f"{days}-day demo: built in {took:.0f} s -> {path}", file=sys.stderr)
    return path


def count_visits(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM visit").fetchone()[0])
    finally:
        conn.close()


# ---------------------------------------------------------------------- one station


class Station:
    """One age's station, opened on a copy of its cached database, ready to be timed."""

    def __init__(self, days: int, cached: Path, folder: Path, calls: dict[str, int]) -> None:
        self.days = days
        self.size_bytes = cached.stat().st_size
        # Only the copy is ever opened: even a read-only connection leaves -wal and -shm
        # files beside a WAL database.
        self.path = folder / f"station-{days}d.db"
        shutil.copyfile(cached, self.path)
        revision = file_revision(self.path)
        if revision != head_revision():
            raise SystemExit(
                f"{cached} is at schema revision {revision}, not {head_revision()}: "
                "run again with --rebuild"
            )
        self.visits = count_visits(self.path)
        tz = bench_tz()
        self.today = END + timedelta(days=1)
        self.clock = FixedClock(datetime.combine(self.today, OPENS, tzinfo=tz))
        self.engine = create_station_engine(sqlite_url(self.path))
        self.svc = build_services(self.engine, bench_hasher(), clock=self.clock, tz=tz)
        self.attendant = self.svc.users.login(*ATTENDANTS[0])
        self.supervisor = self.svc.users.login(*SUPERVISOR)
        self.categories = [c.name for c in self.svc.stations.categories()]
        self.cards = [m.code for m in self.svc.members.list_members()]
        if not self.cards:
            raise SystemExit(f"the {days}-day demo has no member cards to scan")
        campaign = next(
            (
                c
                for c in self.svc.relief.campaigns()
                if "夏季送清凉" in c.name and c.active and c.starts_on <= self.today <= c.ends_on
            ),
            None,
        )
        if campaign is None:
            raise SystemExit(f"the {days}-day demo has no summer campaign open on {self.today}")
        self.campaign = campaign.id
        self.taps = 0
        self.open_visits: deque[int] = deque()
        self.visit_ids: list[int] = []
        self.claimants = 0
        self._morning(tz, calls)
        self.clock.set(datetime.combine(self.today, TIMED_FROM, tzinfo=tz))
        total = sum(calls.values()) + len(calls)  # the warm-ups too
        span = (
            datetime.combine(self.today, TIMED_UNTIL) - datetime.combine(self.today, TIMED_FROM)
        ).total_seconds()
        self.step_s = min(MAX_STEP_S, span / max(total, 1))
        self.db_mib = 0.0

    def _morning(self, tz: ZoneInfo, calls: dict[str, int]) -> None:
        """Visitors since opening (most already gone), and a delivery big enough for the run."""
        start = datetime.combine(self.today, OPENS, tzinfo=tz)
        span = datetime.combine(self.today, TIMED_FROM, tzinfo=tz) - start
        for i in range(MORNING_VISITS):
            self.clock.set(start + span * (i / (MORNING_VISITS + 1)))
            v = self.svc.visits.check_in(
                self.attendant,
                self.categories[i % len(self.categories)],
                services=SERVED[i % len(SERVED)],
            )
            self.visit_ids.append(v.id)
            self.open_visits.append(v.id)
        while len(self.open_visits) > MORNING_VISITS // 4:
            self.svc.visits.check_out(self.attendant, self.open_visits.popleft())
        handouts = calls["handout"] + 1
        wanted = {"矿泉水": calls["issue"] + 1}
        for line in self.svc.relief.campaign(self.campaign).lines:
            wanted[line.item] = wanted.get(line.item, 0) + line.qty * handouts
        expiring = {i.name: i.tracks_expiry for i in self.svc.inventory.items()}
        for item, qty in wanted.items():
            self.svc.inventory.receive(
                self.supervisor,
                item,
                qty + 20,
                lot_code=f"BENCH{self.today:%y%m%d}",
                expires_on=self.today + timedelta(days=365) if expiring[item] else None,
                note="基准测试进货",
            )

    # One method per operation; each is one call as the kiosk makes it.

    def check_in(self) -> None:
        i = self.taps
        self.taps += 1
        v = self.svc.visits.check_in(
            self.attendant,
            self.categories[i % len(self.categories)],
            services=SERVED[i % len(SERVED)],
        )
        self.visit_ids.append(v.id)
        self.open_visits.append(v.id)

    def check_out(self) -> None:
        self.svc.visits.check_out(self.attendant, self.open_visits.popleft())

    def scan(self) -> None:
        i = self.taps
        self.taps += 1
        self.svc.visits.scan_member(self.attendant, self.cards[i % len(self.cards)])

    def issue(self) -> None:
        visit = self.visit_ids[self.taps % len(self.visit_ids)]
        self.taps += 1
        self.svc.inventory.issue(self.attendant, "矿泉水", 1, visit_id=visit)

    def handout(self) -> None:
        self.claimants += 1
        n = self.claimants
        self.svc.relief.hand_out(
            self.attendant,
            self.campaign,
            name=f"基准领取人{n}",
            phone_last4=f"{n % 10_000:04d}",
            employer="美团配送",
            category="外卖骑手",
        )

    def levels(self) -> None:
        self.svc.inventory.levels()

    def low_stock(self) -> None:
        self.svc.inventory.low_stock()

    def expiring(self) -> None:
        self.svc.inventory.expiring_soon()

    def register(self) -> None:
        if not self.svc.visits.visits_on(self.today):
            raise SystemExit(f"today's register of the {self.days}-day station is empty")

    def db_check(self) -> None:
        report = check_database(self.engine)
        if not report.ok:
            raise SystemExit(f"db check of the {self.days}-day station: {report.problems}")

    def file_mib(self) -> float:
        wal = Path(f"{self.path}-wal")
        return (self.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / MIB

    def close(self) -> None:
        self.engine.dispose()


def time_all(stations: list[Station], calls: dict[str, int]) -> dict[tuple[str, int], list[float]]:
    """Seconds per call, by (operation, age)."""
    times: dict[tuple[str, int], list[float]] = {}
    for key in TIMING_ORDER:
        runs: dict[int, Callable[[], None]] = {st.days: getattr(st, key) for st in stations}
        for st in stations:
            runs[st.days]()  # warm-up
            st.clock.advance(seconds=st.step_s)
            times[(key, st.days)] = []
            if key == "db_check":
                st.db_mib = st.file_mib()
        n = calls[key]
        rounds = min(ROUNDS, n)
        for r in range(rounds):
            block = range(n * r // rounds, n * (r + 1) // rounds)
            for st in stations:
                run, samples = runs[st.days], times[(key, st.days)]
                for _ in block:
                    t0 = time.perf_counter()
                    run()
                    samples.append(time.perf_counter() - t0)
                    st.clock.advance(seconds=st.step_s)
    return times


# ---------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Row:
    label: str
    key: str
    samples: dict[int, list[float]]  # milliseconds (or ms per MiB), by age

    def median(self, days: int) -> float:
        return statistics.median(self.samples[days])

    def p99(self, days: int) -> float:
        return percentile(self.samples[days], 99)


def report(
    stations: list[Station],
    times: dict[tuple[str, int], list[float]],
    calls: dict[str, int],
    rss_before: float,
    rss_after: float,
) -> list[str]:
    """Print the table; return the targets not met."""
    ages = [st.days for st in stations]
    young, old = ages[0], ages[-1]
    rows = [
        Row(op.label, op.key, {d: [t * 1e3 for t in times[(op.key, d)]] for d in ages})
        for op in OPERATIONS
    ]
    mib = {st.days: st.db_mib for st in stations}
    per_mib = Row(
        PER_MIB_LABEL,
        "db_check_per_mib",
        {d: [t * 1e3 / mib[d] for t in times[("db_check", d)]] for d in ages},
    )
    rows.append(per_mib)

    tz = bench_tz()
    print(
        f"Station Desk at scale: demo seed {SEED} ending {END} ({tz.key}), "
        f"timed on {END + timedelta(days=1)} from {TIMED_FROM:%H:%M}"
    )
    repeats = ", ".join(f"{op.label} {calls[op.key]}" for op in OPERATIONS)
    print(f"calls per operation and age (after one warm-up call): {repeats}")
    print()
    label_w, col = 20, 9
    ratio_head = f"{old}d/{young}d"
    head1 = f"{'':{label_w}}" + "".join(f"{f'{d} d':^{2 * col}}" for d in ages)
    head2 = f"{'operation':{label_w}}" + f"{'median':>{col}}{'p99':>{col}}" * len(ages)
    print(head1 + f"{'median':>{col + 2}}")
    print(head2 + f"{ratio_head:>{col + 2}}")
    for row in rows:
        cells = "".join(f"{row.median(d):{col}.3f}{row.p99(d):{col}.3f}" for d in ages)
        ratio = row.median(old) / row.median(young)
        mark = "*" if row.key.startswith("db_check") else ""
        print(f"{row.label + mark:{label_w}}{cells}{ratio:{col + 1}.2f}x")
    print("times in ms; db check per MiB in ms per MiB of database file (with its -wal)")
    print(
        "* db check runs PRAGMA integrity_check and foreign_key_check, which read the whole\n"
        "  file by nature: its time grows with the database, so its 1.5x target is judged\n"
        "  on the time per MiB."
    )
    print()
    print(f"{'':{label_w}}" + "".join(f"{f'{d} d':>{col}}" for d in ages))
    sizes = "".join(f"{st.size_bytes / MIB:{col}.2f}" for st in stations)
    print(f"{'database size (MiB)':{label_w}}{sizes}")
    print(f"{'visits':{label_w}}" + "".join(f"{st.visits:{col}d}" for st in stations))
    per_visit = "".join(
        f"{st.size_bytes / st.visits:{col}.0f}" if st.visits else f"{'-':>{col}}" for st in stations
    )
    print(f"{'bytes per visit':{label_w}}{per_visit}")
    print(
        f"peak memory (max RSS) of the timing phase: {rss_after:.1f} MiB "
        f"(before it: {rss_before:.1f} MiB)"
    )
    print()

    failed: list[str] = []

    def judge(ok: bool, line: str) -> None:
        print(f"{'PASS' if ok else 'FAIL'}  {line}")
        if not ok:
            failed.append(line)

    for row in rows:
        if row.key == "db_check":
            continue  # judged per MiB
        if len(ages) < 2:
            print(f"SKIP  {row.label}: one age only, nothing to compare")
            continue
        ratio = row.median(old) / row.median(young)
        judge(
            ratio <= SCALE_TARGET,
            f"{row.label}: median at {old} d is {ratio:.2f}x the median at {young} d "
            f"(target: within {SCALE_TARGET}x)",
        )
    for op in OPERATIONS:
        if op.target_ms is None:
            continue
        row = next(r for r in rows if r.key == op.key)
        slowest = max(ages, key=row.median)
        judge(
            row.median(slowest) < op.target_ms,
            f"{op.label}: median under {op.target_ms:g} ms at every age "
            f"(slowest {row.median(slowest):.3f} ms at {slowest} d)",
        )
    print()
    if failed:
        print(f"{len(failed)} target(s) NOT met:")
        for line in failed:
            print(f"  - {line}")
    else:
        print("all targets met")
    return failed


# ---------------------------------------------------------------------- main


def parse_ages(text: str) -> list[int]:
    try:
        ages = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"ages must be whole numbers of days: {text!r}") from None
    if not ages or not all(1 <= d <= 3660 for d in ages):
        raise argparse.ArgumentTypeError(f"ages must be between 1 and 3660 days: {text!r}")
    return ages


def positive(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--ages",
        type=parse_ages,
        default=list(DEFAULT_AGES),
        help="station ages in days, comma-separated (default: 30,365,1825); "
        "the ratio compares the oldest with the youngest",
    )
    parser.add_argument(
        "--repeat",
        type=positive,
        default=None,
        help="timed calls per operation and age (default: "
        + ", ".join(f"{op.label} {op.repeat}" for op in OPERATIONS)
        + ")",
    )
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="where the built demos are kept"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="build the demos again even if cached"
    )
    parser.add_argument(
        "--dir", type=Path, default=None, help="where the timed copies go (default: temp folder)"
    )
    args = parser.parse_args()
    calls = {op.key: args.repeat or op.repeat for op in OPERATIONS}

    head = head_revision()
    cached = {d: ensure_cached(args.cache, d, head, args.rebuild) for d in args.ages}
    with tempfile.TemporaryDirectory(prefix="scale-bench-", dir=args.dir) as tmp:
        stations = [Station(d, cached[d], Path(tmp), calls) for d in args.ages]
        try:
            rss_before = peak_rss_mib()
            times = time_all(stations, calls)
            rss_after = peak_rss_mib()
        finally:
            for st in stations:
                st.close()
    failed = report(stations, times, calls, rss_before, rss_after)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
