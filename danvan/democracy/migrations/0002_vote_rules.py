"""The items residents decide by a vote of households (Law 10/2022/QH15, Art. 15) and the
share each needs (Art. 21, shared/LEGAL-RULES.md): items 1–2 at least two thirds of the
village's households, items 3–6 more than half."""

from __future__ import annotations

from django.db import migrations

LAW = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
RULES = [
    ("public-works-contributions", 1, "Chủ trương, mức đóng góp xây dựng công trình công cộng, "
     "hạ tầng kỹ thuật trong cộng đồng dân cư", 2, 3, "at_least"),
    ("community-funds", 2, "Thành lập, mức đóng góp, quản lý và sử dụng quỹ, tài sản của cộng "
     "đồng dân cư", 2, 3, "at_least"),
    ("village-rules", 3, "Nội dung hương ước, quy ước của cộng đồng dân cư", 1, 2, "more_than"),
    ("village-head", 4, "Bầu, cho thôi làm Trưởng thôn, Tổ trưởng tổ dân phố", 1, 2,
     "more_than"),
    ("people-inspection-board", 5, "Bầu, cho thôi làm thành viên Ban Thanh tra nhân dân", 1, 2,
     "more_than"),
    ("investment-supervision-board", 6, "Bầu, cho thôi làm thành viên Ban giám sát đầu tư của "
     "cộng đồng", 1, 2, "more_than"),
]  # fmt: skip


def forwards(apps, schema_editor):
    VoteRule = apps.get_model("democracy", "VoteRule")
    for code, item, name, numerator, denominator, comparison in RULES:
        VoteRule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "numerator": numerator,
                "denominator": denominator,
                "comparison": comparison,
                "citation": f"{LAW}, khoản {item} Điều 15, Điều 21",
                "position": item,
            },
        )


def backwards(apps, schema_editor):
    VoteRule = apps.get_model("democracy", "VoteRule")
    VoteRule.objects.filter(code__in=[r[0] for r in RULES], decisions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("democracy", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
