"""A forwarded petition: the receiver records its receipt, resolves it in its own register,
and owes the sender a report within 7 working days of resolving it."""

from __future__ import annotations

import pytest

from danvan.organizations.models import Organization
from danvan.petitions import services
from danvan.petitions.models import Forwarding, Petition
from danvan.petitions.tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded(register, persona):
    petition = register(kind="feedback", received_on=d("2026-08-10"))
    services.petition_forward(
        actor=persona("hoanhson.canbo"),
        petition=petition,
        on=d("2026-08-12"),
        to_organization=Organization.objects.get(code="songtri-ubnd"),
    )
    return petition


def test_the_receiver_records_receipt_and_owes_a_report_after_resolving(forwarded, persona):
    receiver = persona("songtri.canbo")
    forwarding = forwarded.forwardings.get()

    received = services.forwarding_receive(
        actor=receiver, forwarding=forwarding, on=d("2026-08-14")
    )

    assert received.organization.code == "songtri-ubnd"
    assert received.channel == "forwarded"
    assert received.petitioners.get().full_name == "Nguyễn Văn An"
    assert received.deadlines.get().step == "reply"
    services.petition_accept(actor=receiver, petition=received, on=d("2026-08-17"))
    services.petition_resolve(
        actor=receiver, petition=received, on=d("2026-08-20"), outcome="answered", summary="Xong"
    )
    forwarding.refresh_from_db()
    # 7 working days after Thu 20 Aug: 21, Sat 22 (make-up day), 24, 25, 26, 27, 28 Aug.
    assert forwarding.report_due_on == d("2026-08-28")
    assert forwarding.received_petition == received


def test_receipt_through_the_api_and_its_guards(forwarded, api_client_for):
    url = f"/api/v1/petitions/{forwarded.public_id}/receive/"

    sender = api_client_for("hoanhson.canbo").post(url, {"on": "2026-08-14"}, format="json")
    received = api_client_for("songtri.canbo").post(url, {"on": "2026-08-14"}, format="json")
    again = api_client_for("songtri.canbo").post(url, {"on": "2026-08-14"}, format="json")

    assert sender.status_code == 403
    assert received.status_code == 201
    assert received.json()["organization"] == "songtri-ubnd"
    assert received.json()["channel"] == "forwarded"
    assert again.status_code == 403  # nothing left to receive
    assert Forwarding.objects.get(petition=forwarded).received_on == d("2026-08-14")


def test_a_petition_not_forwarded_cannot_be_received(register, api_client_for):
    petition = register()

    response = api_client_for("hoanhson.canbo").post(
        f"/api/v1/petitions/{petition.public_id}/receive/", {"on": "2026-02-11"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "not_forwarded"


def test_the_receiver_receives_it_from_the_case_page(forwarded, client, persona):
    client.force_login(persona("songtri.canbo"))
    page = client.get(f"/petitions/{forwarded.public_id}/").content.decode()

    response = client.post(f"/petitions/{forwarded.public_id}/receive/")

    assert "Vào sổ đơn chuyển đến" in page
    received = Petition.objects.get(forwarded_from__petition=forwarded)
    assert response["Location"].startswith(f"/petitions/{received.public_id}/")
