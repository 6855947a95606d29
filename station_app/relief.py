"""(being written)"""

from __future__ import annotations

from station_app.context import AppContext


class ReliefService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
