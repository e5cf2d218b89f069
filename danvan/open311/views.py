"""The GeoReport v2 endpoints under /open311/v2/.

Each view parses its parameters, calls a selector or a service and renders JSON or XML after
the suffix of the URL. Errors are GeoReport error documents (400, 403, 404, 405); bad input
never reaches the database as a 500."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from danvan.core.errors import DomainError
from danvan.open311 import params, representation, selectors, services
from danvan.open311.rendering import FORMATS, Open311Error, error_response, respond

CHANGESET = "2025-08-01T00:00:00+07:00"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_PATH_PARAM = 64

View = Callable[..., HttpResponse]


def open311_view(*methods: str) -> Callable[[View], View]:
    """Check the format and the method, turn Open311Error into its error document."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any) -> Any:
            if fmt not in FORMATS:
                return error_response(
                    "json",
                    Open311Error(
                        404,
                        _("Định dạng “%(f)s” không được hỗ trợ; hãy dùng .json hoặc .xml.")
                        % {"f": fmt[:20]},
                    ),
                )
            try:
                if request.method not in methods:
                    raise Open311Error(
                        405, _("Phương thức không được hỗ trợ."), allow=", ".join(methods)
                    )
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                return error_response(fmt, error)

        return wrapper

    return decorate


def _params(request: HttpRequest) -> dict[str, list[str]]:
    """The form body's values (POST), then the query string's."""
    try:
        merged = dict(request.GET.lists())
        if request.method == "POST":
            merged.update(dict(request.POST.lists()))
    except (SuspiciousOperation, MultiPartParserError, ValueError) as error:
        raise Open311Error(
            400, _("Yêu cầu không đọc được (quá lớn hoặc sai định dạng).")
        ) from error
    return merged


def _path_param(value: str) -> str:
    if len(value) > MAX_PATH_PARAM or "\x00" in value:
        raise Open311Error(404, _("Không tìm thấy."))
    return value


def _root_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": "json"}))[
        : -len("discovery.json")
    ]


@open311_view("GET")
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    data = {
        "changeset": CHANGESET,
        "contact": _("Quản trị hệ thống Dân Vận của tỉnh (qua cơ quan tiếp nhận)."),
        "key_service": _(
            "Khóa API (api_key) do quản trị hệ thống cấp cho từng đối tác; liên hệ cơ quan "
            "tiếp nhận để được cấp."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": _root_url(request),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return respond(fmt, data, xml_root="discovery")


@open311_view("GET")
def service_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    data = [representation.service(topic) for topic in selectors.active_services()]
    return respond(fmt, data, xml_root="services")


@open311_view("GET")
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    """The attributes of a service. The wards are those of the organisations that receive
    Open311 requests; with a valid `api_key`, those of that partner's organisation."""
    code = _path_param(code)
    topic = selectors.service_by_code(code)
    if topic is None:
        raise Open311Error(404, _("Không có dịch vụ “%(code)s”.") % {"code": code})
    plaintext = params.text(_params(request), "api_key", max_length=200)
    key = services.partner_key_authenticate(plaintext) if plaintext else None
    organizations = [key.organization] if key else selectors.organizations_with_keys()
    wards = selectors.ward_choices(organizations)
    data = representation.service_definition(topic, wards)
    return respond(fmt, data, xml_root="service_definition")


@open311_view("GET", "POST")
def request_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    filters = params.list_filters(_params(request))
    items = selectors.request_list(
        ids=filters.ids,
        service_codes=filters.service_codes,
        start=filters.start,
        end=filters.end,
        statuses=filters.statuses,
    )
    data = [representation.request(item) for item in items]
    return respond(fmt, data, xml_root="service_requests")


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    data = _params(request)
    plaintext = params.text(data, "api_key", max_length=200)
    if not plaintext:
        raise Open311Error(403, _("Thiếu khóa API (api_key)."))
    key = services.partner_key_authenticate(plaintext)
    if key is None:
        raise Open311Error(403, _("Khóa API không hợp lệ hoặc đã bị thu hồi."))
    checked = params.request_input(data)
    try:
        item = services.open311_request_create(partner=key, data=checked)
    except DomainError as error:
        raise Open311Error(400, str(error.message)) from error
    return respond(fmt, [representation.created(item)], xml_root="service_requests")


@open311_view("GET")
def request_detail(request: HttpRequest, request_id: str, *, fmt: str) -> HttpResponse:
    item = selectors.request_by_id(_path_param(request_id).upper())
    if item is None:
        raise Open311Error(404, _("Không có yêu cầu “%(id)s”.") % {"id": request_id})
    return respond(fmt, [representation.request(item)], xml_root="service_requests")


@open311_view("GET")
def token_detail(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    item = selectors.request_by_token(_path_param(token).upper())
    if item is None:
        raise Open311Error(404, _("Không có mã “%(token)s”.") % {"token": token})
    return respond(fmt, [representation.token(item)], xml_root="service_requests")


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    fmt = "xml" if request.path.endswith(".xml") else "json"
    return error_response(fmt, Open311Error(404, _("Không tìm thấy.")))
