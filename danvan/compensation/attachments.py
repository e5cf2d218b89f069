"""Evidence attached to a household: declaration forms, inventory records, photos, receipts.

The file's type is read from its bytes (`danvan.petitions.attachments.check_upload`: a renamed
executable is refused, as is an empty or oversized file). Files are never served from a public
media address: a download checks that the reader may see the household (404 otherwise)."""

from __future__ import annotations

from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record
from danvan.compensation.models import Household, HouseholdAttachment
from danvan.core.errors import ValidationFailed
from danvan.petitions.attachments import check_upload


@transaction.atomic
def household_attachment_add(
    *,
    actor: Any,
    household: Household,
    kind: str,
    uploaded_file: IO[bytes],
    name: str | None = None,
) -> HouseholdAttachment:
    """Attach a checked file to the household (type from its bytes, size limited)."""
    if kind not in HouseholdAttachment.Kind.values:
        raise ValidationFailed(_("Loại tài liệu không hợp lệ."), code="invalid", field="kind")
    file_name = name if name is not None else str(getattr(uploaded_file, "name", "") or "")
    checked = check_upload(file_name, uploaded_file)
    uploaded_file.seek(0)
    attachment = HouseholdAttachment(
        household=household,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(checked.name, File(uploaded_file, name=checked.name), save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="compensation.household_attachment_add",
        target=household,
        after={
            "attachment.kind": kind,
            "attachment.name": checked.name,
            "attachment.sha256": checked.sha256,
        },
        note=f"{checked.name} ({checked.size} B, {checked.content_type})",
    )
    return attachment


def download(attachment: HouseholdAttachment) -> FileResponse:
    """The file as a download, with the type checked on upload (never sniffed again)."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
