"""The programme and household screens: lists, filters, search, the household file and its
actions through the web, for each persona."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.audit.models import AuditEvent
from danvan.compensation import services
from danvan.compensation.models import (
    AssetLine,
    CompensationProgram,
    EligibleGroup,
    Household,
    ProgramPhase,
)
from danvan.compensation.views import programs as views
from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 9, 1)
HOANH_SON, VUNG_ANG, HAI_NINH, SONG_TRI = "18832", "18823", "18781", "18754"
PERSONAS_WHO_SEE = ["admin", "tinh.danvan", "hoanhson.canbo", "hoanhson.chutich"]


def unit(code):
    return AdminUnit.objects.get(code=code, valid_to__isnull=True)


@pytest.fixture
def program(marine):
    """As in the demo: the provincial People's Committee leads, in three coastal wards."""
    marine.organization = Organization.objects.get(code="ht-ubnd")
    marine.save()
    marine.area.set([unit(HOANH_SON), unit(VUNG_ANG), unit(HAI_NINH)])
    ProgramPhase.objects.create(
        program=marine, position=1, name="Kê khai, kiểm đếm", start_on=dt.date(2016, 9, 1)
    )
    return marine


@pytest.fixture
def officer(persona):
    return persona("hoanhson.canbo")


def make(program, officer, name="Nguyễn Văn An", code=HOANH_SON, **extra):
    return services.household_create(
        actor=officer,
        program=program,
        head_full_name=name,
        admin_unit=unit(code),
        members=extra.pop("members", 4),
        **extra,
    )


def add_vessel(household, actor, power=18):
    return services.asset_add(
        actor=actor,
        household=household,
        asset_category="fishing_vessel_owner",
        quantity=1,
        attributes={"engine_power_cv": power, "months": 6},
    )


def to_inventoried(household, actor):
    services.household_declare(actor=actor, household=household, on=ON)
    add_vessel(household, actor)
    return services.household_inventory(actor=actor, household=household, on=ON)


def login(client, persona, username):
    client.force_login(persona(username))
    return client


def program_url(program, **query):
    url = reverse("compensation:program_detail", kwargs={"code": program.code})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def household_url(household):
    return reverse("compensation:household_detail", kwargs={"public_id": household.public_id})


def action_url(household, action):
    return reverse(
        "compensation:household_action",
        kwargs={"public_id": household.public_id, "action": action},
    )


def names_on(response):
    return {row.household.head_full_name for row in response.context["rows"]}


# ---------------------------------------------------------------- the programme list


@pytest.mark.parametrize("username", PERSONAS_WHO_SEE)
def test_programme_list_shows_the_programme_with_counts_and_totals(
    client, persona, program, officer, username
):
    approved = make(program, officer, "Lê Thị Hoa")
    to_inventoried(approved, officer)
    services.household_verify(actor=None, household=approved, on=ON)
    services.household_post(actor=officer, household=approved, on=ON)
    services.household_approve(actor=officer, household=approved, on=ON, decision_number="1/QĐ")
    make(program, officer, "Trần Văn Bình")

    response = login(client, persona, username).get(reverse("compensation:program_list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert program.name in html
    assert reverse("compensation:program_detail", kwargs={"code": program.code}) in html
    assert "Phường Hoành Sơn" in html
    assert "Đã phê duyệt: 1" in html
    assert "Chưa kê khai: 1" in html
    assert "64.020.000 đ" in html  # the approved (frozen) total
    row = response.context["rows"][0]
    assert row["summary"].households == 2


def test_programme_list_hides_programmes_outside_the_territory(client, persona, program):
    response = login(client, persona, "songtri.canbo").get(reverse("compensation:program_list"))

    assert response.status_code == 200
    assert program.name not in response.content.decode()
    assert "Không có chương trình nào" in response.content.decode()


def test_a_programme_without_area_is_seen_by_its_organisation_and_by_household_scope(
    client, persona, marine, officer
):
    make(marine, officer)  # marine has no area in the tests: Hoành Sơn's committee leads it

    for username, seen in [("hoanhson.canbo", True), ("songtri.canbo", False)]:
        response = login(client, persona, username).get(reverse("compensation:program_list"))
        assert (marine.name in response.content.decode()) is seen
    response = login(client, persona, "tinh.danvan").get(reverse("compensation:program_list"))
    assert marine.name in response.content.decode()


def test_the_navigation_links_to_the_programmes(client, persona):
    response = login(client, persona, "hoanhson.canbo").get(reverse("core:home"))

    assert reverse("compensation:program_list") in response.content.decode()
    assert "Bồi thường, hỗ trợ" in response.content.decode()


def test_programme_list_query_count_does_not_grow(
    client, persona, program, officer, django_assert_max_num_queries
):
    login(client, persona, "hoanhson.canbo")
    make(program, officer)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("compensation:program_list"))
    for index in range(4):
        other = CompensationProgram.objects.create(
            code=f"other-{index}", name=f"Chương trình {index}", kind="other", status="active"
        )
        other.area.set([unit(HOANH_SON)])
        make(program, officer, f"Hộ {index}")
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(reverse("compensation:program_list"))
    assert len(response.context["rows"]) == 5
    assert len(large.captured_queries) == len(small.captured_queries)


# ---------------------------------------------------------------- the programme page


@pytest.mark.parametrize("username", PERSONAS_WHO_SEE)
def test_programme_page_shows_header_rates_and_households(
    client, persona, program, officer, username
):
    make(program, officer, "Nguyễn Văn An", village="Thôn Hải Phong")
    program.posting_days = 20
    program.posting_basis = "Điều 61 Luật Đất đai 2013"
    program.save()

    response = login(client, persona, username).get(program_url(program))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Quyết định 1880/QĐ-TTg" in html
    assert "Kê khai, kiểm đếm" in html
    assert "01/09/2016" in html
    assert "tối thiểu 20 ngày" in html
    assert "Chủ tàu có động cơ dưới 20 CV" in html  # the rate table
    assert "10.670.000 đ" in html
    assert "Nguyễn Văn An" in html
    assert "Thôn Hải Phong" in html
    assert "Khai thác hải sản" in html  # the eligible groups


def test_programme_page_is_404_outside_the_territory(client, persona, program):
    response = login(client, persona, "songtri.canbo").get(program_url(program))
    assert response.status_code == 404


def test_only_those_who_may_list_households_see_the_add_button(client, persona, program):
    create_url = reverse("compensation:household_create", kwargs={"code": program.code})
    for username, shown in [("hoanhson.canbo", True), ("admin", True), ("tinh.danvan", False)]:
        response = login(client, persona, username).get(program_url(program))
        assert (create_url in response.content.decode()) is shown, username


def test_links_to_pages_not_built_yet_are_left_out(client, persona, program, monkeypatch):
    monkeypatch.setattr(
        views,
        "PROGRAM_LINKS",
        [("compensation:no_such_page", "Trang chưa có"), *views.PROGRAM_LINKS],
    )
    response = login(client, persona, "hoanhson.canbo").get(program_url(program))

    assert response.status_code == 200
    assert "Trang chưa có" not in response.content.decode()


def test_status_chips_count_and_filter(client, persona, program, officer):
    declared = make(program, officer, "Lê Thị Hoa")
    services.household_declare(actor=officer, household=declared, on=ON)
    make(program, officer, "Trần Văn Bình")
    make(program, officer, "Phạm Văn Nam")
    login(client, persona, "hoanhson.canbo")

    response = client.get(program_url(program, status="declared"))

    assert names_on(response) == {"Lê Thị Hoa"}
    chips = {chip["value"]: chip["count"] for chip in response.context["chips"]}
    assert chips["declared"] == 1
    assert chips["not_declared"] == 2
    assert response.context["chips_total"] == 3


def test_filters_by_ward_village_group_and_stuck_days(client, persona, program, officer):
    group = EligibleGroup.objects.get(program=program, code="salt_production")
    first = make(program, officer, "Lê Thị Hoa", village="Thôn Một")
    first.group = group
    first.save()
    make(program, officer, "Trần Văn Bình", village="Thôn Hai")
    make(program, persona("admin"), "Phạm Văn Nam", code=VUNG_ANG)
    Household.objects.filter(pk=first.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=40)
    )
    login(client, persona, "admin")

    assert names_on(client.get(program_url(program, unit=unit(VUNG_ANG).pk))) == {"Phạm Văn Nam"}
    assert names_on(client.get(program_url(program, village="Thôn Hai"))) == {"Trần Văn Bình"}
    assert names_on(client.get(program_url(program, group="salt_production"))) == {"Lê Thị Hoa"}
    assert names_on(client.get(program_url(program, stuck=30))) == {"Lê Thị Hoa"}
    response = client.get(program_url(program, stuck="abc"))
    assert response.status_code == 200  # a bad filter is shown, not a 500
    assert len(names_on(response)) == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van", {"Nguyễn Văn An"}),
        ("NGUYỄN", {"Nguyễn Văn An"}),
        ("042098765432", {"Trần Thị Bích"}),
        ("so 5 duong", {"Trần Thị Bích"}),
        ("khong ai", set()),
    ],
)
def test_search_is_accent_insensitive(client, persona, program, officer, query, expected):
    make(program, officer, "Nguyễn Văn An")
    make(
        program,
        officer,
        "Trần Thị Bích",
        id_number="042098765432",
        address="Số 5 đường Trần Phú",
    )
    response = login(client, persona, "hoanhson.canbo").get(program_url(program, q=query))

    assert names_on(response) == expected


def test_search_by_public_id(client, persona, program, officer):
    wanted = make(program, officer, "Nguyễn Văn An")
    make(program, officer, "Trần Thị Bích")
    response = login(client, persona, "hoanhson.canbo").get(
        program_url(program, q=wanted.public_id.lower())
    )
    assert names_on(response) == {"Nguyễn Văn An"}


def test_households_outside_the_scope_are_not_listed(client, persona, program, officer):
    make(program, officer, "Nguyễn Văn An")
    make(program, persona("admin"), "Phạm Văn Nam", code=VUNG_ANG)

    response = login(client, persona, "hoanhson.canbo").get(program_url(program))

    assert names_on(response) == {"Nguyễn Văn An"}


def test_pagination(client, persona, program, officer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    for index in range(7):
        make(program, officer, f"Hộ số {index}")
    login(client, persona, "hoanhson.canbo")

    first = client.get(program_url(program))
    last = client.get(program_url(program, page=3))

    assert len(first.context["rows"]) == 3
    assert len(last.context["rows"]) == 1
    assert "trên tổng số 7" in first.content.decode()
    assert names_on(first).isdisjoint(names_on(last))


def test_programme_page_query_count_does_not_grow(
    client, persona, program, officer, django_assert_max_num_queries
):
    login(client, persona, "hoanhson.canbo")
    household = make(program, officer)
    add_vessel(household, officer)
    with django_assert_max_num_queries(40) as small:
        client.get(program_url(program))
    for index in range(10):
        other = make(program, officer, f"Hộ {index}", village=f"Thôn {index}")
        add_vessel(other, officer)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(program_url(program))
    assert len(response.context["rows"]) == 11
    assert len(large.captured_queries) == len(small.captured_queries)


# ---------------------------------------------------------------- listing a household


def create_url(program):
    return reverse("compensation:household_create", kwargs={"code": program.code})


def test_household_create_form(client, persona, program):
    login(client, persona, "hoanhson.canbo")
    page = client.get(create_url(program))
    assert page.status_code == 200
    assert "Phường Hoành Sơn" in page.content.decode()
    assert "Phường Vũng Áng" not in page.content.decode()  # not the officer's ward

    response = client.post(
        create_url(program),
        {
            "head_full_name": "Hồ Văn Hải",
            "id_number": "042123456789",
            "admin_unit": unit(HOANH_SON).pk,
            "village": "Thôn Hải Phong",
            "address": "Số 7",
            "members": "Hồ Văn Hải\nNguyễn Thị Mai\n",
        },
    )

    household = Household.objects.get(head_full_name="Hồ Văn Hải")
    assert response.status_code == 302
    assert response["Location"] == household_url(household)
    assert household.members == ["Hồ Văn Hải", "Nguyễn Thị Mai"]
    assert household.village == "Thôn Hải Phong"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"head_full_name": ""}, "bắt buộc"),
        ({"id_number": "12345"}, "12 chữ số"),
        ({"admin_unit": "999999"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"members": "99999"}, "Số nhân khẩu quá lớn"),
        ({"members": "300"}, "Số nhân khẩu phải từ 0 đến 200"),
    ],
)
def test_household_create_bad_input_saves_nothing(client, persona, program, changes, message):
    data = {
        "head_full_name": "Hồ Văn Hải",
        "admin_unit": unit(HOANH_SON).pk,
        "members": "3",
        **changes,
    }
    response = login(client, persona, "hoanhson.canbo").post(create_url(program), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Household.objects.exists()


def test_the_leading_organisation_lists_households_in_the_whole_area(client, persona, marine):
    marine.area.set([unit(HOANH_SON), unit(VUNG_ANG)])
    page = login(client, persona, "hoanhson.canbo").get(create_url(marine))

    assert "Phường Hoành Sơn" in page.content.decode()
    assert "Phường Vũng Áng" in page.content.decode()


def test_household_create_permissions(client, persona, program):
    assert login(client, persona, "tinh.danvan").get(create_url(program)).status_code == 403
    assert login(client, persona, "songtri.canbo").get(create_url(program)).status_code == 404
    program.status = CompensationProgram.Status.CLOSED
    program.save()
    assert login(client, persona, "hoanhson.canbo").get(create_url(program)).status_code == 403


# ---------------------------------------------------------------- the household file


@pytest.mark.parametrize("username", PERSONAS_WHO_SEE)
def test_household_page_shows_the_file(client, persona, program, officer, username):
    household = make(program, officer, "Nguyễn Văn An", id_number="042123456789")
    to_inventoried(household, officer)

    response = login(client, persona, username).get(household_url(household))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Hộ Nguyễn Văn An" in html
    assert "042123456789" in html
    assert "Đã kiểm đếm" in html  # status badge and step bar
    assert 'aria-current="step"' in html
    assert "công suất 18 CV, 6 tháng" in html  # attributes in words
    assert "tàu 18 CV: 10.670.000 đ/tháng × 6 tháng = 64.020.000 đ" in html
    assert "vessel-owner-under-20cv" in html
    assert "Cán bộ kiểm đếm" in html  # the line's source
    assert "Hoàn thành kiểm đếm" in html  # the audit trail, in words
    assert "Trần Văn Bình" in html or "hoanhson.canbo" in html


def test_household_page_scope_and_permission_matrix(client, persona, program, officer):
    household = make(program, officer)
    url = household_url(household)
    expected = {
        "admin": (200, 302),
        "hoanhson.canbo": (200, 302),
        "hoanhson.chutich": (200, 302),
        "tinh.danvan": (200, 403),
        "songtri.canbo": (404, 404),
    }
    for username, (read, write) in expected.items():
        household.refresh_from_db()
        Household.objects.filter(pk=household.pk).update(status="not_declared")
        login(client, persona, username)
        assert client.get(url).status_code == read, username
        response = client.post(action_url(household, "declare"), {"declare-on": "2025-09-01"})
        assert response.status_code == write, username


def test_a_reader_sees_no_action_forms(client, persona, program, officer):
    household = make(program, officer)
    response = login(client, persona, "tinh.danvan").get(household_url(household))

    html = response.content.decode()
    assert "không có quyền thay đổi" in html
    assert action_url(household, "declare") not in html
    assert response.context["actions"] == []


def test_the_whole_pipeline_through_the_web(client, persona, program, officer):
    household = make(program, officer)
    login(client, persona, "hoanhson.canbo")

    def act(action, data=None, **kwargs):
        response = client.post(action_url(household, action), data or {}, follow=True, **kwargs)
        assert response.status_code == 200, response.content.decode()[:2000]
        household.refresh_from_db()
        return response.content.decode()

    page = client.get(household_url(household)).content.decode()
    assert action_url(household, "declare") in page
    assert action_url(household, "approve") not in page  # only the actions allowed now
    assert "Đã ghi nhận hộ kê khai." in act("declare", {"declare-on": "2025-09-01"})
    assert household.status == "declared"
    html = act(
        "add_asset",
        {
            "add_asset-asset_category": "fishing_vessel_owner",
            "add_asset-source": "inventory",
            "add_asset-quantity": "1",
            "add_asset-engine_power_cv": "24",
            "add_asset-months": "6",
            "add_asset-registration_number": "HT-90123-TS",
            "add_asset-length_m": "12.5",
        },
    )
    line = AssetLine.objects.get(household=household)
    assert line.amount == Decimal("91200000")
    assert line.attributes == {
        "engine_power_cv": 24,
        "months": 6,
        "length_m": 12.5,
        "registration_number": "HT-90123-TS",
    }
    assert "số đăng ký HT-90123-TS" in html
    assert "91.200.000 đ" in html
    act("inventory", {"inventory-on": "2025-09-02"})
    assert household.status == "inventoried"
    assert household.inventoried_by == officer

    login(client, persona, "hoanhson.chutich")
    act("verify", {"verify-on": "2025-09-03", "verify-note": "Đúng thực tế"})
    assert household.status == "verified"
    act("post", {"post-on": "2025-09-04"})
    assert household.status == "posted"
    html = act("recompute")
    assert "không có thay đổi" in html
    html = act("approve", {"approve-on": "2025-09-20", "approve-decision_number": "125/QĐ-UBND"})
    assert household.status == "approved"
    assert household.approval_decision == "125/QĐ-UBND"
    assert household.approved_total == Decimal("91200000")
    assert "Số tiền đã cố định" in html
    actions = set(
        AuditEvent.objects.filter(target_id=str(household.pk)).values_list("action", flat=True)
    )
    assert {"compensation.household_verify", "compensation.household_approve"} <= actions


def test_the_second_officer_rule_is_shown_and_enforced(client, persona, program, officer):
    household = make(program, officer)
    to_inventoried(household, officer)
    login(client, persona, "hoanhson.canbo")

    page = client.get(household_url(household)).content.decode()
    assert "việc xác nhận phải do một cán bộ khác thực hiện" in page
    assert action_url(household, "verify") not in page

    response = client.post(
        action_url(household, "verify"), {"verify-on": "2025-09-03"}, follow=True
    )
    assert "không tự xác nhận" in response.content.decode()
    household.refresh_from_db()
    assert household.status == "inventoried"
    assert household.verified_by is None


def test_an_illegal_action_shows_a_vietnamese_message_and_changes_nothing(
    client, persona, program, officer
):
    household = make(program, officer)
    login(client, persona, "hoanhson.canbo")

    response = client.post(
        action_url(household, "approve"),
        {"approve-on": "2025-09-20", "approve-decision_number": "1/QĐ"},
        follow=True,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Không thể “Phê duyệt” khi hồ sơ hộ đang ở trạng thái “Chưa kê khai”." in html
    household.refresh_from_db()
    assert household.status == "not_declared"
    assert household.approval_decision == ""
    assert not AuditEvent.objects.filter(action="compensation.household_approve").exists()


def test_inventory_without_lines_is_refused(client, persona, program, officer):
    household = make(program, officer)
    services.household_declare(actor=officer, household=household, on=ON)

    response = login(client, persona, "hoanhson.canbo").post(
        action_url(household, "inventory"), {"inventory-on": "2025-09-02"}
    )

    assert response.status_code == 400
    assert "Chưa có dòng kiểm đếm nào" in response.content.decode()
    household.refresh_from_db()
    assert household.status == "declared"


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("declare", {"declare-on": "2099-01-01"}, "Ngày không được ở tương lai."),
        ("declare", {"declare-on": "hôm qua"}, "Nhập một ngày hợp lệ"),
        ("refuse", {"refuse-on": "2025-09-01", "refuse-reason": "  "}, "bắt buộc"),
        (
            "add_asset",
            {
                "add_asset-asset_category": "fishing_vessel_owner",
                "add_asset-source": "inventory",
                "add_asset-quantity": "abc",
            },
            "Nhập một số",
        ),
        (
            "add_asset",
            {
                "add_asset-asset_category": "fishing_vessel_owner",
                "add_asset-source": "inventory",
                "add_asset-quantity": "1",
            },
            "Hãy ghi công suất máy (CV) của tàu",
        ),
        (
            "add_asset",
            {
                "add_asset-asset_category": "house",
                "add_asset-quantity": "1",
                "add_asset-source": "inventory",
            },
            "Hãy chọn một lựa chọn hợp lệ",
        ),
        (
            "add_asset",
            {
                "add_asset-asset_category": "fishing_vessel_owner",
                "add_asset-source": "inventory",
                "add_asset-quantity": "1",
                "add_asset-engine_power_cv": "90",
            },
            "Không có mức đơn giá nào áp dụng cho công suất máy 90 CV",
        ),
    ],
)
def test_bad_action_input_is_shown_and_saves_nothing(
    client, persona, program, officer, action, data, message
):
    household = make(program, officer)
    events = AuditEvent.objects.count()

    response = login(client, persona, "hoanhson.canbo").post(action_url(household, action), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'id="action-{action}" open' in response.content.decode()
    household.refresh_from_db()
    assert household.status == "not_declared"
    assert not AssetLine.objects.exists()
    assert AuditEvent.objects.count() == events


def test_refuse_with_a_reason(client, persona, program, officer):
    household = make(program, officer)
    response = login(client, persona, "hoanhson.canbo").post(
        action_url(household, "refuse"),
        {"refuse-on": "2025-09-01", "refuse-reason": "Không thuộc đối tượng"},
        follow=True,
    )

    household.refresh_from_db()
    assert household.status == "refused"
    html = response.content.decode()
    assert "Không thuộc đối tượng" in html
    assert "Không còn thao tác nào ở bước này." in html


def test_recompute_reports_the_change(client, persona, program, officer):
    household = make(program, officer)
    services.household_declare(actor=officer, household=household, on=ON)
    add_vessel(household, officer)
    program.rates.filter(code="vessel-owner-under-20cv").update(amount=Decimal("11000000"))

    response = login(client, persona, "hoanhson.canbo").post(
        action_url(household, "recompute"), follow=True
    )

    assert "64.020.000 đ → 66.000.000 đ" in response.content.decode()
    assert AssetLine.objects.get(household=household).amount == Decimal("66000000")


def test_unknown_actions_are_404(client, persona, program, officer):
    household = make(program, officer)
    login(client, persona, "hoanhson.canbo")
    assert client.post(f"{household_url(household)}delete/").status_code == 404
    assert client.get(action_url(household, "declare")).status_code == 405


def test_other_sections_get_the_household(client, persona, program, officer):
    household = make(program, officer)
    response = login(client, persona, "hoanhson.canbo").get(household_url(household))

    names = {template.name for template in response.templates}
    assert {
        "compensation/parts/household_objections.html",
        "compensation/parts/household_payments.html",
        "compensation/parts/household_visits.html",
    } <= names
    assert response.context["household"] == household
    assert response.context["can_change"] is True


def test_the_audit_trail_is_in_words(client, persona, program, officer):
    household = make(program, officer, village="Thôn Hải Phong")
    to_inventoried(household, officer)

    response = login(client, persona, "hoanhson.canbo").get(household_url(household))

    events = {event.action: event.changes for event in response.context["events"]}
    assert events["Hoàn thành kiểm đếm"]["status"] == {
        "before": "Đã kê khai",
        "after": "Đã kiểm đếm",
    }
    assert events["Hoàn thành kiểm đếm"]["inventoried_on"]["after"] == "01/09/2025"
    assert events["Hoàn thành kiểm đếm"]["inventoried_by"]["after"] == "Trần Văn Bình"
    line = events["Ghi một dòng tài sản, thiệt hại"]
    assert line["asset.asset_category"]["after"] == "Tàu cá — chủ tàu"
    assert line["asset.rate"]["after"] == "vessel-owner-under-20cv"
    assert line["asset.amount"]["after"] == "64.020.000 đ"
    created = events["Lập hồ sơ hộ"]
    assert created["admin_unit"]["after"] == "Phường Hoành Sơn"
    assert "approval_decision" not in created  # nothing → nothing is left out
