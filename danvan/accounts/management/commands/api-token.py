"""`danvan api-token USERNAME`: print that user's API token, creating one if needed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.accounts.models import User
from danvan.accounts.services import api_token_get_or_create
from danvan.audit.context import audit_source


class Command(BaseCommand):
    help = "Print an API token for USERNAME (creating one if needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"Không có người dùng “{options['username']}”.") from exc
        if not user.is_active:
            raise CommandError(f"Tài khoản “{user.username}” đã bị khóa.")
        with audit_source("command"):
            self.stdout.write(api_token_get_or_create(user=user))
