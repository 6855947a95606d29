"""The printed slips as PDF: visit slips, member cards, relief vouchers, station posters.

Plain frozen dataclasses in, PDF bytes out (reportlab; no Qt, no database). The kiosk's
thermal rolls get a page as wide as the paper and exactly as long as the content: the
content is laid out first (every line wrapped to the printable width and measured), then
drawn. Fixed pages (a member card, A6, A4) centre the same content, shrinking the type
when it would not fit.

QR codes are reportlab's vector ``QrCodeWidget`` at error level M. Each module is a whole
number of printer dots (203 dpi, 8 dots per mm, never under 3 dots = 0.375 mm), with the
4-module quiet zone kept white. Text is the embedded Chinese TrueType font from
``station_app.fonts``. The canvas is ``invariant``: the same slip gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import math
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.barcode.qrencoder import QR8bitByte, QRAlphaNum, QRRSBlock
from reportlab.graphics.shapes import Rect
from reportlab.lib.colors import black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from station_app.errors import InvalidInput
from station_app.fonts import register_cjk_font
from station_app.paper import SIZES as SIZES  # re-exported: the sizes a slip may be printed at
from station_app.validate import shown

MM = 72 / 25.4  # points per millimetre
DOT = MM / 8  # one dot of a 203 dpi printer
MIN_MODULE_DOTS = 3  # 0.375 mm: the smallest QR module a 203 dpi printer draws reliably
QUIET_MODULES = 4  # white modules around every QR code
CARD_W, CARD_H = 85.6 * MM, 54 * MM  # ISO/IEC 7810 ID-1 (CR80)
A4 = (210 * MM, 297 * MM)
A6 = (105 * MM, 148 * MM)


@dataclass(frozen=True)
class VisitSlip:
    """Printed at check-in; its code is scanned on the way out."""

    station_name: str
    visit_no: int  # shown as "No. 000123"
    checked_in_at: datetime  # already local time, aware
    category: str
    services_on_offer: tuple[str, ...]
    hotline: str | None
    care_line: str  # a short line of care, e.g. "天热多喝水，注意防暑"
    code: str  # the QR text


@dataclass(frozen=True)
class MemberCard:
    """会员码: scanned at the kiosk to check the member in or out."""

    station_name: str
    holder: str  # nickname or masked name; may be "" (then only the card number shows)
    category: str
    card_no: str  # printed under the QR, e.g. MK7Q2XH9PA
    hotline: str | None
    code: str  # the QR text


@dataclass(frozen=True)
class ReliefVoucher:
    """发放券: redeemed once."""

    station_name: str
    campaign: str
    claimant: str  # masked, e.g. 张* (尾号 8765), or the member's nickname
    package: tuple[str, ...]  # e.g. ("矿泉水 × 2瓶", "藿香正气水 × 1盒")
    valid_until: date
    voucher_no: int
    code: str


@dataclass(frozen=True)
class StationPoster:
    station_name: str
    kind_label: str  # 爱心驿家 / 妈咪暖心小屋 / both
    address: str | None
    hours: str | None
    hotline: str | None
    services: tuple[str, ...]
    station_qr: str  # plain UTF-8 text with the station's details, for phones
    wifi_qr: str | None  # WIFI:T:WPA;S:...;P:...;; when set
    wifi_name: str | None


Slip = VisitSlip | MemberCard | ReliefVoucher | StationPoster

# What each kind may be printed on, and its name in messages.
ALLOWED_SIZES: dict[type, tuple[str, ...]] = {
    VisitSlip: ("58mm", "80mm", "a6", "a4"),
    MemberCard: ("58mm", "80mm", "card", "a6", "a4"),
    ReliefVoucher: ("58mm", "80mm", "a6", "a4"),
    StationPoster: ("a6", "a4"),
}
_KIND_NAMES: dict[type, tuple[str, str]] = {
    VisitSlip: ("访客签到单", "visit slip"),
    MemberCard: ("会员卡", "member card"),
    ReliefVoucher: ("发放券", "relief voucher"),
    StationPoster: ("驿站海报", "station poster"),
}


# ---------------------------------------------------------------------------------------
# Text: the font's own metrics, wrapping that keeps Chinese punctuation off a line's start


# Punctuation that may not start a line, and brackets that may not end one.
_NO_LINE_START = frozenset("，。、；：！？）》」』】〕〉”’,.;:!?)]}%…·°")
_NO_LINE_END = frozenset("（《「『【〔〈“‘([{")


@functools.cache
def _type(name: str) -> _Type:
    return _Type(name)


class _Type:
    """The registered font: widths, vertical metrics, and which characters it can draw."""

    def __init__(self, name: str) -> None:
        self.name = name
        font = pdfmetrics.getFont(name)
        self.cmap: dict[int, int] = font.face.charToGlyph
        ascent, descent = pdfmetrics.getAscentDescent(name, 1000)
        self.ascent = ascent / 1000
        self.descent = -descent / 1000  # positive: below the baseline

    def width(self, text: str, size: float) -> float:
        return float(pdfmetrics.stringWidth(text, self.name, size))

    def clean(self, text: str) -> str:
        """``text`` on one line, without what the font cannot draw, which would print as an
        empty box: a symbol such as an emoji is left out, a letter (a rare character in a
        name) shows as "?" so that the reader sees something is missing."""
        out = []
        for ch in text:
            if ch.isspace():
                out.append(" ")
            elif not ch.isprintable():
                continue
            elif self.cmap.get(ord(ch)):
                out.append(ch)
            elif unicodedata.category(ch)[0] in "LN":
                out.append("?")
        return " ".join("".join(out).split())

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        """``text`` broken into lines no wider than ``width``: between Latin words, between
        Chinese characters (never before a closing mark or after an opening one), and inside
        a word only when the word alone is wider than the line."""
        lines: list[str] = []
        current = ""
        for token in _tokens(self.clean(text)):
            if token == " ":
                if current:
                    current += " "
                continue
            candidate = current + token
            if not current.strip() or self.width(candidate.rstrip(), size) <= width:
                current = candidate
            else:
                lines.append(current.rstrip())
                current = token
            while self.width(current, size) > width and len(current) > 1:
                cut = self._longest_prefix(current, size, width)
                lines.append(current[:cut].rstrip())
                current = current[cut:].lstrip()
        if current.strip():
            lines.append(current.rstrip())
        return lines

    def wrap_items(
        self, items: Sequence[str], sep: str, size: float, width: float, *, sep_at_break: bool
    ) -> list[str]:
        """``items`` joined by ``sep``, broken into lines only between items (an item wider
        than a line is wrapped on its own). A line that breaks keeps the separator's mark
        at its end when ``sep_at_break`` (as "、" is kept)."""
        cleaned = [c for c in (self.clean(i) for i in items) if c]
        mark = sep.strip() if sep_at_break else ""
        lines: list[str] = []
        current: list[str] = []
        for item in cleaned:
            if current and self.width(sep.join([*current, item]), size) > width:
                lines.append(sep.join(current) + mark)
                current = []
            current.append(item)
            if len(current) == 1 and self.width(item, size) > width:
                parts = self.wrap(item, size, width)
                lines += parts[:-1]
                current = [parts[-1]]
        if current:
            lines.append(sep.join(current))
        return lines

    def balance(self, text: str, lines: list[str], size: float, width: float) -> list[str]:
        """``text``, wrapped into ``lines`` at ``width``, rewrapped into as many lines of
        even length (a centred heading whose last line is not a lone word). Lines cut
        short with "…" stay as they are."""
        count = len(lines)
        best = self.wrap(text, size, width)
        if len(best) != count:
            return lines
        low, high = width / count, width
        for _ in range(12):
            middle = (low + high) / 2
            lines = self.wrap(text, size, middle)
            if len(lines) <= count:
                best, high = lines, middle
            else:
                low = middle
        return best

    def _longest_prefix(self, text: str, size: float, width: float) -> int:
        """How much of ``text`` (too wide for one line) goes on this line: as much as fits,
        less the characters that would leave a closing mark at the next line's start."""
        cut = 1
        while cut < len(text) and self.width(text[: cut + 1], size) <= width:
            cut += 1
        while cut > 1 and text[cut:].lstrip()[:1] in _NO_LINE_START:
            cut -= 1
        return cut

    def fit(
        self,
        text: str,
        size: float,
        width: float,
        max_lines: int,
        min_size: float,
        *,
        truncate: bool,
    ) -> tuple[list[str], float]:
        """The lines of ``text`` and the largest size from ``size`` down to ``min_size`` at
        which it takes at most ``max_lines``. At ``min_size`` it takes the lines it needs,
        or, when ``truncate`` (a card has no room to grow), ``max_lines`` ending in "…"."""
        while True:
            lines = self.wrap(text, size, width)
            if len(lines) <= max_lines:
                return lines, size
            if size <= min_size:
                break
            size = max(min_size, size - 0.5)
        if not truncate:
            return lines, size
        kept = lines[:max_lines]
        last = kept[-1]
        while last and self.width(last + "…", size) > width:
            last = last[:-1]
        kept[-1] = last + "…"
        return kept, size


def _tokens(text: str) -> list[str]:
    """Units that a line may break between: a Latin word, a space, or one Chinese
    character with the punctuation that must stay with it."""
    raw: list[str] = []
    word = ""
    for ch in text:
        if ch < "\u2000" and not ch.isspace() and ch not in "·×":
            word += ch
            continue
        if word:
            raw.append(word)
            word = ""
        raw.append(" " if ch.isspace() else ch)
    if word:
        raw.append(word)
    merged: list[str] = []
    for tok in raw:
        if merged and merged[-1][-1] in _NO_LINE_END:
            merged[-1] += tok  # an opening mark takes what follows it
        elif merged and tok[0] in _NO_LINE_START:
            if merged[-1] == " " and len(merged) > 1:
                merged.pop()  # a closing mark after a space stays with the word before it
                merged[-1] += " " + tok
            else:
                merged[-1] += tok
        else:
            merged.append(tok)
    return merged


# ---------------------------------------------------------------------------------------
# QR codes sized to whole printer dots


@dataclass(frozen=True)
class _Qr:
    widget: QrCodeWidget
    count: int  # modules per side
    dots: int  # printer dots per module

    @property
    def module(self) -> float:
        return self.dots * DOT

    @property
    def symbol(self) -> float:
        return self.count * self.module

    @property
    def block(self) -> float:
        """The symbol with its quiet zone."""
        return (self.count + 2 * QUIET_MODULES) * self.module

    def draw(self, canvas: Canvas, left: float, top: float) -> None:
        """Draw the code with its quiet zone's top-left corner at (left, top), the symbol
        itself placed on the printer's dot grid. The widget's modules become one filled
        path (no seams between neighbouring modules, a smaller file)."""
        widget = self.widget
        widget.x = round((left + QUIET_MODULES * self.module) / DOT) * DOT
        widget.y = round((top - QUIET_MODULES * self.module - self.symbol) / DOT) * DOT
        widget.barWidth = widget.barHeight = self.symbol
        path = canvas.beginPath()
        for shape in widget.draw().contents:
            if isinstance(shape, Rect) and shape.fillColor is not None:
                path.rect(shape.x, shape.y, shape.width, shape.height)
        canvas.saveState()
        canvas.setFillColor(black)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


@dataclass(frozen=True)
class _Code:
    widget: QrCodeWidget
    count: int  # modules per side
    field: tuple[str, str]  # what it encodes, for messages (中文, English)


_Made = Callable[[str, tuple[str, str]], _Code]  # a QR text (and its field) to its widget


def _qr_code(text: str, field: tuple[str, str]) -> _Code:
    """The widget for ``text``, at error level M. Codes in the QR alphanumeric set are
    encoded in that mode; any other text as UTF-8 bytes (never guessed as Kanji)."""
    zh, en = field
    if not text:
        raise InvalidInput(f"{zh}的内容为空", f"The {en} text is empty", field=en)
    value: str | list[QR8bitByte] = text if QRAlphaNum.valid(text) else [QR8bitByte(text)]
    widget = QrCodeWidget(value, barLevel="M", barBorder=0)
    qr = widget.qr
    # What make() would choose (make() itself runs once, when the widget is drawn).
    qr.version = qr.calculate_version()
    capacity = 8 * sum(b.dataCount for b in QRRSBlock.getRSBlocks(qr.version, qr.errorCorrectLevel))
    needed = sum(4 + d.getLengthBits(qr.version) + d.bitlength for d in qr.dataList)
    if needed > capacity:
        raise InvalidInput(
            f"{zh}的内容太长，做不成二维码，请缩短",
            f"The {en} text is too long for a QR code: shorten it",
            field=en,
        )
    return _Code(widget, 4 * qr.version + 17, field)


def _sized_qr(code: _Code, target: float, max_block: float) -> _Qr:
    """A module of whole dots giving a symbol near ``target`` points wide, its quiet zone
    included no wider than ``max_block``."""
    widget, count, field = code.widget, code.count, code.field
    dots = max(MIN_MODULE_DOTS, math.floor(target / (count * DOT)))
    while dots > MIN_MODULE_DOTS and (count + 2 * QUIET_MODULES) * dots * DOT > max_block:
        dots -= 1
    qr = _Qr(widget, count, dots)
    if qr.block > max_block + 1e-6:
        zh, en = field
        raise InvalidInput(
            f"{zh}的内容太长，二维码在这个尺寸上放不下，请缩短内容或换大一些的纸",
            f"The {en} is too long: its QR code does not fit this size; "
            "shorten it or print on larger paper",
            field=en,
        )
    return qr


# ---------------------------------------------------------------------------------------
# A column of blocks: measured first, then drawn


@dataclass(frozen=True)
class _Lines:
    lines: tuple[str, ...]
    size: float
    align: str  # "center" or "left"
    bold: bool

    @property
    def leading(self) -> float:
        return self.size * 1.32

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading

    def draw(self, canvas: Canvas, face: _Type, left: float, top: float, width: float) -> None:
        """Each line centred in its line box; headings drawn filled and stroked, which
        prints as bold on a thermal head."""
        canvas.saveState()
        if self.bold:
            canvas.setLineWidth(self.size * 0.035)
        for i, line in enumerate(self.lines):
            box_top = top - i * self.leading
            glyphs = self.size * (face.ascent + face.descent)
            baseline = box_top - (self.leading - glyphs) / 2 - self.size * face.ascent
            x = left
            if self.align == "center":
                x = left + (width - face.width(line, self.size)) / 2
            text = canvas.beginText(x, baseline)
            text.setFont(face.name, self.size)
            text.setTextRenderMode(2 if self.bold else 0)
            text.textOut(line)
            canvas.drawText(text)
        canvas.restoreState()


@dataclass(frozen=True)
class _Space:
    height: float

    def draw(self, canvas: Canvas, face: _Type, left: float, top: float, width: float) -> None:
        return None


@dataclass(frozen=True)
class _Rule:
    height: float
    dashed: bool

    def draw(self, canvas: Canvas, face: _Type, left: float, top: float, width: float) -> None:
        canvas.saveState()
        canvas.setLineWidth(0.6)
        if self.dashed:
            canvas.setDash(2, 2)
        y = top - self.height / 2
        canvas.line(left, y, left + width, y)
        canvas.restoreState()


@dataclass(frozen=True)
class _QrCell:
    qr: _Qr
    caption: _Lines | None


@dataclass(frozen=True)
class _QrRow:
    """QR codes side by side, each in an equal share of the width, captions under them."""

    cells: tuple[_QrCell, ...]

    @property
    def tallest(self) -> float:
        return max(c.qr.block for c in self.cells)

    @property
    def height(self) -> float:
        return self.tallest + max(c.caption.height if c.caption else 0 for c in self.cells)

    def draw(self, canvas: Canvas, face: _Type, left: float, top: float, width: float) -> None:
        """Codes of different sizes centred on one line, their captions level below."""
        share = width / len(self.cells)
        tallest = self.tallest
        for i, cell in enumerate(self.cells):
            cell_left = left + i * share
            block = cell.qr.block
            cell.qr.draw(canvas, cell_left + (share - block) / 2, top - (tallest - block) / 2)
            if cell.caption:
                cell.caption.draw(canvas, face, cell_left, top - tallest, share)


_Block = _Lines | _Space | _Rule | _QrRow


class _Column:
    """Blocks stacked top to bottom in a column ``width`` points wide. Sizes are given
    relative to ``base`` (points), so one layout serves every paper size."""

    def __init__(self, face: _Type, width: float, base: float, qr_target: float) -> None:
        self.face = face
        self.width = width
        self.base = base
        self.qr_target = qr_target
        self.blocks: list[_Block] = []

    @property
    def height(self) -> float:
        return sum(b.height for b in self.blocks)

    def lines(
        self,
        text: str,
        rel: float = 1.0,
        *,
        align: str = "left",
        bold: bool = False,
        max_lines: int | None = None,
        truncate: bool = False,
    ) -> _Lines | None:
        """``text`` wrapped to the column at ``rel`` × the base size; with ``max_lines``, made
        smaller (down to 60 %) to take no more lines than that."""
        size = self.base * rel
        width = self.width
        if max_lines is None:
            lines = self.face.wrap(text, size, width)
        else:
            lines, size = self.face.fit(
                text, size, width, max_lines, min_size=size * 0.6, truncate=truncate
            )
        if align == "center" and len(lines) > 1:
            lines = self.face.balance(text, lines, size, width)
        return _Lines(tuple(lines), size, align, bold) if lines else None

    def text(self, text: str | None, rel: float = 1.0, **kw: object) -> None:
        block = self.lines(text or "", rel, **kw)  # type: ignore[arg-type]
        if block:
            self.blocks.append(block)

    def items(
        self,
        items: Sequence[str],
        sep: str,
        rel: float = 1.0,
        *,
        align: str = "left",
        sep_at_break: bool = True,
    ) -> None:
        size = self.base * rel
        lines = self.face.wrap_items(items, sep, size, self.width, sep_at_break=sep_at_break)
        if lines:
            self.blocks.append(_Lines(tuple(lines), size, align, False))

    def space(self, rel: float = 0.5) -> None:
        self.blocks.append(_Space(self.base * rel))

    def rule(self, dashed: bool = True) -> None:
        self.blocks.append(_Rule(self.base * 0.9, dashed))

    def qrs(
        self,
        cells: Sequence[tuple[_Code, Sequence[str]]],
        caption_rel: float = 0.95,
    ) -> None:
        """QR codes in a row, each with the lines of its caption."""
        share = self.width / len(cells)
        row = []
        for code, caption in cells:
            qr = _sized_qr(code, self.qr_target, share)
            text = "\n".join(c for c in caption if c)
            lines: list[str] = []
            for part in text.split("\n"):
                if part:
                    lines += self.face.wrap(part, self.base * caption_rel, share)
            block = _Lines(tuple(lines), self.base * caption_rel, "center", False)
            row.append(_QrCell(qr, block if lines else None))
        self.blocks.append(_QrRow(tuple(row)))

    def draw(self, canvas: Canvas, left: float, top: float) -> None:
        y = top
        for block in self.blocks:
            block.draw(canvas, self.face, left, y, self.width)
            y -= block.height


# ---------------------------------------------------------------------------------------
# What each kind says


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


_CODE = ("二维码", "Code")


def _visit_column(col: _Column, slip: VisitSlip, made: _Made) -> None:
    col.text(slip.station_name, 1.55, align="center", bold=True, max_lines=3)
    col.text("访客签到单", 1.05, align="center")
    col.rule()
    col.text(f"No. {slip.visit_no:06d}", 2.3, align="center", bold=True)
    col.space(0.3)
    col.text(f"签到时间  {_when(slip.checked_in_at)}")
    col.text(f"访客类别  {slip.category}")
    if slip.services_on_offer:
        first, *rest = slip.services_on_offer
        col.items((f"可用服务  {first}", *rest), "、")
    col.space(0.6)
    col.qrs([(made(slip.code, _CODE), ("离站时请扫码签退",))])
    col.rule()
    col.text(slip.care_line, 1.15, align="center", bold=True)
    if slip.hotline:
        col.text(f"服务热线 {slip.hotline}", align="center")


def _member_column(col: _Column, card: MemberCard, made: _Made) -> None:
    col.text(card.station_name, 1.55, align="center", bold=True, max_lines=3)
    col.text("会员卡", 1.05, align="center")
    col.rule()
    if card.holder:
        col.text(card.holder, 1.5, align="center", bold=True, max_lines=2)
    col.text(f"类别  {card.category}", align="center")
    col.space(0.4)
    col.qrs([(made(card.code, _CODE), (card.card_no,))], caption_rel=1.15)
    col.text("到站扫码签到 · 离站扫码签退", 0.9, align="center")
    if card.hotline:
        col.text(f"服务热线 {card.hotline}", align="center")


def _voucher_column(col: _Column, voucher: ReliefVoucher, made: _Made) -> None:
    col.text(voucher.station_name, 1.55, align="center", bold=True, max_lines=3)
    col.text(voucher.campaign, 1.3, align="center", bold=True)
    col.text("发放券", 1.05, align="center")
    col.rule()
    col.text(f"No. {voucher.voucher_no:06d}", 2.0, align="center", bold=True)
    col.space(0.3)
    col.text(f"领取人  {voucher.claimant}")
    if voucher.package:
        col.text("发放物品")
        for item in voucher.package:
            col.text(f"· {item}", 1.1)
    col.text(f"有效期至  {voucher.valid_until:%Y-%m-%d}")
    col.space(0.6)
    col.qrs([(made(voucher.code, _CODE), ("凭此码领取，限用一次",))])


def _poster_column(col: _Column, poster: StationPoster, made: _Made) -> None:
    col.text(poster.kind_label, 1.4, align="center")
    col.text(poster.station_name, 2.6, align="center", bold=True, max_lines=3)
    col.rule(dashed=False)
    if poster.services:
        col.text("服务项目", 1.15, align="center", bold=True)
        col.items(poster.services, "  ·  ", 1.35, align="center", sep_at_break=False)
        col.space(0.5)
    for label, value in (("地址", poster.address), ("开放时间", poster.hours)):
        if value:
            col.text(f"{label}：{value}", align="center")
    if poster.hotline:
        col.text(f"服务热线：{poster.hotline}", 1.15, align="center", bold=True)
    col.space(0.8)
    cells: list[tuple[_Code, Sequence[str]]] = [
        (made(poster.station_qr, ("驿站信息二维码", "Station QR code")), ("扫码查看驿站信息",))
    ]
    if poster.wifi_qr:
        name = f"网络名称：{poster.wifi_name}" if poster.wifi_name else ""
        cells.append(
            (made(poster.wifi_qr, ("Wi-Fi 二维码", "Wi-Fi QR code")), ("扫码连接 Wi-Fi", name))
        )
    col.qrs(cells)
    col.space(0.6)
    col.text("户外劳动者 欢迎进站歇脚", 1.1, align="center")


def _fill(col: _Column, slip: Slip, made: _Made) -> None:
    if isinstance(slip, VisitSlip):
        _visit_column(col, slip, made)
    elif isinstance(slip, MemberCard):
        _member_column(col, slip, made)
    elif isinstance(slip, ReliefVoucher):
        _voucher_column(col, slip, made)
    else:
        _poster_column(col, slip, made)


# ---------------------------------------------------------------------------------------
# Pages


@dataclass(frozen=True)
class _Paper:
    width: float  # page width, points
    height: float | None  # None: as long as the content (a thermal roll)
    column: float  # printable (column) width
    margin: float  # top and bottom (fixed pages: the least)
    base: float  # body text size
    qr: float  # QR symbol width to aim for
    frame: bool = False  # a dashed cut line around the content
    scales: tuple[float, ...] = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)  # tried in turn until it fits


_GROW = (1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5)  # a poster fills its page
_SLIP_PAPER = {
    "58mm": _Paper(58 * MM, None, 48 * MM, 4 * MM, 9.5, 26 * MM),
    "80mm": _Paper(80 * MM, None, 72 * MM, 5 * MM, 11.5, 30 * MM),
    "a6": _Paper(*A6, 85 * MM, 8 * MM, 11, 32 * MM),
    "a4": _Paper(*A4, 110 * MM, 20 * MM, 15, 45 * MM, frame=True),
}
_POSTER_PAPER = {
    "a6": _Paper(*A6, 93 * MM, 6 * MM, 8, 27 * MM, scales=_GROW),
    "a4": _Paper(*A4, 180 * MM, 14 * MM, 16, 58 * MM, scales=_GROW),
}
_FRAME_PAD = 8 * MM


def _column_page(
    canvas: Canvas, face: _Type, paper: _Paper, fill: Callable[[_Column], None]
) -> None:
    """Lay the content out for ``paper`` and draw it on one page."""
    if paper.height is None:  # a roll: the page is as long as its content
        col = _Column(face, paper.column, paper.base, paper.qr)
        fill(col)
        height = math.ceil((col.height + 2 * paper.margin) / DOT) * DOT
        canvas.setPageSize((paper.width, height))
        col.draw(canvas, (paper.width - paper.column) / 2, height - paper.margin)
        canvas.showPage()
        return
    pad = _FRAME_PAD if paper.frame else 0.0
    room = paper.height - 2 * paper.margin - 2 * pad
    for scale in paper.scales:
        col = _Column(face, paper.column, paper.base * scale, paper.qr * scale)
        fill(col)
        if col.height <= room:
            break
    else:
        raise InvalidInput(
            "内容太多，这一页放不下，请缩短文字或换一种尺寸",
            "Too much to fit on this page: shorten the text or choose another size",
            field="Size",
        )
    canvas.setPageSize((paper.width, paper.height))
    left = (paper.width - paper.column) / 2
    top = (paper.height + col.height) / 2
    if paper.frame:
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.setDash(3, 3)
        canvas.rect(
            left - pad, top - col.height - pad, paper.column + 2 * pad, col.height + 2 * pad
        )
        canvas.restoreState()
    col.draw(canvas, left, top)
    canvas.showPage()


def _draw_card(canvas: Canvas, face: _Type, card: MemberCard, made: _Made) -> None:
    """One CR80 card with its bottom-left corner at the origin: the text on the left, the
    QR code and the card number on the right."""
    edge = 2 * MM  # the QR's quiet zone lies inside the card, this far from its edge
    margin = 5 * MM
    number_size = 8.5
    number_h = number_size * 1.32  # the card number's line, under the quiet zone
    qr = _sized_qr(made(card.code, _CODE), 22 * MM, CARD_H - 2 * edge - number_h)
    qr_left = CARD_W - edge - qr.block
    qr_top = (CARD_H + qr.block + number_h) / 2
    qr.draw(canvas, qr_left, qr_top)
    number = _Lines(
        tuple(face.wrap(card.card_no, number_size, qr.block)), number_size, "center", False
    )
    number.draw(canvas, face, qr_left, qr_top - qr.block, qr.block)  # under the quiet zone

    width = qr_left - 1 * MM - margin  # nothing enters the quiet zone
    col = _Column(face, width, 9, 0)
    y = CARD_H - margin
    blocks: list[_Lines | None] = [
        col.lines(card.station_name, 11.5 / 9, bold=True, max_lines=2, truncate=True),
        col.lines("会员卡", 0.85),
    ]
    for block in blocks:
        if block:
            block.draw(canvas, face, margin, y, width)
            y -= block.height
    y -= 1.5 * MM
    canvas.saveState()
    canvas.setLineWidth(0.6)
    canvas.line(margin, y, margin + width, y)
    canvas.restoreState()
    y -= 2 * MM
    for block in (
        col.lines(card.holder, 14 / 9, bold=True, max_lines=1, truncate=True),
        col.lines(card.category, 1.0, max_lines=2, truncate=True),
    ):
        if block:
            block.draw(canvas, face, margin, y, width)
            y -= block.height
    bottom = [
        col.lines("到站扫码签到 · 离站扫码签退", 7.5 / 9, max_lines=1, truncate=True),
        col.lines(
            f"服务热线 {card.hotline}" if card.hotline else "", 8.5 / 9, max_lines=1, truncate=True
        ),
    ]
    y = margin + sum(b.height for b in bottom if b)
    for block in bottom:
        if block:
            block.draw(canvas, face, margin, y, width)
            y -= block.height


def _card_sheet(canvas: Canvas, cards: Sequence[str], *, cols: int = 2, rows: int = 5) -> None:
    """A4 pages of CR80 cards (drawn before as forms named in ``cards``), edge to edge in a
    ``cols`` × ``rows`` grid, with cut marks in the margins."""
    left = (A4[0] - cols * CARD_W) / 2
    bottom = (A4[1] - rows * CARD_H) / 2
    right, top = left + cols * CARD_W, bottom + rows * CARD_H
    per_page = cols * rows
    for start in range(0, len(cards), per_page):
        canvas.setPageSize(A4)
        for i, form in enumerate(cards[start : start + per_page]):
            row, column = divmod(i, cols)
            canvas.saveState()
            canvas.translate(left + column * CARD_W, top - (row + 1) * CARD_H)
            canvas.doForm(form)
            canvas.restoreState()
        canvas.saveState()
        canvas.setLineWidth(0.3)
        gap, length = 2 * MM, 6 * MM
        for c in range(cols + 1):
            x = left + c * CARD_W
            canvas.line(x, top + gap, x, top + gap + length)
            canvas.line(x, bottom - gap, x, bottom - gap - length)
        for r in range(rows + 1):
            y = bottom + r * CARD_H
            canvas.line(left - gap, y, left - gap - length, y)
            canvas.line(right + gap, y, right + gap + length, y)
        canvas.restoreState()
        canvas.showPage()


# ---------------------------------------------------------------------------------------
# The entry points


_render_lock = threading.Lock()  # reportlab keeps per-document font state on the font object


def _title(slip: Slip) -> tuple[str, str]:
    """The document's title (Chinese) and subject (English)."""
    if isinstance(slip, VisitSlip):
        return f"访客签到单 No. {slip.visit_no:06d}", f"Visit slip No. {slip.visit_no:06d}"
    if isinstance(slip, MemberCard):
        return f"会员卡 {slip.card_no}", f"Member card {slip.card_no}"
    if isinstance(slip, ReliefVoucher):
        no = f"No. {slip.voucher_no:06d}"
        return f"发放券 {no}", f"Relief voucher {no}"
    return f"驿站海报 {slip.station_name}", "Station poster"


def _check_size(slip: Slip, size: object) -> str:
    kind = type(slip)
    if kind not in ALLOWED_SIZES:
        raise TypeError(f"not a slip: {kind.__name__}")
    allowed = ALLOWED_SIZES[kind]
    if not isinstance(size, str) or size.strip().lower() not in allowed:
        zh, en = _KIND_NAMES[kind]
        raise InvalidInput(
            f"尺寸只能是 {'、'.join(allowed)}（{zh}），收到“{shown(size)}”",
            f"Size must be one of {', '.join(allowed)} for a {en}, got {shown(size)!r}",
            field="Size",
        )
    return size.strip().lower()


def _canvas(out: io.BytesIO, font: str, title: tuple[str, str], author: str) -> Canvas:
    canvas = Canvas(out, invariant=1, pageCompression=1, initialFontName=font)
    canvas.setTitle(title[0])
    canvas.setSubject(title[1])
    canvas.setAuthor(author)
    canvas.setCreator("Station Desk 驿站台账")
    return canvas


def _maker() -> _Made:
    """Builds each distinct QR text's widget once per document."""
    made: dict[str, _Code] = {}

    def make(text: str, field: tuple[str, str]) -> _Code:
        if text not in made:
            made[text] = _qr_code(text, field)
        return made[text]

    return make


def render_pdf(slip: Slip, size: str) -> bytes:
    """The slip as a one-page PDF (an A4 sheet of member cards holds ten copies).

    Raises InvalidInput (field "Size") for a size this kind cannot be printed at, and
    FontMissing when no Chinese TrueType font can be embedded.
    """
    size = _check_size(slip, size)
    face = _type(register_cjk_font())
    out = io.BytesIO()
    with _render_lock:
        canvas = _canvas(out, face.name, _title(slip), slip.station_name)
        made = _maker()
        if isinstance(slip, MemberCard) and size in ("card", "a4"):
            canvas.beginForm("card", 0, 0, CARD_W, CARD_H)
            _draw_card(canvas, face, slip, made)
            canvas.endForm()
            if size == "card":
                canvas.setPageSize((CARD_W, CARD_H))
                canvas.doForm("card")
                canvas.showPage()
            else:
                _card_sheet(canvas, ["card"] * 10)
        else:
            paper = (_POSTER_PAPER if isinstance(slip, StationPoster) else _SLIP_PAPER)[size]
            _column_page(canvas, face, paper, lambda col: _fill(col, slip, made))
        canvas.save()
    return out.getvalue()


def render_card_sheets(cards: Sequence[MemberCard]) -> bytes:
    """Many members' cards on A4 sheets, ten to a page (2 × 5, CR80), with cut marks."""
    if not cards:
        raise InvalidInput("没有要打印的会员卡", "No member cards to print", field="Cards")
    face = _type(register_cjk_font())
    out = io.BytesIO()
    with _render_lock:
        canvas = _canvas(
            out,
            face.name,
            (f"会员卡 {len(cards)} 张", f"{len(cards)} member cards"),
            cards[0].station_name,
        )
        made = _maker()
        names = []
        for i, card in enumerate(cards):
            name = f"card{i}"
            canvas.beginForm(name, 0, 0, CARD_W, CARD_H)
            _draw_card(canvas, face, card, made)
            canvas.endForm()
            names.append(name)
        _card_sheet(canvas, names)
        canvas.save()
    return out.getvalue()
