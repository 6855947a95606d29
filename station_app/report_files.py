"""The monthly log (月度台账) and the year summary as files a supervisor signs and sends on.

The figures come from :mod:`station_app.reports` (frozen data, one read); this module
only lays them out, with no database and no Qt:

- **PDF** (reportlab platypus, A4) in the embedded Chinese TrueType font: a cover with
  the supervisor's signature line, then the parts asked for, in the order supervisors
  file them — summary (with a bar chart of visits by day), visit register, stock ledger
  per item with its reconciliation, relief rosters with the captured signatures (or an
  empty box to sign on paper), cleaning record. Every page has the station and month in
  its header and "第 x 页 / 共 y 页" with the generation time in its footer: the pages
  are held until the document ends, so that the footer knows the page count. Tables
  repeat their header row on each page; text wraps by Chinese line-breaking rules.
- **XLSX** (openpyxl): one sheet per table, the header bold and frozen, real dates and
  numbers, columns as wide as their text. **CSV**: one UTF-8-with-BOM file per table.
  Text a spreadsheet would run as a formula is neutralised in every cell, by the same
  rule as the Visits page's export (:func:`station_app.table_export.neutralised`).
- **District file**: a small JSON (``<station code>-<YYYY-MM>.json``) with the month's
  figures, in the schema documented in docs/reports.md (``schema_version`` 1).

Every file is written beside its destination under a temporary name, then renamed into
place when whole: a failure or a cancel never leaves part of a file, and an earlier file
of that name stays as it was. The destinations are checked before anything is made
(:func:`check_targets`): a missing or read-only folder, or a file another program holds
open, is refused naming the file.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from station_app.errors import InvalidInput, StationError
from station_app.fonts import register_cjk_font
from station_app.paper import REPORT_LANGS, REPORT_PARTS
from station_app.reports import (
    KIND_NAMES,
    WRITE_OFF_NAMES,
    Comparison,
    Month,
    MonthlyLog,
    RegisterRow,
    Roster,
    StockBlock,
    YearSummary,
)
from station_app.table_export import ExportCancelled, neutralised

PARTS = REPORT_PARTS
LANGS = REPORT_LANGS
SCHEMA_VERSION = 1

PAGE_W, PAGE_H = A4
MARGIN_X = 15 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
BODY_W = PAGE_W - 2 * MARGIN_X
CELL_PADDING = 2.5
CELL_TOP = 1.5
CELL_BOTTOM = 2.0
LEADING = 1.3  # line height, as a multiple of the type size
PAGED_FROM = 60  # rows: a longer table is laid out a page at a time
SIGNATURE_BOX_H = 10 * mm  # a roster row is at least this tall: room to sign on paper
REGISTER_CHUNK = 200  # rows per table of the visit register (one table is slow to split)

XLSX_DATETIME = "yyyy-mm-dd hh:mm"
XLSX_DATE = "yyyy-mm-dd"
XLSX_MIN_WIDTH = 6
XLSX_MAX_WIDTH = 60
SHEET_TITLE_MAX = 31

GRID = colors.Color(0.55, 0.55, 0.55)
HEAD_FILL = colors.Color(0.9, 0.9, 0.9)
VOID_TEXT = colors.Color(0.55, 0.55, 0.55)
BAR_FILL = colors.Color(0.25, 0.45, 0.7)
WARN_TEXT = colors.Color(0.75, 0.1, 0.1)

_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_IN_SHEET_TITLE = re.compile(r"[\\/*?:\[\]]")
_NOT_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


class ReportFileProblem(StationError):
    """A report file that cannot be saved: its folder is missing or read-only, or the
    file is held open by another program. Nothing was written."""


Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


# --------------------------------------------------------------------------- words

_TEXT: dict[str, tuple[str, str]] = {
    "monthly_log": ("月度台账", "Monthly log"),
    "year_summary": ("{year} 年度汇总", "Annual summary {year}"),
    "station": ("驿站", "Station"),
    "station_code": ("站点编号", "Station code"),
    "kind": ("站点类型", "Kind"),
    "address": ("地址", "Address"),
    "month": ("月份", "Month"),
    "year": ("年份", "Year"),
    "prepared_by": ("制表人", "Prepared by"),
    "generated_at": ("生成时间", "Generated at"),
    "contents": ("内容", "Contents"),
    "sign_supervisor": ("负责人签字：", "Supervisor's signature:"),
    "sign_date": ("日期：", "Date:"),
    "date_blank": ("______年____月____日", "____ / ____ / ______"),
    "footer_page": ("第 {n} 页 / 共 {total} 页", "Page {n} of {total}"),
    "footer_generated": ("生成于 {at}", "Generated {at}"),
    "part_summary": ("汇总", "Summary"),
    "part_register": ("来访登记表", "Visit register"),
    "part_stock": ("物资出入库台账", "Stock ledger"),
    "part_roster": ("发放签收表", "Relief roster"),
    "part_cleaning": ("消毒记录", "Cleaning and disinfection record"),
    "no_visits": ("本月无来访记录", "No visits were recorded this month"),
    "no_handouts": ("本月无发放记录", "No relief was handed out this month"),
    "no_cleaning": ("本月无消毒记录", "No cleaning was recorded this month"),
    "no_items": ("没有物品", "No stock items"),
    "no_data": ("无数据", "no data"),
    "visits": ("来访人次", "Visits"),
    "average_stay": ("平均停留", "Average stay"),
    "minutes_value": ("{n} 分钟", "{n} min"),
    "no_stays": ("无签退记录", "no check-outs"),
    "members_registered": ("新登记会员", "Members registered"),
    "handouts": ("救助发放", "Relief handouts"),
    "handouts_value": ("{n} 份", "{n}"),
    "voided": ("撤销的签到", "Voided check-ins"),
    "voided_value": ("{n} 条（不计入人次）", "{n} (not counted)"),
    "comparison": ("对比", "Compared with"),
    "this_month": ("本月", "This month"),
    "previous_month": ("上月", "Previous month"),
    "last_year": ("去年同月", "Same month last year"),
    "change": ("本月增减", "This month's change"),
    "category": ("类别", "Category"),
    "share": ("占比", "Share"),
    "total": ("合计", "Total"),
    "by_day": ("每日来访人次", "Visits by day"),
    "by_hour": ("各时段来访人次（按签到时间）", "Visits by hour of check-in"),
    "hour": ("时段", "Hour"),
    "hour_label": ("{h}时", "{h}h"),
    "services": ("服务使用", "Services used"),
    "service": ("服务", "Service"),
    "times": ("人次", "Visits"),
    "no_services": ("本月无服务记录", "No services were recorded"),
    "register_count": (
        "共 {n} 条签到记录{voided}。会员只记卡号，不记姓名和手机号。",
        "{n} check-ins{voided}. Members are shown by card code only, never by name or phone.",
    ),
    "register_voided": (
        "，其中 {n} 条已撤销（灰色，不计入人次）",
        ", {n} voided (grey, not counted)",
    ),
    "visit_no": ("编号", "No."),
    "date": ("日期", "Date"),
    "in_out": ("签到–签退", "In–out"),
    "stay_min": ("停留(分)", "Min"),
    "member_code": ("会员卡号", "Member card"),
    "voided_mark": ("撤销", "voided"),
    "time_in_full": ("签到时间", "Checked in"),
    "time_out_full": ("签退时间", "Checked out"),
    "stay_minutes": ("停留分钟", "Stay (minutes)"),
    "is_voided": ("已撤销", "Voided"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "item": ("物品", "Item"),
    "unit": ("单位", "Unit"),
    "opening": ("期初", "Opening"),
    "received": ("入库", "Received"),
    "issued": ("发放", "Issued"),
    "handed_out": ("救助发放", "Relief"),
    "written_off": ("报损", "Written off"),
    "corrected": ("盘点调整", "Stocktake"),
    "closing": ("期末", "Closing"),
    "ledger_closing": ("台账结存", "Ledger"),
    "check": ("核对", "Check"),
    "ok_mark": ("相符", "ok"),
    "reconciled": ("账物相符", "Reconciles"),
    "bad_mark": ("不符", "MISMATCH"),
    "lent": ("借出", "Lent"),
    "returned": ("归还", "Returned"),
    "loans_line": ("借出 {lent} / 归还 {returned}", "lent {lent} / returned {returned}"),
    "write_off_line": ("报损：{parts}", "written off: {parts}"),
    "expiring_line": ("临期/过期批次：{lots}", "lots expiring or expired: {lots}"),
    "expiring_lot": ("{code} {qty}{unit}，{day} 到期", "{code} {qty} {unit}, expires {day}"),
    "expiring": ("临期批次", "Expiring lots"),
    "all_reconcile": (
        "账物相符：全部 {n} 种物品 期初 + 入库 − 出库 = 期末，且与台账结存一致。",
        "Books reconcile: for all {n} items, opening + in − out = closing, and closing "
        "equals the ledger's balance.",
    ),
    "not_reconciled": (
        "账物不符，请核查：{items}",
        "Books do NOT reconcile, check: {items}",
    ),
    "not_reconciled_item": (
        "{item}（按本表计算 {computed}，期末 {closing}，台账结存 {ledger}）",
        "{item} (computed {computed}, closing {closing}, ledger {ledger})",
    ),
    "stock_note": (
        "发放 = 发给来访者；救助发放 = 送清凉/送温暖等活动发放；借出/归还只计次数，不改变库存。",
        "Issued: given to visitors; Relief: handed out in relief campaigns; loans are counted "
        "but do not change the stock.",
    ),
    "roster_count": ("共 {n} 份", "{n} handouts"),
    "seq": ("序号", "No."),
    "handed_at": ("时间", "Time"),
    "recipient": ("领取人", "Recipient"),
    "employer": ("单位", "Employer"),
    "package": ("物资", "Package"),
    "signature": ("签名", "Signature"),
    "signed": ("已签名", "Signed"),
    "unreadable_signature": ("签名图像无法读取", "signature image unreadable"),
    "roster_note": (
        "领取人姓名已遮挡；没有电子签名的行请领取人在签名栏内手签。",
        "Recipients' names are masked; where there is no captured signature the recipient "
        "signs in the box.",
    ),
    "campaign": ("活动", "Campaign"),
    "at": ("时间", "Time"),
    "area": ("区域", "Area"),
    "done": ("所做工作", "What was done"),
    "who": ("执行人", "Done by"),
    "note": ("备注", "Note"),
    "summary_item": ("项目", "Figure"),
    "summary_value": ("数值", "Value"),
    "summary_note": ("说明", "Note"),
    "visits_of": ("来访人次（{name}）", "Visits ({name})"),
    "service_of": ("服务人次（{name}）", "Service used ({name})"),
    "avg_stay_minutes": ("平均停留（分钟）", "Average stay (minutes)"),
    "previous_visits": ("上月来访人次（{month}）", "Visits in the previous month ({month})"),
    "last_year_visits": (
        "去年同月来访人次（{month}）",
        "Visits in the same month last year ({month})",
    ),
    "sheet_by_day": ("每日来访", "Visits by day"),
    "sheet_by_hour": ("分时段来访", "Visits by hour"),
    "sheet_roster": ("签收-{name}", "Roster-{name}"),
    "months_table": ("逐月统计", "Month by month"),
    "month_visits": ("来访人次", "Visits"),
    "month_members": ("新登记会员", "Members registered"),
    "month_handouts": ("救助发放", "Relief handouts"),
    "month_received": ("物资入库", "Stock received"),
    "month_given": ("物资发出", "Stock given out"),
    "by_month": ("每月来访人次", "Visits by month"),
    "by_category": ("各类别来访人次", "Visits by category"),
    "year_given_note": (
        "物资发出 = 发给来访者 + 救助发放（不含报损）。",
        "Stock given out = issued to visitors + relief handouts (write-offs not included).",
    ),
    "generated_by": (
        "本台账由 Station Desk 驿站台账根据系统记录生成。",
        "Made by Station Desk from the station's records.",
    ),
}
_KINDS_EN = {
    KIND_NAMES["rest"]: "Outdoor workers' rest station",
    KIND_NAMES["nursing"]: "Mommy room",
    KIND_NAMES["both"]: "Rest station and mommy room",
}
_REASONS_EN = {WRITE_OFF_NAMES["loss"]: "lost/damaged", WRITE_OFF_NAMES["expired"]: "expired"}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SECTION_NUMBERS = "一二三四五六七八九十"


class _Words:
    def __init__(self, lang: str) -> None:
        self.lang = check_lang(lang)
        self.en = self.lang == "en"

    def __call__(self, key: str, **values: object) -> str:
        zh, en = _TEXT[key]
        return (en if self.en else zh).format(**values)

    def month(self, m: Month) -> str:
        return f"{_MONTHS_EN[m.month - 1]} {m.year}" if self.en else f"{m.year}年{m.month}月"

    def kind(self, label: str) -> str:
        return _KINDS_EN.get(label, label) if self.en else label

    def reason(self, label: str) -> str:
        return _REASONS_EN.get(label, label) if self.en else label

    def section(self, n: int, title: str) -> str:
        return f"{n}. {title}" if self.en else f"{_SECTION_NUMBERS[n - 1]}、{title}"

    def stamp(self, when: datetime) -> str:
        return when.strftime("%Y-%m-%d %H:%M")


def check_lang(lang: object) -> str:
    if lang not in LANGS:
        raise InvalidInput(
            f"语言只能是 zh（中文）或 en（英文），收到“{str(lang)[:20]}”",
            f"The language is zh (Chinese) or en (English), not {str(lang)[:20]!r}",
            field="Language",
        )
    return str(lang)


def check_parts(parts: object) -> tuple[str, ...]:
    """The parts asked for (names or a comma-separated text), in filing order."""
    if isinstance(parts, str):
        names = [p.strip().lower() for p in parts.split(",") if p.strip()]
    elif isinstance(parts, Sequence):
        names = [str(p).strip().lower() for p in parts]
    else:
        names = []
    unknown = [n for n in names if n not in PARTS]
    if unknown or not names:
        got = "、".join(unknown) if unknown else "（空）"
        raise InvalidInput(
            f"台账的组成部分只能是 {', '.join(PARTS)}，收到：{got[:40]}",
            f"The parts are {', '.join(PARTS)}; got: {', '.join(unknown)[:40] or '(none)'}",
            field="Parts",
        )
    return tuple(p for p in PARTS if p in names)


def district_file_name(log: MonthlyLog) -> str:
    """``<station code>-<YYYY-MM>.json``, the name the district collects."""
    return f"{_file_part(log.station_code) or 'station'}-{log.month}.json"


def _file_part(text: str) -> str:
    return _NOT_IN_FILE_NAME.sub("_", text).strip("._")[:60]


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class DataTable:
    """One table of a report as the spreadsheet exports hold it."""

    key: str  # in the CSV file's name: summary, by-day, register, roster-1 …
    title: str  # the sheet's name
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def _pct(n: int, whole: int) -> float | None:
    return round(100 * n / whole, 1) if whole else None


def monthly_tables(
    log: MonthlyLog, parts: Sequence[str] = PARTS, lang: str = "zh"
) -> list[DataTable]:
    """The tables of the monthly log, as the XLSX and CSV exports hold them."""
    w = _Words(lang)
    parts = check_parts(parts)
    out: list[DataTable] = []
    s = log.summary
    if "summary" in parts:
        rows: list[tuple[object, ...]] = [
            (w("month"), str(log.month), ""),
            (w("visits"), s.visits, ""),
        ]
        rows += [(w("visits_of", name=name), n, "") for name, n in s.by_category]
        rows.append(
            (
                w("avg_stay_minutes"),
                round(s.average_stay_minutes, 1) if s.average_stay_minutes is not None else None,
                "" if s.average_stay_minutes is not None else w("no_stays"),
            )
        )
        rows += [(w("service_of", name=name), n, "") for name, n in s.services]
        rows += [
            (w("members_registered"), s.members_registered, ""),
            (w("handouts"), s.handouts, ""),
            (w("voided"), s.voided, ""),
        ]
        for key, c in (("previous_visits", s.previous), ("last_year_visits", s.last_year)):
            rows.append(
                (w(key, month=str(c.month)), c.visits, "" if c.visits is not None else w("no_data"))
            )
        out.append(
            DataTable(
                "summary",
                w("part_summary"),
                (w("summary_item"), w("summary_value"), w("summary_note")),
                tuple(rows),
            )
        )
        out.append(
            DataTable(
                "by-day",
                w("sheet_by_day"),
                (w("date"), w("visits")),
                tuple((day, n) for day, n in s.by_day),
            )
        )
        out.append(
            DataTable(
                "by-hour",
                w("sheet_by_hour"),
                (w("hour"), w("visits")),
                tuple((h, n) for h, n in s.by_hour),
            )
        )
    if "register" in parts:
        out.append(
            DataTable(
                "register",
                w("part_register"),
                (
                    w("visit_no"),
                    w("time_in_full"),
                    w("time_out_full"),
                    w("stay_minutes"),
                    w("category"),
                    w("services"),
                    w("member_code"),
                    w("is_voided"),
                ),
                tuple(
                    (
                        r.visit_id,
                        r.checked_in,
                        r.checked_out,
                        r.minutes,
                        r.category,
                        r.services,
                        r.member_code or "",
                        w("yes") if r.voided else "",
                    )
                    for r in log.register
                ),
            )
        )
    if "stock" in parts:
        loss, expired = WRITE_OFF_NAMES["loss"], WRITE_OFF_NAMES["expired"]
        out.append(
            DataTable(
                "stock",
                w("part_stock"),
                (
                    w("item"),
                    w("unit"),
                    w("opening"),
                    w("received"),
                    w("issued"),
                    w("handed_out"),
                    w("lent"),
                    w("returned"),
                    f"{w('written_off')}（{w.reason(loss)}）"
                    if not w.en
                    else f"{w('written_off')} ({w.reason(loss)})",
                    f"{w('written_off')}（{w.reason(expired)}）"
                    if not w.en
                    else f"{w('written_off')} ({w.reason(expired)})",
                    w("corrected"),
                    w("closing"),
                    w("ledger_closing"),
                    w("reconciled"),
                    w("expiring"),
                ),
                tuple(
                    (
                        b.item,
                        b.unit,
                        b.opening,
                        b.received,
                        b.issued,
                        b.handed_out,
                        b.lent,
                        b.returned,
                        dict(b.written_off).get(loss, 0),
                        dict(b.written_off).get(expired, 0),
                        b.corrected,
                        b.closing,
                        b.ledger_closing,
                        w("yes") if b.reconciles else w("no"),
                        _expiring_text(w, b),
                    )
                    for b in log.stock
                ),
            )
        )
    if "roster" in parts:
        for n, roster in enumerate(log.rosters, start=1):
            out.append(
                DataTable(
                    f"roster-{n}",
                    w("sheet_roster", name=roster.campaign),
                    (
                        w("seq"),
                        w("handed_at"),
                        w("recipient"),
                        w("employer"),
                        w("category"),
                        w("package"),
                        w("signed"),
                        w("campaign"),
                    ),
                    tuple(
                        (
                            r.handout_id,
                            r.handed_at,
                            r.recipient,
                            r.employer,
                            r.category,
                            r.package,
                            w("yes") if r.signature_png else w("no"),
                            roster.campaign,
                        )
                        for r in roster.rows
                    ),
                )
            )
    if "cleaning" in parts:
        out.append(
            DataTable(
                "cleaning",
                w("part_cleaning"),
                (w("at"), w("area"), w("done"), w("who"), w("note")),
                tuple((r.at, r.area, r.done, r.who, r.note) for r in log.cleaning),
            )
        )
    return out


def year_tables(summary: YearSummary, lang: str = "zh") -> list[DataTable]:
    w = _Words(lang)
    months = tuple(
        (str(r.month), r.visits, r.members_registered, r.handouts, r.received, r.given)
        for r in summary.months
    )
    total = (
        w("total"),
        summary.visits,
        sum(r.members_registered for r in summary.months),
        sum(r.handouts for r in summary.months),
        sum(r.received for r in summary.months),
        sum(r.given for r in summary.months),
    )
    return [
        DataTable(
            "months",
            w("months_table"),
            (
                w("month"),
                w("month_visits"),
                w("month_members"),
                w("month_handouts"),
                w("month_received"),
                w("month_given"),
            ),
            (*months, total),
        ),
        DataTable(
            "by-category",
            w("by_category"),
            (w("category"), w("visits"), w("share")),
            tuple((name, n, _pct(n, summary.visits)) for name, n in summary.by_category),
        ),
    ]


def _expiring_text(w: _Words, b: StockBlock) -> str:
    return "；".join(
        w("expiring_lot", code=lot.lot_code, qty=lot.qty, unit=b.unit, day=lot.expires_on)
        for lot in b.expiring
    )


# --------------------------------------------------------------------------- XLSX, CSV


def _text_width(value: str) -> int:
    longest = max(value.split("\n"), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


def _cell_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("2026-07-01 09:00")
    if isinstance(value, date):
        return len("2026-07-01")
    return _text_width(value if isinstance(value, str) else str(value))


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _NOT_IN_SHEET_TITLE.sub(" ", _NOT_IN_XML.sub("", title)).strip().strip("'")
    base = base[:SHEET_TITLE_MAX] or "Sheet"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        tail = f" ({n})"
        name = base[: SHEET_TITLE_MAX - len(tail)] + tail
    taken.add(name.lower())
    return name


def _xlsx_value(value: object) -> object:
    if value is None or value == "":
        return None  # an empty cell, not an empty text
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | date | time):
        if isinstance(value, datetime | time) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # the local wall-clock time it shows
        return value
    text = value if isinstance(value, str) else str(value)
    return _NOT_IN_XML.sub("\ufffd", text)


def xlsx_bytes(tables: Sequence[DataTable]) -> bytes:
    """An XLSX workbook: one sheet per table, header bold and frozen, real dates and
    numbers, columns as wide as their text, formula-like text kept as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title, taken))
        widths = [_text_width(h) for h in table.headers]
        for row in table.rows:
            for i, value in enumerate(row):
                widths[i] = max(widths[i], _cell_width(value))
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(
                max(width + 2, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH
            )
        sheet.freeze_panes = "A2"

        def cell(value: object, sheet: Any = sheet) -> object:
            """A plain value goes in as it is (openpyxl's fast path); a date gets its
            format; text a spreadsheet would run as a formula stays text."""
            v = _xlsx_value(value)
            if isinstance(v, str):
                if not neutralised(v):
                    return v
                c = WriteOnlyCell(sheet, value=v)
                c.data_type = "s"  # never "f": text stays text
                c.quotePrefix = True
                return c
            if isinstance(v, datetime):
                c = WriteOnlyCell(sheet, value=v)
                c.number_format = XLSX_DATETIME
                return c
            if isinstance(v, date):
                c = WriteOnlyCell(sheet, value=v)
                c.number_format = XLSX_DATE
                return c
            return v

        heads = []
        for h in table.headers:
            c = WriteOnlyCell(sheet, value=_xlsx_value(h))
            c.data_type = "s"
            c.font = bold
            heads.append(c)
        sheet.append(heads)
        for row in table.rows:
            sheet.append([cell(v) for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    return "'" + text if neutralised(text) else text


def csv_bytes(table: DataTable) -> bytes:
    """One table as CSV: UTF-8 with a byte-order mark, formula-like text quoted with '."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow([_csv_value(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_value(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def csv_file_name(log_or_code: MonthlyLog | str, label: str, table: DataTable) -> str:
    code = log_or_code.station_code if isinstance(log_or_code, MonthlyLog) else log_or_code
    name = f"{_file_part(code) or 'station'}-{label}-{table.key}"
    if table.key.startswith("roster-"):
        campaign = _file_part(table.title.split("-", 1)[-1])
        if campaign:
            name += f"-{campaign}"
    return name + ".csv"


# --------------------------------------------------------------------------- district file


def district_summary(log: MonthlyLog) -> dict[str, object]:
    """The month's figures the district collects from every station (schema version 1,
    documented in docs/reports.md)."""
    s = log.summary
    return {
        "schema_version": SCHEMA_VERSION,
        "station": {"code": log.station_code, "name": log.station_name},
        "month": str(log.month),
        "generated_at": log.generated_at.isoformat(timespec="seconds"),
        "visits": {
            "total": s.visits,
            "by_category": [{"category": name, "visits": n} for name, n in s.by_category],
        },
        "handouts": {
            "total": s.handouts,
            "by_campaign": [{"campaign": r.campaign, "handouts": len(r.rows)} for r in log.rosters],
        },
        "stock": [
            {
                "item": b.item,
                "unit": b.unit,
                "received": b.received,
                "given": b.issued + b.handed_out,
                "issued": b.issued,
                "handed_out": b.handed_out,
                "closing": b.closing,
                "reconciles": b.reconciles,
            }
            for b in log.stock
        ],
        "members_registered": s.members_registered,
    }


def district_json_bytes(log: MonthlyLog) -> bytes:
    return (json.dumps(district_summary(log), ensure_ascii=False, indent=2) + "\n").encode()


# --------------------------------------------------------------------------- PDF: parts


class _Glyphs:
    """What the embedded font can draw: text is cleaned of the rest, which would print
    as empty boxes (a symbol is left out, a letter shows as "?")."""

    def __init__(self, font: str) -> None:
        self.font = font
        self.cmap: dict[int, int] = pdfmetrics.getFont(font).face.charToGlyph

    def clean(self, text: str) -> str:
        out = []
        for ch in text:
            if ch in "\n\t\r":
                out.append(" ")
            elif not ch.isprintable():
                continue
            elif self.cmap.get(ord(ch)) or ch == " ":
                out.append(ch)
            elif unicodedata.category(ch)[0] in "LN":
                out.append("?")
        return "".join(out)

    def width(self, text: str, size: float) -> float:
        return float(pdfmetrics.stringWidth(text, self.font, size))


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    warn: ParagraphStyle


def _styles(font: str) -> _Styles:
    def style(name: str, size: float, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=size * 1.35, wordWrap="CJK", **kw
        )

    return _Styles(
        body=style("body", 9.5, spaceAfter=4),
        small=style("small", 8, textColor=colors.Color(0.3, 0.3, 0.3), spaceAfter=4),
        cell=style("cell", 8),
        head_cell=style("head_cell", 8),
        h1=style("h1", 15, spaceBefore=2, spaceAfter=8),
        h2=style("h2", 11.5, spaceBefore=8, spaceAfter=4),
        title=style("title", 26, alignment=TA_CENTER, spaceAfter=10),
        subtitle=style("subtitle", 16, alignment=TA_CENTER, spaceAfter=6),
        warn=style("warn", 10, textColor=WARN_TEXT, spaceAfter=6),
    )


class _Pdf:
    """Builds one report: the fonts, styles and the helpers every part uses."""

    def __init__(
        self,
        lang: str,
        header_left: str,
        header_right: str,
        generated_at: datetime,
        title: str,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        self.w = _Words(lang)
        self.font = register_cjk_font()
        self.glyphs = _Glyphs(self.font)
        self.st = _styles(self.font)
        self.header_left = self.glyphs.clean(header_left)
        self.header_right = self.glyphs.clean(header_right)
        self.generated = self.w("footer_generated", at=self.w.stamp(generated_at))
        self.title = title
        self.progress = progress
        self.cancelled = cancelled
        self._fits: dict[tuple[str, float, float], tuple[str, bool]] = {}
        self._total = 0
        self._done = 0
        self._cell_styles: dict[float, ParagraphStyle] = {}

    # text

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(self.glyphs.clean(text)), style or self.st.body)

    def cell(self, text: str, width: float, size: float = 8) -> str | Paragraph:
        """A table cell: plain text when it fits on one line (fast to draw), else a
        paragraph that wraps by Chinese rules. The same texts come again and again (a
        category, a set of services): what each one needs is remembered."""
        key = (text, width, size)
        known = self._fits.get(key)
        if known is None:
            clean = self.glyphs.clean(text)
            known = (clean, self.glyphs.width(clean, size) <= width - 2 * CELL_PADDING)
            self._fits[key] = known
        clean, fits = known
        if fits:
            return clean
        style = self._cell_styles.get(size)
        if style is None:
            style = ParagraphStyle(f"cell{size}", parent=self.st.cell, fontSize=size)
            style.leading = size * 1.3
            self._cell_styles[size] = style
        return Paragraph(escape(clean), style)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        *,
        align_right: Sequence[int] = (),
        extra: Sequence[tuple[Any, ...]] = (),
        size: float = 8,
        plain: Sequence[int] = (),
        grey: Sequence[bool] = (),
    ) -> Flowable:
        """A gridded table whose header row repeats on every page. Columns in ``plain``
        hold short ASCII text (numbers, dates, times) that always fits: it is taken as
        is. Rows marked in ``grey`` are drawn grey. A long table is laid out a page at a
        time (:class:`_PagedTable`); ``extra`` style commands apply to each page's part."""
        head = [self.cell(h, w, size) for h, w in zip(header, widths, strict=True)]
        as_is = set(plain)
        data = [
            [
                v
                if isinstance(v, Flowable) or (i in as_is and isinstance(v, str))
                else self.cell(_shown(v), w, size)
                for i, (v, w) in enumerate(zip(row, widths, strict=True))
            ]
            for row in rows
        ]
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.font, size, size * LEADING),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_TOP),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_BOTTOM),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
        style += [("ALIGN", (c, 1), (c, -1), "RIGHT") for c in align_right]
        style += list(extra)
        greyed = list(grey)

        def make(start: int, stop: int) -> Table:
            t = Table(
                [head, *data[start:stop]], colWidths=list(widths), repeatRows=1, hAlign="LEFT"
            )
            t.setStyle(
                TableStyle(
                    style
                    + [
                        ("TEXTCOLOR", (0, i), (-1, i), VOID_TEXT)
                        for i, g in enumerate(greyed[start:stop], start=1)
                        if g
                    ]
                )
            )
            return t

        if len(data) <= PAGED_FROM:
            return make(0, len(data))
        return _PagedTable(make, len(data), size * LEADING + CELL_TOP + CELL_BOTTOM, self.advance)

    def key_values(self, pairs: Sequence[tuple[str, str]], key_w: float, size: float = 10) -> Table:
        val_w = BODY_W - key_w
        data = [[self.cell(k, key_w, size), self.cell(v, val_w, size)] for k, v in pairs]
        big = ParagraphStyle("kv", parent=self.st.cell, fontSize=size, leading=size * 1.35)
        for row in data:
            if isinstance(row[1], Paragraph):
                row[1] = Paragraph(row[1].text, big)
        t = Table(data, colWidths=[key_w, val_w])
        t.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.font, size, size * 1.35),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
                    ("TEXTCOLOR", (0, 0), (0, -1), colors.Color(0.3, 0.3, 0.3)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return t

    def bar_chart(
        self, labels: Sequence[str], values: Sequence[int], height: float = 46 * mm
    ) -> Drawing:
        drawing = Drawing(BODY_W, height)
        drawing.initialFontName = self.font  # no other font in the file, not even unused
        chart = VerticalBarChart()
        chart.x, chart.y = 28, 18
        chart.width, chart.height = BODY_W - 36, height - 26
        chart.data = [list(values)]
        chart.categoryAxis.categoryNames = list(labels)
        chart.categoryAxis.labels.fontName = self.font
        chart.categoryAxis.labels.fontSize = 6.5 if len(labels) > 16 else 8
        chart.categoryAxis.labels.dy = -2
        chart.valueAxis.labels.fontName = self.font
        chart.valueAxis.labels.fontSize = 7
        top = max([*values, 1])
        step = _nice_step(top)
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = step * -(-top // step)
        chart.valueAxis.valueStep = step
        chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
        chart.valueAxis.visibleGrid = True
        chart.bars[0].fillColor = BAR_FILL
        chart.bars[0].strokeColor = None
        chart.barSpacing = 1
        chart.groupSpacing = 3
        drawing.add(chart)
        return drawing

    def section(self, n: int, key: str) -> Paragraph:
        return self.p(self.w.section(n, self.w(key)), self.st.h1)

    # building

    def build(self, story: list[Flowable]) -> bytes:
        """The PDF. Progress is counted in flowables, a long table's rows each counting
        as one; the count is reported, and a cancel looked for, as each one is placed."""
        self._total = sum(f.count if isinstance(f, _PagedTable) else 1 for f in story)
        self._done = 0
        buf = io.BytesIO()
        _Doc(buf, self).build(story, canvasmaker=_held_pages_canvas(self._footer))
        if self.progress is not None:
            self.progress(self._total, self._total)
        return buf.getvalue()

    def advance(self, n: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled
        self._done += n
        if self.progress is not None:  # the end is reported once the file is whole
            self.progress(min(self._done, self._total - 1), self._total)

    def header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(self.font, 8.5)
        canvas.setFillColor(colors.Color(0.25, 0.25, 0.25))
        y = PAGE_H - MARGIN_TOP + 9 * mm
        canvas.drawString(MARGIN_X, y, self.header_left)
        canvas.drawRightString(PAGE_W - MARGIN_X, y, self.header_right)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y - 2.5 * mm, PAGE_W - MARGIN_X, y - 2.5 * mm)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, n: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(self.font, 8)
        canvas.setFillColor(colors.Color(0.3, 0.3, 0.3))
        y = MARGIN_BOTTOM - 9 * mm
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y + 4 * mm, PAGE_W - MARGIN_X, y + 4 * mm)
        canvas.drawCentredString(PAGE_W / 2, y, self.w("footer_page", n=n, total=total))
        canvas.drawRightString(PAGE_W - MARGIN_X, y, self.generated)
        canvas.restoreState()


class _Doc(BaseDocTemplate):
    """A4 with the header on every page; reports progress and honours a cancel between
    flowables."""

    def __init__(self, buf: io.BytesIO, pdf: _Pdf) -> None:
        super().__init__(
            buf,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=pdf.title,
            author="Station Desk",
            creator="Station Desk",
            invariant=1,
            initialFontName=pdf.font,
        )
        self._pdf = pdf
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPage=pdf.header)])

    def afterFlowable(self, flowable: Flowable) -> None:
        if getattr(flowable, "_rows_counted", False):
            return  # a page of a long table: its rows were counted when it was made
        if isinstance(flowable, _PagedTable):
            self._pdf.advance(flowable.count - flowable.first)
        else:
            self._pdf.advance(1)


class _PagedTable(Flowable):
    """A long table laid out one page at a time.

    reportlab splits a table across pages by building the rest of it anew each time, so a
    register of 12,000 rows would take minutes. This builds, for each page, a table of
    just more rows than the page can hold (``make(start, stop)``, header row first), lets
    reportlab split that, and keeps the rest for the next page: each page starts with the
    header row, and no header row ever appears in the middle of a page.
    """

    def __init__(
        self,
        make: Callable[[int, int], Table],
        count: int,
        min_row: float,
        advance: Callable[[int], None],
    ) -> None:
        super().__init__()
        self.make = make
        self.count = count
        self.min_row = min_row  # no row is lower than this: a page holds fewer rows
        self.advance = advance  # told how many rows each page took
        self.first = 0
        self._whole: Table | None = None

    def _batch(self, height: float) -> int:
        return int(height / self.min_row) + 2  # more rows than fit in ``height``

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self.count - self.first <= self._batch(ah):
            self._whole = self.make(self.first, self.count)
            width, height = self._whole.wrap(aw, ah)
            return width, height
        self._whole = None
        return aw, ah + self.min_row  # too tall for the space: the frame asks for a split

    def split(self, aw: float, ah: float) -> list[Flowable]:
        stop = min(self.count, self.first + self._batch(ah))
        parts = self.make(self.first, stop).split(aw, ah)
        if not parts:
            return []  # not even one row fits here: the next page
        if len(parts) == 1:
            return list(parts)
        shown = len(parts[0]._cellvalues) - 1  # the rows on this page, without the header
        parts[0]._rows_counted = True
        self.advance(shown)
        rest = _PagedTable(self.make, self.count, self.min_row, self.advance)
        rest.first = self.first + shown
        return [parts[0], rest]

    def draw(self) -> None:
        if self._whole is not None:
            self._whole.drawOn(self.canv, 0, 0)


def _held_pages_canvas(footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that keeps every finished page until the document is saved, then draws
    ``footer(canvas, page, pages)`` on each: the footer knows how many pages there are."""

    class HeldPagesCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                footer(self, number, pages)
                Canvas.showPage(self)
            Canvas.save(self)

    return HeldPagesCanvas


def _nice_step(top: int) -> int:
    """A round step giving 4 to 8 gridlines up to ``top``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 8:
            return step
    return 10 ** len(str(top // 8))


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _change(now: int, then: Comparison, w: _Words) -> str:
    if then.visits is None or then.visits == 0:
        return "—"
    delta = now - then.visits
    return (
        f"{delta:+d}（{100 * delta / then.visits:+.1f}%）"
        if not w.en
        else (f"{delta:+d} ({100 * delta / then.visits:+.1f}%)")
    )


# --------------------------------------------------------------------------- PDF: monthly


def monthly_pdf(
    log: MonthlyLog,
    parts: Sequence[str] = PARTS,
    lang: str = "zh",
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The monthly log as an A4 PDF: the cover, then ``parts`` in filing order.

    ``progress(done, total)`` is called now and then from the calling thread;
    ``cancelled()`` returning True stops it (:class:`ExportCancelled`)."""
    parts = check_parts(parts)
    w = _Words(lang)
    month = w.month(log.month)
    pdf = _Pdf(
        lang,
        f"{log.station_name}（{log.station_code}）"
        if not w.en
        else f"{log.station_name} ({log.station_code})",
        f"{w('monthly_log')} · {month}",
        log.generated_at,
        f"{log.station_name} {w('monthly_log')} {month}",
        progress,
        cancelled,
    )
    story: list[Flowable] = _cover(pdf, log, parts)
    makers = {
        "summary": _summary_part,
        "register": _register_part,
        "stock": _stock_part,
        "roster": _roster_part,
        "cleaning": _cleaning_part,
    }
    for n, part in enumerate(parts, start=1):
        story.append(PageBreak())
        story += makers[part](pdf, log, n)
    return pdf.build(story)


def _cover(pdf: _Pdf, log: MonthlyLog, parts: Sequence[str]) -> list[Flowable]:
    w, st = pdf.w, pdf.st
    contents = (
        "、".join(w(f"part_{p}") for p in parts)
        if not w.en
        else ", ".join(w(f"part_{p}") for p in parts)
    )
    pairs = [
        (w("station"), log.station_name),
        (w("station_code"), log.station_code),
        (w("kind"), w.kind(log.station_kind)),
        (w("address"), log.address or "—"),
        (w("month"), w.month(log.month)),
        (w("prepared_by"), log.prepared_by or "_" * 16),
        (w("generated_at"), w.stamp(log.generated_at)),
        (w("contents"), contents),
    ]
    blank = "_" * 28
    signature = Table(
        [
            [pdf.cell(w("sign_supervisor"), 45 * mm, 11), blank],
            ["", ""],
            [pdf.cell(w("sign_date"), 45 * mm, 11), w("date_blank")],
        ],
        colWidths=[45 * mm, 90 * mm],
        rowHeights=[12 * mm, 4 * mm, 12 * mm],
        hAlign="RIGHT",
    )
    signature.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), pdf.font, 11),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("ALIGN", (0, 0), (0, -1), "RIGHT"),
            ]
        )
    )
    return [
        Spacer(1, 22 * mm),
        pdf.p(log.station_name, st.subtitle),
        pdf.p(w("monthly_log"), st.title),
        pdf.p(w.month(log.month), st.subtitle),
        Spacer(1, 14 * mm),
        pdf.key_values(pairs, 32 * mm),
        Spacer(1, 28 * mm),
        signature,
        Spacer(1, 16 * mm),
        pdf.p(w("generated_by"), ParagraphStyle("c", parent=st.small, alignment=TA_RIGHT)),
    ]


def _summary_part(pdf: _Pdf, log: MonthlyLog, n: int) -> list[Flowable]:
    w, st, s = pdf.w, pdf.st, log.summary
    out: list[Flowable] = [pdf.section(n, "part_summary")]
    if s.visits == 0:
        out.append(pdf.p(w("no_visits"), st.warn))
    stay = (
        w("minutes_value", n=f"{s.average_stay_minutes:.1f}")
        if s.average_stay_minutes is not None
        else w("no_stays")
    )
    out.append(
        pdf.key_values(
            [
                (w("visits"), str(s.visits)),
                (w("average_stay"), stay),
                (w("members_registered"), str(s.members_registered)),
                (w("handouts"), w("handouts_value", n=s.handouts)),
                (w("voided"), w("voided_value", n=s.voided)),
            ],
            40 * mm,
        )
    )
    out.append(pdf.p(w("comparison"), st.h2))
    widths = [40 * mm, 40 * mm, 40 * mm, BODY_W - 120 * mm]
    rows: list[list[object]] = [[w("this_month"), w.month(log.month), str(s.visits), ""]]
    for key, c in (("previous_month", s.previous), ("last_year", s.last_year)):
        rows.append(
            [
                w(key),
                w.month(c.month),
                str(c.visits) if c.visits is not None else w("no_data"),
                _change(s.visits, c, w),
            ]
        )
    out.append(
        pdf.table(
            [w("comparison"), w("month"), w("visits"), w("change")],
            rows,
            widths,
            align_right=(2, 3),
        )
    )
    if s.visits:
        cat_rows: list[list[object]] = [
            [name, str(k), f"{_pct(k, s.visits):.1f}%"] for name, k in s.by_category
        ]
        cat_rows.append([w("total"), str(s.visits), "100.0%"])
        categories = pdf.table(
            [w("category"), w("times"), w("share")],
            cat_rows,
            [46 * mm, 22 * mm, 22 * mm],
            align_right=(1, 2),
            extra=[("LINEABOVE", (0, -1), (-1, -1), 0.9, colors.black)],
        )
        services: Flowable = (
            pdf.table(
                [w("service"), w("times")],
                [[name, str(k)] for name, k in s.services],
                [46 * mm, 22 * mm],
                align_right=(1,),
            )
            if s.services
            else pdf.p(w("no_services"))
        )
        out.append(Spacer(1, 3 * mm))
        # Side by side: the summary of a month fits on one page.
        both = Table(
            [
                [pdf.p(w("category"), st.h2), pdf.p(w("services"), st.h2)],
                [categories, services],
            ],
            colWidths=[BODY_W - 74 * mm, 74 * mm],
            hAlign="LEFT",
        )
        both.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), pdf.font, 8),  # no other font in the file
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        out.append(both)
        out.append(
            KeepTogether(
                [
                    pdf.p(w("by_day"), st.h2),
                    pdf.bar_chart([str(d.day) for d, _ in s.by_day], [k for _, k in s.by_day]),
                ]
            )
        )
        hour_w = BODY_W / 13
        hour_rows: list[list[str]] = []
        for first in (0, 12):
            hour_rows.append(
                [w("hour")] + [w("hour_label", h=h) for h, _ in s.by_hour[first : first + 12]]
            )
            hour_rows.append([w("times")] + [str(k) for _, k in s.by_hour[first : first + 12]])
        hours = Table(
            [[pdf.cell(_shown(v), hour_w) for v in row] for row in hour_rows],
            colWidths=[hour_w] * 13,
        )
        hours.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), pdf.font, 8),
                    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                    ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                    ("BACKGROUND", (0, 2), (-1, 2), HEAD_FILL),
                    ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ]
            )
        )
        out.append(KeepTogether([pdf.p(w("by_hour"), st.h2), hours]))
    return out


REGISTER_WIDTHS = (14, 19, 24, 12, 28, 58, 25)  # mm, scaled to the page


def _stay(r: RegisterRow) -> str:
    """``06:03–06:32``, or ``06:03–`` for a visitor who never checked out."""
    return f"{r.time_in}–{r.time_out or ''}"


def _register_part(pdf: _Pdf, log: MonthlyLog, n: int) -> list[Flowable]:
    w, st = pdf.w, pdf.st
    out: list[Flowable] = [pdf.section(n, "part_register")]
    if not log.register:
        out.append(pdf.p(w("no_visits"), st.warn))
        return out
    voided = sum(r.voided for r in log.register)
    out.append(
        pdf.p(
            w(
                "register_count",
                n=len(log.register),
                voided=w("register_voided", n=voided) if voided else "",
            ),
            st.small,
        )
    )
    scale = BODY_W / (sum(REGISTER_WIDTHS) * mm)
    widths = [x * mm * scale for x in REGISTER_WIDTHS]
    mark = w("voided_mark")
    rows = [
        [
            str(r.visit_id),
            r.day.isoformat(),
            _stay(r),
            "" if r.minutes is None else str(r.minutes),
            f"{r.category}（{mark}）"
            if r.voided and not w.en
            else f"{r.category} ({mark})"
            if r.voided
            else r.category,
            r.services,
            r.member_code or "",
        ]
        for r in log.register
    ]
    out.append(
        pdf.table(
            [
                w("visit_no"),
                w("date"),
                w("in_out"),
                w("stay_min"),
                w("category"),
                w("services"),
                w("member_code"),
            ],
            rows,
            widths,
            size=7.5,
            plain=(0, 1, 3),
            grey=[r.voided for r in log.register],
        )
    )
    return out


def _stock_part(pdf: _Pdf, log: MonthlyLog, n: int) -> list[Flowable]:
    w, st = pdf.w, pdf.st
    out: list[Flowable] = [pdf.section(n, "part_stock")]
    if not log.stock:
        out.append(pdf.p(w("no_items")))
        return out
    bad = [b for b in log.stock if not b.reconciles]
    if bad:
        out.append(
            pdf.p(
                w(
                    "not_reconciled",
                    items=("；" if not w.en else "; ").join(
                        w(
                            "not_reconciled_item",
                            item=b.item,
                            computed=b.computed_closing,
                            closing=b.closing,
                            ledger=b.ledger_closing,
                        )
                        for b in bad
                    ),
                ),
                st.warn,
            )
        )
    else:
        out.append(pdf.p(w("all_reconcile", n=len(log.stock)), st.body))
    out.append(pdf.p(w("stock_note"), st.small))
    header = [
        w("opening"),
        w("received"),
        w("issued"),
        w("handed_out"),
        w("written_off"),
        w("corrected"),
        w("closing"),
        w("ledger_closing"),
        w("check"),
    ]
    col = BODY_W / len(header)
    for b in log.stock:
        values = [
            b.opening,
            b.received,
            b.issued,
            b.handed_out,
            b.written_off_total,
            f"{b.corrected:+d}" if b.corrected else "0",
            b.closing,
            b.ledger_closing,
            w("ok_mark") if b.reconciles else w("bad_mark"),
        ]
        notes = [w("loans_line", lent=b.lent, returned=b.returned)] if b.lent or b.returned else []
        if b.written_off:
            notes.append(
                w(
                    "write_off_line",
                    parts="，".join(f"{w.reason(r)} {q}" for r, q in b.written_off),
                )
            )
        if b.expiring:
            notes.append(w("expiring_line", lots=_expiring_text(w, b)))
        data: list[list[object]] = [
            [pdf.cell(h, col) for h in header],
            [pdf.cell(_shown(v), col) for v in values],
        ]
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), pdf.font, 8.5),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        if not b.reconciles:
            style.append(("TEXTCOLOR", (0, 1), (-1, 1), WARN_TEXT))
        if notes:
            data.append(
                [pdf.p(("；" if not w.en else "; ").join(notes), st.cell)]
                + [""] * (len(header) - 1)
            )
            style += [("SPAN", (0, 2), (-1, 2)), ("ALIGN", (0, 2), (-1, 2), "LEFT")]
        t = Table(data, colWidths=[col] * len(header))
        t.setStyle(TableStyle(style))
        out.append(
            KeepTogether(
                [pdf.p(f"{b.item}（{b.unit}）" if not w.en else f"{b.item} ({b.unit})", st.h2), t]
            )
        )
    return out


ROSTER_WIDTHS = (10, 22, 33, 26, 18, 43, 30)  # mm, scaled to the page


def _signature_image(png: bytes, width: float, height: float) -> Image | None:
    """The captured signature drawn small in its cell, or None if it cannot be read."""
    try:
        from PIL import Image as PilImage

        with PilImage.open(io.BytesIO(png)) as im:
            im.load()
            w0, h0 = im.size
    except Exception:  # any unreadable image: the box is left to sign on paper
        return None
    if w0 <= 0 or h0 <= 0:
        return None
    scale = min(width / w0, height / h0)
    return Image(io.BytesIO(png), width=w0 * scale, height=h0 * scale, mask="auto")


def _roster_table(pdf: _Pdf, roster: Roster) -> Table:
    w = pdf.w
    scale = BODY_W / (sum(ROSTER_WIDTHS) * mm)
    widths = [x * mm * scale for x in ROSTER_WIDTHS]
    sig_w, sig_h = widths[-1] - 6, SIGNATURE_BOX_H - 3
    rows: list[list[object]] = []
    for i, r in enumerate(roster.rows, start=1):
        sign: Flowable = Spacer(sig_w, SIGNATURE_BOX_H - CELL_TOP - CELL_BOTTOM)
        if r.signature_png:
            image = _signature_image(r.signature_png, sig_w, sig_h)
            sign = image if image is not None else pdf.p(w("unreadable_signature"), pdf.st.cell)
        rows.append(
            [
                str(i),
                r.handed_at.strftime("%m-%d %H:%M"),
                r.recipient,
                r.employer,
                r.category,
                r.package,
                sign,
            ]
        )
    return pdf.table(
        [
            w("seq"),
            w("handed_at"),
            w("recipient"),
            w("employer"),
            w("category"),
            w("package"),
            w("signature"),
        ],
        rows,
        widths,
        align_right=(0,),
        extra=[("ALIGN", (-1, 1), (-1, -1), "CENTER")],
    )


def _roster_part(pdf: _Pdf, log: MonthlyLog, n: int) -> list[Flowable]:
    w, st = pdf.w, pdf.st
    out: list[Flowable] = [pdf.section(n, "part_roster")]
    if not log.rosters:
        out.append(pdf.p(w("no_handouts"), st.warn))
        return out
    out.append(pdf.p(w("roster_note"), st.small))
    for roster in log.rosters:
        out.append(pdf.p(f"{roster.campaign} · {w('roster_count', n=len(roster.rows))}", st.h2))
        out.append(_roster_table(pdf, roster))
    return out


def _cleaning_part(pdf: _Pdf, log: MonthlyLog, n: int) -> list[Flowable]:
    w, st = pdf.w, pdf.st
    out: list[Flowable] = [pdf.section(n, "part_cleaning")]
    if not log.cleaning:
        out.append(pdf.p(w("no_cleaning"), st.warn))
        return out
    widths = [28 * mm, 30 * mm, 66 * mm, 26 * mm, BODY_W - 150 * mm]
    out.append(
        pdf.table(
            [w("at"), w("area"), w("done"), w("who"), w("note")],
            [
                [r.at.strftime("%Y-%m-%d %H:%M"), r.area, r.done, r.who, r.note]
                for r in log.cleaning
            ],
            widths,
        )
    )
    return out


# --------------------------------------------------------------------------- PDF: year


def year_pdf(summary: YearSummary, lang: str = "zh") -> bytes:
    """The annual summary as an A4 PDF: totals, month by month (table and chart), by
    category, and the supervisor's signature line."""
    w = _Words(lang)
    title = w("year_summary", year=summary.year)
    pdf = _Pdf(
        lang,
        f"{summary.station_name}（{summary.station_code}）"
        if not w.en
        else f"{summary.station_name} ({summary.station_code})",
        title,
        summary.generated_at,
        f"{summary.station_name} {title}",
    )
    st = pdf.st
    months, categories = year_tables(summary, lang)
    story: list[Flowable] = [
        pdf.p(summary.station_name, st.subtitle),
        pdf.p(title, st.title),
        pdf.p(
            f"{w('generated_at')}：{w.stamp(summary.generated_at)}"
            if not w.en
            else f"{w('generated_at')}: {w.stamp(summary.generated_at)}",
            st.small,
        ),
        pdf.p(w("months_table"), st.h2),
        pdf.table(
            months.headers,
            [
                [w.month(r.month), *(str(v) for v in row[1:])]
                for r, row in zip(summary.months, months.rows[:-1], strict=True)
            ]
            + [[str(v) for v in months.rows[-1]]],
            [BODY_W * f for f in (0.2, 0.16, 0.16, 0.16, 0.16, 0.16)],
            align_right=(1, 2, 3, 4, 5),
            extra=[("LINEABOVE", (0, -1), (-1, -1), 0.9, colors.black)],
            size=9,
        ),
        pdf.p(w("year_given_note"), st.small),
        KeepTogether(
            [
                pdf.p(w("by_month"), st.h2),
                pdf.bar_chart(
                    [str(r.month.month) for r in summary.months],
                    [r.visits for r in summary.months],
                ),
            ]
        ),
        pdf.p(w("by_category"), st.h2),
    ]
    if categories.rows:
        story.append(
            pdf.table(
                categories.headers,
                [
                    [name, str(k), "" if share is None else f"{share:.1f}%"]
                    for name, k, share in categories.rows
                ],
                [60 * mm, 30 * mm, 30 * mm],
                align_right=(1, 2),
                size=9,
            )
        )
    else:
        story.append(pdf.p(w("no_visits"), st.warn))
    story.append(Spacer(1, 14 * mm))
    story.append(pdf.p(f"{w('sign_supervisor')} {'_' * 24}    {w('sign_date')} {w('date_blank')}"))
    return pdf.build(story)


# --------------------------------------------------------------------------- writing


def _path_text(path: Path) -> str:
    return "".join(c if c.isprintable() else "?" for c in str(path))


def _missing_folder(path: Path, folder: Path) -> ReportFileProblem:
    return ReportFileProblem(
        f"文件夹不存在：{_path_text(folder)}，无法保存“{_path_text(path)}”",
        f"The folder {_path_text(folder)} does not exist: {_path_text(path)} cannot be saved",
        field="File",
    )


_REASONS_ZH = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "不允许写入",
    errno.EROFS: "只读的磁盘",
    errno.ENOSPC: "磁盘已满",
    errno.EBUSY: "文件正被占用",
}


def _why(exc: OSError) -> tuple[str, str]:
    """The system's reason, in Chinese (for the usual ones) and as the system says it."""
    en = exc.strerror or str(exc) or type(exc).__name__
    if getattr(exc, "winerror", None) == 32:  # Windows: in use by another process
        return "文件正被其他程序使用", en
    return _REASONS_ZH.get(exc.errno or 0, en), en


def _unwritable(path: Path, exc: OSError) -> ReportFileProblem:
    why_zh, why_en = _why(exc)
    return ReportFileProblem(
        f"无法保存“{_path_text(path)}”：{why_zh}。文件夹可能是只读的或没有写入权限，"
        "请换一个文件夹再试",
        f"{_path_text(path)} cannot be saved: {why_en}. The folder may be read-only or not "
        "yours to write: choose another folder",
        field="File",
    )


def _held_open(path: Path, exc: OSError) -> ReportFileProblem:
    why_zh, why_en = _why(exc)
    return ReportFileProblem(
        f"无法覆盖“{_path_text(path)}”：{why_zh}。这个文件可能正在其他程序中打开"
        "（如 Excel、WPS 或 PDF 阅读器）或是只读的，请关闭它后再试",
        f"{_path_text(path)} cannot be replaced: {why_en}. It may be open in another program "
        "(Excel, WPS, a PDF viewer) or read-only: close it and try again",
        field="File",
    )


def check_folder(folder: Path) -> Path:
    """``folder`` exists and is a folder (for the CSV files), or a refusal naming it."""
    folder = Path(folder)
    if not folder.exists():
        raise ReportFileProblem(
            f"文件夹不存在：{_path_text(folder)}",
            f"The folder {_path_text(folder)} does not exist",
            field="Folder",
        )
    if not folder.is_dir():
        raise ReportFileProblem(
            f"“{_path_text(folder)}”不是文件夹",
            f"{_path_text(folder)} is not a folder",
            field="Folder",
        )
    return folder


def _new_temp(path: Path) -> Path:
    """A new, empty file beside ``path``, named so that nobody takes it for the report."""
    for _ in range(8):
        temp = path.with_name(f".{path.stem[:40]}.{secrets.token_hex(4)}{path.suffix}.part")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return temp
    raise FileExistsError(f"no free temporary name beside {path}")


def check_targets(paths: Sequence[Path]) -> None:
    """Refuse, before anything is made, a destination whose folder is missing, is not a
    folder or cannot be written, a destination that is a folder, an existing file that
    cannot be opened for writing (held by another program, or read-only), and two
    outputs to the same file."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        key = path.resolve()
        if key in seen:
            raise ReportFileProblem(
                f"两个输出写到了同一个文件：{_path_text(path)}",
                f"Two outputs were given the same file: {_path_text(path)}",
                field="File",
            )
        seen.add(key)
        folder = path.parent
        if not folder.is_dir():
            raise _missing_folder(path, folder)
        if path.is_dir():
            raise ReportFileProblem(
                f"“{_path_text(path)}”是一个文件夹，请给出文件名",
                f"{_path_text(path)} is a folder: give a file name",
                field="File",
            )
        try:
            _new_temp(path).unlink()
        except OSError as exc:
            raise _unwritable(path, exc) from None
        if path.exists():
            try:
                with path.open("r+b"):
                    pass
            except OSError as exc:
                raise _held_open(path, exc) from None


def write_files(
    outputs: Sequence[tuple[Path, bytes]], cancelled: Cancelled | None = None
) -> list[Path]:
    """Write every ``(path, data)``: each to a temporary file beside it first, then all
    renamed into place. A failure before the renames leaves nothing behind; a rename
    that fails (the file is held open) is named, and the files not yet renamed are
    taken away."""
    temps: list[tuple[Path, Path]] = []
    current = Path()
    try:
        for path, data in outputs:
            current = Path(path)
            temp = _new_temp(current)
            temps.append((temp, current))
            with temp.open("wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        if cancelled is not None and cancelled():
            raise ExportCancelled
    except OSError as exc:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise _unwritable(current, exc) from None
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    written: list[Path] = []
    for i, (temp, path) in enumerate(temps):
        try:
            os.replace(temp, path)
        except BaseException as exc:
            for left, _ in temps[i:]:
                left.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise _held_open(path, exc) from None
            raise
        written.append(path)
    return written


@dataclass(frozen=True)
class MonthlyTargets:
    """Where the monthly log goes. ``json`` None with a PDF: the district file goes
    next to the PDF, named by :func:`district_file_name`."""

    pdf: Path | None = None
    xlsx: Path | None = None
    csv_dir: Path | None = None
    json: Path | None = None

    def files(self) -> list[Path]:
        """The single files named (the CSV folder's files are named from the log)."""
        return [p for p in (self.pdf, self.xlsx, self.json) if p is not None]


def check_monthly_targets(targets: MonthlyTargets) -> None:
    for path, suffix in ((targets.pdf, ".pdf"), (targets.xlsx, ".xlsx"), (targets.json, ".json")):
        if path is not None and Path(path).suffix.lower() != suffix:
            raise InvalidInput(
                f"“{_path_text(Path(path))}”应是 {suffix} 文件",
                f"{_path_text(Path(path))} should be a {suffix} file",
                field="File",
            )
    if targets.csv_dir is not None:
        check_folder(targets.csv_dir)
        try:
            _new_temp(Path(targets.csv_dir) / "report.csv").unlink()
        except OSError as exc:
            raise _unwritable(Path(targets.csv_dir), exc) from None
    check_targets(targets.files())


def save_monthly(
    log: MonthlyLog,
    targets: MonthlyTargets,
    *,
    parts: Sequence[str] = PARTS,
    lang: str = "zh",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    """Make and save the monthly log's files; the paths written, in order.

    The district file goes next to the PDF unless ``targets.json`` names it. Every
    destination is checked before anything is made; nothing is left half-written."""
    parts = check_parts(parts)
    check_lang(lang)
    json_path = targets.json
    if json_path is None and targets.pdf is not None:
        json_path = Path(targets.pdf).parent / district_file_name(log)
    targets = MonthlyTargets(targets.pdf, targets.xlsx, targets.csv_dir, json_path)
    check_monthly_targets(targets)
    outputs: list[tuple[Path, bytes]] = []
    if targets.pdf is not None:
        outputs.append(
            (
                Path(targets.pdf),
                monthly_pdf(log, parts, lang, progress=progress, cancelled=cancelled),
            )
        )
    if cancelled is not None and cancelled():
        raise ExportCancelled
    tables = monthly_tables(log, parts, lang) if targets.xlsx or targets.csv_dir else []
    if targets.xlsx is not None:
        outputs.append((Path(targets.xlsx), xlsx_bytes(tables)))
    if targets.csv_dir is not None:
        folder = Path(targets.csv_dir)
        outputs += [(folder / csv_file_name(log, str(log.month), t), csv_bytes(t)) for t in tables]
    if targets.json is not None:
        outputs.append((Path(targets.json), district_json_bytes(log)))
    return write_files(outputs, cancelled)


def save_year(
    summary: YearSummary,
    *,
    pdf: Path | None = None,
    xlsx: Path | None = None,
    lang: str = "zh",
) -> list[Path]:
    """Make and save the annual summary's PDF and/or XLSX; the paths written."""
    check_lang(lang)
    for path, suffix in ((pdf, ".pdf"), (xlsx, ".xlsx")):
        if path is not None and Path(path).suffix.lower() != suffix:
            raise InvalidInput(
                f"“{_path_text(Path(path))}”应是 {suffix} 文件",
                f"{_path_text(Path(path))} should be a {suffix} file",
                field="File",
            )
    check_targets([p for p in (pdf, xlsx) if p is not None])
    outputs: list[tuple[Path, bytes]] = []
    if pdf is not None:
        outputs.append((Path(pdf), year_pdf(summary, lang)))
    if xlsx is not None:
        outputs.append((Path(xlsx), xlsx_bytes(year_tables(summary, lang))))
    return write_files(outputs)
