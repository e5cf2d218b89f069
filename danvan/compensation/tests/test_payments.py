"""Payments (partial, with receipt evidence) and their reconciliation against the approved
totals."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from danvan.compensation import documents, postings, reconciliation, services
from danvan.compensation.models import Household, HouseholdAttachment, Payment
from danvan.compensation.tests.test_postings import AMOUNT, days_ago, post_village, verified
from danvan.core.errors import InvalidTransition, ValidationFailed

pytestmark = pytest.mark.django_db
SONG_TRI = "18754"


@pytest.fixture
def program(marine):
    marine.posting_days = 20
    marine.payment_days = 30
    marine.payment_basis = "Luật Đất đai 31/2024/QH15, Điều 94"
    marine.save()
    return marine


def approve(program, heads, *, village="Thôn Hải Phong", unit="18832", decided=50):
    """Households posted 90 days ago (for 20 days), approved `decided` days ago."""
    _posting, households = post_village(
        program, heads, village=village, unit=unit, posted_from=days_ago(90)
    )
    postings.batch_approve(
        actor=None,
        program=program,
        decision_number=f"{decided}/QĐ-UBND",
        decided_on=days_ago(decided),
        households=households,
    )
    for household in households:
        household.refresh_from_db()
    return households


def attachment(household, name="bien-nhan.pdf"):
    return HouseholdAttachment.objects.create(
        household=household,
        kind=HouseholdAttachment.Kind.RECEIPT,
        file=ContentFile(b"%PDF-1.4 receipt", name=name),
        original_name=name,
        content_type="application/pdf",
        size=16,
        sha256="0" * 64,
    )


def pay(household, amount, **extra):
    return services.household_pay(
        actor=None,
        household=household,
        on=days_ago(extra.pop("days", 5)),
        amount=Decimal(amount),
        receiver=household.head_full_name,
        **extra,
    )


# ---------------------------------------------------------------- payments


def test_partial_payments_then_paid(program, persona):
    (household,) = approve(program, ["Nguyễn Văn An"])
    actor = persona("hoanhson.canbo")
    receipt = attachment(household)
    services.household_pay(
        actor=actor,
        household=household,
        on=days_ago(20),
        amount=Decimal("20000000"),
        receiver="Nguyễn Văn An",
        method="Tiền mặt",
        receipt_number="BN-01",
        evidence=receipt,
    )
    assert household.status == "approved"
    first = Payment.objects.get()
    assert first.evidence == receipt
    assert first.recorded_by == actor
    pay(household, "44020000", receipt_number="BN-02")
    assert household.status == "paid"
    assert services.paid_total(household) == AMOUNT
    with pytest.raises(InvalidTransition):
        pay(household, "1")


@pytest.mark.parametrize(
    ("amount", "extra", "field"),
    [
        ("0", {}, "amount"),
        ("64020001", {}, "amount"),
        ("1000", {"receiver": " "}, "receiver"),
        ("1000", {"receipt_number": "x" * 65}, "receipt_number"),
        ("1000", {"days": 60}, "on"),  # before the approval
        ("1000", {"days": -1}, "on"),  # tomorrow
    ],
)
def test_payment_bad_input(program, amount, extra, field):
    (household,) = approve(program, ["Nguyễn Văn An"])
    arguments = {
        "actor": None,
        "household": household,
        "on": days_ago(extra.pop("days", 5)),
        "amount": Decimal(amount),
        "receiver": "Nguyễn Văn An",
        **extra,
    }
    with pytest.raises(ValidationFailed) as error:
        services.household_pay(**arguments)
    assert error.value.field == field
    assert not Payment.objects.exists()


def test_evidence_must_be_the_households_own(program):
    first, second = approve(program, ["Nguyễn Văn An", "Trần Thị Hoa"])
    with pytest.raises(ValidationFailed) as error:
        pay(first, "1000", evidence=attachment(second))
    assert error.value.field == "evidence"
    assert not Payment.objects.exists()


# ---------------------------------------------------------------- reconciliation


@pytest.fixture
def ledger(program):
    """Hải Phong: one paid, one partly paid (no receipt), one unpaid and late; Tân Phong:
    one approved recently and unpaid; Sông Trí: one paid; one household only posted."""
    paid, partly, late = approve(program, ["Nguyễn Văn An", "Trần Thị Hoa", "Lê Thị Mai"])
    pay(paid, "64020000", receipt_number="BN-1")
    pay(partly, "20000000")
    (recent,) = approve(program, ["Võ Văn Nam"], village="Thôn Tân Phong", decided=10)
    (far,) = approve(program, ["Hồ Văn Long"], village="Tổ dân phố 3", unit=SONG_TRI)
    pay(far, "64020000", receipt_number="BN-9")
    posted = verified(program, "Đặng Văn Bình")
    services.household_post(actor=None, household=posted, on=days_ago(3))
    return {"paid": paid, "partly": partly, "late": late, "recent": recent, "far": far}


def test_programme_figures(program, ledger, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = reconciliation.program_figures(program)
    assert figures.approved_count == 5
    assert figures.approved_total == AMOUNT * 5
    assert figures.paid_total == AMOUNT * 2 + Decimal("20000000")
    assert figures.remaining == AMOUNT * 3 - Decimal("20000000")
    assert figures.paid_count == 2
    assert figures.partly_paid_count == 1
    assert figures.unpaid_count == 2


def test_village_figures_in_scope(program, ledger, persona, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = reconciliation.village_figures(program)
    by_village = {row.village: row for row in rows}
    assert set(by_village) == {"Thôn Hải Phong", "Thôn Tân Phong", "Tổ dân phố 3"}
    hai_phong = by_village["Thôn Hải Phong"]
    assert hai_phong.admin_unit_name == "Phường Hoành Sơn"
    assert hai_phong.approved_total == AMOUNT * 3
    assert hai_phong.paid_total == AMOUNT + Decimal("20000000")
    assert (hai_phong.paid_count, hai_phong.partly_paid_count, hai_phong.unpaid_count) == (1, 1, 1)
    songtri = persona("songtri.canbo")
    rows = reconciliation.village_figures(program, songtri)
    assert [row.village for row in rows] == ["Tổ dân phố 3"]
    assert reconciliation.program_figures(program, songtri).approved_count == 1


def test_anomalies(program, ledger, django_assert_num_queries):
    # Made directly in the database: the services refuse them.
    Payment.objects.create(
        household=ledger["recent"], paid_on=days_ago(1), amount=AMOUNT + 1, receiver="X"
    )
    Household.objects.filter(pk=ledger["partly"].pk).update(status="paid")
    stray = Household.objects.get(head_full_name="Đặng Văn Bình")
    Payment.objects.create(household=stray, paid_on=days_ago(1), amount=5, receiver="Y")
    with django_assert_num_queries(1):
        found = reconciliation.anomalies(program)
    codes = {(a.household.head_full_name, a.code) for a in found}
    assert codes == {
        ("Trần Thị Hoa", "paid_mismatch"),
        ("Trần Thị Hoa", "undocumented"),
        ("Lê Thị Mai", "late"),
        ("Võ Văn Nam", "overpaid"),
        ("Võ Văn Nam", "undocumented"),
        ("Đặng Văn Bình", "paid_before_approval"),
        ("Đặng Văn Bình", "undocumented"),
    }
    late = next(a for a in found if a.code == "late")
    assert "30 ngày" in late.label
    assert "Điều 94" in late.label


def test_no_late_payment_without_a_payment_deadline(program, ledger):
    program.payment_days = None
    program.save()
    codes = {a.code for a in reconciliation.anomalies(program)}
    assert "late" not in codes
    assert "undocumented" in codes


def test_a_receipt_file_documents_a_payment(program, ledger):
    pay(ledger["late"], "1000", evidence=attachment(ledger["late"]))
    codes = {(a.household.head_full_name, a.code) for a in reconciliation.anomalies(program)}
    assert ("Lê Thị Mai", "undocumented") not in codes
    assert ("Lê Thị Mai", "late") in codes  # still not paid in full


def test_reconciliation_workbook(program, ledger, persona):
    from openpyxl import load_workbook

    data = documents.reconciliation_xlsx(program, persona("hoanhson.canbo"))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Theo thôn", "Từng hộ", "Bất thường"]
    rows = list(book["Theo thôn"].iter_rows(values_only=True))
    hai_phong = next(row for row in rows if row[1] == "Thôn Hải Phong")
    assert hai_phong[0] == "Phường Hoành Sơn"
    assert hai_phong[2:6] == (3, 1, 1, 1)
    assert Decimal(str(hai_phong[6])) == AMOUNT * 3
    assert rows[-1][0] == "Tổng cộng"
    assert Decimal(str(rows[-1][7])) == AMOUNT * 2 + Decimal("20000000")
    households = list(book["Từng hộ"].iter_rows(values_only=True))
    partly = next(row for row in households if row[2] == "Trần Thị Hoa")
    assert Decimal(str(partly[9])) == AMOUNT - Decimal("20000000")
    assert partly[10] == 1
    flagged = [row[2] for row in book["Bất thường"].iter_rows(min_row=2, values_only=True)]
    assert "Lê Thị Mai" in flagged


def test_the_api_records_a_payment_with_its_receipt(program, api_client_for):
    (household,) = approve(program, ["Nguyễn Văn An"])
    receipt = attachment(household)
    officer = api_client_for("hoanhson.canbo")
    url = f"/api/v1/compensation/households/{household.public_id}/pay/"
    body = {"on": str(days_ago(5)), "amount": "1000", "receiver": "Nguyễn Văn An"}
    response = officer.post(url, {**body, "evidence": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "evidence"
    assert not Payment.objects.exists()
    response = officer.post(url, {**body, "evidence": receipt.public_id}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["payments"][0]["evidence"] == receipt.public_id
    assert response.json()["status"] == "approved"
    assert Payment.objects.get().evidence == receipt


# ---------------------------------------------------------------- web screens


def test_household_page_shows_payments(client, persona, program):
    (household,) = approve(program, ["Nguyễn Văn An"])
    receipt = attachment(household)
    pay(household, "20000000", receipt_number="BN-7", evidence=receipt)
    client.force_login(persona("hoanhson.canbo"))
    html = client.get(f"/compensation/households/{household.public_id}/").content.decode()
    assert "64.020.000 đ" in html  # approved
    assert "20.000.000 đ" in html  # paid
    assert "44.020.000 đ" in html  # remaining
    assert "BN-7" in html
    assert receipt.original_name in html
    assert f"/compensation/households/{household.public_id}/payments/" in html


def test_record_payments_on_the_web(client, persona, program):
    (household,) = approve(program, ["Nguyễn Văn An"])
    receipt = attachment(household)
    client.force_login(persona("hoanhson.canbo"))
    url = f"/compensation/households/{household.public_id}/payments/"
    response = client.post(
        url,
        {
            "payment-on": str(days_ago(3)),
            "payment-amount": "20.000.000",
            "payment-receiver": "Nguyễn Văn An",
            "payment-method": "Tiền mặt",
            "payment-receipt_number": "BN-1",
            "payment-evidence": str(receipt.pk),
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/compensation/households/")
    payment = Payment.objects.get()
    assert payment.amount == Decimal("20000000")
    assert payment.evidence == receipt
    assert payment.recorded_by == persona("hoanhson.canbo")
    client.post(
        url,
        {
            "payment-on": str(days_ago(2)),
            "payment-amount": "44020000",
            "payment-receiver": "Nguyễn Văn An",
        },
    )
    household.refresh_from_db()
    assert household.status == "paid"


def test_payment_form_bad_input(client, persona, program):
    first, second = approve(program, ["Nguyễn Văn An", "Trần Thị Hoa"])
    other = attachment(second)
    client.force_login(persona("hoanhson.canbo"))
    url = f"/compensation/households/{first.public_id}/payments/"
    base = {
        "payment-on": str(days_ago(3)),
        "payment-amount": "1000",
        "payment-receiver": "Nguyễn Văn An",
    }
    for changes, field, text in [
        ({"payment-amount": "mười triệu"}, "amount", "chữ số"),
        ({"payment-amount": "0"}, "amount", "lớn hơn 0"),
        ({"payment-amount": "64.020.001"}, "amount", "vượt số còn phải trả"),
        ({"payment-receiver": ""}, "receiver", ""),
        ({"payment-on": str(days_ago(80))}, "on", "trước ngày phê duyệt"),
        ({"payment-evidence": str(other.pk)}, "evidence", ""),
    ]:
        response = client.post(url, {**base, **changes})
        assert response.status_code == 400, changes
        assert response.context["form"].errors[field]
        assert text in response.content.decode()
    assert not Payment.objects.exists()


def test_payment_scope_and_rights(client, persona, program):
    (household,) = approve(program, ["Nguyễn Văn An"])
    url = f"/compensation/households/{household.public_id}/payments/"
    data = {"payment-on": str(days_ago(3)), "payment-amount": "1000", "payment-receiver": "A"}
    client.force_login(persona("songtri.canbo"))
    assert client.post(url, data).status_code == 404
    client.force_login(persona("tinh.danvan"))
    assert client.post(url, data).status_code == 403
    assert not Payment.objects.exists()


def test_payment_on_a_household_not_approved(client, persona, program):
    household = verified(program, "Nguyễn Văn An")
    client.force_login(persona("hoanhson.canbo"))
    url = f"/compensation/households/{household.public_id}/payments/"
    data = {"payment-on": str(days_ago(3)), "payment-amount": "1000", "payment-receiver": "A"}
    response = client.post(url, data, follow=True)
    assert "Không thể thực hiện" in response.content.decode()
    assert not Payment.objects.exists()


def test_reconciliation_page(client, persona, program, ledger):
    client.force_login(persona("songtri.canbo"))
    html = client.get(f"/compensation/programs/{program.code}/payments/").content.decode()
    assert "Tổ dân phố 3" in html
    assert "Thôn Hải Phong" not in html
    client.force_login(persona("hoanhson.canbo"))
    response = client.get(f"/compensation/programs/{program.code}/payments/")
    html = response.content.decode()
    assert "Thôn Hải Phong" in html
    assert "Lê Thị Mai" in html  # late
    assert "Điều 94" in html
    assert "84.020.000 đ" in html  # Hải Phong paid: 64.02 + 20 million
    response = client.get(f"/compensation/programs/{program.code}/payments.xlsx")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_reconciliation_page_queries(client, persona, program, django_assert_max_num_queries):
    client.force_login(persona("hoanhson.canbo"))
    url = f"/compensation/programs/{program.code}/payments/"
    (first,) = approve(program, ["Nguyễn Văn An"])
    pay(first, "1000")
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for index in range(4):
        (household,) = approve(program, [f"Hộ {index}"], village=f"Thôn {index}")
        pay(household, "1000")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("chưa có chứng từ") == 0
    assert "Thôn 3" in response.content.decode()
