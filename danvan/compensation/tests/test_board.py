"""The progress board: figures per commune and village on a small known dataset, the time
series, the households stuck longest, scope, and a constant number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.compensation import mobilization
from danvan.compensation.board import program_board, series_chart
from danvan.compensation.models import CompensationProgram, Household, MobilizationVisit
from danvan.compensation.tests.test_mobilization import HOANH_SON, SONG_TRI, make_household, ward

D = dt.date
A, B = "Thôn Minh Huệ", "Thôn Ba Đồng"
LOST_INCOME = Decimal(2_910_000)  # per worker per month


def steps(*pairs: tuple[str, dt.date]) -> tuple[tuple[str, dt.date], ...]:
    return pairs


@pytest.fixture
def known(marine: CompensationProgram) -> dict[str, Household]:
    """Six households in Hoành Sơn, two villages (amounts: workers × 2.910.000 đ):

    A: h1 not declared; h2 declared (1 worker); h3 paid in full (2 workers);
       h4 approved, 5.000.000 đ paid of 11.640.000 (4 workers).
    B: h5 objecting (1 worker × 2 months); h6 declared then refused (3 workers)."""
    full = [("inventory", D(2024, 1, 5)), ("verify", D(2024, 1, 8)), ("post", D(2024, 1, 10))]
    later = [("inventory", D(2024, 1, 12)), ("verify", D(2024, 1, 15)), ("post", D(2024, 1, 17))]
    households = {
        "h1": make_household(marine, name="Hộ Một", village=A),
        "h2": make_household(
            marine, name="Hộ Hai", village=A, steps=steps(("declare", D(2024, 1, 3)))
        ),
        "h3": make_household(
            marine,
            name="Hộ Ba",
            village=A,
            workers=2,
            steps=steps(("declare", D(2024, 1, 3)), *full, ("approve", D(2024, 1, 20))),
            pay=2 * LOST_INCOME,
            paid_on=D(2024, 1, 25),
        ),
        "h4": make_household(
            marine,
            name="Hộ Bốn",
            village=A,
            workers=4,
            steps=steps(("declare", D(2024, 1, 10)), *later, ("approve", D(2024, 1, 22))),
            pay=Decimal(5_000_000),
            paid_on=D(2024, 2, 5),
        ),
        "h5": make_household(
            marine,
            name="Hộ Năm",
            village=B,
            months=2,
            steps=steps(("declare", D(2024, 1, 10)), *later, ("object", D(2024, 1, 19))),
        ),
        "h6": make_household(
            marine,
            name="Hộ Sáu",
            village=B,
            workers=3,
            steps=steps(("declare", D(2024, 1, 17)), ("refuse", D(2024, 1, 20))),
        ),
    }
    assert households["h3"].status == "paid"
    assert households["h4"].status == "approved"
    changed = {
        "h1": D(2023, 12, 1),
        "h2": D(2024, 1, 3),
        "h4": D(2024, 1, 22),
        "h5": D(2024, 1, 19),
    }
    for key, day in changed.items():
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        Household.objects.filter(pk=households[key].pk).update(status_changed_at=moment)
    return households


@pytest.mark.django_db
def test_board_figures(
    marine: CompensationProgram, known: dict[str, Household], persona: Any
) -> None:
    officer = persona("hoanhson.canbo")
    today = timezone.localdate()
    mobilization.task_assign(
        actor=None, household=known["h1"], reason="not_declared", assignee=officer
    )
    for days in (3, 29, 40):
        mobilization.visit_record(
            actor=None,
            household=known["h5"],
            visited_on=today - dt.timedelta(days=days),
            outcome=MobilizationVisit.Outcome.CONSIDERING,
            other_visitors="Trưởng thôn",
        )
    board = program_board(marine, officer)
    assert [(getattr(row.admin_unit, "code", ""), row.village) for row in board.rows] == [
        (HOANH_SON, B),
        (HOANH_SON, A),
    ]
    b, a = board.rows
    assert (a.households, a.declared, a.verified, a.posted, a.approved) == (4, 3, 2, 2, 2)
    assert (a.declared_pct, a.verified_pct) == (75.0, 50.0)
    assert a.planned == Decimal(20_370_000)  # 2.910.000 + 5.820.000 + 11.640.000
    assert a.paid == Decimal(10_820_000)
    assert a.paid_pct == 53.1
    assert (a.open_tasks, a.recent_visits) == (1, 0)
    # h6 declared before it was refused: it counts as declared, not in the money planned.
    assert (b.households, b.declared, b.verified, b.posted, b.approved) == (2, 2, 1, 1, 0)
    assert (b.declared_pct, b.verified_pct, b.paid_pct) == (100.0, 50.0, 0.0)
    assert b.planned == Decimal(5_820_000)
    assert (b.open_tasks, b.recent_visits) == (0, 2)
    total = board.total
    assert (total.households, total.declared, total.verified, total.posted, total.approved) == (
        6,
        5,
        3,
        3,
        2,
    )
    assert (total.declared_pct, total.verified_pct, total.paid_pct) == (83.3, 50.0, 41.3)
    assert total.planned_text == "26.190.000"
    assert total.paid_text == "10.820.000"
    assert len(board.units) == 1
    assert board.units[0].total.households == 6
    # One village only.
    only_b = program_board(marine, officer, admin_unit=ward(HOANH_SON), village=B)
    assert [row.village for row in only_b.rows] == [B]
    assert only_b.total.planned == Decimal(5_820_000)


@pytest.mark.django_db
def test_time_series(
    marine: CompensationProgram, known: dict[str, Household], persona: Any
) -> None:
    series = program_board(marine, persona("hoanhson.canbo")).series
    assert series.period == "week"
    table = [(p.on, p.declared, p.verified, p.posted, p.approved, p.paid) for p in series.points]
    assert table == [
        (D(2024, 1, 7), 2, 0, 0, 0, Decimal(0)),
        (D(2024, 1, 14), 4, 1, 1, 0, Decimal(0)),
        (D(2024, 1, 21), 5, 3, 3, 1, Decimal(0)),
        (D(2024, 1, 28), 5, 3, 3, 2, Decimal(5_820_000)),
        (D(2024, 2, 4), 5, 3, 3, 2, Decimal(5_820_000)),
        (D(2024, 2, 11), 5, 3, 3, 2, Decimal(10_820_000)),
    ]
    chart = series_chart(series, households=6, planned=Decimal(26_190_000))
    declared = next(line for line in chart["lines"] if line["key"] == "declared")
    assert len(declared["points"].split()) == 6
    assert declared["last_value"] == 83.3
    assert next(tick["label"] for tick in chart["x_ticks"]) == "07/01"
    # Over six months the series is monthly.
    make_household(marine, name="Hộ Muộn", steps=steps(("declare", D(2024, 9, 2))))
    monthly = program_board(marine, persona("hoanhson.canbo")).series
    assert monthly.period == "month"
    assert monthly.points[0].on == D(2024, 1, 31)
    assert monthly.points[-1].on == D(2024, 9, 30)
    assert monthly.points[-1].declared == 6


@pytest.mark.django_db
def test_stuck_longest(
    marine: CompensationProgram, known: dict[str, Household], persona: Any
) -> None:
    board: Any = program_board(marine, persona("hoanhson.canbo"))
    # Paid (h3) and refused (h6) households are not waiting.
    assert [h.head_full_name for h in board.stuck] == ["Hộ Một", "Hộ Hai", "Hộ Năm", "Hộ Bốn"]
    today = timezone.localdate()
    assert board.stuck[0].days_in_status == (today - D(2023, 12, 1)).days
    assert [h.behind_reason for h in board.stuck] == [
        "not_declared",
        "not_verified",
        "objecting",
        "not_collected",
    ]


@pytest.mark.django_db
def test_board_page(
    client: Any, persona: Any, marine: CompensationProgram, known: dict[str, Household]
) -> None:
    client.force_login(persona("hoanhson.canbo"))
    url = reverse("compensation:program_board", args=[marine.code])
    page = client.get(url).content.decode()
    assert "<svg" in page
    assert "<polyline" in page
    assert "83,3%" in page  # declared, Vietnamese decimal comma
    assert "Đã chi trả 10.820.000 đ trên 26.190.000 đ dự kiến" in page
    assert "10,8 / 26,2" in page  # millions in the table
    assert A in page
    assert B in page
    assert f"/households/{known['h1'].public_id}/" in page
    assert "Chưa kê khai" in page
    unit = ward(HOANH_SON)
    filtered = client.get(f"{url}?ward={unit.pk}&village={B}").content.decode()
    assert "Hộ Năm" in filtered
    assert "Hộ Một" not in filtered
    assert client.get(f"{url}?ward=abc").status_code == 400
    assert client.get(reverse("compensation:program_board", args=["no-such"])).status_code == 404


@pytest.mark.django_db
def test_board_scope(
    client: Any, persona: Any, marine: CompensationProgram, known: dict[str, Household]
) -> None:
    other = make_household(marine, name="Hộ Sông Trí", unit=SONG_TRI, village="Tổ dân phố 1")
    client.force_login(persona("songtri.canbo"))
    url = reverse("compensation:program_board", args=[marine.code])
    page = client.get(url).content.decode()
    assert "Hộ Sông Trí" in page
    assert "Hộ Một" not in page
    assert A not in page
    # Another ward cannot be chosen, and its households stay unknown (404).
    assert client.get(f"{url}?ward={ward(HOANH_SON).pk}").status_code == 400
    visit_url = reverse("compensation:visit_create", args=[known["h1"].public_id])
    assert client.get(visit_url).status_code == 404
    assert other.public_id in page


@pytest.mark.django_db
def test_board_queries_are_constant(client: Any, persona: Any, marine: CompensationProgram) -> None:
    officer = persona("hoanhson.canbo")
    client.force_login(officer)
    url = reverse("compensation:program_board", args=[marine.code])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    def add(index: int) -> None:
        village = f"Thôn {index % 3}"
        household = make_household(
            marine,
            name=f"Hộ {index}",
            village=village,
            steps=steps(("declare", D(2024, 3, 1 + index)), ("inventory", D(2024, 3, 20))),
        )
        mobilization.task_assign(
            actor=None, household=household, reason="not_verified", assignee=officer
        )
        mobilization.visit_record(
            actor=None,
            household=household,
            visited_on=timezone.localdate(),
            outcome=MobilizationVisit.Outcome.AGREED,
            other_visitors="Tổ trưởng",
        )

    for index in range(3):
        add(index)
    small = count()
    for index in range(3, 15):
        add(index)
    make_household(marine, name="Hộ Vũng Áng", unit="18823")
    large = count()
    assert small == large
    page = client.get(url).content.decode()
    assert "Hộ 0" in page
    assert "Phường Vũng Áng" in page
