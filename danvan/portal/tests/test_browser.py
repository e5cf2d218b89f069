"""A real browser through the portal: a citizen submits feedback, reads the tracking code,
follows the case with code + phone; an officer then finds it in the back office.

Drives Debian's Chromium with Playwright; skipped only when /usr/bin/chromium is missing."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
OFFICER_PASSWORD = "Cong-dan-Hoanh-Son-2026"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")


def _demo_world() -> None:
    """Transactional tests start from the migrated database: load the demo area if missing."""
    from danvan.organizations.models import Organization

    if not Organization.objects.filter(code="hoanhson-ubnd").exists():
        from danvan.demo.accounts import load_demo_accounts
        from danvan.places.services import admin_units_load

        admin_units_load(provinces={"42"})
        load_demo_accounts()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_citizen_submits_and_follows_and_an_officer_finds_the_case(
    live_server: Any, monkeypatch: pytest.MonkeyPatch, sent: list[dict[str, str]]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from danvan.accounts.models import User
    from danvan.places.models import AdminUnit

    _demo_world()
    ward = AdminUnit.objects.get(code="18832", valid_to__isnull=True)
    village = AdminUnit.objects.get(parent=ward, name="Tổ dân phố Ba Đồng")
    officer = User.objects.get(username="hoanhson.canbo")
    officer.set_password(OFFICER_PASSWORD)
    officer.save(update_fields=["password"])
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        try:
            # The citizen, on a phone-sized screen.
            citizen = browser.new_context(viewport={"width": 360, "height": 800})
            page = citizen.new_page()
            page.goto(f"{base}/cong-dan/gui-don/")
            # An empty form: the error summary, each error tied to its field.
            page.get_by_role("button", name="Gửi đơn").click()
            expect(page.get_by_role("alert")).to_contain_text("Hãy chọn loại đơn")
            expect(page.locator("#id_phone")).to_have_attribute("aria-invalid", "true")
            page.get_by_role("radio", name="Phản ánh", exact=True).check()
            page.select_option("#id_commune", value=str(ward.pk))
            page.select_option("#id_village", value=str(village.pk))
            page.fill(
                "#id_content", "Cống thoát nước ở tổ dân phố Ba Đồng bị tắc, nước tràn ra đường."
            )
            page.fill("#id_full_name", "Nguyễn Thị Mai")
            page.fill("#id_phone", "0912 345 678")
            page.check("#id_consent")
            page.get_by_role("button", name="Gửi đơn").click()
            expect(page.get_by_role("heading", name="Đã nhận đơn của bạn")).to_be_visible()
            code = page.get_by_test_id("tracking-code").inner_text().strip()
            assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
            assert any(code in message["body"] for message in sent)
            citizen.close()

            # Later, from another device: code + phone.
            other = browser.new_context(viewport={"width": 360, "height": 800})
            page = other.new_page()
            page.goto(f"{base}/cong-dan/tra-cuu/")
            page.fill("#id_code", code.lower())
            page.fill("#id_phone", "0912345678")
            page.get_by_role("button", name="Tra cứu").click()
            expect(page.get_by_role("heading", name="Hồ sơ của bạn")).to_be_visible()
            expect(page.locator(".case-status")).to_contain_text("Đã nhận đơn")
            assert "Nguyễn Thị Mai" not in page.content()
            other.close()

            # The officer finds it in the back office by its tracking code.
            office = browser.new_context(viewport={"width": 1280, "height": 900})
            page = office.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", "hoanhson.canbo")
            page.fill("#id_password", OFFICER_PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            expect(page.locator("#current-user")).to_be_visible()
            page.goto(f"{base}/petitions/?q={code}")
            expect(page.locator("main")).to_contain_text("Cống thoát nước")
            office.close()
        finally:
            browser.close()
    assert os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") == "true"
