"""The window's printouts: a visit slip from the register (and at check-in, as the kiosk
is set), printed through Qt's print system into a PDF file, its QR read back by zbarimg
and scanned to check the visitor out; a failing printer loses nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.models import Visit
from station_app.context import Actor
from station_app.services import Services
from tests.ui.conftest import type_text
from tests.ui.test_dialogs import Ticks
from tests.ui.test_printing import decode_qr, need_tools, page_sizes_mm, rasterise
from ui.main_window import MainWindow
from ui.printing import PrinterChoice, PrintFailed, Printing, PrintSettings
from ui.voucher_issue_dialog import VoucherIssueDialog


class FilePrinters:
    """A printer factory writing each job to its own PDF file, as a spooler receives it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[Path] = []

    def __call__(self, choice: PrinterChoice) -> QPrinter:
        path = self.folder / f"job-{len(self.files) + 1}.pdf"
        self.files.append(path)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return printer


def broken_printer(choice: PrinterChoice) -> QPrinter:
    raise PrintFailed("打印机没有响应", "The printer does not answer")


def window_with(
    qtbot: QtBot, services: Services, actor: Actor, tmp_path: Path, factory, slip: str = "never"
) -> MainWindow:
    settings = PrintSettings(tmp_path / "kiosk.ini")
    settings.save(PrinterChoice("", "58mm"), visit_slip=slip)
    printing = Printing(settings, "zh_CN", None, printer_factory=factory, show_failures=False)
    w = MainWindow(services, actor, "zh_CN", printing=printing)
    qtbot.addWidget(w)
    w.show()
    settled(qtbot, w)
    return w


def settled(qtbot: QtBot, w: MainWindow) -> None:
    """Wait until the window's service calls are done (they run on its worker)."""
    qtbot.waitUntil(lambda: not w.ops.busy, timeout=10_000)


def visits(services: Services) -> int:
    with services.ctx.read() as uow:
        return int(uow.session.scalar(select(func.count(Visit.id))) or 0)


def test_a_slip_printed_from_the_register_scans_the_visitor_out(
    qtbot: QtBot, services: Services, attendant: Actor, tmp_path: Path, zh: str
) -> None:
    need_tools("pdftoppm", "zbarimg")
    printers = FilePrinters(tmp_path)
    w = window_with(qtbot, services, attendant, tmp_path, printers)
    with qtbot.waitSignal(w.checked_in):
        w.check_in_category(services.stations.categories()[0].id)
    visit = services.visits.visits_on(services.ctx.today())[0]
    assert w.slip_button.isEnabled()
    with qtbot.waitSignal(w.printing.printed, timeout=20_000):
        w.slip_button.click()
    (job,) = printers.files
    ((width, _height),) = page_sizes_mm(job)
    assert width == pytest.approx(58, abs=0.5)
    (png,) = rasterise(job, tmp_path / "job")
    text = decode_qr(png)
    assert text == services.scans.code_for_visit(visit.id)
    with qtbot.waitSignal(w.checked_out):
        w.handle_scan(text)
    assert not services.visits.visits_on(services.ctx.today())[0].inside
    assert not w.slip_button.isEnabled()  # nobody inside is selected now


def test_always_prints_a_slip_at_each_check_in(
    qtbot: QtBot, services: Services, attendant: Actor, tmp_path: Path, zh: str
) -> None:
    printers = FilePrinters(tmp_path)
    w = window_with(qtbot, services, attendant, tmp_path, printers, slip="always")
    with qtbot.waitSignal(w.printing.printed, timeout=20_000):
        w.check_in_category(services.stations.categories()[1].id)
    assert len(printers.files) == 1 and printers.files[0].stat().st_size > 1000


def test_a_failing_printer_keeps_the_check_in_and_says_so(
    qtbot: QtBot, services: Services, attendant: Actor, tmp_path: Path, zh: str
) -> None:
    w = window_with(qtbot, services, attendant, tmp_path, broken_printer, slip="always")
    with qtbot.waitSignal(w.printing.failed, timeout=20_000) as failed:
        w.check_in_category(services.stations.categories()[0].id)
    assert visits(services) == 1  # the visit is saved whatever the printer does
    assert "记录已保存" in failed.args[0]
    qtbot.waitUntil(lambda: "记录已保存" in w.notice.text())


def test_only_a_supervisor_opens_the_print_settings(
    qtbot: QtBot, services: Services, attendant: Actor, tmp_path: Path, zh: str
) -> None:
    w = window_with(qtbot, services, attendant, tmp_path, broken_printer)
    w.choose_printer()
    assert QApplication.activeModalWidget() is None
    assert "负责人" in w.notice.text()


def campaign_with_water(services: Services, supervisor: Actor) -> int:
    services.inventory.receive(supervisor, "矿泉水", 10, lot_code="W", expires_on=date(2027, 1, 1))
    return services.relief.create_campaign(
        supervisor, "送清凉", date(2026, 7, 1), date(2026, 8, 31), [("矿泉水", 2)]
    ).id


def loaded(qtbot: QtBot, dialog: VoucherIssueDialog) -> None:
    """The campaigns and categories are read on the worker: wait for them."""
    qtbot.waitUntil(lambda: dialog.choices is not None and not dialog.working, timeout=10_000)


def test_a_voucher_issued_in_the_window_prints_and_redeems(
    qtbot: QtBot, services: Services, supervisor: Actor, tmp_path: Path, zh: str
) -> None:
    need_tools("pdftoppm", "zbarimg")
    campaign = campaign_with_water(services, supervisor)
    printers = FilePrinters(tmp_path)
    w = window_with(qtbot, services, supervisor, tmp_path, printers)

    dialog = VoucherIssueDialog(services, supervisor, "zh_CN", w, ops=w.ops)
    assert not dialog.issue_button.isEnabled()  # until the campaigns are read
    loaded(qtbot, dialog)
    assert dialog.campaign.currentText() == "送清凉 (2026-07-01 – 2026-08-31)"
    assert dialog.issue_button.isEnabled() and dialog.no_campaign.isHidden()
    dialog.name.setText("张三")
    dialog.phone.setText("8765")
    with qtbot.waitSignal(dialog.issued, timeout=10_000) as issued:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    voucher = dialog.voucher
    assert voucher is not None and issued.args == [voucher] and dialog.error_label.isHidden()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [v.id for v in services.vouchers.of_campaign(campaign)] == [voucher.id]
    with qtbot.waitSignal(w.printing.printed, timeout=20_000):
        w._print(lambda: services.slips.voucher(voucher.id, "58mm"))
    (png,) = rasterise(printers.files[0], tmp_path / "voucher")
    code = decode_qr(png)
    assert code == voucher.code

    w.handle_scan(code)  # the printed voucher, scanned at the desk
    settled(qtbot, w)
    confirm = w.voucher_dialog
    assert confirm is not None and confirm.isVisible() and confirm.voucher.id == voucher.id
    with qtbot.waitSignal(w.handed_out, timeout=10_000):
        qtbot.mouseClick(confirm.hand_out_button, Qt.MouseButton.LeftButton)
    [handout] = services.relief.handouts(campaign)
    assert (handout.claimant, handout.phone_last4) == ("张三", "8765")

    empty = VoucherIssueDialog(services, supervisor, "zh_CN", w)
    loaded(qtbot, empty)
    empty.issue()  # no card, no name
    qtbot.waitUntil(lambda: not empty.working, timeout=10_000)
    assert empty.voucher is None and empty.field_in_error() == "Claimant name"
    assert len(services.vouchers.of_campaign(campaign)) == 1


def test_a_voucher_is_issued_after_another_program_lets_go_of_the_database(
    qtbot: QtBot,
    services: Services,
    supervisor: Actor,
    other_program: sqlite3.Connection,
    zh: str,
) -> None:
    campaign = campaign_with_water(services, supervisor)
    dialog = VoucherIssueDialog(services, supervisor, zh)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    loaded(qtbot, dialog)
    type_text(qtbot, dialog.name, "张三")
    dialog.phone.setText("8765")
    ticks = Ticks()
    other_program.execute("BEGIN IMMEDIATE")
    try:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
        assert dialog.working and dialog.working_label.text() == "正在核对…"
        assert not dialog.issue_button.isEnabled()
        dialog.issue()  # a second press while the first waits: no second voucher
        start = ticks.count
        qtbot.waitUntil(lambda: ticks.count >= start + 40, timeout=5000)
        assert dialog.isVisible() and dialog.voucher is None
        assert services.vouchers.of_campaign(campaign) == []
    finally:
        other_program.execute("COMMIT")
        ticks.stop()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15_000)
    assert dialog.voucher is not None
    [voucher] = services.vouchers.of_campaign(campaign)
    assert voucher.id == dialog.voucher.id

    # The same person again: refused under the form, nothing written.
    again = VoucherIssueDialog(services, supervisor, zh)
    qtbot.addWidget(again)
    loaded(qtbot, again)
    again.name.setText("张三")
    again.phone.setText("8765")
    again.issue()
    qtbot.waitUntil(lambda: not again.working, timeout=10_000)
    assert again.voucher is None and again.result() != QDialog.DialogCode.Accepted
    assert again.error_label.text().startswith(
        f"此人已有一张未使用的“送清凉”发放券（No. {voucher.id}"
    )
    assert len(services.vouchers.of_campaign(campaign)) == 1
