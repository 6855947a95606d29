"""Failures told in words an attendant can act on: no SQL, and that nothing was saved."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from station_app.clock import FixedClock
from station_app.context import Actor
from station_app.errors import DatabaseProblem, InvalidInput
from station_app.problems import problem_of
from station_app.services import Services


def wrapped(message: str) -> OperationalError:
    """The error SQLAlchemy raises around the driver's own."""
    return OperationalError(
        "INSERT INTO visit (…) VALUES (?)", (1,), sqlite3.OperationalError(message)
    )


@pytest.mark.parametrize(
    ("driver_says", "zh", "en"),
    [
        ("database or disk is full", "磁盘已满", "The disk is full"),
        ("attempt to write a readonly database", "只读", "read-only"),
        ("no such table: visit", "数据库出错：no such table: visit", "Database error: no such"),
    ],
)
def test_database_errors_are_told_without_sql(driver_says: str, zh: str, en: str) -> None:
    problem = problem_of(wrapped(driver_says))
    assert isinstance(problem, DatabaseProblem)
    assert zh in problem.zh and en in problem.en
    assert "没有记下" in problem.zh and "Nothing of this action was saved" in problem.en
    assert "INSERT" not in problem.zh + problem.en and "[SQL" not in problem.zh + problem.en


def test_refusals_pass_through_and_bugs_are_not_dressed_up() -> None:
    refusal = InvalidInput("请选择访客类别", "Choose the visitor's category", field="Category")
    assert problem_of(refusal) is refusal
    assert problem_of(KeyError("a bug")) is None
    assert problem_of(TypeError("a bug")) is None


def test_a_database_held_by_another_program_is_said_so_and_nothing_is_written(
    impatient: Services,
    other_program: sqlite3.Connection,
    attendant: Actor,
    clock: FixedClock,
) -> None:
    other_program.execute("BEGIN IMMEDIATE")  # a backup tool, an import, another kiosk
    with pytest.raises(Exception) as caught:
        impatient.visits.check_in(attendant, "快递员", ["饮水"])
    problem = problem_of(caught.value)
    assert isinstance(problem, DatabaseProblem)
    assert "另一个程序占用" in problem.zh and "busy in another program" in problem.en
    other_program.execute("ROLLBACK")
    assert impatient.visits.visits_on(clock().date()) == []
    impatient.visits.check_in(attendant, "快递员", ["饮水"])  # free again: it works
    assert len(impatient.visits.visits_on(clock().date())) == 1
