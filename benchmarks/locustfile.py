"""Locust scenario for the portal intake load test: citizens sending petitions.

Run by benchmarks/portal_load.py (which starts the server, lifts the rate limits for the run
and checks the database afterwards); it can also be run by hand:

    .venv/bin/locust -f benchmarks/locustfile.py --headless -u 40 -r 40 --run-time 60s \\
        --host http://127.0.0.1:8000

Each simulated citizen, in a loop without pause:

1. GETs the submission form (`/cong-dan/gui-don/`), and reads from it the CSRF token and the
   form's own submission key (and, the first time, the communes and villages on offer);
2. POSTs a complete petition (kind, commune, sometimes a village, title, content, name, phone,
   address, consent; the hidden robot field left empty) without following the redirect: a 302
   to the receipt page means the portal accepted it;
3. for a share of submissions (PORTAL_LOAD_DUPLICATE_RATIO, default 0.05) POSTs the same form
   twice at the same moment, as a double click does: both must answer with the receipt and
   only one petition may exist.

The title of each petition ends with `#<submission key>` so the checker can count petitions
per submission independently of the portal's own de-duplication table.

When the test stops, what the checker needs is written as JSON to PORTAL_LOAD_RESULT (if set):
{"keys_accepted": [...], "keys_failed": [...], "duplicates": n, "statuses": {...},
 "requests": {name: {"count", "failures", "p50_ms", "p95_ms"}}, "first_request", "last_request"}.
"""

from __future__ import annotations

import json
import os
import random
import time
from typing import Any

import gevent
from locust import FastHttpUser, events, task
from locust.env import Environment
from portal_load import CSRF, KEY, parse_places, petition_data

FORM_PATH = "/cong-dan/gui-don/"
RECEIPT_PATH = "/cong-dan/gui-don/da-nhan/"
DUPLICATE_RATIO = float(os.environ.get("PORTAL_LOAD_DUPLICATE_RATIO", "0.05"))

# Shared by every simulated citizen of this locust process (gevent: no threads).
STATE: dict[str, Any] = {
    "accepted": [],
    "failed": [],
    "duplicates": 0,
    "statuses": {},
    "communes": None,
}


def _count(status: int) -> None:
    statuses = STATE["statuses"]
    statuses[str(status)] = statuses.get(str(status), 0) + 1


class Citizen(FastHttpUser):
    # No pause: each user sends its next petition as soon as the last one is answered, so
    # `--users` bounds the concurrency and the server sets the pace.
    def wait_time(self) -> float:
        return 0.0

    def on_start(self) -> None:
        # Never follow redirects, for every request of this user: the per-request
        # allow_redirects=False toggles a shared flag, which two posts at once would race on.
        self.client.client.redirect_response_codes = frozenset()  # type: ignore[misc]

    def _post(self, data: dict[str, str]) -> bool:
        with self.client.post(
            FORM_PATH,
            data=data,
            name="POST submission",
            catch_response=True,
        ) as response:
            _count(response.status_code)
            accepted = response.status_code == 302 and response.headers.get(
                "Location", ""
            ).endswith(RECEIPT_PATH)
            if accepted:
                response.success()
            else:
                response.failure(f"not accepted: {response.status_code}")
            return accepted

    @task
    def submit(self) -> None:
        with self.client.get(FORM_PATH, name="GET form", catch_response=True) as response:
            html = response.text or ""
            csrf, key = CSRF.search(html), KEY.search(html)
            if response.status_code != 200 or not csrf or not key:
                response.failure(f"form: {response.status_code}")
                return
            response.success()
        if STATE["communes"] is None:
            STATE["communes"] = parse_places(html)
            if not STATE["communes"]:
                raise RuntimeError("the form offers no commune: prepare the database first")
        data = petition_data(csrf.group(1), key.group(1), STATE["communes"])
        if random.random() < DUPLICATE_RATIO:
            STATE["duplicates"] += 1
            first = gevent.spawn(self._post, data)
            second = gevent.spawn(self._post, data)
            gevent.joinall([first, second])
            outcomes = [first.value, second.value]
            accepted = all(outcomes)
        else:
            accepted = self._post(data)
        (STATE["accepted"] if accepted else STATE["failed"]).append(data["key"])


@events.test_stop.add_listener
def write_result(environment: Environment, **_kwargs: Any) -> None:
    path = os.environ.get("PORTAL_LOAD_RESULT")
    if not path or environment.stats is None:
        return
    requests = {}
    for (name, _method), entry in environment.stats.entries.items():
        requests[name] = {
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
        }
    total = environment.stats.total
    result = {
        "keys_accepted": STATE["accepted"],
        "keys_failed": STATE["failed"],
        "duplicates": STATE["duplicates"],
        "statuses": STATE["statuses"],
        "requests": requests,
        "first_request": total.start_time,
        "last_request": total.last_request_timestamp or time.time(),
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
