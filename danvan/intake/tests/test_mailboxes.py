"""Mailboxes are written through audited services; the admin never shows the password;
the command and the task poll every active mailbox."""

from __future__ import annotations

import io
import mailbox as stdlib_mailbox
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from danvan.audit.models import AuditEvent
from danvan.core.errors import ValidationFailed
from danvan.intake.models import Mailbox, ProcessedMail
from danvan.intake.services import mailbox_create, mailbox_update
from danvan.intake.tasks import poll_mailboxes
from danvan.intake.tests import mails
from danvan.organizations.models import Organization
from danvan.petitions.models import Petition

pytestmark = pytest.mark.django_db


def imap_fields(organization: Organization, **overrides: Any) -> dict[str, Any]:
    fields = {
        "name": "tiepdan",
        "organization": organization,
        "kind": "imap",
        "host": "imap.example.vn",
        "username": "tiepdan@example.vn",
        "password": "bi-mat-123",
    }
    fields.update(overrides)
    return fields


def test_creating_and_updating_a_mailbox_is_audited_without_the_password(
    persona: Any, hoanhson_ubnd: Organization
) -> None:
    admin = persona("admin")

    mailbox = mailbox_create(actor=admin, **imap_fields(hoanhson_ubnd))
    mailbox_update(actor=admin, mailbox=mailbox, folder="Tiep dan", password="moi-456")
    mailbox_update(actor=admin, mailbox=mailbox, is_active=False, password=None)

    mailbox.refresh_from_db()
    assert (mailbox.password, mailbox.folder, mailbox.is_active) == ("moi-456", "Tiep dan", False)
    events = list(
        AuditEvent.objects.filter(
            target_id=str(mailbox.pk), action__startswith="mailbox."
        ).order_by("id")
    )
    assert [e.action for e in events] == ["mailbox.create", "mailbox.update", "mailbox.update"]
    assert events[0].actor == admin
    assert events[1].changes["folder"] == {"before": "INBOX", "after": "Tiep dan"}
    assert events[1].changes["password_changed"]["after"] is True
    assert "password_changed" not in events[2].changes
    for event in events:
        assert "bi-mat" not in str(event.changes)
        assert "moi-456" not in str(event.changes)


def test_an_imap_mailbox_needs_a_host_and_a_maildir_a_path(hoanhson_ubnd: Organization) -> None:
    with pytest.raises(ValidationFailed) as no_host:
        mailbox_create(actor=None, **imap_fields(hoanhson_ubnd, host=""))
    with pytest.raises(ValidationFailed) as no_path:
        mailbox_create(actor=None, name="md", organization=hoanhson_ubnd, kind="maildir")
    with pytest.raises(ValidationFailed) as bad_env:
        mailbox_create(actor=None, **imap_fields(hoanhson_ubnd, password_env="A B;rm"))
    with pytest.raises(ValidationFailed) as unknown:
        mailbox_create(actor=None, **imap_fields(hoanhson_ubnd), uid_watermark=5)

    assert no_host.value.field == "host"
    assert no_path.value.field == "maildir_path"
    assert bad_env.value.field == "password_env"
    assert "uid_watermark" in str(unknown.value.message)


def test_the_password_comes_from_the_environment_when_named(
    monkeypatch: pytest.MonkeyPatch, hoanhson_ubnd: Organization
) -> None:
    monkeypatch.setenv("DANVAN_MAIL_PASSWORD", "tu-moi-truong")
    mailbox = mailbox_create(
        actor=None, **imap_fields(hoanhson_ubnd, password="", password_env="DANVAN_MAIL_PASSWORD")
    )

    assert mailbox.resolved_password() == "tu-moi-truong"


def test_the_admin_never_shows_the_password_and_saves_through_the_services(
    persona: Any, hoanhson_ubnd: Organization
) -> None:
    mailbox = mailbox_create(actor=None, **imap_fields(hoanhson_ubnd))
    client = Client()
    client.force_login(persona("admin"))
    url = reverse("admin:intake_mailbox_change", args=[mailbox.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "bi-mat-123" not in page.content.decode()

    form = {
        "name": "tiepdan",
        "organization": hoanhson_ubnd.pk,
        "kind": "imap",
        "host": "imap2.example.vn",
        "port": "993",
        "use_ssl": "on",
        "username": "tiepdan@example.vn",
        "password": "",
        "password_env": "",
        "folder": "INBOX",
        "maildir_path": "",
        "forwarders": "",
        "is_active": "on",
    }
    response = client.post(url, form)

    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert (mailbox.host, mailbox.password) == ("imap2.example.vn", "bi-mat-123")  # kept
    event = AuditEvent.objects.filter(action="mailbox.update").get()
    assert event.source == "admin"
    assert event.actor == persona("admin")


def test_the_admin_lists_processed_mails_read_only(persona: Any) -> None:
    client = Client()
    client.force_login(persona("admin"))

    assert client.get(reverse("admin:intake_processedmail_changelist")).status_code == 200
    assert client.get(reverse("admin:intake_processedmail_add")).status_code == 403


def test_the_command_polls_the_active_mailboxes(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.plain_qp())
    out = io.StringIO()

    call_command("poll-mail", stdout=out, stderr=io.StringIO())

    assert "tiepdan-hoanhson: vào sổ 1 đơn" in out.getvalue()
    assert AuditEvent.objects.get(action="petition.register").source == "command"


def test_the_command_enqueues_the_task_which_polls(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.with_files())
    out = io.StringIO()

    call_command("poll-mail", "--enqueue", stdout=out)

    assert "Đã đưa vào hàng đợi" in out.getvalue()
    assert Petition.objects.get().channel == "email"
    assert AuditEvent.objects.get(action="petition.register").source == "task"


def test_the_task_skips_inactive_mailboxes_and_reports(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.plain_qp())
    mailbox_update(actor=None, mailbox=maildir_mailbox, is_active=False)

    assert poll_mailboxes.enqueue().return_value == []
    assert not ProcessedMail.objects.exists()

    mailbox_update(actor=None, mailbox=maildir_mailbox, is_active=True)
    reports = poll_mailboxes.enqueue().return_value
    assert reports is not None
    [report] = reports
    assert report["mailbox"] == "tiepdan-hoanhson"
    assert report["registered"] == 1


def test_the_command_polls_one_mailbox_by_name(maildir_mailbox: Mailbox) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("poll-mail", "--mailbox", "khong-co", stdout=io.StringIO())
    out = io.StringIO()
    call_command("poll-mail", "--mailbox", "tiepdan-hoanhson", stdout=out)
    assert "vào sổ 0 đơn" in out.getvalue()
