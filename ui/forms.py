"""Forms of the kiosk: a refusal names its field, which turns red until it is edited.

:class:`FieldErrors` does this for any form (a dialog or a page): the service's
:class:`~station_app.errors.StationError` names a field in English (``field``),
the form binds that name to its widget, and the message is shown under the form.
Editing the field in error takes the red mark and its message away; nothing else
does until the form is submitted again. :class:`FormDialog` is a dialog built on it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from station_app.errors import StationError


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Draw ``widget`` red (kiosk.qss: ``[invalid="true"]``) or plain again."""
    if widget.property("invalid") is invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def connect_edited(widget: QWidget, edited: Callable[[], None]) -> None:
    """Call ``edited`` when a person changes ``widget``'s value.

    Line edits report typing only (``textEdited``), so a form that clears a field
    itself (a wrong PIN) keeps its mark until the person types again.
    """
    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(lambda _text: edited())
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _index: edited())
        if widget.isEditable():
            widget.editTextChanged.connect(lambda _text: edited())
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        widget.valueChanged.connect(lambda _value: edited())
    elif isinstance(widget, QDateTimeEdit):
        widget.dateTimeChanged.connect(lambda _value: edited())
    elif isinstance(widget, QAbstractSpinBox):
        widget.editingFinished.connect(edited)
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(lambda _on: edited())
    elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
        widget.textChanged.connect(edited)


class FieldErrors:
    """A form's refusals: the message in ``label``, the named field marked red.

    ``lang`` gives the language the message is shown in ("zh_CN" or "en"); it is
    asked at each refusal, so a page follows the window's language switch.
    """

    def __init__(self, label: QLabel, lang: Callable[[], str]) -> None:
        self.label = label
        self.lang = lang
        self._fields: dict[str, QWidget] = {}
        self._shown_for: str | None = None  # the field the message is about

    def bind(self, name: str, widget: QWidget) -> None:
        """``name`` is the English field name the services put in ``StationError.field``."""
        self._fields[name] = widget
        connect_edited(widget, lambda: self.edited(name))

    def widget(self, name: str) -> QWidget | None:
        return self._fields.get(name)

    def clear(self) -> None:
        """No message, no field red (at each submit)."""
        self.label.hide()
        self.label.clear()
        self._shown_for = None
        for widget in self._fields.values():
            mark_invalid(widget, False)

    def show(self, exc: StationError) -> None:
        """Say why under the form, mark the named field and put the cursor in it."""
        self.clear()
        self.label.setText(exc.message(self.lang()))
        self.label.show()
        widget = self._fields.get(exc.field or "")
        if widget is not None:
            self._shown_for = exc.field
            mark_invalid(widget, True)
            widget.setFocus()

    def mark(self, widget: QWidget) -> None:
        """Mark ``widget`` red for the message shown now (a refusal that named no field)."""
        for name, bound in self._fields.items():
            if bound is widget:
                self._shown_for = name
        mark_invalid(widget, True)

    def edited(self, name: str) -> None:
        """The person changed field ``name``: its red mark, and its message, go."""
        widget = self._fields.get(name)
        if widget is None or widget.property("invalid") is not True:
            return
        mark_invalid(widget, False)
        if self._shown_for == name:
            self._shown_for = None
            self.label.hide()
            self.label.clear()

    def field_in_error(self) -> str | None:
        for name, widget in self._fields.items():
            if widget.property("invalid") is True:
                return name
        return None


class FormDialog(QDialog):
    """A dialog whose service errors show under the form and mark the named field."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.errors = FieldErrors(self.error_label, lambda: self.lang)

    def bind_field(self, name: str, widget: QWidget) -> None:
        """``name`` is the English field name the services put in ``StationError.field``."""
        self.errors.bind(name, widget)

    def clear_error(self) -> None:
        self.errors.clear()

    def show_error(self, exc: StationError) -> None:
        self.errors.show(exc)

    def field_in_error(self) -> str | None:
        return self.errors.field_in_error()

    def _mark(self, widget: QWidget, invalid: bool) -> None:
        """Mark ``widget`` red as the field of the message shown now, or plain again."""
        if invalid:
            self.errors.mark(widget)
        else:
            mark_invalid(widget, False)
