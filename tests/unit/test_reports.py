"""The monthly log's figures (station_app.reports) and its files (station_app.report_files),
on small stations built through the services with a clock that walks through June 2026.

The clock of the shared fixtures starts at 2026-07-01 09:00 in Shanghai and the station
opened on 2026-06-01; each test moves the clock into June to record, then back to July
to report on June.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from PIL import Image, ImageDraw

from station_app import report_files
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import InvalidInput
from station_app.inventory import InventoryService
from station_app.report_files import (
    DataTable,
    MonthlyTargets,
    ReportFileProblem,
    check_parts,
    check_targets,
    csv_bytes,
    district_file_name,
    district_summary,
    monthly_pdf,
    monthly_tables,
    save_monthly,
    write_files,
    xlsx_bytes,
)
from station_app.reports import Month, MonthlyLog, parse_month
from station_app.services import Services
from station_app.stations import StationInfo
from station_app.table_export import ExportCancelled
from tests.conftest import TZ

JUNE = "2026-06"


def at(day: int, hour: int, minute: int = 0, month: int = 6, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def signature() -> bytes:
    image = Image.new("RGBA", (240, 80), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, 60), (60, 15), (110, 65), (200, 20)], fill="black", width=4)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def back_to_july(clock: FixedClock) -> None:
    clock.set(at(1, 9, month=7))


@pytest.fixture
def june(
    services: Services, clock: FixedClock, supervisor: Actor, attendant: Actor
) -> dict[str, object]:
    """A small June: visits at known times (one voided, one left open, one by a member),
    stock received, issued, handed out, written off and counted, a loan, two handouts
    (one signed), two cleaning records. Returns what the test needs to know."""
    s = services
    clock.set(at(2, 8))
    member = s.members.register(attendant, "快递员", nickname="骑手小王", employer="顺丰速运")
    s.inventory.receive(supervisor, "矿泉水", 100, lot_code="W1", expires_on=date(2026, 7, 20))
    s.inventory.receive(supervisor, "毛巾", 20, lot_code="T1")
    s.inventory.receive(supervisor, "雨伞", 5, lot_code="U1")
    camp = s.relief.create_campaign(
        supervisor, "2026 夏季送清凉", date(2026, 6, 1), date(2026, 9, 30), [("矿泉水", 2)]
    )
    clock.set(at(3, 9, 5))
    v1 = s.visits.check_in(attendant, "外卖骑手", services=["饮水", "充电"])
    clock.set(at(3, 9, 40))
    s.visits.check_out(attendant, v1.id)
    clock.set(at(3, 10, 0))
    v2 = s.visits.check_in(attendant, None, member_code=member.code)
    clock.set(at(3, 10, 30))
    s.visits.check_out(attendant, v2.id)
    s.inventory.issue(attendant, "矿泉水", 3, visit_id=v1.id)
    clock.set(at(4, 11, 0))
    v3 = s.visits.check_in(attendant, "环卫工人", services=["饮水"])
    s.visits.undo_check_in(attendant, v3.id, "点错了")
    clock.set(at(5, 14, 0))
    v4 = s.visits.check_in(attendant, "环卫工人", services=["休息"])  # never checks out
    clock.set(at(10, 15, 0))
    h1 = s.relief.hand_out(
        attendant,
        camp.id,
        name="张三丰",
        phone_last4="8765",
        employer="市环卫所",
        category="环卫工人",
        signature_png=signature(),
    )
    clock.set(at(11, 15, 0))
    h2 = s.relief.hand_out(attendant, camp.id, member_code=member.code)
    clock.set(at(12, 16, 0))
    s.inventory.write_off(supervisor, "毛巾", 2, "loss", note="破损")
    loan = s.loans.lend(attendant, "雨伞", borrower="路人")
    clock.set(at(13, 9, 0))
    s.loans.return_loan(attendant, loan.id)
    clock.set(at(20, 8, 0))
    s.records.record(attendant, "母婴室", "紫外线消毒 30 分钟", note="")
    s.records.record(attendant, "休息区", "地面拖洗", note='=HYPERLINK("http://x")')
    clock.set(at(30, 20, 0))
    sheet = [line for line in s.inventory.count_sheet() if line.item == "毛巾" and line.lot_id]
    s.inventory.apply_stocktake(supervisor, [(sheet[0].lot_id, sheet[0].expected - 1)], "月末盘点")
    back_to_july(clock)
    return {
        "member": member.code,
        "visits": (v1.id, v2.id, v3.id, v4.id),
        "handouts": (h1.id, h2.id),
        "loan": loan.id,
    }


# --------------------------------------------------------------------------- months


def test_months_parse_and_step_across_the_year_boundary() -> None:
    today = date(2026, 7, 1)
    for text in ("2026-07", "2026/7", "2026.07", "2026年7月", " 2026 - 07 ", date(2026, 7, 31)):
        assert parse_month(text, today) == Month(2026, 7)
    assert Month(2027, 1).previous() == Month(2026, 12)
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2027, 1).a_year_before() == Month(2026, 1)
    assert Month(2024, 2).last == date(2024, 2, 29)
    assert Month(2026, 12).last == date(2026, 12, 31)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-07", "July", "", "1999-12", None])
def test_a_month_that_does_not_parse_is_refused_naming_the_field(text: object) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_month(text, date(2026, 7, 1))
    assert err.value.field == "Month"
    assert "2026-07" in err.value.zh and "YYYY-MM" in err.value.en


def test_a_future_month_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        parse_month("2026-08", date(2026, 7, 31))
    assert "2026-08" in err.value.zh and "future" in err.value.en


# --------------------------------------------------------------------------- the figures


def test_the_month_figures_are_what_was_recorded(
    services: Services, june: dict[str, object]
) -> None:
    log = services.reports.monthly(JUNE, "王站长")
    s = log.summary
    v1, v2, v3, v4 = june["visits"]  # type: ignore[misc]
    assert (log.station_code, log.month, log.prepared_by) == ("JFL01", Month(2026, 6), "王站长")
    assert s.visits == 3 and s.voided == 1  # the voided check-in is listed, not counted
    assert dict(s.by_category) == {"快递员": 1, "外卖骑手": 1, "环卫工人": 1}
    assert dict(s.by_day)[date(2026, 6, 3)] == 2 and dict(s.by_day)[date(2026, 6, 4)] == 0
    assert len(s.by_day) == 30 and sum(n for _, n in s.by_day) == 3
    assert dict(s.by_hour) == {**{h: 0 for h in range(24)}, 9: 1, 10: 1, 14: 1}
    assert s.average_stay_minutes == pytest.approx((35 + 30) / 2)
    assert dict(s.services) == {"休息": 1, "饮水": 1, "充电": 1}  # the voided one's not
    assert s.members_registered == 1 and s.handouts == 2

    rows = {r.visit_id: r for r in log.register}
    assert list(rows) == [v1, v2, v3, v4]
    assert (rows[v1].time_in, rows[v1].time_out, rows[v1].minutes) == ("09:05", "09:40", 35)
    assert rows[v1].services == "饮水、充电" and rows[v1].member_code is None
    assert rows[v2].member_code == june["member"] and rows[v2].category == "快递员"
    assert rows[v3].voided and not rows[v1].voided
    assert rows[v4].time_out is None and rows[v4].checked_out is None
    assert rows[v1].checked_in == at(3, 9, 5)

    water = next(b for b in log.stock if b.item == "矿泉水")
    towels = next(b for b in log.stock if b.item == "毛巾")
    assert (water.opening, water.received, water.issued, water.handed_out) == (0, 100, 3, 4)
    assert (water.closing, water.ledger_closing) == (93, 93)
    assert [(lot.lot_code, lot.qty) for lot in water.expiring] == [("W1", 93)]  # 07-20
    assert (towels.received, towels.written_off, towels.corrected) == (20, (("丢失/损坏", 2),), -1)
    assert towels.closing == 17 and towels.computed_closing == 17
    umbrellas = next(b for b in log.stock if b.item == "雨伞")
    assert (umbrellas.lent, umbrellas.returned, umbrellas.closing) == (1, 1, 5)
    assert log.unreconciled == () and all(b.reconciles for b in log.stock)

    (roster,) = log.rosters
    assert roster.campaign == "2026 夏季送清凉"
    first, second = roster.rows
    assert first.recipient == "张**（尾号 8765）" and first.employer == "市环卫所"
    assert first.signature_png is not None and first.signature_png.startswith(b"\x89PNG")
    assert second.recipient == "骑***" and second.employer == "顺丰速运"
    assert second.signature_png is None and first.package == "矿泉水×2瓶"

    assert [(c.area, c.who) for c in log.cleaning] == [("母婴室", "李师傅"), ("休息区", "李师傅")]


def test_a_stored_balance_that_disagrees_with_the_ledger_is_named(
    services: Services, june: dict[str, object], db_path: Path
) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "UPDATE lot_stock SET qty = qty + 5 WHERE item_id = (SELECT id FROM item "
            "WHERE name = '毛巾')"
        )
    conn.close()
    log = services.reports.monthly(JUNE)
    towels = next(b for b in log.stock if b.item == "毛巾")
    assert (towels.closing, towels.ledger_closing) == (22, 17)
    assert log.unreconciled == ("毛巾",)
    assert not towels.reconciles


def test_the_ledger_and_the_other_figures_are_read_in_one_snapshot(
    services: Services,
    june: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
    attendant: Actor,
    clock: FixedClock,
) -> None:
    """A kiosk issues stock while the log is being read: the log must still reconcile."""
    original = InventoryService.ledger
    wrote: list[int] = []

    def ledger_then_a_kiosk_writes(self: InventoryService, start: date, end: date) -> object:
        rows = original(self, start, end)
        if not wrote:  # another kiosk, its own transaction, between two of the report's reads
            clock.set(at(30, 20, 30))
            wrote.extend(m.id for m in services.inventory.issue(attendant, "矿泉水", 5))
        return rows

    monkeypatch.setattr(InventoryService, "ledger", ledger_then_a_kiosk_writes)
    log = services.reports.monthly(JUNE)
    assert wrote
    water = next(b for b in log.stock if b.item == "矿泉水")
    assert (water.issued, water.closing, water.ledger_closing) == (3, 93, 93)
    assert log.unreconciled == ()
    monkeypatch.setattr(InventoryService, "ledger", original)
    back_to_july(clock)
    later = next(b for b in services.reports.monthly(JUNE).stock if b.item == "矿泉水")
    assert (later.issued, later.closing, later.ledger_closing) == (8, 88, 88)


def test_expiring_lots_are_those_on_the_shelf_at_the_month_end(
    services: Services, june: dict[str, object], attendant: Actor, clock: FixedClock
) -> None:
    clock.set(at(2, 10, month=7))
    services.inventory.issue(attendant, "矿泉水", 93)  # used up in July
    back_to_july(clock)
    clock.advance(days=2)
    water = next(b for b in services.reports.monthly(JUNE).stock if b.item == "矿泉水")
    assert [(lot.lot_code, lot.qty) for lot in water.expiring] == [("W1", 93)]
    july = next(b for b in services.reports.monthly("2026-07").stock if b.item == "矿泉水")
    assert july.expiring == () and july.closing == 0


def test_an_empty_month_gives_honest_zeros(services: Services, station: StationInfo) -> None:
    log = services.reports.monthly("2026-07")
    s = log.summary
    assert (s.visits, s.handouts, s.members_registered, s.voided) == (0, 0, 0, 0)
    assert s.average_stay_minutes is None and s.services == () and s.by_category == ()
    assert log.register == () and log.rosters == () and log.cleaning == ()
    assert all(b.opening == b.closing == 0 and b.reconciles for b in log.stock)
    assert s.previous.visits is None  # June: the station was open, but nothing recorded yet


def test_comparisons_across_a_year_boundary(services: Services, clock: FixedClock) -> None:
    clock.set(datetime(2025, 12, 20, 9, tzinfo=TZ))
    services.stations.initialize(
        name="城东驿站",
        kind="rest",
        supervisor_name="王站长",
        supervisor_pin="2580",
        code="CD01",
        created_at=datetime(2025, 12, 15, 8, tzinfo=TZ),
    )
    boss = services.users.login("王站长", "2580")

    def visits(n: int, day: datetime) -> None:
        for i in range(n):
            clock.set(day + timedelta(minutes=i))
            services.visits.check_in(boss, "司机")

    visits(2, datetime(2025, 12, 20, 9, tzinfo=TZ))
    visits(4, datetime(2026, 1, 31, 23, 50, tzinfo=TZ))  # 23:50–23:53 local: still January
    visits(3, datetime(2026, 12, 31, 9, tzinfo=TZ))
    visits(5, datetime(2027, 1, 1, 0, 0, tzinfo=TZ))
    clock.set(datetime(2027, 2, 3, 9, tzinfo=TZ))

    jan = services.reports.monthly("2027-01").summary
    assert jan.visits == 5
    assert (jan.previous.month, jan.previous.visits) == (Month(2026, 12), 3)
    assert (jan.last_year.month, jan.last_year.visits) == (Month(2026, 1), 4)

    jan26 = services.reports.monthly("2026-01").summary
    assert (jan26.previous.month, jan26.previous.visits) == (Month(2025, 12), 2)
    assert (jan26.last_year.month, jan26.last_year.visits) == (Month(2025, 1), None)  # not open

    nov26 = services.reports.monthly("2026-11").summary
    assert (nov26.previous.visits, nov26.last_year.visits) == (0, None)  # open, no visits: 0


def test_the_year_summary_counts_month_by_month(
    services: Services, june: dict[str, object]
) -> None:
    y = services.reports.year(2026)
    assert [r.month for r in y.months] == [Month(2026, m) for m in range(1, 8)]  # up to July
    june_row = y.months[5]
    assert (june_row.visits, june_row.handouts, june_row.members_registered) == (3, 2, 1)
    assert (june_row.received, june_row.given) == (100 + 20 + 5, 3 + 4)
    assert y.visits == 3 and dict(y.by_category) == {"外卖骑手": 1, "快递员": 1, "环卫工人": 1}
    with pytest.raises(InvalidInput):
        services.reports.year("2027")


# --------------------------------------------------------------------------- the files


def test_parts_are_checked_and_kept_in_filing_order() -> None:
    assert check_parts("stock, summary") == ("summary", "stock")
    assert check_parts(["cleaning", "ROSTER"]) == ("roster", "cleaning")
    for bad in ("", "summary,visits", ["bogus"]):
        with pytest.raises(InvalidInput) as err:
            check_parts(bad)
        assert err.value.field == "Parts"


def test_the_tables_hold_real_numbers_and_dates(
    services: Services, june: dict[str, object]
) -> None:
    log = services.reports.monthly(JUNE)
    tables = {t.key: t for t in monthly_tables(log)}
    assert list(tables) == [
        "summary",
        "by-day",
        "by-hour",
        "register",
        "stock",
        "roster-1",
        "cleaning",
    ]
    register = tables["register"]
    assert len(register.rows) == 4
    first = register.rows[0]
    assert first[1] == at(3, 9, 5) and first[2] == at(3, 9, 40) and first[3] == 35
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(list(tables.values()))))
    assert book.sheetnames == [
        "汇总",
        "每日来访",
        "分时段来访",
        "来访登记表",
        "物资出入库台账",
        "签收-2026 夏季送清凉",
        "消毒记录",
    ]
    sheet = book["来访登记表"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert sheet["B2"].is_date and sheet["B2"].value == datetime(2026, 6, 3, 9, 5)
    assert sheet["D2"].value == 35 and isinstance(sheet["D2"].value, int)
    assert sheet["C5"].value is None  # never checked out: an empty cell
    stock = book["物资出入库台账"]
    header = [c.value for c in stock[1]]
    water = next(r for r in stock.iter_rows(min_row=2, values_only=True) if r[0] == "矿泉水")
    assert dict(zip(header, water, strict=True))["期末"] == 93
    assert stock.column_dimensions["A"].width >= 8
    day = book["每日来访"]
    assert day["A2"].is_date and day["A2"].value.date() == date(2026, 6, 1) and day["B4"].value == 2


FORMULAS = [
    "=1+1",
    "+SUM(1;2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "\tcmd|' /C calc'!A0",
    "\rcmd|' /C calc'!A0",
    "＝1+1",
]


def test_formula_text_is_neutralised_in_every_xlsx_and_csv_cell() -> None:
    table = DataTable(
        "t", "表", ("文字", "数字"), (*((f, -3) for f in FORMULAS), ("-", 5), ("-3", 1))
    )
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([table])))
    cells = [book.active.cell(row=i, column=1) for i in range(2, len(FORMULAS) + 2)]
    for cell, text in zip(cells, FORMULAS, strict=True):
        assert cell.data_type == "s" and cell.quotePrefix, text
        assert cell.value == text.replace("\r", "\n") or cell.value == text
    assert book.active.cell(row=2, column=2).value == -3  # a number stays a number
    plain = book.active.cell(row=len(FORMULAS) + 3, column=1)
    assert plain.value == "-3" and not plain.quotePrefix  # a signed number is not a formula

    text = csv_bytes(table).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    for row, formula in zip(rows[1:], FORMULAS, strict=False):
        assert row[0] == "'" + formula and row[1] == "-3"
    assert rows[-2][0] == "-" and rows[-1][0] == "-3"


def test_formula_text_from_the_records_is_neutralised_in_the_exports(
    services: Services, june: dict[str, object], tmp_path: Path
) -> None:
    log = services.reports.monthly(JUNE)
    save_monthly(log, MonthlyTargets(xlsx=tmp_path / "m.xlsx", csv_dir=tmp_path))
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    notes = [row[4] for row in book["消毒记录"].iter_rows(min_row=2)]
    bad = next(c for c in notes if c.value and c.value.startswith("="))
    assert bad.value == '=HYPERLINK("http://x")' and bad.quotePrefix and bad.data_type == "s"
    cleaning = (tmp_path / "JFL01-2026-06-cleaning.csv").read_text(encoding="utf-8-sig")
    assert '\'=HYPERLINK(""http://x"")' in cleaning


def test_the_district_file_has_the_documented_schema(
    services: Services, june: dict[str, object]
) -> None:
    log = services.reports.monthly(JUNE)
    data = json.loads(json.dumps(district_summary(log)))
    assert district_file_name(log) == "JFL01-2026-06.json"
    assert data["schema_version"] == 1
    assert data["station"] == {"code": "JFL01", "name": "解放路爱心驿家"}
    assert data["month"] == "2026-06"
    assert datetime.fromisoformat(data["generated_at"]) == at(1, 9, month=7)
    assert data["visits"]["total"] == 3
    assert {c["category"]: c["visits"] for c in data["visits"]["by_category"]} == {
        "快递员": 1,
        "外卖骑手": 1,
        "环卫工人": 1,
    }
    assert data["handouts"] == {
        "total": 2,
        "by_campaign": [{"campaign": "2026 夏季送清凉", "handouts": 2}],
    }
    water = next(i for i in data["stock"] if i["item"] == "矿泉水")
    assert (water["received"], water["given"], water["issued"], water["handed_out"]) == (
        100,
        7,
        3,
        4,
    )
    assert water["closing"] == 93 and water["reconciles"] is True
    assert data["members_registered"] == 1


def test_the_pdf_is_made_for_each_language_and_part(
    services: Services, june: dict[str, object]
) -> None:
    log = services.reports.monthly(JUNE, "王站长")
    for lang in ("zh", "en"):
        pdf = monthly_pdf(log, lang=lang)
        assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    only_stock = monthly_pdf(log, parts=["stock"])
    assert len(only_stock) < len(monthly_pdf(log))
    with pytest.raises(InvalidInput):
        monthly_pdf(log, lang="fr")


def test_progress_is_reported_and_a_cancel_stops_it(
    services: Services, june: dict[str, object], tmp_path: Path
) -> None:
    log = services.reports.monthly(JUNE)
    seen: list[tuple[int, int]] = []
    monthly_pdf(log, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)
    with pytest.raises(ExportCancelled):
        monthly_pdf(log, cancelled=lambda: True)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportCancelled):
        save_monthly(
            log, MonthlyTargets(pdf=out / "m.pdf", xlsx=out / "m.xlsx"), cancelled=lambda: True
        )
    assert list(out.iterdir()) == []


def _log(services: Services) -> MonthlyLog:
    return services.reports.monthly("2026-07")


def test_save_monthly_writes_every_file_and_the_district_file_beside_the_pdf(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    (tmp_path / "csv").mkdir()
    written = save_monthly(
        _log(services),
        MonthlyTargets(pdf=tmp_path / "m.pdf", xlsx=tmp_path / "m.xlsx", csv_dir=tmp_path / "csv"),
        parts=["summary", "cleaning"],
    )
    names = sorted(p.name for p in written)
    assert names == sorted(
        [
            "m.pdf",
            "m.xlsx",
            "JFL01-2026-07.json",
            "JFL01-2026-07-summary.csv",
            "JFL01-2026-07-by-day.csv",
            "JFL01-2026-07-by-hour.csv",
            "JFL01-2026-07-cleaning.csv",
        ]
    )
    assert all(p.stat().st_size > 0 for p in written)
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".part")]
    assert openpyxl.load_workbook(tmp_path / "m.xlsx").sheetnames == [
        "汇总",
        "每日来访",
        "分时段来访",
        "消毒记录",
    ]


def test_targets_are_refused_before_anything_is_made(tmp_path: Path) -> None:
    (tmp_path / "folder.pdf").mkdir()
    cases = [
        (tmp_path / "missing" / "m.pdf", "文件夹不存在", "does not exist"),
        (tmp_path / "folder.pdf", "是一个文件夹", "is a folder"),
    ]
    for target, zh, en in cases:
        with pytest.raises(ReportFileProblem) as err:
            check_targets([target])
        assert zh in err.value.zh and en in err.value.en and str(target) in err.value.zh
    with pytest.raises(ReportFileProblem) as err:
        check_targets([tmp_path / "a.pdf", tmp_path / "." / "a.pdf"])
    assert "同一个文件" in err.value.zh
    with pytest.raises(InvalidInput) as wrong:
        report_files.check_monthly_targets(MonthlyTargets(pdf=tmp_path / "m.xlsx"))
    assert ".pdf" in wrong.value.zh
    assert list(tmp_path.iterdir()) == [tmp_path / "folder.pdf"]


def test_a_folder_that_cannot_be_written_is_refused_naming_the_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes anywhere a mode allows: sysfs refuses new files
        target = Path("/sys/m.pdf")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        target = folder / "m.pdf"
    with pytest.raises(ReportFileProblem) as err:
        check_targets([target])
    assert str(target) in err.value.zh and "只读" in err.value.zh
    assert str(target) in err.value.en and "read-only" in err.value.en
    with pytest.raises(ReportFileProblem):
        write_files([(target, b"%PDF-")])
    assert not target.exists()


def test_a_file_held_open_elsewhere_is_named_and_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = tmp_path / "m.xlsx"
    held.write_bytes(b"the old log")
    real_open = Path.open

    def open_locked(self: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        if self == held and mode == "r+b":  # as Windows answers while Excel holds the file
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", open_locked)
    with pytest.raises(ReportFileProblem) as err:
        check_targets([tmp_path / "m.pdf", held])
    assert str(held) in err.value.zh and "其他程序" in err.value.zh
    assert "another program" in err.value.en
    monkeypatch.setattr(Path, "open", real_open)

    real_replace = os.replace

    def replace_locked(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == held:
            raise PermissionError(errno.EACCES, "Access is denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_locked)
    with pytest.raises(ReportFileProblem) as err:
        write_files([(held, b"new"), (tmp_path / "m.json", b"{}")])
    assert str(held) in err.value.zh and "其他程序" in err.value.zh
    assert held.read_bytes() == b"the old log"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.xlsx"]  # no temporary files


def test_a_failure_while_writing_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "m.pdf").write_bytes(b"old pdf")
    real_fsync = os.fsync
    calls = []

    def disk_full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ReportFileProblem) as err:
        write_files([(tmp_path / "m.pdf", b"new pdf"), (tmp_path / "m.xlsx", b"new xlsx")])
    assert "磁盘已满" in err.value.zh and "m.xlsx" in err.value.zh
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.pdf"]
    assert (tmp_path / "m.pdf").read_bytes() == b"old pdf"  # the first file was not replaced
