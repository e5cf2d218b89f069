"""The reply deadline for written recommendations and feedback (10 working days from receipt).

The law sets 10 working days to answer after a reception (Law on Citizen Reception Art. 28(1));
the product applies the same period, from receipt, to recommendations and feedback received
in writing. A locality may change these rows."""

import datetime as dt

from django.db import migrations

SOURCE = "Law on Citizen Reception Art. 28(1) (product default for written recommendations and feedback)"
ROWS = [
    ("recommendation.reply", "recommendation", "Trả lời kiến nghị"),
    ("feedback.reply", "feedback", "Trả lời phản ánh"),
]


def load(apps, schema_editor):
    LegalRule = apps.get_model("deadlines", "LegalRule")
    for code, kind, title in ROWS:
        LegalRule.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "step": "reply",
                "kind": kind,
                "period": 10,
                "unit": "working_days",
                "start_event": "receipt",
                "source": SOURCE,
                "valid_from": dt.date(2014, 7, 1),
                "is_active": True,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("deadlines", "LegalRule").objects.filter(code__in=[r[0] for r in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0003_legal_rules")]

    operations = [migrations.RunPython(load, unload)]
