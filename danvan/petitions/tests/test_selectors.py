"""Lists, search and confidentiality of the denouncer's identity."""

from __future__ import annotations

import pytest

from danvan.audit.selectors import events_for
from danvan.petitions import services
from danvan.petitions.confidentiality import petitioners_for
from danvan.petitions.selectors import PetitionFilters, identity_visible, petition_list
from danvan.petitions.services import PetitionerInput
from danvan.petitions.tests.conftest import d

pytestmark = pytest.mark.django_db

DENOUNCER = [PetitionerInput(full_name="Phạm Văn Dũng", address="Tổ dân phố Ba Đồng")]


def titles(user, **filters):
    return {p.title for p in petition_list(user, PetitionFilters(**filters))}


def test_search_is_accent_insensitive(register, persona):
    register(title="Tranh chấp đất đai ở tổ dân phố Ba Đồng", content="Tranh chấp đất đai.")

    assert "Tranh chấp đất đai ở tổ dân phố Ba Đồng" in titles(
        persona("hoanhson.canbo"), q="dat dai"
    )
    assert "Tranh chấp đất đai ở tổ dân phố Ba Đồng" in titles(
        persona("hoanhson.canbo"), q="ĐẤT ĐAI"
    )


def test_a_denouncers_name_finds_the_case_only_for_assigned_officers(register, persona):
    officer, chairman = persona("hoanhson.canbo"), persona("hoanhson.chutich")
    register(kind="denunciation", title="Tố cáo sai phạm", petitioners=DENOUNCER)
    register(kind="complaint", title="Khiếu nại thường", petitioners=DENOUNCER)

    assert titles(officer, q="pham van dung") == {"Khiếu nại thường"}
    denunciation = petition_list(officer, PetitionFilters(kind="denunciation")).get()
    services.petition_assign(
        actor=chairman, petition=denunciation, user=officer, on=d("2026-02-11")
    )

    assert titles(officer, q="pham van dung") == {"Khiếu nại thường", "Tố cáo sai phạm"}
    assert titles(chairman, q="pham van dung") == {"Khiếu nại thường"}


def test_identity_is_visible_to_assigned_officers_and_each_reveal_is_logged(register, persona):
    officer, chairman = persona("hoanhson.canbo"), persona("hoanhson.chutich")
    petition = register(kind="denunciation", petitioners=DENOUNCER)
    services.petition_assign(actor=chairman, petition=petition, user=officer, on=d("2026-02-11"))
    petition = petition_list(officer).get(pk=petition.pk)

    assert identity_visible(chairman, petition) is False
    assert petitioners_for(chairman, petition, surface="page") is None
    people = petitioners_for(officer, petition, surface="page")

    assert people is not None
    assert [p.full_name for p in people] == ["Phạm Văn Dũng"]
    reveals = [e for e in events_for(petition) if e.action == "petition.identity_reveal"]
    assert [(e.actor, e.note) for e in reveals] == [(officer, "page")]


def test_filters_by_status_overdue_and_dates(register, persona):
    officer = persona("hoanhson.canbo")
    old = register(title="Đơn cũ quá hạn", received_on=d("2026-01-05"))
    register(title="Đơn mới", received_on=d("2026-11-26"))
    services.petition_archive(actor=officer, petition=register(title="Đã lưu"), on=d("2026-02-11"))

    assert titles(officer, overdue=True) == {"Đơn cũ quá hạn"}
    assert titles(officer, status="archived") == {"Đã lưu"}
    assert titles(officer, received_from=d("2026-11-01")) == {"Đơn mới"}
    assert old.title in titles(officer, open_only=True)


def test_other_wards_do_not_see_the_case(register, persona):
    register(title="Việc của Hoành Sơn")

    assert titles(persona("songtri.canbo")) == set()
    assert titles(persona("tinh.danvan")) == {"Việc của Hoành Sơn"}


def test_list_query_count_does_not_grow_with_rows(register, persona):
    for n in range(3):
        register(title=f"Đơn {n}")

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            shown = [
                (
                    [x.rule.code for x in row.deadlines.all()],
                    [p.full_name for p in row.petitioners.all()],
                    row.topic,
                    row.admin_unit,
                    row.organization,
                )
                for row in petition_list(persona("hoanhson.canbo"))
            ]
        assert shown
        return len(ctx)

    few = count_queries()
    for n in range(10):
        register(title=f"Thêm {n}")
    assert count_queries() == few


@pytest.fixture
def forwarded_and_assigned(register, persona):
    """A plain case, one assigned to an officer of another ward, one forwarded there."""
    from danvan.organizations.models import Organization
    from danvan.petitions.models import Assignment, Forwarding

    plain = register(title="Của Hoành Sơn")
    assigned = register(title="Giao cho cán bộ phường khác")
    Assignment.objects.create(
        petition=assigned, user=persona("songtri.canbo"), assigned_on=d("2026-02-11")
    )
    forwarded = register(title="Chuyển sang Sông Trí")
    songtri = Organization.objects.filter(memberships__user=persona("songtri.canbo")).first()
    assert songtri is not None
    Forwarding.objects.create(
        petition=forwarded,
        from_organization=forwarded.organization,
        to_organization=songtri,
        forwarded_on=d("2026-02-12"),
    )
    return plain, assigned, forwarded


@pytest.mark.parametrize("reader", ["hoanhson.canbo", "songtri.canbo", "tinh.danvan"])
def test_a_wide_scope_read_row_by_row_finds_the_same_petitions(
    forwarded_and_assigned, persona, monkeypatch, reader
):
    from danvan.organizations import scope
    from danvan.petitions.selectors import visible_petitions

    def visible(threshold: int) -> set[str]:
        monkeypatch.setattr(scope, "WIDE_SCOPE_UNITS", threshold)
        return set(visible_petitions(persona(reader)).values_list("title", flat=True))

    as_lists = visible(10**9)
    assert as_lists == visible(0)
    if reader == "songtri.canbo":
        assert as_lists >= {"Giao cho cán bộ phường khác", "Chuyển sang Sông Trí"}
        assert "Của Hoành Sơn" not in as_lists
    else:
        assert as_lists >= {"Của Hoành Sơn", "Chuyển sang Sông Trí"}


@pytest.mark.parametrize("threshold", [0, 10**9])
@pytest.mark.parametrize("reader", ["hoanhson.canbo", "songtri.canbo", "tinh.danvan", "admin"])
def test_the_visible_ids_subquery_holds_exactly_the_visible_petitions(
    forwarded_and_assigned, persona, monkeypatch, reader, threshold
):
    from danvan.organizations import scope
    from danvan.petitions.models import Petition
    from danvan.petitions.selectors import visible_petition_ids, visible_petitions

    monkeypatch.setattr(scope, "WIDE_SCOPE_UNITS", threshold)
    user = persona(reader)

    ids = visible_petition_ids(user)
    through_ids = set(Petition.objects.filter(pk__in=ids).values_list("pk", flat=True))

    assert through_ids == set(visible_petitions(user).values_list("pk", flat=True))
    assert through_ids
    # A scope of id lists is their union itself, not a lookup in the petition table
    narrow = reader != "admin" and threshold > 0
    assert (ids.query.combinator == "union") == narrow


def test_a_case_file_opens_for_exactly_the_readers_who_list_it(forwarded_and_assigned, persona):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from danvan.petitions.models import Petition
    from danvan.petitions.selectors import petition_for, visible_petitions

    plain, assigned, forwarded = forwarded_and_assigned
    readers = [
        persona(name) for name in ("hoanhson.canbo", "songtri.canbo", "tinh.danvan", "admin")
    ] + [AnonymousUser()]

    for reader in readers:
        listed = set(visible_petitions(reader).values_list("pk", flat=True))
        for petition in Petition.objects.all():
            try:
                opened = petition_for(reader, petition.public_id).pk == petition.pk
            except Http404:
                opened = False
            assert opened == (petition.pk in listed), (reader, petition.title)
    songtri_reader = persona("songtri.canbo")
    assert petition_for(songtri_reader, assigned.public_id).title == assigned.title
    assert petition_for(songtri_reader, forwarded.public_id).title == forwarded.title
    with pytest.raises(Http404):
        petition_for(songtri_reader, plain.public_id)
    with pytest.raises(Http404):
        petition_for(songtri_reader, "KHONGCO")
