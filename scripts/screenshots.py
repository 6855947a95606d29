"""Save a screenshot of every page of the window, in both languages, to look at.

    python scripts/screenshots.py [--out out/screenshots] [--size 1280x800] [--days 30]

Builds a demo station (``main.py demo``) in a temporary folder, signs its supervisor in,
and saves ``<lang>-<page>.png`` for the check-in screen and every page of the side bar.
Runs offscreen unless a display is set. The output folder (``out/`` by default) is not
committed. Not run by the tests: it is for a person to look at what the window shows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "screenshots")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.lower().split("x"))
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="station-shots-"))
    db = work / "station.db"
    env = {**os.environ, "STATION_DATA_DIR": str(work / "data")}
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            str(db),
            "demo",
            "--days",
            str(args.days),
            "--seed",
            "1",
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(env)

    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    from main import open_station
    from station_app.config import load_config
    from ui.app import build_window, make_application
    from ui.i18n import install_translators
    from ui.ops import Ops

    runtime = open_station(load_config(str(db)))
    app = make_application([sys.argv[0]], "zh_CN")
    actor = runtime.services.users.login("演示负责人", "2580")
    args.out.mkdir(parents=True, exist_ok=True)
    ops = Ops()
    window = build_window(runtime.services, actor, "zh_CN", ops=ops)
    window.resize(width, height)
    window.show()

    def settle() -> None:
        for _ in range(20):
            app.processEvents()
            ops.wait(5000)
        app.processEvents()

    for lang in ("zh_CN", "en"):
        if lang != window.lang:
            window.set_language(lang)
        else:
            install_translators(app, lang)
        for key in ["home", *window.page_keys()]:
            window.open_page(key)
            settle()
            path = args.out / f"{lang}-{key}.png"
            window.grab().save(str(path))
            print(path)
    window.close()
    ops.wait()
    runtime.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
