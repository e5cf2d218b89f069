"""The module navigation follows the named rules."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_administration_module_is_offered_to_system_administrators_only(client, persona):
    from django.test import RequestFactory

    from danvan.core.context_processors import navigation

    request = RequestFactory().get("/")
    request.user = persona("admin")
    admin_links = {item["url"] for item in navigation(request)["nav_modules"]}
    request.user = persona("hoanhson.chutich")
    head_links = {item["url"] for item in navigation(request)["nav_modules"]}

    assert "/admin/" in admin_links
    assert "/audit/" in admin_links
    assert "/admin/" not in head_links
    assert "/audit/" not in head_links


def test_only_the_closest_module_is_active(client, persona):
    client.force_login(persona("hoanhson.canbo"))

    response = client.get("/petitions/backlog/")

    active = [item["url"] for item in response.context["nav_modules"] if item["active"]]
    assert active == ["/petitions/backlog/"]
