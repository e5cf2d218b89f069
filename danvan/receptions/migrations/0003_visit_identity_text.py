"""Move the visitors' names, addresses and phones out of `search_text` into `identity_text`,
which search reads only where the reader may see the people (a denouncer's identity)."""

from django.db import migrations, models

from danvan.core.text import fold


def split_search_text(apps, schema_editor):
    ReceptionVisit = apps.get_model("receptions", "ReceptionVisit")
    VisitPerson = apps.get_model("receptions", "VisitPerson")
    people: dict[int, list[str]] = {}
    for row in VisitPerson.objects.order_by("visit_id", "position", "id").values_list(
        "visit_id", "full_name", "address", "id_number", "phone"
    ):
        people.setdefault(row[0], []).extend(part for part in row[1:] if part)
    batch = []
    for visit in ReceptionVisit.objects.only("pk", "number", "register_year", "content", "request"):
        label = f"{visit.number}/{visit.register_year}"
        visit.search_text = fold(" ".join(p for p in (label, visit.content, visit.request) if p))
        visit.identity_text = fold(" ".join(people.get(visit.pk, [])))
        batch.append(visit)
        if len(batch) >= 500:
            ReceptionVisit.objects.bulk_update(batch, ["search_text", "identity_text"])
            batch = []
    if batch:
        ReceptionVisit.objects.bulk_update(batch, ["search_text", "identity_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("receptions", "0002_reception_duties"),
    ]

    operations = [
        migrations.AddField(
            model_name="receptionvisit",
            name="identity_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(split_search_text, migrations.RunPython.noop, elidable=True),
    ]
