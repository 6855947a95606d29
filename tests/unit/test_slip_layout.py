"""The slips' layout (page sizes, growth, refusals, wrapping) and the choice of Chinese font."""

from __future__ import annotations

import itertools
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
import reportlab
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics

from station_app import fonts
from station_app.errors import InvalidInput, StationError
from station_app.fonts import (
    ENV_VAR,
    FontMissing,
    find_cjk_font,
    font_folders,
    missing_characters,
    register_cjk_font,
)
from station_app.slip_layout import (
    _NO_LINE_START,
    ALLOWED_SIZES,
    MM,
    SIZES,
    MemberCard,
    ReliefVoucher,
    Slip,
    StationPoster,
    VisitSlip,
    _type,
    render_card_sheets,
    render_pdf,
)

TZ = ZoneInfo("Asia/Shanghai")
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # Latin only, ships with reportlab

VISIT = VisitSlip(
    station_name="解放路爱心驿家",
    visit_no=123,
    checked_in_at=datetime(2026, 7, 1, 9, 5, tzinfo=TZ),
    category="外卖骑手",
    services_on_offer=("饮水", "充电"),
    hotline="12351",
    care_line="天热多喝水，注意防暑",
    code="SD1VABCDEFGHJKLMNPQRSTUVWXYZ234567AB",
)
CARD = MemberCard(
    station_name="解放路爱心驿家",
    holder="小王",
    category="快递员",
    card_no="MK7Q2XH9PA",
    hotline="12351",
    code="SD1MK7Q2XH9PAJKLMNPQRSTUVWXYZ2345",
)
VOUCHER = ReliefVoucher(
    station_name="解放路爱心驿家",
    campaign="2026 夏季送清凉",
    claimant="张* (尾号 8765)",
    package=("矿泉水 × 2瓶",),
    valid_until=date(2026, 8, 31),
    voucher_no=45,
    code="SD1RABCDEFGHJKLMNPQRSTUVWXYZ2345",
)
POSTER = StationPoster(
    station_name="解放路爱心驿家",
    kind_label="爱心驿家 · 妈咪暖心小屋",
    address="杭州市上城区解放路 88 号",
    hours="每天 07:00-21:00",
    hotline="12351",
    services=("饮水", "充电", "热饭", "休息", "母婴室"),
    station_qr="解放路爱心驿家\n地址：杭州市上城区解放路 88 号\n服务热线：12351",
    wifi_qr="WIFI:T:WPA;S:JFL-Station;P:care2026;;",
    wifi_name="JFL-Station",
)
ALL: tuple[Slip, ...] = (VISIT, CARD, VOUCHER, POSTER)
PAGE_MM = {"card": (85.6, 54.0), "a6": (105.0, 148.0), "a4": (210.0, 297.0)}


def pages(pdf_bytes: bytes) -> list[tuple[float, float]]:
    """Each page's (width, height) in millimetres."""
    with pdfium.PdfDocument(pdf_bytes) as pdf:
        sizes = [pdf[i].get_size() for i in range(len(pdf))]
    return [(w / MM, h / MM) for w, h in sizes]


def metadata(pdf_bytes: bytes) -> dict[str, str]:
    with pdfium.PdfDocument(pdf_bytes) as pdf:
        return dict(pdf.get_metadata_dict())


@pytest.mark.parametrize(
    ("slip", "size"),
    [(s, size) for s in ALL for size in ALLOWED_SIZES[type(s)]],
    ids=lambda v: v if isinstance(v, str) else type(v).__name__,
)
def test_every_kind_renders_one_page_of_its_paper_size(slip: Slip, size: str) -> None:
    data = render_pdf(slip, size)
    assert data[:5] == b"%PDF-"
    [(width, height)] = pages(data)
    if size in ("58mm", "80mm"):
        assert width == pytest.approx(int(size[:2]), abs=0.01)
        assert 40 < height < 400  # as long as its content, not a fixed sheet
    else:
        assert (width, height) == pytest.approx(PAGE_MM[size], abs=0.01)


def test_the_sizes_each_kind_allows() -> None:
    assert SIZES == ("58mm", "80mm", "card", "a6", "a4")
    assert ALLOWED_SIZES[StationPoster] == ("a6", "a4")
    assert ALLOWED_SIZES[MemberCard] == SIZES
    assert "card" not in ALLOWED_SIZES[VisitSlip] + ALLOWED_SIZES[ReliefVoucher]


def test_a_roll_grows_with_more_services_and_package_lines() -> None:
    many_services = replace(
        VISIT,
        services_on_offer=(
            *("饮水", "充电", "热饭", "休息", "如厕", "应急药箱", "雨具借用"),
            *("微波炉加热", "血压测量", "法律咨询", "阅读角", "无线上网"),
        ),
    )
    for size in ("58mm", "80mm"):
        [(_, short)] = pages(render_pdf(VISIT, size))
        [(_, long)] = pages(render_pdf(many_services, size))
        assert long > short + 5  # at least one more line (5 mm or so)
    [(_, one_line)] = pages(render_pdf(VOUCHER, "58mm"))
    more = replace(VOUCHER, package=(*VOUCHER.package, "藿香正气水 × 1盒", "清凉油 × 1盒"))
    [(_, three_lines)] = pages(render_pdf(more, "58mm"))
    assert three_lines - one_line == pytest.approx(2 * 9.5 * 1.1 * 1.32 / MM, abs=0.2)


def test_an_a4_sheet_of_member_cards_holds_ten_and_many_members_fill_pages() -> None:
    [(w, h)] = pages(render_pdf(CARD, "a4"))
    assert (w, h) == pytest.approx((210, 297), abs=0.01)
    cards = [replace(CARD, card_no=f"MK{i:08d}", holder=f"会员{i}") for i in range(23)]
    assert len(pages(render_card_sheets(cards))) == 3  # 10 + 10 + 3
    with pytest.raises(InvalidInput):
        render_card_sheets([])


def test_the_same_slip_gives_the_same_bytes() -> None:
    first = render_pdf(VISIT, "58mm")
    render_pdf(POSTER, "a4")  # another document in between must not change the next one
    assert render_pdf(VISIT, "58mm") == first
    assert render_pdf(replace(VISIT, visit_no=124), "58mm") != first


def test_title_and_author_are_set() -> None:
    meta = metadata(render_pdf(VISIT, "80mm"))
    assert meta["Title"] == "访客签到单 No. 000123"
    assert meta["Subject"] == "Visit slip No. 000123"
    assert meta["Author"] == "解放路爱心驿家"
    assert metadata(render_pdf(VOUCHER, "a6"))["Title"] == "发放券 No. 000045"
    assert metadata(render_pdf(CARD, "card"))["Title"] == "会员卡 MK7Q2XH9PA"


@pytest.mark.parametrize(
    ("slip", "size"),
    [(VISIT, "a5"), (VISIT, ""), (VISIT, "card"), (VOUCHER, "card"), (POSTER, "58mm"), (CARD, 58)],
)
def test_a_size_the_kind_cannot_take_is_refused_naming_the_field(slip: Slip, size: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        render_pdf(slip, size)
    err = refused.value
    assert err.field == "Size"
    assert err.zh.startswith("尺寸只能是") and err.en.startswith("Size must be one of")
    for allowed in ALLOWED_SIZES[type(slip)]:
        assert allowed in err.zh and allowed in err.en


def test_size_is_read_without_regard_to_case_or_spaces() -> None:
    assert render_pdf(VISIT, " 58MM ") == render_pdf(VISIT, "58mm")


def test_an_empty_code_or_one_too_long_for_a_qr_code_is_refused() -> None:
    with pytest.raises(InvalidInput) as empty:
        render_pdf(replace(VISIT, code=""), "58mm")
    assert empty.value.field == "Code"
    with pytest.raises(InvalidInput) as too_long:
        render_pdf(replace(POSTER, station_qr="驿站" * 1200), "a4")
    assert too_long.value.field == "Station QR code"
    assert "太长" in too_long.value.zh and "too long" in too_long.value.en


def test_a_code_that_fits_a_qr_code_but_not_the_paper_is_refused() -> None:
    # ~1100 bytes: a version-28 code (129 modules) cannot have 3-dot modules on half an A6.
    with pytest.raises(InvalidInput) as refused:
        render_pdf(replace(POSTER, station_qr="驿站信息" * 90), "a6")
    assert refused.value.field == "Station QR code"
    assert "larger paper" in refused.value.en
    assert render_pdf(replace(POSTER, station_qr="驿站信息" * 90, wifi_qr=None), "a4")


# ---------------------------------------------------------------------------------------
# Wrapping

CJK_TEXT = st.text(
    alphabet=st.sampled_from(
        list("驿站爱心饮水充电热饭休息，。、；：！？（）《》“”ABCwifi0123 -·×")
    ),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(text=CJK_TEXT, width_mm=st.integers(min_value=8, max_value=80))
def test_wrapped_lines_fit_keep_every_character_and_start_with_no_closing_mark(
    text: str, width_mm: int
) -> None:
    face = _type(register_cjk_font())
    size, width = 10.0, width_mm * MM
    lines = face.wrap(text, size, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert line == line.strip() and line
        assert face.width(line, size) <= width or len(line) == 1
    for before, line in itertools.pairwise(lines):
        # A closing mark starts a line only when the line before had nothing to give.
        assert line[0] not in _NO_LINE_START or len(before) == 1


def test_wrapping_breaks_between_latin_words_and_before_no_closing_mark() -> None:
    face = _type(register_cjk_font())
    size = 10.0
    width = face.width("驿站爱心", size) + 0.1
    # The comma may not start a line: the character before it goes down with it.
    assert face.wrap("驿站爱心，驿站", size, width) == ["驿站爱", "心，驿站"]
    assert face.wrap("驿站爱心驿站，爱心", size, width) == ["驿站爱心", "驿站，爱", "心"]
    assert face.wrap("Hello WiFi", size, face.width("Hello W", size)) == ["Hello", "WiFi"]


def test_a_heading_too_long_for_a_card_is_shortened_with_an_ellipsis() -> None:
    face = _type(register_cjk_font())
    lines, size = face.fit("驿" * 60, 12, 30 * MM, 2, 8, truncate=True)
    assert size == 8 and len(lines) == 2 and lines[-1].endswith("…")
    lines, size = face.fit("驿" * 60, 12, 30 * MM, 2, 8, truncate=False)
    assert size == 8 and len(lines) > 2 and "".join(lines) == "驿" * 60


def test_characters_the_font_lacks_are_dropped_or_marked() -> None:
    face = _type(register_cjk_font())
    assert face.clean("小王🚴\u200d 驿站\n爱心") == "小王 驿站 爱心"
    # A letter with no glyph (a rare character in a name) shows as "?", never as a box.
    rare = next(c for c in map(chr, range(0x2A700, 0x2B73F)) if not face.cmap.get(ord(c)))
    assert face.clean(f"张{rare}明") == "张?明"


# ---------------------------------------------------------------------------------------
# The Chinese font


def test_the_registered_font_is_a_truetype_font_with_chinese_and_latin() -> None:
    name = register_cjk_font()
    assert register_cjk_font() == name  # cached: registered once
    font = pdfmetrics.getFont(name)
    assert missing_characters(font.face.charToGlyph, "驿站台账签到138****5678 ABC") == ""


def test_a_font_without_digits_is_unfit() -> None:
    # Droid Sans Fallback's character map: Chinese, but no Latin digits.
    droid_like = {ord(c): i + 1 for i, c in enumerate("驿站台账签到ABC*")}
    assert missing_characters(droid_like, "138****5678ABC") == "1385678"


def test_station_cjk_font_naming_a_file_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "font.ttc"
    bogus.write_text("not a font", encoding="utf-8")
    with pytest.raises(FontMissing) as refused:
        find_cjk_font(env={ENV_VAR: str(bogus)})
    err = refused.value
    assert isinstance(err, StationError) and err.field == ENV_VAR
    assert str(bogus) in err.zh and str(bogus) in err.en
    assert "TrueType" in err.zh and "not a usable TrueType font" in err.en
    assert "fonts-wqy-microhei" in err.zh and "fonts-wqy-microhei" in err.en


def test_station_cjk_font_naming_a_font_without_chinese_is_refused() -> None:
    with pytest.raises(FontMissing) as refused:
        find_cjk_font(env={ENV_VAR: f"{VERA}#0"})
    err = refused.value
    assert "缺少这些字符的字形：驿站台账签到" in err.zh
    assert "no glyphs for these characters: 驿站台账签到" in err.en


def test_station_cjk_font_naming_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FontMissing) as refused:
        find_cjk_font(env={ENV_VAR: str(tmp_path / "nowhere.ttc")})
    assert "不存在" in refused.value.zh and "does not exist" in refused.value.en


def test_station_cjk_font_overrides_the_search(tmp_path: Path) -> None:
    system = find_cjk_font()
    own = tmp_path / "own font.ttc"
    shutil.copyfile(system.path, own)
    chosen = find_cjk_font(folders=[], env={ENV_VAR: f"{own}#{system.subfont_index}"})
    assert chosen.path == own and chosen.subfont_index == system.subfont_index
    assert chosen.name == system.name


def test_no_font_anywhere_names_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(FontMissing) as refused:
        find_cjk_font(folders=[tmp_path, tmp_path / "absent"], env={})
    err = refused.value
    assert err.field == "Font"
    assert "sudo apt-get install fonts-wqy-microhei" in err.zh
    assert "sudo apt-get install fonts-wqy-microhei" in err.en
    assert "微软雅黑" in err.zh and "Microsoft YaHei" in err.en
    assert ENV_VAR in err.zh and ENV_VAR in err.en


def test_no_font_in_the_default_folders_when_they_are_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(fonts, "font_folders", lambda **_: [tmp_path])
    with pytest.raises(FontMissing) as refused:
        find_cjk_font()
    assert "fonts-wqy-microhei" in refused.value.zh


def test_a_candidate_without_chinese_is_skipped_for_the_next(tmp_path: Path) -> None:
    system = find_cjk_font()
    shutil.copyfile(VERA, tmp_path / "simhei.ttf")  # ranked first by its name, but Latin only
    (tmp_path / "sub").mkdir()
    shutil.copyfile(system.path, tmp_path / "sub" / "wqy-microhei.ttc")
    chosen = find_cjk_font(folders=[tmp_path], env={})
    assert chosen.path == tmp_path / "sub" / "wqy-microhei.ttc"
    (tmp_path / "sub" / "wqy-microhei.ttc").unlink()
    with pytest.raises(FontMissing) as refused:
        find_cjk_font(folders=[tmp_path], env={})
    assert "simhei.ttf: it has no glyphs for these characters" in refused.value.en


def test_candidates_are_tried_in_order_of_preference(tmp_path: Path) -> None:
    for name in ("wqy-zenhei.ttc", "MSYH.TTC", "NotoSansCJK-Regular.ttc", "DejaVuSans.ttf"):
        (tmp_path / name).write_bytes(b"")
    assert fonts._font_files([tmp_path]) == [
        (tmp_path / "MSYH.TTC", 0),
        (tmp_path / "wqy-zenhei.ttc", 0),
        (tmp_path / "NotoSansCJK-Regular.ttc", 2),  # the Simplified Chinese face
    ]


def test_font_folders_per_system() -> None:
    windows = font_folders("win32", {"WINDIR": r"D:\Win", "LOCALAPPDATA": r"C:\Users\a\AppData"})
    assert windows[0] == Path(r"D:\Win") / "Fonts"
    assert windows[1] == Path(r"C:\Users\a\AppData") / "Microsoft" / "Windows" / "Fonts"
    assert Path("/System/Library/Fonts") in font_folders("darwin", {})
    assert Path("/usr/share/fonts") in font_folders("linux", {})
