"""The API's error shape: `{"errors": [{"code", "field", "message"}]}` for every 4xx."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found, server_error
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from danvan.core.errors import DomainError

API_PREFIXES = ("/api/", "/open311/")


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"errors": [{"code": code, "field": field, "message": message}]}


def _default_messages() -> dict[type[Exception], tuple[str, str]]:
    return {
        exceptions.NotAuthenticated: ("not_authenticated", _("Cần đăng nhập hoặc mã truy cập.")),
        exceptions.AuthenticationFailed: (
            "authentication_failed",
            _("Thông tin đăng nhập hoặc mã truy cập không đúng."),
        ),
        exceptions.PermissionDenied: (
            "permission_denied",
            _("Bạn không có quyền thực hiện thao tác này."),
        ),
        exceptions.NotFound: ("not_found", _("Không tìm thấy.")),
        exceptions.MethodNotAllowed: ("method_not_allowed", _("Phương thức không được hỗ trợ.")),
        exceptions.NotAcceptable: ("not_acceptable", _("Định dạng phản hồi không được hỗ trợ.")),
        exceptions.UnsupportedMediaType: (
            "unsupported_media_type",
            _("Định dạng dữ liệu gửi lên không được hỗ trợ; hãy gửi JSON."),
        ),
        exceptions.ParseError: ("malformed_json", _("Dữ liệu gửi lên không phải JSON hợp lệ.")),
        exceptions.Throttled: ("throttled", _("Quá nhiều yêu cầu; vui lòng thử lại sau.")),
    }


def _flatten(detail: Any, field: str | None = None) -> list[dict[str, Any]]:
    """Turn DRF's nested validation detail into a flat list of errors."""
    if isinstance(detail, dict):
        errors: list[dict[str, Any]] = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "detail") else str(key)
            if isinstance(key, int) and field:
                # DRF reports errors of list items as {index: errors}: name them field[index].
                name = f"{field}[{key}]"
            elif field and name:
                name = f"{field}.{name}"
            elif field:
                name = field
            errors.extend(_flatten(value, name))
        return errors
    if isinstance(detail, list):
        errors = []
        for index, item in enumerate(detail):
            sub = f"{field}[{index}]" if isinstance(item, dict) and field else field
            errors.extend(_flatten(item, sub))
        return errors
    code = getattr(detail, "code", None) or "invalid"
    return [{"code": str(code), "field": field, "message": str(detail)}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, str(exc.message), exc.field), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": _flatten(exc.detail)}
        return response
    code, message = _default_messages().get(type(exc), ("error", ""))
    if not message:
        detail = getattr(exc, "detail", "")
        code = str(getattr(detail, "code", None) or getattr(exc, "default_code", "error"))
        message = str(detail)
    response.data = error_body(code, message)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = "Token"
    return response


def json_or_html_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """404 for unknown URLs: the API's JSON shape under /api/, the HTML page elsewhere."""
    if request.path.startswith(API_PREFIXES):
        return JsonResponse(error_body("not_found", _("Không tìm thấy.")), status=404)
    return page_not_found(request, exception or Http404())


def json_or_html_server_error(request: HttpRequest) -> HttpResponse:
    """500: the API's JSON shape under /api/, the HTML page elsewhere."""
    if request.path.startswith(API_PREFIXES):
        return JsonResponse(
            error_body("server_error", _("Lỗi máy chủ; sự cố đã được ghi lại.")), status=500
        )
    return server_error(request)
