"""The window's frame around the pages: the side bar, the kiosk settings, the theme.

* :class:`SideBar`: a column of large buttons, an icon over a label, one per page; a
  page only a supervisor may open is drawn greyed with a lock for anyone else (it can
  still be tapped: the window then asks for a supervisor's PIN).
* :class:`WrapButton`: a push button whose label wraps onto a second line when the
  column it sits in is narrow (English names at 1024 px), instead of being cut off.
* :class:`KioskSettings`: full screen, idle timeout and theme, from this kiosk's
  settings file (``kiosk/full_screen``, ``kiosk/idle_minutes``, ``kiosk/theme``).
* :func:`style_sheet` / :func:`apply_theme`: ``resources/kiosk.qss``, the shell's own
  rules, and ``resources/high_contrast.qss`` on top for the large-type theme.
* :class:`LockedPage`: what the window shows while nobody is signed in;
  :class:`ReadableDelegate`: the register's coloured words made light on a dark theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSettings,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resources import RESOURCES_DIR
from ui.idle import DEFAULT_IDLE_MINUTES

KEY_FULL_SCREEN = "kiosk/full_screen"
KEY_IDLE_MINUTES = "kiosk/idle_minutes"
KEY_THEME = "kiosk/theme"
THEMES = ("normal", "high_contrast")
MAX_IDLE_MINUTES = 24 * 60

TOUCH_MIN = 48  # the smallest thing a finger is asked to hit, in pixels
NAV_ICON = 36
NAV_WIDTH = 92

# Rules for the shell's own widgets; high_contrast.qss comes after them and wins.
SHELL_STYLE = """
QFrame#sideBar { background: #e3e8ee; border-right: 1px solid #c9d0d8; }
QToolButton[role="nav"] {
    font-size: 14px; color: #263238; background: transparent;
    border: none; border-radius: 8px; padding: 6px 2px;
}
QToolButton[role="nav"]:checked { background: #ffffff; color: #b3261e; font-weight: bold; }
QToolButton[role="nav"]:hover { background: #f3f6fa; }
QToolButton[role="nav"]:focus { border: 2px solid #1565c0; }
QToolButton[role="nav"][locked="true"] { color: #8d969e; }
QLabel#notice[kind="waiting"] { color: #a84300; font-weight: bold; }
QLabel#busyLabel { color: #0d47a1; font-weight: bold; }
QLabel#lockedTitle { font-size: 40px; font-weight: bold; color: #37474f; }
QLabel#lockedHint { font-size: 20px; color: #455a64; }
QPushButton#signInButton { font-size: 24px; font-weight: bold; min-height: 64px;
    padding: 8px 40px; }
"""


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class KioskSettings:
    """How this kiosk shows the window. Read once at start; the Settings page writes them."""

    full_screen: bool = False
    idle_minutes: int = DEFAULT_IDLE_MINUTES  # 0: never
    theme: str = "normal"

    @classmethod
    def load(cls, settings: QSettings) -> KioskSettings:
        """From ``settings``; a missing or unreadable value is its default."""
        raw_full = settings.value(KEY_FULL_SCREEN, False)
        full = (
            raw_full.strip().lower() in ("1", "true", "yes")
            if isinstance(raw_full, str)
            else (bool(raw_full))
        )
        raw_idle = settings.value(KEY_IDLE_MINUTES, DEFAULT_IDLE_MINUTES)
        try:
            idle = int(str(raw_idle).strip())
        except ValueError:
            idle = DEFAULT_IDLE_MINUTES
        idle = min(max(idle, 0), MAX_IDLE_MINUTES)
        theme = str(settings.value(KEY_THEME, "normal") or "normal").strip()
        return cls(full, idle, theme if theme in THEMES else "normal")

    def save(self, settings: QSettings) -> None:
        settings.setValue(KEY_FULL_SCREEN, self.full_screen)
        settings.setValue(KEY_IDLE_MINUTES, self.idle_minutes)
        settings.setValue(KEY_THEME, self.theme)
        settings.sync()


def style_sheet(theme: str = "normal") -> str:
    """The application's style sheet for ``theme`` (``normal`` or ``high_contrast``)."""
    parts = [(RESOURCES_DIR / "kiosk.qss").read_text(encoding="utf-8"), SHELL_STYLE]
    if theme == "high_contrast":
        parts.append((RESOURCES_DIR / "high_contrast.qss").read_text(encoding="utf-8"))
    return "\n".join(parts)


def apply_theme(app: QApplication, theme: str = "normal") -> None:
    app.setStyleSheet(style_sheet(theme))


# --------------------------------------------------------------------------- buttons


class WrapButton(QPushButton):
    """A push button whose label breaks between words when it must, never cut off.

    Its narrowest width is that of its longest word (the label is then drawn a few
    pixels from the border, not at the style sheet's padding); its height always
    leaves room for two lines, so a grid of them keeps one row height in any language.
    """

    LINES = 2
    TEXT_MARGIN = 6

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        # Any width from its longest word up (a plain button never goes below its text).
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._sizes: dict[tuple[str, str, bool], tuple[QSize, QSize]] = {}

    def _label_font(self, *, measuring: bool = False) -> QFont:
        """The label's font: bold when checked, as the style sheet's :checked rule draws
        it; a toggle is measured bold, so that ticking it never changes its size."""
        font = QFont(self.font())
        if self.isChecked() or (measuring and self.isCheckable()):
            font.setBold(True)
        return font

    def _metrics(self, *, measuring: bool = False) -> QFontMetrics:
        return QFontMetrics(self._label_font(measuring=measuring))

    def _widest_word(self, *, measuring: bool = False) -> int:
        metrics = self._metrics(measuring=measuring)
        return max((metrics.horizontalAdvance(w) for w in self.text().split()), default=0)

    def _hint(self, width: int, metrics: QFontMetrics) -> QSize:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        text_height = metrics.lineSpacing() * self.LINES
        return self.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, option, QSize(width, text_height), self
        )

    def _measured(self) -> tuple[QSize, QSize]:
        """(size hint, minimum size hint), kept until the text, font or style changes:
        layouts ask for them many times."""
        key = (self.text(), self.font().key(), self.isCheckable())
        sizes = self._sizes.get(key)
        if sizes is None:
            metrics = self._metrics(measuring=True)
            height = max(self._hint(0, metrics).height(), TOUCH_MIN)
            least = QSize(self._widest_word(measuring=True) + 2 * self.TEXT_MARGIN + 4, height)
            one_line = self._hint(metrics.horizontalAdvance(self.text()) + 4, metrics)
            sizes = (one_line.expandedTo(least), least)
            self._sizes = {key: sizes}
        return sizes

    def sizeHint(self) -> QSize:
        return QSize(self._measured()[0])

    def minimumSizeHint(self) -> QSize:
        return QSize(self._measured()[1])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._sizes = {}
        super().changeEvent(event)

    def _text_rect(self, option: QStyleOptionButton) -> QRect:
        """The style sheet's contents box; across the button less a small margin when a
        word is wider than that box."""
        inner = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        if inner.width() >= self._widest_word():
            return inner
        m = self.TEXT_MARGIN
        return QRect(m, inner.top(), max(0, self.width() - 2 * m), inner.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        text = option.text
        option.text = ""
        painter = QStylePainter(self)
        try:
            painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
            painter.setFont(self._label_font())
            group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
            painter.setPen(self.palette().color(group, QPalette.ColorRole.ButtonText))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self._text_rect(option), int(flags), text)
        finally:
            painter.end()

    def text_fits(self) -> bool:
        """The whole label is drawn: every word fits the width, every line the height."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        rect = self._text_rect(option)
        needed = self._metrics().boundingRect(
            QRect(0, 0, rect.width(), 10_000),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            self.text(),
        )
        return self._widest_word() <= rect.width() and needed.height() <= rect.height()


class ButtonFlow(QWidget):
    """Buttons in equal columns, as many as the width allows (from ``min_columns`` to
    ``max_columns``), row after row; its height follows from its width."""

    def __init__(
        self, max_columns: int, min_columns: int = 1, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.max_columns = max_columns
        self.min_columns = min(min_columns, max_columns)
        self.spacing = 6
        self.buttons: list[QWidget] = []
        self._cell: QSize | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_buttons(self, buttons: list[QWidget]) -> None:
        for old in self.buttons:
            if old not in buttons:
                old.setParent(None)
                old.deleteLater()
        self.buttons = list(buttons)
        for button in self.buttons:
            button.setParent(self)
            button.show()
        self.relayout()

    def set_min_columns(self, columns: int) -> None:
        self.min_columns = max(1, min(columns, self.max_columns))
        self.relayout()

    def relayout(self) -> None:
        """The buttons' texts or fonts changed: measure and place them again."""
        self._cell = None
        self.updateGeometry()
        self._place()

    def cell(self) -> QSize:
        """The narrowest a button may be, and the height of a row."""
        if self._cell is None:
            width = max((b.minimumSizeHint().width() for b in self.buttons), default=0)
            height = max((b.sizeHint().height() for b in self.buttons), default=0)
            self._cell = QSize(width, height)
        return QSize(self._cell)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._cell = None
        super().changeEvent(event)

    def columns_for(self, width: int) -> int:
        cell = self.cell()
        fit = (width + self.spacing) // max(1, cell.width() + self.spacing)
        return max(self.min_columns, min(self.max_columns, fit))

    def columns(self) -> int:
        return self.columns_for(self.width())

    def _rows(self, columns: int) -> int:
        return -(-len(self.buttons) // max(1, columns))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = self._rows(self.columns_for(width))
        return max(0, rows * self.cell().height() + (rows - 1) * self.spacing)

    def _width_for(self, columns: int, cell_width: int) -> int:
        return columns * cell_width + (columns - 1) * self.spacing

    def minimumSizeHint(self) -> QSize:
        width = self._width_for(self.min_columns, self.cell().width())
        return QSize(width, self.heightForWidth(width))

    def sizeHint(self) -> QSize:
        preferred = max((b.sizeHint().width() for b in self.buttons), default=0)
        width = self._width_for(self.max_columns, preferred)
        return QSize(width, self.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        if not self.buttons:
            return
        columns = self.columns()
        cell_height = self.cell().height()
        column_width = (self.width() - (columns - 1) * self.spacing) / columns
        for i, button in enumerate(self.buttons):
            row, column = divmod(i, columns)
            x = round(column * (column_width + self.spacing))
            right = round(column * (column_width + self.spacing) + column_width)
            button.setGeometry(x, row * (cell_height + self.spacing), right - x, cell_height)


# --------------------------------------------------------------------------- the side bar


def badge_icon(glyph: str, colour: str, size: int = 64) -> QIcon:
    """A round badge with one character on it: the icon when the system has none."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(2, 2, size - 4, size - 4, size * 0.28, size * 0.28)
    font = QFont(QApplication.font())
    font.setBold(True)
    font.setPixelSize(int(size * 0.5))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRect(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), glyph[:1])
    painter.end()
    return QIcon(pixmap)


BADGE_COLOURS = ("#b3261e", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#455a64")
LOCKED_COLOUR = "#a7b0b8"


NAV_STEPS: dict[int, int] = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}  # the side bar's arrows
NAV_SIDEWAYS = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Right})
NAV_OPEN = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
PLAIN_KEYS = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class SideBar(QFrame):
    """The page buttons. ``chosen(key)`` when one is tapped (the window decides whether
    it opens); :meth:`set_current` shows which page is in front.

    From the keyboard: Tab reaches the button of the page in front (the buttons are one
    exclusive group, as radio buttons are); Up and Down move the focus between the
    buttons without opening anything; Enter or Space opens the one with the focus."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sideBar")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.setFixedWidth(NAV_WIDTH)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 6, 4, 6)
        self._layout.setSpacing(4)
        self._layout.addStretch(1)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        self._icons: dict[str, str] = {}

    def add(
        self, key: str, title: str, icon_name: str = "", *, locked: bool = False
    ) -> QToolButton:
        if key in self.buttons:
            raise ValueError(f"a page {key!r} is in the side bar already")
        button = QToolButton()
        button.setProperty("role", "nav")
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        button.setIconSize(QSize(NAV_ICON, NAV_ICON))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setMinimumHeight(max(TOUCH_MIN, NAV_ICON + 34))
        button.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
        button.installEventFilter(self)
        self._group.addButton(button)
        self._layout.insertWidget(self._layout.count() - 1, button)
        self.buttons[key] = button
        self._icons[key] = icon_name
        button.setProperty("locked", locked)
        self.set_title(key, title)
        return button

    def set_title(self, key: str, title: str) -> None:
        button = self.buttons[key]
        button.setText(title)
        self._set_icon(key)

    def _set_icon(self, key: str) -> None:
        button = self.buttons[key]
        name = self._icons.get(key, "")
        icon = QIcon.fromTheme(name) if name and QIcon.hasThemeIcon(name) else QIcon()
        if icon.isNull():
            colour = BADGE_COLOURS[list(self.buttons).index(key) % len(BADGE_COLOURS)]
            if self.is_locked(key):
                colour = LOCKED_COLOUR
            icon = badge_icon(button.text() or key, colour)
        button.setIcon(icon)

    def set_locked(self, key: str, locked: bool) -> None:
        """Greyed: only a supervisor (or a supervisor's PIN) opens it."""
        button = self.buttons[key]
        if self.is_locked(key) == locked:
            return
        button.setProperty("locked", locked)
        button.style().unpolish(button)
        button.style().polish(button)
        self._set_icon(key)

    def is_locked(self, key: str) -> bool:
        return bool(self.buttons[key].property("locked"))

    def set_current(self, key: str) -> None:
        button = self.buttons.get(key)
        if button is None:
            return
        button.setChecked(True)
        if not any(b.hasFocus() for b in self.buttons.values()):
            # Tab stops at one button of the group: the one last focused, as Qt keeps
            # it; here, the page in front's, when the focus is elsewhere.
            for other in self.buttons.values():
                policy = Qt.FocusPolicy.TabFocus if other is button else Qt.FocusPolicy.NoFocus
                other.setFocusPolicy(policy)

    def current(self) -> str | None:
        for key, button in self.buttons.items():
            if button.isChecked():
                return key
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The keys on a page button. An exclusive group's arrow keys would also click the
        next button (open its page, or ask for a supervisor's PIN at every step): here they
        only move the focus, and Enter opens, as Space does."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QToolButton)
            and watched in self.buttons.values()
            and event.modifiers() in PLAIN_KEYS
        ):
            key = event.key()
            if key in NAV_STEPS:
                self.move_focus(watched, NAV_STEPS[key])
                return True
            if key in NAV_SIDEWAYS:
                return True  # nothing beside a button of a column
            if key in NAV_OPEN:
                if not event.isAutoRepeat():
                    watched.click()
                return True
        return super().eventFilter(watched, event)

    def move_focus(self, origin: QToolButton, step: int) -> None:
        """The focus to the next (``step`` 1) or previous (-1) button that can take it;
        it stays at the first and the last."""
        order = [b for b in self.buttons.values() if b.isVisible() and b.isEnabled()]
        if origin not in order:
            return
        at = order.index(origin) + step
        if 0 <= at < len(order):
            reason = Qt.FocusReason.TabFocusReason  # (shows the focus frame)
            order[at].setFocus(Qt.FocusReason.BacktabFocusReason if step < 0 else reason)


# --------------------------------------------------------------------------- frame pieces


class ReadableDelegate(QStyledItemDelegate):
    """Draws the register's coloured text (dark green "inside", grey "voided") light
    enough to read on the high-contrast theme's black rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_dark = False

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if not self.on_dark:
            return
        role = QPalette.ColorRole.Text
        colour = option.palette.color(role)
        if colour.lightnessF() < 0.6:
            light = QColor.fromHslF(colour.hslHueF(), colour.hslSaturationF(), 0.72)
            option.palette.setColor(role, light)


class LockedPage(QWidget):
    """What the window shows between two shifts: nobody is signed in."""

    sign_in_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.title = QLabel()
        self.title.setObjectName("lockedTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel()
        self.hint.setObjectName("lockedHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.sign_in_button = QPushButton()
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setProperty("role", "primary")
        self.sign_in_button.setMinimumHeight(64)
        self.sign_in_button.clicked.connect(self.sign_in_requested)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addWidget(self.hint)
        layout.addSpacing(24)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.sign_in_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(3)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Nobody is signed in"))
        self.hint.setText(self.tr("The next person on shift signs in with their name and PIN."))
        self.sign_in_button.setText(self.tr("Sign in"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
