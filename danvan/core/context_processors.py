"""The module navigation shown on every back-office page."""

from __future__ import annotations

from typing import Any

import rules
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, named rule needed or None). Later apps add their modules here.
# The rules are checked with django-rules directly: no database permission queries.
MODULES: list[tuple[str, Any, str | None]] = [
    ("core:home", _("Tổng quan"), None),
    ("petitions:backlog", _("Bảng theo dõi"), None),
    ("petitions:petition_list", _("Đơn thư"), None),
    ("receptions:session_list", _("Tiếp công dân"), None),
    ("portal:appointment_list", _("Lịch hẹn tiếp dân"), "organizations.view_organization"),
    ("compensation:program_list", _("Bồi thường, hỗ trợ"), None),
    ("dialogues:dialogue_list", _("Đối thoại"), None),
    ("consultations:consultation_list", _("Lấy ý kiến dự thảo"), None),
    ("democracy:publication_list", _("Công khai, dân quyết định"), None),
    ("places:unit_list", _("Đơn vị hành chính"), None),
    ("organizations:organization_list", _("Cơ quan, tổ chức"), None),
    ("deadlines:calendar", _("Lịch làm việc"), None),
    ("deadlines:rule_list", _("Thời hạn theo luật"), None),
    ("audit:event_list", _("Nhật ký thao tác"), "audit.view_trail"),
    ("admin:index", _("Quản trị hệ thống"), "core.access_admin"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_modules": []}
    items = [
        {"url": reverse(url_name), "label": label, "active": False}
        for url_name, label, perm in MODULES
        if not perm or rules.has_perm(perm, user)
    ]
    # The module whose address is the longest prefix of the page's is the active one.
    matches = [
        item
        for item in items
        if (
            request.path == item["url"]
            if item["url"] == "/"
            else request.path.startswith(item["url"])
        )
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_modules": items}
