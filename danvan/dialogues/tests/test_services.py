from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.dialogues import services
from danvan.dialogues.models import Commitment, Dialogue
from danvan.organizations.models import Organization
from danvan.petitions.models import Channel, Kind
from danvan.petitions.services import PetitionerInput, petition_register
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def _petition(actor, organization, unit):
    return petition_register(
        actor=actor,
        organization=organization,
        kind="recommendation",
        channel="in_person",
        received_on=today() - dt.timedelta(days=20),
        content="Kiến nghị sớm chi trả tiền bồi thường cho hộ nuôi trồng thủy sản.",
        admin_unit=unit,
        petitioners=[PetitionerInput(full_name="Lê Văn Bình")],
    )


def test_plan_records_and_audits(plan, officer, hoanhson_ubnd, hoanhson):
    petition = _petition(officer, hoanhson_ubnd, hoanhson)
    dialogue = plan(petitions=[petition])
    assert dialogue.status == "planned"
    assert dialogue.chair_name  # taken from the chair's account
    assert list(dialogue.petitions.all()) == [petition]
    event = AuditEvent.objects.get(action="dialogues.plan", target_id=str(dialogue.pk))
    assert event.changes["title"]["after"] == dialogue.title


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"kind": "party"}, "kind"),
        ({"chair": None}, "chair"),
        ({"held_on": dt.date(1980, 1, 1)}, "held_on"),
    ],
)
def test_plan_validation(plan, changes, field):
    with pytest.raises(ValidationFailed) as error:
        plan(**changes)
    assert error.value.field == field
    assert Dialogue.objects.count() == 0


def test_plan_needs_a_commune(plan, hoanhson):
    with pytest.raises(ValidationFailed) as error:
        plan(admin_unit=hoanhson.parent)
    assert error.value.field == "admin_unit"


def test_plan_refuses_petitions_outside_scope(plan, persona, officer):
    songtri = Organization.objects.get(code="songtri-ubnd")
    unit = AdminUnit.objects.get(code="18754", valid_to__isnull=True)
    foreign = _petition(persona("songtri.canbo"), songtri, unit)
    with pytest.raises(ValidationFailed) as error:
        plan(petitions=[foreign])
    assert error.value.code == "petition_out_of_scope"


def test_lifecycle(held, officer, persona):
    assert held.status == "held"
    participant = services.participant_add(
        actor=officer, dialogue=held, full_name="Nguyễn Thị Hoa", invited=True
    )
    services.attendance_record(actor=officer, participant=participant, attended=True)
    participant.refresh_from_db()
    assert participant.attended is True
    issue = services.issue_add(
        actor=officer, dialogue=held, text="Đề nghị chi trả đợt 2 trước Tết.", raised_by="Bà Hoa"
    )
    second = services.issue_add(actor=officer, dialogue=held, text="Đường ra bến cá hư hỏng.")
    assert (issue.position, second.position) == (1, 2)
    services.issue_answer(
        actor=officer,
        issue=issue,
        answer="Phường sẽ chi trả trong tháng 12.",
        answered_by="Chủ tịch",
    )
    commitment = services.commitment_add(
        actor=officer,
        dialogue=held,
        issue=issue,
        text="Chi trả đợt 2 cho các hộ nuôi trồng thủy sản.",
        owner_organization=held.organization,
        owner_user=persona("hoanhson.canbo"),
        due_on=today() + dt.timedelta(days=30),
    )
    assert commitment.status == "open"
    assert not commitment.overdue
    services.commitment_complete(
        actor=officer,
        commitment=commitment,
        completed_on=today(),
        evidence="Đã chi trả theo Quyết định số 12/QĐ-UBND.",
    )
    commitment.refresh_from_db()
    assert (commitment.status, commitment.completed_on) == ("done", today())
    actions = set(
        AuditEvent.objects.filter(action__startswith="dialogues.").values_list("action", flat=True)
    )
    assert {
        "dialogues.plan",
        "dialogues.hold",
        "dialogues.add_participant",
        "dialogues.record_attendance",
        "dialogues.add_issue",
        "dialogues.answer_issue",
        "dialogues.add_commitment",
        "dialogues.complete_commitment",
    } <= actions


def test_illegal_dialogue_transitions(plan, held, officer):
    with pytest.raises(InvalidTransition) as error:
        services.dialogue_hold(actor=officer, dialogue=held, held_on=today())
    assert error.value.status == 409
    with pytest.raises(InvalidTransition):
        services.dialogue_cancel(actor=officer, dialogue=held, reason="Trùng lịch")
    planned = plan()
    with pytest.raises(InvalidTransition):
        services.issue_add(actor=officer, dialogue=planned, text="Ý kiến")
    with pytest.raises(InvalidTransition):
        services.commitment_add(
            actor=officer,
            dialogue=planned,
            text="Cam kết",
            owner_organization=planned.organization,
            due_on=today(),
        )
    cancelled = services.dialogue_cancel(actor=officer, dialogue=planned, reason="Mưa bão")
    assert cancelled.status == "cancelled"
    with pytest.raises(InvalidTransition):
        services.participant_add(actor=officer, dialogue=cancelled, full_name="Ông Nam")
    with pytest.raises(InvalidTransition):
        services.dialogue_hold(actor=officer, dialogue=cancelled, held_on=today())


def test_hold_refuses_a_future_date(plan, officer):
    dialogue = plan(held_on=today() + dt.timedelta(days=5))
    with pytest.raises(ValidationFailed) as error:
        services.dialogue_hold(actor=officer, dialogue=dialogue, held_on=today() + dt.timedelta(1))
    assert error.value.code == "date_in_future"
    dialogue.refresh_from_db()
    assert dialogue.status == "planned"


def test_cancel_needs_a_reason(plan, officer):
    with pytest.raises(ValidationFailed):
        services.dialogue_cancel(actor=officer, dialogue=plan(), reason=" ")


def _commitment(held, officer, **changes):
    fields = {
        "actor": officer,
        "dialogue": held,
        "text": "Sửa đường ra bến cá",
        "owner_organization": held.organization,
        "due_on": today() + dt.timedelta(days=1),
    }
    fields.update(changes)
    return services.commitment_add(**fields)


def test_commitment_lifecycle_and_illegal_transitions(held, officer):
    commitment = _commitment(held, officer)
    with pytest.raises(ValidationFailed) as error:
        services.commitment_complete(
            actor=officer, commitment=commitment, completed_on=today(), evidence=""
        )
    assert error.value.field == "evidence"
    services.commitment_cancel(actor=officer, commitment=commitment, reason="Đã nhập vào dự án")
    with pytest.raises(InvalidTransition):
        services.commitment_complete(
            actor=officer, commitment=commitment, completed_on=today(), evidence="Xong"
        )
    with pytest.raises(InvalidTransition):
        services.commitment_cancel(actor=officer, commitment=commitment, reason="Lần nữa")


def test_commitment_validation(held, plan, officer):
    with pytest.raises(ValidationFailed) as error:
        _commitment(held, officer, due_on=held.held_on - dt.timedelta(days=1))
    assert error.value.code == "due_before_meeting"
    with pytest.raises(ValidationFailed):
        _commitment(held, officer, text="")
    other = services.dialogue_hold(actor=officer, dialogue=plan(), held_on=today())
    foreign_issue = services.issue_add(actor=officer, dialogue=other, text="Ý kiến khác")
    with pytest.raises(ValidationFailed) as error:
        _commitment(held, officer, issue=foreign_issue)
    assert error.value.field == "issue"
    assert Commitment.objects.count() == 0


def test_overdue(held, officer):
    due_today = _commitment(held, officer, due_on=today())
    due_yesterday = _commitment(held, officer, due_on=held.held_on)
    assert due_yesterday.due_on < today()
    assert not due_today.overdue  # due today is not overdue
    assert due_yesterday.overdue
    assert due_today.is_overdue(today() + dt.timedelta(days=1))
    services.commitment_complete(
        actor=officer, commitment=due_yesterday, completed_on=today(), evidence="Biên bản"
    )
    due_yesterday.refresh_from_db()
    assert not due_yesterday.overdue  # done is never overdue


def test_issue_links_an_existing_petition(held, officer, hoanhson_ubnd, hoanhson):
    petition = _petition(officer, hoanhson_ubnd, hoanhson)
    issue = services.issue_add(actor=officer, dialogue=held, text="Như đơn", petition=petition)
    assert issue.petition == petition
    assert petition in held.petitions.all()


def test_voter_meeting_recommendation_becomes_a_petition(plan, officer):
    meeting = plan(kind="voter_meeting", title="Tiếp xúc cử tri trước kỳ họp")
    services.dialogue_hold(actor=officer, dialogue=meeting, held_on=meeting.held_on)
    issue = services.issue_add(
        actor=officer,
        dialogue=meeting,
        text="Cử tri kiến nghị nâng cấp trạm y tế phường.",
        raised_by="Ông Trần Văn Cường",
        create_petition=True,
    )
    issue.refresh_from_db()
    assert issue.petition is not None
    petition = issue.petition
    assert (petition.kind, petition.channel) == (Kind.RECOMMENDATION, Channel.VOTER_MEETING)
    assert petition.organization_id == meeting.organization_id
    assert petition.petitioners.get().full_name == "Ông Trần Văn Cường"
    assert petition in meeting.petitions.all()
    with pytest.raises(InvalidTransition):
        services.issue_to_petition(actor=officer, issue=issue)


def test_issue_to_petition_needs_who_raised_it(held, officer):
    with pytest.raises(ValidationFailed) as error:
        services.issue_add(actor=officer, dialogue=held, text="Ý kiến", create_petition=True)
    assert error.value.field == "raised_by"
    assert not held.issues.exists()  # atomic: nothing saved
