"""Reading GeoReport v2 parameters: every bad value is a 400 with a clear message, never a 500.

Parameters come from the form body (POST) or the query string; a value given twice counts
once (the first)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.open311.rendering import Open311Error
from danvan.open311.selectors import commune_by_code, service_by_code
from danvan.open311.services import RequestInput
from danvan.petitions.services import PHONE

NUMBER = re.compile(r"^[+-]?(\d{1,4}(\.\d{0,15})?|\.\d{1,15})$")
MAX_DESCRIPTION = 4000  # the GeoReport request schema's limit
MAX_IDS = 1000
WINDOW = dt.timedelta(days=90)
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100

Params = Mapping[str, list[str]]


def bad(message: str) -> Open311Error:
    return Open311Error(400, message)


def text(params: Params, name: str, *, max_length: int) -> str:
    values = params.get(name) or [""]
    value = values[0]
    if "\x00" in value:
        raise bad(_("Tham số “%(name)s” chứa ký tự không hợp lệ.") % {"name": name})
    value = value.strip()
    if len(value) > max_length:
        raise bad(
            _("Tham số “%(name)s” quá dài (tối đa %(n)d ký tự).") % {"name": name, "n": max_length}
        )
    return value


def number(params: Params, name: str, *, low: float, high: float) -> float | None:
    raw = text(params, name, max_length=40)
    if not raw:
        return None
    value = float(raw) if NUMBER.match(raw) else math.nan
    if not math.isfinite(value) or not low <= value <= high:
        raise bad(
            _("Tham số “%(name)s” phải là một số từ %(low)s đến %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return value


def when(params: Params, name: str) -> dt.datetime | None:
    """An ISO 8601 date or datetime; without an offset, in the product's time zone."""
    raw = text(params, name, max_length=40)
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        value = None
    if value is None or not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise bad(
            _("Tham số “%(name)s” phải là ngày giờ theo ISO 8601, ví dụ 2025-08-01T08:00:00+07:00.")
            % {"name": name}
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


@dataclass(frozen=True)
class ListFilters:
    ids: list[str] | None
    service_codes: list[str]
    start: dt.datetime | None
    end: dt.datetime | None
    statuses: list[str]


def _comma_list(params: Params, name: str, *, max_length: int) -> list[str]:
    raw = text(params, name, max_length=max_length)
    return [part.strip() for part in raw.split(",") if part.strip()]


def list_filters(params: Params) -> ListFilters:
    """The filters of GET requests. Without dates: the last 90 days; a range may not span
    more than 90 days; `service_request_id` overrides every other filter."""
    ids = _comma_list(params, "service_request_id", max_length=20 * MAX_IDS)
    if len(ids) > MAX_IDS:
        raise bad(_("Tối đa %(n)d mã yêu cầu mỗi lần.") % {"n": MAX_IDS})
    service_codes = _comma_list(params, "service_code", max_length=2000)
    statuses = [s.lower() for s in _comma_list(params, "status", max_length=100)]
    if set(statuses) - {"open", "closed"}:
        raise bad(_("Tham số “status” chỉ nhận open hoặc closed."))
    start = when(params, "start_date")
    end = when(params, "end_date")
    if start and end and start > end:
        raise bad(_("“start_date” phải trước “end_date”."))
    if start and end and end - start > WINDOW:
        raise bad(_("Khoảng thời gian tìm kiếm không được quá 90 ngày."))
    if start is None and end is None:
        end = timezone.now()
    if start is None and end is not None:
        start = end - WINDOW
    elif end is None and start is not None:
        end = start + WINDOW
    return ListFilters(
        ids=[i.upper() for i in ids] if ids else None,
        service_codes=service_codes,
        start=start,
        end=end,
        statuses=statuses,
    )


def _email(params: Params) -> str:
    value = text(params, "email", max_length=254)
    if value:
        try:
            EmailValidator()(value)
        except ValidationError as error:
            raise bad(_("Địa chỉ thư điện tử không hợp lệ.")) from error
    return value


def _phone(params: Params) -> str:
    value = text(params, "phone", max_length=20)
    if value and not PHONE.match(value):
        raise bad(_("Số điện thoại không hợp lệ."))
    return re.sub(r"[ .-]", "", value)


def _media_url(params: Params) -> str:
    value = text(params, "media_url", max_length=500)
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError as error:
            raise bad(_("“media_url” phải là một địa chỉ http(s) hợp lệ.")) from error
    return value


def service_code(params: Params) -> str:
    code = text(params, "service_code", max_length=100)
    if not code:
        raise bad(_("Thiếu tham số “service_code”."))
    return code


def request_input(params: Params) -> RequestInput:
    """The checked content of POST requests (the key has been checked before)."""
    code = service_code(params)
    topic = service_by_code(code)
    if topic is None:
        raise Open311Error(404, _("Không có dịch vụ “%(code)s”.") % {"code": code[:100]})
    lat = number(params, "lat", low=-90, high=90)
    long = number(params, "long", low=-180, high=180)
    if (lat is None) != (long is None):
        raise bad(_("Hãy gửi cả “lat” và “long”."))
    address_string = text(params, "address_string", max_length=500)
    address_id = text(params, "address_id", max_length=100)
    if lat is None and not address_string and not address_id:
        raise bad(_("Hãy cho biết vị trí: “lat” và “long”, “address_string” hoặc “address_id”."))
    description = text(params, "description", max_length=MAX_DESCRIPTION)
    if not description:
        raise bad(_("Hãy mô tả sự việc (tham số “description”)."))
    ward_code = text(params, "attribute[ward]", max_length=20)
    ward = commune_by_code(ward_code) if ward_code else None
    if ward_code and ward is None:
        raise bad(_("Không có xã, phường mã “%(code)s”.") % {"code": ward_code})
    first_name = text(params, "first_name", max_length=75)
    last_name = text(params, "last_name", max_length=75)
    return RequestInput(
        topic=topic,
        description=description,
        lat=lat,
        long=long,
        address_string=address_string,
        address_id=address_id,
        ward=ward,
        village=text(params, "attribute[village]", max_length=150),
        email=_email(params),
        phone=_phone(params),
        first_name=first_name,
        last_name=last_name,
        device_id=text(params, "device_id", max_length=100),
        account_id=text(params, "account_id", max_length=100),
        media_url=_media_url(params),
    )
