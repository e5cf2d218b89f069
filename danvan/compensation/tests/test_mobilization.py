"""Mobilisation: households behind and why, tasks, visits, concerns turned into petitions, and
their screens (scope 404, read-only 403, query counts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.compensation import behind, mobilization, services
from danvan.compensation.models import (
    CompensationProgram,
    Household,
    MobilizationTask,
    MobilizationVisit,
    Rate,
)
from danvan.compensation.views.mobilization import household_mobilization
from danvan.core.errors import DomainError, InvalidTransition, ValidationFailed
from danvan.organizations.models import Membership, Organization
from danvan.petitions.models import Channel, Kind
from danvan.places.models import AdminUnit

Reason = MobilizationTask.Reason
Outcome = MobilizationVisit.Outcome
HOANH_SON = "18832"
SONG_TRI = "18754"
D = dt.date
PIPELINE = ["declare", "inventory", "verify", "post", "approve"]


def ward(code: str) -> AdminUnit:
    return AdminUnit.objects.get(code=code, valid_to__isnull=True)


def make_household(
    program: CompensationProgram,
    *,
    name: str,
    unit: str = HOANH_SON,
    village: str = "Thôn Minh Huệ",
    workers: int = 1,
    months: int = 1,
    steps: tuple[tuple[str, dt.date], ...] = (),
    pay: Decimal | None = None,
    paid_on: dt.date | None = None,
    category: str = "lost_income_worker",
) -> Household:
    """A household taken through `steps` (action, date) with actor None; the line is added
    after declaring (`workers` × `months` × 2.910.000 đ for lost income)."""
    household = services.household_create(
        actor=None,
        program=program,
        head_full_name=name,
        admin_unit=ward(unit),
        village=village,
        id_number="042090000001",
        address="Xóm 3",
    )
    for action, on in steps:
        if action == "object":
            services.household_object(actor=None, household=household, on=on, reason="Ghi thiếu")
        elif action == "refuse":
            services.household_refuse(actor=None, household=household, on=on, reason="Không nhận")
        else:
            getattr(services, f"household_{action}")(actor=None, household=household, on=on)
        if action == "declare":
            attributes = {"months": months} if category == "lost_income_worker" else {}
            services.asset_add(
                actor=None,
                household=household,
                asset_category=category,
                quantity=Decimal(workers),
                attributes=attributes,
            )
    if pay is not None:
        services.household_pay(
            actor=None,
            household=household,
            on=paid_on or D(2024, 2, 1),
            amount=pay,
            receiver=name,
        )
    household.refresh_from_db()
    return household


START = D(2024, 1, 3)


def through(last: str, start: dt.date = START) -> tuple[tuple[str, dt.date], ...]:
    """The pipeline up to `last`, one step every two days from `start`."""
    steps = PIPELINE[: PIPELINE.index(last) + 1]
    return tuple((step, start + dt.timedelta(days=2 * i)) for i, step in enumerate(steps))


def add_member(username: str, organization_code: str, role: str = "officer") -> Any:
    from danvan.accounts.models import User

    user = User.objects.create_user(username=username, password="x", full_name=username)
    Membership.objects.create(
        user=user, organization=Organization.objects.get(code=organization_code), role=role
    )
    return user


@pytest.fixture
def land(marine: CompensationProgram) -> CompensationProgram:
    program = CompensationProgram.objects.create(
        code="ring-road",
        name="Đường vành đai",
        kind=CompensationProgram.Kind.LAND_RECOVERY,
        status=CompensationProgram.Status.ACTIVE,
        organization=marine.organization,
    )
    Rate.objects.create(
        program=program, code="land", asset_category="land", unit="m2", amount=Decimal(100_000)
    )
    return program


@pytest.fixture
def world(marine: CompensationProgram) -> dict[str, Household]:
    return {
        "fresh": make_household(marine, name="Hộ Chưa Kê Khai"),
        "declared": make_household(marine, name="Hộ Đã Kê Khai", steps=through("declare")),
        "inventoried": make_household(
            marine, name="Hộ Đã Kiểm Đếm", steps=(*through("declare"), ("inventory", D(2024, 1, 6)))
        ),
        "posted": make_household(marine, name="Hộ Đã Niêm Yết", steps=through("post")),
        "objecting": make_household(
            marine, name="Hộ Không Đồng Ý", steps=(*through("post"), ("object", D(2024, 1, 12)))
        ),
        "approved": make_household(
            marine, name="Hộ Chưa Nhận Đủ", steps=through("approve"), pay=Decimal(1_000_000)
        ),
        "paid": make_household(
            marine, name="Hộ Đã Nhận", steps=through("approve"), pay=Decimal(2_910_000)
        ),
        "refused": make_household(marine, name="Hộ Từ Chối", steps=(("refuse", D(2024, 1, 5)),)),
    }


def names(queryset: Any) -> set[str]:
    return {household.head_full_name for household in queryset}


# ---------------------------------------------------------------- who is behind


@pytest.mark.django_db
def test_behind_reasons(marine: CompensationProgram, world: dict[str, Household]) -> None:
    def behind_for(reason: str) -> set[str]:
        return names(behind.behind_households(program=marine, reasons=[reason]))

    assert behind_for(Reason.NOT_DECLARED) == {"Hộ Chưa Kê Khai"}
    assert behind_for(Reason.NOT_VERIFIED) == {"Hộ Đã Kê Khai", "Hộ Đã Kiểm Đếm"}
    assert behind_for(Reason.OBJECTING) == {"Hộ Không Đồng Ý"}
    assert behind_for(Reason.REFUSING) == {"Hộ Từ Chối"}
    assert behind_for(Reason.NOT_COLLECTED) == {"Hộ Chưa Nhận Đủ"}
    assert behind_for(Reason.NOT_HANDED_OVER) == set()
    everyone = behind.behind_households(program=marine)
    assert "Hộ Đã Nhận" not in names(everyone)
    assert "Hộ Đã Niêm Yết" not in names(everyone)  # waiting on the authority, not the household
    assert len(everyone) == 6

    # A declined visit makes a household refusing too; a later agreement lifts it.
    declared = world["declared"]
    mobilization.visit_record(
        actor=None,
        household=declared,
        visited_on=D(2024, 2, 1),
        outcome=Outcome.DECLINED,
        other_visitors="Trưởng thôn",
    )
    assert behind_for(Reason.REFUSING) == {"Hộ Từ Chối", "Hộ Đã Kê Khai"}
    row: Any = behind.behind_households(program=marine).get(pk=declared.pk)
    assert behind.reasons_of(row) == [Reason.NOT_VERIFIED, Reason.REFUSING]
    assert row.behind_reason == Reason.NOT_VERIFIED
    mobilization.visit_record(
        actor=None,
        household=declared,
        visited_on=D(2024, 2, 8),
        outcome=Outcome.AGREED,
        other_visitors="Trưởng thôn",
    )
    assert behind_for(Reason.REFUSING) == {"Hộ Từ Chối"}
    # A paid household that declined a visit is not behind.
    mobilization.visit_record(
        actor=None,
        household=world["paid"],
        visited_on=D(2024, 2, 8),
        outcome=Outcome.DECLINED,
        other_visitors="Trưởng thôn",
    )
    assert "Hộ Đã Nhận" not in behind_for(Reason.REFUSING)


@pytest.mark.django_db
def test_not_handed_over_only_in_land_recovery(land: CompensationProgram) -> None:
    paid = make_household(
        land,
        name="Hộ Chưa Bàn Giao",
        category="land",
        workers=10,
        steps=through("approve"),
        pay=Decimal(1_000_000),
    )
    assert paid.status == "paid"
    handed = make_household(
        land,
        name="Hộ Đã Bàn Giao",
        category="land",
        workers=10,
        steps=through("approve"),
        pay=Decimal(1_000_000),
    )
    Household.objects.filter(pk=handed.pk).update(handed_over_on=D(2024, 3, 1))
    found = behind.behind_households(program=land, reasons=[Reason.NOT_HANDED_OVER])
    assert names(found) == {"Hộ Chưa Bàn Giao"}
    assert names(behind.behind_households(program=land)) == {"Hộ Chưa Bàn Giao"}


@pytest.mark.django_db
def test_days_in_status(marine: CompensationProgram, world: dict[str, Household]) -> None:
    moment = timezone.now() - dt.timedelta(days=45)
    Household.objects.filter(pk=world["fresh"].pk).update(status_changed_at=moment)
    first: Any = behind.behind_households(program=marine).first()
    assert first is not None
    assert first.pk == world["fresh"].pk
    assert behind.days_since(first.since) == 45


@pytest.mark.django_db
def test_behind_list_is_constant_in_queries(
    client: Any, persona: Any, marine: CompensationProgram
) -> None:
    client.force_login(persona("hoanhson.canbo"))
    url = reverse("compensation:behind_list", args=[marine.code])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    for index in range(2):
        household = make_household(marine, name=f"Hộ Nhỏ {index}")
        mobilization.task_assign(
            actor=None,
            household=household,
            reason=Reason.NOT_DECLARED,
            assignee=persona("hoanhson.canbo"),
        )
    small = count()
    for index in range(8):
        make_household(marine, name=f"Hộ Thêm {index}", steps=through("declare"))
    large = count()
    assert small == large
    assert "Hộ Thêm 7" in client.get(url).content.decode()


# ---------------------------------------------------------------- tasks


@pytest.mark.django_db
def test_task_rules(marine: CompensationProgram, world: dict[str, Household], persona: Any) -> None:
    household = world["fresh"]
    officer = persona("hoanhson.canbo")
    task = mobilization.task_assign(
        actor=officer,
        household=household,
        reason=Reason.NOT_DECLARED,
        assignee=officer,
        due_on=timezone.localdate() + dt.timedelta(days=7),
        note="Gặp chủ hộ buổi tối",
    )
    assert task.status == "open"
    assert task.created_by == officer
    event = AuditEvent.objects.filter(action="compensation.task_assign").latest("pk")
    assert event.target_id == str(household.pk)
    assert event.changes["task.reason"]["after"] == "not_declared"

    with pytest.raises(ValidationFailed) as duplicate:
        mobilization.task_assign(
            actor=officer, household=household, reason=Reason.NOT_DECLARED, assignee=officer
        )
    assert duplicate.value.code == "duplicate_task"
    assert duplicate.value.status == 400

    with pytest.raises(ValidationFailed) as outside:
        mobilization.task_assign(
            actor=officer,
            household=household,
            reason=Reason.REFUSING,
            assignee=persona("songtri.canbo"),
        )
    assert outside.value.code == "assignee_outside_area"

    with pytest.raises(ValidationFailed) as other_org:
        mobilization.task_assign(
            actor=officer,
            household=household,
            reason=Reason.REFUSING,
            organization=Organization.objects.get(code="songtri-hlhpn"),
        )
    assert other_org.value.code == "organization_outside_area"

    with pytest.raises(ValidationFailed) as nobody:
        mobilization.task_assign(actor=officer, household=household, reason=Reason.REFUSING)
    assert nobody.value.code == "assignee_required"

    with pytest.raises(ValidationFailed) as past:
        mobilization.task_assign(
            actor=officer,
            household=household,
            reason=Reason.REFUSING,
            assignee=officer,
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert past.value.code == "due_in_past"
    assert MobilizationTask.objects.count() == 1

    # A member of the ward's Farmers' Union, with the union itself.
    farmer = add_member("hnd.hoivien", "hoanhson-hnd")
    union_task = mobilization.task_assign(
        actor=officer,
        household=household,
        reason=Reason.REFUSING,
        assignee=farmer,
        organization=Organization.objects.get(code="hoanhson-hnd"),
    )
    assert union_task.organization == Organization.objects.get(code="hoanhson-hnd")

    # Once closed, the same reason may be assigned again.
    mobilization.task_close(
        actor=officer, task=task, on=timezone.localdate(), status="cancelled", note="Đổi người"
    )
    task.refresh_from_db()
    assert task.status == "cancelled"
    assert task.closed_on == timezone.localdate()
    assert task.note.endswith("Đổi người")
    with pytest.raises(InvalidTransition):
        mobilization.task_close(actor=officer, task=task, on=timezone.localdate(), status="done")
    again = mobilization.task_assign(
        actor=officer, household=household, reason=Reason.NOT_DECLARED, assignee=farmer
    )
    assert again.pk != task.pk


@pytest.mark.django_db
def test_tasks_generate(
    marine: CompensationProgram, world: dict[str, Household], persona: Any
) -> None:
    officer = persona("hoanhson.canbo")
    mobilization.task_assign(
        actor=None, household=world["declared"], reason=Reason.NOT_VERIFIED, assignee=officer
    )
    union = Organization.objects.get(code="hoanhson-hlhpn")
    created = mobilization.tasks_generate(
        actor=officer,
        program=marine,
        reasons=[Reason.NOT_DECLARED, Reason.NOT_VERIFIED, Reason.NOT_COLLECTED],
        organization=union,
        due_on=timezone.localdate() + dt.timedelta(days=10),
    )
    assert created == 3  # fresh, inventoried, approved; declared already had its task
    tasks = MobilizationTask.objects.filter(organization=union)
    assert {(t.household.head_full_name, t.reason) for t in tasks} == {
        ("Hộ Chưa Kê Khai", "not_declared"),
        ("Hộ Đã Kiểm Đếm", "not_verified"),
        ("Hộ Chưa Nhận Đủ", "not_collected"),
    }
    assert AuditEvent.objects.filter(action="compensation.task_assign").count() == 4
    assert (
        mobilization.tasks_generate(
            actor=officer, program=marine, reasons=[Reason.NOT_DECLARED], organization=union
        )
        == 0
    )
    # Another ward's officer changes none of these households.
    assert (
        mobilization.tasks_generate(
            actor=persona("songtri.canbo"),
            program=marine,
            reasons=[Reason.OBJECTING],
            organization=union,
        )
        == 0
    )
    # An assignee outside the area refuses the whole batch; nothing is saved.
    before = MobilizationTask.objects.count()
    with pytest.raises(ValidationFailed) as outside:
        mobilization.tasks_generate(
            actor=officer,
            program=marine,
            reasons=[Reason.OBJECTING, Reason.REFUSING],
            assignee=persona("songtri.canbo"),
        )
    assert outside.value.code == "assignee_outside_area"
    assert MobilizationTask.objects.count() == before
    with pytest.raises(ValidationFailed):
        mobilization.tasks_generate(actor=officer, program=marine, reasons=[], assignee=officer)


# ---------------------------------------------------------------- visits


@pytest.mark.django_db
def test_visit_validation(
    marine: CompensationProgram, world: dict[str, Household], persona: Any
) -> None:
    household = world["fresh"]
    officer = persona("hoanhson.canbo")
    today = timezone.localdate()

    def attempt(**changes: Any) -> DomainError:
        arguments: dict[str, Any] = {
            "actor": officer,
            "household": household,
            "visited_on": today,
            "outcome": Outcome.CONSIDERING,
            "visitors": [officer],
        }
        arguments.update(changes)
        with pytest.raises((ValidationFailed, InvalidTransition)) as error:
            mobilization.visit_record(**arguments)
        return error.value

    assert attempt(visited_on=today + dt.timedelta(days=1)).code == "date_in_future"
    assert attempt(next_visit_on=today).code == "next_visit_not_after"
    assert attempt(visitors=[], other_visitors="  ").code == "visitors_required"
    assert attempt(visitors=[persona("songtri.canbo")]).code == "visitor_outside_area"
    assert attempt(outcome="maybe").code == "invalid"
    assert attempt(concerns="a\x00b").code == "invalid_text"
    other_task = mobilization.task_assign(
        actor=None, household=world["declared"], reason=Reason.NOT_VERIFIED, assignee=officer
    )
    assert attempt(task=other_task).code == "task_of_other_household"
    closed = mobilization.task_assign(
        actor=None, household=household, reason=Reason.NOT_DECLARED, assignee=officer
    )
    mobilization.task_close(actor=None, task=closed, on=today, status="cancelled")
    error = attempt(task=closed)
    assert isinstance(error, InvalidTransition)
    assert error.status == 409
    assert MobilizationVisit.objects.count() == 0

    visit = mobilization.visit_record(
        actor=officer,
        household=household,
        visited_on=today,
        outcome=Outcome.CONSIDERING,
        visitors=[officer, persona("hoanhson.chutich")],
        other_visitors="Bác trưởng thôn",
        concerns="Chưa rõ cách tính số tháng",
        next_step="Mời dự buổi đối thoại",
        next_visit_on=today + dt.timedelta(days=3),
    )
    assert {u.username for u in visit.visitors.all()} == {"hoanhson.canbo", "hoanhson.chutich"}
    assert visit.recorded_by == officer
    event = AuditEvent.objects.get(action="compensation.visit_record")
    assert event.changes["visit.visitors"]["after"] == ["hoanhson.canbo", "hoanhson.chutich"]


@pytest.mark.django_db
def test_completed_visit_closes_task(
    marine: CompensationProgram, world: dict[str, Household], persona: Any
) -> None:
    officer = persona("hoanhson.canbo")
    household = world["fresh"]
    task = mobilization.task_assign(
        actor=None, household=household, reason=Reason.NOT_DECLARED, assignee=officer
    )
    on = timezone.localdate()
    mobilization.visit_record(
        actor=officer,
        household=household,
        task=task,
        visited_on=on,
        outcome=Outcome.AGREED,
        visitors=[officer],
    )
    task.refresh_from_db()
    assert task.status == "open"
    mobilization.visit_record(
        actor=officer,
        household=household,
        task=task,
        visited_on=on,
        outcome=Outcome.COMPLETED,
        visitors=[officer],
    )
    task.refresh_from_db()
    assert task.status == "done"
    assert task.closed_on == on
    assert task.visits.count() == 2
    assert AuditEvent.objects.filter(action="compensation.task_close").count() == 1


# ---------------------------------------------------------------- concerns → petition


@pytest.mark.django_db
def test_concern_becomes_petition(
    marine: CompensationProgram, world: dict[str, Household], persona: Any
) -> None:
    officer = persona("hoanhson.canbo")
    household = world["objecting"]
    visit = mobilization.visit_record(
        actor=officer,
        household=household,
        visited_on=timezone.localdate(),
        outcome=Outcome.DECLINED,
        visitors=[officer],
        concerns="Công suất máy tàu ghi 18 CV, thực tế 24 CV; đề nghị kiểm tra lại.",
    )
    petition = mobilization.visit_concern_to_petition(
        actor=officer, visit=visit, on=timezone.localdate()
    )
    visit.refresh_from_db()
    assert visit.petition == petition
    assert petition.kind == Kind.RECOMMENDATION
    assert petition.channel == Channel.IN_PERSON
    assert petition.organization.code == "hoanhson-ubnd"  # the programme's organisation
    assert petition.admin_unit == household.admin_unit
    assert "24 CV" in petition.content
    petitioner = petition.petitioners.get()
    assert petitioner.full_name == "Hộ Không Đồng Ý"
    assert "Phường Hoành Sơn" in petitioner.address
    assert AuditEvent.objects.filter(action="compensation.visit_petition").count() == 1

    with pytest.raises(InvalidTransition) as again:
        mobilization.visit_concern_to_petition(actor=officer, visit=visit, on=timezone.localdate())
    assert again.value.status == 409

    silent = mobilization.visit_record(
        actor=officer,
        household=household,
        visited_on=timezone.localdate(),
        outcome=Outcome.NOT_HOME,
        visitors=[officer],
    )
    with pytest.raises(ValidationFailed) as empty:
        mobilization.visit_concern_to_petition(actor=officer, visit=silent, on=timezone.localdate())
    assert empty.value.code == "no_concerns"
    with pytest.raises(ValidationFailed):
        mobilization.visit_concern_to_petition(
            actor=officer,
            visit=silent,
            on=timezone.localdate() - dt.timedelta(days=1),
            content="Trước ngày đến",
        )


# ---------------------------------------------------------------- screens


@pytest.fixture
def fresh(world: dict[str, Household]) -> Household:
    return world["fresh"]


@pytest.mark.django_db
def test_other_ward_gets_404(client: Any, persona: Any, fresh: Household) -> None:
    task = mobilization.task_assign(
        actor=None,
        household=fresh,
        reason=Reason.NOT_DECLARED,
        assignee=persona("hoanhson.canbo"),
    )
    visit = mobilization.visit_record(
        actor=None,
        household=fresh,
        visited_on=timezone.localdate(),
        outcome=Outcome.DECLINED,
        other_visitors="Trưởng thôn",
        concerns="Chưa đồng ý",
    )
    client.force_login(persona("songtri.canbo"))
    pid = fresh.public_id
    assert client.get(reverse("compensation:visit_create", args=[pid])).status_code == 404
    assert client.get(reverse("compensation:task_create", args=[pid])).status_code == 404
    close = reverse("compensation:task_close", args=[task.public_id])
    assert client.post(close, {"status": "done", "on": "2024-01-01"}).status_code == 404
    petition = reverse("compensation:visit_petition", args=[visit.public_id])
    assert client.get(petition).status_code == 404
    assert (
        "Hộ Chưa Kê Khai"
        not in client.get(reverse("compensation:task_list") + "?whose=area").content.decode()
    )
    task.refresh_from_db()
    assert task.status == "open"


@pytest.mark.django_db
def test_province_specialist_reads_but_may_not_write(
    client: Any, persona: Any, marine: CompensationProgram, fresh: Household
) -> None:
    task = mobilization.task_assign(
        actor=None,
        household=fresh,
        reason=Reason.NOT_DECLARED,
        assignee=persona("hoanhson.canbo"),
    )
    client.force_login(persona("tinh.danvan"))
    pid = fresh.public_id
    behind_url = reverse("compensation:behind_list", args=[marine.code])
    page = client.get(behind_url)
    assert page.status_code == 200
    assert "Hộ Chưa Kê Khai" in page.content.decode()
    assert "assign-reasons" not in page.content.decode()  # no bulk form
    assert client.post(behind_url, {"assign-reasons": ["refusing"]}).status_code == 403
    assert client.get(reverse("compensation:visit_create", args=[pid])).status_code == 403
    assert client.post(reverse("compensation:visit_create", args=[pid]), {}).status_code == 403
    assert client.post(reverse("compensation:task_create", args=[pid]), {}).status_code == 403
    close = reverse("compensation:task_close", args=[task.public_id])
    assert client.post(close, {"status": "done", "on": "2024-01-01"}).status_code == 403
    assert MobilizationTask.objects.filter(status="open").count() == 1
    assert MobilizationVisit.objects.count() == 0


@pytest.mark.django_db
def test_record_visit_screen(client: Any, persona: Any, fresh: Household) -> None:
    officer = persona("hoanhson.canbo")
    task = mobilization.task_assign(
        actor=None, household=fresh, reason=Reason.NOT_DECLARED, assignee=officer
    )
    client.force_login(officer)
    url = reverse("compensation:visit_create", args=[fresh.public_id])
    form_page = client.get(url).content.decode()
    assert "Trần Văn Bình" in form_page
    assert f'value="{task.pk}" selected' in form_page
    today = timezone.localdate()
    bad = client.post(
        url,
        {
            "task": task.pk,
            "visited_on": (today + dt.timedelta(days=2)).isoformat(),
            "visitors": [officer.pk],
            "outcome": "completed",
        },
    )
    assert bad.status_code == 400
    assert "Ngày không được ở tương lai." in bad.content.decode()
    assert MobilizationVisit.objects.count() == 0
    garbage = client.post(url, {"visited_on": "hôm qua", "outcome": "??", "task": "x"})
    assert garbage.status_code == 400
    good = client.post(
        url,
        {
            "task": task.pk,
            "visited_on": today.isoformat(),
            "visitors": [officer.pk],
            "other_visitors": "Chi hội trưởng Hội Nông dân",
            "outcome": "completed",
            "concerns": "Muốn nhận tiền qua tài khoản",
            "next_step": "",
        },
    )
    assert good.status_code == 302
    visit = MobilizationVisit.objects.get()
    assert visit.other_visitors == "Chi hội trưởng Hội Nông dân"
    task.refresh_from_db()
    assert task.status == "done"


@pytest.mark.django_db
def test_visit_petition_screen(client: Any, persona: Any, fresh: Household) -> None:
    officer = persona("hoanhson.canbo")
    visit = mobilization.visit_record(
        actor=officer,
        household=fresh,
        visited_on=timezone.localdate(),
        outcome=Outcome.CONSIDERING,
        visitors=[officer],
        concerns="Đề nghị hỗ trợ học nghề",
    )
    client.force_login(officer)
    url = reverse("compensation:visit_petition", args=[visit.public_id])
    assert "Đề nghị hỗ trợ học nghề" in client.get(url).content.decode()
    response = client.post(
        url, {"on": timezone.localdate().isoformat(), "content": "Đề nghị hỗ trợ học nghề"}
    )
    visit.refresh_from_db()
    assert visit.petition is not None
    assert response.url == reverse("petitions:petition_detail", args=[visit.petition.public_id])
    # A second time leads to the petition already registered.
    assert client.get(url).url == response.url


@pytest.mark.django_db
def test_bulk_assign_screen(
    client: Any, persona: Any, marine: CompensationProgram, world: dict[str, Household]
) -> None:
    officer = persona("hoanhson.canbo")
    client.force_login(officer)
    unit = ward(HOANH_SON)
    url = reverse("compensation:behind_list", args=[marine.code]) + f"?ward={unit.pk}"
    page = client.get(url).content.decode()
    assert "Hộ Đã Kiểm Đếm" in page
    assert "Hộ Đã Nhận" not in page
    response = client.post(
        url,
        {
            "assign-reasons": ["not_declared", "objecting"],
            "assign-assignee": officer.pk,
            "assign-due_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert set(MobilizationTask.objects.values_list("reason", flat=True)) == {
        "not_declared",
        "objecting",
    }
    refused = client.post(url, {"assign-reasons": ["refusing"]})
    assert refused.status_code == 400
    assert "Hãy giao cho một người hoặc một tổ chức." in refused.content.decode()
    outside = client.post(
        url, {"assign-reasons": ["refusing"], "assign-assignee": persona("songtri.canbo").pk}
    )
    assert outside.status_code == 400
    assert MobilizationTask.objects.count() == 2


@pytest.mark.django_db
def test_task_list(client: Any, persona: Any, marine: CompensationProgram) -> None:
    officer = persona("hoanhson.canbo")
    client.force_login(officer)
    url = reverse("compensation:task_list")

    def add(index: int, overdue: bool = False) -> MobilizationTask:
        household = make_household(marine, name=f"Hộ Số {index}")
        task = mobilization.task_assign(
            actor=None,
            household=household,
            reason=Reason.NOT_DECLARED,
            assignee=officer,
            due_on=timezone.localdate() + dt.timedelta(days=index),
        )
        mobilization.visit_record(
            actor=None,
            household=household,
            visited_on=timezone.localdate(),
            outcome=Outcome.NOT_HOME,
            other_visitors="Tổ trưởng",
        )
        if overdue:
            MobilizationTask.objects.filter(pk=task.pk).update(due_on=D(2024, 1, 1))
        return task

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    late = add(1, overdue=True)
    add(2)
    small = count()
    for index in range(3, 10):
        add(index)
    large = count()
    assert small == large
    page = client.get(url).content.decode()
    assert page.index("Hộ Số 1") < page.index("Hộ Số 2") < page.index("Hộ Số 9")
    assert 'class="mb-overdue"' in page
    assert "Quá hạn" in page
    # Another officer's task in the same area shows only with "whose=area".
    chutich = persona("hoanhson.chutich")
    other = make_household(marine, name="Hộ Của Chủ Tịch")
    mobilization.task_assign(
        actor=None, household=other, reason=Reason.NOT_DECLARED, assignee=chutich
    )
    assert "Hộ Của Chủ Tịch" not in client.get(url).content.decode()
    assert "Hộ Của Chủ Tịch" in client.get(url + "?whose=area").content.decode()
    # Close from the list.
    response = client.post(
        reverse("compensation:task_close", args=[late.public_id]),
        {"status": "done", "on": timezone.localdate().isoformat(), "next": url},
    )
    assert response.status_code == 302
    assert response.url == url
    late.refresh_from_db()
    assert late.status == "done"
    assert "Hộ Số 1<" not in client.get(url).content.decode()
    assert "Hộ Số 1<" in client.get(url + "?status=done").content.decode()


@pytest.mark.django_db
def test_household_section(persona: Any, fresh: Household) -> None:
    officer = persona("hoanhson.canbo")
    task = mobilization.task_assign(
        actor=None, household=fresh, reason=Reason.NOT_DECLARED, assignee=officer
    )
    visit = mobilization.visit_record(
        actor=officer,
        household=fresh,
        task=task,
        visited_on=timezone.localdate(),
        outcome=Outcome.DECLINED,
        visitors=[officer],
        concerns="Chưa đồng ý mức hỗ trợ",
        next_step="Mời gặp lãnh đạo phường",
    )
    request = RequestFactory().get("/")
    request.user = officer
    with CaptureQueriesContext(connection) as queries:
        context = {
            "household": fresh,
            "can_change": True,
            "mobilization": household_mobilization(fresh),
        }
        html = render_to_string(
            "compensation/parts/household_visits.html", context, request=request
        )
    assert len(queries) <= 4
    assert "Chưa đồng ý mức hỗ trợ" in html
    assert "Trần Văn Bình" in html
    assert reverse("compensation:visit_petition", args=[visit.public_id]) in html
    assert reverse("compensation:task_close", args=[task.public_id]) in html
    petition = mobilization.visit_concern_to_petition(
        actor=officer, visit=visit, on=timezone.localdate()
    )
    read_only = render_to_string(
        "compensation/parts/household_visits.html",
        {"household": fresh, "can_change": False},
        request=request,
    )
    assert reverse("petitions:petition_detail", args=[petition.public_id]) in read_only
    assert reverse("compensation:visit_create", args=[fresh.public_id]) not in read_only
