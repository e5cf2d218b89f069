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


def test_batch_approval_needs_a_posting_when_the_programme_sets_a_minimum(program):
    household = verified(program, "Nguyễn Văn An")
    services.household_post(actor=None, household=household, on=days_ago(40))
    with pytest.raises(ValidationFailed) as error:
        postings.batch_approve(
            actor=None,
            program=program,
            decision_number="1/QĐ",
            decided_on=days_ago(1),
            households=[household],
        )
    assert "chưa có đợt niêm yết" in str(error.value.message)


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
