"""Ship the minimum consultation period with its legal source."""

from __future__ import annotations

from typing import Any

from django.db import migrations

RULES = [
    {
        "code": "period",
        "min_days": 20,
        "citation": "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, Điều 28 khoản 2",
        "note": (
            "Thời gian lấy ý kiến ít nhất 20 ngày kể từ ngày công khai dự thảo. Ngày công "
            "khai không tính (Bộ luật Dân sự 2015, Điều 147 khoản 1): ngày kết thúc phải "
            "cách ngày công khai ít nhất 20 ngày."
        ),
    }
]


def forwards(apps: Any, schema_editor: Any) -> None:
    rule_model = apps.get_model("consultations", "ConsultationRule")
    for rule in RULES:
        rule_model.objects.update_or_create(code=rule["code"], defaults=rule)


def backwards(apps: Any, schema_editor: Any) -> None:
    rule_model = apps.get_model("consultations", "ConsultationRule")
    rule_model.objects.filter(code__in=[r["code"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
