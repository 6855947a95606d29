"""The Relief page driven as an attendant would: a card typed or scanned, the recipient
signs on the pen pad, Hand out; then the database is read back."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTranslator
from PySide6.QtGui import QImage, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.models import Handout, HandoutSignature
from resources import RESOURCES_DIR
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import StationError
from station_app.inventory import StockLevel
from station_app.relief import CampaignInfo, CampaignLineInfo, HandoutInfo
from station_app.services import Services
from tests.conftest import ATTENDANT_NAME, SUPERVISOR_NAME, TZ
from tests.ui.conftest import type_text
from ui.ops import Ops
from ui.pages.base import PageContext
from ui.pages.relief_models import RosterModel, RosterView, packages_left, people_served
from ui.pages.relief_page import ReliefPage
from ui.signature_pad import CANVAS_HEIGHT, CANVAS_WIDTH, SignaturePad

WATER = "矿泉水"
HUOXIANG = "藿香正气水"
STATION_NAME = "解放路爱心驿家"
MAX_PNG = 256 * 1024


# --------------------------------------------------------------------------- helpers


@dataclass
class Kiosk:
    page: ReliefPage
    ops: Ops
    said: list[str] = field(default_factory=list)
    complaints: list[StationError] = field(default_factory=list)
    actor: list[Actor] = field(default_factory=list)  # [who is on shift now]

    def settle(self, qtbot: QtBot) -> None:
        qtbot.waitUntil(lambda: not self.page.busy and not self.ops.busy, timeout=10_000)


@pytest.fixture
def campaign(services: Services, supervisor: Actor) -> CampaignInfo:
    """Summer relief: 2 bottles of water and 1 box of huoxiang per person, once each.
    Stock for 10 packages by the water (20 bottles), 12 by the huoxiang."""
    services.inventory.receive(supervisor, WATER, 20, lot_code="W1", expires_on=date(2026, 12, 31))
    services.inventory.receive(
        supervisor, HUOXIANG, 12, lot_code="H1", expires_on=date(2027, 6, 30)
    )
    return services.relief.create_campaign(
        supervisor,
        "2026 夏季送清凉",
        date(2026, 7, 1),
        date(2026, 8, 31),
        [(WATER, 2), (HUOXIANG, 1)],
    )


@pytest.fixture
def kiosk(
    qtbot: QtBot, services: Services, attendant: Actor, campaign: CampaignInfo
) -> Iterator[Kiosk]:
    ops = Ops()
    said: list[str] = []
    complaints: list[StationError] = []
    on_shift = [attendant]
    ctx = PageContext(
        services=services,
        ops=ops,
        actor=lambda: on_shift[0],
        lang=lambda: "zh_CN",
        say=said.append,
        complain=complaints.append,
    )
    page = ReliefPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    k = Kiosk(page, ops, said, complaints, on_shift)
    page.activated()
    k.settle(qtbot)
    yield k
    ops.wait()


def sign(pad: SignaturePad, strokes: int = 2) -> None:
    """Write on the pad with the mouse: a few zigzag strokes across the canvas."""
    canvas = pad.canvas
    r = canvas.canvas_rect()
    left, top, w, h = int(r.left()), int(r.top()), int(r.width()), int(r.height())
    for s in range(strokes):
        y0 = top + h // 3 + s * h // 4
        QTest.mousePress(
            canvas,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            QPoint(left + w // 8, y0),
        )
        for i in range(1, 9):
            x = left + w // 8 + i * (w * 6 // 8) // 8
            QTest.mouseMove(canvas, QPoint(x, y0 + (h // 10 if i % 2 else -h // 10)))
        QTest.mouseRelease(
            canvas,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            QPoint(left + w * 7 // 8, y0),
        )


def dark_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).lightness() < 128
    )


def ink_pixels(png: bytes) -> tuple[QImage, int]:
    image = QImage.fromData(png, "PNG")
    assert not image.isNull()
    return image, dark_pixels(image)


def handouts(engine: Engine) -> list[Handout]:
    with Session(engine) as s:
        return list(s.scalars(select(Handout).order_by(Handout.id)))


def signature_rows(engine: Engine) -> dict[int, bytes]:
    with Session(engine) as s:
        return {r.handout_id: bytes(r.png) for r in s.scalars(select(HandoutSignature))}


def usable(services: Services, item: str) -> int:
    return next(lv.usable for lv in services.inventory.levels() if lv.item == item)


def hand_out(qtbot: QtBot, k: Kiosk) -> None:
    qtbot.mouseClick(k.page.hand_out_button, Qt.MouseButton.LeftButton)
    k.settle(qtbot)


# --------------------------------------------------------------------------- the page


def test_a_signed_handout_then_the_same_member_again_is_refused_with_the_earlier_date(
    qtbot: QtBot,
    kiosk: Kiosk,
    services: Services,
    attendant: Actor,
    engine: Engine,
    clock: FixedClock,
) -> None:
    page = kiosk.page
    member = services.members.register(attendant, "快递员", nickname="老张")
    assert page.stock_left() == 10 and "10" in page.stock_label.text()

    type_text(qtbot, page.card_edit, member.code)
    sign(page.pad)
    assert not page.pad.is_empty()
    hand_out(qtbot, kiosk)

    rows = handouts(engine)
    assert len(rows) == 1 and rows[0].member_id == member.id
    png = signature_rows(engine)[rows[0].id]
    assert png.startswith(b"\x89PNG") and len(png) < MAX_PNG
    image, dark = ink_pixels(png)
    assert (image.width(), image.height()) == (CANVAS_WIDTH, CANVAS_HEIGHT)
    assert image.isGrayscale() and dark > 300  # real ink, not a blank image
    # Stock left goes down by one package, on screen and in the database.
    assert usable(services, WATER) == 18 and usable(services, HUOXIANG) == 11
    assert page.stock_left() == 9 and "9" in page.stock_label.text()
    # The roster shows the row, signed, with who handed it out; the form is clear again.
    model = page.model
    assert model.rowCount() == 1
    assert model.index(0, model.column_of("claimant")).data() == "老张"
    assert model.index(0, model.column_of("signed")).data() == "✓"
    assert model.index(0, model.column_of("attendant")).data() == ATTENDANT_NAME
    assert page.card_edit.text() == "" and page.pad.is_empty()
    assert any("老张" in line for line in kiosk.said)

    # Two days later the same card again: refused, saying when and where the first was.
    clock.advance(days=2)
    type_text(qtbot, page.card_edit, member.code)
    sign(page.pad)
    hand_out(qtbot, kiosk)
    assert page.refusal_label.isVisibleTo(page)
    assert "2026-07-01 09:00" in page.error_text() and STATION_NAME in page.error_text()
    assert page.field_in_error() == "Member code"
    assert len(handouts(engine)) == 1 and usable(services, WATER) == 18
    assert not page.pad.is_empty()  # the signature waits for a corrected claim
    # Correcting the field takes the red and the message away.
    page.card_edit.clear()
    assert page.field_in_error() is None and page.error_text() == ""


def test_an_empty_pad_is_refused_unless_cannot_sign_is_ticked(
    qtbot: QtBot, kiosk: Kiosk, services: Services, supervisor: Actor, engine: Engine
) -> None:
    page = kiosk.page
    type_text(qtbot, page.name_edit, "王师傅")
    type_text(qtbot, page.phone_edit, "8765")
    type_text(qtbot, page.employer_edit, "顺丰")
    page.category_combo.setCurrentIndex(page.category_combo.findText("快递员"))
    hand_out(qtbot, kiosk)
    assert page.field_in_error() == "Signature" and "签名" in page.error_text()
    assert handouts(engine) == []

    qtbot.mouseClick(page.cannot_sign, Qt.MouseButton.LeftButton)
    assert page.cannot_sign.isChecked() and not page.pad.is_writable()
    assert page.field_in_error() is None  # the correction takes the red away
    kiosk.actor[0] = supervisor  # the shift changed while the page stayed open
    hand_out(qtbot, kiosk)

    rows = handouts(engine)
    assert len(rows) == 1
    h = rows[0]
    assert (h.claimant_name, h.phone_last4, h.employer) == ("王师傅", "8765", "顺丰")
    assert h.actor_id == supervisor.user_id
    assert signature_rows(engine) == {}
    model = page.model
    assert model.index(0, model.column_of("signed")).data() == ""
    assert model.index(0, model.column_of("category")).data() == "快递员"
    assert model.index(0, model.column_of("attendant")).data() == SUPERVISOR_NAME
    assert not page.cannot_sign.isChecked() and page.pad.is_writable()
    assert page.stock_left() == 9


def test_a_refused_field_turns_red_and_nothing_is_written(
    qtbot: QtBot, kiosk: Kiosk, services: Services, engine: Engine
) -> None:
    page = kiosk.page
    type_text(qtbot, page.name_edit, "王师傅")
    type_text(qtbot, page.phone_edit, "87")  # not four digits
    sign(page.pad)
    hand_out(qtbot, kiosk)
    assert page.field_in_error() == "Phone last 4"
    assert page.phone_edit.property("invalid") is True
    assert "手机尾号" in page.error_text()
    assert handouts(engine) == [] and usable(services, WATER) == 20
    type_text(qtbot, page.phone_edit, "65")
    assert page.phone_edit.property("invalid") is False and page.error_text() == ""
    hand_out(qtbot, kiosk)
    assert [h.phone_last4 for h in handouts(engine)] == ["8765"]


def test_a_scanned_member_card_and_a_voucher_hand_out_with_the_signature(
    qtbot: QtBot,
    kiosk: Kiosk,
    services: Services,
    attendant: Actor,
    campaign: CampaignInfo,
    engine: Engine,
) -> None:
    page = kiosk.page
    member = services.members.register(attendant, "环卫工人", nickname="刘阿姨")
    card = services.scans.code_for_member(member.id)  # the QR text printed on the card
    assert page.take_scan(card)
    assert page.card_edit.text() == card
    sign(page.pad)
    hand_out(qtbot, kiosk)
    first = handouts(engine)[-1]
    assert first.member_id == member.id and first.id in signature_rows(engine)

    voucher = services.vouchers.issue(attendant, campaign.id, name="赵师傅", phone_last4="1234")
    assert page.take_scan(voucher.code)
    sign(page.pad, strokes=1)
    hand_out(qtbot, kiosk)
    second = handouts(engine)[-1]
    assert second.voucher_id == voucher.id and second.claimant_name == "赵师傅"
    assert second.id in signature_rows(engine)
    assert services.vouchers.get(voucher.id).handout_id == second.id
    assert page.model.rowCount() == 2
    assert page.stock_left() == 8
    assert "2" in page.served_label.text()

    visit = services.visits.check_in(attendant, "快递员")
    assert not page.take_scan(services.scans.code_for_visit(visit.id))  # not for this page


def test_the_selected_rows_signature_is_shown_small(qtbot: QtBot, kiosk: Kiosk) -> None:
    page = kiosk.page
    type_text(qtbot, page.name_edit, "王师傅")
    type_text(qtbot, page.phone_edit, "8765")
    sign(page.pad)
    hand_out(qtbot, kiosk)
    page.table.clearSelection()
    kiosk.settle(qtbot)
    assert page.preview_pixmap().isNull()
    page.table.selectRow(0)
    kiosk.settle(qtbot)
    pixmap = page.preview_pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() <= page.preview.width() and pixmap.height() <= page.preview.height()
    dark = dark_pixels(pixmap.toImage())
    assert dark > 50
    assert "王师傅" in page.preview_title.text()


def test_no_running_campaign_disables_hand_out(
    qtbot: QtBot, services: Services, attendant: Actor
) -> None:
    ops = Ops()
    page = ReliefPage(
        PageContext(services, ops, lambda: attendant, lambda: "en", lambda _t: None, print)
    )
    qtbot.addWidget(page)
    page.activated()
    qtbot.waitUntil(lambda: not page.busy)
    assert page.current_campaign_id() is None and not page.hand_out_button.isEnabled()
    assert "Settings" in page.package_label.text()
    ops.wait()


def test_buttons_wait_while_a_call_runs(qtbot: QtBot, kiosk: Kiosk) -> None:
    page = kiosk.page
    page.reload()
    assert page.busy and not page.hand_out_button.isEnabled()
    assert not page.reload_button.isEnabled()
    kiosk.settle(qtbot)
    assert page.hand_out_button.isEnabled()


def test_touch_targets_are_at_least_48_px(qtbot: QtBot, kiosk: Kiosk) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    app.setStyleSheet((RESOURCES_DIR / "kiosk.qss").read_text(encoding="utf-8"))
    try:
        page = kiosk.page
        page.resize(1100, 700)
        QApplication.processEvents()
        targets: list[QWidget] = [
            page.card_edit,
            page.name_edit,
            page.phone_edit,
            page.employer_edit,
            page.category_combo,
            page.campaign_combo,
            page.cannot_sign,
            page.hand_out_button,
            page.reload_button,
            page.pad.clear_button,
        ]
        small = {
            type(w).__name__ + ":" + (w.objectName() or str(i)): w.height()
            for i, w in enumerate(targets)
            if w.height() < 48
        }
        assert small == {}
    finally:
        app.setStyleSheet(before)


# --------------------------------------------------------------------------- the pad


def test_the_pad_draws_with_touch_and_a_stylus_and_clears(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(CANVAS_WIDTH + 200, CANVAS_HEIGHT + 60)
    pad.show()
    qtbot.waitExposed(pad)
    canvas = pad.canvas
    assert pad.to_png() is None

    touch = QTest.createTouchDevice()
    seq = QTest.touchEvent(canvas, touch)
    seq.press(0, QPoint(40, 40), canvas).commit()
    for x in range(60, 300, 20):
        QTest.touchEvent(canvas, touch).move(0, QPoint(x, 50), canvas).commit()
    QTest.touchEvent(canvas, touch).release(0, QPoint(300, 50), canvas).commit()
    assert canvas.stroke_count() == 1

    stylus = QPointingDevice.primaryPointingDevice()
    for kind, x, pressure in (
        (QEvent.Type.TabletPress, 50.0, 0.8),
        (QEvent.Type.TabletMove, 150.0, 0.9),
        (QEvent.Type.TabletMove, 250.0, 1.0),
        (QEvent.Type.TabletRelease, 250.0, 0.0),
    ):
        pos = QPointF(x, 100.0)
        event = QTabletEvent(
            kind,
            stylus,
            pos,
            canvas.mapToGlobal(pos),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton
            if kind != QEvent.Type.TabletRelease
            else Qt.MouseButton.NoButton,
        )
        QApplication.sendEvent(canvas, event)
        assert event.isAccepted()
    assert canvas.stroke_count() == 2

    png = pad.to_png()
    assert png is not None and len(png) < MAX_PNG
    image, dark = ink_pixels(png)
    assert image.format() == QImage.Format.Format_Grayscale8 and dark > 300

    changed: list[bool] = []
    pad.changed.connect(lambda: changed.append(True))
    qtbot.mouseClick(pad.clear_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty() and pad.to_png() is None and changed == [True]


def test_ink_stays_put_when_the_pad_is_resized(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(CANVAS_WIDTH + 4, CANVAS_HEIGHT + 60)
    pad.show()
    sign(pad, strokes=1)
    before = pad.to_png()
    pad.resize(CANVAS_WIDTH * 2, CANVAS_HEIGHT * 2)
    QApplication.processEvents()
    assert pad.to_png() == before


def test_a_line_drawn_off_the_canvas_lifts_the_pen(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(CANVAS_WIDTH + 4 + 200, CANVAS_HEIGHT * 3)  # taller than the canvas shows
    pad.show()
    canvas = pad.canvas
    r = canvas.canvas_rect()
    left, top, bottom = int(r.left()), int(r.top()), int(r.bottom())
    QTest.mousePress(
        canvas,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(left + 40, top + 50),
    )
    QTest.mouseMove(canvas, QPoint(left + 120, top + 60))
    QTest.mouseMove(canvas, QPoint(left + 200, bottom + 60))  # below the canvas
    QTest.mouseMove(canvas, QPoint(left + 280, top + 60))  # back on it: a new stroke
    QTest.mouseRelease(
        canvas,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(left + 300, top + 60),
    )
    assert canvas.stroke_count() == 2
    png = pad.to_png()
    assert png is not None
    image = QImage.fromData(png, "PNG")
    edge = [image.pixelColor(x, CANVAS_HEIGHT - 2).lightness() for x in range(CANVAS_WIDTH)]
    assert min(edge) > 200  # no ink smeared along the bottom edge


# --------------------------------------------------------------------------- the models


def _level(item_id: int, usable: int, expired: int = 0) -> StockLevel:
    return StockLevel(item_id, f"item {item_id}", "个", usable + expired, usable, expired, 0, False)


def test_packages_left_is_the_scarcest_line_of_usable_stock() -> None:
    lines = (CampaignLineInfo(1, "水", "瓶", 2), CampaignLineInfo(2, "药", "盒", 1))
    assert packages_left(lines, [_level(1, 21), _level(2, 30)]) == 10
    assert packages_left(lines, [_level(1, 21), _level(2, 4, expired=50)]) == 4
    assert packages_left(lines, [_level(1, 21)]) == 0  # an item gone from the catalog
    assert packages_left((), [_level(1, 21)]) == 0


def _handout(
    hid: int, *, code: str | None, name: str, last4: str | None, signed: bool
) -> HandoutInfo:
    return HandoutInfo(
        id=hid,
        campaign_id=1,
        campaign="夏季送清凉",
        claimant=name,
        phone_last4=last4,
        employer=None,
        category="快递员",
        member_code=code,
        claim_no=1,
        handed_at=datetime(2026, 7, 1, 1, hid, tzinfo=TZ),
        attendant=None if hid == 3 else ATTENDANT_NAME,
        station=STATION_NAME,
        signed=signed,
    )


def test_the_roster_model(qtmodeltester: object, qapp: QApplication) -> None:
    rows = [
        _handout(1, code="M12345678A", name="老张", last4=None, signed=True),
        _handout(2, code=None, name="王 师傅", last4="8765", signed=False),
        _handout(3, code=None, name="王师傅", last4="8765", signed=True),
    ]
    model = RosterModel(RosterView(lambda d: d.astimezone(TZ), {"快递员": "Courier"}, "en"))
    model.set_rows(rows)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 3 and model.columnCount() == 5
    assert model.index(1, model.column_of("claimant")).data() == "王 师傅 ·8765"
    assert model.index(0, model.column_of("category")).data() == "Courier"
    assert model.index(0, model.column_of("time")).data() == "07-01 01:01"
    assert [model.index(r, model.column_of("signed")).data() for r in range(3)] == ["✓", "", "✓"]
    assert model.index(2, model.column_of("attendant")).data() == "command line"
    assert model.row_of(3) == 2 and model.handout_at(5) is None
    assert people_served(rows) == 2  # the same person twice counts once
    model.set_rows([])
    qtmodeltester.check(model)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- language


def _translator(tmp_path: Path, messages: dict[str, dict[str, str]]) -> QTranslator:
    """A translator made here from a few messages (the shipped .qm is the lead's to merge)."""
    ts = ['<?xml version="1.0" encoding="utf-8"?>', '<TS version="2.1" language="zh_CN">']
    for context, pairs in messages.items():
        ts.append(f"<context><name>{context}</name>")
        for source, text in pairs.items():
            ts.append(
                f"<message><source>{escape(source)}</source>"
                f"<translation>{escape(text)}</translation></message>"
            )
        ts.append("</context>")
    ts.append("</TS>")
    (tmp_path / "t.ts").write_text("\n".join(ts), encoding="utf-8")
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease is not None
    subprocess.run(
        [lrelease, str(tmp_path / "t.ts"), "-qm", str(tmp_path / "t.qm")],
        check=True,
        capture_output=True,
    )
    translator = QTranslator()
    assert translator.load(str(tmp_path / "t.qm"))
    return translator


def test_a_language_switch_retranslates_the_page(
    qtbot: QtBot, kiosk: Kiosk, qapp: QApplication, tmp_path: Path
) -> None:
    page = kiosk.page
    assert page.hand_out_button.text() == "Hand out"
    translator = _translator(
        tmp_path,
        {
            "ReliefPage": {
                "Hand out": "发放",
                "Relief": "发放",
                "Stock left: %1 packages": "库存还够发 %1 份",
            },
            "RosterModel": {"Signed": "签名"},
            "SignaturePad": {"Clear": "清除"},
        },
    )
    qapp.installTranslator(translator)
    try:
        QApplication.processEvents()
        assert page.hand_out_button.text() == "发放" and page.title() == "发放"
        assert page.stock_label.text() == "库存还够发 10 份"
        assert (
            page.model.headerData(page.model.column_of("signed"), Qt.Orientation.Horizontal)
            == "签名"
        )
        assert page.pad.clear_button.text() == "清除"
    finally:
        qapp.removeTranslator(translator)
    QApplication.processEvents()
    assert page.hand_out_button.text() == "Hand out"
    assert page.stock_label.text() == "Stock left: 10 packages"
