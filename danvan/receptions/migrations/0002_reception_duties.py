"""Load the legal minimum frequency of citizen reception (shared/LEGAL-RULES.md, "Citizen
reception duties") into the duty table.

Frozen here on purpose: later edits go through the services (admin) and the audit trail.
"""

import datetime as dt

from django.db import migrations

RECEPTION_LAW = dt.date(2014, 7, 1)  # Law on Citizen Reception 42/2013/QH13 in force

DUTIES = [
    {
        "code": "commune_chairman.weekly",
        "title": "Chủ tịch Ủy ban nhân dân cấp xã",
        "organization_kind": "people_committee",
        "organization_level": "commune",
        "membership_role": "head",
        "title_contains": "",
        "minimum_count": 1,
        "period": "week",
        "source": "Luật Tiếp công dân 42/2013/QH13, Điều 15 khoản 2 điểm d",
        "note": "Ít nhất 01 ngày trong 01 tuần.",
        "valid_from": RECEPTION_LAW,
    },
    {
        "code": "provincial_chairman.monthly",
        "title": "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        "organization_kind": "people_committee",
        "organization_level": "province",
        "membership_role": "head",
        "title_contains": "",
        "minimum_count": 1,
        "period": "month",
        "source": "Luật Tiếp công dân 42/2013/QH13, Điều 12 khoản 5",
        "note": "Ít nhất 01 ngày trong 01 tháng.",
        "valid_from": RECEPTION_LAW,
    },
    {
        "code": "agency_head.monthly",
        "title": "Thủ trưởng cơ quan",
        "organization_kind": "",
        "organization_level": "",
        "membership_role": "head",
        "title_contains": "",
        "minimum_count": 1,
        "period": "month",
        "source": "Luật Tiếp công dân 42/2013/QH13, Điều 18",
        "note": (
            "Áp dụng cho người đứng đầu mọi cơ quan không có định mức riêng cụ thể hơn. "
            "Quản trị viên có thể giới hạn theo loại cơ quan."
        ),
        "valid_from": RECEPTION_LAW,
    },
    {
        "code": "commune_party_secretary.monthly",
        "title": "Bí thư cấp ủy cấp xã",
        "organization_kind": "party_committee",
        "organization_level": "commune",
        "membership_role": "head",
        "title_contains": "",
        "minimum_count": 2,
        "period": "month",
        "source": "Quy định 11-QĐi/TW (2019), sửa đổi theo Kết luận 215 (2025)",
        "note": "Ít nhất 02 ngày trong 01 tháng.",
        "valid_from": None,
    },
]


def forward(apps, schema_editor):
    ReceptionDuty = apps.get_model("receptions", "ReceptionDuty")
    for row in DUTIES:
        values = dict(row)
        ReceptionDuty.objects.update_or_create(code=values.pop("code"), defaults=values)


def backward(apps, schema_editor):
    ReceptionDuty = apps.get_model("receptions", "ReceptionDuty")
    ReceptionDuty.objects.filter(code__in=[row["code"] for row in DUTIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("receptions", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
