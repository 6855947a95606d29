"""The Visits page (来访): the register of any days, searched, and exported to a file.

A date range (today by default, with quick choices), a visitor category and a member
(card code or part of a nickname) narrow the search; the table shows what was found,
newest first, voided visits struck through. "Export…" writes the rows shown to an
Excel (.xlsx) or CSV file chosen in a save dialog. Both run through ``ctx.ops``, off
the GUI thread: the search and export buttons are disabled while one runs, an export
shows its progress and can be cancelled (the file is only put in place when it is
whole). A refusal marks the field it names in red with the reason under the form;
the mark goes when the field is changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QPoint, QSize, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.errors import StationError
from station_app.stations import CategoryInfo, ServiceTypeInfo
from station_app.table_export import ExportCancelled, write_table
from station_app.visits import VisitInfo
from ui.feedback import display_name, fill
from ui.pages.base import Page, PageContext
from ui.pages.date_field import DateField
from ui.pages.visit_search_model import COLUMNS, Look, VisitSearchModel, column_title, table_rows

ROWS_SHOWN = 5000  # a search shows at most this many visits, the newest
TOUCH_HEIGHT = 48
GROUP_GAP = 8
CALENDAR_SIZE = QSize(420, 340)  # a day is a finger's width


class VisitsPage(Page):
    """Search the visit register by dates, category and member; export what is shown."""

    #: (rows written, rows in all), emitted from the worker while an export runs.
    export_progressed = Signal(int, int)
    #: The place of a file just exported.
    exported = Signal(str)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._categories: list[CategoryInfo] = []
        self._service_types: list[ServiceTypeInfo] = []
        self._catalog_loaded = False
        self._searched = False
        self._running = 0
        self._exporting = False
        self._cancel = threading.Event()
        self._more_than_shown = False
        self._last_folder: str | None = None
        self.model = VisitSearchModel(self._look(), self)
        self._build()
        self._fields: dict[str, QWidget] = {
            "Start date": self.start_edit,
            "End date": self.end_edit,
            "Category": self.category_combo,
            "Member": self.member_edit,
        }
        self.export_progressed.connect(self._show_progress)
        self.retranslate()
        self._set_range(self._today(), self._today())
        self._update_buttons()

    # ----------------------------------------------------------------- building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        layout.addWidget(self.heading)

        form = QGridLayout()
        form.setHorizontalSpacing(10)
        self.start_label = QLabel()
        self.start_edit = self._date_edit()
        self.end_label = QLabel()
        self.end_edit = self._date_edit()
        self.start_label.setBuddy(self.start_edit)
        self.end_label.setBuddy(self.end_edit)
        self.start_pick = self._button(lambda: self._pick_date(self.start_edit, self.start_pick))
        self.end_pick = self._button(lambda: self._pick_date(self.end_edit, self.end_pick))
        self.calendar = QCalendarWidget(self)
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumSize(CALENDAR_SIZE)
        self.calendar.clicked.connect(self._date_picked)
        self.calendar.activated.connect(self._date_picked)
        self.calendar.hide()
        self._picking: QDateEdit | None = None
        self.today_button = self._button(lambda: self._set_range(self._today(), self._today()))
        self.week_button = self._button(
            lambda: self._set_range(self._today() - timedelta(days=6), self._today())
        )
        self.month_button = self._button(
            lambda: self._set_range(self._today().replace(day=1), self._today())
        )
        dates = QHBoxLayout()
        for group in (
            (self.start_label, self.start_edit, self.start_pick),
            (self.end_label, self.end_edit, self.end_pick),
            (self.today_button, self.week_button, self.month_button),
        ):
            for w in group:
                dates.addWidget(w)
            dates.addSpacing(GROUP_GAP)
        dates.addStretch(1)
        form.addLayout(dates, 0, 0)

        self.category_label = QLabel()
        self.category_combo = QComboBox()
        self.category_combo.setMinimumHeight(TOUCH_HEIGHT)
        self.category_combo.setMinimumContentsLength(8)
        self.category_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.category_label.setBuddy(self.category_combo)
        self.member_label = QLabel()
        self.member_edit = QLineEdit()
        self.member_edit.setMinimumHeight(TOUCH_HEIGHT)
        self.member_edit.setMaxLength(64)
        self.member_edit.setClearButtonEnabled(True)
        self.member_edit.returnPressed.connect(self.search)
        self.member_label.setBuddy(self.member_edit)
        self.search_button = self._button(self.search)
        self.search_button.setProperty("role", "primary")
        self.search_button.setDefault(True)
        self.export_button = self._button(self.export)
        filters = QHBoxLayout()
        filters.addWidget(self.category_label)
        filters.addWidget(self.category_combo, 2)
        filters.addSpacing(GROUP_GAP)
        filters.addWidget(self.member_label)
        filters.addWidget(self.member_edit, 3)
        filters.addSpacing(GROUP_GAP)
        filters.addWidget(self.search_button)
        filters.addWidget(self.export_button)
        form.addLayout(filters, 1, 0)
        layout.addLayout(form)

        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        status = QHBoxLayout()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status.addWidget(self.summary_label, 1)
        self.progress = QProgressBar()
        self.progress.setMinimumHeight(TOUCH_HEIGHT // 2)
        self.progress.setMinimumWidth(240)
        self.progress.hide()
        status.addWidget(self.progress)
        self.cancel_button = self._button(self.cancel_export)
        self.cancel_button.hide()
        status.addWidget(self.cancel_button)
        layout.addLayout(status)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; the arrows go row to row
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            self.model.column_of("services"), QHeaderView.ResizeMode.Stretch
        )
        header.setMinimumSectionSize(60)
        layout.addWidget(self.table, 1)

        self.start_edit.dateChanged.connect(lambda _: self._field_changed("Start date"))
        self.end_edit.dateChanged.connect(lambda _: self._field_changed("End date"))
        self.category_combo.currentIndexChanged.connect(lambda _: self._field_changed("Category"))
        self.member_edit.textEdited.connect(lambda _: self._field_changed("Member"))

    def _date_edit(self) -> QDateEdit:
        """Typed or changed with the arrow keys; the button beside it opens a calendar
        (a finger cannot hit a spin box's small arrows)."""
        edit = DateField()
        edit.setButtonSymbols(QDateEdit.ButtonSymbols.NoButtons)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setMinimumHeight(TOUCH_HEIGHT)
        edit.setMinimumWidth(120)
        return edit

    def _pick_date(self, edit: QDateEdit, button: QPushButton) -> None:
        """The calendar, under the date's button, showing the date in the field."""
        self._picking = edit
        self.calendar.setSelectedDate(edit.date())
        below = button.mapToGlobal(QPoint(0, button.height()))
        self.calendar.move(below)
        self.calendar.show()
        self.calendar.setFocus()

    def _date_picked(self, day: QDate) -> None:
        if self._picking is not None:
            self._picking.setDate(day)
            self._picking.setFocus()
        self._picking = None
        self.calendar.hide()

    def _button(self, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton()
        button.setMinimumHeight(TOUCH_HEIGHT)
        button.clicked.connect(lambda _=False: slot())
        return button

    # ----------------------------------------------------------------- the page

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("VisitsPage", "Visits")

    @classmethod
    def icon_name(cls) -> str:
        return "x-office-calendar"

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Visits: search the register and export it"))
        self.start_label.setText(self.tr("From"))
        self.end_label.setText(self.tr("To"))
        for pick in (self.start_pick, self.end_pick):
            pick.setText(self.tr("Calendar"))
            pick.setToolTip(self.tr("Pick the date on a calendar"))
        self.today_button.setText(self.tr("Today"))
        self.week_button.setText(self.tr("Last 7 days"))
        self.month_button.setText(self.tr("This month"))
        self.category_label.setText(self.tr("Visitor"))
        self.member_label.setText(self.tr("Member"))
        self.member_edit.setPlaceholderText(self.tr("Card code or part of a nickname"))
        self.search_button.setText(self.tr("Search"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the rows shown as an Excel or CSV file"))
        self.cancel_button.setText(self.tr("Cancel export"))
        self._fill_categories()
        self.model.set_look(self._look())
        if self._searched and not self._exporting:
            self._show_summary()

    def activated(self) -> None:
        """Load the catalog once; search again with the form as it is (fresh rows)."""
        if not self._catalog_loaded:
            self._catalog_loaded = True  # asked for; a refusal asks again next time
            self.ctx.ops.run(self._load_catalog, self._catalog_came, self._catalog_refused)
        self.search()

    def reset(self) -> None:
        """Back to today's visits, every filter cleared, nothing of a member left shown."""
        self.clear_error()
        self.calendar.hide()
        self._picking = None
        self._set_range(self._today(), self._today())
        self.category_combo.setCurrentIndex(0)
        self.member_edit.clear()
        self.model.set_visits([])
        self._searched = False
        self.summary_label.clear()

    # ----------------------------------------------------------------- catalog

    def _load_catalog(self) -> tuple[list[CategoryInfo], list[ServiceTypeInfo]]:
        stations = self.ctx.services.stations
        return stations.categories(include_inactive=True), stations.service_types(
            include_inactive=True
        )

    def _catalog_came(self, catalog: tuple[list[CategoryInfo], list[ServiceTypeInfo]]) -> None:
        self._categories, self._service_types = catalog
        self._fill_categories()
        self.model.set_look(self._look())

    def _fill_categories(self) -> None:
        chosen = self.category_combo.currentData()
        self.category_combo.blockSignals(True)
        try:
            self.category_combo.clear()
            self.category_combo.addItem(self.tr("All visitors"), None)
            lang = self.ctx.lang()
            for c in self._categories:
                self.category_combo.addItem(display_name(c.name, c.name_en, lang), c.id)
            found = self.category_combo.findData(chosen) if chosen is not None else 0
            self.category_combo.setCurrentIndex(max(found, 0))
        finally:
            self.category_combo.blockSignals(False)

    def _look(self) -> Look:
        lang = self.ctx.lang()
        return Look(
            to_local=self.ctx.services.ctx.local,
            lang=lang,
            service_names={
                s.name: display_name(s.name, s.name_en, lang) for s in self._service_types
            },
            voided_word=self.tr("Voided"),
        )

    # ----------------------------------------------------------------- search

    def search(self) -> None:
        """Search with what the form says now (through ctx.ops)."""
        if self._running:
            return
        self.clear_error()
        start = _day(self.start_edit)
        end = _day(self.end_edit)
        category = self.category_combo.currentData()
        member = self.member_edit.text().strip() or None
        visits = self.ctx.services.visits
        self._begin()
        self.summary_label.setText(self.tr("Searching…"))
        self.ctx.ops.run(
            lambda: visits.search(start, end, category, member, limit=ROWS_SHOWN + 1),
            self._found,
            self._search_refused,
        )

    def _found(self, visits: list[VisitInfo]) -> None:
        self._end()
        self._searched = True
        self._more_than_shown = len(visits) > ROWS_SHOWN
        self.model.set_visits(visits[:ROWS_SHOWN])
        self.table.scrollToTop()
        self._show_summary()

    def _search_refused(self, problem: StationError) -> None:
        self._end()
        self.summary_label.clear()
        self.show_error(problem)

    def _show_summary(self) -> None:
        rows = self.model.visits()
        voided = sum(1 for v in rows if v.voided)
        if not rows:
            text = self.tr("No visits found.")
        elif self._more_than_shown:
            text = fill(
                self.tr(
                    "More than %1 visits: the newest %1 are shown. "
                    "Narrow the dates or choose a visitor or member to see the rest."
                ),
                ROWS_SHOWN,
            )
        else:
            text = fill(self.tr("%1 visits found (%2 of them voided)."), len(rows), voided)
        self.summary_label.setText(text)

    # ----------------------------------------------------------------- export

    def export(self) -> None:
        """Ask where, then write the rows shown to an .xlsx or .csv file (through ctx.ops)."""
        if self._running:
            return
        self.clear_error()
        visits = self.model.visits()
        if not visits:
            self.summary_label.setText(self.tr("Nothing to export: search first."))
            return
        start = _day(self.start_edit)
        end = _day(self.end_edit)
        name = self.tr("visits")  # the file's name: 来访记录_2026-07-01_2026-07-03.xlsx
        suggested = str(Path(self._folder()) / f"{name}_{start}_{end}.xlsx")
        excel = self.tr("Excel workbook (*.xlsx)")
        csv_filter = self.tr("CSV, comma separated (*.csv)")
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export visits"), suggested, f"{excel};;{csv_filter}"
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".csv" if "*.csv" in chosen else ".xlsx")
        self._last_folder = str(target.parent)
        headers = [column_title(c) for c in COLUMNS]
        look = self.model.look
        title = fill(self.tr("Visits %1 to %2"), start, end)
        self._cancel = threading.Event()
        cancel = self._cancel
        progressed = self.export_progressed

        def write() -> Path | None:
            rows = table_rows(visits, look)
            try:
                write_table(
                    target,
                    headers,
                    rows,
                    sheet_title=title,
                    progress=progressed.emit,
                    cancelled=cancel.is_set,
                )
            except ExportCancelled:
                return None
            return target

        self._exporting = True
        self._begin()
        self.progress.setRange(0, len(visits))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.summary_label.setText(fill(self.tr("Exporting %1 visits…"), len(visits)))
        self.ctx.ops.run(write, self._export_done, self._export_refused)

    def cancel_export(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)

    def _show_progress(self, done: int, total: int) -> None:
        if self._exporting:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)

    def _export_finished(self) -> None:
        self._exporting = False
        self.progress.hide()
        self.cancel_button.hide()
        self._end()

    def _export_done(self, target: Path | None) -> None:
        self._export_finished()
        if target is None:
            self.summary_label.setText(self.tr("Export cancelled: no file was written."))
            return
        message = fill(self.tr("%1 visits saved to %2"), len(self.model.visits()), str(target))
        self.summary_label.setText(message)
        self.ctx.say(message)
        self.exported.emit(str(target))

    def _export_refused(self, problem: StationError) -> None:
        self._export_finished()
        self._show_summary()
        self.show_error(problem)

    def _folder(self) -> str:
        if self._last_folder:
            return self._last_folder
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return docs or str(Path.home())

    # ----------------------------------------------------------------- helpers

    def _today(self) -> date:
        return self.ctx.services.ctx.today()

    def _set_range(self, start: date, end: date) -> None:
        self.start_edit.setDate(QDate(start.year, start.month, start.day))
        self.end_edit.setDate(QDate(end.year, end.month, end.day))

    def _begin(self) -> None:
        self._running += 1
        self._update_buttons()

    def _end(self) -> None:
        self._running = max(self._running - 1, 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self._running == 0
        for button in (
            self.search_button,
            self.export_button,
            self.start_pick,
            self.end_pick,
            self.today_button,
            self.week_button,
            self.month_button,
        ):
            button.setEnabled(idle)

    def _catalog_refused(self, problem: StationError) -> None:
        self._catalog_loaded = False
        self.ctx.complain(problem)

    # ----------------------------------------------------------------- errors

    def show_error(self, problem: StationError) -> None:
        """The reason under the form; the field it names (if any) in red, focused."""
        self.clear_error()
        self.error_label.setText(problem.message(self.ctx.lang()))
        self.error_label.show()
        widget = self._fields.get(problem.field or "")
        if widget is not None:
            _mark(widget, True)
            widget.setFocus()

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
        """A corrected field loses its red (and the reason with it)."""
        widget = self._fields.get(name)
        if widget is not None and widget.property("invalid") is True:
            _mark(widget, False)
            # An end date before the start is corrected by moving either of them.
            if name in ("Start date", "End date"):
                for other in ("Start date", "End date"):
                    _mark(self._fields[other], False)
            if self.field_in_error() is None:
                self.error_label.hide()
                self.error_label.clear()


def _mark(widget: QWidget, invalid: bool) -> None:
    if widget.property("invalid") is invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())
