"""Fuzz the live API against its own OpenAPI document (schemathesis).

The app is served by pytest-django's `live_server`; the schema is read from the live
`/api/v1/schema/`; every operation is called with generated data (valid and invalid), as an
officer with an API token, and each response is checked: no 500, the status code documented,
the content type documented, the body valid against the documented schema. Bounded: a fixed,
derandomised number of examples per operation.

Operations with path parameters run twice: once with generated identifiers (mostly 404s) and
once pinned to records that exist (a petition with a file, a reception visit, a unit, an
organisation, a rule), so the handlers behind the look-ups are fuzzed too.

The checks: every built-in one but those of `EXCLUDED_CHECKS` (see there why); a few
unauthenticated calls check that the 401s are documented."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err

# Examples per operation and generation mode; with the pinned pass, at most 3 × this many
# requests per operation.
MAX_EXAMPLES = 20
# Test-only routes of `tests.urls` (not part of the product's API).
SKIPPED_PATHS = re.compile(r"^/api/v1/scoping/")
# Checks left out: those that need a second identity or a request without credentials
# (`ignored_auth`, `object_level_authorization`), and the two that judge how strict input
# parsing is rather than what the API answers: `positive_data_acceptance` (a request valid
# by the document but against a rule no schema can state, such as an unknown unit code or a
# date before the case's previous step, rightly answers 400) and `negative_data_rejection`
# (filters read query strings as forms do: `?kind=` is no filter, `?collective=null` is none).
EXCLUDED_CHECKS = (
    "ignored_auth",
    "object_level_authorization",
    "positive_data_acceptance",
    "negative_data_rejection",
)
OFFICER = "hoanhson.canbo"
DEMO_PASSWORD = "danvan-demo"

HYPOTHESIS_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


def _excluded_checks() -> list[Any]:
    load_all_checks()
    return list(CHECKS.get_by_names(EXCLUDED_CHECKS))


def _demo_world() -> None:
    """The demo units, organisations and log-ins; a transactional test may start without them
    (the flush of an earlier one removes what the session fixture loaded)."""
    from danvan.accounts.models import User
    from danvan.demo.accounts import load_demo_accounts
    from danvan.places.models import AdminUnit
    from danvan.places.services import admin_units_load

    if not AdminUnit.objects.filter(code="18832").exists():
        admin_units_load(provinces={"42"})
    if not User.objects.filter(username=OFFICER).exists():
        load_demo_accounts()


class Session(requests.Session):
    """A new connection for each request. On a reused connection the live server's replies
    (headers and body written separately) wait for the client's delayed ACK: 40 ms each."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            return super().request(*args, **kwargs)
        finally:
            self.close()


class Api:
    """The live app with an officer's token."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        response = Session().post(
            f"{base_url}/api/v1/auth/token/",
            json={"username": OFFICER, "password": DEMO_PASSWORD},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        self.token = response.json()["token"]
        self.session = Session()
        self.session.headers["Authorization"] = f"Token {self.token}"

    def post(self, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self.session.post(f"{self.base_url}{path}", timeout=30, **kwargs)
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body


def _seed(api: Api) -> dict[str, dict[str, str]]:
    """Records to pin path parameters to, by path prefix: created through the API itself."""
    from danvan.deadlines.models import LegalRule

    day = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    petition = api.post(
        "/api/v1/petitions/",
        json={
            "kind": "complaint",
            "channel": "in_person",
            "received_on": day,
            "content": "Khiếu nại quyết định thu hồi đất ở tại tổ dân phố Ba Đồng.",
            "admin_unit": "18832",
            "petitioners": [{"full_name": "Nguyễn Văn An", "id_number": "042080001234"}],
        },
    )
    attachment = api.post(
        f"/api/v1/petitions/{petition['id']}/attachments/",
        files={"file": ("don.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")},
        data={"purpose": "petition"},
    )
    visit = api.post(
        "/api/v1/reception-visits/",
        json={
            "organization": "hoanhson-ubnd",
            "visited_on": day,
            "admin_unit": "18832",
            "people": [{"full_name": "Trần Thị Bích", "is_representative": True}],
            "content": "Đề nghị bồi thường đất đai khu tái định cư.",
            "outcome": "accepted_petition",
        },
    )
    rule = LegalRule.objects.order_by("code").values_list("code", flat=True).first()
    assert rule is not None
    return {
        "/api/v1/petitions/": {"id": petition["id"], "attachment_id": attachment["id"]},
        "/api/v1/reception-visits/": {"id": visit["id"]},
        "/api/v1/organizations/": {"code": "hoanhson-ubnd"},
        "/api/v1/admin-units/": {"code": "18832"},
        "/api/v1/legal-rules/": {"code": rule},
    }


def _pinned(operation: Any, pins: dict[str, dict[str, str]]) -> dict[str, str]:
    names = {p.name for p in operation.iter_parameters() if p.location == "path"}
    for prefix, values in pins.items():
        if operation.path.startswith(prefix):
            return {name: value for name, value in values.items() if name in names}
    return {}


def _runs(operation: Any, pins: dict[str, dict[str, str]]) -> Iterator[tuple[str, Any]]:
    """(label, strategy) pairs for one operation."""
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        yield mode.value, operation.as_strategy(generation_mode=mode)
    pinned = _pinned(operation, pins)
    if pinned:
        yield "pinned", operation.as_strategy(path_parameters=pinned)


def _fuzz(strategy: Any, api: Api, excluded: list[Any]) -> None:
    @HYPOTHESIS_SETTINGS
    @given(case=strategy)
    def run(case: Any) -> None:
        case.call_and_validate(base_url=api.base_url, session=api.session, excluded_checks=excluded)

    run()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_live_api_keeps_to_its_openapi_document(live_server: Any) -> None:
    _demo_world()
    api = Api(live_server.url)
    pins = _seed(api)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json")
    excluded = _excluded_checks()

    failures: list[str] = []
    fuzzed: list[str] = []
    started = time.monotonic()
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            failures.append(f"Invalid operation in the document: {result.err()}")
            continue
        operation = result.ok()
        if SKIPPED_PATHS.match(operation.path):
            continue
        fuzzed.append(operation.label)
        for label, strategy in _runs(operation, pins):
            try:
                _fuzz(strategy, api, excluded)
            except Unsatisfiable as exc:
                # Nothing to make invalid (no parameters, no body): no negative cases.
                if label != GenerationMode.NEGATIVE.value:
                    failures.append(f"{operation.label} [{label}]\nUnsatisfiable: {exc}")
            except FailureGroup as group:
                failures.append(f"{operation.label} [{label}]\n{group}")
            except Exception as exc:  # collect everything, report once
                failures.append(f"{operation.label} [{label}]\n{type(exc).__name__}: {exc}")
    elapsed = time.monotonic() - started

    assert len(fuzzed) >= 40, fuzzed
    assert not failures, (
        f"{len(failures)} failing runs over {len(fuzzed)} operations in {elapsed:.0f}s:\n\n"
        + "\n\n".join(failures)
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unauthenticated_calls_get_a_documented_401(live_server: Any) -> None:
    _demo_world()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json")
    anonymous = Session()
    bad_token = Session()
    bad_token.headers["Authorization"] = "Token deadbeef"
    excluded = _excluded_checks()

    def unauthorized(strategy: Any, session: Session) -> None:
        @settings(HYPOTHESIS_SETTINGS, max_examples=3)
        @given(case=strategy)
        def run(case: Any) -> None:
            response = case.call_and_validate(
                base_url=live_server.url, session=session, excluded_checks=excluded
            )
            assert response.status_code == 401, response.text

        run()

    for method, path in [
        ("GET", "/api/v1/me/"),
        ("GET", "/api/v1/petitions/"),
        ("POST", "/api/v1/petitions/"),
        ("GET", "/api/v1/reception-visits/{id}/"),
    ]:
        operation = schema[path][method]
        for session in (anonymous, bad_token):
            unauthorized(operation.as_strategy(), session)
