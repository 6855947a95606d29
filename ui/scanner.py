"""Telling a keyboard-wedge QR scanner from a person at the keyboard.

A USB scanner "types" the code it read: a burst of plain ASCII keys a few
milliseconds apart, then Enter. A person types a key every 100 ms or more. The
:class:`ScanFilter` watches every key press of the application: printable keys
are held back while they come faster than ``gap_ms`` apart; a burst of at least
``min_length`` characters that ends in Enter is a scan (``scanned`` is emitted,
the widget with the focus never sees the keys, the Enter is swallowed). Anything
else (a pause longer than the gap, a short burst, another key) hands the held
keys to the widget that had the focus, in order, so a person typing into a field
loses nothing; they only arrive a few milliseconds later.

Timing comes from each key event's ``timestamp()`` (milliseconds; the window
system's clock), or from the ``clock`` given to the constructor. Events with no
timestamp (0, as synthesised ones have) are timed with a monotonic clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

DEFAULT_GAP_MS = 35
DEFAULT_MIN_LENGTH = 6

ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
ENTER_TEXTS = frozenset({"\r", "\n"})
MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    }
)
# A key pressed with one of these is a command (Ctrl+C, Alt+F4), never part of a scan.
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease})


def _monotonic_ms() -> float:
    return time.monotonic() * 1000.0


def _printable(event: QKeyEvent) -> str | None:
    """The one printable ASCII character the key types, if that is what it does."""
    text = event.text()
    if len(text) == 1 and " " <= text <= "~":
        return text
    return None


@dataclass
class _Burst:
    """Keys held back: the widget they were meant for, their copies, the text so far."""

    target: QWidget
    events: list[QKeyEvent] = field(default_factory=list)
    text: str = ""
    last_key_ms: float = 0.0


class ScanFilter(QObject):
    """An application-wide event filter (``QApplication.installEventFilter``) that turns
    a scanner's key bursts into ``scanned(text)`` and leaves a person's typing alone.

    ``gap_ms``: the longest pause between two keys of one burst; ``min_length``: the
    fewest characters a scan has; ``clock``: milliseconds now, instead of the events'
    own timestamps (for tests). ``enabled = False`` pauses it (held keys go out first).
    """

    scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        gap_ms: int = DEFAULT_GAP_MS,
        min_length: int = DEFAULT_MIN_LENGTH,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(parent)
        if gap_ms <= 0 or min_length <= 0:
            raise ValueError("gap_ms and min_length must be positive")
        self.gap_ms = gap_ms
        self.min_length = min_length
        self._clock = clock
        self._enabled = True
        self._burst: _Burst | None = None
        self._replaying = False
        self._swallow_release: Qt.Key | None = None
        # Fires when no key came within the gap: the burst was typing after all.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(gap_ms)
        self._timer.timeout.connect(self.release_held)

    # ------------------------------------------------------------------ state

    @property
    def enabled(self) -> bool:
        return self._enabled

    @enabled.setter
    def enabled(self, on: bool) -> None:
        if not on:
            self.release_held()
        self._enabled = bool(on)

    @property
    def holding(self) -> str:
        """The characters held back right now (empty when none)."""
        return self._burst.text if self._burst is not None else ""

    def release_held(self) -> None:
        """Hand the held keys to the widget they were meant for, in the order typed."""
        self._timer.stop()
        burst, self._burst = self._burst, None
        if burst is None:
            return
        target = burst.target
        if not shiboken6.isValid(target):  # the widget went away meanwhile
            return
        self._replaying = True
        try:
            for copy in burst.events:
                QApplication.sendEvent(target, copy)
        finally:
            self._replaying = False

    def _time_of(self, event: QKeyEvent) -> float:
        if self._clock is not None:
            return self._clock()
        stamp = event.timestamp()
        return float(stamp) if stamp else _monotonic_ms()

    # ------------------------------------------------------------------ the filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and self._burst is not None:
            self.release_held()  # a click may move the focus: the keys go where they were typed
            return False
        if kind not in KEY_EVENTS or self._replaying or not self._enabled:
            return False
        # A key reaches the QWindow first, then the focus widget (then, if ignored, its
        # parents): it is judged at the first widget. A key held there goes no further;
        # one let through and seen again at a parent changes nothing the second time.
        if not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        if kind == QEvent.Type.KeyRelease:
            return self._on_release(watched, event)
        return self._on_press(watched, event)

    def _on_press(self, widget: QWidget, event: QKeyEvent) -> bool:
        key = event.key()
        if key in MODIFIER_KEYS:
            return False  # Shift between a scanner's capitals: neither part nor break
        if event.modifiers() & COMMAND_MODIFIERS:
            self.release_held()  # Ctrl+V, Alt+F4 …: a person's command, after their typing
            return False
        now = self._time_of(event)
        burst = self._burst
        if burst is not None and not 0 <= now - burst.last_key_ms <= self.gap_ms:
            self.release_held()  # too slow: that was typing
            burst = None
        char = _printable(event)
        if char is not None and not event.isAutoRepeat():
            if burst is None:
                burst = self._burst = _Burst(widget)
            burst.events.append(event.clone())
            burst.text += char
            burst.last_key_ms = now
            self._timer.start()
            return True
        enter = key in ENTER_KEYS or event.text() in ENTER_TEXTS  # CR or LF, however mapped
        if enter and burst is not None and len(burst.text) >= self.min_length:
            self._timer.stop()
            self._burst = None
            self._swallow_release = Qt.Key(key)
            self.scanned.emit(burst.text)
            return True
        self.release_held()  # any other key ends a burst: what was held is typing
        return False

    def _on_release(self, widget: QWidget, event: QKeyEvent) -> bool:
        if self._swallow_release is not None and event.key() == self._swallow_release:
            self._swallow_release = None
            return True
        burst = self._burst
        if burst is not None and widget is burst.target and _printable(event) is not None:
            burst.events.append(event.clone())
            return True
        return False
