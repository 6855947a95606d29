"""The command line: ``station-app COMMAND`` / ``python main.py COMMAND``.

Exit codes: 0 done, 1 refused or failed (the reason in Chinese and English on
stderr), 2 wrong usage. The command line acts as :data:`CLI_ACTOR`, a
supervisor named "命令行 (command line)" in the audit log.

Commands that repair or inspect the database file itself (``backup``,
``restore``, ``db check``) work without opening the station, so they still work
on a database that is damaged or was written by a newer version. Every other
command opens the station first (integrity check, migrations, services).
Before any of them, a ``--db`` that names a folder, or a database that is not
there, is refused: only ``init``, ``demo`` and ``restore`` make a new one.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from getpass import getpass
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine

from db.migrate import UpgradeResult
from station_app import cli_kiosk, cli_reports
from station_app.auth import PinHasher, check_pin
from station_app.backup import (
    backup_database,
    check_database,
    make_display,
    require_database_file,
    restore_database,
)
from station_app.cli_kiosk import PdfPrinter
from station_app.clock import day_bounds, local_zone
from station_app.config import Config, load_config
from station_app.context import CLI_ACTOR
from station_app.errors import InvalidInput, StationError
from station_app.ledger import hold_notice
from station_app.problems import problem_of
from station_app.services import Services

PROG = "station-app"


@dataclass(frozen=True)
class Runtime:
    """An opened station: checked, migrated, with its services (built by main.py)."""

    config: Config
    engine: Engine
    hasher: PinHasher
    services: Services
    upgrade: UpgradeResult

    def close(self) -> None:
        self.engine.dispose()  # the last connection to close folds the WAL into the file


Opener = Callable[[Config], Runtime]
GuiStarter = Callable[[Config, list[str]], int]


class UsageError(Exception):
    """Wrong use of the command line: exit code 2."""


# --------------------------------------------------------------------------- parser


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"日期应写成 YYYY-MM-DD / date must be YYYY-MM-DD (got {value!r})"
        ) from exc


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"应为整数 / must be a whole number: {value!r}") from exc
    if n < 1:
        raise argparse.ArgumentTypeError(f"应大于 0 / must be at least 1: {value!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Station Desk 驿站台账：来访、库存、救助发放。不带命令时打开窗口。\n"
            "Station Desk: visits, stock and relief handouts. Without a command the window opens."
        ),
        epilog=(
            "退出码 / exit codes: 0 完成 done, 1 被拒绝或失败 refused or failed, 2 用法错误 usage"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db",
        metavar="URL_OR_PATH",
        help="数据库：SQLAlchemy URL 或 SQLite 文件路径（也可用环境变量 STATION_DB_URL） / "
        "database URL or SQLite file path (or STATION_DB_URL)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "init",
        help="首次设置：站点、第一位负责人、默认目录 / first start: station, supervisor, catalog",
        description="首次设置驿站 / set up the station on first start. PIN: --pin, "
        "环境变量 STATION_PIN, 或提示输入 / or a prompt",
    )
    p.add_argument("--name", required=True, help="站点名称 / station name")
    p.add_argument(
        "--kind",
        required=True,
        choices=("rest", "nursing", "both"),
        help="rest 驿站 / nursing 妈咪小屋 / both 两者",
    )
    p.add_argument("--supervisor", required=True, help="负责人姓名 / supervisor's name")
    p.add_argument("--pin", help="负责人 PIN，4–12 位数字 / supervisor PIN, 4-12 digits")
    p.add_argument("--address", default="", help="地址 / address")
    p.add_argument("--hotline", default="", help="服务电话 / hotline")
    p.add_argument("--hours", default="", help="开放时间 / opening hours, e.g. 07:00-21:00")
    p.add_argument("--seats", default="0", help="座位数 / seats")
    p.add_argument("--code", help="站点编号 / station code (default: random)")
    p.add_argument(
        "--opened",
        type=_date_arg,
        help="启用日期 YYYY-MM-DD（默认今天；导入的旧台账可追溯到这一天） / the date the "
        "station opened (default today; imported ledgers may go back to it)",
    )

    p = sub.add_parser(
        "demo",
        help="生成演示数据 / fill a demo station",
        description="生成可重复的演示数据：同样的 seed 和结束日期得到同样的数据。空数据库上"
        "会建一个演示站点和演示账号（结束时列出姓名和 PIN）；已有记录的驿站会被拒绝，除非加 "
        "--into-existing / a reproducible demo station: the same seed and end date give the "
        "same data. On an empty database it sets up a demo station and demo accounts (their "
        "names and PINs are listed at the end); a station with records of its own is refused "
        "unless --into-existing is given",
    )
    p.add_argument(
        "--days",
        type=_positive_int,
        required=True,
        help="天数，最多 3660 / number of days, at most 3660",
    )
    p.add_argument("--seed", type=int, required=True, help="随机种子 / random seed")
    p.add_argument(
        "--end",
        type=_date_arg,
        help="最后一天 YYYY-MM-DD（默认昨天，即最后一个完整的日子，所以今天任何时候运行结果都"
        "一样；写今天则只写到此刻，两次运行会不同） / last day (default: yesterday, the last "
        "complete day, so a run gives the same data at any time today; today stops at the "
        "present moment, and then two runs differ)",
    )
    p.add_argument(
        "--into-existing",
        action="store_true",
        help="允许写进已有记录的驿站（演示记录会和真实记录混在一起） / allow a station that "
        "has records of its own (the demo's made-up records are mixed in with them)",
    )

    p = sub.add_parser(
        "import",
        help="从 CSV/XLSX 导入 / import from CSV or XLSX",
        description="导入纸质或 Excel 台账：每行都检查，有效行在一个事务里写入。列名见 "
        "docs/import.md / import paper or Excel ledgers; every row is checked and the valid "
        "rows are written in one transaction. Columns: docs/import.md",
    )
    p.add_argument(
        "kind",
        choices=("visits", "stock", "members"),
        help="visits 来访 / stock 出入库 / members 会员",
    )
    p.add_argument("file", type=Path, help="CSV（UTF-8 或 GBK）或 XLSX 文件 / CSV or XLSX file")
    p.add_argument(
        "--strict",
        action="store_true",
        help="有任何一行不合格就什么都不写 / write nothing if any row is bad",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="只检查，不写入 / check only, write nothing"
    )

    p = sub.add_parser(
        "backup",
        help="备份 SQLite 数据库 / back up the SQLite database",
        description="在线、一致的备份，并做完整性检查 / an online, consistent, verified copy",
    )
    p.add_argument(
        "--to",
        type=Path,
        metavar="DIR",
        help="备份目录（默认数据目录下的 backups） / folder (default: backups in the data folder)",
    )

    p = sub.add_parser(
        "restore",
        help="从备份恢复 / restore from a backup",
        description="检查备份文件，先给当前数据库做安全副本，再恢复 / checks FILE, keeps a "
        "safety copy of the current database, then restores FILE (upgrading it if older)",
    )
    p.add_argument("file", type=Path, help="备份文件 / backup file")
    p.add_argument("--yes", action="store_true", help="不再询问确认 / do not ask to confirm")

    p = sub.add_parser(
        "db",
        help="数据库维护 / database maintenance",
        description="数据库维护 / database maintenance",
    )
    db_sub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser(
        "upgrade",
        help="升级数据库结构（先备份） / upgrade the schema now (backup first)",
        description="升级数据库结构；需要升级时先做备份 / run the migrations; a backup is "
        "taken first when an upgrade is needed",
    )
    db_sub.add_parser(
        "check",
        help="完整性、外键、结构版本和库存记录检查 / integrity, foreign keys, schema revision, "
        "stored stock balances",
        description="完整性、外键和结构版本检查，并核对每个批次的库存记录与台账 / integrity, "
        "foreign-key and revision check, and every lot's stored balance against the ledger",
    )
    db_sub.add_parser(
        "repair-balances",
        help="按台账重算库存记录（负责人） / recompute stored stock balances from the ledger",
        description="台账（出入库流水）是准的：按它重算每个批次的库存记录，解除暂停的物品，"
        "并记入操作日志 / the ledger is the truth: recompute every lot's stored balance from "
        "it, lift the holds on items, and record the repair in the audit log",
    )

    p = sub.add_parser(
        "members",
        help="会员名单：卡号、昵称、类别、单位、手机（遮挡） / list members: code, nickname, "
        "category, employer, masked phone",
        description="列出会员：卡号、昵称、类别、工作单位、手机号（只显示前 3 位和后 4 位）、"
        "状态；默认只列在用的 / list the members: code, nickname, category, employer, phone "
        "(masked), status; active ones only unless --all",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="也列出已停用和已清除个人信息的 / also deactivated and purged members",
    )
    p.add_argument(
        "--search",
        metavar="TEXT",
        help="按卡号、昵称、单位或手机号数字查找 / find by code, nickname, employer or "
        "phone digits",
    )

    cli_kiosk.add_parsers(sub)
    cli_reports.add_parsers(sub)

    sub.add_parser(
        "status",
        help="站点、今日来访、在站人数、低库存 / station, today's visits, inside, low stock",
        description="站点、今日来访、在站人数、低库存 / station, today's visits, people inside, "
        "low stock",
    )
    return parser


# --------------------------------------------------------------------------- output


def _out(text: str) -> None:
    print(text, file=sys.stdout)


def _err(text: str) -> None:
    stream: TextIO | None = sys.stderr
    if stream is not None:  # a windowed app on Windows has no stderr
        print(text, file=stream)


def error_text(exc: StationError) -> str:
    return f"错误: {exc.zh}\nError: {exc.en}"


def _size(n: int) -> str:
    return f"{n:,} bytes ({n / 1024 / 1024:.1f} MiB)"


# --------------------------------------------------------------------------- commands


def _pin(args: argparse.Namespace) -> str:
    pin = args.pin or os.environ.get("STATION_PIN")
    if pin:
        return str(pin)
    if not sys.stdin.isatty():
        raise UsageError(
            "需要负责人 PIN：用 --pin 或环境变量 STATION_PIN / "
            "a supervisor PIN is needed: --pin or STATION_PIN"
        )
    try:
        first = getpass("负责人 PIN / supervisor PIN: ")
        again = getpass("再输一次 / again: ")
    except EOFError:  # Ctrl-D (Ctrl-Z on Windows) at the prompt: no PIN given
        _err("")  # the prompt's line was left open
        raise UsageError(
            "没有输入负责人 PIN，没有做任何改动（也可用 --pin 或 STATION_PIN） / "
            "no supervisor PIN was entered, nothing was changed (or use --pin or STATION_PIN)"
        ) from None
    if first != again:
        raise InvalidInput("两次输入的 PIN 不一样", "The two PINs differ", field="PIN")
    return first


def _init(rt: Runtime, args: argparse.Namespace, pin: str) -> int:
    ctx = rt.services.ctx
    opened: datetime | None = None
    if args.opened is not None:
        if args.opened > ctx.today():
            raise InvalidInput(
                "启用日期不能晚于今天", "The opening date cannot be in the future", field="opened"
            )
        if args.opened < ctx.today():
            opened = day_bounds(args.opened, ctx.tz)[0]
    info = rt.services.stations.initialize(
        name=args.name,
        kind=args.kind,
        supervisor_name=args.supervisor,
        supervisor_pin=pin,
        address=args.address,
        hotline=args.hotline,
        hours=args.hours,
        seats=args.seats,
        code=args.code,
        created_at=opened,
    )
    _out(f"已设置驿站 / station set up: {info.name} ({info.code}, {info.kind})")
    _out(f"负责人 / supervisor: {args.supervisor}")
    return 0


def progress_bar(unit: str, *, only_on_terminal: bool = False) -> Callable[[int, int], None]:
    """A text progress bar on stderr: ``[#########.....] 12/60 天 days``."""
    stream = sys.stderr
    shown = stream is not None and (not only_on_terminal or stream.isatty())

    on_terminal = shown and stream.isatty()
    last_tenth = -1

    def show(done: int, total: int) -> None:
        nonlocal last_tenth
        if not shown:
            return
        if not on_terminal:  # a log file: one line per tenth, not a line of carriage returns
            tenth = 10 * done // max(total, 1)
            if tenth != last_tenth:
                last_tenth = tenth
                stream.write(f"{done}/{total} {unit}\n")
                stream.flush()
            return
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done >= total else ""
        stream.write(f"\r[{bar}] {done}/{total} {unit}{end}")
        stream.flush()

    return show


def _demo(rt: Runtime, args: argparse.Namespace) -> int:
    from station_app.demo import run_demo  # the demo is big and only needed here

    bar = progress_bar("天 days")
    unfinished = False

    def progress(done: int, total: int) -> None:
        nonlocal unfinished
        unfinished = done < total
        bar(done, total)

    try:
        summary = run_demo(
            rt.engine,
            rt.hasher,
            days=args.days,
            seed=args.seed,
            tz=rt.services.ctx.tz,
            end=args.end,
            progress=progress,
            into_existing=args.into_existing,
        )
    finally:
        if unfinished and sys.stderr is not None and sys.stderr.isatty():
            _err("")  # a refusal half-way starts on its own line, not after the bar
    _out(f"演示站点 / demo station: {summary.station}")
    _out(
        f"日期 / dates: {summary.first_day.isoformat()} – {summary.last_day.isoformat()} "
        f"({summary.days} 天 days)"
    )
    _out(f"来访 / visits: {summary.visits}")
    _out(f"发放 / handouts: {summary.handouts}")
    _out(f"入库 / receipts: {summary.receipts}")
    _out(f"出库 / issues: {summary.issues}")
    _out(f"过期报损 / lots written off as expired: {summary.written_off}")
    if summary.accounts:
        _out("演示账号（姓名 PIN） / demo accounts (name, PIN):")
        roles = {"supervisor": "负责人 supervisor", "attendant": "值班员 attendant"}
        for account in summary.accounts:
            _out(f"  {roles.get(account.role, account.role)}: {account.name} {account.pin}")
    return 0


def _import(rt: Runtime, args: argparse.Namespace) -> int:
    from station_app.importer import import_file

    report = import_file(
        rt.services.ctx,
        CLI_ACTOR,
        args.kind,
        args.file,
        strict=args.strict,
        dry_run=args.dry_run,
        progress=progress_bar("行 rows", only_on_terminal=True),
        member_codes=rt.services.members.code_source,
    )
    bad = len(report.rejected)
    _out(
        f"读取 {report.read} 行，写入 {report.written} 行，拒绝 {bad} 行 / "
        f"read {report.read} rows, written {report.written}, rejected {bad}"
    )
    if report.dry_run:
        _out(
            f"试运行：{report.valid} 行可以写入，没有写入任何数据 / "
            f"dry run: {report.valid} rows would be written; nothing was written"
        )
    elif report.strict and bad:
        _out("严格模式：有行不合格，没有写入任何数据 / strict: rows were rejected, nothing written")
    if report.ignored_columns:
        cols = ", ".join(report.ignored_columns)
        _out(f"未使用的列 / columns not used: {cols}")
    if report.member_codes:
        _new_members(rt, report.member_codes)
    for row in report.rejected:
        _out(str(row))
    return 1 if bad else 0


def _new_members(rt: Runtime, codes: Sequence[str]) -> None:
    """The card codes an import made, to write on the cards: never a full phone number."""
    wanted = set(codes)
    found = {
        m.code: m
        for m in rt.services.members.list_members(include_inactive=True)
        if m.code in wanted
    }
    _out(f"新会员卡号（{len(codes)} 位） / new member codes ({len(codes)}):")
    _table(
        ("卡号 code", "昵称 nickname", "手机 phone"),
        [
            (code, found[code].nickname or "-", found[code].phone_masked or "-")
            for code in codes
            if code in found
        ],
    )


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Rows in aligned columns, indented under a header line."""
    lines = [tuple(header), *(tuple(r) for r in rows)]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        cells = [c + " " * (w - _width(c)) for c, w in zip(line, widths, strict=True)]
        _out("  " + "  ".join(cells).rstrip())


MEMBER_STATUS = {
    "active": "在用 active",
    "deactivated": "已停用 deactivated",
    "purged": "个人信息已清除 purged",
}


def _members(rt: Runtime, args: argparse.Namespace) -> int:
    members = rt.services.members.list_members(include_inactive=args.all, search=args.search)
    if not members:
        _out(
            "没有符合条件的会员 / no members found"
            if args.search
            else "还没有会员 / no members yet"
        )
    else:
        _table(
            (
                "卡号 code",
                "昵称 nickname",
                "类别 category",
                "单位 employer",
                "手机 phone",
                "状态 status",
            ),
            [
                (
                    m.code,
                    m.nickname or "-",
                    m.category,
                    m.employer or "-",
                    m.phone_masked or "-",
                    MEMBER_STATUS[
                        "purged" if m.purged else "active" if m.active else "deactivated"
                    ],
                )
                for m in members
            ],
        )
        _out(f"共 {len(members)} 位会员 / {len(members)} members")
    if not args.all:
        _out("（不含已停用的；全部请加 --all） / (deactivated members not shown: add --all)")
    return 0


def _backup(config: Config, args: argparse.Namespace) -> int:
    target = args.to or config.backup_dir
    info = backup_database(config.db_url, target, datetime.now(local_zone(config.tz_name)))
    _out(f"备份已写入 / backup written: {info.path}")
    _out(f"大小 / size: {_size(info.size_bytes)}")
    _out(f"结构版本 / schema revision: {info.revision}")
    _out("完整性检查通过 / integrity ok")
    return 0


def _confirm_restore(args: argparse.Namespace, config: Config) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError(
            "恢复会覆盖当前数据库；确认请加 --yes / restore overwrites the current database: "
            "add --yes to confirm"
        )
    _out(f"将用 {args.file} 覆盖当前数据库 {make_display(config.db_url)}")
    _out(f"This overwrites the current database with {args.file}.")
    try:
        answer = input("确认请输入 yes / type yes to confirm: ")
    except EOFError:  # Ctrl-D: no answer is not a yes
        _out("")
        return False
    return answer.strip().lower() in ("yes", "y", "是")


def _restore(config: Config, args: argparse.Namespace) -> int:
    if not _confirm_restore(args, config):
        _out("已取消，没有改动 / cancelled, nothing changed")
        return 1
    info = restore_database(
        config.db_url, args.file, config.backup_dir, datetime.now(local_zone(config.tz_name))
    )
    _out(f"已恢复 / restored: {info.source} → {info.target}")
    if info.safety_backup is not None:
        _out(f"恢复前的数据库副本 / safety copy of the previous database: {info.safety_backup}")
    if info.upgraded:
        _out(
            f"结构已升级 / schema upgraded: {info.source_revision} → {info.revision}"
            + (f" (backup: {info.upgrade_backup})" if info.upgrade_backup else "")
        )
    else:
        _out(f"结构版本 / schema revision: {info.revision}")
    _out("完整性检查通过 / integrity ok")
    return 0


def _warn_about_pin_key(rt: Runtime) -> None:
    """Say so when this PC's PIN key is not the station's: nobody could sign in."""
    problem = rt.services.users.pin_key_problem()
    if problem is not None:
        _out(f"注意 / warning: {problem.zh}")
        _out(f"  {problem.en}")


def _warn_about_balances(rt: Runtime) -> None:
    """The start-up check: stored balances that disagree with the ledger stop stock
    actions on their items until repaired; say which, and how."""
    if not rt.services.stations.is_initialized():
        return
    wrong = rt.services.inventory.check_balances()
    if wrong:
        zh, en = hold_notice(wrong)
        _err(f"注意: {zh}\nWarning: {en}")


def _db_repair_balances(rt: Runtime) -> int:
    fixed = rt.services.inventory.repair_balances(CLI_ACTOR)
    for m in fixed:
        zh, en = m.describe()
        _out(f"已按台账重算 / recomputed from the ledger: {zh} / {en}")
    if not fixed:
        _out("库存记录与台账一致，无需重算 / every stored balance agrees with the ledger")
    else:
        _out(
            f"已重算 {len(fixed)} 个批次，记入操作日志 / {len(fixed)} lot(s) recomputed, "
            "recorded in the audit log"
        )
    return 0


def _db_upgrade(rt: Runtime) -> int:
    up = rt.upgrade
    if up.changed:
        _out(
            f"数据库结构已升级 / schema upgraded: {up.from_revision or '(空 / empty)'} → "
            f"{up.to_revision}"
        )
    else:
        _out(f"数据库结构已是最新 / schema already up to date: {up.to_revision}")
    if up.backup is not None:
        _out(f"升级前的备份 / backup taken before the upgrade: {up.backup}")
    else:
        _out("没有做备份（不需要） / no backup taken (none needed)")
    return 0


def _db_check(config: Config) -> int:
    report = check_database(config.db_url)
    _out(f"数据库 / database: {report.target}")
    _out(
        f"结构版本 / schema revision: {report.revision or '-'} (本程序 / this program: "
        f"{report.head})"
    )
    if report.ok:
        _out(
            "完整性、外键检查通过，库存记录与台账一致 / integrity ok, foreign keys ok, "
            "stored stock balances agree with the ledger"
        )
        return 0
    for problem in report.problems:
        _out(f"问题 / problem: {problem}")
    return 1


def _status(rt: Runtime) -> int:
    s = rt.services
    station = s.stations.profile()
    today = s.ctx.today()
    visits = sum(n for _, n in s.visits.counts_by_category(today, today))
    inside = len(s.visits.inside_now())
    low = s.inventory.low_stock()
    _out(f"驿站 / station: {station.name} ({station.code})")
    _out(f"今天 / today: {today.isoformat()}")
    _out(f"今日来访 / visits today: {visits}")
    _out(f"在站人数 / inside now: {inside}")
    _out(f"低库存物品 / items low on stock: {len(low)}")
    for lv in low:
        _out(f"  {lv.item}: {lv.usable} {lv.unit} (≤ {lv.low_stock_threshold})")
    _warn_about_pin_key(rt)
    return 0


# --------------------------------------------------------------------------- entry


# The actions that may make a new database file: they set a station up. Any other
# on a database that is not there is a typo in --db, refused before anything is made.
CREATING_COMMANDS = frozenset({"init", "demo", "restore"})


def _dispatch(
    args: argparse.Namespace, config: Config, opener: Opener, printer: PdfPrinter | None
) -> int:
    require_database_file(config.db_url, may_create=args.command in CREATING_COMMANDS)
    if args.command == "backup":
        return _backup(config, args)
    if args.command == "restore":
        code = _restore(config, args)
        if code == 0:
            rt = opener(config)
            try:
                _warn_about_pin_key(rt)
            finally:
                rt.close()
        return code
    if args.command == "db" and args.db_command == "check":
        return _db_check(config)
    # Asked and checked before anything is created (the database, the pepper file).
    pin = check_pin(_pin(args)) if args.command == "init" else ""
    rt = opener(config)
    try:
        if args.command == "db" and args.db_command == "repair-balances":
            return _db_repair_balances(rt)
        if args.command != "init":
            _warn_about_balances(rt)
        if args.command == "init":
            return _init(rt, args, pin)
        if args.command == "demo":
            return _demo(rt, args)
        if args.command == "import":
            return _import(rt, args)
        if args.command == "db":
            return _db_upgrade(rt)
        if args.command == "status":
            return _status(rt)
        if args.command == "members":
            return _members(rt, args)
        if args.command in cli_kiosk.COMMANDS:
            return cli_kiosk.dispatch(rt.services, args, printer)
        if args.command in cli_reports.COMMANDS:
            return cli_reports.dispatch(rt.services, args)
        raise UsageError(f"unknown command {args.command!r}")
    finally:
        rt.close()


def _silence_stdout() -> None:
    """Point stdout at the null device so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def run(
    argv: Sequence[str], opener: Opener, gui: GuiStarter, printer: PdfPrinter | None = None
) -> int:
    """Parse ``argv`` and run the command (or the GUI when there is none); the exit code.
    ``printer`` sends a PDF to a named printer (``slip --printer``), if this PC can."""
    for stream in (sys.stdout, sys.stderr):
        # A console in another code page must not turn a Chinese message into a crash.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(list(argv))
        if args.command is not None and extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:  # argparse: --help (0) or wrong usage (2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        config = load_config(args.db)
        if args.command is None:
            return gui(config, [sys.argv[0] if sys.argv else PROG, *extra])
        code = _dispatch(args, config, opener, printer)
        if sys.stdout is not None:  # a closed pipe shows here, not at the interpreter's exit
            sys.stdout.flush()
        return code
    except UsageError as exc:
        _err(f"{PROG}: {exc}")
        return 2
    except KeyboardInterrupt:
        _err("已中断 / interrupted")
        return 1
    except BrokenPipeError:
        # The reader went away (``station-app status | head``): nothing left to tell anyone.
        _silence_stdout()
        return 1
    except Exception as exc:
        problem = problem_of(exc)
        if problem is None:
            raise
        _err(error_text(problem))
        return 1
