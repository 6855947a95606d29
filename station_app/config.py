"""Where the database and the PIN pepper live. Read at start, never at import."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from db.files import private_dir

APP_NAME = "StationDesk"
APP_AUTHOR = "StationDesk"


@dataclass(frozen=True)
class Config:
    db_url: str
    data_dir: Path
    backup_dir: Path
    pepper_file: Path
    tz_name: str | None
    # No --db and no STATION_DB_URL: the station.db in the data folder, which the
    # window sets up on first start (a path given by hand must exist: a typo must
    # not quietly make a second, empty station).
    db_is_default: bool = False

    def pepper(self) -> bytes:
        """The secret mixed into PIN hashes, kept outside the database.

        Created on first use. A stolen database alone does not let anyone
        brute-force the 4–12 digit PINs; every kiosk sharing one database
        needs the same pepper file.
        """
        path = self.pepper_file
        if not path.exists():
            private_dir(path.parent)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32))
        return bytes.fromhex(path.read_text(encoding="ascii").strip())


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


def load_config(db: str | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Build the configuration from ``--db`` and the environment.

    ``--db`` (or ``STATION_DB_URL``) is a SQLAlchemy URL or a plain file path
    (taken as SQLite). ``STATION_DATA_DIR`` moves the per-user data folder;
    ``STATION_PEPPER_FILE`` and ``STATION_TZ`` (an IANA zone such as
    Asia/Shanghai) are optional.
    """
    env = os.environ if env is None else env
    data_dir = Path(env.get("STATION_DATA_DIR") or default_data_dir())
    raw = db or env.get("STATION_DB_URL") or ""
    if not raw:
        url = sqlite_url(data_dir / "station.db")
    elif "://" in raw:
        url = raw
    else:
        url = sqlite_url(Path(raw))
    backup_dir = Path(env.get("STATION_BACKUP_DIR") or data_dir / "backups")
    pepper_file = Path(env.get("STATION_PEPPER_FILE") or data_dir / "pepper.key")
    return Config(
        db_url=url,
        data_dir=data_dir,
        backup_dir=backup_dir,
        pepper_file=pepper_file,
        tz_name=env.get("STATION_TZ") or None,
        db_is_default=not raw,
    )
