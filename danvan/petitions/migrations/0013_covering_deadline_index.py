# The overdue filter reads late deadlines and their petitions from one index (ADR 0012).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0012_status_and_kind_order_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='petitiondeadline',
            name='deadline_open_due',
        ),
        migrations.AddIndex(
            model_name='petitiondeadline',
            index=models.Index(fields=['met_on', 'due_on', 'petition'], name='deadline_met_due_petition'),
        ),
    ]
