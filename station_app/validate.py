"""Checks on what people type. Each failure names the field in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from itertools import islice

from station_app.errors import InvalidInput

Field = tuple[str, str]  # (中文名, English name)

# What the database can hold: a signed 64-bit integer, and dates whose day before
# and day after (in any time zone) are still dates.
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9998, 12, 31)
MAX_LIST = 1000
_MAX_DIGITS = 30
_SHOWN = 40


def shown(value: object) -> str:
    """``value`` as a message may quote it: always printable, at most 40 characters."""
    s = value if isinstance(value, str) else repr(value)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return s if len(s) <= _SHOWN else s[:_SHOWN] + "…"


def _unicode(value: str, field: Field) -> str:
    """``value``, unless it holds characters no file or database can store (lone
    surrogates, left by a broken copy and paste or a bad file)."""
    zh, en = field
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            f"{zh}含有无法识别的字符，请重新输入",
            f"{en} contains characters that are not valid text: type it again",
            field=en,
        ) from None
    return value


def text(value: object, field: Field, *, max_len: int, required: bool = True) -> str:
    zh, en = field
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{zh}必须是文字", f"{en} must be text", field=en)
    value = " ".join(_unicode(value, field).split())
    if required and not value:
        raise InvalidInput(f"{zh}不能为空", f"{en} must not be empty", field=en)
    if len(value) > max_len:
        raise InvalidInput(
            f"{zh}太长（最多 {max_len} 个字，现有 {len(value)} 个）",
            f"{en} is too long ({len(value)} characters, at most {max_len})",
            field=en,
        )
    return value


def optional_text(value: object, field: Field, *, max_len: int) -> str | None:
    result = text(value, field, max_len=max_len, required=False)
    return result or None


def integer(
    value: object, field: Field, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    zh, en = field
    if isinstance(value, bool):
        raise InvalidInput(f"{zh}必须是整数", f"{en} must be a whole number", field=en)
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidInput(f"{zh}必须是整数", f"{en} must be a whole number", field=en)
        value = int(value)
    if isinstance(value, str):
        s = value.strip()
        if len(s) > _MAX_DIGITS or not re.fullmatch(r"[+-]?\d+", s):
            raise InvalidInput(
                f"{zh}必须是整数（收到“{shown(value)}”）",
                f"{en} must be a whole number (got {shown(value)!r})",
                field=en,
            )
        value = int(s)
    if not isinstance(value, int):
        raise InvalidInput(f"{zh}必须是整数", f"{en} must be a whole number", field=en)
    if not INT_MIN <= value <= INT_MAX:
        raise InvalidInput(
            f"{zh}超出范围（收到 {shown(value)}）",
            f"{en} is out of range (got {shown(value)})",
            field=en,
        )
    if minimum is not None and value < minimum:
        raise InvalidInput(
            f"{zh}不能小于 {minimum}（收到 {value}）",
            f"{en} must be at least {minimum} (got {value})",
            field=en,
        )
    if maximum is not None and value > maximum:
        raise InvalidInput(
            f"{zh}不能大于 {maximum}（收到 {value}）",
            f"{en} must be at most {maximum} (got {value})",
            field=en,
        )
    return value


def an_id(value: object, field: Field) -> int:
    """The number of a record (visit, member, loan …): a whole number from 1 up."""
    return integer(value, field, minimum=1)


def optional_id(value: object, field: Field) -> int | None:
    return None if value is None else an_id(value, field)


def name_or_id(value: object, field: Field) -> str | int:
    """An item, category or service given by its name or its id, as given (the caller
    looks it up); refused when it can be neither."""
    zh, en = field
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidInput(
            f"{zh}必须是名称或编号（收到“{shown(value)}”）",
            f"{en} must be a name or an id (got {shown(value)})",
            field=en,
        )
    if isinstance(value, int):
        return integer(value, field)
    return _unicode(value, field)


def names_or_ids(value: object, field: Field) -> list[str | int]:
    """Several names or ids: a list (tuple, generator …) of them, or a single one.
    None is none at all."""
    if value is None:
        return []
    if isinstance(value, str | int) and not isinstance(value, bool):
        return [name_or_id(value, field)]
    return [name_or_id(v, field) for v in a_list(value, field)]


def a_list(value: object, field: Field, *, max_items: int = MAX_LIST) -> list[object]:
    """The items of a list, tuple, set or generator (read once), at most ``max_items``.
    Text, bytes and mappings are refused: their letters or keys are not a list."""
    zh, en = field
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise InvalidInput(f"{zh}必须是一个列表", f"{en} must be a list", field=en)
    items = list(islice(value, max_items + 1))
    if len(items) > max_items:
        raise InvalidInput(
            f"{zh}最多 {max_items} 项",
            f"{en} has more than {max_items} entries",
            field=en,
        )
    return items


def a_date(value: object, field: Field) -> date:
    """A calendar date (a datetime is not one) from 1900 to 9998."""
    zh, en = field
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput(f"{zh}必须是日期", f"{en} must be a date", field=en)
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InvalidInput(
            f"{zh}超出范围（收到 {value}，应在 {FIRST_DAY} 到 {LAST_DAY} 之间）",
            f"{en} is out of range (got {value}, must be from {FIRST_DAY} to {LAST_DAY})",
            field=en,
        )
    return value


def optional_date(value: object, field: Field) -> date | None:
    return None if value is None else a_date(value, field)


def a_moment(value: object, field: Field) -> datetime:
    """A point in time: a datetime with its time zone, within the dates :func:`a_date` takes."""
    zh, en = field
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidInput(
            f"{zh}必须是带时区的日期时间", f"{en} must be a date and time with its zone", field=en
        )
    a_date(value.date(), field)
    return value


def quantity(value: object, field: Field = ("数量", "Quantity")) -> int:
    """A positive whole number of the item's unit."""
    return integer(value, field, minimum=1, maximum=1_000_000)


def phone(value: object, field: Field = ("手机号", "Phone")) -> str:
    zh, en = field
    s = re.sub(r"[\s-]", "", text(value, field, max_len=20))
    if s.startswith("+86"):
        s = s[3:]
    if not re.fullmatch(r"1\d{10}", s):
        raise InvalidInput(
            f"{zh}应为 11 位手机号码（收到“{shown(value)}”）",
            f"{en} must be an 11-digit mobile number (got {shown(value)!r})",
            field=en,
        )
    return s


def phone_last4(value: object, field: Field = ("手机尾号", "Phone last 4")) -> str:
    zh, en = field
    s = text(value, field, max_len=4)
    if not re.fullmatch(r"\d{4}", s):
        raise InvalidInput(
            f"{zh}应为 4 位数字（收到“{shown(value)}”）",
            f"{en} must be 4 digits (got {shown(value)!r})",
            field=en,
        )
    return s


def mask_phone(number: str | None) -> str:
    """138****1234 — the only form in which a phone number leaves a service."""
    if not number:
        return ""
    if len(number) < 7:
        return "*" * len(number)
    return f"{number[:3]}****{number[-4:]}"


def not_future(when: datetime, now: datetime, field: Field) -> datetime:
    zh, en = field
    if when > now:
        raise InvalidInput(f"{zh}不能晚于现在", f"{en} cannot be in the future", field=en)
    return when


def date_range(start: date, end: date, field: Field) -> None:
    zh, en = field
    if end < start:
        raise InvalidInput(
            f"{zh}的结束日期早于开始日期", f"{en}: the end date is before the start date", field=en
        )


def mask_name(name: str | None) -> str:
    """张* / 欧阳** / L***: a name as shown on a screen or slip others can see, its
    first character kept (at most three stars, whatever the length)."""
    if not name:
        return ""
    name = name.strip()
    return name[:1] + "*" * min(max(len(name) - 1, 1), 3)
