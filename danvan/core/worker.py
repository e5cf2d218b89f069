"""Start-up of a web worker process (gunicorn, and the benchmark that stands in for one).

A worker loads the URLconf, every view and the translation catalogues once, before its first
request. Then it moves everything loaded so far out of the garbage collector's reach
(`gc.freeze()`): those objects live as long as the process, and a full collection would
otherwise walk all of them again and again, a pause of about 100 ms in the middle of a request
that a list page or the API cannot afford. Frozen before gunicorn forks, the memory pages also
stay shared between the workers. The young generation's threshold is raised for the same
reason: a page allocates tens of thousands of short-lived objects, and collecting every 700 of
them costs more than it frees (ADR 0012).
"""

from __future__ import annotations

import gc

# Allocations between two collections of the youngest generation (Python's default: 700).
YOUNG_GENERATION_THRESHOLD = 20_000


def prepare_worker() -> None:
    """Load what every request needs, then freeze it out of the garbage collector's reach."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and every view)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("")
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, old)
