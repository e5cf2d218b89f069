"""`danvan poll-mail [--enqueue] [--mailbox NAME]`: register petitions from new e-mails.

Run it every few minutes (cron, a systemd timer). With `--enqueue` the work goes to the task
queue and a `danvan db_worker` process does it; without, it runs at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from danvan.audit.context import audit_source
from danvan.core.commands import QueueableCommand
from danvan.intake.models import Mailbox
from danvan.intake.services import MailboxUnavailable, PollResult, mailbox_poll, mailboxes_poll
from danvan.intake.tasks import poll_mailboxes


class Command(QueueableCommand):
    help = "Register a petition from every new mail of the active intake mailboxes."
    task = poll_mailboxes

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--mailbox", help="Poll only this mailbox (by name).")

    def handle(self, *args: Any, **options: Any) -> None:
        if self.queued(options):
            return
        with audit_source("command"):
            if options["mailbox"]:
                mailbox = Mailbox.objects.filter(name=options["mailbox"]).first()
                if mailbox is None:
                    raise CommandError(f"Không có hộp thư “{options['mailbox']}”.")
                try:
                    results = [mailbox_poll(mailbox=mailbox)]
                except MailboxUnavailable as error:
                    raise CommandError(str(error.message)) from error
            else:
                results = mailboxes_poll()
        for result in results:
            self._report(result)

    def _report(self, result: PollResult) -> None:
        self.stdout.write(
            f"{result.mailbox}: vào sổ {result.registered} đơn, "
            f"{result.duplicates} thư trùng, {result.failed} thư lỗi."
        )
        for error in result.errors:
            self.stderr.write(f"  {error}")
