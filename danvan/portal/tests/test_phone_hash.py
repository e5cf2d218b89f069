"""The phone given with a portal submission is kept as a keyed hash: it matches that phone
only, not without the key, survives a key rotation, and hashes of earlier versions (made by
the password hasher) still match."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from danvan.portal.contact import HMAC_PREFIX, phone_hash, phone_matches

PHONE = "0912345678"


def test_the_hash_matches_its_phone_only(settings) -> None:
    settings.PHONE_HASH_KEY = "khoa-thu-nghiem"
    hashed = phone_hash(PHONE)
    assert hashed.startswith(HMAC_PREFIX)
    assert PHONE not in hashed
    assert hashed == phone_hash(PHONE)  # the same phone, the same key: the same hash
    assert phone_matches(PHONE, hashed)
    assert not phone_matches("0912345679", hashed)
    assert not phone_matches(PHONE, "")
    assert not phone_matches(PHONE, HMAC_PREFIX)


def test_without_the_key_the_hash_cannot_be_checked(settings) -> None:
    settings.PHONE_HASH_KEY = "khoa-thu-nghiem"
    hashed = phone_hash(PHONE)
    settings.PHONE_HASH_KEY = "khoa-khac"
    assert not phone_matches(PHONE, hashed)


def test_a_rotated_key_still_matches_older_hashes(settings) -> None:
    settings.PHONE_HASH_KEY = "khoa-cu"
    old = phone_hash(PHONE)
    settings.PHONE_HASH_KEY = "khoa-moi"
    settings.PHONE_HASH_KEY_FALLBACKS = ["khoa-cu"]
    assert phone_matches(PHONE, old)
    assert phone_hash(PHONE) != old


def test_secret_key_and_its_fallbacks_serve_when_no_phone_key_is_set(settings) -> None:
    settings.PHONE_HASH_KEY = ""
    settings.SECRET_KEY = "bi-mat-cu-" + "x" * 40
    old = phone_hash(PHONE)
    settings.SECRET_KEY = "bi-mat-moi-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = ["bi-mat-cu-" + "x" * 40]
    assert phone_matches(PHONE, old)


def test_hashes_made_by_the_password_hasher_still_match() -> None:
    legacy = make_password(PHONE)
    assert phone_matches(PHONE, legacy)
    assert not phone_matches("0987654321", legacy)
