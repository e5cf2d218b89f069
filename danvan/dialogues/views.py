"""Web screens of dialogues and voter meetings: the list with the issues and the commitments
still open or overdue, the detail of one meeting and its Word minutes.

Scope: a dialogue outside the reader's area answers 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from danvan.dialogues.forms import DialogueFilterForm
from danvan.dialogues.minutes import minutes_docx as build_minutes
from danvan.dialogues.models import Commitment, CommitmentStatus, Dialogue, DialogueStatus
from danvan.dialogues.permissions import can_change
from danvan.dialogues.selectors import visible_dialogues, with_details
from danvan.organizations.scope import get_in_scope_or_404

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _listed(queryset: QuerySet[Dialogue]) -> QuerySet[Dialogue]:
    today = timezone.localdate()
    open_ = Q(commitments__status=CommitmentStatus.OPEN)
    return queryset.select_related("admin_unit", "organization").annotate(
        issues_count=Count("issues", distinct=True),
        open_count=Count("commitments", filter=open_, distinct=True),
        overdue_count=Count(
            "commitments", filter=open_ & Q(commitments__due_on__lt=today), distinct=True
        ),
    )


@login_required
def dialogue_list(request: HttpRequest) -> HttpResponse:
    form = DialogueFilterForm(request.GET or None)
    queryset = _listed(visible_dialogues(request.user)).order_by("-held_on", "-pk")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            queryset = queryset.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["status"]:
            queryset = queryset.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["overdue"]:
            overdue = Commitment.objects.filter(
                dialogue=OuterRef("pk"),
                status=CommitmentStatus.OPEN,
                due_on__lt=timezone.localdate(),
            )
            queryset = queryset.filter(Exists(overdue))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dialogues/dialogue_list.html",
        {"form": form, "page_obj": page, "dialogues": list(page.object_list)},
    )


def _dialogue(request: HttpRequest, public_id: str) -> Dialogue:
    return get_in_scope_or_404(
        with_details(visible_dialogues(request.user)), request.user, public_id=public_id
    )


@login_required
def dialogue_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    dialogue = _dialogue(request, public_id)
    return render(
        request,
        "dialogues/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "participants": list(dialogue.participants.all()),
            "issues": list(dialogue.issues.all()),
            "commitments": list(dialogue.commitments.all()),
            "can_change": can_change(request.user, dialogue),
        },
    )


@login_required
def minutes_docx(request: HttpRequest, public_id: str) -> HttpResponse:
    dialogue = _dialogue(request, public_id)
    if dialogue.status != DialogueStatus.HELD:
        raise Http404
    response = HttpResponse(build_minutes(dialogue), content_type=DOCX)
    name = f"bien-ban-{dialogue.public_id}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
