"""The portal's limits and anti-abuse checks, without outside services.

Every number can be changed in settings (`getattr(settings, NAME, default)`):

- PORTAL_SUBMIT_RATE = (10, 3600)      submission attempts per IP per window (seconds)
- PORTAL_TRACK_RATE = (10, 600)        tracking look-ups per IP per window
- PORTAL_BOOK_RATE = (5, 3600)         appointment bookings per IP per window
- PORTAL_VERIFIED_SECONDS = 1800       how long a verified case stays open in the session
- PORTAL_MAX_FILES = 5                 files per submission
- PORTAL_MAX_CONTENT = 10000           characters of a petition's content
- PORTAL_APPOINTMENTS_PER_SESSION = 20 appointments per reception session
- PORTAL_TRUST_X_FORWARDED_FOR = False take the client IP from X-Forwarded-For (behind a proxy)
- PORTAL_PLACES_CACHE_SECONDS = 300    how long a process keeps the submission form's places

Counters live in Django's cache: per process with the default local-memory cache, shared by
every worker and app server when CACHE_URL names a Redis server (docs/deploy.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_RATES: dict[str, tuple[int, int]] = {
    "submit": (10, 3600),
    "track": (10, 600),
    "book": (5, 3600),
    "comment": (20, 3600),
}


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def verified_seconds() -> int:
    return setting("PORTAL_VERIFIED_SECONDS", 1800)


def max_files() -> int:
    return setting("PORTAL_MAX_FILES", 5)


def max_content() -> int:
    return setting("PORTAL_MAX_CONTENT", 10_000)


def appointments_per_session() -> int:
    return setting("PORTAL_APPOINTMENTS_PER_SESSION", 20)


def rate(bucket: str) -> tuple[int, int]:
    limit, window = getattr(settings, f"PORTAL_{bucket.upper()}_RATE", DEFAULT_RATES[bucket])
    return int(limit), int(window)


def client_ip(request: HttpRequest) -> str:
    if getattr(settings, "PORTAL_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def hit(request: HttpRequest, bucket: str) -> bool:
    """Count one attempt of this client in `bucket`; False once the limit is passed."""
    limit, window = rate(bucket)
    key = f"portal:rate:{bucket}:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
