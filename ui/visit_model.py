"""Today's visit register as a Qt table model (rows are the services' VisitInfo)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from station_app.visits import VisitInfo
from ui.feedback import display_name

Index = QModelIndex | QPersistentModelIndex


class VisitTableModel(QAbstractTableModel):
    """Columns: in, category, services, member, out, minutes, state."""

    COLUMNS = ("in", "category", "services", "member", "out", "minutes", "state")

    def __init__(
        self,
        to_local: Callable[[datetime], datetime],
        lang: str,
        service_names: dict[str, str] | None = None,
        parent: Any = None,
    ) -> None:
        """``service_names`` maps a service's Chinese name to the name shown (English)."""
        super().__init__(parent)
        self._rows: list[VisitInfo] = []
        self._to_local = to_local
        self._lang = lang
        self._service_names = service_names or {}
        self._headers = (
            QCoreApplication.translate("VisitTableModel", "In"),
            QCoreApplication.translate("VisitTableModel", "Visitor"),
            QCoreApplication.translate("VisitTableModel", "Services"),
            QCoreApplication.translate("VisitTableModel", "Member"),
            QCoreApplication.translate("VisitTableModel", "Out"),
            QCoreApplication.translate("VisitTableModel", "Minutes"),
            QCoreApplication.translate("VisitTableModel", "State"),
        )

    # -- contents

    def set_visits(self, visits: Sequence[VisitInfo]) -> None:
        self.beginResetModel()
        try:
            self._rows = list(visits)
        finally:
            self.endResetModel()

    def visit_at(self, row: int) -> VisitInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, visit_id: int) -> int | None:
        for i, v in enumerate(self._rows):
            if v.id == visit_id:
                return i
        return None

    # -- Qt's model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(len(self._rows) - section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        v = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(v, column)
        if role == Qt.ItemDataRole.UserRole:
            return v.id
        if role == Qt.ItemDataRole.ForegroundRole and v.voided:
            return QBrush(QColor("#9aa0a6"))
        if role == Qt.ItemDataRole.FontRole and v.voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == "state" and v.inside:
            return QBrush(QColor("#1b5e20"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("in", "out", "minutes"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, v: VisitInfo, column: str) -> str:
        if column == "in":
            return self._to_local(v.checked_in_at).strftime("%H:%M")
        if column == "category":
            return display_name(v.category, v.category_en, self._lang)
        if column == "services":
            if self._lang == "en":
                return ", ".join(self._service_names.get(s, s) for s in v.services)
            return "、".join(v.services)
        if column == "member":
            return v.member_nickname or v.member_code or ""
        if column == "out":
            return self._to_local(v.checked_out_at).strftime("%H:%M") if v.checked_out_at else ""
        if column == "minutes":
            return "" if v.duration_minutes is None else str(v.duration_minutes)
        if v.voided:
            return QCoreApplication.translate("VisitTableModel", "Voided")
        return (
            QCoreApplication.translate("VisitTableModel", "Inside")
            if v.inside
            else QCoreApplication.translate("VisitTableModel", "Left")
        )
