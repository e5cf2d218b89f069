"""A base for the commands that a timer runs and that can hand their work to the task queue.

`danvan send-reminders`, `commitment-reminders`, `poll-mail` and `warm-boards` each do their
work at once, or with `--enqueue` put its task on the queue for a `danvan db_worker` process
(the Tasks API, ADR 0001) and say which task was queued."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class QueueableCommand(BaseCommand):
    """A command with `--enqueue`: its `handle` starts with `if self.queued(options): return`,
    which puts `task` (a django-tasks task taking no argument) on the queue when asked."""

    task: Any

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue it for the worker.")

    def queued(self, options: dict[str, Any]) -> bool:
        """Queue the task if `--enqueue` was given, and say so; whether it was."""
        if not options["enqueue"]:
            return False
        queued = self.task.enqueue()
        self.stdout.write(f"Đã đưa vào hàng đợi: {queued.id}")
        return True
