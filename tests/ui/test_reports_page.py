"""The Reports page driven as a supervisor would: preview the month's log, cancel a long
one, print it, save it as PDF / Excel / CSV / district file, the year summary; an
attendant is kept out.

A few June days are recorded through the services with the FixedClock walked through
them (the station opened on 2026-06-01); the clock then stands at 2026-07-01 09:00 in
Shanghai, so the page's default month is June 2026. The figures the tests expect are
counted from the database with their own queries, not taken from the report service.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4, A6
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, select

from db.models import Visit
from resources import RESOURCES_DIR
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import StationError
from station_app.services import Services
from station_app.stations import StationInfo
from tests.conftest import SUPERVISOR_PIN, TZ
from ui.app import CJK_FONTS
from ui.feedback import fill
from ui.main_window import MainWindow
from ui.ops import Ops
from ui.pages.base import PageContext
from ui.pages.reports_page import ReportsPage
from ui.pdf_view import PdfView
from ui.printing import PrinterChoice, Printing, PrintSettings

STATION = "解放路爱心驿家"
JUNE_START = datetime(2026, 6, 1, tzinfo=TZ)
JULY_START = datetime(2026, 7, 1, tzinfo=TZ)


def at(clock: FixedClock, day: int, hour: int, minute: int = 0, month: int = 6) -> None:
    clock.set(datetime(2026, month, day, hour, minute, tzinfo=TZ))


@pytest.fixture
def june(services: Services, clock: FixedClock, supervisor: Actor, attendant: Actor) -> StationInfo:
    """Nine check-ins in June (one voided), a member, stock in and out, a relief
    handout, a cleaning record; one visit on July 1 that June must not count."""
    s = services
    at(clock, 2, 8)
    member = s.members.register(attendant, "快递员", nickname="小马")
    s.inventory.receive(supervisor, "矿泉水", 60, lot_code="W1", expires_on=date(2026, 12, 1))
    campaign = s.relief.create_campaign(
        supervisor, "2026 夏季送清凉", date(2026, 6, 1), date(2026, 9, 30), [("矿泉水", 2)]
    )
    taps = [
        (3, 9, "外卖骑手"),
        (3, 10, "快递员"),
        (5, 14, "环卫工人"),
        (9, 7, "外卖骑手"),
        (12, 12, "外卖骑手"),
        (18, 16, "环卫工人"),
        (25, 11, "快递员"),
    ]
    for day, hour, category in taps:
        at(clock, day, hour)
        visit = s.visits.check_in(attendant, category, services=["饮水"])
        at(clock, day, hour, 25)
        s.visits.check_out(attendant, visit.id)
    at(clock, 20, 10)
    s.visits.check_in(attendant, None, member_code=member.code)
    at(clock, 21, 15)
    wrong = s.visits.check_in(attendant, "快递员")
    s.visits.undo_check_in(attendant, wrong.id, "点错了")
    s.inventory.issue(attendant, "矿泉水", 3)
    at(clock, 22, 15)
    s.relief.hand_out(
        attendant, campaign.id, name="张三丰", phone_last4="8765", employer="市环卫所"
    )
    at(clock, 28, 18)
    s.records.record(attendant, "休息区", "地面拖洗", note="")
    at(clock, 1, 8, 30, month=7)
    s.visits.check_in(attendant, "快递员")  # July: not in June's log
    at(clock, 1, 9, month=7)
    return s.stations.profile()


def june_visits(services: Services) -> int:
    """June's visits as the database holds them: checked in in June, not voided."""
    with services.ctx.read() as uow:
        return int(
            uow.session.scalar(
                select(func.count(Visit.id)).where(
                    Visit.checked_in_at >= JUNE_START,
                    Visit.checked_in_at < JULY_START,
                    Visit.voided_at.is_(None),
                )
            )
            or 0
        )


def year_visits(services: Services, year: int) -> int:
    with services.ctx.read() as uow:
        return int(
            uow.session.scalar(
                select(func.count(Visit.id)).where(
                    Visit.checked_in_at >= datetime(year, 1, 1, tzinfo=TZ),
                    Visit.checked_in_at < datetime(year + 1, 1, 1, tzinfo=TZ),
                    Visit.voided_at.is_(None),
                )
            )
            or 0
        )


def pdf_text(data: bytes) -> list[str]:
    """Each page's text, read back by PDFium."""
    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


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
    qtbot: QtBot,
    services: Services,
    actor: Actor,
    ops: Ops,
    said: Said,
    lang: str,
    printing: Printing | None = None,
) -> ReportsPage:
    ctx = PageContext(
        services=services,
        ops=ops,
        actor=lambda: actor,
        lang=lambda: lang,
        say=said.lines.append,
        complain=said.problems.append,
        printing=printing,
    )
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.activated()
    return page


@pytest.fixture
def page(
    qtbot: QtBot,
    services: Services,
    supervisor: Actor,
    june: StationInfo,
    ops: Ops,
    said: Said,
    zh: str,
) -> Iterator[ReportsPage]:
    page = make_page(qtbot, services, supervisor, ops, said, zh)
    yield page
    page.cancel()
    page.report_ops.wait()


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def settle(qtbot: QtBot, page: ReportsPage) -> None:
    qtbot.waitUntil(lambda: not page.running(), timeout=30_000)


def preview(qtbot: QtBot, page: ReportsPage) -> None:
    click(qtbot, page.preview_button)
    settle(qtbot, page)


def choose_format(page: ReportsPage, kind: str) -> None:
    page.format_combo.setCurrentIndex(page.format_combo.findData(kind))


def answer_save_dialog(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The save dialog answers ``path``; returns the file names it suggested."""
    suggested: list[str] = []

    def ask(parent: Any, caption: str, where: str, filters: str) -> tuple[str, str]:
        suggested.append(where)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    return suggested


class Hold:
    """Holds the worker at the first progress of the document being made, until the
    test lets it go: the test can then act while the report is half made."""

    def __init__(self, page: ReportsPage) -> None:
        self.page = page
        self.reached = threading.Event()
        self.released = threading.Event()
        self.calls = 0
        page.progressed.connect(self._progress, Qt.ConnectionType.DirectConnection)

    def _progress(self, done: int, total: int) -> None:  # on the worker thread
        self.calls += 1
        if not self.reached.is_set():
            self.reached.set()
            self.released.wait(20)

    def release(self) -> None:
        self.released.set()  # still counting the calls after it


# --------------------------------------------------------------------------- preview


def test_the_form_starts_at_last_month_with_every_part_in_the_windows_language(
    page: ReportsPage,
) -> None:
    assert page.chosen_month().year == 2026 and page.chosen_month().month == 6
    assert page.year_combo.currentText() == "2026" and page.month_combo.currentText() == "六月"
    assert page.chosen_parts() == ("summary", "register", "stock", "roster", "cleaning")
    assert page.chosen_lang() == "zh"
    assert not page.print_button.isVisible()  # no printing in this window
    assert not page.save_button.isEnabled()  # nothing shown yet
    assert page.viewer.page_count() == 0


def test_preview_shows_the_months_log_with_the_databases_figures(
    qtbot: QtBot, page: ReportsPage, services: Services
) -> None:
    with qtbot.waitSignal(page.shown, timeout=30_000) as shown:
        click(qtbot, page.preview_button)
        assert page.running() and not page.preview_button.isEnabled()
        assert page.progress.isVisible() and page.cancel_button.isVisible()
    settle(qtbot, page)
    shown_doc = page.shown_document()
    assert shown_doc is not None
    texts = pdf_text(shown_doc.pdf)
    assert shown.args == [len(texts)] and page.viewer.page_count() == len(texts) >= 3
    whole = "\n".join(texts)
    assert STATION in texts[0] and "2026年6月" in texts[0] and "王站长" in texts[0]
    expected = june_visits(services)
    assert expected == 8
    found = re.search(r"来访人次\s*(\d+)", whole)
    assert found is not None and int(found[1]) == expected
    assert "本月无来访记录" not in whole
    # The viewer drew the first page, with ink on it, and names the page in sight.
    image = page.viewer.page_image(0)
    assert image is not None and image.width() > 300
    assert _dark_pixels(image) > 500
    pages = page.viewer.page_count()
    label = fill(QCoreApplication.translate("PdfView", "Page %1 of %2"), 1, pages)
    assert page.viewer.page_label.text() == label
    assert page.print_button.isHidden() and page.save_button.isEnabled()
    assert not page.progress.isVisible() and not page.cancel_button.isVisible()


def test_an_english_document_from_a_chinese_window(
    qtbot: QtBot, page: ReportsPage, services: Services
) -> None:
    page.lang_combo.setCurrentIndex(page.lang_combo.findData("en"))
    for name in ("register", "stock", "roster", "cleaning"):
        page.part_boxes[name].setChecked(False)
    preview(qtbot, page)
    shown = page.shown_document()
    assert shown is not None and shown.parts == ("summary",)
    whole = "\n".join(pdf_text(shown.pdf))
    assert "Monthly log" in whole and "June 2026" in whole and "月度台账" not in whole
    found = re.search(r"Visits\s*(\d+)", whole)
    assert found is not None and int(found[1]) == june_visits(services)
    assert "Visit register" not in whole


def test_a_month_in_the_future_is_refused_and_nothing_is_shown(
    qtbot: QtBot, page: ReportsPage
) -> None:
    page.month_combo.setCurrentIndex(7)  # August 2026, on 2026-07-01
    preview(qtbot, page)
    assert page.error_label.isVisible()
    assert "2026-08" in page.error_label.text() and "还没到" in page.error_label.text()
    assert page.field_in_error() == "Month"
    assert page.month_combo.property("invalid") is True
    assert page.year_combo.property("invalid") is True
    assert page.viewer.page_count() == 0 and page.shown_document() is None
    page.month_combo.setCurrentIndex(6)  # July: corrected, the red goes
    assert page.field_in_error() is None and not page.error_label.isVisible()
    preview(qtbot, page)
    assert page.viewer.page_count() >= 1 and not page.error_label.isVisible()


def test_a_log_with_no_part_is_refused_naming_the_parts(qtbot: QtBot, page: ReportsPage) -> None:
    for box in page.part_boxes.values():
        box.setChecked(False)
    preview(qtbot, page)
    assert page.field_in_error() == "Parts" and page.parts_frame.property("invalid") is True
    assert "组成部分" in page.error_label.text()
    assert page.viewer.page_count() == 0
    page.part_boxes["summary"].setChecked(True)
    assert page.field_in_error() is None


def test_print_and_save_act_only_on_what_the_form_still_says(
    qtbot: QtBot, page: ReportsPage
) -> None:
    preview(qtbot, page)
    assert page.save_button.isEnabled()
    page.month_combo.setCurrentIndex(4)  # May: the June log shown is not what is asked
    assert not page.save_button.isEnabled() and page.shown_document() is None
    assert "preview again" in page.status_label.text() or "重新预览" in page.status_label.text()
    page.month_combo.setCurrentIndex(5)
    assert page.save_button.isEnabled() and page.shown_document() is not None
    page.part_boxes["stock"].setChecked(False)
    assert not page.save_button.isEnabled()


# --------------------------------------------------------------------------- cancel


def test_cancel_stops_a_preview_half_made(qtbot: QtBot, page: ReportsPage) -> None:
    hold = Hold(page)
    try:
        click(qtbot, page.preview_button)
        assert hold.reached.wait(30)
        click(qtbot, page.cancel_button)
        assert not page.cancel_button.isEnabled()
    finally:
        hold.release()
    settle(qtbot, page)
    assert hold.calls == 1  # it stopped at the next piece, not at the end
    assert page.viewer.page_count() == 0 and page.shown_document() is None
    cancelled = QCoreApplication.translate("ReportsPage", "Cancelled: nothing was made.")
    assert page.status_label.text() == cancelled
    assert not page.error_label.isVisible()
    assert page.preview_button.isEnabled()


def test_cancel_stops_a_save_and_leaves_no_file(
    qtbot: QtBot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    preview(qtbot, page)
    out = tmp_path / "out"
    out.mkdir()
    answer_save_dialog(monkeypatch, out / "june.pdf")
    choose_format(page, "pdf")
    hold = Hold(page)
    try:
        click(qtbot, page.save_button)
        assert hold.reached.wait(30)
        click(qtbot, page.cancel_button)
    finally:
        hold.release()
    settle(qtbot, page)
    assert list(out.iterdir()) == []  # no PDF, no district file, no half-written part
    cancelled = QCoreApplication.translate("ReportsPage", "Cancelled: no file was written.")
    assert page.status_label.text() == cancelled
    assert said.lines == [] and said.problems == []


def test_a_report_being_made_does_not_hold_the_kiosks_check_ins(
    qtbot: QtBot, page: ReportsPage, services: Services, attendant: Actor
) -> None:
    hold = Hold(page)
    done: list[int] = []
    try:
        click(qtbot, page.preview_button)
        assert hold.reached.wait(30)
        # The report is half made (its worker held): a check-in on the window's worker
        # goes through all the same.
        page.ctx.ops.run(lambda: services.visits.check_in(attendant, "快递员").id, done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=5_000)
    finally:
        hold.release()
    settle(qtbot, page)
    assert page.viewer.page_count() >= 1
    assert done[0] in [v.id for v in services.visits.visits_on(date(2026, 7, 1))]


# --------------------------------------------------------------------------- save


def test_save_writes_the_pdf_with_its_district_file_and_the_xlsx(
    qtbot: QtBot,
    page: ReportsPage,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    said: Said,
) -> None:
    preview(qtbot, page)
    out = tmp_path / "out"
    out.mkdir()
    suggested = answer_save_dialog(monkeypatch, out / "june.pdf")
    choose_format(page, "pdf")
    with qtbot.waitSignal(page.saved, timeout=30_000) as saved:
        click(qtbot, page.save_button)
    settle(qtbot, page)
    pdf, district = out / "june.pdf", out / "JFL01-2026-06.json"
    assert saved.args == [[str(pdf), str(district)]]
    assert Path(suggested[0]).name == "JFL01-2026-06.pdf"
    texts = pdf_text(pdf.read_bytes())
    assert STATION in texts[0]
    assert len(texts) == page.viewer.page_count()
    figures = json.loads(district.read_text(encoding="utf-8"))
    assert figures["month"] == "2026-06" and figures["visits"]["total"] == june_visits(services)
    assert str(pdf) in page.status_label.text() and str(district) in page.status_label.text()
    assert said.lines and str(pdf) in said.lines[-1]

    answer_save_dialog(monkeypatch, out / "june")  # no suffix typed: .xlsx is added
    choose_format(page, "xlsx")
    with qtbot.waitSignal(page.saved, timeout=30_000) as saved:
        click(qtbot, page.save_button)
    settle(qtbot, page)
    xlsx = out / "june.xlsx"
    assert saved.args == [[str(xlsx)]]
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert book.sheetnames[:2] == ["汇总", "每日来访"]
    rows = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert rows["来访人次"] == june_visits(services)
    book.close()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["june.pdf", "june.xlsx", "JFL01-2026-06.json"]
    )


def test_save_csv_files_into_a_folder_and_the_district_file_alone(
    qtbot: QtBot,
    page: ReportsPage,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("stock", "roster", "cleaning"):
        page.part_boxes[name].setChecked(False)
    preview(qtbot, page)
    folder = tmp_path / "csv"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *args: str(folder))
    )
    choose_format(page, "csv")
    with qtbot.waitSignal(page.saved, timeout=30_000):
        click(qtbot, page.save_button)
    settle(qtbot, page)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        f"JFL01-2026-06-{key}.csv" for key in ("summary", "by-day", "by-hour", "register")
    )
    register = (folder / "JFL01-2026-06-register.csv").read_bytes()
    assert register.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    rows = list(csv.reader(io.StringIO(register.decode("utf-8-sig"))))
    assert len(rows) - 1 == june_visits(services) + 1  # the voided one is listed, marked

    district = tmp_path / "district.json"
    answer_save_dialog(monkeypatch, district)
    choose_format(page, "json")
    with qtbot.waitSignal(page.saved, timeout=30_000):
        click(qtbot, page.save_button)
    settle(qtbot, page)
    assert json.loads(district.read_text(encoding="utf-8"))["station"]["code"] == "JFL01"


def test_a_folder_that_does_not_exist_is_refused_and_nothing_is_written(
    qtbot: QtBot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview(qtbot, page)
    out = tmp_path / "out"
    out.mkdir()
    answer_save_dialog(monkeypatch, out / "gone" / "june.pdf")
    choose_format(page, "pdf")
    click(qtbot, page.save_button)
    settle(qtbot, page)
    assert page.error_label.isVisible() and "文件夹不存在" in page.error_label.text()
    assert str(out / "gone") in page.error_label.text()
    assert list(out.iterdir()) == []
    assert page.save_button.isEnabled()  # the log is still shown: choose another place


def test_a_folder_that_cannot_be_written_is_refused_naming_the_file(
    qtbot: QtBot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview(qtbot, page)
    if os.geteuid() == 0:  # root writes anywhere a mode allows: sysfs refuses new files
        target = Path("/sys/june.xlsx")
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        target = folder / "june.xlsx"
    answer_save_dialog(monkeypatch, target)
    choose_format(page, "xlsx")
    click(qtbot, page.save_button)
    settle(qtbot, page)
    assert page.error_label.isVisible()
    assert str(target) in page.error_label.text() and "只读" in page.error_label.text()
    assert not target.exists() and not list(target.parent.glob(".june*"))


# --------------------------------------------------------------------------- year


def test_the_year_summary_is_made_shown_and_saved(
    qtbot: QtBot,
    page: ReportsPage,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with qtbot.waitSignal(page.shown, timeout=30_000):
        click(qtbot, page.year_button)
    settle(qtbot, page)
    shown = page.shown_document()
    assert shown is not None and shown.summary is not None
    whole = "\n".join(pdf_text(shown.pdf))
    assert "2026 年度汇总" in whole and STATION in whole
    total = year_visits(services, 2026)
    assert total == 9  # June's eight and July's one
    assert re.search(rf"合计\s*{total}\b", whole) is not None
    # The year has no CSV or district file.
    model = page.format_combo.model()
    assert not model.item(page.format_combo.findData("csv")).isEnabled()  # type: ignore[attr-defined]
    assert model.item(page.format_combo.findData("xlsx")).isEnabled()  # type: ignore[attr-defined]
    answer_save_dialog(monkeypatch, tmp_path / "year.xlsx")
    choose_format(page, "xlsx")
    with qtbot.waitSignal(page.saved, timeout=30_000):
        click(qtbot, page.save_button)
    settle(qtbot, page)
    book = openpyxl.load_workbook(tmp_path / "year.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[-1][:2] == ("合计", total)
    assert [r[1] for r in rows[1:-1]] == [0, 0, 0, 0, 0, 8, 1]


# --------------------------------------------------------------------------- print


class FilePrinters:
    """A printer factory writing each job to a PDF file, as a spooler would get it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[Path] = []

    def __call__(self, choice: PrinterChoice) -> QPrinter:
        path = self.folder / f"job-{len(self.files) + 1}.pdf"
        self.files.append(path)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(72)
        return printer


def test_print_sends_the_log_shown_to_the_chosen_printer(
    qtbot: QtBot,
    services: Services,
    supervisor: Actor,
    june: StationInfo,
    ops: Ops,
    said: Said,
    zh: str,
    tmp_path: Path,
) -> None:
    settings = PrintSettings(tmp_path / "kiosk.ini")
    settings.save(PrinterChoice("", "a4"))
    printers = FilePrinters(tmp_path)
    printing = Printing(settings, "zh_CN", None, printer_factory=printers, show_failures=False)
    page = make_page(qtbot, services, supervisor, ops, said, zh, printing)
    try:
        assert page.print_button.isVisible() and not page.print_button.isEnabled()
        for name in ("register", "roster", "cleaning"):
            page.part_boxes[name].setChecked(False)
        preview(qtbot, page)
        pages = page.viewer.page_count()
        with qtbot.waitSignal(printing.printed, timeout=30_000) as printed:
            click(qtbot, page.print_button)
        title, printed_pages = printed.args
        assert printed_pages == pages and "2026年6月" in title
        (job,) = printers.files
        assert len(pdf_text(job.read_bytes())) == pages
        assert said.lines and title in said.lines[-1]
    finally:
        page.report_ops.wait()


# --------------------------------------------------------------------------- who


def test_an_attendant_cannot_open_the_page_nor_make_a_report(
    qtbot: QtBot,
    services: Services,
    attendant: Actor,
    june: StationInfo,
    ops: Ops,
    said: Said,
    zh: str,
) -> None:
    assert ReportsPage.supervisor_only is True
    w = MainWindow(services, attendant, zh)
    qtbot.addWidget(w)
    reports = ReportsPage(w.page_context)
    w.add_page("reports", reports)
    w.show()
    qtbot.waitUntil(lambda: not w.ops.busy)
    assert w.side_bar.is_locked("reports")
    qtbot.mouseClick(w.side_bar.buttons["reports"], Qt.MouseButton.LeftButton)
    dialog = w.supervisor_dialog
    assert dialog is not None and dialog.isVisible()
    assert w.pages.currentWidget() is not reports  # asks for a supervisor's PIN first
    qtbot.keyClicks(dialog.pin_edit, SUPERVISOR_PIN)
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is reports)
    assert reports.ctx.actor().is_supervisor

    # Built for an attendant all the same (a page kept open across a change of shift):
    # the page itself refuses, and nothing is read.
    page = make_page(qtbot, services, attendant, ops, said, zh)
    click(qtbot, page.preview_button)
    assert not page.running() and page.viewer.page_count() == 0
    assert "负责人" in page.error_label.text()
    click(qtbot, page.year_button)
    assert not page.running() and page.viewer.page_count() == 0


# --------------------------------------------------------------------------- looks


def test_the_page_in_chinese_at_1280_by_800(
    qtbot: QtBot, page: ReportsPage, qapp: QApplication, tmp_path: Path
) -> None:
    font, sheet = qapp.font(), qapp.styleSheet()
    styled = QFont(font)
    styled.setFamilies([*CJK_FONTS, font.family()])
    qapp.setFont(styled)
    qapp.setStyleSheet((RESOURCES_DIR / "kiosk.qss").read_text(encoding="utf-8"))
    try:
        page.resize(1280, 800)
        preview(qtbot, page)
        qtbot.wait(50)
        shot = tmp_path / "reports-page.png"
        assert page.grab().save(str(shot))
        image = QImage(str(shot))
        assert image.width() == 1280 and image.height() == 800
        for button in (page.preview_button, page.year_button, page.save_button):
            assert button.height() >= 48
            assert button.width() >= button.sizeHint().width()  # its text is not cut
        for box in page.part_boxes.values():
            assert box.width() >= box.sizeHint().width()
        assert page.viewer.height() > 350  # the pages get most of the page
        assert page.viewer.page_image(0) is not None
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setFont(font)


# --------------------------------------------------------------------------- the viewer


def three_pages() -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    for n in (1, 2):
        canvas.setFont("Helvetica", 40)
        canvas.drawString(100, 700, f"Page {n}")
        canvas.showPage()
    canvas.setPageSize(A6)
    canvas.drawString(40, 300, "Small")
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def test_the_viewer_steps_through_pages_and_draws_only_those_in_sight(
    qtbot: QtBot, qapp: QApplication
) -> None:
    view = PdfView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    assert view.page_count() == 0 and view.current_page() == 0
    assert view.page_label.text() == "" and not view.next_button.isEnabled()
    with qtbot.waitSignal(view.page_changed) as changed:
        assert view.set_pdf(three_pages()) == 3
    assert changed.args == [1, 3]
    qtbot.waitUntil(lambda: view.drawn_pages() == [0])  # only the page in sight was drawn
    image = view.page_image(0)
    assert image is not None and _dark_pixels(image) > 100
    assert not view.previous_button.isEnabled() and view.next_button.isEnabled()

    click(qtbot, view.next_button)
    assert view.current_page() == 2
    assert view.page_label.text() == fill(
        QCoreApplication.translate("PdfView", "Page %1 of %2"), 2, 3
    )
    view.go_to(3)
    assert view.current_page() == 3 and not view.next_button.isEnabled()
    # The small last page is drawn as much smaller as it is.
    small, large = view.page_image(2), view.page_image(0)
    assert small is not None and large is not None and small.width() < large.width() * 0.6

    view.set_whole_pages(True)
    assert view.current_page() == 3
    viewport = view.area.viewport()
    assert view._rects[0].height() <= viewport.height()  # a whole A4 page in sight
    view.go_to(1)
    assert view.current_page() == 1

    with pytest.raises(pdfium.PdfiumError):
        view.set_pdf(b"not a pdf")
    assert view.page_count() == 0 and view.page_label.text() == ""


def _dark_pixels(image: QImage) -> int:
    """Pixels darker than light grey, on a coarse grid (ink on the page)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    line = gray.bytesPerLine()
    data = bytes(gray.constBits())
    return sum(
        1
        for y in range(0, gray.height(), 2)
        for value in data[y * line : y * line + gray.width() : 2]
        if value < 160
    )
