"""Files that hold personal data (the database and every copy of it) are the owner's alone.

SQLite and Python create files readable by every user of the computer (0644
under the usual umask), and the database holds phone numbers. On POSIX the
files made here are 0600 and the folders 0700, like ``pepper.key``; SQLite
gives a database's ``-wal``, ``-shm`` and ``-journal`` the database file's own
mode. On Windows the per-user data folder is private already and the modes
are ignored. Files and folders that exist already are left as they are.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> None:
    """Make the folder ``path`` (and its parents) if missing; ``path`` itself owner-only."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and owner-only unless it exists; whether it was created.

    An empty file is a valid empty SQLite database, so SQLite opens it as a new one.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def copy_private(source: Path, target: Path) -> None:
    """Copy the bytes of ``source`` into a new owner-only ``target``, keeping its times.

    Unlike :func:`shutil.copy2` the copy does not take the source's mode.
    """
    private_dir(target.parent)
    create_private_file(target)
    shutil.copyfile(source, target)
    st = source.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
