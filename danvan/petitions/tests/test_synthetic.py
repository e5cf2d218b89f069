"""`danvan seed-synthetic`: synthetic petitions that every screen, search, the duplicate check
and the overdue filter treat exactly like registered ones."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.models import User
from danvan.audit.models import AuditEvent
from danvan.core.text import fold
from danvan.organizations.models import Organization
from danvan.petitions import deadlines, duplicates, services, synthetic
from danvan.petitions.models import (
    DuplicateCandidate,
    Kind,
    Petition,
    RegisterCounter,
    Status,
)
from danvan.petitions.selectors import PetitionFilters, overdue_q, petition_list
from danvan.petitions.services import PetitionerInput, petition_register
from danvan.petitions.topics import suggest_topic

pytestmark = pytest.mark.django_db


def seed(petitions: int = 300, **options: Any) -> synthetic.SeedResult:
    today = timezone.localdate()
    options.setdefault("start_year", today.year - 1)
    options.setdefault("batch_size", 100)
    return synthetic.seed_synthetic(synthetic.SeedOptions(petitions=petitions, **options))


def synthetic_rows() -> Any:
    return synthetic.synthetic_petitions().order_by("pk")


def test_kinds_states_dates_and_overdue_look_like_an_office() -> None:
    result = seed(300)
    petitions = list(synthetic_rows())
    assert len(petitions) == result.created == 300
    kinds = Counter(p.kind for p in petitions)
    assert set(kinds) == set(Kind.values)
    assert kinds["recommendation"] + kinds["feedback"] > kinds["complaint"] > kinds["denunciation"]
    statuses = Counter(p.status for p in petitions)
    for status in ("received", "accepted", "replied", "forwarded", "archived", "guided"):
        assert statuses[status] > 0, status
    assert statuses == result.by_status
    today = timezone.localdate()
    assert all(dt.date(today.year - 1, 1, 1) <= p.received_on <= today for p in petitions)
    assert sum(p.received_on.weekday() < 5 for p in petitions) > 0.85 * len(petitions)
    assert len({p.channel for p in petitions}) >= 6
    assert len({p.topic_id for p in petitions if p.topic_id}) >= 7
    assert len({p.admin_unit_id for p in petitions}) > 40
    overdue = synthetic_rows().filter(overdue_q(today)).count()
    assert 0 < overdue < 0.2 * len(petitions)
    assert overdue == result.overdue
    # Closed cases carry the dates of the steps they went through, in order.
    for p in petitions:
        if p.status in (Status.REPLIED, Status.ARCHIVED, Status.FORWARDED, Status.GUIDED):
            assert p.closed_on is not None
            assert p.received_on <= p.closed_on <= today
        if p.accepted_on:
            assert p.received_on <= p.accepted_on
        if p.resolved_on:
            assert p.accepted_on
            assert p.accepted_on <= p.resolved_on
        if p.kind == Kind.DENUNCIATION:
            assert not p.anonymous


def test_derived_columns_are_what_the_services_compute() -> None:
    seed(300)
    queryset = synthetic_rows().prefetch_related("petitioners", "pauses", "extensions")
    for p in queryset.prefetch_related("forwardings", "deadlines"):
        people = list(p.petitioners.all())
        assert p.search_text == services.search_text_for(p, people)
        assert (
            p.fingerprint_band0,
            p.fingerprint_band1,
            p.fingerprint_band2,
            p.fingerprint_band3,
        ) == duplicates.bands(p.content)
        for person in people:
            assert person.name_key == duplicates.name_key(person.full_name, person.address)
        if p.kind == Kind.DENUNCIATION:
            assert people
            assert all(fold(x.full_name) not in p.search_text for x in people)
        expected = deadlines.compute(p, pauses=p.pauses.all(), extensions=p.extensions.all())
        stored = sorted(
            (d.step, d.rule_id, d.starts_on, d.due_on, d.met_on) for d in p.deadlines.all()
        )
        assert stored == sorted(
            (d.step, d.rule_id, d.starts_on, d.due_on, d.met_on) for d in expected
        )
        assert p.suggested_topic == suggest_topic(f"{p.title} {p.content}")
        if p.status == Status.FORWARDED:
            assert p.forwardings.count() == 1
        if p.status == Status.PAUSED:
            assert p.pauses.filter(ended_on__isnull=True).count() == 1


def test_fast_text_functions_equal_the_originals() -> None:
    samples = [
        "",
        "  Đơn   KHIẾU nại\tvề việc bồi thường ĐẤT ở, thửa số 12/2026 — 450 m² ",
        "Tố cáo ông Nguyễn Văn Hùng, cán bộ địa chính xã Kỳ Hoa",
        "a",
        "Ủy ban nhân dân phường Hoành Sơn",
    ]
    for text in samples:
        assert synthetic.fast_fold(text) == fold(text)
        assert synthetic.fast_bands(text) == duplicates.bands(text)


def test_register_numbers_are_unique_and_the_next_registration_follows_them() -> None:
    seed(300)
    keys = list(synthetic_rows().values_list("organization_id", "register_year", "number"))
    assert len(keys) == len(set(keys))
    tracking = list(synthetic_rows().values_list("tracking_code", flat=True))
    assert len(tracking) == len(set(tracking))
    top: dict[tuple[int, int], int] = {}
    for org_id, year, number in keys:
        top[(org_id, year)] = max(top.get((org_id, year), 0), number)
    for (org_id, year), number in top.items():
        counter = RegisterCounter.objects.get(organization_id=org_id, year=year)
        assert counter.last_number == number
    today = timezone.localdate()
    busiest = Counter(org_id for org_id, year, _n in keys if year == today.year).most_common(1)
    org = Organization.objects.get(pk=busiest[0][0])
    officer = User.objects.get(username=f"syn.{org.code.split('-')[1]}")
    new = petition_register(
        actor=officer,
        organization=org,
        kind="feedback",
        channel="web",
        received_on=today,
        content="Phản ánh đèn đường hỏng kéo dài.",
        anonymous=True,
    )
    assert new.number == top[(org.pk, today.year)] + 1


def test_search_finds_a_synthetic_petition_by_a_word_without_accents() -> None:
    seed(300)
    specialist = User.objects.get(username="syn.42")
    petition = synthetic_rows().exclude(kind=Kind.DENUNCIATION).first()
    assert petition is not None
    words = fold(petition.title).split()[:4]
    query = " ".join(words)
    assert query == query.encode("ascii", "ignore").decode()
    found = petition_list(specialist, PetitionFilters(q=query))
    assert petition in found
    assert len(found) < synthetic_rows().count()


def test_the_duplicate_check_of_a_new_registration_finds_the_synthetic_one() -> None:
    seed(300)
    original = (
        synthetic_rows()
        .filter(kind=Kind.COMPLAINT, organization__level="commune")
        .select_related("organization", "admin_unit")
        .first()
    )
    assert original is not None
    officer = User.objects.get(username=f"syn.{original.admin_unit.code}")
    new = petition_register(
        actor=officer,
        organization=original.organization,
        kind=original.kind,
        channel="post",
        received_on=timezone.localdate(),
        content=original.content,
        admin_unit=original.admin_unit,
        petitioners=[PetitionerInput(full_name="Trần Thị Mai", address="Thôn Đông")],
    )
    found = DuplicateCandidate.objects.get(petition=new, candidate=original)
    assert "similar_content" in found.reasons


def _queries(client: Any, url: str) -> int:
    """Queries to render the page, not counting the audit event that logs a denouncer's
    identity shown to its assigned officer (one insert, there or not with the page's rows).
    A first request fills the process's caches (content types)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return sum(1 for q in context.captured_queries if "audit_auditevent" not in q["sql"])


def test_board_and_list_render_for_a_synthetic_officer_with_constant_queries(client: Any) -> None:
    seed(120, seed=3)
    busiest = Counter(
        synthetic_rows().filter(organization__level="commune").values_list("admin_unit__code")
    ).most_common(1)[0][0][0]
    officer = User.objects.get(username=f"syn.{busiest}")
    client.force_login(officer)
    list_url = reverse("petitions:petition_list")
    board_url = reverse("petitions:backlog")
    small = (_queries(client, list_url), _queries(client, board_url))
    seed(600, seed=4)
    large = (_queries(client, list_url), _queries(client, board_url))
    assert small == large
    newest = petition_list(officer).first()
    assert newest is not None
    assert newest.admin_unit is not None
    assert newest.admin_unit.code == busiest
    assert newest.title in client.get(list_url).content.decode()


def test_same_seed_gives_the_same_petitions() -> None:
    fields = ("kind", "channel", "status", "received_on", "title", "content", "topic_id", "number")
    seed(200, seed=7, batch_size=150)
    first = list(synthetic_rows().values_list(*fields))
    synthetic.clear_synthetic()
    seed(200, seed=7, batch_size=100)
    again = list(synthetic_rows().values_list(*fields))
    assert first == again
    synthetic.clear_synthetic()
    seed(200, seed=8)
    other = list(synthetic_rows().values_list(*fields))
    assert other != first


def test_clear_removes_only_synthetic_petitions(register: Any, hoanhson: Any) -> None:
    earlier = register()
    seed(150)
    assert synthetic_rows().count() == 150
    # A real registration whose duplicate check found a synthetic petition, marked as its
    # duplicate: clearing cuts those links and keeps the real petition.
    original = synthetic_rows().exclude(kind=Kind.MIXED).first()
    assert original is not None
    # In the ward of the registering officer, so that their duplicate check sees it.
    synthetic_rows().filter(pk=original.pk).update(admin_unit=hoanhson)
    real = register(content=original.content, kind=original.kind)
    assert DuplicateCandidate.objects.filter(petition=real, candidate=original).exists()
    Petition.objects.filter(pk=real.pk).update(duplicate_of=original)
    out = StringIO()
    call_command("seed-synthetic", "--clear", stdout=out)
    assert "150" in out.getvalue()
    assert synthetic_rows().count() == 0
    assert Petition.objects.filter(pk__in=[earlier.pk, real.pk]).count() == 2
    real.refresh_from_db()
    assert real.duplicate_of is None
    assert not DuplicateCandidate.objects.filter(candidate_id=original.pk).exists()
    assert DuplicateCandidate.objects.filter(petition=real, candidate=earlier).exists()
    assert real.deadlines.exists()
    assert real.petitioners.exists()
    assert not RegisterCounter.objects.filter(organization__code__startswith="syn-").exists()
    assert RegisterCounter.objects.filter(organization=real.organization).exists()
    assert Organization.objects.filter(code__startswith="syn-").count() == 70


def test_one_summary_audit_event_and_a_summary_printed() -> None:
    before = AuditEvent.objects.count()
    out = StringIO()
    call_command(
        "seed-synthetic",
        "--petitions",
        "150",
        "--batch-size",
        "100",
        "--seed",
        "5",
        f"--start-year={timezone.localdate().year - 1}",
        stdout=out,
    )
    text = out.getvalue()
    assert "100 / 150" in text
    assert "150 / 150" in text
    assert "đơn/giây" in text
    assert "quá hạn / overdue" in text
    assert "recommendation" in text
    events = AuditEvent.objects.filter(action=synthetic.AUDIT_ACTION)
    assert events.count() == 1
    event = events.get()
    assert event.changes["petitions"]["after"] == 150
    assert event.changes["seed"]["after"] == 5
    assert not AuditEvent.objects.filter(action__startswith="petition.").exists()
    # The organisations and officers were created through their services (70 + 70 + 70
    # events), the petitions were not audited one by one.
    assert AuditEvent.objects.count() - before == 1 + 70 * 3
    officer = User.objects.get(username="syn.42")
    assert not officer.has_usable_password()
    assert officer.memberships.get().organization.code == "syn-42-ubnd"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--petitions", "0"], "Số đơn phải từ 1"),
        (["--petitions", "-5"], "Số đơn phải từ 1"),
        (["--petitions", "5000001"], "Số đơn phải từ 1"),
        (["--petitions", "10", "--province", "99"], "Không có tỉnh, thành phố mã “99”"),
        (["--petitions", "10", "--batch-size", "5"], "Cỡ lô"),
        (["--petitions", "10", "--start-year", "1990"], "Năm bắt đầu"),
        (["--petitions", "10", "--start-year", "2010"], "Chưa có quy định thời hạn"),
        ([], "--petitions N"),
    ],
)
def test_bad_arguments_give_a_clear_error_and_write_nothing(
    arguments: list[str], message: str
) -> None:
    counts = (Petition.objects.count(), Organization.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError, match=message):
        call_command("seed-synthetic", *arguments, stdout=StringIO())
    assert counts == (
        Petition.objects.count(),
        Organization.objects.count(),
        AuditEvent.objects.count(),
    )


def test_an_error_while_generating_stops_the_seeding(monkeypatch: Any) -> None:
    make = synthetic.Generator.make

    def failing(self: synthetic.Generator, index: int) -> synthetic.Draft:
        if index == 250:
            raise RuntimeError("generator failed")
        return make(self, index)

    monkeypatch.setattr(synthetic.Generator, "make", failing)
    with pytest.raises(RuntimeError, match="generator failed"):
        seed(400, batch_size=100)
    # The batches written before the error are whole: numbered, with their deadlines.
    assert synthetic_rows().count() == 200
    assert not synthetic_rows().filter(deadlines__isnull=True, kind__in=["complaint"]).exists()
    assert not any(t.name == "seed-synthetic" for t in threading.enumerate())
