"""Lending (借用): umbrellas, power banks and tools lent out and brought back.

A loan moves no stock: the thing stays in the station's balance while it is
out, and what can be lent is the usable balance minus the open loans. A thing
that never comes back is written off by a supervisor: a "loss" move, and the
loan is closed. The audit log records items and loan ids, never the borrower.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from db.models import Item, Loan, Member, User
from station_app import audit, ledger, validate
from station_app.auth import require_supervisor
from station_app.context import Actor, AppContext
from station_app.errors import Conflict, InsufficientStock, InvalidInput, NotFound
from station_app.members import member_by_code
from station_app.stations import current_station
from station_app.validate import an_id, integer, name_or_id, optional_text, text

BORROWER = ("借用人", "Borrower")
DUE_HOURS = ("归还时限（小时）", "Due in hours")
NOTE = ("备注", "Note")
ITEM = ("物品", "Item")
LOAN = ("借用记录", "Loan")
MEMBER_CODE = ("会员卡号", "Member code")
MAX_DUE_HOURS = 24 * 90


@dataclass(frozen=True)
class LoanInfo:
    """``overdue``: open and past ``due_at``. A written-off loan is closed, ``returned_at`` None."""

    id: int
    item: str
    unit: str
    borrower: str
    phone_last4: str | None
    member_code: str | None
    lent_at: datetime
    due_at: datetime | None
    returned_at: datetime | None
    lent_by: str | None
    overdue: bool
    written_off: bool = False


def _loan_rows() -> Select[Loan, str, str, str, str]:
    """Loans with what a LoanInfo shows of them: item name and unit, member code and
    lender (both None when there is none: outer joins)."""
    return (
        select(Loan, Item.name, Item.unit, Member.code, User.name)
        .join(Item, Item.id == Loan.item_id)
        .outerjoin(Member, Member.id == Loan.member_id)
        .outerjoin(User, User.id == Loan.lent_by_id)
    )


class LoanService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def _info(self, session: Session, loan: Loan) -> LoanInfo:
        _, item, unit, code, lent_by = session.execute(_loan_rows().where(Loan.id == loan.id)).one()
        return self._row_info(loan, item, unit, code, lent_by)

    def _row_info(
        self, loan: Loan, item: str, unit: str, code: str | None, lent_by: str | None
    ) -> LoanInfo:
        is_open = loan.returned_at is None and not loan.written_off
        return LoanInfo(
            id=loan.id,
            item=item,
            unit=unit,
            borrower=loan.borrower,
            phone_last4=loan.phone_last4,
            member_code=code,
            lent_at=loan.lent_at,
            due_at=loan.due_at,
            returned_at=loan.returned_at,
            lent_by=lent_by,
            overdue=is_open and loan.due_at is not None and self.ctx.now() > loan.due_at,
            written_off=loan.written_off,
        )

    def lend(
        self,
        actor: Actor,
        item: str | int,
        borrower: str = "",
        phone_last4: str | None = None,
        member_code: str | None = None,
        due_hours: int | None = 24,
    ) -> LoanInfo:
        """Lend one thing. Identify the borrower: a name, a member code or phone last 4."""
        item = name_or_id(item, ITEM)
        name = text(borrower, BORROWER, max_len=40, required=False)
        last4 = None
        if phone_last4 is not None and (not isinstance(phone_last4, str) or phone_last4.strip()):
            last4 = validate.phone_last4(phone_last4)
        code = optional_text(member_code, MEMBER_CODE, max_len=64)
        if not name and last4 is None and not code:
            raise InvalidInput(
                "请填写借用人姓名、会员卡号或手机尾号（至少一项）",
                "Give the borrower's name, member code or phone last 4 (at least one)",
                field="Borrower",
            )
        hours = (
            None
            if due_hours is None
            else integer(due_hours, DUE_HOURS, minimum=1, maximum=MAX_DUE_HOURS)
        )
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            it = ledger.find_item(s, item, lock=True)
            if not it.lendable:
                raise Conflict(
                    f"{it.name}不是可借用的物品", f"{it.name} is not lent out", field="Item"
                )
            member = member_by_code(s, code) if code else None
            if ledger.free_balance(s, station.id, it, self.ctx.today()) < 1:
                raise InsufficientStock(
                    f"{it.name}已全部借出或没有库存，暂时不能借用",
                    f"No {it.name} left to lend: all are out on loan or out of stock",
                    field="Item",
                )
            now = self.ctx.now()
            loan = Loan(
                station_id=station.id,
                item_id=it.id,
                member_id=member.id if member else None,
                borrower=name,
                phone_last4=last4,
                lent_at=now,
                due_at=None if hours is None else now + timedelta(hours=hours),
                returned_at=None,
                lent_by_id=actor.user_id,
                written_off=False,
            )
            s.add(loan)
            s.flush()
            audit.record(
                s,
                actor,
                "loan.lend",
                "loan",
                loan.id,
                now,
                {"item": it.name, "member": member is not None, "due_hours": hours},
            )
            info = self._info(s, loan)
            uow.commit()
            return info

    def _open_loan(self, session: Session, station_id: int, loan_id: int) -> Loan:
        loan = session.get(Loan, loan_id)
        if loan is None or loan.station_id != station_id:
            raise NotFound(f"找不到借用记录 #{loan_id}", f"No loan #{loan_id}", field="Loan")
        if loan.written_off:
            raise Conflict(
                f"借用记录 #{loan_id} 已报损结案", f"Loan #{loan_id} was written off", field="Loan"
            )
        if loan.returned_at is not None:
            when = self.ctx.local(loan.returned_at).strftime("%Y-%m-%d %H:%M")
            raise Conflict(
                f"借用记录 #{loan_id} 已于 {when} 归还",
                f"Loan #{loan_id} was already returned at {when}",
                field="Loan",
            )
        return loan

    def return_loan(self, actor: Actor, loan_id: int) -> LoanInfo:
        loan_id = an_id(loan_id, LOAN)
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            loan = self._open_loan(s, station.id, loan_id)
            now = self.ctx.now()
            loan.returned_at = now
            loan.returned_to_id = actor.user_id
            s.flush()
            late = loan.due_at is not None and now > loan.due_at
            audit.record(
                s,
                actor,
                "loan.return",
                "loan",
                loan.id,
                now,
                {"item_id": loan.item_id, "late": late},
            )
            info = self._info(s, loan)
            uow.commit()
            return info

    def write_off_loan(self, actor: Actor, loan_id: int, note: str) -> LoanInfo:
        """A lent thing that will not come back: post a "loss" move and close the loan."""
        require_supervisor(actor, "借用报损", "write off a loan")
        loan_id = an_id(loan_id, LOAN)
        reason = text(note, NOTE, max_len=200)
        with self.ctx.uow() as uow:
            s = uow.session
            station = current_station(s)
            loan = self._open_loan(s, station.id, loan_id)
            item = s.get(Item, loan.item_id)
            assert item is not None
            now = self.ctx.now()
            loan.written_off = True
            loan.returned_to_id = actor.user_id
            s.flush()  # the loan no longer counts as open
            moves = ledger.take_stock(
                s,
                station_id=station.id,
                item=item,
                qty=1,
                reason="loss",
                at=now,
                today=self.ctx.today(),
                actor=actor,
                note=f"借用 #{loan.id} 未归还：{reason}",
            )
            audit.record(
                s,
                actor,
                "loan.write_off",
                "loan",
                loan.id,
                now,
                {"item": item.name, "moves": [m.id for m in moves]},
                reason,
            )
            info = self._info(s, loan)
            uow.commit()
            return info

    def open_loans(self) -> list[LoanInfo]:
        """Loans neither returned nor written off, oldest first."""
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            rows = s.execute(
                _loan_rows()
                .where(Loan.station_id == station.id, ledger.open_loan())
                .order_by(Loan.lent_at, Loan.id)
            ).all()
            return [
                self._row_info(loan, item, unit, code, lent_by)
                for loan, item, unit, code, lent_by in rows
            ]

    def available(self, item: str | int) -> int:
        """How many can be lent now: usable stock minus what is out on loan."""
        item = name_or_id(item, ITEM)
        with self.ctx.read() as uow:
            s = uow.session
            station = current_station(s)
            it = ledger.find_item(s, item)
            return ledger.free_balance(s, station.id, it, self.ctx.today())
