"""The demo's consultations: the 2018 draft compensation plan for relocating Thôn Tân Phúc
Thành (comments from the village meeting, paper forms and the hotline, each answered, the
synthesis reported) and Phường Hoành Sơn's draft socio-economic plan for 2027, open now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from danvan.accounts.models import User
from danvan.compensation.models import CompensationProgram
from danvan.consultations import services
from danvan.consultations.models import Consultation
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

RELOCATION_DRAFT = """\
Phần I. Căn cứ và phạm vi
Thu hồi đất để thực hiện dự án trong Khu kinh tế Vũng Áng; phạm vi Thôn Tân Phúc Thành.
Phần II. Bồi thường về đất
Đất ở bồi thường bằng đất ở tại khu tái định cư hoặc bằng tiền theo đơn giá đất ở tại nông thôn.
Phần III. Bồi thường nhà, vật kiến trúc, cây trồng
Nhà cấp 3, cấp 4 và công trình phụ theo đơn giá xây dựng mới; cây trồng theo đơn giá của tỉnh.
Phần IV. Hỗ trợ và tái định cư
Hỗ trợ di chuyển chỗ ở, ổn định đời sống 6 tháng; bố trí lô tái định cư theo thứ tự bốc thăm.
"""
PLAN_DRAFT = """\
Phần I. Đánh giá năm 2026
Tăng trưởng khá; hoàn thành bàn giao mặt bằng các dự án ven biển.
Phần II. Mục tiêu năm 2027
Thu nhập bình quân tăng 8%; giảm 1% hộ nghèo; 100% tổ dân phố có nhà văn hóa.
Phần III. Nhiệm vụ, giải pháp
Hỗ trợ chuyển đổi nghề cho lao động ven biển; nâng cấp đường nội thị; xây dựng chợ hải sản.
"""
# (section position or None, text, source, author, source note, days after opening,
#  response kind, response)
RELOCATION_COMMENTS = [
    (2, "Đề nghị công nhận đất ở theo giấy tờ năm 1992 cho các hộ đã ở ổn định.",
     "meeting", "Ông Hồ Văn Tài", "Hội nghị thôn ngày 12/01/2018", 4, "partly_accepted",
     "Hộ có giấy tờ trước 15/10/1993 được công nhận theo hạn mức; các trường hợp khác xem xét "
     "từng hồ sơ."),
    (3, "Đơn giá nhà cấp 4 thấp hơn giá xây dựng thực tế.", "paper_form", "Bà Lê Thị Mai", "",
     6, "explained", "Đơn giá theo quyết định của UBND tỉnh năm 2018; sẽ kiến nghị điều chỉnh."),
    (4, "Đề nghị bố trí lô tái định cư gần đường chính cho các hộ kinh doanh.", "hotline",
     "Ông Phạm Văn Nam", "Đường dây nóng UBND xã", 9, "accepted",
     "Dành 12 lô mặt đường cho các hộ đang kinh doanh, bốc thăm riêng."),
    (None, "Đề nghị công khai danh sách hộ được bố trí tái định cư.", "paper_form",
     "Tổ dân phố", "", 12, "accepted", "Danh sách được niêm yết tại nhà văn hóa thôn."),
]  # fmt: skip
PLAN_COMMENTS = [
    (2, "Nên có chỉ tiêu về việc làm cho thanh niên sau khi chuyển đổi nghề biển.",
     "meeting", "Đoàn Thanh niên phường", "Hội nghị cử tri tổ dân phố Hải Phong", 2),
    (3, "Đề nghị ưu tiên nâng cấp đường vào khu tái định cư Tân Phúc Thành.", "paper_form",
     "Ông Nguyễn Văn Hòa", "", 5),
    (3, "Chợ hải sản cần có khu sơ chế đảm bảo vệ sinh.", "hotline", "", "", 7),
]  # fmt: skip


def load_demo_consultations(orgs: dict[str, Organization]) -> None:
    organization = orgs["hoanhson-ubnd"]
    if Consultation.objects.filter(organization=organization).exists():
        return
    officer = User.objects.get(username="hoanhson.canbo")
    head = User.objects.get(username="hoanhson.chutich")
    ward = AdminUnit.objects.get(code="18832", valid_to__isnull=True)
    relocation = services.consultation_create(
        actor=officer,
        title="Dự thảo phương án bồi thường, hỗ trợ, tái định cư di dời Thôn Tân Phúc Thành",
        organization=organization,
        admin_unit=ward,
        opens_on=dt.date(2018, 1, 8),
        closes_on=dt.date(2018, 1, 28),
        program=CompensationProgram.objects.filter(code="tan-phuc-thanh-2018").first(),
        draft_text=RELOCATION_DRAFT,
    )
    _fill(relocation, officer, RELOCATION_COMMENTS)
    for comment in relocation.comments.order_by("pk"):
        entry = next(c for c in RELOCATION_COMMENTS if c[1] == comment.text)
        services.comment_respond(
            actor=head, comment=comment, kind=entry[6], text=entry[7], on=dt.date(2018, 2, 2)
        )
    services.consultation_report(
        actor=head,
        consultation=relocation,
        summary="Tiếp thu 2 ý kiến, tiếp thu một phần 1 ý kiến, giải trình 1 ý kiến; phương án "
        "được hoàn thiện trước khi trình phê duyệt.",
    )
    today = timezone.localdate()
    plan = services.consultation_create(
        actor=officer,
        title="Dự thảo kế hoạch phát triển kinh tế - xã hội năm 2027 của phường Hoành Sơn",
        organization=organization,
        admin_unit=ward,
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=15),
        draft_text=PLAN_DRAFT,
    )
    _fill(plan, officer, PLAN_COMMENTS, close=False)


def _fill(
    consultation: Consultation,
    officer: User,
    comments: list[tuple[Any, ...]],
    *,
    close: bool = True,
) -> None:
    services.sections_from_text(actor=officer, consultation=consultation)
    services.consultation_open(actor=officer, consultation=consultation)
    sections = {s.position: s for s in consultation.sections.all()}
    for position, text, source, author, note, after, *_response in comments:
        services.comment_add(
            actor=officer,
            consultation=consultation,
            text=text,
            source=source,
            section=sections.get(position) if position else None,
            author_name=author,
            source_note=note,
            received_on=consultation.opens_on + dt.timedelta(days=after),
        )
    if close:
        services.consultation_close(actor=officer, consultation=consultation)
