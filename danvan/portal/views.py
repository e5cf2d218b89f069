"""The citizen portal's pages: submit, receipt, follow a case, rate the answer, published
answers, comment on drafts put to residents, dialogue outcomes, book a reception appointment,
and the officers' list of appointments.

Views parse input, call a selector or a service and render; a domain error becomes a message on
the right field, never a 500."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from danvan.core.errors import DomainError
from danvan.democracy.publications import public_publications
from danvan.petitions.files import download
from danvan.petitions.models import Kind, Petition
from danvan.portal import limits, selectors, services
from danvan.portal.forms import (
    KIND_EXPLANATIONS,
    AnswerSearchForm,
    AppointmentForm,
    RatingForm,
    SubmitForm,
    TrackForm,
    new_submission_key,
)
from danvan.portal.models import ReceptionAppointment, SubmissionKey
from danvan.portal.statuses import plain_status

RECEIPT = "portal_receipt"
CASE = "portal_case"
BOOKED = "portal_appointment"
ANSWERS_PAGE_SIZE = 10
PUBLICATIONS_PAGE_SIZE = 20


def _wrong_code_or_phone() -> str:
    return _("Mã tra cứu hoặc số điện thoại không đúng. Vui lòng kiểm tra lại.")


def _too_many(request: HttpRequest, bucket: str) -> HttpResponse:
    _limit, window = limits.rate(bucket)
    response = render(
        request,
        "portal/too_many.html",
        {"minutes": max(1, window // 60)},
        status=429,
    )
    response["Retry-After"] = str(window)
    return response


def _show_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


# ---------------------------------------------------------------- home and privacy


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/privacy.html",
        {"version": services.PRIVACY_NOTICE_VERSION},
    )


# ---------------------------------------------------------------- submitting


def _submit_form(request: HttpRequest, data: Any = None, files: Any = None) -> SubmitForm:
    initial = {"key": new_submission_key()}
    return SubmitForm(data, files, places=selectors.submission_places(), initial=initial)


def _render_submit(request: HttpRequest, form: SubmitForm, status: int = 200) -> HttpResponse:
    kinds = []
    field = form["kind"]
    for option in field:
        kinds.append(
            {
                "option": option,
                "explanation": KIND_EXPLANATIONS.get(option.data["value"], ""),
            }
        )
    return render(
        request,
        "portal/submit.html",
        {"form": form, "kinds": kinds, "feedback": Kind.FEEDBACK},
        status=status,
    )


@never_cache
def submit(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_submit(request, _submit_form(request))
    form = _submit_form(request, request.POST, request.FILES)
    key = request.POST.get("key", "")
    replay = (
        SubmissionKey.objects.filter(key=key).values_list("petition_id", flat=True).first()
        if key
        else None
    )
    if replay is not None:
        # The same form again (double click, retry): the receipt of the first one.
        request.session[RECEIPT] = replay
        return redirect("portal:receipt")
    if not limits.hit(request, "submit"):
        return _too_many(request, "submit")
    if form.caught():
        form.add_error(None, _("Không gửi được đơn. Vui lòng thử lại."))
        return _render_submit(request, form, status=400)
    if not form.is_valid():
        return _render_submit(request, form, status=400)
    data = form.cleaned_data
    contact = services.Contact(
        full_name="" if data["anonymous"] else data["full_name"],
        phone=data["phone"],
        email=data["email"],
        address="" if data["anonymous"] else data["address"],
    )
    try:
        result = services.petition_submit(
            key=data["key"],
            kind=data["kind"],
            commune=data["commune"],
            village=data["village"],
            content=data["content"],
            title=data["title"],
            contact=contact,
            consent=data["consent"],
            anonymous=data["anonymous"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            files=data["attachments"],
        )
    except DomainError as error:
        _show_error(form, error)
        return _render_submit(request, form, status=400)
    petition = result.petition
    if result.created:
        services.tracking_code_send(
            petition=petition,
            phone=contact.phone,
            email=contact.email,
            track_url=request.build_absolute_uri(reverse("portal:track")),
        )
    _verify(request, petition)
    request.session[RECEIPT] = petition.pk
    return redirect("portal:receipt")


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(RECEIPT)
    petition = Petition.objects.select_related("organization").filter(pk=pk).first() if pk else None
    if petition is None:
        return redirect("portal:submit")
    deadline = selectors.next_deadline(petition)
    return render(
        request,
        "portal/receipt.html",
        {"petition": petition, "deadline": deadline, "status": plain_status(petition.status)},
    )


# ---------------------------------------------------------------- following a case


def _verify(request: HttpRequest, petition: Petition) -> None:
    """Open the case in this browser's session, under a session key never used before."""
    session = request.session
    session.get(CASE)  # loaded: a cookie naming no stored session counts as none
    if session.session_key:
        # Against a planted session key: the stored session is deleted and what it held is
        # saved once, with the response, under a new key (not saved and then updated).
        kept = dict(session.items())
        session.flush()
        session.update(kept)
    # A visitor without a session gets a new one, with its new key, when the response is saved.
    session[CASE] = {"pk": petition.pk, "until": time.time() + limits.verified_seconds()}


def _verified(request: HttpRequest) -> Petition | None:
    state = request.session.get(CASE)
    if not isinstance(state, dict) or state.get("until", 0) < time.time():
        request.session.pop(CASE, None)
        return None
    try:
        return selectors.tracked_case(int(state["pk"]))
    except Exception:
        request.session.pop(CASE, None)
        return None


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "portal/track.html", {"form": TrackForm()})
    if not limits.hit(request, "track"):
        return _too_many(request, "track")
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/track.html", {"form": form}, status=400)
    petition = None
    if not form.caught():
        petition = selectors.case_for_tracking(
            form.cleaned_data["code"], form.cleaned_data["phone"]
        )
    if petition is None:
        form.add_error(None, _wrong_code_or_phone())
        return render(request, "portal/track.html", {"form": form}, status=400)
    _verify(request, petition)
    return redirect("portal:case")


def _render_case(
    request: HttpRequest,
    petition: Petition,
    *,
    rating_form: RatingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_rate = selectors.can_rate(petition)
    context = {
        "petition": petition,
        "status": plain_status(petition.status),
        "deadline": selectors.next_deadline(petition),
        "reply_visible": selectors.reply_visible(petition),
        "files": selectors.public_files(petition),
        "can_rate": can_rate,
        "rating_form": rating_form or (RatingForm() if can_rate else None),
        "verified_minutes": limits.verified_seconds() // 60,
    }
    return render(request, "portal/case.html", context, status=status)


@never_cache
def case(request: HttpRequest) -> HttpResponse:
    petition = _verified(request)
    if petition is None:
        messages.info(request, _("Vui lòng nhập mã tra cứu và số điện thoại để xem hồ sơ."))
        return redirect("portal:track")
    return _render_case(request, petition)


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    petition = _verified(request)
    if petition is None:
        messages.info(request, _("Vui lòng nhập mã tra cứu và số điện thoại để xem hồ sơ."))
        return redirect("portal:track")
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _render_case(request, petition, rating_form=form, status=400)
    try:
        rating = services.answer_rate(
            petition=petition,
            value=form.cleaned_data["value"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        _show_error(form, error)
        return _render_case(request, petition, rating_form=form, status=400)
    if rating.value == rating.Value.UNSATISFIED:
        messages.success(
            request,
            _("Cảm ơn bạn đã đánh giá. Hồ sơ được mở lại để người đứng đầu cơ quan xem xét."),
        )
    else:
        messages.success(request, _("Cảm ơn bạn đã đánh giá câu trả lời."))
    return redirect("portal:case")


def case_file(request: HttpRequest, public_id: str) -> HttpResponseBase:
    petition = _verified(request)
    if petition is None:
        return redirect("portal:track")
    return download(selectors.public_file(petition, public_id))


@require_POST
def track_end(request: HttpRequest) -> HttpResponse:
    request.session.pop(CASE, None)
    request.session.pop(RECEIPT, None)
    messages.info(request, _("Đã đóng hồ sơ trên thiết bị này."))
    return redirect("portal:track")


# ---------------------------------------------------------------- published answers


def answers(request: HttpRequest) -> HttpResponse:
    form = AnswerSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.published_answers(q), ANSWERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/answers.html", {"form": form, "page_obj": page, "q": q})


# ---------------------------------------------------------------- published information


def publications(request: HttpRequest) -> HttpResponse:
    """What the communes have made public and is still posted (Law 10/2022/QH15, Art. 11)."""
    page = Paginator(public_publications(), PUBLICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/publications.html", {"page_obj": page})


# ---------------------------------------------------------------- reception appointments


def sessions(request: HttpRequest) -> HttpResponse:
    rows = [
        {"session": session, "left": selectors.places_left(session)}
        for session in selectors.bookable_sessions()
    ]
    return render(request, "portal/sessions.html", {"rows": rows})


@never_cache
def book(request: HttpRequest, public_id: str) -> HttpResponse:
    session = selectors.bookable_session(public_id)
    left = selectors.places_left(session)
    context: dict[str, Any] = {"session": session, "left": left}
    if request.method != "POST":
        context["form"] = AppointmentForm()
        return render(request, "portal/book.html", context)
    if not limits.hit(request, "book"):
        return _too_many(request, "book")
    form = AppointmentForm(request.POST)
    context["form"] = form
    if form.caught():
        form.add_error(None, _("Không đặt được lịch. Vui lòng thử lại."))
        return render(request, "portal/book.html", context, status=400)
    if not form.is_valid():
        return render(request, "portal/book.html", context, status=400)
    try:
        appointment = services.appointment_book(
            session=session,
            full_name=form.cleaned_data["full_name"],
            phone=form.cleaned_data["phone"],
            topic=form.cleaned_data["topic"],
        )
    except DomainError as error:
        _show_error(form, error)
        return render(request, "portal/book.html", context, status=400)
    services.appointment_confirmation_send(appointment=appointment)
    request.session[BOOKED] = appointment.pk
    return redirect("portal:booked")


@never_cache
def booked(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(BOOKED)
    appointment = (
        ReceptionAppointment.objects.select_related("session__organization").filter(pk=pk).first()
        if pk
        else None
    )
    if appointment is None:
        return redirect("portal:sessions")
    return render(request, "portal/booked.html", {"appointment": appointment})


# ---------------------------------------------------------------- the officers' list


@login_required
def appointment_list(request: HttpRequest) -> HttpResponse:
    show_past = request.GET.get("past") == "1"
    qs = selectors.appointment_sessions(request.user, upcoming_only=not show_past)
    chosen = request.GET.get("session", "")
    if chosen:
        qs = qs.filter(public_id=chosen)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/appointment_list.html",
        {"page_obj": page, "show_past": show_past, "chosen": chosen},
    )
