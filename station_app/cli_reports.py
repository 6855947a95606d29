"""The monthly log and the year summary on the command line: ``report monthly`` and
``report year``, for a supervisor at the keyboard or a scheduled task.

Every destination is checked before anything is read or made (its folder exists and
can be written, the file is not held open by another program); the files are then
written whole or not at all. The district summary file (``<station code>-<YYYY-MM>.json``)
goes next to the PDF unless ``--json`` names another place. See docs/reports.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from station_app.errors import InvalidInput
from station_app.paper import REPORT_LANGS as LANGS
from station_app.paper import REPORT_PARTS as PARTS
from station_app.reports import parse_month
from station_app.services import Services

COMMANDS = frozenset({"report"})
PART_WORDS = (
    "summary 汇总, register 来访登记表, stock 物资出入库台账, roster 发放签收表, cleaning 消毒记录"
)


def _out(text: str) -> None:
    print(text, file=sys.stdout)


def _err(text: str) -> None:
    if sys.stderr is not None:
        print(text, file=sys.stderr)


def _parts_arg(value: str) -> tuple[str, ...]:
    from station_app.report_files import check_parts

    try:
        return check_parts(value)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(f"{exc.zh} / {exc.en}") from None


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "report",
        help="月度台账和年度汇总（PDF、XLSX、CSV、上报文件） / the monthly log and the annual "
        "summary (PDF, XLSX, CSV, district file)",
        description="生成负责人签字存档的月度台账，以及向区总工会上报的汇总文件 / make the "
        "monthly log a supervisor signs and files, and the summary the district collects",
    )
    rsub = p.add_subparsers(dest="report_command", metavar="KIND", required=True)
    q = rsub.add_parser(
        "monthly",
        help="月度台账 / the monthly log",
        description="一个月的台账：封面、汇总、来访登记表、物资出入库台账、发放签收表、消毒记录"
        "（PDF），可同时导出 XLSX、CSV；PDF 旁边写入上报文件 <站点编号>-<YYYY-MM>.json / one "
        "month's log: cover, summary, visit register, stock ledger, relief rosters, cleaning "
        "record (PDF), with XLSX and CSV exports; the district file <code>-<YYYY-MM>.json is "
        "written next to the PDF",
    )
    q.add_argument("--month", required=True, metavar="YYYY-MM", help="月份 / the month")
    q.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help="PDF 文件 / PDF")
    q.add_argument("--xlsx", type=Path, metavar="FILE.xlsx", help="同时导出 Excel / also XLSX")
    q.add_argument(
        "--csv",
        type=Path,
        metavar="DIR",
        help="同时导出 CSV 到这个（已有的）文件夹，每张表一个文件 / also one CSV file per table "
        "into this (existing) folder",
    )
    q.add_argument(
        "--json",
        type=Path,
        metavar="FILE.json",
        help="上报文件写到这里（默认：PDF 旁边的 <站点编号>-<YYYY-MM>.json） / the district file "
        "(default: <code>-<YYYY-MM>.json next to the PDF)",
    )
    q.add_argument(
        "--parts",
        type=_parts_arg,
        default=PARTS,
        metavar="PART,...",
        help=f"只包括这些部分（默认全部）：{PART_WORDS} / only these parts (default: all)",
    )
    q.add_argument(
        "--lang",
        choices=LANGS,
        help="zh 中文 / en English（默认按 STATION_LANG） / (default: from STATION_LANG)",
    )
    q.add_argument(
        "--prepared-by",
        default="",
        metavar="NAME",
        help="封面上的制表人（留空则手填） / the cover's 'prepared by' (empty: by hand)",
    )
    q = rsub.add_parser(
        "year",
        help="年度汇总 / the annual summary",
        description="一年的汇总：合计和逐月统计（到本月为止），各类别来访人次 / a year's "
        "totals and month-by-month table (up to the current month), visits by category",
    )
    q.add_argument("--year", required=True, metavar="YYYY", help="年份 / the year")
    q.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help="PDF 文件 / PDF")
    q.add_argument("--xlsx", type=Path, metavar="FILE.xlsx", help="同时导出 Excel / also XLSX")
    q.add_argument(
        "--lang",
        choices=LANGS,
        help="zh 中文 / en English（默认按 STATION_LANG） / (default: from STATION_LANG)",
    )


def _lang(args: argparse.Namespace) -> str:
    if args.lang:
        return str(args.lang)
    return "en" if os.environ.get("STATION_LANG", "").lower().startswith("en") else "zh"


def dispatch(services: Services, args: argparse.Namespace) -> int:
    if args.report_command == "year":
        return _year(services, args)
    return _monthly(services, args)


def _saved(paths: list[Path]) -> None:
    for path in paths:
        _out(f"已保存 / saved: {path} ({path.stat().st_size:,} bytes)")


def _monthly(services: Services, args: argparse.Namespace) -> int:
    from station_app.report_files import MonthlyTargets, check_monthly_targets, save_monthly

    month = parse_month(args.month, services.ctx.today())
    lang = _lang(args)
    targets = MonthlyTargets(pdf=args.out, xlsx=args.xlsx, csv_dir=args.csv, json=args.json)
    check_monthly_targets(targets)  # before anything is read or made
    log = services.reports.monthly(month, args.prepared_by)
    s = log.summary
    _out(
        f"月度台账 / monthly log: {log.station_name} ({log.station_code}) {log.month}: "
        f"{s.visits} 人次 visits, {s.handouts} 份发放 handouts"
    )
    if not log.register:
        _out("本月无来访记录 / no visits were recorded this month")
    if log.unreconciled:
        names = "、".join(log.unreconciled)
        _err(f"注意：账物不符，请核查 {names}\nWarning: the books do not reconcile for {names}")
    else:
        _out(f"账物相符 / the stock ledger reconciles ({len(log.stock)} 种物品 items)")
    _saved(save_monthly(log, targets, parts=args.parts, lang=lang))
    return 0


def _year(services: Services, args: argparse.Namespace) -> int:
    from station_app.report_files import check_targets, save_year

    lang = _lang(args)
    for path, suffix in ((args.out, ".pdf"), (args.xlsx, ".xlsx")):
        if path is not None and path.suffix.lower() != suffix:
            raise InvalidInput(
                f"“{path}”应是 {suffix} 文件",
                f"{path} should be a {suffix} file",
                field="--out" if suffix == ".pdf" else "--xlsx",
            )
    check_targets([p for p in (args.out, args.xlsx) if p is not None])
    summary = services.reports.year(args.year)
    _out(
        f"年度汇总 / annual summary: {summary.station_name} ({summary.station_code}) "
        f"{summary.year}: {summary.visits} 人次 visits"
    )
    _saved(save_year(summary, pdf=args.out, xlsx=args.xlsx, lang=lang))
    return 0
