"""Where the current write comes from (web, API, admin, command, task), for the audit trail."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse

_source: contextvars.ContextVar[str] = contextvars.ContextVar("audit_source", default="system")
_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("audit_actor", default=None)


def current_source() -> str:
    return _source.get()


def request_actor() -> Any:
    """The user of the request being served, for the few places (Django's own forms) that
    call a service without being handed the user."""
    return _actor.get()


@contextlib.contextmanager
def audit_source(source: str) -> Iterator[None]:
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def source_for_path(path: str) -> str:
    if path.startswith(("/api/", "/open311/")):
        return "api"
    if path.startswith("/admin/"):
        return "admin"
    return "web"


class AuditSourceMiddleware:
    """Mark writes made while serving a request with the surface they came through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _actor.set(getattr(request, "user", None))
        try:
            with audit_source(source_for_path(request.path)):
                return self.get_response(request)
        finally:
            _actor.reset(token)
