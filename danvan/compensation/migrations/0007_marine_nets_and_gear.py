"""Nets and gear in the marine programme's rate table. Decision 1880/QĐ-TTg pays the fishing
group by vessel and engine power per month, not per net; the inventory still counts nets and
gear (they show which fishing trade a household practised), so their rows are priced at 0."""

from __future__ import annotations

from decimal import Decimal

from django.db import migrations

CODE = "marine-2016"
NOTE = "kiểm đếm để xác định nghề; không tính tiền riêng (QĐ 1880/QĐ-TTg)"
RATES = [
    ("fishing-net", "fishing_net", "tấm", f"Lưới — {NOTE}"),
    ("fishing-gear", "fishing_gear", "bộ", f"Ngư cụ khác — {NOTE}"),
]


def forwards(apps, schema_editor):
    Program = apps.get_model("compensation", "CompensationProgram")
    Rate = apps.get_model("compensation", "Rate")
    program = Program.objects.filter(code=CODE).first()
    if program is None:
        return
    for code, category, unit, description in RATES:
        Rate.objects.get_or_create(
            program=program,
            code=code,
            defaults={
                "asset_category": category,
                "unit": unit,
                "amount": Decimal(0),
                "conditions": {},
                "description": description,
            },
        )


def backwards(apps, schema_editor):
    Rate = apps.get_model("compensation", "Rate")
    Rate.objects.filter(
        program__code=CODE, code__in=[c for c, *_ in RATES], asset_lines__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("compensation", "0006_household_search_text")]
    operations = [migrations.RunPython(forwards, backwards)]
