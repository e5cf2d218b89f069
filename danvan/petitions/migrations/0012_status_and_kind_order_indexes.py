# A status or kind filter reads its ids in the list's order from the index alone (ADR 0012).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0011_unit_order_index'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='petition',
            name='petition_status',
        ),
        migrations.RemoveIndex(
            model_name='petition',
            name='petition_kind',
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(fields=['status', 'received_on', 'id'], name='petition_status_order'),
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(fields=['kind', 'received_on', 'id'], name='petition_kind_order'),
        ),
    ]
