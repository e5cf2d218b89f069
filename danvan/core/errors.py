"""Domain errors: what services raise when a request cannot be carried out.

Views and the API turn them into a clear Vietnamese message (API: the error shape of
shared/API.md); they never become a 500.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused the request."""

    code = "domain_error"
    status = 400

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.field = field


class ValidationFailed(DomainError):
    """Input that breaks a rule (a date in the future, an unknown unit, …)."""

    code = "invalid"
    status = 400


class InvalidTransition(DomainError):
    """An action not allowed in the record's current state."""

    code = "invalid_transition"
    status = 409


class PermissionDenied(DomainError):
    """The user can see the record but may not do this to it."""

    code = "permission_denied"
    status = 403


class NotFound(DomainError):
    """The record does not exist, or lies outside the user's scope."""

    code = "not_found"
    status = 404
