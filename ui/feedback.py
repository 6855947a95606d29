"""Small helpers for what the window says: catalog names and filled-in messages."""

from __future__ import annotations


def display_name(zh: str, en: str, lang: str) -> str:
    """A catalog name (category, service) in the window's language; Chinese if no English."""
    return en if lang == "en" and en else zh


def fill(template: str, *values: object) -> str:
    """Put ``values`` into a translated ``template``'s %1, %2 … (Qt's QString.arg style)."""
    for i in range(len(values), 0, -1):  # %10 before %1
        template = template.replace(f"%{i}", str(values[i - 1]))
    return template
