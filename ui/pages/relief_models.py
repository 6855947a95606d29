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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt

from station_app.inventory import StockLevel
from station_app.relief import CampaignLineInfo, HandoutInfo
from ui.rows_model import CENTRED, RowsModel, brush

SIGNED_MARK = "✓"
SIGNED_COLOUR = "#1b5e20"
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
    header: str  # English source, translated in the "RosterModel" context
    text: Callable[[HandoutInfo, RosterView], str]
    centred: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("time", str(QT_TRANSLATE_NOOP("RosterModel", "Time")), _time, centred=True),
    Column("claimant", str(QT_TRANSLATE_NOOP("RosterModel", "Claimant")), _claimant),
    Column("category", str(QT_TRANSLATE_NOOP("RosterModel", "Category")), _category),
    Column("signed", str(QT_TRANSLATE_NOOP("RosterModel", "Signed")), _signed, centred=True),
    Column("attendant", str(QT_TRANSLATE_NOOP("RosterModel", "Attendant")), _attendant),
)


class RosterModel(RowsModel[HandoutInfo]):
    """One campaign's handouts in time order; the newest is the last row."""

    CONTEXT = "RosterModel"

    def __init__(self, view: RosterView, parent: QObject | None = None) -> None:
        super().__init__(parent, COLUMNS)
        self._view = view

    def set_view(self, view: RosterView) -> None:
        """New category names or language: every cell may read differently."""
        self._view = view
        self.cells_changed()

    def handout_at(self, row: int) -> HandoutInfo | None:
        return self.row_at(row)

    def row_id(self, row: HandoutInfo) -> int | None:
        return row.id

    # -- the cells

    def text(self, row: HandoutInfo, column: int) -> str:
        return COLUMNS[column].text(row, self._view)

    def cell_data(self, number: int, row: HandoutInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        shown = COLUMNS[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and shown.centred:
            return CENTRED
        if role == Qt.ItemDataRole.ForegroundRole and shown.key == "signed" and row.signed:
            return brush(SIGNED_COLOUR)
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
