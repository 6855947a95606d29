"""Print settings (打印设置): which printer, what paper, whether a visit slip is printed.

A supervisor's dialog (the caller checks the role). "Test print" prints a small
page on the printer and paper chosen in the dialog, before anything is saved.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.feedback import fill
from ui.printing import (
    PAPERS,
    VISIT_SLIP_CHOICES,
    PrinterChoice,
    PrinterFactory,
    PrintJob,
    PrintSettings,
    SettingsNotSaved,
    make_printer,
)

TOUCH_HEIGHT = 48  # px: the smallest target a finger hits reliably


def installed_printers() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


class PrinterDialog(QDialog):
    """Choose a printer, paper and the visit-slip setting; OK saves them, Cancel nothing."""

    def __init__(
        self,
        settings: PrintSettings,
        lang: str = "zh_CN",
        *,
        test_pdf: Callable[[], bytes] | None = None,
        pool: QThreadPool | None = None,
        printer_factory: PrinterFactory = make_printer,
        printer_names: Callable[[], list[str]] = installed_printers,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.lang = lang
        self.test_pdf = test_pdf
        self.pool = pool if pool is not None else QThreadPool.globalInstance()
        self.printer_factory = printer_factory
        self.test_job: PrintJob | None = None
        self.setWindowTitle(self.tr("Print settings"))
        self.setMinimumWidth(520)

        saved = settings.choice()
        self.printer_combo = QComboBox()
        self.printer_combo.addItem(self.tr("System default"), "")
        names = printer_names()
        for name in names:
            self.printer_combo.addItem(name, name)
        if saved.printer_name and saved.printer_name not in names:
            # Kept visible, so the supervisor sees what is saved and that it is gone.
            self.printer_combo.addItem(
                fill(self.tr("%1 (not installed)"), saved.printer_name), saved.printer_name
            )
        self._select(self.printer_combo, saved.printer_name)

        paper_names = {
            "58mm": self.tr("58 mm roll"),
            "80mm": self.tr("80 mm roll"),
            "card": self.tr("CR80 card"),
            "a6": self.tr("A6"),
            "a4": self.tr("A4"),
        }
        self.paper_combo = QComboBox()
        for paper in PAPERS:
            self.paper_combo.addItem(paper_names[paper], paper)
        self._select(self.paper_combo, saved.paper)

        slip_names = {
            "never": self.tr("Never"),
            "ask": self.tr("Ask each time"),
            "always": self.tr("Always"),
        }
        self.visit_slip_combo = QComboBox()
        for value in VISIT_SLIP_CHOICES:
            self.visit_slip_combo.addItem(slip_names[value], value)
        self._select(self.visit_slip_combo, settings.visit_slip())

        self.test_button = QPushButton(self.tr("Test print"))
        self.test_button.clicked.connect(self.test_print)
        if test_pdf is None:
            self.test_button.setEnabled(False)
            self.test_button.setToolTip(self.tr("No test page is available here."))

        self.status_label = QLabel()
        self.status_label.setObjectName("notice")
        self.status_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Printer"), self.printer_combo)
        form.addRow(self.tr("Paper"), self.paper_combo)
        form.addRow(self.tr("Print a visit slip at check-in"), self.visit_slip_combo)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

        # The kiosk style sheet sizes fields itself (a style sheet's min-height beats
        # setMinimumHeight), so the dialog's own sheet raises them, and the rows of the open
        # lists, to a finger's size.
        self.setStyleSheet(
            f"QComboBox {{ min-height: {TOUCH_HEIGHT}px; }}"
            f" QComboBox QAbstractItemView::item {{ min-height: {TOUCH_HEIGHT}px; }}"
        )
        for combo in (self.printer_combo, self.paper_combo, self.visit_slip_combo):
            combo.setView(QListView(combo))  # a list view follows the item rule above
            combo.setMinimumHeight(TOUCH_HEIGHT)
        for button in (self.test_button, *self.buttons.buttons()):
            button.setMinimumHeight(TOUCH_HEIGHT)
            button.setMinimumWidth(120)

    def chosen(self) -> PrinterChoice:
        return PrinterChoice(
            str(self.printer_combo.currentData() or ""), str(self.paper_combo.currentData())
        )

    def chosen_visit_slip(self) -> str:
        return str(self.visit_slip_combo.currentData())

    def save(self) -> None:
        try:
            self.settings.save(self.chosen(), self.chosen_visit_slip())
        except SettingsNotSaved as exc:
            self._say(exc.message(self.lang), ok=False)
            return
        self.accept()

    def test_print(self) -> None:
        """Print the test page on what is chosen now (saved or not), off the GUI thread."""
        if self.test_pdf is None or self.test_job is not None:
            return
        job = PrintJob(
            self.test_pdf(),
            self.chosen(),
            title=self.tr("Test print"),
            lang=self.lang,
            printer_factory=self.printer_factory,
        )
        job.signals.finished.connect(self._test_printed, Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(self._test_failed, Qt.ConnectionType.QueuedConnection)
        self.test_job = job
        self.test_button.setEnabled(False)
        self._say(self.tr("Printing a test page…"), ok=True)
        self.pool.start(job)

    def _test_printed(self, pages: int) -> None:
        self.test_job = None
        self.test_button.setEnabled(True)
        self._say(
            fill(self.tr("Test page sent to the printer (%1 pages). Is it clear?"), pages),
            ok=True,
        )

    def _test_failed(self, message: str) -> None:
        self.test_job = None
        self.test_button.setEnabled(True)
        self._say(message, ok=False)

    def _say(self, text: str, *, ok: bool) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("kind", "ok" if ok else "error")
        style = self.status_label.style()
        style.unpolish(self.status_label)
        style.polish(self.status_label)

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))
