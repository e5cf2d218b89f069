"""Possible duplicates at registration, and register numbers under concurrent registration."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.organizations.models import Organization
from danvan.petitions.duplicates import content_similarity
from danvan.petitions.services import PetitionerInput

pytestmark = pytest.mark.django_db

ORIGINAL = (
    "Gia đình tôi ở thôn Tân Phúc Thành, xã Kỳ Lợi, đã kê khai đất ở và nhà cửa từ năm 2018 "
    "nhưng đến nay chưa nhận được tiền bồi thường di dời. Đề nghị Ủy ban xem xét chi trả."
)
EDITED = (
    "Gia dinh toi o thon Tan Phuc Thanh xa Ky Loi da ke khai dat o va nha cua tu nam 2018, "
    "nhung den nay van chua nhan duoc tien boi thuong di doi. De nghi UBND xem xet chi tra som."
)


def someone(name="Trần Thị Bích", phone="", id_number="", address="Thôn Hải Phong"):
    return [PetitionerInput(full_name=name, phone=phone, id_number=id_number, address=address)]


def test_near_identical_content_is_found_without_accents_and_with_small_edits(register):
    original = register(kind="feedback", content=ORIGINAL, petitioners=someone())

    again = register(kind="feedback", content=EDITED, petitioners=someone(name="Lê Văn Cường"))

    candidate = again.duplicate_candidates.get()
    assert candidate.candidate == original
    assert candidate.reasons == ["similar_content"]
    assert float(candidate.score) >= 0.6


def test_the_same_person_is_found_by_id_number_phone_or_name_and_address(register):
    by_id = register(
        content="Việc thứ nhất về đường giao thông.", petitioners=someone(id_number="042080009999")
    )
    by_phone = register(
        content="Việc thứ hai về chiếu sáng.", petitioners=someone(phone="0987654321")
    )

    new = register(
        content="Một việc hoàn toàn khác về trường học.",
        petitioners=someone(name="TRAN THI BICH", id_number="042080009999", phone="0987654321"),
    )

    found = {c.candidate_id: c.reasons for c in new.duplicate_candidates.all()}
    assert "same_id_number" in found[by_id.pk]
    assert "same_phone" in found[by_phone.pk]
    assert "same_name_and_address" in found[by_id.pk]


def test_unrelated_petitions_are_not_duplicates(register):
    register(content=ORIGINAL, petitioners=someone(name="Người A", address="Sông Trí"))

    other = register(
        content="Phản ánh đèn đường tổ dân phố 3 bị hỏng nhiều tháng, đi lại ban đêm nguy hiểm.",
        petitioners=someone(name="Người B", address="Hải Ninh"),
        admin_unit=None,
    )

    assert not other.duplicate_candidates.exists()


def test_similarity_is_symmetric_and_bounded():
    assert content_similarity(ORIGINAL, EDITED) == content_similarity(EDITED, ORIGINAL)
    assert content_similarity(ORIGINAL, ORIGINAL) == 1.0
    assert content_similarity(ORIGINAL, "") == 0.0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_get_distinct_numbers(django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers itself (IMMEDIATE transactions); PostgreSQL runs it")
    import datetime as dt

    from danvan.petitions.services import petition_register

    organization = Organization.objects.create(
        code="concurrency-test", name="Cơ quan thử", kind="people_committee", level="commune"
    )
    numbers: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def worker(index: int) -> None:
        try:
            barrier.wait()
            petition = petition_register(
                actor=None,
                organization=organization,
                kind="feedback",
                channel="phone",
                received_on=dt.date(2026, 3, 2),
                content=f"Phản ánh số {index} về ngập nước.",
                anonymous=True,
            )
            numbers.append(petition.number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]


def test_only_the_indexed_candidates_are_compared_and_only_their_text_is_read(
    register, monkeypatch
):
    from danvan.petitions import duplicates

    monkeypatch.setattr(duplicates, "SAME_PLACE_POOL", 3)
    topics = ["đường giao thông", "chiếu sáng", "trường học", "nước sạch", "chợ", "rác thải"]
    for index, topic in enumerate(topics):
        register(
            content=f"Việc số {index} về {topic} ở tổ dân phố.",
            petitioners=someone(name=f"Người {index}", address=f"Số nhà {index}"),
        )
    compared: list[str] = []
    of = duplicates._Text.of

    def counting(text: str) -> duplicates._Text:
        compared.append(text)
        return of(text)

    monkeypatch.setattr(duplicates._Text, "of", staticmethod(counting))

    with CaptureQueriesContext(connection) as context:
        register(content=ORIGINAL, petitioners=someone(name="Người mới", address="Thôn khác"))

    # The new text, then the three most recent petitions of the same ward: not all six.
    assert compared[0] == ORIGINAL
    assert len(compared) == 1 + 3
    candidate_reads = [
        q["sql"]
        for q in context.captured_queries
        if q["sql"].startswith('SELECT "petitions_petition"."id", "petitions_petition"."content"')
    ]
    assert len(candidate_reads) == 1
    assert "search_text" not in candidate_reads[0]


@pytest.mark.parametrize(
    "text",
    [ORIGINAL, EDITED, "ĐẤT Ở  \n\t Kỳ Lợi", "Ǆ İstanbul ﬁ ᾧ 𝔘𝔫𝔦 ệ", "a\u0301\u0323", "", "  "],
)
def test_the_fast_folding_of_compared_texts_is_the_usual_folding(text):
    from danvan.core.text import fold
    from danvan.petitions.duplicates import _fold

    assert _fold(text) == fold(text)
