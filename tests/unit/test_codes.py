"""Signed codes: the text format, and that no change to a code's text gets through."""

from __future__ import annotations

import secrets

import pytest
import qrcode
from hypothesis import given
from hypothesis import strategies as st

from station_app import codes
from station_app.codes import CodeRefused
from station_app.errors import StationError

SECRET = secrets.token_hex(32)
OTHER = secrets.token_hex(32)
KIND = st.sampled_from(sorted(codes.KINDS))
NUMBER = st.integers(min_value=1, max_value=codes.MAX_NUMBER)
QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


@given(KIND, NUMBER)
def test_a_code_reads_back_as_what_it_was_made_for(kind: str, number: int) -> None:
    text = codes.make(SECRET, kind, number)
    assert len(text) == codes.CODE_CHARS == 32
    assert set(text) <= QR_ALPHANUMERIC
    assert text.startswith("SD1" + kind)
    assert codes.read(SECRET, text) == codes.Code(kind, number)


def test_a_code_fits_a_version_2_qr_at_level_m() -> None:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(codes.make(SECRET, codes.VISIT, codes.MAX_NUMBER))
    qr.make(fit=True)
    assert qr.version == 2


@given(KIND, NUMBER, st.data())
def test_any_change_to_a_code_is_refused(kind: str, number: int, data: st.DataObject) -> None:
    text = codes.make(SECRET, kind, number)
    pos = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    new = data.draw(st.sampled_from(sorted(QR_ALPHANUMERIC - {text[pos]})))
    changed = text[:pos] + new + text[pos + 1 :]
    with pytest.raises(CodeRefused) as exc:
        codes.read(SECRET, changed)
    assert exc.value.zh and exc.value.en and exc.value.field == "Code"


@given(KIND, NUMBER, st.integers(min_value=1, max_value=31))
def test_a_cut_or_lengthened_code_is_refused(kind: str, number: int, keep: int) -> None:
    text = codes.make(SECRET, kind, number)
    for bad in (text[:keep], text + "A", text + text):
        with pytest.raises(CodeRefused) as exc:
            codes.read(SECRET, bad)
        assert exc.value.reason == codes.MALFORMED


@given(st.one_of(st.text(max_size=300), st.binary(max_size=300), st.integers(), st.none()))
def test_read_never_raises_anything_but_a_refusal(junk: object) -> None:
    try:
        codes.read(SECRET, junk)
    except StationError:
        return
    raise AssertionError(f"accepted junk {junk!r}")  # junk cannot carry a valid signature


def test_refusals_name_the_reason() -> None:
    text = codes.make(SECRET, codes.MEMBER, 42)
    cases = {
        "sd1" + text[3:]: codes.MALFORMED,  # lower case
        text.lower(): codes.MALFORMED,
        text[:10] + " " + text[10:]: codes.MALFORMED,
        "XX1" + text[3:]: codes.MALFORMED,  # wrong prefix
        "SD1Q" + text[4:]: codes.MALFORMED,  # no such kind
        text + "\x00": codes.MALFORMED,
        "SD1V" + "é" * 28: codes.MALFORMED,
        "S" * 5000: codes.MALFORMED,
        codes.make(OTHER, codes.MEMBER, 42): codes.OTHER_STATION,
        "SD1V" + text[4:]: codes.BAD_SIGNATURE,  # same body, another kind
    }
    for bad, reason in cases.items():
        with pytest.raises(CodeRefused) as exc:
            codes.read(SECRET, bad)
        assert exc.value.reason == reason, bad
    with pytest.raises(CodeRefused, match="Caps Lock"):
        codes.read(SECRET, text.lower())


def test_a_code_forged_with_the_right_tag_but_no_secret_is_refused() -> None:
    """Someone who has seen a code knows the station tag; without the secret the
    signature of another number cannot be made."""
    import base64

    seen = codes.make(SECRET, codes.VOUCHER, 7)
    raw = base64.b32decode(seen[4:] + "====")
    forged_raw = raw[:3] + (8).to_bytes(4, "big") + raw[7:]
    forged = "SD1R" + base64.b32encode(forged_raw).decode().rstrip("=")
    with pytest.raises(CodeRefused) as exc:
        codes.read(SECRET, forged)
    assert exc.value.reason == codes.BAD_SIGNATURE


def test_make_refuses_numbers_a_code_cannot_hold() -> None:
    for bad in (0, -1, codes.MAX_NUMBER + 1):
        with pytest.raises(ValueError):
            codes.make(SECRET, codes.VISIT, bad)
    with pytest.raises(ValueError):
        codes.make(SECRET, "Z", 1)
