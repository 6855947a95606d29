"""Slips on the command line, end to end: a PDF made by ``slip``, its QR read back by an
independent decoder (zbarimg), and ``scan`` doing with that text what the kiosk does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image

from db.engine import create_station_engine
from station_app.clock import FixedClock
from station_app.config import sqlite_url
from station_app.context import CLI_ACTOR
from station_app.services import build_services
from station_app.slip_layout import A4, CARD_H, CARD_W
from tests.conftest import TZ, fast_hasher
from tests.integration.test_cli import Cli, query

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the PDF tools are checked on Linux"
)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    c = Cli(tmp_path / "station.db", tmp_path / "data")
    c.init("--hotline", "12351")
    return c


def decode(pdf: Path) -> str:
    """The QR text in a PDF, rendered as a 203 dpi thermal printer would print it."""
    for tool in ("pdftoppm", "zbarimg"):
        assert shutil.which(tool), f"{tool} is missing: run scripts/install-system-deps.sh"
    png = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "203", "-gray", "-png", "-singlefile", str(pdf), str(png)], check=True
    )
    out = subprocess.run(
        ["zbarimg", "-q", "--raw", f"{png}.png"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def decode_sheet(pdf: Path, dpi: int = 300) -> list[str]:
    """The codes on an A4 sheet of member cards, printed on an office printer and cut
    along its marks: each card decoded on its own, as cards are scanned one at a time.
    (A decoder looking for ten codes in one page image misses one now and then.)"""
    png = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf), str(png)],
        check=True,
    )
    page = Image.open(f"{png}.png")
    scale = dpi / 72  # PDF points to pixels
    cols, rows = 2, 5
    left = (A4[0] - cols * CARD_W) / 2 * scale
    top = (A4[1] - rows * CARD_H) / 2 * scale
    texts = []
    for row in range(rows):
        for col in range(cols):
            x, y = left + col * CARD_W * scale, top + row * CARD_H * scale
            card = page.crop(
                (round(x), round(y), round(x + CARD_W * scale), round(y + CARD_H * scale))
            )
            cut = png.with_name(f"card-{row}-{col}.png")
            card.save(cut)
            out = subprocess.run(
                ["zbarimg", "-q", "--raw", str(cut)], capture_output=True, text=True, check=False
            )
            assert out.returncode == 0, f"card {row * cols + col + 1}: {out.stderr}"
            texts.append(out.stdout.strip())
    return texts


def test_a_visit_slip_scanned_checks_out_once(cli: Cli, tmp_path: Path) -> None:
    made = cli("checkin", "外卖骑手", "--service", "饮水")
    assert made.returncode == 0, made.stderr
    visit = query(cli.db, "SELECT MAX(id) FROM visit")[0][0]
    pdf = tmp_path / "s.pdf"
    result = cli("slip", "visit", str(visit), "--size", "58mm", "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    text = decode(pdf)
    assert f"QR text: {text}" in result.stdout and text.startswith("SD1V")
    out = cli("scan", text)
    assert out.returncode == 0, out.stderr
    assert "Checked out" in out.stdout and f"visit No. {visit}" in out.stdout
    assert query(cli.db, f"SELECT checked_out_at IS NOT NULL FROM visit WHERE id={visit}") == [(1,)]
    again = cli("scan", text)
    assert again.returncode == 1
    assert "already used to check out at" in again.stderr and "已于" in again.stderr
    changed = text[:12] + ("B" if text[12] != "B" else "C") + text[13:]
    forged = cli("scan", changed)
    assert forged.returncode == 1 and "Error:" in forged.stderr
    assert "Traceback" not in forged.stderr + again.stderr


def test_a_slip_for_a_visit_already_gone_or_without_a_destination_is_refused(
    cli: Cli, tmp_path: Path
) -> None:
    assert cli("checkin", "快递员").returncode == 0
    none = cli("slip", "visit", "1")
    assert none.returncode == 1 and "--out" in none.stderr
    missing = cli("slip", "visit", "99", "--out", str(tmp_path / "x.pdf"))
    assert missing.returncode == 1 and "No visit #99" in missing.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_member_card_scanned_checks_in_then_out(cli: Cli, tmp_path: Path) -> None:
    csv = tmp_path / "m.csv"
    csv.write_text("类别,昵称\n快递员,王小明\n", encoding="utf-8")
    imported = cli("import", "members", str(csv))
    assert imported.returncode == 0, imported.stderr
    code = query(cli.db, "SELECT code FROM member")[0][0]
    for size in ("80mm", "card", "a4"):
        pdf = tmp_path / f"card-{size}.pdf"
        made = cli("slip", "member", str(code), "--size", size, "--out", str(pdf))
        assert made.returncode == 0, made.stderr
        texts = decode_sheet(pdf) if size == "a4" else decode(pdf).splitlines()
        assert len(texts) == (10 if size == "a4" else 1)  # a sheet of ten cards
        assert len(set(texts)) == 1 and texts[0].startswith("SD1M")
    text = texts[0]
    first = cli("scan", text)
    assert first.returncode == 0 and "Checked in" in first.stdout and "王**" in first.stdout
    second = cli("scan", text)
    assert second.returncode == 0 and "Checked out" in second.stdout
    legacy = cli("scan", str(code))  # the card number typed by hand still works
    assert legacy.returncode == 0 and "Checked in" in legacy.stdout


def test_a_voucher_issued_printed_and_redeemed_once(cli: Cli, tmp_path: Path) -> None:
    engine = create_station_engine(sqlite_url(cli.db))
    services = build_services(engine, fast_hasher(), clock=FixedClock(datetime.now(TZ)), tz=TZ)
    today = datetime.now(TZ).date()
    services.inventory.receive(
        CLI_ACTOR, "矿泉水", 20, lot_code="W1", expires_on=date(today.year + 2, 1, 1)
    )
    services.relief.create_campaign(
        CLI_ACTOR, "送清凉", today, date(today.year + 1, 12, 31), [("矿泉水", 2)]
    )
    engine.dispose()
    pdf = tmp_path / "v.pdf"
    issued = cli(
        "voucher",
        "issue",
        "--campaign",
        "送清凉",
        "--name",
        "张三",
        "--phone-last4",
        "8765",
        "--category",
        "快递员",
        "--out",
        str(pdf),
    )
    assert issued.returncode == 0, issued.stderr
    assert "张*（尾号 8765）" in issued.stdout
    text = decode(pdf)
    assert text.startswith("SD1R")
    redeemed = cli("scan", text)
    assert redeemed.returncode == 0, redeemed.stderr
    assert "handed out" in redeemed.stdout and "矿泉水 × 2瓶" in redeemed.stdout
    assert query(cli.db, "SELECT COUNT(*), MAX(voucher_id) FROM handout") == [(1, 1)]
    again = cli("scan", text)
    assert again.returncode == 1 and "already used" in again.stderr
    assert query(cli.db, "SELECT COUNT(*) FROM handout") == [(1,)]


def test_the_poster_carries_the_station_and_its_wifi(cli: Cli, tmp_path: Path) -> None:
    assert cli("wifi", "--ssid", "JFL;驿站", "--password", "pa:ss,word").returncode == 0
    pdf = tmp_path / "poster.pdf"
    made = cli("slip", "poster", "--out", str(pdf))
    assert made.returncode == 0, made.stderr
    texts = decode(pdf).splitlines()
    assert "WIFI:T:WPA;S:JFL\\;驿站;P:pa\\:ss\\,word;;" in texts
    assert "解放路爱心驿家（爱心驿家 · 妈咪暖心小屋）" in texts
    bad = cli("wifi", "--ssid", "x", "--password", "short")
    assert bad.returncode == 1 and "Wi-Fi password" in bad.stderr
