"""Public postings of a village's list, their Word and PDF files, and approval by batch."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.compensation import documents, objections, postings, services
from danvan.compensation.models import ApprovalBatch, Household, Posting
from danvan.core.errors import InvalidTransition, ValidationFailed
from danvan.places.selectors import resolve_unit_code

pytestmark = pytest.mark.django_db
HOANH_SON = "18832"
VILLAGE = "Thôn Hải Phong"
AMOUNT = Decimal("64020000")  # a vessel under 20 CV, six months


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def program(marine):
    """The marine programme with a 20-day minimum posting period."""
    marine.posting_days = 20
    marine.posting_basis = "Kế hoạch số 12/KH-UBND của chương trình"
    marine.save()
    return marine


def verified(program, head, *, village=VILLAGE, unit=HOANH_SON, power=18):
    household = services.household_create(
        actor=None,
        program=program,
        head_full_name=head,
        admin_unit=resolve_unit_code(unit),
        village=village,
        address=f"Xóm 2, {village}",
        id_number="042123456789",
        members=3,
    )
    day = days_ago(120)
    services.household_declare(actor=None, household=household, on=day)
    services.asset_add(
        actor=None,
        household=household,
        asset_category="fishing_vessel_owner",
        quantity=1,
        attributes={"engine_power_cv": power, "months": 6},
    )
    services.household_inventory(actor=None, household=household, on=day)
    services.household_verify(actor=None, household=household, on=day)
    return household


def post_village(program, heads, *, posted_from=None, village=VILLAGE, unit=HOANH_SON):
    """Verified households of one village, posted on one list (20 days, ended 26 days ago)."""
    households = [verified(program, head, village=village, unit=unit) for head in heads]
    posting = postings.posting_create(
        actor=None,
        program=program,
        admin_unit=resolve_unit_code(unit),
        village=village,
        place="Nhà văn hóa thôn Hải Phong",
        posted_from=posted_from or days_ago(45),
    )
    for household in households:
        household.refresh_from_db()
    return posting, households


# ---------------------------------------------------------------- posting


def test_posting_posts_every_verified_household_of_the_village(program, persona):
    first = verified(program, "Nguyễn Văn An")
    second = verified(program, "Trần Thị Hoa")
    elsewhere = verified(program, "Lê Văn Hải", village="Thôn Tân Phong")
    actor = persona("hoanhson.canbo")
    posting = postings.posting_create(
        actor=actor,
        program=program,
        admin_unit=resolve_unit_code(HOANH_SON),
        village=VILLAGE,
        place="Nhà văn hóa thôn",
        posted_from=days_ago(10),
    )
    assert posting.posted_to == days_ago(10) + dt.timedelta(days=19)
    assert posting.created_by == actor
    for household in (first, second):
        household.refresh_from_db()
        assert household.status == "posted"
        assert household.posting == posting
        assert household.posted_on == days_ago(10)
    elsewhere.refresh_from_db()
    assert elsewhere.status == "verified"
    assert AuditEvent.objects.filter(action="compensation.posting_create").count() == 1
    assert AuditEvent.objects.filter(action="compensation.household_post").count() == 2


def test_posting_a_chosen_subset(program):
    first = verified(program, "Nguyễn Văn An")
    second = verified(program, "Trần Thị Hoa")
    posting = postings.posting_create(
        actor=None,
        program=program,
        admin_unit=first.admin_unit,
        village=VILLAGE,
        place="Nhà văn hóa thôn",
        posted_from=days_ago(3),
        households=[second],
    )
    assert list(posting.households.all()) == [second]
    first.refresh_from_db()
    assert first.status == "verified"


def test_posting_refuses_a_household_of_another_village_or_not_verified(program):
    first = verified(program, "Nguyễn Văn An")
    other = verified(program, "Lê Văn Hải", village="Thôn Tân Phong")
    services.household_post(actor=None, household=first, on=days_ago(5))
    with pytest.raises(ValidationFailed) as error:
        postings.posting_create(
            actor=None,
            program=program,
            admin_unit=first.admin_unit,
            village=VILLAGE,
            place="Nhà văn hóa",
            posted_from=days_ago(3),
            households=[first, other],
        )
    assert error.value.code == "household_not_postable"
    assert "Lê Văn Hải" in str(error.value.message)
    assert "Nguyễn Văn An" in str(error.value.message)
    assert not Posting.objects.exists()
    other.refresh_from_db()
    assert other.status == "verified"


def test_posting_shorter_than_the_legal_minimum_is_refused(program):
    household = verified(program, "Nguyễn Văn An")
    with pytest.raises(ValidationFailed) as error:
        postings.posting_create(
            actor=None,
            program=program,
            admin_unit=household.admin_unit,
            village=VILLAGE,
            place="Nhà văn hóa",
            posted_from=days_ago(30),
            posted_to=days_ago(12),  # 19 days
        )
    assert error.value.code == "posting_too_short"
    assert error.value.field == "posted_to"
    message = str(error.value.message)
    assert "ít nhất 20 ngày" in message
    assert "Kế hoạch số 12/KH-UBND" in message
    assert not Posting.objects.exists()
    household.refresh_from_db()
    assert household.status == "verified"
    # Exactly 20 days, first and last included, is enough.
    posting = postings.posting_create(
        actor=None,
        program=program,
        admin_unit=household.admin_unit,
        village=VILLAGE,
        place="Nhà văn hóa",
        posted_from=days_ago(30),
        posted_to=days_ago(11),
    )
    assert (posting.posted_to - posting.posted_from).days + 1 == 20


def test_posting_without_a_legal_minimum_needs_an_end_date(marine):
    household = verified(marine, "Nguyễn Văn An")
    with pytest.raises(ValidationFailed) as error:
        postings.posting_create(
            actor=None,
            program=marine,
            admin_unit=household.admin_unit,
            village=VILLAGE,
            place="Nhà văn hóa",
            posted_from=days_ago(3),
        )
    assert error.value.field == "posted_to"
    posting = postings.posting_create(
        actor=None,
        program=marine,
        admin_unit=household.admin_unit,
        village=VILLAGE,
        place="Nhà văn hóa",
        posted_from=days_ago(3),
        posted_to=days_ago(2),
    )
    assert posting.households.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"place": "  "}, "place", "required"),
        ({"posted_from": "future"}, "posted_from", "date_in_future"),
        ({"posted_to": "before"}, "posted_to", "invalid_period"),
        ({"village": "Thôn Không Có"}, "households", "no_households"),
        ({"place": "A\x00"}, "place", "invalid"),
    ],
)
def test_posting_bad_input(program, changes, field, code):
    verified(program, "Nguyễn Văn An")
    arguments = {
        "actor": None,
        "program": program,
        "admin_unit": resolve_unit_code(HOANH_SON),
        "village": VILLAGE,
        "place": "Nhà văn hóa",
        "posted_from": days_ago(3),
    }
    arguments.update(changes)
    if changes.get("posted_from") == "future":
        arguments["posted_from"] = timezone.localdate() + dt.timedelta(days=1)
    if changes.get("posted_to") == "before":
        arguments["posted_to"] = days_ago(4)
    with pytest.raises(ValidationFailed) as error:
        postings.posting_create(**arguments)
    assert (error.value.field, error.value.code) == (field, code)
    assert not Posting.objects.exists()
    assert not Household.objects.filter(status="posted").exists()


def test_take_down(program):
    posting, _households = post_village(program, ["Nguyễn Văn An"], posted_from=days_ago(10))
    with pytest.raises(ValidationFailed) as error:
        postings.posting_take_down(actor=None, posting=posting, on=days_ago(11))
    assert error.value.code == "date_before_previous_step"
    with pytest.raises(ValidationFailed) as error:
        postings.posting_take_down(actor=None, posting=posting, on=days_ago(1))
    assert error.value.code == "reason_required"
    postings.posting_take_down(
        actor=None, posting=posting, on=days_ago(1), reason="Bảng tin bị hỏng do mưa bão"
    )
    posting.refresh_from_db()
    assert posting.taken_down_on == days_ago(1)
    with pytest.raises(InvalidTransition):
        postings.posting_take_down(actor=None, posting=posting, on=days_ago(0))


# ---------------------------------------------------------------- approval by batch


def test_batch_approval_freezes_each_total(program, persona):
    _posting, households = post_village(program, ["Nguyễn Văn An", "Trần Thị Hoa"])
    actor = persona("hoanhson.chutich")
    batch = postings.batch_approve(
        actor=actor,
        program=program,
        decision_number="125/QĐ-UBND",
        decided_on=days_ago(10),
        households=households,
        signer="Nguyễn Văn Chủ",
    )
    assert batch.total == AMOUNT * 2
    assert batch.created_by == actor
    for household in households:
        household.refresh_from_db()
        assert household.status == "approved"
        assert household.approval_batch == batch
        assert household.approved_total == AMOUNT
        assert household.approval_decision == "125/QĐ-UBND"
        assert household.approved_on == days_ago(10)
    # Frozen: a new rate amount does not change the approved total.
    program.rates.update(amount=Decimal("1"))
    assert services.amount_total(Household.objects.get(pk=households[0].pk)) == AMOUNT
    assert AuditEvent.objects.filter(action="compensation.batch_approve").count() == 1


def test_batch_approval_is_all_or_nothing(program):
    _posting, households = post_village(program, ["Nguyễn Văn An", "Trần Thị Hoa", "Lê Thị Mai"])
    objections.objection_raise(
        actor=None, household=households[1], on=days_ago(30), content="Thiếu một tháng"
    )
    not_posted = verified(program, "Võ Văn Nam")
    with pytest.raises(ValidationFailed) as error:
        postings.batch_approve(
            actor=None,
            program=program,
            decision_number="1/QĐ",
            decided_on=days_ago(10),
            households=[*households, not_posted],
        )
    message = str(error.value.message)
    assert error.value.code == "households_blocked"
    assert "Trần Thị Hoa" in message
    assert "ý kiến không đồng ý" in message
    assert "Võ Văn Nam" in message
    assert "Nguyễn Văn An" not in message
    assert not ApprovalBatch.objects.exists()
    assert not Household.objects.filter(status="approved").exists()


def test_batch_approval_waits_for_the_end_of_the_posting(program):
    posting, households = post_village(program, ["Nguyễn Văn An"], posted_from=days_ago(15))
    with pytest.raises(ValidationFailed) as error:
        postings.batch_approve(
            actor=None,
            program=program,
            decision_number="1/QĐ",
            decided_on=days_ago(0),
            households=households,
        )
    assert "chưa hết thời gian niêm yết" in str(error.value.message)
    assert posting.posted_to.strftime("%d/%m/%Y") in str(error.value.message)
    # The single-household action follows the same rule (409).
    with pytest.raises(InvalidTransition) as refused:
        services.household_approve(actor=None, household=households[0], on=days_ago(0))
    assert refused.value.code == "posting_period_not_ended"
    assert not ApprovalBatch.objects.exists()


def test_a_household_posted_on_its_own_counts_the_minimum_from_its_posting_day(program):
    household = verified(program, "Nguyễn Văn An")
    services.household_post(actor=None, household=household, on=days_ago(20))
    with pytest.raises(ValidationFailed) as error:
        postings.batch_approve(
            actor=None,
            program=program,
            decision_number="1/QĐ",
            decided_on=days_ago(1),  # the 20th day
            households=[household],
        )
    assert days_ago(1).strftime("%d/%m/%Y") in str(error.value.message)
    with pytest.raises(InvalidTransition) as refused:
        services.household_approve(actor=None, household=household, on=days_ago(1))
    assert days_ago(1).strftime("%d/%m/%Y") in str(refused.value.message)
    batch = postings.batch_approve(
        actor=None,
        program=program,
        decision_number="1/QĐ",
        decided_on=days_ago(0),
        households=[household],
    )
    assert batch.total == AMOUNT


def test_batch_approval_outside_the_officers_wards(program, persona):
    _posting, households = post_village(program, ["Nguyễn Văn An"])
    with pytest.raises(ValidationFailed) as error:
        postings.batch_approve(
            actor=persona("songtri.canbo"),
            program=program,
            decision_number="1/QĐ",
            decided_on=days_ago(1),
            households=households,
        )
    assert "ngoài phạm vi" in str(error.value.message)
    assert not ApprovalBatch.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"decision_number": " "}, "decision_number"),
        ({"decision_number": "x" * 65}, "decision_number"),
        ({"households": []}, "households"),
        ({"decided_on": dt.date(2100, 1, 1)}, "decided_on"),
    ],
)
def test_batch_approval_bad_input(program, changes, field):
    _posting, households = post_village(program, ["Nguyễn Văn An"])
    arguments = {
        "actor": None,
        "program": program,
        "decision_number": "1/QĐ",
        "decided_on": days_ago(1),
        "households": households,
        **changes,
    }
    with pytest.raises(ValidationFailed) as error:
        postings.batch_approve(**arguments)
    assert error.value.field == field
    assert not ApprovalBatch.objects.exists()


# ---------------------------------------------------------------- documents


def test_posting_list_in_word(program):
    posting, _households = post_village(program, ["Nguyễn Văn An", "Trần Thị Hoa"])
    from docx import Document

    document = Document(io.BytesIO(documents.posting_docx(posting)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "DANH SÁCH CÔNG KHAI" in text
    assert "Nhà văn hóa thôn Hải Phong" in text
    assert posting.posted_from.strftime("%d/%m/%Y") in text
    assert "Kế hoạch số 12/KH-UBND" in text
    head = document.tables[0].rows[0].cells[1].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head
    assert "Độc lập - Tự do - Hạnh phúc" in head
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells][:2] == ["STT", "Chủ hộ"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[0][1] == "Nguyễn Văn An"
    assert rows[1][1] == "Trần Thị Hoa"
    assert rows[0][4] == "64.020.000"
    assert "10.670.000 đ/tháng × 6 tháng" in rows[0][3]
    assert "Tổng cộng: 2 hộ" in rows[-1][0]
    assert rows[-1][4] == "128.040.000"
    whole = text + "".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "042123456789" not in whole


def test_posting_list_in_pdf(program):
    from pypdf import PdfReader

    heads = [f"Nguyễn Văn Hộ {index:02d}" for index in range(40)]
    posting, _households = post_village(program, heads)
    data = documents.posting_pdf(posting)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "DANH SÁCH CÔNG KHAI" in text
    assert "Nguyễn Văn Hộ 00" in text
    assert "Nguyễn Văn Hộ 39" in text
    assert "64.020.000" in text
    assert "2.560.800.000" in text
    assert "042123456789" not in text
    # The header row is repeated on the following page.
    assert "Chủ hộ" in reader.pages[1].extract_text()
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == len(reader.pages)


# ---------------------------------------------------------------- web screens


def login(client, persona, username="hoanhson.canbo"):
    client.force_login(persona(username))
    return client


def test_create_a_posting_on_the_web(client, persona, program):
    verified(program, "Nguyễn Văn An")
    verified(program, "Trần Thị Hoa")
    login(client, persona)
    url = f"/compensation/programs/{program.code}/postings/new/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thôn Hải Phong: 2 hộ đã xác nhận" in html
    assert "tối thiểu" not in html or "20 ngày" in html
    area = page.context["form"].fields["area"].choices[1][0]
    response = client.post(
        url,
        {"area": area, "place": "Nhà văn hóa thôn", "posted_from": str(days_ago(5))},
    )
    posting = Posting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/compensation/postings/{posting.public_id}/"
    assert posting.households.count() == 2
    assert posting.posted_to == days_ago(5) + dt.timedelta(days=19)
    detail = client.get(response["Location"]).content.decode()
    assert "Nguyễn Văn An" in detail
    assert "128.040.000 đ" in detail
    assert "042123456789" not in detail


def test_posting_form_bad_input(client, persona, program):
    verified(program, "Nguyễn Văn An")
    login(client, persona)
    url = f"/compensation/programs/{program.code}/postings/new/"
    area = client.get(url).context["form"].fields["area"].choices[1][0]
    cases = [
        ({"area": area, "place": "", "posted_from": str(days_ago(5))}, "place"),
        ({"area": area, "place": "Nhà văn hóa", "posted_from": "2025-02-30"}, "posted_from"),
        ({"area": "999|x", "place": "Nhà văn hóa", "posted_from": str(days_ago(5))}, "area"),
        (
            {
                "area": area,
                "place": "Nhà văn hóa",
                "posted_from": str(days_ago(5)),
                "posted_to": str(days_ago(1)),
            },
            "posted_to",
        ),
    ]
    for data, field in cases:
        response = client.post(url, data)
        assert response.status_code == 400, field
        assert response.context["form"].errors[field]
    response = client.post(url, cases[3][0])
    assert "ít nhất 20 ngày" in response.content.decode()
    assert not Posting.objects.exists()


def test_posting_scope_and_rights(client, persona, program):
    posting, _households = post_village(program, ["Nguyễn Văn An"])
    urls = [
        f"/compensation/postings/{posting.public_id}/",
        f"/compensation/postings/{posting.public_id}/list.docx",
        f"/compensation/postings/{posting.public_id}/list.pdf",
    ]
    login(client, persona, "songtri.canbo")
    for url in urls:
        assert client.get(url).status_code == 404, url
    take_down = f"/compensation/postings/{posting.public_id}/take-down/"
    assert client.post(take_down, {"take_down-on": str(days_ago(1))}).status_code == 404
    login(client, persona, "tinh.danvan")
    assert client.get(urls[0]).status_code == 200
    assert client.post(take_down, {"take_down-on": str(days_ago(1))}).status_code == 403
    verified(program, "Trần Thị Hoa")
    create = f"/compensation/programs/{program.code}/postings/new/"
    assert client.get(create).status_code == 403
    assert client.post(create, {"place": "x"}).status_code == 403
    posting.refresh_from_db()
    assert posting.taken_down_on is None
    assert Posting.objects.count() == 1


def test_posting_downloads(client, persona, program):
    from docx import Document

    posting, _households = post_village(program, ["Nguyễn Văn An"])
    login(client, persona)
    response = client.get(f"/compensation/postings/{posting.public_id}/list.docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert document.tables[1].rows[1].cells[1].text == "Nguyễn Văn An"
    response = client.get(f"/compensation/postings/{posting.public_id}/list.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_take_down_on_the_web(client, persona, program):
    posting, _households = post_village(program, ["Nguyễn Văn An"], posted_from=days_ago(10))
    login(client, persona)
    url = f"/compensation/postings/{posting.public_id}/take-down/"
    response = client.post(url, {"take_down-on": str(days_ago(2))})
    assert response.status_code == 400
    assert "phải ghi lý do" in response.content.decode()
    response = client.post(url, {"take_down-on": str(days_ago(2)), "take_down-reason": "Bão"})
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.taken_down_on == days_ago(2)


def test_posting_list_queries(client, persona, program, django_assert_max_num_queries):
    login(client, persona)
    url = f"/compensation/programs/{program.code}/postings/"
    post_village(program, ["Nguyễn Văn An"])
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    for index in range(4):
        post_village(program, [f"Hộ {index}"], village=f"Thôn {index}")
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.content.decode().count("/list.docx") == 5


def test_posting_detail_queries(client, persona, program, django_assert_max_num_queries):
    login(client, persona)
    small_posting, _households = post_village(program, ["Nguyễn Văn An"])
    client.get(f"/compensation/postings/{small_posting.public_id}/")
    with django_assert_max_num_queries(20) as small:
        client.get(f"/compensation/postings/{small_posting.public_id}/")
    heads = [f"Hộ {index}" for index in range(6)]
    large_posting, _households = post_village(program, heads, village="Thôn Tân Phong")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"/compensation/postings/{large_posting.public_id}/")
    assert "Hộ 5" in response.content.decode()


def test_batch_approval_on_the_web(client, persona, program):
    _posting, households = post_village(program, ["Nguyễn Văn An", "Trần Thị Hoa"])
    objections.objection_raise(
        actor=None, household=households[1], on=days_ago(30), content="Thiếu một tháng"
    )
    login(client, persona, "hoanhson.chutich")
    url = f"/compensation/programs/{program.code}/approve/"
    page = client.get(url).content.decode()
    assert "đủ điều kiện" in page
    assert "còn ý kiến không đồng ý" in page
    data = {
        "decision_number": "7/QĐ-UBND",
        "decided_on": str(days_ago(2)),
        "households": [h.public_id for h in households],
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Trần Thị Hoa" in response.context["form"].errors["households"][0]
    assert not ApprovalBatch.objects.exists()
    response = client.post(url, {**data, "households": [households[0].public_id]})
    batch = ApprovalBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/compensation/approvals/{batch.public_id}/"
    detail = client.get(response["Location"]).content.decode()
    assert "7/QĐ-UBND" in detail
    assert "64.020.000 đ" in detail
    client.force_login(persona("songtri.canbo"))
    assert client.get(response["Location"]).status_code == 404


def test_batch_approval_rights(client, persona, program):
    _posting, households = post_village(program, ["Nguyễn Văn An"])
    url = f"/compensation/programs/{program.code}/approve/"
    data = {
        "decision_number": "7/QĐ",
        "decided_on": str(days_ago(2)),
        "households": [households[0].public_id],
    }
    login(client, persona, "tinh.danvan")
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    login(client, persona, "songtri.canbo")
    response = client.post(url, data)  # not visible to them: not a choice
    assert response.status_code == 400
    assert not ApprovalBatch.objects.exists()
    login(client, persona)
    response = client.post(url, {**data, "decision_number": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["decision_number"]
    assert not ApprovalBatch.objects.exists()


def test_batch_approval_page_queries(client, persona, program, django_assert_max_num_queries):
    login(client, persona)
    url = f"/compensation/programs/{program.code}/approve/"
    post_village(program, ["Nguyễn Văn An"])
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    post_village(program, [f"Hộ {index}" for index in range(5)], village="Thôn Tân Phong")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('name="households"') == 6


def test_approval_page_queries(client, persona, program, django_assert_max_num_queries):
    login(client, persona)
    _posting, small_households = post_village(program, ["Nguyễn Văn An"])
    small = postings.batch_approve(
        actor=None,
        program=program,
        decision_number="1/QĐ",
        decided_on=days_ago(5),
        households=small_households,
    )
    client.get(f"/compensation/approvals/{small.public_id}/")
    with django_assert_max_num_queries(20) as queries:
        client.get(f"/compensation/approvals/{small.public_id}/")
    _posting, households = post_village(program, [f"Hộ {i}" for i in range(5)], village="Thôn 2")
    large = postings.batch_approve(
        actor=None,
        program=program,
        decision_number="2/QĐ",
        decided_on=days_ago(5),
        households=households,
    )
    with django_assert_max_num_queries(len(queries.captured_queries)):
        response = client.get(f"/compensation/approvals/{large.public_id}/")
    assert "320.100.000 đ" in response.content.decode()
