"""``report monthly`` and ``report year`` as a subprocess on a copy of the demo station:
the files they write, checked against the database with plain SQL, and their refusals
(exit code 1 with the reason in Chinese and English, 2 for wrong usage), which leave no
file behind."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.integration.test_report_pdf import bounds, demo_database, one, sql, text_of

REPO = Path(__file__).resolve().parents[2]
JAN = "2026-01"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report-cli") / "demo.db"
    shutil.copyfile(demo_database(tmp_path_factory), path)
    return path


def report(db: Path, home: Path, *args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STATION_")}
    environ.update(
        STATION_DATA_DIR=str(home),
        STATION_PEPPER_FILE=str(home / "pepper.key"),
        STATION_TZ="Asia/Shanghai",
        PYTHONIOENCODING="utf-8",
        **env,
    )
    return subprocess.run(
        [sys.executable, "main.py", "--db", str(db), "report", *(str(a) for a in args)],
        cwd=REPO,
        env=environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_monthly_writes_the_log_its_exports_and_the_district_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "csv").mkdir(parents=True)
    done = report(
        db,
        tmp_path / "home",
        "monthly",
        "--month",
        JAN,
        "--out",
        out / "m.pdf",
        "--xlsx",
        out / "m.xlsx",
        "--csv",
        out / "csv",
        "--prepared-by",
        "王站长",
    )
    assert done.returncode == 0, done.stderr
    lo, hi = bounds(JAN)
    visits = one(
        db,
        "SELECT count(*) FROM visit WHERE checked_in_at >= ? AND checked_in_at < ? "
        "AND voided_at IS NULL",
        lo,
        hi,
    )
    assert f"DEMO01) 2026-01: {visits} 人次 visits" in done.stdout
    assert "账物相符 / the stock ledger reconciles (9 种物品 items)" in done.stdout
    for name in ("m.pdf", "m.xlsx", "DEMO01-2026-01.json"):
        assert f"已保存 / saved: {out / name} (" in done.stdout
    assert "制表人" in text_of(out / "m.pdf")[0] and "王站长" in text_of(out / "m.pdf")[0]

    district = json.loads((out / "DEMO01-2026-01.json").read_text(encoding="utf-8"))
    assert district["schema_version"] == 1 and district["month"] == JAN
    assert district["station"] == {"code": "DEMO01", "name": "解放路爱心驿家（演示）"}
    assert district["visits"]["total"] == visits
    assert {c["category"]: c["visits"] for c in district["visits"]["by_category"]} == dict(
        sql(
            db,
            "SELECT c.name, count(*) FROM visit v JOIN category c ON c.id = v.category_id "
            "WHERE v.checked_in_at >= ? AND v.checked_in_at < ? AND v.voided_at IS NULL "
            "GROUP BY c.name",
            lo,
            hi,
        )
    )
    assert {c["campaign"]: c["handouts"] for c in district["handouts"]["by_campaign"]} == dict(
        sql(
            db,
            "SELECT c.name, count(*) FROM handout h JOIN campaign c ON c.id = h.campaign_id "
            "WHERE h.handed_at >= ? AND h.handed_at < ? GROUP BY c.name",
            lo,
            hi,
        )
    )
    for item in district["stock"]:
        item_id = one(db, "SELECT id FROM item WHERE name = ?", item["item"])
        moves = dict(
            sql(
                db,
                "SELECT reason, sum(qty) FROM stock_move WHERE item_id = ? AND at >= ? "
                "AND at < ? GROUP BY reason",
                item_id,
                lo,
                hi,
            )
        )
        assert item["received"] == moves.get("receive", 0) + moves.get("import", 0)
        assert item["given"] == -(moves.get("issue", 0) + moves.get("handout", 0))
        assert item["reconciles"] is True
    assert district["members_registered"] == one(
        db, "SELECT count(*) FROM member WHERE created_at >= ? AND created_at < ?", lo, hi
    )

    csvs = sorted(p.name for p in (out / "csv").iterdir())
    assert csvs[:3] == [
        "DEMO01-2026-01-by-day.csv",
        "DEMO01-2026-01-by-hour.csv",
        "DEMO01-2026-01-cleaning.csv",
    ]
    register = (out / "csv" / "DEMO01-2026-01-register.csv").read_bytes()
    assert register.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(register.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["编号", "签到时间", "签退时间"]
    assert len(rows) - 1 == one(
        db, "SELECT count(*) FROM visit WHERE checked_in_at >= ? AND checked_in_at < ?", lo, hi
    )
    assert openpyxl.load_workbook(out / "m.xlsx")["来访登记表"].max_row == len(rows)
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]


def test_parts_language_and_the_district_file_elsewhere(db: Path, tmp_path: Path) -> None:
    done = report(
        db,
        tmp_path / "home",
        "monthly",
        "--month",
        "2025/8",
        "--out",
        tmp_path / "m.pdf",
        "--parts",
        "stock,summary",
        "--json",
        tmp_path / "district.json",
        STATION_LANG="en",
    )
    assert done.returncode == 0, done.stderr
    pages = text_of(tmp_path / "m.pdf", layout=False)
    text = "\n".join(pages)
    assert "1. Summary" in text and "2. Stock ledger" in text
    assert "Visit register" not in text.split("Contents", 1)[1].split("\n", 2)[2]
    assert "Monthly log · August 2025" in pages[0]
    assert (
        json.loads((tmp_path / "district.json").read_text(encoding="utf-8"))["month"] == "2025-08"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["district.json", "home", "m.pdf"]
    chinese = report(
        db,
        tmp_path / "home",
        "monthly",
        "--month",
        "2025-08",
        "--out",
        tmp_path / "zh.pdf",
        "--parts",
        "summary",
        "--lang",
        "zh",
        STATION_LANG="en",
    )
    assert chinese.returncode == 0, chinese.stderr
    assert "一、汇总" in text_of(tmp_path / "zh.pdf")[1]


def test_year_summary_equals_the_database(db: Path, tmp_path: Path) -> None:
    done = report(
        db,
        tmp_path / "home",
        "year",
        "--year",
        "2025",
        "--out",
        tmp_path / "y.pdf",
        "--xlsx",
        tmp_path / "y.xlsx",
    )
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(tmp_path / "y.xlsx")
    months = list(book["逐月统计"].iter_rows(min_row=2, values_only=True))
    assert [m[0] for m in months] == [f"2025-{n:02d}" for n in range(1, 13)] + ["合计"]
    total = 0
    for row in months[:-1]:
        lo, hi = bounds(str(row[0]))
        visits = one(
            db,
            "SELECT count(*) FROM visit WHERE checked_in_at >= ? AND checked_in_at < ? "
            "AND voided_at IS NULL",
            lo,
            hi,
        )
        handouts = one(
            db, "SELECT count(*) FROM handout WHERE handed_at >= ? AND handed_at < ?", lo, hi
        )
        assert (row[1], row[3]) == (visits, handouts), row[0]
        total += visits
    assert months[-1][1] == total and total > 10_000
    assert f"{total} 人次 visits" in done.stdout
    text = "\n".join(text_of(tmp_path / "y.pdf"))
    assert "2025 年度汇总" in text and re.search(rf"^\s*合计\s+{total}\s", text, re.M)


REFUSED = [
    (["--month", "2026-13"], 1, "月份应写成", "Give the month as YYYY-MM"),
    (["--month", "July"], 1, "月份应写成", "Give the month as YYYY-MM"),
    (["--month", "2099-01"], 1, "还没到", "is in the future"),
    (["--month", JAN, "--out", "{tmp}/missing/m.pdf"], 1, "文件夹不存在", "does not exist"),
    (["--month", JAN, "--out", "{tmp}/folder.pdf"], 1, "是一个文件夹", "is a folder"),
    (["--month", JAN, "--out", "{tmp}/m.txt"], 1, "应是 .pdf 文件", "should be a .pdf file"),
    (["--month", JAN, "--csv", "{tmp}/nowhere"], 1, "文件夹不存在", "does not exist"),
    (["--month", JAN, "--out", "{ro}/m.pdf"], 1, "只读", "read-only"),
    (["--out", "{tmp}/m.pdf"], 2, "", "required: --month"),
    (["--month", JAN, "--parts", "summary,visits"], 2, "组成部分", "The parts are"),
    (["--month", JAN, "--lang", "fr"], 2, "", "invalid choice"),
]


def test_refusals_say_why_and_leave_no_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "folder.pdf").mkdir(parents=True)
    if os.geteuid() == 0:  # root writes anywhere a mode allows: sysfs refuses new files
        read_only = Path("/sys")
    else:
        read_only = tmp_path / "ro"
        read_only.mkdir()
        read_only.chmod(0o555)
    for args, code, zh, en in REFUSED:
        argv = [a.format(tmp=out, ro=read_only) for a in args]
        if "--out" not in argv:
            argv += ["--out", str(out / "m.pdf")]
        done = report(db, tmp_path / "home", "monthly", *argv)
        assert done.returncode == code, (args, done.stderr)
        assert zh in done.stderr and en in done.stderr, (args, done.stderr)
        if code == 1:
            assert done.stderr.startswith("错误: ") and "\nError: " in done.stderr
        assert sorted(p.name for p in out.iterdir()) == ["folder.pdf"], args
    for year, zh in (("20x5", "4 位数字"), ("2099", "4 位数字")):
        done = report(db, tmp_path / "home", "year", "--year", year, "--out", out / "y.pdf")
        assert done.returncode == 1 and zh in done.stderr, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["folder.pdf"]


def test_a_scheduled_run_replaces_last_runs_files_whole(db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(b"last month's run")
    for _ in range(2):
        done = report(db, tmp_path / "home", "monthly", "--month", "2025-09", "--out", pdf)
        assert done.returncode == 0, done.stderr
        assert pdf.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["DEMO01-2025-09.json", "home", "m.pdf"]
