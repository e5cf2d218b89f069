"""Booking a place in a leader's published reception session, and the officers' list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.core.errors import InvalidTransition
from danvan.organizations.models import Organization
from danvan.portal import services
from danvan.portal.models import ReceptionAppointment
from danvan.receptions.models import ReceptionSession
from danvan.receptions.services import reception_session_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(persona):
    """`plan(days=7, published=True, status="planned")` → a session of the Hoành Sơn chairman."""
    chairman = persona("hoanhson.chutich")
    organization = Organization.objects.get(code="hoanhson-ubnd")

    def make(*, days: int = 7, published: bool = True, status: str = "planned", hour: int = 8):
        session = reception_session_plan(
            actor=chairman,
            organization=organization,
            receiver=chairman,
            date=timezone.localdate() + dt.timedelta(days=days),
            time_from=dt.time(hour, 0),
            time_to=dt.time(hour + 3, 0),
            place="Trụ sở UBND phường Hoành Sơn",
            published=published,
        )
        if status != "planned":
            ReceptionSession.objects.filter(pk=session.pk).update(status=status)
            session.refresh_from_db()
        return session

    return make


def _book(client, session, **changes):
    data = {
        "full_name": "Lê Văn Hải",
        "phone": "0903 111 222",
        "topic": "Hỏi về tiến độ cấp giấy chứng nhận quyền sử dụng đất.",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return client.post(reverse("portal:book", args=[session.public_id]), data)


def test_only_published_planned_future_sessions_are_offered(client, plan):
    offered = plan(days=7)
    hidden = plan(days=8, published=False)
    cancelled = plan(days=9, status="cancelled")
    past = plan(days=-2)

    html = client.get(reverse("portal:sessions")).content.decode()

    assert offered.public_id in html
    for session in (hidden, cancelled, past):
        assert session.public_id not in html
        assert _book(client, session).status_code == 404


def test_booking_a_place(client, plan, sent):
    session = plan()

    response = _book(client, session)

    assert response.status_code == 302
    appointment = ReceptionAppointment.objects.get(session=session)
    assert appointment.full_name == "Lê Văn Hải"
    assert appointment.phone == "0903111222"
    assert appointment.status == "booked"
    assert sent[-1]["to"] == "0903111222"
    assert appointment.public_id in client.get(response["Location"]).content.decode()


def test_one_booking_per_phone_per_session(client, plan):
    session = plan()
    _book(client, session)

    again = _book(client, session, full_name="Lê Thị Hoa", phone="+84903111222")

    assert again.status_code == 400
    assert 'id="id_phone_error"' in again.content.decode()
    assert ReceptionAppointment.objects.filter(session=session).count() == 1
    # Another session is fine.
    assert _book(client, plan(days=14)).status_code == 302


def test_a_session_holds_a_limited_number(client, plan, settings):
    settings.PORTAL_APPOINTMENTS_PER_SESSION = 1
    session = plan()
    _book(client, session)

    refused = _book(client, session, phone="0903999888")

    assert refused.status_code == 400
    assert "đủ số người" in refused.content.decode()
    assert ReceptionAppointment.objects.filter(session=session).count() == 1
    assert "Đã đủ người đặt lịch" in client.get(reverse("portal:sessions")).content.decode()


def test_booking_needs_consent_and_every_field(client, plan):
    session = plan()

    response = _book(client, session, consent="", topic="", full_name="")

    html = response.content.decode()
    assert response.status_code == 400
    for field in ("consent", "topic", "full_name"):
        assert f'id="id_{field}_error"' in html
    assert not ReceptionAppointment.objects.exists()


def test_the_service_refuses_a_session_that_closed_meanwhile(plan):
    session = plan()
    ReceptionSession.objects.filter(pk=session.pk).update(status="cancelled")

    with pytest.raises(InvalidTransition):
        services.appointment_book(
            session=session, full_name="Lê Văn Hải", phone="0903111222", topic="Đất đai"
        )


def test_bookings_are_rate_limited(client, plan, settings):
    settings.PORTAL_BOOK_RATE = (1, 3600)
    session = plan()
    _book(client, session)

    assert _book(client, session, phone="0903999888").status_code == 429


def test_officers_of_the_organisation_see_the_appointments(client, plan, persona):
    session = plan()
    _book(client, session)
    url = reverse("portal:appointment_list")

    assert client.get(url).status_code == 302  # log-in required
    client.force_login(persona("hoanhson.canbo"))
    html = client.get(url).content.decode()
    assert "Lê Văn Hải" in html
    assert "0903111222" in html
    client.force_login(persona("songtri.canbo"))
    assert "Lê Văn Hải" not in client.get(url).content.decode()
    client.force_login(persona("tinh.danvan"))
    assert "Lê Văn Hải" not in client.get(url).content.decode()
