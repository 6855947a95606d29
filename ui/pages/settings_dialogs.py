"""The Settings page's pieces: its table model and its small forms.

A form's refusal is shown under it and turns the field it names red until that field
is edited (:class:`ui.forms.FieldErrors`). :class:`SettingsTableModel` is the window's table model
(:class:`ui.rows_model.RowsModel`) with columns declared as data (:class:`Column`)
and retired rows drawn grey. Each dialog builds one service call
from what was typed and runs it through ``ctx.ops``: a refusal keeps the dialog
open with its field marked, and nothing is written; a result closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QDate,
    QEvent,
    QObject,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.context import Actor
from station_app.errors import InvalidInput, StationError
from ui import rows_model
from ui.feedback import fill
from ui.forms import FieldErrors, error_label
from ui.pages.base import PageContext
from ui.pages.date_field import DateField
from ui.rows_model import CENTRED, brush

T = TypeVar("T")

TOUCH = 48  # the smallest height a finger hits reliably
MUTED = "#9aa0a6"

# Fields the kiosk stylesheet does not outline in red; these forms do.
FORM_STYLE = """
QListWidget[invalid="true"], QTableWidget[invalid="true"] { border: 2px solid #d93025; }
QCheckBox[invalid="true"] { color: #d93025; font-weight: bold; }
"""


def touch(*widgets: QWidget) -> None:
    """At least a finger's height, whatever the theme says."""
    for w in widgets:
        w.setMinimumHeight(TOUCH)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header (English source text, translated in the "SettingsPage"
    context when shown) and the text of a row's cell."""

    header: str
    text: Callable[[T], str]
    centred: bool = False
    stretch: bool = False  # takes the room left (long text, cut short with "…")


class SettingsTableModel(rows_model.RowsModel[T]):
    """Frozen rows (a service's dataclasses) under declared columns; ``muted`` rows
    (retired, closed, deactivated) are drawn grey. Every row has an ``id``."""

    CONTEXT = "SettingsPage"
    columns: tuple[Column[T], ...]

    def __init__(
        self,
        columns: Sequence[Column[T]],
        muted: Callable[[T], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent, columns)
        self._muted = muted

    def row_id(self, row: T) -> int | None:
        return getattr(row, "id", None)

    def text(self, row: T, column: int) -> str:
        return self.columns[column].text(row)

    def cell_data(self, number: int, row: T, column: int, role: int) -> Any:
        shown = self.columns[column]
        if role == Qt.ItemDataRole.ToolTipRole and shown.stretch:
            return shown.text(row) or None
        if role == Qt.ItemDataRole.ForegroundRole and self._muted is not None and self._muted(row):
            return brush(MUTED)
        if role == Qt.ItemDataRole.TextAlignmentRole and shown.centred:
            return CENTRED
        return None


def table_view(model: SettingsTableModel[Any], parent: QWidget | None = None) -> QTableView:
    """A read-only, one-row-at-a-time table with touch-sized rows."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves it; the arrows go row to row
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(40)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    stretching = [i for i, c in enumerate(model.columns) if c.stretch]
    for i in stretching:
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(not stretching)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    return view


def level_labels(form: QFormLayout) -> None:
    """Each label as tall as a touch-sized field, its text centred on the field's."""
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            label.setMinimumHeight(TOUCH)


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """Labels level with their fields, rows a finger apart."""
    form = QFormLayout(parent)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(10)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


# --------------------------------------------------------------------------- dialogs


class SettingsFormDialog(QDialog):
    """A form whose OK runs one service call off the GUI thread.

    Subclasses build their fields, bind them to ``self.marks`` and implement
    :meth:`make_call` (read the fields, return the call). While the call runs, OK is
    disabled; a refusal shows under the form and marks its field; the result is kept
    in :attr:`outcome` and the dialog accepted.
    """

    #: Reads the fields (GUI thread) and returns the service call to run as ``actor``;
    #: each form defines it. A refusal found without the database is raised from it.
    make_call: Callable[[Actor], Callable[[], Any]]

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outcome: Any = None
        self.running = False
        self.setStyleSheet(FORM_STYLE)
        self.setMinimumWidth(520)
        self.marks = FieldErrors(error_label(self), ctx.lang)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        touch(self.ok_button, self.cancel_button)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.form = form_layout()
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)

    def finish_layout(self) -> None:
        """Message and buttons under the fields (call at the end of ``__init__``)."""
        level_labels(self.form)
        self.layout_.addWidget(self.marks.label)
        self.layout_.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))

    def submit(self) -> None:
        if self.running:
            return  # one call per press, however fast the presses come
        self.marks.clear()
        call = self.make_call(self.ctx.actor())  # who is signed in at this moment
        self.running = True
        self.ok_button.setEnabled(False)
        self.ctx.ops.run(call, self._done, self._refused)

    def _done(self, result: Any) -> None:
        self.running = False
        self.ok_button.setEnabled(True)
        self.outcome = result
        self.accept()

    def _refused(self, problem: StationError) -> None:
        self.running = False
        self.ok_button.setEnabled(True)
        if self.isVisible():
            self.marks.show(problem)
        else:  # closed meanwhile (Cancel, the idle timeout): said in the window instead
            self.ctx.complain(problem)
            self.deleteLater()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class CatalogNameDialog(SettingsFormDialog):
    """A visitor category or a service: its Chinese and English names (add or rename)."""

    def __init__(
        self,
        ctx: PageContext,
        kind: str,
        call: Callable[[Actor, str, str], Any],
        name: str = "",
        name_en: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.kind = kind  # "category" or "service"
        self.renaming = bool(name)
        self._call = call
        self.name_edit = QLineEdit(name)
        self.name_en_edit = QLineEdit(name_en)
        touch(self.name_edit, self.name_en_edit)
        self.name_label = QLabel()
        self.name_en_label = QLabel()
        self.form.addRow(self.name_label, self.name_edit)
        self.form.addRow(self.name_en_label, self.name_en_edit)
        field = "Category name" if kind == "category" else "Service name"
        self.marks.bind(field, self.name_edit)
        self.marks.bind("English name", self.name_en_edit)
        self.finish_layout()
        self.name_edit.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        category = self.kind == "category"
        if self.renaming:
            self.setWindowTitle(
                self.tr("Rename visitor category") if category else self.tr("Rename service")
            )
            self.ok_button.setText(self.tr("Rename"))
        else:
            self.setWindowTitle(
                self.tr("Add a visitor category") if category else self.tr("Add a service")
            )
            self.ok_button.setText(self.tr("Add"))
        self.name_label.setText(self.tr("Chinese name"))
        self.name_en_label.setText(self.tr("English name (optional)"))

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        name, name_en = self.name_edit.text(), self.name_en_edit.text()
        return lambda: self._call(actor, name, name_en)


def _pins_match(pin: str, again: str) -> None:
    if pin != again:
        raise InvalidInput(
            "两次输入的 PIN 不一样，请再输入一次", "The two PINs do not match: type it again",
            field="PIN again",
        )  # fmt: skip


class PinFields:
    """A PIN typed twice, hidden as it is typed."""

    def __init__(self, dialog: SettingsFormDialog) -> None:
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.again_edit = QLineEdit()
        self.again_edit.setEchoMode(QLineEdit.EchoMode.Password)
        touch(self.pin_edit, self.again_edit)
        dialog.marks.bind("PIN", self.pin_edit)
        dialog.marks.bind("PIN again", self.again_edit)
        self.dialog = dialog

    def refused(self, problem: StationError) -> None:
        """After a mismatch the second PIN is typed again, from empty."""
        if problem.field == "PIN again":
            self.again_edit.clear()
            self.again_edit.setFocus()


class AddUserDialog(SettingsFormDialog):
    """A new attendant or supervisor with a first PIN."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        self.role_combo.addItem("", "attendant")
        self.role_combo.addItem("", "supervisor")
        self.pins = PinFields(self)
        touch(self.name_edit, self.role_combo)
        self.name_label, self.role_label = QLabel(), QLabel()
        self.pin_label, self.again_label = QLabel(), QLabel()
        self.form.addRow(self.name_label, self.name_edit)
        self.form.addRow(self.role_label, self.role_combo)
        self.form.addRow(self.pin_label, self.pins.pin_edit)
        self.form.addRow(self.again_label, self.pins.again_edit)
        self.marks.bind("Name", self.name_edit)
        self.marks.bind("Role", self.role_combo)
        self.finish_layout()
        self.name_edit.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Add a user"))
        self.ok_button.setText(self.tr("Add"))
        self.role_combo.setItemText(0, self.tr("Attendant"))
        self.role_combo.setItemText(1, self.tr("Supervisor"))
        self.name_label.setText(self.tr("Name"))
        self.role_label.setText(self.tr("Role"))
        self.pin_label.setText(self.tr("PIN (4 to 12 digits)"))
        self.again_label.setText(self.tr("PIN again"))

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        name, role = self.name_edit.text(), str(self.role_combo.currentData())
        pin, again = self.pins.pin_edit.text(), self.pins.again_edit.text()
        users = self.ctx.services.users

        def add() -> Any:
            _pins_match(pin, again)
            return users.create_user(actor, name, role, pin)

        return add

    def _refused(self, problem: StationError) -> None:
        super()._refused(problem)
        self.pins.refused(problem)


class ResetPinDialog(SettingsFormDialog):
    """A new PIN for someone who forgot theirs; it also lifts a lock-out."""

    def __init__(
        self, ctx: PageContext, user_id: int, user_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.user_id = user_id
        self.user_name = user_name
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.layout_.insertWidget(0, self.intro)
        self.pins = PinFields(self)
        self.pin_label, self.again_label = QLabel(), QLabel()
        self.form.addRow(self.pin_label, self.pins.pin_edit)
        self.form.addRow(self.again_label, self.pins.again_edit)
        self.finish_layout()
        self.pins.pin_edit.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Reset a PIN"))
        self.ok_button.setText(self.tr("Set the new PIN"))
        self.intro.setText(
            fill(
                self.tr("A new PIN for %1. Tell it to them in person; they can sign in at once."),
                self.user_name,
            )
        )
        self.pin_label.setText(self.tr("New PIN (4 to 12 digits)"))
        self.again_label.setText(self.tr("PIN again"))

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        pin, again = self.pins.pin_edit.text(), self.pins.again_edit.text()
        users, user_id = self.ctx.services.users, self.user_id

        def reset() -> None:
            _pins_match(pin, again)
            users.change_pin(actor, user_id, pin)

        return reset

    def _refused(self, problem: StationError) -> None:
        super()._refused(problem)
        self.pins.refused(problem)


@dataclass(frozen=True)
class ItemValues:
    """What the item form holds (``name`` only when adding)."""

    name: str
    unit: str
    low_stock_threshold: int
    tracks_expiry: bool
    near_expiry_days: int
    lendable: bool
    active: bool


class StockItemDialog(SettingsFormDialog):
    """A stock item's settings: add one, or change one (``item`` given)."""

    def __init__(
        self, ctx: PageContext, item: Any | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.item = item  # an ItemInfo when editing
        self.name_edit = QLineEdit()
        self.name_shown = QLabel()
        self.unit_edit = QLineEdit()
        self.unit_edit.setMaximumWidth(160)
        self.threshold_spin = QSpinBox()
        self.threshold_spin.setRange(0, 1_000_000)
        self.expiry_check = QCheckBox()
        self.near_spin = QSpinBox()
        self.near_spin.setRange(0, 3650)
        self.near_spin.setValue(30)
        self.lendable_check = QCheckBox()
        self.active_check = QCheckBox()
        self.active_check.setChecked(True)
        for spin in (self.threshold_spin, self.near_spin):
            spin.setMaximumWidth(200)
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        touch(
            self.name_edit,
            self.unit_edit,
            self.threshold_spin,
            self.expiry_check,
            self.near_spin,
            self.lendable_check,
            self.active_check,
        )
        self.labels = [QLabel() for _ in range(4)]
        self.form.addRow(self.labels[0], self.name_shown if item else self.name_edit)
        self.form.addRow(self.labels[1], self.unit_edit)
        self.form.addRow(self.labels[2], self.threshold_spin)
        self.form.addRow(self.expiry_check)
        self.form.addRow(self.labels[3], self.near_spin)
        self.form.addRow(self.lendable_check)
        if item is not None:
            self.form.addRow(self.active_check)
            self.name_shown.setText(item.name)
            self.unit_edit.setText(item.unit)
            self.threshold_spin.setValue(item.low_stock_threshold)
            self.expiry_check.setChecked(item.tracks_expiry)
            self.near_spin.setValue(item.near_expiry_days)
            self.lendable_check.setChecked(item.lendable)
            self.active_check.setChecked(item.active)
        else:
            self.name_shown.hide()
            self.active_check.hide()
        self.expiry_check.toggled.connect(self.near_spin.setEnabled)
        self.near_spin.setEnabled(self.expiry_check.isChecked())
        for field, widget in (
            ("Item name", self.name_edit),
            ("Unit", self.unit_edit),
            ("Low-stock threshold", self.threshold_spin),
            ("Tracks expiry", self.expiry_check),
            ("Near-expiry days", self.near_spin),
            ("Lendable", self.lendable_check),
            ("Active", self.active_check),
        ):
            self.marks.bind(field, widget)
        self.finish_layout()
        (self.unit_edit if item else self.name_edit).setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        editing = self.item is not None
        self.setWindowTitle(
            self.tr("Change a stock item") if editing else self.tr("Add a stock item")
        )
        self.ok_button.setText(self.tr("Save") if editing else self.tr("Add"))
        for label, text in zip(
            self.labels,
            (
                self.tr("Item"),
                self.tr("Unit (bottle, box …)"),
                self.tr("Low stock at or below"),
                self.tr("Warn this many days before expiry"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.expiry_check.setText(self.tr("Record an expiry date with each delivery"))
        self.lendable_check.setText(
            self.tr("Lent out and brought back (umbrella, charger, tool), not given away")
        )
        self.active_check.setText(self.tr("In use: offered for receiving, issuing and relief"))

    def values(self) -> ItemValues:
        return ItemValues(
            self.name_edit.text(),
            self.unit_edit.text(),
            self.threshold_spin.value(),
            self.expiry_check.isChecked(),
            self.near_spin.value(),
            self.lendable_check.isChecked(),
            self.active_check.isChecked(),
        )

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        v = self.values()
        inventory = self.ctx.services.inventory
        if self.item is None:
            return lambda: inventory.add_item(
                actor, v.name, v.unit, v.low_stock_threshold, v.tracks_expiry,
                v.near_expiry_days, v.lendable,
            )  # fmt: skip
        item_id = self.item.id
        return lambda: inventory.update_item(
            actor,
            item_id,
            unit=v.unit,
            low_stock_threshold=v.low_stock_threshold,
            tracks_expiry=v.tracks_expiry,
            near_expiry_days=v.near_expiry_days,
            lendable=v.lendable,
            active=v.active,
        )


@dataclass(frozen=True)
class CampaignValues:
    name: str
    starts_on: date
    ends_on: date
    lines: tuple[tuple[int, int], ...]  # (item id, quantity)
    categories: tuple[int, ...]  # empty: everyone
    per_person_limit: int
    min_days_between: int


class NewCampaignDialog(SettingsFormDialog):
    """A new relief campaign: dates, who may claim, the package, the limits."""

    CATEGORY_COLUMNS = 3

    def __init__(
        self,
        ctx: PageContext,
        items: Sequence[Any],
        categories: Sequence[Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.setMinimumWidth(720)
        # Lent things go back on the shelf: they are never part of a package.
        self.items = [i for i in items if i.active and not i.lendable]
        today = ctx.services.ctx.today()
        self.name_edit = QLineEdit()
        self.start_edit = DateField(qdate(today))
        self.end_edit = DateField(qdate(today))
        for d in (self.start_edit, self.end_edit):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setMinimumWidth(180)
        self.to_label = QLabel()
        dates = QHBoxLayout()
        dates.addWidget(self.start_edit)
        dates.addWidget(self.to_label)
        dates.addWidget(self.end_edit)
        dates.addStretch(1)

        # Who may claim: a box per visitor category; none ticked is everyone.
        self.category_checks: list[tuple[int, QCheckBox]] = []
        who_grid = QGridLayout()
        who_grid.setContentsMargins(0, 0, 0, 0)
        for cat in (c for c in categories if c.active):
            check = QCheckBox(self._cat_name(cat))
            touch(check)
            n = len(self.category_checks)
            who_grid.addWidget(check, n // self.CATEGORY_COLUMNS, n % self.CATEGORY_COLUMNS)
            self.category_checks.append((cat.id, check))
        self.everyone_label = QLabel()
        self.everyone_label.setWordWrap(True)
        who = QVBoxLayout()
        who.addLayout(who_grid)
        who.addWidget(self.everyone_label)

        self.lines_table = QTableWidget(0, 2)
        self.lines_table.verticalHeader().setVisible(False)
        self.lines_table.verticalHeader().setDefaultSectionSize(TOUCH + 4)
        header = self.lines_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 150)
        self.lines_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines_table.setMinimumHeight(TOUCH * 3 + 40)
        self.add_line_button = QPushButton()
        self.remove_line_button = QPushButton()
        self.add_line_button.clicked.connect(lambda: self.add_line())
        self.remove_line_button.clicked.connect(self.remove_line)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.add_line_button)
        line_buttons.addWidget(self.remove_line_button)
        line_buttons.addStretch(1)
        lines_box = QVBoxLayout()
        lines_box.addWidget(self.lines_table)
        lines_box.addLayout(line_buttons)

        self.limit_spin = QSpinBox()
        self.limit_spin.setRange(1, 100)
        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(0, 366)
        for spin in (self.limit_spin, self.interval_spin):
            spin.setMinimumWidth(120)
        self.interval_label = QLabel()
        limits = QHBoxLayout()
        limits.addWidget(self.limit_spin)
        limits.addSpacing(24)
        limits.addWidget(self.interval_label)
        limits.addWidget(self.interval_spin)
        limits.addStretch(1)
        touch(
            self.name_edit,
            self.start_edit,
            self.end_edit,
            self.add_line_button,
            self.remove_line_button,
            self.limit_spin,
            self.interval_spin,
        )

        self.labels = [QLabel() for _ in range(5)]
        self.form.addRow(self.labels[0], self.name_edit)
        self.form.addRow(self.labels[1], dates)
        self.form.addRow(self.labels[2], who)
        self.form.addRow(self.labels[3], lines_box)
        self.form.addRow(self.labels[4], limits)

        self.marks.bind("Campaign name", self.name_edit)
        self.marks.bind("Start date", self.start_edit)
        self.marks.bind("End date", self.end_edit)
        self.marks.bind("Campaign dates", self.start_edit, self.end_edit)
        self.marks.bind("Category", *(check for _, check in self.category_checks))
        self.marks.bind("Lines", self.lines_table)
        self.marks.bind("Item", self.lines_table)
        self.marks.bind_prefix("Quantity on line", self.lines_table)
        self.marks.bind("Per-person limit", self.limit_spin)
        self.marks.bind("Days between claims", self.interval_spin)
        self.finish_layout()
        self.name_edit.setFocus()

    def _cat_name(self, cat: Any) -> str:
        if self.ctx.lang() == "en" and cat.name_en:
            return str(cat.name_en)
        return str(cat.name)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("New relief campaign"))
        self.ok_button.setText(self.tr("Create"))
        for label, text in zip(
            self.labels,
            (
                self.tr("Name"),
                self.tr("Dates (both included)"),
                self.tr("Who may claim"),
                self.tr("Package per person"),
                self.tr("Times per person"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.to_label.setText(self.tr("to"))
        self.interval_label.setText(self.tr("Days between two claims"))
        self.name_edit.setPlaceholderText(self.tr("e.g. 2026 summer cool-down"))
        self.everyone_label.setText(self.tr("Tick none: every visitor may claim."))
        self.lines_table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Quantity")])
        self.add_line_button.setText(self.tr("Add an item"))
        self.remove_line_button.setText(self.tr("Remove the selected item"))

    # -- package lines

    def add_line(self, item_id: int | None = None, qty: int = 1) -> None:
        if item_id is None:  # the first item not in the package yet
            used = {line_item for line_item, _ in self.lines()}
            item_id = next((it.id for it in self.items if it.id not in used), None)
        row = self.lines_table.rowCount()
        self.lines_table.insertRow(row)
        combo = QComboBox()
        for it in self.items:
            combo.addItem(f"{it.name} ({it.unit})", it.id)
        if item_id is not None:
            combo.setCurrentIndex(max(combo.findData(item_id), 0))
        spin = QSpinBox()
        spin.setRange(1, 1_000_000)
        spin.setValue(qty)
        combo.activated.connect(lambda *_: self.marks.widget_edited(self.lines_table))
        spin.valueChanged.connect(lambda *_: self.marks.widget_edited(self.lines_table))
        self.lines_table.setCellWidget(row, 0, combo)
        self.lines_table.setCellWidget(row, 1, spin)
        self.lines_table.selectRow(row)
        self.marks.widget_edited(self.lines_table)

    def remove_line(self) -> None:
        row = self.lines_table.currentRow()
        if row < 0:
            row = self.lines_table.rowCount() - 1
        if row >= 0:
            self.lines_table.removeRow(row)
            self.marks.widget_edited(self.lines_table)

    def lines(self) -> tuple[tuple[int, int], ...]:
        out = []
        for row in range(self.lines_table.rowCount()):
            combo = self.lines_table.cellWidget(row, 0)
            spin = self.lines_table.cellWidget(row, 1)
            assert isinstance(combo, QComboBox) and isinstance(spin, QSpinBox)
            out.append((int(combo.currentData()), spin.value()))
        return tuple(out)

    def set_categories(self, ids: Sequence[int]) -> None:
        for cat_id, check in self.category_checks:
            check.setChecked(cat_id in ids)

    def values(self) -> CampaignValues:
        return CampaignValues(
            self.name_edit.text(),
            pydate(self.start_edit.date()),
            pydate(self.end_edit.date()),
            self.lines(),
            tuple(cat_id for cat_id, check in self.category_checks if check.isChecked()),
            self.limit_spin.value(),
            self.interval_spin.value(),
        )

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        v = self.values()
        relief = self.ctx.services.relief
        return lambda: relief.create_campaign(
            actor,
            v.name,
            v.starts_on,
            v.ends_on,
            list(v.lines),
            categories=list(v.categories),
            per_person_limit=v.per_person_limit,
            min_days_between=v.min_days_between,
        )
