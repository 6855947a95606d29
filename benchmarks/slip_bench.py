"""Slip speed: one 58 mm visit slip PDF through render_pdf against a bare reportlab canvas.

    python benchmarks/slip_bench.py [--repeat 200] [--block 20]

Both sides run in this process with the Chinese font registered before any timing, and
write a complete PDF into memory: the bare side draws the same lines of text with
drawString at fixed places and the same code with reportlab's QrCodeWidget (rendered by
renderPDF, reportlab's usual way) on a page of the same size, with no measuring, wrapping
or sizing. The sides take turns in blocks so that neither gets a quieter machine. Targets:
render_pdf's median within 1.5x of the bare canvas, and under 50 ms.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

from station_app.fonts import register_cjk_font
from station_app.slip_layout import MM, VisitSlip, render_pdf

TARGET_RATIO = 1.5
TARGET_MS = 50.0

SLIP = VisitSlip(
    station_name="解放路爱心驿家",
    visit_no=1287,
    checked_in_at=datetime(2026, 7, 14, 12, 36, tzinfo=ZoneInfo("Asia/Shanghai")),
    category="外卖骑手",
    services_on_offer=("饮水", "充电", "热饭", "休息", "如厕", "应急药箱"),
    hotline="12351",
    care_line="天热多喝水，注意防暑",
    code="SD1VJFL01AAAT4QB7KX2MZ9C5HRWYE3N",
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def page_height(pdf: bytes) -> float:
    """The slip's page height in points, read from its MediaBox."""
    start = pdf.index(b"/MediaBox [")
    numbers = pdf[start + len(b"/MediaBox [") : pdf.index(b"]", start)].split()
    return float(numbers[3])


def bare_side(font: str, height: float) -> Callable[[], bytes]:
    """The same text and QR code drawn straight onto a canvas of the slip's size."""
    width = 58 * MM
    s = SLIP
    lines = [
        (16, s.station_name),
        (10, "访客签到单"),
        (22, f"No. {s.visit_no:06d}"),
        (9.5, f"签到时间  {s.checked_in_at:%Y-%m-%d %H:%M}"),
        (9.5, f"访客类别  {s.category}"),
        (9.5, "可用服务  " + "、".join(s.services_on_offer[:3]) + "、"),
        (9.5, "、".join(s.services_on_offer[3:])),
    ]
    tail = [(9.5, "离站时请扫码签退"), (11, s.care_line), (9.5, f"服务热线 {s.hotline}")]
    qr_side = 25 * MM

    def one() -> bytes:
        out = io.BytesIO()
        c = Canvas(out, pagesize=(width, height), invariant=1, initialFontName=font)
        c.setTitle(f"访客签到单 No. {s.visit_no:06d}")
        c.setAuthor(s.station_name)
        y = height - 6 * MM
        for size, text in lines:
            c.setFont(font, size)
            c.drawString(5 * MM, y, text)
            y -= size * 1.32
        widget = QrCodeWidget(s.code, barLevel="M", barBorder=0, barWidth=qr_side)
        widget.barHeight = qr_side
        drawing = Drawing(qr_side, qr_side)
        drawing.add(widget)
        y -= 4 * MM + qr_side
        renderPDF.draw(drawing, c, (width - qr_side) / 2, y)
        y -= 8 * MM
        for size, text in tail:
            c.setFont(font, size)
            c.drawString(5 * MM, y, text)
            y -= size * 1.32
        c.showPage()
        c.save()
        return out.getvalue()

    return one


def run_both(repeat: int, block: int) -> tuple[list[float], list[float], int, int]:
    """Times per PDF for the bare canvas and render_pdf, in alternating blocks; and each
    side's size in bytes."""
    font = register_cjk_font()
    slip_pdf = render_pdf(SLIP, "58mm")
    bare = bare_side(font, page_height(slip_pdf))
    bare_pdf = bare()
    sides: tuple[Callable[[], bytes], ...] = (bare, lambda: render_pdf(SLIP, "58mm"))
    times: dict[int, list[float]] = {0: [], 1: []}
    for side in sides:  # warm-up: imports, font subsetting caches, QR tables
        for _ in range(10):
            side()
    for start in range(0, repeat, block):
        for k, side in enumerate(sides):
            for _ in range(min(block, repeat - start)):
                t0 = time.perf_counter()
                side()
                times[k].append(time.perf_counter() - t0)
    return times[0], times[1], len(bare_pdf), len(slip_pdf)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="PDFs per side")
    parser.add_argument("--block", type=int, default=20, help="PDFs per turn")
    args = parser.parse_args()
    if args.repeat < 1 or args.block < 1:
        parser.error("--repeat and --block must be at least 1")
    bare, slip, bare_bytes, slip_bytes = run_both(args.repeat, args.block)

    print(
        f"58 mm visit slip, {args.repeat} PDFs per side in alternating blocks of {args.block}, "
        "font registered before timing"
    )
    print(f"{'':28} {'median ms':>10} {'p95 ms':>10} {'mean ms':>10} {'bytes':>8}")
    for name, t, size in (
        ("bare reportlab canvas", bare, bare_bytes),
        ("render_pdf", slip, slip_bytes),
    ):
        print(
            f"{name:28} {statistics.median(t) * 1e3:10.3f} {percentile(t, 95) * 1e3:10.3f}"
            f" {statistics.fmean(t) * 1e3:10.3f} {size:8d}"
        )
    ratio = statistics.median(slip) / statistics.median(bare)
    median_ms = statistics.median(slip) * 1e3
    print(f"slip size: {slip_bytes} bytes")
    verdicts = [
        (
            ratio <= TARGET_RATIO,
            f"render_pdf median is {ratio:.2f}x the bare canvas (target: within {TARGET_RATIO}x)",
        ),
        (
            median_ms < TARGET_MS,
            f"render_pdf median is {median_ms:.1f} ms (target: under {TARGET_MS:.0f} ms)",
        ),
    ]
    for ok, line in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {line}")
    return 0 if all(ok for ok, _ in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
