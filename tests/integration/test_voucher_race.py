"""A voucher redeems once, also when two kiosks scan it at the same moment."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from db.models import Handout
from station_app import codes
from station_app.context import Actor
from station_app.relief import VoucherUsedMeanwhile
from station_app.services import Services
from station_app.vouchers import VoucherService

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def voucher(services: Services, supervisor: Actor) -> int:
    services.inventory.receive(supervisor, "矿泉水", 40, lot_code="W1", expires_on=date(2027, 1, 1))
    camp = services.relief.create_campaign(
        supervisor, "2026 夏季送清凉", date(2026, 7, 1), date(2026, 8, 31), [("矿泉水", 2)]
    )
    return services.vouchers.issue(
        supervisor, camp.id, name="张三", phone_last4="8765", category="快递员"
    ).id


def handouts(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count(Handout.id))) or 0)


@pytest.mark.parametrize("round_", range(3))
def test_two_kiosks_redeeming_one_voucher_at_once(
    db_path: Path, engine: Engine, voucher: int, round_: int
) -> None:
    start = time.time() + 2.0
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.integration.voucher_redeemer",
                str(db_path),
                str(voucher),
                str(start),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        results.append(out.split())
    assert sorted(r[0] for r in results) == ["OK", "REFUSED"], results
    assert next(r for r in results if r[0] == "REFUSED")[1] == codes.USED
    assert handouts(engine) == 1


def test_the_database_itself_refuses_a_second_redemption(
    services: Services, voucher: int, supervisor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the check before the write taken away, the unique index still stops it."""
    first = services.vouchers.redeem(supervisor, voucher)
    monkeypatch.setattr(VoucherService, "_refuse_unusable", lambda *a, **k: None)
    # The claim limit would refuse a second claim by the same person first: allow more.
    with services.ctx.uow() as uow:
        from db.models import Campaign

        for c in uow.session.scalars(select(Campaign)):
            c.per_person_limit = 5
        uow.commit()
    with pytest.raises(VoucherUsedMeanwhile) as exc:
        services.vouchers.redeem(supervisor, voucher)
    assert exc.value.reason == codes.USED
    with services.ctx.uow() as uow, pytest.raises(IntegrityError):
        h = uow.session.get(Handout, first.id)
        assert h is not None
        uow.session.add(
            Handout(
                campaign_id=h.campaign_id,
                station_id=h.station_id,
                claimant_key="p:x|0000",
                claim_no=1,
                handed_at=h.handed_at,
                voucher_id=voucher,
            )
        )
        uow.session.flush()
