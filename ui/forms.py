"""Forms of the kiosk: a refusal names its field, which turns red until it is edited.

:class:`FieldErrors` does this for any form (a dialog, a page or one part of a page):
the service's :class:`~station_app.errors.StationError` names a field in English
(``field``), the form binds that name to the widgets that show it, and the message is
shown under the form. Editing a field in error takes its red mark away, and the
message too when it was about that field; nothing else does until the form is
submitted again. :class:`FormDialog` is a dialog built on it.
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
    QListWidget,
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
    itself (a wrong PIN) keeps its mark until the person types again. A widget of
    another kind (a table) calls :meth:`FieldErrors.widget_edited` itself.
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
    elif isinstance(widget, QListWidget):
        widget.itemChanged.connect(lambda _item: edited())


def error_label(parent: QWidget | None = None) -> QLabel:
    """The line under a form where its refusal is said (kiosk.qss: ``#formError``), hidden."""
    label = QLabel(parent)
    label.setObjectName("formError")
    label.setWordWrap(True)
    label.hide()
    return label


class FieldErrors:
    """A form's refusals: the message in ``label``, the named field's widgets marked red.

    ``lang`` gives the language the message is shown in ("zh_CN" or "en"); it is
    asked at each refusal, so a page follows the window's language switch.
    ``bind("PIN", pin_edit)`` ties the English field name a service puts in
    ``StationError.field`` to the widgets that show it (one widget may show several
    fields); ``bind_prefix`` does so for every name that starts with a text
    ("Quantity on line 2").
    """

    def __init__(self, label: QLabel, lang: Callable[[], str]) -> None:
        self.label = label
        self.lang = lang
        self._fields: dict[str, list[QWidget]] = {}
        self._prefixes: list[tuple[str, list[QWidget]]] = []
        self._watched: list[QWidget] = []
        self._shown_for: str | None = None  # the field the message is about

    def bind(self, name: str, *widgets: QWidget) -> None:
        """``name`` is the English field name the services put in ``StationError.field``."""
        self._fields.setdefault(name, []).extend(widgets)
        for widget in widgets:
            self._watch(widget)

    def bind_prefix(self, prefix: str, *widgets: QWidget) -> None:
        """Every field name that starts with ``prefix`` is shown by ``widgets``."""
        self._prefixes.append((prefix, list(widgets)))
        for widget in widgets:
            self._watch(widget)

    def widgets_of(self, name: str | None) -> list[QWidget]:
        if not name:
            return []
        if name in self._fields:
            return self._fields[name]
        return next((ws for prefix, ws in self._prefixes if name.startswith(prefix)), [])

    def widget(self, name: str) -> QWidget | None:
        widgets = self.widgets_of(name)
        return widgets[0] if widgets else None

    def clear(self) -> None:
        """No message, no field red (at each submit)."""
        self.label.hide()
        self.label.clear()
        self._shown_for = None
        for widget in self._all():
            mark_invalid(widget, False)

    def show(self, exc: StationError) -> None:
        """Say why under the form, mark the named field and put the cursor in it."""
        self.clear()
        self.label.setText(exc.message(self.lang()))
        self.label.show()
        widgets = self.widgets_of(exc.field)
        if widgets:
            self._shown_for = exc.field
            for widget in widgets:
                mark_invalid(widget, True)
            widgets[0].setFocus()

    def mark(self, widget: QWidget) -> None:
        """Mark ``widget`` red for the message shown now (a refusal that named no field)."""
        for name, bound in self._fields.items():
            if widget in bound:
                self._shown_for = name
        mark_invalid(widget, True)

    def edited(self, name: str) -> None:
        """The person changed field ``name``: its red mark, and its message, go."""
        for widget in self.widgets_of(name):
            self.widget_edited(widget)

    def widget_edited(self, widget: QWidget) -> None:
        """The person changed ``widget``: the fields it shows are no longer red, and the
        message goes if it was about one of them."""
        if not _is_marked(widget):
            return
        groups = [ws for ws in self._fields.values() if widget in ws]
        groups += [ws for _, ws in self._prefixes if widget in ws]
        for group in groups:
            for w in group:
                mark_invalid(w, False)
        if widget in self.widgets_of(self._shown_for):
            self._shown_for = None
            self.label.hide()
            self.label.clear()

    def field_in_error(self) -> str | None:
        """The field shown red now: the one the message is about, else any marked."""
        if any(_is_marked(w) for w in self.widgets_of(self._shown_for)):
            return self._shown_for
        for name, widgets in self._fields.items():
            if any(_is_marked(w) for w in widgets):
                return name
        return None

    def marked(self) -> list[str]:
        """:meth:`field_in_error` as a list: empty when no field is red."""
        name = self.field_in_error()
        return [] if name is None else [name]

    def _all(self) -> list[QWidget]:
        out = [w for ws in self._fields.values() for w in ws]
        return out + [w for _, ws in self._prefixes for w in ws]

    def _watch(self, widget: QWidget) -> None:
        if widget in self._watched:
            return
        self._watched.append(widget)
        connect_edited(widget, lambda: self.widget_edited(widget))


def _is_marked(widget: QWidget) -> bool:
    return widget.property("invalid") is True


class FormDialog(QDialog):
    """A dialog whose service errors show under the form and mark the named field."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.error_label = error_label()
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
