"""The cache the portal's rate limits count in: each process's memory by default, a Redis
server shared by every gunicorn worker when CACHE_URL names one."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from danvan.portal import limits
from danvan.settings import cache_config

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_the_default_cache_is_the_process_s_memory():
    assert cache_config(None)["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert cache_config("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://cache.internal:6380/1", "unix:///run/r.sock"]
)
def test_a_redis_url_gives_django_s_redis_cache(url):
    config = cache_config(url)

    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == url


def test_an_unknown_cache_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured):
        cache_config("memcached://127.0.0.1:11211")


def _redis_or_skip() -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")


def test_two_workers_sharing_redis_count_one_limit(monkeypatch, settings):
    """Two processes each with their own cache client: with Redis the limit holds across."""
    _redis_or_skip()
    from django.core.cache.backends.redis import RedisCache

    prefix = f"test-{uuid.uuid4().hex}"
    workers = [RedisCache(REDIS_URL, {"KEY_PREFIX": prefix}) for _ in range(2)]
    settings.PORTAL_SUBMIT_RATE = (3, 60)
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    answers = []
    try:
        for attempt in range(4):
            monkeypatch.setattr(limits, "cache", workers[attempt % 2])
            answers.append(limits.hit(request, "submit"))
    finally:
        workers[0].delete(f"portal:rate:submit:{request.META['REMOTE_ADDR']}")
    assert answers == [True, True, True, False]
