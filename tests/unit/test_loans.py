from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, select

from db.models import Loan
from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import (
    Conflict,
    InsufficientStock,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from station_app.importer import import_file
from station_app.services import Services
from tests.conftest import ATTENDANT_NAME, SUPERVISOR_NAME

UMBRELLA = "雨伞"  # 把, lendable


@pytest.fixture
def umbrellas(services: Services, supervisor: Actor) -> int:
    services.inventory.receive(supervisor, UMBRELLA, 2, lot_code="U1")
    return 2


def test_lend_and_return(
    services: Services, attendant: Actor, umbrellas: int, clock: FixedClock
) -> None:
    loans = services.loans
    assert loans.available(UMBRELLA) == 2
    loan = loans.lend(attendant, UMBRELLA, borrower=" 张 师傅 ", phone_last4="1234")
    assert (loan.item, loan.unit, loan.borrower, loan.phone_last4) == (
        UMBRELLA,
        "把",
        "张 师傅",
        "1234",
    )
    assert (loan.lent_at, loan.due_at) == (clock(), clock() + timedelta(hours=24))
    assert (loan.returned_at, loan.lent_by, loan.overdue, loan.member_code) == (
        None,
        ATTENDANT_NAME,
        False,
        None,
    )
    assert loans.available(UMBRELLA) == 1
    assert [x.id for x in loans.open_loans()] == [loan.id]
    # The umbrella is still on the books while it is out.
    assert next(lv.balance for lv in services.inventory.levels() if lv.item == UMBRELLA) == 2

    clock.advance(hours=3)
    back = loans.return_loan(attendant, loan.id)
    assert back.returned_at == clock()
    assert loans.available(UMBRELLA) == 2
    assert loans.open_loans() == []
    with pytest.raises(Conflict, match="已于 2026-07-01 12:00 归还"):
        loans.return_loan(attendant, loan.id)
    with services.ctx.uow() as uow:
        row = uow.session.get(Loan, loan.id)
        assert row is not None and row.returned_to_id == attendant.user_id
    actions = [e.action for e in services.audit.recent(entity="loan")]
    assert actions == ["loan.return", "loan.lend"]
    # The audit log names the item, never the borrower.
    assert "张" not in str(services.audit.recent(entity="loan")[1].detail)


def test_lend_needs_some_identification(
    services: Services, attendant: Actor, umbrellas: int
) -> None:
    with pytest.raises(InvalidInput, match="借用人") as exc:
        services.loans.lend(attendant, UMBRELLA, borrower="  ", phone_last4="")
    assert exc.value.field == "Borrower"
    with pytest.raises(InvalidInput, match="手机尾号"):
        services.loans.lend(attendant, UMBRELLA, phone_last4="12a4")
    assert services.loans.open_loans() == []
    loan = services.loans.lend(attendant, UMBRELLA, phone_last4="0042")
    assert (loan.borrower, loan.phone_last4) == ("", "0042")


def test_lend_to_a_member(services: Services, attendant: Actor, umbrellas: int) -> None:
    member = services.members.register(attendant, "外卖骑手", nickname="小周")
    loan = services.loans.lend(attendant, UMBRELLA, member_code=member.code.lower())
    assert (loan.member_code, loan.borrower) == (member.code, "")
    with services.ctx.uow() as uow:
        row = uow.session.get(Loan, loan.id)
        assert row is not None and row.member_id == member.id
    with pytest.raises(NotFound):
        services.loans.lend(attendant, UMBRELLA, member_code="MNOSUCHONE")
    assert len(services.loans.open_loans()) == 1


def test_only_lendable_items_with_stock_left(
    services: Services, supervisor: Actor, attendant: Actor, umbrellas: int
) -> None:
    services.inventory.receive(supervisor, "毛巾", 5)
    with pytest.raises(Conflict, match="不是可借用"):
        services.loans.lend(attendant, "毛巾", borrower="张三")
    with pytest.raises(InsufficientStock):
        services.loans.lend(attendant, "充电宝", borrower="张三")  # none in stock
    services.loans.lend(attendant, UMBRELLA, borrower="张三")
    services.loans.lend(attendant, UMBRELLA, borrower="李四")
    assert services.loans.available(UMBRELLA) == 0
    with pytest.raises(InsufficientStock, match="已全部借出"):
        services.loans.lend(attendant, UMBRELLA, borrower="王五")
    assert len(services.loans.open_loans()) == 2
    with pytest.raises(NotFound):
        services.loans.available("榴莲")


def test_due_hours(services: Services, attendant: Actor, umbrellas: int, clock: FixedClock) -> None:
    short = services.loans.lend(attendant, UMBRELLA, borrower="张三", due_hours=2)
    open_ended = services.loans.lend(attendant, UMBRELLA, borrower="李四", due_hours=None)
    assert short.due_at == clock() + timedelta(hours=2)
    assert open_ended.due_at is None
    for bad in (0, -1, 1.5):
        with pytest.raises(InvalidInput, match="归还时限"):
            services.loans.lend(attendant, UMBRELLA, borrower="王五", due_hours=bad)  # type: ignore[arg-type]
    clock.advance(hours=2)
    assert [x.overdue for x in services.loans.open_loans()] == [False, False]
    clock.advance(minutes=1)
    assert [x.overdue for x in services.loans.open_loans()] == [True, False]
    clock.advance(days=30)
    back = services.loans.return_loan(attendant, short.id)
    assert back.overdue is False  # returned: no longer overdue
    assert services.audit.recent(action="loan.return")[0].detail["late"] is True


def test_issuing_a_lendable_item_leaves_the_loans_covered(
    services: Services, supervisor: Actor, attendant: Actor, umbrellas: int
) -> None:
    services.loans.lend(attendant, UMBRELLA, borrower="张三")
    with pytest.raises(InsufficientStock, match="1把 借出未还"):
        services.inventory.issue(attendant, UMBRELLA, 2)
    with pytest.raises(InsufficientStock):
        services.inventory.write_off(supervisor, UMBRELLA, 2, "loss", note="坏了")
    assert [m.qty for m in services.inventory.issue(attendant, UMBRELLA, 1)] == [-1]
    assert services.loans.available(UMBRELLA) == 0


def test_write_off_a_loan(
    services: Services, supervisor: Actor, attendant: Actor, umbrellas: int
) -> None:
    loan = services.loans.lend(attendant, UMBRELLA, borrower="张三")
    with pytest.raises(PermissionDenied):
        services.loans.write_off_loan(attendant, loan.id, "没有归还")
    with pytest.raises(InvalidInput, match="备注"):
        services.loans.write_off_loan(supervisor, loan.id, "")
    closed = services.loans.write_off_loan(supervisor, loan.id, "借用人联系不上")
    assert (closed.written_off, closed.returned_at, closed.overdue) == (True, None, False)
    assert services.loans.open_loans() == []
    assert services.loans.available(UMBRELLA) == 1
    lost = services.inventory.moves(UMBRELLA)[-1]
    assert (lost.qty, lost.reason, lost.actor) == (-1, "loss", SUPERVISOR_NAME)
    assert "借用人联系不上" in lost.note
    assert next(lv.balance for lv in services.inventory.levels() if lv.item == UMBRELLA) == 1
    with pytest.raises(Conflict, match="已报损"):
        services.loans.return_loan(attendant, loan.id)
    with pytest.raises(Conflict):
        services.loans.write_off_loan(supervisor, loan.id, "再来一次")
    assert len(services.inventory.moves(UMBRELLA)) == 2  # receive + one loss
    entry = services.audit.recent(action="loan.write_off")[0]
    assert (entry.entity_id, entry.note) == (loan.id, "借用人联系不上")


def test_unknown_loan(services: Services, supervisor: Actor) -> None:
    with pytest.raises(NotFound, match="#99"):
        services.loans.return_loan(supervisor, 99)
    with pytest.raises(NotFound):
        services.loans.write_off_loan(supervisor, 99, "x")
    with services.ctx.uow() as uow:
        assert uow.session.scalars(select(Loan)).all() == []


def test_an_imported_issue_or_loss_leaves_the_loans_covered(
    services: Services, supervisor: Actor, attendant: Actor, umbrellas: int, tmp_path: Path
) -> None:
    services.loans.lend(attendant, UMBRELLA, borrower="张三")
    services.loans.lend(attendant, UMBRELLA, borrower="李四")
    path = tmp_path / "stock.csv"
    path.write_text(
        "日期,类型,物品,数量,批号,备注\n"
        f"2026-07-01,出库,{UMBRELLA},2,,\n"
        f"2026-07-01,报损,{UMBRELLA},1,,坏了\n"
        f"2026-07-01,报损,{UMBRELLA},1,U1,坏了\n",
        encoding="utf-8",
    )
    report = import_file(services.ctx, supervisor, "stock", path)
    assert [(e.line, e.field) for e in report.rejected] == [(2, "数量"), (3, "数量"), (4, "数量")]
    assert all("2把 借出未还" in e.zh for e in report.rejected)
    assert [m.reason for m in services.inventory.moves(UMBRELLA)] == ["receive"]
    assert len(services.loans.open_loans()) == 2


def test_open_loans_are_read_in_one_query(
    services: Services, supervisor: Actor, attendant: Actor, engine: Engine
) -> None:
    services.inventory.receive(supervisor, UMBRELLA, 3, lot_code="U1")
    member = services.members.register(attendant, "快递员")
    services.loans.lend(attendant, UMBRELLA, borrower="张三")
    services.loans.lend(supervisor, UMBRELLA, member_code=member.code)
    services.loans.lend(attendant, UMBRELLA, phone_last4="1234")
    statements: list[str] = []

    def keep(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", keep)
    try:
        loans = services.loans.open_loans()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert [(x.borrower, x.member_code, x.lent_by, x.unit) for x in loans] == [
        ("张三", None, ATTENDANT_NAME, "把"),
        ("", member.code, SUPERVISOR_NAME, "把"),
        ("", None, ATTENDANT_NAME, "把"),
    ]
    assert len([q for q in statements if "FROM loan" in q]) == 1
    assert not [q for q in statements if "FROM member" in q or "FROM item" in q]
