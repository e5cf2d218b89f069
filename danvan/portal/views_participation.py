"""Public participation on the portal: drafts put to residents for comment (read, comment
while open, see the responses once reported) and the published outcomes of dialogues."""

from __future__ import annotations

import mimetypes
import posixpath
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from danvan.consultations import services as consultation_services
from danvan.consultations.models import Comment, Consultation
from danvan.core.errors import DomainError
from danvan.portal import limits, selectors
from danvan.portal.forms import CommentForm, new_submission_key
from danvan.portal.views import _show_error, _too_many

DIALOGUES_PAGE_SIZE = 20
COMMENTED = "portal_comment"
COMMENT_KEYS = "portal_comment_keys"
COMMENT_KEYS_KEPT = 20
# Comments have their own per-IP limit (limits.py), apart from petitions.
COMMENT_BUCKET = "comment"

# ---------------------------------------------------------------- consultations on drafts


def consultations(request: HttpRequest) -> HttpResponse:
    """Drafts open for comments today, and the results of those reported recently."""
    today = timezone.localdate()
    rows = [
        {"consultation": c, "days_left": selectors.days_left(c, today)}
        for c in selectors.open_consultations(today)
    ]
    return render(
        request,
        "portal/consultations.html",
        {
            "rows": rows,
            "reported": selectors.recently_reported_consultations(today),
            "reported_days": selectors.RECENTLY_REPORTED_DAYS,
        },
    )


def _comment_form(consultation: Consultation, data: Any = None) -> CommentForm:
    return CommentForm(
        data, sections=consultation.sections.all(), initial={"key": new_submission_key()}
    )


def _render_consultation(
    request: HttpRequest,
    consultation: Consultation,
    *,
    form: CommentForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    open_now = selectors.takes_comments(consultation, today)
    thanks = None
    if request.method == "GET":
        state = request.session.pop(COMMENTED, None)
        if isinstance(state, dict) and state.get("consultation") == consultation.public_id:
            thanks = state.get("comment")
    if form is None and open_now:
        form = _comment_form(consultation)
    context = {
        "consultation": consultation,
        "sections": list(consultation.sections.all()),
        "open_now": open_now,
        "not_yet": consultation.status == "open" and today < consultation.opens_on,
        "days_left": selectors.days_left(consultation, today),
        "form": form,
        "thanks": thanks,
        "refusal": refusal,
        "answered": selectors.answered_comments(consultation),
        "comments_count": (
            selectors.comments_count(consultation) if consultation.status != "open" else None
        ),
    }
    return render(request, "portal/consultation.html", context, status=status)


def _refusal(consultation: Consultation) -> str:
    if consultation.status == "open" and timezone.localdate() < consultation.opens_on:
        return _(
            "Đợt lấy ý kiến này bắt đầu nhận góp ý từ ngày %(date)s; góp ý của bạn chưa được gửi."
        ) % {"date": consultation.opens_on.strftime("%d/%m/%Y")}
    ended = consultation.closes_on
    if consultation.closed_at is not None:
        ended = min(ended, timezone.localdate(consultation.closed_at))
    return _(
        "Đợt lấy ý kiến này đã kết thúc ngày %(date)s, không nhận thêm góp ý; góp ý của bạn "
        "chưa được gửi."
    ) % {"date": ended.strftime("%d/%m/%Y")}


def _remember_comment(
    request: HttpRequest, key: str, consultation: Consultation, comment: Comment
) -> None:
    request.session[COMMENTED] = {
        "consultation": consultation.public_id,
        "comment": comment.public_id,
    }
    if key:
        keys = dict(request.session.get(COMMENT_KEYS) or {})
        keys[key] = comment.public_id
        request.session[COMMENT_KEYS] = dict(list(keys.items())[-COMMENT_KEYS_KEPT:])


@never_cache
def consultation(request: HttpRequest, public_id: str) -> HttpResponse:
    """The draft, its sections and document, and while it is open the comment form; once
    reported, the drafter's response to each comment, without the commenters' names."""
    item = selectors.public_consultation(public_id)
    if request.method != "POST":
        return _render_consultation(request, item)
    here = reverse("portal:consultation", args=[item.public_id])
    key = request.POST.get("key", "")
    sent = dict(request.session.get(COMMENT_KEYS) or {})
    if key and key in sent:
        # The same form again (double click, retry): thank once, save once.
        request.session[COMMENTED] = {"consultation": item.public_id, "comment": sent[key]}
        return redirect(f"{here}#thanks")
    if not limits.hit(request, COMMENT_BUCKET):
        return _too_many(request, COMMENT_BUCKET)
    if not selectors.takes_comments(item):
        return _render_consultation(request, item, refusal=_refusal(item), status=400)
    form = _comment_form(item, request.POST)
    if form.caught():
        form.add_error(None, _("Không gửi được góp ý. Vui lòng thử lại."))
        return _render_consultation(request, item, form=form, status=400)
    if not form.is_valid():
        return _render_consultation(request, item, form=form, status=400)
    data = form.cleaned_data
    try:
        comment = consultation_services.comment_add(
            actor=None,
            consultation=item,
            text=data["text"],
            source=Comment.Source.PORTAL,
            section=data["section"],
            author_name=data["author_name"],
        )
    except DomainError as error:
        if not selectors.takes_comments(item):  # closed meanwhile (the service reloaded it)
            return _render_consultation(request, item, refusal=_refusal(item), status=400)
        _show_error(form, error)
        return _render_consultation(request, item, form=form, status=400)
    _remember_comment(request, key, item, comment)
    return redirect(f"{here}#thanks")


def consultation_document(request: HttpRequest, public_id: str) -> FileResponse:
    """The uploaded draft of a published consultation; never one still in preparation."""
    item = selectors.public_consultation(public_id)
    if not item.document:
        raise Http404
    name = posixpath.basename(item.document.name or "")
    try:
        handle = item.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- dialogue outcomes


def dialogues(request: HttpRequest) -> HttpResponse:
    """Held dialogues and voter meetings whose outcome the organisers published."""
    page = Paginator(selectors.published_dialogues(), DIALOGUES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/dialogues.html", {"page_obj": page})


def dialogue(request: HttpRequest, public_id: str) -> HttpResponse:
    """What residents raised and the answers, and every commitment with its status; never
    the names of the residents who spoke."""
    item = selectors.published_dialogue(public_id)
    return render(
        request,
        "portal/dialogue.html",
        {
            "dialogue": item,
            "issues": selectors.public_issues(item),
            "commitments": list(item.commitments.all()),
        },
    )
