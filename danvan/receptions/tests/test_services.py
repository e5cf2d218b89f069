"""Services of citizen reception: the schedule's transitions, the register's serial numbers,
groups and their representatives, petitions created from or linked to a visit, audit events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danvan.audit.models import AuditEvent
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.petitions.services import PetitionerInput, petition_register
from danvan.receptions.models import (
    ReceptionCounter,
    ReceptionSession,
    ReceptionVisit,
    VisitPerson,
)
from danvan.receptions.services import (
    PersonInput,
    reception_session_cancel,
    reception_session_hold,
    reception_session_update,
    reception_visit_create_petition,
    reception_visit_link_petition,
)
from danvan.receptions.tests.conftest import d, people

pytestmark = pytest.mark.django_db


def events(target, action):
    return AuditEvent.objects.filter(target_id=str(target.pk), action=action)


# ---------------------------------------------------------------- schedule


def test_planning_takes_the_receivers_title_and_is_audited(plan, hoanhson):
    session = plan()

    assert session.status == ReceptionSession.Status.PLANNED
    assert session.receiver_title == "Chủ tịch UBND phường"
    assert session.admin_unit == hoanhson
    assert events(session, "reception_session.plan").count() == 1


def test_holding_a_past_session_and_refusing_a_future_one(plan):
    past = plan(date=d("2026-09-03"))
    future = plan(date=dt.date.today() + dt.timedelta(days=30))

    held = reception_session_hold(actor=None, session=past, held_note="Tiếp 3 lượt công dân.")

    assert held.status == ReceptionSession.Status.HELD
    assert events(held, "reception_session.hold").exists()
    with pytest.raises(ValidationFailed) as error:
        reception_session_hold(actor=None, session=future)
    assert error.value.code == "date_in_future"


def test_cancelling_needs_a_reason_and_only_a_planned_session(plan):
    session = plan()

    with pytest.raises(ValidationFailed):
        reception_session_cancel(actor=None, session=session, reason="  ")
    cancelled = reception_session_cancel(actor=None, session=session, reason="Họp đột xuất.")

    assert cancelled.status == ReceptionSession.Status.CANCELLED
    assert events(cancelled, "reception_session.cancel").exists()
    with pytest.raises(InvalidTransition):
        reception_session_hold(actor=None, session=cancelled)
    with pytest.raises(InvalidTransition):
        reception_session_cancel(actor=None, session=cancelled, reason="Lần nữa.")


def test_a_held_session_can_only_change_its_publication(plan):
    session = plan(held=True)

    with pytest.raises(InvalidTransition):
        reception_session_update(actor=None, session=session, place="Nơi khác")
    updated = reception_session_update(actor=None, session=session, published=True)

    assert updated.published is True
    assert events(updated, "reception_session.update").exists()


def test_overlapping_sessions_and_bad_times_are_refused(plan):
    plan(time_from=dt.time(7, 30), time_to=dt.time(11, 0))

    with pytest.raises(ValidationFailed) as overlap:
        plan(time_from=dt.time(10, 0), time_to=dt.time(12, 0))
    with pytest.raises(ValidationFailed) as order:
        plan(time_from=dt.time(14, 0), time_to=dt.time(13, 0))

    assert overlap.value.code == "overlapping_session"
    assert order.value.code == "invalid_time_range"
    plan(time_from=dt.time(13, 30), time_to=dt.time(16, 0))  # afternoon is free


def test_the_receiver_must_work_in_the_organisation(plan, persona):
    with pytest.raises(ValidationFailed) as error:
        plan(receiver=persona("songtri.canbo"))

    assert error.value.code == "receiver_not_member"
    assert "Ủy ban nhân dân phường Hoành Sơn" in str(error.value.message)


# ---------------------------------------------------------------- register


def test_serial_numbers_run_per_organisation_and_year(enter_visit, songtri_ubnd):
    first = enter_visit(visited_on=d("2026-01-05"))
    second = enter_visit(visited_on=d("2026-02-05"))
    next_year_first = enter_visit(visited_on=d("2025-12-30"))
    elsewhere = enter_visit(organization=songtri_ubnd, visited_on=d("2026-02-06"))

    assert (first.number, second.number) == (1, 2)
    assert next_year_first.number == 1
    assert next_year_first.register_year == 2025
    assert elsewhere.number == 1
    assert second.register_label == "2/2026"
    assert events(first, "reception_visit.create").get().changes["number"]["after"] == "1/2026"


def test_a_visit_records_the_art_25_fields_and_its_people(enter_visit, persona):
    visit = enter_visit(previous_handling="Đã gửi đơn năm 2019.", outcome_text="Nhận đơn.")

    assert visit.full_name == "Nguyễn Văn An"
    assert visit.id_number == "042080001234"
    assert visit.received_by == persona("hoanhson.canbo")
    assert visit.collective is False
    assert visit.people_count == 1
    assert list(visit.people.values_list("full_name", flat=True)) == ["Nguyễn Văn An"]
    assert "boi thuong dat dai" in visit.search_text


def test_five_people_are_a_group_that_needs_a_representative(enter_visit):
    with pytest.raises(ValidationFailed) as error:
        enter_visit(people=people(5))

    assert error.value.code == "representative_required"
    group = enter_visit(people=people(5, representatives=1))
    assert group.collective is True
    assert group.people_count == 5
    assert group.full_name == "Người dân 1"


@pytest.mark.parametrize(
    ("count", "representatives", "allowed"),
    [(5, 2, True), (10, 2, True), (10, 3, False), (11, 5, True), (12, 5, True), (12, 6, False)],
)
def test_representative_limits(enter_visit, count, representatives, allowed):
    listed = people(max(representatives, 1), representatives=representatives)

    if allowed:
        visit = enter_visit(people=listed, people_count=count)
        assert visit.collective
        assert visit.people_count == count
    else:
        with pytest.raises(ValidationFailed) as error:
            enter_visit(people=listed, people_count=count)
        assert error.value.code == "too_many_representatives"
        assert "tối đa" in str(error.value.message)
        assert not ReceptionVisit.objects.exists()


def test_bad_input_saves_nothing(enter_visit, hoanhson_ubnd):
    future = dt.date.today() + dt.timedelta(days=1)

    cases: list[tuple[dict[str, Any], str]] = [
        ({"visited_on": future}, "date_in_future"),
        ({"content": "   "}, "required"),
        ({"outcome": "nonsense"}, "invalid_outcome"),
        ({"people": []}, "people_required"),
        ({"people": [PersonInput(full_name="Nguyễn Văn An", phone="12")]}, "invalid_phone"),
        (
            {"people": [PersonInput(full_name="Nguyễn Văn An", id_number="123")]},
            "invalid_id_number",
        ),
    ]
    for overrides, code in cases:
        with pytest.raises(ValidationFailed) as error:
            enter_visit(**overrides)
        assert error.value.code == code

    assert not ReceptionVisit.objects.exists()
    assert not VisitPerson.objects.exists()
    assert not ReceptionCounter.objects.filter(
        organization=hoanhson_ubnd, last_number__gt=0
    ).exists()


def test_a_visit_in_a_session_must_share_its_date_and_organisation(plan, enter_visit, songtri_ubnd):
    session = plan(date=d("2026-09-03"))

    with pytest.raises(ValidationFailed) as wrong_date:
        enter_visit(session=session, visited_on=d("2026-09-04"))
    with pytest.raises(ValidationFailed) as wrong_org:
        enter_visit(session=session, organization=songtri_ubnd)

    assert wrong_date.value.code == "date_not_session_date"
    assert wrong_org.value.code == "session_other_organization"
    assert enter_visit(session=session).session == session


# ---------------------------------------------------------------- petitions


def test_a_group_visit_creates_a_collective_petition(enter_visit, persona):
    visit = enter_visit(people=people(5, representatives=5), people_count=12)

    petition = reception_visit_create_petition(
        actor=persona("hoanhson.canbo"),
        visit=visit,
        kind="recommendation",
        content="Đề nghị hoàn thiện hạ tầng khu tái định cư Tân Phúc Thành.",
    )

    assert petition.channel == "in_person"
    assert petition.received_on == visit.visited_on
    assert petition.organization == visit.organization
    assert petition.collective is True
    assert petition.signatory_count == 12
    assert petition.petitioners.filter(is_representative=True).count() == 5
    assert list(visit.petitions.all()) == [petition]
    event = events(visit, "reception_visit.create_petition").get()
    assert event.note == petition.public_id


def test_a_petition_that_fails_its_rules_leaves_the_visit_unlinked(enter_visit, persona):
    visit = enter_visit()

    with pytest.raises(ValidationFailed):
        reception_visit_create_petition(
            actor=persona("hoanhson.canbo"), visit=visit, kind="complaint", content=""
        )

    assert not visit.petitions.exists()


def _petition(organization, actor, content="Phản ánh ngập nước tại tổ dân phố."):
    return petition_register(
        actor=actor,
        organization=organization,
        kind="feedback",
        channel="post",
        received_on=d("2026-08-01"),
        content=content,
        petitioners=[PetitionerInput(full_name="Trần Thị Bích")],
    )


def test_linking_a_visible_petition_once(enter_visit, persona, hoanhson_ubnd):
    officer = persona("hoanhson.canbo")
    visit = enter_visit()
    petition = _petition(hoanhson_ubnd, officer)

    reception_visit_link_petition(actor=officer, visit=visit, petition=petition)

    assert list(visit.petitions.all()) == [petition]
    assert events(visit, "reception_visit.link_petition").exists()
    with pytest.raises(ValidationFailed) as again:
        reception_visit_link_petition(actor=officer, visit=visit, petition=petition)
    assert again.value.code == "already_linked"


def test_a_petition_outside_the_actors_scope_cannot_be_linked(enter_visit, persona, songtri_ubnd):
    visit = enter_visit()
    elsewhere = _petition(songtri_ubnd, persona("songtri.canbo"))

    with pytest.raises(ValidationFailed) as error:
        reception_visit_link_petition(
            actor=persona("hoanhson.canbo"), visit=visit, petition=elsewhere
        )

    assert error.value.code == "petition_not_found"
    assert not visit.petitions.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_visits_get_distinct_serial_numbers():
    import threading

    from django.db import connection

    from danvan.organizations.models import Organization
    from danvan.receptions.services import reception_visit_create

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers itself (IMMEDIATE transactions); PostgreSQL runs it")
    organization = Organization.objects.create(
        code="reception-concurrency", name="Cơ quan thử", kind="people_committee", level="commune"
    )
    numbers: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def worker(index: int) -> None:
        try:
            barrier.wait()
            visit = reception_visit_create(
                actor=None,
                organization=organization,
                visited_on=d("2026-03-02"),
                people=[PersonInput(full_name=f"Người {index}")],
                content=f"Phản ánh số {index}.",
                outcome="answered",
            )
            numbers.append(visit.number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]
