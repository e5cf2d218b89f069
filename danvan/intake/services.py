"""E-mail intake: mailboxes, and polling them into registered petitions.

Never loses a mail: a mail is marked done in its mailbox (IMAP \\Seen, Maildir cur/ + S)
only after its petition, its files and its `ProcessedMail` row are committed together. A
mail that fails is recorded `failed` with the error, left unmarked and tried again at the
next poll; the others go on. A mail whose Message-ID (or, without one, whose bytes) was
already registered from the mailbox is recorded as a duplicate, not registered again."""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.core.errors import ValidationFailed
from danvan.core.validation import validate_model
from danvan.intake.compose import PetitionDraft, petition_draft
from danvan.intake.models import Mailbox, ProcessedMail
from danvan.intake.parsing import ParsedMail, parse_mail
from danvan.intake.sources import MailboxUnavailable, MailSource, RawMail, source_for
from danvan.petitions import services as petition_services
from danvan.petitions.models import Petition

logger = logging.getLogger("danvan.intake")

MAILBOX_FIELDS = (
    "name",
    "organization",
    "kind",
    "host",
    "port",
    "use_ssl",
    "username",
    "password",
    "password_env",
    "folder",
    "maildir_path",
    "forwarders",
    "is_active",
)
# Audited without the password itself: only whether it changed.
AUDITED_FIELDS = tuple(name for name in MAILBOX_FIELDS if name != "password")
MAX_ERROR = 2_000

__all__ = [
    "MAILBOX_FIELDS",
    "MailboxUnavailable",
    "PollResult",
    "mailbox_create",
    "mailbox_poll",
    "mailbox_update",
]


# ---------------------------------------------------------------- mailboxes


def _check_mailbox(mailbox: Mailbox) -> None:
    validate_model(mailbox, exclude=("password",))
    if mailbox.kind == Mailbox.Kind.IMAP:
        if not mailbox.host.strip() or not mailbox.username.strip():
            raise ValidationFailed(
                _("Hộp thư IMAP cần máy chủ và tên đăng nhập."), code="required", field="host"
            )
    elif not mailbox.maildir_path.strip():
        raise ValidationFailed(
            _("Hãy ghi đường dẫn thư mục Maildir."), code="required", field="maildir_path"
        )
    if mailbox.password_env and not mailbox.password_env.replace("_", "").isalnum():
        raise ValidationFailed(
            _("Tên biến môi trường chỉ gồm chữ cái, chữ số và dấu gạch dưới."),
            code="invalid",
            field="password_env",
        )


def _unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(MAILBOX_FIELDS)
    if unknown:
        raise ValidationFailed(_("Trường không hợp lệ: %(f)s.") % {"f": ", ".join(sorted(unknown))})


@transaction.atomic
def mailbox_create(*, actor: Any, **fields: Any) -> Mailbox:
    _unknown(fields)
    mailbox = Mailbox(**fields)
    _check_mailbox(mailbox)
    mailbox.save()
    after = snapshot(mailbox, AUDITED_FIELDS)
    after["password_set"] = bool(mailbox.password)
    audit_record(actor=actor, action="mailbox.create", target=mailbox, after=after)
    return mailbox


@transaction.atomic
def mailbox_update(*, actor: Any, mailbox: Mailbox, **changes: Any) -> Mailbox:
    """Change a mailbox. `password=None` (or leaving it out) keeps the stored password."""
    if changes.get("password") is None:
        changes.pop("password", None)
    _unknown(changes)
    before = snapshot(mailbox, AUDITED_FIELDS)
    old_password = mailbox.password
    for name, value in changes.items():
        setattr(mailbox, name, value)
    _check_mailbox(mailbox)
    mailbox.save()
    after = snapshot(mailbox, AUDITED_FIELDS)
    if mailbox.password != old_password:
        after["password_changed"] = True
    audit_record(actor=actor, action="mailbox.update", target=mailbox, before=before, after=after)
    return mailbox


# ---------------------------------------------------------------- polling


@dataclass
class PollResult:
    mailbox: str
    registered: int = 0
    duplicates: int = 0
    failed: int = 0
    petition_ids: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mailbox": self.mailbox,
            "registered": self.registered,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "petition_ids": self.petition_ids,
            "errors": self.errors,
        }


def _message_key(parsed: ParsedMail | None, raw: bytes) -> str:
    if parsed is not None and parsed.message_id:
        return parsed.message_id[:255]
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _register(mailbox: Mailbox, draft: PetitionDraft) -> Petition:
    petition = petition_services.petition_register(
        actor=None,
        organization=mailbox.organization,
        kind=draft.kind,
        channel="email",
        received_on=draft.received_on,
        content=draft.content,
        title=draft.title,
        petitioners=draft.petitioners,
        anonymous=draft.anonymous,
    )
    skipped: list[str] = []
    for attachment in draft.attachments:
        try:
            petition_services.attachment_add(
                actor=None,
                petition=petition,
                name=attachment.filename,
                content=io.BytesIO(attachment.data),
            )
        except ValidationFailed as refusal:  # a refused file never costs the mail
            skipped.append(f"- {attachment.filename}: {refusal.message}")
    if skipped:
        petition_services.petition_note_add(
            actor=None,
            petition=petition,
            on=timezone.localdate(),
            text=_("Tệp đính kèm trong thư không được nhận:") + "\n" + "\n".join(skipped),
        )
    return petition


def _record(
    mailbox: Mailbox,
    mail: RawMail,
    *,
    message_id: str,
    status: str,
    parsed: ParsedMail | None,
    petition: Petition | None = None,
    error: str = "",
) -> ProcessedMail:
    record, _created = ProcessedMail.objects.get_or_create(
        mailbox=mailbox, uid=mail.key, defaults={"message_id": message_id, "status": status}
    )
    record.message_id = message_id
    record.status = status
    record.petition = petition
    record.error = error[:MAX_ERROR]
    record.attempts += 1
    if parsed is not None:
        record.received_at = parsed.received or parsed.date
    record.save()
    return record


def _process(mailbox: Mailbox, source: MailSource, mail: RawMail, result: PollResult) -> None:
    finished = (ProcessedMail.Status.DONE, ProcessedMail.Status.DUPLICATE)
    if ProcessedMail.objects.filter(mailbox=mailbox, uid=mail.key, status__in=finished).exists():
        _mark(source, mail)  # registered before, but the mark did not reach the mailbox
        return
    parsed: ParsedMail | None = None
    message_id = _message_key(None, mail.raw)
    try:
        parsed = parse_mail(mail.raw)
        message_id = _message_key(parsed, mail.raw)
        with transaction.atomic():
            # One poller at a time registers from this mailbox: a concurrent poll waits
            # here, then finds the mail done.
            list(Mailbox.objects.select_for_update().filter(pk=mailbox.pk).values_list("pk"))
            done = ProcessedMail.objects.filter(mailbox=mailbox, status__in=finished)
            if done.filter(uid=mail.key).exists():
                pass
            elif earlier := done.filter(message_id=message_id).exclude(uid=mail.key).first():
                _record(
                    mailbox,
                    mail,
                    message_id=message_id,
                    status=ProcessedMail.Status.DUPLICATE,
                    parsed=parsed,
                    petition=earlier.petition,
                )
                result.duplicates += 1
            else:
                draft = petition_draft(
                    parsed, forwarders=mailbox.forwarder_addresses(), today=timezone.localdate()
                )
                petition = _register(mailbox, draft)
                _record(
                    mailbox,
                    mail,
                    message_id=message_id,
                    status=ProcessedMail.Status.DONE,
                    parsed=parsed,
                    petition=petition,
                )
                result.registered += 1
                result.petition_ids.append(petition.pk)
    except Exception as error:
        logger.exception("Mail %s of mailbox %s not registered", mail.key, mailbox.name)
        text = f"{type(error).__name__}: {error}"
        _record(
            mailbox,
            mail,
            message_id=message_id,
            status=ProcessedMail.Status.FAILED,
            parsed=parsed,
            error=text,
        )
        result.failed += 1
        result.errors.append(f"{mail.key}: {text}"[:500])
        return
    _mark(source, mail)


def _mark(source: MailSource, mail: RawMail) -> None:
    """Mark a committed mail done in its mailbox; if that fails, its ProcessedMail row
    still keeps it from being registered twice, and the mark is retried next time."""
    try:
        source.mark_done(mail.key)
    except Exception:
        logger.warning("Could not mark mail %s done", mail.key, exc_info=True)


def mailbox_poll(*, mailbox: Mailbox) -> PollResult:
    """Register a petition from every new mail of the mailbox; see the module's docstring.

    Raises `MailboxUnavailable` when the mailbox cannot be opened."""
    result = PollResult(mailbox=mailbox.name)
    retry_keys = set(
        ProcessedMail.objects.filter(
            mailbox=mailbox, status=ProcessedMail.Status.FAILED
        ).values_list("uid", flat=True)
    )
    with translation.override(settings.LANGUAGE_CODE), source_for(mailbox) as source:
        for mail in source.mails(retry_keys=retry_keys):
            _process(mailbox, source, mail, result)
        source.finish()
    mailbox.last_polled_at = timezone.now()
    mailbox.save(update_fields=["last_polled_at", "uid_validity", "uid_watermark"])
    return result


def mailboxes_poll() -> list[PollResult]:
    """Poll every active mailbox; one that cannot be opened does not stop the others."""
    results = []
    for mailbox in Mailbox.objects.filter(is_active=True).select_related("organization"):
        try:
            results.append(mailbox_poll(mailbox=mailbox))
        except MailboxUnavailable as error:
            logger.warning("Mailbox %s unavailable: %s", mailbox.name, error)
            failed = PollResult(mailbox=mailbox.name)
            failed.errors.append(str(error.message))
            results.append(failed)
    return results
