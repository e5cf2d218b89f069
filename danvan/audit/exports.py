"""Exports of the audit trail to Excel and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from danvan.audit.models import AuditEvent


def headers() -> list[str]:
    return [
        _("Thời điểm"),
        _("Người thực hiện"),
        _("Nguồn"),
        _("Thao tác"),
        _("Loại bản ghi"),
        _("Mã bản ghi"),
        _("Bản ghi"),
        _("Thay đổi"),
        _("Ghi chú"),
    ]


def rows(events: Iterable[AuditEvent]) -> Iterator[list[str]]:
    for event in events:
        yield [
            timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_label,
            event.get_source_display(),
            event.action,
            f"{event.target_type.app_label}.{event.target_type.model}",
            event.target_id,
            event.target_label,
            json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
            event.note,
        ]


def to_xlsx(events: Iterable[AuditEvent]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Nhật ký thao tác"))
    sheet.append(headers())
    for row in rows(events):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(events: Iterable[AuditEvent]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    writer.writerows(rows(events))
    # A BOM so that Excel opens the Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
