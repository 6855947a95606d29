"""Station Desk — the composition root.

config → engine → integrity check + migrations → PIN hasher → services → a
command (station_app/cli.py) or the window (ui/app.py). Nothing is read or
created at import time.

    python main.py [--db URL_OR_PATH] [COMMAND ...]     # station-app
    python main.py                                      # the window (station-desk)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from db.engine import create_station_engine
from station_app.auth import PinHasher
from station_app.backup import FileCheck, prepare_database, require_database_file
from station_app.cli import Runtime, error_text, run
from station_app.clock import local_zone
from station_app.config import Config
from station_app.errors import PrinterProblem, StationError
from station_app.problems import problem_of
from station_app.services import build_services


def open_station(config: Config, check: FileCheck | None = None) -> Runtime:
    """Open the database: refuse a damaged or too-new one, migrate, build the services.
    ``check`` is the file's integrity check, when it was started earlier."""
    engine = create_station_engine(config.db_url)
    try:
        upgrade = prepare_database(engine, config.backup_dir, check)
        hasher = PinHasher(config.pepper(), source=str(config.pepper_file))
        services = build_services(engine, hasher, tz=local_zone(config.tz_name))
    except BaseException:
        engine.dispose()
        raise
    return Runtime(config, engine, hasher, services, upgrade)


def open_for_window(config: Config) -> Runtime:
    """The window's start: the file's integrity check runs on its own thread while Qt
    and the window's modules load, then the station is opened as for a command."""
    check = FileCheck.start(config.db_url)
    import ui.app  # noqa: F401  (loaded now, while the file is read)

    return open_station(config, check)


def _show_startup_error(exc: StationError) -> None:
    """The window cannot open: say why in a message box (a windowed app has no console)."""
    if sys.stderr is not None:
        print(error_text(exc), file=sys.stderr)
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox
    except ImportError:
        return
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "station-desk"])
    QMessageBox.critical(None, "Station Desk", f"{exc.zh}\n\n{exc.en}")
    del app


def start_gui(config: Config, qt_args: list[str]) -> int:
    runtime: Runtime | None = None
    try:
        # The window sets up a new station in its own data folder on first start; a
        # path given with --db must be there already (a typo must not start a new one).
        require_database_file(config.db_url, may_create=config.db_is_default)
        runtime = open_for_window(config)
        from ui.app import run_gui

        return run_gui(runtime.services, qt_args)
    except Exception as exc:  # opening the station, or the first reads of the window
        problem = problem_of(exc)
        if problem is None:
            raise
        _show_startup_error(problem)
        return 1
    finally:
        if runtime is not None:
            runtime.close()


def print_on(pdf: bytes, printer_name: str, paper: str, title: str) -> int:
    """``slip --printer``: hand a PDF to Qt's print system (the window's own path)."""
    import os

    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # printing needs no screen
    try:
        from PySide6.QtGui import QGuiApplication

        from ui.printing import PrinterChoice, PrintProblem, make_printer, print_pdf
    except ImportError as exc:
        raise PrinterProblem(
            f"这台电脑上不能打印：缺少 Qt 打印组件（{exc}）",
            f"Printing is not available on this PC: Qt's print support is missing ({exc})",
            field="--printer",
        ) from None
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0] if sys.argv else "station"])
    try:
        printer = make_printer(PrinterChoice(printer_name, paper))
        printer.setDocName(title)
        return print_pdf(pdf, printer)
    except PrintProblem as exc:
        raise PrinterProblem(exc.zh, exc.en, field="--printer") from None
    finally:
        del app


def main(argv: Sequence[str] | None = None) -> int:
    """The console entry point: a command, or the window when none is given."""
    return run(sys.argv[1:] if argv is None else argv, open_station, start_gui, print_on)


def main_gui() -> int:
    """The windowed entry point (``station-desk``): the same as ``main`` without a command."""
    return main()


if __name__ == "__main__":
    sys.exit(main())
