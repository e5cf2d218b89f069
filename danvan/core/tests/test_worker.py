"""A web worker's start-up: views and translations loaded, long-lived objects frozen."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from danvan.core.worker import YOUNG_GENERATION_THRESHOLD, prepare_worker


@pytest.fixture
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_prepared_worker_has_its_views_loaded_and_frozen(restored_collector: None) -> None:
    gc.unfreeze()
    assert gc.get_freeze_count() == 0

    prepare_worker()

    assert "danvan.petitions.views" in sys.modules
    assert "danvan.portal.views" in sys.modules
    # Everything alive at start-up is out of the collector's reach, and the young generation
    # is collected less often.
    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD
