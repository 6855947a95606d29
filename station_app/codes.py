"""The texts printed as QR codes on slips, cards and vouchers, and their signatures.

A code is what a USB scanner types at the kiosk: ``SD1`` (the format and key
version), one letter for the kind, then upper-case base32 (no padding) of

    station tag (3 bytes) | number (4 bytes, big-endian) | signature (10 bytes)

32 ASCII characters in QR's alphanumeric set, so a code fits a version 2 QR on a
58 mm slip. The number is the visit's, member's or voucher's id. The signature is
HMAC-SHA256 under the station's own secret (made at ``init``, kept in the database
so backups carry it, shown nowhere) over everything before it, cut to 80 bits.
The station tag is derived from the secret too, so a code from another station is
named as such instead of looking forged. A code carries no personal data: the
signature proves the station made it; it hides nothing.

:func:`read` checks only the text and the signature. Whether the visit is still
open, the card active or the voucher unused is the database's to say
(:mod:`station_app.scans`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Final

from station_app.errors import StationError

FORMAT: Final = "SD1"  # the code format and the station key's version
VISIT: Final = "V"  # visit slip: scanned on the way out
MEMBER: Final = "M"  # member card: scanned to check in or out
VOUCHER: Final = "R"  # relief voucher: redeemed once
KINDS: Final = {VISIT: "visit", MEMBER: "member", VOUCHER: "voucher"}

TAG_BYTES: Final = 3
NUMBER_BYTES: Final = 4
MAC_BYTES: Final = 10  # 80 bits, the floor RFC 2104 recommends for a cut HMAC
BODY_CHARS: Final = 28  # base32 of 17 bytes without its padding
CODE_CHARS: Final = len(FORMAT) + 1 + BODY_CHARS
MAX_NUMBER: Final = 2 ** (8 * NUMBER_BYTES) - 1
MAX_SCAN_CHARS: Final = 200  # longer input is refused before anything is decoded
_BASE32: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

# Why a code was refused; the kiosk shows the message, tests look at the reason.
MALFORMED: Final = "malformed"
BAD_SIGNATURE: Final = "bad_signature"
OTHER_STATION: Final = "other_station"
EXPIRED: Final = "expired"
NOT_YET: Final = "not_yet"  # a voucher for a campaign that has not started
REVOKED: Final = "revoked"
USED: Final = "used"
DEACTIVATED: Final = "deactivated"
UNKNOWN: Final = "unknown"


class CodeRefused(StationError):
    """A scanned code that cannot be used, and why (``reason``, one of the constants)."""

    def __init__(self, reason: str, zh: str, en: str) -> None:
        super().__init__(zh, en, field="Code")
        self.reason = reason


@dataclass(frozen=True)
class Code:
    """A code whose signature checked out: its kind letter and the id it names."""

    kind: str
    number: int

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind]


def _key(secret: str) -> bytes:
    return secret.encode("utf-8")


def station_tag(secret: str) -> bytes:
    """Three bytes that tell this station's codes from another's (not a secret)."""
    return hmac.new(_key(secret), b"station-tag", hashlib.sha256).digest()[:TAG_BYTES]


def _mac(secret: str, kind: str, tag: bytes, number: bytes) -> bytes:
    message = FORMAT.encode("ascii") + kind.encode("ascii") + tag + number
    return hmac.new(_key(secret), message, hashlib.sha256).digest()[:MAC_BYTES]


def make(secret: str, kind: str, number: int) -> str:
    """The code text for the visit, member or voucher ``number`` of this station."""
    if kind not in KINDS:
        raise ValueError(f"unknown code kind {kind!r}")
    if not 0 < number <= MAX_NUMBER:
        raise ValueError(f"code number out of range: {number}")
    tag = station_tag(secret)
    raw = number.to_bytes(NUMBER_BYTES, "big")
    body = base64.b32encode(tag + raw + _mac(secret, kind, tag, raw)).decode("ascii")
    return FORMAT + kind + body.rstrip("=")


def looks_signed(text: str) -> bool:
    """Whether ``text`` is meant as one of these codes (starts like one, any case)."""
    return text[: len(FORMAT)].upper() == FORMAT


def _malformed(zh: str, en: str) -> CodeRefused:
    return CodeRefused(MALFORMED, f"无法识别的码：{zh}", f"Not a code this station can read: {en}")


def check_text(text: object) -> str:
    """The scanned text, refused if it cannot be any code: not text, empty, far too
    long, or with control or non-ASCII characters (a scanner types plain ASCII)."""
    if not isinstance(text, str):
        raise _malformed("不是文字", "it is not text")
    if not text:
        raise _malformed("内容为空", "it is empty")
    if len(text) > MAX_SCAN_CHARS:
        raise _malformed(f"太长（{len(text)} 个字符）", f"it is too long ({len(text)} characters)")
    if any(not (" " <= ch <= "~") for ch in text):
        raise _malformed(
            "含有控制字符或非 ASCII 字符", "it contains control or non-ASCII characters"
        )
    return text


def read(secret: str, text: object) -> Code:
    """The kind and number of a code made by this station, or :class:`CodeRefused`."""
    code = check_text(text)
    if " " in code:
        raise _malformed("中间有空格", "it contains spaces")
    if code != code.upper():
        raise _malformed(
            "含有小写字母（扫码枪开了大写锁定？请关闭 Caps Lock 后重扫）",
            "it has lower-case letters (is Caps Lock on? turn it off and scan again)",
        )
    if not code.startswith(FORMAT):
        raise _malformed(f"开头应为 {FORMAT}", f"it should start with {FORMAT}")
    kind = code[len(FORMAT) : len(FORMAT) + 1]
    if kind not in KINDS:
        raise _malformed("种类字母不对", "its kind letter is wrong")
    body = code[len(FORMAT) + 1 :]
    if len(body) != BODY_CHARS:
        short = len(body) < BODY_CHARS
        raise _malformed(
            "长度不对（少了字符）" if short else "长度不对（多了字符）",
            "it is too short (cut off?)" if short else "it has extra characters",
        )
    if not set(body) <= _BASE32:
        raise _malformed("含有不该出现的字符", "it contains characters a code never has")
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except ValueError:
        raise _malformed("内容损坏", "it is damaged") from None
    if base64.b32encode(raw).decode("ascii").rstrip("=") != body:
        # The last character carries unused bits: only the one canonical spelling counts.
        raise _malformed("内容损坏", "it is damaged")
    tag, number = raw[:TAG_BYTES], raw[TAG_BYTES : TAG_BYTES + NUMBER_BYTES]
    mac = raw[TAG_BYTES + NUMBER_BYTES :]
    if not hmac.compare_digest(tag, station_tag(secret)):
        raise CodeRefused(
            OTHER_STATION,
            "这是其他站点的码，本站不能使用",
            "This code belongs to another station and cannot be used here",
        )
    if not hmac.compare_digest(mac, _mac(secret, kind, tag, number)):
        raise CodeRefused(
            BAD_SIGNATURE,
            "码的签名不对：可能被改动过，不能使用",
            "The code's signature does not match: it may have been altered and cannot be used",
        )
    value = int.from_bytes(number, "big")
    if value == 0:
        raise CodeRefused(BAD_SIGNATURE, "码的编号不对", "The code's number is not valid")
    return Code(kind, value)
