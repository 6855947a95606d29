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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from station_app.validate import mask_name
from station_app.visits import VisitInfo
from ui.feedback import display_name
from ui.rows_model import CENTRED, RowsModel, brush, struck_out

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
    header: str  # English source text, translated in the context "VisitSearchModel"
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
    return QCoreApplication.translate(CONTEXT, column.header)


def table_rows(visits: Sequence[VisitInfo], look: Look) -> list[list[object]]:
    """The visits as rows of an exported file, one cell per column (no Qt involved)."""
    return [[c.value(v, look) for c in COLUMNS] for v in visits]


class VisitSearchModel(RowsModel[VisitInfo]):
    """Rows are the frozen :class:`VisitInfo` a search returned, newest first."""

    CONTEXT = "VisitSearchModel"

    def __init__(self, look: Look, parent: Any = None) -> None:
        super().__init__(parent, COLUMNS)
        self._look = look

    # -- contents

    @property
    def look(self) -> Look:
        return self._look

    def visits(self) -> tuple[VisitInfo, ...]:
        """The rows shown, as an immutable snapshot (safe to hand to a worker)."""
        return self.rows()

    def set_visits(self, visits: Sequence[VisitInfo]) -> None:
        self.set_rows(visits)

    def set_look(self, look: Look) -> None:
        """A new language (or catalog names): headers and every cell are shown again."""
        self._look = look
        self.retranslate()

    def visit_at(self, row: int) -> VisitInfo | None:
        return self.row_at(row)

    def row_id(self, row: VisitInfo) -> int | None:
        return row.id

    # -- the cells

    def text(self, row: VisitInfo, column: int) -> str:
        return COLUMNS[column].text(row, self._look)

    def cell_data(self, number: int, row: VisitInfo, column: int, role: int) -> Any:
        shown = COLUMNS[column]
        if role == Qt.ItemDataRole.ToolTipRole and shown.key == "services":
            return shown.text(row, self._look) or None
        if role == Qt.ItemDataRole.ForegroundRole and row.voided:
            return brush(VOIDED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and row.voided:
            return struck_out()
        if role == Qt.ItemDataRole.TextAlignmentRole and shown.centred:
            return CENTRED
        return None

    def row_label(self, number: int) -> str | None:
        return None  # the table shows no row numbers
