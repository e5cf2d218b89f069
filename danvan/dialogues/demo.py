"""The demo's dialogues: the five dialogues of 2018 with households over the marine-incident
compensation (issues raised, answers, commitments — most met, two never kept), this year's
dialogue with the resettled households of Tân Phúc Thành (one commitment overdue, one due
soon), and a voter meeting whose recommendations became petitions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from danvan.accounts.models import User
from danvan.compensation.models import CompensationProgram, Household
from danvan.dialogues import services
from danvan.dialogues.models import Dialogue
from danvan.dialogues.reminders import commitment_reminders
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

# (day, village, issues: (text, raised by, answer), commitments: (text, days to due, done
# after days or None))
Promise = tuple[str, int, Any]
MARINE_DIALOGUES: list[tuple[dt.date, str, list[tuple[str, str, str]], list[Promise]]] = [
    (dt.date(2018, 3, 6), "Thôn Đông Yên",
     [("Vì sao tàu cùng công suất mà hộ được mức khác nhau?", "Ông Nguyễn Văn Sơn",
       "Mức theo công suất ghi trong giấy đăng ký tàu; hộ nào ghi thiếu được đo lại.")],
     [("Đo lại công suất máy của 14 tàu có ý kiến trong tháng 3.", 25, 20)]),
    (dt.date(2018, 3, 20), "Thôn Hải Phong",
     [("Lao động đi bạn không có hợp đồng có được hỗ trợ không?", "Bà Trần Thị Hoa",
       "Được, nếu trưởng thôn và chủ tàu xác nhận.")],
     [("Hướng dẫn trưởng thôn lập danh sách lao động đi bạn.", 10, 8),
      ("Bổ sung danh sách lao động đi bạn vào đợt chi trả tiếp theo.", 45, None)]),
    (dt.date(2018, 4, 3), "Thôn Thắng Lợi",
     [("Đề nghị chi trả tại thôn, không phải lên xã.", "Ông Lê Văn Nam",
       "Đồng ý tổ chức điểm chi trả tại nhà văn hóa thôn.")],
     [("Tổ chức điểm chi trả tại nhà văn hóa thôn Thắng Lợi.", 14, 12)]),
    (dt.date(2018, 4, 17), "Thôn Tân Phúc Thành",
     [("Hộ vừa bị thu hồi đất vừa bị ảnh hưởng sự cố biển được hưởng cả hai không?",
       "Ông Hồ Văn Tài", "Được hưởng cả hai chính sách; hai hồ sơ riêng.")],
     [("Rà soát các hộ thuộc cả hai chương trình, báo cáo Hội đồng bồi thường.", 30, 28)]),
    (dt.date(2018, 5, 8), "Thôn Đông Yên",
     [("Đề nghị hỗ trợ chuyển đổi nghề cho con em các hộ đánh bắt gần bờ.",
       "Đoàn Thanh niên xã", "Sẽ đề xuất tỉnh mở lớp nghề năm 2018.")],
     [("Mở lớp đào tạo nghề cho 40 lao động ven biển.", 120, None)]),
]  # fmt: skip


def load_demo_dialogues(orgs: dict[str, Organization]) -> None:
    organization = orgs["hoanhson-ubnd"]
    if Dialogue.objects.filter(organization=organization).exists():
        return
    officer = User.objects.get(username="hoanhson.canbo")
    head = User.objects.get(username="hoanhson.chutich")
    ward = AdminUnit.objects.get(code="18832", valid_to__isnull=True)
    marine = CompensationProgram.objects.filter(code="marine-2016").first()
    for number, (day, village, issues, commitments) in enumerate(MARINE_DIALOGUES, start=1):
        dialogue = services.dialogue_plan(
            actor=officer,
            organization=organization,
            admin_unit=ward,
            title=f"Đối thoại lần {number} với các hộ {village} về bồi thường sự cố môi trường "
            "biển",
            held_on=day,
            place=f"Nhà văn hóa {village.replace('Thôn ', 'thôn ')}",
            chair=head,
            chair_name="Chủ tịch UBND thị xã Kỳ Anh",
            program=marine,
        )
        households = Household.objects.filter(village=village).order_by("pk")[:6]
        for household in households:
            services.participant_add(
                actor=officer,
                dialogue=dialogue,
                full_name=household.head_full_name,
                household=household,
                attended=True,
            )
        services.dialogue_hold(
            actor=officer,
            dialogue=dialogue,
            held_on=day,
            summary=f"Đối thoại với {households.count()} hộ; các ý kiến được trả lời tại chỗ.",
        )
        _issues_and_commitments(dialogue, issues, commitments, officer, organization, day)
        services.dialogue_publish(actor=officer, dialogue=dialogue)
    _this_year(organization, ward, officer, head, orgs)
    # The reminders a morning's task would have sent: the chair and the owners see them.
    commitment_reminders()


def _issues_and_commitments(
    dialogue: Dialogue,
    issues: list[tuple[str, str, str]],
    commitments: list[tuple[str, int, Any]],
    officer: User,
    owner: Organization,
    day: dt.date,
) -> None:
    first = None
    for text, raised_by, answer in issues:
        issue = services.issue_add(actor=officer, dialogue=dialogue, text=text, raised_by=raised_by)
        services.issue_answer(actor=officer, issue=issue, answer=answer, answered_by="Chủ tọa")
        first = first or issue
    for promise, due, done in commitments:
        commitment = services.commitment_add(
            actor=officer,
            dialogue=dialogue,
            issue=first,
            text=promise,
            owner_organization=owner,
            owner_user=officer,
            due_on=day + dt.timedelta(days=due),
        )
        if done is not None:
            services.commitment_complete(
                actor=officer,
                commitment=commitment,
                completed_on=day + dt.timedelta(days=done),
                evidence="Báo cáo kết quả gửi Ban Dân vận; danh sách kèm theo.",
            )


def _this_year(
    organization: Organization,
    ward: AdminUnit,
    officer: User,
    head: User,
    orgs: dict[str, Organization],
) -> None:
    today = timezone.localdate()
    held = today - dt.timedelta(days=40)
    dialogue = services.dialogue_plan(
        actor=officer,
        organization=organization,
        admin_unit=ward,
        title="Đối thoại với các hộ tái định cư Tân Phúc Thành về hạ tầng khu tái định cư",
        held_on=held,
        place="Nhà văn hóa tổ dân phố Tân Phúc Thành",
        chair=head,
        chair_name="Chủ tịch UBND phường Hoành Sơn",
        program=CompensationProgram.objects.filter(code="tan-phuc-thanh-2018").first(),
    )
    invited = (
        services.households_invite(
            actor=officer,
            dialogue=dialogue,
            households=list(services.invitable_households(dialogue)[:24]),
        )
        if dialogue.program is not None
        else []
    )
    services.attendance_roll_call(
        actor=officer,
        dialogue=dialogue,
        present={p.pk for number, p in enumerate(invited) if number % 6},
    )
    services.dialogue_hold(
        actor=officer,
        dialogue=dialogue,
        held_on=held,
        summary=f"{sum(1 for n in range(len(invited)) if n % 6)} hộ dự; 1 ý kiến, 2 cam kết.",
    )
    _issues_and_commitments(
        dialogue,
        [
            (
                "Đường vào khu tái định cư xuống cấp, mùa mưa ngập.",
                "Ông Phạm Văn Bình",
                "Phường đưa vào kế hoạch sửa chữa năm nay.",
            )
        ],
        [
            ("Sửa chữa đoạn đường ngập trước mùa mưa bão.", 30, None),  # overdue now
            ("Lắp đèn chiếu sáng đường vào khu tái định cư.", 60, None),  # due soon
        ],
        officer,
        organization,
        held,
    )
    services.dialogue_publish(actor=officer, dialogue=dialogue)
    upcoming = services.dialogue_plan(
        actor=officer,
        organization=organization,
        admin_unit=ward,
        title="Đối thoại với các hộ tái định cư Tân Phúc Thành về tiến độ sửa đường và lắp đèn",
        held_on=today + dt.timedelta(days=7),
        place="Nhà văn hóa tổ dân phố Tân Phúc Thành",
        chair=head,
        chair_name="Chủ tịch UBND phường Hoành Sơn",
        program=dialogue.program,
    )
    if upcoming.program is not None:
        services.households_invite(
            actor=officer,
            dialogue=upcoming,
            households=list(services.invitable_households(upcoming)[:10]),
        )
    meeting = services.dialogue_plan(
        actor=officer,
        organization=orgs.get("hoanhson-mttq", organization),
        admin_unit=ward,
        title="Tiếp xúc cử tri phường Hoành Sơn trước kỳ họp cuối năm",
        held_on=today - dt.timedelta(days=15),
        kind="voter_meeting",
        place="Hội trường UBND phường",
        chair_name="Đại biểu HĐND tỉnh",
    )
    services.dialogue_hold(actor=officer, dialogue=meeting, held_on=meeting.held_on)
    for text, who in [
        ("Đề nghị sớm xây chợ hải sản để bà con có nơi buôn bán.", "Bà Võ Thị Hà"),
        ("Đề nghị hỗ trợ học phí học nghề cho con em ngư dân.", "Ông Đặng Văn Lực"),
    ]:
        services.issue_add(
            actor=officer, dialogue=meeting, text=text, raised_by=who, create_petition=True
        )
