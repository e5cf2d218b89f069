"""Fast settings for the test suite."""

import os

os.environ.setdefault("SECRET_KEY", "danvan-test-key-not-for-production")

from danvan.settings import *  # noqa: F403
from danvan.settings import DATABASES, INSTALLED_APPS

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.scoping"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": None}  # in memory
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
ROOT_URLCONF = "tests.urls"
DANVAN_SMS_BACKEND = "danvan.messaging.backends.InMemorySMSBackend"
# The portal form's places are kept per process; test databases roll back under it, so only
# the portal's tests (which empty the cache around each test) keep them.
PORTAL_PLACES_CACHE_SECONDS = 0
# Never a shared cache in tests (they empty it), whatever CACHE_URL says.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
