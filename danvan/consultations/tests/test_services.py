from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.consultations import services
from danvan.consultations.models import Comment, ConsultationRule, ConsultationStatus
from danvan.consultations.tests.conftest import make_consultation
from danvan.core.errors import InvalidTransition, ValidationFailed

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_period_rule_is_shipped_with_its_source():
    rule = ConsultationRule.objects.get(code="period")
    assert rule.min_days == 20
    assert "10/2022/QH15" in rule.citation
    assert "Điều 28 khoản 2" in rule.citation


def test_period_of_19_days_is_refused(officer_user):
    consultation = make_consultation(officer_user, days=19)
    with pytest.raises(ValidationFailed) as error:
        services.consultation_open(actor=officer_user, consultation=consultation)
    assert error.value.code == "period_too_short"
    assert "20 ngày" in str(error.value)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT


def test_period_of_20_days_is_accepted(officer_user):
    # Published on 1 March: closing on 21 March gives 20 days, the first day not counted.
    consultation = make_consultation(
        officer_user, opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 3, 21)
    )
    assert services.period_days(consultation.opens_on, consultation.closes_on) == 20
    services.consultation_open(actor=officer_user, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN


def test_period_follows_the_rule_data(officer_user):
    ConsultationRule.objects.filter(code="period").update(min_days=30)
    consultation = make_consultation(officer_user, days=25)
    with pytest.raises(ValidationFailed):
        services.consultation_open(actor=officer_user, consultation=consultation)


def test_closing_before_opening_is_refused(officer_user):
    with pytest.raises(ValidationFailed) as error:
        make_consultation(officer_user, days=-1)
    assert error.value.field == "closes_on"


def test_empty_draft_cannot_open(officer_user):
    consultation = make_consultation(officer_user, draft_text="")
    with pytest.raises(ValidationFailed) as error:
        services.consultation_open(actor=officer_user, consultation=consultation)
    assert error.value.code == "draft_empty"


def test_sections_from_text(officer_user):
    consultation = make_consultation(
        officer_user,
        draft_text="Lời mở đầu\nĐiều 1. Phạm vi\nÁp dụng tại phường.\nĐiều 2. Mức hỗ trợ\n"
        "Mức 1\nMức 2\n",
    )
    sections = services.sections_from_text(actor=officer_user, consultation=consultation)
    assert [(s.position, s.heading) for s in sections] == [
        (1, "Điều 1. Phạm vi"),
        (2, "Điều 2. Mức hỗ trợ"),
    ]
    assert sections[1].text == "Mức 1\nMức 2"


def test_lifecycle_and_audit(officer_user, opened):
    assert opened.status == ConsultationStatus.OPEN
    with pytest.raises(InvalidTransition):
        services.consultation_open(actor=officer_user, consultation=opened)
    with pytest.raises(InvalidTransition):
        services.section_add(actor=officer_user, consultation=opened, heading="Điều 3")
    with pytest.raises(InvalidTransition):
        services.consultation_report(actor=officer_user, consultation=opened, summary="x")
    services.consultation_close(actor=officer_user, consultation=opened)
    with pytest.raises(InvalidTransition):
        services.consultation_close(actor=officer_user, consultation=opened)
    services.consultation_report(actor=officer_user, consultation=opened, summary="Không có góp ý.")
    opened.refresh_from_db()
    assert opened.status == ConsultationStatus.REPORTED
    assert opened.summary == "Không có góp ý."
    actions = list(
        AuditEvent.objects.filter(action__startswith="consultations.").values_list(
            "action", flat=True
        )
    )
    for action in ("create", "open", "close", "report"):
        assert f"consultations.consultation_{action}" in actions
    assert actions.count("consultations.section_add") == 2


def test_portal_comment_only_while_open(officer_user, consultation, opened):
    section = opened.sections.first()
    comment = services.comment_add(
        actor=None,
        consultation=opened,
        text="Đề nghị tăng mức hỗ trợ.",
        source="portal",
        section=section,
    )
    assert comment.received_on == TODAY()
    assert comment.entered_by is None
    services.consultation_close(actor=officer_user, consultation=opened)
    with pytest.raises(InvalidTransition) as error:
        services.comment_add(actor=None, consultation=opened, text="Muộn.", source="portal")
    assert error.value.code == "consultation_not_open"


def test_no_comment_on_a_draft_in_preparation(officer_user, consultation):
    with pytest.raises(InvalidTransition):
        services.comment_add(
            actor=officer_user,
            consultation=consultation,
            text="Sớm.",
            source="paper_form",
            received_on=TODAY(),
        )


@pytest.mark.parametrize("source", ["paper_form", "meeting", "hotline", "officer"])
def test_officer_entered_comments_by_source(officer_user, opened, source):
    comment = services.comment_add(
        actor=officer_user,
        consultation=opened,
        text="Góp ý chung.",
        source=source,
        source_note="Phiếu số 12",
        author_name="Nguyễn Văn A",
        received_on=TODAY() - dt.timedelta(days=1),
    )
    assert comment.section is None
    assert comment.entered_by == officer_user
    assert comment.source == source


def test_paper_form_received_on_time_after_close(officer_user, opened):
    services.consultation_close(actor=officer_user, consultation=opened)
    on_time = services.comment_add(
        actor=officer_user,
        consultation=opened,
        text="Phiếu nộp đúng hạn.",
        source="paper_form",
        received_on=TODAY(),
    )
    assert on_time.pk
    with pytest.raises(ValidationFailed) as error:
        services.comment_add(
            actor=officer_user,
            consultation=opened,
            text="Trước ngày công khai.",
            source="paper_form",
            received_on=opened.opens_on - dt.timedelta(days=1),
        )
    assert error.value.code == "outside_period"


def test_paper_form_received_after_the_closing_date(officer_user):
    consultation = make_consultation(
        officer_user, opens_on=TODAY() - dt.timedelta(days=30), days=20
    )
    services.consultation_open(actor=officer_user, consultation=consultation)
    services.consultation_close(actor=officer_user, consultation=consultation)
    with pytest.raises(ValidationFailed) as error:
        services.comment_add(
            actor=officer_user,
            consultation=consultation,
            text="Muộn.",
            source="paper_form",
            received_on=consultation.closes_on + dt.timedelta(days=1),
        )
    assert error.value.code == "outside_period"


def test_bad_source_and_foreign_section(officer_user, opened):
    other = make_consultation(officer_user)
    foreign = services.section_add(actor=officer_user, consultation=other, heading="Điều 9")
    with pytest.raises(ValidationFailed) as error:
        services.comment_add(
            actor=officer_user, consultation=opened, text="x", source="fax", received_on=TODAY()
        )
    assert error.value.field == "source"
    with pytest.raises(ValidationFailed) as error:
        services.comment_add(
            actor=officer_user,
            consultation=opened,
            text="x",
            source="meeting",
            received_on=TODAY(),
            section=foreign,
        )
    assert error.value.field == "section"


def test_responses_and_report(officer_user, opened):
    comment = services.comment_add(
        actor=None, consultation=opened, text="Đề nghị tăng mức hỗ trợ.", source="portal"
    )
    with pytest.raises(ValidationFailed):
        services.comment_respond(actor=officer_user, comment=comment, kind="ignored", text="x")
    services.consultation_close(actor=officer_user, consultation=opened)
    with pytest.raises(InvalidTransition) as error:
        services.consultation_report(actor=officer_user, consultation=opened, summary="Xong.")
    assert error.value.code == "comments_unanswered"
    services.comment_respond(
        actor=officer_user,
        comment=comment,
        kind="partly_accepted",
        text="Tiếp thu một phần: tăng mức hỗ trợ di chuyển.",
    )
    comment.refresh_from_db()
    assert comment.response_kind == Comment.ResponseKind.PARTLY_ACCEPTED
    assert comment.responded_by == officer_user
    assert comment.responded_on == TODAY()
    services.consultation_report(actor=officer_user, consultation=opened, summary="Xong.")
    with pytest.raises(InvalidTransition):
        services.comment_respond(actor=officer_user, comment=comment, kind="accepted", text="y")
    event = AuditEvent.objects.filter(action="consultations.comment_respond").get()
    assert event.target_id == str(comment.pk)
