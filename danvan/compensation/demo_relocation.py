"""The demo's land-recovery programme: relocating Thôn Tân Phúc Thành (Xã Kỳ Lợi) for the
Vũng Áng economic zone, 2017–2018 — about 60 households with land parcels, houses,
structures and trees, a posted plan, objections, a batch approval, payments and the handing
over of the land, then mobilisation visits for those still behind.

The rate table is illustrative (a province sets its own prices each year); the posting period
is the one of the Land Law in force at the time."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from danvan.accounts.models import User
from danvan.compensation import handover, mobilization, objections, postings, services
from danvan.compensation.demo import (
    Plan,
    by_village,
    days,
    person_name,
    reached,
    verify_late,
)
from danvan.compensation.demo import settle_status_dates as settle
from danvan.compensation.models import CompensationProgram
from danvan.compensation.programs import program_create
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

CODE = "tan-phuc-thanh-2018"
VILLAGE = "Thôn Tân Phúc Thành"
RATES: list[dict[str, Any]] = [
    {"code": "land-ont", "asset_category": "land_parcel", "unit": "m²", "amount": 1100000,
     "conditions": {"land_class": "ONT"}, "description": "Đất ở tại nông thôn"},
    {"code": "land-cln", "asset_category": "land_parcel", "unit": "m²", "amount": 48000,
     "conditions": {"land_class": "CLN"}, "description": "Đất trồng cây lâu năm"},
    {"code": "land-bhk", "asset_category": "land_parcel", "unit": "m²", "amount": 42000,
     "conditions": {"land_class": "BHK"}, "description": "Đất bằng trồng cây hằng năm khác"},
    {"code": "land-nts", "asset_category": "land_parcel", "unit": "m²", "amount": 38000,
     "conditions": {"land_class": "NTS"}, "description": "Đất nuôi trồng thủy sản"},
    {"code": "house-grade-3", "asset_category": "house", "unit": "m²", "amount": 4200000,
     "conditions": {"house_grade": 3}, "description": "Nhà cấp 3"},
    {"code": "house-grade-4", "asset_category": "house", "unit": "m²", "amount": 2950000,
     "conditions": {"house_grade": 4}, "description": "Nhà cấp 4"},
    {"code": "structure", "asset_category": "structure", "unit": "m²", "amount": 180000,
     "conditions": {}, "description": "Sân, tường rào, công trình phụ"},
    {"code": "tree-coconut", "asset_category": "tree", "unit": "cây", "amount": 520000,
     "conditions": {"species": "dừa"}, "description": "Cây dừa đang cho quả"},
    {"code": "tree-casuarina", "asset_category": "tree", "unit": "cây", "amount": 45000,
     "conditions": {"species": "phi lao"}, "description": "Cây phi lao"},
    {"code": "crop", "asset_category": "crop", "unit": "m²", "amount": 9000,
     "conditions": {}, "description": "Hoa màu (lạc, khoai lang)"},
    {"code": "support-moving", "asset_category": "relocation_support", "unit": "hộ",
     "amount": 5000000, "conditions": {}, "description": "Hỗ trợ di chuyển chỗ ở"},
    {"code": "support-living", "asset_category": "living_support", "unit": "người·tháng",
     "amount": 450000, "conditions": {"max_months": 6},
     "description": "Hỗ trợ ổn định đời sống (30 kg gạo/người/tháng)"},
]  # fmt: skip
STAGES = (
    ["not_declared"] * 2
    + ["declared"] * 3
    + ["inventoried"] * 3
    + ["verified"] * 2
    + ["objecting"] * 4
    + ["posted"] * 2
    + ["approved"] * 5
    + ["part_paid"] * 4
    + ["paid"] * 35
)
OBJECTIONS = [
    "Hộ không đồng ý diện tích đất ở được công nhận (đề nghị 300 m² theo giấy tờ năm 1992).",
    "Hộ đề nghị tính nhà chính là nhà cấp 3 vì đã đổ mái bằng năm 2010.",
    "Hộ đề nghị bồi thường thêm cho 12 cây dừa chưa được kiểm đếm.",
    "Hộ đề nghị bố trí lô tái định cư gần đường chính để tiếp tục buôn bán.",
]
CONCERNS = [
    "Hộ chờ nhận lô đất tái định cư có hạ tầng hoàn chỉnh rồi mới di chuyển.",
    "Hộ lo con cháu không có việc làm sau khi mất đất sản xuất.",
    "Hộ muốn được giữ lại nhà thờ họ tại vị trí cũ.",
    "Hộ đề nghị được nhận tiền một lần, không chia nhiều đợt.",
]


def _lines(rng: random.Random, members: int) -> list[tuple[str, Decimal, dict[str, Any], str]]:
    sheet = str(rng.randrange(8, 14))
    lines: list[tuple[str, Decimal, dict[str, Any], str]] = [
        (
            "land_parcel",
            Decimal(rng.randrange(1800, 4000)) / 10,
            {
                "land_class": "ONT",
                "map_sheet": sheet,
                "parcel_number": str(rng.randrange(100, 400)),
            },
            "declaration",
        ),
        (
            "land_parcel",
            Decimal(rng.randrange(500, 3000)),
            {
                "land_class": rng.choice(["CLN", "BHK", "NTS"]),
                "map_sheet": sheet,
                "parcel_number": str(rng.randrange(400, 800)),
            },
            "declaration",
        ),
        (
            "house",
            Decimal(rng.randrange(600, 1400)) / 10,
            {"house_grade": rng.choice([3, 4, 4])},
            "inventory",
        ),
        ("structure", Decimal(rng.randrange(20, 90)), {}, "inventory"),
        ("relocation_support", Decimal(1), {}, "inventory"),
        ("living_support", Decimal(members), {"months": 6}, "inventory"),
    ]
    if rng.random() < 0.6:
        lines.append(("tree", Decimal(rng.randrange(2, 12)), {"species": "dừa"}, "inventory"))
    if rng.random() < 0.4:
        lines.append(("tree", Decimal(rng.randrange(10, 60)), {"species": "phi lao"}, "inventory"))
    if rng.random() < 0.5:
        lines.append(("crop", Decimal(rng.randrange(100, 800)), {}, "inventory"))
    return lines


def load_demo_relocation(orgs: dict[str, Organization]) -> None:
    if CompensationProgram.objects.filter(code=CODE).exists():
        return
    officer = User.objects.get(username="hoanhson.canbo")
    head = User.objects.get(username="hoanhson.chutich")
    ward = AdminUnit.objects.get(code="18832", valid_to__isnull=True)
    ky_loi = AdminUnit.objects.get(code="18796", valid_to__isnull=False)
    program = program_create(
        actor=None,
        code=CODE,
        name="Bồi thường, hỗ trợ, tái định cư di dời Thôn Tân Phúc Thành, xã Kỳ Lợi",
        kind=CompensationProgram.Kind.LAND_RECOVERY,
        organization=orgs["hoanhson-ubnd"],
        area=[ward],
        legal_basis=(
            "Luật Đất đai số 45/2013/QH13; Nghị định 47/2014/NĐ-CP về bồi thường, hỗ trợ, "
            "tái định cư khi Nhà nước thu hồi đất; dự án Khu kinh tế Vũng Áng. Đơn giá trong "
            "bản trình diễn là minh họa."
        ),
        start_on=dt.date(2017, 8, 1),
        posting_days=20,
        posting_basis="Điểm a khoản 2 Điều 69 Luật Đất đai 2013: niêm yết ít nhất 20 ngày",
        payment_days=30,
        payment_basis="Khoản 1 Điều 93 Luật Đất đai 2013: chi trả trong 30 ngày",
        phases=[
            ("Thông báo thu hồi đất, kê khai", dt.date(2017, 8, 1), dt.date(2017, 8, 31)),
            ("Kiểm đếm, xác nhận", dt.date(2017, 9, 1), dt.date(2017, 11, 30)),
            ("Niêm yết, lấy ý kiến phương án", dt.date(2018, 1, 8), dt.date(2018, 1, 27)),
            ("Phê duyệt, chi trả", dt.date(2018, 2, 26), dt.date(2018, 4, 30)),
            ("Bàn giao mặt bằng, vận động", dt.date(2018, 4, 1), None),
        ],
        groups=[
            ("residential_land", "Hộ bị thu hồi đất ở, phải di chuyển chỗ ở"),
            ("agricultural_land", "Hộ bị thu hồi đất sản xuất nông nghiệp"),
        ],
        rates=RATES,
    )
    group = program.groups.get(code="residential_land")
    rng = random.Random(2018)
    plans = []
    for index, stage in enumerate(STAGES):
        members = rng.randint(2, 8)
        plan = Plan(
            unit=ky_loi, village=VILLAGE, stage=stage, name=person_name(rng), members=members,
            salt=False, lines=_lines(rng, members),
        )  # fmt: skip
        plan.household = services.household_create(
            actor=officer,
            program=program,
            head_full_name=plan.name,
            admin_unit=ky_loi,
            id_number=f"0421{rng.randrange(10_000_000, 99_999_999)}",
            village=VILLAGE,
            address=f"Xóm {1 + index % 4}, {VILLAGE}, Xã Kỳ Lợi",
            members=[plan.name, *(person_name(rng) for _ in range(members - 1))],
            group=group,
        )
        plans.append(plan)
        plan.last_day = dt.date(2017, 8, 1)
        if stage == "not_declared":
            continue
        on = days(dt.date(2017, 8, 7), 20, rng)
        services.household_declare(actor=officer, household=plan.household, on=on)
        plan.last_day = on
        for category, quantity, attributes, source in plan.lines:
            if source == "inventory" and not reached(plan, "inventoried"):
                continue
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
        on = days(dt.date(2017, 9, 5), 55, rng)
        services.household_inventory(actor=officer, household=plan.household, on=on)
        plan.last_day = on
        if stage in ("inventoried", "verified"):
            continue  # verified only after the posting (verify_late)
        on = days(dt.date(2017, 11, 6), 20, rng)
        services.household_verify(actor=head, household=plan.household, on=on)
        plan.last_day = on
    _post_and_decide(program, plans, officer, head, rng)
    verify_late(plans, head, dt.date(2018, 2, 2))
    _mobilise(plans, officer, orgs, rng)
    settle(plans)


def _post_and_decide(
    program: CompensationProgram, plans: list[Plan], officer: User, head: User, rng: random.Random
) -> None:
    posted_from = dt.date(2018, 1, 8)
    for unit, village, _group in by_village(plans):
        postings.posting_create(
            actor=officer,
            program=program,
            admin_unit=unit,
            village=village,
            place="Trụ sở UBND xã Kỳ Lợi và nhà văn hóa thôn Tân Phúc Thành",
            posted_from=posted_from,
            note="Niêm yết dự thảo phương án bồi thường, hỗ trợ, tái định cư.",
        )
    for index, plan in enumerate(p for p in plans if p.stage in ("objecting", "posted")):
        assert plan.household is not None
        plan.household.refresh_from_db()
        objection = objections.objection_raise(
            actor=officer,
            household=plan.household,
            on=posted_from + dt.timedelta(days=2 + index),
            content=OBJECTIONS[index % len(OBJECTIONS)],
        )
        plan.last_day = objection.raised_on
        if plan.stage == "posted":
            objections.objection_resolve(
                actor=head,
                objection=objection,
                on=dt.date(2018, 3, 12),
                resolution="Hội đồng bồi thường đo đạc lại; điều chỉnh trong phương án bổ sung.",
            )
            plan.last_day = dt.date(2018, 3, 12)
    decided_on = dt.date(2018, 2, 26)
    approved = [p for p in plans if reached(p, "approved")]
    postings.batch_approve(
        actor=head,
        program=program,
        decision_number="356/QĐ-UBND",
        decided_on=decided_on,
        households=[p.household for p in approved if p.household is not None],
        signer="Chủ tịch UBND thị xã Kỳ Anh",
        note="Phê duyệt phương án bồi thường, hỗ trợ, tái định cư đợt 1.",
    )
    for index, plan in enumerate(approved):
        plan.last_day = decided_on
        if plan.stage not in ("part_paid", "paid") or plan.household is None:
            continue
        household = plan.household
        household.refresh_from_db()
        total = services.amount_total(household)
        # Most within the 30 days of the Land Law; a few late.
        on = days(dt.date(2018, 3, 5), 20, rng) if index % 7 else dt.date(2018, 4, 10)
        amount = total if plan.stage == "paid" else (total * Decimal("0.7")).quantize(Decimal(1))
        services.household_pay(
            actor=officer,
            household=household,
            on=on,
            amount=amount,
            receiver=household.head_full_name,
            method="Chuyển khoản",
            receipt_number=f"UNC-2018-{index + 1:03d}",
        )
        plan.last_day = on
        if plan.stage == "paid" and index % 5:
            handed = on + dt.timedelta(days=rng.randrange(10, 40))
            handover.household_hand_over(actor=officer, household=household, on=handed)


def _mobilise(
    plans: list[Plan], officer: User, orgs: dict[str, Organization], rng: random.Random
) -> None:
    """Now: the Fatherland Front and the ward's officers visit the households still behind."""
    front = orgs.get("hoanhson-mttq")
    today = timezone.localdate()
    for index, plan in enumerate(plans):
        household = plan.household
        if household is None:
            continue
        household.refresh_from_db()
        if plan.stage == "paid" and household.handed_over_on is None:
            reason = "not_handed_over"
        elif plan.stage in ("approved", "part_paid"):
            reason = "not_collected"
        elif plan.stage == "objecting":
            reason = "objecting"
        elif plan.stage in ("not_declared", "declared"):
            reason = "not_declared" if plan.stage == "not_declared" else "not_verified"
        else:
            continue
        task = mobilization.task_assign(
            actor=officer,
            household=household,
            reason=reason,
            assignee=officer if index % 2 else None,
            organization=front if not index % 2 else None,
            due_on=today + dt.timedelta(days=30),
        )
        on = today - dt.timedelta(days=rng.randrange(1, 28))
        visit = mobilization.visit_record(
            actor=officer,
            household=household,
            task=task,
            visited_on=on,
            visitors=[officer],
            other_visitors="Bí thư chi bộ thôn; Trưởng ban công tác Mặt trận thôn",
            outcome=["considering", "declined", "agreed"][index % 3],
            concerns=CONCERNS[index % len(CONCERNS)],
            next_step="Báo cáo Hội đồng bồi thường; hẹn đối thoại cùng các hộ trong thôn.",
            next_visit_on=on + dt.timedelta(days=14),
        )
        if index % 3 == 1 and index % 2:
            mobilization.visit_concern_to_petition(actor=officer, visit=visit, on=on)
