"""Gunicorn configuration for Dân Vận on one small machine (2 cores).

Run it from the project's virtualenv, with the settings in the environment:

    DATABASE_URL=postgres://danvan@127.0.0.1:5432/danvan SECRET_KEY=... \\
    ALLOWED_HOSTS=danvan.example.gov.vn CSRF_TRUSTED_ORIGINS=https://danvan.example.gov.vn \\
    .venv/bin/gunicorn -c deploy/gunicorn.conf.py danvan.wsgi:application

Every value below can be changed through the environment:

- GUNICORN_BIND        address to listen on (default 127.0.0.1:8000; behind nginx/Caddy keep it
                       on loopback or use unix:/run/danvan/gunicorn.sock); PORT alone also works
- WEB_CONCURRENCY      worker processes (default 2 × cores + 1, at most 9)
- GUNICORN_THREADS     threads per worker (default 1: sync workers; > 1 switches to gthread)
- GUNICORN_TIMEOUT     seconds before a silent worker is killed and replaced (default 30)
- GUNICORN_GRACEFUL_TIMEOUT  seconds a worker gets to finish on restart/stop (default 30)
- GUNICORN_KEEPALIVE   seconds to keep an idle proxy connection (default 5)
- GUNICORN_MAX_REQUESTS / GUNICORN_MAX_REQUESTS_JITTER  recycle a worker after this many
                       requests, plus a random 0..jitter so they do not all restart at once
                       (default 2000 / 200; 0 turns recycling off)
- GUNICORN_ACCESSLOG   where the access log goes ("-" for stdout, a file path, or "" for none;
                       default "-")
- GUNICORN_ERRORLOG    where gunicorn's own log goes (default "-", stderr)
- GUNICORN_LOGLEVEL    (default "info")
- GUNICORN_PRELOAD     load the application once in the master before forking (default 1):
                       faster start and shared memory pages; a code change then needs a full
                       restart (systemctl restart), not a HUP
- FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* headers are trusted (default 127.0.0.1)

The access log line ends with the request's time in milliseconds (`%(M)s`), so slow pages can
be found with e.g. `awk '$NF > 500' access.log`.
"""

from __future__ import annotations

import os
from typing import Any


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _default_workers() -> int:
    # The classic 2 × cores + 1: while one worker waits on the database, another computes.
    # Capped so a large machine does not start dozens of ~100 MB Django processes.
    return min(2 * (os.cpu_count() or 1) + 1, 9)


_port = os.environ.get("PORT", "").strip()
bind = [os.environ.get("GUNICORN_BIND", f"127.0.0.1:{_port}" if _port else "127.0.0.1:8000")]

workers = _int("WEB_CONCURRENCY", _default_workers())
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

preload_app = _bool("GUNICORN_PRELOAD", True)

timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Heartbeat files in memory: a slow disk must not make the master think workers hang.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Request bodies: the portal's uploads are limited by the app (5 files, size limit); these
# only bound the request line and headers.
limit_request_line = 8190
limit_request_fields = 100

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Client, time, request line, status, bytes, referrer, user agent, then the request time in ms.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(B)s "%(f)s" "%(a)s" %(M)s'

proc_name = "danvan"


def when_ready(server: Any) -> None:
    """With preload, load the views and translations once in the master and freeze them out
    of the garbage collector's reach (`danvan.core.worker`), so each worker (and each one
    recycled after max_requests) starts warm and shares those memory pages."""
    if preload_app:
        from danvan.core.worker import prepare_worker

        prepare_worker()


def post_worker_init(worker: Any) -> None:
    """Without preload, each worker prepares itself after loading the application."""
    if not preload_app:
        from danvan.core.worker import prepare_worker

        prepare_worker()


def pre_fork(server: Any, worker: Any) -> None:
    """Close any database connection the master opened while loading the application, so no
    worker inherits (and shares) its socket."""
    from django.db import connections

    connections.close_all()
