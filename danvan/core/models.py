"""Building blocks shared by every app's models."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

# Crockford's base-32 alphabet: no I, L, O, U; easy to read aloud and type.
PUBLIC_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_public_id(length: int = 12) -> str:
    """A random identifier that reveals neither row counts nor creation order."""
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(length))


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, editable=False)

    class Meta:
        abstract = True
