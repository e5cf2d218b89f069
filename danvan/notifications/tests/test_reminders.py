"""Deadline reminders: due within 3 working days and overdue, once a day, by a task."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command

from danvan.notifications.models import Notification
from danvan.notifications.services import deadline_reminders_send
from danvan.notifications.tasks import send_deadline_reminders
from danvan.petitions import services
from danvan.petitions.tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(register, persona):
    """A feedback due Mon 9 Mar 2026 (received 23 Feb) and one overdue since February."""
    due_soon = register(kind="feedback", received_on=d("2026-02-23"), title="Sắp đến hạn")
    overdue = register(kind="feedback", received_on=d("2026-01-05"), title="Quá hạn")
    answered = register(kind="feedback", received_on=d("2026-01-05"), title="Đã trả lời")
    services.petition_reply(actor=persona("hoanhson.canbo"), petition=answered, on=d("2026-01-09"))
    return due_soon, overdue


def test_officers_hear_of_cases_due_soon_and_heads_of_overdue_ones(cases, persona):
    due_soon, _overdue = cases
    assert due_soon.deadlines.get().due_on == d("2026-03-09")

    result = deadline_reminders_send(today=d("2026-03-04"))

    officer, head = persona("hoanhson.canbo"), persona("hoanhson.chutich")
    mine = {(n.petition.title, n.kind) for n in Notification.objects.filter(user=officer)}
    heads = {(n.petition.title, n.kind) for n in Notification.objects.filter(user=head)}
    assert mine == {("Sắp đến hạn", "due_soon"), ("Quá hạn", "overdue")}
    assert heads == {("Sắp đến hạn", "due_soon"), ("Quá hạn", "overdue")}
    assert result.created == 4
    assert "Quá hạn" in Notification.objects.get(user=officer, kind="overdue").message


def test_assigned_officers_are_told_instead_of_everyone(cases, persona):
    due_soon, _overdue = cases
    services.petition_assign(
        actor=persona("hoanhson.chutich"),
        petition=due_soon,
        user=persona("hoanhson.canbo"),
        on=d("2026-02-24"),
    )

    deadline_reminders_send(today=d("2026-03-04"))

    told = set(
        Notification.objects.filter(petition=due_soon).values_list("user__username", flat=True)
    )
    assert told == {"hoanhson.canbo"}


def test_reminders_are_sent_once_a_day(cases):
    first = deadline_reminders_send(today=d("2026-03-04"))
    again = deadline_reminders_send(today=d("2026-03-04"))
    next_day = deadline_reminders_send(today=d("2026-03-05"))

    assert first.created == 4
    assert again.created == 0
    assert next_day.created == 4


def test_nothing_is_due_far_ahead(register):
    register(kind="feedback", received_on=d("2026-11-26"))

    assert deadline_reminders_send(today=d("2026-11-26")).created == 0


def test_email_goes_out_when_configured(cases, persona, settings):
    settings.NOTIFY_BY_EMAIL = True
    officer = persona("hoanhson.canbo")
    officer.email = "binh@hoanhson.example"
    officer.save(update_fields=["email"])

    result = deadline_reminders_send(today=d("2026-03-04"))

    assert result.emailed == 1
    assert mail.outbox[0].to == ["binh@hoanhson.example"]
    assert "Quá hạn" in mail.outbox[0].body


def test_the_task_and_the_command_run_the_reminders(cases):
    result = send_deadline_reminders.enqueue()  # the immediate backend in tests
    assert result.return_value == 4

    out = io.StringIO()
    call_command("send-reminders", stdout=out)
    assert "thông báo" in out.getvalue()


def test_the_header_counts_unread_and_reading_opens_the_case(cases, client, persona):
    deadline_reminders_send(today=d("2026-03-04"))
    client.force_login(persona("hoanhson.canbo"))

    page = client.get("/notifications/?unread=1").content.decode()
    notification = Notification.objects.filter(user=persona("hoanhson.canbo")).earliest("id")
    response = client.post(f"/notifications/{notification.pk}/read/")

    assert "Sắp đến hạn" in page
    assert response.status_code == 302
    assert notification.petition.public_id in response["Location"]
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404(cases, client, persona):
    deadline_reminders_send(today=d("2026-03-04"))
    notification = Notification.objects.filter(user=persona("hoanhson.canbo")).earliest("id")
    client.force_login(persona("songtri.canbo"))

    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
