"""A pen pad for a recipient's signature: drawn with a finger, a stylus or the mouse.

:class:`SignatureCanvas` keeps the strokes in its own fixed drawing space of
``CANVAS_WIDTH`` × ``CANVAS_HEIGHT`` points, shown as large as the widget allows
at the same shape, so a resize never moves the ink and the exported image is the
picture the person saw; a line drawn off the canvas lifts the pen there. Mouse,
tablet (pressure widens the line) and touch events are all heard; a handled
tablet or touch event is accepted, so Qt does not also turn it into mouse events
and draw every stroke twice.

:meth:`SignatureCanvas.to_png` gives a small greyscale PNG (black ink on white),
well under the 256 KiB the relief service accepts. :class:`SignaturePad` is the
canvas with its Clear button beside it, as the kiosk shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageWriter,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

CANVAS_WIDTH = 400
CANVAS_HEIGHT = 150
MOUSE_WIDTH = 3.0  # line width (canvas points) for the mouse and a finger
PEN_MIN_WIDTH = 1.5  # a stylus: from this at no pressure …
PEN_MAX_WIDTH = 5.0  # … to this at full pressure
FRAME = 2  # the canvas's border, in widget pixels

TOUCH_EVENTS = frozenset(
    {
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TouchCancel,
    }
)


@dataclass
class Stroke:
    """One line drawn without lifting the pen: points and widths in canvas units."""

    points: list[QPointF] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)

    def add(self, point: QPointF, width: float) -> None:
        self.points.append(point)
        self.widths.append(width)


def _draw_strokes(painter: QPainter, strokes: list[Stroke], color: QColor) -> None:
    """Draw ``strokes`` in canvas units (the painter's transform maps them)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for stroke in strokes:
        pts, widths = stroke.points, stroke.widths
        if len(pts) == 1:  # a dot: a tap without moving
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            r = widths[0] / 2
            painter.drawEllipse(pts[0], r, r)
            continue
        for i in range(1, len(pts)):
            pen = QPen(color, (widths[i - 1] + widths[i]) / 2)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawLine(pts[i - 1], pts[i])


class SignatureCanvas(QWidget):
    """The surface the recipient signs on. ``changed`` after each new stroke and a clear."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self._down = False  # the pen (mouse button, finger, stylus) is on the pad
        self._hint = ""
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(CANVAS_WIDTH * 3 // 4, CANVAS_HEIGHT * 3 // 4)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to type here
        self.retranslate()

    # ------------------------------------------------------------------ the ink

    def is_empty(self) -> bool:
        return not self._strokes

    def stroke_count(self) -> int:
        return len(self._strokes)

    def clear(self) -> None:
        had_ink = bool(self._strokes)
        self._strokes = []
        self._current = None
        self._down = False
        self.update()
        if had_ink:
            self.changed.emit()

    def to_image(self) -> QImage:
        """The signature as the person saw it: black on white, greyscale, canvas-sized."""
        image = QImage(CANVAS_WIDTH, CANVAS_HEIGHT, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            _draw_strokes(painter, self._strokes, QColor("black"))
        finally:
            painter.end()
        return image.convertToFormat(QImage.Format.Format_Grayscale8)

    def to_png(self) -> bytes | None:
        """The signature as PNG bytes, or None when nothing was drawn."""
        if not self._strokes:
            return None
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QImageWriter(buffer, QByteArray(b"png"))
        if not writer.write(self.to_image()):
            raise OSError(f"the signature could not be encoded as PNG: {writer.errorString()}")
        buffer.close()
        return bytes(data.data())

    # ------------------------------------------------------------------ geometry

    def sizeHint(self) -> QSize:
        return QSize(CANVAS_WIDTH + 2 * FRAME, CANVAS_HEIGHT + 2 * FRAME)

    def canvas_rect(self) -> QRectF:
        """Where the canvas shows in the widget: as large as fits, same shape, at the top
        (next to the Clear button), centred across."""
        room = QRectF(self.rect()).adjusted(FRAME, FRAME, -FRAME, -FRAME)
        scale = max(min(room.width() / CANVAS_WIDTH, room.height() / CANVAS_HEIGHT), 0.01)
        w, h = CANVAS_WIDTH * scale, CANVAS_HEIGHT * scale
        return QRectF(room.center().x() - w / 2, room.top(), w, h)

    def _to_canvas(self, pos: QPointF) -> QPointF | None:
        """The canvas point under ``pos``, or None off the canvas (the pen is lifted there:
        ink is never smeared along the edge)."""
        r = self.canvas_rect()
        x = (pos.x() - r.left()) * CANVAS_WIDTH / r.width()
        y = (pos.y() - r.top()) * CANVAS_HEIGHT / r.height()
        if not (0.0 <= x <= CANVAS_WIDTH and 0.0 <= y <= CANVAS_HEIGHT):
            return None
        return QPointF(x, y)

    # ------------------------------------------------------------------ drawing

    def _begin(self, pos: QPointF, width: float) -> None:
        self._down = True
        self._current = None
        self._extend(pos, width)

    def _extend(self, pos: QPointF, width: float) -> None:
        if not self._down:
            return
        point = self._to_canvas(pos)
        if point is None:  # left the canvas: this stroke ends, the next starts on return
            self._current = None
            return
        if self._current is None:
            self._current = Stroke()
            self._current.add(point, width)
            self._strokes.append(self._current)
            self.update()
            self.changed.emit()
        elif point != self._current.points[-1]:
            self._current.add(point, width)
            self.update()

    def _end(self, pos: QPointF | None, width: float) -> None:
        if pos is not None:
            self._extend(pos, width)
        self._down = False
        self._current = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), MOUSE_WIDTH)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._down:
            self._extend(event.position(), MOUSE_WIDTH)
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._down:
            self._end(event.position(), MOUSE_WIDTH)
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        width = PEN_MIN_WIDTH + (PEN_MAX_WIDTH - PEN_MIN_WIDTH) * max(0.0, event.pressure())
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QEvent.Type.TabletMove:
            if event.pressure() > 0:
                self._extend(event.position(), width)
        elif kind == QEvent.Type.TabletRelease:
            self._end(event.position(), width)
        event.accept()  # handled: no mouse events made from it

    def event(self, event: QEvent) -> bool:
        if event.type() in TOUCH_EVENTS and isinstance(event, QTouchEvent):
            self._touch(event)
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        """One finger draws; a second one resting on the screen (a palm) is ignored."""
        points = event.points()
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            self._end(None, MOUSE_WIDTH)
        elif points:
            pos = points[0].position()
            if kind == QEvent.Type.TouchBegin:
                self._begin(pos, MOUSE_WIDTH)
            elif kind == QEvent.Type.TouchUpdate:
                self._extend(pos, MOUSE_WIDTH)
            else:
                self._end(pos, MOUSE_WIDTH)
        event.accept()

    # ------------------------------------------------------------------ showing

    def retranslate(self) -> None:
        self._hint = self.tr("Recipient signs here")
        self.setAccessibleName(self.tr("Signature pad"))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            r = self.canvas_rect()
            enabled = self.isEnabled()
            invalid = self.property("invalid") is True
            painter.fillRect(r, QColor("white") if enabled else QColor("#eceff1"))
            border = QPen(QColor("#d93025") if invalid else QColor("#b0b6be"), FRAME)
            painter.setPen(border)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(r.adjusted(-FRAME / 2, -FRAME / 2, FRAME / 2, FRAME / 2))
            scale = r.width() / CANVAS_WIDTH
            # A line to sign on, and the hint while the pad is empty.
            base_y = r.top() + r.height() * 0.75
            painter.setPen(QPen(QColor("#c5cad1"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(
                QPointF(r.left() + 16 * scale, base_y), QPointF(r.right() - 16 * scale, base_y)
            )
            if not self._strokes and enabled:
                painter.setPen(QColor("#9aa0a6"))
                painter.drawText(
                    r.adjusted(0, 0, 0, -r.height() * 0.3),
                    int(Qt.AlignmentFlag.AlignCenter),
                    self._hint,
                )
            painter.translate(r.topLeft())
            painter.scale(scale, scale)
            _draw_strokes(painter, self._strokes, QColor("#111111"))
        finally:
            painter.end()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.EnabledChange:
            self.update()
        super().changeEvent(event)


class SignaturePad(QWidget):
    """The canvas with a column beside it: the Clear button on top, and room below
    (``side``) for the form's own controls. ``changed`` when ink is added or cleared."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = SignatureCanvas()
        self.canvas.changed.connect(self.changed)
        self.clear_button = QPushButton()
        self.clear_button.setMinimumHeight(48)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.side = QVBoxLayout()
        self.side.setContentsMargins(0, 0, 0, 0)
        self.side.addWidget(self.clear_button)
        self.side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(self.side)
        self.retranslate()

    def is_empty(self) -> bool:
        return self.canvas.is_empty()

    def clear(self) -> None:
        self.canvas.clear()

    def to_png(self) -> bytes | None:
        return self.canvas.to_png()

    def set_writable(self, writable: bool) -> None:
        """Let the pad be signed on, or grey it out (the controls in ``side`` stay usable)."""
        self.canvas.setEnabled(writable)
        self.clear_button.setEnabled(writable)

    def is_writable(self) -> bool:
        return self.canvas.isEnabled()

    def set_invalid(self, invalid: bool) -> None:
        """Mark the pad red (a refusal about the signature) or not."""
        self.setProperty("invalid", invalid)
        self.canvas.setProperty("invalid", invalid)
        self.canvas.update()

    def retranslate(self) -> None:
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Wipe the pad and sign again"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
