"""Automatic backups: verified copies in one or two folders, a record of each check,
rotation that keeps 14 daily and 12 monthly copies and never touches a file it did not make."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from station_app.backup import (
    KIND_AUTO,
    KIND_BEFORE_RESTORE,
    KIND_BEFORE_UPGRADE,
    KIND_DAMAGED,
    KIND_MANUAL,
    RECORD_SUFFIX,
    auto_backup,
    check_backup_folder,
    list_backups,
    newest_good_backup,
    restore_database,
    rotate_backups,
)
from station_app.config import sqlite_url
from station_app.errors import DatabaseProblem, InvalidInput
from tests.conftest import TZ

NOW = datetime(2026, 7, 1, 9, 0, tzinfo=TZ)


def _auto(folder: Path, at: datetime, content: bytes = b"not a database") -> Path:
    path = folder / f"station-{at:%Y%m%d-%H%M%S}-auto.db"
    path.write_bytes(content)
    return path


def test_rotation_keeps_14_days_and_12_months_and_what_it_did_not_make(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    made: list[Path] = []
    # Every day for 40 days at 03:00, and a later one at 08:00 on the last 20 days.
    for back in range(40):
        day = NOW - timedelta(days=back)
        made.append(_auto(folder, day.replace(hour=3)))
        if back < 20:
            made.append(_auto(folder, day.replace(hour=8)))
    # Before that: the 2nd and the 15th of each of 20 months (May 2026 back to Oct 2024).
    for back in range(1, 21):
        year, month = divmod(2026 * 12 + 6 - 1 - back, 12)
        for mday in (2, 15):
            made.append(_auto(folder, datetime(year, month + 1, mday, 3, 0, tzinfo=TZ)))
    # Not made by the rotation: by hand, before a restore, before an upgrade, damaged, others.
    theirs = [
        folder / "station-20250101-030000.db",
        folder / "station-before-restore-20250101-030000.db",
        folder / "station-before-0007-20240101-030000.db",
        folder / "station-before-restore-20240101-030000-damaged.db",
        folder / "station-20240101-030000-auto.db.part",
        folder / "notes.txt",
    ]
    for path in theirs:
        path.write_bytes(b"x")

    removed = rotate_backups(folder, NOW)

    daily = [date(2026, 7, 1) - timedelta(days=k) for k in range(14)]  # 1 July … 18 June
    expected = {f"station-{d:%Y%m%d}-080000-auto.db" for d in daily}
    expected |= {"station-20260531-030000-auto.db"}  # May: its newest, a daily one
    expected |= {
        f"station-{ym}15-030000-auto.db"  # the newest of each older month in the 12
        for ym in (
            "202604",
            "202603",
            "202602",
            "202601",
            "202512",
            "202511",
            "202510",
            "202509",
            "202508",
        )
    }
    left = {p.name for p in folder.iterdir()}
    assert left == expected | {p.name for p in theirs}
    assert len(expected) == 24
    assert sorted(removed) == sorted(p for p in made if p.name not in expected)
    assert all(not p.exists() for p in removed)
    # A second rotation at the same moment has nothing more to do.
    assert rotate_backups(folder, NOW) == []


def test_rotation_never_removes_the_newest_good_backup(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "backups"
    long_ago = datetime(2024, 1, 5, 3, 0, tzinfo=TZ)
    [good] = auto_backup(sqlite_url(db_path), [folder], long_ago)
    older = _auto(folder, long_ago - timedelta(days=40))
    newer_but_bad = _auto(folder, long_ago + timedelta(days=30))  # not a database

    removed = rotate_backups(folder, NOW)

    assert removed == sorted([older, newer_but_bad])
    assert good.path.exists() and _record(good.path).exists()
    assert newest_good_backup(folder, TZ) == (good.path, long_ago)


def test_rotation_prefers_a_checked_copy_and_keeps_one_dated_in_the_future(
    tmp_path: Path, db_path: Path
) -> None:
    folder = tmp_path / "backups"
    [checked] = auto_backup(sqlite_url(db_path), [folder], NOW.replace(hour=2))
    unchecked_later = _auto(folder, NOW.replace(hour=5))  # same day, no record of a check
    future = _auto(folder, NOW + timedelta(days=3))
    assert rotate_backups(folder, NOW) == [unchecked_later]
    assert checked.path.exists() and future.exists()
    with pytest.raises(InvalidInput):
        rotate_backups(folder, NOW, keep_daily=-1)


def _record(path: Path) -> Path:
    return path.with_name(path.name + RECORD_SUFFIX)


def test_auto_backup_into_two_folders_verified_with_a_record(tmp_path: Path, db_path: Path) -> None:
    backups, stick = tmp_path / "backups", tmp_path / "usb"
    stick.mkdir()
    seen: list[float] = []
    infos = auto_backup(sqlite_url(db_path), [backups, stick], NOW, progress=seen.append)

    assert [i.path for i in infos] == [
        backups / "station-20260701-090000-auto.db",
        stick / "station-20260701-090000-auto.db",
    ]
    assert seen[-1] == 1.0 and seen == sorted(seen)
    for info in infos:
        assert info.revision is not None and info.size_bytes == info.path.stat().st_size
        record = _record(info.path).read_text(encoding="utf-8")
        assert '"integrity_check": "ok"' in record and "2026-07-01T09:00:00+08:00" in record
        if os.name == "posix":
            assert info.path.stat().st_mode & 0o777 == 0o600
    assert newest_good_backup(stick, TZ) == (infos[1].path, NOW)
    [entry] = list_backups(backups, TZ)
    assert (entry.kind, entry.recorded, entry.taken_at) == (KIND_AUTO, True, NOW)

    # The copy restores: it is a real, complete database.
    restored = tmp_path / "restored.db"
    info = restore_database(sqlite_url(restored), infos[0].path, tmp_path / "safety", NOW)
    assert info.revision == infos[0].revision


def test_a_changed_backup_is_no_longer_good(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "backups"
    [first] = auto_backup(sqlite_url(db_path), [folder], NOW - timedelta(days=1))
    [second] = auto_backup(sqlite_url(db_path), [folder], NOW)
    data = bytearray(second.path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte on a tired USB stick
    second.path.write_bytes(bytes(data))

    assert newest_good_backup(folder, TZ) == (first.path, NOW - timedelta(days=1))
    first.path.unlink()
    assert newest_good_backup(folder, TZ) is None


def test_a_copy_without_record_counts_when_it_passes_the_check(
    tmp_path: Path, db_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    by_hand = folder / "station-20260630-120000.db"
    by_hand.write_bytes(db_path.read_bytes())
    (folder / "station-20260701-080000.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert newest_good_backup(folder, TZ) == (by_hand, datetime(2026, 6, 30, 12, tzinfo=TZ))
    kinds = {e.path.name: (e.kind, e.recorded) for e in list_backups(folder, TZ)}
    assert kinds == {
        "station-20260630-120000.db": (KIND_MANUAL, False),
        "station-20260701-080000.db": (KIND_MANUAL, False),
    }


def test_list_backups_tells_the_kinds_apart(tmp_path: Path) -> None:
    for name in (
        "station-20260701-090000-auto.db",
        "station-20260701-090000-2-auto.db",
        "station-before-restore-20260630-090000.db",
        "station-before-restore-20260630-090000-damaged.db",
        "station-before-0007-20260629-090000.db",
        "station-20260628-090000.db",
        "station-20260628-090000.db.verified.json",
        "readme.txt",
    ):
        (tmp_path / name).write_bytes(b"x")
    shown = [(e.path.name, e.kind) for e in list_backups(tmp_path, TZ)]
    assert shown == [
        ("station-20260701-090000-auto.db", KIND_AUTO),
        ("station-20260701-090000-2-auto.db", KIND_AUTO),
        ("station-before-restore-20260630-090000.db", KIND_BEFORE_RESTORE),
        ("station-before-restore-20260630-090000-damaged.db", KIND_DAMAGED),
        ("station-before-0007-20260629-090000.db", KIND_BEFORE_UPGRADE),
        ("station-20260628-090000.db", KIND_MANUAL),
    ]
    assert list_backups(tmp_path / "missing", TZ) == []


def test_auto_backup_rotates_each_folder(tmp_path: Path, db_path: Path) -> None:
    backups, stick = tmp_path / "backups", tmp_path / "usb"
    backups.mkdir()
    stick.mkdir()
    stale = [_auto(backups, NOW - timedelta(days=400)), _auto(stick, NOW - timedelta(days=500))]
    kept_manual = backups / "station-20240101-030000.db"
    kept_manual.write_bytes(b"x")
    auto_backup(sqlite_url(db_path), [backups, stick], NOW)
    assert not any(p.exists() for p in stale) and kept_manual.exists()


def test_a_missing_second_folder_is_reported_and_the_first_backup_kept(
    tmp_path: Path, db_path: Path
) -> None:
    backups, stick = tmp_path / "backups", tmp_path / "usb-not-plugged-in"
    with pytest.raises(DatabaseProblem) as caught:
        auto_backup(sqlite_url(db_path), [backups, stick], NOW)
    assert caught.value.field == "second_folder"
    assert str(stick) in caught.value.zh and "U 盘插好了吗" in caught.value.zh
    assert "Backed up to: " + str(backups / "station-20260701-090000-auto.db") in caught.value.en
    assert not stick.exists()  # never made on the disk in its place
    assert newest_good_backup(backups, TZ) is not None


def test_a_cancelled_backup_leaves_no_file(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "backups"
    with pytest.raises(DatabaseProblem) as caught:
        auto_backup(sqlite_url(db_path), [folder], NOW, should_stop=lambda: True)
    assert "取消" in caught.value.zh and "cancelled" in caught.value.en
    assert list(folder.iterdir()) == []


def test_backup_folder_refusals(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_backup_folder(tmp_path / "nowhere")
    assert caught.value.field == "second_folder" and "does not exist" in caught.value.en

    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(InvalidInput, match="不是文件夹"):
        check_backup_folder(a_file)

    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        with pytest.raises(InvalidInput) as caught:
            check_backup_folder(read_only)
        assert "read-only" in caught.value.en and "只读" in caught.value.zh
        assert list(read_only.iterdir()) == []  # the write test left nothing behind
    finally:
        read_only.chmod(0o755)

    with pytest.raises(InvalidInput, match="备份文件夹本身"):
        check_backup_folder(tmp_path, not_in=tmp_path)
    with pytest.raises(InvalidInput, match="请选择"):
        check_backup_folder("  ")
    assert check_backup_folder(str(tmp_path)) == tmp_path
