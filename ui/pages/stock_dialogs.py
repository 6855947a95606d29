"""The Stock page's small forms: receive, issue, write off, lend, write off a loan, stocktake.

Each is a :class:`StockForm`: what the person typed is read on the GUI thread when they
press the form's button, the service call runs through ``ops`` (the form shows that it
is working meanwhile), and then the form closes with the call's result in ``outcome``,
or stays open with the refused field red and the reason under the form, nothing
written. The red goes as soon as the field is changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.context import Actor
from station_app.errors import InvalidInput, StationError
from station_app.inventory import CountLine, ItemInfo, StockLevel
from station_app.loans import LoanInfo
from station_app.services import Services
from station_app.validate import quantity
from station_app.visits import VisitInfo
from ui.feedback import display_name, fill
from ui.forms import FormDialog
from ui.ops import Ops
from ui.pages.date_field import DateField
from ui.pages.stock_models import (
    CountSheetModel,
    Difference,
    DifferenceModel,
    borrower_text,
)

NOTE_MAX = 200  # what a stocktake's note may hold
NO_DATE = QDate(2000, 1, 1)  # the expiry field's "no date"
DUE_CHOICES = (4, 24, 72, 168)  # hours a loan may run; 24 is the usual
TOUCH = 48

W = TypeVar("W", bound=QWidget)


def with_unit(name: str, unit: str, lang: str) -> str:
    return f"{name} ({unit})" if lang == "en" else f"{name}（{unit}）"


class ExpiryEdit(DateField):
    """A date, or none (shown as the special text). Its calendar opens on today's month
    when no date is chosen yet, not on the year 2000; a digit typed while there is no
    date starts from today's, with the year chosen to be typed over."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setDate(NO_DATE)
        self.calendarWidget().installEventFilter(self)

    def value(self) -> date | None:
        chosen = self.date()
        return None if chosen == NO_DATE else date(chosen.year(), chosen.month(), chosen.day())

    def clear_date(self) -> None:
        self.setDate(NO_DATE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.date() == NO_DATE and event.text().isdigit():
            # The special text cannot be typed into: the digits would go after it.
            self.setDate(QDate(self.today.year, self.today.month, self.today.day))
            self.setSelectedSection(QDateEdit.Section.YearSection)
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.date() == NO_DATE:
            self.calendarWidget().setCurrentPage(self.today.year, self.today.month)
        return super().eventFilter(watched, event)


class StockForm(FormDialog):
    """Base of the Stock page's forms (see the module's description).

    Each form adds its rows with :meth:`field` (or :meth:`line`), ends with :meth:`finish`,
    and defines :attr:`make_call`.
    """

    #: A refusal that came back after the form was closed (the idle timeout): the page says it.
    refused_late = Signal(object)

    #: Reads the form (GUI thread) and returns the service call to run as ``actor`` (the
    #: person signed in when the button was pressed); a refusal found without the database
    #: is raised from it.
    make_call: Callable[[Actor], Callable[[], Any]]

    def __init__(
        self,
        services: Services,
        actor: Callable[[], Actor],
        ops: Ops,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(lang, parent)
        self.services = services
        self.actor = actor
        self.ops = ops
        self.working = False
        self.outcome: Any = None
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("role", "primary")
        self.cancel_button = self.buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        for b in (self.ok_button, self.cancel_button):
            b.setMinimumHeight(TOUCH)
            b.setMinimumWidth(120)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.working_label = QLabel(self.tr("Working…"))
        self.working_label.setObjectName("formWorking")
        self.working_label.hide()
        self.setMinimumWidth(560)

    # -- the form's rows: each field turns red when refused, and plain once changed

    def add_row(self, label: str, field: QWidget | QHBoxLayout) -> None:
        """A form row whose label stands level with its (touch-sized) field."""
        text = QLabel(label)
        text.setMinimumHeight(TOUCH)
        self.form.addRow(text, field)

    def field(self, label: str, name: str, widget: W, row: QHBoxLayout | None = None) -> W:
        """A row ``label`` showing ``widget`` (inside ``row`` when given), bound to the
        services' field ``name``."""
        self.add_row(label, widget if row is None else row)
        self.bind_field(name, widget)
        return widget

    def item_field(
        self, label: str, entries: Iterable[tuple[str, int]], selected: int | None
    ) -> QComboBox:
        """The item picker's row (the services' field "Item"): ``entries`` are (text, item
        id), ``selected`` is chosen when it is among them."""
        combo = QComboBox()
        for text, item_id in entries:
            combo.addItem(text, item_id)
        if selected is not None:
            i = combo.findData(selected)
            if i >= 0:
                combo.setCurrentIndex(i)
        return self.field(label, "Item", combo)

    def line(self, label: str, name: str, placeholder: str) -> QLineEdit:
        """A row with a line edit, ``placeholder`` shown while it is empty."""
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        return self.field(label, name, edit)

    def finish(
        self,
        ok_text: str,
        focus: QWidget | None,
        intro: str | None = None,
        extra: QWidget | None = None,
    ) -> None:
        """The form laid out: ``intro`` above it, then ``extra``, the rows, the message
        and the buttons (the form's own one says ``ok_text``); the cursor in ``focus``."""
        self.ok_button.setText(ok_text)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        if extra is not None:
            layout.addWidget(extra, 1)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        row = QHBoxLayout()
        row.addWidget(self.working_label)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        if focus is not None:
            focus.setFocus()

    # -- the action

    def submit(self) -> None:
        if self.working:
            return
        self.clear_error()
        try:
            call = self.make_call(self.actor())
        except StationError as exc:
            self.show_error(exc)
            return
        self._set_working(True)
        self.ops.run(call, self._done, self._refused)

    def _set_working(self, on: bool) -> None:
        self.working = on
        self.ok_button.setEnabled(not on)
        self.working_label.setVisible(on)

    def _done(self, result: Any) -> None:
        self._set_working(False)
        self.outcome = result
        self.accept()

    def _refused(self, problem: StationError) -> None:
        self._set_working(False)
        if self.isVisible():
            self.show_error(problem)
        else:  # closed meanwhile: the page says it, and the form goes
            self.refused_late.emit(problem)
            self.deleteLater()


def _counted(
    text: str, lang: str, rows: Iterable[tuple[str, str, int, int]]
) -> Iterator[tuple[str, int]]:
    """Each (item, unit, how many, id) as ``text`` says it (%1 the item, %2 how many)."""
    for name, unit, count, item_id in rows:
        yield fill(text, with_unit(name, unit, lang), count), item_id


# ---------------------------------------------------------------------- receive


class ReceiveDialog(StockForm):
    """A delivery: item, quantity, lot, expiry date (required for items that track it),
    supplier or donor."""

    def __init__(
        self,
        services: Services,
        actor: Callable[[], Actor],
        ops: Ops,
        lang: str,
        items: Sequence[ItemInfo],
        today: date,
        item_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, actor, ops, lang, parent)
        self.setWindowTitle(self.tr("Receive a delivery"))
        self.items = {i.id: i for i in items}
        entries = [(with_unit(i.name, i.unit, lang), i.id) for i in items]
        self.item = self.item_field(self.tr("Item"), entries, item_id)
        self.quantity = self.line(
            self.tr("Quantity"), "Quantity", self.tr("A whole number, e.g. 24")
        )
        self.lot = self.line(
            self.tr("Lot"), "Lot code", self.tr("Optional: made from today's date when empty")
        )
        self.expiry = ExpiryEdit(today)
        self.expiry.setSpecialValueText(self.tr("(no date)"))
        self.clear_expiry = QPushButton(self.tr("No date"))
        self.clear_expiry.setMinimumHeight(TOUCH)
        self.clear_expiry.clicked.connect(self.expiry.clear_date)
        self.expiry_hint = QLabel()
        expiry_row = QHBoxLayout()
        expiry_row.addWidget(self.expiry, 1)
        expiry_row.addWidget(self.clear_expiry)
        expiry_row.addWidget(self.expiry_hint)
        self.field(self.tr("Expiry date"), "Expiry date", self.expiry, expiry_row)
        self.note = self.line(
            self.tr("Supplier or donor"), "Note", self.tr("Who delivered or donated it")
        )
        self.item.currentIndexChanged.connect(self._item_changed)
        self._item_changed()
        self.finish(self.tr("Receive"), self.quantity)

    def _item_changed(self) -> None:
        item = self.items.get(self.item.currentData())
        needed = item is not None and item.tracks_expiry
        self.expiry_hint.setText(self.tr("required") if needed else self.tr("optional"))

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        item_id = self.item.currentData()
        typed = self.quantity.text()
        lot = self.lot.text().strip() or None
        expiry = self.expiry.value()
        note = self.note.text()
        inventory = self.services.inventory
        return lambda: inventory.receive(actor, item_id, quantity(typed), lot, expiry, note)


# ---------------------------------------------------------------------- issue


class IssueDialog(StockForm):
    """Items given to a visitor, linked to their visit when one is chosen."""

    def __init__(
        self,
        services: Services,
        actor: Callable[[], Actor],
        ops: Ops,
        lang: str,
        levels: Sequence[StockLevel],
        visitors: Sequence[VisitInfo],
        visit_id: int | None = None,
        item_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, actor, ops, lang, parent)
        self.setWindowTitle(self.tr("Issue to a visitor"))
        usable = ((lv.item, lv.unit, lv.usable, lv.item_id) for lv in levels)
        entries = _counted(self.tr("%1 — %2 in stock"), lang, usable)
        self.item = self.item_field(self.tr("Item"), entries, item_id)
        self.quantity = self.line(
            self.tr("Quantity"), "Quantity", self.tr("A whole number, e.g. 1")
        )
        self.visit = QComboBox()
        self.visit.addItem(self.tr("(no visit)"), None)
        to_local = services.ctx.local
        for v in visitors:
            who = v.member_nickname or display_name(v.category, v.category_en, lang)
            self.visit.addItem(
                fill(
                    self.tr("%1 %2, visit No. %3"),
                    to_local(v.checked_in_at).strftime("%H:%M"),
                    who,
                    v.id,
                ),
                v.id,
            )
        if visit_id is not None and self.visit.findData(visit_id) >= 0:
            self.visit.setCurrentIndex(self.visit.findData(visit_id))
        self.field(self.tr("Visitor inside now"), "Visit", self.visit)
        self.note = self.line(self.tr("Note"), "Note", self.tr("Optional"))
        self.finish(self.tr("Issue"), self.quantity)

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        item_id = self.item.currentData()
        typed = self.quantity.text()
        visit_id = self.visit.currentData()
        note = self.note.text()
        inventory = self.services.inventory
        return lambda: inventory.issue(actor, item_id, quantity(typed), visit_id, note)


# ---------------------------------------------------------------------- write off


class WriteOffDialog(StockForm):
    """Stock lost, damaged or expired, taken off the books with what happened."""

    def __init__(
        self,
        services: Services,
        actor: Callable[[], Actor],
        ops: Ops,
        lang: str,
        levels: Sequence[StockLevel],
        item_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, actor, ops, lang, parent)
        self.setWindowTitle(self.tr("Write off stock"))
        balances = ((lv.item, lv.unit, lv.balance, lv.item_id) for lv in levels)
        entries = _counted(self.tr("%1 — %2 in stock"), lang, balances)
        self.item = self.item_field(self.tr("Item"), entries, item_id)
        self.quantity = self.line(self.tr("Quantity"), "Quantity", self.tr("A whole number"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Lost or damaged"), "loss")
        self.kind.addItem(self.tr("Expired"), "expired")
        self.field(self.tr("Why"), "Reason", self.kind)
        self.note = self.line(
            self.tr("What happened"),
            "Note",
            self.tr("What happened (needed for lost or damaged)"),
        )
        self.finish(
            self.tr("Write off"),
            self.quantity,
            self.tr("Expired stock is taken from the lots past their date, oldest first."),
        )

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        item_id = self.item.currentData()
        typed = self.quantity.text()
        reason = self.kind.currentData()
        note = self.note.text()
        inventory = self.services.inventory
        return lambda: inventory.write_off(actor, item_id, quantity(typed), reason, note=note)


# ---------------------------------------------------------------------- loans


class LendDialog(StockForm):
    """Lend one umbrella, charger or tool: to a name, a member card or a phone's last four."""

    def __init__(
        self,
        services: Services,
        actor: Callable[[], Actor],
        ops: Ops,
        lang: str,
        lendable: Sequence[tuple[ItemInfo, int]],
        item_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``lendable``: each lendable item with how many are free to lend now."""
        super().__init__(services, actor, ops, lang, parent)
        self.setWindowTitle(self.tr("Lend"))
        free = ((i.name, i.unit, n, i.id) for i, n in lendable)
        entries = _counted(self.tr("%1 — %2 free"), lang, free)
        self.item = self.item_field(self.tr("Item"), entries, item_id)
        self.borrower = self.line(self.tr("Borrower"), "Borrower", self.tr("Name"))
        self.member = self.line(
            self.tr("Member card"), "Member code", self.tr("Scan or type the card code")
        )
        self.phone = self.line(self.tr("Phone last 4"), "Phone last 4", self.tr("4 digits"))
        self.phone.setMaxLength(4)
        self.due = QComboBox()
        for label, hours in zip(
            (self.tr("4 hours"), self.tr("1 day"), self.tr("3 days"), self.tr("1 week")),
            DUE_CHOICES,
            strict=True,
        ):
            self.due.addItem(label, hours)
        self.due.setCurrentIndex(DUE_CHOICES.index(24))
        self.field(self.tr("Due back"), "Due in hours", self.due)
        self.finish(
            self.tr("Lend"),
            self.borrower,
            self.tr("Write down who has it: a name, a member card or the phone's last 4 digits."),
        )

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        item_id = self.item.currentData()
        name = self.borrower.text()
        code = self.member.text().strip() or None
        phone = self.phone.text().strip() or None
        hours = self.due.currentData()
        loans = self.services.loans
        return lambda: loans.lend(
            actor, item_id, name, phone_last4=phone, member_code=code, due_hours=hours
        )


class LoanWriteOffDialog(StockForm):
    """A lent thing that will not come back: the loan is closed and the thing written off."""

    def __init__(
        self,
        services: Services,
        actor: Callable[[], Actor],
        ops: Ops,
        lang: str,
        loan: LoanInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, actor, ops, lang, parent)
        self.loan = loan
        self.setWindowTitle(self.tr("Write off a loan"))
        self.note = self.line(
            self.tr("What happened"), "Note", self.tr("e.g. borrower cannot be reached")
        )
        since = services.ctx.local(loan.lent_at).strftime("%Y-%m-%d %H:%M")
        self.finish(
            self.tr("Write off"),
            self.note,
            fill(
                self.tr("%1 lent to %2 on %3 will not come back: it is written off as lost."),
                loan.item,
                borrower_text(loan),
                since,
            ),
        )

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        loan_id = self.loan.id
        note = self.note.text()
        loans = self.services.loans
        return lambda: loans.write_off_loan(actor, loan_id, note)


# ---------------------------------------------------------------------- stocktake


def stocktake_note(general: str, differences: Sequence[tuple[Difference, str]]) -> str:
    """One note for the stocktake and its corrections: the general note, then each
    difference with its reason (the lot named only for an item with several)."""
    lots_of = Counter(d.item for d, _ in differences)
    parts = []
    for d, reason in differences:
        where = f"{d.item} {d.lot_code}" if lots_of[d.item] > 1 else d.item
        sign = f"+{d.diff}" if d.diff > 0 else f"-{-d.diff}"
        parts.append(f"{where} {sign}{d.unit} {reason}")
    general = " ".join(general.split())
    listed = "; ".join(parts)
    if general and listed:
        return f"{general}: {listed}"
    return general or listed


def _table(model: Any, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.CurrentChanged
        | QAbstractItemView.EditTrigger.SelectedClicked
        | QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    # Tab leaves the sheet for the note and the buttons (the arrows go cell to cell):
    # else Tab went round the cells for ever, and the count could not be applied.
    view.setTabKeyNavigation(False)
    view.verticalHeader().setDefaultSectionSize(TOUCH)
    view.verticalHeader().setMinimumSectionSize(TOUCH)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class StocktakeDialog(StockForm):
    """The count sheet (supervisor): expected quantities, the counts typed beside them, the
    differences listed each with a reason, then applied as corrections in one go."""

    def __init__(
        self,
        services: Services,
        actor: Callable[[], Actor],
        ops: Ops,
        lang: str,
        lines: Sequence[CountLine],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, actor, ops, lang, parent)
        self.setWindowTitle(self.tr("Stocktake"))
        self.sheet = CountSheetModel(self)
        self.sheet.set_rows(lines)
        self.differences = DifferenceModel(self)
        self.sheet_view = _table(self.sheet, 0)
        for column, width in ((CountSheetModel.COUNTED, 120), (CountSheetModel.COUNTED + 1, 90)):
            self.sheet_view.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Fixed
            )
            self.sheet_view.setColumnWidth(column, width)
        self.differences_view = _table(self.differences, DifferenceModel.REASON)
        self.differences_title = QLabel(self.tr("Differences: each needs a reason"))
        self.differences_title.setObjectName("sectionTitle")
        self.sheet.counts_changed.connect(self._recount)
        self.note = self.line(self.tr("Note"), "Note", self.tr("Optional, e.g. month-end count"))
        self.bind_field("Counted", self.sheet_view)
        self.bind_field("Lot", self.sheet_view)
        self.bind_field("Reason", self.differences_view)
        self.sheet.dataChanged.connect(lambda *_: self._table_corrected(self.sheet_view))
        self.differences.dataChanged.connect(
            lambda *_: self._table_corrected(self.differences_view)
        )
        self._sent_rows: list[int] = []

        tables = QWidget()
        box = QVBoxLayout(tables)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.sheet_view, 5)
        box.addWidget(self.differences_title)
        box.addWidget(self.differences_view, 2)
        for b in (self.ok_button, self.cancel_button):
            b.setAutoDefault(False)  # Enter in a count's cell ends that cell, not the count
            b.setDefault(False)
        self.finish(
            self.tr("Apply corrections"),
            None,
            self.tr(
                "Count what is on the shelf plus what is lent out, and type it in the Counted "
                "column. A line left empty is not changed."
            ),
            tables,
        )
        self.resize(1000, 720)

    def _recount(self) -> None:
        self.differences.set_rows(self.sheet.differences())

    def _table_corrected(self, view: QTableView) -> None:
        model = self.sheet if view is self.sheet_view else self.differences
        if model.error_row is None:
            self.errors.widget_edited(view)

    def clear_error(self) -> None:
        super().clear_error()
        self.sheet.mark_error(None)
        self.differences.mark_error(None)

    def show_error(self, exc: StationError) -> None:
        super().show_error(exc)
        if exc.row is None:
            return
        if exc.field in ("Counted", "Lot"):
            row = exc.row - 1
            self.sheet.mark_error(row)
            self._point_at(self.sheet_view, row, CountSheetModel.COUNTED)
        elif exc.field == "Reason":
            row = exc.row - 1
            self.differences.mark_error(row)
            self._point_at(self.differences_view, row, DifferenceModel.REASON)

    @staticmethod
    def _point_at(view: QTableView, row: int, column: int) -> None:
        index = view.model().index(row, column)
        if index.isValid():
            view.scrollTo(index)
            view.setCurrentIndex(index)  # (a new current cell opens for editing)
            if view.state() != QAbstractItemView.State.EditingState:
                view.edit(index)  # straight into the cell to correct it

    def _refused(self, problem: StationError) -> None:
        # The service numbers the lines it was sent; the sheet shows its own rows.
        if problem.row is not None and 0 < problem.row <= len(self._sent_rows):
            problem.row = self._sent_rows[problem.row - 1] + 1
        super()._refused(problem)

    def make_call(self, actor: Actor) -> Callable[[], Any]:
        for view in (self.sheet_view, self.differences_view):
            if view.state() == QAbstractItemView.State.EditingState:
                view.setCurrentIndex(QModelIndex())  # commits the editor still open
        counted = self.sheet.counts()
        if not counted:
            raise InvalidInput(
                "还没有填写任何实盘数量：请在“实盘”一栏填写清点的数量",
                "No count typed yet: type the counted quantities in the Counted column",
                field="Counted",
            )
        listed: list[tuple[Difference, str]] = []
        for i, d in enumerate(self.differences.rows()):
            reason = self.differences.reason(d.lot_id)
            if not reason:
                raise InvalidInput(
                    f"第 {i + 1} 条差异（{d.item} {d.lot_code}，差 {d.diff}）：请填写原因",
                    f"Difference {i + 1} ({d.item} {d.lot_code}, {d.diff:+d}): give a reason",
                    field="Reason",
                    row=i + 1,
                )
            listed.append((d, reason))
        note = stocktake_note(self.note.text(), listed) or self.tr("Counted, no differences")
        if len(note) > NOTE_MAX:
            raise InvalidInput(
                f"备注和差异原因合起来太长（{len(note)} 个字，最多 {NOTE_MAX} 个）：请写得简短些",
                f"The note and the reasons are too long together ({len(note)} characters, "
                f"at most {NOTE_MAX}): make them shorter",
                field="Note",
            )
        self._sent_rows = [row for row, _, _ in counted]
        counts = [(lot_id, n) for _, lot_id, n in counted]
        inventory = self.services.inventory
        return lambda: inventory.apply_stocktake(actor, counts, note)
