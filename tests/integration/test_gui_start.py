"""``python main.py`` opens the real window on a virtual X screen, driven by real key events.

The keys come from the X server (xdotool), as a keyboard or a keyboard-wedge QR
scanner would send them: the PIN into the sign-in dialog, then a member card
code into the main window's scan field. The test then reads the database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.test_cli import REPO, Cli

TOOLS = ("Xvfb", "xdotool")


@pytest.fixture
def display() -> str:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install {missing} (scripts/install-system-deps.sh)")
        pytest.skip(f"needs {missing}")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        number = fh.readline().strip()
    assert number.isdigit(), "Xvfb did not report its display"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def _xdotool(display: str, *args: str) -> str:
    result = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.stdout.strip()


def _wait_for_window(display: str, title: str, app: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.poll() is not None:
            pytest.fail(
                f"the app exited ({app.returncode}): {app.stderr.read() if app.stderr else ''}"
            )
        found = _xdotool(display, "search", "--name", title)
        if found:
            return found.splitlines()[0]
        time.sleep(0.3)
    pytest.fail(f"no window titled {title!r} within 60 s")


def test_window_opens_and_takes_a_scanned_card(tmp_path: Path, display: str) -> None:
    cli = Cli(tmp_path / "station.db", tmp_path / "home")
    cli.init()
    members = tmp_path / "members.csv"
    members.write_text("昵称,类别,会员码\n小张,快递员,CARD-0001\n", encoding="utf-8")
    imported = cli("import", "members", str(members))
    assert imported.returncode == 0, imported.stderr

    env = cli.env(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        STATION_LANG="zh_CN",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # this kiosk's settings, not the tester's
    )
    app = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(cli.db)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        login = _wait_for_window(display, "当班登录", app)
        _xdotool(display, "windowfocus", "--sync", login)
        time.sleep(0.5)
        _xdotool(display, "type", "--delay", "40", "2580")
        _xdotool(display, "key", "Return")

        main = _wait_for_window(display, "解放路爱心驿家", app)
        assert "Station Desk" in _xdotool(display, "getwindowname", main)
        _xdotool(display, "windowfocus", "--sync", main)
        time.sleep(0.5)
        # A keyboard-wedge scanner: the code in a burst, then Enter.
        _xdotool(display, "type", "--delay", "10", "card-0001")
        _xdotool(display, "key", "Return")

        deadline = time.monotonic() + 30
        rows: list[tuple[str, str]] = []
        while time.monotonic() < deadline and not rows:
            with sqlite3.connect(cli.db) as conn:
                rows = conn.execute(
                    "SELECT v.source, m.code FROM visit v JOIN member m ON m.id = v.member_id"
                ).fetchall()
            time.sleep(0.3)
        assert rows == [("scan", "CARD-0001")]
        assert app.poll() is None, "the window closed by itself"
    finally:
        if app.poll() is None:
            app.terminate()
        _out, err = app.communicate(timeout=20)  # also closes the pipes
    assert "Traceback" not in err, err


def test_a_kiosk_set_to_full_screen_opens_full_screen(tmp_path: Path, display: str) -> None:
    """kiosk/full_screen in this kiosk's settings file: the window covers the screen, with
    no decorations; the window's log file is in the data folder."""
    cli = Cli(tmp_path / "station.db", tmp_path / "home")
    cli.init()
    config = tmp_path / "config" / "StationDesk"
    config.mkdir(parents=True)
    (config / "StationDesk.ini").write_text(
        "[kiosk]\nfull_screen=true\nidle_minutes=3\ntheme=high_contrast\n", encoding="utf-8"
    )
    env = cli.env(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        STATION_LANG="zh_CN",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    app = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(cli.db)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        login = _wait_for_window(display, "当班登录", app)
        _xdotool(display, "windowfocus", "--sync", login)
        time.sleep(0.5)
        _xdotool(display, "type", "--delay", "40", "2580")
        _xdotool(display, "key", "Return")
        main = _wait_for_window(display, "解放路爱心驿家", app)
        deadline = time.monotonic() + 20
        geometry = ""
        while time.monotonic() < deadline and "1366x900" not in geometry:
            geometry = _xdotool(display, "getwindowgeometry", main)
            time.sleep(0.3)
        assert "Geometry: 1366x900" in geometry, geometry
        assert (cli.home / "station-desk.log").exists()
        assert app.poll() is None
    finally:
        if app.poll() is None:
            app.terminate()
        _out, err = app.communicate(timeout=20)
    assert "Traceback" not in err, err
