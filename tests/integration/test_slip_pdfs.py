"""The slips read back by independent tools: rendered at a thermal printer's 203 dpi with
poppler's pdftoppm and decoded with zbar's zbarimg; fonts listed by pdffonts; text extracted
by pdftotext. The tools come from scripts/install-system-deps.sh; on Linux a missing tool is
a failure, not a skip."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from station_app.fonts import find_cjk_font
from station_app.slip_layout import (
    ALLOWED_SIZES,
    MemberCard,
    ReliefVoucher,
    Slip,
    StationPoster,
    VisitSlip,
    render_pdf,
)

TOOLS = ("pdftoppm", "pdffonts", "pdftotext", "zbarimg")
DPI = 203
TZ = ZoneInfo("Asia/Shanghai")

VISIT = VisitSlip(
    station_name="解放路爱心驿家",
    visit_no=1287,
    checked_in_at=datetime(2026, 7, 14, 12, 36, tzinfo=TZ),
    category="外卖骑手",
    services_on_offer=("饮水", "充电", "热饭", "休息", "如厕", "应急药箱"),
    hotline="0571-87001234",
    care_line="天热多喝水，注意防暑降温",
    code="SD1VJFL01AAAT4QB7KX2MZ9C5HRWYE3N",
)
CARD = MemberCard(
    station_name="解放路爱心驿家",
    holder="骑手小王",
    category="快递员",
    card_no="MK7Q2XH9PA",
    hotline="12351",
    code="SD1MJFL01MK7Q2XH9PA6TD4WNR8QEYK",
)
VOUCHER = ReliefVoucher(
    station_name="城东环卫工人爱心驿站",
    campaign="2026 夏季送清凉",
    claimant="张* (尾号 8765)",
    package=("矿泉水 × 2瓶", "藿香正气水 × 1盒", "清凉油 × 1盒"),
    valid_until=date(2026, 8, 31),
    voucher_no=45,
    code="SD1RJFL01AAAC3VZ7MPK2XQ4YH8T5BW",
)
POSTER = StationPoster(
    station_name="新华路妈咪暖心小屋",
    kind_label="妈咪暖心小屋",
    address="杭州市拱墅区新华路 218 号工会服务中心一楼",
    hours="周一至周五 08:30-17:30",
    hotline="12351",
    services=("母婴室", "饮水", "休息", "充电", "应急药箱"),
    station_qr="新华路妈咪暖心小屋\n地址：杭州市拱墅区新华路 218 号\n开放时间：周一至周五 "
    "08:30-17:30\n服务热线：12351",
    wifi_qr="WIFI:T:WPA;S:XinHua-Care;P:mama2026;;",
    wifi_name="XinHua-Care",
)
CASES = [(s, size) for s in (VISIT, CARD, VOUCHER, POSTER) for size in ALLOWED_SIZES[type(s)]]
IDS = [f"{type(s).__name__}-{size}" for s, size in CASES]


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the PDF and QR tools are checked on Linux")
    missing = [t for t in TOOLS if shutil.which(t) is None]
    assert not missing, f"missing {missing}: run scripts/install-system-deps.sh"


def run(*args: str | Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert done.returncode == 0, f"{args[0]} failed: {done.stderr}"
    return done.stdout


def rendered(pdf: bytes, folder: Path) -> tuple[Path, Path]:
    """The PDF written to ``folder`` and its single page rendered as at a thermal printer."""
    path = folder / "slip.pdf"
    path.write_bytes(pdf)
    run("pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", path, folder / "page")
    return path, folder / "page.png"


def expected_scan(slip: Slip, size: str) -> set[str]:
    """What zbarimg --raw may print: each code's text on its line, in either order."""
    if isinstance(slip, StationPoster):
        a, b = slip.station_qr, slip.wifi_qr or ""
        return {f"{a}\n{b}\n", f"{b}\n{a}\n"}
    copies = 10 if isinstance(slip, MemberCard) and size == "a4" else 1
    return {f"{slip.code}\n" * copies}


def _runs(line: bytes) -> list[tuple[int, int, int]]:
    """(value, start, length) of each run of dark (1) or light (0) pixels."""
    return [
        (m.group()[0], m.start(), m.end() - m.start()) for m in re.finditer(rb"\x01+|\x00+", line)
    ]


def _finder_at(runs: list[tuple[int, int, int]], i: int) -> tuple[float, float] | None:
    """If runs i..i+4 are dark, light, dark, light, dark in the ratio 1:1:3:1:1 (a QR finder
    pattern crossed through its middle): its centre and its width."""
    five = runs[i : i + 5]
    if len(five) < 5 or five[0][0] != 1:
        return None
    unit = sum(r[2] for r in five) / 7
    if unit < 2:
        return None
    for (_, _, length), modules in zip(five, (1, 1, 3, 1, 1), strict=True):
        if abs(length - modules * unit) > 0.5 * unit + 1:
            return None
    return five[2][1] + five[2][2] / 2, 7 * unit


class Pixels:
    """A rendering as rows of 1 (dark) and 0 (light) bytes."""

    def __init__(self, png: Path) -> None:
        with Image.open(png) as image:
            gray = image.convert("L")
        self.width, self.height = gray.size
        self.dark = gray.point(lambda v: 1 if v < 128 else 0).tobytes()

    def dark_in(self, left: int, top: int, right: int, bottom: int) -> int:
        """Dark pixels in the rectangle [left, right) × [top, bottom)."""
        w = self.width
        return sum(sum(self.dark[y * w + left : y * w + right]) for y in range(top, bottom))


def finder_patterns(pixels: Pixels) -> list[tuple[float, float, float]]:
    """(x, y, width in pixels) of each QR finder pattern in the rendering, found as a
    decoder finds them: 1:1:3:1:1 across a row, confirmed down the column."""
    w, h, dark = pixels.width, pixels.height, pixels.dark
    hits: list[tuple[float, float, float]] = []
    for y in range(h):
        runs = _runs(dark[y * w : (y + 1) * w])
        for i in range(len(runs) - 4):
            found = _finder_at(runs, i)
            if not found:
                continue
            x, width = found
            column = bytes(dark[int(x) :: w])
            col_runs = _runs(column)
            j = next(k for k, r in enumerate(col_runs) if r[1] <= y < r[1] + r[2])
            down = next(
                (f for k in range(max(0, j - 2), j + 1) if (f := _finder_at(col_runs, k))), None
            )
            if down and abs(down[1] - width) <= width / 7 + 1:
                hits.append((x, down[0], (width + down[1]) / 2))
    patterns: list[list[tuple[float, float, float]]] = []
    for hit in hits:  # many rows cross the same pattern's middle
        for group in patterns:
            if abs(group[0][0] - hit[0]) < hit[2] / 2 and abs(group[0][1] - hit[1]) < hit[2] / 2:
                group.append(hit)
                break
        else:
            patterns.append([hit])
    return [
        (
            statistics.median(g[0] for g in group),
            statistics.median(g[1] for g in group),
            statistics.median(g[2] for g in group),
        )
        for group in patterns
    ]


@pytest.mark.parametrize(("slip", "size"), CASES, ids=IDS)
def test_every_slip_scans_back_to_its_code(slip: Slip, size: str, tmp_path: Path) -> None:
    _, png = rendered(render_pdf(slip, size), tmp_path)
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, encoding="utf-8"
    )
    assert scanned.returncode == 0, scanned.stderr
    assert scanned.stdout in expected_scan(slip, size)


Finder = tuple[float, float, float]


def qr_symbols(finders: list[Finder]) -> list[tuple[Finder, Finder, Finder]]:
    """The finder patterns that make up a QR code: a top-left one with a top-right one level
    with it and a bottom-left one under it, all three the same size and the two sides the
    same length. (A pattern in a code's data that happens to look like a finder has no such
    partners.)"""

    def nearest(candidates: list[Finder], origin: Finder) -> Finder | None:
        return min(
            candidates, key=lambda f: abs(f[0] - origin[0]) + abs(f[1] - origin[1]), default=None
        )

    symbols = []
    for tl in finders:
        same = [f for f in finders if f is not tl and abs(f[2] - tl[2]) <= 0.1 * tl[2]]
        tr = nearest([f for f in same if abs(f[1] - tl[1]) <= 2 and f[0] > tl[0]], tl)
        bl = nearest([f for f in same if abs(f[0] - tl[0]) <= 2 and f[1] > tl[1]], tl)
        if tr and bl and abs((tr[0] - tl[0]) - (bl[1] - tl[1])) <= 2:
            symbols.append((tl, tr, bl))
    return symbols


@pytest.mark.parametrize(("slip", "size"), CASES, ids=IDS)
def test_qr_modules_are_whole_printer_dots_of_at_least_a_third_of_a_mm(
    slip: Slip, size: str, tmp_path: Path
) -> None:
    _, png = rendered(render_pdf(slip, size), tmp_path)
    pixels = Pixels(png)
    symbols = qr_symbols(finder_patterns(pixels))
    codes = 2 if isinstance(slip, StationPoster) else 10 if size == "a4" and slip is CARD else 1
    assert len(symbols) == codes
    for tl, tr, bl in symbols:
        module_px = (tl[2] + tr[2] + bl[2]) / 21  # a finder pattern is 7 modules wide
        assert module_px / DPI * 25.4 >= 0.33  # millimetres
        # 203 dpi is the printer's 8 dots per mm: a module of whole dots is whole pixels.
        assert module_px == pytest.approx(round(module_px), abs=0.2)
        modules = round((tr[0] - tl[0]) / module_px) + 7  # the symbol's width in modules
        assert (modules - 17) % 4 == 0  # 4 × version + 17
        # The quiet zone: 4 modules of white all round the symbol (less a pixel of blur).
        left, top = tl[0] - 3.5 * module_px, tl[1] - 3.5 * module_px
        right, bottom = tr[0] + 3.5 * module_px, bl[1] + 3.5 * module_px
        quiet = 4 * module_px
        outer = [
            round(left - quiet),
            round(top - quiet),
            round(right + quiet),
            round(bottom + quiet),
        ]
        assert outer[0] >= 0 and outer[1] >= 0  # the zone is on the page
        assert outer[2] <= pixels.width and outer[3] <= pixels.height
        inner = [round(left) - 1, round(top) - 1, round(right) + 1, round(bottom) + 1]
        ring = [  # above, below, left of and right of the symbol
            (outer[0], outer[1], outer[2], inner[1]),
            (outer[0], inner[3], outer[2], outer[3]),
            (outer[0], inner[1], inner[0], inner[3]),
            (inner[2], inner[1], outer[2], inner[3]),
        ]
        assert [pixels.dark_in(*r) for r in ring] == [0, 0, 0, 0]
        assert pixels.dark_in(*inner) > 0  # and the symbol itself is where it was found
        if not isinstance(slip, StationPoster):
            assert modules == 25  # ~32 alphanumeric characters: version 2 at level M
            width_mm = modules * module_px / DPI * 25.4
            if size in ("58mm", "80mm"):
                assert 24 <= width_mm <= 30  # big enough to aim at, small enough for the roll
            else:
                assert width_mm >= 18


@pytest.mark.parametrize(("slip", "size"), CASES, ids=IDS)
def test_the_chinese_font_is_embedded_and_the_text_reads_back(
    slip: Slip, size: str, tmp_path: Path
) -> None:
    path = tmp_path / "slip.pdf"
    path.write_bytes(render_pdf(slip, size))
    rows = run("pdffonts", path).splitlines()[2:]
    assert len(rows) == 1, rows  # nothing else, and nothing left for the viewer to find
    name, kind, *_, emb, sub, uni, _obj, _gen = rows[0].split()
    assert re.fullmatch(r"[A-Z]{6}\+" + re.escape(find_cjk_font().name) + r".*", name)
    assert (kind, emb, sub, uni) == ("TrueType", "yes", "yes", "yes")

    text = "".join(run("pdftotext", "-enc", "UTF-8", path, "-").split())
    assert slip.station_name in text
    if isinstance(slip, VisitSlip):
        assert slip.category in text and "2026-07-1412:36" in text and "No.001287" in text
    elif isinstance(slip, MemberCard):
        assert slip.category in text and slip.holder in text and slip.card_no in text
        assert slip.code not in text  # the signed text is never printed
    elif isinstance(slip, ReliefVoucher):
        assert "".join(slip.campaign.split()) in text and "张*(尾号8765)" in text
        assert "藿香正气水×1盒" in text and "2026-08-31" in text
    else:
        assert slip.kind_label in text and "XinHua-Care" in text


def test_a_member_card_without_a_holder_shows_its_number_and_scans(tmp_path: Path) -> None:
    card = replace(CARD, holder="", hotline=None)
    path, png = rendered(render_pdf(card, "card"), tmp_path)
    text = run("pdftotext", "-enc", "UTF-8", path, "-")
    assert "MK7Q2XH9PA" in text and "骑手小王" not in text and "服务热线" not in text
    assert run("zbarimg", "-q", "--raw", png) == f"{card.code}\n"


def test_a_long_name_and_many_services_still_scan_on_58mm(tmp_path: Path) -> None:
    slip = replace(
        VISIT,
        station_name="杭州市上城区小营街道解放路与建国中路交叉口户外劳动者服务站点（爱心驿家）",
        services_on_offer=(
            *VISIT.services_on_offer,
            "雨具借用",
            "微波炉加热",
            "血压测量",
            "法律咨询",
        ),
    )
    path, png = rendered(render_pdf(slip, "58mm"), tmp_path)
    assert run("zbarimg", "-q", "--raw", png) == f"{slip.code}\n"
    text = "".join(run("pdftotext", "-enc", "UTF-8", path, "-").split())
    assert "".join(slip.station_name.split()) in text and "法律咨询" in text
