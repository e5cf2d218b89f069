"""Polling an IMAP folder, against a fake `imaplib.IMAP4` that serves the same bytes."""

from __future__ import annotations

import imaplib
from dataclasses import dataclass, field
from typing import Any

import pytest

from danvan.intake.models import Mailbox, ProcessedMail
from danvan.intake.services import mailbox_create, mailbox_poll, mailboxes_poll
from danvan.intake.sources import MailboxUnavailable
from danvan.intake.tests import mails
from danvan.organizations.models import Organization
from danvan.petitions import services as petition_services
from danvan.petitions.models import Petition

pytestmark = pytest.mark.django_db


@dataclass
class FakeServer:
    """One IMAP folder: UID → raw bytes and flags; what the client did is recorded."""

    uid_validity: int = 1700000001
    mails: dict[int, bytes] = field(default_factory=dict)
    flags: dict[int, set[str]] = field(default_factory=dict)
    stored: list[tuple[int, str]] = field(default_factory=list)
    fetched: list[tuple[int, str]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    password: str = "mat-khau"
    next_uid: int = 1

    def deliver(self, raw: bytes, *, seen: bool = False) -> int:
        uid = self.next_uid
        self.next_uid += 1
        self.mails[uid] = raw
        self.flags[uid] = {"\\Seen"} if seen else set()
        return uid

    def unseen(self) -> set[int]:
        return {uid for uid, flags in self.flags.items() if "\\Seen" not in flags}


class FakeIMAP:
    """The part of `imaplib.IMAP4` the intake uses, with its return shapes."""

    error = imaplib.IMAP4.error
    server: FakeServer

    def __init__(self, host: str, port: int = 143, timeout: float | None = None) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.selected = False

    def login(self, user: str, password: str) -> tuple[str, list[bytes]]:
        self.server.logins.append((user, password))
        if password != self.server.password:
            raise imaplib.IMAP4.error("[AUTHENTICATIONFAILED] Invalid credentials")
        return "OK", [b"Logged in"]

    def select(self, mailbox: str = "INBOX", readonly: bool = False) -> tuple[str, list[bytes]]:
        self.selected = True
        return "OK", [str(len(self.server.mails)).encode()]

    def response(self, code: str) -> tuple[str, list[bytes | None]]:
        assert code == "UIDVALIDITY"
        return code, [str(self.server.uid_validity).encode()]

    def uid(self, command: str, *args: Any) -> tuple[str, list[Any]]:
        assert self.selected
        server = self.server
        if command == "SEARCH":
            criterion = args[1]
            if criterion == "UNSEEN":
                found = server.unseen()
            elif criterion == "ALL":
                found = set(server.mails)
            else:  # "UID n:*": n and above; "*" is the highest UID, so never empty
                low = int(criterion.split()[1].split(":")[0])
                found = {uid for uid in server.mails if uid >= low}
                if server.mails and not found:
                    found = {max(server.mails)}
            return "OK", [" ".join(str(uid) for uid in sorted(found)).encode()]
        if command == "FETCH":
            uid, what = int(args[0]), args[1]
            server.fetched.append((uid, what))
            if "PEEK" not in what:  # a plain BODY[] fetch sets \Seen, as real servers do
                server.flags[uid].add("\\Seen")
            raw = server.mails[uid]
            return "OK", [(f"1 (UID {uid} BODY[] {{{len(raw)}}}".encode(), raw), b")"]
        if command == "STORE":
            uid, operation, flags = int(args[0]), args[1], args[2]
            assert operation == "+FLAGS"
            server.stored.append((uid, flags))
            server.flags[uid].add(flags.strip("()"))
            return "OK", [f"1 (UID {uid} FLAGS ({flags.strip('()')}))".encode()]
        raise AssertionError(command)

    def logout(self) -> tuple[str, list[bytes]]:
        return "BYE", [b"Logging out"]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    server = FakeServer()
    fake = type("BoundFakeIMAP", (FakeIMAP,), {"server": server})
    monkeypatch.setattr(imaplib, "IMAP4", fake)
    monkeypatch.setattr(imaplib, "IMAP4_SSL", fake)
    return server


@pytest.fixture
def imap_mailbox(hoanhson_ubnd: Organization, monkeypatch: pytest.MonkeyPatch) -> Mailbox:
    monkeypatch.setenv("DANVAN_TEST_MAIL_PASSWORD", "mat-khau")
    return mailbox_create(
        actor=None,
        name="tiepdan-imap",
        organization=hoanhson_ubnd,
        kind=Mailbox.Kind.IMAP,
        host="imap.hoanhson.gov.vn",
        port=993,
        use_ssl=True,
        username="tiepdan@hoanhson.gov.vn",
        password_env="DANVAN_TEST_MAIL_PASSWORD",
    )


def test_unseen_mails_are_registered_then_flagged_seen(
    server: FakeServer, imap_mailbox: Mailbox
) -> None:
    plain = server.deliver(mails.plain_qp())
    files = server.deliver(mails.with_files())

    result = mailbox_poll(mailbox=imap_mailbox)

    assert result.registered == 2
    assert server.logins == [("tiepdan@hoanhson.gov.vn", "mat-khau")]  # from the environment
    assert all("BODY.PEEK[]" in what for _uid, what in server.fetched)
    assert server.stored == [(plain, "(\\Seen)"), (files, "(\\Seen)")]
    assert server.unseen() == set()
    complaint = Petition.objects.get(kind="complaint")
    assert complaint.attachments.count() == 2
    assert set(ProcessedMail.objects.values_list("uid", "status")) == {
        (f"1700000001:{plain}", "done"),
        (f"1700000001:{files}", "done"),
    }
    imap_mailbox.refresh_from_db()
    assert (imap_mailbox.uid_validity, imap_mailbox.uid_watermark) == ("1700000001", files)


def test_a_failed_mail_is_not_flagged_and_is_retried_next_poll(
    monkeypatch: pytest.MonkeyPatch, server: FakeServer, imap_mailbox: Mailbox
) -> None:
    failing = server.deliver(mails.simple(message_id="<fails@example.vn>"))
    fine = server.deliver(mails.html_only())
    real_register = petition_services.petition_register
    state = {"raised": False}

    def register_failing_once(**kwargs: Any) -> Petition:
        if not state["raised"]:
            state["raised"] = True
            raise RuntimeError("deadlock detected")
        return real_register(**kwargs)

    monkeypatch.setattr(petition_services, "petition_register", register_failing_once)

    first = mailbox_poll(mailbox=imap_mailbox)

    assert (first.registered, first.failed) == (1, 1)
    assert server.stored == [(fine, "(\\Seen)")]
    assert server.unseen() == {failing}
    record = ProcessedMail.objects.get(uid=f"1700000001:{failing}")
    assert record.status == "failed"
    assert "deadlock detected" in record.error

    # Someone opens the failed mail in webmail meanwhile: it is retried all the same.
    server.flags[failing].add("\\Seen")
    second = mailbox_poll(mailbox=imap_mailbox)

    assert (second.registered, second.failed) == (1, 0)
    record.refresh_from_db()
    assert record.status == "done"
    assert record.petition is not None
    assert Petition.objects.count() == 2


def test_a_mail_read_by_someone_before_the_poll_is_still_registered(
    server: FakeServer, imap_mailbox: Mailbox
) -> None:
    server.deliver(mails.simple(message_id="<old-read@x>"), seen=True)  # before intake began
    mailbox_poll(mailbox=imap_mailbox)
    assert Petition.objects.count() == 0  # the first poll takes unseen mails only

    server.deliver(mails.plain_qp(), seen=True)  # arrives, and an officer reads it first

    result = mailbox_poll(mailbox=imap_mailbox)

    assert result.registered == 1
    assert Petition.objects.get().title.startswith("Phản ánh đường ngập nước")


def test_the_same_message_id_at_two_uids_is_registered_once(
    server: FakeServer, imap_mailbox: Mailbox
) -> None:
    server.deliver(mails.plain_qp())
    server.deliver(mails.plain_qp())

    result = mailbox_poll(mailbox=imap_mailbox)

    assert (result.registered, result.duplicates) == (1, 1)
    assert Petition.objects.count() == 1
    assert server.unseen() == set()


def test_a_new_uidvalidity_does_not_register_old_mails_again(
    server: FakeServer, imap_mailbox: Mailbox
) -> None:
    server.deliver(mails.plain_qp())
    mailbox_poll(mailbox=imap_mailbox)
    # The folder is rebuilt: new UIDVALIDITY, the same mail unseen under a new UID.
    server.uid_validity += 1
    server.flags = {uid: set() for uid in server.mails}

    result = mailbox_poll(mailbox=imap_mailbox)

    assert (result.registered, result.duplicates) == (0, 1)
    assert Petition.objects.count() == 1


def test_a_wrong_password_is_reported_and_other_mailboxes_go_on(
    server: FakeServer, imap_mailbox: Mailbox, maildir_mailbox: Mailbox, maildir: Any
) -> None:
    server.password = "doi-roi"
    server.deliver(mails.plain_qp())
    maildir.add(mails.html_only())

    with pytest.raises(MailboxUnavailable) as unavailable:
        mailbox_poll(mailbox=imap_mailbox)
    results = {result.mailbox: result for result in mailboxes_poll()}

    assert "tiepdan-imap" in str(unavailable.value.message)
    assert results["tiepdan-imap"].registered == 0
    assert "AUTHENTICATIONFAILED" in results["tiepdan-imap"].errors[0]
    assert results["tiepdan-hoanhson"].registered == 1


def test_the_plain_imap_class_is_used_without_ssl(
    server: FakeServer, imap_mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[str] = []

    class Plain(FakeIMAP):
        def __init__(self, host: str, port: int = 143, timeout: float | None = None) -> None:
            used.append(f"{host}:{port}")
            super().__init__(host, port, timeout)

    Plain.server = server
    monkeypatch.setattr(imaplib, "IMAP4", Plain)
    imap_mailbox.use_ssl = False
    imap_mailbox.port = 143
    server.deliver(mails.plain_qp())

    mailbox_poll(mailbox=imap_mailbox)

    assert used == ["imap.hoanhson.gov.vn:143"]
    assert Petition.objects.count() == 1
