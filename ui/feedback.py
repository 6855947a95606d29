"""Small helpers for what the window says: catalog names, filled-in messages, failures."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from station_app.errors import StationError
from station_app.problems import problem_of

T = TypeVar("T")


def attempt(action: Callable[[], T], complain: Callable[[StationError], None]) -> T | None:
    """Run a service call; a refusal or a failing database is handed to ``complain``
    (and None returned) instead of vanishing into Qt's event loop. A bug still raises."""
    try:
        return action()
    except Exception as exc:
        problem = problem_of(exc)
        if problem is None:
            raise
        complain(problem)
        return None


def display_name(zh: str, en: str, lang: str) -> str:
    """A catalog name (category, service) in the window's language; Chinese if no English."""
    return en if lang == "en" and en else zh


def fill(template: str, *values: object) -> str:
    """Put ``values`` into a translated ``template``'s %1, %2 … (Qt's QString.arg style)."""
    for i in range(len(values), 0, -1):  # %10 before %1
        template = template.replace(f"%{i}", str(values[i - 1]))
    return template
