"""GeoReport v2 documents as Python data: services, service definitions, requests.

Datetimes are ISO 8601 with the offset of the product's time zone (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from danvan.open311.models import Open311Request
from danvan.petitions.models import OPEN_STATUSES, Petition, PetitionDeadline, Status, Topic
from danvan.places.models import AdminUnit

WARD = "ward"
VILLAGE = "village"


def iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def keywords(topic: Topic) -> str | None:
    words = [line.strip() for line in topic.keywords.splitlines() if line.strip()]
    return ", ".join(words) or None


def service(topic: Topic) -> dict[str, Any]:
    return {
        "service_code": topic.code,
        "service_name": topic.name,
        "description": _("Phản ánh, kiến nghị về: %(topic)s") % {"topic": topic.name},
        "metadata": True,
        "type": "realtime",
        "keywords": keywords(topic),
        "group": _("Phản ánh hiện trường"),
    }


def service_definition(topic: Topic, wards: Sequence[AdminUnit]) -> dict[str, Any]:
    return {
        "service_code": topic.code,
        "attributes": [
            {
                "variable": True,
                "code": WARD,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("Mã đơn vị hành chính cấp xã (mã Tổng cục Thống kê)."),
                "order": 1,
                "description": _(
                    "Xã, phường nơi xảy ra sự việc. Nếu không chọn, phản ánh được ghi cho "
                    "địa bàn của cơ quan tiếp nhận."
                ),
                "values": [{"key": unit.code, "name": unit.name} for unit in wards],
            },
            {
                "variable": True,
                "code": VILLAGE,
                "datatype": "string",
                "required": False,
                "datatype_description": _("Tối đa 150 ký tự."),
                "order": 2,
                "description": _("Thôn, tổ dân phố nơi xảy ra sự việc."),
                "values": [],
            },
        ],
    }


def _open_deadlines(petition: Petition) -> list[PetitionDeadline]:
    cached = getattr(petition, "open_deadlines", None)
    if cached is not None:
        return list(cached)
    return list(
        petition.deadlines.filter(met_on__isnull=True, due_on__isnull=False).order_by("due_on")
    )


def is_open(petition: Petition) -> bool:
    return petition.status in OPEN_STATUSES


def expected_on(petition: Petition) -> dt.date | None:
    """The nearest open legal deadline of an open case."""
    if not is_open(petition):
        return None
    dues = [d.due_on for d in _open_deadlines(petition) if d.due_on is not None]
    return min(dues) if dues else None


def service_notice(petition: Petition) -> str | None:
    due = expected_on(petition)
    if due is None:
        return None
    return _("%(org)s trả lời trước ngày %(date)s (thời hạn theo quy định).") % {
        "org": petition.organization.name,
        "date": date_format(due, "d/m/Y"),
    }


def status_notes(petition: Petition) -> str:
    if petition.status == Status.REPLIED and petition.reply_text.strip():
        return petition.reply_text.strip()
    return str(petition.get_status_display())


def request(item: Open311Request) -> dict[str, Any]:
    """A request as the public sees it: no petitioner, no contact details."""
    petition = item.petition
    topic = petition.topic or item.topic
    due = expected_on(petition)
    updated = max(petition.updated_at, item.updated_at)
    return {
        "service_request_id": petition.public_id,
        "status": "open" if is_open(petition) else "closed",
        "status_notes": status_notes(petition),
        "service_name": topic.name,
        "service_code": topic.code,
        "description": item.description,
        "agency_responsible": petition.organization.name,
        "service_notice": service_notice(petition),
        "requested_datetime": iso(item.created_at),
        "updated_datetime": iso(updated),
        "expected_datetime": iso(end_of_day(due)) if due else None,
        "address": item.address_string or None,
        "address_id": item.address_id or None,
        "zipcode": None,
        "lat": item.lat,
        "long": item.long,
        "media_url": item.media_url or None,
    }


def created(item: Open311Request) -> dict[str, Any]:
    """The answer to POST requests: the id, the token (the portal's tracking code) and the
    notice with the legal deadline."""
    petition = item.petition
    return {
        "service_request_id": petition.public_id,
        "token": petition.tracking_code,
        "service_notice": service_notice(petition),
        "account_id": item.account_id or None,
    }


def token(item: Open311Request) -> dict[str, Any]:
    return {"service_request_id": item.petition.public_id, "token": item.petition.tracking_code}
