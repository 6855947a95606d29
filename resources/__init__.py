"""Icons, styles, translations and the default catalog, shipped with the package."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).parent
