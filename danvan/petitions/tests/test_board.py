"""The backlog board at a province's scale: figures per ward from grouped queries, the same
as counting each ward on its own, in a number of queries that does not grow with the wards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.petitions import services
from danvan.petitions.board import BOARD_MOST_OVERDUE, backlog_board
from danvan.petitions.models import OPEN_STATUSES, Petition, PetitionDeadline
from danvan.petitions.selectors import visible_petitions
from danvan.places.models import AdminUnit
from danvan.places.selectors import unit_ids_within

BOARD = reverse("petitions:backlog")
VUNG_ANG, HOANH_SON, HAI_NINH = "Phường Vũng Áng", "Phường Hoành Sơn", "Phường Hải Ninh"


def today() -> dt.date:
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


def former(code: str) -> AdminUnit:
    return AdminUnit.objects.get(code=code, valid_to__isnull=False)


def ha_tinh_communes() -> list[AdminUnit]:
    ha_tinh = AdminUnit.objects.get(code="42", valid_to__isnull=True)
    return list(
        AdminUnit.objects.current()
        .filter(level="commune", path__startswith=ha_tinh.path)
        .order_by("code")
    )


def expected_line(user: Any, ward: AdminUnit, on: dt.date) -> tuple[int, int, int, int, int]:
    """A ward's figures counted on their own, over `unit_ids_within([ward])`."""
    ids = visible_petitions(user).values("pk")
    within = unit_ids_within([ward])
    open_ = Petition.objects.filter(
        pk__in=ids, admin_unit_id__in=within, status__in=OPEN_STATUSES
    ).count()
    deadlines = PetitionDeadline.objects.filter(
        petition__in=ids, petition__admin_unit_id__in=within, due_on__isnull=False
    )
    late = deadlines.filter(met_on__isnull=True, due_on__lt=on)
    met = deadlines.filter(met_on__gte=on - dt.timedelta(days=365), met_on__lte=on)
    return (
        open_,
        late.values("petition").distinct().count(),
        late.count(),
        met.count(),
        met.filter(met_on__lte=F("due_on")).count(),
    )


@pytest.fixture
def history(register: Any, persona: Any) -> dict[str, Any]:
    """Cases across the Kỳ Lợi split: one filed against the former commune, one against its
    hamlet that went to Hoành Sơn, current ones in two of the successor wards, one answered,
    and one case with two steps open past their deadline."""
    officer = persona("hoanhson.canbo")
    ky_loi = former("18796")
    hamlet = former("18796-01")
    communes = {unit.name: unit for unit in ha_tinh_communes()}
    cases = {
        "ky_loi": register(title="Đơn Kỳ Lợi cũ", admin_unit=ky_loi, received_on=days_ago(60)),
        "hamlet": register(title="Đơn thôn cũ", admin_unit=hamlet, received_on=days_ago(50)),
        "vung_ang": register(
            title="Đơn Vũng Áng", admin_unit=communes[VUNG_ANG], received_on=days_ago(40)
        ),
        "answered": register(kind="feedback", title="Đã trả lời", received_on=days_ago(2)),
        "two_late": register(title="Hai bước quá hạn", received_on=days_ago(90)),
    }
    services.petition_reply(
        actor=officer, petition=cases["answered"], on=today(), text="Đã xử lý xong."
    )
    two_late = cases["two_late"]
    first = two_late.deadlines.filter(met_on__isnull=True).first()
    assert first is not None
    PetitionDeadline.objects.create(
        petition=two_late,
        step="resolve" if first.step != "resolve" else "reply",
        rule=first.rule,
        starts_on=days_ago(90),
        due_on=days_ago(100),
    )
    return cases


def test_each_wards_figures_are_those_counted_on_its_own(history, persona):
    reader = persona("tinh.danvan")

    board = backlog_board(reader, today())

    assert {VUNG_ANG, HOANH_SON, HAI_NINH} <= {line.unit.name for line in board.units}
    for line in board.units:
        figures = (line.open, line.overdue, line.late_open, line.met, line.on_time)
        assert figures == expected_line(reader, line.unit, today()), line.unit.name


def test_a_former_communes_case_counts_under_its_three_wards_and_once_on_the_board(
    register, persona
):
    reader = persona("tinh.danvan")
    before = backlog_board(reader, today())
    register(title="Đơn Kỳ Lợi cũ", admin_unit=former("18796"), received_on=days_ago(60))

    board = backlog_board(reader, today())

    opened = {line.unit.name: line.open for line in board.units}
    was = {line.unit.name: line.open for line in before.units}
    for ward in (VUNG_ANG, HOANH_SON, HAI_NINH):
        assert opened[ward] == was.get(ward, 0) + 1
    assert board.counters["open"] == before.counters["open"] + 1
    assert board.counters["overdue"] == before.counters["overdue"] + 1


def test_a_case_with_two_late_steps_is_overdue_once(history, persona):
    reader = persona("hoanhson.chutich")

    board = backlog_board(reader, today())

    line = next(line for line in board.units if line.unit.name == HOANH_SON)
    two_late = history["two_late"]
    late_steps = two_late.deadlines.filter(met_on__isnull=True, due_on__lt=today()).count()
    assert late_steps >= 2
    assert line.late_open - line.overdue >= late_steps - 1
    late = PetitionDeadline.objects.filter(
        petition__in=visible_petitions(reader).values("pk"),
        met_on__isnull=True,
        due_on__lt=today(),
    )
    assert board.counters["overdue"] == late.values("petition").distinct().count()
    assert board.late_open == late.count() > board.counters["overdue"]
    # Listed once, with its oldest late step.
    listed = [p for p in board.most_overdue if p.pk == two_late.pk]
    assert len(listed) == 1
    assert listed[0].days_late == 100
    assert board.most_overdue[0].pk == two_late.pk


def test_the_most_overdue_are_the_ten_oldest_late_cases(register, persona):
    for n in range(12):
        register(title=f"Quá hạn {n}", received_on=days_ago(40 + 5 * n))

    board = backlog_board(persona("hoanhson.chutich"), today())

    assert len(board.most_overdue) == BOARD_MOST_OVERDUE
    assert [p.title for p in board.most_overdue] == [f"Quá hạn {n}" for n in range(11, 1, -1)]
    days = [p.days_late for p in board.most_overdue]
    assert days == sorted(days, reverse=True)
    assert days[0] - days[1] == 5
    assert len({p.pk for p in board.most_overdue}) == BOARD_MOST_OVERDUE


def _board_queries(client: Any) -> int:
    """Queries of a board counted afresh (a wide scope's board is otherwise read from the
    cache: see the tests of `board_for` below)."""
    with override_settings(PETITION_BOARD_REFRESH_SECONDS=0):
        client.get(BOARD, {"refresh": "1"})  # fills the process's caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BOARD, {"refresh": "1"}).status_code == 200
    return len(queries)


def test_a_province_board_takes_as_many_queries_for_30_wards_as_for_3(register, persona, client):
    communes = ha_tinh_communes()
    assert len(communes) >= 30
    client.force_login(persona("tinh.danvan"))
    register(title="Đơn Kỳ Lợi cũ", admin_unit=former("18796"), received_on=days_ago(60))
    for commune in communes[:3]:
        register(title=f"Đơn {commune.name}", admin_unit=commune, received_on=days_ago(40))
    few = _board_queries(client)
    few_wards = len(client.get(BOARD, {"refresh": "1"}).context["board"].units)

    for commune in communes[3:30]:
        register(title=f"Đơn {commune.name}", admin_unit=commune, received_on=days_ago(40))
    # More former units too: a hamlet that moved, and a commune merged into Phường Sông Trí.
    register(title="Đơn thôn cũ", admin_unit=former("18796-01"), received_on=days_ago(50))
    ky_chau = AdminUnit.objects.get(name="Xã Kỳ Châu", valid_to__isnull=False)
    register(title="Đơn Kỳ Châu cũ", admin_unit=ky_chau, received_on=days_ago(45))
    many = _board_queries(client)

    assert len(client.get(BOARD, {"refresh": "1"}).context["board"].units) >= few_wards + 25
    assert many == few


def test_a_ward_officers_board_takes_a_constant_number_of_queries(register, persona, client):
    client.force_login(persona("hoanhson.chutich"))
    register(title="Đơn Kỳ Lợi cũ", admin_unit=former("18796"), received_on=days_ago(60))
    few = _board_queries(client)

    for n in range(10):
        register(title=f"Đơn {n}", received_on=days_ago(5 * n))
    register(title="Đơn thôn cũ", admin_unit=former("18796-01"), received_on=days_ago(50))

    assert _board_queries(client) == few


# ---------------------------------------------------------------- wide scopes: the cache


def test_a_province_board_is_read_from_the_cache_until_counted_again(register, persona):
    from danvan.petitions.board import board_for

    reader = persona("tinh.danvan")
    register(title="Đơn thứ nhất", received_on=days_ago(3))
    first = board_for(reader, today())
    assert first.cached is False

    register(title="Đơn thứ hai", received_on=days_ago(2))
    with CaptureQueriesContext(connection) as queries:
        again = board_for(persona("tinh.danvan"), today())
    assert again.cached is True
    assert again.counters == first.counters
    assert [q for q in queries.captured_queries if "petitions_" in q["sql"]] == []

    # Asked again at once, the board is not counted again (PETITION_BOARD_REFRESH_SECONDS)
    soon = board_for(reader, today(), refresh=True)
    assert soon.cached is True
    assert soon.counters == first.counters

    with override_settings(PETITION_BOARD_REFRESH_SECONDS=0):
        fresh = board_for(reader, today(), refresh=True)
    assert fresh.cached is False
    assert fresh.counters["open"] == first.counters["open"] + 1


def test_a_ward_board_is_always_counted_live(register, persona):
    from danvan.petitions.board import board_for

    officer = persona("hoanhson.chutich")
    register(title="Đơn thứ nhất", received_on=days_ago(3))
    first = board_for(officer, today())
    register(title="Đơn thứ hai", received_on=days_ago(2))

    second = board_for(persona("hoanhson.chutich"), today())
    assert second.cached is False
    assert second.counters["open"] == first.counters["open"] + 1


def test_warm_boards_counts_the_wide_readers_boards_only(register, persona, capsys):
    from django.core.management import call_command

    from danvan.petitions.board import board_for, wide_scope_readers

    register(title="Đơn", received_on=days_ago(3))
    readers = {user.username for user in wide_scope_readers()}
    assert {"tinh.danvan", "admin"} <= readers
    assert "hoanhson.canbo" not in readers
    assert "hoanhson.chutich" not in readers

    call_command("warm-boards")
    assert f"Đã tổng hợp {len(readers)} bảng theo dõi" in capsys.readouterr().out
    assert board_for(persona("tinh.danvan"), today()).cached is True
    assert board_for(persona("hoanhson.chutich"), today()).cached is False


def test_the_page_says_when_a_cached_board_was_counted(register, persona, client):
    client.force_login(persona("tinh.danvan"))
    register(title="Đơn", received_on=days_ago(3))

    assert "Tổng hợp lúc" not in client.get(BOARD).content.decode()
    cached = client.get(BOARD).content.decode()
    assert "Tổng hợp lúc" in cached
    assert "?refresh=1" in cached
    with override_settings(PETITION_BOARD_REFRESH_SECONDS=0):
        assert "Tổng hợp lúc" not in client.get(BOARD, {"refresh": "1"}).content.decode()


def test_pressing_count_again_repeatedly_counts_once(register, persona, client):
    client.force_login(persona("tinh.danvan"))
    register(title="Đơn", received_on=days_ago(3))
    client.get(BOARD)  # counted and kept

    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert "Tổng hợp lúc" in client.get(BOARD, {"refresh": "1"}).content.decode()

    assert [q for q in queries.captured_queries if "petitions_petitiondeadline" in q["sql"]] == []
