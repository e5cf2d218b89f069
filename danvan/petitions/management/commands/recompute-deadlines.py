"""`danvan recompute-deadlines`: recompute the deadlines of open petitions.

Run it after an administrator changes the rule table or the calendar, so that open cases
follow the new periods. Closed cases keep the deadlines they were handled under."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.audit.context import audit_source
from danvan.petitions.services import open_deadlines_recompute


class Command(BaseCommand):
    help = "Recompute the legal deadlines of every open petition."

    def handle(self, *args: Any, **options: Any) -> None:
        with audit_source("command"):
            count = open_deadlines_recompute(actor=None)
        self.stdout.write(f"Đã tính lại thời hạn của {count} đơn đang giải quyết.")
