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

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

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
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()


UowFactory = Callable[[], UnitOfWork]


def uow_factory(engine: Engine) -> UowFactory:
    """A factory of units of work on ``engine``."""
    maker = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
    return lambda: UnitOfWork(maker)
