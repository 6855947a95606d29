"""The monthly log of a demo station, read back by independent tools and checked against
the database with plain SQL: poppler's pdftotext (text and word boxes), pdffonts,
pdfimages and pdftoppm; openpyxl for the XLSX. On Linux a missing tool is a failure.

The demo (400 days, seed 7, ending 2026-06-30, as ``demo --days 400 --seed 7``) is built
once per test session (about 40 s) and shared with test_report_cli.py.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from db.engine import create_station_engine
from db.migrate import upgrade
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import Actor
from station_app.demo import run_demo
from station_app.fonts import find_cjk_font
from station_app.report_files import (
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    MonthlyTargets,
    monthly_pdf,
    save_monthly,
)
from station_app.reports import Month
from station_app.services import Services, build_services
from tests.conftest import TZ, fast_hasher

TOOLS = ("pdftotext", "pdftoppm", "pdffonts", "pdfimages")
DEMO_DAYS, DEMO_SEED, DEMO_END = 400, 7, date(2026, 6, 30)
NOW = datetime(2026, 7, 15, 10, 0, tzinfo=TZ)
JAN, JUL = "2026-01", "2025-07"  # winter (across the year's boundary), summer
EMPTY = "2025-03"  # before the demo station opened
BROKEN_PNG = b"\x89PNG\r\n\x1a\n" + b"not an image"  # the pen pad's header, then nothing


def demo_database(factory: pytest.TempPathFactory) -> Path:
    """The demo station, built once per test session (both report test modules use it)."""
    folder = factory.getbasetemp() / "report-demo"
    path = folder / "demo.db"
    if path.exists():
        return path
    folder.mkdir(exist_ok=True)
    building = folder / "building.db"
    engine = create_station_engine(sqlite_url(building))
    try:
        upgrade(engine)
        run_demo(engine, fast_hasher(), days=DEMO_DAYS, seed=DEMO_SEED, tz=TZ, end=DEMO_END)
    finally:
        engine.dispose()  # the last connection folds the WAL into the file
    os.replace(building, path)
    return path


def bounds(month: str) -> tuple[str, str]:
    """The month's local start and end as the UTC text the database stores."""
    m = Month(int(month[:4]), int(month[5:]))

    def utc(d: date) -> str:
        local = datetime(d.year, d.month, d.day, tzinfo=TZ)
        return local.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    return utc(m.first), utc(m.next().first)


def sql(db: Path, query: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def one(db: Path, query: str, *params: object) -> int:
    value = sql(db, query, *params)[0][0]
    return int(value or 0)  # type: ignore[call-overload]


def run(*args: str | Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, encoding="utf-8", timeout=300
    )
    assert done.returncode == 0, f"{args[0]} failed: {done.stderr}"
    return done.stdout


def text_of(pdf: Path, *, layout: bool = True) -> list[str]:
    """The text of each page."""
    out = run("pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", pdf, "-")
    return out.split("\f")[:-1]


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the PDF tools are checked on Linux")
    missing = [t for t in TOOLS if shutil.which(t) is None]
    assert not missing, f"missing {missing}: run scripts/install-system-deps.sh"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_database(tmp_path_factory)


@pytest.fixture(scope="module")
def demo(
    demo_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Services]]:
    """A copy of the demo, and its services on a clock standing in July 2026."""
    path = tmp_path_factory.mktemp("report-pdf") / "demo.db"
    shutil.copyfile(demo_db, path)
    engine = create_station_engine(sqlite_url(path))
    yield path, build_services(engine, fast_hasher(), clock=FixedClock(NOW), tz=TZ)
    engine.dispose()


@pytest.fixture(scope="module")
def january(demo: tuple[Path, Services], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """January 2026's log: PDF, XLSX and the district file, made once for this module."""
    _, services = demo
    folder = tmp_path_factory.mktemp("january")
    log = services.reports.monthly(JAN, "王站长")
    save_monthly(log, MonthlyTargets(pdf=folder / "m.pdf", xlsx=folder / "m.xlsx"))
    return folder


# --------------------------------------------------------------------------- the summary


def test_the_summary_figures_equal_the_database(demo: tuple[Path, Services], january: Path) -> None:
    db, _ = demo
    lo, hi = bounds(JAN)
    by_category = sql(
        db,
        "SELECT c.name, count(*) FROM visit v JOIN category c ON c.id = v.category_id "
        "WHERE v.checked_in_at >= ? AND v.checked_in_at < ? AND v.voided_at IS NULL "
        "GROUP BY c.name",
        lo,
        hi,
    )
    total = sum(int(n) for _, n in by_category)  # type: ignore[call-overload]
    handouts = one(
        db, "SELECT count(*) FROM handout WHERE handed_at >= ? AND handed_at < ?", lo, hi
    )
    assert total > 1000 and handouts > 0 and len(by_category) >= 5

    summary = text_of(january / "m.pdf")[1]  # page 2: the cover comes first
    assert "一、汇总" in summary
    assert re.search(rf"^\s*来访人次\s+{total}\s*$", summary, re.M), summary
    assert re.search(rf"^\s*救助发放\s+{handouts} 份\s*$", summary, re.M)
    for name, n in by_category:
        row = rf"^\s*{re.escape(str(name))}\s+{n}\s+\d+\.\d%(\s|$)"  # services beside it
        assert re.search(row, summary, re.M), name
    assert re.search(rf"^\s*合计\s+{total}\s+100\.0%", summary, re.M)

    # The comparisons, across the year's boundary: December 2025 and January 2025.
    d_lo, d_hi = bounds("2025-12")
    december = one(
        db,
        "SELECT count(*) FROM visit WHERE checked_in_at >= ? AND checked_in_at < ? "
        "AND voided_at IS NULL",
        d_lo,
        d_hi,
    )
    assert december > 0
    change = total - december
    assert re.search(
        rf"^\s*上月\s+2025年12月\s+{december}\s+{change:+d}（{100 * change / december:+.1f}%）",
        summary,
        re.M,
    ), summary
    _, a_hi = bounds("2025-01")
    assert one(db, "SELECT count(*) FROM visit WHERE checked_in_at < ?", a_hi) == 0
    assert re.search(r"^\s*去年同月\s+2025年1月\s+无数据\s+—", summary, re.M), summary


def test_the_stock_ledger_equals_the_database_and_every_item_reconciles(
    demo: tuple[Path, Services], tmp_path: Path
) -> None:
    db, services = demo
    for month in (JAN, JUL):
        pdf = tmp_path / f"{month}.pdf"
        pdf.write_bytes(monthly_pdf(services.reports.monthly(month), parts=["stock"]))
        pages = text_of(pdf)
        text = "\n".join(pages[1:])
        items = sql(db, "SELECT id, name, unit FROM item WHERE active ORDER BY id")
        assert f"账物相符：全部 {len(items)} 种物品" in text
        assert "不符" not in text
        lo, hi = bounds(month)
        lines = text.splitlines()
        seen_moves = 0
        for item_id, name, unit in items:

            def moved(where: str, *params: object, item_id: object = item_id) -> int:
                return one(
                    db,
                    f"SELECT sum(qty) FROM stock_move WHERE item_id = ? AND {where}",
                    item_id,
                    *params,
                )

            within = "at >= ? AND at < ? AND reason IN "
            expected = [
                moved("at < ?", lo),  # opening
                moved(within + "('receive', 'import')", lo, hi),
                -moved(within + "('issue')", lo, hi),
                -moved(within + "('handout')", lo, hi),
                -moved(within + "('loss', 'expired')", lo, hi),
                moved(within + "('stocktake')", lo, hi),
                moved("at < ?", hi),  # closing
            ]
            seen_moves += sum(abs(x) for x in expected[1:6])
            assert (
                expected[0] + sum(expected[1:2]) - sum(expected[2:5]) + expected[5] == (expected[6])
            )
            at = lines.index(next(ln for ln in lines if ln.strip() == f"{name}（{unit}）"))
            values = next(
                m
                for ln in lines[at + 1 : at + 4]
                if (m := re.match(r"^\s*" + r"([+-]?\d+)\s+" * 8 + r"(相符|不符)\s*$", ln))
            )
            shown = [int(values[i]) for i in range(1, 9)]
            assert shown[:7] == expected, (month, name)
            assert shown[7] == expected[6] and values[9] == "相符"  # the ledger's balance
        assert seen_moves > 0, month


def test_the_register_and_rosters_list_every_record(
    demo: tuple[Path, Services], january: Path
) -> None:
    db, _ = demo
    lo, hi = bounds(JAN)
    pages = text_of(january / "m.pdf")
    register = [
        (int(m[1]), m[2])
        for page in pages
        for m in re.finditer(r"^\s*(\d+)\s+(2026-01-\d\d)\s+\d\d:\d\d–", page, re.M)
    ]
    visits = sql(
        db,
        "SELECT id, checked_in_at FROM visit WHERE checked_in_at >= ? AND checked_in_at < ? "
        "ORDER BY checked_in_at, id",
        lo,
        hi,
    )
    assert [vid for vid, _ in register] == [vid for vid, _ in visits]
    for (vid, day), (_, stored) in zip(register, visits, strict=True):
        local = datetime.fromisoformat(str(stored)).replace(tzinfo=UTC).astimezone(TZ)
        assert day == local.date().isoformat(), vid
    text = "\n".join(pages)
    for campaign, n in sql(
        db,
        "SELECT c.name, count(*) FROM handout h JOIN campaign c ON c.id = h.campaign_id "
        "WHERE h.handed_at >= ? AND h.handed_at < ? GROUP BY c.name",
        lo,
        hi,
    ):
        assert re.search(rf"{re.escape(str(campaign))}\s*·\s*共\s*{n}\s*份", text), campaign
        numbered = re.findall(r"^\s*(\d+)\s+01-\d\d \d\d:\d\d\s", text, re.M)
        assert [int(x) for x in numbered] == list(range(1, int(n) + 1))  # type: ignore[call-overload]
    assert "五、消毒记录" in text and "本月无消毒记录" in text  # the demo keeps none
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text)  # no phone number anywhere


def test_the_xlsx_equals_the_database(demo: tuple[Path, Services], january: Path) -> None:
    db, _ = demo
    lo, hi = bounds(JAN)
    book = openpyxl.load_workbook(january / "m.xlsx")
    assert book.sheetnames[:5] == ["汇总", "每日来访", "分时段来访", "来访登记表", "物资出入库台账"]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    for name, n in sql(
        db,
        "SELECT c.name, count(*) FROM visit v JOIN category c ON c.id = v.category_id "
        "WHERE v.checked_in_at >= ? AND v.checked_in_at < ? AND v.voided_at IS NULL "
        "GROUP BY c.name",
        lo,
        hi,
    ):
        assert summary[f"来访人次（{name}）"] == n
    register = book["来访登记表"]
    assert register.freeze_panes == "A2"
    rows = list(register.iter_rows(min_row=2))
    stored = sql(
        db,
        "SELECT id, checked_in_at, checked_out_at FROM visit WHERE checked_in_at >= ? "
        "AND checked_in_at < ? ORDER BY checked_in_at, id",
        lo,
        hi,
    )
    assert len(rows) == len(stored)
    for row, (vid, came, left) in zip(rows[:200], stored[:200], strict=True):
        assert row[0].value == vid and isinstance(row[0].value, int)
        local = datetime.fromisoformat(str(came)).replace(tzinfo=UTC).astimezone(TZ)
        assert row[1].is_date  # a date, stored to the millisecond as Excel keeps them
        assert abs(row[1].value - local.replace(tzinfo=None)) < timedelta(milliseconds=1)
        if left is not None:
            assert isinstance(row[3].value, int)
    stock = book["物资出入库台账"]
    header = [c.value for c in stock[1]]
    for values in stock.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, values, strict=True))
        item_id = one(db, "SELECT id FROM item WHERE name = ?", row["物品"])
        assert row["期末"] == one(
            db, "SELECT sum(qty) FROM stock_move WHERE item_id = ? AND at < ?", item_id, hi
        )
        assert row["入库"] == one(
            db,
            "SELECT sum(qty) FROM stock_move WHERE item_id = ? AND at >= ? AND at < ? "
            "AND reason IN ('receive', 'import')",
            item_id,
            lo,
            hi,
        )
        assert row["账物相符"] == "是"
    roster = next(book[n] for n in book.sheetnames if n.startswith("签收-"))
    handouts = one(
        db, "SELECT count(*) FROM handout WHERE handed_at >= ? AND handed_at < ?", lo, hi
    )
    assert roster.max_row - 1 == handouts
    assert roster["B2"].is_date


# --------------------------------------------------------------------------- the pages


def test_every_page_has_its_header_and_footer_and_the_font_is_embedded(january: Path) -> None:
    pdf = january / "m.pdf"
    pages = text_of(pdf, layout=False)
    total = len(pages)
    assert total > 20
    for n, page in enumerate(pages, start=1):
        assert "解放路爱心驿家（演示）（DEMO01）" in page, n
        assert "月度台账 · 2026年1月" in page, n
        assert f"第 {n} 页 / 共 {total} 页" in page, n
        assert "生成于 2026-07-15 10:00" in page, n
    cover = pages[0]
    for text in ("负责人签字：", "制表人", "王站长", "爱心驿家 · 妈咪暖心小屋", "解放路 88 号"):
        assert text in cover
    fonts = run("pdffonts", pdf).splitlines()[2:]
    assert fonts, "no fonts listed"
    expected = find_cjk_font().name
    for line in fonts:
        name, kind, emb = line.split()[0], line.split()[1], line.split()[-5]
        assert expected in name and kind == "TrueType" and emb == "yes", line


def test_nothing_is_cut_off_and_pages_render(january: Path, tmp_path: Path) -> None:
    pdf = january / "m.pdf"
    boxes = run("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-")
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', boxes
    )
    assert len(words) > 1000
    for x0, y0, x1, y1 in ((float(a), float(b), float(c), float(d)) for a, b, c, d in words):
        assert MARGIN_X - 1 <= x0 < x1 <= PAGE_W - MARGIN_X + 1, (x0, x1)
        assert 0 < y0 < y1 < PAGE_H
    run("pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "3", pdf, tmp_path / "page")
    for png in sorted(tmp_path.glob("page-*.png")):
        with Image.open(png) as image:
            gray = image.convert("L")
            dark = sum(gray.histogram()[:128])
            assert dark > 2000, png  # text, tables and the chart, not a blank page
            width, height = gray.size  # A4 at 80 dpi
            assert abs(width - PAGE_W / 72 * 80) <= 1 and abs(height - PAGE_H / 72 * 80) <= 1


def test_an_empty_month_gives_a_valid_honest_log(
    demo: tuple[Path, Services], tmp_path: Path
) -> None:
    _, services = demo
    log = services.reports.monthly(EMPTY)
    pdf = tmp_path / "empty.pdf"
    save_monthly(log, MonthlyTargets(pdf=pdf))
    pages = text_of(pdf)
    text = "\n".join(pages)
    assert text.count("本月无来访记录") == 2  # in the summary and the register
    assert "本月无发放记录" in text and "本月无消毒记录" in text
    assert re.search(r"^\s*来访人次\s+0\s*$", text, re.M)
    assert re.search(r"^\s*上月\s+2025年2月\s+无数据", text, re.M)
    assert "账物相符：全部 9 种物品" in text
    assert len(pages) == 6 and (tmp_path / "DEMO01-2025-03.json").exists()


def test_the_english_log(demo: tuple[Path, Services], tmp_path: Path) -> None:
    _, services = demo
    pdf = tmp_path / "en.pdf"
    pdf.write_bytes(monthly_pdf(services.reports.monthly(JAN), lang="en"))
    pages = text_of(pdf, layout=False)
    assert f"Page 1 of {len(pages)}" in pages[0] and "Monthly log · January 2026" in pages[0]
    assert "Supervisor's signature:" in pages[0]
    text = "\n".join(pages)
    for heading in ("1. Summary", "2. Visit register", "3. Stock ledger", "4. Relief roster"):
        assert heading in text
    assert "no data" in text and "Books reconcile" in text


def test_a_300_row_roster_with_signatures_renders_on_every_page(
    services: Services, clock: FixedClock, supervisor: Actor, attendant: Actor, tmp_path: Path
) -> None:
    from tests.unit.test_reports import signature

    clock.set(datetime(2026, 6, 2, 8, tzinfo=TZ))
    services.inventory.receive(supervisor, "毛巾", 300, lot_code="T1")
    camp = services.relief.create_campaign(
        supervisor, "2026 夏季送清凉", date(2026, 6, 1), date(2026, 9, 30), [("毛巾", 1)]
    )
    sig = signature()
    for n in range(300):
        clock.set(datetime(2026, 6, 3 + n // 20, 9, tzinfo=TZ) + timedelta(minutes=n % 20))
        services.relief.hand_out(
            attendant,
            camp.id,
            name=f"领取人{n}",
            phone_last4=f"{n:04d}",
            employer="某某市某某区城市管理局环境卫生管理处第三清扫保洁作业队",
            category="环卫工人",
            signature_png=sig if n % 2 else BROKEN_PNG if n == 6 else None,
        )
    clock.set(datetime(2026, 7, 1, 9, tzinfo=TZ))
    pdf = tmp_path / "roster.pdf"
    pdf.write_bytes(monthly_pdf(services.reports.monthly("2026-06"), parts=["roster"]))
    pages = text_of(pdf)
    text = "\n".join(pages)
    assert "2026 夏季送清凉 · 共 300 份" in text
    numbered = [int(m) for m in re.findall(r"^\s*(\d+)\s+06-\d\d \d\d:\d\d\s", text, re.M)]
    assert numbered == list(range(1, 301))
    for page in pages[2:]:  # each page of the roster starts with its header row
        assert re.search(r"^\s*序号\s+时间\s+领取人\s+单位\s+类别\s+物资\s+签名", page, re.M)
    # A stored signature that cannot be decoded is said so, and the row is still there.
    assert re.search("\\s*".join("签名图像无法读取"), text)
    images = run("pdfimages", "-list", pdf).splitlines()[2:]
    assert len(images) >= 150  # each signed row draws its signature
    run("pdftoppm", "-r", "80", "-png", "-f", "3", "-l", "3", pdf, tmp_path / "roster")
    assert (tmp_path / "roster-03.png").exists()
