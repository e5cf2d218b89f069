"""The portal load test's own parts (benchmarks/portal_load.py, used by `make bench`): it fills the
real submission form the way the portal accepts it, lifts the rate limits only in its own
settings module, counts lost and doubled petitions, reads worker memory from /proc, and prints
the JSON object promised to its callers. The load itself is not run here."""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from benchmarks import portal_load as tool
from danvan.petitions.models import Petition
from danvan.portal import limits

ROOT = Path(__file__).resolve().parent.parent
SUBMIT = reverse("portal:submit")
RECEIPT = reverse("portal:receipt")

REPORT_KEYS = {
    "seconds",
    "users",
    "submitted",
    "accepted",
    "failed",
    "rps",
    "p50_ms",
    "p95_ms",
    "lost",
    "doubled",
    "worker_rss_mb_max",
    "database",
}


@pytest.fixture
def citizen(settings: Any) -> Client:
    """A browser that sends the CSRF token like a real one, with room under the rate limit."""
    settings.PORTAL_SUBMIT_RATE = (1000, 3600)
    cache.clear()
    return Client(enforce_csrf_checks=True)


def _fill(client: Client) -> dict[str, str]:
    html = client.get(SUBMIT).content.decode()
    csrf, key = tool.CSRF.search(html), tool.KEY.search(html)
    assert csrf
    assert key
    return tool.petition_data(csrf.group(1), key.group(1), tool.parse_places(html))


def _titles() -> list[str]:
    return list(Petition.objects.filter(channel="web").values_list("title", flat=True))


@pytest.mark.django_db
def test_the_submissions_it_makes_are_accepted_and_counted_once(citizen: Client) -> None:
    random.seed(7)
    keys = []
    for _ in range(12):  # every kind, with and without a village, some anonymous
        data = _fill(citizen)
        response = citizen.post(SUBMIT, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"].endswith(RECEIPT)
        keys.append(data["key"])

    assert tool.tally(_titles(), keys, []) == {
        "lost": 0,
        "doubled": 0,
        "registered_not_accepted": 0,
    }


@pytest.mark.django_db
def test_a_form_posted_twice_is_one_petition(citizen: Client) -> None:
    random.seed(3)
    data = _fill(citizen)

    first, second = citizen.post(SUBMIT, data), citizen.post(SUBMIT, data)

    assert first.status_code == second.status_code == 302
    assert sum(title.endswith("#" + data["key"]) for title in _titles()) == 1
    assert tool.tally(_titles(), [data["key"]], [])["doubled"] == 0


def test_places_are_read_with_each_commune_s_villages() -> None:
    html = (
        '<select name="commune" id="id_commune"><option value="">—</option>'
        '<option value="11">Phường Hoành Sơn</option><option value="12">Xã Kỳ Hoa</option>'
        '</select><select name="village" id="id_village"><option value="">—</option>'
        '<optgroup label="Phường Hoành Sơn"><option value="21">Tổ dân phố Ba Đồng</option>'
        '<option value="22">Tổ dân phố Hải Phong</option></optgroup></select>'
    )
    assert tool.parse_places(html) == [("11", ["21", "22"]), ("12", [])]


def test_the_tally_finds_lost_doubled_and_late_petitions() -> None:
    titles = ["Đèn hỏng #a", "Đèn hỏng #a", "Rác #b", "Rác #late", "a title without a key"]

    counted = tool.tally(titles, accepted=["a", "b", "gone"], failed=["late", "never"])

    assert counted == {"lost": 1, "doubled": 1, "registered_not_accepted": 1}


def test_the_limits_are_lifted_only_in_the_run_s_own_settings(tmp_path: Path) -> None:
    (tmp_path / "danvan_portal_load_settings.py").write_text(tool.LOAD_SETTINGS)
    code = (
        "import danvan_portal_load_settings as run, danvan.settings as base; "
        "print(run.PORTAL_SUBMIT_RATE[0], hasattr(base, 'PORTAL_SUBMIT_RATE'))"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]), SECRET_KEY="x")
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    lifted, in_base = out.stdout.split()
    assert int(lifted) >= 1_000_000
    assert in_base == "False"
    assert limits.DEFAULT_RATES["submit"] == (10, 3600)

    args = tool.parse_args(["--database-url", "sqlite:////tmp/x.sqlite3"])
    server = tool.server_env(args, tmp_path, 8123)
    assert server["DJANGO_SETTINGS_MODULE"] == "danvan_portal_load_settings"
    assert server["GUNICORN_BIND"] == "127.0.0.1:8123"
    assert os.environ.get("DJANGO_SETTINGS_MODULE") != "danvan_portal_load_settings"


def test_the_command_line_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    args = tool.parse_args(["--database-url", "postgres://postgres@127.0.0.1:5432/x"])
    assert (args.users, args.spawn_rate, args.run_time, args.prepare) == (40, 40.0, "60s", False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(SystemExit):
        tool.parse_args(["--users", "5"])


def test_worker_memory_is_read_from_proc() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in tool.children(os.getpid())
        assert tool.rss_mb(child.pid) > 1
    finally:
        child.kill()
        child.wait()
    assert tool.rss_mb(2**22 + 7) == 0.0


def test_the_report_has_the_promised_keys(tmp_path: Path) -> None:
    (tmp_path / "access.log").write_text(
        '127.0.0.1 [t] "POST /cong-dan/gui-don/ HTTP/1.1" 302 0 "-" "x" 40\n'
        '127.0.0.1 [t] "POST /cong-dan/gui-don/ HTTP/1.1" 500 145 "-" "x" 20012\n'
    )
    (tmp_path / "server.out").write_text(
        "sqlite3.OperationalError: database is locked\n"
        "django.db.utils.OperationalError: database is locked\n"
    )
    load = {
        "keys_accepted": ["a", "b", "c"],
        "keys_failed": ["d"],
        "duplicates": 1,
        "statuses": {"302": 4, "500": 1},
        "requests": {
            "GET form": {"count": 4, "failures": 0, "p50_ms": 12, "p95_ms": 30},
            "POST submission": {"count": 5, "failures": 1, "p50_ms": 40, "p95_ms": 90},
        },
        "first_request": 100.0,
        "last_request": 102.0,
    }
    checked = {"lost": 0, "doubled": 0, "registered_not_accepted": 0, "database": "sqlite"}
    args = argparse.Namespace(users=4, fast_hash=False, threads=0, run_time="2s")

    report = tool.build_report(
        args, load, checked, worker_rss_mb=101.26, workers=5, logs=tmp_path, load_before=0.5
    )

    assert set(report) >= REPORT_KEYS
    assert (report["submitted"], report["accepted"], report["failed"]) == (4, 3, 1)
    assert (report["rps"], report["p50_ms"], report["p95_ms"]) == (1.5, 40, 90)
    assert (report["server_errors"], report["database_locked"]) == (1, 1)
    assert report["worker_rss_mb_max"] == 101.3
    json.dumps(report)


def test_the_profile_summary_names_where_the_time_goes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stacks = tmp_path / "profile.txt"
    stacks.write_text(
        "main (a.py:1);submit (views.py:2);pbkdf2 (crypto.py:77) 75\n"
        "main (a.py:1);submit (views.py:2);execute (db.py:9) 25\n"
    )

    tool.summarize_profile(stacks)

    err = capsys.readouterr().err
    assert "75.0%  pbkdf2 (crypto.py:77)" in err
    assert "100.0%  submit (views.py:2)" in err
