"""Handing over the land (bàn giao mặt bằng) in a land-recovery programme: the last step of a
household's file, once it has been paid in full (shared/LEGAL-RULES.md, land recovery:
payment, then recovery, then persuasion to hand over the land)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record
from danvan.compensation.models import CompensationProgram, Household, HouseholdStatus
from danvan.core.errors import InvalidTransition, ValidationFailed


@transaction.atomic
def household_hand_over(
    *, actor: Any, household: Household, on: dt.date, note: str = ""
) -> Household:
    household = Household.objects.select_for_update().select_related("program").get(pk=household.pk)
    if household.program.kind != CompensationProgram.Kind.LAND_RECOVERY:
        raise InvalidTransition(
            _("Chỉ chương trình thu hồi đất mới có bước bàn giao mặt bằng."),
            code="not_land_recovery",
        )
    if household.status != HouseholdStatus.PAID:
        raise InvalidTransition(
            _("Hộ chỉ bàn giao mặt bằng sau khi đã nhận đủ tiền bồi thường, hỗ trợ."),
            code="invalid_transition",
        )
    if household.handed_over_on is not None:
        raise InvalidTransition(_("Hộ đã bàn giao mặt bằng."), code="already_handed_over")
    last_paid = household.payments.aggregate(last=Max("paid_on"))["last"]
    if on > timezone.localdate() or (last_paid and on < last_paid):
        raise ValidationFailed(
            _("Ngày bàn giao phải sau lần chi trả cuối và không ở tương lai."),
            code="invalid_date",
            field="on",
        )
    household.handed_over_on = on
    household.save(update_fields=["handed_over_on", "updated_at"])
    audit_record(
        actor=actor,
        action="compensation.household_hand_over",
        target=household,
        before={"handed_over_on": None},
        after={"handed_over_on": on.isoformat()},
        note=note,
    )
    return household
