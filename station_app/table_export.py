"""Writing a table (a header and rows) to a spreadsheet file a station can hand on.

``.xlsx`` (openpyxl): the header bold and frozen, each column as wide as its text,
dates and times as real spreadsheet dates. ``.csv``: UTF-8 with a byte-order mark,
so that Excel opens the Chinese as Chinese. Any other kind of file is refused.

A text cell a spreadsheet would run as a formula (the same test the importer uses:
``=``, ``+``, ``-``, ``@`` or their full-width forms first, or a leading tab or
carriage return, unless it is a plain number) is written so that it stays text: in
XLSX a string cell with the "quote prefix" style, which Excel also keeps when the
cell is edited; in CSV, which has no types, with a ``'`` put in front of it.

The file is written beside its destination under a temporary name and renamed
into place only when complete: a failure or a cancel never leaves half a file, and
an earlier file of that name is kept until the new one is whole.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from station_app.errors import DatabaseProblem, InvalidInput
from station_app.importer import formula_opening
from station_app.validate import shown

SUFFIXES = (".xlsx", ".csv")
FILE = ("文件", "File")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "hh:mm"
PROGRESS_EVERY = 250  # rows between two progress reports
MIN_WIDTH = 6
MAX_WIDTH = 60
SHEET_TITLE_MAX = 31  # Excel's limit
TEMP_TRIES = 8
# Characters XML 1.0 cannot hold (openpyxl refuses them): shown as U+FFFD instead.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_IN_SHEET_TITLE = re.compile(r"[\\/*?:\[\]]")


class ExportCancelled(Exception):
    """The person cancelled the export; the destination was left as it was."""


def neutralised(value: str) -> bool:
    """True when a spreadsheet would read the text ``value`` as a formula."""
    return formula_opening(value) is not None


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    sheet_title: str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Write ``headers`` and ``rows`` to ``path``, an ``.xlsx`` or a ``.csv`` file.

    Cells may be text, numbers, dates, datetimes (written at their own wall-clock time:
    the caller gives local times), times or None (empty). ``progress(done, total)`` is
    called now and then with the rows written so far, from the calling thread;
    ``cancelled()`` returning True stops the export (:class:`ExportCancelled`), leaving
    nothing behind. A file of any other kind, or a folder that cannot be written, is
    refused naming the file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(
            f"只能导出为 Excel（.xlsx）或 CSV（.csv）文件，不能导出为“{shown(path.name)}”",
            f"An export is an Excel (.xlsx) or CSV (.csv) file, not {shown(path.name)!r}",
            field=FILE[1],
        )
    if not path.parent.is_dir():
        folder = _printable(path.parent)
        raise InvalidInput(
            f"文件夹不存在：{folder}，无法保存“{shown(path.name)}”",
            f"The folder {folder} does not exist: {shown(path.name)!r} cannot be saved there",
            field=FILE[1],
        )
    width = len(headers)
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise ValueError(f"row {number} has {len(row)} cells for {width} columns")
    report = _Reporter(len(rows), progress, cancelled)
    try:
        temp = _new_temp(path)
    except OSError as exc:
        raise _not_written(path, exc) from exc
    try:
        if suffix == ".xlsx":
            _write_xlsx(temp, headers, rows, sheet_title, report)
        else:
            _write_csv(temp, headers, rows, report)
        report.check()
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _not_written(path, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    report.done()


def _new_temp(path: Path) -> Path:
    """A new, empty file beside ``path`` (permissions as any file the person saves)."""
    for _ in range(TEMP_TRIES):
        temp = path.with_name(f".{path.stem[:40]}.{secrets.token_hex(4)}{path.suffix}.part")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return temp
    raise FileExistsError(f"no free temporary name beside {path}")


def _printable(path: Path) -> str:
    """A whole path as a message may show it (a name that is not valid text escaped)."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def _not_written(path: Path, exc: OSError) -> DatabaseProblem:
    why = exc.strerror or str(exc)
    where = _printable(path)
    return DatabaseProblem(
        f"无法保存文件“{where}”：{why}。请换一个文件夹或文件名再试",
        f"The file {where} could not be saved: {why}. Choose another folder or name and try again",
        field=FILE[1],
    )


class _Reporter:
    """Progress every few rows, and the cancel asked for between them."""

    def __init__(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.total = total
        self._progress = progress
        self._cancelled = cancelled

    def row(self, done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            self.check()
            if self._progress is not None:
                self._progress(done, self.total)

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ExportCancelled

    def done(self) -> None:
        if self._progress is not None:
            self._progress(self.total, self.total)


# --------------------------------------------------------------------------- XLSX


def _text_width(value: str) -> int:
    """Columns a text takes in a spreadsheet: a Chinese character is two."""
    longest = max(value.split("\n"), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


def _cell_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("2026-07-01 09:00")
    if isinstance(value, date):
        return len("2026-07-01")
    if isinstance(value, time):
        return len("09:00")
    return _text_width(value if isinstance(value, str) else str(value))


def _sheet_title(title: str) -> str:
    cleaned = _NOT_IN_SHEET_TITLE.sub(" ", _NOT_IN_XML.sub("", title)).strip().strip("'")
    return cleaned[:SHEET_TITLE_MAX] or "Sheet1"


def _write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    sheet_title: str,
    report: _Reporter,
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(sheet_title))
    widths = [_text_width(h) for h in headers]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _cell_width(value))
    for i, w in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(w + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"

    bold = Font(bold=True)

    def cell(value: object, header: bool = False) -> Any:
        c = WriteOnlyCell(sheet, value=_xlsx_value(value))
        if header:
            c.font = bold
        if isinstance(c.value, str):
            c.data_type = "s"  # never "f": text stays text
            if neutralised(c.value):
                c.quotePrefix = True
        elif isinstance(value, datetime):
            c.number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            c.number_format = DATE_FORMAT
        elif isinstance(value, time):
            c.number_format = TIME_FORMAT
        return c

    try:
        sheet.append([cell(h, header=True) for h in headers])
        for done, row in enumerate(rows, start=1):
            sheet.append([cell(v) for v in row])
            report.row(done)
    except BaseException:
        _abandon(sheet)
        raise
    book.save(path)


def _abandon(sheet: Any) -> None:
    """Close a write-only sheet left half-written and drop openpyxl's scratch file for it."""
    with contextlib.suppress(Exception):
        sheet.close()
    writer = getattr(sheet, "_writer", None)
    with contextlib.suppress(Exception):
        if writer is not None:
            writer.cleanup()


def _xlsx_value(value: object) -> object:
    if value is None or isinstance(value, int | float | date | time):
        if isinstance(value, datetime | time) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # its own wall-clock time
        return value
    if not isinstance(value, str):
        value = str(value)
    return _NOT_IN_XML.sub("\ufffd", value)


# --------------------------------------------------------------------------- CSV


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    text = value if isinstance(value, str) else str(value)
    return "'" + text if neutralised(text) else text


def _write_csv(
    path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]], report: _Reporter
) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([_csv_value(h) for h in headers])
        for done, row in enumerate(rows, start=1):
            writer.writerow([_csv_value(v) for v in row])
            report.row(done)
