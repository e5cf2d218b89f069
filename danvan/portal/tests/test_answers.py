"""Published answers: readable by anyone, without identities, never a denunciation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.organizations.models import Organization
from danvan.petitions import services as petition_services
from danvan.petitions.models import Petition
from danvan.petitions.services import PetitionerInput
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db

ANSWERS = reverse("portal:answers")


@pytest.fixture
def answer(persona):
    """`answer(kind="feedback", content=..., reply=..., publish=True)` → a replied petition."""
    officer = persona("hoanhson.canbo")
    organization = Organization.objects.get(code="hoanhson-ubnd")
    ward = AdminUnit.objects.get(code="18832", valid_to__isnull=True)

    def make(
        *,
        kind: str = "feedback",
        content: str = "Đèn đường tổ dân phố Ba Đồng bị hỏng.",
        reply: str = "Đã thay bóng đèn đường.",
        publish: bool = True,
        name: str = "Phan Văn Đức",
    ) -> Petition:
        today = timezone.localdate()
        petition = petition_services.petition_register(
            actor=officer,
            organization=organization,
            kind=kind,
            channel="web",
            received_on=today,
            content=content,
            admin_unit=ward,
            petitioners=[PetitionerInput(full_name=name, phone="0911222333", address="Xóm Bắc")],
        )
        if kind == "denunciation":
            petition_services.petition_accept(actor=officer, petition=petition, on=today)
            petition_services.petition_resolve(
                actor=officer,
                petition=petition,
                on=today,
                outcome="unsubstantiated",
                summary="Không có căn cứ.",
            )
        petition_services.petition_reply(actor=officer, petition=petition, on=today, text=reply)
        if publish:
            petition_services.petition_publish_answer(
                actor=officer, petition=petition, published=True
            )
        return petition

    return make


def test_published_answers_show_without_identity(client, answer):
    answer(
        content="Ông Phan Văn Đức phản ánh đèn đường hỏng.",
        reply="Trả lời ông Phan Văn Đức (0911222333): đã thay bóng đèn đường.",
    )

    html = client.get(ANSWERS).content.decode()

    assert "đã thay bóng đèn đường" in html
    assert "Phường Hoành Sơn" in html
    assert "Phan Văn Đức" not in html
    assert "0911222333" not in html
    assert "[…]" in html


def test_unpublished_answers_and_denunciations_are_never_shown(client, answer):
    answer(reply="Câu trả lời chưa công khai.", publish=False)
    denunciation = answer(kind="denunciation", reply="Kết luận tố cáo.", publish=False)
    # Even if the flag were set on a denunciation by other means.
    Petition.objects.filter(pk=denunciation.pk).update(answer_published=True)

    html = client.get(ANSWERS).content.decode()

    assert "Câu trả lời chưa công khai" not in html
    assert "Kết luận tố cáo" not in html
    assert "Chưa có câu trả lời nào được công khai" in html


def test_search_ignores_accents_but_not_names(client, answer):
    answer(reply="Đã sửa đèn đường.")
    answer(content="Rác thải ở chợ.", reply="Đã bố trí thu gom rác hằng ngày.", name="Võ Thị Thu")

    found = client.get(ANSWERS, {"q": "den duong"}).content.decode()
    by_name = client.get(ANSWERS, {"q": "vo thi thu"}).content.decode()

    assert "Đã sửa đèn đường" in found
    assert "thu gom rác" not in found
    assert "thu gom rác" not in by_name
    assert "Không tìm thấy" in by_name


def test_answers_are_paginated(client, answer):
    for number in range(12):
        answer(reply=f"Câu trả lời số {number:02d}.")

    first = client.get(ANSWERS).content.decode()
    second = client.get(ANSWERS, {"page": 2}).content.decode()

    assert first.count('class="card answer"') == 10
    assert second.count('class="card answer"') == 2
    assert "Trang sau" in first
