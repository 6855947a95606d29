"""The command line's prompts on a real (pseudo-)terminal: Ctrl-D is an answer, not a crash."""

from __future__ import annotations

import os
import select
import sys
import time
from pathlib import Path

import pytest

from tests.integration.test_backup import backup_path, digest
from tests.integration.test_cli import REPO, Cli, query

pty = pytest.importorskip("pty")  # POSIX only; Windows has no pseudo-terminals here

EOT = b"\x04"  # Ctrl-D: end of input on a terminal in canonical mode


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "station.db", tmp_path / "data")


def on_terminal(cli: Cli, args: list[str], prompt: str) -> tuple[int, str]:
    """Run ``main.py --db DB ARGS`` on a pseudo-terminal, answer ``prompt`` with Ctrl-D.

    The exit code, and everything the terminal showed (stdout and stderr both).
    """
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its controlling terminal, as at a desk
        try:
            os.chdir(REPO)
            argv = [sys.executable, "main.py", "--db", str(cli.db), *args]
            os.execve(sys.executable, argv, cli.env())
        finally:
            os._exit(127)
    shown = b""
    answered = False
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child has gone and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            if not answered and prompt.encode() in shown:
                os.write(fd, EOT)
                answered = True
        else:
            os.kill(pid, 9)
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    assert answered, shown.decode("utf-8", "replace")
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8").replace("\r\n", "\n")


def test_ctrl_d_at_the_pin_prompt_refuses_init_cleanly(cli: Cli) -> None:
    code, shown = on_terminal(
        cli,
        ["init", "--name", "站", "--kind", "rest", "--supervisor", "张三"],
        "负责人 PIN / supervisor PIN: ",
    )
    assert code == 2, shown
    assert "Traceback" not in shown and "EOFError" not in shown
    assert shown.splitlines()[-1] == (
        "station-app: 没有输入负责人 PIN，没有做任何改动（也可用 --pin 或 STATION_PIN） / "
        "no supervisor PIN was entered, nothing was changed (or use --pin or STATION_PIN)"
    )
    assert not cli.db.exists()
    assert not (cli.home / "pepper.key").exists()


def test_ctrl_d_at_the_restore_question_cancels(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    backup = backup_path(cli("backup", "--to", str(tmp_path / "bk")).stdout)
    before = digest(cli.db)
    code, shown = on_terminal(
        cli, ["restore", str(backup)], "确认请输入 yes / type yes to confirm: "
    )
    assert code == 1, shown
    assert "Traceback" not in shown and "EOFError" not in shown
    assert shown.splitlines()[-1] == "已取消，没有改动 / cancelled, nothing changed"
    assert digest(cli.db) == before
    assert query(cli.db, "SELECT name FROM station") == [("解放路爱心驿家",)]
    assert not (cli.home / "backups").exists()  # no safety copy: nothing was restored
