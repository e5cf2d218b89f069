"""Model validation as a domain error: the first problem, with its field, in Vietnamese."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models

from danvan.core.errors import ValidationFailed


def as_validation_failed(error: ValidationError) -> ValidationFailed:
    """The first message of a Django ValidationError as a domain error."""
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        message = next(iter(ValidationError(errors).messages))
        return ValidationFailed(message, field=None if field == "__all__" else field)
    return ValidationFailed(next(iter(error.messages)))


def validate_model(
    instance: models.Model, *, exclude: Iterable[str] = (), validate_unique: bool = True
) -> None:
    """`full_clean()` the instance, raising ValidationFailed instead of ValidationError."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=validate_unique)
    except ValidationError as error:
        raise as_validation_failed(error) from error
