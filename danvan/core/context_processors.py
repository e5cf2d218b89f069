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
    items = []
    for url_name, label, perm in MODULES:
        if perm and not rules.has_perm(perm, user):
            continue
        url = reverse(url_name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {"nav_modules": items}
