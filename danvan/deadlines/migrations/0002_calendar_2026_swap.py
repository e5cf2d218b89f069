"""Ship the 2026 swap of working days around National Day: Saturday 22 August 2026 is a
make-up working day and Monday 31 August 2026 a day off."""

import datetime as dt

from django.db import migrations

SOURCE = (
    "Thông báo của Thủ tướng Chính phủ về lịch nghỉ lễ Quốc khánh 2/9/2026 "
    "(hoán đổi ngày làm việc)"
)
DAYS = [
    (dt.date(2026, 8, 22), "working_day", "Làm bù cho ngày nghỉ thứ Hai 31/8/2026"),
    (dt.date(2026, 8, 31), "day_off", "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)"),
]


def forward(apps, schema_editor):
    CalendarDay = apps.get_model("deadlines", "CalendarDay")
    for day, kind, name in DAYS:
        CalendarDay.objects.update_or_create(
            date=day, defaults={"kind": kind, "name": name, "legal_source": SOURCE}
        )


def backward(apps, schema_editor):
    CalendarDay = apps.get_model("deadlines", "CalendarDay")
    CalendarDay.objects.filter(date__in=[day for day, _, _ in DAYS], legal_source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
