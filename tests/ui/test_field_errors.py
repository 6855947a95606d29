"""FieldErrors: one form's refusals, a field shown by several widgets or by a name prefix."""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QLineEdit, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from station_app.errors import InvalidInput, PermissionDenied
from ui.forms import FieldErrors, error_label


def _form(qtbot: QtBot) -> tuple[QWidget, FieldErrors]:
    host = QWidget()
    qtbot.addWidget(host)
    errors = FieldErrors(error_label(host), lambda: "en")
    return host, errors


def test_a_field_shown_by_two_widgets_is_red_in_both_until_either_is_edited(
    qtbot: QtBot,
) -> None:
    host, errors = _form(qtbot)
    start, end, name = QDateEdit(host), QDateEdit(host), QLineEdit(host)
    errors.bind("Start date", start)
    errors.bind("Campaign dates", start, end)
    errors.bind("Campaign name", name)
    errors.show(
        InvalidInput("结束日期早于开始日期", "The end is before the start", field="Campaign dates")
    )
    assert errors.marked() == ["Campaign dates"]
    assert (start.property("invalid"), end.property("invalid")) == (True, True)
    assert errors.label.text() == "The end is before the start"

    name.setText("x")  # another field: nothing changes
    assert errors.field_in_error() == "Campaign dates" and not errors.label.isHidden()
    end.setDate(end.date().addDays(1))
    assert (start.property("invalid"), end.property("invalid")) == (False, False)
    assert errors.marked() == [] and errors.label.isHidden()


def test_a_name_prefix_and_a_table_that_says_itself_when_it_is_edited(qtbot: QtBot) -> None:
    host, errors = _form(qtbot)
    lines = QTableWidget(2, 2, host)
    errors.bind_prefix("Quantity on line", lines)
    errors.show(
        InvalidInput("第 2 行数量有误", "Line 2: a whole number", field="Quantity on line 2")
    )
    assert errors.marked() == ["Quantity on line 2"] and lines.property("invalid") is True
    errors.widget_edited(lines)
    assert lines.property("invalid") is False and errors.label.isHidden()


def test_a_refusal_naming_no_field_stays_until_the_next_submit(qtbot: QtBot) -> None:
    host, errors = _form(qtbot)
    edit = QLineEdit(host)
    errors.bind("Station name", edit)
    errors.show(PermissionDenied("只有负责人可以修改", "Only a supervisor can change it"))
    assert errors.marked() == [] and not errors.label.isHidden()
    qtbot.keyClicks(edit, "a")  # typing cannot answer it
    assert errors.label.text() == "Only a supervisor can change it"
    assert not errors.label.isHidden()
    errors.clear()
    assert errors.label.isHidden() and errors.label.text() == ""
