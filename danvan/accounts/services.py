"""Writes on users: creation, passwords, API tokens."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from danvan.accounts.models import User
from danvan.audit.services import audit_record, snapshot
from danvan.core.errors import ValidationFailed
from danvan.core.validation import validate_model


@transaction.atomic
def api_token_get_or_create(*, user: User) -> str:
    """The user's API token, created (and audited) the first time it is asked for."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit_record(actor=user, action="user.api_token_create", target=user)
    return token.key


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    password: str | None,
    email: str = "",
    phone: str = "",
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    validate_model(user, exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        target=user,
        after={"username": username, "full_name": full_name, "is_superuser": is_superuser},
    )
    return user


USER_FIELDS = ("username", "full_name", "email", "phone", "is_active", "is_staff", "is_superuser")


@transaction.atomic
def user_update(*, actor: Any, user: User, **changes: Any) -> User:
    """Change a user's details or rights (not the password: see `user_set_password`)."""
    unknown = set(changes) - set(USER_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Không thể sửa trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    before = snapshot(user, USER_FIELDS)
    for name, value in changes.items():
        setattr(user, name, value)
    validate_model(user, exclude=["password"])
    after = snapshot(user, USER_FIELDS)
    if after != before:
        user.save(update_fields=list(changes))
        audit_record(actor=actor, action="user.update", target=user, before=before, after=after)
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """Set a new password; the trail records that it changed, never the password."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.set_password", target=user)
    return user
