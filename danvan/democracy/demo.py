"""The demo's grassroots democracy in Phường Hoành Sơn: this autumn's publication register
(one item published late, one posted too briefly, one not yet due) and three village votes —
one passed and recognised, one failed at exactly half, one waiting for recognition."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from danvan.accounts.models import User
from danvan.democracy import publications, services
from danvan.democracy.models import CommunityDecision, PublicationCategory, VoteRule
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

# (category, title, document, days before today decided, postings: (channel, place, from
# days after the decision, days posted or None while posted))
PUBLICATIONS: list[tuple[str, str, str, int, list[tuple[str, str, int, Any]]]] = [
    ("socio-economic-plan", "Dự thảo kế hoạch phát triển kinh tế - xã hội năm 2027 của phường",
     "", 25, [("portal", "", 2, None), ("notice_board", "Trụ sở UBND phường", 2, None)]),
    ("budget", "Dự toán ngân sách phường năm 2027", "188/QĐ-UBND", 17,
     [("notice_board", "Trụ sở UBND phường", 10, None)]),
    ("inspections-and-complaints", "Kết quả giải quyết khiếu nại, tố cáo quý III năm 2026",
     "172/BC-UBND", 53, [("notice_board", "Trụ sở UBND phường", 1, 20)]),
    ("social-policies", "Danh sách hộ nghèo, hộ cận nghèo năm 2026", "160/QĐ-UBND", 73,
     [("notice_board", "Nhà văn hóa các tổ dân phố", 1, 35), ("radio", "", 1, 1)]),
    ("land-use", "Phương án bồi thường, hỗ trợ đợt 2 dự án đường ven biển qua phường",
     "201/QĐ-UBND", 2, []),
]  # fmt: skip


def load_demo_democracy(orgs: dict[str, Organization]) -> None:
    organization = orgs["hoanhson-ubnd"]
    if organization.publications.exists():
        return
    officer = User.objects.get(username="hoanhson.canbo")
    head = User.objects.get(username="hoanhson.chutich")
    ward = AdminUnit.objects.get(code="18832", valid_to__isnull=True)
    today = timezone.localdate()
    for code, title, number, ago, postings in PUBLICATIONS:
        publication = publications.publication_record(
            actor=officer,
            organization=organization,
            admin_unit=ward,
            category=PublicationCategory.objects.get(code=code),
            title=title,
            document_number=number,
            decided_on=today - dt.timedelta(days=ago),
        )
        for channel, place, after, length in postings:
            start = publication.decided_on + dt.timedelta(days=after)
            publications.publication_post(
                actor=officer,
                publication=publication,
                channel=channel,
                place=place,
                from_on=start,
                to_on=start + dt.timedelta(days=length - 1) if length else None,
            )
    _votes(organization, ward, officer, head, today)


def _votes(
    organization: Organization, ward: AdminUnit, officer: User, head: User, today: dt.date
) -> None:
    held = today - dt.timedelta(days=20)
    built = services.decision_record(
        actor=officer,
        organization=organization,
        admin_unit=ward,
        village="Tổ dân phố Tân Phúc Thành",
        rule=VoteRule.objects.get(code="public-works-contributions"),
        subject="Đóng góp xây dựng nhà văn hóa tổ dân phố tại khu tái định cư: "
        "500.000 đồng mỗi hộ, chia hai đợt.",
        method=CommunityDecision.Method.MEETING,
        noticed_on=held - dt.timedelta(days=5),
        held_on=held,
        households_total=152,
        households_voting=140,
        votes_for=104,  # 104 of 152: more than two thirds
        votes_against=31,
    )
    services.decision_recognize(
        actor=head, decision=built, on=held + dt.timedelta(days=6), number="205/QĐ-UBND"
    )
    services.decision_record(
        actor=officer,
        organization=organization,
        admin_unit=ward,
        village="Tổ dân phố Ba Đồng",
        rule=VoteRule.objects.get(code="village-head"),
        subject="Bầu ông Nguyễn Văn Hòa làm Tổ trưởng tổ dân phố nhiệm kỳ 2026-2028.",
        method=CommunityDecision.Method.BALLOT,
        held_on=today - dt.timedelta(days=12),
        households_total=210,
        households_voting=188,
        votes_for=105,  # exactly half: not more than half, so not elected
        votes_against=80,
        note="Tổ chức bầu lại theo hướng dẫn của UBND phường.",
    )
    services.decision_record(
        actor=officer,
        organization=organization,
        admin_unit=ward,
        village="Tổ dân phố Hoành Sơn",
        rule=VoteRule.objects.get(code="village-rules"),
        subject="Bổ sung quy ước về giữ gìn vệ sinh môi trường biển và bãi tắm.",
        method=CommunityDecision.Method.MEETING,
        noticed_on=today - dt.timedelta(days=9),
        held_on=today - dt.timedelta(days=6),
        households_total=176,
        households_voting=150,
        votes_for=131,
        votes_against=12,
    )
