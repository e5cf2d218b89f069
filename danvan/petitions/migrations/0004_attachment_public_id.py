"""Attachments get a public identifier (downloads never expose row ids)."""

from django.db import migrations, models

import danvan.core.models


def fill(apps, schema_editor):
    Attachment = apps.get_model("petitions", "Attachment")
    for attachment in Attachment.objects.filter(public_id__isnull=True).iterator():
        attachment.public_id = danvan.core.models.new_public_id()
        attachment.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("petitions", "0003_saved_views")]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="public_id",
            field=models.CharField(max_length=16, null=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attachment",
            name="public_id",
            field=models.CharField(
                default=danvan.core.models.new_public_id,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="mã tệp",
            ),
        ),
    ]
