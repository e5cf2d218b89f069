"""Writes on mobilisation (vận động): tasks assigned to officers and mass-organisation members
for households behind in the pipeline (danvan.compensation.behind), the visits they make,
and the household's concerns turned into a petition.

Who may be assigned or go on a visit: a user with an active membership in an organisation
whose jurisdiction covers the household's commune (the commune itself or a unit above it),
or in a mass organisation or the Fatherland Front of that area (its jurisdiction lies within
the commune: a village branch). Each service is atomic and records audit events on the
household (fields prefixed `task.` or `visit.`), so they show in the household's trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.audit.services import audit_record, snapshot
from danvan.compensation import behind
from danvan.compensation.models import (
    CompensationProgram,
    Household,
    MobilizationTask,
    MobilizationVisit,
)
from danvan.compensation.rates import is_storable_text
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.organizations.models import Membership, Organization
from danvan.organizations.selectors import active_memberships
from danvan.petitions.models import Channel, Kind, Petition
from danvan.petitions.services import PetitionerInput, petition_register
from danvan.places.models import AdminUnit
from danvan.places.selectors import current_successors, unit_ids_within

TASK_FIELDS = ("reason", "assignee", "organization", "due_on", "status", "closed_on", "note")
VISIT_FIELDS = (
    "task",
    "visited_on",
    "outcome",
    "other_visitors",
    "concerns",
    "next_step",
    "next_visit_on",
    "petition",
)
AREA_KINDS = (Organization.Kind.MASS_ORGANIZATION, Organization.Kind.FATHERLAND_FRONT)
EARLIEST_DATE = dt.date(1990, 1, 1)
MAX_TEXT = 10_000
Status = MobilizationTask.Status


# ---------------------------------------------------------------- who works where


def _ancestor_ids(unit: AdminUnit) -> list[int]:
    """The unit and the units above it, from its materialised path ("/1/7/42/")."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part.isdigit()]
    return ids or [unit.pk]


def covering_q(unit: AdminUnit, prefix: str = "") -> Q:
    """Organisations (fields under `prefix`) whose jurisdiction covers `unit`, or mass
    organisations of that area."""
    return Q(**{f"{prefix}jurisdiction__in": _ancestor_ids(unit)}) | Q(
        **{
            f"{prefix}kind__in": list(AREA_KINDS),
            f"{prefix}jurisdiction__path__startswith": unit.path,
        }
    )


def organizations_covering(*units: AdminUnit) -> QuerySet[Organization]:
    """Active organisations that cover any of `units` — for a former commune (a 2016
    household of Xã Kỳ Lợi), those of the wards that succeeded it."""
    condition = Q(pk__in=[])
    for unit in units:
        for covered in [unit, *(current_successors(unit) if unit.valid_to else [])]:
            condition |= covering_q(covered)
    today = timezone.localdate()
    ids = Organization.objects.active_on(today).filter(condition).values("pk")
    return Organization.objects.filter(pk__in=ids).order_by("level", "name")


def eligible_users(*units: AdminUnit) -> QuerySet[User]:
    """Users who may be assigned to, or visit, a household of any of `units`."""
    today = timezone.localdate()
    memberships = Membership.objects.active(today).filter(
        organization__in=organizations_covering(*units).values("pk")
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by(
        "full_name", "username"
    )


def households_changeable_by(user: Any, queryset: QuerySet[Household]) -> QuerySet[Household]:
    """The households of `queryset` the user may change (the rule of permissions.can_change,
    in one condition): their programme's organisation, or their commune itself."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    organization_ids = [m.organization_id for m in active_memberships(user)]
    communes = AdminUnit.objects.filter(
        organizations__in=organization_ids, level=AdminUnit.Level.COMMUNE
    )
    units = unit_ids_within(communes, levels=(AdminUnit.Level.COMMUNE,)) if communes else set()
    return queryset.filter(Q(organization_id__in=organization_ids) | Q(admin_unit__in=units))


def _check_assignee(household: Household, assignee: Any) -> None:
    if not eligible_users(household.admin_unit).filter(pk=assignee.pk).exists():
        raise ValidationFailed(
            _("Người được giao phải công tác tại cơ quan, đoàn thể phụ trách địa bàn %(unit)s.")
            % {"unit": household.admin_unit.name},
            code="assignee_outside_area",
            field="assignee",
        )


def _check_organization(household: Household, organization: Organization) -> None:
    if not organizations_covering(household.admin_unit).filter(pk=organization.pk).exists():
        raise ValidationFailed(
            _("Tổ chức được giao không phụ trách địa bàn %(unit)s.")
            % {"unit": household.admin_unit.name},
            code="organization_outside_area",
            field="organization",
        )


# ---------------------------------------------------------------- helpers


def _check_date(on: dt.date, *, field: str, not_before: dt.date | None = None) -> None:
    if on > timezone.localdate():
        raise ValidationFailed(
            _("Ngày không được ở tương lai."), code="date_in_future", field=field
        )
    if on < EARLIEST_DATE:
        raise ValidationFailed(_("Ngày quá xa trong quá khứ."), code="date_too_early", field=field)
    if not_before and on < not_before:
        raise ValidationFailed(
            _("Ngày không được trước ngày %(date)s.") % {"date": not_before.strftime("%d/%m/%Y")},
            code="date_before_previous_step",
            field=field,
        )


def _text(value: str, field: str, *, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed(
            _("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": limit},
            code="too_long",
            field=field,
        )
    if not is_storable_text(value):
        raise ValidationFailed(
            _("Nội dung có ký tự không hợp lệ."), code="invalid_text", field=field
        )
    return value


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock_household(household: Household) -> None:
    list(Household.objects.select_for_update().filter(pk=household.pk).values_list("pk"))


def _task_snapshot(task: MobilizationTask) -> dict[str, Any]:
    values = snapshot(task, TASK_FIELDS)
    return {"task.public_id": task.public_id, **{f"task.{k}": v for k, v in values.items()}}


def _visit_snapshot(visit: MobilizationVisit, visitors: Iterable[Any]) -> dict[str, Any]:
    values = snapshot(visit, VISIT_FIELDS)
    return {
        "visit.public_id": visit.public_id,
        **{f"visit.{k}": v for k, v in values.items()},
        "visit.visitors": sorted(user.username for user in visitors),
    }


def _check_program_active(program: CompensationProgram) -> None:
    if program.status != CompensationProgram.Status.ACTIVE:
        raise InvalidTransition(
            _("Chương trình không ở trạng thái đang thực hiện; không thể giao nhiệm vụ."),
            code="program_not_active",
        )


def _check_task_input(
    household: Household,
    *,
    reason: str,
    assignee: Any,
    organization: Organization | None,
    due_on: dt.date | None,
) -> None:
    if reason not in behind.REASONS:
        raise ValidationFailed(_("Lý do vận động không hợp lệ."), code="invalid", field="reason")
    if assignee is None and organization is None:
        raise ValidationFailed(
            _("Hãy giao cho một người hoặc một tổ chức."),
            code="assignee_required",
            field="assignee",
        )
    if assignee is not None:
        _check_assignee(household, assignee)
    if organization is not None:
        _check_organization(household, organization)
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationFailed(
            _("Hạn không được trước ngày hôm nay."), code="due_in_past", field="due_on"
        )


def _create_task(
    *,
    actor: Any,
    household: Household,
    reason: str,
    assignee: Any,
    organization: Organization | None,
    due_on: dt.date | None,
    note: str,
    audit_note: str = "",
) -> MobilizationTask:
    task = MobilizationTask.objects.create(
        household=household,
        reason=reason,
        assignee=assignee,
        organization=organization,
        due_on=due_on,
        note=note,
        created_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="compensation.task_assign",
        target=household,
        after=_task_snapshot(task),
        note=audit_note,
    )
    return task


# ---------------------------------------------------------------- tasks


@transaction.atomic
def task_assign(
    *,
    actor: Any,
    household: Household,
    reason: str,
    assignee: Any = None,
    organization: Organization | None = None,
    due_on: dt.date | None = None,
    note: str = "",
) -> MobilizationTask:
    """Assign one household to an officer or a mass-organisation member (or to an
    organisation). One open task per household and reason."""
    _lock_household(household)
    _check_program_active(household.program)
    _check_task_input(
        household, reason=reason, assignee=assignee, organization=organization, due_on=due_on
    )
    note = _text(note, "note")
    if household.mobilization_tasks.filter(reason=reason, status=Status.OPEN).exists():
        raise ValidationFailed(
            _("Hộ này đã có một nhiệm vụ vận động đang mở với cùng lý do."),
            code="duplicate_task",
            field="reason",
        )
    return _create_task(
        actor=actor,
        household=household,
        reason=reason,
        assignee=assignee,
        organization=organization,
        due_on=due_on,
        note=note,
    )


@transaction.atomic
def tasks_generate(
    *,
    actor: Any,
    program: CompensationProgram,
    reasons: Sequence[str],
    admin_unit: AdminUnit | None = None,
    village: str = "",
    assignee: Any = None,
    organization: Organization | None = None,
    due_on: dt.date | None = None,
) -> int:
    """One task per household behind for each of `reasons` that has no open task for that
    reason (among the households the actor may change). Returns how many were created;
    one audit event per task. Any household outside the assignee's area refuses the whole
    batch (nothing is saved)."""
    _check_program_active(program)
    reasons = list(dict.fromkeys(reasons))
    if not reasons or any(reason not in behind.REASONS for reason in reasons):
        raise ValidationFailed(_("Hãy chọn lý do vận động."), code="invalid", field="reasons")
    if assignee is None and organization is None:
        raise ValidationFailed(
            _("Hãy giao cho một người hoặc một tổ chức."),
            code="assignee_required",
            field="assignee",
        )
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationFailed(
            _("Hạn không được trước ngày hôm nay."), code="due_in_past", field="due_on"
        )
    households = Household.objects.filter(program=program)
    if _user(actor) is not None:
        households = households_changeable_by(actor, households)
    if admin_unit is not None:
        households = households.filter(admin_unit=admin_unit)
    if village:
        households = households.filter(village=village)
    checked_units: set[int] = set()
    created = 0
    note = _("Giao hàng loạt từ danh sách hộ chậm tiến độ.")
    for reason in reasons:
        pending = (
            behind.with_behind_data(households)
            .filter(behind.reason_q(reason))
            .exclude(behind.open_task_exists(reason))
            .select_related("admin_unit")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        for household in pending:
            if household.admin_unit_id not in checked_units:
                _check_task_input(
                    household,
                    reason=reason,
                    assignee=assignee,
                    organization=organization,
                    due_on=due_on,
                )
                checked_units.add(household.admin_unit_id)
            _create_task(
                actor=actor,
                household=household,
                reason=reason,
                assignee=assignee,
                organization=organization,
                due_on=due_on,
                note="",
                audit_note=note,
            )
            created += 1
    return created


@transaction.atomic
def task_close(
    *, actor: Any, task: MobilizationTask, on: dt.date, status: str, note: str = ""
) -> MobilizationTask:
    """Close an open task as done or cancelled."""
    _lock_household(task.household)
    task.refresh_from_db()
    if task.status != Status.OPEN:
        raise InvalidTransition(_("Nhiệm vụ này đã kết thúc."), code="task_closed")
    if status not in (Status.DONE, Status.CANCELLED):
        raise ValidationFailed(
            _("Trạng thái kết thúc phải là hoàn thành hoặc hủy."), code="invalid", field="status"
        )
    _check_date(on, field="on", not_before=timezone.localdate(task.created_at))
    note = _text(note, "note")
    before = _task_snapshot(task)
    task.status = status
    task.closed_on = on
    if note:
        task.note = f"{task.note}\n{note}".strip()
    task.save(update_fields=["status", "closed_on", "note", "updated_at"])
    audit_record(
        actor=actor,
        action="compensation.task_close",
        target=task.household,
        before=before,
        after=_task_snapshot(task),
        note=note,
    )
    return task


# ---------------------------------------------------------------- visits


@transaction.atomic
def visit_record(
    *,
    actor: Any,
    household: Household,
    visited_on: dt.date,
    outcome: str,
    visitors: Sequence[Any] = (),
    task: MobilizationTask | None = None,
    other_visitors: str = "",
    concerns: str = "",
    next_step: str = "",
    next_visit_on: dt.date | None = None,
) -> MobilizationVisit:
    """Record one visit. A visit where the household has done what was asked (`completed`)
    closes its task as done."""
    _lock_household(household)
    _check_date(visited_on, field="visited_on")
    if outcome not in MobilizationVisit.Outcome.values:
        raise ValidationFailed(_("Kết quả không hợp lệ."), code="invalid", field="outcome")
    if next_visit_on is not None and next_visit_on <= visited_on:
        raise ValidationFailed(
            _("Ngày hẹn lần sau phải sau ngày đến."),
            code="next_visit_not_after",
            field="next_visit_on",
        )
    other_visitors = _text(other_visitors, "other_visitors", limit=255)
    concerns = _text(concerns, "concerns")
    next_step = _text(next_step, "next_step")
    people = list({user.pk: user for user in visitors}.values())
    if not people and not other_visitors:
        raise ValidationFailed(
            _("Hãy ghi người đi vận động."), code="visitors_required", field="visitors"
        )
    allowed = set(
        eligible_users(household.admin_unit)
        .filter(pk__in=[user.pk for user in people])
        .values_list("pk", flat=True)
    )
    outside = [user for user in people if user.pk not in allowed]
    if outside:
        raise ValidationFailed(
            _("%(name)s không công tác tại cơ quan, đoàn thể phụ trách địa bàn của hộ.")
            % {"name": outside[0].get_full_name()},
            code="visitor_outside_area",
            field="visitors",
        )
    if task is not None:
        task.refresh_from_db()
        if task.household_id != household.pk:
            raise ValidationFailed(
                _("Nhiệm vụ không thuộc hộ này."), code="task_of_other_household", field="task"
            )
        if task.status != Status.OPEN:
            raise InvalidTransition(_("Nhiệm vụ này đã kết thúc."), code="task_closed")
    visit = MobilizationVisit.objects.create(
        household=household,
        task=task,
        visited_on=visited_on,
        other_visitors=other_visitors,
        outcome=outcome,
        concerns=concerns,
        next_step=next_step,
        next_visit_on=next_visit_on,
        recorded_by=_user(actor),
    )
    visit.visitors.set(people)
    audit_record(
        actor=actor,
        action="compensation.visit_record",
        target=household,
        after=_visit_snapshot(visit, people),
    )
    if task is not None and outcome == MobilizationVisit.Outcome.COMPLETED:
        before = _task_snapshot(task)
        task.status = Status.DONE
        task.closed_on = visited_on
        task.save(update_fields=["status", "closed_on", "updated_at"])
        audit_record(
            actor=actor,
            action="compensation.task_close",
            target=household,
            before=before,
            after=_task_snapshot(task),
            note=_("Hộ đã thực hiện (lần vận động ngày %(day)s).")
            % {"day": visited_on.strftime("%d/%m/%Y")},
        )
    return visit


def _petition_organization(actor: Any, household: Household) -> Organization:
    program = household.program
    if program.organization_id:
        return program.organization  # type: ignore[return-value]
    memberships = active_memberships(actor) if _user(actor) else []
    covering = set(organizations_covering(household.admin_unit).values_list("pk", flat=True))
    for membership in memberships:
        if membership.organization_id in covering:
            return membership.organization
    if memberships:
        return memberships[0].organization
    raise ValidationFailed(
        _("Chương trình chưa có cơ quan chủ trì; không xác định được cơ quan vào sổ đơn."),
        code="no_organization",
        field="organization",
    )


@transaction.atomic
def visit_concern_to_petition(
    *, actor: Any, visit: MobilizationVisit, on: dt.date, content: str | None = None
) -> Petition:
    """Register the household's concerns raised at a visit as a recommendation (kiến nghị)
    in the petition register, the household head as petitioner, and link it to the visit."""
    list(MobilizationVisit.objects.select_for_update().filter(pk=visit.pk).values_list("pk"))
    visit.refresh_from_db()
    if visit.petition_id is not None:
        raise InvalidTransition(
            _("Kiến nghị của lần vận động này đã được vào sổ đơn thư."),
            code="already_registered",
        )
    household = Household.objects.select_related("program__organization", "admin_unit").get(
        pk=visit.household_id
    )
    _check_date(on, field="on", not_before=visit.visited_on)
    text = (content if content is not None else visit.concerns) or ""
    if not text.strip():
        raise ValidationFailed(
            _("Lần vận động này không ghi băn khoăn, kiến nghị nào của hộ."),
            code="no_concerns",
            field="content",
        )
    address = ", ".join(
        part for part in (household.address, household.village, household.admin_unit.name) if part
    )
    petition = petition_register(
        actor=actor,
        organization=_petition_organization(actor, household),
        kind=Kind.RECOMMENDATION,
        channel=Channel.IN_PERSON,
        received_on=on,
        content=text,
        admin_unit=household.admin_unit,
        petitioners=[
            PetitionerInput(
                full_name=household.head_full_name,
                address=address[:255],
                id_number=household.id_number,
            )
        ],
    )
    visit.petition = petition
    visit.save(update_fields=["petition", "updated_at"])
    audit_record(
        actor=actor,
        action="compensation.visit_petition",
        target=household,
        before={"visit.petition": None},
        after={"visit.petition": petition.register_label},
        note=_("Lần vận động ngày %(day)s (%(id)s).")
        % {"day": visit.visited_on.strftime("%d/%m/%Y"), "id": visit.public_id},
    )
    return petition
