"""The monthly log (月度台账) and the year report: time and peak memory on a busy station.

    python benchmarks/report_bench.py [--visits 1000,3000,6000,12000] [--handouts 300]
        [--items 60] [--quiet 300] [--repeat N] [--cache DIR] [--rebuild] [--dir DIR]

A station is built once through the services (never by writing rows directly) and kept
in a cache folder, one file per size, builder version and schema head revision. In
2025 it has one month per size in ``--visits`` (March, April, May …: by default 1,000,
3,000, 6,000 and 12,000 visits), each with the same ``--handouts`` relief handouts (every
other one signed on the pen pad), the same ``--items`` stock items receiving, issuing,
writing off and counted at the month's end, three cleaning records a day, and a few
registered members among the visitors; every other month of the year has a few hundred
visits (``--quiet``), so that the year report reads a whole year. Building runs in a child process,
so its memory does not count towards the peak reported here.

Each run copies the cached database to a temporary folder and times, per month (one
untimed warm-up, then ``--repeat`` runs, the median shown): reading the figures
(``ReportService.monthly``), the PDF, the XLSX, and writing the files (PDF, XLSX and the
district JSON, each to a temporary file renamed into place) — the monthly log's total is
their sum; then the year report (figures, PDF and XLSX). It prints how the month's time
grows with its visits (the ratio to the smallest month and a straight-line fit).

Targets: the busy month (6,000 visits) under 3 s, the year report under 20 s, the peak
memory (max RSS) under 400 MiB. Exit code 0 when every target is met, 1 when one is not.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db.backup import file_revision
from db.engine import create_station_engine
from db.migrate import head_revision, upgrade
from station_app.auth import PinHasher
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.report_files import (
    district_file_name,
    district_json_bytes,
    monthly_pdf,
    monthly_tables,
    write_files,
    xlsx_bytes,
    year_pdf,
    year_tables,
)
from station_app.services import Services, build_services

BUILD_VERSION = 1  # change it when the builder changes: the cached stations are made again
YEAR = 2025
FIRST_MONTH = 3  # the sized months are March, April, …
QUIET_VISITS = 300  # every other month of the year
DEFAULT_VISITS = (1000, 3000, 6000, 12000)
DEFAULT_HANDOUTS = 300
DEFAULT_ITEMS = 60
DEFAULT_REPEAT = 3
BUSY_VISITS = 6000
TZ_NAME = "Asia/Shanghai"
DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"
PEPPER = b"report-bench"
SEED = 9

MONTH_TARGET_S = 3.0
YEAR_TARGET_S = 20.0
MEMORY_TARGET_MIB = 400.0
MIB = 1024 * 1024

SUPERVISOR = ("基准负责人", "2580")
ATTENDANT = ("基准值班员", "1357")
CATEGORIES = ("外卖骑手", "快递员", "环卫工人", "建筑工人", "司机", "交警/协警", "其他")
SERVED = (("饮水", "休息"), ("充电",), (), ("热饭", "如厕"), ("休息",), ("饮水",))
EMPLOYERS = ("美团配送", "饿了么", "顺丰速运", "中通快递", "市环卫集团", "城建三公司")
AREAS = (
    ("休息区", "地面拖洗、桌椅擦拭消毒"),
    ("母婴室", "紫外线消毒 30 分钟"),
    ("卫生间", "含氯消毒液擦拭"),
)


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


def signature_png() -> bytes:
    """A signature as the pen pad gives it: dark strokes on a transparent 300×100 PNG."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.line([(20, 70), (60, 20), (90, 80), (130, 30), (170, 75)], fill=(20, 20, 60, 255), width=5)
    pen.line([(190, 60), (230, 35), (280, 62)], fill=(20, 20, 60, 255), width=5)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


# ---------------------------------------------------------------------- the station


@dataclass(frozen=True)
class Plan:
    visits: tuple[int, ...]  # the sized months, from March on
    handouts: int
    items: int
    quiet: int = QUIET_VISITS  # visits in every other month

    def month_of(self, i: int) -> int:
        return FIRST_MONTH + i

    def visits_in(self, month: int) -> int:
        i = month - FIRST_MONTH
        return self.visits[i] if 0 <= i < len(self.visits) else self.quiet

    def sized(self, month: int) -> bool:
        return 0 <= month - FIRST_MONTH < len(self.visits)

    def key(self) -> str:
        sizes = "-".join(str(v) for v in self.visits)
        return f"v{sizes}-h{self.handouts}-i{self.items}-q{self.quiet}"


class Builder:
    """Fills one station through the services, on a clock that walks through the year."""

    def __init__(self, path: Path, plan: Plan) -> None:
        self.plan = plan
        self.rng = random.Random(SEED)
        self.tz = bench_tz()
        # NORMAL: the bench station can always be built again, so commits need not wait for
        # the disk (as the demo does); the records are the same.
        self.engine = create_station_engine(sqlite_url(path), synchronous="NORMAL")
        upgrade(self.engine)
        self.clock = FixedClock(datetime(YEAR, 1, 1, 6, 0, tzinfo=self.tz))
        self.svc: Services = build_services(
            self.engine, bench_hasher(), clock=self.clock, tz=self.tz
        )
        self.signature = signature_png()
        self.claimants = 0
        self.lots = 0

    def at(self, day: date, hour: float) -> datetime:
        return datetime.combine(day, datetime.min.time(), tzinfo=self.tz) + timedelta(hours=hour)

    def run(self) -> None:
        svc = self.svc
        svc.stations.initialize(
            name="基准测试爱心驿家",
            kind="both",
            supervisor_name=SUPERVISOR[0],
            supervisor_pin=SUPERVISOR[1],
            address="解放路 88 号工会服务中心一楼",
            code="BENCH1",
            created_at=self.clock() - timedelta(days=1),
        )
        self.boss = svc.users.login(*SUPERVISOR)
        svc.users.create_user(self.boss, ATTENDANT[0], "attendant", ATTENDANT[1])
        self.attendant = svc.users.login(*ATTENDANT)
        known = [i.name for i in svc.inventory.items()]
        for n in range(len(known), self.plan.items):
            svc.inventory.add_item(
                self.boss,
                f"物资{n + 1:02d}",
                "件",
                low_stock_threshold=10,
                tracks_expiry=n % 3 == 0,
            )
        items = svc.inventory.items()[: self.plan.items]
        self.items = [(i.name, i.tracks_expiry) for i in items]
        self.members = [
            svc.members.register(
                self.attendant,
                CATEGORIES[n % len(CATEGORIES)],
                nickname=f"骑手{n:02d}",
                employer=EMPLOYERS[n % len(EMPLOYERS)],
            ).code
            for n in range(30)
        ]
        package = [(self.items[0][0], 2), (self.items[1][0], 1), (self.items[2][0], 1)]
        self.campaign = svc.relief.create_campaign(
            self.boss, f"{YEAR} 基准送清凉", date(YEAR, 1, 1), date(YEAR, 12, 31), package
        ).id
        for month in range(1, 13):
            started = time.perf_counter()
            self.month(month)
            took = time.perf_counter() - started
            print(
                f"  {YEAR}-{month:02d}: {self.plan.visits_in(month)} visits, {took:.0f} s",
                file=sys.stderr,
            )
        self.engine.dispose()

    def month(self, month: int) -> None:
        first = date(YEAR, month, 1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        sized = self.plan.sized(month)
        visits = self.plan.visits_in(month)
        handouts = self.plan.handouts if sized else 0
        issues = 20 if sized else 3
        # (when, order, action, arguments): the month's events in time order.
        events: list[tuple[datetime, int, str, tuple[Any, ...]]] = []
        seq = 0

        def add(when: datetime, action: str, *arg: Any) -> None:
            nonlocal seq
            seq += 1
            events.append((when, seq, action, arg))

        for i, (name, _expiry) in enumerate(self.items):
            need = issues * 3 + 10
            if i < 3:
                need += handouts * 2
            add(self.at(days[0], 6.5 + i / 100), "receive", name, need, last)
        for d, day in enumerate(days):
            n = visits * (d + 1) // len(days) - visits * d // len(days)
            for _ in range(n):
                add(self.at(day, self.rng.uniform(6.0, 20.5)), "visit")
            for k, (area, done) in enumerate(AREAS):
                add(self.at(day, 8 + 5 * k + self.rng.random()), "clean", area, done)
        for _ in range(handouts):
            add(self.at(self.rng.choice(days), self.rng.uniform(9.0, 17.0)), "handout")
        for name, _expiry in self.items:
            for _ in range(issues):
                when = self.at(self.rng.choice(days), self.rng.uniform(9.0, 18.0))
                add(when, "issue", name, self.rng.randint(1, 3))
        for name, _expiry in self.items[3:13]:
            add(self.at(self.rng.choice(days[1:]), 19.0), "loss", name)
        add(self.at(last, 20.9), "stocktake", month)
        events.sort(key=lambda e: (e[0], e[1]))

        inside: dict[str, int] = {}  # member code -> open visit
        pending: list[tuple[datetime, int, int, str | None]] = []  # check-outs to come
        for when, _, action, arg in events:
            while pending and pending[0][0] <= when:
                self.leave(*pending.pop(0), inside=inside)
            self.clock.set(when)
            if action == "visit":
                self.visit(when, pending, inside)
            elif action == "receive":
                self.receive(*arg)
            elif action == "clean":
                self.svc.records.record(self.attendant, *arg)
            elif action == "handout":
                self.handout()
            elif action == "issue":
                self.svc.inventory.issue(self.attendant, *arg)
            elif action == "loss":
                self.svc.inventory.write_off(self.boss, arg[0], 1, "loss", note="破损")
            elif action == "stocktake":
                self.stocktake()
        for left in sorted(pending):
            self.leave(*left, inside=inside)

    def visit(
        self,
        when: datetime,
        pending: list[tuple[datetime, int, int, str | None]],
        inside: dict[str, int],
    ) -> None:
        rng, svc = self.rng, self.svc
        code = rng.choice(self.members) if rng.random() < 0.06 else None
        if code is not None and code not in inside:
            v = svc.visits.check_in(self.attendant, None, member_code=code)
            inside[code] = v.id
        else:
            code = None
            v = svc.visits.check_in(
                self.attendant, rng.choice(CATEGORIES), services=rng.choice(SERVED)
            )
        if code is not None or rng.random() < 0.98:  # a few visitors never check out
            out = when + timedelta(minutes=rng.uniform(3, 95))
            pending.append((out, v.id, v.id, code))
            pending.sort()

    def leave(
        self,
        when: datetime,
        _order: int,
        visit_id: int,
        code: str | None,
        *,
        inside: dict[str, int],
    ) -> None:
        self.clock.set(when)
        self.svc.visits.check_out(self.attendant, visit_id)
        if code is not None:
            inside.pop(code, None)

    def receive(self, name: str, qty: int, month_end: date) -> None:
        self.lots += 1
        tracks = dict(self.items)[name]
        expires = month_end + timedelta(days=self.rng.choice((10, 20, 90, 300))) if tracks else None
        self.svc.inventory.receive(
            self.boss, name, qty, lot_code=f"B{self.lots:05d}", expires_on=expires, note="月初进货"
        )

    def handout(self) -> None:
        self.claimants += 1
        n = self.claimants
        self.svc.relief.hand_out(
            self.attendant,
            self.campaign,
            name=f"领取人{n}",
            phone_last4=f"{n % 10_000:04d}",
            employer=EMPLOYERS[n % len(EMPLOYERS)],
            category=CATEGORIES[n % len(CATEGORIES)],
            signature_png=self.signature if n % 2 else None,
        )

    def stocktake(self) -> None:
        sheet = [line for line in self.svc.inventory.count_sheet() if line.lot_id is not None]
        counts = [(line.lot_id, max(line.expected - 1, 0)) for line in sheet[:5] if line.lot_id]
        if counts:
            self.svc.inventory.apply_stocktake(self.boss, counts, "月末盘点")


def cache_path(cache: Path, plan: Plan, head: str) -> Path:
    return cache / f"report-{plan.key()}-b{BUILD_VERSION}-rev{head}.db"


def _files(db: Path) -> list[Path]:
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm")]


def _build(plan: Plan, building_name: str, target: str) -> None:
    """Child process: build into ``building_name``, then move it to ``target``, so that an
    interrupted build never leaves a half-built station under the cache's name."""
    building, path = Path(building_name), Path(target)
    try:
        Builder(building, plan).run()
        conn = sqlite3.connect(building)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        for extra in _files(building)[1:]:
            extra.unlink(missing_ok=True)
        os.replace(building, path)
    except BaseException:
        for f in _files(building):
            f.unlink(missing_ok=True)
        raise


def ensure_cached(cache: Path, plan: Plan, head: str, rebuild: bool) -> Path:
    path = cache_path(cache, plan, head)
    if path.exists() and not rebuild:
        print(f"bench station: cached in {path}", file=sys.stderr)
        return path
    cache.mkdir(parents=True, exist_ok=True)
    print(f"bench station: building ({plan.key()})...", file=sys.stderr)
    started = time.perf_counter()
    building = path.with_name(f"{path.stem}.building-{os.getpid()}.db")
    child = multiprocessing.get_context("spawn").Process(
        target=_build, args=(plan, str(building), str(path))
    )
    child.start()
    try:
        child.join()
    except BaseException:
        child.terminate()
        child.join()
        for f in _files(building):
            f.unlink(missing_ok=True)
        raise
    if child.exitcode != 0 or not path.exists():
        raise SystemExit(f"building the bench station failed (exit code {child.exitcode})")
    print(
        f"bench station: built in {time.perf_counter() - started:.0f} s -> {path}", file=sys.stderr
    )
    return path


# ---------------------------------------------------------------------- the timing


PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@dataclass
class MonthRun:
    month: str
    visits: int
    handouts: int
    items: int
    pages: int
    pdf_bytes: int
    xlsx_bytes: int
    read: list[float] = field(default_factory=list)
    pdf: list[float] = field(default_factory=list)
    xlsx: list[float] = field(default_factory=list)
    write: list[float] = field(default_factory=list)

    def medians(self) -> list[float]:
        return [statistics.median(x) for x in (self.read, self.pdf, self.xlsx, self.write)]

    def total(self) -> float:
        return sum(self.medians())


def time_month(svc: Services, month: str, folder: Path, repeat: int) -> MonthRun:
    """One untimed warm-up, then ``repeat`` timed runs of the whole monthly log."""
    run: MonthRun | None = None
    for attempt in range(repeat + 1):
        t0 = time.perf_counter()
        log = svc.reports.monthly(month, SUPERVISOR[0])
        t1 = time.perf_counter()
        pdf = monthly_pdf(log)
        t2 = time.perf_counter()
        book = xlsx_bytes(monthly_tables(log))
        t3 = time.perf_counter()
        write_files(
            [
                (folder / f"{month}.pdf", pdf),
                (folder / f"{month}.xlsx", book),
                (folder / district_file_name(log), district_json_bytes(log)),
            ]
        )
        t4 = time.perf_counter()
        if run is None:
            run = MonthRun(
                month,
                log.summary.visits,
                log.summary.handouts,
                len(log.stock),
                pages=len(PAGE.findall(pdf)),
                pdf_bytes=len(pdf),
                xlsx_bytes=len(book),
            )
        if attempt:
            run.read.append(t1 - t0)
            run.pdf.append(t2 - t1)
            run.xlsx.append(t3 - t2)
            run.write.append(t4 - t3)
    assert run is not None
    return run


def time_year(svc: Services, folder: Path, repeat: int) -> tuple[list[float], int]:
    totals: list[float] = []
    visits = 0
    for attempt in range(repeat + 1):
        started = time.perf_counter()
        summary = svc.reports.year(YEAR)
        write_files(
            [
                (folder / f"{YEAR}.pdf", year_pdf(summary)),
                (folder / f"{YEAR}.xlsx", xlsx_bytes(year_tables(summary))),
            ]
        )
        took = time.perf_counter() - started
        visits = summary.visits
        if attempt:
            totals.append(took)
    return totals, visits


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least squares: seconds = fixed + per_visit × visits."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - slope * mx, slope


def report(
    runs: list[MonthRun], year: list[float], year_visits: int, rss: tuple[float, float], repeat: int
) -> list[str]:
    print(
        f"Monthly log and year report: bench station BENCH1 ({TZ_NAME}), year {YEAR}; "
        f"{repeat} timed run(s) per report after one warm-up, medians in seconds"
    )
    print()
    head = (
        f"{'month':<8}{'visits':>8}{'handouts':>9}{'items':>6}{'pages':>6}"
        f"{'read':>7}{'PDF':>7}{'XLSX':>7}{'write':>7}{'total':>8}{'PDF KiB':>9}{'XLSX KiB':>9}"
    )
    print(head)
    for r in runs:
        med = r.medians()
        print(
            f"{r.month:<8}{r.visits:>8}{r.handouts:>9}{r.items:>6}{r.pages:>6}"
            + "".join(f"{m:>7.2f}" for m in med)
            + f"{r.total():>8.2f}{r.pdf_bytes / 1024:>9.0f}{r.xlsx_bytes / 1024:>9.0f}"
        )
    print("total = read + PDF + XLSX + write (PDF, XLSX and the district JSON)")
    print()
    if len(runs) >= 2:
        small = runs[0]
        print("growth with the month's visits:")
        for r in runs:
            print(
                f"  {r.visits:>6} visits: {r.visits / small.visits:5.1f}x the visits, "
                f"{r.total() / small.total():5.1f}x the time, "
                f"{1000 * r.total() / r.visits:.3f} s per 1,000 visits"
            )
        fixed, per_visit = fit([(r.visits, r.total()) for r in runs])
        print(f"  straight-line fit: {fixed:.2f} s + {1000 * per_visit:.3f} s per 1,000 visits")
        print()
    year_median = statistics.median(year)
    print(
        f"year report {YEAR} ({year_visits} visits, 12 months): {year_median:.2f} s "
        "(figures, PDF and XLSX, written)"
    )
    print(
        f"peak memory (max RSS) of the timing process: {rss[1]:.1f} MiB "
        f"(before timing: {rss[0]:.1f} MiB)"
    )
    print()

    failed: list[str] = []

    def judge(ok: bool, line: str) -> None:
        print(f"{'PASS' if ok else 'FAIL'}  {line}")
        if not ok:
            failed.append(line)

    busy = next((r for r in runs if r.visits >= BUSY_VISITS), None)
    if busy is None:
        print(f"SKIP  busy month: no month with {BUSY_VISITS:,} visits or more in this run")
    else:
        judge(
            busy.total() < MONTH_TARGET_S,
            f"busy month {busy.month} ({busy.visits:,} visits, {busy.handouts} handouts, "
            f"{busy.items} items): monthly log (PDF + XLSX) in {busy.total():.2f} s "
            f"(target: under {MONTH_TARGET_S:g} s)",
        )
    judge(
        year_median < YEAR_TARGET_S,
        f"year report in {year_median:.2f} s (target: under {YEAR_TARGET_S:g} s)",
    )
    if rss[1] == rss[1]:  # not NaN (no resource module on Windows)
        judge(
            rss[1] < MEMORY_TARGET_MIB,
            f"peak memory {rss[1]:.0f} MiB (target: under {MEMORY_TARGET_MIB:g} MiB)",
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


def parse_visits(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"visits must be whole numbers: {text!r}") from None
    if not sizes or len(sizes) > 12 - FIRST_MONTH + 1 or not all(1 <= v <= 50_000 for v in sizes):
        raise argparse.ArgumentTypeError(
            f"1 to {12 - FIRST_MONTH + 1} month sizes between 1 and 50,000: {text!r}"
        )
    return sizes


def positive(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--visits",
        type=parse_visits,
        default=DEFAULT_VISITS,
        help="visits in each sized month, from March on (default: 1000,3000,6000,12000)",
    )
    parser.add_argument(
        "--handouts", type=positive, default=DEFAULT_HANDOUTS, help="per sized month (300)"
    )
    parser.add_argument("--items", type=positive, default=DEFAULT_ITEMS, help="stock items (60)")
    parser.add_argument(
        "--quiet",
        type=positive,
        default=QUIET_VISITS,
        help=f"visits in each other month of the year ({QUIET_VISITS})",
    )
    parser.add_argument(
        "--repeat", type=positive, default=DEFAULT_REPEAT, help="timed runs per report (3)"
    )
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="where the built station is kept"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="build the station again even if cached"
    )
    parser.add_argument("--dir", type=Path, default=None, help="where the timed copy and files go")
    args = parser.parse_args()
    plan = Plan(args.visits, args.handouts, args.items, args.quiet)

    head = head_revision()
    cached = ensure_cached(args.cache, plan, head, args.rebuild)
    with tempfile.TemporaryDirectory(prefix="report-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        db = folder / "station.db"
        shutil.copyfile(cached, db)
        if file_revision(db) != head:
            raise SystemExit(f"{cached} is not at schema revision {head}: run with --rebuild")
        engine = create_station_engine(sqlite_url(db))
        try:
            clock = FixedClock(datetime(YEAR + 1, 1, 15, 10, 0, tzinfo=bench_tz()))
            svc = build_services(engine, bench_hasher(), clock=clock, tz=bench_tz())
            rss_before = peak_rss_mib()
            runs = [
                time_month(svc, f"{YEAR}-{plan.month_of(i):02d}", folder, args.repeat)
                for i in range(len(plan.visits))
            ]
            year, year_visits = time_year(svc, folder, args.repeat)
            rss_after = peak_rss_mib()
        finally:
            engine.dispose()
    failed = report(runs, year, year_visits, (rss_before, rss_after), args.repeat)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
