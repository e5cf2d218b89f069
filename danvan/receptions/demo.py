"""The reception part of the Kỳ Anh demo: the Hoành Sơn chairman's weekly reception days
(one week missing, so the schedule shows a warning), the 2018 register of Kỳ Lợi commune
(marine-incident compensation, the Tân Phúc Thành relocation) and this year's visits, among
them a group of 12 households with 5 representatives. Some visits become petitions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit
from danvan.receptions.models import ReceptionSession, ReceptionVisit
from danvan.receptions.services import (
    PersonInput,
    reception_session_cancel,
    reception_session_hold,
    reception_session_plan,
    reception_visit_create,
    reception_visit_create_petition,
)

PLACE = "Phòng tiếp công dân, trụ sở UBND phường Hoành Sơn"
KY_LOI = "18796"
HOANH_SON = "18832"
WEEKS_BACK = 9
WEEKS_AHEAD = 4
MISSING_WEEK = 2  # weeks before the current one: no reception that week


def _weekly_sessions(orgs: dict[str, Organization], today: dt.date) -> list[ReceptionSession]:
    chairman = User.objects.get(username="hoanhson.chutich")
    organization = orgs["hoanhson-ubnd"]
    this_thursday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=3)
    sessions = []
    for offset in range(-WEEKS_BACK, WEEKS_AHEAD + 1):
        if offset == -MISSING_WEEK:
            continue
        day = this_thursday + dt.timedelta(weeks=offset)
        session = reception_session_plan(
            actor=None,
            organization=organization,
            receiver=chairman,
            date=day,
            time_from=dt.time(7, 30),
            time_to=dt.time(11, 0),
            place=PLACE,
            note="Tiếp công dân định kỳ hằng tuần của Chủ tịch UBND phường.",
            published=True,
        )
        if day < today:
            session = reception_session_hold(
                actor=None, session=session, held_note="Đã tiếp công dân theo lịch."
            )
        sessions.append(session)
    extra = reception_session_plan(
        actor=None,
        organization=organization,
        receiver=chairman,
        date=this_thursday + dt.timedelta(weeks=1, days=1),
        time_from=dt.time(14, 0),
        time_to=dt.time(16, 30),
        place="Nhà văn hóa tổ dân phố Tân Phúc Thành",
        kind=ReceptionSession.Kind.THEMATIC,
        note="Tiếp công dân theo chuyên đề: bồi thường, tái định cư Tân Phúc Thành.",
    )
    reception_session_cancel(
        actor=None, session=extra, reason="Lãnh đạo phường dự họp đột xuất của tỉnh."
    )
    return sessions


def _visits_2018(orgs: dict[str, Organization]) -> list[ReceptionVisit]:
    ky_loi = AdminUnit.objects.get(code=KY_LOI, valid_to__isnull=False)
    organization = orgs["kyloi-ubnd"]
    visits = []
    first = reception_visit_create(
        actor=None,
        organization=organization,
        visited_on=dt.date(2018, 3, 14),
        admin_unit=ky_loi,
        people=[
            PersonInput(
                full_name="Hoàng Văn Thắng",
                address="Thôn Tân Phúc Thành, xã Kỳ Lợi",
                id_number="183456789",
            )
        ],
        content=(
            "Hộ gia đình có thuyền lắp máy 18 CV và lưới đánh bắt ven bờ bị thiệt hại do sự cố "
            "môi trường biển năm 2016 nhưng chưa có tên trong danh sách bồi thường của thôn."
        ),
        previous_handling="Đã kiến nghị với trưởng thôn tháng 10/2017, chưa được trả lời.",
        request="Đề nghị kiểm đếm lại tàu thuyền, ngư cụ và bổ sung vào danh sách bồi thường.",
        outcome=ReceptionVisit.Outcome.ACCEPTED_PETITION,
        outcome_text="Tiếp nhận đơn, giao Hội đồng kiểm kê xã xác minh.",
    )
    reception_visit_create_petition(
        actor=None,
        visit=first,
        kind="complaint",
        content=first.content + " " + first.request,
        title="Chưa có tên trong danh sách bồi thường sự cố môi trường biển",
    )
    visits.append(first)
    visits.append(
        reception_visit_create(
            actor=None,
            organization=organization,
            visited_on=dt.date(2018, 5, 9),
            admin_unit=ky_loi,
            people=[
                PersonInput(
                    full_name="Nguyễn Thị Hoa",
                    address="Thôn Tân Phúc Thành, xã Kỳ Lợi",
                    phone="0915223344",
                )
            ],
            content=(
                "Hỏi về đơn giá bồi thường đất ở và nhà cửa khi di dời thôn Tân Phúc Thành, và "
                "thời gian bàn giao lô đất tái định cư."
            ),
            request="Được giải thích phương án bồi thường, hỗ trợ tái định cư.",
            outcome=ReceptionVisit.Outcome.ANSWERED,
            outcome_text="Đã giải thích phương án bồi thường đã niêm yết tại nhà văn hóa thôn.",
        )
    )
    group = reception_visit_create(
        actor=None,
        organization=organization,
        visited_on=dt.date(2018, 8, 22),
        admin_unit=ky_loi,
        people=[
            PersonInput(
                full_name="Trần Văn Lực",
                address="Thôn Tân Phúc Thành, xã Kỳ Lợi",
                is_representative=True,
            ),
            PersonInput(
                full_name="Lê Thị Mai",
                address="Thôn Tân Phúc Thành, xã Kỳ Lợi",
                is_representative=True,
            ),
        ],
        people_count=7,
        content=(
            "Bảy hộ dân thôn Tân Phúc Thành phản ánh việc kiểm đếm nhà cửa, cây cối để di dời "
            "chưa đầy đủ, nhiều công trình phụ không được ghi vào biên bản."
        ),
        request="Đề nghị kiểm đếm lại trước khi niêm yết phương án bồi thường.",
        outcome=ReceptionVisit.Outcome.ACCEPTED_PETITION,
    )
    reception_visit_create_petition(
        actor=None,
        visit=group,
        kind="recommendation",
        content=group.content + " " + group.request,
    )
    visits.append(group)
    return visits


def _current_visits(
    orgs: dict[str, Organization], sessions: list[ReceptionSession], today: dt.date
) -> list[ReceptionVisit]:
    officer = User.objects.get(username="hoanhson.canbo")
    hoanh_son = AdminUnit.objects.get(code=HOANH_SON, valid_to__isnull=True)
    organization = orgs["hoanhson-ubnd"]
    held = [s for s in sessions if s.status == ReceptionSession.Status.HELD]
    visits = []
    if held:
        last = held[-1]
        households = [
            PersonInput(
                full_name=name,
                address="Tổ dân phố Tân Phúc Thành, phường Hoành Sơn",
                is_representative=index < 5,
            )
            for index, name in enumerate(
                [
                    "Võ Văn Hải",
                    "Đặng Thị Thu",
                    "Phan Văn Nam",
                    "Bùi Thị Hạnh",
                    "Ngô Văn Tài",
                    "Hồ Thị Lan",
                    "Đinh Văn Sơn",
                    "Lý Thị Hương",
                    "Trương Văn Minh",
                    "Mai Thị Nga",
                    "Dương Văn Tú",
                    "Cao Thị Yến",
                ]
            )
        ]
        group = reception_visit_create(
            actor=officer,
            organization=organization,
            visited_on=last.date,
            session=last,
            admin_unit=hoanh_son,
            people=households,
            content=(
                "Mười hai hộ dân tái định cư Tân Phúc Thành phản ánh khu tái định cư chưa có "
                "đường điện, nước sạch; tiền hỗ trợ di dời còn thiếu so với phương án đã duyệt."
            ),
            previous_handling="Đã có đơn gửi UBND thị xã Kỳ Anh năm 2019, được trả lời một phần.",
            request="Đề nghị hoàn thiện hạ tầng khu tái định cư và chi trả đủ tiền hỗ trợ.",
            outcome=ReceptionVisit.Outcome.ACCEPTED_PETITION,
            outcome_text="Tiếp nhận đơn; Chủ tịch giao phòng chuyên môn kiểm tra, báo cáo.",
            received_by=last.receiver,
        )
        reception_visit_create_petition(
            actor=officer,
            visit=group,
            kind="recommendation",
            content=group.content + " " + group.request,
            title="Hạ tầng và tiền hỗ trợ khu tái định cư Tân Phúc Thành",
        )
        visits.append(group)
    if len(held) > 1:
        earlier = held[-2]
        visits.append(
            reception_visit_create(
                actor=officer,
                organization=organization,
                visited_on=earlier.date,
                session=earlier,
                admin_unit=hoanh_son,
                people=[
                    PersonInput(
                        full_name="Phạm Văn Đức",
                        address="Tổ dân phố Hải Phong, phường Hoành Sơn",
                        phone="0987111222",
                    )
                ],
                content="Hỏi thủ tục nhận tiền bồi thường sự cố môi trường biển còn tồn đọng.",
                request="Được hướng dẫn thủ tục.",
                outcome=ReceptionVisit.Outcome.GUIDED,
                outcome_text="Hướng dẫn liên hệ Hội đồng bồi thường, mang theo giấy tờ tàu cá.",
                received_by=earlier.receiver,
            )
        )
    visits.append(
        reception_visit_create(
            actor=officer,
            organization=organization,
            visited_on=today - dt.timedelta(days=1),
            admin_unit=hoanh_son,
            people=[
                PersonInput(
                    full_name="Nguyễn Văn Bảy",
                    address="Tổ dân phố Ba Đồng, phường Hoành Sơn",
                    id_number="042080001111",
                )
            ],
            content="Phản ánh đèn chiếu sáng đường ven biển tổ dân phố Ba Đồng hỏng nhiều tháng.",
            request="Đề nghị sửa chữa.",
            outcome=ReceptionVisit.Outcome.RECEIVED_DOCUMENTS,
        )
    )
    return visits


@transaction.atomic
def load_demo_receptions(orgs: dict[str, Organization]) -> None:
    """Load the reception demo; `orgs` are the demo organisations by code."""
    today = timezone.localdate()
    sessions = _weekly_sessions(orgs, today)
    _visits_2018(orgs)
    _current_visits(orgs, sessions, today)
