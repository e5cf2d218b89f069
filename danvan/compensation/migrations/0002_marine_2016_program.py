"""The 2016 marine incident programme and its rate table (shared/LEGAL-RULES.md,
"Compensation for the 2016 marine incident"): monthly rates in million VND, stored in VND.

The programme is shipped without a responsible organisation and without an area: a data
migration must not depend on demo or production data (organisations, admin units are loaded
later). Set them in the administration screens, or in the demo/test fixtures."""

from __future__ import annotations

from decimal import Decimal

from django.db import migrations

CODE = "marine-2016"
MONTHS = 6
NO_ENGINE = {"no_engine": True, "max_months": MONTHS}
UNDER_20 = {"engine_power_cv_min": 0, "engine_power_cv_max": 20, "max_months": MONTHS}
FROM_20_TO_50 = {"engine_power_cv_min": 20, "engine_power_cv_max": 50, "max_months": MONTHS}

RATES = [
    # code, category, unit, million VND, conditions, description
    (
        "vessel-owner-no-engine",
        "fishing_vessel_owner",
        "tháng",
        "5.83",
        NO_ENGINE,
        "Chủ tàu không động cơ",
    ),
    (
        "vessel-owner-under-20cv",
        "fishing_vessel_owner",
        "tháng",
        "10.67",
        UNDER_20,
        "Chủ tàu có động cơ dưới 20 CV",
    ),
    (
        "vessel-owner-20-50cv",
        "fishing_vessel_owner",
        "tháng",
        "15.2",
        FROM_20_TO_50,
        "Chủ tàu có động cơ từ 20 CV đến dưới 50 CV",
    ),
    (
        "vessel-worker-no-engine",
        "fishing_vessel_worker",
        "người·tháng",
        "3.69",
        NO_ENGINE,
        "Lao động làm việc trên tàu không động cơ",
    ),
    (
        "vessel-worker-under-20cv",
        "fishing_vessel_worker",
        "người·tháng",
        "5.96",
        UNDER_20,
        "Lao động làm việc trên tàu có động cơ dưới 20 CV",
    ),
    (
        "vessel-worker-20-50cv",
        "fishing_vessel_worker",
        "người·tháng",
        "7.65",
        FROM_20_TO_50,
        "Lao động làm việc trên tàu có động cơ từ 20 CV đến dưới 50 CV",
    ),
    (
        "lost-income-worker",
        "lost_income_worker",
        "người·tháng",
        "2.91",
        {"max_months": MONTHS},
        "Lao động bị mất thu nhập",
    ),
    (
        "salt-production",
        "salt_production",
        "ha·tháng",
        "39.37",
        {"max_months": MONTHS},
        "Diện tích sản xuất muối",
    ),
]


def add_program(apps, schema_editor):
    Program = apps.get_model("compensation", "CompensationProgram")
    Rate = apps.get_model("compensation", "Rate")
    import datetime as dt
    import secrets

    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    program, _ = Program.objects.get_or_create(
        code=CODE,
        defaults={
            "public_id": "".join(secrets.choice(alphabet) for _ in range(12)),
            "name": "Bồi thường, hỗ trợ thiệt hại do sự cố môi trường biển năm 2016",
            "kind": "environmental_incident",
            "legal_basis": "Quyết định 1880/QĐ-TTg, sửa đổi bởi Quyết định 309/QĐ-TTg",
            "status": "active",
            "start_on": dt.date(2016, 4, 1),
        },
    )
    for code, category, unit, million, conditions, description in RATES:
        Rate.objects.get_or_create(
            program=program,
            code=code,
            defaults={
                "asset_category": category,
                "unit": unit,
                "amount": Decimal(million) * 1_000_000,
                "conditions": conditions,
                "description": description,
            },
        )


def remove_program(apps, schema_editor):
    Program = apps.get_model("compensation", "CompensationProgram")
    Rate = apps.get_model("compensation", "Rate")
    Rate.objects.filter(program__code=CODE, asset_lines__isnull=True).delete()
    Program.objects.filter(code=CODE, households__isnull=True, rates__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("compensation", "0001_initial")]

    operations = [migrations.RunPython(add_program, remove_program)]
