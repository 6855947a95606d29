"""``demo`` on the command line: its progress on a terminal, its refusal of a station with
records of its own, the accounts it lists, and what its help says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.test_cli import PIN, REPO, Cli, query

ACCOUNTS = ("演示负责人 2580", "值班员小张 1357", "志愿者小李 3579")


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "station.db", tmp_path / "data")


def counts(db: Path) -> tuple[int, int, int, int, str]:
    """Visits, stock moves, users, members, and when the station opened."""
    visits, moves, users, members, opened = query(
        db,
        "SELECT (SELECT COUNT(*) FROM visit), (SELECT COUNT(*) FROM stock_move), "
        "(SELECT COUNT(*) FROM app_user), (SELECT COUNT(*) FROM member), "
        "(SELECT created_at FROM station)",
    )[0]
    return int(str(visits)), int(str(moves)), int(str(users)), int(str(members)), str(opened)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_on_a_terminal_a_bar_that_ends_its_line_then_the_accounts(cli: Cli) -> None:
    import pty

    controller, terminal = pty.openpty()
    try:
        proc = subprocess.Popen(
            [
                sys.executable,
                "main.py",
                "--db",
                str(cli.db),
                "demo",
                "--days",
                "3",
                "--seed",
                "1",
                "--end",
                "2026-01-31",
            ],
            cwd=REPO,
            env=cli.env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=terminal,
        )
    finally:
        os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, seen.decode("utf-8", "replace")
    shown = seen.decode("utf-8").replace("\r\n", "\n")  # the terminal's own line ends
    # One line redrawn in place, finished with a line end; no plain progress lines.
    assert shown.count("\n") == 1 and shown.endswith("\n"), repr(shown)
    frames = shown.rstrip("\n").split("\r")[1:]
    assert frames == [
        "[" + "#" * 10 + "." * 20 + "] 1/3 天 days",
        "[" + "#" * 20 + "." * 10 + "] 2/3 天 days",
        "[" + "#" * 30 + "] 3/3 天 days",
    ]
    printed = out.decode("utf-8")
    assert "日期 / dates: 2026-01-29 – 2026-01-31 (3 天 days)" in printed
    assert "演示账号（姓名 PIN） / demo accounts (name, PIN):" in printed
    for account in ACCOUNTS:
        assert account in printed


def test_a_station_with_records_is_refused_unless_into_existing(cli: Cli) -> None:
    cli.init()
    # Just set up: nothing of its own yet, so the demo fills it; only the new accounts are
    # listed (the station's supervisor keeps the PIN nobody else was told).
    first = cli("demo", "--days", "2", "--seed", "1", "--end", "2026-01-31")
    assert first.returncode == 0, first.stderr
    assert "值班员小张 1357" in first.stdout and "志愿者小李 3579" in first.stdout
    assert "演示负责人" not in first.stdout and PIN not in first.stdout
    before = counts(cli.db)
    assert before[0] > 0
    again = cli("demo", "--days", "2", "--seed", "2", "--end", "2026-01-31")
    assert again.returncode == 1
    assert "Traceback" not in again.stderr
    zh, en = again.stderr.strip().splitlines()[-2:]
    assert zh.startswith("错误: 这个驿站已经有自己的记录") and "--into-existing" in zh
    assert en.startswith("Error: This station already has records") and "--into-existing" in en
    assert f"(visits: {before[0]}, stock moves: " in en
    assert counts(cli.db) == before
    # Asked for: the demo's records are added, and no account is listed (none was made).
    more = cli("demo", "--days", "2", "--seed", "2", "--end", "2026-01-31", "--into-existing")
    assert more.returncode == 0, more.stderr
    assert "demo accounts" not in more.stdout
    after = counts(cli.db)
    assert after[0] > before[0] and after[2] == before[2]


def test_help_names_the_default_end_and_the_option(cli: Cli) -> None:
    result = cli("demo", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "默认昨天" in text and "default: yesterday, the last complete day" in text
    assert "--into-existing" in text and "at most 3660" in text
