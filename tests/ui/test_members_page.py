"""The Members page driven as an attendant would: register (with and without phone
consent), search, stop a card, erase a person's data (supervisor, asked twice) and
print a card; the database is checked afterwards."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.models import AuditEvent, Member
from station_app.context import Actor
from station_app.errors import PermissionDenied, StationError
from station_app.services import Services
from tests.ui.conftest import type_text
from tests.ui.test_printing import decode_qr, need_tools, rasterise
from tests.ui.test_window_printing import FilePrinters
from ui.ops import Ops
from ui.pages.base import PageContext
from ui.pages.members_page import MembersPage, MemberTableModel
from ui.printing import PrinterChoice, Printing, PrintSettings

PHONE = "13812345678"


@dataclass
class Kiosk:
    """What the window gives a page, with what it was told kept to look at."""

    services: Services
    ops: Ops
    who: list[Actor]
    said: list[str] = field(default_factory=list)
    complaints: list[StationError] = field(default_factory=list)

    def context(self, printing: Printing | None = None) -> PageContext:
        return PageContext(
            services=self.services,
            ops=self.ops,
            actor=lambda: self.who[0],
            lang=lambda: "zh_CN",
            say=self.said.append,
            complain=self.complaints.append,
            printing=printing,
        )


@pytest.fixture
def kiosk(services: Services, attendant: Actor) -> Iterator[Kiosk]:
    ops = Ops()
    yield Kiosk(services, ops, [attendant])
    ops.wait()


def open_page(qtbot: QtBot, kiosk: Kiosk, printing: Printing | None = None) -> MembersPage:
    page = MembersPage(kiosk.context(printing))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.category_combo.count() > 0 and not page.busy)
    return page


def settle(qtbot: QtBot, page: MembersPage) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)


def members(services: Services) -> list[Member]:
    with services.ctx.read() as uow:
        rows = list(uow.session.scalars(select(Member).order_by(Member.id)))
        for m in rows:
            uow.session.expunge(m)
        return rows


def choose_category(page: MembersPage, name: str) -> None:
    at = page.category_combo.findText(name)
    assert at >= 0, name
    page.category_combo.setCurrentIndex(at)


def answer(box: QMessageBox | None, yes: bool) -> None:
    """Tap the question's Yes (accept) or Cancel button."""
    assert box is not None and box.isVisible()
    role = QMessageBox.ButtonRole.AcceptRole if yes else QMessageBox.ButtonRole.RejectRole
    (button,) = [b for b in box.buttons() if box.buttonRole(b) == role]
    button.click()


def shown_texts(page: MembersPage) -> list[str]:
    model = page.model
    return [
        str(model.data(model.index(r, c)))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]


def select_row(page: MembersPage, code: str) -> None:
    for r in range(page.model.rowCount()):
        if page.model.member_at(r).code == code:  # type: ignore[union-attr]
            page.table.selectRow(r)
            return
    raise AssertionError(f"{code} not listed")


# ----------------------------------------------------------------- register


def test_a_member_registered_without_then_with_phone_consent(
    qtbot: QtBot, kiosk: Kiosk, services: Services
) -> None:
    page = open_page(qtbot, kiosk)
    assert not page.phone_edit.isEnabled()  # no phone without the person's consent
    choose_category(page, "外卖骑手")
    type_text(qtbot, page.nickname_edit, "小马哥")
    type_text(qtbot, page.employer_edit, "美团配送")
    page.register_button.click()
    settle(qtbot, page)

    (first,) = members(services)
    assert (first.nickname, first.employer, first.phone, first.phone_consent) == (
        "小马哥",
        "美团配送",
        None,
        False,
    )
    assert page.nickname_edit.text() == "" and page.employer_edit.text() == ""
    assert any(first.code in line for line in kiosk.said)
    assert page.selected_member() is not None and page.selected_member().code == first.code  # type: ignore[union-attr]

    page.consent_box.click()
    assert page.phone_edit.isEnabled()
    choose_category(page, "快递员")
    type_text(qtbot, page.phone_edit, PHONE)
    page.register_button.click()
    settle(qtbot, page)

    second = members(services)[1]
    assert (second.phone, second.phone_consent, second.nickname) == (PHONE, True, None)
    texts = shown_texts(page)
    assert "138****5678" in texts and not any(PHONE in t for t in texts)
    assert not page.consent_box.isChecked() and not page.phone_edit.isEnabled()


def test_unticking_consent_clears_the_phone_and_none_is_stored(
    qtbot: QtBot, kiosk: Kiosk, services: Services
) -> None:
    page = open_page(qtbot, kiosk)
    page.consent_box.click()
    type_text(qtbot, page.phone_edit, PHONE)
    page.consent_box.click()  # the person changed their mind
    assert page.phone_edit.text() == "" and not page.phone_edit.isEnabled()
    page.register_button.click()
    settle(qtbot, page)
    (member,) = members(services)
    assert member.phone is None and member.phone_consent is False


def test_a_wrong_phone_turns_red_writes_nothing_and_the_red_goes_when_corrected(
    qtbot: QtBot, kiosk: Kiosk, services: Services
) -> None:
    page = open_page(qtbot, kiosk)
    page.consent_box.click()
    type_text(qtbot, page.phone_edit, "12345")
    page.register_button.click()
    settle(qtbot, page)
    assert members(services) == []
    assert page.phone_edit.property("invalid") is True
    assert page.error_label.isVisible() and "手机号" in page.error_label.text()
    assert page.nickname_edit.property("invalid") is not True

    qtbot.keyClicks(page.phone_edit, "678901")  # 12345678901: now a mobile number
    assert page.phone_edit.property("invalid") is False
    assert not page.error_label.isVisible()
    page.register_button.click()
    settle(qtbot, page)
    (member,) = members(services)
    assert member.phone == "12345678901"


def test_the_register_button_waits_while_the_database_is_held(
    qtbot: QtBot, kiosk: Kiosk, services: Services, other_program: sqlite3.Connection
) -> None:
    page = open_page(qtbot, kiosk)
    other_program.execute("BEGIN IMMEDIATE")  # another kiosk writing
    page.register_button.click()
    assert page.busy and not page.register_button.isEnabled()
    qtbot.wait(300)
    assert members(services) == [] and not page.register_button.isEnabled()
    other_program.execute("COMMIT")
    settle(qtbot, page)
    assert page.register_button.isEnabled() and len(members(services)) == 1


# ----------------------------------------------------------------- search


def test_search_by_code_or_name(qtbot: QtBot, kiosk: Kiosk, services: Services) -> None:
    actor = kiosk.who[0]
    ma = services.members.register(actor, "快递员", nickname="小马", employer="顺丰")
    services.members.register(actor, "环卫工人", nickname="老李")
    page = open_page(qtbot, kiosk)
    settle(qtbot, page)
    assert page.model.rowCount() == 2

    type_text(qtbot, page.search_edit, "老李")
    qtbot.keyClick(page.search_edit, "\r")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.member_at(0).nickname == "老李"  # type: ignore[union-attr]

    page.search_edit.clear()
    type_text(qtbot, page.search_edit, ma.code.lower())
    page.search_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy)
    assert page.model.member_at(0).id == ma.id  # type: ignore[union-attr]

    page.search_edit.clear()
    type_text(qtbot, page.search_edit, "没有这个人")
    page.search_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not page.busy)


# ----------------------------------------------------------------- stop, erase


def test_a_card_is_stopped_only_after_confirming(
    qtbot: QtBot, kiosk: Kiosk, services: Services
) -> None:
    m = services.members.register(kiosk.who[0], "快递员", nickname="小马")
    page = open_page(qtbot, kiosk)
    settle(qtbot, page)
    select_row(page, m.code)
    page.deactivate_button.click()
    answer(page.confirm_box, yes=False)
    qtbot.wait(50)
    assert not page.busy and members(services)[0].active is True

    page.deactivate_button.click()
    assert m.code in page.confirm_box.text()  # type: ignore[union-attr]
    answer(page.confirm_box, yes=True)
    settle(qtbot, page)
    stopped = members(services)[0]
    assert stopped.active is False and stopped.deactivated_at is not None
    assert stopped.nickname == "小马"  # stopping keeps the data
    assert page.model.rowCount() == 0  # stopped cards are not listed by default
    page.show_stopped_box.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy)
    assert page.model.member_at(0).active is False  # type: ignore[union-attr]
    select_row(page, m.code)
    assert not page.deactivate_button.isEnabled() and page.erase_button.isEnabled()
    assert page.model.data(page.model.index(0, 6)) == "Card stopped"


def test_erasing_needs_a_supervisor_and_two_confirmations(
    qtbot: QtBot, kiosk: Kiosk, services: Services, supervisor: Actor
) -> None:
    m = services.members.register(
        kiosk.who[0], "外卖骑手", nickname="小马", employer="美团", phone=PHONE, phone_consent=True
    )
    page = open_page(qtbot, kiosk)
    settle(qtbot, page)
    select_row(page, m.code)

    page.erase_button.click()  # the attendant on shift: refused, nothing asked
    assert page.confirm_box is None
    assert len(kiosk.complaints) == 1 and isinstance(kiosk.complaints[0], PermissionDenied)
    assert "负责人" in kiosk.complaints[0].zh

    kiosk.who[0] = supervisor  # the supervisor takes over at the same kiosk
    page.erase_button.click()
    first = page.confirm_box
    assert first is not None and "cannot be undone" in first.text()
    answer(first, yes=True)
    second = page.confirm_box
    assert second is not None and second is not first
    answer(second, yes=False)  # changed their mind at the last question
    qtbot.wait(50)
    assert members(services)[0].phone == PHONE

    page.erase_button.click()
    answer(page.confirm_box, yes=True)
    answer(page.confirm_box, yes=True)
    settle(qtbot, page)
    erased = members(services)[0]
    assert (erased.nickname, erased.employer, erased.phone) == (None, None, None)
    assert erased.purged_at is not None and erased.active is False
    with services.ctx.read() as uow:
        event = uow.session.scalar(select(AuditEvent).where(AuditEvent.action == "member.purge"))
        assert event is not None and event.actor_name == supervisor.name


def test_the_idle_reset_closes_an_open_question_and_nothing_is_done(
    qtbot: QtBot, kiosk: Kiosk, services: Services
) -> None:
    m = services.members.register(kiosk.who[0], "快递员")
    page = open_page(qtbot, kiosk)
    settle(qtbot, page)
    select_row(page, m.code)
    page.deactivate_button.click()
    box = page.confirm_box
    assert box is not None and box.isVisible()
    page.reset()
    qtbot.wait(50)
    assert page.confirm_box is None
    assert not shiboken6.isValid(box) or not box.isVisible()
    assert members(services)[0].active is True


# ----------------------------------------------------------------- print


def test_print_card_prints_the_selected_members_card(
    qtbot: QtBot, kiosk: Kiosk, services: Services, tmp_path: Path
) -> None:
    need_tools("pdftoppm", "zbarimg")
    m = services.members.register(kiosk.who[0], "快递员", nickname="小马")
    settings = PrintSettings(tmp_path / "kiosk.ini")
    settings.save(PrinterChoice("", "58mm"))
    printers = FilePrinters(tmp_path)
    printing = Printing(settings, "zh_CN", None, printer_factory=printers, show_failures=False)
    page = open_page(qtbot, kiosk, printing)
    settle(qtbot, page)
    assert page.print_button.isVisibleTo(page)
    select_row(page, m.code)
    with qtbot.waitSignal(printing.printed, timeout=20_000):
        page.print_button.click()
    (job,) = printers.files
    (png,) = rasterise(job, tmp_path / "card")
    assert decode_qr(png) == services.scans.code_for_member(m.id)


def test_no_print_button_without_a_printer(qtbot: QtBot, kiosk: Kiosk) -> None:
    page = open_page(qtbot, kiosk, None)
    assert not page.print_button.isVisibleTo(page)


# ----------------------------------------------------------------- the table


def test_the_member_table_model_is_sound(
    qtbot: QtBot, qtmodeltester, kiosk: Kiosk, services: Services
) -> None:
    actor = kiosk.who[0]
    services.members.register(actor, "快递员", nickname="小马", phone=PHONE, phone_consent=True)
    services.members.register(actor, "环卫工人")
    model = MemberTableModel(services.ctx.local)
    qtmodeltester.check(model)
    model.set_members(services.members.list_members())
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 7
    assert model.data(model.index(0, 4)) == "138****5678"
    assert model.data(model.index(1, 6)) == "Active"
    with services.ctx.read() as uow:
        assert uow.session.scalar(select(func.count(Member.id))) == 2
