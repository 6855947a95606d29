"""Importing paper and Excel ledgers: visit registers, stock in/out ledgers, member lists.

A station that moves off paper types its old registers into a spreadsheet and
imports it here. The columns accepted are listed in ``docs/import.md``.

- CSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16) or XLSX (first sheet).
  Headers may be Chinese or English; a title row above the header is skipped.
- Every row is checked; a rejected row is reported by its line in the file and
  its column, in Chinese and English. A text cell a spreadsheet would run as a
  formula (it starts with ``=``, ``+``, ``-``, ``@``, their full-width forms, a
  tab or a carriage return, and is not a plain number) refuses its row; it is
  never evaluated and never stored.
- A visit row with the same arrival time, category and member as an earlier row
  of the file is refused naming that line, as one already imported is.
- The valid rows are written in ONE transaction with one audit event
  ``import.<kind>``; ``strict`` writes nothing if any row is bad, ``dry_run``
  checks everything (stock balances included) and writes nothing.
- Stock rows go through the ledger primitives in date order, so a balance can
  never go below zero; an issue or loss beyond the stock of the day is rejected,
  and so is one that would leave a later move (a live one too) without stock.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import AuditEvent, Item, Lot, Member, ServiceType, Visit, visit_service
from station_app import audit, ledger
from station_app.auth import require_supervisor
from station_app.context import Actor, AppContext
from station_app.errors import Conflict, InvalidInput, StationError
from station_app.members import member_by_code, new_member_code, unused_member_code
from station_app.stations import current_station, find_category, unknown_service
from station_app.validate import phone as valid_phone
from station_app.validate import quantity, text

KINDS = ("visits", "stock", "members")
MAX_ROWS = 200_000
HEADER_SEARCH_ROWS = 10
Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class RowError:
    """One rejected row: its line in the file, the column at fault, why (zh, en)."""

    line: int
    field: str
    zh: str
    en: str

    def __str__(self) -> str:
        return (
            f"第 {self.line} 行 [{self.field}]: {self.zh} / "
            f"line {self.line} [{self.field}]: {self.en}"
        )


@dataclass(frozen=True)
class ImportReport:
    """``read`` data rows, ``written`` rows stored, ``rejected`` rows with the reason.

    ``valid`` counts the rows that passed every check (equal to ``written``
    unless this was a dry run or a strict import with rejected rows).
    """

    read: int
    written: int
    rejected: tuple[RowError, ...]
    kind: str = ""
    valid: int = 0
    dry_run: bool = False
    strict: bool = False
    ignored_columns: tuple[str, ...] = ()
    member_codes: tuple[str, ...] = ()  # the card codes of the members written, in file order

    @property
    def ok(self) -> bool:
        return not self.rejected


# --------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    required: bool
    aliases: tuple[str, ...] = ()


DATE = Column("date", "日期", "date", True, ("来访日期", "到站日期", "业务日期", "visit date"))
COLUMNS: dict[str, tuple[Column, ...]] = {
    "visits": (
        DATE,
        Column(
            "time",
            "时间",
            "time",
            True,
            ("到达时间", "进站时间", "来访时间", "进入时间", "in time", "time in", "check in"),
        ),
        Column(
            "out_time",
            "离开时间",
            "out_time",
            False,
            ("离站时间", "离开", "出站时间", "time out", "check out"),
        ),
        Column("category", "类别", "category", True, ("访客类别", "人员类别", "身份", "职业")),
        Column("services", "服务", "services", False, ("服务项目", "service", "使用服务")),
        Column(
            "member_code",
            "会员码",
            "member_code",
            False,
            ("会员卡号", "会员号", "卡号", "member", "member code"),
        ),
    ),
    "stock": (
        DATE,
        Column("type", "类型", "type", True, ("业务类型", "出入库", "收发", "move", "kind")),
        Column("item", "物品", "item", True, ("物品名称", "品名", "名称", "物资", "item name")),
        Column("qty", "数量", "qty", True, ("quantity", "数目")),
        Column("lot", "批号", "lot", False, ("批次", "批次号", "lot code", "batch")),
        Column(
            "expiry",
            "有效期",
            "expiry",
            False,
            ("有效期至", "到期日", "到期日期", "失效日期", "expires on", "expiry date"),
        ),
        Column("note", "备注", "note", False, ("说明", "remarks", "remark", "notes")),
    ),
    "members": (
        Column("nickname", "昵称", "nickname", True, ("称呼", "姓名", "name")),
        Column("category", "类别", "category", True, ("访客类别", "人员类别", "身份", "职业")),
        Column("employer", "单位", "employer", False, ("工作单位", "公司", "company")),
        Column("phone", "手机", "phone", False, ("手机号", "手机号码", "电话", "mobile")),
        Column(
            "consent",
            "同意",
            "consent",
            False,
            ("同意登记手机", "同意留手机号", "本人同意", "phone consent"),
        ),
        Column(
            "code",
            "会员码",
            "code",
            False,
            ("会员卡号", "会员号", "卡号", "member code", "member_code"),
        ),
    ),
}

STOCK_TYPES = {
    "入库": "receive",
    "进货": "receive",
    "采购": "receive",
    "receive": "receive",
    "in": "receive",
    "出库": "issue",
    "发放": "issue",
    "领用": "issue",
    "issue": "issue",
    "out": "issue",
    "报损": "loss",
    "损耗": "loss",
    "报废": "loss",
    "loss": "loss",
    "期初": "opening",
    "期初库存": "opening",
    "期初结存": "opening",
    "opening": "opening",
}
# Opening balances are not deliveries: the ledger marks them "import".
STOCK_REASONS = {"receive": "receive", "opening": "import", "issue": "issue", "loss": "loss"}
YES = {"是", "同意", "已同意", "yes", "y", "1", "true", "√", "✓", "✔", "有"}
NO = {"否", "不同意", "no", "n", "0", "false", "×", "✗", "无", ""}
# Services are split on these; spaces split too, but never inside a known name
# ("Drinking water"): see _match_services.
SERVICE_SPLIT = re.compile(r"[、,，;；/]+")
MEMBER_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{2,19}")


def _norm(header: object) -> str:
    s = "" if header is None else str(header)
    s = s.replace("\ufeff", "").replace("\u200b", "")
    s = re.sub(r"[（(【\[].*?[)）】\]]", "", s)  # "数量(瓶)", "会员码（可选）"
    return re.sub(r"[\s_\-*：:]+", "", s.lower())


def _lookup(kind: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for col in COLUMNS[kind]:
        for name in (col.zh, col.en, *col.aliases):
            table[_norm(name)] = col.key
    return table


def _match_header(cell: object, table: dict[str, str]) -> str | None:
    """A header cell's column key: "日期", "date", "日期/Date", "日期 (date)" all match."""
    whole = _norm(cell)
    if whole in table:
        return table[whole]
    raw = "" if cell is None else str(cell)
    for part in re.split(r"[/|\s]+", raw):
        key = table.get(_norm(part))
        if key is not None:
            return key
    return None


def _column_letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --------------------------------------------------------------------------- reading files


@dataclass(frozen=True)
class _Table:
    rows: list[tuple[int, list[Any]]]  # (line in the file, cells)
    digest: str
    excel: bool


def _refuse_file(zh: str, en: str) -> InvalidInput:
    return InvalidInput(zh, en, field="file")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise _refuse_file(
        "文件的文字编码无法识别，请在 Excel 里另存为“CSV UTF-8”或 XLSX",
        "The file's text encoding is not recognised: save it as CSV UTF-8 or XLSX",
    )


def _read_csv(data: bytes) -> list[tuple[int, list[Any]]]:
    content = _decode(data)
    first = content.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, list(cells)))
            start = reader.line_num + 1
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                break
    except csv.Error as exc:
        raise _refuse_file(
            f"CSV 文件第 {reader.line_num} 行无法读取：{exc}",
            f"CSV line {reader.line_num} cannot be read: {exc}",
        ) from exc
    return rows


def _read_xlsx(path: Path) -> list[tuple[int, list[Any]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    try:
        # data_only=False: a formula cell shows its formula ("=..."), which is refused.
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _refuse_file(
            f"Excel 文件打不开：{exc}", f"The Excel file cannot be opened: {exc}"
        ) from exc
    rows: list[tuple[int, list[Any]]] = []
    try:
        sheet = book.active
        if sheet is None:
            return rows
        sheet.reset_dimensions()
        line = 0
        for cells in sheet.iter_rows():
            numbered = [c.row for c in cells if getattr(c, "row", None)]
            line = numbered[0] if numbered else line + 1
            values: list[Any] = []
            for c in cells:
                v = c.value
                if isinstance(v, (ArrayFormula, DataTableFormula)):
                    v = "=" + str(getattr(v, "text", "") or "").lstrip("=")
                values.append(v)
            rows.append((line, values))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                break
    finally:
        book.close()
    return rows


def _read_table(path: Path) -> _Table:
    if not path.is_file():
        raise _refuse_file(f"找不到文件：{path}", f"No such file: {path}")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse_file(
            "不支持旧版 .xls 文件，请在 Excel 里另存为 .xlsx 或 CSV",
            "Old .xls files are not supported: save it as .xlsx or CSV in Excel",
        )
    if suffix in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        return _Table(_read_xlsx(path), digest, excel=True)
    return _Table(_read_csv(data), digest, excel=False)


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


# What makes a spreadsheet read a text cell as a formula: these signs as its first
# character (after spaces), or a tab or carriage return as its very first one.
FORMULA_SIGNS = frozenset("=+-@＝＋－＠")
FORMULA_CONTROLS = {"\t": ("制表符", "a tab"), "\r": ("回车符", "a carriage return")}
# A signed plain number ("-3", "+86", "+8613800138000", "-1,250.5") is a value, not a formula.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:,\d{3})*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")
PLACEHOLDER_DASHES = frozenset("-－")  # "-" or "--" for "nothing" on a paper register


def formula_opening(v: Any) -> str | None:
    """The character that makes a text cell a formula, or None for a cell that is not one.

    Excel's own formula cells arrive as text starting with ``=`` as well (the
    XLSX reader keeps formulas, never their cached results).
    """
    if not isinstance(v, str) or not v:
        return None
    if v[0] in FORMULA_CONTROLS:
        opening = v[0]
    else:
        rest = v.lstrip()
        if not rest or rest[0] not in FORMULA_SIGNS:
            return None
        opening = rest[0]
    body = v.strip()
    if not body or PLAIN_NUMBER.fullmatch(body) or set(body) <= PLACEHOLDER_DASHES:
        return None
    return opening


def _printable(s: str) -> str:
    return "".join(c if c.isprintable() else " " for c in s)


# --------------------------------------------------------------------------- values


class _Bad(Exception):
    """A row refused: the column key at fault and why."""

    def __init__(self, key: str, zh: str, en: str) -> None:
        super().__init__(zh)
        self.key = key
        self.zh = zh
        self.en = en


def _str(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    return str(v).strip()


DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
TIME_PATTERNS = (
    re.compile(r"(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?"),
    re.compile(r"(\d{1,2})[时点](?:(\d{1,2})分?)?"),
)


def _parse_date(v: Any, col: Column, *, excel: bool) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if excel and isinstance(v, (int, float)) and not isinstance(v, bool) and 20000 < v < 80000:
        return date(1899, 12, 30) + timedelta(days=int(v))  # an Excel serial day number
    s = _str(v)
    if not s:
        raise _Bad(col.key, f"{col.zh}不能为空", f"{col.en} must not be empty")
    for pattern in DATE_PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise _Bad(
        col.key,
        f"{col.zh}“{s}”不是有效日期，请写成 2026-07-01、2026/7/1 或 2026年7月1日",
        f"{col.en} {s!r} is not a valid date: write 2026-07-01, 2026/7/1 or 2026年7月1日",
    )


def _parse_time(v: Any, col: Column) -> time:
    if isinstance(v, datetime):
        return v.time().replace(microsecond=0)
    if isinstance(v, time):
        return v.replace(microsecond=0, tzinfo=None)
    if isinstance(v, float) and 0 <= v < 1:  # an Excel time cell shown as a number
        seconds = round(v * 86400)
        return time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
    s = _str(v)
    if not s:
        raise _Bad(col.key, f"{col.zh}不能为空", f"{col.en} must not be empty")
    for pattern in TIME_PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            groups = [*m.groups(), None][:3]
            try:
                return time(int(groups[0] or 0), int(groups[1] or 0), int(groups[2] or 0))
            except ValueError:
                break
    raise _Bad(
        col.key,
        f"{col.zh}“{s}”不是有效时间，请写成 09:30 或 9点30",
        f"{col.en} {s!r} is not a valid time: write 09:30",
    )


def _checked(col: Column, check: Callable[[], Any]) -> Any:
    """Run a shared validator; its refusal becomes this column's."""
    try:
        return check()
    except StationError as exc:
        raise _Bad(col.key, exc.zh, exc.en) from exc


# --------------------------------------------------------------------------- rows


@dataclass
class _Row:
    line: int
    cells: dict[str, Any]
    columns: dict[str, Column]
    excel: bool

    def raw(self, key: str) -> Any:
        return self.cells.get(key)

    def col(self, key: str) -> Column:
        return self.columns[key]

    def text(self, key: str, max_len: int, *, required: bool = False) -> str:
        col = self.columns[key]
        return _checked(
            col,
            lambda: text(_str(self.raw(key)), (col.zh, col.en), max_len=max_len, required=required),
        )

    def day(self, key: str) -> date:
        return _parse_date(self.raw(key), self.columns[key], excel=self.excel)

    def optional_day(self, key: str) -> date | None:
        return None if _blank(self.raw(key)) else self.day(key)


@dataclass(frozen=True)
class _Env:
    station_id: int
    opened: date
    now: datetime
    today: date
    tz: tzinfo
    actor: Actor
    first_visit_id: int  # visits below this id were there before the import
    member_codes: Callable[[], str] = new_member_code

    def check_day(self, day: date, col: Column) -> date:
        if day > self.today:
            raise _Bad(
                col.key,
                f"{col.zh} {day} 晚于今天（{self.today}），不能导入未来的记录",
                f"{col.en} {day} is after today ({self.today}): future records cannot be imported",
            )
        if day < self.opened:
            raise _Bad(
                col.key,
                f"{col.zh} {day} 早于本站启用日期（{self.opened}）",
                f"{col.en} {day} is before the station was set up ({self.opened})",
            )
        return day

    def local(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, tzinfo=self.tz).astimezone(UTC)


@dataclass
class _Work:
    """A row parsed and ready to write, with the key to order it by."""

    line: int
    order: tuple[Any, ...]
    blame: str  # the column named if the database refuses the row for another reason
    write: Callable[[Session], None]


@dataclass
class _State:
    """What an import remembers across rows: codes seen, dates written, names looked up."""

    codes: dict[str, int] = field(default_factory=dict)
    days: list[date] = field(default_factory=list)
    ids: dict[tuple[str, str], int] = field(default_factory=dict)
    members: dict[str, tuple[int, int]] = field(default_factory=dict)
    new_members: dict[int, str] = field(default_factory=dict)  # line → card code written
    # (arrival, category id, member id) of each visit written → its line in the file
    visits: dict[tuple[datetime, int, int | None], int] = field(default_factory=dict)
    # active services by Chinese name, and by English name in lower case
    service_names: tuple[dict[str, int], dict[str, int]] | None = None

    def member(self, col: Column, code: str, find: Callable[[], Member]) -> tuple[int, int]:
        """A member card's (member id, category id); each code is looked up once."""
        if code not in self.members:
            member = _checked(col, find)
            self.members[code] = (member.id, member.category_id)
        return self.members[code]

    def lookup(self, col: Column, name: str, find: Callable[[], Any]) -> int:
        """The id of a category or item by name; each name is looked up once."""
        key = (col.key, name)
        if key not in self.ids:
            self.ids[key] = _checked(col, find).id
        return self.ids[key]

    def service(self, s: Session, name: str) -> int | None:
        """The id of the active service called ``name`` (Chinese, or English in any case)."""
        if self.service_names is None:
            chinese: dict[str, int] = {}
            english: dict[str, int] = {}
            for st in s.scalars(select(ServiceType).where(ServiceType.active)):
                chinese[st.name] = st.id
                if st.name_en:
                    english[" ".join(st.name_en.lower().split())] = st.id
            self.service_names = (chinese, english)
        chinese, english = self.service_names
        return chinese.get(name, english.get(name.lower()))


def _match_services(piece: str, find: Callable[[str], int | None]) -> tuple[list[int], list[str]]:
    """The services named in ``piece``, words separated by spaces, and what is not a service.

    The longest run of words that is a service's name wins, so "Drinking water" is
    one service and "饮水 热饭" two; unknown words next to each other are reported
    together ("Drinking watr").
    """
    words = piece.split()
    found: list[int] = []
    unknown: list[str] = []
    pending: list[str] = []
    i = 0
    while i < len(words):
        match = next(
            (
                (sid, end)
                for end in range(len(words), i, -1)
                if (sid := find(" ".join(words[i:end]))) is not None
            ),
            None,
        )
        if match is None:
            pending.append(words[i])
            i += 1
            continue
        if pending:
            unknown.append(" ".join(pending))
            pending = []
        found.append(match[0])
        i = match[1]
    if pending:
        unknown.append(" ".join(pending))
    return found, unknown


# --------------------------------------------------------------------------- visits


def _visit(row: _Row, env: _Env, state: _State) -> _Work:
    day = env.check_day(row.day("date"), row.col("date"))
    at_in = env.local(day, _parse_time(row.raw("time"), row.col("time")))
    if at_in > env.now:
        raise _Bad("time", "到达时间晚于现在", "The arrival time is in the future")
    at_out = at_in  # no time out: recorded as left on arrival, never "inside now"
    if "out_time" in row.columns and not _blank(row.raw("out_time")):
        at_out = env.local(day, _parse_time(row.raw("out_time"), row.col("out_time")))
        if at_out < at_in:
            raise _Bad("out_time", "离开时间早于到达时间", "The time out is before the time in")
        if at_out > env.now:
            raise _Bad("out_time", "离开时间晚于现在", "The time out is in the future")
    category = row.text("category", 30)
    code = row.text("member_code", 20).upper() if "member_code" in row.columns else ""
    pieces = SERVICE_SPLIT.split(_str(row.raw("services"))) if "services" in row.columns else []
    pieces = [" ".join(p.split()) for p in pieces if p.strip()]
    if not category and not code:
        raise _Bad("category", "类别不能为空", "category must not be empty")

    def write(s: Session) -> None:
        member_id: int | None = None
        if code:
            member_id, member_category = state.member(
                row.col("member_code"), code, partial(member_by_code, s, code)
            )
        if category:
            category_id = state.lookup(
                row.col("category"), category, partial(find_category, s, category)
            )
        else:
            assert member_id is not None
            category_id = member_category
        service_ids: list[int] = []
        for piece in pieces:
            found, unknown = _match_services(piece, partial(state.service, s))
            if unknown:
                refusal = unknown_service(unknown[0])
                raise _Bad("services", refusal.zh, refusal.en)
            for sid in found:
                if sid not in service_ids:
                    service_ids.append(sid)
        key = (at_in, category_id, member_id)
        if key in state.visits:
            first = state.visits[key]
            raise _Bad(
                "time",
                f"这条来访记录与第 {first} 行重复（同一时间、同一类别），没有写入",
                f"This visit repeats line {first} (same time and category) and was not written",
            )
        same_member = (
            Visit.member_id.is_(None) if member_id is None else Visit.member_id == member_id
        )
        earlier = s.scalar(
            select(Visit.id)
            .where(
                Visit.station_id == env.station_id,
                Visit.checked_in_at == at_in,
                Visit.source == "import",
                Visit.category_id == category_id,
                same_member,
                Visit.id < env.first_visit_id,
            )
            .limit(1)
        )
        if earlier is not None:
            raise _Bad(
                "time",
                "这条来访记录已经导入过（同一时间、同一类别）",
                "This visit was imported before (same time and category)",
            )
        visit = Visit(
            station_id=env.station_id,
            category_id=category_id,
            member_id=member_id,
            checked_in_at=at_in,
            checked_out_at=at_out,
            source="import",
            attendant_id=env.actor.user_id,
        )
        s.add(visit)
        s.flush()
        if service_ids:
            s.execute(
                insert(visit_service),
                [{"visit_id": visit.id, "service_type_id": i} for i in service_ids],
            )
        state.visits[key] = row.line
        state.days.append(day)

    return _Work(row.line, (row.line,), "time", write)


# --------------------------------------------------------------------------- stock


def _stock(row: _Row, env: _Env, state: _State) -> _Work:
    day = env.check_day(row.day("date"), row.col("date"))
    kind_text = _str(row.raw("type"))
    kind = STOCK_TYPES.get(kind_text.lower())
    if kind is None:
        raise _Bad(
            "type",
            f"类型“{kind_text}”不认识，应为 入库、出库、报损 或 期初",
            f"type {kind_text!r} is not known: use receive, issue, loss or opening",
        )
    item_name = row.text("item", 40, required=True)
    qty_col = row.col("qty")
    qty = _checked(qty_col, lambda: quantity(row.raw("qty"), (qty_col.zh, qty_col.en)))
    lot_code = row.text("lot", 40) if "lot" in row.columns else ""
    expiry = row.optional_day("expiry") if "expiry" in row.columns else None
    note = row.text("note", 200) if "note" in row.columns else ""
    if kind in ("receive", "opening") and expiry is not None and expiry < day:
        raise _Bad(
            "expiry",
            f"有效期 {expiry} 早于日期 {day}：已过期的物品不能入库",
            f"expiry {expiry} is before the date {day}: expired goods cannot be taken in",
        )
    reason = STOCK_REASONS[kind]
    # Moves are dated at local noon (or now, for today's rows before noon).
    at = min(env.local(day, time(12)), env.now)

    def write(s: Session) -> None:
        item_id = state.lookup(row.col("item"), item_name, partial(ledger.find_item, s, item_name))
        item = s.get(Item, item_id)
        assert item is not None
        ledger.lock_item(s, item.id)
        if kind in ("receive", "opening"):
            _receive(s, env, item, qty, lot_code, expiry, day, at, reason, note)
        else:
            _take(s, row, env, item, qty, lot_code, day, at, reason, note)
        state.days.append(day)

    return _Work(row.line, (day, row.line), "qty", write)


def _receive(
    s: Session,
    env: _Env,
    item: Item,
    qty: int,
    lot_code: str,
    expiry: date | None,
    day: date,
    at: datetime,
    reason: str,
    note: str,
) -> None:
    code = lot_code or f"IMP-{day:%Y%m%d}" + (f"-{expiry:%Y%m%d}" if expiry else "")
    try:
        ledger.receive_stock(
            s,
            station_id=env.station_id,
            item=item,
            qty=qty,
            lot_code=code,
            expires_on=expiry,
            reason=reason,
            at=at,
            actor=env.actor,
            note=note,
        )
    except InvalidInput as exc:  # the expiry date is missing, or not the lot's
        raise _Bad("expiry", exc.zh, exc.en) from exc


def _take(
    s: Session,
    row: _Row,
    env: _Env,
    item: Item,
    qty: int,
    lot_code: str,
    day: date,
    at: datetime,
    reason: str,
    note: str,
) -> None:
    if lot_code:
        lot = s.scalar(select(Lot).where(Lot.item_id == item.id, Lot.lot_code == lot_code))
        if lot is None:
            raise _Bad(
                "lot", f"{item.name}没有批号“{lot_code}”", f"{item.name} has no lot {lot_code!r}"
            )
        if reason == "issue" and lot.expires_on is not None and lot.expires_on < day:
            raise _Bad(
                "lot",
                f"批号 {lot_code} 在 {lot.expires_on} 已过期，不能出库",
                f"Lot {lot_code} expired on {lot.expires_on} and cannot be issued",
            )
        _checked(
            row.col("qty"),
            lambda: ledger.take_from_lot(
                s,
                station_id=env.station_id,
                item=item,
                lot=lot,
                qty=qty,
                reason=reason,
                at=at,
                today=day,
                actor=env.actor,
                note=note,
                backdated=True,
                tz=env.tz,
            ),
        )
        return
    if reason == "issue":
        _checked(
            row.col("qty"),
            lambda: ledger.take_stock(
                s,
                station_id=env.station_id,
                item=item,
                qty=qty,
                reason=reason,
                at=at,
                today=day,
                actor=env.actor,
                note=note,
                backdated=True,
                tz=env.tz,
            ),
        )
        return
    # A loss may write off expired stock too: first-expiring lot first, expired or not.
    plan = _checked(
        row.col("qty"),
        lambda: ledger.allocate_fefo(
            s, env.station_id, item, qty, day, as_of=at, tz=env.tz, expired_too=True
        ),
    )
    for lot_id, take in plan:
        ledger.post_move(
            s,
            station_id=env.station_id,
            item_id=item.id,
            lot_id=lot_id,
            qty=-take,
            reason=reason,
            at=at,
            actor=env.actor,
            note=note,
        )


# --------------------------------------------------------------------------- members


def _consent(row: _Row) -> bool:
    if "consent" not in row.columns:
        return False
    v = row.raw("consent")
    if isinstance(v, bool):
        return v
    s = _str(v).lower()
    if s in YES:
        return True
    if s in NO:
        return False
    raise _Bad(
        "consent", f"同意一栏应填 是 或 否（收到“{s}”）", f"consent must be yes or no (got {s!r})"
    )


def _member(row: _Row, env: _Env, state: _State) -> _Work:
    nickname = row.text("nickname", 30)
    category = row.text("category", 30, required=True)
    employer = row.text("employer", 60) if "employer" in row.columns else ""
    number: str | None = None
    if "phone" in row.columns and not _blank(row.raw("phone")):
        col = row.col("phone")
        number = _checked(col, lambda: valid_phone(_str(row.raw("phone")), (col.zh, col.en)))
    consent = _consent(row)
    if number and not consent:
        raise _Bad(
            "consent",
            "登记手机号需要本人同意：同意一栏请填“是”，或不填手机号",
            "A phone number needs the person's consent: put yes in consent, or leave "
            "the phone empty",
        )
    code = "".join(_str(row.raw("code")).split()).upper() if "code" in row.columns else ""
    if code:
        if not MEMBER_CODE.fullmatch(code):
            raise _Bad(
                "code",
                f"会员码“{code}”只能由 3 到 20 位字母、数字或 - 组成",
                f"member code {code!r} must be 3 to 20 letters, digits or '-'",
            )
        if code in state.codes:
            first = state.codes[code]
            raise _Bad(
                "code",
                f"会员码 {code} 与第 {first} 行重复",
                f"member code {code} repeats line {first}",
            )
        state.codes[code] = row.line

    def write(s: Session) -> None:
        category_id = state.lookup(
            row.col("category"), category, partial(find_category, s, category)
        )
        if code and s.scalar(select(Member.id).where(Member.code == code)) is not None:
            raise _Bad("code", f"会员码 {code} 已有人使用", f"member code {code} is already in use")
        member = Member(
            code=code or unused_member_code(s, env.member_codes, state.codes),
            nickname=nickname or None,
            category_id=category_id,
            employer=employer or None,
            phone=number,
            phone_consent=number is not None,
            active=True,
            created_at=env.now,
        )
        s.add(member)
        s.flush()
        state.new_members[row.line] = member.code

    return _Work(row.line, (row.line,), "nickname", write)


# --------------------------------------------------------------------------- the import


def _header(table: _Table, kind: str) -> tuple[int, dict[int, Column], tuple[str, ...]]:
    """Find the header row (the first of the first rows naming every required column)."""
    lookup = _lookup(kind)
    by_key = {c.key: c for c in COLUMNS[kind]}
    required = [c for c in COLUMNS[kind] if c.required]
    best: tuple[int, dict[int, Column], list[str]] | None = None
    seen = 0
    for index, (_, cells) in enumerate(table.rows):
        if all(_blank(c) for c in cells):
            continue
        seen += 1
        if seen > HEADER_SEARCH_ROWS:
            break
        mapping: dict[int, Column] = {}
        ignored: list[str] = []
        for i, cell in enumerate(cells):
            key = None if _blank(cell) else _match_header(cell, lookup)
            if key is None:
                if not _blank(cell):
                    ignored.append(_str(cell))
                continue
            if any(c.key == key for c in mapping.values()):
                col = by_key[key]
                raise _refuse_file(
                    f"第 {table.rows[index][0]} 行的表头里“{col.zh}”一列出现了两次",
                    f"The header on line {table.rows[index][0]} has the {col.en} column twice",
                )
            mapping[i] = by_key[key]
        if best is None or len(mapping) > len(best[1]):
            best = (index, mapping, ignored)
        if all(any(c.key == r.key for c in mapping.values()) for r in required):
            return index, mapping, tuple(ignored)
    if best is None:
        raise _refuse_file("文件是空的", "The file is empty")
    present = {c.key for c in best[1].values()}
    missing = [c for c in required if c.key not in present]
    line = table.rows[best[0]][0]
    raise _refuse_file(
        f"缺少必需的列：{'、'.join(c.zh for c in missing)}（表头在第 {line} 行；"
        f"需要的列：{'、'.join(c.zh for c in required)}）",
        f"Missing required column(s): {', '.join(c.en for c in missing)} (header on line "
        f"{line}; required: {', '.join(c.en for c in required)})",
    )


def _already_imported(s: Session, kind: str, digest: str) -> AuditEvent | None:
    for event in s.scalars(
        select(AuditEvent).where(AuditEvent.action == f"import.{kind}").order_by(AuditEvent.id)
    ):
        if (event.detail or {}).get("sha256") == digest:
            return event
    return None


@dataclass(frozen=True)
class _Sheet:
    """A file read, its header found: the data rows and what each column means."""

    kind: str
    path: Path
    digest: str
    excel: bool
    header: list[Any]
    mapping: dict[int, Column]  # cell index → column
    labels: dict[str, str]  # column key → its header as written in the file
    data: list[tuple[int, list[Any]]]
    ignored: tuple[str, ...]

    def label_at(self, index: int) -> str:
        if index in self.mapping:
            return self.labels[self.mapping[index].key]
        name = _str(self.header[index]) if index < len(self.header) else ""
        return name or f"{_column_letter(index)} 列"

    def row(self, line: int, cells: list[Any]) -> _Row:
        values = {c.key: cells[i] for i, c in self.mapping.items() if i < len(cells)}
        return _Row(line, values, {c.key: c for c in self.mapping.values()}, self.excel)

    def formula(self, line: int, cells: list[Any]) -> RowError | None:
        """The first cell of the row a spreadsheet would run as a formula, as a refusal."""
        for index, v in enumerate(cells):
            opening = formula_opening(v)
            if opening is None or self._phone_number(index, v):
                continue
            letter, shown = _column_letter(index), _printable(_str(v))[:40]
            zh_sign, en_sign = FORMULA_CONTROLS.get(opening, (f"“{opening}”", f"{opening!r}"))
            return RowError(
                line,
                self.label_at(index),
                f"{letter} 列是公式（以{zh_sign}开头：{shown}），公式不导入：请在 Excel 里"
                "改成数值，或去掉开头的符号",
                f"column {letter} holds a formula (it starts with {en_sign}: {shown}), and "
                "formulas are not imported: replace it with its value, or remove the sign",
            )
        return None

    def _phone_number(self, index: int, v: Any) -> bool:
        """A member's phone column holding a number the phone check accepts ("+86 138 …").

        It is stored as its 11 digits only, so no sign of it reaches the database.
        """
        col = self.mapping.get(index)
        if self.kind != "members" or col is None or col.key != "phone":
            return False
        try:
            valid_phone(v)
        except StationError:
            return False
        return True


def _open_sheet(kind: str, path: Path) -> _Sheet:
    table = _read_table(path)
    header_index, mapping, ignored = _header(table, kind)
    header = table.rows[header_index][1]
    labels = {c.key: c.zh for c in COLUMNS[kind]}  # a column the file lacks: its own name
    labels.update({c.key: _str(header[i]) for i, c in mapping.items()})
    data = [
        (line, cells)
        for line, cells in table.rows[header_index + 1 :]
        if not all(_blank(c) for c in cells)
    ]
    if not data:
        raise _refuse_file("文件里只有表头，没有数据行", "The file has a header but no data rows")
    if len(data) > MAX_ROWS:
        raise _refuse_file(
            f"文件太大：一次最多导入 {MAX_ROWS} 行",
            f"The file is too large: at most {MAX_ROWS} rows at a time",
        )
    return _Sheet(kind, path, table.digest, table.excel, header, mapping, labels, data, ignored)


PARSERS: dict[str, Callable[[_Row, _Env, _State], _Work]] = {
    "visits": _visit,
    "stock": _stock,
    "members": _member,
}


def _parse_all(sheet: _Sheet, env: _Env, state: _State) -> tuple[list[_Work], list[RowError]]:
    """Check each row on its own (values, formulas, dates); what is left needs the database."""
    work: list[_Work] = []
    rejected: list[RowError] = []
    parse = PARSERS[sheet.kind]
    for line, cells in sheet.data:
        formula = sheet.formula(line, cells)
        if formula is not None:
            rejected.append(formula)
            continue
        try:
            work.append(parse(sheet.row(line, cells), env, state))
        except _Bad as bad:
            rejected.append(RowError(line, sheet.labels[bad.key], bad.zh, bad.en))
    return work, rejected


def _write_all(
    s: Session, sheet: _Sheet, work: list[_Work], progress: Progress | None
) -> tuple[int, list[RowError]]:
    """Write each row in its own savepoint, in order: a refused row leaves no trace."""
    written = 0
    rejected: list[RowError] = []
    for n, job in enumerate(sorted(work, key=lambda w: w.order), start=1):
        try:
            with s.begin_nested():
                job.write(s)
            written += 1
        except _Bad as bad:
            rejected.append(RowError(job.line, sheet.labels[bad.key], bad.zh, bad.en))
        except StationError as exc:
            rejected.append(RowError(job.line, sheet.labels[job.blame], exc.zh, exc.en))
        except IntegrityError as exc:
            rejected.append(
                RowError(
                    job.line,
                    sheet.labels[job.blame],
                    "与已记录的数据冲突，没有写入",
                    f"conflicts with what is recorded and was not written ({exc.orig})",
                )
            )
        if progress is not None:
            progress(n, len(work))
    return written, rejected


def import_file(
    ctx: AppContext,
    actor: Actor,
    kind: str,
    path: Path,
    *,
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    member_codes: Callable[[], str] | None = None,
) -> ImportReport:
    """Check every row of ``path`` and write the valid ones in one transaction.

    Raises :class:`InvalidInput` for a file that cannot be used at all (unreadable,
    empty, a required column missing) and :class:`Conflict` for a file imported
    before; a bad row does not raise but is listed in the report. ``progress``
    is called with (rows done, rows to write) while writing. ``member_codes``
    draws the card codes of imported members without one (default: random, as
    at the desk; pass ``services.members.code_source`` to match the services).
    """
    if kind not in KINDS:
        raise InvalidInput(
            f"导入类型只能是 visits（来访）、stock（出入库）或 members（会员），收到“{kind}”",
            f"Import kind must be visits, stock or members (got {kind!r})",
            field="kind",
        )
    require_supervisor(actor, "导入数据", "import data")
    sheet = _open_sheet(kind, Path(path))
    with ctx.uow() as uow:
        s = uow.session
        station = current_station(s)
        earlier = _already_imported(s, kind, sheet.digest)
        if earlier is not None:
            when = ctx.local(earlier.at).strftime("%Y-%m-%d %H:%M")
            raise Conflict(
                f"这个文件已经在 {when} 导入过，再导入会重复记账",
                f"This file was already imported on {when}: importing it again would count "
                "everything twice",
                field="file",
            )
        now = ctx.now()
        env = _Env(
            station_id=station.id,
            opened=ctx.local(station.created_at).date(),
            now=now,
            today=ctx.today(),
            tz=ctx.tz,
            actor=actor,
            first_visit_id=(s.scalar(select(func.max(Visit.id))) or 0) + 1,
            member_codes=member_codes or new_member_code,
        )
        state = _State()
        work, rejected = _parse_all(sheet, env, state)
        valid, refused = _write_all(s, sheet, work, progress)
        rejected = sorted(rejected + refused, key=lambda e: e.line)
        written = 0
        if valid and not dry_run and not (strict and rejected):
            written = valid
            days = sorted(state.days)
            audit.record(
                s,
                actor,
                f"import.{kind}",
                kind,
                None,
                now,
                {
                    "file": sheet.path.name,
                    "sha256": sheet.digest,
                    "read": len(sheet.data),
                    "written": written,
                    "rejected": len(rejected),
                    "first_date": days[0].isoformat() if days else None,
                    "last_date": days[-1].isoformat() if days else None,
                },
            )
            uow.commit()
        # otherwise leaving the block without a commit rolls every row back
    return ImportReport(
        read=len(sheet.data),
        written=written,
        rejected=tuple(rejected),
        kind=kind,
        valid=valid,
        dry_run=dry_run,
        strict=strict,
        ignored_columns=sheet.ignored,
        member_codes=tuple(state.new_members[k] for k in sorted(state.new_members))
        if written
        else (),
    )
