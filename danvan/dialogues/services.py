"""Writes on dialogues and voter meetings: planning, holding or cancelling a meeting, its
participants and attendance, the issues raised and their answers, and the commitments made
until they are done or cancelled. Each service is atomic and records one audit event (and
checks the transition tables below: an action not allowed in the current status raises
InvalidTransition, API 409).

Dialogue: planned → hold → held; planned → cancel → cancelled. Participants may be added and
attendance recorded while planned or held. Issues, answers and commitments belong to the
minutes of a held meeting.
Commitment: open → complete (with evidence) → done; open → cancel (with a reason) → cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.audit.services import audit_record, snapshot
from danvan.compensation.models import CompensationProgram, Household
from danvan.compensation.rates import is_storable_text
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.dialogues.models import (
    Commitment,
    CommitmentStatus,
    Dialogue,
    DialogueIssue,
    DialogueKind,
    DialogueParticipant,
    DialogueStatus,
    ParticipantRole,
)
from danvan.organizations.models import Organization
from danvan.petitions.models import Channel, Kind, Petition
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

DIALOGUE_FIELDS = (
    "kind",
    "title",
    "program",
    "organization",
    "admin_unit",
    "chair",
    "chair_name",
    "held_on",
    "place",
    "status",
    "summary",
    "cancel_reason",
    "published",
)
PARTICIPANT_FIELDS = ("full_name", "household", "role", "invited", "attended")
ISSUE_FIELDS = ("position", "text", "raised_by", "petition", "answer", "answered_by")
COMMITMENT_FIELDS = (
    "text",
    "issue",
    "owner_organization",
    "owner_user",
    "due_on",
    "status",
    "completed_on",
    "evidence",
    "cancel_reason",
)
EARLIEST_DATE = dt.date(1990, 1, 1)
MAX_TEXT = 10_000

D = DialogueStatus
C = CommitmentStatus

# Which statuses each action is allowed from.
DIALOGUE_TRANSITIONS: dict[str, frozenset[str]] = {
    "hold": frozenset({D.PLANNED}),
    "cancel": frozenset({D.PLANNED}),
    "add_participant": frozenset({D.PLANNED, D.HELD}),
    "record_attendance": frozenset({D.PLANNED, D.HELD}),
    "add_issue": frozenset({D.HELD}),
    "answer_issue": frozenset({D.HELD}),
    "add_commitment": frozenset({D.HELD}),
    "publish": frozenset({D.HELD}),
}
COMMITMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    "complete": frozenset({C.OPEN}),
    "cancel": frozenset({C.OPEN}),
}
ACTION_LABELS = {
    "hold": gettext_lazy("ghi nhận đã tổ chức"),
    "cancel": gettext_lazy("hủy"),
    "add_participant": gettext_lazy("thêm người tham dự"),
    "record_attendance": gettext_lazy("điểm danh"),
    "add_issue": gettext_lazy("ghi ý kiến"),
    "answer_issue": gettext_lazy("ghi nội dung trả lời"),
    "add_commitment": gettext_lazy("ghi cam kết"),
    "publish": gettext_lazy("công khai kết quả"),
    "complete": gettext_lazy("ghi nhận hoàn thành"),
}


# ---------------------------------------------------------------- helpers


def _label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def check_dialogue(dialogue: Dialogue, action: str) -> None:
    if dialogue.status not in DIALOGUE_TRANSITIONS[action]:
        raise InvalidTransition(
            _("Không thể %(action)s khi cuộc đối thoại ở trạng thái “%(status)s”.")
            % {"action": _label(action), "status": dialogue.get_status_display()},
            code="invalid_transition",
        )


def check_commitment(commitment: Commitment, action: str) -> None:
    if commitment.status not in COMMITMENT_TRANSITIONS[action]:
        raise InvalidTransition(
            _("Không thể %(action)s khi cam kết ở trạng thái “%(status)s”.")
            % {"action": _label(action), "status": commitment.get_status_display()},
            code="invalid_transition",
        )


def _text(value: str, field: str, *, required_message: str | None = None, limit: int = 0) -> str:
    value = (value or "").strip()
    if required_message is not None and not value:
        raise ValidationFailed(required_message, code="required", field=field)
    limit = limit or MAX_TEXT
    if len(value) > limit or not is_storable_text(value):
        raise ValidationFailed(
            _("Nội dung quá dài (tối đa %(n)d ký tự) hoặc có ký tự không hợp lệ.") % {"n": limit},
            code="invalid",
            field=field,
        )
    return value


def _check_date(on: Any, *, field: str, allow_future: bool = False) -> dt.date:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise ValidationFailed(_("Ngày không hợp lệ."), code="invalid_date", field=field)
    if on < EARLIEST_DATE:
        raise ValidationFailed(_("Ngày quá xa trong quá khứ."), code="date_too_early", field=field)
    if not allow_future and on > timezone.localdate():
        raise ValidationFailed(
            _("Ngày không được ở tương lai."), code="date_in_future", field=field
        )
    return on


def _locked_dialogue(dialogue: Dialogue) -> Dialogue:
    list(Dialogue.objects.select_for_update().filter(pk=dialogue.pk).values_list("pk"))
    dialogue.refresh_from_db()
    return dialogue


def _locked_commitment(commitment: Commitment) -> Commitment:
    list(Commitment.objects.select_for_update().filter(pk=commitment.pk).values_list("pk"))
    commitment.refresh_from_db()
    return commitment


def _visible_petitions(actor: Any) -> Any:
    from danvan.petitions.selectors import visible_petitions

    return visible_petitions(actor)


def _check_petitions(actor: Any, petitions: Sequence[Petition]) -> list[Petition]:
    """Only petitions the actor may see can be linked."""
    unique = list({p.pk: p for p in petitions}.values())
    if not unique:
        return []
    visible = set(
        _visible_petitions(actor).filter(pk__in=[p.pk for p in unique]).values_list("pk", flat=True)
    )
    if any(p.pk not in visible for p in unique):
        raise ValidationFailed(
            _("Có đơn thư không tồn tại hoặc ngoài phạm vi của bạn."),
            code="petition_out_of_scope",
            field="petitions",
        )
    return unique


# ---------------------------------------------------------------- dialogues


@transaction.atomic
def dialogue_plan(
    *,
    actor: Any,
    organization: Organization,
    admin_unit: AdminUnit,
    title: str,
    held_on: dt.date,
    kind: str = DialogueKind.DIALOGUE,
    place: str = "",
    chair: Any | None = None,
    chair_name: str = "",
    program: CompensationProgram | None = None,
    petitions: Sequence[Petition] = (),
) -> Dialogue:
    """Plan a dialogue or voter meeting: subject, organiser, ward, date, place, chair."""
    if kind not in DialogueKind.values:
        raise ValidationFailed(
            _("Hình thức không hợp lệ (đối thoại hoặc tiếp xúc cử tri)."),
            code="invalid_kind",
            field="kind",
        )
    title = _text(title, "title", required_message=_("Hãy ghi nội dung đối thoại."), limit=255)
    if admin_unit.level != AdminUnit.Level.COMMUNE:
        raise ValidationFailed(
            _("Địa bàn phải là một xã, phường, thị trấn."), code="invalid_unit", field="admin_unit"
        )
    _check_date(held_on, field="held_on", allow_future=True)
    place = _text(place, "place", limit=255)
    chair_name = _text(chair_name, "chair_name", limit=200)
    if chair is None and not chair_name:
        raise ValidationFailed(
            _("Hãy chọn hoặc ghi người chủ trì."), code="required", field="chair"
        )
    if chair is not None and not chair_name:
        chair_name = (chair.get_full_name() or chair.get_username())[:200]
    linked = _check_petitions(actor, petitions)
    dialogue = Dialogue.objects.create(
        kind=kind,
        title=title,
        program=program,
        organization=organization,
        admin_unit=admin_unit,
        chair=chair,
        chair_name=chair_name,
        held_on=held_on,
        place=place,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if linked:
        dialogue.petitions.add(*linked)
    audit_record(
        actor=actor,
        action="dialogues.plan",
        target=dialogue,
        after={
            **snapshot(dialogue, DIALOGUE_FIELDS),
            "petitions": sorted(p.pk for p in linked),
        },
    )
    return dialogue


@transaction.atomic
def dialogue_petitions_link(
    *, actor: Any, dialogue: Dialogue, petitions: Sequence[Petition]
) -> Dialogue:
    """Link further petitions to a planned or held dialogue."""
    dialogue = _locked_dialogue(dialogue)
    if dialogue.status == D.CANCELLED:
        raise InvalidTransition(_("Cuộc đối thoại đã hủy."), code="invalid_transition")
    linked = _check_petitions(actor, petitions)
    before = sorted(dialogue.petitions.values_list("pk", flat=True))
    dialogue.petitions.add(*linked)
    after = sorted(dialogue.petitions.values_list("pk", flat=True))
    audit_record(
        actor=actor,
        action="dialogues.link_petitions",
        target=dialogue,
        before={"petitions": before},
        after={"petitions": after},
    )
    return dialogue


@transaction.atomic
def dialogue_hold(
    *, actor: Any, dialogue: Dialogue, held_on: dt.date, summary: str = ""
) -> Dialogue:
    """Record that the meeting took place: its actual date and a summary of the outcome."""
    dialogue = _locked_dialogue(dialogue)
    check_dialogue(dialogue, "hold")
    _check_date(held_on, field="held_on")
    summary = _text(summary, "summary")
    before = snapshot(dialogue, DIALOGUE_FIELDS)
    dialogue.held_on = held_on
    dialogue.summary = summary
    dialogue.status = D.HELD
    dialogue.save(update_fields=["held_on", "summary", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="dialogues.hold",
        target=dialogue,
        before=before,
        after=snapshot(dialogue, DIALOGUE_FIELDS),
    )
    return dialogue


@transaction.atomic
def dialogue_cancel(*, actor: Any, dialogue: Dialogue, reason: str) -> Dialogue:
    dialogue = _locked_dialogue(dialogue)
    check_dialogue(dialogue, "cancel")
    reason = _text(reason, "reason", required_message=_("Hãy ghi lý do hủy."))
    before = snapshot(dialogue, DIALOGUE_FIELDS)
    dialogue.status = D.CANCELLED
    dialogue.cancel_reason = reason
    dialogue.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="dialogues.cancel",
        target=dialogue,
        before=before,
        after=snapshot(dialogue, DIALOGUE_FIELDS),
    )
    return dialogue


@transaction.atomic
def dialogue_publish(*, actor: Any, dialogue: Dialogue, published: bool = True) -> Dialogue:
    """Show the outcome of a held meeting on the portal (what was raised, the answers and the
    commitments, never who raised what), or withdraw it. Withdrawing is always allowed."""
    dialogue = _locked_dialogue(dialogue)
    if published:
        check_dialogue(dialogue, "publish")
    if dialogue.published == published:
        return dialogue
    before = snapshot(dialogue, DIALOGUE_FIELDS)
    dialogue.published = published
    dialogue.save(update_fields=["published", "updated_at"])
    audit_record(
        actor=actor,
        action="dialogues.publish" if published else "dialogues.unpublish",
        target=dialogue,
        before=before,
        after=snapshot(dialogue, DIALOGUE_FIELDS),
    )
    return dialogue


# ---------------------------------------------------------------- participants


@transaction.atomic
def participant_add(
    *,
    actor: Any,
    dialogue: Dialogue,
    full_name: str = "",
    role: str = ParticipantRole.RESIDENT,
    household: Household | None = None,
    invited: bool = True,
    attended: bool = False,
) -> DialogueParticipant:
    """Invite a person (a household's head by default) or record someone who came."""
    dialogue = _locked_dialogue(dialogue)
    check_dialogue(dialogue, "add_participant")
    if role not in ParticipantRole.values:
        raise ValidationFailed(
            _("Thành phần tham dự không hợp lệ."), code="invalid_role", field="role"
        )
    if household is not None and not (full_name or "").strip():
        full_name = household.head_full_name
    full_name = _text(
        full_name, "full_name", required_message=_("Hãy ghi họ tên người tham dự."), limit=150
    )
    if attended and dialogue.status != D.HELD and dialogue.held_on > timezone.localdate():
        raise ValidationFailed(
            _("Cuộc đối thoại chưa diễn ra, chưa thể điểm danh."),
            code="not_yet_held",
            field="attended",
        )
    participant = DialogueParticipant.objects.create(
        dialogue=dialogue,
        full_name=full_name,
        role=role,
        household=household,
        invited=bool(invited),
        attended=bool(attended),
    )
    audit_record(
        actor=actor,
        action="dialogues.add_participant",
        target=dialogue,
        after=snapshot(participant, PARTICIPANT_FIELDS),
    )
    return participant


@transaction.atomic
def attendance_record(
    *, actor: Any, participant: DialogueParticipant, attended: bool
) -> DialogueParticipant:
    """Mark a participant present or absent."""
    dialogue = _locked_dialogue(participant.dialogue)
    check_dialogue(dialogue, "record_attendance")
    if dialogue.status != D.HELD and dialogue.held_on > timezone.localdate():
        raise ValidationFailed(
            _("Cuộc đối thoại chưa diễn ra, chưa thể điểm danh."),
            code="not_yet_held",
            field="attended",
        )
    participant.refresh_from_db()
    before = snapshot(participant, PARTICIPANT_FIELDS)
    participant.attended = bool(attended)
    participant.save(update_fields=["attended", "updated_at"])
    audit_record(
        actor=actor,
        action="dialogues.record_attendance",
        target=dialogue,
        before=before,
        after=snapshot(participant, PARTICIPANT_FIELDS),
    )
    return participant


def invitable_households(dialogue: Dialogue) -> QuerySet[Household]:
    """The households of the dialogue's programme in its commune or ward (including those
    filed under the communes it succeeded), not yet among the participants."""
    if dialogue.program_id is None:
        return Household.objects.none()
    return (
        Household.objects.filter(
            program_id=dialogue.program_id,
            admin_unit_id__in=unit_ids_within([dialogue.admin_unit]),
        )
        .exclude(dialogue_participations__dialogue=dialogue)
        .order_by("village", "head_full_name", "pk")
    )


@transaction.atomic
def households_invite(
    *, actor: Any, dialogue: Dialogue, households: Sequence[Household]
) -> list[DialogueParticipant]:
    """Invite the heads of households of the dialogue's programme (those already invited are
    skipped). One audit event lists the households invited."""
    dialogue = _locked_dialogue(dialogue)
    check_dialogue(dialogue, "add_participant")
    if dialogue.program_id is None:
        raise ValidationFailed(
            _("Cuộc đối thoại chưa gắn với chương trình bồi thường, hỗ trợ nào."),
            code="no_program",
            field="households",
        )
    wanted = {h.pk for h in households}
    allowed = list(invitable_households(dialogue).filter(pk__in=wanted))
    already = set(
        dialogue.participants.filter(household_id__in=wanted).values_list("household_id", flat=True)
    )
    if wanted - already - {h.pk for h in allowed}:
        raise ValidationFailed(
            _("Có hộ không thuộc chương trình hoặc địa bàn của cuộc đối thoại."),
            code="household_outside",
            field="households",
        )
    if not allowed:
        return []
    invited = DialogueParticipant.objects.bulk_create(
        [
            DialogueParticipant(
                dialogue=dialogue,
                full_name=h.head_full_name[:150],
                household=h,
                role=ParticipantRole.RESIDENT,
                invited=True,
            )
            for h in allowed
        ]
    )
    audit_record(
        actor=actor,
        action="dialogues.invite_households",
        target=dialogue,
        after={"households": [h.public_id for h in allowed]},
    )
    return invited


@transaction.atomic
def attendance_roll_call(
    *, actor: Any, dialogue: Dialogue, present: Collection[int]
) -> list[DialogueParticipant]:
    """Record the roll call of a meeting: the participants whose ids are in `present` were
    there, the others were not. Only changes are written, each with its audit event."""
    dialogue = _locked_dialogue(dialogue)
    check_dialogue(dialogue, "record_attendance")
    participants = list(dialogue.participants.order_by("pk"))
    known = {p.pk for p in participants}
    if set(present) - known:
        raise ValidationFailed(
            _("Có người không thuộc danh sách tham dự của cuộc đối thoại."),
            code="invalid",
            field="present",
        )
    changed = [p for p in participants if p.attended != (p.pk in present)]
    for participant in changed:
        attendance_record(actor=actor, participant=participant, attended=participant.pk in present)
    return changed


# ---------------------------------------------------------------- issues


@transaction.atomic
def issue_add(
    *,
    actor: Any,
    dialogue: Dialogue,
    text: str,
    raised_by: str = "",
    petition: Petition | None = None,
    create_petition: bool = False,
) -> DialogueIssue:
    """Record an issue raised at a held meeting, linked to an existing petition in the
    actor's scope, or registered as a new petition (`create_petition`)."""
    dialogue = _locked_dialogue(dialogue)
    check_dialogue(dialogue, "add_issue")
    text = _text(text, "text", required_message=_("Hãy ghi nội dung ý kiến."))
    raised_by = _text(raised_by, "raised_by", limit=200)
    if petition is not None and create_petition:
        raise ValidationFailed(
            _("Chọn một đơn thư có sẵn hoặc tạo đơn mới, không làm cả hai."),
            code="invalid",
            field="petition",
        )
    if petition is not None:
        _check_petitions(actor, [petition])
    position = (dialogue.issues.aggregate(m=Max("position"))["m"] or 0) + 1
    issue = DialogueIssue.objects.create(
        dialogue=dialogue, position=position, text=text, raised_by=raised_by, petition=petition
    )
    if petition is not None:
        dialogue.petitions.add(petition)
    audit_record(
        actor=actor,
        action="dialogues.add_issue",
        target=dialogue,
        after=snapshot(issue, ISSUE_FIELDS),
    )
    if create_petition:
        issue_to_petition(actor=actor, issue=issue)
    return issue


@transaction.atomic
def issue_to_petition(*, actor: Any, issue: DialogueIssue) -> Petition:
    """Register the issue as a recommendation (kiến nghị) of the organising body, from the
    voter meeting or dialogue, with the person who raised it as petitioner; link it."""
    from danvan.petitions.services import PetitionerInput, petition_register

    dialogue = _locked_dialogue(issue.dialogue)
    issue.refresh_from_db()
    if issue.petition_id is not None:
        raise InvalidTransition(_("Ý kiến này đã gắn với một đơn thư."), code="already_linked")
    if dialogue.status != D.HELD:
        check_dialogue(dialogue, "add_issue")
    if not issue.raised_by:
        raise ValidationFailed(
            _("Hãy ghi người nêu ý kiến trước khi chuyển thành đơn."),
            code="required",
            field="raised_by",
        )
    channel = (
        Channel.VOTER_MEETING if dialogue.kind == DialogueKind.VOTER_MEETING else Channel.DIALOGUE
    )
    petition = petition_register(
        actor=actor,
        organization=dialogue.organization,
        kind=Kind.RECOMMENDATION,
        channel=channel,
        received_on=min(dialogue.held_on, timezone.localdate()),
        content=issue.text,
        admin_unit=dialogue.admin_unit,
        petitioners=[PetitionerInput(full_name=issue.raised_by)],
    )
    before = snapshot(issue, ISSUE_FIELDS)
    issue.petition = petition
    issue.save(update_fields=["petition", "updated_at"])
    dialogue.petitions.add(petition)
    audit_record(
        actor=actor,
        action="dialogues.issue_to_petition",
        target=dialogue,
        before=before,
        after=snapshot(issue, ISSUE_FIELDS),
    )
    return petition


@transaction.atomic
def issue_answer(
    *, actor: Any, issue: DialogueIssue, answer: str, answered_by: str = ""
) -> DialogueIssue:
    """Record the answer given at the meeting to an issue, and who gave it."""
    dialogue = _locked_dialogue(issue.dialogue)
    check_dialogue(dialogue, "answer_issue")
    issue.refresh_from_db()
    answer = _text(answer, "answer", required_message=_("Hãy ghi nội dung trả lời."))
    answered_by = _text(answered_by, "answered_by", limit=200)
    before = snapshot(issue, ISSUE_FIELDS)
    issue.answer = answer
    issue.answered_by = answered_by
    issue.save(update_fields=["answer", "answered_by", "updated_at"])
    audit_record(
        actor=actor,
        action="dialogues.answer_issue",
        target=dialogue,
        before=before,
        after=snapshot(issue, ISSUE_FIELDS),
    )
    return issue


# ---------------------------------------------------------------- commitments


@transaction.atomic
def commitment_add(
    *,
    actor: Any,
    dialogue: Dialogue,
    text: str,
    owner_organization: Organization,
    due_on: dt.date,
    owner_user: Any | None = None,
    issue: DialogueIssue | None = None,
) -> Commitment:
    """Record what the authority promised at the meeting: who does it, and by when."""
    dialogue = _locked_dialogue(dialogue)
    check_dialogue(dialogue, "add_commitment")
    text = _text(text, "text", required_message=_("Hãy ghi nội dung cam kết."))
    _check_date(due_on, field="due_on", allow_future=True)
    if due_on < dialogue.held_on:
        raise ValidationFailed(
            _("Hạn hoàn thành không được trước ngày đối thoại."),
            code="due_before_meeting",
            field="due_on",
        )
    if issue is not None and issue.dialogue_id != dialogue.pk:
        raise ValidationFailed(
            _("Ý kiến này không thuộc cuộc đối thoại."), code="invalid", field="issue"
        )
    if owner_user is not None and not owner_user.is_active:
        raise ValidationFailed(
            _("Cán bộ phụ trách không còn hoạt động."), code="invalid", field="owner_user"
        )
    commitment = Commitment.objects.create(
        dialogue=dialogue,
        issue=issue,
        text=text,
        owner_organization=owner_organization,
        owner_user=owner_user,
        due_on=due_on,
    )
    audit_record(
        actor=actor,
        action="dialogues.add_commitment",
        target=commitment,
        after=snapshot(commitment, COMMITMENT_FIELDS),
    )
    return commitment


@transaction.atomic
def commitment_complete(
    *, actor: Any, commitment: Commitment, completed_on: dt.date, evidence: str
) -> Commitment:
    """Close a commitment as done, with a note of the evidence (decision, payment, works)."""
    commitment = _locked_commitment(commitment)
    check_commitment(commitment, "complete")
    evidence = _text(
        evidence, "evidence", required_message=_("Hãy ghi kết quả, minh chứng hoàn thành.")
    )
    _check_date(completed_on, field="completed_on")
    if completed_on < commitment.dialogue.held_on:
        raise ValidationFailed(
            _("Ngày hoàn thành không được trước ngày đối thoại."),
            code="invalid",
            field="completed_on",
        )
    before = snapshot(commitment, COMMITMENT_FIELDS)
    commitment.status = C.DONE
    commitment.completed_on = completed_on
    commitment.evidence = evidence
    commitment.save(update_fields=["status", "completed_on", "evidence", "updated_at"])
    audit_record(
        actor=actor,
        action="dialogues.complete_commitment",
        target=commitment,
        before=before,
        after=snapshot(commitment, COMMITMENT_FIELDS),
    )
    return commitment


@transaction.atomic
def commitment_cancel(*, actor: Any, commitment: Commitment, reason: str) -> Commitment:
    commitment = _locked_commitment(commitment)
    check_commitment(commitment, "cancel")
    reason = _text(reason, "reason", required_message=_("Hãy ghi lý do hủy cam kết."))
    before = snapshot(commitment, COMMITMENT_FIELDS)
    commitment.status = C.CANCELLED
    commitment.cancel_reason = reason
    commitment.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="dialogues.cancel_commitment",
        target=commitment,
        before=before,
        after=snapshot(commitment, COMMITMENT_FIELDS),
    )
    return commitment
