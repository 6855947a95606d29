"""What the Relief page shows: how many packages the stock allows, and the roster table.

:func:`packages_left` and :func:`people_served` are plain arithmetic over what the
services return. :class:`RosterModel` is the sign-off roster (发放签收表) of one
campaign as a Qt table over frozen :class:`~station_app.relief.HandoutInfo` rows,
its columns declared as data in ``COLUMNS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from station_app.inventory import StockLevel
from station_app.relief import CampaignLineInfo, HandoutInfo

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "RosterModel"
SIGNED_MARK = "✓"
TIME_FORMAT = "%m-%d %H:%M"


def packages_left(lines: Sequence[CampaignLineInfo], levels: Sequence[StockLevel]) -> int:
    """How many more whole packages the usable stock (expired lots left out) allows:
    for each line, that item's usable quantity divided by the line's quantity; the
    smallest of these. An item missing from ``levels`` (retired) counts as none."""
    if not lines:
        return 0
    usable = {lv.item_id: lv.usable for lv in levels}
    return max(0, min(usable.get(line.item_id, 0) // line.qty for line in lines))


def person_of(row: HandoutInfo) -> tuple[str, str]:
    """Who a roster row was for: a member by card code, anyone else by name and phone tail."""
    if row.member_code is not None:
        return ("member", row.member_code)
    name = "".join(row.claimant.split()).casefold()
    return ("person", f"{name}|{row.phone_last4 or ''}")


def people_served(rows: Sequence[HandoutInfo]) -> int:
    """Different people on the roster (a person with two claims counts once)."""
    return len({person_of(r) for r in rows})


@dataclass(frozen=True)
class RosterView:
    """What a cell needs besides its row: local time, category names, the language."""

    to_local: Callable[[datetime], datetime]
    category_names: Mapping[str, str]  # a category's Chinese name → the name shown
    lang: str


def _time(h: HandoutInfo, v: RosterView) -> str:
    return v.to_local(h.handed_at).strftime(TIME_FORMAT)


def _claimant(h: HandoutInfo, v: RosterView) -> str:
    if h.member_code is None and h.phone_last4:
        return f"{h.claimant} ·{h.phone_last4}"
    return h.claimant


def _category(h: HandoutInfo, v: RosterView) -> str:
    if h.category is None:
        return ""
    return v.category_names.get(h.category, h.category)


def _signed(h: HandoutInfo, v: RosterView) -> str:
    return SIGNED_MARK if h.signed else ""


def _attendant(h: HandoutInfo, v: RosterView) -> str:
    if h.attendant is None:
        return QCoreApplication.translate("RosterModel", "command line")
    return h.attendant


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English source, translated in the "RosterModel" context
    text: Callable[[HandoutInfo, RosterView], str]
    centred: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("time", str(QT_TRANSLATE_NOOP("RosterModel", "Time")), _time, centred=True),
    Column("claimant", str(QT_TRANSLATE_NOOP("RosterModel", "Claimant")), _claimant),
    Column("category", str(QT_TRANSLATE_NOOP("RosterModel", "Category")), _category),
    Column("signed", str(QT_TRANSLATE_NOOP("RosterModel", "Signed")), _signed, centred=True),
    Column("attendant", str(QT_TRANSLATE_NOOP("RosterModel", "Attendant")), _attendant),
)


class RosterModel(QAbstractTableModel):
    """One campaign's handouts in time order; the newest is the last row."""

    def __init__(self, view: RosterView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[HandoutInfo] = []
        self._view = view
        self._titles: list[str] = []
        self.retranslate()

    # -- contents

    def set_rows(self, rows: Sequence[HandoutInfo]) -> None:
        self.beginResetModel()
        try:
            self._rows = list(rows)
        finally:
            self.endResetModel()

    def set_view(self, view: RosterView) -> None:
        """New category names or language: every cell may read differently."""
        self._view = view
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

    def rows(self) -> list[HandoutInfo]:
        return list(self._rows)

    def handout_at(self, row: int) -> HandoutInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, handout_id: int) -> int | None:
        for i, h in enumerate(self._rows):
            if h.id == handout_id:
                return i
        return None

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(COLUMNS) if c.key == key)

    def retranslate(self) -> None:
        self._titles = [QCoreApplication.translate(CONTEXT, c.title) for c in COLUMNS]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    # -- Qt's model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return self._titles[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(COLUMNS):
            return None
        h = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(h, self._view)
        if role == Qt.ItemDataRole.UserRole:
            return h.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(h)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.centred:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "signed" and h.signed:
            return QBrush(QColor("#1b5e20"))
        return None

    def _tooltip(self, h: HandoutInfo) -> str:
        parts = [h.claimant]
        if h.member_code:
            parts.append(h.member_code)
        if h.employer:
            parts.append(h.employer)
        if h.claim_no > 1:
            parts.append(f"#{h.claim_no}")
        return " · ".join(parts)
