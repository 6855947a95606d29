"""The Reports page (报表): the monthly log a supervisor signs, and the year summary.

The supervisor picks the month (last month unless changed), the parts of the log and
the language of the document (the window's unless changed). **Preview** reads the
month and makes its PDF on a worker, with a progress bar and a Cancel button that
stops it between two pieces of the document, then shows the pages in the page
(:class:`ui.pdf_view.PdfView`). **Year summary** does the same for the chosen year.
**Print** hands the PDF shown to the printer chosen in the print settings; **Save…**
writes it as PDF (with the district file beside it), Excel, CSV files into a folder,
or the district file alone: each file is written whole under a temporary name and
renamed into place, so a refusal or a cancel leaves nothing behind. Print and Save act
on the document shown, and only while the form still says what it was made from.

A refusal (a month in the future, no part chosen, a folder that cannot be written)
is shown under the form, the field it names in red until it is changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QStandardPaths, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.errors import PermissionDenied, StationError
from station_app.paper import REPORT_PARTS as PARTS
from station_app.reports import Month, MonthlyLog, YearSummary
from station_app.table_export import ExportCancelled
from ui.feedback import fill
from ui.ops import Ops
from ui.pages.base import Page, PageContext
from ui.pdf_view import PdfView

TOUCH_HEIGHT = 48
GROUP_GAP = 16
YEARS_BACK = 10  # the year list: this year and the ten before it
FORMATS = ("pdf", "xlsx", "csv", "json")
YEAR_FORMATS = ("pdf", "xlsx")  # the year summary has no CSV or district file
PARTS_STYLE = (  # boxes a finger can tick; framed in red, like a refused field, when none is
    "QCheckBox { spacing: 8px; padding-right: 12px; }"
    " QCheckBox::indicator { width: 26px; height: 26px; }"
    ' QFrame#reportParts[invalid="true"] { border: 2px solid #d93025; border-radius: 4px; }'
)


@dataclass(frozen=True)
class Shown:
    """The document in the viewer and what it was made from."""

    key: tuple[object, ...]  # the form's choices it was made from (see ReportsPage._key)
    pdf: bytes
    title: str  # the printout's name; the status line's
    lang: str  # the document's language
    parts: tuple[str, ...] = PARTS  # a month's log: the parts it holds
    log: MonthlyLog | None = None  # a month's log …
    summary: YearSummary | None = None  # … or a year's summary

    @property
    def is_year(self) -> bool:
        return self.summary is not None


def supervisor_needed() -> PermissionDenied:
    return PermissionDenied(
        "报表只能由负责人生成：请负责人登录（或输入负责人 PIN）后再操作",
        "Only a supervisor can make the reports: ask a supervisor to sign in "
        "(or to type their PIN) first",
    )


class ReportsPage(Page):
    """Preview, print and save the monthly log and the year summary."""

    supervisor_only = True

    #: (pieces done, pieces in all), emitted from the worker while a document is made.
    progressed = Signal(int, int)
    #: A document is shown in the viewer (its page count).
    shown = Signal(int)
    #: Files just written (their paths, as text).
    saved = Signal(list)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # A report of a busy month takes seconds; the window's own worker runs one call
        # at a time, so a report there would hold every check-in tapped meanwhile. The
        # page has a worker of its own: the report reads in its own read-only snapshot
        # (SQLite in WAL mode lets the kiosk's writes go on beside it) and the kiosk's
        # calls never wait behind it.
        self.report_ops = Ops(ctx.ops.log_path, self)
        self._current: Shown | None = None
        self._cancel: threading.Event | None = None  # set: the job running stops
        self._job = ""  # what runs: "", "preview", "year", "save"
        self._touched = False
        self._last_folder: str | None = None
        self._build()
        self._fields: dict[str, QWidget] = {
            "Month": self.month_combo,
            "Year": self.year_combo,
            "Parts": self.parts_frame,
            "Language": self.lang_combo,
        }
        self.progressed.connect(self._show_progress)
        self.retranslate()
        self._set_defaults()
        self._update_buttons()

    # ----------------------------------------------------------------- building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        layout.addWidget(self.heading)

        choice = QHBoxLayout()
        self.month_label = QLabel()
        self.year_combo = self._combo(6)
        self.month_combo = self._combo(6)
        self.month_label.setBuddy(self.year_combo)
        self.lang_label = QLabel()
        self.lang_combo = self._combo(8)
        self.lang_combo.addItem("中文", "zh")  # each language by its own name
        self.lang_combo.addItem("English", "en")
        self.lang_label.setBuddy(self.lang_combo)
        for widget in (self.month_label, self.year_combo, self.month_combo):
            choice.addWidget(widget)
        choice.addSpacing(GROUP_GAP)
        choice.addWidget(self.lang_label)
        choice.addWidget(self.lang_combo)
        choice.addStretch(1)
        layout.addLayout(choice)

        self.parts_frame = QFrame()
        self.parts_frame.setObjectName("reportParts")
        self.parts_frame.setStyleSheet(PARTS_STYLE)
        parts = QHBoxLayout(self.parts_frame)
        parts.setContentsMargins(4, 0, 4, 0)
        self.parts_label = QLabel()
        parts.addWidget(self.parts_label)
        self.part_boxes: dict[str, QCheckBox] = {}
        for name in PARTS:
            box = QCheckBox()
            box.setMinimumHeight(TOUCH_HEIGHT)
            box.setChecked(True)
            box.toggled.connect(lambda _=False: self._field_changed("Parts"))
            self.part_boxes[name] = box
            parts.addWidget(box)
        parts.addStretch(1)
        layout.addWidget(self.parts_frame)

        actions = QHBoxLayout()
        self.preview_button = self._button(self.preview)
        self.preview_button.setProperty("role", "primary")
        self.year_button = self._button(self.year_summary)
        self.print_button = self._button(self.print_shown)
        # Hidden only without a printer: setVisible(True) on a button with no parent yet
        # would open it as a window of its own, which takes the keys from the kiosk.
        if self.ctx.printing is None:
            self.print_button.hide()
        self.format_label = QLabel()
        self.format_combo = self._combo(12)
        self.format_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for name in FORMATS:
            self.format_combo.addItem("", name)
        self.format_label.setBuddy(self.format_combo)
        self.save_button = self._button(self.save)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.year_button)
        actions.addSpacing(GROUP_GAP)
        actions.addWidget(self.print_button)
        actions.addSpacing(GROUP_GAP)
        actions.addWidget(self.format_label)
        actions.addWidget(self.format_combo)
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        status = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(TOUCH_HEIGHT)  # the row keeps its height when
        # the progress bar and Cancel come and go
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status.addWidget(self.status_label, 1)
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(240)
        self.progress.hide()
        status.addWidget(self.progress)
        self.cancel_button = self._button(self.cancel)
        self.cancel_button.hide()
        status.addWidget(self.cancel_button)
        layout.addLayout(status)

        self.viewer = PdfView()
        layout.addWidget(self.viewer, 1)

        self.year_combo.currentIndexChanged.connect(lambda _: self._field_changed("Year"))
        self.month_combo.currentIndexChanged.connect(lambda _: self._field_changed("Month"))
        self.lang_combo.currentIndexChanged.connect(lambda _: self._field_changed("Language"))

    def _combo(self, letters: int) -> QComboBox:
        combo = QComboBox()
        combo.setMinimumHeight(TOUCH_HEIGHT)
        combo.setMinimumContentsLength(letters)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def _button(self, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton()
        button.setMinimumHeight(TOUCH_HEIGHT)
        button.clicked.connect(lambda _=False: slot())
        return button

    # ----------------------------------------------------------------- the page

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ReportsPage", "Reports")

    @classmethod
    def icon_name(cls) -> str:
        return "x-office-document"

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Reports: the monthly log and the year summary"))
        self.month_label.setText(self.tr("Month"))
        self.year_combo.setToolTip(self.tr("Year"))
        self._fill_months()
        self.lang_label.setText(self.tr("Language of the document"))
        self.parts_label.setText(self.tr("Parts"))
        names = {
            "summary": self.tr("Summary"),
            "register": self.tr("Visit register"),
            "stock": self.tr("Stock ledger"),
            "roster": self.tr("Relief roster"),
            "cleaning": self.tr("Cleaning record"),
        }
        for name, box in self.part_boxes.items():
            box.setText(names[name])
        self.preview_button.setText(self.tr("Preview"))
        self.preview_button.setToolTip(self.tr("Make the month's log and show it here"))
        self.year_button.setText(self.tr("Year summary"))
        self.year_button.setToolTip(self.tr("Make the summary of the chosen year and show it"))
        self.print_button.setText(self.tr("Print"))
        self.print_button.setToolTip(self.tr("Print the document shown on the chosen printer"))
        self.format_label.setText(self.tr("Save as"))
        labels = {
            "pdf": self.tr("PDF (and the district file)"),
            "xlsx": self.tr("Excel workbook"),
            "csv": self.tr("CSV files in a folder"),
            "json": self.tr("District file (JSON)"),
        }
        for i in range(self.format_combo.count()):
            self.format_combo.setItemText(i, labels[str(self.format_combo.itemData(i))])
        self.save_button.setText(self.tr("Save…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._show_state()

    def activated(self) -> None:
        """A form nobody has changed follows the calendar: last month, this year."""
        if not self._touched and not self._job:
            self._set_defaults()

    def reset(self) -> None:
        """The idle timeout: stop what runs, show nothing, the form back to its defaults."""
        if self._cancel is not None:
            self._cancel.set()
        self._current = None
        self.viewer.clear()
        self._set_defaults()
        self.clear_error()
        self._show_state()
        self._update_buttons()

    # ----------------------------------------------------------------- the form

    def _set_defaults(self) -> None:
        today = self.ctx.services.ctx.today()
        last = today.replace(day=1) - timedelta(days=1)
        self._fill_years(today.year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(last.year), 0))
        self.month_combo.setCurrentIndex(last.month - 1)
        self.lang_combo.setCurrentIndex(0 if self._window_lang() == "zh" else 1)
        for box in self.part_boxes.values():
            box.setChecked(True)
        self._touched = False
        self.clear_error()

    def _fill_years(self, this_year: int) -> None:
        chosen = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        try:
            self.year_combo.clear()
            for year in range(this_year, max(this_year - YEARS_BACK, 2000) - 1, -1):
                self.year_combo.addItem(str(year), year)
            self.year_combo.setCurrentIndex(max(self.year_combo.findData(chosen), 0))
        finally:
            self.year_combo.blockSignals(False)

    def _fill_months(self) -> None:
        locale = QLocale("en_US" if self._window_lang() == "en" else "zh_CN")
        chosen = self.month_combo.currentIndex()
        self.month_combo.blockSignals(True)
        try:
            self.month_combo.clear()
            for n in range(1, 13):
                self.month_combo.addItem(locale.standaloneMonthName(n), n)
            self.month_combo.setCurrentIndex(max(chosen, 0))
        finally:
            self.month_combo.blockSignals(False)

    def _month_text(self, month: Month) -> str:
        """The month in the window's language: 2026年6月, June 2026."""
        if self._window_lang() == "en":
            return f"{QLocale('en_US').standaloneMonthName(month.month)} {month.year}"
        return f"{month.year}年{month.month}月"

    def _window_lang(self) -> str:
        return "en" if self.ctx.lang().startswith("en") else "zh"

    def chosen_month(self) -> Month:
        return Month(int(self.year_combo.currentData()), int(self.month_combo.currentData()))

    def chosen_parts(self) -> tuple[str, ...]:
        return tuple(name for name in PARTS if self.part_boxes[name].isChecked())

    def chosen_lang(self) -> str:
        return str(self.lang_combo.currentData())

    def _key(self, year: bool) -> tuple[object, ...]:
        """What a document is made from: Print and Save need the form to say it still."""
        if year:
            return ("year", int(self.year_combo.currentData()), self.chosen_lang())
        return ("month", self.chosen_month(), self.chosen_parts(), self.chosen_lang())

    def shown_document(self) -> Shown | None:
        """The document in the viewer while the form still says what it was made from."""
        current = self._current
        if current is None or current.key != self._key(current.is_year):
            return None
        return current

    # ----------------------------------------------------------------- making

    def preview(self) -> None:
        """Make the chosen month's log (on the page's worker) and show it."""
        if self._job or not self._supervisor_here():
            return
        month, parts, lang = self.chosen_month(), self.chosen_parts(), self.chosen_lang()
        key = self._key(year=False)
        title = fill(self.tr("Monthly log %1"), self._month_text(month))
        prepared_by = self.ctx.actor().name
        reports = self.ctx.services.reports
        cancel = self._begin(
            "preview", fill(self.tr("Making the monthly log of %1…"), self._month_text(month))
        )
        progressed = self.progressed

        def make() -> Shown | None:
            # The report modules (and reportlab) load with the first report, not at start.
            from station_app.report_files import check_parts, monthly_pdf

            check_parts(parts)  # no part chosen: refused before the month is read
            log = reports.monthly(month, prepared_by)
            if cancel.is_set():
                return None
            try:
                pdf = monthly_pdf(
                    log, parts, lang, progress=progressed.emit, cancelled=cancel.is_set
                )
            except ExportCancelled:
                return None
            return Shown(key, pdf, title, lang, parts, log=log)

        self.report_ops.run(make, self._made, self._refused)

    def year_summary(self) -> None:
        """Make the chosen year's summary (on the page's worker) and show it. It has no
        progress of its own: the bar runs until it is done; a cancel stops it after the
        read (most of the time) or after the PDF, and nothing is shown."""
        if self._job or not self._supervisor_here():
            return
        year, lang = int(self.year_combo.currentData()), self.chosen_lang()
        key = self._key(year=True)
        title = fill(self.tr("Year summary %1"), year)
        reports = self.ctx.services.reports
        cancel = self._begin("year", fill(self.tr("Making the summary of %1…"), year))

        def make() -> Shown | None:
            from station_app.report_files import year_pdf

            summary = reports.year(year)
            if cancel.is_set():
                return None
            pdf = year_pdf(summary, lang)
            if cancel.is_set():
                return None
            return Shown(key, pdf, title, lang, summary=summary)

        self.report_ops.run(make, self._made, self._refused)

    def _made(self, shown: Shown | None) -> None:
        if self._cancel is not None and self._cancel.is_set():
            shown = None  # made all the same, just as Cancel was pressed: not shown
        self._end()
        if shown is None:
            self.status_label.setText(self.tr("Cancelled: nothing was made."))
            return
        self._current = shown
        pages = self.viewer.set_pdf(shown.pdf)
        self._show_state()
        self._update_buttons()
        self.shown.emit(pages)

    def cancel(self) -> None:
        """Stop the document being made (it stops before its next piece)."""
        if self._cancel is not None and self._job:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Stopping…"))

    # ----------------------------------------------------------------- print and save

    def print_shown(self) -> None:
        """Send the document shown to the printer chosen in the print settings."""
        printing = self.ctx.printing
        shown = self.shown_document()
        if printing is None or self._job or not self._supervisor_here():
            return
        if shown is None:
            self.status_label.setText(self._nothing_shown_text())
            return
        printing.print_document(shown.pdf, shown.title)
        message = fill(self.tr("Sent to the printer: %1 (%2 pages)"), shown.title, self._pages())
        self.status_label.setText(message)
        self.ctx.say(message)

    def save(self) -> None:
        """Ask where, then write the document shown in the format chosen (on the page's
        worker, whole or not at all)."""
        if self._job or not self._supervisor_here():
            return
        shown = self.shown_document()
        if shown is None:
            self.status_label.setText(self._nothing_shown_text())
            return
        kind = str(self.format_combo.currentData())
        if shown.summary is not None:
            self._save_year(shown, shown.summary, kind)
        elif shown.log is not None:
            self._save_month(shown, shown.log, kind)

    def _save_month(self, shown: Shown, log: MonthlyLog, kind: str) -> None:
        from station_app.report_files import MonthlyTargets, district_file_name, save_monthly

        stem = f"{log.station_code}-{log.month}"
        if kind == "csv":
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Choose the folder for the CSV files"), self._folder()
            )
            if not folder:
                return
            targets = MonthlyTargets(csv_dir=Path(folder))
            self._last_folder = folder
        else:
            path = self._ask_file(kind, stem if kind != "json" else district_file_name(log))
            if path is None:
                return
            targets = MonthlyTargets(
                pdf=path if kind == "pdf" else None,
                xlsx=path if kind == "xlsx" else None,
                json=path if kind == "json" else None,
            )
        cancel = self._begin("save", fill(self.tr("Saving %1…"), shown.title))
        progressed = self.progressed

        def write() -> list[Path] | None:
            try:
                return save_monthly(
                    log,
                    targets,
                    parts=shown.parts,
                    lang=shown.lang,
                    progress=progressed.emit,
                    cancelled=cancel.is_set,
                )
            except ExportCancelled:
                return None

        self.report_ops.run(write, self._saved, self._refused)

    def _save_year(self, shown: Shown, summary: YearSummary, kind: str) -> None:
        if kind not in YEAR_FORMATS:
            kind = "pdf"
            self.format_combo.setCurrentIndex(FORMATS.index(kind))
        path = self._ask_file(kind, f"{summary.station_code}-{summary.year}")
        if path is None:
            return
        lang = shown.lang
        # A year's PDF is two pages: it is written at once, nothing to cancel.
        self._begin("save", fill(self.tr("Saving %1…"), shown.title), can_cancel=False)

        def write() -> list[Path]:
            from station_app.report_files import save_year

            if kind == "pdf":
                return save_year(summary, pdf=path, lang=lang)
            return save_year(summary, xlsx=path, lang=lang)

        self.report_ops.run(write, self._saved, self._refused)

    def _ask_file(self, kind: str, name: str) -> Path | None:
        filters = {
            "pdf": self.tr("PDF document (*.pdf)"),
            "xlsx": self.tr("Excel workbook (*.xlsx)"),
            "json": self.tr("District file (*.json)"),
        }
        suffix = f".{kind}"
        suggested = Path(self._folder()) / (name if name.endswith(suffix) else name + suffix)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report"), str(suggested), filters[kind]
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        self._last_folder = str(target.parent)
        return target

    def _saved(self, paths: list[Path] | None) -> None:
        self._end()
        if paths is None:
            self.status_label.setText(self.tr("Cancelled: no file was written."))
            return
        where = "\n".join(str(p) for p in paths)
        if len(paths) == 1:
            message = fill(self.tr("Saved to %1"), where)
        else:
            message = fill(self.tr("Saved %1 files:"), len(paths)) + "\n" + where
        self.status_label.setText(message)
        self.ctx.say(message.replace("\n", "  "))
        self.saved.emit([str(p) for p in paths])

    def _folder(self) -> str:
        if self._last_folder:
            return self._last_folder
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return docs or str(Path.home())

    # ----------------------------------------------------------------- running

    def _supervisor_here(self) -> bool:
        if self.ctx.actor().is_supervisor:
            return True
        self.show_error(supervisor_needed())
        return False

    def _begin(self, job: str, text: str, *, can_cancel: bool = True) -> threading.Event:
        self.clear_error()
        self._job = job
        self._cancel = threading.Event()
        self.progress.setRange(0, 0)  # reading: no measure yet
        self.progress.show()
        self.cancel_button.setVisible(can_cancel)
        self.cancel_button.setEnabled(can_cancel)
        self.status_label.setText(text)
        self._update_buttons()
        return self._cancel

    def _end(self) -> None:
        self._job = ""
        self._cancel = None
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _show_progress(self, done: int, total: int) -> None:
        if self._job and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _refused(self, problem: StationError) -> None:
        self._end()
        self._show_state()
        self.show_error(problem)

    def running(self) -> bool:
        return bool(self._job)

    def _pages(self) -> int:
        return self.viewer.page_count()

    def _nothing_shown_text(self) -> str:
        if self._current is None:
            return self.tr("Preview the month (or the year summary) first, then print or save it.")
        return self.tr("The choices have changed since the preview: preview again first.")

    def _show_state(self) -> None:
        """The status line: what is shown, and whether Print and Save can act on it."""
        if self._job:
            return
        current = self._current
        if current is None:
            self.status_label.setText(
                self.tr("Choose the month and the parts, then press Preview.")
            )
        elif self.shown_document() is None:
            self.status_label.setText(
                fill(self.tr("Shown: %1. %2"), current.title, self._nothing_shown_text())
            )
        else:
            self.status_label.setText(
                fill(self.tr("Shown: %1 (%2 pages)."), current.title, self._pages())
            )

    def _update_buttons(self) -> None:
        idle = not self._job
        ready = idle and self.shown_document() is not None
        self.preview_button.setEnabled(idle)
        self.year_button.setEnabled(idle)
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.format_combo.setEnabled(idle)
        current = self._current
        year_shown = current is not None and current.is_year
        model = self.format_combo.model()
        if isinstance(model, QStandardItemModel):
            for i, name in enumerate(FORMATS):
                item = model.item(i)
                if item is not None:
                    item.setEnabled(not year_shown or name in YEAR_FORMATS)
        if year_shown and self.format_combo.currentData() not in YEAR_FORMATS:
            self.format_combo.setCurrentIndex(0)

    # ----------------------------------------------------------------- errors

    def show_error(self, problem: StationError) -> None:
        """The reason under the form; the field it names (if any) in red."""
        self.clear_error()
        self.error_label.setText(problem.message(self.ctx.lang()))
        self.error_label.show()
        widget = self._fields.get(problem.field or "")
        if widget is not None:
            _mark(widget, True)
            if problem.field == "Month":
                _mark(self.year_combo, True)

    def clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
        for widget in self._fields.values():
            _mark(widget, False)

    def field_in_error(self) -> str | None:
        for name, widget in self._fields.items():
            if widget.property("invalid") is True:
                return name
        return None

    def _field_changed(self, name: str) -> None:
        """A changed field loses its red; Print and Save follow what the form says."""
        self._touched = True
        # The month is chosen with two lists: a change of either corrects it.
        names = ("Month", "Year") if name in ("Month", "Year") else (name,)
        widgets = [self._fields[n] for n in names]
        if any(w.property("invalid") is True for w in widgets):
            for widget in widgets:
                _mark(widget, False)
            if self.field_in_error() is None:
                self.error_label.hide()
                self.error_label.clear()
        self._show_state()
        self._update_buttons()


def _mark(widget: QWidget, invalid: bool) -> None:
    if widget.property("invalid") is invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
