"""The Visits page driven as an attendant would: search, see the rows, export them.

Visits are made through the services with the FixedClock moved over three days
(2026-07-01 .. 07-03, Shanghai); the page then runs on the real temp database.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.models import AuditEvent, Visit
from resources import RESOURCES_DIR
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import StationError
from station_app.services import Services
from tests.conftest import TZ
from tests.ui.conftest import type_text
from ui.ops import Ops
from ui.pages.base import PageContext
from ui.pages.visit_search_model import COLUMNS, Look, VisitSearchModel, column_title
from ui.pages.visits_page import VisitsPage


@dataclass(frozen=True)
class Made:
    a: int  # 07-01 09:00 快递员
    b: int  # 07-01 09:10 快递员, member 小马, out at 09:40
    c: int  # 07-01 09:20 外卖骑手, voided
    d: int  # 07-02 14:00 外卖骑手, member "=1+1", 饮水 + 充电
    e: int  # 07-03 08:30 环卫工人 (today)
    ma_code: str


def at(clock: FixedClock, day: int, hour: int, minute: int) -> None:
    clock.set(datetime(2026, 7, day, hour, minute, tzinfo=TZ))


@pytest.fixture
def made(services: Services, clock: FixedClock, attendant: Actor) -> Made:
    v = services.visits
    ma = services.members.register(attendant, "快递员", nickname="小马")
    eq = services.members.register(attendant, "外卖骑手", nickname="=1+1")
    a = v.check_in(attendant, "快递员").id
    at(clock, 1, 9, 10)
    b = v.check_in(attendant, None, member_code=ma.code).id
    at(clock, 1, 9, 20)
    c = v.check_in(attendant, "外卖骑手").id
    v.undo_check_in(attendant, c)
    at(clock, 1, 9, 40)
    v.check_out(attendant, b)
    at(clock, 2, 14, 0)
    d = v.check_in(attendant, None, ["饮水", "充电"], member_code=eq.code).id
    at(clock, 3, 8, 30)
    e = v.check_in(attendant, "环卫工人").id
    at(clock, 3, 9, 0)
    return Made(a, b, c, d, e, ma.code)


@dataclass
class Said:
    lines: list[str]
    problems: list[StationError]


@pytest.fixture
def said() -> Said:
    return Said([], [])


@pytest.fixture
def ops() -> Iterator[Ops]:
    ops = Ops()
    yield ops
    ops.wait()


def make_page(
    qtbot: QtBot, services: Services, attendant: Actor, ops: Ops, said: Said, lang: str
) -> VisitsPage:
    ctx = PageContext(
        services=services,
        ops=ops,
        actor=lambda: attendant,
        lang=lambda: lang,
        say=said.lines.append,
        complain=said.problems.append,
    )
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


@pytest.fixture
def page(
    qtbot: QtBot, services: Services, attendant: Actor, made: Made, ops: Ops, said: Said, zh: str
) -> VisitsPage:
    page = make_page(qtbot, services, attendant, ops, said, zh)
    page.activated()
    qtbot.waitUntil(lambda: page.category_combo.count() > 1 and not ops.busy)
    return page


def voided_word() -> str:
    """The word the page shows for a voided visit, in the language installed."""
    return QCoreApplication.translate("VisitsPage", "Voided")


def shown_ids(page: VisitsPage) -> list[int]:
    return [v.id for v in page.model.visits()]


def click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def search(qtbot: QtBot, page: VisitsPage, ops: Ops) -> None:
    click(qtbot, page.search_button)
    qtbot.waitUntil(lambda: not ops.busy and page.search_button.isEnabled())


def choose_category(page: VisitsPage, name: str) -> None:
    index = page.category_combo.findText(name)
    assert index > 0, name
    page.category_combo.setCurrentIndex(index)


def audit_count(services: Services) -> int:
    with services.ctx.read() as uow:
        return uow.session.scalar(select(func.count(AuditEvent.id))) or 0


# --------------------------------------------------------------------------- search


def test_opening_the_page_shows_today_and_every_category(page: VisitsPage, made: Made) -> None:
    assert page.start_edit.date() == QDate(2026, 7, 3) == page.end_edit.date()
    assert shown_ids(page) == [made.e]
    names = [page.category_combo.itemText(i) for i in range(page.category_combo.count())]
    assert names[1:4] == ["快递员", "外卖骑手", "环卫工人"] and len(names) == 10
    assert page.category_combo.currentData() is None


def test_search_by_range_category_and_member(
    qtbot: QtBot, page: VisitsPage, ops: Ops, made: Made
) -> None:
    page.start_edit.setDate(QDate(2026, 7, 1))
    search(qtbot, page, ops)
    assert shown_ids(page) == [made.e, made.d, made.c, made.b, made.a]
    model = page.model
    voided = model.column_of("voided")
    assert [model.index(r, voided).data() for r in range(5)] == ["", "", voided_word(), "", ""]
    member = model.column_of("member")
    assert model.index(1, member).data() == "=***"  # masked, never the whole nickname
    assert model.index(3, member).data() == "小*"
    assert model.index(3, model.column_of("minutes")).data() == "30"
    assert model.index(3, model.column_of("in")).data() == "2026-07-01 09:10"
    assert model.index(3, model.column_of("out")).data() == "09:40"
    assert model.index(3, model.column_of("attendant")).data() == "李师傅"
    assert model.index(1, model.column_of("services")).data() == "饮水、充电"
    assert "5" in page.summary_label.text() and "1" in page.summary_label.text()

    choose_category(page, "快递员")
    search(qtbot, page, ops)
    assert shown_ids(page) == [made.b, made.a]

    type_text(qtbot, page.member_edit, "马")
    search(qtbot, page, ops)
    assert shown_ids(page) == [made.b]

    page.category_combo.setCurrentIndex(0)  # all visitors
    page.member_edit.clear()
    type_text(qtbot, page.member_edit, made.ma_code.lower())
    qtbot.keyClick(page.member_edit, Qt.Key.Key_Return)  # Enter searches too
    qtbot.waitUntil(lambda: not ops.busy and shown_ids(page) == [made.b])

    page.member_edit.clear()
    page.end_edit.setDate(QDate(2026, 7, 1))
    search(qtbot, page, ops)
    assert shown_ids(page) == [made.c, made.b, made.a]


def test_a_date_is_picked_on_the_calendar(
    qtbot: QtBot, page: VisitsPage, ops: Ops, made: Made
) -> None:
    click(qtbot, page.start_pick)
    assert page.calendar.isVisible() and page.calendar.selectedDate() == QDate(2026, 7, 3)
    page.calendar.setSelectedDate(QDate(2026, 7, 2))
    page.calendar.clicked.emit(QDate(2026, 7, 2))  # a tap on the 2nd
    assert not page.calendar.isVisible()
    assert page.start_edit.date() == QDate(2026, 7, 2) and page.end_edit.date() == QDate(2026, 7, 3)
    search(qtbot, page, ops)
    assert shown_ids(page) == [made.e, made.d]


def test_a_reversed_range_marks_the_end_date_red_until_corrected(
    qtbot: QtBot, page: VisitsPage, ops: Ops, made: Made, services: Services
) -> None:
    before = (audit_count(services), shown_ids(page))
    page.start_edit.setDate(QDate(2026, 7, 3))
    page.end_edit.setDate(QDate(2026, 7, 1))
    search(qtbot, page, ops)
    assert page.error_label.isVisible()
    assert "结束日期" in page.error_label.text()
    assert page.field_in_error() == "End date"
    assert page.end_edit.property("invalid") is True
    assert (audit_count(services), shown_ids(page)) == before
    page.end_edit.setDate(QDate(2026, 7, 4))  # corrected: the red and the reason go
    assert page.end_edit.property("invalid") is False
    assert page.field_in_error() is None and not page.error_label.isVisible()
    search(qtbot, page, ops)
    assert shown_ids(page) == [made.e]


def test_a_range_over_a_year_is_refused(qtbot: QtBot, page: VisitsPage, ops: Ops) -> None:
    page.start_edit.setDate(QDate(2025, 1, 1))
    search(qtbot, page, ops)
    assert page.field_in_error() == "End date" and "366" in page.error_label.text()


def test_the_buttons_wait_while_a_call_runs(
    qtbot: QtBot, page: VisitsPage, ops: Ops, made: Made
) -> None:
    gate = threading.Event()
    ops.run(lambda: gate.wait(10))  # another call holds the one worker
    page.start_edit.setDate(QDate(2026, 7, 1))
    click(qtbot, page.search_button)
    assert not page.search_button.isEnabled() and not page.export_button.isEnabled()
    click(qtbot, page.search_button)  # a second tap does not queue a second search
    gate.set()
    qtbot.waitUntil(lambda: page.search_button.isEnabled())
    assert shown_ids(page) == [made.e, made.d, made.c, made.b, made.a]
    assert page.export_button.isEnabled()


def test_reset_goes_back_to_today_and_forgets_the_member(
    qtbot: QtBot, page: VisitsPage, ops: Ops
) -> None:
    page.start_edit.setDate(QDate(2026, 7, 1))
    type_text(qtbot, page.member_edit, "小马")
    search(qtbot, page, ops)
    assert page.model.rowCount() == 1
    page.reset()
    assert page.member_edit.text() == "" and page.model.rowCount() == 0
    assert page.start_edit.date() == QDate(2026, 7, 3)
    page.activated()
    qtbot.waitUntil(lambda: not ops.busy and page.model.rowCount() == 1)


# --------------------------------------------------------------------------- export


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Where the exports go (tmp_path itself holds the database)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path, chosen: str = "") -> list[str]:
    asked: list[str] = []

    def fake(parent: Any, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(path), chosen or filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def export(qtbot: QtBot, page: VisitsPage, ops: Ops) -> None:
    with qtbot.waitSignal(ops.busy_changed, timeout=10_000, check_params_cb=lambda b: not b):
        click(qtbot, page.export_button)


def test_export_to_xlsx_writes_the_rows_shown(
    qtbot: QtBot,
    page: VisitsPage,
    ops: Ops,
    made: Made,
    said: Said,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.start_edit.setDate(QDate(2026, 7, 1))
    search(qtbot, page, ops)
    target = out / "来访.xlsx"
    asked = save_as(monkeypatch, target)
    export(qtbot, page, ops)
    assert asked and asked[0].endswith("_2026-07-01_2026-07-03.xlsx")
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == [column_title(c) for c in COLUMNS]  # headers as shown
    assert len(rows) == 1 + 5
    body = [[c.value for c in r] for r in rows[1:]]
    assert [r[3] for r in body] == ["环卫工人", "外卖骑手", "外卖骑手", "快递员", "快递员"]
    assert body[3][:3] == [datetime(2026, 7, 1, 9, 10), datetime(2026, 7, 1, 9, 40), 30]
    assert rows[4][0].is_date and rows[4][1].is_date
    assert body[1][4] == "饮水、充电" and body[3][5] == "小*" and body[3][6] == "李师傅"
    eq = rows[2][5]
    assert eq.value == "=***" and eq.data_type == "s" and eq.quotePrefix  # stays text
    assert [r[7] for r in body] == [None, None, voided_word(), None, None]
    assert said.lines and str(target) in said.lines[-1]
    assert str(target) in page.summary_label.text()
    assert not page.progress.isVisible() and page.export_button.isEnabled()


def test_export_to_csv_from_the_filter_chosen(
    qtbot: QtBot,
    page: VisitsPage,
    ops: Ops,
    made: Made,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.start_edit.setDate(QDate(2026, 7, 1))
    choose_category(page, "外卖骑手")
    search(qtbot, page, ops)
    save_as(monkeypatch, out / "riders", chosen="CSV (*.csv)")
    export(qtbot, page, ops)
    raw = (out / "riders.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[1] == ["2026-07-02 14:00", "", "", "外卖骑手", "饮水、充电", "'=***", "李师傅", ""]
    assert rows[2][0] == "2026-07-01 09:20" and rows[2][7] == voided_word()
    assert len(rows) == 3


def test_a_refused_file_is_named_under_the_form_and_nothing_is_written(
    qtbot: QtBot, page: VisitsPage, ops: Ops, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_as(monkeypatch, out / "visits.txt")
    export(qtbot, page, ops)
    assert page.error_label.isVisible() and "visits.txt" in page.error_label.text()
    assert list(out.iterdir()) == []


def test_nothing_to_export_before_a_search_finds_rows(
    qtbot: QtBot, page: VisitsPage, ops: Ops, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.start_edit.setDate(QDate(2026, 6, 1))
    page.end_edit.setDate(QDate(2026, 6, 2))
    search(qtbot, page, ops)
    asked = save_as(monkeypatch, out / "empty.xlsx")
    click(qtbot, page.export_button)
    assert asked == [] and list(out.iterdir()) == []
    assert page.summary_label.text() != ""


def test_an_export_can_be_cancelled_and_leaves_no_file(
    qtbot: QtBot,
    page: VisitsPage,
    ops: Ops,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.start_edit.setDate(QDate(2026, 7, 1))
    search(qtbot, page, ops)
    save_as(monkeypatch, out / "v.xlsx")
    gate = threading.Event()
    ops.run(lambda: gate.wait(10))  # the export waits behind another call
    click(qtbot, page.export_button)
    assert page.progress.isVisible() and page.cancel_button.isVisible()
    assert not page.export_button.isEnabled() and not page.search_button.isEnabled()
    click(qtbot, page.cancel_button)
    gate.set()
    qtbot.waitUntil(lambda: not ops.busy and page.export_button.isEnabled())
    assert list(out.iterdir()) == []
    assert not page.progress.isVisible() and not page.cancel_button.isVisible()


def test_a_big_export_reports_progress_and_keeps_the_window_answering(
    qtbot: QtBot,
    services: Services,
    attendant: Actor,
    clock: FixedClock,
    ops: Ops,
    said: Said,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for i in range(3000):
        clock.advance(seconds=10)  # 09:00 .. 17:20, all on 07-01
        services.visits.check_in(attendant, "快递员" if i % 2 else "外卖骑手")
    page = make_page(qtbot, services, attendant, ops, said, "en")
    page.activated()
    qtbot.waitUntil(lambda: not ops.busy and page.model.rowCount() == 3000)
    seen: list[int] = []
    page.export_progressed.connect(lambda done, total: seen.append(done))
    ticks: list[int] = []
    timer = qtbot_timer(ticks)
    save_as(monkeypatch, out / "big.xlsx")
    export(qtbot, page, ops)
    timer.stop()
    assert seen[0] == 250 and seen[-1] == 3000
    assert ticks  # the event loop ran while the file was written
    book = openpyxl.load_workbook(out / "big.xlsx", read_only=True)
    try:  # a read-only workbook keeps its file open until closed
        assert sum(1 for _ in book.active.iter_rows()) == 3001
    finally:
        book.close()
    with services.ctx.read() as uow:
        assert uow.session.scalar(select(func.count(Visit.id))) == 3000


def qtbot_timer(ticks: list[int]) -> Any:
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    return timer


# --------------------------------------------------------------------------- model


def test_the_model_passes_qtmodeltester_and_speaks_english(
    qtbot: QtBot,
    qtmodeltester: Any,
    services: Services,
    attendant: Actor,
    made: Made,
    ops: Ops,
    said: Said,
) -> None:
    page = make_page(qtbot, services, attendant, ops, said, "en")
    page.start_edit.setDate(QDate(2026, 7, 1))
    page.activated()
    qtbot.waitUntil(lambda: not ops.busy and page.model.rowCount() == 5)
    qtmodeltester.check(page.model)
    model = page.model
    assert model.index(1, model.column_of("category")).data() == "Delivery rider"
    assert model.index(1, model.column_of("services")).data() == "Drinking water, Charging"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "In"
    empty = VisitSearchModel(Look(to_local=services.ctx.local, lang="en"))
    qtmodeltester.check(empty)


def test_touch_targets_are_48px_high(qapp: QApplication, page: VisitsPage) -> None:
    qapp.setStyleSheet((RESOURCES_DIR / "kiosk.qss").read_text(encoding="utf-8"))
    try:
        page.adjustSize()
        page.resize(1100, 700)
        for w in (
            page.search_button,
            page.export_button,
            page.start_pick,
            page.today_button,
            page.start_edit,
            page.end_edit,
            page.category_combo,
            page.member_edit,
        ):
            assert w.height() >= 48, w
    finally:
        qapp.setStyleSheet("")
