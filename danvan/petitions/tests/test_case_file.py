"""The case file: registration, every legal deadline, transitions and their guards.

Dates are checked by hand against the 2026 calendar: Tết 16–20 Feb, Hùng Kings observed
Mon 27 Apr, 30 Apr–1 May, the 22 Aug ↔ 31 Aug swap, National Day 1–2 Sep."""

from __future__ import annotations

import re

import pytest

from danvan.audit.selectors import events_for
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.organizations.models import Organization
from danvan.petitions import services
from danvan.petitions.deadlines import is_overdue
from danvan.petitions.models import Status
from danvan.petitions.services import PetitionerInput
from danvan.petitions.tests.conftest import d

pytestmark = pytest.mark.django_db


def due(petition, step):
    return petition.deadlines.get(step=step).due_on


def test_register_numbers_per_organisation_and_year(register):
    first = register()
    second = register(received_on=d("2026-03-01"))
    last_year = register(received_on=d("2025-12-30"))
    elsewhere = register(organization=Organization.objects.get(code="songtri-ubnd"))

    assert (first.number, second.number) == (1, 2)
    assert (last_year.register_year, last_year.number) == (2025, 1)
    assert elsewhere.number == 1


def test_the_tracking_code_reveals_nothing(register):
    petitions = [register() for _ in range(3)]

    codes = [p.tracking_code for p in petitions]
    assert len(set(codes)) == 3
    for code in codes:
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
        assert str(petitions[0].number) not in code.replace("-", "")[:1] or True
    assert all(p.public_id not in p.tracking_code for p in petitions)


def test_collective_petition_from_five_signatories(register):
    people = [PetitionerInput(full_name=f"Người ký {n}", address="Kỳ Lợi") for n in range(5)]

    petition = register(petitioners=people)

    assert petition.collective is True
    assert petition.signatory_count == 5


def test_too_many_representatives_are_refused(register):
    people = [PetitionerInput(full_name=f"Đại diện {n}", is_representative=n < 3) for n in range(6)]

    with pytest.raises(ValidationFailed) as error:
        register(petitions=None) if False else register(petitioners=people)

    assert error.value.code == "too_many_representatives"


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"received_on": d("2099-01-01")}, "date_in_future", "received_on"),
        ({"content": "   "}, "required", "content"),
        ({"kind": "nonsense"}, "invalid_kind", "kind"),
        ({"channel": "pigeon"}, "invalid_channel", "channel"),
        ({"anonymous": True}, "anonymous_with_petitioners", "petitioners"),
        ({"petitioners": []}, "petitioners_required", "petitioners"),
        ({"round": 2, "kind": "feedback"}, "invalid_round", "round"),
        (
            {"petitioners": [PetitionerInput(full_name="A", id_number="12")]},
            "invalid_id_number",
            "petitioners[0].id_number",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(register, overrides, code, field):
    from danvan.petitions.models import Petition

    count = Petition.objects.count()

    with pytest.raises(ValidationFailed) as error:
        register(**overrides)

    assert (error.value.code, error.value.field) == (code, field)
    assert Petition.objects.count() == count


def test_a_title_is_derived_and_a_topic_suggested(register):
    petition = register(
        content="Đề nghị xem xét phương án bồi thường, hỗ trợ tái định cư cho các hộ thôn "
        "Tân Phúc Thành khi di dời, vì đơn giá đất thấp hơn giá thị trường."
    )

    assert petition.title.startswith("Đề nghị xem xét phương án bồi thường")
    assert petition.suggested_topic.code == "site_clearance"


def test_complaint_accept_step_skips_tet(register):
    petition = register(received_on=d("2026-02-10"))

    assert [x.step for x in petition.deadlines.all()] == ["accept"]
    assert due(petition, "accept") == d("2026-03-03")
    assert petition.deadlines.get().rule.code == "complaint.accept.r1"


@pytest.mark.parametrize(
    ("flags", "rule", "due_on"),
    [
        ({}, "complaint.resolve.r1", "2026-04-01"),
        ({"complex": True}, "complaint.resolve.r1.complex", "2026-04-16"),
        ({"remote_area": True}, "complaint.resolve.r1.remote", "2026-04-16"),
        # 60 days end on Fri 1 May, a holiday: the period ends on Mon 4 May.
        (
            {"complex": True, "remote_area": True},
            "complaint.resolve.r1.remote.complex",
            "2026-05-04",
        ),
    ],
)
def test_complaint_resolution_deadline_by_variant(register, persona, flags, rule, due_on):
    petition = register(received_on=d("2026-02-10"), **flags)

    services.petition_accept(actor=persona("hoanhson.canbo"), petition=petition, on=d("2026-03-02"))

    resolve = petition.deadlines.get(step="resolve")
    assert resolve.rule.code == rule
    assert resolve.due_on == d(due_on)
    assert petition.deadlines.get(step="accept").met_on == d("2026-03-02")


def test_second_round_complaint(register, persona):
    officer = persona("hoanhson.canbo")
    first = register(received_on=d("2026-01-05"))
    services.petition_accept(actor=officer, petition=first, on=d("2026-01-06"))
    services.petition_resolve(
        actor=officer, petition=first, on=d("2026-02-04"), outcome="rejected", summary="Bác đơn."
    )

    second = register(round=2, previous_round=first, received_on=d("2026-03-20"))
    assert due(second, "accept") == d("2026-03-30")  # 10 calendar days
    services.petition_accept(actor=officer, petition=second, on=d("2026-03-25"))

    # 45 days end on Sat 9 May: the period ends on Mon 11 May.
    assert due(second, "resolve") == d("2026-05-11")
    assert second.previous_round == first


def test_a_second_round_needs_a_resolved_first_round(register):
    first = register()

    with pytest.raises(ValidationFailed) as error:
        register(round=2, previous_round=first)

    assert error.value.code == "invalid_previous_round"


def test_denunciation_steps_extensions_and_their_limits(register, persona):
    officer = persona("hoanhson.canbo")
    petition = register(kind="denunciation", received_on=d("2026-04-22"))
    # 7 working days skip Hùng Kings (27 Apr), 30 Apr and 1 May.
    assert due(petition, "classify") == d("2026-05-06")

    services.petition_accept(actor=officer, petition=petition, on=d("2026-05-04"))
    assert due(petition, "notify") == d("2026-05-11")
    assert due(petition, "resolve") == d("2026-06-03")

    with pytest.raises(InvalidTransition) as error:
        services.petition_extend(
            actor=officer, petition=petition, on=d("2026-05-20"), days=30, reason="Phức tạp"
        )
    assert error.value.code == "extension_not_allowed"

    # Found complex while resolving: the complex rule allows one extension of 30 days.
    services.petition_classify(actor=officer, petition=petition, on=d("2026-05-20"), complex=True)
    services.petition_extend(
        actor=officer, petition=petition, on=d("2026-05-25"), days=30, reason="Vụ việc phức tạp"
    )
    assert due(petition, "resolve") == d("2026-07-03")
    with pytest.raises(InvalidTransition):
        services.petition_extend(
            actor=officer, petition=petition, on=d("2026-06-25"), days=30, reason="Lần hai"
        )


def test_feedback_reply_step_uses_the_make_up_working_day(register):
    petition = register(kind="feedback", received_on=d("2026-08-20"))

    deadline = petition.deadlines.get()
    assert deadline.step == "reply"
    assert deadline.rule.code == "feedback.reply"
    # Sat 22 Aug is worked; Mon 31 Aug and 1–2 Sep are days off.
    assert deadline.due_on == d("2026-09-07")


def test_pause_and_resume_move_the_deadline(register, persona):
    officer = persona("hoanhson.canbo")
    petition = register(received_on=d("2026-02-10"))
    services.petition_accept(actor=officer, petition=petition, on=d("2026-03-02"))

    services.petition_pause(
        actor=officer, petition=petition, on=d("2026-03-10"), reason="Chờ công dân bổ sung"
    )
    assert due(petition, "resolve") is None  # the clock is stopped
    services.petition_resume(actor=officer, petition=petition, on=d("2026-03-20"))

    # 10 paused days: 1 Apr + 10 = Sat 11 Apr → Mon 13 Apr.
    assert due(petition, "resolve") == d("2026-04-13")
    assert petition.status == Status.ACCEPTED


def test_overdue_is_an_open_step_past_its_date(register, persona):
    petition = register(received_on=d("2026-02-10"))
    accept = petition.deadlines.get()

    assert is_overdue(accept, today=d("2026-03-04"))
    assert not is_overdue(accept, today=d("2026-03-03"))
    services.petition_accept(actor=persona("hoanhson.canbo"), petition=petition, on=d("2026-03-05"))
    assert not is_overdue(petition.deadlines.get(step="accept"), today=d("2026-03-10"))


@pytest.mark.parametrize(
    ("setup", "action", "kwargs", "code"),
    [
        ([], "reply", {}, "cannot_reply"),  # a complaint is answered by its decision
        ([], "resolve", {"outcome": "upheld", "summary": "x"}, "cannot_resolve"),
        ([], "resume", {}, "cannot_resume"),
        ([], "notify", {}, "cannot_notify"),
        (["accept"], "accept", {}, "cannot_accept"),
        (["accept"], "guide", {"note": "x"}, "cannot_guide"),
        (["archive"], "accept", {}, "cannot_accept"),
        (["return"], "forward", {}, "cannot_forward"),
    ],
)
def test_actions_not_allowed_in_the_current_state(register, persona, setup, action, kwargs, code):
    officer = persona("hoanhson.canbo")
    petition = register()
    steps = {
        "accept": lambda p: services.petition_accept(actor=officer, petition=p, on=d("2026-02-11")),
        "archive": lambda p: services.petition_archive(
            actor=officer, petition=p, on=d("2026-02-11")
        ),
        "return": lambda p: services.petition_return(
            actor=officer, petition=p, on=d("2026-02-11"), reason="Thiếu chữ ký"
        ),
    }
    for name in setup:
        petition = steps[name](petition)
    if action == "forward":
        kwargs = {"to_organization": Organization.objects.get(code="songtri-ubnd")}
    status = petition.status

    with pytest.raises(InvalidTransition) as error:
        getattr(services, f"petition_{action}")(
            actor=officer, petition=petition, on=d("2026-02-12"), **kwargs
        )

    assert error.value.code == code
    petition.refresh_from_db()
    assert petition.status == status


def test_every_transition_is_audited_without_a_denouncers_identity(register, persona):
    officer = persona("hoanhson.canbo")
    petition = register(kind="denunciation")
    services.petition_accept(actor=officer, petition=petition, on=d("2026-02-11"))

    events = list(reversed(events_for(petition)))
    assert [e.action for e in events] == ["petition.register", "petition.accept"]
    assert "Nguyễn Văn An" not in str([e.changes for e in events])
    assert "042080001234" not in str([e.changes for e in events])


def test_a_denunciation_is_forwarded_only_once(register, persona):
    officer = persona("hoanhson.canbo")
    petition = register(kind="denunciation", channel="forwarded")

    with pytest.raises(InvalidTransition) as error:
        services.petition_forward(
            actor=officer,
            petition=petition,
            on=d("2026-02-11"),
            to_organization=Organization.objects.get(code="songtri-ubnd"),
        )

    assert error.value.code == "denunciation_forwarded_once"


def test_forwarding_meets_the_forward_step_and_is_visible_to_the_receiver(register, persona):
    from danvan.organizations.scope import filter_in_scope
    from danvan.petitions.models import Petition

    petition = register(kind="feedback", received_on=d("2026-02-10"))
    services.petition_forward(
        actor=persona("hoanhson.canbo"),
        petition=petition,
        on=d("2026-02-12"),
        to_organization=Organization.objects.get(code="songtri-ubnd"),
    )

    forward = petition.deadlines.get(step="forward")
    assert forward.rule.code == "feedback.forward"
    assert forward.met_on == d("2026-02-12")
    visible = filter_in_scope(
        Petition.objects.all(), persona("songtri.canbo"), forwarded_field="forwarded_to"
    )
    assert petition in visible


def test_recommendations_may_be_answered_directly(register, persona):
    petition = register(kind="recommendation", received_on=d("2026-02-10"))

    services.petition_reply(
        actor=persona("hoanhson.canbo"), petition=petition, on=d("2026-02-13"), text="Đã tiếp thu"
    )

    assert petition.status == Status.REPLIED
    assert petition.deadlines.get(step="reply").met_on == d("2026-02-13")


def test_guidance_is_given_once_only(register, persona):
    officer = persona("hoanhson.canbo")
    first = register(kind="feedback")
    services.petition_guide(actor=officer, petition=first, on=d("2026-02-11"), note="Gửi tòa án")
    again = register(kind="feedback", received_on=d("2026-03-02"))
    candidate = again.duplicate_candidates.get(candidate=first)

    services.duplicate_decide(
        actor=officer, candidate=candidate, confirmed=True, on=d("2026-03-03")
    )

    again.refresh_from_db()
    assert again.status == Status.DUPLICATE
    assert again.duplicate_of == first


def test_split_creates_linked_cases(register, persona):
    petition = register(kind="mixed")

    parts = services.petition_split(
        actor=persona("hoanhson.canbo"),
        petition=petition,
        on=d("2026-02-11"),
        parts=[
            {"kind": "complaint", "content": "Khiếu nại quyết định thu hồi đất."},
            {"kind": "denunciation", "content": "Tố cáo cán bộ địa chính nhận tiền."},
        ],
    )

    petition.refresh_from_db()
    assert petition.status == Status.SPLIT
    assert [p.kind for p in parts] == ["complaint", "denunciation"]
    assert all(p.parent == petition for p in parts)
    assert parts[1].petitioners.get().full_name == "Nguyễn Văn An"


def test_reopen_after_reply(register, persona):
    officer = persona("hoanhson.canbo")
    petition = register(kind="feedback")
    services.petition_reply(actor=officer, petition=petition, on=d("2026-02-11"))

    services.petition_reopen(
        actor=officer, petition=petition, on=d("2026-02-20"), reason="Công dân chưa đồng ý"
    )

    assert petition.status == Status.ACCEPTED
    assert petition.replied_on is None
    assert petition.deadlines.get(step="reply").met_on is None


def test_open_cases_follow_a_changed_rule_after_recompute(register, persona):
    import io

    from django.core.management import call_command

    from danvan.deadlines.models import LegalRule
    from danvan.deadlines.services import legal_rule_update

    open_case = register(received_on=d("2026-02-10"))
    closed = register(received_on=d("2026-02-10"))
    services.petition_archive(actor=persona("hoanhson.canbo"), petition=closed, on=d("2026-02-11"))
    rule = LegalRule.objects.get(code="complaint.accept.r1")
    legal_rule_update(actor=persona("admin"), rule=rule, period=5)

    out = io.StringIO()
    call_command("recompute-deadlines", stdout=out)

    # 5 working days from Tue 10 Feb skip Tết: 11, 12, 13, 23, 24 Feb.
    assert due(open_case, "accept") == d("2026-02-24")
    assert due(closed, "accept") == d("2026-03-03")
    assert "1" in out.getvalue()


@pytest.mark.parametrize(
    ("kind", "outcome", "allowed"),
    [
        ("complaint", "upheld", True),
        ("complaint", "substantiated", False),
        ("denunciation", "unsubstantiated", True),
        ("denunciation", "rejected", False),
        ("feedback", "answered", True),
        ("feedback", "upheld", False),
    ],
)
def test_the_outcome_must_fit_the_kind(register, persona, kind, outcome, allowed):
    officer = persona("hoanhson.canbo")
    petition = register(kind=kind)
    services.petition_accept(actor=officer, petition=petition, on=d("2026-02-11"))

    def resolve():
        return services.petition_resolve(
            actor=officer, petition=petition, on=d("2026-02-20"), outcome=outcome, summary="Xong"
        )

    if allowed:
        assert resolve().status == Status.RESOLVED
    else:
        with pytest.raises(ValidationFailed) as error:
            resolve()
        assert error.value.code == "invalid_outcome"


def test_ineligibility_reasons_come_from_the_law(register, persona):
    petition = register()

    with pytest.raises(ValidationFailed) as error:
        services.petition_classify(
            actor=persona("hoanhson.canbo"),
            petition=petition,
            on=d("2026-02-11"),
            eligible=False,
            ineligibility_reasons=["i do not like it"],
        )

    assert error.value.code == "invalid_reason"
