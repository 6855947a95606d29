"""One table model for the window's tables: frozen rows under columns declared as data.

:class:`RowsModel` holds the rows a service handed over (frozen dataclasses) and
answers Qt's questions about their count, the headers and the cells. A table says
what is its own: its columns (each with an English ``header``, translated in the
model's ``CONTEXT``), what a cell reads (:meth:`RowsModel.text`) and what else a
cell shows (:meth:`RowsModel.cell_data`: alignment, colours, tooltips, fonts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

CENTRED = int(Qt.AlignmentFlag.AlignCenter)
NUMBER_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
DISPLAY = Qt.ItemDataRole.DisplayRole


class Headed(Protocol):
    """A column as the model needs it: its header, as English source text."""

    @property
    def header(self) -> str: ...


@dataclass(frozen=True)
class Column:
    """A column known by a key; the model says what a row reads under it."""

    key: str
    header: str  # English source text, translated in the model's context


def brush(colour: str) -> QBrush:
    """A brush of a colour written as ``#rrggbb``."""
    return QBrush(QColor(colour))


def struck_out() -> QFont:
    """The font of a row that no longer counts (a voided visit)."""
    font = QFont()
    font.setStrikeOut(True)
    return font


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class RowsModel(QAbstractTableModel, Generic[T]):
    """A table over frozen rows: a subclass declares ``CONTEXT`` and its columns
    (``COLUMNS``, or ``columns`` given when it is made) and says what a cell reads.

    The rows are kept as a tuple, so :meth:`rows` is a snapshot that is safe to hand
    to a worker; a new list of rows resets the model (:meth:`set_rows`)."""

    CONTEXT: ClassVar[str] = "RowsModel"
    COLUMNS: ClassVar[Sequence[Headed]] = ()

    def __init__(self, parent: QObject | None = None, columns: Sequence[Headed] | None = None):
        super().__init__(parent)
        self.columns: tuple[Headed, ...] = tuple(self.COLUMNS if columns is None else columns)
        self._rows: tuple[T, ...] = ()

    # -- contents

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        try:
            self._rows = tuple(rows)
        finally:
            self.endResetModel()

    def rows(self) -> tuple[T, ...]:
        return self._rows

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_id(self, row: T) -> int | None:
        """The database id of a row, for a table whose rows have one (Qt's UserRole)."""
        return None

    def row_of(self, row_id: int) -> int | None:
        """Which row (0-based) has the id ``row_id``, if any."""
        return self.row_where(lambda r: self.row_id(r) == row_id)

    def row_where(self, test: Callable[[T], bool]) -> int | None:
        for i, r in enumerate(self._rows):
            if test(r):
                return i
        return None

    def column_of(self, key: str) -> int:
        """The column of a key, for columns that have one."""
        return next(i for i, c in enumerate(self.columns) if getattr(c, "key", None) == key)

    def row_changed(self, row: int) -> None:
        """Every cell of ``row`` may read differently now."""
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def retranslate(self) -> None:
        """Headers and cells say words: say them again in the language now installed."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        self.cells_changed()

    def cells_changed(self) -> None:
        """Every cell may read differently now (new words, names or times)."""
        if self._rows and self.columns:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )

    # -- what a subclass says

    #: What the cell of a row in a column reads: each model defines it.
    text: Callable[[T, int], str]

    def cell_data(self, number: int, row: T, column: int, role: int) -> Any:
        """Any other role of a cell (``number`` is the row's place, 0-based)."""
        return None

    def row_label(self, number: int) -> str | None:
        """The vertical header of a row: its number, from 1."""
        return str(number + 1)

    # -- Qt's model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return QCoreApplication.translate(self.CONTEXT, self.columns[section].header)
            return None
        if 0 <= section < len(self._rows):
            return self.row_label(section)
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        number, column = index.row(), index.column()
        if not (0 <= number < len(self._rows) and 0 <= column < len(self.columns)):
            return None  # also an invalid index: its row and column are -1
        row = self._rows[number]
        if role == DISPLAY:
            return self.text(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return self.row_id(row)
        return self.cell_data(number, row, column, role)
