"""Web downloads of consultations: the synthesis report as a Word document. Outside the
reader's scope is 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from danvan.consultations import documents, selectors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def synthesis_report(request: HttpRequest, public_id: str) -> HttpResponse:
    consultation = (
        selectors.visible_consultations(request.user)
        .select_related("organization", "admin_unit")
        .filter(public_id=public_id)
        .first()
    )
    if consultation is None:
        raise Http404
    response = HttpResponse(documents.synthesis_report_docx(consultation), content_type=DOCX)
    filename = f"bao-cao-tong-hop-{consultation.public_id}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
