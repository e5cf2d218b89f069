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
