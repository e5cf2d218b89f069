"""deploy/gunicorn.conf.py: its values come from the environment, with defaults for 2 cores."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "gunicorn.conf.py"


def _config(**env: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GUNICORN_") and key not in {"WEB_CONCURRENCY", "PORT"}
    }
    environment.update(env, SECRET_KEY="x")
    out = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", str(CONF), "--check-config", "--print-config",
         "danvan.wsgi:application"],
        env=environment, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    values = {}
    for line in out.stdout.splitlines():
        name, sep, value = line.partition("=")
        if sep:
            values[name.strip()] = value.strip()
    return values


def test_the_defaults_suit_a_small_machine() -> None:
    config = _config()
    cores = os.cpu_count() or 1
    assert config["workers"] == str(min(2 * cores + 1, 9))
    assert config["worker_class"] == "sync"
    assert config["bind"] == "['127.0.0.1:8000']"
    assert config["preload_app"] == "True"
    assert (config["max_requests"], config["max_requests_jitter"]) == ("2000", "200")
    assert config["timeout"] == "30"
    # The access log ends with the request's time in milliseconds.
    assert config["access_log_format"].endswith("%(M)s")


def test_the_environment_overrides_them() -> None:
    config = _config(
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="4",
        PORT="8711",
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_PRELOAD="0",
    )
    assert config["workers"] == "3"
    assert (config["threads"], config["worker_class"]) == ("4", "gthread")
    assert config["bind"] == "['127.0.0.1:8711']"
    assert config["max_requests"] == "0"
    assert config["preload_app"] == "False"
    assert _config(GUNICORN_BIND="unix:/run/danvan.sock")["bind"] == "['unix:/run/danvan.sock']"
