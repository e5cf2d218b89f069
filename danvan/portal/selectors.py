"""Reads of the citizen portal. A citizen learns about a case only after proving it is theirs
(tracking code + phone), and then only its status, next step, reply and the reply's files.
Consultations are shown once published (never in preparation), dialogues once held and
published, both without the names of the residents who spoke."""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from danvan.consultations.models import Comment, Consultation, ConsultationStatus, DraftSection
from danvan.core.text import fold
from danvan.dialogues.models import Commitment, CommitmentStatus, Dialogue, DialogueStatus
from danvan.organizations.models import Organization
from danvan.organizations.scope import scope_for
from danvan.petitions.models import (
    Attachment,
    Kind,
    Petition,
    PetitionDeadline,
    Petitioner,
    Status,
)
from danvan.places.models import AdminUnit
from danvan.portal import limits
from danvan.portal.contact import burn_time, normalize_phone, normalize_tracking_code
from danvan.portal.contact import phone_matches as hash_matches
from danvan.portal.models import PortalSubmission, ReceptionAppointment
from danvan.receptions.models import ReceptionSession

PUBLIC_FILE_PURPOSES = (Attachment.Purpose.REPLY, Attachment.Purpose.EVIDENCE)
REDACTED = "[…]"


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------- where a petition goes


def _receiving_committees(on: dt.date) -> QuerySet[Organization]:
    return Organization.objects.active_on(on).filter(
        kind=Organization.Kind.PEOPLE_COMMITTEE, level=Organization.Level.COMMUNE
    )


def submission_communes(on: dt.date | None = None) -> list[AdminUnit]:
    """Today's communes and wards whose People's Committee receives petitions here."""
    day = on or _today()
    return list(
        AdminUnit.objects.current()
        .filter(
            level=AdminUnit.Level.COMMUNE,
            organizations__in=_receiving_committees(day),
        )
        .select_related("parent")
        .distinct()
        .order_by("parent__search_name", "search_name", "code")
    )


def villages_of(communes: list[AdminUnit]) -> list[AdminUnit]:
    """Today's villages and street blocks of these communes, by commune then name."""
    return list(
        AdminUnit.objects.current()
        .filter(level=AdminUnit.Level.VILLAGE, parent__in=communes)
        .order_by("parent_id", "search_name")
    )


def receiving_organization(commune: AdminUnit, on: dt.date | None = None) -> Organization | None:
    """The commune-level People's Committee whose jurisdiction holds the commune."""
    if on is None and places_cache_seconds() > 0:
        return submission_places().receiving.get(commune.pk)
    return _receiving_organization(commune, on or _today())


def _receiving_organization(commune: AdminUnit, on: dt.date) -> Organization | None:
    return _receiving_committees(on).filter(jurisdiction=commune).order_by("name", "pk").first()


# ---------------------------------------------------------------- the submission form's places


@dataclass(frozen=True)
class SubmissionPlaces:
    """What the submission form offers, read together: the communes and wards, their villages,
    the choices made of them, and the committee each commune's petitions go to."""

    communes: list[AdminUnit]
    villages: list[AdminUnit]
    commune_choices: list[tuple[str, Any]]
    village_choices: list[tuple[str, Any]]
    receiving: dict[int, Organization]
    # The form's lists as HTML, made once per language and attributes (forms.KeptSelect).
    rendered: dict[Any, Any] = field(default_factory=dict)

    @cached_property
    def communes_by_pk(self) -> dict[int, AdminUnit]:
        return {unit.pk: unit for unit in self.communes}

    @cached_property
    def villages_by_pk(self) -> dict[int, AdminUnit]:
        return {unit.pk: unit for unit in self.villages}


PLACES_VERSION_KEY = "portal:places:version"
_places: dict[tuple[dt.date, str], tuple[float, SubmissionPlaces]] = {}


def places_cache_seconds() -> int:
    """How long a process keeps the form's places (PORTAL_PLACES_CACHE_SECONDS, default 300;
    0: read them on every request)."""
    return limits.setting("PORTAL_PLACES_CACHE_SECONDS", 300)


def _places_version() -> str:
    version = cache.get(PLACES_VERSION_KEY)
    if version is None:
        cache.add(PLACES_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(PLACES_VERSION_KEY) or ""
    return str(version)


def places_changed() -> None:
    """Make every process read the places again (called when units or organisations change;
    with a shared cache the other app servers see it too, else within the cache's seconds)."""
    cache.set(PLACES_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    _places.clear()


def _read_places(day: dt.date) -> SubmissionPlaces:
    communes = submission_communes(day)
    villages = villages_of(communes)
    # The province is named only when the list spans several.
    provinces = {unit.parent_id for unit in communes}
    several = len(provinces) > 1
    commune_choices: list[tuple[str, Any]] = [
        (
            str(unit.pk),
            f"{unit.name} ({unit.parent.name})" if unit.parent and several else unit.name,
        )
        for unit in communes
    ]
    names = {unit.pk: unit.name for unit in communes}
    groups: dict[int, list[tuple[str, str]]] = {}
    for village in villages:
        groups.setdefault(village.parent_id or 0, []).append((str(village.pk), village.name))
    village_choices: list[tuple[str, Any]] = [
        (names.get(parent, ""), options) for parent, options in groups.items()
    ]
    receiving: dict[int, Organization] = {}
    committees = (
        _receiving_committees(day)
        .filter(jurisdiction__in=[unit.pk for unit in communes])
        .annotate(unit_id=F("jurisdiction"))
        .order_by("name", "pk")
    )
    for organization in committees:
        receiving.setdefault(organization.unit_id, organization)
    return SubmissionPlaces(communes, villages, commune_choices, village_choices, receiving)


def submission_places(on: dt.date | None = None) -> SubmissionPlaces:
    """The submission form's places for today, kept by the process for
    PORTAL_PLACES_CACHE_SECONDS and read again as soon as `places_changed()` was called."""
    day = on or _today()
    seconds = places_cache_seconds()
    if seconds <= 0:
        return _read_places(day)
    key = (day, _places_version())
    now = time.monotonic()
    kept = _places.get(key)
    if kept is not None and now - kept[0] < seconds:
        return kept[1]
    places = _read_places(day)
    _places.clear()
    _places[key] = (now, places)
    return places


# ---------------------------------------------------------------- following a case


def _petitioner_phone_matches(petition: Petition, phone: str) -> bool:
    phones = Petitioner.objects.filter(petition=petition).values_list("phone", flat=True)
    return any(normalize_phone(stored) == phone for stored in phones if stored)


def case_for_tracking(code: str, phone: str) -> Petition | None:
    """The petition with this tracking code if the phone is the one given with it (on the
    portal, or as a petitioner's phone at the counter); None otherwise, whichever was wrong."""
    code = normalize_tracking_code(code)
    phone = normalize_phone(phone)
    petition = Petition.objects.filter(tracking_code=code).first() if code and phone else None
    if petition is None:
        burn_time(phone or "0")
        return None
    submission = PortalSubmission.objects.filter(petition=petition).first()
    matched = hash_matches(phone, submission.phone_hash) if submission else False
    if submission is None:
        burn_time(phone)
    if not matched:
        matched = _petitioner_phone_matches(petition, phone)
    return petition if matched else None


def tracked_case(pk: int) -> Petition:
    """The verified case with what its page shows; Http404 when it is gone."""
    qs = Petition.objects.select_related("organization").prefetch_related(
        Prefetch(
            "deadlines",
            queryset=PetitionDeadline.objects.order_by("due_on", "id"),
        ),
        Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(purpose__in=PUBLIC_FILE_PURPOSES).order_by(
                "created_at", "id"
            ),
            to_attr="public_files",
        ),
    )
    try:
        return qs.get(pk=pk)
    except Petition.DoesNotExist as exc:
        raise Http404 from exc


def next_deadline(petition: Petition) -> PetitionDeadline | None:
    """The earliest open deadline with a date (none while the case is paused or closed)."""
    open_rows = [d for d in petition.deadlines.all() if d.met_on is None and d.due_on]
    return min(open_rows, key=lambda d: d.due_on or dt.date.max, default=None)


def reply_visible(petition: Petition) -> bool:
    return petition.status == Status.REPLIED


def public_files(petition: Petition) -> list[Attachment]:
    """The reply and its evidence, once the case is answered; nothing else, ever."""
    if not reply_visible(petition):
        return []
    files = getattr(petition, "public_files", None)
    if files is None:
        files = list(
            petition.attachments.filter(purpose__in=PUBLIC_FILE_PURPOSES).order_by(
                "created_at", "id"
            )
        )
    return list(files)


def public_file(petition: Petition, public_id: str) -> Attachment:
    for attachment in public_files(petition):
        if attachment.public_id == public_id:
            return attachment
    raise Http404


def can_rate(petition: Petition) -> bool:
    return (
        petition.status == Status.REPLIED
        and petition.replied_on is not None
        and not petition.ratings.filter(replied_on=petition.replied_on).exists()
    )


# ---------------------------------------------------------------- published answers


@dataclass(frozen=True)
class PublishedAnswer:
    title: str
    topic: str
    place: str
    received_on: dt.date
    replied_on: dt.date | None
    kind: str
    reply_text: str


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = re.sub(re.escape(secret), REDACTED, text, flags=re.IGNORECASE)
    return text


def _identity_of(petition: Petition) -> list[str]:
    values: set[str] = set()
    for person in petition.petitioners.all():
        for value in (person.full_name, person.phone, person.id_number, person.address):
            if value and len(value.strip()) >= 3:
                values.add(value.strip())
    # Longest first, so a full name is removed before a part of it could be.
    return sorted(values, key=len, reverse=True)


def _place(unit: AdminUnit | None) -> str:
    if unit is None:
        return ""
    if unit.level == AdminUnit.Level.VILLAGE and unit.parent is not None:
        return f"{unit.name}, {unit.parent.name}"
    return unit.name


def published_answers(q: str = "") -> list[PublishedAnswer]:
    """Answers the offices chose to publish, without any petitioner data; never a
    denunciation. `q` matches title, topic, place and reply without regard to accents,
    after the redaction (so a petitioner's name finds nothing)."""
    qs = (
        Petition.objects.filter(answer_published=True, status=Status.REPLIED)
        .exclude(kind=Kind.DENUNCIATION)
        .select_related("topic", "admin_unit__parent")
        .prefetch_related("petitioners")
        .order_by("-replied_on", "-id")
    )
    answers = []
    folded = fold(q)
    for petition in qs:
        secrets = _identity_of(petition)
        answer = PublishedAnswer(
            title=_redact(petition.title, secrets),
            topic=petition.topic.name if petition.topic else "",
            place=_place(petition.admin_unit),
            received_on=petition.received_on,
            replied_on=petition.replied_on,
            kind=petition.get_kind_display(),
            reply_text=_redact(petition.reply_text, secrets),
        )
        if folded and folded not in fold(
            " ".join([answer.title, answer.topic, answer.place, answer.reply_text])
        ):
            continue
        answers.append(answer)
    return answers


# ---------------------------------------------------------------- reception appointments


def _future_q(now: dt.datetime) -> Q:
    local = timezone.localtime(now)
    return Q(date__gt=local.date()) | Q(date=local.date(), time_from__gt=local.time())


def bookable_sessions(now: dt.datetime | None = None) -> QuerySet[ReceptionSession]:
    """Published, planned sessions still ahead, with how many are booked."""
    return (
        ReceptionSession.objects.filter(
            _future_q(now or timezone.now()),
            published=True,
            status=ReceptionSession.Status.PLANNED,
        )
        .select_related("organization", "receiver", "admin_unit")
        .annotate(
            booked=Count(
                "portal_appointments",
                filter=Q(portal_appointments__status=ReceptionAppointment.Status.BOOKED),
            )
        )
        .order_by("date", "time_from", "id")
    )


def bookable_session(public_id: str) -> ReceptionSession:
    try:
        return bookable_sessions().get(public_id=public_id)
    except ReceptionSession.DoesNotExist as exc:
        raise Http404 from exc


def places_left(session: ReceptionSession) -> int:
    booked = getattr(session, "booked", None)
    if booked is None:
        booked = ReceptionAppointment.objects.filter(
            session=session, status=ReceptionAppointment.Status.BOOKED
        ).count()
    return max(0, limits.appointments_per_session() - booked)


def appointment_sessions(user: Any, *, upcoming_only: bool = True) -> QuerySet[ReceptionSession]:
    """Sessions of the officer's own organisations (everything for a system administrator),
    with their appointments, soonest first. Citizens' phone numbers stay with the office that
    receives them: a wider territorial scope does not show them."""
    scope = scope_for(user)
    qs = ReceptionSession.objects.select_related("organization", "receiver")
    if not scope.everything:
        qs = qs.filter(organization_id__in=sorted(scope.organization_ids))
    if upcoming_only:
        qs = qs.filter(date__gte=_today())
    return qs.prefetch_related(
        Prefetch(
            "portal_appointments",
            queryset=ReceptionAppointment.objects.order_by("created_at", "id"),
        )
    ).order_by("date", "time_from", "id")


# ---------------------------------------------------------------- consultations on drafts

PUBLIC_CONSULTATION_STATUSES = (
    ConsultationStatus.OPEN,
    ConsultationStatus.CLOSED,
    ConsultationStatus.REPORTED,
)
RECENTLY_REPORTED_DAYS = 180


def _consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(status__in=PUBLIC_CONSULTATION_STATUSES).select_related(
        "organization", "admin_unit"
    )


def open_consultations(on: dt.date | None = None) -> QuerySet[Consultation]:
    """Consultations taking comments today: open, and today within their period; the ones
    closing soonest first."""
    day = on or _today()
    return (
        _consultations()
        .filter(status=ConsultationStatus.OPEN, opens_on__lte=day, closes_on__gte=day)
        .order_by("closes_on", "title", "pk")
    )


def recently_reported_consultations(on: dt.date | None = None) -> QuerySet[Consultation]:
    """Consultations whose synthesis report came out in the last `RECENTLY_REPORTED_DAYS`
    days, newest first."""
    day = on or _today()
    since = day - dt.timedelta(days=RECENTLY_REPORTED_DAYS)
    return (
        _consultations()
        .filter(status=ConsultationStatus.REPORTED)
        .filter(Q(reported_at__date__gte=since) | Q(reported_at__isnull=True, closes_on__gte=since))
        .order_by("-reported_at", "-closes_on", "-pk")
    )


def public_consultation(public_id: str) -> Consultation:
    """A published consultation (open, closed or reported) with its sections; Http404 for one
    in preparation or an unknown id."""
    qs = _consultations().prefetch_related(
        Prefetch("sections", queryset=DraftSection.objects.order_by("position", "pk"))
    )
    try:
        return qs.get(public_id=public_id)
    except Consultation.DoesNotExist as exc:
        raise Http404 from exc


def takes_comments(consultation: Consultation, on: dt.date | None = None) -> bool:
    """Whether the portal takes comments on it today (the service checks again)."""
    day = on or _today()
    return (
        consultation.status == ConsultationStatus.OPEN
        and consultation.opens_on <= day <= consultation.closes_on
    )


def days_left(consultation: Consultation, on: dt.date | None = None) -> int:
    """Days after today still open for comments (0: today is the last day)."""
    return max(0, (consultation.closes_on - (on or _today())).days)


@dataclass(frozen=True)
class AnsweredComment:
    """A comment and the drafter's response, as the portal publishes them: without the name
    of the person who commented or of the officer who answered."""

    section: str
    text: str
    response_kind: str
    response_text: str
    responded_on: dt.date | None


def answered_comments(consultation: Consultation) -> list[AnsweredComment]:
    """The responses (tiếp thu, giải trình) of a reported consultation, section by section,
    general comments first; nothing before the synthesis report."""
    if consultation.status != ConsultationStatus.REPORTED:
        return []
    rows = (
        Comment.objects.filter(consultation=consultation)
        .exclude(response_kind="")
        .select_related("section")
        .only(
            "text",
            "response_kind",
            "response_text",
            "responded_on",
            "received_on",
            "section__heading",
            "section__position",
        )
        .order_by(F("section__position").asc(nulls_first=True), "received_on", "pk")
    )
    return [
        AnsweredComment(
            section=row.section.heading if row.section else "",
            text=row.text,
            response_kind=row.get_response_kind_display(),
            response_text=row.response_text,
            responded_on=row.responded_on,
        )
        for row in rows
    ]


def comments_count(consultation: Consultation) -> int:
    return Comment.objects.filter(consultation=consultation).count()


# ---------------------------------------------------------------- dialogue outcomes


def published_dialogues() -> QuerySet[Dialogue]:
    """Held dialogues and voter meetings the organisers published, newest first, with how
    many issues and commitments each has and how many commitments are done or overdue."""
    today = _today()
    return (
        Dialogue.objects.filter(published=True, status=DialogueStatus.HELD)
        .select_related("organization", "admin_unit")
        .annotate(
            issues_count=Count("issues", distinct=True),
            commitments_count=Count("commitments", distinct=True),
            commitments_done=Count(
                "commitments",
                filter=Q(commitments__status=CommitmentStatus.DONE),
                distinct=True,
            ),
            commitments_overdue=Count(
                "commitments",
                filter=Q(commitments__status=CommitmentStatus.OPEN, commitments__due_on__lt=today),
                distinct=True,
            ),
        )
        .order_by("-held_on", "-pk")
    )


@dataclass(frozen=True)
class PublicIssue:
    """What residents raised and the answer given; never who raised it."""

    text: str
    answer: str
    answered_by: str


def published_dialogue(public_id: str) -> Dialogue:
    """A held, published dialogue with its commitments; Http404 otherwise."""
    qs = (
        Dialogue.objects.filter(published=True, status=DialogueStatus.HELD)
        .select_related("organization", "admin_unit", "program")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("owner_organization").order_by(
                    "due_on", "pk"
                ),
            )
        )
    )
    try:
        return qs.get(public_id=public_id)
    except Dialogue.DoesNotExist as exc:
        raise Http404 from exc


def public_issues(dialogue: Dialogue) -> list[PublicIssue]:
    rows = dialogue.issues.order_by("position", "pk").values_list("text", "answer", "answered_by")
    return [PublicIssue(text=text, answer=answer, answered_by=by) for text, answer, by in rows]
