"""Web screens of dialogues and voter meetings: the list with the issues and the commitments
still open or overdue, the detail of one meeting and its Word minutes.

Scope: a dialogue outside the reader's area answers 404; a reader who sees it but may not
change it gets 403 on writes. A domain error becomes a message on the form (400), never a
500, and nothing is saved."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.forms import TypedChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.compensation.permissions import is_system_administrator
from danvan.compensation.selectors import programs_for
from danvan.core.errors import DomainError
from danvan.dialogues import services
from danvan.dialogues.forms import (
    AnswerForm,
    AttendanceForm,
    CancelForm,
    CommitmentCancelForm,
    CommitmentForm,
    CompleteForm,
    DialogueFilterForm,
    HoldForm,
    InviteForm,
    IssueForm,
    ParticipantForm,
    PetitionsForm,
    PlanForm,
    PublishForm,
    split_codes,
)
from danvan.dialogues.minutes import minutes_docx as build_minutes
from danvan.dialogues.models import Commitment, CommitmentStatus, Dialogue, DialogueStatus
from danvan.dialogues.permissions import can_change, can_change_commitment
from danvan.dialogues.selectors import visible_dialogues, with_details
from danvan.organizations.models import Membership, Organization
from danvan.organizations.scope import get_in_scope_or_404
from danvan.organizations.selectors import active_memberships
from danvan.petitions.models import Petition
from danvan.petitions.selectors import visible_petitions

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
        {
            "form": form,
            "page_obj": page,
            "dialogues": list(page.object_list),
            "can_plan": bool(_plannable_organizations(request.user)),
        },
    )


class _Invalid(Exception):
    """The form already carries the error; nothing was saved."""


def _plannable_organizations(user: Any) -> list[Organization]:
    """The organisations the user may plan a meeting for, with their jurisdictions."""
    if is_system_administrator(user):
        queryset = Organization.objects.all()
    elif getattr(user, "is_authenticated", False) and user.is_active:
        ids = {m.organization_id for m in active_memberships(user)}
        queryset = Organization.objects.filter(pk__in=ids)
    else:
        return []
    return list(queryset.prefetch_related("jurisdiction").order_by("level", "name"))


def _chairs(organizations: list[Organization]) -> list[Any]:
    """The active officers of the given organisations, each once, by name."""
    memberships = (
        Membership.objects.active(timezone.localdate())
        .filter(organization__in=organizations, user__is_active=True)
        .select_related("user")
    )
    users = {m.user_id: m.user for m in memberships}
    return sorted(users.values(), key=lambda u: u.get_full_name() or u.get_username())


def petitions_by_codes(user: Any, codes: list[str]) -> tuple[list[Petition], list[str]]:
    """The petitions the user may see whose file number or tracking code is among `codes`,
    and the codes that matched none."""
    if not codes:
        return [], []
    found = list(
        visible_petitions(user).filter(Q(public_id__in=codes) | Q(tracking_code__in=codes))
    )
    known = {p.public_id for p in found} | {p.tracking_code for p in found}
    return found, [code for code in codes if code not in known]


def _missing_petitions(form: Any, field: str, missing: list[str]) -> None:
    form.add_error(
        field,
        _("Không tìm thấy đơn thư (hoặc ngoài phạm vi của bạn): %(codes)s")
        % {"codes": ", ".join(missing)},
    )


@login_required
def dialogue_create(request: HttpRequest) -> HttpResponse:
    organizations = _plannable_organizations(request.user)
    form = PlanForm(
        request.POST or None,
        organizations=organizations,
        chairs=_chairs(organizations),
        programs=list(programs_for(request.user)),
    )
    if not form.has_places:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        petitions, missing = petitions_by_codes(request.user, data["petition_codes"])
        try:
            if missing:
                _missing_petitions(form, "petitions", missing)
                raise _Invalid
            dialogue = services.dialogue_plan(
                actor=request.user,
                organization=data["organization"],
                admin_unit=data["admin_unit"],
                title=data["title"],
                kind=data["kind"],
                held_on=data["held_on"],
                place=data["place"],
                chair=data["chair"],
                chair_name=data["chair_name"],
                program=data["program"],
                petitions=petitions,
            )
        except DomainError as error:
            _show_error(form, error)
        except _Invalid:
            pass
        else:
            messages.success(request, _("Đã lên kế hoạch cuộc đối thoại."))
            return redirect("dialogues:dialogue_detail", public_id=dialogue.public_id)
    return render(
        request,
        "dialogues/dialogue_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _dialogue(request: HttpRequest, public_id: str) -> Dialogue:
    return get_in_scope_or_404(
        with_details(visible_dialogues(request.user)), request.user, public_id=public_id
    )


def _show_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _owner_organizations(user: Any, dialogue: Dialogue) -> list[Organization]:
    """The organising body, the bodies beneath it and the user's own organisations."""
    own = [m.organization_id for m in active_memberships(user)]
    return list(
        Organization.objects.filter(
            Q(pk=dialogue.organization_id) | Q(parent_id=dialogue.organization_id) | Q(pk__in=own)
        ).order_by("name")
    )


def _villages(dialogue: Dialogue) -> list[tuple[str, int]]:
    """The villages of the households still to invite, with their counts."""
    if dialogue.program_id is None or dialogue.status == DialogueStatus.CANCELLED:
        return []
    rows = (
        services.invitable_households(dialogue)
        .order_by()
        .values_list("village")
        .annotate(n=Count("pk"))
        .order_by("village")
    )
    return [(village, n) for village, n in rows]


def _forms(request: HttpRequest, dialogue: Dialogue, data: Any = None) -> dict[str, Any]:
    """The action forms of the page, each under its own prefix; `data` binds them."""
    issues = [(i.pk, f"{i.position}. {i.text[:80]}") for i in dialogue.issues.all()]
    open_commitments = [
        (c.pk, c.text[:80]) for c in dialogue.commitments.all() if c.status == CommitmentStatus.OPEN
    ]
    participants = list(dialogue.participants.all())
    return {
        "participant": ParticipantForm(data, prefix="participant"),
        "invite": InviteForm(data, prefix="invite", villages=_villages(dialogue)),
        "attendance": AttendanceForm(data, prefix="attendance", participants=participants),
        "petitions": PetitionsForm(data, prefix="petitions"),
        "publish": PublishForm(data, prefix="publish"),
        "unpublish": PublishForm(data, prefix="unpublish"),
        "hold": HoldForm(data, prefix="hold", initial={"held_on": dialogue.held_on}),
        "cancel": CancelForm(data, prefix="cancel"),
        "issue": IssueForm(data, prefix="issue"),
        "answer": AnswerForm(data, prefix="answer", choices=issues),
        "commitment": CommitmentForm(
            data,
            prefix="commitment",
            organizations=_owner_organizations(request.user, dialogue),
            initial={"owner_organization": dialogue.organization_id},
        ),
        "complete": CompleteForm(
            data,
            prefix="complete",
            choices=open_commitments,
            initial={"completed_on": timezone.localdate()},
        ),
        "commitment_cancel": CommitmentCancelForm(
            data, prefix="commitment_cancel", choices=open_commitments
        ),
    }


def _shown_actions(dialogue: Dialogue) -> set[str]:
    """The action forms the page shows for the dialogue's status (to one who may change it)."""
    shown: set[str] = set()
    if dialogue.status != DialogueStatus.CANCELLED:
        shown |= {"participant", "petitions"}
        if dialogue.participants.all():
            shown.add("attendance")
        if dialogue.program_id is not None:
            shown.add("invite")
    if dialogue.status == DialogueStatus.PLANNED:
        shown |= {"hold", "cancel"}
    elif dialogue.status == DialogueStatus.HELD:
        shown |= {"issue", "commitment"} | ({"answer"} if dialogue.issues.all() else set())
        if not dialogue.published:
            shown.add("publish")
    if dialogue.published:
        shown.add("unpublish")
    return shown


def _render_detail(
    request: HttpRequest,
    dialogue: Dialogue,
    *,
    bound: tuple[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = _forms(request, dialogue)
    changer = can_change(request.user, dialogue)
    own = {m.organization_id for m in active_memberships(request.user)}
    closable = [
        c
        for c in dialogue.commitments.all()
        if c.status == CommitmentStatus.OPEN and (changer or c.owner_organization_id in own)
    ]
    if not changer:
        # Members of an owner organisation close only their own commitments.
        for name in ("complete", "commitment_cancel"):
            field = cast(TypedChoiceField, forms[name].fields["commitment"])
            field.choices = [("", _("— Chọn —")), *((c.pk, c.text[:80]) for c in closable)]
    shown = _shown_actions(dialogue) if changer else set()
    if closable:
        shown |= {"complete", "commitment_cancel"}
    stray = None
    if bound is not None:
        forms[bound[0]] = bound[1]
        if bound[0] not in shown:
            stray = bound[1]
    return render(
        request,
        "dialogues/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "participants": list(dialogue.participants.all()),
            "petitions": list(dialogue.petitions.all()),
            "shown": shown,
            "issues": list(dialogue.issues.all()),
            "commitments": list(dialogue.commitments.all()),
            "can_change": changer,
            "forms": forms,
            "stray": stray,
            "closable": bool(closable),
        },
        status=status,
    )


@login_required
def dialogue_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _render_detail(request, _dialogue(request, public_id))


def _run(request: HttpRequest, dialogue: Dialogue, action: str, form: Any) -> str:
    """Check the right to act and call the service; returns the success message."""
    data = form.cleaned_data
    user = request.user
    if action in ("complete", "commitment_cancel"):
        commitment = next(c for c in dialogue.commitments.all() if c.pk == data["commitment"])
        if not can_change_commitment(user, commitment):
            raise PermissionDenied
        if action == "complete":
            services.commitment_complete(
                actor=user,
                commitment=commitment,
                completed_on=data["completed_on"],
                evidence=data["evidence"],
            )
            return _("Đã ghi nhận cam kết hoàn thành.")
        services.commitment_cancel(actor=user, commitment=commitment, reason=data["reason"])
        return _("Đã hủy cam kết.")
    if not can_change(user, dialogue):
        raise PermissionDenied
    if action == "participant":
        services.participant_add(
            actor=user,
            dialogue=dialogue,
            full_name=data["full_name"],
            role=data["role"],
            attended=data["attended"],
        )
        return _("Đã thêm người tham dự.")
    if action == "invite":
        households = services.invitable_households(dialogue)
        if data["village"]:
            households = households.filter(village=data["village"])
        invited = services.households_invite(
            actor=user, dialogue=dialogue, households=list(households)
        )
        return _("Đã mời %(n)d hộ.") % {"n": len(invited)}
    if action == "attendance":
        changed = services.attendance_roll_call(
            actor=user, dialogue=dialogue, present=set(data["present"])
        )
        return _("Đã điểm danh (%(n)d thay đổi).") % {"n": len(changed)}
    if action == "petitions":
        petitions, missing = petitions_by_codes(user, split_codes(data["codes"]))
        if missing:
            _missing_petitions(form, "codes", missing)
            raise _Invalid
        services.dialogue_petitions_link(actor=user, dialogue=dialogue, petitions=petitions)
        return _("Đã gắn %(n)d đơn thư.") % {"n": len(petitions)}
    if action in ("publish", "unpublish"):
        services.dialogue_publish(actor=user, dialogue=dialogue, published=action == "publish")
        return (
            _("Đã công khai kết quả trên cổng thông tin.")
            if action == "publish"
            else _("Đã thôi công khai kết quả.")
        )
    if action == "hold":
        services.dialogue_hold(
            actor=user, dialogue=dialogue, held_on=data["held_on"], summary=data["summary"]
        )
        return _("Đã ghi nhận cuộc đối thoại đã tổ chức.")
    if action == "cancel":
        services.dialogue_cancel(actor=user, dialogue=dialogue, reason=data["reason"])
        return _("Đã hủy cuộc đối thoại.")
    if action == "issue":
        services.issue_add(
            actor=user,
            dialogue=dialogue,
            text=data["text"],
            raised_by=data["raised_by"],
            create_petition=data["create_petition"],
        )
        return _("Đã ghi ý kiến.")
    if action == "answer":
        issue = next(i for i in dialogue.issues.all() if i.pk == data["issue"])
        services.issue_answer(
            actor=user, issue=issue, answer=data["answer"], answered_by=data["answered_by"]
        )
        return _("Đã ghi nội dung trả lời.")
    services.commitment_add(
        actor=user,
        dialogue=dialogue,
        text=data["text"],
        owner_organization=form.organizations[data["owner_organization"]],
        due_on=data["due_on"],
    )
    return _("Đã ghi cam kết.")


@login_required
@require_POST
def dialogue_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    dialogue = _dialogue(request, public_id)
    forms = _forms(request, dialogue, request.POST)
    if action not in forms:
        raise Http404
    if action not in ("complete", "commitment_cancel") and not can_change(request.user, dialogue):
        raise PermissionDenied
    form = forms[action]
    if form.is_valid():
        try:
            message = _run(request, dialogue, action, form)
        except DomainError as error:
            _show_error(form, error)
        except _Invalid:
            pass
        else:
            messages.success(request, message)
            return redirect("dialogues:dialogue_detail", public_id=dialogue.public_id)
        dialogue = _dialogue(request, public_id)
    return _render_detail(request, dialogue, bound=(action, form), status=400)


@login_required
def minutes_docx(request: HttpRequest, public_id: str) -> HttpResponse:
    dialogue = _dialogue(request, public_id)
    if dialogue.status != DialogueStatus.HELD:
        raise Http404
    response = HttpResponse(build_minutes(dialogue), content_type=DOCX)
    name = f"bien-ban-{dialogue.public_id}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
