"""How citizens write their phone number and tracking code, and how the phone given with a
portal submission is kept as a keyed one-way hash for following a case (ADR 0011)."""

from __future__ import annotations

import hmac
import re

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.utils.crypto import salted_hmac

from danvan.core.models import PUBLIC_ID_ALPHABET

VIETNAMESE_PHONE = re.compile(r"^0[1-9][0-9]{8,9}$")
# Crockford base 32: letters people confuse with digits are read as those digits.
_CROCKFORD = str.maketrans({"O": "0", "I": "1", "L": "1"})
TRACKING_LENGTH = 12
HMAC_PREFIX = "hmac_sha256$"
_KEY_SALT = "danvan.portal.contact.phone"


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


def _keys() -> list[str]:
    """The key the hash is made with, then the previous ones (after a rotation)."""
    key = getattr(settings, "PHONE_HASH_KEY", "")
    if key:
        return [key, *getattr(settings, "PHONE_HASH_KEY_FALLBACKS", [])]
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def _digest(normalized: str, key: str) -> str:
    return salted_hmac(_KEY_SALT, normalized, secret=key, algorithm="sha256").hexdigest()


def phone_hash(normalized: str) -> str:
    """A keyed HMAC-SHA256 of the normalised phone: without the key (never stored in the
    database) it cannot be tested against candidate numbers."""
    return HMAC_PREFIX + _digest(normalized, _keys()[0])


def phone_matches(normalized: str, hashed: str) -> bool:
    """True when `hashed` was made from this phone: keyed hashes with the current or a
    previous key, and hashes of earlier versions made by the password hasher."""
    if not hashed:
        return False
    if hashed.startswith(HMAC_PREFIX):
        digest = hashed[len(HMAC_PREFIX) :]
        return any(hmac.compare_digest(digest, _digest(normalized, key)) for key in _keys())
    return check_password(normalized, hashed)


def burn_time(normalized: str) -> None:
    """Spend what a real check costs, so a wrong code answers like a wrong phone."""
    phone_matches(normalized, HMAC_PREFIX)
