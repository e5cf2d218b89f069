from __future__ import annotations

import pytest
from django.utils import timezone

from danvan.consultations import services
from danvan.consultations.models import ConsultationRule

pytestmark = pytest.mark.django_db


def test_admin_pages_are_read_only(client, persona, officer_user, opened):
    comment = services.comment_add(
        actor=officer_user,
        consultation=opened,
        text="Góp ý.",
        source="hotline",
        received_on=timezone.localdate(),
    )
    client.force_login(persona("admin"))
    for path in ("consultationrule", "consultation", "comment"):
        response = client.get(f"/admin/consultations/{path}/")
        assert response.status_code == 200, path
        assert f"/admin/consultations/{path}/add/" not in response.content.decode()
    response = client.get(f"/admin/consultations/consultation/{opened.pk}/change/")
    assert response.status_code == 200
    assert "Điều 1. Phạm vi" in response.content.decode()
    assert client.get(f"/admin/consultations/comment/{comment.pk}/change/").status_code == 200
    rule = ConsultationRule.objects.get(code="period")
    url = f"/admin/consultations/consultationrule/{rule.pk}/change/"
    client.post(url, {"code": "period", "min_days": 1, "citation": "x"})
    rule.refresh_from_db()
    assert rule.min_days == 20
