"""Village votes of households: the thresholds of Law 10/2022/QH15 at their edges, the
checks of the counts and dates, recognition and cancellation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danvan.audit.models import AuditEvent
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.democracy import services
from danvan.democracy.models import CommunityDecision, VoteRule
from danvan.organizations.models import Organization
from danvan.organizations.scope import filter_in_scope
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db
HELD = dt.date(2026, 10, 4)


def _record(rule_code: str = "village-rules", **changes: Any) -> CommunityDecision:
    arguments: dict[str, Any] = {
        "actor": None,
        "organization": Organization.objects.get(code="hoanhson-ubnd"),
        "admin_unit": AdminUnit.objects.get(code="18832", valid_to__isnull=True),
        "village": "Tổ dân phố Tân Phúc Thành",
        "rule": VoteRule.objects.get(code=rule_code),
        "subject": "Sửa đổi quy ước của tổ dân phố về giữ gìn vệ sinh khu tái định cư",
        "method": "meeting",
        "noticed_on": HELD - dt.timedelta(days=3),
        "held_on": HELD,
        "households_total": 120,
        "households_voting": 100,
        "votes_for": 61,
        "votes_against": 30,
    }
    arguments.update(changes)
    return services.decision_record(**arguments)


def test_the_six_items_of_the_law_are_shipped_with_their_thresholds():
    rules = {r.code: (r.numerator, r.denominator, r.comparison) for r in VoteRule.objects.all()}
    assert rules["public-works-contributions"] == (2, 3, "at_least")
    assert rules["community-funds"] == (2, 3, "at_least")
    for code in ("village-rules", "village-head", "people-inspection-board"):
        assert rules[code] == (1, 2, "more_than")
    assert "Điều 21" in VoteRule.objects.get(code="village-head").citation


@pytest.mark.parametrize(
    ("rule_code", "total", "votes_for", "passed"),
    [
        ("public-works-contributions", 120, 80, True),  # exactly two thirds
        ("public-works-contributions", 120, 79, False),
        ("public-works-contributions", 100, 67, True),  # 67/100 > 2/3
        ("public-works-contributions", 100, 66, False),  # 66/100 < 2/3
        ("village-rules", 120, 60, False),  # exactly half is not more than half
        ("village-rules", 120, 61, True),
        ("village-rules", 7, 4, True),
        ("village-rules", 7, 3, False),
    ],
)
def test_thresholds_at_their_edges(rule_code, total, votes_for, passed):
    decision = _record(
        rule_code,
        households_total=total,
        households_voting=total,
        votes_for=votes_for,
        votes_against=total - votes_for,
    )
    assert decision.passed is passed


def test_the_share_is_of_all_households_not_of_those_voting():
    # 61 of 70 voting, but 61 of 140 households: not more than half.
    decision = _record(households_total=140, households_voting=70, votes_for=61, votes_against=9)
    assert decision.passed is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"households_total": 0, "households_voting": 0, "votes_for": 0, "votes_against": 0},
         "households_total"),
        ({"households_voting": 121}, "households_voting"),
        ({"votes_for": 80, "votes_against": 30}, "votes_for"),
        ({"votes_for": -1}, "votes_for"),
        ({"votes_for": True}, "votes_for"),
        ({"village": " "}, "village"),
        ({"subject": ""}, "subject"),
        ({"method": "shouting"}, "method"),
        ({"noticed_on": HELD - dt.timedelta(days=1)}, "noticed_on"),
        ({"noticed_on": HELD + dt.timedelta(days=1)}, "noticed_on"),
        ({"held_on": dt.date.today() + dt.timedelta(days=2), "noticed_on": None}, "held_on"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_is_saved(changes, field):
    with pytest.raises(ValidationFailed) as error:
        _record(**changes)
    assert error.value.field == field
    assert not CommunityDecision.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="democracy.").exists()


def test_a_ballot_needs_no_meeting_notice():
    decision = _record(method="ballot", noticed_on=HELD)
    assert decision.method == "ballot"


def test_recognition_of_a_passed_item(persona):
    decision = _record()
    head = persona("hoanhson.chutich")
    with pytest.raises(ValidationFailed):
        services.decision_recognize(actor=head, decision=decision, on=HELD, number=" ")
    with pytest.raises(ValidationFailed):
        services.decision_recognize(
            actor=head, decision=decision, on=HELD - dt.timedelta(days=1), number="12/QĐ-UBND"
        )
    services.decision_recognize(
        actor=head, decision=decision, on=HELD + dt.timedelta(days=5), number="12/QĐ-UBND"
    )
    decision.refresh_from_db()
    assert (decision.status, decision.recognition_number) == ("recognized", "12/QĐ-UBND")
    event = AuditEvent.objects.get(action="democracy.decision_recognize")
    assert event.actor == head
    with pytest.raises(InvalidTransition):
        services.decision_cancel(actor=head, decision=decision, reason="Nhầm")
    with pytest.raises(InvalidTransition):
        services.decision_recognize(actor=head, decision=decision, on=HELD, number="13/QĐ")


def test_an_item_that_failed_cannot_be_recognized_but_can_be_cancelled():
    decision = _record(votes_for=60, votes_against=40)
    with pytest.raises(InvalidTransition) as error:
        services.decision_recognize(actor=None, decision=decision, on=HELD, number="12/QĐ-UBND")
    assert error.value.code == "not_passed"
    with pytest.raises(ValidationFailed):
        services.decision_cancel(actor=None, decision=decision, reason="")
    services.decision_cancel(actor=None, decision=decision, reason="Nhập nhầm số liệu")
    decision.refresh_from_db()
    assert decision.status == "cancelled"


def test_scope(persona):
    decision = _record()
    assert filter_in_scope(CommunityDecision.objects.all(), persona("hoanhson.canbo")).get() == (
        decision
    )
    assert not filter_in_scope(CommunityDecision.objects.all(), persona("songtri.canbo")).exists()


def test_the_administration_screens_open(client, persona):
    client.force_login(persona("admin"))
    rule = VoteRule.objects.get(code="village-head")
    assert client.get("/admin/democracy/voterule/").status_code == 200
    page = client.get(f"/admin/democracy/voterule/{rule.pk}/change/")
    assert "Trưởng thôn" in page.content.decode()
    _record()
    assert client.get("/admin/democracy/communitydecision/").status_code == 200
    assert client.get("/admin/democracy/publicationcategory/").status_code == 200
    assert client.get("/admin/democracy/publication/").status_code == 200
