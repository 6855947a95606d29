"""Service calls off the GUI thread: results on the GUI thread, refusals and bugs told
apart, and the event loop alive while another program holds the database."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.models import Visit
from station_app.context import Actor
from station_app.errors import Conflict, StationError
from station_app.services import Services
from ui.ops import Ops, Unexpected, setup_log


def test_a_result_comes_back_on_the_gui_thread(qtbot: QtBot) -> None:
    ops = Ops()
    seen: list[tuple[int, bool]] = []
    worker: list[bool] = []

    def call() -> int:
        worker.append(threading.current_thread() is threading.main_thread())
        return 42

    ops.run(call, lambda r: seen.append((r, threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(42, True)] and worker == [False]
    assert not ops.busy


def test_a_refusal_goes_to_its_handler_and_a_bug_to_the_log(qtbot: QtBot, tmp_path: Path) -> None:
    log = setup_log(tmp_path)
    ops = Ops(log)
    refused: list[StationError] = []

    def refuse() -> None:
        raise Conflict("已经签退", "Already checked out")

    def bug() -> None:
        raise KeyError("a bug")

    ops.run(refuse, refused=refused.append)
    ops.run(bug, refused=refused.append)
    qtbot.waitUntil(lambda: len(refused) == 2)
    assert refused[0].zh == "已经签退"
    assert isinstance(refused[1], Unexpected) and str(log) in refused[1].zh
    assert "Traceback" in log.read_text(encoding="utf-8") and "KeyError" in log.read_text()
    failed: list[object] = []
    ops.failed.connect(failed.append)
    ops.run(refuse)  # no handler: the window's general one
    qtbot.waitUntil(lambda: bool(failed))


def test_the_event_loop_keeps_running_while_another_program_holds_the_database(
    qtbot: QtBot,
    services: Services,
    attendant: Actor,
    other_program: sqlite3.Connection,
) -> None:
    ops = Ops()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    waiting: list[bool] = []
    ops.waiting.connect(waiting.append)
    other_program.execute("BEGIN IMMEDIATE")  # a backup or another kiosk writing
    done: list[int] = []
    ops.run(lambda: services.visits.check_in(attendant, "快递员").id, done.append)
    qtbot.waitUntil(lambda: len(ticks) >= 40, timeout=5000)  # ~0.8 s of a live loop
    assert not done and ops.busy and waiting == [True]  # still waiting, and says so
    other_program.execute("COMMIT")
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert waiting[-1] is False
    with services.ctx.read() as uow:
        assert uow.session.scalar(select(func.count(Visit.id))) == 1
