"""A date field that takes a date typed as people write it: ``2027-06-30``.

Qt's date field goes on to the next part (month, day) by itself as soon as a part is
full, and then takes the separator typed after it as one more "next part": typing
``2027-06-30`` gives 2027-07-06. :class:`DateField` lets that separator pass without
effect, so the date reads as it was typed, with separators or without (``20270630``).
Reached by Shift+Tab it too has its first part chosen (Qt chooses the last), ready for
the date to be typed from its start.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit

SEPARATORS = frozenset("-/.")


class DateField(QDateEdit):
    """A :class:`QDateEdit` for the keyboard (see the module's description)."""

    _moved_on = False  # the last key typed filled a part, and the field went to the next

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._moved_on = False
        if event.reason() == Qt.FocusReason.BacktabFocusReason:
            self.setSelectedSection(self.sectionAt(0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text and text in SEPARATORS and self._moved_on:
            self._moved_on = False
            event.accept()  # the field is at the next part already
            return
        before = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._moved_on = text.isdigit() and self.currentSectionIndex() != before
