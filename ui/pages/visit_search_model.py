"""The Visits page's table: the visits a search found, with columns declared as data.

Each :class:`Column` says how a visit is shown in the table and what goes into an
exported spreadsheet (real dates and numbers there, text on screen). Members are
masked (小* / a card code with its middle hidden): the table and its exports are
seen by others. :func:`table_rows` is plain Python, so an export can build its
rows on the worker thread from the same columns the table shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from station_app.validate import mask_name
from station_app.visits import VisitInfo
from ui.feedback import display_name

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "VisitSearchModel"
VOIDED_COLOUR = "#9aa0a6"


@dataclass(frozen=True)
class Look:
    """What the rows need besides the visits: local time, language, translated words."""

    to_local: Callable[[datetime], datetime]
    lang: str
    service_names: dict[str, str] = field(default_factory=dict)  # Chinese name → shown name
    voided_word: str = "Voided"


def mask_code(code: str) -> str:
    """A card code as others may see it: MK7****PA (enough to tell two apart, not to use)."""
    if len(code) <= 5:
        return code[:1] + "*" * (len(code) - 1)
    return f"{code[:3]}****{code[-2:]}"


def member_shown(v: VisitInfo) -> str:
    if v.member_nickname:
        return mask_name(v.member_nickname)
    return mask_code(v.member_code) if v.member_code else ""


def _local(v: datetime | None, look: Look) -> datetime | None:
    """A local time without its zone: what a spreadsheet cell holds."""
    return None if v is None else look.to_local(v).replace(tzinfo=None)


def _in_text(v: VisitInfo, look: Look) -> str:
    return look.to_local(v.checked_in_at).strftime("%Y-%m-%d %H:%M")


def _out_text(v: VisitInfo, look: Look) -> str:
    if v.checked_out_at is None:
        return ""
    out = look.to_local(v.checked_out_at)
    if out.date() == look.to_local(v.checked_in_at).date():
        return out.strftime("%H:%M")
    return out.strftime("%m-%d %H:%M")  # left on a later day


def _services(v: VisitInfo, look: Look) -> str:
    if look.lang == "en":
        return ", ".join(look.service_names.get(s, s) for s in v.services)
    return "、".join(v.services)


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English source text, translated in the context "VisitSearchModel"
    text: Callable[[VisitInfo, Look], str]
    value: Callable[[VisitInfo, Look], object]  # the cell in an exported file
    centred: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "in",
        str(QT_TRANSLATE_NOOP("VisitSearchModel", "In")),
        _in_text,
        lambda v, look: _local(v.checked_in_at, look),
        centred=True,
    ),
    Column(
        "out",
        str(QT_TRANSLATE_NOOP("VisitSearchModel", "Out")),
        _out_text,
        lambda v, look: _local(v.checked_out_at, look),
        centred=True,
    ),
    Column(
        "minutes",
        str(QT_TRANSLATE_NOOP("VisitSearchModel", "Minutes")),
        lambda v, look: "" if v.duration_minutes is None else str(v.duration_minutes),
        lambda v, look: v.duration_minutes,
        centred=True,
    ),
    Column(
        "category",
        str(QT_TRANSLATE_NOOP("VisitSearchModel", "Visitor")),
        lambda v, look: display_name(v.category, v.category_en, look.lang),
        lambda v, look: display_name(v.category, v.category_en, look.lang),
    ),
    Column(
        "services",
        str(QT_TRANSLATE_NOOP("VisitSearchModel", "Services")),
        _services,
        _services,
    ),
    Column(
        "member",
        str(QT_TRANSLATE_NOOP("VisitSearchModel", "Member")),
        lambda v, look: member_shown(v),
        lambda v, look: member_shown(v),
    ),
    Column(
        "attendant",
        str(QT_TRANSLATE_NOOP("VisitSearchModel", "Attendant")),
        lambda v, look: v.attendant or "",
        lambda v, look: v.attendant or "",
    ),
    Column(
        "voided",
        str(QT_TRANSLATE_NOOP("VisitSearchModel", "Voided")),
        lambda v, look: look.voided_word if v.voided else "",
        lambda v, look: look.voided_word if v.voided else "",
        centred=True,
    ),
)


def column_title(column: Column) -> str:
    return QCoreApplication.translate(CONTEXT, column.title)


def table_rows(visits: Sequence[VisitInfo], look: Look) -> list[list[object]]:
    """The visits as rows of an exported file, one cell per column (no Qt involved)."""
    return [[c.value(v, look) for c in COLUMNS] for v in visits]


class VisitSearchModel(QAbstractTableModel):
    """Rows are the frozen :class:`VisitInfo` a search returned, newest first."""

    def __init__(self, look: Look, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[VisitInfo, ...] = ()
        self._look = look
        self._titles = tuple(column_title(c) for c in COLUMNS)

    # -- contents

    @property
    def look(self) -> Look:
        return self._look

    def visits(self) -> tuple[VisitInfo, ...]:
        """The rows shown, as an immutable snapshot (safe to hand to a worker)."""
        return self._rows

    def set_visits(self, visits: Sequence[VisitInfo]) -> None:
        self.beginResetModel()
        try:
            self._rows = tuple(visits)
        finally:
            self.endResetModel()

    def set_look(self, look: Look) -> None:
        """A new language (or catalog names): headers and every cell are shown again."""
        self._look = look
        self._titles = tuple(column_title(c) for c in COLUMNS)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

    def visit_at(self, row: int) -> VisitInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(COLUMNS) if c.key == key)

    # -- Qt's model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return self._titles[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(COLUMNS):
            return None
        v = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(v, self._look)
        if role == Qt.ItemDataRole.ToolTipRole and column.key == "services":
            return column.text(v, self._look) or None
        if role == Qt.ItemDataRole.UserRole:
            return v.id
        if role == Qt.ItemDataRole.ForegroundRole and v.voided:
            return QBrush(QColor(VOIDED_COLOUR))
        if role == Qt.ItemDataRole.FontRole and v.voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column.centred:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
