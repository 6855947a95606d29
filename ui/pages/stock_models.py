"""The Stock page's tables: balances, open loans, the stocktake sheet and its differences.

Each model shows frozen rows handed over by the services; its columns are declared as
data (a header in English, translated in the model's context, and how a row shows in
it). Rows that need attention carry a colour and a word, never a colour alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from station_app.errors import InvalidInput
from station_app.inventory import CountLine, ItemInfo, LotInfo, StockLevel
from station_app.loans import LoanInfo
from ui.feedback import fill
from ui.rows_model import NUMBER_ALIGN, Index, RowsModel, bold_font, brush

R = TypeVar("R")

MAX_COUNT = 1_000_000
FILL_IN = "#eef5ff"  # the background of a column to fill in

# Row colours: (background, text). Each goes with a word in the State column.
LOW = (QColor("#fff3c4"), QColor("#5c4400"))
EXPIRING = (QColor("#ffe0b2"), QColor("#7a3b00"))
EXPIRED = (QColor("#fbd3cf"), QColor("#8c1d18"))
OVERDUE = EXPIRED
ERROR = (QColor("#fbd3cf"), QColor("#8c1d18"))


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header (English source text) and the text a row shows in it."""

    header: str
    text: Callable[[Any, R], str]  # (model, row) -> text
    number: bool = False
    editable: bool = False


class StockTableModel(RowsModel[R]):
    """A table of the Stock page: numbers right-aligned, rows that need attention
    coloured (:meth:`colours`) with their word in bold (:meth:`bold`)."""

    COLUMNS: ClassVar[Sequence[Column[Any]]] = ()

    def colours(self, number: int, row: R, column: int) -> tuple[QColor, QColor] | None:
        """(background, text) for a row (``number``, 0-based) that needs attention."""
        return None

    def bold(self, number: int, row: R, column: int) -> bool:
        return False

    def edit_text(self, row: int, column: int) -> str | None:
        return None

    def text(self, row: R, column: int) -> str:
        return self.COLUMNS[column].text(self, row)

    def cell_data(self, number: int, row: R, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.EditRole:
            edit = self.edit_text(number, column)
            return self.text(row, column) if edit is None else edit
        if role == Qt.ItemDataRole.TextAlignmentRole and self.COLUMNS[column].number:
            return NUMBER_ALIGN
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            colours = self.colours(number, row, column)
            if colours is None:
                return None
            return QBrush(colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1])
        if role == Qt.ItemDataRole.FontRole and self.bold(number, row, column):
            return bold_font()
        return None


class SheetModel(StockTableModel[R]):
    """A table with one column to fill in (``FILL``), tinted where it can be typed in;
    the row whose entry was refused (:meth:`mark_error`) is red in that column."""

    FILL: ClassVar[int] = -1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._error_row: int | None = None

    def set_rows(self, rows: Sequence[R]) -> None:
        self._error_row = None
        super().set_rows(rows)

    def typed_in(self, row: int) -> None:
        """A cell of ``row`` was typed in: it reads anew and is no longer marked wrong."""
        if self._error_row == row:
            self._error_row = None
        self.row_changed(row)

    @property
    def error_row(self) -> int | None:
        return self._error_row

    def mark_error(self, row: int | None) -> None:
        old, self._error_row = self._error_row, row
        for r in {old, row} - {None}:
            assert r is not None
            self.row_changed(r)

    def colours(self, number: int, row: R, column: int) -> tuple[QColor, QColor] | None:
        return ERROR if number == self._error_row and column == self.FILL else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and index.isValid()
            and index.column() == self.FILL
            and index.row() != self._error_row
            and self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return brush(FILL_IN)  # the column to fill in
        return super().data(index, role)


def _signed(n: int) -> str:
    """+2, −3, 0: a difference as a person writes it."""
    return f"+{n}" if n > 0 else (f"−{-n}" if n < 0 else "0")


# ---------------------------------------------------------------------- balances


@dataclass(frozen=True)
class BalanceRow:
    """One item's stock now, with what needs attention.

    ``expiring_qty`` is in lots near their expiry date (the item's own near-expiry
    days) but not yet past it, the first of them expiring on ``expiring_by``;
    ``expired`` is in lots already past it; ``next_expiry`` is the earliest expiry
    date of any lot in stock."""

    item_id: int
    item: str
    unit: str
    balance: int
    usable: int
    expired: int
    threshold: int
    is_low: bool
    on_loan: int
    tracks_expiry: bool
    next_expiry: date | None
    expiring_qty: int
    expiring_by: date | None

    @property
    def out(self) -> bool:
        return self.usable <= 0

    @property
    def expiring(self) -> bool:
        return self.expiring_qty > 0


def balance_rows(
    levels: Sequence[StockLevel],
    expiring: Sequence[LotInfo],
    loans: Sequence[LoanInfo],
    sheet: Sequence[CountLine],
    items: Sequence[ItemInfo],
) -> list[BalanceRow]:
    """The balances table's rows from what the inventory and loan services report."""
    lent = Counter(loan.item for loan in loans)
    tracks = {i.id: i.tracks_expiry for i in items}
    soon_qty: Counter[int] = Counter()
    soon_by: dict[int, date] = {}
    for lot in expiring:
        if lot.days_left is None or lot.days_left < 0 or lot.expires_on is None:
            continue  # already expired: counted in the level's ``expired``
        soon_qty[lot.item_id] += lot.qty
        if lot.item_id not in soon_by or lot.expires_on < soon_by[lot.item_id]:
            soon_by[lot.item_id] = lot.expires_on
    first_expiry: dict[int, date] = {}
    for line in sheet:
        if line.expires_on is None or line.expected <= 0:
            continue
        if line.item_id not in first_expiry or line.expires_on < first_expiry[line.item_id]:
            first_expiry[line.item_id] = line.expires_on
    return [
        BalanceRow(
            item_id=lv.item_id,
            item=lv.item,
            unit=lv.unit,
            balance=lv.balance,
            usable=lv.usable,
            expired=lv.expired,
            threshold=lv.low_stock_threshold,
            is_low=lv.is_low,
            on_loan=lent.get(lv.item, 0),
            tracks_expiry=tracks.get(lv.item_id, False),
            next_expiry=first_expiry.get(lv.item_id),
            expiring_qty=soon_qty.get(lv.item_id, 0),
            expiring_by=soon_by.get(lv.item_id),
        )
        for lv in levels
    ]


def balance_state(row: BalanceRow) -> str:
    """The words that go with a highlighted row (empty for a row that is fine)."""
    words: list[str] = []
    if row.out:
        words.append(QCoreApplication.translate("StockLevelModel", "Out of stock"))
    elif row.is_low:
        words.append(QCoreApplication.translate("StockLevelModel", "Low stock"))
    if row.expired:
        words.append(
            fill(
                QCoreApplication.translate("StockLevelModel", "Expired: %1 %2"),
                row.expired,
                row.unit,
            )
        )
    if row.expiring and row.expiring_by is not None:
        words.append(
            fill(
                QCoreApplication.translate("StockLevelModel", "Expiring soon: %1 %2 by %3"),
                row.expiring_qty,
                row.unit,
                row.expiring_by.isoformat(),
            )
        )
    return " · ".join(words)


class StockLevelModel(StockTableModel[BalanceRow]):
    """Every active item's balance; low, expiring and expired rows coloured and named."""

    CONTEXT = "StockLevelModel"
    COLUMNS = (
        Column(str(QT_TRANSLATE_NOOP("StockLevelModel", "Item")), lambda m, r: r.item),
        Column(
            str(QT_TRANSLATE_NOOP("StockLevelModel", "In stock")), lambda m, r: str(r.balance), True
        ),
        Column(str(QT_TRANSLATE_NOOP("StockLevelModel", "Unit")), lambda m, r: r.unit),
        Column(
            str(QT_TRANSLATE_NOOP("StockLevelModel", "On loan")),
            lambda m, r: str(r.on_loan) if r.on_loan else "",
            True,
        ),
        Column(
            str(QT_TRANSLATE_NOOP("StockLevelModel", "Low at")), lambda m, r: str(r.threshold), True
        ),
        Column(
            str(QT_TRANSLATE_NOOP("StockLevelModel", "Next expiry")),
            lambda m, r: r.next_expiry.isoformat() if r.next_expiry else "",
        ),
        Column(str(QT_TRANSLATE_NOOP("StockLevelModel", "State")), lambda m, r: balance_state(r)),
    )
    STATE_COLUMN = 6

    def colours(self, number: int, row: BalanceRow, column: int) -> tuple[QColor, QColor] | None:
        if row.expired:
            return EXPIRED
        if row.expiring:
            return EXPIRING
        if row.is_low:
            return LOW
        return None

    def bold(self, number: int, row: BalanceRow, column: int) -> bool:
        return column == self.STATE_COLUMN and self.colours(number, row, column) is not None

    def row_of_item(self, item_id: int) -> int | None:
        return self.row_where(lambda r: r.item_id == item_id)


# ---------------------------------------------------------------------- loans


def borrower_text(loan: LoanInfo) -> str:
    """The borrower as the lender wrote them down: name, card, phone's last four."""
    parts = [loan.borrower] if loan.borrower else []
    if loan.member_code:
        parts.append(loan.member_code)
    if loan.phone_last4:
        parts.append(f"****{loan.phone_last4}")
    return " · ".join(parts)


class LoanModel(StockTableModel[LoanInfo]):
    """Open loans, oldest first: who has what since when; overdue ones coloured and named."""

    CONTEXT = "LoanModel"

    def __init__(self, to_local: Callable[[datetime], datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self.to_local = to_local

    def when(self, moment: datetime | None) -> str:
        return self.to_local(moment).strftime("%m-%d %H:%M") if moment is not None else ""

    @staticmethod
    def state(loan: LoanInfo) -> str:
        if loan.overdue:
            return QCoreApplication.translate("LoanModel", "Overdue")
        return QCoreApplication.translate("LoanModel", "On loan")

    COLUMNS = (
        Column(str(QT_TRANSLATE_NOOP("LoanModel", "Item")), lambda m, r: r.item),
        Column(str(QT_TRANSLATE_NOOP("LoanModel", "Borrower")), lambda m, r: borrower_text(r)),
        Column(str(QT_TRANSLATE_NOOP("LoanModel", "Since")), lambda m, r: m.when(r.lent_at)),
        Column(str(QT_TRANSLATE_NOOP("LoanModel", "Due back")), lambda m, r: m.when(r.due_at)),
        Column(str(QT_TRANSLATE_NOOP("LoanModel", "State")), lambda m, r: m.state(r)),
    )
    STATE_COLUMN = 4

    def colours(self, number: int, row: LoanInfo, column: int) -> tuple[QColor, QColor] | None:
        return OVERDUE if row.overdue else None

    def bold(self, number: int, row: LoanInfo, column: int) -> bool:
        return column == self.STATE_COLUMN and row.overdue

    def row_of_loan(self, loan_id: int) -> int | None:
        return self.row_where(lambda r: r.id == loan_id)


# ---------------------------------------------------------------------- stocktake


def whole_number(raw: str) -> int | None:
    """The count a person typed, when it is a whole number from 0 up (else None)."""
    s = raw.strip()
    if not re.fullmatch(r"\d{1,7}", s):
        return None
    n = int(s)
    return n if n <= MAX_COUNT else None


def lot_text(line: CountLine) -> str:
    if line.lot_id is None:
        return QCoreApplication.translate("CountSheetModel", "(none in stock)")
    return line.lot_code or ""


class CountSheetModel(SheetModel[CountLine]):
    """The count sheet: expected quantities per lot and the count typed beside each.

    The Counted column takes text as typed (a mistake is shown and named by its row
    when the count is applied, not silently dropped); an empty count leaves that
    lot alone. A line of an item with no stock at all cannot be counted here: what
    turns up of it is received."""

    CONTEXT = "CountSheetModel"
    COUNTED = FILL = 4
    counts_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._typed: dict[int, str] = {}  # by lot id, as typed

    def typed(self, line: CountLine) -> str:
        return self._typed.get(line.lot_id, "") if line.lot_id is not None else ""

    def counted_text(self, row: int) -> str:
        line = self.row_at(row)
        return "" if line is None else self.typed(line)

    @staticmethod
    def difference_text(line: CountLine, typed: str) -> str:
        if not typed:
            return ""
        n = whole_number(typed)
        return "?" if n is None else _signed(n - line.expected)

    COLUMNS = (
        Column(str(QT_TRANSLATE_NOOP("CountSheetModel", "Item")), lambda m, r: r.item),
        Column(str(QT_TRANSLATE_NOOP("CountSheetModel", "Lot")), lambda m, r: lot_text(r)),
        Column(
            str(QT_TRANSLATE_NOOP("CountSheetModel", "Expires")),
            lambda m, r: r.expires_on.isoformat() if r.expires_on else "",
        ),
        Column(
            str(QT_TRANSLATE_NOOP("CountSheetModel", "Expected")),
            lambda m, r: f"{r.expected} {r.unit}",
            True,
        ),
        Column(
            str(QT_TRANSLATE_NOOP("CountSheetModel", "Counted")),
            lambda m, r: m.typed(r),
            True,
            True,
        ),
        Column(
            str(QT_TRANSLATE_NOOP("CountSheetModel", "Difference")),
            lambda m, r: m.difference_text(r, m.typed(r)),
            True,
        ),
    )

    def set_rows(self, rows: Sequence[CountLine]) -> None:
        self._typed = {}
        super().set_rows(rows)
        self.counts_changed.emit()

    def edit_text(self, row: int, column: int) -> str | None:
        return self.counted_text(row) if column == self.COUNTED else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        line = self.row_at(index.row()) if index.isValid() else None
        if line is not None and index.column() == self.COUNTED and line.lot_id is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        row = index.row()
        line = self._rows[row]
        assert line.lot_id is not None  # only counted lines are editable
        self._typed[line.lot_id] = "" if value is None else str(value).strip()
        self.typed_in(row)
        self.counts_changed.emit()
        return True

    # -- reading the sheet

    def counts(self) -> list[tuple[int, int, int]]:
        """``(sheet row, lot id, counted)`` for every line counted; a count that is not
        a whole number is refused naming its row (1-based, as the sheet shows it)."""
        out: list[tuple[int, int, int]] = []
        for row, line in enumerate(self._rows):
            typed = self.typed(line)
            if not typed or line.lot_id is None:
                continue
            n = whole_number(typed)
            if n is None:
                where = f"{line.item} {line.lot_code or ''}".strip()
                raise InvalidInput(
                    f"第 {row + 1} 行（{where}）：实盘数量必须是 0 或正整数（收到“{typed}”）",
                    f"Row {row + 1} ({where}): the count must be a whole number "
                    f"from 0 up (got {typed!r})",
                    field="Counted",
                    row=row + 1,
                )
            out.append((row, line.lot_id, n))
        return out

    def differences(self) -> list[Difference]:
        """The lines counted (as whole numbers) that differ from what was expected."""
        out: list[Difference] = []
        for row, line in enumerate(self._rows):
            n = whole_number(self.typed(line))
            if line.lot_id is None or n is None or n == line.expected:
                continue
            out.append(
                Difference(
                    row + 1,
                    line.lot_id,
                    line.item,
                    line.unit,
                    line.lot_code or "",
                    line.expected,
                    n,
                )
            )
        return out


@dataclass(frozen=True)
class Difference:
    """A counted line that differs from the expected quantity; ``row`` is 1-based."""

    row: int
    lot_id: int
    item: str
    unit: str
    lot_code: str
    expected: int
    counted: int

    @property
    def diff(self) -> int:
        return self.counted - self.expected


class DifferenceModel(SheetModel[Difference]):
    """The differences of the count, each with the reason typed beside it."""

    CONTEXT = "DifferenceModel"
    REASON = FILL = 5

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._reasons: dict[int, str] = {}  # by lot id: kept while the counts change

    def reason(self, lot_id: int) -> str:
        return self._reasons.get(lot_id, "")

    COLUMNS = (
        Column(str(QT_TRANSLATE_NOOP("DifferenceModel", "Row")), lambda m, r: str(r.row), True),
        Column(str(QT_TRANSLATE_NOOP("DifferenceModel", "Item")), lambda m, r: r.item),
        Column(str(QT_TRANSLATE_NOOP("DifferenceModel", "Lot")), lambda m, r: r.lot_code),
        Column(
            str(QT_TRANSLATE_NOOP("DifferenceModel", "Counted / expected")),
            lambda m, r: f"{r.counted} / {r.expected} {r.unit}",
            True,
        ),
        Column(
            str(QT_TRANSLATE_NOOP("DifferenceModel", "Difference")),
            lambda m, r: f"{_signed(r.diff)} {r.unit}",
            True,
        ),
        Column(
            str(QT_TRANSLATE_NOOP("DifferenceModel", "Reason")),
            lambda m, r: m.reason(r.lot_id),
            editable=True,
        ),
    )

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.REASON:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        d = self.row_at(index.row())
        if d is None or index.column() != self.REASON:
            return False
        self._reasons[d.lot_id] = " ".join(("" if value is None else str(value)).split())
        self.typed_in(index.row())
        return True

    def first_without_reason(self) -> int | None:
        return self.row_where(lambda d: not self.reason(d.lot_id))
