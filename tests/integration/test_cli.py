"""The command line as a subprocess: exit codes, messages, and what the database then holds."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import types
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import main
from db.engine import create_station_engine
from station_app.config import load_config, sqlite_url
from station_app.context import CLI_ACTOR
from station_app.services import build_services
from tests.conftest import TZ, fast_hasher

REPO = Path(__file__).resolve().parents[2]
PIN = "2580"


@dataclass
class Cli:
    """Runs ``python main.py --db DB ...`` with its own data folder and pepper."""

    db: Path
    home: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STATION_")}
        env.update(
            STATION_DATA_DIR=str(self.home),
            STATION_PEPPER_FILE=str(self.home / "pepper.key"),
            STATION_TZ="Asia/Shanghai",
            QT_QPA_PLATFORM="offscreen",
            PYTHONIOENCODING="utf-8",
        )
        env.update(extra)
        return env

    def __call__(
        self, *args: str, db: Path | str | None = None, **env: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "main.py", "--db", str(db or self.db), *args],
            cwd=REPO,
            env=self.env(**env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
        )

    def init(self, *extra: str) -> subprocess.CompletedProcess[str]:
        result = self(
            "init",
            "--name",
            "解放路爱心驿家",
            "--kind",
            "both",
            "--supervisor",
            "王站长",
            "--pin",
            PIN,
            "--code",
            "JFL01",
            *extra,
        )
        assert result.returncode == 0, result.stderr
        return result


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "station.db", tmp_path / "data")


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def stamp(db: Path, revision: str) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()
    finally:
        conn.close()


def test_init_sets_up_station_and_status_reports_it(cli: Cli) -> None:
    result = cli.init("--address", "解放路 88 号", "--seats", "12")
    assert "解放路爱心驿家 (JFL01, both)" in result.stdout
    assert query(cli.db, "SELECT name, code, kind, seats FROM station") == [
        ("解放路爱心驿家", "JFL01", "both", 12)
    ]
    assert query(cli.db, "SELECT name, role FROM app_user") == [("王站长", "supervisor")]
    pin_hash = query(cli.db, "SELECT pin_hash FROM app_user")[0][0]
    assert isinstance(pin_hash, str) and PIN not in pin_hash
    assert (cli.home / "pepper.key").exists()
    status = cli("status")
    assert status.returncode == 0, status.stderr
    assert "解放路爱心驿家 (JFL01)" in status.stdout
    assert "今日来访 / visits today: 0" in status.stdout
    assert "在站人数 / inside now: 0" in status.stdout
    assert "低库存物品 / items low on stock: 9" in status.stdout  # nothing received yet


def test_init_pin_from_environment_and_refused_without_one(cli: Cli) -> None:
    args = ("init", "--name", "站", "--kind", "rest", "--supervisor", "张三")
    missing = cli(*args)
    assert missing.returncode == 2
    assert "STATION_PIN" in missing.stderr
    assert not cli.db.exists()
    ok = cli(*args, STATION_PIN="4826")
    assert ok.returncode == 0, ok.stderr
    assert query(cli.db, "SELECT kind FROM station") == [("rest",)]


def test_init_weak_pin_refused_before_anything_is_created(cli: Cli) -> None:
    result = cli("init", "--name", "站", "--kind", "rest", "--supervisor", "张三", "--pin", "1111")
    assert result.returncode == 1
    assert "PIN 太容易猜" in result.stderr and "too easy to guess" in result.stderr
    assert not cli.db.exists()
    assert not (cli.home / "pepper.key").exists()


def test_status_counts_todays_visits(cli: Cli) -> None:
    cli.init()
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    visits = cli.home / "visits.csv"
    # 00:00 local is never in the future, whenever the test runs.
    visits.write_text(f"日期,时间,类别\n{today},00:00,快递员\n{today},00:00,司机\n", "utf-8")
    imported = cli("import", "visits", str(visits))
    assert imported.returncode == 0, imported.stderr
    status = cli("status")
    assert "今日来访 / visits today: 2" in status.stdout


def test_unwritable_data_folder_is_a_clear_refusal(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    cli.init()
    result = cli("status", STATION_PEPPER_FILE=str(blocker / "pepper.key"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "错误: " in result.stderr and "Error: " in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["init"],
        ["demo"],
        ["import"],
        ["backup"],
        ["restore"],
        ["db"],
        ["db", "upgrade"],
        ["db", "check"],
        ["db", "repair-balances"],
        ["status"],
        ["members"],
    ],
)
def test_help_for_every_command(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: station-app")
    assert not cli.db.exists()  # --help touches nothing


@pytest.mark.parametrize(
    "args",
    [
        ["bogus"],
        ["init", "--name", "站"],
        ["init", "--name", "站", "--kind", "shop", "--supervisor", "张三", "--pin", "4826"],
        ["demo", "--days", "three", "--seed", "1"],
        ["demo", "--days", "3", "--seed", "1", "--end", "2026-13-01"],
        ["import", "visits"],
        ["import", "loans", "x.csv"],
        ["db"],
        ["status", "--extra"],
    ],
)
def test_bad_usage_exits_2(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert not cli.db.exists()


def test_refused_action_exits_1_in_both_languages(cli: Cli) -> None:
    cli.init()
    again = cli(
        "init", "--name", "别的站", "--kind", "rest", "--supervisor", "李四", "--pin", "4826"
    )
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        "错误: 驿站已经设置过了",
        "Error: The station is already set up",
    ]
    assert query(cli.db, "SELECT name FROM station") == [("解放路爱心驿家",)]


def test_bad_pin_refused_naming_the_field(cli: Cli) -> None:
    result = cli("init", "--name", "站", "--kind", "rest", "--supervisor", "张三", "--pin", "1111")
    assert result.returncode == 1
    assert "错误: PIN 太容易猜" in result.stderr
    assert "Error: PIN is too easy to guess" in result.stderr


def test_import_reports_rejected_rows_and_exit_code(cli: Cli, tmp_path: Path) -> None:
    cli.init("--opened", "2026-06-01")
    bad = tmp_path / "visits.csv"
    bad.write_text(
        "日期,时间,离开时间,类别,服务\n"
        "2026-06-30,11:20,11:45,外卖骑手,休息、充电\n"
        "2026-06-30,25:61,,环卫工人,饮水\n"
        "2026-05-02,10:00,,快递员,\n",
        encoding="utf-8",
    )
    result = cli("import", "visits", str(bad))
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert out[0] == "读取 3 行，写入 1 行，拒绝 2 行 / read 3 rows, written 1, rejected 2"
    assert out[1].startswith("第 3 行 [时间]: ") and " / line 3 [时间]: " in out[1]
    assert out[2].startswith("第 4 行 [日期]: ") and "before the station was set up" in out[2]
    assert query(cli.db, "SELECT count(*), min(source) FROM visit") == [(1, "import")]

    good = tmp_path / "stock.csv"
    good.write_text(
        "date,type,item,qty,lot,expiry\n2026-06-02,opening,毛巾,20,,\n"
        "2026-06-03,receive,矿泉水,48,W1,2027-06-01\n",
        encoding="utf-8",
    )
    dry = cli("import", "stock", str(good), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "dry run: 2 rows would be written" in dry.stdout
    assert query(cli.db, "SELECT count(*) FROM stock_move") == [(0,)]
    done = cli("import", "stock", str(good))
    assert done.returncode == 0, done.stderr
    assert query(cli.db, "SELECT sum(qty) FROM stock_move") == [(68,)]
    status = cli("status")
    assert "低库存物品 / items low on stock: 8" in status.stdout  # 毛巾 20 > 10 no longer low
    assert "  矿泉水: 48 瓶 (≤ 48)" in status.stdout
    assert query(cli.db, "SELECT actor_name FROM audit_event WHERE action = 'import.stock'") == [
        ("命令行 (command line)",)
    ]


def test_import_missing_column_refuses_the_file(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    path = tmp_path / "m.csv"
    path.write_text("昵称,单位\n老王,顺丰\n", encoding="utf-8")
    result = cli("import", "members", str(path))
    assert result.returncode == 1
    assert "缺少必需的列：类别" in result.stderr
    assert "Missing required column(s): category" in result.stderr


def test_database_from_a_newer_version_is_refused_untouched(cli: Cli) -> None:
    cli.init()
    stamp(cli.db, "ffff9999")
    before = query(cli.db, "SELECT count(*) FROM audit_event")
    result = cli("status")
    assert result.returncode == 1
    assert "数据库由更新版本的 Station Desk 创建" in result.stderr
    assert "请升级程序" in result.stderr
    assert "newer version of Station Desk" in result.stderr
    assert query(cli.db, "SELECT version_num FROM alembic_version") == [("ffff9999",)]
    assert query(cli.db, "SELECT count(*) FROM audit_event") == before
    assert not (cli.home / "backups").exists()
    check = cli("db", "check")
    assert check.returncode == 1
    assert "ffff9999 is newer than this program" in check.stdout


def test_another_programs_database_is_refused_untouched(cli: Cli) -> None:
    conn = sqlite3.connect(cli.db)
    conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    before = cli.db.read_bytes()
    for args in (["status"], ["db", "upgrade"], ["demo", "--days", "1", "--seed", "1"]):
        result = cli(*args)
        assert result.returncode == 1, args
        assert "不是 Station Desk 的数据库" in result.stderr
        assert "is not a Station Desk database (it holds other tables: note)" in result.stderr
        assert "Traceback" not in result.stderr
    assert cli.db.read_bytes() == before
    assert not (cli.home / "backups").exists()


def test_server_database_without_its_driver_is_refused_clearly(cli: Cli) -> None:
    try:
        import pg8000  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("pg8000 is installed here")
    for args in (["status"], ["db", "upgrade"]):
        result = cli(*args, db="postgresql+pg8000://station:secret@127.0.0.1:9/station")
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert "没有安装" in result.stderr and "pg8000" in result.stderr
        assert "pip install pg8000" in result.stderr


def test_db_upgrade_at_head_is_a_no_op_without_backup(cli: Cli) -> None:
    cli.init()
    result = cli("db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert re.search(r"already up to date: \w+", result.stdout)
    assert "no backup taken" in result.stdout
    assert not (cli.home / "backups").exists()
    check = cli("db", "check")
    assert check.returncode == 0, check.stdout
    assert "integrity ok, foreign keys ok" in check.stdout


def test_db_upgrade_of_an_empty_database_creates_the_schema(cli: Cli) -> None:
    cli.db.touch()  # an empty file is an empty SQLite database
    result = cli("db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "schema upgraded: (空 / empty) →" in result.stdout
    tables = {r[0] for r in query(cli.db, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"station", "visit", "stock_move", "audit_event", "alembic_version"} <= tables


def test_damaged_database_refused_at_start(cli: Cli) -> None:
    cli.init()
    cli.db.write_bytes(b"this is not a database" * 100)
    result = cli("status")
    assert result.returncode == 1
    assert "数据库文件已损坏" in result.stderr
    assert "restore" in result.stderr


def test_server_database_backup_refused_clearly(cli: Cli) -> None:
    url = "postgresql://station:secret@127.0.0.1:9/station"
    for args in (["backup"], ["restore", "x.db", "--yes"]):
        result = cli(*args, db=url)
        assert result.returncode == 1
        assert "pg_dump/pg_restore" in result.stderr


# Everything the demo writes, in a fixed order; left out: the station's random QR secret
# and the PIN hashes (argon2 salts are random by design, as they must be).
DEMO_TABLES = {
    "member": "SELECT * FROM member ORDER BY id",
    "visit": "SELECT * FROM visit ORDER BY id",
    "visit_service": "SELECT * FROM visit_service ORDER BY visit_id, service_type_id",
    "lot": "SELECT * FROM lot ORDER BY id",
    "stock_move": "SELECT * FROM stock_move ORDER BY id",
    "campaign": "SELECT * FROM campaign ORDER BY id",
    "handout": "SELECT * FROM handout ORDER BY id",
    "loan": "SELECT * FROM loan ORDER BY id",
    "stocktake": "SELECT * FROM stocktake ORDER BY id",
    "app_user": "SELECT id, name, role, created_at FROM app_user ORDER BY id",
    "station": "SELECT code, name, kind, created_at FROM station",
    "audit_event": "SELECT * FROM audit_event ORDER BY id",
}


def test_demo_is_reproducible(tmp_path: Path) -> None:
    dumps = []
    for n in (1, 2):
        cli = Cli(tmp_path / f"demo{n}.db", tmp_path / f"data{n}")
        result = cli("demo", "--days", "3", "--seed", "1", "--end", "2026-07-15")
        assert result.returncode == 0, result.stderr
        m = re.search(r"来访 / visits: (\d+)", result.stdout)
        assert m is not None
        # Not a terminal: plain lines, one per step here, no carriage returns in the log.
        assert result.stderr.splitlines()[-3:] == ["1/3 天 days", "2/3 天 days", "3/3 天 days"]
        assert "\r" not in result.stderr
        dump = {name: query(cli.db, sql) for name, sql in DEMO_TABLES.items()}
        assert int(m[1]) == len(dump["visit"]) > 0
        dumps.append(dump)
    first, second = dumps
    assert first["member"] and first["handout"] and first["stock_move"]
    for name in DEMO_TABLES:
        assert first[name] == second[name], name  # member card codes included
    # Another seed gives another station.
    cli = Cli(tmp_path / "demo3.db", tmp_path / "data3")
    result = cli("demo", "--days", "3", "--seed", "2", "--end", "2026-07-15")
    assert result.returncode == 0, result.stderr
    assert query(cli.db, DEMO_TABLES["member"]) != first["member"]
    assert query(cli.db, DEMO_TABLES["visit"]) != first["visit"]


def test_a_reader_that_stops_early_is_not_an_error_message(cli: Cli) -> None:
    """``station-app status | head -1``: the closed pipe ends the command quietly."""
    cli.init()
    proc = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(cli.db), "status"],
        cwd=REPO,
        env=cli.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written
    with proc.stderr:
        err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 1
    assert err == ""


# --------------------------------------------------------------------------- --db mistakes


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["init", "--name", "站", "--kind", "rest", "--supervisor", "张三", "--pin", "4826"],
        ["demo", "--days", "1", "--seed", "1"],
        ["backup"],
        ["restore", "x.db", "--yes"],
        ["db", "check"],
        ["members"],
    ],
)
def test_a_folder_given_as_db_is_named_as_a_folder(
    cli: Cli, tmp_path: Path, args: list[str]
) -> None:
    folder = tmp_path / "kiosk"
    folder.mkdir()
    result = cli(*args, db=folder)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"错误: “{folder}”是一个文件夹，不是数据库文件；--db 应写数据库文件的路径，"
        f"例如 {folder / 'station.db'}",
        f"Error: {str(folder)!r} is a folder, not a database file: --db takes the path of the "
        f"database file, e.g. {folder / 'station.db'}",
    ]
    assert list(folder.iterdir()) == []
    assert not cli.home.exists()  # not even the pepper file


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["db", "upgrade"],
        ["db", "check"],
        ["backup"],
        ["members"],
        ["import", "members", "m.csv"],
    ],
)
def test_a_typo_in_the_folder_of_db_is_refused_and_nothing_made(
    cli: Cli, tmp_path: Path, args: list[str]
) -> None:
    before = files_under(tmp_path)
    typo = tmp_path / "no-such-dir" / "station.db"
    result = cli(*args, db=typo)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    zh, en = result.stderr.splitlines()
    assert zh.startswith(f"错误: 数据库所在的文件夹不存在：{typo.parent}（数据库 {typo}）")
    assert f"station-app --db {typo} init" in zh
    assert en.startswith(f"Error: The database's folder does not exist: {typo.parent}")
    assert f"to set up a new station there, run station-app --db {typo} init" in en
    assert files_under(tmp_path) == before  # no folder, no database, no pepper file


@pytest.mark.parametrize("args", [["status"], ["db", "upgrade"], ["members"], ["backup"]])
def test_a_new_file_in_an_existing_folder_is_refused_without_init(
    cli: Cli, tmp_path: Path, args: list[str]
) -> None:
    """``--db station2.db`` for ``--db station.db``: a second, empty station is not made."""
    cli.init()
    before = files_under(tmp_path)
    typo = tmp_path / "station2.db"
    result = cli(*args, db=typo)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"错误: 数据库文件不存在：{typo}，没有创建任何文件；")
    assert f"Error: The database file does not exist: {typo}; nothing was created" in (
        result.stderr
    )
    assert files_under(tmp_path) == before


def test_init_and_demo_may_make_a_new_database_in_a_new_folder(cli: Cli, tmp_path: Path) -> None:
    fresh = tmp_path / "new" / "place" / "station.db"
    init = cli(
        "init",
        "--name",
        "新站",
        "--kind",
        "rest",
        "--supervisor",
        "张三",
        "--pin",
        "4826",
        db=fresh,
    )
    assert init.returncode == 0, init.stderr
    assert query(fresh, "SELECT name FROM station") == [("新站",)]
    demo_db = tmp_path / "demo" / "demo.db"
    demo = cli("demo", "--days", "1", "--seed", "1", "--end", "2026-07-15", db=demo_db)
    assert demo.returncode == 0, demo.stderr
    assert query(demo_db, "SELECT count(*) FROM station") == [(1,)]


def test_the_window_refuses_a_missing_db_but_sets_up_its_own_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process: the window's start, without Qt (the message box and window are stand-ins)."""
    shown: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr(main, "_show_startup_error", lambda exc: shown.append(f"{exc.zh}|{exc.en}"))

    def run_gui(services: object, qt_args: list[str]) -> int:
        opened.append(type(services).__name__)
        return 0

    monkeypatch.setitem(sys.modules, "ui.app", types.SimpleNamespace(run_gui=run_gui))
    env = {"STATION_DATA_DIR": str(tmp_path / "data")}

    typo = tmp_path / "typo.db"
    assert main.start_gui(load_config(str(typo), env=env), ["station-desk"]) == 1
    assert len(shown) == 1 and f"数据库文件不存在：{typo}" in shown[0]
    assert "The database file does not exist" in shown[0]
    assert opened == []
    assert not typo.exists() and not (tmp_path / "data").exists()

    assert main.start_gui(load_config(str(tmp_path), env=env), ["station-desk"]) == 1
    assert "是一个文件夹，不是数据库文件" in shown[1] and "is a folder" in shown[1]

    # No --db: the first start makes the database in the data folder (the set-up form follows).
    default = load_config(None, env=env)
    assert default.db_is_default
    assert main.start_gui(default, ["station-desk"]) == 0
    assert opened == ["Services"] and len(shown) == 2
    db = tmp_path / "data" / "station.db"
    assert query(db, "SELECT count(*) FROM station") == [(0,)]


# --------------------------------------------------------------------------- members


def cells(line: str) -> list[str]:
    """A row of an aligned table: its cells (split on two or more spaces)."""
    return re.split(r" {2,}", line.strip())


MEMBERS_CSV = (
    "昵称,类别,工作单位,手机号,同意\n"
    "小张,快递员,顺丰,13812345678,是\n"
    ",外卖骑手,,,\n"
    "老李,环卫工人,环卫所,,\n"
)


def test_import_of_members_prints_their_new_codes_never_a_full_phone(
    cli: Cli, tmp_path: Path
) -> None:
    cli.init()
    path = tmp_path / "members.csv"
    path.write_text(MEMBERS_CSV, encoding="utf-8")
    dry = cli("import", "members", str(path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "new member codes" not in dry.stdout  # nothing was written, so no codes exist
    result = cli("import", "members", str(path))
    assert result.returncode == 0, result.stderr
    codes = [r[0] for r in query(cli.db, "SELECT code FROM member ORDER BY id")]
    assert len(codes) == 3
    out = result.stdout.splitlines()
    at = out.index("新会员卡号（3 位） / new member codes (3):")
    assert cells(out[at + 1]) == ["卡号 code", "昵称 nickname", "手机 phone"]
    assert [cells(line) for line in out[at + 2 : at + 5]] == [
        [codes[0], "小张", "138****5678"],
        [codes[1], "-", "-"],
        [codes[2], "老李", "-"],
    ]
    assert "13812345678" not in result.stdout + result.stderr


def test_members_lists_active_members_and_all_with_their_state(cli: Cli, tmp_path: Path) -> None:
    cli.init()
    empty = cli("members")
    assert empty.returncode == 0, empty.stderr
    assert empty.stdout.splitlines()[0] == "还没有会员 / no members yet"
    path = tmp_path / "members.csv"
    path.write_text(MEMBERS_CSV, encoding="utf-8")
    assert cli("import", "members", str(path)).returncode == 0
    ids = [r[0] for r in query(cli.db, "SELECT id FROM member ORDER BY id")]
    codes = [r[0] for r in query(cli.db, "SELECT code FROM member ORDER BY id")]

    result = cli("members")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = ["卡号 code", "昵称 nickname", "类别 category", "单位 employer", "手机 phone"]
    assert cells(lines[0]) == [*header, "状态 status"]
    assert [cells(line) for line in lines[1:4]] == [
        [codes[0], "小张", "快递员", "顺丰", "138****5678", "在用 active"],
        [codes[1], "-", "外卖骑手", "-", "-", "在用 active"],
        [codes[2], "老李", "环卫工人", "环卫所", "-", "在用 active"],
    ]
    assert lines[4] == "共 3 位会员 / 3 members"
    assert "add --all" in lines[5]

    engine = create_station_engine(sqlite_url(cli.db))
    try:
        members = build_services(engine, fast_hasher(), tz=TZ).members
        members.deactivate(CLI_ACTOR, ids[1])
        members.purge(CLI_ACTOR, ids[0])
    finally:
        engine.dispose()

    active = cli("members").stdout.splitlines()
    assert [cells(line)[0] for line in active[1:-2]] == [codes[2]]
    everyone = cli("members", "--all")
    assert everyone.returncode == 0, everyone.stderr
    lines = everyone.stdout.splitlines()
    assert [cells(line) for line in lines[1:4]] == [
        [codes[0], "-", "快递员", "-", "-", "个人信息已清除 purged"],
        [codes[1], "-", "外卖骑手", "-", "-", "已停用 deactivated"],
        [codes[2], "老李", "环卫工人", "环卫所", "-", "在用 active"],
    ]
    assert lines[4:] == ["共 3 位会员 / 3 members"]
    found = cli("members", "--search", "环卫").stdout.splitlines()
    assert [cells(line)[0] for line in found[1:-2]] == [codes[2]]
    assert "13812345678" not in everyone.stdout + result.stdout


def test_a_hand_edited_balance_is_reported_held_and_repaired_from_the_command_line(
    cli: Cli, tmp_path: Path
) -> None:
    """db check and every command's start-up check name the item and lot; stock actions
    on it stop (an import of stock rows for it is refused) until db repair-balances."""
    cli.init("--opened", "2026-05-01")
    stock = tmp_path / "stock.csv"
    stock.write_text(
        "日期,类型,物品,数量,批号,有效期\n2026-06-01,入库,毛巾,10,T1,\n", encoding="utf-8"
    )
    assert cli("import", "stock", str(stock)).returncode == 0
    check = cli("db", "check")
    assert check.returncode == 0, check.stdout
    assert "stored stock balances agree with the ledger" in check.stdout

    conn = sqlite3.connect(cli.db)
    try:
        conn.execute("UPDATE lot_stock SET qty = 13")
        conn.commit()
    finally:
        conn.close()

    check = cli("db", "check")
    assert check.returncode == 1
    assert "毛巾（批次 T1）库存记录为 13，台账合计为 10" in check.stdout
    assert "毛巾 (lot T1): stored balance 13, ledger total 10" in check.stdout

    status = cli("status")
    assert status.returncode == 0
    assert "毛巾（批次 T1）库存记录为 13" in status.stderr
    assert "db repair-balances" in status.stderr
    assert query(cli.db, "SELECT COUNT(*) FROM balance_hold") == [(1,)]

    more = tmp_path / "more.csv"
    more.write_text(
        "日期,类型,物品,数量,批号,有效期\n2026-06-02,出库,毛巾,1,T1,\n", encoding="utf-8"
    )
    refused = cli("import", "stock", str(more))
    assert "repair-balances" in refused.stdout + refused.stderr
    assert query(cli.db, "SELECT COUNT(*) FROM stock_move") == [(1,)]

    repair = cli("db", "repair-balances")
    assert repair.returncode == 0, repair.stderr
    assert "1 lot(s) recomputed" in repair.stdout
    assert query(cli.db, "SELECT qty FROM lot_stock") == [(10,)]
    assert query(cli.db, "SELECT COUNT(*) FROM balance_hold") == [(0,)]
    assert query(
        cli.db, "SELECT actor_name FROM audit_event WHERE action = 'stock.repair_balances'"
    ) == [("命令行 (command line)",)]
    assert cli("db", "check").returncode == 0
    again = cli("db", "repair-balances")
    assert "agrees with the ledger" in again.stdout
