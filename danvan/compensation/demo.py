"""The demo's compensation programmes (deterministic), telling the seed story:

- the 2016 marine-incident programme (Decision 1880/QĐ-TTg) in the coastal communes of the
  former Kỳ Anh town, about 300 households of fishermen and salt makers at every stage: most
  paid by 2017, the rest followed by mobilisation visits in 2018;
- the relocation of Thôn Tân Phúc Thành (Xã Kỳ Lợi) for land recovery, about 60 households
  (see `demo_relocation`).

Households are filed under the communes of the time; today's wards find them through the
history of administrative units."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.compensation import mobilization, objections, postings, services
from danvan.compensation.models import CompensationProgram, Household, ProgramPhase
from danvan.compensation.permissions import can_change
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

COASTAL_WARDS = ["18832", "18823", "18781"]  # Hoành Sơn, Vũng Áng, Hải Ninh (today)
# (former commune code, villages, households)
MARINE_VILLAGES = [
    ("18796", ["Thôn Đông Yên", "Thôn Hải Phong", "Thôn Thắng Lợi"], 110),
    ("18832", ["Thôn Ba Đồng", "Thôn Hoành Sơn"], 70),
    ("18847", ["Thôn Nam Hải"], 40),
    ("18781", ["Thôn Hải Hà", "Thôn Đông Hải"], 80),
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Hồ", "Phan", "Bùi"]
MIDDLE = ["Văn", "Văn", "Đình", "Xuân", "Thị", "Hữu", "Công"]
GIVEN = ["An", "Bình", "Hoa", "Hải", "Long", "Mai", "Nam", "Sơn", "Thủy", "Lực", "Tâm", "Hà"]
# Final stage of a household and its weight (out of 100).
MARINE_STAGES = [
    ("not_declared", 6),
    ("declared", 4),
    ("inventoried", 4),
    ("verified", 3),
    ("objecting", 4),
    ("posted", 3),
    ("refused", 3),
    ("approved", 8),
    ("part_paid", 6),
    ("paid", 59),
]
ORDER = ["declared", "inventoried", "verified", "posted", "approved", "part_paid", "paid"]
CONCERNS = [
    "Hộ cho rằng công suất máy tàu ghi thiếu so với thực tế.",
    "Hộ đề nghị tính thêm lao động đi bạn trên tàu.",
    "Chủ hộ đi biển xa, chưa về để nhận tiền; vợ không có giấy ủy quyền.",
    "Hộ chưa đồng ý vì hàng xóm cùng loại tàu được mức cao hơn.",
    "Hộ đề nghị hỗ trợ chuyển đổi nghề cho con em sau sự cố.",
]


@dataclass
class Plan:
    """One household to create and how far it goes."""

    unit: AdminUnit
    village: str
    stage: str
    name: str
    members: int
    salt: bool
    lines: list[tuple[str, Decimal, dict[str, Any], str]] = field(default_factory=list)
    household: Household | None = None
    last_day: dt.date | None = None
    late: bool = False


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def reached(plan: Plan, stage: str) -> bool:
    """Whether the plan's final stage is at or beyond `stage` on the main line."""
    final = {"objecting": "posted", "refused": "verified"}.get(plan.stage, plan.stage)
    return final in ORDER and ORDER.index(final) >= ORDER.index(stage)


def _stage(rng: random.Random) -> str:
    roll = rng.randrange(100)
    for stage, weight in MARINE_STAGES:
        if roll < weight:
            return stage
        roll -= weight
    return "paid"


def _marine_lines(rng: random.Random, salt: bool) -> list[tuple[str, Decimal, dict[str, Any], str]]:
    if salt:
        hectares = Decimal(rng.choice(["0.3", "0.5", "0.8", "1.2"]))
        return [("salt_production", hectares, {"months": 6}, "declaration")]
    power = rng.choice([0, 0, 12, 15, 18, 24, 33, 45])
    vessel = {
        "engine_power_cv": power,
        "months": 6,
        "registration_number": f"HT-{rng.randrange(90001, 99999)}-TS",
        "length_m": rng.choice([6, 7.5, 9, 11, 13]),
    }
    lines = [("fishing_vessel_owner", Decimal(1), vessel, "declaration")]
    if power:
        lines.append(("fishing_net", Decimal(rng.randint(2, 8)), {}, "declaration"))
    if rng.random() < 0.5:
        lines.append(("fishing_gear", Decimal(rng.randint(1, 3)), {}, "inventory"))
    workers = rng.randint(1, 4) if power else rng.randint(0, 1)
    if workers:
        lines.append(
            (
                "fishing_vessel_worker",
                Decimal(workers),
                {"engine_power_cv": power, "months": 6},
                "inventory",
            )
        )
    if rng.random() < 0.25:
        lines.append(("lost_income_worker", Decimal(rng.randint(1, 2)), {"months": 6}, "inventory"))
    return lines


def _plans(rng: random.Random) -> list[Plan]:
    plans = []
    for code, villages, count in MARINE_VILLAGES:
        unit = AdminUnit.objects.get(code=code, valid_to__isnull=False)
        for index in range(count):
            salt = code == "18781" and index % 5 == 0
            plans.append(
                Plan(
                    unit=unit,
                    village=villages[index % len(villages)],
                    stage=_stage(rng),
                    name=person_name(rng),
                    members=rng.randint(2, 8),
                    salt=salt,
                    lines=_marine_lines(rng, salt),
                )
            )
    return plans


def days(start: dt.date, spread: int, rng: random.Random) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(spread))


def by_village(plans: list[Plan]) -> Iterator[tuple[AdminUnit, str, list[Plan]]]:
    keys: dict[tuple[int, str], list[Plan]] = {}
    for plan in plans:
        keys.setdefault((plan.unit.pk, plan.village), []).append(plan)
    for group in keys.values():
        yield group[0].unit, group[0].village, group


def verify_late(plans: list[Plan], head: User, on: dt.date) -> None:
    """Households verified after their village's list was posted: they wait for the next."""
    for plan in plans:
        if plan.household is not None and plan.stage == "verified":
            services.household_verify(actor=head, household=plan.household, on=on)
            plan.last_day = on


def settle_status_dates(plans: list[Plan]) -> None:
    """Demo history: the status changed on the day of the household's last step, not today."""
    zone = timezone.get_current_timezone()
    for plan in plans:
        if plan.household is not None and plan.last_day is not None:
            moment = dt.datetime.combine(plan.last_day, dt.time(9), tzinfo=zone)
            Household.objects.filter(pk=plan.household.pk).update(status_changed_at=moment)


@transaction.atomic
def load_demo_compensation(orgs: dict[str, Organization]) -> None:
    from danvan.compensation.demo_relocation import load_demo_relocation

    load_demo_marine(orgs)
    load_demo_relocation(orgs)


def load_demo_marine(orgs: dict[str, Organization]) -> None:
    program = CompensationProgram.objects.filter(code="marine-2016").first()
    if program is None or program.households.exists():
        return
    officer = User.objects.get(username="hoanhson.canbo")
    head = User.objects.get(username="hoanhson.chutich")
    wards = [AdminUnit.objects.get(code=code, valid_to__isnull=True) for code in COASTAL_WARDS]
    services.program_assign(actor=None, program=program, organization=orgs["ht-ubnd"], area=wards)
    CompensationProgram.objects.filter(pk=program.pk).update(
        status=CompensationProgram.Status.ACTIVE
    )
    program.refresh_from_db()
    ProgramPhase.objects.bulk_create(
        ProgramPhase(program=program, position=i, name=n, start_on=s, end_on=e)
        for i, (n, s, e) in enumerate(
            [
                ("Lập danh sách, kê khai", dt.date(2016, 9, 1), dt.date(2016, 9, 30)),
                ("Kiểm đếm, xác nhận", dt.date(2016, 10, 1), dt.date(2016, 11, 5)),
                ("Niêm yết công khai", dt.date(2016, 11, 10), dt.date(2016, 11, 24)),
                ("Phê duyệt, chi trả", dt.date(2016, 12, 1), dt.date(2017, 6, 30)),
                ("Vận động hoàn thành", dt.date(2018, 3, 1), None),
            ],
            start=1,
        )
    )
    groups = {g.code: g for g in program.groups.all()}
    rng = random.Random(2016)
    plans = _plans(rng)
    for plan in plans:
        plan.household = services.household_create(
            actor=officer,
            program=program,
            head_full_name=plan.name,
            admin_unit=plan.unit,
            id_number=f"0420{rng.randrange(10_000_000, 99_999_999)}",
            village=plan.village,
            address=f"{plan.village}, {plan.unit.name}",
            members=plan.members,
            group=groups.get("salt_production" if plan.salt else "fishing"),
        )
        plan.last_day = dt.date(2016, 9, 1)
        if plan.stage == "not_declared":
            continue
        on = days(dt.date(2016, 9, 5), 25, rng)
        services.household_declare(actor=officer, household=plan.household, on=on)
        plan.last_day = on
        for category, quantity, attributes, source in plan.lines:
            services.asset_add(
                actor=officer,
                household=plan.household,
                asset_category=category,
                quantity=quantity,
                attributes=attributes,
                source=source,
            )
        if not reached(plan, "inventoried"):
            continue
        on = days(dt.date(2016, 10, 3), 18, rng)
        services.household_inventory(actor=officer, household=plan.household, on=on)
        plan.last_day = on
        if plan.stage in ("inventoried", "verified"):
            continue  # verified only after the posting (verify_late)
        verify_on = on + dt.timedelta(days=rng.randrange(3, 12))
        services.household_verify(actor=head, household=plan.household, on=verify_on)
        plan.last_day = verify_on
        if plan.stage == "refused":
            services.household_refuse(
                actor=head,
                household=plan.household,
                on=verify_on + dt.timedelta(days=3),
                reason="Tàu không hoạt động khai thác trong thời gian xảy ra sự cố.",
            )
            plan.last_day = verify_on + dt.timedelta(days=3)
    _post_object_approve_pay(program, plans, officer, head, rng)
    verify_late(plans, head, dt.date(2016, 11, 28))
    _mobilise(plans, officer, orgs, rng)
    _pay_the_rest(plans, officer, rng)
    settle_status_dates(plans)


def _post_object_approve_pay(
    program: CompensationProgram,
    plans: list[Plan],
    officer: User,
    head: User,
    rng: random.Random,
) -> None:
    posted_from = dt.date(2016, 11, 10)
    for unit, village, group in by_village(plans):
        if any(p.household and p.household.status == "verified" for p in group):
            postings.posting_create(
                actor=officer,
                program=program,
                admin_unit=unit,
                village=village,
                place=f"Nhà văn hóa {village.replace('Thôn ', 'thôn ')}",
                posted_from=posted_from,
                posted_to=posted_from + dt.timedelta(days=14),
            )
    for index, plan in enumerate(plans):
        if plan.household is None or not reached(plan, "posted") or plan.stage == "verified":
            continue
        plan.household.refresh_from_db()
        plan.last_day = posted_from
        if plan.stage in ("objecting", "posted") or index % 23 == 0:
            objection = objections.objection_raise(
                actor=officer,
                household=plan.household,
                on=posted_from + dt.timedelta(days=rng.randrange(1, 10)),
                content=CONCERNS[index % 2],
            )
            plan.last_day = objection.raised_on
            if plan.stage != "objecting":
                resolved_on = (
                    dt.date(2016, 12, 20) if plan.stage == "posted" else dt.date(2016, 11, 28)
                )
                objections.objection_resolve(
                    actor=head,
                    objection=objection,
                    on=resolved_on,
                    resolution="Tổ công tác kiểm tra lại tại chỗ; giữ nguyên kết quả kiểm đếm, "
                    "hộ đã được giải thích và đồng ý.",
                )
                plan.last_day = resolved_on
    decided_on = dt.date(2016, 12, 5)
    units: dict[int, list[Plan]] = {}
    for plan in plans:
        if plan.household is not None and reached(plan, "approved"):
            units.setdefault(plan.unit.pk, []).append(plan)
    for number, group in enumerate(units.values(), start=1):
        first = group[0].household
        postings.batch_approve(
            # The council's decision; entered by Hoành Sơn for its own former communes.
            actor=head if first is not None and can_change(head, first) else None,
            program=program,
            decision_number=f"{2140 + number}/QĐ-UBND",
            decided_on=decided_on,
            households=[p.household for p in group if p.household is not None],
            signer="Phó Chủ tịch UBND thị xã",
        )
        for plan in group:
            plan.last_day = decided_on
    for index, plan in enumerate(plans):
        if plan.household is None or plan.stage not in ("part_paid", "paid"):
            continue
        household = plan.household
        household.refresh_from_db()
        total = services.amount_total(household)
        on = days(dt.date(2016, 12, 12), 100, rng)
        late = plan.stage == "paid" and index % 6 == 0
        amount = total if plan.stage == "paid" and not late else (total / 2).quantize(Decimal(1))
        services.household_pay(
            actor=officer,
            household=household,
            on=on,
            amount=amount,
            receiver=household.head_full_name,
            method="Tiền mặt" if index % 3 else "Chuyển khoản",
            receipt_number=f"PC-{2016 if on.year == 2016 else 2017}-{index:04d}",
        )
        plan.last_day = on
        plan.late = late


def _pay_the_rest(plans: list[Plan], officer: User, rng: random.Random) -> None:
    """The households that collected the rest after a mobilisation visit."""
    for index, plan in enumerate(plans):
        if plan.household is None or not plan.late:
            continue
        household = plan.household
        household.refresh_from_db()
        on = timezone.localdate() - dt.timedelta(days=rng.randrange(1, 5))
        services.household_pay(
            actor=officer,
            household=household,
            on=on,
            amount=services.amount_total(household) - services.paid_total(household),
            receiver=household.head_full_name,
            method="Tiền mặt",
            receipt_number=f"PC-2018-{index:04d}",
        )
        plan.last_day = on
        for task in household.mobilization_tasks.filter(status="open"):
            mobilization.task_close(
                actor=officer,
                task=task,
                on=timezone.localdate(),
                status="done",
                note="Hộ đã nhận đủ tiền.",
            )


REASON_OF = {
    "not_declared": "not_declared",
    "declared": "not_verified",
    "inventoried": "not_verified",
    "objecting": "objecting",
    "refused": "refusing",
    "approved": "not_collected",
    "part_paid": "not_collected",
}
OUTCOMES = ["considering", "agreed", "declined", "not_home", "agreed"]


def _mobilise(
    plans: list[Plan], officer: User, orgs: dict[str, Organization], rng: random.Random
) -> None:
    """Now: the ward's officers and the mass organisations visit the households still
    behind (the tasks are today's, the visits of the last weeks)."""
    today = timezone.localdate()
    teams = [
        orgs[code] for code in ("hoanhson-hlhpn", "hoanhson-hnd", "hoanhson-hccb") if code in orgs
    ]
    for index, plan in enumerate(plans):
        reason = "not_collected" if plan.late else REASON_OF.get(plan.stage)
        if plan.household is None or reason is None or (index % 4 == 3 and not plan.late):
            continue
        if not can_change(officer, plan.household):
            continue  # Hải Ninh's own officers follow their households
        task = mobilization.task_assign(
            actor=officer,
            household=plan.household,
            reason=reason,
            assignee=officer if not teams or index % 2 else None,
            organization=teams[index % len(teams)] if teams and not index % 2 else None,
            due_on=today + dt.timedelta(days=21),
            note="Vận động các hộ còn vướng mắc theo kế hoạch của Ban Dân vận.",
        )
        visits = 1 + index % 3
        for number in range(visits):
            on = today - dt.timedelta(days=30 - 10 * number - rng.randrange(5))
            outcome = "agreed" if plan.late else OUTCOMES[(index + number) % len(OUTCOMES)]
            visit = mobilization.visit_record(
                actor=officer,
                household=plan.household,
                task=task,
                visited_on=on,
                visitors=[officer],
                other_visitors="Trưởng thôn; đại diện Hội Phụ nữ",
                outcome=outcome,
                concerns=CONCERNS[(index + number) % len(CONCERNS)]
                if outcome != "not_home"
                else "",
                next_step="Hẹn gặp lại cả vợ chồng chủ hộ." if outcome != "agreed" else "",
                next_visit_on=on + dt.timedelta(days=10) if outcome != "agreed" else None,
            )
            if outcome == "declined" and index % 5 == 0:
                mobilization.visit_concern_to_petition(actor=officer, visit=visit, on=on)
