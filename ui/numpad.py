"""An on-screen number pad for PINs, for a touch kiosk with no keyboard.

Large 0–9, ⌫ (delete the last digit) and OK buttons. A digit or ⌫ is handed to the
PIN field as the key a keyboard would send, so the field behaves exactly as when
typed (its red mark goes when edited, its length limit holds); OK emits
:attr:`NumPad.ok_pressed`, which the dialog connects to what its own OK button does.
The buttons never take the focus and are never the dialog's default button: the
cursor stays in the PIN field and Enter still means that dialog's OK.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

BACKSPACE = "⌫"
_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", BACKSPACE, "0", "OK")


class NumPad(QWidget):
    """Twelve large buttons in four rows of three that type into :attr:`target`."""

    ok_pressed = Signal()

    def __init__(self, target: QLineEdit | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("numPad")
        self.target = target
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for i, key in enumerate(_KEYS):
            button = QPushButton(key)
            button.setProperty("role", "numpad")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.setDefault(False)
            button.setAutoRepeat(key == BACKSPACE)  # held down, it keeps deleting
            button.clicked.connect(lambda _checked=False, k=key: self.press(k))
            self.buttons[key] = button
            grid.addWidget(button, i // 3, i % 3)
        self.retranslate()

    def set_target(self, target: QLineEdit) -> None:
        self.target = target

    def retranslate(self) -> None:
        self.buttons["OK"].setText(self.tr("OK"))
        self.buttons[BACKSPACE].setToolTip(self.tr("Delete the last digit"))
        self.buttons[BACKSPACE].setAccessibleName(self.tr("Delete the last digit"))

    def press(self, key: str) -> None:
        """What a tap on ``key`` does (``"0"``–``"9"``, :data:`BACKSPACE` or ``"OK"``)."""
        if key == "OK":
            self.ok_pressed.emit()
            return
        if self.target is None or not self.target.isEnabled():
            return
        if key == BACKSPACE:
            self._send(Qt.Key.Key_Backspace, "")
        else:
            self._send(Qt.Key(Qt.Key.Key_0.value + int(key)), key)
        self.target.setFocus()

    def _send(self, key: Qt.Key, text: str) -> None:
        assert self.target is not None
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            QCoreApplication.sendEvent(self.target, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
