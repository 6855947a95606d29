"""What every page gets from the window, and what the window asks of every page.

A page is a ``QWidget`` built from a :class:`PageContext`. It calls services only
through ``ctx.ops`` (off the GUI thread; the window shows that it is working), asks
``ctx.actor()`` who is on shift at the moment of an action (shifts change while a
page stays built), tells the person what happened with ``ctx.say`` and
``ctx.complain``, and sets every string it shows in :meth:`Page.retranslate`, which
the window calls again when the language is switched. Pages know nothing of each
other: one that wants another (a handout for the visitor selected) emits a signal
the window connects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from station_app.context import Actor
from station_app.errors import StationError
from station_app.services import Services
from ui.ops import Ops
from ui.printing import Printing

T = TypeVar("T")


@dataclass
class PageContext:
    services: Services
    ops: Ops
    actor: Callable[[], Actor]  # who is signed in now
    lang: Callable[[], str]  # the window's language now ("zh_CN" or "en")
    say: Callable[[str], None]  # a plain line in the window's notice
    complain: Callable[[StationError], None]  # a refusal, shown in the notice
    printing: Printing | None = None


class Page(QWidget):
    """Base of the side bar's pages."""

    #: Shown only to a supervisor (or after a supervisor's PIN) when True.
    supervisor_only = False

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._calls = 0  # this page's service calls under way

    @property
    def busy(self) -> bool:
        return self._calls > 0

    def calls_changed(self) -> None:
        """A call of this page started or ended: enable or disable its buttons (``busy``)."""

    def run_call(
        self,
        call: Callable[[], T],
        done: Callable[[T], None],
        refused: Callable[[StationError], None] | None = None,
    ) -> None:
        """One service call through ``ctx.ops``; the page's buttons wait while it runs.
        A refusal goes to ``refused``, or to the window's notice."""
        self._calls += 1
        self.calls_changed()

        def finished() -> None:
            self._calls -= 1
            self.calls_changed()

        def ok(result: T) -> None:
            finished()
            done(result)

        def not_done(problem: StationError) -> None:
            finished()
            (refused or self.ctx.complain)(problem)

        self.ctx.ops.run(call, ok, not_done)

    # The side bar shows a page's title, icon and lock before the page is built (pages
    # are built when first opened), so these are the class's, not an instance's.

    @classmethod
    def title(cls) -> str:
        """The page's name in the side bar, in the current language (each page says it;
        the class name is only what a page that forgot would show)."""
        return cls.__name__

    @classmethod
    def icon_name(cls) -> str:
        """A freedesktop icon name for the side bar (e.g. "document-print")."""
        return ""

    def activated(self) -> None:
        """The page was brought to the front: load what it shows (through ``ctx.ops``)."""

    def first_control(self) -> QWidget | None:
        """Where the keys go when the page is brought to the front (its first field, or
        its main table); None: the first control in its Tab order."""
        return None

    def retranslate(self) -> None:
        """Set every string the page shows; called at build time and on a language switch."""

    def take_scan(self, text: str) -> bool:
        """A scanner's code while this page is in front: True if the page used it (a card
        into its own field); False lets the window do what a scan does everywhere."""
        return False

    def reset(self) -> None:
        """Back to a clean state (the idle timeout): close pop-ups, clear half-typed input."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
