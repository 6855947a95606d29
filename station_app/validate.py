"""Checks on what people type. Each failure names the field in both languages."""

from __future__ import annotations

import re
from datetime import date, datetime

from station_app.errors import InvalidInput

Field = tuple[str, str]  # (中文名, English name)


def text(value: object, field: Field, *, max_len: int, required: bool = True) -> str:
    zh, en = field
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{zh}必须是文字", f"{en} must be text", field=en)
    value = " ".join(value.split())
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
        if not re.fullmatch(r"[+-]?\d+", s):
            raise InvalidInput(
                f"{zh}必须是整数（收到“{value}”）",
                f"{en} must be a whole number (got {value!r})",
                field=en,
            )
        value = int(s)
    if not isinstance(value, int):
        raise InvalidInput(f"{zh}必须是整数", f"{en} must be a whole number", field=en)
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


def a_date(value: object, field: Field) -> date:
    """A calendar date (a datetime is not one)."""
    zh, en = field
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput(f"{zh}必须是日期", f"{en} must be a date", field=en)
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
            f"{zh}应为 11 位手机号码（收到“{value}”）",
            f"{en} must be an 11-digit mobile number (got {value!r})",
            field=en,
        )
    return s


def phone_last4(value: object, field: Field = ("手机尾号", "Phone last 4")) -> str:
    zh, en = field
    s = text(value, field, max_len=4)
    if not re.fullmatch(r"\d{4}", s):
        raise InvalidInput(
            f"{zh}应为 4 位数字（收到“{value}”）",
            f"{en} must be 4 digits (got {value!r})",
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
