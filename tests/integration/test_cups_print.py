"""Printing through a real CUPS queue, the way a kiosk prints on Linux.

The queue is a ``cups-pdf`` one (Debian's ``printer-driver-cups-pdf``): what the spooler
received is written back as a PDF file, read here for its pages, their size and their QR
codes. An existing cups-pdf queue is used; without one, a temporary queue is added when the
test runs as root (and removed after). Skipped, with the reason, when CUPS is not there.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.test_printing import (
    CARD_H_MM,
    CARD_W_MM,
    QR_TEXTS,
    SLIP_H_MM,
    SLIP_W_MM,
    decode_qr,
    need_tools,
    page_sizes_mm,
    rasterise,
    slip_pdf,
)
from ui.printing import PrinterChoice, make_printer, print_pdf

TEMPORARY_QUEUE = "StationDeskTestPDF"
CUPS_PDF_PPDS = (
    Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"),
    Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd"),
)
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
C_LOCALE = {**os.environ, "LC_ALL": "C", "LANG": "C"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=C_LOCALE, timeout=30)


def _cups_pdf_queues() -> list[str]:
    devices = _run("lpstat", "-v").stdout
    return re.findall(r"^device for (\S+): cups-pdf:/", devices, flags=re.MULTILINE)


@pytest.fixture(scope="module")
def cups_pdf_queue() -> Iterator[str]:
    if shutil.which("lpstat") is None:
        pytest.skip("CUPS is not installed (no lpstat): apt-get install cups")
    if "scheduler is running" not in _run("lpstat", "-r").stdout:
        pytest.skip("the CUPS scheduler (cupsd) is not running")
    existing = _cups_pdf_queues()
    if existing:
        yield existing[0]
        return
    if os.geteuid() != 0:
        pytest.skip("no cups-pdf queue, and only root may add one (lpadmin)")
    ppd = next((p for p in CUPS_PDF_PPDS if p.exists()), None)
    if ppd is None or not CUPS_PDF_BACKEND.exists():
        pytest.skip("cups-pdf is not installed: apt-get install printer-driver-cups-pdf")
    added = _run("lpadmin", "-p", TEMPORARY_QUEUE, "-E", "-v", "cups-pdf:/", "-P", str(ppd))
    if added.returncode != 0:
        pytest.skip(f"could not add a cups-pdf queue: {added.stderr.strip()}")
    try:
        yield TEMPORARY_QUEUE
    finally:
        _run("lpadmin", "-x", TEMPORARY_QUEUE)


def _output_folders() -> list[Path]:
    """Where cups-pdf may write a job of this user: its ``Out`` setting (default ~/PDF),
    and the folder for anonymous jobs."""
    home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    user = pwd.getpwuid(os.getuid()).pw_name
    folders = [home / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS"), Path("/var/spool/cups-pdf")]
    if CUPS_PDF_CONF.exists():
        for line in CUPS_PDF_CONF.read_text(errors="replace").splitlines():
            setting = line.strip().split(None, 1)
            if len(setting) == 2 and setting[0] in ("Out", "AnonDirName"):
                value = setting[1].replace("${HOME}", str(home)).replace("${USER}", user)
                folders.insert(0, Path(value))
    return folders


def _job_number(path: Path) -> int:
    """cups-pdf ends a file's name with the job's number (``…-job_12.pdf``)."""
    digits = re.search(r"(\d+)\.pdf$", path.name)
    return int(digits.group(1)) if digits else 0


def _written(queue: str, title: str, jobs: int, timeout: float = 60.0) -> list[Path]:
    """The files cups-pdf wrote for the jobs titled ``title``, oldest job first."""
    deadline = time.monotonic() + timeout
    found: set[Path] = set()
    while time.monotonic() < deadline:
        found = {p for folder in _output_folders() for p in folder.glob(f"{title}*.pdf")}
        pending = _run("lpstat", "-W", "not-completed", "-o", queue).stdout.strip()
        if len(found) >= jobs and not pending:
            return sorted(found, key=_job_number)
        time.sleep(0.25)
    log = Path("/var/log/cups/error_log")
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    pytest.fail(
        f"cups-pdf wrote {len(found)} file(s) for {title!r} within {timeout} s, not {jobs}: "
        f"{sorted(p.name for p in found)}\n{tail}"
    )


@pytest.fixture
def title() -> Iterator[str]:
    """A job title no other job has; its output files are removed afterwards."""
    name = f"station-desk-test-{uuid.uuid4().hex[:12]}"
    yield name
    for folder in _output_folders():
        for path in folder.glob(f"{name}*.pdf"):
            path.unlink(missing_ok=True)


def test_a_slip_prints_through_the_cups_queue(
    qapp: QApplication, cups_pdf_queue: str, title: str, tmp_path: Path
) -> None:
    need_tools("pdftoppm", "zbarimg")
    printer = make_printer(PrinterChoice(cups_pdf_queue, "58mm"))
    printer.setDocName(title)

    assert print_pdf(slip_pdf(), printer) == 2

    [written] = _written(cups_pdf_queue, title, jobs=1)
    sizes = page_sizes_mm(written)
    assert len(sizes) == 2
    for width, height in sizes:
        assert width == pytest.approx(SLIP_W_MM, abs=0.5)
        assert height == pytest.approx(SLIP_H_MM, abs=0.5)
    assert [decode_qr(p) for p in rasterise(written, tmp_path / "cups")] == list(QR_TEXTS)


def test_pages_of_two_sizes_are_two_jobs_each_on_its_paper(
    qapp: QApplication, cups_pdf_queue: str, title: str, tmp_path: Path
) -> None:
    """CUPS gives a whole job one paper size; a slip and a card in one document would
    otherwise both come out on the card's paper, the slip turned and cut."""
    need_tools("pdftoppm", "zbarimg")
    printer = make_printer(PrinterChoice(cups_pdf_queue, "card"))
    printer.setDocName(title)

    assert print_pdf(slip_pdf(card_second=True), printer) == 2

    slip, card = _written(cups_pdf_queue, title, jobs=2)
    assert page_sizes_mm(slip) == [
        (pytest.approx(SLIP_W_MM, abs=0.5), pytest.approx(SLIP_H_MM, abs=0.5))
    ]
    assert page_sizes_mm(card) == [
        (pytest.approx(CARD_W_MM, abs=0.5), pytest.approx(CARD_H_MM, abs=0.5))
    ]
    assert decode_qr(rasterise(slip, tmp_path / "slip")[0]) == QR_TEXTS[0]
    assert decode_qr(rasterise(card, tmp_path / "card")[0]) == QR_TEXTS[1]
