"""A PDF shown inside the window: its pages one under the other, scrolled like a document.

PDFium (``pypdfium2``) draws a page only when it comes into sight, at the screen's own
resolution, and the view keeps the few pages drawn last: a register of two hundred
pages costs no more than the two on the screen. The bar under the pages says which
page is in sight ("Page 3 of 12"), steps to the previous or next page, and switches
between pages as wide as the view and whole pages.

PDFium may not be called from two threads at once, not even for two documents: the
view takes the same lock as :mod:`ui.printing`, whose printouts of the very same
report run on a worker thread.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.feedback import fill
from ui.printing import PDFIUM_LOCK  # one lock for every PDFium call of the program

if TYPE_CHECKING:  # PDFium loads with the first preview, not at start
    import pypdfium2 as pdfium

MARGIN = 12  # px around the pages
GAP = 14  # px between two pages
MAX_PAGE_WIDTH = 1100  # px: a page no wider than this, however wide the window
MIN_PAGE_WIDTH = 120
KEPT_PAGES = 8  # drawn pages kept for scrolling back
TOUCH_HEIGHT = 48
WHITE = (255, 255, 255, 255)
BACKGROUND = QColor(0x8A, 0x90, 0x98)
EDGE = QColor(0x5F, 0x63, 0x68)


class _Opened:
    """The document open in a view, closed when the view is destroyed (not whenever
    Python collects it, on whatever thread)."""

    def __init__(self) -> None:
        self.document: pdfium.PdfDocument | None = None

    def close(self) -> None:
        document, self.document = self.document, None
        if document is not None:
            with PDFIUM_LOCK:
                document.close()


class _Sheet(QWidget):
    """The pages laid out one under the other; paints those the screen shows."""

    def __init__(self, view: PdfView) -> None:
        super().__init__()
        self._view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        painter.setPen(QPen(EDGE, 1))
        for index in self._view._pages_in(event.rect()):
            rect = self._view._rects[index]
            image = self._view.page_image(index)
            if image is None:
                painter.fillRect(rect, Qt.GlobalColor.white)
            else:
                painter.drawImage(rect, image)
            painter.drawRect(rect.adjusted(-1, -1, 0, 0))
        painter.end()


class PdfView(QWidget):
    """A scrollable view of a PDF's pages, with the page in sight named under them."""

    #: (page in sight, counted from 1; pages in all): 0, 0 when nothing is shown.
    page_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._opened = _Opened()
        self.destroyed.connect(self._opened.close)
        self._data = b""  # PDFium reads the bytes it was given for as long as it is open
        self._sizes: list[tuple[float, float]] = []  # points
        self._rects: list[QRect] = []  # where each page is on the sheet
        self._scale = 0.0  # px per point
        self._drawn: OrderedDict[int, QImage] = OrderedDict()
        self._shown_page = 0

        self.area = QScrollArea()
        self.area.setWidgetResizable(False)
        self.area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.sheet = _Sheet(self)
        self.area.setWidget(self.sheet)
        self.area.viewport().installEventFilter(self)
        self.area.verticalScrollBar().valueChanged.connect(lambda _: self._sight_changed())

        self.previous_button = self._button(lambda: self.go_to(self.current_page() - 1))
        self.next_button = self._button(lambda: self.go_to(self.current_page() + 1))
        self.whole_button = self._button(self._fit_changed)
        self.whole_button.setCheckable(True)
        self.whole_button.setProperty("role", "service")  # the kiosk style shows it pressed
        self.page_label = QLabel()
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setMinimumWidth(150)

        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addSpacing(16)
        bar.addWidget(self.whole_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area, 1)
        layout.addLayout(bar)
        self.retranslate()
        self._update_bar()

    def _button(self, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton()
        button.setMinimumHeight(TOUCH_HEIGHT)
        button.clicked.connect(lambda _=False: slot())
        return button

    # ----------------------------------------------------------------- the document

    def set_pdf(self, data: bytes) -> int:
        """Show ``data`` from its first page; the number of pages. A PDF that cannot
        be read raises ``pypdfium2.PdfiumError`` and leaves the view empty."""
        import pypdfium2 as pdfium  # loaded with the first preview, not at start

        self.clear()
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(data)
            try:
                sizes = []
                for index in range(len(document)):
                    page = document[index]
                    try:
                        width, height = page.get_size()
                    finally:
                        page.close()
                    sizes.append((float(width), float(height)))
            except BaseException:
                document.close()
                raise
        self._opened.document, self._data, self._sizes = document, data, sizes
        self._lay_out()
        self.area.verticalScrollBar().setValue(0)
        self._sight_changed()
        return len(sizes)

    def clear(self) -> None:
        """Show nothing (and let go of the document)."""
        self._opened.close()
        self._data = b""
        self._sizes = []
        self._rects = []
        self._drawn.clear()
        self._lay_out()
        self._sight_changed()

    def page_count(self) -> int:
        return len(self._sizes)

    def current_page(self) -> int:
        """The page in sight, counted from 1 (the one across the middle of the view);
        0 when nothing is shown."""
        if not self._rects:
            return 0
        bar = self.area.verticalScrollBar()
        if bar.maximum() > 0 and bar.value() >= bar.maximum():
            return len(self._rects)  # at the end: the last page, however short
        middle = bar.value() + self.area.viewport().height() // 2
        for index, rect in enumerate(self._rects):
            if middle < rect.bottom() + GAP // 2 + 1:
                return index + 1
        return len(self._rects)

    def go_to(self, page: int) -> None:
        """Scroll page ``page`` (from 1) to the top of the view."""
        if not self._rects:
            return
        index = min(max(page, 1), len(self._rects)) - 1
        self.area.verticalScrollBar().setValue(self._rects[index].top() - MARGIN)
        self._sight_changed()

    def whole_pages(self) -> bool:
        return self.whole_button.isChecked()

    def set_whole_pages(self, whole: bool) -> None:
        """Whole pages in the view (True), or pages as wide as the view (False)."""
        self.whole_button.setChecked(whole)
        self._fit_changed()

    def page_image(self, index: int) -> QImage | None:
        """Page ``index`` (from 0) as drawn for the screen; drawn now if it is not kept."""
        if self._opened.document is None or not 0 <= index < len(self._rects):
            return None
        image = self._drawn.get(index)
        if image is not None:
            self._drawn.move_to_end(index)
            return image
        image = self._draw(index)
        self._drawn[index] = image
        while len(self._drawn) > KEPT_PAGES:
            self._drawn.popitem(last=False)
        return image

    def drawn_pages(self) -> list[int]:
        """The pages (from 0) drawn and kept, oldest first."""
        return list(self._drawn)

    # ----------------------------------------------------------------- the page

    def retranslate(self) -> None:
        self.previous_button.setText(self.tr("Previous page"))
        self.next_button.setText(self.tr("Next page"))
        self.whole_button.setText(self.tr("Whole page"))
        self.whole_button.setToolTip(
            self.tr("Show each page whole, or as wide as the view when not pressed")
        )
        self._update_bar()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.area.viewport() and event.type() == QEvent.Type.Resize:
            self._keep_page(self._lay_out)
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        return QSize(640, 480)

    # ----------------------------------------------------------------- inside

    def _fit_changed(self) -> None:
        self._keep_page(self._lay_out)
        self._update_bar()

    def _keep_page(self, change: Callable[[], None]) -> None:
        """Run ``change`` (a new layout) with the same page still in sight."""
        page = self.current_page()
        change()
        if page:
            self.go_to(page)

    def _lay_out(self) -> None:
        viewport = self.area.viewport()
        room_w = max(viewport.width() - 2 * MARGIN, MIN_PAGE_WIDTH)
        room_h = max(viewport.height() - 2 * MARGIN, MIN_PAGE_WIDTH)
        if not self._sizes:
            self._rects = []
            self.sheet.resize(viewport.width(), viewport.height())
            self.sheet.update()
            return
        widest = max(w for w, _ in self._sizes)
        scale = min(room_w, MAX_PAGE_WIDTH) / widest
        if self.whole_pages():
            tallest = max(h for _, h in self._sizes)
            scale = min(scale, room_h / tallest)
        if abs(scale - self._scale) > 1e-6:
            self._drawn.clear()
            self._scale = scale
        sheet_w = max(viewport.width(), round(widest * scale) + 2 * MARGIN)
        rects: list[QRect] = []
        top = MARGIN
        for width, height in self._sizes:
            w, h = max(round(width * scale), 1), max(round(height * scale), 1)
            rects.append(QRect((sheet_w - w) // 2, top, w, h))
            top += h + GAP
        self._rects = rects
        self.sheet.resize(sheet_w, top - GAP + MARGIN)
        self.sheet.update()

    def _pages_in(self, area: QRect) -> list[int]:
        return [i for i, rect in enumerate(self._rects) if rect.intersects(area)]

    def _draw(self, index: int) -> QImage:
        import pypdfium2.raw as pdfium_c

        document = self._opened.document
        assert document is not None
        rect = self._rects[index]
        ratio = self.devicePixelRatioF()
        width_pt = self._sizes[index][0]
        with PDFIUM_LOCK:
            page = document[index]
            try:
                bitmap = page.render(
                    scale=rect.width() * ratio / width_pt,
                    fill_color=WHITE,
                    rev_byteorder=True,  # RGB, as QImage's RGB888 reads it
                    force_bitmap_format=pdfium_c.FPDFBitmap_BGR,
                    may_draw_forms=False,
                )
                try:
                    pixels = bytes(bitmap.buffer)
                    image = QImage(
                        pixels,
                        bitmap.width,
                        bitmap.height,
                        bitmap.stride,
                        QImage.Format.Format_RGB888,
                    ).copy()  # its own memory: ``pixels`` goes away
                finally:
                    bitmap.close()
            finally:
                page.close()
        image.setDevicePixelRatio(ratio)
        return image

    def _sight_changed(self) -> None:
        page = self.current_page()
        if page != self._shown_page:
            self._shown_page = page
            self._update_bar()
            self.page_changed.emit(page, self.page_count())

    def _update_bar(self) -> None:
        page, pages = self.current_page(), self.page_count()
        self.page_label.setText(fill(self.tr("Page %1 of %2"), page, pages) if pages else "")
        self.previous_button.setEnabled(page > 1)
        self.next_button.setEnabled(0 < page < pages)
        self.whole_button.setEnabled(pages > 0)
        for widget in (self.previous_button, self.page_label, self.next_button, self.whole_button):
            widget.setVisible(pages > 0)  # nothing to step through: no bar
