"""The window's one table model: rows, headers and signals, and the register built on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from station_app.visits import VisitInfo
from tests.conftest import TZ
from ui.i18n import TRANSLATIONS_DIR
from ui.rows_model import CENTRED, Column, RowsModel
from ui.visit_model import VisitTableModel


@dataclass(frozen=True)
class Seat:
    id: int
    name: str
    taken: bool


class SeatModel(RowsModel[Seat]):
    CONTEXT = "VisitTableModel"  # headers that the shipped translation knows
    COLUMNS = (
        Column("name", str(QT_TRANSLATE_NOOP("VisitTableModel", "Member"))),
        Column("taken", str(QT_TRANSLATE_NOOP("VisitTableModel", "State"))),
    )

    def row_id(self, row: Seat) -> int | None:
        return row.id

    def text(self, row: Seat, column: int) -> str:
        return row.name if column == 0 else ("x" if row.taken else "")

    def cell_data(self, number: int, row: Seat, column: int, role: int) -> Any:
        return CENTRED if role == Qt.ItemDataRole.TextAlignmentRole and column == 1 else None


SEATS = [Seat(7, "老张", True), Seat(9, "小王", False), Seat(4, "李", True)]


def test_rows_are_a_snapshot_found_by_id_and_place(qtmodeltester: Any, qapp: QApplication) -> None:
    model = SeatModel()
    given = list(SEATS)
    model.set_rows(given)
    given.clear()  # the caller's list is not the model's
    qtmodeltester.check(model)
    assert model.rows() == tuple(SEATS) and model.rowCount() == 3 and model.columnCount() == 2
    assert model.row_of(9) == 1 and model.row_of(5) is None
    assert model.row_at(2) == SEATS[2] and model.row_at(3) is None and model.row_at(-1) is None
    assert model.row_where(lambda s: not s.taken) == 1
    assert model.column_of("taken") == 1
    index = model.index(1, 0)
    assert index.data() == "小王" and index.data(Qt.ItemDataRole.UserRole) == 9
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == CENTRED
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.headerData(2, Qt.Orientation.Vertical) == "3"
    assert model.headerData(3, Qt.Orientation.Vertical) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Member"
    model.set_rows([])
    qtmodeltester.check(model)


def test_headers_are_translated_in_the_models_context(qtbot: QtBot, qapp: QApplication) -> None:
    model = SeatModel()
    model.set_rows(SEATS)
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS_DIR / "station_desk_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        with (
            qtbot.waitSignal(model.headerDataChanged) as header,
            qtbot.waitSignal(model.dataChanged) as cells,
        ):
            model.retranslate()
        assert header.args == [Qt.Orientation.Horizontal, 0, 1]
        top_left, bottom_right = cells.args[0], cells.args[1]
        assert (top_left.row(), top_left.column()) == (0, 0)
        assert (bottom_right.row(), bottom_right.column()) == (2, 1)
        assert model.headerData(1, Qt.Orientation.Horizontal) == "状态"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "State"


def _visit(vid: int, minutes: int, voided: bool = False) -> VisitInfo:
    at = datetime(2026, 7, 1, 1, 0, tzinfo=TZ) + timedelta(minutes=minutes)
    return VisitInfo(
        vid, 1, "快递员", "Courier", ("饮水",), None, None, at, None, None, "tap", "李", voided
    )


def test_the_register_counts_its_rows_from_the_bottom(
    qtmodeltester: Any, qapp: QApplication
) -> None:
    model = VisitTableModel(lambda t: t.astimezone(TZ), "en")
    model.set_visits([_visit(12, 30), _visit(11, 20, voided=True), _visit(10, 10)])
    qtmodeltester.check(model)
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(3)] == ["3", "2", "1"]
    assert model.row_of(10) == 2 and model.visit_at(1) == _visit(11, 20, voided=True)
    assert [model.index(r, 6).data() for r in range(3)] == ["Inside", "Voided", "Inside"]
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(0, 6).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#1b5e20"
    assert model.index(0, 0).data() == "01:30"
