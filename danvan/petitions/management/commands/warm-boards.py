"""`danvan warm-boards [--enqueue]`: count the backlog boards of district- and province-wide
readers into the cache, so that none of them waits for a count of the whole archive.

Run it every few minutes (a systemd timer or cron, shorter than
`PETITION_BOARD_CACHE_SECONDS`) with a shared cache (`CACHE_URL=redis://…`): each web
worker then reads the boards it counted. With `--enqueue` a `danvan db_worker` does it."""

from __future__ import annotations

import time
from typing import Any

from danvan.core.commands import QueueableCommand
from danvan.petitions.board import warm_boards
from danvan.petitions.tasks import warm_boards_task


class Command(QueueableCommand):
    help = "Count the backlog boards of wide-scope readers into the cache."
    task = warm_boards_task

    def handle(self, *args: Any, **options: Any) -> None:
        if self.queued(options):
            return
        started = time.perf_counter()
        counted = warm_boards()
        seconds = time.perf_counter() - started
        self.stdout.write(f"Đã tổng hợp {counted} bảng theo dõi trong {seconds:.1f} giây.")
