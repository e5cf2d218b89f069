"""A household's disagreement with its posted line (ý kiến không đồng ý), kept as an
`Objection` and registered as a petition so the petitions case file handles it.

Which kind of petition: a complaint (khiếu nại, Law on Complaints 02/2011/QH13 Art. 2) is
lodged against an administrative decision or act. The posted list is a draft put up for the
residents' comments before any decision is taken, so a household disagreeing with its line
is making a recommendation (kiến nghị, Law on Citizen Reception 42/2013/QH13 Art. 2(2)): it
asks the authority to review the count or the amount. Once the plan is approved, a household
that still disagrees complains against the approval decision; that complaint is registered
in the petitions screens, not here.

The household (posted) becomes `objecting`; it is posted again when its last open objection
is resolved. An objecting household may raise another point; it stays objecting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.audit.services import audit_record, snapshot
from danvan.compensation import rates as pricing
from danvan.compensation import services, workflow
from danvan.compensation.models import Household, HouseholdStatus, Objection
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.petitions.models import Channel, Kind, Petition
from danvan.petitions.services import PetitionerInput, petition_register

OBJECTION_FIELDS = ("household", "raised_on", "content", "petition", "resolved_on", "resolution")
PETITION_KIND = Kind.RECOMMENDATION
MAX_CONTENT = 10_000


def _clean_text(value: str, field: str, message: str) -> str:
    text = services._required(value, field, message)
    if len(text) > MAX_CONTENT or not pricing.is_storable_text(text):
        raise ValidationFailed(
            _("Nội dung quá dài (tối đa %(n)d ký tự) hoặc có ký tự không hợp lệ.")
            % {"n": MAX_CONTENT},
            code="invalid",
            field=field,
        )
    return text


def _register_petition(
    *, actor: Any, household: Household, on: dt.date, content: str, channel: str
) -> Petition:
    """The objection as a recommendation to the programme's organisation, in the household's
    ward, with the head of household as petitioner."""
    program = household.program
    organization = program.organization or household.organization
    if organization is None:
        raise ValidationFailed(
            _("Chương trình chưa có cơ quan chủ trì; chưa thể vào sổ đơn thư."),
            code="program_without_organization",
            field="register_petition",
        )
    text = _(
        "%(program)s — hộ %(head)s (mã hồ sơ %(code)s) không đồng ý với kết quả niêm yết: "
        "%(content)s"
    ) % {
        "program": program.name,
        "head": household.head_full_name,
        "code": household.public_id,
        "content": content,
    }
    title = _("Ý kiến về kết quả niêm yết bồi thường, hỗ trợ — hộ %(head)s") % {
        "head": household.head_full_name
    }
    return petition_register(
        actor=actor,
        organization=organization,
        kind=PETITION_KIND,
        channel=channel,
        received_on=on,
        content=text,
        title=title,
        admin_unit=household.admin_unit,
        petitioners=[
            PetitionerInput(
                full_name=household.head_full_name,
                address=household.address or household.village,
                id_number=household.id_number,
            )
        ],
    )


@transaction.atomic
def objection_raise(
    *,
    actor: Any,
    household: Household,
    on: dt.date,
    content: str,
    register_petition: bool = True,
    channel: str = Channel.IN_PERSON,
) -> Objection:
    """Record an objection to the posted line (posted → objecting) and, by default, register
    it as a petition linked to the objection. `channel`: how it reached the office (in
    person at the posting place, by post, at a dialogue…)."""
    household = services._locked(household)
    if household.status != HouseholdStatus.OBJECTING:
        workflow.check(household, "object")
    content = _clean_text(content, "content", _("Hãy ghi nội dung ý kiến không đồng ý."))
    services._check_date(on)
    if household.posted_on and on < household.posted_on:
        raise ValidationFailed(
            _("Ngày nêu ý kiến không được trước ngày niêm yết (%(date)s).")
            % {"date": household.posted_on.strftime("%d/%m/%Y")},
            code="date_before_previous_step",
            field="on",
        )
    if channel not in Channel.values:
        raise ValidationFailed(
            _("Nguồn tiếp nhận không hợp lệ."), code="invalid_channel", field="channel"
        )
    petition = None
    if register_petition:
        petition = _register_petition(
            actor=actor, household=household, on=on, content=content, channel=channel
        )
    objection = Objection.objects.create(
        household=household, raised_on=on, content=content, petition=petition
    )
    audit_record(
        actor=actor,
        action="compensation.objection_raise",
        target=objection,
        after=snapshot(objection, OBJECTION_FIELDS),
    )
    if household.status == HouseholdStatus.POSTED:
        services._step(actor=actor, household=household, action="object", on=on, note=content)
    return objection


@transaction.atomic
def objection_resolve(
    *, actor: Any, objection: Objection, on: dt.date, resolution: str
) -> Objection:
    """Record how the objection was resolved; the household is posted again once none of
    its objections is open."""
    household = services._locked(objection.household)
    objection.refresh_from_db()
    if objection.resolved_on is not None:
        raise InvalidTransition(
            _("Ý kiến này đã được giải quyết ngày %(date)s.")
            % {"date": objection.resolved_on.strftime("%d/%m/%Y")},
            code="already_resolved",
        )
    resolution = _clean_text(resolution, "resolution", _("Hãy ghi kết quả giải quyết ý kiến."))
    services._check_date(on)
    if on < objection.raised_on:
        raise ValidationFailed(
            _("Ngày giải quyết không được trước ngày nêu ý kiến (%(date)s).")
            % {"date": objection.raised_on.strftime("%d/%m/%Y")},
            code="date_before_previous_step",
            field="on",
        )
    before = snapshot(objection, OBJECTION_FIELDS)
    objection.resolved_on = on
    objection.resolution = resolution
    objection.save(update_fields=["resolved_on", "resolution", "updated_at"])
    audit_record(
        actor=actor,
        action="compensation.objection_resolve",
        target=objection,
        before=before,
        after=snapshot(objection, OBJECTION_FIELDS),
    )
    still_open = household.objections.filter(resolved_on__isnull=True).exists()
    if household.status == HouseholdStatus.OBJECTING and not still_open:
        services._step(actor=actor, household=household, action="resolve", on=on, note=resolution)
    return objection
