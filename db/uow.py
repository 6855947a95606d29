"""Unit of work: one user action, one transaction."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork:
    """A transaction as a context manager.

    Nothing is kept unless :meth:`commit` is called inside the ``with`` block;
    leaving the block by an exception, or without committing, rolls back.
    """

    def __init__(self, session_factory: sessionmaker[Session], *, read_only: bool = False) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None
        self._read_only = read_only

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its 'with' block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self._session_factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
        finally:
            self._session.close()
            self._session = None

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()


UowFactory = Callable[[], UnitOfWork]

# Execution option naming a read-only transaction (db.engine begins it deferred).
READ_ONLY = "station_read_only"


def uow_factory(engine: Engine) -> UowFactory:
    """A factory of units of work on ``engine``."""
    maker = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
    return lambda: UnitOfWork(maker)


def read_factory(engine: Engine) -> UowFactory:
    """A factory of read-only units of work: one consistent snapshot, no commit.

    On SQLite they begin with a plain (deferred) BEGIN instead of BEGIN IMMEDIATE:
    in WAL mode a reader then never waits for a writer (an import, another kiosk),
    and never makes one wait. A write attempted in one rolls back at the end.
    """
    maker = sessionmaker(
        bind=engine,
        expire_on_commit=False,
        autoflush=False,
        execution_options={READ_ONLY: True},
    )
    return lambda: UnitOfWork(maker, read_only=True)
