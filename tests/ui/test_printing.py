"""Printing through Qt's print system: PDF pages rasterised with PDFium and painted on a QPrinter.

The printer here is a ``QPrinter`` writing a PDF file; what it wrote is read back with
PDFium (page count and size), rendered with poppler's ``pdftoppm`` at a thermal printer's
203 dpi, compared with the same render of the slip itself, and its QR code decoded by
``zbarimg``.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat
from PySide6.QtCore import QSettings, Qt, QThread, QThreadPool
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from resources import RESOURCES_DIR
from ui.printer_dialog import TOUCH_HEIGHT, PrinterDialog
from ui.printing import (
    UNEXPECTED,
    PrintCancelled,
    PrinterChoice,
    PrintFailed,
    Printing,
    PrintJob,
    PrintSettings,
    SettingsNotSaved,
    make_preview,
    make_printer,
    print_pdf,
    render_dpi,
)

SLIP_W_MM, SLIP_H_MM = 58.0, 120.0
CARD_W_MM, CARD_H_MM = 85.6, 54.0
QR_TEXTS = ("V1.42.JFL01.7Q3XK", "M1.7.JFL01.P9Z2A")
THERMAL_DPI = 203


def chinese_font() -> str:
    """Register WenQuanYi Micro Hei (face 0 of the .ttc) with reportlab; its name."""
    found = sorted(Path("/usr/share/fonts").rglob("wqy-microhei.ttc"))
    if not found:
        pytest.skip("the Chinese test font wqy-microhei.ttc is not installed (fonts-wqy-microhei)")
    name = "WQYMicroHei-test"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(found[0]), subfontIndex=0))
    return name


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    widget = QrCodeWidget(text)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def slip_pdf(*, card_second: bool = False) -> bytes:
    """Two 58 × 120 mm slips, each with Chinese text and a QR code; with ``card_second`` the
    second page is a CR80 card (85.6 × 54 mm, landscape) instead."""
    font = chinese_font()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(SLIP_W_MM * mm, SLIP_H_MM * mm))
    canvas.setFont(font, 11)
    canvas.drawString(4 * mm, 110 * mm, "解放路爱心驿家 签到凭条")
    canvas.setFont(font, 9)
    canvas.drawString(4 * mm, 103 * mm, "外卖骑手 · 饮水 充电 热饭")
    canvas.drawString(4 * mm, 97 * mm, "2026-07-01 09:00  No. 42")
    draw_qr(canvas, QR_TEXTS[0], 9 * mm, 40 * mm, 40 * mm)
    canvas.drawString(4 * mm, 30 * mm, "离站时请扫码签退")
    canvas.showPage()
    if card_second:
        canvas.setPageSize((CARD_W_MM * mm, CARD_H_MM * mm))
        canvas.setFont(font, 10)
        canvas.drawString(4 * mm, 46 * mm, "会员卡 王师傅")
        draw_qr(canvas, QR_TEXTS[1], 50 * mm, 6 * mm, 32 * mm)
    else:
        canvas.setFont(font, 11)
        canvas.drawString(4 * mm, 110 * mm, "会员卡 第二页")
        draw_qr(canvas, QR_TEXTS[1], 9 * mm, 50 * mm, 40 * mm)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def pdf_printer(path: Path, *, grey: bool = False) -> QPrinter:
    """A QPrinter that writes a PDF file, as a spooler would receive the job."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    if grey:
        printer.setColorMode(QPrinter.ColorMode.GrayScale)
    return printer


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    document = pdfium.PdfDocument(str(path))
    try:
        sizes = []
        for index in range(len(document)):
            width, height = document[index].get_size()
            sizes.append((width * 25.4 / 72, height * 25.4 / 72))
        return sizes
    finally:
        document.close()


def need_tools(*names: str) -> None:
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (poppler-utils, zbar-tools)")


def rasterise(pdf: Path, prefix: Path) -> list[Path]:
    """Every page of ``pdf`` as a 203 dpi grey PNG, rendered by poppler."""
    subprocess.run(
        ["pdftoppm", "-r", str(THERMAL_DPI), "-gray", "-png", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def decode_qr(png: Path) -> str:
    done = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    assert done.returncode == 0, f"no QR code found in {png.name}: {done.stderr}"
    return done.stdout.strip()


def mean_difference(a: Path, b: Path) -> float:
    """Mean absolute grey-level difference (0–255) of two renders, sized alike."""
    first = Image.open(a).convert("L")
    second = Image.open(b).convert("L").resize(first.size, Image.Resampling.BILINEAR)
    return float(ImageStat.Stat(ImageChops.difference(first, second)).mean[0])


def ink(png: Path) -> float:
    """The share of dark pixels on a page."""
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    return sum(histogram[:128]) / (image.width * image.height)


# -- print_pdf -------------------------------------------------------------------------


@pytest.mark.parametrize("grey", [True, False], ids=["grey", "colour"])
def test_printed_pages_have_the_slip_size_and_a_readable_qr(
    qapp: QApplication, tmp_path: Path, grey: bool
) -> None:
    need_tools("pdftoppm", "zbarimg")
    pdf = slip_pdf()
    (tmp_path / "slip.pdf").write_bytes(pdf)
    printed = tmp_path / "printed.pdf"

    assert print_pdf(pdf, pdf_printer(printed, grey=grey)) == 2

    sizes = page_sizes_mm(printed)
    assert len(sizes) == 2
    for width, height in sizes:
        assert width == pytest.approx(SLIP_W_MM, abs=0.5)
        assert height == pytest.approx(SLIP_H_MM, abs=0.5)
    printed_pngs = rasterise(printed, tmp_path / "printed")
    original_pngs = rasterise(tmp_path / "slip.pdf", tmp_path / "original")
    assert [decode_qr(p) for p in printed_pngs] == list(QR_TEXTS)
    for printed_png, original_png in zip(printed_pngs, original_pngs, strict=True):
        # The same slip, not a blank page or a shrunken copy: text and code where they were.
        assert ink(printed_png) > 0.05
        assert ink(printed_png) == pytest.approx(ink(original_png), rel=0.1)
        assert mean_difference(original_png, printed_png) < 10  # 10 % smaller scores 26


def test_each_page_gets_paper_of_its_own_size(qapp: QApplication, tmp_path: Path) -> None:
    need_tools("pdftoppm", "zbarimg")
    printed = tmp_path / "printed.pdf"

    assert print_pdf(slip_pdf(card_second=True), pdf_printer(printed)) == 2

    assert page_sizes_mm(printed) == [
        (pytest.approx(SLIP_W_MM, abs=0.5), pytest.approx(SLIP_H_MM, abs=0.5)),
        (pytest.approx(CARD_W_MM, abs=0.5), pytest.approx(CARD_H_MM, abs=0.5)),
    ]
    assert [decode_qr(p) for p in rasterise(printed, tmp_path / "p")] == list(QR_TEXTS)


def test_a_damaged_pdf_is_refused_and_nothing_printed(qapp: QApplication, tmp_path: Path) -> None:
    printed = tmp_path / "printed.pdf"
    damaged = os.urandom(4096)

    with pytest.raises(PrintFailed) as caught:
        print_pdf(damaged, pdf_printer(printed))

    assert "damaged" in caught.value.en
    assert "损坏" in caught.value.zh
    assert "Traceback" not in str(caught.value)
    assert not printed.exists()


def test_a_printer_that_cannot_start_is_reported(qapp: QApplication, tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "no such folder" / "printed.pdf")

    with pytest.raises(PrintFailed) as caught:
        print_pdf(slip_pdf(), printer)

    assert "could not start" in caught.value.en
    assert "无法开始打印" in caught.value.zh


def test_cancelling_stops_before_the_next_page(qapp: QApplication, tmp_path: Path) -> None:
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # let the first page through, stop before the second

    with pytest.raises(PrintCancelled):
        print_pdf(slip_pdf(), pdf_printer(tmp_path / "printed.pdf"), cancelled=cancelled)
    assert len(asked) == 2


def test_render_resolution_follows_the_printer_within_limits() -> None:
    slip = (SLIP_W_MM / 25.4 * 72, SLIP_H_MM / 25.4 * 72)
    a4 = (595.28, 841.89)
    assert render_dpi(203, *slip, 1) == 203  # a thermal printer's own dots
    assert render_dpi(1200, *slip, 1) == 600  # a PDF printer's 1200 dpi is capped
    assert render_dpi(600, *a4, 1) == 600  # an A4 page in grey: 35 MB
    colour_a4 = render_dpi(600, *a4, 3)  # in colour it would be 104 MB: less
    assert 450 < colour_a4 < 500
    assert (a4[0] / 72 * colour_a4) * (a4[1] / 72 * colour_a4) * 3 <= 64 * 1024 * 1024


# -- the printer -----------------------------------------------------------------------


def test_a_printer_that_is_not_installed_is_named(qapp: QApplication) -> None:
    with pytest.raises(PrintFailed) as caught:
        make_printer(PrinterChoice("Thermal-58 (back room)", "58mm"))

    assert 'The printer "Thermal-58 (back room)" is not installed' in caught.value.en
    assert "Print settings" in caught.value.en
    assert "“Thermal-58 (back room)”没有安装" in caught.value.zh
    assert "打印设置" in caught.value.zh


def test_an_unknown_paper_is_a_bug_not_a_choice() -> None:
    with pytest.raises(ValueError):
        PrinterChoice("", "letter")


# -- off the GUI thread ---------------------------------------------------------------


def test_a_print_job_prints_on_a_pool_thread(qtbot: QtBot, tmp_path: Path) -> None:
    printed = tmp_path / "printed.pdf"
    made_in: list[threading.Thread] = []

    def factory(choice: PrinterChoice) -> QPrinter:
        made_in.append(threading.current_thread())
        return pdf_printer(printed, grey=choice.paper == "58mm")

    job = PrintJob(slip_pdf(), PrinterChoice("", "58mm"), title="签到凭条", printer_factory=factory)
    pool = QThreadPool()
    with qtbot.waitSignal(job.signals.finished, timeout=20000) as finished:
        pool.start(job)

    assert finished.args == [2]
    assert made_in and made_in[0] is not threading.main_thread()
    assert len(page_sizes_mm(printed)) == 2
    pool.waitForDone()


def test_a_damaged_pdf_in_a_job_is_a_failed_signal(qtbot: QtBot, tmp_path: Path) -> None:
    printed = tmp_path / "printed.pdf"
    job = PrintJob(
        os.urandom(2048),
        PrinterChoice(),
        lang="en",
        printer_factory=lambda _choice: pdf_printer(printed),
    )
    pool = QThreadPool()
    got_finished: list[int] = []
    job.signals.finished.connect(got_finished.append)
    with qtbot.waitSignal(job.signals.failed, timeout=20000) as failed:
        pool.start(job)
    pool.waitForDone()
    qtbot.wait(50)  # a stray queued `finished` would arrive now

    assert "damaged" in failed.args[0]
    assert got_finished == []
    assert not printed.exists()


def test_a_missing_printer_in_a_job_is_a_failed_signal_in_chinese(qtbot: QtBot) -> None:
    job = PrintJob(slip_pdf(), PrinterChoice("Ghost-80", "80mm"), lang="zh_CN")
    pool = QThreadPool()
    with qtbot.waitSignal(job.signals.failed, timeout=20000) as failed:
        pool.start(job)
    pool.waitForDone()

    assert "Ghost-80" in failed.args[0]
    assert "打印设置" in failed.args[0]


def test_an_unexpected_error_in_a_job_is_logged_and_said_plainly(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_factory(_choice: PrinterChoice) -> QPrinter:
        raise OSError("spooler socket closed\nTraceback (most recent call last): ...")

    job = PrintJob(slip_pdf(), PrinterChoice(), lang="en", printer_factory=broken_factory)
    pool = QThreadPool()
    with (
        caplog.at_level(logging.ERROR, logger="ui.printing"),
        qtbot.waitSignal(job.signals.failed, timeout=20000) as failed,
    ):
        pool.start(job)
    pool.waitForDone()

    assert failed.args == [UNEXPECTED[1]]
    assert "Traceback" not in failed.args[0]
    errors = [r for r in caplog.records if r.name == "ui.printing" and r.exc_info]
    assert len(errors) == 1
    assert isinstance(errors[0].exc_info[1], OSError)  # type: ignore[index]


# -- settings --------------------------------------------------------------------------


def test_print_settings_round_trip_through_an_ini_file(qapp: QApplication, tmp_path: Path) -> None:
    ini = tmp_path / "kiosk.ini"
    fresh = PrintSettings(ini)
    assert fresh.choice() == PrinterChoice("", "80mm")
    assert fresh.visit_slip() == "never"

    fresh.save(PrinterChoice("Thermal-58", "58mm"), "always")

    again = PrintSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    assert again.choice() == PrinterChoice("Thermal-58", "58mm")
    assert again.visit_slip() == "always"
    raw = QSettings(str(ini), QSettings.Format.IniFormat)
    assert raw.value("printing/printer") == "Thermal-58"
    assert raw.value("printing/paper") == "58mm"
    assert raw.value("printing/visit_slip") == "always"
    assert "[printing]" in ini.read_text(encoding="utf-8")


def test_print_settings_ignore_values_they_do_not_know(qapp: QApplication, tmp_path: Path) -> None:
    ini = tmp_path / "kiosk.ini"
    ini.write_text("[printing]\npaper=letter\nvisit_slip=sometimes\nprinter=Office\n")

    settings = PrintSettings(ini)

    assert settings.choice() == PrinterChoice("Office", "80mm")
    assert settings.visit_slip() == "never"


# -- the dialog ------------------------------------------------------------------------


def make_dialog(
    qtbot: QtBot, ini: Path, test_pdf: Callable[[], bytes] | None = None, **kw: object
) -> PrinterDialog:
    dialog = PrinterDialog(
        PrintSettings(ini),
        "en",
        test_pdf=test_pdf,
        printer_names=lambda: ["Thermal-58", "Office A4"],
        **kw,  # type: ignore[arg-type]
    )
    qtbot.addWidget(dialog)
    return dialog


def choose(combo_owner: PrinterDialog, printer: str, paper: str, slip: str) -> None:
    combo_owner.printer_combo.setCurrentIndex(combo_owner.printer_combo.findText(printer))
    combo_owner.paper_combo.setCurrentIndex(combo_owner.paper_combo.findText(paper))
    combo_owner.visit_slip_combo.setCurrentIndex(combo_owner.visit_slip_combo.findText(slip))


def test_the_dialog_saves_what_was_chosen_on_ok(qtbot: QtBot, tmp_path: Path) -> None:
    ini = tmp_path / "kiosk.ini"
    dialog = make_dialog(qtbot, ini)
    dialog.show()
    assert [dialog.printer_combo.itemText(i) for i in range(dialog.printer_combo.count())] == [
        "System default",
        "Thermal-58",
        "Office A4",
    ]
    choose(dialog, "Thermal-58", "58 mm roll", "Ask each time")

    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )

    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = PrintSettings(ini)
    assert saved.choice() == PrinterChoice("Thermal-58", "58mm")
    assert saved.visit_slip() == "ask"


def test_cancel_saves_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    ini = tmp_path / "kiosk.ini"
    PrintSettings(ini).save(PrinterChoice("Office A4", "a4"), "always")
    before = ini.read_bytes()
    dialog = make_dialog(qtbot, ini)
    dialog.show()
    assert dialog.chosen() == PrinterChoice("Office A4", "a4")  # opens on what is saved
    choose(dialog, "Thermal-58", "CR80 card", "Never")

    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert ini.read_bytes() == before
    assert PrintSettings(ini).choice() == PrinterChoice("Office A4", "a4")
    assert PrintSettings(ini).visit_slip() == "always"


def test_settings_that_cannot_be_written_keep_the_dialog_open(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("")
    ini = tmp_path / "not-a-folder" / "kiosk.ini"
    dialog = make_dialog(qtbot, ini)
    dialog.show()
    choose(dialog, "Office A4", "A4", "Always")

    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.status_label.text().startswith("The print settings could not be saved to ")
    assert str(ini) in dialog.status_label.text()
    with pytest.raises(SettingsNotSaved):
        PrintSettings(ini).save(PrinterChoice("Office A4", "a4"))


def test_a_saved_printer_that_is_gone_stays_visible(qtbot: QtBot, tmp_path: Path) -> None:
    ini = tmp_path / "kiosk.ini"
    PrintSettings(ini).save(PrinterChoice("Old-Thermal", "58mm"))
    dialog = make_dialog(qtbot, ini)

    assert dialog.printer_combo.currentText() == "Old-Thermal (not installed)"
    assert dialog.chosen() == PrinterChoice("Old-Thermal", "58mm")


@pytest.mark.parametrize("styled", [True, False], ids=["kiosk-style", "plain"])
def test_every_target_is_big_enough_for_a_finger(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, styled: bool
) -> None:
    before = qapp.styleSheet()
    if styled:  # the window's own style sheet, which sizes fields itself
        qapp.setStyleSheet((RESOURCES_DIR / "kiosk.qss").read_text(encoding="utf-8"))
    try:
        dialog = make_dialog(qtbot, tmp_path / "kiosk.ini", test_pdf=slip_pdf)
        dialog.show()
        qtbot.waitExposed(dialog)
        combos = [dialog.printer_combo, dialog.paper_combo, dialog.visit_slip_combo]
        targets = [*combos, dialog.test_button, *dialog.buttons.buttons()]
        assert len(targets) == 6
        assert min(w.height() for w in targets) >= TOUCH_HEIGHT
        rows = [c.view().sizeHintForRow(i) for c in combos for i in range(c.count())]
        assert len(rows) == 3 + 5 + 3
        assert min(rows) >= TOUCH_HEIGHT  # the rows of an open list too
        dialog.grab().save(str(tmp_path / "printer_dialog.png"))
    finally:
        qapp.setStyleSheet(before)


def test_test_print_uses_the_unsaved_choice(qtbot: QtBot, tmp_path: Path) -> None:
    ini = tmp_path / "kiosk.ini"
    printed = tmp_path / "test-page.pdf"
    chosen: list[PrinterChoice] = []

    def factory(choice: PrinterChoice) -> QPrinter:
        chosen.append(choice)
        return pdf_printer(printed)

    dialog = make_dialog(qtbot, ini, test_pdf=slip_pdf, printer_factory=factory, pool=QThreadPool())
    dialog.show()
    choose(dialog, "Office A4", "A6", "Never")

    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.test_job is not None
    qtbot.waitUntil(lambda: dialog.test_job is None, timeout=20000)

    assert chosen == [PrinterChoice("Office A4", "a6")]
    assert dialog.status_label.text() == "Test page sent to the printer (2 pages). Is it clear?"
    assert len(page_sizes_mm(printed)) == 2
    assert not ini.exists()  # a test print saves nothing


def test_without_a_test_page_the_button_is_off(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path / "kiosk.ini")
    assert not dialog.test_button.isEnabled()


# -- preview and the window's facade ---------------------------------------------------


def test_the_preview_shows_the_pages_that_would_print(qtbot: QtBot) -> None:
    dialog = make_preview(None, slip_pdf(), PrinterChoice("", "58mm"), "签到凭条")
    qtbot.addWidget(dialog)
    dialog.show()
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() == 2, timeout=10000)
    assert dialog.windowTitle() == "Print preview: 签到凭条"


def test_the_preview_shows_pages_of_two_sizes_in_one_go(qtbot: QtBot, qtlog: object) -> None:
    dialog = make_preview(None, slip_pdf(card_second=True), PrinterChoice("", "card"))
    qtbot.addWidget(dialog)
    dialog.show()
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() == 2, timeout=10000)
    # the card is fitted onto the slip's paper, not refused by the preview's printer
    messages = [r.message for r in qtlog.records]  # type: ignore[attr-defined]
    assert not [m for m in messages if "Cannot be changed" in m]


def test_a_damaged_pdf_opens_no_preview(qapp: QApplication) -> None:
    with pytest.raises(PrintFailed):
        make_preview(None, b"%PDF-1.4 not really", PrinterChoice())


def test_printing_prints_with_the_saved_choice(qtbot: QtBot, tmp_path: Path) -> None:
    ini = tmp_path / "kiosk.ini"
    PrintSettings(ini).save(PrinterChoice("Thermal-58", "58mm"))
    printed = tmp_path / "printed.pdf"
    chosen: list[PrinterChoice] = []

    def factory(choice: PrinterChoice) -> QPrinter:
        chosen.append(choice)
        return pdf_printer(printed)

    printing = Printing(
        PrintSettings(ini), "en", printer_factory=factory, pool=QThreadPool(), show_failures=False
    )
    statuses: list[str] = []
    printing.status_changed.connect(statuses.append)
    heard_on: list[QThread] = []
    printing.printed.connect(lambda *_: heard_on.append(QThread.currentThread()))
    with qtbot.waitSignal(printing.printed, timeout=20000) as done:
        printing.print_document(slip_pdf(), "visit slip 42")

    assert done.args == ["visit slip 42", 2]
    assert heard_on == [QApplication.instance().thread()]  # the window hears it on its thread
    assert chosen == [PrinterChoice("Thermal-58", "58mm")]
    assert statuses == ["Printing visit slip 42…", "Printed visit slip 42 (2 pages)."]
    assert len(page_sizes_mm(printed)) == 2


def test_a_failed_printout_says_the_record_is_saved(qtbot: QtBot, tmp_path: Path) -> None:
    ini = tmp_path / "kiosk.ini"
    PrintSettings(ini).save(PrinterChoice("Unplugged-80", "80mm"))
    printing = Printing(PrintSettings(ini), "en", pool=QThreadPool())
    with qtbot.waitSignal(printing.failed, timeout=20000) as failed:
        printing.print_document(slip_pdf(), "handout receipt")

    message = failed.args[0]
    assert 'The printer "Unplugged-80" is not installed' in message
    assert message.endswith("The record is saved; only the printout failed.")
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert [b.text() for b in boxes if b.isVisible()] == [message]
    for box in boxes:
        box.close()


def test_a_damaged_pdf_to_preview_is_said_plainly(qtbot: QtBot, tmp_path: Path) -> None:
    printing = Printing(PrintSettings(tmp_path / "kiosk.ini"), "zh_CN", show_failures=False)
    with qtbot.waitSignal(printing.failed, timeout=5000) as failed:
        printing.preview_document(b"%PDF-1.7 cut short", "visit slip 42")

    assert failed.args == ["要打印的文件已损坏，无法读取，所以没有打印。"]
