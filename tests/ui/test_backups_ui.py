"""Backups in the window: the timer's backups (verified, rotated), the Settings panel
(back up now, the second folder, restore) and the home page's notice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.backup import (
    RECORD_SUFFIX,
    RestoreInfo,
    auto_backup,
    list_backups,
    newest_good_backup,
)
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import Actor
from station_app.errors import StationError
from station_app.services import Services
from tests.conftest import TZ
from ui.backup_panel import BackupNotice, BackupPanel
from ui.backup_scheduler import (
    EVERY_HOURS_KEY,
    SECOND_FOLDER_KEY,
    BackupScheduler,
    kiosk_settings,
)
from ui.ops import Ops
from ui.pages.base import PageContext


class Said:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.problems: list[StationError] = []


def _ctx(services: Services, actor: Actor, said: Said, ops: Ops) -> PageContext:
    return PageContext(
        services=services,
        ops=ops,
        actor=lambda: actor,
        lang=lambda: "zh_CN",
        say=said.lines.append,
        complain=said.problems.append,
    )


@pytest.fixture
def said() -> Said:
    return Said()


@pytest.fixture
def ops(qtbot: QtBot) -> Iterator[Ops]:
    ops = Ops()
    yield ops
    ops.wait()


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    return tmp_path / "backups"


def _local(clock: FixedClock) -> datetime:
    return clock().astimezone(TZ)


def _old_auto(folder: Path, at: datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"station-{at:%Y%m%d-%H%M%S}-auto.db"
    path.write_bytes(b"an old copy")
    return path


# ---------------------------------------------------------------------------- the timer


def test_a_backup_made_by_the_timer_is_verified_and_rotated(
    qtbot: QtBot, db_path: Path, backups: Path, clock: FixedClock
) -> None:
    now = _local(clock)
    stale = [_old_auto(backups, now - timedelta(days=d)) for d in (20, 46, 400)]
    kept_old = _old_auto(backups, now - timedelta(days=3))  # one of the last 14 days
    kept_may = _old_auto(backups, now - timedelta(days=45))  # the newest of May
    by_hand = backups / "station-20200101-000000.db"
    by_hand.write_bytes(b"made with the backup command")
    settings = kiosk_settings()
    settings.setValue(EVERY_HOURS_KEY, 0.0001)  # 360 ms
    scheduler = BackupScheduler(sqlite_url(db_path), backups, lambda: _local(clock))
    assert scheduler.interval_ms() == 360
    statuses: list[str] = []
    scheduler.status.connect(statuses.append)

    scheduler.start(now=False)  # nothing at once: the timer makes the first one
    assert not scheduler.running
    with qtbot.waitSignal(scheduler.backed_up, timeout=5000) as first:
        pass
    [info] = first.args[0]
    assert info.path == backups / "station-20260701-090000-auto.db"
    assert info.path.with_name(info.path.name + RECORD_SUFFIX).exists()
    assert newest_good_backup(backups, TZ) == (info.path, now)
    assert not any(p.exists() for p in stale)
    assert kept_old.exists() and kept_may.exists() and by_hand.exists()
    assert str(backups) in statuses[-1]

    clock.advance(days=1)  # the timer fires again: the next day's copy
    with qtbot.waitSignal(scheduler.backed_up, timeout=5000) as second:
        pass
    assert second.args[0][0].path == backups / "station-20260702-090000-auto.db"
    assert newest_good_backup(backups, TZ) == (second.args[0][0].path, now + timedelta(days=1))
    scheduler.stop()
    scheduler.ops.wait()
    names = sorted(e.path.name for e in list_backups(backups, TZ))
    assert names == sorted(
        [
            "station-20260701-090000-auto.db",
            "station-20260702-090000-auto.db",
            kept_old.name,
            kept_may.name,
            by_hand.name,
        ]
    )


def test_start_backs_up_at_once_and_into_the_second_folder(
    qtbot: QtBot, db_path: Path, backups: Path, tmp_path: Path, clock: FixedClock
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    settings = kiosk_settings()
    settings.setValue(SECOND_FOLDER_KEY, str(stick))
    scheduler = BackupScheduler(sqlite_url(db_path), backups, lambda: _local(clock))
    assert scheduler.interval_ms() == 6 * 3_600_000  # the default: every 6 hours
    with qtbot.waitSignal(scheduler.backed_up, timeout=5000) as done:
        scheduler.start()
    assert [i.path.parent for i in done.args[0]] == [backups, stick]
    assert scheduler.timer.isActive()
    scheduler.stop()


def test_a_failed_backup_is_said_never_silent(
    qtbot: QtBot, db_path: Path, backups: Path, tmp_path: Path, clock: FixedClock
) -> None:
    kiosk_settings().setValue(SECOND_FOLDER_KEY, str(tmp_path / "stick-not-plugged-in"))
    scheduler = BackupScheduler(sqlite_url(db_path), backups, lambda: _local(clock))
    statuses: list[str] = []
    scheduler.status.connect(statuses.append)
    with qtbot.waitSignal(scheduler.failed, timeout=5000) as failed:
        scheduler.run_now()
    problem = failed.args[0]
    assert problem.field == "second_folder" and "stick-not-plugged-in" in problem.zh
    assert scheduler.last_error is problem and not scheduler.running
    assert "stick-not-plugged-in" in statuses[-1]
    # The backups folder got its copy all the same.
    assert newest_good_backup(backups, TZ) is not None


# ---------------------------------------------------------------------------- the panel


def _panel(
    qtbot: QtBot,
    services: Services,
    actor: Actor,
    said: Said,
    ops: Ops,
    backups: Path,
) -> BackupPanel:
    panel = BackupPanel(_ctx(services, actor, said, ops), backup_dir=backups)
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    qtbot.waitUntil(lambda: not panel.busy)
    return panel


def test_back_up_now_shows_progress_and_lists_the_backup(
    qtbot: QtBot,
    services: Services,
    supervisor: Actor,
    said: Said,
    ops: Ops,
    backups: Path,
    qtmodeltester,
) -> None:
    panel = _panel(qtbot, services, supervisor, said, ops, backups)
    assert panel.model.rowCount() == 0
    seen: list[int] = []
    panel.progress.valueChanged.connect(seen.append)

    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    assert not panel.backup_button.isEnabled() and panel.progress.isVisible()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and not panel.busy, timeout=5000)

    assert seen[-1] == 100 and not panel.progress.isVisible()
    assert panel.backup_button.isEnabled()
    row = panel.model.row_at(0)
    assert row is not None and row.entry.path.parent == backups and row.entry.recorded
    texts = [panel.model.index(0, c).data() for c in range(panel.model.columnCount())]
    assert texts[0] == "2026-07-01 09:00" and texts[-1] == "station-20260701-090000-auto.db"
    assert str(row.entry.path) in panel.status_label.text()
    qtmodeltester.check(panel.model)


def test_a_second_folder_that_does_not_exist_or_is_read_only_is_refused(
    qtbot: QtBot,
    services: Services,
    supervisor: Actor,
    said: Said,
    ops: Ops,
    backups: Path,
    tmp_path: Path,
) -> None:
    panel = _panel(qtbot, services, supervisor, said, ops, backups)
    missing = tmp_path / "no-such-stick"
    panel.second_edit.setText(str(missing))
    qtbot.mouseClick(panel.save_second_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.errors.field_in_error() == "second_folder")
    assert str(missing) in panel.error_label.text() and "不存在" in panel.error_label.text()
    assert kiosk_settings().value(SECOND_FOLDER_KEY) is None

    read_only = tmp_path / "write-protected"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        panel.second_edit.clear()
        qtbot.keyClicks(panel.second_edit, str(read_only))
        assert panel.errors.field_in_error() is None  # edited: the red is gone
        qtbot.mouseClick(panel.save_second_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.errors.field_in_error() == "second_folder")
        assert "只读" in panel.error_label.text()
        assert kiosk_settings().value(SECOND_FOLDER_KEY) is None
    finally:
        read_only.chmod(0o755)

    stick = tmp_path / "usb"
    stick.mkdir()
    panel.second_edit.setText(str(stick))
    qtbot.mouseClick(panel.save_second_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk_settings().value(SECOND_FOLDER_KEY) == str(stick))
    assert panel.errors.field_in_error() is None and panel.error_label.isHidden()
    qtbot.waitUntil(lambda: panel.backup_button.isEnabled())  # the list is read again first
    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2 and not panel.busy, timeout=5000)
    assert {r.entry.path.parent for r in (panel.model.row_at(0), panel.model.row_at(1)) if r} == {
        backups,
        stick,
    }


def test_an_attendant_cannot_change_the_second_folder_or_restore(
    qtbot: QtBot,
    services: Services,
    attendant: Actor,
    said: Said,
    ops: Ops,
    backups: Path,
    tmp_path: Path,
    db_path: Path,
    clock: FixedClock,
) -> None:
    auto_backup(sqlite_url(db_path), [backups], _local(clock))
    panel = _panel(qtbot, services, attendant, said, ops, backups)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.second_edit.setText(str(tmp_path))
    qtbot.mouseClick(panel.save_second_button, Qt.MouseButton.LeftButton)
    assert "负责人" in panel.error_label.text()
    assert kiosk_settings().value(SECOND_FOLDER_KEY) is None

    panel.table.selectRow(0)
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert panel.confirm_box.isHidden() and "负责人" in panel.error_label.text()


def _visits(services: Services) -> int:
    return len(services.visits.visits_on(services.ctx.today()))


def test_restore_a_chosen_backup_after_confirming(
    qtbot: QtBot,
    services: Services,
    supervisor: Actor,
    said: Said,
    ops: Ops,
    backups: Path,
    db_path: Path,
    clock: FixedClock,
) -> None:
    category = services.stations.categories()[0].name
    services.visits.check_in(supervisor, category)
    auto_backup(sqlite_url(db_path), [backups], _local(clock))  # one visit in it
    clock.advance(minutes=30)
    services.visits.check_in(supervisor, category)
    services.visits.check_in(supervisor, category)
    assert _visits(services) == 3

    panel = _panel(qtbot, services, supervisor, said, ops, backups)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert not panel.restore_button.isEnabled()  # nothing chosen yet
    panel.table.selectRow(0)
    assert panel.restore_button.isEnabled()
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert panel.confirm_box.isVisible() and "2026-07-01 09:00" in panel.confirm_label.text()
    qtbot.mouseClick(panel.confirm_no, Qt.MouseButton.LeftButton)  # not yet
    assert panel.confirm_box.isHidden() and _visits(services) == 3

    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.restored, timeout=10_000) as restored:
        qtbot.mouseClick(panel.confirm_yes, Qt.MouseButton.LeftButton)
    info: RestoreInfo = restored.args[0]

    assert _visits(services) == 1  # the database is the backup's again
    assert info.safety_backup is not None and info.safety_backup.parent == backups
    assert "before-restore" in info.safety_backup.name
    # The copy kept first holds the three visits.
    with_three = [e for e in list_backups(backups, TZ) if e.path == info.safety_backup]
    assert with_three and with_three[0].size_bytes > 0
    assert info.safety_backup.name in panel.status_label.text()
    assert said.lines and info.safety_backup.name in said.lines[-1]
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)


# ---------------------------------------------------------------------------- the notice


def _notice(
    qtbot: QtBot, services: Services, actor: Actor, said: Said, ops: Ops, folder: Path
) -> BackupNotice:
    notice = BackupNotice(_ctx(services, actor, said, ops), folders=lambda: [folder])
    qtbot.addWidget(notice)
    return notice


def test_the_notice_shows_when_the_newest_backup_is_three_days_old(
    qtbot: QtBot,
    services: Services,
    attendant: Actor,
    said: Said,
    ops: Ops,
    backups: Path,
    db_path: Path,
    clock: FixedClock,
) -> None:
    three_days_ago = _local(clock) - timedelta(days=3)
    auto_backup(sqlite_url(db_path), [backups], three_days_ago)
    notice = _notice(qtbot, services, attendant, said, ops, backups)
    notice.refresh()
    qtbot.waitUntil(lambda: notice.checked)
    assert not notice.isHidden()
    assert "2026-06-28 09:00" in notice.text()

    auto_backup(sqlite_url(db_path), [backups], _local(clock) - timedelta(days=1))
    notice.refresh()
    qtbot.waitUntil(lambda: notice.isHidden())


def test_the_notice_says_when_there_is_no_backup_or_the_last_one_failed(
    qtbot: QtBot,
    services: Services,
    attendant: Actor,
    said: Said,
    backups: Path,
    tmp_path: Path,
    db_path: Path,
    clock: FixedClock,
) -> None:
    scheduler = BackupScheduler(sqlite_url(db_path), backups, lambda: _local(clock))
    notice = BackupNotice(_ctx(services, attendant, said, scheduler.ops))
    qtbot.addWidget(notice)
    notice.watch(scheduler)
    notice.refresh()
    qtbot.waitUntil(lambda: notice.checked)
    assert not notice.isHidden() and notice.newest is None

    with qtbot.waitSignal(scheduler.backed_up, timeout=5000):
        scheduler.run_now()
    qtbot.waitUntil(lambda: notice.isHidden())  # a fresh, good backup: nothing to say

    scheduler.settings.setValue(SECOND_FOLDER_KEY, str(tmp_path / "gone"))
    with qtbot.waitSignal(scheduler.failed, timeout=5000):
        scheduler.run_now()
    qtbot.waitUntil(lambda: not notice.isHidden())
    assert str(tmp_path / "gone") in notice.text() and "2026-07-01 09:00" in notice.text()
