"""Where mails come from: an IMAP folder or a local Maildir.

A source lists the mails to look at, hands over their raw bytes without changing them, and
marks one as done only when told to — after its petition is committed. IMAP reads with
`BODY.PEEK[]` so that fetching alone never sets \\Seen."""

from __future__ import annotations

import imaplib
import logging
import mailbox as stdlib_mailbox
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from danvan.core.errors import DomainError
from danvan.intake.models import Mailbox

logger = logging.getLogger("danvan.intake")


class MailboxUnavailable(DomainError):
    """The mail server or the Maildir cannot be reached or read."""

    code = "mailbox_unavailable"
    status = 503


@dataclass(frozen=True)
class RawMail:
    key: str  # unique in the mailbox: "<UIDVALIDITY>:<UID>" or the Maildir key
    raw: bytes


class MailSource(Protocol):
    def __enter__(self) -> MailSource: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def mails(self, *, retry_keys: set[str]) -> Iterator[RawMail]: ...

    def mark_done(self, key: str) -> None: ...

    def finish(self) -> None: ...


# ---------------------------------------------------------------- IMAP


def _imap_quote(folder: str) -> str:
    if folder.startswith('"') or not re.search(r'[\s"\\]', folder):
        return folder
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapSource:
    """New mails are the unseen ones, those above the UID watermark (read by someone in a
    mail client before the poll) and those that failed before. On the first poll of a
    folder (or when its UIDVALIDITY changes) only unseen mails are taken, and the watermark
    starts at the folder's highest UID."""

    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox
        self.connection: Any = None
        self.uid_validity = ""
        self.highest_seen = mailbox.uid_watermark

    def __enter__(self) -> ImapSource:
        box = self.mailbox
        timeout = float(getattr(settings, "DANVAN_INTAKE_IMAP_TIMEOUT", 60))
        factory = imaplib.IMAP4_SSL if box.use_ssl else imaplib.IMAP4
        try:
            self.connection = factory(box.host, box.port, timeout=timeout)
            self.connection.login(box.username, box.resolved_password())
            status, _data = self.connection.select(_imap_quote(box.folder or "INBOX"))
            if status != "OK":
                raise imaplib.IMAP4.error(f"SELECT {box.folder}: {status}")
            _code, values = self.connection.response("UIDVALIDITY")
        except (imaplib.IMAP4.error, OSError) as error:
            self._logout()
            raise MailboxUnavailable(
                _("Không kết nối được hộp thư %(name)s: %(error)s")
                % {"name": box.name, "error": error}
            ) from error
        first = values[0] if values else None
        self.uid_validity = first.decode() if isinstance(first, bytes) else str(first or "")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._logout()

    def _logout(self) -> None:
        if self.connection is None:
            return
        try:
            self.connection.logout()
        except Exception:  # the connection may already be gone
            logger.debug("IMAP logout failed for %s", self.mailbox.name, exc_info=True)
        self.connection = None

    def _search(self, criterion: str) -> set[int]:
        status, data = self.connection.uid("SEARCH", None, criterion)
        if status != "OK":
            raise MailboxUnavailable(_("Máy chủ thư từ chối lệnh tìm thư."))
        found: set[int] = set()
        for chunk in data or []:
            if isinstance(chunk, bytes):
                found.update(int(uid) for uid in chunk.split() if uid.isdigit())
        return found

    def _fetch(self, uid: int) -> bytes | None:
        status, data = self.connection.uid("FETCH", str(uid), "(BODY.PEEK[])")
        if status != "OK":
            return None
        for item in data or []:
            if isinstance(item, tuple) and len(item) >= 2 and isinstance(item[1], bytes):
                return item[1]
        return None

    def mails(self, *, retry_keys: set[str]) -> Iterator[RawMail]:
        box = self.mailbox
        same_folder = bool(box.uid_validity) and box.uid_validity == self.uid_validity
        uids = self._search("UNSEEN")
        if same_folder:
            watermark = box.uid_watermark
            uids |= {uid for uid in self._search(f"UID {watermark + 1}:*") if uid > watermark}
        else:
            everything = self._search("ALL")
            self.highest_seen = max(everything, default=0)
        prefix = f"{self.uid_validity}:"
        uids |= {int(k[len(prefix) :]) for k in retry_keys if k.startswith(prefix)}
        for uid in sorted(uids):
            self.highest_seen = max(self.highest_seen, uid)
            raw = self._fetch(uid)
            if raw is not None:
                yield RawMail(key=f"{prefix}{uid}", raw=raw)

    def mark_done(self, key: str) -> None:
        uid = key.rsplit(":", 1)[-1]
        status, _data = self.connection.uid("STORE", uid, "+FLAGS", "(\\Seen)")
        if status != "OK":
            raise MailboxUnavailable(_("Máy chủ thư không đánh dấu được thư đã đọc."))

    def finish(self) -> None:
        """Remember the folder and the highest UID looked at (failed mails are retried
        through their ProcessedMail rows, so the watermark need not wait for them)."""
        self.mailbox.uid_validity = self.uid_validity
        self.mailbox.uid_watermark = self.highest_seen


# ---------------------------------------------------------------- Maildir


class MaildirSource:
    """New mails are those in new/ and those in cur/ without the S (seen) flag; a done mail
    is moved to cur/ with the S flag (renamed, its bytes untouched)."""

    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox
        self.path = Path(mailbox.maildir_path)
        self.maildir: stdlib_mailbox.Maildir | None = None

    def __enter__(self) -> MaildirSource:
        if not (self.path / "new").is_dir() or not (self.path / "cur").is_dir():
            raise MailboxUnavailable(
                _("Không tìm thấy thư mục Maildir của hộp thư %(name)s.")
                % {"name": self.mailbox.name}
            )
        self.maildir = stdlib_mailbox.Maildir(self.path, factory=None, create=False)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.maildir = None

    def mails(self, *, retry_keys: set[str]) -> Iterator[RawMail]:
        assert self.maildir is not None
        for key in sorted(self.maildir.keys()):
            try:
                message = self.maildir.get_message(key)
                if message.get_subdir() == "cur" and "S" in message.get_flags():
                    continue
                raw = self.maildir.get_bytes(key)
            except (KeyError, FileNotFoundError):
                continue  # taken by another process meanwhile
            yield RawMail(key=key, raw=raw)

    def mark_done(self, key: str) -> None:
        colon = self.maildir.colon if self.maildir is not None else ":"
        new = self.path / "new" / key
        if new.exists():
            os.rename(new, self.path / "cur" / f"{key}{colon}2,S")
            return
        for entry in (self.path / "cur").iterdir():
            name = entry.name
            if name != key and not name.startswith(key + colon):
                continue
            info = name[len(key) + len(colon) :] if name != key else ""
            flags = set(info[2:]) if info.startswith("2,") else set()
            flags.add("S")
            target = self.path / "cur" / f"{key}{colon}2,{''.join(sorted(flags))}"
            if target != entry:
                os.rename(entry, target)
            return

    def finish(self) -> None:
        return None


def source_for(mailbox: Mailbox) -> MailSource:
    if mailbox.kind == Mailbox.Kind.MAILDIR:
        return MaildirSource(mailbox)
    return ImapSource(mailbox)
