"""The Kỳ Anh demo's petitions: the 2018 story and today's work in the four wards.

Deterministic (a seeded generator); current cases are dated relative to today so that the
backlog board always shows cases due soon and overdue."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.deadlines.calendar import add_working_days
from danvan.organizations.models import Organization
from danvan.petitions import services
from danvan.petitions.models import Petition, Topic
from danvan.petitions.services import PetitionerInput
from danvan.places.models import AdminUnit

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đình", "Xuân", "Hữu", "Thanh", "Minh", "Quang", "Thu", "Ngọc"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Hà",
    "Hải",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Sơn",
    "Tâm",
    "Thành",
    "Thảo",
    "Trung",
    "Tuấn",
    "Yến",
]

STORIES = json.loads((Path(__file__).parent / "data" / "demo_stories.json").read_text("utf-8"))


def _story(entry: dict[str, str]) -> tuple[str, str, str, str]:
    return entry["kind"], entry["topic"], entry["title"], entry["content"]


WARDS = {  # organisation code → (ward code, a few street blocks)
    "hoanhson-ubnd": "18832",
    "vungang-ubnd": "18823",
    "songtri-ubnd": "18754",
    "haininh-ubnd": "18781",
}
CHANNELS = ["in_person", "post", "web", "phone", "email", "voter_meeting", "dialogue"]


@dataclass
class Context:
    rng: random.Random
    today: dt.date
    actor: User
    orgs: dict[str, Organization]
    topics: dict[str, Topic]


def person(rng: random.Random, address: str, *, with_id: bool = True) -> PetitionerInput:
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return PetitionerInput(
        full_name=name,
        address=address,
        phone=f"09{rng.randrange(10_000_000, 99_999_999)}",
        id_number=f"0420{rng.randrange(10_000_000, 99_999_999)}" if with_id else "",
    )


def _units_of(code: str, *, former: bool) -> tuple[AdminUnit, list[AdminUnit]]:
    qs = AdminUnit.objects.filter(code=code)
    unit = (qs.filter(valid_to__isnull=False) if former else qs.filter(valid_to__isnull=True)).get()
    villages = list(unit.children.filter(level="village").order_by("code"))
    return unit, villages


def _register(ctx: Context, **fields: Any) -> Petition:
    return services.petition_register(actor=ctx.actor, **fields)


def _advance(ctx: Context, petition: Petition, plan: str, start: dt.date) -> None:
    """Move the case along `plan` with dates after `start` (never after today)."""
    officer = ctx.actor

    def day(offset: int) -> dt.date:
        return min(start + dt.timedelta(days=offset), ctx.today)

    steps: dict[str, Callable[[], Any]] = {
        "accept": lambda: services.petition_accept(actor=officer, petition=petition, on=day(5)),
        "resolve": lambda: services.petition_resolve(
            actor=officer,
            petition=petition,
            on=day(25),
            outcome=ctx.rng.choice(["upheld", "partly_upheld", "rejected"]),
            summary="Đã xác minh, đối thoại và ban hành quyết định giải quyết.",
        ),
        "answer": lambda: services.petition_resolve(
            actor=officer,
            petition=petition,
            on=day(6),
            outcome="answered",
            summary="Đã kiểm tra thực tế và tiếp thu, chỉ đạo xử lý.",
        ),
        "reply": lambda: services.petition_reply(
            actor=officer,
            petition=petition,
            on=day(8),
            text="Ủy ban đã tiếp thu, chỉ đạo xử lý và trả lời để công dân được biết.",
        ),
        "archive": lambda: services.petition_archive(
            actor=officer, petition=petition, on=day(3), reason="Đơn trùng nội dung đã giải quyết."
        ),
        "guide": lambda: services.petition_guide(
            actor=officer,
            petition=petition,
            on=day(3),
            note="Hướng dẫn công dân gửi đơn đến Tòa án nhân dân khu vực.",
        ),
        "pause": lambda: services.petition_pause(
            actor=officer, petition=petition, on=day(9), reason="Chờ công dân bổ sung giấy tờ."
        ),
    }
    for step in plan.split():
        steps[step]()


PLANS = {
    "complaint": [
        "",
        "accept",
        "accept",
        "accept resolve",
        "accept resolve",
        "accept pause",
        "guide",
    ],
    "denunciation": ["", "accept"],
    "recommendation": ["", "reply", "reply", "accept answer reply", "archive"],
    "feedback": ["", "reply", "reply", "reply", "accept answer reply", "guide"],
}


def _story_2018(ctx: Context) -> None:
    """Kỳ Lợi, 2018: compensation grievances, the relocation, and a backlog left unanswered."""
    ky_loi, villages = _units_of("18796", former=True)
    org = ctx.orgs["kyloi-ubnd"]
    base = dt.date(2018, 3, 1)
    for index in range(52):
        kind, topic, title, content = _story(
            STORIES["stories_2018"][index % len(STORIES["stories_2018"])]
        )
        village = villages[index % len(villages)] if villages else ky_loi
        received = base + dt.timedelta(days=index * 4)
        petition = _register(
            ctx,
            organization=org,
            kind=kind,
            channel=ctx.rng.choice(["in_person", "post", "dialogue"]),
            received_on=received,
            title=title,
            content=f"{content} ({village.name})",
            admin_unit=village,
            topic=ctx.topics[topic],
            petitioners=[person(ctx.rng, f"{village.name}, {ky_loi.name}")],
        )
        # Most were answered; every fifth was left unanswered: the backlog of the article.
        if index % 5 == 4:
            continue
        plan = "accept resolve" if kind == "complaint" else "reply"
        _advance(ctx, petition, plan, received)

    # The collective petition of Tân Phúc Thành's households, with five representatives.
    tan_phuc_thanh = next(v for v in villages if "Tân Phúc Thành" in v.name)
    people = [person(ctx.rng, f"{tan_phuc_thanh.name}, {ky_loi.name}") for _ in range(37)]
    people = [
        PetitionerInput(p.full_name, p.address, p.phone, p.id_number, is_representative=i < 5)
        for i, p in enumerate(people)
    ]
    _register(
        ctx,
        organization=org,
        kind="recommendation",
        channel="dialogue",
        received_on=dt.date(2018, 7, 16),
        title="Đơn của 37 hộ thôn Tân Phúc Thành về phương án bồi thường, tái định cư",
        content="37 hộ dân thôn Tân Phúc Thành kiến nghị công khai phương án bồi thường đất ở, nhà "
        "cửa; nâng đơn giá đất vườn; bố trí tái định cư tập trung trước khi di dời.",
        admin_unit=tan_phuc_thanh,
        topic=ctx.topics["site_clearance"],
        petitioners=people,
    )


def _current(ctx: Context) -> None:
    """Today's petitions in the four wards, in every state, some due soon and overdue."""
    for org_code, ward_code in WARDS.items():
        ward, villages = _units_of(ward_code, former=False)
        org = ctx.orgs[org_code]
        for index in range(35):
            stories = STORIES["stories_now"]
            kind, topic, title, content = _story(stories[(index + len(org_code)) % len(stories)])
            village = villages[index % len(villages)] if villages else ward
            received = ctx.today - dt.timedelta(days=ctx.rng.randrange(1, 200))
            petition = _register(
                ctx,
                organization=org,
                kind=kind,
                channel=ctx.rng.choice(CHANNELS),
                received_on=received,
                title=title,
                content=f"{content} ({village.name})",
                admin_unit=village,
                topic=ctx.topics[topic] if index % 3 else None,
                remote_area=False,
                complex=index % 11 == 0,
                petitioners=[person(ctx.rng, f"{village.name}, {ward.name}")],
            )
            _advance(ctx, petition, ctx.rng.choice(PLANS[kind]), received)


def _denunciation(ctx: Context) -> None:
    """A denunciation whose denouncer's identity is protected; the chairman assigns an officer."""
    ward, villages = _units_of("18832", former=False)
    org = ctx.orgs["hoanhson-ubnd"]
    received = add_working_days(ctx.today - dt.timedelta(days=20), 0)
    petition = _register(
        ctx,
        organization=org,
        kind="denunciation",
        channel="post",
        received_on=received,
        title="Tố cáo cán bộ địa chính nhận tiền khi kiểm đếm đất",
        content=(
            "Tôi tố cáo cán bộ địa chính phường nhận tiền của một số hộ để ghi tăng diện tích "
            "đất ở trong biên bản kiểm đếm khu tái định cư. Tôi có ghi âm và danh sách các hộ."
        ),
        admin_unit=villages[0] if villages else ward,
        topic=ctx.topics["officials_conduct"],
        petitioners=[
            PetitionerInput("Hồ Văn Tín", "Tổ dân phố Tân Phúc Thành", "0912000111", "042075001122")
        ],
    )
    chairman = User.objects.get(username="hoanhson.chutich")
    handler = User.objects.get(username="hoanhson.canbo")
    services.petition_assign(actor=chairman, petition=petition, user=handler, on=received)
    services.petition_accept(actor=handler, petition=petition, on=add_working_days(received, 5))


def _special_cases(ctx: Context) -> None:
    """Forwarded cases, a second-round complaint, a mixed petition split, a duplicate."""
    ward, villages = _units_of("18823", former=False)
    org = ctx.orgs["vungang-ubnd"]
    address = f"{villages[0].name}, {ward.name}" if villages else ward.name
    start = ctx.today - dt.timedelta(days=60)
    for index, target in enumerate(["songtri-ubnd", "ht-ubnd", "haininh-ubnd"]):
        forwarded = _register(
            ctx,
            organization=org,
            kind="feedback",
            channel="phone",
            received_on=start + dt.timedelta(days=index),
            title="Phản ánh xe tải chở vật liệu làm hư hỏng đường liên phường",
            content="Xe tải chở vật liệu xây dựng đi qua tuyến đường liên phường làm hư hỏng mặt "
            "đường và gây bụi; tuyến đường thuộc địa bàn quản lý của đơn vị khác.",
            admin_unit=ward,
            petitioners=[person(ctx.rng, address)],
        )
        services.petition_forward(
            actor=ctx.actor,
            petition=forwarded,
            on=start + dt.timedelta(days=index + 2),
            to_organization=ctx.orgs[target],
            note="Chuyển đơn vị có thẩm quyền.",
        )
    first = _register(
        ctx,
        organization=org,
        kind="complaint",
        channel="in_person",
        received_on=ctx.today - dt.timedelta(days=150),
        title="Khiếu nại quyết định thu hồi đất làm đường gom khu cảng",
        content="Khiếu nại quyết định thu hồi 120 m2 đất trồng cây lâu năm làm đường gom mà không "
        "được bồi thường cây trồng.",
        admin_unit=ward,
        petitioners=[PetitionerInput("Đặng Văn Khoa", address, "0905111222", "042070004455")],
    )
    _advance(ctx, first, "accept resolve", ctx.today - dt.timedelta(days=150))
    second = _register(
        ctx,
        organization=ctx.orgs["ht-ubnd"],
        kind="complaint",
        channel="post",
        received_on=ctx.today - dt.timedelta(days=40),
        round=2,
        previous_round=first,
        title="Khiếu nại lần hai quyết định thu hồi đất làm đường gom khu cảng",
        content="Không đồng ý với quyết định giải quyết khiếu nại lần đầu của Chủ tịch UBND "
        "phường Vũng Áng về việc bồi thường cây trồng.",
        admin_unit=ward,
        petitioners=[PetitionerInput("Đặng Văn Khoa", address, "0905111222", "042070004455")],
    )
    _advance(ctx, second, "accept", ctx.today - dt.timedelta(days=40))
    mixed = _register(
        ctx,
        organization=org,
        kind="mixed",
        channel="post",
        received_on=ctx.today - dt.timedelta(days=12),
        title="Đơn vừa khiếu nại vừa phản ánh về đền bù và ô nhiễm",
        content="Khiếu nại mức bồi thường ao nuôi trồng thủy sản; đồng thời phản ánh nước thải "
        "chảy vào ao làm cá chết.",
        admin_unit=ward,
        petitioners=[person(ctx.rng, address)],
    )
    services.petition_split(
        actor=ctx.actor,
        petition=mixed,
        on=ctx.today - dt.timedelta(days=10),
        parts=[
            {"kind": "complaint", "content": "Khiếu nại mức bồi thường ao nuôi trồng thủy sản."},
            {"kind": "feedback", "content": "Phản ánh nước thải chảy vào ao làm cá chết."},
        ],
    )
    _register(
        ctx,
        organization=org,
        kind="recommendation",
        channel="web",
        received_on=ctx.today - dt.timedelta(days=3),
        title="Kiến nghị hỗ trợ chuyển đổi nghề cho ngư dân (gửi lại)",
        content=STORIES["stories_now"][5]["content"],
        admin_unit=ward,
        petitioners=[person(ctx.rng, address)],
    )


def _ratings_and_published_answers(ctx: Context) -> None:
    """Citizens rate some answers; the wards publish some answers on the portal."""
    replied = Petition.objects.filter(
        status="replied",
        kind__in=["feedback", "recommendation"],
        organization__code__in=list(WARDS),
        replied_on__isnull=False,
    ).order_by("pk")
    values = ["satisfied", "satisfied", "satisfied", "partly", "unsatisfied"]
    for index, petition in enumerate(replied):
        if index % 3 == 0:
            services.petition_publish_answer(actor=ctx.actor, petition=petition, published=True)
        if index % 2 == 0:
            rated_on = min(ctx.today, (petition.replied_on or ctx.today) + dt.timedelta(days=2))
            services.petition_rate(
                petition=petition,
                value=values[index % len(values)],
                comment="Cảm ơn cán bộ đã xử lý." if index % 5 else "Vẫn chưa được khắc phục.",
                on=rated_on,
            )


@transaction.atomic
def load_demo_petitions(orgs: dict[str, Organization]) -> None:
    ctx = Context(
        rng=random.Random(2018),
        today=timezone.localdate(),
        actor=User.objects.get(username="hoanhson.canbo"),
        orgs=orgs,
        topics={t.code: t for t in Topic.objects.all()},
    )
    _story_2018(ctx)
    _current(ctx)
    _special_cases(ctx)
    _denunciation(ctx)
    _ratings_and_published_answers(ctx)
