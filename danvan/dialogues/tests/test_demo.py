"""The demo's dialogues: five in 2018 and one this year with commitments met and overdue,
and a voter meeting whose recommendations became petitions."""

from __future__ import annotations

import pytest

from danvan.compensation.demo import load_demo_compensation
from danvan.dialogues.demo import load_demo_dialogues
from danvan.dialogues.models import Commitment, CommitmentReminder, Dialogue
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_dialogues(api_client_for):
    orgs = {o.code: o for o in Organization.objects.all()}
    load_demo_compensation(orgs)
    load_demo_dialogues(orgs)
    load_demo_dialogues(orgs)  # once only
    marine = Dialogue.objects.filter(program__code="marine-2016")
    assert marine.count() == 5
    assert marine.filter(participants__household__isnull=False).distinct().count() == 5
    assert Commitment.objects.filter(status="done").count() >= 4
    overdue = [c for c in Commitment.objects.all() if c.overdue]
    assert len(overdue) >= 2
    assert marine.filter(published=True).count() == 5
    assert CommitmentReminder.objects.filter(user__username="hoanhson.chutich").count() >= 2
    meeting = Dialogue.objects.get(kind="voter_meeting")
    assert meeting.issues.filter(petition__isnull=False).count() == 2
    listed = api_client_for("hoanhson.canbo").get("/api/v1/dialogues/", {"page_size": 50})
    assert listed.status_code == 200
    flags = [c["overdue"] for row in listed.json()["results"] for c in row["commitments"]]
    assert flags.count(True) >= 2


def test_this_years_dialogues_have_invited_households_and_a_roll_call():
    orgs = {o.code: o for o in Organization.objects.all()}
    load_demo_compensation(orgs)
    load_demo_dialogues(orgs)
    relocation = Dialogue.objects.filter(program__code="tan-phuc-thanh-2018")
    held = relocation.get(status="held")
    assert held.published
    assert held.participants.count() == 24
    assert held.participants.filter(attended=True).count() == 20
    upcoming = relocation.get(status="planned")
    assert upcoming.participants.filter(household__isnull=False).count() == 10
