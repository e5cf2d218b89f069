from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from danvan.dialogues import services
from danvan.dialogues.models import CommitmentReminder
from danvan.dialogues.reminders import commitment_reminders

pytestmark = pytest.mark.django_db


def _add(held, officer, **changes):
    fields = {
        "actor": officer,
        "dialogue": held,
        "text": "Sửa đường ra bến cá",
        "owner_organization": held.organization,
        "due_on": held.held_on,
    }
    fields.update(changes)
    return services.commitment_add(**fields)


def test_overdue_commitments_remind_owner_and_chair(held, officer, persona):
    today = timezone.localdate()
    overdue = _add(held, officer, owner_user=persona("hoanhson.canbo"))
    _add(held, officer, owner_user=persona("hoanhson.canbo"), due_on=today)  # due today
    done = _add(held, officer, owner_user=persona("hoanhson.canbo"))
    services.commitment_complete(
        actor=officer, commitment=done, completed_on=today, evidence="Xong"
    )

    result = commitment_reminders(today=today)

    reminders = CommitmentReminder.objects.all()
    assert result.created == 2
    assert {r.user.username for r in reminders} == {"hoanhson.canbo", "hoanhson.chutich"}
    assert {r.commitment_id for r in reminders} == {overdue.pk}
    assert "quá hạn" in reminders[0].message
    assert commitment_reminders(today=today).created == 0  # once a day
    # The next day both open commitments are overdue: two people for each.
    assert commitment_reminders(today=today + dt.timedelta(days=1)).created == 4


def test_without_an_owner_officer_the_heads_are_told(held, officer):
    held.chair = None
    held.save()
    _add(held, officer)
    commitment_reminders()
    users = {r.user.username for r in CommitmentReminder.objects.all()}
    assert "hoanhson.chutich" in users
    assert "hoanhson.canbo" not in users


def test_emails_when_configured(held, officer, persona, settings):
    settings.NOTIFY_BY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner = persona("hoanhson.canbo")
    owner.email = "canbo@hoanhson.example.vn"
    owner.save()
    _add(held, officer, owner_user=owner)
    result = commitment_reminders()
    assert result.emailed >= 1
    assert any("canbo@hoanhson.example.vn" in m.to for m in mail.outbox)
    assert CommitmentReminder.objects.get(user=owner).emailed


def test_command(held, officer, persona):
    from io import StringIO

    from django.core.management import call_command

    _add(held, officer, owner_user=persona("hoanhson.canbo"))
    out = StringIO()
    call_command("commitment-reminders", stdout=out)
    assert "Đã tạo 2 nhắc việc" in out.getvalue()
