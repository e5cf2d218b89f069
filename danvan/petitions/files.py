"""Uploading and downloading a case's files, on the web and through the API.

Files are never served from a public media address: each download checks that the reader
may see the case (404 otherwise) and, for a denunciation's letter, the denouncer's identity."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404

from danvan.petitions.models import Attachment, Petition
from danvan.petitions.selectors import attachments_for


def attachment_of(user: Any, petition: Petition, attachment_id: str) -> Attachment:
    for attachment in attachments_for(user, petition):
        if attachment.public_id == attachment_id:
            return attachment
    raise Http404


def download(attachment: Attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
