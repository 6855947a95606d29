"""The kiosk left alone: no touch, click or key for a while.

:class:`IdleWatcher` is an application-wide event filter that only notes the time of
the last input event (it never keeps one from its widget), and one single-shot timer
set for when the quiet would have lasted ``minutes``: when it fires it looks again
(input since then moves the moment on) and emits ``idle`` once, until the next input.
So the timer wakes up about once per timeout, not once per event. The window then
goes back to its start screen, closes what was left open and drops a supervisor's
rights (see ``ui.main_window``).

The clock is injectable (seconds, monotonic), so a test can move time on and call
:meth:`IdleWatcher.check` instead of waiting five minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

DEFAULT_IDLE_MINUTES = 5

# What a person does: a key, a tap, a click, the wheel, the mouse moved. A repaint, a
# timer or a database result is not a person.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``minutes`` without input (0 or less: never)."""

    idle = Signal()

    def __init__(
        self,
        minutes: float = DEFAULT_IDLE_MINUTES,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock: Callable[[], float] = clock or time.monotonic
        self._seconds = max(0.0, float(minutes) * 60.0)
        self._last = self._clock()
        self._fired = False
        self._app: QCoreApplication | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)

    @property
    def minutes(self) -> float:
        return self._seconds / 60.0

    def set_minutes(self, minutes: float) -> None:
        """A new timeout (the setting was changed); the quiet is counted from now."""
        self._seconds = max(0.0, float(minutes) * 60.0)
        self.touch()

    def start(self, app: QCoreApplication | None = None) -> None:
        """Listen to every input event of ``app`` (the running application by default)."""
        app = app or QCoreApplication.instance()
        if app is not None and self._app is None:
            app.installEventFilter(self)
            self._app = app
        self.touch()

    def stop(self) -> None:
        self._timer.stop()
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None

    def touch(self) -> None:
        """Someone used the kiosk now."""
        self._last = self._clock()
        self._fired = False
        self._arm()

    def _arm(self) -> None:
        """Wake up when the quiet would be long enough (if no input comes meanwhile)."""
        if self._seconds <= 0:
            self._timer.stop()
            return
        left = self._seconds - self.quiet_seconds()
        self._timer.start(max(1, int(left * 1000) + 1))

    def quiet_seconds(self) -> float:
        return max(0.0, self._clock() - self._last)

    def check(self) -> bool:
        """Emit ``idle`` if the quiet has lasted long enough (once per quiet spell)."""
        if self._seconds <= 0 or self._fired:
            return False
        if self.quiet_seconds() < self._seconds:
            self._arm()  # someone used it meanwhile: look again later
            return False
        self._fired = True
        self.idle.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last = self._clock()
            if self._fired:  # the first input after the idle: watch for the next spell
                self._fired = False
                self._arm()
        return False  # only noted, never taken
