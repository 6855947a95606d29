"""The scale benchmark still runs, caches its demos and reports every row (its numbers and
targets are not judged here: timing is not for tests)."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from db.migrate import head_revision

REPO = Path(__file__).resolve().parents[2]
OPERATIONS = (
    "check-in (tap)",
    "check-out",
    "scan member card",
    "stock issue",
    "relief handout",
    "levels",
    "low stock",
    "expiring soon",
    "today's register",
    "db check",
    "db check per MiB",
)
NUMBER = r"\s+(\d+\.\d+)"


def run_bench(cache: Path, runs: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "benchmarks/scale_bench.py",
            "--ages",
            "3,2",
            "--repeat",
            "3",
            "--cache",
            str(cache),
            "--dir",
            str(runs),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_scale_benchmark_reports_every_operation_and_keeps_its_cache(tmp_path: Path) -> None:
    cache, runs = tmp_path / "cache", tmp_path / "runs"
    runs.mkdir()
    first = run_bench(cache, runs)
    assert first.returncode in (0, 1), first.stderr
    assert "2-day demo: building" in first.stderr and "3-day demo: building" in first.stderr

    head = head_revision()
    built = {p.name: digest(p) for p in cache.iterdir()}
    assert sorted(built) == [
        f"demo-2d-seed1-end2026-07-31-rev{head}.db",
        f"demo-3d-seed1-end2026-07-31-rev{head}.db",
    ]

    out = first.stdout
    for label in OPERATIONS:
        # one row per operation: median and p99 at 2 d, then at 3 d, then the ratio
        m = re.search(r"^" + re.escape(label) + r"\*?" + NUMBER * 5 + r"x$", out, re.M)
        assert m is not None, f"{label}\n{out}"
        med2, p99_2, med3, p99_3, ratio = (float(g) for g in m.groups())
        assert 0 < med2 <= p99_2 and 0 < med3 <= p99_3
        assert abs(ratio - med3 / med2) <= 0.01 + 0.01 * ratio  # oldest over youngest
    assert "judged\n  on the time per MiB" in out  # the footnote under the table

    sizes = re.search(r"^database size \(MiB\)" + NUMBER * 2 + "$", out, re.M)
    visits = re.search(r"^visits\s+(\d+)\s+(\d+)$", out, re.M)
    per_visit = re.search(r"^bytes per visit\s+(\d+)\s+(\d+)$", out, re.M)
    assert sizes and visits and per_visit, out
    for i, days in enumerate((2, 3), start=1):
        db = cache / f"demo-{days}d-seed1-end2026-07-31-rev{head}.db"
        size = db.stat().st_size
        copy = shutil.copyfile(db, tmp_path / db.name)  # opening the cached file leaves -shm
        with closing(sqlite3.connect(copy)) as conn:
            n = conn.execute("SELECT count(*) FROM visit").fetchone()[0]
        assert float(sizes[i]) == round(size / 1024 / 1024, 2)
        assert int(visits[i]) == n > 0
        assert int(per_visit[i]) == round(size / n)
    assert re.search(r"^peak memory \(max RSS\) of the timing phase: \d+\.\d MiB", out, re.M)

    verdicts = re.findall(r"^(PASS|FAIL)  ", out, re.M)
    # ten scaling targets (db check on its time per MiB), six time limits (two writes, four lists)
    assert len(verdicts) == 10 + 6
    assert first.returncode == (1 if "FAIL" in verdicts else 0)
    assert ("target(s) NOT met" in out) == ("FAIL" in verdicts)
    assert list(runs.iterdir()) == []  # the timed copies are cleaned away

    second = run_bench(cache, runs)
    assert second.returncode in (0, 1), second.stderr
    assert "building" not in second.stderr
    assert "2-day demo: cached" in second.stderr and "3-day demo: cached" in second.stderr
    assert {p.name: digest(p) for p in cache.iterdir()} == built  # used, never changed
    assert list(runs.iterdir()) == []
