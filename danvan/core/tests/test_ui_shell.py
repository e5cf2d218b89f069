"""The UI shell: base layout, log-in page, home page, error pages, partials and tags."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from danvan.audit.services import audit_record
from danvan.organizations.models import Membership, Organization
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-rat-dai-2026"


@pytest.fixture
def officer(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        username="canbo", password=PASSWORD, full_name="Nguyễn Thị Hoa"
    )


@pytest.fixture
def membership(officer: Any) -> Membership:
    commune = AdminUnit.objects.create(
        code="18550",
        name="Xã Kỳ Lợi",
        short_name="Kỳ Lợi",
        division_type="xã",
        level=AdminUnit.Level.COMMUNE,
    )
    organization = Organization.objects.create(
        code="ubnd-ky-loi",
        name="Ủy ban nhân dân xã Kỳ Lợi",
        kind=Organization.Kind.PEOPLE_COMMITTEE,
        level=Organization.Level.COMMUNE,
    )
    organization.jurisdiction.add(commune)
    return Membership.objects.create(
        user=officer,
        organization=organization,
        role=Membership.Role.OFFICER,
        title="Công chức tư pháp - hộ tịch",
    )


def test_anonymous_user_is_sent_to_log_in(client: Any) -> None:
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_in_vietnamese_by_default(client: Any) -> None:
    response = client.get("/accounts/login/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "<title>Đăng nhập · Dân Vận</title>" in html
    assert "autofocus" in html
    assert 'action="/i18n/setlang/"' in html


def test_login_page_switches_to_english(client: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302

    html = client.get("/accounts/login/").content.decode()

    assert '<html lang="en">' in html
    assert re.search(r'value="en"[^>]*aria-pressed="true"', html)


def test_wrong_password_is_announced(client: Any, officer: Any) -> None:
    response = client.post("/accounts/login/", {"username": "canbo", "password": "sai"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in html


@pytest.mark.parametrize(("debug", "logged_in"), [(False, False), (True, True)])
def test_demo_password_only_works_in_debug(
    client: Any, django_user_model: Any, settings: Any, debug: bool, logged_in: bool
) -> None:
    settings.DEBUG = debug
    django_user_model.objects.create_user(username="demo", password=settings.DEMO_PASSWORD)

    response = client.post(
        "/accounts/login/", {"username": "demo", "password": settings.DEMO_PASSWORD}
    )

    if logged_in:
        assert response.status_code == 302
        assert response["Location"] == "/"
    else:
        assert response.status_code == 200
        assert "Mật khẩu mẫu của bản trình diễn" in response.content.decode()


def test_home_shows_the_officers_membership(client: Any, officer: Any, membership: Any) -> None:
    client.force_login(officer)

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Hoa" in html
    assert "Ủy ban nhân dân xã Kỳ Lợi" in html
    assert "Công chức tư pháp - hộ tịch" in html
    assert "Xã Kỳ Lợi" in html


def test_home_queries_do_not_grow_with_memberships(
    client: Any, officer: Any, membership: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(officer)
    client.get("/")  # warm caches (content types, session)
    for index in range(3):
        organization = Organization.objects.create(
            code=f"hoi-{index}",
            name=f"Hội {index}",
            kind=Organization.Kind.MASS_ORGANIZATION,
            level=Organization.Level.COMMUNE,
        )
        organization.jurisdiction.add(*membership.organization.jurisdiction.all())
        Membership.objects.create(user=officer, organization=organization, role="officer")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    assert response.status_code == 200
    # session, user, memberships with organisations, their jurisdiction, unread notifications
    assert len(queries) <= 5, [q["sql"] for q in queries]


def test_base_page_has_landmarks_skip_link_and_navigation(client: Any, officer: Any) -> None:
    client.force_login(officer)

    html = client.get("/").content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert re.search(r'<nav class="site-nav" aria-label="[^"]+"', html)
    assert 'href="/" aria-current="page"' in html
    assert 'action="/accounts/logout/"' in html
    assert "<title>Tổng quan · Dân Vận</title>" in html


def test_font_and_htmx_are_served_from_packages(client: Any, officer: Any) -> None:
    for face in ("Regular", "Medium", "SemiBold", "Bold", "Italic"):
        assert finders.find(f"fonts/be-vietnam-pro/BeVietnamPro-{face}.ttf")
    assert finders.find("core/css/danvan.css")
    assert finders.find("django_htmx/htmx-2.min.js")
    client.force_login(officer)

    html = client.get("/").content.decode()

    assert '<script src="/static/django_htmx/htmx-2.min.js"' in html
    assert 'href="/static/core/css/danvan.css"' in html


def test_unknown_url_gets_the_vietnamese_404_page(client: Any) -> None:
    response = client.get("/khong-co-trang-nay/")

    html = response.content.decode()
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Không tìm thấy trang" in html
    assert 'href="/"' in html


def test_500_page_renders_without_context() -> None:
    from django.template.loader import get_template

    html = get_template("500.html").render()

    assert "Hệ thống đang gặp sự cố" in html


def test_audit_trail_renders_events_in_one_query(
    officer: Any, membership: Membership, django_assert_num_queries: Any
) -> None:
    organization = membership.organization
    audit_record(
        actor=officer,
        action="organization.update",
        target=organization,
        before={"name": "UBND xã Kỳ Lợi"},
        after={"name": "Ủy ban nhân dân xã Kỳ Lợi"},
        note="Sửa tên đầy đủ",
    )
    audit_record(actor=officer, action="organization.create", target=membership)  # other record
    template = Template("{% load danvan_ui %}{% audit_trail obj %}")

    with django_assert_num_queries(1):
        html = template.render(Context({"obj": organization}))

    assert "organization.update" in html
    assert "organization.create" not in html
    assert "UBND xã Kỳ Lợi" in html
    assert "Ủy ban nhân dân xã Kỳ Lợi" in html
    assert "Sửa tên đầy đủ" in html
    assert '<span class="field-name">Tên</span>' in html  # the field's verbose name
    assert "canbo" in html


def test_audit_trail_has_an_empty_state(membership: Membership) -> None:
    html = Template("{% load danvan_ui %}{% audit_trail obj %}").render(
        Context({"obj": membership.organization})
    )

    assert "Chưa có thao tác nào được ghi lại." in html


def test_pagination_keeps_other_parameters() -> None:
    request = RequestFactory().get("/places/", {"q": "kỳ lợi", "level": "commune", "page": "2"})
    page_obj = Paginator(list(range(100)), 10).page(2)

    html = Template('{% include "core/_pagination.html" %}').render(
        Context({"request": request, "page_obj": page_obj})
    )

    assert "q=k%E1%BB%B3+l%E1%BB%A3i&amp;level=commune&amp;page=3" in html
    assert 'aria-current="page"' in html
    assert "11\u201320" in html  # an en dash


def test_field_partial_ties_help_and_errors_to_the_input() -> None:
    from django import forms

    class PetitionForm(forms.Form):
        title = forms.CharField(label="Tiêu đề", help_text="Tóm tắt nội dung đơn")
        note = forms.CharField(label="Ghi chú", required=False)

    form = PetitionForm(data={"title": ""})
    form.is_valid()

    html = Template('{% include "core/_form.html" %}').render(Context({"form": form}))

    assert '<label for="id_title">Tiêu đề</label>' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_title_helptext"' in html
    assert 'id="id_title_error"' in html
    assert "(không bắt buộc)" in html
    assert 'role="alert"' in html


def test_csrf_failure_page_explains_in_vietnamese() -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "a", "password": "b"})

    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
