"""Tables written to XLSX and CSV, read back as a spreadsheet program would read them."""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from station_app.errors import DatabaseProblem, InvalidInput
from station_app.table_export import ExportCancelled, write_table
from tests.conftest import TZ

HEADERS = ["签到", "类别", "会员", "分钟", "日期"]
ROWS: list[list[object]] = [
    [datetime(2026, 7, 1, 9, 5), "外卖骑手", "=1+1", 35, date(2026, 7, 1)],
    [datetime(2026, 7, 1, 10, 0, tzinfo=TZ), "环卫工人", "+SUM(1;2)", None, date(2026, 7, 2)],
    [datetime(2026, 7, 1, 11, 0), "快递员", "－2+3+cmd|' /C calc'!A0", 0, None],
    [datetime(2026, 7, 1, 12, 0), "其他", "\tcmd", -3, None],
    [datetime(2026, 7, 1, 13, 0), "司机", "-3", 1, None],  # a plain number stays as it is
    [datetime(2026, 7, 1, 14, 0), "司机", "@SUM(A1)", 2, None],
]


def sheet_rows(path: Path) -> list[tuple[openpyxl.cell.cell.Cell, ...]]:
    book = openpyxl.load_workbook(path)
    return list(book.active.iter_rows())


def test_xlsx_keeps_chinese_dates_and_formula_looking_text_as_text(tmp_path: Path) -> None:
    path = tmp_path / "来访记录.xlsx"
    write_table(path, HEADERS, ROWS, sheet_title="来访 2026-07-01")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "来访 2026-07-01"
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == HEADERS
    assert all(c.font.b for c in rows[0]) and not rows[1][1].font.b
    assert sheet.freeze_panes == "A2"
    first = rows[1]
    assert first[0].value == datetime(2026, 7, 1, 9, 5) and first[0].is_date
    assert first[0].number_format == "yyyy-mm-dd hh:mm"
    assert first[4].value == datetime(2026, 7, 1, 0, 0) and first[4].is_date
    assert first[4].number_format == "yyyy-mm-dd"
    assert first[1].value == "外卖骑手" and first[3].value == 35
    # An aware time is written at its own wall-clock time (the caller gives local times).
    assert rows[2][0].value == datetime(2026, 7, 1, 10, 0)
    assert rows[2][3].value is None
    members = [r[2] for r in rows[1:]]
    assert [c.value for c in members] == [r[2] for r in ROWS]
    assert all(c.data_type == "s" for c in members)  # never "f": nothing runs
    assert [c.quotePrefix for c in members] == [True, True, True, True, False, True]
    # Columns are as wide as their text (a Chinese character counts twice).
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert widths["B"] == 2 * 4 + 2  # 外卖骑手
    assert widths["A"] == len("2026-07-01 09:00") + 2


def test_xlsx_formula_cell_is_not_written_as_a_formula(tmp_path: Path) -> None:
    """The file itself holds the text as an inline string, with no <f> element."""
    import zipfile

    path = tmp_path / "t.xlsx"
    write_table(path, ["昵称"], [["=1+1"], ['=HYPERLINK("http://x")']], sheet_title="t")
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml
    assert "=1+1" in xml


def test_csv_has_a_bom_chinese_and_neutralised_formulas(tmp_path: Path) -> None:
    path = tmp_path / "来访记录.csv"
    write_table(path, HEADERS, ROWS, sheet_title="ignored")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    assert rows[1] == ["2026-07-01 09:05", "外卖骑手", "'=1+1", "35", "2026-07-01"]
    assert rows[2] == ["2026-07-01 10:00", "环卫工人", "'+SUM(1;2)", "", "2026-07-02"]
    assert [r[2] for r in rows[3:]] == [
        "'－2+3+cmd|' /C calc'!A0",
        "'\tcmd",
        "-3",
        "'@SUM(A1)",
    ]
    assert len(rows) == 1 + len(ROWS)


def test_other_kinds_of_file_are_refused_naming_the_file(tmp_path: Path) -> None:
    for name in ("visits.txt", "visits.xls", "visits"):
        with pytest.raises(InvalidInput) as refused:
            write_table(tmp_path / name, ["a"], [["b"]], sheet_title="t")
        assert refused.value.field == "File" and name in refused.value.en
    with pytest.raises(InvalidInput) as refused:
        write_table(tmp_path / "missing" / "v.csv", ["a"], [["b"]], sheet_title="t")
    assert refused.value.field == "File" and "missing" in refused.value.en
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DatabaseProblem) as refused:
            write_table(folder / "v.xlsx", ["a"], [["b"]], sheet_title="t")
        assert refused.value.field == "File" and "v.xlsx" in refused.value.en
    finally:
        folder.chmod(0o700)


def test_a_file_that_cannot_be_replaced_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    (tmp_path / "v.xlsx").mkdir()  # a folder where the file should go
    with pytest.raises(DatabaseProblem) as refused:
        write_table(tmp_path / "v.xlsx", ["a"], [["b"]], sheet_title="t")
    assert refused.value.field == "File" and str(tmp_path / "v.xlsx") in refused.value.en
    assert [p.name for p in tmp_path.iterdir()] == ["v.xlsx"]
    assert list((tmp_path / "v.xlsx").iterdir()) == []


def test_a_failure_leaves_the_earlier_file_whole_and_no_part_file(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text("earlier", encoding="utf-8")

    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("a cell that cannot be written")

    with pytest.raises(RuntimeError):
        write_table(path, ["a"], [["ok"]] * 600 + [[Broken()]], sheet_title="t")
    assert path.read_text(encoding="utf-8") == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.csv"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_progress_is_reported_and_a_cancel_leaves_nothing(tmp_path: Path, suffix: str) -> None:
    rows = [[datetime(2026, 7, 1, 9, 0, tzinfo=UTC), f"行{i}"] for i in range(3000)]
    seen: list[tuple[int, int]] = []
    path = tmp_path / f"big{suffix}"
    write_table(
        path, ["时间", "名"], rows, sheet_title="big", progress=lambda d, t: seen.append((d, t))
    )
    assert seen[0] == (250, 3000) and seen[-1] == (3000, 3000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    before = path.read_bytes()

    calls: list[int] = []

    def cancel_at_1000(done: int, total: int) -> None:
        calls.append(done)

    with pytest.raises(ExportCancelled):
        write_table(
            path,
            ["时间", "名"],
            rows[:10] + rows,
            sheet_title="big",
            progress=cancel_at_1000,
            cancelled=lambda: len(calls) >= 4,
        )
    assert calls[-1] == 1000
    assert path.read_bytes() == before  # the earlier export is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_xlsx_cells_with_control_characters_and_odd_titles(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    write_table(path, ["名"], [["a\x01b"], [True], [1.5]], sheet_title="a/b:c[d]" + "长" * 40)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == ["a\ufffdb", True, 1.5]
    assert sheet.title == ("a b c d " + "长" * 40)[:31]
