"""The commands a timer runs hand their work to the task queue with `--enqueue`."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "command", ["send-reminders", "commitment-reminders", "poll-mail", "warm-boards"]
)
def test_each_timer_command_queues_its_task(command):
    out = io.StringIO()

    call_command(command, "--enqueue", stdout=out)

    assert out.getvalue().startswith("Đã đưa vào hàng đợi: ")
    assert len(out.getvalue().split(": ", 1)[1].strip()) > 8  # the queued task's id


@pytest.mark.parametrize(
    ("command", "reply"),
    [
        ("send-reminders", r"Đã tạo \d+ thông báo, gửi \d+ thư\."),
        ("commitment-reminders", r"Đã tạo \d+ nhắc việc, gửi \d+ thư\."),
        ("warm-boards", r"Đã tổng hợp \d+ bảng theo dõi trong [\d.]+ giây\."),
    ],
)
def test_without_enqueue_the_command_does_the_work_at_once(command, reply):
    out = io.StringIO()

    call_command(command, stdout=out)

    assert re.fullmatch(reply, out.getvalue().strip())
