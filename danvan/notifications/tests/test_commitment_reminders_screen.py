"""Reminders of overdue dialogue commitments on the notifications screen: listed for their
recipient only, counted in the header, read once (audited) and leading to the dialogue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.dialogues import services
from danvan.dialogues.models import CommitmentReminder, Dialogue
from danvan.dialogues.reminders import commitment_reminders
from danvan.notifications.context_processors import unread_count
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def overdue(persona: Any) -> Dialogue:
    officer = persona("hoanhson.canbo")
    dialogue = services.dialogue_plan(
        actor=officer,
        organization=Organization.objects.get(code="hoanhson-ubnd"),
        admin_unit=AdminUnit.objects.get(code="18832", valid_to__isnull=True),
        title="Đối thoại về tiến độ chi trả tiền bồi thường",
        held_on=TODAY - dt.timedelta(days=40),
        chair=persona("hoanhson.chutich"),
    )
    services.dialogue_hold(actor=officer, dialogue=dialogue, held_on=dialogue.held_on)
    for number in range(3):
        services.commitment_add(
            actor=officer,
            dialogue=dialogue,
            text=f"Chi trả dứt điểm đợt {number + 1}",
            owner_organization=dialogue.organization,
            owner_user=officer,
            due_on=TODAY - dt.timedelta(days=10 + number),
        )
    commitment_reminders(today=TODAY)
    return dialogue


def test_reminders_are_listed_and_counted_for_their_recipient(
    client: Any, persona: Any, overdue: Dialogue
) -> None:
    chair = persona("hoanhson.chutich")
    assert CommitmentReminder.objects.filter(user=chair).count() == 3
    client.force_login(chair)
    page = client.get(reverse("notifications:notification_list"))
    body = page.content.decode()
    assert "Cam kết đối thoại quá hạn" in body
    assert "Chi trả dứt điểm đợt 1" in body
    assert unread_count(chair) == 3

    client.force_login(persona("songtri.canbo"))
    body = client.get(reverse("notifications:notification_list")).content.decode()
    assert "Chi trả dứt điểm đợt 1" not in body


def test_reading_a_reminder_opens_the_dialogue_once(
    client: Any, persona: Any, overdue: Dialogue
) -> None:
    chair = persona("hoanhson.chutich")
    reminder = CommitmentReminder.objects.filter(user=chair).first()
    assert reminder is not None
    client.force_login(chair)
    url = reverse("notifications:commitment_reminder_read", args=[reminder.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogues:dialogue_detail", args=[overdue.public_id])
    client.post(url)
    reminder.refresh_from_db()
    assert reminder.read_at is not None
    assert AuditEvent.objects.filter(action="dialogues.reminder_read").count() == 1
    assert unread_count(chair) == 2
    body = client.get(reverse("notifications:notification_list"), {"unread": "1"})
    assert body.content.decode().count("Chi trả dứt điểm đợt") == 2


def test_someone_elses_reminder_is_not_found(client: Any, persona: Any, overdue: Dialogue) -> None:
    reminder = CommitmentReminder.objects.filter(user=persona("hoanhson.chutich")).first()
    assert reminder is not None
    client.force_login(persona("songtri.canbo"))
    url = reverse("notifications:commitment_reminder_read", args=[reminder.pk])
    assert client.post(url).status_code == 404
    reminder.refresh_from_db()
    assert reminder.read_at is None


def test_the_screen_makes_a_constant_number_of_queries(
    client: Any, persona: Any, overdue: Dialogue
) -> None:
    chair = persona("hoanhson.chutich")
    client.force_login(chair)
    url = reverse("notifications:notification_list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    officer = persona("hoanhson.canbo")
    for number in range(4):
        services.commitment_add(
            actor=officer,
            dialogue=overdue,
            text=f"Cam kết bổ sung {number}",
            owner_organization=overdue.organization,
            due_on=TODAY - dt.timedelta(days=5),
        )
    commitment_reminders(today=TODAY + dt.timedelta(days=1))
    assert CommitmentReminder.objects.filter(user=chair).count() > 3
    assert count() == small
