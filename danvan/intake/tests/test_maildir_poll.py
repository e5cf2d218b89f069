"""Polling a Maildir: one petition per mail, files attached, nothing lost, nothing twice."""

from __future__ import annotations

import datetime as dt
import mailbox as stdlib_mailbox
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.intake.models import Mailbox, ProcessedMail
from danvan.intake.services import mailbox_poll
from danvan.intake.tests import mails
from danvan.petitions import services as petition_services
from danvan.petitions.models import Petition

pytestmark = pytest.mark.django_db


def files(maildir: stdlib_mailbox.Maildir, subdir: str) -> list[str]:
    return sorted(p.name for p in (Path(maildir._path) / subdir).iterdir())


def test_a_plain_mail_becomes_an_email_petition_and_is_marked_seen(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    key = maildir.add(mails.plain_qp())

    result = mailbox_poll(mailbox=maildir_mailbox)

    petition = Petition.objects.get()
    assert result.registered == 1
    assert result.failed == 0
    assert result.petition_ids == [petition.pk]
    assert petition.organization == maildir_mailbox.organization
    assert (petition.channel, petition.kind) == ("email", "feedback")
    assert petition.title == "Phản ánh đường ngập nước ở tổ dân phố Ba Đồng"
    assert petition.content == mails.PLAIN_TEXT
    assert petition.received_on == dt.date(2026, 11, 24)
    assert [(p.full_name, p.address, p.phone) for p in petition.petitioners.all()] == [
        ("Nguyễn Văn An", "an.nguyen@example.vn", "")
    ]
    record = ProcessedMail.objects.get()
    assert (record.uid, record.status, record.petition) == (key, "done", petition)
    assert record.message_id == "<an-001@mail.example.vn>"
    assert files(maildir, "new") == []
    assert files(maildir, "cur") == [f"{key}:2,S"]
    assert AuditEvent.objects.filter(action="petition.register", target_id=str(petition.pk))
    maildir_mailbox.refresh_from_db()
    assert maildir_mailbox.last_polled_at is not None


def test_pdf_and_jpeg_attachments_are_attached(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.with_files())

    mailbox_poll(mailbox=maildir_mailbox)

    petition = Petition.objects.get()
    assert petition.kind == "complaint"
    stored = {(a.original_name, a.content_type, a.size) for a in petition.attachments.all()}
    assert stored == {
        ("Đơn khiếu nại.pdf", "application/pdf", len(mails.PDF)),
        ("ảnh hiện trường.jpg", "image/jpeg", len(mails.JPEG)),
    }
    assert not petition.notes.exists()


def test_an_attachment_only_mail_is_registered_with_its_file(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.attachment_only())

    mailbox_poll(mailbox=maildir_mailbox)

    petition = Petition.objects.get()
    assert petition.content == "(Thư chỉ có tệp đính kèm: don.pdf)"
    assert petition.title == "(Thư chỉ có tệp đính kèm: don.pdf)"
    assert [a.original_name for a in petition.attachments.all()] == ["don.pdf"]


def test_a_forwarded_mail_keeps_the_text_and_the_forwarders_setting_decides_who_petitions(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir_mailbox.forwarders = "@hoanhson.gov.vn"
    maildir_mailbox.save()
    maildir.add(mails.forwarded_rfc822())

    mailbox_poll(mailbox=maildir_mailbox)

    petition = Petition.objects.get()
    assert petition.kind == "denunciation"
    assert mails.INNER_TEXT in petition.content
    assert [p.full_name for p in petition.petitioners.all()] == ["Phạm Thị Dung"]
    assert "dung" not in petition.search_text  # a denouncer's identity is not indexed


def test_windows_1258_and_unknown_charsets_are_registered(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.windows_1258())
    maildir.add(mails.unknown_charset())

    result = mailbox_poll(mailbox=maildir_mailbox)

    assert result.registered == 2
    contents = set(Petition.objects.values_list("content", flat=True))
    assert mails.WINDOWS_1258_TEXT in contents
    assert any("rac thai" in content and "\ufffd" in content for content in contents)


def test_an_html_only_mail_is_registered_as_text(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.html_only())

    mailbox_poll(mailbox=maildir_mailbox)

    petition = Petition.objects.get()
    assert "Đèn đường ở tổ 5 hỏng & tối om." in petition.content
    assert "<" not in petition.content


def test_an_executable_disguised_as_pdf_is_skipped_and_noted(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.disguised_exe())

    result = mailbox_poll(mailbox=maildir_mailbox)

    petition = Petition.objects.get()
    assert result.registered == 1
    assert petition.kind == "recommendation"
    assert [a.original_name for a in petition.attachments.all()] == ["anh.jpg"]
    note = petition.notes.get()
    assert "ho_so.pdf" in note.text
    assert "Chỉ nhận tệp PDF" in note.text
    assert files(maildir, "new") == []


def test_an_attachment_too_large_is_skipped(
    settings: Any, maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    settings.DANVAN_MAX_ATTACHMENT_BYTES = 10
    maildir.add(mails.with_files())

    mailbox_poll(mailbox=maildir_mailbox)

    petition = Petition.objects.get()
    assert not petition.attachments.exists()
    assert "Tệp quá lớn" in petition.notes.get().text


def test_the_same_message_id_is_not_registered_twice(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.plain_qp())
    first = mailbox_poll(mailbox=maildir_mailbox)
    second_key = maildir.add(mails.plain_qp())  # delivered again (e.g. sent twice)

    second = mailbox_poll(mailbox=maildir_mailbox)
    third = mailbox_poll(mailbox=maildir_mailbox)

    assert (first.registered, second.registered, second.duplicates) == (1, 0, 1)
    assert (third.registered, third.duplicates) == (0, 0)
    assert Petition.objects.count() == 1
    duplicate = ProcessedMail.objects.get(uid=second_key)
    assert duplicate.status == "duplicate"
    assert duplicate.petition == Petition.objects.get()
    assert files(maildir, "new") == []


def test_mails_without_message_id_are_told_apart_by_their_bytes(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.simple(message_id=None, body="Thư thứ nhất"))
    maildir.add(mails.simple(message_id=None, body="Thư thứ hai"))
    maildir.add(mails.simple(message_id=None, body="Thư thứ hai"))

    result = mailbox_poll(mailbox=maildir_mailbox)

    assert (result.registered, result.duplicates) == (2, 1)


def test_a_failure_leaves_the_mail_unmarked_and_the_next_poll_registers_it(
    monkeypatch: pytest.MonkeyPatch, maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    failing_key = maildir.add(mails.simple(message_id="<fails-once@example.vn>"))
    other_key = maildir.add(mails.plain_qp())
    real_register = petition_services.petition_register
    calls = {"failed": False}

    def register_failing_once(**kwargs: Any) -> Petition:
        if kwargs["title"] == "Phản ánh tiếng ồn" and not calls["failed"]:
            calls["failed"] = True
            real_register(**kwargs)  # saved, then the transaction breaks
            raise RuntimeError("database went away")
        return real_register(**kwargs)

    monkeypatch.setattr(petition_services, "petition_register", register_failing_once)

    first = mailbox_poll(mailbox=maildir_mailbox)

    assert (first.registered, first.failed) == (1, 1)
    assert "database went away" in first.errors[0]
    assert Petition.objects.count() == 1  # the failing mail's petition was rolled back
    failed = ProcessedMail.objects.get(uid=failing_key)
    assert (failed.status, failed.attempts, failed.petition) == ("failed", 1, None)
    assert "RuntimeError: database went away" in failed.error
    assert files(maildir, "new") == [failing_key]
    assert files(maildir, "cur") == [f"{other_key}:2,S"]

    second = mailbox_poll(mailbox=maildir_mailbox)

    assert (second.registered, second.failed) == (1, 0)
    assert Petition.objects.count() == 2
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error) == ("done", 2, "")
    assert failed.petition is not None
    assert failed.petition.title == "Phản ánh tiếng ồn"
    assert files(maildir, "new") == []


def test_a_mail_registered_but_not_marked_is_not_registered_again(
    monkeypatch: pytest.MonkeyPatch, maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    from danvan.intake.sources import MaildirSource

    def broken_mark(self: MaildirSource, key: str) -> None:
        raise OSError("read-only file system")

    key = maildir.add(mails.plain_qp())
    monkeypatch.setattr(MaildirSource, "mark_done", broken_mark)
    mailbox_poll(mailbox=maildir_mailbox)
    assert files(maildir, "new") == [key]
    monkeypatch.undo()

    again = mailbox_poll(mailbox=maildir_mailbox)

    assert again.registered == 0
    assert Petition.objects.count() == 1
    assert files(maildir, "cur") == [f"{key}:2,S"]


def test_a_mail_already_read_in_cur_is_left_alone_but_an_unread_one_is_taken(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    read = stdlib_mailbox.MaildirMessage(mails.simple(message_id="<read@x>"))
    read.set_subdir("cur")
    read.add_flag("S")
    maildir.add(read)
    unread = stdlib_mailbox.MaildirMessage(mails.simple(message_id="<unread@x>"))
    unread.set_subdir("cur")
    unread.add_flag("F")
    unread_key = maildir.add(unread)

    result = mailbox_poll(mailbox=maildir_mailbox)

    assert result.registered == 1
    assert ProcessedMail.objects.get().message_id == "<unread@x>"
    assert f"{unread_key}:2,FS" in files(maildir, "cur")


def test_a_future_date_becomes_today(
    maildir: stdlib_mailbox.Maildir, maildir_mailbox: Mailbox
) -> None:
    maildir.add(mails.simple(date="Fri, 01 Jan 2100 00:00:00 +0700"))

    mailbox_poll(mailbox=maildir_mailbox)

    assert Petition.objects.get().received_on == timezone.localdate()


def test_a_missing_maildir_is_reported(maildir_mailbox: Mailbox, tmp_path: Path) -> None:
    from danvan.intake.sources import MailboxUnavailable

    maildir_mailbox.maildir_path = str(tmp_path / "nowhere")

    with pytest.raises(MailboxUnavailable):
        mailbox_poll(mailbox=maildir_mailbox)
