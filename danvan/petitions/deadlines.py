"""Which legal steps apply to a petition so far, and their deadlines.

Every period comes from the rule table (danvan.deadlines) and is counted by the one deadline
function, `compute_due_date`, with the case's pauses and extensions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from danvan.deadlines.calendar import add_working_days
from danvan.deadlines.computation import Pause as ClockPause
from danvan.deadlines.computation import compute_due_date
from danvan.deadlines.models import LegalRule
from danvan.deadlines.selectors import rule_for
from danvan.petitions.models import Extension, Kind, Pause, Petition, PetitionDeadline, Status

CLOSING_STATUSES = {
    Status.GUIDED,
    Status.RETURNED,
    Status.ARCHIVED,
    Status.SPLIT,
    Status.DUPLICATE,
}


@dataclass(frozen=True)
class StepPlan:
    step: str
    starts_on: dt.date
    met_on: dt.date | None


def _forwarded_on(petition: Petition) -> dt.date | None:
    forwardings = list(petition.forwardings.all())
    return forwardings[0].forwarded_on if forwardings else None


_READ = object()


def applicable_steps(petition: Petition, forwarded_on: object = _READ) -> list[StepPlan]:
    """The legal steps that apply to the case so far, with when each starts and was met.
    `forwarded_on` (a date or None) saves reading the case's forwardings when known."""
    received = petition.received_on
    handled = petition.handled_on
    if forwarded_on is _READ:
        forwarded_on = _forwarded_on(petition)
    assert forwarded_on is None or isinstance(forwarded_on, dt.date)
    outside_competence = petition.within_competence is False or forwarded_on is not None
    plans: list[StepPlan] = []
    if petition.kind == Kind.COMPLAINT:
        plans.append(StepPlan("accept", received, handled))
    elif petition.kind == Kind.DENUNCIATION:
        plans.append(StepPlan("classify", received, handled))
        if outside_competence:
            plans.append(StepPlan("forward", received, forwarded_on))
    elif petition.kind in (Kind.RECOMMENDATION, Kind.FEEDBACK):
        if outside_competence:
            plans.append(StepPlan("forward", received, forwarded_on))
        else:
            plans.append(StepPlan("reply", received, petition.replied_on))
    if petition.accepted_on and petition.kind in (Kind.COMPLAINT, Kind.DENUNCIATION):
        if petition.kind == Kind.DENUNCIATION:
            plans.append(StepPlan("notify", petition.accepted_on, petition.notified_on))
        plans.append(StepPlan("resolve", petition.accepted_on, petition.resolved_on))
    return plans


def _rule(petition: Petition, step: str, on: dt.date) -> LegalRule:
    return rule_for(
        step=step,
        kind=petition.kind,
        round=petition.round,
        complex=petition.complex,
        especially_complex=petition.especially_complex,
        remote_area=petition.remote_area,
        on=on,
    )


def compute(
    petition: Petition,
    *,
    pauses: Iterable[Pause],
    extensions: Iterable[Extension],
    forwarded_on: object = _READ,
) -> list[PetitionDeadline]:
    """Unsaved deadline rows for the case as it stands."""
    pauses = list(pauses)
    extensions = list(extensions)
    rows = []
    # A file closed without answering (guided, returned, archived, split, duplicate) stops
    # every clock on the day it closed.
    closed_on = petition.closed_on if petition.status in CLOSING_STATUSES else None
    for plan in applicable_steps(petition, forwarded_on):
        rule = _rule(petition, plan.step, plan.starts_on)
        clock_pauses = [
            ClockPause(start=p.started_on, end=p.ended_on, reason=p.reason)
            for p in pauses
            if p.started_on >= plan.starts_on
            and (plan.met_on is None or p.started_on <= plan.met_on)
        ]
        days = [e.days for e in extensions if e.step == plan.step]
        due_on = compute_due_date(
            rule=rule, start=plan.starts_on, pauses=clock_pauses, extensions=days
        )
        rows.append(
            PetitionDeadline(
                petition=petition,
                step=plan.step,
                rule=rule,
                starts_on=plan.starts_on,
                due_on=due_on,
                met_on=plan.met_on or closed_on,
            )
        )
    return rows


def refresh(petition: Petition) -> list[PetitionDeadline]:
    """Recompute and store the case's deadlines (called by every service that changes it)."""
    rows = compute(petition, pauses=petition.pauses.all(), extensions=petition.extensions.all())
    PetitionDeadline.objects.filter(petition=petition).delete()
    PetitionDeadline.objects.bulk_create(rows)
    return rows


def create_first(petition: Petition) -> list[PetitionDeadline]:
    """Store the deadlines of a petition just registered. It cannot have pauses, extensions,
    forwardings or earlier deadline rows yet, so none are read and none deleted."""
    rows = compute(petition, pauses=(), extensions=(), forwarded_on=None)
    PetitionDeadline.objects.bulk_create(rows)
    return rows


DUE_SOON_WORKING_DAYS = 3


def due_soon_limit(today: dt.date | None = None) -> dt.date:
    """The last day that counts as "due soon": three working days from today."""
    return add_working_days(today or timezone.localdate(), DUE_SOON_WORKING_DAYS)


def is_overdue(deadline: PetitionDeadline, today: dt.date | None = None) -> bool:
    """Open past its deadline."""
    today = today or timezone.localdate()
    return deadline.met_on is None and deadline.due_on is not None and today > deadline.due_on


def as_api(deadline: PetitionDeadline, today: dt.date | None = None) -> dict[str, object]:
    return {
        "step": deadline.step,
        "due_on": deadline.due_on.isoformat() if deadline.due_on else None,
        "rule": deadline.rule.code,
        "met_on": deadline.met_on.isoformat() if deadline.met_on else None,
        "overdue": is_overdue(deadline, today),
    }
