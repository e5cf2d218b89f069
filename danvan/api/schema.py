"""The OpenAPI document's shared pieces: the error shape of every 4xx, documented on each
operation for the status codes it can answer (shared/API.md, Errors).

`AutoSchema` is the project's schema class (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]): after
drf-spectacular has described an operation, it adds the error responses the operation can
give, from what the view and the operation declare:

| status | when |
|---|---|
| 400 | the operation takes input beyond a record's name (query parameters, a body, a path
  parameter that is not a string, such as a year): bad input |
| 401 | the view authenticates: no credentials, or bad ones |
| 403 | an authenticated view's unsafe method: the user may see the record but not change it |
| 404 | the path names a record: it does not exist, or lies outside the user's scope; or a
  paginated list's `page` does not exist |
| 409 | an unsafe method on a named record: not allowed in the record's current status |
| 415 | the operation takes a body: sent in a media type it does not read |
| 429 | the view is throttled |

A response the view documents itself for one of these codes is kept."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

ERROR_MEDIA_TYPES = ("application/json",)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ERROR_DESCRIPTIONS = {
    "400": "Dữ liệu gửi lên không hợp lệ.",
    "401": "Cần đăng nhập hoặc mã truy cập (hoặc mã không đúng).",
    "403": "Người dùng được xem nhưng không có quyền thực hiện thao tác này.",
    "404": "Không tìm thấy, hoặc ngoài phạm vi của người dùng.",
    "409": "Thao tác không được phép ở trạng thái hiện tại của hồ sơ.",
    "415": "Định dạng dữ liệu gửi lên không được hỗ trợ.",
    "429": "Quá nhiều yêu cầu; vui lòng thử lại sau.",
}


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã lỗi cho máy đọc, ví dụ `invalid_kind`.")
    field = serializers.CharField(
        allow_null=True, help_text="Trường gây lỗi (ví dụ `petitioners[0].full_name`) hoặc null."
    )
    message = serializers.CharField(help_text="Thông báo tiếng Việt.")


class ErrorResponseSerializer(serializers.Serializer):
    # The field is named in `get_fields`: a class attribute `errors` would hide the
    # serializer's own `errors`.
    def get_fields(self) -> dict[str, serializers.Field]:
        return {"errors": serializers.ListField(child=ErrorSerializer(), min_length=1)}


def error_statuses(
    *,
    method: str,
    has_input: bool,
    has_body: bool,
    has_path_parameters: bool,
    paginated: bool,
    authenticates: bool,
    requires_permission: bool,
    throttled: bool,
) -> list[str]:
    """The error statuses an operation can answer (the table of the module docstring)."""
    unsafe = method.upper() in UNSAFE_METHODS
    statuses = []
    if has_input:
        statuses.append("400")
    if authenticates:
        statuses.append("401")
    if authenticates and requires_permission and unsafe:
        statuses.append("403")
    if has_path_parameters or paginated:
        statuses.append("404")
    if has_path_parameters and unsafe:
        statuses.append("409")
    if has_body:
        statuses.append("415")
    if throttled:
        statuses.append("429")
    return statuses


def _is_input(parameter: dict[str, Any]) -> bool:
    """A query parameter, or a path parameter that can be out of range (not a string)."""
    if parameter.get("in") == "query":
        return True
    return parameter.get("in") == "path" and parameter.get("schema", {}).get("type") != "string"


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema with the error responses of each operation."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation: dict[str, Any] | None = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        parameters = operation.get("parameters", [])
        view = self.view
        permissions = getattr(view, "permission_classes", ())
        statuses = error_statuses(
            method=self.method,
            has_input="requestBody" in operation or any(map(_is_input, parameters)),
            has_body="requestBody" in operation,
            has_path_parameters=any(p.get("in") == "path" for p in parameters),
            paginated=self._is_list_view() and getattr(view, "pagination_class", None) is not None,
            authenticates=bool(getattr(view, "authentication_classes", ())),
            requires_permission=any(p is not AllowAny for p in permissions),
            throttled=bool(getattr(view, "throttle_classes", ())),
        )
        responses = operation.setdefault("responses", {})
        for status in statuses:
            if status not in responses:
                responses[status] = self._get_response_for_code(
                    OpenApiResponse(ErrorResponseSerializer, ERROR_DESCRIPTIONS[status]),
                    status,
                    ERROR_MEDIA_TYPES,
                    "response",
                )
        return operation
