"""Cells a spreadsheet would run as a formula refuse their row, in every kind of import.

The clock stands at 2026-07-01 09:00 in Shanghai; the station opened on 2026-06-01.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from db.models import Member, StockMove, Visit
from station_app.context import CLI_ACTOR
from station_app.importer import ImportReport, formula_opening, import_file
from station_app.services import Services
from station_app.stations import StationInfo

# Text that Excel, LibreOffice or WPS would evaluate when the stored value is exported
# and opened again; each must be refused, never stored.
PAYLOADS = [
    "+SUM(1;2)",
    "@SUM(A1)",
    "-2+3+cmd|' /C calc'!A0",
    "＝1+1",
    "＋SUM(1;2)",
    "－2+3+cmd|' /C calc'!A0",
    "＠SUM(A1)",
    "\tcmd|' /C calc'!A0",
    "\rcmd|' /C calc'!A0",
]
PAYLOAD_IDS = ["plus", "at", "minus", "fw-eq", "fw-plus", "fw-minus", "fw-at", "tab", "cr"]


def csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def run_csv(services: Services, kind: str, tmp_path: Path, text: str) -> ImportReport:
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(text.encode("utf-8"))  # bytes: a CR inside a cell stays a CR
    return import_file(services.ctx, CLI_ACTOR, kind, path)


def errors(report: ImportReport) -> list[tuple[int, str]]:
    return [(e.line, e.field) for e in report.rejected]


def members(services: Services) -> dict[str, tuple[str | None, str | None]]:
    with services.ctx.uow() as uow:
        return {
            m.nickname or "": (m.employer, m.phone) for m in uow.session.scalars(select(Member))
        }


def notes(services: Services) -> list[str | None]:
    with services.ctx.uow() as uow:
        return list(uow.session.scalars(select(StockMove.note).order_by(StockMove.id)))


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_member_text_cell_with_a_formula_opening_refuses_the_row(
    services: Services, station: StationInfo, tmp_path: Path, payload: str
) -> None:
    text = f"昵称,类别,单位\n老王,快递员,顺丰\n小刘,外卖骑手,{csv_cell(payload)}\n"
    report = run_csv(services, "members", tmp_path, text)
    assert (report.read, report.written, errors(report)) == (2, 1, [(3, "单位")])
    assert report.rejected[0].zh.startswith("C 列是公式")
    assert report.rejected[0].en.startswith("column C holds a formula")
    assert members(services) == {"老王": ("顺丰", None)}


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_stock_note_with_a_formula_opening_refuses_the_row(
    services: Services, station: StationInfo, tmp_path: Path, payload: str
) -> None:
    text = (
        "日期,类型,物品,数量,备注\n"
        "2026-06-02,入库,毛巾,10,首批\n"
        f"2026-06-03,入库,毛巾,3,{csv_cell(payload)}\n"
    )
    report = run_csv(services, "stock", tmp_path, text)
    assert (report.written, errors(report)) == (1, [(3, "备注")])
    assert "E 列是公式" in report.rejected[0].zh
    assert notes(services) == ["首批"]


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("2026-06-20,10:00,@SUM(A1),", "类别"),
        ("2026-06-20,10:00,快递员,+SUM(1;2)", "服务"),
        ("2026-06-20,10:00,快递员,-2+3+cmd|' /C calc'!A0", "服务"),
        ("2026-06-20,10:00,快递员,＠SUM(A1)", "服务"),
    ],
    ids=["category-at", "services-plus", "services-minus", "services-fw-at"],
)
def test_visit_cells_with_a_formula_opening_refuse_the_row(
    services: Services, station: StationInfo, tmp_path: Path, row: str, field: str
) -> None:
    text = f"日期,时间,类别,服务\n2026-06-20,09:00,司机,休息\n{row}\n"
    report = run_csv(services, "visits", tmp_path, text)
    assert (report.written, errors(report)) == (1, [(3, field)])
    assert "公式" in report.rejected[0].zh
    with services.ctx.uow() as uow:
        assert len(list(uow.session.scalars(select(Visit)))) == 1


def test_the_reason_names_the_opening_even_when_it_is_invisible(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = (
        "昵称,类别,单位\n"
        f"甲,快递员,{csv_cell(chr(9) + 'x')}\n"
        f"乙,快递员,{csv_cell(chr(13) + 'x')}\n"
        "丙,快递员,＋x\n"
    )
    report = run_csv(services, "members", tmp_path, text)
    assert [e.zh.split("：")[0] for e in report.rejected] == [
        "C 列是公式（以制表符开头",
        "C 列是公式（以回车符开头",
        "C 列是公式（以“＋”开头",
    ]
    assert "it starts with a tab" in report.rejected[0].en
    assert "it starts with a carriage return" in report.rejected[1].en


def test_xlsx_text_cells_with_a_formula_opening_refuse_the_row(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["日期", "类型", "物品", "数量", "备注"])
    sheet.append(["2026-06-02", "入库", "毛巾", 10, "首批"])
    sheet.append(["2026-06-03", "入库", "毛巾", 3, "-2+3+cmd|' /C calc'!A0"])
    sheet.append(["2026-06-04", "入库", "毛巾", 3, "@SUM(A1)"])
    sheet.append(["2026-06-05", "出库", "毛巾", -3, "退回"])  # a number cell: as before
    path = tmp_path / "stock.xlsx"
    book.save(path)
    report = import_file(services.ctx, CLI_ACTOR, "stock", path)
    assert errors(report) == [(3, "备注"), (4, "备注"), (5, "数量")]
    assert "E 列是公式" in report.rejected[1].zh
    assert "不能小于 1" in report.rejected[2].zh
    assert notes(services) == ["首批"]


def test_signed_plain_numbers_stay_what_they_are(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = (
        "日期,类型,物品,数量,备注\n"
        "2026-06-02,入库,毛巾,+5,-2.5\n"
        "2026-06-03,入库,毛巾,-3,\n"
        "2026-06-04,入库,毛巾,2,+86\n"
        "2026-06-05,入库,毛巾,1,-\n"
    )
    report = run_csv(services, "stock", tmp_path, text)
    # -3 is refused by the quantity check, as before: not as a formula.
    assert (report.written, errors(report)) == (3, [(3, "数量")])
    assert "数量不能小于 1（收到 -3）" in report.rejected[0].zh
    with services.ctx.uow() as uow:
        moves = [(m.qty, m.note) for m in uow.session.scalars(select(StockMove))]
    assert moves == [(5, "-2.5"), (2, "+86"), (1, "-")]


def test_phone_numbers_with_a_plus_are_phone_numbers(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = (
        "昵称,类别,手机,同意\n"
        "甲,快递员,+8613800138000,是\n"
        "乙,快递员,+86 139-0013-9000,是\n"
        f"丙,快递员,{csv_cell(chr(9) + '13700137000')},是\n"
        '丁,快递员,"=HYPERLINK(""http://x"",""13600136000"")",是\n'
        "戊,快递员,+SUM(1;2),是\n"
    )
    report = run_csv(services, "members", tmp_path, text)
    assert errors(report) == [(5, "手机"), (6, "手机")]
    assert all("C 列是公式" in e.zh for e in report.rejected)
    assert members(services) == {
        "甲": (None, "13800138000"),
        "乙": (None, "13900139000"),
        "丙": (None, "13700137000"),
    }


def test_a_phone_shaped_value_outside_the_phone_column_is_still_a_formula(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = "昵称,类别,单位\n甲,快递员,+86 138 0013 8000\n"
    report = run_csv(services, "members", tmp_path, text)
    assert errors(report) == [(2, "单位")]


@pytest.mark.parametrize(
    ("value", "opening"),
    [
        ("=1+1", "="),
        ("  =1+1", "="),
        ("\u3000+SUM(1;2)", "+"),
        ("-A1", "-"),
        ("@A1", "@"),
        ("＝A1", "＝"),
        ("\t老王", "\t"),
        ("\r老王", "\r"),
        (" \t=1", "="),
        ("-3", None),
        ("+86", None),
        ("-1,250.5", None),
        ("+1.5e3", None),
        ("-12%", None),
        ("\t13800138000", None),
        ("-", None),
        ("--", None),
        ("2026-06-01", None),
        ("老王", None),
        ("a=b", None),
        ("", None),
        (-3, None),
        (None, None),
    ],
)
def test_formula_opening(value: object, opening: str | None) -> None:
    assert formula_opening(value) == opening
