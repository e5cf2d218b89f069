"""Fixtures for the intake: the receiving organisation and a Maildir mailbox in tmp_path."""

from __future__ import annotations

import mailbox as stdlib_mailbox
from pathlib import Path
from typing import Any

import pytest

from danvan.intake.models import Mailbox
from danvan.intake.services import mailbox_create
from danvan.organizations.models import Organization


@pytest.fixture
def hoanhson_ubnd(db: Any) -> Organization:
    return Organization.objects.get(code="hoanhson-ubnd")


@pytest.fixture
def maildir(tmp_path: Path) -> stdlib_mailbox.Maildir:
    return stdlib_mailbox.Maildir(tmp_path / "Maildir", create=True)


@pytest.fixture
def maildir_mailbox(hoanhson_ubnd: Organization, maildir: stdlib_mailbox.Maildir) -> Mailbox:
    return mailbox_create(
        actor=None,
        name="tiepdan-hoanhson",
        organization=hoanhson_ubnd,
        kind=Mailbox.Kind.MAILDIR,
        maildir_path=str(maildir._path),
    )
