from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.places.models import AdminUnit, AdminUnitSuccession
from danvan.places.tests.conftest import BEFORE

pytestmark = pytest.mark.django_db


def make_province(code: str, communes: int) -> AdminUnit:
    """A province with `communes` current communes, each the successor of a former one."""
    province = AdminUnit.objects.create(
        code=code,
        name=f"Tỉnh Thử {code}",
        short_name=f"Thử {code}",
        division_type="tỉnh",
        level="province",
        path="",
    )
    province.path = f"/{province.pk}/"
    province.save(update_fields=["path"])
    for number in range(communes):
        for valid_from, valid_to in ((None, dt.date(2025, 6, 30)), (dt.date(2025, 7, 1), None)):
            ward = AdminUnit.objects.create(
                code=f"{code}{number:03}",
                name=f"Xã Thử {number}",
                short_name=f"Thử {number}",
                division_type="xã",
                level="commune",
                parent=province,
                path="",
                valid_from=valid_from,
                valid_to=valid_to,
                search_name=f"xa thu {number}",
            )
            ward.path = f"{province.path}{ward.pk}/"
            ward.save(update_fields=["path"])
        former, current = AdminUnit.objects.filter(code=f"{code}{number:03}").order_by("pk")
        AdminUnitSuccession.objects.create(
            predecessor=former, successor=current, kind="merge", effective_on=dt.date(2025, 7, 1)
        )
    return province


def test_pages_need_a_login(client, ha_tinh):
    hoanh_son = AdminUnit.objects.current().get(code="18832")
    for url in (reverse("places:unit_list"), reverse("places:unit_detail", args=[hoanh_son.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/" in response["Location"]


def test_unit_list_searches_without_accents(officer_client, ha_tinh):
    response = officer_client.get(reverse("places:unit_list"), {"q": "hoanh son"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Phường Hoành Sơn" in body
    assert "Phường Sông Trí" not in body


def test_unit_list_filters_by_province_level_and_former_units(officer_client, ha_tinh):
    url = reverse("places:unit_list")

    current = officer_client.get(url, {"province": "42", "level": "commune", "q": "ky"})
    with_former = officer_client.get(
        url, {"province": "42", "level": "commune", "q": "ky loi", "include_former": "1"}
    )

    assert "Xã Kỳ Lợi" not in current.content.decode()
    body = with_former.content.decode()
    assert "Xã Kỳ Lợi" in body
    assert "Phường Vũng Áng" in body  # "nay thuộc …"
    # Bad filter values are ignored, not errors
    assert officer_client.get(url, {"level": "nope", "page": "x"}).status_code == 200


def test_unit_list_takes_the_same_number_of_queries_for_few_and_many_rows(officer_client):
    # Given a province with 6 rows to list (3 current and 3 former communes) and one with 50
    make_province("98", 3)
    make_province("99", 25)
    url = reverse("places:unit_list")
    officer_client.get(url)  # warm the session

    counts = {}
    for code, rows in (("98", 6), ("99", 50)):
        with CaptureQueriesContext(connection) as queries:
            response = officer_client.get(url, {"province": code, "include_former": "1"})
        assert response.status_code == 200
        assert response.content.decode().count(">Xã Thử") == rows
        counts[rows] = len(queries)

    assert counts[6] == counts[50]
    assert counts[50] <= 12


def test_unit_detail_shows_history_and_audit(officer_client, unit):
    ky_loi = unit("18796", on=BEFORE)

    response = officer_client.get(reverse("places:unit_detail", args=[ky_loi.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Xã Kỳ Lợi" in body
    assert "Thị xã Kỳ Anh" in body
    assert "Tỉnh Hà Tĩnh" in body
    assert "Nghị quyết 1665/NQ-UBTVQH15" in body
    assert "Phường Hoành Sơn" in body
    assert "Thôn Tân Phúc Thành" in body
    assert "Chia tách" in body


def test_unit_detail_of_a_province_lists_the_load_event(officer_client, unit):
    response = officer_client.get(reverse("places:unit_detail", args=[unit("42").pk]))

    assert response.status_code == 200
    assert "admin_units.load" in response.content.decode()


def test_unit_detail_of_an_unknown_unit_is_404(officer_client, db):
    assert officer_client.get(reverse("places:unit_detail", args=[999999])).status_code == 404
