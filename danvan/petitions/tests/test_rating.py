"""The citizen's rating of an answer, and published answers."""

from __future__ import annotations

import pytest

from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.notifications.models import Notification
from danvan.petitions import services
from danvan.petitions.models import Status
from danvan.petitions.tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(register, persona):
    petition = register(kind="feedback", received_on=d("2026-03-02"))
    services.petition_reply(
        actor=persona("hoanhson.canbo"), petition=petition, on=d("2026-03-05"), text="Đã sửa."
    )
    return petition


def test_a_satisfied_rating_is_kept(answered):
    rating = services.petition_rate(petition=answered, value="satisfied", on=d("2026-03-06"))

    assert rating.replied_on == d("2026-03-05")
    assert answered.status == Status.REPLIED


def test_an_unsatisfied_rating_reopens_the_case_for_the_head(answered, persona):
    services.petition_rate(
        petition=answered, value="unsatisfied", comment="Đèn vẫn hỏng", on=d("2026-03-06")
    )

    answered.refresh_from_db()
    assert answered.status == Status.ACCEPTED
    review = Notification.objects.get(kind="review", petition=answered)
    assert review.user == persona("hoanhson.chutich")


def test_an_answer_is_rated_once_and_only_once_answered(register, answered):
    services.petition_rate(petition=answered, value="partly", on=d("2026-03-06"))

    with pytest.raises(InvalidTransition):
        services.petition_rate(petition=answered, value="satisfied", on=d("2026-03-07"))
    with pytest.raises(InvalidTransition):
        services.petition_rate(petition=register(), value="satisfied")
    with pytest.raises(ValidationFailed):
        services.petition_rate(petition=answered, value="meh")


def test_publishing_an_answer(answered, register, persona):
    officer = persona("hoanhson.canbo")

    services.petition_publish_answer(actor=officer, petition=answered, published=True)

    assert answered.answer_published
    with pytest.raises(InvalidTransition):
        services.petition_publish_answer(actor=officer, petition=register(), published=True)


def test_the_backlog_board_shows_satisfaction_per_organisation(register, persona, client):
    officer = persona("hoanhson.canbo")
    for value in ("satisfied", "satisfied", "partly", "unsatisfied"):
        petition = register(kind="feedback", received_on=d("2026-11-02"))
        services.petition_reply(actor=officer, petition=petition, on=d("2026-11-03"))
        services.petition_rate(petition=petition, value=value, on=d("2026-11-04"))
    client.force_login(persona("hoanhson.chutich"))

    board = client.get("/petitions/backlog/").context["board"]

    line = board.satisfaction[0]
    assert line.organization == "Ủy ban nhân dân phường Hoành Sơn"
    assert (line.satisfied, line.partly, line.unsatisfied) == (2, 1, 1)
    assert line.rate == 62.5


def test_an_officer_publishes_an_answer_from_the_case_page(answered, client, persona):
    client.force_login(persona("hoanhson.canbo"))

    page = client.get(f"/petitions/{answered.public_id}/").content.decode()
    client.post(f"/petitions/{answered.public_id}/publish/", {"published": "1"})
    answered.refresh_from_db()

    assert "Công khai câu trả lời" in page
    assert answered.answer_published
    client.post(f"/petitions/{answered.public_id}/publish/", {"published": "0"})
    answered.refresh_from_db()
    assert not answered.answer_published
