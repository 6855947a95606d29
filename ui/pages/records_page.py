"""The Records page (记录): cleaning and disinfection, as on the sheet on the wall.

Pick or type where (哺乳室, 休息区 …) and what was done (清洁, 消毒 …), add a note if
you like, and tap Add: one record with who and when, kept for good. The list shows
the last 7 days, newest first. Records are append-only (the database refuses any
change): the page offers no edit or delete and says so; a mistake is put right by a
new record with a note.

:class:`CleaningReminder` is a small label for the home page: every minute it asks
whether a cleaning is due (the interval and opening hours come from the kiosk's
settings) and shows "距上次消毒已超过 N 小时" while one is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.errors import StationError
from station_app.records import (
    AREA_LEN,
    DEFAULT_CLOSES,
    DEFAULT_INTERVAL_HOURS,
    DEFAULT_OPENS,
    DONE_LEN,
    NOTE_LEN,
    CleaningInfo,
    ReminderInfo,
)
from ui.feedback import fill
from ui.forms import FieldErrors
from ui.ops import Unexpected
from ui.pages.base import Page, PageContext
from ui.printing import app_settings
from ui.rows_model import Column, RowsModel

TOUCH = 48  # px: the least height of anything a finger taps
FORM_WIDTH = 440  # px: the form keeps to this; the list takes the rest
LIST_DAYS = 7
REMINDER_MS = 60_000

# The kiosk's settings (QSettings) for the reminder.
KEY_INTERVAL = "records/interval_hours"
KEY_OPENS = "records/opens"
KEY_CLOSES = "records/closes"


COLUMNS: tuple[Column, ...] = (
    Column("at", str(QT_TRANSLATE_NOOP("CleaningTableModel", "Time"))),
    Column("area", str(QT_TRANSLATE_NOOP("CleaningTableModel", "Area"))),
    Column("done", str(QT_TRANSLATE_NOOP("CleaningTableModel", "What was done"))),
    Column("actor", str(QT_TRANSLATE_NOOP("CleaningTableModel", "By"))),
    Column("note", str(QT_TRANSLATE_NOOP("CleaningTableModel", "Note"))),
)


class CleaningTableModel(RowsModel[CleaningInfo]):
    """Cleaning records, one frozen :class:`CleaningInfo` per row, newest first; the
    columns are :data:`COLUMNS`, their headers translated in this model's context."""

    CONTEXT = "CleaningTableModel"

    def __init__(
        self, to_local: Callable[[datetime], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, COLUMNS)
        self._to_local = to_local

    def set_records(self, records: Sequence[CleaningInfo]) -> None:
        self.set_rows(records)

    def record_at(self, row: int) -> CleaningInfo | None:
        return self.row_at(row)

    def row_id(self, row: CleaningInfo) -> int | None:
        return row.id

    def text(self, row: CleaningInfo, column: int) -> str:
        key = COLUMNS[column].key
        if key == "at":
            return self._to_local(row.at).strftime("%m-%d %H:%M")
        if key == "area":
            return row.area
        if key == "done":
            return row.done
        if key == "actor":
            return row.actor_name
        return row.note

    def cell_data(self, number: int, row: CleaningInfo, column: int, role: int) -> Any:
        key = COLUMNS[column].key
        if role == Qt.ItemDataRole.ToolTipRole and key in ("done", "note"):
            return row.done if key == "done" else row.note or None
        return None


def _choice_combo(max_len: int) -> tuple[QComboBox, QLineEdit]:
    """A combo of common choices that also takes free text (its line edit); empty at first."""
    combo = QComboBox()
    edit = QLineEdit()
    edit.setMaxLength(max_len)
    combo.setLineEdit(edit)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMaxVisibleItems(12)
    return combo, edit


class RecordsPage(Page):
    """Add a cleaning or disinfection record; the last 7 days' records."""

    #: A record was added (the home page's reminder may ask again).
    recorded = Signal(int)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = CleaningTableModel(ctx.services.ctx.local, self)

        self.form_box = QGroupBox()
        self.form_title = QLabel()
        self.form_title.setObjectName("sectionTitle")
        self.area_label = QLabel()
        self.area_combo, self.area_edit = _choice_combo(AREA_LEN)
        self.done_label = QLabel()
        self.done_combo, self.done_edit = _choice_combo(DONE_LEN)
        self.note_label = QLabel()
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(NOTE_LEN)
        self.add_button = QPushButton()
        self.add_button.setProperty("role", "primary")
        self.add_button.clicked.connect(self.add_record)
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.append_only_label = QLabel()
        self.append_only_label.setWordWrap(True)
        self.last_label = QLabel()
        self.last_label.setWordWrap(True)
        self.last_label.setObjectName("sectionTitle")

        form = QFormLayout()
        form.addRow(self.area_label, self.area_combo)
        form.addRow(self.done_label, self.done_combo)
        form.addRow(self.note_label, self.note_edit)
        for label in (self.area_label, self.done_label, self.note_label):
            label.setMinimumHeight(TOUCH)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        box_layout = QVBoxLayout(self.form_box)
        box_layout.addWidget(self.form_title)
        box_layout.addLayout(form)
        box_layout.addWidget(self.error_label)
        box_layout.addWidget(self.add_button)
        box_layout.addWidget(self.last_label)
        box_layout.addWidget(self.append_only_label)
        box_layout.addStretch(1)

        # Fields the service names in a refusal (StationError.field): red until edited.
        self.errors = FieldErrors(self.error_label, ctx.lang)
        self.errors.bind("Area", self.area_combo)
        self.errors.bind("What was done", self.done_combo)
        self.errors.bind("Note", self.note_edit)
        self.note_edit.returnPressed.connect(self.add_record)

        self.list_title = QLabel()
        self.list_title.setObjectName("sectionTitle")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves it; the arrows go row to row
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(TOUCH)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for stretched in ("done", "note"):
            header.setSectionResizeMode(
                [c.key for c in COLUMNS].index(stretched), QHeaderView.ResizeMode.Stretch
            )
        self.empty_label = QLabel()
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)

        top = QHBoxLayout()
        top.addWidget(self.list_title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.empty_label)

        layout = QHBoxLayout(self)
        self.form_box.setMaximumWidth(FORM_WIDTH)
        layout.addWidget(self.form_box, 2)
        layout.addWidget(right, 3)

        for widget in (
            self.area_combo,
            self.done_combo,
            self.note_edit,
            self.add_button,
            self.refresh_button,
        ):
            widget.setMinimumHeight(TOUCH)

        self.retranslate()
        self._update_buttons()

    # ----------------------------------------------------------------- the page

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("RecordsPage", "Records")

    @classmethod
    def icon_name(cls) -> str:
        return "document-edit"

    def activated(self) -> None:
        self.refresh()

    def retranslate(self) -> None:
        self.form_title.setText(self.tr("Add a cleaning or disinfection record"))
        self.area_label.setText(self.tr("Area"))
        self.done_label.setText(self.tr("What was done"))
        self.note_label.setText(self.tr("Note (optional)"))
        self._fill(
            self.area_combo,
            [
                self.tr("Nursing room"),
                self.tr("Rest area"),
                self.tr("Toilet"),
                self.tr("Fridge"),
                self.tr("Microwave"),
                self.tr("Water dispenser"),
                self.tr("Tables and chairs"),
            ],
        )
        self._fill(
            self.done_combo,
            [
                self.tr("Cleaning"),
                self.tr("Disinfection"),
                self.tr("UV disinfection"),
                self.tr("Changed the bin bags"),
                self.tr("Wiped with disinfectant"),
                self.tr("Aired the room"),
            ],
        )
        self.area_edit.setPlaceholderText(self.tr("Choose or type where"))
        self.done_edit.setPlaceholderText(self.tr("Choose or type what was done"))
        self.note_edit.setPlaceholderText(self.tr("e.g. the floor mopped too"))
        self.add_button.setText(self.tr("Add record"))
        self.append_only_label.setText(
            self.tr(
                "Records are kept as written: they cannot be changed or deleted. "
                "To correct one, add a new record with a note."
            )
        )
        self.list_title.setText(self.tr("The last 7 days"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.empty_label.setText(self.tr("No records in the last 7 days."))
        self._show_last()
        self.model.retranslate()

    def reset(self) -> None:
        self._clear_form()

    # ----------------------------------------------------------------- actions

    def add_record(self) -> None:
        if not self.add_button.isEnabled():
            return
        actor = self.ctx.actor()
        area = self.area_combo.currentText()
        done = self.done_combo.currentText()
        note = self.note_edit.text()
        self.errors.clear()
        records = self.ctx.services.records
        self.run_call(
            lambda: records.record(actor, area, done, note), self._added, self.errors.show
        )

    def refresh(self) -> None:
        """Reload the last 7 days (today and the 6 before it, local days)."""
        services = self.ctx.services
        today = services.ctx.today()
        self.run_call(
            lambda: services.records.records(today - timedelta(days=LIST_DAYS - 1), today),
            self._loaded,
        )

    # ----------------------------------------------------------------- results

    def _added(self, record: CleaningInfo) -> None:
        self._clear_form()
        self.ctx.say(
            fill(
                self.tr("Recorded: %1, %2 at %3"),
                record.area,
                record.done,
                self.ctx.services.ctx.local(record.at).strftime("%H:%M"),
            )
        )
        self.recorded.emit(record.id)
        self.refresh()

    def _loaded(self, records: list[CleaningInfo]) -> None:
        self.model.set_records(records)
        self.empty_label.setVisible(not records)
        self._show_last()

    def _show_last(self) -> None:
        last = self.model.record_at(0)
        if last is None:
            self.last_label.clear()
            self.last_label.hide()
            return
        self.last_label.setText(
            fill(
                self.tr("Last: %1 · %2 · %3"),
                self.ctx.services.ctx.local(last.at).strftime("%m-%d %H:%M"),
                last.area,
                last.done,
            )
        )
        self.last_label.show()

    # ----------------------------------------------------------------- helpers

    def calls_changed(self) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(not self.busy)
        self.refresh_button.setEnabled(not self.busy)

    @staticmethod
    def _fill(combo: QComboBox, choices: list[str]) -> None:
        """Set the common choices (in the current language), keeping what is typed."""
        typed = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(choices)
        combo.setCurrentIndex(-1)
        combo.setEditText(typed)
        combo.blockSignals(False)

    def _clear_form(self) -> None:
        for combo in (self.area_combo, self.done_combo):
            combo.setCurrentIndex(-1)
            combo.setEditText("")
        self.note_edit.clear()
        self.errors.clear()


class CleaningReminder(QLabel):
    """ "More than N hours since the last cleaning", shown while a cleaning is due.

    Asks ``services.records.due`` through ``ctx.ops`` now and every minute (and on
    :meth:`refresh`, e.g. after a record is added), with the interval and opening
    hours from the kiosk's settings (``records/interval_hours``, default 4;
    ``records/opens`` "07:00"; ``records/closes`` "21:00"). Hidden when nothing is
    due. A tap on it emits ``open_requested`` (the window shows the Records page).
    """

    open_requested = Signal()

    def __init__(
        self,
        ctx: PageContext,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        interval_ms: int = REMINDER_MS,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings if settings is not None else app_settings()
        self.due: ReminderInfo | None = None
        self._problem: StationError | None = None
        self._asking = False
        self._again = False
        self._bug_told = False
        self.setObjectName("cleaningReminder")
        self.setWordWrap(True)
        self.setMinimumHeight(TOUCH)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "QLabel#cleaningReminder { background: #fff4e5; color: #8a4b00; font-size: 18px;"
            " font-weight: bold; border: 2px solid #f0a030; border-radius: 6px; padding: 8px; }"
        )
        self.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def setting(self) -> tuple[object, object, object]:
        """The interval (hours), opening and closing time, as the kiosk's settings hold
        them (the service checks them and names a wrong one)."""
        s = self.settings
        return (
            s.value(KEY_INTERVAL, DEFAULT_INTERVAL_HOURS),
            s.value(KEY_OPENS, DEFAULT_OPENS.strftime("%H:%M")),
            s.value(KEY_CLOSES, DEFAULT_CLOSES.strftime("%H:%M")),
        )

    def refresh(self) -> None:
        """Ask again whether a cleaning is due (one question at a time)."""
        if self._asking:
            self._again = True
            return
        self._asking = True
        interval, opens, closes = self.setting()
        records = self.ctx.services.records
        self.ctx.ops.run(
            lambda: records.due(interval, opens, closes),  # type: ignore[arg-type]
            self._answered,
            self._refused,
        )

    def retranslate(self) -> None:
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._show()
        super().changeEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.open_requested.emit()
        super().mouseReleaseEvent(event)

    def _answered(self, reminder: ReminderInfo | None) -> None:
        self.due, self._problem = reminder, None
        self._bug_told = False
        self._done_asking()

    def _refused(self, problem: StationError) -> None:
        # A wrong setting is shown in place of the reminder (a supervisor can fix it);
        # a busy database keeps what was shown and is asked again in a minute; a bug
        # (already in the log) is said once, in the window's notice.
        if problem.field:
            self.due, self._problem = None, problem
        elif isinstance(problem, Unexpected) and not self._bug_told:
            self._bug_told = True
            self.ctx.complain(problem)
        self._done_asking()

    def _done_asking(self) -> None:
        self._asking = False
        self._show()
        if self._again:
            self._again = False
            self.refresh()

    def _show(self) -> None:
        if self._problem is not None:
            self.setText(
                fill(
                    self.tr("Cleaning reminder: the setting is wrong (%1)"),
                    self._problem.message(self.ctx.lang()),
                )
            )
            self.show()
            return
        r = self.due
        if r is None:
            self.clear()
            self.hide()
            return
        if r.none_today:
            text = fill(
                self.tr("Open for more than %1 hours and no cleaning recorded today"), r.hours
            )
        else:
            text = fill(self.tr("More than %1 hours since the last cleaning"), r.hours)
        self.setText(text)
        self.setToolTip(self.tr("Tap to add a cleaning or disinfection record"))
        self.show()
