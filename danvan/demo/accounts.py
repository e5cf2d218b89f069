"""The demo's organisations and log-ins (shared/API.md "Demo accounts")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from danvan.accounts.models import User
from danvan.accounts.services import user_create
from danvan.organizations.models import Membership, Organization
from danvan.organizations.services import membership_add, organization_create
from danvan.places.models import AdminUnit

HA_TINH = "42"
WARDS = {
    "vungang": ("18823", "Vũng Áng"),
    "songtri": ("18754", "Sông Trí"),
    "hoanhson": ("18832", "Hoành Sơn"),
    "haininh": ("18781", "Hải Ninh"),
}
FORMER_TOWN = "449"  # Thị xã Kỳ Anh, until 30/6/2025
FORMER_KY_LOI = "18796"
REORGANIZED_ON = dt.date(2025, 7, 1)
LAST_DAY_BEFORE = dt.date(2025, 6, 30)

# (code suffix, name prefix, kind, branch)
MASS_ORGANIZATIONS = [
    ("hnd", "Hội Nông dân", "mass_organization", "farmers"),
    ("hlhpn", "Hội Liên hiệp Phụ nữ", "mass_organization", "women"),
    ("hccb", "Hội Cựu chiến binh", "mass_organization", "veterans"),
    ("dtn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "mass_organization", "youth"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    description: str


DEMO_LOGINS = [
    DemoLogin("admin", "Quản trị hệ thống", "Quản trị hệ thống / system administrator"),
    DemoLogin(
        "tinh.danvan",
        "Nguyễn Thị Thu Hà",
        "Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy Hà Tĩnh: toàn tỉnh",
    ),
    DemoLogin("hoanhson.canbo", "Trần Văn Bình", "Cán bộ phường Hoành Sơn: phường Hoành Sơn"),
    DemoLogin(
        "hoanhson.chutich",
        "Lê Quang Hưng",
        "Chủ tịch UBND phường Hoành Sơn: người đứng đầu",
    ),
    DemoLogin("songtri.canbo", "Phạm Thị Lan", "Cán bộ phường Sông Trí: chỉ phường Sông Trí"),
]


def _unit(code: str, *, current: bool = True) -> AdminUnit:
    qs = AdminUnit.objects.filter(code=code)
    qs = qs.filter(valid_to__isnull=True) if current else qs.filter(valid_to__isnull=False)
    return qs.get()


def _org(
    code: str,
    name: str,
    kind: str,
    level: str,
    units: list[AdminUnit],
    parent: Organization | None = None,
    branch: str = "",
    valid_to: dt.date | None = None,
) -> Organization:
    return organization_create(
        actor=None,
        code=code,
        name=name,
        kind=kind,
        level=level,
        jurisdiction=units,
        parent=parent,
        branch=branch,
        valid_to=valid_to,
    )


def build_organizations() -> dict[str, Organization]:
    """Province, ward and 2018 organisations of the demo area."""
    province = _unit(HA_TINH)
    orgs: dict[str, Organization] = {}
    orgs["ht-tinhuy"] = _org(
        "ht-tinhuy", "Tỉnh ủy Hà Tĩnh", "party_committee", "province", [province]
    )
    orgs["ht-btgdv"] = _org(
        "ht-btgdv",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Hà Tĩnh",
        "mass_mobilization_board",
        "province",
        [province],
        parent=orgs["ht-tinhuy"],
    )
    orgs["ht-ubnd"] = _org(
        "ht-ubnd", "Ủy ban nhân dân tỉnh Hà Tĩnh", "people_committee", "province", [province]
    )
    orgs["ht-mttq"] = _org(
        "ht-mttq",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hà Tĩnh",
        "fatherland_front",
        "province",
        [province],
    )
    for suffix, name, kind, branch in MASS_ORGANIZATIONS:
        label = "Tỉnh đoàn Hà Tĩnh" if branch == "youth" else f"{name} tỉnh Hà Tĩnh"
        orgs[f"ht-{suffix}"] = _org(
            f"ht-{suffix}", label, kind, "province", [province], branch=branch
        )

    for slug, (code, ward_name) in WARDS.items():
        ward = _unit(code)
        party = _org(
            f"{slug}-dangu",
            f"Đảng ủy phường {ward_name}",
            "party_committee",
            "commune",
            [ward],
            parent=orgs["ht-tinhuy"],
        )
        orgs[party.code] = party
        orgs[f"{slug}-ubnd"] = _org(
            f"{slug}-ubnd",
            f"Ủy ban nhân dân phường {ward_name}",
            "people_committee",
            "commune",
            [ward],
            parent=orgs["ht-ubnd"],
        )
        front = _org(
            f"{slug}-mttq",
            f"Ủy ban Mặt trận Tổ quốc Việt Nam phường {ward_name}",
            "fatherland_front",
            "commune",
            [ward],
            parent=orgs["ht-mttq"],
        )
        orgs[front.code] = front
        for suffix, name, kind, branch in MASS_ORGANIZATIONS:
            label = (
                f"Đoàn Thanh niên phường {ward_name}"
                if branch == "youth"
                else (f"{name} phường {ward_name}")
            )
            orgs[f"{slug}-{suffix}"] = _org(
                f"{slug}-{suffix}",
                label,
                kind,
                "commune",
                [ward],
                parent=orgs[f"ht-{suffix}"],
                branch=branch,
            )

    # The 2018 structure, kept for historical records.
    town = _unit(FORMER_TOWN, current=False)
    orgs["kyanh-thiuy"] = _org(
        "kyanh-thiuy",
        "Thị ủy Kỳ Anh",
        "party_committee",
        "district",
        [town],
        parent=orgs["ht-tinhuy"],
        valid_to=LAST_DAY_BEFORE,
    )
    orgs["kyanh-bdv"] = _org(
        "kyanh-bdv",
        "Ban Dân vận Thị ủy Kỳ Anh",
        "mass_mobilization_board",
        "district",
        [town],
        parent=orgs["kyanh-thiuy"],
        valid_to=LAST_DAY_BEFORE,
    )
    orgs["kyanh-ubnd"] = _org(
        "kyanh-ubnd",
        "Ủy ban nhân dân thị xã Kỳ Anh",
        "people_committee",
        "district",
        [town],
        parent=orgs["ht-ubnd"],
        valid_to=LAST_DAY_BEFORE,
    )
    orgs["kyloi-ubnd"] = _org(
        "kyloi-ubnd",
        "Ủy ban nhân dân xã Kỳ Lợi",
        "people_committee",
        "commune",
        [_unit(FORMER_KY_LOI, current=False)],
        parent=orgs["kyanh-ubnd"],
        valid_to=LAST_DAY_BEFORE,
    )
    return orgs


def build_logins(orgs: dict[str, Organization]) -> dict[str, User]:
    password = settings.DEMO_PASSWORD
    users: dict[str, User] = {}
    for login in DEMO_LOGINS:
        users[login.username] = user_create(
            actor=None,
            username=login.username,
            full_name=login.full_name,
            password=password,
            is_superuser=login.username == "admin",
        )
    memberships = [
        ("tinh.danvan", "ht-btgdv", Membership.Role.SPECIALIST, "Chuyên viên"),
        ("hoanhson.canbo", "hoanhson-ubnd", Membership.Role.OFFICER, "Công chức tiếp công dân"),
        ("hoanhson.chutich", "hoanhson-ubnd", Membership.Role.HEAD, "Chủ tịch UBND phường"),
        ("songtri.canbo", "songtri-ubnd", Membership.Role.OFFICER, "Công chức tiếp công dân"),
    ]
    for username, org_code, role, title in memberships:
        membership_add(
            actor=None, user=users[username], organization=orgs[org_code], role=role, title=title
        )
    return users


@transaction.atomic
def load_demo_accounts() -> dict[str, Organization]:
    orgs = build_organizations()
    build_logins(orgs)
    return orgs
