"""Reads on citizen reception: scoped lists already joined, and the duty warnings.

Confidentiality (Law on Denunciations Arts. 8(3), 9(1)(b), 47): a visitor who denounced
someone is a denouncer. Once a visit created or is linked to a denunciation, the identity of
its people is shown only to the officer who received the visit and to the officers assigned
to one of its denunciations (`visit_identity_visible`); revealing goes through
`danvan.receptions.confidentiality`, which logs every reveal. The people are never in
`search_text`; their folded identity is in `identity_text`, which search reads only where
the reader may see it (`identity_visible_q`), so a denouncer's name never finds the visit for
anyone else. Both are decided when read, from the linked petitions' current kind and
assignments, so a petition reclassified as a denunciation later, or an officer assigned
later, is covered without rewriting the visit."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.text import fold
from danvan.organizations.models import Membership, Organization
from danvan.organizations.scope import filter_in_scope, get_in_scope_or_404, scope_for
from danvan.petitions.models import Assignment, Kind, Petition
from danvan.petitions.selectors import visible_petitions
from danvan.receptions.models import ReceptionDuty, ReceptionSession, ReceptionVisit, VisitPerson

SCOPE = {"unit_field": "admin_unit", "organization_field": "organization"}


# ---------------------------------------------------------------- schedule


@dataclass(frozen=True)
class SessionFilters:
    organization_ids: frozenset[int] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str = ""
    published: bool | None = None


def visible_sessions(user: Any) -> QuerySet[ReceptionSession]:
    return filter_in_scope(ReceptionSession.objects.all(), user, **SCOPE)


def session_list(user: Any, filters: SessionFilters | None = None) -> QuerySet[ReceptionSession]:
    f = filters or SessionFilters()
    qs = visible_sessions(user)
    if f.organization_ids is not None:
        qs = qs.filter(organization_id__in=f.organization_ids)
    if f.date_from:
        qs = qs.filter(date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(date__lte=f.date_to)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.published is not None:
        qs = qs.filter(published=f.published)
    return qs.select_related("organization", "receiver", "admin_unit").order_by(
        "date", "time_from", "id"
    )


def session_for(user: Any, public_id: str) -> ReceptionSession:
    """A session the user may see; Http404 otherwise."""
    qs = ReceptionSession.objects.select_related("organization", "receiver", "admin_unit")
    return get_in_scope_or_404(qs, user, public_id=public_id, **SCOPE)


def schedule_organizations(user: Any) -> QuerySet[Organization]:
    """Current organisations whose schedule the user may read (their own, and those whose
    jurisdiction lies in their scope)."""
    scope = scope_for(user)
    qs = Organization.objects.filter(valid_to__isnull=True)
    if not scope.everything:
        condition = Q(pk__in=sorted(scope.organization_ids))
        if scope.unit_ids:
            ids = Organization.objects.filter(jurisdiction__in=sorted(scope.unit_ids)).values("pk")
            condition |= Q(pk__in=ids)
        qs = qs.filter(condition)
    return qs.order_by("level", "name")


def receivers_for(organization: Organization, day: dt.date | None = None) -> QuerySet[Membership]:
    """The memberships of an organisation whose holders may receive citizens."""
    return (
        Membership.objects.active(day or timezone.localdate())
        .filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


# ---------------------------------------------------------------- register


@dataclass(frozen=True)
class VisitFilters:
    organization_ids: frozenset[int] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    session_public_id: str = ""
    collective: bool | None = None
    q: str = ""


def visible_visits(user: Any) -> QuerySet[ReceptionVisit]:
    return filter_in_scope(ReceptionVisit.objects.all(), user, **SCOPE)


def with_visit_data(qs: QuerySet[ReceptionVisit]) -> QuerySet[ReceptionVisit]:
    """Everything a row shows, and what `visit_identity_visible` reads (the linked
    petitions' kinds and assignments), in a constant number of queries."""
    return qs.select_related(
        "organization", "admin_unit", "session", "received_by"
    ).prefetch_related(
        Prefetch("people", queryset=VisitPerson.objects.order_by("position", "id")),
        Prefetch("petitions", queryset=Petition.objects.order_by("received_on", "id")),
        Prefetch("petitions__assignments", queryset=Assignment.objects.only("petition", "user")),
    )


def is_protected(visit: ReceptionVisit) -> bool:
    """Whether the visit created or is linked to a denunciation: its people are denouncers."""
    return any(petition.kind == Kind.DENUNCIATION for petition in visit.petitions.all())


def visit_identity_visible(user: Any, visit: ReceptionVisit) -> bool:
    """Whether `user` may see who came to `visit` (names, addresses, ID numbers, phones).

    Anyone who may read the visit sees its people, unless the visit is linked to a
    denunciation. Then only the officer who received the citizen (they heard them in person
    and entered them in the register) and the officers assigned to one of the linked
    denunciations — the same rule as `petitions.selectors.identity_visible`. A system
    administrator or a leader of the organisation is not entitled by their role alone.

    Reads the prefetched petitions and assignments (`with_visit_data`); no query then."""
    denunciations = [p for p in visit.petitions.all() if p.kind == Kind.DENUNCIATION]
    if not denunciations:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if visit.received_by_id is not None and visit.received_by_id == user.pk:
        return True
    return any(a.user_id == user.pk for p in denunciations for a in p.assignments.all())


def identity_visible_q(user: Any) -> Q:
    """`visit_identity_visible` as a database condition on visits (for search)."""
    links = ReceptionVisit.petitions.through.objects.filter(
        receptionvisit=OuterRef("pk"), petition__kind=Kind.DENUNCIATION
    )
    condition = Q(~Exists(links))
    if getattr(user, "is_authenticated", False):
        condition |= Q(received_by=user.pk)
        condition |= Q(Exists(links.filter(petition__assignments__user=user.pk)))
    return condition


def search_q(user: Any, q: str) -> Q:
    """Every folded word in the visit's text, or — where the reader may see the people — in
    their names, addresses, ID numbers and phones."""
    words = fold(q).split()
    if not words:
        return Q()
    visible = identity_visible_q(user)
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word) | (Q(identity_text__contains=word) & visible)
    return condition


def visit_list(user: Any, filters: VisitFilters | None = None) -> QuerySet[ReceptionVisit]:
    f = filters or VisitFilters()
    qs = visible_visits(user)
    if f.organization_ids is not None:
        qs = qs.filter(organization_id__in=f.organization_ids)
    if f.date_from:
        qs = qs.filter(visited_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(visited_on__lte=f.date_to)
    if f.session_public_id:
        qs = qs.filter(session__public_id=f.session_public_id)
    if f.collective is not None:
        qs = qs.filter(collective=f.collective)
    if f.q:
        qs = qs.filter(search_q(user, f.q))
    return with_visit_data(qs).order_by("-visited_on", "-register_year", "-number", "-id")


def visit_for(user: Any, public_id: str) -> ReceptionVisit:
    """A visit the user may see; Http404 otherwise (existence not confirmed)."""
    return get_in_scope_or_404(
        with_visit_data(ReceptionVisit.objects.all()), user, public_id=public_id, **SCOPE
    )


def petition_by_reference(
    user: Any, reference: str, *, organization: Organization
) -> Petition | None:
    """A petition the user may see, by public id or by register number ("12/2026", of the
    visit's organisation)."""
    reference = (reference or "").strip()
    if not reference:
        return None
    petitions = visible_petitions(user)
    number, slash, year = reference.partition("/")
    if slash and number.strip().isdigit() and year.strip().isdigit():
        return petitions.filter(
            organization=organization,
            number=int(number),
            register_year=int(year),
        ).first()
    return petitions.filter(public_id=reference.upper()).first()


# ---------------------------------------------------------------- duty warnings


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    held_days: int
    scheduled_days: int  # held or planned


@dataclass
class DutyStatus:
    membership: Membership
    duty: ReceptionDuty
    year: int
    month: int
    periods: list[Period] = field(default_factory=list)
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def total(self) -> int:
        return len(self.periods)

    @property
    def held_periods(self) -> int:
        """Periods in which the minimum was met by receptions actually held."""
        return sum(1 for p in self.periods if p.held_days >= self.duty.minimum_count)

    @property
    def planned_periods(self) -> int:
        """Periods in which the minimum is met counting planned receptions too."""
        return sum(1 for p in self.periods if p.scheduled_days >= self.duty.minimum_count)

    @property
    def month_over(self) -> bool:
        return all(p.end < self.today for p in self.periods)

    @property
    def covered(self) -> int:
        """Periods meeting the minimum: by held receptions for periods already over, by held or
        planned ones for periods still to come."""
        return sum(
            1
            for p in self.periods
            if (p.held_days if p.end < self.today else p.scheduled_days) >= self.duty.minimum_count
        )

    @property
    def below_minimum(self) -> bool:
        return self.covered < self.total

    @property
    def leader_label(self) -> str:
        m = self.membership
        title = m.title or m.get_role_display()
        return f"{m.user.get_full_name()} — {title}, {m.organization.name}"

    @property
    def message(self) -> str:
        per = self.duty.get_period_display()
        values = {
            "leader": self.leader_label,
            "covered": self.covered,
            "total": self.total,
            "month": f"{self.month}/{self.year}",
            "minimum": self.duty.minimum_count,
            "per": per,
        }
        if self.duty.period == ReceptionDuty.Period.WEEK:
            if self.month_over:
                text = _(
                    "%(leader)s: %(covered)d/%(total)d tuần có tiếp công dân trong tháng "
                    "%(month)s — dưới mức tối thiểu %(minimum)d ngày/%(per)s"
                )
            else:
                text = _(
                    "%(leader)s: %(covered)d/%(total)d tuần đã tiếp hoặc có lịch tiếp công dân "
                    "trong tháng %(month)s — dưới mức tối thiểu %(minimum)d ngày/%(per)s"
                )
            return text % values
        period = self.periods[0] if self.periods else Period(dt.date.min, dt.date.min, 0, 0)
        values["days"] = period.held_days if self.month_over else period.scheduled_days
        if self.month_over:
            text = _(
                "%(leader)s: %(days)d ngày tiếp công dân trong tháng %(month)s — dưới mức tối "
                "thiểu %(minimum)d ngày/%(per)s"
            )
        else:
            text = _(
                "%(leader)s: %(days)d ngày đã tiếp hoặc có lịch tiếp công dân trong tháng "
                "%(month)s — dưới mức tối thiểu %(minimum)d ngày/%(per)s"
            )
        return text % values


def month_weeks(year: int, month: int) -> list[tuple[dt.date, dt.date]]:
    """The Monday–Sunday weeks that belong to a month: those whose Thursday falls in it (the
    ISO 8601 rule), so every week of the year belongs to exactly one month."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    weeks = []
    while thursday <= last:
        monday = thursday - dt.timedelta(days=3)
        weeks.append((monday, monday + dt.timedelta(days=6)))
        thursday += dt.timedelta(days=7)
    return weeks


def _duty_matches(duty: ReceptionDuty, membership: Membership) -> bool:
    org = membership.organization
    if duty.membership_role != membership.role:
        return False
    if duty.organization_kind and duty.organization_kind != org.kind:
        return False
    if duty.organization_level and duty.organization_level != org.level:
        return False
    return not duty.title_contains or fold(duty.title_contains) in fold(membership.title)


def _applicable(duties: list[ReceptionDuty], membership: Membership) -> list[ReceptionDuty]:
    matching = [duty for duty in duties if _duty_matches(duty, membership)]
    if not matching:
        return []
    best = max(duty.specificity for duty in matching)
    return [duty for duty in matching if duty.specificity == best]


def duty_statuses(
    *, organization_ids: Any, year: int, month: int, today: dt.date | None = None
) -> list[DutyStatus]:
    """For every leader (a membership matching a duty) of the organisations, the reception
    days held and planned per period of the month against the legal minimum. Three queries."""
    today = today or timezone.localdate()
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    duties = list(
        ReceptionDuty.objects.filter(is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
    )
    if not duties:
        return []
    roles = {duty.membership_role for duty in duties}
    memberships = list(
        Membership.objects.filter(
            organization_id__in=list(organization_ids), role__in=roles, is_active=True
        )
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .filter(Q(organization__valid_to__isnull=True) | Q(organization__valid_to__gte=first))
        .select_related("user", "organization")
        .order_by("organization__name", "user__full_name", "pk")
    )
    pairs = [(m, duty) for m in memberships for duty in _applicable(duties, m)]
    if not pairs:
        return []
    weeks = month_weeks(year, month)
    span_start = min(first, weeks[0][0]) if weeks else first
    span_end = max(last, weeks[-1][1]) if weeks else last
    days: dict[tuple[int, int], dict[dt.date, str]] = defaultdict(dict)
    sessions = ReceptionSession.objects.filter(
        organization_id__in={m.organization_id for m, _d in pairs},
        receiver_id__in={m.user_id for m, _d in pairs},
        date__range=(span_start, span_end),
        status__in=[ReceptionSession.Status.HELD, ReceptionSession.Status.PLANNED],
    ).values_list("organization_id", "receiver_id", "date", "status")
    for org_id, user_id, date, status in sessions:
        known = days[(org_id, user_id)]
        if known.get(date) != ReceptionSession.Status.HELD:
            known[date] = status
    statuses = []
    for membership, duty in pairs:
        dates = days.get((membership.organization_id, membership.user_id), {})
        ranges = weeks if duty.period == ReceptionDuty.Period.WEEK else [(first, last)]
        periods = []
        for start, end in ranges:
            inside = [status for date, status in dates.items() if start <= date <= end]
            periods.append(
                Period(
                    start=start,
                    end=end,
                    held_days=sum(1 for s in inside if s == ReceptionSession.Status.HELD),
                    scheduled_days=len(inside),
                )
            )
        statuses.append(
            DutyStatus(
                membership=membership,
                duty=duty,
                year=year,
                month=month,
                periods=periods,
                today=today,
            )
        )
    return statuses


def duty_warnings(
    *, organization_ids: Any, year: int, month: int, today: dt.date | None = None
) -> list[DutyStatus]:
    """The leaders below their legal minimum in the month, each with a Vietnamese `message`
    ("… 2/4 tuần có tiếp công dân trong tháng 11/2026 — dưới mức tối thiểu 1 ngày/tuần")."""
    return [
        status
        for status in duty_statuses(
            organization_ids=organization_ids, year=year, month=month, today=today
        )
        if status.below_minimum
    ]
