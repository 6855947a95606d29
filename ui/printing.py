"""Printing a slip: the chosen printer, and the PDF handed to Qt's print system.

``station_app`` makes every slip, card and report as PDF bytes. Here each PDF page
is rasterised with PDFium (``pypdfium2``) at the printer's resolution, onto white,
and painted on one printer page of exactly the PDF page's size in millimetres
(full-page mode, no margins). The OS spooler does the rest: CUPS on Linux, the
printer's driver on Windows.

A printout runs on a ``QThreadPool`` thread (:class:`PrintJob`); the window only
hears ``finished`` or ``failed``. The record a slip belongs to is committed before
the slip is printed, so a failed printout never loses anything.
"""

from __future__ import annotations

import ctypes
import logging
import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import (
    QCoreApplication,
    QMarginsF,
    QObject,
    QRectF,
    QRunnable,
    QSettings,
    QSizeF,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.feedback import fill

if TYPE_CHECKING:  # PDFium loads with the first printout or preview, not at start
    import pypdfium2 as pdfium

log = logging.getLogger(__name__)

PAPERS: Final = ("58mm", "80mm", "card", "a6", "a4")
"""The paper a station prints on: thermal rolls 58 and 80 mm wide, CR80 cards, A6, A4."""
ROLLS: Final = frozenset({"58mm", "80mm"})
VISIT_SLIP_CHOICES: Final = ("never", "ask", "always")
"""Whether a visit slip is printed at check-in."""

DEFAULT_PAPER: Final = "80mm"
DEFAULT_VISIT_SLIP: Final = "never"

KEY_PRINTER: Final = "printing/printer"
KEY_PAPER: Final = "printing/paper"
KEY_VISIT_SLIP: Final = "printing/visit_slip"

MAX_RENDER_DPI: Final = 600
"""No printer a station uses resolves more; a PDF printer says 1200 and would get 4× the pixels."""
MAX_BITMAP_BYTES: Final = 64 * 1024 * 1024
"""One page's bitmap at most (an A4 page in colour comes out at about 480 dpi)."""
POINTS_PER_INCH: Final = 72.0
MM_PER_POINT: Final = 25.4 / POINTS_PER_INCH
WHITE: Final = (255, 255, 255, 255)

# PDFium may not be called from two threads at once, not even for two documents: a
# preview on the GUI thread and a printout on a worker take turns through this lock.
PDFIUM_LOCK = threading.Lock()


@cache
def _qimage_formats() -> dict[tuple[int, bool], QImage.Format]:
    """PDFium's pixel layouts (format, bytes reversed) and the QImage with the same bytes."""
    import pypdfium2.raw as pdfium_c

    return {
        (pdfium_c.FPDFBitmap_Gray, False): QImage.Format.Format_Grayscale8,
        (pdfium_c.FPDFBitmap_BGR, True): QImage.Format.Format_RGB888,
    }


class PrintProblem(Exception):
    """Something a person is told about printing, in Chinese and English; never a traceback."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh

    def __str__(self) -> str:
        return f"{self.zh} ({self.en})"


class PrintFailed(PrintProblem):
    """The printout did not happen: no such printer, a damaged file, the printer refused."""


class PrintCancelled(PrintFailed):
    """The printout was stopped on request before its last page."""


class SettingsNotSaved(PrintProblem):
    """The print settings could not be written (a read-only settings file)."""


@dataclass(frozen=True)
class PrinterChoice:
    """Which printer a kiosk prints on ("" = the system's default) and on what paper."""

    printer_name: str = ""
    paper: str = DEFAULT_PAPER

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {PAPERS}, not {self.paper!r}")


# -- settings ---------------------------------------------------------------------------


def app_settings() -> QSettings:
    """The application's own settings file (INI, per user; not the Windows registry)."""
    app = QCoreApplication.instance()
    organisation = (app.organizationName() if app else "") or "StationDesk"
    application = (app.applicationName() if app else "") or "StationDesk"
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, organisation, application
    )


class PrintSettings:
    """The kiosk's printer, paper and visit-slip choice, kept in an INI file.

    ``source`` is a ``QSettings`` object, the path of an INI file, or None for the
    application's own settings.
    """

    def __init__(self, source: QSettings | str | Path | None = None) -> None:
        if source is None:
            self.qsettings = app_settings()
        elif isinstance(source, QSettings):
            self.qsettings = source
        else:
            self.qsettings = QSettings(str(source), QSettings.Format.IniFormat)

    def choice(self) -> PrinterChoice:
        name = self._text(KEY_PRINTER, "")
        paper = self._text(KEY_PAPER, DEFAULT_PAPER)
        return PrinterChoice(name, paper if paper in PAPERS else DEFAULT_PAPER)

    def visit_slip(self) -> str:
        value = self._text(KEY_VISIT_SLIP, DEFAULT_VISIT_SLIP)
        return value if value in VISIT_SLIP_CHOICES else DEFAULT_VISIT_SLIP

    def save(self, choice: PrinterChoice, visit_slip: str | None = None) -> None:
        """Write the choice (and the visit-slip setting, when given) to disk now."""
        if visit_slip is not None and visit_slip not in VISIT_SLIP_CHOICES:
            raise ValueError(f"visit_slip must be one of {VISIT_SLIP_CHOICES}")
        self.qsettings.setValue(KEY_PRINTER, choice.printer_name)
        self.qsettings.setValue(KEY_PAPER, choice.paper)
        if visit_slip is not None:
            self.qsettings.setValue(KEY_VISIT_SLIP, visit_slip)
        self.qsettings.sync()
        if self.qsettings.status() != QSettings.Status.NoError:
            where = self.qsettings.fileName()
            raise SettingsNotSaved(
                f"打印设置没能保存到 {where}：请检查这个文件和文件夹能否写入。",
                f"The print settings could not be saved to {where}: check that the file and "
                "its folder can be written.",
            )

    def _text(self, key: str, default: str) -> str:
        value = self.qsettings.value(key, default)
        return value.strip() if isinstance(value, str) else default


# -- the printer ------------------------------------------------------------------------


def make_printer(choice: PrinterChoice) -> QPrinter:
    """A high-resolution ``QPrinter`` on the chosen printer; thermal rolls print in grey."""
    if choice.printer_name:
        info = QPrinterInfo.printerInfo(choice.printer_name)
        if info.isNull():
            name = choice.printer_name
            raise PrintFailed(
                f"打印机“{name}”没有安装在这台电脑上：请在“打印设置”里另选一台。",
                f'The printer "{name}" is not installed on this computer: choose another '
                "one in Print settings (打印设置).",
            )
    else:
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            raise PrintFailed(
                "这台电脑没有默认打印机：请在“打印设置”里选一台打印机。",
                "This computer has no default printer: choose a printer in Print settings "
                "(打印设置).",
            )
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    if choice.paper in ROLLS:
        printer.setColorMode(QPrinter.ColorMode.GrayScale)
    return printer


def _page_layout(width_pt: float, height_pt: float) -> QPageLayout:
    size = QPageSize(
        QSizeF(width_pt * MM_PER_POINT, height_pt * MM_PER_POINT),
        QPageSize.Unit.Millimeter,
        "",
        QPageSize.SizeMatchPolicy.FuzzyMatch,  # exactly A4 / A6 gets the printer's own name
    )
    return QPageLayout(
        size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter
    )


def render_dpi(printer_dpi: int, width_pt: float, height_pt: float, channels: int) -> float:
    """The resolution a page is rasterised at: the printer's, within the limits above."""
    dpi = float(min(printer_dpi, MAX_RENDER_DPI)) if printer_dpi > 0 else 300.0
    square_inches = (width_pt / POINTS_PER_INCH) * (height_pt / POINTS_PER_INCH)
    if square_inches <= 0:
        return dpi
    return min(dpi, math.sqrt(MAX_BITMAP_BYTES / (channels * square_inches)))


def _render(page: pdfium.PdfPage, dpi: float, grayscale: bool) -> QImage:
    """The page as an opaque image: PDFium draws straight into the QImage's memory."""
    import pypdfium2 as pdfium

    made: list[QImage] = []

    def into_qimage(
        width: int, height: int, format: int, rev_byteorder: bool = False
    ) -> pdfium.PdfBitmap:
        qformat = _qimage_formats().get((format, bool(rev_byteorder)))
        if qformat is None:
            raise RuntimeError(f"unexpected PDFium bitmap format {format}")
        image = QImage(width, height, qformat)
        if image.isNull():
            raise PrintFailed(
                f"内存不足，无法准备 {width}×{height} 像素的打印页。",
                f"Not enough memory to prepare a printed page of {width}×{height} pixels.",
            )
        buffer = (ctypes.c_ubyte * image.sizeInBytes()).from_buffer(image.bits())
        made.append(image)
        return pdfium.PdfBitmap.new_native(
            width, height, format, rev_byteorder, buffer=buffer, stride=image.bytesPerLine()
        )

    bitmap = page.render(
        scale=dpi / POINTS_PER_INCH,
        grayscale=grayscale,
        rev_byteorder=not grayscale,  # RGB byte order, whatever the machine's endianness
        fill_color=WHITE,
        optimize_mode="print",
        bitmap_maker=into_qimage,
    )
    bitmap.close()
    return made[0]


@contextmanager
def _opened(pdf: bytes) -> Iterator[pdfium.PdfDocument]:
    import pypdfium2 as pdfium

    try:
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(pdf)
            pages = len(document)
    except pdfium.PdfiumError as exc:
        raise PrintFailed(
            "要打印的文件已损坏，无法读取，所以没有打印。",
            "The file to print is damaged and cannot be read, so nothing was printed.",
        ) from exc
    try:
        if pages < 1:
            raise PrintFailed(
                "要打印的文件是空的（没有页面）。", "The file to print is empty (it has no pages)."
            )
        yield document
    finally:
        with PDFIUM_LOCK:
            document.close()


def _page_image(document: pdfium.PdfDocument, index: int, printer: QPrinter) -> QImage:
    grayscale = printer.colorMode() == QPrinter.ColorMode.GrayScale
    with PDFIUM_LOCK:
        page = document[index]
        try:
            width_pt, height_pt = page.get_size()
            dpi = render_dpi(printer.resolution(), width_pt, height_pt, 1 if grayscale else 3)
            return _render(page, dpi, grayscale)
        finally:
            page.close()


def _target(printer: QPrinter, image: QImage) -> QRectF:
    """Where the page goes: the whole paper, or (if the paper could not be made the page's
    size) as large as fits with the proportions kept, from the top left corner."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    if image.width() < 1 or image.height() < 1:
        return QRectF(0, 0, paper.width(), paper.height())
    scale = min(paper.width() / image.width(), paper.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    if abs(width - paper.width()) < 2 and abs(height - paper.height()) < 2:
        return QRectF(0, 0, paper.width(), paper.height())
    return QRectF(0, 0, width, height)


def _sizes(document: pdfium.PdfDocument) -> list[tuple[float, float]]:
    with PDFIUM_LOCK:
        sizes = []
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                sizes.append((float(width), float(height)))
            finally:
                page.close()
        return sizes


def _jobs(printer: QPrinter, sizes: list[tuple[float, float]]) -> list[list[int]]:
    """Which pages go together in one job.

    A PDF file keeps each page's own size, and a print preview shows one job only: one
    job. A spooler (CUPS, a Windows driver) gives a whole job a single paper size (CUPS
    takes the last page's for every page), so each run of pages of one size is a job.
    """
    everything = [list(range(len(sizes)))]
    if _writes_a_file(printer) or _is_preview(printer):
        return everything
    jobs: list[list[int]] = []
    for index, size in enumerate(sizes):
        if jobs and sizes[jobs[-1][-1]] == size:
            jobs[-1].append(index)
        else:
            jobs.append([index])
    return jobs


def _writes_a_file(printer: QPrinter) -> bool:
    return printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and not _is_preview(printer)


def _is_preview(printer: QPrinter) -> bool:
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def print_pdf(pdf: bytes, printer: QPrinter, *, cancelled: Callable[[], bool] | None = None) -> int:
    """Print every page of ``pdf`` on ``printer``, one printer page per PDF page, each on
    paper of the PDF page's size. Returns the number of pages printed.

    Pages of another size than the one before them start a new job on a spooler (see
    :func:`_jobs`); in a preview they are shown fitted onto the first page's paper.
    ``cancelled`` is asked before each page; when it says True the job is aborted and
    :class:`PrintCancelled` raised. Raises :class:`PrintFailed` when the PDF cannot be read,
    the printer cannot start, or it reports an error.
    """
    with _opened(pdf) as document:
        sizes = _sizes(document)
        printer.setFullPage(True)
        for pages in _jobs(printer, sizes):
            _print_job(document, sizes, pages, printer, cancelled)
        return len(sizes)


def _print_job(
    document: pdfium.PdfDocument,
    sizes: list[tuple[float, float]],
    pages: list[int],
    printer: QPrinter,
    cancelled: Callable[[], bool] | None,
) -> None:
    current = sizes[pages[0]]
    printer.setPageLayout(_page_layout(*current))
    # Only a PDF file takes a new paper size in the middle of a job (a preview refuses it).
    resize = _writes_a_file(printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(
            "打印机无法开始打印：请检查它是否开着、连着电脑、有纸。",
            "The printer could not start printing: check that it is switched on, connected "
            "and has paper.",
        )
    finished = False
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for index in pages:
            if cancelled is not None and cancelled():
                raise PrintCancelled("打印已取消。", "Printing was cancelled.")
            if index != pages[0]:
                if resize and sizes[index] != current:
                    current = sizes[index]
                    printer.setPageLayout(_page_layout(*current))
                if not printer.newPage():
                    raise PrintFailed(
                        f"打印机在第 {index + 1} 页停了下来，没有打完。",
                        f"The printer stopped at page {index + 1} and did not finish.",
                    )
            image = _page_image(document, index, printer)
            painter.drawImage(_target(printer, image), image)
        finished = True
    finally:
        if not finished:
            printer.abort()
        ended = painter.end()
    if not ended or printer.printerState() in (
        QPrinter.PrinterState.Error,
        QPrinter.PrinterState.Aborted,
    ):
        raise PrintFailed(
            "打印机报告了错误，打印没有完成：请检查打印机后再试一次。",
            "The printer reported an error and the printout did not finish: check the "
            "printer and try again.",
        )


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has; :class:`PrintFailed` when it cannot be read."""
    with _opened(pdf) as document:
        return len(document)


# -- off the GUI thread ---------------------------------------------------------------

UNEXPECTED: Final = (
    "打印时出了意外的错误（详情已写入日志）：请检查打印机后再试一次。",
    "Printing failed unexpectedly (the details are in the log): check the printer and try again.",
)


class PrintJobSignals(QObject):
    """What a :class:`PrintJob` says; it lives on the GUI thread, so slots run there."""

    finished = Signal(int)  # pages printed
    failed = Signal(str)  # a plain message in the window's language


PrinterFactory = Callable[[PrinterChoice], QPrinter]


class PrintJob(QRunnable):
    """One printout on a pool thread. The ``QPrinter`` is made in the worker, by
    ``printer_factory`` (:func:`make_printer` unless a test prints to a file)."""

    def __init__(
        self,
        pdf: bytes,
        choice: PrinterChoice,
        *,
        title: str = "",
        lang: str = "zh_CN",
        printer_factory: PrinterFactory = make_printer,
    ) -> None:
        super().__init__()
        self.pdf = pdf
        self.choice = choice
        self.title = title
        self.lang = lang
        self.printer_factory = printer_factory
        self.signals = PrintJobSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop before the next page (a page already sent to the printer still comes out)."""
        self._cancel.set()

    def run(self) -> None:
        try:
            printer = self.printer_factory(self.choice)
            if self.title:
                printer.setDocName(self.title)
            pages = print_pdf(self.pdf, printer, cancelled=self._cancel.is_set)
        except PrintFailed as exc:
            log.warning("printing %r failed: %s", self.title, exc)
            self.signals.failed.emit(exc.message(self.lang))
        except Exception:
            log.exception("printing %r failed unexpectedly", self.title)
            zh, en = UNEXPECTED
            self.signals.failed.emit(en if self.lang.startswith("en") else zh)
        else:
            self.signals.finished.emit(pages)


# -- preview ----------------------------------------------------------------------------


def preview_printer(choice: PrinterChoice) -> QPrinter:
    """The chosen printer for a preview; a plain one when it is not installed (a preview
    shows the slip all the same)."""
    try:
        return make_printer(choice)
    except PrintFailed:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if choice.paper in ROLLS:
            printer.setColorMode(QPrinter.ColorMode.GrayScale)
        return printer


class PdfPreviewDialog(QPrintPreviewDialog):
    """A print preview that keeps its printer: Qt's dialog only borrows it."""

    def __init__(self, printer: QPrinter, parent: QWidget | None = None) -> None:
        super().__init__(printer, parent)
        self.kept_printer = printer


def make_preview(
    parent: QWidget | None, pdf: bytes, choice: PrinterChoice, title: str = ""
) -> PdfPreviewDialog:
    """A print preview that paints the very pages :func:`print_pdf` prints.

    Raises :class:`PrintFailed` at once for a PDF that cannot be read."""
    page_count(pdf)
    dialog = PdfPreviewDialog(preview_printer(choice), parent)
    if title:
        dialog.setWindowTitle(
            fill(QCoreApplication.translate("Printing", "Print preview: %1"), title)
        )

    def paint(printer: QPrinter) -> None:
        try:
            print_pdf(pdf, printer)
        except PrintFailed as exc:  # read once already; only the printer can fail here
            log.warning("print preview failed: %s", exc)

    dialog.paintRequested.connect(paint)
    return dialog


def preview(parent: QWidget | None, pdf: bytes, choice: PrinterChoice, title: str = "") -> None:
    """Show the preview and wait until it is closed."""
    dialog = make_preview(parent, pdf, choice, title)
    dialog.exec()
    dialog.deleteLater()


# -- what the main window uses -------------------------------------------------------------


class Printing(QObject):
    """Printing for the main window: the saved choice, printouts off the GUI thread, the
    preview and the settings dialog.

    ``status_changed`` carries a line for the status bar ("Printing…", "Printed …"),
    ``printed(title, pages)`` a finished printout, ``failed(message)`` a failed one (the
    message says the record itself is saved). With ``show_failures`` the failure is also
    shown in a message box over ``window``.
    """

    status_changed = Signal(str)
    printed = Signal(str, int)
    failed = Signal(str)

    def __init__(
        self,
        settings: PrintSettings,
        lang: str,
        window: QWidget | None = None,
        *,
        test_pdf: Callable[[], bytes] | None = None,
        pool: QThreadPool | None = None,
        printer_factory: PrinterFactory = make_printer,
        show_failures: bool = True,
    ) -> None:
        super().__init__(window)
        self.settings = settings
        self.lang = lang
        self.window = window
        self.test_pdf = test_pdf
        self.pool = pool if pool is not None else QThreadPool.globalInstance()
        self.printer_factory = printer_factory
        self.show_failures = show_failures
        self._running: dict[PrintJobSignals, PrintJob] = {}
        self._boxes: list[QMessageBox] = []

    def print_document(self, pdf: bytes, title: str) -> PrintJob:
        """Print ``pdf`` on the saved printer, off the GUI thread; returns the job started."""
        job = PrintJob(
            pdf,
            self.settings.choice(),
            title=title,
            lang=self.lang,
            printer_factory=self.printer_factory,
        )
        signals = job.signals
        self._running[signals] = job
        signals.finished.connect(
            lambda pages: self._finished(signals, title, pages), Qt.ConnectionType.QueuedConnection
        )
        signals.failed.connect(
            lambda message: self._failed(signals, message), Qt.ConnectionType.QueuedConnection
        )
        self.status_changed.emit(fill(self.tr("Printing %1…"), title))
        self.pool.start(job)
        return job

    def cancel_all(self) -> None:
        """Stop every printout still running before its next page."""
        for job in self._running.values():
            job.cancel()

    def preview_document(self, pdf: bytes, title: str) -> None:
        try:
            preview(self.window, pdf, self.settings.choice(), title)
        except PrintFailed as exc:
            self._report(exc.message(self.lang), printout=False)

    def choose(self, parent: QWidget | None = None) -> bool:
        """Open the print settings; True when they were changed and saved."""
        from ui.printer_dialog import PrinterDialog

        dialog = PrinterDialog(
            self.settings,
            self.lang,
            test_pdf=self.test_pdf,
            pool=self.pool,
            printer_factory=self.printer_factory,
            parent=parent if parent is not None else self.window,
        )
        accepted = dialog.exec() == PrinterDialog.DialogCode.Accepted
        dialog.deleteLater()
        return accepted

    def _finished(self, signals: PrintJobSignals, title: str, pages: int) -> None:
        self._running.pop(signals, None)
        self.status_changed.emit(fill(self.tr("Printed %1 (%2 pages)."), title, pages))
        self.printed.emit(title, pages)

    def _failed(self, signals: PrintJobSignals, message: str) -> None:
        self._running.pop(signals, None)
        self._report(message)

    def _report(self, message: str, *, printout: bool = True) -> None:
        text = message
        if printout:  # the slip's record was committed before it was printed
            saved = self.tr("The record is saved; only the printout failed.")
            text = f"{message}\n{saved}"
            self.status_changed.emit(self.tr("The printout failed."))
        self.failed.emit(text)
        if self.show_failures:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Printing"),
                text,
                QMessageBox.StandardButton.Ok,
                self.window,
            )
            # Without a window nothing else holds the box: keep it until it is answered.
            self._boxes.append(box)
            box.finished.connect(lambda _result: self._answered(box))
            box.open()

    def _answered(self, box: QMessageBox) -> None:
        if box in self._boxes:
            self._boxes.remove(box)
        box.deleteLater()
