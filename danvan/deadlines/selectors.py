"""Reads of the legal rule table and the calendar overrides."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed
from danvan.core.text import fold
from danvan.deadlines.models import CalendarDay, LegalRule


def _any_or(field: str, value: object) -> Q:
    """Rows whose `field` is the wildcard (null) or equals `value`."""
    return Q(**{f"{field}__isnull": True}) | Q(**{field: value})


def rule_candidates(
    *,
    step: str,
    kind: str = "",
    round: int | None = None,
    complex: bool = False,
    especially_complex: bool = False,
    remote_area: bool = False,
    authority: str = "",
    on: dt.date | None = None,
) -> QuerySet[LegalRule]:
    """Active rules in force on `on` whose conditions all accept the given petition."""
    day = on or timezone.localdate()
    complex = complex or especially_complex
    queryset = LegalRule.objects.active().valid_on(day).filter(step=step)
    queryset = queryset.filter(Q(kind="") | Q(kind=kind))
    queryset = queryset.filter(Q(authority="") | Q(authority=authority))
    by_round = (Q(round__isnull=True) | Q(round=round)) if round else Q(round__isnull=True)
    queryset = queryset.filter(by_round)
    return queryset.filter(
        _any_or("complex", complex),
        _any_or("especially_complex", especially_complex),
        _any_or("remote_area", remote_area),
    )


def rule_for(
    *,
    step: str,
    kind: str = "",
    round: int | None = None,
    complex: bool = False,
    remote_area: bool = False,
    especially_complex: bool = False,
    authority: str = "",
    on: dt.date | None = None,
) -> LegalRule:
    """The most specific active rule for this step and petition, in force on `on` (today).

    Ties go to the rule that came into force last, then to the code in alphabetical order.
    """
    candidates = list(
        rule_candidates(
            step=step,
            kind=kind,
            round=round,
            complex=complex,
            especially_complex=especially_complex,
            remote_area=remote_area,
            authority=authority,
            on=on,
        )
    )
    if not candidates:
        raise ValidationFailed(
            _("Chưa có quy định thời hạn cho bước “%(step)s” của loại đơn này.")
            % {"step": LegalRule.Step(step).label if step in LegalRule.Step.values else step},
            code="no_legal_rule",
        )
    candidates.sort(key=lambda rule: rule.code)
    candidates.sort(key=lambda rule: rule.valid_from or dt.date.min, reverse=True)
    candidates.sort(key=lambda rule: rule.specificity, reverse=True)
    return candidates[0]


def _searchable(rule: LegalRule) -> str:
    return fold(f"{rule.code} | {rule.source} | {rule.title}")


def legal_rule_list(
    *, kind: str = "", step: str = "", query: str = "", active_only: bool = False
) -> list[LegalRule]:
    """Rules filtered by kind and step; `query` matches code or source, ignoring accents."""
    queryset = LegalRule.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    if step:
        queryset = queryset.filter(step=step)
    if active_only:
        queryset = queryset.active()
    rules = list(queryset.order_by("step", "kind", "code"))
    needle = fold(query)
    if needle:
        rules = [rule for rule in rules if needle in _searchable(rule)]
    return rules


def legal_rule_get(*, code: str) -> LegalRule | None:
    return LegalRule.objects.filter(code=code).first()


def calendar_days_in_year(*, year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")
