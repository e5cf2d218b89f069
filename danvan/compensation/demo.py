"""The demo's compensation: the 2016 marine-incident programme in the coastal wards, with
households at every stage of the pipeline (deterministic)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from danvan.accounts.models import User
from danvan.compensation import services
from danvan.compensation.models import CompensationProgram
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

COASTAL_WARDS = ["18832", "18823", "18781"]  # Hoành Sơn, Vũng Áng, Hải Ninh
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Hồ"]
GIVEN = ["Văn An", "Văn Bình", "Thị Hoa", "Văn Hải", "Đình Long", "Thị Mai", "Văn Nam"]
STAGES = [
    [],
    ["declare"],
    ["declare", "inventory"],
    ["declare", "inventory", "verify"],
    ["declare", "inventory", "verify", "post"],
    ["declare", "inventory", "verify", "post", "object"],
    ["declare", "inventory", "verify", "post", "approve"],
    ["declare", "inventory", "verify", "post", "approve", "pay_part"],
    ["declare", "inventory", "verify", "post", "approve", "pay_all"],
]


def _assets(rng: random.Random) -> list[tuple[str, Decimal, dict[str, int]]]:
    power = rng.choice([0, 12, 18, 24, 45])
    lines = [("fishing_vessel_owner", Decimal(1), {"engine_power_cv": power, "months": 6})]
    workers = rng.randint(1, 4)
    lines.append(
        ("fishing_vessel_worker", Decimal(workers), {"engine_power_cv": power, "months": 6})
    )
    if rng.random() < 0.3:
        lines.append(("lost_income_worker", Decimal(rng.randint(1, 2)), {"months": 6}))
    return lines


@transaction.atomic
def load_demo_compensation(orgs: dict[str, Organization]) -> None:
    program = CompensationProgram.objects.filter(code="marine-2016").first()
    if program is None:
        return
    actor = User.objects.get(username="hoanhson.canbo")
    verifier = User.objects.get(username="hoanhson.chutich")
    wards = [AdminUnit.objects.get(code=code, valid_to__isnull=True) for code in COASTAL_WARDS]
    services.program_assign(actor=None, program=program, organization=orgs["ht-ubnd"], area=wards)
    rng = random.Random(2016)
    start = dt.date(2016, 9, 5)
    for index in range(45):
        ward = wards[index % len(wards)]
        household = services.household_create(
            actor=actor,
            program=program,
            head_full_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
            admin_unit=ward,
            id_number=f"0420{rng.randrange(10_000_000, 99_999_999)}",
            address=f"{ward.name}",
            members=rng.randint(2, 7),
        )
        day = start + dt.timedelta(days=index)
        for step in STAGES[index % len(STAGES)]:
            day += dt.timedelta(days=7)
            if step == "declare":
                services.household_declare(actor=actor, household=household, on=day)
                for category, quantity, attributes in _assets(rng):
                    services.asset_add(
                        actor=actor,
                        household=household,
                        asset_category=category,
                        quantity=quantity,
                        attributes=attributes,
                    )
            elif step == "object":
                services.household_object(
                    actor=actor,
                    household=household,
                    on=day,
                    reason="Hộ cho rằng công suất máy tàu ghi thiếu so với thực tế.",
                )
            elif step in ("pay_part", "pay_all"):
                total = services.amount_total(household)
                amount = total if step == "pay_all" else (total / 2).quantize(Decimal(1))
                services.household_pay(
                    actor=actor,
                    household=household,
                    on=day,
                    amount=amount,
                    receiver=household.head_full_name,
                    method="Tiền mặt",
                    receipt_number=f"BN-{index:04d}",
                )
            else:
                by = verifier if step == "verify" else actor
                getattr(services, f"household_{step}")(actor=by, household=household, on=day)
