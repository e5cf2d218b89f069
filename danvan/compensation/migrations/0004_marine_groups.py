"""The seven groups of beneficiaries of Decision 1880/QĐ-TTg (shared/LEGAL-RULES.md) for the
marine programme, and the status date of households listed before it was recorded."""

from __future__ import annotations

from django.db import migrations
from django.db.models import F

GROUPS = [
    ("fishing", "Khai thác hải sản"),
    ("aquaculture", "Nuôi trồng thủy sản"),
    ("salt_production", "Sản xuất muối"),
    ("seafood_trading", "Kinh doanh, thu mua hải sản"),
    ("fishery_logistics", "Dịch vụ hậu cần nghề cá"),
    ("coastal_tourism", "Du lịch, dịch vụ, thương mại ven biển"),
    ("seafood_storage", "Thu mua, sơ chế, bảo quản hải sản"),
]


def forwards(apps, schema_editor):
    Program = apps.get_model("compensation", "CompensationProgram")
    Group = apps.get_model("compensation", "EligibleGroup")
    Household = apps.get_model("compensation", "Household")
    program = Program.objects.filter(code="marine-2016").first()
    if program is not None:
        for position, (code, name) in enumerate(GROUPS, start=1):
            Group.objects.get_or_create(
                program=program, code=code, defaults={"name": name, "position": position}
            )
    Household.objects.filter(status_changed_at__isnull=True).update(
        status_changed_at=F("updated_at")
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("compensation", "EligibleGroup")
    Group.objects.filter(program__code="marine-2016", code__in=[c for c, _ in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("compensation", "0003_mobilization_postings_evidence")]
    operations = [migrations.RunPython(forwards, backwards)]
