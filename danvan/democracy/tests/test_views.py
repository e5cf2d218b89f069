"""The web screens of grassroots democracy: the publication register with its warnings and
Excel copy, the villages' votes with recognition and cancellation, and who may see and change
what (404 outside the scope, 403 for readers who may not write)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from danvan.audit.models import AuditEvent
from danvan.democracy import publications as register
from danvan.democracy import services
from danvan.democracy.models import (
    CommunityDecision,
    Publication,
    PublicationCategory,
    PublicationPosting,
    VoteRule,
)
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - dt.timedelta(days=90)


def _org() -> Organization:
    return Organization.objects.get(code="hoanhson-ubnd")


def _ward() -> AdminUnit:
    return AdminUnit.objects.get(code="18832", valid_to__isnull=True)


def _publication(title: str = "Kế hoạch sử dụng đất năm 2027", **changes: Any) -> Publication:
    arguments: dict[str, Any] = {
        "actor": None,
        "organization": _org(),
        "admin_unit": _ward(),
        "category": PublicationCategory.objects.get(code="land-use"),
        "title": title,
        "decided_on": LONG_AGO,
        "document_number": "215/QĐ-UBND",
    }
    arguments.update(changes)
    return register.publication_record(**arguments)


def _decision(rule_code: str = "village-rules", **changes: Any) -> CommunityDecision:
    arguments: dict[str, Any] = {
        "actor": None,
        "organization": _org(),
        "admin_unit": _ward(),
        "village": "Tổ dân phố Tân Phúc Thành",
        "rule": VoteRule.objects.get(code=rule_code),
        "subject": "Sửa đổi quy ước của tổ dân phố về giữ gìn vệ sinh",
        "method": "ballot",
        "held_on": TODAY - dt.timedelta(days=10),
        "households_total": 120,
        "households_voting": 100,
        "votes_for": 61,
        "votes_against": 30,
    }
    arguments.update(changes)
    return services.decision_record(**arguments)


def _login(client: Any, persona: Any, username: str = "hoanhson.canbo") -> Any:
    client.force_login(persona(username))
    return client


def _text(response: Any) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- publication register


def test_the_register_lists_publications_with_postings_and_warnings(client, persona):
    on_time = _publication("Dự toán ngân sách phường năm 2027")
    register.publication_post(
        actor=None,
        publication=on_time,
        channel="notice_board",
        place="Trụ sở UBND phường",
        from_on=LONG_AGO,
        to_on=LONG_AGO + dt.timedelta(days=5),
    )
    _publication("Danh sách hộ nghèo chưa niêm yết")
    response = _login(client, persona).get(reverse("democracy:publication_list"))
    assert response.status_code == 200
    html = _text(response)
    assert "Dự toán ngân sách phường năm 2027" in html
    assert "Niêm yết tại trụ sở, nhà văn hóa" in html
    assert "Niêm yết 6 ngày, ít hơn 30 ngày liên tục" in html  # short posting
    assert "Chưa công khai; hạn là" in html  # never published
    assert "215/QĐ-UBND" in html
    assert "Công khai, dân quyết định" in html  # the navigation entry


def test_the_register_filters_by_category_warnings_and_title(client, persona):
    good = _publication("Quy hoạch khu dân cư Tân Phúc Thành", decided_on=TODAY)
    late = _publication("Quyết toán ngân sách")
    other = _publication(
        "Thu chi quỹ cộng đồng", category=PublicationCategory.objects.exclude(code="land-use")[0]
    )
    _login(client, persona)
    url = reverse("democracy:publication_list")
    html = _text(client.get(url, {"warnings": "on"}))
    assert late.title in html
    assert good.title not in html
    html = _text(client.get(url, {"q": "khu dân cư"}))
    assert good.title in html
    assert late.title not in html
    html = _text(client.get(url, {"category": other.category_id}))
    assert other.title in html
    assert late.title not in html


def _publications_with_postings(n: int) -> None:
    for i in range(n):
        publication = _publication(f"Nội dung số {i}")
        register.publication_post(
            actor=None, publication=publication, channel="radio", from_on=LONG_AGO
        )


def _count_queries(client: Any, url: str) -> int:
    client.get(url)  # the calendar and the session are loaded once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"warnings": "on"}])
def test_the_register_takes_the_same_queries_for_more_rows(client, persona, params):
    _login(client, persona)
    url = reverse("democracy:publication_list") + ("?warnings=on" if params else "")
    _publications_with_postings(2)
    few = _count_queries(client, url)
    _publications_with_postings(8)
    assert _count_queries(client, url) == few


def test_recording_a_publication(client, persona):
    _login(client, persona)
    category = PublicationCategory.objects.get(code="land-use")
    response = client.post(
        reverse("democracy:publication_create"),
        {
            "organization": _org().pk,
            "admin_unit": _ward().pk,
            "category": category.pk,
            "title": "Phương án bồi thường đợt 3",
            "document_number": "301/QĐ-UBND",
            "decided_on": TODAY.isoformat(),
            "summary": "",
        },
    )
    publication = Publication.objects.get(title="Phương án bồi thường đợt 3")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "democracy:publication_detail", args=[publication.public_id]
    )
    assert publication.admin_unit == _ward()
    assert publication.organization == _org()
    assert AuditEvent.objects.filter(action="democracy.publication_record").exists()
    html = _text(client.get(response["Location"]))
    assert "Phương án bồi thường đợt 3" in html
    assert "Ghi hình thức công khai" in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"decided_on": (TODAY + dt.timedelta(days=2)).isoformat()},
            "Ngày không được ở tương lai.",
        ),
        ({"title": "  "}, "bắt buộc"),
        ({"admin_unit": "18754"}, "lựa chọn hợp lệ"),
    ],
)
def test_bad_publication_input_is_refused_and_nothing_is_saved(client, persona, changes, message):
    _login(client, persona)
    data = {
        "organization": _org().pk,
        "admin_unit": _ward().pk,
        "category": PublicationCategory.objects.get(code="land-use").pk,
        "title": "Nội dung thử",
        "decided_on": TODAY.isoformat(),
    }
    if changes.get("admin_unit") == "18754":
        changes = {"admin_unit": AdminUnit.objects.get(code="18754", valid_to__isnull=True).pk}
    data.update(changes)
    before = Publication.objects.count()
    response = client.post(reverse("democracy:publication_create"), data)
    assert response.status_code == 400
    assert message in _text(response)
    assert Publication.objects.count() == before


def test_posting_and_taking_down_from_the_detail_page(client, persona):
    publication = _publication()
    _login(client, persona)
    url = reverse("democracy:publication_detail", args=[publication.public_id])
    html = _text(client.get(url))
    assert "Chưa công khai; hạn là" in html
    response = client.post(
        url,
        {"channel": "notice_board", "place": "Nhà văn hóa tổ dân phố", "from_on": LONG_AGO},
    )
    assert response.status_code == 302
    posting = PublicationPosting.objects.get(publication=publication)
    assert posting.to_on is None
    response = client.post(
        reverse("democracy:publication_take_down", args=[publication.public_id]),
        {"posting": posting.pk, "on": (LONG_AGO + dt.timedelta(days=9)).isoformat()},
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.to_on == LONG_AGO + dt.timedelta(days=9)
    html = _text(client.get(url))
    assert "Niêm yết 10 ngày, ít hơn 30 ngày liên tục" in html
    # a second take-down is refused with the service's message
    response = client.post(
        reverse("democracy:publication_take_down", args=[publication.public_id]),
        {"posting": posting.pk, "on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "Hình thức công khai này đã có ngày kết thúc." in _text(response)
    posting.refresh_from_db()
    assert posting.to_on == LONG_AGO + dt.timedelta(days=9)


def test_a_posting_before_the_decision_is_refused(client, persona):
    publication = _publication()
    _login(client, persona)
    response = client.post(
        reverse("democracy:publication_detail", args=[publication.public_id]),
        {"channel": "radio", "from_on": (LONG_AGO - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert "Không thể công khai trước ngày quyết định công khai." in _text(response)
    assert not PublicationPosting.objects.filter(publication=publication).exists()


def test_the_register_exports_to_excel(client, persona):
    publication = _publication()
    register.publication_post(
        actor=None,
        publication=publication,
        channel="notice_board",
        place="Trụ sở",
        from_on=LONG_AGO,
        to_on=LONG_AGO + dt.timedelta(days=4),
    )
    response = _login(client, persona).get(reverse("democracy:publication_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Nội dung"
    row: tuple[Any, ...] = next(r for r in rows[1:] if r[1] == publication.title)
    assert row[2] == "215/QĐ-UBND"
    assert row[3].date() == LONG_AGO
    assert "Trụ sở" in row[6]
    assert "Niêm yết 5 ngày" in row[7]


# ---------------------------------------------------------------- community decisions


def test_the_decisions_list_shows_counts_results_and_thresholds(client, persona):
    _decision()
    _decision(
        "public-works-contributions",
        subject="Đóng góp làm đường bê tông",
        votes_for=79,
        votes_against=10,
    )
    response = _login(client, persona).get(reverse("democracy:decision_list"))
    assert response.status_code == 200
    html = _text(response)
    assert "Tổ dân phố Tân Phúc Thành" in html
    assert "cần trên 1/2 số hộ" in html
    assert "cần từ 2/3 số hộ trở lên" in html
    assert "Không thông qua" in html  # 79 of 120 is less than two thirds
    assert "Thông qua" in html
    assert "Đóng góp làm đường bê tông" in html


def test_the_decisions_list_takes_the_same_queries_for_more_rows(client, persona):
    _login(client, persona)
    url = reverse("democracy:decision_list")
    for _ in range(2):
        _decision()
    few = _count_queries(client, url)
    for _ in range(8):
        _decision("community-funds")
    assert _count_queries(client, url) == few


def _decision_data(**changes: Any) -> dict[str, Any]:
    data = {
        "organization": _org().pk,
        "admin_unit": _ward().pk,
        "village": "Thôn Minh Tiến",
        "rule": VoteRule.objects.get(code="village-head").pk,
        "subject": "Bầu trưởng thôn nhiệm kỳ 2026–2028",
        "method": "meeting",
        "noticed_on": (TODAY - dt.timedelta(days=5)).isoformat(),
        "held_on": (TODAY - dt.timedelta(days=1)).isoformat(),
        "households_total": 200,
        "households_voting": 180,
        "votes_for": 101,
        "votes_against": 70,
    }
    data.update(changes)
    return data


def test_recording_a_decision(client, persona):
    response = _login(client, persona).post(reverse("democracy:decision_create"), _decision_data())
    assert response.status_code == 302
    decision = CommunityDecision.objects.get(village="Thôn Minh Tiến")
    assert decision.passed  # 101 of 200 is more than half
    html = _text(client.get(response["Location"]))
    assert "Bầu trưởng thôn nhiệm kỳ 2026–2028" in html
    assert "cần trên 1/2 số hộ" in html
    assert "Công nhận kết quả" in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"households_voting": 201}, "Số hộ tham gia không được lớn hơn tổng số hộ của thôn."),
        (
            {"noticed_on": (TODAY - dt.timedelta(days=2)).isoformat()},
            "ít nhất 2 ngày trước",
        ),
        ({"votes_for": "nhiều"}, "id_votes_for_error"),
    ],
)
def test_bad_decision_input_is_refused_and_nothing_is_saved(client, persona, changes, message):
    before = CommunityDecision.objects.count()
    response = _login(client, persona).post(
        reverse("democracy:decision_create"), _decision_data(**changes)
    )
    assert response.status_code == 400
    assert message in _text(response)
    assert CommunityDecision.objects.count() == before


def test_recognising_and_cancelling(client, persona):
    passed = _decision()
    _login(client, persona)
    response = client.post(
        reverse("democracy:decision_recognize", args=[passed.public_id]),
        {"number": "12/QĐ-UBND", "on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    passed.refresh_from_db()
    assert passed.status == "recognized"
    assert passed.recognition_number == "12/QĐ-UBND"
    # a recognised result cannot be cancelled: a message, not a 500
    response = client.post(
        reverse("democracy:decision_cancel", args=[passed.public_id]), {"reason": "Nhầm"}
    )
    assert response.status_code == 400
    assert "Chỉ hủy được kết quả chưa được công nhận." in _text(response)

    failed = _decision(votes_for=50)
    response = client.post(
        reverse("democracy:decision_recognize", args=[failed.public_id]),
        {"number": "13/QĐ-UBND", "on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "không thể công nhận" in _text(response)
    failed.refresh_from_db()
    assert failed.status == "recorded"
    response = client.post(reverse("democracy:decision_cancel", args=[failed.public_id]), {})
    assert response.status_code == 400
    response = client.post(
        reverse("democracy:decision_cancel", args=[failed.public_id]),
        {"reason": "Nhập nhầm số liệu"},
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "cancelled"


def test_a_recognition_before_the_vote_is_refused(client, persona):
    decision = _decision()
    response = _login(client, persona).post(
        reverse("democracy:decision_recognize", args=[decision.public_id]),
        {"number": "12/QĐ-UBND", "on": (TODAY - dt.timedelta(days=30)).isoformat()},
    )
    assert response.status_code == 400
    assert "Ngày công nhận phải sau ngày biểu quyết" in _text(response)
    decision.refresh_from_db()
    assert decision.status == "recorded"


# ---------------------------------------------------------------- who may do what


def test_the_provincial_specialist_reads_but_may_not_write(client, persona):
    publication = _publication()
    decision = _decision()
    _login(client, persona, "tinh.danvan")
    detail = reverse("democracy:publication_detail", args=[publication.public_id])
    assert client.get(detail).status_code == 200
    assert "Ghi hình thức công khai" not in _text(client.get(detail))
    assert (
        client.get(reverse("democracy:decision_detail", args=[decision.public_id])).status_code
        == 200
    )
    assert publication.title in _text(client.get(reverse("democracy:publication_list")))
    writes = [
        (detail, {"channel": "radio", "from_on": LONG_AGO.isoformat()}),
        (
            reverse("democracy:publication_take_down", args=[publication.public_id]),
            {"posting": 1, "on": TODAY.isoformat()},
        ),
        (
            reverse("democracy:decision_recognize", args=[decision.public_id]),
            {"number": "1", "on": TODAY.isoformat()},
        ),
        (reverse("democracy:decision_cancel", args=[decision.public_id]), {"reason": "x"}),
        (reverse("democracy:publication_create"), {}),
        (reverse("democracy:decision_create"), {}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert not PublicationPosting.objects.exists()
    decision.refresh_from_db()
    assert decision.status == "recorded"


def test_another_ward_gets_404_on_hoanh_son_records(client, persona):
    publication = _publication()
    decision = _decision()
    _login(client, persona, "songtri.canbo")
    urls = [
        reverse("democracy:publication_detail", args=[publication.public_id]),
        reverse("democracy:decision_detail", args=[decision.public_id]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    posts = [
        reverse("democracy:publication_detail", args=[publication.public_id]),
        reverse("democracy:publication_take_down", args=[publication.public_id]),
        reverse("democracy:decision_recognize", args=[decision.public_id]),
        reverse("democracy:decision_cancel", args=[decision.public_id]),
    ]
    for url in posts:
        assert client.post(url, {"reason": "x"}).status_code == 404
    assert publication.title not in _text(client.get(reverse("democracy:publication_list")))
    assert decision.village not in _text(client.get(reverse("democracy:decision_list")))
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("democracy:publication_export")).content)
    ).worksheets[0]
    assert sheet.max_row == 1


def test_pages_ask_for_a_login(client):
    response = client.get(reverse("democracy:publication_list"))
    assert response.status_code == 302


def test_the_forms_offer_the_officers_ward_and_the_thresholds(client, persona):
    _login(client, persona)
    html = _text(client.get(reverse("democracy:decision_create")))
    assert "Bầu, cho thôi làm Trưởng thôn, Tổ trưởng tổ dân phố (cần trên 1/2 số hộ)" in html
    assert "(cần từ 2/3 số hộ trở lên)" in html
    assert _ward().name in html
    html = _text(client.get(reverse("democracy:publication_create")))
    assert _org().name in html
    assert "Sông Trí" not in html
