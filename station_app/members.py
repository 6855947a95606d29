"""(being written)"""

from __future__ import annotations

from station_app.context import AppContext


class MemberService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
