"""The dependency direction ui → station_app → db, as `make test` checks it with import-linter.

The contracts live in pyproject.toml ([tool.importlinter]). Each test runs `lint-imports` on
that same file: once on the real tree, and on small package trees built in a temporary folder,
so that a violating import is shown to be caught without touching the real modules.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
CONTRACT_IDS = {"no-qt-below-ui", "db-below-station-app", "layers"}

# A small tree shaped like the real one, with only allowed imports; main.py is the
# composition root and imports every layer.
CLEAN_TREE = {
    "db/__init__.py": "",
    "db/models.py": "import sqlalchemy\n",
    "station_app/__init__.py": "",
    "station_app/clock.py": "",
    "station_app/ledger.py": "from db import models\nfrom station_app import clock\n",
    "ui/__init__.py": "",
    "ui/window.py": "import PySide6.QtWidgets\nfrom station_app import ledger\n",
    "main.py": (
        "import PySide6.QtWidgets\nimport db.models\nimport station_app.ledger\nimport ui.window\n"
    ),
}


def contract_names() -> dict[str, str]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}


def lint_imports(cwd: Path) -> tuple[int, dict[str, str], str]:
    """Run the contracts of pyproject.toml on the packages in ``cwd``.

    Returns the exit code, each contract's verdict by id (KEPT / BROKEN) and the report.
    """
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe is not None, "lint-imports is missing: pip install -e '.[dev]'"
    done = subprocess.run(
        [exe, "--no-cache", "--no-logo", str(PYPROJECT)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    report = done.stdout + done.stderr
    by_name = {name: contract_id for contract_id, name in contract_names().items()}
    verdicts = {
        by_name[m.group(1)]: m.group(2)
        for m in re.finditer(r"^(.+) (KEPT|BROKEN)$", report, re.MULTILINE)
        if m.group(1) in by_name
    }
    return done.returncode, verdicts, report


def build_tree(root: Path, extra: dict[str, str]) -> Path:
    """The clean tree, with ``extra`` lines appended to (or new modules added at) its paths."""
    files = dict(CLEAN_TREE)
    for rel, code in extra.items():
        files[rel] = files.get(rel, "") + code
    for rel, code in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code, encoding="utf-8")
    return root


def test_pyproject_declares_the_three_contracts() -> None:
    assert set(contract_names()) == CONTRACT_IDS


def test_real_tree_keeps_every_contract() -> None:
    code, verdicts, report = lint_imports(ROOT)
    assert verdicts == dict.fromkeys(CONTRACT_IDS, "KEPT"), report
    assert code == 0, report


def test_clean_tree_with_composition_root_keeps_every_contract(tmp_path: Path) -> None:
    code, verdicts, report = lint_imports(build_tree(tmp_path, {}))
    assert verdicts == dict.fromkeys(CONTRACT_IDS, "KEPT"), report
    assert code == 0, report


@pytest.mark.parametrize(
    ("extra", "broken", "chain"),
    [
        (
            {"station_app/ledger.py": "import PySide6.QtCore\n"},
            {"no-qt-below-ui"},
            "station_app.ledger -> PySide6",
        ),
        (
            {"db/models.py": "from PySide6 import QtCore\n"},
            {"no-qt-below-ui"},
            "db.models -> PySide6",
        ),
        (
            {"station_app/slips.py": "def render() -> None:\n    import shiboken6\n"},
            {"no-qt-below-ui"},
            "station_app.slips -> shiboken6",
        ),
        (
            {"station_app/ledger.py": "from ui import window\n"},
            {"no-qt-below-ui", "layers"},
            "station_app.ledger -> ui.window",
        ),
        (
            {"db/models.py": "from station_app import clock\n"},
            {"db-below-station-app", "layers"},
            "db.models -> station_app.clock",
        ),
    ],
    ids=["app-imports-qt", "db-imports-qt", "app-imports-shiboken", "app-imports-ui", "db-up"],
)
def test_violating_import_breaks_the_contract(
    tmp_path: Path, extra: dict[str, str], broken: set[str], chain: str
) -> None:
    code, verdicts, report = lint_imports(build_tree(tmp_path, extra))
    assert code != 0, report
    assert verdicts == {c: "BROKEN" if c in broken else "KEPT" for c in CONTRACT_IDS}, report
    assert chain in report
