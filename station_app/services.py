"""All services, built once in the composition root (main.py) or a test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo

from sqlalchemy import Engine

from db.uow import read_factory, uow_factory
from station_app.audit import AuditService
from station_app.auth import PinHasher, UserService
from station_app.clock import Clock, local_zone, utc_now
from station_app.context import AppContext
from station_app.inventory import InventoryService
from station_app.loans import LoanService
from station_app.members import MemberService
from station_app.records import CleaningService
from station_app.relief import ReliefService
from station_app.reports import ReportService
from station_app.scans import ScanService
from station_app.slips import SlipService
from station_app.stations import StationService
from station_app.visits import VisitService
from station_app.vouchers import VoucherService


@dataclass(frozen=True)
class Services:
    ctx: AppContext
    stations: StationService
    users: UserService
    visits: VisitService
    members: MemberService
    inventory: InventoryService
    loans: LoanService
    relief: ReliefService
    vouchers: VoucherService
    scans: ScanService
    slips: SlipService
    audit: AuditService
    records: CleaningService
    reports: ReportService


def build_services(
    engine: Engine,
    hasher: PinHasher,
    *,
    clock: Clock = utc_now,
    tz: tzinfo | None = None,
    member_codes: Callable[[], str] | None = None,
) -> Services:
    """Every service on ``engine``. ``member_codes`` replaces the random card-code
    generator (the demo's seeded one); leave it out everywhere else."""
    ctx = AppContext(
        uow=uow_factory(engine), read=read_factory(engine), clock=clock, tz=tz or local_zone()
    )
    visits = VisitService(ctx)
    relief = ReliefService(ctx)
    inventory = InventoryService(ctx)
    vouchers = VoucherService(ctx, relief)
    return Services(
        ctx=ctx,
        stations=StationService(ctx, hasher),
        users=UserService(ctx, hasher),
        visits=visits,
        members=MemberService(ctx, member_codes),
        inventory=inventory,
        loans=LoanService(ctx),
        relief=relief,
        vouchers=vouchers,
        scans=ScanService(ctx, visits, vouchers),
        slips=SlipService(ctx, visits, vouchers),
        audit=AuditService(ctx),
        records=CleaningService(ctx),
        reports=ReportService(ctx, inventory),
    )
