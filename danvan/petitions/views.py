"""The petition screens: the list (with saved views and the Excel export), registration, the
case page with its actions, the backlog board and the Word documents.

Views parse input, call a selector or a service and render; a domain error becomes a message
on the right field or at the top of the page, never a 500."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.audit.selectors import events_for
from danvan.core.errors import DomainError, ValidationFailed
from danvan.core.paging import CappedPaginator
from danvan.deadlines.models import LegalRule
from danvan.organizations.models import Organization
from danvan.organizations.scope import scope_for
from danvan.petitions import exports, files, selectors, services, web_rules, workflow
from danvan.petitions.board import SMALL_SCOPE_COMMUNES, board_for
from danvan.petitions.deadlines import due_soon_limit
from danvan.petitions.forms import (
    ACTION_FORMS,
    KIND_ACCESS_KEYS,
    OUTCOME_LABELS,
    ActionForm,
    AssignForm,
    PetitionerFormSet,
    PetitionFilterForm,
    PetitionRegisterForm,
    SavedViewForm,
)
from danvan.petitions.forwarding import receiving_forwarding
from danvan.petitions.models import (
    Attachment,
    CaseNote,
    Forwarding,
    Petition,
    SavedView,
    Status,
)
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

PAGE_SIZE = 50

STATUS_BADGES: dict[str, str] = {
    Status.RECEIVED: "badge",
    Status.ACCEPTED: "badge",
    Status.PAUSED: "badge badge-warn",
    Status.RESOLVED: "badge badge-ok",
    Status.REPLIED: "badge badge-ok",
}
ACTION_LABELS = {
    "register": gettext_lazy("Vào sổ"),
    "duplicate_reject": gettext_lazy("Xác định không trùng đơn"),
    **{name: t.label for name, t in workflow.TRANSITIONS.items()},
}
SUCCESS_MESSAGES = {
    "classify": gettext_lazy("Đã lưu kết quả phân loại đơn."),
    "assign": gettext_lazy("Đã phân công cán bộ xử lý."),
    "accept": gettext_lazy("Đã thụ lý đơn."),
    "forward": gettext_lazy("Đã chuyển đơn."),
    "guide": gettext_lazy("Đã ghi nhận việc hướng dẫn công dân."),
    "return": gettext_lazy("Đã trả lại đơn."),
    "archive": gettext_lazy("Đã xếp lưu đơn."),
    "split": gettext_lazy("Đã tách đơn thành các đơn riêng."),
    "urge": gettext_lazy("Đã ghi nhận việc đôn đốc."),
    "report_back": gettext_lazy("Đã ghi nhận báo cáo kết quả."),
    "pause": gettext_lazy("Đã tạm dừng giải quyết."),
    "resume": gettext_lazy("Đã tiếp tục giải quyết."),
    "extend": gettext_lazy("Đã gia hạn."),
    "notify": gettext_lazy("Đã ghi nhận việc thông báo thụ lý."),
    "resolve": gettext_lazy("Đã ghi nhận kết quả giải quyết."),
    "reply": gettext_lazy("Đã ghi nhận việc trả lời công dân."),
    "reopen": gettext_lazy("Đã mở lại hồ sơ."),
}


def _today() -> dt.date:
    return timezone.localdate()


def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "badge badge-muted")


# ---------------------------------------------------------------- the list


def scope_units(user: Any) -> list[AdminUnit]:
    """Communes (and, for a small scope, their villages) the list can be narrowed to."""
    scope = scope_for(user)
    current = AdminUnit.objects.current()
    if scope.everything:
        # One index probe per unit (is any petition filed here?), not a read of every
        # petition's unit: the archive is far larger than the list of units.
        filed = AdminUnit.objects.filter(
            Exists(Petition.objects.filter(admin_unit_id=OuterRef("pk")))
        ).values_list("pk", "parent_id")
        used = {pk for row in filed for pk in row if pk is not None}
        return list(current.filter(pk__in=used, level=AdminUnit.Level.COMMUNE).order_by("path"))
    found = list(
        current.filter(
            pk__in=scope.unit_ids, level__in=[AdminUnit.Level.COMMUNE, AdminUnit.Level.VILLAGE]
        ).order_by("path")
    )
    communes = [u for u in found if u.level == AdminUnit.Level.COMMUNE]
    return communes if len(communes) > SMALL_SCOPE_COMMUNES else found


@dataclass
class Row:
    petition: Petition
    deadline: exports.DeadlineState | None
    petitioners: str
    protected: bool
    handlers: str
    badge: str


def list_rows(user: Any, petitions: Any) -> list[Row]:
    today = _today()
    soon = due_soon_limit(today)
    rows = []
    for petition, people in exports.with_identity(user, petitions, surface="list"):
        rows.append(
            Row(
                petition=petition,
                deadline=exports.next_deadline(petition, today=today, soon=soon),
                petitioners=exports.petitioner_label(people, petition, ""),
                protected=people is None,
                handlers=exports.handler_names(petition),
                badge=status_badge(petition.status),
            )
        )
    return rows


def _filter_form(request: HttpRequest) -> PetitionFilterForm:
    return PetitionFilterForm(request.GET, units=scope_units(request.user))


def filter_query(query: QueryDict | str, form_fields: Any) -> str:
    """Only the filter parameters of a query string (no page, no unknown keys)."""
    data = QueryDict(query) if isinstance(query, str) else query
    kept = QueryDict(mutable=True)
    for key in form_fields:
        value = data.get(key, "")
        if value:
            kept[key] = value
    return kept.urlencode()


def saved_views(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"name": view.name, "query": view.query}
        for view in SavedView.objects.filter(user_id=cast(int, request.user.pk))
    ]


@login_required
def petition_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    petitions = selectors.petition_list(request.user, form.petition_filters())
    page = CappedPaginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    current_query = filter_query(request.GET, form.fields)
    context = {
        "form": form,
        "page_obj": page,
        "rows": list_rows(request.user, page.object_list),
        "current_query": current_query,
        "saved_views": saved_views(request),
        "save_form": SavedViewForm(initial={"query": current_query}),
        "can_register": web_rules.can_register(request.user),
        "registers": web_rules.registering_organizations(request.user)[:5],
        "year": _today().year,
    }
    if not getattr(request, "htmx", False):
        return render(request, "petitions/petition_list.html", context)
    response = render(request, "petitions/_results.html", context)
    # The address bar keeps only the filters in force (the saved view stores the same).
    url = reverse("petitions:petition_list")
    response["HX-Push-Url"] = f"{url}?{current_query}" if current_query else url
    return response


@login_required
def petition_export_xlsx(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    petitions = selectors.petition_list(request.user, form.petition_filters())
    content = exports.petitions_xlsx(request.user, petitions.iterator(chunk_size=500))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="don-thu-{_today():%Y%m%d}.xlsx"'
    return response


@login_required
@require_POST
def saved_view_save(request: HttpRequest) -> HttpResponse:
    form = SavedViewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy đặt tên cho bộ lọc (tối đa 60 ký tự)."))
        return redirect("petitions:petition_list")
    filter_fields = PetitionFilterForm({}, units=[]).fields
    query = filter_query(form.cleaned_data["query"], filter_fields)
    name = form.cleaned_data["name"].strip()
    services.saved_view_save(actor=request.user, name=name, query=query)
    messages.success(request, _("Đã lưu bộ lọc “%(name)s”.") % {"name": name})
    return redirect(reverse("petitions:petition_list") + (f"?{query}" if query else ""))


@login_required
@require_POST
def saved_view_delete(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "")
    services.saved_view_delete(actor=request.user, name=name)
    messages.success(request, _("Đã xóa bộ lọc “%(name)s”.") % {"name": name})
    return redirect("petitions:petition_list")


# ---------------------------------------------------------------- registration


def registration_units(organizations: list[Organization]) -> list[AdminUnit]:
    """Communes and villages (today's) in the jurisdiction of the registering organisations."""
    jurisdiction = AdminUnit.objects.filter(organizations__in=organizations).distinct()
    ids = unit_ids_within(
        list(jurisdiction), levels=[AdminUnit.Level.COMMUNE, AdminUnit.Level.VILLAGE]
    )
    return list(
        AdminUnit.objects.current()
        .filter(pk__in=ids, level__in=[AdminUnit.Level.COMMUNE, AdminUnit.Level.VILLAGE])
        .order_by("path")
    )


PETITIONER_FIELD = re.compile(r"^petitioners\[(\d+)\]\.(\w+)$")


def _redisplay(
    request: HttpRequest, organizations: list[Organization], units: list[AdminUnit]
) -> tuple[PetitionRegisterForm, Any]:
    """The form again with what was typed and one more petitioner row, without errors."""
    post = request.POST
    form = PetitionRegisterForm(organizations=organizations, units=units)
    for name, form_field in form.fields.items():
        if isinstance(form_field, forms.BooleanField):
            form.initial[name] = bool(post.get(name))
        elif name in post:
            form.initial[name] = post.get(name)
    try:
        total = min(int(post.get("p-TOTAL_FORMS", "1")), 19)
    except ValueError:
        total = 1
    names = ("full_name", "address", "phone", "id_number")
    rows = [
        {
            **{name: post.get(f"p-{i}-{name}", "") for name in names},
            "is_representative": bool(post.get(f"p-{i}-is_representative")),
        }
        for i in range(total)
    ]
    return form, PetitionerFormSet(prefix="p", initial=rows)


def _show_error(
    error: DomainError, form: PetitionRegisterForm, formset: Any, rows: list[int]
) -> list[str]:
    """Put a service's error on its field; return errors for the petitioners as a whole."""
    message = str(error.message)
    target = error.field or ""
    match = PETITIONER_FIELD.match(target)
    if match and int(match.group(1)) < len(rows):
        row = formset.forms[rows[int(match.group(1))]]
        row.add_error(match.group(2) if match.group(2) in row.fields else None, message)
        return []
    if target.startswith("petitioners"):
        return [message]
    form.add_error(target if target in form.fields else None, message)
    return []


@login_required
def petition_create(request: HttpRequest) -> HttpResponse:
    organizations = web_rules.registering_organizations(request.user)
    if not organizations:
        raise PermissionDenied
    units = registration_units(organizations)
    petitioners_errors: list[str] = []
    status = 200
    if request.method != "POST":
        form = PetitionRegisterForm(organizations=organizations, units=units)
        formset = PetitionerFormSet(prefix="p")
    elif "add_petitioner" in request.POST:
        form, formset = _redisplay(request, organizations, units)
    else:
        form = PetitionRegisterForm(request.POST, organizations=organizations, units=units)
        formset = PetitionerFormSet(request.POST, prefix="p")
        status = 400
        if form.is_valid() and formset.is_valid():
            rows = [i for i, row in enumerate(formset.forms) if row.has_changed()]
            data = form.cleaned_data
            try:
                petition = services.petition_register(
                    actor=request.user,
                    organization=data["organization"],
                    kind=data["kind"],
                    channel=data["channel"],
                    received_on=data["received_on"],
                    content=data["content"],
                    title=data["title"],
                    admin_unit=data["admin_unit"],
                    petitioners=[formset.forms[i].as_input() for i in rows],
                    anonymous=data["anonymous"],
                    complex=data["complex"],
                    remote_area=data["remote_area"],
                    round=data["round"],
                    signatory_count=data["signatory_count"],
                    topic=data["topic"],
                )
            except DomainError as error:
                petitioners_errors = _show_error(error, form, formset, rows)
            else:
                messages.success(
                    request,
                    _("Đã vào sổ đơn số %(number)s. Mã tra cứu của công dân: %(code)s.")
                    % {"number": petition.register_label, "code": petition.tracking_code},
                )
                return redirect("petitions:petition_detail", public_id=petition.public_id)
    context = {
        "form": form,
        "formset": formset,
        "petitioners_errors": petitioners_errors,
        "access_keys": {str(k): v for k, v in KIND_ACCESS_KEYS.items()},
    }
    return render(request, "petitions/petition_form.html", context, status=status)


# ---------------------------------------------------------------- the case page


REVEAL = "petition.identity_reveal"
SURFACES = {
    "page": gettext_lazy("trang hồ sơ"),
    "list": gettext_lazy("danh sách"),
    "export": gettext_lazy("tệp Excel"),
    "register": gettext_lazy("sổ theo dõi đơn"),
    "reply_letter": gettext_lazy("văn bản trả lời"),
}


def _timeline(petition: Petition) -> tuple[list[dict[str, Any]], list[Any]]:
    """The case's history with Vietnamese labels, and apart from it the identity reveals."""
    recorded = events_for(petition, limit=200)
    prefetch_related_objects(recorded, "actor")
    steps: list[dict[str, Any]] = [
        {
            "event": event,
            "label": ACTION_LABELS.get(event.action.removeprefix("petition."), event.action),
        }
        for event in recorded
        if event.action != REVEAL
    ]
    return steps, [event for event in recorded if event.action == REVEAL]


def _action_form(action: str, petition: Petition, data: Any = None) -> ActionForm:
    form_class = ACTION_FORMS[action]
    if form_class is AssignForm:
        return AssignForm(
            data,
            petition=petition,
            action=action,
            officers=web_rules.officers_of(petition.organization),
        )
    return form_class(data, petition=petition, action=action)


def _render_detail(
    request: HttpRequest,
    petition: Petition,
    *,
    bound: ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_handle = web_rules.can_handle(user, petition)
    today = _today()
    soon = due_soon_limit(today)
    people = None
    if selectors.identity_visible(user, petition):
        from danvan.petitions.confidentiality import petitioners_for

        people = petitioners_for(user, petition, surface="page")
    deadlines = [
        exports.deadline_state(d, today=today, soon=soon) for d in petition.deadlines.all()
    ]
    timeline, reveals = _timeline(petition)
    actions = []
    for transition in workflow.available_actions(petition):
        if transition.name == "mark_duplicate":
            continue  # decided on the duplicate candidates themselves
        if web_rules.can_act(user, petition, transition.name):
            form = (
                bound
                if bound is not None and bound.action == transition.name
                else _action_form(transition.name, petition)
            )
            actions.append({"name": transition.name, "label": transition.label, "form": form})
    context = {
        "petition": petition,
        "badge": status_badge(petition.status),
        "can_handle": can_handle,
        "people": people,
        "protected": people is None,
        "deadlines": deadlines,
        "overdue": any(d.overdue for d in deadlines),
        "due_soon": any(d.due_soon for d in deadlines),
        "candidates": list(petition.duplicate_candidates.select_related("candidate")),
        "forwardings": list(
            Forwarding.objects.filter(petition=petition).select_related(
                "from_organization", "to_organization", "received_petition"
            )
        ),
        "pauses": list(petition.pauses.all()),
        "extensions": list(petition.extensions.all()),
        "attachments": selectors.attachments_for(user, petition),
        "can_receive": receiving_forwarding(user, petition) is not None,
        "notes": list(petition.notes.select_related("author")),
        "portal": getattr(petition, "portal_submission", None),
        "note_kinds": CaseNote.Kind.choices,
        "purposes": Attachment.Purpose.choices,
        "assignments": list(petition.assignments.all()),
        "parts": list(petition.parts.all()),
        "timeline": timeline,
        "reveals": reveals,
        "surfaces": SURFACES,
        "actions": actions,
        "open_action": bound.action if bound is not None else "",
        "outcome_label": OUTCOME_LABELS.get(petition.outcome, petition.outcome),
        "steps": dict(LegalRule.Step.choices),
        "today": today,
    }
    return render(request, "petitions/petition_detail.html", context, status=status)


@login_required
def petition_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    petition = selectors.petition_for(request.user, public_id)
    return _render_detail(request, petition)


SERVICES: dict[str, Callable[..., Any]] = {
    "classify": services.petition_classify,
    "assign": services.petition_assign,
    "accept": services.petition_accept,
    "forward": services.petition_forward,
    "guide": services.petition_guide,
    "return": services.petition_return,
    "archive": services.petition_archive,
    "split": services.petition_split,
    "urge": services.petition_urge,
    "report_back": services.petition_report_back,
    "pause": services.petition_pause,
    "resume": services.petition_resume,
    "extend": services.petition_extend,
    "notify": services.petition_notify,
    "resolve": services.petition_resolve,
    "reply": services.petition_reply,
    "reopen": services.petition_reopen,
}


def _detail_url(petition: Petition, anchor: str = "") -> str:
    url = reverse("petitions:petition_detail", kwargs={"public_id": petition.public_id})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_POST
def petition_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    petition = selectors.petition_for(request.user, public_id)
    if action not in SERVICES:
        raise Http404
    if not web_rules.can_act(request.user, petition, action):
        raise PermissionDenied
    form = _action_form(action, petition, request.POST)
    if form.is_valid():
        try:
            SERVICES[action](
                actor=request.user,
                petition=petition,
                on=form.cleaned_data["on"],
                **form.service_arguments(),
            )
        except ValidationFailed as error:
            if error.field and error.field in form.fields:
                form.add_error(error.field, str(error.message))
            else:
                messages.error(request, str(error.message))
                return redirect(_detail_url(petition, "actions"))
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect(_detail_url(petition, "actions"))
        else:
            messages.success(request, str(SUCCESS_MESSAGES.get(action, _("Đã lưu."))))
            return redirect(_detail_url(petition))
    fresh = selectors.petition_for(request.user, public_id)
    form.petition = fresh
    return _render_detail(request, fresh, bound=form, status=400)


@login_required
@require_POST
def duplicate_decide(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    petition = selectors.petition_for(request.user, public_id)
    if not web_rules.can_handle(request.user, petition):
        raise PermissionDenied
    candidate = get_object_or_404(petition.duplicate_candidates.all(), pk=pk)
    confirmed = request.POST.get("decision") == "confirm"
    try:
        services.duplicate_decide(
            actor=request.user, candidate=candidate, confirmed=confirmed, on=_today()
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        label = candidate.candidate.register_label
        if confirmed:
            messages.success(request, _("Đã xác nhận đơn trùng với đơn %(n)s.") % {"n": label})
        else:
            messages.success(request, _("Đã xác định không trùng với đơn %(n)s.") % {"n": label})
    return redirect(_detail_url(petition, "duplicates"))


# ---------------------------------------------------------------- Word documents


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def register_docx(request: HttpRequest) -> HttpResponse:
    """Sổ theo dõi đơn thư of `?organization=<code>&year=<yyyy>`."""
    organizations = web_rules.registering_organizations(request.user)
    code = request.GET.get("organization", "")
    if code:
        organization = get_object_or_404(Organization, code=code)
    elif organizations:
        organization = organizations[0]
    else:
        raise Http404
    if not web_rules.can_read_register(request.user, organization):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or _today().year)
    except ValueError as exc:
        raise Http404 from exc
    if not 1990 <= year <= 2100:
        raise Http404
    petitions = (
        selectors.petition_list(request.user)
        .filter(organization=organization, register_year=year)
        .prefetch_related(
            Prefetch("forwardings", queryset=Forwarding.objects.select_related("to_organization"))
        )
        .order_by("number")
    )
    organization = Organization.objects.select_related("parent").get(pk=organization.pk)
    content = exports.register_docx(request.user, organization, year, petitions)
    return _docx_response(content, f"so-theo-doi-don-{organization.code}-{year}.docx")


@login_required
def reply_docx(request: HttpRequest, public_id: str) -> HttpResponse:
    petition = selectors.petition_for(request.user, public_id)
    content = exports.reply_docx(request.user, petition)
    return _docx_response(content, f"tra-loi-don-{petition.number}-{petition.register_year}.docx")


# ---------------------------------------------------------------- files


@login_required
def attachment_download(request: HttpRequest, public_id: str, attachment_id: str) -> FileResponse:
    petition = selectors.petition_for(request.user, public_id)
    return files.download(files.attachment_of(request.user, petition, attachment_id))


@login_required
@require_POST
def attachment_upload(request: HttpRequest, public_id: str) -> HttpResponse:
    petition = selectors.petition_for(request.user, public_id)
    if not web_rules.can_handle(request.user, petition):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Hãy chọn tệp để đính kèm."))
    else:
        try:
            attachment = services.attachment_add(
                actor=request.user,
                petition=petition,
                name=upload.name or "",
                content=upload,
                purpose=request.POST.get("purpose") or Attachment.Purpose.PETITION,
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("Đã đính kèm “%(name)s”.") % {"name": attachment.original_name}
            )
    return redirect(_detail_url(petition, "files-title"))


# ---------------------------------------------------------------- published answers


@login_required
@require_POST
def publish_answer(request: HttpRequest, public_id: str) -> HttpResponse:
    petition = selectors.petition_for(request.user, public_id)
    if not web_rules.can_handle(request.user, petition):
        raise PermissionDenied
    published = request.POST.get("published") == "1"
    try:
        services.petition_publish_answer(actor=request.user, petition=petition, published=published)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Câu trả lời đã được công khai trên cổng thông tin.")
            if published
            else _("Đã thôi công khai câu trả lời."),
        )
    return redirect(_detail_url(petition))


# ---------------------------------------------------------------- notes


@login_required
@require_POST
def note_add(request: HttpRequest, public_id: str) -> HttpResponse:
    petition = selectors.petition_for(request.user, public_id)
    if not web_rules.can_handle(request.user, petition):
        raise PermissionDenied
    try:
        services.petition_note_add(
            actor=request.user,
            petition=petition,
            on=_today(),
            text=request.POST.get("text", ""),
            kind=request.POST.get("kind") or CaseNote.Kind.NOTE,
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Đã ghi vào hồ sơ."))
    return redirect(_detail_url(petition, "notes-title"))


# ---------------------------------------------------------------- forwarded to us


@login_required
@require_POST
def forwarding_receive(request: HttpRequest, public_id: str) -> HttpResponse:
    petition = selectors.petition_for(request.user, public_id)
    forwarding = receiving_forwarding(request.user, petition)
    if forwarding is None:
        raise PermissionDenied
    try:
        received = services.forwarding_receive(
            actor=request.user, forwarding=forwarding, on=_today()
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(_detail_url(petition))
    messages.success(
        request,
        _("Đã vào sổ đơn chuyển đến, số %(number)s.") % {"number": received.register_label},
    )
    return redirect(_detail_url(received))


# ---------------------------------------------------------------- the backlog board


@login_required
def backlog(request: HttpRequest) -> HttpResponse:
    today = _today()
    board = board_for(request.user, today, refresh=request.GET.get("refresh") == "1")
    return render(
        request,
        "petitions/backlog.html",
        {"board": board, "today": today, "soon": due_soon_limit(today)},
    )
