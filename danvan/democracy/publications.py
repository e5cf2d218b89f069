"""The publication register (sổ công khai): what the commune published, under which category
of Art. 11, how and for how long — and the warnings of the law: not published within 5
working days of its decision (Art. 12(3)), or on a notice board for less than 30 consecutive
days (Art. 13(2))."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.core.errors import ValidationFailed
from danvan.deadlines.calendar import default_calendar
from danvan.democracy import law
from danvan.democracy.models import Publication, PublicationCategory, PublicationPosting
from danvan.organizations.models import Organization
from danvan.organizations.scope import filter_in_scope
from danvan.places.models import AdminUnit

PUBLICATION_FIELDS = ("category", "title", "document_number", "decided_on", "summary")
POSTING_FIELDS = ("channel", "place", "from_on", "to_on")


def _text(value: str, field: str, limit: int, *, required: str = "") -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(required, code="required", field=field)
    if len(text) > limit:
        raise ValidationFailed(
            _("Tối đa %(n)d ký tự.") % {"n": limit}, code="too_long", field=field
        )
    return text


def _not_future(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationFailed(
            _("Ngày không được ở tương lai."), code="date_in_future", field=field
        )


@transaction.atomic
def publication_record(
    *,
    actor: Any,
    organization: Organization,
    admin_unit: AdminUnit,
    category: PublicationCategory,
    title: str,
    decided_on: dt.date,
    document_number: str = "",
    summary: str = "",
) -> Publication:
    _not_future(decided_on, "decided_on")
    publication = Publication.objects.create(
        organization=organization,
        admin_unit=admin_unit,
        category=category,
        title=_text(title, "title", 255, required=_("Hãy ghi nội dung công khai.")),
        document_number=_text(document_number, "document_number", 64),
        decided_on=decided_on,
        summary=_text(summary, "summary", 10_000),
    )
    audit_record(
        actor=actor,
        action="democracy.publication_record",
        target=publication,
        before=None,
        after=snapshot(publication, PUBLICATION_FIELDS),
    )
    return publication


@transaction.atomic
def publication_post(
    *,
    actor: Any,
    publication: Publication,
    channel: str,
    from_on: dt.date,
    to_on: dt.date | None = None,
    place: str = "",
) -> PublicationPosting:
    """One way it was made public; `to_on` empty while it is still posted."""
    if channel not in PublicationPosting.Channel.values:
        raise ValidationFailed(
            _("Hình thức công khai không hợp lệ."), code="invalid", field="channel"
        )
    _not_future(from_on, "from_on")
    if from_on < publication.decided_on:
        raise ValidationFailed(
            _("Không thể công khai trước ngày quyết định công khai."),
            code="invalid_date",
            field="from_on",
        )
    if to_on is not None and to_on < from_on:
        raise ValidationFailed(
            _("“Đến ngày” không được trước “từ ngày”."), code="invalid_range", field="to_on"
        )
    posting = PublicationPosting.objects.create(
        publication=publication,
        channel=channel,
        place=_text(place, "place", 255),
        from_on=from_on,
        to_on=to_on,
    )
    audit_record(
        actor=actor,
        action="democracy.publication_post",
        target=publication,
        before=None,
        after={f"posting.{k}": v for k, v in snapshot(posting, POSTING_FIELDS).items()},
    )
    return posting


@transaction.atomic
def publication_take_down(
    *, actor: Any, posting: PublicationPosting, on: dt.date
) -> PublicationPosting:
    """The last day it stayed posted."""
    posting = PublicationPosting.objects.select_for_update().get(pk=posting.pk)
    if posting.to_on is not None:
        raise ValidationFailed(
            _("Hình thức công khai này đã có ngày kết thúc."), code="already_ended", field="on"
        )
    _not_future(on, "on")
    if on < posting.from_on:
        raise ValidationFailed(
            _("Ngày kết thúc không được trước ngày bắt đầu."), code="invalid_range", field="on"
        )
    posting.to_on = on
    posting.save(update_fields=["to_on"])
    audit_record(
        actor=actor,
        action="democracy.publication_take_down",
        target=posting.publication,
        before={"posting.to_on": None},
        after={"posting.to_on": on.isoformat()},
    )
    return posting


# ---------------------------------------------------------------- reads and warnings


@dataclass(frozen=True)
class Warning:
    code: str  # "late", "not_published", "short_posting"
    message: str


def publish_by(publication: Publication) -> dt.date:
    """The last day to publish: 5 working days after the decision."""
    return default_calendar().add_working_days(
        publication.decided_on, law.PUBLISH_WITHIN_WORKING_DAYS
    )


def warnings_for(publication: Publication, *, today: dt.date | None = None) -> list[Warning]:
    """What the law's periods say of one publication (its postings prefetched)."""
    today = today or timezone.localdate()
    found: list[Warning] = []
    postings = list(publication.postings.all())
    deadline = publish_by(publication)
    first = min((p.from_on for p in postings), default=None)
    if first is None and today > deadline:
        found.append(
            Warning(
                "not_published",
                _("Chưa công khai; hạn là %(day)s (%(source)s).")
                % {"day": f"{deadline:%d/%m/%Y}", "source": law.PUBLISH_WITHIN_SOURCE},
            )
        )
    elif first is not None and first > deadline:
        found.append(
            Warning(
                "late",
                _("Công khai ngày %(first)s, quá hạn %(day)s (%(source)s).")
                % {
                    "first": f"{first:%d/%m/%Y}",
                    "day": f"{deadline:%d/%m/%Y}",
                    "source": law.PUBLISH_WITHIN_SOURCE,
                },
            )
        )
    for posting in postings:
        if posting.channel != PublicationPosting.Channel.NOTICE_BOARD or posting.to_on is None:
            continue
        days = (posting.to_on - posting.from_on).days + 1
        if days < law.NOTICE_BOARD_MIN_DAYS:
            found.append(
                Warning(
                    "short_posting",
                    _("Niêm yết %(days)d ngày, ít hơn %(min)d ngày liên tục (%(source)s).")
                    % {
                        "days": days,
                        "min": law.NOTICE_BOARD_MIN_DAYS,
                        "source": law.NOTICE_BOARD_SOURCE,
                    },
                )
            )
    return found


def publications_for(user: Any) -> QuerySet[Publication]:
    """The register in the user's scope, joined for the list (constant queries)."""
    return (
        filter_in_scope(Publication.objects.all(), user)
        .select_related("category", "admin_unit", "organization")
        .prefetch_related(Prefetch("postings", queryset=PublicationPosting.objects.all()))
    )


def public_publications(*, today: dt.date | None = None) -> QuerySet[Publication]:
    """What the citizens' portal shows: publications made public and still posted today
    (one posting begun and not ended), newest decision first; no login, every commune."""
    today = today or timezone.localdate()
    current = PublicationPosting.objects.filter(from_on__lte=today).filter(
        Q(to_on__isnull=True) | Q(to_on__gte=today)
    )
    return (
        Publication.objects.filter(pk__in=current.values("publication_id"))
        .select_related("category", "admin_unit", "organization")
        .prefetch_related(Prefetch("postings", queryset=current.order_by("from_on", "pk")))
        .order_by("-decided_on", "-pk")
    )


def register(
    publications: Iterable[Publication], *, today: dt.date | None = None
) -> list[tuple[Publication, list[Warning]]]:
    return [(p, warnings_for(p, today=today)) for p in publications]
