"""Web screens of consultations on drafts: the list with comments and unanswered comments,
the form that prepares a consultation, the page of one consultation (its sections, their
comments and tallies, and one form per action), the uploaded draft and the Word synthesis
report.

Scope: a consultation outside the reader's area answers 404; a reader who sees it but may not
change it gets 403 on writes. A domain error becomes a message on the form (400), never a
500, and nothing is saved."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.compensation.selectors import programs_for
from danvan.consultations import documents, selectors, services
from danvan.consultations.forms import (
    DRAFT_TYPES,
    CloseForm,
    CommentFilterForm,
    CommentForm,
    ConsultationFilterForm,
    ConsultationForm,
    OpenForm,
    ReportForm,
    RespondForm,
    SectionForm,
)
from danvan.consultations.models import Comment, Consultation, DraftSection
from danvan.consultations.models import ConsultationStatus as S
from danvan.consultations.permissions import can_change, can_draft_for
from danvan.core.errors import DomainError
from danvan.core.text import fold
from danvan.organizations.models import Organization
from danvan.organizations.scope import get_in_scope_or_404
from danvan.organizations.selectors import active_memberships

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The action forms shown for each status (to one who may change the consultation).
ACTIONS_BY_STATUS: dict[str, tuple[str, ...]] = {
    S.DRAFT: ("section", "open"),
    S.OPEN: ("comment", "respond", "close"),
    S.CLOSED: ("comment", "respond", "report"),
    S.REPORTED: (),
}


# ---------------------------------------------------------------- list


def _listed(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return queryset.select_related("organization", "admin_unit").annotate(
        comments_count=Count("comments", distinct=True),
        unanswered_count=Count("comments", filter=Q(comments__response_kind=""), distinct=True),
    )


def _title_matches(queryset: QuerySet[Consultation], q: str) -> QuerySet[Consultation]:
    """Titles containing `q` without regard to accents or case ("ke hoach" finds "Kế
    hoạch"): the titles in scope are folded here, there being no folded column."""
    words = fold(q).split()
    if not words:
        return queryset
    ids = [
        pk
        for pk, title in queryset.values_list("pk", "title")
        if all(word in fold(title) for word in words)
    ]
    return queryset.filter(pk__in=ids)


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    form = ConsultationFilterForm(request.GET or None)
    queryset = selectors.visible_consultations(request.user)
    if form.is_valid():
        if form.cleaned_data["status"]:
            queryset = queryset.filter(status=form.cleaned_data["status"])
        queryset = _title_matches(queryset, form.cleaned_data["q"])
    queryset = _listed(queryset).order_by("-opens_on", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    consultations = list(page.object_list)
    for consultation in consultations:
        consultation.period_days = services.period_days(  # type: ignore[attr-defined]
            consultation.opens_on, consultation.closes_on
        )
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "form": form,
            "page_obj": page,
            "consultations": consultations,
            "can_create": any(_has_communes(o) for o in _draftable_organizations(request.user)),
        },
    )


# ---------------------------------------------------------------- create


def _draftable_organizations(user: Any) -> list[Organization]:
    """The organisations the user may draft for, with their jurisdictions."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return []
    if user.is_superuser:
        queryset = Organization.objects.all()
    else:
        ids = {m.organization_id for m in active_memberships(user)}
        queryset = Organization.objects.filter(pk__in=ids)
    organizations = list(queryset.prefetch_related("jurisdiction").order_by("level", "name"))
    return [o for o in organizations if can_draft_for(user, o)]


def _has_communes(organization: Organization) -> bool:
    return any(u.level == "commune" for u in organization.jurisdiction.all())


@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(
        request.POST or None,
        request.FILES or None,
        organizations=_draftable_organizations(request.user),
        programs=list(programs_for(request.user)),
        rule=services.period_rule(),
    )
    if not form.has_places:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                consultation = services.consultation_create(
                    actor=request.user,
                    title=data["title"],
                    organization=data["organization"],
                    admin_unit=data["admin_unit"],
                    program=data["program"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    draft_text=data["draft_text"],
                    document=data["document"],
                )
                sections = []
                if data["split_sections"] and consultation.draft_text:
                    sections = services.sections_from_text(
                        actor=request.user, consultation=consultation
                    )
        except DomainError as error:
            _show_error(form, error)
        else:
            message = _("Đã tạo đợt lấy ý kiến.")
            if sections:
                message += " " + _("Dự thảo được tách thành %(n)d mục.") % {"n": len(sections)}
            messages.success(request, message)
            return redirect("consultations:consultation_detail", public_id=consultation.public_id)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- detail


def _consultation(request: HttpRequest, public_id: str) -> Consultation:
    return get_in_scope_or_404(
        selectors.with_counts(selectors.visible_consultations(request.user)).select_related(
            "organization", "admin_unit", "program"
        ),
        request.user,
        public_id=public_id,
    )


def _show_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _comments(consultation: Consultation) -> list[Comment]:
    return list(
        consultation.comments.select_related("section", "entered_by", "responded_by").order_by(
            "received_on", "pk"
        )
    )


def _comment_label(comment: Comment) -> str:
    where = comment.section.heading if comment.section else _("Góp ý chung")
    return f"{where[:40]} — {comment.text[:80]}"


def _forms(
    consultation: Consultation,
    sections: list[DraftSection],
    comments: list[Comment],
    data: Any = None,
) -> dict[str, Any]:
    """The action forms of the page, each under its own prefix; `data` binds them."""
    return {
        "section": SectionForm(data, prefix="section"),
        "open": OpenForm(data, prefix="open"),
        "close": CloseForm(data, prefix="close"),
        "comment": CommentForm(
            data,
            prefix="comment",
            sections=[(s.pk, s.heading) for s in sections],
            initial={"received_on": min(consultation.closes_on, timezone.localdate())},
        ),
        "respond": RespondForm(
            data,
            prefix="respond",
            unanswered=[(c.pk, _comment_label(c)) for c in comments if not c.response_kind],
            answered=[(c.pk, _comment_label(c)) for c in comments if c.response_kind],
        ),
        "report": ReportForm(data, prefix="report", initial={"summary": consultation.summary}),
    }


def _render_detail(
    request: HttpRequest,
    consultation: Consultation,
    *,
    bound: tuple[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    sections = list(consultation.sections.order_by("position", "pk"))
    comments = _comments(consultation)
    forms = _forms(consultation, sections, comments)
    changer = can_change(request.user, consultation)
    shown = set(ACTIONS_BY_STATUS.get(consultation.status, ())) if changer else set()
    if not comments:
        shown.discard("respond")
    failed, failed_name = None, ""
    if bound is not None:
        failed_name, failed = bound
        forms[failed_name] = failed

    filters = CommentFilterForm(request.GET or None)
    listed = comments
    if filters.is_valid():
        if filters.cleaned_data["source"]:
            listed = [c for c in listed if c.source == filters.cleaned_data["source"]]
        if filters.cleaned_data["unanswered"]:
            listed = [c for c in listed if not c.response_kind]
    by_section: dict[int | None, list[Comment]] = {}
    for comment in listed:
        by_section.setdefault(comment.section_id, []).append(comment)
    tallies = selectors.tallies(consultation)
    rule = services.period_rule()
    days = services.period_days(consultation.opens_on, consultation.closes_on)
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "rule": rule,
            "period_days": days,
            "period_short": days < rule.min_days,
            "sections": [
                {
                    "section": section,
                    "tally": tallies.for_section(section.pk),
                    "comments": by_section.get(section.pk, []),
                }
                for section in sections
            ],
            "general": {"tally": tallies.general, "comments": by_section.get(None, [])},
            "by_source": [
                (label, tallies.by_source[value])
                for value, label in Comment.Source.choices
                if tallies.by_source[value]
            ],
            "unanswered_count": sum(1 for c in comments if not c.response_kind),
            "filters": filters,
            "filtered": bool(
                filters.is_bound and filters.is_valid() and any(filters.cleaned_data.values())
            ),
            "can_change": changer,
            "forms": forms,
            "shown": shown,
            "failed": failed,
            "failed_name": failed_name,
            "document_name": PurePath(consultation.document.name or "").name
            if consultation.document
            else "",
        },
        status=status,
    )


@login_required
def consultation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _render_detail(request, _consultation(request, public_id))


def _run(request: HttpRequest, consultation: Consultation, action: str, form: Any) -> str:
    """Call the action's service; returns the success message."""
    data = form.cleaned_data
    user = request.user
    if action == "section":
        services.section_add(
            actor=user, consultation=consultation, heading=data["heading"], text=data["text"]
        )
        return _("Đã thêm mục vào dự thảo.")
    if action == "open":
        services.consultation_open(actor=user, consultation=consultation)
        return _("Đã công khai dự thảo và bắt đầu lấy ý kiến.")
    if action == "close":
        services.consultation_close(actor=user, consultation=consultation)
        return _("Đã kết thúc lấy ý kiến.")
    if action == "comment":
        section = None
        if data["section"] is not None:
            section = consultation.sections.get(pk=data["section"])
        services.comment_add(
            actor=user,
            consultation=consultation,
            text=data["text"],
            source=data["source"],
            section=section,
            author_name=data["author_name"],
            source_note=data["source_note"],
            received_on=data["received_on"],
        )
        return _("Đã ghi góp ý.")
    if action == "respond":
        comment = consultation.comments.select_related("consultation").get(pk=data["comment"])
        services.comment_respond(
            actor=user, comment=comment, kind=data["kind"], text=data["text"], on=data["on"]
        )
        return _("Đã ghi nội dung tiếp thu, giải trình.")
    services.consultation_report(actor=user, consultation=consultation, summary=data["summary"])
    return _("Đã hoàn thành báo cáo tổng hợp.")


@login_required
@require_POST
def consultation_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    consultation = _consultation(request, public_id)
    if action not in ("section", "open", "close", "comment", "respond", "report"):
        raise Http404
    if not can_change(request.user, consultation):
        raise PermissionDenied
    sections = list(consultation.sections.order_by("position", "pk"))
    comments = _comments(consultation)
    form = _forms(consultation, sections, comments, request.POST)[action]
    if form.is_valid():
        try:
            message = _run(request, consultation, action, form)
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, message)
            return redirect("consultations:consultation_detail", public_id=consultation.public_id)
        consultation = _consultation(request, public_id)
    return _render_detail(request, consultation, bound=(action, form), status=400)


# ---------------------------------------------------------------- downloads


@login_required
def draft_document(request: HttpRequest, public_id: str) -> FileResponse:
    """The uploaded draft, to those who may see the consultation (never a public address)."""
    consultation = _consultation(request, public_id)
    if not consultation.document:
        raise Http404
    name = PurePath(consultation.document.name or "").name
    extension = PurePath(name).suffix.lower()
    content_type = next(
        (t.content_type for t in DRAFT_TYPES if extension in t.extensions),
        "application/octet-stream",
    )
    response = FileResponse(
        consultation.document.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
