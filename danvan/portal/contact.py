"""How citizens write their phone number and tracking code, and how a phone is kept only as a
one-way hash for following a case."""

from __future__ import annotations

import re

from django.contrib.auth.hashers import check_password, make_password

from danvan.core.models import PUBLIC_ID_ALPHABET

VIETNAMESE_PHONE = re.compile(r"^0[1-9][0-9]{8,9}$")
# Crockford base 32: letters people confuse with digits are read as those digits.
_CROCKFORD = str.maketrans({"O": "0", "I": "1", "L": "1"})
TRACKING_LENGTH = 12


def normalize_phone(value: str | None) -> str:
    """ "+84 912 345 678", "84912345678", "0912.345.678" → "0912345678"; "" when empty."""
    digits = re.sub(r"[^0-9+]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits.replace("+", "")


def is_valid_phone(normalized: str) -> bool:
    return bool(VIETNAMESE_PHONE.match(normalized))


def normalize_tracking_code(value: str | None) -> str:
    """ "abcd efgh jkmn", "ABCD-EFGH-JKMN" → "ABCD-EFGH-JKMN"; "" when it cannot be a code."""
    raw = re.sub(r"[^0-9A-Za-z]", "", value or "").upper().translate(_CROCKFORD)
    if len(raw) != TRACKING_LENGTH or any(ch not in PUBLIC_ID_ALPHABET for ch in raw):
        return ""
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def phone_hash(normalized: str) -> str:
    """A salted, slow one-way hash (the project's password hasher)."""
    return make_password(normalized)


def phone_matches(normalized: str, hashed: str) -> bool:
    return bool(hashed) and check_password(normalized, hashed)


def burn_time(normalized: str) -> None:
    """Spend what a real check costs, so a wrong code answers as slowly as a wrong phone."""
    make_password(normalized)
