"""A small base for the kiosk's forms: a refusal names its field, which turns red."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QWidget

from station_app.errors import StationError


class FormDialog(QDialog):
    """A dialog whose service errors show under the form and mark the named field."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self._fields: dict[str, QWidget] = {}

    def bind_field(self, name: str, widget: QWidget) -> None:
        """``name`` is the English field name the services put in ``StationError.field``."""
        self._fields[name] = widget

    def clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
        for widget in self._fields.values():
            self._mark(widget, False)

    def show_error(self, exc: StationError) -> None:
        self.clear_error()
        self.error_label.setText(exc.message(self.lang))
        self.error_label.show()
        widget = self._fields.get(exc.field or "")
        if widget is not None:
            self._mark(widget, True)
            widget.setFocus()

    def field_in_error(self) -> str | None:
        for name, widget in self._fields.items():
            if widget.property("invalid") is True:
                return name
        return None

    @staticmethod
    def _mark(widget: QWidget, invalid: bool) -> None:
        widget.setProperty("invalid", invalid)
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
