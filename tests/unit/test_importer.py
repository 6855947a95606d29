from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, event, func, select

from db.engine import create_station_engine
from db.models import (
    AuditEvent,
    Category,
    Lot,
    Member,
    ServiceType,
    Station,
    StockMove,
    Visit,
    visit_service,
)
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import CLI_ACTOR, Actor
from station_app.errors import Conflict, InvalidInput, PermissionDenied
from station_app.importer import ImportReport, RowError, import_file
from station_app.ledger import find_item, item_balance
from station_app.members import seeded_member_codes
from station_app.services import Services, build_services
from station_app.stations import StationInfo
from tests.conftest import TZ, fast_hasher

# The clock stands at 2026-07-01 09:00 in Shanghai; the station opened on 2026-06-01.


def write_csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(
    services: Services, kind: str, path: Path, actor: Actor = CLI_ACTOR, **kw: bool
) -> ImportReport:
    return import_file(services.ctx, actor, kind, path, **kw)


def visit_rows(services: Services) -> list[tuple[datetime, datetime | None, str, str]]:
    with services.ctx.uow() as uow:
        s = uow.session
        rows = []
        for v in s.scalars(select(Visit).order_by(Visit.checked_in_at, Visit.id)):
            cat = s.get(Category, v.category_id)
            assert cat is not None
            names = s.scalars(
                select(ServiceType.name)
                .join(visit_service, visit_service.c.service_type_id == ServiceType.id)
                .where(visit_service.c.visit_id == v.id)
                .order_by(ServiceType.sort_order)
            )
            rows.append((v.checked_in_at, v.checked_out_at, cat.name, "+".join(names)))
            assert v.source == "import"
        return rows


def count(services: Services, model: type) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def balance(services: Services, item: str) -> int:
    station_id = services.stations.profile().id
    with services.ctx.uow() as uow:
        return item_balance(uow.session, station_id, find_item(uow.session, item).id)


def errors(report: ImportReport) -> list[tuple[int, str]]:
    return [(e.line, e.field) for e in report.rejected]


VISITS = (
    "日期,时间,离开时间,类别,服务\n"
    "2026-06-30,11:20,11:45,外卖骑手,休息、充电\n"
    "2026/6/30,14:05,,环卫工人,饮水 热饭\n"
    "2026年7月1日,8:30,8:50,快递员,\n"
)


def test_visits_csv_written_in_utc_with_services(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    report = run(services, "visits", write_csv(tmp_path, VISITS))
    assert (report.read, report.written, report.rejected) == (3, 3, ())
    assert visit_rows(services) == [
        (
            datetime(2026, 6, 30, 3, 20, tzinfo=UTC),
            datetime(2026, 6, 30, 3, 45, tzinfo=UTC),
            "外卖骑手",
            "休息+充电",
        ),
        # no time out: recorded as leaving on arrival, so it never shows as "inside"
        (
            datetime(2026, 6, 30, 6, 5, tzinfo=UTC),
            datetime(2026, 6, 30, 6, 5, tzinfo=UTC),
            "环卫工人",
            "饮水+热饭",
        ),
        (
            datetime(2026, 7, 1, 0, 30, tzinfo=UTC),
            datetime(2026, 7, 1, 0, 50, tzinfo=UTC),
            "快递员",
            "",
        ),
    ]
    with services.ctx.uow() as uow:
        events = [
            (e.actor_name, e.detail)
            for e in uow.session.scalars(
                select(AuditEvent).where(AuditEvent.action == "import.visits")
            )
        ]
    assert len(events) == 1
    actor_name, detail = events[0]
    assert actor_name == CLI_ACTOR.name
    assert (detail["read"], detail["written"], detail["rejected"]) == (3, 3, 0)
    assert (detail["first_date"], detail["last_date"]) == ("2026-06-30", "2026-07-01")


def test_gbk_file_with_english_category_names(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = "日期,时间,类别,服务\n2026-06-20,10:00,Courier,Rest\n2026-06-21,10:00,司机,如厕\n"
    path = write_csv(tmp_path, text, "gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really not UTF-8
    report = run(services, "visits", path)
    assert (report.written, report.rejected) == (2, ())
    assert [r[2:] for r in visit_rows(services)] == [("快递员", "休息"), ("司机", "如厕")]


def test_utf8_bom_file_with_english_headers(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = (
        "date,time,out_time,category,services,member_code\n2026-06-15,09:10,09:40,外卖骑手,充电,\n"
    )
    path = write_csv(tmp_path, text, "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    report = run(services, "visits", path)
    assert (report.written, report.rejected) == (1, ())
    assert visit_rows(services)[0][0] == datetime(2026, 6, 15, 1, 10, tzinfo=UTC)


def test_xlsx_with_title_row_date_and_time_cells(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["解放路驿站 2026 年 6 月来访登记表"])
    sheet.append(["日期", "时间", "离开时间", "类别", "服务", "备用栏"])
    sheet.append([date(2026, 6, 10), time(7, 5), time(7, 30), "环卫工人", "饮水,休息", "x"])
    sheet.append([datetime(2026, 6, 11), "12:15", None, "建筑工人", "热饭", None])
    sheet.append([])
    sheet.append(["2026-06-12", time(16, 0), time(16, 20), "司机", None, None])
    path = tmp_path / "june.xlsx"
    book.save(path)
    report = run(services, "visits", path)
    assert (report.read, report.written, report.rejected) == (3, 3, ())
    assert report.ignored_columns == ("备用栏",)
    rows = visit_rows(services)
    assert [r[0] for r in rows] == [
        datetime(2026, 6, 9, 23, 5, tzinfo=UTC),
        datetime(2026, 6, 11, 4, 15, tzinfo=UTC),
        datetime(2026, 6, 12, 8, 0, tzinfo=UTC),
    ]
    assert rows[0][3] == "休息+饮水"


def test_xlsx_formula_cell_refused_never_stored(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["日期", "类型", "物品", "数量", "有效期", "备注"])
    sheet.append(["2026-06-02", "入库", "毛巾", 10, None, "首批"])
    sheet.append(["2026-06-03", "入库", "毛巾", "=5+5", None, ""])
    sheet.append(["2026-06-04", "入库", "毛巾", 3, None, '=HYPERLINK("http://evil","x")'])
    path = tmp_path / "stock.xlsx"
    book.save(path)
    report = run(services, "stock", path)
    assert report.written == 1
    assert errors(report) == [(3, "数量"), (4, "备注")]
    assert "D 列是公式" in report.rejected[0].zh
    assert "column F holds a formula" in report.rejected[1].en
    assert balance(services, "毛巾") == 10
    with services.ctx.uow() as uow:
        notes = list(uow.session.scalars(select(StockMove.note)))
    assert notes == ["首批"]


def test_csv_formula_cell_refused(services: Services, station: StationInfo, tmp_path: Path) -> None:
    text = '昵称,类别,单位\n老王,快递员,顺丰\n小刘,外卖骑手,"=HYPERLINK(""http://x"",""点我"")"\n'
    report = run(services, "members", write_csv(tmp_path, text))
    assert (report.written, errors(report)) == (1, [(3, "单位")])
    with services.ctx.uow() as uow:
        assert list(uow.session.scalars(select(Member.nickname))) == ["老王"]


def test_english_service_names_with_spaces_and_every_separator(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = (
        "date,time,category,services\n"
        "2026-06-20,09:00,Courier,Drinking water\n"
        "2026-06-20,09:10,Courier,Rest Drinking water  first AID\n"
        '2026-06-20,09:20,Driver,"heat a meal，Umbrella loan；Milk storage、充电"\n'
        "2026-06-20,09:30,Driver,饮水 热饭/如厕;Rest\n"
        "2026-06-20,09:40,Driver,Rest Rest 休息\n"
        "2026-06-20,09:50,Driver,Rest Drinking watr\n"
        "2026-06-20,10:00,Driver,饮水 热菜 充电\n"
    )
    report = run(services, "visits", write_csv(tmp_path, text))
    assert (report.written, errors(report)) == (5, [(7, "services"), (8, "services")])
    assert "“Drinking watr”" in report.rejected[0].zh
    assert "'Drinking watr'" in report.rejected[0].en
    assert "“热菜”" in report.rejected[1].zh
    assert [r[3] for r in visit_rows(services)] == [
        "饮水",
        "休息+饮水+急救药品",
        "热饭+充电+储奶+借伞",
        "休息+饮水+热饭+如厕",
        "休息",
    ]


def test_english_service_names_from_an_xlsx_file(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["日期", "时间", "类别", "服务"])
    sheet.append([date(2026, 6, 21), time(12, 0), "Delivery rider", "Heat a meal, Drinking water"])
    path = tmp_path / "visits.xlsx"
    book.save(path)
    report = run(services, "visits", path)
    assert (report.written, report.rejected) == (1, ())
    assert visit_rows(services)[0][2:] == ("外卖骑手", "饮水+热饭")


def test_missing_required_columns_refuse_the_whole_file(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "日期,物品,备注\n2026-06-02,毛巾,x\n")
    with pytest.raises(InvalidInput) as exc:
        run(services, "stock", path)
    assert "类型、数量" in exc.value.zh
    assert "type, qty" in exc.value.en
    assert count(services, StockMove) == 0


def test_header_only_file_refused(services: Services, station: StationInfo, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="没有数据行"):
        run(services, "visits", write_csv(tmp_path, "日期,时间,类别\n\n"))


@pytest.mark.parametrize(
    ("row", "field", "word"),
    [
        ("2026-13-01,10:00,快递员", "日期", "不是有效日期"),
        ("2026-02-30,10:00,快递员", "日期", "不是有效日期"),
        ("昨天,10:00,快递员", "日期", "不是有效日期"),
        ("2026-06-20,25:00,快递员", "时间", "不是有效时间"),
        ("2026-06-20,10:00,宇航员", "类别", "宇航员"),
        ("2026-07-02,10:00,快递员", "日期", "晚于今天"),
        ("2026-07-01,10:30,快递员", "时间", "晚于现在"),
        ("2026-05-31,10:00,快递员", "日期", "早于本站启用日期"),
    ],
)
def test_bad_visit_rows_name_line_and_field(
    services: Services, station: StationInfo, tmp_path: Path, row: str, field: str, word: str
) -> None:
    text = f"日期,时间,类别\n2026-06-20,09:00,快递员\n{row}\n"
    report = run(services, "visits", write_csv(tmp_path, text))
    assert (report.read, report.written) == (2, 1)
    assert errors(report) == [(3, field)]
    assert word in report.rejected[0].zh
    assert count(services, Visit) == 1


@pytest.mark.parametrize(
    ("row", "field", "word"),
    [
        ("2026-06-05,入库,毛巾,2.5", "数量", "整数"),
        ("2026-06-05,入库,毛巾,0", "数量", "不能小于 1"),
        ("2026-06-05,入库,毛巾,十", "数量", "整数"),
        ("2026-06-05,入库,金条,5", "物品", "金条"),
        ("2026-06-05,借出,毛巾,5", "类型", "借出"),
        ("2026-06-05,入库,矿泉水,5", "有效期", "需要填写有效期"),
        ("2026-07-05,入库,毛巾,5", "日期", "晚于今天"),
        ("2026-06-05,出库,毛巾,11", "数量", "库存不足"),
    ],
)
def test_bad_stock_rows_name_line_and_field(
    services: Services, station: StationInfo, tmp_path: Path, row: str, field: str, word: str
) -> None:
    text = f"日期,类型,物品,数量\n2026-06-02,期初,毛巾,10\n{row}\n"
    report = run(services, "stock", write_csv(tmp_path, text))
    assert errors(report) == [(3, field)]
    assert word in report.rejected[0].zh
    assert balance(services, "毛巾") == 10


def test_stock_rows_applied_in_date_order(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    # The issue is listed first but dated after the delivery: it is applied after it.
    text = (
        "日期,类型,物品,数量,批号,有效期,备注\n"
        "2026-06-10,出库,矿泉水,30,,,高温发放\n"
        "2026-06-02,期初,矿泉水,24,W1,2026-12-31,期初结存\n"
        "2026-06-05,入库,矿泉水,48,W2,2027-03-31,\n"
        "2026-06-11,报损,矿泉水,2,W2,,破损\n"
        "2026-06-12,出库,矿泉水,100,,,\n"
    )
    report = run(services, "stock", write_csv(tmp_path, text))
    assert report.written == 4
    assert errors(report) == [(6, "数量")]
    assert balance(services, "矿泉水") == 24 + 48 - 30 - 2
    with services.ctx.uow() as uow:
        s = uow.session
        moves = [
            (m.reason, m.qty, s.get(Lot, m.lot_id).lot_code)  # type: ignore[union-attr]
            for m in s.scalars(select(StockMove).order_by(StockMove.id))
        ]
    # FEFO: the issue takes the lot expiring first (W1) entirely, then W2.
    assert moves == [
        ("import", 24, "W1"),
        ("receive", 48, "W2"),
        ("issue", -24, "W1"),
        ("issue", -6, "W2"),
        ("loss", -2, "W2"),
    ]


def test_backdated_take_checks_the_stock_of_its_day_and_every_later_move(
    services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    # Two umbrellas received live today: on 06-10 there were none to issue.
    services.inventory.receive(supervisor, "雨伞", 2, lot_code="U1")
    text = "日期,类型,物品,数量\n2026-06-10,出库,雨伞,2\n"
    report = run(services, "stock", write_csv(tmp_path, text))
    assert errors(report) == [(2, "数量")]
    assert "2026-06-10" in report.rejected[0].zh and "2026-06-10" in report.rejected[0].en
    assert balance(services, "雨伞") == 2
    (row,) = [
        r
        for r in services.inventory.ledger(date(2026, 6, 10), date(2026, 6, 10))
        if r.item == "雨伞"
    ]
    assert (row.issued, row.closing) == (0, 0)

    # Five towels imported for 06-02, all five issued live today: a loss or issue
    # backdated to 06-10 would leave today's issue without stock.
    opening = "日期,类型,物品,数量,批号\n2026-06-02,期初,毛巾,5,T1\n"
    assert run(services, "stock", write_csv(tmp_path, opening, name="o.csv")).written == 1
    services.inventory.issue(supervisor, "毛巾", 5)
    late = (
        "日期,类型,物品,数量,批号\n"
        "2026-06-10,出库,毛巾,1,\n"
        "2026-06-10,报损,毛巾,1,\n"
        "2026-06-10,报损,毛巾,1,T1\n"
    )
    report = run(services, "stock", write_csv(tmp_path, late, name="late.csv"))
    assert errors(report) == [(2, "数量"), (3, "数量"), (4, "数量")]
    assert all("2026-07-01" in e.zh and "2026-07-01" in e.en for e in report.rejected)
    assert balance(services, "毛巾") == 0
    history = [(m.reason, m.qty) for m in services.inventory.moves("毛巾")]
    assert history == [("import", 5), ("issue", -5)]


def test_a_known_lot_with_another_expiry_is_refused_on_the_expiry(
    services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    services.inventory.receive(supervisor, "毛巾", 3, lot_code="T1", expires_on=date(2027, 1, 1))
    text = "日期,类型,物品,数量,批号\n2026-06-20,入库,毛巾,5,T1\n"
    report = run(services, "stock", write_csv(tmp_path, text))
    assert errors(report) == [(2, "有效期")]
    assert "2027-01-01" in report.rejected[0].zh
    assert balance(services, "毛巾") == 3


def test_strict_mode_writes_nothing(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = "日期,类型,物品,数量\n2026-06-02,入库,毛巾,10\n2026-06-03,入库,毛巾,abc\n"
    path = write_csv(tmp_path, text)
    report = run(services, "stock", path, strict=True)
    assert (report.read, report.valid, report.written) == (2, 1, 0)
    assert errors(report) == [(3, "数量")]
    assert count(services, StockMove) == 0
    assert count(services, AuditEvent) == 1  # station.init only


def test_non_strict_writes_exactly_the_valid_rows(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = (
        "日期,时间,类别\n"
        "2026-06-20,09:00,快递员\n"
        "2026-06-20,xx,快递员\n"
        "2026-06-21,09:30,司机\n"
        "2026-06-22,09:30,\n"
        "2026-06-23,10:00,环卫工人\n"
    )
    report = run(services, "visits", write_csv(tmp_path, text))
    assert (report.read, report.written) == (5, 3)
    assert errors(report) == [(3, "时间"), (5, "类别")]
    assert [r[2] for r in visit_rows(services)] == ["快递员", "司机", "环卫工人"]


def test_dry_run_checks_stock_but_writes_nothing(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = "日期,类型,物品,数量\n2026-06-02,入库,毛巾,10\n2026-06-03,出库,毛巾,12\n"
    report = run(services, "stock", write_csv(tmp_path, text), dry_run=True)
    assert (report.valid, report.written, errors(report)) == (1, 0, [(3, "数量")])
    assert count(services, StockMove) == 0


def test_same_file_twice_refused_and_reimported_rows_rejected(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, VISITS)
    run(services, "visits", path)
    with pytest.raises(Conflict, match="已经在 2026-07-01 09:00 导入过"):
        run(services, "visits", path)
    # A corrected copy with one new row: the rows already imported are not counted twice.
    fixed = write_csv(tmp_path, VISITS + "2026-06-29,10:00,,司机,\n", name="fixed.csv")
    report = run(services, "visits", fixed)
    assert report.written == 1
    assert errors(report) == [(2, "时间"), (3, "时间"), (4, "时间")]
    assert count(services, Visit) == 4


def test_a_row_repeating_an_earlier_row_of_the_file_is_refused_like_one_imported_before(
    services: Services, station: StationInfo, supervisor: Actor, tmp_path: Path
) -> None:
    member = services.members.register(supervisor, "快递员")
    text = (
        "日期,时间,离开时间,类别,服务,会员码\n"
        "2026-06-20,09:00,09:30,快递员,休息,\n"  # 2
        "2026-06-20,09:00,09:30,司机,休息,\n"  # 3: another category
        "2026-06-20,09:00,09:30,快递员,休息,\n"  # 4: repeats 2
        "2026-06-20,09:00,09:40,Courier,充电,\n"  # 5: the same visit, spelled otherwise
        f"2026-06-20,09:00,09:30,快递员,休息,{member.code}\n"  # 6: a member's own visit
        "2026-06-20,10:00,10:30,环卫工人,宇航,\n"  # 7: refused, so 8 repeats nothing
        "2026-06-20,10:00,10:30,环卫工人,休息,\n"  # 8
    )
    path = write_csv(tmp_path, text)
    dry = run(services, "visits", path, dry_run=True)
    report = run(services, "visits", path)
    for r in (dry, report):
        assert errors(r) == [(4, "时间"), (5, "时间"), (7, "服务")]
        assert (r.rejected[0].zh, r.rejected[0].en) == (
            "这条来访记录与第 2 行重复（同一时间、同一类别），没有写入",
            "This visit repeats line 2 (same time and category) and was not written",
        )
        assert "第 2 行" in r.rejected[1].zh and "line 2" in r.rejected[1].en
        assert r.valid == 4
    assert report.written == 4
    assert [r[2] for r in visit_rows(services)] == ["快递员", "司机", "快递员", "环卫工人"]
    # The same rows in a later file are refused as imported before, on the same column.
    again = run(services, "visits", write_csv(tmp_path, text + "\n", name="again.csv"))
    assert errors(again)[:2] == [(2, "时间"), (3, "时间")]
    assert "已经导入过" in again.rejected[0].zh
    assert count(services, Visit) == 4


def test_identical_stock_rows_are_two_moves_in_one_file_as_in_two(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    row = "2026-06-03,出库,毛巾,2\n"
    text = "日期,类型,物品,数量\n2026-06-02,期初,毛巾,10\n" + row + row
    report = run(services, "stock", write_csv(tmp_path, text))
    assert (report.written, report.rejected) == (3, ())
    later = run(services, "stock", write_csv(tmp_path, "日期,类型,物品,数量\n" + row, name="b.csv"))
    assert (later.written, later.rejected) == (1, ())
    assert balance(services, "毛巾") == 10 - 2 - 2 - 2


def test_members_codes_phone_consent_and_duplicates(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    text = (
        "昵称,类别,单位,手机,同意,会员码\n"
        "老王,快递员,顺丰速运,138 1234 5678,是,mk001\n"
        "小刘,外卖骑手,美团,13900001111,否,\n"
        "阿强,环卫工人,市环卫所,,,MK001\n"
        "李姐,环卫工人,,13700002222,yes,\n"
        "大周,宇航员,,,,\n"
        "小陈,司机,,12345,是,\n"
        "老赵,司机,出租车公司,,0,\n"
    )
    report = run(services, "members", write_csv(tmp_path, text))
    assert report.written == 3
    assert errors(report) == [(3, "同意"), (4, "会员码"), (6, "类别"), (7, "手机")]
    assert "与第 2 行重复" in report.rejected[1].zh
    with services.ctx.uow() as uow:
        members = {
            m.nickname: (m.code, m.phone, m.phone_consent, m.employer)
            for m in uow.session.scalars(select(Member))
        }
    assert members["老王"] == ("MK001", "13812345678", True, "顺丰速运")
    assert members["李姐"][1:] == ("13700002222", True, None)
    assert members["老赵"][1:] == (None, False, "出租车公司")
    codes = [c for c, *_ in members.values()]
    assert len(set(codes)) == 3 and all(c.isascii() and c.isupper() for c in codes)
    # A later file may not reuse a code already on a card.
    again = write_csv(tmp_path, "昵称,类别,会员码\n阿飞,司机,MK001\n", name="b.csv")
    assert errors(run(services, "members", again)) == [(2, "会员码")]


def test_imported_members_draw_codes_from_the_services_code_source(
    engine: Engine, clock: FixedClock, tmp_path: Path
) -> None:
    services = build_services(
        engine, fast_hasher(), clock=clock, tz=TZ, member_codes=seeded_member_codes(7)
    )
    services.stations.initialize(
        name="驿站",
        kind="rest",
        supervisor_name="王站长",
        supervisor_pin="2580",
        created_at=datetime(2026, 6, 1, tzinfo=TZ),
    )
    path = write_csv(tmp_path, "昵称,类别\n老林,环卫工人\n小王,快递员\n")
    report = import_file(
        services.ctx, CLI_ACTOR, "members", path, member_codes=services.members.code_source
    )
    assert report.written == 2
    expected = seeded_member_codes(7)
    with services.ctx.uow() as uow:
        codes = list(uow.session.scalars(select(Member.code).order_by(Member.id)))
    assert codes == [expected(), expected()]


def test_a_code_source_that_keeps_colliding_refuses_the_row(
    services: Services, station: StationInfo, supervisor: Actor, tmp_path: Path
) -> None:
    taken = services.members.register(supervisor, "快递员").code
    path = write_csv(tmp_path, "昵称,类别\n老林,环卫工人\n")
    report = import_file(services.ctx, CLI_ACTOR, "members", path, member_codes=lambda: taken)
    assert (report.written, errors(report)) == (0, [(2, "昵称")])
    assert "会员卡号" in report.rejected[0].zh
    assert count(services, Member) == 1


def test_visit_with_member_code_takes_the_members_category(
    services: Services, station: StationInfo, supervisor: Actor, tmp_path: Path
) -> None:
    member = services.members.register(supervisor, "环卫工人", nickname="老林")
    text = f"日期,时间,类别,会员码\n2026-06-20,06:30,,{member.code}\n2026-06-20,07:00,,NOSUCH\n"
    report = run(services, "visits", write_csv(tmp_path, text))
    assert (report.written, errors(report)) == (1, [(3, "会员码")])
    with services.ctx.uow() as uow:
        v = uow.session.scalar(select(Visit))
        assert v is not None and v.member_id == member.id
    assert visit_rows(services)[0][2] == "环卫工人"


def test_visits_of_another_station_do_not_make_a_row_a_repeat(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    # A merged database may hold another station's imported register.
    at = datetime(2026, 6, 20, 9, 0, tzinfo=TZ)
    with services.ctx.uow() as uow:
        s = uow.session
        other = Station(code="OTHER", name="别的驿站", kind="rest", secret="x" * 64, created_at=at)
        s.add(other)
        s.flush()
        courier = s.scalar(select(Category.id).where(Category.name == "快递员"))
        assert courier is not None
        s.add(
            Visit(
                station_id=other.id,
                category_id=courier,
                checked_in_at=at,
                checked_out_at=at,
                source="import",
            )
        )
        uow.commit()
    report = run(
        services, "visits", write_csv(tmp_path, "日期,时间,类别\n2026-06-20,09:00,快递员\n")
    )
    assert (report.written, report.rejected) == (1, ())


def test_member_cards_are_looked_up_once_per_import(
    services: Services, station: StationInfo, supervisor: Actor, engine: Engine, tmp_path: Path
) -> None:
    member = services.members.register(supervisor, "环卫工人")
    text = "日期,时间,类别,会员码\n" + "".join(
        f"2026-06-{day},06:30,,{member.code}\n" for day in range(20, 25)
    )
    lookups: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if "FROM member" in statement:
            lookups.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        report = run(services, "visits", write_csv(tmp_path, text))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert report.written == 5
    assert len(lookups) == 1


def test_report_line_names_line_and_field_in_both_languages() -> None:
    e = RowError(7, "日期", "日期不能为空", "date must not be empty")
    assert str(e) == "第 7 行 [日期]: 日期不能为空 / line 7 [日期]: date must not be empty"


def test_attendant_may_not_import(services: Services, attendant: Actor, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        run(services, "visits", write_csv(tmp_path, VISITS), actor=attendant)
    assert count(services, Visit) == 0


def test_old_xls_and_unknown_kind_refused(
    services: Services, station: StationInfo, tmp_path: Path
) -> None:
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InvalidInput, match="xlsx"):
        run(services, "visits", xls)
    with pytest.raises(InvalidInput, match="visits"):
        run(services, "loans", write_csv(tmp_path, VISITS))


def test_date_and_time_spellings(services: Services, station: StationInfo, tmp_path: Path) -> None:
    text = (
        "日期/Date,到达时间,类别\n"
        "2026.6.3,9点30,司机\n"
        "20260604,9时5分,司机\n"
        "2026/06/05 0:00,7:08:09,司机\n"
        "2026年6月6日,10：15,司机\n"
    )
    report = run(services, "visits", write_csv(tmp_path, text, "gb18030"))
    assert (report.written, report.rejected) == (4, ())
    assert [r[0] for r in visit_rows(services)] == [
        datetime(2026, 6, 3, 1, 30, tzinfo=UTC),
        datetime(2026, 6, 4, 1, 5, tzinfo=UTC),
        datetime(2026, 6, 4, 23, 8, 9, tzinfo=UTC),
        datetime(2026, 6, 6, 2, 15, tzinfo=UTC),
    ]


@settings(max_examples=30, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=20),
            st.sampled_from(["入库", "出库", "报损", "期初"]),
            st.integers(min_value=1, max_value=30),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_stock_import_matches_a_date_ordered_ledger_and_never_goes_negative(
    tmp_path_factory: pytest.TempPathFactory,
    migrated_template: Path,
    rows: list[tuple[int, str, int]],
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    db = folder / "station.db"
    shutil.copy(migrated_template, db)
    engine = create_station_engine(sqlite_url(db))
    try:
        clock = FixedClock(datetime(2026, 7, 1, 9, 0, tzinfo=TZ))
        services = build_services(engine, fast_hasher(), clock=clock, tz=TZ)
        services.stations.initialize(
            name="驿站",
            kind="rest",
            supervisor_name="王站长",
            supervisor_pin="2580",
            created_at=datetime(2026, 6, 1, tzinfo=TZ),
        )
        lines = ["日期,类型,物品,数量"]
        lines += [f"2026-06-{1 + day:02d},{kind},毛巾,{qty}" for day, kind, qty in rows]
        report = run(services, "stock", write_csv(folder, "\n".join(lines)))

        # The model: rows in date order (file order within a day); a take beyond stock refused.
        stock, refused = 0, []
        for line, (_, kind, qty) in sorted(enumerate(rows, start=2), key=lambda r: (r[1][0], r[0])):
            if kind in ("入库", "期初"):
                stock += qty
            elif qty > stock:
                refused.append(line)
            else:
                stock -= qty
        assert [e.line for e in report.rejected] == sorted(refused)
        assert report.written == len(rows) - len(refused)
        assert balance(services, "毛巾") == stock >= 0
    finally:
        engine.dispose()
