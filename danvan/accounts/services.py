"""Writes on users: creation, passwords, API tokens."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from danvan.accounts.models import User
from danvan.audit.services import audit_record
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
    actor: User | None,
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
