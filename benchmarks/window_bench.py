"""Window speed: start-up next to a bare PySide6 window, and a scan's row in the register.

    python benchmarks/window_bench.py [--runs 5] [--scans 200] [--days 365] [--cache DIR]
                                      [--rebuild]

(a) Start-up. The time from starting a process to its main window shown (exposed on the
screen) and ready, for the kiosk window on a one-year demo station and for a bare
PySide6 window shown the same way (``showMaximized``), in the same run: each run is a
new Python process, the two sides take turns, and the medians are compared. "Ready"
for the kiosk is the first register read from the database and shown; the process goes
through the composition root (``import main``; the station's file checked on a thread
while the window's modules load, then opened; the Qt application; the start-up balance
check queued on the window's worker; the main window). The sign-in dialog is left out:
the time a person takes to type a PIN is not the program's, so the child signs the
demo's supervisor in without it. Target: within 1.5x of the bare window.
A third window, shown the same way in the same run, is the floor of the client's stack:
the bare window that also imports SQLAlchemy with its ORM, opens the station's database
and shows today's visits read with one query (no models, services, checks or pages).
What Station Desk takes beyond it is what its own code costs.

(b) A scan. The time from a scanned code's Enter (a keyboard-wedge scanner: the code in
a burst of key events a few milliseconds apart, then Enter) to its row shown in today's
register, through the scanner filter, the worker thread and the database. Member cards
of the demo station are scanned in, then out again. Target: under 50 ms at the 99th
percentile.

The demo station is built once with ``main.py demo --days N --seed 1 --end 2026-07-31``
and kept in ``benchmarks/.cache`` (one file per age, seed, end date and schema head
revision); every run opens copies, never the cached file. The windows use the Qt
platform of the environment (``offscreen`` when there is no display). Exit code 0 when
every target is met, 1 when one is not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SEED = 1
END = date(2026, 7, 31)
DEFAULT_DAYS = 365
DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"
LANG = "zh_CN"
READY = "READY"
START_TARGET = 1.5  # the kiosk window's median start within this many times the bare one's
SCAN_TARGET_MS = 50.0  # a scan's row shown, 99th percentile
SCANNER_GAP_MS = 4
WARM_UP_SCANS = 5
START_TIMEOUT_S = 120


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def platform_env() -> dict[str, str]:
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM")
    ):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def station_env(home: Path) -> dict[str, str]:
    """The environment of a station kept in ``home``: its data folder and PIN key, and
    settings files that are not the person's running the benchmark."""
    env = {k: v for k, v in platform_env().items() if not k.startswith("STATION_")}
    env.update(
        STATION_DATA_DIR=str(home),
        STATION_PEPPER_FILE=str(home / "pepper.key"),
        STATION_TZ="Asia/Shanghai",
        STATION_LANG=LANG,
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONIOENCODING="utf-8",
    )
    return env


# ---------------------------------------------------------------------- the demo station


def cache_path(cache: Path, days: int, head: str) -> Path:
    return cache / f"window-demo-{days}d-seed{SEED}-end{END.isoformat()}-rev{head}.db"


def ensure_demo(cache: Path, days: int, rebuild: bool) -> Path:
    """The cached demo station, built with the command line when missing."""
    from db.migrate import head_revision

    path = cache_path(cache, days, head_revision())
    home = cache / "window-home"  # the demo's PIN key stays beside it
    if path.exists() and (home / "pepper.key").exists() and not rebuild:
        print(f"{days}-day demo: cached in {path}", file=sys.stderr)
        return path
    home.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f"{path.stem}.building-{os.getpid()}.db")
    files = [building, Path(f"{building}-wal"), Path(f"{building}-shm")]
    print(f"{days}-day demo: building with main.py demo ...", file=sys.stderr)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "main.py",
                "--db",
                str(building),
                "demo",
                "--days",
                str(days),
                "--seed",
                str(SEED),
                "--end",
                END.isoformat(),
            ],
            cwd=REPO,
            env=station_env(home),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=1800,
        )
        if done.returncode != 0:
            raise SystemExit(f"building the demo failed:\n{done.stdout}\n{done.stderr}")
        conn = sqlite3.connect(building)  # everything into the main file
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        os.replace(building, path)
    finally:
        for f in files:
            f.unlink(missing_ok=True)
    took = time.perf_counter() - started
    print(f"{days}-day demo: built in {took:.0f} s -> {path}", file=sys.stderr)
    return path


def copy_station(cached: Path, folder: Path, name: str) -> tuple[Path, Path]:
    """A copy of the demo and a data folder with its PIN key: (database, home)."""
    home = folder / f"{name}-home"
    home.mkdir()
    shutil.copyfile(cached.parent / "window-home" / "pepper.key", home / "pepper.key")
    db = folder / f"{name}.db"
    shutil.copyfile(cached, db)
    return db, home


# ---------------------------------------------------------------------- the children


def _signed_in(services):  # -> Actor
    """The demo's supervisor, signed in without the sign-in dialog (see the docstring)."""
    from station_app.context import Actor

    user = next(u for u in services.users.list_users() if u.role == "supervisor")
    return Actor(user.id, user.name, user.role)


def _wait(done, signals=(), timeout_s: float = 60.0, poll_ms: int = 10) -> None:
    """Run the event loop until ``done()``: woken by any of ``signals`` at once, else
    every ``poll_ms`` (sleeping in between, as the app's own loop does)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    for signal in signals:
        signal.connect(loop.quit)
    poll = QTimer()
    poll.setInterval(poll_ms)
    poll.timeout.connect(loop.quit)
    poll.start()
    deadline = time.perf_counter() + timeout_s
    try:
        while not done():
            if time.perf_counter() > deadline:
                raise SystemExit("the window did not get ready in time")
            loop.exec()
    finally:
        poll.stop()
        for signal in signals:
            signal.disconnect(loop.quit)


def _exposed(widget) -> bool:
    handle = widget.windowHandle()
    return handle is not None and handle.isExposed()


def compile_program() -> None:
    """The program's byte-code, as the first start of a station leaves it (Python writes
    it then, unless told not to): no start times the compiling of changed sources."""
    import compileall

    for folder in ("db", "station_app", "ui"):
        compileall.compile_dir(REPO / folder, quiet=1)
    compileall.compile_file(REPO / "main.py", quiet=1)


def child_app(db: Path) -> int:
    """The kiosk window's start, as ``python main.py`` does it (without the sign-in)."""
    started = time.perf_counter()
    import main
    from station_app.config import load_config

    imported = time.perf_counter()
    config = load_config(str(db))
    runtime = main.open_for_window(config)  # the file's check while the window's modules load
    opened = time.perf_counter()
    from ui.app import build_window, check_balances_soon, make_application, window_ops
    from ui.shell import KioskSettings

    app = make_application([sys.argv[0]], LANG, theme="normal")
    services = runtime.services
    ops = window_ops(config.data_dir)
    check_balances_soon(services, ops, LANG)
    window = build_window(services, _signed_in(services), LANG, ops=ops, kiosk=KioskSettings())
    shown: list[bool] = []
    window.register_shown.connect(lambda: shown.append(True))
    window.showMaximized()
    _wait(lambda: bool(shown) and _exposed(window), [window.register_shown])
    ready = time.perf_counter()
    print(
        f"{READY} import={imported - started:.3f} open+ui-import={opened - imported:.3f}"
        f" window={ready - opened:.3f}",
        flush=True,
    )
    window.allow_close()
    window.close()
    window.ops.wait()
    runtime.close()
    del app
    return 0


def child_floor(db: Path) -> int:
    """The bare window on the client's stack: SQLAlchemy, the database, one query shown."""
    import sqlalchemy as sa
    import sqlalchemy.orm
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    app = QApplication([sys.argv[0]])
    engine = sa.create_engine(f"sqlite:///{db}")
    with sqlalchemy.orm.Session(engine) as session:
        rows = session.execute(
            sa.text(
                "SELECT id, category_id, checked_in_at, checked_out_at FROM visit"
                " WHERE checked_in_at >= :start ORDER BY checked_in_at"
            ),
            {"start": date.today().isoformat()},
        ).all()
    window = QMainWindow()
    window.setWindowTitle("Station Desk")
    table = QTableWidget(len(rows), 4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))
    window.setCentralWidget(table)
    window.showMaximized()
    _wait(lambda: _exposed(window))
    print(READY, flush=True)
    window.close()
    engine.dispose()
    del app
    return 0


def child_bare() -> int:
    """A bare PySide6 window, shown the same way."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setWindowTitle("Station Desk")
    window.setCentralWidget(QLabel("驿站台账 Station Desk"))
    window.showMaximized()
    _wait(lambda: _exposed(window))
    print(READY, flush=True)
    window.close()
    del app
    return 0


# ---------------------------------------------------------------------- (a) start-up


def time_start(side: str, db: Path, home: Path) -> tuple[float, str]:
    """Seconds from starting the process to its READY line, and what it said."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", side, "--db", str(db)]
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=REPO,
        env=station_env(home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith(READY):
                took = time.perf_counter() - started
                return took, line.strip()
        raise SystemExit(f"the {side} window never got ready: {child.communicate()[1]}")
    finally:
        try:
            child.communicate(timeout=START_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()


def measure_start(
    db: Path, home: Path, runs: int
) -> tuple[list[float], list[float], list[float], str]:
    """(bare, floor, kiosk) start-up times, and what the last kiosk start said."""
    bare: list[float] = []
    floor: list[float] = []
    kiosk: list[float] = []
    last = ""
    for side in ("bare", "floor", "app"):  # warm-up: the disk cache, for every side
        time_start(side, db, home)
    for _ in range(runs):
        bare.append(time_start("bare", db, home)[0])
        floor.append(time_start("floor", db, home)[0])
        took, last = time_start("app", db, home)
        kiosk.append(took)
    return bare, floor, kiosk, last


# ---------------------------------------------------------------------- (b) a scan


def measure_window(db: Path, home: Path, scans: int) -> tuple[list[float], dict[str, float]]:
    """Seconds from each scanned code's Enter to its row shown, then from each side bar
    page's first opening to the page shown with its first data (in this process)."""
    os.environ.update(station_env(home))
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    import main
    from station_app.config import load_config
    from ui.app import build_window, make_application, settle_memory, window_ops
    from ui.shell import KioskSettings

    config = load_config(str(db))
    runtime = main.open_station(config)
    app = make_application([sys.argv[0]], LANG, theme="normal")
    services = runtime.services
    window = build_window(
        services, _signed_in(services), LANG, ops=window_ops(config.data_dir), kiosk=KioskSettings()
    )
    window.resize(1280, 800)
    shown: list[bool] = []
    window.register_shown.connect(lambda: shown.append(True))
    window.show()
    window.activateWindow()
    _wait(lambda: bool(shown) and _exposed(window), [window.register_shown])
    settle_memory()  # as ui.app.run_gui does once the window is up
    members = [m for m in services.members.list_members() if m.active][: max(1, scans // 2)]
    if not members:
        raise SystemExit("the demo station has no member cards to scan")
    codes = [services.scans.code_for_member(m.id) for m in members]

    done: list[int] = []
    window.checked_in.connect(done.append)
    window.checked_out.connect(done.append)
    clock = [1_000_000]

    def key(kind: QEvent.Type, code: int, text: str) -> None:
        target = QApplication.focusWidget() or window
        event = QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, text)
        event.setTimestamp(clock[0])
        QApplication.sendEvent(target, event)

    def scan(code: str) -> float:
        window.scan_edit.setFocus()
        for ch in code:
            clock[0] += SCANNER_GAP_MS
            key(QEvent.Type.KeyPress, ord(ch.upper()), ch)
            key(QEvent.Type.KeyRelease, ord(ch.upper()), ch)
        clock[0] += SCANNER_GAP_MS
        before = len(done)
        started = time.perf_counter()
        key(QEvent.Type.KeyPress, Qt.Key.Key_Return, "\r")
        _wait(lambda: len(done) > before, [window.checked_in, window.checked_out], 30)
        row = window.model.row_of(done[-1])
        if row is None:
            raise SystemExit("a scanned visit is not in the register")
        window.table.viewport().repaint()  # the row on the screen, not only in the model
        took = time.perf_counter() - started
        key(QEvent.Type.KeyRelease, Qt.Key.Key_Return, "\r")
        window.display.clear()
        clock[0] += 1000
        return took

    times: list[float] = []
    total = scans + WARM_UP_SCANS
    for i in range(total):
        took = scan(codes[i % len(codes)])  # in, then out again on the next round
        if i >= WARM_UP_SCANS:
            times.append(took)
    opened = first_openings(window)
    window.allow_close()
    window.close()
    window.ops.wait()
    runtime.close()
    del app
    return times, opened


def first_openings(window) -> dict[str, float]:  # MainWindow -> {page key: seconds}
    """Each side bar page opened for the first time (built then, see MainWindow.page),
    until it is shown with what it loads first; back home between two."""
    from ui.main_window import HOME

    opened: dict[str, float] = {}
    for key in window.page_keys():
        started = time.perf_counter()
        window.open_page(key)
        page = window.find_page(key)
        if page is None:
            raise SystemExit(f"the {key} page did not open")
        _wait(lambda p=page: p.isVisible() and not window.ops.busy, [window.ops.busy_changed])
        page.repaint()
        opened[key] = time.perf_counter() - started
        window.open_page(HOME)
        _wait(lambda: not window.ops.busy, [window.ops.busy_changed])
    return opened


# ---------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-ups per side")
    parser.add_argument("--scans", type=int, default=200, help="timed scans")
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="the demo's age")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="built demos")
    parser.add_argument("--rebuild", action="store_true", help="build the demo again")
    parser.add_argument("--dir", type=Path, default=None, help="where the copies go")
    parser.add_argument("--child", choices=("app", "bare", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare()
    if args.child == "floor":
        return child_floor(args.db)
    if args.child == "app":
        return child_app(args.db)
    if args.runs < 1 or args.scans < 1:
        parser.error("--runs and --scans must be at least 1")

    cached = ensure_demo(args.cache, args.days, args.rebuild)
    compile_program()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        start_db, start_home = copy_station(cached, folder, "start")
        bare, floor, kiosk, said = measure_start(start_db, start_home, args.runs)
        scan_db, scan_home = copy_station(cached, folder, "scan")
        scans, opened = measure_window(scan_db, scan_home, args.scans)

    platform = platform_env().get("QT_QPA_PLATFORM") or "the desktop's"
    print(
        f"start-up: {args.runs} runs per side, alternating, {args.days}-day demo station, "
        f"Qt platform {platform}"
    )
    print(f"{'':26} {'median s':>10} {'min s':>8} {'max s':>8}")
    for name, t in (
        ("bare PySide6 window", bare),
        ("bare + SQLAlchemy, 1 query", floor),
        ("Station Desk window", kiosk),
    ):
        print(f"{name:26} {statistics.median(t):10.3f} {min(t):8.3f} {max(t):8.3f}")
    print(f"last kiosk start, inside the process: {said.removeprefix(READY).strip()}")
    print(f"scan to row shown: {len(scans)} scans (member cards in, then out)")
    print(f"{'':26} {'median ms':>10} {'p99 ms':>8} {'max ms':>8}")
    print(
        f"{'scan -> register row':26} {statistics.median(scans) * 1e3:10.1f}"
        f" {percentile(scans, 99) * 1e3:8.1f} {max(scans) * 1e3:8.1f}"
    )
    print("first opening of each page (built then) to it shown with its first data, ms:")
    print("  " + "  ".join(f"{key} {took * 1e3:.0f}" for key, took in opened.items()))
    ratio = statistics.median(kiosk) / statistics.median(bare)
    print(
        f"Station Desk / bare: {ratio:.2f}x; bare + SQLAlchemy / bare:"
        f" {statistics.median(floor) / statistics.median(bare):.2f}x; Station Desk /"
        f" (bare + SQLAlchemy): {statistics.median(kiosk) / statistics.median(floor):.2f}x"
    )
    p99_ms = percentile(scans, 99) * 1e3
    checks = [
        (
            ratio <= START_TARGET,
            f"start-up median is {ratio:.2f}x the bare window's (target: within {START_TARGET}x)",
        ),
        (p99_ms < SCAN_TARGET_MS, f"scan p99 is {p99_ms:.1f} ms (target: under 50 ms)"),
    ]
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
