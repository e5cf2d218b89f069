"""Word search through the search index (ADR 0010): accents, several words, prefixes, hostile
input, the denouncer's identity, the SQLite FTS table kept in sync, and query plans."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from danvan.petitions import search, services
from danvan.petitions.models import Petition
from danvan.petitions.selectors import PetitionFilters, petition_list
from danvan.petitions.services import PetitionerInput
from danvan.petitions.tests.conftest import d

pytestmark = pytest.mark.django_db

LIST = reverse("petitions:petition_list")
API = "/api/v1/petitions/"
DENOUNCER = [PetitionerInput(full_name="Phạm Văn Dũng", address="Tổ dân phố Ba Đồng")]
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 table")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan")


@pytest.fixture(autouse=True, params=["ids", "index"])
def search_path(request, monkeypatch):
    """Every test runs twice: with the matches handed over as ids (a rare word, the usual case
    in these small tables) and through the index condition (a common word), which must find
    the same petitions."""
    if request.param == "index":
        monkeypatch.setattr(search, "FEW_MATCHES", 0)
    return request.param


@pytest.fixture
def login_client(client, persona):
    def as_(username: str):
        client.force_login(persona(username))
        return client

    return as_


def titles(user, q: str) -> set[str]:
    return {p.title for p in petition_list(user, PetitionFilters(q=q))}


@pytest.fixture
def cases(register):
    register(title="Đề nghị bồi thường đất nông nghiệp", content="Đề nghị bồi thường khi thu hồi.")
    register(title="Tranh chấp đất đai ở Ba Đồng", content="Tranh chấp ranh giới đất đai.")
    register(title="Đèn đường hỏng", content="Đèn chiếu sáng hỏng đã lâu.", kind="feedback")


def test_accent_free_and_accented_words_find_the_same_cases(cases, persona):
    officer = persona("hoanhson.canbo")

    assert titles(officer, "boi thuong") == {"Đề nghị bồi thường đất nông nghiệp"}
    assert titles(officer, "BỒI THƯỜNG") == {"Đề nghị bồi thường đất nông nghiệp"}
    assert titles(officer, "đèn") == {"Đèn đường hỏng"}


def test_every_word_must_match_in_any_order(cases, persona):
    officer = persona("hoanhson.canbo")

    assert titles(officer, "dat") == {
        "Đề nghị bồi thường đất nông nghiệp",
        "Tranh chấp đất đai ở Ba Đồng",
    }
    assert titles(officer, "dai dat") == {"Tranh chấp đất đai ở Ba Đồng"}
    assert titles(officer, "dat den") == set()


def test_words_being_typed_match_as_prefixes(cases, persona):
    officer = persona("hoanhson.canbo")

    assert titles(officer, "boi thuo") == {"Đề nghị bồi thường đất nông nghiệp"}
    assert titles(officer, "tranh cha") == {"Tranh chấp đất đai ở Ba Đồng"}
    # A prefix is the start of a word, not any part of it.
    assert titles(officer, "uong") == set()


def test_words_of_one_or_two_letters_match_only_whole_words(register, persona):
    officer = persona("hoanhson.canbo")
    register(title="Hộ ông A xin cấp sổ", content="Hộ ông A xin cấp giấy chứng nhận.")
    register(title="Ao làng bị lấp", content="Ao làng bị lấp trái phép.")
    register(title="Đường làng xuống cấp", content="Đường xuống cấp, xe khó đi.")

    assert titles(officer, "a") == {"Hộ ông A xin cấp sổ"}
    assert titles(officer, "ao") == {"Ao làng bị lấp"}
    assert titles(officer, "xe") == {"Đường làng xuống cấp"}
    assert titles(officer, "xu") == set()  # not a prefix of "xuống"
    assert titles(officer, "xuo") == {"Đường làng xuống cấp"}


def test_a_register_label_and_a_tracking_code_are_found(register, persona):
    officer = persona("hoanhson.canbo")
    petition = register(title="Đơn cần tìm")
    register(title="Đơn khác")

    assert titles(officer, petition.register_label) == {"Đơn cần tìm"}
    assert titles(officer, petition.tracking_code.lower()) == {"Đơn cần tìm"}


@pytest.mark.parametrize(
    "q",
    ['"', "*", "-", ":", "()", '"*-:^()', "NEAR(", "OR", "AND", "NOT", "-dat", "title:dat", "'"],
)
def test_hostile_input_is_only_words_and_never_an_error(cases, persona, login_client, q):
    officer = persona("hoanhson.canbo")

    found = titles(officer, q)

    words = search.phrases(q)
    assert all(w.isalnum() for p in words for w in p.words)
    if not words:
        assert found == set()
    assert login_client("hoanhson.canbo").get(LIST, {"q": q}).status_code == 200


@pytest.mark.parametrize(
    "q", ['dat" OR "den', "dat OR den", "dat NEAR(den)", "dat -den", "dat* den*", "dat:den"]
)
def test_operators_in_the_query_are_plain_words(cases, persona, q):
    # "OR", "NEAR" and the punctuation do not widen the search: every word must still match.
    assert titles(persona("hoanhson.canbo"), q) == set()


def test_punctuation_only_finds_nothing_on_the_list_and_the_api(
    cases, login_client, api_client_for
):
    page = login_client("hoanhson.canbo").get(LIST, {"q": '"*-:'})
    api = api_client_for("hoanhson.canbo").get(API, {"q": '"*-:'})

    assert page.status_code == 200
    assert "Đèn đường hỏng" not in page.content.decode()
    assert api.status_code == 200
    assert api.json()["results"] == []


def test_the_denouncers_name_is_found_only_by_assigned_officers(register, persona):
    officer, chairman = persona("hoanhson.canbo"), persona("hoanhson.chutich")
    province, admin = persona("tinh.danvan"), persona("admin")
    denunciation = register(kind="denunciation", title="Tố cáo sai phạm", petitioners=DENOUNCER)

    for reader in (officer, chairman, province, admin):
        assert titles(reader, "pham van dung") == set()
        assert titles(reader, "dung") == set()

    services.petition_assign(
        actor=chairman, petition=denunciation, user=officer, on=d("2026-02-11")
    )

    assert titles(officer, "Phạm Văn Dũng") == {"Tố cáo sai phạm"}
    assert titles(officer, "dung pham") == {"Tố cáo sai phạm"}
    assert titles(officer, "phạm văn dũ") == set()  # "dũ": two letters, a whole word only
    assert titles(officer, "ung") == set()  # not the start of a word
    for reader in (chairman, province, admin):
        assert titles(reader, "pham van dung") == set()


def test_the_denouncers_name_widens_only_the_officers_own_search(register, persona):
    officer, chairman = persona("hoanhson.canbo"), persona("hoanhson.chutich")
    denunciation = register(kind="denunciation", title="Tố cáo sai phạm", petitioners=DENOUNCER)
    register(kind="complaint", title="Khiếu nại của ông Dũng", petitioners=DENOUNCER)
    services.petition_assign(
        actor=chairman, petition=denunciation, user=officer, on=d("2026-02-11")
    )

    assert titles(officer, "dung") == {"Tố cáo sai phạm", "Khiếu nại của ông Dũng"}
    assert titles(chairman, "dung") == {"Khiếu nại của ông Dũng"}
    # Combined with other filters the name match stays inside them.
    assert {
        p.title for p in petition_list(officer, PetitionFilters(q="dung", kind="complaint"))
    } == {"Khiếu nại của ông Dũng"}


def test_searching_makes_as_many_queries_for_many_rows_as_for_one(
    register, api_client_for, django_assert_max_num_queries
):
    client = api_client_for("hoanhson.canbo")
    register(title="Bồi thường lần 1")
    with django_assert_max_num_queries(50) as one:
        client.get(API, {"q": "boi thuong"})
    for n in range(2, 6):
        register(title=f"Bồi thường lần {n}")

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(API, {"q": "boi thuong"})

    assert len(response.json()["results"]) == 5


def test_the_raw_sql_condition_finds_what_the_selector_finds(cases, persona):
    sql, params = search.sql_condition("boi thuo", connection.vendor, table="p")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT p.title FROM petitions_petition p WHERE {sql}", params)
        found = {row[0] for row in cursor.fetchall()}

    assert found == titles(persona("admin"), "boi thuo") == {"Đề nghị bồi thường đất nông nghiệp"}
    assert search.sql_condition('"*-', connection.vendor) == ("1 = 0", [])


# ---------------------------------------------------------------- SQLite FTS5 table


def fts_ids(match: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM petitions_fts WHERE petitions_fts MATCH %s", [match])
        return {row[0] for row in cursor.fetchall()}


def fts_integrity_check() -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO petitions_fts(petitions_fts) VALUES ('integrity-check')")


@sqlite_only
def test_the_fts_table_follows_create_update_and_delete(register):
    petition = register(title="Đề nghị sửa cống thoát nước", content="Cống thoát nước bị tắc.")

    assert fts_ids('"cong"* AND "thoat"*') == {petition.pk}

    petition.search_text = "de nghi lam duong lien thon"
    petition.save(update_fields=["search_text"])
    assert fts_ids('"cong"*') == set()
    assert fts_ids('"duong"* AND "lien"*') == {petition.pk}

    Petition.objects.filter(pk=petition.pk).update(search_text="thay den chieu sang")
    assert fts_ids('"duong"*') == set()
    assert fts_ids('"chieu"*') == {petition.pk}
    fts_integrity_check()

    Petition.objects.filter(pk=petition.pk).delete()
    assert fts_ids('"chieu"*') == set()
    fts_integrity_check()


@sqlite_only
def test_the_triggers_that_keep_the_fts_table_in_sync_exist():
    # A later migration that rebuilds petitions_petition on SQLite drops its triggers; it must
    # create them again (see migration 0008).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["petitions_petition"],
        )
        names = {row[0] for row in cursor.fetchall()}

    assert {"petitions_fts_insert", "petitions_fts_update", "petitions_fts_delete"} <= names


@sqlite_only
def test_the_search_query_reads_the_fts_table(cases, persona, search_path):
    if search_path == "ids":
        pytest.skip("the ids were read from the FTS table before the list query")
    plan = petition_list(persona("hoanhson.canbo"), PetitionFilters(q="boi thuong")).explain()

    assert "petitions_fts VIRTUAL TABLE" in plan


def test_a_rare_word_is_looked_up_in_the_index_first(cases, persona, search_path):
    from django.test.utils import CaptureQueriesContext

    if search_path == "index":
        pytest.skip("the index path is the common word's")
    reader = persona("hoanhson.canbo")
    with CaptureQueriesContext(connection) as queries:
        petitions = list(petition_list(reader, PetitionFilters(q="boi thuong")))

    probes = [q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"]]
    index = "petitions_fts" if connection.vendor == "sqlite" else "search_words"
    assert any(index in sql for sql in probes), probes
    assert {p.title for p in petitions} == {"Đề nghị bồi thường đất nông nghiệp"}


def test_matching_ids_says_when_there_are_more_than_the_limit(cases, persona, search_path):
    if search_path == "index":
        pytest.skip("one run is enough")
    everything = {p.pk for p in petition_list(persona("admin"), PetitionFilters(q="dat"))}
    assert len(everything) >= 2
    vendor = connection.vendor

    assert search.matching_ids("dat", vendor, "default", limit=len(everything)) == sorted(
        everything
    )
    assert search.matching_ids("dat", vendor, "default", limit=len(everything) - 1) is None
    assert search.matching_ids("khong co tu nay", vendor, "default", limit=1) == []
    assert search.matching_ids("?!", vendor, "default", limit=1) is None


# ---------------------------------------------------------------- PostgreSQL index


@postgresql_only
def test_the_search_query_uses_the_gin_index(cases, persona, search_path):
    if search_path == "ids":
        pytest.skip("the ids were read from the GIN index before the list query")
    with connection.cursor() as cursor:
        # The test table is tiny: the planner would read it whole, or walk a whole b-tree.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    # The rows counted for the pager (without the order, which may instead walk the newest
    # petitions first and test each one), for a reader who sees every petition: a ward
    # officer's few petitions are found through the scope's indexes first, and may then
    # rightly be tested one by one.
    found = petition_list(persona("admin"), PetitionFilters(q="boi thuong"))
    plan = found.order_by().explain()

    assert "petition_search_words" in plan, plan
