"""Today's visit register as a Qt table model (rows are the services' VisitInfo).

The register is on the path of every scan: the window hands it the day's visits after
each check-in or out (:meth:`VisitTableModel.set_visits`) and finds the visit to
select again by its id (:meth:`~ui.rows_model.RowsModel.row_of`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from station_app.visits import VisitInfo
from ui.feedback import display_name
from ui.rows_model import CENTRED, Column, RowsModel, brush, struck_out

VOIDED_COLOUR = "#9aa0a6"
INSIDE_COLOUR = "#1b5e20"
CENTRED_KEYS = frozenset({"in", "out", "minutes"})


class VisitTableModel(RowsModel[VisitInfo]):
    """Columns: in, category, services, member, out, minutes, state; the rows are
    numbered from the bottom (the first visit of the day is 1)."""

    CONTEXT = "VisitTableModel"
    COLUMNS = (
        Column("in", str(QT_TRANSLATE_NOOP("VisitTableModel", "In"))),
        Column("category", str(QT_TRANSLATE_NOOP("VisitTableModel", "Visitor"))),
        Column("services", str(QT_TRANSLATE_NOOP("VisitTableModel", "Services"))),
        Column("member", str(QT_TRANSLATE_NOOP("VisitTableModel", "Member"))),
        Column("out", str(QT_TRANSLATE_NOOP("VisitTableModel", "Out"))),
        Column("minutes", str(QT_TRANSLATE_NOOP("VisitTableModel", "Minutes"))),
        Column("state", str(QT_TRANSLATE_NOOP("VisitTableModel", "State"))),
    )
    KEYS = tuple(c.key for c in COLUMNS)

    def __init__(
        self,
        to_local: Callable[[datetime], datetime],
        lang: str,
        service_names: dict[str, str] | None = None,
        parent: Any = None,
    ) -> None:
        """``service_names`` maps a service's Chinese name to the name shown (English)."""
        super().__init__(parent)
        self._to_local = to_local
        self._lang = lang
        self._service_names = service_names or {}

    # -- contents

    def set_visits(self, visits: Sequence[VisitInfo]) -> None:
        self.set_rows(visits)

    def visit_at(self, row: int) -> VisitInfo | None:
        return self.row_at(row)

    def row_id(self, row: VisitInfo) -> int | None:
        return row.id

    def row_label(self, number: int) -> str | None:
        return str(len(self._rows) - number)

    # -- the cells

    def cell_data(self, number: int, row: VisitInfo, column: int, role: int) -> Any:
        key = self.KEYS[column]
        if role == Qt.ItemDataRole.ForegroundRole and row.voided:
            return brush(VOIDED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and row.voided:
            return struck_out()
        if role == Qt.ItemDataRole.ForegroundRole and key == "state" and row.inside:
            return brush(INSIDE_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in CENTRED_KEYS:
            return CENTRED
        return None

    def text(self, row: VisitInfo, column: int) -> str:
        key = self.KEYS[column]
        if key == "in":
            return self._to_local(row.checked_in_at).strftime("%H:%M")
        if key == "category":
            return display_name(row.category, row.category_en, self._lang)
        if key == "services":
            if self._lang == "en":
                return ", ".join(self._service_names.get(s, s) for s in row.services)
            return "、".join(row.services)
        if key == "member":
            return row.member_nickname or row.member_code or ""
        if key == "out":
            return (
                self._to_local(row.checked_out_at).strftime("%H:%M") if row.checked_out_at else ""
            )
        if key == "minutes":
            return "" if row.duration_minutes is None else str(row.duration_minutes)
        if row.voided:
            return QCoreApplication.translate("VisitTableModel", "Voided")
        return (
            QCoreApplication.translate("VisitTableModel", "Inside")
            if row.inside
            else QCoreApplication.translate("VisitTableModel", "Left")
        )
